/* SPDX-License-Identifier: ISC */
/*
 * test_fault.c - telling failures that pass from failures that repeat
 * (common/fault.c and its use in store.c): the pipeline quarantines a
 * message on the second kind only, so a full database must never be read
 * as the message's fault, and a constraint broken by the message's data
 * must never be retried forever.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/fault.h"
#include "common/util.h"
#include "store/store_failure.h"
#include "store/store_internal.h"

static void
test_errno_kinds(void **state)
{
	static const int passing[] = {ENOSPC, EDQUOT, EIO, ENOMEM, EROFS};
	static const int repeating[] = {ENOENT, EACCES, EISDIR, EFBIG};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(passing); i++) {
		fault_clear();
		fault_errno("/spool/x", passing[i]);
		assert_true(fault_is_transient());
	}
	for (size_t i = 0; i < ARRAY_LEN(repeating); i++) {
		fault_clear();
		fault_errno("/spool/x", repeating[i]);
		assert_false(fault_is_transient());
	}
	assert_string_equal(fault_why(), "/spool/x: File too large");
}

/* The first failure names the fault; any passing one makes it pass. */
static void
test_first_reason(void **state)
{
	(void)state;
	fault_clear();
	assert_string_equal(fault_why(), "");
	fault_permanent("letter %s cannot be made", "aceptacion");
	fault_transient("database: busy");
	assert_true(fault_is_transient());
	assert_string_equal(fault_why(), "letter aceptacion cannot be made");
	fault_clear();
	assert_false(fault_is_transient());
}

static void *
other_thread(void *arg)
{
	(void)arg;
	fault_clear();
	fault_transient("courier: smtp down");
	return NULL;
}

/* The courier thread's failures never reach the mailbox thread's record. */
static void
test_per_thread(void **state)
{
	pthread_t t;

	(void)state;
	fault_clear();
	fault_permanent("spool: gone");
	assert_int_equal(pthread_create(&t, NULL, other_thread, NULL), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_false(fault_is_transient());
	assert_string_equal(fault_why(), "spool: gone");
}

static struct store *
open_store(char *dir, size_t len)
{
	struct store *st = NULL;
	char err[256], *path;

	snprintf(dir, len, "/tmp/tequio-fault-XXXXXX");
	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/t.db", dir);
	assert_int_equal(store_open(path, &st, err, sizeof(err)), 0);
	free(path);
	return st;
}

static void
close_store(struct store *st, const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	store_close(st);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* A database that is full (SQLITE_FULL, as on a full disk) passes. */
static void
test_database_full_passes(void **state)
{
	char dir[64], *why = xcalloc(1, 64 * 1024);
	struct store *st = open_store(dir, sizeof(dir));
	int count = 0, rc = 0;

	(void)state;
	memset(why, 'x', 64 * 1024 - 1);
	{
		sqlite3_stmt *s;
		char *sql;

		assert_int_equal(sqlite3_prepare_v2(st->db,
		    "PRAGMA page_count", -1, &s, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		sql = xasprintf("PRAGMA max_page_count = %d",
		    sqlite3_column_int(s, 0) + 2);
		sqlite3_finalize(s);
		assert_int_equal(sqlite3_exec(st->db, sql, NULL, NULL, NULL),
		    SQLITE_OK);
		free(sql);
	}
	fault_clear();
	assert_int_equal(store_begin(st), 0);
	for (int i = 0; i < 100 && rc == 0; i++) {
		char sha[16];

		snprintf(sha, sizeof(sha), "sha%d", i);
		rc = store_msg_failure_bump(st, sha, 1, why, &count);
	}
	store_rollback(st);
	assert_int_equal(rc, -1);
	assert_true(fault_is_transient());
	assert_non_null(strstr(fault_why(), "full"));
	free(why);
	close_store(st, dir);
}

/* A constraint the data breaks repeats with the same data. */
static void
test_constraint_repeats(void **state)
{
	char dir[64];
	struct store *st = open_store(dir, sizeof(dir));

	(void)state;
	fault_clear();
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(sqlite3_exec(st->db, "CREATE TABLE t(x INTEGER "
	    "NOT NULL) STRICT", NULL, NULL, NULL), SQLITE_OK);
	{
		sqlite3_stmt *s = store_stmt(st, "INSERT INTO t(x) VALUES(NULL)");

		assert_non_null(s);
		assert_int_equal(store_step_done(st, s, "insert"), -1);
	}
	store_rollback(st);
	assert_false(fault_is_transient());
	assert_non_null(strstr(fault_why(), "NOT NULL"));
	close_store(st, dir);
}

/* The count of a message's temporary failures, and forgetting it. */
static void
test_failure_count(void **state)
{
	char dir[64];
	struct store *st = open_store(dir, sizeof(dir));
	int count = -1;

	(void)state;
	assert_int_equal(store_msg_failures(st, "abc", &count), 0);
	assert_int_equal(count, 0);
	for (int i = 1; i <= 3; i++) {
		assert_int_equal(store_begin(st), 0);
		assert_int_equal(store_msg_failure_bump(st, "abc", i,
		    "spool: No space left on device", &count), 0);
		assert_int_equal(store_commit(st), 0);
		assert_int_equal(count, i);
	}
	assert_int_equal(store_msg_failures(st, "abc", &count), 0);
	assert_int_equal(count, 3);
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(store_msg_failure_clear(st, "abc"), 0);
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(store_msg_failures(st, "abc", &count), 0);
	assert_int_equal(count, 0);
	close_store(st, dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_errno_kinds),
		cmocka_unit_test(test_first_reason),
		cmocka_unit_test(test_per_thread),
		cmocka_unit_test(test_database_full_passes),
		cmocka_unit_test(test_constraint_repeats),
		cmocka_unit_test(test_failure_count),
	};

	return cmocka_run_group_tests_name("fault", tests, NULL, NULL);
}
