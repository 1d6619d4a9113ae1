/* SPDX-License-Identifier: ISC */
/*
 * maintenance.c - the database's housekeeping jobs (see maintenance.h).
 * Each is one bounded statement (or two) on the mailbox side's
 * connection, between passes.
 */
#include "jobs/maintenance.h"

#include <stdint.h>

#include "config/config.h"
#include "jobs/periodic.h"
#include "outbox/outbox.h"
#include "store/store.h"

#define HOUR	3600
#define DAY	86400

/* The daemon has one configuration and one store: the jobs' argument. */
static struct {
	const struct config *cfg;
	struct store *st;
} job;

static int
forget_sent(void *arg, int64_t now)
{
	(void)arg;
	return outbox_forget_sent(job.st, job.cfg, now);
}

static int
optimize(void *arg, int64_t now)
{
	(void)arg;
	(void)now;
	return store_optimize(job.st);
}

void
maintenance_register(struct periodic *p, const struct config *cfg,
    struct store *st)
{
	job.cfg = cfg;
	job.st = st;
	periodic_add(p, "outbox.forget_sent", HOUR, forget_sent, NULL);
	periodic_add(p, "database.optimize", DAY, optimize, NULL);
}
