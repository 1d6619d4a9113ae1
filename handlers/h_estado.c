/*
 * h_estado.c - ESTADO: where the sender stands, what is missing, and the
 * next step, for each role.
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "hutil.h"
#include "store_workflow.h"

int
h_estado(struct hctx *ctx)
{
	struct wf_account a;
	int r;

	if (ctx->role == ROLE_COORDINADOR) {
		tr_state(ctx, "Usted es coordinador del servicio social.");
		tr_next(ctx, "Escriba PENDIENTES para ver los asuntos que "
		    "esperan su decisión.");
		return 0;
	}
	if (ctx->account_id == 0)
		return h_ayuda(ctx);
	if ((r = store_wf_account_by_id(ctx->st, ctx->account_id, &a)) < 0)
		return -1;
	if (r == 1)
		tr_state(ctx, "Su cuenta de %s está en estado: %s.",
		    role_name(ctx->role), a.state);
	wf_account_free(&a);
	return 0;
}
