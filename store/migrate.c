/* SPDX-License-Identifier: ISC */
/*
 * migrate.c - schema versions.
 *
 * The database says which schema it holds in PRAGMA user_version.  Version 1
 * is the first release's schema: the store_schema_* fragments, which are
 * frozen as they were released and must never be edited again.  Every later
 * change is one entry appended to migrations[] below, with the next
 * version number; store_open applies the missing ones in order, inside the
 * same transaction, so a database is at one version or the one before it,
 * never in between.  A database newer than this program is refused, so an
 * older tequiod never writes into a schema it does not understand.
 *
 * A release-1 database has user_version 0 and all its tables: applying the
 * fragments (CREATE ... IF NOT EXISTS) to it changes nothing and makes it
 * version 1, exactly like a new file.
 *
 * To change the schema: append { N, "what it does", "SQL;" } with N one
 * more than the last entry, and keep tests/fixtures/db/schema-v1.sql as it
 * is (tests/unit/test_migrate.c opens it with every migration).
 */
#include "store/store_internal.h"

#include <stdio.h>

#include "common/log.h"
#include "common/util.h"

struct migration {
	int version;
	const char *what;
	const char *sql;
};

static const char store_schema_core[] =
    "CREATE TABLE IF NOT EXISTS meta("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL) STRICT;";

/* Version 1: the first release, in the order its tables reference each
   other. */
static const char *const schema_v1[] = {
	store_schema_core,
	store_schema_mail,
	store_schema_outbox,
	store_schema_letters,
	store_schema_workflow,
};

static const struct migration migrations[] = {
	{ 2, "a log of the migrations applied, for upgrades",
	  "CREATE TABLE schema_log("
	  "  version INTEGER PRIMARY KEY,"
	  "  applied_at INTEGER NOT NULL,"
	  "  what TEXT NOT NULL) STRICT;" },
	{ 3, "the daemon's named numbers: periodic jobs' last runs, what the "
	  "alerts saw",
	  "CREATE TABLE daemon_state("
	  "  name TEXT PRIMARY KEY,"
	  "  value INTEGER NOT NULL) STRICT;" },
	{ 4, "counters for the limits on wrong codes, VERIFICAR and replies",
	  "CREATE TABLE rate_count("
	  "  kind TEXT NOT NULL,"
	  "  key TEXT NOT NULL,"
	  "  period INTEGER NOT NULL,"
	  "  n INTEGER NOT NULL,"
	  "  PRIMARY KEY(kind, key, period)) STRICT;" },
	/* Generation 0 means the keys of release 1 (the secret itself), so
	   a database that has received mail keeps its outstanding tokens
	   and codes; a new one starts with derived keys. */
	{ 5, "the generation of the keys for reply tokens and approval codes",
	  "INSERT OR IGNORE INTO meta(key, value) SELECT 'key_generation',"
	  "  CASE WHEN EXISTS (SELECT 1 FROM message) THEN '0' ELSE '1' END;" },
	{ 6, "temporary failures per message, so none is retried forever",
	  "CREATE TABLE msg_failure("
	  "  sha256 TEXT PRIMARY KEY,"
	  "  failures INTEGER NOT NULL,"
	  "  last_at INTEGER NOT NULL,"
	  "  why TEXT NOT NULL) STRICT;" },
	/* Reports of release 1 carried no hours: each is taken to have
	   served the hours from the previous milestone to its own. */
	{ 7, "the hours and period of each activity report",
	  "ALTER TABLE wf_report ADD COLUMN served INTEGER NOT NULL DEFAULT 0;"
	  "ALTER TABLE wf_report ADD COLUMN period_from INTEGER NOT NULL"
	  "  DEFAULT 0;"
	  "ALTER TABLE wf_report ADD COLUMN period_to INTEGER NOT NULL"
	  "  DEFAULT 0;"
	  "UPDATE wf_report SET served = hours - COALESCE((SELECT"
	  "  MAX(p.hours) FROM wf_report p WHERE p.application_id ="
	  "  wf_report.application_id AND p.hours < wf_report.hours), 0);" },
	{ 8, "the reminders and notices the calendar already sent",
	  "CREATE TABLE wf_reminder("
	  "  key TEXT PRIMARY KEY,"
	  "  at INTEGER NOT NULL) STRICT;" },
	{ 9, "the agency's evaluation of each activity report",
	  "ALTER TABLE wf_report ADD COLUMN grade TEXT NOT NULL DEFAULT '';"
	  "ALTER TABLE wf_report ADD COLUMN agency_notes TEXT NOT NULL"
	  "  DEFAULT '';" },
	{ 10, "the aviso de privacidad: to whom it was first shown, and when "
	  "each account saw it (issue 12)",
	  "CREATE TABLE privacy_notice("
	  "  address TEXT PRIMARY KEY,"
	  "  shown_at INTEGER NOT NULL,"
	  "  message INTEGER) STRICT;"
	  "ALTER TABLE wf_account ADD COLUMN aviso_shown_at INTEGER;" },
	{ 11, "retention: documents and raw messages past their time, and the "
	  "record of what was purged (kind, whose, when; never content)",
	  "ALTER TABLE wf_document ADD COLUMN purged_at INTEGER;"
	  "ALTER TABLE message ADD COLUMN purged_at INTEGER;"
	  "ALTER TABLE wf_pending_att ADD COLUMN purged_at INTEGER;"
	  "CREATE INDEX wf_document_path ON wf_document(path);"
	  "CREATE INDEX message_from ON message(from_addr);"
	  "CREATE INDEX message_stale ON message(outcome, received_at)"
	  "  WHERE purged_at IS NULL;"
	  "CREATE TABLE purge_log("
	  "  id INTEGER PRIMARY KEY,"
	  "  at INTEGER NOT NULL,"
	  "  kind TEXT NOT NULL,"
	  "  whose TEXT NOT NULL,"
	  "  what TEXT NOT NULL) STRICT;" },
	{ 12, "ARCO requests by mail (acceso, rectificación, cancelación, "
	  "oposición) with their legal deadline, and accounts blocked by a "
	  "cancelación",
	  "CREATE TABLE arco_request("
	  "  id INTEGER PRIMARY KEY,"
	  "  email TEXT NOT NULL,"
	  "  account_id INTEGER NOT NULL,"
	  "  kind TEXT NOT NULL CHECK(kind IN ('acceso','rectificacion',"
	  "    'cancelacion','oposicion')),"
	  "  detail TEXT NOT NULL,"
	  "  state TEXT NOT NULL,"
	  "  created INTEGER NOT NULL,"
	  "  due INTEGER NOT NULL,"
	  "  msg_row INTEGER NOT NULL) STRICT;"
	  "ALTER TABLE wf_account ADD COLUMN blocked_at INTEGER;" },
	{ 13, "the access log: every disclosure of personal data (a document "
	  "or personal data mailed, an ARCO answer, a VERIFICAR that named "
	  "someone)",
	  "CREATE TABLE access_log("
	  "  id INTEGER PRIMARY KEY,"
	  "  at INTEGER NOT NULL,"
	  "  recipient TEXT NOT NULL,"
	  "  account_id INTEGER NOT NULL,"
	  "  what TEXT NOT NULL,"
	  "  msg_row INTEGER NOT NULL) STRICT;"
	  "CREATE INDEX access_log_account ON access_log(account_id);" },
	{ 14, "accounts whose personal columns were suppressed when their "
	  "retention ended (issue 12): the purge does it once",
	  "ALTER TABLE wf_account ADD COLUMN anonymised_at INTEGER;" },
	/* store_inflight.h: what a process that died was working on. */
	{ 15, "messages in progress, so one that kills the process is found",
	  "CREATE TABLE msg_inflight("
	  "  sha256 TEXT PRIMARY KEY,"
	  "  deaths INTEGER NOT NULL) STRICT;" },
	/* store_roster.h: tequioctl import alumnos (issue 11). */
	{ 16, "the roster of students from Servicios Escolares, checked by "
	  "REGISTRO",
	  "CREATE TABLE roster("
	  "  matricula TEXT PRIMARY KEY COLLATE NOCASE,"
	  "  nombre TEXT NOT NULL,"
	  "  carrera TEXT NOT NULL,"
	  "  creditos INTEGER NOT NULL CHECK(creditos BETWEEN 0 AND 100),"
	  "  correo TEXT NOT NULL,"
	  "  imported_at INTEGER NOT NULL) STRICT;" },
	/* store_catalogue.h: the catalogue's filters (issue 11). */
	{ 17, "what a student filters programs by: careers, modality, "
	  "economic support, last day offered",
	  "CREATE TABLE wf_program_info("
	  "  program_id INTEGER PRIMARY KEY REFERENCES wf_program(id),"
	  "  carreras TEXT NOT NULL,"
	  "  modalidad TEXT NOT NULL,"
	  "  apoyo TEXT NOT NULL,"
	  "  vigente_hasta INTEGER NOT NULL) STRICT;" },
	/* store_pause.h: days paused (art. 55) count neither toward the
	   legal minimum nor toward the report calendar. */
	{ 18, "pauses of a service (PAUSA): asked, approved, ended",
	  "CREATE TABLE wf_pause("
	  "  id INTEGER PRIMARY KEY,"
	  "  application_id INTEGER NOT NULL REFERENCES wf_application(id),"
	  "  motivo TEXT NOT NULL,"
	  "  from_day INTEGER NOT NULL,"
	  "  to_day INTEGER NOT NULL,"
	  "  ended_day INTEGER NOT NULL,"
	  "  state TEXT NOT NULL,"
	  "  created INTEGER NOT NULL,"
	  "  updated INTEGER NOT NULL) STRICT;"
	  "CREATE INDEX wf_pause_application ON wf_pause(application_id);"
	  "CREATE INDEX wf_pause_state ON wf_pause(state, to_day);" },
	{ 19, "the agency's final evaluation of a service (LIBERAR)",
	  "ALTER TABLE wf_application ADD COLUMN grade TEXT NOT NULL"
	  "  DEFAULT '';" },
	/* Release 1 allowed only the 180/360/480 milestones; monthly
	   reports have milestones of their own (handlers/milestones.c).
	   SQLite cannot drop a CHECK: the table is copied. */
	{ 20, "activity reports at any milestone of hours (monthly reports)",
	  "CREATE TABLE wf_report_new("
	  "  id INTEGER PRIMARY KEY,"
	  "  application_id INTEGER NOT NULL REFERENCES wf_application(id),"
	  "  hours INTEGER NOT NULL CHECK(hours BETWEEN 1 AND 9999),"
	  "  document_id INTEGER REFERENCES wf_document(id),"
	  "  state TEXT NOT NULL,"
	  "  created INTEGER NOT NULL,"
	  "  updated INTEGER NOT NULL,"
	  "  served INTEGER NOT NULL DEFAULT 0,"
	  "  period_from INTEGER NOT NULL DEFAULT 0,"
	  "  period_to INTEGER NOT NULL DEFAULT 0,"
	  "  grade TEXT NOT NULL DEFAULT '',"
	  "  agency_notes TEXT NOT NULL DEFAULT '',"
	  "  UNIQUE(application_id, hours)) STRICT;"
	  "INSERT INTO wf_report_new(id, application_id, hours, document_id,"
	  "  state, created, updated, served, period_from, period_to, grade,"
	  "  agency_notes) SELECT id, application_id, hours, document_id,"
	  "  state, created, updated, served, period_from, period_to, grade,"
	  "  agency_notes FROM wf_report;"
	  "DROP TABLE wf_report;"
	  "ALTER TABLE wf_report_new RENAME TO wf_report;" },
	/* Issue 15: no statement walks the history
	   (tests/unit/test_plans.c).  A letter is looked up by the SHA-256
	   of an attached PDF; PENDIENTES lists the open matters among all
	   ever decided; the daily purge finds the spool files of purged
	   messages and the attachments still in use by path; the
	   daemon's status after every pass counts messages by outcome, kept
	   by triggers instead of a count over every message received. */
	{ 21, "lookups that stay fast as history grows: letters by the "
	  "SHA-256 of their PDF, open matters, purged spool files, "
	  "attachments by path, and the count of messages by outcome",
	  "CREATE INDEX letter_issued_sha ON letter_issued(pdf_sha256);"
	  "CREATE INDEX message_purged_paths ON message(purged_at)"
	  "  WHERE purged_at IS NOT NULL AND spool_path != '';"
	  "CREATE INDEX wf_pending_att_path ON wf_pending_att(path);"
	  "CREATE INDEX wf_matter_state ON wf_matter(state);"
	  "CREATE TABLE message_count("
	  "  outcome TEXT PRIMARY KEY,"
	  "  n INTEGER NOT NULL) STRICT;"
	  "INSERT INTO message_count(outcome, n)"
	  "  SELECT outcome, count(*) FROM message GROUP BY outcome;"
	  "CREATE TRIGGER message_count_insert AFTER INSERT ON message BEGIN"
	  "  INSERT INTO message_count(outcome, n) VALUES(new.outcome, 1)"
	  "    ON CONFLICT(outcome) DO UPDATE SET n = n + 1;"
	  " END;"
	  "CREATE TRIGGER message_count_update AFTER UPDATE OF outcome"
	  "  ON message WHEN old.outcome IS NOT new.outcome BEGIN"
	  "  UPDATE message_count SET n = n - 1 WHERE outcome = old.outcome;"
	  "  INSERT INTO message_count(outcome, n) VALUES(new.outcome, 1)"
	  "    ON CONFLICT(outcome) DO UPDATE SET n = n + 1;"
	  " END;"
	  "CREATE TRIGGER message_count_delete AFTER DELETE ON message BEGIN"
	  "  UPDATE message_count SET n = n - 1 WHERE outcome = old.outcome;"
	  " END;" },
	/* store_convenio.h: the convenio's term (issue 11). */
	{ 22, "the term of each agency's convenio, for RENOVAR and its "
	  "reminders",
	  "CREATE TABLE wf_convenio("
	  "  agency_id INTEGER PRIMARY KEY REFERENCES wf_account(id),"
	  "  starts_at INTEGER NOT NULL,"
	  "  ends_at INTEGER NOT NULL) STRICT;"
	  "CREATE INDEX wf_convenio_ends ON wf_convenio(ends_at);" },
	/* store_quarantine.h: tequioctl quarantine release (issue 11). */
	{ 23, "messages released from quarantine: what finds each one again "
	  "in the mailbox, and whether its move back to the inbox finished",
	  "CREATE TABLE msg_release("
	  "  msg_row INTEGER PRIMARY KEY REFERENCES message(id),"
	  "  sha256 TEXT NOT NULL,"
	  "  message_id TEXT NOT NULL,"
	  "  spool_path TEXT NOT NULL,"
	  "  released_at INTEGER NOT NULL,"
	  "  done_at INTEGER) STRICT;" },
	/* store_coordinator.h: coordinators' personal addresses (issue 11). */
	{ 24, "the coordinators' personal addresses (only each token's hash)",
	  "CREATE TABLE coordinator_token("
	  "  email TEXT PRIMARY KEY COLLATE NOCASE,"
	  "  token_hash TEXT NOT NULL UNIQUE,"
	  "  issued_at INTEGER NOT NULL) STRICT;" },
	/* handlers/convenio.c, convenio_backfill: the convenios issued
	   before migration 22 get their term from the letters register
	   once, at the next convenio job, which knows [convenio] years;
	   the flag says it is still to be done. */
	{ 25, "the term of convenios issued before terms were kept, from "
	  "the letters register: looked up by recipient and kind",
	  "CREATE INDEX letter_issued_recipient ON letter_issued("
	  "  recipient COLLATE NOCASE, kind, issued_at);"
	  "INSERT INTO daemon_state(name, value)"
	  "  VALUES('convenio.backfill', 1)"
	  "  ON CONFLICT(name) DO UPDATE SET value = 1;" },
	/* store_catalogue.h: with [workflow] programs_need_approval an edit
	   of a published program waits for the coordinators; the version
	   it proposes is kept here, whole, until it is decided. */
	{ 26, "an edit of a program that waits for the coordinators' "
	  "approval",
	  "CREATE TABLE wf_program_edit("
	  "  id INTEGER PRIMARY KEY,"
	  "  program_id INTEGER NOT NULL REFERENCES wf_program(id),"
	  "  name TEXT NOT NULL,"
	  "  vacantes INTEGER NOT NULL,"
	  "  horario TEXT NOT NULL,"
	  "  lugar TEXT NOT NULL,"
	  "  descripcion TEXT NOT NULL,"
	  "  carreras TEXT NOT NULL,"
	  "  modalidad TEXT NOT NULL,"
	  "  apoyo TEXT NOT NULL,"
	  "  vigente_hasta INTEGER NOT NULL,"
	  "  cambios TEXT NOT NULL,"
	  "  created INTEGER NOT NULL) STRICT;"
	  "CREATE INDEX wf_program_edit_program ON wf_program_edit(program_id);" },
	/* store_pack.h: a batch's received messages are one file (issue
	   15).  Each pack is recorded before it is written, so none can
	   outlive its messages unseen: jobs/packs.c looks at each once it
	   is due, erases what no message (or release under way) points at
	   and removes the file when nothing is left; the retention makes a
	   pack due again when it erases one of its members. */
	{ 27, "the spool's packs (one file per batch of received messages) "
	  "and which messages point into each",
	  "CREATE TABLE spool_pack("
	  "  id INTEGER PRIMARY KEY,"
	  "  path TEXT NOT NULL UNIQUE,"
	  "  created INTEGER NOT NULL,"
	  "  due INTEGER) STRICT;"
	  "CREATE INDEX spool_pack_due ON spool_pack(due)"
	  "  WHERE due IS NOT NULL;"
	  "CREATE INDEX message_spool_path ON message(spool_path);"
	  "CREATE INDEX msg_release_spool_path ON msg_release(spool_path);" },
	/* store_outbox.c: claiming a mail and recording it sent rewrite its
	   row; with the ~3 KB body in the row that was a whole page per
	   mail, twice, in the WAL and again at the checkpoint (issue 15).
	   The body now lives in a table of its own, written once; the row
	   keeps its length (the delivery run's window, and 0 once the body
	   is forgotten, which the partial index finds). */
	{ 28, "the bytes of outgoing mail in a table of their own, so "
	  "delivering one rewrites a small row, not its body",
	  "CREATE TABLE outbox_body("
	  "  id INTEGER PRIMARY KEY REFERENCES outbox(id),"
	  "  raw BLOB NOT NULL) STRICT;"
	  "INSERT INTO outbox_body(id, raw)"
	  "  SELECT id, raw FROM outbox WHERE length(raw) > 0;"
	  "ALTER TABLE outbox ADD COLUMN raw_len INTEGER NOT NULL DEFAULT 0;"
	  "UPDATE outbox SET raw_len = length(raw);"
	  "DROP INDEX outbox_sent_bodies;"
	  "ALTER TABLE outbox DROP COLUMN raw;"
	  "CREATE INDEX outbox_sent_bodies ON outbox(sent_at)"
	  "  WHERE status = 'sent' AND raw_len > 0;" },
};

int
store_schema_latest(void)
{
	return ARRAY_LEN(migrations) == 0 ? 1 :
	    migrations[ARRAY_LEN(migrations) - 1].version;
}

int
store_schema_version(struct store *st)
{
	sqlite3_stmt *s;
	int v = -1;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

static int
exec_logged(struct store *st, const char *sql, const char *what)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_err("database: %s: %s", what, msg ? msg : "error");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int
set_version(struct store *st, int v)
{
	char sql[64];

	/* PRAGMA takes no parameters; v is our own integer. */
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v);
	return exec_logged(st, sql, "setting the schema version");
}

/* Every migration leaves a row in schema_log (from version 2 on, which
   creates the table). */
static int
log_migration(struct store *st, const struct migration *m)
{
	sqlite3_stmt *s;

	if (m->version < 2)
		return 0;
	s = store_stmt(st, "INSERT OR REPLACE INTO schema_log(version, "
	    "applied_at, what) VALUES(?1, ?2, ?3)");
	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, m->version);
	sqlite3_bind_int64(s, 2, now_seconds());
	sqlite3_bind_text(s, 3, m->what, -1, SQLITE_STATIC);
	return store_step_done(st, s, "recording a migration");
}

static int
migrate_from(struct store *st, int from)
{
	if (from < 1) {
		for (size_t i = 0; i < ARRAY_LEN(schema_v1); i++)
			if (exec_logged(st, schema_v1[i],
			    "creating the schema") != 0)
				return -1;
		from = 1;
	}
	for (size_t i = 0; i < ARRAY_LEN(migrations); i++) {
		if (migrations[i].version <= from)
			continue;
		if (exec_logged(st, migrations[i].sql,
		    migrations[i].what) != 0 ||
		    log_migration(st, &migrations[i]) != 0)
			return -1;
		log_info("database: migrated to schema %d: %s",
		    migrations[i].version, migrations[i].what);
	}
	return set_version(st, store_schema_latest());
}

int
store_migrate(struct store *st, char *err, size_t errlen)
{
	int latest = store_schema_latest();
	int v = store_schema_version(st);

	/* The common case takes no write lock, so readers open a database
	   that someone else is writing. */
	if (v == latest)
		return 0;
	if (store_begin(st) != 0)
		goto fail;
	v = store_schema_version(st);
	if (v > latest) {
		store_rollback(st);
		snprintf(err, errlen, "database: schema version %d is newer "
		    "than this tequio understands (%d); run the newer "
		    "version or restore a backup", v, latest);
		return -1;
	}
	if (v < 0 || (v < latest && migrate_from(st, v) != 0)) {
		store_rollback(st);
		goto fail;
	}
	if (store_commit(st) != 0)
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "database: cannot bring the schema to version "
	    "%d: %s", latest, sqlite3_errmsg(st->db));
	return -1;
}
