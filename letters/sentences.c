/* SPDX-License-Identifier: ISC */
/*
 * sentences.c - the catalogue files templates/mensajes_<grupo>.txt: read
 * and checked at start-up against the declarations of sentences_list.h,
 * then each sentence said with its values.  A file holds sentences of
 * one group, each a line "[grupo.nombre]" followed by its text:
 *
 *   # ESTADO: el siguiente reporte que toca entregar
 *   [estado.reporte_siguiente]
 *   Al cumplir {{horas}} horas, entregue su reporte con REPORTE {{horas}}.
 *
 * The lines of a text are joined with one space (a line that starts
 * with "| " starts a new line instead); a blank line or the next "[...]"
 * ends it.  The text is a template (template.h) checked against the
 * variables the sentence declares.
 */
#include "letters/sentences.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "letters/letters_int.h"
#include "letters/schema.h"

#define GROUP_PREFIX "mensajes_"

static const struct {
	const char *name;
	const char *vars;	/* space-separated */
} registry[S_COUNT] = {
#define SENTENCE(id, name, vars) {name, vars},
#include "letters/sentences_list.h"
#undef SENTENCE
};

/* One loaded sentence. */
struct sentence_text {
	struct tpl *tpl;
	char **names;		/* declared variables, NULL-terminated */
	struct schema *sc;
	char *path;		/* where it was read, for duplicates */
	int line;
};

/* What a catalogue file's reader carries from line to line. */
struct reader {
	struct letters *l;
	const char *path;
	const char *group;	/* from the file name */
	int cur;		/* sentence being read, or -1 */
	int head_line;		/* its "[...]" line */
	struct buf text;	/* as said: lines joined */
	struct buf lines;	/* as written, to check with file lines */
	int n_lines;		/* in lines */
	char *err;
	size_t errlen;
	int fill;		/* only sentences not loaded yet */
	int skipping;		/* inside one already loaded (fill) */
	int taken;		/* how many fill took */
};

const char *
sentence_name(enum sentence s)
{
	return (unsigned)s < S_COUNT ? registry[s].name : "";
}

int
sentence_declares(enum sentence s, const char *var)
{
	const char *p;
	size_t n = strlen(var);

	if ((unsigned)s >= S_COUNT || n == 0)
		return 0;
	for (p = registry[s].vars; (p = strstr(p, var)) != NULL; p += n)
		if ((p == registry[s].vars || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == ' '))
			return 1;
	return 0;
}

/* The declared variables of s as a NULL-terminated array (new). */
static char **
declared_names(enum sentence s)
{
	const char *p = registry[s].vars;
	char **names = xcalloc(strlen(p) / 2 + 2, sizeof(*names));
	size_t n = 0;

	while (*p != '\0') {
		size_t len = strcspn(p, " ");

		if (len > 0)
			names[n++] = xstrndup(p, len);
		p += len + (p[len] == ' ');
	}
	return names;
}

static int
find_sentence(const char *name)
{
	for (int i = 0; i < S_COUNT; i++)
		if (strcmp(registry[i].name, name) == 0)
			return i;
	return -1;
}

static int rerr(struct reader *r, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
rerr(struct reader *r, int line, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(r->err, r->errlen, "%s:%d: %s", r->path, line, what);
	return -1;
}

static void
sentence_clear(struct sentence_text *t)
{
	tpl_free(t->tpl);
	schema_free(t->sc);
	for (size_t i = 0; t->names != NULL && t->names[i] != NULL; i++)
		free(t->names[i]);
	free(t->names);
	free(t->path);
	memset(t, 0, sizeof(*t));
}

/* The sentence read so far, parsed and kept. */
static int
finish(struct reader *r)
{
	struct sentence_text *t;
	int s = r->cur;

	if (s < 0)
		return 0;
	r->cur = -1;
	if (r->text.len == 0)
		return rerr(r, r->head_line, "la frase [%s] no tiene texto",
		    registry[s].name);
	t = &r->l->sentences[s];
	t->names = declared_names((enum sentence)s);
	t->sc = schema_new_sentence((const char *const *)t->names);
	t->path = xstrdup(r->path);
	t->line = r->head_line;
	/* Checked line by line first, so a fault names its own line. */
	if (tpl_parse_at(r->path, r->head_line + 1, r->lines.data,
	    r->lines.len, t->sc, &t->tpl, r->err, r->errlen) != 0) {
		sentence_clear(t);
		return -1;
	}
	tpl_free(t->tpl);
	t->tpl = NULL;
	if (tpl_parse_at(r->path, r->head_line + 1, r->text.data, r->text.len,
	    t->sc, &t->tpl, r->err, r->errlen) != 0) {
		sentence_clear(t);
		return -1;
	}
	return 0;
}

/* A "[grupo.nombre]" line. */
static int
open_sentence(struct reader *r, int line, char *s)
{
	const char *dot;
	int i;

	if (finish(r) != 0)
		return -1;
	s[strlen(s) - 1] = '\0';
	str_trim(++s);
	if ((i = find_sentence(s)) < 0 && r->fill) {
		/* an installed file of another version: not ours to judge */
		r->skipping = 1;
		return 0;
	}
	if (i < 0)
		return rerr(r, line, "frase desconocida [%.80s] (las frases "
		    "están en templates/README.md)", s);
	dot = strchr(s, '.');
	if (dot == NULL || strlen(r->group) != (size_t)(dot - s) ||
	    strncmp(s, r->group, (size_t)(dot - s)) != 0)
		return rerr(r, line, "la frase [%s] va en el archivo "
		    GROUP_PREFIX "%.*s.txt", s, (int)(dot ? dot - s : 0), s);
	r->skipping = r->fill && r->l->sentences[i].tpl != NULL;
	if (r->skipping)
		return 0;
	if (r->l->sentences[i].tpl != NULL) {
		char where[300];

		snprintf(where, sizeof(where), "%s:%d",
		    r->l->sentences[i].path, r->l->sentences[i].line);
		return rerr(r, line, "la frase [%s] ya está en %s", s, where);
	}
	r->cur = i;
	r->taken += r->fill;
	r->head_line = line;
	buf_reset(&r->text);
	buf_reset(&r->lines);
	r->n_lines = 0;
	return 0;
}

/* One more line of the sentence as written (lines stay lines). */
static void
keep_line(struct reader *r, const char *s)
{
	if (r->n_lines++ > 0)
		buf_adds(&r->lines, "\n");
	buf_adds(&r->lines, s);
}

/* A line of text: joined to the sentence with a space or a new line. */
static int
add_line(struct reader *r, int line, char *s)
{
	if (r->skipping)
		return 0;
	if (r->cur < 0)
		return rerr(r, line, "texto fuera de una frase: falta antes "
		    "una línea [%s.nombre]", r->group);
	keep_line(r, s);
	if (s[0] == '|' && (s[1] == '\0' || s[1] == ' ')) {
		buf_adds(&r->text, "\n");
		buf_adds(&r->text, str_trim(s + 1));
		return 0;
	}
	if (r->text.len > 0)
		buf_adds(&r->text, " ");
	buf_adds(&r->text, s);
	return 0;
}

static int
read_line(struct reader *r, int line, char *s)
{
	size_t len;

	if (s[0] == '#' && (s[1] == '\0' || s[1] == ' ')) {
		/* a comment keeps its line, for the lines of faults */
		if (r->cur >= 0)
			keep_line(r, "");
		return 0;
	}
	str_trim(s);
	len = strlen(s);
	if (len == 0)
		return finish(r);
	if (s[0] == '[' && s[len - 1] == ']')
		return open_sentence(r, line, s);
	return add_line(r, line, s);
}

int
sentences_is_catalogue(const char *name)
{
	return strncmp(name, GROUP_PREFIX, strlen(GROUP_PREFIX)) == 0;
}

static int
read_catalogue(struct letters *l, const char *path, const char *name,
    const char *src, size_t len, int fill, char *err, size_t errlen)
{
	struct reader r = {l, path, name + strlen(GROUP_PREFIX), -1, 0,
	    {0}, {0}, 0, err, errlen, fill, 0, 0};
	const char *p = src, *end = src + len;
	int line = 0, rc = 0;

	if (l->sentences == NULL)
		l->sentences = xcalloc(S_COUNT, sizeof(*l->sentences));
	if (!utf8_valid(src, len))
		return rerr(&r, 1, "el archivo no es texto UTF-8");
	buf_init(&r.text);
	buf_init(&r.lines);
	while (rc == 0 && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		char *s = xstrndup(p, (size_t)((nl ? nl : end) - p));

		line++;
		p = nl ? nl + 1 : end;
		rc = read_line(&r, line, s);
		free(s);
	}
	if (rc == 0)
		rc = finish(&r);
	if (rc == 0 && r.taken > 0)
		log_warn("templates: %d sentence%s of %s missing from your copy: "
		    "taken from the installed file (copy them into yours)",
		    r.taken, r.taken == 1 ? "" : "s", path);
	buf_free(&r.text);
	buf_free(&r.lines);
	return rc;
}

int
sentences_load(struct letters *l, const char *path, const char *name,
    const char *src, size_t len, char *err, size_t errlen)
{
	return read_catalogue(l, path, name, src, len, 0, err, errlen);
}

int
sentences_fill(struct letters *l, const char *path, const char *name,
    const char *src, size_t len, char *err, size_t errlen)
{
	return read_catalogue(l, path, name, src, len, 1, err, errlen);
}

int
sentences_check(const struct letters *l, char *err, size_t errlen)
{
	for (int i = 0; i < S_COUNT; i++) {
		const char *dot = strchr(registry[i].name, '.');

		if (l->sentences != NULL && l->sentences[i].tpl != NULL)
			continue;
		snprintf(err, errlen, "%s/" GROUP_PREFIX "%.*s.txt: falta la "
		    "frase [%s]", l->cfg->templates,
		    (int)(dot - registry[i].name), registry[i].name,
		    registry[i].name);
		return -1;
	}
	return 0;
}

void
sentences_free(struct letters *l)
{
	if (l->sentences == NULL)
		return;
	for (int i = 0; i < S_COUNT; i++)
		sentence_clear(&l->sentences[i]);
	free(l->sentences);
	l->sentences = NULL;
}

void
letters_say(const struct letters *l, enum sentence s, const struct vars *v,
    struct buf *out)
{
	const struct vars *scopes[2];
	size_t n = 0;

	if (l == NULL || l->sentences == NULL || (unsigned)s >= S_COUNT ||
	    l->sentences[s].tpl == NULL) {
		buf_printf(out, "[%s]", sentence_name(s));
		return;
	}
	if (v != NULL)
		scopes[n++] = v;
	scopes[n++] = l->inst;
	tpl_render(l->sentences[s].tpl, scopes, n, TPL_PLAIN, out);
}

/* ---- saying a sentence with values given as "name=%d" words ---- */

#define MAX_NAME 64

/*
 * One "%..." conversion at *f: its value taken from ap and formatted into
 * out.  *f is left after the conversion.  -1 on a conversion sentences.h
 * does not list.
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

char *
sentence_sayv(const struct letters *l, enum sentence s, const char *args,
    va_list ap)
{
	struct vars *v = vars_new();
	struct buf b;
	va_list copy;

	buf_init(&b);
	va_copy(copy, ap);
	take_values(v, s, args, &copy);
	va_end(copy);
	letters_say(l, s, v, &b);
	vars_free(v);
	return buf_steal(&b);
}

char *
sentence_say(const struct letters *l, enum sentence s, const char *args,
    ...)
{
	va_list ap;
	char *text;

	va_start(ap, args);
	text = sentence_sayv(l, s, args, ap);
	va_end(ap);
	return text;
}
