/*
 * docs.c - from attachment to stored document (docs.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "docs.h"
#include "hutil.h"
#include "log.h"
#include "spool.h"
#include "store_arco.h"
#include "store_workflow.h"
#include "workflow.h"

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

/* Attachments that count: inline images of a signature do not. */
static size_t
real_attachments(const struct message *m)
{
	size_t n = 0;

	for (size_t i = 0; i < m->n_att; i++)
		if (!m->att[i].inline_part)
			n++;
	return n;
}

static int
type_fits(struct hctx *ctx, const struct attachment *a, enum doc_kind k)
{
	if (doc_type_ok(k, a->magic_type))
		return 1;
	tr_error(ctx, "El archivo «%s» no es válido como %s: es %s, y se "
	    "acepta %s.", a->filename, doc_kind_name(k),
	    magic_type_human(a->magic_type), doc_types_expected(k));
	/* File names often carry a person's name: the log says the kind. */
	log_info("msg %lld: attachment refused as %s: %s",
	    (long long)ctx->msg_row, doc_kind_id(k), a->magic_type);
	return 0;
}

void
docs_pick(struct hctx *ctx, const enum doc_kind *want, size_t n,
    enum doc_kind only_one, struct doc_pick *pick)
{
	const struct message *m = ctx->msg;
	size_t real = real_attachments(m);

	memset(pick, 0, sizeof(*pick));
	for (size_t i = 0; i < m->n_att; i++) {
		const struct attachment *a = &m->att[i];
		enum doc_kind k = classify_document(a->filename);

		if (only_one != DOC_UNKNOWN && real == 1 && !a->inline_part)
			k = only_one;
		if (!wanted(want, n, k)) {
			if (a->inline_part)
				continue;
			pick->unknown++;
			tr_error(ctx, "No reconocimos el archivo «%s» (%s) como "
			    "ninguno de los documentos que este comando "
			    "recibe; revise su nombre.", *a->filename ?
			    a->filename : "sin nombre",
			    magic_type_human(a->magic_type));
			continue;
		}
		if (!type_fits(ctx, a, k)) {
			pick->bad = 1;
			continue;
		}
		pick->att[k] = a;
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
	d.state = "nuevo";
	if (store_wf_document_insert(ctx->st, &d, ctx->msg_row, ctx->now,
	    doc_id) != 0)
		goto out;
	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.entity = WF_DOCUMENTO;
	c.id = *doc_id;
	c.event = EV_DOC_RECIBIDO;
	c.note = a->filename;
	/* The row was inserted as "nuevo": the table makes it current. */
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
		/* Purged past its retention (daemon/purge.c). */
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
