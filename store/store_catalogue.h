/* SPDX-License-Identifier: ISC */
/*
 * store_catalogue.h - what a student filters the catalogue by (issue 11,
 * as UNAM's and IPN's catalogues offer): the careers a program takes, its
 * modality, its economic support and the day it stops being offered.
 * Kept beside wf_program, one row per program that gave any of them.
 */
#ifndef TEQUIO_STORE_CATALOGUE_H
#define TEQUIO_STORE_CATALOGUE_H

#include <stdint.h>

#include "store/store.h"

struct program_info {
	char *carreras;		/* as the agency wrote them; "" any career */
	char *modalidad;	/* "presencial", "remota", "híbrida" or "" */
	char *apoyo;		/* "" or "no": none; else amount and period */
	int64_t vigente_hasta;	/* local midnight after the last day; 0 none */
};
void program_info_free(struct program_info *i);

/* Add or replace the row of program_id.  0, -1. */
int store_program_info_put(struct store *st, int64_t program_id,
    const struct program_info *i);
/* The row of program_id: 1 found, 0 none (i empty strings), -1 error. */
int store_program_info_get(struct store *st, int64_t program_id,
    struct program_info *i);

/* An edit that waits for the coordinators (wf_program_edit): the whole
   version it proposes, and its changes in words. */
struct program_edit {
	int64_t id;
	int64_t program_id;
	char *name, *horario, *lugar, *descripcion;
	int vacantes;
	struct program_info info;
	char *cambios;		/* "Vacantes: 2 → 3; ..." */
};
void program_edit_free(struct program_edit *e);

/* Keep e (its id is ignored) as of now; *id set.  0, -1. */
int store_program_edit_insert(struct store *st, const struct program_edit *e,
    int64_t now, int64_t *id);
/* The edit id: 1 found, 0 none, -1 error. */
int store_program_edit_get(struct store *st, int64_t id,
    struct program_edit *e);

/* The latest edit of program_id: 1 and *id, 0 none, -1 error. */
int store_program_edit_latest(struct store *st, int64_t program_id,
    int64_t *id);

/* A document kept aside for an edit (ref_id -edit) becomes the
   program's: ref_id is set.  0, -1. */
int store_wf_document_set_ref(struct store *st, int64_t doc_id,
    int64_t ref_id);

#endif
