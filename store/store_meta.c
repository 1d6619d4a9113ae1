/*
 * store_meta.c - small named integers kept in the meta table, such as the
 * generation of the keys that sign reply tokens and approval codes
 * (tokens.h, keys_derive): a new generation invalidates every token and
 * code at once, and every process reads it per message.
 */
#include <stdio.h>
#include <stdlib.h>

#include "store_internal.h"

int
store_meta_int(struct store *st, const char *key, int64_t def, int64_t *out)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT value FROM meta WHERE "
	    "key = ?1");
	int rc;

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, key);
	rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? strtoll((const char *)
	    sqlite3_column_text(s, 0), NULL, 10) : def;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, "reading meta");
	return 0;
}

int
store_meta_set_int(struct store *st, const char *key, int64_t v)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO meta(key, value) "
	    "VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2");
	char num[24];

	if (s == NULL)
		return -1;
	snprintf(num, sizeof(num), "%lld", (long long)v);
	store_bind_text(s, 1, key);
	store_bind_text(s, 2, num);
	return store_step_done(st, s, "writing meta");
}

int
store_wf_matters_expire_codes(struct store *st, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE wf_matter SET expires = ?1, "
	    "code_mac = NULL WHERE state = 'abierto'");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	return store_step_done(st, s, "expiring approval codes");
}
