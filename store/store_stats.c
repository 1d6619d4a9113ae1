/* SPDX-License-Identifier: ISC */
/*
 * store_stats.c - the figures of ESTADISTICAS and the services of a
 * period (store_stats.h).
 *
 * The words of the states come bound from their table (store_wf_states.c),
 * never as literals; the one definition of "in a period" is SPAN_APPS,
 * shared by every statement here.
 */
#include "store/store_internal.h"
#include "store/store_stats.h"

#include <stdlib.h>

#include "common/util.h"
#include "store/store_workflow.h"

/*
 * The services that ran on a day of [?3, ?4): started (?6, the accepted
 * state) before ?4 and not ended (?7, the set of ending states) before
 * ?3.  ?5 = 0 takes every application.
 */
#define SPAN_APPS \
    "SELECT entity_id FROM wf_audit WHERE entity = 'solicitud' " \
    "  GROUP BY entity_id HAVING " \
    "  min(CASE WHEN to_state = ?6 THEN at END) < ?4 AND " \
    "  coalesce(min(CASE WHEN instr(?7, ',' || to_state || ',') > 0 " \
    "  THEN at END), ?3) >= ?3"

static const char sql_statistics[] =
    "WITH inper AS (" SPAN_APPS "), "
    "started AS (SELECT DISTINCT entity_id AS id FROM wf_audit "
    "  WHERE entity = 'solicitud' AND to_state = ?6), "
    "apps AS (SELECT id, student_id, program_id, state, motivo "
    "  FROM wf_application WHERE ?5 = 0 OR id IN inper), "
    "studs AS (SELECT a.id, a.state FROM wf_account a "
    "  WHERE a.role = 'alumno' AND a.blocked_at IS NULL AND (?5 = 0 "
    "  OR a.id IN (SELECT student_id FROM apps) "
    "  OR (a.created >= ?3 AND a.created < ?4 AND a.id NOT IN "
    "  (SELECT student_id FROM wf_application WHERE id IN started)))) "
    "SELECT 1, state, '', count(*) FROM studs GROUP BY state "
    "UNION ALL SELECT 2, s.carrera, '', count(*) FROM wf_student s "
    "  JOIN studs ON studs.id = s.account_id GROUP BY s.carrera "
    "UNION ALL SELECT 3, state, '', count(*) FROM apps GROUP BY state "
    "UNION ALL SELECT 4, d.name, '', count(*) FROM apps x "
    "  JOIN wf_program p ON p.id = x.program_id "
    "  JOIN wf_account d ON d.id = p.agency_id "
    "  WHERE instr(?1, ',' || x.state || ',') > 0 GROUP BY d.name "
    "UNION ALL SELECT 5, state, '', count(*) FROM wf_report "
    "  WHERE application_id IN (SELECT id FROM apps) GROUP BY state "
    "UNION ALL SELECT 6, state, '', count(*) FROM wf_account "
    "  WHERE role = 'dependencia' AND blocked_at IS NULL GROUP BY state "
    "UNION ALL SELECT 7, kind, state, count(*) FROM wf_matter "
    "  WHERE state != ?2 AND (?5 = 0 OR (updated >= ?3 AND updated < ?4)) "
    "  GROUP BY kind, state "
    "UNION ALL SELECT 8, trim(motivo), '', count(*) FROM apps "
    "  WHERE state = ?8 GROUP BY trim(motivo) "
    "UNION ALL SELECT 9, 'solicitud', trim(motivo), count(*) "
    "  FROM wf_application WHERE state = ?9 AND (?5 = 0 OR "
    "  (updated >= ?3 AND updated < ?4)) GROUP BY trim(motivo) "
    "UNION ALL SELECT 9, kind, trim(motivo), count(*) FROM wf_matter "
    "  WHERE state = ?10 AND (?5 = 0 OR (updated >= ?3 AND updated < ?4)) "
    "  GROUP BY kind, trim(motivo) "
    "ORDER BY 1, 4 DESC, 2, 3";

static const enum wf_state in_service[] = {ST_SOLICITUD_ACEPTADA,
    ST_SOLICITUD_BAJA_SOLICITADA, ST_SOLICITUD_LIBERADA};
static const enum wf_state ending[] = {ST_SOLICITUD_LIBERADA,
    ST_SOLICITUD_BAJA};

/* ?3 to ?7 of SPAN_APPS. */
static void
bind_span(sqlite3_stmt *s, const struct stats_span *span)
{
	char *set = wf_state_set_text(ending, ARRAY_LEN(ending));

	sqlite3_bind_int64(s, 3, span->all ? 0 : span->from);
	sqlite3_bind_int64(s, 4, span->all ? 0 : span->to);
	sqlite3_bind_int(s, 5, span->all ? 0 : 1);
	sqlite3_bind_text(s, 6, wf_state_name(ST_SOLICITUD_ACEPTADA), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(s, 7, set, -1, SQLITE_TRANSIENT);
	free(set);
}

static const char *
text_or_empty(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	return t != NULL ? t : "";
}

int
store_statistics(struct store *st, const struct stats_span *span,
    stats_fn fn, void *arg)
{
	sqlite3_stmt *s;
	char *set;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql_statistics, -1, &s, NULL) !=
	    SQLITE_OK)
		return store_fail(st, "counting");
	set = wf_state_set_text(in_service, ARRAY_LEN(in_service));
	sqlite3_bind_text(s, 1, set, -1, SQLITE_TRANSIENT);
	free(set);
	sqlite3_bind_text(s, 2, wf_state_name(ST_ASUNTO_ABIERTO), -1,
	    SQLITE_STATIC);
	bind_span(s, span);
	sqlite3_bind_text(s, 8, wf_state_name(ST_SOLICITUD_BAJA), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(s, 9, wf_state_name(ST_SOLICITUD_RECHAZADA), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(s, 10, wf_state_name(ST_ASUNTO_RECHAZADO), -1,
	    SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		fn(arg, (enum stats_group)sqlite3_column_int(s, 0),
		    text_or_empty(s, 1), text_or_empty(s, 2),
		    sqlite3_column_int64(s, 3));
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "counting");
}

/* The first time an application reached a state, from the audit. */
#define REACHED(n) \
    "(SELECT min(at) FROM wf_audit WHERE entity = 'solicitud' " \
    "  AND entity_id = x.id AND to_state = ?" #n ")"

static const char sql_services[] =
    "WITH inper AS (" SPAN_APPS ") "
    "SELECT x.id, d.name, x.state, a.created, x.created, "
    REACHED(6) ", " REACHED(1) ", " REACHED(2) " "
    "FROM wf_application x JOIN wf_account a ON a.id = x.student_id "
    "  JOIN wf_program p ON p.id = x.program_id "
    "  JOIN wf_account d ON d.id = p.agency_id "
    "WHERE a.blocked_at IS NULL AND x.id IN "
    "  (SELECT entity_id FROM wf_audit WHERE entity = 'solicitud' "
    "  AND to_state = ?6) AND (?5 = 0 OR x.id IN inper) ORDER BY x.id";

int
store_stats_services(struct store *st, const struct stats_span *span,
    service_fn fn, void *arg)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql_services, -1, &s, NULL) !=
	    SQLITE_OK)
		return store_fail(st, "reading the services");
	sqlite3_bind_text(s, 1, wf_state_name(ST_SOLICITUD_LIBERADA), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(s, 2, wf_state_name(ST_SOLICITUD_FINALIZADA), -1,
	    SQLITE_STATIC);
	bind_span(s, span);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct stats_service v;

		v.app_id = sqlite3_column_int64(s, 0);
		v.agency = text_or_empty(s, 1);
		v.state = text_or_empty(s, 2);
		v.registered = sqlite3_column_int64(s, 3);
		v.applied = sqlite3_column_int64(s, 4);
		v.accepted = sqlite3_column_int64(s, 5);
		v.released = sqlite3_column_int64(s, 6);
		v.finished = sqlite3_column_int64(s, 7);
		if (fn(arg, &v) != 0) {
			sqlite3_finalize(s);
			return -1;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "reading the services");
}

int
store_stats_reports(struct store *st, int64_t app_id, int *hours,
    int64_t *received, int max)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT hours, min(created) "
	    "FROM wf_report WHERE application_id = ?1 GROUP BY hours "
	    "ORDER BY hours");
	int n = 0, rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && n < max) {
		hours[n] = sqlite3_column_int(s, 0);
		received[n++] = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, "reading a service's reports");
	return n;
}

int
store_stats_span_apps(struct store *st, const struct stats_span *span,
    int64_t **ids, size_t *n)
{
	sqlite3_stmt *s;
	int rc;

	*ids = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, SPAN_APPS " ORDER BY 1", -1, &s,
	    NULL) != SQLITE_OK)
		return store_fail(st, "finding a period's services");
	bind_span(s, span);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*ids = xreallocarray(*ids, *n + 1, sizeof(**ids));
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return 0;
	free(*ids);
	*ids = NULL;
	*n = 0;
	return store_fail(st, "finding a period's services");
}
