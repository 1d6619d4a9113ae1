/* SPDX-License-Identifier: ISC */
/*
 * template.h - the template language of the files in templates/.
 *
 *   {{alumno.nombre}}              a value ("" when not set)
 *   {{alumno.nombre|mayusculas}}   the value in capitals (á -> Á)
 *   {{#if x}} .. {{else}} .. {{/if}}       x set and not empty (a list:
 *   {{#unless x}} .. {{/unless}}           not empty)
 *   {{#each lista}} .. {{/each}}   once per record; inside, the record's
 *                                  fields by name, and {{indice}} (1, 2..)
 *   {{! comment }}                 dropped (may span lines)
 *   "# " or a lone "#" starting a line: the whole line is a comment
 *                                  ("## " is not: letters use it for
 *                                  headings)
 *
 * A block tag or comment alone on its line takes the line with it, so
 * templates can be laid out one tag per line without leaving blank lines.
 * Templates are parsed once, at start-up; every name is checked against
 * the template's schema there, and any fault is reported as
 * "file:line: what is wrong".
 */
#ifndef TEQUIO_TEMPLATE_H
#define TEQUIO_TEMPLATE_H

#include <stddef.h>

#include "common/util.h"
#include "letters/letters.h"
#include "letters/schema.h"

/*
 * Values in a marked rendering are wrapped in these two bytes, and their
 * own control characters are replaced by spaces, so the letter layout can
 * tell the template's own markup (blank lines, "- ", "**") from text that
 * came from a person: a name can never open a signature block or a bold
 * run.  Plain rendering (mail bodies) inserts values as they are.
 */
#define TPL_MARK_OPEN '\001'
#define TPL_MARK_CLOSE '\002'

enum tpl_mode { TPL_PLAIN, TPL_MARKED };

struct tpl;

/*
 * Parse len bytes of src, read from path (used in messages only), checking
 * names against sc.  On error writes "path:line: what" into err and
 * returns -1.
 */
int tpl_parse(const char *path, const char *src, size_t len,
    const struct schema *sc, struct tpl **out, char *err, size_t errlen);
/* The same for a text that starts on line first_line of path (a sentence
   of a catalogue file): errors name the file's line. */
int tpl_parse_at(const char *path, int first_line, const char *src,
    size_t len, const struct schema *sc, struct tpl **out, char *err,
    size_t errlen);
void tpl_free(struct tpl *t);

/*
 * Render t, looking names up in scopes[0], then scopes[1], ... (the
 * caller's values first, the institution's last).  Appends to out.
 */
void tpl_render(const struct tpl *t, const struct vars *const *scopes,
    size_t nscopes, enum tpl_mode mode, struct buf *out);

/* Append s in capitals: ASCII and the Latin-1 letters (á é í ó ú ü ñ). */
void utf8_upper_es(struct buf *out, const char *s);

#endif
