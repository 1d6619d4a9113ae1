/* SPDX-License-Identifier: ISC */
/*
 * test_packs.c - the sweep of the spool's packs (jobs/packs.c) against a
 * real database and spool: a pack no row points at is removed with its
 * row; one whose batch recorded only some of its messages keeps those and
 * loses the bytes of the rest; a member a release under way still needs
 * (msg_release, done_at NULL) is kept though its message row let go of
 * it, and once the release is done (store_release_finish) its pack falls
 * due and the copy goes; a pack not due yet is not touched; and once the
 * retention erases
 * the last member a row points at and the pack falls due, the file goes.
 * A released message kept as a whole file (--pipe, or from before packs)
 * is erased by the purge once its release is done, or once its message is
 * purged when the release never finished, unless a message read again
 * points at the same file.
 */
#include <errno.h>
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
#include "config/config.h"
#include "jobs/packs.h"
#include "jobs/purge.h"
#include "spool/spool.h"
#include "spool/spool_pack.h"
#include "store/store_internal.h"
#include "store/store_pack.h"
#include "store/store_quarantine.h"

#define NOW	1795000000

static const unsigned char key[SPOOL_KEY_LEN] =
    "0123456789abcdef0123456789abcde";

struct fx {
	char dir[64];
	struct config cfg;
	struct store *st;
	int msgs;
	int rows;
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	char err[256], *spool, *db;

	snprintf(f->dir, sizeof(f->dir), "/tmp/tequio-packs-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	spool = xasprintf("%s/spool", f->dir);
	db = xasprintf("%s/t.db", f->dir);
	assert_int_equal(spool_init(spool, err, sizeof(err)), 0);
	assert_int_equal(store_open(db, &f->st, err, sizeof(err)), 0);
	free(db);
	f->cfg.spool = spool;
	spool_set_key(key);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char *cmd = xasprintf("rm -rf '%s'", f->dir);

	store_close(f->st);
	spool_set_key(NULL);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(f->cfg.spool);
	free(f);
	return 0;
}

/* A published pack of n messages, recorded due at due; members[i] and
   *path (caller frees). */
static char *
make_pack(struct fx *f, int n, int64_t due, char **members)
{
	struct spool_pack *pk = spool_pack_new(f->cfg.spool);
	char sha[SPOOL_SHA_HEX], *path;

	assert_int_equal(store_pack_add(f->st, spool_pack_path(pk), NOW,
	    due), 0);
	for (int i = 0; i < n; i++) {
		char *raw = xasprintf("Subject: mensaje %d\r\n\r\nHola %d.\r\n",
		    f->msgs, f->msgs);

		f->msgs++;
		assert_int_equal(spool_pack_add(pk, raw, strlen(raw), sha,
		    &members[i]), 0);
		free(raw);
	}
	assert_int_equal(spool_pack_publish(pk), 0);
	path = xstrdup(spool_pack_path(pk));
	spool_pack_free(pk);
	return path;
}

/* A message row pointing at member; its id. */
static int64_t
record(struct fx *f, const char *member)
{
	struct msg_record r;
	char sha[SPOOL_SHA_HEX];
	int64_t id;

	spool_sha256_hex(member, strlen(member), sha);
	memset(&r, 0, sizeof(r));
	r.uidvalidity = 1;
	r.uid = ++f->rows;
	r.message_id = "";
	r.sha256 = sha;
	r.spool_path = member;
	r.from_addr = "a@b.example";
	r.subject = "";
	r.command = "";
	r.outcome = OUTCOME_PROCESSED;
	r.folder = "Procesados";
	r.note = "";
	assert_int_equal(store_begin(f->st), 0);
	assert_int_equal(store_msg_insert(f->st, &r, &id), 0);
	assert_int_equal(store_commit(f->st), 0);
	return id;
}

static int
readable(const char *member)
{
	char *data;
	size_t len;

	if (spool_read(member, 1 << 20, &data, &len) != 0)
		return 0;
	free(data);
	return 1;
}

static int64_t
one_int(struct fx *f, const char *sql, const char *text)
{
	sqlite3_stmt *s;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(f->st->db, sql, -1, &s, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_type(s, 0) == SQLITE_NULL ? -2 :
		    sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static void
free_all(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
}

static void
test_sweep(void **state)
{
	struct fx *f = *state;
	char *a[3], *b[2], *c[1], *d[1], *pa, *pb, *pc, *pd, *sql;
	size_t removed;
	int64_t row_a0, row_c;

	/* a: the batch recorded 2 of its 3; b: it died before its commit;
	   c: its message is being released; d: written a minute ago. */
	pa = make_pack(f, 3, NOW, a);
	pb = make_pack(f, 2, NOW, b);
	pc = make_pack(f, 1, NOW, c);
	pd = make_pack(f, 1, NOW + 3600, d);
	row_a0 = record(f, a[0]);
	record(f, a[2]);
	row_c = record(f, c[0]);
	sql = xasprintf("INSERT INTO msg_release(msg_row, sha256, message_id, "
	    "spool_path, released_at) SELECT id, sha256, '', spool_path, 1 "
	    "FROM message WHERE id = %lld; UPDATE message SET spool_path = '' "
	    "WHERE id = %lld", (long long)row_c, (long long)row_c);
	assert_int_equal(sqlite3_exec(f->st->db, sql, NULL, NULL, NULL),
	    SQLITE_OK);
	free(sql);

	assert_int_equal(packs_sweep(&f->cfg, f->st, NOW, NOW, &removed), 0);
	assert_int_equal(removed, 1);
	/* b: file and row gone. */
	assert_int_equal(access(pb, F_OK), -1);
	assert_int_equal(one_int(f, "SELECT count(*) FROM spool_pack WHERE "
	    "path = ?1", pb), 0);
	/* a: what rows point at reads, the rest is erased; settled. */
	assert_true(readable(a[0]) && readable(a[2]));
	assert_false(readable(a[1]));
	assert_int_equal(errno, ENOENT);
	assert_int_equal(one_int(f, "SELECT due FROM spool_pack WHERE "
	    "path = ?1", pa), -2);
	/* c: kept for the release under way. */
	assert_true(readable(c[0]));
	/* d: not due yet, not looked at. */
	assert_true(readable(d[0]));
	assert_int_equal(one_int(f, "SELECT due FROM spool_pack WHERE "
	    "path = ?1", pd), NOW + 3600);

	/* The release done: c's member is wanted no more, and its pack is
	   due.  Retention of a's messages: erased, their paths forgotten,
	   the pack due. */
	assert_int_equal(store_release_finish(f->st, row_c, NOW), 0);
	assert_int_equal(one_int(f, "SELECT due FROM spool_pack WHERE "
	    "path = ?1", pc), NOW);
	assert_int_equal(spool_remove(a[0]), 0);
	assert_false(readable(a[0]));
	assert_true(readable(a[2]));
	sql = xasprintf("UPDATE message SET spool_path = '' WHERE id = %lld",
	    (long long)row_a0);
	assert_int_equal(sqlite3_exec(f->st->db, sql, NULL, NULL, NULL),
	    SQLITE_OK);
	free(sql);
	assert_int_equal(store_begin(f->st), 0);
	assert_int_equal(store_pack_recheck_path(f->st, pa, NOW), 0);
	assert_int_equal(store_commit(f->st), 0);
	assert_int_equal(packs_sweep(&f->cfg, f->st, NOW, NOW, &removed), 0);
	/* a still has a member a row points at; c has none. */
	assert_int_equal(removed, 1);
	assert_int_equal(access(pa, F_OK), 0);
	assert_int_equal(access(pc, F_OK), -1);
	assert_true(readable(a[2]));

	/* At start-up every pack recorded is looked at, due or not. */
	assert_int_equal(packs_sweep(&f->cfg, f->st, INT64_MAX, NOW,
	    &removed), 0);
	assert_int_equal(removed, 1);
	assert_int_equal(access(pd, F_OK), -1);
	assert_int_equal(one_int(f, "SELECT count(*) FROM spool_pack", ""),
	    1);

	free_all(a, 3);
	free_all(b, 2);
	free_all(c, 1);
	free_all(d, 1);
	free(pa);
	free(pb);
	free(pc);
	free(pd);
}

/* The retention, as the daemon runs it daily. */
static void
purge(struct fx *f)
{
	struct purge_item *items = NULL;
	size_t n = 0, files;

	assert_int_equal(purge_run(&f->cfg, f->st, NOW, 0, &items, &n,
	    &files), 0);
	purge_items_free(items, n);
}

/* A whole-file copy of a released message (received by --pipe, or kept
   by a tequio from before packs), its release done when finish. */
static char *
released_file(struct fx *f, const char *text, int finish, int64_t *row)
{
	char sha[SPOOL_SHA_HEX], *path, *sql;

	assert_int_equal(spool_put(f->cfg.spool, "msg", text, strlen(text),
	    0600, sha, &path), 0);
	*row = record(f, path);
	sql = xasprintf("INSERT INTO msg_release(msg_row, sha256, message_id, "
	    "spool_path, released_at) SELECT id, sha256, '', spool_path, 1 "
	    "FROM message WHERE id = %lld; UPDATE message SET spool_path = '', "
	    "sha256 = 'liberado:' || id WHERE id = %lld", (long long)*row,
	    (long long)*row);
	assert_int_equal(sqlite3_exec(f->st->db, sql, NULL, NULL, NULL),
	    SQLITE_OK);
	free(sql);
	if (finish)
		assert_int_equal(store_release_finish(f->st, *row, NOW), 0);
	return path;
}

/*
 * The copy a release kept is no pack member when the message came alone
 * (--pipe) or before packs: no sweep looks at it, and no row but the
 * release's points at it.  The retention erases it once the release is
 * done, unless a message read again since (the same bytes by --pipe are
 * the same file) still points at it.
 */
static void
test_released_file_erased(void **state)
{
	struct fx *f = *state;
	int64_t row, again;
	char *gone, *kept;

	gone = released_file(f, "Subject: liberado\r\n\r\nCURP.\r\n", 1,
	    &row);
	kept = released_file(f, "Subject: otra vez\r\n\r\nRFC.\r\n", 1,
	    &row);
	again = record(f, kept);
	purge(f);
	assert_int_equal(access(gone, F_OK), -1);
	assert_int_equal(one_int(f, "SELECT count(*) FROM msg_release WHERE "
	    "spool_path = ?1", gone), 0);
	assert_int_equal(access(kept, F_OK), 0);
	assert_true(readable(kept));
	/* Once that message goes too, so does the file, and the release
	   lets go of it. */
	assert_int_equal(sqlite3_exec(f->st->db, "UPDATE message SET "
	    "purged_at = 1 WHERE spool_path != ''", NULL, NULL, NULL),
	    SQLITE_OK);
	purge(f);
	assert_int_equal(access(kept, F_OK), -1);
	assert_int_equal(one_int(f, "SELECT count(*) FROM msg_release WHERE "
	    "spool_path != ''", ""), 0);
	{
		char *id = xasprintf("%lld", (long long)again);

		assert_int_equal(one_int(f, "SELECT spool_path = '' FROM "
		    "message WHERE id = CAST(?1 AS INTEGER)", id), 1);
		free(id);
	}
	free(gone);
	free(kept);
}

/*
 * A release begun and never finished keeps its copy for the release, but
 * not past the retention of the message: once the message is purged, the
 * copy goes (the retention runs before the release, which then finds no
 * copy in the spool).
 */
static void
test_unfinished_release_copy_erased(void **state)
{
	struct fx *f = *state;
	int64_t row, waiting;
	char *gone, *kept, *sql;

	gone = released_file(f, "Subject: abandonado\r\n\r\nINE.\r\n", 0,
	    &row);
	kept = released_file(f, "Subject: en curso\r\n\r\nCURP.\r\n", 0,
	    &waiting);
	sql = xasprintf("UPDATE message SET purged_at = 1 WHERE id = %lld",
	    (long long)row);
	assert_int_equal(sqlite3_exec(f->st->db, sql, NULL, NULL, NULL),
	    SQLITE_OK);
	free(sql);
	purge(f);
	assert_int_equal(access(gone, F_OK), -1);
	assert_int_equal(one_int(f, "SELECT count(*) FROM msg_release WHERE "
	    "spool_path = ?1", gone), 0);
	assert_true(readable(kept));
	assert_int_equal(one_int(f, "SELECT count(*) FROM msg_release WHERE "
	    "spool_path = ?1", kept), 1);
	free(gone);
	free(kept);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sweep, setup, teardown),
		cmocka_unit_test_setup_teardown(test_released_file_erased,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_unfinished_release_copy_erased, setup, teardown),
	};

	log_set_level(LOG_LVL_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
