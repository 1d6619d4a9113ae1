/* SPDX-License-Identifier: ISC */
/*
 * calendar.c - the report calendar and its reminders (calendar.h).
 *
 * The due dates are not stored: they follow from the acceptance date and
 * [calendar] reports, so they are the same on every tick.  What is
 * stored is which notice went out (wf_reminder, keyed by kind,
 * application and report), in the same transaction as the mail it
 * queues: a crash before the commit leaves neither, after it both, so a
 * reminder is never sent twice and never lost.  Each notice covers a
 * range of days (the 7-day reminder from 7 to 2 days before, the 1-day
 * one the day before and the day itself) so a daemon that was down on
 * the exact day still sends it, once.
 */
#include <stdlib.h>
#include <string.h>

#include "handlers/calendar.h"
#include "common/log.h"
#include "config/config.h"
#include "handlers/effects.h"
#include "handlers/hletters.h"
#include "handlers/hutil.h"
#include "handlers/say.h"
#include "handlers/notice.h"
#include "handlers/period.h"
#include "handlers/workflow.h"
#include "store/store.h"
#include "store/store_workflow.h"


enum notice_kind { N_NONE, N_WEEK, N_DAY, N_LATE, N_ESCALATE };

static const char *const kind_key[] = {
	[N_WEEK] = "rem7", [N_DAY] = "rem1", [N_LATE] = "late",
	[N_ESCALATE] = "esc",
};

struct ymd
calendar_due(const struct config *cfg, int64_t start, int k)
{
	int months = strcmp(cfg->cal_reports, "milestones") == 0 ?
	    cfg->min_months * (k + 1) / WF_N_REPORTS : 2 * (k + 1);

	return ymd_add_months(ymd_of(start), months);
}

/* Which notice the day calls for, for a report due on due. */
static enum notice_kind
notice_for(const struct config *cfg, struct ymd today, struct ymd due)
{
	int64_t left = ymd_days(due) - ymd_days(today);

	if (left >= 2 && left <= 7)
		return N_WEEK;
	if (left == 0 || left == 1)
		return N_DAY;
	if (left > 7)
		return N_NONE;
	if (ymd_cmp(today, ymd_add_business(due, cfg->cal_tolerance_days)) <= 0)
		return N_LATE;
	return N_ESCALATE;
}

/* A report is delivered when it is in this service (under review or
   accepted) or its hours were accepted in an earlier one. */
static int
delivered(struct hctx *ctx, const struct wf_application *a, int hours,
    const struct wf_hours *h)
{
	struct wf_report r;
	int found, ok;

	if (h->accepted >= hours)
		return 1;
	if ((found = store_wf_report_get(ctx->st, a->id, hours, &r)) < 0)
		return -1;
	ok = found && !wf_state_is(r.state, ST_REPORTE_RECHAZADO);
	wf_report_free(&r);
	return ok;
}

/* The reminder, late notice or escalation kind for report hours. */
static int
send_notice(struct hctx *ctx, const struct wf_application *a, int hours,
    struct ymd due, enum notice_kind kind)
{
	struct vars *v = vars_new();
	char *date = ymd_es(due), *subject = NULL;
	int rc = -1;

	if (vars_alumno(ctx, v, a->student_id) != 0 ||
	    vars_dependencia(ctx, v, a->agency_id) != 0)
		goto out;
	vars_say(ctx, v, "estado.siguiente_paso",
	    S_CALENDARIO_ESCRIBA_CORREO_ASUNTO, "horas=%d", hours);
	if (kind == N_WEEK || kind == N_DAY) {
		vars_say(ctx, v, "estado.descripcion",
		    S_CALENDARIO_REPORTE_ACTIVIDADES_HORAS,
		    "horas=%d fecha=%s", hours, date);
		/* "reporte" in a Subject would read as the command when
		   the student simply replies. */
		subject = say(ctx,
		    S_CALENDARIO_ASUNTO_RECORDATORIO_AVANCE_HORAS,
		    "horas=%d fecha=%s", hours, date);
		rc = notify_to(ctx, a->student_id, v, subject, NULL);
	} else if (kind == N_LATE) {
		vars_say(ctx, v, "estado.descripcion",
		    S_CALENDARIO_REPORTE_ACTIVIDADES_HORAS_2,
		    "horas=%d fecha=%s dias_tolerancia=%d", hours, date,
		    ctx->cfg->cal_tolerance_days);
		subject = say(ctx, S_CALENDARIO_ASUNTO_AVANCE_HORAS_ESTA,
		    "horas=%d", hours);
		rc = notify_to(ctx, a->student_id, v, subject, NULL);
	} else {
		vars_say(ctx, v, "estado.descripcion",
		    S_CALENDARIO_MATRICULA_NO_HA, "alumno.nombre=%s "
		    "alumno.matricula=%s horas=%d fecha=%s "
		    "dias_tolerancia=%d", vars_get(v, "alumno.nombre"),
		    vars_get(v, "alumno.matricula"), hours, date,
		    ctx->cfg->cal_tolerance_days);
		vars_say(ctx, v, "estado.siguiente_paso",
		    S_CALENDARIO_SI_ALUMNO_DEJO, SAY_NONE);
		subject = say(ctx, S_CALENDARIO_ASUNTO_AVANCE_ATRASADO,
		    "alumno.nombre=%s", vars_get(v, "alumno.nombre"));
		rc = notify_to(ctx, a->agency_id, v, subject, NULL) != 0 ||
		    notify_to(ctx, 0, v, subject, NULL) != 0 ? -1 : 0;
	}
out:
	free(subject);
	free(date);
	vars_free(v);
	return rc;
}

/* Send kind for report k unless it went out already.  1 sent, 0 not. */
static int
once(struct hctx *ctx, const struct wf_application *a, int k,
    struct ymd due, enum notice_kind kind)
{
	char *key = xasprintf("%s.%lld.%d", kind_key[kind], (long long)a->id,
	    wf_report_hours[k]);
	int r = store_wf_reminder_once(ctx->st, key, ctx->now);

	free(key);
	if (r == 1 && send_notice(ctx, a, wf_report_hours[k], due, kind) != 0)
		return -1;
	return r;
}

/* After late_reports_baja escalated reports, the coordinator decides a
   baja: the same matter an agency's BAJA opens, caused by the clock. */
static int
late_baja(struct hctx *ctx, const struct wf_application *a, int late)
{
	struct wf_call c;
	char *key, *motivo;
	int r;

	if (ctx->cfg->cal_late_baja == 0 || late < ctx->cfg->cal_late_baja)
		return 0;
	key = xasprintf("baja.%lld", (long long)a->id);
	r = store_wf_reminder_once(ctx->st, key, ctx->now);
	free(key);
	if (r != 1)
		return r;
	motivo = say(ctx, S_CALENDARIO_MOTIVO_BAJA_ATRASADOS, "atrasados=%d",
	    late);
	wf_call_application(&c, ctx, a, EV_BAJA);
	c.motivo = motivo;
	c.note = "calendario";
	r = wf_fire(&c);
	free(motivo);
	return r < 0 ? -1 : 0;
}

static int
tick_service(struct hctx *ctx, const struct wf_application *a)
{
	struct ymd today = ymd_of(ctx->now), due;
	struct wf_hours h;
	int64_t start;
	int late = 0, r;

	if (period_reached(ctx, a->id, ST_SOLICITUD_ACEPTADA, &start) != 0 ||
	    store_wf_hours_student(ctx->st, a->student_id, &h) != 0)
		return -1;
	if (start == 0)
		return 0;
	for (int k = 0; k < WF_N_REPORTS; k++) {
		enum notice_kind kind;

		if ((r = delivered(ctx, a, wf_report_hours[k], &h)) != 0) {
			if (r < 0)
				return -1;
			continue;
		}
		due = calendar_due(ctx->cfg, start, k);
		kind = notice_for(ctx->cfg, today, due);
		if (kind == N_ESCALATE)
			late++;
		/* The late notice comes before the escalation, even when
		   the daemon was down for the whole tolerance. */
		if (kind == N_ESCALATE && once(ctx, a, k, due, N_LATE) < 0)
			return -1;
		if (kind != N_NONE && once(ctx, a, k, due, kind) < 0)
			return -1;
	}
	return late_baja(ctx, a, late);
}

/* A pending application expires application_days business days after
   it was sent; the state change is the record, so it happens once. */
static int
expire(struct hctx *ctx, const struct wf_application *a)
{
	struct ymd last = ymd_add_business(ymd_of(a->created),
	    ctx->cfg->application_days);
	struct wf_call c;

	if (ymd_cmp(ymd_of(ctx->now), last) <= 0)
		return 0;
	wf_call_application(&c, ctx, a, EV_VENCER);
	c.note = "calendario";
	return wf_fire(&c) < 0 ? -1 : 0;
}

/* Run fn on every application in state. */
static int
each_application(struct hctx *ctx, enum wf_state state,
    int (*fn)(struct hctx *, const struct wf_application *))
{
	struct wf_application *a;
	size_t n;
	int rc = 0;

	if (store_wf_application_list(ctx->st, 0, &state, 1, &a, &n) != 0)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = fn(ctx, &a[i]);
	wf_applications_free(a, n);
	return rc;
}

int
calendar_tick(struct hctx *ctx)
{
	if (each_application(ctx, ST_SOLICITUD_PENDIENTE, expire) != 0)
		return -1;
	return each_application(ctx, ST_SOLICITUD_ACEPTADA, tick_service);
}
