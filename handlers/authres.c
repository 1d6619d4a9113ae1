/* SPDX-License-Identifier: ISC */
/*
 * authres.c - reading Authentication-Results (RFC 8601) and deciding
 * whether our own server vouches for the From address.  The rules are in
 * authres.h; this file is the parser (a small lexer for RFC 5322 CFWS,
 * quoted strings and tokens) and the decision.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/authres.h"
#include "common/log.h"
#include "common/util.h"

#define MAX_RESULTS	64	/* per message; more is not a real MX */

/* One resinfo, reduced to what the decision needs. */
struct ar_res {
	char *method;		/* "dkim", "spf", "dmarc", ... lower case */
	char *result;		/* "pass", "fail", ... lower case */
	char *domain;		/* the domain the result is about, or "" */
};

struct ar_set {
	struct ar_res r[MAX_RESULTS];
	size_t n;
};

/* ---- lexer ---------------------------------------------------------- */

/* Skip white space and (nested) comments; a ';' in a comment is text. */
static const char *
skip_cfws(const char *p)
{
	int depth = 0;

	for (; *p != '\0'; p++) {
		if (depth > 0) {
			if (*p == '\\' && p[1] != '\0')
				p++;
			else if (*p == '(')
				depth++;
			else if (*p == ')')
				depth--;
			continue;
		}
		if (*p == '(')
			depth++;
		else if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
			break;
	}
	return p;
}

/*
 * A value at p: a quoted string (unquoted, quoted-pairs resolved) or a
 * token up to white space, ';', '(' or '"' (and '=' unless eq_ok).
 * Returns the new string and moves *pp past it; "" when there is none.
 */
static char *
read_value(const char **pp, int eq_ok)
{
	const char *p = *pp;
	struct buf b;

	buf_init(&b);
	if (*p == '"') {
		for (p++; *p != '\0' && *p != '"'; p++) {
			if (*p == '\\' && p[1] != '\0')
				p++;
			buf_addc(&b, *p);
		}
		if (*p == '"')
			p++;
	} else {
		for (; *p != '\0' && !strchr(" \t\r\n;(\"", *p) &&
		    (eq_ok || *p != '='); p++)
			buf_addc(&b, *p);
	}
	*pp = p;
	return buf_steal(&b);
}

static const char *
domain_of(const char *v)
{
	const char *at = strrchr(v, '@');

	return at ? at + 1 : v;
}

/* ---- parser --------------------------------------------------------- */

/* Which property names the domain a method's result is about. */
static int
names_domain(const char *method, const char *prop)
{
	if (strcmp(method, "dkim") == 0)
		return ascii_casecmp(prop, "header.d") == 0;
	if (strcmp(method, "spf") == 0)
		return ascii_casecmp(prop, "smtp.mailfrom") == 0;
	if (strcmp(method, "dmarc") == 0)
		return ascii_casecmp(prop, "header.from") == 0;
	return 0;
}

/* One resinfo at *pp (after its ';'): 0, or -1 when malformed. */
static int
parse_resinfo(const char **pp, struct ar_res *r)
{
	const char *p = skip_cfws(*pp);
	char *v;

	memset(r, 0, sizeof(*r));
	r->method = read_value(&p, 0);
	ascii_lower_inplace(r->method);
	if (strchr(r->method, '/'))	/* method/version */
		*strchr(r->method, '/') = '\0';
	p = skip_cfws(p);
	if (*r->method == '\0' || *p != '=')
		return -1;
	p = skip_cfws(p + 1);
	r->result = read_value(&p, 0);
	ascii_lower_inplace(r->result);
	r->domain = xstrdup("");
	if (*r->result == '\0')
		return -1;
	for (;;) {
		char *prop;

		p = skip_cfws(p);
		if (*p == '\0' || *p == ';')
			break;
		prop = read_value(&p, 0);
		p = skip_cfws(p);
		if (*prop == '\0' || *p != '=') {
			free(prop);
			return -1;
		}
		p = skip_cfws(p + 1);
		v = read_value(&p, 1);
		if (names_domain(r->method, prop) && *r->domain == '\0') {
			free(r->domain);
			r->domain = xstrdup(domain_of(v));
			ascii_lower_inplace(r->domain);
		}
		free(prop);
		free(v);
	}
	*pp = p;
	return 0;
}

static void
res_clear(struct ar_res *r)
{
	free(r->method);
	free(r->result);
	free(r->domain);
	memset(r, 0, sizeof(*r));
}

/* The authserv-id of value v (new string). */
static char *
header_id(const char *v, const char **rest)
{
	const char *p = skip_cfws(v);
	char *id = read_value(&p, 0);

	*rest = p;
	return id;
}

/*
 * Add header value v's results to set.  Returns 0, -1 when the header is
 * malformed (then it adds nothing).
 */
static int
parse_header(const char *v, struct ar_set *set)
{
	const char *p;
	char *id = header_id(v, &p);
	size_t first = set->n;

	free(id);
	p = skip_cfws(p);
	if (*p >= '0' && *p <= '9')	/* authres-version */
		free(read_value(&p, 0));
	for (;;) {
		p = skip_cfws(p);
		if (*p == '\0')
			return 0;
		if (*p != ';')
			break;
		p = skip_cfws(p + 1);
		if (*p == '\0')
			return 0;
		if (ascii_ncasecmp(p, "none", 4) == 0 &&
		    *skip_cfws(p + 4) == '\0')
			return 0;
		if (set->n == MAX_RESULTS)
			break;
		if (parse_resinfo(&p, &set->r[set->n]) != 0) {
			res_clear(&set->r[set->n]);
			break;
		}
		set->n++;
	}
	while (set->n > first)
		res_clear(&set->r[--set->n]);
	return -1;
}

/* ---- the message ---------------------------------------------------- */

static int
named(const struct header *h, const char *name)
{
	return ascii_casecmp(h->name, name) == 0;
}

static int
is_ours(const struct header *h, const char *id)
{
	const char *rest;
	char *sid;
	int mine;

	if (!named(h, "Authentication-Results"))
		return 0;
	sid = header_id(h->value, &rest);
	mine = ascii_casecmp(sid, id) == 0;
	free(sid);
	return mine;
}

/* Where the trusted block ends: the first Received, or else the end of the
   top group of our headers. */
static size_t
block_end(const struct message *m, const char *id)
{
	size_t i;

	for (i = 0; i < m->n_headers; i++)
		if (named(&m->headers[i], "Received"))
			return i;
	for (i = 0; i < m->n_headers; i++)
		if (named(&m->headers[i], "Authentication-Results"))
			break;
	while (i < m->n_headers && is_ours(&m->headers[i], id))
		i++;
	return i;
}

static const char *const single_headers[] = {
	"From", "Sender", "Reply-To", "Subject", "To", "Date", "Message-ID",
};

/* Rule 5: 1 when sound; why says what is not. */
static int
headers_sound(const struct message *m, struct authres_verdict *v)
{
	for (size_t k = 0; k < ARRAY_LEN(single_headers); k++) {
		size_t n = 0;

		for (size_t i = 0; i < m->n_headers; i++)
			n += named(&m->headers[i], single_headers[k]);
		if (n > 1) {
			snprintf(v->why, sizeof(v->why), "%zu %s headers", n,
			    single_headers[k]);
			return 0;
		}
	}
	/* At most one From header by now: message_parse counted its
	   mailboxes, so they are not parsed a second time. */
	if (message_header(m, "From") != NULL && m->n_from != 1) {
		snprintf(v->why, sizeof(v->why), "From with %zu mailboxes",
		    m->n_from);
		return 0;
	}
	return 1;
}

/* 1 when a DKIM-Signature of m has d=domain. */
static int
signed_by(const struct message *m, const char *domain)
{
	for (size_t i = 0; i < m->n_headers; i++) {
		const char *p;

		if (!named(&m->headers[i], "DKIM-Signature"))
			continue;
		/* tag-list: "v=1; a=...; d=example.org; ..." */
		for (p = m->headers[i].value; p != NULL && *p != '\0';
		    p = strchr(p, ';') ? strchr(p, ';') + 1 : NULL) {
			char *tag;

			p = skip_cfws(p);
			if (p[0] != 'd' || *skip_cfws(p + 1) != '=')
				continue;
			p = skip_cfws(skip_cfws(p + 1) + 1);
			tag = read_value(&p, 0);
			if (ascii_casecmp(tag, domain) == 0) {
				free(tag);
				return 1;
			}
			free(tag);
		}
	}
	return 0;
}

static int
bad_result(const char *result)
{
	return strcmp(result, "fail") == 0 || strcmp(result, "softfail") == 0;
}

/* Rules 3 and 4 over the block's results. */
static void
decide(const struct message *m, const struct ar_set *set,
    const char *from_domain, struct authres_verdict *v)
{
	const char *rp = m->return_path ? domain_of(m->return_path) : "";

	for (size_t i = 0; i < set->n; i++) {
		const struct ar_res *r = &set->r[i];
		int about_from = ascii_casecmp(r->domain, from_domain) == 0 ||
		    (strcmp(r->method, "dmarc") == 0 && *r->domain == '\0');

		for (size_t j = 0; j < i; j++)
			if (strcmp(set->r[j].method, r->method) == 0 &&
			    strcmp(set->r[j].domain, r->domain) == 0 &&
			    strcmp(set->r[j].result, r->result) != 0)
				v->contradictory = 1;
		if (about_from && bad_result(r->result))
			v->from_failed = 1;
		if (!about_from || strcmp(r->result, "pass") != 0)
			continue;
		if (strcmp(r->method, "dkim") == 0 &&
		    signed_by(m, from_domain))
			v->dkim = 1;
		if (strcmp(r->method, "spf") == 0 &&
		    ascii_casecmp(rp, from_domain) == 0)
			v->spf = 1;
	}
	if (v->from_failed || v->contradictory)
		v->dkim = v->spf = 0;
}

static void
note(struct authres_verdict *v, const char *what)
{
	snprintf(v->why, sizeof(v->why), "%s", what);
}

void
authres_check(const struct message *m, const char *id,
    struct authres_verdict *v)
{
	struct ar_set set;
	const char *from_domain = strrchr(m->from_addr, '@');
	size_t end;

	memset(v, 0, sizeof(*v));
	set.n = 0;
	if (!(v->sound = headers_sound(m, v)))
		return;
	note(v, "no Authentication-Results of ours");
	if (id == NULL || *id == '\0')
		return;
	end = block_end(m, id);
	for (size_t i = end; i < m->n_headers; i++)
		if (is_ours(&m->headers[i], id))
			v->forged = 1;
	if (v->forged) {
		log_warn("Authentication-Results claiming %s below the MX's "
		    "Received line: the message is forged", id);
		note(v, "forged Authentication-Results");
		return;
	}
	for (size_t i = 0; i < end; i++)
		if (is_ours(&m->headers[i], id) &&
		    parse_header(m->headers[i].value, &set) != 0)
			log_warn("malformed Authentication-Results of ours: "
			    "ignored");
	if (from_domain != NULL)
		decide(m, &set, from_domain + 1, v);
	note(v, v->from_failed ? "the From domain failed" :
	    v->contradictory ? "contradictory results" :
	    v->dkim ? "aligned DKIM pass" : v->spf ? "aligned SPF pass" :
	    "no aligned pass");
	for (size_t i = 0; i < set.n; i++)
		res_clear(&set.r[i]);
}

int
authres_distrusted(const struct authres_verdict *v)
{
	return !v->sound || v->forged || v->from_failed;
}

int
authres_proven(const struct authres_verdict *v, int need_dkim)
{
	if (authres_distrusted(v) || v->contradictory)
		return 0;
	return v->dkim || (!need_dkim && v->spf);
}
