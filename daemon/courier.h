/* SPDX-License-Identifier: ISC */
/*
 * courier.h - delivering the outbox in the background.
 *
 * A thread with its own database connection and its own SMTP connections
 * (several at once when the queue is long: outbox/smtp.c drives them from
 * this one thread) sends queued mail while the main thread goes on
 * fetching and processing: SMTP round trips overlap IMAP ones instead of
 * following them, and each other.  The
 * outbox rows are the only thing the two threads share, and SQLite's
 * locking keeps them consistent (WAL: the courier reads while a batch is
 * being written, and sends what it has claimed while the batch holds the
 * write lock; it waits for the lock only with nothing left to send).
 */
#ifndef TEQUIO_COURIER_H
#define TEQUIO_COURIER_H

#include <stddef.h>

#include "config/config.h"

struct smtp;
struct courier;

/*
 * Open a second connection to the database and start the thread, which
 * takes over smtp (the caller must not use it until courier_finish).
 * NULL on error (err says why).
 */
struct courier *courier_start(const struct config *cfg, struct smtp *smtp,
    char *err, size_t errlen);

/* New mail was committed to the outbox: deliver it now. */
void courier_poke(struct courier *c);

/*
 * The descriptor a signal handler may write COURIER_WAKE to (write(2) is
 * async-signal-safe; a condition variable is not): like courier_poke, but
 * it also ends a pause after a database error, as an operator asked for
 * delivery now.  Valid until courier_finish.
 */
#define COURIER_WAKE 'w'

int courier_wake_fd_of(const struct courier *c);

/*
 * Deliver what is due one last time (nothing when smtp's stop flag is
 * set), stop the thread and free everything but smtp.  Returns 0, -1 if the courier met a database error.
 */
int courier_finish(struct courier *c);

#endif
