/* SPDX-License-Identifier: ISC */
/*
 * h_programa.c - the catalogue: PROGRAMA publishes an agency's program
 * (its "solicitud de servicio social" in the seed document, with the
 * listado de actividades and optional honorarios), PROGRAMAS lists the
 * open ones in the body and as a PDF.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "handlers/catalogue.h"
#include "handlers/commands.h"
#include "handlers/convenio.h"
#include "handlers/docs.h"
#include "handlers/effects.h"
#include "handlers/hletters.h"
#include "handlers/hutil.h"
#include "handlers/matters.h"
#include "handlers/programa_editar.h"
#include "handlers/say.h"
#include "handlers/workflow.h"
#include "handlers/notice.h"
#include "letters/report.h"

#define MAX_VACANTES	100

struct programa_form {
	struct wf_program p;
	struct program_info info;	/* careers, modality, support */
	struct doc_pick pick;
};

static void
programa_form_free(struct programa_form *f)
{
	program_info_free(&f->info);
	free(f->p.name);
	free(f->p.horario);
	free(f->p.lugar);
	free(f->p.descripcion);
}

static int
programa_read(struct hctx *ctx, struct programa_form *f)
{
	static const enum doc_kind want[] = {DOC_ACTIVIDADES, DOC_HONORARIOS};
	char *vac, *end;
	long n;
	int ok = 1;

	memset(f, 0, sizeof(*f));
	f->p.name = hctx_field_needed(ctx, "Nombre",
	    S_PROGRAMA_FALTA_NOMBRE, &ok);
	vac = hctx_field_needed(ctx, "Vacantes",
	    S_PROGRAMA_FALTA_VACANTES, &ok);
	f->p.horario = hctx_field_needed(ctx, "Horario",
	    S_PROGRAMA_FALTA_HORARIO, &ok);
	f->p.lugar = hctx_field_needed(ctx, "Lugar",
	    S_PROGRAMA_FALTA_LUGAR, &ok);
	f->p.descripcion = hctx_field_needed(ctx, "Descripción",
	    S_PROGRAMA_FALTA_DESCRIPCION, &ok);
	if (vac != NULL) {
		n = strtol(vac, &end, 10);
		if (end == vac || *end != '\0' || n < 1 || n > MAX_VACANTES) {
			tr_say(ctx, TR_ERROR, S_PROGRAMA_NO_NUMERO_VACANTES,
			    "vacantes=%s max_vacantes=%d", vac, MAX_VACANTES);
			ok = 0;
		}
		f->p.vacantes = (int)n;
		free(vac);
	}
	if (!catalogue_read(ctx, &f->info))
		ok = 0;
	docs_pick(ctx, want, ARRAY_LEN(want), DOC_ACTIVIDADES, &f->pick);
	if (f->pick.att[DOC_ACTIVIDADES] == NULL) {
		tr_say(ctx, TR_MISSING, S_PROGRAMA_LISTADO_ACTIVIDADES_PDF,
		    SAY_NONE);
		ok = 0;
	}
	if (f->pick.bad)
		ok = 0;
	if (!ok && !tr_refused(ctx))
		tr_say(ctx, TR_ERROR, S_PROGRAMA_FALTAN_DATOS_DOCUMENTOS,
		    SAY_NONE);
	return ok;
}

/* The coordinators hear of every new program (issue 11). */
static int
programa_avisar(struct hctx *ctx, const struct wf_call *c,
    const struct programa_form *f)
{
	struct vars *v = vars_new();
	struct wf_account a;
	char *what = catalogue_summary(ctx, &f->info), *subject;
	int rc;

	if (store_wf_account_by_id(ctx->st, c->agency_id, &a) != 1) {
		vars_free(v);
		free(what);
		return -1;
	}
	vars_say(ctx, v, "estado.descripcion", S_PROGRAMA_AVISO_NUEVO,
	    "dependencia=%s programa=%lld nombre=%s vacantes=%d plural=%s "
	    "lugar=%s horario=%s resumen=%s", a.name, (long long)c->id,
	    f->p.name, f->p.vacantes, f->p.vacantes == 1 ? "" : "sí",
	    f->p.lugar, f->p.horario, what);
	/* No command word in our own Subject: a reply must not read as one. */
	subject = say(ctx, S_PROGRAMA_ASUNTO_NUEVO, "programa=%lld "
	    "dependencia=%s", (long long)c->id, a.name);
	rc = notice_to(ctx, 0, v, subject, NULL);
	free(subject);
	free(what);
	wf_account_free(&a);
	vars_free(v);
	return rc;
}

/*
 * [workflow] programs_need_approval: the program is a matter; the
 * coordinators' notice (the one every new program gets) carries its code
 * and the documents to review.
 */
static int
programa_a_revision(struct hctx *ctx, const struct wf_call *c,
    const struct programa_form *f, const int64_t *docs, size_t n_docs)
{
	struct vars *v = vars_new();
	struct reply_att att[2];
	char *what = catalogue_summary(ctx, &f->info), code[CODE_LEN + 1];
	struct wf_account a;
	size_t n = 0;
	int64_t matter;
	int rc = -1;

	memset(att, 0, sizeof(att));
	if (store_wf_account_by_id(ctx->st, c->agency_id, &a) != 1)
		goto out;
	vars_say(ctx, v, "estado.descripcion", S_PROGRAMA_AVISO_POR_APROBAR,
	    "dependencia=%s programa=%lld nombre=%s vacantes=%d plural=%s "
	    "lugar=%s horario=%s resumen=%s", a.name, (long long)c->id,
	    f->p.name, f->p.vacantes, f->p.vacantes == 1 ? "" : "sí",
	    f->p.lugar, f->p.horario, what);
	wf_account_free(&a);
	for (size_t i = 0; i < n_docs && n < ARRAY_LEN(att); i++)
		if (docs[i] != 0 && docs_attachment(ctx, docs[i], 1,
		    &att[n]) == 0)
			n++;
	rc = matter_open(ctx, MATTER_PROGRAMA, c->id, v, att, n, &matter,
	    code);
out:
	for (size_t i = 0; i < n; i++)
		reply_att_clear(&att[i]);
	free(what);
	vars_free(v);
	return rc;
}

enum wf_verdict
fx_programa_publicar(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct programa_form *f = c->data;
	const struct attachment *a;
	int64_t doc[2] = {0, 0};

	f->p.agency_id = c->agency_id;
	if (store_wf_program_insert(ctx->st, &f->p, ctx->now, &c->id) != 0)
		return -1;
	c->program_id = c->id;
	a = f->pick.att[DOC_ACTIVIDADES];
	if (docs_store(ctx, a, DOC_ACTIVIDADES, c->agency_id, c->id,
	    &doc[0]) != 0)
		return -1;
	tr_document_said(ctx, doc_kind_name(DOC_ACTIVIDADES),
	    S_ESTADO_DOCUMENTO_LLEGO, a->filename,
	    magic_type_human(a->magic_type));
	if ((a = f->pick.att[DOC_HONORARIOS]) != NULL) {
		if (docs_store(ctx, a, DOC_HONORARIOS, c->agency_id, c->id,
		    &doc[1]) != 0)
			return -1;
		tr_document_said(ctx, doc_kind_name(DOC_HONORARIOS),
		    S_ESTADO_DOCUMENTO_LLEGO, a->filename,
		    magic_type_human(a->magic_type));
	}
	if (store_program_info_put(ctx->st, c->id, &f->info) != 0)
		return -1;
	if (c->next == ST_PROGRAMA_POR_APROBAR) {
		if (programa_a_revision(ctx, c, f, doc, 2) != 0)
			return -1;
		tr_say(ctx, TR_DONE, S_PROGRAMA_RECIBIMOS_REVISION,
		    "programa=%lld nombre=%s", (long long)c->id, f->p.name);
		tr_say(ctx, TR_NEXT, S_PROGRAMA_AVISAREMOS_DECISION,
		    "programa=%lld", (long long)c->id);
		return WF_OK;
	}
	if (programa_avisar(ctx, c, f) != 0)
		return -1;
	tr_say(ctx, TR_DONE, S_PROGRAMA_PUBLICAMOS, "programa=%lld nombre=%s "
	    "vacantes=%d plural=%s", (long long)c->id, f->p.name,
	    f->p.vacantes, f->p.vacantes == 1 ? "" : "sí");
	tr_say(ctx, TR_NEXT, S_PROGRAMA_ESTUDIANTES_SOLICITAN_SOLICITUD,
	    "programa=%lld", (long long)c->id);
	return 0;
}

/* The key in "PROGRAMA 12": an agency that names one edits it. */
static int64_t
programa_key(struct hctx *ctx)
{
	char *key = hctx_arg_word(ctx, 0), *end;
	long long id = key ? strtoll(key, &end, 10) : 0;

	if (key == NULL || *end != '\0' || id <= 0)
		id = 0;
	free(key);
	return id;
}

int
h_programa(struct hctx *ctx)
{
	struct programa_form f;
	struct wf_call c;
	int64_t key = programa_key(ctx);
	int rc;

	if (key != 0)
		return programa_editar(ctx, key);
	if (!programa_read(ctx, &f)) {
		tr_say(ctx, TR_NEXT, S_PROGRAMA_ESCRIBA_NUEVO_ASUNTO,
		    SAY_NONE);
		programa_form_free(&f);
		return 0;
	}
	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.entity = WF_PROGRAMA;
	c.event = EV_PROGRAMA;
	c.agency_id = ctx->account_id;
	c.data = &f;
	c.note = f.p.name;
	rc = wf_fire(&c);
	programa_form_free(&f);
	return rc < 0 ? -1 : 0;
}

/* The catalogue as a PDF table, attached to the reply. */
static int
catalogue_pdf(struct hctx *ctx, const struct wf_program *p,
    const struct program_info *info, const size_t *shown, size_t n,
    const char *said)
{
	static const char *const cols[] = {"Clave", "Programa",
	    "Dependencia", "Vacantes", "Carreras", "Modalidad",
	    "Apoyo económico", "Lugar y horario"};
	struct report_table *t = report_new("Programas de servicio social",
	    cols, ARRAY_LEN(cols));
	struct buf pdf;
	int rc;

	if (*said)
		report_set_subtitle(t, said);
	buf_init(&pdf);
	for (size_t k = 0; k < n; k++) {
		const struct wf_program *q = &p[shown[k]];
		const struct program_info *i = &info[shown[k]];
		char clave[24], vac[16], *where;
		const char *row[ARRAY_LEN(cols)];

		snprintf(clave, sizeof(clave), "%lld", (long long)q->id);
		snprintf(vac, sizeof(vac), "%d", q->vacantes - q->ocupadas);
		where = xasprintf("%s; %s", q->lugar, q->horario);
		row[0] = clave;
		row[1] = q->name;
		row[2] = q->agency_name;
		row[3] = vac;
		row[4] = *i->carreras ? i->carreras : "todas";
		row[5] = *i->modalidad ? i->modalidad : "-";
		row[6] = *i->apoyo && strcmp(i->apoyo, "no") != 0 ? i->apoyo :
		    "no";
		row[7] = where;
		report_add_row(t, row);
		free(where);
	}
	rc = report_pdf(ctx->letters, t, ctx->now, &pdf);
	if (rc == 0)
		reply_attach(&ctx->reply, "programas.pdf", "application/pdf",
		    pdf.data, pdf.len);
	buf_free(&pdf);
	report_free(t);
	return rc;
}

/* What PROGRAMAS was asked: the Subject's words, else the body's first
   line (a student may write the filters there). */
static char *
filter_words(struct hctx *ctx)
{
	char *args = hctx_arg_rest(ctx, 0);
	const char *b = ctx->msg->body ? ctx->msg->body : "";

	if (*args != '\0')
		return args;
	free(args);
	while (*b == '\n' || *b == '\r' || *b == ' ')
		b++;
	return xstrndup(b, strcspn(b, "\r\n"));
}

/* 1 when p's agency's convenio runs (or its term is unknown), 0 when
   it ended: its programs leave the catalogue until it is renewed. */
static int
agency_convenio_runs(struct hctx *ctx, const struct wf_program *p)
{
	char *fin;
	int r = convenio_ended_on(ctx, p->agency_id, &fin);

	free(fin);
	return r < 0 ? -1 : r == 0;
}

/* The programs of p that pass f, as indexes into p: *k of them.
   0, -1. */
static int
catalogue_select(struct hctx *ctx, const struct wf_program *p,
    const struct program_info *info, size_t n, struct catalogue_filter *f,
    size_t *shown, size_t *k)
{
	int r;

	*k = 0;
	catalogue_filter_careers(f, info, n);
	for (size_t i = 0; i < n; i++) {
		if (!catalogue_match(f, &p[i], &info[i], ctx->now))
			continue;
		if ((r = agency_convenio_runs(ctx, &p[i])) < 0)
			return -1;
		if (r == 1)
			shown[(*k)++] = i;
	}
	return 0;
}

static void
catalogue_list(struct hctx *ctx, const struct wf_program *p,
    const size_t *shown, size_t k)
{
	for (size_t j = 0; j < k; j++) {
		const struct wf_program *q = &p[shown[j]];
		struct vars *item = vars_list_add(tr_vars(ctx), "programas");

		vars_setf(item, "clave", "%lld", (long long)q->id);
		vars_set(item, "nombre", q->name);
		vars_set(item, "dependencia", q->agency_name);
		vars_setf(item, "vacantes", "%d", q->vacantes - q->ocupadas);
		vars_set(item, "horario", q->horario);
		vars_set(item, "lugar", q->lugar);
	}
}

int
h_programas(struct hctx *ctx)
{
	struct catalogue_filter f;
	struct wf_program *p = NULL;
	struct program_info *info = NULL;
	size_t n = 0, k, *shown = NULL;
	char *words = filter_words(ctx);
	int rc = -1;

	catalogue_filter_read(words, &f);
	if (store_wf_program_list(ctx->st,
	    wf_state_name(ST_PROGRAMA_PUBLICADO), 0, &p, &n) != 0)
		goto out;
	info = xcalloc(n ? n : 1, sizeof(*info));
	shown = xcalloc(n ? n : 1, sizeof(*shown));
	for (size_t i = 0; i < n; i++)
		if (store_program_info_get(ctx->st, p[i].id, &info[i]) < 0)
			goto out;
	if (catalogue_select(ctx, p, info, n, &f, shown, &k) != 0)
		goto out;
	catalogue_list(ctx, p, shown, k);
	if (k == 0) {
		tr_say(ctx, TR_STATE, S_PROGRAMA_AHORA_NO_HAY, "filtros=%s",
		    f.said);
		tr_say(ctx, TR_NEXT, *f.said ? S_PROGRAMA_PROGRAMAS_SIN_FILTROS :
		    S_PROGRAMA_ESCRIBA_PROGRAMAS_MAS, SAY_NONE);
	} else {
		tr_say(ctx, TR_STATE, S_PROGRAMA_HAY_PROGRAMAS, "n=%zu "
		    "plural=%s filtros=%s", k, k == 1 ? "" : "sí", f.said);
		if (ctx->role == ROLE_ALUMNO)
			tr_say(ctx, TR_NEXT, S_PROGRAMA_SOLICITAR_UNO_ESCRIBA,
			    "programa=%lld", (long long)p[shown[0]].id);
		if (catalogue_pdf(ctx, p, info, shown, k, f.said) != 0)
			log_warn("msg %lld: catalogue PDF failed",
			    (long long)ctx->msg_row);
	}
	rc = 0;
out:
	for (size_t i = 0; info != NULL && i < n; i++)
		program_info_free(&info[i]);
	free(info);
	free(shown);
	free(words);
	catalogue_filter_free(&f);
	wf_programs_free(p, n);
	return rc;
}

/* The program's own documents, attached: what the student will do and
   what it pays. */
static void
attach_program_docs(struct hctx *ctx, const struct wf_program *p)
{
	static const char *const kinds[] = {"actividades", "honorarios"};

	for (size_t k = 0; k < ARRAY_LEN(kinds); k++) {
		struct wf_document d;
		struct reply_att att;

		memset(&d, 0, sizeof(d));
		if (store_wf_document_current(ctx->st, p->agency_id, kinds[k],
		    p->id, &d) == 1 && docs_attachment(ctx, d.id, 0,
		    &att) == 0) {
			reply_attach(&ctx->reply, att.filename,
			    att.content_type, att.data.data, att.data.len);
			reply_att_clear(&att);
			tr_say(ctx, TR_DONE, k == 0 ?
			    S_PROGRAMA_ADJUNTAMOS_ACTIVIDADES :
			    S_PROGRAMA_ADJUNTAMOS_HONORARIOS, "archivo=%s",
			    d.filename);
		}
		wf_document_free(&d);
	}
}

int
h_programa_detalle(struct hctx *ctx)
{
	char *key = hctx_arg_word(ctx, 0), *end, *what;
	struct program_info info;
	struct wf_program p;
	long long id = key ? strtoll(key, &end, 10) : 0;
	int r;

	if (key == NULL || *end != '\0' || id <= 0) {
		tr_say(ctx, TR_ERROR, S_PROGRAMA_VER_FALTA_CLAVE, SAY_NONE);
		free(key);
		return 0;
	}
	free(key);
	memset(&p, 0, sizeof(p));
	if ((r = store_wf_program_get(ctx->st, id, &p)) < 0)
		return -1;
	if (r == 0 || !wf_state_is(p.state, ST_PROGRAMA_PUBLICADO)) {
		tr_say(ctx, TR_ERROR, S_PROGRAMA_NO_ABIERTO, "programa=%lld",
		    id);
		tr_say(ctx, TR_NEXT, S_PROGRAMA_VER_CLAVES, SAY_NONE);
		if (r == 1)
			wf_program_free(&p);
		return 0;
	}
	if ((r = convenio_ended_on(ctx, p.agency_id, &what)) != 0) {
		if (r == 1)
			tr_say(ctx, TR_ERROR, S_FLUJO_PROGRAMA_CONVENIO_TERMINO,
			    "programa=%lld nombre=%s dependencia=%s fecha=%s",
			    id, p.name, p.agency_name, what);
		free(what);
		wf_program_free(&p);
		return r < 0 ? -1 : 0;
	}
	if (store_program_info_get(ctx->st, id, &info) < 0) {
		wf_program_free(&p);
		return -1;
	}
	what = catalogue_summary(ctx, &info);
	tr_say(ctx, TR_STATE, S_PROGRAMA_DETALLE, "programa=%lld nombre=%s "
	    "dependencia=%s vacantes=%d plural=%s lugar=%s horario=%s "
	    "resumen=%s actividades=%s", id, p.name, p.agency_name,
	    p.vacantes - p.ocupadas, p.vacantes - p.ocupadas == 1 ? "" : "sí",
	    p.lugar, p.horario, what, p.descripcion);
	attach_program_docs(ctx, &p);
	tr_say(ctx, TR_NEXT, S_PROGRAMA_PARA_SOLICITARLO, "programa=%lld", id);
	free(what);
	program_info_free(&info);
	wf_program_free(&p);
	return 0;
}

/* The agency hears of the coordinators' decision on its program. */
static int
programa_decision_avisar(struct wf_call *c, const struct wf_program *p,
    enum sentence what, enum sentence next, enum sentence subj)
{
	struct hctx *ctx = c->ctx;
	struct vars *v = vars_new();
	char *subject = NULL;
	int rc = -1;

	if (vars_dependencia(ctx, v, p->agency_id) != 0)
		goto out;
	vars_say(ctx, v, "estado.descripcion", what, "programa=%lld "
	    "nombre=%s motivo=%s", (long long)p->id, p->name,
	    c->motivo ? c->motivo : "");
	vars_say(ctx, v, "estado.siguiente_paso", next, "programa=%lld",
	    (long long)p->id);
	subject = say(ctx, subj, "programa=%lld", (long long)p->id);
	rc = notice_to(ctx, p->agency_id, v, subject, NULL);
out:
	free(subject);
	vars_free(v);
	return rc;
}

static enum wf_verdict
programa_decidido(struct wf_call *c, int approved)
{
	struct wf_program p;
	int rc;

	if (store_wf_program_get(c->ctx->st, c->id, &p) != 1)
		return WF_ERROR;
	rc = approved ? programa_decision_avisar(c, &p,
	    S_PROGRAMA_APROBADO_AVISO, S_PROGRAMA_APROBADO_SIGUE,
	    S_PROGRAMA_ASUNTO_APROBADO) : programa_decision_avisar(c, &p,
	    S_PROGRAMA_RECHAZADO_AVISO, S_PROGRAMA_RECHAZADO_SIGUE,
	    S_PROGRAMA_ASUNTO_RECHAZADO);
	if (rc == 0)
		tr_say(c->ctx, TR_DONE, approved ? S_PROGRAMA_APROBAMOS :
		    S_PROGRAMA_RECHAZAMOS, "programa=%lld nombre=%s "
		    "dependencia=%s", (long long)p.id, p.name, p.agency_name);
	wf_program_free(&p);
	return rc == 0 ? WF_OK : WF_ERROR;
}

enum wf_verdict
fx_programa_aprobar(struct wf_call *c)
{
	return programa_decidido(c, 1);
}

enum wf_verdict
fx_programa_rechazar(struct wf_call *c)
{
	return programa_decidido(c, 0);
}

enum wf_verdict
fx_programa_cerrar(struct wf_call *c)
{
	tr_say(c->ctx, TR_DONE, S_PROGRAMA_CERRAMOS, "programa=%lld",
	    (long long)c->id);
	tr_say(c->ctx, TR_NEXT, S_PROGRAMA_CERRADO_SIGUE, SAY_NONE);
	return WF_OK;
}

int
h_cerrar_programa(struct hctx *ctx)
{
	char *key = hctx_arg_word(ctx, 0), *end;
	long long id = key ? strtoll(key, &end, 10) : 0;
	struct wf_program p;
	struct wf_call c;
	int r;

	if (key == NULL || *end != '\0' || id <= 0) {
		tr_say(ctx, TR_ERROR, S_PROGRAMA_CERRAR_FALTA_CLAVE, SAY_NONE);
		free(key);
		return 0;
	}
	free(key);
	if ((r = store_wf_program_get(ctx->st, id, &p)) < 0)
		return -1;
	if (r == 0 || p.agency_id != ctx->account_id) {
		tr_say(ctx, TR_ERROR, S_PROGRAMA_CERRAR_NO_SUYO,
		    "programa=%lld", id);
		tr_say(ctx, TR_NEXT, S_PROGRAMA_CERRAR_VER_CLAVES, SAY_NONE);
		if (r == 1)
			wf_program_free(&p);
		return 0;
	}
	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.entity = WF_PROGRAMA;
	c.id = p.id;
	c.event = EV_CERRAR_PROGRAMA;
	c.agency_id = ctx->account_id;
	c.program_id = p.id;
	c.note = p.name;
	r = wf_fire(&c);
	wf_program_free(&p);
	return r < 0 ? -1 : 0;
}
