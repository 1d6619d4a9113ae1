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
#include "handlers/commands.h"
#include "handlers/docs.h"
#include "handlers/effects.h"
#include "handlers/hutil.h"
#include "handlers/say.h"
#include "handlers/workflow.h"
#include "letters/report.h"

#define MAX_VACANTES	100

struct programa_form {
	struct wf_program p;
	struct doc_pick pick;
};

static void
programa_form_free(struct programa_form *f)
{
	free(f->p.name);
	free(f->p.horario);
	free(f->p.lugar);
	free(f->p.descripcion);
}

static char *
need(struct hctx *ctx, const char *name, enum sentence missing, int *ok)
{
	char *v = field(ctx, name);

	if (v == NULL) {
		tr_say(ctx, TR_MISSING, missing, SAY_NONE);
		*ok = 0;
	}
	return v;
}

static int
programa_read(struct hctx *ctx, struct programa_form *f)
{
	static const enum doc_kind want[] = {DOC_ACTIVIDADES, DOC_HONORARIOS};
	char *vac, *end;
	long n;
	int ok = 1;

	memset(f, 0, sizeof(*f));
	f->p.name = need(ctx, "Nombre", S_PROGRAMA_FALTA_NOMBRE, &ok);
	vac = need(ctx, "Vacantes", S_PROGRAMA_FALTA_VACANTES, &ok);
	f->p.horario = need(ctx, "Horario", S_PROGRAMA_FALTA_HORARIO, &ok);
	f->p.lugar = need(ctx, "Lugar", S_PROGRAMA_FALTA_LUGAR, &ok);
	f->p.descripcion = need(ctx, "Descripción",
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

enum wf_verdict
fx_programa_publicar(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct programa_form *f = c->data;
	const struct attachment *a;
	int64_t doc;

	f->p.agency_id = c->agency_id;
	if (store_wf_program_insert(ctx->st, &f->p, ctx->now, &c->id) != 0)
		return -1;
	c->program_id = c->id;
	a = f->pick.att[DOC_ACTIVIDADES];
	if (docs_store(ctx, a, DOC_ACTIVIDADES, c->agency_id, c->id, &doc) != 0)
		return -1;
	tr_document_said(ctx, doc_kind_name(DOC_ACTIVIDADES),
	    S_ESTADO_DOCUMENTO_LLEGO, a->filename,
	    magic_type_human(a->magic_type));
	if ((a = f->pick.att[DOC_HONORARIOS]) != NULL) {
		if (docs_store(ctx, a, DOC_HONORARIOS, c->agency_id, c->id,
		    &doc) != 0)
			return -1;
		tr_document_said(ctx, doc_kind_name(DOC_HONORARIOS),
		    S_ESTADO_DOCUMENTO_LLEGO, a->filename,
		    magic_type_human(a->magic_type));
	}
	tr_say(ctx, TR_DONE, S_PROGRAMA_PUBLICAMOS, "programa=%lld nombre=%s "
	    "vacantes=%d plural=%s", (long long)c->id, f->p.name,
	    f->p.vacantes, f->p.vacantes == 1 ? "" : "sí");
	tr_say(ctx, TR_NEXT, S_PROGRAMA_ESTUDIANTES_SOLICITAN_SOLICITUD,
	    "programa=%lld", (long long)c->id);
	return 0;
}

int
h_programa(struct hctx *ctx)
{
	struct programa_form f;
	struct wf_call c;
	int rc;

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
catalogue_pdf(struct hctx *ctx, const struct wf_program *p, size_t n)
{
	static const char *const cols[] = {"Clave", "Programa",
	    "Dependencia", "Vacantes", "Horario", "Lugar", "Actividades"};
	struct report_table *t = report_new("Programas de servicio social",
	    cols, ARRAY_LEN(cols));
	struct buf pdf;
	int rc;

	buf_init(&pdf);
	for (size_t i = 0; i < n; i++) {
		char clave[24], vac[16];
		const char *row[ARRAY_LEN(cols)];

		snprintf(clave, sizeof(clave), "%lld", (long long)p[i].id);
		snprintf(vac, sizeof(vac), "%d", p[i].vacantes - p[i].ocupadas);
		row[0] = clave;
		row[1] = p[i].name;
		row[2] = p[i].agency_name;
		row[3] = vac;
		row[4] = p[i].horario;
		row[5] = p[i].lugar;
		row[6] = p[i].descripcion;
		report_add_row(t, row);
	}
	rc = report_pdf(ctx->letters, t, ctx->now, &pdf);
	if (rc == 0)
		reply_attach(&ctx->reply, "programas.pdf", "application/pdf",
		    pdf.data, pdf.len);
	buf_free(&pdf);
	report_free(t);
	return rc;
}

int
h_programas(struct hctx *ctx)
{
	struct wf_program *p = NULL;
	size_t n = 0;
	int rc = -1;

	if (store_wf_program_list(ctx->st, wf_state_name(ST_PROGRAMA_PUBLICADO),
	    0, &p, &n) != 0)
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
	}
	if (n == 0) {
		tr_say(ctx, TR_STATE, S_PROGRAMA_AHORA_NO_HAY, SAY_NONE);
		tr_say(ctx, TR_NEXT, S_PROGRAMA_ESCRIBA_PROGRAMAS_MAS,
		    SAY_NONE);
	} else {
		tr_say(ctx, TR_STATE, S_PROGRAMA_HAY_PROGRAMAS, "n=%zu "
		    "plural=%s", n, n == 1 ? "" : "sí");
		if (ctx->role == ROLE_ALUMNO)
			tr_say(ctx, TR_NEXT, S_PROGRAMA_SOLICITAR_UNO_ESCRIBA,
			    "programa=%lld", (long long)p[0].id);
		if (catalogue_pdf(ctx, p, n) != 0)
			log_warn("msg %lld: catalogue PDF failed",
			    (long long)ctx->msg_row);
	}
	rc = 0;
	wf_programs_free(p, n);
	return rc;
}
