/* SPDX-License-Identifier: ISC */
/*
 * say.h - handlers say things by naming a sentence of the catalogue
 * (letters/sentences.h, templates/mensajes_*.txt) and giving its values.
 *
 * The values are written as a printf format of "name=%conversion" words,
 * so the compiler checks each value's type and the call reads as the
 * sentence's variables:
 *
 *   tr_say(ctx, TR_NEXT, S_ESTADO_REPORTE_SIGUIENTE, "horas=%d", h);
 *
 * (tr_say, which adds the sentence to the reply's transcript, is in
 * hutil.h with the rest of the transcript.)
 *
 * Conversions and checks as for sentence_say (letters/sentences.h).
 */
#ifndef TEQUIO_SAY_H
#define TEQUIO_SAY_H

#include <stdarg.h>

#include "letters/sentences.h"

struct hctx;
struct vars;


/* Sentence s with the values of args, as a new string (a subject, a
   document's state, a value for a template). */
char *say(const struct hctx *ctx, enum sentence s, const char *args, ...)
    __attribute__((format(printf, 3, 4)));

/* Append sentence s with the values of args to out (a refusal's reason
   built in a buffer). */
void buf_say(const struct hctx *ctx, struct buf *out, enum sentence s,
    const char *args, ...) __attribute__((format(printf, 4, 5)));

/* say() with the values in ap (tr_say, hutil.c). */
char *say_va(const struct hctx *ctx, enum sentence s, const char *args,
    va_list ap);

/* Set key of v to sentence s said with the values of args. */
void vars_say(const struct hctx *ctx, struct vars *v, const char *key,
    enum sentence s, const char *args, ...)
    __attribute__((format(printf, 5, 6)));

#endif
