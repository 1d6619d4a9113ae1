/* SPDX-License-Identifier: ISC */
/*
 * csv.c - one CSV cell, defused and quoted (csv.h says why).
 */
#include <string.h>

#include "common/csv.h"

void
csv_cell(struct buf *out, const char *s)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		buf_addc(out, '"');
	if (*s != '\0' && strchr("=+-@\t\r", *s) != NULL)
		buf_addc(out, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_addc(out, '"');
		buf_addc(out, *s);
	}
	if (quote)
		buf_addc(out, '"');
}

void
csv_begin(struct buf *out)
{
	buf_adds(out, CSV_BOM);
}
