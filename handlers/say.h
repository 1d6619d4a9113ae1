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
 * Conversions: %s %d %u %ld %lld %zu and %.Nf.  A name the sentence does
 * not declare is a programming error: logged, and fatal in the test build.
 */
#ifndef TEQUIO_SAY_H
#define TEQUIO_SAY_H

#include "letters/sentences.h"

struct hctx;
struct vars;

/* The args of a sentence without variables (an empty format would be
   refused by -Wformat). */
#define SAY_NONE " "

/* Where in the transcript (hutil.h) a sentence goes. */
enum tr_part {
	TR_DONE,	/* one thing done (tr_done) */
	TR_ERROR,	/* one reason nothing was changed (tr_error) */
	TR_MISSING,	/* one thing still missing (tr_missing) */
	TR_STATE,	/* where the sender stands (tr_state, replaces) */
	TR_NEXT,	/* the exact next step (tr_next, replaces) */
};

/* Add sentence s, with the values of args, to the reply's transcript. */
void tr_say(struct hctx *ctx, enum tr_part part, enum sentence s,
    const char *args, ...) __attribute__((format(printf, 4, 5)));

/* tr_document with its state said by sentence state (no variables). */
void tr_document_said(struct hctx *ctx, const char *name,
    enum sentence state, const char *file, const char *type);

/* Sentence s with the values of args, as a new string (a subject, a
   document's state, a value for a template). */
char *say(const struct hctx *ctx, enum sentence s, const char *args, ...)
    __attribute__((format(printf, 3, 4)));

/* Set key of v to sentence s said with the values of args. */
void vars_say(const struct hctx *ctx, struct vars *v, const char *key,
    enum sentence s, const char *args, ...)
    __attribute__((format(printf, 5, 6)));

#endif
