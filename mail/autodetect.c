/* SPDX-License-Identifier: ISC */
/*
 * autodetect.c - mail that must never be answered (see autodetect.h).
 *
 * Answering a machine starts loops and bounces: vacation replies answering
 * our replies, a bounce answered to MAILER-DAEMON, a list post answered to
 * every subscriber.  The checks follow RFC 3834 and what the corpus of
 * real bounces and auto-replies carries; a few need more than one header
 * (an Outlook read receipt, a DMARC report) because a single marker would
 * also match ordinary mail.  Our own mail is recognised by X-Loop, by our
 * address in From, or by a Message-ID shaped like ours.
 * X-Auto-Response-Suppress is trusted only when it says "All": Outlook and
 * list software also set it to narrower values on mail a person wrote.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "mail/autodetect.h"
#include "common/util.h"

/* The header's first token (up to ';', ',', '(' or space), lower case. */
static char *
first_token(const char *v)
{
	size_t n;

	while (*v == ' ' || *v == '\t' || *v == '"')
		v++;
	n = strcspn(v, ";,( \t\"");
	return ascii_lower_inplace(xstrndup(v, n));
}

static int
header_token_is(const struct message *m, const char *name,
    const char *const *values)
{
	const char *v = message_header(m, name);
	char *tok;
	int hit = 0;

	if (v == NULL)
		return 0;
	tok = first_token(v);
	for (size_t i = 0; values[i] != NULL; i++)
		if (strcmp(tok, values[i]) == 0)
			hit = 1;
	free(tok);
	return hit;
}

static int
has_header(const struct message *m, const char *name)
{
	return message_header(m, name) != NULL;
}

static int
auto_submitted(const struct message *m)
{
	const char *v = message_header(m, "Auto-Submitted");
	char *tok;
	int hit;

	if (v == NULL)
		return 0;
	tok = first_token(v);
	hit = tok[0] != '\0' && strcmp(tok, "no") != 0;
	free(tok);
	return hit;
}

/* Any Return-Path header that is "<>": a bounce or auto-reply. */
static int
null_sender(const struct message *m)
{
	for (size_t i = 0; i < m->n_headers; i++) {
		const char *v = m->headers[i].value;

		if (ascii_casecmp(m->headers[i].name, "Return-Path") != 0)
			continue;
		v += strspn(v, " \t<");
		if (*v == '>' || *v == '\0')
			return 1;
	}
	return 0;
}

static int
daemon_sender(const struct message *m)
{
	static const char *const locals[] = {
		"mailer-daemon", "mailer_daemon", "mailerdaemon", "postmaster",
	};
	size_t n = strcspn(m->from_addr, "@");

	for (size_t i = 0; i < ARRAY_LEN(locals); i++)
		if (strlen(locals[i]) == n &&
		    ascii_ncasecmp(m->from_addr, locals[i], n) == 0)
			return 1;
	return 0;
}

static int
top_type_is(const struct message *m, const char *const *types)
{
	const char *v = message_header(m, "Content-Type");
	char *tok;
	int hit = 0;

	if (v == NULL)
		return 0;
	tok = first_token(v);
	for (size_t i = 0; types[i] != NULL; i++)
		if (strcmp(tok, types[i]) == 0)
			hit = 1;
	free(tok);
	return hit;
}

static int
subject_starts(const struct message *m, const char *const *prefixes)
{
	char *f = fold_spanish(m->subject);
	const char *s = f;
	int hit = 0;

	while (*s == ' ')
		s++;
	for (size_t i = 0; prefixes[i] != NULL; i++)
		if (strncmp(s, prefixes[i], strlen(prefixes[i])) == 0)
			hit = 1;
	free(f);
	return hit;
}

/*
 * Delivery and disposition reports, ARF feedback, DMARC aggregate reports
 * (RFC 7489 fixes their Subject) and Outlook read receipts sent as a bare
 * TNEF body.
 */
static int
is_report(const struct message *m, int report_part)
{
	static const char *const report_types[] = {
		"multipart/report", "message/delivery-status",
		"message/disposition-notification", "message/feedback-report",
		"message/global-delivery-status", NULL
	};
	static const char *const tnef[] = {"application/ms-tnef", NULL};
	static const char *const dmarc[] = {"report domain:", NULL};
	static const char *const receipt[] = {
		"read:", "leido:", "lu :", "lu:", "gelesen:", "letto:", NULL
	};

	if (report_part || top_type_is(m, report_types))
		return 1;
	if (has_header(m, "X-Failed-Recipients"))
		return 1;
	if (subject_starts(m, dmarc) && strstr(m->subject, "Submitter:"))
		return 1;
	return top_type_is(m, tnef) && subject_starts(m, receipt);
}

static int
suppress_all(const struct message *m)
{
	const char *v = message_header(m, "X-Auto-Response-Suppress");

	while (v != NULL && *v) {
		size_t n;

		v += strspn(v, " \t,");
		n = strcspn(v, " \t,");
		if (n == 3 && ascii_ncasecmp(v, "all", 3) == 0)
			return 1;
		v += n;
	}
	return 0;
}

/*
 * Whether a Message-ID local part has the shape compose_message_id()
 * gives ours, "<tag>.<32 hex digits>".  The domain alone is not enough:
 * coordinators write from the institution's domain, and Thunderbird and
 * Apple Mail put the sender's domain in their Message-IDs.
 */
static int
msgid_is_ours(const char *id, size_t local_len)
{
	const char *dot;

	if (local_len < 34)
		return 0;
	dot = id + local_len - 33;
	if (*dot != '.')
		return 0;
	for (const char *p = dot + 1; p < id + local_len; p++)
		if (!isxdigit((unsigned char)*p))
			return 0;
	return 1;
}

static int
is_loop(const struct message *m, const struct parse_limits *lim)
{
	if (lim == NULL)
		return 0;
	if (lim->our_address != NULL && lim->our_address[0] != '\0') {
		for (size_t i = 0; i < m->n_headers; i++) {
			char *v;
			int hit;

			if (ascii_casecmp(m->headers[i].name, "X-Loop") != 0)
				continue;
			v = xstrdup(m->headers[i].value + strspn(
			    m->headers[i].value, " \t<"));
			v[strcspn(v, "> \t")] = '\0';
			hit = ascii_casecmp(v, lim->our_address) == 0;
			free(v);
			if (hit)
				return 1;
		}
	}
	if (lim->our_address != NULL && lim->our_address[0] != '\0' &&
	    ascii_casecmp(m->from_addr, lim->our_address) == 0)
		return 1;
	if (lim->our_domain != NULL && lim->our_domain[0] != '\0') {
		const char *at = strrchr(m->message_id, '@');

		if (at != NULL && ascii_casecmp(at + 1, lim->our_domain) == 0 &&
		    msgid_is_ours(m->message_id, (size_t)(at - m->message_id)))
			return 1;
	}
	return 0;
}

enum auto_kind
autodetect(const struct message *m, const struct parse_limits *lim,
    int report_part)
{
	static const char *const bulk[] = {"bulk", "junk", "list", NULL};

	if (is_loop(m, lim))
		return AUTO_LOOP;
	if (auto_submitted(m))
		return AUTO_SUBMITTED;
	if (is_report(m, report_part))
		return AUTO_REPORT;
	if (null_sender(m))
		return AUTO_NULL_SENDER;
	if (daemon_sender(m))
		return AUTO_DAEMON;
	if (header_token_is(m, "Precedence", bulk))
		return AUTO_PRECEDENCE;
	if (has_header(m, "List-Id") || has_header(m, "List-Unsubscribe"))
		return AUTO_LIST;
	if (has_header(m, "X-Autoreply") || has_header(m, "X-Autorespond") ||
	    has_header(m, "X-Autogenerated") || suppress_all(m))
		return AUTO_XAUTOREPLY;
	return AUTO_NONE;
}
