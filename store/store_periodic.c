/* SPDX-License-Identifier: ISC */
/*
 * store_periodic.c - the daemon's named numbers (table daemon_state,
 * migration 3): when each periodic job last ran (jobs/periodic.c), the
 * counts the alerts last saw and since when the mailbox is down
 * (jobs/alerts.c); and the two outbox questions the alerts ask.
 */
#include "store/store_internal.h"

#include "common/util.h"

int
store_state_get(struct store *st, const char *name, int64_t *value)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT value FROM daemon_state "
	    "WHERE name = ?1");

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, name);
	return store_step_int64(st, s, "reading the daemon's state", value);
}

int
store_state_set(struct store *st, const char *name, int64_t value)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO daemon_state(name, "
	    "value) VALUES(?1, ?2) ON CONFLICT(name) DO UPDATE SET "
	    "value = excluded.value");

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, name);
	sqlite3_bind_int64(s, 2, value);
	return store_step_done(st, s, "recording the daemon's state");
}

int
store_state_clear(struct store *st, const char *name)
{
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM daemon_state "
	    "WHERE name = ?1");

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, name);
	return store_step_done(st, s, "clearing the daemon's state");
}

int
store_outbox_has(struct store *st, const char *message_id)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT 1 FROM outbox "
	    "WHERE message_id = ?1");
	int64_t one;

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, message_id);
	return store_step_int64(st, s, "looking up a Message-ID", &one);
}

int
store_outbox_oldest_retry(struct store *st, int64_t *created,
    char **last_error)
{
	/* Named: after ANALYZE, status looks unselective (nearly every row
	   is 'sent') and the planner would scan the whole outbox. */
	sqlite3_stmt *s = store_stmt(st, "SELECT created, last_error FROM "
	    "outbox INDEXED BY outbox_due WHERE status = 'queued' AND "
	    "attempts > 0 ORDER BY created LIMIT 1");
	int rc;

	*last_error = NULL;
	if (s == NULL)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*created = sqlite3_column_int64(s, 0);
		*last_error = store_col_text(s, 1);
		sqlite3_reset(s);
		return 1;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "reading the outbox");
}
