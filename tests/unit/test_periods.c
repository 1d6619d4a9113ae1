/* SPDX-License-Identifier: ISC */
/*
 * test_periods.c - the institution's named periods ([periods] in
 * tequio.conf, config/periods.c), read through the whole loader so every
 * mistake names its file and line: bad names, bad or half dates, a
 * period that ends before it starts, a repeated name, two periods that
 * share a day, a gap between two; a good list is sorted by its days and
 * finds the period of a day and of a name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/util.h"
#include "config/config.h"

static char tmpdir[] = "/tmp/tequio-periods-XXXXXX";

/* Lines 1-14; [periods] starts on line 15, its first key is line 16. */
static const char base[] =
    "[institution]\n"
    "name = Universidad Tecnológica del Valle\n"
    "[mailbox]\n"
    "address = servicio.social@utv.edu.mx\n"
    "imap_user = servicio.social\n"
    "imap_password = secreto\n"
    "[roles]\n"
    "coordinators = coordinacion@utv.edu.mx\n"
    "student_domains = alumnos.utv.edu.mx\n"
    "[storage]\n"
    "database = tequio.db\n"
    "spool = spool\n"
    "[security]\n"
    "secret_file = secret.key\n"
    "[periods]\n";

static int
load(const char *periods, struct config *cfg, char *err, size_t errlen)
{
	char *path = xasprintf("%s/p.conf", tmpdir);
	FILE *fp = fopen(path, "w");
	int rc;

	assert_non_null(fp);
	fputs(base, fp);
	fputs(periods, fp);
	fclose(fp);
	rc = config_load(path, cfg, err, errlen);
	free(path);
	return rc;
}

static void
expect_error(const char *periods, const char *line, const char *want)
{
	char err[512] = "";
	struct config cfg;

	assert_int_equal(load(periods, &cfg, err, sizeof(err)), -1);
	if (strstr(err, line) == NULL || strstr(err, want) == NULL)
		fail_msg("error \"%s\" lacks \"%s\" or \"%s\"", err, line,
		    want);
}

static void
test_good(void **state)
{
	char err[512] = "";
	struct config cfg;
	const struct period *p;
	struct ymd d = {2027, 8, 1}, before = {2027, 1, 31};
	char *s;

	(void)state;
	/* Out of order in the file, "a" between the dates, a comment. */
	assert_int_equal(load("2027B = 01/08/2027 a 31/01/2028 ; otoño\n"
	    "2027A = 01/02/2027 - 31/07/2027\n", &cfg, err, sizeof(err)), 0);
	assert_int_equal(cfg.periods.n, 2);
	assert_string_equal(cfg.periods.v[0].name, "2027A");
	assert_int_equal(cfg.periods.v[0].line, 17);
	p = periods_at(&cfg.periods, d);
	assert_non_null(p);
	assert_string_equal(p->name, "2027B");
	assert_null(periods_at(&cfg.periods, before));
	p = periods_find(&cfg.periods, "2027a");
	assert_non_null(p);
	s = period_describe(p);
	assert_string_equal(s, "2027A (del 1 de febrero de 2027 al 31 de "
	    "julio de 2027)");
	free(s);
	assert_null(periods_find(&cfg.periods, "2027C"));
	config_free(&cfg);
}

static void
test_none(void **state)
{
	char err[512] = "";
	struct config cfg;
	struct ymd d = {2027, 8, 1};

	(void)state;
	assert_int_equal(load("", &cfg, err, sizeof(err)), 0);
	assert_int_equal(cfg.periods.n, 0);
	assert_null(periods_at(&cfg.periods, d));
	config_free(&cfg);
}

static void
test_mistakes(void **state)
{
	(void)state;
	expect_error("2027 A = 01/02/2027 - 31/07/2027\n", "p.conf:16:",
	    "el nombre de periodo «2027 A» no sirve");
	expect_error("2027A = 01/02/2027-31/07/2027\n", "p.conf:16:",
	    "no es «dd/mm/aaaa - dd/mm/aaaa»");
	expect_error("2027A = 31/02/2027 - 31/07/2027\n", "p.conf:16:",
	    "«31/02/2027» no es una fecha");
	expect_error("2027A = 01/02 - 31/07\n", "p.conf:16:",
	    "«01/02» no es una fecha");
	expect_error("2027A = 01/02/27 - 31/07/27\n", "p.conf:16:",
	    "no es una fecha");
	expect_error("2027A = 01/02/2027 - 31/07/2027x\n", "p.conf:16:",
	    "no es una fecha");
	expect_error("2027A = 01/08/2027 - 31/07/2027\n", "p.conf:16:",
	    "termina (31/07/2027) antes de empezar (01/08/2027)");
	expect_error("2027A = 01/02/2027 - 31/07/2027\n"
	    "2027a = 01/08/2027 - 31/01/2028\n", "p.conf:17:",
	    "ya se nombró en la línea 16");
	expect_error("2027A = 01/02/2027 - 31/07/2027\n"
	    "2027B = 31/07/2027 - 31/01/2028\n", "p.conf:17:",
	    "el periodo 2027B empieza el 31/07/2027, dentro del periodo 2027A");
	/* Overlap found whatever the order in the file. */
	expect_error("2027B = 15/07/2027 - 31/01/2028\n"
	    "2027A = 01/02/2027 - 31/07/2027\n", "p.conf:16:",
	    "dentro del periodo 2027A (línea 17");
	expect_error("2027A = 01/02/2027 - 31/07/2027\n"
	    "2027B = 15/08/2027 - 31/01/2028\n", "p.conf:17:",
	    "ningún periodo cubre los días de en medio; haga empezar 2027B el 01/08/2027");
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char *path = xasprintf("%s/p.conf", tmpdir);

	(void)state;
	unlink(path);
	free(path);
	return rmdir(tmpdir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_none),
		cmocka_unit_test(test_mistakes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
