/* SPDX-License-Identifier: ISC */
/*
 * packs.h - the spool's packs kept to what the database points at
 * (spool/spool_pack.h, store/store_pack.h, issue 15).
 *
 * Every pack is recorded before it is written and falls due an hour
 * later, by when the batch that wrote it has committed or died.  A pack
 * due is looked at once: when no message (and no release under way)
 * points into it, its file goes (a batch killed between writing it and
 * committing, or one whose messages were all known already); otherwise
 * every byte no row points at is erased (a message the batch did not
 * record), and the row is settled.  The retention (purge.c) erases a
 * member at once and makes its pack due again, so the file goes with its
 * last member.
 *
 * tequiod sweeps every pack due at start-up (no batch of its own is under
 * way, and the instance lock keeps out any other tequiod), and hourly
 * those due by then.  Bounded: each pack is looked at once per time it
 * falls due, through an index.  The hourly job also removes what an
 * interrupted write left in spool/tmp (spool_sweep_tmp), as tequiod does
 * at start-up.
 */
#ifndef TEQUIO_PACKS_H
#define TEQUIO_PACKS_H

#include <stddef.h>
#include <stdint.h>

struct config;
struct periodic;
struct store;

/* How long after it was written a pack is first looked at. */
#define PACKS_SETTLE_SECONDS	3600

/*
 * Look at every pack due at or before upto (now: the time to postpone a
 * pack that cannot be looked at now).  *removed (may be NULL) counts the
 * files removed.  0, or -1 (logged) leaving the rest for the next sweep.
 */
int packs_sweep(const struct config *cfg, struct store *st, int64_t upto,
    int64_t now, size_t *removed);

/* The hourly sweep, as a periodic job. */
void packs_register(struct periodic *p, const struct config *cfg,
    struct store *st);

#endif
