/* SPDX-License-Identifier: ISC */
/*
 * render.c - a reply's final text: the values every reply has (greeting,
 * role, subject, the list of files received, the one next step of a
 * refusal), then the template.  Apart from hutil.c because it stands on
 * docs.c (the files received), which stands on the transcript.
 */
#include <stdlib.h>
#include <string.h>

#include "handlers/render.h"
#include "common/util.h"
#include "handlers/caps.h"
#include "handlers/docs.h"
#include "handlers/hutil.h"
#include "handlers/say.h"
#include "store/store_workflow.h"

static void
greeting_name(struct hctx *ctx, struct vars *v)
{
	/* an unknown sender's display name is not echoed (caps.h: a
	   forger must not make us mail his words to someone else) */
	char *post, *name = hctx_greeting_for(ctx, ctx->account_id,
	    ctx->msg->from_addr, caps_sender_unknown(ctx) ? "" :
	    ctx->msg->from_name, &post);

	vars_set(v, "remitente.nombre", name);
	vars_set(v, "remitente.cargo", post);
	free(name);
	free(post);
}

static void
tr_common_vars(struct hctx *ctx, struct vars *v)
{
	const struct message *m = ctx->msg;

	if (vars_get(v, "remitente.nombre") == NULL)
		greeting_name(ctx, v);
	if (vars_get(v, "remitente.correo") == NULL)
		vars_set(v, "remitente.correo", m->from_addr);
	if (vars_get(v, "rol") == NULL)
		vars_set(v, "rol", role_name(ctx->role));
	if (vars_get(v, "asunto") == NULL)
		vars_set(v, "asunto", m->subject);
	/* every refusal ends with one thing to do (issue 9) */
	if (tr_refused(ctx) && vars_get(v, "estado.siguiente_paso") == NULL)
		vars_say(ctx, v, "estado.siguiente_paso",
		    S_COMUN_ASUNTO_RESPUESTA_2, SAY_NONE);
	if (!vars_has_list(v, "adjuntos") &&
	    (m->n_att > 0 || m->n_oversize > 0))
		docs_list_files(ctx);
}

void
tr_render(struct hctx *ctx, const char *tpl)
{
	struct vars *v = tr_vars(ctx);

	tr_common_vars(ctx, v);
	buf_reset(&ctx->reply.body);
	if (ctx->letters != NULL && letters_text(ctx->letters,
	    tpl ? tpl : "reply_transcripcion", v, &ctx->reply.body) == 0)
		return;
	buf_reset(&ctx->reply.body);
	tr_plain(v, &ctx->reply.body);
}
