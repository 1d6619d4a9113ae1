/* SPDX-License-Identifier: ISC */
/*
 * h_reporte.c - the student's activity reports at 180, 360 and 480 hours:
 * each goes to the coordinators for review (a matter with its code) and
 * to the agency for its knowledge; sent again while under review it
 * replaces the previous one; the next one is accepted only after the
 * previous one was.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/log.h"
#include "handlers/commands.h"
#include "handlers/docs.h"
#include "handlers/effects.h"
#include "handlers/hletters.h"
#include "handlers/hutil.h"
#include "handlers/say.h"
#include "handlers/notice.h"
#include "handlers/matters.h"
#include "handlers/milestones.h"
#include "handlers/period.h"
#include "handlers/report_form.h"
#include "handlers/workflow.h"

/* Send the report's document to the agency, for its knowledge. */
static int
tell_agency(struct wf_call *c, const struct reply_att *att, int again)
{
	struct hctx *ctx = c->ctx;
	struct vars *v = vars_new();
	struct notice n;
	char *subject;
	int rc = -1;

	if (vars_alumno(ctx, v, c->student_id) != 0)
		goto out;
	vars_say(ctx, v, "estado.descripcion", S_REPORTE_ALUMNO_ENTREGO,
	    "alumno.nombre=%s alumno.matricula=%s horas=%d de_nuevo=%s",
	    vars_get(v, "alumno.nombre"), vars_get(v, "alumno.matricula"),
	    c->hours, again ? "sí" : "");
	vars_say(ctx, v, "estado.siguiente_paso",
	    S_REPORTE_EVALUELO_VALIDAR_CUERPO, "alumno.matricula=%s",
	    vars_get(v, "alumno.matricula"));
	subject = say(ctx, S_REPORTE_ASUNTO_AVANCE_HORAS,
	    "horas=%d alumno.nombre=%s", c->hours,
	    vars_get(v, "alumno.nombre"));
	memset(&n, 0, sizeof(n));
	n.subject = subject;
	n.v = v;
	n.att = att;
	n.n_att = 1;
	rc = notice_account(ctx, c->agency_id, &n);
	free(subject);
out:
	vars_free(v);
	return rc;
}

/* The open review of the report, or a new one for the coordinators. */
static int
review(struct wf_call *c, const struct reply_att *att)
{
	struct hctx *ctx = c->ctx;
	struct wf_matter m;
	struct vars *v = vars_new();
	char code[CODE_LEN + 1];
	int r, rc = -1;

	memset(&m, 0, sizeof(m));
	if ((r = store_wf_matter_open_for(ctx->st, MATTER_REPORTE, c->id,
	    &m)) < 0)
		goto out;
	if (vars_alumno(ctx, v, c->student_id) != 0 ||
	    vars_dependencia(ctx, v, c->agency_id) != 0)
		goto out;
	vars_say(ctx, v, "estado.descripcion",
	    S_REPORTE_DEPENDENCIA_ALUMNO_ENTREGO, "alumno.nombre=%s "
	    "alumno.matricula=%s dependencia.nombre=%s horas=%d "
	    "version_nueva=%s", vars_get(v, "alumno.nombre"),
	    vars_get(v, "alumno.matricula"),
	    vars_get(v, "dependencia.nombre"), c->hours, r == 1 ? "sí" : "");
	if (r == 1) {
		/* The same matter still decides it, under a code that is
		   alive: the notice must not show one that has expired. */
		struct notice n;
		char *subject;

		if (matter_live_code(ctx, &m, code) != 0)
			goto out;
		vars_set(v, "codigo", code);
		vars_say(ctx, v, "estado.siguiente_paso",
		    S_REPORTE_DECIDA_APROBAR_RECHAZAR, "codigo=%s", code);
		subject = say(ctx, S_REPORTE_ASUNTO_DECISION_PENDIENTE_VERSION,
		    "codigo=%s", code);
		memset(&n, 0, sizeof(n));
		n.subject = subject;
		n.v = v;
		n.tok_kind = RTOK_MATTER;
		n.tok_id = m.id;
		n.att = att;
		n.n_att = 1;
		rc = notice_coordinators(ctx, &n);
		free(subject);
	} else
		rc = matter_open(ctx, MATTER_REPORTE, c->id, v, att, 1,
		    &c->matter_id, code);
out:
	wf_matter_free(&m);
	vars_free(v);
	return rc;
}

/* What a report declares: the hours of its period, and the period. */
struct declared {
	int served;
	int assumed;		/* no "Horas:": what the milestone needed */
	struct ymd from, to;
};

static void
hours_help(struct hctx *ctx, int milestone)
{
	tr_say(ctx, TR_NEXT, S_REPORTE_ENVIE_REPORTE_NUEVO, "horas=%d",
	    milestone);
}

/* The period the report names, or by default from the day after the
   last accepted report (or the acceptance) to today.  0, 1 refused. */
static int
read_period(struct wf_call *c, int64_t start, struct declared *d)
{
	struct hctx *ctx = c->ctx;
	struct ymd today = ymd_of(ctx->now), first = ymd_of(start);
	char *v = hctx_field(ctx, "Periodo"), *a, *b;
	int64_t last;

	if (v == NULL) {
		if (store_wf_report_last_end(ctx->st, c->student_id, &last) != 0)
			return -1;
		d->to = today;
		d->from = last != 0 && last >= ymd_days(first) ?
		    ymd_from_days(last + 1) : first;
		if (ymd_cmp(d->from, d->to) > 0)
			d->from = d->to;
		return 0;
	}
	if (period_parse(v, today, &d->from, &d->to) != 0) {
		tr_say(ctx, TR_ERROR, S_REPORTE_NO_ENTENDIMOS_PERIODO,
		    "valor=%s", v);
		free(v);
		hours_help(ctx, c->hours);
		return 1;
	}
	free(v);
	a = ymd_es(d->from);
	b = ymd_es(d->to);
	if (ymd_cmp(d->from, d->to) > 0)
		tr_say(ctx, TR_ERROR, S_REPORTE_PERIODO_EMPIEZA_DESPUES,
		    "desde=%s hasta=%s", a, b);
	else if (ymd_cmp(d->to, today) > 0)
		tr_say(ctx, TR_ERROR, S_REPORTE_PERIODO_TERMINA_FECHA,
		    "hasta=%s", b);
	else if (ymd_cmp(d->from, first) < 0) {
		free(b);
		b = ymd_es(first);
		tr_say(ctx, TR_ERROR, S_REPORTE_PERIODO_EMPIEZA_ANTES,
		    "desde=%s hasta=%s", a, b);
	}
	free(a);
	free(b);
	return tr_refused(ctx) ? 1 : 0;
}

/* [rules] max_hours_per_month, prorated to the period's days. */
static int
within_cap(struct hctx *ctx, const struct declared *d)
{
	int cap = ctx->cfg->max_hours_per_month;
	int64_t days = ymd_days(d->to) - ymd_days(d->from) + 1;
	int64_t allowed = (cap * days + 29) / 30;

	if (cap == 0 || d->served <= allowed)
		return 1;
	tr_say(ctx, TR_ERROR, S_REPORTE_REPORTE_DECLARA_HORAS,
	    "horas_periodo=%d dias=%lld maximo_mes=%d maximo=%lld", d->served,
	    (long long)days, cap, (long long)allowed);
	tr_say(ctx, TR_NEXT, S_REPORTE_REVISE_HORAS_PERIODO, SAY_NONE);
	return 0;
}

/* The milestone of the Subject is the total this report brings the
   student to, counting the hours of earlier services. */
static int
reaches_milestone(struct wf_call *c, const struct declared *d)
{
	struct hctx *ctx = c->ctx;
	struct wf_hours h;
	int total;

	if (store_wf_hours_student(ctx->st, c->student_id, &h) != 0)
		return -1;
	total = h.accepted + d->served;
	if (h.accepted >= c->hours) {
		tr_say(ctx, TR_ERROR, S_REPORTE_TIENE_HORAS_ACEPTADAS,
		    "aceptadas=%d horas=%d", h.accepted, c->hours);
		if (milestone_next(ctx->cfg, c->hours) != 0)
			tr_say(ctx, TR_NEXT,
			    S_REPORTE_SIGUIENTE_REPORTE_REPORTE, "horas=%d",
			    milestone_next(ctx->cfg, c->hours));
		return 0;
	}
	if (total < c->hours) {
		tr_say(ctx, TR_ERROR, S_REPORTE_ESTE_REPORTE_ACUMULARIA,
		    "total=%d aceptadas=%d horas_periodo=%d horas=%d "
		    "faltan=%d", total, h.accepted, d->served, c->hours,
		    c->hours - total);
		tr_say(ctx, TR_NEXT, S_REPORTE_ENVIE_REPORTE_CUANDO,
		    "horas=%d", c->hours);
		return 0;
	}
	return 1;
}

/* A report sent again without "Horas:" (a corrected PDF in reply to a
   rejection) keeps what it declared before.  1 kept, 0 none, -1. */
static int
kept_hours(struct wf_call *c, struct declared *d)
{
	struct wf_report r;
	int found = store_wf_report_by_id(c->ctx->st, c->id, &r), kept;

	if (found < 0)
		return -1;
	kept = found == 1 && r.served > 0 && r.period_to != 0;
	if (kept) {
		d->served = r.served;
		d->from = ymd_from_days(r.period_from);
		d->to = ymd_from_days(r.period_to);
		d->assumed = 1;
	}
	wf_report_free(&r);
	return kept;
}

/* Read and check Horas: and Periodo:.  0, 1 refused (told), -1 error. */
static int
read_declared(struct wf_call *c, struct declared *d)
{
	struct hctx *ctx = c->ctx;
	char *v = hctx_field(ctx, "Horas");
	struct wf_hours h;
	int64_t start;
	int r;

	d->assumed = 0;
	if (v == NULL && c->id != 0 && (r = kept_hours(c, d)) != 0)
		return r < 0 ? -1 : 0;
	if (v == NULL) {
		/* Counting what the milestone needed would certify hours
		   nobody declared: ask for them. */
		if (store_wf_hours_student(ctx->st, c->student_id, &h) != 0)
			return -1;
		tr_say(ctx, TR_ERROR, S_REPORTE_SIN_HORAS, "aceptadas=%d "
		    "horas=%d minimo=%d", h.accepted, c->hours,
		    c->hours > h.accepted ? c->hours - h.accepted : 0);
		hours_help(ctx, c->hours);
		return 1;
	} else if (hours_parse(v, &d->served) != 0) {
		tr_say(ctx, TR_ERROR, S_REPORTE_NO_ENTENDIMOS_HORAS,
		    "valor=%s", v);
		free(v);
		hours_help(ctx, c->hours);
		return 1;
	}
	free(v);
	if (period_reached(ctx, c->application_id, ST_SOLICITUD_ACEPTADA,
	    &start) != 0)
		return -1;
	if ((r = read_period(c, start ? start : ctx->now, d)) != 0)
		return r;
	if (!within_cap(ctx, d))
		return 1;
	r = reaches_milestone(c, d);
	return r < 0 ? -1 : !r;
}

enum wf_verdict
fx_reporte_recibir(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	const struct attachment *a = c->data;
	struct reply_att att;
	struct declared d;
	int64_t doc;
	char *doc_name;
	int again = c->id != 0 && c->state == ST_REPORTE_EN_REVISION;
	int rc;

	if ((rc = read_declared(c, &d)) != 0)
		return rc;
	rc = -1;
	if (c->id == 0 && store_wf_report_insert(ctx->st, c->application_id,
	    c->hours, 0, ctx->now, &c->id) != 0)
		return -1;
	c->report_id = c->id;
	if (store_wf_report_set_hours(ctx->st, c->id, d.served,
	    ymd_days(d.from), ymd_days(d.to)) != 0)
		return -1;
	/* A new version is the agency's to evaluate again. */
	if (again && store_wf_report_set_grade(ctx->st, c->id, "", "") != 0)
		return -1;
	if (docs_store(ctx, a, DOC_REPORTE, c->student_id, c->id, &doc) != 0 ||
	    store_wf_report_set_document(ctx->st, c->id, doc) != 0)
		return -1;
	if (docs_attachment(ctx, doc, 0, &att) != 0)
		return -1;
	if (review(c, &att) != 0 || tell_agency(c, &att, again) != 0)
		goto out;
	doc_name = say(ctx, S_REPORTE_DOCUMENTO, SAY_NONE);
	tr_document_said(ctx, doc_name, again ? S_REPORTE_REEMPLAZA_ANTERIOR :
	    S_ESTADO_DOCUMENTO_LLEGO, a->filename, attachment_human(a));
	free(doc_name);
	tr_say(ctx, TR_DONE, S_REPORTE_RECIBIMOS_REPORTE, "horas=%d "
	    "de_nuevo=%s horas_periodo=%d", c->hours, again ? "sí" : "",
	    d.served);
	if (d.assumed)
		tr_say(ctx, TR_DONE, S_REPORTE_COMO_NO_INDICO,
		    "horas_periodo=%d horas=%d", d.served, c->hours);
	tr_say(ctx, TR_NEXT, S_REPORTE_ESPERE_REVISION_COORDINACION, SAY_NONE);
	rc = 0;
out:
	reply_att_clear(&att);
	return rc;
}

int
report_validated(struct hctx *ctx, int64_t report_id, struct buf *why)
{
	struct wf_document d;
	struct wf_report r;
	struct ymd first;
	char *grade = NULL, *notes = NULL, *date;
	int ok = -1;

	memset(&d, 0, sizeof(d));
	if (store_wf_report_by_id(ctx->st, report_id, &r) != 1)
		return -1;
	if (store_wf_report_grade(ctx->st, report_id, &grade, &notes) != 0)
		goto out;
	ok = 1;
	if (*grade != '\0' || ctx->cfg->cal_validation_days == 0)
		goto out;
	ok = -1;
	if (store_wf_document_get(ctx->st, r.document_id, &d) != 1)
		goto out;
	first = ymd_add_business(ymd_of(d.created),
	    ctx->cfg->cal_validation_days + 1);
	ok = ymd_cmp(ymd_of(ctx->now), first) >= 0;
	if (!ok) {
		date = ymd_es(first);
		buf_say(ctx, why, S_REPORTE_ESPERA_VALIDACION, "horas=%d "
		    "fecha=%s", r.hours, date);
		free(date);
	}
out:
	free(grade);
	free(notes);
	wf_document_free(&d);
	wf_report_free(&r);
	return ok;
}

/* Fill the call's application facts from the report row. */
static int
report_facts(struct wf_call *c, struct wf_report *r)
{
	struct wf_application a;

	if (store_wf_report_by_id(c->ctx->st, c->id, r) != 1)
		return -1;
	if (store_wf_application_get(c->ctx->st, r->application_id, &a) != 1) {
		wf_report_free(r);
		return -1;
	}
	c->hours = r->hours;
	c->application_id = a.id;
	c->student_id = a.student_id;
	c->agency_id = a.agency_id;
	wf_application_free(&a);
	return 0;
}

static int
tell_student(struct wf_call *c, const char *what, const char *next)
{
	struct hctx *ctx = c->ctx;
	struct vars *v = vars_new();
	struct notice n;
	char *subject;
	int rc;

	vars_set(v, "estado.descripcion", what);
	vars_set(v, "estado.siguiente_paso", next);
	if (c->motivo && *c->motivo)
		vars_set(v, "motivo", c->motivo);
	subject = say(ctx, S_REPORTE_ASUNTO_REVISION_AVANCE_HORAS, "horas=%d",
	    c->hours);
	memset(&n, 0, sizeof(n));
	n.subject = subject;
	n.v = v;
	rc = notice_account(ctx, c->student_id, &n);
	free(subject);
	vars_free(v);
	return rc;
}

enum wf_verdict
fx_reporte_aprobar(struct wf_call *c)
{
	struct wf_report r;
	struct wf_hours h;
	char *what = NULL, *next = NULL;
	int rc = -1;

	if (report_facts(c, &r) != 0)
		return -1;
	/* wf_fire writes the state after the effect: count this one. */
	if (store_wf_hours_student(c->ctx->st, c->student_id, &h) != 0)
		goto out;
	h.accepted += r.served;
	what = say(c->ctx, S_REPORTE_COORDINACION_ACEPTO_SU_REPORTE,
	    "horas=%d horas_periodo=%d aceptadas=%d total=%d", c->hours,
	    r.served, h.accepted, c->ctx->cfg->total_hours);
	if (h.accepted < c->ctx->cfg->total_hours &&
	    milestone_next(c->ctx->cfg, c->hours) != 0)
		next = say(c->ctx, S_REPORTE_ACEPTADO_SIGUIENTE, "horas=%d",
		    milestone_next(c->ctx->cfg, c->hours));
	else if (h.accepted < c->ctx->cfg->total_hours)
		next = say(c->ctx, S_REPORTE_ACEPTADO_FALTAN, "faltan=%d "
		    "horas=%d", c->ctx->cfg->total_hours - h.accepted,
		    c->hours);
	else
		next = say(c->ctx, S_REPORTE_ACEPTADO_CUMPLIDAS, SAY_NONE);
	if (tell_student(c, what, next) != 0)
		goto out;
	if (h.accepted >= c->ctx->cfg->total_hours) {
		struct hctx *ctx = c->ctx;
		struct vars *v = vars_new();
		struct notice n;
		char *subject;
		int err;

		err = vars_alumno(ctx, v, c->student_id);
		vars_say(ctx, v, "estado.descripcion",
		    S_REPORTE_COORDINACION_ACEPTO_REPORTE, "horas=%d "
		    "alumno.nombre=%s alumno.matricula=%s aceptadas=%d",
		    c->hours, vars_get(v, "alumno.nombre"),
		    vars_get(v, "alumno.matricula"), h.accepted);
		vars_say(ctx, v, "estado.siguiente_paso",
		    S_REPORTE_EMITA_CARTA_LIBERACION, "alumno.matricula=%s",
		    vars_get(v, "alumno.matricula"));
		subject = say(ctx, S_REPORTE_ASUNTO_LIBERACION_PROCEDE,
		    "alumno.nombre=%s", vars_get(v, "alumno.nombre"));
		memset(&n, 0, sizeof(n));
		n.subject = subject;
		n.v = v;
		if (err == 0)
			err = notice_account(ctx, c->agency_id, &n);
		free(subject);
		vars_free(v);
		if (err != 0)
			goto out;
	}
	tr_say(c->ctx, TR_DONE, S_REPORTE_ACEPTAMOS_REPORTE, "horas=%d "
	    "a_la_dependencia=%s", c->hours,
	    h.accepted >= c->ctx->cfg->total_hours ? "sí" : "");
	rc = 0;
out:
	free(what);
	free(next);
	wf_report_free(&r);
	return rc;
}

enum wf_verdict
fx_reporte_rechazar(struct wf_call *c)
{
	struct wf_report r;
	char *what = NULL, *next = NULL;
	int rc = -1;

	if (report_facts(c, &r) != 0)
		return -1;
	what = say(c->ctx, S_REPORTE_COORDINACION_NO_ACEPTO, "horas=%d "
	    "motivo=%s", c->hours, c->motivo);
	next = say(c->ctx, S_REPORTE_CORRIJA_REPORTE, "horas=%d", c->hours);
	if (tell_student(c, what, next) == 0) {
		tr_say(c->ctx, TR_DONE, S_REPORTE_RECHAZAMOS_REPORTE_HORAS,
		    "horas=%d", c->hours);
		rc = 0;
	}
	free(what);
	free(next);
	wf_report_free(&r);
	return rc;
}

/* The milestone the Subject names: one of the configuration's
   (milestones.h); with monthly reports the first number of the arguments
   ("Reporte de 80 horas").  0 when it names none. */
static int
parse_hours(const struct hctx *ctx)
{
	const char *args = ctx->cl->args;
	int h = 0;

	if (milestones_monthly(ctx->cfg)) {
		if (hours_parse(args, &h) != 0)
			return 0;
	} else {
		char *w = hctx_arg_word(ctx, 0);

		h = w != NULL ? atoi(w) : 0;
		if (w != NULL && strspn(w, "0123456789") != strlen(w))
			h = 0;
		free(w);
	}
	return milestone_index(ctx->cfg, h) >= 0 ? h : 0;
}

/* "REPORTE 180, REPORTE 360 o REPORTE 480" (the first three and the last
   when there are more). */
static void
milestone_subjects(const struct config *cfg, struct buf *out)
{
	int m[MAX_MILESTONES], n = milestones(cfg, m);

	for (int i = 0; i < n; i++) {
		if (n > 4 && i == 3) {
			buf_adds(out, ", …");
			i = n - 2;
			continue;
		}
		buf_printf(out, "%sREPORTE %d", i == 0 ? "" : i == n - 1 ?
		    " o " : ", ", m[i]);
	}
}

int
h_reporte(struct hctx *ctx)
{
	static const enum doc_kind want[] = {DOC_REPORTE};
	struct wf_application a;
	struct wf_report r;
	struct doc_pick pick;
	struct wf_call c;
	int hours = parse_hours(ctx), found, rc;

	if (hours == 0) {
		struct buf b;

		buf_init(&b);
		milestone_subjects(ctx->cfg, &b);
		tr_say(ctx, TR_ERROR, S_REPORTE_NO_SABEMOS_CUANTAS, SAY_NONE);
		tr_say(ctx, TR_NEXT, S_REPORTE_ENVIELO_NUEVO_ASUNTO,
		    "asuntos=%s", b.data);
		buf_free(&b);
		return 0;
	}
	docs_pick(ctx, want, ARRAY_LEN(want), DOC_REPORTE, &pick);
	if (pick.att[DOC_REPORTE] == NULL) {
		if (!pick.bad)
			tr_say(ctx, TR_ERROR, S_REPORTE_MENSAJE_NO_TRAE,
			    SAY_NONE);
		tr_say(ctx, TR_NEXT, S_REPORTE_ENVIE_REPORTE_NUEVO_2,
		    "horas=%d", hours);
		return 0;
	}
	if ((found = store_wf_application_latest(ctx->st, ctx->account_id,
	    &a)) < 0)
		return -1;
	if (found == 0) {
		enum wf_state st;

		if (store_wf_state_get(ctx->st, WF_ALUMNO, ctx->account_id,
		    &st) < 0)
			return -1;
		tr_say(ctx, TR_ERROR, S_REPORTE_NO_SE_PUEDE_RECIBIR,
		    "estado=%s", wf_state_text(st));
		return 0;
	}
	if ((found = store_wf_report_get(ctx->st, a.id, hours, &r)) < 0) {
		wf_application_free(&a);
		return -1;
	}
	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.entity = WF_REPORTE;
	c.id = found ? r.id : 0;
	c.event = EV_REPORTE;
	c.hours = hours;
	c.application_id = a.id;
	c.student_id = a.student_id;
	c.agency_id = a.agency_id;
	c.program_id = a.program_id;
	c.data = (void *)pick.att[DOC_REPORTE];
	rc = wf_fire(&c);
	wf_report_free(&r);
	wf_application_free(&a);
	return rc < 0 ? -1 : 0;
}

/* ---- the agency evaluates: VALIDAR and OBSERVAR ---- */

/* The report of the agency's student that is under review. */
static int
report_in_review(struct hctx *ctx, struct wf_application *a,
    struct wf_report *r)
{
	int m[MAX_MILESTONES], n = milestones(ctx->cfg, m), found;

	memset(r, 0, sizeof(*r));
	if ((found = hctx_agency_student_by_arg(ctx, a)) <= 0)
		return found;

	for (int i = 0; i < n; i++) {
		if ((found = store_wf_report_get(ctx->st, a->id, m[i],
		    r)) < 0)
			break;
		if (found && wf_state_is(r->state, ST_REPORTE_EN_REVISION))
			return 1;
		wf_report_free(r);
		found = 0;
	}
	wf_application_free(a);
	if (found == 0)
		tr_say(ctx, TR_ERROR, S_REPORTE_ESE_ALUMNO_NO, SAY_NONE);
	return found;
}

/* With the agency's grade the coordinators may decide: the notice says
   how, with the live code of the report's matter.  0, -1. */
static int
decide_now(struct hctx *ctx, int64_t report_id, struct vars *v)
{
	struct wf_matter m;
	char code[CODE_LEN + 1];
	int r = store_wf_matter_open_for(ctx->st, MATTER_REPORTE, report_id,
	    &m);

	if (r <= 0)
		return r;
	r = matter_live_code(ctx, &m, code);
	if (r == 0)
		vars_say(ctx, v, "estado.siguiente_paso",
		    S_REPORTE_VALIDADO_DECIDIR, "codigo=%s", code);
	wf_matter_free(&m);
	return r;
}

int
h_validar(struct hctx *ctx)
{
	struct wf_application a;
	struct wf_report r;
	struct vars *v;
	const char *grade;
	char *g = hctx_field(ctx, "Calificación"), *notes, *subject;
	int found, rc = -1;

	if ((found = report_in_review(ctx, &a, &r)) <= 0) {
		free(g);
		return found;
	}
	if (g == NULL || (grade = grade_parse(g)) == NULL) {
		tr_say(ctx, TR_ERROR, S_REPORTE_FALTA_CALIFICACION_NO,
		    SAY_NONE);
		free(g);
		wf_report_free(&r);
		wf_application_free(&a);
		return 0;
	}
	free(g);
	notes = hctx_field(ctx, "Observaciones");
	v = vars_new();
	if (store_wf_report_set_grade(ctx->st, r.id, grade, notes ? notes :
	    "") != 0 || vars_alumno(ctx, v, a.student_id) != 0 ||
	    vars_dependencia(ctx, v, a.agency_id) != 0)
		goto out;
	vars_say(ctx, v, "estado.descripcion", S_REPORTE_DEPENDENCIA_EVALUO,
	    "dependencia.nombre=%s horas=%d alumno.nombre=%s "
	    "alumno.matricula=%s calificacion=%s observaciones=%s",
	    vars_get(v, "dependencia.nombre"), r.hours,
	    vars_get(v, "alumno.nombre"), vars_get(v, "alumno.matricula"),
	    grade, notes ? notes : "");
	if (decide_now(ctx, r.id, v) != 0)
		goto out;
	subject = say(ctx, S_REPORTE_ASUNTO_EVALUACION_AVANCE,
	    "alumno.nombre=%s", vars_get(v, "alumno.nombre"));
	rc = notice_to(ctx, 0, v, subject, NULL);
	free(subject);
	if (rc == 0)
		tr_say(ctx, TR_DONE, S_REPORTE_REGISTRAMOS_EVALUACION_REPORTE,
		    "horas=%d alumno.nombre=%s calificacion=%s", r.hours,
		    vars_get(v, "alumno.nombre"), grade);
out:
	free(notes);
	vars_free(v);
	wf_report_free(&r);
	wf_application_free(&a);
	return rc;
}

int
h_observar(struct hctx *ctx)
{
	struct wf_application a;
	struct wf_report r;
	struct vars *v;
	char *motivo, *subject;
	int found, rc = -1;

	if ((found = report_in_review(ctx, &a, &r)) <= 0)
		return found;
	motivo = hctx_arg_rest(ctx, 1);
	v = vars_new();
	if (*motivo == '\0') {
		tr_say(ctx, TR_ERROR, S_REPORTE_FALTAN_OBSERVACIONES_ESCRIBA,
		    SAY_NONE);
		rc = 0;
		goto out;
	}
	if (vars_alumno(ctx, v, a.student_id) != 0 ||
	    vars_dependencia(ctx, v, a.agency_id) != 0)
		goto out;
	vars_say(ctx, v, "estado.descripcion",
	    S_REPORTE_HIZO_OBSERVACIONES_REPORTE,
	    "dependencia.nombre=%s horas=%d motivo=%s",
	    vars_get(v, "dependencia.nombre"), r.hours, motivo);
	vars_say(ctx, v, "estado.siguiente_paso",
	    S_REPORTE_CORRIJA_REPORTE_ENVIELO, "horas=%d", r.hours);
	subject = say(ctx, S_REPORTE_ASUNTO_OBSERVACIONES_AVANCE_HORAS,
	    "horas=%d", r.hours);
	rc = notice_to(ctx, a.student_id, v, subject, NULL);
	if (rc == 0)
		rc = notice_to(ctx, 0, v, subject, NULL);
	free(subject);
	if (rc == 0)
		tr_say(ctx, TR_DONE,
		    S_REPORTE_ENVIAMOS_OBSERVACIONES_COORDINACION,
		    "alumno.nombre=%s", vars_get(v, "alumno.nombre"));
out:
	free(motivo);
	vars_free(v);
	wf_report_free(&r);
	wf_application_free(&a);
	return rc;
}
