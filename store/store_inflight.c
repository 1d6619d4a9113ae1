/* SPDX-License-Identifier: ISC */
/*
 * store_inflight.c - the msg_inflight table (see store_inflight.h).
 */
#include "store/store_inflight.h"

#include "store/store_internal.h"

int
store_inflight_mark(struct store *st, const char *sha256)
{
	sqlite3_stmt *s = store_stmt(st,
	    "INSERT INTO msg_inflight(sha256, deaths) VALUES(?1, 0)"
	    " ON CONFLICT(sha256) DO NOTHING");

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, sha256);
	return store_step_done(st, s, "marking a message in progress");
}

int
store_inflight_get(struct store *st, const char *sha256, int *marked,
    int *deaths)
{
	sqlite3_stmt *s = store_stmt(st,
	    "SELECT deaths FROM msg_inflight WHERE sha256 = ?1");
	int64_t n = 0;
	int found;

	*marked = 0;
	*deaths = 0;
	if (s == NULL)
		return -1;
	store_bind_text(s, 1, sha256);
	found = store_step_int64(st, s, "reading a message in progress", &n);
	if (found < 0)
		return -1;
	*marked = found;
	*deaths = (int)n;
	return 0;
}

int
store_inflight_bump(struct store *st, const char *sha256, int *deaths)
{
	sqlite3_stmt *s = store_stmt(st,
	    "INSERT INTO msg_inflight(sha256, deaths) VALUES(?1, 1)"
	    " ON CONFLICT(sha256) DO UPDATE SET deaths = deaths + 1"
	    " RETURNING deaths");
	int64_t n = 0;

	*deaths = 0;
	if (s == NULL)
		return -1;
	store_bind_text(s, 1, sha256);
	if (store_step_int64(st, s, "counting a death on a message", &n) < 0)
		return -1;
	*deaths = (int)n;
	return 0;
}

int
store_inflight_clear(struct store *st, const char *sha256)
{
	sqlite3_stmt *s = store_stmt(st,
	    "DELETE FROM msg_inflight WHERE sha256 = ?1");

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, sha256);
	return store_step_done(st, s, "forgetting a message in progress");
}
