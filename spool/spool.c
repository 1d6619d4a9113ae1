/* SPDX-License-Identifier: ISC */
/*
 * spool.c - content-addressed durable files (see spool.h).
 *
 * Publishing follows OpenSMTPD's queue_fs: write in tmp/, then one rename
 * into place.  Unlike it, we also fsync the destination directory, because
 * the caller goes on to commit database state that points at the file and
 * then moves the mail out of INBOX: the file must survive a power loss.
 * A batch of received messages is one file instead (spool_pack.c): two
 * syncs for the batch, not two per message.
 */
#include "spool/spool.h"
#include "spool/spool_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gnutls/crypto.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fault.h"
#include "common/log.h"
#include "common/util.h"

int
spool_mkdir(const char *path, mode_t mode)
{
	if (mkdir(path, mode) == 0)
		return 1;
	return errno == EEXIST ? 0 : -1;
}

int
spool_init(const char *dir, char *err, size_t errlen)
{
	static const char *areas[] = {"tmp", "msg", "doc", "pack"};
	char *p;

	if (spool_mkdir(dir, 0700) < 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < ARRAY_LEN(areas); i++) {
		int made;

		p = xasprintf("%s/%s", dir, areas[i]);
		made = spool_mkdir(p, 0700);
		if (made < 0 || (made && strcmp(areas[i], "pack") == 0 &&
		    spool_pack_fan_out(p) != 0)) {
			snprintf(err, errlen, "%s: %s", p, strerror(errno));
			free(p);
			return -1;
		}
		free(p);
	}
	return 0;
}

/*
 * GnuTLS's SHA-256 (nettle's, with the CPU's SHA instructions where it
 * has them) rather than libsodium's portable one: 2.2 against 11.6 us
 * for a 4 KB message here, and every message and document goes through
 * it.  The same digest either way; libsodium stays as the fallback.
 */
void
spool_sha256_hex(const void *data, size_t len, char sha_hex[SPOOL_SHA_HEX])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	char *hex;

	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, data, len, digest) != 0)
		crypto_hash_sha256(digest, data, len);
	hex = hex_encode(digest, sizeof(digest));
	memcpy(sha_hex, hex, SPOOL_SHA_HEX);
	free(hex);
}

int
spool_injected(const char *point)
{
	int err = fault_inject(point);

	if (err == 0)
		return 0;
	errno = err;
	return -1;
}

/* fsync a directory, or with flags 0 a file, by its path. */
static int
fsync_path(const char *path, int flags)
{
	int fd, rc;

	if (spool_injected(flags != 0 ? "spool.dirsync" : "spool.fsync") != 0)
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC | flags);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int
spool_fsync_dir(const char *path)
{
	return fsync_path(path, O_DIRECTORY);
}

int
spool_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	if (spool_injected("spool.write") != 0)
		return -1;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Write data to a new file in tmp/, fsynced; *tmp_out is its path. */
static int
write_tmp(const char *dir, const void *data, size_t len, mode_t mode,
    char **tmp_out)
{
	char *tmp = xasprintf("%s/tmp/XXXXXX", dir);
	int fd, saved;

	fd = spool_injected("spool.create") != 0 ? -1 : mkstemp(tmp);
	if (fd < 0)
		goto fail;
	/* mkstemp makes the file 0600 already: no call for that mode. */
	if ((mode != 0600 && fchmod(fd, mode) != 0) ||
	    spool_write_all(fd, data, len) != 0 ||
	    spool_injected("spool.fsync") != 0 || fsync(fd) != 0) {
		saved = errno;
		close(fd);
		unlink(tmp);
		errno = saved;
		goto fail;
	}
	if (close(fd) != 0) {
		saved = errno;
		unlink(tmp);
		errno = saved;
		goto fail;
	}
	*tmp_out = tmp;
	return 0;
fail:
	saved = errno;
	log_err("spool: cannot write %s: %s", tmp, strerror(saved));
	free(tmp);
	errno = saved;
	return -1;
}

/*
 * Create the fan-out directory sub of dir/area; a new one is itself an
 * entry of dir/area to make durable.  0, or -1 with errno set and the
 * failure logged.
 */
static int
make_fan_out(const char *dir, const char *area, const char *sub)
{
	int made = spool_injected("spool.mkdir") != 0 ? -1 :
	    spool_mkdir(sub, 0700);
	int rc = 0, saved;
	char *area_dir;

	if (made < 0) {
		saved = errno;
		log_err("spool: cannot create %s: %s", sub, strerror(saved));
		errno = saved;
		return -1;
	}
	if (!made)
		return 0;
	area_dir = xasprintf("%s/%s", dir, area);
	if (spool_fsync_dir(area_dir) != 0) {
		saved = errno;
		log_err("spool: cannot fsync %s: %s", area_dir,
		    strerror(saved));
		errno = saved;
		rc = -1;
	}
	free(area_dir);
	return rc;
}

int
spool_put(const char *dir, const char *area, const void *data, size_t len,
    mode_t mode, char sha_hex[SPOOL_SHA_HEX], char **path_out)
{
	char *sub = NULL, *final = NULL, *tmp = NULL;
	struct stat sb;
	struct buf sealed;
	int saved, renamed;

	spool_sha256_hex(data, len, sha_hex);
	buf_init(&sealed);
	if (spool_keyed()) {
		if (spool_seal(data, len, &sealed) != 0) {
			saved = errno;
			goto fail;
		}
		data = sealed.data;
		len = sealed.len;
	}
	sub = xasprintf("%s/%s/%.2s", dir, area, sha_hex);
	final = xasprintf("%s/%s", sub, sha_hex);
	if (stat(final, &sb) == 0 && (size_t)sb.st_size == len) {
		/* Same bytes already stored, but not necessarily durable:
		   the put that stored them may have failed after its
		   rename.  The same bytes twice are rare: sync them again. */
		if (fsync_path(final, 0) != 0 || spool_fsync_dir(sub) != 0) {
			saved = errno;
			log_err("spool: cannot fsync %s: %s", final,
			    strerror(saved));
			goto fail;
		}
		goto done;
	}
	if (write_tmp(dir, data, len, mode, &tmp) != 0) {
		saved = errno;
		goto fail;
	}
	/* The fan-out directory exists for every file but the first to
	   land in it: it is made when the rename finds it missing, not
	   asked for every time (a mkdir a message less). */
	renamed = spool_injected("spool.rename") != 0 ? -1 :
	    rename(tmp, final);
	if (renamed != 0 && errno == ENOENT) {
		if (make_fan_out(dir, area, sub) != 0) {
			saved = errno;
			unlink(tmp);
			goto fail;
		}
		renamed = rename(tmp, final);
	}
	if (renamed != 0) {
		saved = errno;
		log_err("spool: cannot rename %s to %s: %s", tmp, final,
		    strerror(saved));
		unlink(tmp);
		goto fail;
	}
	if (spool_fsync_dir(sub) != 0) {
		saved = errno;
		log_err("spool: cannot fsync %s: %s", sub, strerror(saved));
		goto fail;
	}
done:
	buf_free(&sealed);
	free(tmp);
	free(sub);
	*path_out = final;
	return 0;
fail:
	buf_free(&sealed);
	/* The spool is tequio's own: whatever stops a write there is the
	   machine's fault, never the message's. */
	fault_transient("spool: %s", strerror(saved));
	free(tmp);
	free(sub);
	free(final);
	errno = saved;
	return -1;
}

/* Replace one plain file by its sealed copy (see spool_seal_existing). */
static int
seal_one(const char *dir, const char *sub, const char *path, int *done)
{
	char *data = NULL, *tmp = NULL;
	size_t len;
	struct buf sealed;
	struct stat sb;
	int rc = -1;

	*done = 0;
	buf_init(&sealed);
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return 0;
	if (read_file(path, (size_t)sb.st_size, &data, &len) != 0) {
		log_err("spool: cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	if (spool_is_sealed(data, len)) {
		rc = 0;
		goto out;
	}
	if (spool_seal(data, len, &sealed) != 0 ||
	    write_tmp(dir, sealed.data, sealed.len, 0600, &tmp) != 0)
		goto out;
	if (rename(tmp, path) != 0) {
		log_err("spool: cannot rename %s to %s: %s", tmp, path,
		    strerror(errno));
		unlink(tmp);
		goto out;
	}
	if (spool_fsync_dir(sub) != 0) {
		log_err("spool: cannot fsync %s: %s", sub, strerror(errno));
		goto out;
	}
	*done = 1;
	rc = 0;
out:
	if (data != NULL)
		sodium_memzero(data, len);
	free(data);
	free(tmp);
	buf_free(&sealed);
	return rc;
}

/* Every file of one fan-out directory dir/area/xx. */
static int
seal_dir(const char *dir, const char *sub, size_t *sealed)
{
	DIR *d = opendir(sub);
	struct dirent *e;
	int rc = 0, done;

	if (d == NULL)
		return errno == ENOENT ? 0 : -1;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		char *path;

		if (e->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", sub, e->d_name);
		rc = seal_one(dir, sub, path, &done);
		*sealed += (size_t)done;
		free(path);
	}
	closedir(d);
	return rc;
}

int
spool_seal_existing(const char *dir, size_t *sealed)
{
	static const char *areas[] = {"msg", "doc"};
	int rc = 0;

	*sealed = 0;
	if (!spool_keyed()) {
		errno = ENOKEY;
		return -1;
	}
	for (size_t i = 0; rc == 0 && i < ARRAY_LEN(areas); i++) {
		char *area = xasprintf("%s/%s", dir, areas[i]);
		DIR *d = opendir(area);
		struct dirent *e;

		while (rc == 0 && d != NULL && (e = readdir(d)) != NULL) {
			char *sub;

			if (e->d_name[0] == '.')
				continue;
			sub = xasprintf("%s/%s", area, e->d_name);
			rc = seal_dir(dir, sub, sealed);
			free(sub);
		}
		if (d != NULL)
			closedir(d);
		free(area);
	}
	return rc;
}

/* 1 when the entry name of d is a regular file older than max_age. */
static int
stale_tmp(DIR *d, const char *name, time_t now, int max_age)
{
	struct stat sb;

	if (fstatat(dirfd(d), name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
		return 0;	/* gone meanwhile: its writer finished */
	return S_ISREG(sb.st_mode) && sb.st_mtime < now - max_age;
}

long
spool_sweep_tmp(const char *dir, time_t now, int max_age)
{
	char *tmp = xasprintf("%s/tmp", dir);
	DIR *d = opendir(tmp);
	struct dirent *e;
	long removed = 0;
	int rc = 0;

	if (d == NULL) {
		log_err("spool: cannot read %s: %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !stale_tmp(d, e->d_name, now,
		    max_age))
			continue;
		if (unlinkat(dirfd(d), e->d_name, 0) != 0 && errno != ENOENT) {
			log_err("spool: cannot remove %s/%s: %s", tmp,
			    e->d_name, strerror(errno));
			rc = -1;
			continue;
		}
		removed++;
	}
	closedir(d);
	if (removed > 0 && spool_fsync_dir(tmp) != 0) {
		log_err("spool: cannot sync %s: %s", tmp, strerror(errno));
		rc = -1;
	}
	if (removed > 0)
		log_info("spool: %ld file(s) left in %s by an interrupted "
		    "write removed", removed, tmp);
	free(tmp);
	return rc != 0 ? -1 : removed;
}
