/*
 * authres.c - reading Authentication-Results (RFC 8601) and deciding
 * whether our own server vouches for the From address.  The rule is in
 * authres.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authres.h"
#include "log.h"
#include "util.h"

static int
is_authres(const struct header *h)
{
	return ascii_casecmp(h->name, "Authentication-Results") == 0;
}

/* The value without RFC 5322 comments; quoted strings kept (new string). */
static char *
strip_comments(const char *v)
{
	struct buf b;
	int depth = 0, quoted = 0;

	buf_init(&b);
	for (const char *p = v; *p != '\0'; p++) {
		if (quoted) {
			if (*p == '\\' && p[1] != '\0') {
				buf_addc(&b, *p++);
			} else if (*p == '"')
				quoted = 0;
			buf_addc(&b, *p);
			continue;
		}
		if (*p == '\\' && depth > 0 && p[1] != '\0') {
			p++;
			continue;
		}
		if (*p == '(') {
			depth++;
			continue;
		}
		if (*p == ')' && depth > 0) {
			depth--;
			buf_addc(&b, ' ');
			continue;
		}
		if (depth > 0)
			continue;
		if (*p == '"')
			quoted = 1;
		buf_addc(&b, *p);
	}
	return buf_steal(&b);
}

/* The authserv-id of a comment-free value (new string, "" if none). */
static char *
authserv_id(const char *v)
{
	size_t skip = strspn(v, " \t"), len;

	v += skip;
	len = strcspn(v, " \t;");
	return xstrndup(v, len);
}

/* The domain of "user@dom", "@dom" or "dom", without quotes. */
static const char *
domain_of(const char *v)
{
	const char *at = strrchr(v, '@');

	return at ? at + 1 : v;
}

static void
unquote(char *s)
{
	size_t n = strlen(s);

	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		memmove(s, s + 1, n - 2);
		s[n - 2] = '\0';
	}
}

/*
 * One resinfo ("dkim=pass header.d=example.org header.s=x"): 1 when it is
 * a pass aligned with from_domain.
 */
static int
resinfo_aligned(char *ri, const char *from_domain)
{
	char *save = NULL, *tok, *method = NULL, *result = NULL;
	int dkim, spf, ok = 0;

	for (tok = strtok_r(ri, " \t", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t", &save)) {
		char *eq = strchr(tok, '=');

		if (eq == NULL)
			continue;
		*eq = '\0';
		unquote(eq + 1);
		if (method == NULL) {
			method = tok;
			result = eq + 1;
			continue;
		}
		dkim = ascii_casecmp(method, "dkim") == 0;
		spf = ascii_casecmp(method, "spf") == 0;
		if (ascii_casecmp(result, "pass") != 0 || (!dkim && !spf))
			return 0;
		if (dkim && (ascii_casecmp(tok, "header.d") == 0 ||
		    ascii_casecmp(tok, "header.i") == 0) &&
		    ascii_casecmp(domain_of(eq + 1), from_domain) == 0)
			ok = 1;
		if (spf && ascii_casecmp(tok, "smtp.mailfrom") == 0 &&
		    ascii_casecmp(domain_of(eq + 1), from_domain) == 0)
			ok = 1;
	}
	return ok;
}

/* 1 when the comment-free value v shows an aligned pass. */
static int
value_aligned(const char *v, const char *from_domain)
{
	char *copy = xstrdup(v), *save = NULL, *ri;
	int ok = 0, first = 1;

	for (ri = strtok_r(copy, ";", &save); ri != NULL;
	    ri = strtok_r(NULL, ";", &save)) {
		if (first) {	/* the authserv-id [version] */
			first = 0;
			continue;
		}
		if (resinfo_aligned(ri, from_domain))
			ok = 1;
	}
	free(copy);
	return ok;
}

static void
note(char *why, size_t whylen, const char *what)
{
	if (why != NULL && whylen > 0)
		snprintf(why, whylen, "%s", what);
}

/* 1 when header h carries authserv-id id; *aligned tells about the pass. */
static int
ours(const struct header *h, const char *id, const char *from_domain,
    int *aligned)
{
	char *v = strip_comments(h->value), *sid = authserv_id(v);
	int mine = ascii_casecmp(sid, id) == 0;

	*aligned = mine && value_aligned(v, from_domain);
	free(sid);
	free(v);
	return mine;
}

int
authres_verified(const struct message *m, const char *id, char *why,
    size_t whylen)
{
	const char *from_domain;
	size_t first, end, i;
	int ok = 0, aligned, any_ours = 0;

	note(why, whylen, "no Authentication-Results");
	if (id == NULL || *id == '\0' || (from_domain =
	    strrchr(m->from_addr, '@')) == NULL)
		return 0;
	from_domain++;
	for (first = 0; first < m->n_headers; first++)
		if (is_authres(&m->headers[first]))
			break;
	/* The top group: the first one and those directly under it. */
	for (end = first; end < m->n_headers; end++)
		if (!is_authres(&m->headers[end]))
			break;
	for (i = first; i < end; i++) {
		if (ours(&m->headers[i], id, from_domain, &aligned))
			any_ours = 1;
		if (aligned)
			ok = 1;
	}
	if (first < end)
		note(why, whylen, ok ? "Authentication-Results pass" :
		    any_ours ? "Authentication-Results without an aligned pass" :
		    "top Authentication-Results is not from our server");
	for (i = end; i < m->n_headers; i++) {
		if (!is_authres(&m->headers[i]) ||
		    !ours(&m->headers[i], id, from_domain, &aligned))
			continue;
		log_warn("Authentication-Results claiming %s below the top "
		    "group: ignored as forged", id);
		if (!ok)
			note(why, whylen, "forged Authentication-Results");
	}
	return ok;
}
