/* SPDX-License-Identifier: ISC */
/*
 * spoolkey.h - loading the key the spool is sealed with (issue 12).
 */
#ifndef TEQUIO_SPOOLKEY_H
#define TEQUIO_SPOOLKEY_H

#include <stddef.h>

struct config;
struct store;

/*
 * Load [privacy] spool_key_file (default: spool.key beside the secret)
 * and hand it to the spool (spool_set_key), then seal the plain files an
 * older tequio left.  The key file is created (0600) only while the
 * database has never seen one: once it has, a missing key or another
 * key stops start-up, so a lost key is never silently replaced by a new
 * one that opens nothing.  0, or -1 with a sentence in err.
 */
int spoolkey_open(const struct config *cfg, struct store *st, char *err,
    size_t errlen);

/* The key file's path (caller frees). */
char *spoolkey_path(const struct config *cfg);

#endif
