/* SPDX-License-Identifier: ISC */
/*
 * h_estado.c - ESTADO: where the sender stands, what is missing and the
 * exact next step, for each role, from the same state texts the workflow
 * table uses.
 */
#include <stdlib.h>
#include <string.h>

#include "handlers/commands.h"
#include "handlers/docs.h"
#include "handlers/hutil.h"
#include "handlers/milestones.h"
#include "handlers/pausedays.h"
#include "handlers/say.h"
#include "handlers/workflow.h"
#include "store/store_workflow.h"

/* The reports of an application, and the next one to hand in. */
static int
student_reports(struct hctx *ctx, int64_t app_id, int in_service,
    const struct wf_hours *hours)
{
	int next_done = 0, m[MAX_MILESTONES], n = milestones(ctx->cfg, m);

	for (int i = 0; i < n; i++) {
		int h = m[i];
		struct vars *item;
		struct wf_report r;
		char *date;
		int found = store_wf_report_get(ctx->st, app_id, h, &r);

		if (found < 0)
			return -1;
		item = vars_list_add(tr_vars(ctx), "reportes");
		vars_setf(item, "horas", "%d", h);
		/* Empty, not absent: the template would find the letter's
		   own "fecha" (today) beside a report never delivered. */
		vars_set(item, "fecha", "");
		if (!found && hours->accepted >= h) {
			vars_say(ctx, item, "estado",
			    S_ESTADO_REPORTE_CUBIERTO, SAY_NONE);
			continue;
		}
		if (!found) {
			vars_say(ctx, item, "estado",
			    S_ESTADO_REPORTE_NO_ENTREGADO, SAY_NONE);
			if (in_service && !next_done) {
				tr_say(ctx, TR_NEXT, S_ESTADO_REPORTE_SIGUIENTE,
				    "horas=%d", h);
				next_done = 1;
			}
			continue;
		}
		date = letters_date_es(r.created);
		vars_set(item, "estado", wf_state_label_of(WF_REPORTE,
		    r.state));
		vars_set(item, "fecha", date);
		free(date);
		if (in_service && !next_done &&
		    !wf_state_is(r.state, ST_REPORTE_ACEPTADO)) {
			if (wf_state_is(r.state, ST_REPORTE_RECHAZADO))
				tr_say(ctx, TR_NEXT, S_ESTADO_REPORTE_CORREGIR,
				    "horas=%d", h);
			else
				tr_say(ctx, TR_NEXT, S_ESTADO_REPORTE_ESPERAR,
				    "horas=%d", h);
			next_done = 1;
		}
		wf_report_free(&r);
	}
	if (in_service && !next_done)
		tr_say(ctx, TR_NEXT, S_ESTADO_REPORTES_COMPLETOS, SAY_NONE);
	return 0;
}

/* A pause holding the service, and the days paused so far. */
static int
pause_line(struct hctx *ctx, int64_t app_id)
{
	struct pause_sum p;
	char *d;

	if (pause_sum(ctx, app_id, &p) != 0)
		return -1;
	if (p.in_effect) {
		d = ymd_es(p.since);
		tr_say(ctx, TR_DONE, S_ESTADO_EN_PAUSA, "fecha=%s", d);
		free(d);
	}
	if (p.days > 0)
		tr_say(ctx, TR_DONE, S_ESTADO_DIAS_EN_PAUSA, "dias=%lld",
		    (long long)p.days);
	return 0;
}

static int
estado_alumno(struct hctx *ctx, const struct wf_account *a)
{
	struct wf_hours hours;
	struct wf_application app;
	struct wf_document foto;
	struct wf_program p;
	const char *next = wf_state_next_of(WF_ALUMNO, a->state);
	char *said;
	int r, due;

	tr_state(ctx, "%s", wf_state_text_of(WF_ALUMNO, a->state));
	if (next != NULL)
		tr_next(ctx, "%s", next);
	if ((r = store_wf_document_current(ctx->st, a->id, "foto", 0,
	    &foto)) < 0)
		return -1;
	said = say(ctx, r ? S_ESTADO_DOCUMENTO_LLEGO : S_ESTADO_FOTO_FALTA,
	    SAY_NONE);
	tr_document(ctx, doc_kind_name(DOC_FOTO), said, r ? foto.filename :
	    NULL, NULL);
	free(said);
	wf_document_free(&foto);
	if ((r = store_wf_application_latest(ctx->st, a->id, &app)) <= 0)
		return r;
	if (store_wf_program_get(ctx->st, app.program_id, &p) != 1) {
		wf_application_free(&app);
		return -1;
	}
	tr_say(ctx, TR_DONE, S_ESTADO_SOLICITUD, "solicitud=%lld programa=%s "
	    "dependencia=%s estado=%s", (long long)app.id, p.name,
	    p.agency_name, wf_state_text_of(WF_SOLICITUD, app.state));
	if (store_wf_hours_student(ctx->st, a->id, &hours) != 0) {
		r = -1;
		goto out;
	}
	due = ctx->cfg->total_hours - hours.accepted;
	if (due > 0)
		tr_say(ctx, TR_DONE, S_ESTADO_HORAS_FALTAN, "aceptadas=%d "
		    "en_revision=%d faltan=%d total=%d", hours.accepted,
		    hours.pending, due, ctx->cfg->total_hours);
	else
		tr_say(ctx, TR_DONE, S_ESTADO_HORAS_CUMPLIDAS, "aceptadas=%d "
		    "en_revision=%d total=%d", hours.accepted, hours.pending,
		    ctx->cfg->total_hours);
	if (wf_state_is(app.state, ST_SOLICITUD_ACEPTADA) &&
	    pause_line(ctx, app.id) != 0) {
		r = -1;
		goto out;
	}
	r = student_reports(ctx, app.id,
	    wf_state_is(app.state, ST_SOLICITUD_ACEPTADA),
	    &hours);
out:
	wf_program_free(&p);
	wf_application_free(&app);
	return r;
}

static int
estado_dependencia(struct hctx *ctx, const struct wf_account *a)
{
	static const enum doc_kind docs[] = {DOC_DECRETO, DOC_NOMBRAMIENTO,
	    DOC_INE, DOC_DOMICILIO, DOC_RFC, DOC_LOGO};
	struct wf_program *p = NULL;
	size_t n = 0;
	const char *next = wf_state_next_of(WF_DEPENDENCIA, a->state);

	tr_state(ctx, "%s", wf_state_text_of(WF_DEPENDENCIA, a->state));
	if (next != NULL)
		tr_next(ctx, "%s", next);
	for (size_t i = 0; i < ARRAY_LEN(docs); i++) {
		struct wf_document d;
		char *said;
		int r = store_wf_document_current(ctx->st, a->id,
		    doc_kind_id(docs[i]), 0, &d);

		if (r < 0)
			return -1;
		said = say(ctx, r ? S_ESTADO_DOCUMENTO_LLEGO :
		    S_ESTADO_DOCUMENTO_FALTA, SAY_NONE);
		tr_document(ctx, doc_kind_name(docs[i]), said, r ? d.filename :
		    NULL, NULL);
		free(said);
		if (!r)
			tr_say(ctx, TR_MISSING, S_ESTADO_DOCUMENTO_FALTANTE,
			    "documento=%s tipos=%s", doc_kind_name(docs[i]),
			    doc_types_expected(docs[i]));
		wf_document_free(&d);
	}
	if (store_wf_program_list(ctx->st, NULL, a->id, &p, &n) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct vars *item = vars_list_add(tr_vars(ctx), "programas");

		vars_setf(item, "clave", "%lld", (long long)p[i].id);
		vars_set(item, "nombre", p[i].name);
		vars_set(item, "dependencia", p[i].agency_name);
		vars_setf(item, "vacantes", "%d", p[i].vacantes -
		    p[i].ocupadas);
		vars_set(item, "horario", p[i].horario);
		vars_set(item, "lugar", p[i].lugar);
		/* Its own programs: which wait, were refused or closed. */
		vars_set(item, "estado", wf_state_text_of(WF_PROGRAMA,
		    p[i].state));
	}
	wf_programs_free(p, n);
	return 0;
}

int
h_estado(struct hctx *ctx)
{
	struct wf_account a;
	int r;

	if (ctx->role == ROLE_COORDINADOR)
		return h_pendientes(ctx);
	if (ctx->account_id == 0)
		return h_ayuda(ctx);
	if ((r = store_wf_account_by_id(ctx->st, ctx->account_id, &a)) <= 0)
		return r < 0 ? -1 : h_ayuda(ctx);
	if (ctx->role == ROLE_ALUMNO)
		r = estado_alumno(ctx, &a);
	else
		r = estado_dependencia(ctx, &a);
	wf_account_free(&a);
	return r;
}
