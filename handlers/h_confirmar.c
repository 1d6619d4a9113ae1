/*
 * h_confirmar.c - state-changing commands from senders we could not
 * verify (SPEC 1), confirmed the way mailing-list managers confirm a
 * subscription.
 *
 * The command is kept as it came (subject, body, attachments; the
 * attachments in the spool, mode 0600) and the reply asks the sender to
 * answer it.  That reply carries a token bound to the sender's address and
 * to the kept command; the answer proves the address is theirs, and the
 * kept command then runs once, exactly as if it had come verified.  A
 * second answer finds it used and changes nothing.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "hutil.h"
#include "log.h"
#include "spool.h"
#include "store_workflow.h"

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
			log_err("msg %lld: cannot keep %s: %s",
			    (long long)ctx->msg_row, a->filename,
			    strerror(errno));
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
		tr_state(ctx, "Su mensaje responde a un correo nuestro cuyo "
		    "enlace ya venció, y no pudimos comprobar de otro modo que "
		    "viene de %s.", ctx->msg->from_addr);
	else
		tr_state(ctx, "No pudimos comprobar que el mensaje viene de "
		    "%s: no llegó a su dirección personal ni responde a un "
		    "correo nuestro.", ctx->msg->from_addr);
	tr_done(ctx, "Guardamos su comando %s sin ejecutarlo.", ctx->cl->code);
	tr_next(ctx, "Para confirmarlo, responda a este correo (basta con "
	    "enviar la respuesta, sin cambiar el asunto). La confirmación "
	    "vence el %s. Si usted no envió este comando, ignore este "
	    "correo.", date);
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

		if (read_file(pa[i].path, MAX_KEPT_BYTES, &data, &len) != 0) {
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

int
h_confirmar_ejecutar(struct hctx *ctx)
{
	struct wf_pending p;
	struct wf_pending_att *pa = NULL;
	struct attachment *att = NULL;
	size_t n = 0;
	char *date = NULL;
	int r, rc = -1;

	if ((r = store_wf_pending_get(ctx->st, ctx->token_id, &p, &pa,
	    &n)) < 0)
		return -1;
	if (r == 0 || ascii_casecmp(p.email, ctx->msg->from_addr) != 0) {
		tr_error(ctx, "No encontramos el comando que este correo "
		    "confirma.");
		tr_next(ctx, "Envíe el comando de nuevo.");
		rc = 0;
		goto out;
	}
	if (p.used != 0) {
		date = letters_date_es(p.used);
		tr_error(ctx, "Esa confirmación ya se usó el %s: el comando "
		    "«%s» ya se ejecutó y no se repite.", date, p.subject);
		tr_next(ctx, "Escriba ESTADO para ver cómo va su trámite.");
		rc = 0;
		goto out;
	}
	if (load_attachments(pa, n, &att) != 0)
		goto out;
	if (store_wf_pending_mark_used(ctx->st, p.id, ctx->now) != 0 ||
	    store_wf_audit(ctx->st, WF_ASUNTO, p.id, "confirmacion",
	    "pendiente", "confirmada", ctx->msg->from_addr, ctx->msg_row,
	    ctx->now, p.subject) != 0)
		goto out;
	tr_done(ctx, "Recibimos su confirmación del comando «%s».", p.subject);
	log_info("msg %lld: pending %lld confirmed by <%s>",
	    (long long)ctx->msg_row, (long long)p.id, ctx->msg->from_addr);
	rc = run_kept(ctx, &p, att, n);
out:
	free(date);
	free_attachments(att, att ? n : 0);
	wf_pending_atts_free(pa, n);
	wf_pending_free(&p);
	return rc;
}
