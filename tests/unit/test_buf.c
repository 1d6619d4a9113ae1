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

/*
 * buf_add and buf_addc skip buf_grow when the bytes fit (issue 15):
 * chunks of every size up to 130 appended to every length up to 260,
 * across each doubling; a byte at a time from empty; and a buffer whose
 * len a caller set to its cap, or past it, is grown, never written past
 * (ASan).
 */
static void
test_add_edges(void **state)
{
	static char filler[400];

	(void)state;
	for (size_t i = 0; i < sizeof(filler); i++)
		filler[i] = (char)('a' + i % 26);
	for (size_t before = 0; before < 260; before += 3) {
		for (size_t n = 0; n <= 130; n++) {
			struct buf b;

			buf_init(&b);
			for (size_t i = 0; i < before; i++)
				buf_addc(&b, filler[i]);
			buf_add(&b, filler + before, n);
			assert_int_equal(b.len, before + n);
			assert_true(b.cap > b.len);
			if (b.data != NULL) {
				assert_memory_equal(b.data, filler, b.len);
				assert_int_equal(b.data[b.len], '\0');
			}
			buf_free(&b);
		}
	}
	{
		struct buf b;

		buf_init(&b);
		buf_adds(&b, "abc");
		b.len = b.cap;		/* a caller that filled the room */
		b.data[b.cap - 1] = 'z';
		buf_addc(&b, 'y');
		assert_int_equal(b.data[b.len - 1], 'y');
		assert_int_equal(b.data[b.len], '\0');
		assert_true(b.cap > b.len);
		b.len = b.cap + 5;	/* past it: still grown, not wrapped */
		buf_add(&b, "xy", 2);
		assert_memory_equal(b.data + b.len - 2, "xy", 2);
		assert_true(b.cap > b.len);
		buf_free(&b);
	}
}

/* ascii_casecmp as it was: both bytes folded at every position. */
static int
ref_casecmp(const char *a, const char *b)
{
	int ca, cb;

	do {
		ca = (unsigned char)*a++;
		cb = (unsigned char)*b++;
		ca = ca >= 'A' && ca <= 'Z' ? ca + 32 : ca;
		cb = cb >= 'A' && cb <= 'Z' ? cb + 32 : cb;
	} while (ca == cb && ca != 0);
	return ca - cb;
}

/*
 * ascii_casecmp folds only bytes that differ (issue 15): the same value
 * as folding every byte, for every pair of strings of up to three bytes
 * around the edges of the letters ('@' 'A' 'Z' '[' '`' 'a' 'z' '{') and
 * with high bytes.
 */
static void
test_casecmp(void **state)
{
	static const char alphabet[] = "@AZ[`az{\x80\xc1";
	const size_t k = sizeof(alphabet) - 1;
	char words[1 + 10 + 100 + 1000][4];
	size_t n = 0;

	(void)state;
	for (size_t len = 0; len <= 3; len++) {
		size_t count = 1;

		for (size_t i = 0; i < len; i++)
			count *= k;
		for (size_t c = 0; c < count; c++) {
			size_t x = c;

			for (size_t i = 0; i < len; i++, x /= k)
				words[n][i] = alphabet[x % k];
			words[n++][len] = '\0';
		}
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			assert_int_equal(ascii_casecmp(words[i], words[j]),
			    ref_casecmp(words[i], words[j]));
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
		cmocka_unit_test(test_add_edges),
		cmocka_unit_test(test_casecmp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
