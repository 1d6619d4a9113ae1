/* SPDX-License-Identifier: ISC */
/*
 * test_csvread.c - the CSV reader of tequioctl import (common/csvread.c)
 * on what spreadsheets really save: a byte-order mark, CRLF, semicolons
 * (Excel in Spanish), quoted fields with separators, quotes and line
 * breaks inside, Windows-1252 text, blank lines; and a quote never closed
 * or an endless row refused with the line where it starts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/csvread.h"

/* Read all of text; the records joined as "a|b|c" lines, "!N" for an
   error on line N. */
static char *
read_all(const char *text, size_t len, char *delim, int *cp1252)
{
	struct csv_reader r;
	struct buf out;
	char **f;
	size_t n, line;
	int rc;

	buf_init(&out);
	buf_grow(&out, 0);
	csv_reader_init(&r, text, len);
	while ((rc = csv_next(&r, &f, &n, &line)) != 0) {
		if (rc < 0) {
			buf_printf(&out, "!%zu\n", line);
			break;
		}
		buf_printf(&out, "%zu:", line);
		for (size_t i = 0; i < n; i++)
			buf_printf(&out, "%s%s", i ? "|" : "", f[i]);
		buf_addc(&out, '\n');
		csv_fields_free(f, n);
	}
	if (delim)
		*delim = r.delim;
	if (cp1252)
		*cp1252 = r.was_cp1252;
	csv_reader_free(&r);
	return out.data;
}

static void
expect(const char *text, const char *want, char want_delim)
{
	char delim, *got = read_all(text, strlen(text), &delim, NULL);

	assert_string_equal(got, want);
	assert_int_equal(delim, want_delim);
	free(got);
}

static void
test_forms(void **state)
{
	(void)state;
	expect("a,b\r\n1,2\r\n", "1:a|b\n2:1|2\n", ',');
	expect("\xef\xbb\xbf" "Matrícula;Nombre\r\nA1;José\r\n",
	    "1:Matrícula|Nombre\n2:A1|José\n", ';');
	expect("a\tb\n1\t2", "1:a|b\n2:1|2\n", '\t');
	/* Blank lines are skipped; line numbers stay the file's. */
	expect("a;b\n\n\r\n1;2\n", "1:a|b\n4:1|2\n", ';');
	/* A comma inside quotes is no separator; "" is a quote; a line break
	   inside quotes stays in the field and the next record's line is
	   counted right. */
	expect("n,c\n\"Núñez, Ana\",\"el \"\"Güero\"\"\"\n\"dos\r\nlíneas\",x\n"
	    "y,z\n", "1:n|c\n2:Núñez, Ana|el \"Güero\"\n3:dos\nlíneas|x\n5:y|z\n",
	    ',');
	/* A decimal comma in a semicolon file is not a separator. */
	expect("m;c\nA1;75,5\n", "1:m|c\n2:A1|75,5\n", ';');
	/* Empty fields, and a last field without a line end. */
	expect("a,,c\n,,", "1:a||c\n2:||\n", ',');
	expect("", "", ',');
}

static void
test_cp1252(void **state)
{
	/* Excel's "CSV (delimitado por comas)": Windows-1252. */
	static const char text[] = "Nombre;Carrera\r\nJos\xe9 N\xfa\xf1" "ez;"
	    "Administraci\xf3n \x96 turno\r\n";
	int cp;
	char *got;

	(void)state;
	got = read_all(text, sizeof(text) - 1, NULL, &cp);
	assert_true(cp);
	assert_string_equal(got, "1:Nombre|Carrera\n"
	    "2:José Núñez|Administración – turno\n");
	free(got);
	got = read_all("a\0b\n", 4, NULL, &cp);
	assert_true(cp);	/* a NUL is no UTF-8 text */
	assert_string_equal(got, "1:a\xef\xbf\xbd" "b\n");
	free(got);
}

static void
test_malformed(void **state)
{
	struct buf wide;
	char *got;

	(void)state;
	got = read_all("a,b\n1,2\n\"sin cerrar,3\n4,5\n", 26, NULL, NULL);
	assert_string_equal(got, "1:a|b\n2:1|2\n!3\n");
	free(got);
	buf_init(&wide);
	for (int i = 0; i < CSVR_MAX_FIELDS + 5; i++)
		buf_adds(&wide, "x,");
	buf_adds(&wide, "\n");
	got = read_all(wide.data, wide.len, NULL, NULL);
	assert_string_equal(got, "!1\n");
	free(got);
	buf_free(&wide);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_cp1252),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
