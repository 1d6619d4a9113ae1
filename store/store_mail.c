/* SPDX-License-Identifier: ISC */
/*
 * store_mail.c - received messages, the mailbox cursor and reply counts.
 *
 * A message is recognised again by its (UIDVALIDITY, UID), by the SHA-256
 * of its bytes, or by its Message-ID from the same sender: a crash between
 * commit and MOVE, a server that renumbers (UIDVALIDITY change) or the same
 * mail delivered twice all find the earlier record, and nothing is applied
 * twice.
 */
#include "store/store_internal.h"

#include <stdlib.h>

#include "common/log.h"
#include "common/util.h"

const char store_schema_mail[] =
    "CREATE TABLE IF NOT EXISTS message("
    "  id INTEGER PRIMARY KEY,"
    "  uidvalidity INTEGER NOT NULL,"
    "  uid INTEGER NOT NULL,"
    "  message_id TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL UNIQUE,"
    "  spool_path TEXT NOT NULL,"
    "  from_addr TEXT NOT NULL,"
    "  subject TEXT NOT NULL,"
    "  command TEXT NOT NULL,"
    "  outcome TEXT NOT NULL CHECK(outcome IN"
    "    ('processed','quarantined','ignored')),"
    "  folder TEXT NOT NULL,"
    "  note TEXT NOT NULL,"
    "  moved INTEGER NOT NULL DEFAULT 0,"
    "  received_at INTEGER NOT NULL) STRICT;"
    "CREATE UNIQUE INDEX IF NOT EXISTS message_uid"
    "  ON message(uidvalidity, uid) WHERE uid > 0;"
    "CREATE INDEX IF NOT EXISTS message_msgid ON message(message_id);"
    "CREATE INDEX IF NOT EXISTS message_unmoved"
    "  ON message(uidvalidity, uid) WHERE moved = 0 AND uid > 0;"
    "CREATE TABLE IF NOT EXISTS mailbox("
    "  name TEXT PRIMARY KEY,"
    "  uidvalidity INTEGER NOT NULL,"
    "  last_uid INTEGER NOT NULL) STRICT;"
    "CREATE TABLE IF NOT EXISTS reply_count("
    "  addr TEXT NOT NULL,"
    "  day INTEGER NOT NULL,"
    "  n INTEGER NOT NULL,"
    "  PRIMARY KEY(addr, day)) STRICT;";


static const char *const outcome_names[] = {
	[OUTCOME_PROCESSED] = "processed",
	[OUTCOME_QUARANTINED] = "quarantined",
	[OUTCOME_IGNORED] = "ignored",
};

static int
find_row(struct store *st, sqlite3_stmt *s, int64_t *id, char **folder)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		*folder = store_col_text(s, 1);
		sqlite3_reset(s);
		return 1;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, "looking up a message");
	return 0;
}

int
store_msg_find(struct store *st, int64_t uidvalidity, int64_t uid,
    const char *sha256, const char *message_id, const char *from_addr,
    int64_t *id, char **folder)
{
	sqlite3_stmt *s;
	int rc;

	if (uid > 0) {
		/* "uid > 0" lets SQLite use the partial index message_uid. */
		s = store_stmt(st, "SELECT id, folder FROM message"
		    " WHERE uidvalidity = ?1 AND uid = ?2 AND uid > 0");
		if (s == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, uidvalidity);
		sqlite3_bind_int64(s, 2, uid);
		if ((rc = find_row(st, s, id, folder)) != 0)
			return rc;
	}
	/* "" (a look-up by UID only) matches no row: no statement. */
	if (*sha256 != '\0') {
		s = store_stmt(st, "SELECT id, folder FROM message"
		    " WHERE sha256 = ?1");
		if (s == NULL)
			return -1;
		store_bind_text(s, 1, sha256);
		if ((rc = find_row(st, s, id, folder)) != 0)
			return rc;
	}
	if (message_id == NULL || *message_id == '\0')
		return 0;
	s = store_stmt(st, "SELECT id, folder FROM message"
	    " WHERE message_id = ?1 AND from_addr = ?2");
	if (s == NULL)
		return -1;
	store_bind_text(s, 1, message_id);
	store_bind_text(s, 2, from_addr ? from_addr : "");
	return find_row(st, s, id, folder);
}

int
store_msg_insert(struct store *st, const struct msg_record *r, int64_t *id)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO message(uidvalidity,"
	    " uid, message_id, sha256, spool_path, from_addr, subject,"
	    " command, outcome, folder, note, received_at)"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, r->uidvalidity);
	sqlite3_bind_int64(s, 2, r->uid);
	store_bind_text(s, 3, r->message_id ? r->message_id : "");
	store_bind_text(s, 4, r->sha256);
	store_bind_text(s, 5, r->spool_path);
	store_bind_text(s, 6, r->from_addr ? r->from_addr : "");
	store_bind_text(s, 7, r->subject ? r->subject : "");
	store_bind_text(s, 8, r->command ? r->command : "");
	store_bind_text(s, 9, outcome_names[r->outcome]);
	store_bind_text(s, 10, r->folder ? r->folder : "");
	store_bind_text(s, 11, r->note ? r->note : "");
	sqlite3_bind_int64(s, 12, now_seconds());
	if (sqlite3_step(s) != SQLITE_DONE) {
		sqlite3_reset(s);
		return store_fail(st, "recording a message");
	}
	sqlite3_reset(s);
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}


int
store_msg_set_outcome(struct store *st, int64_t id, enum msg_outcome outcome,
    const char *folder, const char *command, const char *note)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE message SET outcome = ?2,"
	    " folder = ?3, command = ?4, note = ?5 WHERE id = ?1");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, outcome_names[outcome]);
	store_bind_text(s, 3, folder ? folder : "");
	store_bind_text(s, 4, command ? command : "");
	store_bind_text(s, 5, note ? note : "");
	return store_step_done(st, s, "recording a message's outcome");
}

int
store_msg_mark_moved(struct store *st, int64_t id)
{
	sqlite3_stmt *s = store_stmt(st,
	    "UPDATE message SET moved = 1 WHERE id = ?1");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return store_step_done(st, s, "marking a message moved");
}

int
store_msg_unmoved(struct store *st, int64_t uidvalidity, int64_t **rows,
    int64_t **uids, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id, uid FROM message"
	    " WHERE moved = 0 AND uid > 0 AND uidvalidity = ?1 ORDER BY uid");
	size_t k = 0;
	int rc;

	*rows = NULL;
	*uids = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, uidvalidity);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*rows = xreallocarray(*rows, k + 1, sizeof(**rows));
		*uids = xreallocarray(*uids, k + 1, sizeof(**uids));
		(*rows)[k] = sqlite3_column_int64(s, 0);
		(*uids)[k] = sqlite3_column_int64(s, 1);
		k++;
	}
	sqlite3_reset(s);
	*n = k;
	if (rc != SQLITE_DONE)
		return store_fail(st, "listing unmoved messages");
	return 0;
}

int
store_msg_set_uid(struct store *st, int64_t id, int64_t uidvalidity,
    int64_t uid)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE message"
	    " SET uidvalidity = ?2, uid = ?3 WHERE id = ?1");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, uidvalidity);
	sqlite3_bind_int64(s, 3, uid);
	return store_step_done(st, s, "renumbering a message");
}

int
store_mailbox_get(struct store *st, const char *name, int64_t *uidvalidity,
    int64_t *last_uid)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT uidvalidity, last_uid"
	    " FROM mailbox WHERE name = ?1");
	int rc;

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, name);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*uidvalidity = sqlite3_column_int64(s, 0);
		*last_uid = sqlite3_column_int64(s, 1);
		sqlite3_reset(s);
		return 1;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, "reading the mailbox cursor");
	*uidvalidity = 0;
	*last_uid = 0;
	return 0;
}

int
store_mailbox_set(struct store *st, const char *name, int64_t uidvalidity,
    int64_t last_uid)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO mailbox(name,"
	    " uidvalidity, last_uid) VALUES(?1, ?2, ?3)"
	    " ON CONFLICT(name) DO UPDATE SET uidvalidity = excluded.uidvalidity,"
	    " last_uid = excluded.last_uid");

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, name);
	sqlite3_bind_int64(s, 2, uidvalidity);
	sqlite3_bind_int64(s, 3, last_uid);
	return store_step_done(st, s, "saving the mailbox cursor");
}

int
store_count(struct store *st, const char *what, int64_t *n)
{
	static const struct {
		const char *name;
		const char *sql;
	} counts[] = {
		/* Kept by triggers (migration 21): the daemon asks after
		   every pass, and a count(*) would visit every message. */
		{"messages", "SELECT coalesce(sum(n), 0) FROM message_count"},
		{"processed", "SELECT coalesce(sum(n), 0) FROM message_count"
		    " WHERE outcome = 'processed'"},
		{"quarantined", "SELECT coalesce(sum(n), 0) FROM message_count"
		    " WHERE outcome = 'quarantined'"},
		{"ignored", "SELECT coalesce(sum(n), 0) FROM message_count"
		    " WHERE outcome = 'ignored'"},
		{"unmoved", "SELECT count(*) FROM message WHERE moved = 0"
		    " AND uid > 0"},
		{"outbox_queued", "SELECT count(*) FROM outbox"
		    " WHERE status = 'queued'"},
		{"outbox_failed", "SELECT count(*) FROM outbox"
		    " WHERE status = 'failed'"},
		{"outbox_sent", "SELECT count(*) FROM outbox"
		    " WHERE status = 'sent'"},
	};
	sqlite3_stmt *s;

	for (size_t i = 0; i < ARRAY_LEN(counts); i++) {
		if (ascii_casecmp(counts[i].name, what) != 0)
			continue;
		if ((s = store_stmt(st, counts[i].sql)) == NULL)
			return -1;
		if (sqlite3_step(s) != SQLITE_ROW) {
			sqlite3_reset(s);
			return store_fail(st, "counting");
		}
		*n = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		return 0;
	}
	log_err("database: no count named %s", what);
	return -1;
}
