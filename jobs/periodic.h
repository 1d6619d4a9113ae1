/* SPDX-License-Identifier: ISC */
/*
 * periodic.h - named jobs the daemon runs now and then, beside the
 * mailbox: the alerts today, reminders and retention later.
 *
 * A job has a name (its key in the database), an interval and a function.
 * periodic_run runs every job that never ran or whose interval has passed
 * since its last run, and records the run; the times are the daemon's
 * "now" (TEQUIO_NOW in tests), and the last runs are in the database, so a
 * restart neither repeats a job nor forgets one.  tequiod calls it at
 * start, after every pass over the mailbox (also with --once), and never
 * waits longer than periodic_next says.
 *
 * To add a job: write int fn(void *arg, int64_t now), returning 0 when
 * done and -1 when it should be tried again at the next call, and
 * periodic_add it before the loop starts.
 */
#ifndef TEQUIO_PERIODIC_H
#define TEQUIO_PERIODIC_H

#include <stdint.h>

struct store;
struct periodic;

typedef int (*periodic_fn)(void *arg, int64_t now);

struct periodic *periodic_new(struct store *st);
void periodic_free(struct periodic *p);

/* name must live as long as p (a string literal). */
void periodic_add(struct periodic *p, const char *name, int64_t interval,
    periodic_fn fn, void *arg);

/* Run the jobs due at now; returns how many ran (failures logged). */
int periodic_run(struct periodic *p, int64_t now);

/* Seconds from now until the next job is due (0: due now, -1: no jobs). */
int64_t periodic_next(struct periodic *p, int64_t now);

#endif
