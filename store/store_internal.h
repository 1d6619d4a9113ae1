/* SPDX-License-Identifier: ISC */
/*
 * store_internal.h - what the store_*.c files share, and nobody else sees.
 */
#ifndef TEQUIO_STORE_INTERNAL_H
#define TEQUIO_STORE_INTERNAL_H

#include <sqlite3.h>

#include "store/store.h"

/*
 * Frames (4 KiB pages and their 24-byte headers) the WAL gathers before
 * the delivery side copies them into the database (store_checkpoint_due):
 * ~16 MB, a pass of ~1,200 messages; past twice that, the checkpoint
 * waits for the mailbox side's batch to end so that the WAL can start
 * again.
 */
#define STORE_CHECKPOINT_FRAMES	4000
#define STORE_RESTART_FRAMES	(2 * STORE_CHECKPOINT_FRAMES)
/* How long that checkpoint waits for the batch, at most; if the batch
   lasts longer, the next try comes after another half of
   STORE_CHECKPOINT_FRAMES. */
#define STORE_RESTART_WAIT_MS	1000

struct store {
	sqlite3 *db;
	int in_tx;		/* a transaction is open */
	int batch;		/* it is a batch: store_begin opens savepoints */
	int in_msg;		/* a savepoint of the batch is open */
	int no_wait;		/* the busy handler gives up at once */
	/* store_wal_watch: the WAL's frames at this connection's last
	   commit, how many of them its last checkpoint copied, and the
	   size at which a RESTART is tried again after one found the
	   batch too long. */
	int wal_frames, wal_copied, wal_restart_at;
	int busy_max_ms;	/* the busy handler's limit; 0: the usual */
	struct stmt_cache *cache;	/* every statement, newest first */
	/* The same statements by the address of their SQL (store_stmt):
	   open addressing, at most half full. */
	struct stmt_cache **slots;
	size_t n_slots, n_stmts;
};

/*
 * A prepared statement for sql, prepared once per connection and cached by
 * the address of the string, so sql must be a string literal (or otherwise
 * live as long as the store).  The statement comes back reset with its
 * bindings cleared.  NULL on error (logged).
 */
sqlite3_stmt *store_stmt(struct store *st, const char *sql);

/*
 * Full-table-scan steps taken so far by the cached statements, and the SQL
 * of the worst one (*worst may be NULL).  Every lookup tequio makes per
 * message must use an index; tests assert this is 0.
 */
int store_full_scans(struct store *st, const char **worst);

/* Run sql, one statement without rows (SAVEPOINT, COMMIT, a PRAGMA),
   through the statement cache: 0, or -1 logged.  sql is a literal. */
int store_exec(struct store *st, const char *sql);

/* Step a statement that returns no rows, and reset it: 0, or -1 with the
   failure logged as what. */
int store_step_done(struct store *st, sqlite3_stmt *s, const char *what);

/*
 * Step a statement that yields at most one row whose first column is an
 * integer (a lookup by key, or an upsert with RETURNING), run it to its
 * end and reset it: 1 with *out set, 0 when there was no row, -1 on error
 * (logged as what).
 */
int store_step_int64(struct store *st, sqlite3_stmt *s, const char *what,
    int64_t *out);

/* Log a failed call with the connection's message; returns -1. */
int store_fail(struct store *st, const char *what);

/* Bind helpers: a NULL string binds SQL NULL. */
int store_bind_text(sqlite3_stmt *s, int i, const char *v);

/* Copy column i as a new string ("" for NULL). */
char *store_col_text(sqlite3_stmt *s, int i);

/*
 * The first release's schema (version 1), one fragment per store_*.c file,
 * applied in order by migrate.c with CREATE ... IF NOT EXISTS.  Frozen:
 * later changes are migrations in migrate.c, never edits here.
 */
extern const char store_schema_mail[];
extern const char store_schema_outbox[];
extern const char store_schema_letters[];
extern const char store_schema_workflow[];

/* Bring the schema to the latest version (migrate.c); no write lock when
   it is already there.  0, or -1 with err filled. */
int store_migrate(struct store *st, char *err, size_t errlen);

#endif
