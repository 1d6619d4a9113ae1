/* SPDX-License-Identifier: ISC */
/*
 * pipeline.c - one received message through spool, parse, command and
 * reply, in the order that makes a crash harmless (see pipeline.h).
 *
 * Every message gets exactly one of: the handler's reply; an explanation
 * of why it could not be handled (malformed, too big); or silence, when it
 * is automatic mail (RFC 3834) or the sender is past the daily cap.
 */
#include "daemon/pipeline.h"

#include <magic.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/fault.h"
#include "common/log.h"
#include "common/util.h"
#include "handlers/caps.h"
#include "handlers/classify.h"
#include "handlers/handlers.h"
#include "handlers/privacy.h"
#include "letters/letters.h"
#include "letters/sentences.h"
#include "mail/message.h"
#include "mail/rawfrom.h"
#include "outbox/outbox.h"
#include "spool/spool.h"
#include "store/store.h"
#include "store/store_failure.h"
#include "store/store_inflight.h"

/* How many earlier References a reply carries on (RFC 5322 3.6.4). */
#define MAX_REFERENCES 20

struct pipeline {
	const struct config *cfg;
	struct store *st;
	struct letters *letters;
	magic_t magic;
	unsigned char secret[SECRET_LEN];
	struct parse_limits lim;
};

struct pipeline *
pipeline_new(const struct config *cfg, struct store *st,
    struct letters *letters, const unsigned char secret[SECRET_LEN], char *err,
    size_t errlen)
{
	struct pipeline *p = xcalloc(1, sizeof(*p));

	p->cfg = cfg;
	p->st = st;
	p->letters = letters;
	memcpy(p->secret, secret, sizeof(p->secret));
	p->magic = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
	if (p->magic == NULL || magic_load(p->magic, NULL) != 0) {
		snprintf(err, errlen, "libmagic: %s", p->magic ?
		    magic_error(p->magic) : "cannot start");
		pipeline_free(p);
		return NULL;
	}
	p->lim.max_attachment_bytes = (size_t)cfg->max_attachment_bytes;
	p->lim.max_attachments = (size_t)cfg->max_attachments;
	p->lim.our_domain = cfg->addr_domain;
	p->lim.our_address = cfg->address;
	return p;
}

void
pipeline_free(struct pipeline *p)
{
	if (p == NULL)
		return;
	if (p->magic)
		magic_close(p->magic);
	sodium_memzero(p->secret, sizeof(p->secret));
	free(p);
}

/* The reply's subject: "Re: <theirs>" unless it already is a reply. */
static char *
reply_subject(const struct pipeline *p, const struct message *m,
    const struct reply *r)
{
	if (r->subject != NULL)
		return xstrdup(r->subject);
	if (*m->subject == '\0')
		return sentence_say(p->letters, S_COMUN_ASUNTO_RESPUESTA,
		    SAY_NONE);
	if (ascii_has_prefix_case(m->subject, "re:"))
		return xstrdup(m->subject);
	return xasprintf("Re: %s", m->subject);
}

/* References of the reply: the tail of theirs plus their Message-ID. */
static const char **
reply_references(const struct message *m, size_t *n)
{
	size_t first = 0, k = 0;
	const char **refs;

	if (m->n_references > MAX_REFERENCES - 1)
		first = m->n_references - (MAX_REFERENCES - 1);
	refs = xcalloc(MAX_REFERENCES, sizeof(*refs));
	for (size_t i = first; i < m->n_references; i++)
		refs[k++] = m->references[i];
	if (*m->message_id)
		refs[k++] = m->message_id;
	*n = k;
	return refs;
}

/*
 * Queue ctx->reply to the sender, threaded under their message.  Returns 0,
 * -1 on a database error.  A reply compose refuses (an address that could
 * inject headers) is logged and dropped: it cannot be answered safely.
 */
static int
queue_reply(struct pipeline *p, struct hctx *ctx)
{
	const struct message *m = ctx->msg;
	struct out_attachment *att = NULL;
	struct outmail om;
	size_t nrefs;
	const char **refs;
	char *subject;
	int rc;

	memset(&om, 0, sizeof(om));
	subject = reply_subject(p, m, &ctx->reply);
	refs = reply_references(m, &nrefs);
	if (ctx->reply.n_att) {
		att = xcalloc(ctx->reply.n_att, sizeof(*att));
		for (size_t i = 0; i < ctx->reply.n_att; i++) {
			att[i].filename = ctx->reply.att[i].filename;
			att[i].content_type = ctx->reply.att[i].content_type;
			att[i].data = (const unsigned char *)
			    ctx->reply.att[i].data.data;
			att[i].len = ctx->reply.att[i].data.len;
		}
	}
	om.to = m->from_addr;
	om.to_name = *m->from_name ? m->from_name : NULL;
	om.reply_to = ctx->reply.reply_to;
	om.subject = subject;
	om.body = ctx->reply.body.data ? ctx->reply.body.data : "";
	om.in_reply_to = *m->message_id ? m->message_id : NULL;
	om.references = refs;
	om.n_references = nrefs;
	om.att = att;
	om.n_att = ctx->reply.n_att;
	om.message_id = ctx->reply.message_id;
	om.auto_reply = 1;
	om.date = ctx->now;
	rc = outbox_queue(p->st, p->cfg, &om, ctx->msg_row);
	free(att);
	free(refs);
	free(subject);
	return rc == -1 ? -1 : 0;
}

/* Replace the reply's text with the template name (vars may be NULL). */
static void
reply_from_template(struct pipeline *p, struct hctx *ctx, const char *name,
    struct vars *v)
{
	buf_reset(&ctx->reply.body);
	if (letters_text(p->letters, name, v, &ctx->reply.body) != 0)
		log_err("template %s is missing", name);
}

static struct vars *
sender_vars(const struct message *m)
{
	struct vars *v = vars_new();

	vars_set(v, "remitente.nombre", *m->from_name ? m->from_name :
	    m->from_addr);
	vars_set(v, "remitente.correo", m->from_addr);
	vars_set(v, "mensaje.asunto", m->subject);
	return v;
}

/* Messages that are answered with an explanation and quarantined. */
static int
explain_unhandled(struct pipeline *p, struct hctx *ctx,
    const struct incoming *in)
{
	struct vars *v = sender_vars(ctx->msg);

	ctx->reply.quarantine = 1;
	if (in->headers_only) {
		vars_setf(v, "tamano", "%.1f", (double)in->full_size /
		    (1024.0 * 1024.0));
		vars_setf(v, "limite", "%.1f",
		    (double)p->cfg->max_message_bytes / (1024.0 * 1024.0));
		reply_from_template(p, ctx, "reply_demasiado_grande", v);
	} else {
		vars_set(v, "motivo", ctx->msg->malformed_why);
		reply_from_template(p, ctx, "reply_malformado", v);
	}
	vars_free(v);
	return 0;
}

static const char *
outcome_folder(const struct pipeline *p, enum msg_outcome o)
{
	return o == OUTCOME_QUARANTINED ? p->cfg->quarantine :
	    p->cfg->processed;
}

/*
 * Decide and act, inside the open transaction.  Sets *outcome and *note.
 * Returns 0, or -1 when the transaction must be rolled back.
 */
static int
run_message(struct pipeline *p, struct hctx *ctx, const struct incoming *in,
    enum msg_outcome *outcome, const char **note, int *replied)
{
	const struct message *m = ctx->msg;

	*outcome = OUTCOME_PROCESSED;
	*note = "";
	*replied = 0;
	if (m->automatic != AUTO_NONE) {
		*outcome = OUTCOME_IGNORED;
		*note = auto_kind_name(m->automatic);
		return 0;
	}
	if (*m->from_addr == '\0') {
		/* Nobody to answer: keep it for a person to look at. */
		*outcome = OUTCOME_QUARANTINED;
		*note = "no readable sender";
		return 0;
	}
	if (in->headers_only || m->malformed) {
		*outcome = OUTCOME_QUARANTINED;
		*note = in->headers_only ? "oversize" : m->malformed_why;
		explain_unhandled(p, ctx, in);
	} else {
		if (handlers_identify(ctx) != 0 || handlers_dispatch(ctx) != 0)
			return -1;
		if (ctx->reply.quarantine)
			*outcome = OUTCOME_QUARANTINED;
	}
	if (caps_apply_reply(ctx) != 0)	/* handlers/caps.h */
		return -1;
	if (privacy_first_contact(ctx) != 0)	/* handlers/privacy.h */
		return -1;
	if (!ctx->reply.suppress) {
		if (queue_reply(p, ctx) != 0)
			return -1;
		*replied = 1;
	}
	return 0;
}

/*
 * The message's one line at info level (README, "Logs"): what came, who
 * sent it as handlers_identify saw them, what was done and answered.  One
 * line, written once it is committed, instead of one per step.
 */
static void
log_summary(const struct hctx *ctx, const struct incoming *in,
    const struct command_line *cl, enum msg_outcome outcome,
    const char *note, int replied)
{
	char who[160] = "";

	if (ctx->identified)
		snprintf(who, sizeof(who), " role=%s account=%lld verified=%s "
		    "token=%d:%lld", role_name(ctx->role),
		    (long long)ctx->account_id, ctx->verified ? "yes" : "no",
		    ctx->token_kind, (long long)ctx->token_id);
	log_info("msg %lld: uid %lld from=<%s> command=%s outcome=%s%s%s "
	    "reply=%s%s%s", (long long)ctx->msg_row, (long long)in->uid,
	    ctx->msg->from_addr, *cl->code ? cl->code : "-",
	    outcome == OUTCOME_PROCESSED ? "processed" :
	    outcome == OUTCOME_IGNORED ? "ignored" : "quarantined",
	    *note ? " why=" : "", note, replied ? "queued" : "none", who,
	    ctx->aviso_shown ? " aviso=shown" : "");
}

/*
 * Already recorded (crash after commit, UIDVALIDITY change, the same mail
 * twice): nothing runs again.  Point the record at the current UID so the
 * caller's MOVE and pipeline_moved() apply to it.
 */
static enum pipe_result
known_message(struct pipeline *p, const struct incoming *in, int64_t id,
    char *known_folder, char **folder, int64_t *row)
{
	if (in->uid > 0 && store_msg_set_uid(p->st, id, in->uidvalidity,
	    in->uid) != 0)
		goto fail;
	if (store_commit(p->st) != 0)
		goto fail;
	log_info("uid %lld: already processed as message %lld: moving to %s",
	    (long long)in->uid, (long long)id, known_folder);
	*folder = known_folder;
	*row = id;
	return PIPE_DONE;
fail:
	store_rollback(p->st);
	free(known_folder);
	return PIPE_TEMPFAIL;
}

static void
hctx_init(struct pipeline *p, struct hctx *ctx, const struct message *m,
    const struct command_line *cl)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->cfg = p->cfg;
	ctx->st = p->st;
	ctx->letters = p->letters;
	ctx->cause = HCTX_MAIL;
	ctx->msg = m;
	ctx->cl = cl;
	ctx->now = now_seconds();
	ctx->secret = p->secret;
	buf_init(&ctx->reply.body);
}

/* The record of a message, before its outcome is known. */
static void
record_of(struct msg_record *rec, const struct incoming *in,
    const struct message *m, const struct command_line *cl,
    const char *sha, const char *path)
{
	memset(rec, 0, sizeof(*rec));
	rec->uidvalidity = in->uidvalidity;
	rec->uid = in->uid;
	rec->message_id = m->message_id;
	rec->sha256 = sha;
	rec->spool_path = path;
	rec->from_addr = m->from_addr;
	rec->subject = m->subject;
	rec->command = cl->code;
}

/*
 * A message that failed in a way that will repeat (or failed too often):
 * recorded as quarantined, with a reply saying a person will look at it,
 * so the mailbox goes on to the next message.  Runs in a transaction of
 * its own (the failed one is rolled back).  PIPE_DONE when recorded.
 */
static enum pipe_result
set_aside(struct pipeline *p, struct hctx *ctx, const struct incoming *in,
    const char *sha, const char *path, const char *why, char **folder,
    int64_t *row)
{
	const struct message *m = ctx->msg;
	const struct command_line *cl = ctx->cl;
	struct msg_record rec;
	struct vars *v;
	int64_t id;
	int replied = 0;

	reply_free(&ctx->reply);
	hctx_init(p, ctx, m, cl);
	if (store_begin(p->st) != 0)
		return PIPE_TEMPFAIL;
	record_of(&rec, in, m, cl, sha, path);
	rec.outcome = OUTCOME_QUARANTINED;
	rec.folder = p->cfg->quarantine;
	rec.note = why;
	if (store_msg_insert(p->st, &rec, &id) != 0)
		goto fail;
	ctx->msg_row = id;
	if (*m->from_addr != '\0' && m->automatic == AUTO_NONE) {
		v = sender_vars(m);
		reply_from_template(p, ctx, "reply_no_procesado", v);
		vars_free(v);
		if (caps_apply_reply(ctx) != 0)	/* handlers/caps.h */
			goto fail;
		if (!ctx->reply.suppress) {
			if (queue_reply(p, ctx) != 0)
				goto fail;
			replied = 1;
		}
	}
	if (store_msg_failure_clear(p->st, sha) != 0 ||
	    store_commit(p->st) != 0)
		goto fail;
	log_warn("msg %lld: uid %lld: quarantined: %s (reply=%s)",
	    (long long)id, (long long)in->uid, why, replied ? "queued" :
	    "none");
	*folder = xstrdup(p->cfg->quarantine);
	*row = id;
	return PIPE_DONE;
fail:
	store_rollback(p->st);
	return PIPE_TEMPFAIL;
}

/*
 * One more temporary failure of the message, counted in the database so
 * that a restart does not start the count again.  Best effort: when the
 * database is what fails, the count cannot grow, and nothing is lost by
 * waiting for it.
 */
static void
count_failure(struct pipeline *p, const struct incoming *in,
    const char *sha, const char *why)
{
	int count = 0;

	if (store_begin(p->st) == 0) {
		if (store_msg_failure_bump(p->st, sha, now_seconds(), why,
		    &count) != 0 || store_commit(p->st) != 0) {
			store_rollback(p->st);
			count = 0;
		}
	}
	if (count > 0)
		log_warn("uid %lld: not processed (%s): will retry (failure "
		    "%d of %d)", (long long)in->uid, why, count,
		    p->cfg->max_temporary_failures);
	else
		log_warn("uid %lld: not processed (%s): will retry",
		    (long long)in->uid, why);
}

enum pipe_result
pipeline_process(struct pipeline *p, const struct incoming *in,
    char **folder, int64_t *row)
{
	char sha[SPOOL_SHA_HEX], *path = NULL;
	enum pipe_result rc;

	/* 1. Durable before anything else happens. */
	if (spool_put(p->cfg->spool, "msg", in->raw, in->len, 0600, sha,
	    &path) != 0)
		return PIPE_TEMPFAIL;
	rc = pipeline_guarded(p, in, sha, path, folder, row);
	free(path);
	return rc;
}

/* One committed write: mark (or count a death on) a message.  0 or -1. */
static int
inflight_write(struct pipeline *p, const char *sha, int *deaths)
{
	int rc;

	if (store_begin(p->st) != 0)
		return -1;
	rc = deaths != NULL ? store_inflight_bump(p->st, sha, deaths) :
	    store_inflight_clear(p->st, sha);
	if (rc != 0 || store_commit(p->st) != 0) {
		store_rollback(p->st);
		return -1;
	}
	return 0;
}

enum pipe_result
pipeline_guarded(struct pipeline *p, const struct incoming *in,
    const char *sha, const char *path, char **folder, int64_t *row)
{
	enum pipe_result rc;
	int marked, deaths;

	if (store_inflight_get(p->st, sha, &marked, &deaths) != 0)
		return PIPE_TEMPFAIL;
	if (deaths >= p->cfg->max_process_deaths)
		return pipeline_set_aside_unread(p, in, sha, path, deaths,
		    folder, row);
	if (inflight_write(p, sha, &deaths) != 0)
		return PIPE_TEMPFAIL;
	rc = pipeline_apply(p, in, sha, path, folder, row);
	/* Best effort: a mark left behind costs one more count, and a
	   message is set aside only after max_process_deaths. */
	if (inflight_write(p, sha, NULL) != 0)
		log_warn("uid %lld: cannot clear its in-progress mark",
		    (long long)in->uid);
	return rc;
}

/*
 * The record and the reply of a message set aside without being parsed:
 * only what rawfrom.h reads safely is used.  Inside the open transaction.
 */
static int
record_unread(struct pipeline *p, struct hctx *ctx,
    const struct incoming *in, const char *sha, const char *path,
    const char *why, int64_t *id, int *replied)
{
	struct msg_record rec;
	struct vars *v;

	memset(&rec, 0, sizeof(rec));
	rec.uidvalidity = in->uidvalidity;
	rec.uid = in->uid;
	rec.message_id = "";
	rec.sha256 = sha;
	rec.spool_path = path;
	rec.from_addr = ctx->msg->from_addr;
	rec.subject = ctx->msg->subject;
	rec.command = "";
	rec.outcome = OUTCOME_QUARANTINED;
	rec.folder = p->cfg->quarantine;
	rec.note = why;
	if (store_msg_insert(p->st, &rec, id) != 0)
		return -1;
	ctx->msg_row = *id;
	*replied = 0;
	if (*ctx->msg->from_addr == '\0')
		return 0;
	v = sender_vars(ctx->msg);
	reply_from_template(p, ctx, "reply_no_procesado", v);
	vars_free(v);
	if (caps_apply_reply(ctx) != 0)	/* handlers/caps.h */
		return -1;
	if (ctx->reply.suppress)
		return 0;
	*replied = 1;
	return queue_reply(p, ctx);
}

enum pipe_result
pipeline_set_aside_unread(struct pipeline *p, const struct incoming *in,
    const char *sha, const char *path, int deaths, char **folder,
    int64_t *row)
{
	char addr[256] = "", subject[200], empty[1] = "", why[128];
	struct command_line cl;
	struct message m;
	struct hctx ctx;
	int64_t id;
	int replied = 0;

	memset(&m, 0, sizeof(m));
	memset(&cl, 0, sizeof(cl));
	if (!rawfrom_address(in->raw, in->len, addr, sizeof(addr)))
		addr[0] = '\0';
	if (!rawfrom_subject(in->raw, in->len, subject, sizeof(subject))) {
		char *unread = sentence_say(p->letters,
		    S_COMUN_SIN_ASUNTO_LEGIBLE, SAY_NONE);

		snprintf(subject, sizeof(subject), "%s", unread);
		free(unread);
	}
	m.from_addr = addr;
	m.subject = subject;
	m.from_name = m.message_id = m.malformed_why = empty;
	cl.code = cl.args = cl.subject_tag = empty;
	hctx_init(p, &ctx, &m, &cl);
	snprintf(why, sizeof(why), "the process died on it %d times",
	    deaths);
	if (store_begin(p->st) != 0)
		goto fail;
	if (record_unread(p, &ctx, in, sha, path, why, &id, &replied) != 0 ||
	    store_inflight_clear(p->st, sha) != 0 ||
	    store_msg_failure_clear(p->st, sha) != 0 ||
	    store_commit(p->st) != 0)
		goto fail;
	log_warn("msg %lld: uid %lld: quarantined: %s (reply=%s)",
	    (long long)id, (long long)in->uid, why, replied ? "queued" :
	    "none");
	reply_free(&ctx.reply);
	*folder = xstrdup(p->cfg->quarantine);
	*row = id;
	return PIPE_DONE;
fail:
	store_rollback(p->st);
	reply_free(&ctx.reply);
	return PIPE_TEMPFAIL;
}

enum pipe_result
pipeline_apply(struct pipeline *p, const struct incoming *in,
    const char *sha, const char *path, char **folder, int64_t *row)
{
	char *known = NULL;
	struct command_line cl;
	struct message *m;
	struct msg_record rec;
	struct hctx ctx;
	enum msg_outcome outcome;
	const char *note;
	char why[300];
	enum pipe_result rc;
	int64_t id;
	int found, replied, failures = 0;

	fault_clear();
	m = message_parse(in->raw, in->len, &p->lim, p->magic);
#ifdef TEQUIO_TESTING
	/* The sanitizer build only: a message that kills the process, for
	   tests/integration/test_crashloop.sh. */
	if (getenv("TEQUIO_TEST_CRASH_ON") != NULL &&
	    *getenv("TEQUIO_TEST_CRASH_ON") != '\0' &&
	    strstr(m->subject, getenv("TEQUIO_TEST_CRASH_ON")) != NULL)
		abort();
#endif
	classify_command(m->subject, m->body, 1, &cl);
	hctx_init(p, &ctx, m, &cl);

	/* 2. One transaction: record, act, queue, commit. */
	if (store_begin(p->st) != 0)
		goto tempfail;
	found = store_msg_find(p->st, in->uidvalidity, in->uid, sha,
	    m->message_id, m->from_addr, &id, &known);
	if (found < 0)
		goto rollback;
	if (found) {
		command_line_free(&cl);
		message_free(m);
		reply_free(&ctx.reply);
		return known_message(p, in, id, known, folder, row);
	}
	if (store_msg_failures(p->st, sha, &failures) != 0)
		goto rollback;
	if (failures >= p->cfg->max_temporary_failures) {
		store_rollback(p->st);
		snprintf(why, sizeof(why), "failed %d times for reasons that "
		    "should have passed", failures);
		goto set_aside;
	}
	record_of(&rec, in, m, &cl, sha, path);
	rec.outcome = OUTCOME_PROCESSED;
	rec.folder = p->cfg->processed;
	if (store_msg_insert(p->st, &rec, &id) != 0)
		goto rollback;
	ctx.msg_row = id;
	if (run_message(p, &ctx, in, &outcome, &note, &replied) != 0)
		goto rollback;
	/* The row was inserted as processed, with no note: most messages
	   need no second write of it. */
	if ((outcome != OUTCOME_PROCESSED || *note != '\0') &&
	    store_msg_set_outcome(p->st, id, outcome, outcome_folder(p,
	    outcome), cl.code, note) != 0)
		goto rollback;
	if (failures > 0 && store_msg_failure_clear(p->st, sha) != 0)
		goto rollback;
	if (store_commit(p->st) != 0)
		goto tempfail;

	log_summary(&ctx, in, &cl, outcome, note, replied);
	if (outcome == OUTCOME_QUARANTINED)
		log_warn("msg %lld: uid %lld: quarantined: %s", (long long)id,
		    (long long)in->uid, *note ? note : "see the reply");
	*folder = xstrdup(outcome_folder(p, outcome));
	*row = id;
	command_line_free(&cl);
	message_free(m);
	reply_free(&ctx.reply);
	return PIPE_DONE;

rollback:
	store_rollback(p->st);
	/* What did not fail because of the machine fails the same way next
	   time: set it aside rather than block the mailbox behind it. */
	if (!fault_is_transient()) {
		snprintf(why, sizeof(why), "%s", *fault_why() ? fault_why() :
		    "the command failed (see the lines above)");
		goto set_aside;
	}
tempfail:
	count_failure(p, in, sha, *fault_why() ? fault_why() :
	    "database error");
	command_line_free(&cl);
	message_free(m);
	reply_free(&ctx.reply);
	return PIPE_TEMPFAIL;

set_aside:
	rc = set_aside(p, &ctx, in, sha, path, why, folder, row);
	if (rc != PIPE_DONE)
		count_failure(p, in, sha, *fault_why() ? fault_why() :
		    "database error");
	command_line_free(&cl);
	message_free(m);
	reply_free(&ctx.reply);
	return rc;
}

int
pipeline_moved(struct pipeline *p, int64_t row)
{
	return pipeline_moved_many(p, &row, 1);
}

/*
 * The moved flag is bookkeeping: a lost update is put right by the next
 * pass (fetch.c reconcile_moved), so it is committed without an fsync of
 * its own; the next durable commit carries it.
 */
int
pipeline_moved_many(struct pipeline *p, const int64_t *rows, size_t n)
{
	int rc = -1;

	if (store_set_sync(p->st, 0) != 0)
		return -1;
	if (store_begin(p->st) != 0)
		goto done;
	for (size_t i = 0; i < n; i++) {
		if (store_msg_mark_moved(p->st, rows[i]) != 0) {
			store_rollback(p->st);
			goto done;
		}
	}
	rc = store_commit(p->st);
done:
	if (store_set_sync(p->st, 1) != 0)
		rc = -1;
	return rc;
}
