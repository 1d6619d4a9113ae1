/* SPDX-License-Identifier: ISC */
/*
 * store_pause.h - the pauses of a service (PAUSA, art. 55 of the Ley
 * Reglamentaria del Artículo 5º Constitucional): asked by the student or
 * set by the coordinator, approved by the coordinator, ended by REANUDAR.
 * Days are days since 1970-01-01 in the institution's zone (caldate.h).
 * Return values follow store.h.
 */
#ifndef TEQUIO_STORE_PAUSE_H
#define TEQUIO_STORE_PAUSE_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct wf_pause {
	int64_t id;
	int64_t application_id;
	char *motivo;
	int64_t from_day;	/* the first day paused */
	int64_t to_day;		/* the day it is meant to end; 0 open */
	int64_t ended_day;	/* the day service resumed; 0 not yet */
	char *state;		/* solicitada | vigente | rechazada | terminada */
	int64_t created;
};
void wf_pause_free(struct wf_pause *p);
void wf_pauses_free(struct wf_pause *p, size_t n);

int store_wf_pause_insert(struct store *st, int64_t application_id,
    const char *motivo, int64_t from_day, int64_t to_day, int64_t now,
    int64_t *id);
int store_wf_pause_get(struct store *st, int64_t id, struct wf_pause *p);
/* The day service resumed. */
int store_wf_pause_end(struct store *st, int64_t id, int64_t ended_day);
/* Every pause of an application, oldest first. */
int store_wf_pause_list(struct store *st, int64_t application_id,
    struct wf_pause **out, size_t *n);

/* Approved pauses not resumed whose Hasta: day has come (to_day <=
   today): the calendar ends them. */
int store_wf_pause_due(struct store *st, int64_t today,
    struct wf_pause **out, size_t *n);

#endif
