/* SPDX-License-Identifier: ISC */
/*
 * test_periodic.c - the periodic jobs of the daemon (jobs/periodic.c):
 * a job runs at the first call, then only when its interval has passed,
 * by the clock it is given; its last run survives a restart (a new
 * periodic on the same database); a job that fails is retried after a
 * minute, not at every call and not after a whole interval.
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
#include "jobs/periodic.h"
#include "store/store.h"

static char dir[] = "/tmp/tequio-periodic-XXXXXX";

struct counter {
	int runs;
	int fail;		/* return -1 while set */
	int64_t last_now;
};

static int
count_run(void *arg, int64_t now)
{
	struct counter *c = arg;

	c->runs++;
	c->last_now = now;
	return c->fail ? -1 : 0;
}

static struct store *
open_store(const char *name)
{
	char *path = xasprintf("%s/%s", dir, name), err[256];
	struct store *st;

	assert_int_equal(store_open(path, &st, err, sizeof(err)), 0);
	free(path);
	return st;
}

static void
test_runs_when_due(void **state)
{
	struct store *st = open_store("due.db");
	struct periodic *p = periodic_new(st);
	struct counter hourly = {0, 0, 0}, daily = {0, 0, 0};
	const int64_t t = 1795000000;

	(void)state;
	periodic_add(p, "test.hourly", 3600, count_run, &hourly);
	periodic_add(p, "test.daily", 86400, count_run, &daily);
	assert_int_equal(periodic_next(p, t), 0);
	assert_int_equal(periodic_run(p, t), 2);
	assert_int_equal(periodic_run(p, t + 3599), 0);
	assert_int_equal(periodic_next(p, t + 3599), 1);
	assert_int_equal(periodic_run(p, t + 3600), 1);
	assert_int_equal(hourly.runs, 2);
	assert_int_equal(daily.runs, 1);
	periodic_free(p);

	/* A restart remembers: nothing is due again before its time. */
	p = periodic_new(st);
	periodic_add(p, "test.hourly", 3600, count_run, &hourly);
	periodic_add(p, "test.daily", 86400, count_run, &daily);
	assert_int_equal(periodic_run(p, t + 3700), 0);
	assert_int_equal(periodic_next(p, t + 3700), 3500);
	assert_int_equal(periodic_run(p, t + 86400), 2);
	assert_int_equal(daily.runs, 2);
	assert_true(daily.last_now == t + 86400);
	periodic_free(p);
	store_close(st);
}

static void
test_failure_retried_after_a_minute(void **state)
{
	struct store *st = open_store("fail.db");
	struct periodic *p = periodic_new(st);
	struct counter c = {0, 1, 0};
	const int64_t t = 1795000000;

	(void)state;
	periodic_add(p, "test.flaky", 86400, count_run, &c);
	assert_int_equal(periodic_run(p, t), 0);
	assert_int_equal(c.runs, 1);
	/* Not at every call (no tight loop)... */
	assert_int_equal(periodic_run(p, t + 1), 0);
	assert_int_equal(c.runs, 1);
	assert_int_equal(periodic_next(p, t + 1), 59);
	/* ...but after a minute, not after a day. */
	c.fail = 0;
	assert_int_equal(periodic_run(p, t + 60), 1);
	assert_int_equal(c.runs, 2);
	assert_int_equal(periodic_next(p, t + 60), 86400);
	periodic_free(p);
	store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runs_when_due),
		cmocka_unit_test(test_failure_retried_after_a_minute),
	};
	char *cmd;
	int rc;

	if (mkdtemp(dir) == NULL)
		return 1;
	rc = cmocka_run_group_tests_name("periodic", tests, NULL, NULL);
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		rc = 1;
	free(cmd);
	return rc;
}
