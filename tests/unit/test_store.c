/* SPDX-License-Identifier: ISC */
/*
 * test_store.c - the message records of store_mail.c and the batch
 * transactions of store.c: a message is found again by UID, by SHA-256 and
 * by Message-ID; a rolled-back savepoint leaves no trace while the rest of
 * its batch commits; the cursor and unmoved list; and none of
 * these lookups scans a whole table (they run once per message, so a scan
 * makes a mailbox's life quadratic).
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

#include "common/util.h"
#include "store/store_internal.h"

#define N 300

static char dir[] = "/tmp/tequio-store-XXXXXX";

static struct store *
open_store(const char *name)
{
	char *path = xasprintf("%s/%s", dir, name), err[256];
	struct store *st;

	assert_int_equal(store_open(path, &st, err, sizeof(err)), 0);
	free(path);
	return st;
}

static void
insert(struct store *st, int i, int64_t *id)
{
	struct msg_record r;
	char sha[65], msgid[64];

	snprintf(sha, sizeof(sha), "%064d", i);
	snprintf(msgid, sizeof(msgid), "m%d@example.org", i);
	memset(&r, 0, sizeof(r));
	r.uidvalidity = 7;
	r.uid = i;
	r.message_id = msgid;
	r.sha256 = sha;
	r.spool_path = "/spool/x";
	r.from_addr = "ana@alumnos.utv.edu.mx";
	r.subject = "AYUDA";
	r.command = "AYUDA";
	r.outcome = OUTCOME_PROCESSED;
	r.folder = "Procesados";
	assert_int_equal(store_msg_insert(st, &r, id), 0);
}

/* No cached statement has stepped through a full table scan. */
static void
assert_no_scans(struct store *st)
{
	const char *worst;
	int scans = store_full_scans(st, &worst);

	if (scans > 0)
		fail_msg("%d full-scan steps, most in: %s", scans, worst);
}

static void
test_find_again(void **state)
{
	struct store *st = open_store("find.db");
	char *folder = NULL, sha[65];
	int64_t id, found_id;

	(void)state;
	assert_int_equal(store_begin(st), 0);
	for (int i = 1; i <= N; i++)
		insert(st, i, &id);
	assert_int_equal(store_commit(st), 0);

	/* By UID. */
	assert_int_equal(store_msg_find(st, 7, 150, "", NULL, NULL,
	    &found_id, &folder), 1);
	assert_int_equal(found_id, 150);
	assert_string_equal(folder, "Procesados");
	free(folder);
	/* After a UIDVALIDITY change: by SHA-256. */
	snprintf(sha, sizeof(sha), "%064d", 42);
	assert_int_equal(store_msg_find(st, 8, 1, sha, NULL, NULL, &found_id,
	    &folder), 1);
	assert_int_equal(found_id, 42);
	free(folder);
	/* The same mail with other bytes (another Received:): Message-ID
	   from the same sender, but not from someone else. */
	assert_int_equal(store_msg_find(st, 8, 2, "other", "m43@example.org",
	    "ana@alumnos.utv.edu.mx", &found_id, &folder), 1);
	assert_int_equal(found_id, 43);
	free(folder);
	assert_int_equal(store_msg_find(st, 8, 2, "other", "m43@example.org",
	    "eve@example.org", &found_id, &folder), 0);
	/* Unknown. */
	assert_int_equal(store_msg_find(st, 7, N + 1, "nope", "", "",
	    &found_id, &folder), 0);
	assert_no_scans(st);
	store_close(st);
}

static void
test_batch_savepoints(void **state)
{
	struct store *st = open_store("batch.db");
	int64_t id, n;

	(void)state;
	assert_int_equal(store_batch_begin(st), 0);
	for (int i = 1; i <= 3; i++) {
		assert_int_equal(store_begin(st), 0);
		insert(st, i, &id);
		if (i == 2)
			store_rollback(st);	/* this message failed */
		else
			assert_int_equal(store_commit(st), 0);
	}
	assert_true(store_in_tx(st));
	assert_int_equal(store_batch_commit(st), 0);
	assert_false(store_in_tx(st));
	assert_int_equal(store_count(st, "messages", &n), 0);
	assert_int_equal(n, 2);

	/* A batch that was rolled back cannot be committed as if it had
	   not been: the caller must not move its mail. */
	assert_int_equal(store_batch_begin(st), 0);
	assert_int_equal(store_begin(st), 0);
	insert(st, 20, &id);
	assert_int_equal(store_commit(st), 0);
	store_batch_rollback(st);
	assert_int_equal(store_batch_commit(st), -1);
	assert_false(store_in_tx(st));

	/* A batch rolled back leaves nothing, committed savepoints too. */
	assert_int_equal(store_batch_begin(st), 0);
	assert_int_equal(store_begin(st), 0);
	insert(st, 10, &id);
	assert_int_equal(store_commit(st), 0);
	store_batch_rollback(st);
	assert_int_equal(store_count(st, "messages", &n), 0);
	assert_int_equal(n, 2);
	store_close(st);
}

static void
test_cursor_counts_unmoved(void **state)
{
	struct store *st = open_store("misc.db");
	int64_t uv, last, id, *rows, *uids;
	size_t n;

	(void)state;
	assert_int_equal(store_mailbox_get(st, "INBOX", &uv, &last), 0);
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(store_mailbox_set(st, "INBOX", 7, 99), 0);
	for (int i = 1; i <= N; i++)
		insert(st, i, &id);
	for (int i = 1; i <= N; i++)
		if (i != 17 && i != 250)
			assert_int_equal(store_msg_mark_moved(st, i), 0);
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(store_mailbox_get(st, "INBOX", &uv, &last), 1);
	assert_int_equal(uv, 7);
	assert_int_equal(last, 99);

	assert_int_equal(store_msg_unmoved(st, 7, &rows, &uids, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(uids[0], 17);
	assert_int_equal(uids[1], 250);
	free(rows);
	free(uids);

	assert_no_scans(st);
	store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_again),
		cmocka_unit_test(test_batch_savepoints),
		cmocka_unit_test(test_cursor_counts_unmoved),
	};
	char *cmd;
	int rc;

	if (mkdtemp(dir) == NULL)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		rc = 1;
	free(cmd);
	return rc;
}
