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
