/*
 * h_ayuda.c - AYUDA for each role, the reply to a message with no command
 * we know, and the reply to a command that belongs to another role.  All
 * three list the commands the sender may use, from the command table.
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "caps.h"
#include "hutil.h"
#include "log.h"

/* Add the sender's commands to the transcript ("comandos" list). */
static void
list_commands(struct hctx *ctx)
{
	for (size_t i = 0; i < command_table_len; i++) {
		const struct command_def *d = &command_table[i];
		struct vars *item;

		if (!(d->roles & ROLE_BIT(ctx->role)))
			continue;
		/* Without an account, a student can only register. */
		if (ctx->role == ROLE_ALUMNO && ctx->account_id == 0 &&
		    d->cmd != CMD_REGISTRO && d->cmd != CMD_AYUDA &&
		    d->cmd != CMD_ESTADO && d->cmd != CMD_VERIFICAR)
			continue;
		item = vars_list_add(tr_vars(ctx), "comandos");
		vars_set(item, "codigo", d->usage);
		vars_set(item, "descripcion", d->help);
	}
}

static const char *
first_student_domain(const struct config *cfg)
{
	return cfg->n_student_domains > 0 ? cfg->student_domains[0] :
	    "(dominio de alumnos)";
}

/* How to get an account, for someone who has none. */
static void
how_to_register(struct hctx *ctx)
{
	if (ctx->role == ROLE_ALUMNO) {
		tr_state(ctx, "Su dirección %s es de alumno de %s, pero aún no "
		    "tiene cuenta en el servicio social.", ctx->msg->from_addr,
		    ctx->cfg->inst_short_name);
		tr_next(ctx, "Escriba un correo con el asunto REGISTRO y, en el "
		    "cuerpo, una línea por dato: «Matrícula: ...», «Nombre: "
		    "...», «Carrera: ...», «Créditos: ...» (porcentaje de "
		    "créditos cubiertos).");
		return;
	}
	tr_state(ctx, "Su dirección %s no tiene cuenta en el servicio social "
	    "de %s.", ctx->msg->from_addr, ctx->cfg->inst_short_name);
	tr_next(ctx, "Si es alumno, escriba desde su correo institucional "
	    "(@%s) con el asunto REGISTRO. Si representa a una dependencia, "
	    "escriba con el asunto REGISTRO DEPENDENCIA, con los datos Nombre, "
	    "Tipo (pública o privada), RFC, Representante, Cargo, Domicilio y "
	    "Teléfono en el cuerpo, y adjunte decretos, nombramiento del "
	    "representante, INE del representante, comprobante de domicilio, "
	    "RFC y logo.", first_student_domain(ctx->cfg));
}

static void
usage_hint(struct hctx *ctx)
{
	tr_next(ctx, "Escriba el comando al inicio del asunto (por ejemplo "
	    "«ESTADO»); los datos van en el cuerpo, una línea por campo "
	    "(por ejemplo «Matrícula: 2021030456»).");
}

int
h_ayuda(struct hctx *ctx)
{
	if (ctx->role == ROLE_NONE ||
	    (ctx->role == ROLE_ALUMNO && ctx->account_id == 0)) {
		how_to_register(ctx);
		list_commands(ctx);
		return 0;
	}
	tr_state(ctx, "Usted nos escribe como %s desde %s. Estos son los "
	    "comandos que puede usar:", role_name(ctx->role),
	    ctx->msg->from_addr);
	list_commands(ctx);
	usage_hint(ctx);
	return 0;
}

int
h_desconocido(struct hctx *ctx)
{
	const char *subject = ctx->msg->subject;

	if (*subject == '\0')
		tr_error(ctx, "El mensaje no tiene asunto, y el comando va en "
		    "el asunto.");
	else if (caps_sender_unknown(ctx))
		tr_error(ctx, "No encontramos un comando que conozcamos en el "
		    "asunto de su mensaje.");
	else
		tr_error(ctx, "No encontramos un comando que conozcamos en el "
		    "asunto «%s».", subject);
	tr_state(ctx, "Nos escribe como %s. Los comandos que puede usar "
	    "son:", role_name(ctx->role));
	list_commands(ctx);
	if (ctx->role == ROLE_NONE ||
	    (ctx->role == ROLE_ALUMNO && ctx->account_id == 0))
		how_to_register(ctx);
	else
		tr_next(ctx, "Escriba de nuevo con uno de estos comandos al "
		    "inicio del asunto; AYUDA le explica cada uno.");
	return 0;
}

/* "alumno, dependencia" for the roles of every line of cmd. */
static void
roles_of(enum command cmd, struct buf *out)
{
	unsigned roles = 0;

	for (size_t i = 0; i < command_table_len; i++)
		if (command_table[i].cmd == cmd)
			roles |= command_table[i].roles;
	for (int r = ROLE_ALUMNO; r <= ROLE_COORDINADOR; r++) {
		if (!(roles & ROLE_BIT(r)))
			continue;
		if (out->len > 0)
			buf_adds(out, ", ");
		buf_adds(out, role_name((enum role)r));
	}
	if (roles & ROLE_BIT(ROLE_NONE)) {
		if (out->len > 0)
			buf_adds(out, ", ");
		buf_adds(out, "quien aún no tiene cuenta");
	}
}

int
h_otro_rol(struct hctx *ctx)
{
	struct buf who;

	buf_init(&who);
	roles_of(ctx->cl->cmd, &who);
	if (ctx->cl->cmd == CMD_REGISTRO && ctx->role == ROLE_NONE) {
		tr_error(ctx, "REGISTRO es para alumnos y solo se acepta desde "
		    "un correo institucional de alumno (@%s); su dirección es "
		    "%s.", first_student_domain(ctx->cfg), ctx->msg->from_addr);
		how_to_register(ctx);
	} else {
		tr_error(ctx, "El comando %s es para: %s. Usted nos escribe "
		    "como %s desde %s.", ctx->cl->code, who.data,
		    role_name(ctx->role), ctx->msg->from_addr);
		tr_state(ctx, "Los comandos que usted puede usar son:");
		list_commands(ctx);
		if (ctx->role == ROLE_NONE ||
		    (ctx->role == ROLE_ALUMNO && ctx->account_id == 0))
			how_to_register(ctx);
		else
			usage_hint(ctx);
	}
	log_info("msg %lld: %s refused: role %s", (long long)ctx->msg_row,
	    ctx->cl->code, role_name(ctx->role));
	buf_free(&who);
	return 0;
}
