/* SPDX-License-Identifier: ISC */
/*
 * h_estadisticas.c - ESTADISTICAS [periodo=NAME] (issue 11): what a
 * coordination reports on, as a PDF and CSV:
 *   - counts: students by state and career, applications by state,
 *     students in service per agency, reports by state, agencies by
 *     state, decisions by kind and outcome, bajas by reason, rejections
 *     by reason (store_stats.h);
 *   - the median days of each step of a service: registration →
 *     application → acceptance (the start of the service) → each report
 *     → liberación → finalización (the account, the application and
 *     each report by when they were created, the rest by when the audit
 *     saw the application reach that state), over the services that
 *     reached both ends of the step;
 *   - late reports per agency: received after their due date (the
 *     calendar's, moved by approved pauses, as the reminders count it),
 *     and due and still missing today.
 * With a period, only the students and services in it (store_stats.h
 * says what that means) and the decisions taken within its days; every
 * page of the PDF and every CSV row say the period.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "handlers/calendar.h"
#include "handlers/commands.h"
#include "handlers/desk.h"
#include "handlers/history_text.h"
#include "handlers/hutil.h"
#include "handlers/milestones.h"
#include "handlers/say.h"
#include "letters/report.h"
#include "store/store_stats.h"
#include "store/store_workflow.h"

/* Steps: registration, application, acceptance, each milestone, the
   liberación and the finalización. */
#define MAX_STEPS (MAX_MILESTONES + 4)

struct step {
	double *days;
	size_t n;
};

struct agency_late {
	char *agency;
	int64_t late, overdue;
};

struct stats {
	struct hctx *ctx;
	struct report_table *t;
	const char *period;	/* the CSV's last column; NULL: none */
	int m[MAX_MILESTONES], nm;
	struct step steps[MAX_STEPS];
	struct agency_late *agencies;
	size_t n_agencies;
};

static const char *const group_names[] = {
	[SG_ALUMNOS_ESTADO] = "Alumnos por estado",
	[SG_ALUMNOS_CARRERA] = "Alumnos por carrera",
	[SG_SOLICITUDES_ESTADO] = "Solicitudes por estado",
	[SG_EN_SERVICIO] = "En servicio por dependencia",
	[SG_REPORTES_ESTADO] = "Reportes por estado",
	[SG_DEPENDENCIAS_ESTADO] = "Dependencias por estado",
	[SG_DECISIONES] = "Decisiones",
	[SG_BAJAS_MOTIVO] = "Bajas por motivo",
	[SG_RECHAZOS_MOTIVO] = "Rechazos por motivo",
};

static void
add_row(struct stats *sc, const char *group, const char *value,
    const char *amount)
{
	const char *row[4] = {group, value, amount, sc->period};

	report_add_row(sc->t, row);
}

static const char *
or_none(const char *reason)
{
	return *reason != '\0' ? reason : "(sin motivo)";
}

/* The value of a count in words: no stored word reaches the reader. */
static char *
value_words(enum stats_group g, const char *v1, const char *v2)
{
	switch (g) {
	case SG_ALUMNOS_ESTADO:
		return xstrdup(history_state_word(WF_ALUMNO, v1));
	case SG_SOLICITUDES_ESTADO:
		return xstrdup(history_state_word(WF_SOLICITUD, v1));
	case SG_REPORTES_ESTADO:
		return xstrdup(history_state_word(WF_REPORTE, v1));
	case SG_DEPENDENCIAS_ESTADO:
		return xstrdup(history_state_word(WF_DEPENDENCIA, v1));
	case SG_DECISIONES:
		return xasprintf("%s: %s", history_matter_word(v1),
		    history_state_word(WF_ASUNTO, v2));
	case SG_BAJAS_MOTIVO:
		return xstrdup(or_none(v1));
	case SG_RECHAZOS_MOTIVO:
		return xasprintf("%s: %s", strcmp(v1, wf_entity_name(
		    WF_SOLICITUD)) == 0 ? "solicitud rechazada por la "
		    "dependencia" : history_matter_word(v1), or_none(v2));
	case SG_ALUMNOS_CARRERA:
	case SG_EN_SERVICIO:
		break;
	}
	return xstrdup(v1);
}

static void
count_row(void *arg, enum stats_group g, const char *v1, const char *v2,
    int64_t count)
{
	struct stats *sc = arg;
	char n[24], *v = value_words(g, v1, v2);

	snprintf(n, sizeof(n), "%lld", (long long)count);
	add_row(sc, (unsigned)g < ARRAY_LEN(group_names) &&
	    group_names[g] != NULL ? group_names[g] : "Otros", v, n);
	free(v);
}

static void
step_add(struct stats *sc, int i, int64_t from, int64_t to)
{
	struct step *s = &sc->steps[i];

	if (from == 0 || to == 0 || to < from)
		return;
	s->days = xreallocarray(s->days, s->n + 1, sizeof(*s->days));
	s->days[s->n++] = (double)(to - from) / 86400.0;
}

static struct agency_late *
agency_of(struct stats *sc, const char *name)
{
	struct agency_late *a;

	for (size_t i = 0; i < sc->n_agencies; i++)
		if (strcmp(sc->agencies[i].agency, name) == 0)
			return &sc->agencies[i];
	sc->agencies = xreallocarray(sc->agencies, sc->n_agencies + 1,
	    sizeof(*sc->agencies));
	a = &sc->agencies[sc->n_agencies++];
	a->agency = xstrdup(name);
	a->late = a->overdue = 0;
	return a;
}

static int
still_serving(const char *state)
{
	return wf_state_is(state, ST_SOLICITUD_ACEPTADA) ||
	    wf_state_is(state, ST_SOLICITUD_BAJA_SOLICITADA);
}

/* Each milestone's report: late when received after its due date,
   overdue when due before today and not received by a serving student. */
static int
late_reports(struct stats *sc, const struct stats_service *v,
    const int64_t *received)
{
	struct hctx *ctx = sc->ctx;
	struct ymd today = ymd_of(ctx->now), due;

	for (int k = 0; k < sc->nm; k++) {
		if (calendar_due_shifted(ctx, v->app_id, v->accepted, k,
		    &due) != 0)
			return -1;
		if (received[k] != 0) {
			if (ymd_cmp(ymd_of(received[k]), due) > 0)
				agency_of(sc, v->agency)->late++;
		} else if (still_serving(v->state) && ymd_cmp(today, due) > 0)
			agency_of(sc, v->agency)->overdue++;
	}
	return 0;
}

static int
one_service(void *arg, const struct stats_service *v)
{
	struct stats *sc = arg;
	int hours[MAX_MILESTONES], k, n;
	int64_t got[MAX_MILESTONES], received[MAX_MILESTONES], last;

	n = store_stats_reports(sc->ctx->st, v->app_id, hours, got,
	    MAX_MILESTONES);
	if (n < 0)
		return -1;
	memset(received, 0, sizeof(received));
	for (int i = 0; i < n; i++)
		if ((k = milestone_index(sc->ctx->cfg, hours[i])) >= 0)
			received[k] = got[i];
	step_add(sc, 0, v->registered, v->applied);
	step_add(sc, 1, v->applied, v->accepted);
	last = v->accepted;
	for (k = 0; k < sc->nm; k++) {
		step_add(sc, 2 + k, last, received[k]);
		last = received[k];
	}
	step_add(sc, 2 + sc->nm, last, v->released);
	step_add(sc, 3 + sc->nm, v->released, v->finished);
	return late_reports(sc, v, received);
}

static char *
step_label(const struct stats *sc, int i)
{
	if (i == 0)
		return xstrdup("del registro a la solicitud");
	if (i == 1)
		return xstrdup("de la solicitud a la aceptación (inicio del "
		    "servicio)");
	if (i == 2)
		return xasprintf("de la aceptación al reporte de %d horas",
		    sc->m[0]);
	if (i < 2 + sc->nm)
		return xasprintf("del reporte de %d horas al de %d",
		    sc->m[i - 3], sc->m[i - 2]);
	if (i == 2 + sc->nm)
		return xstrdup("del último reporte a la liberación");
	return xstrdup("de la liberación a la finalización");
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* "12,5": days with one decimal, the comma of Spanish. */
static void
days_text(double d, char out[32])
{
	char *dot;

	snprintf(out, 32, "%.1f", d);
	if ((dot = strchr(out, '.')) != NULL)
		*dot = ',';
}

static void
median_rows(struct stats *sc)
{
	for (int i = 0; i < 4 + sc->nm; i++) {
		struct step *s = &sc->steps[i];
		char *label, *value, amount[32];
		double med;

		if (s->n == 0)
			continue;
		qsort(s->days, s->n, sizeof(*s->days), by_value);
		med = s->n % 2 ? s->days[s->n / 2] :
		    (s->days[s->n / 2 - 1] + s->days[s->n / 2]) / 2;
		days_text(med, amount);
		label = step_label(sc, i);
		value = xasprintf("%s (%zu %s)", label, s->n,
		    s->n == 1 ? "servicio" : "servicios");
		add_row(sc, "Mediana de días por paso", value, amount);
		free(value);
		free(label);
	}
}

static void
late_rows(struct stats *sc)
{
	char n[24];

	for (size_t i = 0; i < sc->n_agencies; i++) {
		if (sc->agencies[i].late == 0)
			continue;
		snprintf(n, sizeof(n), "%lld",
		    (long long)sc->agencies[i].late);
		add_row(sc, "Reportes entregados después de su fecha",
		    sc->agencies[i].agency, n);
	}
	for (size_t i = 0; i < sc->n_agencies; i++) {
		if (sc->agencies[i].overdue == 0)
			continue;
		snprintf(n, sizeof(n), "%lld",
		    (long long)sc->agencies[i].overdue);
		add_row(sc, "Reportes vencidos y sin entregar hoy",
		    sc->agencies[i].agency, n);
	}
}

static void
stats_free(struct stats *sc)
{
	for (size_t i = 0; i < ARRAY_LEN(sc->steps); i++)
		free(sc->steps[i].days);
	for (size_t i = 0; i < sc->n_agencies; i++)
		free(sc->agencies[i].agency);
	free(sc->agencies);
	report_free(sc->t);
}

static int
build(struct stats *sc, const struct period *p)
{
	static const char *const cols[] = {"Grupo", "Valor", "Cantidad",
	    "Periodo"};
	struct stats_span span = desk_span_of(p);
	int with_period = sc->ctx->cfg->periods.n > 0;
	char *sub = desk_period_subtitle(sc->ctx->cfg, p);

	sc->t = report_new("Estadísticas del servicio social", cols,
	    with_period ? 4 : 3);
	if (*sub != '\0')
		report_set_subtitle(sc->t, sub);
	free(sub);
	sc->period = with_period ? (p != NULL ? p->name : "todos") : NULL;
	sc->nm = milestones(sc->ctx->cfg, sc->m);
	if (store_statistics(sc->ctx->st, &span, count_row, sc) != 0 ||
	    store_stats_services(sc->ctx->st, &span, one_service, sc) != 0)
		return -1;
	median_rows(sc);
	late_rows(sc);
	return 0;
}

int
h_estadisticas(struct hctx *ctx)
{
	char *words = hctx_arg_rest(ctx, 0), *folded = fold_spanish(words);
	char *named = NULL, *names;
	const struct period *p;
	struct stats sc;
	int rc = -1;

	memset(&sc, 0, sizeof(sc));
	sc.ctx = ctx;
	if (desk_period_arg(ctx->cfg, folded, &p, &named) < 0) {
		names = desk_period_names(ctx->cfg);
		tr_say(ctx, TR_ERROR, S_PERIODOS_DESCONOCIDO,
		    "periodo=%s periodos=%s", named, names);
		free(names);
		rc = 0;
		goto out;
	}
	if (build(&sc, p) != 0 || report_attach(ctx, sc.t, "estadisticas") !=
	    0)
		goto out;
	tr_say(ctx, TR_DONE, S_EXPEDIENTE_ESTADISTICAS, "periodo=%s",
	    p != NULL ? p->name : "");
	rc = 0;
out:
	stats_free(&sc);
	free(named);
	free(folded);
	free(words);
	return rc;
}
