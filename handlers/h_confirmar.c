/* SPDX-License-Identifier: ISC */
/*
 * h_confirmar.c - state-changing commands from senders we could not
 * verify (SPEC 1), confirmed the way mailing-list managers confirm a
 * subscription.
 *
 * The command is kept as it came (subject, body, attachments; the
 * attachments in the spool, mode 0600) and the reply asks the sender to
 * answer it.  That reply carries a token bound to the sender's address and
 * to the kept command.  The command runs once, as if it had come verified,
 * only when the answer's first meaningful line is CONFIRMAR (or "SÍ,
 * CONFIRMO"): whoever forged the command made us write to the real owner
 * of the address, and their "no lo reconozco", "RECHAZAR" or empty reply
 * must never run it.  Any other answer cancels it; one that says the
 * sender did not send it is logged and reported to the coordinators as a
 * suspected forgery.  Either way the kept command is used up: a second
 * answer changes nothing.
 *
 * Coordinator commands are never kept (dispatch.c); one kept before this
 * rule (a release-1 database) is cancelled when its answer comes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "handlers/commands.h"
#include "handlers/hutil.h"
#include "handlers/say.h"
#include "handlers/notice.h"
#include "spool/spool.h"
#include "store/store_workflow.h"

#define DAY	86400
#define MAX_KEPT_BYTES	(64u * 1024 * 1024)

static int
keep_attachments(struct hctx *ctx, int64_t pending_id)
{
	const struct message *m = ctx->msg;

	for (size_t i = 0; i < m->n_att; i++) {
		const struct attachment *a = &m->att[i];
		struct wf_pending_att pa;
		char sha[SPOOL_SHA_HEX], *path = NULL;
		int rc;

		if (a->inline_part)
			continue;
		if (spool_put(ctx->cfg->spool, "doc", a->data, a->len, 0600,
		    sha, &path) != 0) {
			log_err("msg %lld: cannot keep attachment %zu: %s",
			    (long long)ctx->msg_row, i, strerror(errno));
			return -1;
		}
		pa.filename = a->filename;
		pa.declared_type = a->declared_type;
		pa.magic_type = a->magic_type;
		pa.path = path;
		pa.size = (int64_t)a->len;
		rc = store_wf_pending_add_att(ctx->st, pending_id, &pa);
		free(path);
		if (rc != 0)
			return -1;
	}
	return 0;
}

int
h_confirmar_pedir(struct hctx *ctx)
{
	struct wf_pending p;
	int64_t id;
	char *date;

	memset(&p, 0, sizeof(p));
	p.email = ctx->msg->from_addr;
	p.subject = ctx->msg->subject;
	p.body = ctx->msg->body;
	p.msg_row = ctx->msg_row;
	p.created = ctx->now;
	p.expires = ctx->now + (int64_t)ctx->cfg->token_ttl_days * DAY;
	if (store_wf_pending_insert(ctx->st, &p, &id) != 0 ||
	    keep_attachments(ctx, id) != 0)
		return -1;
	if (store_wf_audit(ctx->st, WF_ASUNTO, id, "confirmacion_pedida", "",
	    "pendiente", ctx->msg->from_addr, ctx->msg_row, ctx->now,
	    ctx->cl->code) != 0)
		return -1;
	date = letters_date_es(p.expires);
	if (ctx->token_expired)
		tr_say(ctx, TR_STATE, S_CONFIRMAR_MENSAJE_RESPONDE_CORREO,
		    "correo=%s", ctx->msg->from_addr);
	else
		tr_say(ctx, TR_STATE, S_CONFIRMAR_NO_PUDIMOS_COMPROBAR,
		    "correo=%s", ctx->msg->from_addr);
	tr_say(ctx, TR_DONE, S_CONFIRMAR_GUARDAMOS_COMANDO_SIN, "comando=%s",
	    ctx->cl->code);
	tr_say(ctx, TR_NEXT, S_CONFIRMAR_EJECUTARLO_RESPONDA_ESTE, "fecha=%s",
	    date);
	free(date);
	reply_seal(ctx, RTOK_CONFIRM, id);
	log_info("msg %lld: %s from unverified <%s> kept as pending %lld",
	    (long long)ctx->msg_row, ctx->cl->code, ctx->msg->from_addr,
	    (long long)id);
	return 0;
}

/* The kept attachments, read back from the spool. */
static int
load_attachments(const struct wf_pending_att *pa, size_t n,
    struct attachment **out)
{
	struct attachment *att = xcalloc(n ? n : 1, sizeof(*att));
	size_t i;

	for (i = 0; i < n; i++) {
		char *data;
		size_t len;

		if (spool_read(pa[i].path, MAX_KEPT_BYTES, &data, &len) != 0) {
			log_err("pending attachment %s: %s", pa[i].path,
			    strerror(errno));
			goto fail;
		}
		att[i].filename = xstrdup(pa[i].filename);
		att[i].declared_type = xstrdup(pa[i].declared_type);
		att[i].magic_type = xstrdup(pa[i].magic_type);
		att[i].data = (unsigned char *)data;
		att[i].len = len;
	}
	*out = att;
	return 0;
fail:
	for (size_t j = 0; j < i; j++) {
		free(att[j].filename);
		free(att[j].declared_type);
		free(att[j].magic_type);
		free(att[j].data);
	}
	free(att);
	return -1;
}

static void
free_attachments(struct attachment *att, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(att[i].filename);
		free(att[i].declared_type);
		free(att[i].magic_type);
		free(att[i].data);
	}
	free(att);
}

/* Run the kept command p as if it had arrived verified now. */
static int
run_kept(struct hctx *ctx, const struct wf_pending *p,
    struct attachment *att, size_t n_att)
{
	const struct message *orig_msg = ctx->msg;
	const struct command_line *orig_cl = ctx->cl;
	struct message kept = *ctx->msg;
	struct command_line cl;
	int rc;

	kept.subject = p->subject;
	kept.body = p->body;
	kept.body_full = p->body;
	kept.att = att;
	kept.n_att = n_att;
	classify_command(p->subject, p->body, 0, &cl);
	ctx->msg = &kept;
	ctx->cl = &cl;
	ctx->confirming = 1;
	vars_set(tr_vars(ctx), "comando", cl.code);
	vars_set(tr_vars(ctx), "argumentos", cl.args);
	rc = dispatch_command(ctx);
	ctx->confirming = 0;
	ctx->msg = orig_msg;
	ctx->cl = orig_cl;
	command_line_free(&cl);
	return rc;
}

enum answer { ANSWER_OTHER, ANSWER_CONFIRM, ANSWER_DENY };

/* The first non-empty line of text, folded, letters and digits only,
   words separated by one space (new string). */
static char *
first_line_words(const char *text)
{
	const char *p = text, *e;
	char *line, *f;
	struct buf b;

	for (;;) {
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		if (p + strspn(p, " \t\r") < e || *e == '\0')
			break;
		p = e + 1;
	}
	line = xstrndup(p, (size_t)(e - p));
	f = fold_spanish(line);
	buf_init(&b);
	for (const char *q = f; *q != '\0'; q++) {
		int word = (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9');

		if (word)
			buf_addc(&b, *q);
		else if (b.len > 0 && b.data[b.len - 1] != ' ')
			buf_addc(&b, ' ');
	}
	free(line);
	free(f);
	line = buf_steal(&b);
	return str_trim(line);
}

/* Phrases of someone who did not send what we ask them to confirm. */
static const char *const denials[] = {
	"no lo envie", "no envie", "yo no envie", "no lo mande", "no mande",
	"no reconozco", "no lo reconozco", "no lo ejecuten", "no ejecuten",
	"no fui yo", "no lo solicite", "no solicite", "no lo pedi",
	"no es mio", "suplantacion", "fraude",
};

static enum answer
read_answer(const struct hctx *ctx)
{
	char *w = first_line_words(ctx->msg->body), *all;
	enum answer a = ANSWER_OTHER;

	if (strcmp(w, "confirmar") == 0 || strcmp(w, "si confirmo") == 0 ||
	    strcmp(w, "confirmo") == 0)
		a = ANSWER_CONFIRM;
	free(w);
	if (a == ANSWER_CONFIRM)
		return a;
	all = fold_spanish(ctx->msg->body);
	for (size_t i = 0; i < ARRAY_LEN(denials); i++)
		if (strstr(all, denials[i]) != NULL)
			a = ANSWER_DENY;
	free(all);
	return a;
}

/* Tell the coordinators that someone used this address without its
   owner's knowledge. */
static int
report_forgery(struct hctx *ctx, const struct wf_pending *p)
{
	struct vars *v = vars_new();
	struct notice n;
	char *subject;
	int rc;

	vars_say(ctx, v, "estado.descripcion",
	    S_CONFIRMAR_POSIBLE_SUPLANTACION_ALGUIEN, "asunto=%s correo=%s",
	    p->subject, p->email);
	vars_say(ctx, v, "estado.siguiente_paso",
	    S_CONFIRMAR_REVISE_MENSAJE_ORIGINAL, SAY_NONE);
	subject = say(ctx, S_CONFIRMAR_ASUNTO_POSIBLE_SUPLANTACION,
	    "correo=%s", p->email);
	memset(&n, 0, sizeof(n));
	n.subject = subject;
	n.v = v;
	rc = notice_coordinators(ctx, &n);
	free(subject);
	vars_free(v);
	return rc;
}

/* Any answer but CONFIRMAR: the kept command dies unrun. */
static int
cancel_kept(struct hctx *ctx, const struct wf_pending *p, enum answer a)
{
	if (store_wf_pending_mark_used(ctx->st, p->id, ctx->now) != 0 ||
	    store_wf_audit(ctx->st, WF_ASUNTO, p->id, a == ANSWER_DENY ?
	    "confirmacion_negada" : "confirmacion_cancelada", "pendiente",
	    "cancelada", ctx->msg->from_addr, ctx->msg_row, ctx->now,
	    p->subject) != 0)
		return -1;
	tr_say(ctx, TR_DONE, S_CONFIRMAR_CANCELAMOS_COMANDO_NO, "asunto=%s",
	    p->subject);
	if (a == ANSWER_DENY) {
		log_warn("msg %lld: <%s> denies sending pending %lld: "
		    "suspected forgery", (long long)ctx->msg_row,
		    ctx->msg->from_addr, (long long)p->id);
		tr_say(ctx, TR_STATE,
		    S_CONFIRMAR_AVISAMOS_COORDINACION_ALGUIEN, SAY_NONE);
		return report_forgery(ctx, p);
	}
	tr_say(ctx, TR_NEXT, S_CONFIRMAR_SOLO_EJECUTA_COMANDO, SAY_NONE);
	return 0;
}

/* The kept command p, unused, for this sender: 1; 0 explained; -1. */
static int
kept_for_sender(struct hctx *ctx, const struct wf_pending *p, int found)
{
	char *date;

	if (!found || ascii_casecmp(p->email, ctx->msg->from_addr) != 0) {
		tr_say(ctx, TR_ERROR, S_CONFIRMAR_NO_ENCONTRAMOS_COMANDO,
		    SAY_NONE);
		tr_say(ctx, TR_NEXT, S_CONFIRMAR_ENVIE_COMANDO_NUEVO,
		    SAY_NONE);
		return 0;
	}
	if (p->used != 0) {
		date = letters_date_es(p->used);
		tr_say(ctx, TR_ERROR, S_CONFIRMAR_ESA_CONFIRMACION_RESPONDIO,
		    "fecha=%s asunto=%s", date, p->subject);
		tr_say(ctx, TR_NEXT, S_CONFIRMAR_ESCRIBA_ESTADO_VER, SAY_NONE);
		free(date);
		return 0;
	}
	return 1;
}

int
h_confirmar_responder(struct hctx *ctx)
{
	struct wf_pending p;
	struct wf_pending_att *pa = NULL;
	struct attachment *att = NULL;
	size_t n = 0;
	enum answer a;
	int r, rc = -1;

	if ((r = store_wf_pending_get(ctx->st, ctx->token_id, &p, &pa,
	    &n)) < 0)
		return -1;
	if ((r = kept_for_sender(ctx, &p, r)) != 1) {
		rc = r;
		goto out;
	}
	a = read_answer(ctx);
	if (a == ANSWER_CONFIRM && ctx->role == ROLE_COORDINADOR) {
		tr_say(ctx, TR_ERROR, S_CONFIRMAR_COMANDOS_COORDINACION_NO,
		    SAY_NONE);
		a = ANSWER_OTHER;
	}
	if (a != ANSWER_CONFIRM) {
		rc = cancel_kept(ctx, &p, a);
		goto out;
	}
	if (load_attachments(pa, n, &att) != 0)
		goto out;
	if (store_wf_pending_mark_used(ctx->st, p.id, ctx->now) != 0 ||
	    store_wf_audit(ctx->st, WF_ASUNTO, p.id, "confirmacion",
	    "pendiente", "confirmada", ctx->msg->from_addr, ctx->msg_row,
	    ctx->now, p.subject) != 0)
		goto out;
	tr_say(ctx, TR_DONE, S_CONFIRMAR_RECIBIMOS_CONFIRMACION_COMANDO,
	    "asunto=%s", p.subject);
	log_info("msg %lld: pending %lld confirmed by <%s>",
	    (long long)ctx->msg_row, (long long)p.id, ctx->msg->from_addr);
	rc = run_kept(ctx, &p, att, n);
out:
	free_attachments(att, att ? n : 0);
	wf_pending_atts_free(pa, n);
	wf_pending_free(&p);
	return rc;
}

int
h_coordinador_no_verificado(struct hctx *ctx)
{
	tr_say(ctx, TR_ERROR, S_CONFIRMAR_NO_PUDIMOS_COMPROBAR_2, "correo=%s",
	    ctx->msg->from_addr);
	tr_say(ctx, TR_DONE, S_CONFIRMAR_NO_EJECUTAMOS_COMANDO, "comando=%s",
	    ctx->cl->code);
	tr_say(ctx, TR_NEXT, S_CONFIRMAR_ENVIELO_DESDE_CUENTA, SAY_NONE);
	log_warn("msg %lld: %s from unproven coordinator address <%s>: "
	    "refused", (long long)ctx->msg_row, ctx->cl->code,
	    ctx->msg->from_addr);
	return 0;
}
