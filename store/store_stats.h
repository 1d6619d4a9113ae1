/* SPDX-License-Identifier: ISC */
/*
 * store_stats.h - what ESTADISTICAS and REPORTE ALUMNOS periodo= read
 * (issue 11): the counts a coordination reports on, the times of each
 * service's steps, and which services fall in a period.
 *
 * A service is *in a period* when it ran on at least one of the period's
 * days: the agency accepted the student (the start) before the period's
 * end, and the service had not ended (liberación or baja) before the
 * period's first day.  A student who never started a service is in the
 * period in which they registered.  These are console and coordinator
 * requests: they may read every row.
 */
#ifndef TEQUIO_STORE_STATS_H
#define TEQUIO_STORE_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* [from, to) as Unix times (local midnights); all == 1: no period. */
struct stats_span {
	int all;
	int64_t from, to;
};

/* The groups of store_statistics, in the order they come. */
enum stats_group {
	SG_ALUMNOS_ESTADO = 1,	/* v1 a student's state */
	SG_ALUMNOS_CARRERA,	/* v1 the career */
	SG_SOLICITUDES_ESTADO,	/* v1 an application's state */
	SG_EN_SERVICIO,		/* v1 the agency */
	SG_REPORTES_ESTADO,	/* v1 a report's state */
	SG_DEPENDENCIAS_ESTADO,	/* v1 an agency's state (today, whatever
				   the period) */
	SG_DECISIONES,		/* v1 the matter's kind, v2 its state */
	SG_BAJAS_MOTIVO,	/* v1 the reason given */
	SG_RECHAZOS_MOTIVO	/* v1 "solicitud" (by the agency) or the
				   matter's kind, v2 the reason */
};

/*
 * fn once per (group, v1, v2, count), groups in the order above.
 * Cancelled accounts (ARCO) are not counted.  With a period: students
 * and services in it, decisions taken within its days.  0, -1.
 */
typedef void (*stats_fn)(void *arg, enum stats_group g, const char *v1,
    const char *v2, int64_t count);
int store_statistics(struct store *st, const struct stats_span *span,
    stats_fn fn, void *arg);

/* The times of one service that started (0: not reached). */
struct stats_service {
	int64_t app_id;
	const char *agency, *state;	/* valid during the call */
	int64_t registered, applied, accepted, released, finished;
};
typedef int (*service_fn)(void *arg, const struct stats_service *s);
/* fn once per service that started (in span); stops at fn's -1.  0, -1. */
int store_stats_services(struct store *st, const struct stats_span *span,
    service_fn fn, void *arg);

/* When each report of app_id was first received: hours[i] at
   received[i], at most max.  Returns how many, -1 on error. */
int store_stats_reports(struct store *st, int64_t app_id, int *hours,
    int64_t *received, int max);

/* The applications in span, sorted (caller frees).  0, -1. */
int store_stats_span_apps(struct store *st, const struct stats_span *span,
    int64_t **ids, size_t *n);

#endif
