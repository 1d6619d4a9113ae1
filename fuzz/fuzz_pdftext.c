/* SPDX-License-Identifier: ISC */
/*
 * fuzz_pdftext.c - libFuzzer target: the words of a PDF a stranger
 * attached (mail/pdftext.c: strings, escapes, hex, UTF-16, streams
 * inflated with zlib) and the kind of document they say
 * (classify_document_text).  The ceilings of pdftext.h must hold for any
 * input: the text is never longer than PDFTEXT_MAX_TEXT, nothing more
 * than PDFTEXT_MAX_INFLATE_ALL is inflated.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/classify.h"
#include "mail/pdftext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pdftext_cost cost;
	char *t = pdftext_folded_cost(data, size, &cost);
	int notarial;

	if (strlen(t) > PDFTEXT_MAX_TEXT ||
	    cost.inflated > PDFTEXT_MAX_INFLATE_ALL ||
	    cost.streams > PDFTEXT_MAX_STREAMS)
		abort();
	(void)classify_document_text(t, &notarial);
	free(t);
	return 0;
}
