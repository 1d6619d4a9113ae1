/* SPDX-License-Identifier: ISC */
/*
 * mimehdr.c - charsets, encoded words, parameters, addresses and the
 * header block of received mail (see mimehdr.h).
 *
 * Real mail mislabels charsets, splits multi-byte characters across
 * encoded words, puts RFC 2047 words where RFC 2231 belongs and raw 8-bit
 * bytes everywhere.  The rule throughout: decode what the sender meant
 * when it can be told, and never return anything but valid UTF-8.
 * libetpan converts charsets (charconv, over iconv) and parses address
 * lists; everything it does not handle, or fails on, is done here.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Charsets and the RFC 5322 address parser only. */
#include <libetpan/charconv.h>
#include <libetpan/mailimf.h>

#include "mail/mimehdr.h"
#include "common/util.h"

#define MAX_HEADERS	1000	/* stored; the block may be longer */
#define MAX_SEGMENTS	64	/* RFC 2231 continuations of one parameter */
#define MAX_MSGIDS	500
#define MAX_FILENAME	200	/* bytes, cut at a character boundary */
#define MAX_CHARSET	64

/*
 * Append s as UTF-8, each invalid byte read as windows-1252; NULs dropped.
 * Valid text is copied a run at a time: one character at a time this was
 * 14 % of the daemon's main thread (issue 15).
 */
/* The length of the run of ASCII other than NUL at the start of p, read
   eight bytes at a time while they are all such. */
static size_t
ascii_run(const unsigned char *p, size_t len)
{
	const uint64_t high = 0x8080808080808080u, ones = 0x0101010101010101u;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t v;

		memcpy(&v, p + i, 8);
		/* A high bit, or a zero byte (the classic test). */
		if ((v & high) != 0 || ((v - ones) & ~v & high) != 0)
			break;
	}
	while (i < len && p[i] != 0 && p[i] < 0x80)
		i++;
	return i;
}

static void
add_repaired(struct buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		size_t start = i, k;

		for (;;) {
			/* ASCII, most of any text, without a call a byte. */
			i += ascii_run(p + i, len - i);
			if (i == len || p[i] == 0 ||
			    (k = utf8_seq(p + i, len - i)) == 0)
				break;
			i += k;
		}
		if (i > start)
			buf_add(b, p + start, i - start);
		if (i == len)
			break;
		if (p[i] != 0)
			buf_add_utf8(b, cp1252_unicode(p[i]));
		i++;
	}
}

char *
mime_utf8_repair(const char *s, size_t len)
{
	struct buf b;

	buf_sized(&b, len);
	add_repaired(&b, s, len);
	return buf_steal(&b);
}

static int
has_high_bytes(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 1;
	return 0;
}

/* Lower-case charset name without quotes or an RFC 2231 "*lang" tail. */
static void
charset_norm(const char *cs, char *out, size_t size)
{
	size_t o = 0;

	if (cs == NULL) {
		out[0] = '\0';
		return;
	}
	while (*cs == ' ' || *cs == '\t' || *cs == '"' || *cs == '\'')
		cs++;
	for (; *cs && *cs != '*' && *cs != '"' && *cs != '\'' &&
	    *cs != ' ' && *cs != ';' && o + 1 < size; cs++)
		out[o++] = (char)tolower((unsigned char)*cs);
	out[o] = '\0';
}

static int
in_list(const char *s, const char *const *list)
{
	for (size_t i = 0; list[i] != NULL; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

/* Labels whose text we read as UTF-8-or-windows-1252 ourselves. */
static const char *const utf8ish[] = {
	"", "utf-8", "utf8", "us-ascii", "ascii", "ansi_x3.4-1968",
	"unknown-8bit", "x-unknown", "unknown", "none", "default", NULL
};
static const char *const western[] = {
	"iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1",
	"windows-1252", "cp1252", "x-cp1252", "cp-1252", NULL
};

/* iconv names for labels that mail uses and glibc spells differently. */
static const char *
charset_alias(const char *cs)
{
	static const struct {
		const char *label, *iconv;
	} map[] = {
		{"unicode-1-1-utf-7", "UTF-7"},
		{"ks_c_5601-1987", "CP949"},
		{"ks_c_5601", "CP949"},
		{"x-mac-cyrillic", "MACCYRILLIC"},
		{"gb2312", "GB18030"},
		{"gbk", "GB18030"},
		{"x-gbk", "GB18030"},
		{"x-sjis", "SHIFT_JIS"},
		{"shift-jis", "SHIFT_JIS"},
		{"windows-874", "CP874"},
		{"iso-8859-8-i", "ISO-8859-8"},
		{"iso-8859-6-i", "ISO-8859-6"},
	};

	for (size_t i = 0; i < ARRAY_LEN(map); i++)
		if (strcmp(cs, map[i].label) == 0)
			return map[i].iconv;
	return cs;
}

/* Charsets in which ASCII bytes do not stand for ASCII text. */
static int
ascii_is_not_ascii(const char *cs)
{
	static const char *const prefix[] = {
		"utf-16", "utf-32", "ucs-", "utf-7", "unicode", "iso-2022", "hz",
	};

	for (size_t i = 0; i < ARRAY_LEN(prefix); i++)
		if (strncmp(cs, prefix[i], strlen(prefix[i])) == 0)
			return 1;
	return 0;
}

static void
add_cp1252(struct buf *b, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '\0')
			buf_add_utf8(b, cp1252_unicode((unsigned char)s[i]));
	}
}

/* Append len bytes in charset cs (raw label) to b as UTF-8. */
static void
add_converted(struct buf *b, const char *cs, const char *s, size_t len)
{
	char norm[MAX_CHARSET];
	char *out = NULL;

	charset_norm(cs, norm, sizeof(norm));
	if (in_list(norm, utf8ish) ||
	    (!has_high_bytes(s, len) && !ascii_is_not_ascii(norm))) {
		add_repaired(b, s, len);
		return;
	}
	/*
	 * 8-bit text that is valid UTF-8 is UTF-8 whatever its label says:
	 * text in a legacy charset practically never forms valid multi-byte
	 * sequences, and mislabelled UTF-8 is common.  7-bit encodings
	 * carrying 8-bit bytes are mislabelled too.
	 */
	if (!ascii_is_not_ascii(norm) && utf8_valid(s, len)) {
		add_repaired(b, s, len);
		return;
	}
	if (strncmp(norm, "iso-2022", 8) == 0 && has_high_bytes(s, len)) {
		add_repaired(b, s, len);
		return;
	}
	/* Latin-1 is read as its superset windows-1252, as browsers do. */
	if (in_list(norm, western)) {
		add_cp1252(b, s, len);
		return;
	}
	if (charconv("UTF-8", charset_alias(norm), s, len, &out) !=
	    MAIL_CHARCONV_NO_ERROR) {
		add_repaired(b, s, len);
		return;
	}
	add_repaired(b, out, strlen(out));
	free(out);
}

char *
mime_to_utf8(const char *charset, const char *s, size_t len)
{
	struct buf b;

	buf_sized(&b, len);
	add_converted(&b, charset, s, len);
	return buf_steal(&b);
}

/* RFC 2047 ------------------------------------------------------------ */

static int
b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* Lenient base64: skips what is not in the alphabet, stops at '='. */
static void
add_b64(struct buf *b, const char *s, size_t len)
{
	uint32_t acc = 0;
	int bits = 0;

	for (size_t i = 0; i < len && s[i] != '='; i++) {
		int v = b64_value((unsigned char)s[i]);

		if (v < 0)
			continue;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_addc(b, (char)((acc >> bits) & 0xff));
		}
	}
}

static void
add_q(struct buf *b, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		int hi, lo;

		if (s[i] == '_') {
			buf_addc(b, ' ');
		} else if (s[i] == '=' && i + 2 < len &&
		    (hi = hex_digit_value((unsigned char)s[i + 1])) >= 0 &&
		    (lo = hex_digit_value((unsigned char)s[i + 2])) >= 0) {
			buf_addc(b, (char)(hi * 16 + lo));
			i += 2;
		} else {
			buf_addc(b, s[i]);
		}
	}
}

struct eword {
	const char *cs;		/* charset label */
	size_t cslen;
	char enc;		/* 'B' or 'Q' */
	const char *text;
	size_t textlen;
	const char *end;	/* just past "?=" */
};

/*
 * Recognise "=?charset?B|Q?text?=" at p.  When the text runs into white
 * space or the end without "?=", *dead is set there: no encoded word can
 * start before it (each would need a "?=" that this scan did not find),
 * and the caller skips those starts instead of scanning the same text
 * again for each "=?" in it, which made a long header quadratic.
 */
static int
eword_parse(const char *p, struct eword *w, const char **dead)
{
	const char *q;

	if (p[0] != '=' || p[1] != '?')
		return 0;
	w->cs = p + 2;
	for (q = w->cs; *q && *q != '?'; q++)
		if (isspace((unsigned char)*q))
			return 0;
	w->cslen = (size_t)(q - w->cs);
	if (*q != '?' || w->cslen == 0 || w->cslen >= MAX_CHARSET)
		return 0;
	q++;
	w->enc = (char)toupper((unsigned char)*q);
	if ((w->enc != 'B' && w->enc != 'Q') || q[1] != '?')
		return 0;
	w->text = q + 2;
	for (q = w->text; *q; q++) {
		if (q[0] == '?' && q[1] == '=')
			break;
		if (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')
			break;
	}
	if (q[0] != '?') {
		*dead = q;
		return 0;
	}
	w->textlen = (size_t)(q - w->text);
	w->end = q + 2;
	return 1;
}

/*
 * Adjacent words in the same charset are decoded to bytes first and
 * converted together: encoders split multi-byte characters across words.
 */
struct pending {
	struct buf bytes;
	char cs[MAX_CHARSET];
};

static void
pending_flush(struct pending *pd, struct buf *out)
{
	if (pd->bytes.len > 0)
		add_converted(out, pd->cs, pd->bytes.data, pd->bytes.len);
	buf_reset(&pd->bytes);
}

static void
pending_add(struct pending *pd, struct buf *out, const struct eword *w)
{
	char cs[MAX_CHARSET];

	memcpy(cs, w->cs, w->cslen);
	cs[w->cslen] = '\0';
	if (pd->bytes.len > 0 && ascii_casecmp(cs, pd->cs) != 0)
		pending_flush(pd, out);
	memcpy(pd->cs, cs, w->cslen + 1);
	if (w->enc == 'B')
		add_b64(&pd->bytes, w->text, w->textlen);
	else
		add_q(&pd->bytes, w->text, w->textlen);
}

char *
mime_decode_words(const char *v)
{
	struct buf out;
	struct pending pd;
	const char *p = v, *dead = v;
	int after_word = 0;

	buf_init(&out);
	buf_init(&pd.bytes);
	pd.cs[0] = '\0';
	while (*p) {
		struct eword w;
		const char *run;

		if (p >= dead && eword_parse(p, &w, &dead)) {
			pending_add(&pd, &out, &w);
			p = w.end;
			after_word = 1;
			continue;
		}
		/* White space between two encoded words is not text. */
		if (after_word && (*p == ' ' || *p == '\t')) {
			const char *q = p;

			while (*q == ' ' || *q == '\t')
				q++;
			if (q >= dead && eword_parse(q, &w, &dead)) {
				p = q;
				continue;
			}
		}
		pending_flush(&pd, &out);
		after_word = 0;
		run = p++;
		while (*p && !(p[0] == '=' && p[1] == '?'))
			p++;
		add_repaired(&out, run, (size_t)(p - run));
	}
	pending_flush(&pd, &out);
	buf_free(&pd.bytes);
	return buf_steal(&out);
}

/* RFC 2231 ------------------------------------------------------------ */

static char *
unquote(const char *v)
{
	size_t n = strlen(v);
	struct buf b;

	if (n < 2 || v[0] != '"' || v[n - 1] != '"')
		return xstrdup(v);
	buf_init(&b);
	for (size_t i = 1; i + 1 < n; i++) {
		if (v[i] == '\\' && i + 2 < n)
			i++;
		buf_addc(&b, v[i]);
	}
	return buf_steal(&b);
}

static void
add_percent_decoded(struct buf *b, const char *s)
{
	for (; *s; s++) {
		int hi, lo;

		if (s[0] == '%' &&
		    (hi = hex_digit_value((unsigned char)s[1])) >= 0 &&
		    (lo = hex_digit_value((unsigned char)s[2])) >= 0) {
			buf_addc(b, (char)(hi * 16 + lo));
			s += 2;
		} else {
			buf_addc(b, *s);
		}
	}
}

/* Split "charset'lang'rest": copies the charset, returns rest. */
static const char *
ext_split(const char *v, char *cs, size_t cssize)
{
	const char *q1 = strchr(v, '\'');
	const char *q2 = q1 ? strchr(q1 + 1, '\'') : NULL;
	size_t n;

	cs[0] = '\0';
	if (q2 == NULL)
		return v;
	n = (size_t)(q1 - v);
	if (n >= cssize)
		n = cssize - 1;
	memcpy(cs, v, n);
	cs[n] = '\0';
	return q2 + 1;
}

/* name*=charset'lang'%XX... */
static char *
ext_value(const char *raw)
{
	char cs[MAX_CHARSET];
	char *v = unquote(raw), *res;
	const char *rest;
	struct buf bytes;

	rest = ext_split(v, cs, sizeof(cs));
	buf_sized(&bytes, strlen(rest));
	add_percent_decoded(&bytes, rest);
	res = mime_to_utf8(cs, bytes.data, bytes.len);
	buf_free(&bytes);
	free(v);
	return res;
}

/*
 * If pname is "name*N" or "name*N*", the segment number N (and whether it
 * is extended); -1 otherwise.
 */
static int
segment_of(const char *pname, const char *name, size_t nl, int *ext)
{
	const char *p;
	long k = 0;

	if (ascii_ncasecmp(pname, name, nl) != 0 || pname[nl] != '*')
		return -1;
	p = pname + nl + 1;
	if (!isdigit((unsigned char)*p))
		return -1;
	while (isdigit((unsigned char)*p) && k < MAX_SEGMENTS)
		k = k * 10 + (*p++ - '0');
	*ext = (*p == '*');
	if (*ext)
		p++;
	if (*p != '\0' || k >= MAX_SEGMENTS)
		return -1;
	return (int)k;
}

static char *
continued_value(const struct mime_param *params, size_t n, const char *name)
{
	const char *seg[MAX_SEGMENTS] = {NULL};
	int ext[MAX_SEGMENTS] = {0};
	size_t nl = strlen(name);
	char cs[MAX_CHARSET] = "";
	struct buf bytes;
	char *res;

	for (size_t i = 0; i < n; i++) {
		int e = 0, k = segment_of(params[i].name, name, nl, &e);

		if (k >= 0 && seg[k] == NULL) {
			seg[k] = params[i].value;
			ext[k] = e;
		}
	}
	if (seg[0] == NULL)
		return NULL;
	buf_sized(&bytes, 0);
	for (int k = 0; k < MAX_SEGMENTS && seg[k] != NULL; k++) {
		char *v = unquote(seg[k]);
		const char *rest = v;

		if (k == 0 && ext[0])
			rest = ext_split(v, cs, sizeof(cs));
		if (ext[k])
			add_percent_decoded(&bytes, rest);
		else
			buf_adds(&bytes, rest);
		free(v);
	}
	if (cs[0] != '\0') {
		res = mime_to_utf8(cs, bytes.data, bytes.len);
	} else {
		char *tmp = mime_utf8_repair(bytes.data, bytes.len);

		res = mime_decode_words(tmp);
		free(tmp);
	}
	buf_free(&bytes);
	return res;
}

char *
mime_param_get(const struct mime_param *params, size_t n, const char *name)
{
	size_t nl = strlen(name);
	char *res;

	for (size_t i = 0; i < n; i++) {
		const char *pn = params[i].name;

		if (ascii_ncasecmp(pn, name, nl) == 0 && pn[nl] == '*' &&
		    pn[nl + 1] == '\0')
			return ext_value(params[i].value);
	}
	if ((res = continued_value(params, n, name)) != NULL)
		return res;
	for (size_t i = 0; i < n; i++) {
		if (ascii_casecmp(params[i].name, name) == 0) {
			char *v = unquote(params[i].value);

			res = mime_decode_words(v);
			free(v);
			return res;
		}
	}
	return NULL;
}

/*
 * Length of a C1 control, or of a line separator or direction mark or
 * override (U+200E, U+200F, U+2028..U+202E, U+2066..U+2069) at s; 0 when
 * s holds none.  The direction marks let "factura\u202Efdp.exe" show as
 * "facturaexe.pdf" to the coordinator who reads the name.
 */
static size_t
hidden_char_len(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0)
		return 2;
	if (p[0] != 0xe2)
		return 0;
	if (p[1] == 0x80 && (p[2] == 0x8e || p[2] == 0x8f ||
	    (p[2] >= 0xa8 && p[2] <= 0xae)))
		return 3;
	if (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
		return 3;
	return 0;
}

char *
mime_safe_filename(const char *name)
{
	const char *base = name, *p;
	struct buf b;
	size_t cut;

	for (p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	while (*base == '.' || *base == ' ' || *base == '\t')
		base++;
	buf_init(&b);
	for (p = base; *p; p++) {
		size_t k = hidden_char_len(p);

		if (k > 0)
			p += k - 1;
		else if ((unsigned char)*p >= 0x20 && *p != 0x7f)
			buf_addc(&b, *p);
	}
	while (b.len > 0 && (b.data[b.len - 1] == ' ' ||
	    b.data[b.len - 1] == '.'))
		b.data[--b.len] = '\0';
	if (b.len > MAX_FILENAME) {
		cut = MAX_FILENAME;
		while (cut > 0 && ((unsigned char)b.data[cut] & 0xc0) == 0x80)
			cut--;
		b.data[cut] = '\0';
		b.len = cut;
	}
	if (b.len == 0) {
		buf_free(&b);
		return xstrdup("adjunto");
	}
	return buf_steal(&b);
}

/* Addresses ----------------------------------------------------------- */

struct addr_vec {
	struct mime_addr *v;
	size_t n, cap;
};

/*
 * A decoded display name.  libetpan keeps the quotes around a quoted
 * string that holds an encoded word ("=?...?=", against RFC 2047 but
 * common), so they are dropped after decoding.  An encoded word can carry
 * any byte: control characters become spaces, or "=0A" in a name would
 * start a line of its own in the replies and notices that quote it.
 */
static char *
display_name(const char *raw)
{
	char *d, *res;
	size_t n;

	if (raw == NULL)
		return xstrdup("");
	d = mime_decode_words(raw);
	for (char *p = d; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	str_trim(d);
	n = strlen(d);
	if (n >= 2 && d[0] == '"' && d[n - 1] == '"') {
		res = str_trim(unquote(d));
		free(d);
		return res;
	}
	return d;
}

static void
addr_push(struct addr_vec *av, const char *addr, size_t addrlen,
    const char *name)
{
	char *a;

	while (addrlen > 0 && isspace((unsigned char)*addr)) {
		addr++;
		addrlen--;
	}
	while (addrlen > 0 && isspace((unsigned char)addr[addrlen - 1]))
		addrlen--;
	if (addrlen == 0)
		return;
	if (av->n == av->cap) {
		av->cap = av->cap ? av->cap * 2 : 4;
		av->v = xreallocarray(av->v, av->cap, sizeof(*av->v));
	}
	a = mime_utf8_repair(addr, addrlen);
	ascii_lower_inplace(a);
	av->v[av->n].addr = a;
	av->v[av->n].name = display_name(name);
	av->n++;
}

/* Returns 0 when libetpan's reading of the mailbox cannot be right. */
static int
push_mailbox(struct addr_vec *av, const struct mailimf_mailbox *mb)
{
	if (mb == NULL || mb->mb_addr_spec == NULL)
		return 1;
	if (mb->mb_addr_spec[strcspn(mb->mb_addr_spec, "<>\"(), \t")] != '\0')
		return 0;
	addr_push(av, mb->mb_addr_spec, strlen(mb->mb_addr_spec),
	    mb->mb_display_name);
	return 1;
}

/* libetpan's RFC 5322 parser; 0 when it did not take the whole value. */
static int
addr_list_etpan(const char *value, struct addr_vec *av)
{
	struct mailimf_address_list *al = NULL;
	size_t len = strlen(value), idx = 0;
	clistiter *it;
	int ok = 1;

	if (mailimf_address_list_parse(value, len, &idx, &al) !=
	    MAILIMF_NO_ERROR)
		return 0;
	while (idx < len && (isspace((unsigned char)value[idx]) ||
	    value[idx] == ',' || value[idx] == ';'))
		idx++;
	if (idx < len) {
		mailimf_address_list_free(al);
		return 0;
	}
	for (it = clist_begin(al->ad_list); ok && it; it = clist_next(it)) {
		struct mailimf_address *ad = clist_content(it);
		struct mailimf_mailbox_list *ml;
		clistiter *m;

		if (ad->ad_type == MAILIMF_ADDRESS_MAILBOX) {
			ok = push_mailbox(av, ad->ad_data.ad_mailbox);
			continue;
		}
		if (ad->ad_data.ad_group == NULL ||
		    (ml = ad->ad_data.ad_group->grp_mb_list) == NULL)
			continue;
		for (m = clist_begin(ml->mb_list); ok && m; m = clist_next(m))
			ok = push_mailbox(av, clist_content(m));
	}
	mailimf_address_list_free(al);
	return ok;
}

/*
 * One element of an address list, parsed by hand: "name <addr>",
 * "addr (comment)", or a bare addr.  Quotes and comments are honoured.
 */
static void
addr_element(struct addr_vec *av, const char *s, size_t len)
{
	struct buf name, rest;
	const char *lt = NULL, *gt = NULL;
	int quoted = 0, depth = 0;

	buf_sized(&name, len);
	buf_sized(&rest, len);
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (quoted) {
			if (c == '\\' && i + 1 < len)
				c = s[++i];
			else if (c == '"') {
				quoted = 0;
				continue;
			}
			buf_addc(&name, c);
		} else if (depth > 0) {
			if (c == '(')
				depth++;
			else if (c == ')')
				depth--;
		} else if (c == '"') {
			quoted = 1;
		} else if (c == '(') {
			depth = 1;
		} else if (c == '<' && lt == NULL) {
			lt = s + i + 1;
			gt = memchr(lt, '>', len - i - 1);
			if (gt == NULL)
				gt = s + len;
			break;
		} else {
			buf_addc(&name, c);
			buf_addc(&rest, c);
		}
	}
	if (lt != NULL) {
		const char *colon = memchr(lt, ':', (size_t)(gt - lt));

		/* obsolete source route "<@a,@b:user@host>" */
		if (colon != NULL && lt[0] == '@')
			lt = colon + 1;
		str_trim(name.data);
		addr_push(av, lt, (size_t)(gt - lt), name.data);
	} else {
		char *tok = rest.data, *end;

		/* A bare addr-spec; take the word holding the '@'. */
		while (*tok && isspace((unsigned char)*tok))
			tok++;
		if (strchr(tok, '@') != NULL) {
			char *at = strchr(tok, '@');

			while (at > tok && !isspace((unsigned char)at[-1]))
				at--;
			tok = at;
		}
		for (end = tok; *end && !isspace((unsigned char)*end); end++)
			;
		addr_push(av, tok, (size_t)(end - tok), NULL);
	}
	buf_free(&name);
	buf_free(&rest);
}

static void
addr_list_own(const char *v, struct addr_vec *av)
{
	const char *start = v, *p;
	int quoted = 0, depth = 0, angle = 0;

	for (p = v;; p++) {
		char c = *p;

		if (c == '\0' || (!quoted && depth == 0 && !angle &&
		    (c == ',' || c == ';'))) {
			addr_element(av, start, (size_t)(p - start));
			if (c == '\0')
				break;
			start = p + 1;
			continue;
		}
		if (quoted) {
			if (c == '\\' && p[1] != '\0')
				p++;
			else if (c == '"')
				quoted = 0;
		} else if (depth > 0) {
			if (c == '(')
				depth++;
			else if (c == ')')
				depth--;
		} else if (c == '"') {
			quoted = 1;
		} else if (c == '(') {
			depth = 1;
		} else if (c == '<') {
			angle = 1;
		} else if (c == '>') {
			angle = 0;
		} else if (c == ':' && !angle && memchr(start, '@',
		    (size_t)(p - start)) == NULL) {
			/* group "name:" - its members follow */
			start = p + 1;
		}
	}
}

size_t
mime_addr_list(const char *value, struct mime_addr **out)
{
	struct addr_vec av = {NULL, 0, 0};

	if (!addr_list_etpan(value, &av)) {
		mime_addr_list_free(av.v, av.n);
		av.v = NULL;
		av.n = av.cap = 0;
		addr_list_own(value, &av);
	}
	*out = av.v;
	return av.n;
}

void
mime_addr_list_free(struct mime_addr *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(a[i].addr);
		free(a[i].name);
	}
	free(a);
}

size_t
mime_msgid_list(const char *value, char ***out)
{
	char **v = NULL;
	size_t n = 0, cap = 0;
	const char *p = value;
	int angled = strchr(value, '<') != NULL;

	while (*p && n < MAX_MSGIDS) {
		const char *s, *e;

		if (angled) {
			if ((s = strchr(p, '<')) == NULL)
				break;
			s++;
			if ((e = strchr(s, '>')) == NULL)
				e = s + strlen(s);
		} else {
			for (s = p; *s && isspace((unsigned char)*s); s++)
				;
			for (e = s; *e && !isspace((unsigned char)*e); e++)
				;
		}
		p = *e ? e + 1 : e;
		if (e == s)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 4;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		v[n] = xstrndup(s, (size_t)(e - s));
		str_trim(v[n]);
		n++;
	}
	*out = v;
	return n;
}

/* Header block -------------------------------------------------------- */

/* Length of "name" if line is "name:" or "name :"; 0 if not a field. */
static size_t
field_name_len(const char *line, size_t len)
{
	size_t i = 0, n;

	while (i < len && (unsigned char)line[i] > 32 &&
	    (unsigned char)line[i] < 127 && line[i] != ':')
		i++;
	n = i;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (n == 0 || i >= len || line[i] != ':')
		return 0;
	return n;
}

/* Whether the line at s is a header field or a folded continuation. */
static int
next_is_field(const char *s, size_t len)
{
	const char *nl = memchr(s, '\n', len);
	size_t ll = nl ? (size_t)(nl - s) : len;

	if (ll == 0)
		return 0;
	return s[0] == ' ' || s[0] == '\t' || field_name_len(s, ll) > 0;
}

struct hdr_vec {
	struct header *v;
	size_t n, cap;
	int open;		/* v[n - 1] is being continued */
	struct buf value;
};

static void
hdr_close(struct hdr_vec *hv)
{
	char *val;

	if (!hv->open)
		return;
	val = mime_utf8_repair(hv->value.data, hv->value.len);
	for (char *p = val; *p; p++)
		if (*p == '\r' || *p == '\n')
			*p = ' ';
	hv->v[hv->n - 1].value = str_trim(val);
	hv->open = 0;
	buf_reset(&hv->value);
}

static void
hdr_open(struct hdr_vec *hv, const char *name, size_t nl)
{
	if (hv->n == MAX_HEADERS)
		return;
	if (hv->n == hv->cap) {
		hv->cap = hv->cap ? hv->cap * 2 : 32;
		hv->v = xreallocarray(hv->v, hv->cap, sizeof(*hv->v));
	}
	hv->v[hv->n].name = mime_utf8_repair(name, nl);
	hv->v[hv->n].value = NULL;
	hv->n++;
	hv->open = 1;
}

int
mime_split_headers(const char *buf, size_t len, struct header **out,
    size_t *n, size_t *body_off)
{
	struct hdr_vec hv = {NULL, 0, 0, 0, {NULL, 0, 0}};
	size_t pos = 0, start;
	int res = 0;

	buf_init(&hv.value);
	if (len >= 5 && memcmp(buf, "From ", 5) == 0) {
		const char *nl = memchr(buf, '\n', len);

		pos = nl ? (size_t)(nl - buf) + 1 : len;
	}
	/* Lines of blanks before the first field (seen in the wild). */
	while (pos < len && (buf[pos] == ' ' || buf[pos] == '\t')) {
		size_t k = pos;

		while (k < len && (buf[k] == ' ' || buf[k] == '\t' ||
		    buf[k] == '\r'))
			k++;
		if (k >= len || buf[k] != '\n')
			break;
		pos = k + 1;
	}
	start = pos;
	*body_off = len;
	while (pos < len) {
		const char *line = buf + pos, *nl;
		size_t ll, next, fl;

		nl = memchr(line, '\n', len - pos);
		ll = nl ? (size_t)(nl - line) : len - pos;
		next = pos + ll + (nl ? 1 : 0);
		if (ll > 0 && line[ll - 1] == '\r')
			ll--;
		if (ll == 0) {
			*body_off = next;
			break;
		}
		if (line[0] == ' ' || line[0] == '\t') {
			if (hv.n == 0) {
				*body_off = start;
				res = -1;
				break;
			}
			if (hv.open)
				buf_add(&hv.value, line, ll);
		} else if ((fl = field_name_len(line, ll)) > 0) {
			const char *colon = memchr(line, ':', ll);

			hdr_close(&hv);
			hdr_open(&hv, line, fl);
			if (hv.open)
				buf_add(&hv.value, colon + 1,
				    ll - (size_t)(colon + 1 - line));
		} else if (hv.n > 0 && next_is_field(buf + next, len - next)) {
			/*
			 * A fold that lost its leading white space (seen
			 * from Exchange): more fields follow, so this line
			 * cannot be the start of the body.
			 */
			if (hv.open) {
				buf_addc(&hv.value, ' ');
				buf_add(&hv.value, line, ll);
			}
		} else {
			/* Not a field: the header block ends here. */
			*body_off = hv.n == 0 ? start : pos;
			res = hv.n == 0 ? -1 : 0;
			break;
		}
		pos = next;
	}
	hdr_close(&hv);
	buf_free(&hv.value);
	if (hv.n == 0)
		res = -1;
	*out = hv.v;
	*n = hv.n;
	return res;
}
