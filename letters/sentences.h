/* SPDX-License-Identifier: ISC */
/*
 * sentences.h - the named sentences of replies, notices and subjects.
 *
 * C decides what happened and names the sentence that says it; the words
 * are in the catalogue files templates/mensajes_<grupo>.txt, which staff
 * edit without recompiling.  The names, and the variables each sentence
 * may use, are declared once in sentences_list.h: the compiler checks the
 * names C uses (S_...), and letters_open() checks the files against the
 * declarations (an unknown or missing sentence, an undeclared variable or
 * a broken tag stops start-up with file:line).
 */
#ifndef TEQUIO_SENTENCES_H
#define TEQUIO_SENTENCES_H

#include <stdarg.h>

#include "common/util.h"

struct letters;
struct vars;

enum sentence {
#define SENTENCE(id, name, vars) S_##id,
#include "letters/sentences_list.h"
#undef SENTENCE
	S_COUNT
};

/* "estado.reporte_siguiente" for S_ESTADO_REPORTE_SIGUIENTE. */
const char *sentence_name(enum sentence s);
/* True when var is one of the variables s declares. */
int sentence_declares(enum sentence s, const char *var);

/*
 * Append sentence s said with v (and the institution's values) to out.
 * Without a letters handle (tequioctl's listings), the sentence's name
 * in brackets, so a missing text is visible, never silent.
 */
void letters_say(const struct letters *l, enum sentence s,
    const struct vars *v, struct buf *out);

/*
 * Sentence s said with values written as a printf format of
 * "name=%conversion" words, so the compiler checks each value's type:
 *
 *   sentence_say(l, S_ESTADO_REPORTE_ESPERAR, "horas=%d", h);
 *
 * Conversions: %s %d %u %ld %lld %zu and %.Nf.  A name the sentence does
 * not declare is a programming error: logged, and fatal in the test
 * build.  A new string (the caller frees).  handlers/say.h wraps it for
 * handlers.
 */
/* The args of a sentence without variables (an empty format would be
   refused by -Wformat). */
#define SAY_NONE " "

char *sentence_say(const struct letters *l, enum sentence s,
    const char *args, ...) __attribute__((format(printf, 3, 4)));
char *sentence_sayv(const struct letters *l, enum sentence s,
    const char *args, va_list ap);

#endif
