/* SPDX-License-Identifier: ISC */
/*
 * spool.c - content-addressed durable files (see spool.h).
 *
 * Publishing follows OpenSMTPD's queue_fs: write in tmp/, then one rename
 * into place.  Unlike it, we also fsync the destination directory, because
 * the caller goes on to commit database state that points at the file and
 * then moves the mail out of INBOX: the file must survive a power loss.
 * A batch (spool_put_nosync) starts each file's write-back as it is
 * written and waits for all of them at spool_sync: the same guarantee,
 * with the disk working on the whole batch at once.
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
		p = xasprintf("%s/%s", dir, areas[i]);
		if (spool_mkdir(p, 0700) < 0) {
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

/* Write data to a new file in tmp/ (fsynced when sync, its write-back
   started otherwise); *tmp_out is its path.  With keep_fd non-NULL the
   file is left open there, for spool_sync to sync without opening it
   again. */
static int
write_tmp(const char *dir, const void *data, size_t len, mode_t mode,
    int sync, char **tmp_out, int *keep_fd)
{
	char *tmp = xasprintf("%s/tmp/XXXXXX", dir);
	int fd, saved;

	fd = spool_injected("spool.create") != 0 ? -1 : mkstemp(tmp);
	if (fd < 0)
		goto fail;
	/* mkstemp makes the file 0600 already: no call for that mode. */
	if ((mode != 0600 && fchmod(fd, mode) != 0) ||
	    spool_write_all(fd, data, len) != 0 ||
	    (sync && (spool_injected("spool.fsync") != 0 || fsync(fd) != 0))) {
		saved = errno;
		close(fd);
		unlink(tmp);
		errno = saved;
		goto fail;
	}
	/* A hint: when it fails, spool_sync still writes the file. */
	if (!sync)
		(void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
	if (keep_fd != NULL) {
		*keep_fd = fd;
		*tmp_out = tmp;
		return 0;
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

void
spool_pending_init(struct spool_pending *p)
{
	memset(p, 0, sizeof(*p));
}

void
spool_pending_free(struct spool_pending *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->paths[i]);
		if (p->fds[i] >= 0)
			close(p->fds[i]);
	}
	free(p->paths);
	free(p->is_dir);
	free(p->fds);
	spool_pending_init(p);
}

/*
 * Files of a batch kept open from their write to spool_sync, at most
 * this many (the rest are opened again by path): an open and a close
 * less per message, well inside the default limit of 1024 descriptors.
 */
#define PENDING_FDS_MAX	128

/* Whether the next file of p may stay open. */
static int
pending_may_keep(const struct spool_pending *p)
{
	return p->open_fds < PENDING_FDS_MAX;
}

/* Add path to pend, once; fd (or -1) is the file, open, now pend's. */
static void
pending_add(struct spool_pending *p, const char *path, int is_dir, int fd)
{
	for (size_t i = 0; i < p->n; i++) {
		if (p->is_dir[i] == is_dir && strcmp(p->paths[i], path) == 0) {
			if (fd >= 0)
				close(fd);
			return;
		}
	}
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->paths = xreallocarray(p->paths, p->cap, sizeof(*p->paths));
		p->is_dir = xreallocarray(p->is_dir, p->cap,
		    sizeof(*p->is_dir));
		p->fds = xreallocarray(p->fds, p->cap, sizeof(*p->fds));
	}
	p->paths[p->n] = xstrdup(path);
	p->is_dir[p->n] = (unsigned char)is_dir;
	p->fds[p->n] = fd;
	p->open_fds += fd >= 0;
	p->n++;
}

/*
 * Create the fan-out directory sub of dir/area.  A new one is itself an
 * entry to make durable: now, or with the batch (pend).  0, or -1 with
 * errno set and the failure logged.
 */
static int
make_fan_out(const char *dir, const char *area, const char *sub,
    struct spool_pending *pend)
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
	if (pend != NULL) {
		pending_add(pend, area_dir, 1, -1);
	} else if (spool_fsync_dir(area_dir) != 0) {
		saved = errno;
		log_err("spool: cannot fsync %s: %s", area_dir,
		    strerror(saved));
		errno = saved;
		rc = -1;
	}
	free(area_dir);
	return rc;
}

static int
put(const char *dir, const char *area, const void *data, size_t len,
    mode_t mode, struct spool_pending *pend, char sha_hex[SPOOL_SHA_HEX],
    char **path_out)
{
	int sync = pend == NULL;
	char *sub = NULL, *final = NULL, *tmp = NULL;
	struct stat sb;
	struct buf sealed;
	int saved, renamed, fd = -1;

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
		/* Same bytes already stored, but not necessarily durable: the
		   put that stored them may have failed after its rename, or
		   been a spool_put_nosync whose batch is not synced yet (a
		   batch whose sync failed may have left it).  The same bytes
		   twice are rare: sync them again, now or with the batch. */
		if (pend != NULL) {
			pending_add(pend, final, 0, -1);
			pending_add(pend, sub, 1, -1);
		} else if (fsync_path(final, 0) != 0 ||
		    spool_fsync_dir(sub) != 0) {
			saved = errno;
			log_err("spool: cannot fsync %s: %s", final,
			    strerror(saved));
			goto fail;
		}
		goto done;
	}
	if (write_tmp(dir, data, len, mode, sync, &tmp,
	    pend != NULL && pending_may_keep(pend) ? &fd : NULL) != 0) {
		saved = errno;
		goto fail;
	}
	/* The fan-out directory exists for every file but the first to
	   land in it: it is made when the rename finds it missing, not
	   asked for every time (a mkdir a message less). */
	renamed = spool_injected("spool.rename") != 0 ? -1 :
	    rename(tmp, final);
	if (renamed != 0 && errno == ENOENT) {
		if (make_fan_out(dir, area, sub, pend) != 0) {
			saved = errno;
			unlink(tmp);
			if (fd >= 0)
				close(fd);
			goto fail;
		}
		renamed = rename(tmp, final);
	}
	if (renamed != 0) {
		saved = errno;
		log_err("spool: cannot rename %s to %s: %s", tmp, final,
		    strerror(saved));
		unlink(tmp);
		if (fd >= 0)
			close(fd);
		goto fail;
	}
	if (sync && spool_fsync_dir(sub) != 0) {
		saved = errno;
		log_err("spool: cannot fsync %s: %s", sub, strerror(saved));
		goto fail;
	}
	if (pend != NULL) {
		pending_add(pend, final, 0, fd);
		pending_add(pend, sub, 1, -1);
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

int
spool_put(const char *dir, const char *area, const void *data, size_t len,
    mode_t mode, char sha_hex[SPOOL_SHA_HEX], char **path_out)
{
	return put(dir, area, data, len, mode, NULL, sha_hex, path_out);
}

int
spool_put_nosync(const char *dir, const char *area, const void *data,
    size_t len, mode_t mode, char sha_hex[SPOOL_SHA_HEX], char **path_out,
    struct spool_pending *pend)
{
	return put(dir, area, data, len, mode, pend, sha_hex, path_out);
}

/* fdatasync a file (the data and what is needed to read it back) or
   fsync a directory (its entries).  fd is the file when it is still
   open from its write (closed here), else -1. */
static int
sync_one(const char *path, int is_dir, int fd)
{
	int rc, saved;

	if (spool_injected(is_dir ? "spool.dirsync" : "spool.fsync") != 0) {
		saved = errno;
		if (fd >= 0)
			close(fd);
		errno = saved;
		return -1;
	}
	if (fd < 0)
		fd = open(path, (is_dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) |
		    O_CLOEXEC);
	if (fd < 0)
		return -1;
	rc = is_dir ? fsync(fd) : fdatasync(fd);
	saved = errno;
	/* A file written in this batch: its close reports a late write
	   error (NFS), which must fail the sync too. */
	if (close(fd) != 0 && rc == 0)
		rc = -1;
	else
		errno = saved;
	return rc;
}

int
spool_sync(struct spool_pending *pend)
{
	int rc = 0;

	/* Files first: a directory entry must not outlive its data. */
	for (int dirs = 0; dirs <= 1 && rc == 0; dirs++) {
		for (size_t i = 0; i < pend->n && rc == 0; i++) {
			int fd;

			if (pend->is_dir[i] != dirs)
				continue;
			fd = pend->fds[i];
			pend->fds[i] = -1;
			if (sync_one(pend->paths[i], dirs, fd) != 0) {
				fault_transient("spool: %s", strerror(errno));
				log_err("spool: cannot sync %s: %s",
				    pend->paths[i], strerror(errno));
				rc = -1;
			}
		}
	}
	spool_pending_free(pend);
	return rc;
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
	    write_tmp(dir, sealed.data, sealed.len, 0600, 1, &tmp, NULL) != 0)
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
