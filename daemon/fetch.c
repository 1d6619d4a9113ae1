/* SPDX-License-Identifier: ISC */
/*
 * fetch.c - the mailbox side of the daemon (see fetch.h).
 *
 * For each batch of fetch_batch UIDs: messages over max_message_bytes are
 * never downloaded (only their header section, to answer), the rest come
 * in one UID FETCH BODY.PEEK[].  Then, in the order the guarantees need:
 *   1. every message of the batch into the spool, one sync for all;
 *   2. one transaction for the batch, each message a savepoint in it,
 *      committed (and fsynced) once;
 *   3. one UID MOVE per destination folder.
 * Paying for durability once per batch instead of once per message is
 * what lets tequiod keep up with a mailbox client (see bench/).
 * Processing stops at the first message that could not be committed, so
 * the cursor never passes a message that still needs work.  Only a
 * failure that should pass (database, disk, network) stops it: a message
 * that fails the same way every time is quarantined by the pipeline
 * (pipeline_apply returns PIPE_DONE with the quarantine folder), and the
 * batch goes on.
 * A process that dies in a batch (a crash inside a library, the OOM
 * killer) is found by the batch's in-progress marks (store_inflight.h):
 * that batch is then taken one message at a time, each death counted on
 * its message, until the one that kills the process is set aside unread.
 */
#include "daemon/fetch.h"
#include "mail/rawfrom.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "common/util.h"
#include "daemon/pipeline.h"
#include "jobs/packs.h"
#include "mailbox/imap.h"
#include "spool/spool.h"
#include "spool/spool_pack.h"
#include "store/store.h"
#include "store/store_inflight.h"
#include "store/store_pack.h"

/* Bytes downloaded by one UID FETCH, at most (see batch_length). */
#define BATCH_BYTES (64u * 1024 * 1024)

struct fetched {
	uint32_t uid;
	char *raw;
	size_t len;
	int headers_only;
	uint64_t full_size;
	char sha[SPOOL_SHA_HEX];
	char *path;		/* in the spool, once stored */
};

struct done_msg {
	uint32_t uid;
	char *folder;
	int64_t row;
};

struct fetcher {
	const struct config *cfg;
	struct store *st;
	struct pipeline *pipe;
	volatile sig_atomic_t *stop;
	struct imap *im;
	uint32_t uidvalidity;
	uint32_t cursor;	/* highest UID handled in this connection */
	int rescan;		/* next sync looks at the whole inbox */
	int connected_once;	/* a connection has worked in this process */
	void (*notify)(void *);	/* told when a batch is committed */
	void *notify_arg;
	/* fetcher_adopt: the first connection, already attempted. */
	int adopted;
	enum imap_status adopted_status;
	struct imap *adopted_im;
	char adopted_err[512];

	/* The batch in hand: downloaded, then committed and to be moved. */
	struct fetched *got;
	size_t n_got;
	struct done_msg *done;
	size_t n_done;
};

struct fetcher *
fetcher_new(const struct config *cfg, struct store *st,
    struct pipeline *pipe, volatile sig_atomic_t *stop)
{
	struct fetcher *f = xcalloc(1, sizeof(*f));

	f->cfg = cfg;
	f->st = st;
	f->pipe = pipe;
	f->stop = stop;
	return f;
}

static void
free_got(struct fetcher *f)
{
	for (size_t i = 0; i < f->n_got; i++) {
		free(f->got[i].raw);
		free(f->got[i].path);
	}
	f->n_got = 0;
}

static void
disconnect(struct fetcher *f)
{
	if (f->im != NULL) {
		imap_close(f->im);
		f->im = NULL;
	}
}

void
fetcher_set_notify(struct fetcher *f, void (*fn)(void *), void *arg)
{
	f->notify = fn;
	f->notify_arg = arg;
}

void
fetcher_adopt(struct fetcher *f, struct imap *im, enum imap_status s,
    const char *err)
{
	f->adopted = 1;
	f->adopted_im = im;
	f->adopted_status = s;
	snprintf(f->adopted_err, sizeof(f->adopted_err), "%s", err);
}

/* imap_open, or the outcome fetcher_adopt was given. */
static enum imap_status
open_mailbox(struct fetcher *f, char *err, size_t errlen)
{
	if (!f->adopted)
		return imap_open(f->cfg, &f->im, err, errlen);
	f->adopted = 0;
	f->im = f->adopted_im;
	f->adopted_im = NULL;
	snprintf(err, errlen, "%s", f->adopted_err);
	return f->adopted_status;
}

void
fetcher_free(struct fetcher *f)
{
	if (f == NULL)
		return;
	if (f->adopted_im != NULL)
		imap_close(f->adopted_im);
	disconnect(f);
	free_got(f);
	free(f->got);
	free(f->done);
	free(f);
}

static enum fetch_status
from_imap(enum imap_status s)
{
	return s == IMAP_OK ? FETCH_OK : s == IMAP_FATAL ? FETCH_FATAL :
	    FETCH_RETRY;
}

static enum fetch_status
connect_mailbox(struct fetcher *f)
{
	char err[512] = "";
	enum imap_status s;
	int64_t uv, last;

	s = open_mailbox(f, err, sizeof(err));
	if (s != IMAP_OK) {
		log_err("imap: %s:%d: %s", f->cfg->imap_host,
		    f->cfg->imap_port, err);
		f->im = NULL;
		/*
		 * A refusal at start-up is a configuration error for the
		 * admin.  Once a connection has worked, the same refusal (a
		 * handshake cut short, a server restarting) is more likely
		 * passing: keep trying, with the backoff.
		 */
		if (s == IMAP_FATAL && f->connected_once)
			return FETCH_RETRY;
		return from_imap(s);
	}
	f->connected_once = 1;
	f->uidvalidity = imap_uidvalidity(f->im);
	if (store_mailbox_get(f->st, f->cfg->inbox, &uv, &last) < 0)
		return FETCH_RETRY;
	if (uv != 0 && uv != f->uidvalidity)
		log_warn("imap: UIDVALIDITY of %s changed from %lld to %u: "
		    "messages are recognised by content from now on",
		    f->cfg->inbox, (long long)uv, f->uidvalidity);
	f->cursor = 0;
	f->rescan = 1;
	log_info("imap: connected to %s:%d, %s UIDVALIDITY %u%s",
	    f->cfg->imap_host, f->cfg->imap_port, f->cfg->inbox,
	    f->uidvalidity, imap_has_idle(f->im) ? ", IDLE" : "");
	return FETCH_OK;
}

/* Record the cursor; a failure here is harmless (the next pass rescans). */
static void
save_cursor(struct fetcher *f)
{
	if (store_begin(f->st) != 0)
		return;
	if (store_mailbox_set(f->st, f->cfg->inbox, f->uidvalidity,
	    f->cursor) != 0) {
		store_rollback(f->st);
		return;
	}
	store_commit(f->st);
}

static void
remember(struct fetcher *f, uint32_t uid, char *folder, int64_t row)
{
	f->done = xreallocarray(f->done, f->n_done + 1, sizeof(*f->done));
	f->done[f->n_done].uid = uid;
	f->done[f->n_done].folder = folder;
	f->done[f->n_done].row = row;
	f->n_done++;
}

static void
keep(struct fetcher *f, uint32_t uid, const char *raw, size_t len,
    int headers_only, uint64_t full_size)
{
	struct fetched *g;

	f->got = xreallocarray(f->got, f->n_got + 1, sizeof(*f->got));
	g = &f->got[f->n_got++];
	memset(g, 0, sizeof(*g));
	g->uid = uid;
	g->raw = xmemdup0(raw, len);
	g->len = len;
	g->headers_only = headers_only;
	g->full_size = full_size;
}

static int
on_fetched(void *arg, uint32_t uid, const char *raw, size_t len)
{
	struct fetcher *f = arg;

	if (*f->stop)
		return IMAP_RETRY;
	/* The server announced a smaller size than it sent: treat the
	   message as the oversize one it is. */
	if ((long long)len > f->cfg->max_message_bytes)
		keep(f, uid, raw, rawfrom_header_length(raw, len), 1, len);
	else
		keep(f, uid, raw, len, 0, len);
	return 0;
}

/* Oversize: never downloaded whole; answered from its header. */
static enum fetch_status
fetch_oversize(struct fetcher *f, const struct imap_msginfo *mi)
{
	enum imap_status s;
	char *raw = NULL;
	size_t len = 0;

	log_warn("uid %u: %u bytes, over max_message_bytes: not downloaded",
	    mi->uid, mi->size);
	s = imap_fetch_header(f->im, mi->uid, &raw, &len);
	if (s != IMAP_OK)
		return from_imap(s);
	keep(f, mi->uid, raw, len, 1, mi->size);
	free(raw);
	return FETCH_OK;
}

/*
 * Step 1 for the whole batch: every message into one pack of the spool,
 * recorded before it is written (store_pack.h) and synced once
 * (spool_pack.h).  Returns how many are safely stored (a prefix of
 * f->got).
 */
static size_t
spool_batch(struct fetcher *f)
{
	struct spool_pack *pk = spool_pack_new(f->cfg->spool);
	int64_t now = now_seconds();
	size_t k = 0;

	if (f->n_got > 0 && store_pack_add(f->st, spool_pack_path(pk), now,
	    now + PACKS_SETTLE_SECONDS) == 0) {
		for (k = 0; k < f->n_got; k++) {
			struct fetched *g = &f->got[k];
			if (spool_pack_add(pk, g->raw, g->len, g->sha,
			    &g->path) != 0)
				break;
		}
	}
	if (k > 0 && spool_pack_publish(pk) != 0)
		k = 0;
	spool_pack_free(pk);
	return k;
}

/*
 * Step 2: the batch is one transaction, each message a savepoint in it
 * (its work lands whole or not at all), committed and fsynced once before
 * anything is moved.  Stops at the first message that could not be
 * committed; the ones before it are kept.  The in-progress marks of
 * got[first .. first+n) are cleared in the same commit.
 */
static enum fetch_status
commit_range(struct fetcher *f, size_t first_got, size_t n)
{
	enum fetch_status rc = FETCH_OK;
	size_t first = f->n_done;

	if (store_batch_begin(f->st) != 0)
		return FETCH_RETRY;
	for (size_t i = first_got; i < first_got + n; i++) {
		struct fetched *g = &f->got[i];
		struct incoming in;
		char *folder = NULL;
		int64_t row;

		memset(&in, 0, sizeof(in));
		in.uidvalidity = f->uidvalidity;
		in.uid = g->uid;
		in.raw = g->raw;
		in.len = g->len;
		in.headers_only = g->headers_only;
		in.full_size = g->full_size;
		if (pipeline_apply(f->pipe, &in, g->sha, g->path, &folder,
		    &row) != PIPE_DONE) {
			rc = FETCH_RETRY;
			break;
		}
		remember(f, g->uid, folder, row);
	}
	/* The process lived through them all: a mark left (a failed
	   delete) only makes the next pass take them one at a time. */
	for (size_t i = first_got; i < first_got + n; i++)
		if (store_inflight_clear(f->st, f->got[i].sha) != 0)
			break;
	if (store_batch_commit(f->st) != 0) {
		/* Not durable: move none of this batch's messages. */
		for (size_t i = first; i < f->n_done; i++)
			free(f->done[i].folder);
		f->n_done = first;
		return FETCH_RETRY;
	}
	if (f->notify != NULL)
		f->notify(f->notify_arg);
	return rc;
}

/* 1 when a mark of an earlier process is on one of the first n, 0 when
   none, -1 on a database error. */
static int
batch_marked(struct fetcher *f, size_t n)
{
	int marked = 0, deaths, rc = 0;

	/* One snapshot for the batch's look-ups (store_read_begin). */
	if (store_read_begin(f->st) != 0)
		return -1;
	for (size_t i = 0; i < n && !marked && rc == 0; i++)
		rc = store_inflight_get(f->st, f->got[i].sha, &marked,
		    &deaths);
	if (store_commit(f->st) != 0)
		rc = -1;
	return rc != 0 ? -1 : marked ? 1 : 0;
}

/*
 * The batch's marks, in one committed write.  0 or -1.  Not synced: a
 * mark must outlive the process, not the machine (the WAL is written
 * when the commit returns, and the batch's own commit syncs it); one lost
 * with the power only has the batch taken whole again.  One fsync fewer
 * per batch.
 */
static int
mark_batch(struct fetcher *f, size_t n)
{
	int rc = -1;

	if (store_set_sync(f->st, 0) != 0)
		return -1;
	if (store_begin(f->st) != 0)
		goto done;
	for (size_t i = 0; i < n; i++) {
		if (store_inflight_mark(f->st, f->got[i].sha) != 0) {
			store_rollback(f->st);
			goto done;
		}
	}
	rc = store_commit(f->st);
done:
	if (store_set_sync(f->st, 1) != 0)
		rc = -1;
	return rc;
}

/* One message of a batch the process died on, alone. */
static enum fetch_status
apply_alone(struct fetcher *f, size_t i)
{
	struct fetched *g = &f->got[i];
	struct incoming in;
	char *folder = NULL;
	int64_t row;
	int marked, deaths;

	if (store_inflight_get(f->st, g->sha, &marked, &deaths) != 0)
		return FETCH_RETRY;
	if (deaths > 0)
		log_warn("uid %u: the process died %d times on it alone",
		    g->uid, deaths);
	/* The limit of pipeline_guarded, for the same reasons. */
	if (deaths < f->cfg->max_process_deaths) {
		if (store_begin(f->st) != 0)
			return FETCH_RETRY;
		if (store_inflight_bump(f->st, g->sha, &deaths) != 0 ||
		    store_commit(f->st) != 0) {
			store_rollback(f->st);
			return FETCH_RETRY;
		}
		return commit_range(f, i, 1);
	}
	memset(&in, 0, sizeof(in));
	in.uidvalidity = f->uidvalidity;
	in.uid = g->uid;
	in.raw = g->raw;
	in.len = g->len;
	if (pipeline_set_aside_unread(f->pipe, &in, g->sha, g->path, deaths,
	    &folder, &row) != PIPE_DONE)
		return FETCH_RETRY;
	remember(f, g->uid, folder, row);
	if (f->notify != NULL)
		f->notify(f->notify_arg);
	return FETCH_OK;
}

/*
 * Step 2 with the guard against a message that kills the process: one
 * committed write marks the batch, the batch's commit clears it.  Marks
 * found here were left by a process that died on this batch.
 */
static enum fetch_status
apply_batch(struct fetcher *f, size_t n)
{
	enum fetch_status rc = FETCH_OK;
	int marked = batch_marked(f, n);

	if (marked < 0)
		return FETCH_RETRY;
	if (!marked)
		return mark_batch(f, n) == 0 ? commit_range(f, 0, n) :
		    FETCH_RETRY;
	log_warn("imap: the process died during a batch of these messages: "
	    "taking them one at a time");
	for (size_t i = 0; i < n && rc == FETCH_OK; i++)
		rc = apply_alone(f, i);
	return rc;
}

/*
 * Move what the batch committed, one UID MOVE per destination folder,
 * then record the moves in one transaction.
 */
static enum fetch_status
move_done(struct fetcher *f)
{
	enum fetch_status rc = FETCH_OK;
	uint32_t *uids = xcalloc(f->n_done + 1, sizeof(*uids));
	int64_t *rows = xcalloc(f->n_done + 1, sizeof(*rows));
	int *moved = xcalloc(f->n_done + 1, sizeof(*moved));
	size_t nrows = 0;

	for (size_t i = 0; i < f->n_done && rc == FETCH_OK; i++) {
		const char *folder = f->done[i].folder;
		size_t k = 0;
		enum imap_status s;

		if (moved[i])
			continue;
		for (size_t j = i; j < f->n_done; j++)
			if (!moved[j] && strcmp(f->done[j].folder, folder) == 0)
				uids[k++] = f->done[j].uid;
		s = imap_move_uids(f->im, uids, k, folder);
		if (s != IMAP_OK) {
			log_warn("imap: cannot move %zu messages to %s: will "
			    "retry", k, folder);
			rc = from_imap(s);
			break;
		}
		for (size_t j = i; j < f->n_done; j++) {
			if (moved[j] || strcmp(f->done[j].folder, folder) != 0)
				continue;
			moved[j] = 1;
			rows[nrows++] = f->done[j].row;
			log_debug("uid %u: moved to %s", f->done[j].uid,
			    folder);
			if (f->done[j].uid > f->cursor)
				f->cursor = f->done[j].uid;
		}
	}
	if (nrows > 0 && pipeline_moved_many(f->pipe, rows, nrows) != 0)
		log_warn("imap: %zu messages moved but not recorded as moved "
		    "(the next pass records them)", nrows);
	for (size_t i = 0; i < f->n_done; i++)
		free(f->done[i].folder);
	f->n_done = 0;
	free(uids);
	free(rows);
	free(moved);
	return rc;
}

/* A message already recorded (by UID) is only moved, not downloaded. */
static int
already_known(struct fetcher *f, uint32_t uid)
{
	char *folder = NULL;
	int64_t row;
	int found;

	found = store_msg_find(f->st, f->uidvalidity, uid, "", NULL, NULL,
	    &row, &folder);
	if (found <= 0)
		return found;
	log_info("uid %u: already processed as message %lld: moving to %s",
	    uid, (long long)row, folder);
	remember(f, uid, folder, row);
	return 1;
}

static enum fetch_status
process_batch(struct fetcher *f, const struct imap_msginfo *mi, size_t n)
{
	uint32_t *uids = xcalloc(n, sizeof(*uids));
	size_t *over = xcalloc(n, sizeof(*over));
	enum fetch_status rc = FETCH_OK;
	enum imap_status s;
	size_t k = 0, n_over = 0, stored;

	/* The look-ups share one snapshot (store_read_begin), closed before
	   anything goes to the network. */
	if (store_read_begin(f->st) != 0)
		rc = FETCH_RETRY;
	for (size_t i = 0; i < n && rc == FETCH_OK; i++) {
		int known = already_known(f, mi[i].uid);

		if (known < 0)
			rc = FETCH_RETRY;
		else if (known)
			continue;
		else if ((long long)mi[i].size > f->cfg->max_message_bytes)
			over[n_over++] = i;
		else
			uids[k++] = mi[i].uid;
	}
	if (store_in_tx(f->st) && store_commit(f->st) != 0)
		rc = FETCH_RETRY;
	for (size_t j = 0; j < n_over && rc == FETCH_OK; j++)
		rc = fetch_oversize(f, &mi[over[j]]);
	free(over);
	if (rc == FETCH_OK && k > 0) {
		s = imap_fetch(f->im, uids, k, on_fetched, f);
		if (s != IMAP_OK)
			rc = from_imap(s);
	}
	free(uids);
	stored = spool_batch(f);
	if (stored < f->n_got)
		rc = FETCH_RETRY;
	if (stored > 0) {
		enum fetch_status a = apply_batch(f, stored);
		if (rc == FETCH_OK)
			rc = a;
	}
	free_got(f);
	/* What was committed is moved even when the batch stopped early. */
	if (f->im != NULL && f->n_done > 0) {
		enum fetch_status m = move_done(f);
		if (rc == FETCH_OK)
			rc = m;
	}
	return rc;
}

static int
in_list(const struct imap_msginfo *mi, size_t n, int64_t uid)
{
	size_t lo = 0, hi = n;

	/* imap_list_new returns UIDs in ascending order. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (mi[mid].uid == uid)
			return 1;
		if (mi[mid].uid < uid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/*
 * A crash between a MOVE and its record leaves a row not marked moved for
 * a message no longer in the inbox.  On the first pass, which sees the
 * whole inbox, such rows are marked: the MOVE did happen.
 */
static void
reconcile_moved(struct fetcher *f, const struct imap_msginfo *mi, size_t n)
{
	int64_t *rows, *uids;
	size_t k;

	if (store_msg_unmoved(f->st, f->uidvalidity, &rows, &uids, &k) != 0)
		return;
	for (size_t i = 0; i < k; i++) {
		if (in_list(mi, n, uids[i]))
			continue;
		log_info("uid %lld: no longer in %s: recording message %lld "
		    "as moved", (long long)uids[i], f->cfg->inbox,
		    (long long)rows[i]);
		pipeline_moved(f->pipe, rows[i]);
	}
	free(rows);
	free(uids);
}

/*
 * How many of the next messages go in one UID FETCH: at most fetch_batch,
 * and no more than BATCH_BYTES of them (one FETCH is held in memory whole),
 * but always at least one.
 */
static size_t
batch_length(const struct fetcher *f, const struct imap_msginfo *mi,
    size_t n, size_t batch)
{
	uint64_t bytes = 0;
	size_t k;

	for (k = 0; k < n && k < batch; k++) {
		if ((long long)mi[k].size <= f->cfg->max_message_bytes)
			bytes += mi[k].size;
		if (k > 0 && bytes > BATCH_BYTES)
			break;
	}
	return k;
}

static enum fetch_status
sync_once(struct fetcher *f)
{
	struct imap_msginfo *mi = NULL;
	size_t n = 0, batch = (size_t)f->cfg->fetch_batch;
	enum fetch_status rc = FETCH_OK;
	enum imap_status s;
	int first = f->rescan;

	s = imap_list_new(f->im, f->rescan ? 0 : f->cursor, &mi, &n);
	if (s != IMAP_OK)
		return from_imap(s);
	f->rescan = 0;
	if (first)
		reconcile_moved(f, mi, n);
	for (size_t i = 0, k; i < n && rc == FETCH_OK && !*f->stop; i += k) {
		k = batch_length(f, mi + i, n - i, batch);
		rc = process_batch(f, mi + i, k);
	}
	free(mi);
	/* The first pass records the (maybe new) UIDVALIDITY even when the
	   inbox is empty. */
	if (n > 0 || first)
		save_cursor(f);
	return rc;
}

enum fetch_status
fetcher_sync(struct fetcher *f)
{
	enum fetch_status rc;

	if (f->im == NULL && (rc = connect_mailbox(f)) != FETCH_OK)
		return rc;
	rc = sync_once(f);
	if (rc == FETCH_RETRY)
		disconnect(f);
	return rc;
}

void
fetcher_sleep(struct fetcher *f, int seconds)
{
	for (int i = 0; i < seconds * 10 && !*f->stop; i++)
		poll(NULL, 0, 100);
}

void
fetcher_wait(struct fetcher *f, int max_seconds)
{
	int woke = 0, secs;

	secs = f->cfg->idle && f->im != NULL && imap_has_idle(f->im) ?
	    f->cfg->idle_restart_seconds : f->cfg->poll_seconds;
	if (max_seconds >= 0 && max_seconds < secs)
		secs = max_seconds;
	if (secs <= 0)
		return;
	if (f->im == NULL) {
		fetcher_sleep(f, secs);
		return;
	}
	if (imap_wait(f->im, secs, f->stop, &woke) != IMAP_OK) {
		log_warn("imap: connection lost while waiting");
		disconnect(f);
	}
}
