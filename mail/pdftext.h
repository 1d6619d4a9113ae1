/* SPDX-License-Identifier: ISC */
/*
 * pdftext.h - the words a PDF shows, enough to tell an acta constitutiva
 * from a poder notarial when its file name says nothing ("scan001.pdf").
 *
 * Not a PDF parser: a single forward scan of the bytes that reads the text
 * strings of the file (literal "(...)" and hex "<...>") and of its
 * streams, inflating with zlib the streams marked /FlateDecode.  No object
 * is resolved, nothing recurses, nothing is trusted (a stream's /Length is
 * ignored: it ends at "endstream"), and every cost has a ceiling: the
 * streams read, the bytes one stream and all of them may inflate to (a
 * zip bomb stops there), and the text kept.  What cannot be read this way
 * (text drawn through a font's private encoding, a scan without a text
 * layer) gives little or no text: the caller then knows nothing, which is
 * where it was before.  Text layers of OCR software (CIDs that are
 * Unicode, as Tesseract writes them) and of office suites' simple fonts
 * are read.
 *
 * The text comes out folded for matching: lower-case ASCII letters only,
 * accents and ñ to their base letter, everything else (spaces, digits,
 * punctuation) dropped, because PDFs place words by position and seldom
 * write the space between them: "Acta  Constitutiva" is
 * "actaconstitutiva".
 */
#ifndef TEQUIO_PDFTEXT_H
#define TEQUIO_PDFTEXT_H

#include <stddef.h>

/* Ceilings (measured in tests/unit/test_pdftext.c). */
#define PDFTEXT_MAX_STREAMS	512		/* streams read */
#define PDFTEXT_MAX_INFLATE	(4u << 20)	/* one stream, inflated */
#define PDFTEXT_MAX_INFLATE_ALL	(16u << 20)	/* all streams, inflated */
#define PDFTEXT_MAX_TEXT	(256u << 10)	/* folded letters kept */

/*
 * The folded text of the PDF in data (len bytes): a new NUL-terminated
 * string of at most PDFTEXT_MAX_TEXT letters, "" when there is none or
 * data is no PDF.  Never fails but for memory (which aborts, as xmalloc).
 */
char *pdftext_folded(const void *data, size_t len);

/* What one reading cost, for the tests of the ceilings. */
struct pdftext_cost {
	size_t streams;		/* streams read */
	size_t inflated;	/* bytes inflated, all streams */
};
char *pdftext_folded_cost(const void *data, size_t len,
    struct pdftext_cost *cost);

#endif
