/* SPDX-License-Identifier: ISC */
/*
 * notice.c - mail to people other than the sender, each with its reply
 * token, queued in the transaction of the change it tells about (see
 * hutil.h for struct notice).  Attachments pass through privacy.c, which
 * decides who may receive each document and records the access.
 */
#include <stdlib.h>
#include <string.h>

#include "handlers/notice.h"
#include "common/log.h"
#include "common/util.h"
#include "handlers/hutil.h"
#include "handlers/privacy.h"
#include "outbox/outbox.h"
#include "store/store_workflow.h"

int
notice_send(struct hctx *ctx, const struct notice *n)
{
	struct out_attachment *att = NULL;
	struct outmail om;
	struct buf body;
	char tok[RTOK_LEN + 1], *reply_to, *msgid, *subject;
	size_t n_att = 0;
	int rc = 0;

	buf_init(&body);
	vars_set(n->v, "remitente.nombre", n->to_name ? n->to_name : "");
	vars_set(n->v, "remitente.cargo", n->to_post ? n->to_post : "");
	vars_set(n->v, "remitente.correo", n->to);
	reply_to = token_address(ctx, n->to, n->tok_kind, n->tok_id, tok);
	msgid = token_message_id(ctx->cfg, tok);
	subject = tagged_subject(n->subject, tok);
	if (ctx->letters == NULL || letters_text(ctx->letters,
	    n->tpl ? n->tpl : "reply_transcripcion", n->v, &body) != 0) {
		buf_reset(&body);
		tr_plain(n->v, &body);
	}
	if (n->n_att > 0) {
		att = xcalloc(n->n_att, sizeof(*att));
		/* Who may receive each document, and the access log (issue
		   12): privacy.h. */
		if (privacy_notice_attachments(ctx, n, att, &n_att, &body) != 0)
			rc = -1;
	}
	memset(&om, 0, sizeof(om));
	om.to = n->to;
	om.to_name = n->to_name;
	om.reply_to = reply_to;
	om.subject = subject;
	om.body = body.data ? body.data : "";
	om.att = att;
	om.n_att = n_att;
	om.message_id = msgid;
	om.auto_reply = 0;
	om.date = ctx->now;
	switch (rc != 0 ? -1 : outbox_queue(ctx->st, ctx->cfg, &om,
	    ctx->msg_row)) {
	case 0:
		log_info("msg %lld: notice to <%s>: %s",
		    (long long)ctx->msg_row, n->to, n->subject);
		break;
	case -2:
		log_warn("msg %lld: notice to <%s> refused by compose",
		    (long long)ctx->msg_row, n->to);
		break;
	default:
		rc = -1;
	}
	free(att);
	free(subject);
	free(msgid);
	free(reply_to);
	buf_free(&body);
	return rc;
}

int
notice_coordinators(struct hctx *ctx, struct notice *n)
{
	for (size_t i = 0; i < ctx->cfg->n_coordinators; i++) {
		n->to = ctx->cfg->coordinators[i];
		n->to_name = config_coordinator_name(ctx->cfg, n->to);
		n->to_post = NULL;
		if (notice_send(ctx, n) != 0)
			return -1;
	}
	return 0;
}

int
notice_account(struct hctx *ctx, int64_t account_id, struct notice *n)
{
	struct wf_account a;
	char *name, *post;
	int rc;

	if (store_wf_account_by_id(ctx->st, account_id, &a) != 1)
		return -1;
	name = hctx_greeting_for(ctx, account_id, a.email, "", &post);
	n->to = a.email;
	n->to_name = name;
	n->to_post = post;
	if (n->tok_kind == RTOK_NONE) {
		n->tok_kind = RTOK_ACCOUNT;
		n->tok_id = account_id;
	}
	rc = notice_send(ctx, n);
	n->to = NULL;
	n->to_name = NULL;
	n->to_post = NULL;
	free(name);
	free(post);
	wf_account_free(&a);
	return rc;
}

/* ---- small helpers ---- */


int
notice_to(struct hctx *ctx, int64_t account, struct vars *v,
    const char *subject, const struct reply_att *pdf)
{
	struct notice n;

	memset(&n, 0, sizeof(n));
	n.subject = subject;
	n.v = v;
	n.att = pdf;
	n.n_att = pdf ? 1 : 0;
	if (account == 0)
		return notice_coordinators(ctx, &n);
	return notice_account(ctx, account, &n);
}
