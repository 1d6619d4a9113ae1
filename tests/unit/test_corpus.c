/* SPDX-License-Identifier: ISC */
/*
 * test_corpus.c - the parser against the shared corpus of real mail
 * ($TEQUIO_CORPUS, default ../shared/corpus from the repository root):
 * every message parses without a crash and with valid UTF-8 everywhere;
 * every bounce, receipt and auto-reply in automatic/ is recognised as
 * such, while ordinary client mail is not; no attachment name keeps a
 * directory part; and a few results that are easy to get wrong (charsets,
 * RFC 2231, broken structure) are checked one by one.  It also prints how
 * long parsing the whole corpus takes (never asserted).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <magic.h>

#include "common/util.h"
#include "fixture_expect.h"
#include "mail/message.h"

static magic_t cookie;
static const char *const categories[] = {
	"clients", "attachments", "encodings", "forwarded", "automatic",
	"malformed",
};

static const char *
corpus_dir(void)
{
	const char *d = getenv("TEQUIO_CORPUS");

	return d != NULL && *d != '\0' ? d : "../shared/corpus";
}

static struct parse_limits
limits(void)
{
	struct parse_limits lim = {
		10485760, 20, "utv.edu.mx", "servicio.social@utv.edu.mx"
	};

	return lim;
}

/* Parse corpus file cat/name; NULL (and a failure) if it cannot be read. */
static struct message *
parse(const char *cat, const char *name)
{
	struct parse_limits lim = limits();
	char *path = xasprintf("%s/%s/%s", corpus_dir(), cat, name), *raw;
	struct message *m;
	size_t len;

	if (read_file(path, 32u << 20, &raw, &len) != 0)
		fail_msg("cannot read %s", path);
	m = message_parse(raw, len, &lim, cookie);
	free(raw);
	free(path);
	return m;
}

static int
have_corpus(void)
{
	char **names;
	size_t n = fx_list(corpus_dir(), "", &names);

	fx_list_free(names, n);
	return n > 0;
}

static double
seconds(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void
test_every_file(void **state)
{
	struct parse_limits lim = limits();
	double total = 0, slowest = 0;
	size_t files = 0, bytes = 0;
	char *slow_name = NULL, why[128];

	(void)state;
	if (!have_corpus())
		skip();
	for (size_t c = 0; c < ARRAY_LEN(categories); c++) {
		char *dir = xasprintf("%s/%s", corpus_dir(), categories[c]);
		char **names;
		size_t n = fx_list(dir, ".eml", &names);

		assert_true(n > 0);
		for (size_t i = 0; i < n; i++) {
			char *path = xasprintf("%s/%s", dir, names[i]), *raw;
			struct timespec t0, t1;
			struct message *m;
			size_t len;
			double s;

			assert_int_equal(read_file(path, 32u << 20, &raw, &len),
			    0);
			clock_gettime(CLOCK_MONOTONIC, &t0);
			m = message_parse(raw, len, &lim, cookie);
			clock_gettime(CLOCK_MONOTONIC, &t1);
			s = seconds(&t0, &t1);
			total += s;
			bytes += len;
			files++;
			if (s > slowest) {
				slowest = s;
				free(slow_name);
				slow_name = xstrdup(path);
			}
			if (!fx_message_ok(m, why, sizeof(why)))
				fail_msg("%s: %s", path, why);
			message_free(m);
			free(raw);
			free(path);
		}
		fx_list_free(names, n);
		free(dir);
	}
	/* Figures for the record (sanitizer build), not a pass condition. */
	printf("corpus: %zu files, %.2f MB parsed in %.1f ms "
	    "(%.0f messages/s); slowest %.1f ms: %s\n", files,
	    (double)bytes / 1e6, total * 1e3, (double)files / total,
	    slowest * 1e3, slow_name ? slow_name : "-");
	free(slow_name);
}

static void
test_automatic(void **state)
{
	char *dir = xasprintf("%s/automatic", corpus_dir());
	char **names;
	size_t n;

	(void)state;
	if (!have_corpus()) {
		free(dir);
		skip();
	}
	n = fx_list(dir, ".eml", &names);
	assert_true(n >= 20);
	for (size_t i = 0; i < n; i++) {
		struct message *m = parse("automatic", names[i]);

		if (m->automatic == AUTO_NONE)
			fail_msg("automatic/%s was not recognised", names[i]);
		message_free(m);
	}
	fx_list_free(names, n);
	free(dir);
}

/* Mail a person wrote must be answered; list mail must not. */
static void
test_clients(void **state)
{
	static const char *const lists[] = {
		"github-notification.eml", "yahoo-mail-list-post.eml",
	};
	char *dir = xasprintf("%s/clients", corpus_dir());
	char **names;
	size_t n;

	(void)state;
	if (!have_corpus()) {
		free(dir);
		skip();
	}
	n = fx_list(dir, ".eml", &names);
	assert_true(n >= 15);
	for (size_t i = 0; i < n; i++) {
		struct message *m = parse("clients", names[i]);
		int list = 0;

		for (size_t k = 0; k < ARRAY_LEN(lists); k++)
			list |= strcmp(names[i], lists[k]) == 0;
		if (list && m->automatic == AUTO_NONE)
			fail_msg("clients/%s: list mail taken for a person's",
			    names[i]);
		if (!list && m->automatic != AUTO_NONE)
			fail_msg("clients/%s: a person's mail taken for %s",
			    names[i], auto_kind_name(m->automatic));
		if (!list && m->from_addr[0] == '\0')
			fail_msg("clients/%s: no sender", names[i]);
		message_free(m);
	}
	fx_list_free(names, n);
	free(dir);
}

static void
test_filenames(void **state)
{
	struct message *m;

	(void)state;
	if (!have_corpus())
		skip();
	for (size_t c = 0; c < ARRAY_LEN(categories); c++) {
		char *dir = xasprintf("%s/%s", corpus_dir(), categories[c]);
		char **names;
		size_t n = fx_list(dir, ".eml", &names);

		for (size_t i = 0; i < n; i++) {
			m = parse(categories[c], names[i]);
			for (size_t k = 0; k < m->n_att; k++) {
				const char *f = m->att[k].filename;

				if (f[0] == '\0' || f[0] == '.' ||
				    strpbrk(f, "/\\") != NULL)
					fail_msg("%s/%s: unsafe name \"%s\"",
					    categories[c], names[i], f);
			}
			message_free(m);
		}
		fx_list_free(names, n);
		free(dir);
	}
	m = parse("malformed", "path-traversal-filenames.eml");
	assert_int_equal(m->n_att, 2);
	assert_string_equal(m->att[0].filename, "MyFile.txt");
	assert_string_equal(m->att[1].filename, "foo");
	message_free(m);
}

enum what {
	SUBJECT, FROM, ATT_NAME, ATT_MAGIC, BODY_IS, BODY_HAS, WHY_HAS,
	TOO_MANY, N_ATT,
};

static const struct {
	const char *file;
	enum what what;
	size_t index;
	const char *want;
} known[] = {
	{"encodings/rfc2231-latin1-apple-mail.eml", SUBJECT, 0,
	    "Eelanalüüsi päring"},
	{"encodings/rfc2231-latin1-apple-mail.eml", ATT_NAME, 0,
	    "Eelanalüüsi päring.jpg"},
	{"encodings/rfc2231-continuation-japanese-apple-mail.eml", ATT_NAME,
	    0, "かきくけこかきくけこかきくけこかきくけこかきくけこ.txt"},
	{"encodings/rfc2231-continuation-utf8-iso885915.eml", ATT_NAME, 2,
	    "02_A€àäąбيد@Z-0123456789-qwertyuiopasdfghjklzxcvbnmopqrstuvz-"
	    "0123456789-qwertyuiopasdfghjklzxcvbnmopqrstuvz-0123456789-"
	    "qwertyuiopasdfghjklzxcvbnmopqrstuvz.txt"},
	{"encodings/rfc2047-gb2312-outlook-express.eml", SUBJECT, 0,
	    "代开各地增值税发票"},
	{"encodings/rfc2047-iso2022jp-thunderbird.eml", SUBJECT, 0,
	    "日本語メールテスト (testing Japanese emails)"},
	{"encodings/rfc2047-windows1251-russian.eml", SUBJECT, 0,
	    "Свежий прайс-лист"},
	{"encodings/rfc2047-ks_c_5601-1987.eml", FROM, 0, "from@there.com"},
	{"encodings/8bit-utf8-headers-rfc6532.eml", FROM, 0,
	    "jdöe@mächine.example"},
	{"encodings/8bit-utf8-headers-rfc6532.eml", SUBJECT, 0, "Säying Hello"},
	{"encodings/rfc2047-utf8-spanish-phishing.eml", SUBJECT, 0,
	    "Transferencia Interbancaria Banca en Línea"},
	{"encodings/rfc2047-utf8-spanish-phishing.eml", BODY_IS, 0, "Test"},
	{"attachments/office-docx-pdf-odt-png-rfc822.eml", ATT_NAME, 3,
	    "Cours-Tutoriels-Serge-Tahé-1568x268.png"},
	{"attachments/office-docx-pdf-odt-png-rfc822.eml", ATT_MAGIC, 1,
	    "application/pdf"},
	{"attachments/pdf-gmail-2047-filename.eml", ATT_NAME, 0,
	    "This is a test.pdf"},
	{"attachments/xlsx-latin1-2047-filename.eml", ATT_NAME, 0,
	    "2021_Mängelliste_0819306.xlsx"},
	{"attachments/doc-utf8-2047-filename-french.eml", ATT_NAME, 0,
	    "Biodiversité de semaine en semaine.doc"},
	{"attachments/many-attachments-300.eml", TOO_MANY, 0, ""},
	{"attachments/many-attachments-300.eml", N_ATT, 20, ""},
	{"clients/ibm-notes9-images-pdf.eml", N_ATT, 4, ""},
	{"clients/ibm-notes9-images-pdf.eml", ATT_MAGIC, 3, "application/pdf"},
	{"clients/outlookcom-reply-alternative.eml", BODY_IS, 0,
	    "Here is my reply to your reply.\n\nTony Marston"},
	{"clients/exchange-online-italian-reply-chain.eml", BODY_IS, 0,
	    "Test headers"},
	{"clients/outlook-tnef-winmail-koi8r.eml", BODY_HAS, 0, "шостий"},
	{"forwarded/thunderbird-forward-as-attachment.eml", ATT_NAME, 0,
	    "thanks.eml"},
	/* issue 9: files inside files.  libytnef refuses this winmail.dat
	   (a multi-valued MAPI string in the message block); the record
	   walk still finds the photo in it. */
	{"clients/outlook2016-rich-text-tnef.eml", ATT_NAME, 1,
	    "KITTEN~1.JPG"},
	{"clients/outlook2016-rich-text-tnef.eml", ATT_MAGIC, 1,
	    "image/jpeg"},
	{"attachments/office-docx-pdf-odt-png-rfc822.eml", N_ATT, 9, ""},
	{"attachments/office-docx-pdf-odt-png-rfc822.eml", ATT_MAGIC, 6,
	    "application/pdf"},
	{"forwarded/outlook2007-rfc822-attached.eml", ATT_NAME, 0,
	    "mensaje-reenviado.eml"},
	{"malformed/missing-final-boundary.eml", WHY_HAS, 0,
	    "falta el límite final"},
	{"malformed/gmail-no-closing-boundary.eml", WHY_HAS, 0,
	    "falta el límite final"},
	{"malformed/gmail-no-closing-boundary.eml", BODY_HAS, 0,
	    "Multipart message without closing boundary"},
	{"malformed/no-header-section.eml", WHY_HAS, 0, "encabezados"},
	{"malformed/no-header-section.eml", BODY_HAS, 0,
	    "The whole text should be recognized as body."},
	{"malformed/malformed-base64-attachment.eml", WHY_HAS, 0, "base64"},
	{"malformed/multipart-without-boundary-dsn.eml", WHY_HAS, 0,
	    "no declara su límite"},
	{"malformed/missing-from-date.eml", WHY_HAS, 0, "From"},
	{"malformed/deep-nesting-101-multiparts.eml", WHY_HAS, 0, ""},
	{"malformed/cr-only-line-endings.eml", FROM, 0,
	    "kijitora@example.net"},
	{"malformed/cr-only-line-endings.eml", SUBJECT, 0, "Away until May 5"},
	{"malformed/encoded-word-unknown-charset.eml", SUBJECT, 0,
	    "Submit your tax refund | Australian Taxation Office."},
	{"malformed/8bit-subject-quoted-encoded-word.eml", SUBJECT, 0,
	    "Formação FrenetikPolis: Mega Campanha Final Verão | Cursos de "
	    "Setembro"},
	{"malformed/huge-to-header-encoded-words.eml", BODY_IS, 0,
	    "Message Body"},
};

static void
check_known(size_t i)
{
	char *cat = xstrndup(known[i].file, strcspn(known[i].file, "/"));
	struct message *m = parse(cat, known[i].file + strlen(cat) + 1);
	size_t k = known[i].index;
	const char *got = NULL;

	switch (known[i].what) {
	case SUBJECT:
		got = m->subject;
		break;
	case FROM:
		got = m->from_addr;
		break;
	case ATT_NAME:
	case ATT_MAGIC:
		if (k >= m->n_att)
			fail_msg("%s: %zu attachments", known[i].file, m->n_att);
		got = known[i].what == ATT_NAME ? m->att[k].filename :
		    m->att[k].magic_type;
		break;
	case BODY_IS:
		got = m->body;
		break;
	case BODY_HAS:
		if (strstr(m->body, known[i].want) == NULL)
			fail_msg("%s: body lacks \"%s\":\n%s", known[i].file,
			    known[i].want, m->body);
		break;
	case WHY_HAS:
		if (!m->malformed || strstr(m->malformed_why,
		    known[i].want) == NULL)
			fail_msg("%s: malformed=%d \"%s\"", known[i].file,
			    m->malformed, m->malformed_why);
		break;
	case TOO_MANY:
		assert_true(m->too_many_attachments);
		break;
	case N_ATT:
		assert_int_equal(m->n_att, k);
		break;
	}
	if (got != NULL && strcmp(got, known[i].want) != 0)
		fail_msg("%s: got \"%s\", want \"%s\"", known[i].file, got,
		    known[i].want);
	message_free(m);
	free(cat);
}

static void
test_known_results(void **state)
{
	(void)state;
	if (!have_corpus())
		skip();
	for (size_t i = 0; i < ARRAY_LEN(known); i++)
		check_known(i);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_file),
		cmocka_unit_test(test_automatic),
		cmocka_unit_test(test_clients),
		cmocka_unit_test(test_filenames),
		cmocka_unit_test(test_known_results),
	};
	int failed;

	cookie = magic_open(MAGIC_MIME_TYPE);
	if (cookie == NULL || magic_load(cookie, NULL) != 0) {
		fprintf(stderr, "libmagic: cannot load its database\n");
		return 1;
	}
	if (!have_corpus())
		fprintf(stderr, "test_corpus: no corpus at %s (set "
		    "TEQUIO_CORPUS); skipping\n", corpus_dir());
	failed = cmocka_run_group_tests_name("corpus", tests, NULL, NULL);
	magic_close(cookie);
	return failed;
}
