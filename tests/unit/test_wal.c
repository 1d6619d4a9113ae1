/* SPDX-License-Identifier: ISC */
/*
 * test_wal.c - the WAL stays bounded (store.c, store_checkpoint_due).
 *
 * The delivery side checkpoints only once STORE_CHECKPOINT_FRAMES have
 * gathered, and PASSIVE checkpoints stop at the frames another
 * connection's snapshot may still read: during a long pass the mailbox
 * side is in a batch nearly all the time, so without more the WAL would
 * never start again and would grow for as long as mail comes.  Here a
 * reader (the batch) holds an old snapshot while the WAL passes
 * STORE_RESTART_FRAMES; the checkpoint waits for it to end, and the next
 * commit starts the WAL again, cut back to journal_size_limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/log.h"
#include "common/util.h"
#include "store/store_internal.h"

static char dir[] = "/tmp/tequio-wal-XXXXXX";

/* The reader that stands for the mailbox side's batch. */
struct reader {
	sqlite3 *db;
	pthread_mutex_t lock;
	int checkpointing;	/* the test is about to checkpoint */
};

static off_t
size_of(const char *path)
{
	struct stat sb;

	assert_int_equal(stat(path, &sb), 0);
	return sb.st_size;
}

/* Rows of ~4 KB, one page each, committed rows at a time. */
static void
fill(struct store *st, int rows)
{
	assert_int_equal(store_begin(st), 0);
	for (int i = 0; i < rows; i++)
		assert_int_equal(store_exec(st, "INSERT INTO t(b)"
		    " VALUES(zeroblob(4000))"), 0);
	assert_int_equal(store_commit(st), 0);
}

static int
is_checkpointing(struct reader *r)
{
	int c;

	pthread_mutex_lock(&r->lock);
	c = r->checkpointing;
	pthread_mutex_unlock(&r->lock);
	return c;
}

/* Ends the read once the checkpoint has begun, and a while after, so
   that a checkpoint that did not wait for it has long returned. */
static void *
end_read(void *arg)
{
	struct reader *r = arg;
	struct timespec ts = { 0, 200 * 1000 * 1000 };

	for (int i = 0; i < 10000 && !is_checkpointing(r); i++) {
		struct timespec tick = { 0, 1000 * 1000 };

		nanosleep(&tick, NULL);
	}
	nanosleep(&ts, NULL);
	if (sqlite3_exec(r->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return r;
	return NULL;
}

static int64_t
ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A store past STORE_RESTART_FRAMES while reader r holds the snapshot
   it took after the first 100 rows. */
static struct store *
past_the_limit(const char *path, struct reader *r)
{
	char err[256];
	struct store *st;

	assert_int_equal(store_open(path, &st, err, sizeof(err)), 0);
	store_wal_watch(st);
	assert_int_equal(store_exec(st, "CREATE TABLE t(b BLOB)"), 0);
	fill(st, 100);
	assert_int_equal(sqlite3_open(path, &r->db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(r->db, "BEGIN; SELECT count(*) FROM t",
	    NULL, NULL, NULL), SQLITE_OK);
	for (int i = 0; i < STORE_RESTART_FRAMES / 500; i++)
		fill(st, 500);
	assert_true(store_wal_pending(st) >= STORE_RESTART_FRAMES);
	return st;
}

static void
wal_starts_again_past_the_limit(void **state)
{
	char *path = xasprintf("%s/t.db", dir), *wal;
	struct reader r = { .db = NULL, .checkpointing = 0 };
	struct store *st;
	pthread_t th;
	void *failed;

	(void)state;
	wal = xasprintf("%s-wal", path);
	/* The batch's snapshot: it may still read the frames after it. */
	st = past_the_limit(path, &r);
	assert_true(size_of(wal) > (off_t)STORE_RESTART_FRAMES * 4096);

	pthread_mutex_init(&r.lock, NULL);
	assert_int_equal(pthread_create(&th, NULL, end_read, &r), 0);
	pthread_mutex_lock(&r.lock);
	r.checkpointing = 1;
	pthread_mutex_unlock(&r.lock);
	assert_int_equal(store_checkpoint_due(st, 0), 0);
	assert_int_equal(pthread_join(th, &failed), 0);
	assert_null(failed);

	/* The next commit writes from the WAL's first frame, and cuts the
	   file back to journal_size_limit (16 MiB). */
	fill(st, 1);
	assert_true(store_wal_pending(st) < 10);
	assert_true(size_of(wal) <= 16 * 1024 * 1024);

	sqlite3_close(r.db);
	pthread_mutex_destroy(&r.lock);
	store_close(st);
	free(wal);
	free(path);
}

/*
 * The delivery thread sends nothing while that checkpoint waits: a batch
 * that lasts longer than STORE_RESTART_WAIT_MS is not waited for, and
 * the next try comes only after more has gathered, not at the next
 * commit.
 */
static void
restart_waits_a_bounded_time(void **state)
{
	char *path = xasprintf("%s/v.db", dir), *wal;
	struct reader r = { .db = NULL, .checkpointing = 0 };
	struct store *st = past_the_limit(path, &r);
	int64_t t0;

	(void)state;
	wal = xasprintf("%s-wal", path);
	t0 = ms_now();
	assert_int_equal(store_checkpoint_due(st, 0), 0);
	assert_in_range(ms_now() - t0, STORE_RESTART_WAIT_MS / 2,
	    5 * STORE_RESTART_WAIT_MS);
	fill(st, 1);
	t0 = ms_now();
	assert_int_equal(store_checkpoint_due(st, 0), 0);
	assert_true(ms_now() - t0 < STORE_RESTART_WAIT_MS / 2);
	/* The batch ends; once more has gathered the WAL starts again. */
	assert_int_equal(sqlite3_exec(r.db, "COMMIT", NULL, NULL, NULL),
	    SQLITE_OK);
	for (int i = 0; i < STORE_CHECKPOINT_FRAMES / 2 / 500 + 1; i++)
		fill(st, 500);
	assert_int_equal(store_checkpoint_due(st, 0), 0);
	fill(st, 1);
	assert_true(store_wal_pending(st) < 10);
	assert_true(size_of(wal) <= 16 * 1024 * 1024);
	sqlite3_close(r.db);
	store_close(st);
	free(wal);
	free(path);
}

/* Below the limit, a run that sent mail leaves the frames where they
   are; an idle one copies them. */
static void
checkpoint_when_enough_or_idle(void **state)
{
	char *path = xasprintf("%s/u.db", dir), err[256];
	struct store *st;
	off_t before;

	(void)state;
	assert_int_equal(store_open(path, &st, err, sizeof(err)), 0);
	store_wal_watch(st);
	assert_int_equal(store_exec(st, "CREATE TABLE t(b BLOB)"), 0);
	assert_int_equal(store_checkpoint(st), 0);
	before = size_of(path);
	fill(st, 50);
	assert_int_equal(store_checkpoint_due(st, 0), 0);
	assert_int_equal(size_of(path), before);
	assert_true(store_wal_pending(st) >= 50);
	assert_int_equal(store_checkpoint_due(st, 1), 0);
	assert_true(size_of(path) >= before + 50 * 4096);
	assert_int_equal(store_wal_pending(st), 0);
	store_close(st);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(checkpoint_when_enough_or_idle),
		cmocka_unit_test(wal_starts_again_past_the_limit),
		cmocka_unit_test(restart_waits_a_bounded_time),
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
