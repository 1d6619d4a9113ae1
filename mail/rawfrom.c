/* SPDX-License-Identifier: ISC */
/*
 * rawfrom.c - the sender of a message, read without parsing it (see
 * rawfrom.h).  Every byte is looked at a bounded number of times.
 */
#include "mail/rawfrom.h"

#include <string.h>
#include <strings.h>


/* A header whose mere presence means "do not answer" here. */
static int
automatic_header(const char *name, size_t n)
{
	static const char *const names[] = { "auto-submitted", "precedence",
	    "list-id", "x-autoreply", "x-autorespond", "x-loop",
	    "x-auto-response-suppress" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n && strncasecmp(name, names[i], n)
		    == 0)
			return 1;
	return 0;
}

static int
is_name(const char *name, size_t n, const char *want)
{
	return strlen(want) == n && strncasecmp(name, want, n) == 0;
}

/* RFC 5322 atext, without the characters a header or a shell might mind. */
static int
local_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr(".+-_=", c) != NULL;
}

static int
domain_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '-';
}

/* Copy v[0..n) into out, lower-cased, when it is a plain address. */
static int
plain_address(const char *v, size_t n, char *out, size_t outlen)
{
	const char *at = memchr(v, '@', n);
	size_t local;

	if (at == NULL || n < 3 || n > 254 || n >= outlen)
		return 0;
	local = (size_t)(at - v);
	if (local == 0 || local + 1 >= n || v[0] == '.' || v[n - 1] == '.' ||
	    v[local + 1] == '.' || v[local - 1] == '.')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = v[i];
		if (i == local)
			continue;
		if (i < local ? !local_char(c) : !domain_char(c))
			return 0;
		out[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	out[local] = '@';
	out[n] = '\0';
	if (strncmp(out, "mailer-daemon@", 14) == 0 ||
	    strncmp(out, "postmaster@", 11) == 0)
		return 0;
	return 1;
}

/* The address in a From value: between the last <> or the whole value. */
static int
from_value(const char *v, size_t n, char *out, size_t outlen)
{
	const char *lt = NULL, *gt;

	for (size_t i = 0; i < n; i++)
		if (v[i] == '<')
			lt = v + i;
	if (lt != NULL) {
		gt = memchr(lt, '>', n - (size_t)(lt - v));
		if (gt == NULL)
			return 0;
		return plain_address(lt + 1, (size_t)(gt - lt - 1), out,
		    outlen);
	}
	while (n > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' ||
	    v[n - 1] == '\r'))
		n--;
	return plain_address(v, n, out, outlen);
}

/*
 * The next header line of raw[0..end) from *pos: its name and value (the
 * rest of the line), and whether the line after continues it (folded).
 * 0 at the end.  Lines without a colon and continuation lines are skipped.
 */
static int
next_header(const char *raw, size_t end, size_t *pos, const char **name,
    size_t *nlen, const char **v, size_t *vlen, int *folded)
{
	while (*pos < end) {
		const char *line = raw + *pos, *nl, *colon;
		size_t k;

		nl = memchr(line, '\n', end - *pos);
		k = nl != NULL ? (size_t)(nl - line) : end - *pos;
		*pos += k + 1;
		colon = memchr(line, ':', k);
		if (k == 0 || *line == ' ' || *line == '\t' || colon == NULL)
			continue;
		*name = line;
		*nlen = (size_t)(colon - line);
		*v = colon + 1;
		*vlen = k - *nlen - 1;
		*folded = *pos < end && (raw[*pos] == ' ' || raw[*pos] == '\t');
		return 1;
	}
	return 0;
}

int
rawfrom_address(const char *raw, size_t len, char *out, size_t outlen)
{
	size_t end = rawfrom_header_length(raw, len), pos = 0, nlen, vlen;
	const char *name, *v;
	int froms = 0, ok = 0, folded;

	while (next_header(raw, end, &pos, &name, &nlen, &v, &vlen,
	    &folded)) {
		if (automatic_header(name, nlen))
			return 0;
		if (is_name(name, nlen, "return-path") &&
		    memmem(v, vlen, "<>", 2) != NULL)
			return 0;
		if (!is_name(name, nlen, "from"))
			continue;
		/* Twice, or folded: not plain. */
		if (++froms > 1 || folded)
			return 0;
		ok = from_value(v, vlen, out, outlen);
	}
	return ok;
}

/* The value of the single, unfolded header want: 1 with *v, *n set. */
static int
single_header(const char *raw, size_t len, const char *want,
    const char **v, size_t *n)
{
	size_t end = rawfrom_header_length(raw, len), pos = 0, nlen, vlen;
	const char *name, *val;
	int seen = 0, folded;

	while (next_header(raw, end, &pos, &name, &nlen, &val, &vlen,
	    &folded)) {
		if (!is_name(name, nlen, want))
			continue;
		if (++seen > 1 || folded)
			return 0;
		*v = val;
		*n = vlen;
	}
	return seen == 1;
}

int
rawfrom_subject(const char *raw, size_t len, char *out, size_t outlen)
{
	const char *v;
	size_t n, k = 0;

	if (!single_header(raw, len, "subject", &v, &n))
		return 0;
	while (n > 0 && (v[n - 1] == '\r' || v[n - 1] == ' '))
		n--;
	while (n > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	if (n == 0 || n >= outlen || memmem(v, n, "=?", 2) != NULL)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i] < 0x20 || v[i] > 0x7e)
			return 0;
		out[k++] = v[i];
	}
	out[k] = '\0';
	return 1;
}

size_t
rawfrom_header_length(const char *raw, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++) {
		if (raw[i] != '\n')
			continue;
		if (raw[i + 1] == '\n')
			return i + 2;
		if (raw[i + 1] == '\r' && i + 2 < len && raw[i + 2] == '\n')
			return i + 3;
	}
	return len;
}
