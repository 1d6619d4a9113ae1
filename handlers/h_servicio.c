/* SPDX-License-Identifier: ISC */
/*
 * h_servicio.c - how a service ends: the agency asks for a justified baja
 * (the coordinator decides; on approval, carta de baja), or releases the
 * student after the 480-hour report (carta de liberación signed by the
 * manager and the immediate boss), and the coordinator finishes it
 * (carta de finalización).
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
#include "handlers/period.h"
#include "handlers/report_form.h"
#include "handlers/matters.h"
#include "handlers/workflow.h"


/* Letter letter_id about application c->id, to the student, with vars v
   (servicio filled here) and the agency's logo.  Returns 0 or -1. */
static int
service_letter(struct wf_call *c, const char *letter_id, struct vars *v,
    struct reply_att *pdf, char **folio)
{
	struct wf_application a;
	int rc = -1;

	if (store_wf_application_get(c->ctx->st, c->id, &a) != 1)
		return -1;
	if (vars_servicio(c->ctx, v, &a) == 0 &&
	    letter_make(c->ctx, letter_id, v, vars_get(v, "alumno.correo"),
	    c->agency_id, pdf, folio) == 0)
		rc = 0;
	wf_application_free(&a);
	return rc;
}

/* The hours the student has accepted over every service, for a letter. */
static int
set_hours_served(struct wf_call *c, struct vars *v)
{
	struct wf_hours h;

	if (store_wf_hours_student(c->ctx->st, c->student_id, &h) != 0)
		return -1;
	vars_setf(v, "servicio.horas_cumplidas", "%d", h.accepted);
	return 0;
}

/* ---- BAJA ---- */

/* Who asks for a baja: the agency, the student, or the report calendar. */
static char *
baja_requester(const struct hctx *ctx, struct vars *v)
{
	if (ctx->cause == HCTX_TIMER)
		return say(ctx, S_SERVICIO_CALENDARIO_PIDE, SAY_NONE);
	if (ctx->role == ROLE_ALUMNO)
		return xstrdup(vars_get(v, "alumno.nombre"));
	return xstrdup(vars_get(v, "dependencia.nombre"));
}

/* A baja asked for by one side: the other side hears of it (the
   student of the agency's, the agency of the student's; both of the
   calendar's). */
static int
tell_baja_asked(struct hctx *ctx, const struct wf_call *c, struct vars *v)
{
	struct vars *w = vars_new();
	char *subject, *requester = baja_requester(ctx, v);
	int rc = 0;

	vars_say(ctx, w, "estado.descripcion",
	    S_SERVICIO_PIDIO_COORDINACION_BAJA, "solicitante=%s "
	    "alumno.nombre=%s alumno.matricula=%s dependencia.nombre=%s "
	    "motivo=%s", requester, vars_get(v, "alumno.nombre"),
	    vars_get(v, "alumno.matricula"), vars_get(v, "dependencia.nombre"),
	    c->motivo);
	free(requester);
	vars_say(ctx, w, "estado.siguiente_paso",
	    S_SERVICIO_NADA_AHORA_COORDINACION, SAY_NONE);
	subject = say(ctx, S_SERVICIO_ASUNTO_PETICION_TERMINO_SERVICIO,
	    "alumno.nombre=%s", vars_get(v, "alumno.nombre"));
	if (ctx->role != ROLE_DEPENDENCIA || ctx->cause != HCTX_MAIL)
		rc = notice_to(ctx, c->agency_id, w, subject, NULL);
	if (rc == 0 && (ctx->role != ROLE_ALUMNO || ctx->cause != HCTX_MAIL))
		rc = notice_to(ctx, c->student_id, w, subject, NULL);
	free(subject);
	vars_free(w);
	return rc;
}

enum wf_verdict
fx_baja_pedir(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	const struct attachment *just = c->data;
	struct vars *v = vars_new();
	struct reply_att att;
	char code[CODE_LEN + 1], *requester;
	int64_t doc;
	int n_att = 0, rc = -1;

	if (store_wf_application_set_text(ctx->st, c->id, c->motivo, NULL,
	    NULL) != 0)
		goto out;
	if (just != NULL) {
		if (docs_store(ctx, just, DOC_JUSTIFICACION, c->agency_id,
		    c->id, &doc) != 0 || docs_attachment(ctx, doc, 1,
		    &att) != 0)
			goto out;
		n_att = 1;
	}
	if (vars_alumno(ctx, v, c->student_id) != 0 ||
	    vars_dependencia(ctx, v, c->agency_id) != 0)
		goto out;
	requester = baja_requester(ctx, v);
	vars_say(ctx, v, "estado.descripcion", S_SERVICIO_PIDE_BAJA,
	    "solicitante=%s alumno.nombre=%s alumno.matricula=%s motivo=%s "
	    "justificacion=%s", requester, vars_get(v, "alumno.nombre"),
	    vars_get(v, "alumno.matricula"), c->motivo, n_att ? "sí" : "");
	free(requester);
	if (matter_open(ctx, MATTER_BAJA, c->id, v, n_att ? &att : NULL,
	    (size_t)n_att, &c->matter_id, code) != 0)
		goto out;
	if (tell_baja_asked(ctx, c, v) != 0)
		goto out;
	tr_say(ctx, TR_DONE, S_SERVICIO_ENVIAMOS_COORDINACION_PETICION,
	    "alumno.nombre=%s", vars_get(v, "alumno.nombre"));
	tr_say(ctx, TR_NEXT, S_SERVICIO_ESPERE_DECISION_COORDINACION,
	    SAY_NONE);
	rc = 0;
out:
	if (n_att)
		reply_att_clear(&att);
	vars_free(v);
	return rc;
}

int
h_baja(struct hctx *ctx)
{
	static const enum doc_kind want[] = {DOC_JUSTIFICACION};
	struct wf_application a;
	struct doc_pick pick;
	struct wf_call c;
	char *motivo;
	int r;

	if ((r = hctx_agency_student_by_arg(ctx, &a)) <= 0)
		return r;
	motivo = hctx_arg_rest(ctx, 1);
	if (*motivo == '\0') {
		tr_say(ctx, TR_ERROR, S_SERVICIO_FALTA_MOTIVO_BAJA, SAY_NONE);
		r = 0;
		goto out;
	}
	docs_pick(ctx, want, ARRAY_LEN(want), DOC_JUSTIFICACION, &pick);
	if (pick.bad) {
		r = 0;
		goto out;
	}
	wf_call_application(&c, ctx, &a, EV_BAJA);
	c.motivo = motivo;
	c.data = (void *)pick.att[DOC_JUSTIFICACION];
	r = wf_fire(&c) < 0 ? -1 : 0;
out:
	free(motivo);
	wf_application_free(&a);
	return r;
}

/* BAJA <motivo> from the student: the coordinator decides. */
int
h_baja_alumno(struct hctx *ctx)
{
	struct wf_application a;
	struct wf_call c;
	char *motivo;
	int r;

	if ((r = store_wf_application_latest(ctx->st, ctx->account_id,
	    &a)) < 0)
		return -1;
	if (r == 0) {
		tr_say(ctx, TR_ERROR, S_SERVICIO_NO_TIENE_SERVICIO, SAY_NONE);
		return 0;
	}
	motivo = hctx_arg_rest(ctx, 0);
	if (*motivo == '\0') {
		tr_say(ctx, TR_ERROR, S_SERVICIO_FALTA_MOTIVO_BAJA_2,
		    SAY_NONE);
		r = 0;
	} else {
		wf_call_application(&c, ctx, &a, EV_BAJA);
		c.motivo = motivo;
		r = wf_fire(&c) < 0 ? -1 : 0;
	}
	free(motivo);
	wf_application_free(&a);
	return r;
}

/* The carta de baja says who stated the motive when it was not the
   agency: the student, or the coordination's report calendar. */
static int
set_baja_requester(struct hctx *ctx, const struct wf_application *a,
    struct vars *v)
{
	struct wf_audit_row *r;
	struct wf_account s;
	const char *actor = NULL;
	size_t n;

	if (store_wf_audit_list(ctx->st, WF_SOLICITUD, a->id, &r, &n) != 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (wf_state_is(r[i].to_state, ST_SOLICITUD_BAJA_SOLICITADA))
			actor = r[i].actor;
	if (actor != NULL && strcmp(actor, ACTOR_CALENDAR) == 0)
		vars_say(ctx, v, "baja.solicitante",
		    S_SERVICIO_COORDINACION_SERVICIO_SOCIAL, SAY_NONE);
	else if (actor != NULL && store_wf_account_by_id(ctx->st,
	    a->student_id, &s) == 1) {
		if (strcasecmp(actor, s.email) == 0)
			vars_say(ctx, v, "baja.solicitante",
			    S_SERVICIO_PERSONA_ESTUDIANTE, SAY_NONE);
		wf_account_free(&s);
	}
	wf_audit_rows_free(r, n);
	return 0;
}

enum wf_verdict
fx_baja_emitir(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct wf_application a;
	struct vars *v = vars_new();
	struct reply_att pdf;
	char *folio = NULL, *subject = NULL, *date = NULL;
	int r, served, made = 0, rc = -1;

	memset(&a, 0, sizeof(a));
	if ((r = store_wf_application_get(ctx->st, c->id, &a)) != 1)
		goto out;
	c->student_id = a.student_id;
	c->agency_id = a.agency_id;
	c->program_id = a.program_id;
	date = letters_date_es(ctx->now);
	vars_set(v, "baja.motivo", a.motivo);
	vars_set(v, "baja.fecha", date);
	if (set_baja_requester(ctx, &a, v) != 0)
		goto out;
	/* The hours served with this agency; they stay the student's for
	   the next service. */
	if (store_wf_hours_application(ctx->st, a.id, &served) != 0)
		goto out;
	vars_setf(v, "servicio.horas_cumplidas", "%d", served);
	if (service_letter(c, "baja", v, &pdf, &folio) != 0)
		goto out;
	made = 1;
	vars_say(ctx, v, "estado.descripcion",
	    S_SERVICIO_COORDINACION_APROBO_BAJA, "alumno.nombre=%s "
	    "programa.nombre=%s dependencia.nombre=%s folio=%s",
	    vars_get(v, "alumno.nombre"), vars_get(v, "programa.nombre"),
	    vars_get(v, "dependencia.nombre"), folio);
	vars_say(ctx, v, "estado.siguiente_paso",
	    S_SERVICIO_ALUMNO_PUEDE_SOLICITAR, SAY_NONE);
	subject = say(ctx, S_SERVICIO_ASUNTO_TERMINO_SERVICIO_CARTA,
	    "alumno.nombre=%s", vars_get(v, "alumno.nombre"));
	if (notice_to(ctx, a.student_id, v, subject, &pdf) != 0 ||
	    notice_to(ctx, a.agency_id, v, subject, &pdf) != 0)
		goto out;
	reply_attach(&ctx->reply, pdf.filename, pdf.content_type,
	    pdf.data.data, pdf.data.len);
	tr_say(ctx, TR_DONE, S_SERVICIO_EMITIMOS_CARTA_BAJA, "folio=%s",
	    folio);
	rc = 0;
out:
	if (made)
		reply_att_clear(&pdf);
	free(folio);
	free(subject);
	free(date);
	wf_application_free(&a);
	vars_free(v);
	return rc;
}

enum wf_verdict
fx_baja_rechazar(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct wf_application a;
	struct vars *v = vars_new();
	char *subject = NULL;
	int rc = -1;

	if (store_wf_application_get(ctx->st, c->id, &a) != 1) {
		vars_free(v);
		return -1;
	}
	if (vars_alumno(ctx, v, a.student_id) != 0)
		goto out;
	vars_say(ctx, v, "estado.descripcion",
	    S_SERVICIO_COORDINACION_NO_APROBO, "alumno.nombre=%s motivo=%s",
	    vars_get(v, "alumno.nombre"), c->motivo);
	vars_say(ctx, v, "estado.siguiente_paso",
	    S_SERVICIO_ALUMNO_SIGUE_SERVICIO, SAY_NONE);
	subject = say(ctx, S_SERVICIO_ASUNTO_RESPUESTA_SOBRE_TERMINO,
	    SAY_NONE);
	if (notice_to(ctx, a.agency_id, v, subject, NULL) != 0)
		goto out;
	tr_say(ctx, TR_DONE, S_SERVICIO_AVISAMOS_DEPENDENCIA_BAJA, SAY_NONE);
	rc = 0;
out:
	free(subject);
	wf_application_free(&a);
	vars_free(v);
	return rc;
}

/* ---- LIBERAR ---- */

struct firmas {
	char *gerente;
	char *jefe;
	char *grade;		/* Calificación: the final grade, or NULL */
};

/* The signatures of a LIBERAR the coordinator approved as an exception:
   kept on the application when the agency asked. */
static int
firmas_kept(struct wf_call *c, struct wf_application *a, struct firmas *f)
{
	if (store_wf_application_get(c->ctx->st, c->id, a) != 1)
		return -1;
	f->gerente = a->gerente;
	f->jefe = a->jefe;
	f->grade = NULL;
	return 0;
}

/* The final grade: the one LIBERAR gives, else the one kept, else the
   last report's; stored on the application for the finalización. */
static int
final_grade(struct wf_call *c, const struct firmas *f)
{
	struct store *st = c->ctx->st;
	char *g = NULL;
	int rc = -1;

	if (f->grade != NULL)
		return store_wf_application_set_grade(st, c->id, f->grade);
	if (store_wf_application_grade(st, c->id, &g) != 0)
		return -1;
	if (*g == '\0') {
		free(g);
		if (last_report_grade(c->ctx, c->id, &g) != 0)
			return -1;
		if (*g != '\0' && store_wf_application_set_grade(st, c->id,
		    g) != 0)
			goto out;
	}
	rc = 0;
out:
	free(g);
	return rc;
}

/* The carta de liberación and the evaluation, both with folio. */
static int
liberar_letters(struct wf_call *c, struct vars *v, struct reply_att pdf[2],
    char *folio[2])
{
	struct wf_application a;
	int rc = -1;

	if (store_wf_application_get(c->ctx->st, c->id, &a) != 1)
		return -1;
	if (vars_evaluacion(c->ctx, v, &a) == 0 &&
	    service_letter(c, "liberacion", v, &pdf[0], &folio[0]) == 0) {
		if (letter_make(c->ctx, "evaluacion", v, vars_get(v,
		    "alumno.correo"), c->agency_id, &pdf[1], &folio[1]) == 0)
			rc = 0;
		else
			reply_att_clear(&pdf[0]);
	}
	wf_application_free(&a);
	return rc;
}

/* A notice with both letters to an account, or (0) the coordinators. */
static int
notify_letters(struct hctx *ctx, int64_t account, struct vars *v,
    const char *subject, const struct reply_att pdf[2])
{
	struct notice n;

	memset(&n, 0, sizeof(n));
	n.subject = subject;
	n.v = v;
	n.att = pdf;
	n.n_att = 2;
	if (account == 0)
		return notice_coordinators(ctx, &n);
	return notice_account(ctx, account, &n);
}

enum wf_verdict
fx_liberar(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	const struct firmas *f = c->data;
	struct wf_application kept;
	struct firmas fk;
	struct vars *v;
	struct reply_att pdf[2];
	char *folio[2] = {NULL, NULL}, *subject = NULL;
	int made = 0, rc = -1;

	/* Approved by the coordinator as an exception: the agency's
	   signatures were kept with the matter. */
	memset(&kept, 0, sizeof(kept));
	if (f == NULL) {
		if (firmas_kept(c, &kept, &fk) != 0)
			return WF_ERROR;
		f = &fk;
	}
	v = vars_new();
	if (store_wf_application_set_text(ctx->st, c->id, NULL, f->gerente,
	    f->jefe) != 0 || final_grade(c, f) != 0)
		goto out;
	vars_set(v, "gerente.nombre", f->gerente);
	vars_say(ctx, v, "gerente.cargo", S_SERVICIO_GERENTE, SAY_NONE);
	vars_set(v, "jefe.nombre", f->jefe);
	vars_say(ctx, v, "jefe.cargo", S_SERVICIO_JEFE_INMEDIATO, SAY_NONE);
	if (set_hours_served(c, v) != 0 ||
	    liberar_letters(c, v, pdf, folio) != 0)
		goto out;
	made = 1;
	vars_say(ctx, v, "estado.descripcion",
	    S_SERVICIO_EMITIO_CARTA_LIBERACION, "dependencia.nombre=%s "
	    "folio=%s gerente=%s jefe=%s folio_evaluacion=%s",
	    vars_get(v, "dependencia.nombre"), folio[0], f->gerente, f->jefe,
	    folio[1]);
	vars_say(ctx, v, "estado.siguiente_paso",
	    S_SERVICIO_COORDINACION_VERIFICARA_LIBERACION, SAY_NONE);
	subject = say(ctx, S_SERVICIO_ASUNTO_CARTA_LIBERACION, SAY_NONE);
	if (notify_letters(ctx, c->student_id, v, subject, pdf) != 0)
		goto out;
	vars_say(ctx, v, "estado.descripcion",
	    S_SERVICIO_LIBERO_MATRICULA_CARTA, "dependencia.nombre=%s "
	    "alumno.nombre=%s alumno.matricula=%s folio=%s "
	    "folio_evaluacion=%s", vars_get(v, "dependencia.nombre"),
	    vars_get(v, "alumno.nombre"), vars_get(v, "alumno.matricula"),
	    folio[0], folio[1]);
	vars_say(ctx, v, "estado.siguiente_paso",
	    S_SERVICIO_VERIFIQUE_LIBERACION_REPORTES, "alumno.matricula=%s",
	    vars_get(v, "alumno.matricula"));
	free(subject);
	subject = say(ctx, S_SERVICIO_ASUNTO_LIBERACION, "alumno.nombre=%s",
	    vars_get(v, "alumno.nombre"));
	if (notify_letters(ctx, 0, v, subject, pdf) != 0)
		goto out;
	for (int i = 0; i < 2; i++)
		reply_attach(&ctx->reply, pdf[i].filename, pdf[i].content_type,
		    pdf[i].data.data, pdf[i].data.len);
	tr_say(ctx, TR_DONE, S_SERVICIO_EMITIMOS_CARTA_LIBERACION,
	    "folio=%s folio_evaluacion=%s alumno.nombre=%s", folio[0],
	    folio[1], vars_get(v, "alumno.nombre"));
	rc = 0;
out:
	if (made)
		for (int i = 0; i < 2; i++)
			reply_att_clear(&pdf[i]);
	free(folio[0]);
	free(folio[1]);
	free(subject);
	vars_free(v);
	wf_application_free(&kept);
	return rc;
}

/* Calificación: in LIBERAR, optional: 1 (with *grade or NULL), 0 when
   it cannot be read (told). */
static int
read_grade(struct hctx *ctx, char **grade)
{
	char *g = hctx_field(ctx, "Calificación");
	const char *canon;

	*grade = NULL;
	if (g == NULL)
		return 1;
	canon = grade_parse(g);
	if (canon == NULL)
		tr_say(ctx, TR_ERROR, S_SERVICIO_CALIFICACION_NO_ENTENDIDA,
		    "calificacion=%s", g);
	else
		*grade = xstrdup(canon);
	free(g);
	return canon != NULL;
}

int
h_liberar(struct hctx *ctx)
{
	struct wf_application a;
	struct firmas f;
	struct wf_call c;
	int r;

	if ((r = hctx_agency_student_by_arg(ctx, &a)) <= 0)
		return r;
	if ((r = read_grade(ctx, &f.grade)) != 1) {
		wf_application_free(&a);
		return r;
	}
	f.gerente = hctx_field(ctx, "Gerente");
	f.jefe = hctx_field(ctx, "Jefe inmediato");
	if (f.gerente == NULL)
		tr_say(ctx, TR_MISSING, S_SERVICIO_GERENTE_NOMBRE_QUIEN,
		    SAY_NONE);
	if (f.jefe == NULL)
		tr_say(ctx, TR_MISSING, S_SERVICIO_JEFE_INMEDIATO_NOMBRE,
		    SAY_NONE);
	if (f.gerente == NULL || f.jefe == NULL) {
		tr_say(ctx, TR_ERROR, S_SERVICIO_CARTA_LIBERACION_LLEVA,
		    SAY_NONE);
		tr_say(ctx, TR_NEXT, S_SERVICIO_ESCRIBA_NUEVO_LIBERAR,
		    SAY_NONE);
		r = 0;
	} else {
		wf_call_application(&c, ctx, &a, EV_LIBERAR);
		c.data = &f;
		r = wf_fire(&c) < 0 ? -1 : 0;
	}
	free(f.gerente);
	free(f.jefe);
	free(f.grade);
	wf_application_free(&a);
	return r;
}

/* ---- FINALIZAR (the coordinator; the handler is in h_coordinador.c) ---- */

/* The agency's final grade, printed on the carta de finalización for
   Servicios Escolares. */
static int
set_final_grade(struct wf_call *c, struct vars *v)
{
	char *g;

	if (store_wf_application_grade(c->ctx->st, c->id, &g) != 0)
		return -1;
	vars_set(v, "evaluacion.calificacion", g);
	free(g);
	return 0;
}

enum wf_verdict
fx_finalizar(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct vars *v = vars_new();
	struct reply_att pdf;
	char *folio = NULL, *subject = NULL;
	int made = 0, rc = -1;

	if (set_hours_served(c, v) != 0 || set_final_grade(c, v) != 0 ||
	    service_letter(c, "finalizacion", v, &pdf, &folio) != 0)
		goto out;
	made = 1;
	vars_say(ctx, v, "estado.descripcion",
	    S_SERVICIO_COORDINACION_EMITIO_CARTA, "folio=%s", folio);
	vars_say(ctx, v, "estado.siguiente_paso", S_SERVICIO_NADA_MAS_SERVICIO,
	    SAY_NONE);
	subject = say(ctx, S_SERVICIO_ASUNTO_CARTA_FINALIZACION_SERVICIO,
	    SAY_NONE);
	if (notice_to(ctx, c->student_id, v, subject, &pdf) != 0)
		goto out;
	reply_attach(&ctx->reply, pdf.filename, pdf.content_type,
	    pdf.data.data, pdf.data.len);
	tr_say(ctx, TR_DONE, S_SERVICIO_EMITIMOS_CARTA_FINALIZACION,
	    "folio=%s alumno.nombre=%s", folio, vars_get(v, "alumno.nombre"));
	rc = 0;
out:
	if (made)
		reply_att_clear(&pdf);
	free(folio);
	free(subject);
	vars_free(v);
	return rc;
}

/* ---- CAMBIO (the coordinator) ---- */

enum wf_verdict
fx_cambio(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct vars *v = vars_new();
	char *subject = NULL;
	int served, rc = -1;

	if (store_wf_hours_application(ctx->st, c->id, &served) != 0 ||
	    vars_alumno(ctx, v, c->student_id) != 0 ||
	    vars_dependencia(ctx, v, c->agency_id) != 0)
		goto out;
	vars_say(ctx, v, "estado.descripcion",
	    S_SERVICIO_COORDINACION_AUTORIZO_CAMBIO, "alumno.nombre=%s "
	    "alumno.matricula=%s motivo=%s dependencia.nombre=%s horas=%d",
	    vars_get(v, "alumno.nombre"), vars_get(v, "alumno.matricula"),
	    c->motivo, vars_get(v, "dependencia.nombre"), served);
	vars_say(ctx, v, "estado.siguiente_paso",
	    S_SERVICIO_ALUMNO_SOLICITA_NUEVO, SAY_NONE);
	/* Not "cambio" in the Subject: a reply would read as CAMBIO. */
	subject = say(ctx, S_SERVICIO_ASUNTO_TRASLADO_OTRA_DEPENDENCIA,
	    "alumno.nombre=%s", vars_get(v, "alumno.nombre"));
	if (notice_to(ctx, c->student_id, v, subject, NULL) != 0 ||
	    notice_to(ctx, c->agency_id, v, subject, NULL) != 0)
		goto out;
	tr_say(ctx, TR_DONE, S_SERVICIO_AUTORIZAMOS_CAMBIO_DEPENDENCIA,
	    "alumno.nombre=%s horas=%d dependencia.nombre=%s",
	    vars_get(v, "alumno.nombre"), served,
	    vars_get(v, "dependencia.nombre"));
	rc = 0;
out:
	free(subject);
	vars_free(v);
	return rc;
}

int
h_cambio(struct hctx *ctx)
{
	struct wf_application a;
	struct wf_call c;
	char *motivo;
	int r;

	if ((r = hctx_student_application_by_arg(ctx, &a)) <= 0)
		return r;
	motivo = hctx_arg_rest(ctx, 1);
	wf_call_application(&c, ctx, &a, EV_CAMBIO);
	c.motivo = motivo;
	r = wf_fire(&c) < 0 ? -1 : 0;
	free(motivo);
	wf_application_free(&a);
	return r;
}

/* ---- past max_months: an exception for the coordinator ---- */

enum wf_verdict
fx_excepcion_pedir(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	const struct firmas *f = c->data;
	char *letter = say(ctx, c->event == EV_LIBERAR ?
	    S_FLUJO_CARTA_LIBERACION : S_FLUJO_CARTA_FINALIZACION, SAY_NONE);
	struct vars *v = vars_new();
	struct buf why;
	char code[CODE_LEN + 1];
	int rc = -1;

	buf_init(&why);
	/* The agency's signatures wait with the matter. */
	if (f != NULL && (store_wf_application_set_text(ctx->st, c->id, NULL,
	    f->gerente, f->jefe) != 0 || (f->grade != NULL &&
	    store_wf_application_set_grade(ctx->st, c->id, f->grade) != 0)))
		goto out;
	if (period_past_max(ctx, c->id, &why) < 0 ||
	    vars_alumno(ctx, v, c->student_id) != 0 ||
	    vars_dependencia(ctx, v, c->agency_id) != 0)
		goto out;
	vars_say(ctx, v, "estado.descripcion", S_SERVICIO_EXCEPCION_PIDE,
	    "quien=%s carta=%s alumno.nombre=%s alumno.matricula=%s "
	    "dependencia.nombre=%s motivo=%s", hctx_sender_name(ctx), letter,
	    vars_get(v, "alumno.nombre"), vars_get(v, "alumno.matricula"),
	    vars_get(v, "dependencia.nombre"), why.data);
	if (matter_open(ctx, c->event == EV_LIBERAR ? MATTER_EXCEPCION_LIBERAR :
	    MATTER_EXCEPCION_FINALIZAR, c->id, v, NULL, 0, &c->matter_id,
	    code) != 0)
		goto out;
	tr_say(ctx, TR_DONE, S_SERVICIO_EXCEPCION_PASAMOS, "motivo=%s "
	    "carta=%s codigo=%s", why.data, letter, code);
	tr_say(ctx, TR_NEXT, S_SERVICIO_EXCEPCION_ESPERE, SAY_NONE);
	c->note = "excepción: fuera del plazo máximo";
	rc = 0;
out:
	free(letter);
	buf_free(&why);
	vars_free(v);
	return rc;
}

/* A refused exception: whoever asked for the letter hears why (the
   agency asks for the liberación; the coordinator who refused the
   finalización already knows). */
int
excepcion_rechazada(struct hctx *ctx, const struct wf_matter *m,
    const char *motivo)
{
	int liberar = strcmp(m->kind, MATTER_EXCEPCION_LIBERAR) == 0;
	struct wf_application a;
	struct vars *v;
	char *subject;
	int rc = 0;

	if (store_wf_application_get(ctx->st, m->entity_id, &a) != 1)
		return -1;
	v = vars_new();
	if (vars_alumno(ctx, v, a.student_id) != 0) {
		rc = -1;
		goto out;
	}
	vars_say(ctx, v, "estado.descripcion",
	    S_SERVICIO_EXCEPCION_NO_AUTORIZADA, "alumno.nombre=%s motivo=%s",
	    vars_get(v, "alumno.nombre"), motivo);
	vars_say(ctx, v, "estado.siguiente_paso",
	    S_SERVICIO_EXCEPCION_COMUNIQUESE, SAY_NONE);
	subject = say(ctx, S_SERVICIO_ASUNTO_EXCEPCION_RESPUESTA,
	    "alumno.nombre=%s", vars_get(v, "alumno.nombre"));
	if (liberar)
		rc = notice_to(ctx, a.agency_id, v, subject, NULL);
	if (rc == 0)
		tr_say(ctx, TR_DONE, S_SERVICIO_EXCEPCION_NO_PROCEDE,
		    "dependencia=%s", liberar ? "sí" : "");
	free(subject);
out:
	vars_free(v);
	wf_application_free(&a);
	return rc;
}

enum wf_verdict
excepcion_aprobada(struct wf_call *c, const struct wf_matter *m)
{
	struct wf_application a;
	struct wf_call l;
	enum wf_verdict v;

	if (store_wf_application_get(c->ctx->st, m->entity_id, &a) != 1)
		return WF_ERROR;
	wf_call_application(&l, c->ctx, &a, strcmp(m->kind,
	    MATTER_EXCEPCION_LIBERAR) == 0 ? EV_LIBERAR : EV_FINALIZAR);
	l.note = "excepción aprobada por la coordinación";
	v = wf_fire(&l);
	wf_application_free(&a);
	return v;
}
