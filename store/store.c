/* SPDX-License-Identifier: ISC */
/*
 * store.c - opening the database, transactions and the statement cache.
 *
 * Settings that the guarantees rest on (SPEC section 4):
 *   journal_mode=WAL, synchronous=FULL: a commit is on disk when
 *     sqlite3_step returns, so a message moved out of INBOX after commit
 *     can never be lost to a power cut (NORMAL could drop the last commit);
 *   BEGIN IMMEDIATE: tequio reads then writes in every transaction;
 *   a busy handler that retries every 0.1-2 ms for up to 10 s: the
 *     mailbox side, the delivery thread and tequioctl share the write
 *     lock, each holding it for a millisecond or so, and SQLite's own
 *     busy_timeout sleeps up to 100 ms a time (issue 15 measured 0.4-0.7 s
 *     lost per 2000 replies);
 *   temp_store=MEMORY: savepoints and sorts never touch a file in
 *     /var/tmp (17 writes per message before);
 *   cache_size: CACHE_KIB per connection, SMALL_CACHE_KIB for one that
 *     touches a few rows per transaction (measured: see there).
 * SQLite keeps no memory statistics (SQLITE_CONFIG_MEMSTATUS off, before
 * the first connection): nothing reads them, and keeping them locks a
 * global mutex at every one of SQLite's allocations, ~270 a message
 * (issue 15: 3 % of the daemon's instructions).
 * Checkpoints of the WAL: the mailbox side turns the automatic ones off
 * (store_autocheckpoint) and the delivery side checkpoints after its
 * commits (store_checkpoint_due), so copying the WAL into the database
 * never lands on a batch of mail; and only once STORE_CHECKPOINT_FRAMES
 * have gathered or when the delivery side is idle, because every
 * checkpoint copies again the pages that every batch rewrites (the ends
 * of the tables and indexes): one after each delivery run copied 5,694
 * pages for a 2,500-page database per 2000 messages (issue 15).
 * journal_size_limit: a WAL that grew on a busy day is cut back to
 * that size when it starts again, instead of keeping its largest size.
 *
 * The file is created here, mode 0600, before SQLite sees it: SQLite gives
 * the -wal and -shm files the mode of the database, so all three hold
 * personal data readable by the daemon's user only, whatever the umask.
 * A database the daemon could only read (file mode, read-only mount) is
 * refused at open, not discovered at the first commit.  Readers
 * (store_open_readonly) never write: no schema change, no journal mode
 * change, no write lock, so they work while anyone else writes.
 */
#include "store/store_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/fault.h"
#include "common/log.h"
#include "common/util.h"

/*
 * Page cache per connection, in KiB (SQLite's default is 2000).  The
 * pages the daemon touches per message are the right edges of the tables
 * and indexes (new rows) and a few index leaves looked up by key; a miss
 * is a read from the kernel's page cache, not the disk.  Measured with
 * bench/pipeline.sh (2000 messages on 50,000 of history, 3 rounds, load
 * 7.5 on 2 cores): 1 MiB took 3.10 s median, 2.25 s best, 4 MiB 2.81 s
 * and 2.15 s, within the noise; 1 MiB keeps 3.4 MB less resident over
 * the daemon's two connections (22.8 against 26.2 MB peak).
 * In WAL mode a connection's cache is emptied whenever another one has
 * committed since its last transaction, so across the mailbox side's
 * batches and the delivery thread's commits little survives anyway.
 * Issue 15 (peak RSS <= 16 MB) measured 2000 messages on 50,000 of
 * history, 4 rounds, CPU time (user + sys; the load hid wall times):
 * 1 MiB for both connections 0.80 s and 16.5 MB peak, 512 KiB here and
 * SMALL_CACHE_KIB on the delivery thread's 0.81 s and 15.8 MB, 256 KiB
 * for both 0.85 s.  Without libcurl's libraries (2 MB fewer resident)
 * 1 MiB fits again, and a batch no longer spills pages it dirties again
 * (each such page made SQLite re-read WAL frames to redo their
 * checksums): per 2000 messages, pread 13.1k -> 8.2k and pwrite 19.1k ->
 * 15.1k (strace -c), tmpfs median 455 -> 428 ms and peak RSS over
 * 10,000 messages 13.6-13.7 MB either way (bench/pipeline.sh, load 1).
 */
#define CACHE_KIB	"1024"
/* store_small_cache: a few dozen mails claimed, then their outcomes. */
#define SMALL_CACHE_KIB	"128"

/* The WAL file is cut back to this size when it starts again (README,
   "The WAL file"): STORE_CHECKPOINT_FRAMES' worth. */
#define WAL_LIMIT_BYTES		"16777216"

/* The busy handler's steps: fine at first (the holder is usually done
   within a millisecond), coarser later, BUSY_WAIT_MS in all. */
#define BUSY_WAIT_MS	10000

struct stmt_cache {
	const char *sql;
	sqlite3_stmt *stmt;
	struct stmt_cache *next;
};

/*
 * Tell the pipeline whether the failure will pass (fault.h).  What the
 * data itself breaks (a constraint, a type, a size, a row that is not
 * there: no SQLite error at all) repeats with the same message;
 * everything else (busy, locked, full, I/O, memory, a read-only or
 * damaged file) is the machine's, and retried.
 */
static void
note_fault(struct store *st, const char *what)
{
	switch (sqlite3_errcode(st->db)) {
	case SQLITE_CONSTRAINT: case SQLITE_MISMATCH: case SQLITE_TOOBIG:
	case SQLITE_RANGE: case SQLITE_OK: case SQLITE_ROW: case SQLITE_DONE:
		fault_permanent("database: %s: %s", what,
		    sqlite3_errmsg(st->db));
		break;
	default:
		fault_transient("database: %s: %s", what,
		    sqlite3_errmsg(st->db));
		break;
	}
}

int
store_fail(struct store *st, const char *what)
{
	note_fault(st, what);
	log_err("database: %s: %s", what, sqlite3_errmsg(st->db));
	return -1;
}

/* Where sql is, or would go, in st->slots (n_slots a power of two). */
static size_t
slot_of(const struct store *st, const char *sql)
{
	size_t i = (size_t)(((uintptr_t)sql >> 3) * 0x9e3779b97f4a7c15u) &
	    (st->n_slots - 1);

	while (st->slots[i] != NULL && st->slots[i]->sql != sql)
		i = (i + 1) & (st->n_slots - 1);
	return i;
}

/* Room for one more statement: the table doubles before half full. */
static void
slots_grow(struct store *st)
{
	if ((st->n_stmts + 1) * 2 <= st->n_slots)
		return;
	free(st->slots);
	st->n_slots = st->n_slots ? st->n_slots * 2 : 64;
	st->slots = xcalloc(st->n_slots, sizeof(*st->slots));
	for (struct stmt_cache *c = st->cache; c != NULL; c = c->next)
		st->slots[slot_of(st, c->sql)] = c;
}

/*
 * The cache was a list walked for every statement: about 100 per
 * connection, 40 look-ups a message (issue 15).  Hashed by the address.
 */
sqlite3_stmt *
store_stmt(struct store *st, const char *sql)
{
	struct stmt_cache *c = st->n_slots ? st->slots[slot_of(st, sql)] :
	    NULL;

	if (c != NULL) {
		sqlite3_reset(c->stmt);
		sqlite3_clear_bindings(c->stmt);
		return c->stmt;
	}
	c = xcalloc(1, sizeof(*c));
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &c->stmt, NULL) != SQLITE_OK) {
		note_fault(st, "prepare");
		log_err("database: cannot prepare \"%.60s\": %s", sql,
		    sqlite3_errmsg(st->db));
		free(c);
		return NULL;
	}
	c->sql = sql;
	slots_grow(st);
	st->slots[slot_of(st, sql)] = c;
	st->n_stmts++;
	c->next = st->cache;
	st->cache = c;
	return c->stmt;
}

int
store_step_done(struct store *st, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, what);
	return 0;
}

int
store_step_int64(struct store *st, sqlite3_stmt *s, const char *what,
    int64_t *out)
{
	int rc = sqlite3_step(s), found = rc == SQLITE_ROW;

	/* RETURNING finishes its work on the first step; the second ends
	   the statement (and shows a lookup found one row only). */
	if (found) {
		*out = sqlite3_column_int64(s, 0);
		rc = sqlite3_step(s);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, what);
	return found;
}

int
store_full_scans(struct store *st, const char **worst)
{
	int total = 0, most = 0;

	if (worst != NULL)
		*worst = NULL;
	for (struct stmt_cache *c = st->cache; c != NULL; c = c->next) {
		int n = sqlite3_stmt_status(c->stmt,
		    SQLITE_STMTSTATUS_FULLSCAN_STEP, 0);
		total += n;
		if (n > most && worst != NULL) {
			most = n;
			*worst = c->sql;
		}
	}
	return total;
}

int
store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v == NULL)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
}

char *
store_col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	int n = sqlite3_column_bytes(s, i);

	if (t == NULL)
		return xstrdup("");
	return xmemdup0(t, (size_t)n);
}

/*
 * One statement without rows (a transaction's BEGIN, SAVEPOINT, COMMIT,
 * a PRAGMA), prepared once and kept like any other: the savepoints run
 * several times per message, and sqlite3_exec would parse them each time.
 * sql must be a string literal (store_stmt).
 */
int
store_exec(struct store *st, const char *sql)
{
	sqlite3_stmt *s = store_stmt(st, sql);
	int rc;

	if (s == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		;
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		note_fault(st, sql);
		log_err("database: %s: %s", sql, sqlite3_errmsg(st->db));
		return -1;
	}
	return 0;
}

static int
exec(struct store *st, const char *sql)
{
	return store_exec(st, sql);
}

/* A rare statement (daily maintenance), not worth a cached one. */
static int
exec_once(struct store *st, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		note_fault(st, sql);
		log_err("database: %s: %s", sql, msg ? msg : "error");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* Microseconds to sleep before retry number count (from 0). */
static long
busy_step_us(int count)
{
	return count < 20 ? 100 : count < 100 ? 500 : 2000;
}

/*
 * SQLite calls this while another connection holds the lock; returning
 * 0 gives up (SQLITE_BUSY).  The total slept is recomputed from count,
 * so the handler needs no state of its own.
 */
static int
busy_handler(void *arg, int count)
{
	struct store *st = arg;
	long total_us = 0;
	struct timespec ts;

	long max_us = 1000L * (st->busy_max_ms > 0 ? st->busy_max_ms :
	    BUSY_WAIT_MS);

	if (st->no_wait)
		return 0;
	for (int i = 0; i < count && total_us <= max_us; i++)
		total_us += busy_step_us(i);
	if (total_us > max_us)
		return 0;
	ts.tv_sec = 0;
	ts.tv_nsec = busy_step_us(count) * 1000L;
	nanosleep(&ts, NULL);
	return 1;
}

static int
apply_settings(struct store *st, char *err, size_t errlen)
{
	static const char *pragmas[] = {
		"PRAGMA journal_mode=WAL",
		"PRAGMA synchronous=FULL",
		"PRAGMA foreign_keys=ON",
		"PRAGMA secure_delete=ON",
		"PRAGMA temp_store=MEMORY",
		"PRAGMA cache_size=-" CACHE_KIB,
		"PRAGMA journal_size_limit=" WAL_LIMIT_BYTES,
	};

	if (sqlite3_busy_handler(st->db, busy_handler, st) != SQLITE_OK)
		goto fail;
	for (size_t i = 0; i < ARRAY_LEN(pragmas); i++)
		if (sqlite3_exec(st->db, pragmas[i], NULL, NULL, NULL) !=
		    SQLITE_OK)
			goto fail;
	return 0;
fail:
	snprintf(err, errlen, "database: %s", sqlite3_errmsg(st->db));
	return -1;
}

static void
configure_sqlite(void)
{
	/* Fails only once SQLite is initialised (another user of the
	   library in the process was first): the statistics stay on. */
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* Settings of the library itself: before the first connection. */
static void
configure_once(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, configure_sqlite);
}

/* Create path empty and 0600 when it does not exist yet. */
static int
create_private(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0 && errno == EEXIST)
		return 0;
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot create the database: %s",
		    path, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

static int
refuse_readonly(struct store *st, const char *path, char *err, size_t errlen)
{
	if (sqlite3_db_readonly(st->db, "main") != 1)
		return 0;
	snprintf(err, errlen, "%s: the database is read-only (file mode, "
	    "owner or a read-only file system): tequiod must be able to "
	    "write it, its directory and its -wal and -shm files", path);
	return -1;
}

int
store_open(const char *path, struct store **out, char *err, size_t errlen)
{
	struct store *st = xcalloc(1, sizeof(*st));

	configure_once();
	if (create_private(path, err, errlen) != 0)
		goto fail;
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, st->db ?
		    sqlite3_errmsg(st->db) : "cannot open");
		goto fail;
	}
	if (refuse_readonly(st, path, err, errlen) != 0 ||
	    apply_settings(st, err, errlen) != 0 ||
	    store_migrate(st, err, errlen) != 0)
		goto fail;
	*out = st;
	return 0;
fail:
	store_close(st);
	return -1;
}

int
store_open_readonly(const char *path, struct store **out, char *err,
    size_t errlen)
{
	struct store *st = xcalloc(1, sizeof(*st));
	int v;

	configure_once();
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		/* Only tequioctl opens read-only: its operator reads this. */
		snprintf(err, errlen, "%s: no se puede abrir la base de "
		    "datos: %s (tequiod la crea en su primer arranque, o "
		    "tequioctl init)", path, st->db ?
		    sqlite3_errmsg(st->db) : "sin memoria");
		goto fail;
	}
	if (sqlite3_busy_timeout(st->db, 10000) != SQLITE_OK) {
		snprintf(err, errlen, "base de datos: %s",
		    sqlite3_errmsg(st->db));
		goto fail;
	}
	v = store_schema_version(st);
	if (v < 0 || v > store_schema_latest()) {
		snprintf(err, errlen, "%s: %s", path, v < 0 ?
		    sqlite3_errmsg(st->db) : "su esquema es más nuevo de lo "
		    "que este tequioctl entiende: use la versión nueva");
		goto fail;
	}
	*out = st;
	return 0;
fail:
	store_close(st);
	return -1;
}

void
store_close(struct store *st)
{
	struct stmt_cache *c, *next;

	if (st == NULL)
		return;
	for (c = st->cache; c != NULL; c = next) {
		next = c->next;
		sqlite3_finalize(c->stmt);
		free(c);
	}
	free(st->slots);
	if (st->in_tx)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(st->db);
	free(st);
}

/* Open a transaction with sql, a BEGIN of some kind.  0 or -1. */
static int
open_tx(struct store *st, const char *sql)
{
	if (st->in_tx) {
		log_err("database: transaction already open");
		return -1;
	}
	if (exec(st, sql) != 0)
		return -1;
	st->in_tx = 1;
	return 0;
}

int
store_begin(struct store *st)
{
	if (st->batch && !st->in_msg) {
		if (exec(st, "SAVEPOINT msg") != 0)
			return -1;
		st->in_msg = 1;
		return 0;
	}
	return open_tx(st, "BEGIN IMMEDIATE");
}

/*
 * BEGIN IMMEDIATE without waiting: SQLITE_BUSY is an answer here, not an
 * error, so the statement is stepped by hand and not logged.
 */
int
store_try_begin(struct store *st)
{
	sqlite3_stmt *s;
	int rc;

	if (st->in_tx || st->batch) {
		log_err("database: transaction already open");
		return -1;
	}
	if ((s = store_stmt(st, "BEGIN IMMEDIATE")) == NULL)
		return -1;
	st->no_wait = 1;
	rc = sqlite3_step(s);
	st->no_wait = 0;
	sqlite3_reset(s);
	if (rc == SQLITE_BUSY)
		return 1;
	if (rc != SQLITE_DONE)
		return store_fail(st, "BEGIN IMMEDIATE");
	st->in_tx = 1;
	return 0;
}

int
store_read_begin(struct store *st)
{
	return open_tx(st, "BEGIN");
}

/*
 * A statement left stepped keeps its read snapshot open, which would stop
 * WAL checkpoints; every transaction ends with all of them reset.
 */
static void
reset_all(struct store *st)
{
	for (struct stmt_cache *c = st->cache; c != NULL; c = c->next)
		sqlite3_reset(c->stmt);
}

int
store_commit(struct store *st)
{
	if (st->in_msg) {
		reset_all(st);
		st->in_msg = 0;
		return exec(st, "RELEASE msg");
	}
	if (!st->in_tx)
		return 0;
	reset_all(st);
	if (exec(st, "COMMIT") != 0) {
		store_rollback(st);
		return -1;
	}
	st->in_tx = 0;
	return 0;
}

void
store_rollback(struct store *st)
{
	if (st->in_msg) {
		reset_all(st);
		st->in_msg = 0;
		if (exec(st, "ROLLBACK TO msg") != 0 ||
		    exec(st, "RELEASE msg") != 0)
			store_batch_rollback(st);
		return;
	}
	if (!st->in_tx)
		return;
	reset_all(st);
	if (sqlite3_get_autocommit(st->db) == 0)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_tx = 0;
}

int
store_in_tx(const struct store *st)
{
	return st->in_tx;
}

int
store_set_sync(struct store *st, int full)
{
	if (st->in_tx) {
		log_err("database: cannot change synchronous inside a "
		    "transaction");
		return -1;
	}
	return exec(st, full ? "PRAGMA synchronous=FULL" :
	    "PRAGMA synchronous=NORMAL");
}

int
store_small_cache(struct store *st)
{
	return exec(st, "PRAGMA cache_size=-" SMALL_CACHE_KIB);
}

int
store_autocheckpoint(struct store *st, int on)
{
	return exec(st, on ? "PRAGMA wal_autocheckpoint=1000" :
	    "PRAGMA wal_autocheckpoint=0");
}

/* A checkpoint in mode (SQLITE_CHECKPOINT_*); busy is no error. */
static int
checkpoint(struct store *st, int mode)
{
	int log = 0, copied = 0, rc;

	rc = sqlite3_wal_checkpoint_v2(st->db, NULL, mode, &log, &copied);
	if (rc == SQLITE_BUSY) {
		log_warn("database: the WAL holds %d frames; its checkpoint "
		    "waits for the next run", log);
		st->wal_frames = log;
		st->wal_copied = copied;
		st->wal_restart_at = log + STORE_CHECKPOINT_FRAMES / 2;
		return 0;
	}
	if (rc != SQLITE_OK)
		return store_fail(st, "checkpoint");
	st->wal_restart_at = 0;
	/* Once all is copied and no reader is left in it, the next
	   writer starts the WAL again from its first frame
	   (store_wal_pending sees it). */
	st->wal_frames = log;
	st->wal_copied = copied;
	return 0;
}

/*
 * PASSIVE: copies what no reader still needs and waits for nobody, so
 * the mailbox side's next batch is never held up by it.
 */
int
store_checkpoint(struct store *st)
{
	return checkpoint(st, SQLITE_CHECKPOINT_PASSIVE);
}

/* SQLite's WAL hook: after each commit of this connection. */
static int
wal_committed(void *arg, sqlite3 *db, const char *name, int frames)
{
	struct store *st = arg;

	(void)db;
	(void)name;
	st->wal_frames = frames;
	return SQLITE_OK;
}

/* Replaces the automatic checkpoint (also a WAL hook) on this
   connection: store_checkpoint_due decides instead. */
void
store_wal_watch(struct store *st)
{
	sqlite3_wal_hook(st->db, wal_committed, st);
}

int
store_wal_pending(struct store *st)
{
	/* Fewer frames than were copied: someone else's checkpoint let
	   the WAL start again. */
	if (st->wal_frames < st->wal_copied)
		st->wal_copied = st->wal_restart_at = 0;
	return st->wal_frames - st->wal_copied;
}

int
store_checkpoint_due(struct store *st, int idle)
{
	int pending = store_wal_pending(st), rc;

	/*
	 * The WAL starts again only after a checkpoint that copied all of
	 * it while no reader was left in it.  During a long pass the
	 * mailbox side is in a batch nearly all the time, and a PASSIVE
	 * checkpoint stops at the frames its snapshot may still read, so
	 * the WAL would grow for as long as mail comes.  Past
	 * STORE_RESTART_FRAMES the checkpoint waits (busy handler) for the
	 * batch to end and holds the next one back while it copies: ~10-30
	 * ms once per ~2,500 messages.  It waits STORE_RESTART_WAIT_MS at
	 * most: the delivery thread sends nothing meanwhile.
	 */
	if (st->wal_frames >= STORE_RESTART_FRAMES &&
	    st->wal_frames >= st->wal_restart_at) {
		st->busy_max_ms = STORE_RESTART_WAIT_MS;
		rc = checkpoint(st, SQLITE_CHECKPOINT_RESTART);
		st->busy_max_ms = 0;
		return rc;
	}
	/* Idle: what the other connections wrote since this one's last
	   commit is unknown here, and a checkpoint with nothing to copy
	   costs a look at the WAL's index. */
	if (!idle && pending < STORE_CHECKPOINT_FRAMES)
		return 0;
	return store_checkpoint(st);
}

/* The names of every index, into *names (*n of them). */
static int
index_names(struct store *st, char ***names, size_t *n)
{
	sqlite3_stmt *s;
	char **v = NULL;
	size_t count = 0;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT name FROM sqlite_schema"
	    " WHERE type = 'index' ORDER BY name", -1, &s, NULL) != SQLITE_OK)
		return store_fail(st, "listing the indexes");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		v = xreallocarray(v, count + 1, sizeof(*v));
		v[count++] = store_col_text(s, 0);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		while (count > 0)
			free(v[--count]);
		free(v);
		return store_fail(st, "listing the indexes");
	}
	*names = v;
	*n = count;
	return 0;
}

/* ANALYZE of one index; its name cannot be a parameter: quoted by
   SQLite (%w). */
static int
analyze_index(struct store *st, const char *name)
{
	char *sql = sqlite3_mprintf("ANALYZE \"%w\"", name);
	int rc;

	if (sql == NULL)
		return store_fail(st, "ANALYZE");
	rc = exec_once(st, sql);
	sqlite3_free(sql);
	return rc;
}

/*
 * Statistics for the planner.  analysis_limit bounds the work (each index
 * sampled, not read whole), so this costs milliseconds at any size.  The
 * plans that matter do not depend on it (test_plans.c checks them with
 * and without), but the rest are better for it.  Index by index: ANALYZE
 * of a whole table without an index counts its rows by reading every
 * page, and outbox_body holds one page per mail kept (issue 15); such a
 * table is read by its rowid alone, so it needs no statistics.
 */
int
store_optimize(struct store *st)
{
	char **names;
	size_t n;
	int rc = 0;

	if (st->in_tx) {
		log_err("database: ANALYZE inside a transaction");
		return -1;
	}
	if (exec_once(st, "PRAGMA analysis_limit=1000") != 0 ||
	    index_names(st, &names, &n) != 0)
		return -1;
	/* One transaction: one commit (and fsync) for them all. */
	rc = store_begin(st);
	for (size_t i = 0; i < n; i++) {
		if (rc == 0 && analyze_index(st, names[i]) != 0)
			rc = -1;
		free(names[i]);
	}
	free(names);
	if (rc == 0)
		return store_commit(st);
	store_rollback(st);
	return -1;
}

int
store_barrier(struct store *st)
{
	sqlite3_stmt *s;
	int rc;

	if (store_set_sync(st, 1) != 0 || store_begin(st) != 0)
		return -1;
	s = store_stmt(st, "INSERT INTO meta(key, value) VALUES('barrier', ?1)"
	    " ON CONFLICT(key) DO UPDATE SET value = excluded.value");
	if (s == NULL)
		goto fail;
	sqlite3_bind_int64(s, 1, now_seconds());
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_fail(st, "barrier");
		goto fail;
	}
	return store_commit(st);
fail:
	store_rollback(st);
	return -1;
}

int
store_batch_begin(struct store *st)
{
	if (store_begin(st) != 0)
		return -1;
	st->batch = 1;
	return 0;
}

int
store_batch_commit(struct store *st)
{
	/* A savepoint that could not be rolled back took the whole batch
	   with it: report that, so the caller moves none of its mail. */
	if (!st->batch || !st->in_tx) {
		log_err("database: the batch was rolled back");
		st->batch = 0;
		return -1;
	}
	if (st->in_msg) {
		log_err("database: batch committed with a message open");
		store_batch_rollback(st);
		return -1;
	}
	st->batch = 0;
	return store_commit(st);
}

void
store_batch_rollback(struct store *st)
{
	st->in_msg = 0;
	st->batch = 0;
	store_rollback(st);
}
