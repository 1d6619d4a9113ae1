/* SPDX-License-Identifier: ISC */
/*
 * test_pdftext.c - the words of a PDF (mail/pdftext.c) and the kinds they
 * say (classify_document_text): an acta constitutiva and a poder notarial
 * recognised in literal, compressed, hex and OCR-style text; and hostile
 * files (a zip bomb, deep nesting, a stream with no end, thousands of
 * streams, endless text) read to their ceilings, never further.  The
 * time each hostile file takes is printed, for the record.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "common/util.h"
#include "handlers/classify.h"
#include "mail/pdftext.h"

static const char head[] = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\n"
    "endobj\n";

/* A PDF whose one content stream is body (compressed when flate). */
static void
pdf_with(struct buf *b, const char *body, size_t len, int flate)
{
	char dict[128];

	buf_init(b);
	buf_adds(b, head);
	if (flate) {
		uLongf clen = compressBound(len);
		unsigned char *c = xmalloc(clen);

		assert_int_equal(compress2(c, &clen, (const Bytef *)body, len,
		    9), Z_OK);
		snprintf(dict, sizeof(dict), "4 0 obj\n<< /Length %lu "
		    "/Filter /FlateDecode >>\nstream\r\n", (unsigned long)clen);
		buf_adds(b, dict);
		buf_add(b, c, clen);
		free(c);
	} else {
		snprintf(dict, sizeof(dict), "4 0 obj\n<< /Length %zu >>\n"
		    "stream\n", len);
		buf_adds(b, dict);
		buf_add(b, body, len);
	}
	buf_adds(b, "\nendstream\nendobj\n%%EOF\n");
}

static char *
text_of(const char *body, int flate)
{
	struct buf b;
	char *t;

	pdf_with(&b, body, strlen(body), flate);
	t = pdftext_folded(b.data, b.len);
	buf_free(&b);
	return t;
}

static enum doc_kind
kind_of_text(const char *body, int flate, int *notarial)
{
	char *t = text_of(body, flate);
	enum doc_kind k = classify_document_text(t, notarial);

	free(t);
	return k;
}

static const struct {
	const char *body;
	int flate;
	enum doc_kind kind;
	int notarial;
} cases[] = {
	/* the title, in capitals, accents in Latin-1 octal */
	{"BT /F1 14 Tf (ACTA CONSTITUTIVA DE LA SOCIEDAD) Tj ET", 0,
	    DOC_DECRETO, 0},
	/* words split by kerning, no space written, compressed */
	{"BT [(ES)20(CRI)(TURA P)-30(\\332BLICA N\\372m. 4 512)] TJ "
	    "0 -14 Td [(PO)15(DER)-250(GE)(NE)(RAL)] TJ ET", 1,
	    DOC_NOMBRAMIENTO, 0},
	/* the title first: a poder names the acta of its company */
	{"(PODER NOTARIAL) Tj (que otorga la sociedad cuya acta "
	    "constitutiva consta en) Tj", 1, DOC_NOMBRAMIENTO, 0},
	{"(Acta constitutiva) Tj (se otorga poder general al "
	    "administrador) Tj", 1, DOC_DECRETO, 0},
	/* UTF-16BE with its mark (document information, hex) */
	{"<FEFF0050006F0064006500720020006E006F00740061007200690061006C> Tj",
	    0, DOC_NOMBRAMIENTO, 0},
	/* an OCR text layer: two-byte CIDs that are Unicode */
	{"<00410043005400410020> Tj <0043004F004E00530054004900540055005400"
	    "490056004100> Tj", 1, DOC_DECRETO, 0},
	/* UTF-8 in a literal string: "Constitución de sociedad" */
	{"(Constituci\303\263n de sociedad an\303\263nima) Tj", 0, DOC_DECRETO,
	    0},
	/* a dependencia's decreto */
	{"(DECRETO DE CREACI\\323N del organismo) Tj", 1, DOC_DECRETO, 0},
	/* notarial, but which? */
	{"(Escritura p\\372blica n\\372mero 123, ante el notario "
	    "p\\372blico 5) Tj", 1, DOC_UNKNOWN, 1},
	/* neither */
	{"(Constancia de estudios) Tj", 1, DOC_UNKNOWN, 0},
	/* an empty page */
	{"", 0, DOC_UNKNOWN, 0},
};

static void
test_kinds(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		int notarial = -1;
		enum doc_kind k = kind_of_text(cases[i].body, cases[i].flate,
		    &notarial);

		if (k != cases[i].kind || notarial != cases[i].notarial)
			fail_msg("case %zu: kind %d notarial %d, expected %d "
			    "%d", i, k, notarial, cases[i].kind,
			    cases[i].notarial);
	}
}

static void
test_folding(void **state)
{
	char *t = text_of("(Poder  \\(especial\\) \\\n"
	    "Ni\\361o 2026!) Tj <4E 6f 7> Tj", 0);

	(void)state;
	assert_string_equal(t, "poderespecialninono");
	free(t);
}

static void
test_not_pdf(void **state)
{
	static const char s[] = "(ACTA CONSTITUTIVA)";
	char *t = pdftext_folded(s, sizeof(s) - 1);

	(void)state;
	assert_string_equal(t, "");
	free(t);
	t = pdftext_folded("", 0);
	assert_string_equal(t, "");
	free(t);
}

/* An image's stream is not read, whatever its bytes say. */
static void
test_image_skipped(void **state)
{
	static const char pdf[] = "%PDF-1.4\n5 0 obj\n<< /Subtype /Image "
	    "/Filter /DCTDecode >>\nstream\n(ACTA CONSTITUTIVA)\nendstream\n";
	char *t = pdftext_folded(pdf, sizeof(pdf) - 1);

	(void)state;
	assert_string_equal(t, "");
	free(t);
}

/* ---- hostile files ---- */

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static struct pdftext_cost last;

static char *
timed(const char *what, const struct buf *b)
{
	double t0 = now_ms();
	char *t = pdftext_folded_cost(b->data, b->len, &last);

	printf("# %-32s %9zu bytes in, %6zu letters out, %4zu streams, "
	    "%8zu inflated, %7.1f ms\n", what, b->len, strlen(t),
	    last.streams, last.inflated, now_ms() - t0);
	return t;
}

/* 40 streams of 64 MiB of spaces each, deflated: 2.5 GiB if inflated. */
static void
test_zip_bomb(void **state)
{
	size_t n = 64u << 20;
	char *body = xmalloc(n + 1);
	struct buf one, b;
	char *t;

	(void)state;
	memset(body, ' ', n);
	body[n] = '\0';
	pdf_with(&one, body, n, 1);
	free(body);
	buf_init(&b);
	for (int i = 0; i < 40; i++)
		buf_add(&b, one.data, one.len);
	t = timed("zip bomb (40 x 64 MiB)", &b);
	assert_string_equal(t, "");
	assert_int_equal(last.inflated, PDFTEXT_MAX_INFLATE_ALL);
	assert_true(last.streams <= PDFTEXT_MAX_INFLATE_ALL /
	    PDFTEXT_MAX_INFLATE + 1);
	free(t);
	buf_free(&one);
	buf_free(&b);
}

/* 8 MiB of "(" and of "<<[": no recursion to exhaust. */
static void
test_deep_nesting(void **state)
{
	size_t n = 8u << 20;
	struct buf b;
	char *t;

	(void)state;
	buf_init(&b);
	buf_adds(&b, head);
	for (size_t i = 0; i < n; i++)
		buf_addc(&b, "(<[{"[i % 4]);
	t = timed("8 MiB of nesting", &b);
	assert_string_equal(t, "");
	free(t);
	buf_free(&b);
}

/* A stream that never ends, its /Length lying. */
static void
test_endless_stream(void **state)
{
	size_t n = 16u << 20;
	struct buf b;
	char *t;

	(void)state;
	buf_init(&b);
	buf_adds(&b, head);
	buf_adds(&b, "4 0 obj\n<< /Length 99999999999 /Filter /FlateDecode "
	    ">>\nstream\n");
	for (size_t i = 0; i < n; i++)
		buf_addc(&b, (char)(i * 2654435761u >> 24));
	t = timed("16 MiB stream, no endstream", &b);
	free(t);
	buf_free(&b);
}

/* Many streams: the first PDFTEXT_MAX_STREAMS are read. */
static void
test_many_streams(void **state)
{
	struct buf b;
	char *t;

	(void)state;
	buf_init(&b);
	buf_adds(&b, head);
	for (int i = 0; i < 100000; i++)
		buf_adds(&b, "<<>>stream\n(a)\nendstream\n");
	t = timed("100000 streams", &b);
	assert_int_equal(strlen(t), PDFTEXT_MAX_STREAMS);
	free(t);
	buf_free(&b);
}

/* Endless text stops at PDFTEXT_MAX_TEXT letters. */
static void
test_text_ceiling(void **state)
{
	size_t n = 4u << 20;
	struct buf b;
	char *t;

	(void)state;
	buf_init(&b);
	buf_adds(&b, head);
	buf_addc(&b, '(');
	for (size_t i = 0; i < n; i++)
		buf_addc(&b, 'a');
	t = timed("4 MiB of one string", &b);
	assert_int_equal(strlen(t), PDFTEXT_MAX_TEXT);
	free(t);
	buf_free(&b);
}

/* Damaged compressed data: what came out before the damage is kept. */
static void
test_truncated_stream(void **state)
{
	static const char body[] = "(PODER NOTARIAL) Tj (y mucho m\\341s "
	    "texto que se pierde con el final del archivo) Tj";
	struct buf b;
	char *t, *cut;

	(void)state;
	pdf_with(&b, body, sizeof(body) - 1, 1);
	cut = memmem(b.data, b.len, "\nendstream", 10);
	assert_non_null(cut);
	b.len = (size_t)(cut - b.data) - 20;	/* the stream's end lost */
	t = pdftext_folded(b.data, b.len);
	assert_non_null(strstr(t, "podernotarial"));
	free(t);
	buf_free(&b);
}

/* Every example name in replies reads back as its kind. */
static void
test_examples(void **state)
{
	(void)state;
	for (int k = DOC_UNKNOWN + 1; k < DOC__COUNT; k++)
		if (classify_document(doc_kind_example((enum doc_kind)k)) !=
		    (enum doc_kind)k)
			fail_msg("«%s» is not read as %s",
			    doc_kind_example((enum doc_kind)k),
			    doc_kind_id((enum doc_kind)k));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_folding),
		cmocka_unit_test(test_not_pdf),
		cmocka_unit_test(test_image_skipped),
		cmocka_unit_test(test_zip_bomb),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_endless_stream),
		cmocka_unit_test(test_many_streams),
		cmocka_unit_test(test_text_ceiling),
		cmocka_unit_test(test_truncated_stream),
		cmocka_unit_test(test_examples),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
