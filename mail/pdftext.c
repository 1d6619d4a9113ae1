/* SPDX-License-Identifier: ISC */
/*
 * pdftext.c - the folded words of a PDF (pdftext.h).
 *
 * Why not poppler: it is a whole PDF interpreter (fonts, images, object
 * streams, repairs of broken files) with a long record of memory-safety
 * bugs, and it would run inside tequiod on files strangers send.  What
 * tequio needs is a few phrases of a title, so it reads strings and
 * nothing else: a forward scan, no recursion, hard ceilings, one library
 * (zlib, already in every Debian system) for the streams.
 */
#include "mail/pdftext.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "common/util.h"

struct out {
	char *s;
	size_t n;
	int full;
	size_t streams;
	size_t inflated;	/* bytes inflated so far, all streams */
};

/* ---- folding ---- */

/* The base letter of a Latin-1 code point 0xC0-0xFF, or 0. */
static char
latin1_base(unsigned cp)
{
	static const char map[] =
	    "aaaaaa\0ceeeeiiii\0nooooo\0ouuuuy\0\0"	/* 0xC0-0xDF */
	    "aaaaaa\0ceeeeiiii\0nooooo\0ouuuuy\0y";	/* 0xE0-0xFF */

	return cp >= 0xC0 && cp <= 0xFF ? map[cp - 0xC0] : 0;
}

static void
put_cp(struct out *o, unsigned cp)
{
	char c = 0;

	if (o->full)
		return;
	if (cp >= 'A' && cp <= 'Z')
		c = (char)(cp - 'A' + 'a');
	else if (cp >= 'a' && cp <= 'z')
		c = (char)cp;
	else
		c = latin1_base(cp);
	if (c == 0)
		return;
	o->s[o->n++] = c;
	if (o->n == PDFTEXT_MAX_TEXT)
		o->full = 1;
}

/*
 * The bytes of one string: UTF-16BE after a byte-order mark; otherwise
 * UTF-8 where the bytes form it (document information written by modern
 * tools) and Latin-1 (PDFDocEncoding, WinAnsi) where they do not.  Zero
 * bytes are dropped, so the two-byte CIDs of an OCR text layer (Unicode,
 * "<00410063>") read as their letters.
 */
struct dec {
	int mode;		/* 0 first two bytes, 1 bytes, 2 UTF-16BE */
	unsigned char pend[4];
	int npend, need;
};

static void
dec_flush(struct dec *d, struct out *o)
{
	for (int i = 0; i < d->npend; i++)
		put_cp(o, d->pend[i]);
	d->npend = 0;
	d->need = 0;
}

static unsigned
utf8_value(const unsigned char *b, int n)
{
	unsigned cp = b[0] & (n == 2 ? 0x1F : 0x0F);

	for (int i = 1; i < n; i++)
		cp = cp << 6 | (b[i] & 0x3F);
	return cp;
}

static void
dec_bytes(struct dec *d, unsigned char b, struct out *o)
{
	if (d->npend > 0) {
		if ((b & 0xC0) == 0x80) {
			d->pend[d->npend++] = b;
			if (d->npend == d->need) {
				put_cp(o, utf8_value(d->pend, d->npend));
				d->npend = 0;
				d->need = 0;
			}
			return;
		}
		dec_flush(d, o);
	}
	if (b >= 0xC2 && b <= 0xDF)
		d->need = 2;
	else if (b >= 0xE0 && b <= 0xEF)
		d->need = 3;
	if (d->need > 0)
		d->pend[d->npend++] = b;
	else
		put_cp(o, b);
}

static void
dec_byte(struct dec *d, unsigned char b, struct out *o)
{
	if (d->mode == 0) {
		d->pend[d->npend++] = b;
		if (d->npend < 2)
			return;
		if (d->pend[0] == 0xFE && d->pend[1] == 0xFF) {
			d->mode = 2;
			d->npend = 0;
			return;
		}
		d->mode = 1;
		d->npend = 0;
		dec_bytes(d, d->pend[0], o);
		dec_bytes(d, b, o);
		return;
	}
	if (d->mode == 1) {
		dec_bytes(d, b, o);
		return;
	}
	d->pend[d->npend++] = b;
	if (d->npend == 2) {
		put_cp(o, (unsigned)d->pend[0] << 8 | d->pend[1]);
		d->npend = 0;
	}
}

static void
dec_end(struct dec *d, struct out *o)
{
	if (d->mode != 2)
		dec_flush(d, o);
	d->npend = 0;
}

/* ---- strings ---- */

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	    c == '\0';
}

/* The escape after a backslash at p[*j]; *j moves past it. */
static int
escape(const unsigned char *p, size_t n, size_t *j)
{
	static const char from[] = "nrtbf", to[] = "\n\r\t\b\f";
	const char *k;
	int v = 0, digits = 0;

	if (*j >= n)
		return -1;
	if ((k = strchr(from, p[*j])) != NULL && p[*j] != '\0') {
		(*j)++;
		return to[k - from];
	}
	while (digits < 3 && *j < n && p[*j] >= '0' && p[*j] <= '7') {
		v = v * 8 + (p[*j] - '0');
		(*j)++;
		digits++;
	}
	if (digits > 0)
		return v & 0xFF;
	if (p[*j] == '\r' || p[*j] == '\n') {	/* a line continued */
		(*j)++;
		return -1;
	}
	return p[(*j)++];
}

/* A literal string opening at p[*j] == '('; *j moves past its end. */
static void
literal(const unsigned char *p, size_t n, size_t *j, struct out *o)
{
	struct dec d = {0, {0}, 0, 0};
	size_t depth = 1;
	int c;

	(*j)++;
	while (*j < n && depth > 0) {
		c = p[(*j)++];
		if (c == '\\') {
			if ((c = escape(p, n, j)) < 0)
				continue;
		} else if (c == '(') {
			depth++;
		} else if (c == ')' && --depth == 0) {
			break;
		}
		dec_byte(&d, (unsigned char)c, o);
	}
	dec_end(&d, o);
}

/* A hex string opening at p[*j] == '<' (not "<<"). */
static void
hexstring(const unsigned char *p, size_t n, size_t *j, struct out *o)
{
	struct dec d = {0, {0}, 0, 0};
	int hi = -1, v;

	(*j)++;
	while (*j < n && p[*j] != '>') {
		if (is_space(p[*j])) {
			(*j)++;
			continue;
		}
		if ((v = hex_digit_value(p[*j])) < 0)
			break;	/* not a string after all */
		(*j)++;
		if (hi < 0) {
			hi = v;
		} else {
			dec_byte(&d, (unsigned char)(hi << 4 | v), o);
			hi = -1;
		}
	}
	dec_end(&d, o);
}

/* Every string in p[0..n), in order. */
static void
strings_of(const unsigned char *p, size_t n, struct out *o)
{
	size_t j = 0;

	while (j < n && !o->full) {
		if (p[j] == '(') {
			literal(p, n, &j, o);
		} else if (p[j] == '<' && j + 1 < n && p[j + 1] == '<') {
			j += 2;
		} else if (p[j] == '<') {
			hexstring(p, n, &j, o);
		} else {
			j++;
		}
	}
}

/* ---- streams ---- */

/* memmem, but what it reads ends at the match: sanitizers check the
   whole haystack on each memmem, which made a file of many streams
   quadratic under test (100000 streams: 3.9 s, 26 ms without). */
static const unsigned char *
find(const unsigned char *p, size_t n, const char *what)
{
	size_t w = strlen(what);
	const unsigned char *at, *end = p + n;

	while (n >= w && (at = memchr(p, what[0], n - w + 1)) != NULL) {
		if (memcmp(at, what, w) == 0)
			return at;
		p = at + 1;
		n = (size_t)(end - p);
	}
	return NULL;
}

/* What a stream's dictionary says about reading it. */
enum body { BODY_SKIP, BODY_PLAIN, BODY_FLATE };

static enum body
body_kind(const unsigned char *dict, size_t n)
{
	static const char *const other[] = {"/DCT", "/JPX", "/CCITT",
	    "/JBIG2", "/LZW", "/ASCII85", "/ASCIIHex", "/RunLength",
	    "/Crypt", "/Image", "/Encrypt"};
	int flate = find(dict, n, "/FlateDecode") != NULL ||
	    find(dict, n, "/Fl ") != NULL || find(dict, n, "/Fl]") != NULL;

	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		if (find(dict, n, other[i]) != NULL)
			return BODY_SKIP;
	if (flate)
		return BODY_FLATE;
	return find(dict, n, "/Filter") != NULL ? BODY_SKIP : BODY_PLAIN;
}

/* Inflate p[0..n) into a new buffer of at most the ceilings; *len. */
static unsigned char *
inflate_bounded(const unsigned char *p, size_t n, struct out *o, size_t *len)
{
	size_t cap = PDFTEXT_MAX_INFLATE, left;
	unsigned char *buf;
	z_stream z;
	int rc;

	*len = 0;
	left = PDFTEXT_MAX_INFLATE_ALL - o->inflated;
	if (left < cap)
		cap = left;
	if (cap == 0)
		return NULL;
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 32) != Z_OK)	/* zlib or gzip header */
		return NULL;
	buf = xmalloc(cap);
	z.next_in = (unsigned char *)(uintptr_t)p;
	z.avail_in = n > UINT32_MAX ? UINT32_MAX : (uInt)n;
	z.next_out = buf;
	z.avail_out = (uInt)cap;
	/* Stops at the end of the data, on damage, or when buf is full:
	   what came out before is kept either way. */
	do
		rc = inflate(&z, Z_SYNC_FLUSH);
	while (rc == Z_OK && z.avail_out > 0 && z.avail_in > 0);
	*len = cap - z.avail_out;
	o->inflated += *len;
	inflateEnd(&z);
	return buf;
}

static void
stream_body(const unsigned char *dict, size_t dn, const unsigned char *body,
    size_t bn, struct out *o)
{
	enum body k = body_kind(dict, dn);
	unsigned char *buf;
	size_t len;

	if (k == BODY_SKIP || (k == BODY_FLATE &&
	    o->inflated >= PDFTEXT_MAX_INFLATE_ALL) ||
	    ++o->streams > PDFTEXT_MAX_STREAMS)
		return;
	if (k == BODY_PLAIN) {
		strings_of(body, bn, o);
		return;
	}
	if ((buf = inflate_bounded(body, bn, o, &len)) == NULL)
		return;
	strings_of(buf, len, o);
	free(buf);
}

/* Its dictionary: from the object's start ("obj") before it, within 4 KB. */
static size_t
dict_start(const unsigned char *p, size_t from, size_t kw)
{
	size_t lo = kw > from + 4096 ? kw - 4096 : from;

	for (size_t i = kw; i >= lo + 3; i--)
		if (memcmp(p + i - 3, "obj", 3) == 0)
			return i;
	return lo;
}

/* The start of a stream's data after the keyword at p[k], or 0. */
static size_t
data_start(const unsigned char *p, size_t n, size_t k)
{
	size_t d = k + 6;

	if (k >= 3 && memcmp(p + k - 3, "end", 3) == 0)
		return 0;
	if (d < n && p[d] == '\r')
		d++;
	if (d < n && p[d] == '\n')
		return d + 1;
	return 0;
}

char *
pdftext_folded(const void *data, size_t len)
{
	struct pdftext_cost cost;

	return pdftext_folded_cost(data, len, &cost);
}

char *
pdftext_folded_cost(const void *data, size_t len, struct pdftext_cost *cost)
{
	const unsigned char *p = data, *kw, *end;
	struct out o;
	size_t i = 0, k, d, e, ds;

	memset(&o, 0, sizeof(o));
	o.s = xmalloc(PDFTEXT_MAX_TEXT + 1);
	if (len < 5 || find(p, len < 1024 ? len : 1024, "%PDF-") == NULL)
		goto done;
	while (i < len && !o.full) {
		kw = find(p + i, len - i, "stream");
		k = kw != NULL ? (size_t)(kw - p) : len;
		d = kw != NULL ? data_start(p, len, k) : 0;
		if (d == 0) {
			/* No stream here: strings up to past the keyword. */
			e = kw != NULL ? k + 6 : len;
			strings_of(p + i, e - i, &o);
			i = e;
			continue;
		}
		strings_of(p + i, k - i, &o);
		end = find(p + d, len - d, "endstream");
		e = end != NULL ? (size_t)(end - p) : len;
		ds = dict_start(p, i, k);
		stream_body(p + ds, k - ds, p + d, e - d, &o);
		i = end != NULL ? e + 9 : len;
	}
done:
	o.s[o.n] = '\0';
	cost->streams = o.streams < PDFTEXT_MAX_STREAMS ? o.streams :
	    PDFTEXT_MAX_STREAMS;
	cost->inflated = o.inflated;
	return o.s;
}
