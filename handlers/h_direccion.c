/* SPDX-License-Identifier: ISC */
/*
 * h_direccion.c - NUEVA DIRECCION / ANULAR DIRECCION <correo|matrícula>:
 * a coordinator reissues or revokes an account's personal address by mail
 * (tequioctl address does the same from the shell).  The old address stops
 * working with the next message: only the new token's hash is kept.  A new
 * address goes to the account itself, never to the coordinator.
 *
 * Coordinators have personal addresses too (issue 11): NUEVA DIRECCION
 * alone gives the proven coordinator who writes one (mailed to that
 * coordinator's own address; the mail to it then proves them like their
 * DKIM does), ANULAR DIRECCION alone revokes it, and either with a
 * colleague's address in [roles] coordinators does the same for that
 * colleague (a leaked address is revoked by whoever notices).  Only the
 * token's hash is kept (store_coordinator.h).
 */
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "handlers/commands.h"
#include "handlers/hutil.h"
#include "handlers/say.h"
#include "handlers/notice.h"
#include "store/store_coordinator.h"
#include "store/store_workflow.h"

/* The account named by the first argument (address or matrícula). */
static int
account_by_arg(struct hctx *ctx, struct wf_account *a)
{
	/* not NULL: coordinator_named took the request without one */
	char *who = hctx_arg_word(ctx, 0);
	int64_t id;
	int r;

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

/* Mail a new address to its account, or (coordinator not NULL) to that
   coordinator. */
static int
send_address(struct hctx *ctx, int64_t account_id, const char *coordinator,
    const char *addr)
{
	struct vars *v = vars_new();
	struct notice n;
	char *subject;
	int rc;

	vars_say(ctx, v, "estado.descripcion", coordinator != NULL ?
	    S_DIRECCION_COORDINADOR_SU_DIRECCION :
	    S_DIRECCION_COORDINACION_LE_DIO, "direccion=%s", addr);
	vars_say(ctx, v, "estado.siguiente_paso", coordinator != NULL ?
	    S_DIRECCION_COORDINADOR_GUARDELA : S_DIRECCION_USE_NUEVA_DIRECCION,
	    SAY_NONE);
	subject = say(ctx, S_DIRECCION_ASUNTO_NUEVA_DIRECCION_PERSONAL,
	    SAY_NONE);
	if (coordinator != NULL) {
		memset(&n, 0, sizeof(n));
		n.to = coordinator;
		n.subject = subject;
		n.v = v;
		rc = notice_send(ctx, &n);
	} else
		rc = notice_to(ctx, account_id, v, subject, NULL);
	free(subject);
	vars_free(v);
	return rc;
}

/* The coordinator a request is about: the sender when it names nobody,
   or the colleague in [roles] coordinators it names; NULL: an account. */
static char *
coordinator_named(struct hctx *ctx)
{
	char *who = hctx_arg_word(ctx, 0);

	if (who == NULL || *who == '\0') {
		free(who);
		return ascii_lower_inplace(xstrdup(ctx->msg->from_addr));
	}
	if (strchr(who, '@') != NULL && config_is_coordinator(ctx->cfg, who))
		return ascii_lower_inplace(who);
	free(who);
	return NULL;
}

static int
coordinator_direccion(struct hctx *ctx, const char *coordinator, int reissue)
{
	char tok[ATOK_LEN + 1], hash[MAC_HEX], *addr = NULL;
	int rc = -1;

	if (reissue) {
		atok_new(tok);
		atok_hash(tok, ATOK_LEN, hash);
		addr = personal_address(ctx->cfg, tok);
	}
	if (store_coord_token_set(ctx->st, coordinator, reissue ? hash : NULL,
	    ctx->now) != 0 || (reissue && send_address(ctx, 0,
	    coordinator, addr) != 0))
		goto out;
	tr_say(ctx, TR_DONE, reissue ? S_DIRECCION_ANULAMOS_Y_NUEVA :
	    S_DIRECCION_ANULAMOS_COORDINADOR, "correo=%s", coordinator);
	log_info("msg %lld: personal address of coordinator <%s> %s by <%s>",
	    (long long)ctx->msg_row, coordinator, reissue ? "reissued" :
	    "revoked", ctx->msg->from_addr);
	rc = 0;
out:
	free(addr);
	return rc;
}

static int
direccion(struct hctx *ctx, int reissue)
{
	struct wf_account a;
	char tok[ATOK_LEN + 1], hash[MAC_HEX], *addr = NULL, *coordinator;
	int r, rc = -1;

	if ((coordinator = coordinator_named(ctx)) != NULL) {
		rc = coordinator_direccion(ctx, coordinator, reissue);
		free(coordinator);
		return rc;
	}
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
	    (reissue && send_address(ctx, a.id, NULL, addr) != 0))
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
