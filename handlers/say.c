/* SPDX-License-Identifier: ISC */
/*
 * say.c - a sentence of the catalogue said with the values a handler
 * gives as "name=%conversion" words (say.h), through the handler's
 * letters (letters/sentences.c reads the words).  Apart from hutil.c
 * because it is the one place where handlers hand words over to
 * templates/; hutil.c puts what it says into the transcript (tr_say).
 */
#include <stdarg.h>
#include <stdlib.h>

#include "handlers/say.h"
#include "handlers/handlers.h"
#include "letters/letters.h"

char *
say_va(const struct hctx *ctx, enum sentence s, const char *args,
    va_list ap)
{
	return sentence_sayv(ctx->letters, s, args, ap);
}

char *
say(const struct hctx *ctx, enum sentence s, const char *args, ...)
{
	va_list ap;
	char *text;

	va_start(ap, args);
	text = sentence_sayv(ctx->letters, s, args, ap);
	va_end(ap);
	return text;
}

void
vars_say(const struct hctx *ctx, struct vars *v, const char *key,
    enum sentence s, const char *args, ...)
{
	va_list ap;
	char *text;

	va_start(ap, args);
	text = sentence_sayv(ctx->letters, s, args, ap);
	va_end(ap);
	vars_set(v, key, text);
	free(text);
}

void
buf_say(const struct hctx *ctx, struct buf *out, enum sentence s,
    const char *args, ...)
{
	va_list ap;
	char *text;

	va_start(ap, args);
	text = sentence_sayv(ctx->letters, s, args, ap);
	va_end(ap);
	buf_adds(out, text);
	free(text);
}
