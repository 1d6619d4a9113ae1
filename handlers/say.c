/* SPDX-License-Identifier: ISC */
/*
 * say.c - a sentence of the catalogue said with the values a handler
 * gives as "name=%conversion" words (say.h).  Apart from hutil.c because
 * it is the one place where C hands words over to templates/; hutil.c
 * puts what it says into the transcript (tr_say).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/say.h"
#include "common/log.h"
#include "handlers/handlers.h"
#include "letters/letters.h"

#define MAX_NAME 64

/*
 * One "%..." conversion at *f: its value taken from ap and formatted into
 * out.  *f is left after the conversion.  -1 on a conversion say.h does
 * not list.
 */
static int
take_value(const char **f, va_list *ap, struct buf *out)
{
	const char *p = *f + 1;
	char spec[16];
	size_t n;

	p += strspn(p, ".0123456789");
	n = strspn(p, "lz");
	if (n > 2 || strchr("sduf", p[n]) == NULL || p[n] == '\0' ||
	    (size_t)(p + n + 1 - *f) >= sizeof(spec))
		return -1;
	memcpy(spec, *f, (size_t)(p + n + 1 - *f));
	spec[p + n + 1 - *f] = '\0';
	*f = p + n + 1;
	if (p[n] == 's')
		buf_printf(out, spec, va_arg(*ap, const char *));
	else if (p[n] == 'f')
		buf_printf(out, spec, va_arg(*ap, double));
	else if (n == 2)
		buf_printf(out, spec, va_arg(*ap, long long));
	else if (n == 1 && p[0] == 'z')
		buf_printf(out, spec, va_arg(*ap, size_t));
	else if (n == 1)
		buf_printf(out, spec, va_arg(*ap, long));
	else if (p[n] == 'u')
		buf_printf(out, spec, va_arg(*ap, unsigned));
	else
		buf_printf(out, spec, va_arg(*ap, int));
	return 0;
}

static void
wrong_args(enum sentence s, const char *args, const char *why)
{
	log_err("sentence %s: \"%s\": %s", sentence_name(s), args, why);
#ifdef TEQUIO_TESTING
	abort();
#endif
}

/* The values of args ("name=%d name=%s"), each a declared one, into v. */
static void
take_values(struct vars *v, enum sentence s, const char *args, va_list *ap)
{
	const char *f = args;
	struct buf val;

	buf_init(&val);
	while (*(f += strspn(f, " ")) != '\0') {
		char name[MAX_NAME];
		size_t n = strcspn(f, "= ");

		if (f[n] != '=' || f[n + 1] != '%' || n == 0 || n >= MAX_NAME) {
			wrong_args(s, args, "not name=%conversion words");
			break;
		}
		memcpy(name, f, n);
		name[n] = '\0';
		if (!sentence_declares(s, name))
			wrong_args(s, args, "a name the sentence does not "
			    "declare (letters/sentences_list.h)");
		f += n + 1;
		buf_reset(&val);
		if (take_value(&f, ap, &val) != 0) {
			wrong_args(s, args, "a conversion say.h does not "
			    "list");
			break;
		}
		vars_set(v, name, val.data ? val.data : "");
	}
	buf_free(&val);
}

/* Sentence s said with args (new string). */
static char *
vsay(const struct hctx *ctx, enum sentence s, const char *args, va_list *ap)
{
	struct vars *v = vars_new();
	struct buf b;

	buf_init(&b);
	take_values(v, s, args, ap);
	letters_say(ctx->letters, s, v, &b);
	vars_free(v);
	return buf_steal(&b);
}

char *
say_va(const struct hctx *ctx, enum sentence s, const char *args,
    va_list ap)
{
	va_list copy;
	char *text;

	va_copy(copy, ap);
	text = vsay(ctx, s, args, &copy);
	va_end(copy);
	return text;
}

char *
say(const struct hctx *ctx, enum sentence s, const char *args, ...)
{
	va_list ap;
	char *text;

	va_start(ap, args);
	text = vsay(ctx, s, args, &ap);
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
	text = vsay(ctx, s, args, &ap);
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
	text = vsay(ctx, s, args, &ap);
	va_end(ap);
	buf_adds(out, text);
	free(text);
}
