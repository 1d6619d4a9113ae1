/* SPDX-License-Identifier: ISC */
/*
 * test_mimelimit.c - crafted mail that once crashed or stalled the parser
 * (issue 7, item 3): each is built here at full size and must come back
 * quickly as a malformed message with a reason a person can read, or,
 * where the mail is legitimate, parsed as before.
 *
 * Without the limits, the nested parts and comments overflow the stack
 * (ASan reports stack-overflow), the "(x)multipart /mixed" spelling walks
 * past the old line-start check into minutes of libetpan work (then the
 * stack overflows), the nested alternatives take 2^20 walks (4.6 s at
 * -O2) and the unclosed [SS: tags are quadratic (7.9 s for 1.6 MB).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <magic.h>

#include "common/util.h"
#include "handlers/classify.h"
#include "mail/message.h"
#include "mail/mimelimit.h"

static magic_t cookie;

static const char head[] = "From: Ana <ana@alumnos.example.mx>\r\n"
    "Subject: AYUDA\r\nMIME-Version: 1.0\r\n";

static struct message *
parse(const struct buf *b)
{
	return message_parse(b->data, b->len, NULL, cookie);
}

static void
nested_multiparts(const char *decl, int levels)
{
	struct message *m;
	struct buf b;

	buf_init(&b);
	buf_adds(&b, head);
	for (int i = 0; i < levels; i++)
		buf_printf(&b, "%s; boundary=\"b%d\"\r\n\r\n--b%d\r\n", decl,
		    i, i);
	buf_adds(&b, "Content-Type: text/plain\r\n\r\nAYUDA\r\n");
	for (int i = levels - 1; i >= 0; i--)
		buf_printf(&b, "--b%d--\r\n", i);
	m = parse(&b);
	assert_true(m->malformed);
	/* followed by boundary, or, where the top-level header is not read
	   as a Content-Type, still bounded by the count of declarations */
	assert_true(strcmp(m->malformed_why, "La estructura MIME del mensaje "
	    "tiene demasiados niveles anidados.") == 0 ||
	    strcmp(m->malformed_why, "La estructura MIME del mensaje tiene "
	    "demasiadas partes.") == 0);
	assert_string_equal(m->from_addr, "ana@alumnos.example.mx");
	message_free(m);
	buf_free(&b);
}

static void
test_nested_multipart(void **state)
{
	(void)state;
	nested_multiparts("Content-Type: multipart/mixed", 40000);
	/* libetpan reads these as multipart/mixed too */
	nested_multiparts("Content-Type: (x)multipart /mixed", 40000);
	nested_multiparts("Content-Type (y) :\r\n\tMultiPart/mixed", 40000);
	nested_multiparts("content-type:((a)b)multipart(c)/(d)mixed", 40000);
}

static void
test_nested_rfc822(void **state)
{
	struct message *m;
	struct buf b;

	(void)state;
	buf_init(&b);
	buf_adds(&b, head);
	for (int i = 0; i < 40000; i++)
		buf_adds(&b, "Content-Type: message/rfc822\r\n\r\n"
		    "From: x@example.mx\r\n");
	buf_adds(&b, "\r\nAYUDA\r\n");
	m = parse(&b);
	assert_true(m->malformed);
	assert_non_null(strstr(m->malformed_why, "niveles anidados"));
	message_free(m);
	buf_free(&b);
}

/* Comments nested 200,000 deep in a part's Content-Type, and in the From
   of an attached message (both handed to libetpan). */
static void
test_nested_comments(void **state)
{
	static const char *const where[] = {
		"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
		"Content-Type: ",
		"Content-Type: message/rfc822\r\n\r\nFrom: ",
	};

	(void)state;
	for (size_t k = 0; k < ARRAY_LEN(where); k++) {
		struct message *m;
		struct buf b;

		buf_init(&b);
		buf_adds(&b, head);
		buf_adds(&b, where[k]);
		for (int i = 0; i < 200000; i++)
			buf_addc(&b, '(');
		for (int i = 0; i < 200000; i++)
			buf_addc(&b, ')');
		buf_adds(&b, " text/plain\r\n\r\nhola\r\n--b--\r\n");
		m = parse(&b);
		assert_true(m->malformed);
		assert_string_equal(m->malformed_why, "Un encabezado del "
		    "mensaje tiene demasiados paréntesis anidados.");
		message_free(m);
		buf_free(&b);
	}
}

/* What a person writes is not a header: a sad face in the body passes. */
static void
test_body_parentheses_pass(void **state)
{
	struct message *m;
	struct buf b;

	(void)state;
	buf_init(&b);
	buf_adds(&b, head);
	buf_adds(&b, "Content-Type: text/plain; charset=utf-8\r\n\r\n"
	    "no me llegó la carta :");
	for (int i = 0; i < 100; i++)
		buf_addc(&b, '(');
	buf_adds(&b, "\r\n");
	m = parse(&b);
	assert_false(m->malformed);
	assert_non_null(strstr(m->body, "no me llegó"));
	message_free(m);
	buf_free(&b);
}

/* Twenty nested alternatives, each beside an empty text/plain: once
   2^20 walks; the text (empty) is found in one. */
static void
test_nested_alternative(void **state)
{
	struct message *m;
	struct buf b;

	(void)state;
	buf_init(&b);
	buf_adds(&b, head);
	for (int i = 0; i < 20; i++)
		buf_printf(&b, "Content-Type: multipart/alternative; "
		    "boundary=\"a%d\"\r\n\r\n--a%d\r\nContent-Type: "
		    "text/plain\r\n\r\n\r\n--a%d\r\n", i, i, i);
	buf_adds(&b, "Content-Type: text/html\r\n\r\n<p>REGISTRO</p>\r\n");
	for (int i = 19; i >= 0; i--)
		buf_printf(&b, "--a%d--\r\n", i);
	m = parse(&b);
	assert_false(m->malformed);
	message_free(m);
	buf_free(&b);
}

/* 400,000 unclosed "[SS:" and then tags: the first closed tag counts. */
static void
test_subject_tags(void **state)
{
	struct command_line cl;
	struct buf b;

	(void)state;
	buf_init(&b);
	buf_adds(&b, "Re: ");
	for (int i = 0; i < 20000; i++)
		buf_adds(&b, "[SS:ab12] ");
	buf_adds(&b, "ESTADO ");
	for (int i = 0; i < 400000; i++)
		buf_adds(&b, "[SS:");
	classify_command(b.data, "", 1, &cl);
	assert_int_equal(cl.cmd, CMD_ESTADO);
	assert_string_equal(cl.subject_tag, "ab12");
	command_line_free(&cl);
	buf_free(&b);
}

/* 800 KB of address list full of colons, and of encoded words. */
static void
test_long_headers(void **state)
{
	struct message *m;
	struct buf b;

	(void)state;
	buf_init(&b);
	buf_adds(&b, "From: Ana <ana@alumnos.example.mx>\r\nTo: ");
	for (int i = 0; i < 400000; i++)
		buf_adds(&b, "a:");
	buf_adds(&b, "\r\nSubject: AYUDA");
	for (int i = 0; i < 40000; i++)
		buf_adds(&b, " =?utf-8?q?a=C3=A1?=");
	buf_adds(&b, "\r\n\r\nAYUDA\r\n");
	m = parse(&b);
	assert_string_equal(m->from_addr, "ana@alumnos.example.mx");
	assert_true(strncmp(m->subject, "AYUDA aá", 9) == 0);
	message_free(m);
	buf_free(&b);
}

/* levels multiparts one inside the other, the innermost a digest whose
   part is a message (by default, with no Content-Type) */
static void
nest(struct buf *b, int levels)
{
	buf_reset(b);
	buf_adds(b, "Content-Type: multipart/mixed; boundary=\"x0\"\r\n\r\n");
	for (int i = 1; i < levels - 2; i++)
		buf_printf(b, "--x%d\r\nContent-Type: multipart/mixed;\r\n"
		    " boundary=x%d\r\n\r\n", i - 1, i);
	buf_printf(b, "--x%d\r\nContent-Type: multipart/digest; "
	    "boundary=\"d\"\r\n\r\n--d\r\n\r\nFrom: a@b\r\n\r\nhola\r\n"
	    "--d--\r\n", levels - 3);
	for (int i = levels - 3; i >= 0; i--)
		buf_printf(b, "--x%d--\r\n", i);
}

/* Depth is followed by boundary: deep is refused, wide is not. */
static void
test_depth_and_width(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	/* the digest's message is the last level */
	nest(&b, MIMELIMIT_DEPTH);
	assert_null(mimelimit_check(b.data, b.len));
	nest(&b, MIMELIMIT_DEPTH + 1);
	assert_string_equal(mimelimit_check(b.data, b.len), "La estructura "
	    "MIME del mensaje tiene demasiados niveles anidados.");
	/* 60 forwarded mails side by side (121 declarations, over the 64
	   the count alone once allowed): shallow, so within the limits */
	buf_reset(&b);
	buf_adds(&b, "Content-Type: multipart/mixed; boundary=w\r\n\r\n");
	for (int i = 0; i < 60; i++)
		buf_adds(&b, "--w\r\nContent-Type: message/rfc822\r\n\r\n"
		    "From: a@b\r\nContent-Type: multipart/alternative; "
		    "boundary=v\r\n\r\n--v\r\n\r\nhola\r\n--v--\r\n");
	buf_adds(&b, "--w--\r\n");
	assert_null(mimelimit_check(b.data, b.len));
	/* siblings close their levels: 1,000 parts one after the other */
	buf_reset(&b);
	buf_adds(&b, "Content-Type: multipart/mixed; boundary=w\r\n\r\n");
	for (int i = 0; i < 1000; i++)
		buf_adds(&b, "--w\r\nContent-Type: text/plain\r\n\r\nx\r\n");
	buf_adds(&b, "--w--\r\n");
	assert_null(mimelimit_check(b.data, b.len));
	buf_free(&b);
}

/* The limits themselves, at the edge. */
static void
test_limit_edges(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	buf_adds(&b, "Content-Type: ");
	for (int i = 0; i < MIMELIMIT_COMMENT_DEPTH; i++)
		buf_addc(&b, '(');
	buf_adds(&b, ") text/plain\r\n\r\n");
	assert_null(mimelimit_check(b.data, b.len));
	buf_reset(&b);
	buf_adds(&b, "X-A: ");
	for (int i = 0; i <= MIMELIMIT_COMMENT_DEPTH; i++)
		buf_addc(&b, '(');
	buf_adds(&b, "\r\n\r\n");
	assert_non_null(mimelimit_check(b.data, b.len));
	buf_reset(&b);
	for (int i = 0; i < MIMELIMIT_COMPOSITES; i++)
		buf_adds(&b, "Content-Type: multipart/mixed\r\n");
	assert_null(mimelimit_check(b.data, b.len));
	buf_adds(&b, "Content-Type: message/rfc822\r\n");
	assert_non_null(mimelimit_check(b.data, b.len));
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nested_multipart),
		cmocka_unit_test(test_nested_rfc822),
		cmocka_unit_test(test_nested_comments),
		cmocka_unit_test(test_body_parentheses_pass),
		cmocka_unit_test(test_nested_alternative),
		cmocka_unit_test(test_subject_tags),
		cmocka_unit_test(test_long_headers),
		cmocka_unit_test(test_depth_and_width),
		cmocka_unit_test(test_limit_edges),
	};
	int failed;

	cookie = magic_open(MAGIC_MIME_TYPE);
	if (cookie == NULL || magic_load(cookie, NULL) != 0)
		return 1;
	failed = cmocka_run_group_tests_name("mimelimit", tests, NULL, NULL);
	magic_close(cookie);
	return failed;
}
