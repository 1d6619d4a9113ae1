/* SPDX-License-Identifier: ISC */
/*
 * store_arco.c - ARCO requests and the acceso summary (store_arco.h).
 *
 * The summary is a fixed list of queries, each giving (section, item,
 * value) rows, so that what an acceso returns is written down in one
 * place and reads as the list the law asks for.  Dates are UTC.
 */
#include "store/store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "store/store_arco.h"
#include "common/util.h"

void
arco_request_free(struct arco_request *r)
{
	free(r->email);
	free(r->kind);
	free(r->detail);
	free(r->state);
	memset(r, 0, sizeof(*r));
}

int
store_arco_insert(struct store *st, const struct arco_request *r,
    int64_t msg_row, int64_t *id)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO arco_request(email, "
	    "account_id, kind, detail, state, created, due, msg_row) "
	    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, r->email);
	sqlite3_bind_int64(s, 2, r->account_id);
	store_bind_text(s, 3, r->kind);
	store_bind_text(s, 4, r->detail);
	store_bind_text(s, 5, r->state);
	sqlite3_bind_int64(s, 6, r->created);
	sqlite3_bind_int64(s, 7, r->due);
	sqlite3_bind_int64(s, 8, msg_row);
	if (store_step_done(st, s, "recording an ARCO request") != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_arco_get(struct store *st, int64_t id, struct arco_request *r)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT email, account_id, kind, "
	    "detail, state, created, due FROM arco_request WHERE id = ?1");
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		r->id = id;
		r->email = store_col_text(s, 0);
		r->account_id = sqlite3_column_int64(s, 1);
		r->kind = store_col_text(s, 2);
		r->detail = store_col_text(s, 3);
		r->state = store_col_text(s, 4);
		r->created = sqlite3_column_int64(s, 5);
		r->due = sqlite3_column_int64(s, 6);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, "reading an ARCO request");
	return rc == SQLITE_ROW;
}

int
store_arco_set_state(struct store *st, int64_t id, const char *state)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE arco_request SET state = ?2 "
	    "WHERE id = ?1");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, state);
	return store_step_done(st, s, "deciding an ARCO request");
}

int
store_arco_block(struct store *st, int64_t account_id, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE wf_account SET blocked_at = "
	    "?2 WHERE id = ?1 AND blocked_at IS NULL");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_int64(s, 2, now);
	return store_step_done(st, s, "blocking an account");
}

int
store_arco_blocked(struct store *st, int64_t account_id)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT blocked_at IS NOT NULL FROM "
	    "wf_account WHERE id = ?1");
	int rc, blocked = 0;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, account_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		blocked = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, "reading an account");
	return blocked;
}

#define UTC(col)	"datetime(" col ", 'unixepoch')"

/* ?1 the account (0: none), ?2 the address. */
static const char *const summary_sql[] = {
	"SELECT 'Cuenta', 'Rol', role FROM wf_account WHERE id = ?1 "
	"UNION ALL SELECT 'Cuenta', 'Correo', email FROM wf_account WHERE id = ?1 "
	"UNION ALL SELECT 'Cuenta', 'Nombre', name FROM wf_account WHERE id = ?1 "
	"UNION ALL SELECT 'Cuenta', 'Estado', state FROM wf_account WHERE id = ?1 "
	"UNION ALL SELECT 'Cuenta', 'Alta', " UTC("created")
	" FROM wf_account WHERE id = ?1 "
	"UNION ALL SELECT 'Cuenta', 'Aviso de privacidad mostrado', "
	UTC("aviso_shown_at") " FROM wf_account WHERE id = ?1 AND "
	"aviso_shown_at IS NOT NULL "
	"UNION ALL SELECT 'Cuenta', 'Datos bloqueados (cancelación)', "
	UTC("blocked_at") " FROM wf_account WHERE id = ?1 AND "
	"blocked_at IS NOT NULL",

	"SELECT 'Alumno', 'Matrícula', matricula FROM wf_student "
	"WHERE account_id = ?1 "
	"UNION ALL SELECT 'Alumno', 'Carrera', carrera FROM wf_student "
	"WHERE account_id = ?1 "
	"UNION ALL SELECT 'Alumno', 'Créditos (%)', creditos FROM wf_student "
	"WHERE account_id = ?1",

	"SELECT 'Dependencia', 'RFC', rfc FROM wf_agency WHERE account_id = ?1 "
	"UNION ALL SELECT 'Dependencia', 'Tipo', tipo FROM wf_agency "
	"WHERE account_id = ?1 "
	"UNION ALL SELECT 'Dependencia', 'Representante', representante || "
	"' (' || cargo || ')' FROM wf_agency WHERE account_id = ?1 "
	"UNION ALL SELECT 'Dependencia', 'Domicilio', domicilio FROM wf_agency "
	"WHERE account_id = ?1 "
	"UNION ALL SELECT 'Dependencia', 'Teléfono', telefono FROM wf_agency "
	"WHERE account_id = ?1",

	"SELECT 'Documentos', kind || ' (documento ' || id || ')', "
	"filename || ', ' || magic_type || ', recibido ' || " UTC("created")
	" || ', SHA-256 ' || sha256 || CASE WHEN purged_at IS NULL THEN '' "
	"ELSE ', eliminado ' || " UTC("purged_at") " END "
	"FROM wf_document WHERE account_id = ?1 ORDER BY id",

	"SELECT 'Cartas emitidas', kind || ' ' || folio, " UTC("issued_at")
	" || ', SHA-256 ' || pdf_sha256 FROM letter_issued "
	"WHERE recipient = ?2 COLLATE NOCASE ORDER BY issued_at",

	"SELECT 'Historial', " UTC("at") ", entity || ' ' || entity_id || ': ' "
	"|| event || ' (' || from_state || ' → ' || to_state || ')' "
	"FROM wf_audit WHERE (entity IN ('alumno', 'dependencia') AND "
	"entity_id = ?1) OR actor = ?2 COLLATE NOCASE ORDER BY at, id",

	"SELECT 'Correos recibidos', " UTC("received_at") ", 'mensaje ' || id "
	"|| ': ' || command || CASE WHEN purged_at IS NULL THEN '' "
	"ELSE ' (eliminado)' END FROM message WHERE from_addr = ?2 "
	"COLLATE NOCASE ORDER BY id",

	"SELECT 'Solicitudes ARCO', kind || ' (' || id || ')', state || ', "
	"recibida ' || " UTC("created") " || ', plazo ' || " UTC("due")
	" FROM arco_request WHERE email = ?2 COLLATE NOCASE ORDER BY id",

	"SELECT 'Comunicaciones de sus datos', " UTC("at") ", what || ' a ' || "
	"recipient FROM access_log WHERE account_id = ?1 AND ?1 != 0 "
	"ORDER BY id",
};

int
store_arco_summary(struct store *st, const char *email, int64_t account_id,
    arco_row_fn fn, void *arg)
{
	for (size_t i = 0; i < ARRAY_LEN(summary_sql); i++) {
		sqlite3_stmt *s = store_stmt(st, summary_sql[i]);
		int rc;

		if (s == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, account_id);
		store_bind_text(s, 2, email);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			const char *v = (const char *)sqlite3_column_text(s, 2);
			fn(arg, (const char *)sqlite3_column_text(s, 0),
			    (const char *)sqlite3_column_text(s, 1),
			    v ? v : "");
		}
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return store_fail(st, "gathering personal data");
	}
	return 0;
}

int
store_arco_documents(struct store *st, int64_t account_id, int64_t **ids,
    size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id FROM wf_document WHERE "
	    "account_id = ?1 AND purged_at IS NULL AND path != '' ORDER BY id");
	int rc;

	*ids = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, account_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*ids = xrealloc(*ids, (*n + 1) * sizeof(**ids));
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return store_fail(st, "listing documents");
	}
	return 0;
}

int
store_arco_open_due(struct store *st, int64_t until, struct arco_request **out,
    size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id FROM arco_request WHERE "
	    "state = 'abierta' AND due <= ?1 ORDER BY due, id");
	int64_t *ids = NULL;
	size_t k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, until);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ids = xrealloc(ids, (k + 1) * sizeof(*ids));
		ids[k++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(ids);
		return store_fail(st, "listing ARCO deadlines");
	}
	*out = xcalloc(k ? k : 1, sizeof(**out));
	for (size_t i = 0; i < k; i++) {
		if (store_arco_get(st, ids[i], &(*out)[i]) != 1) {
			for (size_t j = 0; j < i; j++)
				arco_request_free(&(*out)[j]);
			free(*out);
			*out = NULL;
			free(ids);
			return -1;
		}
	}
	*n = k;
	free(ids);
	return 0;
}
