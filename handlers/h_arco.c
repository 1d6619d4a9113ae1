/* SPDX-License-Identifier: ISC */
/*
 * h_arco.c - ARCO rights by mail (LGPDPPSO arts. 43-56 / LFPDPPP, DOF 20
 * March 2025): MIS DATOS (acceso) is answered at once with everything
 * held about the sender, a PDF summary plus the files; RECTIFICAR,
 * CANCELAR MIS DATOS and OPOSICION become matters for the coordinators,
 * each with its legal deadline ([privacy] arco_business_days, 20 business
 * days by default) in PENDIENTES.  CANCELAR MIS DATOS blocks the account
 * at once; its data is purged with the next retention run that reaches it
 * (jobs/purge.c), keeping what the law obliges (issued folios and their
 * hashes).
 *
 * All four change state or disclose personal data, so the command table
 * marks them like any state change: an unverified sender is asked to
 * confirm first (h_confirmar.c), and the answer goes only to the proven
 * address.
 */
#include <stdlib.h>
#include <string.h>

#include "common/caldate.h"
#include "common/log.h"
#include "handlers/commands.h"
#include "handlers/docs.h"
#include "handlers/hutil.h"
#include "handlers/say.h"
#include "handlers/notice.h"
#include "handlers/matters.h"
#include "handlers/privacy.h"
#include "letters/report.h"
#include "store/store_arco.h"
#include "store/store_workflow.h"

#define DAY	86400

/* now plus days business days in the institution's zone (weekends and
   Mexican federal holidays skipped: common/caldate.h), same time of day. */
static int64_t
business_deadline(int64_t now, int days)
{
	struct ymd today = ymd_of(now);

	return ymd_start(ymd_add_business(today, days)) +
	    (now - ymd_start(today));
}

const char *
arco_kind_text(const char *kind)
{
	if (strcmp(kind, "rectificacion") == 0)
		return "rectificación";
	if (strcmp(kind, "cancelacion") == 0)
		return "cancelación";
	if (strcmp(kind, "oposicion") == 0)
		return "oposición";
	return "acceso";
}

static int
record(struct hctx *ctx, const char *kind, const char *detail,
    const char *state, int64_t *id, int64_t *due)
{
	struct arco_request r;

	memset(&r, 0, sizeof(r));
	r.email = ctx->msg->from_addr;
	r.account_id = ctx->account_id;
	r.kind = (char *)kind;
	r.detail = (char *)detail;
	r.state = (char *)state;
	r.created = ctx->now;
	r.due = *due = business_deadline(ctx->now,
	    ctx->cfg->arco_business_days);
	return store_arco_insert(ctx->st, &r, ctx->msg_row, id);
}

/* Record the request and open its matter; the reply says by when. */
static int
open_request(struct hctx *ctx, const char *kind, const char *detail)
{
	struct vars *v = vars_new();
	char code[CODE_LEN + 1], *date = NULL;
	int64_t id, due, matter;
	int rc = -1;

	if (record(ctx, kind, detail, "abierta", &id, &due) != 0 ||
	    matter_open(ctx, MATTER_ARCO, id, v, NULL, 0, &matter, code) != 0)
		goto out;
	date = letters_date_es(due);
	tr_say(ctx, TR_DONE, S_ARCO_REGISTRAMOS_SOLICITUD_DATOS,
	    "derecho=%s solicitud=%lld", arco_kind_text(kind), (long long)id);
	tr_say(ctx, TR_STATE, S_ARCO_COORDINACION_DEBE_RESPONDERLE,
	    "fecha=%s dias_habiles=%d", date, ctx->cfg->arco_business_days);
	log_info("msg %lld: ARCO %s request %lld, due %lld",
	    (long long)ctx->msg_row, kind, (long long)id, (long long)due);
	rc = 0;
out:
	free(date);
	vars_free(v);
	return rc;
}

/* "Campo: valor" lines of the body, one per line, as written. */
static char *
field_lines(const char *body)
{
	struct buf b;
	const char *p = body, *nl;

	buf_init(&b);
	for (; p && *p; p = nl ? nl + 1 : NULL) {
		const char *colon;
		size_t len;

		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		colon = memchr(p, ':', len);
		if (colon == NULL || colon == p || colon - p > 40 ||
		    colon + 1 >= p + len)
			continue;
		buf_add(&b, p, len);
		while (b.len > 0 && (b.data[b.len - 1] == '\r' ||
		    b.data[b.len - 1] == ' '))
			b.data[--b.len] = '\0';
		buf_addc(&b, '\n');
	}
	return buf_steal(&b);
}

int
h_rectificar(struct hctx *ctx)
{
	char *lines = field_lines(ctx->msg->body);
	int rc = 0;

	if (*lines == '\0')
		tr_say(ctx, TR_ERROR, S_ARCO_NO_ENCONTRAMOS_DATO, SAY_NONE);
	else
		rc = open_request(ctx, "rectificacion", lines);
	free(lines);
	return rc;
}

int
h_oposicion(struct hctx *ctx)
{
	char *motivo = hctx_arg_rest(ctx, 0);
	int rc = 0;

	if (*motivo == '\0')
		tr_say(ctx, TR_ERROR, S_ARCO_FALTA_MOTIVO_ESCRIBA, SAY_NONE);
	else
		rc = open_request(ctx, "oposicion", motivo);
	free(motivo);
	return rc;
}

int
h_cancelar_mis_datos(struct hctx *ctx)
{
	if (ctx->account_id != 0 &&
	    store_arco_block(ctx->st, ctx->account_id, ctx->now) != 0)
		return -1;
	if (open_request(ctx, "cancelacion", "") != 0)
		return -1;
	if (ctx->account_id != 0)
		tr_say(ctx, TR_DONE, S_ARCO_BLOQUEAMOS_DATOS_DESDE, SAY_NONE);
	return 0;
}

/* ---- MIS DATOS ---- */

static void
add_row(void *arg, const char *section, const char *item, const char *value)
{
	const char *cells[3] = {section, item, value};

	report_add_row(arg, cells);
}

static int
summary_pdf(struct hctx *ctx, struct buf *pdf)
{
	static const char *const cols[] = {"Sección", "Dato", "Valor"};
	struct report_table *t = report_new("Sus datos personales", cols, 3);
	int rc;

	report_set_subtitle(t, ctx->msg->from_addr);
	rc = store_arco_summary(ctx->st, ctx->msg->from_addr, ctx->account_id,
	    add_row, t);
	if (rc == 0)
		rc = report_pdf(ctx->letters, t, ctx->now, pdf);
	report_free(t);
	return rc;
}

/* One more mail to the sender with the files that did not fit. */
static int
send_part(struct hctx *ctx, struct reply_att *att, size_t n, int part)
{
	struct vars *v = vars_new();
	struct notice no;
	char *subject = say(ctx, S_ARCO_ASUNTO_DATOS_PERSONALES_PARTE,
	    "parte=%d", part);
	int rc;

	vars_say(ctx, v, "estado.descripcion",
	    S_ARCO_CONTINUA_RESPUESTA_SOLICITUD, SAY_NONE);
	memset(&no, 0, sizeof(no));
	no.to = ctx->msg->from_addr;
	no.subject = subject;
	no.v = v;
	no.tok_kind = RTOK_ACCOUNT;
	no.tok_id = ctx->account_id;
	no.att = att;
	no.n_att = n;
	rc = notice_send(ctx, &no);
	vars_free(v);
	free(subject);
	return rc;
}

/* The sender's documents, opened, in as many mails as the size asks. */
static int
attach_documents(struct hctx *ctx, size_t used, int *parts)
{
	/* Raw bytes per mail: base64 grows them by a third. */
	size_t budget = (size_t)ctx->cfg->max_message_bytes / 4 * 3;
	struct reply_att *extra = NULL;
	size_t n_extra = 0, extra_bytes = 0, n;
	int64_t *ids;
	int rc = 0;

	*parts = 1;
	if (ctx->account_id == 0)
		return 0;
	if (store_arco_documents(ctx->st, ctx->account_id, &ids, &n) != 0)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct reply_att a;
		int r = docs_attachment(ctx, ids[i], 1, &a);

		if (r < 0) {
			rc = -1;
			break;
		}
		if (r > 0)
			continue;
		if (used + a.data.len <= budget) {
			reply_attach(&ctx->reply, a.filename, a.content_type,
			    a.data.data, a.data.len);
			used += a.data.len;
			reply_att_clear(&a);
			continue;
		}
		if (n_extra > 0 && extra_bytes + a.data.len > budget) {
			rc = send_part(ctx, extra, n_extra, ++*parts);
			reply_atts_free(extra, n_extra);
			extra = NULL;
			n_extra = extra_bytes = 0;
		}
		extra = xrealloc(extra, (n_extra + 1) * sizeof(*extra));
		extra[n_extra++] = a;
		extra_bytes += a.data.len;
	}
	if (rc == 0 && n_extra > 0)
		rc = send_part(ctx, extra, n_extra, ++*parts);
	reply_atts_free(extra, n_extra);
	free(ids);
	return rc;
}

int
h_mis_datos(struct hctx *ctx)
{
	struct buf pdf;
	int64_t id, due;
	int parts;

	buf_init(&pdf);
	if (record(ctx, "acceso", "", "respondida", &id, &due) != 0 ||
	    summary_pdf(ctx, &pdf) != 0) {
		buf_free(&pdf);
		return -1;
	}
	reply_attach(&ctx->reply, "mis-datos.pdf", "application/pdf",
	    pdf.data, pdf.len);
	if (attach_documents(ctx, pdf.len, &parts) != 0) {
		buf_free(&pdf);
		return -1;
	}
	buf_free(&pdf);
	if (privacy_disclosed(ctx, ctx->msg->from_addr, ctx->account_id,
	    "respuesta de acceso (ARCO, MIS DATOS)") != 0)
		return -1;
	tr_say(ctx, TR_DONE, S_ARCO_LE_ENVIAMOS_TODO, SAY_NONE);
	if (parts > 1)
		tr_say(ctx, TR_DONE, S_ARCO_TAMANO_DOCUMENTOS_VAN, "mas=%d",
		    parts - 1);
	tr_say(ctx, TR_NEXT, S_ARCO_SI_ALGUN_DATO, SAY_NONE);
	log_info("msg %lld: ARCO acceso %lld answered in %d mail(s)",
	    (long long)ctx->msg_row, (long long)id, parts);
	return 0;
}

/* ---- the coordinators' side ---- */

int
arco_describe(struct hctx *ctx, const struct wf_matter *m, struct buf *out)
{
	struct arco_request r;
	char *date;

	if (store_arco_get(ctx->st, m->entity_id, &r) != 1)
		return -1;
	date = letters_date_es(r.due);
	buf_printf(out, "Derecho ARCO: %s de datos de %s (plazo legal: %s)",
	    arco_kind_text(r.kind), r.email, date);
	if (*r.detail) {
		buf_adds(out, ": ");
		for (const char *p = r.detail; *p; p++)
			buf_addc(out, *p == '\n' ? (p[1] ? ';' : ' ') : *p);
	}
	free(date);
	arco_request_free(&r);
	return 0;
}

/* The one datum tequio can correct by itself: the account's name.  The
   rest (matrícula, RFC...) the coordinator changes knowingly. */
static int
apply_rectification(struct hctx *ctx, const struct arco_request *r)
{
	char *name = form_field(r->detail, "Nombre");
	int rc = 0;

	if (name != NULL && *name != '\0' && r->account_id != 0) {
		rc = store_wf_account_set_name(ctx->st, r->account_id, name);
		if (rc == 0)
			log_info("msg %lld: ARCO %lld: account %lld renamed",
			    (long long)ctx->msg_row, (long long)r->id,
			    (long long)r->account_id);
	}
	free(name);
	return rc;
}

int
arco_decidir(struct hctx *ctx, const struct wf_matter *m, int approve)
{
	struct arco_request r;
	struct vars *v;
	struct notice no;
	char *subject;
	int rc;

	if (store_arco_get(ctx->st, m->entity_id, &r) != 1)
		return -1;
	rc = store_arco_set_state(ctx->st, r.id, approve ? "atendida" :
	    "negada");
	if (rc == 0 && approve && strcmp(r.kind, "rectificacion") == 0)
		rc = apply_rectification(ctx, &r);
	v = vars_new();
	vars_say(ctx, v, "estado.descripcion", approve ?
	    S_ARCO_COORDINACION_ATENDIO : S_ARCO_COORDINACION_NEGO,
	    "derecho=%s solicitud=%lld", arco_kind_text(r.kind),
	    (long long)r.id);
	if (!approve)
		vars_say(ctx, v, "estado.siguiente_paso", S_ARCO_SI_NO_ESTA,
		    SAY_NONE);
	memset(&no, 0, sizeof(no));
	no.to = r.email;
	no.subject = subject = say(ctx, S_ARCO_ASUNTO_DECISION, SAY_NONE);
	no.v = v;
	no.tok_kind = RTOK_ACCOUNT;
	no.tok_id = r.account_id;
	if (rc == 0)
		rc = notice_send(ctx, &no);
	free(subject);
	vars_free(v);
	arco_request_free(&r);
	return rc;
}
