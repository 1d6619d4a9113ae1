/* SPDX-License-Identifier: ISC */
/*
 * h_matricula.c - a matrícula claimed from a second address (issue 8:
 * squatting).  Someone who registers another student's matrícula first
 * would get letters in her name and lock her out; so a REGISTRO whose
 * matrícula is already registered from another address registers nothing.
 * It becomes a matter for the coordinators that shows both addresses and
 * both names, and the account that holds the matrícula is told.
 *
 * The claim is kept as a pending command (wf_pending: the claimant's
 * address and form); the matter's entity is that row.  APROBAR means the
 * claimant is the owner: the holding account is suspended, its personal
 * address revoked and the matrícula released, and the claimant is asked
 * to send REGISTRO again.  RECHAZAR keeps it where it is; the claimant is
 * told.  Either way the claim is used up.
 */
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "handlers/commands.h"
#include "handlers/hutil.h"
#include "handlers/say.h"
#include "handlers/notice.h"
#include "handlers/matters.h"
#include "handlers/workflow.h"
#include "store/store_workflow.h"

#define DAY	86400

/* The holding account's name and address into a and s. */
static int
holder(struct hctx *ctx, const char *matricula, struct wf_account *a,
    struct wf_student *s)
{
	int r;

	memset(a, 0, sizeof(*a));
	memset(s, 0, sizeof(*s));
	if ((r = store_wf_student_by_matricula(ctx->st, matricula, s)) != 1)
		return r;
	if ((r = store_wf_account_by_id(ctx->st, s->account_id, a)) != 1)
		wf_student_free(s);
	return r;
}

/* Tell the holder that its matrícula was claimed. */
static int
tell_holder(struct hctx *ctx, const struct wf_account *a,
    const char *matricula)
{
	struct vars *v = vars_new();
	char *subject;
	int rc;

	vars_say(ctx, v, "estado.descripcion",
	    S_MATRICULA_ALGUIEN_ESCRIBIO_DESDE, "otro_correo=%s matricula=%s",
	    ctx->msg->from_addr, matricula);
	vars_say(ctx, v, "estado.siguiente_paso",
	    S_MATRICULA_NO_NECESITA_HACER, SAY_NONE);
	subject = say(ctx, S_MATRICULA_ASUNTO_OTRA_DIRECCION_RECLAMA,
	    SAY_NONE);
	rc = notice_to(ctx, a->id, v, subject, NULL);
	free(subject);
	vars_free(v);
	return rc;
}

int
matricula_disputa(struct hctx *ctx, const char *matricula,
    const char *nombre)
{
	struct wf_account a;
	struct wf_student s;
	struct wf_pending p;
	struct vars *v;
	char code[CODE_LEN + 1];
	int64_t pid, mid;
	int r, rc = -1;

	if ((r = holder(ctx, matricula, &a, &s)) != 1)
		return r;
	memset(&p, 0, sizeof(p));
	p.email = ctx->msg->from_addr;
	p.subject = ctx->msg->subject;
	p.body = ctx->msg->body;
	p.msg_row = ctx->msg_row;
	p.created = ctx->now;
	p.expires = ctx->now + (int64_t)ctx->cfg->token_ttl_days * DAY;
	v = vars_new();
	vars_say(ctx, v, "estado.descripcion",
	    S_MATRICULA_MATRICULA_DISPUTA_ESTA,
	    "matricula=%s correo=%s nombre=%s otro_correo=%s otro_nombre=%s",
	    matricula, a.email, a.name, ctx->msg->from_addr, nombre);
	if (store_wf_pending_insert(ctx->st, &p, &pid) != 0 ||
	    matter_open(ctx, MATTER_MATRICULA, pid, v, NULL, 0, &mid,
	    code) != 0 || tell_holder(ctx, &a, matricula) != 0)
		goto out;
	tr_say(ctx, TR_ERROR, S_MATRICULA_MATRICULA_ESTA_REGISTRADA,
	    "matricula=%s", matricula);
	tr_say(ctx, TR_DONE, S_MATRICULA_ENVIAMOS_CASO_COORDINACION, SAY_NONE);
	log_warn("msg %lld: matrícula %s of <%s> claimed by <%s>: matter "
	    "%lld", (long long)ctx->msg_row, matricula, a.email,
	    ctx->msg->from_addr, (long long)mid);
	rc = 1;
out:
	vars_free(v);
	wf_account_free(&a);
	wf_student_free(&s);
	return rc;
}

/* The matrícula of a kept claim (new string), or NULL. */
static char *
claimed_matricula(const struct wf_pending *p)
{
	char *m = form_field(p->body, "Matrícula");

	return m ? str_trim(m) : NULL;
}

int
matricula_describe(struct hctx *ctx, const struct wf_matter *m,
    struct buf *out)
{
	struct wf_pending p;
	struct wf_pending_att *pa = NULL;
	size_t n = 0;
	char *mat;
	int r;

	if ((r = store_wf_pending_get(ctx->st, m->entity_id, &p, &pa, &n)) != 1)
		return -1;
	mat = claimed_matricula(&p);
	buf_printf(out, "Matrícula %s reclamada desde %s", mat ? mat : "?",
	    p.email);
	free(mat);
	wf_pending_atts_free(pa, n);
	wf_pending_free(&p);
	return 0;
}

/* APROBAR: the holder loses the matrícula. */
static int
release(struct hctx *ctx, const char *matricula)
{
	struct wf_account a;
	struct wf_student s;
	struct wf_call c;
	int r;

	if ((r = holder(ctx, matricula, &a, &s)) != 1)
		return r;
	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.entity = WF_ALUMNO;
	c.id = a.id;
	c.event = EV_SUSPENDER;
	c.student_id = a.id;
	c.note = matricula;
	r = store_wf_account_set_token(ctx->st, a.id, NULL) != 0 ||
	    wf_fire(&c) != WF_OK ||
	    store_wf_student_release_matricula(ctx->st, a.id) != 0 ? -1 : 0;
	if (r == 0)
		tr_say(ctx, TR_DONE, S_MATRICULA_SUSPENDIMOS_CUENTA_ANULAMOS,
		    "correo=%s matricula=%s", a.email, matricula);
	wf_account_free(&a);
	wf_student_free(&s);
	return r;
}

/* Tell the claimant what was decided. */
static int
tell_claimant(struct hctx *ctx, const struct wf_pending *p,
    const char *matricula, int approve)
{
	struct vars *v = vars_new();
	struct notice n;
	char *subject;
	int rc;

	vars_say(ctx, v, "estado.descripcion", approve ?
	    S_MATRICULA_COORDINACION_CONFIRMO : S_MATRICULA_COORDINACION_REVISO,
	    "matricula=%s", matricula);
	vars_say(ctx, v, "estado.siguiente_paso", approve ?
	    S_MATRICULA_PASO_CONFIRMADA : S_MATRICULA_PASO_RECHAZADA,
	    SAY_NONE);
	subject = say(ctx, S_MATRICULA_ASUNTO_DECISION_SOBRE_MATRICULA,
	    SAY_NONE);
	memset(&n, 0, sizeof(n));
	n.to = p->email;
	n.subject = subject;
	n.v = v;
	rc = notice_send(ctx, &n);
	free(subject);
	vars_free(v);
	return rc;
}

int
matricula_decidir(struct hctx *ctx, const struct wf_matter *m, int approve)
{
	struct wf_pending p;
	struct wf_pending_att *pa = NULL;
	size_t n = 0;
	char *mat = NULL;
	int rc = -1;

	if (store_wf_pending_get(ctx->st, m->entity_id, &p, &pa, &n) != 1)
		return -1;
	if ((mat = claimed_matricula(&p)) == NULL)
		goto out;
	if ((approve && release(ctx, mat) < 0) ||
	    store_wf_pending_mark_used(ctx->st, p.id, ctx->now) != 0 ||
	    tell_claimant(ctx, &p, mat, approve) != 0)
		goto out;
	if (!approve)
		tr_say(ctx, TR_DONE, S_MATRICULA_MATRICULA_SIGUE_CUENTA,
		    "matricula=%s correo=%s", mat, p.email);
	rc = 0;
out:
	free(mat);
	wf_pending_atts_free(pa, n);
	wf_pending_free(&p);
	return rc;
}
