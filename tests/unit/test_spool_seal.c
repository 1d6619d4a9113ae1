/* SPDX-License-Identifier: ISC */
/*
 * test_spool_seal.c - the spool sealed at rest (spool/spool_seal.c): what
 * spool_put writes under a key holds none of the plaintext and reads back
 * whole; a file altered, cut short, grown or opened with another key is
 * refused rather than read; a plain file of release 1 is still read, and
 * spool_seal_existing seals it in place, a second run finding nothing to
 * do.
 */
#include <errno.h>
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
#include "spool/spool.h"

static char dir[] = "/tmp/tequio-seal-XXXXXX";
static const unsigned char key1[SPOOL_KEY_LEN] = "0123456789abcdef0123456789abcde";
static const unsigned char key2[SPOOL_KEY_LEN] = "fedcba9876543210fedcba987654321";

/* Three chunks and a bit: the chunk boundaries are crossed. */
static char *
sample(size_t *len)
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "%PDF-1.4 INE de María Pérez, CURP PEMM800101MOCRRR09\n");
	while (b.len < 3 * 65536 + 100)
		buf_adds(&b, "domicilio: Av. Juárez 100, Oaxaca de Juárez\n");
	*len = b.len;
	return buf_steal(&b);
}

static void
write_raw(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static void
test_sealed_roundtrip(void **state)
{
	char sha[SPOOL_SHA_HEX], *path, *raw, *back;
	size_t len, rlen, blen;
	char *data = sample(&len);

	(void)state;
	spool_set_key(key1);
	assert_int_equal(spool_put(dir, "doc", data, len, 0600, sha, &path), 0);
	assert_int_equal(read_file(path, 1u << 24, &raw, &rlen), 0);
	assert_int_equal(rlen, spool_sealed_len(len));
	assert_true(spool_is_sealed(raw, rlen));
	assert_null(memmem(raw, rlen, "%PDF", 4));
	assert_null(memmem(raw, rlen, "Juárez", strlen("Juárez")));
	assert_int_equal(spool_read(path, len, &back, &blen), 0);
	assert_int_equal(blen, len);
	assert_memory_equal(back, data, len);
	free(back);
	/* The plain size limit holds for sealed files too. */
	assert_int_equal(spool_read(path, len - 1, &back, &blen), -1);
	assert_int_equal(errno, EFBIG);

	/* Another key, or none, opens nothing. */
	spool_set_key(key2);
	assert_int_equal(spool_read(path, len, &back, &blen), -1);
	assert_int_equal(errno, EBADMSG);
	spool_set_key(NULL);
	assert_int_equal(spool_read(path, len, &back, &blen), -1);
	assert_int_equal(errno, ENOKEY);
	spool_set_key(key1);

	/* One byte flipped in the middle, the last chunk cut off, a byte
	   added after the end: each refused. */
	raw[rlen / 2] ^= 1;
	write_raw(path, raw, rlen);
	assert_int_equal(spool_read(path, len, &back, &blen), -1);
	raw[rlen / 2] ^= 1;
	write_raw(path, raw, rlen - (len % 65536) - 17);
	assert_int_equal(spool_read(path, len, &back, &blen), -1);
	assert_int_equal(errno, EBADMSG);
	raw = xrealloc(raw, rlen + 1);
	raw[rlen] = 'x';
	write_raw(path, raw, rlen + 1);
	assert_int_equal(spool_read(path, len + 1, &back, &blen), -1);
	write_raw(path, raw, rlen);
	assert_int_equal(spool_read(path, len, &back, &blen), 0);
	free(back);
	free(raw);
	free(path);
	free(data);
}

/* The size promised is the size written, at and around chunk edges. */
static void
test_sealed_len_exact(void **state)
{
	static const size_t lens[] = {0, 1, 65535, 65536, 65537, 131072};
	char *data = xcalloc(1, 131072);

	(void)state;
	spool_set_key(key1);
	for (size_t i = 0; i < ARRAY_LEN(lens); i++) {
		struct buf s, o;

		assert_int_equal(spool_seal(data, lens[i], &s), 0);
		assert_int_equal(s.len, spool_sealed_len(lens[i]));
		assert_int_equal(spool_open_sealed(s.data, s.len, &o), 0);
		assert_int_equal(o.len, lens[i]);
		buf_free(&s);
		buf_free(&o);
	}
	free(data);
}

static void
test_old_plain_files_sealed_in_place(void **state)
{
	char sha[SPOOL_SHA_HEX], *path, *back;
	size_t len, blen, n;
	char *data = sample(&len);

	(void)state;
	/* Release 1 wrote it without a key. */
	spool_set_key(NULL);
	assert_int_equal(spool_put(dir, "msg", data, len, 0600, sha, &path), 0);
	spool_set_key(key1);
	assert_int_equal(spool_read(path, len, &back, &blen), 0);
	assert_memory_equal(back, data, len);
	free(back);

	assert_int_equal(spool_seal_existing(dir, &n), 0);
	assert_true(n >= 1);
	assert_int_equal(read_file(path, 1u << 24, &back, &blen), 0);
	assert_true(spool_is_sealed(back, blen));
	free(back);
	assert_int_equal(spool_read(path, len, &back, &blen), 0);
	assert_memory_equal(back, data, len);
	free(back);
	/* Resumable: a second run has nothing left to do. */
	assert_int_equal(spool_seal_existing(dir, &n), 0);
	assert_int_equal(n, 0);
	/* Without the key nothing is touched. */
	spool_set_key(NULL);
	assert_int_equal(spool_seal_existing(dir, &n), -1);
	free(path);
	free(data);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sealed_roundtrip),
		cmocka_unit_test(test_sealed_len_exact),
		cmocka_unit_test(test_old_plain_files_sealed_in_place),
	};
	char err[256], *cmd;
	int rc;

	if (mkdtemp(dir) == NULL || spool_init(dir, err, sizeof(err)) != 0)
		return 1;
	rc = cmocka_run_group_tests_name("spool_seal", tests, NULL, NULL);
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		rc = 1;
	free(cmd);
	return rc;
}
