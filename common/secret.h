/* SPDX-License-Identifier: ISC */
/*
 * secret.h - the server secret: 32 random bytes in a file of their own,
 * created 0600 on the daemon's first start.  Verification codes of letters
 * (letters/), reply tokens and approval codes (handlers/tokens.c) are all
 * derived from it, so losing it makes every issued code unverifiable and
 * leaking it lets anyone forge them.
 */
#ifndef TEQUIO_SECRET_H
#define TEQUIO_SECRET_H

#include <stddef.h>

#define SECRET_LEN 32

/*
 * Read the secret from path into out.  When the file does not exist and
 * create is set, make one (random bytes, mode 0600, written to a temporary
 * file, fsynced and linked into place so that two processes starting at
 * once end up with the same secret and a crash never leaves a short one).
 * Returns 0, or -1 with errno set (EINVAL: the file is not 32 bytes) and
 * the reason logged.
 */
int secret_load(const char *path, unsigned char out[SECRET_LEN], int create);

/*
 * The secret for a start of the daemon on database: created only when the
 * database does not exist yet (or is empty), since a new secret under an
 * existing database voids every token, pending confirmation, approval
 * code and issued folio.  Returns 0, or -1 with err saying what is wrong
 * and what to do (the caller stops: a configuration error).
 */
int secret_for_database(const char *path, const char *database,
    unsigned char out[SECRET_LEN], char *err, size_t errlen);

#endif
