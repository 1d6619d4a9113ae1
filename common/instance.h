/* SPDX-License-Identifier: ISC */
/*
 * instance.h - one tequiod per configuration.
 *
 * Two daemons on one database both answer the same mail (BEGIN IMMEDIATE
 * orders their writes, not their sending), so every tequiod (daemon,
 * --once, --pipe) takes an exclusive flock on DATABASE.lock at start and
 * keeps it until it exits; the kernel drops it when the process dies, so
 * a crash never leaves a stale lock.  The file holds the holder's pid, for
 * the operator and for tequioctl requeue, which wakes the daemon's
 * delivery with SIGUSR1.
 */
#ifndef TEQUIO_INSTANCE_H
#define TEQUIO_INSTANCE_H

#include <sys/types.h>

/*
 * Take the lock for database.  Returns 0 with *fd the open lock file (keep
 * it open for the life of the process), 1 when another process holds it
 * (*holder its pid, or 0 when unknown), -1 on error (errno set).
 */
int instance_lock(const char *database, int *fd, pid_t *holder);

/*
 * The pid of the process that holds the lock of database: > 0, 0 when no
 * process holds it, -1 on error (errno set).  Never takes the lock.
 */
pid_t instance_holder(const char *database);

#endif
