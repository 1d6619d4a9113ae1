/* SPDX-License-Identifier: ISC */
/*
 * test_spool.c - the spool's error paths, each step made to fail through
 * the sanitizer build's fault hook (TEQUIO_TEST_FAIL, common/fault.h):
 * a failed put says so with the system's errno, leaves no temporary file
 * and no half-published file behind, and is noted as a failure that
 * passes (the pipeline then retries rather than sets the message aside);
 * once the fault is gone the same put works.  And a file whose put failed
 * after its rename is not taken for durable by a later put of the same
 * bytes.  What an interrupted write left in tmp/ goes once it is an
 * hour old, and nothing else there does.  (A batch's pack:
 * test_spool_pack.c.)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/fault.h"
#include "common/util.h"
#include "spool/spool.h"

struct fx {
	char dir[64];
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	char err[256];

	snprintf(f->dir, sizeof(f->dir), "/tmp/tequio-spool-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	assert_int_equal(spool_init(f->dir, err, sizeof(err)), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char *cmd = xasprintf("rm -rf '%s'", f->dir);

	unsetenv("TEQUIO_TEST_FAIL");
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(f);
	return 0;
}

static void
inject(const char *point, int err)
{
	char *v = xasprintf("%s:%d", point, err);

	setenv("TEQUIO_TEST_FAIL", v, 1);
	free(v);
}

/* Entries in a directory, but for "." and "..". */
static int
dir_entries(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

/* Entries in dir/tmp: a failed put leaves none. */
static int
tmp_entries(const struct fx *f)
{
	char *tmp = xasprintf("%s/tmp", f->dir);
	int n = dir_entries(tmp);

	free(tmp);
	return n;
}

/* Where spool_put would publish data under "msg". */
static char *
final_path(const struct fx *f, const char *data)
{
	char sha[SPOOL_SHA_HEX];

	spool_sha256_hex(data, strlen(data), sha);
	return xasprintf("%s/msg/%.2s/%s", f->dir, sha, sha);
}

/* Make the fan-out directory data goes in, as an earlier put would have. */
static void
fan_out_exists(const struct fx *f, const char *data)
{
	char sha[SPOOL_SHA_HEX], *sub;

	spool_sha256_hex(data, strlen(data), sha);
	sub = xasprintf("%s/msg/%.2s", f->dir, sha);
	assert_true(mkdir(sub, 0700) == 0 || errno == EEXIST);
	free(sub);
}

static const struct {
	const char *point;
	int err;
	int fan_out;		/* its fan-out directory exists already */
	int published;		/* the file is in place despite the failure */
} steps[] = {
	{"spool.create", EACCES, 1, 0},
	{"spool.write", ENOSPC, 1, 0},
	{"spool.fsync", EIO, 1, 0},
	{"spool.mkdir", EDQUOT, 0, 0},
	{"spool.rename", EIO, 1, 0},
	/* a new fan-out directory, before the file is written */
	{"spool.dirsync", EIO, 0, 0},
	/* the file's own directory, after the rename */
	{"spool.dirsync", EIO, 1, 1},
};

static void
test_each_step_fails_cleanly(void **state)
{
	struct fx *f = *state;

	for (size_t i = 0; i < ARRAY_LEN(steps); i++) {
		char sha[SPOOL_SHA_HEX], *path = NULL, *data, *final, *back;
		size_t len;
		struct stat sb;

		data = xasprintf("From: a@b.c\r\nSubject: paso %zu %s\r\n\r\n"
		    "x\r\n", i, steps[i].point);
		final = final_path(f, data);
		if (steps[i].fan_out)
			fan_out_exists(f, data);
		inject(steps[i].point, steps[i].err);
		fault_clear();
		errno = 0;
		if (spool_put(f->dir, "msg", data, strlen(data), 0600, sha,
		    &path) != -1)
			fail_msg("%s: spool_put did not fail", steps[i].point);
		assert_int_equal(errno, steps[i].err);
		assert_null(path);
		if (!fault_is_transient())
			fail_msg("%s: not noted as a failure that passes",
			    steps[i].point);
		assert_non_null(strstr(fault_why(), strerror(steps[i].err)));
		if (tmp_entries(f) != 0)
			fail_msg("%s: a temporary file was left behind",
			    steps[i].point);
		assert_int_equal(stat(final, &sb) == 0, steps[i].published);

		/* The fault gone, the same put works. */
		unsetenv("TEQUIO_TEST_FAIL");
		assert_int_equal(spool_put(f->dir, "msg", data, strlen(data),
		    0600, sha, &path), 0);
		assert_string_equal(path, final);
		assert_int_equal(spool_read(path, 1 << 20, &back, &len), 0);
		assert_int_equal(len, strlen(data));
		assert_memory_equal(back, data, len);
		free(back);
		free(path);
		free(final);
		free(data);
	}
}

/*
 * The rename went through but the directory could not be synced: the
 * file is there, not durable.  A second put of the same bytes must sync
 * it again, not answer "already stored".
 */
static void
test_unsynced_file_not_taken_for_durable(void **state)
{
	struct fx *f = *state;
	static const char data[] = "Subject: dos veces\r\n\r\nlo mismo\r\n";
	char sha[SPOOL_SHA_HEX], *path = NULL, *final = final_path(f, data);
	struct stat sb;

	fan_out_exists(f, data);
	inject("spool.dirsync", EIO);
	assert_int_equal(spool_put(f->dir, "msg", data, strlen(data), 0600,
	    sha, &path), -1);
	assert_int_equal(stat(final, &sb), 0);
	assert_int_equal(spool_put(f->dir, "msg", data, strlen(data), 0600,
	    sha, &path), -1);
	assert_int_equal(errno, EIO);
	free(final);
	unsetenv("TEQUIO_TEST_FAIL");
	assert_int_equal(spool_put(f->dir, "msg", data, strlen(data), 0600,
	    sha, &path), 0);
	free(path);
}

/* A file in tmp/ last written at now - age; returns its path. */
static char *
tmp_file(const struct fx *f, const char *name, time_t now, int age)
{
	char *p = xasprintf("%s/tmp/%s", f->dir, name);
	struct timespec ts[2] = {{now - age, 0}, {now - age, 0}};
	FILE *fp = fopen(p, "w");

	assert_non_null(fp);
	assert_int_equal(fputs("sealed bytes", fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
	return p;
}

/*
 * A kill -9 in the middle of spool_put or of a pack leaves its file in
 * tmp/: once an hour old it is removed, by the real clock.  A younger
 * one (a --pipe delivery being written now), a directory, and a link
 * (never followed: its old target elsewhere is not the spool's) stay.
 */
static void
test_tmp_leftovers_swept(void **state)
{
	struct fx *f = *state;
	time_t now = time(NULL);
	char *old = tmp_file(f, "aB3xYz", now, SPOOL_TMP_MAX_AGE + 60);
	char *pack = tmp_file(f, "0123abcd.pack", now, 2 * 86400);
	char *young = tmp_file(f, "Qw9rTy", now, SPOOL_TMP_MAX_AGE - 60);
	char *target = xasprintf("%s/msg/keep", f->dir);
	char *link = xasprintf("%s/tmp/link", f->dir);
	char *sub = xasprintf("%s/tmp/sub", f->dir);
	struct stat sb;
	FILE *fp;

	assert_non_null(fp = fopen(target, "w"));
	assert_int_equal(fclose(fp), 0);
	{
		struct timespec ts[2] = {{now - 86400, 0}, {now - 86400, 0}};

		assert_int_equal(utimensat(AT_FDCWD, target, ts, 0), 0);
	}
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(mkdir(sub, 0700), 0);

	assert_int_equal(spool_sweep_tmp(f->dir, now, SPOOL_TMP_MAX_AGE), 2);
	assert_int_equal(stat(old, &sb), -1);
	assert_int_equal(stat(pack, &sb), -1);
	assert_int_equal(stat(young, &sb), 0);
	assert_int_equal(stat(target, &sb), 0);
	assert_int_equal(lstat(link, &sb), 0);
	assert_int_equal(stat(sub, &sb), 0);
	/* Nothing more is due: a second sweep removes nothing. */
	assert_int_equal(spool_sweep_tmp(f->dir, now, SPOOL_TMP_MAX_AGE), 0);
	/* An hour on, the young one is due too. */
	assert_int_equal(spool_sweep_tmp(f->dir, now + SPOOL_TMP_MAX_AGE,
	    SPOOL_TMP_MAX_AGE), 1);
	assert_int_equal(stat(young, &sb), -1);
	assert_int_equal(rmdir(sub), 0);
	free(old);
	free(pack);
	free(young);
	free(target);
	free(link);
	free(sub);
}

/* The hook reads whole items: a point is not matched inside another. */
static void
test_hook_matches_whole_points(void **state)
{
	(void)state;
	setenv("TEQUIO_TEST_FAIL", "spool.fsync:5,spool.rename:28", 1);
	assert_int_equal(fault_inject("spool.fsync"), 5);
	assert_int_equal(fault_inject("spool.rename"), 28);
	assert_int_equal(fault_inject("spool.fs"), 0);
	assert_int_equal(fault_inject("fsync"), 0);
	assert_int_equal(fault_inject("spool.write"), 0);
	unsetenv("TEQUIO_TEST_FAIL");
	assert_int_equal(fault_inject("spool.fsync"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_each_step_fails_cleanly,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_unsynced_file_not_taken_for_durable, setup, teardown),
		cmocka_unit_test(test_hook_matches_whole_points),
		cmocka_unit_test_setup_teardown(test_tmp_leftovers_swept,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
