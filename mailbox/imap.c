/* SPDX-License-Identifier: ISC */
/*
 * imap.c - the mailbox over IMAP with libetpan (see imap.h).  This is the
 * only file that includes libetpan's IMAP headers.
 *
 * libetpan leaves the policy to us: it checks no certificate (tlsverify.c
 * does, before LOGIN sends the password), believes every size the server
 * announces, and hands back FETCH responses that were not asked for.  Each
 * call here builds its libetpan arguments, runs one command, copies out
 * what it needs, and frees every libetpan structure before it returns.
 *
 * Errors: a broken or unparsable stream, and a NO or BAD to a command of
 * the running session, are IMAP_RETRY (the caller reconnects, and a
 * reconnection recreates folders and reselects the inbox); what only the
 * administrator can fix (login refused, certificate not valid, TLS
 * impossible, folder neither creatable nor present) is IMAP_FATAL.
 */
#include "mailbox/imap.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libetpan/libetpan.h>

#include "common/log.h"
#include "common/util.h"
#include "common/tlsverify.h"

/* Seconds one network read or write may block before the peer is dead. */
#define IMAP_NET_TIMEOUT 60
/* Seconds LOGOUT may take when closing: the session is over anyway. */
#define IMAP_LOGOUT_TIMEOUT 5
/*
 * Liveness: IDLE is ended and re-issued (DONE, IDLE: the server must
 * answer both) at least every IMAP_PROBE_SECONDS, and the answers get
 * IMAP_PROBE_TIMEOUT; a stalled server is noticed within 40 s instead of
 * when the next command times out.  TCP keepalive notices a peer that
 * vanished (half-open connection) in about the same time.
 */
#define IMAP_PROBE_SECONDS 30
#define IMAP_PROBE_TIMEOUT 10
#define IMAP_KEEPIDLE 20
#define IMAP_KEEPINTVL 5
#define IMAP_KEEPCNT 3
/* Seconds the greeting may take: a port that speaks TLS from the first
   byte sends none to a plain client, and that should not take a minute. */
#define IMAP_GREETING_TIMEOUT 5
/* Longest stretch imap_wait sleeps without looking at *stop. */
#define IMAP_WAIT_SLICE_MS 1000

struct imap {
	const struct config *cfg;
	mailimap *s;
	char *host;		/* writable copy: libetpan wants char * */
	uint32_t uidvalidity;
	int has_idle;		/* server offers IDLE */
	int has_move;
	int has_uidplus;
	int broken;		/* the stream failed: close it, no LOGOUT */
	sigset_t caller_mask;	/* signal mask outside this module */
};

/* libetpan reports allocation failure; like xmalloc, we do not go on. */
static void oom(void) __attribute__((noreturn));

static void
oom(void)
{
	log_err("imap: out of memory");
	abort();
}

static void *
need(void *p)
{
	if (p == NULL)
		oom();
	return p;
}

/*
 * libetpan takes an interrupted poll() for a broken connection, so a
 * signal caught while it waits for the server (a second SIGTERM, a SIGHUP)
 * would cost the session.  Signals that have a handler are therefore held
 * while a call of this module runs; they are delivered when it returns, or
 * while imap_wait sleeps (ppoll with the caller's mask), and the handler's
 * flag is seen then.  Signals left to their default action still act at
 * once, and SIGPIPE is never held (a write would leave it pending).
 */
static void
hold_signals(sigset_t *caller_mask)
{
	static const int caught[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT,
	    SIGUSR1, SIGUSR2, SIGALRM, SIGCHLD, SIGWINCH};
	struct sigaction sa;
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < ARRAY_LEN(caught); i++) {
		if (sigaction(caught[i], NULL, &sa) != 0)
			continue;
		if ((sa.sa_flags & SA_SIGINFO) || (sa.sa_handler != SIG_DFL &&
		    sa.sa_handler != SIG_IGN))
			sigaddset(&set, caught[i]);
	}
	sigprocmask(SIG_BLOCK, &set, caller_mask);
}

static void
release_signals(const sigset_t *caller_mask)
{
	sigprocmask(SIG_SETMASK, caller_mask, NULL);
}

static void
sanitize(char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			*s = '?';
}

/* The text of the server's last tagged response, safe to log. */
static const char *
server_text(const struct imap *im, char *buf, size_t len)
{
	const char *t = im->s->imap_response;

	str_lcpy(buf, t != NULL && t[0] != '\0' ? t : "(no text)", len);
	sanitize(buf);
	return buf;
}

static int
is_stream_error(int r)
{
	/* ERROR_FATAL is an untagged BYE: the server is closing. */
	return r == MAILIMAP_ERROR_STREAM ||
	    r == MAILIMAP_ERROR_CONNECTION_REFUSED ||
	    r == MAILIMAP_ERROR_FATAL || r == MAILIMAP_ERROR_PROTOCOL ||
	    r == MAILIMAP_ERROR_PARSE || r == MAILIMAP_ERROR_MEMORY;
}

/* Log a failed command of the running session; always IMAP_RETRY. */
static enum imap_status
command_failed(struct imap *im, int r, const char *what)
{
	char text[256];

	if (is_stream_error(r)) {
		im->broken = 1;
		log_warn("imap: %s: connection to %s:%d lost (libetpan error "
		    "%d)", what, im->cfg->imap_host, im->cfg->imap_port, r);
	} else
		log_warn("imap: %s refused: %s", what,
		    server_text(im, text, sizeof(text)));
	return IMAP_RETRY;
}

static int
is_ip_literal(const char *host)
{
	unsigned char addr[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, host, addr) == 1 ||
	    inet_pton(AF_INET6, host, addr) == 1;
}

/*
 * Modified UTF-7 (RFC 3501 5.1.3), the encoding of mailbox names: printable
 * ASCII stands for itself ('&' as "&-"), anything else is UTF-16 in base64
 * (',' for '/') between '&' and '-'.
 */
struct mutf7 {
	struct buf out;
	uint32_t acc;		/* bits not yet written, in the low end */
	int bits;
	int open;		/* inside &...- */
};

static void
mutf7_unit(struct mutf7 *m, uint32_t unit)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

	if (!m->open) {
		buf_addc(&m->out, '&');
		m->open = 1;
	}
	m->acc = (m->acc << 16) | unit;
	m->bits += 16;
	while (m->bits >= 6) {
		m->bits -= 6;
		buf_addc(&m->out, b64[(m->acc >> m->bits) & 0x3f]);
	}
}

static void
mutf7_close(struct mutf7 *m)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

	if (!m->open)
		return;
	if (m->bits > 0)
		buf_addc(&m->out, b64[(m->acc << (6 - m->bits)) & 0x3f]);
	buf_addc(&m->out, '-');
	m->open = 0;
	m->bits = 0;
}

/* The code point at *p, which must be valid UTF-8; advances *p. */
static uint32_t
utf8_next(const unsigned char **p)
{
	const unsigned char *s = *p;
	uint32_t cp;
	int extra;

	if (*s < 0x80) {
		cp = *s;
		extra = 0;
	} else if (*s < 0xe0) {
		cp = *s & 0x1f;
		extra = 1;
	} else if (*s < 0xf0) {
		cp = *s & 0x0f;
		extra = 2;
	} else {
		cp = *s & 0x07;
		extra = 3;
	}
	for (s++; extra > 0; extra--, s++)
		cp = (cp << 6) | (*s & 0x3f);
	*p = s;
	return cp;
}

/* The name of folder on the wire, so "Revisión" works; NULL if not UTF-8. */
static char *
mailbox_name(const char *utf8)
{
	const unsigned char *p = (const unsigned char *)utf8;
	struct mutf7 m;
	uint32_t cp;

	if (!utf8_valid(utf8, strlen(utf8)))
		return NULL;
	memset(&m, 0, sizeof(m));
	buf_init(&m.out);
	while (*p != '\0') {
		if (*p >= 0x20 && *p <= 0x7e) {
			mutf7_close(&m);
			if (*p == '&')
				buf_adds(&m.out, "&-");
			else
				buf_addc(&m.out, (char)*p);
			p++;
			continue;
		}
		cp = utf8_next(&p);
		if (cp >= 0x10000) {
			cp -= 0x10000;
			mutf7_unit(&m, 0xd800 | (cp >> 10));
			mutf7_unit(&m, 0xdc00 | (cp & 0x3ff));
		} else
			mutf7_unit(&m, cp);
	}
	mutf7_close(&m);
	return buf_steal(&m.out);
}

/* ---------------------------------------------------------- connecting */

static void
tls_setup(struct mailstream_ssl_context *ctx, void *arg)
{
	struct imap *im = arg;

	/* RFC 6066: SNI carries host names, never address literals. */
	if (!is_ip_literal(im->host))
		mailstream_ssl_set_server_name(ctx, im->host);
}

/*
 * Errors while opening go to err for the caller, who names the server;
 * they say what failed and, when the administrator can fix it, how.
 */
static enum imap_status
open_failed(struct imap *im, int r, const char *what, char *err,
    size_t errlen)
{
	char text[256];

	if (is_stream_error(r)) {
		snprintf(err, errlen, "connection lost during %s", what);
		return IMAP_RETRY;
	}
	snprintf(err, errlen, "%s refused: %s", what,
	    server_text(im, text, sizeof(text)));
	return IMAP_FATAL;
}

/* After the handshake and before LOGIN: libetpan accepted any chain. */
static enum imap_status
verify_server(struct imap *im, char *err, size_t errlen)
{
	struct tlsverify_cert certs[TLSVERIFY_MAX_CHAIN];
	carray *chain;
	unsigned int i, n;
	enum imap_status st = IMAP_FATAL;

	chain = mailstream_get_certificate_chain(im->s->imap_stream);
	if (chain == NULL) {
		snprintf(err, errlen, "the server sent no certificate");
		return IMAP_FATAL;
	}
	n = carray_count(chain);
	if (n > TLSVERIFY_MAX_CHAIN) {
		snprintf(err, errlen, "the server sent %u certificates; at "
		    "most %d are accepted", n, TLSVERIFY_MAX_CHAIN);
		goto done;
	}
	for (i = 0; i < n; i++) {
		MMAPString *der = carray_get(chain, i);

		certs[i].der = (const unsigned char *)der->str;
		certs[i].len = der->len;
	}
	if (tlsverify_chain(certs, n, im->cfg->imap_host,
	    im->cfg->tls_ca_file, err, errlen) == 0)
		st = IMAP_OK;
done:
	mailstream_certificate_chain_free(chain);
	return st;
}

static enum imap_status
connect_failed(int r, char *err, size_t errlen)
{
	switch (r) {
	case MAILIMAP_ERROR_CONNECTION_REFUSED:
		snprintf(err, errlen, "cannot connect: refused, unreachable "
		    "or unknown host");
		return IMAP_RETRY;
	case MAILIMAP_ERROR_SSL:
		/* Nothing transient makes a handshake fail: a port or a
		 * tls setting that do not match. */
		snprintf(err, errlen, "TLS handshake failed: is this the "
		    "implicit-TLS port (usually 993), as tls = tls requires?");
		return IMAP_FATAL;
	case MAILIMAP_ERROR_DONT_ACCEPT_CONNECTION:
		snprintf(err, errlen, "the server turned the connection away "
		    "(BYE greeting)");
		return IMAP_RETRY;
	default:
		snprintf(err, errlen, "no greeting from the server (libetpan "
		    "error %d)", r);
		return IMAP_RETRY;
	}
}

/* 1 when host:port greets an implicit-TLS client (a port such as 993). */
static int
speaks_tls(struct imap *im, uint16_t port)
{
	mailimap *probe = need(mailimap_new(0, NULL));
	int r;

	mailimap_set_timeout(probe, IMAP_GREETING_TIMEOUT);
	r = mailimap_ssl_connect_with_callback(probe, im->host, port,
	    tls_setup, im);
	mailimap_free(probe);
	return r == MAILIMAP_NO_ERROR_AUTHENTICATED ||
	    r == MAILIMAP_NO_ERROR_NON_AUTHENTICATED;
}

/* A plain connection got no greeting in time: say why, when we can. */
static enum imap_status
no_greeting(struct imap *im, uint16_t port, int r, char *err, size_t errlen)
{
	if (r == MAILIMAP_ERROR_CONNECTION_REFUSED || !speaks_tls(im, port))
		return connect_failed(r, err, errlen);
	snprintf(err, errlen, "port %u speaks TLS from the first byte, but tls "
	    "= %s: set tls = tls for this port (or use the server's plain "
	    "port, usually 143, with tls = starttls)", (unsigned)port,
	    im->cfg->tls == TLS_NONE ? "none" : "starttls");
	return IMAP_FATAL;
}

/* CAPABILITY: libetpan keeps the answer for mailimap_has_extension. */
static enum imap_status
ask_capabilities(struct imap *im, char *err, size_t errlen)
{
	struct mailimap_capability_data *cap = NULL;
	int r;

	r = mailimap_capability(im->s, &cap);
	if (r != MAILIMAP_NO_ERROR)
		return open_failed(im, r, "CAPABILITY", err, errlen);
	mailimap_capability_data_free(cap);
	return IMAP_OK;
}

/* STARTTLS when the server offers it; in plain words when it does not. */
static enum imap_status
need_starttls(struct imap *im, char *err, size_t errlen)
{
	enum imap_status st = ask_capabilities(im, err, errlen);

	if (st != IMAP_OK)
		return st;
	if (mailimap_has_extension(im->s, "STARTTLS"))
		return IMAP_OK;
	snprintf(err, errlen, "tls = starttls, but the server does not offer "
	    "STARTTLS on port %d: use its implicit-TLS port (usually 993) "
	    "with tls = tls, or ask for STARTTLS to be enabled",
	    im->cfg->imap_port);
	return IMAP_FATAL;
}

/* TCP, and TLS when configured; sets *preauth if the server says so. */
static enum imap_status
connect_server(struct imap *im, int *preauth, char *err, size_t errlen)
{
	const struct config *cfg = im->cfg;
	uint16_t port = (uint16_t)cfg->imap_port;
	enum imap_status st;
	int r;

	if (cfg->tls == TLS_TLS)
		r = mailimap_ssl_connect_with_callback(im->s, im->host, port,
		    tls_setup, im);
	else {
		mailimap_set_timeout(im->s, IMAP_GREETING_TIMEOUT);
		r = mailimap_socket_connect(im->s, im->host, port);
		mailimap_set_timeout(im->s, IMAP_NET_TIMEOUT);
		if (r != MAILIMAP_NO_ERROR_AUTHENTICATED &&
		    r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED)
			return no_greeting(im, port, r, err, errlen);
		if (im->s->imap_stream != NULL)
			mailstream_low_set_timeout(mailstream_get_low(
			    im->s->imap_stream), IMAP_NET_TIMEOUT);
	}
	if (r != MAILIMAP_NO_ERROR_AUTHENTICATED &&
	    r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED)
		return connect_failed(r, err, errlen);
	*preauth = r == MAILIMAP_NO_ERROR_AUTHENTICATED;
	if (cfg->tls == TLS_STARTTLS &&
	    (st = need_starttls(im, err, errlen)) != IMAP_OK)
		return st;
	if (cfg->tls == TLS_STARTTLS) {
		r = mailimap_socket_starttls_with_callback(im->s, tls_setup,
		    im);
		if (is_stream_error(r)) {
			snprintf(err, errlen, "connection lost during "
			    "STARTTLS");
			return IMAP_RETRY;
		}
		if (r != MAILIMAP_NO_ERROR) {
			snprintf(err, errlen, "STARTTLS failed (libetpan error "
			    "%d): does the server offer it on this port?", r);
			return IMAP_FATAL;
		}
	}
	if (cfg->tls != TLS_NONE && cfg->tls_verify)
		return verify_server(im, err, errlen);
	return IMAP_OK;
}

static enum imap_status
login(struct imap *im, char *err, size_t errlen)
{
	int r;

	/* Stream logging stays off (mailstream_debug is 0): the password. */
	r = mailimap_login(im->s, im->cfg->imap_user,
	    im->cfg->imap_password != NULL ? im->cfg->imap_password : "");
	if (r == MAILIMAP_NO_ERROR)
		return IMAP_OK;
	return open_failed(im, r, "LOGIN", err, errlen);
}

/* After LOGIN the server may announce more than in its greeting. */
static enum imap_status
read_capabilities(struct imap *im, char *err, size_t errlen)
{
	enum imap_status st = ask_capabilities(im, err, errlen);

	if (st != IMAP_OK)
		return st;
	im->has_idle = mailimap_has_idle(im->s);
	im->has_move = mailimap_has_extension(im->s, "MOVE");
	im->has_uidplus = mailimap_has_extension(im->s, "UIDPLUS");
	return IMAP_OK;
}

/* LIST it: 1 when the folder exists, 0 when not, -1 on a stream error. */
static int
folder_exists(struct imap *im, const char *mb)
{
	clist *list = NULL;
	int r, found;

	r = mailimap_list(im->s, "", mb, &list);
	if (r != MAILIMAP_NO_ERROR)
		return is_stream_error(r) ? -1 : 0;
	found = list != NULL && clist_count(list) > 0;
	if (list != NULL)
		mailimap_list_result_free(list);
	return found;
}

/* CREATE folder unless it exists (servers differ in how they say so). */
static enum imap_status
ensure_folder(struct imap *im, const char *folder, char *err, size_t errlen)
{
	char text[256];
	char *mb;
	enum imap_status st = IMAP_OK;
	int r;

	if ((mb = mailbox_name(folder)) == NULL) {
		snprintf(err, errlen, "folder name \"%s\" is not UTF-8",
		    folder);
		return IMAP_FATAL;
	}
	r = mailimap_create(im->s, mb);
	if (r == MAILIMAP_NO_ERROR)
		goto done;
	if (is_stream_error(r)) {
		st = open_failed(im, r, "CREATE", err, errlen);
		goto done;
	}
	server_text(im, text, sizeof(text));
	switch (folder_exists(im, mb)) {
	case 1:
		break;
	case 0:
		st = IMAP_FATAL;
		snprintf(err, errlen, "folder \"%s\" does not exist and cannot "
		    "be created: %s", folder, text);
		break;
	default:
		st = IMAP_RETRY;
		snprintf(err, errlen, "connection lost during LIST");
		break;
	}
done:
	free(mb);
	return st;
}

static enum imap_status
select_folder(struct imap *im, const char *folder, char *err, size_t errlen)
{
	char *mb;
	int r;

	if ((mb = mailbox_name(folder)) == NULL) {
		snprintf(err, errlen, "folder name \"%s\" is not UTF-8",
		    folder);
		return IMAP_FATAL;
	}
	r = mailimap_select(im->s, mb);
	free(mb);
	if (r != MAILIMAP_NO_ERROR)
		return open_failed(im, r, "SELECT", err, errlen);
	im->uidvalidity = im->s->imap_selection_info->sel_uidvalidity;
	return IMAP_OK;
}

static void
close_session(struct imap *im)
{
	if (im == NULL)
		return;
	if (im->s->imap_stream != NULL) {
		if (im->broken) {
			/* LOGOUT would wait out the timeout on a dead peer. */
			mailstream_close(im->s->imap_stream);
			im->s->imap_stream = NULL;
		} else {
			mailstream_low_set_timeout(
			    mailstream_get_low(im->s->imap_stream),
			    IMAP_LOGOUT_TIMEOUT);
			mailimap_logout(im->s);
		}
	}
	mailimap_free(im->s);
	free(im->host);
	free(im);
}

/* TCP keepalive on the session's socket; best effort (logged). */
static void
keepalive(struct imap *im)
{
	int fd = mailstream_low_get_fd(mailstream_get_low(im->s->imap_stream));
	int on = 1, idle = IMAP_KEEPIDLE, intvl = IMAP_KEEPINTVL,
	    cnt = IMAP_KEEPCNT;

	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on)) != 0 ||
	    setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof(idle)) ||
	    setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl,
	    sizeof(intvl)) ||
	    setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof(cnt)))
		log_warn("imap: cannot enable TCP keepalive: %s",
		    strerror(errno));
}

static enum imap_status
open_session(const struct config *cfg, struct imap **out, char *err,
    size_t errlen)
{
	struct imap *im;
	enum imap_status st;
	int preauth = 0;

	*out = NULL;
	im = xcalloc(1, sizeof(*im));
	im->cfg = cfg;
	im->host = xstrdup(cfg->imap_host);
	im->s = need(mailimap_new(0, NULL));
	mailimap_set_timeout(im->s, IMAP_NET_TIMEOUT);

	if ((st = connect_server(im, &preauth, err, errlen)) != IMAP_OK)
		goto fail;
	keepalive(im);
	if (!preauth && (st = login(im, err, errlen)) != IMAP_OK)
		goto fail;
	if ((st = read_capabilities(im, err, errlen)) != IMAP_OK ||
	    (st = ensure_folder(im, cfg->processed, err, errlen)) != IMAP_OK ||
	    (st = ensure_folder(im, cfg->quarantine, err, errlen)) != IMAP_OK ||
	    (st = select_folder(im, cfg->inbox, err, errlen)) != IMAP_OK)
		goto fail;
	*out = im;
	return IMAP_OK;
fail:
	if (st == IMAP_RETRY)
		im->broken = 1;
	close_session(im);
	return st;
}

uint32_t
imap_uidvalidity(const struct imap *im)
{
	return im->uidvalidity;
}

int
imap_has_idle(const struct imap *im)
{
	return im->has_idle && im->cfg->idle;
}

int
imap_has_move(const struct imap *im)
{
	return im->has_move;
}

/* ---------------------------------------------------------- fetching */

static int
cmp_uid(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int
cmp_msginfo(const void *a, const void *b)
{
	return cmp_uid(&((const struct imap_msginfo *)a)->uid,
	    &((const struct imap_msginfo *)b)->uid);
}

/* A sorted, duplicate-free copy of uids; *n is updated. */
static uint32_t *
sorted_uids(const uint32_t *uids, size_t *n)
{
	uint32_t *v;
	size_t i, k = 0;

	v = xreallocarray(NULL, *n > 0 ? *n : 1, sizeof(*v));
	if (*n > 0)
		memcpy(v, uids, *n * sizeof(*v));
	qsort(v, *n, sizeof(*v), cmp_uid);
	for (i = 0; i < *n; i++)
		if (k == 0 || v[k - 1] != v[i])
			v[k++] = v[i];
	*n = k;
	return v;
}

/* The set for sorted uids, runs of consecutive uids as ranges. */
static struct mailimap_set *
uid_set(const uint32_t *v, size_t n)
{
	struct mailimap_set *set;
	size_t i = 0, j;

	set = need(mailimap_set_new_empty());
	while (i < n) {
		for (j = i; j + 1 < n && v[j + 1] == v[j] + 1; j++)
			;
		if (mailimap_set_add_interval(set, v[i], v[j]) !=
		    MAILIMAP_NO_ERROR)
			oom();
		i = j + 1;
	}
	return set;
}

static void
fetch_type_add(struct mailimap_fetch_type *ft, struct mailimap_fetch_att *a)
{
	need(a);
	if (mailimap_fetch_type_new_fetch_att_list_add(ft, a) !=
	    MAILIMAP_NO_ERROR)
		oom();
}

/* UID plus BODY.PEEK[] (header_only 0) or BODY.PEEK[HEADER] (1). */
static struct mailimap_fetch_type *
body_fetch_type(int header_only)
{
	struct mailimap_fetch_type *ft;
	struct mailimap_section *sec;

	ft = need(mailimap_fetch_type_new_fetch_att_list_empty());
	fetch_type_add(ft, mailimap_fetch_att_new_uid());
	sec = need(header_only ? mailimap_section_new_header() :
	    mailimap_section_new(NULL));
	fetch_type_add(ft, mailimap_fetch_att_new_body_peek_section(sec));
	return ft;
}

/*
 * What one FETCH response carries: the UID, RFC822.SIZE, and the section
 * data.  Absent items leave *has_* at 0 (unsolicited FETCH responses, for
 * flag changes, carry no UID or no body).
 */
struct fetched {
	int has_uid, has_size, has_body;
	int whole;		/* the body is BODY[], not BODY[HEADER] */
	uint32_t uid, size;
	const char *body;
	size_t len;
};

static void
read_msg_att(const struct mailimap_msg_att *att, struct fetched *f)
{
	clistiter *it;

	memset(f, 0, sizeof(*f));
	for (it = clist_begin(att->att_list); it != NULL;
	    it = clist_next(it)) {
		const struct mailimap_msg_att_item *item = clist_content(it);
		const struct mailimap_msg_att_static *st;
		const struct mailimap_section *sec;

		if (item->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC)
			continue;
		st = item->att_data.att_static;
		switch (st->att_type) {
		case MAILIMAP_MSG_ATT_UID:
			f->has_uid = 1;
			f->uid = st->att_data.att_uid;
			break;
		case MAILIMAP_MSG_ATT_RFC822_SIZE:
			f->has_size = 1;
			f->size = st->att_data.att_rfc822_size;
			break;
		case MAILIMAP_MSG_ATT_BODY_SECTION:
			if (st->att_data.att_body_section == NULL ||
			    st->att_data.att_body_section->sec_body_part ==
			    NULL)
				break;
			f->has_body = 1;
			/* libetpan leaves sec_section NULL for BODY[]. */
			sec = st->att_data.att_body_section->sec_section;
			f->whole = sec == NULL || sec->sec_spec == NULL;
			f->body = st->att_data.att_body_section->sec_body_part;
			f->len = st->att_data.att_body_section->sec_length;
			break;
		default:
			break;
		}
	}
}

/*
 * The UIDs above after, sorted, in *out (NULL when none).  UID SEARCH
 * answers with one number per message; the sizes are asked for in
 * LIST_CHUNK UIDs at a time (list_sizes), because libetpan keeps a whole
 * FETCH response in memory as some 500 bytes of small allocations per
 * message: one FETCH over a 10,000-message inbox took the daemon's heap
 * 2.5 MB above everything else it ever holds (issue 15, RSS <= 16 MB).
 */
#define LIST_CHUNK 1000

static enum imap_status
search_new(struct imap *im, uint32_t after, uint32_t **out, size_t *n)
{
	struct mailimap_search_key *key;
	clist *res = NULL;
	clistiter *it;
	uint32_t *v = NULL;
	size_t nv = 0;
	int r;

	*out = NULL;
	*n = 0;
	/* "after+1:*" (0 is "*"): also matches the last message when its
	 * UID is lower, hence the filter below. */
	key = need(mailimap_search_key_new_uid(
	    need(mailimap_set_new_interval(after + 1, 0))));
	r = mailimap_uid_search(im->s, NULL, key, &res);
	mailimap_search_key_free(key);
	if (r != MAILIMAP_NO_ERROR)
		return command_failed(im, r, "UID SEARCH");
	if (res != NULL && clist_count(res) > 0)
		v = xreallocarray(NULL, (size_t)clist_count(res), sizeof(*v));
	for (it = res != NULL ? clist_begin(res) : NULL; it != NULL;
	    it = clist_next(it)) {
		const uint32_t *uid = clist_content(it);

		if (uid != NULL && *uid > after)
			v[nv++] = *uid;
	}
	if (res != NULL)
		mailimap_search_result_free(res);
	*out = sorted_uids(v, &nv);
	free(v);
	*n = nv;
	return IMAP_OK;
}

/* RFC822.SIZE of the n sorted uids, appended to v[*nv] (room for n). */
static enum imap_status
list_sizes(struct imap *im, const uint32_t *uids, size_t n,
    struct imap_msginfo *v, size_t *nv)
{
	struct mailimap_fetch_type *ft;
	struct mailimap_set *set;
	unsigned char *seen = xcalloc(n, 1);
	const uint32_t *hit;
	struct fetched f;
	clist *res = NULL;
	clistiter *it;
	int r;

	set = uid_set(uids, n);
	ft = need(mailimap_fetch_type_new_fetch_att_list_empty());
	fetch_type_add(ft, mailimap_fetch_att_new_uid());
	fetch_type_add(ft, mailimap_fetch_att_new_rfc822_size());
	r = mailimap_uid_fetch(im->s, set, ft, &res);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	if (r != MAILIMAP_NO_ERROR) {
		free(seen);
		return command_failed(im, r, "UID FETCH (RFC822.SIZE)");
	}
	for (it = res != NULL ? clist_begin(res) : NULL; it != NULL;
	    it = clist_next(it)) {
		read_msg_att(clist_content(it), &f);
		if (!f.has_uid || !f.has_size)
			continue;
		/* Only what was asked, once: responses nobody asked for
		   (flag changes, a second FETCH of a UID) are not ours. */
		hit = bsearch(&f.uid, uids, n, sizeof(*uids), cmp_uid);
		if (hit == NULL || seen[hit - uids])
			continue;
		seen[hit - uids] = 1;
		v[*nv].uid = f.uid;
		v[*nv].size = f.size;
		(*nv)++;
	}
	if (res != NULL)
		mailimap_fetch_list_free(res);
	free(seen);
	return IMAP_OK;
}

static enum imap_status
list_new(struct imap *im, uint32_t after, struct imap_msginfo **out,
    size_t *n)
{
	struct imap_msginfo *v = NULL;
	enum imap_status st;
	uint32_t *uids;
	size_t nu, nv = 0;

	*out = NULL;
	*n = 0;
	if (after == UINT32_MAX)
		return IMAP_OK;
	if ((st = search_new(im, after, &uids, &nu)) != IMAP_OK)
		return st;
	if (nu > 0)
		v = xreallocarray(NULL, nu, sizeof(*v));
	for (size_t i = 0; i < nu && st == IMAP_OK; i += LIST_CHUNK)
		st = list_sizes(im, uids + i, nu - i < LIST_CHUNK ? nu - i :
		    LIST_CHUNK, v, &nv);
	free(uids);
	if (st != IMAP_OK || nv == 0) {
		free(v);
		return st;
	}
	/* Servers answer in sequence order, which is UID order; sorted
	   anyway, as imap.h promises. */
	qsort(v, nv, sizeof(*v), cmp_msginfo);
	*out = v;
	*n = nv;
	return IMAP_OK;
}

static enum imap_status
fetch_bodies(struct imap *im, const uint32_t *uids, size_t n,
    imap_fetch_cb cb, void *arg)
{
	struct mailimap_fetch_type *ft;
	struct mailimap_set *set;
	struct fetched f;
	enum imap_status st = IMAP_OK;
	unsigned char *seen;
	uint32_t *want, *hit;
	clist *res = NULL;
	clistiter *it;
	int r, cr;

	want = sorted_uids(uids, &n);
	if (n == 0) {
		free(want);
		return IMAP_OK;
	}
	seen = xcalloc(n, 1);
	set = uid_set(want, n);
	ft = body_fetch_type(0);
	r = mailimap_uid_fetch(im->s, set, ft, &res);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	if (r != MAILIMAP_NO_ERROR) {
		st = command_failed(im, r, "UID FETCH (BODY.PEEK[])");
		goto done;
	}
	for (it = res != NULL ? clist_begin(res) : NULL; it != NULL;
	    it = clist_next(it)) {
		read_msg_att(clist_content(it), &f);
		if (!f.has_uid || !f.has_body || !f.whole)
			continue;
		hit = bsearch(&f.uid, want, n, sizeof(*want), cmp_uid);
		if (hit == NULL || seen[hit - want])
			continue;
		seen[hit - want] = 1;
		cr = cb(arg, f.uid, f.body, f.len);
		if (cr != 0) {
			st = cr == IMAP_RETRY ? IMAP_RETRY : IMAP_FATAL;
			break;
		}
	}
done:
	if (res != NULL)
		mailimap_fetch_list_free(res);
	free(seen);
	free(want);
	return st;
}

static enum imap_status
fetch_header(struct imap *im, uint32_t uid, char **raw, size_t *len)
{
	struct mailimap_fetch_type *ft;
	struct mailimap_set *set;
	struct fetched f;
	enum imap_status st = IMAP_RETRY;
	clist *res = NULL;
	clistiter *it;
	int r;

	*raw = NULL;
	*len = 0;
	set = need(mailimap_set_new_single(uid));
	ft = body_fetch_type(1);
	r = mailimap_uid_fetch(im->s, set, ft, &res);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	if (r != MAILIMAP_NO_ERROR)
		return command_failed(im, r, "UID FETCH (BODY.PEEK[HEADER])");
	for (it = res != NULL ? clist_begin(res) : NULL; it != NULL;
	    it = clist_next(it)) {
		read_msg_att(clist_content(it), &f);
		if (f.has_uid && f.has_body && !f.whole && f.uid == uid) {
			*raw = xmemdup0(f.body, f.len);
			*len = f.len;
			st = IMAP_OK;
			break;
		}
	}
	if (res != NULL)
		mailimap_fetch_list_free(res);
	if (st != IMAP_OK)
		log_warn("imap: uid %u: the server returned no header",
		    (unsigned)uid);
	return st;
}

/* ---------------------------------------------------------- moving */

/* Without MOVE: COPY, flag \Deleted, expunge (only this UID if UIDPLUS). */
static int
copy_and_expunge(struct imap *im, struct mailimap_set *set, const char *mb,
    const char **what)
{
	struct mailimap_flag_list *flags;
	struct mailimap_store_att_flags *store;
	int r;

	*what = "UID COPY";
	if ((r = mailimap_uid_copy(im->s, set, mb)) != MAILIMAP_NO_ERROR)
		return r;
	flags = need(mailimap_flag_list_new_empty());
	if (mailimap_flag_list_add(flags, need(mailimap_flag_new_deleted())) !=
	    MAILIMAP_NO_ERROR)
		oom();
	store = need(mailimap_store_att_flags_new_add_flags_silent(flags));
	*what = "UID STORE +FLAGS (\\Deleted)";
	r = mailimap_uid_store(im->s, set, store);
	mailimap_store_att_flags_free(store);
	if (r != MAILIMAP_NO_ERROR)
		return r;
	if (im->has_uidplus) {
		*what = "UID EXPUNGE";
		return mailimap_uid_expunge(im->s, set);
	}
	/* Plain EXPUNGE also removes whatever else is marked \Deleted in
	 * the inbox: acceptable for a mailbox that belongs to tequio. */
	*what = "EXPUNGE";
	return mailimap_expunge(im->s);
}

static enum imap_status
move_set(struct imap *im, const uint32_t *uids, size_t n, const char *folder)
{
	struct mailimap_set *set;
	const char *what = "UID MOVE";
	uint32_t *v;
	char *mb;
	int r;

	mb = mailbox_name(folder);
	if (mb == NULL) {
		log_err("imap: folder name \"%s\" is not UTF-8", folder);
		return IMAP_FATAL;
	}
	v = sorted_uids(uids, &n);
	set = uid_set(v, n);
	free(v);
	if (im->has_move)
		r = mailimap_uid_move(im->s, set, mb);
	else
		r = copy_and_expunge(im, set, mb, &what);
	mailimap_set_free(set);
	free(mb);
	if (r != MAILIMAP_NO_ERROR)
		return command_failed(im, r, what);
	return IMAP_OK;
}

/* ---------------------------------------------------------- finding */

static enum imap_status
search_header(struct imap *im, const char *field, const char *value,
    uint32_t **out, size_t *n)
{
	struct mailimap_search_key *key;
	clist *res = NULL;
	clistiter *it;
	uint32_t *v = NULL;
	size_t k = 0;
	int r;

	*out = NULL;
	*n = 0;
	key = need(value != NULL ? mailimap_search_key_new_header(
	    need(strdup(field)), need(strdup(value))) :
	    mailimap_search_key_new_all());
	r = mailimap_uid_search(im->s, "UTF-8", key, &res);
	mailimap_search_key_free(key);
	if (r != MAILIMAP_NO_ERROR)
		return command_failed(im, r, "UID SEARCH");
	for (it = res != NULL ? clist_begin(res) : NULL; it != NULL;
	    it = clist_next(it)) {
		v = xreallocarray(v, k + 1, sizeof(*v));
		v[k++] = *(uint32_t *)clist_content(it);
	}
	if (res != NULL)
		mailimap_search_result_free(res);
	*out = sorted_uids(v, &k);
	free(v);
	*n = k;
	return IMAP_OK;
}

static enum imap_status
append_message(struct imap *im, const char *folder, const char *raw,
    size_t len)
{
	char *mb = mailbox_name(folder);
	int r;

	if (mb == NULL) {
		log_err("imap: folder name \"%s\" is not UTF-8", folder);
		return IMAP_FATAL;
	}
	r = mailimap_append(im->s, mb, NULL, NULL, raw, len);
	free(mb);
	if (r != MAILIMAP_NO_ERROR)
		return command_failed(im, r, "APPEND");
	return IMAP_OK;
}

/* ---------------------------------------------------------- waiting */

static int
stopped(volatile sig_atomic_t *stop)
{
	return stop != NULL && *stop != 0;
}

/*
 * Wait, in slices, until the server sends something (1) or the deadline
 * passes or *stop is set (0); held signals are let in meanwhile.  Bytes
 * libetpan already buffered count as sent: poll would not see them.  A
 * poll error also returns 1, so that the next read reports it.
 */
static int
wait_readable(struct imap *im, int64_t deadline, volatile sig_atomic_t *stop)
{
	struct pollfd pfd;
	struct timespec ts;
	int64_t left;
	int r;

	for (;;) {
		if (im->s->imap_stream->read_buffer_len > 0)
			return 1;
		if (stopped(stop))
			return 0;
		left = deadline - monotonic_ms();
		if (left <= 0)
			return 0;
		if (left > IMAP_WAIT_SLICE_MS)
			left = IMAP_WAIT_SLICE_MS;
		pfd.fd = mailimap_idle_get_fd(im->s);
		pfd.events = POLLIN;
		pfd.revents = 0;
		ts.tv_sec = (time_t)(left / 1000);
		ts.tv_nsec = (long)(left % 1000) * 1000000;
		r = ppoll(&pfd, 1, &ts, &im->caller_mask);
		if (r > 0 || (r < 0 && errno != EINTR))
			return 1;
	}
}

static void
sleep_until(struct imap *im, int64_t deadline, volatile sig_atomic_t *stop)
{
	struct timespec ts;
	int64_t left;

	while (!stopped(stop) && (left = deadline - monotonic_ms()) > 0) {
		if (left > IMAP_WAIT_SLICE_MS)
			left = IMAP_WAIT_SLICE_MS;
		ts.tv_sec = (time_t)(left / 1000);
		ts.tv_nsec = (long)(left % 1000) * 1000000;
		ppoll(NULL, 0, &ts, &im->caller_mask);
	}
}

/* EXISTS, RECENT or EXPUNGE since the count was exists. */
static int
mailbox_changed(const struct imap *im, uint32_t exists)
{
	const struct mailimap_selection_info *sel = im->s->imap_selection_info;

	return sel->sel_has_exists || sel->sel_has_recent ||
	    sel->sel_exists != exists;
}

static void
set_read_timeout(struct imap *im, int seconds)
{
	mailstream_low_set_timeout(mailstream_get_low(im->s->imap_stream),
	    seconds);
}

/*
 * One IDLE until slice_end: the IDLE and DONE answers are the liveness
 * probe, so they get IMAP_PROBE_TIMEOUT, not the usual network timeout.
 */
static enum imap_status
idle_slice(struct imap *im, int64_t slice_end, volatile sig_atomic_t *stop)
{
	enum imap_status st = IMAP_OK;
	int r;

	/*
	 * mailimap_idle clears sel_has_exists and sel_has_recent, and drops
	 * untagged responses sent before "+ idling"; Dovecot sends those
	 * after it (news that arrived just before IDLE is not lost), and a
	 * server that did otherwise costs at most one probe period.
	 */
	set_read_timeout(im, IMAP_PROBE_TIMEOUT);
	if ((r = mailimap_idle(im->s)) != MAILIMAP_NO_ERROR) {
		st = command_failed(im, r, "IDLE");
		goto done;
	}
	(void)wait_readable(im, slice_end, stop);
	/* DONE reads whatever the server sent, up to the tagged OK. */
	if ((r = mailimap_idle_done(im->s)) != MAILIMAP_NO_ERROR)
		st = command_failed(im, r, "IDLE DONE (no answer: the server "
		    "stalled or the connection is dead)");
done:
	if (!im->broken)
		set_read_timeout(im, IMAP_NET_TIMEOUT);
	return st;
}

static enum imap_status
wait_idle(struct imap *im, int64_t deadline, volatile sig_atomic_t *stop,
    int *woke)
{
	uint32_t exists = im->s->imap_selection_info->sel_exists;
	enum imap_status st;
	int64_t slice_end;

	do {
		slice_end = monotonic_ms() + IMAP_PROBE_SECONDS * 1000;
		if (slice_end > deadline)
			slice_end = deadline;
		if ((st = idle_slice(im, slice_end, stop)) != IMAP_OK)
			return st;
		*woke = mailbox_changed(im, exists);
	} while (!*woke && !stopped(stop) && monotonic_ms() < deadline);
	return IMAP_OK;
}

static enum imap_status
wait_poll(struct imap *im, int64_t deadline, volatile sig_atomic_t *stop,
    int *woke)
{
	struct mailimap_selection_info *sel = im->s->imap_selection_info;
	uint32_t exists;
	int r;

	sleep_until(im, deadline, stop);
	if (stopped(stop))
		return IMAP_OK;
	exists = sel->sel_exists;
	sel->sel_has_exists = 0;
	sel->sel_has_recent = 0;
	if ((r = mailimap_noop(im->s)) != MAILIMAP_NO_ERROR)
		return command_failed(im, r, "NOOP");
	*woke = mailbox_changed(im, exists);
	return IMAP_OK;
}

static enum imap_status
wait_change(struct imap *im, int max_seconds, volatile sig_atomic_t *stop,
    int *woke)
{
	int64_t deadline;

	*woke = 0;
	if (stopped(stop))
		return IMAP_OK;
	deadline = monotonic_ms() + (max_seconds > 0 ? max_seconds : 0) *
	    (int64_t)1000;
	if (imap_has_idle(im))
		return wait_idle(im, deadline, stop, woke);
	return wait_poll(im, deadline, stop, woke);
}

/* ---------------------------------------------------------- folders */

static enum imap_status
folder_count(struct imap *im, const char *folder, uint32_t *count)
{
	struct mailimap_status_att_list *atts;
	struct mailimap_mailbox_data_status *data = NULL;
	enum imap_status st = IMAP_RETRY;
	clistiter *it;
	char *mb;
	int r;

	*count = 0;
	mb = mailbox_name(folder);
	if (mb == NULL) {
		log_err("imap: folder name \"%s\" is not UTF-8", folder);
		return IMAP_FATAL;
	}
	atts = need(mailimap_status_att_list_new_empty());
	if (mailimap_status_att_list_add(atts, MAILIMAP_STATUS_ATT_MESSAGES) !=
	    MAILIMAP_NO_ERROR)
		oom();
	r = mailimap_status(im->s, mb, atts, &data);
	mailimap_status_att_list_free(atts);
	free(mb);
	if (r != MAILIMAP_NO_ERROR)
		return command_failed(im, r, "STATUS");
	for (it = data->st_info_list != NULL ?
	    clist_begin(data->st_info_list) : NULL; it != NULL;
	    it = clist_next(it)) {
		const struct mailimap_status_info *si = clist_content(it);

		if (si->st_att == MAILIMAP_STATUS_ATT_MESSAGES) {
			*count = si->st_value;
			st = IMAP_OK;
		}
	}
	mailimap_mailbox_data_status_free(data);
	if (st != IMAP_OK)
		log_warn("imap: STATUS %s: no MESSAGES in the answer", folder);
	return st;
}

/* ---------------------------------------------------------- entry points */

enum imap_status
imap_open(const struct config *cfg, struct imap **out, char *err,
    size_t errlen)
{
	enum imap_status st;
	sigset_t mask;

	hold_signals(&mask);
	st = open_session(cfg, out, err, errlen);
	release_signals(&mask);
	return st;
}

void
imap_close(struct imap *im)
{
	sigset_t mask;

	hold_signals(&mask);
	close_session(im);
	release_signals(&mask);
}

enum imap_status
imap_list_new(struct imap *im, uint32_t after, struct imap_msginfo **out,
    size_t *n)
{
	enum imap_status st;

	hold_signals(&im->caller_mask);
	st = list_new(im, after, out, n);
	release_signals(&im->caller_mask);
	return st;
}

/* cb runs with the signals held, like the rest of the call. */
enum imap_status
imap_fetch(struct imap *im, const uint32_t *uids, size_t n,
    imap_fetch_cb cb, void *arg)
{
	enum imap_status st;

	hold_signals(&im->caller_mask);
	st = fetch_bodies(im, uids, n, cb, arg);
	release_signals(&im->caller_mask);
	return st;
}

enum imap_status
imap_fetch_header(struct imap *im, uint32_t uid, char **raw, size_t *len)
{
	enum imap_status st;

	hold_signals(&im->caller_mask);
	st = fetch_header(im, uid, raw, len);
	release_signals(&im->caller_mask);
	return st;
}

enum imap_status
imap_move(struct imap *im, uint32_t uid, const char *folder)
{
	enum imap_status st;

	hold_signals(&im->caller_mask);
	st = move_set(im, &uid, 1, folder);
	release_signals(&im->caller_mask);
	return st;
}

enum imap_status
imap_move_uids(struct imap *im, const uint32_t *uids, size_t n,
    const char *folder)
{
	enum imap_status st;

	if (n == 0)
		return IMAP_OK;
	hold_signals(&im->caller_mask);
	st = move_set(im, uids, n, folder);
	release_signals(&im->caller_mask);
	return st;
}

enum imap_status
imap_wait(struct imap *im, int max_seconds, volatile sig_atomic_t *stop,
    int *woke)
{
	enum imap_status st;

	hold_signals(&im->caller_mask);
	st = wait_change(im, max_seconds, stop, woke);
	release_signals(&im->caller_mask);
	return st;
}

enum imap_status
imap_folder_count(struct imap *im, const char *folder, uint32_t *count)
{
	enum imap_status st;

	hold_signals(&im->caller_mask);
	st = folder_count(im, folder, count);
	release_signals(&im->caller_mask);
	return st;
}

enum imap_status
imap_select(struct imap *im, const char *folder, char *err, size_t errlen)
{
	enum imap_status st;

	hold_signals(&im->caller_mask);
	st = select_folder(im, folder, err, errlen);
	release_signals(&im->caller_mask);
	return st;
}

enum imap_status
imap_search_header(struct imap *im, const char *field, const char *value,
    uint32_t **out, size_t *n)
{
	enum imap_status st;

	hold_signals(&im->caller_mask);
	st = search_header(im, field, value, out, n);
	release_signals(&im->caller_mask);
	return st;
}

enum imap_status
imap_append(struct imap *im, const char *folder, const char *raw, size_t len)
{
	enum imap_status st;

	hold_signals(&im->caller_mask);
	st = append_message(im, folder, raw, len);
	release_signals(&im->caller_mask);
	return st;
}
