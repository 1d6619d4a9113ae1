/* SPDX-License-Identifier: ISC */
/*
 * periodic.c - the periodic jobs (see periodic.h).
 *
 * A job's run is recorded only when it succeeded, so a job that failed
 * (its mail could not be queued, the database was busy) is tried again
 * after RETRY_SECONDS (or its interval, when shorter) instead of a whole
 * interval, and never in a tight loop.  A job whose record
 * cannot be read is skipped for this call: running it blind could repeat
 * it.
 */
#include "jobs/periodic.h"

#include <stdlib.h>

#include "common/log.h"
#include "common/util.h"
#include "store/store.h"

#define RETRY_SECONDS 60

struct job {
	const char *name;
	int64_t interval;
	periodic_fn fn;
	void *arg;
	int64_t retry_at;	/* after a failure, not before this */
};

struct periodic {
	struct store *st;
	struct job *jobs;
	size_t n;
};

struct periodic *
periodic_new(struct store *st)
{
	struct periodic *p = xcalloc(1, sizeof(*p));

	p->st = st;
	return p;
}

void
periodic_free(struct periodic *p)
{
	if (p == NULL)
		return;
	free(p->jobs);
	free(p);
}

void
periodic_add(struct periodic *p, const char *name, int64_t interval,
    periodic_fn fn, void *arg)
{
	p->jobs = xreallocarray(p->jobs, p->n + 1, sizeof(*p->jobs));
	p->jobs[p->n].name = name;
	p->jobs[p->n].interval = interval > 0 ? interval : 1;
	p->jobs[p->n].fn = fn;
	p->jobs[p->n].arg = arg;
	p->jobs[p->n].retry_at = 0;
	p->n++;
}

/* The job's key among the daemon's named numbers; caller frees. */
static char *
job_key(const struct job *j)
{
	return xasprintf("periodic.%s", j->name);
}

/* When job j is due: 1 and *due; 0 when its record cannot be read. */
static int
due_at(struct periodic *p, const struct job *j, int64_t now, int64_t *due)
{
	int64_t last;
	char *key = job_key(j);
	int r = store_state_get(p->st, key, &last);

	free(key);
	if (r < 0)
		return 0;
	*due = r == 0 ? now : last + j->interval;
	if (*due < j->retry_at)
		*due = j->retry_at;
	return 1;
}

static int
record_run(struct periodic *p, const struct job *j, int64_t now)
{
	char *key = job_key(j);
	int rc = -1;

	if (store_begin(p->st) != 0)
		goto done;
	if (store_state_set(p->st, key, now) != 0) {
		store_rollback(p->st);
		goto done;
	}
	rc = store_commit(p->st);
done:
	free(key);
	return rc;
}

int
periodic_run(struct periodic *p, int64_t now)
{
	int ran = 0;

	for (size_t i = 0; i < p->n; i++) {
		struct job *j = &p->jobs[i];
		int64_t due;

		if (!due_at(p, j, now, &due) || due > now)
			continue;
		if (j->fn(j->arg, now) != 0) {
			j->retry_at = now + (j->interval < RETRY_SECONDS ?
			    j->interval : RETRY_SECONDS);
			log_warn("periodic: %s failed; trying again in %lld s",
			    j->name, (long long)(j->retry_at - now));
			continue;
		}
		if (record_run(p, j, now) != 0)
			log_warn("periodic: %s ran but could not be recorded",
			    j->name);
		ran++;
	}
	return ran;
}

int64_t
periodic_next(struct periodic *p, int64_t now)
{
	int64_t next = -1;

	for (size_t i = 0; i < p->n; i++) {
		int64_t due;

		if (!due_at(p, &p->jobs[i], now, &due))
			due = now + p->jobs[i].interval;
		if (next < 0 || due - now < next)
			next = due > now ? due - now : 0;
	}
	return next;
}
