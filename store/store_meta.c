/* SPDX-License-Identifier: ISC */
/*
 * store_meta.c - small named integers kept in the meta table, such as the
 * generation of the keys that sign reply tokens and approval codes
 * (tokens.h, keys_derive): a new generation invalidates every token and
 * code at once, and every process reads it per message.
 */
#include <stdio.h>
#include <stdlib.h>

#include "store/store_internal.h"
#include "store/store_workflow.h"

int
store_meta_int(struct store *st, const char *key, int64_t def, int64_t *out)
{
	char *text;
	int r = store_meta_text(st, key, &text);

	if (r < 0)
		return -1;
	*out = r == 1 ? strtoll(text, NULL, 10) : def;
	if (r == 1)
		free(text);
	return 0;
}

int
store_meta_set_int(struct store *st, const char *key, int64_t v)
{
	char num[24];

	snprintf(num, sizeof(num), "%lld", (long long)v);
	return store_meta_set_text(st, key, num);
}

int
store_meta_text(struct store *st, const char *key, char **out)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT value FROM meta WHERE "
	    "key = ?1");
	int rc;

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, key);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = store_col_text(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, "reading meta");
	return rc == SQLITE_ROW;
}

int
store_meta_set_text(struct store *st, const char *key, const char *value)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO meta(key, value) "
	    "VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = ?2");

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, key);
	store_bind_text(s, 2, value);
	return store_step_done(st, s, "writing meta");
}

int
store_wf_matters_expire_codes(struct store *st, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE wf_matter SET expires = ?1, "
	    "code_mac = NULL WHERE state = ?2");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	store_bind_text(s, 2, wf_state_name(ST_ASUNTO_ABIERTO));
	return store_step_done(st, s, "expiring approval codes");
}
