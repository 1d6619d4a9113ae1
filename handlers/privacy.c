/* SPDX-License-Identifier: ISC */
/*
 * privacy.c - the aviso de privacidad (LGPDPPSO / LFPDPPP, DOF 20 March
 * 2025).  The law wants the simplified aviso put before a person when
 * their data is first collected, and the integral one at hand: the first
 * reply to every new address carries the simplified text, PRIVACIDAD
 * answers with the integral one.  Both are templates the institution
 * edits with its data-protection officer.
 *
 * "New" is per normalised address (caps.h), so +tags and Gmail dots do
 * not earn a second copy, and the record is written in the same
 * transaction as the reply: the aviso is recorded as shown exactly when
 * the mail that carries it is queued.
 */
#include "handlers/privacy.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/log.h"
#include "handlers/caps.h"
#include "handlers/commands.h"
#include "handlers/docs.h"
#include "handlers/hutil.h"
#include "handlers/say.h"
#include "letters/letters.h"
#include "mail/compose.h"
#include "spool/spool.h"
#include "store/store_privacy.h"
#include "store/store_workflow.h"

static void
append_aviso(struct hctx *ctx)
{
	struct buf text;

	struct vars *v = vars_new();
	int rc;

	buf_init(&text);
	rc = ctx->letters == NULL ? -1 : letters_text(ctx->letters,
	    "reply_privacidad_simplificado", v, &text);
	vars_free(v);
	if (rc != 0) {
		log_err("template reply_privacidad_simplificado is missing");
		buf_free(&text);
		return;
	}
	buf_adds(&ctx->reply.body, "\n\n----\n");
	buf_add(&ctx->reply.body, text.data, text.len);
	buf_free(&text);
}

int
privacy_first_contact(struct hctx *ctx)
{
	char *addr;
	int first;

	if (ctx->reply.suppress || *ctx->msg->from_addr == '\0')
		return 0;
	addr = caps_normalize_address(ctx->msg->from_addr);
	first = store_privacy_notice_first(ctx->st, addr, ctx->now,
	    ctx->msg_row);
	if (first == 1) {
		append_aviso(ctx);
		ctx->aviso_shown = 1;	/* said by the summary line */
	}
	if (first >= 0 && store_privacy_account_mark(ctx->st,
	    ctx->msg->from_addr, addr) != 0)
		first = -1;
	free(addr);
	return first < 0 ? -1 : 0;
}

int
h_privacidad(struct hctx *ctx)
{
	struct vars *v = vars_new();

	vars_set(v, "remitente.nombre", hctx_sender_name(ctx));
	vars_set(v, "remitente.correo", ctx->msg->from_addr);
	buf_reset(&ctx->reply.body);
	if (ctx->letters == NULL || letters_text(ctx->letters,
	    "reply_privacidad_integral", v, &ctx->reply.body) != 0) {
		log_err("template reply_privacidad_integral is missing");
		tr_say(ctx, TR_ERROR, S_PRIVACIDAD_AVISO_PRIVACIDAD_INTEGRAL,
		    SAY_NONE);
	}
	vars_free(v);
	return 0;
}

/* ---- who sees what ---- */

int
privacy_disclosed(struct hctx *ctx, const char *recipient,
    int64_t account_id, const char *what)
{
	return store_access_log_add(ctx->st, ctx->now, recipient, account_id,
	    what, ctx->msg_row);
}

static const char *
domain_of(const char *addr)
{
	const char *at = strrchr(addr, '@');

	return at ? at + 1 : "";
}

/* An identity document may be mailed to addr: a coordinator of the
   institution's own domain, and only when mailing them is allowed. */
static int
may_mail_identity(const struct config *cfg, const char *addr)
{
	return cfg->mail_identity_documents &&
	    config_is_coordinator(cfg, addr) &&
	    strcasecmp(domain_of(addr), domain_of(cfg->address)) == 0;
}

static void
list_withheld(const struct hctx *ctx, const struct reply_att *a,
    const char *to, int first, struct buf *body)
{
	char sha[SPOOL_SHA_HEX];
	char *line, *how;

	spool_sha256_hex(a->data.data, a->data.len, sha);
	if (first) {
		line = say(ctx, S_PRIVACIDAD_RETENIDOS, SAY_NONE);
		buf_printf(body, "\n%s\n", line);
		free(line);
	}
	line = say(ctx, S_PRIVACIDAD_RETENIDO, "archivo=%s documento=%lld "
	    "sha=%s", a->filename, (long long)a->doc_id, sha);
	if (config_is_coordinator(ctx->cfg, to) &&
	    strcasecmp(domain_of(to), domain_of(ctx->cfg->address)) == 0)
		how = say(ctx, S_PRIVACIDAD_RETENIDO_PIDALO, "documento=%lld",
		    (long long)a->doc_id);
	else
		how = say(ctx, S_PRIVACIDAD_RETENIDO_SOLO_COORDINACION,
		    "dominio=%s", domain_of(ctx->cfg->address));
	buf_printf(body, "%s %s\n", line, how);
	free(line);
	free(how);
}

int
privacy_notice_attachments(struct hctx *ctx, const struct notice *n,
    struct out_attachment *out, size_t *n_out, struct buf *body)
{
	int withheld = 0;

	*n_out = 0;
	for (size_t i = 0; i < n->n_att; i++) {
		const struct reply_att *a = &n->att[i];
		char *what;
		int rc;

		if (a->doc_identity && !may_mail_identity(ctx->cfg, n->to)) {
			list_withheld(ctx, a, n->to, !withheld++, body);
			log_info("msg %lld: document %lld held back from <%s>",
			    (long long)ctx->msg_row, (long long)a->doc_id,
			    n->to);
			continue;
		}
		out[*n_out].filename = a->filename;
		out[*n_out].content_type = a->content_type;
		out[*n_out].data = (const unsigned char *)a->data.data;
		out[*n_out].len = a->data.len;
		(*n_out)++;
		if (a->doc_id == 0)
			continue;
		what = say(ctx, S_PRIVACIDAD_ADJUNTO_DOCUMENTO,
		    "documento=%lld archivo=%s", (long long)a->doc_id,
		    a->filename);
		rc = privacy_disclosed(ctx, n->to, a->doc_owner, what);
		free(what);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* DOCUMENTO <id>: a coordinator fetches one document, logged. */
int
h_documento(struct hctx *ctx)
{
	char *arg = hctx_arg_word(ctx, 0), *end, *what;
	long long id = arg ? strtoll(arg, &end, 10) : 0;
	struct reply_att a;
	struct wf_document d;
	int r;

	if (arg == NULL || *arg == '\0' || *end != '\0' || id <= 0) {
		tr_say(ctx, TR_ERROR, S_PRIVACIDAD_FALTA_NUMERO_DOCUMENTO,
		    SAY_NONE);
		free(arg);
		return 0;
	}
	free(arg);
	if (strcasecmp(domain_of(ctx->msg->from_addr),
	    domain_of(ctx->cfg->address)) != 0) {
		tr_say(ctx, TR_ERROR, S_PRIVACIDAD_DOCUMENTOS_SOLO_ENTREGAN,
		    "dominio=%s", domain_of(ctx->cfg->address));
		return 0;
	}
	if ((r = store_wf_document_get(ctx->st, id, &d)) < 0)
		return -1;
	if (r == 1)
		wf_document_free(&d);
	if (r == 0 || (r = docs_attachment(ctx, id, 1, &a)) > 0) {
		tr_say(ctx, TR_ERROR, S_PRIVACIDAD_NO_TENEMOS_DOCUMENTO,
		    "documento=%lld", id);
		return 0;
	}
	if (r < 0)
		return -1;
	reply_attach(&ctx->reply, a.filename, a.content_type, a.data.data,
	    a.data.len);
	what = say(ctx, S_PRIVACIDAD_ADJUNTO_DOCUMENTO_PEDIDO,
	    "documento=%lld archivo=%s", id, a.filename);
	r = privacy_disclosed(ctx, ctx->msg->from_addr, a.doc_owner, what);
	free(what);
	tr_say(ctx, TR_DONE, S_PRIVACIDAD_ADJUNTAMOS_DOCUMENTO_ENTREGA,
	    "documento=%lld archivo=%s", id, a.filename);
	log_info("msg %lld: document %lld sent on request", (long long)
	    ctx->msg_row, id);
	reply_att_clear(&a);
	return r;
}
