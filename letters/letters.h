/* SPDX-License-Identifier: ISC */
/*
 * letters.h - everything tequio writes for people: e-mail reply bodies and
 * PDF letters, both from the editable templates in templates/.
 *
 * At start-up letters_open() parses every template and checks each
 * placeholder against the variables that template may use (see
 * letters/schema.c); a broken template or an unknown placeholder stops
 * start-up with "file:line: what is wrong".
 *
 * Template data is a struct vars: string values under dotted names
 * ("alumno.nombre") and lists of records ("actividades", each item a vars
 * of its own) for {{#each}} loops.
 */
#ifndef TEQUIO_LETTERS_H
#define TEQUIO_LETTERS_H

#include <stddef.h>
#include <stdint.h>

#include "common/util.h"
#include "config/config.h"

struct store;
struct letters;
struct vars;

struct vars *vars_new(void);
void vars_free(struct vars *v);
/* Set (or replace) a value; value is copied.  NULL value stores "". */
void vars_set(struct vars *v, const char *key, const char *value);
void vars_setf(struct vars *v, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Value or NULL. */
const char *vars_get(const struct vars *v, const char *key);
/* Append a new record to list name and return it (owned by v). */
struct vars *vars_list_add(struct vars *v, const char *name);
/*
 * The records of list name: *items points at an array owned by v.
 * Returns how many there are (0 when v has no such list).
 */
size_t vars_list_items(const struct vars *v, const char *name,
    struct vars *const **items);

/* True when v has a list called name (even an empty one). */
int vars_has_list(const struct vars *v, const char *name);


int letters_open(const struct config *cfg, struct letters **out, char *err,
    size_t errlen);
void letters_close(struct letters *l);

/*
 * -1 with a sentence in err when the letterhead still carries the sample
 * institution of the shipped files and [institution] sample_ok is not
 * set; 0 otherwise.  sample_check.c.
 */
int letters_sample_check(const struct letters *l, char *err, size_t errlen);

/*
 * Render the mail text template name (e.g. "reply_ayuda") into out
 * (appended).  The institution's variables (institucion.*, fecha) are
 * added automatically.  Returns 0, -1 if no such template.
 */
int letters_text(struct letters *l, const char *name, const struct vars *v,
    struct buf *out);

/*
 * Issue letter_id ("presentacion", "constancia", "convenio", "aceptacion",
 * "baja", "liberacion", "finalizacion"): inside the caller's open store
 * transaction, take the next folio of the year, render the PDF, and record
 * the issued document (folio, kind, recipient, SHA-256, verification code).
 * pdf receives the bytes; *folio_out (caller frees) the folio.
 * agency_logo may be NULL.  Returns 0, -1 on error (logged).
 */
int letters_issue(struct letters *l, struct store *st, const char *letter_id,
    const struct vars *v, const char *recipient, const char *agency_logo,
    int64_t now, struct buf *pdf, char **folio_out);

/* A letter rendered again from the register (reissue.c). */
struct letters_reissued {
	struct buf pdf;
	int identical;		/* byte for byte the PDF issued */
	char *folio, *kind, *recipient, *alumno, *dependencia;
	int64_t issued_at;
};
/*
 * Render the issued letter folio again from its recorded variables,
 * folio, code and date (agency_logo: the agency's current logo, may be
 * NULL).  Takes no folio and records nothing.  1 done (out filled; free
 * with letters_reissued_free), 0 no such folio, -1 error (logged).
 */
int letters_reissue(struct letters *l, struct store *st, const char *folio,
    const char *agency_logo, struct letters_reissued *out);
void letters_reissued_free(struct letters_reissued *r);

/* The date in Spanish: "23 de noviembre de 2026" (new string). */
char *letters_date_es(int64_t when);

/* ---- added by the letters module (additive) ---- */

/* "carta de aceptación" for "aceptacion"; NULL for an unknown id. */
const char *letters_kind_name(const char *letter_id);

/* True when the template name ("reply_x", "constancia") is loaded. */
int letters_has(const struct letters *l, const char *name);

/*
 * Render template name with sample data and no folio: a letter becomes a
 * PDF marked MUESTRA (folio SS-0000-000000; nothing is recorded), a mail
 * template becomes its text.  *is_pdf tells which.  agency_logo (may be
 * NULL) shows where an agency's logo goes.  0, -1 if no such template or
 * the PDF failed (logged).
 */
int letters_sample(struct letters *l, const char *name,
    const char *agency_logo, struct buf *out, int *is_pdf);

/*
 * Check an image meant to be a logo (an agency's upload) the way letters
 * will: PNG or JPEG, not interlaced, sane size.  0, or -1 with a Spanish
 * sentence for the sender in err.
 */
int letters_logo_check(const void *data, size_t len, char *err,
    size_t errlen);

/* What verification found (letters_verify).  Strings are owned. */
struct letters_check {
	int well_formed;	/* the folio looks like SS-YYYY-NNNNNN */
	int found;		/* issued by us */
	int genuine;		/* its record is intact (codes recomputed) */
	int code_given, code_ok;	/* a code was given; it matches */
	int file_given, file_ok;	/* a PDF was given; byte-identical */
	char *folio;		/* normalised */
	char *kind;		/* letter id */
	char *recipient;
	int64_t issued_at;
	char *alumno;		/* "" when none */
	char *dependencia;	/* "" when none */
};

/*
 * Verify folio (any case, spaces ignored) against the register, with the
 * printed code (may be NULL) and the PDF's bytes (may be NULL).  Works
 * without templates: it needs the store and the server secret only.
 * Returns 0 (see out; letters_check_ok says yes or no, letters_check_free
 * frees it), -1 on a database error (out then holds nothing to free).
 */
int letters_verify(struct store *st, const unsigned char *secret,
    const char *folio, const char *code, const void *pdf, size_t pdf_len,
    struct letters_check *out);
/* Found, genuine, and every given code and file matched. */
int letters_check_ok(const struct letters_check *c);
void letters_check_free(struct letters_check *c);

#endif
