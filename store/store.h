/* SPDX-License-Identifier: ISC */
/*
 * store.h - the SQLite database: one connection, WAL, synchronous=FULL.
 *
 * Every state change and the mail that reports it are written in one
 * transaction (store_begin .. store_commit), so a crash leaves either both
 * or neither.  store_begin uses BEGIN IMMEDIATE: tequio reads then writes,
 * and a deferred transaction would fail with SQLITE_BUSY_SNAPSHOT when
 * another process (tequioctl) committed in between.
 *
 * The files store_*.c each own the SQL of one area (mail, outbox, letters,
 * workflow).  They share the connection and a cache of prepared statements
 * through store_internal.h; nothing outside store/ includes sqlite3.h.
 *
 * Return values: 0 on success, -1 on a database error (already logged).
 * Functions that look something up return 1 when found, 0 when not.
 */
#ifndef TEQUIO_STORE_H
#define TEQUIO_STORE_H

#include <stddef.h>
#include <stdint.h>

struct store;

/*
 * Open for writing: creates the file (0600) and the schema when missing,
 * applies migrations, and refuses a database it could only read.
 */
int store_open(const char *path, struct store **out, char *err, size_t errlen);
/*
 * Open for reading only (tequioctl's listings): never writes, never takes
 * the write lock, so it works while the daemon writes.  Any write through
 * this connection fails.
 */
int store_open_readonly(const char *path, struct store **out, char *err,
    size_t errlen);
void store_close(struct store *st);

/* The schema version the database holds (PRAGMA user_version; -1 on
   error) and the one this program writes (migrate.c). */
int store_schema_version(struct store *st);
int store_schema_latest(void);

int store_begin(struct store *st);
int store_commit(struct store *st);
void store_rollback(struct store *st);
int store_in_tx(const struct store *st);
/*
 * store_begin for a caller with other work to do: 0 when the transaction
 * is open, 1 when another connection holds the write lock (nothing
 * waited for, nothing open), -1 on a database error.
 */
int store_try_begin(struct store *st);

/*
 * A read transaction (BEGIN, no write lock), ended by store_commit or
 * store_rollback: a run of look-ups shares one snapshot and one set of
 * locks instead of taking them per statement.  No store_begin inside.
 */
int store_read_begin(struct store *st);

/*
 * Batches.  Between store_batch_begin and store_batch_commit one
 * transaction stays open and each store_begin .. store_commit inside it is
 * a savepoint: a message's work still lands whole or not at all (rollback
 * undoes only its savepoint), but the batch is written and fsynced once.
 * Pages shared by consecutive messages (index leaves, the last page of a
 * table) are written once per batch instead of once per message.
 */
int store_batch_begin(struct store *st);
int store_batch_commit(struct store *st);
void store_batch_rollback(struct store *st);

/*
 * Group commit.  With full = 0 commits are written to the WAL but not
 * fsynced (synchronous=NORMAL): they survive the process being killed, not
 * a power cut.  store_barrier() then switches back to FULL and commits a
 * small write, whose WAL fsync makes every earlier commit durable at once.
 * Nothing may leave INBOX before the barrier of the batch that recorded it.
 */
int store_set_sync(struct store *st, int full);
int store_barrier(struct store *st);

/* A smaller page cache, for a connection that touches a few rows per
   transaction (the delivery thread's).  0 or -1. */
int store_small_cache(struct store *st);

/*
 * WAL checkpoints off the mailbox's path: the mailbox side turns the
 * automatic ones off (on = 0) and the delivery side, on its own
 * connection, calls store_checkpoint_due after its commits.  It copies
 * only when the WAL holds STORE_CHECKPOINT_FRAMES (store_internal.h) not
 * yet copied, or when idle (a run with nothing to send): PASSIVE, waiting
 * for no one; past STORE_RESTART_FRAMES it waits for the mailbox side's
 * batch to end, so that the WAL can start again.  store_wal_watch makes a
 * connection count the WAL's frames at each of its commits (and turns its
 * automatic checkpoints off); store_wal_pending: those not yet copied, as
 * far as this connection knows.  store_checkpoint: a PASSIVE one now.
 */
int store_autocheckpoint(struct store *st, int on);
int store_checkpoint(struct store *st);
void store_wal_watch(struct store *st);
int store_wal_pending(struct store *st);
int store_checkpoint_due(struct store *st, int idle);

/* Fresh statistics for the query planner (ANALYZE, bounded): at start
   and daily. */
int store_optimize(struct store *st);

/* ---- received messages (store_mail.c) ---- */

enum msg_outcome { OUTCOME_PROCESSED, OUTCOME_QUARANTINED, OUTCOME_IGNORED };

struct msg_record {
	int64_t uidvalidity;	/* 0 for --pipe */
	int64_t uid;		/* 0 for --pipe */
	const char *message_id;
	const char *sha256;	/* hex of the raw bytes */
	const char *spool_path;
	const char *from_addr;
	const char *subject;
	const char *command;
	enum msg_outcome outcome;
	const char *folder;	/* where it is to be moved ("" for --pipe) */
	const char *note;	/* why (auto-reply kind, malformed reason...) */
};

/*
 * Find an earlier record of the same message: same (uidvalidity, uid), or
 * same SHA-256, or same Message-ID from the same sender.  Returns 1 and
 * sets *id and *folder (caller frees) when found.
 */
int store_msg_find(struct store *st, int64_t uidvalidity, int64_t uid,
    const char *sha256, const char *message_id, const char *from_addr,
    int64_t *id, char **folder);
/* Insert; returns 0 and sets *id. */
int store_msg_insert(struct store *st, const struct msg_record *r, int64_t *id);
/* Final outcome, decided after the command ran (same transaction). */
int store_msg_set_outcome(struct store *st, int64_t id,
    enum msg_outcome outcome, const char *folder, const char *command,
    const char *note);
/* The message now sits in the folder it was meant for. */
int store_msg_mark_moved(struct store *st, int64_t id);
/*
 * Rows and UIDs of messages recorded in uidvalidity but not yet marked
 * moved (a crash between MOVE and its record).  *rows and *uids are
 * malloc'd arrays of *n entries; the caller frees both.
 */
int store_msg_unmoved(struct store *st, int64_t uidvalidity, int64_t **rows,
    int64_t **uids, size_t *n);
/* Re-point a record at a new UID (after UIDVALIDITY changed). */
int store_msg_set_uid(struct store *st, int64_t id, int64_t uidvalidity,
    int64_t uid);

/* Per-mailbox cursor: UIDVALIDITY and the highest UID seen. */
int store_mailbox_get(struct store *st, const char *name,
    int64_t *uidvalidity, int64_t *last_uid);
int store_mailbox_set(struct store *st, const char *name,
    int64_t uidvalidity, int64_t last_uid);

/* Simple key/value for counters and settings shown by tequioctl status. */
int store_count(struct store *st, const char *what, int64_t *n);

/* ---- outgoing mail (store_outbox.c) ---- */

struct outbox_row {
	int64_t id;
	char *message_id;
	char *rcpt;
	char *subject;
	char *raw;		/* the whole RFC 5322 message */
	size_t raw_len;
	int attempts;
	int64_t next_try;
	char *status;		/* queued | sent | failed */
	char *last_error;
	int64_t created;
};

void outbox_row_free(struct outbox_row *r);

/* Queue a composed message for rcpt; part of the caller's transaction. */
int store_outbox_add(struct store *st, const char *message_id,
    const char *rcpt, const char *subject, const char *raw, size_t raw_len,
    int64_t cause_msg, int64_t now);
/*
 * Load the queued rows due at now (next_try <= now), oldest first, at most
 * max.  *rows is an array the caller frees with outbox_rows_free.
 */
int store_outbox_due(struct store *st, int64_t now, size_t max,
    struct outbox_row **rows, size_t *n);
/* The same rows without their bytes: raw NULL, raw_len their length. */
int store_outbox_due_heads(struct store *st, int64_t now, size_t max,
    struct outbox_row **rows, size_t *n);
/* List for tequioctl: status "queued", "failed" or NULL for both. */
int store_outbox_list(struct store *st, const char *status,
    struct outbox_row **rows, size_t *n);
void outbox_rows_free(struct outbox_row *rows, size_t n);
/* The bytes of row r->id into r->raw and r->raw_len: 1, 0 when the row
   is gone, -1 on error. */
int store_outbox_body(struct store *st, struct outbox_row *r);
/*
 * Take row id for one attempt, in the caller's transaction: attempts + 1,
 * next_try and last_error (note) set, but only if it is still queued and
 * due at now.  1 when taken, 0 when another process took it first (or it
 * is no longer due), -1 on error.
 */
int store_outbox_claim(struct store *st, int64_t id, int64_t now,
    int64_t next_try, const char *note);
/* Sent (the attempt was counted by the claim). */
int store_outbox_sent(struct store *st, int64_t id, int64_t now);
int store_outbox_retry(struct store *st, int64_t id, int attempts,
    int64_t next_try, const char *error);
int store_outbox_failed(struct store *st, int64_t id, int attempts,
    const char *error);
/*
 * Sent mail keeps its row (who got what, when) but its bytes only until
 * before: a mailbox that answers thousands a day would otherwise carry
 * every reply for ever.  Two statements: call it inside a transaction.
 * *changed: rows emptied.
 */
int store_outbox_forget_bodies(struct store *st, int64_t before,
    int *changed);
/*
 * tequioctl requeue: failed -> queued, due now, attempts from zero; id <= 0
 * means every failed mail.  *changed receives the number of rows changed.
 */
int store_outbox_requeue(struct store *st, int64_t id, int64_t now, int *changed);
/* Earliest next_try among queued mail: 1 and *next_try, or 0 when none. */
int store_outbox_next_try(struct store *st, int64_t *next_try);

/* ---- periodic jobs and alerts (store_periodic.c) ---- */

/*
 * Named numbers the daemon keeps between runs ("periodic.JOB": its last
 * run; "seen.*", "mailbox.down_since": the alerts'): 1 and *value, 0 when
 * unset, -1 on error.
 */
int store_state_get(struct store *st, const char *name, int64_t *value);
int store_state_set(struct store *st, const char *name, int64_t value);
int store_state_clear(struct store *st, const char *name);
/* 1 when a mail with this Message-ID was ever queued, 0 not, -1 error. */
int store_outbox_has(struct store *st, const char *message_id);
/*
 * The oldest queued mail that has already failed an attempt: 1 with its
 * queue time and last error (caller frees), 0 when there is none.
 */
int store_outbox_oldest_retry(struct store *st, int64_t *created,
    char **last_error);
/*
 * Add add (0 to read) to the counter (kind, key, period) and return its
 * new value in *count (store_rate.c).
 */
int store_rate_bump(struct store *st, const char *kind, const char *key,
    int64_t period, int add, int *count);

/* A named integer of the meta table (def when absent) (store_meta.c). */
int store_meta_int(struct store *st, const char *key, int64_t def,
    int64_t *out);
int store_meta_set_int(struct store *st, const char *key, int64_t v);
/* A text value of the meta table: 1 and *out (caller frees), 0 when
   absent, -1 on error. */
int store_meta_text(struct store *st, const char *key, char **out);
int store_meta_set_text(struct store *st, const char *key,
    const char *value);
/* Every open matter's code dies now (a new one is made when shown). */
int store_wf_matters_expire_codes(struct store *st, int64_t now);

#endif
