/* SPDX-License-Identifier: ISC */
/*
 * store_quarantine.c - the quarantined messages (store_quarantine.h).
 */
#include "store/store_internal.h"
#include "store/store_quarantine.h"

static const char sql_list[] =
    "SELECT m.id, m.received_at, m.from_addr, m.subject, m.command, m.note, "
    "m.message_id, m.spool_path, coalesce(f.failures, 0), "
    "coalesce(f.why, ''), coalesce(i.deaths, 0), m.purged_at IS NOT NULL "
    "FROM message m LEFT JOIN msg_failure f ON f.sha256 = m.sha256 "
    "LEFT JOIN msg_inflight i ON i.sha256 = m.sha256 "
    "WHERE m.outcome = 'quarantined' AND (?1 = 0 OR m.id = ?1) "
    "ORDER BY m.id DESC";

static const char *
text(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	return t ? t : "";
}

int
store_quarantine_list(struct store *st, int64_t id, quarantine_fn fn,
    void *arg)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql_list, -1, &s, NULL) != SQLITE_OK)
		return store_fail(st, "listing the quarantine");
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct quarantined q;

		q.id = sqlite3_column_int64(s, 0);
		q.received_at = sqlite3_column_int64(s, 1);
		q.from_addr = text(s, 2);
		q.subject = text(s, 3);
		q.command = text(s, 4);
		q.note = text(s, 5);
		q.message_id = text(s, 6);
		q.spool_path = text(s, 7);
		q.failures = sqlite3_column_int64(s, 8);
		q.last_failure = text(s, 9);
		q.deaths = sqlite3_column_int64(s, 10);
		q.purged = sqlite3_column_int(s, 11);
		fn(arg, &q);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "listing the quarantine");
}
