/* SPDX-License-Identifier: ISC */
/*
 * store_letters.h - folios and the register of issued documents
 * (store_letters.c).  Used by letters/ only.
 *
 * A folio is taken inside the caller's transaction, so it is rolled back
 * together with the letter when anything fails or the process dies before
 * the commit: folios are sequential per year, never reused, without gaps.
 */
#ifndef TEQUIO_STORE_LETTERS_H
#define TEQUIO_STORE_LETTERS_H

#include <stdint.h>

#include "store/store.h"

/* One issued document.  Strings are owned (letter_record_free). */
struct letter_record {
	char *folio;		/* SS-2026-000123 */
	int year;
	int64_t seq;
	char *kind;		/* letter id: "aceptacion" ... */
	char *recipient;	/* as given to letters_issue */
	int64_t issued_at;
	char *pdf_sha256;	/* hex of the PDF's bytes */
	char *pdf_mac;		/* hex HMAC binding folio and pdf_sha256 */
	char *code;		/* verification code as printed */
	char *summary;		/* canonical JSON the code is computed over */
	int seal;		/* its "seal": the key version (0: absent) */
	/* Read back from summary by store_letters_find: */
	char *alumno;		/* "" when the letter names none */
	char *dependencia;
};

void letter_record_free(struct letter_record *r);

/* What store_letters_insert records (nothing here is owned). */
struct letter_new {
	const char *folio;
	int year;
	int64_t seq;
	const char *kind;
	const char *recipient;
	int64_t issued_at;
	const char *pdf_sha256;
	const char *pdf_mac;
	const char *code;
	const char *summary;
};

/* Take the next folio number of year (1, 2, ...) into *seq. 0 or -1. */
int store_letters_next_folio(struct store *st, int year, int64_t *seq);

/* Record an issued document (inside the caller's transaction). 0 or -1. */
int store_letters_insert(struct store *st, const struct letter_new *r);

/* Look folio up: 1 found (r filled), 0 not found, -1 error. */
int store_letters_find(struct store *st, const char *folio,
    struct letter_record *r);

/* The folio of the issued PDF whose SHA-256 (hex) is sha: 1 and *folio
   (caller frees), 0 none, -1 error. */
int store_letters_folio_by_sha256(struct store *st, const char *sha,
    char **folio);

#endif
