/* SPDX-License-Identifier: ISC */
/*
 * vars_read.c - the variables of an issued letter read back from its
 * summary (the canonical JSON vars_json wrote and the register keeps),
 * so a letter whose PDF was dropped can be rendered again with the very
 * text, folio and code it was issued with (tequioctl resend).
 *
 * Only the shape vars_json writes is accepted: an object of string
 * values and of "name[]" lists of such objects, strings with the escapes
 * json_string uses.  Anything else is refused, and nesting is bounded.
 */
#include <stdlib.h>
#include <string.h>

#include "letters/vars_int.h"

#define MAX_DEPTH 8

struct rd {
	const char *p, *end;
};

static void
skip_ws(struct rd *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' ||
	    *r->p == '\r' || *r->p == '\t'))
		r->p++;
}

static int
eat(struct rd *r, char c)
{
	skip_ws(r);
	if (r->p >= r->end || *r->p != c)
		return -1;
	r->p++;
	return 0;
}

/* One escape after the backslash, into out: 0, -1. */
static int
escape(struct rd *r, struct buf *out)
{
	static const char from[] = "\"\\/nrtbf", to[] = "\"\\/\n\r\t\b\f";
	const char *k;
	unsigned cp = 0;

	if (r->p >= r->end)
		return -1;
	if (*r->p != 'u') {
		if ((k = strchr(from, *r->p)) == NULL || *r->p == '\0')
			return -1;
		buf_addc(out, to[k - from]);
		r->p++;
		return 0;
	}
	if (r->end - r->p < 5)
		return -1;
	for (int i = 1; i <= 4; i++) {
		int h = hex_digit_value(r->p[i]);

		if (h < 0)
			return -1;
		cp = cp << 4 | (unsigned)h;
	}
	/* json_string escapes only control characters this way. */
	if (cp == 0 || cp >= 0x80)
		return -1;
	buf_addc(out, (char)cp);
	r->p += 5;
	return 0;
}

/* A string literal: a new string, or NULL when malformed. */
static char *
string(struct rd *r)
{
	struct buf b;

	if (eat(r, '"') != 0)
		return NULL;
	buf_init(&b);
	buf_grow(&b, 0);
	while (r->p < r->end && *r->p != '"') {
		if ((unsigned char)*r->p < 0x20)
			goto bad;
		if (*r->p == '\\') {
			r->p++;
			if (escape(r, &b) != 0)
				goto bad;
			continue;
		}
		buf_addc(&b, *r->p++);
	}
	if (r->p >= r->end)
		goto bad;
	r->p++;
	return buf_steal(&b);
bad:
	buf_free(&b);
	return NULL;
}

static int object(struct rd *r, struct vars *v, int depth);

/* "[" object ("," object)* "]" into the list name of v. */
static int
list(struct rd *r, struct vars *v, const char *name, int depth)
{
	if (eat(r, '[') != 0)
		return -1;
	skip_ws(r);
	if (r->p < r->end && *r->p == ']') {
		r->p++;
		return 0;
	}
	for (;;) {
		if (object(r, vars_list_add(v, name), depth + 1) != 0)
			return -1;
		skip_ws(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		return eat(r, ']');
	}
}

static int
member(struct rd *r, struct vars *v, int depth)
{
	char *key = string(r), *value;
	size_t n;
	int rc = -1;

	if (key == NULL || eat(r, ':') != 0)
		goto out;
	n = strlen(key);
	if (n > 2 && strcmp(key + n - 2, "[]") == 0) {
		key[n - 2] = '\0';
		rc = list(r, v, key, depth);
		goto out;
	}
	skip_ws(r);
	if ((value = string(r)) == NULL)
		goto out;
	vars_set(v, key, value);
	free(value);
	rc = 0;
out:
	free(key);
	return rc;
}

static int
object(struct rd *r, struct vars *v, int depth)
{
	if (depth > MAX_DEPTH || eat(r, '{') != 0)
		return -1;
	skip_ws(r);
	if (r->p < r->end && *r->p == '}') {
		r->p++;
		return 0;
	}
	for (;;) {
		if (member(r, v, depth) != 0)
			return -1;
		skip_ws(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		return eat(r, '}');
	}
}

struct vars *
vars_from_json(const char *s, size_t len, size_t *used)
{
	struct rd r = {s, s + len};
	struct vars *v = vars_new();

	if (object(&r, v, 0) != 0) {
		vars_free(v);
		return NULL;
	}
	if (used != NULL)
		*used = (size_t)(r.p - s);
	return v;
}
