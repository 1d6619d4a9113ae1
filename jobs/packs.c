/* SPDX-License-Identifier: ISC */
/*
 * packs.c - sweeping the spool's packs (see packs.h).
 *
 * The files are changed first and the rows after, in one transaction
 * per group: a crash in between leaves the rows due, and looking at a
 * pack again erases nothing more than the first time did.
 */
#include "jobs/packs.h"

#include <stdlib.h>
#include <time.h>

#include "common/log.h"
#include "config/config.h"
#include "jobs/periodic.h"
#include "spool/spool.h"
#include "spool/spool_pack.h"
#include "store/store.h"
#include "store/store_pack.h"

/* Packs looked at per transaction. */
#define GROUP	64

/* What became of one pack. */
enum pack_fate {
	PACK_REMOVED,
	PACK_SETTLED,
	PACK_FAILED,
};

static enum pack_fate
look_at(const struct config *cfg, struct store *st, const char *pack)
{
	char **members;
	size_t n;
	int rc;

	if (store_pack_members(st, pack, &members, &n) != 0)
		return PACK_FAILED;
	if (n == 0)
		rc = spool_pack_remove(cfg->spool, pack);
	else
		rc = spool_pack_keep_only(pack, members, n);
	for (size_t i = 0; i < n; i++)
		free(members[i]);
	free(members);
	if (rc != 0)
		return PACK_FAILED;
	return n == 0 ? PACK_REMOVED : PACK_SETTLED;
}

/* Record the fates of a group in one transaction. */
static int
record(struct store *st, const struct store_pack *packs,
    const enum pack_fate *fate, size_t n, int64_t now)
{
	int rc = 0;

	if (store_begin(st) != 0)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (fate[i] == PACK_REMOVED)
			rc = store_pack_forget(st, packs[i].id);
		else if (fate[i] == PACK_SETTLED)
			rc = store_pack_settle(st, packs[i].id);
		else
			rc = store_pack_recheck(st, packs[i].id,
			    now + PACKS_SETTLE_SECONDS);
	}
	if (rc != 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st);
}

/* One group: 1 when it was full (there may be more), 0 when it was the
   last, -1 on failure. */
static int
sweep_group(const struct config *cfg, struct store *st, int64_t upto,
    int64_t now, size_t *removed)
{
	struct store_pack *packs;
	enum pack_fate fate[GROUP];
	size_t n;
	int failed = 0, rc;

	if (store_pack_due(st, upto, GROUP, &packs, &n) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		fate[i] = look_at(cfg, st, packs[i].path);
		failed |= fate[i] == PACK_FAILED;
		*removed += fate[i] == PACK_REMOVED;
	}
	rc = n > 0 ? record(st, packs, fate, n, now) : 0;
	store_packs_free(packs, n);
	if (rc != 0 || failed)
		return -1;
	return n == GROUP;
}

int
packs_sweep(const struct config *cfg, struct store *st, int64_t upto,
    int64_t now, size_t *removed)
{
	size_t gone = 0;
	int rc;

	/* A group settles or removes every pack it looked at, or ends the
	   sweep at a failure (that pack postponed): the loop ends. */
	while ((rc = sweep_group(cfg, st, upto, now, &gone)) > 0)
		;
	if (gone > 0)
		log_info("spool: %zu pack(s) no message points at removed",
		    gone);
	if (removed != NULL)
		*removed = gone;
	return rc;
}

/* The daemon has one configuration and one store: the job's argument. */
static struct {
	const struct config *cfg;
	struct store *st;
} job;

static int
sweep_hourly(void *arg, int64_t now)
{
	int rc;

	(void)arg;
	rc = packs_sweep(job.cfg, job.st, now, now, NULL);
	if (spool_sweep_tmp(job.cfg->spool, time(NULL),
	    SPOOL_TMP_MAX_AGE) < 0)
		rc = -1;
	return rc;
}

void
packs_register(struct periodic *p, const struct config *cfg,
    struct store *st)
{
	job.cfg = cfg;
	job.st = st;
	periodic_add(p, "spool.packs", PACKS_SETTLE_SECONDS, sweep_hourly,
	    NULL);
}
