/* SPDX-License-Identifier: ISC */
/*
 * test_compose.c - outgoing messages: no header can be injected, Spanish
 * and emoji subjects and names are encoded so they decode back exactly,
 * long headers fold within 76 columns without splitting a character, the
 * quoted-printable body and base64 attachments round-trip, file names with
 * accents survive RFC 2231, and both Python's email parser (a strict, real
 * MIME reader) and our own libetpan parser read back what was written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "common/util.h"
#include "common/mailaddr.h"
#include "mail/compose.h"
#include "mail/message.h"

#define PYTHON "/usr/bin/python3"

static struct config cfg;

static int
setup(void **state)
{
	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.inst_name = "Universidad Tecnológica del Valle";
	cfg.address = "servicio.social@utv.edu.mx";
	cfg.addr_local = "servicio.social";
	cfg.addr_domain = "utv.edu.mx";
	setenv("TZ", "UTC", 1);
	tzset();
	return 0;
}

static struct outmail
basic_mail(void)
{
	struct outmail m;

	memset(&m, 0, sizeof(m));
	m.to = "ana.lopez@alumnos.utv.edu.mx";
	m.subject = "Estado";
	m.body = "Hola.\n";
	m.auto_reply = 1;
	m.date = 1795000000;	/* 2026-11-18 11:06:40 UTC */
	return m;
}

/* Compose m, failing the test if it is refused; caller frees. */
static char *
compose_ok(const struct outmail *m, char **msgid)
{
	struct buf b;
	char err[256] = "";

	buf_init(&b);
	if (compose_mail(&cfg, m, &b, msgid, err, sizeof(err)) != 0)
		fail_msg("compose refused: %s", err);
	return buf_steal(&b);
}

/* ---- helpers that read the message back ---- */

/* The unfolded value of header name (first occurrence), or NULL. */
static char *
header(const char *msg, const char *name)
{
	size_t nl = strlen(name);
	const char *p = msg, *end = strstr(msg, "\r\n\r\n");
	struct buf b;

	while (p != NULL && p < end) {
		if (ascii_ncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			p += nl + 1;
			buf_init(&b);
			for (;;) {
				const char *eol = strstr(p, "\r\n");
				buf_add(&b, p, (size_t)(eol - p));
				p = eol + 2;
				if (*p != ' ' && *p != '\t')
					break;
			}
			return str_trim(buf_steal(&b));
		}
		p = strstr(p, "\r\n");
		if (p != NULL)
			p += 2;
	}
	return NULL;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* One encoded-word's text decoded and appended; 0 when malformed. */
static int
decode_word(struct buf *out, const char *w, size_t n)
{
	const char *text;
	size_t tl;
	unsigned char bin[256];
	size_t binlen;

	if (n < 12 || strncmp(w, "=?UTF-8?", 8) != 0 ||
	    strncmp(w + n - 2, "?=", 2) != 0 || w[9] != '?')
		return 0;
	text = w + 10;
	tl = n - 12;
	if (w[8] == 'B') {
		if (sodium_base642bin(bin, sizeof(bin), text, tl, NULL, &binlen,
		    NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
			return 0;
		buf_add(out, bin, binlen);
		return utf8_valid((const char *)bin, binlen);
	}
	if (w[8] != 'Q')
		return 0;
	binlen = 0;
	for (size_t i = 0; i < tl; i++) {
		if (text[i] == '_') {
			bin[binlen++] = ' ';
		} else if (text[i] == '=') {
			if (i + 2 >= tl || hexval(text[i + 1]) < 0 ||
			    hexval(text[i + 2]) < 0)
				return 0;
			bin[binlen++] = (unsigned char)(hexval(text[i + 1]) * 16 +
			    hexval(text[i + 2]));
			i += 2;
		} else {
			bin[binlen++] = (unsigned char)text[i];
		}
	}
	buf_add(out, bin, binlen);
	/* Each word must decode to whole characters on its own. */
	return utf8_valid((const char *)bin, binlen);
}

/*
 * RFC 2047 decoding of an unfolded unstructured value, as our output uses
 * it: either plain words or a run of encoded-words.
 */
static char *
decode_2047(const char *v)
{
	struct buf b;
	int prev_encoded = 0;

	buf_init(&b);
	while (*v) {
		size_t sp = strspn(v, " "), wl;
		int enc;

		v += sp;
		wl = strcspn(v, " ");
		if (wl == 0)
			break;
		enc = wl >= 2 && v[0] == '=' && v[1] == '?';
		if (b.len > 0 && !(enc && prev_encoded))
			buf_addc(&b, ' ');
		if (enc)
			assert_true(decode_word(&b, v, wl));
		else
			buf_add(&b, v, wl);
		prev_encoded = enc;
		v += wl;
	}
	return buf_steal(&b);
}

/* Every line ends in CRLF, is at most max long, and is 7-bit. */
static void
assert_lines(const char *msg, size_t max)
{
	const char *p = msg;

	while (*p) {
		const char *eol = strstr(p, "\r\n");
		assert_non_null(eol);
		if ((size_t)(eol - p) > max)
			fail_msg("line longer than %zu: %.*s", max,
			    (int)(eol - p), p);
		for (const char *q = p; q < eol; q++) {
			assert_true(*q != '\r' && *q != '\n');
			assert_true((unsigned char)*q < 0x80);
		}
		p = eol + 2;
	}
}

/* Decode quoted-printable text. */
static char *
qp_decode(const char *s, size_t n)
{
	struct buf b;

	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '=') {
			buf_addc(&b, s[i]);
		} else if (i + 2 < n && s[i + 1] == '\r' && s[i + 2] == '\n') {
			i += 2;
		} else {
			assert_true(i + 2 < n && hexval(s[i + 1]) >= 0 &&
			    hexval(s[i + 2]) >= 0);
			buf_addc(&b, (char)(hexval(s[i + 1]) * 16 +
			    hexval(s[i + 2])));
			i += 2;
		}
	}
	return buf_steal(&b);
}

/* The text after the blank line that ends the headers. */
static const char *
body_of(const char *msg)
{
	const char *p = strstr(msg, "\r\n\r\n");

	assert_non_null(p);
	return p + 4;
}

/* ---- refusals ---- */

static void
expect_refused(const struct outmail *m, const char *want)
{
	struct buf b;
	char err[256] = "", *id = NULL;

	buf_init(&b);
	assert_int_equal(compose_mail(&cfg, m, &b, &id, err, sizeof(err)), -1);
	assert_int_equal(b.len, 0);
	assert_null(id);
	if (strstr(err, want) == NULL)
		fail_msg("error \"%s\" does not mention \"%s\"", err, want);
	buf_free(&b);
}

static void
test_injection_refused(void **state)
{
	static const char *const bad_ids[] = {
		"a@b\r\nBcc: x@y", "a b@c", "a<b@c", "a>b@c", "a@b\n", "",
		"a@b\r",
	};
	struct outmail m = basic_mail();
	const char *refs[2] = {"ok@x", NULL};

	(void)state;
	m.to = "ana@alumnos.utv.edu.mx\r\nBcc: victima@ejemplo.mx";
	expect_refused(&m, "recipient");
	m.to = "ana@alumnos.utv.edu.mx\nBcc: victima@ejemplo.mx";
	expect_refused(&m, "recipient");
	m.to = "Ana <ana@alumnos.utv.edu.mx>";
	expect_refused(&m, "recipient");
	m = basic_mail();
	m.reply_to = "servicio.social+x@utv.edu.mx\r\nX-Evil: 1";
	expect_refused(&m, "Reply-To");
	for (size_t i = 0; i < ARRAY_LEN(bad_ids); i++) {
		m = basic_mail();
		m.message_id = bad_ids[i];
		expect_refused(&m, "Message-ID");
		m = basic_mail();
		m.in_reply_to = bad_ids[i];
		expect_refused(&m, "In-Reply-To");
		m = basic_mail();
		refs[1] = bad_ids[i];
		m.references = refs;
		m.n_references = 2;
		expect_refused(&m, "References");
	}
}

static void
test_addr_ok(void **state)
{
	static const char *const good[] = {
		"a@b", "ana.lopez@alumnos.utv.edu.mx",
		"servicio.social+K7Q3MX@utv.edu.mx", "o'brien@x-y.mx",
	};
	static const char *const bad[] = {
		"", "a", "@b", "a@", "a@@b", "a@b@c", "a b@c", "a@b c",
		".a@b", "a.@b", "a..b@c", "a@b..c", "a@.b", "a@b.",
		"\"a\"@b", "a@[1.2.3.4]", "a@b\r\n", "a,b@c", "a@b;c",
		"añ@b", "a@ñ.mx", "<a@b>", "a@b_c",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(good); i++)
		if (!mailaddr_ok(good[i]))
			fail_msg("refused good address %s", good[i]);
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		if (mailaddr_ok(bad[i]))
			fail_msg("accepted bad address \"%s\"", bad[i]);
	assert_false(mailaddr_ok(NULL));
}

/* Control characters in free text become spaces; nothing is injected. */
static void
test_controls_in_text(void **state)
{
	struct outmail m = basic_mail();
	char *msg, *v, *d;

	(void)state;
	m.subject = "Hola\r\nBcc: victima@ejemplo.mx\tfin";
	m.to_name = "Ana\r\nX-Evil: sí";
	msg = compose_ok(&m, NULL);
	assert_null(strstr(msg, "\r\nBcc:"));
	assert_null(strstr(msg, "\r\nX-Evil:"));
	v = header(msg, "Subject");
	d = decode_2047(v);
	assert_string_equal(d, "Hola Bcc: victima@ejemplo.mx fin");
	free(v);
	free(d);
	free(msg);
}

/* ---- headers ---- */

static void
check_subject(const char *subject, const char *expect)
{
	struct outmail m = basic_mail();
	char *msg, *v, *d;

	m.subject = subject;
	msg = compose_ok(&m, NULL);
	assert_lines(msg, 76);
	v = header(msg, "Subject");
	assert_non_null(v);
	d = decode_2047(v);
	if (strcmp(d, expect) != 0)
		fail_msg("subject \"%s\" came back as \"%s\"", expect, d);
	free(v);
	free(d);
	free(msg);
}

static void
test_subjects(void **state)
{
	static const char *const subjects[] = {
		"ESTADO",
		"Solicitud de carta de presentación",
		"Año, señal, niño y pingüino",
		"¿Cuál es mi estado? ¡Gracias!",
		"Constancia lista ✅ 🎓🎓🎓🎓🎓🎓🎓🎓🎓🎓🎓🎓🎓🎓🎓🎓🎓🎓🎓🎓🎓🎓",
		"Re: [UTV] Fwd: Solicitud = urgente? a_b",
		"Contains =?UTF-8?Q?not_an_encoded_word?= literally",
		"ÁÉÍÓÚÜÑ áéíóúüñ ¿¡ «» — €",
	};
	struct buf longs;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(subjects); i++)
		check_subject(subjects[i], subjects[i]);
	/* Long ones must fold: ASCII, accented, and a single long word. */
	buf_init(&longs);
	for (int i = 0; i < 20; i++)
		buf_adds(&longs, "palabra ");
	buf_adds(&longs, "fin");
	check_subject(longs.data, longs.data);
	buf_reset(&longs);
	for (int i = 0; i < 30; i++)
		buf_adds(&longs, "acción ñandú ");
	buf_adds(&longs, "¡fin!");
	check_subject(longs.data, longs.data);
	buf_reset(&longs);
	for (int i = 0; i < 100; i++)
		buf_adds(&longs, "x");
	check_subject(longs.data, longs.data);
	buf_free(&longs);
	/* Space is tidied; invalid UTF-8 becomes U+FFFD. */
	check_subject("  dos   espacios  ", "dos espacios");
	check_subject("mal \xc3\x28 byte", "mal \xef\xbf\xbd( byte");
	check_subject("", "");
}

static void
test_addresses_and_names(void **state)
{
	struct outmail m = basic_mail();
	char *msg, *v, *d;

	(void)state;
	m.to_name = "Ana López Ñúñez";
	m.reply_to = "servicio.social+K7Q3MX@utv.edu.mx";
	msg = compose_ok(&m, NULL);
	assert_lines(msg, 76);
	v = header(msg, "From");
	assert_non_null(strstr(v, "<servicio.social@utv.edu.mx>"));
	*strstr(v, " <servicio") = '\0';
	d = decode_2047(v);
	assert_string_equal(d, "Universidad Tecnológica del Valle");
	free(v);
	free(d);
	v = header(msg, "To");
	assert_non_null(strstr(v, "<ana.lopez@alumnos.utv.edu.mx>"));
	*strstr(v, " <ana") = '\0';
	d = decode_2047(v);
	assert_string_equal(d, "Ana López Ñúñez");
	free(v);
	free(d);
	v = header(msg, "Reply-To");
	assert_string_equal(v, "servicio.social+K7Q3MX@utv.edu.mx");
	free(v);
	free(msg);

	/* ASCII names are quoted, with quotes escaped. */
	m.to_name = "Ana \"la jefa\" Lopez";
	m.reply_to = NULL;
	msg = compose_ok(&m, NULL);
	v = header(msg, "To");
	assert_string_equal(v,
	    "\"Ana \\\"la jefa\\\" Lopez\" <ana.lopez@alumnos.utv.edu.mx>");
	free(v);
	assert_null(header(msg, "Reply-To"));
	free(msg);

	/* No name: the bare address. */
	m.to_name = NULL;
	msg = compose_ok(&m, NULL);
	v = header(msg, "To");
	assert_string_equal(v, "ana.lopez@alumnos.utv.edu.mx");
	free(v);
	free(msg);
}

static void
test_fixed_headers(void **state)
{
	const char *refs[] = {"first@a.mx", "second@b.mx", "third@c.mx"};
	struct outmail m = basic_mail();
	char *msg, *v;

	(void)state;
	m.in_reply_to = "third@c.mx";
	m.references = refs;
	m.n_references = 3;
	msg = compose_ok(&m, NULL);
	v = header(msg, "Date");
	assert_string_equal(v, "Wed, 18 Nov 2026 11:06:40 +0000");
	free(v);
	v = header(msg, "In-Reply-To");
	assert_string_equal(v, "<third@c.mx>");
	free(v);
	v = header(msg, "References");
	assert_string_equal(v, "<first@a.mx> <second@b.mx> <third@c.mx>");
	free(v);
	v = header(msg, "Auto-Submitted");
	assert_string_equal(v, "auto-replied");
	free(v);
	v = header(msg, "X-Loop");
	assert_string_equal(v, "servicio.social@utv.edu.mx");
	free(v);
	v = header(msg, "MIME-Version");
	assert_string_equal(v, "1.0");
	free(v);
	v = header(msg, "Content-Language");
	assert_string_equal(v, "es");
	free(v);
	v = header(msg, "Content-Type");
	assert_string_equal(v, "text/plain; charset=UTF-8");
	free(v);
	free(msg);

	m.auto_reply = 0;
	msg = compose_ok(&m, NULL);
	v = header(msg, "Auto-Submitted");
	assert_string_equal(v, "auto-generated");
	free(v);
	free(msg);

	/* A local time zone shows as its offset. */
	setenv("TZ", "CST6", 1);
	tzset();
	msg = compose_ok(&m, NULL);
	v = header(msg, "Date");
	assert_string_equal(v, "Wed, 18 Nov 2026 05:06:40 -0600");
	free(v);
	free(msg);
	setenv("TZ", "UTC", 1);
	tzset();
}

static void
test_message_id(void **state)
{
	struct outmail m = basic_mail();
	char *msg, *msg2, *id = NULL, *id2 = NULL, *v, *g1, *g2;

	(void)state;
	m.message_id = "reply.42.abc@utv.edu.mx";
	msg = compose_ok(&m, &id);
	msg2 = compose_ok(&m, &id2);
	assert_string_equal(id, "reply.42.abc@utv.edu.mx");
	assert_string_equal(id2, id);
	v = header(msg, "Message-ID");
	assert_string_equal(v, "<reply.42.abc@utv.edu.mx>");
	free(v);
	free(id);
	free(id2);
	free(msg);
	free(msg2);

	/* Generated ones are unique and in our domain. */
	m.message_id = NULL;
	msg = compose_ok(&m, &id);
	msg2 = compose_ok(&m, &id2);
	assert_string_not_equal(id, id2);
	assert_non_null(strstr(id, "@utv.edu.mx"));
	v = header(msg, "Message-ID");
	g1 = xasprintf("<%s>", id);
	assert_string_equal(v, g1);
	free(v);
	free(g1);
	free(id);
	free(id2);
	free(msg);
	free(msg2);

	g1 = compose_message_id(&cfg, "ack");
	g2 = compose_message_id(&cfg, "a\r\n<b>");
	assert_true(strncmp(g1, "ack.", 4) == 0);
	assert_true(strncmp(g2, "ab.", 3) == 0);
	assert_string_not_equal(g1, g2);
	free(g1);
	free(g2);
}

/* ---- body ---- */

static void
test_qp_body(void **state)
{
	struct outmail m = basic_mail();
	struct buf in, want;
	char *msg, *dec;
	const char *body, *p;

	(void)state;
	buf_init(&in);
	buf_adds(&in, "Estimada alumna:\n");
	buf_adds(&in, "From here on, a line mbox would mangle.\n");
	buf_adds(&in, ".a line a careless SMTP client would eat\n");
	buf_adds(&in, ".\n");
	buf_adds(&in, "Acentos: áéíóú ñ ü ¿? ¡! y = signo\n");
	buf_adds(&in, "espacios al final   \n");
	buf_adds(&in, "tab al final\t\n");
	for (int i = 0; i < 40; i++)
		buf_adds(&in, "línea larga ");
	buf_adds(&in, "\r\n");
	for (int i = 0; i < 200; i++)
		buf_adds(&in, "ñ");
	buf_adds(&in, "\rCR solo\n\nFrom final");
	m.body = in.data;
	msg = compose_ok(&m, NULL);
	assert_lines(msg, 76);
	body = body_of(msg);
	/* No encoded line may start with "From " or ".", nor end in white
	   space (RFC 2045 6.7 rule 3: transports strip it). */
	for (p = body; *p; p = strstr(p, "\r\n") + 2) {
		const char *end = strstr(p, "\r\n");

		assert_true(strncmp(p, "From ", 5) != 0);
		assert_true(*p != '.');
		assert_true(end == p || (end[-1] != ' ' && end[-1] != '\t'));
	}
	dec = qp_decode(body, strlen(body));
	/* The decoded text is the input with CRLF line ends. */
	buf_init(&want);
	for (p = in.data; *p; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		if (*p == '\r' || *p == '\n')
			buf_adds(&want, "\r\n");
		else
			buf_addc(&want, *p);
	}
	buf_adds(&want, "\r\n");
	assert_string_equal(dec, want.data);
	free(dec);
	free(msg);
	buf_free(&want);
	buf_free(&in);
}

/*
 * The rules of RFC 2045 6.7 byte by byte, as compose.c applied them
 * before it copied runs of plain bytes at once (issue 15): the encoding
 * test_qp_runs holds it to, byte for byte.
 */
static int
ref_must_encode(const char *line, size_t n, size_t i, size_t col)
{
	unsigned char c = (unsigned char)line[i];

	if (c == '=' || c >= 0x7f || (c < 0x20 && c != '\t'))
		return 1;
	if ((c == ' ' || c == '\t') && i + 1 == n)
		return 1;
	return col == 0 && (c == '.' ||
	    (c == 'F' && n - i >= 5 && memcmp(line + i, "From ", 5) == 0));
}

static void
ref_qp_line(struct buf *out, const char *line, size_t n)
{
	size_t col = 0;

	for (size_t i = 0; i < n; i++) {
		int enc = ref_must_encode(line, n, i, col);

		if (col + (enc ? 3 : 1) > 75) {
			buf_adds(out, "=\r\n");
			col = 0;
			enc = ref_must_encode(line, n, i, col);
		}
		if (enc) {
			buf_printf(out, "=%02X", (unsigned char)line[i]);
			col += 3;
		} else {
			buf_addc(out, line[i]);
			col++;
		}
	}
	buf_adds(out, "\r\n");
}

/*
 * Lines of every length up to 160 with one special byte ('=', a space,
 * a tab, '.', "From ", a control or an 8-bit byte) at every position:
 * each side of the 75-byte soft break and of the eight-byte steps of
 * the plain runs, a space or '=' just before a break, a space ending
 * the line, "From " and "." starting a line after a soft break.
 */
static void
test_qp_runs(void **state)
{
	static const char *const specials[] = {
		"=", " ", "\t", ".", "From ", "\x01", "\x1f", "~", "\x7f", "\x80",
		"\xc3\xb1", "  ",
	};
	struct outmail m = basic_mail();
	char line[200];

	(void)state;
	for (size_t s = 0; s < ARRAY_LEN(specials); s++) {
		size_t k = strlen(specials[s]);

		for (size_t n = 0; n <= 160; n += (n < 90 ? 1 : 7)) {
			for (size_t at = 0; at + k <= n; at++) {
				struct buf want;
				char *msg;

				memset(line, 'x', n);
				memcpy(line + at, specials[s], k);
				line[n] = '\0';
				m.body = line;
				msg = compose_ok(&m, NULL);
				buf_init(&want);
				ref_qp_line(&want, line, n);
				assert_string_equal(body_of(msg), want.data);
				buf_free(&want);
				free(msg);
			}
		}
	}
}

/* ---- attachments ---- */

/* Decode "%XX" escapes. */
static void
pct_decode(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 &&
		    hexval(s[i + 2]) >= 0) {
			buf_addc(b, (char)(hexval(s[i + 1]) * 16 +
			    hexval(s[i + 2])));
			i += 2;
		} else {
			buf_addc(b, s[i]);
		}
	}
}

/*
 * The RFC 2231 file name of an unfolded Content-Disposition value, in
 * either the single or the continued form.
 */
static char *
rfc2231_name(const char *v)
{
	struct buf b;
	const char *p;
	char key[32];

	buf_init(&b);
	p = strstr(v, "filename*=UTF-8''");
	if (p != NULL) {
		p += strlen("filename*=UTF-8''");
		pct_decode(&b, p, strcspn(p, "; "));
		return buf_steal(&b);
	}
	for (int i = 0;; i++) {
		snprintf(key, sizeof(key), "filename*%d*=", i);
		p = strstr(v, key);
		if (p == NULL)
			break;
		p += strlen(key);
		if (i == 0) {
			assert_true(strncmp(p, "UTF-8''", 7) == 0);
			p += 7;
		}
		pct_decode(&b, p, strcspn(p, "; "));
	}
	return buf_steal(&b);
}

/* The MIME part whose headers contain needle: its headers and body. */
static void
find_part(const char *msg, const char *boundary, const char *needle,
    char **headers, char **body)
{
	char *delim = xasprintf("\r\n--%s", boundary);
	const char *p = strstr(msg, delim), *end, *hend;

	while (p != NULL) {
		p += strlen(delim) + 2;
		end = strstr(p, delim);
		assert_non_null(end);
		hend = strstr(p, "\r\n\r\n");
		assert_true(hend != NULL && hend < end);
		if (memmem(p, (size_t)(hend - p), needle, strlen(needle))) {
			*headers = xmemdup0(p, (size_t)(hend - p + 2));
			*body = xmemdup0(hend + 4, (size_t)(end - hend - 4 + 2));
			free(delim);
			return;
		}
		p = end;
	}
	fail_msg("no part with %s", needle);
}

static void
check_attachment_name(const char *name, const char *fallback)
{
	unsigned char data[1000], *bin;
	struct out_attachment att;
	struct outmail m = basic_mail();
	char *msg, *ct, *boundary, *ph, *pb, *cd, *got, *b64;
	size_t binlen, j = 0;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 7 + 3);
	att.filename = name;
	att.content_type = "application/pdf";
	att.data = data;
	att.len = sizeof(data);
	m.att = &att;
	m.n_att = 1;
	msg = compose_ok(&m, NULL);
	assert_lines(msg, 76);
	ct = header(msg, "Content-Type");
	assert_true(strncmp(ct, "multipart/mixed; boundary=\"", 27) == 0);
	boundary = xstrndup(ct + 27, strcspn(ct + 27, "\""));
	find_part(msg, boundary, "application/pdf", &ph, &pb);
	/* Part headers, unfolded with the message helper. */
	{
		char *wrapped = xasprintf("%s\r\n", ph);
		cd = header(wrapped, "Content-Disposition");
		free(wrapped);
	}
	assert_non_null(cd);
	assert_true(strncmp(cd, "attachment;", 11) == 0);
	got = xasprintf("filename=\"%s\"", fallback);
	if (strstr(cd, got) == NULL)
		fail_msg("no fallback %s in %s", got, cd);
	free(got);
	got = rfc2231_name(cd);
	if (strcmp(fallback, name) == 0)
		assert_string_equal(got, "");
	else
		assert_string_equal(got, name);
	free(got);
	/* Base64 body round-trips. */
	b64 = xmalloc(strlen(pb) + 1);
	for (const char *q = pb; *q; q++)
		if (*q != '\r' && *q != '\n')
			b64[j++] = *q;
	b64[j] = '\0';
	bin = xmalloc(sizeof(data));
	assert_int_equal(sodium_base642bin(bin, sizeof(data), b64, j, NULL,
	    &binlen, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
	assert_int_equal(binlen, sizeof(data));
	assert_memory_equal(bin, data, sizeof(data));
	free(bin);
	free(b64);
	free(cd);
	free(ph);
	free(pb);
	free(boundary);
	free(ct);
	free(msg);
}

static void
test_attachments(void **state)
{
	(void)state;
	check_attachment_name("carta.pdf", "carta.pdf");
	check_attachment_name("carta de presentación.pdf",
	    "carta de presentacion.pdf");
	check_attachment_name("Constancia_Ñandú_¿Ú?.pdf",
	    "Constancia_Nandu__U?.pdf");
	/* Long: continuations, the fallback keeps the extension. */
	check_attachment_name("carta de aceptación de la dependencia número "
	    "uno para el alumno José Ñúñez Pérez (versión definitiva).pdf",
	    "carta de aceptacion de la dependencia numero uno para el.pdf");
	check_attachment_name("informe 📄 \"final\".pdf",
	    "informe _ _final_.pdf");
}

/* A CSV goes as text/csv; charset=utf-8, its name after the parameter. */
static void
test_attachment_charset(void **state)
{
	struct out_attachment att = {"alumnos.csv", "text/csv; charset=utf-8",
	    (const unsigned char *)"\xef\xbb\xbf" "a\r\n", 6};
	struct outmail m = basic_mail();
	char *msg, *ct, *boundary, *ph, *pb, *wrapped, *pct;

	(void)state;
	m.att = &att;
	m.n_att = 1;
	msg = compose_ok(&m, NULL);
	ct = header(msg, "Content-Type");
	boundary = xstrndup(ct + 27, strcspn(ct + 27, "\""));
	find_part(msg, boundary, "text/csv", &ph, &pb);
	wrapped = xasprintf("%s\r\n", ph);
	pct = header(wrapped, "Content-Type");
	assert_string_equal(pct,
	    "text/csv; charset=utf-8; name=\"alumnos.csv\"");
	free(pct);
	free(wrapped);
	free(ph);
	free(pb);
	free(boundary);
	free(ct);
	free(msg);
}

static void
test_bad_attachment(void **state)
{
	struct out_attachment att = {"a.pdf", "application/pdf\r\nX: y",
	    (const unsigned char *)"x", 1};
	struct outmail m = basic_mail();

	(void)state;
	m.att = &att;
	m.n_att = 1;
	expect_refused(&m, "content type");
	att.content_type = "pdf";
	expect_refused(&m, "content type");
	/* A parameter is a token too: no quotes, no header smuggled after. */
	att.content_type = "text/csv; charset=\"utf-8\"";
	expect_refused(&m, "content type");
	att.content_type = "text/csv; charset=utf-8\r\nX: y";
	expect_refused(&m, "content type");
	att.content_type = "text/csv; charset";
	expect_refused(&m, "content type");
	att.content_type = "text/csv;";
	expect_refused(&m, "content type");
	att.content_type = "text/csv; charset=";
	expect_refused(&m, "content type");
	att.content_type = NULL;	/* application/octet-stream */
	free(compose_ok(&m, NULL));
}

/* ---- a real MIME reader ---- */

static const char py_check[] =
    "import email, email.policy, os, sys\n"
    "raw = open(sys.argv[1], 'rb').read()\n"
    "m = email.message_from_bytes(raw, policy=email.policy.default)\n"
    "bad = []\n"
    "def eq(what, got, want):\n"
    "    if got != want: bad.append('%s: %r != %r' % (what, got, want))\n"
    "for part in m.walk():\n"
    "    eq('defects', list(part.defects), [])\n"
    "eq('subject', str(m['subject']), os.environ['T_SUBJECT'])\n"
    "eq('from', m['from'].addresses[0].display_name,\n"
    "   os.environ['T_FROM'])\n"
    "eq('to', m['to'].addresses[0].display_name, os.environ['T_TO'])\n"
    "eq('body', m.get_body(('plain',)).get_content(),\n"
    "   os.environ['T_BODY'])\n"
    "names = [p.get_filename() for p in m.iter_attachments()]\n"
    "eq('files', names, os.environ['T_FILES'].split('|'))\n"
    "if bad: print('\\n'.join(bad))\n"
    "sys.exit(1 if bad else 0)\n";

static void
test_python_reads_it(void **state)
{
	char dir[] = "/tmp/tequio-compose-XXXXXX", *path, *script, *cmd;
	struct out_attachment att[2] = {
		{"carta de presentación ñandú ¿qué? ¡sí! con un nombre muy "
		    "largo, más de una línea.pdf", "application/pdf",
		    (const unsigned char *)"%PDF-1.4\n", 9},
		{"constancia.pdf", "application/pdf",
		    (const unsigned char *)"%PDF-1.4\n", 9},
	};
	struct outmail m = basic_mail();
	FILE *fp;
	char *msg;
	int st;

	(void)state;
	if (access(PYTHON, X_OK) != 0)
		skip();
	m.to_name = "José Ñúñez \"Pepe\"";
	m.subject = "Re: ¿Cuál es el estado de mi solicitud? ¡Urgente! 🎓 "
	    "niño, año, pingüino, con un asunto largo que debe doblarse";
	m.body = "Hola:\nFrom ahora.\n.punto\nÁÉÍÓÚ = ñ\n";
	m.att = att;
	m.n_att = 2;
	msg = compose_ok(&m, NULL);
	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/m.eml", dir);
	script = xasprintf("%s/check.py", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(msg, fp);
	assert_int_equal(fclose(fp), 0);
	fp = fopen(script, "w");
	assert_non_null(fp);
	fputs(py_check, fp);
	assert_int_equal(fclose(fp), 0);
	setenv("T_SUBJECT", m.subject, 1);
	setenv("T_FROM", cfg.inst_name, 1);
	setenv("T_TO", m.to_name, 1);
	setenv("T_BODY", "Hola:\r\nFrom ahora.\r\n.punto\r\nÁÉÍÓÚ = ñ\r\n", 1);
	setenv("T_FILES", "carta de presentación ñandú ¿qué? ¡sí! con un "
	    "nombre muy largo, más de una línea.pdf|constancia.pdf", 1);
	cmd = xasprintf("%s %s %s", PYTHON, script, path);
	st = system(cmd);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	unlink(path);
	unlink(script);
	rmdir(dir);
	free(cmd);
	free(script);
	free(path);
	free(msg);
}

/* Our own reader (mail/mime.c) gets back what we wrote. */
static void
test_reparse(void **state)
{
	static const unsigned char pdf[] = "%PDF-1.4\n%\xe2\xe3\n";
	struct out_attachment att = {
		"carta de aceptación de la dependencia, versión final, ñandú "
		    "y pingüino.pdf", "application/pdf", pdf, sizeof(pdf) - 1,
	};
	struct parse_limits lim = {1 << 20, 10, "utv.edu.mx",
	    "servicio.social@utv.edu.mx"};
	const char *refs[] = {"a1@x.mx", "b2@y.mx"};
	struct outmail m = basic_mail();
	struct message *pm;
	char *msg, *id = NULL;

	(void)state;
	m.to_name = "José Ñúñez";
	m.subject = "¿Cuál es mi estado? ¡Listo! 🎓 con un asunto bastante "
	    "largo para que se doble en varias líneas";
	m.body = "Estimado José:\nSu constancia está lista.\n.\nFrom aquí.\n";
	m.in_reply_to = "b2@y.mx";
	m.references = refs;
	m.n_references = 2;
	m.att = &att;
	m.n_att = 1;
	msg = compose_ok(&m, &id);
	pm = message_parse(msg, strlen(msg), &lim, NULL);
	assert_non_null(pm);
	assert_false(pm->malformed);
	assert_string_equal(pm->from_addr, "servicio.social@utv.edu.mx");
	assert_string_equal(pm->from_name, cfg.inst_name);
	assert_string_equal(pm->subject, m.subject);
	assert_string_equal(pm->message_id, id);
	assert_string_equal(pm->in_reply_to, "b2@y.mx");
	assert_int_equal(pm->n_references, 2);
	assert_string_equal(pm->references[0], "a1@x.mx");
	assert_non_null(strstr(pm->body_full, "Su constancia está lista."));
	assert_non_null(strstr(pm->body_full, "\n.\nFrom aquí."));
	assert_int_equal(pm->n_att, 1);
	assert_string_equal(pm->att[0].filename, att.filename);
	assert_int_equal(pm->att[0].len, att.len);
	assert_memory_equal(pm->att[0].data, pdf, att.len);
	/* Were it to come back to us, it would never be answered. */
	assert_int_not_equal(pm->automatic, AUTO_NONE);
	message_free(pm);
	free(id);
	free(msg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_injection_refused),
		cmocka_unit_test(test_addr_ok),
		cmocka_unit_test(test_controls_in_text),
		cmocka_unit_test(test_subjects),
		cmocka_unit_test(test_addresses_and_names),
		cmocka_unit_test(test_fixed_headers),
		cmocka_unit_test(test_message_id),
		cmocka_unit_test(test_qp_body),
		cmocka_unit_test(test_qp_runs),
		cmocka_unit_test(test_attachments),
		cmocka_unit_test(test_bad_attachment),
		cmocka_unit_test(test_attachment_charset),
		cmocka_unit_test(test_python_reads_it),
		cmocka_unit_test(test_reparse),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
