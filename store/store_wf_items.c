/* SPDX-License-Identifier: ISC */
/*
 * store_wf_items.c - the rows of the service itself: documents, programs,
 * applications (solicitudes) and activity reports.  Interface in
 * store_workflow.h; the schema is in store_workflow.c.
 */
#include "store/store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/util.h"
#include "store/store_workflow.h"


/* 1 after a row was read by fill, 0 when none, -1 on error. */
static int
one_row(struct store *st, sqlite3_stmt *s, void (*fill)(sqlite3_stmt *,
    void *), void *out, const char *what)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		fill(s, out);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_fail(st, what);
}

/* ---- documents ---- */

#define DOC_COLS "id, account_id, kind, ref_id, filename, magic_type," \
	" sha256, path, size, state, created"

static void
fill_document(sqlite3_stmt *s, void *out)
{
	struct wf_document *d = out;

	d->id = sqlite3_column_int64(s, 0);
	d->account_id = sqlite3_column_int64(s, 1);
	d->kind = store_col_text(s, 2);
	d->ref_id = sqlite3_column_int64(s, 3);
	d->filename = store_col_text(s, 4);
	d->magic_type = store_col_text(s, 5);
	d->sha256 = store_col_text(s, 6);
	d->path = store_col_text(s, 7);
	d->size = sqlite3_column_int64(s, 8);
	d->state = store_col_text(s, 9);
	d->created = sqlite3_column_int64(s, 10);
}

void
wf_document_free(struct wf_document *d)
{
	if (d == NULL)
		return;
	free(d->kind);
	free(d->filename);
	free(d->magic_type);
	free(d->sha256);
	free(d->path);
	free(d->state);
	memset(d, 0, sizeof(*d));
}

int
store_wf_document_insert(struct store *st, const struct wf_document *d,
    int64_t msg_row, int64_t now, int64_t *id)
{
	static const char sql[] = "INSERT INTO wf_document(account_id, kind,"
	    " ref_id, filename, magic_type, sha256, path, size, state,"
	    " msg_row, created, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	    " ?8, ?9, ?10, ?11, ?11)";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, d->account_id);
	store_bind_text(s, 2, d->kind);
	sqlite3_bind_int64(s, 3, d->ref_id);
	store_bind_text(s, 4, d->filename);
	store_bind_text(s, 5, d->magic_type);
	store_bind_text(s, 6, d->sha256);
	store_bind_text(s, 7, d->path);
	sqlite3_bind_int64(s, 8, d->size);
	store_bind_text(s, 9, wf_state_name(ST_DOCUMENTO_NUEVO));
	sqlite3_bind_int64(s, 10, msg_row);
	sqlite3_bind_int64(s, 11, now);
	if (store_step_done(st, s, "document insert") != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_wf_document_current(struct store *st, int64_t account_id,
    const char *kind, int64_t ref_id, struct wf_document *d)
{
	static const char sql[] = "SELECT " DOC_COLS " FROM wf_document"
	    " WHERE account_id = ?1 AND kind = ?2 AND ref_id = ?3"
	    " AND state = ?4 ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *s = store_stmt(st, sql);

	memset(d, 0, sizeof(*d));
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, account_id);
	store_bind_text(s, 2, kind);
	sqlite3_bind_int64(s, 3, ref_id);
	store_bind_text(s, 4, wf_state_name(ST_DOCUMENTO_VIGENTE));
	return one_row(st, s, fill_document, d, "document current");
}

int
store_wf_document_get(struct store *st, int64_t id, struct wf_document *d)
{
	static const char sql[] = "SELECT " DOC_COLS " FROM wf_document"
	    " WHERE id = ?1";
	sqlite3_stmt *s = store_stmt(st, sql);

	memset(d, 0, sizeof(*d));
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return one_row(st, s, fill_document, d, "document get");
}

/* ---- programs ---- */

/* ocupadas counts the applications in the states bind_taken() binds to
   ?9 (a place stays taken until the end, whatever the end). */
#define PROGRAM_COLS "p.id, p.agency_id, a.name, p.name, p.vacantes," \
	" (SELECT count(*) FROM wf_application x WHERE x.program_id = p.id" \
	"  AND instr(?9, ',' || x.state || ',') > 0)," \
	" p.horario, p.lugar, p.descripcion, p.state, p.created"

static void
bind_taken(sqlite3_stmt *s)
{
	static const enum wf_state taken[] = {ST_SOLICITUD_ACEPTADA,
	    ST_SOLICITUD_BAJA_SOLICITADA, ST_SOLICITUD_LIBERADA,
	    ST_SOLICITUD_FINALIZADA};
	char *set = wf_state_set_text(taken, ARRAY_LEN(taken));

	sqlite3_bind_text(s, 9, set, -1, free);
}

static void
fill_program(sqlite3_stmt *s, void *out)
{
	struct wf_program *p = out;

	p->id = sqlite3_column_int64(s, 0);
	p->agency_id = sqlite3_column_int64(s, 1);
	p->agency_name = store_col_text(s, 2);
	p->name = store_col_text(s, 3);
	p->vacantes = sqlite3_column_int(s, 4);
	p->ocupadas = sqlite3_column_int(s, 5);
	p->horario = store_col_text(s, 6);
	p->lugar = store_col_text(s, 7);
	p->descripcion = store_col_text(s, 8);
	p->state = store_col_text(s, 9);
	p->created = sqlite3_column_int64(s, 10);
}

void
wf_program_free(struct wf_program *p)
{
	if (p == NULL)
		return;
	free(p->agency_name);
	free(p->name);
	free(p->horario);
	free(p->lugar);
	free(p->descripcion);
	free(p->state);
	memset(p, 0, sizeof(*p));
}

void
wf_programs_free(struct wf_program *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		wf_program_free(&p[i]);
	free(p);
}

int
store_wf_program_insert(struct store *st, const struct wf_program *p,
    int64_t now, int64_t *id)
{
	static const char sql[] = "INSERT INTO wf_program(agency_id, name,"
	    " vacantes, horario, lugar, descripcion, state, created, updated)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, p->agency_id);
	store_bind_text(s, 2, p->name);
	sqlite3_bind_int(s, 3, p->vacantes);
	store_bind_text(s, 4, p->horario);
	store_bind_text(s, 5, p->lugar);
	store_bind_text(s, 6, p->descripcion);
	store_bind_text(s, 7, wf_state_name(ST_PROGRAMA_NUEVO));
	sqlite3_bind_int64(s, 8, now);
	if (store_step_done(st, s, "program insert") != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_wf_program_update(struct store *st, const struct wf_program *p,
    int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE wf_program SET name = ?2, "
	    "vacantes = ?3, horario = ?4, lugar = ?5, descripcion = ?6, "
	    "updated = ?7 WHERE id = ?1");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, p->id);
	store_bind_text(s, 2, p->name);
	sqlite3_bind_int(s, 3, p->vacantes);
	store_bind_text(s, 4, p->horario);
	store_bind_text(s, 5, p->lugar);
	store_bind_text(s, 6, p->descripcion);
	sqlite3_bind_int64(s, 7, now);
	return store_step_done(st, s, "program update");
}

int
store_wf_program_get(struct store *st, int64_t id, struct wf_program *p)
{
	static const char sql[] = "SELECT " PROGRAM_COLS " FROM wf_program p"
	    " JOIN wf_account a ON a.id = p.agency_id WHERE p.id = ?1";
	sqlite3_stmt *s = store_stmt(st, sql);

	memset(p, 0, sizeof(*p));
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	bind_taken(s);
	return one_row(st, s, fill_program, p, "program get");
}

int
store_wf_program_list(struct store *st, const char *state, int64_t agency_id,
    struct wf_program **out, size_t *n)
{
	static const char sql[] = "SELECT " PROGRAM_COLS " FROM wf_program p"
	    " JOIN wf_account a ON a.id = p.agency_id"
	    " WHERE (?1 IS NULL OR p.state = ?1)"
	    " AND (?2 = 0 OR p.agency_id = ?2) ORDER BY p.id";
	sqlite3_stmt *s = store_stmt(st, sql);
	struct wf_program *v = NULL;
	size_t k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	store_bind_text(s, 1, state);
	sqlite3_bind_int64(s, 2, agency_id);
	bind_taken(s);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		v = xreallocarray(v, k + 1, sizeof(*v));
		memset(&v[k], 0, sizeof(v[k]));
		fill_program(s, &v[k++]);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		wf_programs_free(v, k);
		return store_fail(st, "program list");
	}
	*out = v;
	*n = k;
	return 0;
}

/* ---- applications ---- */

#define APP_COLS "x.id, x.student_id, x.program_id, p.agency_id, x.state," \
	" x.motivo, x.gerente, x.jefe, x.created, x.updated"
#define APP_FROM " FROM wf_application x JOIN wf_program p" \
	" ON p.id = x.program_id"

static void
fill_application(sqlite3_stmt *s, void *out)
{
	struct wf_application *a = out;

	a->id = sqlite3_column_int64(s, 0);
	a->student_id = sqlite3_column_int64(s, 1);
	a->program_id = sqlite3_column_int64(s, 2);
	a->agency_id = sqlite3_column_int64(s, 3);
	a->state = store_col_text(s, 4);
	a->motivo = store_col_text(s, 5);
	a->gerente = store_col_text(s, 6);
	a->jefe = store_col_text(s, 7);
	a->created = sqlite3_column_int64(s, 8);
	a->updated = sqlite3_column_int64(s, 9);
}

void
wf_application_free(struct wf_application *a)
{
	if (a == NULL)
		return;
	free(a->state);
	free(a->motivo);
	free(a->gerente);
	free(a->jefe);
	memset(a, 0, sizeof(*a));
}

void
wf_applications_free(struct wf_application *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		wf_application_free(&a[i]);
	free(a);
}

int
store_wf_application_insert(struct store *st, int64_t student_id,
    int64_t program_id, int64_t now, int64_t *id)
{
	static const char sql[] = "INSERT INTO wf_application(student_id,"
	    " program_id, state, created, updated)"
	    " VALUES (?1, ?2, ?4, ?3, ?3)";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, student_id);
	sqlite3_bind_int64(s, 2, program_id);
	sqlite3_bind_int64(s, 3, now);
	store_bind_text(s, 4, wf_state_name(ST_SOLICITUD_NUEVO));
	if (store_step_done(st, s, "application insert") != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_wf_application_get(struct store *st, int64_t id,
    struct wf_application *a)
{
	static const char sql[] = "SELECT " APP_COLS APP_FROM
	    " WHERE x.id = ?1";
	sqlite3_stmt *s = store_stmt(st, sql);

	memset(a, 0, sizeof(*a));
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return one_row(st, s, fill_application, a, "application get");
}

int
store_wf_application_latest(struct store *st, int64_t student_id,
    struct wf_application *a)
{
	static const char sql[] = "SELECT " APP_COLS APP_FROM
	    " WHERE x.student_id = ?1 ORDER BY x.id DESC LIMIT 1";
	sqlite3_stmt *s = store_stmt(st, sql);

	memset(a, 0, sizeof(*a));
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, student_id);
	return one_row(st, s, fill_application, a, "application latest");
}

int
store_wf_application_for_agency(struct store *st, int64_t agency_id,
    int64_t student_id, struct wf_application *a)
{
	static const char sql[] = "SELECT " APP_COLS APP_FROM
	    " WHERE x.student_id = ?1 AND p.agency_id = ?2"
	    " ORDER BY x.id DESC LIMIT 1";
	sqlite3_stmt *s = store_stmt(st, sql);

	memset(a, 0, sizeof(*a));
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, student_id);
	sqlite3_bind_int64(s, 2, agency_id);
	return one_row(st, s, fill_application, a, "application for agency");
}

int
store_wf_application_set_text(struct store *st, int64_t id,
    const char *motivo, const char *gerente, const char *jefe)
{
	static const char sql[] = "UPDATE wf_application SET"
	    " motivo = coalesce(?2, motivo), gerente = coalesce(?3, gerente),"
	    " jefe = coalesce(?4, jefe) WHERE id = ?1";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, motivo);
	store_bind_text(s, 3, gerente);
	store_bind_text(s, 4, jefe);
	return store_step_done(st, s, "application text");
}

int
store_wf_application_list(struct store *st, int64_t agency_id,
    const enum wf_state *states, size_t n_states,
    struct wf_application **out, size_t *n)
{
	/* ?2 is ",state,state,": the state is matched as a whole word. */
	static const char sql[] = "SELECT " APP_COLS APP_FROM
	    " WHERE (?1 = 0 OR p.agency_id = ?1) AND (?2 IS NULL"
	    " OR instr(?2, ',' || x.state || ',') > 0)"
	    " ORDER BY x.id";
	sqlite3_stmt *s = store_stmt(st, sql);
	struct wf_application *v = NULL;
	size_t k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, agency_id);
	if (n_states > 0)
		sqlite3_bind_text(s, 2, wf_state_set_text(states, n_states),
		    -1, free);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		v = xreallocarray(v, k + 1, sizeof(*v));
		memset(&v[k], 0, sizeof(v[k]));
		fill_application(s, &v[k++]);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		wf_applications_free(v, k);
		return store_fail(st, "application list");
	}
	*out = v;
	*n = k;
	return 0;
}

/* ---- reports ---- */

#define REPORT_COLS "id, application_id, hours, document_id, state," \
    " created, served, period_from, period_to"

static void
fill_report(sqlite3_stmt *s, void *out)
{
	struct wf_report *r = out;

	r->id = sqlite3_column_int64(s, 0);
	r->application_id = sqlite3_column_int64(s, 1);
	r->hours = sqlite3_column_int(s, 2);
	r->document_id = sqlite3_column_int64(s, 3);
	r->state = store_col_text(s, 4);
	r->created = sqlite3_column_int64(s, 5);
	r->served = sqlite3_column_int(s, 6);
	r->period_from = sqlite3_column_int64(s, 7);
	r->period_to = sqlite3_column_int64(s, 8);
}

void
wf_report_free(struct wf_report *r)
{
	if (r == NULL)
		return;
	free(r->state);
	memset(r, 0, sizeof(*r));
}

int
store_wf_report_get(struct store *st, int64_t application_id, int hours,
    struct wf_report *r)
{
	static const char sql[] = "SELECT " REPORT_COLS " FROM wf_report"
	    " WHERE application_id = ?1 AND hours = ?2";
	sqlite3_stmt *s = store_stmt(st, sql);

	memset(r, 0, sizeof(*r));
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, application_id);
	sqlite3_bind_int(s, 2, hours);
	return one_row(st, s, fill_report, r, "report get");
}

int
store_wf_report_by_id(struct store *st, int64_t id, struct wf_report *r)
{
	static const char sql[] = "SELECT " REPORT_COLS " FROM wf_report"
	    " WHERE id = ?1";
	sqlite3_stmt *s = store_stmt(st, sql);

	memset(r, 0, sizeof(*r));
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return one_row(st, s, fill_report, r, "report by id");
}

int
store_wf_report_insert(struct store *st, int64_t application_id, int hours,
    int64_t document_id, int64_t now, int64_t *id)
{
	static const char sql[] = "INSERT INTO wf_report(application_id,"
	    " hours, document_id, state, created, updated)"
	    " VALUES (?1, ?2, ?3, ?5, ?4, ?4)";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, application_id);
	sqlite3_bind_int(s, 2, hours);
	if (document_id != 0)
		sqlite3_bind_int64(s, 3, document_id);
	else
		sqlite3_bind_null(s, 3);
	sqlite3_bind_int64(s, 4, now);
	store_bind_text(s, 5, wf_state_name(ST_REPORTE_NUEVO));
	if (store_step_done(st, s, "report insert") != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_wf_report_set_document(struct store *st, int64_t id,
    int64_t document_id)
{
	static const char sql[] =
	    "UPDATE wf_report SET document_id = ?2 WHERE id = ?1";
	sqlite3_stmt *s = store_stmt(st, sql);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, document_id);
	return store_step_done(st, s, "report document");
}
