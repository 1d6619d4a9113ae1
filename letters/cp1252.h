/* SPDX-License-Identifier: ISC */
/*
 * cp1252.h - UTF-8 to Windows-1252, the encoding libharu's built-in fonts
 * take ("WinAnsiEncoding"): all of Spanish, plus € “ ” — and friends.
 * Characters it lacks become their nearest transliteration or '?', and
 * bytes that are not UTF-8 become '?': a letter is always printed.
 */
#ifndef TEQUIO_CP1252_H
#define TEQUIO_CP1252_H

#include <stddef.h>

#include "common/util.h"

struct cp1252;

/* NULL when iconv lacks the conversion (logged). */
struct cp1252 *cp1252_open(void);
void cp1252_close(struct cp1252 *c);

/* Append the conversion of len bytes of utf8 to out (never fails). */
void cp1252_conv(struct cp1252 *c, const char *utf8, size_t len,
    struct buf *out);

#endif
