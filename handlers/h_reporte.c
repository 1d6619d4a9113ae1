/*
 * h_reporte.c - the student's activity reports at 180, 360 and 480 hours:
 * each goes to the coordinators for review (a matter with its code) and
 * to the agency for its knowledge; sent again while under review it
 * replaces the previous one; the next one is accepted only after the
 * previous one was.
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "docs.h"
#include "effects.h"
#include "hletters.h"
#include "hutil.h"
#include "log.h"
#include "matters.h"
#include "workflow.h"

/* Send the report's document to the agency, for its knowledge. */
static int
tell_agency(struct wf_call *c, const struct reply_att *att, int again)
{
	struct hctx *ctx = c->ctx;
	struct vars *v = vars_new();
	struct notice n;
	char *subject;
	int rc = -1;

	if (vars_alumno(ctx, v, c->student_id) != 0)
		goto out;
	vars_setf(v, "estado.descripcion", "%s (matrícula %s) entregó %ssu "
	    "reporte de actividades de %d horas; va adjunto para su "
	    "conocimiento. La coordinación lo revisa.",
	    vars_get(v, "alumno.nombre"), vars_get(v, "alumno.matricula"),
	    again ? "de nuevo " : "", c->hours);
	subject = xasprintf("%s: avance de %d horas de %s",
	    ctx->cfg->inst_short_name, c->hours, vars_get(v, "alumno.nombre"));
	memset(&n, 0, sizeof(n));
	n.subject = subject;
	n.v = v;
	n.att = att;
	n.n_att = 1;
	rc = notify_account(ctx, c->agency_id, &n);
	free(subject);
out:
	vars_free(v);
	return rc;
}

/* The open review of the report, or a new one for the coordinators. */
static int
review(struct wf_call *c, const struct reply_att *att)
{
	struct hctx *ctx = c->ctx;
	struct wf_matter m;
	struct vars *v = vars_new();
	char code[CODE_LEN + 1];
	int r, rc = -1;

	memset(&m, 0, sizeof(m));
	if ((r = store_wf_matter_open_for(ctx->st, MATTER_REPORTE, c->id,
	    &m)) < 0)
		goto out;
	if (vars_alumno(ctx, v, c->student_id) != 0 ||
	    vars_dependencia(ctx, v, c->agency_id) != 0)
		goto out;
	vars_setf(v, "estado.descripcion", "%s (matrícula %s), en servicio "
	    "en %s, entregó %ssu reporte de actividades de %d horas; va "
	    "adjunto.", vars_get(v, "alumno.nombre"),
	    vars_get(v, "alumno.matricula"),
	    vars_get(v, "dependencia.nombre"), r == 1 ?
	    "una versión nueva de " : "", c->hours);
	if (r == 1) {
		/* The same matter still decides it, under a code that is
		   alive: the notice must not show one that has expired. */
		struct notice n;
		char *subject;

		if (matter_live_code(ctx, &m, code) != 0)
			goto out;
		vars_set(v, "codigo", code);
		vars_setf(v, "estado.siguiente_paso", "Decida con APROBAR %s o "
		    "RECHAZAR %s <motivo>, o respondiendo a este correo.",
		    code, code);
		subject = xasprintf("%s: decisión pendiente %s, versión nueva",
		    ctx->cfg->inst_short_name, code);
		memset(&n, 0, sizeof(n));
		n.subject = subject;
		n.v = v;
		n.tok_kind = RTOK_MATTER;
		n.tok_id = m.id;
		n.att = att;
		n.n_att = 1;
		rc = notify_coordinators(ctx, &n);
		free(subject);
	} else
		rc = matter_open(ctx, MATTER_REPORTE, c->id, v, att, 1,
		    &c->matter_id, code);
out:
	wf_matter_free(&m);
	vars_free(v);
	return rc;
}

int
fx_reporte_recibir(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	const struct attachment *a = c->data;
	struct reply_att att;
	int64_t doc;
	int again = c->id != 0 && strcmp(c->state, "en_revision") == 0;
	int rc = -1;

	if (c->id == 0 && store_wf_report_insert(ctx->st, c->application_id,
	    c->hours, 0, ctx->now, &c->id) != 0)
		return -1;
	c->report_id = c->id;
	if (docs_store(ctx, a, DOC_REPORTE, c->student_id, c->id, &doc) != 0 ||
	    store_wf_report_set_document(ctx->st, c->id, doc) != 0)
		return -1;
	if (docs_attachment(ctx, doc, 0, &att) != 0)
		return -1;
	if (review(c, &att) != 0 || tell_agency(c, &att, again) != 0)
		goto out;
	tr_document(ctx, "reporte de actividades", again ? "reemplaza al "
	    "anterior" : "llegó", a->filename, attachment_human(a));
	tr_done(ctx, "Recibimos su reporte de %d horas%s; la coordinación lo "
	    "revisa y la dependencia recibió una copia.", c->hours, again ?
	    ", que reemplaza al que estaba en revisión" : "");
	tr_next(ctx, "Espere la revisión de la coordinación; le avisaremos "
	    "por correo.");
	rc = 0;
out:
	reply_att_clear(&att);
	return rc;
}

/* Fill the call's application facts from the report row. */
static int
report_facts(struct wf_call *c, struct wf_report *r)
{
	struct wf_application a;

	if (store_wf_report_by_id(c->ctx->st, c->id, r) != 1)
		return -1;
	if (store_wf_application_get(c->ctx->st, r->application_id, &a) != 1) {
		wf_report_free(r);
		return -1;
	}
	c->hours = r->hours;
	c->application_id = a.id;
	c->student_id = a.student_id;
	c->agency_id = a.agency_id;
	wf_application_free(&a);
	return 0;
}

static int
tell_student(struct wf_call *c, const char *what, const char *next)
{
	struct hctx *ctx = c->ctx;
	struct vars *v = vars_new();
	struct notice n;
	char *subject;
	int rc;

	vars_set(v, "estado.descripcion", what);
	vars_set(v, "estado.siguiente_paso", next);
	if (c->motivo && *c->motivo)
		vars_set(v, "motivo", c->motivo);
	subject = xasprintf("%s: revisión de su avance de %d horas",
	    ctx->cfg->inst_short_name, c->hours);
	memset(&n, 0, sizeof(n));
	n.subject = subject;
	n.v = v;
	rc = notify_account(ctx, c->student_id, &n);
	free(subject);
	vars_free(v);
	return rc;
}

int
fx_reporte_aprobar(struct wf_call *c)
{
	struct wf_report r;
	struct buf what, next;
	int rc = -1;

	if (report_facts(c, &r) != 0)
		return -1;
	buf_init(&what);
	buf_init(&next);
	buf_printf(&what, "La coordinación aceptó su reporte de actividades de "
	    "%d horas.", c->hours);
	if (wf_report_next(c->hours) != 0)
		buf_printf(&next, "Al cumplir %d horas, entregue su reporte con "
		    "REPORTE %d.", wf_report_next(c->hours),
		    wf_report_next(c->hours));
	else
		buf_adds(&next, "Con sus tres reportes aceptados, la dependencia "
		    "emitirá su carta de liberación.");
	if (tell_student(c, what.data, next.data) != 0)
		goto out;
	if (c->hours == 480) {
		struct hctx *ctx = c->ctx;
		struct vars *v = vars_new();
		struct notice n;
		char *subject;
		int err;

		err = vars_alumno(ctx, v, c->student_id);
		vars_setf(v, "estado.descripcion", "La coordinación aceptó el "
		    "reporte de 480 horas de %s (matrícula %s).",
		    vars_get(v, "alumno.nombre"),
		    vars_get(v, "alumno.matricula"));
		vars_setf(v, "estado.siguiente_paso", "Emita su carta de "
		    "liberación: escriba LIBERAR %s con «Gerente: ...» y "
		    "«Jefe inmediato: ...» en el cuerpo.",
		    vars_get(v, "alumno.matricula"));
		subject = xasprintf("%s: la liberación de %s ya procede",
		    ctx->cfg->inst_short_name, vars_get(v, "alumno.nombre"));
		memset(&n, 0, sizeof(n));
		n.subject = subject;
		n.v = v;
		if (err == 0)
			err = notify_account(ctx, c->agency_id, &n);
		free(subject);
		vars_free(v);
		if (err != 0)
			goto out;
	}
	tr_done(c->ctx, "Aceptamos el reporte de %d horas y avisamos al "
	    "estudiante%s.", c->hours, c->hours == 480 ? " y a la dependencia" :
	    "");
	rc = 0;
out:
	buf_free(&what);
	buf_free(&next);
	wf_report_free(&r);
	return rc;
}

int
fx_reporte_rechazar(struct wf_call *c)
{
	struct wf_report r;
	struct buf what, next;
	int rc = -1;

	if (report_facts(c, &r) != 0)
		return -1;
	buf_init(&what);
	buf_init(&next);
	buf_printf(&what, "La coordinación no aceptó su reporte de actividades "
	    "de %d horas. Motivo: %s", c->hours, c->motivo);
	buf_printf(&next, "Corrija el reporte y envíelo de nuevo: basta "
	    "con responder a este correo con el PDF adjunto (o escriba un "
	    "correo con el asunto REPORTE %d).", c->hours);
	if (tell_student(c, what.data, next.data) == 0) {
		tr_done(c->ctx, "Rechazamos el reporte de %d horas y avisamos "
		    "al estudiante.", c->hours);
		rc = 0;
	}
	buf_free(&what);
	buf_free(&next);
	wf_report_free(&r);
	return rc;
}

static int
parse_hours(const char *s)
{
	if (s == NULL)
		return 0;
	if (strcmp(s, "180") == 0)
		return 180;
	if (strcmp(s, "360") == 0)
		return 360;
	if (strcmp(s, "480") == 0)
		return 480;
	return 0;
}

int
h_reporte(struct hctx *ctx)
{
	static const enum doc_kind want[] = {DOC_REPORTE};
	struct wf_application a;
	struct wf_report r;
	struct doc_pick pick;
	struct wf_call c;
	char *h = arg_word(ctx, 0);
	int hours = parse_hours(h), found, rc;

	free(h);
	if (hours == 0) {
		tr_error(ctx, "No sabemos de cuántas horas es el reporte.");
		tr_next(ctx, "Envíelo de nuevo con el asunto REPORTE 180, "
		    "REPORTE 360 o REPORTE 480, según corresponda, y el PDF "
		    "adjunto.");
		return 0;
	}
	docs_pick(ctx, want, ARRAY_LEN(want), DOC_REPORTE, &pick);
	if (pick.att[DOC_REPORTE] == NULL) {
		if (!pick.bad)
			tr_error(ctx, "El mensaje no trae el reporte adjunto.");
		tr_next(ctx, "Envíe REPORTE %d de nuevo con su reporte en PDF "
		    "adjunto.", hours);
		return 0;
	}
	if ((found = store_wf_application_latest(ctx->st, ctx->account_id,
	    &a)) < 0)
		return -1;
	if (found == 0) {
		char *st = NULL;

		if (store_wf_state_get(ctx->st, WF_ALUMNO, ctx->account_id,
		    &st) < 0)
			return -1;
		tr_error(ctx, "No se puede recibir ese reporte de actividades "
		    "ahora. %s", wf_state_text(WF_ALUMNO, st ? st : "nuevo"));
		free(st);
		return 0;
	}
	if ((found = store_wf_report_get(ctx->st, a.id, hours, &r)) < 0) {
		wf_application_free(&a);
		return -1;
	}
	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.entity = WF_REPORTE;
	c.id = found ? r.id : 0;
	c.event = EV_REPORTE;
	c.hours = hours;
	c.application_id = a.id;
	c.student_id = a.student_id;
	c.agency_id = a.agency_id;
	c.program_id = a.program_id;
	c.data = (void *)pick.att[DOC_REPORTE];
	rc = wf_fire(&c);
	wf_report_free(&r);
	wf_application_free(&a);
	return rc < 0 ? -1 : 0;
}
