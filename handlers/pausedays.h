/* SPDX-License-Identifier: ISC */
/*
 * pausedays.h - how long a service has been paused (PAUSA, art. 55 of
 * the Ley Reglamentaria del Artículo 5º Constitucional: illness or
 * another serious cause).  Approved paused days count neither toward [rules]
 * min_months and max_months nor toward the report calendar.
 */
#ifndef TEQUIO_PAUSEDAYS_H
#define TEQUIO_PAUSEDAYS_H

#include <stdint.h>

#include "common/caldate.h"
#include "handlers/handlers.h"
#include "store/store_pause.h"
#include "store/store_workflow.h"

struct pause_sum {
	int64_t days;		/* approved days paused up to today */
	int64_t closed_days;	/* of those, in pauses already over */
	int in_effect;		/* a pause holds the service today */
	struct ymd since;	/* its first day, when in_effect */
};

/* The day pause p ends (exclusive) as of today (days since 1970-01-01):
   the day service resumed, or its Hasta: once reached; 0 while it
   holds. */
int64_t pause_end_day(const struct wf_pause *p, int64_t today);
/* The pauses of application app_id as of ctx->now.  0, -1. */
int pause_sum(struct hctx *ctx, int64_t app_id, struct pause_sum *s);
/* The same, counting only the pauses that began before day before (days
   since 1970-01-01): what moved a due date of that day. */
int pause_sum_before(struct hctx *ctx, int64_t app_id, int64_t before,
    struct pause_sum *s);

#endif
