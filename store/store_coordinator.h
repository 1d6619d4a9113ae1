/* SPDX-License-Identifier: ISC */
/*
 * store_coordinator.h - the coordinators' personal addresses (issue 11).
 *
 * Coordinators have no account (they are [roles] coordinators in
 * tequio.conf), so their account tokens live here, by address: only the
 * SHA-256 of each token (tokens.h), so a copy of the database does not
 * reveal it, and revoking one forgets the hash.  The token proves the
 * coordinator only while the address is still in [roles] coordinators
 * (handlers/identify.c checks both).
 */
#ifndef TEQUIO_STORE_COORDINATOR_H
#define TEQUIO_STORE_COORDINATOR_H

#include <stdint.h>

#include "store/store.h"

/* Give email the token whose hash is hash (replacing any earlier), or
   forget it with hash NULL.  0, -1. */
int store_coord_token_set(struct store *st, const char *email,
    const char *hash, int64_t now);
/* The coordinator whose token has hash: 1 and *email (caller frees), 0
   none, -1 on error. */
int store_coord_token_find(struct store *st, const char *hash, char **email);

#endif
