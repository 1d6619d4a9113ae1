/* SPDX-License-Identifier: ISC */
/*
 * mimelimit.c - the raw-byte limits of mimelimit.h.
 *
 * Two things make libetpan recurse.
 *
 * Nested parts: their depth is followed the way libetpan reads the mail
 * (a multipart's parts start after a line "--boundary" and end at the
 * next one or at "--boundary--"; an attached message starts with a
 * header of its own), and, as a bound that does not depend on reading
 * boundaries exactly as libetpan does, every Content-Type that names a
 * composite type is counted wherever it is.
 *
 * Nested comments: measured in every header field, wherever it is.  A
 * header field is a line that starts with a field name and a colon, with
 * its folded continuation lines; libetpan accepts comments and white
 * space around the colon, the type and the slash
 * ("Content-Type:(x)multipart /mixed"), so they are skipped the way it
 * skips them.
 */
#include "mail/mimelimit.h"

#include <stdint.h>
#include <string.h>

#include "common/util.h"

/* A field-name character (RFC 5322 ftext: printable, not ':'). */
static int
is_ftext(unsigned char c)
{
	return c > ' ' && c < 127 && c != ':';
}

static int
is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

/* The end of the header field starting at s[i]: past its folded lines. */
static size_t
field_end(const char *s, size_t len, size_t i)
{
	for (;;) {
		const char *nl = memchr(s + i, '\n', len - i);

		if (nl == NULL)
			return len;
		i = (size_t)(nl - s) + 1;
		if (i >= len || !is_wsp(s[i]))
			return i;
	}
}

/*
 * Skip white space, line breaks and comments from s[i] (up to end);
 * *deepest gets the deepest comment nesting seen.  Linear: a comment
 * that never closes runs to end.
 */
static size_t
skip_cfws(const char *s, size_t end, size_t i, size_t *deepest)
{
	size_t depth = 0;

	for (; i < end; i++) {
		char c = s[i];

		if (depth > 0 && c == '\\') {
			i++;
			continue;
		}
		if (c == '(') {
			if (++depth > *deepest)
				*deepest = depth;
		} else if (c == ')' && depth > 0) {
			depth--;
		} else if (depth == 0 && !is_wsp(c) && c != '\r' &&
		    c != '\n') {
			break;
		}
	}
	return i;
}

/* The deepest comment nesting anywhere in s[i..end) (quotes ignored:
   counting too much only errs on the generous side). */
static size_t
comment_depth(const char *s, size_t i, size_t end)
{
	size_t depth = 0, deepest = 0;

	for (; i < end; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '(' && ++depth > deepest)
			deepest = depth;
		else if (s[i] == ')' && depth > 0)
			depth--;
	}
	return deepest;
}

/* Where the colon of a field starting at s[i] is, or SIZE_MAX when the
   line does not start a header field. */
static size_t
field_colon(const char *s, size_t end, size_t i)
{
	size_t k = i, deepest = 0;

	/* Every line of a body comes here too, and most hold no colon:
	   memchr answers for them at once (issue 15). */
	if (i >= end || memchr(s + i, ':', end - i) == NULL)
		return SIZE_MAX;
	while (k < end && is_ftext((unsigned char)s[k]) && s[k] != '(')
		k++;
	if (k == i)
		return SIZE_MAX;
	k = skip_cfws(s, end, k, &deepest);
	return k < end && s[k] == ':' ? k : SIZE_MAX;
}

/* Content-Type, as far as nesting goes. */
enum ctype { CT_LEAF, CT_MULTIPART, CT_MESSAGE, CT_NONE };

struct frame {
	const char *boundary;	/* NULL for an attached message */
	size_t blen;
	int digest;		/* multipart/digest: parts default to messages */
};

/* Where the value of the boundary parameter of a Content-Type value
   s[i..end) starts (*blen its length), or NULL. */
static const char *
boundary_of(const char *s, size_t i, size_t end, size_t *blen)
{
	for (; i + 8 < end; i++) {
		size_t k, deepest = 0;

		if (s[i] != ';')
			continue;
		k = skip_cfws(s, end, i + 1, &deepest);
		if (end - k < 8 || ascii_ncasecmp(s + k, "boundary", 8) != 0)
			continue;
		k = skip_cfws(s, end, k + 8, &deepest);
		if (k >= end || s[k] != '=')
			continue;
		k = skip_cfws(s, end, k + 1, &deepest);
		if (k < end && s[k] == '"') {
			size_t v = ++k;

			while (k < end && s[k] != '"' && s[k] != '\r' &&
			    s[k] != '\n')
				k++;
			*blen = k - v;
			return s + v;
		}
		*blen = 0;
		while (k + *blen < end && is_ftext((unsigned char)s[k + *blen])
		    && s[k + *blen] != ';' && s[k + *blen] != '(')
			(*blen)++;
		return s + k;
	}
	return NULL;
}

/* What the Content-Type field s[start..end) (colon at colon) declares. */
static enum ctype
content_type(const char *s, size_t start, size_t colon, size_t end,
    struct frame *f)
{
	size_t deepest = 0, i;

	if (colon - start < 12 || ascii_ncasecmp(s + start, "content-type",
	    12) != 0 || skip_cfws(s, colon, start + 12, &deepest) != colon)
		return CT_NONE;
	i = skip_cfws(s, end, colon + 1, &deepest);
	if (end - i >= 7 && ascii_ncasecmp(s + i, "message", 7) == 0)
		return CT_MESSAGE;
	if (end - i < 9 || ascii_ncasecmp(s + i, "multipart", 9) != 0)
		return CT_LEAF;
	i = skip_cfws(s, end, i + 9, &deepest);
	if (i < end && s[i] == '/')
		i = skip_cfws(s, end, i + 1, &deepest);
	f->digest = end - i >= 6 && ascii_ncasecmp(s + i, "digest", 6) == 0;
	f->boundary = boundary_of(s, i, end, &f->blen);
	return CT_MULTIPART;
}

/*
 * In a body: whether the line at s[i..end) is a delimiter of an open
 * multipart; then *n drops to that multipart's depth (below it for its
 * closing delimiter) and the result is 1 for a new part, 2 for the end.
 */
static int
delimiter(const char *s, size_t i, size_t end, struct frame *st, size_t *n)
{
	if (end - i < 2 || s[i] != '-' || s[i + 1] != '-')
		return 0;
	for (size_t k = *n; k-- > 0;) {
		const struct frame *f = &st[k];

		if (f->boundary == NULL || end - i - 2 < f->blen ||
		    memcmp(s + i + 2, f->boundary, f->blen) != 0)
			continue;
		if (end - i - 2 - f->blen >= 2 && s[i + 2 + f->blen] == '-' &&
		    s[i + 3 + f->blen] == '-') {
			*n = k;
			return 2;
		}
		*n = k + 1;
		return 1;
	}
	return 0;
}

static int
blank_line(const char *s, size_t i, size_t end)
{
	return end - i <= 2 && (s[i] == '\n' || (s[i] == '\r' &&
	    end - i == 2 && s[i + 1] == '\n'));
}

/* Whether multiparts and attached messages nest deeper than the limit. */
static int
too_deep(const char *s, size_t len)
{
	struct frame st[MIMELIMIT_DEPTH + 1], cur;
	size_t n = 0, i = 0;
	int in_header = 1, digest = 0;
	enum ctype type = CT_NONE;

	memset(&cur, 0, sizeof(cur));
	while (i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t end = 0, colon = SIZE_MAX, line_end;

		line_end = nl != NULL ? (size_t)(nl - s) + 1 : len;
		/* Only a header's lines are read as folded fields: in a body
		   that would read indented lines again and again. */
		if (in_header) {
			end = field_end(s, len, i);
			colon = field_colon(s, end, i);
		}
		if (colon != SIZE_MAX) {
			enum ctype t = content_type(s, i, colon, end, &cur);

			/* a multipart without a boundary has no parts */
			if (t == CT_MULTIPART && (cur.boundary == NULL ||
			    cur.blen == 0))
				t = CT_LEAF;
			if (t != CT_NONE)
				type = t;
			i = end;
			continue;
		}
		if (in_header) {
			/* The header ends: what it declared opens a level. */
			in_header = 0;
			if (type == CT_NONE && digest)
				type = CT_MESSAGE;
			if (type == CT_MULTIPART || type == CT_MESSAGE) {
				if (n == MIMELIMIT_DEPTH)
					return 1;
				st[n] = cur;
				if (type == CT_MESSAGE)
					st[n].boundary = NULL;
				n++;
				in_header = type == CT_MESSAGE;
			}
			type = CT_NONE;
			memset(&cur, 0, sizeof(cur));
			digest = 0;
			if (blank_line(s, i, line_end))
				i = line_end;
			continue;
		}
		if (delimiter(s, i, line_end, st, &n) == 1) {
			in_header = 1;
			digest = st[n - 1].digest;
		}
		i = line_end;
	}
	return 0;
}

const char *
mimelimit_check(const char *s, size_t len)
{
	size_t composites = 0, i = 0;
	struct frame f;
	enum ctype t;

	if (too_deep(s, len))
		return "La estructura MIME del mensaje tiene demasiados "
		    "niveles anidados.";
	while (i < len) {
		size_t end = field_end(s, len, i), colon;

		colon = field_colon(s, end, i);
		if (colon == SIZE_MAX) {
			i = end;
			continue;
		}
		if (comment_depth(s, i, end) > MIMELIMIT_COMMENT_DEPTH)
			return "Un encabezado del mensaje tiene demasiados "
			    "paréntesis anidados.";
		t = content_type(s, i, colon, end, &f);
		if ((t == CT_MULTIPART || t == CT_MESSAGE) &&
		    ++composites > MIMELIMIT_COMPOSITES)
			return "La estructura MIME del mensaje tiene "
			    "demasiadas partes.";
		i = end;
	}
	return NULL;
}
