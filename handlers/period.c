/* SPDX-License-Identifier: ISC */
/*
 * period.c - the real period of a service (period.h).
 *
 * A letter that certifies a period must print the days it really ran:
 * the start is the acceptance in the audit trail, the end the liberación
 * (or the baja), both as days in the institution's zone.
 */
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "config/config.h"
#include "handlers/period.h"
#include "handlers/say.h"
#include "store/store_workflow.h"

int
period_reached(struct hctx *ctx, int64_t app_id, enum wf_state to_state,
    int64_t *when)
{
	struct wf_audit_row *r;
	size_t n;

	*when = 0;
	if (store_wf_audit_list(ctx->st, WF_SOLICITUD, app_id, &r, &n) != 0)
		return -1;
	for (size_t i = 0; i < n && *when == 0; i++)
		if (wf_state_is(r[i].to_state, to_state))
			*when = r[i].at;
	wf_audit_rows_free(r, n);
	return 0;
}

struct ymd
period_earliest_end(const struct hctx *ctx, int64_t start)
{
	return ymd_add_months(ymd_of(start), ctx->cfg->min_months);
}

int
period_may_end(struct hctx *ctx, int64_t app_id, struct buf *why)
{
	struct ymd first;
	int64_t start;
	char *d, *text;

	if (period_reached(ctx, app_id, ST_SOLICITUD_ACEPTADA, &start) != 0)
		return -1;
	if (start == 0)
		return 1;
	first = period_earliest_end(ctx, start);
	if (ymd_cmp(ymd_of(ctx->now), first) >= 0)
		return 1;
	d = ymd_es(first);
	text = say(ctx, S_FLUJO_PERIODO_MINIMO, "meses=%d fecha=%s",
	    ctx->cfg->min_months, d);
	buf_printf(why, "%s ", text);
	free(text);
	free(d);
	return 0;
}
