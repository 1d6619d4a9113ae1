/* SPDX-License-Identifier: ISC */
/*
 * fuzz_headers.c - libFuzzer target: the header helpers of mimehdr.c that
 * read sender-controlled text libetpan does not (encoded words, RFC 2231
 * parameters, address and message-id lists, file names, the header block
 * split).  The first byte picks the helper, so one corpus covers all.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "mail/mimehdr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Up to 8 "name=value" lines as RFC 2231 parameters. */
static void
params(const char *s)
{
	struct mime_param p[8];
	char *copy = xstrdup(s), *line, *save = NULL;
	size_t n = 0;

	for (line = strtok_r(copy, "\n", &save); line != NULL && n < 8;
	    line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '=');

		if (eq == NULL)
			continue;
		*eq = '\0';
		p[n].name = line;
		p[n].value = eq + 1;
		n++;
	}
	free(mime_param_get(p, n, "filename"));
	free(mime_param_get(p, n, "name"));
	free(copy);
}

static void
lists(const char *s)
{
	struct mime_addr *a = NULL;
	char **ids = NULL;
	size_t n;

	n = mime_addr_list(s, &a);
	mime_addr_list_free(a, n);
	n = mime_msgid_list(s, &ids);
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

static void
headers(const char *s, size_t len)
{
	struct header *h = NULL;
	size_t n = 0, off;

	mime_split_headers(s, len, &h, &n, &off);
	for (size_t i = 0; i < n; i++) {
		free(h[i].name);
		free(h[i].value);
	}
	free(h);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size < 1)
		return 0;
	/* The helpers take NUL-terminated header values. */
	s = xmemdup0(data + 1, size - 1);
	switch (data[0] % 6) {
	case 0:
		free(mime_decode_words(s));
		break;
	case 1:
		params(s);
		break;
	case 2:
		lists(s);
		break;
	case 3:
		free(mime_safe_filename(s));
		break;
	case 4:
		free(mime_to_utf8(size > 1 && data[1] % 2 ? "iso-2022-jp" :
		    "windows-1252", s, size - 1));
		free(mime_utf8_repair(s, size - 1));
		break;
	default:
		headers(s, size - 1);
		break;
	}
	free(s);
	return 0;
}
