/* SPDX-License-Identifier: ISC */
/*
 * test_buf.c - buf_printf formats straight into the buffer's room and
 * formats again only when the text did not fit (issue 15): whatever was
 * in the buffer and however long the text, the result is the old text
 * followed by the new, terminated, as snprintf would write it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"

/* Texts of 0 to 599 bytes appended to 0 to 299 bytes already there:
   every side of the room's edge, and of the buffer's doublings. */
static void
test_printf_lengths(void **state)
{
	static char filler[600], want[1000];

	(void)state;
	memset(filler, 'x', sizeof(filler) - 1);
	for (int before = 0; before < 300; before += 7) {
		for (int len = 0; len < 600; len++) {
			struct buf b;

			buf_init(&b);
			buf_add(&b, filler, (size_t)before);
			buf_printf(&b, "%.*s|%d", len, filler, len);
			snprintf(want, sizeof(want), "%.*s%.*s|%d", before,
			    filler, len, filler, len);
			assert_int_equal(b.len, strlen(want));
			assert_string_equal(b.data, want);
			buf_free(&b);
		}
	}
}

static void
test_asprintf(void **state)
{
	char *s;

	(void)state;
	s = xasprintf("%s", "");
	assert_string_equal(s, "");
	free(s);
	s = xasprintf("%s <%s> %05d", "Ana", "ana@utv.edu.mx", 42);
	assert_string_equal(s, "Ana <ana@utv.edu.mx> 00042");
	free(s);
}

/* str_trim_span finds what str_trim keeps, without moving it. */
static void
test_trim_span(void **state)
{
	static const struct {
		const char *in, *kept;
	} cases[] = {
		{"", ""}, {" ", ""}, {" \t\r\n\f\v", ""}, {"a", "a"},
		{"  a b \r", "a b"}, {"\va\v", "a"}, {"a\x01 ", "a\x01"},
		{"\xc2\xa0x\xc2\xa0", "\xc2\xa0x\xc2\xa0"},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char *copy = xstrdup(cases[i].in);
		size_t n;
		const char *start = str_trim_span(cases[i].in, &n);

		assert_int_equal(n, strlen(cases[i].kept));
		assert_memory_equal(start, cases[i].kept, n);
		assert_true(start >= cases[i].in);
		assert_string_equal(str_trim(copy), cases[i].kept);
		free(copy);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_printf_lengths),
		cmocka_unit_test(test_asprintf),
		cmocka_unit_test(test_trim_span),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
