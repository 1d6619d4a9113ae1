/* SPDX-License-Identifier: ISC */
/*
 * test_rawfrom.c - the sender and Subject of a message read without
 * parsing it (mail/rawfrom.c), for the reply to a message the process
 * died on: only a plain address of a person may come out, never one that
 * could inject a header, and never one of automatic mail (a reply to it
 * could start a mail loop).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "mail/rawfrom.h"

/* The address rawfrom_address reads in raw, or "-" for none. */
static const char *
from_of(const char *raw)
{
	static char out[256];

	if (!rawfrom_address(raw, strlen(raw), out, sizeof(out)))
		return "-";
	return out;
}

static void
test_plain_senders(void **state)
{
	(void)state;
	assert_string_equal(from_of("From: Ana <Ana.Lopez@Alumnos.UTV.mx>\r\n"
	    "Subject: x\r\n\r\nbody"), "ana.lopez@alumnos.utv.mx");
	assert_string_equal(from_of("Subject: x\nFrom:  ana@x.mx \n\n"),
	    "ana@x.mx");
	/* Only the header section counts. */
	assert_string_equal(from_of("Subject: x\r\n\r\nFrom: ana@x.mx\r\n"),
	    "-");
}

static void
test_unsafe_or_automatic(void **state)
{
	static const char *const refused[] = {
		"From: a@x.mx\r\nFrom: b@x.mx\r\n\r\n",	/* two */
		"From: Ana\r\n <a@x.mx>\r\n\r\n",		/* folded */
		"From: <a@x.mx\r\nBcc: v@y.mx>\r\n\r\n",	/* unclosed */
		"From: <a\"b@x.mx>\r\n\r\n",			/* quoted */
		"From: <a@x.mx,b@y.mx>\r\n\r\n",		/* a list */
		"From: <.a@x.mx>\r\n\r\n",
		"From: <a@>\r\n\r\n",
		"From: a@x.mx\r\nAuto-Submitted: auto-replied\r\n\r\n",
		"From: a@x.mx\r\nList-Id: <l.x.mx>\r\n\r\n",
		"Return-Path: <>\r\nFrom: a@x.mx\r\n\r\n",
		"From: MAILER-DAEMON@x.mx\r\n\r\n",
		"Subject: no sender\r\n\r\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		assert_string_equal(from_of(refused[i]), "-");
}

static void
test_subject(void **state)
{
	char out[64];
	const char *enc = "Subject: =?UTF-8?B?w6E=?=\r\n\r\n";
	const char *plain = "From: a@x.mx\r\nSubject:  AYUDA ya \r\n\r\n";
	const char *folded = "Subject: AYUDA\r\n ya\r\n\r\n";

	(void)state;
	assert_int_equal(rawfrom_subject(plain, strlen(plain), out,
	    sizeof(out)), 1);
	assert_string_equal(out, "AYUDA ya");
	assert_int_equal(rawfrom_subject(enc, strlen(enc), out, sizeof(out)),
	    0);
	assert_int_equal(rawfrom_subject(folded, strlen(folded), out,
	    sizeof(out)), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_senders),
		cmocka_unit_test(test_unsafe_or_automatic),
		cmocka_unit_test(test_subject),
	};

	return cmocka_run_group_tests_name("rawfrom", tests, NULL, NULL);
}
