/* SPDX-License-Identifier: ISC */
/*
 * tokens.c - account tokens, reply tokens and approval codes (tokens.h
 * explains what each is for).  Everything cryptographic is libsodium: the
 * random bytes, the keyed BLAKE2b MACs, SHA-256 and the constant-time
 * comparison.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "handlers/tokens.h"
#include "common/util.h"

/* Lower case because mail software lower-cases addresses. */
static const char b32[] = "abcdefghijklmnopqrstuvwxyz234567";
/* 24 symbols that no one confuses with another when reading or typing. */
static const char code_alpha[] = "ACDEFHJKMNPQRTUVWXY34679";

#define RTOK_PAYLOAD	7	/* kind, id (4), expiry day (2) */
#define RTOK_MAC	8
#define RTOK_BYTES	(RTOK_PAYLOAD + RTOK_MAC)	/* 15 bytes = 24 letters */
#define ATOK_BYTES	16
#define DAY		86400

static void
sodium_ready(void)
{
	/* Idempotent; fails only if the system has no entropy source. */
	if (sodium_init() < 0)
		abort();
}

static void
b32_encode(const unsigned char *p, size_t n, char *out)
{
	unsigned int acc = 0;
	int bits = 0;
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		acc = (acc << 8) | p[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = b32[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = b32[(acc << (5 - bits)) & 31];
	out[o] = '\0';
}

static int
b32_value(char c)
{
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= '2' && c <= '7')
		return c - '2' + 26;
	return -1;
}

/* Decode exactly n bytes from the letters at s (len); 0 or -1. */
static int
b32_decode(const char *s, size_t len, unsigned char *p, size_t n)
{
	unsigned int acc = 0;
	int bits = 0;
	size_t o = 0;

	if (len != (n * 8 + 4) / 5)
		return -1;
	for (size_t i = 0; i < len; i++) {
		int v = b32_value(s[i]);

		if (v < 0)
			return -1;
		acc = (acc << 5) | (unsigned int)v;
		bits += 5;
		if (bits >= 8) {
			if (o < n)
				p[o++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
		acc &= 0xff;
	}
	return o == n ? 0 : -1;
}

static void
rtok_mac(const unsigned char *secret, const unsigned char *payload,
    const char *recipient, unsigned char mac[RTOK_MAC])
{
	crypto_generichash_state h;
	unsigned char full[crypto_generichash_BYTES_MIN];
	char *rcpt = xstrdup(recipient);

	/* The address is compared as mail software treats it: any case. */
	ascii_lower_inplace(rcpt);
	crypto_generichash_init(&h, secret, SECRET_LEN, sizeof(full));
	crypto_generichash_update(&h, (const unsigned char *)"tequio-rtok", 11);
	crypto_generichash_update(&h, payload, RTOK_PAYLOAD);
	crypto_generichash_update(&h, (const unsigned char *)rcpt,
	    strlen(rcpt));
	crypto_generichash_final(&h, full, sizeof(full));
	memcpy(mac, full, RTOK_MAC);
	sodium_memzero(full, sizeof(full));
	free(rcpt);
}

void
rtok_make(const unsigned char *secret, const char *recipient,
    enum rtok_kind kind, uint32_t id, int64_t now, int ttl_days,
    char out[RTOK_LEN + 1])
{
	unsigned char t[RTOK_BYTES];
	int64_t day = now / DAY + ttl_days;

	if (day > 0xffff)
		day = 0xffff;
	t[0] = (unsigned char)kind;
	t[1] = (unsigned char)(id >> 24);
	t[2] = (unsigned char)(id >> 16);
	t[3] = (unsigned char)(id >> 8);
	t[4] = (unsigned char)id;
	t[5] = (unsigned char)(day >> 8);
	t[6] = (unsigned char)day;
	rtok_mac(secret, t, recipient, t + RTOK_PAYLOAD);
	b32_encode(t, sizeof(t), out);
}

enum rtok_status
rtok_check(const unsigned char *secret, const char *recipient, const char *s,
    size_t len, int64_t now, struct rtok *t)
{
	unsigned char raw[RTOK_BYTES], mac[RTOK_MAC];
	int64_t day;

	memset(t, 0, sizeof(*t));
	if (recipient == NULL || *recipient == '\0')
		return RTOK_BAD;
	if (b32_decode(s, len, raw, sizeof(raw)) != 0)
		return RTOK_BAD;
	rtok_mac(secret, raw, recipient, mac);
	if (sodium_memcmp(mac, raw + RTOK_PAYLOAD, RTOK_MAC) != 0)
		return RTOK_BAD;
	if (raw[0] == RTOK_NONE || raw[0] >= RTOK__COUNT)
		return RTOK_BAD;
	t->kind = (enum rtok_kind)raw[0];
	t->id = (uint32_t)raw[1] << 24 | (uint32_t)raw[2] << 16 |
	    (uint32_t)raw[3] << 8 | raw[4];
	day = (int64_t)raw[5] << 8 | raw[6];
	t->expires = (day + 1) * DAY;
	return now < t->expires ? RTOK_OK : RTOK_EXPIRED;
}

void
atok_new(char out[ATOK_LEN + 1])
{
	unsigned char r[ATOK_BYTES];

	sodium_ready();
	randombytes_buf(r, sizeof(r));
	b32_encode(r, sizeof(r), out);
	sodium_memzero(r, sizeof(r));
}

void
atok_hash(const char *tok, size_t len, char hex[MAC_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char *low = xmemdup0(tok, len);

	ascii_lower_inplace(low);
	crypto_hash_sha256(h, (const unsigned char *)low, len);
	sodium_bin2hex(hex, MAC_HEX, h, sizeof(h));
	free(low);
}

int
atok_shape(const char *s, size_t len)
{
	if (len != ATOK_LEN)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (b32_value(s[i]) < 0)
			return 0;
	return 1;
}

void
keys_derive(const unsigned char *secret, int64_t gen,
    unsigned char token_key[SECRET_LEN],
    unsigned char code_key[SECRET_LEN])
{
	if (gen <= 0) {		/* release 1: the secret itself */
		memcpy(token_key, secret, SECRET_LEN);
		memcpy(code_key, secret, SECRET_LEN);
		return;
	}
	/* Cannot fail: SECRET_LEN is crypto_kdf_KEYBYTES (letters/seal.c
	   checks it when compiling). */
	if (crypto_kdf_derive_from_key(token_key, SECRET_LEN,
	    (uint64_t)gen, "tqrtoken", secret) != 0 ||
	    crypto_kdf_derive_from_key(code_key, SECRET_LEN,
	    (uint64_t)gen, "tqacode_", secret) != 0)
		abort();
}

void
code_nonce_new(char hex[NONCE_HEX])
{
	unsigned char r[16];

	sodium_ready();
	randombytes_buf(r, sizeof(r));
	sodium_bin2hex(hex, NONCE_HEX, r, sizeof(r));
}

void
code_derive(const unsigned char *secret, int64_t id, const char *nonce,
    char out[CODE_LEN + 1])
{
	crypto_generichash_state h;
	unsigned char d[crypto_generichash_BYTES_MIN];
	char idbuf[24];
	size_t o = 0;
	int n;

	n = snprintf(idbuf, sizeof(idbuf), "%lld", (long long)id);
	if (n < 0 || (size_t)n >= sizeof(idbuf))
		abort();
	crypto_generichash_init(&h, secret, SECRET_LEN, sizeof(d));
	crypto_generichash_update(&h, (const unsigned char *)"tequio-code", 11);
	crypto_generichash_update(&h, (const unsigned char *)idbuf, (size_t)n);
	crypto_generichash_update(&h, (const unsigned char *)":", 1);
	crypto_generichash_update(&h, (const unsigned char *)nonce,
	    strlen(nonce));
	crypto_generichash_final(&h, d, sizeof(d));
	/* Each symbol from two bytes: the modulo bias is below 0.04 %. */
	for (int i = 0; i < 6; i++) {
		unsigned int v = (unsigned int)d[2 * i] << 8 | d[2 * i + 1];

		if (i == 3)
			out[o++] = '-';
		out[o++] = code_alpha[v % (sizeof(code_alpha) - 1)];
	}
	out[o] = '\0';
}

int
code_normalize(const char *in, char out[CODE_LEN + 1])
{
	size_t o = 0;

	for (const char *p = in; *p != '\0'; p++) {
		char c = *p;

		if (c == '-' || c == ' ' || c == '\t')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (strchr(code_alpha, c) == NULL || c == '\0' || o == 6)
			return 0;
		if (o == 3)
			out[o + 0] = '-';
		out[o + (o >= 3)] = c;
		o++;
	}
	if (o != 6)
		return 0;
	out[CODE_LEN] = '\0';
	return 1;
}

void
code_mac(const unsigned char *secret, const char *code, char hex[MAC_HEX])
{
	unsigned char d[32];

	crypto_generichash(d, sizeof(d), (const unsigned char *)code,
	    strlen(code), secret, SECRET_LEN);
	sodium_bin2hex(hex, MAC_HEX, d, sizeof(d));
}
