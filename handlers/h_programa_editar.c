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
#include "handlers/hutil.h"
#include "handlers/notice.h"
#include "handlers/programa_editar.h"
#include "handlers/say.h"
#include "handlers/workflow.h"

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

	docs_pick(ctx, want, ARRAY_LEN(want), DOC_ACTIVIDADES, &e->pick);
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
