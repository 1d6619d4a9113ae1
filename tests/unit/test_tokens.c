/* SPDX-License-Identifier: ISC */
/*
 * test_tokens.c - account tokens, reply tokens and approval codes
 * (handlers/tokens.c), and the matters they decide over a real SQLite
 * file: a genuine token checks; one letter changed, another recipient,
 * another secret or a made-up token do not; an old one is expired (time
 * pinned with TEQUIO_NOW); an approval code is short, typeable, unique to
 * its matter, found by its MAC, and dead once the matter is decided.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/util.h"
#include "handlers/tokens.h"
#include "store/store.h"
#include "store/store_workflow.h"

#define DAY 86400
#define NOW 1795000000	/* 2026-11-17 */

static const unsigned char secret[SECRET_LEN] = "0123456789abcdef0123456789abcde";
static const unsigned char other[SECRET_LEN] = "fedcba9876543210fedcba987654321";
static char tmpdir[] = "/tmp/tequio-tokens-XXXXXX";

static void
test_rtok_roundtrip(void **state)
{
	char tok[RTOK_LEN + 1];
	struct rtok t;

	(void)state;
	rtok_make(secret, "ana@alumnos.utv.edu.mx", RTOK_MATTER, 4242, NOW, 30,
	    tok);
	assert_int_equal(strlen(tok), RTOK_LEN);
	for (const char *p = tok; *p; p++)
		assert_true((*p >= 'a' && *p <= 'z') || (*p >= '2' && *p <= '7'));
	assert_int_equal(rtok_check(secret, "ana@alumnos.utv.edu.mx", tok,
	    RTOK_LEN, NOW, &t), RTOK_OK);
	assert_int_equal(t.kind, RTOK_MATTER);
	assert_int_equal(t.id, 4242);
	/* Mail software may change the case of an address or a tag. */
	assert_int_equal(rtok_check(secret, "Ana@Alumnos.UTV.edu.mx", tok,
	    RTOK_LEN, NOW, &t), RTOK_OK);
	ascii_upper_inplace(tok);
	assert_int_equal(rtok_check(secret, "ana@alumnos.utv.edu.mx", tok,
	    RTOK_LEN, NOW, &t), RTOK_OK);
}

static void
test_rtok_forgery(void **state)
{
	char tok[RTOK_LEN + 1], bad[RTOK_LEN + 1];
	struct rtok t;

	(void)state;
	rtok_make(secret, "ana@alumnos.utv.edu.mx", RTOK_CONFIRM, 7, NOW, 30,
	    tok);
	/* Another recipient cannot use it. */
	assert_int_equal(rtok_check(secret, "eva@alumnos.utv.edu.mx", tok,
	    RTOK_LEN, NOW, &t), RTOK_BAD);
	/* Another server's secret does not accept it. */
	assert_int_equal(rtok_check(other, "ana@alumnos.utv.edu.mx", tok,
	    RTOK_LEN, NOW, &t), RTOK_BAD);
	/* Any single letter changed breaks it. */
	for (size_t i = 0; i < RTOK_LEN; i++) {
		memcpy(bad, tok, sizeof(bad));
		bad[i] = bad[i] == 'a' ? 'b' : 'a';
		assert_int_equal(rtok_check(secret, "ana@alumnos.utv.edu.mx",
		    bad, RTOK_LEN, NOW, &t), RTOK_BAD);
	}
	/* Wrong length, alphabet or nothing at all. */
	assert_int_equal(rtok_check(secret, "ana@alumnos.utv.edu.mx", tok,
	    RTOK_LEN - 1, NOW, &t), RTOK_BAD);
	assert_int_equal(rtok_check(secret, "ana@alumnos.utv.edu.mx",
	    "000000000000000000000000", RTOK_LEN, NOW, &t), RTOK_BAD);
	assert_int_equal(rtok_check(secret, "", tok, RTOK_LEN, NOW, &t),
	    RTOK_BAD);
	/* A token for another matter is another token. */
	rtok_make(secret, "ana@alumnos.utv.edu.mx", RTOK_CONFIRM, 8, NOW, 30,
	    bad);
	assert_string_not_equal(tok, bad);
}

static void
test_rtok_expiry(void **state)
{
	char tok[RTOK_LEN + 1];
	struct rtok t;

	(void)state;
	rtok_make(secret, "x@y.mx", RTOK_ACCOUNT, 1, NOW, 30, tok);
	assert_int_equal(rtok_check(secret, "x@y.mx", tok, RTOK_LEN,
	    NOW + 29 * DAY, &t), RTOK_OK);
	assert_int_equal(rtok_check(secret, "x@y.mx", tok, RTOK_LEN,
	    NOW + 32 * DAY, &t), RTOK_EXPIRED);
	assert_int_equal(t.id, 1);
}

static void
test_atok(void **state)
{
	char a[ATOK_LEN + 1], b[ATOK_LEN + 1], ha[MAC_HEX], hb[MAC_HEX];

	(void)state;
	atok_new(a);
	atok_new(b);
	assert_int_equal(strlen(a), ATOK_LEN);
	assert_true(atok_shape(a, strlen(a)));
	assert_false(atok_shape(a, strlen(a) - 1));
	assert_false(atok_shape("!!!!!!!!!!!!!!!!!!!!!!!!!!", ATOK_LEN));
	assert_string_not_equal(a, b);
	atok_hash(a, ATOK_LEN, ha);
	atok_hash(b, ATOK_LEN, hb);
	assert_int_equal(strlen(ha), 64);
	assert_string_not_equal(ha, hb);
	/* The stored hash does not contain the token. */
	assert_null(strstr(ha, a));
}

static void
test_code_shape(void **state)
{
	char nonce[NONCE_HEX], code[CODE_LEN + 1], again[CODE_LEN + 1];
	char norm[CODE_LEN + 1];

	(void)state;
	code_nonce_new(nonce);
	code_derive(secret, 12, nonce, code);
	assert_int_equal(strlen(code), CODE_LEN);
	assert_int_equal(code[3], '-');
	for (int i = 0; i < CODE_LEN; i++)
		assert_null(strchr("01OIL25SZ8BG", code[i]));
	/* Derived: the same inputs give the same code; others do not. */
	code_derive(secret, 12, nonce, again);
	assert_string_equal(code, again);
	code_derive(other, 12, nonce, again);
	assert_string_not_equal(code, again);
	code_derive(secret, 13, nonce, again);
	assert_string_not_equal(code, again);
	/* Typed any which way, it normalises to itself. */
	assert_true(code_normalize("k7q 3mx", norm));
	assert_string_equal(norm, "K7Q-3MX");
	assert_true(code_normalize("K7Q3MX", norm));
	assert_string_equal(norm, "K7Q-3MX");
	assert_false(code_normalize("K7Q-3M", norm));
	assert_false(code_normalize("K7Q-3MXX", norm));
	assert_false(code_normalize("K0Q-3MX", norm));	/* 0 is not used */
	assert_false(code_normalize("", norm));
}

/* ---- with the database ---- */

static struct store *
open_store(void)
{
	char *path = xasprintf("%s/t.db", tmpdir), err[256];
	struct store *st;

	unlink(path);
	assert_int_equal(store_open(path, &st, err, sizeof(err)), 0);
	free(path);
	return st;
}

static void
new_code(struct store *st, int64_t id, char code[CODE_LEN + 1])
{
	char nonce[NONCE_HEX], mac[MAC_HEX];

	code_nonce_new(nonce);
	code_derive(secret, id, nonce, code);
	code_mac(secret, code, mac);
	assert_int_equal(store_wf_matter_set_code(st, id, nonce, mac,
	    NOW + 30 * DAY), 0);
}

static void
test_code_lookup_single_use(void **state)
{
	struct store *st = open_store();
	struct wf_matter m;
	char c1[CODE_LEN + 1], c2[CODE_LEN + 1], mac[MAC_HEX];
	int64_t id1, id2;

	(void)state;
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(store_wf_matter_insert(st, "convenio", 5, NOW, NOW,
	    &id1), 0);
	assert_int_equal(store_wf_matter_insert(st, "reporte", 9, NOW, NOW,
	    &id2), 0);
	new_code(st, id1, c1);
	new_code(st, id2, c2);
	assert_string_not_equal(c1, c2);

	/* Found by its MAC; the code itself is not stored. */
	code_mac(secret, c1, mac);
	assert_int_equal(store_wf_matter_by_code(st, mac, &m), 1);
	assert_int_equal(m.id, id1);
	assert_string_equal(m.state, "abierto");
	wf_matter_free(&m);

	/* A forged code (right shape, never issued) finds nothing. */
	code_mac(secret, "AAA-AAA", mac);
	assert_int_equal(store_wf_matter_by_code(st, mac, &m), 0);
	/* Nor does a real code MACed with another secret. */
	code_mac(other, c1, mac);
	assert_int_equal(store_wf_matter_by_code(st, mac, &m), 0);

	/* Decided once; a second decision is refused by the store. */
	assert_int_equal(store_wf_matter_decide(st, id1, ST_ASUNTO_APROBADO,
	    "coordinacion@utv.edu.mx", "", NOW), 0);
	assert_int_equal(store_wf_matter_decide(st, id1, ST_ASUNTO_RECHAZADO,
	    "coordinacion@utv.edu.mx", "tarde", NOW), -1);
	code_mac(secret, c1, mac);
	assert_int_equal(store_wf_matter_by_code(st, mac, &m), 1);
	assert_string_equal(m.state, "aprobado");
	wf_matter_free(&m);

	/* A renewed code replaces the old one. */
	new_code(st, id2, c1);
	code_mac(secret, c2, mac);
	assert_int_equal(store_wf_matter_by_code(st, mac, &m), 0);
	code_mac(secret, c1, mac);
	assert_int_equal(store_wf_matter_by_code(st, mac, &m), 1);
	assert_int_equal(m.id, id2);
	wf_matter_free(&m);
	assert_int_equal(store_commit(st), 0);
	store_close(st);
}

static void
test_account_token_lookup(void **state)
{
	struct store *st = open_store();
	struct wf_account a;
	char tok[ATOK_LEN + 1], hash[MAC_HEX], h2[MAC_HEX];
	int64_t id;

	(void)state;
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(store_wf_account_insert(st, "alumno",
	    "Ana@Alumnos.utv.edu.mx", "Ana", ST_ALUMNO_REGISTRADO, NOW, &id),
	    0);
	atok_new(tok);
	atok_hash(tok, ATOK_LEN, hash);
	assert_int_equal(store_wf_account_set_token(st, id, hash), 0);
	assert_int_equal(store_wf_account_by_token(st, hash, &a), 1);
	assert_string_equal(a.email, "ana@alumnos.utv.edu.mx");
	assert_true(a.has_token);
	wf_account_free(&a);
	/* Revoked: the old token no longer opens the account. */
	assert_int_equal(store_wf_account_set_token(st, id, NULL), 0);
	assert_int_equal(store_wf_account_by_token(st, hash, &a), 0);
	/* An upper-case copy of the token hashes the same. */
	ascii_upper_inplace(tok);
	atok_hash(tok, ATOK_LEN, h2);
	assert_string_equal(hash, h2);
	assert_int_equal(store_commit(st), 0);
	store_close(st);
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	int rc;

	(void)state;
	rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rtok_roundtrip),
		cmocka_unit_test(test_rtok_forgery),
		cmocka_unit_test(test_rtok_expiry),
		cmocka_unit_test(test_atok),
		cmocka_unit_test(test_code_shape),
		cmocka_unit_test(test_code_lookup_single_use),
		cmocka_unit_test(test_account_token_lookup),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
