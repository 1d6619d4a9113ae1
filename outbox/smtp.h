/* SPDX-License-Identifier: ISC */
/*
 * smtp.h - sending composed messages.  smtp.c is the only file that
 * includes curl; it keeps one connection open across messages.
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
 * Send raw (a complete RFC 5322 message with CRLF line ends) from the
 * envelope sender from to one recipient.  err receives the server's or
 * curl's words for the log and the outbox's last_error.
 */
enum smtp_status smtp_send(struct smtp *s, const char *from, const char *rcpt,
    const char *raw, size_t len, char *err, size_t errlen);

/*
 * True when the last smtp_send failed before the server answered for the
 * message itself (no connection, timeout, TLS or login trouble): other
 * mail would fail the same way, so the caller need not try it now.
 */
int smtp_unreachable(const struct smtp *s);

/*
 * Watch *stop (the daemon's SIGTERM flag; it may be set by another
 * thread's signal handler): once it is nonzero a transfer in progress is
 * aborted within about a second and nothing more is sent.
 */
void smtp_set_stop(struct smtp *s, volatile sig_atomic_t *stop);
int smtp_stopped(const struct smtp *s);

#endif
