/* SPDX-License-Identifier: ISC */
/*
 * purge.h - retention (issue 12): what is kept how long is in [privacy];
 * this deletes what is past it, daily in the daemon and on demand with
 * tequioctl purge.
 */
#ifndef TEQUIO_PURGE_H
#define TEQUIO_PURGE_H

#include <stddef.h>
#include <stdint.h>

#include "store/store_purge.h"

struct config;
struct periodic;
struct store;

/*
 * Purge at now: mark and record what is past retention, then remove its
 * spool files.  With dry_run nothing changes and *items says what would
 * go.  *items (may be NULL) is the caller's (purge_items_free); *files
 * counts the files removed.  0, -1 (logged; the next run goes on).
 */
int purge_run(const struct config *cfg, struct store *st, int64_t now,
    int dry_run, struct purge_item **items, size_t *n, size_t *files);

/* Register the daily purge with the daemon's periodic jobs; cfg and st
   must outlive p. */
void purge_register(struct periodic *p, const struct config *cfg,
    struct store *st);

#endif
