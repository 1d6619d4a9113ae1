/* SPDX-License-Identifier: ISC */
/*
 * store_inflight.c - the msg_inflight table (see store_inflight.h).
 */
#include "store_inflight.h"

#include "store_internal.h"

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
	int rc;

	*marked = 0;
	*deaths = 0;
	if (s == NULL)
		return -1;
	store_bind_text(s, 1, sha256);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*marked = 1;
		*deaths = sqlite3_column_int(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, "reading a message in progress");
	return 0;
}

int
store_inflight_bump(struct store *st, const char *sha256, int *deaths)
{
	sqlite3_stmt *s = store_stmt(st,
	    "INSERT INTO msg_inflight(sha256, deaths) VALUES(?1, 1)"
	    " ON CONFLICT(sha256) DO UPDATE SET deaths = deaths + 1"
	    " RETURNING deaths");
	int rc;

	*deaths = 0;
	if (s == NULL)
		return -1;
	store_bind_text(s, 1, sha256);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*deaths = sqlite3_column_int(s, 0);
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, "counting a death on a message");
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
