/* SPDX-License-Identifier: ISC */
/*
 * instance.c - the lock file beside the database (see instance.h).
 *
 * flock, not fcntl locks: an fcntl lock is dropped when any descriptor of
 * the file is closed by the process, and belongs to the process rather
 * than the descriptor; flock belongs to the open file, which is what
 * "this process holds the configuration" means.  The lock file is never
 * deleted: unlinking it would let a third process lock a new file while
 * the second still holds the old one.
 */
#include "common/instance.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/util.h"

#define PID_TEXT 32

static char *
lock_path(const char *database)
{
	return xasprintf("%s.lock", database);
}

/* The pid written in the file, 0 when there is none. */
static pid_t
read_pid(int fd)
{
	char buf[PID_TEXT];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	char *end;
	long v;

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	v = strtol(buf, &end, 10);
	if (end == buf || v <= 0 || (*end != '\n' && *end != '\0'))
		return 0;
	return (pid_t)v;
}

static int
write_pid(int fd)
{
	char buf[PID_TEXT];
	int n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());

	if (ftruncate(fd, 0) != 0 || pwrite(fd, buf, (size_t)n, 0) != n)
		return -1;
	return 0;
}

int
instance_lock(const char *database, int *fd, pid_t *holder)
{
	char *path = lock_path(database);
	int lfd, saved;

	*fd = -1;
	*holder = 0;
	lfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	free(path);
	if (lfd < 0)
		return -1;
	if (flock(lfd, LOCK_EX | LOCK_NB) != 0) {
		saved = errno;
		if (saved == EWOULDBLOCK)
			*holder = read_pid(lfd);
		close(lfd);
		errno = saved;
		return saved == EWOULDBLOCK ? 1 : -1;
	}
	if (write_pid(lfd) != 0) {
		saved = errno;
		close(lfd);
		errno = saved;
		return -1;
	}
	*fd = lfd;
	return 0;
}

/*
 * Does pid hold a flock on inode ino?  /proc/locks lines read
 * "N: FLOCK ADVISORY WRITE PID MAJ:MIN:INODE START END".  Looking is all
 * this does: taking even a shared lock to test would make a daemon
 * starting at that moment think another one runs.
 */
static int
holds_flock(pid_t pid, ino_t ino)
{
	FILE *f = fopen("/proc/locks", "re");
	char line[256], kind[16];
	unsigned long long inode;
	long lpid;
	int found = 0;

	if (f == NULL)
		return -1;
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%*[^:]: %15s %*s %*s %ld %*x:%*x:%llu",
		    kind, &lpid, &inode) == 3 && strcmp(kind, "FLOCK") == 0 &&
		    lpid == (long)pid && inode == (unsigned long long)ino)
			found = 1;
	}
	fclose(f);
	return found;
}

pid_t
instance_holder(const char *database)
{
	char *path = lock_path(database);
	int fd = open(path, O_RDONLY | O_CLOEXEC), saved;
	struct stat sb;
	pid_t pid = 0;
	int held;

	free(path);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	if (fstat(fd, &sb) != 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	pid = read_pid(fd);
	close(fd);
	if (pid <= 0)
		return 0;
	held = holds_flock(pid, sb.st_ino);
	if (held < 0)
		return -1;
	return held ? pid : 0;
}
