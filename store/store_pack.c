/* SPDX-License-Identifier: ISC */
/*
 * store_pack.c - the spool_pack table (see store_pack.h).
 */
#include "store/store_pack.h"

#include <stdlib.h>

#include "common/util.h"
#include "store/store_internal.h"

int
store_pack_add(struct store *st, const char *path, int64_t now, int64_t due)
{
	sqlite3_stmt *s;

	if (store_begin(st) != 0)
		return -1;
	s = store_stmt(st, "INSERT INTO spool_pack(path, created, due) "
	    "VALUES(?1, ?2, ?3)");
	if (s == NULL)
		goto fail;
	store_bind_text(s, 1, path);
	sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_int64(s, 3, due);
	if (store_step_done(st, s, "recording a spool pack") != 0)
		goto fail;
	return store_commit(st);
fail:
	store_rollback(st);
	return -1;
}

void
store_packs_free(struct store_pack *packs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(packs[i].path);
	free(packs);
}

int
store_pack_due(struct store *st, int64_t upto, size_t max,
    struct store_pack **packs, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id, path FROM spool_pack "
	    "WHERE due IS NOT NULL AND due <= ?1 ORDER BY due LIMIT ?2");
	int rc;

	*packs = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, upto);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)max);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*packs = xreallocarray(*packs, *n + 1, sizeof(**packs));
		(*packs)[*n].id = sqlite3_column_int64(s, 0);
		(*packs)[*n].path = store_col_text(s, 1);
		(*n)++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_packs_free(*packs, *n);
		*packs = NULL;
		*n = 0;
		return store_fail(st, "listing the spool packs due");
	}
	return 0;
}

int
store_pack_members(struct store *st, const char *pack, char ***paths,
    size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT spool_path FROM message "
	    "WHERE spool_path >= ?1 AND spool_path < ?2 UNION ALL "
	    "SELECT spool_path FROM msg_release WHERE spool_path >= ?1 AND "
	    "spool_path < ?2 AND done_at IS NULL");
	/* '$' follows '#': every "<pack>#..." and nothing else. */
	char *from = xasprintf("%s#", pack), *to = xasprintf("%s$", pack);
	int rc;

	*paths = NULL;
	*n = 0;
	if (s == NULL) {
		free(from);
		free(to);
		return -1;
	}
	store_bind_text(s, 1, from);
	store_bind_text(s, 2, to);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*paths = xreallocarray(*paths, *n + 1, sizeof(**paths));
		(*paths)[(*n)++] = store_col_text(s, 0);
	}
	sqlite3_reset(s);
	free(from);
	free(to);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < *n; i++)
			free((*paths)[i]);
		free(*paths);
		*paths = NULL;
		*n = 0;
		return store_fail(st, "reading a spool pack's messages");
	}
	return 0;
}

int
store_pack_settle(struct store *st, int64_t id)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE spool_pack SET due = NULL "
	    "WHERE id = ?1");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return store_step_done(st, s, "settling a spool pack");
}

int
store_pack_forget(struct store *st, int64_t id)
{
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM spool_pack "
	    "WHERE id = ?1");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return store_step_done(st, s, "forgetting a spool pack");
}

int
store_pack_recheck(struct store *st, int64_t id, int64_t due)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE spool_pack SET due = ?2 "
	    "WHERE id = ?1");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, due);
	return store_step_done(st, s, "postponing a spool pack");
}

int
store_pack_recheck_path(struct store *st, const char *pack, int64_t due)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE spool_pack SET due = ?2 "
	    "WHERE path = ?1");

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, pack);
	sqlite3_bind_int64(s, 2, due);
	return store_step_done(st, s, "marking a spool pack to look at");
}
