/* SPDX-License-Identifier: ISC */
/*
 * spool_int.h - what the spool's files share (private to spool/): the
 * content-addressed files (spool.c) and the batch packs (spool_pack.c)
 * fail, write and sync the same way, with the same fault-injection
 * points, so a test of one is a test of both.
 */
#ifndef TEQUIO_SPOOL_INT_H
#define TEQUIO_SPOOL_INT_H

#include <stddef.h>
#include <sys/types.h>

/* -1 with errno set where a test makes this step fail (common/fault.h). */
int spool_injected(const char *point);
/* mkdir: 1 when created, 0 when it was there, -1 on error. */
int spool_mkdir(const char *path, mode_t mode);
/* fsync a directory by its path (fault point spool.dirsync). */
int spool_fsync_dir(const char *path);
/* write(2) until done (fault point spool.write).  0 or -1. */
int spool_write_all(int fd, const void *data, size_t len);
/* The 256 fan-out directories of a new pack area top, and one fsync of
   top for them all: otherwise most of the first 256 packs would make a
   directory, and sync top, of their own (spool_pack.c).  0 or -1. */
int spool_pack_fan_out(const char *top);

#endif
