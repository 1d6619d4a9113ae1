/* SPDX-License-Identifier: ISC */
/*
 * csvread.c - CSV as spreadsheets save it (csvread.h says which forms).
 */
#include <stdlib.h>
#include <string.h>

#include "common/csvread.h"

static void
from_cp1252(struct buf *out, const unsigned char *p, size_t len)
{
	/* No NUL inside the text. */
	for (size_t i = 0; i < len; i++)
		buf_add_utf8(out, p[i] ? cp1252_unicode(p[i]) : 0xfffd);
}

/* The separator of the first line: the most frequent of ; , TAB outside
   quotes (a comma on a tie: the standard). */
static char
guess_delim(const char *s)
{
	size_t semi = 0, comma = 0, tab = 0;
	int quoted = 0;

	for (; *s && (quoted || (*s != '\n' && *s != '\r')); s++) {
		if (*s == '"')
			quoted = !quoted;
		else if (!quoted && *s == ';')
			semi++;
		else if (!quoted && *s == ',')
			comma++;
		else if (!quoted && *s == '\t')
			tab++;
	}
	if (semi > comma && semi >= tab)
		return ';';
	if (tab > comma && tab > semi)
		return '\t';
	return ',';
}

void
csv_reader_init(struct csv_reader *r, const char *data, size_t len)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->text);
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if (memchr(data, '\0', len) == NULL && utf8_valid(data, len))
		buf_add(&r->text, data, len);
	else {
		r->was_cp1252 = 1;
		from_cp1252(&r->text, (const unsigned char *)data, len);
	}
	buf_grow(&r->text, 0);	/* a valid empty string at least */
	r->line = 1;
	r->delim = guess_delim(r->text.data);
}

void
csv_reader_free(struct csv_reader *r)
{
	buf_free(&r->text);
}

void
csv_fields_free(char **fields, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(fields[i]);
	free(fields);
}

/* One line end at s (CRLF, LF or a lone CR): its length, 0 if none. */
static size_t
eol_len(const char *s)
{
	if (s[0] == '\r' && s[1] == '\n')
		return 2;
	return s[0] == '\n' || s[0] == '\r';
}

/* A quoted field from just after its opening quote; -1 if never closed. */
static int
quoted_field(struct csv_reader *r, struct buf *cell)
{
	const char *s = r->text.data;

	for (;;) {
		size_t e;

		if (r->pos >= r->text.len)
			return -1;
		if (s[r->pos] == '"') {
			if (s[r->pos + 1] != '"') {
				r->pos++;
				return 0;
			}
			r->pos++;
		} else if ((e = eol_len(s + r->pos)) > 0) {
			buf_addc(cell, '\n');
			r->line++;
			r->pos += e;
			continue;
		}
		buf_addc(cell, s[r->pos++]);
	}
}

static void
add_field(char ***fields, size_t *n, struct buf *cell)
{
	*fields = xreallocarray(*fields, *n + 1, sizeof(**fields));
	(*fields)[(*n)++] = xmemdup0(cell->data ? cell->data : "", cell->len);
	buf_reset(cell);
}

static void
skip_blank_lines(struct csv_reader *r)
{
	size_t e;

	while (r->pos < r->text.len && (e = eol_len(r->text.data +
	    r->pos)) > 0) {
		r->pos += e;
		r->line++;
	}
}

int
csv_next(struct csv_reader *r, char ***fields, size_t *n, size_t *line)
{
	const char *s = r->text.data;
	struct buf cell;
	int rc = 1;

	*fields = NULL;
	*n = 0;
	skip_blank_lines(r);
	*line = r->line;
	if (r->pos >= r->text.len)
		return 0;
	buf_init(&cell);
	for (;;) {
		size_t e;

		if (s[r->pos] == '"' && cell.len == 0) {
			r->pos++;
			if (quoted_field(r, &cell) != 0) {
				rc = -1;
				break;
			}
			continue;
		}
		if (r->pos >= r->text.len || (e = eol_len(s + r->pos)) > 0) {
			add_field(fields, n, &cell);
			if (r->pos < r->text.len) {
				r->pos += e;
				r->line++;
			}
			break;
		}
		if (s[r->pos] == r->delim) {
			add_field(fields, n, &cell);
			r->pos++;
			if (*n >= CSVR_MAX_FIELDS) {
				rc = -1;
				break;
			}
			continue;
		}
		buf_addc(&cell, s[r->pos++]);
	}
	buf_free(&cell);
	if (rc < 0) {
		csv_fields_free(*fields, *n);
		*fields = NULL;
		*n = 0;
		r->pos = r->text.len;	/* nothing after it can be trusted */
	}
	return rc;
}
