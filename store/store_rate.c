/* SPDX-License-Identifier: ISC */
/*
 * store_rate.c - counters of what a sender did in a period, for the limits
 * that cannot be left to the daily reply cap: wrong approval codes and
 * VERIFICAR look-ups per sender per day, replies per normalised address,
 * replies to unknown senders per hour (handlers/caps.c).  The table comes
 * from migration 3 (migrate.c).
 */
#include "store/store_internal.h"

int
store_rate_bump(struct store *st, const char *kind, const char *key,
    int64_t period, int add, int *count)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO rate_count(kind, key, "
	    "period, n) VALUES(?1, ?2, ?3, ?4) ON CONFLICT(kind, key, period) "
	    "DO UPDATE SET n = n + ?4 RETURNING n");
	int64_t n;

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, kind);
	store_bind_text(s, 2, key);
	sqlite3_bind_int64(s, 3, period);
	sqlite3_bind_int(s, 4, add);
	/* An upsert with RETURNING always yields its row. */
	if (store_step_int64(st, s, "counting for a limit", &n) != 1)
		return -1;
	*count = (int)n;
	return 0;
}
