/* SPDX-License-Identifier: ISC */
/*
 * mimelimit.h - limits checked on the raw bytes of a mail before libetpan
 * parses its MIME structure.
 *
 * libetpan's parsers recurse once per nested part and once per nested
 * comment, with no limit of their own: 40,000 nested multiparts or
 * 200,000 nested parentheses overflow the stack.  What it would build is
 * only known after it has built it, so the checks here read the bytes the
 * way libetpan will and err on the generous side (they may count a
 * declaration libetpan would ignore, never miss one it would follow).
 */
#ifndef TEQUIO_MIMELIMIT_H
#define TEQUIO_MIMELIMIT_H

#include <stddef.h>

/* Nesting of multiparts and attached messages, followed by boundary. */
#define MIMELIMIT_DEPTH		24
/* Composite (multipart/..., message/...) declarations a mail may hold,
   wherever they are: the bound that holds even where the boundaries are
   read differently from libetpan. */
#define MIMELIMIT_COMPOSITES	128
/* Nested parentheses (comments) in one header field. */
#define MIMELIMIT_COMMENT_DEPTH	32

/*
 * Why the mail in s (len bytes: the MIME headers and body handed to
 * libetpan) must not be parsed: a Spanish sentence for the reply to the
 * sender, or NULL when it is within the limits.  Linear in len.
 */
const char *mimelimit_check(const char *s, size_t len);

#endif
