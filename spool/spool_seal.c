/* SPDX-License-Identifier: ISC */
/*
 * spool_seal.c - the spool's files sealed at rest (issue 12).
 *
 * The spool holds INE copies, proofs of address, fiscal records, actas,
 * poderes, student photos and the raw mail that carried them.  A backup
 * of the spool and the database, or a stolen disk, must reveal none of
 * it, so once the daemon has loaded the spool key (spool_set_key) every
 * file spool_put writes is sealed with libsodium's secretstream
 * (XChaCha20-Poly1305, one 64 KiB chunk per message, the last one tagged
 * FINAL so a truncated file is refused, not read short).  The key lives
 * in a file of its own, away from the secret and the database, so the
 * three can be backed up to different places.
 *
 * A sealed file is: the 8-byte magic below, the secretstream header,
 * then the chunks.  Plain files from before (release 1) are still read as
 * they are, and spool_seal_existing turns them into sealed ones in place:
 * write the sealed copy in tmp/, fsync it, rename it over the plain one,
 * fsync the directory.  A crash leaves each file either plain or sealed,
 * never half of each, and a second run skips what is sealed already.
 */
#include "spool/spool.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/log.h"
#include "common/secret.h"
#include "common/util.h"
#include "spool/spool_pack.h"

#define CHUNK	65536u
#define ABYTES	crypto_secretstream_xchacha20poly1305_ABYTES
#define HBYTES	crypto_secretstream_xchacha20poly1305_HEADERBYTES

/* A NUL first, so no mail and no document we accept starts with it. */
static const unsigned char magic[SPOOL_MAGIC_LEN] = {
	0x00, 'T', 'Q', 'S', 'E', 'A', 'L', 0x01
};

_Static_assert(SPOOL_KEY_LEN == crypto_secretstream_xchacha20poly1305_KEYBYTES,
    "the spool key is a secretstream key");

static unsigned char key[SPOOL_KEY_LEN];
static int keyed;

void
spool_set_key(const unsigned char k[SPOOL_KEY_LEN])
{
	if (k == NULL) {
		sodium_memzero(key, sizeof(key));
		keyed = 0;
		return;
	}
	memcpy(key, k, sizeof(key));
	keyed = 1;
}

char *
spool_key_path(const char *key_file, const char *secret_file)
{
	char *copy, *path;

	if (key_file != NULL && *key_file != '\0')
		return xstrdup(key_file);
	copy = xstrdup(secret_file);
	path = xasprintf("%s/spool.key", dirname(copy));
	free(copy);
	return path;
}

int
spool_load_key(const char *path)
{
	unsigned char k[SPOOL_KEY_LEN];

	if (secret_load(path, k, 0) != 0)
		return -1;
	spool_set_key(k);
	sodium_memzero(k, sizeof(k));
	return 0;
}

int
spool_keyed(void)
{
	return keyed;
}

size_t
spool_sealed_len(size_t len)
{
	/* One chunk per CHUNK bytes begun, and one (empty) for nothing. */
	size_t chunks = len == 0 ? 1 : (len + CHUNK - 1) / CHUNK;

	return SPOOL_MAGIC_LEN + HBYTES + chunks * ABYTES + len;
}

int
spool_is_sealed(const void *data, size_t len)
{
	return len >= SPOOL_MAGIC_LEN && memcmp(data, magic,
	    SPOOL_MAGIC_LEN) == 0;
}

int
spool_seal(const void *data, size_t len, struct buf *out)
{
	crypto_secretstream_xchacha20poly1305_state st;
	const unsigned char *p = data;
	unsigned char *o;
	size_t off = 0;

	if (!keyed) {
		errno = ENOKEY;
		return -1;
	}
	buf_init(out);
	buf_add(out, magic, sizeof(magic));
	o = xmalloc(HBYTES);
	crypto_secretstream_xchacha20poly1305_init_push(&st, o, key);
	buf_add(out, o, HBYTES);
	free(o);
	o = xmalloc(CHUNK + ABYTES);
	/* Always one chunk at least, the last one FINAL (even if empty). */
	for (;;) {
		size_t n = len - off < CHUNK ? len - off : CHUNK;
		int last = off + n == len;
		unsigned long long olen;

		crypto_secretstream_xchacha20poly1305_push(&st, o, &olen,
		    p + off, n, NULL, 0, last ?
		    crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
		buf_add(out, o, (size_t)olen);
		off += n;
		if (last)
			break;
	}
	free(o);
	sodium_memzero(&st, sizeof(st));
	return 0;
}

int
spool_open_sealed(const void *data, size_t len, struct buf *out)
{
	crypto_secretstream_xchacha20poly1305_state st;
	const unsigned char *p = data;
	unsigned char *o = NULL, tag = 0;
	size_t off = SPOOL_MAGIC_LEN + HBYTES;

	if (!keyed) {
		errno = ENOKEY;
		return -1;
	}
	if (!spool_is_sealed(data, len) || len < off + ABYTES ||
	    crypto_secretstream_xchacha20poly1305_init_pull(&st,
	    p + SPOOL_MAGIC_LEN, key) != 0)
		goto bad;
	buf_init(out);
	o = xmalloc(CHUNK);
	while (off < len && tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
		size_t n = len - off < CHUNK + ABYTES ? len - off :
		    CHUNK + ABYTES;
		unsigned long long olen;

		if (n < ABYTES || crypto_secretstream_xchacha20poly1305_pull(
		    &st, o, &olen, &tag, p + off, n, NULL, 0) != 0)
			goto bad_out;
		buf_add(out, o, (size_t)olen);
		off += n;
	}
	/* Cut short (no FINAL) or grown (bytes after it): not ours. */
	if (tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL ||
	    off != len)
		goto bad_out;
	free(o);
	sodium_memzero(&st, sizeof(st));
	return 0;
bad_out:
	sodium_memzero(out->data, out->len);
	buf_free(out);
	free(o);
bad:
	sodium_memzero(&st, sizeof(st));
	errno = EBADMSG;
	return -1;
}

/* A member of a pack that is not sealed: erased by the retention (its
   bytes are zeros or a hole now) or damaged (packs are only written
   sealed).  -1 with errno ENOENT or EBADMSG, logged. */
static int
member_not_sealed(const char *path, char *raw, size_t len)
{
	int erased = len > 0 && raw[0] == '\0';

	log_err("spool: %s: %s", path, erased ? "erased (purged, or never "
	    "recorded)" : "damaged (not sealed)");
	free(raw);
	errno = erased ? ENOENT : EBADMSG;
	return -1;
}

int
spool_read(const char *path, size_t max, char **out, size_t *outlen)
{
	char *raw;
	size_t len;
	struct buf plain;
	int saved, member;

	member = spool_member_read(path, spool_sealed_len(max), &raw, &len);
	if (member < 0 || (member == 0 && read_file(path,
	    spool_sealed_len(max), &raw, &len) != 0))
		return -1;
	if (member && !spool_is_sealed(raw, len))
		return member_not_sealed(path, raw, len);
	if (!spool_is_sealed(raw, len)) {
		if (len > max) {
			free(raw);
			errno = EFBIG;
			return -1;
		}
		*out = raw;
		*outlen = len;
		return 0;
	}
	if (spool_open_sealed(raw, len, &plain) != 0) {
		saved = errno;
		log_err("spool: %s: %s", path, saved == ENOKEY ?
		    "sealed, and no spool key is loaded" :
		    "sealed file damaged or sealed with another key");
		free(raw);
		errno = saved;
		return -1;
	}
	free(raw);
	*outlen = plain.len;
	*out = buf_steal(&plain);
	return 0;
}
