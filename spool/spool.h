/* SPDX-License-Identifier: ISC */
/*
 * spool.h - durable, content-addressed files: raw messages and documents.
 *
 * A file is written in spool/tmp, fsynced, renamed into spool/<area>/xx/
 * under its SHA-256, and the directory fsynced, before the caller is told
 * it is there: after spool_put returns 0 a crash cannot lose it.  The same
 * bytes stored twice are one file.  Documents, and a message received
 * alone (--pipe); the messages of a batch go into one pack
 * (spool_pack.h).
 */
#ifndef TEQUIO_SPOOL_H
#define TEQUIO_SPOOL_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

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

/* ---- sealed at rest (spool_seal.c, issue 12) ---- */

#define SPOOL_KEY_LEN	32
#define SPOOL_MAGIC_LEN	8

struct buf;

/*
 * From now on every spool_put in this process seals what it writes with
 * k (copied); NULL forgets the key.  Set once at start-up, before any
 * thread runs.
 */
void spool_set_key(const unsigned char k[SPOOL_KEY_LEN]);
/* 1 when a key is loaded. */
int spool_keyed(void);
/*
 * Where the key is: key_file ([privacy] spool_key_file) when set, else
 * spool.key beside secret_file.  New string.
 */
char *spool_key_path(const char *key_file, const char *secret_file);
/* Load the existing key at path and spool_set_key it, for a tool that
   reads the spool (tequioctl).  0, or -1 with errno. */
int spool_load_key(const char *path);
/* Size of len bytes once sealed. */
size_t spool_sealed_len(size_t len);
/* 1 when data starts like a sealed file. */
int spool_is_sealed(const void *data, size_t len);
/* Seal data into out (initialised here).  0, or -1 with errno ENOKEY. */
int spool_seal(const void *data, size_t len, struct buf *out);
/* Open a sealed file's bytes into out.  0, or -1 with errno ENOKEY (no
   key loaded) or EBADMSG (not sealed with this key, cut or altered). */
int spool_open_sealed(const void *data, size_t len, struct buf *out);

/*
 * Read a spool file, or a member of a pack (spool_pack.h), of at most max
 * plain bytes, opening it when sealed: 0 and *out (caller frees), or -1
 * with errno (EFBIG, ENOKEY, EBADMSG, EINVAL for a malformed member path,
 * ENOENT for a member erased, or the system's).  The only way handlers
 * read the spool back.
 */
int spool_read(const char *path, size_t max, char **out, size_t *outlen);

/*
 * Seal in place every plain file under dir/msg and dir/doc (files kept
 * by release 1): sealed copy in tmp/, fsync, rename over, fsync the
 * directory.  Resumable: sealed files are skipped.  *sealed counts the
 * files sealed now.  0, or -1 (logged) leaving the rest for next time.
 * Packs (dir/pack) need none: none is written without a key.
 */
int spool_seal_existing(const char *dir, size_t *sealed);

/*
 * Remove what a writer killed in the middle left in dir/tmp.  Every file
 * there is renamed into place or unlinked seconds after it was created,
 * so one last modified more than max_age seconds before now (the real
 * clock: the file system sets mtimes by it) belongs to nobody; a younger
 * one may be a batch or a --pipe delivery being written this moment.
 * Only regular files, never through a link; the directory is synced when
 * anything went, so an erased file stays erased.  The number removed, or
 * -1 (logged) when the directory cannot be read or a file not removed.
 */
#define SPOOL_TMP_MAX_AGE	3600
long spool_sweep_tmp(const char *dir, time_t now, int max_age);

/* SHA-256 of data as 64 hex digits. */
void spool_sha256_hex(const void *data, size_t len, char sha_hex[SPOOL_SHA_HEX]);

#endif
