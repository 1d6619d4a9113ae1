/* SPDX-License-Identifier: ISC */
/*
 * h_informes.c - the reports of students and agencies (PDF and CSV, laid
 * out by letters/report.c): REPORTE ALUMNOS from an agency (its students;
 * it also answers a coordinator's pending request) or from a coordinator
 * (every student in service), REPORTE DEPENDENCIAS, and SOLICITAR REPORTE,
 * with which a coordinator asks an agency for its report.
 *
 * report_query() fills the same tables for "tequioctl report", so mail and
 * the command line print the same thing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/csv.h"
#include "common/log.h"
#include "handlers/commands.h"
#include "handlers/desk.h"
#include "handlers/effects.h"
#include "handlers/hutil.h"
#include "handlers/say.h"
#include "handlers/notice.h"
#include "handlers/workflow.h"
#include "letters/report.h"
#include "store/store_arco.h"

/* Applications of students who are (or were until release) in service. */
static const enum wf_state in_service[] = {ST_SOLICITUD_ACEPTADA,
    ST_SOLICITUD_BAJA_SOLICITADA, ST_SOLICITUD_LIBERADA};

/* The other states a coordinator's filter may ask for (issue 11). */
static const enum wf_state todos[] = {ST_SOLICITUD_ACEPTADA,
    ST_SOLICITUD_BAJA_SOLICITADA, ST_SOLICITUD_LIBERADA,
    ST_SOLICITUD_FINALIZADA, ST_SOLICITUD_BAJA};
static const enum wf_state liberados[] = {ST_SOLICITUD_LIBERADA};
static const enum wf_state concluidos[] = {ST_SOLICITUD_FINALIZADA};
static const enum wf_state bajas[] = {ST_SOLICITUD_BAJA};

/*
 * What a coordinator's REPORTE ALUMNOS <filtro> selects (issue 11):
 * finished students stay findable.  Folded words, as people write them.
 */
#define FILTER(w, set, label) {w, set, ARRAY_LEN(set), label}
static const struct alumnos_filter {
	const char *word;
	const enum wf_state *states;
	size_t n;
	const char *label;
} alumnos_filters[] = {
	FILTER("", in_service, NULL),
	FILTER("en servicio", in_service, NULL),
	FILTER("todos", todos, "Todos: en servicio, liberados, concluidos y "
	    "dados de baja"),
	FILTER("liberados", liberados, "Liberados (falta la carta de "
	    "finalización)"),
	FILTER("concluidos", concluidos, "Concluidos (carta de finalización "
	    "emitida)"),
	FILTER("finalizados", concluidos, "Concluidos (carta de finalización "
	    "emitida)"),
	FILTER("baja", bajas, "Dados de baja"),
	FILTER("bajas", bajas, "Dados de baja"),
};

/* The filter of words (any case, accents), or NULL when unknown. */
static const struct alumnos_filter *
alumnos_filter(const char *words)
{
	const struct alumnos_filter *found = NULL;
	char *f = fold_spanish(words ? words : "");

	str_trim(f);
	if (strncmp(f, "estado=", 7) == 0)
		memmove(f, f + 7, strlen(f + 7) + 1);
	for (size_t i = 0; i < ARRAY_LEN(alumnos_filters) && !found; i++)
		if (strcmp(f, alumnos_filters[i].word) == 0)
			found = &alumnos_filters[i];
	free(f);
	return found;
}

/* The highest accepted report of an application, "0" when none. */
static int
hours_reported(struct store *st, int64_t app_id, char out[8])
{
	int best;

	if (store_wf_report_max_accepted(st, app_id, &best) != 0)
		return -1;
	snprintf(out, 8, "%d", best);
	return 0;
}

/* What a coordinator's filters add to the states (issue 11): the
   services of a period, a career. */
struct row_select {
	int by_period;		/* only the applications in ids */
	const int64_t *ids;	/* sorted */
	size_t n_ids;
	const char *career;	/* folded words; NULL: any */
	const char *period;	/* the last cell; NULL: none */
};

static int
by_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int
selected(const struct row_select *sel, int64_t app_id, const char *career)
{
	char *f;
	int ok;

	if (sel == NULL)
		return 1;
	if (sel->by_period && (sel->n_ids == 0 || bsearch(&app_id, sel->ids,
	    sel->n_ids, sizeof(*sel->ids), by_id) == NULL))
		return 0;
	if (sel->career == NULL)
		return 1;
	f = fold_spanish(career);
	ok = strstr(f, sel->career) != NULL;
	free(f);
	return ok;
}

/* One row per student in service (or in states); one_agency selects the
   short layout. */
static int
student_rows_in(struct store *st, int64_t agency_id,
    const enum wf_state *states, size_t n_states, struct report_table *t,
    const struct row_select *sel)
{
	struct wf_application *a = NULL;
	size_t n = 0;
	int rc = -1;

	if (store_wf_application_list(st, agency_id, states, n_states, &a,
	    &n) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct wf_account acc, ag;
		struct wf_student s;
		struct wf_program p;
		char hours[8], *inicio;
		int ok;

		memset(&ag, 0, sizeof(ag));
		if ((ok = store_arco_blocked(st, a[i].student_id)) != 0) {
			if (ok < 0)
				goto out;
			continue;	/* cancelled: used for nothing */
		}
		ok = store_wf_account_by_id(st, a[i].student_id, &acc) == 1;
		ok = ok && store_wf_student_get(st, a[i].student_id, &s) == 1;
		ok = ok && store_wf_program_get(st, a[i].program_id, &p) == 1;
		ok = ok && hours_reported(st, a[i].id, hours) == 0;
		if (!ok)
			goto out;
		inicio = letters_date_es(a[i].created);
		if (selected(sel, a[i].id, s.carrera)) {
			const char *where = agency_id == 0 ? p.agency_name :
			    inicio;
			const char *row[] = {s.matricula, acc.name, s.carrera,
			    p.name, where, hours,
			    wf_state_label_of(WF_SOLICITUD, a[i].state),
			    sel != NULL ? sel->period : NULL};

			report_add_row(t, row);
		}
		free(inicio);
		wf_account_free(&acc);
		wf_student_free(&s);
		wf_program_free(&p);
	}
	rc = 0;
out:
	wf_applications_free(a, n);
	return rc;
}

/* The students in service (of agency_id, 0 all); period: the last
   cell, or NULL. */
static int
student_rows(struct store *st, int64_t agency_id, struct report_table *t,
    const char *period)
{
	struct row_select sel;

	memset(&sel, 0, sizeof(sel));
	sel.period = period;
	return student_rows_in(st, agency_id, in_service,
	    ARRAY_LEN(in_service), t, &sel);
}

static int
agency_rows(struct store *st, struct report_table *t, const char *period)
{
	struct wf_account *acc = NULL;
	size_t n = 0;
	int rc = -1;

	if (store_wf_account_list(st, "dependencia", &acc, &n) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct wf_program *p = NULL;
		struct wf_application *a = NULL;
		struct wf_agency g;
		size_t np = 0, na = 0;
		char progs[16], studs[16];

		int blocked;

		if (!wf_state_is(acc[i].state, ST_DEPENDENCIA_CONVENIO_VIGENTE))
			continue;
		if ((blocked = store_arco_blocked(st, acc[i].id)) != 0) {
			if (blocked < 0)
				goto out;
			continue;	/* cancelled: used for nothing */
		}
		if (store_wf_agency_get(st, acc[i].id, &g) != 1)
			goto out;
		if (store_wf_program_list(st, NULL, acc[i].id, &p, &np) != 0 ||
		    store_wf_application_list(st, acc[i].id, in_service,
		    ARRAY_LEN(in_service), &a, &na) != 0) {
			wf_agency_free(&g);
			wf_programs_free(p, np);
			goto out;
		}
		snprintf(progs, sizeof(progs), "%zu", np);
		snprintf(studs, sizeof(studs), "%zu", na);
		{
			const char *row[] = {g.rfc, acc[i].name, g.tipo,
			    g.representante, acc[i].email, g.telefono, "sí",
			    progs, studs, period};

			report_add_row(t, row);
		}
		wf_programs_free(p, np);
		wf_applications_free(a, na);
		wf_agency_free(&g);
	}
	rc = 0;
out:
	wf_accounts_free(acc, n);
	return rc;
}

/* "carrera=WORDS" out of words (folded), to the end: *career, or NULL. */
static void
take_career(char *words, char **career)
{
	char *at = strstr(words, "carrera"), *v;

	*career = NULL;
	if (at == NULL || (at != words && at[-1] != ' '))
		return;
	v = at + strlen("carrera");
	while (*v == ' ' || *v == '=' || *v == ':')
		v++;
	*career = xstrdup(v);
	str_trim(*career);
	*at = '\0';
	str_trim(words);
}

/* "Periodo ... · Todos: ... · Carrera: ..." of the header. */
static char *
alumnos_subtitle(const struct config *cfg, const struct period *p,
    const struct alumnos_filter *f, const char *career)
{
	char *period = desk_period_subtitle(cfg, p);
	struct buf b;

	buf_init(&b);
	buf_adds(&b, period);
	if (f->label != NULL)
		buf_printf(&b, "%s%s", b.len ? " · " : "", f->label);
	if (career != NULL)
		buf_printf(&b, "%sCarrera: %s", b.len ? " · " : "", career);
	buf_addc(&b, '\0');
	free(period);
	return buf_steal(&b);
}

/* REPORTE ALUMNOS [estado] [periodo=NAME] [carrera=WORDS]: a period alone
   means every student whose service ran in it, finished or not. */
static int
alumnos_query(const struct config *cfg, struct store *st, const char *arg,
    struct report_table **out)
{
	char *words = fold_spanish(arg ? arg : ""), *named = NULL, *sub;
	char *career = NULL;
	struct row_select sel;
	const struct alumnos_filter *f;
	const struct period *p;
	struct stats_span span;
	int64_t *ids = NULL;
	size_t n_ids = 0;
	int r = 3;

	memset(&sel, 0, sizeof(sel));
	if (desk_period_arg(cfg, words, &p, &named) < 0)
		goto out;
	take_career(words, &career);
	sel.career = career;
	r = 2;
	if ((f = alumnos_filter(*words == '\0' && p != NULL ? "todos" :
	    words)) == NULL)
		goto out;
	r = -1;
	span = desk_span_of(p);
	if (p != NULL && store_stats_span_apps(st, &span, &ids, &n_ids) != 0)
		goto out;
	sel.by_period = p != NULL;
	sel.ids = ids;
	sel.n_ids = n_ids;
	sel.period = p != NULL ? p->name : "todos";
	/* Today's students (no period, no state asked): today's period. */
	sub = p == NULL && f->label == NULL ? xstrdup("") :
	    alumnos_subtitle(cfg, p, f, sel.career);
	*out = report_new_kind(REPORT_ALUMNOS, *sub ? sub : NULL);
	free(sub);
	if (p == NULL && f->label == NULL) {
		if (sel.career != NULL) {
			sub = xasprintf("Carrera: %s", sel.career);
			report_set_subtitle(*out, sub);
			free(sub);
		}
		sel.period = desk_period_today(cfg, *out);
	} else if (cfg->periods.n > 0)
		report_add_column(*out, "Periodo");
	r = student_rows_in(st, 0, f->states, f->n, *out, &sel);
out:
	free(ids);
	free(career);
	free(named);
	free(words);
	return r;
}

int
report_query(const struct config *cfg, struct store *st, const char *kind,
    const char *arg, struct report_table **out)
{
	struct report_table *t = NULL;
	struct wf_account a;
	int64_t id;
	int r;

	*out = NULL;
	if (strcmp(kind, "alumnos") == 0) {
		if ((r = alumnos_query(cfg, st, arg, &t)) > 0)
			return r;
	} else if (strcmp(kind, "dependencias") == 0) {
		t = report_new_kind(REPORT_DEPENDENCIAS, NULL);
		r = agency_rows(st, t, desk_period_today(cfg, t));
	} else if (strcmp(kind, "dependencia") == 0) {
		if ((r = store_wf_agency_find(st, arg ? arg : "", &id)) <= 0)
			return r < 0 ? -1 : 1;
		if (store_wf_account_by_id(st, id, &a) != 1)
			return -1;
		t = report_new_kind(REPORT_DEPENDENCIA, a.name);
		wf_account_free(&a);
		r = student_rows(st, id, t, desk_period_today(cfg, t));
	} else
		return 1;
	if (r != 0) {
		report_free(t);
		return -1;
	}
	*out = t;
	return 0;
}

/* The table as two attachments: name.pdf and name.csv. */
static int
table_attachments(struct hctx *ctx, const struct report_table *t,
    const char *name, struct reply_att att[2])
{
	struct buf pdf, csv;
	char *fn;

	buf_init(&pdf);
	buf_init(&csv);
	if (report_pdf(ctx->letters, t, ctx->now, &pdf) != 0) {
		buf_free(&pdf);
		return -1;
	}
	report_csv(t, &csv);
	fn = xasprintf("%s.pdf", name);
	reply_att_copy(&att[0], fn, "application/pdf", pdf.data, pdf.len);
	free(fn);
	fn = xasprintf("%s.csv", name);
	reply_att_copy(&att[1], fn, CSV_CONTENT_TYPE, csv.data,
	    csv.len);
	free(fn);
	buf_free(&pdf);
	buf_free(&csv);
	return 0;
}

static void
attach_to_reply(struct hctx *ctx, const struct reply_att *att, size_t n)
{
	for (size_t i = 0; i < n; i++)
		reply_attach(&ctx->reply, att[i].filename, att[i].content_type,
		    att[i].data.data, att[i].data.len);
}

int
report_attach(struct hctx *ctx, const struct report_table *t,
    const char *name)
{
	struct reply_att att[2];

	if (table_attachments(ctx, t, name, att) != 0)
		return -1;
	attach_to_reply(ctx, att, 2);
	reply_att_clear(&att[0]);
	reply_att_clear(&att[1]);
	return 0;
}

/* The report, as asked by a coordinator: its files and what it says. */
struct peticion_data {
	const struct reply_att *att;
	size_t n_att;
	size_t rows;
	char *coordinator;
};

enum wf_verdict
fx_peticion_atender(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct peticion_data *d = c->data;
	struct vars *v = vars_new();
	struct notice n;
	struct wf_account a;
	char *subject = NULL;
	int rc = -1;

	if (store_wf_account_by_id(ctx->st, c->agency_id, &a) != 1) {
		vars_free(v);
		return -1;
	}
	vars_say(ctx, v, "estado.descripcion", S_INFORMES_DEPENDENCIA_ENTREGO,
	    "dependencia=%s n=%zu plural=%s", a.name, d->rows,
	    d->rows == 1 ? "" : "sí");
	subject = say(ctx, S_INFORMES_ASUNTO_INFORME_ALUMNOS, "dependencia=%s",
	    a.name);
	memset(&n, 0, sizeof(n));
	n.to = d->coordinator;
	n.subject = subject;
	n.v = v;
	n.att = d->att;
	n.n_att = d->n_att;
	n.tok_kind = RTOK_ACCOUNT;
	if (notice_send(ctx, &n) != 0)
		goto out;
	tr_say(ctx, TR_DONE, S_INFORMES_ENVIAMOS_REPORTE_COORDINACION,
	    SAY_NONE);
	rc = 0;
out:
	free(subject);
	wf_account_free(&a);
	vars_free(v);
	return rc;
}

/* The agency's own attachments (PDF, spreadsheets) go with the answer. */
static void
own_attachments(struct hctx *ctx, struct reply_att **att, size_t *n)
{
	for (size_t i = 0; i < ctx->msg->n_att; i++) {
		const struct attachment *a = &ctx->msg->att[i];

		if (a->inline_part)
			continue;
		*att = xreallocarray(*att, *n + 1, sizeof(**att));
		reply_att_copy(&(*att)[*n], *a->filename ? a->filename :
		    "reporte", a->magic_type, a->data, a->len);
		(*n)++;
	}
}

static int
agency_report(struct hctx *ctx)
{
	struct report_table *t = NULL;
	struct reply_att *att = xcalloc(2, sizeof(*att));
	struct peticion_data d;
	struct wf_account a;
	struct wf_call c;
	size_t n_att = 0;
	int64_t pet;
	char *coord = NULL;
	int r, rc = -1;

	memset(&d, 0, sizeof(d));
	if (store_wf_account_by_id(ctx->st, ctx->account_id, &a) != 1)
		goto out;
	t = report_new_kind(REPORT_DEPENDENCIA, a.name);
	wf_account_free(&a);
	if (student_rows(ctx->st, ctx->account_id, t,
	    desk_period_today(ctx->cfg, t)) != 0 ||
	    table_attachments(ctx, t, "alumnos", att) != 0)
		goto out;
	n_att = 2;
	attach_to_reply(ctx, att, 2);
	tr_say(ctx, TR_DONE, S_INFORMES_PREPARAMOS_REPORTE_ALUMNOS,
	    "filas=%zu", t->nrows);
	if ((r = store_wf_peticion_open(ctx->st, ctx->account_id, &pet,
	    &coord)) < 0)
		goto out;
	if (r == 1) {
		own_attachments(ctx, &att, &n_att);
		d.att = att;
		d.n_att = n_att;
		d.rows = t->nrows;
		d.coordinator = coord;
		memset(&c, 0, sizeof(c));
		c.ctx = ctx;
		c.entity = WF_PETICION;
		c.id = pet;
		c.event = EV_REPORTE_ENTREGADO;
		c.agency_id = ctx->account_id;
		c.data = &d;
		if (wf_fire(&c) < 0)
			goto out;
	}
	rc = 0;
out:
	free(coord);
	reply_atts_free(att, n_att);
	report_free(t);
	return rc;
}

static int
unknown_period(struct hctx *ctx, const char *arg)
{
	char *words = fold_spanish(arg), *named = NULL, *names;
	const struct period *p;

	(void)desk_period_arg(ctx->cfg, words, &p, &named);
	names = desk_period_names(ctx->cfg);
	tr_say(ctx, TR_ERROR, S_PERIODOS_DESCONOCIDO, "periodo=%s periodos=%s",
	    named != NULL ? named : "", names);
	free(names);
	free(named);
	free(words);
	return 0;
}

static int
coordinator_report(struct hctx *ctx, const char *kind, const char *name,
    const char *arg)
{
	struct report_table *t = NULL;
	int r, rc = -1;

	if ((r = report_query(ctx->cfg, ctx->st, kind, arg, &t)) == 2) {
		tr_say(ctx, TR_ERROR, S_INFORMES_FILTRO_DESCONOCIDO,
		    "filtro=%s", arg);
		tr_say(ctx, TR_NEXT, S_INFORMES_FILTROS_ALUMNOS, SAY_NONE);
		return 0;
	}
	if (r == 3)
		return unknown_period(ctx, arg);
	if (r != 0)
		return -1;
	if (report_attach(ctx, t, name) != 0)
		goto out;
	tr_say(ctx, TR_DONE, S_INFORMES_PREPARAMOS_REPORTE, "titulo=%s n=%zu "
	    "plural=%s", t->title, t->nrows, t->nrows == 1 ? "" : "sí");
	rc = 0;
out:
	report_free(t);
	return rc;
}

int
h_reporte_alumnos(struct hctx *ctx)
{
	char *filter;
	int rc;

	if (ctx->role == ROLE_DEPENDENCIA)
		return agency_report(ctx);
	filter = hctx_arg_rest(ctx, 0);
	rc = coordinator_report(ctx, "alumnos", "alumnos", filter);
	free(filter);
	return rc;
}

int
h_reporte_dependencias(struct hctx *ctx)
{
	return coordinator_report(ctx, "dependencias", "dependencias", NULL);
}

enum wf_verdict
fx_peticion_enviar(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct vars *v = vars_new();
	struct notice n;
	char *subject = NULL;
	int rc = -1;

	if (store_wf_peticion_insert(ctx->st, c->agency_id,
	    ctx->msg->from_addr, ctx->now, &c->id) != 0)
		goto out;
	vars_say(ctx, v, "estado.descripcion",
	    S_INFORMES_COORDINACION_SERVICIO_SOCIAL, "correo=%s",
	    ctx->msg->from_addr);
	vars_say(ctx, v, "estado.siguiente_paso",
	    S_INFORMES_RESPONDA_ESTE_CORREO, SAY_NONE);
	subject = say(ctx, S_INFORMES_ASUNTO_RESPONDA_REPORTE_ALUMNOS,
	    SAY_NONE);
	memset(&n, 0, sizeof(n));
	n.subject = subject;
	n.v = v;
	n.tok_kind = RTOK_PETICION;
	n.tok_id = c->id;
	if (notice_account(ctx, c->agency_id, &n) != 0)
		goto out;
	tr_say(ctx, TR_DONE, S_INFORMES_PEDIMOS_DEPENDENCIA_REPORTE, SAY_NONE);
	rc = 0;
out:
	free(subject);
	vars_free(v);
	return rc;
}

int
h_solicitar_reporte(struct hctx *ctx)
{
	char *who = hctx_arg_rest(ctx, 0);
	struct wf_call c;
	int64_t id;
	int r;

	if (*who == '\0') {
		tr_say(ctx, TR_ERROR, S_INFORMES_FALTA_DEPENDENCIA_ESCRIBA,
		    SAY_NONE);
		free(who);
		return 0;
	}
	if ((r = store_wf_agency_find(ctx->st, who, &id)) < 0) {
		free(who);
		return -1;
	}
	if (r == 0) {
		tr_say(ctx, TR_ERROR, S_INFORMES_NO_HAY_NINGUNA,
		    "dependencia=%s", who);
		tr_say(ctx, TR_NEXT, S_INFORMES_ESCRIBA_REPORTE_DEPENDENCIAS,
		    SAY_NONE);
		free(who);
		return 0;
	}
	free(who);
	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.entity = WF_PETICION;
	c.event = EV_PETICION;
	c.agency_id = id;
	return wf_fire(&c) < 0 ? -1 : 0;
}
