/* SPDX-License-Identifier: ISC */
/*
 * reminders.c - the mail time calls for, as periodic jobs: the report
 * calendar (handlers/calendar.c: reminders, late notices and escalations)
 * once an hour, and the convenio's end (handlers/convenio.c: RENOVAR
 * reminders 60 and 15 days before) twice a day; each run in one
 * transaction.
 */
#include <string.h>

#include "handlers/calendar.h"
#include "handlers/convenio.h"
#include "handlers/hutil.h"
#include "jobs/periodic.h"
#include "jobs/reminders.h"
#include "store/store.h"

#define TICK_SECONDS		3600
#define CONVENIO_TICK_SECONDS	(12 * 3600)

struct tick_job {
	const struct config *cfg;
	struct store *st;
	struct letters *letters;
	const unsigned char *secret;
	int (*tick)(struct hctx *ctx);
};

static int
run_job(void *arg, int64_t now)
{
	struct tick_job *j = arg;
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
	if (handlers_load_keys(&ctx) != 0 || j->tick(&ctx) != 0) {
		store_rollback(j->st);
		goto out;
	}
	rc = store_commit(j->st);
out:
	tr_free(&ctx);
	reply_free(&ctx.reply);
	return rc;
}

static void
job_set(struct tick_job *job, const struct config *cfg, struct store *st,
    struct letters *l, const unsigned char *secret)
{
	job->cfg = cfg;
	job->st = st;
	job->letters = l;
	job->secret = secret;
}

void
reminders_register(struct periodic *p, const struct config *cfg,
    struct store *st, struct letters *l, const unsigned char *secret)
{
	static struct tick_job job = {.tick = calendar_tick};

	job_set(&job, cfg, st, l, secret);
	periodic_add(p, "calendar.reminders", TICK_SECONDS, run_job, &job);
}

void
renovar_register(struct periodic *p, const struct config *cfg,
    struct store *st, struct letters *l, const unsigned char *secret)
{
	static struct tick_job job = {.tick = convenio_tick};

	job_set(&job, cfg, st, l, secret);
	periodic_add(p, "convenio.renovar", CONVENIO_TICK_SECONDS, run_job,
	    &job);
}
