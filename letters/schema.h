/* SPDX-License-Identifier: ISC */
/*
 * schema.h - which variables each template may use.
 *
 * A placeholder is checked against this registry when the template is
 * loaded, so a typo such as {{alumno.nombr}} stops start-up with the file
 * and line instead of printing an empty space in a letter.  Names are
 * dotted ("alumno.nombre"); a list is written "actividades[]" and a field
 * of its records "actividades[].descripcion".
 */
#ifndef TEQUIO_SCHEMA_H
#define TEQUIO_SCHEMA_H

#include <stddef.h>

struct schema;

/*
 * The schema for template name (the file name without ".txt"): an exact
 * entry, else a prefix entry such as "reply_*".  NULL when none fits.
 */
const struct schema *schema_find(const char *name);

/* True when name is a plain value the template may print. */
int schema_value(const struct schema *s, const char *name);
/* True when name is a list the template may loop over. */
int schema_list(const struct schema *s, const char *name);
/* True when field is a field of list's records ("indice" always is). */
int schema_item(const struct schema *s, const char *list, const char *field);

/* The letters, in the order SPEC section 3 names them. */
extern const char *const schema_letters[];
extern const size_t schema_n_letters;

/* True when name is one of schema_letters. */
int schema_is_letter(const char *name);

/*
 * The keys the institution file (templates/institucion.txt) may set:
 * the common institucion.* and coordinacion.* values that tequio.conf
 * does not already give.
 */
int schema_institution_key(const char *name);

/*
 * The schema of one sentence of a catalogue (sentences.c): its declared
 * names (NULL-terminated, borrowed: they must outlive the schema) and the
 * institution's values.  schema_free frees it.
 */
struct schema *schema_new_sentence(const char *const *names);
void schema_free(struct schema *s);

#endif
