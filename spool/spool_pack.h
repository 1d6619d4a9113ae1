/* SPDX-License-Identifier: ISC */
/*
 * spool_pack.h - one file per batch of received messages (issue 15).
 *
 * A content-addressed file per message (spool.h) costs a sync of the
 * file and of its directory each: ~180 device cache flushes for a batch
 * of 100 on ext4, the whole gap to a mail client on a real disk.  A pack
 * holds a batch's raw messages, each sealed separately with the spool
 * key exactly as spool_put seals a file, one after the other behind an
 * 8-byte magic.  It is written in spool/tmp, fdatasynced once, renamed
 * into spool/pack/xx/ and that directory fsynced once (and spool/pack
 * too when xx is new): two syncs for the batch.  Only once
 * spool_pack_publish returns 0 may anything point at its members.
 *
 * A member is named by a path spool_read reads like any spool file:
 *
 *     <spool>/pack/xx/<32 hex>.pack#<offset>+<length>
 *
 * A content-addressed file's name is 64 hex digits, so a last path
 * element with ".pack#" is a member and nothing else; one that does not
 * follow the pattern exactly is refused (EINVAL), never guessed at.  A
 * '#' elsewhere in a name (a logo the operator keeps outside the spool)
 * is a whole file's.
 *
 * Erasing a member (retention) punches its bytes out of the pack
 * (fallocate PUNCH_HOLE; zeros written over them where the file system
 * cannot punch), synced before the caller forgets its path; a member
 * erased reads as gone (ENOENT).  Which members are still wanted is the
 * database's to say (jobs/packs.c): spool_pack_keep_only erases the rest,
 * spool_pack_remove the whole file when none is.
 *
 * Packs are written only under a spool key (ENOKEY without one): tequiod
 * loads or makes the key at start-up before it writes anything, so there
 * is no plain pack for spool_seal_existing to seal.
 */
#ifndef TEQUIO_SPOOL_PACK_H
#define TEQUIO_SPOOL_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "spool/spool.h"

/* The magic every pack starts with; members begin after it. */
#define SPOOL_PACK_HEADER	8

struct spool_pack;

/*
 * A new pack for the spool at dir: its name is chosen now (random), its
 * file is made by the first spool_pack_add.  Never fails.
 */
struct spool_pack *spool_pack_new(const char *dir);
/* The path the pack will have once published (for the database). */
const char *spool_pack_path(const struct spool_pack *pk);
/*
 * Seal data and append it: sha_hex its SHA-256 (of the plain bytes, as
 * spool_put gives), *member (caller frees) the path it is read by once
 * the pack is published.  0, or -1 with errno set and the failure logged
 * (the members added before stay whole).
 */
int spool_pack_add(struct spool_pack *pk, const void *data, size_t len,
    char sha_hex[SPOOL_SHA_HEX], char **member);
/*
 * fdatasync the pack, rename it into place, fsync its directory.  0, or
 * -1 with errno set and logged: then nothing is left at the final path.
 */
int spool_pack_publish(struct spool_pack *pk);
/* Forget pk; a pack not published is removed from tmp. */
void spool_pack_free(struct spool_pack *pk);

/*
 * Whether path names a member: 1 with *pack (caller frees), *off and
 * *len; 0 when it is a whole file; -1 with errno EINVAL when it looks
 * like a member (".pack#" in its last element) but does not follow the
 * pattern.
 */
int spool_member_parse(const char *path, char **pack, uint64_t *off,
    uint64_t *len);
/*
 * The stored (sealed) bytes of a member, checked against the pack: 1 and
 * *out (caller frees, NUL-terminated) when path is a member, 0 when it is
 * a whole file (nothing read), -1 with errno: EINVAL (malformed path or
 * not a pack), EBADMSG (the pack is shorter than the member: cut), EFBIG
 * (longer than max), or the system's.
 */
int spool_member_read(const char *path, size_t max, char **out,
    size_t *outlen);

/*
 * Remove what path names from the spool, durably: a member's bytes are
 * punched out of its pack (or overwritten with zeros) and the pack
 * fdatasynced; a whole file is unlinked and its directory fsynced.
 * Already gone is success.  0, or -1 with errno set (logged).
 */
int spool_remove(const char *path);
/*
 * Erase from the pack at pack every byte that none of the n members
 * (member paths of this pack) holds, and sync it: what a batch wrote and
 * then did not record, and members forgotten since.  0 or -1.
 */
int spool_pack_keep_only(const char *pack, char *const *members, size_t n);
/*
 * Remove the pack at pack and what a crash may have left of it in the
 * spool's tmp (dir is the spool), then fsync the pack's directory.
 * Already gone is success.  0 or -1.
 */
int spool_pack_remove(const char *dir, const char *pack);

#endif
