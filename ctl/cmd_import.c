/* SPDX-License-Identifier: ISC */
/*
 * cmd_import.c - tequioctl import alumnos FILE.csv: Servicios Escolares'
 * roster of students (matrícula, nombre, carrera, créditos, correo), so
 * REGISTRO checks each student against it and the letters cite the
 * school's data rather than what the student typed.
 *
 * The file is whatever a spreadsheet saved (common/csvread.h: BOM or
 * not, CRLF, ; or , or tab, Windows-1252); its headings may be in any
 * order, case and accents.  Each row is checked like a REGISTRO form
 * (handlers/roster.h); good rows are added or replace the same
 * matrícula, in one transaction, and every refused row is reported with
 * its line and how to fix it.  A file that cannot be read as CSV (a quote
 * never closed) changes nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/csvread.h"
#include "common/mailaddr.h"
#include "common/util.h"
#include "ctl/ctl.h"
#include "handlers/classify.h"
#include "handlers/roster.h"
#include "store/store.h"
#include "store/store_roster.h"

#define ROSTER_MAX_BYTES (32u << 20)

enum col { C_MATRICULA, C_NOMBRE, C_CARRERA, C_CREDITOS, C_CORREO, C__N };

/* Headings people write for each column, folded (no accents, lower). */
static const char *const headings[C__N][5] = {
	[C_MATRICULA] = {"matricula", "no. de matricula", "numero de matricula",
	    "clave", NULL},
	[C_NOMBRE] = {"nombre", "nombre completo", "alumno", "nombre del alumno",
	    NULL},
	[C_CARRERA] = {"carrera", "programa educativo", "licenciatura", NULL},
	[C_CREDITOS] = {"creditos", "creditos (%)", "% de creditos",
	    "porcentaje de creditos", NULL},
	[C_CORREO] = {"correo", "correo electronico", "email", "e-mail", NULL},
};

static const char *const col_names[C__N] = {"matrícula", "nombre",
	"carrera", "créditos", "correo"};

struct import {
	int col[C__N];		/* field index of each column, -1 none */
	size_t taken, refused;
	struct buf report;	/* refused rows, one line each */
};

static int
heading_col(const char *field)
{
	char *f = fold_spanish(field);
	int found = -1;

	str_trim(f);
	for (int c = 0; c < C__N && found < 0; c++)
		for (int k = 0; headings[c][k] != NULL; k++)
			if (strcmp(f, headings[c][k]) == 0) {
				found = c;
				break;
			}
	free(f);
	return found;
}

/* The header row: every required column found, or say which are not. */
static int
read_headings(struct import *im, char **f, size_t n)
{
	int missing = 0;

	for (int c = 0; c < C__N; c++)
		im->col[c] = -1;
	for (size_t i = 0; i < n; i++) {
		int c = heading_col(f[i]);

		if (c >= 0 && im->col[c] < 0)
			im->col[c] = (int)i;
	}
	for (int c = 0; c < C_CORREO; c++)
		if (im->col[c] < 0) {
			fprintf(stderr, "tequioctl: falta la columna «%s» en "
			    "la primera línea del archivo\n", col_names[c]);
			missing = 1;
		}
	if (missing)
		fprintf(stderr, "tequioctl: la primera línea debe nombrar las "
		    "columnas: matrícula, nombre, carrera, créditos y, si se "
		    "tiene, correo\n");
	return missing ? -1 : 0;
}

static char *
cell(const struct import *im, char **f, size_t n, enum col c)
{
	if (im->col[c] < 0 || (size_t)im->col[c] >= n)
		return xstrdup("");
	return str_trim(xstrdup(f[im->col[c]]));
}

/* A refused row's line; what came from the file: no control character
   reaches the terminal. */
static void
refuse(struct import *im, size_t line, const char *fmt, const char *what)
{
	char *clean = xstrdup(what);

	for (unsigned char *p = (unsigned char *)clean; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = ' ';
	buf_printf(&im->report, "línea %zu: ", line);
	buf_printf(&im->report, fmt, clean);
	free(clean);
	buf_addc(&im->report, '\n');
	im->refused++;
}

/* One data row into r; 0 good, -1 refused (reported). */
static int
read_row(struct import *im, char **f, size_t n, size_t line,
    struct roster_row *r)
{
	char *m = cell(im, f, n, C_MATRICULA), *cred = cell(im, f, n,
	    C_CREDITOS);
	int ok = 0;

	memset(r, 0, sizeof(*r));
	r->matricula = matricula_normalize(m);
	r->nombre = cell(im, f, n, C_NOMBRE);
	r->carrera = cell(im, f, n, C_CARRERA);
	r->correo = ascii_lower_inplace(cell(im, f, n, C_CORREO));
	if (!matricula_valid(r->matricula))
		refuse(im, line, "la matrícula «%s» no es válida (de 3 a 20 "
		    "letras y números)", m);
	else if (r->nombre[0] == '\0')
		refuse(im, line, "falta el nombre%s", "");
	else if (r->carrera[0] == '\0')
		refuse(im, line, "falta la carrera%s", "");
	else if ((r->creditos = credits_parse(cred)) < 0)
		refuse(im, line, "los créditos «%s» no son un porcentaje de 0 "
		    "a 100", cred);
	else if (r->correo[0] != '\0' && !mailaddr_ok(r->correo))
		refuse(im, line, "el correo «%s» no es una dirección válida",
		    r->correo);
	else
		ok = 1;
	free(m);
	free(cred);
	if (!ok)
		roster_row_free(r);
	return ok ? 0 : -1;
}

/* Whether matricula came earlier in this file (the later row loses). */
static int
seen_before(char ***seen, size_t *nseen, const char *matricula)
{
	for (size_t i = 0; i < *nseen; i++)
		if (ascii_casecmp((*seen)[i], matricula) == 0)
			return 1;
	*seen = xreallocarray(*seen, *nseen + 1, sizeof(**seen));
	(*seen)[(*nseen)++] = xstrdup(matricula);
	return 0;
}

/* Every data row into the store; -1 on a database error or bad CSV. */
static int
import_rows(struct store *st, struct csv_reader *rd, struct import *im)
{
	char **f, **seen = NULL;
	size_t n, line, nseen = 0;
	int rc = 0, got;

	while (rc == 0 && (got = csv_next(rd, &f, &n, &line)) != 0) {
		struct roster_row r;

		if (got < 0) {
			fprintf(stderr, "tequioctl: línea %zu: una comilla "
			    "abre un campo que nunca se cierra (o la fila tiene "
			    "más de %d columnas); corrija el archivo: no se "
			    "importó nada\n", line, CSVR_MAX_FIELDS);
			rc = -1;
			break;
		}
		if (read_row(im, f, n, line, &r) == 0) {
			if (seen_before(&seen, &nseen, r.matricula))
				refuse(im, line, "la matrícula %s ya venía en "
				    "una línea anterior; se dejó la primera",
				    r.matricula);
			else if ((rc = store_roster_put(st, &r,
			    now_seconds())) == 0)
				im->taken++;
			roster_row_free(&r);
		}
		csv_fields_free(f, n);
	}
	for (size_t i = 0; i < nseen; i++)
		free(seen[i]);
	free(seen);
	return rc;
}

static int
import_file(struct store *st, const char *data, size_t len,
    struct import *im)
{
	struct csv_reader rd;
	char **f;
	size_t n, line;
	int rc = -1;

	csv_reader_init(&rd, data, len);
	if (csv_next(&rd, &f, &n, &line) != 1) {
		fprintf(stderr, "tequioctl: el archivo está vacío o su primera "
		    "línea no se puede leer\n");
		csv_reader_free(&rd);
		return -1;
	}
	if (read_headings(im, f, n) == 0) {
		if (rd.was_cp1252)
			printf("El archivo no venía en UTF-8: se leyó como "
			    "Windows-1252 (lo que guarda Excel).\n");
		rc = import_rows(st, &rd, im);
	}
	csv_fields_free(f, n);
	csv_reader_free(&rd);
	return rc;
}

int
ctl_import(const struct config *cfg, int argc, char **argv)
{
	struct import im;
	struct store *st = NULL;
	char *data = NULL;
	size_t len = 0;
	int rc = 3;

	if (argc != 3 || strcmp(argv[1], "alumnos") != 0) {
		fprintf(stderr, "uso: tequioctl import alumnos ARCHIVO.csv\n");
		return 2;
	}
	if (read_file(argv[2], ROSTER_MAX_BYTES, &data, &len) != 0) {
		fprintf(stderr, "tequioctl: %s: %s\n", argv[2], errno == EFBIG ?
		    "más de 32 MB: divida el padrón en varios archivos" :
		    strerror(errno));
		return 3;
	}
	memset(&im, 0, sizeof(im));
	buf_init(&im.report);
	if (ctl_open_store_rw(cfg, &st) != 0)
		goto out;
	if (store_begin(st) != 0)
		goto out;
	if (import_file(st, data, len, &im) != 0) {
		store_rollback(st);
		rc = 1;
		goto out;
	}
	if (store_commit(st) != 0)
		goto out;
	printf("Padrón de alumnos: %zu filas tomadas, %zu rechazadas.\n",
	    im.taken, im.refused);
	fputs(im.report.data ? im.report.data : "", stdout);
	if (im.refused > 0)
		printf("Corrija las filas rechazadas y vuelva a importar el "
		    "archivo: las tomadas se reemplazan, no se duplican.\n");
	rc = im.refused > 0 ? 1 : 0;
out:
	buf_free(&im.report);
	free(data);
	store_close(st);
	return rc;
}
