/* SPDX-License-Identifier: ISC */
/*
 * alerts.h - telling a person when tequio needs one (SPEC section 6,
 * [alerts] to; the coordinators when it is empty).
 *
 * At once, at most once a day for each kind: mail that could not be
 * delivered (the failed count grew), mail moved to quarantine (the
 * quarantine grew), the SMTP relay or the IMAP mailbox unreachable for
 * longer than [alerts] unreachable_minutes.  And a digest once a day.
 * Alerts are mail like any other, queued in the outbox; the Message-ID
 * is made of the kind, the day and the recipient's place in the list, so
 * the outbox itself refuses a second alert of a kind on the same day.
 * Both run as periodic jobs (periodic.h).
 */
#ifndef TEQUIO_ALERTS_H
#define TEQUIO_ALERTS_H

#include <stdint.h>

#include "config/config.h"

struct store;
struct letters;
struct periodic;
struct alerts;

struct alerts *alerts_new(const struct config *cfg, struct store *st,
    struct letters *l);
void alerts_free(struct alerts *a);

/* Register the checks and the daily digest with p. */
void alerts_register(struct alerts *a, struct periodic *p);

/* What the mailbox loop found at now: the server reachable or not. */
void alerts_mailbox(struct store *st, int reachable, int64_t now);

#endif
