/* SPDX-License-Identifier: ISC */
/*
 * store_export.c - every table, row by row (store_export.h says why and
 * what is left out).
 *
 * A table's name cannot be a bound parameter, so the one statement per
 * table is built with SQLite's own identifier quoting (%w), and only for
 * a name the schema itself lists: nothing a user wrote reaches it.
 */
#include "store/store_internal.h"
#include "store/store_export.h"

#include <stdlib.h>
#include <string.h>

#include "common/util.h"

/* Secrets and what is derived from them: never in a copy. */
static const char *const hidden[][2] = {
	{"wf_account", "token_hash"},
	{"coordinator_token", "token_hash"},
	{"wf_matter", "nonce"},
	{"wf_matter", "code_mac"},
	{"letter_issued", "pdf_mac"},
};

static const char *const date_names[] = {
	"created", "updated", "expires", "due", "next_try", "period_from",
	"period_to", "at", "vigente_hasta",
};

int
store_export_hidden(const char *table, const char *column,
    const char *decltype)
{
	if (decltype != NULL && strcmp(decltype, "BLOB") == 0)
		return 1;
	for (size_t i = 0; i < ARRAY_LEN(hidden); i++)
		if (strcmp(table, hidden[i][0]) == 0 &&
		    strcmp(column, hidden[i][1]) == 0)
			return 1;
	return 0;
}

static int
is_date(const char *column, const char *decltype)
{
	size_t n = strlen(column);

	if (decltype == NULL || strcmp(decltype, "INTEGER") != 0)
		return 0;
	if (n > 3 && strcmp(column + n - 3, "_at") == 0)
		return 1;
	for (size_t i = 0; i < ARRAY_LEN(date_names); i++)
		if (strcmp(column, date_names[i]) == 0)
			return 1;
	return 0;
}

int
store_export_tables(struct store *st, char ***names, size_t *n)
{
	sqlite3_stmt *s;
	int rc;

	*names = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT name FROM sqlite_schema "
	    "WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
	    -1, &s, NULL) != SQLITE_OK)
		return store_fail(st, "listing the tables");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*names = xreallocarray(*names, *n + 1, sizeof(**names));
		(*names)[(*n)++] = store_col_text(s, 0);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < *n; i++)
			free((*names)[i]);
		free(*names);
		*names = NULL;
		*n = 0;
		return store_fail(st, "listing the tables");
	}
	return 0;
}

static int
table_exists(struct store *st, const char *table)
{
	sqlite3_stmt *s;
	int found;

	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM sqlite_schema "
	    "WHERE type = 'table' AND name = ?1", -1, &s, NULL) != SQLITE_OK)
		return store_fail(st, "looking up a table");
	sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
	found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return found ? 1 : 0;
}

/* The exported columns of s: their indexes and cells, *n of them. */
static void
columns_of(sqlite3_stmt *s, const char *table, int *idx,
    struct store_cell *cells, size_t *n)
{
	int total = sqlite3_column_count(s);

	*n = 0;
	for (int c = 0; c < total; c++) {
		const char *name = sqlite3_column_name(s, c);
		const char *type = sqlite3_column_decltype(s, c);

		if (store_export_hidden(table, name, type))
			continue;
		idx[*n] = c;
		cells[*n].column = name;
		cells[*n].kind = is_date(name, type) ? CELL_DATE : CELL_NULL;
		cells[*n].i = 0;
		cells[*n].text = NULL;
		(*n)++;
	}
}

static void
fill_row(sqlite3_stmt *s, const int *idx, const int *date,
    struct store_cell *cells, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		int c = idx[k];

		cells[k].text = NULL;
		cells[k].i = 0;
		switch (sqlite3_column_type(s, c)) {
		case SQLITE_NULL:
			cells[k].kind = CELL_NULL;
			break;
		case SQLITE_INTEGER:
			cells[k].kind = date[k] ? CELL_DATE : CELL_INT;
			cells[k].i = sqlite3_column_int64(s, c);
			break;
		default:
			cells[k].kind = CELL_TEXT;
			cells[k].text = (const char *)sqlite3_column_text(s, c);
			if (cells[k].text == NULL)
				cells[k].kind = CELL_NULL;
			break;
		}
	}
}

static int
walk(struct store *st, sqlite3_stmt *s, const char *table,
    store_export_row_fn row, void *arg)
{
	int total = sqlite3_column_count(s);
	int *idx = xreallocarray(NULL, (size_t)total + 1, sizeof(*idx));
	int *date = xreallocarray(NULL, (size_t)total + 1, sizeof(*date));
	struct store_cell *cells = xreallocarray(NULL, (size_t)total + 1,
	    sizeof(*cells));
	size_t n;
	int rc;

	columns_of(s, table, idx, cells, &n);
	for (size_t k = 0; k < n; k++)
		date[k] = cells[k].kind == CELL_DATE;
	rc = row(arg, 1, cells, n);
	while (rc == 0) {
		int step = sqlite3_step(s);

		if (step == SQLITE_DONE)
			break;
		if (step != SQLITE_ROW) {
			rc = store_fail(st, "reading a table to export");
			break;
		}
		fill_row(s, idx, date, cells, n);
		rc = row(arg, 0, cells, n);
	}
	free(idx);
	free(date);
	free(cells);
	return rc;
}

int
store_export_table(struct store *st, const char *table,
    store_export_row_fn row, void *arg)
{
	sqlite3_stmt *s;
	char *sql;
	int rc;

	if (table_exists(st, table) != 1)
		return -1;
	sql = sqlite3_mprintf("SELECT * FROM \"%w\"", table);
	if (sql == NULL)
		return -1;
	rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		return store_fail(st, "preparing a table's export");
	rc = walk(st, s, table, row, arg);
	sqlite3_finalize(s);
	return rc;
}
