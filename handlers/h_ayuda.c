/* SPDX-License-Identifier: ISC */
/*
 * h_ayuda.c - AYUDA for each role, the reply to a message with no command
 * we know, and the reply to a command that belongs to another role.  All
 * three list the commands the sender may use, from the command table
 * (commands.def); AYUDA's words are templates/reply_ayuda.txt.
 */
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "handlers/caps.h"
#include "handlers/commands.h"
#include "handlers/hutil.h"
#include "handlers/intent.h"
#include "handlers/render.h"
#include "store/store_workflow.h"

/* Add the sender's commands to the transcript ("comandos" list). */
static void
list_commands(struct hctx *ctx)
{
	for (size_t i = 0; i < command_table_len; i++) {
		const struct command_def *d = &command_table[i];
		struct vars *item;

		/* Without an account, a student can only register. */
		if (!(d->roles & (ctx->role == ROLE_ALUMNO &&
		    ctx->account_id == 0 ? ROLE_BIT_NEWCOMER :
		    ROLE_BIT(ctx->role))))
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

/* How the sender writes to us, in words that guess no gender. */
static const char *
role_phrase(enum role r)
{
	switch (r) {
	case ROLE_ALUMNO:
		return "con su cuenta de estudiante";
	case ROLE_DEPENDENCIA:
		return "en nombre de una dependencia";
	case ROLE_COORDINADOR:
		return "como parte de la coordinación";
	case ROLE_NONE:
		break;
	}
	return "desde una dirección que no tiene cuenta en el servicio social";
}

/* "ana.lopez@x" -> "an…@x": enough for its owner to recognise it. */
static char *
address_hint(const char *addr)
{
	const char *at = strrchr(addr, '@');
	size_t keep = at != NULL && at - addr > 2 ? 2 : 1;

	if (at == NULL)
		return xstrdup("su correo institucional");
	return xasprintf("%.*s…%s", (int)keep, addr, at);
}

/*
 * A registered student writing from another address (a personal Gmail):
 * the matrícula in the body or the Subject names an account, so say to
 * write from its address.  1 said, 0 not the case, -1 on error.
 */
static int
registered_elsewhere(struct hctx *ctx)
{
	struct wf_student s;
	struct wf_account a;
	char *raw, *mat, *hint;
	int r;

	if (ctx->role != ROLE_NONE)
		return 0;
	if ((raw = hctx_field(ctx, "Matrícula")) == NULL &&
	    (raw = hctx_arg_word(ctx, 0)) == NULL)
		return 0;
	mat = matricula_normalize(raw);
	free(raw);
	r = store_wf_student_by_matricula(ctx->st, mat, &s);
	free(mat);
	if (r <= 0)
		return r;
	r = store_wf_account_by_id(ctx->st, s.account_id, &a);
	wf_student_free(&s);
	if (r <= 0)
		return r;
	hint = address_hint(a.email);
	tr_error(ctx, "Esa matrícula ya tiene cuenta en el servicio social, "
	    "con su correo institucional (%s), y esta dirección (%s) no es "
	    "la suya.", hint, ctx->msg->from_addr);
	tr_next(ctx, "Escríbanos desde su correo institucional %s, con el "
	    "mismo asunto; así sabemos que es usted.", hint);
	log_info("msg %lld: matrícula of account %lld from another address",
	    (long long)ctx->msg_row, (long long)a.id);
	free(hint);
	wf_account_free(&a);
	return 1;
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
	tr_next(ctx, "Si es estudiante, escriba desde su correo institucional "
	    "(@%s) con el asunto REGISTRO. Si representa a una dependencia, "
	    "escriba con el asunto REGISTRO DEPENDENCIA, con los datos Nombre, "
	    "Tipo (pública, privada o empresa), RFC, Representante, Cargo, Domicilio y "
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

/* Who the sender is, in the flags templates/reply_ayuda.txt reads. */
static void
sender_role_vars(struct hctx *ctx, struct vars *v)
{
	static const char *const flags[] = {
		[ROLE_NONE] = NULL,
		[ROLE_ALUMNO] = "remitente.es_alumno",
		[ROLE_DEPENDENCIA] = "remitente.es_dependencia",
		[ROLE_COORDINADOR] = "remitente.es_coordinacion",
	};

	if (ctx->role == ROLE_NONE ||
	    (ctx->role == ROLE_ALUMNO && ctx->account_id == 0))
		vars_set(v, "remitente.sin_cuenta", "sí");
	if (flags[ctx->role] != NULL)
		vars_set(v, flags[ctx->role], "sí");
	vars_set(v, "dominio_alumnos", first_student_domain(ctx->cfg));
}

/* AYUDA: the words are templates/reply_ayuda.txt's, the list the table's. */
int
h_ayuda(struct hctx *ctx)
{
	sender_role_vars(ctx, tr_vars(ctx));
	list_commands(ctx);
	tr_render(ctx, "reply_ayuda");
	return 0;
}

int
h_desconocido(struct hctx *ctx)
{
	const char *subject = ctx->msg->subject;
	char *shown;
	int r;

	if ((r = registered_elsewhere(ctx)) != 0)
		return r < 0 ? -1 : 0;
	shown = subject_untagged(subject);
	if (intent_replies_to_us(ctx))
		tr_error(ctx, "Su correo responde a uno nuestro, pero no dice "
		    "qué necesita: no trae un comando que conozcamos.");
	else if (*subject == '\0')
		tr_error(ctx, "El mensaje no tiene asunto, y el comando va en "
		    "el asunto.");
	else if (caps_sender_unknown(ctx))
		tr_error(ctx, "No encontramos un comando que conozcamos en el "
		    "asunto de su mensaje.");
	else
		tr_error(ctx, "No encontramos un comando que conozcamos en el "
		    "asunto «%s».", shown);
	tr_state(ctx, "Nos escribe %s, desde %s.", role_phrase(ctx->role),
	    ctx->msg->from_addr);
	list_commands(ctx);
	if (ctx->role == ROLE_NONE ||
	    (ctx->role == ROLE_ALUMNO && ctx->account_id == 0))
		how_to_register(ctx);
	else
		tr_next(ctx, "Escriba de nuevo con uno de estos comandos al "
		    "inicio del asunto; AYUDA le explica cada uno.");
	free(shown);
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
		buf_adds(out, r == ROLE_ALUMNO ? "estudiantes" :
		    r == ROLE_DEPENDENCIA ? "dependencias" : "la coordinación");
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
	int r;

	if ((r = registered_elsewhere(ctx)) != 0)
		return r < 0 ? -1 : 0;
	buf_init(&who);
	roles_of(ctx->cl->cmd, &who);
	if (ctx->cl->cmd == CMD_REGISTRO && ctx->role == ROLE_NONE) {
		tr_error(ctx, "REGISTRO es para alumnos y solo se acepta desde "
		    "un correo institucional de alumno (@%s); su dirección es "
		    "%s.", first_student_domain(ctx->cfg), ctx->msg->from_addr);
		how_to_register(ctx);
	} else {
		tr_error(ctx, "El comando %s es para %s, y usted nos escribe "
		    "%s, desde %s.", ctx->cl->code, who.data,
		    role_phrase(ctx->role), ctx->msg->from_addr);
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
