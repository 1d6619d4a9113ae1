/* SPDX-License-Identifier: ISC */
/*
 * store_catalogue.c - the catalogue's filterable fields
 * (store_catalogue.h).
 */
#include "store/store_internal.h"
#include "store/store_catalogue.h"

#include <stdlib.h>
#include <string.h>

#include "common/util.h"

void
program_info_free(struct program_info *i)
{
	if (i == NULL)
		return;
	free(i->carreras);
	free(i->modalidad);
	free(i->apoyo);
	memset(i, 0, sizeof(*i));
}

int
store_program_info_put(struct store *st, int64_t program_id,
    const struct program_info *i)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO wf_program_info("
	    "program_id, carreras, modalidad, apoyo, vigente_hasta) "
	    "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(program_id) DO UPDATE SET "
	    "carreras = ?2, modalidad = ?3, apoyo = ?4, vigente_hasta = ?5");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, program_id);
	store_bind_text(s, 2, i->carreras ? i->carreras : "");
	store_bind_text(s, 3, i->modalidad ? i->modalidad : "");
	store_bind_text(s, 4, i->apoyo ? i->apoyo : "");
	sqlite3_bind_int64(s, 5, i->vigente_hasta);
	return store_step_done(st, s, "program details");
}

int
store_program_info_get(struct store *st, int64_t program_id,
    struct program_info *i)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT carreras, modalidad, apoyo, "
	    "vigente_hasta FROM wf_program_info WHERE program_id = ?1");
	int rc;

	memset(i, 0, sizeof(*i));
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, program_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		i->carreras = store_col_text(s, 0);
		i->modalidad = store_col_text(s, 1);
		i->apoyo = store_col_text(s, 2);
		i->vigente_hasta = sqlite3_column_int64(s, 3);
	} else {
		i->carreras = xstrdup("");
		i->modalidad = xstrdup("");
		i->apoyo = xstrdup("");
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	program_info_free(i);
	return store_fail(st, "program details");
}

void
program_edit_free(struct program_edit *e)
{
	if (e == NULL)
		return;
	free(e->name);
	free(e->horario);
	free(e->lugar);
	free(e->descripcion);
	free(e->cambios);
	program_info_free(&e->info);
	memset(e, 0, sizeof(*e));
}

int
store_program_edit_insert(struct store *st, const struct program_edit *e,
    int64_t now, int64_t *id)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO wf_program_edit("
	    "program_id, name, vacantes, horario, lugar, descripcion, "
	    "carreras, modalidad, apoyo, vigente_hasta, cambios, created) "
	    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, e->program_id);
	store_bind_text(s, 2, e->name);
	sqlite3_bind_int(s, 3, e->vacantes);
	store_bind_text(s, 4, e->horario);
	store_bind_text(s, 5, e->lugar);
	store_bind_text(s, 6, e->descripcion);
	store_bind_text(s, 7, e->info.carreras ? e->info.carreras : "");
	store_bind_text(s, 8, e->info.modalidad ? e->info.modalidad : "");
	store_bind_text(s, 9, e->info.apoyo ? e->info.apoyo : "");
	sqlite3_bind_int64(s, 10, e->info.vigente_hasta);
	store_bind_text(s, 11, e->cambios);
	sqlite3_bind_int64(s, 12, now);
	if (store_step_done(st, s, "program edit") != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_program_edit_get(struct store *st, int64_t id, struct program_edit *e)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id, program_id, name, "
	    "vacantes, horario, lugar, descripcion, carreras, modalidad, "
	    "apoyo, vigente_hasta, cambios FROM wf_program_edit WHERE id = ?1");
	int rc;

	memset(e, 0, sizeof(*e));
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		e->id = sqlite3_column_int64(s, 0);
		e->program_id = sqlite3_column_int64(s, 1);
		e->name = store_col_text(s, 2);
		e->vacantes = sqlite3_column_int(s, 3);
		e->horario = store_col_text(s, 4);
		e->lugar = store_col_text(s, 5);
		e->descripcion = store_col_text(s, 6);
		e->info.carreras = store_col_text(s, 7);
		e->info.modalidad = store_col_text(s, 8);
		e->info.apoyo = store_col_text(s, 9);
		e->info.vigente_hasta = sqlite3_column_int64(s, 10);
		e->cambios = store_col_text(s, 11);
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_fail(st, "program edit");
}

int
store_wf_document_set_ref(struct store *st, int64_t doc_id, int64_t ref_id)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE wf_document SET ref_id = ?2 "
	    "WHERE id = ?1");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, doc_id);
	sqlite3_bind_int64(s, 2, ref_id);
	return store_step_done(st, s, "document of an approved edit");
}

int
store_program_edit_latest(struct store *st, int64_t program_id, int64_t *id)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id FROM wf_program_edit "
	    "WHERE program_id = ?1 ORDER BY id DESC LIMIT 1");

	*id = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, program_id);
	return store_step_int64(st, s, "latest program edit", id);
}
