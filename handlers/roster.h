/* SPDX-License-Identifier: ISC */
/*
 * roster.h - who may register for the servicio social: the rule of
 * [rules] min_credits, and, when Servicios Escolares' roster is loaded
 * (tequioctl import alumnos), the roster itself.  REGISTRO asks here;
 * tequioctl import uses the same checks of a matrícula and a percentage,
 * so a roster row and a form are judged alike.
 */
#ifndef TEQUIO_ROSTER_H
#define TEQUIO_ROSTER_H

#include "handlers/handlers.h"

#define MATRICULA_MAX	20

/* Letters and digits (and - or /), 3 to MATRICULA_MAX of them. */
int matricula_valid(const char *s);

/* "75", "75%", "75 %", "75.5", "75,5" -> 75; -1 when it is no percentage
   from 0 to 100. */
int credits_parse(const char *s);

/*
 * Whether the sender may register with this matrícula.  With a roster,
 * the matrícula must be in it and, when the roster has an address for it,
 * the mail must come from that address; then the roster's name, career
 * and credits replace what was typed (*nombre and *carrera are freed and
 * replaced, *creditos overwritten).  With or without one, the credits
 * must reach [rules] min_credits.
 * Returns 1 eligible, 0 refused (the reply says why and how to fix it),
 * -1 on a database error.
 */
int roster_check(struct hctx *ctx, const char *matricula, char **nombre,
    char **carrera, int *creditos);

#endif
