/* SPDX-License-Identifier: ISC */
/*
 * store_privacy.c - the aviso de privacidad's record (store_privacy.h).
 */
#include "store/store_internal.h"

#include <stdlib.h>

#include "store/store_privacy.h"

int
store_privacy_notice_first(struct store *st, const char *address,
    int64_t now, int64_t msg_row)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO privacy_notice("
	    "address, shown_at, message) VALUES(?1, ?2, ?3) "
	    "ON CONFLICT(address) DO NOTHING");

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, address);
	sqlite3_bind_int64(s, 2, now);
	if (msg_row > 0)
		sqlite3_bind_int64(s, 3, msg_row);
	if (store_step_done(st, s, "recording the aviso de privacidad") != 0)
		return -1;
	return sqlite3_changes(st->db) > 0;
}

int
store_privacy_account_mark(struct store *st, const char *email,
    const char *address)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE wf_account SET "
	    "aviso_shown_at = (SELECT shown_at FROM privacy_notice WHERE "
	    "address = ?2) WHERE email = ?1 AND aviso_shown_at IS NULL");

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, email);
	store_bind_text(s, 2, address);
	return store_step_done(st, s, "noting the aviso on the account");
}

int
store_access_log_add(struct store *st, int64_t at, const char *recipient,
    int64_t account_id, const char *what, int64_t msg_row)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO access_log(at, "
	    "recipient, account_id, what, msg_row) VALUES(?1, ?2, ?3, ?4, ?5)");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, at);
	store_bind_text(s, 2, recipient);
	sqlite3_bind_int64(s, 3, account_id);
	store_bind_text(s, 4, what);
	sqlite3_bind_int64(s, 5, msg_row);
	return store_step_done(st, s, "recording a disclosure");
}

int
store_access_log_list(struct store *st, int64_t since, access_row_fn fn,
    void *arg)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT at, recipient, account_id, "
	    "what, msg_row FROM access_log WHERE at >= ?1 ORDER BY id");
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, since);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fn(arg, sqlite3_column_int64(s, 0),
		    (const char *)sqlite3_column_text(s, 1),
		    sqlite3_column_int64(s, 2),
		    (const char *)sqlite3_column_text(s, 3),
		    sqlite3_column_int64(s, 4));
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "reading the access log");
}
