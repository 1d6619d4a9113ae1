/* SPDX-License-Identifier: ISC */
/*
 * test_fold.c - fold_spanish, the comparison key of every command word:
 * ASCII text takes a short way (issue 15: libunistring's fold of whole
 * bodies was 40 % of the daemon's CPU), and must come out as the full
 * Unicode fold would make it; text with accents, typed composed (NFC,
 * Windows) or decomposed (NFD, a Mac), still folds to the same letters.
 * The short ways (eight ASCII bytes at a time; Spanish letters without
 * libunistring) are checked against the full fold itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/util.h"

static void
check(const char *in, const char *want)
{
	char *f = fold_spanish(in);

	assert_string_equal(f, want);
	free(f);
}

static void
test_ascii(void **state)
{
	char all[128], lower[128];

	(void)state;
	for (int c = 1; c < 128; c++) {
		all[c - 1] = (char)c;
		lower[c - 1] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	all[127] = lower[127] = '\0';
	check(all, lower);
	check("", "");
	check("REPORTE 180 Horas: 40", "reporte 180 horas: 40");
}

/* Every length and alignment of the eight-byte steps and their tail. */
static void
test_ascii_lengths(void **state)
{
	static const char pool[] = "AZaz@[`{Hola MUNDO 09~";
	char in[64], want[64];

	(void)state;
	for (size_t len = 0; len < 40; len++) {
		for (size_t off = 0; off < 8; off++) {
			for (size_t i = 0; i < len; i++) {
				int c = pool[(i + off) % (sizeof(pool) - 1)];

				in[i] = (char)c;
				want[i] = (char)(c >= 'A' && c <= 'Z' ?
				    c - 'A' + 'a' : c);
			}
			in[len] = want[len] = '\0';
			check(in, want);
		}
	}
}

/*
 * Each two-byte character C2 80 .. DF BF, inside Spanish text, folds as
 * libunistring folds it: a trailing U+2019 (never on a short way, and
 * folded to itself) sends the same text through the full fold.
 */
static void
test_latin_as_unicode(void **state)
{
	(void)state;
	for (int lead = 0xc2; lead <= 0xdf; lead++) {
		for (int c = 0x80; c <= 0xbf; c++) {
			char in[64], full[80];
			char *fast, *slow;
			size_t n;

			snprintf(in, sizeof(in), "\xc2\xbfQu\xc3\xa9 %c%c? "
			    "A\xc3\x91O", lead, c);
			snprintf(full, sizeof(full), "%s\xe2\x80\x99", in);
			fast = fold_spanish(in);
			slow = fold_spanish(full);
			n = strlen(slow);
			assert_true(n >= 3);
			assert_memory_equal(slow + n - 3, "\xe2\x80\x99", 3);
			slow[n - 3] = '\0';
			assert_string_equal(fast, slow);
			free(fast);
			free(slow);
		}
	}
}

static void
test_accents(void **state)
{
	(void)state;
	check("PRESENTACI\xc3\x93N", "presentacion");
	check("PRESENTACIO\xcc\x81N", "presentacion");
	check("Se\xc3\xb1or \xc3\x81RBOL abc", "senor arbol abc");
	/* Not UTF-8: the byte-wise fold. */
	check("A\xff" "B", "a\xff" "b");
}

/*
 * fold_spanish_common folds what fold_spanish folds the same way when
 * the text is ASCII or Spanish, and refuses the rest (issue 15:
 * text_own_words then skips checking the text is valid UTF-8, which
 * such text always is).
 */
static void
test_common(void **state)
{
	static const char *const folded[] = {
		"", "Hola MUNDO 123", "Matr\xc3\xad" "cula: \xc3\x91o\xc3\xb1o",
		"\xc2\xbf\xc3\x81lguien? \xc2\xa1S\xc3\xad!",
		"ping\xc3\xbc\xc3\xaf" "no \xc3\x9c" "ber",
	};
	static const char *const refused[] = {
		"escribio\xcc\x81:", "S\xed", "\xc3", "a\xc3\x97" "b",
		"\xe2\x80\x94", "\xc2\xab", "\xc3\xa7" "a", "x\xf0\x9f\x98\x80",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(folded) / sizeof(folded[0]); i++) {
		char *a = fold_spanish_common(folded[i]);
		char *b = fold_spanish(folded[i]);

		assert_non_null(a);
		assert_string_equal(a, b);
		assert_true(utf8_valid(folded[i], strlen(folded[i])));
		free(a);
		free(b);
	}
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		assert_null(fold_spanish_common(refused[i]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_common),
		cmocka_unit_test(test_ascii_lengths),
		cmocka_unit_test(test_latin_as_unicode),
		cmocka_unit_test(test_accents),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
