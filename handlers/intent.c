/* SPDX-License-Identifier: ISC */
/*
 * intent.c - what a message means when its words alone do not say it
 * (issue 9): a reply to one of our notices, read with what we know of the
 * sender.
 *
 * People answer our mail the way they answer anyone's: "Aceptado" to an
 * application is ACEPTAR from an agency, "Aprobado" to a matter APROBAR
 * from a coordinator, whichever word they chose; a corrected report
 * attached to a reply to its rejection is the report sent again; the
 * missing INE attached to a reply to the "faltan documentos" notice is
 * DOCUMENTOS.  When a message can be read two ways the classifier asks
 * (cl->question) and nothing changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "handlers/commands.h"
#include "handlers/hutil.h"
#include "handlers/intent.h"
#include "store/store_workflow.h"

int
intent_replies_to_us(const struct hctx *ctx)
{
	const char *irt = ctx->msg->in_reply_to;
	size_t n = strlen(irt), d = strlen(ctx->cfg->addr_domain);

	if (ctx->token_kind != 0 || ctx->cl->subject_tag[0] != '\0')
		return 1;
	/* our Message-IDs are tq.TOKEN.RANDOM@our-domain */
	return strncmp(irt, "tq.", 3) == 0 && n > d + 1 &&
	    irt[n - d - 1] == '@' &&
	    ascii_casecmp(irt + n - d, ctx->cfg->addr_domain) == 0;
}

/* Files a person attached (inline signature logos aside). */
static size_t
files_sent(const struct message *m)
{
	size_t n = 0;

	for (size_t i = 0; i < m->n_att; i++)
		if (!m->att[i].inline_part ||
		    ascii_has_prefix_case(m->att[i].magic_type, "image/"))
			n++;
	return n;
}

/*
 * A reply is about a report when our Subject it answers says so ("avance
 * de 180 horas", "reporte") or a file is named as one: a signed letter
 * sent in reply to some other mail must not replace a report.
 */
static int
about_report(const struct message *m)
{
	char *f = fold_spanish(m->subject);
	int hit = strstr(f, "avance") != NULL || strstr(f, "reporte") != NULL;

	free(f);
	for (size_t i = 0; !hit && i < m->n_att; i++)
		hit = classify_document(m->att[i].filename) == DOC_REPORTE;
	return hit;
}

/* The report a student's reply with a file resubmits: the rejected one,
   else the one under review; 0 when none. */
static int
report_to_resubmit(struct hctx *ctx, int *hours)
{
	static const int milestones[] = {180, 360, 480};
	struct wf_application a;
	int r, found = 0;

	*hours = 0;
	if ((r = store_wf_application_latest(ctx->st, ctx->account_id,
	    &a)) <= 0)
		return r;
	for (size_t i = 0; i < ARRAY_LEN(milestones) && *hours == 0; i++) {
		struct wf_report rep;

		if ((r = store_wf_report_get(ctx->st, a.id, milestones[i],
		    &rep)) < 0) {
			wf_application_free(&a);
			return -1;
		}
		if (r == 1 && (wf_state_is(rep.state, ST_REPORTE_RECHAZADO) ||
		    wf_state_is(rep.state, ST_REPORTE_EN_REVISION))) {
			*hours = milestones[i];
			found = 1;
		}
		if (r == 1)
			wf_report_free(&rep);
	}
	wf_application_free(&a);
	return found;
}

/* An agency that is registered but still sending documents. */
static int
agency_collecting(struct hctx *ctx)
{
	enum wf_state st;
	int r;

	if (ctx->account_id == 0)
		return 0;
	if ((r = store_wf_state_get(ctx->st, WF_DEPENDENCIA, ctx->account_id,
	    &st)) < 0)
		return -1;
	return r == 1 && (st == ST_DEPENDENCIA_DOCUMENTOS_INCOMPLETOS ||
	    st == ST_DEPENDENCIA_RECHAZADA || st == ST_DEPENDENCIA_EN_REVISION);
}

/* The yes-command (CMDF_YES) role may use, or cmd when it has none. */
static enum command
yes_of_role(enum role role, enum command cmd)
{
	for (int c = CMD_NONE + 1; c < CMD__COUNT; c++)
		if ((command_flags((enum command)c) & CMDF_YES) &&
		    command_find((enum command)c, role) != NULL)
			return (enum command)c;
	return cmd;
}

int
intent_resolve(struct hctx *ctx, struct command_line *out, char args[16])
{
	const struct command_line *cl = ctx->cl;
	enum command cmd = cl->cmd;
	int r, hours;

	args[0] = '\0';
	/* an answer to a confirmation is read by h_confirmar.c alone */
	if (ctx->token_kind == RTOK_CONFIRM)
		return 0;
	/* a yes said to us: APROBAR from a coordinator, ACEPTAR from an
	   agency, whichever of the two words was used */
	if (cl->from_body && command_find(cmd, ctx->role) == NULL &&
	    (command_flags(cmd) & CMDF_YES))
		cmd = yes_of_role(ctx->role, cmd);
	/* files in a reply to our notice: what the notice asked for */
	if (intent_replies_to_us(ctx) && files_sent(ctx->msg) > 0 &&
	    cl->question == NULL) {
		if (ctx->role == ROLE_ALUMNO && ctx->account_id != 0 &&
		    (cmd == CMD_NONE || cmd == CMD_REPORTE) &&
		    *cl->args == '\0' && about_report(ctx->msg)) {
			if ((r = report_to_resubmit(ctx, &hours)) < 0)
				return -1;
			if (r == 1) {
				cmd = CMD_REPORTE;
				snprintf(args, 16, "%d", hours);
			}
		} else if (ctx->role == ROLE_DEPENDENCIA &&
		    (cmd == CMD_NONE || cmd == CMD_REGISTRO_DEPENDENCIA)) {
			if ((r = agency_collecting(ctx)) < 0)
				return -1;
			if (r == 1)
				cmd = CMD_DOCUMENTOS;
		}
	}
	if (cmd == cl->cmd && args[0] == '\0')
		return 0;
	*out = *cl;
	out->cmd = cmd;
	/* borrowed, never freed: out lives only while the handler runs */
	out->code = (char *)command_code(cmd);
	if (args[0] != '\0')
		out->args = args;
	log_info("msg %lld: read as %s %s (%s)", (long long)ctx->msg_row,
	    out->code, out->args, cl->from_body ? "reply verb" :
	    "reply with files");
	return 1;
}

int
h_pregunta(struct hctx *ctx)
{
	tr_state(ctx, "%s", ctx->cl->question);
	tr_next(ctx, "Responda a este correo con su respuesta; mientras "
	    "tanto no cambiamos nada.");
	/* the answer to the question decides the same matter */
	if (ctx->token_kind == RTOK_MATTER || ctx->token_kind == RTOK_SOLICITUD)
		reply_seal(ctx, (enum rtok_kind)ctx->token_kind,
		    ctx->token_id);
	log_info("msg %lld: ambiguous, asked back", (long long)ctx->msg_row);
	return 0;
}
