/*
 * h_verificar.c - VERIFICAR <folio> [código], by mail, for anyone: an
 * employer or another university checking a letter a student shows them.
 *
 * The Subject carries the folio and, optionally, the code printed beside
 * it (the QR code on every letter writes exactly that Subject); a PDF
 * attached to the message is compared byte for byte with the one issued.
 * The answer names the document, the person or agency it concerns and
 * the date; never the recipient's address when a name is known.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h_verificar.h"
#include "letters.h"
#include "log.h"

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

	/* Echo at most what a folio could be, should someone send a novel. */
	if (strlen(c->folio) > 40) {
		size_t n = 40;
		while (n > 0 && ((unsigned char)c->folio[n] & 0xc0) == 0x80)
			n--;	/* not inside a UTF-8 character */
		c->folio[n] = '\0';
	}
	vars_set(v, "folio", c->folio);
	if (!c->found)
		return;
	vars_set(v, "encontrado", "sí");
	if (letters_check_ok(c))
		vars_set(v, "autentico", "sí");
	kind = letters_kind_name(c->kind);
	vars_set(v, "documento", kind ? kind : c->kind);
	vars_set(v, "alumno", c->alumno);
	vars_set(v, "dependencia", c->dependencia);
	vars_set(v, "emitido_a", *c->alumno ? c->alumno : *c->dependencia ?
	    c->dependencia : c->recipient);
	date = letters_date_es(c->issued_at);
	vars_set(v, "emitido_el", date);
	free(date);
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
}

/* When the template cannot be used: the same facts, plainly. */
static void
plain_answer(const struct letters_check *c, struct buf *out)
{
	if (!c->found) {
		buf_printf(out, "El folio %s no corresponde a ningún documento "
		    "emitido por nosotros.\n", c->folio);
		return;
	}
	buf_printf(out, "El folio %s %s.\n", c->folio, letters_check_ok(c) ?
	    "corresponde a un documento auténtico" :
	    "existe, pero lo que usted nos envió no coincide con lo emitido");
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
	int rc = -1;

	if (letters_verify(ctx->st, ctx->secret, folio, code,
	    pdf ? pdf->data : NULL, pdf ? pdf->len : 0, &c) != 0)
		goto done;
	/* Only a well-formed folio reaches the log: the rest is user text. */
	log_info("msg %lld: VERIFICAR %s: %s", (long long)ctx->msg_row,
	    c.well_formed ? c.folio : "(malformed folio)", !c.found ?
	    "not found" : letters_check_ok(&c) ? "genuine" : "NOT genuine");
	if (*folio != '\0')
		fill_vars(v, &c, pdf);
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
