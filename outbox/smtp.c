/* SPDX-License-Identifier: ISC */
/*
 * smtp.c - handing composed messages to the configured SMTP server with
 * libcurl.  This is the only file that includes curl.
 *
 * Mail goes as a stream (smtp_add, smtp_pump) over a curl multi handle
 * that drives up to [smtp] connections easy handles at once from the
 * calling thread: several mails are in flight while each waits for the
 * server's round trips, the caller works between two turns of the loop,
 * and no other thread ever runs (the outbox's SQLite connection stays the
 * courier's alone; libcurl's callbacks run inside curl_multi_perform, on
 * this thread).  Finished connections go back to
 * the multi handle's pool and the next mail takes one, so a connection
 * serves mail after mail; one unused for IDLE_MAX seconds is not reused
 * (servers close idle clients: Postfix after 300 s, and a message should
 * not be deferred for that).  After any failure the easy handle is thrown
 * away and rebuilt and curl closes its connection: whatever state the
 * server and curl were left in, the next message starts on a new one.
 *
 * A short queue uses one connection; a longer one a connection for every
 * SMTP_MAILS_PER_CONNECTION mails, up to the configured number.  A relay
 * may allow fewer clients than that (smtp-sink -m, a connection limit: the
 * extra connection is refused, gets no greeting, or a 421): when one
 * connection fails before MAIL FROM while another has delivered in this
 * run, its mail is handed to another connection (it was never sent), the
 * connection is given up, and the number that worked becomes the limit
 * for CAP_SECONDS, so a stalled connection costs one timeout, not one per
 * run.  A failure after MAIL FROM is that mail's own outcome, as it is
 * with one connection.
 *
 * libcurl 7.88 waits for the answer to the final dot inside
 * curl_multi_perform, blocking the thread for that round trip (curl issue
 * 8555, "More non-blocking" in its TODO): the other connections and the
 * caller wait meanwhile.  Only a client of our own (with PIPELINING, RFC
 * 2920) would avoid it.
 *
 * Transport security follows the URL:
 *   smtps://host:465  implicit TLS;
 *   smtp://host:port  plain, for a relay on the same host or network;
 *                     but when a user is configured STARTTLS is required,
 *                     so a password never travels in clear.
 * The server certificate and name are verified whenever TLS is used
 * (tls_ca_file adds trust anchors; tls_verify = no exists for tests only).
 *
 * Errors are translated here, at the module boundary, into what the outbox
 * needs to know: SMTP_PERMFAIL when the server refused this message with a
 * 5xx reply (to MAIL, RCPT, DATA or the final dot), SMTP_TEMPFAIL for
 * everything else (4xx, no answer, refused connection, timeout, a 5xx
 * greeting, TLS or login trouble), so that a broken server or a wrong
 * password delays mail but never throws it away.
 *
 * Time: timeout_seconds bounds the whole transaction of one message
 * (CURLOPT_TIMEOUT), however the server stalls; a stop request (the
 * daemon's SIGTERM flag, smtp_set_stop) aborts the transfers in progress
 * within about a second, through curl's progress callback, and starts no
 * new one.
 */
#include "outbox/smtp.h"
#include "common/mailaddr.h"

#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/log.h"
#include "common/util.h"
#include "mail/compose.h"

#define REPLY_MAX	200	/* how much of the server's last line we keep */
#define IDLE_MAX	30	/* seconds an unused connection is kept */
#define CONN_MAX	8	/* the most [smtp] connections allows */
#define CAP_SECONDS	300	/* how long a relay's learned limit holds */
#define PROBE_TIMEOUT	10	/* seconds smtp_probe waits at most */

struct smtp;

/* One easy handle and the mail it carries. */
struct conn {
	struct smtp *s;
	CURL *curl;		/* NULL until needed, and after a failure */
	struct smtp_job *job;	/* the mail in flight; NULL when idle */
	int usable;		/* 0: given up for the rest of this run */

	/* The message being sent, read by read_cb. */
	size_t off;
	struct curl_slist *rcpts;

	char errbuf[CURL_ERROR_SIZE];
	char reply[REPLY_MAX + 1];	/* last 4xx or 5xx line the server sent */
	int mail_sent;		/* MAIL FROM went out in this transfer */
	int delivered_before;	/* the run's deliveries when it started */
};

/* The mail of one delivery run: jobs waiting for a connection, oldest
   first (a ring), and what the connections learned of the relay. */
struct stream {
	struct smtp_job *queue[SMTP_QUEUE_MAX];
	size_t head, count;
	char *env_from;
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
	CURLM *multi;
	int global;		/* curl_global_init succeeded */
	struct conn conn[CONN_MAX];
	int cap;		/* connections the relay allowed; 0: no limit */
	int64_t cap_until;	/* monotonic ms when cap is forgotten */
	volatile sig_atomic_t *stop;	/* nonzero: abort, we are stopping */
};

static size_t
read_cb(char *dst, size_t size, size_t nitems, void *arg)
{
	struct conn *c = arg;
	size_t room = size * nitems, n = c->job->len - c->off;

	if (n > room)
		n = room;
	memcpy(dst, c->job->raw + c->off, n);
	c->off += n;
	return n;
}

/*
 * Keep the server's last refusal (a 4xx or 5xx line): curl's own message
 * for a refused recipient is only "RCPT failed: 550", and the operator
 * wants the words.  Later lines such as the answer to QUIT, which curl
 * sends while closing, must not hide it.  Only data from the server is
 * looked at, never what we send (AUTH).
 */
static int
debug_cb(CURL *curl, curl_infotype type, char *data, size_t size, void *arg)
{
	struct conn *c = arg;
	size_t start = 0, end, n;

	(void)curl;
	if (type == CURLINFO_HEADER_OUT && size >= 10 &&
	    strncasecmp(data, "MAIL FROM:", 10) == 0)
		c->mail_sent = 1;
	if (type != CURLINFO_HEADER_IN)
		return 0;
	/* The last non-empty line of this chunk. */
	end = size;
	while (end > 0 && (data[end - 1] == '\r' || data[end - 1] == '\n'))
		end--;
	for (size_t i = end; i > 0; i--) {
		if (data[i - 1] == '\n') {
			start = i;
			break;
		}
	}
	if (end <= start || (data[start] != '4' && data[start] != '5'))
		return 0;
	n = end - start > REPLY_MAX ? REPLY_MAX : end - start;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)data[start + i];
		c->reply[i] = (ch < 0x20 || ch >= 0x7f) ? '?' : (char)ch;
	}
	c->reply[n] = '\0';
	return 0;
}

/* Called about once a second even while the server says nothing. */
static int
progress_cb(void *arg, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	struct smtp *s = arg;

	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return smtp_stopped(s);
}

static int
starts_with(const char *s, const char *prefix)
{
	return ascii_has_prefix_case(s, prefix);
}

/* All options that do not change from one message to the next. */
static int
setup_handle(struct conn *cn)
{
	const struct config *cfg = cn->s->cfg;
	long timeout = cfg->smtp_timeout_seconds > 0 ?
	    cfg->smtp_timeout_seconds : 60;
	int has_user = cfg->smtp_user != NULL && *cfg->smtp_user != '\0';
	CURL *c;
	CURLcode rc = CURLE_OK;

	c = curl_easy_init();
	if (c == NULL) {
		log_err("smtp: cannot create a curl handle");
		return -1;
	}
#define SET(opt, val) \
	do { if (rc == CURLE_OK) rc = curl_easy_setopt(c, opt, val); } while (0)
	SET(CURLOPT_URL, cfg->smtp_url);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_UPLOAD, 1L);
	/* libcurl's smallest upload buffer: 16 KB instead of 64, and SMTP's
	   dot-stuffing buffer, twice that, 32 KB instead of 128 (issue 15:
	   memory per connection; a reply is a few KB, a PDF takes a few
	   more reads). */
	SET(CURLOPT_UPLOAD_BUFFERSIZE, 16384L);
	SET(CURLOPT_READFUNCTION, read_cb);
	SET(CURLOPT_READDATA, cn);
	SET(CURLOPT_ERRORBUFFER, cn->errbuf);
	SET(CURLOPT_VERBOSE, 1L);	/* feeds debug_cb; prints nothing */
	SET(CURLOPT_DEBUGFUNCTION, debug_cb);
	SET(CURLOPT_DEBUGDATA, cn);
	SET(CURLOPT_NOPROGRESS, 0L);
	SET(CURLOPT_XFERINFOFUNCTION, progress_cb);
	SET(CURLOPT_XFERINFODATA, cn->s);
	SET(CURLOPT_MAXAGE_CONN, (long)IDLE_MAX);
	/* The whole transaction of one message, whatever the server does. */
	SET(CURLOPT_TIMEOUT, timeout);
	SET(CURLOPT_CONNECTTIMEOUT, timeout);
	SET(CURLOPT_SERVER_RESPONSE_TIMEOUT, timeout);
	/* A stalled transfer (server not reading) counts as a timeout too. */
	SET(CURLOPT_LOW_SPEED_LIMIT, 1L);
	SET(CURLOPT_LOW_SPEED_TIME, timeout);
	SET(CURLOPT_SSL_VERIFYPEER, cfg->tls_verify ? 1L : 0L);
	SET(CURLOPT_SSL_VERIFYHOST, cfg->tls_verify ? 2L : 0L);
	if (cfg->tls_ca_file != NULL)
		SET(CURLOPT_CAINFO, cfg->tls_ca_file);
	if (has_user) {
		SET(CURLOPT_USERNAME, cfg->smtp_user);
		SET(CURLOPT_PASSWORD, cfg->smtp_password ?
		    cfg->smtp_password : "");
		if (starts_with(cfg->smtp_url, "smtp://"))
			SET(CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	}
#undef SET
	if (rc != CURLE_OK) {
		log_err("smtp: cannot configure curl: %s",
		    curl_easy_strerror(rc));
		curl_easy_cleanup(c);
		return -1;
	}
	cn->curl = c;
	return 0;
}

/* The configured number of connections, within what smtp.c can drive. */
static int
configured_width(const struct config *cfg)
{
	int n = cfg->smtp_connections;

	return n < 1 ? 1 : n > CONN_MAX ? CONN_MAX : n;
}

static int
setup_multi(struct smtp *s)
{
	long width = configured_width(s->cfg);

	s->multi = curl_multi_init();
	if (s->multi == NULL) {
		log_err("smtp: cannot create a curl multi handle");
		return -1;
	}
	/* The pool keeps every connection of a run for the next one. */
	if (curl_multi_setopt(s->multi, CURLMOPT_MAXCONNECTS, width) !=
	    CURLM_OK || curl_multi_setopt(s->multi,
	    CURLMOPT_MAX_HOST_CONNECTIONS, width) != CURLM_OK) {
		log_err("smtp: cannot configure curl's connection pool");
		return -1;
	}
	return 0;
}

struct smtp *
smtp_new(const struct config *cfg)
{
	struct smtp *s = xcalloc(1, sizeof(*s));

	s->cfg = cfg;
	for (int i = 0; i < CONN_MAX; i++)
		s->conn[i].s = s;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_err("smtp: cannot initialise curl");
		goto fail;
	}
	s->global = 1;
	if (setup_multi(s) != 0 || setup_handle(&s->conn[0]) != 0)
		goto fail;
	return s;
fail:
	smtp_free(s);
	return NULL;
}

/* Take the handle out of the multi handle (if a transfer was started) and
   drop it; curl closes a connection left in an unknown state. */
static void
conn_drop(struct conn *cn)
{
	if (cn->curl == NULL)
		return;
	if (cn->job != NULL)
		curl_multi_remove_handle(cn->s->multi, cn->curl);
	curl_easy_cleanup(cn->curl);
	cn->curl = NULL;
}

void
smtp_free(struct smtp *s)
{
	if (s == NULL)
		return;
	free(s->stream.env_from);
	for (int i = 0; i < CONN_MAX; i++)
		if (s->conn[i].curl != NULL)
			curl_easy_cleanup(s->conn[i].curl);
	if (s->multi != NULL)
		curl_multi_cleanup(s->multi);
	if (s->global)
		curl_global_cleanup();
	free(s);
}

/*
 * A reply to MAIL, RCPT or DATA that refuses the message comes back as a
 * send or receive error (curl 55/56) with the code in RESPONSE_CODE; a
 * refusal of the final dot (552 message too large) as
 * CURLE_WEIRD_SERVER_REPLY.  Only replies after our MAIL FROM are about
 * the message: a 5xx greeting or EHLO is about the server.
 */
static int
refused_message(const struct conn *cn, CURLcode rc, long code)
{
	return (rc == CURLE_SEND_ERROR || rc == CURLE_RECV_ERROR ||
	    rc == CURLE_WEIRD_SERVER_REPLY) && cn->mail_sent &&
	    code >= 400 && code <= 599;
}

/*
 * Only a 5xx about the message is permanent.  A 5xx elsewhere (greeting,
 * AUTH: CURLE_LOGIN_DENIED) is about the server or our configuration, not
 * this message: retry.
 */
static enum smtp_status
classify(const struct conn *cn, CURLcode rc, long code)
{
	if (refused_message(cn, rc, code) && code >= 500)
		return SMTP_PERMFAIL;
	return SMTP_TEMPFAIL;
}

static void
describe(const struct conn *cn, CURLcode rc, long code, char *err,
    size_t errlen)
{
	const char *what = cn->errbuf[0] ? cn->errbuf : curl_easy_strerror(rc);

	if (rc == CURLE_ABORTED_BY_CALLBACK)
		snprintf(err, errlen, "aborted: tequiod is stopping");
	else if (code > 0 && cn->reply[0] != '\0')
		snprintf(err, errlen, "%s (server said: %s)", what, cn->reply);
	else
		snprintf(err, errlen, "%s", what);
}

/* The next job waiting for a connection, or NULL. */
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

/* Hand job j to connection cn and start its transfer.  -1 (j failed,
   not tried) when curl cannot. */
static int
conn_start(struct conn *cn, struct stream *g, struct smtp_job *j)
{
	char *env_rcpt;
	CURLcode rc;

	if (cn->curl == NULL && setup_handle(cn) != 0)
		return -1;
	env_rcpt = xasprintf("<%s>", j->rcpt);
	cn->rcpts = curl_slist_append(NULL, env_rcpt);
	free(env_rcpt);
	if (cn->rcpts == NULL)
		return -1;
	cn->off = 0;
	cn->errbuf[0] = '\0';
	cn->reply[0] = '\0';
	cn->mail_sent = 0;
	if ((rc = curl_easy_setopt(cn->curl, CURLOPT_MAIL_FROM, g->env_from))
	    != CURLE_OK || (rc = curl_easy_setopt(cn->curl, CURLOPT_MAIL_RCPT,
	    cn->rcpts)) != CURLE_OK ||
	    curl_multi_add_handle(cn->s->multi, cn->curl) != CURLM_OK) {
		curl_easy_setopt(cn->curl, CURLOPT_MAIL_RCPT, NULL);
		curl_slist_free_all(cn->rcpts);
		cn->rcpts = NULL;
		return -1;
	}
	cn->job = j;
	cn->delivered_before = g->delivered;
	j->tried = 1;
	g->in_flight++;
	return 0;
}

/* Start a job on every idle connection, while any is waiting and nothing
   says stop. */
static void
start_idle(struct smtp *s, struct stream *g)
{
	for (int i = 0; i < g->width; i++) {
		struct conn *cn = &s->conn[i];
		struct smtp_job *j;

		if (!cn->usable || cn->job != NULL || g->down ||
		    smtp_stopped(s))
			continue;
		if ((j = next_job(g)) == NULL)
			return;
		if (conn_start(cn, g, j) != 0) {
			/* curl itself fails us: the rest would fail too. */
			snprintf(j->err, j->errlen, "cannot set up curl");
			j->status = SMTP_TEMPFAIL;
			j->unreachable = 1;
			j->tried = 1;
			job_done(g, j);
			conn_drop(cn);
			g->down = 1;
		}
	}
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
hand_over(struct smtp *s, struct stream *g, struct conn *cn)
{
	int left = 0;

	cn->usable = 0;
	if (g->delivered > 0) {
		for (int i = 0; i < g->width; i++)
			left += s->conn[i].usable;
		s->cap = left > 0 ? left : 1;
		s->cap_until = monotonic_ms() + (int64_t)CAP_SECONDS * 1000;
		log_warn("smtp: the relay did not serve a connection (%s): "
		    "%d connection%s for %d s", cn->job->err, s->cap,
		    s->cap == 1 ? "" : "s", CAP_SECONDS);
	}
	cn->job->tried = 0;
	requeue_job(g, cn->job);
}

/*
 * A failure before the server answered for the mail itself: hand the mail
 * to another connection if it never left (1: not done); call it this
 * mail's own trouble if other mail was delivered meanwhile (a stall on one
 * connection must not stop the others); otherwise the relay is down for
 * the rest of the run.
 */
static int
unreachable_from(struct smtp *s, struct stream *g, struct conn *cn)
{
	if (smtp_stopped(s))
		g->down = 1;
	else if (!cn->mail_sent && other_usable(s, g, cn)) {
		hand_over(s, g, cn);
		return 1;
	} else if (g->delivered > cn->delivered_before)
		cn->job->unreachable = 0;
	else
		g->down = 1;
	return 0;
}

/* Record the outcome of cn's finished transfer in its job. */
static void
conn_finish(struct smtp *s, struct stream *g, struct conn *cn, CURLcode rc)
{
	struct smtp_job *j = cn->job;
	long code = 0;

	curl_multi_remove_handle(s->multi, cn->curl);
	curl_easy_setopt(cn->curl, CURLOPT_MAIL_RCPT, NULL);
	curl_slist_free_all(cn->rcpts);
	cn->rcpts = NULL;
	g->in_flight--;
	if (rc == CURLE_OK) {
		j->status = SMTP_SENT;
		j->unreachable = 0;
		g->delivered++;
		cn->job = NULL;
		job_done(g, j);
		return;
	}
	curl_easy_getinfo(cn->curl, CURLINFO_RESPONSE_CODE, &code);
	j->status = classify(cn, rc, code);
	j->unreachable = !refused_message(cn, rc, code);
	describe(cn, rc, code, j->err, j->errlen);
	if (!j->unreachable || unreachable_from(s, g, cn) == 0)
		job_done(g, j);
	cn->job = NULL;
	curl_easy_cleanup(cn->curl);
	cn->curl = NULL;
}

/* The connection whose easy handle is h. */
static struct conn *
conn_of(struct smtp *s, CURL *h)
{
	for (int i = 0; i < CONN_MAX; i++)
		if (s->conn[i].curl == h && s->conn[i].job != NULL)
			return &s->conn[i];
	return NULL;
}

/* Collect the finished transfers; how many there were. */
static int
collect(struct smtp *s, struct stream *g)
{
	CURLMsg *m;
	int left, done = 0;
	struct conn *cn;

	while ((m = curl_multi_info_read(s->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE ||
		    (cn = conn_of(s, m->easy_handle)) == NULL)
			continue;
		conn_finish(s, g, cn, m->data.result);
		done++;
	}
	return done;
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

/* Abort every transfer still in flight (curl failed us): each mail gets
   a temporary failure. */
static void
abort_all(struct smtp *s, struct stream *g, const char *why)
{
	for (int i = 0; i < CONN_MAX; i++) {
		struct conn *cn = &s->conn[i];
		struct smtp_job *j = cn->job;

		if (j == NULL)
			continue;
		snprintf(j->err, j->errlen, "%s", why);
		j->status = SMTP_TEMPFAIL;
		j->unreachable = 1;
		curl_easy_setopt(cn->curl, CURLOPT_MAIL_RCPT, NULL);
		curl_slist_free_all(cn->rcpts);
		cn->rcpts = NULL;
		conn_drop(cn);
		cn->job = NULL;
		g->in_flight--;
		job_done(g, j);
	}
	g->down = 1;
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
	s->stream.env_from = xasprintf("<%s>", from);
	s->stream.from_ok = mailaddr_ok(from);
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

/*
 * One turn of the event loop: start mail on idle connections, let curl
 * work, collect what finished; when nothing did, wait for the network at
 * most wait_ms.  Every transfer ends by its deadline, so a caller that
 * turns until smtp_pending is 0 ends.
 */
int
smtp_pump(struct smtp *s, int wait_ms)
{
	struct stream *g = &s->stream;
	int running, before = g->finished;

	start_idle(s, g);
	if (g->in_flight > 0) {
		if (curl_multi_perform(s->multi, &running) != CURLM_OK)
			abort_all(s, g, "curl cannot drive the connections");
		else if (collect(s, g) > 0)
			start_idle(s, g);
		else if (running == 0)
			/* Nothing runs, yet a transfer never ended. */
			abort_all(s, g, "curl lost a transfer");
		else if (curl_multi_poll(s->multi, NULL, 0, wait_ms, NULL) !=
		    CURLM_OK)
			abort_all(s, g, "curl cannot wait for the server");
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
	free(s->stream.env_from);
	s->stream.env_from = NULL;
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

/* The probe's answer (NOOP's "250 ...") is not wanted, only its code. */
static size_t
discard_cb(char *data, size_t size, size_t nitems, void *arg)
{
	(void)data;
	(void)arg;
	return size * nitems;
}

int
smtp_probe(const struct config *cfg, char *err, size_t errlen)
{
	struct smtp *s = smtp_new(cfg);
	struct conn *cn;
	long timeout = cfg->smtp_timeout_seconds > 0 &&
	    cfg->smtp_timeout_seconds < PROBE_TIMEOUT ?
	    cfg->smtp_timeout_seconds : PROBE_TIMEOUT;
	CURLcode rc;

	if (s == NULL) {
		snprintf(err, errlen, "no se pudo preparar libcurl");
		return -1;
	}
	/* smtp_new made the first connection's handle. */
	cn = &s->conn[0];
	/* The same connection, TLS and login as a delivery, then NOOP
	   where a delivery would say MAIL FROM. */
	rc = curl_easy_setopt(cn->curl, CURLOPT_UPLOAD, 0L);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(cn->curl, CURLOPT_CUSTOMREQUEST, "NOOP");
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(cn->curl, CURLOPT_WRITEFUNCTION,
		    discard_cb);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(cn->curl, CURLOPT_TIMEOUT, timeout);
	if (rc == CURLE_OK)
		rc = curl_easy_setopt(cn->curl, CURLOPT_CONNECTTIMEOUT,
		    timeout);
	if (rc == CURLE_OK)
		rc = curl_easy_perform(cn->curl);
	if (rc != CURLE_OK)
		snprintf(err, errlen, "%s", cn->reply[0] != '\0' ? cn->reply :
		    cn->errbuf[0] != '\0' ? cn->errbuf :
		    curl_easy_strerror(rc));
	smtp_free(s);
	return rc == CURLE_OK ? 0 : -1;
}
