/* SPDX-License-Identifier: ISC */
/*
 * issue.c - issuing a letter inside the caller's transaction.
 *
 * Issuing is: take the folio (store_letters.c), write the summary (the
 * canonical JSON of what the letter says), derive the verification code
 * from folio and summary, render the PDF with both printed on it, hash the
 * PDF and record everything.  All of it happens in the caller's open
 * transaction, so a failure or a crash before commit leaves no folio used.
 */
#include "letters/letters_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "letters/pdf.h"
#include "letters/vars_int.h"
#include "store/store_letters.h"

/* The canonical JSON the verification code covers. */
static char *
summary_json(const char *folio, int64_t now, const char *kind,
    const char *recipient, const char *period, const struct vars *v)
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "{\"folio\":");
	json_string(&b, folio);
	buf_printf(&b, ",\"issued_at\":%lld,\"kind\":", (long long)now);
	json_string(&b, kind);
	buf_adds(&b, ",\"recipient\":");
	json_string(&b, recipient ? recipient : "");
	buf_printf(&b, ",\"seal\":%d", SEAL_KEY_DERIVED);
	/* Only when the institution names periods: earlier letters' summaries
	   stay as they were, and reissue.c finds it before "vars". */
	if (*period != '\0') {
		buf_adds(&b, ",\"periodo\":");
		json_string(&b, period);
	}
	buf_adds(&b, ",\"vars\":");
	if (v != NULL) {
		vars_json(v, &b);
	} else {
		buf_adds(&b, "{}");
	}
	buf_addc(&b, '}');
	return buf_steal(&b);
}

/* The seal key, derived once from the secret file. */
static int
load_seal_key(struct letters *l)
{
	unsigned char secret[SECRET_LEN];

	if (secret_load(l->cfg->secret_file, secret, 0) != 0)
		return -1;
	seal_key(secret, SEAL_KEY_DERIVED, l->seal_key);
	sodium_memzero(secret, sizeof(secret));
	l->has_seal_key = 1;
	return 0;
}

/*
 * An agency's logo came by mail: checked again at every use (the file
 * may have changed), with the trial load done once per distinct image.
 */
static int
agency_logo_trial(struct letters *l, const struct logo *logo)
{
	char sha[SEAL_HEX];

	seal_sha256_hex(logo->data, logo->len, sha);
	for (size_t i = 0; i < l->n_ok_logos; i++)
		if (strcmp(l->ok_logos[i], sha) == 0)
			return 0;
	if (pdf_image_trial(logo) != 0)
		return -1;
	memcpy(l->ok_logos[l->n_ok_logos % ARRAY_LEN(l->ok_logos)], sha,
	    SEAL_HEX);
	if (l->n_ok_logos < ARRAY_LEN(l->ok_logos))
		l->n_ok_logos++;
	return 0;
}

void
letters_agency_logo(struct letters *l, const char *path, struct logo *logo,
    int *have)
{
	char err[256];

	*have = 0;
	if (path == NULL || *path == '\0')
		return;
	if (logo_load(path, logo, err, sizeof(err)) != 0) {
		log_warn("agency logo left out: %s", err);
		return;
	}
	if (agency_logo_trial(l, logo) != 0) {
		log_warn("agency logo left out: %s: %s", path, LOGO_UNREADABLE);
		logo_free(logo);
		return;
	}
	*have = 1;
}

int
letters_issue(struct letters *l, struct store *st, const char *letter_id,
    const struct vars *v, const char *recipient, const char *agency_logo,
    int64_t now, struct buf *pdf, char **folio_out)
{
	const struct tdef *t = letters_find(l, letter_id);
	struct letter_new rec;
	struct logo agency;
	char folio[32], code[SEAL_CODE], sha[SEAL_HEX], mac[SEAL_HEX];
	char *summary = NULL;
	const char *period;
	size_t start = pdf->len;
	int have_agency = 0, rc = -1;

	*folio_out = NULL;
	memset(&agency, 0, sizeof(agency));
	if (t == NULL || !t->letter) {
		log_err("letters: no letter called \"%s\"", letter_id);
		return -1;
	}
	if (!store_in_tx(st)) {
		log_err("letters: %s issued outside a transaction", letter_id);
		return -1;
	}
	if (!l->has_seal_key && load_seal_key(l) != 0)
		return -1;
	memset(&rec, 0, sizeof(rec));
	rec.year = letters_year(now);
	if (store_letters_next_folio(st, rec.year, &rec.seq) != 0)
		return -1;
	snprintf(folio, sizeof(folio), "SS-%04d-%06lld", rec.year,
	    (long long)rec.seq);
	period = letters_period_at(l, now);
	summary = summary_json(folio, now, letter_id, recipient, period, v);
	seal_code(l->seal_key, folio, summary, code);
	letters_agency_logo(l, agency_logo, &agency, &have_agency);
	if (letters_pdf(l, t, v, have_agency ? &agency : NULL, folio, code,
	    period, now, 0, pdf) != 0)
		goto done;
	seal_sha256_hex(pdf->data + start, pdf->len - start, sha);
	seal_pdf_mac(l->seal_key, folio, sha, mac);
	rec.folio = folio;
	rec.kind = letter_id;
	rec.recipient = recipient ? recipient : "";
	rec.issued_at = now;
	rec.pdf_sha256 = sha;
	rec.pdf_mac = mac;
	rec.code = code;
	rec.summary = summary;
	if (store_letters_insert(st, &rec) != 0)
		goto done;
	log_info("letters: issued %s %s to %s (%zu bytes)", letter_id, folio,
	    rec.recipient, pdf->len - start);
	*folio_out = xstrdup(folio);
	rc = 0;
done:
	if (rc != 0) {
		pdf->len = start;
		if (pdf->data)
			pdf->data[start] = '\0';
	}
	if (have_agency)
		logo_free(&agency);
	free(summary);
	return rc;
}

int
letters_logo_check(const void *data, size_t len, char *err, size_t errlen)
{
	struct logo info;

	if (logo_check(data, len, &info, err, errlen) != 0)
		return -1;
	info.data = (unsigned char *)data;
	info.len = len;
	if (pdf_image_trial(&info) != 0) {
		snprintf(err, errlen, "%s", LOGO_UNREADABLE);
		return -1;
	}
	return 0;
}

