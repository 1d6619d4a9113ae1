/* SPDX-License-Identifier: ISC */
/*
 * csvread.h - reading a CSV file someone saved from a spreadsheet (the
 * roster Servicios Escolares sends), as it really comes: with or without
 * a UTF-8 byte-order mark, CRLF or LF, fields separated by commas or, as
 * Excel in Spanish saves them, semicolons (or tabs), quoted as RFC 4180
 * says; and in Windows-1252 when it is not UTF-8 (what Excel's "CSV
 * (delimitado por comas)" writes), converted to UTF-8.
 *
 * Bounded by the input: every record is at most CSVR_MAX_FIELDS fields,
 * every loop advances through the text.
 */
#ifndef TEQUIO_CSVREAD_H
#define TEQUIO_CSVREAD_H

#include <stddef.h>

#include "common/util.h"

#define CSVR_MAX_FIELDS 64

struct csv_reader {
	struct buf text;	/* the whole input, UTF-8, NUL-terminated */
	size_t pos;
	size_t line;		/* line number of the next record, from 1 */
	char delim;		/* ',' ';' or '\t' */
	int was_cp1252;		/* the input was not UTF-8 */
};

/* Take len bytes of data (copied); never fails. */
void csv_reader_init(struct csv_reader *r, const char *data, size_t len);
void csv_reader_free(struct csv_reader *r);

/*
 * The next record: its fields (each a new string; free with
 * csv_fields_free) and the line it starts on.  1 a record, 0 the end,
 * -1 a malformed record (a quote never closed, or more than
 * CSVR_MAX_FIELDS fields): *line says where, and reading stops.
 * Blank lines are skipped.
 */
int csv_next(struct csv_reader *r, char ***fields, size_t *n, size_t *line);
void csv_fields_free(char **fields, size_t n);

#endif
