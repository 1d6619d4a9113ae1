/* SPDX-License-Identifier: ISC */
/*
 * outbox.h - queueing replies with the state change they report, and the
 * delivery loop that sends them.
 */
#ifndef TEQUIO_OUTBOX_H
#define TEQUIO_OUTBOX_H

#include <stdint.h>

#include "config/config.h"
#include "mail/compose.h"
#include "store/store.h"

struct smtp;

/*
 * Compose m and queue it, inside the caller's open transaction.  cause_msg
 * is the received message's row id (0 if none).  Returns 0, -1 on a
 * database error, -2 when the mail was refused by compose (logged).
 */
int outbox_queue(struct store *st, const struct config *cfg,
    const struct outmail *m, int64_t cause_msg);

/*
 * Deliver every queued message that is due, over one SMTP connection.
 * 4xx and connection failures back off exponentially (smtp_retry_seconds,
 * doubling) up to smtp_max_attempts, then the mail is marked failed; 5xx
 * marks it failed at once.  Each mail is claimed in a commit before it is
 * sent and recorded in a later one, at most 64 claimed and not recorded
 * at a time, none open while sending.  *sent and *deferred (may be NULL)
 * count the outcomes.
 * Returns 0, or -1 on a database error.
 */
int outbox_deliver(struct store *st, const struct config *cfg,
    struct smtp *smtp, int *sent, int *deferred);

/*
 * outbox_deliver with its outcome logged, for the daemon's loops: one line
 * when anything was sent or deferred, an error line on a database error.
 * Returns what outbox_deliver returned.
 */
int outbox_deliver_logged(struct store *st, const struct config *cfg,
    struct smtp *smtp);

/*
 * Drop the bytes of mail sent more than keep_sent_days before now (the row
 * stays).  A maintenance job (jobs/maintenance.c, hourly), not part of a
 * delivery run.  Returns 0 or -1 on a database error.
 */
int outbox_forget_sent(struct store *st, const struct config *cfg,
    int64_t now);

/* Seconds until the next queued message is due (-1 when none). */
int outbox_next_due(struct store *st, int64_t now, int64_t *seconds);

#endif
