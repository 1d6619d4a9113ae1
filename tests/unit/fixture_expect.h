/* SPDX-License-Identifier: ISC */
/*
 * fixture_expect.h - helpers shared by the parser tests (test_mime.c,
 * test_corpus.c): the check that every string of a parsed message is
 * valid UTF-8, and listing the .eml files of a directory.
 *
 * Header-only (static inline) because the build links each test from its
 * one source file.
 */
#ifndef TEQUIO_FIXTURE_EXPECT_H
#define TEQUIO_FIXTURE_EXPECT_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "mail/message.h"

static inline int
fx_str_ok(const char *what, const char *s, char *why, size_t n)
{
	if (s == NULL) {
		snprintf(why, n, "%s is NULL", what);
		return 0;
	}
	if (!utf8_valid(s, strlen(s))) {
		snprintf(why, n, "%s is not valid UTF-8", what);
		return 0;
	}
	return 1;
}

/* Every string the parser hands out is non-NULL valid UTF-8. */
static inline int
fx_message_ok(const struct message *m, char *why, size_t n)
{
	int ok = 1;

	ok &= fx_str_ok("from_addr", m->from_addr, why, n);
	ok &= fx_str_ok("from_name", m->from_name, why, n);
	ok &= fx_str_ok("reply_to_addr", m->reply_to_addr, why, n);
	ok &= fx_str_ok("sender_addr", m->sender_addr, why, n);
	if (m->return_path != NULL)
		ok &= fx_str_ok("return_path", m->return_path, why, n);
	for (size_t i = 0; i < m->n_to; i++)
		ok &= fx_str_ok("to_addrs[]", m->to_addrs[i], why, n);
	ok &= fx_str_ok("subject", m->subject, why, n);
	ok &= fx_str_ok("message_id", m->message_id, why, n);
	ok &= fx_str_ok("in_reply_to", m->in_reply_to, why, n);
	for (size_t i = 0; i < m->n_references; i++)
		ok &= fx_str_ok("references[]", m->references[i], why, n);
	ok &= fx_str_ok("date", m->date, why, n);
	ok &= fx_str_ok("body", m->body, why, n);
	ok &= fx_str_ok("body_full", m->body_full, why, n);
	for (size_t i = 0; i < m->n_att; i++) {
		ok &= fx_str_ok("att.filename", m->att[i].filename, why, n);
		ok &= fx_str_ok("att.declared_type", m->att[i].declared_type,
		    why, n);
		ok &= fx_str_ok("att.magic_type", m->att[i].magic_type, why, n);
		ok &= fx_str_ok("att.origin", m->att[i].origin, why, n);
		ok &= fx_str_ok("att.converted_from", m->att[i].converted_from,
		    why, n);
		if (m->att[i].len > 0 && m->att[i].data == NULL) {
			snprintf(why, n, "attachment without data");
			ok = 0;
		}
	}
	for (size_t i = 0; i < m->n_headers; i++) {
		ok &= fx_str_ok("header name", m->headers[i].name, why, n);
		ok &= fx_str_ok("header value", m->headers[i].value, why, n);
	}
	ok &= fx_str_ok("malformed_why", m->malformed_why, why, n);
	ok &= fx_str_ok("oversize_attachment", m->oversize_attachment, why, n);
	for (size_t i = 0; i < m->n_oversize; i++)
		ok &= fx_str_ok("oversize[].filename", m->oversize[i].filename,
		    why, n);
	if (m->malformed && m->malformed_why[0] == '\0') {
		snprintf(why, n, "malformed without a reason");
		ok = 0;
	}
	return ok;
}

static inline int
fx_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names (without directory) of dir's files ending in ext, sorted. */
static inline size_t
fx_list(const char *dir, const char *ext, char ***out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	size_t n = 0, el = strlen(ext);

	*out = NULL;
	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len <= el || strcmp(e->d_name + len - el, ext) != 0)
			continue;
		v = xreallocarray(v, n + 1, sizeof(*v));
		v[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(v, n, sizeof(*v), fx_cmp);
	*out = v;
	return n;
}

static inline void
fx_list_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

#endif
