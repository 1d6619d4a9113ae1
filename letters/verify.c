/* SPDX-License-Identifier: ISC */
/*
 * verify.c - is this folio ours, is its record intact, and is this file
 * the one we issued?
 *
 * "Genuine" means both codes recompute from the stored summary and PDF
 * hash with the seal key the summary names (seal.c): a row inserted or
 * edited by someone who can write the database but does not hold the
 * secret does not verify.
 */
#include "letters/letters_int.h"

#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_letters.h"

/*
 * "ss-2026-000123 " -> "SS-2026-000123"; NULL unless that shape (six
 * digits of number, more past the millionth letter of a year).
 */
static char *
normal_folio(const char *in)
{
	char *f = str_trim(ascii_upper_inplace(xstrdup(in)));
	size_t n = strlen(f);

	if (n < 14 || n > 18 || strncmp(f, "SS-", 3) != 0 || f[7] != '-')
		goto bad;
	for (size_t i = 3; i < n; i++)
		if (i != 7 && !isdigit((unsigned char)f[i]))
			goto bad;
	return f;
bad:
	free(f);
	return NULL;
}

int
letters_verify(struct store *st, const unsigned char *secret,
    const char *folio, const char *code, const void *pdf, size_t pdf_len,
    struct letters_check *out)
{
	struct letter_record r;
	unsigned char key[SECRET_LEN];
	char want_code[SEAL_CODE], want_mac[SEAL_HEX], sha[SEAL_HEX];
	int found;

	memset(out, 0, sizeof(*out));
	out->code_given = code != NULL && *code != '\0';
	out->file_given = pdf != NULL;
	out->folio = normal_folio(folio);
	if (out->folio == NULL) {
		out->folio = xstrdup(folio);
		return 0;
	}
	out->well_formed = 1;
	found = store_letters_find(st, out->folio, &r);
	if (found < 0) {
		/* On error the caller has nothing to free. */
		letters_check_free(out);
		return -1;
	}
	if (found == 0)
		return 0;
	out->found = 1;
	seal_key(secret, r.seal, key);
	seal_code(key, r.folio, r.summary, want_code);
	seal_pdf_mac(key, r.folio, r.pdf_sha256, want_mac);
	sodium_memzero(key, sizeof(key));
	out->genuine = seal_equal(want_code, r.code) &&
	    seal_equal(want_mac, r.pdf_mac);
	if (out->code_given)
		out->code_ok = seal_code_match(code, r.code);
	if (out->file_given) {
		seal_sha256_hex(pdf, pdf_len, sha);
		out->file_ok = seal_equal(sha, r.pdf_sha256);
	}
	out->kind = r.kind;
	out->recipient = r.recipient;
	out->issued_at = r.issued_at;
	out->alumno = r.alumno;
	out->dependencia = r.dependencia;
	r.kind = r.recipient = r.alumno = r.dependencia = NULL;
	letter_record_free(&r);
	return 0;
}

int
letters_check_ok(const struct letters_check *c)
{
	return c->found && c->genuine && (!c->code_given || c->code_ok) &&
	    (!c->file_given || c->file_ok);
}

void
letters_check_free(struct letters_check *c)
{
	free(c->folio);
	free(c->kind);
	free(c->recipient);
	free(c->alumno);
	free(c->dependencia);
	memset(c, 0, sizeof(*c));
}
