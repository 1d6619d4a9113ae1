/* SPDX-License-Identifier: ISC */
/*
 * store_failure.h - how many times a message failed for a reason that
 * should pass (database busy, disk full...).  Kept in the database, by
 * the message's SHA-256, so a restart does not reset the count: past
 * [limits] max_temporary_failures the message is quarantined instead of
 * being retried forever.
 */
#ifndef TEQUIO_STORE_FAILURE_H
#define TEQUIO_STORE_FAILURE_H

#include <stdint.h>

struct store;

/* Failures recorded for the message with this content (0 when none).
   0, or -1 on a database error. */
int store_msg_failures(struct store *st, const char *sha256, int *count);

/* One more failure, with why; *count gets the new total.  0 or -1. */
int store_msg_failure_bump(struct store *st, const char *sha256,
    int64_t now, const char *why, int *count);

/* Forget the failures of a message that is now recorded.  0 or -1. */
int store_msg_failure_clear(struct store *st, const char *sha256);

#endif
