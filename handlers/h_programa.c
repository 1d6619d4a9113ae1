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
need(struct hctx *ctx, const char *name, const char *what, int *ok)
{
	char *v = field(ctx, name);

	if (v == NULL) {
		tr_missing(ctx, "%s: %s.", name, what);
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
	f->p.name = need(ctx, "Nombre", "el nombre del programa", &ok);
	vac = need(ctx, "Vacantes", "cuántos alumnos recibe", &ok);
	f->p.horario = need(ctx, "Horario", "días y horas", &ok);
	f->p.lugar = need(ctx, "Lugar", "dónde se presta el servicio", &ok);
	f->p.descripcion = need(ctx, "Descripción", "las actividades, "
	    "separadas por punto y coma", &ok);
	if (vac != NULL) {
		n = strtol(vac, &end, 10);
		if (end == vac || *end != '\0' || n < 1 || n > MAX_VACANTES) {
			tr_error(ctx, "«%s» no es un número de vacantes válido "
			    "(de 1 a %d).", vac, MAX_VACANTES);
			ok = 0;
		}
		f->p.vacantes = (int)n;
		free(vac);
	}
	docs_pick(ctx, want, ARRAY_LEN(want), DOC_ACTIVIDADES, &f->pick);
	if (f->pick.att[DOC_ACTIVIDADES] == NULL) {
		tr_missing(ctx, "El listado de actividades (PDF) adjunto.");
		ok = 0;
	}
	if (f->pick.bad)
		ok = 0;
	if (!ok && !tr_refused(ctx))
		tr_error(ctx, "Faltan datos o documentos; no publicamos el "
		    "programa.");
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
	tr_document(ctx, doc_kind_name(DOC_ACTIVIDADES), "llegó",
	    a->filename, magic_type_human(a->magic_type));
	if ((a = f->pick.att[DOC_HONORARIOS]) != NULL) {
		if (docs_store(ctx, a, DOC_HONORARIOS, c->agency_id, c->id,
		    &doc) != 0)
			return -1;
		tr_document(ctx, doc_kind_name(DOC_HONORARIOS), "llegó",
		    a->filename, magic_type_human(a->magic_type));
	}
	tr_done(ctx, "Publicamos el programa %lld, «%s», con %d %s.",
	    (long long)c->id, f->p.name, f->p.vacantes,
	    f->p.vacantes == 1 ? "vacante" : "vacantes");
	tr_next(ctx, "Los estudiantes lo solicitan con SOLICITUD %lld; cada "
	    "solicitud le llegará por correo con sus documentos para que la "
	    "acepte o la rechace.", (long long)c->id);
	return 0;
}

int
h_programa(struct hctx *ctx)
{
	struct programa_form f;
	struct wf_call c;
	int rc;

	if (!programa_read(ctx, &f)) {
		tr_next(ctx, "Escriba de nuevo con el asunto PROGRAMA y, en el "
		    "cuerpo, «Nombre: ...», «Vacantes: ...», «Horario: ...», "
		    "«Lugar: ...», «Descripción: ...»; adjunte el listado de "
		    "actividades en PDF y, si aplica, los honorarios.");
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
		tr_state(ctx, "Por ahora no hay programas con vacantes.");
		tr_next(ctx, "Escriba PROGRAMAS más adelante.");
	} else {
		tr_state(ctx, "Hay %zu %s con vacantes (también en el PDF "
		    "adjunto):", n, n == 1 ? "programa" : "programas");
		if (ctx->role == ROLE_ALUMNO)
			tr_next(ctx, "Para solicitar uno, escriba SOLICITUD "
			    "seguido de su clave (por ejemplo «SOLICITUD %lld») "
			    "y adjunte su carta de presentación y su constancia "
			    "de estudios en PDF.", (long long)p[0].id);
		if (catalogue_pdf(ctx, p, n) != 0)
			log_warn("msg %lld: catalogue PDF failed",
			    (long long)ctx->msg_row);
	}
	rc = 0;
	wf_programs_free(p, n);
	return rc;
}
