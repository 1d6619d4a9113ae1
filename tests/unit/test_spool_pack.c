/* SPDX-License-Identifier: ISC */
/*
 * test_spool_pack.c - a batch's messages in one pack (spool/spool_pack.h):
 * members read back whole through spool_read and the pack holds no
 * plaintext; a member path that does not follow the pattern, points past
 * the end of its pack (a pack cut short) or at a file that is no pack is
 * refused, never read short; a member is only readable with the key it
 * was sealed with, and no pack is written without one; a member erased
 * (punched, or zeroed where punching fails) reads as gone while its
 * neighbours still read; a whole file removed is not gone until its
 * directory is synced; a file with a '#' in its name that names no pack
 * (the operator's logo) reads whole; keep_only erases the rest of a pack; and every
 * step of publishing, made to fail through the fault hook, leaves nothing
 * at the final path and nothing in tmp.
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
#include <unistd.h>

#include <cmocka.h>

#include "common/fault.h"
#include "common/util.h"
#include "spool/spool.h"
#include "spool/spool_pack.h"

static const unsigned char key1[SPOOL_KEY_LEN] =
    "0123456789abcdef0123456789abcde";
static const unsigned char key2[SPOOL_KEY_LEN] =
    "fedcba9876543210fedcba987654321";

#define N_MSG	3

struct fx {
	char dir[64];
	char *msg[N_MSG];
	size_t len[N_MSG];
	char *member[N_MSG];
	char sha[N_MSG][SPOOL_SHA_HEX];
	char *pack;
};

/* Three messages; the second crosses a 64 KiB chunk of the seal. */
static char *
message(int i, size_t *len)
{
	struct buf b;

	buf_init(&b);
	buf_printf(&b, "From: alumno%d@alumnos.utv.edu.mx\r\nSubject: "
	    "REGISTRO\r\n\r\nMatrícula: 2026%04d, CURP PEMM800101MOCRRR09\r\n",
	    i, i);
	while (i == 1 && b.len < 70000)
		buf_adds(&b, "domicilio: Av. Juárez 100, Oaxaca de Juárez\r\n");
	*len = b.len;
	return buf_steal(&b);
}

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	char err[256];

	snprintf(f->dir, sizeof(f->dir), "/tmp/tequio-pack-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	assert_int_equal(spool_init(f->dir, err, sizeof(err)), 0);
	spool_set_key(key1);
	for (int i = 0; i < N_MSG; i++)
		f->msg[i] = message(i, &f->len[i]);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char *cmd = xasprintf("rm -rf '%s'", f->dir);

	unsetenv("TEQUIO_TEST_FAIL");
	spool_set_key(NULL);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	for (int i = 0; i < N_MSG; i++) {
		free(f->msg[i]);
		free(f->member[i]);
	}
	free(f->pack);
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

/* Entries of dir/sub, but for "." and "..". */
static int
entries(const struct fx *f, const char *sub)
{
	char *path = xasprintf("%s/%s", f->dir, sub);
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	free(path);
	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

/* Files in the pack's own fan-out directory (spool/pack/xx). */
static int
in_sub(const char *pack)
{
	char *sub = xstrndup(pack, (size_t)(strrchr(pack, '/') - pack));
	DIR *d = opendir(sub);
	struct dirent *e;
	int n = 0;

	free(sub);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

/* The three messages in one published pack. */
static void
write_pack(struct fx *f)
{
	struct spool_pack *pk = spool_pack_new(f->dir);

	for (int i = 0; i < N_MSG; i++)
		assert_int_equal(spool_pack_add(pk, f->msg[i], f->len[i],
		    f->sha[i], &f->member[i]), 0);
	assert_int_equal(spool_pack_publish(pk), 0);
	f->pack = xstrdup(spool_pack_path(pk));
	spool_pack_free(pk);
}

/* spool_read of a member: 0 and the message, or -1 and errno. */
static int
read_member(const struct fx *f, int i, int *err)
{
	char *back = NULL;
	size_t blen = 0;
	int rc = spool_read(f->member[i], 1 << 20, &back, &blen);

	*err = errno;
	if (rc == 0) {
		assert_int_equal(blen, f->len[i]);
		assert_memory_equal(back, f->msg[i], blen);
		free(back);
	}
	return rc;
}

static char *
slurp(const char *path, size_t *len)
{
	char *data;

	assert_int_equal(read_file(path, 1 << 24, &data, len), 0);
	return data;
}

static void
test_members_read_back_sealed(void **state)
{
	struct fx *f = *state;
	char sha[SPOOL_SHA_HEX], *data, *pack;
	uint64_t off, len;
	size_t plen;
	int err;

	write_pack(f);
	for (int i = 0; i < N_MSG; i++) {
		assert_int_equal(read_member(f, i, &err), 0);
		spool_sha256_hex(f->msg[i], f->len[i], sha);
		assert_string_equal(f->sha[i], sha);
		assert_int_equal(spool_member_parse(f->member[i], &pack, &off,
		    &len), 1);
		assert_string_equal(pack, f->pack);
		free(pack);
	}
	/* One file in the pack area (its 256 directories made with the
	   spool), nothing left in tmp. */
	assert_int_equal(entries(f, "tmp"), 0);
	assert_int_equal(entries(f, "pack"), 256);
	assert_int_equal(in_sub(f->pack), 1);
	data = slurp(f->pack, &plen);
	assert_null(memmem(data, plen, "PEMM800101", 10));
	assert_null(memmem(data, plen, "Juárez", strlen("Juárez")));
	free(data);
	/* A limit below the message's size is refused, not read short. */
	assert_int_equal(spool_read(f->member[1], f->len[1] - 100, &data,
	    &plen), -1);
	assert_int_equal(errno, EFBIG);
}

static void
test_malformed_member_paths(void **state)
{
	struct fx *f = *state;
	static const char *const bad[] = {
		".pack#8+10",				/* no name */
		"/s/pack/ab/ab.pack#8+10",		/* short name */
		"/s/pack/ab/AB0123456789abcdef0123456789abcd.pack#8+10",
		"/s/pack/ab/ab0123456789abcdef0123456789abcd0.pack#8+10",
		"/s/pack/ab/ab0123456789abcdef0123456789abcd.pack#08+10",
		"/s/pack/ab/ab0123456789abcdef0123456789abcd.pack#8+0",
		"/s/pack/ab/ab0123456789abcdef0123456789abcd.pack#4+10",
		"/s/pack/ab/ab0123456789abcdef0123456789abcd.pack#8+10x",
		"/s/pack/ab/ab0123456789abcdef0123456789abcd.pack#8-10",
		"/s/pack/ab/ab0123456789abcdef0123456789abcd.pack#+10",
		"/s/pack/ab/ab0123456789abcdef0123456789abcd.pack#8+",
		"/s/pack/ab/ab0123456789abcdef0123456789abcd.pack#8+10#1",
		"/s/pack/ab/ab0123456789abcdef0123456789abcd.pack#-8+10",
		"/s/pack/ab/ab0123456789abcdef0123456789abcd.pack#"
		    "99999999999999999999+1",
		"/s/pack/ab/ab0123456789abcdef0123456789abcd.pack#"
		    "9223372036854775800+100",
	};
	char *pack = NULL, *out = NULL;
	uint64_t off, len;
	size_t olen;

	(void)f;
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		errno = 0;
		if (spool_member_parse(bad[i], &pack, &off, &len) != -1)
			fail_msg("taken for a member: %s", bad[i]);
		assert_int_equal(errno, EINVAL);
		assert_int_equal(spool_read(bad[i], 100, &out, &olen), -1);
		assert_int_equal(errno, EINVAL);
		assert_int_equal(spool_remove(bad[i]), -1);
	}
	/* A content-addressed path is a whole file, whatever its folder;
	   so is any file whose name has a '#' but names no pack. */
	assert_int_equal(spool_member_parse("/var/x#1+2/msg/ab/ab01", &pack,
	    &off, &len), 0);
	assert_int_equal(spool_member_parse("/s/pack/ab/ab0123456789abcdef"
	    "0123456789abcd.pak#8+10", &pack, &off, &len), 0);
	assert_int_equal(spool_member_parse("#8+10", &pack, &off, &len), 0);
	/* The largest offset and length that still fit. */
	assert_int_equal(spool_member_parse("/s/pack/ab/ab0123456789abcdef"
	    "0123456789abcd.pack#9223372036854775800+7", &pack, &off, &len), 1);
	assert_true(off == 9223372036854775800ULL && len == 7);
	assert_string_equal(pack, "/s/pack/ab/ab0123456789abcdef0123456789abcd"
	    ".pack");
	free(pack);
}

/* The configured logo ([institution] logo) is read through spool_read
   like an agency's, from wherever the operator keeps it: a '#' in its
   name does not make it a member of a pack. */
static void
test_file_with_hash_in_name(void **state)
{
	struct fx *f = *state;
	char *path = xasprintf("%s/escudo#2026.png", f->dir), *out;
	size_t len;
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(fputs("\x89PNG logo", fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(spool_read(path, 100, &out, &len), 0);
	assert_int_equal(len, 9);
	free(out);
	assert_int_equal(spool_remove(path), 0);
	assert_int_equal(access(path, F_OK), -1);
	free(path);
}

static void
test_cut_pack_and_not_a_pack(void **state)
{
	struct fx *f = *state;
	char *member, *data, *out;
	uint64_t off, len;
	size_t dlen;
	int err;

	write_pack(f);
	/* Cut in the last member: it is refused whole, the others read. */
	assert_int_equal(spool_member_parse(f->member[2], &data, &off, &len),
	    1);
	free(data);
	assert_int_equal(truncate(f->pack, (off_t)(off + len - 1)), 0);
	assert_int_equal(read_member(f, 2, &err), -1);
	assert_int_equal(err, EBADMSG);
	assert_int_equal(read_member(f, 0, &err), 0);
	assert_int_equal(read_member(f, 1, &err), 0);
	/* Cut before the member even starts. */
	assert_int_equal(truncate(f->pack, (off_t)off - 10), 0);
	assert_int_equal(read_member(f, 2, &err), -1);
	assert_int_equal(err, EBADMSG);
	/* A member path naming a file that does not start as a pack. */
	data = slurp(f->pack, &dlen);
	data[1] = 'X';
	assert_int_equal(unlink(f->pack), 0);
	{
		FILE *fp = fopen(f->pack, "wb");

		assert_non_null(fp);
		assert_int_equal(fwrite(data, 1, dlen, fp), dlen);
		assert_int_equal(fclose(fp), 0);
	}
	free(data);
	assert_int_equal(read_member(f, 0, &err), -1);
	assert_int_equal(err, EINVAL);
	/* A pack that is not there. */
	assert_int_equal(unlink(f->pack), 0);
	assert_int_equal(read_member(f, 0, &err), -1);
	assert_int_equal(err, ENOENT);
	/* ... and a member path of a directory. */
	member = xasprintf("%s/tmp/ab0123456789abcdef0123456789abcd.pack",
	    f->dir);
	assert_int_equal(mkdir(member, 0700), 0);
	data = xasprintf("%s#8+10", member);
	assert_int_equal(spool_read(data, 100, &out, &dlen), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(rmdir(member), 0);
	free(data);
	free(member);
}

static void
test_only_sealed_packs(void **state)
{
	struct fx *f = *state;
	struct spool_pack *pk;
	char sha[SPOOL_SHA_HEX], *member = NULL;
	int err;

	write_pack(f);
	/* Another key, or none: the member is refused. */
	spool_set_key(key2);
	assert_int_equal(read_member(f, 0, &err), -1);
	assert_int_equal(err, EBADMSG);
	spool_set_key(NULL);
	assert_int_equal(read_member(f, 0, &err), -1);
	assert_int_equal(err, ENOKEY);
	/* No key, no pack: nothing is written in the clear. */
	pk = spool_pack_new(f->dir);
	assert_int_equal(spool_pack_add(pk, f->msg[0], f->len[0], sha,
	    &member), -1);
	assert_int_equal(errno, ENOKEY);
	assert_null(member);
	assert_int_equal(spool_pack_publish(pk), -1);
	spool_pack_free(pk);
	assert_int_equal(entries(f, "tmp"), 0);
	spool_set_key(key1);
	assert_int_equal(read_member(f, 0, &err), 0);
}

/* Whether [off, off+len) of the file at path is all zeros. */
static int
zeroed(const char *path, const char *member)
{
	char *pack, *data;
	uint64_t off, len;
	size_t dlen;
	int zero = 1;

	assert_int_equal(spool_member_parse(member, &pack, &off, &len), 1);
	assert_string_equal(pack, path);
	free(pack);
	data = slurp(path, &dlen);
	assert_true(off + len <= dlen);
	for (uint64_t i = off; i < off + len; i++)
		zero &= data[i] == 0;
	free(data);
	return zero;
}

/* Whether the file system of the spool punches holes (ext4, xfs, tmpfs
   do; where it does not, spool_remove writes zeros instead). */
static int
can_punch(const struct fx *f)
{
	char *path = xasprintf("%s/tmp/punch", f->dir);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600), ok;

	assert_true(fd >= 0);
	ok = fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0,
	    4096) == 0;
	close(fd);
	unlink(path);
	free(path);
	return ok;
}

static void
erase_one(struct fx *f, int punch_fails)
{
	struct stat before, after;
	int err;

	write_pack(f);
	assert_int_equal(stat(f->pack, &before), 0);
	if (punch_fails)
		inject("spool.punch", EOPNOTSUPP);
	assert_int_equal(spool_remove(f->member[1]), 0);
	unsetenv("TEQUIO_TEST_FAIL");
	assert_true(zeroed(f->pack, f->member[1]));
	assert_false(zeroed(f->pack, f->member[0]));
	assert_int_equal(read_member(f, 1, &err), -1);
	assert_int_equal(err, ENOENT);
	assert_int_equal(read_member(f, 0, &err), 0);
	assert_int_equal(read_member(f, 2, &err), 0);
	/* The other members keep their offsets: the size stays.  A hole
	   frees the blocks the member filled (this 70 KB one fills many);
	   zeros written keep them. */
	assert_int_equal(stat(f->pack, &after), 0);
	assert_int_equal(after.st_size, before.st_size);
	if (punch_fails)
		assert_true(after.st_blocks == before.st_blocks);
	else if (can_punch(f))
		assert_true(after.st_blocks < before.st_blocks);
	/* Erasing it again, or a member of a pack gone, is no error. */
	assert_int_equal(spool_remove(f->member[1]), 0);
}

static void
test_erase_punches(void **state)
{
	erase_one(*state, 0);
}

static void
test_erase_zeroes_where_punching_fails(void **state)
{
	erase_one(*state, 1);
}

static void
test_erase_fails_cleanly(void **state)
{
	struct fx *f = *state;
	int err;

	write_pack(f);
	/* A sync that fails is reported: the caller keeps the path. */
	inject("spool.fsync", EIO);
	assert_int_equal(spool_remove(f->member[0]), -1);
	assert_int_equal(errno, EIO);
	unsetenv("TEQUIO_TEST_FAIL");
	assert_int_equal(spool_remove(f->member[0]), 0);
	assert_int_equal(read_member(f, 0, &err), -1);
	assert_int_equal(err, ENOENT);
}

/* A whole file (a document, a message received by --pipe) is removed
   durably too: its directory is synced before the caller forgets the
   path, or a power cut could bring back a file no row points at. */
static void
test_remove_whole_file_synced(void **state)
{
	struct fx *f = *state;
	char sha[SPOOL_SHA_HEX], *path;

	assert_int_equal(spool_put(f->dir, "doc", f->msg[0], f->len[0], 0600,
	    sha, &path), 0);
	inject("spool.dirsync", EIO);
	assert_int_equal(spool_remove(path), -1);
	assert_int_equal(errno, EIO);
	unsetenv("TEQUIO_TEST_FAIL");
	assert_int_equal(access(path, F_OK), -1);
	/* Gone already, its directory is synced all the same. */
	inject("spool.dirsync", EIO);
	assert_int_equal(spool_remove(path), -1);
	unsetenv("TEQUIO_TEST_FAIL");
	assert_int_equal(spool_remove(path), 0);
	free(path);
}

static void
test_keep_only_and_remove(void **state)
{
	struct fx *f = *state;
	char *tmp;
	int err;

	write_pack(f);
	assert_int_equal(spool_pack_keep_only(f->pack, &f->member[1], 1), 0);
	assert_int_equal(read_member(f, 0, &err), -1);
	assert_int_equal(err, ENOENT);
	assert_int_equal(read_member(f, 2, &err), -1);
	assert_int_equal(err, ENOENT);
	assert_int_equal(read_member(f, 1, &err), 0);
	assert_true(zeroed(f->pack, f->member[0]));
	assert_true(zeroed(f->pack, f->member[2]));
	/* A member of another pack is refused, and nothing is erased. */
	assert_int_equal(spool_pack_keep_only("/elsewhere/ab0123456789abcdef"
	    "0123456789abcd.pack", &f->member[1], 1), -1);
	assert_int_equal(read_member(f, 1, &err), 0);
	/* What a crash left in tmp goes with the pack. */
	tmp = xasprintf("%s/tmp/%s", f->dir, strrchr(f->pack, '/') + 1);
	assert_int_equal(link(f->pack, tmp), 0);
	assert_int_equal(spool_pack_remove(f->dir, f->pack), 0);
	assert_int_equal(access(f->pack, F_OK), -1);
	assert_int_equal(access(tmp, F_OK), -1);
	free(tmp);
	assert_int_equal(spool_pack_remove(f->dir, f->pack), 0);
	assert_int_equal(spool_pack_remove(f->dir, "/x/not-a-pack"), -1);
}

/* Remove the fan-out directory pack would go into, unless a pack of
   this test is there already. */
static void
gone_sub(const char *pack)
{
	char *sub = xstrndup(pack, (size_t)(strrchr(pack, '/') - pack));

	if (rmdir(sub) != 0 && errno != ENOENT && errno != ENOTEMPTY)
		fail_msg("rmdir %s: %s", sub, strerror(errno));
	free(sub);
}

static void
test_failed_publish_leaves_nothing(void **state)
{
	struct fx *f = *state;
	static const struct {
		const char *point;
		int err;
		int at_add;	/* fails in spool_pack_add */
	} steps[] = {
		{"spool.create", ENOSPC, 1},
		{"spool.write", ENOSPC, 1},
		{"spool.fsync", EIO, 0},
		{"spool.mkdir", EACCES, 0},
		{"spool.rename", EXDEV, 0},
		{"spool.dirsync", EIO, 0},
		{"spool.dirsync", EIO, 0},	/* of a new directory */
	};

	for (size_t i = 0; i < ARRAY_LEN(steps); i++) {
		struct spool_pack *pk = spool_pack_new(f->dir);
		char sha[SPOOL_SHA_HEX], *member = NULL, *final;
		int rc;

		fault_clear();
		inject(steps[i].point, steps[i].err);
		rc = spool_pack_add(pk, f->msg[0], f->len[0], sha, &member);
		if (steps[i].at_add) {
			assert_int_equal(rc, -1);
		} else {
			assert_int_equal(rc, 0);
			/* A fan-out directory removed: made again. */
			if (strcmp(steps[i].point, "spool.mkdir") == 0 ||
			    i == ARRAY_LEN(steps) - 1)
				gone_sub(spool_pack_path(pk));
			rc = spool_pack_publish(pk);
		}
		if (rc != -1)
			fail_msg("%s: nothing failed", steps[i].point);
		assert_int_equal(errno, steps[i].err);
		assert_true(fault_is_transient());
		final = xstrdup(spool_pack_path(pk));
		spool_pack_free(pk);
		unsetenv("TEQUIO_TEST_FAIL");
		if (access(final, F_OK) == 0)
			fail_msg("%s: left %s", steps[i].point, final);
		assert_int_equal(entries(f, "tmp"), 0);
		free(final);
		free(member);
	}
	/* Once the fault is gone, the same works, in a directory made
	   again too. */
	write_pack(f);
	assert_int_equal(in_sub(f->pack), 1);
	{
		struct spool_pack *pk = spool_pack_new(f->dir);
		char sha[SPOOL_SHA_HEX], *member;

		gone_sub(spool_pack_path(pk));
		assert_int_equal(spool_pack_add(pk, f->msg[0], f->len[0], sha,
		    &member), 0);
		assert_int_equal(spool_pack_publish(pk), 0);
		assert_int_equal(in_sub(spool_pack_path(pk)), 1);
		spool_pack_free(pk);
		free(member);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_members_read_back_sealed,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed_member_paths,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_with_hash_in_name,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_cut_pack_and_not_a_pack,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_only_sealed_packs,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_erase_punches,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_erase_zeroes_where_punching_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erase_fails_cleanly,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_whole_file_synced,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_keep_only_and_remove,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_failed_publish_leaves_nothing, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
