/* SPDX-License-Identifier: ISC */
/*
 * pause.c - PAUSA and REANUDAR: a service stops for a serious cause
 * (art. 55) and starts again.
 *
 * A student asks with PAUSA <motivo> (body: Desde:, and Hasta: when the
 * end is known); the coordinator decides it like any matter.  A
 * coordinator may also pause a service directly with PAUSA <matrícula>
 * <motivo>.  REANUDAR (the student, or the coordinator with the
 * matrícula) ends it; a pause with Hasta: ends by itself that day.  The
 * days between count neither toward the legal minimum and maximum
 * (period.c) nor toward the report due dates (calendar.c).
 */
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "handlers/commands.h"
#include "handlers/effects.h"
#include "handlers/hletters.h"
#include "handlers/hutil.h"
#include "handlers/matters.h"
#include "handlers/notice.h"
#include "handlers/pausedays.h"
#include "handlers/period.h"
#include "handlers/say.h"
#include "handlers/workflow.h"
#include "store/store_pause.h"

/* The pause of application app_id still asked for or holding: 1, 0. */
static int
pause_open(struct hctx *ctx, int64_t app_id, struct wf_pause *out)
{
	int64_t today = ymd_days(ymd_of(ctx->now));
	struct wf_pause *p;
	size_t n;
	int found = 0;

	memset(out, 0, sizeof(*out));
	if (store_wf_pause_list(ctx->st, app_id, &p, &n) != 0)
		return -1;
	for (size_t i = n; i-- > 0 && !found;) {
		if (wf_state_is(p[i].state, ST_PAUSA_SOLICITADA) ||
		    (wf_state_is(p[i].state, ST_PAUSA_VIGENTE) &&
		    pause_end_day(&p[i], today) == 0)) {
			*out = p[i];
			memset(&p[i], 0, sizeof(p[i]));
			found = 1;
		}
	}
	wf_pauses_free(p, n);
	return found;
}

/* What PAUSA asks for: the days, read from Desde: and Hasta:. */
struct pause_req {
	int64_t from_day;
	int64_t to_day;
};

/* A date field: 1 read, 0 absent, -1 unreadable (told). */
static int
date_field(struct hctx *ctx, const char *name, int64_t *day)
{
	char *v = hctx_field(ctx, name);
	struct ymd d;
	int r = 1;

	if (v == NULL)
		return 0;
	if (ymd_parse(v, &d) != 0) {
		tr_say(ctx, TR_ERROR, S_SERVICIO_PAUSA_FECHA_ILEGIBLE,
		    "valor=%s campo=%s", v, name);
		r = -1;
	} else
		*day = ymd_days(d);
	free(v);
	return r;
}

/* Desde: (today when absent) and Hasta: (none when absent), checked
   against the service's start.  1 good, 0 refused (told). */
static int
read_req(struct hctx *ctx, const struct wf_application *a,
    struct pause_req *q)
{
	int64_t today = ymd_days(ymd_of(ctx->now)), start;
	int rf, rt;

	q->from_day = today;
	q->to_day = 0;
	rf = date_field(ctx, "Desde", &q->from_day);
	rt = date_field(ctx, "Hasta", &q->to_day);
	if (rf < 0 || rt < 0)
		return 0;
	if (period_reached(ctx, a->id, ST_SOLICITUD_ACEPTADA, &start) != 0)
		return -1;
	if (start != 0 && q->from_day < ymd_days(ymd_of(start)))
		tr_say(ctx, TR_ERROR, S_SERVICIO_PAUSA_ANTES_DEL_SERVICIO,
		    SAY_NONE);
	else if (q->to_day != 0 && q->to_day <= q->from_day)
		tr_say(ctx, TR_ERROR, S_SERVICIO_PAUSA_TERMINA_ANTES,
		    SAY_NONE);
	else if (q->from_day > today + 31)
		tr_say(ctx, TR_ERROR, S_SERVICIO_PAUSA_MUY_LEJOS, SAY_NONE);
	return tr_refused(ctx) ? 0 : 1;
}

/* "del 1 de febrero de 2027" and, when known, "al 1 de marzo de 2027". */
static char *
pause_days_text(const struct hctx *ctx, int64_t from_day, int64_t to_day)
{
	char *a = ymd_es(ymd_from_days(from_day));
	char *b = to_day != 0 ? ymd_es(ymd_from_days(to_day)) : xstrdup("");
	char *s = say(ctx, S_SERVICIO_PAUSA_DIAS, "desde=%s hasta=%s", a, b);

	free(a);
	free(b);
	return s;
}

/* The application in service that a PAUSA or REANUDAR is about:
   the sender's own, or the student named by the coordinator. */
static int
service_of(struct hctx *ctx, struct wf_application *a, int *words)
{
	int r;

	*words = 0;
	if (ctx->role == ROLE_COORDINADOR) {
		*words = 1;
		return hctx_student_application_by_arg(ctx, a);
	}
	if ((r = store_wf_application_latest(ctx->st, ctx->account_id,
	    a)) < 0)
		return -1;
	if (r == 0)
		tr_say(ctx, TR_ERROR, S_SERVICIO_PAUSA_SIN_SERVICIO, SAY_NONE);
	return r;
}

static int
in_service(struct hctx *ctx, const struct wf_application *a)
{
	if (wf_state_is(a->state, ST_SOLICITUD_ACEPTADA))
		return 1;
	tr_say(ctx, TR_ERROR, S_SERVICIO_PAUSA_SOLO_EN_CURSO, "estado=%s",
	    wf_state_text_of(WF_SOLICITUD, a->state));
	return 0;
}

static void
pause_call(struct wf_call *c, struct hctx *ctx,
    const struct wf_application *a, int64_t pause_id, enum wf_event ev)
{
	wf_call_application(c, ctx, a, ev);
	c->entity = WF_PAUSA;
	c->id = pause_id;
}

int
h_pausa(struct hctx *ctx)
{
	struct wf_application a;
	struct wf_pause open;
	struct pause_req q;
	struct wf_call c;
	char *motivo = NULL;
	int words, r;

	if ((r = service_of(ctx, &a, &words)) <= 0)
		return r;
	memset(&open, 0, sizeof(open));
	if (!in_service(ctx, &a)) {
		r = 0;
		goto out;
	}
	motivo = hctx_arg_rest(ctx, words);
	if (*motivo == '\0') {
		tr_say(ctx, TR_ERROR, S_SERVICIO_PAUSA_FALTA_MOTIVO, SAY_NONE);
		tr_say(ctx, TR_NEXT, S_SERVICIO_PAUSA_COMO_PEDIR,
		    "con_matricula=%s", words ? "sí" : "");
		r = 0;
		goto out;
	}
	if ((r = pause_open(ctx, a.id, &open)) != 0) {
		if (r > 0) {
			tr_say(ctx, TR_ERROR, S_SERVICIO_PAUSA_YA_TIENE,
			    "pedida=%s", wf_state_is(open.state,
			    ST_PAUSA_SOLICITADA) ? "sí" : "");
			r = 0;
		}
		goto out;
	}
	if ((r = read_req(ctx, &a, &q)) <= 0)
		goto out;
	pause_call(&c, ctx, &a, 0, ctx->role == ROLE_COORDINADOR ?
	    EV_PAUSA_APROBADA : EV_PAUSA);
	c.motivo = motivo;
	c.data = &q;
	r = wf_fire(&c) < 0 ? -1 : 0;
out:
	free(motivo);
	wf_pause_free(&open);
	wf_application_free(&a);
	return r;
}

enum wf_verdict
fx_pausa_pedir(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	const struct pause_req *q = c->data;
	struct vars *v = vars_new();
	char code[CODE_LEN + 1], *days = NULL;
	int rc = -1;

	if (store_wf_pause_insert(ctx->st, c->application_id, c->motivo,
	    q->from_day, q->to_day, ctx->now, &c->id) != 0)
		goto out;
	if (vars_alumno(ctx, v, c->student_id) != 0 ||
	    vars_dependencia(ctx, v, c->agency_id) != 0)
		goto out;
	days = pause_days_text(ctx, q->from_day, q->to_day);
	vars_say(ctx, v, "estado.descripcion", S_SERVICIO_PAUSA_PIDE,
	    "alumno.nombre=%s alumno.matricula=%s dependencia.nombre=%s "
	    "dias=%s motivo=%s", vars_get(v, "alumno.nombre"),
	    vars_get(v, "alumno.matricula"), vars_get(v, "dependencia.nombre"),
	    days, c->motivo);
	if (matter_open(ctx, MATTER_PAUSA, c->id, v, NULL, 0, &c->matter_id,
	    code) != 0)
		goto out;
	tr_say(ctx, TR_DONE, S_SERVICIO_PAUSA_ENVIAMOS, "dias=%s", days);
	tr_say(ctx, TR_NEXT, S_SERVICIO_PAUSA_ESPERE, SAY_NONE);
	rc = 0;
out:
	free(days);
	vars_free(v);
	return rc;
}

/* The student and the agency hear that the service stops or goes on. */
static int
tell_both(struct hctx *ctx, const struct wf_call *c, struct vars *v,
    enum sentence subject_sentence)
{
	char *subject = say(ctx, subject_sentence, SAY_NONE);
	int rc = 0;

	if (ctx->role != ROLE_ALUMNO)
		rc = notice_to(ctx, c->student_id, v, subject, NULL);
	if (rc == 0)
		rc = notice_to(ctx, c->agency_id, v, subject, NULL);
	free(subject);
	return rc;
}

enum wf_verdict
fx_pausa_aprobar(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct wf_application a;
	struct wf_pause p;
	struct vars *v = vars_new();
	char *days = NULL;
	int rc = WF_ERROR;

	memset(&p, 0, sizeof(p));
	memset(&a, 0, sizeof(a));
	/* A coordinator's own PAUSA is approved as it is made. */
	if (c->id == 0) {
		const struct pause_req *q = c->data;

		if (store_wf_pause_insert(ctx->st, c->application_id,
		    c->motivo, q->from_day, q->to_day, ctx->now, &c->id) != 0)
			goto out;
		c->pause_id = c->id;
	}
	if (store_wf_pause_get(ctx->st, c->id, &p) != 1 ||
	    store_wf_application_get(ctx->st, p.application_id, &a) != 1)
		goto out;
	c->application_id = a.id;
	c->student_id = a.student_id;
	c->agency_id = a.agency_id;
	/* Approved after the service ended: nothing to pause. */
	if (!in_service(ctx, &a)) {
		rc = WF_REFUSED;
		goto out;
	}
	if (vars_alumno(ctx, v, c->student_id) != 0)
		goto out;
	days = pause_days_text(ctx, p.from_day, p.to_day);
	vars_say(ctx, v, "estado.descripcion", S_SERVICIO_PAUSA_AUTORIZADA,
	    "alumno.nombre=%s alumno.matricula=%s dias=%s motivo=%s",
	    vars_get(v, "alumno.nombre"), vars_get(v, "alumno.matricula"),
	    days, p.motivo);
	vars_say(ctx, v, "estado.siguiente_paso", S_SERVICIO_PAUSA_COMO_VOLVER,
	    "con_fecha=%s", p.to_day != 0 ? "sí" : "");
	if (tell_both(ctx, c, v, S_SERVICIO_ASUNTO_PAUSA) != 0)
		goto out;
	tr_say(ctx, TR_DONE, S_SERVICIO_PAUSA_AUTORIZAMOS, "alumno.nombre=%s "
	    "dias=%s", vars_get(v, "alumno.nombre"), days);
	rc = WF_OK;
out:
	free(days);
	wf_pause_free(&p);
	wf_application_free(&a);
	vars_free(v);
	return rc;
}

enum wf_verdict
fx_pausa_rechazar(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct wf_pause p;
	struct wf_application a;
	struct vars *v = vars_new();
	char *subject = NULL;
	int rc = -1;

	memset(&a, 0, sizeof(a));
	if (store_wf_pause_get(ctx->st, c->id, &p) != 1)
		goto out;
	if (store_wf_application_get(ctx->st, p.application_id, &a) != 1)
		goto out;
	vars_say(ctx, v, "estado.descripcion", S_SERVICIO_PAUSA_NO_AUTORIZADA,
	    "motivo=%s", c->motivo);
	vars_say(ctx, v, "estado.siguiente_paso", S_SERVICIO_PAUSA_SIGUE_IGUAL,
	    SAY_NONE);
	subject = say(ctx, S_SERVICIO_ASUNTO_PAUSA_RESPUESTA, SAY_NONE);
	if (notice_to(ctx, a.student_id, v, subject, NULL) != 0)
		goto out;
	tr_say(ctx, TR_DONE, S_SERVICIO_PAUSA_NO_PROCEDE, SAY_NONE);
	rc = 0;
out:
	free(subject);
	wf_application_free(&a);
	wf_pause_free(&p);
	vars_free(v);
	return rc;
}

enum wf_verdict
fx_reanudar(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct vars *v = vars_new();
	struct pause_sum s;
	struct wf_pause p;
	int64_t day = ymd_days(ymd_of(ctx->now));
	char *today = NULL;
	int rc = -1;

	/* The calendar ends a pause on the day its Hasta: named. */
	if (store_wf_pause_get(ctx->st, c->id, &p) != 1)
		goto out;
	if (ctx->cause == HCTX_TIMER && p.to_day != 0 && p.to_day < day)
		day = p.to_day;
	wf_pause_free(&p);
	today = ymd_es(ymd_from_days(day));
	if (store_wf_pause_end(ctx->st, c->id, day) != 0 ||
	    pause_sum(ctx, c->application_id, &s) != 0 ||
	    vars_alumno(ctx, v, c->student_id) != 0)
		goto out;
	vars_say(ctx, v, "estado.descripcion", S_SERVICIO_PAUSA_REANUDADO,
	    "alumno.nombre=%s alumno.matricula=%s fecha=%s dias=%lld",
	    vars_get(v, "alumno.nombre"), vars_get(v, "alumno.matricula"),
	    today, (long long)s.days);
	vars_say(ctx, v, "estado.siguiente_paso", S_SERVICIO_PAUSA_SIGA,
	    SAY_NONE);
	if (tell_both(ctx, c, v, S_SERVICIO_ASUNTO_REANUDADO) != 0)
		goto out;
	tr_say(ctx, TR_DONE, S_SERVICIO_PAUSA_REANUDAMOS, "alumno.nombre=%s "
	    "fecha=%s dias=%lld", vars_get(v, "alumno.nombre"), today,
	    (long long)s.days);
	rc = 0;
out:
	free(today);
	vars_free(v);
	return rc;
}

int
h_reanudar(struct hctx *ctx)
{
	struct wf_application a;
	struct wf_pause open;
	struct wf_call c;
	int words, r;

	if ((r = service_of(ctx, &a, &words)) <= 0)
		return r;
	if ((r = pause_open(ctx, a.id, &open)) < 0)
		goto out;
	if (r == 0 || !wf_state_is(open.state, ST_PAUSA_VIGENTE) ||
	    open.from_day > ymd_days(ymd_of(ctx->now))) {
		tr_say(ctx, TR_ERROR, S_SERVICIO_PAUSA_NADA_QUE_TERMINAR,
		    "pedida=%s", r == 1 ? "sí" : "");
		r = 0;
		goto out;
	}
	pause_call(&c, ctx, &a, open.id, EV_REANUDAR);
	r = wf_fire(&c) < 0 ? -1 : 0;
out:
	wf_pause_free(&open);
	wf_application_free(&a);
	return r;
}

int
pause_tick(struct hctx *ctx)
{
	struct wf_pause *p;
	size_t n;
	int rc = 0;

	if (store_wf_pause_due(ctx->st, ymd_days(ymd_of(ctx->now)), &p,
	    &n) != 0)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct wf_application a;
		struct wf_call c;

		if (store_wf_application_get(ctx->st, p[i].application_id,
		    &a) != 1) {
			rc = -1;
			break;
		}
		pause_call(&c, ctx, &a, p[i].id, EV_REANUDAR);
		c.note = "calendario";
		rc = wf_fire(&c) < 0 ? -1 : 0;
		wf_application_free(&a);
	}
	wf_pauses_free(p, n);
	return rc;
}
