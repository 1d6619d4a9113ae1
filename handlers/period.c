/* SPDX-License-Identifier: ISC */
/*
 * period.c - the real period of a service (period.h).
 *
 * A letter that certifies a period must print the days it really ran:
 * the start is the acceptance in the audit trail, the end the liberación
 * (or the baja), both as days in the institution's zone.  The legal
 * minimum and maximum are counted in months of service: the days of an
 * approved pause move both limits later by as many days.
 */
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "config/config.h"
#include "handlers/matters.h"
#include "handlers/pausedays.h"
#include "handlers/period.h"
#include "handlers/say.h"
#include "letters/letters.h"
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
	struct pause_sum p;
	struct ymd first;
	int64_t start;
	char *d, *text, *paused;

	if (period_reached(ctx, app_id, ST_SOLICITUD_ACEPTADA, &start) != 0 ||
	    pause_sum(ctx, app_id, &p) != 0)
		return -1;
	if (start == 0)
		return 1;
	if (p.in_effect) {
		d = ymd_es(p.since);
		buf_say(ctx, why, S_FLUJO_EN_PAUSA, "fecha=%s", d);
		buf_adds(why, " ");
		free(d);
		return 0;
	}
	first = ymd_add_days(period_earliest_end(ctx, start), (int)p.days);
	if (ymd_cmp(ymd_of(ctx->now), first) >= 0)
		return 1;
	d = ymd_es(first);
	paused = p.days > 0 ? xasprintf("%lld", (long long)p.days) :
	    xstrdup("");
	text = say(ctx, S_FLUJO_PERIODO_MINIMO, "meses=%d dias_pausa=%s "
	    "fecha=%s", ctx->cfg->min_months, paused, d);
	buf_printf(why, "%s ", text);
	free(text);
	free(paused);
	free(d);
	return 0;
}

/* The day the service ends: the liberación once issued, else today. */
static int
end_day(struct hctx *ctx, int64_t app_id, struct ymd *end)
{
	int64_t when;

	if (period_reached(ctx, app_id, ST_SOLICITUD_LIBERADA, &when) != 0)
		return -1;
	*end = ymd_of(when != 0 ? when : ctx->now);
	return 0;
}

int
period_past_max(struct hctx *ctx, int64_t app_id, struct buf *why)
{
	struct pause_sum p;
	struct ymd last, end;
	int64_t start;
	char *a, *b;
	int r;

	if (period_reached(ctx, app_id, ST_SOLICITUD_ACEPTADA, &start) != 0 ||
	    pause_sum(ctx, app_id, &p) != 0 || end_day(ctx, app_id, &end) != 0)
		return -1;
	if (start == 0)
		return 0;
	last = ymd_add_days(ymd_add_months(ymd_of(start),
	    ctx->cfg->max_months), (int)p.days);
	if (ymd_cmp(end, last) <= 0)
		return 0;
	if ((r = store_wf_matter_approved_for(ctx->st,
	    MATTER_EXCEPCION_LIBERAR, app_id)) == 0)
		r = store_wf_matter_approved_for(ctx->st,
		    MATTER_EXCEPCION_FINALIZAR, app_id);
	if (r != 0)
		return r < 0 ? -1 : 0;
	a = letters_date_es(start);
	b = ymd_es(last);
	buf_say(ctx, why, S_FLUJO_PERIODO_MAXIMO, "inicio=%s meses=%d "
	    "pausas=%s fin=%s", a, ctx->cfg->max_months, p.days > 0 ? "sí" : "",
	    b);
	buf_adds(why, " ");
	free(a);
	free(b);
	return 1;
}
