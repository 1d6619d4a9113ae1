/* SPDX-License-Identifier: ISC */
/*
 * test_caldate.c - dates in the institution's zone (common/caldate.c):
 * a UTC evening is still the same day in Mexico City, months clamp to the
 * month's end, the Mexican federal holidays (including the movable
 * Mondays) are not business days, a zone name cannot reach outside the tz
 * database, and dates and hours people type in a report
 * (handlers/report_form.c) are understood or refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/caldate.h"
#include "common/util.h"
#include "handlers/report_form.h"

static struct ymd
day(int y, int m, int d)
{
	struct ymd r = {y, m, d};

	return r;
}

static void
assert_day(struct ymd got, int y, int m, int d)
{
	assert_int_equal(got.y, y);
	assert_int_equal(got.m, m);
	assert_int_equal(got.d, d);
}

/* 2026-12-05 01:30 UTC is the evening of 4 December in Mexico City: a
   UTC server must not date the letter the 5th. */
static void
test_zone_day(void **state)
{
	(void)state;
	assert_int_equal(tz_apply("America/Mexico_City"), 0);
	assert_day(ymd_of(1796434200), 2026, 12, 4);
	assert_int_equal(tz_apply("UTC"), 0);
	assert_day(ymd_of(1796434200), 2026, 12, 5);
	assert_int_equal(tz_apply("America/Mexico_City"), 0);
	/* Local midnight of the 4th is 06:00 UTC (no DST since 2022). */
	assert_int_equal(ymd_start(day(2026, 12, 4)), 1796364000);
}

/* tequioctl export dates: ISO 8601 in the institution's zone, with the
   offset in its extended form (-06:00, not strftime's -0600). */
static void
test_iso8601(void **state)
{
	char out[40], small[10];

	(void)state;
	assert_int_equal(tz_apply("America/Mexico_City"), 0);
	iso8601_local(1795000000, out, sizeof(out));
	assert_string_equal(out, "2026-11-18T05:06:40-06:00");
	assert_int_equal(tz_apply("America/Tijuana"), 0);
	iso8601_local(1784000000, out, sizeof(out));	/* July: DST */
	assert_string_equal(out, "2026-07-13T20:33:20-07:00");
	iso8601_local(1795000000, small, sizeof(small));
	assert_string_equal(small, "");
	assert_int_equal(tz_apply("America/Mexico_City"), 0);
}

static void
test_zone_names(void **state)
{
	(void)state;
	assert_true(tz_known("America/Mexico_City"));
	assert_true(tz_known("America/Tijuana"));
	assert_false(tz_known("Mars/Olympus_Mons"));
	assert_false(tz_known("../../../etc/passwd"));
	assert_false(tz_known("/etc/passwd"));
	assert_false(tz_known(""));
	assert_false(tz_known("America"));	/* a directory, not a zone */
	assert_int_equal(tz_apply("Mars/Olympus_Mons"), -1);
}

static void
test_months(void **state)
{
	(void)state;
	assert_day(ymd_add_months(day(2026, 12, 4), 6), 2027, 6, 4);
	assert_day(ymd_add_months(day(2026, 8, 31), 6), 2027, 2, 28);
	assert_day(ymd_add_months(day(2027, 8, 31), 6), 2028, 2, 29);
	assert_day(ymd_add_months(day(2026, 12, 4), 24), 2028, 12, 4);
	assert_int_equal(ymd_months_between(day(2026, 12, 4),
	    day(2027, 6, 3)), 5);
	assert_int_equal(ymd_months_between(day(2026, 12, 4),
	    day(2027, 6, 4)), 6);
	assert_day(ymd_from_days(ymd_days(day(2028, 2, 29))), 2028, 2, 29);
	assert_int_equal(ymd_weekday(day(2026, 12, 4)), 5);	/* Friday */
}

static void
test_holidays(void **state)
{
	(void)state;
	assert_true(ymd_holiday(day(2027, 1, 1)));
	assert_true(ymd_holiday(day(2027, 2, 1)));	/* 1st Monday */
	assert_false(ymd_holiday(day(2027, 2, 5)));	/* the old date */
	assert_true(ymd_holiday(day(2027, 3, 15)));	/* 3rd Monday */
	assert_false(ymd_holiday(day(2027, 3, 21)));
	assert_true(ymd_holiday(day(2027, 5, 1)));
	assert_true(ymd_holiday(day(2027, 9, 16)));
	assert_true(ymd_holiday(day(2027, 11, 15)));	/* 3rd Monday */
	assert_true(ymd_holiday(day(2026, 12, 25)));
	assert_true(ymd_holiday(day(2030, 10, 1)));
	assert_false(ymd_holiday(day(2027, 10, 1)));
	/* Friday 12 March 2027 + 1 business day skips the weekend and the
	   holiday of Monday the 15th. */
	assert_day(ymd_add_business(day(2027, 3, 12), 1), 2027, 3, 16);
	assert_int_equal(ymd_business_between(day(2027, 3, 12),
	    day(2027, 3, 16)), 1);
	assert_day(ymd_add_business(day(2026, 12, 4), 10), 2026, 12, 18);
}

static void
test_parse(void **state)
{
	struct ymd d;
	char *s;

	(void)state;
	assert_int_equal(ymd_parse("04/01/2027", &d), 0);
	assert_day(d, 2027, 1, 4);
	assert_int_equal(ymd_parse(" 4-1-27", &d), 0);
	assert_day(d, 2027, 1, 4);
	assert_int_equal(ymd_parse("31/02/2027", &d), -1);
	assert_int_equal(ymd_parse("04/13/2027", &d), -1);
	assert_int_equal(ymd_parse("04/01/20271", &d), -1);
	assert_int_equal(ymd_parse("hoy", &d), -1);
	s = ymd_es(day(2027, 6, 4));
	assert_string_equal(s, "4 de junio de 2027");
	free(s);
	s = ymd_numeric(day(2027, 6, 4));
	assert_string_equal(s, "04/06/2027");
	free(s);
}

/* Report fields as students write them. */
static void
test_report_fields(void **state)
{
	struct ymd today = {2027, 3, 10}, from, to;
	int h;

	(void)state;
	assert_int_equal(hours_parse("176", &h), 0);
	assert_int_equal(h, 176);
	assert_int_equal(hours_parse("176 horas", &h), 0);
	assert_int_equal(h, 176);
	assert_int_equal(hours_parse(" aprox. 90 hrs", &h), 0);
	assert_int_equal(h, 90);
	assert_int_equal(hours_parse("176.5", &h), -1);
	assert_int_equal(hours_parse("1,200", &h), -1);
	assert_int_equal(hours_parse("ciento ochenta", &h), -1);
	assert_int_equal(hours_parse("0", &h), -1);
	assert_int_equal(hours_parse("99999", &h), -1);

	assert_int_equal(period_parse("04/01/2027 a 03/03/2027", today,
	    &from, &to), 0);
	assert_day(from, 2027, 1, 4);
	assert_day(to, 2027, 3, 3);
	assert_int_equal(period_parse("del 4 de enero al 3 de marzo", today,
	    &from, &to), 0);
	assert_day(from, 2027, 1, 4);
	assert_day(to, 2027, 3, 3);
	/* No year: the end is the last such day not after today, and the
	   start the one before the end. */
	assert_int_equal(period_parse("Del 15 de Noviembre al 20 de Abril",
	    today, &from, &to), 0);
	assert_day(from, 2025, 11, 15);
	assert_day(to, 2026, 4, 20);
	assert_int_equal(period_parse("1 de diciembre de 2026 – 28 de "
	    "febrero de 2027", today, &from, &to), 0);
	assert_day(from, 2026, 12, 1);
	assert_day(to, 2027, 2, 28);
	assert_int_equal(period_parse("4 de setiembre al 3-10-26", today,
	    &from, &to), 0);
	assert_day(from, 2026, 9, 4);
	assert_day(to, 2026, 10, 3);
	assert_int_equal(period_parse("enero a marzo", today, &from, &to),
	    -1);
	assert_int_equal(period_parse("04/01/2027", today, &from, &to), -1);
	assert_int_equal(period_parse("1/1/2027 a 2/2/2027 a 3/3/2027", today,
	    &from, &to), -1);
	assert_int_equal(period_parse("31 de febrero al 3 de marzo", today,
	    &from, &to), -1);
	assert_int_equal(period_parse("4 de brumario al 3 de marzo", today,
	    &from, &to), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zone_day),
		cmocka_unit_test(test_zone_names),
		cmocka_unit_test(test_months),
		cmocka_unit_test(test_holidays),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_iso8601),
		cmocka_unit_test(test_report_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
