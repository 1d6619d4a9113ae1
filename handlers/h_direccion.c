/* SPDX-License-Identifier: ISC */
/*
 * h_direccion.c - NUEVA DIRECCION / ANULAR DIRECCION <correo|matrícula>:
 * a coordinator reissues or revokes an account's personal address by mail
 * (tequioctl address does the same from the shell).  The old address stops
 * working with the next message: only the new token's hash is kept.  A new
 * address goes to the account itself, never to the coordinator.
 */
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "handlers/commands.h"
#include "handlers/hutil.h"
#include "handlers/say.h"
#include "handlers/notice.h"
#include "store/store_workflow.h"

/* The account named by the first argument (address or matrícula). */
static int
account_by_arg(struct hctx *ctx, struct wf_account *a)
{
	char *who = hctx_arg_word(ctx, 0);
	int64_t id;
	int r;

	if (who == NULL) {
		tr_say(ctx, TR_ERROR, S_DIRECCION_FALTA_CORREO_MATRICULA,
		    "comando=%s", ctx->cl->code);
		return 0;
	}
	if (strchr(who, '@') != NULL) {
		r = store_wf_account_by_email(ctx->st, who, a);
		if (r == 0)
			tr_say(ctx, TR_ERROR, S_DIRECCION_NO_HAY_NINGUNA,
			    "correo=%s", who);
		free(who);
		return r;
	}
	free(who);
	if ((r = hctx_student_by_arg(ctx, &id)) <= 0)
		return r;
	return store_wf_account_by_id(ctx->st, id, a);
}

/* Mail the new address to its account. */
static int
send_address(struct hctx *ctx, const struct wf_account *a, const char *addr)
{
	struct vars *v = vars_new();
	char *subject;
	int rc;

	vars_say(ctx, v, "estado.descripcion", S_DIRECCION_COORDINACION_LE_DIO,
	    "direccion=%s", addr);
	vars_say(ctx, v, "estado.siguiente_paso",
	    S_DIRECCION_USE_NUEVA_DIRECCION, SAY_NONE);
	subject = say(ctx, S_DIRECCION_ASUNTO_NUEVA_DIRECCION_PERSONAL,
	    SAY_NONE);
	rc = notice_to(ctx, a->id, v, subject, NULL);
	free(subject);
	vars_free(v);
	return rc;
}

static int
direccion(struct hctx *ctx, int reissue)
{
	struct wf_account a;
	char tok[ATOK_LEN + 1], hash[MAC_HEX], *addr = NULL;
	int r, rc = -1;

	if ((r = account_by_arg(ctx, &a)) <= 0)
		return r;
	if (reissue) {
		atok_new(tok);
		atok_hash(tok, ATOK_LEN, hash);
		addr = personal_address(ctx->cfg, tok);
	}
	if (store_wf_account_set_token(ctx->st, a.id, reissue ? hash :
	    NULL) != 0 || store_wf_audit(ctx->st, strcmp(a.role, "alumno") == 0 ?
	    WF_ALUMNO : WF_DEPENDENCIA, a.id, reissue ?
	    "direccion_nueva" : "direccion_anulada", "", "", ctx->msg->from_addr,
	    ctx->msg_row, ctx->now, a.email) != 0 ||
	    (reissue && send_address(ctx, &a, addr) != 0))
		goto out;
	tr_say(ctx, TR_DONE, reissue ? S_DIRECCION_ANULAMOS_Y_NUEVA :
	    S_DIRECCION_ANULAMOS, "correo=%s", a.email);
	log_info("msg %lld: personal address of <%s> %s by <%s>",
	    (long long)ctx->msg_row, a.email, reissue ? "reissued" : "revoked",
	    ctx->msg->from_addr);
	rc = 0;
out:
	free(addr);
	wf_account_free(&a);
	return rc;
}

int
h_nueva_direccion(struct hctx *ctx)
{
	return direccion(ctx, 1);
}

int
h_anular_direccion(struct hctx *ctx)
{
	return direccion(ctx, 0);
}
