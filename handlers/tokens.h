/* SPDX-License-Identifier: ISC */
/*
 * tokens.h - the secrets that prove who wrote: account tokens, signed reply
 * tokens and approval codes (SPEC section 1 and 2).
 *
 * Account token: 16 random bytes, written as 26 base32 letters.  It is the
 * account's credential (its personal address local+TOKEN@domain); only its
 * SHA-256 is stored, so a copy of the database does not reveal it, and it
 * is revoked by forgetting the hash.
 *
 * Reply token: what every mail we send carries in Reply-To, in a Subject
 * tag and in its Message-ID.  It is 15 bytes, 24 base32 letters: kind (1),
 * matter id (4), expiry day (2) and a 64-bit keyed BLAKE2b MAC over those
 * and the recipient's address.  Nothing is stored: it is valid for exactly
 * that recipient, that matter and until that day.  Where a token decides
 * something (a confirmation, a decision on a matter), single use is kept by
 * the state of the matter it names, not by the token.
 *
 * Approval code: K7Q-3MX, six symbols from an alphabet without look-alikes
 * (no 0/O, 1/I/L, 2/Z, 5/S, 8/B, G).  Derived with the server secret from
 * the matter's row id and a random nonce stored with it, so it can be shown
 * again (PENDIENTES) but not computed from the database alone; looked up by
 * its MAC.  It dies with the decision or at its expiry.
 *
 * Keys by purpose: reply tokens and approval codes are made with keys
 * derived from the secret (libsodium's KDF, labels "tqrtoken" and
 * "tqacode_") for a generation kept in the database; `tequioctl rotate
 * tokens` moves to the next generation, which kills every outstanding
 * token and code at once.  Letters are sealed with a key of their own
 * that no rotation changes (letters/seal.c), so issued folios are never
 * touched.  Generation 0 is release 1's: the secret
 * itself for everything (a database upgraded from release 1 keeps working
 * until its first rotation).
 */
#ifndef TEQUIO_TOKENS_H
#define TEQUIO_TOKENS_H

#include <stddef.h>
#include <stdint.h>

#include "common/secret.h"

#define ATOK_LEN	26	/* account token letters */
#define RTOK_LEN	24	/* reply token letters */
#define CODE_LEN	7	/* "K7Q-3MX" */
#define NONCE_HEX	33	/* 16 random bytes in hex + NUL */
#define MAC_HEX		65	/* 32 bytes in hex + NUL */

enum rtok_kind {
	RTOK_NONE = 0,
	RTOK_ACCOUNT,		/* reply to a mail about the account (id: account
				   row, or 0 for someone without one) */
	RTOK_MATTER,		/* a matter waiting for a coordinator (id: matter) */
	RTOK_CONFIRM,		/* a command waiting for confirmation (id: it) */
	RTOK_SOLICITUD,		/* an application sent to an agency (id: it) */
	RTOK_PETICION,		/* a coordinator's request for a report (id: it) */
	RTOK__COUNT
};

struct rtok {
	enum rtok_kind kind;
	uint32_t id;
	int64_t expires;	/* first second at which it is no longer valid */
};

/*
 * A reply token for recipient about (kind, id), valid for ttl_days from
 * now.  out receives RTOK_LEN lower-case letters and digits and a NUL.
 */
void rtok_make(const unsigned char *secret, const char *recipient,
    enum rtok_kind kind, uint32_t id, int64_t now, int ttl_days,
    char out[RTOK_LEN + 1]);

enum rtok_status { RTOK_BAD = 0, RTOK_OK = 1, RTOK_EXPIRED = 2 };

/*
 * Check the len letters at s as a token for recipient.  RTOK_OK fills t;
 * RTOK_EXPIRED (genuine but old) fills t too; RTOK_BAD for anything else,
 * forged or garbled.  Comparison is constant-time.
 */
enum rtok_status rtok_check(const unsigned char *secret,
    const char *recipient, const char *s, size_t len, int64_t now,
    struct rtok *t);

/* A new account token (random) and its stored form (SHA-256 hex). */
void atok_new(char out[ATOK_LEN + 1]);
void atok_hash(const char *tok, size_t len, char hex[MAC_HEX]);
/* True when s (len) has the shape of an account token. */
int atok_shape(const char *s, size_t len);

/* The keys of generation gen for reply tokens and approval codes. */
void keys_derive(const unsigned char *secret, int64_t gen,
    unsigned char token_key[SECRET_LEN],
    unsigned char code_key[SECRET_LEN]);

/* A random nonce for an approval code. */
void code_nonce_new(char hex[NONCE_HEX]);
/* The approval code of matter id with nonce: "K7Q-3MX". */
void code_derive(const unsigned char *secret, int64_t id, const char *nonce,
    char out[CODE_LEN + 1]);
/*
 * Normalise what a person typed ("k7q 3mx", "K7Q3MX") into "K7Q-3MX".
 * Returns 1, or 0 when it cannot be a code.
 */
int code_normalize(const char *in, char out[CODE_LEN + 1]);
/* The lookup key stored for a normalised code. */
void code_mac(const unsigned char *secret, const char *code,
    char hex[MAC_HEX]);

#endif
