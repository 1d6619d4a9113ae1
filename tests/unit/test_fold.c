/* SPDX-License-Identifier: ISC */
/*
 * test_fold.c - fold_spanish, the comparison key of every command word:
 * ASCII text takes a short way (issue 15: libunistring's fold of whole
 * bodies was 40 % of the daemon's CPU), and must come out as the full
 * Unicode fold would make it; text with accents, typed composed (NFC,
 * Windows) or decomposed (NFD, a Mac), still folds to the same letters.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_accents),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
