/* SPDX-License-Identifier: ISC */
/*
 * test_workflow_harness.h - runs mail through handlers_identify() and
 * handlers_dispatch() the way daemon/pipeline.c does (one transaction per
 * message), over a real SQLite file, spool, letters engine and libmagic, so
 * the workflow can be tested without servers.  Mail to third parties is
 * read back from the outbox table and parsed again.
 *
 * Included by the test_workflow*.c files only; everything is static.
 */
#ifndef TEST_WORKFLOW_HARNESS_H
#define TEST_WORKFLOW_HARNESS_H

#include <magic.h>

#include "common/secret.h"
#include "handlers/handlers.h"
#include "letters/letters.h"
#include "mail/compose.h"
#include "outbox/outbox.h"
#include "spool/spool.h"
#include "store/store.h"
#include "store/store_workflow.h"

/* Not every test file uses every helper. */
#define FIXTURES "tests/fixtures/workflow/"

struct harness {
	char dir[64];
	struct config cfg;
	struct store *st;
	struct letters *letters;
	unsigned char secret[SECRET_LEN];
	magic_t magic;
	int64_t msg_row;
	int64_t last_outbox;
	int n;			/* messages sent, for unique Message-IDs */
};

/* One attachment of a message to send: a fixture file under a name. */
struct h_att {
	const char *name;	/* as the sender names it */
	const char *fixture;	/* file in FIXTURES */
	const char *type;	/* declared Content-Type */
};

/* What came back: the reply to the sender and the mail to others. */
struct h_mail {
	char *to;
	char *subject;
	char *reply_to;
	char *message_id;
	char *body;
	char *att_names;	/* "a.pdf,b.csv" */
	struct message *m;	/* parsed (notices only) */
};

struct h_result {
	struct h_mail reply;
	struct h_mail *out;
	size_t n_out;
	enum role role;
	int verified;
	int token_kind;		/* a decision token (identify.c) */
};

static const char h_conf[] =
    "[institution]\n"
    "name = Universidad Tecnológica del Valle\n"
    "short_name = UTV\n"
    "city = Oaxaca de Juárez\n"
    "[mailbox]\n"
    "address = servicio.social@utv.edu.mx\n"
    "imap_user = servicio.social\n"
    "imap_password = secreto\n"
    "[roles]\n"
    "coordinators = coordinacion@utv.edu.mx\n"
    "student_domains = alumnos.utv.edu.mx\n"
    "[storage]\n"
    "database = tequio.db\n"
    "spool = spool\n"
    "templates = %s/templates\n"
    "[security]\n"
    "secret_file = secret.key\n"
    "trusted_authserv_id = mx.utv.edu.mx\n"
    "token_ttl_days = 30\n";

static __attribute__((unused)) void
h_open(struct harness *h)
{
	char err[512], *conf, *path, cwd[512];
	FILE *fp;

	memset(h, 0, sizeof(*h));
	snprintf(h->dir, sizeof(h->dir), "/tmp/tequio-wf-XXXXXX");
	assert_non_null(mkdtemp(h->dir));
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	conf = xasprintf(h_conf, cwd);
	path = xasprintf("%s/tequio.conf", h->dir);
	assert_non_null(fp = fopen(path, "w"));
	fputs(conf, fp);
	fclose(fp);
	if (config_load(path, &h->cfg, err, sizeof(err)) != 0)
		fail_msg("config: %s", err);
	assert_int_equal(spool_init(h->cfg.spool, err, sizeof(err)), 0);
	if (store_open(h->cfg.database, &h->st, err, sizeof(err)) != 0)
		fail_msg("store: %s", err);
	assert_int_equal(secret_load(h->cfg.secret_file, h->secret, 1), 0);
	if (letters_open(&h->cfg, &h->letters, err, sizeof(err)) != 0)
		fail_msg("letters: %s", err);
	h->magic = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
	assert_non_null(h->magic);
	assert_int_equal(magic_load(h->magic, NULL), 0);
	free(conf);
	free(path);
}

static __attribute__((unused)) void
h_close(struct harness *h)
{
	char *cmd = xasprintf("rm -rf '%s'", h->dir);

	magic_close(h->magic);
	letters_close(h->letters);
	store_close(h->st);
	config_free(&h->cfg);
	if (getenv("KEEP") == NULL)
		assert_int_equal(system(cmd), 0);
	free(cmd);
}

static __attribute__((unused)) void
h_base64(struct buf *b, const unsigned char *p, size_t n)
{
	static const char a[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t col = 0;

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;

		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		buf_addc(b, a[(v >> 18) & 63]);
		buf_addc(b, a[(v >> 12) & 63]);
		buf_addc(b, i + 1 < n ? a[(v >> 6) & 63] : '=');
		buf_addc(b, i + 2 < n ? a[v & 63] : '=');
		if ((col += 4) >= 72) {
			buf_adds(b, "\r\n");
			col = 0;
		}
	}
	buf_adds(b, "\r\n");
}

/*
 * A message as raw text.  headers: extra header lines ("A: b\r\n"), may be
 * NULL.  Subjects may be UTF-8 (sent raw: the parser copes, as with real
 * clients that do not encode).
 */
static __attribute__((unused)) char *
h_raw(struct harness *h, const char *headers, const char *from,
    const char *to, const char *subject, const char *body,
    const struct h_att *att, size_t n_att, const char *in_reply_to)
{
	struct buf b;

	buf_init(&b);
	h->n++;
	if (headers != NULL)
		buf_adds(&b, headers);
	buf_printf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\n"
	    "Date: Mon, 16 Nov 2026 10:00:00 -0600\r\n"
	    "Message-ID: <m%d.%s@test.example>\r\nMIME-Version: 1.0\r\n",
	    from, to, subject, h->n, h->dir + 5);
	if (in_reply_to != NULL)
		buf_printf(&b, "In-Reply-To: <%s>\r\nReferences: <%s>\r\n",
		    in_reply_to, in_reply_to);
	if (n_att == 0) {
		buf_printf(&b, "Content-Type: text/plain; charset=utf-8\r\n"
		    "Content-Transfer-Encoding: 8bit\r\n\r\n%s\r\n", body);
		return buf_steal(&b);
	}
	buf_adds(&b, "Content-Type: multipart/mixed; boundary=\"BB\"\r\n\r\n"
	    "--BB\r\nContent-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: 8bit\r\n\r\n");
	buf_printf(&b, "%s\r\n", body);
	for (size_t i = 0; i < n_att; i++) {
		/* An absolute path: a file the test saved (h_save_att). */
		char *path = att[i].fixture[0] == '/' ?
		    xstrdup(att[i].fixture) :
		    xasprintf(FIXTURES "%s", att[i].fixture), *data;
		size_t len;

		if (read_file(path, 1 << 20, &data, &len) != 0)
			fail_msg("fixture %s", path);
		buf_printf(&b, "--BB\r\nContent-Type: %s; name=\"%s\"\r\n"
		    "Content-Disposition: attachment; filename=\"%s\"\r\n"
		    "Content-Transfer-Encoding: base64\r\n\r\n", att[i].type,
		    att[i].name, att[i].name);
		h_base64(&b, (unsigned char *)data, len);
		free(data);
		free(path);
	}
	buf_adds(&b, "--BB--\r\n");
	return buf_steal(&b);
}

static __attribute__((unused)) struct message *
h_parse(struct harness *h, const char *raw, size_t len)
{
	struct parse_limits lim;

	memset(&lim, 0, sizeof(lim));
	lim.max_attachment_bytes = 10 << 20;
	lim.max_attachments = 20;
	lim.our_domain = h->cfg.addr_domain;
	lim.our_address = h->cfg.address;
	return message_parse(raw, len, &lim, h->magic);
}

static __attribute__((unused)) char *
h_att_names(const struct attachment *a, size_t n)
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "");
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? "," : "", a[i].filename);
	return buf_steal(&b);
}

static __attribute__((unused)) void
h_mail_free(struct h_mail *m)
{
	free(m->to);
	free(m->subject);
	free(m->reply_to);
	free(m->message_id);
	free(m->body);
	free(m->att_names);
	if (m->m)
		message_free(m->m);
	memset(m, 0, sizeof(*m));
}

static __attribute__((unused)) void
h_result_free(struct h_result *r)
{
	h_mail_free(&r->reply);
	for (size_t i = 0; i < r->n_out; i++)
		h_mail_free(&r->out[i]);
	free(r->out);
	memset(r, 0, sizeof(*r));
}

/*
 * A reply to a notice keeps its subject, and a subject is read for a
 * command: a notice's subject must read as none (but the one that asks
 * for REPORTE ALUMNOS on purpose).
 */
static void
h_subject_is_no_command(const char *subject)
{
	struct command_line cl;

	classify_command(subject, "", 0, &cl);
	if (cl.cmd != CMD_NONE && cl.cmd != CMD_REPORTE_ALUMNOS)
		fail_msg("notice subject \"%s\" reads as %s", subject,
		    cl.code);
	command_line_free(&cl);
}

/* Everything queued since the last call, parsed. */
static __attribute__((unused)) void
h_collect(struct harness *h, struct h_result *r)
{
	struct outbox_row *rows;
	size_t n;

	/* Everything queued is due at the end of time, with its bytes. */
	assert_int_equal(store_outbox_due(h->st, INT64_MAX, 100000, &rows,
	    &n), 0);
	for (size_t i = 0; i < n; i++) {
		struct h_mail *o;

		if (rows[i].id <= h->last_outbox)
			continue;
		h->last_outbox = rows[i].id;
		r->out = xreallocarray(r->out, r->n_out + 1, sizeof(*r->out));
		o = &r->out[r->n_out++];
		memset(o, 0, sizeof(*o));
		o->m = h_parse(h, rows[i].raw, rows[i].raw_len);
		o->to = xstrdup(rows[i].rcpt);
		o->subject = xstrdup(o->m->subject);
		o->reply_to = xstrdup(o->m->reply_to_addr);
		o->message_id = xstrdup(o->m->message_id);
		o->body = xstrdup(o->m->body_full);
		o->att_names = h_att_names(o->m->att, o->m->n_att);
		h_subject_is_no_command(o->subject);
	}
	outbox_rows_free(rows, n);
}

/* The reply must be one compose accepts, as the pipeline will send it. */
static void
h_compose_reply(struct harness *h, const struct message *m,
    const struct reply *rp)
{
	struct out_attachment *att = xcalloc(rp->n_att + 1, sizeof(*att));
	struct outmail om;
	struct buf out;
	char err[256], *msgid = NULL;

	for (size_t i = 0; i < rp->n_att; i++) {
		att[i].filename = rp->att[i].filename;
		att[i].content_type = rp->att[i].content_type;
		att[i].data = (const unsigned char *)rp->att[i].data.data;
		att[i].len = rp->att[i].data.len;
	}
	memset(&om, 0, sizeof(om));
	om.to = m->from_addr;
	om.reply_to = rp->reply_to;
	om.subject = rp->subject ? rp->subject : "Re:";
	om.body = rp->body.data ? rp->body.data : "";
	om.att = att;
	om.n_att = rp->n_att;
	om.message_id = rp->message_id;
	om.auto_reply = 1;
	buf_init(&out);
	if (compose_mail(&h->cfg, &om, &out, &msgid, err, sizeof(err)) != 0)
		fail_msg("the reply cannot be composed: %s", err);
	free(msgid);
	buf_free(&out);
	free(att);
}

/* Run raw through identify + dispatch in one transaction, as the pipeline. */
static __attribute__((unused)) void
h_run(struct harness *h, const char *raw, struct h_result *r)
{
	struct message *m = h_parse(h, raw, strlen(raw));
	struct command_line cl;
	struct hctx ctx;
	struct buf names;

	memset(r, 0, sizeof(*r));
	classify_command(m->subject, m->body, 1, &cl);
	memset(&ctx, 0, sizeof(ctx));
	ctx.cfg = &h->cfg;
	ctx.st = h->st;
	ctx.letters = h->letters;
	ctx.msg = m;
	ctx.cl = &cl;
	ctx.msg_row = ++h->msg_row;
	ctx.now = now_seconds();
	ctx.secret = h->secret;
	buf_init(&ctx.reply.body);
	assert_int_equal(store_begin(h->st), 0);
	assert_int_equal(handlers_identify(&ctx), 0);
	assert_int_equal(handlers_dispatch(&ctx), 0);
	assert_int_equal(store_commit(h->st), 0);
	r->role = ctx.role;
	r->verified = ctx.verified;
	r->token_kind = ctx.token_kind;
	r->reply.to = xstrdup(m->from_addr);
	r->reply.subject = xstrdup(ctx.reply.subject ? ctx.reply.subject : "");
	r->reply.reply_to = xstrdup(ctx.reply.reply_to ? ctx.reply.reply_to :
	    "");
	r->reply.message_id = xstrdup(ctx.reply.message_id ?
	    ctx.reply.message_id : "");
	r->reply.body = xstrdup(ctx.reply.body.data ? ctx.reply.body.data : "");
	buf_init(&names);
	buf_adds(&names, "");
	for (size_t i = 0; i < ctx.reply.n_att; i++)
		buf_printf(&names, "%s%s", i ? "," : "",
		    ctx.reply.att[i].filename);
	r->reply.att_names = buf_steal(&names);
	h_compose_reply(h, m, &ctx.reply);
	h_collect(h, r);
	if (getenv("SHOW") != NULL) {
		fprintf(stderr, "==== %s -> %s (%s, %s)\n%s\n", m->from_addr,
		    m->subject, role_name(ctx.role), ctx.verified ? "verified" :
		    "unverified", r->reply.body);
		for (size_t i = 0; i < r->n_out; i++)
			fprintf(stderr, "---- notice to %s: %s [%s]\n%s\n",
			    r->out[i].to, r->out[i].subject,
			    r->out[i].att_names, r->out[i].body);
	}
	reply_free(&ctx.reply);
	command_line_free(&cl);
	message_free(m);
}

/* Send one message and run it. */
static __attribute__((unused)) void
h_send(struct harness *h, const char *headers, const char *from,
    const char *to, const char *subject, const char *body,
    const struct h_att *att, size_t n_att, struct h_result *r)
{
	char *raw = h_raw(h, headers, from, to, subject, body, att, n_att,
	    NULL);

	h_run(h, raw, r);
	free(raw);
}

/* Reply to mail m (a notice or a reply) from its recipient, with body. */
static __attribute__((unused)) void
h_reply_to(struct harness *h, const struct h_mail *m, const char *from,
    const char *body, struct h_result *r)
{
	char *subject = xasprintf("Re: %s", m->subject);
	char *raw = h_raw(h, NULL, from, m->reply_to, subject, body, NULL, 0,
	    m->message_id);

	h_run(h, raw, r);
	free(raw);
	free(subject);
}

/* The notice to rcpt among r's mail, or fail. */
static __attribute__((unused)) const struct h_mail *
h_notice(const struct h_result *r, const char *rcpt)
{
	for (size_t i = 0; i < r->n_out; i++)
		if (strcmp(r->out[i].to, rcpt) == 0)
			return &r->out[i];
	fail_msg("no mail to %s among %zu", rcpt, r->n_out);
	return NULL;
}

/* The approval code "XXX-XXX" in s (after "pendiente "). */
static __attribute__((unused)) char *
h_code(const char *s)
{
	const char *p = strstr(s, "pendiente ");

	if (p == NULL)
		fail_msg("no code in \"%s\"", s);
	return xstrndup(p + 10, 7);
}

/* The personal address local+TOKEN@domain mentioned in s. */
static __attribute__((unused)) char *
h_personal(const char *s)
{
	const char *p = strstr(s, "servicio.social+"), *e;

	if (p == NULL)
		fail_msg("no personal address in \"%s\"", s);
	e = strstr(p, "@utv.edu.mx");
	assert_non_null(e);
	return xstrndup(p, (size_t)(e - p) + strlen("@utv.edu.mx"));
}

static __attribute__((unused)) void
h_contains(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL)
		fail_msg("\"%s\" not found in:\n%s", needle, hay);
}

static __attribute__((unused)) void
h_lacks(const char *hay, const char *needle)
{
	if (strstr(hay, needle) != NULL)
		fail_msg("\"%s\" unexpectedly found in:\n%s", needle, hay);
}

/* The text of the PDF attachment of m whose name starts with prefix. */
static __attribute__((unused)) char *
h_pdf_text(struct harness *h, const struct h_mail *m, const char *prefix)
{
	char *path, *cmd, *text = NULL;
	size_t len;
	FILE *fp;

	for (size_t i = 0; i < m->m->n_att; i++) {
		const struct attachment *a = &m->m->att[i];

		if (strncmp(a->filename, prefix, strlen(prefix)) != 0)
			continue;
		path = xasprintf("%s/letter.pdf", h->dir);
		assert_non_null(fp = fopen(path, "w"));
		assert_int_equal(fwrite(a->data, 1, a->len, fp), a->len);
		fclose(fp);
		cmd = xasprintf("pdftotext -enc UTF-8 '%s' '%s.txt'", path,
		    path);
		assert_int_equal(system(cmd), 0);
		free(cmd);
		cmd = xasprintf("%s.txt", path);
		assert_int_equal(read_file(cmd, 1 << 20, &text, &len), 0);
		free(cmd);
		free(path);
		return text;
	}
	fail_msg("no attachment %s* in %s", prefix, m->att_names);
	return NULL;
}

/* Save the attachment of m whose name starts with prefix as h->dir/name;
   returns the path (caller frees). */
static __attribute__((unused)) char *
h_save_att(struct harness *h, const struct h_mail *m, const char *prefix,
    const char *name)
{
	for (size_t i = 0; i < m->m->n_att; i++) {
		const struct attachment *a = &m->m->att[i];
		char *path;
		FILE *fp;

		if (strncmp(a->filename, prefix, strlen(prefix)) != 0)
			continue;
		path = xasprintf("%s/%s", h->dir, name);
		assert_non_null(fp = fopen(path, "w"));
		assert_int_equal(fwrite(a->data, 1, a->len, fp), a->len);
		fclose(fp);
		return path;
	}
	fail_msg("no attachment %s* in %s", prefix, m->att_names);
	return NULL;
}

/* The state of an entity now, as the word stored. */
static __attribute__((unused)) char *
h_state(struct harness *h, enum wf_entity e, int64_t id)
{
	enum wf_state s;

	assert_int_equal(store_wf_state_get(h->st, e, id, &s), 1);
	return xstrdup(wf_state_name(s));
}

static __attribute__((unused)) void
h_state_is(struct harness *h, enum wf_entity e, int64_t id, const char *want)
{
	char *s = h_state(h, e, id);

	if (strcmp(s, want) != 0)
		fail_msg("%s %lld is %s, not %s", wf_entity_name(e),
		    (long long)id, s, want);
	free(s);
}

/* The headers of a message our MX authenticated (dkim pass for domain). */
static __attribute__((unused)) char *
h_authres(const char *domain)
{
	/* What the MX adds above the sender's signed headers. */
	return xasprintf("Authentication-Results: mx.utv.edu.mx; "
	    "dkim=pass (2048-bit key) header.d=%s header.s=sel; "
	    "spf=pass smtp.mailfrom=%s\r\n"
	    "DKIM-Signature: v=1; a=rsa-sha256; d=%s; s=sel; h=from:to; "
	    "bh=AAAA; b=BBBB\r\n", domain, domain, domain);
}

#endif
