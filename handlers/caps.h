/* SPDX-License-Identifier: ISC */
/*
 * caps.h - limits that protect people and the institution's domain, and
 * that a forger cannot turn against anyone (issue 8).
 *
 *  - Replies per day are counted per normalised address (case, +tag, and
 *    the dots Gmail ignores), so victima+1..+100@gmail.com is one inbox.
 *  - Verified mail has its own counter: forged mail "from" a coordinator
 *    fills the unverified one and never silences the real coordinator.
 *  - An unknown sender (no role, no account) gets at most one reply a day,
 *    which echoes neither its Subject nor its display name, and all
 *    unknown senders together at most [limits] max_unknown_replies_per_hour.
 *    VERIFICAR answers are outside the one-a-day rule (an employer checks
 *    several letters; the answer echoes nothing but a well-formed folio)
 *    and have their own daily limit.
 *  - Wrong approval codes and VERIFICAR look-ups are limited per sender
 *    per day (caps_exceeded / caps_count).
 */
#ifndef TEQUIO_CAPS_H
#define TEQUIO_CAPS_H

#include "handlers/handlers.h"

#define CAP_WRONG_CODES		5	/* wrong codes a sender may type a day */
#define CAP_VERIFICAR		20	/* VERIFICAR look-ups a sender a day */

/* addr as one inbox: lower case, no +tag, no dots for Gmail (new string). */
char *caps_normalize_address(const char *addr);

/* 1 when the sender is unknown: no role and no account. */
int caps_sender_unknown(const struct hctx *ctx);

/*
 * The sender's count of kind today, plus add: 1 when it is now over limit,
 * 0 when not, -1 on a database error.
 */
int caps_count(struct hctx *ctx, const char *kind, int add, int limit);

/*
 * After the handler ran: suppress or replace the reply as the limits say.
 * Returns 0, -1 on a database error.
 */
int caps_apply_reply(struct hctx *ctx);

#endif
