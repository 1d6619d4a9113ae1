/* SPDX-License-Identifier: ISC */
/*
 * purge.c - retention, run by the daemon once a day and by tequioctl
 * purge (purge.h).  The database side (which rows, the purge record, the
 * two steps that make it crash-safe) is store_purge.c; here are the
 * cutoffs from [privacy] and the removal of the files.
 *
 * What the law obliges the institution to keep is never touched: the
 * issued letters' folios and hashes (letter_issued) stay, so every
 * letter remains verifiable with VERIFICAR after its owner's file is
 * gone.
 */
#include "jobs/purge.h"

#include <stdlib.h>

#include "common/log.h"
#include "config/config.h"
#include "jobs/packs.h"
#include "jobs/periodic.h"
#include "spool/spool_pack.h"
#include "store/store.h"
#include "store/store_pack.h"

#define DAY	86400

static void
cutoffs(const struct config *cfg, int64_t now, struct purge_cutoffs *c)
{
	c->identity = now - (int64_t)cfg->keep_identity_documents_days * DAY;
	c->student = now - (int64_t)cfg->keep_student_file_days * DAY;
	c->mail = now - (int64_t)cfg->keep_unanswered_mail_days * DAY;
}

static int
mark(struct store *st, int64_t now, const struct purge_cutoffs *c,
    int dry_run, struct purge_item **items, size_t *n)
{
	if (store_begin(st) != 0)
		return -1;
	if (store_purge_mark(st, now, c, items, n) != 0) {
		store_rollback(st);
		return -1;
	}
	if (dry_run) {
		store_rollback(st);
		return 0;
	}
	if (store_commit(st) != 0) {
		purge_items_free(*items, *n);
		*items = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* In the transaction that forgets the paths: each pack a member was
   erased from is due now, so the sweep removes the file once its last
   member is gone (and, after a crash here, the next sweep does). */
static int
packs_due(struct store *st, char **paths, size_t n, int64_t now)
{
	for (size_t i = 0; i < n; i++) {
		char *pack = NULL;
		uint64_t off, len;
		int rc = 0;

		if (spool_member_parse(paths[i], &pack, &off, &len) == 1)
			rc = store_pack_recheck_path(st, pack, now);
		free(pack);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* Remove the files of purged rows (a raw message kept in a pack: its
   bytes punched out of the pack, spool_pack.h); their paths are
   forgotten only when every removal succeeded, so a failure is retried
   at the next run. */
static int
remove_files(const struct config *cfg, struct store *st, int64_t now,
    size_t *files)
{
	char **paths;
	size_t n;
	int failed = 0;

	*files = 0;
	if (store_purge_paths(st, &paths, &n) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (spool_remove(paths[i]) == 0)
			(*files)++;
		else
			failed = 1;
	}
	if (failed || store_begin(st) != 0) {
		purge_paths_free(paths, n);
		return -1;
	}
	if (packs_due(st, paths, n, now) != 0 ||
	    store_purge_forget_paths(st, paths, n) != 0) {
		purge_paths_free(paths, n);
		store_rollback(st);
		return -1;
	}
	purge_paths_free(paths, n);
	if (store_commit(st) != 0)
		return -1;
	/* The bytes are gone already; a pack the sweep cannot remove now
	   stays due, and the hourly sweep goes on with it. */
	(void)packs_sweep(cfg, st, now, now, NULL);
	return 0;
}

int
purge_run(const struct config *cfg, struct store *st, int64_t now,
    int dry_run, struct purge_item **items, size_t *n, size_t *files)
{
	struct purge_cutoffs c;

	*files = 0;
	cutoffs(cfg, now, &c);
	if (mark(st, now, &c, dry_run, items, n) != 0)
		return -1;
	if (dry_run)
		return 0;
	if (remove_files(cfg, st, now, files) != 0)
		return -1;
	/* Ids and counts only: purge_log says whose, the log says how many. */
	log_info("purge: %zu item(s) past retention, %zu file(s) removed",
	    *n, *files);
	return 0;
}

/* The daemon has one configuration and one store: the job's argument. */
static struct {
	const struct config *cfg;
	struct store *st;
} job;

static int
run_daily(void *arg, int64_t now)
{
	struct purge_item *items = NULL;
	size_t n = 0, files;
	int rc;

	(void)arg;
	rc = purge_run(job.cfg, job.st, now, 0, &items, &n, &files);
	purge_items_free(items, n);
	return rc;
}

void
purge_register(struct periodic *p, const struct config *cfg,
    struct store *st)
{
	job.cfg = cfg;
	job.st = st;
	periodic_add(p, "privacy.purge", DAY, run_daily, NULL);
}
