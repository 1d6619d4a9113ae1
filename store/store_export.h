/* SPDX-License-Identifier: ISC */
/*
 * store_export.h - every table of the database, row by row, for
 * tequioctl export: an audit or a spreadsheet sees all of it, including
 * tables added by later migrations, without a list to keep up to date.
 *
 * Columns that hold secrets or their derivatives (token hashes, code
 * MACs, nonces, letter MACs) and BLOB columns (whole outgoing messages)
 * are left out: they say nothing to a person and would widen what a copy
 * of the export gives away.  A column is a date when it is an INTEGER
 * named created, updated, expires, due, next_try, period_from, period_to,
 * vigente_hasta, at, or ending in _at (the schema's convention for Unix
 * times).
 */
#ifndef TEQUIO_STORE_EXPORT_H
#define TEQUIO_STORE_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

enum store_cell_kind { CELL_NULL, CELL_INT, CELL_DATE, CELL_TEXT };

struct store_cell {
	const char *column;
	enum store_cell_kind kind;
	int64_t i;		/* CELL_INT, CELL_DATE */
	const char *text;	/* CELL_TEXT; valid during the call only */
};

/*
 * The names of the tables, sorted; the caller frees the array and each
 * name (util's strv-style: free every (*names)[i], then *names).
 */
int store_export_tables(struct store *st, char ***names, size_t *n);

/*
 * Call row once with the column names only (header = 1, cells' kind
 * CELL_NULL) and then once per row of table (header = 0).  A non-zero
 * return from row stops and is returned.  -1 on a database error, or
 * when table is not a table of this database.
 */
typedef int (*store_export_row_fn)(void *arg, int header,
    const struct store_cell *cells, size_t n);
int store_export_table(struct store *st, const char *table,
    store_export_row_fn row, void *arg);

/* True when column (of table) is never exported. */
int store_export_hidden(const char *table, const char *column,
    const char *decltype);

#endif
