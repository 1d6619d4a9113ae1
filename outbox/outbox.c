/* SPDX-License-Identifier: ISC */
/*
 * outbox.c - queueing replies and delivering the queue.
 *
 * outbox_queue composes a reply and stores it inside the caller's
 * transaction, beside the state change it reports: both commit or neither
 * does.  outbox_deliver sends what is due over one SMTP connection and
 * commits each outcome in its own transaction before the next message, so
 * a crash mid-run loses at most the record of the message in hand.
 *
 * Delivery is at least once, not exactly once.  When the server has
 * received a message but its answer is lost (connection dropped after the
 * final dot, as smtp-sink -q does, or a crash between the server's 250 and
 * our commit), the row is still queued and the message goes again.  SMTP
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
 * Take r for one attempt before anything is sent: the attempt is counted
 * and next_try moved to the retry it would get if it failed, in a
 * committed transaction.  If the outcome of the send then cannot be
 * recorded, the row still waits out that backoff: a database that cannot
 * record (disk full) may delay mail but never resends it in a loop.
 * Returns 1 claimed, 0 taken by someone else, -1 database error.
 */
static int
claim(struct store *st, const struct config *cfg, int64_t start,
    const struct outbox_row *r)
{
	int64_t now = run_now(start);
	int claimed = 0;

	if (store_begin(st) != 0)
		return -1;
	if (store_outbox_claim(st, r->id, start, now + backoff(cfg,
	    r->attempts + 1), "sin resultado registrado: el envío se "
	    "interrumpió", &claimed) != 0) {
		store_rollback(st);
		return -1;
	}
	if (store_commit(st) != 0)
		return -1;
	return claimed;
}

/* Record what happened to r (claimed or deferred untried) in a
   transaction of its own. */
static int
record(struct store *st, const struct config *cfg, int64_t start,
    const struct outbox_row *r, enum smtp_status ss, const char *err,
    enum outcome *out)
{
	int64_t now = run_now(start);
	int attempts = r->attempts + 1, rc;

	if (store_begin(st) != 0)
		return -1;
	if (ss == SMTP_SENT) {
		*out = OUT_SENT;
		rc = store_outbox_sent(st, r->id, now);
	} else if (ss == SMTP_PERMFAIL || attempts >= cfg->smtp_max_attempts) {
		*out = OUT_FAILED;
		rc = store_outbox_failed(st, r->id, attempts, err);
	} else {
		*out = OUT_DEFERRED;
		rc = store_outbox_retry(st, r->id, attempts,
		    now + backoff(cfg, attempts), err);
	}
	if (rc != 0) {
		store_rollback(st);
		return -1;
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

/*
 * Claim one row and send it (or, when the server is known to be
 * unreachable, defer it untried with the same reason), then record the
 * outcome.  -1 when the database could not claim or record: the caller
 * stops delivering.
 */
static int
deliver_one(struct store *st, const struct config *cfg, struct smtp *smtp,
    int64_t start, const struct outbox_row *r, char *down, size_t downlen,
    enum outcome *out)
{
	enum smtp_status ss;
	char err[ERR_MAX];
	int c;

	if (*down != '\0') {
		ss = SMTP_TEMPFAIL;
		snprintf(err, sizeof(err), "not tried: %.400s", down);
	} else {
		if ((c = claim(st, cfg, start, r)) <= 0) {
			if (c < 0)
				log_err("outbox %lld: <%s> cannot be claimed "
				    "(database not writable): not sent",
				    (long long)r->id, r->message_id);
			*out = OUT_SKIPPED;
			return c;
		}
		ss = smtp_send(smtp, cfg->address, r->rcpt, r->raw, r->raw_len,
		    err, sizeof(err));
		if (ss == SMTP_TEMPFAIL && smtp_unreachable(smtp))
			snprintf(down, downlen, "%s", err);
	}
	if (record(st, cfg, start, r, ss, err, out) != 0) {
		log_err("outbox %lld: <%s> %s but the outcome cannot be "
		    "recorded; it waits %lld s before any new attempt",
		    (long long)r->id, r->message_id, ss == SMTP_SENT ?
		    "was sent" : "was not sent",
		    (long long)backoff(cfg, r->attempts + 1));
		return -1;
	}
	log_outcome(cfg, r, *out, err);
	return 0;
}

/* Drop the bytes of mail sent more than keep_sent_days ago. */
static int
forget_old(struct store *st, const struct config *cfg, int64_t now)
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
	struct outbox_row *rows = NULL;
	int64_t now = now_seconds();
	char down[ERR_MAX] = "";
	int n_sent = 0, n_deferred = 0, rc = 0, stopped = 0;
	enum outcome out;
	size_t n = 0;

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
	 * Outcomes are committed one by one but fsynced once, at the end:
	 * losing one to a power cut (never to a crash of the process) only
	 * means sending that mail again, which SMTP's at-least-once already
	 * allows; an fsync per message would halve the delivery rate.
	 */
	if (store_set_sync(st, 0) != 0) {
		rc = -1;
		goto done;
	}
	if (forget_old(st, cfg, now) != 0) {
		rc = -1;
		goto done;
	}
	/*
	 * Every row handled leaves the due set (sent, failed, or next_try
	 * moved past now), so each batch is new and the loop ends.
	 */
	do {
		if (store_outbox_due(st, now, DUE_BATCH, &rows, &n) != 0) {
			rc = -1;
			goto done;
		}
		for (size_t i = 0; i < n && rc == 0; i++) {
			if (smtp_stopped(smtp)) {
				stopped = 1;
				break;
			}
			rc = deliver_one(st, cfg, smtp, now, &rows[i], down,
			    sizeof(down), &out);
			if (rc == 0 && out == OUT_SENT)
				n_sent++;
			else if (rc == 0 && out == OUT_DEFERRED)
				n_deferred++;
		}
		outbox_rows_free(rows, n);
	} while (rc == 0 && !stopped && n == DUE_BATCH);
	if (store_barrier(st) != 0)
		rc = -1;
done:
	if (sent != NULL)
		*sent = n_sent;
	if (deferred != NULL)
		*deferred = n_deferred;
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
