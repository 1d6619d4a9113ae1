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
/* The audit's event when a roster import changed a registered student's
   data (not a transition: the state stays). */
#define ROSTER_AUDIT_EVENT "padron"

/* The registered student of a roster row, as the roster found it. */
struct roster_student {
	int64_t account_id;
	char *state;		/* unchanged by the update */
	struct roster_row was;	/* name, career, credits before */
};
void roster_student_free(struct roster_student *s);

/*
 * The registered student of r->matricula (not cancelled nor anonymised)
 * takes r's name, career and credits: 1 when something changed (*out
 * says what was there; the caller audits it), 0 when nothing did or no
 * student has that matrícula, -1 on error.  Letters already issued keep
 * the data they were issued with: they are in the register.
 */
int store_roster_update_student(struct store *st, const struct roster_row *r,
    struct roster_student *out);

/* Whether any roster was ever loaded: 1 yes, 0 no, -1 error. */
int store_roster_loaded(struct store *st);

#endif
