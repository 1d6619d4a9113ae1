/* SPDX-License-Identifier: ISC */
/*
 * h_programa_editar.c - the agency edits one of its programs (issue 11):
 * PROGRAMA <clave> with only the fields that change, and a new
 * listado de actividades or honorarios attached if they change.  Each
 * field is checked as when the program was published; the reply lists
 * every change (before -> after), the audit keeps it and the coordinators
 * are told.  A student's PROGRAMA <clave> is the detail (h_programa.c):
 * the command table gives each role its own use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/caldate.h"
#include "handlers/catalogue.h"
#include "handlers/classify.h"
#include "handlers/docs.h"
#include "handlers/effects.h"
#include "handlers/hletters.h"
#include "handlers/hutil.h"
#include "handlers/matters.h"
#include "handlers/notice.h"
#include "handlers/programa_editar.h"
#include "handlers/say.h"
#include "handlers/workflow.h"
#include "store/store_catalogue.h"

#define MAX_VACANTES	100

/* Nine fields and two documents. */
#define MAX_CHANGES	11

struct programa_edit {
	struct wf_program was, now;	/* as published; with the edit */
	struct program_info was_i, now_i;
	struct doc_pick pick;
	struct buf audit;	/* "Vacantes: 2 → 3; ..." */
	int changes;
	struct {
		const char *field;
		char *before, *after;
	} change[MAX_CHANGES];
};

static void
edit_free(struct programa_edit *e)
{
	wf_program_free(&e->was);
	free(e->now.name);
	free(e->now.horario);
	free(e->now.lugar);
	free(e->now.descripcion);
	program_info_free(&e->was_i);
	program_info_free(&e->now_i);
	buf_free(&e->audit);
	for (int i = 0; i < e->changes; i++) {
		free(e->change[i].before);
		free(e->change[i].after);
	}
}

/* One change, kept for the reply (said once it is made), the audit and
   the coordinators. */
static void
note_change(struct hctx *ctx, struct programa_edit *e, const char *field,
    const char *before, const char *after)
{
	(void)ctx;
	if (e->changes == MAX_CHANGES)
		return;
	buf_printf(&e->audit, "%s%s: %s → %s", e->changes ? "; " : "", field,
	    before, after);
	e->change[e->changes].field = field;
	e->change[e->changes].before = xstrdup(before);
	e->change[e->changes].after = xstrdup(after);
	e->changes++;
}

/* A text field the program must have: replaced when sent and different,
   refused when sent empty. */
static void
edit_text(struct hctx *ctx, struct programa_edit *e, const char *field,
    char **slot, int *ok)
{
	char *v = hctx_field(ctx, field);

	if (v == NULL)
		return;
	if (*v == '\0') {
		tr_say(ctx, TR_ERROR, S_PROGRAMA_EDITAR_VACIO, "campo=%s",
		    field);
		*ok = 0;
	} else if (strcmp(v, *slot) != 0) {
		note_change(ctx, e, field, *slot, v);
		free(*slot);
		*slot = v;
		return;
	}
	free(v);
}

/* Vacantes: a number as on publication, and never below the students
   already accepted. */
static void
edit_vacantes(struct hctx *ctx, struct programa_edit *e, int *ok)
{
	char *v = hctx_field(ctx, "Vacantes"), *end, before[16], after[16];
	long n;

	if (v == NULL)
		return;
	n = strtol(v, &end, 10);
	if (end == v || *end != '\0' || n < 1 || n > MAX_VACANTES) {
		tr_say(ctx, TR_ERROR, S_PROGRAMA_NO_NUMERO_VACANTES,
		    "vacantes=%s max_vacantes=%d", v, MAX_VACANTES);
		*ok = 0;
	} else if (n < e->was.ocupadas) {
		tr_say(ctx, TR_ERROR, S_PROGRAMA_EDITAR_CUPO_OCUPADO,
		    "programa=%lld vacantes=%ld vplural=%s ocupadas=%d "
		    "plural=%s", (long long)e->was.id, n, n == 1 ? "" : "sí",
		    e->was.ocupadas,
		    e->was.ocupadas == 1 ? "" : "sí");
		*ok = 0;
	} else if (n != e->now.vacantes) {
		snprintf(before, sizeof(before), "%d", e->now.vacantes);
		snprintf(after, sizeof(after), "%ld", n);
		note_change(ctx, e, "Vacantes", before, after);
		e->now.vacantes = (int)n;
	}
	free(v);
}

/* How a catalogue value reads in the list of changes. */
static const char *
shown(const char *v, const char *none)
{
	return *v != '\0' ? v : none;
}

static char *
vigencia_shown(int64_t vigente_hasta)
{
	return vigente_hasta > 0 ?
	    ymd_es(ymd_add_days(ymd_of(vigente_hasta), -1)) :
	    xstrdup("sin fecha límite");
}

/* Replace *slot with *from when the field was sent and differs. */
static void
edit_info_text(struct hctx *ctx, struct programa_edit *e, const char *field,
    char **slot, char **from, const char *none)
{
	char *sent = hctx_field(ctx, field);

	if (sent != NULL && strcmp(*slot, *from) != 0) {
		note_change(ctx, e, field, shown(*slot, none),
		    shown(*from, none));
		free(*slot);
		*slot = *from;
		*from = NULL;
	}
	free(sent);
}

/* Carreras, Modalidad, Apoyo económico and Vigente hasta, read and
   checked by catalogue_read as on publication; only those sent count. */
static void
edit_catalogue(struct hctx *ctx, struct programa_edit *e, int *ok)
{
	struct program_info r;
	char *sent, *a, *b;

	if (!catalogue_read(ctx, &r))
		*ok = 0;
	edit_info_text(ctx, e, "Carreras", &e->now_i.carreras, &r.carreras,
	    "todas");
	edit_info_text(ctx, e, "Modalidad", &e->now_i.modalidad,
	    &r.modalidad, "sin indicar");
	edit_info_text(ctx, e, "Apoyo económico", &e->now_i.apoyo, &r.apoyo,
	    "no");
	sent = hctx_field(ctx, "Vigente hasta");
	if (sent != NULL && *ok && r.vigente_hasta != e->now_i.vigente_hasta) {
		a = vigencia_shown(e->now_i.vigente_hasta);
		b = vigencia_shown(r.vigente_hasta);
		note_change(ctx, e, "Vigente hasta", a, b);
		e->now_i.vigente_hasta = r.vigente_hasta;
		free(a);
		free(b);
	}
	free(sent);
	program_info_free(&r);
}

/* A new listado de actividades or honorarios, checked as on
   publication: it replaces the one students see. */
static void
edit_documents(struct hctx *ctx, struct programa_edit *e, int *ok)
{
	static const enum doc_kind want[] = {DOC_ACTIVIDADES, DOC_HONORARIOS};

	/* By name or content, never "the one attachment is the list": an
	   edit may send only the honorarios. */
	docs_pick(ctx, want, ARRAY_LEN(want), DOC_UNKNOWN, &e->pick);
	if (e->pick.bad)
		*ok = 0;
	for (size_t k = 0; k < ARRAY_LEN(want); k++) {
		struct wf_document d;

		if (e->pick.att[want[k]] == NULL)
			continue;
		memset(&d, 0, sizeof(d));
		if (store_wf_document_current(ctx->st, e->was.agency_id,
		    doc_kind_id(want[k]), e->was.id, &d) < 0)
			*ok = 0;
		note_change(ctx, e, doc_kind_name(want[k]),
		    d.filename ? d.filename : "ninguno",
		    e->pick.att[want[k]]->filename);
		wf_document_free(&d);
	}
}

/* The program as published (p, which e takes), copied into what the
   edit changes. */
static int
edit_load(struct hctx *ctx, struct programa_edit *e, struct wf_program *p)
{
	memset(e, 0, sizeof(*e));
	buf_init(&e->audit);
	e->was = *p;
	memset(p, 0, sizeof(*p));
	if (store_program_info_get(ctx->st, e->was.id, &e->was_i) < 0 ||
	    store_program_info_get(ctx->st, e->was.id, &e->now_i) < 0)
		return -1;
	return 0;
}

static void
edit_start(struct programa_edit *e)
{
	e->now = e->was;
	e->now.agency_name = NULL;
	e->now.state = NULL;
	e->now.name = xstrdup(e->was.name);
	e->now.horario = xstrdup(e->was.horario);
	e->now.lugar = xstrdup(e->was.lugar);
	e->now.descripcion = xstrdup(e->was.descripcion);
}

/* The coordinators hear of every change to a published program. */
static int
edit_tell(struct hctx *ctx, const struct programa_edit *e)
{
	struct vars *v = vars_new();
	char *subject;
	int rc;

	vars_say(ctx, v, "estado.descripcion", S_PROGRAMA_AVISO_EDITADO,
	    "dependencia=%s programa=%lld nombre=%s cambios=%s",
	    e->was.agency_name, (long long)e->was.id, e->now.name,
	    e->audit.data);
	subject = say(ctx, S_PROGRAMA_ASUNTO_EDITADO, "programa=%lld "
	    "dependencia=%s", (long long)e->was.id, e->was.agency_name);
	rc = notice_to(ctx, 0, v, subject, NULL);
	free(subject);
	vars_free(v);
	return rc;
}

static int
edit_store_doc(struct hctx *ctx, const struct programa_edit *e,
    enum doc_kind kind)
{
	const struct attachment *a = e->pick.att[kind];
	int64_t doc;

	if (a == NULL)
		return 0;
	if (docs_store(ctx, a, kind, e->was.agency_id, e->was.id, &doc) != 0)
		return -1;
	tr_document_said(ctx, doc_kind_name(kind), S_ESTADO_DOCUMENTO_LLEGO,
	    a->filename, magic_type_human(a->magic_type));
	return 0;
}

enum wf_verdict
fx_programa_editar(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct programa_edit *e = c->data;

	if (store_wf_program_update(ctx->st, &e->now, ctx->now) != 0 ||
	    store_program_info_put(ctx->st, e->was.id, &e->now_i) != 0 ||
	    edit_store_doc(ctx, e, DOC_ACTIVIDADES) != 0 ||
	    edit_store_doc(ctx, e, DOC_HONORARIOS) != 0 ||
	    edit_tell(ctx, e) != 0)
		return WF_ERROR;
	/* Full now: the applicants still waiting are freed, as when the
	   last place is taken. */
	if (c->next == ST_PROGRAMA_CUBIERTO && c->state != c->next &&
	    fx_programa_cubrir(c) != WF_OK)
		return WF_ERROR;
	tr_say(ctx, TR_DONE, S_PROGRAMA_MODIFICAMOS, "programa=%lld "
	    "nombre=%s n=%d plural=%s", (long long)e->was.id, e->now.name,
	    e->changes, e->changes == 1 ? "" : "sí");
	for (int i = 0; i < e->changes; i++)
		tr_say(ctx, TR_DONE, S_PROGRAMA_EDITAR_CAMBIO, "campo=%s "
		    "antes=%s despues=%s", e->change[i].field,
		    e->change[i].before, e->change[i].after);
	tr_say(ctx, TR_NEXT, S_PROGRAMA_MODIFICADO_SIGUE, "programa=%lld",
	    (long long)e->was.id);
	return WF_OK;
}

/* ---- [workflow] programs_need_approval: the edit as a matter ---- */

/* The documents of an edit wait under ref_id -edit, where no student
   sees them, until it is approved. */
static int64_t
aside(int64_t edit_id)
{
	return -edit_id;
}

enum wf_verdict
fx_programa_proponer_cambios(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct programa_edit *e = c->data;
	static const enum doc_kind kinds[] = {DOC_ACTIVIDADES, DOC_HONORARIOS};
	struct program_edit pe;
	struct reply_att att[2];
	struct vars *v = vars_new();
	char code[CODE_LEN + 1];
	int64_t edit_id, matter, doc;
	size_t n = 0;
	int rc = -1;

	memset(att, 0, sizeof(att));
	memset(&pe, 0, sizeof(pe));
	pe.program_id = e->was.id;
	pe.name = e->now.name;
	pe.vacantes = e->now.vacantes;
	pe.horario = e->now.horario;
	pe.lugar = e->now.lugar;
	pe.descripcion = e->now.descripcion;
	pe.info = e->now_i;
	pe.cambios = e->audit.data;
	if (store_program_edit_insert(ctx->st, &pe, ctx->now, &edit_id) != 0)
		goto out;
	for (size_t k = 0; k < ARRAY_LEN(kinds); k++) {
		const struct attachment *a = e->pick.att[kinds[k]];

		if (a == NULL)
			continue;
		if (docs_store(ctx, a, kinds[k], e->was.agency_id,
		    aside(edit_id), &doc) != 0)
			goto out;
		if (docs_attachment(ctx, doc, 1, &att[n]) == 0)
			n++;
	}
	vars_say(ctx, v, "estado.descripcion", S_PROGRAMA_AVISO_CAMBIOS,
	    "dependencia=%s programa=%lld nombre=%s cambios=%s",
	    e->was.agency_name, (long long)e->was.id, e->was.name,
	    e->audit.data);
	if (matter_open(ctx, MATTER_PROGRAMA_EDICION, edit_id, v, att, n,
	    &matter, code) != 0)
		goto out;
	tr_say(ctx, TR_DONE, S_PROGRAMA_CAMBIOS_EN_REVISION, "programa=%lld "
	    "nombre=%s cambios=%s", (long long)e->was.id, e->was.name,
	    e->audit.data);
	tr_say(ctx, TR_NEXT, S_PROGRAMA_AVISAREMOS_CAMBIOS, "programa=%lld",
	    (long long)e->was.id);
	rc = 0;
out:
	for (size_t i = 0; i < n; i++)
		reply_att_clear(&att[i]);
	vars_free(v);
	return rc == 0 ? WF_OK : WF_ERROR;
}

/* The edit a decision is about (the matter's). 0, -1. */
static int
decided_edit(struct wf_call *c, struct program_edit *pe)
{
	struct wf_matter m;
	int r;

	if (store_wf_matter_get(c->ctx->st, c->matter_id, &m) != 1)
		return -1;
	r = store_program_edit_get(c->ctx->st, m.entity_id, pe);
	wf_matter_free(&m);
	return r == 1 ? 0 : -1;
}

static int
doc_replaced(struct hctx *ctx, int64_t doc_id, const char *filename)
{
	struct wf_call d;

	memset(&d, 0, sizeof(d));
	d.ctx = ctx;
	d.entity = WF_DOCUMENTO;
	d.id = doc_id;
	d.event = EV_DOC_REEMPLAZADO;
	d.note = filename;
	return wf_fire(&d) == WF_OK ? 0 : -1;
}

/* The edit's documents kept aside: the program's now (approve), or
   never (reject). */
static int
edit_docs_settle(struct hctx *ctx, const struct program_edit *pe,
    int64_t agency_id, int approve)
{
	static const enum doc_kind kinds[] = {DOC_ACTIVIDADES, DOC_HONORARIOS};
	int rc = 0;

	for (size_t k = 0; k < ARRAY_LEN(kinds) && rc == 0; k++) {
		struct wf_document d, old;
		int r;

		memset(&d, 0, sizeof(d));
		memset(&old, 0, sizeof(old));
		if ((r = store_wf_document_current(ctx->st, agency_id,
		    doc_kind_id(kinds[k]), aside(pe->id), &d)) != 1) {
			rc = r < 0 ? -1 : 0;
			continue;
		}
		if (!approve)
			rc = doc_replaced(ctx, d.id, d.filename);
		else if ((r = store_wf_document_current(ctx->st, agency_id,
		    doc_kind_id(kinds[k]), pe->program_id, &old)) < 0 ||
		    store_wf_document_set_ref(ctx->st, d.id,
		    pe->program_id) != 0)
			rc = -1;
		else if (r == 1)
			rc = doc_replaced(ctx, old.id, old.filename);
		wf_document_free(&d);
		wf_document_free(&old);
	}
	return rc;
}

/* The agency hears of the decision on its edit. */
static int
edit_decision_tell(struct wf_call *c, const struct program_edit *pe,
    const struct wf_program *p, int applied)
{
	struct hctx *ctx = c->ctx;
	struct vars *v = vars_new();
	char *subject = NULL;
	int rc = -1;

	if (vars_dependencia(ctx, v, p->agency_id) != 0)
		goto out;
	vars_say(ctx, v, "estado.descripcion", applied ?
	    S_PROGRAMA_CAMBIOS_APROBADOS : S_PROGRAMA_CAMBIOS_RECHAZADOS,
	    "programa=%lld nombre=%s cambios=%s motivo=%s cerrado=%s",
	    (long long)p->id, p->name, pe->cambios,
	    c->motivo ? c->motivo : "",
	    wf_state_is(p->state, ST_PROGRAMA_CERRADO) ? "sí" : "");
	subject = say(ctx, S_PROGRAMA_ASUNTO_CAMBIOS_DECIDIDOS,
	    "programa=%lld", (long long)p->id);
	rc = notice_to(ctx, p->agency_id, v, subject, NULL);
	if (rc == 0)
		tr_say(ctx, TR_DONE, applied ? S_PROGRAMA_CAMBIOS_APLICAMOS :
		    S_PROGRAMA_CAMBIOS_NO_APLICAMOS, "programa=%lld nombre=%s "
		    "dependencia=%s", (long long)p->id, p->name,
		    p->agency_name);
out:
	free(subject);
	vars_free(v);
	return rc;
}

enum wf_verdict
fx_edicion_aprobar(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct program_edit pe;
	struct wf_program now, p;
	int rc = -1;

	memset(&p, 0, sizeof(p));
	if (decided_edit(c, &pe) != 0)
		return WF_ERROR;
	memset(&now, 0, sizeof(now));
	now.id = pe.program_id;
	now.name = pe.name;
	now.vacantes = pe.vacantes;
	now.horario = pe.horario;
	now.lugar = pe.lugar;
	now.descripcion = pe.descripcion;
	if (store_wf_program_update(ctx->st, &now, ctx->now) != 0 ||
	    store_program_info_put(ctx->st, pe.program_id, &pe.info) != 0 ||
	    store_wf_program_get(ctx->st, pe.program_id, &p) != 1 ||
	    edit_docs_settle(ctx, &pe, p.agency_id, 1) != 0 ||
	    edit_decision_tell(c, &pe, &p, 1) != 0)
		goto out;
	/* Full now: the applicants still waiting are freed. */
	if (c->next == ST_PROGRAMA_CUBIERTO && c->state != c->next &&
	    fx_programa_cubrir(c) != WF_OK)
		goto out;
	rc = 0;
out:
	wf_program_free(&p);
	program_edit_free(&pe);
	return rc == 0 ? WF_OK : WF_ERROR;
}

enum wf_verdict
fx_edicion_rechazar(struct wf_call *c)
{
	struct program_edit pe;
	struct wf_program p;
	int rc = -1;

	memset(&p, 0, sizeof(p));
	if (decided_edit(c, &pe) != 0)
		return WF_ERROR;
	if (store_wf_program_get(c->ctx->st, pe.program_id, &p) == 1 &&
	    edit_docs_settle(c->ctx, &pe, p.agency_id, 0) == 0 &&
	    edit_decision_tell(c, &pe, &p, 0) == 0)
		rc = 0;
	wf_program_free(&p);
	program_edit_free(&pe);
	return rc == 0 ? WF_OK : WF_ERROR;
}

/* Read and check the edit; 1 something to change, 0 refused or nothing
   (said), -1. */
static int
edit_read(struct hctx *ctx, struct programa_edit *e)
{
	int ok = 1;

	edit_start(e);
	edit_text(ctx, e, "Nombre", &e->now.name, &ok);
	edit_vacantes(ctx, e, &ok);
	edit_text(ctx, e, "Horario", &e->now.horario, &ok);
	edit_text(ctx, e, "Lugar", &e->now.lugar, &ok);
	edit_text(ctx, e, "Descripción", &e->now.descripcion, &ok);
	edit_catalogue(ctx, e, &ok);
	edit_documents(ctx, e, &ok);
	if (!ok) {
		tr_say(ctx, TR_NEXT, S_PROGRAMA_EDITAR_CORRIJA, "programa=%lld",
		    (long long)e->was.id);
		return 0;
	}
	if (e->changes == 0) {
		tr_say(ctx, TR_ERROR, S_PROGRAMA_EDITAR_NADA, "programa=%lld",
		    (long long)e->was.id);
		return 0;
	}
	return 1;
}

/*
 * With approval on, one edit of a program waits at a time: each keeps a
 * whole version made from the published one, so a second one would undo
 * the first when both are approved.  1 one waits (said), 0 none, -1.
 */
static int
edit_waits(struct hctx *ctx, const struct wf_program *p)
{
	struct program_edit pe;
	struct wf_matter m;
	int64_t edit_id;
	int r;

	if (!ctx->cfg->programs_need_approval)
		return 0;
	if ((r = store_program_edit_latest(ctx->st, p->id, &edit_id)) <= 0)
		return r;
	if ((r = store_wf_matter_open_for(ctx->st, MATTER_PROGRAMA_EDICION,
	    edit_id, &m)) <= 0)
		return r;
	wf_matter_free(&m);
	if (store_program_edit_get(ctx->st, edit_id, &pe) != 1)
		return -1;
	tr_say(ctx, TR_ERROR, S_PROGRAMA_CAMBIOS_PENDIENTES, "programa=%lld "
	    "cambios=%s", (long long)p->id, pe.cambios);
	program_edit_free(&pe);
	return 1;
}

int
programa_editar(struct hctx *ctx, int64_t id)
{
	struct programa_edit e;
	struct wf_program p;
	struct wf_call c;
	enum wf_state st;
	int r;

	if ((r = store_wf_program_get(ctx->st, id, &p)) < 0)
		return -1;
	if (r == 0 || p.agency_id != ctx->account_id) {
		tr_say(ctx, TR_ERROR, S_PROGRAMA_CERRAR_NO_SUYO,
		    "programa=%lld", (long long)id);
		tr_say(ctx, TR_NEXT, S_PROGRAMA_CERRAR_VER_CLAVES, SAY_NONE);
		if (r == 1)
			wf_program_free(&p);
		return 0;
	}
	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.entity = WF_PROGRAMA;
	c.id = id;
	c.event = EV_EDITAR_PROGRAMA;
	c.agency_id = ctx->account_id;
	c.program_id = id;
	c.note = p.name;
	/* A closed program: the table says so and how to go on, before
	   any field is read. */
	if (!wf_state_parse(WF_PROGRAMA, p.state, &st) ||
	    !wf_allowed(WF_PROGRAMA, st, EV_EDITAR_PROGRAMA)) {
		r = wf_fire(&c) < 0 ? -1 : 0;
		wf_program_free(&p);
		return r;
	}
	if ((r = edit_waits(ctx, &p)) != 0) {
		wf_program_free(&p);
		return r < 0 ? -1 : 0;
	}
	r = edit_load(ctx, &e, &p);
	if (r == 0 && (r = edit_read(ctx, &e)) == 1) {
		c.data = &e;
		c.note = e.audit.data;
		c.vacantes = e.now.vacantes;
		r = wf_fire(&c) < 0 ? -1 : 0;
	}
	edit_free(&e);
	return r < 0 ? -1 : 0;
}
