/* SPDX-License-Identifier: ISC */
/*
 * store_workflow.c - the workflow schema, accounts, students, agencies,
 * the state column of every entity, the audit trail and savepoints.
 *
 * Programs, applications, documents and reports are in store_wf_items.c;
 * matters, pending confirmations and report requests in
 * store_wf_matters.c.  The interface of all three is store_workflow.h.
 */
#include "store/store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/util.h"
#include "store/store_workflow.h"

const char store_schema_workflow[] =
    "CREATE TABLE IF NOT EXISTS wf_account("
    "  id INTEGER PRIMARY KEY,"
    "  role TEXT NOT NULL CHECK(role IN ('alumno','dependencia')),"
    "  email TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  state TEXT NOT NULL,"
    /* SHA-256 of the personal-address token; NULL: none or revoked */
    "  token_hash TEXT UNIQUE,"
    "  created INTEGER NOT NULL,"
    "  updated INTEGER NOT NULL) STRICT;"
    "CREATE TABLE IF NOT EXISTS wf_student("
    "  account_id INTEGER PRIMARY KEY REFERENCES wf_account(id),"
    "  matricula TEXT NOT NULL UNIQUE COLLATE NOCASE,"
    "  carrera TEXT NOT NULL,"
    "  creditos INTEGER NOT NULL) STRICT;"
    "CREATE TABLE IF NOT EXISTS wf_agency("
    "  account_id INTEGER PRIMARY KEY REFERENCES wf_account(id),"
    "  rfc TEXT NOT NULL UNIQUE COLLATE NOCASE,"
    "  tipo TEXT NOT NULL,"
    "  representante TEXT NOT NULL,"
    "  cargo TEXT NOT NULL,"
    "  domicilio TEXT NOT NULL,"
    "  telefono TEXT NOT NULL) STRICT;"
    "CREATE TABLE IF NOT EXISTS wf_document("
    "  id INTEGER PRIMARY KEY,"
    "  account_id INTEGER NOT NULL REFERENCES wf_account(id),"
    "  kind TEXT NOT NULL,"
    "  ref_id INTEGER NOT NULL DEFAULT 0,"
    "  filename TEXT NOT NULL,"
    "  magic_type TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL,"
    "  path TEXT NOT NULL,"
    "  size INTEGER NOT NULL,"
    "  state TEXT NOT NULL,"
    "  msg_row INTEGER NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  updated INTEGER NOT NULL) STRICT;"
    "CREATE INDEX IF NOT EXISTS wf_document_owner"
    "  ON wf_document(account_id, kind, ref_id, state);"
    "CREATE TABLE IF NOT EXISTS wf_program("
    "  id INTEGER PRIMARY KEY,"
    "  agency_id INTEGER NOT NULL REFERENCES wf_account(id),"
    "  name TEXT NOT NULL,"
    "  vacantes INTEGER NOT NULL,"
    "  horario TEXT NOT NULL,"
    "  lugar TEXT NOT NULL,"
    "  descripcion TEXT NOT NULL,"
    "  state TEXT NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  updated INTEGER NOT NULL) STRICT;"
    "CREATE TABLE IF NOT EXISTS wf_application("
    "  id INTEGER PRIMARY KEY,"
    "  student_id INTEGER NOT NULL REFERENCES wf_account(id),"
    "  program_id INTEGER NOT NULL REFERENCES wf_program(id),"
    "  state TEXT NOT NULL,"
    "  motivo TEXT NOT NULL DEFAULT '',"
    "  gerente TEXT NOT NULL DEFAULT '',"
    "  jefe TEXT NOT NULL DEFAULT '',"
    "  created INTEGER NOT NULL,"
    "  updated INTEGER NOT NULL) STRICT;"
    "CREATE INDEX IF NOT EXISTS wf_application_student"
    "  ON wf_application(student_id);"
    "CREATE TABLE IF NOT EXISTS wf_report("
    "  id INTEGER PRIMARY KEY,"
    "  application_id INTEGER NOT NULL REFERENCES wf_application(id),"
    "  hours INTEGER NOT NULL CHECK(hours IN (180, 360, 480)),"
    "  document_id INTEGER REFERENCES wf_document(id),"
    "  state TEXT NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  updated INTEGER NOT NULL,"
    "  UNIQUE(application_id, hours)) STRICT;"
    "CREATE TABLE IF NOT EXISTS wf_matter("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL,"
    "  entity_id INTEGER NOT NULL,"
    /* the code is derived from (id, nonce) with the server secret */
    "  nonce TEXT NOT NULL DEFAULT '',"
    "  code_mac TEXT UNIQUE,"
    "  state TEXT NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  expires INTEGER NOT NULL,"
    "  updated INTEGER NOT NULL,"
    "  decided_by TEXT NOT NULL DEFAULT '',"
    "  motivo TEXT NOT NULL DEFAULT '') STRICT;"
    "CREATE INDEX IF NOT EXISTS wf_matter_open"
    "  ON wf_matter(kind, entity_id, state);"
    "CREATE TABLE IF NOT EXISTS wf_pending("
    "  id INTEGER PRIMARY KEY,"
    "  email TEXT NOT NULL,"
    "  subject TEXT NOT NULL,"
    "  body TEXT NOT NULL,"
    "  msg_row INTEGER NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  expires INTEGER NOT NULL,"
    "  used INTEGER NOT NULL DEFAULT 0) STRICT;"
    "CREATE TABLE IF NOT EXISTS wf_pending_att("
    "  pending_id INTEGER NOT NULL REFERENCES wf_pending(id),"
    "  seq INTEGER NOT NULL,"
    "  filename TEXT NOT NULL,"
    "  declared_type TEXT NOT NULL,"
    "  magic_type TEXT NOT NULL,"
    "  path TEXT NOT NULL,"
    "  size INTEGER NOT NULL,"
    "  PRIMARY KEY(pending_id, seq)) STRICT;"
    "CREATE TABLE IF NOT EXISTS wf_peticion("
    "  id INTEGER PRIMARY KEY,"
    "  agency_id INTEGER NOT NULL REFERENCES wf_account(id),"
    "  coordinator TEXT NOT NULL,"
    "  state TEXT NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  updated INTEGER NOT NULL) STRICT;"
    "CREATE TABLE IF NOT EXISTS wf_audit("
    "  id INTEGER PRIMARY KEY,"
    "  entity TEXT NOT NULL,"
    "  entity_id INTEGER NOT NULL,"
    "  event TEXT NOT NULL,"
    "  from_state TEXT NOT NULL,"
    "  to_state TEXT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  msg_row INTEGER NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  note TEXT NOT NULL) STRICT;"
    "CREATE INDEX IF NOT EXISTS wf_audit_entity"
    "  ON wf_audit(entity, entity_id);";

static const char *const entity_names[WF__COUNT] = {
	[WF_ALUMNO] = "alumno",
	[WF_DEPENDENCIA] = "dependencia",
	[WF_PROGRAMA] = "programa",
	[WF_SOLICITUD] = "solicitud",
	[WF_REPORTE] = "reporte",
	[WF_DOCUMENTO] = "documento",
	[WF_PETICION] = "peticion",
	[WF_ASUNTO] = "asunto",
	[WF_PAUSA] = "pausa",
};

const char *
wf_entity_name(enum wf_entity e)
{
	if ((unsigned)e >= WF__COUNT)
		return "?";
	return entity_names[e];
}


/* ---- accounts ---- */

#define ACCOUNT_COLS \
	"id, role, email, name, state, token_hash IS NOT NULL, created"

static void
read_account(sqlite3_stmt *s, struct wf_account *a)
{
	a->id = sqlite3_column_int64(s, 0);
	a->role = store_col_text(s, 1);
	a->email = store_col_text(s, 2);
	a->name = store_col_text(s, 3);
	a->state = store_col_text(s, 4);
	a->has_token = sqlite3_column_int(s, 5);
	a->created = sqlite3_column_int64(s, 6);
}

void
wf_account_free(struct wf_account *a)
{
	if (a == NULL)
		return;
	free(a->role);
	free(a->email);
	free(a->name);
	free(a->state);
	memset(a, 0, sizeof(*a));
}

void
wf_accounts_free(struct wf_account *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		wf_account_free(&a[i]);
	free(a);
}

/* Run a one-row account query whose first parameter is already bound. */
static int
account_one(struct store *st, sqlite3_stmt *s, struct wf_account *a)
{
	int rc = sqlite3_step(s);

	memset(a, 0, sizeof(*a));
	if (rc == SQLITE_ROW) {
		read_account(s, a);
		sqlite3_reset(s);
		return 1;
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return 0;
	return store_fail(st, "account lookup");
}

int
store_wf_account_by_email(struct store *st, const char *email,
    struct wf_account *a)
{
	static const char sql[] = "SELECT " ACCOUNT_COLS
	    " FROM wf_account WHERE email = lower(?1)";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, email);
	return account_one(st, s, a);
}

int
store_wf_account_by_id(struct store *st, int64_t id, struct wf_account *a)
{
	static const char sql[] = "SELECT " ACCOUNT_COLS
	    " FROM wf_account WHERE id = ?1";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return account_one(st, s, a);
}

int
store_wf_account_by_token(struct store *st, const char *token_hash,
    struct wf_account *a)
{
	static const char sql[] = "SELECT " ACCOUNT_COLS
	    " FROM wf_account WHERE token_hash = ?1";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, token_hash);
	return account_one(st, s, a);
}

int
store_wf_account_insert(struct store *st, const char *role,
    const char *email, const char *name, enum wf_state state, int64_t now,
    int64_t *id)
{
	static const char sql[] = "INSERT INTO wf_account(role, email, name,"
	    " state, created, updated) VALUES (?1, lower(?2), ?3, ?4, ?5, ?5)";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, role);
	store_bind_text(s, 2, email);
	store_bind_text(s, 3, name);
	store_bind_text(s, 4, wf_state_name(state));
	sqlite3_bind_int64(s, 5, now);
	if (store_step_done(st, s, "account insert") != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_wf_account_set_token(struct store *st, int64_t id,
    const char *token_hash)
{
	static const char sql[] =
	    "UPDATE wf_account SET token_hash = ?2 WHERE id = ?1";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, token_hash);
	return store_step_done(st, s, "account token");
}

int
store_wf_account_set_name(struct store *st, int64_t id, const char *name)
{
	static const char sql[] =
	    "UPDATE wf_account SET name = ?2 WHERE id = ?1";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, name);
	return store_step_done(st, s, "account name");
}

int
store_wf_account_list(struct store *st, const char *role,
    struct wf_account **out, size_t *n)
{
	static const char sql[] = "SELECT " ACCOUNT_COLS
	    " FROM wf_account WHERE ?1 IS NULL OR role = ?1 ORDER BY id";
	sqlite3_stmt *s = store_stmt(st, sql);
	struct wf_account *v = NULL;
	size_t k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	store_bind_text(s, 1, role);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		v = xreallocarray(v, k + 1, sizeof(*v));
		read_account(s, &v[k++]);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		wf_accounts_free(v, k);
		return store_fail(st, "account list");
	}
	*out = v;
	*n = k;
	return 0;
}

/* ---- the state of any entity ---- */

static const char *const state_get_sql[WF__COUNT] = {
	[WF_ALUMNO] = "SELECT state FROM wf_account WHERE id = ?1"
	    " AND role = 'alumno'",
	[WF_DEPENDENCIA] = "SELECT state FROM wf_account WHERE id = ?1"
	    " AND role = 'dependencia'",
	[WF_PROGRAMA] = "SELECT state FROM wf_program WHERE id = ?1",
	[WF_SOLICITUD] = "SELECT state FROM wf_application WHERE id = ?1",
	[WF_REPORTE] = "SELECT state FROM wf_report WHERE id = ?1",
	[WF_DOCUMENTO] = "SELECT state FROM wf_document WHERE id = ?1",
	[WF_PETICION] = "SELECT state FROM wf_peticion WHERE id = ?1",
	[WF_ASUNTO] = "SELECT state FROM wf_matter WHERE id = ?1",
	[WF_PAUSA] = "SELECT state FROM wf_pause WHERE id = ?1",
};

static const char *const state_set_sql[WF__COUNT] = {
	[WF_ALUMNO] = "UPDATE wf_account SET state = ?2, updated = ?3"
	    " WHERE id = ?1 AND role = 'alumno'",
	[WF_DEPENDENCIA] = "UPDATE wf_account SET state = ?2, updated = ?3"
	    " WHERE id = ?1 AND role = 'dependencia'",
	[WF_PROGRAMA] = "UPDATE wf_program SET state = ?2, updated = ?3"
	    " WHERE id = ?1",
	[WF_SOLICITUD] = "UPDATE wf_application SET state = ?2, updated = ?3"
	    " WHERE id = ?1",
	[WF_REPORTE] = "UPDATE wf_report SET state = ?2, updated = ?3"
	    " WHERE id = ?1",
	[WF_DOCUMENTO] = "UPDATE wf_document SET state = ?2, updated = ?3"
	    " WHERE id = ?1",
	[WF_PETICION] = "UPDATE wf_peticion SET state = ?2, updated = ?3"
	    " WHERE id = ?1",
	[WF_ASUNTO] = "UPDATE wf_matter SET state = ?2, updated = ?3"
	    " WHERE id = ?1",
	[WF_PAUSA] = "UPDATE wf_pause SET state = ?2, updated = ?3"
	    " WHERE id = ?1",
};

int
store_wf_state_get(struct store *st, enum wf_entity e, int64_t id,
    enum wf_state *state)
{
	sqlite3_stmt *s;
	char *name = NULL;
	int rc, known = 0;

	*state = wf_state_initial(e);
	if ((unsigned)e >= WF__COUNT)
		return -1;
	if ((s = store_stmt(st, state_get_sql[e])) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		name = store_col_text(s, 0);
		known = wf_state_parse(e, name, state);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW && !known)
		log_err("database: %s %lld is in state \"%s\", which this "
		    "version does not know", wf_entity_name(e), (long long)id,
		    name);
	free(name);
	if (rc == SQLITE_ROW)
		return known ? 1 : -1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_fail(st, "state get");
}

int
store_wf_state_set(struct store *st, enum wf_entity e, int64_t id,
    enum wf_state state, int64_t now)
{
	sqlite3_stmt *s;

	if ((unsigned)e >= WF__COUNT || wf_state_entity(state) != e)
		return -1;
	if ((s = store_stmt(st, state_set_sql[e])) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, wf_state_name(state));
	sqlite3_bind_int64(s, 3, now);
	if (store_step_done(st, s, "state set") != 0)
		return -1;
	if (sqlite3_changes(st->db) != 1) {
		log_err("database: state set: no %s %lld", wf_entity_name(e),
		    (long long)id);
		return -1;
	}
	return 0;
}

/* ---- students ---- */

void
wf_student_free(struct wf_student *s)
{
	if (s == NULL)
		return;
	free(s->matricula);
	free(s->carrera);
	memset(s, 0, sizeof(*s));
}

int
store_wf_student_insert(struct store *st, const struct wf_student *v)
{
	static const char sql[] = "INSERT INTO wf_student(account_id,"
	    " matricula, carrera, creditos) VALUES (?1, ?2, ?3, ?4)";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, v->account_id);
	store_bind_text(s, 2, v->matricula);
	store_bind_text(s, 3, v->carrera);
	sqlite3_bind_int(s, 4, v->creditos);
	return store_step_done(st, s, "student insert");
}

static int
student_one(struct store *st, sqlite3_stmt *s, struct wf_student *v)
{
	int rc = sqlite3_step(s);

	memset(v, 0, sizeof(*v));
	if (rc == SQLITE_ROW) {
		v->account_id = sqlite3_column_int64(s, 0);
		v->matricula = store_col_text(s, 1);
		v->carrera = store_col_text(s, 2);
		v->creditos = sqlite3_column_int(s, 3);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_fail(st, "student lookup");
}

int
store_wf_student_get(struct store *st, int64_t account_id,
    struct wf_student *v)
{
	static const char sql[] = "SELECT account_id, matricula, carrera,"
	    " creditos FROM wf_student WHERE account_id = ?1";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, account_id);
	return student_one(st, s, v);
}

int
store_wf_student_by_matricula(struct store *st, const char *matricula,
    struct wf_student *v)
{
	static const char sql[] = "SELECT account_id, matricula, carrera,"
	    " creditos FROM wf_student WHERE matricula = ?1";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, matricula);
	return student_one(st, s, v);
}

/* ---- agencies ---- */

void
wf_agency_free(struct wf_agency *g)
{
	if (g == NULL)
		return;
	free(g->rfc);
	free(g->tipo);
	free(g->representante);
	free(g->cargo);
	free(g->domicilio);
	free(g->telefono);
	memset(g, 0, sizeof(*g));
}

int
store_wf_agency_put(struct store *st, const struct wf_agency *g)
{
	static const char sql[] = "INSERT INTO wf_agency(account_id, rfc,"
	    " tipo, representante, cargo, domicilio, telefono)"
	    " VALUES (?1, upper(?2), ?3, ?4, ?5, ?6, ?7)"
	    " ON CONFLICT(account_id) DO UPDATE SET rfc = excluded.rfc,"
	    " tipo = excluded.tipo, representante = excluded.representante,"
	    " cargo = excluded.cargo, domicilio = excluded.domicilio,"
	    " telefono = excluded.telefono";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, g->account_id);
	store_bind_text(s, 2, g->rfc);
	store_bind_text(s, 3, g->tipo);
	store_bind_text(s, 4, g->representante);
	store_bind_text(s, 5, g->cargo);
	store_bind_text(s, 6, g->domicilio);
	store_bind_text(s, 7, g->telefono);
	return store_step_done(st, s, "agency put");
}

int
store_wf_agency_get(struct store *st, int64_t account_id,
    struct wf_agency *g)
{
	static const char sql[] = "SELECT account_id, rfc, tipo,"
	    " representante, cargo, domicilio, telefono FROM wf_agency"
	    " WHERE account_id = ?1";
	sqlite3_stmt *s = store_stmt(st, sql);
	int rc;

	memset(g, 0, sizeof(*g));
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, account_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		g->account_id = sqlite3_column_int64(s, 0);
		g->rfc = store_col_text(s, 1);
		g->tipo = store_col_text(s, 2);
		g->representante = store_col_text(s, 3);
		g->cargo = store_col_text(s, 4);
		g->domicilio = store_col_text(s, 5);
		g->telefono = store_col_text(s, 6);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_fail(st, "agency get");
}

int
store_wf_agency_find(struct store *st, const char *what, int64_t *account_id)
{
	static const char sql[] = "SELECT g.account_id FROM wf_agency g"
	    " JOIN wf_account a ON a.id = g.account_id"
	    " WHERE g.rfc = ?1 OR a.email = lower(?1)"
	    " OR a.name = ?1 COLLATE NOCASE ORDER BY g.account_id LIMIT 1";
	sqlite3_stmt *s = store_stmt(st, sql);

	*account_id = 0;
	if (s == NULL)
		return -1;
	store_bind_text(s, 1, what);
	return store_step_int64(st, s, "agency find", account_id);
}

/* ---- audit ---- */

int
store_wf_audit(struct store *st, enum wf_entity e, int64_t entity_id,
    const char *event, const char *from_state, const char *to_state,
    const char *actor, int64_t msg_row, int64_t now, const char *note)
{
	static const char sql[] = "INSERT INTO wf_audit(entity, entity_id,"
	    " event, from_state, to_state, actor, msg_row, at, note)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, wf_entity_name(e));
	sqlite3_bind_int64(s, 2, entity_id);
	store_bind_text(s, 3, event);
	store_bind_text(s, 4, from_state ? from_state : "");
	store_bind_text(s, 5, to_state ? to_state : "");
	store_bind_text(s, 6, actor ? actor : "");
	sqlite3_bind_int64(s, 7, msg_row);
	sqlite3_bind_int64(s, 8, now);
	store_bind_text(s, 9, note ? note : "");
	return store_step_done(st, s, "audit insert");
}

void
wf_audit_rows_free(struct wf_audit_row *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].entity);
		free(r[i].event);
		free(r[i].from_state);
		free(r[i].to_state);
		free(r[i].actor);
	}
	free(r);
}

int
store_wf_audit_list(struct store *st, enum wf_entity e, int64_t id,
    struct wf_audit_row **out, size_t *n)
{
	static const char sql[] = "SELECT entity, entity_id, event,"
	    " from_state, to_state, actor, msg_row, at FROM wf_audit"
	    " WHERE ?1 IS NULL OR (entity = ?1 AND entity_id = ?2)"
	    " ORDER BY id";
	sqlite3_stmt *s = store_stmt(st, sql);
	struct wf_audit_row *v = NULL;
	size_t k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	store_bind_text(s, 1, e == WF__COUNT ? NULL : wf_entity_name(e));
	sqlite3_bind_int64(s, 2, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		v = xreallocarray(v, k + 1, sizeof(*v));
		v[k].entity = store_col_text(s, 0);
		v[k].entity_id = sqlite3_column_int64(s, 1);
		v[k].event = store_col_text(s, 2);
		v[k].from_state = store_col_text(s, 3);
		v[k].to_state = store_col_text(s, 4);
		v[k].actor = store_col_text(s, 5);
		v[k].msg_row = sqlite3_column_int64(s, 6);
		v[k].at = sqlite3_column_int64(s, 7);
		k++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		wf_audit_rows_free(v, k);
		return store_fail(st, "audit list");
	}
	*out = v;
	*n = k;
	return 0;
}

/* ---- savepoints ---- */

static int
exec_simple(struct store *st, const char *sql)
{
	return store_exec(st, sql);
}

int
store_wf_savepoint(struct store *st)
{
	return exec_simple(st, "SAVEPOINT wf_step");
}

int
store_wf_release(struct store *st)
{
	return exec_simple(st, "RELEASE wf_step");
}

int
store_wf_rollback_to(struct store *st)
{
	if (exec_simple(st, "ROLLBACK TO wf_step") != 0)
		return -1;
	return exec_simple(st, "RELEASE wf_step");
}

int
store_wf_student_release_matricula(struct store *st, int64_t account_id)
{
	/* The row stays (letters and history point at it) under a matrícula
	   no one can type: "<matrícula>#<account>". */
	sqlite3_stmt *s = store_stmt(st, "UPDATE wf_student SET matricula = "
	    "matricula || '#' || account_id WHERE account_id = ?1");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, account_id);
	return store_step_done(st, s, "releasing a matrícula");
}
