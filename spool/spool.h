/*
 * spool.h - durable, content-addressed files: raw messages and documents.
 *
 * A file is written in spool/tmp, fsynced, renamed into spool/<area>/xx/
 * under its SHA-256, and the directory fsynced, before the caller is told
 * it is there: after spool_put returns 0 a crash cannot lose it.  The same
 * bytes stored twice are one file.
 */
#ifndef TEQUIO_SPOOL_H
#define TEQUIO_SPOOL_H

#include <stddef.h>
#include <sys/types.h>

#define SPOOL_SHA_HEX 65	/* 64 hex digits + NUL */

/* Create the spool layout (0700) if missing. */
int spool_init(const char *dir, char *err, size_t errlen);

/*
 * Store data under area ("msg" or "doc") with mode (0600 for everything
 * personal).  sha_hex receives the digest; *path_out (caller frees) the
 * final path.  Returns 0, or -1 with errno set and the failure logged.
 */
int spool_put(const char *dir, const char *area, const void *data,
    size_t len, mode_t mode, char sha_hex[SPOOL_SHA_HEX], char **path_out);

/*
 * The same, but without making the file durable yet: a caller storing a
 * batch writes every file with spool_put_nosync, then calls spool_sync
 * once before relying on any of them (one journal commit, not two fsyncs
 * per file).
 */
int spool_put_nosync(const char *dir, const char *area, const void *data,
    size_t len, mode_t mode, char sha_hex[SPOOL_SHA_HEX], char **path_out);
/* Make everything written under dir durable (syncfs).  0 or -1. */
int spool_sync(const char *dir);

/* SHA-256 of data as 64 hex digits. */
void spool_sha256_hex(const void *data, size_t len, char sha_hex[SPOOL_SHA_HEX]);

#endif
