/* SPDX-License-Identifier: ISC */
/*
 * matters.c - opening, describing and re-coding the matters that wait for
 * a coordinator (matters.h).
 */
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "handlers/effects.h"
#include "handlers/hutil.h"
#include "handlers/say.h"
#include "handlers/notice.h"
#include "handlers/matters.h"
#include "handlers/workflow.h"
#include "store/store_catalogue.h"
#include "store/store_pause.h"

#define DAY	86400

int
matter_is_exception(const char *kind)
{
	return strcmp(kind, MATTER_EXCEPCION_LIBERAR) == 0 ||
	    strcmp(kind, MATTER_EXCEPCION_FINALIZAR) == 0;
}

/* Words for a Subject that are no command code (classify.c looks for
   codes anywhere in a Subject, and a reply keeps ours). */
static enum sentence
matter_subject_word(const char *kind)
{
	if (strcmp(kind, MATTER_CONVENIO) == 0)
		return S_ASUNTOS_TIPO_CONVENIO;
	if (strcmp(kind, MATTER_PRESENTACION) == 0)
		return S_ASUNTOS_TIPO_PRESENTACION;
	if (strcmp(kind, MATTER_REPORTE) == 0)
		return S_ASUNTOS_TIPO_REPORTE;
	if (strcmp(kind, MATTER_BAJA) == 0)
		return S_ASUNTOS_TIPO_BAJA;
	if (strcmp(kind, MATTER_MATRICULA) == 0)
		return S_ASUNTOS_TIPO_MATRICULA;
	if (strcmp(kind, MATTER_ARCO) == 0)
		return S_ASUNTOS_TIPO_ARCO;
	if (strcmp(kind, MATTER_PAUSA) == 0)
		return S_ASUNTOS_TIPO_PAUSA;
	if (strcmp(kind, MATTER_PROGRAMA) == 0)
		return S_ASUNTOS_TIPO_PROGRAMA;
	if (strcmp(kind, MATTER_PROGRAMA_EDICION) == 0)
		return S_ASUNTOS_TIPO_PROGRAMA_EDICION;
	if (matter_is_exception(kind))
		return S_ASUNTOS_TIPO_EXCEPCION;
	return S_ASUNTOS_TIPO_OTRO;
}

void
matter_code(const struct hctx *ctx, const struct wf_matter *m,
    char code[CODE_LEN + 1])
{
	code_derive(ctx->code_key, m->id, m->nonce, code);
}

/* A fresh nonce, code and expiry for matter id (its old code dies). */
static int
set_code(struct hctx *ctx, int64_t id, char nonce[NONCE_HEX],
    char code[CODE_LEN + 1], int64_t *expires)
{
	char mac[MAC_HEX];

	code_nonce_new(nonce);
	code_derive(ctx->code_key, id, nonce, code);
	code_mac(ctx->code_key, code, mac);
	*expires = ctx->now + (int64_t)ctx->cfg->token_ttl_days * DAY;
	return store_wf_matter_set_code(ctx->st, id, nonce, mac, *expires);
}

int
matter_renew(struct hctx *ctx, struct wf_matter *m, char code[CODE_LEN + 1])
{
	char nonce[NONCE_HEX];

	if (set_code(ctx, m->id, nonce, code, &m->expires) != 0)
		return -1;
	free(m->nonce);
	m->nonce = xstrdup(nonce);
	return 0;
}

int
matter_live_code(struct hctx *ctx, struct wf_matter *m,
    char code[CODE_LEN + 1])
{
	if (ctx->now >= m->expires)
		return matter_renew(ctx, m, code);
	matter_code(ctx, m, code);
	return 0;
}

static int
describe_student(struct hctx *ctx, int64_t id, struct buf *out)
{
	struct wf_account a;
	struct wf_student s;
	int r;

	if ((r = store_wf_account_by_id(ctx->st, id, &a)) != 1)
		return -1;
	if ((r = store_wf_student_get(ctx->st, id, &s)) < 0) {
		wf_account_free(&a);
		return -1;
	}
	buf_printf(out, "%s (matrícula %s, %s)", a.name, r ? s.matricula :
	    "?", r ? s.carrera : "?");
	wf_account_free(&a);
	wf_student_free(&s);
	return 0;
}

static int
describe_agency(struct hctx *ctx, int64_t id, struct buf *out)
{
	struct wf_account a;
	struct wf_agency g;
	int r;

	if (store_wf_account_by_id(ctx->st, id, &a) != 1)
		return -1;
	if ((r = store_wf_agency_get(ctx->st, id, &g)) < 0) {
		wf_account_free(&a);
		return -1;
	}
	buf_printf(out, "%s (RFC %s)", a.name, r ? g.rfc : "?");
	wf_account_free(&a);
	wf_agency_free(&g);
	return 0;
}

static int
describe_application(struct hctx *ctx, int64_t id, struct buf *out)
{
	struct wf_application a;
	struct wf_account g;
	int rc = -1;

	if (store_wf_application_get(ctx->st, id, &a) != 1)
		return -1;
	if (describe_student(ctx, a.student_id, out) != 0)
		goto out;
	if (store_wf_account_by_id(ctx->st, a.agency_id, &g) != 1)
		goto out;
	buf_printf(out, " en %s", g.name);
	if (*a.motivo)
		buf_printf(out, "; motivo: %s", a.motivo);
	wf_account_free(&g);
	rc = 0;
out:
	wf_application_free(&a);
	return rc;
}

static int
describe_pause(struct hctx *ctx, int64_t id, struct buf *out)
{
	struct wf_pause p;
	int rc;

	if (store_wf_pause_get(ctx->st, id, &p) != 1)
		return -1;
	buf_adds(out, "Pausa del servicio de ");
	rc = describe_application(ctx, p.application_id, out);
	if (rc == 0)
		buf_printf(out, "; motivo de la pausa: %s", p.motivo);
	wf_pause_free(&p);
	return rc;
}

static int
describe_program(struct hctx *ctx, int64_t id, struct buf *out)
{
	struct wf_program p;

	if (store_wf_program_get(ctx->st, id, &p) != 1)
		return -1;
	buf_printf(out, "Programa %lld, «%s», de %s", (long long)p.id, p.name,
	    p.agency_name);
	wf_program_free(&p);
	return 0;
}

static int
describe_edit(struct hctx *ctx, int64_t id, struct buf *out)
{
	struct program_edit e;
	struct wf_program p;
	int rc = -1;

	if (store_program_edit_get(ctx->st, id, &e) != 1)
		return -1;
	if (store_wf_program_get(ctx->st, e.program_id, &p) == 1) {
		buf_printf(out, "Cambios al programa %lld, «%s», de %s: %s",
		    (long long)p.id, p.name, p.agency_name, e.cambios);
		wf_program_free(&p);
		rc = 0;
	}
	program_edit_free(&e);
	return rc;
}

int
matter_describe(struct hctx *ctx, const struct wf_matter *m, struct buf *out)
{
	struct wf_report r;
	struct wf_application a;
	int rc;

	if (strcmp(m->kind, MATTER_CONVENIO) == 0) {
		buf_adds(out, "Convenio con ");
		return describe_agency(ctx, m->entity_id, out);
	}
	if (strcmp(m->kind, MATTER_PRESENTACION) == 0) {
		buf_adds(out, "Carta de presentación y constancia de ");
		return describe_student(ctx, m->entity_id, out);
	}
	if (strcmp(m->kind, MATTER_BAJA) == 0) {
		buf_adds(out, "Baja de ");
		return describe_application(ctx, m->entity_id, out);
	}
	if (strcmp(m->kind, MATTER_MATRICULA) == 0)
		return matricula_describe(ctx, m, out);
	if (matter_is_exception(m->kind)) {
		buf_adds(out, "Fin de servicio fuera del plazo máximo: ");
		return describe_application(ctx, m->entity_id, out);
	}
	if (strcmp(m->kind, MATTER_PAUSA) == 0)
		return describe_pause(ctx, m->entity_id, out);
	if (strcmp(m->kind, MATTER_PROGRAMA) == 0)
		return describe_program(ctx, m->entity_id, out);
	if (strcmp(m->kind, MATTER_PROGRAMA_EDICION) == 0)
		return describe_edit(ctx, m->entity_id, out);
	if (strcmp(m->kind, MATTER_ARCO) == 0)
		return arco_describe(ctx, m, out);
	if (strcmp(m->kind, MATTER_REPORTE) != 0)
		return -1;
	if (store_wf_report_by_id(ctx->st, m->entity_id, &r) != 1)
		return -1;
	rc = store_wf_application_get(ctx->st, r.application_id, &a) == 1 ?
	    0 : -1;
	if (rc == 0) {
		buf_printf(out, "Reporte de %d horas de ", r.hours);
		rc = describe_student(ctx, a.student_id, out);
		wf_application_free(&a);
	}
	wf_report_free(&r);
	return rc;
}

/* What EV_ABRIR creates, and the code it comes back with. */
struct matter_new {
	const char *kind;
	int64_t entity_id;
	char *code;		/* CODE_LEN + 1 */
	int64_t expires;
};

enum wf_verdict
fx_asunto_abrir(struct wf_call *c)
{
	struct matter_new *mn = c->data;
	char nonce[NONCE_HEX];

	if (store_wf_matter_insert(c->ctx->st, mn->kind, mn->entity_id,
	    c->ctx->now, c->ctx->now, &c->id) != 0 ||
	    set_code(c->ctx, c->id, nonce, mn->code, &mn->expires) != 0)
		return WF_ERROR;
	c->matter_id = c->id;
	return WF_OK;
}

/* The matter, with its code, through the table (EV_ABRIR). */
static int
open_row(struct hctx *ctx, struct matter_new *mn, int64_t *id)
{
	struct wf_call c;

	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.entity = WF_ASUNTO;
	c.event = EV_ABRIR;
	c.note = mn->kind;
	c.data = mn;
	if (wf_fire(&c) != WF_OK)
		return -1;
	*id = c.id;
	return 0;
}

int
matter_open(struct hctx *ctx, const char *kind, int64_t entity_id,
    struct vars *v, const struct reply_att *att, size_t n_att, int64_t *id,
    char code[CODE_LEN + 1])
{
	struct matter_new mn = {kind, entity_id, code, 0};
	struct wf_matter m;
	struct notice n;
	struct buf what;
	int64_t expires;
	char *subject = NULL, *date = NULL, *about = NULL;
	int rc = -1;

	buf_init(&what);
	memset(&m, 0, sizeof(m));
	if (open_row(ctx, &mn, id) != 0)
		goto out;
	expires = mn.expires;
	m.id = *id;
	m.kind = (char *)kind;
	m.entity_id = entity_id;
	if (matter_describe(ctx, &m, &what) != 0)
		goto out;
	vars_set(v, "codigo", code);
	if (vars_get(v, "estado.descripcion") == NULL)
		vars_set(v, "estado.descripcion", what.data);
	date = letters_date_es(expires);
	vars_say(ctx, v, "estado.siguiente_paso",
	    S_ASUNTOS_DECIDIR_RESPONDA_ESTE, "codigo=%s fecha=%s", code, date);
	about = say(ctx, matter_subject_word(kind), SAY_NONE);
	subject = say(ctx, S_ASUNTOS_ASUNTO_DECISION_PENDIENTE,
	    "codigo=%s tipo=%s", code, about);
	memset(&n, 0, sizeof(n));
	n.subject = subject;
	n.v = v;
	n.tok_kind = RTOK_MATTER;
	n.tok_id = *id;
	n.att = att;
	n.n_att = n_att;
	if (notice_coordinators(ctx, &n) != 0)
		goto out;
	log_info("msg %lld: matter %lld (%s) opened for the coordinators",
	    (long long)ctx->msg_row, (long long)*id, kind);
	rc = 0;
out:
	free(date);
	free(about);
	free(subject);
	buf_free(&what);
	return rc;
}
