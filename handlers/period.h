/* SPDX-License-Identifier: ISC */
/*
 * period.h - the real period of a service: when it started (the agency's
 * acceptance), when it ended (liberación or baja), and the first day the
 * law lets it end ([rules] min_months after the start, art. 55 of the Ley
 * Reglamentaria del Artículo 5º Constitucional).
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
   started at start. */
struct ymd period_earliest_end(const struct hctx *ctx, int64_t start);
/* 1 when the service that started at start may end today; 0 with the
   reason (and the date) in why; -1 on error. */
int period_may_end(struct hctx *ctx, int64_t app_id, struct buf *why);

#endif
