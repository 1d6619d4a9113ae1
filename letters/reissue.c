/* SPDX-License-Identifier: ISC */
/*
 * reissue.c - a letter rendered again from the register, for a person
 * who lost it after its PDF left the outbox (tequioctl resend).
 *
 * The register keeps each letter's summary: the canonical JSON of its
 * variables, which the verification code covers.  Rendering the same
 * template with those variables, the same folio, code and date gives the
 * same text; with the same templates and logo it is the same file byte
 * for byte (the PDF writer is deterministic), which the caller learns by
 * comparing the recorded SHA-256.  No folio is taken and nothing is
 * recorded: it is the letter already issued, not a new one.
 */
#include "letters/letters_int.h"

#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "letters/vars_int.h"
#include "store/store_letters.h"

/* The "vars" member of a summary: vars_json's object, parsed. */
static struct vars *
summary_vars(const char *summary)
{
	/* Every earlier member is a string whose quotes are escaped, so
	   the first unescaped ,"vars": is the member itself. */
	const char *p = strstr(summary, ",\"vars\":");

	if (p == NULL)
		return NULL;
	p += strlen(",\"vars\":");
	return vars_from_json(p, strlen(p), NULL);
}

/* The "periodo" member of a summary (before "vars"), "" when none: the
   period printed on the letter when it was issued, whatever [periods]
   says now.  Its value is a period name: no escapes. */
static char *
summary_period(const char *summary)
{
	const char *p = strstr(summary, ",\"periodo\":\""), *vars, *end;

	vars = strstr(summary, ",\"vars\":");
	if (p == NULL || (vars != NULL && p > vars))
		return xstrdup("");
	p += strlen(",\"periodo\":\"");
	if ((end = strchr(p, '"')) == NULL)
		return xstrdup("");
	return xstrndup(p, (size_t)(end - p));
}

int
letters_reissue(struct letters *l, struct store *st, const char *folio,
    const char *agency_logo, struct letters_reissued *out)
{
	struct letter_record rec;
	const struct tdef *t;
	struct vars *v = NULL;
	struct logo agency;
	char sha[SEAL_HEX], *period = NULL;
	int have_agency = 0, found, rc = -1;

	memset(out, 0, sizeof(*out));
	buf_init(&out->pdf);
	memset(&agency, 0, sizeof(agency));
	if ((found = store_letters_find(st, folio, &rec)) <= 0)
		return found;
	if ((t = letters_find(l, rec.kind)) == NULL || !t->letter) {
		log_err("letters: %s: no template \"%s\" to render it with",
		    rec.folio, rec.kind);
		goto done;
	}
	if ((v = summary_vars(rec.summary)) == NULL) {
		log_err("letters: %s: its summary cannot be read back",
		    rec.folio);
		goto done;
	}
	letters_agency_logo(l, agency_logo, &agency, &have_agency);
	period = summary_period(rec.summary);
	if (letters_pdf(l, t, v, have_agency ? &agency : NULL, rec.folio,
	    rec.code, period, rec.issued_at, 0, &out->pdf) != 0)
		goto done;
	seal_sha256_hex(out->pdf.data, out->pdf.len, sha);
	out->identical = strcmp(sha, rec.pdf_sha256) == 0;
	out->folio = xstrdup(rec.folio);
	out->kind = xstrdup(rec.kind);
	out->recipient = xstrdup(rec.recipient);
	out->issued_at = rec.issued_at;
	out->alumno = xstrdup(rec.alumno);
	out->dependencia = xstrdup(rec.dependencia);
	rc = 1;
done:
	if (rc != 1)
		buf_free(&out->pdf);
	if (have_agency)
		logo_free(&agency);
	vars_free(v);
	free(period);
	letter_record_free(&rec);
	return rc;
}

void
letters_reissued_free(struct letters_reissued *r)
{
	buf_free(&r->pdf);
	free(r->folio);
	free(r->kind);
	free(r->recipient);
	free(r->alumno);
	free(r->dependencia);
	memset(r, 0, sizeof(*r));
}
