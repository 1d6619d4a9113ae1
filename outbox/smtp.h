/* SPDX-License-Identifier: ISC */
/*
 * smtp.h - sending composed messages.  smtp.c is the only file that
 * includes curl; it keeps its connections open across messages.
 */
#ifndef TEQUIO_SMTP_H
#define TEQUIO_SMTP_H

#include <signal.h>
#include <stddef.h>

#include "config/config.h"

enum smtp_status {
	SMTP_SENT = 0,
	SMTP_TEMPFAIL = 1,	/* 4xx or connection trouble: retry later */
	SMTP_PERMFAIL = 2,	/* 5xx: this message will never go */
};

struct smtp;

struct smtp *smtp_new(const struct config *cfg);
void smtp_free(struct smtp *s);

/*
 * One mail of a group: raw is a complete RFC 5322 message with CRLF line
 * ends, for one recipient.  smtp_send_group fills the rest.
 */
struct smtp_job {
	const char *rcpt;
	const char *raw;
	size_t len;

	int tried;		/* handed to a connection; 0: a stop request
				   or a server down came before its turn */
	enum smtp_status status;	/* when tried */
	int unreachable;	/* failed before the server answered for the
				   mail itself, on every connection: other
				   mail would fail the same way */
	char *err;		/* the caller's buffer: the server's or curl's
				   words for the log and last_error */
	size_t errlen;
};

/*
 * Send the n jobs from the envelope sender from, over up to [smtp]
 * connections connections at once (one for a short group, one more for
 * every SMTP_MAILS_PER_CONNECTION mails), each reused from mail to mail.
 * Returns when every job was tried, or when nothing more may be: a stop
 * request, or the server unreachable from every connection.  A connection
 * the server will not open (refused, no greeting, 421) while another works
 * is given up for this group and its mail handed to another.
 */
#define SMTP_MAILS_PER_CONNECTION 2
void smtp_send_group(struct smtp *s, const char *from, struct smtp_job *jobs,
    size_t n);

/*
 * Watch *stop (the daemon's SIGTERM flag; it may be set by another
 * thread's signal handler): once it is nonzero a transfer in progress is
 * aborted within about a second and nothing more is sent.
 */
/*
 * Connect to the relay as a delivery would (TLS, certificate, login) and
 * say NOOP, within [smtp] timeout_seconds and at most 10 s: for
 * "tequioctl status".  0 when the relay answered; -1 with the server's
 * or curl's words in err otherwise.
 */
int smtp_probe(const struct config *cfg, char *err, size_t errlen);

void smtp_set_stop(struct smtp *s, volatile sig_atomic_t *stop);
int smtp_stopped(const struct smtp *s);

#endif
