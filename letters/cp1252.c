/* SPDX-License-Identifier: ISC */
/*
 * cp1252.c - iconv from UTF-8 to CP1252 for the PDF fonts.
 *
 * One conversion descriptor is opened per letters handle and reused; it is
 * reset before each string so no shift state leaks between them.  Control
 * characters (which would be markup in a PDF string or invisible) and NUL
 * become spaces.
 */
#include "letters/cp1252.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"

struct cp1252 {
	iconv_t cd;
};

struct cp1252 *
cp1252_open(void)
{
	struct cp1252 *c;
	iconv_t cd = iconv_open("CP1252//TRANSLIT", "UTF-8");

	if (cd == (iconv_t)-1) {
		log_err("iconv UTF-8 to CP1252: %s", strerror(errno));
		return NULL;
	}
	c = xmalloc(sizeof(*c));
	c->cd = cd;
	return c;
}

void
cp1252_close(struct cp1252 *c)
{
	if (c == NULL)
		return;
	iconv_close(c->cd);
	free(c);
}

/*
 * Bytes of the UTF-8 sequence at p that iconv could not convert: the whole
 * character when it is well formed (so one '?' stands for it), else 1.
 */
static size_t
seq_len(const unsigned char *p, size_t left)
{
	size_t n = p[0] >= 0xf0 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc0 ? 2 : 1;

	if (n > left)
		return 1;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

void
cp1252_conv(struct cp1252 *c, const char *utf8, size_t len, struct buf *out)
{
	char *in = (char *)utf8;
	size_t inleft = len, start = out->len;

	iconv(c->cd, NULL, NULL, NULL, NULL);
	while (inleft > 0) {
		char *dst;
		size_t outleft, room = inleft + 16;

		buf_grow(out, room);
		dst = out->data + out->len;
		outleft = room;
		if (iconv(c->cd, &in, &inleft, &dst, &outleft) == (size_t)-1 &&
		    errno != E2BIG) {
			/* EILSEQ or EINVAL: one '?' for the character. */
			size_t skip = seq_len((const unsigned char *)in,
			    inleft);
			out->len = (size_t)(dst - out->data);
			buf_addc(out, '?');
			in += skip;
			inleft -= skip;
			continue;
		}
		out->len = (size_t)(dst - out->data);
		out->data[out->len] = '\0';
	}
	for (size_t i = start; i < out->len; i++) {
		unsigned char ch = (unsigned char)out->data[i];
		if (ch < 0x20 || ch == 0x7f)
			out->data[i] = ' ';
	}
}
