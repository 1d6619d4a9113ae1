/* SPDX-License-Identifier: ISC */
/*
 * fuzz_template.c - libFuzzer target: the template engine (template.c)
 * and, for letters, what follows it (letterdoc.c, layout.c, render.c).
 *
 * Two readings of the input, chosen by its first byte:
 *   - "name\nsource": a template source, parsed against a real schema and rendered with
 *     the sample values (an administrator writes templates: a typo must
 *     be an error message, never a crash);
 *   - 0xff then a value a person sent (a name, a program's title) rendered into a
 *     fixed letter and laid out: a letter must always come out, whatever
 *     the text, so a layout error is a finding (abort).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "letters/cp1252.h"
#include "letters/doc.h"
#include "letters/layout.h"
#include "letters/letters.h"
#include "letters/letters_int.h"
#include "letters/schema.h"
#include "letters/template.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct cp1252 *cv;

static const char letter_src[] =
    "---\n"
    "asunto: Carta de {{alumno.nombre}}\n"
    "destinatario: {{alumno.nombre}}\n"
    "---\n"
    "Por este medio se hace constar que **{{alumno.nombre}}**, con "
    "matrícula {{alumno.matricula}}, presta su servicio social en "
    "{{programa.nombre}}.\n"
    "\n"
    "- {{alumno.nombre}}\n";

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	cv = cp1252_open();
	if (cv == NULL)
		abort();
	return 0;
}

static void
lay_out(const char *name, const struct buf *text)
{
	struct letter_doc doc;
	struct layout_info li = {
		.inst_name = "Universidad de Prueba",
		.folio = "SS-2026-000001",
		.lugar_fecha = "Ciudad, a 1 de enero de 2026",
		.code = "ABCD-EFGH",
		.verify_addr = "servicio@ss.example.mx",
	};
	struct buf pdf;
	char err[256];

	letterdoc_parse(text->data ? text->data : "", text->len, &doc);
	buf_init(&pdf);
	if (layout_letter(&doc, &li, cv, &pdf, err, sizeof(err)) != 0) {
		fprintf(stderr, "letter %s cannot be laid out: %s\n", name,
		    err);
		abort();
	}
	buf_free(&pdf);
	letterdoc_free(&doc);
}

/*
 * A template written by an administrator, rendered with sample values:
 * the first line names the template (whose schema applies), the rest is
 * its source.
 */
static void
admin_template(const char *in, size_t size)
{
	const char *nl = memchr(in, '\n', size), *src;
	const struct schema *sc = NULL;
	const struct vars *scopes[1];
	struct vars *v = vars_new();
	struct tpl *t = NULL;
	char err[512], name[64] = "reply_prueba";
	struct buf out;
	size_t len;

	if (nl != NULL && (size_t)(nl - in) < sizeof(name)) {
		memcpy(name, in, (size_t)(nl - in));
		name[nl - in] = '\0';
		sc = schema_find(name);
	}
	if (sc == NULL) {
		snprintf(name, sizeof(name), "reply_prueba");
		sc = schema_find(name);
	}
	src = nl != NULL ? nl + 1 : in;
	len = size - (size_t)(src - in);
	if (tpl_parse("f.txt", src, len, sc, &t, err, sizeof(err)) != 0) {
		vars_free(v);
		return;
	}
	sample_vars(v, name);
	scopes[0] = v;
	buf_init(&out);
	tpl_render(t, scopes, 1, TPL_PLAIN, &out);
	buf_reset(&out);
	tpl_render(t, scopes, 1, TPL_MARKED, &out);
	buf_free(&out);
	tpl_free(t);
	vars_free(v);
}

/* A value from a person's mail, in a letter that must always lay out. */
static void
person_value(const char *value)
{
	const struct vars *scopes[1];
	struct vars *v = vars_new();
	struct tpl *t = NULL;
	char err[512];
	struct buf out;

	if (tpl_parse("carta.txt", letter_src, sizeof(letter_src) - 1,
	    schema_find("presentacion"), &t, err, sizeof(err)) != 0) {
		fprintf(stderr, "fixed letter: %s\n", err);
		abort();
	}
	sample_vars(v, "presentacion");
	vars_set(v, "alumno.nombre", value);
	vars_set(v, "programa.nombre", value);
	vars_set(v, "alumno.matricula", value);
	scopes[0] = v;
	buf_init(&out);
	tpl_render(t, scopes, 1, TPL_MARKED, &out);
	lay_out("presentacion", &out);
	buf_free(&out);
	tpl_free(t);
	vars_free(v);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size < 1)
		return 0;
	if (data[0] == 0xff) {
		/* A name is at most a few hundred bytes in practice; 4 KB
		   still fills a page and keeps each run fast. */
		if (size - 1 <= 4096) {
			s = xmemdup0(data + 1, size - 1);
			person_value(s);
			free(s);
		}
		return 0;
	}
	s = xmemdup0(data, size);
	admin_template(s, size);
	free(s);
	return 0;
}
