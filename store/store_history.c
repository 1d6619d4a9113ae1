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

#include <stdlib.h>

#include "common/util.h"
#include "store/store_workflow.h"

/*
 * Columns: at, kind (enum history_kind), entity, id, event, from, to,
 * who, note, name, n1, n2, grade: the stored words as they are; the
 * words a person reads are chosen by whoever shows the event
 * (handlers/history_text.h), never here.
 */
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
    "SELECT * FROM ("
    "SELECT at, 0 AS kind, entity, entity_id, event, from_state, to_state, "
    "  actor, note, '', 0, 0, '' FROM wf_audit WHERE "
    "  (entity IN ('alumno', 'dependencia') AND entity_id = ?1) "
    "  OR (entity = 'solicitud' AND entity_id IN apps) "
    "  OR (entity = 'reporte' AND entity_id IN reps) "
    "  OR (entity = 'programa' AND entity_id IN progs) "
    "  OR (entity = 'documento' AND entity_id IN docs) "
    "  OR (entity = 'asunto' AND entity_id IN mats) "
    "UNION ALL SELECT updated, 1, kind, id, '', '', state, decided_by, "
    "  motivo, '', 0, 0, '' FROM wf_matter WHERE id IN mats AND state != ?3 "
    "UNION ALL SELECT created, 2, kind, id, '', '', state, '', '', '', 0, "
    "  0, '' FROM wf_matter WHERE id IN mats AND state = ?3 "
    "UNION ALL SELECT a.created, 3, '', a.id, '', '', a.state, d.name, "
    "  a.motivo, p.name, p.id, 0, '' FROM wf_application a "
    "  JOIN wf_program p ON p.id = a.program_id "
    "  JOIN wf_account d ON d.id = p.agency_id WHERE a.id IN apps "
    "UNION ALL SELECT created, 4, '', application_id, '', '', state, '', "
    "  '', '', hours, served, grade FROM wf_report WHERE id IN reps "
    "UNION ALL SELECT issued_at, 5, kind, 0, '', '', '', '', '', folio, 0, "
    "  0, '' FROM letter_issued WHERE recipient = ?2 COLLATE NOCASE "
    "UNION ALL SELECT received_at, 6, '', id, '', '', outcome, '', '', "
    "  command, 0, 0, '' FROM message WHERE from_addr = ?2 COLLATE NOCASE "
    "UNION ALL SELECT created, 7, '', id, '', '', status, '', '', subject, "
    "  0, 0, '' FROM outbox WHERE rcpt = ?2 COLLATE NOCASE"
    ") ORDER BY 1, 2";

static const char *
col(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	return t != NULL ? t : "";
}

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
	sqlite3_bind_text(s, 3, wf_state_name(ST_ASUNTO_ABIERTO), -1,
	    SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct history_event e;

		e.at = sqlite3_column_int64(s, 0);
		e.kind = (enum history_kind)sqlite3_column_int(s, 1);
		e.entity = col(s, 2);
		e.id = sqlite3_column_int64(s, 3);
		e.event = col(s, 4);
		e.from = col(s, 5);
		e.to = col(s, 6);
		e.who = col(s, 7);
		e.note = col(s, 8);
		e.name = col(s, 9);
		e.n1 = sqlite3_column_int64(s, 10);
		e.n2 = sqlite3_column_int64(s, 11);
		e.grade = col(s, 12);
		fn(arg, &e);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "reading a history");
}

int
store_history_folios(struct store *st, const char *email, char ***folios,
    size_t *n)
{
	sqlite3_stmt *s;
	int rc;

	*folios = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT folio FROM letter_issued "
	    "WHERE recipient = ?1 COLLATE NOCASE ORDER BY issued_at, folio",
	    -1, &s, NULL) != SQLITE_OK)
		return store_fail(st, "listing letters");
	sqlite3_bind_text(s, 1, email, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*folios = xreallocarray(*folios, *n + 1, sizeof(**folios));
		(*folios)[(*n)++] = store_col_text(s, 0);
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return 0;
	for (size_t i = 0; i < *n; i++)
		free((*folios)[i]);
	free(*folios);
	*folios = NULL;
	*n = 0;
	return store_fail(st, "listing letters");
}
