/* SPDX-License-Identifier: ISC */
/*
 * store_purge.h - retention in the database (issue 12): which documents
 * and raw messages are past their time, the record of what was purged,
 * and which spool files may go.  The policy (how long) is the caller's;
 * the columns and purge_log come from migration 11 (migrate.c).
 */
#ifndef TEQUIO_STORE_PURGE_H
#define TEQUIO_STORE_PURGE_H

#include <stddef.h>
#include <stdint.h>

struct store;

/* One thing purged, as purge_log keeps it: no content, no name. */
struct purge_item {
	char *kind;	/* "documento de identidad", "expediente de alumno",
			   "correo", "datos personales" */
	char *whose;	/* "cuenta 12", "mensaje 40" */
	char *what;	/* "ine (documento 7)", ... */
};

/* Before these times (seconds), each kind of data is past retention. */
struct purge_cutoffs {
	int64_t identity;	/* convenio decided before this */
	int64_t student;	/* finalizado, final baja or cancelled before */
	int64_t mail;		/* quarantined/ignored mail received before */
};

/*
 * Inside the caller's transaction: mark every row past retention as
 * purged at now and write one purge_log row for each; *items (caller
 * frees with purge_items_free) lists them.  A dry run is this, rolled
 * back.  0, -1.
 */
int store_purge_mark(struct store *st, int64_t now,
    const struct purge_cutoffs *cut, struct purge_item **items, size_t *n);
void purge_items_free(struct purge_item *items, size_t n);

/*
 * The spool files of purged rows, and the copies releases kept once done
 * or once their message is purged, that no live row shares (caller frees with purge_paths_free), and, once
 * the caller has removed them, store_purge_forget_paths blanks the purged
 * rows' paths and the releases' that held one of the n paths.  0, -1.
 */
int store_purge_paths(struct store *st, char ***paths, size_t *n);
void purge_paths_free(char **paths, size_t n);
int store_purge_forget_paths(struct store *st, char *const *paths,
    size_t n);

#endif
