/* SPDX-License-Identifier: ISC */
/*
 * test_vars_read.c - a letter's variables read back from the register
 * (letters/vars_read.c, for tequioctl resend): what vars_json wrote comes
 * back the same, lists, accents and escapes included; anything that is
 * not that shape (a number, a bad escape, an unterminated string, nesting
 * past the bound) is refused rather than guessed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "letters/vars_int.h"

static char *
json_of(const struct vars *v)
{
	struct buf b;

	buf_init(&b);
	vars_json(v, &b);
	return buf_steal(&b);
}

static void
test_round_trip(void **state)
{
	struct vars *v = vars_new(), *item, *back;
	char *a, *b;
	size_t used;

	(void)state;
	vars_set(v, "alumno.nombre", "Begoña \"la Güera\" Núñez\\");
	vars_set(v, "nota", "dos\nlíneas\tcon\x01control");
	vars_set(v, "vacio", "");
	item = vars_list_add(v, "actividades");
	vars_set(item, "descripcion", "Vacunación, registro");
	item = vars_list_add(v, "actividades");
	vars_set(item, "descripcion", "Pláticas");
	a = json_of(v);
	back = vars_from_json(a, strlen(a), &used);
	assert_non_null(back);
	assert_int_equal(used, strlen(a));
	b = json_of(back);
	assert_string_equal(a, b);
	assert_string_equal(vars_get(back, "alumno.nombre"),
	    "Begoña \"la Güera\" Núñez\\");
	free(a);
	free(b);
	vars_free(v);
	vars_free(back);
}

static void
refused(const char *s)
{
	struct vars *v = vars_from_json(s, strlen(s), NULL);

	if (v != NULL)
		fail_msg("accepted: %s", s);
}

static void
test_refused(void **state)
{
	struct buf deep;

	(void)state;
	refused("");
	refused("{\"a\":1}");
	refused("{\"a\":\"x\"");
	refused("{\"a\":\"x}");
	refused("{\"a\":\"\\q\"}");
	refused("{\"a\":\"\\u00e9\"}");	/* only control characters */
	refused("{\"a\":\"\\u0000\"}");
	refused("{\"a[]\":[\"x\"]}");
	refused("{\"a\" \"x\"}");
	refused("[]");
	buf_init(&deep);
	for (int i = 0; i < 20; i++)
		buf_adds(&deep, "{\"l[]\":[");
	buf_adds(&deep, "{}");
	for (int i = 0; i < 20; i++)
		buf_adds(&deep, "]}");
	refused(deep.data);
	buf_free(&deep);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
