/* SPDX-License-Identifier: ISC */
/*
 * calendar.h - the report calendar of every service in progress, and the
 * mail it causes without any mail received: reminders 7 days and 1 day
 * before each due date, a late notice the day after, after the tolerance
 * one list a day to each agency of its late students (and one list of
 * them all to the coordinators), and a baja for the coordinator to decide
 * after [calendar] late_reports_baja late reports.  A paused service
 * (pausedays.h) gets none, and its due dates move by the days paused.
 */
#ifndef TEQUIO_CALENDAR_H
#define TEQUIO_CALENDAR_H

#include <stdint.h>

#include "common/caldate.h"
#include "handlers/handlers.h"


/* The due date of report k (0, 1, 2: 180, 360, 480 hours) of a service
   that started at start. */
struct ymd calendar_due(const struct config *cfg, int64_t start, int k);

/* The same, moved by the pauses of application app_id (as the
   reminders move it).  0, -1. */
int calendar_due_shifted(struct hctx *ctx, int64_t app_id, int64_t start,
    int k, struct ymd *due);

/* Send what ctx->now calls for, inside the caller's transaction; every
   notice is recorded (wf_reminder) with the mail, so it goes once.
   0 or -1. */
int calendar_tick(struct hctx *ctx);

#endif
