/* SPDX-License-Identifier: ISC */
/*
 * h_dependencia.c - an agency's way to its convenio: REGISTRO DEPENDENCIA
 * with its form and six documents, DOCUMENTOS to add or replace them over
 * as many mails as it takes, and the effects of the coordinator's decision
 * (the convenio PDF and the agency's credentials, or the reason for the
 * refusal).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/caldate.h"
#include "common/log.h"
#include "handlers/commands.h"
#include "handlers/convenio.h"
#include "handlers/docs.h"
#include "handlers/effects.h"
#include "handlers/workflow.h"
#include "handlers/hletters.h"
#include "handlers/hutil.h"
#include "handlers/say.h"
#include "handlers/notice.h"
#include "handlers/matters.h"

/* The six documents of the convenio, in the seed document's order. */
static const enum doc_kind agency_docs[] = {
	DOC_DECRETO, DOC_NOMBRAMIENTO, DOC_INE, DOC_DOMICILIO, DOC_RFC,
	DOC_LOGO,
};

struct dep_form {
	struct wf_agency g;
	char *nombre;
	struct doc_pick pick;
};

static void
dep_form_free(struct dep_form *f)
{
	wf_agency_free(&f->g);
	free(f->nombre);
}

/* 12 (persona moral) or 13 (persona física) letters and digits. */
static int
rfc_ok(const char *s)
{
	size_t n = strlen(s);

	if (n != 12 && n != 13)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '&')
			return 0;
	return 1;
}

/* "pública" / "privada" / "empresa" (a private company, issue 11) in any
   case and accent; NULL otherwise. */
static const char *
tipo_of(const char *s)
{
	char *f = fold_spanish(s);
	const char *t = NULL;

	str_trim(f);
	if (strcmp(f, "publica") == 0)
		t = "pública";
	else if (strcmp(f, "privada") == 0)
		t = "privada";
	else if (strcmp(f, "empresa") == 0)
		t = "empresa";
	free(f);
	return t;
}

static int
dep_form_read(struct hctx *ctx, struct dep_form *f)
{
	char *tipo;
	int ok = 1;

	memset(f, 0, sizeof(*f));
	f->nombre = hctx_field_needed(ctx, "Nombre",
	    S_DEPENDENCIA_FALTA_NOMBRE, &ok);
	tipo = hctx_field_needed(ctx, "Tipo", S_DEPENDENCIA_FALTA_TIPO, &ok);
	f->g.rfc = hctx_field_needed(ctx, "RFC", S_DEPENDENCIA_FALTA_RFC, &ok);
	f->g.representante = hctx_field_needed(ctx, "Representante",
	    S_DEPENDENCIA_FALTA_REPRESENTANTE, &ok);
	f->g.cargo = hctx_field_needed(ctx, "Cargo",
	    S_DEPENDENCIA_FALTA_CARGO, &ok);
	f->g.domicilio = hctx_field_needed(ctx, "Domicilio",
	    S_DEPENDENCIA_FALTA_DOMICILIO, &ok);
	f->g.telefono = hctx_field_needed(ctx, "Teléfono",
	    S_DEPENDENCIA_FALTA_TELEFONO, &ok);
	if (tipo != NULL) {
		const char *t = tipo_of(tipo);

		if (t == NULL) {
			tr_say(ctx, TR_ERROR, S_DEPENDENCIA_TIPO_NO_VALIDO,
			    "tipo=%s", tipo);
			ok = 0;
		}
		f->g.tipo = xstrdup(t ? t : "");
		free(tipo);
	}
	if (f->g.rfc != NULL && !rfc_ok(f->g.rfc)) {
		tr_say(ctx, TR_ERROR, S_DEPENDENCIA_RFC_NO_VALIDO, "rfc=%s",
		    f->g.rfc);
		ok = 0;
	}
	if (f->g.rfc != NULL)
		ascii_upper_inplace(f->g.rfc);
	if (!ok && !tr_refused(ctx))
		tr_say(ctx, TR_ERROR, S_DEPENDENCIA_FALTAN_DATOS_CUERPO,
		    SAY_NONE);
	return ok;
}

/* Would the agency have all six documents after this message? */
static int
docs_complete(struct hctx *ctx, int64_t agency_id,
    const struct doc_pick *pick, int *complete)
{
	*complete = 1;
	for (size_t i = 0; i < ARRAY_LEN(agency_docs); i++) {
		struct wf_document d;
		int r = 0;

		if (pick->att[agency_docs[i]] != NULL)
			continue;
		if (agency_id != 0 && (r = store_wf_document_current(ctx->st,
		    agency_id, doc_kind_id(agency_docs[i]), 0, &d)) < 0)
			return -1;
		if (r == 1)
			wf_document_free(&d);
		else
			*complete = 0;
	}
	return 0;
}

/* Store what came and list every document: received, new or missing. */
static int
store_and_list(struct hctx *ctx, int64_t agency_id,
    const struct doc_pick *pick)
{
	for (size_t i = 0; i < ARRAY_LEN(agency_docs); i++) {
		enum doc_kind k = agency_docs[i];
		const struct attachment *a = pick->att[k];
		struct wf_document d;
		int64_t id;
		int r;

		if (a != NULL) {
			if (docs_store(ctx, a, k, agency_id, 0, &id) != 0)
				return -1;
			tr_document_said(ctx, doc_kind_name(k),
			    S_DEPENDENCIA_DOCUMENTO_LLEGO_ESTE_CORREO,
			    a->filename, attachment_human(a));
			if ((a = pick->second[k]) == NULL)
				continue;
			if (docs_store(ctx, a, k, agency_id, DOCS_REF_OTHER_SIDE,
			    &id) != 0)
				return -1;
			tr_document_said(ctx, doc_kind_name(k),
			    S_DEPENDENCIA_DOCUMENTO_OTRO_LADO, a->filename,
			    attachment_human(a));
			continue;
		}
		if ((r = store_wf_document_current(ctx->st, agency_id,
		    doc_kind_id(k), 0, &d)) < 0)
			return -1;
		if (r == 1) {
			tr_document_said(ctx, doc_kind_name(k),
			    S_DEPENDENCIA_DOCUMENTO_LLEGO_ANTES, d.filename,
			    magic_type_human(d.magic_type));
			wf_document_free(&d);
		} else {
			tr_document_said(ctx, doc_kind_name(k),
			    S_ESTADO_DOCUMENTO_FALTA, NULL, NULL);
			tr_say(ctx, TR_MISSING, S_ESTADO_DOCUMENTO_FALTANTE,
			    "documento=%s tipos=%s", doc_kind_name(k),
			    doc_types_expected(k));
		}
	}
	return 0;
}

/* Every current document of the agency, for the coordinators' notice. */
static int
agency_attachments(struct hctx *ctx, int64_t agency_id,
    struct reply_att **out, size_t *n)
{
	struct reply_att *v = xcalloc(2 * ARRAY_LEN(agency_docs), sizeof(*v));
	size_t k = 0;

	for (size_t j = 0; j < 2 * ARRAY_LEN(agency_docs); j++) {
		size_t i = j / 2;
		struct wf_document d;
		/* each document, then its other side (the INE's back) */
		int r = store_wf_document_current(ctx->st, agency_id,
		    doc_kind_id(agency_docs[i]), j % 2 ? DOCS_REF_OTHER_SIDE :
		    0, &d);

		if (r < 0)
			goto fail;
		if (r == 0)
			continue;
		r = docs_attachment(ctx, d.id, 1, &v[k]);
		wf_document_free(&d);
		if (r != 0)
			goto fail;
		k++;
	}
	*out = v;
	*n = k;
	return 0;
fail:
	reply_atts_free(v, k);
	return -1;
}

/* The convenio goes to the coordinators for review, with its code. */
static int
open_convenio(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct vars *v = vars_new();
	struct reply_att *att = NULL;
	size_t n = 0;
	char code[CODE_LEN + 1];
	int rc = -1;

	if (vars_dependencia(ctx, v, c->id) != 0 ||
	    agency_attachments(ctx, c->id, &att, &n) != 0)
		goto out;
	vars_say(ctx, v, "estado.descripcion",
	    S_DEPENDENCIA_DEPENDENCIA_RFC_COMPLETO, "dependencia.nombre=%s "
	    "dependencia.tipo=%s dependencia.rfc=%s "
	    "dependencia.representante=%s dependencia.cargo=%s "
	    "dependencia.domicilio=%s dependencia.telefono=%s "
	    "dependencia.correo=%s", vars_get(v, "dependencia.nombre"),
	    vars_get(v, "dependencia.tipo"), vars_get(v, "dependencia.rfc"),
	    vars_get(v, "dependencia.representante"),
	    vars_get(v, "dependencia.cargo"),
	    vars_get(v, "dependencia.domicilio"),
	    vars_get(v, "dependencia.telefono"),
	    vars_get(v, "dependencia.correo"));
	if (matter_open(ctx, MATTER_CONVENIO, c->id, v, att, n,
	    &c->matter_id, code) != 0)
		goto out;
	tr_say(ctx, TR_DONE, S_DEPENDENCIA_SEIS_DOCUMENTOS_SOLICITUD,
	    SAY_NONE);
	tr_say(ctx, TR_NEXT, S_DEPENDENCIA_ESPERE_RESPUESTA_COORDINACION,
	    SAY_NONE);
	rc = 0;
out:
	reply_atts_free(att, n);
	vars_free(v);
	return rc;
}

/* After the documents were stored: review, or what is still missing. */
static int
after_documents(struct wf_call *c)
{
	if (c->next == ST_DEPENDENCIA_EN_REVISION &&
	    c->state != ST_DEPENDENCIA_EN_REVISION)
		return open_convenio(c);
	if (c->next == ST_DEPENDENCIA_EN_REVISION) {
		tr_say(c->ctx, TR_DONE, S_DEPENDENCIA_SOLICITUD_SIGUE_REVISION,
		    SAY_NONE);
		tr_say(c->ctx, TR_NEXT,
		    S_DEPENDENCIA_ESPERE_RESPUESTA_COORDINACION_2, SAY_NONE);
	} else if (c->next == ST_DEPENDENCIA_CONVENIO_VIGENTE) {
		tr_next(c->ctx, "%s", wf_state_next(c->next));
	} else {
		tr_say(c->ctx, TR_NEXT, S_DEPENDENCIA_RESPONDA_ESTE_CORREO,
		    SAY_NONE);
	}
	return 0;
}

enum wf_verdict
fx_dep_registrar(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct dep_form *f = c->data;
	int64_t other;
	int r;

	if ((r = store_wf_agency_find(ctx->st, f->g.rfc, &other)) < 0)
		return -1;
	if (r == 1) {
		tr_say(ctx, TR_ERROR, S_DEPENDENCIA_HAY_DEPENDENCIA_REGISTRADA,
		    "rfc=%s", f->g.rfc);
		return 1;
	}
	if (store_wf_account_insert(ctx->st, "dependencia",
	    ctx->msg->from_addr, f->nombre, ST_DEPENDENCIA_NUEVO, ctx->now,
	    &c->id) != 0)
		return -1;
	f->g.account_id = c->id;
	if (store_wf_agency_put(ctx->st, &f->g) != 0)
		return -1;
	ctx->account_id = c->id;
	tr_say(ctx, TR_DONE, S_DEPENDENCIA_REGISTRAMOS_DEPENDENCIA_RFC,
	    "nombre=%s tipo=%s rfc=%s representante=%s cargo=%s", f->nombre,
	    f->g.tipo, f->g.rfc, f->g.representante, f->g.cargo);
	if (store_and_list(ctx, c->id, &f->pick) != 0)
		return -1;
	return after_documents(c);
}

static void
dep_call(struct wf_call *c, struct hctx *ctx, enum wf_event ev)
{
	memset(c, 0, sizeof(*c));
	c->ctx = ctx;
	c->entity = WF_DEPENDENCIA;
	c->id = ctx->account_id;
	c->event = ev;
}

int
h_registro_dependencia(struct hctx *ctx)
{
	struct dep_form f;
	struct wf_call c;
	int rc;

	dep_call(&c, ctx, EV_REGISTRO_DEPENDENCIA);
	if (ctx->account_id != 0)
		return wf_fire(&c) < 0 ? -1 : 0;
	if (!dep_form_read(ctx, &f)) {
		tr_say(ctx, TR_NEXT, S_DEPENDENCIA_ESCRIBA_NUEVO_ASUNTO,
		    SAY_NONE);
		dep_form_free(&f);
		return 0;
	}
	docs_pick(ctx, agency_docs, ARRAY_LEN(agency_docs), DOC_UNKNOWN,
	    &f.pick);
	if (docs_complete(ctx, 0, &f.pick, &c.complete) != 0) {
		dep_form_free(&f);
		return -1;
	}
	c.data = &f;
	c.note = f.g.rfc;
	rc = wf_fire(&c);
	dep_form_free(&f);
	return rc < 0 ? -1 : 0;
}

enum wf_verdict
fx_dep_documentos(struct wf_call *c)
{
	const struct doc_pick *pick = c->data;

	if (store_and_list(c->ctx, c->id, pick) != 0)
		return -1;
	return after_documents(c);
}

int
h_documentos(struct hctx *ctx)
{
	struct doc_pick pick;
	struct wf_call c;
	int any = 0;

	docs_pick(ctx, agency_docs, ARRAY_LEN(agency_docs), DOC_UNKNOWN,
	    &pick);
	for (size_t i = 0; i < ARRAY_LEN(agency_docs); i++)
		any |= pick.att[agency_docs[i]] != NULL;
	if (!any) {
		if (!tr_refused(ctx) && pick.unknown > 0)
			tr_say(ctx, TR_ERROR,
			    S_DEPENDENCIA_NO_RECONOCIMOS_NINGUNO, SAY_NONE);
		else if (!tr_refused(ctx))
			tr_say(ctx, TR_ERROR, S_DEPENDENCIA_MENSAJE_NO_TRAE,
			    SAY_NONE);
		tr_say(ctx, TR_NEXT, S_DEPENDENCIA_ADJUNTE_DOCUMENTOS_NOMBRE,
		    SAY_NONE);
		return 0;
	}
	dep_call(&c, ctx, EV_DOCUMENTOS);
	c.data = &pick;
	if (docs_complete(ctx, ctx->account_id, &pick, &c.complete) != 0)
		return -1;
	return wf_fire(&c) < 0 ? -1 : 0;
}

enum wf_verdict
fx_convenio_emitir(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct vars *v = vars_new();
	struct reply_att pdf;
	struct notice n;
	char tok[ATOK_LEN + 1], hash[MAC_HEX];
	char *folio = NULL, *addr = NULL, *subject = NULL;
	int made = 0, rc = -1;

	if (convenio_issue(ctx, c->id, v, &pdf, &folio) != 0)
		goto out;
	made = 1;
	if (c->state == ST_DEPENDENCIA_CONVENIO_VIGENTE) {
		/* RENOVAR: a new term; the personal address stays. */
		vars_say(ctx, v, "estado.descripcion",
		    S_DEPENDENCIA_COORDINACION_RENOVO_CONVENIO,
		    "dependencia.nombre=%s folio=%s fecha=%s",
		    vars_get(v, "dependencia.nombre"), folio,
		    vars_get(v, "convenio.fin"));
		subject = say(ctx, S_DEPENDENCIA_ASUNTO_CONVENIO_RENOVADO,
		    SAY_NONE);
	} else {
		atok_new(tok);
		atok_hash(tok, ATOK_LEN, hash);
		if (store_wf_account_set_token(ctx->st, c->id, hash) != 0)
			goto out;
		addr = personal_address(ctx->cfg, tok);
		vars_set(v, "cuenta.direccion", addr);
		vars_say(ctx, v, "estado.descripcion",
		    S_DEPENDENCIA_COORDINACION_APROBO_CONVENIO,
		    "dependencia.nombre=%s folio=%s",
		    vars_get(v, "dependencia.nombre"), folio);
		vars_say(ctx, vars_list_add(v, "avisos"), "descripcion",
		    S_DEPENDENCIA_CREDENCIALES_ACCESO_DIRECCION,
		    "direccion=%s", addr);
		subject = say(ctx,
		    S_DEPENDENCIA_ASUNTO_CONVENIO_AUTORIZADO_CREDENCIALES,
		    SAY_NONE);
	}
	vars_say(ctx, v, "estado.siguiente_paso",
	    S_DEPENDENCIA_PUBLIQUE_PROGRAMAS_PROGRAMA, SAY_NONE);
	memset(&n, 0, sizeof(n));
	n.subject = subject;
	n.v = v;
	n.att = &pdf;
	n.n_att = 1;
	if (notice_account(ctx, c->id, &n) != 0)
		goto out;
	reply_attach(&ctx->reply, pdf.filename, pdf.content_type,
	    pdf.data.data, pdf.data.len);
	tr_say(ctx, TR_DONE, S_DEPENDENCIA_EMITIMOS_CONVENIO_LE,
	    "folio=%s dependencia.nombre=%s", folio,
	    vars_get(v, "dependencia.nombre"));
	rc = 0;
out:
	if (made)
		reply_att_clear(&pdf);
	free(folio);
	free(addr);
	free(subject);
	vars_free(v);
	return rc;
}

enum wf_verdict
fx_convenio_rechazar(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct vars *v = vars_new();
	struct notice n;
	char *subject = NULL;
	int rc = -1;

	if (vars_dependencia(ctx, v, c->id) != 0)
		goto out;
	vars_set(v, "motivo", c->motivo);
	vars_say(ctx, v, "estado.descripcion",
	    S_DEPENDENCIA_COORDINACION_NO_APROBO, "dependencia.nombre=%s "
	    "motivo=%s", vars_get(v, "dependencia.nombre"),
	    c->motivo ? c->motivo : "");
	vars_say(ctx, v, "estado.siguiente_paso",
	    c->state == ST_DEPENDENCIA_CONVENIO_VIGENTE ?
	    S_DEPENDENCIA_RENOVACION_NO_APROBADA :
	    S_DEPENDENCIA_CORRIJA_INDICADO_ENVIE, SAY_NONE);
	subject = say(ctx, S_DEPENDENCIA_ASUNTO_RESPUESTA_SOBRE_CONVENIO,
	    SAY_NONE);
	memset(&n, 0, sizeof(n));
	n.subject = subject;
	n.v = v;
	if (notice_account(ctx, c->id, &n) != 0)
		goto out;
	tr_say(ctx, TR_DONE, S_DEPENDENCIA_AVISAMOS_CONVENIO_FUE,
	    "dependencia.nombre=%s", vars_get(v, "dependencia.nombre"));
	rc = 0;
out:
	free(subject);
	vars_free(v);
	return rc;
}

/* RENOVAR: a new convenio is a coordinator's matter, as the first one
   was; one request at a time. */
int
h_renovar(struct hctx *ctx)
{
	struct wf_matter m;
	struct wf_call c;
	int r;

	r = store_wf_matter_open_for(ctx->st, MATTER_CONVENIO,
	    ctx->account_id, &m);
	if (r < 0)
		return -1;
	if (r == 1) {
		wf_matter_free(&m);
		tr_say(ctx, TR_ERROR, S_DEPENDENCIA_RENOVACION_YA_PEDIDA,
		    SAY_NONE);
		tr_say(ctx, TR_NEXT,
		    S_DEPENDENCIA_ESPERE_RESPUESTA_COORDINACION, SAY_NONE);
		return 0;
	}
	dep_call(&c, ctx, EV_RENOVAR);
	c.agency_id = ctx->account_id;
	return wf_fire(&c) < 0 ? -1 : 0;
}

enum wf_verdict
fx_convenio_pedir_renovacion(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct vars *v = vars_new();
	char code[CODE_LEN + 1], *fin = NULL;
	int rc = -1;

	if (vars_dependencia(ctx, v, c->id) != 0 ||
	    convenio_last_day(ctx, c->id, &fin) != 0)
		goto out;
	vars_say(ctx, v, "estado.descripcion",
	    S_DEPENDENCIA_PIDE_RENOVAR_CONVENIO, "dependencia.nombre=%s "
	    "dependencia.rfc=%s fecha=%s", vars_get(v, "dependencia.nombre"),
	    vars_get(v, "dependencia.rfc"), fin);
	if (matter_open(ctx, MATTER_CONVENIO, c->id, v, NULL, 0,
	    &c->matter_id, code) != 0)
		goto out;
	tr_say(ctx, TR_DONE, S_DEPENDENCIA_PEDIMOS_RENOVACION, SAY_NONE);
	tr_say(ctx, TR_NEXT, S_DEPENDENCIA_ESPERE_RESPUESTA_COORDINACION,
	    SAY_NONE);
	rc = 0;
out:
	free(fin);
	vars_free(v);
	return rc;
}
