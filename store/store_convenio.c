/* SPDX-License-Identifier: ISC */
/*
 * store_convenio.c - the convenio's term (store_convenio.h).
 */
#include "store/store_internal.h"
#include "store/store_convenio.h"

#include <stdlib.h>
#include <string.h>

#include "common/util.h"

int
store_convenio_put(struct store *st, const struct convenio_term *t)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO wf_convenio("
	    "agency_id, starts_at, ends_at) VALUES(?1, ?2, ?3) "
	    "ON CONFLICT(agency_id) DO UPDATE SET starts_at = ?2, "
	    "ends_at = ?3");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, t->agency_id);
	sqlite3_bind_int64(s, 2, t->starts_at);
	sqlite3_bind_int64(s, 3, t->ends_at);
	return store_step_done(st, s, "convenio term");
}

static void
term_read(sqlite3_stmt *s, struct convenio_term *t)
{
	t->agency_id = sqlite3_column_int64(s, 0);
	t->starts_at = sqlite3_column_int64(s, 1);
	t->ends_at = sqlite3_column_int64(s, 2);
}

int
store_convenio_get(struct store *st, int64_t agency_id,
    struct convenio_term *t)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT agency_id, starts_at, "
	    "ends_at FROM wf_convenio WHERE agency_id = ?1");
	int rc;

	memset(t, 0, sizeof(*t));
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, agency_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		term_read(s, t);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_fail(st, "convenio term");
}

int
store_convenio_ending(struct store *st, int64_t since, int64_t until,
    struct convenio_term **out, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT agency_id, starts_at, "
	    "ends_at FROM wf_convenio WHERE ends_at > ?1 AND ends_at <= ?2 "
	    "ORDER BY ends_at");
	struct convenio_term *v = NULL;
	size_t k = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, since);
	sqlite3_bind_int64(s, 2, until);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (k == cap) {
			cap = cap ? 2 * cap : 8;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		term_read(s, &v[k++]);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(v);
		return store_fail(st, "convenio terms");
	}
	*out = v;
	*n = k;
	return 0;
}

/* The latest convenio letter to the agency's address: the register keeps
   the recipient, not the account. */
int
store_convenio_untermed(struct store *st, const char *state,
    struct convenio_untermed **out, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT a.id, "
	    "coalesce(l.folio, ''), coalesce(l.issued_at, 0) "
	    "FROM wf_account a LEFT JOIN letter_issued l ON l.rowid = "
	    "  (SELECT rowid FROM letter_issued "
	    "  WHERE recipient = a.email COLLATE NOCASE AND kind = 'convenio' "
	    "  ORDER BY issued_at DESC LIMIT 1) "
	    "WHERE a.role = 'dependencia' AND a.state = ?1 "
	    "AND NOT EXISTS (SELECT 1 FROM wf_convenio c "
	    "  WHERE c.agency_id = a.id) ORDER BY a.id");
	struct convenio_untermed *v = NULL;
	size_t k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	store_bind_text(s, 1, state);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		v = xreallocarray(v, k + 1, sizeof(*v));
		v[k].agency_id = sqlite3_column_int64(s, 0);
		v[k].folio = store_col_text(s, 1);
		v[k].issued_at = sqlite3_column_int64(s, 2);
		k++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		convenio_untermed_free(v, k);
		return store_fail(st, "agencies without a convenio term");
	}
	*out = v;
	*n = k;
	return 0;
}

void
convenio_untermed_free(struct convenio_untermed *v, size_t n)
{
	for (size_t i = 0; i < n && v != NULL; i++)
		free(v[i].folio);
	free(v);
}
