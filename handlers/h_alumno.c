/* SPDX-License-Identifier: ISC */
/*
 * h_alumno.c - the student's first steps: REGISTRO (the account and its
 * personal address), FOTO, and PRESENTACION (asking the coordinator for
 * the carta de presentación and the constancia de estudios), with the
 * effects of the coordinator's decision on that request.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "handlers/commands.h"
#include "handlers/docs.h"
#include "handlers/effects.h"
#include "handlers/workflow.h"
#include "handlers/hletters.h"
#include "handlers/hutil.h"
#include "handlers/say.h"
#include "handlers/notice.h"
#include "handlers/matters.h"
#include "handlers/roster.h"

struct registro {
	char *matricula;
	char *nombre;
	char *carrera;
	int creditos;
};

static void
registro_free(struct registro *r)
{
	free(r->matricula);
	free(r->nombre);
	free(r->carrera);
}

/* Read and check the form; 1 when complete and valid. */
static int
registro_read(struct hctx *ctx, struct registro *r)
{
	char *cred;
	int ok = 1;

	memset(r, 0, sizeof(*r));
	if ((r->matricula = hctx_field(ctx, "Matrícula")) != NULL) {
		/* one spelling, whatever was typed (classify.h) */
		char *m = matricula_normalize(r->matricula);

		free(r->matricula);
		r->matricula = m;
	}
	r->nombre = hctx_field(ctx, "Nombre");
	r->carrera = hctx_field(ctx, "Carrera");
	cred = hctx_field(ctx, "Créditos");
	if (r->matricula == NULL) {
		tr_say(ctx, TR_MISSING, S_ALUMNO_MATRICULA_NUMERO_MATRICULA,
		    SAY_NONE);
		ok = 0;
	} else if (!matricula_valid(r->matricula)) {
		tr_say(ctx, TR_ERROR, S_ALUMNO_MATRICULA_VALIDA_USE,
		    "matricula=%s matricula_max=%d", r->matricula,
		    MATRICULA_MAX);
		ok = 0;
	}
	if (r->nombre == NULL) {
		tr_say(ctx, TR_MISSING, S_ALUMNO_NOMBRE_NOMBRE_COMPLETO,
		    SAY_NONE);
		ok = 0;
	}
	if (r->carrera == NULL) {
		tr_say(ctx, TR_MISSING, S_ALUMNO_CARRERA_NOMBRE_CARRERA,
		    SAY_NONE);
		ok = 0;
	}
	if (cred == NULL) {
		tr_say(ctx, TR_MISSING, S_ALUMNO_CREDITOS_PORCENTAJE_CREDITOS,
		    SAY_NONE);
		ok = 0;
	} else if ((r->creditos = credits_parse(cred)) < 0) {
		tr_say(ctx, TR_ERROR, S_ALUMNO_PORCENTAJE_CREDITOS_VALIDO,
		    "creditos=%s", cred);
		ok = 0;
	}
	free(cred);
	if (!ok && !tr_refused(ctx))
		tr_say(ctx, TR_ERROR, S_ALUMNO_FALTAN_DATOS_CUERPO, SAY_NONE);
	return ok;
}

enum wf_verdict
fx_alumno_registrar(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	const struct registro *r = c->data;
	struct wf_student s;
	char tok[ATOK_LEN + 1], hash[MAC_HEX], *addr;
	int found;

	memset(&s, 0, sizeof(s));
	if ((found = store_wf_student_by_matricula(ctx->st, r->matricula,
	    &s)) < 0)
		return -1;
	wf_student_free(&s);
	if (found) {
		tr_say(ctx, TR_ERROR, S_ALUMNO_MATRICULA_ESTA_REGISTRADA,
		    "matricula=%s", r->matricula);
		return 1;
	}
	if (store_wf_account_insert(ctx->st, "alumno", ctx->msg->from_addr,
	    r->nombre, ST_ALUMNO_NUEVO, ctx->now, &c->id) != 0)
		return -1;
	s.account_id = c->id;
	s.matricula = r->matricula;
	s.carrera = r->carrera;
	s.creditos = r->creditos;
	if (store_wf_student_insert(ctx->st, &s) != 0)
		return -1;
	atok_new(tok);
	atok_hash(tok, ATOK_LEN, hash);
	if (store_wf_account_set_token(ctx->st, c->id, hash) != 0)
		return -1;
	ctx->account_id = c->id;
	addr = personal_address(ctx->cfg, tok);
	vars_set(tr_vars(ctx), "cuenta.direccion", addr);
	tr_say(ctx, TR_DONE, S_ALUMNO_REGISTRAMOS_CUENTA_ESTUDIANTE,
	    "nombre=%s matricula=%s carrera=%s creditos=%d", r->nombre,
	    r->matricula, r->carrera, r->creditos);
	tr_say(ctx, TR_DONE, S_ALUMNO_DIRECCION_PERSONAL_ENVIARNOS,
	    "direccion=%s", addr);
	tr_say(ctx, TR_NEXT, S_ALUMNO_ENVIE_FOTO_FOTOGRAFIA, SAY_NONE);
	free(addr);
	return 0;
}

int
h_registro(struct hctx *ctx)
{
	struct registro r;
	struct wf_call c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.entity = WF_ALUMNO;
	c.id = ctx->account_id;
	c.event = EV_REGISTRO;
	if (ctx->account_id != 0)	/* already registered: the table says */
		return wf_fire(&c) < 0 ? -1 : 0;
	if (!registro_read(ctx, &r)) {
		tr_say(ctx, TR_NEXT, S_ALUMNO_ESCRIBA_NUEVO_ASUNTO, SAY_NONE);
		registro_free(&r);
		return 0;
	}
	/* Below the credits, or not the roster's: refused, with the rule. */
	if ((rc = roster_check(ctx, r.matricula, &r.nombre, &r.carrera,
	    &r.creditos)) != 1) {
		registro_free(&r);
		return rc < 0 ? -1 : 0;
	}
	/* A matrícula held by another address: the coordinators decide. */
	if ((rc = matricula_disputa(ctx, r.matricula, r.nombre)) != 0) {
		registro_free(&r);
		return rc < 0 ? -1 : 0;
	}
	c.data = &r;
	c.note = r.matricula;
	rc = wf_fire(&c);
	registro_free(&r);
	return rc < 0 ? -1 : 0;
}

enum wf_verdict
fx_foto(struct wf_call *c)
{
	const struct attachment *a = c->data;
	int64_t doc;

	if (docs_store(c->ctx, a, DOC_FOTO, c->id, 0, &doc) != 0)
		return -1;
	tr_document_said(c->ctx, doc_kind_name(DOC_FOTO),
	    S_ESTADO_DOCUMENTO_LLEGO, a->filename,
	    magic_type_human(a->magic_type));
	tr_say(c->ctx, TR_DONE, S_ALUMNO_GUARDAMOS_FOTOGRAFIA, "archivo=%s",
	    a->filename);
	return 0;
}

/* After a photo, the step of the state the student is in. */
static void
foto_next(struct hctx *ctx)
{
	enum wf_state st;
	const char *next;

	if (store_wf_state_get(ctx->st, WF_ALUMNO, ctx->account_id, &st) != 1)
		return;
	if (st == ST_ALUMNO_REGISTRADO)
		tr_say(ctx, TR_NEXT, S_ALUMNO_ENVIE_PRESENTACION_PEDIR,
		    SAY_NONE);
	else if ((next = wf_state_next(st)) != NULL)
		tr_next(ctx, "%s", next);
}

int
h_foto(struct hctx *ctx)
{
	static const enum doc_kind want[] = {DOC_FOTO};
	struct doc_pick pick;
	struct wf_call c;

	docs_pick(ctx, want, ARRAY_LEN(want), DOC_FOTO, &pick);
	if (pick.att[DOC_FOTO] == NULL) {
		if (!pick.bad)
			tr_say(ctx, TR_ERROR, S_ALUMNO_MENSAJE_TRAE_FOTOGRAFIA,
			    SAY_NONE);
		tr_say(ctx, TR_NEXT, S_ALUMNO_ENVIE_FOTO_NUEVO, SAY_NONE);
		return 0;
	}
	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.entity = WF_ALUMNO;
	c.id = ctx->account_id;
	c.event = EV_FOTO;
	c.data = (void *)pick.att[DOC_FOTO];
	if (wf_fire(&c) < 0)
		return -1;
	if (!tr_refused(ctx))
		foto_next(ctx);
	return 0;
}

enum wf_verdict
fx_presentacion_pedir(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct wf_document foto;
	struct reply_att att[1];
	size_t n_att = 0;
	struct vars *v = vars_new();
	char code[CODE_LEN + 1];
	int r, rc = -1;

	memset(&foto, 0, sizeof(foto));
	if (vars_alumno(ctx, v, c->id) != 0)
		goto out;
	if ((r = store_wf_document_current(ctx->st, c->id, "foto", 0,
	    &foto)) < 0)
		goto out;
	if (r == 1) {
		if (docs_attachment(ctx, foto.id, 1, &att[0]) != 0)
			goto out;
		n_att = 1;
	}
	vars_say(ctx, v, "estado.descripcion", S_ALUMNO_MATRICULA_CREDITOS_PIDE,
	    "alumno.nombre=%s alumno.matricula=%s alumno.carrera=%s "
	    "alumno.creditos=%s", vars_get(v, "alumno.nombre"),
	    vars_get(v, "alumno.matricula"), vars_get(v, "alumno.carrera"),
	    vars_get(v, "alumno.creditos"));
	if (matter_open(ctx, MATTER_PRESENTACION, c->id, v, att, n_att,
	    &c->matter_id, code) != 0)
		goto out;
	tr_say(ctx, TR_DONE, S_ALUMNO_PEDIMOS_COORDINACION_CARTA, SAY_NONE);
	tr_say(ctx, TR_NEXT, S_ALUMNO_ESPERE_RESPUESTA_COORDINACION, SAY_NONE);
	rc = 0;
out:
	if (n_att)
		reply_att_clear(&att[0]);
	wf_document_free(&foto);
	vars_free(v);
	return rc;
}

int
h_presentacion(struct hctx *ctx)
{
	struct wf_call c;

	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.entity = WF_ALUMNO;
	c.id = ctx->account_id;
	c.event = EV_PRESENTACION;
	return wf_fire(&c) < 0 ? -1 : 0;
}

enum wf_verdict
fx_presentacion_emitir(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct vars *v = vars_new();
	struct reply_att att[2];
	char *f1 = NULL, *f2 = NULL, *subject = NULL;
	struct notice n;
	int made = 0, rc = -1;

	if (vars_alumno(ctx, v, c->id) != 0)
		goto out;
	if (letter_make(ctx, "presentacion", v, vars_get(v, "alumno.correo"),
	    0, &att[0], &f1) != 0)
		goto out;
	made = 1;
	if (letter_make(ctx, "constancia", v, vars_get(v, "alumno.correo"),
	    0, &att[1], &f2) != 0)
		goto out;
	made = 2;
	vars_say(ctx, v, "estado.descripcion",
	    S_ALUMNO_COORDINACION_APROBO_PETICION,
	    SAY_NONE);
	vars_say(ctx, v, "estado.siguiente_paso",
	    S_ALUMNO_ESCRIBA_PROGRAMAS_VER,
	    "folio_presentacion=%s folio_constancia=%s", f1, f2);
	subject = say(ctx, S_ALUMNO_ASUNTO_CARTAS_SERVICIO_SOCIAL, SAY_NONE);
	memset(&n, 0, sizeof(n));
	n.subject = subject;
	n.v = v;
	n.att = att;
	n.n_att = 2;
	if (notice_account(ctx, c->id, &n) != 0)
		goto out;
	tr_say(ctx, TR_DONE, S_ALUMNO_EMITIMOS_CARTA_PRESENTACION,
	    "folio_presentacion=%s folio_constancia=%s alumno.nombre=%s", f1,
	    f2, vars_get(v, "alumno.nombre"));
	rc = 0;
out:
	for (int i = 0; i < made; i++)
		reply_att_clear(&att[i]);
	free(f1);
	free(f2);
	free(subject);
	vars_free(v);
	return rc;
}

enum wf_verdict
fx_presentacion_rechazar(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct vars *v = vars_new();
	struct notice n;
	char *subject;
	int rc = -1;

	if (vars_alumno(ctx, v, c->id) != 0)
		goto out;
	vars_say(ctx, v, "estado.descripcion", S_ALUMNO_COORDINACION_NO_APROBO,
	    "motivo=%s", c->motivo ? c->motivo : "");
	vars_say(ctx, v, "estado.siguiente_paso", S_ALUMNO_ATIENDA_MOTIVO_ENVIE,
	    SAY_NONE);
	vars_set(v, "motivo", c->motivo);
	subject = say(ctx, S_ALUMNO_ASUNTO_RESPUESTA_PETICION_CARTAS, SAY_NONE);
	memset(&n, 0, sizeof(n));
	n.subject = subject;
	n.v = v;
	rc = notice_account(ctx, c->id, &n);
	free(subject);
	if (rc == 0)
		tr_say(ctx, TR_DONE, S_ALUMNO_AVISAMOS_PETICION_CARTA,
		    "alumno.nombre=%s", vars_get(v, "alumno.nombre"));
out:
	vars_free(v);
	return rc;
}
