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
#include "privacy.h"

#include <stdlib.h>

#include "caps.h"
#include "commands.h"
#include "hutil.h"
#include "letters.h"
#include "log.h"
#include "store_privacy.h"

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
		log_info("msg %lld: aviso de privacidad shown",
		    (long long)ctx->msg_row);
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

	vars_set(v, "remitente.nombre", sender_name(ctx));
	vars_set(v, "remitente.correo", ctx->msg->from_addr);
	buf_reset(&ctx->reply.body);
	if (ctx->letters == NULL || letters_text(ctx->letters,
	    "reply_privacidad_integral", v, &ctx->reply.body) != 0) {
		log_err("template reply_privacidad_integral is missing");
		tr_error(ctx, "El aviso de privacidad integral no está "
		    "disponible en este momento; escriba a la coordinación "
		    "de servicio social para pedirlo.");
	}
	vars_free(v);
	return 0;
}
