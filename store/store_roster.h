/* SPDX-License-Identifier: ISC */
/*
 * store_roster.h - the roster of students from Servicios Escolares
 * (tequioctl import alumnos): who may register, with the name, career,
 * credits and address the school has for them.  With a roster loaded,
 * REGISTRO is checked against it and the letters cite its data, not what
 * the student typed.
 */
#ifndef TEQUIO_STORE_ROSTER_H
#define TEQUIO_STORE_ROSTER_H

#include <stdint.h>

#include "store/store.h"

struct roster_row {
	char *matricula;	/* normalised (matricula_normalize) */
	char *nombre;
	char *carrera;
	int creditos;		/* percent, 0..100 */
	char *correo;		/* lower case; "" when the school gave none */
};
void roster_row_free(struct roster_row *r);

/* Add or replace the row of r->matricula: 0, -1. */
int store_roster_put(struct store *st, const struct roster_row *r,
    int64_t now);
/* The row of matricula (any case): 1 found, 0 not, -1 error. */
int store_roster_get(struct store *st, const char *matricula,
    struct roster_row *out);
/* Whether any roster was ever loaded: 1 yes, 0 no, -1 error. */
int store_roster_loaded(struct store *st);

#endif
