/* SPDX-License-Identifier: ISC */
/*
 * store_quarantine.c - the quarantined messages and their release
 * (store_quarantine.h).
 */
#include "store/store_internal.h"
#include "store/store_quarantine.h"

#include <stdlib.h>
#include <string.h>

static const char sql_list[] =
    "SELECT m.id, m.received_at, m.from_addr, m.subject, m.command, m.note, "
    "m.message_id, m.spool_path, coalesce(f.failures, 0), "
    "coalesce(f.why, ''), coalesce(i.deaths, 0), m.purged_at IS NOT NULL "
    "FROM message m LEFT JOIN msg_failure f ON f.sha256 = m.sha256 "
    "LEFT JOIN msg_inflight i ON i.sha256 = m.sha256 "
    "WHERE m.outcome = 'quarantined' AND (?1 = 0 OR m.id = ?1) "
    "AND NOT EXISTS (SELECT 1 FROM msg_release r WHERE r.msg_row = m.id) "
    "ORDER BY m.id DESC";

static const char *
text(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	return t ? t : "";
}

int
store_quarantine_list(struct store *st, int64_t id, quarantine_fn fn,
    void *arg)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql_list, -1, &s, NULL) != SQLITE_OK)
		return store_fail(st, "listing the quarantine");
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct quarantined q;

		q.id = sqlite3_column_int64(s, 0);
		q.received_at = sqlite3_column_int64(s, 1);
		q.from_addr = text(s, 2);
		q.subject = text(s, 3);
		q.command = text(s, 4);
		q.note = text(s, 5);
		q.message_id = text(s, 6);
		q.spool_path = text(s, 7);
		q.failures = sqlite3_column_int64(s, 8);
		q.last_failure = text(s, 9);
		q.deaths = sqlite3_column_int64(s, 10);
		q.purged = sqlite3_column_int(s, 11);
		fn(arg, &q);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "listing the quarantine");
}

void
release_clear(struct release *r)
{
	free(r->sha256);
	free(r->message_id);
	free(r->spool_path);
	free(r->note);
	memset(r, 0, sizeof(*r));
}

static void
release_read(sqlite3_stmt *s, int64_t id, struct release *r)
{
	r->id = id;
	r->sha256 = store_col_text(s, 0);
	r->message_id = store_col_text(s, 1);
	r->spool_path = store_col_text(s, 2);
	r->note = store_col_text(s, 3);
}

/* A release begun before: 1 and *r, *done; 0 none; -1. */
static int
release_find(struct store *st, int64_t id, struct release *r, int *done)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT r.sha256, r.message_id, "
	    "r.spool_path, m.note, r.done_at IS NOT NULL FROM msg_release r "
	    "JOIN message m ON m.id = r.msg_row WHERE r.msg_row = ?1");
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		release_read(s, id, r);
		*done = sqlite3_column_int(s, 4);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, "reading a release");
	return rc == SQLITE_ROW;
}

/* The quarantined message id: 1 and *r; 0 none; -1. */
static int
quarantined_find(struct store *st, int64_t id, struct release *r)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT sha256, message_id, "
	    "spool_path, note FROM message WHERE id = ?1 "
	    "AND outcome = 'quarantined'");
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		release_read(s, id, r);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, "reading a quarantined message");
	return rc == SQLITE_ROW;
}

/* Binds ?1 id, ?2 text, ?3 now: a statement that has fewer leaves the
   rest unbound (SQLITE_RANGE, harmless). */
static int
exec_id(struct store *st, const char *sql, int64_t id, const char *text,
    int64_t now, const char *what)
{
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, text);
	sqlite3_bind_int64(s, 3, now);
	return store_step_done(st, s, what);
}

/* The record forgotten, the release written and audited (in the caller's
   transaction). */
static int
release_record(struct store *st, const struct release *r, const char *actor,
    int64_t now)
{
	static const char *const sql[] = {
	    "INSERT INTO msg_release(msg_row, sha256, message_id, spool_path, "
	    "released_at) SELECT id, sha256, message_id, spool_path, ?3 "
	    "FROM message WHERE id = ?1",
	    "UPDATE message SET sha256 = 'liberado:' || id || ':' || sha256, "
	    "uid = 0, message_id = '', spool_path = '' WHERE id = ?1",
	    "DELETE FROM msg_failure WHERE sha256 = ?2",
	    "DELETE FROM msg_inflight WHERE sha256 = ?2",
	    /* No longer in the quarantine: the counts tequioctl status
	       and the alerts read (migration 21) say so. */
	    "UPDATE message_count SET n = n - 1 WHERE outcome = "
	    "'quarantined'",
	    "INSERT INTO message_count(outcome, n) VALUES('released', 1) "
	    "ON CONFLICT(outcome) DO UPDATE SET n = n + 1",
	};
	sqlite3_stmt *a;

	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++)
		if (exec_id(st, sql[i], r->id, r->sha256, now,
		    "releasing a message") != 0)
			return -1;
	a = store_stmt(st, "INSERT INTO wf_audit(entity, entity_id, event, "
	    "from_state, to_state, actor, msg_row, at, note) VALUES("
	    "'mensaje', ?1, 'liberar', 'quarantined', 'released', ?2, ?1, ?3, "
	    "'devuelto al buzón de entrada para leerlo de nuevo')");
	if (a == NULL)
		return -1;
	sqlite3_bind_int64(a, 1, r->id);
	store_bind_text(a, 2, actor);
	sqlite3_bind_int64(a, 3, now);
	return store_step_done(st, a, "auditing a release");
}

static int
release_begin_tx(struct store *st, int64_t id, const char *actor,
    int64_t now, struct release *r, enum release_state *state)
{
	int done = 0, rc;

	if ((rc = release_find(st, id, r, &done)) != 0) {
		if (rc > 0)
			*state = done ? RELEASE_DONE : RELEASE_PENDING;
		return rc < 0 ? -1 : 0;
	}
	if ((rc = quarantined_find(st, id, r)) <= 0) {
		*state = RELEASE_UNKNOWN;
		return rc;
	}
	*state = RELEASE_BEGUN;
	return release_record(st, r, actor, now);
}

int
store_release_begin(struct store *st, int64_t id, const char *actor,
    int64_t now, struct release *r, enum release_state *state)
{
	memset(r, 0, sizeof(*r));
	*state = RELEASE_UNKNOWN;
	if (store_begin(st) != 0)
		return -1;
	if (release_begin_tx(st, id, actor, now, r, state) != 0 ||
	    store_commit(st) != 0) {
		store_rollback(st);
		release_clear(r);
		return -1;
	}
	return 0;
}

int
store_release_seen_again(struct store *st, const struct release *r,
    int by_message_id)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT 1 FROM message m "
	    "WHERE m.sha256 = ?2 UNION ALL SELECT 1 FROM message m "
	    "JOIN message t ON t.id = ?1 WHERE ?4 AND ?3 != '' AND "
	    "m.message_id = ?3 AND m.from_addr = t.from_addr AND m.id > t.id "
	    "LIMIT 1");
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, r->id);
	store_bind_text(s, 2, r->sha256);
	store_bind_text(s, 3, r->message_id);
	sqlite3_bind_int(s, 4, by_message_id != 0);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, "looking for a released message");
	return rc == SQLITE_ROW;
}

int
store_release_finish(struct store *st, int64_t id, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE msg_release SET done_at = ?2 "
	    "WHERE msg_row = ?1 AND done_at IS NULL");
	/* The copy kept for the release is wanted no more: when it is a
	   member of a pack (store_pack.h), the pack is due, and the sweep
	   erases it rather than keep it as long as its neighbours. */
	sqlite3_stmt *p = store_stmt(st, "UPDATE spool_pack SET due = ?2 "
	    "WHERE path = (SELECT substr(spool_path, 1, instr(spool_path, "
	    "'#') - 1) FROM msg_release WHERE msg_row = ?1 AND "
	    "instr(spool_path, '#') > 0)");

	if (s == NULL || p == NULL || store_begin(st) != 0)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_int64(p, 1, id);
	sqlite3_bind_int64(p, 2, now);
	if (store_step_done(st, s, "finishing a release") != 0 ||
	    store_step_done(st, p, "finishing a release") != 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st);
}
