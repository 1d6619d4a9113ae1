/* SPDX-License-Identifier: ISC */
/*
 * milestones.h - the reports of a service, by the running total of hours
 * each one brings the student to: 180, 360 and 480 with [calendar]
 * reports = bimonthly or milestones; with monthly, one a month for
 * [rules] min_months months, evenly up to total_hours (80, 160, ... 480
 * for six months and 480 hours).
 */
#ifndef TEQUIO_MILESTONES_H
#define TEQUIO_MILESTONES_H

#include "config/config.h"

/* The most reports a service has: monthly over the longest min_months. */
#define MAX_MILESTONES	120

/* The milestones in order into out; returns how many (at least 1). */
int milestones(const struct config *cfg, int out[MAX_MILESTONES]);
/* The position of milestone h, or -1 when h is none. */
int milestone_index(const struct config *cfg, int h);
/* The milestone before / after h (0 when none). */
int milestone_previous(const struct config *cfg, int h);
int milestone_next(const struct config *cfg, int h);
/* True with [calendar] reports = monthly. */
int milestones_monthly(const struct config *cfg);

#endif
