/*
 * mimelimit.c - the raw-byte limits of mimelimit.h.
 *
 * Two things make libetpan recurse, and both are counted on every line
 * that starts a header field, wherever it is (top-level header, a part's
 * header, the header of an attached message): a Content-Type that names
 * a composite type, and nested comments in any field.  A header field is
 * a line that starts with a field name and a colon, with its folded
 * continuation lines; libetpan accepts comments and white space around
 * the colon, the type and the slash ("Content-Type:(x)multipart /mixed"),
 * so those are skipped the way it skips them.
 */
#include "mimelimit.h"

#include <stdint.h>
#include <string.h>

#include "util.h"

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

/* Whether the field s[i..end), whose name ends at colon, declares a
   multipart or message type. */
static int
declares_composite(const char *s, size_t start, size_t colon, size_t end)
{
	static const char *const types[] = {"multipart", "message"};
	size_t deepest = 0, i;

	if (colon - start < 12 || ascii_ncasecmp(s + start, "content-type",
	    12) != 0 || skip_cfws(s, colon, start + 12, &deepest) != colon)
		return 0;
	i = skip_cfws(s, end, colon + 1, &deepest);
	for (size_t k = 0; k < ARRAY_LEN(types); k++) {
		size_t n = strlen(types[k]);

		if (end - i >= n && ascii_ncasecmp(s + i, types[k], n) == 0 &&
		    (end - i == n || !is_ftext((unsigned char)s[i + n]) ||
		    s[i + n] == '(' || s[i + n] == '/'))
			return 1;
	}
	return 0;
}

/* Where the colon of a field starting at s[i] is, or SIZE_MAX when the
   line does not start a header field. */
static size_t
field_colon(const char *s, size_t end, size_t i)
{
	size_t k = i, deepest = 0;

	while (k < end && is_ftext((unsigned char)s[k]) && s[k] != '(')
		k++;
	if (k == i)
		return SIZE_MAX;
	k = skip_cfws(s, end, k, &deepest);
	return k < end && s[k] == ':' ? k : SIZE_MAX;
}

const char *
mimelimit_check(const char *s, size_t len)
{
	size_t composites = 0, i = 0;

	while (i < len) {
		size_t end = field_end(s, len, i), colon;

		colon = field_colon(s, end, i);
		if (colon != SIZE_MAX) {
			if (comment_depth(s, i, end) > MIMELIMIT_COMMENT_DEPTH)
				return "Un encabezado del mensaje tiene "
				    "demasiados paréntesis anidados.";
			if (declares_composite(s, i, colon, end) &&
			    ++composites > MIMELIMIT_COMPOSITES)
				return "La estructura MIME del mensaje tiene "
				    "demasiadas partes anidadas.";
		}
		i = end;
	}
	return NULL;
}
