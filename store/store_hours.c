/* SPDX-License-Identifier: ISC */
/*
 * store_hours.c - the hours of service: what each report declares, and
 * the sums the workflow decides on (store_workflow.h); and the record of
 * the calendar's reminders, so none is sent twice; and the agency's
 * evaluation of a report.  The sums are over
 * the student's every application, so a baja or a change of agency
 * carries the hours already accepted into the next service.
 */
#include "store/store_internal.h"

#include <stdlib.h>

#include "common/util.h"
#include "store/store_workflow.h"

int
store_wf_report_set_hours(struct store *st, int64_t id, int served,
    int64_t period_from, int64_t period_to)
{
	static const char sql[] = "UPDATE wf_report SET served = ?2,"
	    " period_from = ?3, period_to = ?4 WHERE id = ?1";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, served);
	sqlite3_bind_int64(s, 3, period_from);
	sqlite3_bind_int64(s, 4, period_to);
	return store_step_done(st, s, "report hours");
}

/* One integer from a statement that yields one row; 0 when NULL. */
static int
one_int64(struct store *st, sqlite3_stmt *s, int64_t *out, const char *what)
{
	int rc = sqlite3_step(s);

	*out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(st, what);
}

int
store_wf_hours_student(struct store *st, int64_t student_id,
    struct wf_hours *h)
{
	static const char sql[] = "SELECT COALESCE(SUM(r.served), 0)"
	    " FROM wf_application a JOIN wf_report r ON r.application_id ="
	    " a.id WHERE a.student_id = ?1 AND r.state = ?2";
	sqlite3_stmt *s;
	int64_t v;

	h->accepted = h->pending = 0;
	if ((s = store_stmt(st, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, student_id);
	store_bind_text(s, 2, wf_state_name(ST_REPORTE_ACEPTADO));
	if (one_int64(st, s, &v, "hours accepted") != 0)
		return -1;
	h->accepted = (int)v;
	if ((s = store_stmt(st, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, student_id);
	store_bind_text(s, 2, wf_state_name(ST_REPORTE_EN_REVISION));
	if (one_int64(st, s, &v, "hours pending") != 0)
		return -1;
	h->pending = (int)v;
	return 0;
}

/* One integer that a query about one row id (?1) and its reports in one
   state (?2) yields (0 when NULL). */
static int
int64_by_id(struct store *st, const char *sql, int64_t id,
    enum wf_state state, int64_t *out, const char *what)
{
	sqlite3_stmt *s = store_stmt(st, sql);

	*out = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, wf_state_name(state));
	return one_int64(st, s, out, what);
}

/* int64_by_id for a count of hours in accepted reports. */
static int
hours_by_id(struct store *st, const char *sql, int64_t id, int *out,
    const char *what)
{
	int64_t v;
	int rc = int64_by_id(st, sql, id, ST_REPORTE_ACEPTADO, &v, what);

	*out = (int)v;
	return rc;
}

int
store_wf_hours_application(struct store *st, int64_t application_id,
    int *accepted)
{
	static const char sql[] = "SELECT COALESCE(SUM(served), 0)"
	    " FROM wf_report WHERE application_id = ?1 AND state = ?2";

	return hours_by_id(st, sql, application_id, accepted,
	    "hours of an application");
}

int
store_wf_report_last_end(struct store *st, int64_t student_id,
    int64_t *days)
{
	static const char sql[] = "SELECT MAX(r.period_to)"
	    " FROM wf_application a JOIN wf_report r ON r.application_id ="
	    " a.id WHERE a.student_id = ?1 AND r.state = ?2";

	return int64_by_id(st, sql, student_id, ST_REPORTE_ACEPTADO, days,
	    "last report's end");
}

int
store_wf_reminder_once(struct store *st, const char *key, int64_t now)
{
	static const char sql[] = "INSERT INTO wf_reminder(key, at)"
	    " VALUES (?1, ?2) ON CONFLICT(key) DO NOTHING";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, now);
	if (store_step_done(st, s, "reminder") != 0)
		return -1;
	return sqlite3_changes(st->db) == 1;
}

int
store_wf_report_set_grade(struct store *st, int64_t id, const char *grade,
    const char *notes)
{
	static const char sql[] = "UPDATE wf_report SET grade = ?2,"
	    " agency_notes = ?3 WHERE id = ?1";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, grade);
	store_bind_text(s, 3, notes);
	return store_step_done(st, s, "report grade");
}

int
store_wf_application_set_grade(struct store *st, int64_t id,
    const char *grade)
{
	static const char sql[] = "UPDATE wf_application SET grade = ?2"
	    " WHERE id = ?1";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, grade);
	return store_step_done(st, s, "application grade");
}

int
store_wf_application_grade(struct store *st, int64_t id, char **grade)
{
	static const char sql[] = "SELECT grade FROM wf_application"
	    " WHERE id = ?1";
	sqlite3_stmt *s = store_stmt(st, sql);
	int rc;

	*grade = NULL;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	*grade = rc == SQLITE_ROW ? store_col_text(s, 0) : xstrdup("");
	sqlite3_reset(s);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return 0;
	free(*grade);
	*grade = NULL;
	return store_fail(st, "application grade");
}

int
store_wf_report_grade(struct store *st, int64_t id, char **grade,
    char **notes)
{
	static const char sql[] = "SELECT grade, agency_notes FROM wf_report"
	    " WHERE id = ?1";
	sqlite3_stmt *s = store_stmt(st, sql);
	int rc;

	*grade = *notes = NULL;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	*grade = rc == SQLITE_ROW ? store_col_text(s, 0) : xstrdup("");
	*notes = rc == SQLITE_ROW ? store_col_text(s, 1) : xstrdup("");
	sqlite3_reset(s);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return 0;
	free(*grade);
	free(*notes);
	*grade = *notes = NULL;
	return store_fail(st, "report grade");
}

int
store_wf_report_max_accepted(struct store *st, int64_t application_id,
    int *hours)
{
	static const char sql[] = "SELECT COALESCE(MAX(hours), 0)"
	    " FROM wf_report WHERE application_id = ?1 AND state = ?2";

	return hours_by_id(st, sql, application_id, hours,
	    "highest accepted report");
}
