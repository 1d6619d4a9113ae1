/* SPDX-License-Identifier: ISC */
/*
 * outbox.c - queueing replies and delivering the queue.
 *
 * outbox_queue composes a reply and stores it inside the caller's
 * transaction, beside the state change it reports: both commit or neither
 * does.  outbox_deliver sends what is due in groups of at most
 * OUTCOME_GROUP mails: the group is claimed in one commit, sent with no
 * transaction open (no lock is held across the network, so the mailbox
 * side never waits for the relay), over several SMTP connections at once
 * when it is long (smtp.c, all on this thread), and its outcomes recorded
 * in one commit.  A crash mid-run loses at most the
 * record of the group in hand: those mails go again (at least once).
 *
 * Delivery is at least once, not exactly once.  When the server has
 * received a message but its answer is lost (connection dropped after the
 * final dot, as smtp-sink -q does, or a crash between the server's 250 and
 * our commit, or before the group's commit), the row is still queued and
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

#define DUE_BATCH	100
/* Outcomes recorded per commit, and so at most the mails a crash between
   sending and recording sends again (README, "Sent twice"). */
#define OUTCOME_GROUP	16
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

/*
 * Take a group of rows for one attempt each before anything is sent: the
 * attempt is counted and next_try moved to the retry it would get if it
 * failed, in one committed transaction.  If the outcome of the send then
 * cannot be recorded, the row still waits out that backoff: a database
 * that cannot record (disk full) may delay mail but never resends it in a
 * loop.  claimed[i] is 1 for the rows taken (0: another process has it).
 * Returns 0, or -1 on a database error (nothing claimed).
 */
static int
claim_group(struct store *st, const struct config *cfg, int64_t start,
    const struct outbox_row *r, size_t n, int *claimed)
{
	int64_t now = run_now(start);

	if (store_begin(st) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (store_outbox_claim(st, r[i].id, start, now + backoff(cfg,
		    r[i].attempts + 1), "sin resultado registrado: el envío se "
		    "interrumpió", &claimed[i]) != 0) {
			store_rollback(st);
			return -1;
		}
	}
	return store_commit(st);
}

/* What happened to one row of a group. */
struct attempt {
	enum smtp_status ss;
	enum outcome out;
	int tried;		/* claimed and handed to SMTP (or deferred) */
	char err[ERR_MAX];
};

/* Record one outcome inside the group's transaction. */
static int
record_one(struct store *st, const struct config *cfg, int64_t now,
    const struct outbox_row *r, struct attempt *a)
{
	int attempts = r->attempts + 1;

	if (!a->tried) {
		/* Claimed, then a stop request came before it was sent: give
		   the attempt back, the mail goes at the next run. */
		a->out = OUT_SKIPPED;
		return store_outbox_retry(st, r->id, r->attempts, now,
		    r->last_error);
	}
	if (a->ss == SMTP_SENT) {
		a->out = OUT_SENT;
		return store_outbox_sent(st, r->id, now);
	}
	if (a->ss == SMTP_PERMFAIL || attempts >= cfg->smtp_max_attempts) {
		a->out = OUT_FAILED;
		return store_outbox_failed(st, r->id, attempts, a->err);
	}
	a->out = OUT_DEFERRED;
	return store_outbox_retry(st, r->id, attempts,
	    now + backoff(cfg, attempts), a->err);
}

/* Record the outcomes of a group's claimed rows in one transaction. */
static int
record_group(struct store *st, const struct config *cfg, int64_t start,
    const struct outbox_row *r, size_t n, const int *claimed,
    struct attempt *a)
{
	int64_t now = run_now(start);

	if (store_begin(st) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!claimed[i])
			continue;
		if (record_one(st, cfg, now, &r[i], &a[i]) != 0) {
			store_rollback(st);
			return -1;
		}
	}
	return store_commit(st);
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

/* The counts of a run, and whether it was asked to stop. */
struct run {
	int64_t start;
	char down[ERR_MAX];	/* why the server is unreachable; "" */
	int sent, deferred, stopped;
};

/* Send the claimed rows of a group over SMTP (or defer them untried when
   the server is known to be down); a stop request leaves the rest
   untried. */
static void
send_group(struct smtp *smtp, const struct config *cfg, struct run *run,
    const struct outbox_row *r, size_t n, const int *claimed,
    struct attempt *a)
{
	struct smtp_job jobs[OUTCOME_GROUP];
	size_t at[OUTCOME_GROUP], k = 0;

	for (size_t i = 0; i < n; i++) {
		if (!claimed[i] || run->down[0] != '\0')
			continue;
		memset(&jobs[k], 0, sizeof(jobs[k]));
		jobs[k].rcpt = r[i].rcpt;
		jobs[k].raw = r[i].raw;
		jobs[k].len = r[i].raw_len;
		jobs[k].err = a[i].err;
		jobs[k].errlen = sizeof(a[i].err);
		at[k++] = i;
	}
	if (k > 0)
		smtp_send_group(smtp, cfg->address, jobs, k);
	for (size_t j = 0; j < k; j++) {
		a[at[j]].tried = jobs[j].tried;
		a[at[j]].ss = jobs[j].status;
		if (jobs[j].tried && jobs[j].status == SMTP_TEMPFAIL &&
		    jobs[j].unreachable && run->down[0] == '\0')
			snprintf(run->down, sizeof(run->down), "%s",
			    jobs[j].err);
	}
	if (smtp_stopped(smtp)) {
		run->stopped = 1;
		return;
	}
	/* What was not tried waits: the server is down. */
	for (size_t i = 0; i < n; i++) {
		if (!claimed[i] || a[i].tried)
			continue;
		a[i].tried = 1;
		a[i].ss = SMTP_TEMPFAIL;
		snprintf(a[i].err, sizeof(a[i].err), "not tried: %.400s",
		    run->down[0] != '\0' ? run->down : "the server is down");
	}
}

/*
 * One group: claim its rows (one commit), send them with no transaction
 * open, record their outcomes (one commit).  A crash between the two
 * commits leaves at most the group's mails sent and unrecorded: they go
 * again after their backoff (README, "Sent twice").  -1 when the
 * database could not claim or record: the caller stops delivering.
 */
static int
deliver_group(struct store *st, const struct config *cfg, struct smtp *smtp,
    struct run *run, const struct outbox_row *r, size_t n)
{
	int claimed[OUTCOME_GROUP];
	struct attempt a[OUTCOME_GROUP];

	memset(a, 0, sizeof(a));
	for (size_t i = 0; i < n; i++)
		claimed[i] = 1;
	/* Mail deferred untried is not claimed: it is not sent. */
	if (run->down[0] == '\0' &&
	    claim_group(st, cfg, run->start, r, n, claimed) != 0) {
		log_err("outbox: %zu mail(s) from %lld cannot be claimed "
		    "(database not writable): not sent", n, (long long)r[0].id);
		return -1;
	}
	send_group(smtp, cfg, run, r, n, claimed, a);
	if (record_group(st, cfg, run->start, r, n, claimed, a) != 0) {
		for (size_t i = 0; i < n; i++)
			if (claimed[i] && a[i].tried)
				log_err("outbox %lld: <%s> %s but the outcome "
				    "cannot be recorded; it waits %lld s before "
				    "any new attempt", (long long)r[i].id,
				    r[i].message_id, a[i].ss == SMTP_SENT ?
				    "was sent" : "was not sent",
				    (long long)backoff(cfg, r[i].attempts + 1));
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (!claimed[i]) {
			log_outcome(cfg, &r[i], OUT_SKIPPED, "");
			continue;
		}
		if (!a[i].tried)
			continue;
		log_outcome(cfg, &r[i], a[i].out, a[i].err);
		run->sent += a[i].out == OUT_SENT;
		run->deferred += a[i].out == OUT_DEFERRED;
	}
	return 0;
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

/* One batch of due rows, group by group. */
static int
deliver_rows(struct store *st, const struct config *cfg, struct smtp *smtp,
    struct run *run, const struct outbox_row *rows, size_t n)
{
	for (size_t i = 0; i < n && !run->stopped; i += OUTCOME_GROUP) {
		size_t k = n - i < OUTCOME_GROUP ? n - i : OUTCOME_GROUP;

		if (deliver_group(st, cfg, smtp, run, &rows[i], k) != 0)
			return -1;
	}
	return 0;
}

int
outbox_deliver(struct store *st, const struct config *cfg,
    struct smtp *smtp, int *sent, int *deferred)
{
	struct outbox_row *rows = NULL;
	struct run run;
	int rc = 0;
	size_t n = 0;

	memset(&run, 0, sizeof(run));
	run.start = now_seconds();
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
	 * Outcomes are committed group by group but fsynced once, at the
	 * end: losing one to a power cut (never to a crash of the process)
	 * only means sending that mail again, which SMTP's at-least-once
	 * already allows; an fsync per group would cost the delivery rate.
	 */
	if (store_set_sync(st, 0) != 0) {
		rc = -1;
		goto done;
	}
	/*
	 * Every row handled leaves the due set (sent, failed, or next_try
	 * moved past now), so each batch is new and the loop ends.
	 */
	do {
		if (store_outbox_due(st, run.start, DUE_BATCH, &rows, &n) !=
		    0) {
			rc = -1;
			break;
		}
		rc = deliver_rows(st, cfg, smtp, &run, rows, n);
		outbox_rows_free(rows, n);
	} while (rc == 0 && !run.stopped && n == DUE_BATCH);
	if (store_barrier(st) != 0)
		rc = -1;
	/* The WAL is copied into the database here, on the delivery side,
	   never in the middle of a batch of mail (store.h). */
	else if (store_checkpoint(st) != 0)
		log_warn("outbox: the checkpoint waits for the next run");
done:
	if (sent != NULL)
		*sent = run.sent;
	if (deferred != NULL)
		*deferred = run.deferred;
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
