/* SPDX-License-Identifier: ISC */
/*
 * mover.h - moving committed messages out of the inbox on a second IMAP
 * connection, in a thread of its own, so that the server moves one batch
 * while the mailbox loop spools and records the next.
 *
 * The mailbox loop (fetch.c) hands the mover one job at a time: the
 * (uid, folder, row) of a batch whose transaction committed.  The thread
 * runs the UID MOVEs on its connection and marks each item it moved; the
 * loop takes the job back, records the moves in its own database
 * connection and advances its cursor past moved UIDs only.  The mover
 * never touches the database.  At most one job is in the mover's hands:
 * mover_take waits for it, so nothing piles up.
 *
 * The thread opens its connection as it starts (while the loop fetches
 * the first batch) and closes it in mover_finish: a connection per pass
 * with several batches, so none sits idle between passes.  A failure
 * (no connection, a refused MOVE, a connection lost) is reported in the
 * job's status; the items it did not move are the caller's to move on its
 * own connection, or to leave for the next pass.
 */
#ifndef TEQUIO_MOVER_H
#define TEQUIO_MOVER_H

#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "mailbox/imap.h"

struct mover;

/* One committed message to move out of the inbox. */
struct mover_item {
	uint32_t uid;
	char *folder;		/* owned by the list holding the item */
	int64_t row;		/* its database record */
	int moved;		/* set once its MOVE was answered OK */
};

struct mover_job {
	struct mover_item *items;
	size_t n;
	enum imap_status status;	/* IMAP_OK when every item moved */
};

/*
 * Move items[0..n) to their folders, one command per folder, on im,
 * marking each item moved.  Stops at the first failure.  The mover's
 * thread runs it, and the caller on its own connection when there is no
 * mover.
 */
enum imap_status mover_move_items(struct imap *im, struct mover_item *items,
    size_t n);

/*
 * Start the thread, which connects to cfg's server and checks that the
 * inbox still has uidvalidity (the UIDs handed over are of that inbox).
 * NULL when the thread cannot start (logged): move on the caller's own
 * connection.
 */
struct mover *mover_start(const struct config *cfg, uint32_t uidvalidity);

/*
 * Hand job over; the mover owns it until mover_take returns it.  Only
 * when no job is in the mover's hands (after mover_take).
 */
void mover_give(struct mover *m, struct mover_job *job);

/* Wait for the job in the mover's hands and return it; NULL if none. */
struct mover_job *mover_take(struct mover *m);

/* Close the connection and end the thread.  Only with no job in hand. */
void mover_finish(struct mover *m);

void mover_job_free(struct mover_job *job);

#endif
