/* SPDX-License-Identifier: ISC */
/*
 * store_outbox.c - the outgoing mail queue.
 *
 * A reply is a row written in the same transaction as the state change it
 * reports (outbox.c composes it, store_outbox_add stores it), so a crash
 * leaves both or neither.  The delivery loop then walks the rows that are
 * due and records each outcome in a transaction of its own.
 *
 * A row is queued (waiting for next_try), sent, or failed (refused with a
 * 5xx, or out of attempts; tequioctl requeue puts it back).  Before a row
 * is sent it is claimed (store_outbox_claim): the attempt is counted and
 * next_try moved to the next retry in a committed transaction, so a row
 * whose outcome could not be recorded (disk full, crash) waits out its
 * backoff instead of going again at once, and two processes can never
 * both take the same row.  The raw
 * message is kept after sending, so what was sent can always be shown.
 * The Message-ID is unique: queueing the same one twice keeps the first.
 *
 * The raw message is a row of outbox_body (migration 28), written once
 * when queued and deleted when forgotten; outbox keeps its length.
 * Claiming and recording rewrite only the small outbox row, ~20 to a
 * page, instead of the page that held a ~3 KB body (issue 15).
 */
#include "store/store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/util.h"

const char store_schema_outbox[] =
    "CREATE TABLE IF NOT EXISTS outbox("
    "  id INTEGER PRIMARY KEY,"
    "  message_id TEXT UNIQUE NOT NULL,"
    "  rcpt TEXT NOT NULL,"
    "  subject TEXT NOT NULL,"
    "  raw BLOB NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'queued'"
    "    CHECK(status IN ('queued','sent','failed')),"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  next_try INTEGER NOT NULL,"
    "  last_error TEXT NOT NULL DEFAULT '',"
    "  created INTEGER NOT NULL,"
    "  sent_at INTEGER,"
    "  cause_msg INTEGER) STRICT;"
    "CREATE INDEX IF NOT EXISTS outbox_due ON outbox(status, next_try);"
    "CREATE INDEX IF NOT EXISTS outbox_sent_bodies ON outbox(sent_at)"
    "  WHERE status = 'sent' AND length(raw) > 0;";

/* Columns every listing reads, in the order row_load expects. */
#define ROW_COLUMNS \
    "id, message_id, rcpt, subject, attempts, next_try, status," \
    " last_error, created"

void
outbox_row_free(struct outbox_row *r)
{
	if (r == NULL)
		return;
	free(r->message_id);
	free(r->rcpt);
	free(r->subject);
	free(r->raw);
	free(r->status);
	free(r->last_error);
	memset(r, 0, sizeof(*r));
}

void
outbox_rows_free(struct outbox_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		outbox_row_free(&rows[i]);
	free(rows);
}

static void
row_load(sqlite3_stmt *s, struct outbox_row *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->message_id = store_col_text(s, 1);
	r->rcpt = store_col_text(s, 2);
	r->subject = store_col_text(s, 3);
	r->attempts = sqlite3_column_int(s, 4);
	r->next_try = sqlite3_column_int64(s, 5);
	r->status = store_col_text(s, 6);
	r->last_error = store_col_text(s, 7);
	r->created = sqlite3_column_int64(s, 8);
}

/* What a listing's column after ROW_COLUMNS holds, if any. */
enum raw_column { RAW_NONE, RAW_BYTES, RAW_LENGTH };

/*
 * Step s to the end, loading each row, and the message bytes or only
 * their length from the column after ROW_COLUMNS as raw says.  The
 * statement is reset in every case so that no read snapshot stays open.
 */
static int
rows_collect(struct store *st, sqlite3_stmt *s, enum raw_column raw,
    struct outbox_row **rows, size_t *n)
{
	const int raw_col = 9;
	struct outbox_row *v = NULL;
	size_t count = 0, cap = 0;
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (count == cap) {
			cap = cap ? cap * 2 : 16;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		memset(&v[count], 0, sizeof(v[count]));
		row_load(s, &v[count]);
		if (raw == RAW_LENGTH)
			v[count].raw_len = (size_t)sqlite3_column_int64(s,
			    raw_col);
		else if (raw == RAW_BYTES) {
			const void *p = sqlite3_column_blob(s, raw_col);
			size_t len = (size_t)sqlite3_column_bytes(s, raw_col);
			v[count].raw = xmemdup0(p ? p : "", len);
			v[count].raw_len = len;
		}
		count++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		outbox_rows_free(v, count);
		return store_fail(st, "reading the outbox");
	}
	*rows = v;
	*n = count;
	return 0;
}


int
store_outbox_add(struct store *st, const char *message_id,
    const char *rcpt, const char *subject, const char *raw, size_t raw_len,
    int64_t cause_msg, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO outbox(message_id, rcpt,"
	    " subject, raw_len, status, attempts, next_try, created,"
	    " cause_msg) VALUES(?1, ?2, ?3, ?4, 'queued', 0, ?5, ?5, ?6)"
	    " ON CONFLICT(message_id) DO NOTHING");

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, message_id);
	store_bind_text(s, 2, rcpt);
	store_bind_text(s, 3, subject ? subject : "");
	sqlite3_bind_int64(s, 4, (int64_t)raw_len);
	sqlite3_bind_int64(s, 5, now);
	if (cause_msg > 0)
		sqlite3_bind_int64(s, 6, cause_msg);
	else
		sqlite3_bind_null(s, 6);
	if (store_step_done(st, s, "queueing a mail") != 0)
		return -1;
	if (sqlite3_changes(st->db) == 0) {
		log_warn("outbox: <%s> is already queued; kept the first",
		    message_id);
		return 0;
	}
	/* The row just inserted (RETURNING would cost an ephemeral
	   table per mail). */
	s = store_stmt(st, "INSERT INTO outbox_body(id, raw) VALUES(?1, ?2)");
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, sqlite3_last_insert_rowid(st->db));
	sqlite3_bind_blob64(s, 2, raw, raw_len, SQLITE_TRANSIENT);
	return store_step_done(st, s, "queueing a mail's bytes");
}

/* Due rows, oldest first: with their bytes, or with only their length
   (kept in the row: outbox_body is not read). */
static int
due_rows(struct store *st, int64_t now, size_t max, int with_bytes,
    struct outbox_row **rows, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, with_bytes ?
	    "SELECT " ROW_COLUMNS ", (SELECT raw FROM outbox_body b"
	    " WHERE b.id = outbox.id)"
	    " FROM outbox WHERE status = 'queued' AND next_try <= ?1"
	    " ORDER BY next_try, id LIMIT ?2" :
	    "SELECT " ROW_COLUMNS ", raw_len"
	    " FROM outbox WHERE status = 'queued' AND next_try <= ?1"
	    " ORDER BY next_try, id LIMIT ?2");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, max > INT64_MAX ? INT64_MAX : (int64_t)max);
	return rows_collect(st, s, with_bytes ? RAW_BYTES : RAW_LENGTH, rows,
	    n);
}

int
store_outbox_due(struct store *st, int64_t now, size_t max,
    struct outbox_row **rows, size_t *n)
{
	return due_rows(st, now, max, 1, rows, n);
}

/* The delivery run's list: the rows with the length of their bytes,
   which are loaded one row at a time just before it is claimed
   (store_outbox_body). */
int
store_outbox_due_heads(struct store *st, int64_t now, size_t max,
    struct outbox_row **rows, size_t *n)
{
	return due_rows(st, now, max, 0, rows, n);
}

/* Listings show what a row is about; they do not need its bytes. */
int
store_outbox_list(struct store *st, const char *status,
    struct outbox_row **rows, size_t *n)
{
	sqlite3_stmt *s;

	if (status == NULL) {
		s = store_stmt(st, "SELECT " ROW_COLUMNS " FROM outbox"
		    " WHERE status IN ('queued', 'failed') ORDER BY id");
	} else {
		s = store_stmt(st, "SELECT " ROW_COLUMNS " FROM outbox"
		    " WHERE status = ?1 ORDER BY id");
		if (s != NULL)
			store_bind_text(s, 1, status);
	}
	if (s == NULL)
		return -1;
	return rows_collect(st, s, RAW_NONE, rows, n);
}

int
store_outbox_next_try(struct store *st, int64_t *next_try)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT min(next_try) FROM outbox"
	    " WHERE status = 'queued'");
	int rc, found = 0;

	if (s == NULL)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
		*next_try = sqlite3_column_int64(s, 0);
		found = 1;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return store_fail(st, "reading the outbox");
	return found;
}

int
store_outbox_claim(struct store *st, int64_t id, int64_t now,
    int64_t next_try, const char *note)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE outbox SET"
	    " attempts = attempts + 1, next_try = ?3, last_error = ?4"
	    " WHERE id = ?1 AND status = 'queued' AND next_try <= ?2");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_int64(s, 3, next_try);
	store_bind_text(s, 4, note ? note : "");
	if (store_step_done(st, s, "claiming a mail") != 0)
		return -1;
	return sqlite3_changes(st->db) == 1;
}

int
store_outbox_body(struct store *st, struct outbox_row *r)
{
	/* The row decides whether the mail exists; a body forgotten
	   (sent long ago) reads as empty. */
	sqlite3_stmt *s = store_stmt(st, "SELECT (SELECT raw FROM outbox_body b"
	    " WHERE b.id = outbox.id) FROM outbox WHERE id = ?1");
	int rc, found = 0;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, r->id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const void *p = sqlite3_column_blob(s, 0);
		size_t len = (size_t)sqlite3_column_bytes(s, 0);

		free(r->raw);
		r->raw = xmemdup0(p ? p : "", len);
		r->raw_len = len;
		found = 1;
		rc = sqlite3_step(s);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, "reading a mail");
	return found;
}

/* The attempt was counted when the row was claimed. */
int
store_outbox_sent(struct store *st, int64_t id, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE outbox SET status = 'sent',"
	    " sent_at = ?2, last_error = ''"
	    " WHERE id = ?1");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, now);
	return store_step_done(st, s, "marking a mail sent");
}

int
store_outbox_retry(struct store *st, int64_t id, int attempts,
    int64_t next_try, const char *error)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE outbox SET attempts = ?2,"
	    " next_try = ?3, last_error = ?4 WHERE id = ?1");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, attempts);
	sqlite3_bind_int64(s, 3, next_try);
	store_bind_text(s, 4, error ? error : "");
	return store_step_done(st, s, "deferring a mail");
}

int
store_outbox_failed(struct store *st, int64_t id, int attempts,
    const char *error)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE outbox SET status = 'failed',"
	    " attempts = ?2, last_error = ?3 WHERE id = ?1");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, attempts);
	store_bind_text(s, 3, error ? error : "");
	return store_step_done(st, s, "marking a mail failed");
}

/*
 * id <= 0 requeues every failed mail.  Attempts start again from zero, so
 * the mail gets the whole series of retries; last_error stays until the
 * next attempt replaces it.
 */
int
store_outbox_requeue(struct store *st, int64_t id, int64_t now, int *changed)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE outbox SET status = 'queued',"
	    " attempts = 0, next_try = ?2"
	    " WHERE status = 'failed' AND (?1 <= 0 OR id = ?1)");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, now);
	if (store_step_done(st, s, "requeueing mail") != 0)
		return -1;
	*changed = sqlite3_changes(st->db);
	return 0;
}

/* The bodies first, found through the rows that still say they have
   one; then the rows say they have none.  The caller's transaction makes
   the two one change. */
int
store_outbox_forget_bodies(struct store *st, int64_t before, int *changed)
{
	/* Named: without statistics the planner takes outbox_due
	   (status = 'sent'), which walks every mail ever sent (issue 15). */
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM outbox_body WHERE id IN"
	    " (SELECT id FROM outbox INDEXED BY outbox_sent_bodies"
	    "  WHERE status = 'sent' AND raw_len > 0 AND sent_at < ?1)");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, before);
	if (store_step_done(st, s, "forgetting sent mail") != 0)
		return -1;
	s = store_stmt(st, "UPDATE outbox INDEXED BY outbox_sent_bodies"
	    " SET raw_len = 0"
	    " WHERE status = 'sent' AND raw_len > 0 AND sent_at < ?1");
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, before);
	if (store_step_done(st, s, "forgetting sent mail") != 0)
		return -1;
	*changed = sqlite3_changes(st->db);
	return 0;
}
