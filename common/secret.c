/* SPDX-License-Identifier: ISC */
/*
 * secret.c - load or create the server secret (see secret.h).
 *
 * Creation writes a temporary file and link()s it into place: link fails
 * rather than replace an existing file, so when two processes race on a
 * first start both read back the one secret that won, and the final name
 * only ever points at a complete, fsynced file.
 */
#include "common/secret.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/log.h"
#include "common/util.h"

static int
read_secret(const char *path, unsigned char out[SECRET_LEN])
{
	unsigned char tmp[SECRET_LEN + 1];
	struct stat sb;
	size_t got = 0;
	int fd, saved;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) == 0 && (sb.st_mode & 077) != 0)
		log_warn("%s: the secret is readable by others (mode %03o); "
		    "chmod 600 it", path, (unsigned)(sb.st_mode & 0777));
	while (got < sizeof(tmp)) {
		ssize_t n = read(fd, tmp + got, sizeof(tmp) - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got != SECRET_LEN) {
		log_err("%s: the secret must be exactly %d bytes, not %zu",
		    path, SECRET_LEN, got);
		sodium_memzero(tmp, sizeof(tmp));
		errno = EINVAL;
		return -1;
	}
	memcpy(out, tmp, SECRET_LEN);
	sodium_memzero(tmp, sizeof(tmp));
	return 0;
fail:
	saved = errno;
	close(fd);
	sodium_memzero(tmp, sizeof(tmp));
	errno = saved;
	return -1;
}

static int
write_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* fsync the directory holding path, so the new name survives a crash. */
static int
sync_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash == NULL ? xstrdup(".") :
	    slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = -1;

	if (fd >= 0) {
		rc = fsync(fd);
		close(fd);
	}
	free(dir);
	return rc;
}

static int
create_secret(const char *path)
{
	unsigned char key[SECRET_LEN];
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	int fd, rc = -1, saved;

	randombytes_buf(key, sizeof(key));
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		goto done;
	if (write_all(fd, key, sizeof(key)) != 0 || fsync(fd) != 0) {
		saved = errno;
		close(fd);
		unlink(tmp);
		errno = saved;
		goto done;
	}
	if (close(fd) != 0) {
		saved = errno;
		unlink(tmp);
		errno = saved;
		goto done;
	}
	if (link(tmp, path) != 0 && errno != EEXIST) {
		saved = errno;
		unlink(tmp);
		errno = saved;
		goto done;
	}
	unlink(tmp);
	rc = sync_parent(path);
	if (rc == 0)
		log_info("%s: created a new server secret", path);
done:
	saved = errno;
	if (rc != 0)
		log_err("%s: cannot create the secret: %s", path,
		    strerror(saved));
	sodium_memzero(key, sizeof(key));
	free(tmp);
	errno = saved;
	return rc;
}

int
secret_load(const char *path, unsigned char out[SECRET_LEN], int create)
{
	if (sodium_init() < 0) {
		log_err("libsodium cannot initialise");
		errno = EIO;
		return -1;
	}
	if (read_secret(path, out) == 0)
		return 0;
	if (errno != ENOENT || !create) {
		int saved = errno;
		if (saved != EINVAL)
			log_err("%s: cannot read the secret: %s", path,
			    strerror(saved));
		errno = saved;
		return -1;
	}
	if (create_secret(path) != 0)
		return -1;
	return read_secret(path, out);
}

/* 1 when database holds data, 0 when it is absent or empty, -1 error. */
static int
database_exists(const char *database)
{
	struct stat sb;

	if (stat(database, &sb) == 0)
		return sb.st_size > 0;
	return errno == ENOENT ? 0 : -1;
}

int
secret_for_database(const char *path, const char *database,
    unsigned char out[SECRET_LEN], char *err, size_t errlen)
{
	int have_db = database_exists(database);

	if (have_db < 0) {
		snprintf(err, errlen, "%s: %s", database, strerror(errno));
		return -1;
	}
	if (secret_load(path, out, !have_db) == 0)
		return 0;
	if (errno == ENOENT)
		snprintf(err, errlen, "%s: the secret is missing but the "
		    "database %s exists: restore secret.key from your backup "
		    "(a new secret would void every reply token, approval code "
		    "and folio issued); to start over with a new secret on "
		    "purpose, run \"tequioctl init --new-secret\"", path,
		    database);
	else
		snprintf(err, errlen, "%s: cannot read or create the secret: %s",
		    path, strerror(errno));
	return -1;
}
