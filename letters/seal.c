/* SPDX-License-Identifier: ISC */
/*
 * seal.c - the codes that let anyone check a letter.
 *
 * The verification code printed on a letter is an HMAC-SHA-256, keyed with
 * the letters' seal key, of the folio and the SHA-256 of the letter's summary
 * (the canonical JSON of everything the letter says: who, what, when).
 * Its first 60 bits are shown as 12 characters of a 32-letter alphabet
 * without 0, 1, I and O, in groups of four: short enough to type, and
 * nobody without the secret can make one that matches.
 *
 * The PDF's own SHA-256 cannot be inside the code printed on that PDF, so
 * a second HMAC ties folio and PDF hash together in the register: editing
 * the stored hash to match a forged file does not verify.
 *
 * The seal key is derived from the server secret for this purpose alone
 * (crypto_kdf), so the secret keys nothing but derivations.  Letters issued
 * before that were sealed with the secret itself: their summary names no
 * "seal", and they are checked with the secret as they were made.  Naming
 * the key in the summary, which the code covers, means an edit that turns a
 * new letter into an old one no longer matches its code.
 */
#include "letters/letters_int.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

void
seal_sha256_hex(const void *p, size_t n, char out[SEAL_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, p, n);
	sodium_bin2hex(out, SEAL_HEX, h, sizeof(h));
}

_Static_assert(SECRET_LEN == crypto_kdf_KEYBYTES,
    "the seal key is a crypto_kdf key of the secret's size");

void
seal_key(const unsigned char *secret, int version,
    unsigned char key[SECRET_LEN])
{
	if (version == SEAL_KEY_SECRET) {
		memcpy(key, secret, SECRET_LEN);
		return;
	}
	/* Cannot fail for a subkey of crypto_kdf_KEYBYTES. */
	if (crypto_kdf_derive_from_key(key, SECRET_LEN, SEAL_KEY_DERIVED,
	    "tqletter", secret) != 0)
		abort();
}

static void
hmac(const unsigned char *key, const char *label, const char *a,
    const char *b, unsigned char out[crypto_auth_hmacsha256_BYTES])
{
	crypto_auth_hmacsha256_state s;

	crypto_auth_hmacsha256_init(&s, key, SECRET_LEN);
	/* Length-prefix-free fields: none of them contains '\n'. */
	crypto_auth_hmacsha256_update(&s, (const unsigned char *)label,
	    strlen(label));
	crypto_auth_hmacsha256_update(&s, (const unsigned char *)"\n", 1);
	crypto_auth_hmacsha256_update(&s, (const unsigned char *)a, strlen(a));
	crypto_auth_hmacsha256_update(&s, (const unsigned char *)"\n", 1);
	crypto_auth_hmacsha256_update(&s, (const unsigned char *)b, strlen(b));
	crypto_auth_hmacsha256_final(&s, out);
	sodium_memzero(&s, sizeof(s));
}

void
seal_code(const unsigned char *key, const char *folio,
    const char *summary, char out[SEAL_CODE])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char sum[SEAL_HEX];
	uint64_t bits = 0;
	size_t o = 0;

	seal_sha256_hex(summary, strlen(summary), sum);
	hmac(key, "tequio letter code v1", folio, sum, mac);
	for (int i = 0; i < 8; i++)
		bits = bits << 8 | mac[i];
	for (int i = 0; i < 12; i++) {
		if (i > 0 && i % 4 == 0)
			out[o++] = '-';
		out[o++] = alphabet[(bits >> (59 - 5 * i)) & 31];
	}
	out[o] = '\0';
}

void
seal_pdf_mac(const unsigned char *key, const char *folio,
    const char *pdf_sha_hex, char out[SEAL_HEX])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	hmac(key, "tequio letter pdf v1", folio, pdf_sha_hex, mac);
	sodium_bin2hex(out, SEAL_HEX, mac, sizeof(mac));
}

int
seal_equal(const char *a, const char *b)
{
	size_t n = strlen(a);

	return n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

int
seal_code_match(const char *typed, const char *code)
{
	char a[32], b[32];
	size_t na = 0, nb = 0;

	for (const char *p = typed; *p; p++) {
		char c = *p;
		if (c == '-' || c == ' ' || c == '\t')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		if (na + 1 >= sizeof(a))
			return 0;
		a[na++] = c;
	}
	for (const char *p = code; *p; p++)
		if (*p != '-' && nb + 1 < sizeof(b))
			b[nb++] = *p;
	a[na] = b[nb] = '\0';
	return na > 0 && seal_equal(a, b);
}
