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
#include "handlers/milestones.h"
#include "handlers/say.h"
#include "handlers/notice.h"
#include "handlers/pausedays.h"
#include "handlers/period.h"
#include "handlers/workflow.h"
#include "store/store.h"
#include "store/store_workflow.h"


/* Rounds of moving a due date by pauses (shifted_due): more pauses than
   this in one service is not a real case, and the bound keeps it so. */
#define MAX_PAUSE_ROUNDS	16

enum notice_kind { N_NONE, N_WEEK, N_DAY, N_LATE, N_ESCALATE };

static const char *const kind_key[] = {
	[N_WEEK] = "rem7", [N_DAY] = "rem1", [N_LATE] = "late",
	[N_ESCALATE] = "esc",
};

struct ymd
calendar_due(const struct config *cfg, int64_t start, int k)
{
	int m[MAX_MILESTONES], n = milestones(cfg, m);
	int months = strcmp(cfg->cal_reports, "milestones") == 0 ?
	    cfg->min_months * (k + 1) / n : milestones_monthly(cfg) ? k + 1 :
	    2 * (k + 1);

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

/* A report past the tolerance, for the day's escalation lists. */
struct late {
	int64_t agency_id;
	char *line;		/* "Ana López (matrícula ...): reporte ..." */
	char *agency;		/* the agency's name, for the coordinators */
};

/* What one run of the calendar collects. */
struct tick {
	struct hctx *ctx;
	struct late *late;
	size_t n_late;
};

static void
late_add(struct tick *t, const struct wf_application *a, const char *name,
    const char *matricula, const char *agency, int hours, const char *due)
{
	struct late *l;

	t->late = xreallocarray(t->late, t->n_late + 1, sizeof(*t->late));
	l = &t->late[t->n_late++];
	l->agency_id = a->agency_id;
	l->line = say(t->ctx, S_CALENDARIO_ATRASADO_LINEA, "alumno.nombre=%s "
	    "alumno.matricula=%s horas=%d fecha=%s", name, matricula, hours,
	    due);
	l->agency = xstrdup(agency);
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
send_notice(struct tick *t, const struct wf_application *a, int hours,
    struct ymd due, enum notice_kind kind)
{
	struct hctx *ctx = t->ctx;
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
		rc = notice_to(ctx, a->student_id, v, subject, NULL);
	} else if (kind == N_LATE) {
		vars_say(ctx, v, "estado.descripcion",
		    S_CALENDARIO_REPORTE_ACTIVIDADES_HORAS_2,
		    "horas=%d fecha=%s dias_tolerancia=%d", hours, date,
		    ctx->cfg->cal_tolerance_days);
		subject = say(ctx, S_CALENDARIO_ASUNTO_AVANCE_HORAS_ESTA,
		    "horas=%d", hours);
		rc = notice_to(ctx, a->student_id, v, subject, NULL);
	} else {
		late_add(t, a, vars_get(v, "alumno.nombre"),
		    vars_get(v, "alumno.matricula"),
		    vars_get(v, "dependencia.nombre"), hours, date);
		rc = 0;
	}
out:
	free(subject);
	free(date);
	vars_free(v);
	return rc;
}

/* Send kind for the report of hours unless it went out already.  1 sent, 0 not.
   A pause that ended moved the due date: the notices of the new date
   have keys of their own (shift, in days). */
static int
once(struct tick *t, const struct wf_application *a, int hours,
    struct ymd due, enum notice_kind kind, int64_t shift)
{
	struct hctx *ctx = t->ctx;
	char *key = shift == 0 ? xasprintf("%s.%lld.%d", kind_key[kind],
	    (long long)a->id, hours) : xasprintf("%s.%lld.%d.p%lld",
	    kind_key[kind], (long long)a->id, hours, (long long)shift);
	int r = store_wf_reminder_once(ctx->st, key, ctx->now);

	free(key);
	if (r == 1 && send_notice(t, a, hours, due, kind) != 0)
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

/* A due date moves by the days of the pauses that began before it
   (a pause that began after it leaves a late report late).  Each round
   can only take in pauses that began later, so as many rounds as there
   are pauses settle it. */
static int
shifted_due(struct hctx *ctx, int64_t app_id, struct ymd base,
    struct ymd *due, struct pause_sum *p)
{
	int64_t prev = -1;

	*due = base;
	for (int i = 0; i < MAX_PAUSE_ROUNDS && p->days != prev; i++) {
		prev = p->days;
		if (pause_sum_before(ctx, app_id, ymd_days(*due), p) != 0)
			return -1;
		*due = ymd_add_days(base, (int)p->days);
	}
	return 0;
}

int
calendar_due_shifted(struct hctx *ctx, int64_t app_id, int64_t start, int k,
    struct ymd *due)
{
	struct pause_sum p;

	memset(&p, 0, sizeof(p));
	return shifted_due(ctx, app_id, calendar_due(ctx->cfg, start, k), due,
	    &p);
}

static int
tick_service(struct tick *t, const struct wf_application *a)
{
	struct hctx *ctx = t->ctx;
	struct ymd today = ymd_of(ctx->now), due;
	struct pause_sum p;
	struct wf_hours h;
	int64_t start;
	int late = 0, r, m[MAX_MILESTONES], n = milestones(ctx->cfg, m);

	if (period_reached(ctx, a->id, ST_SOLICITUD_ACEPTADA, &start) != 0 ||
	    store_wf_hours_student(ctx->st, a->student_id, &h) != 0 ||
	    pause_sum(ctx, a->id, &p) != 0)
		return -1;
	/* A paused service owes nothing: its clock is stopped. */
	if (start == 0 || p.in_effect)
		return 0;
	for (int k = 0; k < n; k++) {
		enum notice_kind kind;

		if ((r = delivered(ctx, a, m[k], &h)) != 0) {
			if (r < 0)
				return -1;
			continue;
		}
		if (shifted_due(ctx, a->id, calendar_due(ctx->cfg, start, k),
		    &due, &p) != 0)
			return -1;
		kind = notice_for(ctx->cfg, today, due);
		if (kind == N_ESCALATE)
			late++;
		/* The late notice comes before the escalation, even when
		   the daemon was down for the whole tolerance. */
		if (kind == N_ESCALATE && once(t, a, m[k], due, N_LATE,
		    p.closed_days) < 0)
			return -1;
		if (kind != N_NONE && once(t, a, m[k], due, kind,
		    p.closed_days) < 0)
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

/* One list per agency of its students past the tolerance, and one of
   them all for the coordinators: a day's escalations are one mail each,
   not one per late report. */
static int
escalate_agency(struct tick *t, int64_t agency_id)
{
	struct hctx *ctx = t->ctx;
	struct vars *v = vars_new();
	char *subject;
	size_t n = 0;
	int rc;

	for (size_t i = 0; i < t->n_late; i++)
		if (t->late[i].agency_id == agency_id) {
			vars_set(vars_list_add(v, "faltantes"), "descripcion",
			    t->late[i].line);
			n++;
		}
	vars_say(ctx, v, "estado.descripcion", S_CALENDARIO_ATRASADOS_DEPENDENCIA,
	    "plural=%s dias_tolerancia=%d", n == 1 ? "" : "sí",
	    ctx->cfg->cal_tolerance_days);
	vars_say(ctx, v, "estado.siguiente_paso", S_CALENDARIO_ATRASADOS_BAJA,
	    SAY_NONE);
	subject = say(ctx, S_CALENDARIO_ASUNTO_ATRASADOS, "n=%zu plural=%s", n,
	    n == 1 ? "" : "sí");
	rc = notice_to(ctx, agency_id, v, subject, NULL);
	free(subject);
	vars_free(v);
	return rc;
}

static int
escalate_coordinators(struct tick *t)
{
	struct hctx *ctx = t->ctx;
	struct vars *v = vars_new();
	char *subject;
	int rc;

	for (size_t i = 0; i < t->n_late; i++)
		vars_say(ctx, vars_list_add(v, "faltantes"), "descripcion",
		    S_CALENDARIO_ATRASADO_LINEA_COORDINACION, "linea=%s "
		    "dependencia=%s", t->late[i].line, t->late[i].agency);
	vars_say(ctx, v, "estado.descripcion",
	    S_CALENDARIO_ATRASADOS_COORDINACION, "dias_tolerancia=%d",
	    ctx->cfg->cal_tolerance_days);
	subject = say(ctx, S_CALENDARIO_ASUNTO_ATRASADOS, "n=%zu plural=%s",
	    t->n_late, t->n_late == 1 ? "" : "sí");
	rc = notice_to(ctx, 0, v, subject, NULL);
	free(subject);
	vars_free(v);
	return rc;
}

static int
escalate(struct tick *t)
{
	if (t->n_late == 0)
		return 0;
	for (size_t i = 0; i < t->n_late; i++) {
		int first = 1;

		for (size_t j = 0; j < i && first; j++)
			first = t->late[j].agency_id != t->late[i].agency_id;
		if (first && escalate_agency(t, t->late[i].agency_id) != 0)
			return -1;
	}
	return escalate_coordinators(t);
}

static void
tick_free(struct tick *t)
{
	for (size_t i = 0; i < t->n_late; i++) {
		free(t->late[i].line);
		free(t->late[i].agency);
	}
	free(t->late);
}

int
calendar_tick(struct hctx *ctx)
{
	static const enum wf_state in_service = ST_SOLICITUD_ACEPTADA;
	struct wf_application *a;
	struct tick t;
	size_t n;
	int rc = 0;

	if (each_application(ctx, ST_SOLICITUD_PENDIENTE, expire) != 0 ||
	    pause_tick(ctx) != 0)
		return -1;
	if (store_wf_application_list(ctx->st, 0, &in_service, 1, &a,
	    &n) != 0)
		return -1;
	memset(&t, 0, sizeof(t));
	t.ctx = ctx;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = tick_service(&t, &a[i]);
	if (rc == 0)
		rc = escalate(&t);
	tick_free(&t);
	wf_applications_free(a, n);
	return rc;
}
