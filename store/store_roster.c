/* SPDX-License-Identifier: ISC */
/*
 * store_roster.c - the school's roster of students (store_roster.h).
 */
#include "store/store_internal.h"
#include "store/store_roster.h"

#include <stdlib.h>
#include <string.h>

#include "common/util.h"

void
roster_row_free(struct roster_row *r)
{
	if (r == NULL)
		return;
	free(r->matricula);
	free(r->nombre);
	free(r->carrera);
	free(r->correo);
	memset(r, 0, sizeof(*r));
}

int
store_roster_put(struct store *st, const struct roster_row *r, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO roster(matricula, "
	    "nombre, carrera, creditos, correo, imported_at) "
	    "VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(matricula) DO UPDATE "
	    "SET nombre = ?2, carrera = ?3, creditos = ?4, correo = ?5, "
	    "imported_at = ?6");

	if (s == NULL)
		return -1;
	store_bind_text(s, 1, r->matricula);
	store_bind_text(s, 2, r->nombre);
	store_bind_text(s, 3, r->carrera);
	sqlite3_bind_int(s, 4, r->creditos);
	store_bind_text(s, 5, r->correo);
	sqlite3_bind_int64(s, 6, now);
	return store_step_done(st, s, "adding to the roster");
}

int
store_roster_get(struct store *st, const char *matricula,
    struct roster_row *out)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT matricula, nombre, carrera, "
	    "creditos, correo FROM roster WHERE matricula = ?1");
	int rc;

	memset(out, 0, sizeof(*out));
	if (s == NULL)
		return -1;
	store_bind_text(s, 1, matricula);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->matricula = store_col_text(s, 0);
		out->nombre = store_col_text(s, 1);
		out->carrera = store_col_text(s, 2);
		out->creditos = sqlite3_column_int(s, 3);
		out->correo = store_col_text(s, 4);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_fail(st, "roster lookup");
}

int
store_roster_loaded(struct store *st)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT 1 FROM roster LIMIT 1");
	int64_t one;

	if (s == NULL)
		return -1;
	return store_step_int64(st, s, "roster lookup", &one);
}

void
roster_student_free(struct roster_student *s)
{
	free(s->state);
	roster_row_free(&s->was);
	memset(s, 0, sizeof(*s));
}

/* The registered student of matricula: 1, 0 none, -1. */
static int
student_of(struct store *st, const char *matricula,
    struct roster_student *out)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT a.id, a.state, a.name, "
	    "s.carrera, s.creditos, a.email FROM wf_student s "
	    "JOIN wf_account a ON a.id = s.account_id "
	    "WHERE s.matricula = ?1 AND a.blocked_at IS NULL "
	    "AND a.anonymised_at IS NULL");
	int rc;

	memset(out, 0, sizeof(*out));
	if (s == NULL)
		return -1;
	store_bind_text(s, 1, matricula);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		out->account_id = sqlite3_column_int64(s, 0);
		out->state = store_col_text(s, 1);
		out->was.matricula = xstrdup(matricula);
		out->was.nombre = store_col_text(s, 2);
		out->was.carrera = store_col_text(s, 3);
		out->was.creditos = sqlite3_column_int(s, 4);
		out->was.correo = store_col_text(s, 5);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_fail(st, "roster student");
}

int
store_roster_update_student(struct store *st, const struct roster_row *r,
    struct roster_student *out)
{
	sqlite3_stmt *s;
	int found;

	if ((found = student_of(st, r->matricula, out)) <= 0)
		return found;
	if (strcmp(out->was.nombre, r->nombre) == 0 &&
	    strcmp(out->was.carrera, r->carrera) == 0 &&
	    out->was.creditos == r->creditos) {
		roster_student_free(out);
		return 0;
	}
	if ((s = store_stmt(st, "UPDATE wf_account SET name = ?2 "
	    "WHERE id = ?1")) == NULL)
		goto fail;
	sqlite3_bind_int64(s, 1, out->account_id);
	store_bind_text(s, 2, r->nombre);
	if (store_step_done(st, s, "roster: the student's name") != 0 ||
	    (s = store_stmt(st, "UPDATE wf_student SET carrera = ?2, "
	    "creditos = ?3 WHERE account_id = ?1")) == NULL)
		goto fail;
	sqlite3_bind_int64(s, 1, out->account_id);
	store_bind_text(s, 2, r->carrera);
	sqlite3_bind_int(s, 3, r->creditos);
	if (store_step_done(st, s, "roster: the student's career") != 0)
		goto fail;
	return 1;
fail:
	roster_student_free(out);
	return -1;
}
