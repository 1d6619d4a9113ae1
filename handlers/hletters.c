/* SPDX-License-Identifier: ISC */
/*
 * hletters.c - from database rows to the variables letters print, and
 * issuing a letter as an attachment (hletters.h).
 */
#include <stdlib.h>
#include <string.h>

#include "handlers/hletters.h"
#include "common/log.h"
#include "handlers/hutil.h"
#include "handlers/period.h"
#include "handlers/milestones.h"

int
vars_alumno(struct hctx *ctx, struct vars *v, int64_t student_id)
{
	struct wf_account a;
	struct wf_student s;
	int r;

	if (store_wf_account_by_id(ctx->st, student_id, &a) != 1)
		return -1;
	if ((r = store_wf_student_get(ctx->st, student_id, &s)) != 1) {
		wf_account_free(&a);
		return -1;
	}
	vars_set(v, "alumno.nombre", a.name);
	vars_set(v, "alumno.correo", a.email);
	vars_set(v, "alumno.matricula", s.matricula);
	vars_set(v, "alumno.carrera", s.carrera);
	vars_setf(v, "alumno.creditos", "%d", s.creditos);
	vars_set(v, "alumno.estado", a.state);
	wf_account_free(&a);
	wf_student_free(&s);
	return 0;
}

int
vars_dependencia(struct hctx *ctx, struct vars *v, int64_t agency_id)
{
	struct wf_account a;
	struct wf_agency g;

	if (store_wf_account_by_id(ctx->st, agency_id, &a) != 1)
		return -1;
	if (store_wf_agency_get(ctx->st, agency_id, &g) != 1) {
		wf_account_free(&a);
		return -1;
	}
	vars_set(v, "dependencia.nombre", a.name);
	vars_set(v, "dependencia.correo", a.email);
	vars_set(v, "dependencia.estado", a.state);
	vars_set(v, "dependencia.tipo", g.tipo);
	/* an empresa's convenio cites its acta and poder notarial */
	vars_set(v, "dependencia.empresa", strcmp(g.tipo, "empresa") == 0 ?
	    "sí" : "");
	vars_set(v, "dependencia.rfc", g.rfc);
	vars_set(v, "dependencia.representante", g.representante);
	vars_set(v, "dependencia.cargo", g.cargo);
	vars_set(v, "dependencia.domicilio", g.domicilio);
	vars_set(v, "dependencia.telefono", g.telefono);
	wf_account_free(&a);
	wf_agency_free(&g);
	return 0;
}

/* One activity per line or per ";" of the program's description. */
static void
add_activities(struct vars *v, const char *descripcion)
{
	char *copy = xstrdup(descripcion), *save = NULL, *t;

	for (t = strtok_r(copy, ";\n", &save); t != NULL;
	    t = strtok_r(NULL, ";\n", &save)) {
		str_trim(t);
		if (*t != '\0')
			vars_set(vars_list_add(v, "actividades"), "descripcion",
			    t);
	}
	free(copy);
}

int
vars_programa(struct hctx *ctx, struct vars *v, int64_t program_id)
{
	struct wf_program p;

	if (store_wf_program_get(ctx->st, program_id, &p) != 1)
		return -1;
	vars_setf(v, "programa.clave", "%lld", (long long)p.id);
	vars_set(v, "programa.nombre", p.name);
	vars_set(v, "programa.lugar", p.lugar);
	vars_set(v, "programa.horario", p.horario);
	vars_set(v, "programa.descripcion", p.descripcion);
	vars_setf(v, "programa.vacantes", "%d", p.vacantes - p.ocupadas);
	add_activities(v, p.descripcion);
	wf_program_free(&p);
	return 0;
}

/* The last day of the service: the plan (min_months after the start)
   while it is pending, today while it is being ended (the letter is
   issued before the state changes), the liberación once released. */
static int
service_end(struct hctx *ctx, const struct wf_application *a, int64_t start,
    struct ymd *end)
{
	int64_t when;

	if (wf_state_is(a->state, ST_SOLICITUD_PENDIENTE)) {
		*end = period_earliest_end(ctx, start);
		return 0;
	}
	if (!wf_state_is(a->state, ST_SOLICITUD_LIBERADA) &&
	    !wf_state_is(a->state, ST_SOLICITUD_FINALIZADA)) {
		*end = ymd_of(ctx->now);
		return 0;
	}
	if (period_reached(ctx, a->id, ST_SOLICITUD_LIBERADA, &when) != 0)
		return -1;
	*end = ymd_of(when != 0 ? when : ctx->now);
	return 0;
}

int
vars_servicio(struct hctx *ctx, struct vars *v,
    const struct wf_application *a)
{
	struct ymd end;
	int64_t start;
	char *d;

	if (vars_alumno(ctx, v, a->student_id) != 0 ||
	    vars_dependencia(ctx, v, a->agency_id) != 0 ||
	    vars_programa(ctx, v, a->program_id) != 0 ||
	    period_reached(ctx, a->id, ST_SOLICITUD_ACEPTADA, &start) != 0)
		return -1;
	if (start == 0)
		start = ctx->now;
	if (service_end(ctx, a, start, &end) != 0)
		return -1;
	vars_setf(v, "servicio.horas", "%d", ctx->cfg->total_hours);
	vars_setf(v, "solicitud.clave", "%lld", (long long)a->id);
	vars_set(v, "solicitud.estado", a->state);
	d = letters_date_es(start);
	vars_set(v, "servicio.inicio", d);
	free(d);
	d = ymd_es(end);
	vars_set(v, "servicio.fin", d);
	free(d);
	return 0;
}

/* One row of evaluaciones[] for report hours of application app_id, when
   the agency graded it.  0, -1. */
static int
add_evaluation(struct hctx *ctx, struct vars *v, int64_t app_id, int hours)
{
	struct wf_report r;
	char *grade = NULL, *notes = NULL, *a, *b;
	int found = store_wf_report_get(ctx->st, app_id, hours, &r);

	if (found <= 0)
		return found;
	if (store_wf_report_grade(ctx->st, r.id, &grade, &notes) != 0) {
		wf_report_free(&r);
		return -1;
	}
	if (*grade != '\0') {
		struct vars *e = vars_list_add(v, "evaluaciones");

		vars_setf(e, "horas", "%d", hours);
		a = ymd_es(ymd_from_days(r.period_from));
		b = ymd_es(ymd_from_days(r.period_to));
		if (r.period_to != 0)
			vars_setf(e, "periodo", "del %s al %s, %d horas", a, b,
			    r.served);
		else
			vars_setf(e, "periodo", "%d horas", r.served);
		free(a);
		free(b);
		vars_set(e, "calificacion", grade);
		vars_set(e, "observaciones", notes);
	}
	free(grade);
	free(notes);
	wf_report_free(&r);
	return 0;
}

int
vars_evaluacion(struct hctx *ctx, struct vars *v,
    const struct wf_application *a)
{
	char *grade;

	int m[MAX_MILESTONES], n = milestones(ctx->cfg, m);

	for (int i = 0; i < n; i++)
		if (add_evaluation(ctx, v, a->id, m[i]) != 0)
			return -1;
	if (store_wf_application_grade(ctx->st, a->id, &grade) != 0)
		return -1;
	vars_set(v, "evaluacion.calificacion", grade);
	free(grade);
	return 0;
}

int
last_report_grade(struct hctx *ctx, int64_t app_id, char **grade)
{
	int m[MAX_MILESTONES], n = milestones(ctx->cfg, m);

	*grade = xstrdup("");
	for (int i = n; i-- > 0;) {
		struct wf_report r;
		char *g, *notes;
		int found = store_wf_report_get(ctx->st, app_id, m[i], &r);

		if (found < 0)
			return -1;
		if (found == 0)
			continue;
		found = store_wf_report_grade(ctx->st, r.id, &g, &notes);
		wf_report_free(&r);
		if (found != 0)
			return -1;
		free(notes);
		if (*g != '\0') {
			free(*grade);
			*grade = g;
			return 0;
		}
		free(g);
	}
	return 0;
}

int
letter_make(struct hctx *ctx, const char *letter_id, const struct vars *v,
    const char *recipient, int64_t agency_id, struct reply_att *out,
    char **folio)
{
	struct wf_document logo;
	struct buf pdf;
	char *f = NULL, *name;
	int r = 0, rc = -1;

	memset(&logo, 0, sizeof(logo));
	memset(out, 0, sizeof(*out));
	buf_init(&pdf);
	if (agency_id != 0 && (r = store_wf_document_current(ctx->st,
	    agency_id, "logo", 0, &logo)) < 0)
		goto out;
	if (letters_issue(ctx->letters, ctx->st, letter_id, v, recipient,
	    r == 1 ? logo.path : NULL, ctx->now, &pdf, &f) != 0)
		goto out;
	name = xasprintf("%s-%s.pdf", letter_id, f);
	reply_att_copy(out, name, "application/pdf", pdf.data, pdf.len);
	free(name);
	if (folio != NULL) {
		*folio = f;
		f = NULL;
	}
	rc = 0;
out:
	free(f);
	buf_free(&pdf);
	wf_document_free(&logo);
	return rc;
}
