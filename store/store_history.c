/* SPDX-License-Identifier: ISC */
/*
 * store_history.c - one account's history (store_history.h).
 *
 * One statement: what belongs to the account is found once (its
 * applications, reports, programs, documents and matters), then every
 * source of events is read for those and merged in time order.  A
 * console command, not a per-message path: it may scan.
 */
#include "store/store_internal.h"
#include "store/store_history.h"

static const char sql_history[] =
    "WITH progs AS (SELECT id FROM wf_program WHERE agency_id = ?1), "
    "apps AS (SELECT id FROM wf_application WHERE student_id = ?1 "
    "  OR program_id IN progs), "
    "reps AS (SELECT id FROM wf_report WHERE application_id IN apps), "
    "docs AS (SELECT id FROM wf_document WHERE account_id = ?1), "
    "mats AS (SELECT id FROM wf_matter WHERE "
    "  (kind IN ('presentacion', 'convenio') AND entity_id = ?1) "
    "  OR (kind = 'reporte' AND entity_id IN reps) "
    "  OR (kind = 'baja' AND entity_id IN apps)) "
    "SELECT at, section, text FROM ("
    "SELECT at, 1 AS ord, 'bitácora' AS section, entity || ' ' || "
    "  entity_id || ': ' || event || ' (' || from_state || ' → ' || "
    "  to_state || '), ' || actor || CASE WHEN note != '' THEN ' — ' || "
    "  note ELSE '' END AS text FROM wf_audit WHERE "
    "  (entity IN ('alumno', 'dependencia') AND entity_id = ?1) "
    "  OR (entity = 'solicitud' AND entity_id IN apps) "
    "  OR (entity = 'reporte' AND entity_id IN reps) "
    "  OR (entity = 'programa' AND entity_id IN progs) "
    "  OR (entity = 'documento' AND entity_id IN docs) "
    "  OR (entity = 'asunto' AND entity_id IN mats) "
    "UNION ALL SELECT updated, 2, 'decisión', kind || ' ' || state || "
    "  ' por ' || decided_by || CASE WHEN motivo != '' THEN ': ' || motivo "
    "  ELSE '' END FROM wf_matter WHERE id IN mats AND state != 'abierto' "
    "UNION ALL SELECT created, 2, 'pendiente', kind || ' espera una "
    "  decisión' FROM wf_matter WHERE id IN mats AND state = 'abierto' "
    "UNION ALL SELECT a.created, 3, 'solicitud', 'solicitud ' || a.id || "
    "  ' al programa ' || p.id || ' «' || p.name || '» de ' || d.name || "
    "  ': ' || a.state || CASE WHEN a.motivo != '' THEN ' (' || a.motivo "
    "  || ')' ELSE '' END FROM wf_application a "
    "  JOIN wf_program p ON p.id = a.program_id "
    "  JOIN wf_account d ON d.id = p.agency_id WHERE a.id IN apps "
    "UNION ALL SELECT created, 3, 'reporte', 'reporte de ' || hours || "
    "  ' horas (solicitud ' || application_id || ', ' || served || "
    "  ' horas en su periodo): ' || state || CASE WHEN grade != '' THEN "
    "  ', calificación ' || grade ELSE '' END FROM wf_report "
    "  WHERE id IN reps "
    "UNION ALL SELECT issued_at, 4, 'carta', kind || ' ' || folio "
    "  FROM letter_issued WHERE recipient = ?2 COLLATE NOCASE "
    "UNION ALL SELECT received_at, 5, 'correo recibido', 'mensaje ' || id "
    "  || ': ' || CASE WHEN command = '' THEN '(sin comando)' ELSE command "
    "  END || ', ' || outcome FROM message WHERE from_addr = ?2 "
    "  COLLATE NOCASE "
    "UNION ALL SELECT created, 6, 'correo enviado', subject || ' (' || "
    "  status || ')' FROM outbox WHERE rcpt = ?2 COLLATE NOCASE"
    ") ORDER BY at, ord";

int
store_history(struct store *st, int64_t account_id, const char *email,
    history_fn fn, void *arg)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql_history, -1, &s, NULL) !=
	    SQLITE_OK)
		return store_fail(st, "reading a history");
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_text(s, 2, email, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *sec = (const char *)sqlite3_column_text(s, 1);
		const char *text = (const char *)sqlite3_column_text(s, 2);

		fn(arg, sqlite3_column_int64(s, 0), sec ? sec : "",
		    text ? text : "");
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "reading a history");
}
