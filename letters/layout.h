/* SPDX-License-Identifier: ISC */
/*
 * layout.h - a letter_doc (doc.h) onto letter-size pages.
 *
 * Every page: the institution's logo and name (and the agency's logo on
 * the agency's letters), and a footer with the folio, the verification
 * code, a QR code and "Página n de m".  The first page also carries folio,
 * place and date, subject, title and addressee; paragraphs are justified
 * and flow onto further pages; the closing and signatures are kept
 * together.
 */
#ifndef TEQUIO_LAYOUT_H
#define TEQUIO_LAYOUT_H

#include <stddef.h>

#include "common/util.h"
#include "letters/cp1252.h"
#include "letters/doc.h"
#include "letters/logo.h"

/* Where the QR code sits on every page (points, from the bottom left). */
#define LAYOUT_QR_X 72.0
#define LAYOUT_QR_Y 34.0
#define LAYOUT_QR_SIZE 62.0

/* Everything on the page that does not come from the template. UTF-8. */
struct layout_info {
	const char *inst_name;
	const char *inst_area;		/* "" or NULL: none */
	const char *inst_footer;	/* address line, "" or NULL: none */
	const struct logo *inst_logo;	/* NULL: none */
	const struct logo *agency_logo;	/* NULL: none */
	const char *folio;		/* SS-2026-000123 */
	const char *period;		/* "2027A" beside it; NULL, "": none */
	const char *lugar_fecha;	/* used when the template sets none */
	const char *code;		/* verification code, as printed */
	const char *verify_addr;	/* where VERIFICAR is mailed */
	int sample;			/* print MUESTRA across every page */
};

/*
 * Lay out doc and append the PDF to out.  Returns 0, or -1 with err set
 * (a libharu or libqrencode failure).
 */
int layout_letter(const struct letter_doc *doc, const struct layout_info *li,
    struct cp1252 *cv, struct buf *out, char *err, size_t errlen);

/* The text the QR code carries: a mailto: URI that asks VERIFICAR. */
char *layout_qr_text(const char *verify_addr, const char *folio,
    const char *code);

#endif
