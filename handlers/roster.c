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
	tr_error(ctx, "La matrícula %s está en el padrón de Servicios "
	    "Escolares con otra dirección de correo, y solo su titular puede "
	    "registrarla.", row->matricula);
	tr_next(ctx, "Escriba REGISTRO desde el correo que Servicios "
	    "Escolares tiene para usted; si esa dirección ya no es la suya, "
	    "pida a Servicios Escolares que la actualicen en el padrón.");
	return 0;
}

/* Replace the typed data with the roster's, saying what changed. */
static void
take_roster(struct hctx *ctx, const struct roster_row *row, char **nombre,
    char **carrera, int *creditos)
{
	if (strcmp(*nombre, row->nombre) != 0 ||
	    strcmp(*carrera, row->carrera) != 0 || *creditos != row->creditos)
		tr_state(ctx, "Usamos los datos del padrón de Servicios "
		    "Escolares, no los que escribió: %s, carrera %s, %d %% de "
		    "créditos. Si alguno está mal, pida a Servicios Escolares "
		    "que lo corrijan.", row->nombre, row->carrera,
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
	tr_error(ctx, "Para registrarse al servicio social se necesita haber "
	    "cubierto al menos el %d %% de los créditos de su carrera "
	    "(regla de la institución); %s %d %%.", min, from_roster ?
	    "según el padrón de Servicios Escolares usted lleva" :
	    "usted indicó", creditos);
	if (from_roster)
		tr_next(ctx, "Cuando el padrón de Servicios Escolares muestre "
		    "al menos el %d %%, escriba de nuevo REGISTRO.", min);
	else
		tr_next(ctx, "Cuando alcance el %d %%, escriba de nuevo "
		    "REGISTRO; si escribió mal el porcentaje, corríjalo en la "
		    "línea «Créditos: ...».", min);
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
		tr_error(ctx, "La matrícula %s no aparece en el padrón de "
		    "alumnos que nos envió Servicios Escolares.", matricula);
		tr_next(ctx, "Revise que esté bien escrita y escriba de nuevo "
		    "REGISTRO; si lo está, pida a Servicios Escolares que la "
		    "incluyan en el padrón.");
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
