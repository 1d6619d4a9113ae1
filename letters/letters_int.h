/* SPDX-License-Identifier: ISC */
/*
 * letters_int.h - what the files of letters/ share: the handle, the
 * templates it loaded, and the sealing (hashes and codes) of documents.
 */
#ifndef TEQUIO_LETTERS_INT_H
#define TEQUIO_LETTERS_INT_H

#include <stddef.h>
#include <stdint.h>

#include "common/secret.h"
#include "letters/cp1252.h"
#include "letters/letters.h"
#include "letters/logo.h"
#include "letters/template.h"

/* One loaded template file. */
struct tdef {
	char *name;		/* file name without ".txt" */
	char *path;
	struct tpl *tpl;
	int letter;		/* one of the seven letters (a PDF) */
};

struct letters {
	const struct config *cfg;	/* borrowed: outlives the handle */
	struct tdef *t;
	size_t n;
	struct vars *inst;	/* institucion.*, coordinacion.* */
	struct vars *autov;	/* fecha, anio, folio: set per use */
	int64_t auto_minute;	/* fecha and anio are of this minute */
	int auto_dated;		/* auto_minute is set */
	struct logo inst_logo;	/* data NULL when there is none */
	char *inst_footer;	/* "domicilio · teléfono · web", may be "" */
	struct cp1252 *cv;
	unsigned char seal_key[SECRET_LEN];	/* SEAL_KEY_DERIVED's */
	int has_seal_key;
	/* SHA-256 of agency logos that already passed the trial load. */
	char ok_logos[8][65];
	size_t n_ok_logos;
	/* The catalogue files' sentences, S_COUNT of them (sentences.c). */
	struct sentence_text *sentences;
};

const struct tdef *letters_find(const struct letters *l, const char *name);

/*
 * Render letter t with v into a PDF appended to out.  folio and code are
 * printed, and period beside the folio unless NULL or ""; agency may be
 * NULL; when is the letter's date.  0 or -1 (logged).
 */
int letters_pdf(struct letters *l, const struct tdef *t,
    const struct vars *v, const struct logo *agency, const char *folio,
    const char *code, const char *period, int64_t when, int sample,
    struct buf *out);

/* The name of the institution's period ([periods]) of when's day, ""
   when none covers it. */
const char *letters_period_at(const struct letters *l, int64_t when);

/* The calendar year of when, local time. */
int letters_year(int64_t when);

/*
 * Load an agency's logo from path (may be NULL) into logo for one letter:
 * *have is 0 when there is none or it cannot be used (logged: the letter
 * then goes without it).  issue.c.
 */
void letters_agency_logo(struct letters *l, const char *path,
    struct logo *logo, int *have);

/* ---- sentences.c ---- */

/* True when the template file name (without ".txt") is a catalogue. */
int sentences_is_catalogue(const char *name);
/* Read the catalogue file name at path (src, len bytes). */
int sentences_load(struct letters *l, const char *path, const char *name,
    const char *src, size_t len, char *err, size_t errlen);
/* The same, taking only the sentences not loaded yet (from the installed
   templates, after the configured ones); each taken is logged. */
int sentences_fill(struct letters *l, const char *path, const char *name,
    const char *src, size_t len, char *err, size_t errlen);
/* -1 with "file: falta la frase [x]" when a declared sentence has no text. */
int sentences_check(const struct letters *l, char *err, size_t errlen);
void sentences_free(struct letters *l);

/* ---- seal.c ---- */

#define SEAL_HEX 65		/* 64 hex digits + NUL */
#define SEAL_CODE 15		/* "ABCD-EFGH-JKLM" + NUL */

/* Which key sealed a letter: its summary's "seal" (absent: 0). */
#define SEAL_KEY_SECRET 0	/* release 1: the server secret itself */
#define SEAL_KEY_DERIVED 1	/* a crypto_kdf subkey of it, "tqletter" */

/* The key of that version from the server secret, into key. */
void seal_key(const unsigned char *secret, int version,
    unsigned char key[SECRET_LEN]);
void seal_sha256_hex(const void *p, size_t n, char out[SEAL_HEX]);
/* The verification code of folio with this summary (canonical JSON). */
void seal_code(const unsigned char *key, const char *folio,
    const char *summary, char out[SEAL_CODE]);
/* The MAC that ties folio to the SHA-256 of its PDF. */
void seal_pdf_mac(const unsigned char *key, const char *folio,
    const char *pdf_sha_hex, char out[SEAL_HEX]);
/* Does a code as typed (any case, with or without dashes) match? */
int seal_code_match(const char *typed, const char *code);
/* Constant-time comparison of two NUL-terminated strings. */
int seal_equal(const char *a, const char *b);

/* ---- sample.c ---- */

/* Fill v with believable values for template name. */
void sample_vars(struct vars *v, const char *name);

#endif
