/* SPDX-License-Identifier: ISC */
/*
 * store_coordinator.c - the coordinators' personal addresses
 * (store_coordinator.h).
 */
#include "store/store_internal.h"
#include "store/store_coordinator.h"

#include <stdlib.h>

int
store_coord_token_set(struct store *st, const char *email, const char *hash,
    int64_t now)
{
	sqlite3_stmt *s;

	if (hash == NULL) {
		if ((s = store_stmt(st, "DELETE FROM coordinator_token "
		    "WHERE email = ?1")) == NULL)
			return -1;
		store_bind_text(s, 1, email);
		return store_step_done(st, s, "revoking a coordinator's "
		    "address");
	}
	if ((s = store_stmt(st, "INSERT INTO coordinator_token(email, "
	    "token_hash, issued_at) VALUES(?1, ?2, ?3) ON CONFLICT(email) "
	    "DO UPDATE SET token_hash = ?2, issued_at = ?3")) == NULL)
		return -1;
	store_bind_text(s, 1, email);
	store_bind_text(s, 2, hash);
	sqlite3_bind_int64(s, 3, now);
	return store_step_done(st, s, "a coordinator's address");
}

int
store_coord_token_find(struct store *st, const char *hash, char **email)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT email FROM coordinator_token "
	    "WHERE token_hash = ?1");
	int rc;

	*email = NULL;
	if (s == NULL)
		return -1;
	store_bind_text(s, 1, hash);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*email = store_col_text(s, 0);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_fail(st, "a coordinator's "
	    "address");
}
