/* SPDX-License-Identifier: ISC */
/*
 * report.h - the reports of SPEC section 3 (students in service, agencies
 * with an authorised convenio, one agency's students) as a paginated PDF
 * table and as CSV.
 *
 * The letters module only lays out rows of strings; the rows come from the
 * workflow's tables, so the workflow fills a report_table and hands it
 * here.  report_new_kind() gives the three standard reports their title
 * and columns so mail and tequioctl produce the same layout.
 */
#ifndef TEQUIO_REPORT_H
#define TEQUIO_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "common/util.h"
#include "letters/letters.h"

struct store;

struct report_table {
	char *title;		/* "Alumnos en servicio social" */
	char *subtitle;		/* NULL or e.g. the agency's name */
	char **columns;
	size_t ncols;
	char **cells;		/* nrows * ncols, row by row */
	size_t nrows;
};

enum report_kind {
	REPORT_ALUMNOS,		/* Matrícula, Nombre, Carrera, Programa,
				   Dependencia, Horas reportadas, Estado */
	REPORT_DEPENDENCIAS,	/* RFC, Dependencia, Tipo, Representante,
				   Correo, Teléfono, Convenio autorizado,
				   Programas, Alumnos en servicio */
	REPORT_DEPENDENCIA,	/* Matrícula, Nombre, Carrera, Programa,
				   Inicio, Horas reportadas, Estado */
};

/* A new empty table; columns are copied. */
struct report_table *report_new(const char *title, const char *const *columns,
    size_t ncols);
/* One of the standard reports, empty; subtitle may be NULL. */
struct report_table *report_new_kind(enum report_kind kind,
    const char *subtitle);
void report_set_subtitle(struct report_table *t, const char *subtitle);
/* One more column at the right, before the first row (ignored after). */
void report_add_column(struct report_table *t, const char *name);
/* Append one row of t->ncols cells (copied; a NULL cell is ""). */
void report_add_row(struct report_table *t, const char *const *cells);
void report_free(struct report_table *t);

/*
 * RFC 4180: a header line, then one line per row, fields separated by
 * commas, lines ended by CRLF, fields with a comma, quote, CR or LF quoted
 * (quotes doubled).  UTF-8 with a byte-order mark.  A cell a
 * spreadsheet would run as a formula (starting with = + @ or - not
 * followed by a digit) is prefixed with an apostrophe.  The byte-order
 * mark is there for Excel in Spanish (common/csv.h).
 */
void report_csv(const struct report_table *t, struct buf *out);

/*
 * A landscape letter-size PDF: the institution's header, title, subtitle
 * and date on every page, the column headings repeated, rows wrapped in
 * their cells, "Página n de m".  Appends to out; 0 or -1 (logged).
 */
int report_pdf(struct letters *l, const struct report_table *t, int64_t now,
    struct buf *out);

/*
 * Defined by the workflow (handlers/h_informes.c), which owns the data, and
 * used by `tequioctl report` (ctl/cmd_letters.c): kind is "alumnos" (arg:
 * NULL or filters: a state, "todos", "en servicio", "liberados",
 * "concluidos", "baja"; "periodo=NAME" of [periods]; "carrera=WORDS",
 * last), "dependencias" or "dependencia" (arg: the agency's RFC or
 * address).  Returns 0 with *out set, 1 when arg names no agency, 2 an
 * unknown filter, 3 an unknown period, -1 on error.
 */
struct config;
int report_query(const struct config *cfg, struct store *st,
    const char *kind, const char *arg, struct report_table **out);

#endif
