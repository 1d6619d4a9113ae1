/* SPDX-License-Identifier: ISC */
/*
 * outbox.c - queueing replies and delivering the queue.
 *
 * outbox_queue composes a reply and stores it inside the caller's
 * transaction, beside the state change it reports: both commit or neither
 * does.  outbox_deliver sends what is due as a stream over several SMTP
 * connections (smtp.c, all on this thread).  Each mail is claimed in a
 * commit before it is handed to SMTP and its outcome recorded in a later
 * one; no transaction is open while mail is on the wire, so the mailbox
 * side never waits for the relay.  At most SEND_WINDOW mails are claimed
 * and not yet recorded at any time, and one transaction records the
 * outcomes that came back and claims as many mails again.  That
 * transaction is only tried, never waited for, while mail is still on the
 * wire: when the mailbox side holds the write lock (the apply of a batch,
 * ~11 ms), the connections go on with the mail already claimed instead of
 * standing idle, and the courier waits for the lock only when it has
 * nothing left to send.  A crash mid-run loses at most the records of the
 * window: those mails go again (at least once).
 *
 * Delivery is at least once, not exactly once.  When the server has
 * received a message but its answer is lost (connection dropped after the
 * final dot, as smtp-sink -q does, or a crash between the server's 250 and
 * our commit, or before the window's record), the row is still queued and
 * the message goes again.  SMTP
 * cannot tell these cases apart; the Message-ID is fixed when the mail is
 * composed, so the receiving side can drop the duplicate.
 *
 * Each row is claimed in a committed transaction before it is sent (the
 * attempt counted, next_try moved to its next retry), so an outcome that
 * cannot be recorded costs that row one backoff, never a resend loop, and
 * two processes never send one row.  When claiming or recording fails the
 * run stops and returns -1: the caller backs off before trying again.
 * A stop request (SIGTERM, seen through smtp_stopped) ends the run before
 * the next row; smtp.c aborts the transfer in hand.
 *
 * Retries: a temporary failure sets next_try to now + retry * 2^(n-1) for
 * the n-th attempt, at most BACKOFF_CAP; after smtp_max_attempts the mail
 * is marked failed, as it is at once on a 5xx.  When the server cannot be
 * reached at all, the rest of the run's mail is deferred without trying
 * it, so a dead server costs one timeout per run, not one per message.
 */
#include "outbox/outbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/util.h"
#include "outbox/smtp.h"

/* Rows listed at once (without their bytes: each row's are read just
   before it is claimed). */
#define DUE_BATCH	100
/*
 * Mails claimed and not yet recorded, at most, and so at most the mails a
 * crash between sending and recording sends again (README, "Sent
 * twice").  Enough to keep smtp-sink on loopback busy (~5 mails a ms over
 * two connections) while the mailbox side holds the write lock for the
 * apply of a batch (~11 ms): measured with bench/profile.sh, 32 left the
 * courier waiting for the lock ~500 times per 2000 mails, 64 ~250.
 */
#define SEND_WINDOW	64
/* And at most this many bytes of them in memory (at least one mail):
   replies with PDF letters weigh hundreds of KB each. */
#define WINDOW_BYTES	(4 * 1024 * 1024)
/* Outcomes that wait for a record while other mail is on the wire: the
   record and the claims that refill the window share a commit. */
#define RECORD_AFTER	16

_Static_assert(SEND_WINDOW <= SMTP_QUEUE_MAX, "smtp.c queues the window");
#define BACKOFF_CAP	(6 * 3600)
#define ERR_MAX		512

enum outcome { OUT_SENT, OUT_DEFERRED, OUT_FAILED, OUT_SKIPPED };

int
outbox_queue(struct store *st, const struct config *cfg,
    const struct outmail *m, int64_t cause_msg)
{
	struct buf raw;
	char *msgid = NULL, err[ERR_MAX];
	int rc = -2;

	buf_init(&raw);
	if (compose_mail(cfg, m, &raw, &msgid, err, sizeof(err)) != 0) {
		/* Not m->to in the log: it may be what was refused. */
		log_warn("outbox: reply to message %lld not queued: %s",
		    (long long)cause_msg, err);
		goto done;
	}
	rc = store_outbox_add(st, msgid, m->to, m->subject ? m->subject : "",
	    raw.data, raw.len, cause_msg, now_seconds());
	if (rc == 0)
		log_info("outbox: queued <%s> to=<%s> for message %lld", msgid,
		    m->to, (long long)cause_msg);
done:
	free(msgid);
	buf_free(&raw);
	return rc;
}

/* Seconds to wait before attempt number attempts + 1. */
static int64_t
backoff(const struct config *cfg, int attempts)
{
	int64_t wait = cfg->smtp_retry_seconds > 0 ? cfg->smtp_retry_seconds :
	    60;

	for (int i = 1; i < attempts && wait < BACKOFF_CAP; i++)
		wait *= 2;
	return wait < BACKOFF_CAP ? wait : BACKOFF_CAP;
}

/* "now" for a row of the run: never earlier than the run's start, so a
   row moved past now leaves the due set even if the clock steps back. */
static int64_t
run_now(int64_t start)
{
	int64_t now = now_seconds();

	return now > start ? now : start;
}

static void
log_outcome(const struct config *cfg, const struct outbox_row *r,
    enum outcome out, const char *err)
{
	int attempts = r->attempts + 1;

	switch (out) {
	case OUT_SENT:
		log_info("outbox %lld: <%s> to=<%s> sent", (long long)r->id,
		    r->message_id, r->rcpt);
		break;
	case OUT_DEFERRED:
		log_warn("outbox %lld: <%s> to=<%s> deferred (attempt %d of %d,"
		    " next in %lld s): %s", (long long)r->id, r->message_id,
		    r->rcpt, attempts, cfg->smtp_max_attempts,
		    (long long)backoff(cfg, attempts), err);
		break;
	case OUT_FAILED:
		log_err("outbox %lld: <%s> to=<%s> failed after %d attempt%s: %s",
		    (long long)r->id, r->message_id, r->rcpt, attempts,
		    attempts == 1 ? "" : "s", err);
		break;
	case OUT_SKIPPED:
		log_info("outbox %lld: <%s> taken by another process",
		    (long long)r->id, r->message_id);
		break;
	}
}

/* Where a row of the window is. */
enum slot_state {
	SLOT_FREE,
	SLOT_READY,		/* listed, its bytes loaded: to be claimed */
	SLOT_SENDING,		/* claimed, handed to SMTP */
	SLOT_DONE,		/* its outcome is known, not yet recorded */
	SLOT_RECORDED,		/* recorded in the open transaction */
};

/* One row of the window and what happened to it. */
struct slot {
	enum slot_state state;
	int fresh;		/* taken in the open transaction */
	struct outbox_row row;	/* raw: its bytes, read before its claim */
	struct smtp_job job;
	enum smtp_status ss;
	enum outcome out;
	int tried;		/* handed to SMTP, or deferred untried */
	char err[ERR_MAX];
};

/* A delivery run: its window, the rows listed and not yet taken, its
   counts. */
struct run {
	int64_t start;
	char down[ERR_MAX];	/* why the server is unreachable; "" */
	int sent, deferred, stopped;
	int unsynced;		/* outcomes committed and not yet fsynced */
	int committed;		/* transactions of the run */
	struct outbox_row *due;
	size_t n_due, next_due;
	int more;		/* the last listing was full: list again */
	struct slot slot[SEND_WINDOW];
};

static size_t
slots_in(const struct run *run, enum slot_state state)
{
	size_t n = 0;

	for (size_t i = 0; i < SEND_WINDOW; i++)
		n += run->slot[i].state == state;
	return n;
}

/* Bytes of the mails in the window (those being recorded are leaving). */
static size_t
bytes_held(const struct run *run)
{
	size_t n = 0;

	for (size_t i = 0; i < SEND_WINDOW; i++)
		if (run->slot[i].state != SLOT_FREE &&
		    run->slot[i].state != SLOT_RECORDED)
			n += run->slot[i].row.raw_len;
	return n;
}

static void
slot_free(struct slot *sl)
{
	outbox_row_free(&sl->row);
	memset(sl, 0, sizeof(*sl));
}

/* Record one outcome inside the open transaction. */
static int
record_one(struct store *st, const struct config *cfg, int64_t now,
    struct slot *sl)
{
	const struct outbox_row *r = &sl->row;
	int attempts = r->attempts + 1;

	if (!sl->tried) {
		/* Claimed, then a stop request came before it was sent: give
		   the attempt back, the mail goes at the next run. */
		sl->out = OUT_SKIPPED;
		return store_outbox_retry(st, r->id, r->attempts, now,
		    r->last_error);
	}
	if (sl->ss == SMTP_SENT) {
		sl->out = OUT_SENT;
		return store_outbox_sent(st, r->id, now);
	}
	if (sl->ss == SMTP_PERMFAIL || attempts >= cfg->smtp_max_attempts) {
		sl->out = OUT_FAILED;
		return store_outbox_failed(st, r->id, attempts, sl->err);
	}
	sl->out = OUT_DEFERRED;
	return store_outbox_retry(st, r->id, attempts,
	    now + backoff(cfg, attempts), sl->err);
}

/* Record every outcome that came back. */
static int
record_done(struct store *st, const struct config *cfg, struct run *run,
    int64_t now)
{
	for (size_t i = 0; i < SEND_WINDOW; i++) {
		struct slot *sl = &run->slot[i];

		if (sl->state != SLOT_DONE)
			continue;
		if (record_one(st, cfg, now, sl) != 0)
			return -1;
		sl->state = SLOT_RECORDED;
	}
	return 0;
}

/*
 * Move listed rows into the free slots with their bytes, read outside any
 * write transaction (the mailbox side's batch may hold the lock), as long
 * as the window's bytes stay within WINDOW_BYTES.  A row gone meanwhile
 * is skipped.
 */
static int
load_bodies(struct store *st, struct run *run)
{
	size_t held = bytes_held(run);

	for (size_t i = 0; i < SEND_WINDOW && run->next_due < run->n_due;
	    i++) {
		struct slot *sl = &run->slot[i];
		int rc;

		if (sl->state != SLOT_FREE)
			continue;
		if (held > 0 && held + run->due[run->next_due].raw_len >
		    WINDOW_BYTES)
			break;
		sl->row = run->due[run->next_due];
		memset(&run->due[run->next_due++], 0, sizeof(sl->row));
		if ((rc = store_outbox_body(st, &sl->row)) < 0) {
			slot_free(sl);
			return -1;
		}
		if (rc == 0) {
			slot_free(sl);
			continue;
		}
		held += sl->row.raw_len;
		sl->state = SLOT_READY;
	}
	return 0;
}

/* In one read transaction: one lock on the WAL's index taken and
   dropped for them all, not one per mail (issue 15: ~3,000 fcntl per
   2000 mails). */
static int
load_rows(struct store *st, struct run *run)
{
	int rc;

	if (store_read_begin(st) != 0)
		return -1;
	rc = load_bodies(st, run);
	if (store_commit(st) != 0)
		rc = -1;
	return rc;
}

/*
 * Take the loaded rows.  Each is claimed before anything is sent: the
 * attempt is counted and next_try moved to the retry it would get if it
 * failed.  If the outcome of the send then cannot be recorded, the row
 * still waits out that backoff: a database that cannot record (disk full)
 * may delay mail but never resends it in a loop.  A row another process
 * took is left to it.  While the server is down the rows are deferred
 * untried instead, not claimed: they are not sent.
 */
static int
take_rows(struct store *st, const struct config *cfg, struct run *run,
    int64_t now)
{
	for (size_t i = 0; i < SEND_WINDOW; i++) {
		struct slot *sl = &run->slot[i];
		int rc;

		if (sl->state != SLOT_READY)
			continue;
		sl->fresh = 1;
		if (run->down[0] != '\0') {
			sl->tried = 1;
			sl->ss = SMTP_TEMPFAIL;
			snprintf(sl->err, sizeof(sl->err), "not tried: %.400s",
			    run->down);
			sl->state = SLOT_DONE;
			continue;
		}
		rc = store_outbox_claim(st, sl->row.id, run->start, now +
		    backoff(cfg, sl->row.attempts + 1), "sin resultado "
		    "registrado: el envío se interrumpió");
		if (rc < 0)
			return -1;
		if (rc == 0) {
			sl->out = OUT_SKIPPED;
			sl->state = SLOT_RECORDED;
		} else
			sl->state = SLOT_SENDING;
	}
	/* Deferred untried: recorded in this same transaction. */
	return record_done(st, cfg, run, now);
}

/* The transaction failed: what it recorded waits again, what it took is
   not ours (its rows stay queued and due, nothing was sent). */
static void
undo_tx(struct run *run)
{
	for (size_t i = 0; i < SEND_WINDOW; i++) {
		struct slot *sl = &run->slot[i];

		if (sl->fresh) {
			sl->fresh = 0;
			sl->state = SLOT_READY;
		} else if (sl->state == SLOT_RECORDED)
			sl->state = SLOT_DONE;
	}
}

/* The transaction that was to claim the loaded rows failed. */
static void
not_claimed(const struct run *run)
{
	size_t n = slots_in(run, SLOT_READY);
	int64_t first = 0;

	for (size_t i = 0; i < SEND_WINDOW && first == 0; i++)
		if (run->slot[i].state == SLOT_READY)
			first = run->slot[i].row.id;
	if (n > 0)
		log_err("outbox: %zu mail(s) from %lld cannot be claimed "
		    "(database not writable): not sent", n, (long long)first);
}

/* The transaction committed: log and count what it recorded, hand what it
   claimed to SMTP. */
static void
after_tx(const struct config *cfg, struct smtp *smtp, struct run *run)
{
	for (size_t i = 0; i < SEND_WINDOW; i++) {
		struct slot *sl = &run->slot[i];
		int fresh = sl->fresh;

		sl->fresh = 0;
		if (sl->state == SLOT_RECORDED) {
			log_outcome(cfg, &sl->row, sl->out, sl->err);
			run->sent += sl->out == OUT_SENT;
			run->deferred += sl->out == OUT_DEFERRED;
			slot_free(sl);
		} else if (sl->state == SLOT_SENDING && fresh) {
			sl->job.rcpt = sl->row.rcpt;
			sl->job.raw = sl->row.raw;
			sl->job.len = sl->row.raw_len;
			sl->job.err = sl->err;
			sl->job.errlen = sizeof(sl->err);
			/* The window is within SMTP_QUEUE_MAX: never full. */
			(void)smtp_add(smtp, &sl->job);
		}
	}
}

/*
 * One transaction: record the outcomes that came back, claim rows into
 * the free slots.  blocking: wait for the write lock (the busy handler,
 * up to 10 s); otherwise 1 when another connection holds it.  0 done,
 * -1 on a database error (nothing of it happened).
 */
static int
run_tx(struct store *st, const struct config *cfg, struct smtp *smtp,
    struct run *run, int blocking)
{
	int64_t now = run_now(run->start);
	int rc = blocking ? store_begin(st) : store_try_begin(st);

	if (rc == 0 && (record_done(st, cfg, run, now) != 0 ||
	    (!run->stopped && take_rows(st, cfg, run, now) != 0))) {
		store_rollback(st);
		rc = -1;
	} else if (rc == 0 && store_commit(st) != 0)
		rc = -1;
	if (rc < 0) {
		undo_tx(run);
		not_claimed(run);
	}
	if (rc != 0)
		return rc;
	run->unsynced = 1;
	run->committed++;
	/* A run lasts as long as mail keeps coming: the WAL stays bounded
	   by a checkpoint within it once enough has gathered. */
	if (store_checkpoint_due(st, 0) != 0)
		log_warn("outbox: the checkpoint waits for the next run");
	after_tx(cfg, smtp, run);
	return 0;
}

/* Take what SMTP finished: its outcome waits for the next record. */
static void
harvest(struct smtp *smtp, struct run *run)
{
	if (smtp_stopped(smtp))
		run->stopped = 1;
	/* The server down first: mail not tried because of it says so. */
	for (size_t i = 0; i < SEND_WINDOW; i++) {
		const struct smtp_job *j = &run->slot[i].job;

		if (run->slot[i].state == SLOT_SENDING && j->done &&
		    j->tried && j->status == SMTP_TEMPFAIL &&
		    j->unreachable && run->down[0] == '\0')
			snprintf(run->down, sizeof(run->down), "%s", j->err);
	}
	for (size_t i = 0; i < SEND_WINDOW; i++) {
		struct slot *sl = &run->slot[i];

		if (sl->state != SLOT_SENDING || !sl->job.done)
			continue;
		sl->state = SLOT_DONE;
		sl->tried = sl->job.tried;
		sl->ss = sl->job.status;
		if (sl->tried || run->stopped)
			continue;
		/* What was not tried waits: the server is down. */
		sl->tried = 1;
		sl->ss = SMTP_TEMPFAIL;
		snprintf(sl->err, sizeof(sl->err), "not tried: %.400s",
		    run->down[0] != '\0' ? run->down : "the server is down");
	}
}

/* List the next due rows once those listed are all claimed (a row loaded
   and not yet claimed is still due: it would be listed twice). */
static int
list_due(struct store *st, struct run *run)
{
	if (run->next_due < run->n_due || !run->more || run->stopped ||
	    slots_in(run, SLOT_READY) > 0)
		return 0;
	outbox_rows_free(run->due, run->n_due);
	run->due = NULL;
	run->n_due = run->next_due = 0;
	run->more = 0;
	if (store_outbox_due_heads(st, run->start, DUE_BATCH, &run->due,
	    &run->n_due) != 0)
		return -1;
	run->more = run->n_due == DUE_BATCH;
	return 0;
}

/*
 * The database failed: no more mail starts, what is on the wire finishes
 * (its outcome cannot be recorded either), and each claimed mail says
 * what became of it.  Claimed, it waits its retry time (README, "The
 * database disk fills up").
 */
static void
abandon(const struct config *cfg, struct smtp *smtp, struct run *run)
{
	smtp_cancel(smtp);
	while (smtp_pending(smtp) > 0)
		smtp_pump(smtp, 1000);
	harvest(smtp, run);
	for (size_t i = 0; i < SEND_WINDOW; i++) {
		const struct slot *sl = &run->slot[i];

		if (sl->state != SLOT_DONE)
			continue;
		log_err("outbox %lld: <%s> %s but the outcome cannot be "
		    "recorded; it waits %lld s before any new attempt",
		    (long long)sl->row.id, sl->row.message_id,
		    sl->tried && sl->ss == SMTP_SENT ? "was sent" :
		    "was not sent", (long long)backoff(cfg,
		    sl->row.attempts + 1));
	}
}

/*
 * The run's loop.  Outcomes are recorded when RECORD_AFTER of them wait,
 * and at once when nothing is left on the wire; rows are claimed when
 * RECORD_AFTER slots are free, or when nothing is on the wire.  While
 * mail is on the wire the transaction is only tried; the last one, that
 * only records, is the one fsynced.  Every turn either commits, or waits
 * for the network (a transfer ends by its deadline), and every row taken
 * leaves the due set, so the loop ends.
 */
static int
run_window(struct store *st, const struct config *cfg, struct smtp *smtp,
    struct run *run)
{
	int busy = 0;	/* the lock was taken at the last try, and no mail
			   has finished since: trying again is pointless */

	for (;;) {
		size_t pending = smtp_pending(smtp), done, free_slots;
		int can_take, last, rc;

		/* Nothing pending in SMTP: every job handed to it is done. */
		harvest(smtp, run);
		if (list_due(st, run) != 0)
			return -1;
		done = slots_in(run, SLOT_DONE);
		free_slots = slots_in(run, SLOT_FREE) +
		    slots_in(run, SLOT_READY);
		can_take = !run->stopped && free_slots > 0 &&
		    (run->next_due < run->n_due ||
		    slots_in(run, SLOT_READY) > 0);
		if (pending == 0 && done == 0 && !can_take)
			return 0;
		/* Only records are left: this commit makes the run's
		   outcomes durable. */
		last = pending == 0 && !can_take;
		if (last && store_set_sync(st, 1) != 0)
			return -1;
		if (pending == 0 || (!busy && (done >= RECORD_AFTER ||
		    (can_take && free_slots >= RECORD_AFTER)))) {
			if (can_take && load_rows(st, run) != 0)
				return -1;
			if ((rc = run_tx(st, cfg, smtp, run, pending == 0)) < 0)
				return -1;
			busy = rc == 1;
		}
		if (last)
			run->unsynced = 0;
		if (smtp_pending(smtp) > 0 && smtp_pump(smtp, 1000) > 0)
			busy = 0;
	}
}

/* Drop the bytes of mail sent more than keep_sent_days ago. */
int
outbox_forget_sent(struct store *st, const struct config *cfg, int64_t now)
{
	int changed = 0;

	if (store_begin(st) != 0)
		return -1;
	if (store_outbox_forget_bodies(st, now -
	    (int64_t)cfg->keep_sent_days * 86400, &changed) != 0) {
		store_rollback(st);
		return -1;
	}
	if (changed > 0)
		log_info("outbox: dropped the bytes of %d mails sent more than "
		    "%d days ago", changed, cfg->keep_sent_days);
	return store_commit(st);
}

int
outbox_deliver(struct store *st, const struct config *cfg,
    struct smtp *smtp, int *sent, int *deferred)
{
	struct run *run = xcalloc(1, sizeof(*run));
	int rc = 0;

	run->start = now_seconds();
	run->more = 1;
	if (store_in_tx(st)) {
		log_err("outbox: delivery must not run inside a transaction");
		rc = -1;
		goto done;
	}
	if (smtp == NULL) {
		log_err("outbox: no SMTP client; mail stays queued");
		goto done;
	}
	/*
	 * Outcomes are committed without an fsync but the run's last
	 * record: losing one to a power cut (never to a crash of the
	 * process) only means sending that mail again, which SMTP's
	 * at-least-once already allows; an fsync per commit would cost the
	 * delivery rate.
	 */
	if (store_set_sync(st, 0) != 0) {
		rc = -1;
		goto done;
	}
	smtp_open_stream(smtp, cfg->address);
	rc = run_window(st, cfg, smtp, run);
	if (rc != 0)
		abandon(cfg, smtp, run);
	smtp_close_stream(smtp);
	if (rc == 0 && run->unsynced && store_barrier(st) != 0)
		rc = -1;
	/* The WAL is copied into the database here, on the delivery side,
	   never in the middle of a batch of mail, and only once enough
	   has gathered or nothing was to be sent (store.h). */
	else if (rc == 0 &&
	    store_checkpoint_due(st, run->committed == 0) != 0)
		log_warn("outbox: the checkpoint waits for the next run");
done:
	if (sent != NULL)
		*sent = run->sent;
	if (deferred != NULL)
		*deferred = run->deferred;
	for (size_t i = 0; i < SEND_WINDOW; i++)
		slot_free(&run->slot[i]);
	outbox_rows_free(run->due, run->n_due);
	free(run);
	return rc;
}

int
outbox_deliver_logged(struct store *st, const struct config *cfg,
    struct smtp *smtp)
{
	int sent = 0, deferred = 0;

	if (outbox_deliver(st, cfg, smtp, &sent, &deferred) != 0) {
		log_err("outbox: database error while delivering");
		return -1;
	}
	if (sent || deferred)
		log_info("outbox: %d sent, %d deferred", sent, deferred);
	return 0;
}

int
outbox_next_due(struct store *st, int64_t now, int64_t *seconds)
{
	int64_t next;
	int rc = store_outbox_next_try(st, &next);

	if (rc < 0)
		return -1;
	if (rc == 0)
		*seconds = -1;
	else
		*seconds = next > now ? next - now : 0;
	return 0;
}
