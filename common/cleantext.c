/* SPDX-License-Identifier: ISC */
/*
 * cleantext.c - invisible and direction-changing characters out of names
 * and Subjects (cleantext.h says why).
 */
#include <stddef.h>
#include <stdint.h>

#include "common/cleantext.h"

/* Code point ranges removed (inclusive). */
static const struct {
	uint32_t lo, hi;
} invisible[] = {
	{0x00AD, 0x00AD},	/* soft hyphen */
	{0x034F, 0x034F},	/* combining grapheme joiner */
	{0x061C, 0x061C},	/* Arabic letter mark */
	{0x115F, 0x1160},	/* Hangul fillers */
	{0x17B4, 0x17B5},	/* Khmer invisible vowels */
	{0x180B, 0x180F},	/* Mongolian selectors and vowel separator */
	{0x200B, 0x200F},	/* zero-width space/joiners, LRM, RLM */
	{0x202A, 0x202E},	/* bidi embeddings and overrides */
	{0x2060, 0x206F},	/* word joiner, invisible operators, isolates */
	{0x3164, 0x3164},	/* Hangul filler */
	{0xFE00, 0xFE0F},	/* variation selectors */
	{0xFEFF, 0xFEFF},	/* zero-width no-break space (BOM) */
	{0xFFA0, 0xFFA0},	/* halfwidth Hangul filler */
	{0xFFF9, 0xFFFB},	/* interlinear annotation */
	{0x1D173, 0x1D17A},	/* musical format controls */
	{0xE0000, 0xE0FFF},	/* tags and variation selectors supplement */
};

static int
is_invisible(uint32_t cp)
{
	for (size_t i = 0; i < sizeof(invisible) / sizeof(invisible[0]); i++)
		if (cp >= invisible[i].lo && cp <= invisible[i].hi)
			return 1;
	return 0;
}

/* The code point of the UTF-8 sequence at p and its length; a byte that
   starts no valid sequence is its own length-1 "character". */
static uint32_t
decode(const unsigned char *p, size_t *len)
{
	uint32_t cp;
	size_t n;

	if (p[0] < 0x80) {
		*len = 1;
		return p[0];
	}
	if ((p[0] & 0xE0) == 0xC0)
		n = 2, cp = p[0] & 0x1F;
	else if ((p[0] & 0xF0) == 0xE0)
		n = 3, cp = p[0] & 0x0F;
	else if ((p[0] & 0xF8) == 0xF0)
		n = 4, cp = p[0] & 0x07;
	else {
		*len = 1;
		return 0xFFFD;
	}
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80) {	/* also stops at the NUL */
			*len = 1;
			return 0xFFFD;
		}
		cp = cp << 6 | (p[i] & 0x3F);
	}
	*len = n;
	return cp;
}

char *
text_strip_invisible(char *s)
{
	unsigned char *r = (unsigned char *)s, *w = r;

	while (*r != '\0') {
		size_t len;
		uint32_t cp = decode(r, &len);

		if (!is_invisible(cp))
			for (size_t i = 0; i < len; i++)
				*w++ = r[i];
		r += len;
	}
	*w = '\0';
	return s;
}
