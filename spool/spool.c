/*
 * spool.c - content-addressed durable files (see spool.h).
 *
 * Publishing follows OpenSMTPD's queue_fs: write in tmp/, then one rename
 * into place.  Unlike it, we also fsync the destination directory, because
 * the caller goes on to commit database state that points at the file and
 * then moves the mail out of INBOX: the file must survive a power loss.
 */
#include "spool.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fault.h"
#include "log.h"
#include "util.h"

/* 1 when created, 0 when it was there, -1 on error. */
static int
mkdir_p(const char *path, mode_t mode)
{
	if (mkdir(path, mode) == 0)
		return 1;
	return errno == EEXIST ? 0 : -1;
}

int
spool_init(const char *dir, char *err, size_t errlen)
{
	static const char *areas[] = {"tmp", "msg", "doc"};
	char *p;

	if (mkdir_p(dir, 0700) < 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < ARRAY_LEN(areas); i++) {
		p = xasprintf("%s/%s", dir, areas[i]);
		if (mkdir_p(p, 0700) < 0) {
			snprintf(err, errlen, "%s: %s", p, strerror(errno));
			free(p);
			return -1;
		}
		free(p);
	}
	return 0;
}

void
spool_sha256_hex(const void *data, size_t len, char sha_hex[SPOOL_SHA_HEX])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	char *hex;

	crypto_hash_sha256(digest, data, len);
	hex = hex_encode(digest, sizeof(digest));
	memcpy(sha_hex, hex, SPOOL_SHA_HEX);
	free(hex);
}

static int
fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static int
write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

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

/* Write data to a new file in tmp/ (fsynced when sync); *tmp_out is its
   path. */
static int
write_tmp(const char *dir, const void *data, size_t len, mode_t mode,
    int sync, char **tmp_out)
{
	char *tmp = xasprintf("%s/tmp/XXXXXX", dir);
	int fd, saved;

	fd = mkstemp(tmp);
	if (fd < 0)
		goto fail;
	if (fchmod(fd, mode) != 0 || write_all(fd, data, len) != 0 ||
	    (sync && fsync(fd) != 0)) {
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

static int
put(const char *dir, const char *area, const void *data, size_t len,
    mode_t mode, int sync, char sha_hex[SPOOL_SHA_HEX], char **path_out)
{
	char *area_dir = NULL, *sub = NULL, *final = NULL, *tmp = NULL;
	struct stat sb;
	int saved, made;

	spool_sha256_hex(data, len, sha_hex);
	sub = xasprintf("%s/%s/%.2s", dir, area, sha_hex);
	final = xasprintf("%s/%s", sub, sha_hex);
	if (stat(final, &sb) == 0 && (size_t)sb.st_size == len) {
		/* Same bytes already stored: by spool_put, durable then; by
		   spool_put_nosync, durable at that batch's spool_sync, which
		   comes before anything relies on the file. */
		goto done;
	}
	made = mkdir_p(sub, 0700);
	if (made < 0) {
		saved = errno;
		log_err("spool: cannot create %s: %s", sub, strerror(saved));
		goto fail;
	}
	/* A new fan-out directory is itself an entry to make durable. */
	area_dir = xasprintf("%s/%s", dir, area);
	if (made && sync && fsync_dir(area_dir) != 0) {
		saved = errno;
		log_err("spool: cannot fsync %s: %s", area_dir,
		    strerror(saved));
		goto fail;
	}
	if (write_tmp(dir, data, len, mode, sync, &tmp) != 0) {
		saved = errno;
		goto fail;
	}
	if (rename(tmp, final) != 0) {
		saved = errno;
		log_err("spool: cannot rename %s to %s: %s", tmp, final,
		    strerror(saved));
		unlink(tmp);
		goto fail;
	}
	if (sync && fsync_dir(sub) != 0) {
		saved = errno;
		log_err("spool: cannot fsync %s: %s", sub, strerror(saved));
		goto fail;
	}
done:
	free(area_dir);
	free(tmp);
	free(sub);
	*path_out = final;
	return 0;
fail:
	/* The spool is tequio's own: whatever stops a write there is the
	   machine's fault, never the message's. */
	fault_transient("spool: %s", strerror(saved));
	free(area_dir);
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
	return put(dir, area, data, len, mode, 1, sha_hex, path_out);
}

int
spool_put_nosync(const char *dir, const char *area, const void *data,
    size_t len, mode_t mode, char sha_hex[SPOOL_SHA_HEX], char **path_out)
{
	return put(dir, area, data, len, mode, 0, sha_hex, path_out);
}

int
spool_sync(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;

	if (fd < 0) {
		log_err("spool: cannot open %s: %s", dir, strerror(errno));
		return -1;
	}
	rc = syncfs(fd);
	if (rc != 0) {
		fault_transient("spool: %s", strerror(errno));
		log_err("spool: cannot sync %s: %s", dir, strerror(errno));
	}
	close(fd);
	return rc;
}
