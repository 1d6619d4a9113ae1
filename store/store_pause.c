/* SPDX-License-Identifier: ISC */
/*
 * store_pause.c - the rows of the pauses of a service (store_pause.h).
 * The rules (what a pause stops, who approves it) are in
 * handlers/pause.c.
 */
#include "store/store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "store/store_pause.h"
#include "store/store_workflow.h"

void
wf_pause_free(struct wf_pause *p)
{
	free(p->motivo);
	free(p->state);
	memset(p, 0, sizeof(*p));
}

void
wf_pauses_free(struct wf_pause *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		wf_pause_free(&p[i]);
	free(p);
}

int
store_wf_pause_insert(struct store *st, int64_t application_id,
    const char *motivo, int64_t from_day, int64_t to_day, int64_t now,
    int64_t *id)
{
	static const char sql[] = "INSERT INTO wf_pause(application_id,"
	    " motivo, from_day, to_day, ended_day, state, created, updated)"
	    " VALUES (?1, ?2, ?3, ?4, 0, ?6, ?5, ?5)";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, application_id);
	store_bind_text(s, 2, motivo);
	sqlite3_bind_int64(s, 3, from_day);
	sqlite3_bind_int64(s, 4, to_day);
	sqlite3_bind_int64(s, 5, now);
	store_bind_text(s, 6, wf_state_name(ST_PAUSA_NUEVO));
	if (store_step_done(st, s, "pause insert") != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

#define PAUSE_COLS "id, application_id, motivo, from_day, to_day," \
	" ended_day, state, created"

static void
pause_row(sqlite3_stmt *s, struct wf_pause *p)
{
	p->id = sqlite3_column_int64(s, 0);
	p->application_id = sqlite3_column_int64(s, 1);
	p->motivo = store_col_text(s, 2);
	p->from_day = sqlite3_column_int64(s, 3);
	p->to_day = sqlite3_column_int64(s, 4);
	p->ended_day = sqlite3_column_int64(s, 5);
	p->state = store_col_text(s, 6);
	p->created = sqlite3_column_int64(s, 7);
}

int
store_wf_pause_get(struct store *st, int64_t id, struct wf_pause *p)
{
	static const char sql[] = "SELECT " PAUSE_COLS " FROM wf_pause"
	    " WHERE id = ?1";
	sqlite3_stmt *s = store_stmt(st, sql);
	int rc;

	memset(p, 0, sizeof(*p));
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		pause_row(s, p);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_fail(st, "pause get");
}

int
store_wf_pause_end(struct store *st, int64_t id, int64_t ended_day)
{
	static const char sql[] = "UPDATE wf_pause SET ended_day = ?2"
	    " WHERE id = ?1";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, ended_day);
	return store_step_done(st, s, "pause end");
}

/* The rows of sql with ?1 bound to key and, unless ST__COUNT, ?2 to the
   word of state. */
static int
pause_rows(struct store *st, const char *sql, int64_t key,
    enum wf_state state, struct wf_pause **out, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, sql);
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, key);
	if (state != ST__COUNT)
		store_bind_text(s, 2, wf_state_name(state));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof(**out));
		pause_row(s, &(*out)[(*n)++]);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return 0;
	wf_pauses_free(*out, *n);
	*out = NULL;
	*n = 0;
	return store_fail(st, "pause list");
}

int
store_wf_pause_list(struct store *st, int64_t application_id,
    struct wf_pause **out, size_t *n)
{
	static const char sql[] = "SELECT " PAUSE_COLS " FROM wf_pause"
	    " WHERE application_id = ?1 ORDER BY id";

	return pause_rows(st, sql, application_id, ST__COUNT, out, n);
}

int
store_wf_pause_due(struct store *st, int64_t today, struct wf_pause **out,
    size_t *n)
{
	static const char sql[] = "SELECT " PAUSE_COLS " FROM wf_pause"
	    " WHERE state = ?2 AND to_day BETWEEN 1 AND ?1"
	    " AND ended_day = 0 ORDER BY id";

	return pause_rows(st, sql, today, ST_PAUSA_VIGENTE, out, n);
}
