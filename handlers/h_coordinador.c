/* SPDX-License-Identifier: ISC */
/*
 * h_coordinador.c - the coordinator's decisions: APROBAR and RECHAZAR a
 * matter by its code (or by replying to its notice), PENDIENTES, and
 * FINALIZAR.  A decision is one transition of the matter (workflow.c),
 * whose effect is the decided entity's own transition: the convenio, the
 * carta de presentación, a report or a baja.
 */
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "handlers/caps.h"
#include "handlers/commands.h"
#include "handlers/effects.h"
#include "handlers/hutil.h"
#include "handlers/say.h"
#include "handlers/matters.h"
#include "handlers/workflow.h"
#include "store/store_catalogue.h"
#include "store/store_pause.h"

/* A program's matter moves the program, of its agency. */
static int
matter_target_program(struct wf_call *c, int64_t program_id)
{
	struct wf_program p;

	if (store_wf_program_get(c->ctx->st, program_id, &p) != 1)
		return -1;
	c->program_id = p.id;
	c->agency_id = p.agency_id;
	wf_program_free(&p);
	return 0;
}

/* An edit's matter moves its program, with the cupo it proposes. */
static int
matter_target_edit(struct wf_call *c, int64_t edit_id)
{
	struct program_edit e;
	int64_t program_id;

	if (store_program_edit_get(c->ctx->st, edit_id, &e) != 1)
		return -1;
	c->vacantes = e.vacantes;
	program_id = e.program_id;
	program_edit_free(&e);
	return matter_target_program(c, program_id);
}

/*
 * What the decision of matter m moves (workflow.c's WF_ASUNTO rows pick
 * their cascade by c->matter_kind): the call names that row.  A baja
 * names the application with its student, whom the baja frees.
 * Returns 0, -1.
 */
static int
matter_target(struct wf_call *c, const struct wf_matter *m)
{
	struct wf_application a;
	struct wf_pause p;
	int64_t app_id = 0;

	c->matter_kind = m->kind;
	c->matter_id = m->id;
	if (strcmp(m->kind, MATTER_CONVENIO) == 0)
		c->agency_id = m->entity_id;
	else if (strcmp(m->kind, MATTER_PRESENTACION) == 0)
		c->student_id = m->entity_id;
	else if (strcmp(m->kind, MATTER_PROGRAMA) == 0)
		return matter_target_program(c, m->entity_id);
	else if (strcmp(m->kind, MATTER_PROGRAMA_EDICION) == 0)
		return matter_target_edit(c, m->entity_id);
	else if (strcmp(m->kind, MATTER_REPORTE) == 0)
		c->report_id = m->entity_id;
	else if (strcmp(m->kind, MATTER_BAJA) == 0 ||
	    matter_is_exception(m->kind))
		app_id = m->entity_id;
	else if (strcmp(m->kind, MATTER_PAUSA) == 0) {
		if (store_wf_pause_get(c->ctx->st, m->entity_id, &p) != 1)
			return -1;
		c->pause_id = p.id;
		app_id = p.application_id;
		wf_pause_free(&p);
	}
	if (app_id != 0) {
		if (store_wf_application_get(c->ctx->st, app_id, &a) != 1)
			return -1;
		c->application_id = a.id;
		c->student_id = a.student_id;
		c->agency_id = a.agency_id;
		c->program_id = a.program_id;
		wf_application_free(&a);
	}
	return 0;
}

/* 1 when report matter m may be approved (validated, or waited for),
   0 refused (explained), -1. */
static int
validation_done(struct hctx *ctx, const struct wf_matter *m)
{
	struct buf why;
	int r;

	buf_init(&why);
	r = report_validated(ctx, m->entity_id, &why);
	if (r == 0)
		tr_say(ctx, TR_ERROR, S_COORDINADOR_REPORTE_NO_AHORA,
		    "motivo=%s", why.data);
	buf_free(&why);
	return r;
}

/* The matter's own side of a decision; what it is about follows by the
   row's cascade.  A matrícula or an ARCO request has no state: they are
   answered here. */
enum wf_verdict
fx_asunto_decidir(struct wf_call *c)
{
	struct hctx *ctx = c->ctx;
	struct wf_matter m;
	int approve = c->event == EV_APROBAR, rc = -1;

	if (store_wf_matter_get(ctx->st, c->id, &m) != 1)
		return WF_ERROR;
	/* The row (and so what the decision moves) was chosen by
	   c->matter_kind: a call that names another kind, or none, took a
	   row that moves nothing, and must not spend the code. */
	if (c->matter_kind == NULL || strcmp(c->matter_kind, m.kind) != 0) {
		log_err("matter %lld (%s) decided as \"%s\"", (long long)m.id,
		    m.kind, c->matter_kind ? c->matter_kind : "");
		goto out;
	}
	/* A report waits for the agency's VALIDAR ([calendar]
	   validation_days); a refusal changes nothing. */
	if (approve && strcmp(m.kind, MATTER_REPORTE) == 0 &&
	    (rc = validation_done(ctx, &m)) != 1) {
		wf_matter_free(&m);
		return rc < 0 ? WF_ERROR : WF_REFUSED;
	}
	rc = -1;
	if (store_wf_matter_decide(ctx->st, m.id, c->next, hctx_actor(ctx),
	    c->motivo, ctx->now) != 0)
		goto out;
	if (strcmp(m.kind, MATTER_MATRICULA) == 0)
		rc = matricula_decidir(ctx, &m, approve);
	else if (strcmp(m.kind, MATTER_ARCO) == 0)
		rc = arco_decidir(ctx, &m, approve);
	else if (matter_is_exception(m.kind)) {
		enum wf_verdict v = approve ? excepcion_aprobada(c, &m) :
		    excepcion_rechazada(ctx, &m, c->motivo) == 0 ? WF_OK :
		    WF_ERROR;

		wf_matter_free(&m);
		return v;
	}
	else if (strcmp(m.kind, MATTER_CONVENIO) == 0 ||
	    strcmp(m.kind, MATTER_PRESENTACION) == 0 ||
	    strcmp(m.kind, MATTER_REPORTE) == 0 ||
	    strcmp(m.kind, MATTER_BAJA) == 0 ||
	    strcmp(m.kind, MATTER_PAUSA) == 0 ||
	    strcmp(m.kind, MATTER_PROGRAMA) == 0 ||
	    strcmp(m.kind, MATTER_PROGRAMA_EDICION) == 0)
		rc = 0;
	else
		log_err("matter %lld: unknown kind %s", (long long)m.id,
		    m.kind);
out:
	wf_matter_free(&m);
	return rc == 0 ? WF_OK : WF_ERROR;
}

/* A wrong code typed: counted, so codes cannot be guessed (caps.h). */
static int
wrong_code(struct hctx *ctx)
{
	return caps_count(ctx, "wrong_code", 1, CAP_WRONG_CODES) < 0 ? -1 : 0;
}

/*
 * A code typed in a reply must be the code of the matter replied to:
 * the notice's token authorises that one decision (dispatch.c), and a
 * coordinator who pastes the wrong code decides nothing by mistake.
 * Returns 1 when m may be decided, 0 refused (explained), -1.
 */
static int
code_matches_reply(struct hctx *ctx, const struct wf_matter *m)
{
	struct wf_matter replied;
	struct buf a, b;
	int r;

	if (ctx->token_kind != RTOK_MATTER || (int64_t)ctx->token_id == m->id)
		return 1;
	memset(&replied, 0, sizeof(replied));
	if ((r = store_wf_matter_get(ctx->st, ctx->token_id, &replied)) < 0)
		return -1;
	buf_init(&a);
	buf_init(&b);
	if (matter_describe(ctx, m, &a) != 0 || (r == 1 &&
	    matter_describe(ctx, &replied, &b) != 0)) {
		r = -1;
		goto out;
	}
	tr_say(ctx, TR_ERROR, S_COORDINADOR_CODIGO_DE_OTRO_ASUNTO,
	    "asunto=%s respondido=%s", a.data, r == 1 ? b.data : "");
	r = 0;
out:
	if (r >= 0 && wrong_code(ctx) != 0)
		r = -1;
	buf_free(&a);
	buf_free(&b);
	wf_matter_free(&replied);
	return r;
}

/* The matter of a typed code: 1 found, 0 refused (explained), -1. */
static int
matter_by_code(struct hctx *ctx, const char *code, struct wf_matter *m)
{
	char mac[MAC_HEX];
	int r;

	if ((r = caps_count(ctx, "wrong_code", 0, CAP_WRONG_CODES - 1)) != 0) {
		if (r < 0)
			return -1;
		tr_say(ctx, TR_ERROR, S_COORDINADOR_HOY_ESCRIBIERON_DESDE,
		    SAY_NONE);
		return 0;
	}
	code_mac(ctx->code_key, code, mac);
	if ((r = store_wf_matter_by_code(ctx->st, mac, m)) <= 0) {
		if (r == 0)
			tr_say(ctx, TR_ERROR, S_COORDINADOR_NO_HAY_NINGUN,
			    "codigo=%s", code);
		return r < 0 || wrong_code(ctx) != 0 ? -1 : 0;
	}
	return code_matches_reply(ctx, m);
}

/*
 * In a reply whose first line is the verb: a word after it that is the
 * code of an existing matter must be the code of the matter replied to
 * (then it is not part of the reason: *words = 1).  1 go on, 0 refused,
 * -1 on error.
 */
static int
typed_code_in_reply(struct hctx *ctx, const char *code, int *words)
{
	struct wf_matter other;
	char mac[MAC_HEX];
	int r;

	memset(&other, 0, sizeof(other));
	code_mac(ctx->code_key, code, mac);
	if ((r = store_wf_matter_by_code(ctx->st, mac, &other)) <= 0)
		return r < 0 ? -1 : 1;
	r = code_matches_reply(ctx, &other);
	if (r == 1)
		*words = 1;
	wf_matter_free(&other);
	return r;
}

/*
 * The matter the message decides: by the code among the arguments, or by
 * the reply token of its notice.  *words is how many argument words the
 * code took.  Returns 1 found, 0 refused (explained), -1 on error.
 */
static int
find_matter(struct hctx *ctx, struct wf_matter *m, int *words)
{
	char *first = hctx_arg_word(ctx, 0), code[CODE_LEN + 1];
	int r, rc = 0;

	*words = 0;
	memset(m, 0, sizeof(*m));
	/* A verb on the first line of a reply to a notice: the notice's
	   token names the matter and the words after the verb are the
	   reason, even one that looks like a code ("ACTUAR"), unless it is
	   the code of a matter: then it must be this one. */
	if (ctx->cl->from_body && ctx->token_kind == RTOK_MATTER) {
		if (first != NULL && code_normalize(first, code) &&
		    (r = typed_code_in_reply(ctx, code, words)) != 1) {
			free(first);
			return r;
		}
		free(first);
		first = NULL;
	}
	if (first != NULL && code_normalize(first, code)) {
		*words = 1;
		rc = matter_by_code(ctx, code, m);
	} else if (ctx->token_kind == RTOK_MATTER) {
		if ((r = store_wf_matter_get(ctx->st, ctx->token_id, m)) < 0)
			rc = -1;
		else if (r == 0)
			tr_say(ctx, TR_ERROR, S_COORDINADOR_ASUNTO_RESPONDE_NO,
			    SAY_NONE);
		else
			rc = 1;
	} else if (first != NULL && !ctx->cl->from_body) {
		tr_say(ctx, TR_ERROR, S_COORDINADOR_NO_CODIGO_ASUNTO,
		    "codigo=%s", first);
	} else {
		tr_say(ctx, TR_ERROR, S_COORDINADOR_FALTA_CODIGO_ASUNTO,
		    SAY_NONE);
	}
	if (rc == 0)
		tr_say(ctx, TR_NEXT, S_COORDINADOR_ESCRIBA_PENDIENTES_VER,
		    SAY_NONE);
	if (rc != 1)
		wf_matter_free(m);
	free(first);
	return rc;
}

/* An expired code gets a fresh one, shown only to this coordinator. */
static int
code_expired(struct hctx *ctx, struct wf_matter *m, int by_code)
{
	char code[CODE_LEN + 1], *date;

	if (!by_code || !wf_state_is(m->state, ST_ASUNTO_ABIERTO) ||
	    ctx->now < m->expires)
		return 0;
	date = letters_date_es(m->expires);
	matter_code(ctx, m, code);
	tr_say(ctx, TR_ERROR, S_COORDINADOR_CODIGO_VENCIO,
	    "codigo=%s fecha=%s", code, date);
	free(date);
	if (matter_renew(ctx, m, code) != 0)
		return -1;
	tr_say(ctx, TR_NEXT, S_COORDINADOR_ASUNTO_SIGUE_PENDIENTE, "codigo=%s",
	    code);
	return 1;
}

int
matter_decide(struct hctx *ctx, const struct wf_matter *m, int approve,
    const char *motivo)
{
	struct wf_call c;
	struct buf what;
	int r = WF_ERROR;

	buf_init(&what);
	if (matter_describe(ctx, m, &what) != 0)
		goto out;
	tr_say(ctx, TR_STATE, S_COORDINADOR_ASUNTO, "descripcion=%s",
	    what.data);
	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.entity = WF_ASUNTO;
	c.id = m->id;
	c.event = approve ? EV_APROBAR : EV_RECHAZAR_ASUNTO;
	c.motivo = motivo;
	c.note = m->kind;
	if (matter_target(&c, m) == 0)
		r = wf_fire(&c);
out:
	buf_free(&what);
	return r;
}

static int
decide(struct hctx *ctx, int approve)
{
	struct wf_matter m;
	char *motivo = NULL;
	int words, r, rc = -1;

	if ((r = find_matter(ctx, &m, &words)) <= 0)
		return r;
	if ((r = code_expired(ctx, &m, words > 0)) != 0) {
		rc = r < 0 ? -1 : 0;
		goto out;
	}
	motivo = hctx_arg_rest(ctx, words);
	if (!approve && *motivo == '\0') {
		tr_say(ctx, TR_ERROR, S_COORDINADOR_FALTA_MOTIVO_RECHAZO,
		    SAY_NONE);
		rc = 0;
		goto out;
	}
	if ((r = matter_decide(ctx, &m, approve, motivo)) < 0)
		goto out;
	if (r == WF_OK)
		tr_say(ctx, TR_NEXT, S_COORDINADOR_ESCRIBA_PENDIENTES_VER_2,
		    SAY_NONE);
	rc = 0;
out:
	free(motivo);
	wf_matter_free(&m);
	return rc;
}

int
h_aprobar(struct hctx *ctx)
{
	return decide(ctx, 1);
}

int
h_rechazar_codigo(struct hctx *ctx)
{
	return decide(ctx, 0);
}

int
h_pendientes(struct hctx *ctx)
{
	struct wf_matter *m = NULL;
	size_t n = 0;
	int rc = -1;

	if (store_wf_matter_list_open(ctx->st, &m, &n) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct vars *item = vars_list_add(tr_vars(ctx), "pendientes");
		char code[CODE_LEN + 1], *date;
		struct buf what;

		if (matter_live_code(ctx, &m[i], code) != 0)
			goto out;
		buf_init(&what);
		if (matter_describe(ctx, &m[i], &what) != 0) {
			buf_free(&what);
			goto out;
		}
		date = letters_date_es(m[i].created);
		vars_set(item, "codigo", code);
		vars_set(item, "descripcion", what.data);
		vars_set(item, "fecha", date);
		free(date);
		buf_free(&what);
	}
	if (n == 0) {
		tr_say(ctx, TR_STATE, S_COORDINADOR_NO_HAY_ASUNTOS, SAY_NONE);
	} else {
		tr_say(ctx, TR_STATE, n == 1 ? S_COORDINADOR_HAY_PENDIENTES :
		    S_COORDINADOR_HAY_PENDIENTES_VARIOS, "n=%zu", n);
		tr_say(ctx, TR_NEXT, S_COORDINADOR_ESCRIBA_APROBAR_CODIGO,
		    SAY_NONE);
	}
	rc = 0;
out:
	wf_matters_free(m, n);
	return rc;
}

int
h_finalizar(struct hctx *ctx)
{
	struct wf_application a;
	struct wf_call c;
	int r;

	if ((r = hctx_student_application_by_arg(ctx, &a)) <= 0)
		return r;
	wf_call_application(&c, ctx, &a, EV_FINALIZAR);
	r = wf_fire(&c);
	wf_application_free(&a);
	return r < 0 ? -1 : 0;
}
