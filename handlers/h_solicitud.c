/* SPDX-License-Identifier: ISC */
/*
 * h_solicitud.c - a student applies to a program (SOLICITUD, with the
 * carta de presentación and the constancia de estudios); the agency
 * reviews the documents and accepts (carta de aceptación with its logo to
 * the student, copy to the coordinators) or rejects with a reason.
 */
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "handlers/commands.h"
#include "handlers/docs.h"
#include "handlers/effects.h"
#include "handlers/hletters.h"
#include "handlers/hutil.h"
#include "handlers/say.h"
#include "handlers/notice.h"
#include "handlers/workflow.h"
#include "letters/letters.h"
#include "spool/spool.h"
#include "store/store_letters.h"

/* A positive number written alone ("12"), or 0. */
static int64_t
parse_key(const char *s)
{
	char *end;
	long long v;

	if (s == NULL || *s == '\0')
		return 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v <= 0)
		return 0;
	return (int64_t)v;
}

/* ---- SOLICITUD ---- */

/*
 * The letters an application carries must be the ones tequio issued to
 * this student, byte for byte: found in the register by their SHA-256,
 * genuine, of the right kind, and issued to the sender.  A self-made
 * "constancia" never reaches the agency from the institution's address.
 * (The register keeps each PDF's hash, not its bytes: what passes is
 * exactly what tequio issued.)  Returns 1, 0 refused (explained), -1.
 */
static int
issued_by_us(struct hctx *ctx, const struct attachment *a,
    enum doc_kind kind)
{
	char sha[SPOOL_SHA_HEX], *folio = NULL;
	struct letters_check c;
	int r, ok;

	spool_sha256_hex(a->data, a->len, sha);
	if ((r = store_letters_folio_by_sha256(ctx->st, sha, &folio)) < 0)
		return -1;
	if (r == 0) {
		tr_say(ctx, TR_ERROR, S_SOLICITUD_ARCHIVO_NO_LE,
		    "archivo=%s documento=%s", a->filename,
		    doc_kind_name(kind));
		return 0;
	}
	if (letters_verify(ctx->st, ctx->secret, folio, NULL, a->data, a->len,
	    &c) != 0) {
		free(folio);
		return -1;
	}
	ok = letters_check_ok(&c) && strcmp(c.kind, doc_kind_id(kind)) == 0 &&
	    ascii_casecmp(c.recipient, ctx->msg->from_addr) == 0;
	if (!ok)
		tr_say(ctx, TR_ERROR, S_SOLICITUD_ARCHIVO_FOLIO_NO,
		    "archivo=%s folio=%s documento=%s", a->filename, folio,
		    doc_kind_name(kind));
	letters_check_free(&c);
	free(folio);
	return ok;
}

/* The student's documents of the application (and photo) for the agency. */
static int
application_attachments(struct hctx *ctx, int64_t student_id, int64_t app_id,
    struct reply_att *att, size_t *n)
{
	static const char *const kinds[] = {"presentacion", "constancia"};
	struct wf_document d;
	int r;

	*n = 0;
	for (size_t i = 0; i < ARRAY_LEN(kinds) + 1; i++) {
		const char *kind = i < ARRAY_LEN(kinds) ? kinds[i] : "foto";

		r = store_wf_document_current(ctx->st, student_id, kind,
		    i < ARRAY_LEN(kinds) ? app_id : 0, &d);
		if (r < 0)
			return -1;
		if (r == 0)
			continue;
		r = docs_attachment(ctx, d.id, 0, &att[*n]);
		wf_document_free(&d);
		if (r < 0)
			return -1;
		if (r == 0)
			(*n)++;
	}
	return 0;
}

enum wf_verdict
fx_solicitud_enviar(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	const struct doc_pick *pick = c->data;
	struct reply_att att[3];
	struct vars *v = vars_new();
	struct wf_program p;
	struct notice n;
	char *subject = NULL;
	size_t n_att = 0;
	int64_t doc;
	int rc = -1;

	memset(&p, 0, sizeof(p));
	if (store_wf_application_insert(ctx->st, c->student_id, c->program_id,
	    ctx->now, &c->id) != 0)
		goto out;
	c->application_id = c->id;
	if (docs_store(ctx, pick->att[DOC_PRESENTACION], DOC_PRESENTACION,
	    c->student_id, c->id, &doc) != 0 ||
	    docs_store(ctx, pick->att[DOC_CONSTANCIA], DOC_CONSTANCIA,
	    c->student_id, c->id, &doc) != 0)
		goto out;
	if (store_wf_program_get(ctx->st, c->program_id, &p) != 1 ||
	    vars_alumno(ctx, v, c->student_id) != 0 ||
	    application_attachments(ctx, c->student_id, c->id, att,
	    &n_att) != 0)
		goto out;
	vars_setf(v, "solicitud.clave", "%lld", (long long)c->id);
	vars_say(ctx, v, "estado.descripcion",
	    S_SOLICITUD_MATRICULA_CARRERA_CREDITOS, "alumno.nombre=%s "
	    "alumno.matricula=%s alumno.carrera=%s alumno.creditos=%s "
	    "clave=%lld programa=%s", vars_get(v, "alumno.nombre"),
	    vars_get(v, "alumno.matricula"), vars_get(v, "alumno.carrera"),
	    vars_get(v, "alumno.creditos"), (long long)p.id, p.name);
	vars_say(ctx, v, "estado.siguiente_paso",
	    S_SOLICITUD_ACEPTARLO_RESPONDA_ESTE, "solicitud=%lld",
	    (long long)c->id);
	/* No program name here: text people chose could read as a command
	   when the agency replies. */
	subject = say(ctx, S_SOLICITUD_ASUNTO_QUIERE_PRESTAR_SERVICIO,
	    "alumno.nombre=%s solicitud=%lld", vars_get(v, "alumno.nombre"),
	    (long long)c->id);
	memset(&n, 0, sizeof(n));
	n.subject = subject;
	n.v = v;
	n.tok_kind = RTOK_SOLICITUD;
	n.tok_id = c->id;
	n.att = att;
	n.n_att = n_att;
	if (notice_account(ctx, p.agency_id, &n) != 0)
		goto out;
	tr_say(ctx, TR_DONE, S_SOLICITUD_ENVIAMOS_SOLICITUD_PROGRAMA,
	    "solicitud=%lld programa=%s dependencia=%s", (long long)c->id,
	    p.name, p.agency_name);
	tr_say(ctx, TR_NEXT, S_SOLICITUD_ESPERE_RESPUESTA_DEPENDENCIA,
	    SAY_NONE);
	rc = 0;
out:
	for (size_t i = 0; i < n_att; i++)
		reply_att_clear(&att[i]);
	free(subject);
	wf_program_free(&p);
	vars_free(v);
	return rc;
}

/* 1 when the sender's account may apply now, 0 not, -1 on error. */
static int
solicitud_allowed(struct hctx *ctx)
{
	enum wf_state st;
	int r;

	if ((r = store_wf_state_get(ctx->st, WF_ALUMNO, ctx->account_id,
	    &st)) != 1)
		return r < 0 ? -1 : 0;
	return wf_allowed(WF_ALUMNO, st, EV_SOLICITUD);
}

int
h_solicitud(struct hctx *ctx)
{
	static const enum doc_kind want[] = {DOC_PRESENTACION,
	    DOC_CONSTANCIA};
	struct doc_pick pick;
	struct wf_program p;
	struct wf_call c;
	char *key = hctx_arg_word(ctx, 0);
	int64_t id = parse_key(key);
	int r, ok = 1;

	memset(&c, 0, sizeof(c));
	if (id == 0) {
		if (key != NULL)
			tr_say(ctx, TR_ERROR, S_SOLICITUD_NO_CLAVE_PROGRAMA,
			    "clave=%s", key);
		else
			tr_say(ctx, TR_ERROR, S_SOLICITUD_FALTA_CLAVE_PROGRAMA,
			    SAY_NONE);
		tr_say(ctx, TR_NEXT, S_SOLICITUD_ESCRIBA_PROGRAMAS_VER,
		    SAY_NONE);
		free(key);
		return 0;
	}
	if ((r = store_wf_program_get(ctx->st, id, &p)) < 0) {
		free(key);
		return -1;
	}
	wf_program_free(&p);
	if (r == 0) {
		tr_say(ctx, TR_ERROR, S_SOLICITUD_NO_HAY_NINGUN, "clave=%s",
		    key);
		tr_say(ctx, TR_NEXT, S_SOLICITUD_ESCRIBA_PROGRAMAS_VER_2,
		    SAY_NONE);
		free(key);
		return 0;
	}
	free(key);
	docs_pick(ctx, want, ARRAY_LEN(want), DOC_UNKNOWN, &pick);
	for (size_t i = 0; i < ARRAY_LEN(want); i++)
		if (pick.att[want[i]] == NULL) {
			tr_say(ctx, TR_MISSING, S_SOLICITUD_PDF_ADJUNTA_NOMBRE,
			    "documento=%s nombre_archivo=%s",
			    doc_kind_name(want[i]), doc_kind_id(want[i]));
			ok = 0;
		}
	/* Out of order is said first (wf_fire); the letters after. */
	if ((r = solicitud_allowed(ctx)) < 0)
		return -1;
	for (size_t i = 0; r && ok && !pick.bad && i < ARRAY_LEN(want); i++)
		if ((r = issued_by_us(ctx, pick.att[want[i]], want[i])) <= 0) {
			if (r < 0)
				return -1;
			ok = 0;
		}
	if (!ok || pick.bad) {
		if (!tr_refused(ctx))
			tr_say(ctx, TR_ERROR, S_SOLICITUD_FALTAN_DOCUMENTOS_NO,
			    SAY_NONE);
		tr_say(ctx, TR_NEXT, S_SOLICITUD_ENVIE_SOLICITUD_NUEVO,
		    "solicitud=%lld", (long long)id);
		return 0;
	}
	c.ctx = ctx;
	c.entity = WF_ALUMNO;
	c.id = ctx->account_id;
	c.event = EV_SOLICITUD;
	c.student_id = ctx->account_id;
	c.program_id = id;
	c.data = &pick;
	return wf_fire(&c) < 0 ? -1 : 0;
}

/* ---- ACEPTAR / RECHAZAR (the agency) ---- */

/*
 * The application the agency means: the number among the arguments, or
 * the one whose notice it replies to.  *words: argument words used.
 */
static int
agency_application(struct hctx *ctx, struct wf_application *a, int *words)
{
	char *first = hctx_arg_word(ctx, 0);
	int64_t id = parse_key(first);
	int r;

	*words = 0;
	memset(a, 0, sizeof(a[0]));
	/* A reply to the application's notice: the token names it, and
	   the words after the verb are all the reason. */
	if (ctx->cl->from_body && ctx->token_kind == RTOK_SOLICITUD)
		id = ctx->token_id;
	else if (id != 0)
		*words = 1;
	else if (ctx->token_kind == RTOK_SOLICITUD)
		id = ctx->token_id;
	/* A reply decides the application it answers, and no other. */
	if (ctx->token_kind == RTOK_SOLICITUD && id != ctx->token_id) {
		tr_say(ctx, TR_ERROR, S_SOLICITUD_SOLICITUD_NO_AVISO,
		    "solicitud=%lld aviso=%lld", (long long)id,
		    (long long)ctx->token_id);
		free(first);
		return 0;
	}
	if (id == 0) {
		tr_say(ctx, TR_ERROR, S_SOLICITUD_FALTA_NUMERO_SOLICITUD,
		    "comando=%s", ctx->cl->code);
		tr_say(ctx, TR_NEXT, S_SOLICITUD_RESPONDA_AVISO_SOLICITUD,
		    "comando=%s", ctx->cl->code);
		free(first);
		return 0;
	}
	free(first);
	if ((r = store_wf_application_get(ctx->st, id, a)) < 0)
		return -1;
	if (r == 0 || a->agency_id != ctx->account_id) {
		tr_say(ctx, TR_ERROR, S_SOLICITUD_NO_HAY_NINGUNA,
		    "solicitud=%lld", (long long)id);
		wf_application_free(a);
		return 0;
	}
	return 1;
}

enum wf_verdict
fx_programa_cubrir(struct wf_call *c)
{
	static const enum wf_state pending[] = {ST_SOLICITUD_PENDIENTE};
	struct wf_application *a;
	struct wf_call o;
	size_t n;
	enum wf_verdict v = WF_OK;

	if (store_wf_application_list(c->ctx->st, c->agency_id, pending,
	    ARRAY_LEN(pending), &a, &n) != 0)
		return WF_ERROR;
	for (size_t i = 0; i < n && v == WF_OK; i++) {
		if (a[i].program_id != c->id)
			continue;
		wf_call_application(&o, c->ctx, &a[i], EV_SIN_VACANTE);
		v = wf_fire(&o);
	}
	wf_applications_free(a, n);
	return v;
}

enum wf_verdict
fx_aceptar(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct wf_application a;
	struct wf_program p;
	struct vars *v = vars_new();
	struct reply_att pdf;
	struct notice n;
	char *folio = NULL, *subject = NULL;
	int made = 0, rc = -1;

	memset(&p, 0, sizeof(p));
	if (store_wf_application_get(ctx->st, c->id, &a) != 1) {
		vars_free(v);
		return -1;
	}
	if (vars_servicio(ctx, v, &a) != 0 ||
	    store_wf_program_get(ctx->st, c->program_id, &p) != 1)
		goto out;
	if (letter_make(ctx, "aceptacion", v, vars_get(v, "alumno.correo"),
	    c->agency_id, &pdf, &folio) != 0)
		goto out;
	made = 1;
	vars_say(ctx, v, "estado.descripcion",
	    S_SOLICITUD_ACEPTO_SOLICITUD_PROGRAMA,
	    "dependencia.nombre=%s programa=%s folio=%s",
	    vars_get(v, "dependencia.nombre"), p.name, folio);
	vars_say(ctx, v, "estado.siguiente_paso",
	    S_SOLICITUD_PRESTE_SERVICIO_ENTREGUE, SAY_NONE);
	subject = say(ctx, S_SOLICITUD_ASUNTO_CARTA_ACEPTACION_SERVICIO,
	    SAY_NONE);
	memset(&n, 0, sizeof(n));
	n.subject = subject;
	n.v = v;
	n.att = &pdf;
	n.n_att = 1;
	if (notice_account(ctx, c->student_id, &n) != 0)
		goto out;
	vars_say(ctx, v, "estado.descripcion",
	    S_SOLICITUD_ACEPTO_MATRICULA_PROGRAMA, "dependencia.nombre=%s "
	    "alumno.nombre=%s alumno.matricula=%s programa=%s",
	    vars_get(v, "dependencia.nombre"), vars_get(v, "alumno.nombre"),
	    vars_get(v, "alumno.matricula"), p.name);
	vars_say(ctx, v, "estado.siguiente_paso",
	    S_SOLICITUD_NADA_AHORA_REPORTES, SAY_NONE);
	if (notice_coordinators(ctx, &n) != 0)
		goto out;
	reply_attach(&ctx->reply, pdf.filename, pdf.content_type,
	    pdf.data.data, pdf.data.len);
	tr_say(ctx, TR_DONE, S_SOLICITUD_ACEPTAMOS_LE_ENVIAMOS,
	    "alumno.nombre=%s programa=%s folio=%s",
	    vars_get(v, "alumno.nombre"), p.name, folio);
	tr_say(ctx, TR_NEXT, S_SOLICITUD_CUANDO_ESTUDIANTE_ENTREGUE,
	    "alumno.matricula=%s", vars_get(v, "alumno.matricula"));
	rc = 0;
out:
	if (made)
		reply_att_clear(&pdf);
	free(folio);
	free(subject);
	wf_program_free(&p);
	wf_application_free(&a);
	vars_free(v);
	return rc;
}

int
h_aceptar(struct hctx *ctx)
{
	struct wf_application a;
	struct wf_call c;
	int words, r;

	if ((r = agency_application(ctx, &a, &words)) <= 0)
		return r;
	wf_call_application(&c, ctx, &a, EV_ACEPTAR);
	r = wf_fire(&c);
	wf_application_free(&a);
	return r < 0 ? -1 : 0;
}

enum wf_verdict
fx_rechazar(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct wf_program p;
	struct vars *v = vars_new();
	struct notice n;
	char *subject = NULL;
	int rc = -1;

	memset(&p, 0, sizeof(p));
	if (store_wf_application_set_text(ctx->st, c->id, c->motivo, NULL,
	    NULL) != 0 || store_wf_program_get(ctx->st, c->program_id,
	    &p) != 1 || vars_alumno(ctx, v, c->student_id) != 0)
		goto out;
	vars_set(v, "motivo", c->motivo);
	vars_say(ctx, v, "estado.descripcion", S_SOLICITUD_NO_ACEPTO_SOLICITUD,
	    "dependencia=%s programa=%s motivo=%s", p.agency_name, p.name,
	    c->motivo);
	vars_say(ctx, v, "estado.siguiente_paso",
	    S_SOLICITUD_ESCRIBA_PROGRAMAS_SOLICITE, SAY_NONE);
	subject = say(ctx, S_SOLICITUD_ASUNTO_RESPUESTA_DEPENDENCIA_PETICION,
	    SAY_NONE);
	memset(&n, 0, sizeof(n));
	n.subject = subject;
	n.v = v;
	if (notice_account(ctx, c->student_id, &n) != 0)
		goto out;
	tr_say(ctx, TR_DONE, S_SOLICITUD_RECHAZAMOS_SOLICITUD_LE,
	    "solicitud=%lld alumno.nombre=%s", (long long)c->id,
	    vars_get(v, "alumno.nombre"));
	rc = 0;
out:
	free(subject);
	wf_program_free(&p);
	vars_free(v);
	return rc;
}

int
h_rechazar_solicitud(struct hctx *ctx)
{
	struct wf_application a;
	struct wf_call c;
	char *motivo;
	int words, r;

	if ((r = agency_application(ctx, &a, &words)) <= 0)
		return r;
	motivo = hctx_arg_rest(ctx, words);
	if (*motivo == '\0') {
		tr_say(ctx, TR_ERROR, S_SOLICITUD_FALTA_MOTIVO_RECHAZO,
		    SAY_NONE);
		tr_say(ctx, TR_NEXT, S_SOLICITUD_ESCRIBA_RECHAZAR_SEGUIDO,
		    "solicitud=%lld", (long long)a.id);
		r = 0;
	} else {
		wf_call_application(&c, ctx, &a, EV_RECHAZAR);
		c.motivo = motivo;
		r = wf_fire(&c) < 0 ? -1 : 0;
	}
	free(motivo);
	wf_application_free(&a);
	return r;
}

/* ---- an application that ends without an answer ---- */

static enum sentence
closing_sentence(enum wf_event ev)
{
	switch (ev) {
	case EV_RETIRAR:
		return S_SOLICITUD_CIERRE_RETIRADA;
	case EV_VENCER:
		return S_SOLICITUD_CIERRE_VENCIDA;
	default:
		return S_SOLICITUD_CIERRE_PROGRAMA_LLENO;
	}
}

enum wf_verdict
fx_solicitud_cerrar(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct wf_program p;
	struct vars *v = vars_new();
	char *subject = NULL, *closing = NULL;
	int rc = -1;

	memset(&p, 0, sizeof(p));
	if (store_wf_program_get(ctx->st, c->program_id, &p) != 1 ||
	    vars_alumno(ctx, v, c->student_id) != 0)
		goto out;
	closing = say(ctx, closing_sentence(c->event), SAY_NONE);
	/* No command word in the Subject: a reply would read as one. */
	subject = say(ctx, S_SOLICITUD_ASUNTO_PETICION_QUEDO_CERRADA,
	    "solicitud=%lld", (long long)c->id);
	vars_say(ctx, v, "estado.descripcion", S_SOLICITUD_SOLICITUD,
	    "solicitud=%lld programa=%s dependencia=%s cierre=%s",
	    (long long)c->id, p.name, p.agency_name, closing);
	vars_say(ctx, v, "estado.siguiente_paso",
	    S_SOLICITUD_PUEDE_SOLICITAR_OTRO, SAY_NONE);
	if (c->event != EV_RETIRAR && notice_to(ctx, c->student_id, v, subject, NULL) != 0)
		goto out;
	if (c->event != EV_SIN_VACANTE) {
		vars_say(ctx, v, "estado.descripcion",
		    S_SOLICITUD_SOLICITUD_MATRICULA_NO, "solicitud=%lld "
		    "alumno.nombre=%s alumno.matricula=%s programa=%s "
		    "cierre=%s", (long long)c->id, vars_get(v, "alumno.nombre"),
		    vars_get(v, "alumno.matricula"), p.name,
		    closing);
		vars_say(ctx, v, "estado.siguiente_paso", S_SOLICITUD_NADA,
		    SAY_NONE);
		if (notice_to(ctx, c->agency_id, v, subject, NULL) != 0)
			goto out;
	}
	if (c->event == EV_SIN_VACANTE)
		tr_say(ctx, TR_DONE, S_SOLICITUD_PROGRAMA_LLENO_AVISAMOS,
		    "alumno.nombre=%s solicitud=%lld",
		    vars_get(v, "alumno.nombre"), (long long)c->id);
	else {
		tr_say(ctx, TR_DONE,
		    S_SOLICITUD_SOLICITUD_AVISAMOS_DEPENDENCIA,
		    "solicitud=%lld programa=%s cierre=%s", (long long)c->id,
		    p.name, closing);
		tr_say(ctx, TR_NEXT, S_SOLICITUD_PUEDE_SOLICITAR_OTRO_2,
		    SAY_NONE);
	}
	rc = 0;
out:
	free(closing);
	free(subject);
	wf_program_free(&p);
	vars_free(v);
	return rc;
}

int
h_cancelar_solicitud(struct hctx *ctx)
{
	struct wf_application a;
	struct wf_call c;
	int r;

	if ((r = store_wf_application_latest(ctx->st, ctx->account_id,
	    &a)) < 0)
		return -1;
	if (r == 0) {
		tr_say(ctx, TR_ERROR, S_SOLICITUD_NO_TIENE_NINGUNA, SAY_NONE);
		return 0;
	}
	wf_call_application(&c, ctx, &a, EV_RETIRAR);
	r = wf_fire(&c);
	wf_application_free(&a);
	return r < 0 ? -1 : 0;
}
