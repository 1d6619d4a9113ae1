/* SPDX-License-Identifier: ISC */
/*
 * dispatch.c - the command table's uses (commands.def) as command_table[],
 * and the one entry point that runs them.
 *
 * As in OpenSMTPD's smtpctl, each use of a command is one line: the roles
 * that may use it, whether it changes state (and so needs a verified
 * sender, SPEC 1), the function, the decision token that proves its
 * sender, and the usage and help that AYUDA and the "unknown command"
 * reply print.  A code used by two roles with different meanings
 * (RECHAZAR, REPORTE ALUMNOS) has one line per meaning.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "common/log.h"
#include "handlers/caps.h"
#include "handlers/commands.h"
#include "handlers/docs.h"
#include "handlers/h_verificar.h"
#include "handlers/hutil.h"
#include "handlers/render.h"
#include "handlers/intent.h"

#define A	ROLE_BIT(ROLE_ALUMNO)
#define D	ROLE_BIT(ROLE_DEPENDENCIA)
#define C	ROLE_BIT(ROLE_COORDINADOR)
#define N	ROLE_BIT(ROLE_NONE)
#define R	ROLE_BIT_NEWCOMER

const struct command_def command_table[] = {
#define USE(name, roles, effect, handler, token, usage, help) \
	{CMD_##name, roles, effect, handler, usage, help, token},
#include "handlers/commands.def"
};

const size_t command_table_len = ARRAY_LEN(command_table);

const struct command_def *
command_find(enum command cmd, enum role role)
{
	for (size_t i = 0; i < command_table_len; i++)
		if (command_table[i].cmd == cmd &&
		    (command_table[i].roles & ROLE_BIT(role)))
			return &command_table[i];
	return NULL;
}

/*
 * A decision token (identify.c) authorises the decision it names and
 * nothing else: a coordinator's on its matter, an agency's on its
 * application or on the report it was asked for.  The handler then checks
 * that what the message decides is that very one (find_matter,
 * agency_application).
 */
static int
token_covers(const struct hctx *ctx, const struct command_def *def)
{
	return def->token != RTOK_NONE && (int)def->token == ctx->token_kind;
}

int
dispatch_command(struct hctx *ctx)
{
	const struct command_def *def;

	/* two readings: ask, change nothing */
	if (ctx->cl->question != NULL)
		return h_pregunta(ctx);
	if (ctx->cl->cmd == CMD_NONE)
		return h_desconocido(ctx);
	if ((def = command_find(ctx->cl->cmd, ctx->role)) == NULL)
		return h_otro_rol(ctx);
	if (!def->changes_state || ctx->verified || ctx->confirming ||
	    !ctx->cfg->require_verified_sender || token_covers(ctx, def))
		return def->fn(ctx);
	/* A coordinator is proven by its MX or a scoped token, or not at
	   all: a confirmation round-trip proves only that someone reads
	   the mailbox, and a forged From gets the real coordinator asked. */
	if (ctx->role == ROLE_COORDINADOR)
		return h_coordinador_no_verificado(ctx);
	return h_confirmar_pedir(ctx);
}

static int
run(struct hctx *ctx)
{
	/* A reply to a confirmation answers it, whatever else it says. */
	if (ctx->token_kind == RTOK_CONFIRM)
		return h_confirmar_responder(ctx);
	return dispatch_command(ctx);
}

int
handlers_dispatch(struct hctx *ctx)
{
	const struct command_line *said = ctx->cl;
	struct command_line meant;
	char meant_args[16];
	int rc;

	if ((rc = intent_resolve(ctx, &meant, meant_args)) < 0)
		return -1;
	if (rc == 1)
		ctx->cl = &meant;
	vars_set(tr_vars(ctx), "comando", ctx->cl->code);
	vars_set(tr_vars(ctx), "argumentos", caps_sender_unknown(ctx) ? "" :
	    ctx->cl->args);
	rc = run(ctx);
	if (rc == 0 && !ctx->reply.suppress && ctx->reply.body.len == 0)
		tr_render(ctx, NULL);
	docs_notes_free(ctx);
	ctx->cl = said;
	if (rc == 0 && !ctx->reply.suppress) {
		if (ctx->reply.body.len == 0)
			tr_render(ctx, NULL);
		if (ctx->reply.reply_to == NULL)
			reply_seal(ctx, RTOK_ACCOUNT, ctx->account_id);
	}
	tr_free(ctx);
	sodium_memzero(ctx->token_key, sizeof(ctx->token_key));
	sodium_memzero(ctx->code_key, sizeof(ctx->code_key));
	return rc;
}
