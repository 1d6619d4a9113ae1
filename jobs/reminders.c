/* SPDX-License-Identifier: ISC */
/*
 * reminders.c - the report calendar (handlers/calendar.c) as a periodic
 * job: once an hour, in one transaction, the reminders, late notices and
 * escalations that the time calls for.
 */
#include <string.h>

#include "handlers/calendar.h"
#include "handlers/hutil.h"
#include "jobs/periodic.h"
#include "jobs/reminders.h"
#include "store/store.h"

#define TICK_SECONDS	3600

struct calendar_job {
	const struct config *cfg;
	struct store *st;
	struct letters *letters;
	const unsigned char *secret;
};

static int
run_job(void *arg, int64_t now)
{
	struct calendar_job *j = arg;
	struct hctx ctx;
	int rc = -1;

	hctx_init_cause(&ctx, HCTX_TIMER, NULL);
	ctx.cfg = j->cfg;
	ctx.st = j->st;
	ctx.letters = j->letters;
	ctx.now = now;
	ctx.secret = j->secret;
	if (store_begin(j->st) != 0)
		goto out;
	if (handlers_load_keys(&ctx) != 0 || calendar_tick(&ctx) != 0) {
		store_rollback(j->st);
		goto out;
	}
	rc = store_commit(j->st);
out:
	tr_free(&ctx);
	reply_free(&ctx.reply);
	return rc;
}

void
reminders_register(struct periodic *p, const struct config *cfg,
    struct store *st, struct letters *l, const unsigned char *secret)
{
	static struct calendar_job job;

	job.cfg = cfg;
	job.st = st;
	job.letters = l;
	job.secret = secret;
	periodic_add(p, "calendar.reminders", TICK_SECONDS, run_job, &job);
}
