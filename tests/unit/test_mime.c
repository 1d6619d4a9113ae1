/* SPDX-License-Identifier: ISC */
/*
 * test_mime.c - the parser of received mail (mime.c, mimehdr.c,
 * textbody.c, autodetect.c).
 *
 * Most cases are data: every tests/fixtures/NAME.eml is parsed and
 * classified and checked against NAME.expect, one "key: value" per line
 * (curl's tests/data style; the keys are listed in check_key below).
 * Adding a case is adding two files.  The rest are unit tests of the
 * helpers, and robustness tests that feed truncated, corrupted and
 * hostile input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <magic.h>

#include "common/util.h"
#include "fixture_expect.h"
#include "handlers/classify.h"
#include "mail/message.h"
#include "mail/mimehdr.h"
#include "mail/textbody.h"

static magic_t cookie;

static const char *
fixtures_dir(void)
{
	const char *d = getenv("TEQUIO_FIXTURES");

	return d != NULL && *d != '\0' ? d : "tests/fixtures";
}

static struct parse_limits
default_limits(void)
{
	struct parse_limits lim = {
		10485760, 20, "utv.edu.mx", "servicio.social@utv.edu.mx"
	};

	return lim;
}

/* Fixture files ---------------------------------------------------------- */

struct fixture {
	const char *name;
	struct message *m;
	struct command_line cl;
	struct buf err;
	int failures;
};

static void
fail_at(struct fixture *fx, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail_at(struct fixture *fx, int line, const char *fmt, ...)
{
	va_list ap;

	buf_printf(&fx->err, "%s.expect:%d: ", fx->name, line);
	va_start(ap, fmt);
	buf_vprintf(&fx->err, fmt, ap);
	va_end(ap);
	buf_addc(&fx->err, '\n');
	fx->failures++;
}

static int
yes(const char *v)
{
	return strcmp(v, "yes") == 0;
}

static void
expect_str(struct fixture *fx, int line, const char *key, const char *got,
    const char *want)
{
	if (strcmp(got, want) != 0)
		fail_at(fx, line, "%s: got \"%s\", want \"%s\"", key, got, want);
}

static void
expect_flag(struct fixture *fx, int line, const char *key, int got,
    const char *want)
{
	if ((got != 0) != yes(want))
		fail_at(fx, line, "%s: got %s, want %s", key, got ? "yes" : "no",
		    want);
}

static void
expect_num(struct fixture *fx, int line, const char *key, size_t got,
    const char *want)
{
	if (got != (size_t)strtoul(want, NULL, 10))
		fail_at(fx, line, "%s: got %zu, want %s", key, got, want);
}

/* attachment.N.what: value */
static void
check_attachment(struct fixture *fx, int line, const char *key,
    const char *val)
{
	char *end;
	unsigned long n = strtoul(key + 11, &end, 10);
	const struct attachment *a;
	enum doc_kind k;

	if (n == 0 || *end != '.' || n > fx->m->n_att) {
		fail_at(fx, line, "%s: no such attachment (%zu)", key,
		    fx->m->n_att);
		return;
	}
	a = &fx->m->att[n - 1];
	end++;
	k = classify_document(a->filename);
	if (strcmp(end, "name") == 0)
		expect_str(fx, line, key, a->filename, val);
	else if (strcmp(end, "declared") == 0)
		expect_str(fx, line, key, a->declared_type, val);
	else if (strcmp(end, "magic") == 0)
		expect_str(fx, line, key, a->magic_type, val);
	else if (strcmp(end, "kind") == 0)
		expect_str(fx, line, key, k == DOC_UNKNOWN ? "unknown" :
		    doc_kind_id(k), val);
	else if (strcmp(end, "type_ok") == 0)
		expect_flag(fx, line, key, doc_type_ok(k, a->magic_type), val);
	else if (strcmp(end, "inline") == 0)
		expect_flag(fx, line, key, a->inline_part, val);
	else if (strcmp(end, "size") == 0)
		expect_num(fx, line, key, a->len, val);
	else if (strcmp(end, "origin") == 0)
		expect_str(fx, line, key, a->origin, val);
	else if (strcmp(end, "converted") == 0)
		expect_str(fx, line, key, a->converted_from, val);
	else if (strcmp(end, "container") == 0)
		expect_flag(fx, line, key, a->container, val);
	else if (strcmp(end, "human") == 0)
		expect_str(fx, line, key, attachment_human(a), val);
	else
		fail_at(fx, line, "unknown key %s", key);
}

static void
check_field(struct fixture *fx, int line, const char *key, const char *val)
{
	char *got = form_field(fx->m->body, key + 6);

	if (strcmp(val, "(ninguno)") == 0) {
		if (got != NULL)
			fail_at(fx, line, "%s: got \"%s\", want none", key, got);
	} else if (got == NULL) {
		fail_at(fx, line, "%s: none, want \"%s\"", key, val);
	} else {
		expect_str(fx, line, key, got, val);
	}
	free(got);
}

static int
has_addr(const struct message *m, const char *addr)
{
	for (size_t i = 0; i < m->n_to; i++)
		if (strcmp(m->to_addrs[i], addr) == 0)
			return 1;
	return 0;
}

static void
check_text(struct fixture *fx, int line, const char *key, const char *val)
{
	const char *text = strncmp(key, "body_full", 9) == 0 ?
	    fx->m->body_full : fx->m->body;
	int want = strstr(key, "_contains") != NULL;

	if ((strstr(text, val) != NULL) != want)
		fail_at(fx, line, "%s \"%s\" in:\n%s", want ? "missing" :
		    "unwanted", val, text);
}

static void
check_key(struct fixture *fx, int line, const char *key, const char *val)
{
	struct message *m = fx->m;

	if (strcmp(key, "from") == 0)
		expect_str(fx, line, key, m->from_addr, val);
	else if (strcmp(key, "from_name") == 0)
		expect_str(fx, line, key, m->from_name, val);
	else if (strcmp(key, "subject") == 0)
		expect_str(fx, line, key, m->subject, val);
	else if (strcmp(key, "message_id") == 0)
		expect_str(fx, line, key, m->message_id, val);
	else if (strcmp(key, "in_reply_to") == 0)
		expect_str(fx, line, key, m->in_reply_to, val);
	else if (strcmp(key, "references") == 0)
		expect_num(fx, line, key, m->n_references, val);
	else if (strcmp(key, "to") == 0) {
		if (!has_addr(m, val))
			fail_at(fx, line, "to: %s not among recipients", val);
	} else if (strcmp(key, "command") == 0)
		expect_str(fx, line, key, fx->cl.code, val);
	else if (strcmp(key, "args") == 0)
		expect_str(fx, line, key, fx->cl.args, val);
	else if (strcmp(key, "tag") == 0)
		expect_str(fx, line, key, fx->cl.subject_tag, val);
	else if (strcmp(key, "from_body") == 0)
		expect_flag(fx, line, key, fx->cl.from_body, val);
	else if (strcmp(key, "automatic") == 0)
		expect_str(fx, line, key, auto_kind_name(m->automatic), val);
	else if (strcmp(key, "malformed") == 0)
		expect_flag(fx, line, key, m->malformed, val);
	else if (strcmp(key, "malformed_why") == 0) {
		if (strstr(m->malformed_why, val) == NULL)
			fail_at(fx, line, "malformed_why: \"%s\" lacks \"%s\"",
			    m->malformed_why, val);
	} else if (strcmp(key, "attachments") == 0)
		expect_num(fx, line, key, m->n_att, val);
	else if (strcmp(key, "too_many") == 0)
		expect_flag(fx, line, key, m->too_many_attachments, val);
	else if (strcmp(key, "oversize") == 0)
		expect_str(fx, line, key, m->oversize_attachment, val);
	else if (strcmp(key, "oversize_bytes") == 0)
		expect_num(fx, line, key, m->n_oversize > 0 ?
		    m->oversize[0].len : 0, val);
	else if (strcmp(key, "question") == 0) {
		if (fx->cl.question == NULL ||
		    strstr(fx->cl.question, val) == NULL)
			fail_at(fx, line, "question: \"%s\" lacks \"%s\"",
			    fx->cl.question ? fx->cl.question : "(none)", val);
	}
	else if (strncmp(key, "attachment.", 11) == 0)
		check_attachment(fx, line, key, val);
	else if (strncmp(key, "field.", 6) == 0)
		check_field(fx, line, key, val);
	else if (strncmp(key, "body", 4) == 0 &&
	    (strstr(key, "_contains") || strstr(key, "_lacks")))
		check_text(fx, line, key, val);
	else if (strncmp(key, "limit.", 6) != 0)
		fail_at(fx, line, "unknown key %s", key);
}

/* Split "key: value" in place; NULL for comments and blank lines. */
static char *
expect_split(char *line, char **val)
{
	char *colon;

	str_trim(line);
	if (line[0] == '\0' || line[0] == '#')
		return NULL;
	if ((colon = strchr(line, ':')) == NULL) {
		*val = NULL;
		return line;
	}
	*colon = '\0';
	*val = str_trim(colon + 1);
	return str_trim(line);
}

static void
apply_limits(char *expect, struct parse_limits *lim)
{
	char *copy = xstrdup(expect), *save = NULL, *line;

	for (line = strtok_r(copy, "\n", &save); line;
	    line = strtok_r(NULL, "\n", &save)) {
		char *val, *key = expect_split(line, &val);

		if (key == NULL || val == NULL)
			continue;
		if (strcmp(key, "limit.max_attachment_bytes") == 0)
			lim->max_attachment_bytes = strtoul(val, NULL, 10);
		else if (strcmp(key, "limit.max_attachments") == 0)
			lim->max_attachments = strtoul(val, NULL, 10);
	}
	free(copy);
}

static char *
load(const char *dir, const char *name, const char *ext, size_t *len)
{
	char *path = xasprintf("%s/%s%s", dir, name, ext), *data = NULL;

	if (read_file(path, 32u << 20, &data, len) != 0)
		fail_msg("cannot read %s", path);
	free(path);
	return data;
}

static void
test_fixture(void **state)
{
	struct fixture fx = {*state, NULL, {0}, {NULL, 0, 0}, 0};
	struct parse_limits lim = default_limits();
	char *raw, *expect, *p, why[128];
	size_t rawlen, elen;
	int lineno = 0;

	raw = load(fixtures_dir(), fx.name, ".eml", &rawlen);
	expect = load(fixtures_dir(), fx.name, ".expect", &elen);
	apply_limits(expect, &lim);
	fx.m = message_parse(raw, rawlen, &lim, cookie);
	classify_command(fx.m->subject, fx.m->body, 1, &fx.cl);
	if (!fx_message_ok(fx.m, why, sizeof(why)))
		fail_at(&fx, 0, "%s", why);
	for (p = expect; p != NULL && *p; ) {
		char *nl = strchr(p, '\n'), *key, *val;

		if (nl != NULL)
			*nl = '\0';
		lineno++;
		if ((key = expect_split(p, &val)) != NULL) {
			if (val == NULL)
				fail_at(&fx, lineno, "no ':' in \"%s\"", key);
			else
				check_key(&fx, lineno, key, val);
		}
		p = nl ? nl + 1 : NULL;
	}
	if (fx.failures > 0)
		print_error("%s", fx.err.data);
	command_line_free(&fx.cl);
	message_free(fx.m);
	buf_free(&fx.err);
	free(raw);
	free(expect);
	assert_int_equal(fx.failures, 0);
}

/* mimehdr.c -------------------------------------------------------------- */

static void
assert_decoded(const char *in, const char *want)
{
	char *got = mime_decode_words(in);

	assert_string_equal(got, want);
	free(got);
}

static void
test_encoded_words(void **state)
{
	(void)state;
	assert_decoded("=?UTF-8?Q?Presentaci=C3=B3n?=", "Presentación");
	assert_decoded("=?iso-8859-1?q?Jos=E9_P=E9rez?= <j@x>", "José Pérez <j@x>");
	/* white space between words goes, around them stays */
	assert_decoded("=?utf-8?B?w4E=?= =?utf-8?B?w6k=?= y =?utf-8?Q?=C3=B3?=",
	    "Áé y ó");
	/* adjacent words in different charsets */
	assert_decoded("=?iso-8859-1?Q?a=F1o?= =?utf-8?Q?_ni=C3=B1o?=", "año niño");
	/* a character split across words */
	assert_decoded("=?utf-8?B?w6E=?==?utf-8?Q?=C3?= =?utf-8?Q?=B1?=", "áñ");
	/* language tag (RFC 2231) on the charset */
	assert_decoded("=?UTF-8*es?Q?Ma=C3=B1ana?=", "Mañana");
	/* unknown charset: bytes read as UTF-8, else windows-1252 */
	assert_decoded("=?x-unknown?Q?caf=E9?=", "café");
	assert_decoded("=?NONE?B?VEVTVA?=", "TEST");
	/* not words at all */
	assert_decoded("=?utf-8?Q?sin cerrar", "=?utf-8?Q?sin cerrar");
	assert_decoded("a =? b ?= c", "a =? b ?= c");
	assert_decoded("", "");
	/* raw 8-bit: UTF-8 kept, Latin-1 converted */
	assert_decoded("Peña", "Peña");
	assert_decoded("Pe\xf1" "a", "Peña");
	/* a start of a word after one left open is still read */
	assert_decoded("=?utf-8?Q?x =?utf-8?Q?=C3=B3?=", "=?utf-8?Q?x ó");
	assert_decoded("=?a=?utf-8?Q?=C3=B3?=", "=?aó");
}

/*
 * Many "=?cs?B?" starts and no "?=": each start used to rescan the rest
 * of the header, minutes of CPU for one 1 MB Subject.
 */
static void
test_encoded_words_unclosed(void **state)
{
	struct buf b;
	char *got;

	(void)state;
	buf_init(&b);
	for (int i = 0; i < 150000; i++)
		buf_adds(&b, "=?a?B?x");
	got = mime_decode_words(b.data);
	assert_string_equal(got, b.data);
	free(got);
	buf_free(&b);
}

static void
assert_conv(const char *cs, const char *in, size_t len, const char *want)
{
	char *got = mime_to_utf8(cs, in, len);

	assert_string_equal(got, want);
	assert_true(utf8_valid(got, strlen(got)));
	free(got);
}

static void
test_charsets(void **state)
{
	(void)state;
	assert_conv("iso-8859-1", "Matr\xedgula", 9, "Matrígula");
	assert_conv("windows-1252", "\x80 \x93hola\x94", 9, "€ “hola”");
	assert_conv("ISO-8859-15", "\xa4", 1, "€");
	assert_conv("koi8-r", "\xf0\xd2\xc9\xd7\xc5\xd4", 6, "Привет");
	assert_conv("utf-16le", "h\0o\0l\0a\0", 8, "hola");
	/* mislabelled: UTF-8 bytes under a Latin-1 or GB2312 label */
	assert_conv("iso-8859-1", "a\xc3\xb1o", 4, "año");
	assert_conv("gb2312", "\xe4\xbd\xa0\xe5\xa5\xbd", 6, "你好");
	/* unknown label, missing label, broken UTF-8 */
	assert_conv("x-ias-german", "caf\xe9", 4, "café");
	assert_conv(NULL, "caf\xe9", 4, "café");
	assert_conv("utf-8", "ok \xff\xfe", 5, "ok ÿþ");
	assert_conv("utf-8", "a\0b", 3, "ab");
	/* an ISO-2022 label on 8-bit bytes is a lie */
	assert_conv("iso-2022-jp", "Dij\x8a" "at", 6, "DijŠat");
}

static char *
param(const struct mime_param *p, size_t n, const char *name)
{
	return mime_param_get(p, n, name);
}

static void
test_rfc2231(void **state)
{
	static const struct mime_param single[] = {
		{"filename*", "UTF-8''constancia%20de%20estudios%20%C3%91.pdf"},
		{"filename", "ignorado.pdf"},
	};
	static const struct mime_param cont[] = {
		{"filename*1*", "%B3n.pdf"},
		{"filename*0*", "utf-8'es'Carta%20de%20presentaci%C3"},
	};
	static const struct mime_param mixed[] = {
		{"name*0", "\"Reporte \""},
		{"name*1", "\"final.pdf\""},
	};
	static const struct mime_param latin[] = {
		{"filename*", "iso-8859-1''Eelanal%FC%FCsi.jpg"},
	};
	static const struct mime_param words[] = {
		{"filename", "\"=?UTF-8?B?SU5FIEppbcOpbmV6LmpwZw==?=\""},
	};
	static const struct mime_param quoted[] = {
		{"name", "\"a \\\"b\\\".pdf\""},
	};
	char *v;

	(void)state;
	v = param(single, 2, "filename");
	assert_string_equal(v, "constancia de estudios Ñ.pdf");
	free(v);
	v = param(cont, 2, "filename");
	assert_string_equal(v, "Carta de presentación.pdf");
	free(v);
	v = param(mixed, 2, "name");
	assert_string_equal(v, "Reporte final.pdf");
	free(v);
	v = param(latin, 1, "filename");
	assert_string_equal(v, "Eelanalüüsi.jpg");
	free(v);
	v = param(words, 1, "filename");
	assert_string_equal(v, "INE Jiménez.jpg");
	free(v);
	v = param(quoted, 1, "name");
	assert_string_equal(v, "a \"b\".pdf");
	free(v);
	assert_null(param(single, 2, "name"));
	assert_null(param(cont, 2, "file"));
}

static void
assert_safe(const char *in, const char *want)
{
	char *got = mime_safe_filename(in);

	assert_string_equal(got, want);
	free(got);
}

static void
test_safe_filename(void **state)
{
	struct buf b;
	char *got;

	(void)state;
	assert_safe("../../etc/passwd", "passwd");
	assert_safe("C:\\Users\\ana\\INE.pdf", "INE.pdf");
	assert_safe("php://foo", "foo");
	assert_safe("..", "adjunto");
	assert_safe("", "adjunto");
	assert_safe(".bashrc", "bashrc");
	assert_safe("con\ttab\x01.pdf", "contab.pdf");
	assert_safe("  reporte.pdf . ", "reporte.pdf");
	/* C1 controls, separators and direction overrides are dropped */
	assert_safe("factura\xe2\x80\xae" "fdp.exe", "facturafdp.exe");
	assert_safe("a\xc2\x9b" "1m\xe2\x81\xa6" "b\xe2\x80\x8f" ".pdf",
	    "a1mb.pdf");
	assert_safe("l\xe2\x80\xa8nea.pdf", "lnea.pdf");
	assert_safe("\xe2\x80\xae", "adjunto");
	assert_safe("se\xc3\xb1" "al \xe2\x80\x94 a\xc2\xa0" "b.pdf",
	    "se\xc3\xb1" "al \xe2\x80\x94 a\xc2\xa0" "b.pdf");
	/* long names are cut at a character boundary */
	buf_init(&b);
	for (int i = 0; i < 150; i++)
		buf_adds(&b, "ñ");
	got = mime_safe_filename(b.data);
	assert_true(strlen(got) <= 200);
	assert_true(utf8_valid(got, strlen(got)));
	free(got);
	buf_free(&b);
}

static void
test_msgids(void **state)
{
	char **ids;
	size_t n;

	(void)state;
	n = mime_msgid_list("<a@b> <c@d>\t<e@f>", &ids);
	assert_int_equal(n, 3);
	assert_string_equal(ids[0], "a@b");
	assert_string_equal(ids[2], "e@f");
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	n = mime_msgid_list("sin-angulos@x", &ids);
	assert_int_equal(n, 1);
	assert_string_equal(ids[0], "sin-angulos@x");
	free(ids[0]);
	free(ids);
	n = mime_msgid_list("", &ids);
	assert_int_equal(n, 0);
	free(ids);
}

static void
test_addresses(void **state)
{
	struct mime_addr *a;
	size_t n;

	(void)state;
	n = mime_addr_list("\"=?utf-8?Q?L=C3=B3pez?=\" <Ana@X.MX>, b@y, "
	    "Grupo: c@z, \"d, e\" <d@w>;", &a);
	assert_int_equal(n, 4);
	assert_string_equal(a[0].addr, "ana@x.mx");
	assert_string_equal(a[0].name, "López");
	assert_string_equal(a[1].addr, "b@y");
	assert_string_equal(a[2].addr, "c@z");
	assert_string_equal(a[3].name, "d, e");
	mime_addr_list_free(a, n);
	/* what libetpan refuses is still read */
	n = mime_addr_list("José <jose@x.mx", &a);
	assert_int_equal(n, 1);
	assert_string_equal(a[0].addr, "jose@x.mx");
	assert_string_equal(a[0].name, "José");
	mime_addr_list_free(a, n);
	n = mime_addr_list("MAILER-DAEMON@AOL.com (Mail Delivery System)", &a);
	assert_int_equal(n, 1);
	assert_string_equal(a[0].addr, "mailer-daemon@aol.com");
	mime_addr_list_free(a, n);
	/* a name cannot bring line ends or other controls */
	n = mime_addr_list("=?utf-8?Q?Ana=0D=0AAprobado:_s=C3=AD=09x?= <a@b>, "
	    "\"=?utf-8?Q?=0A=1BBeto?=\" <b@c>", &a);
	assert_int_equal(n, 2);
	assert_string_equal(a[0].name, "Ana  Aprobado: sí x");
	assert_string_equal(a[1].name, "Beto");
	mime_addr_list_free(a, n);
	n = mime_addr_list("undisclosed-recipients:;", &a);
	assert_int_equal(n, 0);
	mime_addr_list_free(a, n);
}

static void
test_split_headers(void **state)
{
	static const char msg[] =
	    "From MAILER-DAEMON Mon Mar  3 10:00:00 2025\n"
	    "Subject: una\r\n"
	    " dos\r\n"
	    "\ttres\r\n"
	    "X-Vacio:\r\n"
	    "From: a@b\r\n"
	    "\r\n"
	    "cuerpo\r\n";
	static const char none[] = "Hola, esto no es un encabezado\nFrom: x\n";
	struct header *h;
	size_t n, off;

	(void)state;
	assert_int_equal(mime_split_headers(msg, sizeof(msg) - 1, &h, &n,
	    &off), 0);
	assert_int_equal(n, 3);
	assert_string_equal(h[0].name, "Subject");
	assert_string_equal(h[0].value, "una dos\ttres");
	assert_string_equal(h[1].value, "");
	assert_string_equal(msg + off, "cuerpo\r\n");
	for (size_t i = 0; i < n; i++) {
		free(h[i].name);
		free(h[i].value);
	}
	free(h);
	assert_int_equal(mime_split_headers(none, sizeof(none) - 1, &h, &n,
	    &off), -1);
	assert_int_equal(n, 0);
	assert_int_equal(off, 0);
	free(h);
}

/* textbody.c ------------------------------------------------------------- */

static void
assert_html(const char *html, const char *want)
{
	char *got = text_from_html(html, strlen(html));

	assert_string_equal(got, want);
	free(got);
}

static void
test_html(void **state)
{
	(void)state;
	assert_html("<p>Matr&iacute;cula:&nbsp;123</p><p>A&ntilde;o &#8212; "
	    "&#x41;&amp;&lt;b&gt;</p>", "Matrícula: 123\nAño — A&<b>");
	assert_html("<html><head><title>T</title><style>p{x:1}</style></head>"
	    "<body>Hola<script>var a = '<p>';</script> mundo</body></html>",
	    "Hola mundo");
	assert_html("Hola<br>\n   mundo   <b>feliz</b>", "Hola\nmundo feliz");
	assert_html("<div>Arriba</div><blockquote>citado<br>dos</blockquote>"
	    "<div>Abajo</div>", "Arriba\n> citado\n> dos\nAbajo");
	assert_html("<pre>a  b\n c</pre>", "a  b\n c");
	assert_html("<!-- comentario --><p>x &unknown; &#0; &</p>",
	    "x &unknown; \xef\xbf\xbd &");
	assert_html("<table><tr><td>Nombre:</td><td>Ana</td></tr></table>",
	    "Nombre: Ana");
	assert_html("sin cerrar <b", "sin cerrar");
	/* an unclosed <head> hides nothing; nesting shows as a bounded "> " */
	assert_html("<head><head>uno <head>dos", "uno dos");
	assert_html("<blockquote><blockquote><blockquote><blockquote>"
	    "<blockquote><blockquote><blockquote><blockquote><blockquote>"
	    "<blockquote>hondo", "> > > > > > > > hondo");
	assert_html("", "");
}

static void
assert_unflow(const char *in, int delsp, const char *want)
{
	char *got = text_unflow(in, delsp);

	assert_string_equal(got, want);
	free(got);
}

static void
test_unflow(void **state)
{
	(void)state;
	assert_unflow("uno dos \ntres\n", 0, "uno dos tres\n");
	assert_unflow("uno dos \ntres\n", 1, "uno dostres\n");
	assert_unflow("> citado \n> sigue\nnuevo\n", 0, "> citado sigue\nnuevo\n");
	assert_unflow(" From stuffed\n", 0, "From stuffed\n");
	assert_unflow("-- \nfirma\n", 0, "-- \nfirma\n");
}

static void
assert_own(const char *in, int fwd, const char *want)
{
	char *got = text_own_words(in, fwd);

	assert_string_equal(got, want);
	free(got);
}

static void
test_own_words(void **state)
{
	(void)state;
	assert_own("Sí.\n\nOn Mon, Mar 3, 2025 at 10:00 AM Ana <a@b> wrote:\n"
	    "> pregunta\n", 0, "Sí.");
	assert_own("Respuesta uno\n> q1\nRespuesta dos\n> q2\n", 0,
	    "Respuesta uno\nRespuesta dos");
	assert_own("Listo.\n\n-----Mensaje original-----\nDe: x\nTexto\n", 0,
	    "Listo.");
	assert_own("Ok\n\nDe: Servicio <s@x>\nEnviado: lunes\nPara: yo\n"
	    "Asunto: Re\n\nviejo\n", 0, "Ok");
	/* a forward keeps its header block and its text */
	assert_own("Mira\n\nDe: Ana <a@b>\nFecha: lunes\nAsunto: REGISTRO\n"
	    "Para: x\n\nMatrícula: 1\n", 1,
	    "Mira\n\nDe: Ana <a@b>\nFecha: lunes\nAsunto: REGISTRO\nPara: x\n\n"
	    "Matrícula: 1");
	assert_own("Hola\n-- \nAna\nTel. 1\n", 0, "Hola");
	assert_own("Hola\n-- \nAna\n\n---------- Forwarded message ---------\n"
	    "Matrícula: 2\n", 0,
	    "Hola\n---------- Forwarded message ---------\nMatrícula: 2");
	assert_own("Hola\n\nEnviado desde mi iPhone\n", 0, "Hola");
	assert_own("El 3 de marzo de 2025, a las 10:15, Ana López <a@b> "
	    "escribió:\n\n> x\n", 0, "");
	assert_own("", 0, "");
	/* issue 9: the quote headers of each client, Spanish and English */
	assert_own("Gracias\n\nEl lun, 23 nov 2026 a las 10:01, Servicio social "
	    "UTV (<\nservicio.social+x@utv.edu.mx>) escribió:\n\n> citado\n",
	    0, "Gracias");
	assert_own("OK\n\n________________________________\nFrom: Servicio "
	    "<s@x>\nSent: Monday, November 23, 2026 10:00 AM\nTo: yo\n"
	    "Subject: Re: ESTADO\n\nAPROBAR viejo\n", 0, "OK");
	assert_own("Listo\n\n-----Original Message-----\nFrom: s@x\nSent: "
	    "Monday\nTo: yo\nSubject: x\n\nAPROBAR\n", 0, "Listo");
	assert_own("Yes\n\nOn Nov 23, 2026, at 10:00 AM, Servicio <s@x> "
	    "wrote:\n\n> APROBAR\n", 0, "Yes");
	assert_own("Sí\n\nEl lun., 23 nov. 2026 10:00, Servicio <s@x> "
	    "escribió:\n\n> viejo\n", 0, "Sí");
	assert_own("Ok\n\n\n-------- Mensaje original --------\nDe: Servicio "
	    "<s@x>\nFecha: 23/11/26 10:00 (GMT-06:00)\nPara: yo\nAsunto: Re\n"
	    "\nRECHAZAR viejo\n", 0, "Ok");
	assert_own("Aprobado\n\nObtener Outlook para Android<https://aka.ms/x>"
	    "\n________________________________\nDe: Servicio <s@x>\nEnviado: "
	    "martes, 24 de noviembre de 2026 10:00:12 a.m.\nPara: yo\nAsunto: "
	    "x\n\nviejo\n", 0, "Aprobado");
	assert_own("Ok\n\nGet Outlook for iOS<https://aka.ms/o0ukef>\n"
	    "________________________________\nFrom: S <s@x>\nSent: Tuesday, "
	    "November 24, 2026 10:00:12 AM\nTo: yo\nSubject: x\n\nold\n", 0,
	    "Ok");
	/* Valid text is folded whole, other text line by line (issue 15):
	   markers are found either way, an accent typed on a Mac (NFD)
	   and CRLF line ends included, with an invalid byte elsewhere. */
	assert_own("S\xc3\xad\r\n\r\nEl lun, 23 nov 2026, Ana <a@b> "
	    "escribio\xcc\x81:\r\n\r\n> viejo\r\n", 0, "S\xc3\xad");
	assert_own("S\xed\r\n\r\nEl lun, 23 nov 2026, Ana <a@b> "
	    "escribi\xc3\xb3:\r\n\r\n> viejo\r\n", 0, "S\xed");
	assert_own("Hola\n\n\xe9\nENVIADO DESDE MI IPHONE\n", 0,
	    "Hola\n\n\xe9");
}

/*
 * The edges of each test text_own_words makes of a line, and of the
 * tidying of what it keeps (issue 15 rewrote both to do less per line):
 * signature rules, the 80-byte limit of a mobile signature measured
 * without the spaces around it, the 10 underscores of Outlook's rule,
 * blank lines of spaces, tabs and CRs, attributions ending in spaces
 * or over several lines.
 */
static void
test_own_words_edges(void **state)
{
	char pad[64], in[160];

	(void)state;
	assert_own("Hola\n-- \r\nAna\n", 0, "Hola");
	assert_own("Hola\n--\nAna\n", 0, "Hola");
	assert_own("Hola\n---\nAna\n", 0, "Hola\n---\nAna");
	assert_own("Hola\n-- x\nAna", 0, "Hola\n-- x\nAna");
	assert_own("Hola\n--\t\nAna", 0, "Hola\n--\nAna");
	assert_own("Hola\n-\nAna", 0, "Hola\n-\nAna");
	memset(pad, 'x', sizeof(pad));
	/* 79 bytes folded and trimmed: a signature; 80: text */
	snprintf(in, sizeof(in), "Hola\n  Enviado desde mi %.*s  \nAdios\n",
	    62, pad);
	assert_own(in, 0, "Hola\nAdios");
	snprintf(in, sizeof(in), "Hola\n  Enviado desde mi %.*s  \nAdios\n",
	    63, pad);
	assert_own(in, 0, "Hola\n  Enviado desde mi xxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nAdios");
	assert_own("Ok\n\n_________\nDe: a\nEnviado: b\nPara: c\n\nviejo\n", 0,
	    "Ok\n\n_________");
	assert_own("Ok\n\n  __________\n\n \nDe: a\nEnviado: b\nPara: c\n\n"
	    "viejo\n", 0, "Ok");
	assert_own("Ok\n__________\nNada\n", 0, "Ok\n__________\nNada");
	assert_own("\n\n  \nUno  \t\r\n\n \t\n\nDos\r\n\n\n", 0, "Uno\n\nDos");
	assert_own("\t> x\nY\n  >z\n", 0, "Y");
	assert_own("S\xc3\xad\nOn Mon, Ana wrote:   \n> x\n", 0, "S\xc3\xad");
	assert_own("Uno\nEl lunes\nAna\nescribio:\nDos\n", 0, "Uno\nDos");
	assert_own("Uno\nEl lunes\nAna\nNadie\nescribio:\nDos\n", 0,
	    "Uno\nEl lunes\nAna\nNadie\nDos");
	assert_own("Uno\nEl lunes\n\nescribio:\nDos\n", 0,
	    "Uno\nEl lunes\n\nDos");
}

/* The whole parser -------------------------------------------------------- */

static struct message *
parse_str(const char *s)
{
	struct parse_limits lim = default_limits();

	return message_parse(s, strlen(s), &lim, cookie);
}

static void
test_api(void **state)
{
	struct message *m;

	(void)state;
	m = parse_str("from: A <A@B.MX>\nSUBJECT: hola\nX-Uno: 1\n\ncuerpo\n");
	assert_string_equal(message_header(m, "Subject"), "hola");
	assert_string_equal(message_header(m, "x-uno"), "1");
	assert_null(message_header(m, "X-Dos"));
	assert_string_equal(m->from_addr, "a@b.mx");
	assert_null(m->return_path);
	assert_string_equal(m->body, "cuerpo");
	message_free(m);
	message_free(NULL);
	for (int k = AUTO_NONE; k <= AUTO_LOOP; k++)
		assert_string_not_equal(auto_kind_name((enum auto_kind)k),
		    "unknown");
	assert_string_equal(auto_kind_name(AUTO_NONE), "none");
}

/* Every way a line of the body can end comes out as one LF (mime.c
   to_lf moves the text between two CRs whole). */
static void
test_line_ends(void **state)
{
	static const struct {
		const char *body, *want;
	} cases[] = {
		{"uno\r\ndos\r\n", "uno\ndos"},
		{"uno\rdos\r\rtres", "uno\ndos\n\ntres"},
		{"uno\r\n\r\ndos\ntres\r", "uno\n\ndos\ntres"},
		{"sin fin de l\xc3\xadnea", "sin fin de l\xc3\xadnea"},
		{"\r\r\nuno", "uno"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *raw = xasprintf("From: a@b.mx\r\nSubject: x\r\n\r\n%s",
		    cases[i].body);
		struct message *m = parse_str(raw);

		assert_string_equal(m->body, cases[i].want);
		message_free(m);
		free(raw);
	}
}

static void
test_no_limits_no_magic(void **state)
{
	static const char msg[] = "From: a@b\nContent-Type: application/pdf\n"
	    "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n";
	struct message *m;

	(void)state;
	m = message_parse(msg, sizeof(msg) - 1, NULL, NULL);
	assert_int_equal(m->n_att, 1);
	assert_string_equal(m->att[0].magic_type, "application/octet-stream");
	assert_memory_equal(m->att[0].data, "%PDF-1.4\n", 9);
	assert_string_equal(m->att[0].filename, "adjunto-1.pdf");
	assert_int_equal(m->automatic, AUTO_NONE);
	message_free(m);
}

static void
test_empty_input(void **state)
{
	struct message *m;
	char why[128];

	(void)state;
	m = message_parse("", 0, NULL, cookie);
	assert_true(m->malformed);
	assert_true(fx_message_ok(m, why, sizeof(why)));
	assert_string_equal(m->from_addr, "");
	assert_string_equal(m->body, "");
	message_free(m);
}

static void
test_return_path(void **state)
{
	struct message *m;

	(void)state;
	m = parse_str("Return-Path: <>\nFrom: x@y\n\nhola\n");
	assert_non_null(m->return_path);
	assert_string_equal(m->return_path, "");
	assert_int_equal(m->automatic, AUTO_NULL_SENDER);
	message_free(m);
	m = parse_str("Return-Path: <Ana@X.mx>\nFrom: x@y\n\nhola\n");
	assert_string_equal(m->return_path, "ana@x.mx");
	assert_int_equal(m->automatic, AUTO_NONE);
	message_free(m);
}

static void
test_automatic_headers(void **state)
{
	static const struct {
		const char *headers;
		enum auto_kind want;
	} cases[] = {
		{"Auto-Submitted: no\n", AUTO_NONE},
		{"Auto-Submitted: auto-replied (vacation)\n", AUTO_SUBMITTED},
		{"Precedence: Bulk\n", AUTO_PRECEDENCE},
		{"Precedence: first-class\n", AUTO_NONE},
		{"List-Unsubscribe: <mailto:x@y>\n", AUTO_LIST},
		{"X-Autoreply: yes\n", AUTO_XAUTOREPLY},
		{"X-Auto-Response-Suppress: All\n", AUTO_XAUTOREPLY},
		/* Outlook marks ordinary mail with narrower values */
		{"X-Auto-Response-Suppress: RN, NRN, OOF\n", AUTO_NONE},
		{"X-Failed-Recipients: a@b\n", AUTO_REPORT},
		{"Content-Type: multipart/report; report-type=delivery-status;"
		    " boundary=x\n", AUTO_REPORT},
		{"X-Loop: Servicio.Social@UTV.edu.mx\n", AUTO_LOOP},
		{"X-Loop: otra@lista.mx\n", AUTO_NONE},
		{"Subject: Report Domain: utv.edu.mx Submitter: google.com "
		    "Report-ID: 1\n", AUTO_REPORT},
		{"Subject: Read: hola\nContent-Type: application/ms-tnef\n",
		    AUTO_REPORT},
		{"Subject: Read: hola\n", AUTO_NONE},
		/* a Thunderbird Message-ID at our domain is a coordinator */
		{"Message-ID: <1b2c3d4e-aaaa-bbbb-cccc-0123456789ab@utv.edu.mx>\n",
		    AUTO_NONE},
		{"Message-ID: <tequio.0123456789abcdef0123456789abcdef@utv.edu.mx>\n",
		    AUTO_LOOP},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char *s = xasprintf("From: ana@alumnos.utv.edu.mx\n%s\nhola\n",
		    cases[i].headers);
		struct message *m = parse_str(s);

		if (m->automatic != cases[i].want)
			fail_msg("%s: got %s", cases[i].headers,
			    auto_kind_name(m->automatic));
		message_free(m);
		free(s);
	}
}

/* Nesting that would make libetpan recurse (and rescan) without bound. */
static void
test_deep_nesting(void **state)
{
	struct buf b;
	struct message *m;
	char why[128];
	const int levels[] = {10, 30, 2000};

	(void)state;
	for (size_t k = 0; k < ARRAY_LEN(levels); k++) {
		int n = levels[k];

		buf_init(&b);
		buf_adds(&b, "From: a@b\nContent-Type: multipart/mixed; "
		    "boundary=\"b0\"\n\n");
		for (int i = 1; i < n; i++)
			buf_printf(&b, "--b%d\nContent-Type: multipart/mixed; "
			    "boundary=\"b%d\"\n\n", i - 1, i);
		buf_printf(&b, "--b%d\nContent-Type: text/plain\n\nhondo\n",
		    n - 1);
		for (int i = n - 1; i >= 0; i--)
			buf_printf(&b, "--b%d--\n", i);
		m = message_parse(b.data, b.len, NULL, cookie);
		assert_true(fx_message_ok(m, why, sizeof(why)));
		if (n <= 10) {
			assert_false(m->malformed);
			assert_string_equal(m->body, "hondo");
		} else {
			assert_true(m->malformed);
			assert_non_null(strstr(m->malformed_why, "anidad"));
		}
		message_free(m);
		buf_free(&b);
	}
	/* message/rfc822 inside message/rfc822, many thousand times */
	buf_init(&b);
	for (int i = 0; i < 5000; i++)
		buf_adds(&b, "From: a@b\nContent-Type: message/rfc822\n\n");
	buf_adds(&b, "From: x@y\n\nfin\n");
	m = message_parse(b.data, b.len, NULL, cookie);
	assert_true(m->malformed);
	message_free(m);
	buf_free(&b);
}

/*
 * Every fixture cut short at many points, and with bytes overwritten:
 * never a crash, always valid UTF-8.  A fixed seed keeps it repeatable.
 */
static void
test_damaged_fixtures(void **state)
{
	struct parse_limits lim = default_limits();
	char **names, why[128];
	size_t n = fx_list(fixtures_dir(), ".eml", &names);
	uint32_t seed = 12345;

	(void)state;
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", fixtures_dir(), names[i]), *raw;
		size_t len;

		assert_int_equal(read_file(path, 32u << 20, &raw, &len), 0);
		for (int cut = 1; cut <= 24; cut++) {
			struct message *m = message_parse(raw, len * cut / 25,
			    &lim, cookie);

			if (!fx_message_ok(m, why, sizeof(why)))
				fail_msg("%s cut %d: %s", names[i], cut, why);
			message_free(m);
		}
		for (int round = 0; round < 8; round++) {
			char *copy = xmemdup0(raw, len);
			struct message *m;

			for (int k = 0; k < 16 && len > 0; k++) {
				seed = seed * 1103515245u + 12345u;
				copy[(seed >> 8) % len] = (char)(seed >> 24);
			}
			m = message_parse(copy, len, &lim, cookie);
			if (!fx_message_ok(m, why, sizeof(why)))
				fail_msg("%s round %d: %s", names[i], round, why);
			message_free(m);
			free(copy);
		}
		free(raw);
		free(path);
	}
	fx_list_free(names, n);
}

/* Driver ----------------------------------------------------------------- */

/*
 * The repair copies valid text a run at a time (issue 15): runs must end
 * exactly at a bad byte, at a NUL (dropped) and at a sequence cut short
 * by the end, and every byte around them must come out as before.
 */
static void
test_utf8_repair_runs(void **state)
{
	static const char in[] = "a\xc3\xb1o \xe9x\0y\xe2\x82\xac\x80"
	    "\xf0\x9f\x98\x80z\xc3";
	char *out;
	struct buf big;

	(void)state;
	out = mime_utf8_repair(in, sizeof(in) - 1);
	/* ñ kept, é and the lone 0x80 (€) and 0xc3 (Ã) read as
	   windows-1252, the NUL dropped, the emoji kept. */
	assert_string_equal(out, "a\xc3\xb1o \xc3\xa9xy\xe2\x82\xac"
	    "\xe2\x82\xac\xf0\x9f\x98\x80z\xc3\x83");
	free(out);
	out = mime_utf8_repair("", 0);
	assert_string_equal(out, "");
	free(out);
	/* A long valid text comes out byte for byte. */
	buf_init(&big);
	for (int i = 0; i < 10000; i++)
		buf_adds(&big, "se\xc3\xb1or ");
	out = mime_utf8_repair(big.data, big.len);
	assert_int_equal(strlen(out), big.len);
	assert_memory_equal(out, big.data, big.len);
	free(out);
	buf_free(&big);
	/* ASCII is skipped eight bytes at a time: a bad byte or a NUL at
	   each place of a word, and across two, is still found. */
	for (size_t at = 0; at < 20; at++) {
		char one[21], want[22];

		memset(one, 'a', 20);
		one[20] = '\0';
		one[at] = (char)0xe9;
		memcpy(want, one, at);
		memcpy(want + at, "\xc3\xa9", 2);
		memcpy(want + at + 2, one + at + 1, 20 - at);
		out = mime_utf8_repair(one, 20);
		assert_string_equal(out, want);
		free(out);
		one[at] = '\0';
		out = mime_utf8_repair(one, 20);
		assert_int_equal(strlen(out), 19);
		free(out);
	}
}

static int
run_fixtures(void)
{
	char **names;
	size_t n = fx_list(fixtures_dir(), ".eml", &names);
	struct CMUnitTest *tests;
	int failed;

	if (n == 0) {
		fprintf(stderr, "no fixtures in %s\n", fixtures_dir());
		return 1;
	}
	tests = xcalloc(n, sizeof(*tests));
	for (size_t i = 0; i < n; i++) {
		names[i][strlen(names[i]) - 4] = '\0';	/* ".eml" */
		tests[i].name = names[i];
		tests[i].test_func = test_fixture;
		tests[i].initial_state = names[i];
	}
	failed = _cmocka_run_group_tests("fixtures", tests, n, NULL, NULL);
	free(tests);
	fx_list_free(names, n);
	return failed;
}

/* Bidi overrides and zero-width characters leave names and Subjects
   (issue 8): they would reorder or hide words in our replies and PDFs. */
static void
test_invisible_characters(void **state)
{
	struct message *m;

	(void)state;
	m = parse_str("From: =?UTF-8?B?QW5hIOKAri5leGUg4oCLTMOzcGV6?= "
	    "<ana@alumnos.utv.edu.mx>\r\n"
	    "Subject: =?UTF-8?Q?REGISTRO_=E2=80=AEfdp.exe=E2=80=AC_=E2=81=A6x"
	    "=E2=81=A9=EF=BB=BF?=\r\n\r\nhola\r\n");
	assert_string_equal(m->from_name, "Ana .exe López");
	assert_string_equal(m->subject, "REGISTRO fdp.exe x");
	message_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encoded_words),
		cmocka_unit_test(test_encoded_words_unclosed),
		cmocka_unit_test(test_charsets),
		cmocka_unit_test(test_rfc2231),
		cmocka_unit_test(test_safe_filename),
		cmocka_unit_test(test_msgids),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_split_headers),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_unflow),
		cmocka_unit_test(test_own_words),
		cmocka_unit_test(test_own_words_edges),
		cmocka_unit_test(test_api),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_no_limits_no_magic),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_return_path),
		cmocka_unit_test(test_automatic_headers),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_damaged_fixtures),
		cmocka_unit_test(test_invisible_characters),
		cmocka_unit_test(test_utf8_repair_runs),
	};
	int failed;

	cookie = magic_open(MAGIC_MIME_TYPE);
	if (cookie == NULL || magic_load(cookie, NULL) != 0) {
		fprintf(stderr, "libmagic: cannot load its database\n");
		return 1;
	}
	failed = cmocka_run_group_tests_name("mime", tests, NULL, NULL);
	failed += run_fixtures();
	magic_close(cookie);
	return failed;
}
