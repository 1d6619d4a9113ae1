/* SPDX-License-Identifier: ISC */
/*
 * period.h - the real period of a service: when it started (the agency's
 * acceptance), when it ended (liberación or baja), and the days the law
 * lets it end: no less than [rules] min_months and no more than
 * max_months after the start (art. 55 of the Ley Reglamentaria del
 * Artículo 5º Constitucional), not counting approved pauses (pausedays.h).
 */
#ifndef TEQUIO_PERIOD_H
#define TEQUIO_PERIOD_H

#include <stdint.h>

#include "common/caldate.h"
#include "handlers/handlers.h"
#include "store/store_workflow.h"

/* When the application reached state to_state (its first time), from the
   audit; 0 when it never did.  Returns 0, -1 on a database error. */
int period_reached(struct hctx *ctx, int64_t app_id, enum wf_state to_state,
    int64_t *when);
/* The first day LIBERAR and FINALIZAR are possible for a service that
   started at start and was paused paused_days. */
struct ymd period_earliest_end(const struct hctx *ctx, int64_t start);
/* 1 when the service may end today; 0 with the reason (and the date,
   or the pause that holds it) in why; -1 on error. */
int period_may_end(struct hctx *ctx, int64_t app_id, struct buf *why);
/* 1 when the service ran (or, not yet ended, runs today) past
   max_months, not counting pauses, with no exception approved for it:
   the coordinator must decide (why says so); 0 when within; -1. */
int period_past_max(struct hctx *ctx, int64_t app_id, struct buf *why);

#endif
