/* SPDX-License-Identifier: ISC */
/*
 * spool_pack.c - a batch's received messages in one file (spool_pack.h).
 *
 * Publishing is spool.c's (write in tmp/, one rename into place, fsync
 * of the destination directory) once per batch instead of once per
 * message, with the same fault-injection points (spool.create,
 * spool.write, spool.fsync, spool.mkdir, spool.rename, spool.dirsync)
 * and spool.punch for erasing.  Nothing here knows which members are
 * still wanted: the caller says (jobs/packs.c asks the database).
 */
#include "spool/spool_pack.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fault.h"
#include "common/log.h"
#include "common/util.h"
#include "spool/spool_int.h"

#define NAME_HEX	32		/* 128 random bits */
#define NAME_LEN	(NAME_HEX + 5)	/* and ".pack" */
#define MAX_DIGITS	19		/* every such number is below 2^64 */

/* A NUL first, like a sealed file's magic: no mail starts with it. */
static const unsigned char pack_magic[SPOOL_PACK_HEADER] = {
	0x00, 'T', 'Q', 'P', 'A', 'C', 'K', 0x01
};

struct spool_pack {
	char *tmp;		/* dir/tmp/<name>, while written */
	char *top;		/* dir/pack */
	char *sub;		/* dir/pack/xx */
	char *final;		/* dir/pack/xx/<name> */
	int fd;			/* -1 before the first member and after sync */
	int made;		/* the file in tmp exists */
	int published;
	uint64_t off;		/* where the next member goes */
};

struct spool_pack *
spool_pack_new(const char *dir)
{
	struct spool_pack *pk = xcalloc(1, sizeof(*pk));
	unsigned char rnd[NAME_HEX / 2];
	char *hex;

	randombytes_buf(rnd, sizeof(rnd));
	hex = hex_encode(rnd, sizeof(rnd));
	pk->tmp = xasprintf("%s/tmp/%s.pack", dir, hex);
	pk->top = xasprintf("%s/pack", dir);
	pk->sub = xasprintf("%s/%.2s", pk->top, hex);
	pk->final = xasprintf("%s/%s.pack", pk->sub, hex);
	pk->fd = -1;
	free(hex);
	return pk;
}

const char *
spool_pack_path(const struct spool_pack *pk)
{
	return pk->final;
}

void
spool_pack_free(struct spool_pack *pk)
{
	if (pk == NULL)
		return;
	if (pk->fd >= 0)
		close(pk->fd);
	if (pk->made && !pk->published)
		unlink(pk->tmp);
	free(pk->tmp);
	free(pk->top);
	free(pk->sub);
	free(pk->final);
	free(pk);
}

/* The file in tmp/, with its magic.  Only sealed members go in it. */
static int
create_file(struct spool_pack *pk)
{
	int fd, saved;

	if (!spool_keyed()) {
		errno = ENOKEY;
		return -1;
	}
	fd = spool_injected("spool.create") != 0 ? -1 : open(pk->tmp,
	    O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	pk->made = 1;
	if (spool_write_all(fd, pack_magic, sizeof(pack_magic)) != 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	pk->fd = fd;
	pk->off = SPOOL_PACK_HEADER;
	return 0;
}

int
spool_pack_add(struct spool_pack *pk, const void *data, size_t len,
    char sha_hex[SPOOL_SHA_HEX], char **member)
{
	struct buf sealed;
	int saved;

	spool_sha256_hex(data, len, sha_hex);
	buf_init(&sealed);
	if (pk->published || (pk->fd < 0 && pk->made)) {
		errno = EINVAL;
		goto fail;
	}
	if ((pk->fd < 0 && create_file(pk) != 0) ||
	    spool_seal(data, len, &sealed) != 0)
		goto fail;
	if (spool_write_all(pk->fd, sealed.data, sealed.len) != 0) {
		saved = errno;
		/* A member half written is cut off: those before stay. */
		if (ftruncate(pk->fd, (off_t)pk->off) != 0)
			log_warn("spool: cannot cut %s back: %s", pk->tmp,
			    strerror(errno));
		errno = saved;
		goto fail;
	}
	*member = xasprintf("%s#%llu+%zu", pk->final,
	    (unsigned long long)pk->off, sealed.len);
	pk->off += sealed.len;
	buf_free(&sealed);
	return 0;
fail:
	saved = errno;
	buf_free(&sealed);
	log_err("spool: cannot write %s: %s", pk->tmp, strerror(saved));
	/* The spool is tequio's own: never the message's fault. */
	fault_transient("spool: %s", strerror(saved));
	errno = saved;
	return -1;
}

int
spool_pack_fan_out(const char *top)
{
	for (int i = 0; i < 256; i++) {
		char *sub = xasprintf("%s/%02x", top, i);
		int made = spool_mkdir(sub, 0700);

		free(sub);
		if (made < 0)
			return -1;
	}
	return spool_fsync_dir(top);
}

/* dir/pack/xx when it is missing (spool_init makes all 256 with a new
   area, but a crash may have cut that short, or someone removed one): a
   new directory is an entry of dir/pack to make durable at once. */
static int
make_sub(const struct spool_pack *pk)
{
	int made = spool_injected("spool.mkdir") != 0 ? -1 :
	    spool_mkdir(pk->sub, 0700);
	int saved;

	if (made <= 0)
		return made;
	if (spool_fsync_dir(pk->top) != 0) {
		saved = errno;
		/* Made again (and synced) by the next pack. */
		rmdir(pk->sub);
		errno = saved;
		return -1;
	}
	return 0;
}

/* fdatasync and close the file in tmp/.  0 or -1. */
static int
sync_file(struct spool_pack *pk)
{
	int rc = spool_injected("spool.fsync") != 0 ? -1 : fdatasync(pk->fd);
	int saved = errno;

	/* Its close reports a late write error (NFS): that fails too. */
	if (close(pk->fd) != 0 && rc == 0)
		rc = -1;
	else
		errno = saved;
	pk->fd = -1;
	return rc;
}

int
spool_pack_publish(struct spool_pack *pk)
{
	const char *what = pk->tmp;
	int renamed, saved;

	if (pk->fd < 0 || pk->published) {
		errno = EINVAL;
		goto fail;
	}
	if (sync_file(pk) != 0)
		goto fail;
	renamed = spool_injected("spool.rename") != 0 ? -1 :
	    rename(pk->tmp, pk->final);
	if (renamed != 0 && errno == ENOENT) {
		what = pk->sub;
		if (make_sub(pk) != 0)
			goto fail;
		renamed = rename(pk->tmp, pk->final);
	}
	what = pk->final;
	if (renamed != 0)
		goto fail;
	if (spool_fsync_dir(pk->sub) != 0) {
		saved = errno;
		/* Not durable, so nothing may point at it: not there. */
		unlink(pk->final);
		errno = saved;
		goto fail;
	}
	pk->published = 1;
	return 0;
fail:
	saved = errno;
	log_err("spool: cannot store %s: %s", what, strerror(saved));
	fault_transient("spool: %s", strerror(saved));
	errno = saved;
	return -1;
}

/* ---- members ---- */

/* A decimal number without sign or leading zero, of at most MAX_DIGITS
   digits: *end after it.  0 or -1. */
static int
parse_number(const char *s, const char **end, uint64_t *v)
{
	uint64_t x = 0;
	size_t n = 0;

	while (s[n] >= '0' && s[n] <= '9') {
		if (n == MAX_DIGITS)
			return -1;
		x = x * 10 + (uint64_t)(s[n] - '0');
		n++;
	}
	if (n == 0 || (n > 1 && s[0] == '0'))
		return -1;
	*end = s + n;
	*v = x;
	return 0;
}

/* Whether s starts with a pack's file name: NAME_HEX lower-case hex
   digits and ".pack". */
static int
is_pack_name(const char *s)
{
	for (size_t i = 0; i < NAME_HEX; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' &&
		    s[i] <= 'f')))
			return 0;
	return strncmp(s + NAME_HEX, ".pack", 5) == 0;
}

int
spool_member_parse(const char *path, char **pack, uint64_t *off,
    uint64_t *len)
{
	const char *base = strrchr(path, '/'), *hash, *p;

	base = base != NULL ? base + 1 : path;
	/* Only a name ending ".pack" before its '#' claims to be a member:
	   any other file (the operator's logo "escudo#2.png") is whole. */
	if ((hash = strchr(base, '#')) == NULL || hash - base < 5 ||
	    memcmp(hash - 5, ".pack", 5) != 0)
		return 0;
	if ((size_t)(hash - base) != NAME_LEN || !is_pack_name(base) ||
	    parse_number(hash + 1, &p, off) != 0 || *p != '+' ||
	    parse_number(p + 1, &p, len) != 0 || *p != '\0' ||
	    *off < SPOOL_PACK_HEADER || *len == 0 || *len > INT64_MAX ||
	    *off > INT64_MAX - *len) {
		errno = EINVAL;
		return -1;
	}
	*pack = xstrndup(path, (size_t)(hash - path));
	return 1;
}

/* pread exactly n bytes at off; a file that ends first is cut
   (EBADMSG).  0 or -1. */
static int
pread_all(int fd, void *out, size_t n, uint64_t off)
{
	char *p = out;

	while (n > 0) {
		ssize_t got = pread(fd, p, n, (off_t)off);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			if (got == 0)
				errno = EBADMSG;
			return -1;
		}
		p += got;
		n -= (size_t)got;
		off += (uint64_t)got;
	}
	return 0;
}

/* The pack at path opened with flags, checked to be a regular file that
   starts with the magic; *size its length.  The fd, or -1 with errno. */
static int
open_pack(const char *path, int flags, uint64_t *size)
{
	unsigned char head[SPOOL_PACK_HEADER];
	struct stat sb;
	int fd = open(path, flags | O_CLOEXEC | O_NOFOLLOW), saved;

	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) != 0)
		goto fail;
	if (!S_ISREG(sb.st_mode)) {
		errno = EINVAL;
		goto fail;
	}
	if (pread_all(fd, head, sizeof(head), 0) != 0) {
		if (errno == EBADMSG)	/* shorter than the magic */
			errno = EINVAL;
		goto fail;
	}
	if (memcmp(head, pack_magic, sizeof(head)) != 0) {
		errno = EINVAL;
		goto fail;
	}
	*size = (uint64_t)sb.st_size;
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

int
spool_member_read(const char *path, size_t max, char **out, size_t *outlen)
{
	char *pack = NULL, *data;
	uint64_t off, len, size;
	int m = spool_member_parse(path, &pack, &off, &len), fd, saved;

	if (m <= 0)
		return m;
	fd = -1;
	if (len > max)
		errno = EFBIG;
	else if ((fd = open_pack(pack, O_RDONLY, &size)) >= 0 &&
	    (off > size || size - off < len)) {
		/* The pack ends before the member does: cut. */
		close(fd);
		fd = -1;
		errno = EBADMSG;
	}
	free(pack);
	if (fd < 0)
		goto fail;
	data = xmalloc((size_t)len + 1);
	if (pread_all(fd, data, (size_t)len, off) != 0) {
		saved = errno;
		free(data);
		close(fd);
		errno = saved;
		goto fail;
	}
	close(fd);
	data[len] = '\0';
	*out = data;
	*outlen = (size_t)len;
	return 1;
fail:
	saved = errno;
	fault_errno(path, saved);
	errno = saved;
	return -1;
}

/* ---- erasing ---- */

/* Erase [off, end) of the open pack: a hole punched, or zeros written
   where the file system cannot punch.  0 or -1. */
static int
erase_range(int fd, uint64_t off, uint64_t end)
{
	static const char zeros[16384];

	if (off >= end)
		return 0;
	if ((spool_injected("spool.punch") == 0 && fallocate(fd,
	    FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off,
	    (off_t)(end - off)) == 0))
		return 0;
	if (errno != EOPNOTSUPP && errno != ENOSYS)
		return -1;
	while (off < end) {
		size_t n = end - off < sizeof(zeros) ? (size_t)(end - off) :
		    sizeof(zeros);
		ssize_t put = pwrite(fd, zeros, n, (off_t)off);

		if (put < 0 && errno == EINTR)
			continue;
		if (put <= 0)
			return -1;
		off += (uint64_t)put;
	}
	return 0;
}

/* What erasing changed, on disk before anyone forgets the path. */
static int
sync_erased(int fd)
{
	return spool_injected("spool.fsync") != 0 ? -1 : fdatasync(fd);
}

/* Erase one member of its pack (bounded by the file: a pack cut short
   loses what it still holds of the member). */
static int
erase_member(const char *pack, uint64_t off, uint64_t len)
{
	uint64_t size, end;
	int fd = open_pack(pack, O_RDWR, &size), rc, saved;

	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	end = off + len < size ? off + len : size;
	rc = erase_range(fd, off, end) == 0 && sync_erased(fd) == 0 ? 0 : -1;
	saved = errno;
	if (close(fd) != 0 && rc == 0)
		return -1;
	errno = saved;
	return rc;
}

/* Unlink a whole file and fsync its directory: until then a power cut
   may bring the file back after its row has let go of the path, and
   nothing would ever erase it.  Already gone is success, but its
   directory is synced all the same (an earlier unlink may not be). */
static int
unlink_durably(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int rc;

	if (unlink(path) != 0 && errno != ENOENT)
		return -1;
	dir = slash != NULL ? xstrndup(path, (size_t)(slash - path)) :
	    xstrdup(".");
	rc = spool_fsync_dir(dir) == 0 || errno == ENOENT ? 0 : -1;
	free(dir);
	return rc;
}

int
spool_remove(const char *path)
{
	char *pack = NULL;
	uint64_t off, len;
	int m = spool_member_parse(path, &pack, &off, &len), rc;

	if (m == 0)
		rc = unlink_durably(path);
	else if (m > 0)
		rc = erase_member(pack, off, len);
	else
		rc = -1;
	if (rc != 0) {
		int saved = errno;

		log_err("spool: cannot remove %s: %s", path, strerror(saved));
		errno = saved;
	}
	free(pack);
	return rc;
}

struct range {
	uint64_t off, end;
};

static int
by_offset(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/* The byte ranges of the members (all of this pack), sorted.  NULL with
   errno EINVAL when one is not a member of pack. */
static struct range *
member_ranges(const char *pack, char *const *members, size_t n)
{
	struct range *r = xcalloc(n + 1, sizeof(*r));

	for (size_t i = 0; i < n; i++) {
		char *owner = NULL;
		uint64_t off, len;
		int ok = spool_member_parse(members[i], &owner, &off,
		    &len) == 1 && strcmp(owner, pack) == 0;

		free(owner);
		if (!ok) {
			free(r);
			errno = EINVAL;
			return NULL;
		}
		r[i].off = off;
		r[i].end = off + len;
	}
	qsort(r, n, sizeof(*r), by_offset);
	return r;
}

int
spool_pack_keep_only(const char *pack, char *const *members, size_t n)
{
	struct range *r = member_ranges(pack, members, n);
	uint64_t size, pos = SPOOL_PACK_HEADER;
	int fd, rc = 0, erased = 0, saved;

	if (r == NULL) {
		log_err("spool: %s: a member named is not of this pack", pack);
		return -1;
	}
	if ((fd = open_pack(pack, O_RDWR, &size)) < 0) {
		free(r);
		if (errno == ENOENT)
			return 0;
		log_err("spool: %s: %s", pack, strerror(errno));
		return -1;
	}
	/* The gaps between the members kept, and the tail after them
	   (none when the batch recorded every message it wrote). */
	for (size_t i = 0; i <= n && rc == 0; i++) {
		uint64_t next = i < n ? r[i].off : size;

		if (next > size)
			next = size;
		if (next > pos) {
			rc = erase_range(fd, pos, next);
			erased = 1;
		}
		if (i < n && r[i].end > pos)
			pos = r[i].end;
	}
	if (rc == 0 && erased)
		rc = sync_erased(fd);
	saved = errno;
	if (close(fd) != 0 && rc == 0)
		rc = -1;
	else
		errno = saved;
	if (rc != 0)
		log_err("spool: cannot erase in %s: %s", pack, strerror(errno));
	free(r);
	return rc;
}

int
spool_pack_remove(const char *dir, const char *pack)
{
	const char *base = strrchr(pack, '/');
	char *tmp, *sub;
	int rc = 0;

	if (base == NULL || strlen(base + 1) != NAME_LEN ||
	    !is_pack_name(base + 1)) {
		log_err("spool: %s: not a pack", pack);
		errno = EINVAL;
		return -1;
	}
	tmp = xasprintf("%s/tmp/%s", dir, base + 1);
	sub = xstrndup(pack, (size_t)(base - pack));
	if ((unlink(tmp) != 0 && errno != ENOENT) ||
	    (unlink(pack) != 0 && errno != ENOENT) ||
	    (spool_fsync_dir(sub) != 0 && errno != ENOENT)) {
		log_err("spool: cannot remove %s: %s", pack, strerror(errno));
		rc = -1;
	}
	free(tmp);
	free(sub);
	return rc;
}
