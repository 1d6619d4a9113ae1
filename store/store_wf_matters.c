/* SPDX-License-Identifier: ISC */
/*
 * store_wf_matters.c - what waits for someone: matters waiting for a
 * coordinator's decision (with the MAC their approval code is found by),
 * commands waiting for their sender's confirmation, and coordinators'
 * requests for an agency's report.  Interface in store_workflow.h.
 */
#include "store/store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/util.h"
#include "store/store_workflow.h"


/* ---- matters ---- */

#define MATTER_COLS "id, kind, entity_id, nonce, state, created, expires," \
	" decided_by, motivo"

static void
read_matter(sqlite3_stmt *s, struct wf_matter *m)
{
	m->id = sqlite3_column_int64(s, 0);
	m->kind = store_col_text(s, 1);
	m->entity_id = sqlite3_column_int64(s, 2);
	m->nonce = store_col_text(s, 3);
	m->state = store_col_text(s, 4);
	m->created = sqlite3_column_int64(s, 5);
	m->expires = sqlite3_column_int64(s, 6);
	m->decided_by = store_col_text(s, 7);
	m->motivo = store_col_text(s, 8);
}

void
wf_matter_free(struct wf_matter *m)
{
	if (m == NULL)
		return;
	free(m->kind);
	free(m->nonce);
	free(m->state);
	free(m->decided_by);
	free(m->motivo);
	memset(m, 0, sizeof(*m));
}

void
wf_matters_free(struct wf_matter *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		wf_matter_free(&m[i]);
	free(m);
}

static int
matter_one(struct store *st, sqlite3_stmt *s, struct wf_matter *m)
{
	int rc = sqlite3_step(s);

	memset(m, 0, sizeof(*m));
	if (rc == SQLITE_ROW)
		read_matter(s, m);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_fail(st, "matter lookup");
}

int
store_wf_matter_insert(struct store *st, const char *kind, int64_t entity_id,
    int64_t now, int64_t expires, int64_t *id)
{
	static const char sql[] = "INSERT INTO wf_matter(kind, entity_id,"
	    " state, created, expires, updated)"
	    " VALUES (?1, ?2, ?5, ?3, ?4, ?3)";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, kind);
	sqlite3_bind_int64(s, 2, entity_id);
	sqlite3_bind_int64(s, 3, now);
	sqlite3_bind_int64(s, 4, expires);
	store_bind_text(s, 5, wf_state_name(ST_ASUNTO_ABIERTO));
	if (store_step_done(st, s, "matter insert") != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_wf_matter_set_code(struct store *st, int64_t id, const char *nonce,
    const char *code_mac, int64_t expires)
{
	static const char sql[] = "UPDATE wf_matter SET nonce = ?2,"
	    " code_mac = ?3, expires = ?4 WHERE id = ?1";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, nonce);
	store_bind_text(s, 3, code_mac);
	sqlite3_bind_int64(s, 4, expires);
	return store_step_done(st, s, "matter code");
}

int
store_wf_matter_get(struct store *st, int64_t id, struct wf_matter *m)
{
	static const char sql[] = "SELECT " MATTER_COLS
	    " FROM wf_matter WHERE id = ?1";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return matter_one(st, s, m);
}

int
store_wf_matter_by_code(struct store *st, const char *code_mac,
    struct wf_matter *m)
{
	static const char sql[] = "SELECT " MATTER_COLS
	    " FROM wf_matter WHERE code_mac = ?1";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, code_mac);
	return matter_one(st, s, m);
}

int
store_wf_matter_open_for(struct store *st, const char *kind,
    int64_t entity_id, struct wf_matter *m)
{
	static const char sql[] = "SELECT " MATTER_COLS
	    " FROM wf_matter WHERE kind = ?1 AND entity_id = ?2"
	    " AND state = ?3 ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, kind);
	sqlite3_bind_int64(s, 2, entity_id);
	store_bind_text(s, 3, wf_state_name(ST_ASUNTO_ABIERTO));
	return matter_one(st, s, m);
}

int
store_wf_matter_approved_for(struct store *st, const char *kind,
    int64_t entity_id)
{
	static const char sql[] = "SELECT " MATTER_COLS
	    " FROM wf_matter WHERE kind = ?1 AND entity_id = ?2"
	    " AND state = ?3 ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *s = store_stmt(st, sql);
	struct wf_matter m;
	int r;

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, kind);
	sqlite3_bind_int64(s, 2, entity_id);
	store_bind_text(s, 3, wf_state_name(ST_ASUNTO_APROBADO));
	r = matter_one(st, s, &m);
	if (r == 1)
		wf_matter_free(&m);
	return r;
}

int
store_wf_matter_list_open(struct store *st, struct wf_matter **out,
    size_t *n)
{
	static const char sql[] = "SELECT " MATTER_COLS
	    " FROM wf_matter WHERE state = ?1 ORDER BY id";
	sqlite3_stmt *s = store_stmt(st, sql);
	struct wf_matter *v = NULL;
	size_t k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	store_bind_text(s, 1, wf_state_name(ST_ASUNTO_ABIERTO));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		v = xreallocarray(v, k + 1, sizeof(*v));
		read_matter(s, &v[k++]);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		wf_matters_free(v, k);
		return store_fail(st, "matter list");
	}
	*out = v;
	*n = k;
	return 0;
}

int
store_wf_matter_decide(struct store *st, int64_t id, enum wf_state state,
    const char *by, const char *motivo, int64_t now)
{
	/* Only an open matter can be decided: this is what makes a code
	   single-use even if two messages carrying it race. */
	static const char sql[] = "UPDATE wf_matter SET state = ?2,"
	    " decided_by = ?3, motivo = ?4, updated = ?5"
	    " WHERE id = ?1 AND state = ?6";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, wf_state_name(state));
	store_bind_text(s, 6, wf_state_name(ST_ASUNTO_ABIERTO));
	store_bind_text(s, 3, by ? by : "");
	store_bind_text(s, 4, motivo ? motivo : "");
	sqlite3_bind_int64(s, 5, now);
	if (store_step_done(st, s, "matter decide") != 0)
		return -1;
	if (sqlite3_changes(st->db) != 1) {
		log_err("database: matter %lld is not open", (long long)id);
		return -1;
	}
	return 0;
}

/* ---- commands waiting for confirmation ---- */

void
wf_pending_free(struct wf_pending *p)
{
	if (p == NULL)
		return;
	free(p->email);
	free(p->subject);
	free(p->body);
	memset(p, 0, sizeof(*p));
}

void
wf_pending_atts_free(struct wf_pending_att *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(a[i].filename);
		free(a[i].declared_type);
		free(a[i].magic_type);
		free(a[i].path);
	}
	free(a);
}

int
store_wf_pending_insert(struct store *st, const struct wf_pending *p,
    int64_t *id)
{
	static const char sql[] = "INSERT INTO wf_pending(email, subject,"
	    " body, msg_row, created, expires) VALUES (lower(?1), ?2, ?3, ?4,"
	    " ?5, ?6)";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, p->email);
	store_bind_text(s, 2, p->subject);
	store_bind_text(s, 3, p->body);
	sqlite3_bind_int64(s, 4, p->msg_row);
	sqlite3_bind_int64(s, 5, p->created);
	sqlite3_bind_int64(s, 6, p->expires);
	if (store_step_done(st, s, "pending insert") != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_wf_pending_add_att(struct store *st, int64_t pending_id,
    const struct wf_pending_att *a)
{
	static const char sql[] = "INSERT INTO wf_pending_att(pending_id,"
	    " seq, filename, declared_type, magic_type, path, size)"
	    " VALUES (?1, (SELECT count(*) FROM wf_pending_att"
	    " WHERE pending_id = ?1), ?2, ?3, ?4, ?5, ?6)";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, pending_id);
	store_bind_text(s, 2, a->filename);
	store_bind_text(s, 3, a->declared_type);
	store_bind_text(s, 4, a->magic_type);
	store_bind_text(s, 5, a->path);
	sqlite3_bind_int64(s, 6, a->size);
	return store_step_done(st, s, "pending attachment");
}

static int
pending_atts(struct store *st, int64_t id, struct wf_pending_att **out,
    size_t *n)
{
	static const char sql[] = "SELECT filename, declared_type,"
	    " magic_type, path, size FROM wf_pending_att"
	    " WHERE pending_id = ?1 ORDER BY seq";
	sqlite3_stmt *s = store_stmt(st, sql);
	struct wf_pending_att *v = NULL;
	size_t k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		v = xreallocarray(v, k + 1, sizeof(*v));
		v[k].filename = store_col_text(s, 0);
		v[k].declared_type = store_col_text(s, 1);
		v[k].magic_type = store_col_text(s, 2);
		v[k].path = store_col_text(s, 3);
		v[k].size = sqlite3_column_int64(s, 4);
		k++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		wf_pending_atts_free(v, k);
		return store_fail(st, "pending attachments");
	}
	*out = v;
	*n = k;
	return 0;
}

int
store_wf_pending_get(struct store *st, int64_t id, struct wf_pending *p,
    struct wf_pending_att **atts, size_t *n_atts)
{
	static const char sql[] = "SELECT id, email, subject, body, msg_row,"
	    " created, expires, used FROM wf_pending WHERE id = ?1";
	sqlite3_stmt *s = store_stmt(st, sql);
	int rc;

	memset(p, 0, sizeof(*p));
	*atts = NULL;
	*n_atts = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		p->id = sqlite3_column_int64(s, 0);
		p->email = store_col_text(s, 1);
		p->subject = store_col_text(s, 2);
		p->body = store_col_text(s, 3);
		p->msg_row = sqlite3_column_int64(s, 4);
		p->created = sqlite3_column_int64(s, 5);
		p->expires = sqlite3_column_int64(s, 6);
		p->used = sqlite3_column_int64(s, 7);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return store_fail(st, "pending get");
	if (pending_atts(st, id, atts, n_atts) != 0) {
		wf_pending_free(p);
		return -1;
	}
	return 1;
}

int
store_wf_pending_mark_used(struct store *st, int64_t id, int64_t now)
{
	static const char sql[] = "UPDATE wf_pending SET used = ?2"
	    " WHERE id = ?1 AND used = 0";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, now);
	if (store_step_done(st, s, "pending used") != 0)
		return -1;
	return sqlite3_changes(st->db) == 1 ? 0 : -1;
}

/* ---- requests for reports ---- */

int
store_wf_peticion_insert(struct store *st, int64_t agency_id,
    const char *coordinator, int64_t now, int64_t *id)
{
	static const char sql[] = "INSERT INTO wf_peticion(agency_id,"
	    " coordinator, state, created, updated)"
	    " VALUES (?1, lower(?2), ?4, ?3, ?3)";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, agency_id);
	store_bind_text(s, 2, coordinator);
	sqlite3_bind_int64(s, 3, now);
	store_bind_text(s, 4, wf_state_name(ST_PETICION_NUEVO));
	if (store_step_done(st, s, "peticion insert") != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_wf_peticion_open(struct store *st, int64_t agency_id, int64_t *id,
    char **coordinator)
{
	static const char sql[] = "SELECT id, coordinator FROM wf_peticion"
	    " WHERE agency_id = ?1 AND state = ?2"
	    " ORDER BY id LIMIT 1";
	sqlite3_stmt *s = store_stmt(st, sql);
	int rc;

	*id = 0;
	*coordinator = NULL;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, agency_id);
	store_bind_text(s, 2, wf_state_name(ST_PETICION_PENDIENTE));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		*coordinator = store_col_text(s, 1);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_fail(st, "peticion open");
}
