/* SPDX-License-Identifier: ISC */
/*
 * hutil.c - the transcript a reply is made of, reply tokens in addresses
 * and subjects, and the small helpers every handler uses.  See hutil.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "handlers/hutil.h"
#include "handlers/say.h"
#include "common/cleantext.h"
#include "common/log.h"
#include "handlers/caps.h"
#include "store/store_workflow.h"

/* ---- the transcript ---- */

struct vars *
tr_vars(struct hctx *ctx)
{
	if (ctx->tr == NULL)
		ctx->tr = vars_new();
	return ctx->tr;
}

static void
tr_list_add(struct hctx *ctx, const char *list, const char *fmt, va_list ap)
{
	struct buf b;
	struct vars *item;

	buf_init(&b);
	buf_vprintf(&b, fmt, ap);
	item = vars_list_add(tr_vars(ctx), list);
	vars_set(item, "descripcion", b.data);
	buf_free(&b);
}

void
tr_done(struct hctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tr_list_add(ctx, "avisos", fmt, ap);
	va_end(ap);
}

void
tr_error(struct hctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tr_list_add(ctx, "errores", fmt, ap);
	va_end(ap);
}

void
tr_missing(struct hctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tr_list_add(ctx, "faltantes", fmt, ap);
	va_end(ap);
}

static void
tr_set(struct hctx *ctx, const char *key, const char *fmt, va_list ap)
{
	struct buf b;

	buf_init(&b);
	buf_vprintf(&b, fmt, ap);
	vars_set(tr_vars(ctx), key, b.data);
	buf_free(&b);
}

void
tr_state(struct hctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tr_set(ctx, "estado.descripcion", fmt, ap);
	va_end(ap);
}

void
tr_next(struct hctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tr_set(ctx, "estado.siguiente_paso", fmt, ap);
	va_end(ap);
}

void
tr_document(struct hctx *ctx, const char *name, const char *state,
    const char *file, const char *type)
{
	struct vars *item = vars_list_add(tr_vars(ctx), "documentos");

	vars_set(item, "nombre", name);
	vars_set(item, "estado", state);
	vars_set(item, "archivo", file ? file : "");
	vars_set(item, "tipo", type ? type : "");
}

void
tr_say(struct hctx *ctx, enum tr_part part, enum sentence s,
    const char *args, ...)
{
	static const char *const list[] = {"avisos", "errores", "faltantes"};
	va_list ap;
	char *text;

	va_start(ap, args);
	text = say_va(ctx, s, args, ap);
	va_end(ap);
	if (part == TR_STATE || part == TR_NEXT)
		vars_set(tr_vars(ctx), part == TR_STATE ?
		    "estado.descripcion" : "estado.siguiente_paso", text);
	else
		vars_set(vars_list_add(tr_vars(ctx), list[part]),
		    "descripcion", text);
	free(text);
}

void
tr_document_said(struct hctx *ctx, const char *name, enum sentence state,
    const char *file, const char *type)
{
	char *text = say(ctx, state, SAY_NONE);

	tr_document(ctx, name, text, file, type);
	free(text);
}

int
tr_refused(struct hctx *ctx)
{
	struct vars *const *items;

	return ctx->tr != NULL &&
	    vars_list_items(ctx->tr, "errores", &items) > 0;
}

/* The plain layout used when no template can be rendered. */
static void
tr_plain_list(struct buf *out, const struct vars *v, const char *list,
    const char *title, const char *field)
{
	struct vars *const *items;
	size_t n = vars_list_items(v, list, &items);

	if (n == 0)
		return;
	buf_printf(out, "\n%s\n", title);
	for (size_t i = 0; i < n; i++) {
		const char *s = vars_get(items[i], field);

		buf_printf(out, "- %s\n", s ? s : "");
	}
}

void
tr_plain(const struct vars *v, struct buf *out)
{
	const char *s;

	if ((s = vars_get(v, "comando")) != NULL && *s)
		buf_printf(out, "Recibimos su mensaje con el comando %s.\n", s);
	if ((s = vars_get(v, "estado.descripcion")) != NULL && *s)
		buf_printf(out, "\n%s\n", s);
	tr_plain_list(out, v, "avisos", "Lo que hicimos:", "descripcion");
	tr_plain_list(out, v, "errores",
	    "No hicimos ningún cambio, por lo siguiente:", "descripcion");
	tr_plain_list(out, v, "documentos", "Documentos:", "nombre");
	tr_plain_list(out, v, "faltantes", "Lo que falta:", "descripcion");
	tr_plain_list(out, v, "comandos", "Comandos:", "codigo");
	tr_plain_list(out, v, "programas", "Programas:", "nombre");
	tr_plain_list(out, v, "pendientes", "Pendientes:", "descripcion");
	if ((s = vars_get(v, "estado.siguiente_paso")) != NULL && *s)
		buf_printf(out, "\nSiguiente paso: %s\n", s);
}

/*
 * Who a mail greets (issue 9): a person by name, never "Estimado(a)";
 * an agency by its representative's name and post; a coordinator by the
 * name configured in [roles] coordinator_names.  With no name at all the
 * greeting says none rather than an address.  *post is "" or new.
 */
char *
hctx_greeting_for(struct hctx *ctx, int64_t account_id, const char *addr,
    const char *display, char **post)
{
	struct wf_account a;
	struct wf_agency g;
	const char *coord;
	char *name = NULL;

	*post = xstrdup("");
	if (config_is_coordinator(ctx->cfg, addr)) {
		coord = config_coordinator_name(ctx->cfg, addr);
		return xstrdup(coord != NULL ? coord : display);
	}
	if (account_id == 0 ||
	    store_wf_account_by_id(ctx->st, account_id, &a) != 1)
		return xstrdup(display);
	if (strcmp(a.role, "dependencia") == 0 &&
	    store_wf_agency_get(ctx->st, account_id, &g) == 1) {
		if (g.representante != NULL && *g.representante) {
			name = xstrdup(g.representante);
			free(*post);
			*post = g.cargo != NULL && *g.cargo ?
			    xasprintf("%s, %s", g.cargo, a.name) :
			    xstrdup(a.name);
		}
		wf_agency_free(&g);
	}
	if (name == NULL)
		name = xstrdup(a.name);
	wf_account_free(&a);
	return name;
}

void
tr_free(struct hctx *ctx)
{
	vars_free(ctx->tr);
	ctx->tr = NULL;
}

/* ---- tokens on the way out ---- */

char *
token_address(const struct hctx *ctx, const char *to, enum rtok_kind kind,
    int64_t id, char tok[RTOK_LEN + 1])
{
	rtok_make(ctx->token_key, to, kind, (uint32_t)id, ctx->now,
	    ctx->cfg->token_ttl_days, tok);
	return xasprintf("%s+%s@%s", ctx->cfg->addr_local, tok,
	    ctx->cfg->addr_domain);
}

char *
personal_address(const struct config *cfg, const char *atok)
{
	return xasprintf("%s+%s@%s", cfg->addr_local, atok, cfg->addr_domain);
}

/* Our Message-ID, "tq.TOKEN.RANDOM@domain": a reply's References bring the
   token back when a server dropped the plus-address. */
char *
token_message_id(const struct config *cfg, const char *tok)
{
	unsigned char r[8];
	char hex[17];

	randombytes_buf(r, sizeof(r));
	sodium_bin2hex(hex, sizeof(hex), r, sizeof(r));
	return xasprintf("tq.%s.%s@%s", tok, hex, cfg->addr_domain);
}

char *
subject_untagged(const char *subject)
{
	struct buf b;
	const char *p = subject, *tag;

	buf_init(&b);
	while ((tag = strstr(p, "[SS:")) != NULL) {
		const char *end = strchr(tag, ']');

		if (end == NULL)
			break;
		buf_add(&b, p, (size_t)(tag - p));
		p = end + 1;
	}
	buf_adds(&b, p);
	str_trim(b.data);
	return buf_steal(&b);
}

char *
tagged_subject(const char *subject, const char *tok)
{
	char *base = subject_untagged(subject);
	char *s = xasprintf("%s [SS:%s]", base, tok);

	free(base);
	return s;
}

void
reply_seal(struct hctx *ctx, enum rtok_kind kind, int64_t id)
{
	char tok[RTOK_LEN + 1], *base, *subj;
	const char *theirs = ctx->msg->subject;

	free(ctx->reply.reply_to);
	free(ctx->reply.message_id);
	ctx->reply.reply_to = token_address(ctx, ctx->msg->from_addr, kind, id,
	    tok);
	ctx->reply.message_id = token_message_id(ctx->cfg, tok);
	if (ctx->reply.subject != NULL)
		base = ctx->reply.subject;
	else if (*theirs == '\0' || caps_sender_unknown(ctx))
		/* An unknown sender's Subject is not echoed (caps.h). */
		base = say(ctx, S_COMUN_ASUNTO_RESPUESTA, SAY_NONE);
	else if (ascii_has_prefix_case(theirs, "re:"))
		base = xstrdup(theirs);
	else
		base = xasprintf("Re: %s", theirs);
	subj = tagged_subject(base, tok);
	free(base);
	ctx->reply.subject = subj;
}

/* The student named by the first argument, or a refusal. */
int
hctx_student_by_arg(struct hctx *ctx, int64_t *student_id)
{
	char *raw = hctx_arg_word(ctx, 0), *mat = NULL;
	struct wf_student s;
	int r;

	*student_id = 0;
	if (raw != NULL)
		mat = matricula_normalize(raw);
	free(raw);
	if (mat == NULL) {
		tr_say(ctx, TR_ERROR, S_COMUN_FALTA_MATRICULA_ESTUDIANTE,
		    SAY_NONE);
		return 0;
	}
	if ((r = store_wf_student_by_matricula(ctx->st, mat, &s)) < 0) {
		free(mat);
		return -1;
	}
	if (r == 0)
		tr_say(ctx, TR_ERROR, S_COMUN_NO_HAY_NINGUN, "matricula=%s",
		    mat);
	else
		*student_id = s.account_id;
	wf_student_free(&s);
	free(mat);
	return r;
}

char *
hctx_field(const struct hctx *ctx, const char *name)
{
	char *v = form_field(ctx->msg->body, name);

	if (v == NULL)
		return NULL;
	str_trim(text_strip_invisible(v));	/* names reach PDFs */
	if (*v == '\0') {
		free(v);
		return NULL;
	}
	return v;
}

char *
hctx_field_needed(struct hctx *ctx, const char *name, enum sentence missing,
    int *ok)
{
	char *v = hctx_field(ctx, name);

	if (v == NULL) {
		tr_say(ctx, TR_MISSING, missing, SAY_NONE);
		*ok = 0;
	}
	return v;
}

/* Start of word n of s (or the end of s), and its length in *len. */
static const char *
word_at(const char *s, int n, size_t *len)
{
	const char *p = s;

	for (int i = 0;; i++) {
		p += strspn(p, " \t");
		*len = strcspn(p, " \t");
		if (i == n || *p == '\0')
			return p;
		p += *len;
	}
}

char *
hctx_arg_word(const struct hctx *ctx, int n)
{
	size_t len;
	const char *w = word_at(ctx->cl->args, n, &len);

	return len ? xstrndup(w, len) : NULL;
}

char *
hctx_arg_rest(const struct hctx *ctx, int n)
{
	size_t len;
	const char *w = word_at(ctx->cl->args, n, &len);
	char *s = xstrdup(w);

	return str_trim(s);
}

const char *
hctx_sender_name(const struct hctx *ctx)
{
	/* An unknown sender's display name is not echoed (caps.h). */
	return *ctx->msg->from_name && !caps_sender_unknown(ctx) ?
	    ctx->msg->from_name : ctx->msg->from_addr;
}

void
reply_att_copy(struct reply_att *dst, const char *filename, const char *type,
    const void *data, size_t len)
{
	dst->filename = xstrdup(filename);
	dst->content_type = xstrdup(type);
	buf_init(&dst->data);
	buf_add(&dst->data, data, len);
	dst->doc_id = dst->doc_owner = 0;
	dst->doc_identity = 0;
}

void
reply_att_clear(struct reply_att *a)
{
	free(a->filename);
	free(a->content_type);
	buf_free(&a->data);
	memset(a, 0, sizeof(*a));
}

void
reply_atts_free(struct reply_att *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		reply_att_clear(&a[i]);
	free(a);
}

const char *
hctx_actor(const struct hctx *ctx)
{
	switch (ctx->cause) {
	case HCTX_MAIL:
		return ctx->msg->from_addr;
	case HCTX_TIMER:
		return ACTOR_CALENDAR;
	case HCTX_ADMIN:
		return ctx->admin;
	}
	return "?";
}

void
hctx_init_cause(struct hctx *ctx, enum hctx_cause cause, const char *admin)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->cause = cause;
	ctx->admin = admin;
	buf_init(&ctx->reply.body);
}

int
hctx_student_application_by_arg(struct hctx *ctx, struct wf_application *a)
{
	int64_t sid;
	int r;

	if ((r = hctx_student_by_arg(ctx, &sid)) <= 0)
		return r;
	if ((r = store_wf_application_latest(ctx->st, sid, a)) < 0)
		return -1;
	if (r == 0)
		tr_say(ctx, TR_ERROR, S_COMUN_ESE_ALUMNO_NO, SAY_NONE);
	return r;
}

/* The agency's application for the student named by the first argument. */
int
hctx_agency_student_by_arg(struct hctx *ctx, struct wf_application *a)
{
	int64_t sid;
	int r;

	memset(a, 0, sizeof(*a));
	if ((r = hctx_student_by_arg(ctx, &sid)) <= 0)
		return r;
	if ((r = store_wf_application_for_agency(ctx->st, ctx->account_id,
	    sid, a)) < 0)
		return -1;
	if (r == 0)
		tr_say(ctx, TR_ERROR, S_COMUN_ESE_ALUMNO_NO_2, SAY_NONE);
	return r;
}
