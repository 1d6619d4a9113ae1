/* SPDX-License-Identifier: ISC */
/*
 * pausedays.c - the days a service has been paused (pausedays.h), which
 * the legal period (period.c) and the report calendar (calendar.c) leave
 * out.  The commands that pause and resume are in pause.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/pausedays.h"

/* The day a pause ends (exclusive) as of today, or 0 while it holds. */
int64_t
pause_end_day(const struct wf_pause *p, int64_t today)
{
	if (p->ended_day != 0)
		return p->ended_day;
	if (p->to_day != 0 && p->to_day <= today)
		return p->to_day;
	return 0;
}

static int
pause_counts(const struct wf_pause *p)
{
	return wf_state_is(p->state, ST_PAUSA_VIGENTE) ||
	    wf_state_is(p->state, ST_PAUSA_TERMINADA);
}

int
pause_sum(struct hctx *ctx, int64_t app_id, struct pause_sum *s)
{
	return pause_sum_before(ctx, app_id, INT64_MAX, s);
}

int
pause_sum_before(struct hctx *ctx, int64_t app_id, int64_t before,
    struct pause_sum *s)
{
	int64_t today = ymd_days(ymd_of(ctx->now));
	struct wf_pause *p;
	size_t n;

	memset(s, 0, sizeof(*s));
	if (store_wf_pause_list(ctx->st, app_id, &p, &n) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int64_t end = pause_end_day(&p[i], today);

		if (!pause_counts(&p[i]) || p[i].from_day > today ||
		    p[i].from_day >= before)
			continue;
		if (end != 0) {
			if (end > p[i].from_day) {
				s->days += end - p[i].from_day;
				s->closed_days += end - p[i].from_day;
			}
			continue;
		}
		s->days += today - p[i].from_day;
		s->in_effect = 1;
		s->since = ymd_from_days(p[i].from_day);
	}
	wf_pauses_free(p, n);
	return 0;
}

