/* SPDX-License-Identifier: ISC */
/*
 * util.c - allocation wrappers, the growable buffer and string helpers.
 * See util.h for the ownership rules.
 */
#include "common/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "common/fault.h"

static void
oom(size_t n)
{
	fprintf(stderr, "tequio: out of memory allocating %zu bytes\n", n);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		oom(nmemb * size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		oom(n);
	return q;
}

void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		oom(SIZE_MAX);
	return xrealloc(p, nmemb * size);
}

char *
xstrdup(const char *s)
{
	return xmemdup0(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	return xmemdup0(s, strnlen(s, n));
}

char *
xmemdup0(const void *p, size_t n)
{
	char *s;

	if (n == SIZE_MAX)
		oom(n);
	s = xmalloc(n + 1);
	if (n)
		memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

char *
xasprintf(const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	buf_init(&b);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_steal(&b);
}

void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void
buf_sized(struct buf *b, size_t hint)
{
	buf_init(b);
	buf_grow(b, hint);
	b->data[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void
buf_grow(struct buf *b, size_t extra)
{
	size_t need, cap;

	if (extra > SIZE_MAX - b->len - 1)
		oom(SIZE_MAX);
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
	/* A fresh buffer is a valid empty string from its first allocation. */
	b->data[b->len] = '\0';
}

/*
 * Most appends fit in the room there is (cap - len counts the NUL): no
 * call to buf_grow for them (issue 15: half a million appends per 2000
 * mails).  A buffer without data (cap 0), or whose len some caller set
 * at or past cap, always goes through buf_grow.
 */
static int
buf_fits(const struct buf *b, size_t n)
{
	return b->len < b->cap && n < b->cap - b->len;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (!buf_fits(b, n))
		buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, char c)
{
	if (!buf_fits(b, 1))
		buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	size_t room;
	int n;

	/* Straight into the room there is (at least 128 bytes): most text
	   fits, and is formatted once instead of measured first (issue 15:
	   formatting was 3 % of the daemon's instructions). */
	buf_grow(b, 127);
	room = b->cap - b->len;
	va_copy(copy, ap);
	n = vsnprintf(b->data + b->len, room, fmt, copy);
	va_end(copy);
	if (n < 0) {
		fprintf(stderr, "tequio: bad format string \"%s\"\n", fmt);
		abort();
	}
	if ((size_t)n >= room) {
		buf_grow(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *
buf_steal(struct buf *b)
{
	char *p;

	if (b->data == NULL)
		return xstrdup("");
	p = b->data;
	buf_init(b);
	return p;
}

static int
ascii_lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

int
ascii_casecmp(const char *a, const char *b)
{
	/* Bytes that are equal need no folding: most of a matching name,
	   and the first byte of most names that differ (issue 15: header
	   names are compared some 350 times per message). */
	for (;; a++, b++) {
		int ca = (unsigned char)*a, cb = (unsigned char)*b;

		if (ca != cb) {
			ca = ascii_lower(ca);
			cb = ascii_lower(cb);
			if (ca != cb)
				return ca - cb;
		} else if (ca == 0) {
			return 0;
		}
	}
}

int
ascii_ncasecmp(const char *a, const char *b, size_t n)
{
	int ca = 0, cb = 0;

	while (n-- > 0) {
		ca = ascii_lower((unsigned char)*a++);
		cb = ascii_lower((unsigned char)*b++);
		if (ca != cb || ca == 0)
			break;
	}
	return ca - cb;
}

int
ascii_has_prefix_case(const char *s, const char *prefix)
{
	return ascii_ncasecmp(s, prefix, strlen(prefix)) == 0;
}

char *
ascii_lower_inplace(char *s)
{
	for (char *p = s; *p; p++)
		*p = (char)ascii_lower((unsigned char)*p);
	return s;
}

char *
ascii_upper_inplace(char *s)
{
	for (char *p = s; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - ('a' - 'A'));
	return s;
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	    c == '\v';
}

const char *
str_trim_span(const char *s, size_t *n)
{
	const char *end;

	while (is_space((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && is_space((unsigned char)end[-1]))
		end--;
	*n = (size_t)(end - s);
	return s;
}

char *
str_trim(char *s)
{
	size_t n;
	const char *start = str_trim_span(s, &n);

	memmove(s, start, n);
	s[n] = '\0';
	return s;
}

size_t
str_lcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size > 0) {
		size_t c = n < size - 1 ? n : size - 1;
		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return n;
}

/* Two-byte UTF-8 sequences (C3 xx) of Spanish letters and their base. */
static char
fold_c3(unsigned char second)
{
	static const struct {
		unsigned char b;
		char base;
	} map[] = {
		{0x81, 'a'}, {0xa1, 'a'}, {0x80, 'a'}, {0xa0, 'a'},
		{0x89, 'e'}, {0xa9, 'e'}, {0x88, 'e'}, {0xa8, 'e'},
		{0x8d, 'i'}, {0xad, 'i'}, {0x8c, 'i'}, {0xac, 'i'},
		{0x93, 'o'}, {0xb3, 'o'}, {0x92, 'o'}, {0xb2, 'o'},
		{0x9a, 'u'}, {0xba, 'u'}, {0x99, 'u'}, {0xb9, 'u'},
		{0x9c, 'u'}, {0xbc, 'u'}, {0x91, 'n'}, {0xb1, 'n'},
		{0x84, 'a'}, {0xa4, 'a'}, {0x8b, 'e'}, {0xab, 'e'},
		{0x8f, 'i'}, {0xaf, 'i'}, {0x96, 'o'}, {0xb6, 'o'},
	};

	for (size_t i = 0; i < ARRAY_LEN(map); i++)
		if (map[i].b == second)
			return map[i].base;
	return 0;
}

/*
 * Case folded, decomposed (NFD) and without combining marks, with
 * libunistring: "PRESENTACIÓN" typed on Windows (NFC) and on a Mac (NFD,
 * "O" + U+0301) fold to the same "presentacion".  NULL when s is not
 * valid UTF-8 (the byte-wise fold below then does what it can).
 */
static char *
fold_unicode(const char *s)
{
	size_t n = 0, len = strlen(s), out = 0;
	uint8_t *f = u8_casefold((const uint8_t *)s, len, NULL, UNINORM_NFD,
	    NULL, &n);
	struct buf b;

	if (f == NULL)
		return NULL;
	buf_init(&b);
	buf_grow(&b, n);
	while (out < n) {
		ucs4_t uc;
		int k = u8_mbtouc(&uc, f + out, n - out);

		if (k <= 0)
			break;
		if (!uc_is_general_category(uc, UC_CATEGORY_Mn))
			buf_add(&b, f + out, (size_t)k);
		out += (size_t)k;
	}
	free(f);
	return buf_steal(&b);
}

#define ONES8	0x0101010101010101u

/* Eight bytes below 0x80 to lower case at once: a byte's top bit is set
   in from_a when it is 'A' or over, in past_z when over 'Z'; no byte
   carries into the next. */
static uint64_t
lower8(uint64_t v)
{
	uint64_t from_a = v + ONES8 * (0x80 - 'A');
	uint64_t past_z = v + ONES8 * (0x80 - 'Z' - 1);

	return v | ((from_a & ~past_z & ONES8 * 0x80) >> 2);
}

/* ASCII folds to its lower case (casefold, NFD and the marks change
   nothing else): most text is ASCII, and libunistring's fold was 40 % of
   the daemon's CPU (issue 15).  Eight bytes at a time: a body is folded
   whole for every message (issue 15 again: 4 % of the mailbox side byte
   by byte).  NULL when s holds any other byte. */
static char *
fold_ascii(const char *s)
{
	size_t len = strlen(s), i = 0;
	char *f = xmalloc(len + 1);

	for (; len - i >= 8; i += 8) {
		uint64_t v;

		memcpy(&v, s + i, 8);
		if ((v & ONES8 * 0x80) != 0)
			goto other;
		v = lower8(v);
		memcpy(f + i, &v, 8);
	}
	for (; i <= len; i++) {
		if ((unsigned char)s[i] >= 0x80)
			goto other;
		f[i] = (char)ascii_lower((unsigned char)s[i]);
	}
	return f;
other:
	free(f);
	return NULL;
}

/*
 * ASCII with Spanish letters (a C3 pair fold_c3 knows: á, Ñ, ü...) and
 * the opening marks ¡ ¿: what Spanish mail holds, folded as the Unicode
 * fold would (each letter decomposes to its base and a mark dropped),
 * without libunistring.  NULL when s holds any other byte.
 */
static char *
fold_latin(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char *f = xmalloc(strlen(s) + 1), *o = f;

	while (*p) {
		if (*p < 0x80) {
			*o++ = (char)ascii_lower(*p++);
		} else if (p[0] == 0xc3 && p[1] != 0 && fold_c3(p[1])) {
			*o++ = fold_c3(p[1]);
			p += 2;
		} else if (p[0] == 0xc2 && (p[1] == 0xa1 || p[1] == 0xbf)) {
			*o++ = (char)*p++;
			*o++ = (char)*p++;
		} else {
			free(f);
			return NULL;
		}
	}
	*o = '\0';
	return f;
}

char *
fold_spanish_common(const char *s)
{
	char *u = fold_ascii(s);

	return u != NULL ? u : fold_latin(s);
}

char *
fold_spanish(const char *s)
{
	struct buf b;
	const unsigned char *p = (const unsigned char *)s;
	char *u;

	if ((u = fold_spanish_common(s)) != NULL)
		return u;
	if (utf8_valid(s, strlen(s)) && (u = fold_unicode(s)) != NULL)
		return u;
	buf_init(&b);
	buf_grow(&b, strlen(s));
	while (*p) {
		if (p[0] == 0xc3 && p[1] != 0) {
			char base = fold_c3(p[1]);
			if (base) {
				buf_addc(&b, base);
				p += 2;
				continue;
			}
		}
		buf_addc(&b, (char)ascii_lower(*p));
		p++;
	}
	return buf_steal(&b);
}

size_t
utf8_seq(const unsigned char *p, size_t avail)
{
	size_t k;

	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0)
		k = 2;
	else if ((p[0] & 0xf0) == 0xe0)
		k = 3;
	else if ((p[0] & 0xf8) == 0xf0)
		k = 4;
	else
		return 0;
	if (avail < k || !utf8_valid((const char *)p, k))
		return 0;
	return k;
}

int
utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;

	while (p < e) {
		unsigned char c = *p;
		size_t k;
		uint32_t cp;

		if (c < 0x80) {
			/* ASCII, most of any text: eight bytes at a time. */
			uint64_t v;

			p++;
			while (e - p >= 8) {
				memcpy(&v, p, 8);
				if ((v & 0x8080808080808080u) != 0)
					break;
				p += 8;
			}
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			k = 1;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			k = 2;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			k = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if ((size_t)(e - p) <= k)
			return 0;
		for (size_t i = 1; i <= k; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if ((k == 1 && cp < 0x80) || (k == 2 && cp < 0x800) ||
		    (k == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		p += k + 1;
	}
	return 1;
}

char *
hex_encode(const unsigned char *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char *s = xmalloc(2 * n + 1);

	for (size_t i = 0; i < n; i++) {
		s[2 * i] = digits[p[i] >> 4];
		s[2 * i + 1] = digits[p[i] & 0xf];
	}
	s[2 * n] = '\0';
	return s;
}

int64_t
monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
now_seconds(void)
{
	const char *pin = getenv("TEQUIO_NOW");

	if (pin && *pin) {
		char *end;
		long long v = strtoll(pin, &end, 10);
		if (*end == '\0')
			return v;
	}
	return (int64_t)time(NULL);
}

int
read_file(const char *path, size_t max, char **out, size_t *outlen)
{
	struct buf b;
	char chunk[8192];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fault_errno(path, errno);
		return -1;
	}
	buf_init(&b);
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (n == 0)
			break;
		if (b.len + (size_t)n > max) {
			errno = EFBIG;
			goto fail;
		}
		buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	*outlen = b.len;
	*out = buf_steal(&b);
	return 0;
fail:
	{
		int saved = errno;
		fault_errno(path, saved);
		close(fd);
		buf_free(&b);
		errno = saved;
	}
	return -1;
}

/* windows-1252 0x80..0x9f; the rest of the high half is Latin-1. */
static const uint16_t cp1252_c1[32] = {
	0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd,
	0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178,
};

uint32_t
cp1252_unicode(unsigned char c)
{
	if (c >= 0x80 && c < 0xa0)
		return cp1252_c1[c - 0x80];
	return c;
}

void
buf_add_utf8(struct buf *b, uint32_t cp)
{
	char s[4];

	if (cp < 0x80) {
		buf_addc(b, (char)cp);
		return;
	}
	if (cp < 0x800) {
		s[0] = (char)(0xc0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, s, 2);
		return;
	}
	if (cp < 0x10000) {
		s[0] = (char)(0xe0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, s, 3);
		return;
	}
	s[0] = (char)(0xf0 | (cp >> 18));
	s[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	s[3] = (char)(0x80 | (cp & 0x3f));
	buf_add(b, s, 4);
}

int
hex_digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
