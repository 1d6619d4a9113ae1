/* SPDX-License-Identifier: ISC */
/*
 * store_pack.h - the spool's packs in the database (spool/spool_pack.h,
 * migration 27).
 *
 * A pack is recorded, in a committed write of its own, before its file
 * is made: whatever a crash leaves in the spool has a row, and the row
 * says when it is due to be looked at (an hour later: by then the batch
 * that wrote it has committed or died).  Which of its members are still
 * wanted is read from the rows that point at them (message.spool_path,
 * and msg_release.spool_path while a release is under way), through
 * indexes: a pack's members are the paths between "<pack>#" and
 * "<pack>$".
 */
#ifndef TEQUIO_STORE_PACK_H
#define TEQUIO_STORE_PACK_H

#include <stddef.h>
#include <stdint.h>

struct store;

struct store_pack {
	int64_t id;
	char *path;
};

/* Record a pack about to be written at path, due at due; committed
   (fsynced) before returning.  No transaction may be open.  0 or -1. */
int store_pack_add(struct store *st, const char *path, int64_t now,
    int64_t due);

/* At most max packs due at or before upto, the earliest first: *packs
   (free with store_packs_free) and *n.  0 or -1. */
int store_pack_due(struct store *st, int64_t upto, size_t max,
    struct store_pack **packs, size_t *n);
void store_packs_free(struct store_pack *packs, size_t n);

/* The member paths of pack that rows still point at: *paths (free each
   and the array) and *n.  0 or -1. */
int store_pack_members(struct store *st, const char *pack, char ***paths,
    size_t *n);

/* Inside the caller's transaction: the pack looked at, nothing more due
   (settle); its file gone (forget); to be looked at again at due
   (recheck, by id or by path).  0 or -1. */
int store_pack_settle(struct store *st, int64_t id);
int store_pack_forget(struct store *st, int64_t id);
int store_pack_recheck(struct store *st, int64_t id, int64_t due);
int store_pack_recheck_path(struct store *st, const char *pack,
    int64_t due);

#endif
