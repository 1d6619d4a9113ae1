/* SPDX-License-Identifier: ISC */
/*
 * renovar.c - the convenio's end (handlers/convenio.c) as a periodic job:
 * twice a day, in one transaction, the reminders 60 and 15 days before an
 * agency's convenio ends, to the agency and the coordinators.
 */
#include <string.h>

#include "handlers/convenio.h"
#include "handlers/hutil.h"
#include "jobs/periodic.h"
#include "jobs/renovar.h"
#include "store/store.h"

#define TICK_SECONDS	(12 * 3600)

struct renovar_job {
	const struct config *cfg;
	struct store *st;
	struct letters *letters;
	const unsigned char *secret;
};

static int
run_job(void *arg, int64_t now)
{
	struct renovar_job *j = arg;
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
	if (handlers_load_keys(&ctx) != 0 || convenio_tick(&ctx) != 0) {
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
renovar_register(struct periodic *p, const struct config *cfg,
    struct store *st, struct letters *l, const unsigned char *secret)
{
	static struct renovar_job job;

	job.cfg = cfg;
	job.st = st;
	job.letters = l;
	job.secret = secret;
	periodic_add(p, "convenio.renovar", TICK_SECONDS, run_job, &job);
}
