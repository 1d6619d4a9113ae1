/* SPDX-License-Identifier: ISC */
/*
 * store_inflight.h - which messages are being processed right now, kept
 * in the database so that a process that dies (a crash inside a library,
 * abort, the OOM killer) leaves a trace of what it was doing.  Nothing
 * else records such a death: without this, every restart takes the same
 * message again and dies again, and the whole mailbox stops behind it.
 *
 * A batch is marked (one committed write) before it is processed; each
 * mark is removed in the transaction that records its message.  A mark
 * found at the next start means the process died on that batch: its
 * messages are then processed one at a time, each after a committed
 * increment of its own count of deaths, so only the guilty one's grows.
 */
#ifndef TEQUIO_STORE_INFLIGHT_H
#define TEQUIO_STORE_INFLIGHT_H

struct store;

/* Mark a message as in progress (a mark already there keeps its count).
   0, or -1 on a database error. */
int store_inflight_mark(struct store *st, const char *sha256);

/* Whether a mark is left (*marked) and the deaths counted on it.  0 or -1. */
int store_inflight_get(struct store *st, const char *sha256, int *marked,
    int *deaths);

/* Mark it and count one more death; *deaths gets the new total.  0 or -1. */
int store_inflight_bump(struct store *st, const char *sha256, int *deaths);

/* The message is recorded (or failed cleanly): forget its mark.  0 or -1. */
int store_inflight_clear(struct store *st, const char *sha256);

#endif
