/* SPDX-License-Identifier: ISC */
/*
 * store_letters.c - the SQL of letters: a folio counter per year and the
 * register of every document issued (see store_letters.h).
 *
 * The counter is one upsert with RETURNING, run inside the caller's
 * BEGIN IMMEDIATE transaction: the write lock serialises concurrent
 * issuers (daemon and tequioctl), and a rollback or a crash before commit
 * returns the number.  letter_issued keeps (year, seq) unique as a second
 * guard against a reused folio.
 */
#include "store/store_internal.h"
#include "store/store_letters.h"

#include <stdlib.h>
#include <string.h>

#include "common/util.h"

const char store_schema_letters[] =
    "CREATE TABLE IF NOT EXISTS letter_folio("
    "  year INTEGER PRIMARY KEY,"
    "  last INTEGER NOT NULL) STRICT;"
    "CREATE TABLE IF NOT EXISTS letter_issued("
    "  folio TEXT PRIMARY KEY,"
    "  year INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  recipient TEXT NOT NULL,"
    "  issued_at INTEGER NOT NULL,"
    "  pdf_sha256 TEXT NOT NULL,"
    "  pdf_mac TEXT NOT NULL,"
    "  code TEXT NOT NULL,"
    "  summary TEXT NOT NULL,"
    "  UNIQUE(year, seq)) STRICT;";

static const char sql_next[] =
    "INSERT INTO letter_folio(year, last) VALUES(?1, 1) "
    "ON CONFLICT(year) DO UPDATE SET last = last + 1 RETURNING last";

static const char sql_insert[] =
    "INSERT INTO letter_issued(folio, year, seq, kind, recipient, "
    "issued_at, pdf_sha256, pdf_mac, code, summary) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

/*
 * What verification shows (kind, recipient, date, who) is read from the
 * summary, which the verification code covers, not from columns that
 * could be edited alone; the columns are there for listing and queries.
 */
static const char sql_find[] =
    "SELECT folio, year, seq, "
    "coalesce(json_extract(summary, '$.kind'), ''), "
    "coalesce(json_extract(summary, '$.recipient'), ''), "
    "coalesce(json_extract(summary, '$.issued_at'), 0), "
    "pdf_sha256, pdf_mac, code, summary, "
    "coalesce(json_extract(summary, '$.vars.\"alumno.nombre\"'), ''), "
    "coalesce(json_extract(summary, '$.vars.\"dependencia.nombre\"'), ''), "
    "coalesce(json_extract(summary, '$.seal'), 0) "
    "FROM letter_issued WHERE folio = ?1";

void
letter_record_free(struct letter_record *r)
{
	free(r->folio);
	free(r->kind);
	free(r->recipient);
	free(r->pdf_sha256);
	free(r->pdf_mac);
	free(r->code);
	free(r->summary);
	free(r->alumno);
	free(r->dependencia);
	memset(r, 0, sizeof(*r));
}

int
store_letters_next_folio(struct store *st, int year, int64_t *seq)
{
	sqlite3_stmt *s = store_stmt(st, sql_next);

	if (s == NULL)
		return -1;
	if (sqlite3_bind_int(s, 1, year) != SQLITE_OK)
		return store_fail(st, "folio");
	/* An upsert with RETURNING always yields its row. */
	return store_step_int64(st, s, "folio", seq) == 1 ? 0 : -1;
}

int
store_letters_insert(struct store *st, const struct letter_new *r)
{
	sqlite3_stmt *s = store_stmt(st, sql_insert);
	int rc;

	if (s == NULL)
		return -1;
	if (store_bind_text(s, 1, r->folio) != SQLITE_OK ||
	    sqlite3_bind_int(s, 2, r->year) != SQLITE_OK ||
	    sqlite3_bind_int64(s, 3, r->seq) != SQLITE_OK ||
	    store_bind_text(s, 4, r->kind) != SQLITE_OK ||
	    store_bind_text(s, 5, r->recipient) != SQLITE_OK ||
	    sqlite3_bind_int64(s, 6, r->issued_at) != SQLITE_OK ||
	    store_bind_text(s, 7, r->pdf_sha256) != SQLITE_OK ||
	    store_bind_text(s, 8, r->pdf_mac) != SQLITE_OK ||
	    store_bind_text(s, 9, r->code) != SQLITE_OK ||
	    store_bind_text(s, 10, r->summary) != SQLITE_OK)
		return store_fail(st, "letter insert");
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "letter insert");
}

int
store_letters_find(struct store *st, const char *folio,
    struct letter_record *r)
{
	sqlite3_stmt *s = store_stmt(st, sql_find);
	int rc;

	memset(r, 0, sizeof(*r));
	if (s == NULL)
		return -1;
	if (store_bind_text(s, 1, folio) != SQLITE_OK)
		return store_fail(st, "letter find");
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(s);
		return 0;
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_fail(st, "letter find");
	}
	r->folio = store_col_text(s, 0);
	r->year = sqlite3_column_int(s, 1);
	r->seq = sqlite3_column_int64(s, 2);
	r->kind = store_col_text(s, 3);
	r->recipient = store_col_text(s, 4);
	r->issued_at = sqlite3_column_int64(s, 5);
	r->pdf_sha256 = store_col_text(s, 6);
	r->pdf_mac = store_col_text(s, 7);
	r->code = store_col_text(s, 8);
	r->summary = store_col_text(s, 9);
	r->alumno = store_col_text(s, 10);
	r->dependencia = store_col_text(s, 11);
	r->seal = sqlite3_column_int(s, 12);
	sqlite3_reset(s);
	return 1;
}

int
store_letters_folio_by_sha256(struct store *st, const char *sha,
    char **folio)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT folio FROM letter_issued "
	    "WHERE pdf_sha256 = ?1");
	int rc;

	*folio = NULL;
	if (s == NULL)
		return -1;
	store_bind_text(s, 1, sha);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*folio = store_col_text(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, "letter by hash");
	return rc == SQLITE_ROW;
}
