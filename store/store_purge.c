/* SPDX-License-Identifier: ISC */
/*
 * store_purge.c - retention in the database (store_purge.h).
 *
 * Purging is two steps so that a crash never leaves a row that says
 * "kept" over a file that is gone: first the rows are marked purged and
 * logged, in one transaction; then the files are removed and only after
 * that are the rows' paths blanked.  A crash between the two leaves
 * marked rows whose files the next run removes.  Files are named by
 * their content, so one shared with a live row stays.
 */
#include "store/store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "store/store_purge.h"
#include "store/store_workflow.h"
#include "common/util.h"

static void
add_item(struct purge_item **items, size_t *n, const char *kind,
    char *whose, char *what)
{
	*items = xrealloc(*items, (*n + 1) * sizeof(**items));
	(*items)[*n].kind = xstrdup(kind);
	(*items)[*n].whose = whose;
	(*items)[*n].what = what;
	(*n)++;
}

void
purge_items_free(struct purge_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(items[i].kind);
		free(items[i].whose);
		free(items[i].what);
	}
	free(items);
}

/* The raw message row carried a purged document: it goes too. */
static int
mark_message(struct store *st, int64_t now, int64_t id)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE message SET purged_at = ?1 "
	    "WHERE id = ?2 AND purged_at IS NULL");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, id);
	return store_step_done(st, s, "purging a raw message");
}

/* Step an UPDATE ... RETURNING account_id, kind, id, msg_row of
   documents. */
static int
collect_documents(struct store *st, sqlite3_stmt *s, int64_t now,
    const char *kind, struct purge_item **items, size_t *n)
{
	int rc;
	size_t first = *n;
	int64_t *msgs = NULL;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		add_item(items, n, kind, xasprintf("cuenta %lld", (long long)
		    sqlite3_column_int64(s, 0)), xasprintf("%s (documento "
		    "%lld)", (const char *)sqlite3_column_text(s, 1),
		    (long long)sqlite3_column_int64(s, 2)));
		msgs = xrealloc(msgs, (*n - first) * sizeof(*msgs));
		msgs[*n - first - 1] = sqlite3_column_int64(s, 3);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(msgs);
		return store_fail(st, "purging documents");
	}
	for (size_t i = 0; i < *n - first; i++)
		if (mark_message(st, now, msgs[i]) != 0) {
			free(msgs);
			return -1;
		}
	free(msgs);
	return 0;
}

/* Step an UPDATE ... RETURNING id of messages. */
static int
collect_messages(struct store *st, sqlite3_stmt *s, const char *kind,
    struct purge_item **items, size_t *n)
{
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		add_item(items, n, kind, xasprintf("mensaje %lld", (long long)
		    sqlite3_column_int64(s, 0)), xstrdup(
		    "correo recibido (mensaje original)"));
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "purging messages");
}

/* Identity documents of agencies whose convenio was decided (approved or
   rejected) after the document came and before the cutoff. */
static int
mark_identity(struct store *st, int64_t now, int64_t cut,
    struct purge_item **items, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE wf_document SET "
	    "purged_at = ?1 WHERE purged_at IS NULL AND kind IN ('ine', "
	    "'domicilio', 'rfc', 'decreto', 'nombramiento') AND EXISTS ("
	    "SELECT 1 FROM wf_matter m WHERE m.kind = 'convenio' AND "
	    "m.entity_id = wf_document.account_id AND m.state IN "
	    "(?3, ?4) AND m.updated <= ?2 AND "
	    "m.updated >= wf_document.created) "
	    "RETURNING account_id, kind, id, msg_row");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, cut);
	store_bind_text(s, 3, wf_state_name(ST_ASUNTO_APROBADO));
	store_bind_text(s, 4, wf_state_name(ST_ASUNTO_RECHAZADO));
	return collect_documents(st, s, now, "documento de identidad", items,
	    n);
}

/*
 * The accounts whose file's retention ended before ?2: a student who
 * finished (finalizado), one whose last application ended in a baja and
 * who has applied nowhere since (back in con_presentacion: the baja was
 * final), and any account whose owner cancelled (blocked_at).
 */
#define RETENTION_ENDED "((role = 'alumno' AND state = ?11 AND " \
	"updated <= ?2) OR blocked_at <= ?2 OR (role = 'alumno' AND state = " \
	"?12 AND (SELECT l.state = ?13 AND l.updated <= " \
	"?2 FROM wf_application l WHERE l.student_id = wf_account.id " \
	"ORDER BY l.updated DESC, l.id DESC LIMIT 1)))"

/* The states RETENTION_ENDED names, as ?11, ?12 and ?13. */
static void
bind_retention_states(sqlite3_stmt *s)
{
	store_bind_text(s, 11, wf_state_name(ST_ALUMNO_FINALIZADO));
	store_bind_text(s, 12, wf_state_name(ST_ALUMNO_CON_PRESENTACION));
	store_bind_text(s, 13, wf_state_name(ST_SOLICITUD_BAJA));
}

/* The typed fields of the accounts just suppressed: the unique ones take
   a marker per account, the rest are emptied. */
static int
clear_typed_fields(struct store *st, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE wf_student SET "
	    "matricula = 'suprimida-' || account_id, carrera = '' WHERE "
	    "account_id IN (SELECT id FROM wf_account WHERE "
	    "anonymised_at = ?1)");
	sqlite3_stmt *a = store_stmt(st, "UPDATE wf_agency SET "
	    "rfc = 'suprimido-' || account_id, representante = '', "
	    "cargo = '', domicilio = '', telefono = '' WHERE account_id IN ("
	    "SELECT id FROM wf_account WHERE anonymised_at = ?1)");

	if (s == NULL || a == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(a, 1, now);
	if (store_step_done(st, s, "suppressing a student's data") != 0)
		return -1;
	return store_step_done(st, a, "suppressing an agency's data");
}

/* The person's address where other tables keep it, while the account
   still has it: the record that the aviso was shown goes (a new contact
   gets it anew), ARCO requests and disclosures to the person keep their
   account id and a marker instead. */
static int
forget_addresses(struct store *st, int64_t cut)
{
#define ENDED_ACCOUNTS "SELECT id FROM wf_account WHERE anonymised_at IS " \
	"NULL AND " RETENTION_ENDED
	sqlite3_stmt *p = store_stmt(st, "DELETE FROM privacy_notice WHERE "
	    "address IN (SELECT email FROM wf_account WHERE id IN ("
	    ENDED_ACCOUNTS "))");
	sqlite3_stmt *r = store_stmt(st, "UPDATE arco_request SET email = "
	    "'suprimido-' || account_id WHERE account_id IN ("
	    ENDED_ACCOUNTS ")");
	sqlite3_stmt *l = store_stmt(st, "UPDATE access_log SET recipient = "
	    "'suprimido-' || account_id WHERE account_id IN (" ENDED_ACCOUNTS
	    ") AND recipient = (SELECT email FROM wf_account WHERE id = "
	    "access_log.account_id)");
#undef ENDED_ACCOUNTS

	if (p == NULL || r == NULL || l == NULL)
		return -1;
	sqlite3_bind_int64(p, 2, cut);
	bind_retention_states(p);
	sqlite3_bind_int64(r, 2, cut);
	bind_retention_states(r);
	sqlite3_bind_int64(l, 2, cut);
	bind_retention_states(l);
	if (store_step_done(st, p, "forgetting an address") != 0 ||
	    store_step_done(st, r, "forgetting an address") != 0)
		return -1;
	return store_step_done(st, l, "forgetting an address");
}

/* Once the file's retention ends the person's own columns go too; the
   row stays so that issued folios (letter_issued keeps its own copy) and
   audit rows that refer to it by id keep their meaning.  The address
   becomes a marker with no '@', unique per row as the column demands.
   Runs after the raw messages were matched by address. */
static int
anonymise_accounts(struct store *st, int64_t now, int64_t cut,
    struct purge_item **items, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE wf_account SET "
	    "name = 'titular suprimido', email = 'suprimido-' || id, "
	    "token_hash = NULL, anonymised_at = ?1 WHERE anonymised_at IS "
	    "NULL AND " RETENTION_ENDED " RETURNING id");
	int rc;

	if (s == NULL || forget_addresses(st, cut) != 0)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, cut);
	bind_retention_states(s);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		add_item(items, n, "datos personales", xasprintf("cuenta %lld",
		    (long long)sqlite3_column_int64(s, 0)), xstrdup("nombre, "
		    "correo y datos de registro suprimidos"));
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, "suppressing personal data");
	return clear_typed_fields(st, now);
}

/* A student's whole file once the service ended (finalizado or a final
   baja), and any account's once its owner cancelled (blocked_at): the
   cancelación is carried out when the file's retention ends, as the law
   allows. */
static int
mark_student(struct store *st, int64_t now, int64_t cut,
    struct purge_item **items, size_t *n)
{
	sqlite3_stmt *d = store_stmt(st, "UPDATE wf_document SET "
	    "purged_at = ?1 WHERE purged_at IS NULL AND account_id IN ("
	    "SELECT id FROM wf_account WHERE " RETENTION_ENDED ") "
	    "RETURNING account_id, kind, id, msg_row");
	sqlite3_stmt *m = store_stmt(st, "UPDATE message SET purged_at = ?1 "
	    "WHERE purged_at IS NULL AND from_addr IN (SELECT email FROM "
	    "wf_account WHERE " RETENTION_ENDED ") RETURNING id");

	if (d == NULL || m == NULL)
		return -1;
	sqlite3_bind_int64(d, 1, now);
	sqlite3_bind_int64(d, 2, cut);
	bind_retention_states(d);
	sqlite3_bind_int64(m, 1, now);
	sqlite3_bind_int64(m, 2, cut);
	bind_retention_states(m);
	if (collect_documents(st, d, now, "expediente de alumno", items,
	    n) != 0)
		return -1;
	if (collect_messages(st, m, "expediente de alumno", items, n) != 0)
		return -1;
	return anonymise_accounts(st, now, cut, items, n);
}

/* Mail nobody acted on: quarantined or ignored. */
static int
mark_mail(struct store *st, int64_t now, int64_t cut,
    struct purge_item **items, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE message SET purged_at = ?1 "
	    "WHERE purged_at IS NULL AND outcome IN ('quarantined', "
	    "'ignored') AND received_at <= ?2 RETURNING id");

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, cut);
	return collect_messages(st, s, "correo sin respuesta o en cuarentena",
	    items, n);
}

/* Commands never confirmed (h_confirmar.c): once expired and past the
   mail's retention, their text, attachments and raw message go. */
static int
mark_unconfirmed(struct store *st, int64_t now, int64_t cut,
    struct purge_item **items, size_t *n)
{
	sqlite3_stmt *p = store_stmt(st, "UPDATE wf_pending SET body = '', "
	    "subject = '' WHERE used = 0 AND expires <= ?1 AND (body != '' "
	    "OR subject != '') RETURNING id, msg_row");
	sqlite3_stmt *a = store_stmt(st, "UPDATE wf_pending_att SET "
	    "purged_at = ?1 WHERE purged_at IS NULL AND pending_id IN ("
	    "SELECT id FROM wf_pending WHERE used = 0 AND expires <= ?2)");
	int64_t *msgs = NULL;
	size_t k = 0;
	int rc;

	if (p == NULL || a == NULL)
		return -1;
	sqlite3_bind_int64(p, 1, cut);
	while ((rc = sqlite3_step(p)) == SQLITE_ROW) {
		add_item(items, n, "correo sin respuesta o en cuarentena",
		    xasprintf("confirmación %lld", (long long)
		    sqlite3_column_int64(p, 0)), xstrdup("comando sin "
		    "confirmar, con sus adjuntos"));
		msgs = xrealloc(msgs, (k + 1) * sizeof(*msgs));
		msgs[k++] = sqlite3_column_int64(p, 1);
	}
	sqlite3_reset(p);
	if (rc != SQLITE_DONE) {
		free(msgs);
		return store_fail(st, "purging unconfirmed commands");
	}
	for (size_t i = 0; i < k; i++)
		if (mark_message(st, now, msgs[i]) != 0) {
			free(msgs);
			return -1;
		}
	free(msgs);
	sqlite3_bind_int64(a, 1, now);
	sqlite3_bind_int64(a, 2, cut);
	return store_step_done(st, a, "purging kept attachments");
}

static int
log_items(struct store *st, int64_t now, const struct purge_item *items,
    size_t n)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO purge_log(at, kind, "
	    "whose, what) VALUES(?1, ?2, ?3, ?4)");

	if (s == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_int64(s, 1, now);
		store_bind_text(s, 2, items[i].kind);
		store_bind_text(s, 3, items[i].whose);
		store_bind_text(s, 4, items[i].what);
		if (store_step_done(st, s, "recording a purge") != 0)
			return -1;
	}
	return 0;
}

int
store_purge_mark(struct store *st, int64_t now,
    const struct purge_cutoffs *cut, struct purge_item **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	if (mark_identity(st, now, cut->identity, items, n) != 0 ||
	    mark_student(st, now, cut->student, items, n) != 0 ||
	    mark_mail(st, now, cut->mail, items, n) != 0 ||
	    mark_unconfirmed(st, now, cut->mail, items, n) != 0 ||
	    log_items(st, now, *items, *n) != 0) {
		purge_items_free(*items, *n);
		*items = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void
purge_paths_free(char **paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

int
store_purge_paths(struct store *st, char ***paths, size_t *n)
{
	/* The copy a release kept is wanted by nobody once the release is
	   done, or its message's retention ended (a release never finished):
	   a pack's member goes with the sweep too (store_pack.h), but a
	   whole file (--pipe, or kept before packs) only here.  A message
	   read again by --pipe has the same file: live rows keep what they
	   point at.  "> ''" walks msg_release_spool_path over the few copies
	   not yet forgotten, not every release ever done. */
	sqlite3_stmt *s = store_stmt(st, "SELECT DISTINCT p FROM ("
	    "SELECT path AS p FROM wf_document WHERE purged_at IS NOT NULL "
	    "AND path != '' UNION ALL SELECT spool_path FROM message WHERE "
	    "purged_at IS NOT NULL AND spool_path != '' UNION ALL SELECT "
	    "path FROM wf_pending_att WHERE purged_at IS NOT NULL AND "
	    "path != '' UNION ALL SELECT spool_path FROM msg_release r "
	    "WHERE spool_path > '' AND (done_at IS NOT NULL OR EXISTS ("
	    "SELECT 1 FROM message o WHERE o.id = r.msg_row AND "
	    "o.purged_at IS NOT NULL))) WHERE NOT EXISTS ("
	    "SELECT 1 FROM wf_document d WHERE d.path = p AND d.purged_at IS "
	    "NULL) AND NOT EXISTS (SELECT 1 FROM wf_pending_att a WHERE "
	    "a.path = p AND a.purged_at IS NULL) AND NOT EXISTS (SELECT 1 "
	    "FROM message m WHERE m.spool_path = p AND m.purged_at IS NULL) "
	    "AND NOT EXISTS (SELECT 1 FROM msg_release r WHERE r.spool_path "
	    "= p AND r.done_at IS NULL AND NOT EXISTS (SELECT 1 FROM message "
	    "o WHERE o.id = r.msg_row AND o.purged_at IS NOT NULL))");
	int rc;

	*paths = NULL;
	*n = 0;
	if (s == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*paths = xrealloc(*paths, (*n + 1) * sizeof(**paths));
		(*paths)[(*n)++] = store_col_text(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		purge_paths_free(*paths, *n);
		*paths = NULL;
		*n = 0;
		return store_fail(st, "listing purged files");
	}
	return 0;
}

/* The releases' copies among the paths removed: by path, for a release
   may have finished since they were listed, and whatever points at a
   file removed lets go of it. */
static int
forget_released(struct store *st, char *const *paths, size_t n)
{
	sqlite3_stmt *r = store_stmt(st, "UPDATE msg_release SET "
	    "spool_path = '' WHERE spool_path = ?1");

	if (r == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		store_bind_text(r, 1, paths[i]);
		if (store_step_done(st, r, "forgetting purged files") != 0)
			return -1;
	}
	return 0;
}

int
store_purge_forget_paths(struct store *st, char *const *paths, size_t n)
{
	sqlite3_stmt *d = store_stmt(st, "UPDATE wf_document SET path = '' "
	    "WHERE purged_at IS NOT NULL AND path != ''");
	sqlite3_stmt *m = store_stmt(st, "UPDATE message SET spool_path = '' "
	    "WHERE purged_at IS NOT NULL AND spool_path != ''");
	sqlite3_stmt *a = store_stmt(st, "UPDATE wf_pending_att SET path = '' "
	    "WHERE purged_at IS NOT NULL AND path != ''");

	if (d == NULL || m == NULL || a == NULL)
		return -1;
	if (store_step_done(st, d, "forgetting purged files") != 0 ||
	    store_step_done(st, m, "forgetting purged files") != 0 ||
	    forget_released(st, paths, n) != 0)
		return -1;
	return store_step_done(st, a, "forgetting purged files");
}
