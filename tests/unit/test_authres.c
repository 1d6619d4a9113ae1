/* SPDX-License-Identifier: ISC */
/*
 * test_authres.c - reading Authentication-Results exactly (handlers/
 * authres.c) on messages parsed by the real parser: the block above the
 * MX's Received line, a fail beating a pass, RFC 8601 quoted strings and
 * comments, strict alignment with the DKIM-Signature and the Return-Path,
 * duplicated identity headers and two-mailbox From.  Each case is one
 * attack of issue 8 or the header layout a real MX writes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/util.h"
#include "handlers/authres.h"
#include "mail/message.h"

#define ID	"mx.utv.edu.mx"
#define SIG	"DKIM-Signature: v=1; a=rsa-sha256; d=utv.edu.mx; s=s; " \
		"h=from; bh=A; b=B\r\n"
#define RCVD	"Received: from mail.utv.edu.mx by mx.utv.edu.mx; " \
		"Mon, 23 Nov 2026 10:00:00 -0600\r\n"

/* The verdict for headers on top of a plain mail from coordinacion@. */
static struct authres_verdict
verdict(const char *top)
{
	struct parse_limits lim;
	struct authres_verdict v;
	struct message *m;
	char *raw = xasprintf("%sFrom: Coordinación <coordinacion@utv.edu.mx>"
	    "\r\nTo: servicio.social@utv.edu.mx\r\nSubject: PENDIENTES\r\n"
	    "Date: Mon, 23 Nov 2026 10:00:00 -0600\r\nMessage-ID: <a@b>\r\n"
	    "\r\nhola\r\n", top);

	memset(&lim, 0, sizeof(lim));
	lim.max_attachment_bytes = 1 << 20;
	lim.max_attachments = 5;
	m = message_parse(raw, strlen(raw), &lim, NULL);
	authres_check(m, ID, &v);
	message_free(m);
	free(raw);
	return v;
}

static int
proven(const char *top, int need_dkim)
{
	struct authres_verdict v = verdict(top);

	return authres_proven(&v, need_dkim);
}

static void
test_real_mx_layouts(void **state)
{
	(void)state;
	/* One header per milter, above the MX's Received. */
	assert_true(proven("Authentication-Results: mx.utv.edu.mx; "
	    "spf=pass smtp.mailfrom=utv.edu.mx\r\n"
	    "Authentication-Results: MX.UTV.EDU.MX 1; dkim=pass (2048-bit "
	    "key; unprotected) header.d=utv.edu.mx header.i=@utv.edu.mx "
	    "header.b=\"AbC+/=\"\r\n" RCVD SIG, 1));
	/* Split by another header the MX added: still ours. */
	assert_true(proven("Authentication-Results: mx.utv.edu.mx; spf=none\r\n"
	    "Received-SPF: none\r\n"
	    "Authentication-Results: mx.utv.edu.mx; dkim=pass "
	    "header.d=utv.edu.mx\r\n" RCVD SIG, 1));
	/* SPF aligned with the Return-Path: enough, but not for a
	   coordinator. */
	assert_true(proven("Return-Path: <coordinacion@utv.edu.mx>\r\n"
	    "Authentication-Results: mx.utv.edu.mx; spf=pass "
	    "smtp.mailfrom=coordinacion@utv.edu.mx\r\n" RCVD, 0));
	assert_false(proven("Return-Path: <coordinacion@utv.edu.mx>\r\n"
	    "Authentication-Results: mx.utv.edu.mx; spf=pass "
	    "smtp.mailfrom=coordinacion@utv.edu.mx\r\n" RCVD, 1));
	/* "none" and a trailing ';' are well-formed and prove nothing. */
	assert_false(proven("Authentication-Results: mx.utv.edu.mx; none\r\n"
	    RCVD SIG, 0));
}

static void
test_block_and_forgery(void **state)
{
	struct authres_verdict v;

	(void)state;
	/* Ours below the MX's Received line: forged, whatever is on top. */
	v = verdict("Authentication-Results: mx.utv.edu.mx; dkim=pass "
	    "header.d=utv.edu.mx\r\n" RCVD "Authentication-Results: "
	    "mx.utv.edu.mx; dkim=pass header.d=utv.edu.mx\r\n" SIG);
	assert_true(v.forged);
	assert_true(authres_distrusted(&v));
	assert_false(authres_proven(&v, 0));
	/* Another server's pass is not ours. */
	assert_false(proven("Authentication-Results: mx.gmail.com; dkim=pass "
	    "header.d=utv.edu.mx\r\n" RCVD SIG, 0));
	/* Without any Received: only the top group counts. */
	v = verdict("Authentication-Results: mx.utv.edu.mx; dkim=none\r\n"
	    "X-Spam: no\r\nAuthentication-Results: mx.utv.edu.mx; "
	    "dkim=pass header.d=utv.edu.mx\r\n" SIG);
	assert_true(v.forged);
}

static void
test_fail_beats_pass(void **state)
{
	struct authres_verdict v;

	(void)state;
	/* An MX fail directly above a pass (the old "top group" hole). */
	v = verdict("Authentication-Results: mx.utv.edu.mx; dkim=fail "
	    "header.d=utv.edu.mx\r\nAuthentication-Results: mx.utv.edu.mx; "
	    "dkim=pass header.d=utv.edu.mx\r\n" SIG);
	assert_true(v.from_failed);
	assert_false(authres_proven(&v, 0));
	/* DMARC fail for the From domain. */
	v = verdict("Authentication-Results: mx.utv.edu.mx; dkim=pass "
	    "header.d=utv.edu.mx; dmarc=fail header.from=utv.edu.mx\r\n"
	    RCVD SIG);
	assert_true(v.from_failed);
	/* A softfail too. */
	v = verdict("Return-Path: <x@utv.edu.mx>\r\n"
	    "Authentication-Results: mx.utv.edu.mx; spf=softfail "
	    "smtp.mailfrom=utv.edu.mx; dkim=pass header.d=utv.edu.mx\r\n"
	    RCVD SIG);
	assert_true(v.from_failed);
	/* Two results of one method for one domain that disagree. */
	v = verdict("Authentication-Results: mx.utv.edu.mx; dkim=pass "
	    "header.d=utv.edu.mx; dkim=neutral header.d=utv.edu.mx\r\n"
	    RCVD SIG);
	assert_true(v.contradictory);
	assert_false(authres_proven(&v, 0));
	/* A fail for a third party's signature is not about From. */
	v = verdict("Authentication-Results: mx.utv.edu.mx; dkim=fail "
	    "header.d=lista.example; dkim=pass header.d=utv.edu.mx\r\n"
	    RCVD SIG);
	assert_false(v.from_failed);
	assert_true(authres_proven(&v, 1));
}

static void
test_quoting_and_comments(void **state)
{
	(void)state;
	/* A ';' inside a quoted string is no second resinfo. */
	assert_false(proven("Authentication-Results: mx.utv.edu.mx; dkim=fail "
	    "reason=\"x; dkim=pass header.d=utv.edu.mx\" "
	    "header.d=utv.edu.mx\r\n" RCVD SIG, 0));
	/* Nor inside a comment, nested or with a quoted-pair. */
	assert_false(proven("Authentication-Results: mx.utv.edu.mx; dkim=none "
	    "(a (b; dkim=pass header.d=utv.edu.mx) \\) ; dkim=pass "
	    "header.d=utv.edu.mx)\r\n" RCVD SIG, 0));
	/* A quoted authserv-id is still ours; quoted values are unquoted. */
	assert_true(proven("Authentication-Results: \"mx.utv.edu.mx\"; "
	    "dkim=pass header.d=\"utv.edu.mx\"\r\n" RCVD SIG, 1));
	/* Malformed: ignored, proves nothing. */
	assert_false(proven("Authentication-Results: mx.utv.edu.mx; dkim "
	    "header.d=utv.edu.mx\r\n" RCVD SIG, 0));
}

static void
test_strict_alignment(void **state)
{
	(void)state;
	/* dkim=pass without a DKIM-Signature of that domain. */
	assert_false(proven("Authentication-Results: mx.utv.edu.mx; dkim=pass "
	    "header.d=utv.edu.mx\r\n" RCVD, 0));
	assert_false(proven("Authentication-Results: mx.utv.edu.mx; dkim=pass "
	    "header.d=utv.edu.mx\r\n" RCVD "DKIM-Signature: v=1; "
	    "d=alumnos.utv.edu.mx; s=s; b=B\r\n", 0));
	/* A student's domain or the parent domain is not the From domain. */
	assert_false(proven("Authentication-Results: mx.utv.edu.mx; dkim=pass "
	    "header.d=alumnos.utv.edu.mx; dmarc=pass header.from=utv.edu.mx"
	    "\r\n" RCVD "DKIM-Signature: v=1; d=alumnos.utv.edu.mx; s=s; "
	    "b=B\r\n", 0));
	assert_false(proven("Authentication-Results: mx.utv.edu.mx; dkim=pass "
	    "header.d=edu.mx\r\n" RCVD "DKIM-Signature: v=1; d=edu.mx; "
	    "b=B\r\n", 0));
	/* spf=pass for an envelope that is not the Return-Path. */
	assert_false(proven("Return-Path: <ana@alumnos.utv.edu.mx>\r\n"
	    "Authentication-Results: mx.utv.edu.mx; spf=pass "
	    "smtp.mailfrom=utv.edu.mx\r\n" RCVD, 0));
}

static void
test_unsound_headers(void **state)
{
	struct authres_verdict v;

	(void)state;
	/* DKIM replay: a second From and Subject on top of a signed mail. */
	v = verdict("Authentication-Results: mx.utv.edu.mx; dkim=pass "
	    "header.d=utv.edu.mx\r\n" RCVD SIG "From: jefe@utv.edu.mx\r\n");
	assert_false(v.sound);
	assert_true(authres_distrusted(&v));
	v = verdict("Subject: FINALIZAR 1\r\n");
	assert_false(v.sound);
	v = verdict("Message-ID: <x@y>\r\n");
	assert_false(v.sound);
	/* The same mail without the extra header is sound. */
	v = verdict("Authentication-Results: mx.utv.edu.mx; dkim=pass "
	    "header.d=utv.edu.mx\r\n" RCVD SIG);
	assert_true(v.sound);
	assert_true(authres_proven(&v, 1));
}

/* The verdict on a signed mail with the given From line ("" for none). */
static struct authres_verdict
verdict_from(const char *from)
{
	struct parse_limits lim;
	struct authres_verdict v;
	struct message *m;
	char *raw = xasprintf("Authentication-Results: mx.utv.edu.mx; "
	    "dkim=pass header.d=utv.edu.mx\r\n" RCVD SIG "%s"
	    "To: servicio.social@utv.edu.mx\r\nSubject: x\r\n\r\nhola\r\n",
	    from);

	memset(&lim, 0, sizeof(lim));
	lim.max_attachment_bytes = 1 << 20;
	lim.max_attachments = 5;
	m = message_parse(raw, strlen(raw), &lim, NULL);
	authres_check(m, ID, &v);
	message_free(m);
	free(raw);
	return v;
}

/*
 * One From header with other than one mailbox is not sound: two, or
 * none readable.  message_parse counts them (issue 15: authres.c parsed
 * the header a second time); a From that is absent is another rule's.
 */
static void
test_two_mailbox_from(void **state)
{
	struct authres_verdict v;

	(void)state;
	v = verdict_from("From: coordinacion@utv.edu.mx, alumna@gmail.com\r\n");
	assert_false(v.sound);
	assert_string_equal(v.why, "From with 2 mailboxes");
	v = verdict_from("From: undisclosed-recipients:;\r\n");
	assert_false(v.sound);
	assert_string_equal(v.why, "From with 0 mailboxes");
	v = verdict_from("From: Coordinación <coordinacion@utv.edu.mx>\r\n");
	assert_null(strstr(v.why, "From with"));
	v = verdict_from("");
	assert_null(strstr(v.why, "From with"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_mx_layouts),
		cmocka_unit_test(test_block_and_forgery),
		cmocka_unit_test(test_fail_beats_pass),
		cmocka_unit_test(test_quoting_and_comments),
		cmocka_unit_test(test_strict_alignment),
		cmocka_unit_test(test_unsound_headers),
		cmocka_unit_test(test_two_mailbox_from),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
