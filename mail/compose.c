/* SPDX-License-Identifier: ISC */
/*
 * compose.c - turning a struct outmail into the bytes of an RFC 5322
 * message that any mail reader displays correctly.
 *
 * Everything a user or another mailer supplied is either checked and
 * refused (addresses, message ids, content types: these are structured and
 * a bad one means a bug or an attack upstream) or cleaned and encoded (names,
 * subjects, file names: free text, where refusing would lose the reply).
 * Cleaning replaces control characters with spaces and invalid UTF-8 with
 * U+FFFD, so no CR, LF or NUL ever reaches a header.
 *
 * Header lines are folded at 76 columns, the limit RFC 2047 sets for lines
 * that carry encoded-words; encoded-words are cut on UTF-8 character
 * boundaries so each one decodes on its own.  The body is quoted-printable
 * (RFC 2045) and attachments base64, both in lines of at most 76 columns, so
 * the message is 7-bit clean and survives any relay.  Line ends are CRLF.
 */
#include "mail/compose.h"
#include "common/mailaddr.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LINE_LIMIT	76	/* RFC 2047 section 2 */
#define WORD_OVERHEAD	12	/* "=?UTF-8?Q?" + "?=" */
#define WORD_MIN	24	/* room for one 4-byte character, encoded */
#define PLAIN_WORD_MAX	60	/* longer ASCII words get encoded instead */
#define QUOTED_NAME_MAX	60	/* longer ASCII names get encoded instead */
#define MSGID_MAX	250	/* keeps "Message-ID: <...>" far below 998 */
#define FILENAME_MAX_LEN 255
#define FALLBACK_MAX	60	/* ASCII fallback file name */
#define RFC2231_SINGLE	56	/* filename*= fits one line up to this */
#define RFC2231_SEGMENT	46	/* one filename*N*= continuation */
#define CTYPE_MAX	100
#define B64_LINE_BYTES	57	/* 57 bytes become 76 base64 characters */

static const char utf8_replacement[] = "\xef\xbf\xbd";

/* ---- validation of structured values ---- */

/* Visible ASCII without the brackets that delimit a msg-id. */
static int
msgid_ok(const char *id)
{
	size_t len;

	if (id == NULL)
		return 0;
	len = strlen(id);
	if (len == 0 || len > MSGID_MAX)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)id[i];
		if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>')
			return 0;
	}
	return 1;
}

static int
is_token_char(int c)
{
	return c > 0x20 && c < 0x7f && strchr("()<>@,;:\\\"/[]?=", c) == NULL;
}

/* A run of RFC 2045 token characters at p: its length. */
static size_t
token_len(const char *p)
{
	size_t n = 0;

	while (p[n] != '\0' && is_token_char((unsigned char)p[n]))
		n++;
	return n;
}

/*
 * type "/" subtype, both RFC 2045 tokens, then any number of
 * "; attribute=value" parameters whose value is a token too (charset=utf-8):
 * nothing quoted, so nothing can end the header early.
 */
static int
ctype_ok(const char *ct)
{
	const char *p = ct;
	size_t n;

	if (strlen(ct) > CTYPE_MAX || (n = token_len(p)) == 0 ||
	    p[n] != '/' || (p += n + 1, n = token_len(p)) == 0)
		return 0;
	for (p += n; *p != '\0'; p += n) {
		if (*p++ != ';')
			return 0;
		while (*p == ' ')
			p++;
		if ((n = token_len(p)) == 0 || p[n] != '=')
			return 0;
		p += n + 1;
		if ((n = token_len(p)) == 0)
			return 0;
	}
	return 1;
}

/* ---- cleaning free text ---- */

/* C0, DEL, C1 and the Unicode line and paragraph separators. */
static int
is_control_seq(const unsigned char *p, size_t k)
{
	if (k == 1)
		return p[0] < 0x20 || p[0] == 0x7f;
	if (k == 2)
		return p[0] == 0xc2 && p[1] < 0xa0;
	return k == 3 && p[0] == 0xe2 && p[1] == 0x80 &&
	    (p[2] == 0xa8 || p[2] == 0xa9);
}

/*
 * Text fit for a header: valid UTF-8, controls turned into spaces, runs of
 * space collapsed and the ends trimmed.  Returns a new string.
 */
static char *
clean_text(const char *in)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t n = strlen(in), i = 0;
	struct buf b;
	int space = 1;		/* at start: drop leading space */

	buf_init(&b);
	while (i < n) {
		size_t k = utf8_seq(p + i, n - i);
		int is_space;

		is_space = k == 0 ? 0 : (p[i] == ' ' || is_control_seq(p + i, k));
		if (is_space) {
			if (!space)
				buf_addc(&b, ' ');
			space = 1;
		} else if (k == 0) {
			buf_adds(&b, utf8_replacement);
			space = 0;
		} else {
			buf_add(&b, p + i, k);
			space = 0;
		}
		i += k ? k : 1;
	}
	if (b.len > 0 && b.data[b.len - 1] == ' ')
		b.data[--b.len] = '\0';
	return buf_steal(&b);
}

static int
is_plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

/* ---- header writer: tokens separated by spaces, folded at 76 ---- */

struct hdr {
	struct buf *out;
	size_t col;
	int first;		/* nothing written after the colon yet */
};

static void
hdr_begin(struct hdr *h, struct buf *out, const char *name)
{
	h->out = out;
	buf_adds(out, name);
	buf_addc(out, ':');
	h->col = strlen(name) + 1;
	h->first = 1;
}

static void
hdr_fold(struct hdr *h)
{
	buf_adds(h->out, "\r\n");
	h->col = 0;
}

/* One unbreakable token, preceded by a space or a fold. */
static void
hdr_token(struct hdr *h, const char *tok, size_t len)
{
	if (!h->first && h->col + 1 + len > LINE_LIMIT)
		hdr_fold(h);
	buf_addc(h->out, ' ');
	buf_add(h->out, tok, len);
	h->col += 1 + len;
	h->first = 0;
}

static void
hdr_end(struct hdr *h)
{
	buf_adds(h->out, "\r\n");
}

/* ---- RFC 2047 encoded-words ---- */

/*
 * The Q characters left literal are those RFC 2047 section 5(3) allows in
 * a phrase, the strictest context, so one encoder serves names and
 * subjects alike.
 */
static int
q_literal(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '!' || c == '*' || c == '+' ||
	    c == '-' || c == '/';
}

static size_t
q_len(unsigned char c)
{
	return (q_literal(c) || c == ' ') ? 1 : 3;
}

static size_t
b64_len(size_t n)
{
	return (n + 2) / 3 * 4;
}

static void
q_put(struct buf *b, const unsigned char *p, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n; i++) {
		if (q_literal(p[i])) {
			buf_addc(b, (char)p[i]);
		} else if (p[i] == ' ') {
			buf_addc(b, '_');
		} else {
			buf_addc(b, '=');
			buf_addc(b, hex[p[i] >> 4]);
			buf_addc(b, hex[p[i] & 0xf]);
		}
	}
}

static void
b64_put(struct buf *b, const unsigned char *p, size_t n)
{
	size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);

	buf_grow(b, cap);
	sodium_bin2base64(b->data + b->len, cap, p, n,
	    sodium_base64_VARIANT_ORIGINAL);
	b->len += strlen(b->data + b->len);
}

/* Q unless B is shorter: Spanish text is mostly ASCII, emoji are not. */
static int
prefer_b(const unsigned char *p, size_t n)
{
	size_t q = 0;

	for (size_t i = 0; i < n; i++)
		q += q_len(p[i]);
	return b64_len(n) < q;
}

/*
 * Bytes of p (valid UTF-8, n long) that fit in an encoded-word whose
 * encoded text may be room characters long, cut at a character boundary.
 */
static size_t
word_take(const unsigned char *p, size_t n, size_t room, int use_b)
{
	size_t taken = 0, enc = 0;

	while (taken < n) {
		size_t k = utf8_seq(p + taken, n - taken), add = 0;

		if (k == 0)
			k = 1;	/* cannot happen after clean_text */
		if (use_b) {
			if (b64_len(taken + k) > room)
				break;
		} else {
			for (size_t j = 0; j < k; j++)
				add += q_len(p[taken + j]);
			if (enc + add > room)
				break;
			enc += add;
		}
		taken += k;
	}
	return taken;
}

/* text (cleaned) as encoded-words, each fitting on its line. */
static void
hdr_words(struct hdr *h, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t n = strlen(text), i = 0;
	int use_b = prefer_b(p, n);
	struct buf w;

	buf_init(&w);
	while (i < n) {
		size_t room, take;

		if (h->col + 1 + WORD_MIN > LINE_LIMIT)
			hdr_fold(h);
		room = LINE_LIMIT - h->col - 1 - WORD_OVERHEAD;
		take = word_take(p + i, n - i, room, use_b);
		buf_reset(&w);
		buf_adds(&w, use_b ? "=?UTF-8?B?" : "=?UTF-8?Q?");
		if (use_b)
			b64_put(&w, p + i, take);
		else
			q_put(&w, p + i, take);
		buf_adds(&w, "?=");
		hdr_token(h, w.data, w.len);
		i += take;
	}
	buf_free(&w);
}

/*
 * Unstructured text (Subject): plain words when it is short-worded ASCII
 * that cannot be mistaken for an encoded-word, encoded-words otherwise.
 */
static void
put_text_header(struct buf *out, const char *name, const char *raw)
{
	char *text = clean_text(raw);
	struct hdr h;
	int plain;

	plain = is_plain_ascii(text) && strstr(text, "=?") == NULL;
	for (const char *p = text; plain && *p; ) {
		size_t wl = strcspn(p, " ");
		if (wl > PLAIN_WORD_MAX)
			plain = 0;
		p += wl;
		p += *p == ' ';
	}
	hdr_begin(&h, out, name);
	if (plain) {
		for (const char *p = text; *p; ) {
			size_t wl = strcspn(p, " ");
			hdr_token(&h, p, wl);
			p += wl;
			p += *p == ' ';
		}
	} else {
		hdr_words(&h, text);
	}
	hdr_end(&h);
	free(text);
}

/*
 * A display name: quoted-string when ASCII and short, else encoded.
 * Returns 0 when the name cleaned down to nothing and nothing was written.
 */
static int
put_phrase(struct hdr *h, const char *raw)
{
	char *name = clean_text(raw);
	size_t len = strlen(name);

	if (len == 0) {
		free(name);
		return 0;
	}
	if (is_plain_ascii(name) && len <= QUOTED_NAME_MAX &&
	    strstr(name, "=?") == NULL) {
		struct buf q;

		buf_init(&q);
		buf_addc(&q, '"');
		for (const char *p = name; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_addc(&q, '\\');
			buf_addc(&q, *p);
		}
		buf_addc(&q, '"');
		hdr_token(h, q.data, q.len);
		buf_free(&q);
	} else {
		hdr_words(h, name);
	}
	free(name);
	return 1;
}

/* name <addr>, or the bare address when there is no name. */
static void
put_mailbox_header(struct buf *out, const char *hname, const char *name,
    const char *addr)
{
	struct hdr h;
	char *bracketed;

	hdr_begin(&h, out, hname);
	if (name != NULL && put_phrase(&h, name)) {
		bracketed = xasprintf("<%s>", addr);
		hdr_token(&h, bracketed, strlen(bracketed));
		free(bracketed);
	} else {
		hdr_token(&h, addr, strlen(addr));
	}
	hdr_end(&h);
}

static void
put_msgid_header(struct buf *out, const char *hname, const char *const *ids,
    size_t n)
{
	struct hdr h;

	hdr_begin(&h, out, hname);
	for (size_t i = 0; i < n; i++) {
		char *tok = xasprintf("<%s>", ids[i]);
		hdr_token(&h, tok, strlen(tok));
		free(tok);
	}
	hdr_end(&h);
}

/* ---- Date ---- */

static void
put_date(struct buf *out, int64_t when)
{
	static const char *const days[] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	static const char *const months[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
	};
	time_t t = (time_t)when;
	struct tm tm;
	long off;

	if (localtime_r(&t, &tm) == NULL) {
		gmtime_r(&t, &tm);
		tm.tm_gmtoff = 0;
	}
	off = tm.tm_gmtoff / 60;
	buf_printf(out, "Date: %s, %d %s %04d %02d:%02d:%02d %c%02ld%02ld\r\n",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+',
	    labs(off) / 60, labs(off) % 60);
}

/* ---- Message-ID ---- */

static void
random_bytes(unsigned char *p, size_t n)
{
	/* libsodium itself aborts when the kernel has no randomness. */
	if (sodium_init() < 0) {
		fprintf(stderr, "tequio: libsodium cannot initialise\n");
		abort();
	}
	randombytes_buf(p, n);
}

static const char *
our_domain(const struct config *cfg)
{
	const char *at;

	if (cfg->addr_domain != NULL && *cfg->addr_domain != '\0')
		return cfg->addr_domain;
	if (cfg->address != NULL && (at = strchr(cfg->address, '@')) != NULL)
		return at + 1;
	return "localhost";
}

char *
compose_message_id(const struct config *cfg, const char *tag)
{
	unsigned char rnd[16];
	char clean[33], *hex, *id;
	size_t n = 0;

	for (const char *p = tag ? tag : ""; *p && n < sizeof(clean) - 1; p++)
		if (mailaddr_is_domain_char((unsigned char)*p))
			clean[n++] = *p;
	clean[n] = '\0';
	random_bytes(rnd, sizeof(rnd));
	hex = hex_encode(rnd, sizeof(rnd));
	id = xasprintf("%s.%s@%s", n ? clean : "tequio", hex, our_domain(cfg));
	free(hex);
	return id;
}

/* ---- body: quoted-printable ---- */

/*
 * RFC 2045 section 6.7.  Besides the rules, a line starting "From " or "."
 * has that first character encoded: mbox writers and careless SMTP code
 * would otherwise mangle it.
 */
static int
qp_must_encode(const char *line, size_t n, size_t i, size_t col)
{
	unsigned char c = (unsigned char)line[i];

	if (c == '=' || c >= 0x7f || (c < 0x20 && c != '\t'))
		return 1;
	if ((c == ' ' || c == '\t') && i + 1 == n)
		return 1;
	if (col == 0 && (c == '.' ||
	    (c == 'F' && n - i >= 5 && memcmp(line + i, "From ", 5) == 0)))
		return 1;
	return 0;
}

#define ONES8	0x0101010101010101u
#define HIGH8	0x8080808080808080u

/*
 * How many of the n bytes at p are printable ASCII or space, and not
 * '=': what goes as it is within an output line, but for a space that
 * ends the line.  Eight bytes at a time while all of them are (the
 * tests are exact: a byte under 0x20, over 0x7e, or equal to '=').
 */
static size_t
qp_plain_run(const char *p, size_t n)
{
	size_t k = 0;

	for (; n - k >= 8; k += 8) {
		uint64_t v, eq;

		memcpy(&v, p + k, 8);
		eq = v ^ (ONES8 * '=');
		if ((((v - ONES8 * 0x20) & ~v) | ((v + ONES8 * 1) | v) |
		    ((eq - ONES8) & ~eq)) & HIGH8)
			break;
	}
	while (k < n && (unsigned char)p[k] >= 0x20 &&
	    (unsigned char)p[k] < 0x7f && p[k] != '=')
		k++;
	return k;
}

/*
 * Each output line is written straight into out, in room reserved for a
 * whole one and its soft break ("=\r\n") before it starts: byte by byte
 * through buf_add, this was most of the cost of composing a reply (issue
 * 15).  col is the column, never over LINE_LIMIT - 1.  Within an output
 * line, a run of plain bytes is measured and copied at once (most of any
 * reply); the rest, and every soft break, goes through the rules byte
 * by byte.
 */
static void
qp_line(struct buf *out, const char *line, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0, i = 0;
	char *o;

	buf_grow(out, LINE_LIMIT + 2);
	o = out->data + out->len;
	while (i < n) {
		unsigned char c;
		int enc;

		if (col > 0) {
			size_t room = LINE_LIMIT - 1 - col;
			size_t k = qp_plain_run(line + i, n - i < room ?
			    n - i : room);

			if (k > 0 && i + k == n && line[n - 1] == ' ')
				k--;	/* encoded: it ends the line */
			memcpy(o + col, line + i, k);
			col += k;
			i += k;
			if (i == n)
				break;
		}
		c = (unsigned char)line[i];
		/* Printable ASCII other than '=' goes as it is, but for the
		   start of a line, and a space but at the end of one: the
		   common case without the call. */
		enc = ((c > ' ' && c < 0x7f && c != '=' && (col > 0 ||
		    (c != '.' && c != 'F'))) || (c == ' ' && i + 1 < n)) ? 0 :
		    qp_must_encode(line, n, i, col);
		/* Keep room for the "=" of a soft break. */
		if (col + (enc ? 3 : 1) > LINE_LIMIT - 1) {
			memcpy(o + col, "=\r\n", 3);
			out->len += col + 3;
			buf_grow(out, LINE_LIMIT + 2);
			o = out->data + out->len;
			col = 0;
			enc = qp_must_encode(line, n, i, col);
		}
		if (enc) {
			o[col++] = '=';
			o[col++] = hex[c >> 4];
			o[col++] = hex[c & 0xf];
		} else {
			o[col++] = (char)c;
		}
		i++;
	}
	memcpy(o + col, "\r\n", 2);
	out->len += col + 2;
	out->data[out->len] = '\0';
}

/* Any of CRLF, LF or a lone CR ends a line of the text. */
static void
qp_body(struct buf *out, const char *text)
{
	const char *p = text;

	do {
		size_t n = strcspn(p, "\r\n");

		qp_line(out, p, n);
		p += n;
		if (*p == '\r')
			p++;
		if (*p == '\n')
			p++;
	} while (*p != '\0');
}

/* ---- attachments ---- */

static void
base64_body(struct buf *out, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i += B64_LINE_BYTES) {
		size_t k = n - i < B64_LINE_BYTES ? n - i : B64_LINE_BYTES;

		b64_put(out, p + i, k);
		buf_adds(out, "\r\n");
	}
}

/* Latin-1 letters as two-byte UTF-8 (C3 xx) and their ASCII base. */
static char
ascii_base_c3(unsigned char second)
{
	static const char map[64] =
	    "AAAAAAACEEEEIIII"	/* C3 80 .. C3 8F */
	    "DNOOOOO_OUUUUY_s"	/* C3 90 .. C3 9F */
	    "aaaaaaaceeeeiiii"	/* C3 A0 .. C3 AF */
	    "dnooooo_ouuuuy_y";	/* C3 B0 .. C3 BF */

	if (second < 0x80 || second > 0xbf)
		return '_';
	return map[second - 0x80];
}

/*
 * The ASCII name for readers that ignore RFC 2231: accents dropped,
 * anything else replaced, shortened keeping the extension.
 */
static char *
fallback_name(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t n = strlen(name), i = 0;
	struct buf b;
	const char *dot;
	size_t ext;

	buf_init(&b);
	while (i < n) {
		size_t k = utf8_seq(p + i, n - i);

		if (k == 1 && p[i] >= 0x20 && p[i] < 0x7f && p[i] != '"' &&
		    p[i] != '\\')
			buf_addc(&b, (char)p[i]);
		else if (k == 2 && p[i] == 0xc3)
			buf_addc(&b, ascii_base_c3(p[i + 1]));
		else
			buf_addc(&b, '_');
		i += k ? k : 1;
	}
	if (b.len > FALLBACK_MAX) {
		dot = strrchr(b.data, '.');
		ext = dot ? strlen(dot) : 0;
		if (ext > 10)
			ext = 0;
		memmove(b.data + FALLBACK_MAX - ext, b.data + b.len - ext, ext);
		b.len = FALLBACK_MAX;
		b.data[b.len] = '\0';
	}
	return buf_steal(&b);
}

/* RFC 5987 attr-char: what RFC 2231 values may carry unencoded. */
static int
is_attr_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr("!#$&+-.^_`|~", c));
}

/* One character of name, percent-encoded, appended to b. */
static void
pct_put(struct buf *b, const unsigned char *p, size_t k)
{
	for (size_t j = 0; j < k; j++) {
		if (is_attr_char(p[j]))
			buf_addc(b, (char)p[j]);
		else
			buf_printf(b, "%%%02X", p[j]);
	}
}

/*
 * filename*= (RFC 2231), as one parameter when short, else as numbered
 * continuations; a segment never splits a UTF-8 character, since some
 * readers decode each segment on its own.  Each token ends in ';': the
 * ASCII fallback follows.
 */
static void
put_rfc2231_name(struct hdr *h, const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t n = strlen(name), i = 0, total = 0;
	struct buf seg, tok;
	int part = 0;

	for (size_t j = 0; j < n; j++)
		total += is_attr_char(p[j]) ? 1 : 3;
	buf_init(&seg);
	buf_init(&tok);
	if (total <= RFC2231_SINGLE) {
		buf_adds(&tok, "filename*=UTF-8''");
		pct_put(&tok, p, n);
		buf_addc(&tok, ';');
		hdr_token(h, tok.data, tok.len);
		goto done;
	}
	while (i < n) {
		buf_reset(&seg);
		while (i < n) {
			size_t k = utf8_seq(p + i, n - i), mark = seg.len;

			if (k == 0)
				k = 1;
			pct_put(&seg, p + i, k);
			if (seg.len > RFC2231_SEGMENT && mark > 0) {
				seg.len = mark;
				seg.data[mark] = '\0';
				break;
			}
			i += k;
		}
		buf_reset(&tok);
		buf_printf(&tok, "filename*%d*=%s%s;", part,
		    part == 0 ? "UTF-8''" : "", seg.data);
		hdr_token(h, tok.data, tok.len);
		part++;
	}
done:
	buf_free(&seg);
	buf_free(&tok);
}

/* A checked content type (ctype_ok) as header words, each ending in ";"
   so the name parameter follows. */
static void
put_ctype(struct hdr *h, const char *ct)
{
	while (*ct != '\0') {
		size_t n = strcspn(ct, ";");
		char *tok = xasprintf("%.*s;", (int)n, ct);

		hdr_token(h, tok, strlen(tok));
		free(tok);
		ct += n;
		if (*ct == ';')
			ct++;
		while (*ct == ' ')
			ct++;
	}
}

static void
put_attachment(struct buf *out, const char *boundary,
    const struct out_attachment *a)
{
	char *name, *fb, *tok;
	struct hdr h;
	int need_2231;

	name = clean_text(a->filename != NULL ? a->filename : "");
	if (*name == '\0') {
		free(name);
		name = xstrdup("adjunto");
	}
	fb = fallback_name(name);
	need_2231 = strcmp(fb, name) != 0;

	buf_printf(out, "--%s\r\n", boundary);
	hdr_begin(&h, out, "Content-Type");
	put_ctype(&h, a->content_type ? a->content_type :
	    "application/octet-stream");
	tok = xasprintf("name=\"%s\"", fb);
	hdr_token(&h, tok, strlen(tok));
	free(tok);
	hdr_end(&h);
	buf_adds(out, "Content-Transfer-Encoding: base64\r\n");

	/*
	 * filename* first: RFC 2231 readers take it, older ones skip the
	 * unknown parameter and find the fallback; readers that keep the
	 * first of two "filename" values (Python's email) get the real name.
	 */
	hdr_begin(&h, out, "Content-Disposition");
	hdr_token(&h, "attachment;", strlen("attachment;"));
	if (need_2231)
		put_rfc2231_name(&h, name);
	tok = xasprintf("filename=\"%s\"", fb);
	hdr_token(&h, tok, strlen(tok));
	free(tok);
	hdr_end(&h);
	buf_adds(out, "\r\n");
	base64_body(out, a->data, a->len);
	free(fb);
	free(name);
}

/* ---- the whole message ---- */

static int
refuse(char *err, size_t errlen, const char *what, const char *value)
{
	/* The value may be hostile: show only that it was bad, not its bytes. */
	snprintf(err, errlen, "%s refused: %s", what,
	    value == NULL ? "missing" : "not a plain, safe value");
	return -1;
}

static int
check_inputs(const struct config *cfg, const struct outmail *m, char *err,
    size_t errlen)
{
	if (!mailaddr_ok(cfg->address))
		return refuse(err, errlen, "configured address", cfg->address);
	if (!mailaddr_ok(m->to))
		return refuse(err, errlen, "recipient address", m->to);
	if (m->reply_to != NULL && !mailaddr_ok(m->reply_to))
		return refuse(err, errlen, "Reply-To address", m->reply_to);
	if (m->message_id != NULL && !msgid_ok(m->message_id))
		return refuse(err, errlen, "Message-ID", m->message_id);
	if (m->in_reply_to != NULL && !msgid_ok(m->in_reply_to))
		return refuse(err, errlen, "In-Reply-To", m->in_reply_to);
	if (m->n_references > 0 && m->references == NULL)
		return refuse(err, errlen, "References", NULL);
	for (size_t i = 0; i < m->n_references; i++)
		if (!msgid_ok(m->references[i]))
			return refuse(err, errlen, "References",
			    m->references[i]);
	if (m->n_att > 0 && m->att == NULL)
		return refuse(err, errlen, "attachment", NULL);
	for (size_t i = 0; i < m->n_att; i++) {
		const struct out_attachment *a = &m->att[i];
		if (a->content_type != NULL && !ctype_ok(a->content_type))
			return refuse(err, errlen, "attachment content type",
			    a->content_type);
		if (a->filename != NULL && strlen(a->filename) >
		    FILENAME_MAX_LEN)
			return refuse(err, errlen, "attachment file name",
			    a->filename);
		if (a->len > 0 && a->data == NULL)
			return refuse(err, errlen, "attachment data", NULL);
	}
	return 0;
}

static void
put_headers(const struct config *cfg, const struct outmail *m,
    const char *msgid, struct buf *out)
{
	put_date(out, m->date != 0 ? m->date : now_seconds());
	put_mailbox_header(out, "From", cfg->inst_name, cfg->address);
	put_mailbox_header(out, "To", m->to_name, m->to);
	if (m->reply_to != NULL)
		put_mailbox_header(out, "Reply-To", NULL, m->reply_to);
	put_text_header(out, "Subject", m->subject ? m->subject : "");
	put_msgid_header(out, "Message-ID", &msgid, 1);
	if (m->in_reply_to != NULL)
		put_msgid_header(out, "In-Reply-To", &m->in_reply_to, 1);
	if (m->n_references > 0)
		put_msgid_header(out, "References", m->references,
		    m->n_references);
	buf_printf(out, "Auto-Submitted: %s\r\n",
	    m->auto_reply ? "auto-replied" : "auto-generated");
	buf_printf(out, "X-Loop: %s\r\n", cfg->address);
	buf_adds(out, "MIME-Version: 1.0\r\n");
	buf_adds(out, "Content-Language: es\r\n");
}

static void
put_text_part_headers(struct buf *out)
{
	buf_adds(out, "Content-Type: text/plain; charset=UTF-8\r\n");
	buf_adds(out, "Content-Transfer-Encoding: quoted-printable\r\n");
}

int
compose_mail(const struct config *cfg, const struct outmail *m,
    struct buf *out, char **msgid_out, char *err, size_t errlen)
{
	char *msgid = NULL, *boundary = NULL, *hex;
	unsigned char rnd[12];

	if (check_inputs(cfg, m, err, errlen) != 0)
		return -1;
	msgid = m->message_id ? xstrdup(m->message_id) :
	    compose_message_id(cfg, NULL);
	put_headers(cfg, m, msgid, out);
	if (m->n_att == 0) {
		put_text_part_headers(out);
		buf_adds(out, "\r\n");
		qp_body(out, m->body ? m->body : "");
	} else {
		/* "=_" cannot occur in base64 or quoted-printable text. */
		random_bytes(rnd, sizeof(rnd));
		hex = hex_encode(rnd, sizeof(rnd));
		boundary = xasprintf("=_tequio_%s", hex);
		free(hex);
		buf_printf(out, "Content-Type: multipart/mixed;\r\n"
		    " boundary=\"%s\"\r\n\r\n", boundary);
		buf_printf(out, "--%s\r\n", boundary);
		put_text_part_headers(out);
		buf_adds(out, "\r\n");
		qp_body(out, m->body ? m->body : "");
		/* The CRLF before a boundary is the boundary's: keep ours. */
		buf_adds(out, "\r\n");
		for (size_t i = 0; i < m->n_att; i++)
			put_attachment(out, boundary, &m->att[i]);
		buf_printf(out, "--%s--\r\n", boundary);
		free(boundary);
	}
	if (msgid_out != NULL)
		*msgid_out = msgid;
	else
		free(msgid);
	return 0;
}
