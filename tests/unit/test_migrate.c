/* SPDX-License-Identifier: ISC */
/*
 * test_migrate.c - schema versions (store/migrate.c): a database written by
 * the first release (tests/fixtures/db/schema-v1.sql) opens with the
 * current code, reaches the latest version, and keeps every row, each in
 * a state this version knows by name; a new database starts at the latest
 * version; a database newer than this program is refused; opening an
 * up-to-date database takes no write lock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/log.h"
#include "common/util.h"
#include "spool/spool_pack.h"
#include "store/store_internal.h"
#include "store/store_pack.h"
#include "store/store_workflow.h"

static char dir[] = "/tmp/tequio-migrate-XXXXXX";

static const char *const counted[] = {
	"message", "outbox", "letter_issued", "wf_audit", "wf_student",
	"wf_agency", "wf_matter", "wf_document", "wf_report",
};

static int64_t
count(sqlite3 *db, const char *table)
{
	char sql[128];
	sqlite3_stmt *s;
	int64_t n = -1;

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* Load the release-1 dump into a new file with plain SQLite. */
static char *
make_v1(const char *name, int64_t *counts)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *sql;
	size_t len;
	sqlite3 *db;

	assert_int_equal(read_file("tests/fixtures/db/schema-v1.sql",
	    1 << 20, &sql, &len), 0);

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	for (size_t i = 0; i < ARRAY_LEN(counted); i++) {
		counts[i] = count(db, counted[i]);
		assert_true(counts[i] > 0);
	}
	sqlite3_close(db);
	free(sql);
	return path;
}

static void
release1_database_migrates_and_keeps_rows(void **state)
{
	int64_t before[ARRAY_LEN(counted)];
	char *path = make_v1("v1.db", before), err[256];
	struct store *st;

	(void)state;
	assert_int_equal(store_open(path, &st, err, sizeof(err)), 0);
	assert_int_equal(store_schema_version(st), store_schema_latest());
	for (size_t i = 0; i < ARRAY_LEN(counted); i++)
		assert_int_equal(count(st->db, counted[i]), before[i]);
	/* Every migration after version 1 left its row. */
	assert_int_equal(count(st->db, "schema_log"),
	    store_schema_latest() - 1);
	/* Release-1 reports (180, 360, 480) served the hours between their
	   milestones: 480 in all, so the service stays complete. */
	{
		struct wf_hours h;

		assert_int_equal(store_wf_hours_student(st, 2, &h), 0);
		assert_int_equal(h.accepted, 480);
	}
	/* Migration 27: no pack yet; the raw messages of release 1 stay
	   files of their own (no path of theirs names a pack member), and
	   a pack's members are found through the new index without them. */
	{
		sqlite3_stmt *s;
		char **members, *pack = NULL;
		uint64_t off, len;
		size_t n;

		assert_int_equal(count(st->db, "spool_pack"), 0);
		assert_int_equal(sqlite3_prepare_v2(st->db, "SELECT spool_path "
		    "FROM message", -1, &s, NULL), SQLITE_OK);
		while (sqlite3_step(s) == SQLITE_ROW)
			assert_int_equal(spool_member_parse((const char *)
			    sqlite3_column_text(s, 0), &pack, &off, &len), 0);
		sqlite3_finalize(s);
		assert_int_equal(store_pack_members(st, "/var/spool/tequio/"
		    "pack/ab/ab0123456789abcdef0123456789abcd.pack", &members,
		    &n), 0);
		assert_int_equal(n, 0);
		free(members);
	}
	/* Monthly milestones (80 hours) fit the table copied by migration
	   18; release 1 allowed only 180, 360 and 480. */
	{
		struct wf_report r;
		int64_t id;

		assert_int_equal(store_begin(st), 0);
		assert_int_equal(store_wf_report_insert(st, 1, 80, 0, 1, &id),
		    0);
		assert_int_equal(store_wf_report_get(st, 1, 80, &r), 1);
		assert_int_equal(r.hours, 80);
		wf_report_free(&r);
		store_rollback(st);
	}
	store_close(st);
	/* A second open finds nothing to do and changes nothing. */
	assert_int_equal(store_open(path, &st, err, sizeof(err)), 0);
	assert_int_equal(count(st->db, "schema_log"),
	    store_schema_latest() - 1);
	store_close(st);
	free(path);
}

static void
exec_ok(sqlite3 *db, const char *sql)
{
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
}

/*
 * Migration 28 moves the outbox's bytes into outbox_body: a mail still
 * queued keeps every byte to send, a sent one the bytes shown until
 * keep_sent_days, one already forgotten (X'') gets no body, and each row
 * keeps the length of its own.
 */
static void
release1_outbox_bodies_survive(void **state)
{
	int64_t before[ARRAY_LEN(counted)];
	char *path = make_v1("v1-outbox.db", before), err[256], body[6000];
	struct outbox_row *rows;
	struct store *st;
	sqlite3 *db;
	size_t n;
	int64_t kept;

	(void)state;
	memset(body, 'y', sizeof(body));
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	/* 6000 bytes 'y': the hex of 3000 zero bytes, every digit a y. */
	exec_ok(db, "UPDATE outbox SET status = 'queued', next_try = 0,"
	    " raw = cast(replace(hex(zeroblob(3000)), '0', 'y') AS BLOB)"
	    " WHERE id = 1");
	exec_ok(db, "UPDATE outbox SET raw = X'' WHERE id = 2");
	sqlite3_close(db);
	kept = before[1] - 1;	/* every row of the outbox but id 2 */

	assert_int_equal(store_open(path, &st, err, sizeof(err)), 0);
	assert_int_equal(count(st->db, "outbox"), before[1]);
	assert_int_equal(count(st->db, "outbox_body"), kept);
	assert_int_equal(store_outbox_due(st, 1, 10, &rows, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, 1);
	assert_int_equal(rows[0].raw_len, sizeof(body));
	assert_memory_equal(rows[0].raw, body, sizeof(body));
	outbox_rows_free(rows, n);
	assert_int_equal(store_outbox_due_heads(st, 1, 10, &rows, &n), 0);
	assert_int_equal(rows[0].raw_len, sizeof(body));
	outbox_rows_free(rows, n);
	assert_int_equal(store_outbox_list(st, "sent", &rows, &n), 0);
	assert_int_equal(n, (size_t)before[1] - 1);
	assert_int_equal(rows[0].id, 2);
	assert_int_equal(store_outbox_body(st, &rows[0]), 1);
	assert_int_equal(rows[0].raw_len, 0);
	assert_int_equal(store_outbox_body(st, &rows[1]), 1);
	assert_memory_equal(rows[1].raw, "Removed", 7);
	outbox_rows_free(rows, n);
	/* The row holds its length, not its bytes. */
	assert_int_equal(sqlite3_exec(st->db, "SELECT raw FROM outbox", NULL,
	    NULL, NULL), SQLITE_ERROR);
	store_close(st);
	free(path);
}

/* Every row sql lists (id, and the role of an account) reads as a state
   of its entity. */
static void
each_state_known(struct store *st, const char *sql, enum wf_entity e)
{
	sqlite3_stmt *s;
	int rows = 0;

	assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL),
	    SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		const char *role = (const char *)sqlite3_column_text(s, 1);
		enum wf_entity re = e;
		enum wf_state state;

		if (role != NULL)
			re = strcmp(role, "alumno") == 0 ? WF_ALUMNO :
			    WF_DEPENDENCIA;
		if (store_wf_state_get(st, re, id, &state) != 1)
			fail_msg("%s %lld: its state is no state this "
			    "version knows", wf_entity_name(re), (long long)id);
		assert_int_equal(wf_state_entity(state), re);
		rows++;
	}
	sqlite3_finalize(s);
	assert_true(rows > 0);
}

/* The words a release-1 database stores for its states are the ones
   enum wf_state names (store_wf_states.c): renaming one would strand
   every row in it. */
static void
release1_states_are_known(void **state)
{
	int64_t before[ARRAY_LEN(counted)];
	char *path = make_v1("v1-states.db", before), err[256];
	struct store *st;

	(void)state;
	assert_int_equal(store_open(path, &st, err, sizeof(err)), 0);
	each_state_known(st, "SELECT id, role FROM wf_account", WF_ALUMNO);
	each_state_known(st, "SELECT id, NULL FROM wf_program", WF_PROGRAMA);
	each_state_known(st, "SELECT id, NULL FROM wf_application",
	    WF_SOLICITUD);
	each_state_known(st, "SELECT id, NULL FROM wf_report", WF_REPORTE);
	each_state_known(st, "SELECT id, NULL FROM wf_document",
	    WF_DOCUMENTO);
	each_state_known(st, "SELECT id, NULL FROM wf_matter", WF_ASUNTO);
	store_close(st);
	free(path);
}

static void
new_database_is_latest(void **state)
{
	char *path = xasprintf("%s/new.db", dir), err[256];
	struct store *st;

	(void)state;
	assert_int_equal(store_open(path, &st, err, sizeof(err)), 0);
	assert_int_equal(store_schema_version(st), store_schema_latest());
	store_close(st);
	free(path);
}

static void
newer_database_is_refused(void **state)
{
	char *path = xasprintf("%s/future.db", dir), err[256], sql[64];
	struct store *st;
	sqlite3 *db;

	(void)state;
	assert_int_equal(store_open(path, &st, err, sizeof(err)), 0);
	store_close(st);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
	    store_schema_latest() + 1);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(path, &st, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "newer"));
	free(path);
}

/* Another process holds the write lock: an up-to-date database still
   opens (tequioctl status while the daemon writes). */
static void
open_needs_no_write_lock(void **state)
{
	char *path = xasprintf("%s/locked.db", dir), err[256];
	struct store *st, *reader;

	(void)state;
	assert_int_equal(store_open(path, &st, err, sizeof(err)), 0);
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(store_open(path, &reader, err, sizeof(err)), 0);
	store_close(reader);
	store_rollback(st);
	store_close(st);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(release1_database_migrates_and_keeps_rows),
		cmocka_unit_test(release1_states_are_known),
		cmocka_unit_test(release1_outbox_bodies_survive),
		cmocka_unit_test(new_database_is_latest),
		cmocka_unit_test(newer_database_is_refused),
		cmocka_unit_test(open_needs_no_write_lock),
	};
	char *cmd;
	int rc;

	log_set_level(LOG_LVL_ERR);
	if (mkdtemp(dir) == NULL)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		rc = 1;
	free(cmd);
	return rc;
}
