/* SPDX-License-Identifier: ISC */
/*
 * vars_int.h - what the letters module needs from struct vars beyond the
 * public interface in letters.h: walking lists for {{#each}}, and the
 * canonical JSON form that the verification code is computed over.
 */
#ifndef TEQUIO_VARS_INT_H
#define TEQUIO_VARS_INT_H

#include <stddef.h>

#include "common/util.h"
#include "letters/letters.h"

/*
 * Append v as one JSON object to out: keys sorted bytewise, lists as
 * arrays of objects, strings escaped (RFC 8259).  The same variables always
 * give the same bytes, which is what makes the text fit for hashing.
 */
void vars_json(const struct vars *v, struct buf *out);

/*
 * Read back what vars_json wrote (the first object of the len bytes at
 * s; *used, if not NULL, gets its length).  NULL when it is not that
 * shape.  vars_read.c.
 */
struct vars *vars_from_json(const char *s, size_t len, size_t *used);

/* Append s as a JSON string literal (with the quotes). */
void json_string(struct buf *out, const char *s);

#endif
