/* SPDX-License-Identifier: ISC */
/*
 * smtp.h - sending composed messages over SMTP (smtp.c: our own client,
 * with PIPELINING and TLS); connections stay open across messages.
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
 * One mail: raw is a complete RFC 5322 message with CRLF line ends, for
 * one recipient.  The caller owns the job (and raw, rcpt, err) until smtp
 * marks it done; smtp fills the rest.
 */
struct smtp_job {
	const char *rcpt;
	const char *raw;
	size_t len;

	int done;		/* the outcome below is final */
	int tried;		/* handed to a connection; 0: a stop request
				   or a server down came before its turn */
	enum smtp_status status;	/* when tried */
	int unreachable;	/* failed before the server answered for the
				   mail itself, on every connection: other
				   mail would fail the same way */
	char *err;		/* the caller's buffer: the server's words,
				   or what failed, for the log and
				   last_error */
	size_t errlen;
};

/*
 * A delivery run is a stream of mail: jobs are added as the caller claims
 * them and come back done one by one, so the caller can do other work
 * (record outcomes, claim more) while mail is on the wire, all on one
 * thread.  Up to [smtp] connections connections carry it at once (one
 * for a short queue, one more for every SMTP_MAILS_PER_CONNECTION mails
 * waiting or in flight), each reused from mail to mail.  A connection the
 * server will not open (refused, no greeting, 421) while another works is
 * given up for the run and its mail handed to another.  Once the server
 * is unreachable from every connection, or a stop is requested, what
 * waits is done untried.
 *
 * smtp_open_stream starts a run from the envelope sender from; smtp_add
 * queues a job (-1 when SMTP_QUEUE_MAX jobs wait or are in flight);
 * smtp_pump drives the connections once, waiting at most wait_ms for the
 * network when nothing finished, and returns how many jobs became done;
 * smtp_pending counts the jobs not done; smtp_cancel starts nothing more
 * (what waits is done untried, what is in flight finishes); and
 * smtp_close_stream ends the run (call it with nothing pending).
 */
#define SMTP_MAILS_PER_CONNECTION 2
#define SMTP_QUEUE_MAX 64
void smtp_open_stream(struct smtp *s, const char *from);
int smtp_add(struct smtp *s, struct smtp_job *job);
int smtp_pump(struct smtp *s, int wait_ms);
size_t smtp_pending(const struct smtp *s);
void smtp_cancel(struct smtp *s);
void smtp_close_stream(struct smtp *s);

/*
 * Watch *stop (the daemon's SIGTERM flag; it may be set by another
 * thread's signal handler): once it is nonzero a transfer in progress is
 * aborted within about a second and nothing more is sent.
 */
/*
 * Connect to the relay as a delivery would (TLS, certificate, login) and
 * say NOOP, within [smtp] timeout_seconds and at most 10 s: for
 * "tequioctl status".  0 when the relay answered; -1 with the server's
 * words, or what failed, in err otherwise.
 */
int smtp_probe(const struct config *cfg, char *err, size_t errlen);

void smtp_set_stop(struct smtp *s, volatile sig_atomic_t *stop);
int smtp_stopped(const struct smtp *s);

#endif
