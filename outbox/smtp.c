/* SPDX-License-Identifier: ISC */
/*
 * smtp.c - handing composed messages to the configured SMTP server with
 * libcurl.  This is the only file that includes curl.
 *
 * One easy handle is kept for the life of the daemon, so consecutive
 * messages go over one connection (curl keeps it open between transfers).
 * After any failure the handle is thrown away and rebuilt: whatever state
 * the server and curl were left in, the next message starts on a new
 * connection.  A connection left idle longer than IDLE_MAX is dropped
 * before the next message too: servers close idle clients after a while
 * (Postfix after 300 s), and a message should not be deferred for that.
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
 * daemon's SIGTERM flag, smtp_set_stop) aborts a transfer in progress
 * within about a second, through curl's progress callback.
 */
#include "outbox/smtp.h"
#include "common/mailaddr.h"

#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "common/log.h"
#include "common/util.h"
#include "mail/compose.h"

#define REPLY_MAX	200	/* how much of the server's last line we keep */
#define IDLE_MAX	30	/* seconds an unused connection is kept */

struct smtp {
	const struct config *cfg;
	CURL *curl;
	int global;		/* curl_global_init succeeded */

	/* The message being sent, read by read_cb. */
	const char *data;
	size_t len;
	size_t off;

	char errbuf[CURL_ERROR_SIZE];
	char reply[REPLY_MAX + 1];	/* last 4xx or 5xx line the server sent */
	int unreachable;	/* last failure was not about the message */
	int mail_sent;		/* MAIL FROM went out in this transfer */
	volatile sig_atomic_t *stop;	/* nonzero: abort, we are stopping */
	struct timespec last_used;	/* CLOCK_MONOTONIC, end of last send */
};

static size_t
read_cb(char *dst, size_t size, size_t nitems, void *arg)
{
	struct smtp *s = arg;
	size_t room = size * nitems, n = s->len - s->off;

	if (n > room)
		n = room;
	memcpy(dst, s->data + s->off, n);
	s->off += n;
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
	struct smtp *s = arg;
	size_t start = 0, end, n;

	(void)curl;
	if (type == CURLINFO_HEADER_OUT && size >= 10 &&
	    strncasecmp(data, "MAIL FROM:", 10) == 0)
		s->mail_sent = 1;
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
		unsigned char c = (unsigned char)data[start + i];
		s->reply[i] = (c < 0x20 || c >= 0x7f) ? '?' : (char)c;
	}
	s->reply[n] = '\0';
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
	return s->stop != NULL && *s->stop != 0;
}

static int
starts_with(const char *s, const char *prefix)
{
	return ascii_has_prefix_case(s, prefix);
}

/* All options that do not change from one message to the next. */
static int
setup_handle(struct smtp *s)
{
	const struct config *cfg = s->cfg;
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
	SET(CURLOPT_READDATA, s);
	SET(CURLOPT_ERRORBUFFER, s->errbuf);
	SET(CURLOPT_VERBOSE, 1L);	/* feeds debug_cb; prints nothing */
	SET(CURLOPT_DEBUGFUNCTION, debug_cb);
	SET(CURLOPT_DEBUGDATA, s);
	SET(CURLOPT_NOPROGRESS, 0L);
	SET(CURLOPT_XFERINFOFUNCTION, progress_cb);
	SET(CURLOPT_XFERINFODATA, s);
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
	s->curl = c;
	return 0;
}

struct smtp *
smtp_new(const struct config *cfg)
{
	struct smtp *s = xcalloc(1, sizeof(*s));

	s->cfg = cfg;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_err("smtp: cannot initialise curl");
		goto fail;
	}
	s->global = 1;
	if (setup_handle(s) != 0)
		goto fail;
	return s;
fail:
	smtp_free(s);
	return NULL;
}

void
smtp_free(struct smtp *s)
{
	if (s == NULL)
		return;
	if (s->curl != NULL)
		curl_easy_cleanup(s->curl);
	if (s->global)
		curl_global_cleanup();
	free(s);
}

/* Drop the connection; the next message gets a fresh handle. */
static void
smtp_reset(struct smtp *s)
{
	if (s->curl != NULL)
		curl_easy_cleanup(s->curl);
	s->curl = NULL;
}

/*
 * A reply to MAIL, RCPT or DATA that refuses the message comes back as a
 * send or receive error (curl 55/56) with the code in RESPONSE_CODE; a
 * refusal of the final dot (552 message too large) as
 * CURLE_WEIRD_SERVER_REPLY.  Only replies after our MAIL FROM are about
 * the message: a 5xx greeting or EHLO is about the server.
 */
static int
refused_message(const struct smtp *s, CURLcode rc, long code)
{
	return (rc == CURLE_SEND_ERROR || rc == CURLE_RECV_ERROR ||
	    rc == CURLE_WEIRD_SERVER_REPLY) && s->mail_sent &&
	    code >= 400 && code <= 599;
}

/* Seconds since the connection was last used (0 if it never was). */
static time_t
idle_seconds(const struct smtp *s)
{
	struct timespec now;

	if (s->last_used.tv_sec == 0 ||
	    clock_gettime(CLOCK_MONOTONIC, &now) != 0)
		return 0;
	return now.tv_sec - s->last_used.tv_sec;
}

/*
 * Only a 5xx about the message is permanent.  A 5xx elsewhere (greeting,
 * AUTH: CURLE_LOGIN_DENIED) is about the server or our configuration, not
 * this message: retry.
 */
static enum smtp_status
classify(const struct smtp *s, CURLcode rc, long code)
{
	if (refused_message(s, rc, code) && code >= 500)
		return SMTP_PERMFAIL;
	return SMTP_TEMPFAIL;
}

static void
describe(struct smtp *s, CURLcode rc, long code, char *err, size_t errlen)
{
	const char *what = s->errbuf[0] ? s->errbuf : curl_easy_strerror(rc);

	if (code > 0 && s->reply[0] != '\0')
		snprintf(err, errlen, "%s (server said: %s)", what, s->reply);
	else
		snprintf(err, errlen, "%s", what);
}

enum smtp_status
smtp_send(struct smtp *s, const char *from, const char *rcpt,
    const char *raw, size_t len, char *err, size_t errlen)
{
	struct curl_slist *rcpts = NULL;
	char *env_from = NULL, *env_rcpt = NULL;
	enum smtp_status st = SMTP_TEMPFAIL;
	CURLcode rc;
	long code = 0;

	snprintf(err, errlen, "%s", "");
	s->unreachable = 0;
	if (smtp_stopped(s)) {
		snprintf(err, errlen, "not tried: tequiod is stopping");
		s->unreachable = 1;
		return SMTP_TEMPFAIL;
	}
	/* Envelope addresses go into SMTP commands: nothing unchecked. */
	if (!mailaddr_ok(from) || !mailaddr_ok(rcpt)) {
		snprintf(err, errlen, "envelope address refused");
		return SMTP_PERMFAIL;
	}
	/* Until the server has answered for the message, all mail is stuck. */
	s->unreachable = 1;
	if (idle_seconds(s) > IDLE_MAX)
		smtp_reset(s);
	if (s->curl == NULL && setup_handle(s) != 0) {
		snprintf(err, errlen, "cannot set up curl");
		return SMTP_TEMPFAIL;
	}
	env_from = xasprintf("<%s>", from);
	env_rcpt = xasprintf("<%s>", rcpt);
	rcpts = curl_slist_append(NULL, env_rcpt);
	if (rcpts == NULL) {
		snprintf(err, errlen, "out of memory");
		goto done;
	}
	s->data = raw;
	s->len = len;
	s->off = 0;
	s->errbuf[0] = '\0';
	s->reply[0] = '\0';
	s->mail_sent = 0;
	if ((rc = curl_easy_setopt(s->curl, CURLOPT_MAIL_FROM, env_from)) !=
	    CURLE_OK ||
	    (rc = curl_easy_setopt(s->curl, CURLOPT_MAIL_RCPT, rcpts)) !=
	    CURLE_OK) {
		snprintf(err, errlen, "%s", curl_easy_strerror(rc));
		goto done;
	}
	rc = curl_easy_perform(s->curl);
	if (rc == CURLE_OK) {
		st = SMTP_SENT;
		s->unreachable = 0;
		goto done;
	}
	curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &code);
	st = classify(s, rc, code);
	s->unreachable = !refused_message(s, rc, code);
	describe(s, rc, code, err, errlen);
	if (rc == CURLE_ABORTED_BY_CALLBACK)
		snprintf(err, errlen, "aborted: tequiod is stopping");
done:
	/* The handle must not point at the list or strings once freed. */
	if (s->curl != NULL)
		curl_easy_setopt(s->curl, CURLOPT_MAIL_RCPT, NULL);
	if (st != SMTP_SENT)
		smtp_reset(s);
	else if (clock_gettime(CLOCK_MONOTONIC, &s->last_used) != 0)
		s->last_used.tv_sec = 0;
	s->data = NULL;
	s->len = s->off = 0;
	curl_slist_free_all(rcpts);
	free(env_from);
	free(env_rcpt);
	return st;
}

int
smtp_unreachable(const struct smtp *s)
{
	return s->unreachable;
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
