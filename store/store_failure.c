/* SPDX-License-Identifier: ISC */
/*
 * store_failure.c - the msg_failure table (see store_failure.h).
 */
#include "store/store_failure.h"

#include "store/store_internal.h"

int
store_msg_failures(struct store *st, const char *sha256, int *count)
{
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT failures FROM msg_failure WHERE sha256 = ?1");
	int64_t n = 0;

	*count = 0;
	if (s == NULL)
		return -1;
	store_bind_text(s, 1, sha256);
	if (store_step_int64(st, s, "reading message failures", &n) < 0)
		return -1;
	*count = (int)n;
	return 0;
}

int
store_msg_failure_bump(struct store *st, const char *sha256, int64_t now,
    const char *why, int *count)
{
	sqlite3_stmt *s = store_stmt(st,
	    "INSERT INTO msg_failure(sha256, failures, last_at, why)"
	    " VALUES(?1, 1, ?2, ?3) ON CONFLICT(sha256) DO UPDATE SET"
	    " failures = failures + 1, last_at = excluded.last_at,"
	    " why = excluded.why RETURNING failures");
	int64_t n = 0;

	*count = 0;
	if (s == NULL)
		return -1;
	store_bind_text(s, 1, sha256);
	sqlite3_bind_int64(s, 2, now);
	store_bind_text(s, 3, why);
	if (store_step_int64(st, s, "counting a message failure", &n) < 0)
		return -1;
	*count = (int)n;
	return 0;
}

int
store_msg_failure_clear(struct store *st, const char *sha256)
{
	sqlite3_stmt *s = store_stmt(st,
	    "DELETE FROM msg_failure WHERE sha256 = ?1");

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, sha256);
	return store_step_done(st, s, "forgetting message failures");
}
