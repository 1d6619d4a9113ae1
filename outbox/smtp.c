/* SPDX-License-Identifier: ISC */
/*
 * smtp.c - handing composed messages to the configured SMTP server: an
 * SMTP client of our own on non-blocking sockets, driven by poll() from
 * smtp_pump on the caller's thread (no other thread ever runs: the
 * outbox's SQLite connection stays the courier's alone).
 *
 * Why not libcurl: it sends MAIL, RCPT, DATA, the body and the dot each in
 * its own write and waits for each reply (5 sendto, ~4 recvfrom and ~9
 * poll per mail: on loopback every send also runs the receiver's TCP work
 * in our context), and 7.88 blocks inside curl_multi_perform for the reply
 * to the final dot.  With PIPELINING (RFC 2920) a mail costs about one
 * write and one read: MAIL FROM, RCPT TO and DATA go as one group; once
 * their three replies are read the body and the dot go, followed in the
 * same write by the next mail's MAIL, RCPT and DATA (a message's content
 * and dot may begin a group).  A server that does not offer PIPELINING
 * gets one command at a time.  After a transaction refused before its body
 * (MAIL accepted, RCPT or DATA refused) an RSET goes first: Postfix
 * refuses a nested MAIL.
 *
 * Connections: up to [smtp] connections carry a run at once (one for a
 * short queue, one more for every SMTP_MAILS_PER_CONNECTION mails waiting
 * or in flight); each carries at most two mails at a time (one waiting for
 * the reply to its dot, the next one's envelope behind it).  An idle
 * connection is kept across runs for IDLE_MAX seconds and closed when the
 * server closes it or says anything while idle.  A relay may allow fewer
 * clients than configured (smtp-sink -m, a connection limit: the extra
 * connection is refused, gets no greeting, or a 421): when a connection
 * fails before its first MAIL FROM went out while another may still work,
 * its mail is handed to another connection (it was never sent), the
 * connection is given up for the run, and when another connection has
 * delivered in this run the number that worked becomes the limit for
 * CAP_SECONDS, so a stalled connection costs one timeout, not one per
 * run.  A failure after MAIL FROM went out is that mail's own outcome.
 * After any failure the connection is closed: the next mail starts on a
 * new one, whatever state the server was left in.
 *
 * Transport security follows the URL:
 *   smtps://host:465  implicit TLS;
 *   smtp://host:port  plain, for a relay on the same host or network;
 *                     but when a user is configured STARTTLS is required,
 *                     so a password never travels in clear.  Without a
 *                     user no STARTTLS is attempted (as with libcurl
 *                     before: Debian's Postfix offers STARTTLS with a
 *                     self-signed certificate on loopback, which
 *                     verification would refuse).
 * TLS is GnuTLS; the server certificate chain and name are verified by
 * common/tlsverify.c, as for IMAP, whenever TLS is used (tls_ca_file adds
 * trust anchors; tls_verify = no exists for tests only).  Login is AUTH
 * PLAIN, or LOGIN when the server does not offer PLAIN, always after TLS.
 *
 * Errors are translated here, at the module boundary, into what the outbox
 * needs to know: SMTP_PERMFAIL when the server refused this message with a
 * 5xx reply (to MAIL, RCPT, DATA or the final dot), SMTP_TEMPFAIL for
 * everything else (4xx, no answer, refused connection, timeout, a 5xx
 * greeting, TLS or login trouble), so that a broken server or a wrong
 * password delays mail but never throws it away.  When a connection fails
 * with mail in flight, the mail whose dot was not answered is TEMPFAIL
 * (the server may or may not have it: at least once), as is the mail
 * whose envelope was behind it.
 *
 * Replies are read into a fixed buffer: a reply line longer than LINE_MAX
 * ends the connection (an error, never an overflow).  Bytes that follow
 * STARTTLS's 220 in clear end it too: nothing said outside TLS may be
 * taken as said inside (command injection).  Replies out of step with
 * the commands (a 2xx to DATA, a 2xx to a dot not yet written) end the
 * connection: a mail counts as sent only when its written dot was
 * accepted.  Envelope addresses
 * pass mailaddr_ok before they are written (no CR, LF, "<" or ">" can
 * reach a command); the body is dot-stuffed.
 *
 * Time: timeout_seconds bounds the whole transaction of one message (from
 * the moment a connection takes it, connecting included), however the
 * server stalls; a stop request (the daemon's SIGTERM flag, smtp_set_stop)
 * aborts the transactions in progress at the next smtp_pump (which waits
 * at most a second) and starts no new one.  Host names are resolved with
 * getaddrinfo, which blocks: the relay is normally a literal address or a
 * name in /etc/hosts.
 */
#include "outbox/smtp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gnutls/gnutls.h>

#include "common/log.h"
#include "common/mailaddr.h"
#include "common/tlsverify.h"
#include "common/util.h"

#define REPLY_MAX	200	/* how much of a server line we keep */
#define LINE_MAX_	1000	/* longest reply line accepted (RFC 5321:
				   512; some servers say more) */
#define IN_MAX		4096	/* bytes read ahead from the server */
#define OUT_KEEP	65536	/* larger write buffers are freed once sent */
#define IDLE_MAX	30	/* seconds an unused connection is kept */
#define CONN_MAX	8	/* the most [smtp] connections allows */
#define SLOTS		2	/* mails in flight on one connection */
#define CAP_SECONDS	300	/* how long a relay's learned limit holds */
#define PROBE_TIMEOUT	10	/* seconds smtp_probe waits at most */
#define WAIT_MAX	1000	/* longest poll: a stop is seen within it */
#define QUIT_WAIT_MS	500	/* how long goodbyes wait for the server's */

/* Where a connection is in its life. */
enum cstate {
	C_CLOSED,
	C_CONNECTING,		/* non-blocking connect in progress */
	C_HANDSHAKE,		/* TLS handshake (smtps or after STARTTLS) */
	C_GREETING,
	C_EHLO,
	C_HELO,			/* EHLO refused: an old server */
	C_STARTTLS,
	C_AUTH,			/* AUTH PLAIN, or the last step of LOGIN */
	C_AUTH_USER,		/* AUTH LOGIN: 334 asks for the user */
	C_AUTH_PASS,		/* AUTH LOGIN: 334 asks for the password */
	C_READY,		/* mail may go */
	C_NOOP,			/* smtp_probe's last step */
	C_PROBED,		/* smtp_probe: the relay answered NOOP */
};

/* The steps of one mail whose replies are awaited, in order. */
enum step { ST_MAIL, ST_RCPT, ST_DATA, ST_DOT };

/* One mail on a connection. */
struct slot {
	struct smtp_job *job;
	int sent;		/* envelope commands written (0..3) */
	int answered;		/* envelope replies read (0..3) */
	int body_sent;		/* the body (or a lone dot) and dot went */
	int mail_ok;		/* MAIL FROM was accepted: RSET after a
				   refusal */
	int fail_code;		/* first refusal in this transaction */
	int64_t deadline;	/* monotonic ms */
	int delivered_before;	/* the run's deliveries when it started */
	size_t dot_end;		/* out_queued once its final dot was */
};

struct smtp;

struct conn {
	struct smtp *s;
	int fd;			/* -1 when closed */
	gnutls_session_t tls;	/* NULL while plain */
	gnutls_certificate_credentials_t cred;
	enum cstate state;
	int usable;		/* 0: given up for the rest of this run */
	int64_t idle_since;	/* monotonic ms: ready with no mail */
	int64_t setup_deadline;	/* connecting with no mail (the probe) */

	/* What the server offered in its EHLO reply. */
	int pipelining, starttls, auth_plain, auth_login;
	int tls_again;		/* gnutls_record_send returned EAGAIN */
	int greeted;		/* the server's 220 came */
	int reused;		/* idle, given mail, and nothing heard since:
				   if it turns out dead, the mail never
				   left */

	struct slot slot[SLOTS];
	int nslots;
	int rset_pending;	/* RSET replies due before slot[0]'s */

	char *out;		/* what waits to be written */
	size_t outlen, outoff, outcap;
	/* Bytes queued and written since connecting: a reply to the final
	   dot that comes before the dot went out answers something else. */
	size_t out_queued, out_written;
	char in[IN_MAX];
	size_t inlen;

	/* The reply being read: first line's code, last line kept. */
	int rcode;
	char rtext[REPLY_MAX + 1];
	char err[600];		/* why the connection failed */
};

/* The mail of one delivery run: jobs waiting for a connection, oldest
   first (a ring), and what the connections learned of the relay. */
struct stream {
	struct smtp_job *queue[SMTP_QUEUE_MAX];
	size_t head, count;
	char *from;		/* envelope sender, checked */
	int from_ok;		/* the envelope sender passed mailaddr_ok */
	int width;		/* connections in use: s->conn[0 .. width) */
	int in_flight;
	int delivered;		/* mails sent in this run: the relay works */
	int down;		/* unreachable from every connection */
	int finished;		/* jobs done so far */
};

struct smtp {
	const struct config *cfg;
	struct stream stream;
	char host[256];		/* from the URL, without brackets */
	char port[8];
	int implicit_tls;	/* smtps:// */
	int has_user;
	char helo[256];		/* the name we give in EHLO */
	struct conn conn[CONN_MAX];
	int cap;		/* connections the relay allowed; 0: no limit */
	int64_t cap_until;	/* monotonic ms when cap is forgotten */
	volatile sig_atomic_t *stop;	/* nonzero: abort, we are stopping */
};

static int conn_feed(struct conn *cn);

/* ---- the URL ---- */

/* host and port of smtp[s]://[userinfo@]host[:port][/...]; config.c
   checked the scheme and that a host is named. */
static int
parse_url(struct smtp *s, const char *url)
{
	const char *p = strstr(url, "://"), *end, *at, *colon = NULL;
	size_t hl;

	if (p == NULL)
		return -1;
	s->implicit_tls = ascii_has_prefix_case(url, "smtps://");
	p += 3;
	end = p + strcspn(p, "/?#");
	at = memchr(p, '@', (size_t)(end - p));
	if (at != NULL)
		p = at + 1;
	if (*p == '[') {
		const char *rb = memchr(p, ']', (size_t)(end - p));

		if (rb == NULL)
			return -1;
		hl = (size_t)(rb - p - 1);
		p++;
		if (rb + 1 < end && rb[1] == ':')
			colon = rb + 1;
	} else {
		colon = memchr(p, ':', (size_t)(end - p));
		hl = (size_t)((colon != NULL ? colon : end) - p);
	}
	if (hl == 0 || hl >= sizeof(s->host))
		return -1;
	memcpy(s->host, p, hl);
	s->host[hl] = '\0';
	if (colon != NULL && end - colon - 1 > 0 &&
	    (size_t)(end - colon - 1) < sizeof(s->port)) {
		memcpy(s->port, colon + 1, (size_t)(end - colon - 1));
		s->port[end - colon - 1] = '\0';
	} else
		snprintf(s->port, sizeof(s->port), "%s",
		    s->implicit_tls ? "465" : "25");
	return 0;
}

/* The domain of the sender address, a name the relay can read in EHLO. */
static void
set_helo(struct smtp *s, const char *address)
{
	const char *at = address != NULL ? strrchr(address, '@') : NULL;

	if (at != NULL && address != NULL && mailaddr_ok(address))
		snprintf(s->helo, sizeof(s->helo), "%s", at + 1);
	else
		snprintf(s->helo, sizeof(s->helo), "localhost");
}

/* ---- output ---- */

/* Room for n more bytes at the end of what waits to be written. */
static void
out_reserve(struct conn *cn, size_t n)
{
	if (cn->outoff == cn->outlen)
		cn->outoff = cn->outlen = 0;
	if (cn->outlen + n > cn->outcap) {
		size_t cap = cn->outcap ? cn->outcap : 4096;

		while (cap < cn->outlen + n)
			cap *= 2;
		cn->out = xrealloc(cn->out, cap);
		cn->outcap = cap;
	}
}

static void
out_append(struct conn *cn, const char *p, size_t n)
{
	out_reserve(cn, n);
	memcpy(cn->out + cn->outlen, p, n);
	cn->outlen += n;
	cn->out_queued += n;
}

static void
out_printf(struct conn *cn, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
out_printf(struct conn *cn, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	out_reserve(cn, (size_t)n + 1);
	va_start(ap, fmt);
	(void)vsnprintf(cn->out + cn->outlen, (size_t)n + 1, fmt, ap);
	va_end(ap);
	cn->outlen += (size_t)n;
	cn->out_queued += (size_t)n;
}

/*
 * The body, dot-stuffed: a line that begins with "." gets another one
 * (after CRLF and, should one slip in, after a bare LF too), then the
 * final dot on a line of its own.
 */
static void
out_body(struct conn *cn, const char *raw, size_t len)
{
	size_t start = 0;

	for (size_t i = 0; i < len; i++) {
		if (raw[i] == '.' && (i == 0 || raw[i - 1] == '\n')) {
			out_append(cn, raw + start, i - start);
			out_append(cn, ".", 1);
			start = i;
		}
	}
	out_append(cn, raw + start, len - start);
	if (len < 2 || raw[len - 2] != '\r' || raw[len - 1] != '\n')
		out_append(cn, "\r\n", 2);
	out_append(cn, ".\r\n", 3);
}

/* ---- connections: bytes ---- */

static void
conn_close(struct conn *cn)
{
	if (cn->tls != NULL) {
		gnutls_deinit(cn->tls);
		cn->tls = NULL;
	}
	if (cn->cred != NULL) {
		gnutls_certificate_free_credentials(cn->cred);
		cn->cred = NULL;
	}
	if (cn->fd >= 0)
		close(cn->fd);
	cn->fd = -1;
	cn->state = C_CLOSED;
	cn->outlen = cn->outoff = 0;
	cn->out_queued = cn->out_written = 0;
	cn->inlen = 0;
	cn->rcode = 0;
	cn->rset_pending = 0;
	cn->tls_again = 0;
	cn->greeted = 0;
	cn->reused = 0;
	cn->pipelining = cn->starttls = 0;
	cn->auth_plain = cn->auth_login = 0;
}


/* What a send or receive of n bytes means: 1 go on, 0 it would block,
   -1 an error (cn->err says what failed). */
static int
io_result(struct conn *cn, ssize_t n, const char *what)
{
	if (cn->tls != NULL) {
		if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
			return 0;
		if (n < 0) {
			snprintf(cn->err, sizeof(cn->err), "TLS %s failed: %s",
			    what, gnutls_strerror((int)n));
			return -1;
		}
		return 1;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n < 0) {
		snprintf(cn->err, sizeof(cn->err), "%s failed: %s", what,
		    strerror(errno));
		return -1;
	}
	return 1;
}

/* Write what waits, as far as the socket takes it.  -1 on an error. */
static int
conn_flush(struct conn *cn)
{
	while (cn->outoff < cn->outlen) {
		const char *p = cn->out + cn->outoff;
		size_t len = cn->outlen - cn->outoff;
		ssize_t n;
		int r;

		/* GnuTLS resumes a record it could not finish by itself. */
		if (cn->tls != NULL)
			n = cn->tls_again ? gnutls_record_send(cn->tls, NULL, 0) :
			    gnutls_record_send(cn->tls, p, len);
		else
			n = send(cn->fd, p, len, MSG_NOSIGNAL);
		r = io_result(cn, n, "send");
		cn->tls_again = cn->tls != NULL && r == 0;
		if (r <= 0)
			return r;
		cn->outoff += (size_t)n;
		cn->out_written += (size_t)n;
	}
	cn->outoff = cn->outlen = 0;
	/* A large message's buffer is not kept for the daemon's life. */
	if (cn->outcap > OUT_KEEP) {
		free(cn->out);
		cn->out = NULL;
		cn->outcap = 0;
	}
	return 0;
}

/* Read what the server sent into cn->in.  1: read something; 0: nothing
   yet; -1: closed or an error (cn->err says which). */
static int
conn_read(struct conn *cn)
{
	char *p = cn->in + cn->inlen;
	size_t room = sizeof(cn->in) - cn->inlen;
	ssize_t n;
	int r;

	if (room == 0) {
		snprintf(cn->err, sizeof(cn->err), "the server sent a line "
		    "longer than %d bytes", LINE_MAX_);
		return -1;
	}
	n = cn->tls != NULL ? gnutls_record_recv(cn->tls, p, room) :
	    recv(cn->fd, p, room, 0);
	if ((r = io_result(cn, n, "receive")) <= 0)
		return r;
	if (n == 0) {
		snprintf(cn->err, sizeof(cn->err), "the server closed the "
		    "connection");
		return -1;
	}
	cn->inlen += (size_t)n;
	return 1;
}

/*
 * After QUIT: read until the server's 221 (what came before it, an RSET's
 * answer say, is skipped), the server closes, or the deadline (monotonic
 * ms).  A socket closed with replies unread is reset rather than closed,
 * and the server sees an error where there was a goodbye.
 */
static void
wait_goodbye(struct conn *cn, int64_t deadline)
{
	for (;;) {
		struct pollfd pfd = { cn->fd, POLLIN, 0 };
		int64_t left = deadline - monotonic_ms();
		char *nl;

		if (!(cn->tls != NULL && gnutls_record_check_pending(cn->tls)) &&
		    (left <= 0 || poll(&pfd, 1, (int)left) <= 0))
			return;
		if (conn_read(cn) < 0)
			return;
		while ((nl = memchr(cn->in, '\n', cn->inlen)) != NULL) {
			size_t n = (size_t)(nl - cn->in) + 1;

			if (n >= 4 && memcmp(cn->in, "221 ", 4) == 0)
				return;
			memmove(cn->in, cn->in + n, cn->inlen - n);
			cn->inlen -= n;
		}
	}
}

/* Say QUIT, wait for the goodbye until deadline, and close. */
static void
conn_quit(struct conn *cn, int64_t deadline)
{
	if (cn->state == C_READY && cn->outoff == cn->outlen) {
		out_append(cn, "QUIT\r\n", 6);
		if (conn_flush(cn) == 0 && cn->outoff == cn->outlen)
			wait_goodbye(cn, deadline);
	}
	conn_close(cn);
}

/* ---- the run's bookkeeping ---- */

static struct smtp_job *
next_job(struct stream *g)
{
	struct smtp_job *j;

	if (g->count == 0)
		return NULL;
	j = g->queue[g->head];
	g->head = (g->head + 1) % SMTP_QUEUE_MAX;
	g->count--;
	return j;
}

/* Put j back at the head of the queue: it goes next. */
static void
requeue_job(struct stream *g, struct smtp_job *j)
{
	g->head = (g->head + SMTP_QUEUE_MAX - 1) % SMTP_QUEUE_MAX;
	g->queue[g->head] = j;
	g->count++;
}

/* j's outcome is final: the caller may record it. */
static void
job_done(struct stream *g, struct smtp_job *j)
{
	j->done = 1;
	g->finished++;
}

/* Whether a connection of the stream other than cn may still carry
   mail. */
static int
other_usable(const struct smtp *s, const struct stream *g,
    const struct conn *cn)
{
	for (int i = 0; i < g->width; i++)
		if (&s->conn[i] != cn && s->conn[i].usable)
			return 1;
	return 0;
}

/*
 * The relay would not open cn for us (no MAIL FROM went out) while another
 * connection may still work: the mail was never sent, so another
 * connection takes it and cn is given up for this run.  When another
 * connection has delivered, the relay works but allows fewer clients:
 * remember that for a while.
 */
static void
hand_over(struct smtp *s, struct stream *g, struct conn *cn,
    struct smtp_job *j)
{
	int left = 0;

	cn->usable = 0;
	if (g->delivered > 0) {
		for (int i = 0; i < g->width; i++)
			left += s->conn[i].usable;
		s->cap = left > 0 ? left : 1;
		s->cap_until = monotonic_ms() + (int64_t)CAP_SECONDS * 1000;
		log_warn("smtp: the relay did not serve a connection (%s): "
		    "%d connection%s for %d s", cn->err, s->cap,
		    s->cap == 1 ? "" : "s", CAP_SECONDS);
	}
	j->tried = 0;
	requeue_job(g, j);
}

/* Drop slot i of cn (its job is done or handed back). */
static void
slot_drop(struct conn *cn, int i)
{
	cn->s->stream.in_flight--;
	for (int k = i; k + 1 < cn->nslots; k++)
		cn->slot[k] = cn->slot[k + 1];
	cn->nslots--;
	if (cn->nslots == 0)
		cn->idle_since = monotonic_ms();
}

/* The server's words for this mail: "what: code text". */
static void
job_said(struct smtp_job *j, const char *what, const struct conn *cn)
{
	snprintf(j->err, j->errlen, "%s (server said: %s)", what, cn->rtext);
}

/* Slot 0's mail got an answer about itself: sent, or refused with code. */
static void
slot_finish(struct conn *cn, int code)
{
	struct stream *g = &cn->s->stream;
	struct smtp_job *j = cn->slot[0].job;

	j->unreachable = 0;
	if (code / 100 == 2) {
		j->status = SMTP_SENT;
		g->delivered++;
	} else
		j->status = code / 100 == 5 ? SMTP_PERMFAIL : SMTP_TEMPFAIL;
	job_done(g, j);
	slot_drop(cn, 0);
}

/*
 * The connection failed (cn->err says why): every mail on it is done
 * with a temporary failure, except one whose MAIL FROM never went out,
 * which another connection may take (see hand_over).  Then closed.
 */
static void
conn_fail(struct conn *cn)
{
	struct smtp *s = cn->s;
	struct stream *g = &s->stream;

	while (cn->nslots > 0) {
		struct slot *sl = &cn->slot[0];
		struct smtp_job *j = sl->job;

		j->status = SMTP_TEMPFAIL;
		j->unreachable = 1;
		snprintf(j->err, j->errlen, "%s", cn->err);
		if (smtp_stopped(s))
			g->down = 1;
		else if (cn->reused && !sl->body_sent) {
			/* The server closed an idle connection before we
			   wrote into it: a new one takes the mail. */
			j->tried = 0;
			requeue_job(g, j);
			slot_drop(cn, 0);
			continue;
		} else if (sl->sent == 0 && other_usable(s, g, cn)) {
			hand_over(s, g, cn, j);
			slot_drop(cn, 0);
			continue;
		} else if (g->delivered > sl->delivered_before)
			j->unreachable = 0;
		else
			g->down = 1;
		job_done(g, j);
		slot_drop(cn, 0);
	}
	conn_close(cn);
}

/* ---- connections: the session ---- */

static void
sanitize_line(char *dst, const char *src, size_t n)
{
	if (n > REPLY_MAX)
		n = REPLY_MAX;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)src[i];
		dst[i] = (ch < 0x20 || ch >= 0x7f) ? '?' : (char)ch;
	}
	dst[n] = '\0';
}

/* Whether the n bytes at p are word, in any case. */
static int
word_is(const char *p, size_t n, const char *word)
{
	return n == strlen(word) && strncasecmp(p, word, n) == 0;
}

/* An EHLO line (its n bytes after the code): what the server offers.
   The whole line is read: a long AUTH list may name PLAIN last. */
static void
note_extension(struct conn *cn, const char *kw, size_t n)
{
	size_t w = 0;

	while (w < n && kw[w] != ' ' && kw[w] != '=')
		w++;
	if (word_is(kw, w, "PIPELINING"))
		cn->pipelining = 1;
	else if (word_is(kw, w, "STARTTLS"))
		cn->starttls = 1;
	else if (word_is(kw, w, "AUTH")) {
		/* "AUTH PLAIN LOGIN" (or "AUTH=PLAIN LOGIN"): whole words. */
		for (size_t i = w + 1; i < n; i += w + 1) {
			for (w = 0; i + w < n && kw[i + w] != ' '; w++)
				;
			if (word_is(kw + i, w, "PLAIN"))
				cn->auth_plain = 1;
			if (word_is(kw + i, w, "LOGIN"))
				cn->auth_login = 1;
		}
	}
}

static int
start_tls(struct conn *cn)
{
	struct smtp *s = cn->s;
	unsigned char addr[sizeof(struct in6_addr)];
	int r;

	if ((r = gnutls_certificate_allocate_credentials(&cn->cred)) < 0 ||
	    (r = gnutls_init(&cn->tls, GNUTLS_CLIENT | GNUTLS_NONBLOCK)) < 0 ||
	    (r = gnutls_set_default_priority(cn->tls)) < 0 ||
	    (r = gnutls_credentials_set(cn->tls, GNUTLS_CRD_CERTIFICATE,
	    cn->cred)) < 0) {
		snprintf(cn->err, sizeof(cn->err), "cannot set up TLS: %s",
		    gnutls_strerror(r));
		return -1;
	}
	/* SNI for a name, never for an address literal. */
	if (inet_pton(AF_INET, s->host, addr) != 1 &&
	    inet_pton(AF_INET6, s->host, addr) != 1)
		(void)gnutls_server_name_set(cn->tls, GNUTLS_NAME_DNS,
		    s->host, strlen(s->host));
	gnutls_transport_set_int(cn->tls, cn->fd);
	cn->state = C_HANDSHAKE;
	return 0;
}

/* After the handshake: is this the server we meant? */
static int
verify_peer(struct conn *cn)
{
	const struct config *cfg = cn->s->cfg;
	struct tlsverify_cert certs[TLSVERIFY_MAX_CHAIN];
	const gnutls_datum_t *list;
	unsigned int n = 0;
	char why[400];

	if (!cfg->tls_verify)
		return 0;
	list = gnutls_certificate_get_peers(cn->tls, &n);
	if (list == NULL)
		n = 0;
	if (n > TLSVERIFY_MAX_CHAIN)
		n = TLSVERIFY_MAX_CHAIN + 1;
	for (unsigned int i = 0; i < n && i < TLSVERIFY_MAX_CHAIN; i++) {
		certs[i].der = list[i].data;
		certs[i].len = list[i].size;
	}
	if (tlsverify_chain(certs, n, cn->s->host, cfg->tls_ca_file, why,
	    sizeof(why)) == 0)
		return 0;
	snprintf(cn->err, sizeof(cn->err), "TLS: %s", why);
	return -1;
}

static int
handshake(struct conn *cn)
{
	int r = gnutls_handshake(cn->tls);

	if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED)
		return 0;
	if (r < 0) {
		snprintf(cn->err, sizeof(cn->err), "TLS handshake failed: %s",
		    gnutls_strerror(r));
		return -1;
	}
	if (verify_peer(cn) != 0)
		return -1;
	if (!cn->greeted) {
		/* smtps: the greeting comes over TLS. */
		cn->state = C_GREETING;
		return 0;
	}
	/* After STARTTLS: forget what was offered in clear, ask again. */
	cn->pipelining = cn->starttls = 0;
	cn->auth_plain = cn->auth_login = 0;
	out_printf(cn, "EHLO %s\r\n", cn->s->helo);
	cn->state = C_EHLO;
	return 0;
}

/*
 * Secret bytes in base64 and CRLF, the encoding wiped once queued: the
 * rest of an AUTH PLAIN command, or one line of AUTH LOGIN.  Nothing, or
 * bytes that cannot be encoded, go as "=", which the server refuses
 * (TEMPFAIL).
 */
static void
out_b64_line(struct conn *cn, const void *data, size_t len)
{
	gnutls_datum_t in, b64 = { NULL, 0 };

	in.data = (unsigned char *)data;
	in.size = (unsigned int)len;
	if (len > 0 && len <= UINT_MAX &&
	    gnutls_base64_encode2(&in, &b64) == 0) {
		out_append(cn, (const char *)b64.data, b64.size);
		explicit_bzero(b64.data, b64.size);
		gnutls_free(b64.data);
	} else
		out_append(cn, "=", 1);
	out_append(cn, "\r\n", 2);
}

static void
send_auth(struct conn *cn)
{
	const struct config *cfg = cn->s->cfg;
	const char *user = cfg->smtp_user, *pass = cfg->smtp_password ?
	    cfg->smtp_password : "";
	size_t ul = strlen(user), pl = strlen(pass);
	char *plain;

	if (!cn->auth_plain) {
		out_printf(cn, "AUTH LOGIN\r\n");
		cn->state = C_AUTH_USER;
		return;
	}
	plain = xmalloc(ul + pl + 2);
	plain[0] = '\0';
	memcpy(plain + 1, user, ul);
	plain[ul + 1] = '\0';
	memcpy(plain + ul + 2, pass, pl);
	out_append(cn, "AUTH PLAIN ", 11);
	out_b64_line(cn, plain, ul + pl + 2);
	explicit_bzero(plain, ul + pl + 2);
	free(plain);
	cn->state = C_AUTH;
}

/* EHLO (or HELO) answered: TLS, login, or ready for mail. */
static int
after_hello(struct conn *cn)
{
	struct smtp *s = cn->s;

	if (s->has_user && cn->tls == NULL) {
		if (!cn->starttls) {
			snprintf(cn->err, sizeof(cn->err), "the server does "
			    "not offer STARTTLS, and a password is never "
			    "sent in clear (use smtps:// or a server with "
			    "STARTTLS)");
			return -1;
		}
		out_printf(cn, "STARTTLS\r\n");
		cn->state = C_STARTTLS;
		return 0;
	}
	if (s->has_user) {
		if (!cn->auth_plain && !cn->auth_login) {
			snprintf(cn->err, sizeof(cn->err), "the server offers "
			    "neither AUTH PLAIN nor AUTH LOGIN");
			return -1;
		}
		send_auth(cn);
		return 0;
	}
	cn->state = C_READY;
	cn->idle_since = monotonic_ms();
	return 0;
}

/* A refusal during setup: the server's words in cn->err. */
static int
setup_refused(struct conn *cn, const char *what)
{
	snprintf(cn->err, sizeof(cn->err), "%s refused (server said: %s)",
	    what, cn->rtext);
	return -1;
}

/* A whole reply during setup.  -1: the connection failed. */
static int
setup_reply(struct conn *cn, int code)
{
	struct smtp *s = cn->s;

	switch (cn->state) {
	case C_GREETING:
		if (code != 220)
			return setup_refused(cn, "connection");
		cn->greeted = 1;
		out_printf(cn, "EHLO %s\r\n", s->helo);
		cn->state = C_EHLO;
		return 0;
	case C_EHLO:
		if (code == 421)
			return setup_refused(cn, "EHLO");
		if (code / 100 != 2) {
			/* An old server: HELO, and none of ESMTP. */
			cn->pipelining = cn->starttls = 0;
			cn->auth_plain = cn->auth_login = 0;
			out_printf(cn, "HELO %s\r\n", s->helo);
			cn->state = C_HELO;
			return 0;
		}
		return after_hello(cn);
	case C_HELO:
		if (code / 100 != 2)
			return setup_refused(cn, "HELO");
		return after_hello(cn);
	case C_STARTTLS:
		if (code != 220)
			return setup_refused(cn, "STARTTLS");
		return start_tls(cn);
	case C_AUTH_USER:
		if (code != 334)
			return setup_refused(cn, "AUTH LOGIN");
		out_b64_line(cn, s->cfg->smtp_user,
		    strlen(s->cfg->smtp_user));
		cn->state = C_AUTH_PASS;
		return 0;
	case C_AUTH_PASS:
		if (code != 334)
			return setup_refused(cn, "AUTH LOGIN");
		out_b64_line(cn, s->cfg->smtp_password,
		    s->cfg->smtp_password ? strlen(s->cfg->smtp_password) : 0);
		cn->state = C_AUTH;
		return 0;
	case C_AUTH:
		/* The login went out and was answered: forget its bytes. */
		if (cn->out != NULL)
			explicit_bzero(cn->out, cn->outcap);
		if (code != 235)
			return setup_refused(cn, "login (AUTH)");
		cn->state = C_READY;
		cn->idle_since = monotonic_ms();
		return 0;
	case C_NOOP:
		if (code / 100 != 2)
			return setup_refused(cn, "NOOP");
		cn->state = C_PROBED;
		return 0;
	default:
		/* Ready and nothing asked: a 421 before closing, say. */
		snprintf(cn->err, sizeof(cn->err), "the server said, "
		    "unasked: %s", cn->rtext);
		return -1;
	}
}

/* ---- mail ---- */

/* Envelope command k (MAIL, RCPT, DATA) of slot sl. */
static void
out_command(struct conn *cn, const struct slot *sl, int k)
{
	if (k == ST_MAIL)
		out_printf(cn, "MAIL FROM:<%s>\r\n", cn->s->stream.from);
	else if (k == ST_RCPT)
		out_printf(cn, "RCPT TO:<%s>\r\n", sl->job->rcpt);
	else
		out_append(cn, "DATA\r\n", 6);
}

/* Write slot sl's envelope (all of it when the server pipelines) once the
   connection is ready and, one command at a time, no RSET is answered. */
static void
write_envelope(struct conn *cn, struct slot *sl)
{
	int n = cn->pipelining ? 3 : 1;

	if (cn->state != C_READY || sl->sent > 0 ||
	    (!cn->pipelining && cn->rset_pending > 0))
		return;
	for (int k = 0; k < n; k++)
		out_command(cn, sl, k);
	sl->sent = n;
}

/* Give job j to cn as its last slot. */
static void
slot_start(struct conn *cn, struct smtp_job *j)
{
	struct stream *g = &cn->s->stream;
	struct slot *sl = &cn->slot[cn->nslots++];

	memset(sl, 0, sizeof(*sl));
	sl->job = j;
	sl->deadline = monotonic_ms() +
	    (int64_t)(cn->s->cfg->smtp_timeout_seconds > 0 ?
	    cn->s->cfg->smtp_timeout_seconds : 60) * 1000;
	sl->delivered_before = g->delivered;
	j->tried = 1;
	g->in_flight++;
	write_envelope(cn, sl);
}

/* Whether cn may take one more mail now. */
static int
may_take(const struct smtp *s, const struct conn *cn)
{
	return cn->usable && !s->stream.down && !smtp_stopped(s) &&
	    s->stream.count > 0;
}

/* A mail refused before its body: done; RSET when MAIL was taken. */
static void
envelope_refused(struct conn *cn)
{
	if (cn->slot[0].mail_ok) {
		out_append(cn, "RSET\r\n", 6);
		cn->rset_pending++;
	}
	slot_finish(cn, cn->slot[0].fail_code);
}

static void
note_refusal(struct conn *cn, struct slot *sl, int code, const char *what)
{
	if (sl->fail_code != 0)
		return;
	sl->fail_code = code;
	job_said(sl->job, what, cn);
}

/* A reply to slot 0's MAIL, RCPT or DATA.  -1: the connection failed. */
static int
envelope_reply(struct conn *cn, int code)
{
	static const char *what[] = { "MAIL FROM refused",
	    "RCPT TO refused", "DATA refused" };
	struct slot *sl = &cn->slot[0];
	int k = sl->answered++;

	if (k == ST_MAIL && code / 100 == 2)
		sl->mail_ok = 1;
	if (k < ST_DATA) {
		if (code / 100 != 2)
			note_refusal(cn, sl, code, what[k]);
		if (cn->pipelining)
			return 0;
		if (sl->fail_code != 0)
			envelope_refused(cn);
		else {
			out_command(cn, sl, k + 1);
			sl->sent++;
		}
		return 0;
	}
	if (code / 100 < 4 && code != 354) {
		/* Not a refusal, not a go-ahead: the replies no longer match
		   the commands (one said twice, say), and no later one can
		   be trusted to say a message was taken. */
		snprintf(cn->err, sizeof(cn->err), "the server answered DATA "
		    "with %d, not 354: its replies are out of step (server "
		    "said: %s)", code, cn->rtext);
		return -1;
	}
	if (code != 354) {
		note_refusal(cn, sl, code, what[k]);
		envelope_refused(cn);
		return 0;
	}
	/* A server that says 354 after refusing the recipient gets a lone
	   dot: the transaction ends empty. */
	if (sl->fail_code == 0)
		out_body(cn, sl->job->raw, sl->job->len);
	else
		out_append(cn, ".\r\n", 3);
	sl->body_sent = 1;
	sl->dot_end = cn->out_queued;
	/* The next mail's envelope rides in the same write. */
	if (cn->pipelining && cn->nslots < SLOTS && may_take(cn->s, cn))
		slot_start(cn, next_job(&cn->s->stream));
	return 0;
}

/* A whole reply while mail may be in flight.  -1: the connection failed. */
static int
mail_reply(struct conn *cn, int code)
{
	struct slot *sl;

	if (code == 221) {
		/* Goodbye, to a QUIT we never sent: not an acceptance of
		   anything, and nothing after it will come. */
		snprintf(cn->err, sizeof(cn->err), "the server ended the "
		    "session unasked (server said: %s)", cn->rtext);
		return -1;
	}
	if (cn->rset_pending > 0) {
		cn->rset_pending--;
		if (code / 100 == 2)
			return 0;
		return setup_refused(cn, "RSET");
	}
	if (cn->nslots == 0)
		return setup_reply(cn, code);
	sl = &cn->slot[0];
	if (code == 421) {
		/* The server ends the session: this mail is deferred by its
		   own answer, any other one on the connection fails with it. */
		note_refusal(cn, sl, code, "the server is closing the "
		    "connection");
		slot_finish(cn, sl->fail_code);
		snprintf(cn->err, sizeof(cn->err), "the server is closing "
		    "the connection (server said: %s)", cn->rtext);
		return -1;
	}
	if (sl->answered < sl->sent)
		return envelope_reply(cn, code);
	else if (sl->body_sent) {
		if (code / 100 == 2 && cn->out_written < sl->dot_end) {
			snprintf(cn->err, sizeof(cn->err), "the server accepted "
			    "a message before its end was sent: its replies "
			    "are out of step (server said: %s)", cn->rtext);
			return -1;
		}
		if (code / 100 != 2)
			note_refusal(cn, sl, code, "message refused after "
			    "the final dot");
		slot_finish(cn, sl->fail_code != 0 ? sl->fail_code : code);
	} else
		return setup_reply(cn, code);
	return 0;
}

/* ---- reading replies ---- */

/*
 * Take whole lines from cn->in: keep the reply's code and last line, and
 * act once a reply is complete.  -1 when the connection failed.
 */
static int
parse_replies(struct conn *cn)
{
	size_t start = 0;
	int rc = 0;

	while (rc == 0) {
		char *nl = memchr(cn->in + start, '\n', cn->inlen - start);
		size_t n;
		int code, last;

		if (nl == NULL)
			break;
		n = (size_t)(nl - (cn->in + start));
		if (n > 0 && cn->in[start + n - 1] == '\r')
			n--;
		if (n > LINE_MAX_) {
			snprintf(cn->err, sizeof(cn->err), "the server sent a "
			    "line longer than %d bytes", LINE_MAX_);
			return -1;
		}
		if (n < 3 || cn->in[start] < '2' ||
		    cn->in[start] > '5' || cn->in[start + 1] < '0' ||
		    cn->in[start + 1] > '9' || cn->in[start + 2] < '0' ||
		    cn->in[start + 2] > '9' || (n > 3 &&
		    cn->in[start + 3] != ' ' && cn->in[start + 3] != '-')) {
			snprintf(cn->err, sizeof(cn->err), "the server's "
			    "reply is not SMTP");
			return -1;
		}
		code = (cn->in[start] - '0') * 100 +
		    (cn->in[start + 1] - '0') * 10 + (cn->in[start + 2] - '0');
		last = n == 3 || cn->in[start + 3] == ' ';
		if (cn->rcode == 0)
			cn->rcode = code;
		else if (code != cn->rcode) {
			snprintf(cn->err, sizeof(cn->err), "the server's "
			    "multi-line reply changes its code");
			return -1;
		}
		sanitize_line(cn->rtext, cn->in + start, n);
		if (cn->state == C_EHLO && n > 4)
			note_extension(cn, cn->in + start + 4, n - 4);
		start = (size_t)(nl - cn->in) + 1;
		if (!last)
			continue;
		code = cn->rcode;
		cn->rcode = 0;
		cn->reused = 0;
		rc = cn->state == C_READY ? mail_reply(cn, code) :
		    setup_reply(cn, code);
		/* Nothing read in clear may be taken as said in TLS
		   (STARTTLS command injection). */
		if (cn->state == C_HANDSHAKE) {
			if (start < cn->inlen) {
				snprintf(cn->err, sizeof(cn->err), "the server "
				    "sent data before the TLS handshake");
				return -1;
			}
			break;
		}
	}
	if (rc != 0)
		return -1;
	memmove(cn->in, cn->in + start, cn->inlen - start);
	cn->inlen -= start;
	if (cn->inlen > LINE_MAX_ + 2) {
		snprintf(cn->err, sizeof(cn->err), "the server sent a line "
		    "longer than %d bytes", LINE_MAX_);
		return -1;
	}
	return 0;
}

/* ---- connecting ---- */

static int
conn_connect(struct conn *cn)
{
	struct smtp *s = cn->s;
	struct addrinfo hints, *res = NULL, *ai;
	int r, fd = -1;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_ADDRCONFIG;
	r = getaddrinfo(s->host, s->port, &hints, &res);
	if (r != 0) {
		snprintf(cn->err, sizeof(cn->err), "cannot resolve %s: %s",
		    s->host, gai_strerror(r));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 ||
		    errno == EINPROGRESS)
			break;
		snprintf(cn->err, sizeof(cn->err), "cannot connect to %s "
		    "port %s: %s", s->host, s->port, strerror(errno));
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0) {
		if (cn->err[0] == '\0')
			snprintf(cn->err, sizeof(cn->err), "cannot connect "
			    "to %s port %s", s->host, s->port);
		return -1;
	}
	/* Our writes are whole groups: no need to wait for more. */
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &(int){1},
	    sizeof(int));
	cn->fd = fd;
	cn->state = C_CONNECTING;
	return 0;
}

/* The non-blocking connect finished (POLLOUT): did it work? */
static int
connected(struct conn *cn)
{
	int e = 0;
	socklen_t len = sizeof(e);

	if (getsockopt(cn->fd, SOL_SOCKET, SO_ERROR, &e, &len) != 0)
		e = errno;
	if (e != 0) {
		snprintf(cn->err, sizeof(cn->err), "cannot connect to %s "
		    "port %s: %s", cn->s->host, cn->s->port, strerror(e));
		return -1;
	}
	if (cn->s->implicit_tls)
		return start_tls(cn);
	cn->state = C_GREETING;
	return 0;
}

/* ---- one turn for one connection ---- */

/*
 * Move cn on after poll said revents: connect, handshake, read and act
 * on replies, start mail, write.  -1 when the connection failed.
 */
static int
conn_step(struct conn *cn, short revents)
{
	if (cn->state == C_CONNECTING) {
		if (!(revents & (POLLOUT | POLLERR | POLLHUP)))
			return 0;
		if (connected(cn) != 0)
			return -1;
	}
	if (cn->state == C_HANDSHAKE) {
		if (handshake(cn) != 0)
			return -1;
		if (cn->state == C_HANDSHAKE)
			return conn_feed(cn);
	}
	if ((revents & (POLLIN | POLLERR | POLLHUP)) ||
	    (cn->tls != NULL && gnutls_record_check_pending(cn->tls) > 0)) {
		int r = conn_read(cn);

		if (r < 0 || (r > 0 && parse_replies(cn) != 0))
			return -1;
		/* STARTTLS answered: the handshake starts at once. */
		if (cn->state == C_HANDSHAKE)
			return conn_step(cn, 0);
	}
	return conn_feed(cn);
}

/* Start waiting mail on a ready connection, and write. */
static int
conn_feed(struct conn *cn)
{
	struct smtp *s = cn->s;

	if (cn->state == C_READY && cn->nslots == 0 && may_take(s, cn))
		slot_start(cn, next_job(&s->stream));
	if (cn->nslots > 0)
		write_envelope(cn, &cn->slot[0]);
	return conn_flush(cn);
}

/* The poll events cn waits for. */
static short
conn_events(const struct conn *cn)
{
	if (cn->state == C_CONNECTING)
		return POLLOUT;
	if (cn->state == C_HANDSHAKE)
		return gnutls_record_get_direction(cn->tls) ? POLLOUT : POLLIN;
	return (short)(POLLIN | (cn->outoff < cn->outlen ? POLLOUT : 0));
}

/* The earliest deadline of cn's mail (or its setup), or INT64_MAX. */
static int64_t
conn_deadline(const struct conn *cn)
{
	int64_t d = cn->nslots > 0 ? cn->slot[0].deadline : INT64_MAX;

	for (int i = 1; i < cn->nslots; i++)
		if (cn->slot[i].deadline < d)
			d = cn->slot[i].deadline;
	if (cn->setup_deadline > 0 && cn->setup_deadline < d)
		d = cn->setup_deadline;
	return d;
}

static const char *
state_name(enum cstate st)
{
	switch (st) {
	case C_CONNECTING: return "connecting";
	case C_HANDSHAKE: return "the TLS handshake";
	case C_GREETING: return "the greeting";
	case C_EHLO: case C_HELO: return "EHLO";
	case C_STARTTLS: return "STARTTLS";
	case C_AUTH: case C_AUTH_USER: case C_AUTH_PASS: return "login";
	case C_NOOP: return "NOOP";
	default: return "the server's reply";
	}
}

/* ---- the stream ---- */

/* The configured number of connections, within what smtp.c can drive. */
static int
configured_width(const struct config *cfg)
{
	int n = cfg->smtp_connections;

	return n < 1 ? 1 : n > CONN_MAX ? CONN_MAX : n;
}

struct smtp *
smtp_new(const struct config *cfg)
{
	struct smtp *s = xcalloc(1, sizeof(*s));

	s->cfg = cfg;
	for (int i = 0; i < CONN_MAX; i++) {
		s->conn[i].s = s;
		s->conn[i].fd = -1;
	}
	if (cfg->smtp_url == NULL || parse_url(s, cfg->smtp_url) != 0) {
		log_err("smtp: cannot read the server from url %s",
		    cfg->smtp_url != NULL ? cfg->smtp_url : "(none)");
		free(s);
		return NULL;
	}
	s->has_user = cfg->smtp_user != NULL && *cfg->smtp_user != '\0';
	set_helo(s, cfg->address);
	return s;
}

void
smtp_free(struct smtp *s)
{
	int64_t deadline = monotonic_ms() + QUIT_WAIT_MS;

	if (s == NULL)
		return;
	free(s->stream.from);
	for (int i = 0; i < CONN_MAX; i++) {
		conn_quit(&s->conn[i], deadline);
		free(s->conn[i].out);
	}
	free(s);
}

/*
 * Whether an idle connection is still there: the server may have closed
 * it (or said 421) since its last mail.  The answer to an RSET sent after
 * the last refusal may wait to be read: it is, and whatever else came
 * means the connection is over.
 */
static int
still_open(struct conn *cn)
{
	for (int round = 0; round < 2; round++) {
		struct pollfd pfd = { cn->fd, POLLIN, 0 };

		if (poll(&pfd, 1, 0) == 0 &&
		    !(cn->tls != NULL && gnutls_record_check_pending(cn->tls)))
			return 1;
		if (cn->rset_pending == 0 || conn_read(cn) <= 0 ||
		    parse_replies(cn) != 0)
			return 0;
	}
	return 0;
}

/* Start a job on every usable connection that has none, while any is
   waiting and nothing says stop. */
static void
start_idle(struct smtp *s, struct stream *g)
{
	int64_t now = monotonic_ms();

	for (int i = 0; i < g->width; i++) {
		struct conn *cn = &s->conn[i];

		if (cn->nslots > 0 || !may_take(s, cn))
			continue;
		if (cn->state == C_READY && (now - cn->idle_since >
		    (int64_t)IDLE_MAX * 1000 || !still_open(cn)))
			conn_quit(cn, now + QUIT_WAIT_MS);
		if (cn->state == C_CLOSED) {
			cn->err[0] = '\0';
			slot_start(cn, next_job(g));
			if (conn_connect(cn) != 0)
				conn_fail(cn);
			continue;
		}
		if (cn->state == C_READY) {
			cn->reused = 1;
			slot_start(cn, next_job(g));
		}
	}
}

/* How many connections n mails waiting or in flight get. */
static int
stream_width(struct smtp *s, size_t n)
{
	int width = configured_width(s->cfg);
	size_t want = n / SMTP_MAILS_PER_CONNECTION;

	if (s->cap > 0 && monotonic_ms() >= s->cap_until)
		s->cap = 0;
	if (s->cap > 0 && s->cap < width)
		width = s->cap;
	if (want < (size_t)width)
		width = want > 0 ? (int)want : 1;
	return width;
}

/* More mail may open more connections, never fewer: those open keep
   their mail. */
static void
widen(struct smtp *s, struct stream *g)
{
	int want = stream_width(s, g->count + (size_t)g->in_flight);

	for (int i = g->width; i < want; i++)
		s->conn[i].usable = 1;
	if (want > g->width)
		g->width = want;
}

/* Once nothing more may be sent (a stop request, the relay down, no
   connection left), what waits is done, untried. */
static void
give_up_waiting(struct smtp *s, struct stream *g)
{
	struct smtp_job *j;

	if (!g->down && !smtp_stopped(s))
		return;
	while ((j = next_job(g)) != NULL) {
		j->tried = 0;
		job_done(g, j);
	}
}

void
smtp_open_stream(struct smtp *s, const char *from)
{
	memset(&s->stream, 0, sizeof(s->stream));
	s->stream.from_ok = mailaddr_ok(from);
	s->stream.from = xstrdup(s->stream.from_ok ? from : "");
	for (int i = 0; i < CONN_MAX; i++)
		s->conn[i].usable = 0;
}

int
smtp_add(struct smtp *s, struct smtp_job *j)
{
	struct stream *g = &s->stream;

	/* In flight counts too: a connection the relay would not open puts
	   its mail back in the queue. */
	if (smtp_pending(s) >= SMTP_QUEUE_MAX)
		return -1;
	j->done = 0;
	j->tried = 0;
	j->status = SMTP_TEMPFAIL;
	j->unreachable = 0;
	snprintf(j->err, j->errlen, "%s", "");
	/* Envelope addresses go into SMTP commands: nothing unchecked. */
	if (!g->from_ok || !mailaddr_ok(j->rcpt)) {
		j->tried = 1;
		j->status = SMTP_PERMFAIL;
		snprintf(j->err, j->errlen, "envelope address refused");
		job_done(g, j);
		return 0;
	}
	g->queue[(g->head + g->count) % SMTP_QUEUE_MAX] = j;
	g->count++;
	widen(s, g);
	give_up_waiting(s, g);
	return 0;
}

/* Fail every connection with mail on it, for why. */
static void
abort_all(struct smtp *s, const char *why)
{
	for (int i = 0; i < CONN_MAX; i++) {
		struct conn *cn = &s->conn[i];

		if (cn->nslots == 0)
			continue;
		snprintf(cn->err, sizeof(cn->err), "%s", why);
		conn_fail(cn);
	}
}

/* Fail the connections whose mail is past its deadline. */
static void
check_deadlines(struct smtp *s)
{
	int64_t now = monotonic_ms();
	long t = s->cfg->smtp_timeout_seconds > 0 ?
	    s->cfg->smtp_timeout_seconds : 60;

	for (int i = 0; i < CONN_MAX; i++) {
		struct conn *cn = &s->conn[i];

		if (cn->fd < 0 || now < conn_deadline(cn))
			continue;
		snprintf(cn->err, sizeof(cn->err), "timed out after %ld s "
		    "waiting for %s", cn->nslots > 0 ? t : (long)PROBE_TIMEOUT,
		    state_name(cn->state));
		conn_fail(cn);
	}
}

/*
 * Wait at most wait_ms (less when a deadline comes first) for any
 * connection, then move each on.  An idle connection is watched too: the
 * server closing it, or saying anything, closes it.
 */
static void
poll_conns(struct smtp *s, int wait_ms)
{
	struct pollfd pfd[CONN_MAX];
	struct conn *who[CONN_MAX];
	int n = 0, ready = 0;
	int64_t now = monotonic_ms(), first = INT64_MAX;

	for (int i = 0; i < CONN_MAX; i++) {
		struct conn *cn = &s->conn[i];

		if (cn->fd < 0)
			continue;
		if (cn->tls != NULL && gnutls_record_check_pending(cn->tls))
			ready = 1;
		if (conn_deadline(cn) < first)
			first = conn_deadline(cn);
		pfd[n].fd = cn->fd;
		pfd[n].events = conn_events(cn);
		pfd[n].revents = 0;
		who[n++] = cn;
	}
	if (ready)
		wait_ms = 0;
	if (first != INT64_MAX && first - now < wait_ms)
		wait_ms = first - now > 0 ? (int)(first - now) : 0;
	if (n == 0 || poll(pfd, (nfds_t)n, wait_ms) < 0)
		return;
	for (int i = 0; i < n; i++) {
		struct conn *cn = who[i];
		int pending = cn->tls != NULL &&
		    gnutls_record_check_pending(cn->tls) > 0;

		if (pfd[i].revents == 0 && !pending)
			continue;
		if (cn->nslots == 0 && cn->state == C_READY &&
		    cn->rset_pending == 0) {
			/* Idle: whatever comes is an end. */
			conn_close(cn);
			continue;
		}
		if (conn_step(cn, pfd[i].revents) != 0)
			conn_fail(cn);
	}
}

/*
 * One turn of the event loop: start mail on idle connections, wait for
 * the network (at most wait_ms, and not at all when something is already
 * done), act on what came.  Every mail ends by its deadline, so a caller
 * that turns until smtp_pending is 0 ends.
 */
int
smtp_pump(struct smtp *s, int wait_ms)
{
	struct stream *g = &s->stream;
	int before = g->finished;

	if (smtp_stopped(s))
		abort_all(s, "aborted: tequiod is stopping");
	start_idle(s, g);
	for (int i = 0; i < g->width; i++)
		if (s->conn[i].state == C_READY && s->conn[i].nslots > 0 &&
		    conn_feed(&s->conn[i]) != 0)
			conn_fail(&s->conn[i]);
	if (g->in_flight > 0) {
		if (wait_ms > WAIT_MAX)
			wait_ms = WAIT_MAX;
		poll_conns(s, g->finished > before ? 0 : wait_ms);
		check_deadlines(s);
		start_idle(s, g);
	} else if (g->count > 0 && !smtp_stopped(s))
		/* Mail waits and no connection would take it. */
		g->down = 1;
	give_up_waiting(s, g);
	return g->finished - before;
}

void
smtp_cancel(struct smtp *s)
{
	s->stream.down = 1;
	give_up_waiting(s, &s->stream);
}

size_t
smtp_pending(const struct smtp *s)
{
	return s->stream.count + (size_t)s->stream.in_flight;
}

void
smtp_close_stream(struct smtp *s)
{
	free(s->stream.from);
	s->stream.from = NULL;
}

void
smtp_set_stop(struct smtp *s, volatile sig_atomic_t *stop)
{
	s->stop = stop;
}

int
smtp_stopped(const struct smtp *s)
{
	return s->stop != NULL && *s->stop != 0;
}

/* Drive cn alone until it is ready (then NOOP) or fails. */
static int
probe_conn(struct conn *cn)
{
	while (cn->state != C_PROBED) {
		struct pollfd pfd = { cn->fd, conn_events(cn), 0 };
		int64_t left = cn->setup_deadline - monotonic_ms();

		if (cn->state == C_READY) {
			out_printf(cn, "NOOP\r\n");
			cn->state = C_NOOP;
			if (conn_flush(cn) != 0)
				return -1;
			continue;
		}
		if (left <= 0) {
			snprintf(cn->err, sizeof(cn->err), "timed out "
			    "waiting for %s", state_name(cn->state));
			return -1;
		}
		if (!(cn->tls != NULL &&
		    gnutls_record_check_pending(cn->tls) > 0) &&
		    poll(&pfd, 1, (int)left) < 0 && errno != EINTR) {
			snprintf(cn->err, sizeof(cn->err), "poll: %s",
			    strerror(errno));
			return -1;
		}
		if (pfd.revents == 0 && !(cn->tls != NULL &&
		    gnutls_record_check_pending(cn->tls) > 0))
			continue;
		if (conn_step(cn, pfd.revents) != 0)
			return -1;
	}
	return 0;
}

int
smtp_probe(const struct config *cfg, char *err, size_t errlen)
{
	struct smtp *s = smtp_new(cfg);
	struct conn *cn;
	long timeout = cfg->smtp_timeout_seconds > 0 &&
	    cfg->smtp_timeout_seconds < PROBE_TIMEOUT ?
	    cfg->smtp_timeout_seconds : PROBE_TIMEOUT;
	int rc;

	if (s == NULL) {
		snprintf(err, errlen, "no se pudo leer el servidor de url");
		return -1;
	}
	/* The same connection, TLS and login as a delivery, then NOOP
	   where a delivery would say MAIL FROM. */
	cn = &s->conn[0];
	cn->setup_deadline = monotonic_ms() + (int64_t)timeout * 1000;
	rc = conn_connect(cn) == 0 ? probe_conn(cn) : -1;
	if (rc != 0)
		snprintf(err, errlen, "%s", cn->err);
	else
		cn->state = C_READY;
	smtp_free(s);
	return rc;
}
