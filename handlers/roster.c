/* SPDX-License-Identifier: ISC */
/*
 * roster.c - eligibility for the servicio social (roster.h says what).
 *
 * Without a roster a student could type any percentage; with one, what
 * the letters say ("reúne los requisitos académicos", the career, the
 * credits) comes from Servicios Escolares, and nobody registers a
 * matrícula from an address the school does not know for it.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "handlers/hutil.h"
#include "handlers/say.h"
#include "handlers/roster.h"
#include "store/store_roster.h"

int
matricula_valid(const char *s)
{
	size_t n = strlen(s);

	if (n < 3 || n > MATRICULA_MAX)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '/')
			return 0;
	return 1;
}

int
credits_parse(const char *s)
{
	char copy[32], *end, *comma;
	double d;

	/* Excel in Spanish writes a decimal comma. */
	if (str_lcpy(copy, s, sizeof(copy)) >= sizeof(copy))
		return -1;
	if ((comma = strchr(copy, ',')) != NULL)
		*comma = '.';
	d = strtod(copy, &end);
	while (*end == ' ' || *end == '%')
		end++;
	if (end == copy || *end != '\0' || !(d >= 0 && d <= 100))
		return -1;
	return (int)d;
}

/* The sender against the roster's row: 1 it is theirs, 0 refused. */
static int
roster_address_ok(struct hctx *ctx, const struct roster_row *row)
{
	if (row->correo[0] == '\0' ||
	    ascii_casecmp(row->correo, ctx->msg->from_addr) == 0)
		return 1;
	tr_say(ctx, TR_ERROR, S_ALUMNO_PADRON_OTRO_CORREO, "matricula=%s",
	    row->matricula);
	tr_say(ctx, TR_NEXT, S_ALUMNO_PADRON_ESCRIBA_DESDE, SAY_NONE);
	return 0;
}

/* Replace the typed data with the roster's, saying what changed. */
static void
take_roster(struct hctx *ctx, const struct roster_row *row, char **nombre,
    char **carrera, int *creditos)
{
	if (strcmp(*nombre, row->nombre) != 0 ||
	    strcmp(*carrera, row->carrera) != 0 || *creditos != row->creditos)
		tr_say(ctx, TR_STATE, S_ALUMNO_PADRON_DATOS, "nombre=%s "
		    "carrera=%s creditos=%d", row->nombre, row->carrera,
		    row->creditos);
	free(*nombre);
	free(*carrera);
	*nombre = xstrdup(row->nombre);
	*carrera = xstrdup(row->carrera);
	*creditos = row->creditos;
}

static int
credits_ok(struct hctx *ctx, int creditos, int from_roster)
{
	int min = ctx->cfg->min_credits;

	if (creditos >= min)
		return 1;
	tr_say(ctx, TR_ERROR, S_ALUMNO_CREDITOS_MINIMOS, "minimo=%d "
	    "creditos=%d padron=%s", min, creditos, from_roster ? "sí" : "");
	tr_say(ctx, TR_NEXT, from_roster ? S_ALUMNO_CREDITOS_PADRON_MUESTRE :
	    S_ALUMNO_CREDITOS_CUANDO_ALCANCE, "minimo=%d", min);
	return 0;
}

int
roster_check(struct hctx *ctx, const char *matricula, char **nombre,
    char **carrera, int *creditos)
{
	struct roster_row row;
	int loaded, found, ok;

	if ((loaded = store_roster_loaded(ctx->st)) < 0)
		return -1;
	if (!loaded)
		return credits_ok(ctx, *creditos, 0);
	if ((found = store_roster_get(ctx->st, matricula, &row)) < 0)
		return -1;
	if (!found) {
		tr_say(ctx, TR_ERROR, S_ALUMNO_PADRON_NO_APARECE,
		    "matricula=%s", matricula);
		tr_say(ctx, TR_NEXT, S_ALUMNO_PADRON_REVISE, SAY_NONE);
		return 0;
	}
	ok = roster_address_ok(ctx, &row);
	if (ok) {
		take_roster(ctx, &row, nombre, carrera, creditos);
		ok = credits_ok(ctx, *creditos, 1);
	}
	roster_row_free(&row);
	return ok;
}
