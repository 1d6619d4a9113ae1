/* SPDX-License-Identifier: ISC */
/*
 * docs.c - from attachment to stored document (docs.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/docs.h"
#include "common/log.h"
#include "handlers/hutil.h"
#include "handlers/say.h"
#include "handlers/workflow.h"
#include "mail/pdftext.h"
#include "spool/spool.h"
#include "store/store_arco.h"
#include "store/store_workflow.h"

#define MAX_DOC_BYTES	(64u * 1024 * 1024)	/* reading back; input is
						   bounded by the limits */

int
docs_is_identity(enum doc_kind k)
{
	return k == DOC_INE || k == DOC_DOMICILIO || k == DOC_RFC;
}

enum doc_kind
docs_kind_of(const char *id)
{
	for (int k = DOC_UNKNOWN + 1; k < DOC__COUNT; k++)
		if (strcmp(doc_kind_id((enum doc_kind)k), id) == 0)
			return (enum doc_kind)k;
	return DOC_UNKNOWN;
}

static int
wanted(const enum doc_kind *want, size_t n, enum doc_kind k)
{
	for (size_t i = 0; i < n; i++)
		if (want[i] == k)
			return 1;
	return 0;
}

/* ---- what happened to each file (issue 9: every file accounted for) ---- */

struct att_notes {
	const struct message *msg;	/* the message noted (a confirmed
					   command runs on a kept one) */
	size_t n;
	char **what;		/* per attachment: what we did, or NULL */
	int *stored;		/* per attachment: kept in the spool */
	int *taken;		/* per attachment: taken as a document */
	int picked;		/* docs_pick ran: every candidate has a note */
};

/* The notes about ctx->msg, started afresh for another message. */
static struct att_notes *
notes(struct hctx *ctx)
{
	size_t n = ctx->msg->n_att;

	if (ctx->att_notes != NULL && ctx->att_notes->msg != ctx->msg)
		docs_notes_free(ctx);
	if (ctx->att_notes == NULL) {
		ctx->att_notes = xcalloc(1, sizeof(*ctx->att_notes));
		ctx->att_notes->msg = ctx->msg;
		ctx->att_notes->n = n;
		ctx->att_notes->what = xcalloc(n ? n : 1, sizeof(char *));
		ctx->att_notes->stored = xcalloc(n ? n : 1, sizeof(int));
		ctx->att_notes->taken = xcalloc(n ? n : 1, sizeof(int));
	}
	return ctx->att_notes;
}

static size_t
att_index(const struct hctx *ctx, const struct attachment *a)
{
	return (size_t)(a - ctx->msg->att);
}

/* What was done with a (taken: as a document), said in what (owned). */
static void
note(struct hctx *ctx, const struct attachment *a, int taken, char *what)
{
	struct att_notes *nt = notes(ctx);
	size_t i = att_index(ctx, a);

	if (i >= nt->n) {
		free(what);
		return;
	}
	free(nt->what[i]);
	nt->what[i] = what;
	nt->taken[i] = taken;
}

void
docs_notes_free(struct hctx *ctx)
{
	struct att_notes *nt = ctx->att_notes;

	if (nt == NULL)
		return;
	for (size_t i = 0; i < nt->n; i++)
		free(nt->what[i]);
	free(nt->what);
	free(nt->stored);
	free(nt->taken);
	free(nt);
	ctx->att_notes = NULL;
}

static int
is_image(const struct attachment *a)
{
	return ascii_has_prefix_case(a->magic_type, "image/");
}

/*
 * Files that may be a document: what was attached, and the images in
 * the text (pasted or dragged into the body) when nothing was attached,
 * since then they are what the person sent.  Containers are not: their
 * files follow them.
 */
static int
candidate(const struct attachment *a, size_t real)
{
	if (a->container)
		return 0;
	if (a->inline_part)
		return real == 0 && is_image(a);
	return 1;
}

static size_t
real_attachments(const struct message *m)
{
	size_t n = 0;

	for (size_t i = 0; i < m->n_att; i++)
		if (!m->att[i].inline_part && !m->att[i].container)
			n++;
	return n;
}

/* "11.5 MB", "300 KB", "120 bytes" */
static void
size_human(size_t len, char *out, size_t n)
{
	if (len >= 1024 * 1024)
		snprintf(out, n, "%.1f MB", (double)len / (1024.0 * 1024.0));
	else if (len >= 1024)
		snprintf(out, n, "%zu KB", len / 1024);
	else
		snprintf(out, n, "%zu bytes", len);
}

static int
type_fits(struct hctx *ctx, const struct attachment *a, enum doc_kind k)
{
	if (doc_type_ok(k, a->magic_type))
		return 1;
	tr_say(ctx, TR_ERROR, S_DOCUMENTOS_ARCHIVO_NO_VALIDO,
	    "archivo=%s documento=%s tipo_archivo=%s tipos=%s", a->filename,
	    doc_kind_name(k), attachment_human(a), doc_types_expected(k));
	note(ctx, a, 0, say(ctx, S_DOCUMENTOS_NO_LO_TOMAMOS, "documento=%s "
	    "tipos=%s", doc_kind_name(k), doc_types_expected(k)));
	/* File names often carry a person's name: the log says the kind. */
	log_info("msg %lld: attachment refused as %s: %s",
	    (long long)ctx->msg_row, doc_kind_id(k), a->magic_type);
	return 0;
}

/*
 * The kind of candidate a when the command expects one document
 * (only_one): with one candidate, that one whatever its name; with more,
 * the one named for it, else each whose type fits (pick_one keeps the
 * first and says why the others were not used).
 */
/*
 * The kind a PDF's words say, when its name says nothing (issue 11: an
 * empresa's acta constitutiva and poder notarial arrive as "scan001.pdf").
 * Text that is only notarial is the first notarial kind still wanted.
 */
static enum doc_kind
kind_by_text(const struct attachment *a, const enum doc_kind *want,
    size_t n, const struct doc_pick *pick)
{
	static const enum doc_kind notarial_kinds[] = {DOC_DECRETO,
	    DOC_NOMBRAMIENTO};
	enum doc_kind k;
	char *text;
	int notarial;

	if (a->magic_type == NULL ||
	    strcmp(a->magic_type, "application/pdf") != 0 ||
	    (!wanted(want, n, DOC_DECRETO) && !wanted(want, n, DOC_NOMBRAMIENTO)))
		return DOC_UNKNOWN;
	text = pdftext_folded(a->data, a->len);
	k = classify_document_text(text, &notarial);
	free(text);
	for (size_t i = 0; notarial && i < ARRAY_LEN(notarial_kinds); i++)
		if (wanted(want, n, notarial_kinds[i]) &&
		    pick->att[notarial_kinds[i]] == NULL)
			return notarial_kinds[i];
	return k;
}

/*
 * A file's kind: by its name, else only_one when it is the message's only
 * file or the only one that fits only_one's type.  A name that says
 * another kind this command also wants (honorarios.pdf with PROGRAMA)
 * keeps that kind, even alone: the sender said what it is.
 */
static enum doc_kind
kind_of(const struct message *m, const struct attachment *a,
    const enum doc_kind *want, size_t n_want, enum doc_kind only_one,
    size_t real)
{
	enum doc_kind k = classify_document(a->filename);
	size_t n = 0;
	const struct attachment *first_fit = NULL;
	int named = 0;

	if (only_one == DOC_UNKNOWN || k == only_one ||
	    wanted(want, n_want, k))
		return k;
	for (size_t i = 0; i < m->n_att; i++) {
		const struct attachment *c = &m->att[i];

		if (!candidate(c, real))
			continue;
		n++;
		named |= classify_document(c->filename) == only_one;
		if (first_fit == NULL && doc_type_ok(only_one, c->magic_type))
			first_fit = c;
	}
	if (n == 1 || (!named && first_fit != NULL &&
	    doc_type_ok(only_one, a->magic_type)))
		return only_one;
	return k;
}

/*
 * A logo must be one letters can print (letters_logo_check): refused
 * here, when the agency can still send another, rather than left out of
 * its letters later without a word.
 */
static int
logo_fits(struct hctx *ctx, const struct attachment *a)
{
	char err[256];

	if (letters_logo_check(a->data, a->len, err, sizeof(err)) == 0)
		return 1;
	tr_say(ctx, TR_ERROR, S_DOCUMENTOS_LOGO_NO_SIRVE, "archivo=%s motivo=%s",
	    a->filename, err);
	note(ctx, a, 0, say(ctx, S_DOCUMENTOS_LOGO_NO_LO_TOMAMOS, "motivo=%s",
	    err));
	return 0;
}

/* A second image of a two-sided document (the INE's back). */
static int
two_sided(enum doc_kind k)
{
	return k == DOC_INE;
}

static void
pick_one(struct hctx *ctx, const struct attachment *a, enum doc_kind k,
    struct doc_pick *pick)
{
	if (!type_fits(ctx, a, k) || (k == DOC_LOGO && !logo_fits(ctx, a))) {
		pick->bad = 1;
		return;
	}
	if (pick->att[k] == NULL) {
		pick->att[k] = a;
		note(ctx, a, 1, say(ctx, S_DOCUMENTOS_LO_TOMAMOS,
		    "documento=%s", doc_kind_name(k)));
	} else if (two_sided(k) && pick->second[k] == NULL &&
	    is_image(a) && is_image(pick->att[k])) {
		pick->second[k] = a;
		note(ctx, a, 1, say(ctx, S_DOCUMENTOS_LO_TOMAMOS_OTRO_LADO,
		    "documento=%s", doc_kind_name(k)));
	} else {
		note(ctx, a, 0, say(ctx, S_DOCUMENTOS_NO_LO_USAMOS,
		    "archivo=%s documento=%s", pick->att[k]->filename,
		    doc_kind_name(k)));
	}
}

static void
oversize_refusal(struct hctx *ctx, struct doc_pick *pick,
    const enum doc_kind *want, size_t n)
{
	const struct message *m = ctx->msg;
	char size[32], limit[32];
	int any = 0;

	for (size_t i = 0; i < n; i++)
		any |= pick->att[want[i]] != NULL;
	if (m->n_oversize == 0 || any)
		return;
	size_human(m->oversize[0].len, size, sizeof(size));
	size_human((size_t)ctx->cfg->max_attachment_bytes, limit,
	    sizeof(limit));
	tr_say(ctx, TR_ERROR, S_DOCUMENTOS_NO_RECIBIMOS_PESA,
	    "archivo=%s tamano=%s maximo=%s", m->oversize[0].filename, size,
	    limit);
	pick->bad = 1;
}

/*
 * What was wanted and did not come, with a name that says it: "acta
 * constitutiva («acta-constitutiva.pdf»), ...".  New string, "" when
 * nothing is missing.
 */
static char *
missing_kinds(const enum doc_kind *want, size_t n,
    const struct doc_pick *pick)
{
	struct buf b;

	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		if (pick->att[want[i]] != NULL)
			continue;
		if (b.len > 0)
			buf_adds(&b, ", ");
		buf_adds(&b, doc_kind_name(want[i]));
		buf_adds(&b, " («");
		buf_adds(&b, doc_kind_example(want[i]));
		buf_adds(&b, "»)");
	}
	buf_addc(&b, '\0');
	return buf_steal(&b);
}

/*
 * The files that are no document we know, once every file was looked at:
 * each says what is still missing and how to name it, so the sender
 * knows what to send again.
 */
static void
unknown_notes(struct hctx *ctx, const enum doc_kind *want, size_t n,
    const struct doc_pick *pick, const unsigned char *unknown)
{
	const struct message *m = ctx->msg;
	char *faltan = missing_kinds(want, n, pick);

	for (size_t i = 0; i < m->n_att; i++) {
		if (!unknown[i])
			continue;
		if (*faltan != '\0')
			note(ctx, &m->att[i], 0, say(ctx,
			    S_DOCUMENTOS_NO_SUPIMOS_CUAL_FALTAN, "faltan=%s",
			    faltan));
		else
			note(ctx, &m->att[i], 0, say(ctx,
			    S_DOCUMENTOS_NO_SUPIMOS_CUAL, "ejemplo=%s",
			    doc_kind_example(want[0])));
	}
	free(faltan);
}

void
docs_pick(struct hctx *ctx, const enum doc_kind *want, size_t n,
    enum doc_kind only_one, struct doc_pick *pick)
{
	const struct message *m = ctx->msg;
	size_t real = real_attachments(m);
	unsigned char *unknown = xcalloc(m->n_att ? m->n_att : 1, 1);

	memset(pick, 0, sizeof(*pick));
	notes(ctx)->picked = 1;
	for (size_t i = 0; i < m->n_att; i++) {
		const struct attachment *a = &m->att[i];
		enum doc_kind k;

		if (!candidate(a, real))
			continue;
		k = kind_of(m, a, want, n, only_one, real);
		if (k == DOC_UNKNOWN)
			k = kind_by_text(a, want, n, pick);
		if (!wanted(want, n, k)) {
			pick->unknown++;
			unknown[i] = n > 1;
			if (n <= 1)
				note(ctx, a, 0, say(ctx,
				    S_DOCUMENTOS_NO_LO_NECESITABAMOS,
				    SAY_NONE));
			continue;
		}
		pick_one(ctx, a, k, pick);
	}
	unknown_notes(ctx, want, n, pick, unknown);
	free(unknown);
	oversize_refusal(ctx, pick, want, n);
}

/* ---- the list of files every reply carries ---- */

/* How many files came out of container a. */
static size_t
inside(const struct message *m, const struct attachment *a)
{
	size_t n = 0;

	for (size_t i = 0; i < m->n_att; i++)
		if (m->att[i].origin != NULL && m->att[i].origin[0] != '\0' &&
		    &m->att[i] > a && strcmp(m->att[i].origin, a->filename) == 0)
			n++;
	return n;
}

static void
list_one(struct hctx *ctx, const struct attachment *a, const char *what)
{
	struct vars *item = vars_list_add(tr_vars(ctx), "adjuntos");
	char *name, *desc;

	if (a->origin != NULL && a->origin[0] != '\0')
		name = say(ctx, S_DOCUMENTOS_ARCHIVO_DENTRO,
		    "archivo=%s contenedor=%s", a->filename, a->origin);
	else
		name = *a->filename ? xstrdup(a->filename) : say(ctx,
		    S_DOCUMENTOS_SIN_NOMBRE, SAY_NONE);
	desc = say(ctx, S_DOCUMENTOS_DESCRIPCION_ARCHIVO, "tipo_archivo=%s "
	    "que_se_hizo=%s", attachment_human(a), what);
	vars_set(item, "nombre", name);
	vars_set(item, "descripcion", desc);
	free(name);
	free(desc);
}

/* What was done with a file nothing took (new string). */
static char *
default_note(struct hctx *ctx, const struct att_notes *nt,
    const struct attachment *a)
{
	size_t in;

	if (a->container) {
		in = inside(ctx->msg, a);
		if (in == 0)
			return say(ctx, S_DOCUMENTOS_ABIERTO_VACIO, SAY_NONE);
		return say(ctx, in == 1 ? S_DOCUMENTOS_ABIERTO_UNO :
		    S_DOCUMENTOS_ABIERTO_VARIOS, "n=%zu", in);
	}
	if (a->inline_part && (nt == NULL || !nt->picked))
		return say(ctx, S_DOCUMENTOS_IMAGEN_NO_USADA, SAY_NONE);
	if (a->inline_part)
		return say(ctx, S_DOCUMENTOS_IMAGEN_FIRMA, SAY_NONE);
	if (ctx->cl->question != NULL)
		return say(ctx, S_DOCUMENTOS_NO_GUARDADO_PREGUNTA, SAY_NONE);
	if (*ctx->cl->code != '\0')
		return say(ctx, S_DOCUMENTOS_NO_GUARDADO_COMANDO, "comando=%s",
		    ctx->cl->code);
	return say(ctx, S_DOCUMENTOS_NO_GUARDADO_SIN_COMANDO, SAY_NONE);
}

void
docs_list_files(struct hctx *ctx)
{
	const struct message *m = ctx->msg;
	const struct att_notes *nt = ctx->att_notes;
	char size[32], limit[32];

	if (nt != NULL && nt->msg != m)
		nt = NULL;	/* notes about a kept message, not this one */
	for (size_t i = 0; i < m->n_att; i++) {
		const struct attachment *a = &m->att[i];
		const char *what = nt != NULL ? nt->what[i] : NULL;
		char *w = NULL;

		if (what != NULL && nt->stored[i])
			w = say(ctx, S_DOCUMENTOS_RECONOCIDO_GUARDADO,
			    "descripcion=%s", what);
		else if (what != NULL && ctx->tr != NULL && nt->taken[i] &&
		    tr_refused(ctx))
			w = say(ctx, S_DOCUMENTOS_RECONOCIDO_NO_GUARDADO,
			    SAY_NONE);
		else if (what == NULL)
			w = default_note(ctx, nt, a);
		list_one(ctx, a, w != NULL ? w : what);
		free(w);
	}
	size_human((size_t)ctx->cfg->max_attachment_bytes, limit,
	    sizeof(limit));
	for (size_t i = 0; i < m->n_oversize; i++) {
		struct vars *item = vars_list_add(tr_vars(ctx), "adjuntos");
		char *desc;

		size_human(m->oversize[i].len, size, sizeof(size));
		desc = say(ctx, S_DOCUMENTOS_DEMASIADO_GRANDE,
		    "tamano=%s maximo=%s", size, limit);
		vars_set(item, "nombre", m->oversize[i].filename);
		vars_set(item, "descripcion", desc);
		free(desc);
		log_warn("msg %lld: attachment «%s» (%zu bytes) over "
		    "max_attachment_bytes %lld: dropped", (long long)ctx->msg_row,
		    m->oversize[i].filename, m->oversize[i].len,
		    ctx->cfg->max_attachment_bytes);
	}
}

int
docs_store(struct hctx *ctx, const struct attachment *a, enum doc_kind kind,
    int64_t account_id, int64_t ref_id, int64_t *doc_id)
{
	char sha[SPOOL_SHA_HEX], *path = NULL;
	struct wf_document d, old;
	struct wf_call c;
	int r, rc = -1;

	memset(&old, 0, sizeof(old));
	if (spool_put(ctx->cfg->spool, "doc", a->data, a->len, 0600, sha,
	    &path) != 0) {
		log_err("msg %lld: cannot store a %s: %s",
		    (long long)ctx->msg_row, doc_kind_id(kind), strerror(errno));
		return -1;
	}
	if ((r = store_wf_document_current(ctx->st, account_id,
	    doc_kind_id(kind), ref_id, &old)) < 0)
		goto out;
	memset(&d, 0, sizeof(d));
	d.account_id = account_id;
	d.kind = (char *)doc_kind_id(kind);
	d.ref_id = ref_id;
	d.filename = a->filename;
	d.magic_type = a->magic_type;
	d.sha256 = sha;
	d.path = path;
	d.size = (int64_t)a->len;
	if (store_wf_document_insert(ctx->st, &d, ctx->msg_row, ctx->now,
	    doc_id) != 0)
		goto out;
	if (att_index(ctx, a) < notes(ctx)->n)
		notes(ctx)->stored[att_index(ctx, a)] = 1;
	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.entity = WF_DOCUMENTO;
	c.id = *doc_id;
	c.event = EV_DOC_RECIBIDO;
	c.note = a->filename;
	/* The row was inserted in its "nuevo": the table makes it current. */
	if (wf_fire(&c) != WF_OK)
		goto out;
	if (r == 1) {
		c.id = old.id;
		c.event = EV_DOC_REEMPLAZADO;
		c.note = old.filename;
		if (wf_fire(&c) != WF_OK)
			goto out;
	}
	rc = 0;
out:
	wf_document_free(&old);
	free(path);
	return rc;
}

int
docs_attachment(struct hctx *ctx, int64_t doc_id, int for_coordinator,
    struct reply_att *out)
{
	struct wf_document d;
	char *data = NULL;
	size_t len;
	int r, rc = -1;

	memset(out, 0, sizeof(*out));
	if ((r = store_wf_document_get(ctx->st, doc_id, &d)) != 1)
		return -1;
	if (docs_is_identity(docs_kind_of(d.kind)) && !for_coordinator) {
		log_warn("document %lld (%s) is an identity document: not "
		    "sent", (long long)doc_id, d.kind);
		rc = 1;
		goto out;
	}
	/* A cancelación blocks the data: sent to nobody but its owner. */
	if ((ctx->cl == NULL || ctx->cl->cmd != CMD_MIS_DATOS) &&
	    (r = store_arco_blocked(ctx->st, d.account_id)) != 0) {
		if (r < 0)
			goto out;
		log_info("document %lld: its owner cancelled: not sent",
		    (long long)doc_id);
		rc = 1;
		goto out;
	}
	if (*d.path == '\0') {
		/* Purged past its retention (jobs/purge.c). */
		log_info("document %lld was purged: not sent", (long long)doc_id);
		rc = 1;
		goto out;
	}
	if (spool_read(d.path, MAX_DOC_BYTES, &data, &len) != 0) {
		log_err("document %lld: %s: %s", (long long)doc_id, d.path,
		    strerror(errno));
		goto out;
	}
	reply_att_copy(out, d.filename, d.magic_type, data, len);
	out->doc_id = doc_id;
	out->doc_owner = d.account_id;
	out->doc_identity = docs_is_identity(docs_kind_of(d.kind));
	rc = 0;
out:
	free(data);
	wf_document_free(&d);
	return rc;
}
