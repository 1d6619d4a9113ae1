/* SPDX-License-Identifier: ISC */
/*
 * h_verificar.c - VERIFICAR <folio> [código], by mail, for anyone: an
 * employer or another university checking a letter a student shows them.
 *
 * The Subject carries the folio and, optionally, the code printed beside
 * it (the QR code on every letter writes exactly that Subject); a PDF
 * attached to the message is compared byte for byte with the one issued.
 *
 * Folios are sequential, so anyone could walk them: without the code or
 * the PDF (proof of holding the letter) the answer says only whether the
 * folio exists and what kind of document it is.  The person or agency it
 * concerns and the date come only with a matching code or file, never the
 * recipient's address.  Look-ups are limited per sender per day (caps.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "handlers/caps.h"
#include "handlers/h_verificar.h"
#include "handlers/privacy.h"
#include "handlers/say.h"
#include "letters/letters.h"
#include "store/store_workflow.h"

/* The first word of s (new string), and where the rest starts. */
static char *
first_word(const char *s, const char **rest)
{
	const char *b = s, *e;

	while (*b == ' ' || *b == '\t')
		b++;
	e = b;
	while (*e && *e != ' ' && *e != '\t')
		e++;
	*rest = e;
	return xstrndup(b, (size_t)(e - b));
}

/* The code after the folio: the rest of the Subject up to any "[tag]". */
static char *
code_part(const char *rest)
{
	const char *bracket = strchr(rest, '[');
	char *c = bracket ? xstrndup(rest, (size_t)(bracket - rest)) :
	    xstrdup(rest);

	return str_trim(c);
}

static const struct attachment *
first_pdf(const struct message *m)
{
	for (size_t i = 0; i < m->n_att; i++)
		if (strcmp(m->att[i].magic_type, "application/pdf") == 0)
			return &m->att[i];
	return NULL;
}

static void
fill_vars(struct vars *v, struct letters_check *c,
    const struct attachment *pdf)
{
	const char *kind;
	char *date;

	/* Echo a folio only when it is one: the rest is the sender's text. */
	vars_set(v, "folio", c->well_formed ? c->folio : "");
	if (!c->well_formed || !c->found)
		return;
	vars_set(v, "encontrado", "sí");
	kind = letters_kind_name(c->kind);
	vars_set(v, "documento", kind ? kind : c->kind);
	if (c->code_given) {
		vars_set(v, "codigo_dado", "sí");
		if (c->code_ok)
			vars_set(v, "codigo_ok", "sí");
	}
	if (pdf != NULL) {
		vars_set(v, "archivo_dado", "sí");
		vars_set(v, "archivo_nombre", pdf->filename);
		if (c->file_ok)
			vars_set(v, "archivo_ok", "sí");
	}
	if (!(c->code_given && c->code_ok) && !(pdf != NULL && c->file_ok))
		return;	/* no proof of holding the letter: no details */
	vars_set(v, "detalles", "sí");
	if (letters_check_ok(c))
		vars_set(v, "autentico", "sí");
	vars_set(v, "alumno", c->alumno);
	vars_set(v, "dependencia", c->dependencia);
	vars_set(v, "emitido_a", *c->alumno ? c->alumno : *c->dependencia ?
	    c->dependencia : "");
	date = letters_date_es(c->issued_at);
	vars_set(v, "emitido_el", date);
	free(date);
}

/* The access log: who learnt the name on which letter. */
static int
verificar_disclosed(struct hctx *ctx, const struct letters_check *c)
{
	struct wf_account a;
	char *what = xasprintf("VERIFICAR %s: nombre del titular", c->folio);
	int64_t owner = 0;
	int r, rc;

	if ((r = store_wf_account_by_email(ctx->st, c->recipient, &a)) < 0) {
		free(what);
		return -1;
	}
	if (r == 1) {
		owner = a.id;
		wf_account_free(&a);
	}
	rc = privacy_disclosed(ctx, ctx->msg->from_addr, owner, what);
	free(what);
	return rc;
}

/* When the template cannot be used: the same facts, plainly. */
static void
plain_answer(const struct letters_check *c, struct buf *out)
{
	if (!c->well_formed || !c->found) {
		buf_adds(out, "Ese folio no corresponde a ningún documento "
		    "emitido por nosotros.\n");
		return;
	}
	buf_printf(out, "El folio %s %s.\n", c->folio, letters_check_ok(c) ?
	    "existe" :
	    "existe, pero lo que usted nos envió no coincide con lo emitido");
}

/* Over the day's look-ups: 1 (answered), 0 go on, -1. */
static int
too_many(struct hctx *ctx)
{
	int r = caps_count(ctx, "verificar", 1, CAP_VERIFICAR);
	char *text;

	if (r == 1) {
		buf_reset(&ctx->reply.body);
		text = say(ctx, S_VERIFICAR_LIMITE_DIARIO, "maximo=%d",
		    CAP_VERIFICAR);
		buf_printf(&ctx->reply.body, "%s\n", text);
		free(text);
		log_info("msg %lld: VERIFICAR over the daily limit",
		    (long long)ctx->msg_row);
	}
	return r;
}

int
h_verificar(struct hctx *ctx)
{
	const struct attachment *pdf = first_pdf(ctx->msg);
	struct letters_check c;
	struct vars *v = vars_new();
	const char *rest;
	char *folio = first_word(ctx->cl->args, &rest);
	char *code = code_part(rest);
	int rc = -1, r;

	if ((r = too_many(ctx)) != 0) {
		rc = r < 0 ? -1 : 0;
		goto done;
	}
	if (letters_verify(ctx->st, ctx->secret, folio, code,
	    pdf ? pdf->data : NULL, pdf ? pdf->len : 0, &c) != 0)
		goto done;
	/* Only a well-formed folio reaches the log: the rest is user text. */
	log_info("msg %lld: VERIFICAR %s: %s", (long long)ctx->msg_row,
	    c.well_formed ? c.folio : "(malformed folio)", !c.found ?
	    "not found" : letters_check_ok(&c) ? "genuine" : "NOT genuine");
	if (*folio != '\0')
		fill_vars(v, &c, pdf);
	/* A name revealed is a disclosure (issue 12): privacy.h. */
	if (vars_get(v, "detalles") != NULL && (rc = verificar_disclosed(ctx,
	    &c)) != 0) {
		letters_check_free(&c);
		goto done;
	}
	buf_reset(&ctx->reply.body);
	if (ctx->letters == NULL || letters_text(ctx->letters,
	    "reply_verificar", v, &ctx->reply.body) != 0) {
		buf_reset(&ctx->reply.body);
		plain_answer(&c, &ctx->reply.body);
	}
	letters_check_free(&c);
	rc = 0;
done:
	vars_free(v);
	free(folio);
	free(code);
	return rc;
}
