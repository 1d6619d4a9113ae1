/* SPDX-License-Identifier: ISC */
/*
 * template.c - parse templates into a small tree once, render it many
 * times.  The language is described in template.h and, for the people who
 * edit the texts, in templates/README.md.
 *
 * Parsing is one pass over the source that cuts it into text and tags and
 * builds the tree with a stack of open blocks; names are checked against
 * the schema as they are met, with the enclosing {{#each}} blocks known.
 * Messages are in Spanish: the institution's staff read them.
 */
#include "letters/template.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "letters/vars_int.h"

#define MAX_DEPTH 16		/* nested blocks */
#define MAX_NAME 64		/* bytes in a variable name */

enum nkind { N_TEXT, N_VAR, N_IF, N_EACH };

struct node;

struct nodes {
	struct node *v;
	size_t n, cap;
};

struct node {
	enum nkind kind;
	int line;
	int upper;		/* N_VAR: |mayusculas */
	int negate;		/* N_IF written as {{#unless}} */
	char *text;		/* N_TEXT: the text; otherwise the name */
	size_t len;
	struct nodes body;	/* N_IF, N_EACH */
	struct nodes alt;	/* N_IF: the {{else}} part */
};

struct tpl {
	struct nodes root;
};

/* What a tag is, before it becomes a node. */
enum tag_kind {
	T_VAR, T_IF, T_UNLESS, T_EACH, T_ELSE, T_END_IF, T_END_UNLESS,
	T_END_EACH, T_COMMENT
};

struct tag {
	enum tag_kind kind;
	char name[MAX_NAME + 1];
	int upper;
};

struct frame {
	struct node *node;
	enum tag_kind opened;	/* T_IF, T_UNLESS or T_EACH */
	int in_else;
};

struct parser {
	const char *path;
	int first_line;		/* the file line src's first line is on */
	const struct schema *sc;
	char *err;
	size_t errlen;
	struct nodes root;
	struct frame stack[MAX_DEPTH];
	size_t depth;
};

static int perr(struct parser *p, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
perr(struct parser *p, int line, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "%s:%d: %s", p->path,
	    p->first_line - 1 + line, what);
	return -1;
}

static void
nodes_free(struct nodes *ns)
{
	for (size_t i = 0; i < ns->n; i++) {
		free(ns->v[i].text);
		nodes_free(&ns->v[i].body);
		nodes_free(&ns->v[i].alt);
	}
	free(ns->v);
	ns->v = NULL;
	ns->n = ns->cap = 0;
}

void
tpl_free(struct tpl *t)
{
	if (t == NULL)
		return;
	nodes_free(&t->root);
	free(t);
}

static struct node *
nodes_push(struct nodes *ns, enum nkind kind, int line)
{
	struct node *n;

	if (ns->n == ns->cap) {
		ns->cap = ns->cap ? ns->cap * 2 : 1;
		ns->v = xreallocarray(ns->v, ns->cap, sizeof(*ns->v));
	}
	n = &ns->v[ns->n++];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->line = line;
	return n;
}

/*
 * Every array of a parsed template down to the size it holds.  The
 * daemon keeps some 800 of them (templates and sentences) for its whole
 * life, most with one or two nodes: grown from 8 nodes they took 0.5 MB,
 * grown from 1 (nodes_push) and fitted here the heap after start-up is
 * 0.2-0.3 MB smaller (issue 15).  Recursion: one level per nested block,
 * at most MAX_DEPTH.
 */
static void
nodes_fit(struct nodes *ns)
{
	if (ns->n < ns->cap) {
		if (ns->n == 0) {
			free(ns->v);
			ns->v = NULL;
		} else {
			ns->v = xreallocarray(ns->v, ns->n, sizeof(*ns->v));
		}
		ns->cap = ns->n;
	}
	for (size_t i = 0; i < ns->n; i++) {
		nodes_fit(&ns->v[i].body);
		nodes_fit(&ns->v[i].alt);
	}
}

/* Where new nodes go: the innermost open block, or the top level. */
static struct nodes *
current(struct parser *p)
{
	struct frame *f;

	if (p->depth == 0)
		return &p->root;
	f = &p->stack[p->depth - 1];
	return f->in_else ? &f->node->alt : &f->node->body;
}

static void
add_text(struct parser *p, const char *s, size_t len, int line)
{
	struct nodes *ns = current(p);
	struct node *n;

	if (len == 0)
		return;
	/* Adjacent text (around a dropped comment) is one node. */
	if (ns->n > 0 && ns->v[ns->n - 1].kind == N_TEXT) {
		n = &ns->v[ns->n - 1];
		n->text = xrealloc(n->text, n->len + len + 1);
		memcpy(n->text + n->len, s, len);
		n->len += len;
		n->text[n->len] = '\0';
		return;
	}
	n = nodes_push(ns, N_TEXT, line);
	n->text = xmemdup0(s, len);
	n->len = len;
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int
name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* A dotted name of lower-case ASCII words: "alumno.nombre". */
static int
valid_name(const char *s, size_t len)
{
	if (len == 0 || len > MAX_NAME || s[0] == '.' || s[len - 1] == '.')
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '.') {
			if (s[i + 1] == '.')
				return 0;
		} else if (!name_char((unsigned char)s[i])) {
			return 0;
		}
	}
	return 1;
}

/* Trim blanks from both ends of [*s, *s + *len). */
static void
trim(const char **s, size_t *len)
{
	while (*len > 0 && (is_blank((unsigned char)**s) || **s == '\n')) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && (is_blank((unsigned char)(*s)[*len - 1]) ||
	    (*s)[*len - 1] == '\n'))
		(*len)--;
}

static int
set_name(struct parser *p, int line, struct tag *t, const char *s,
    size_t len)
{
	trim(&s, &len);
	if (!valid_name(s, len))
		return perr(p, line, "nombre de variable no válido \"%.*s\" "
		    "(use minúsculas, dígitos, _ y puntos)",
		    (int)(len > MAX_NAME ? MAX_NAME : len), s);
	memcpy(t->name, s, len);
	t->name[len] = '\0';
	return 0;
}

/* Keyword tags: "#if x", "/each", "else"... */
static int
parse_keyword(struct parser *p, int line, const char *s, size_t len,
    struct tag *t)
{
	static const struct {
		const char *word;
		enum tag_kind kind;
		int takes_name;
	} words[] = {
		{"#if", T_IF, 1}, {"#unless", T_UNLESS, 1}, {"#each", T_EACH, 1},
		{"else", T_ELSE, 0}, {"/if", T_END_IF, 0},
		{"/unless", T_END_UNLESS, 0}, {"/each", T_END_EACH, 0},
	};

	for (size_t i = 0; i < ARRAY_LEN(words); i++) {
		size_t wl = strlen(words[i].word);
		if (len < wl || memcmp(s, words[i].word, wl) != 0)
			continue;
		if (len > wl && !is_blank((unsigned char)s[wl]) &&
		    s[wl] != '\n')
			continue;
		t->kind = words[i].kind;
		if (!words[i].takes_name) {
			const char *rest = s + wl;
			size_t rl = len - wl;
			trim(&rest, &rl);
			if (rl != 0)
				return perr(p, line, "sobra texto en "
				    "{{%.*s}}", (int)len, s);
			return 0;
		}
		return set_name(p, line, t, s + wl, len - wl);
	}
	return perr(p, line, "bloque desconocido {{%.*s}} (se conocen #if, "
	    "#unless, #each, else, /if, /unless, /each)",
	    (int)(len > 40 ? 40 : len), s);
}

/* Classify the text between {{ and }}. */
static int
parse_tag(struct parser *p, int line, const char *s, size_t len,
    struct tag *t)
{
	const char *bar;

	memset(t, 0, sizeof(*t));
	trim(&s, &len);
	if (len > 0 && s[0] == '!') {
		t->kind = T_COMMENT;
		return 0;
	}
	if (len == 0)
		return perr(p, line, "etiqueta vacía {{}}");
	if (s[0] == '#' || s[0] == '/' || (len == 4 &&
	    memcmp(s, "else", 4) == 0) || (len > 4 &&
	    memcmp(s, "else", 4) == 0 && is_blank((unsigned char)s[4])))
		return parse_keyword(p, line, s, len, t);
	t->kind = T_VAR;
	bar = memchr(s, '|', len);
	if (bar != NULL) {
		const char *f = bar + 1;
		size_t fl = len - (size_t)(f - s);
		trim(&f, &fl);
		if (fl != 10 || memcmp(f, "mayusculas", 10) != 0)
			return perr(p, line, "filtro desconocido \"%.*s\" "
			    "(se conoce: mayusculas)",
			    (int)(fl > 40 ? 40 : fl), f);
		t->upper = 1;
		len = (size_t)(bar - s);
	}
	return set_name(p, line, t, s, len);
}

/* Is name a field of one of the enclosing {{#each}} lists? */
static int
in_each(const struct parser *p, const char *name)
{
	for (size_t i = p->depth; i-- > 0;) {
		const struct frame *f = &p->stack[i];
		if (f->opened == T_EACH &&
		    schema_item(p->sc, f->node->text, name))
			return 1;
	}
	return 0;
}

static int
check_var(struct parser *p, int line, const char *name)
{
	if (in_each(p, name) || schema_value(p->sc, name))
		return 0;
	if (schema_list(p->sc, name))
		return perr(p, line, "{{%s}} es una lista: recórrala con "
		    "{{#each %s}} ... {{/each}}", name, name);
	return perr(p, line, "variable desconocida {{%s}} (las variables de "
	    "cada plantilla están en templates/README.md)", name);
}

static int
check_cond(struct parser *p, int line, const char *name)
{
	if (in_each(p, name) || schema_value(p->sc, name) ||
	    schema_list(p->sc, name))
		return 0;
	return perr(p, line, "variable desconocida \"%s\" en la condición",
	    name);
}

static int
check_list(struct parser *p, int line, const char *name)
{
	if (schema_list(p->sc, name))
		return 0;
	if (schema_value(p->sc, name) || in_each(p, name))
		return perr(p, line, "\"%s\" no es una lista: {{#each}} "
		    "necesita una lista", name);
	return perr(p, line, "lista desconocida \"%s\" en {{#each}}", name);
}

static const char *
open_word(enum tag_kind k)
{
	return k == T_IF ? "#if" : k == T_UNLESS ? "#unless" : "#each";
}

static int
open_block(struct parser *p, int line, const struct tag *t)
{
	struct node *n;
	int rc;

	if (p->depth == MAX_DEPTH)
		return perr(p, line, "demasiados bloques anidados (máximo %d)",
		    MAX_DEPTH);
	rc = t->kind == T_EACH ? check_list(p, line, t->name) :
	    check_cond(p, line, t->name);
	if (rc != 0)
		return rc;
	n = nodes_push(current(p), t->kind == T_EACH ? N_EACH : N_IF, line);
	n->text = xstrdup(t->name);
	n->negate = t->kind == T_UNLESS;
	p->stack[p->depth].node = n;
	p->stack[p->depth].opened = t->kind;
	p->stack[p->depth].in_else = 0;
	p->depth++;
	return 0;
}

static int
close_block(struct parser *p, int line, enum tag_kind want,
    const char *word)
{
	struct frame *f;

	if (p->depth == 0)
		return perr(p, line, "{{%s}} sin bloque abierto", word);
	f = &p->stack[p->depth - 1];
	if (f->opened != want)
		return perr(p, line, "{{%s}} cierra {{%s %s}} abierto en la "
		    "línea %d", word, open_word(f->opened), f->node->text,
		    f->node->line);
	p->depth--;
	return 0;
}

static int
else_block(struct parser *p, int line)
{
	struct frame *f;

	if (p->depth == 0 || p->stack[p->depth - 1].opened == T_EACH)
		return perr(p, line, "{{else}} fuera de {{#if}} o {{#unless}}");
	f = &p->stack[p->depth - 1];
	if (f->in_else)
		return perr(p, line, "segundo {{else}} en el bloque abierto en "
		    "la línea %d", f->node->line);
	f->in_else = 1;
	return 0;
}

static int
apply_tag(struct parser *p, int line, const struct tag *t)
{
	struct node *n;

	switch (t->kind) {
	case T_VAR:
		if (check_var(p, line, t->name) != 0)
			return -1;
		n = nodes_push(current(p), N_VAR, line);
		n->text = xstrdup(t->name);
		n->upper = t->upper;
		return 0;
	case T_IF:
	case T_UNLESS:
	case T_EACH:
		return open_block(p, line, t);
	case T_ELSE:
		return else_block(p, line);
	case T_END_IF:
		return close_block(p, line, T_IF, "/if");
	case T_END_UNLESS:
		return close_block(p, line, T_UNLESS, "/unless");
	case T_END_EACH:
		return close_block(p, line, T_EACH, "/each");
	case T_COMMENT:
		return 0;
	}
	return 0;
}

/* Only blanks in [a, b)? */
static int
blank_span(const char *a, const char *b)
{
	for (; a < b; a++)
		if (!is_blank((unsigned char)*a))
			return 0;
	return 1;
}

/* Where the line containing p ends: at its '\n', or at end. */
static const char *
line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl : end;
}

/* Find "}}" from s; comments may span lines, other tags may not. */
static const char *
find_close(const char *s, const char *end, int comment)
{
	const char *limit = comment ? end : line_end(s, end);

	for (const char *q = s; q + 1 < limit; q++)
		if (q[0] == '}' && q[1] == '}')
			return q;
	return NULL;
}

static int
count_lines(const char *a, const char *b)
{
	int n = 0;

	for (; a < b; a++)
		if (*a == '\n')
			n++;
	return n;
}

static int
parse_source(struct parser *p, const char *src, size_t len)
{
	const char *end = src + len, *s = src, *text = src, *bol = src;
	int line = 1, text_line = 1;

	while (s < end) {
		if (s == bol && *s == '#' && (s + 1 == end ||
		    is_blank((unsigned char)s[1]) || s[1] == '\n')) {
			/* A comment line: drop it and its newline. */
			const char *e = line_end(s, end);
			add_text(p, text, (size_t)(s - text), text_line);
			s = e < end ? e + 1 : e;
			bol = text = s;
			text_line = ++line;
			continue;
		}
		if (s + 1 < end && s[0] == '{' && s[1] == '{') {
			struct tag t;
			const char *close, *after, *eol, *tag_bol = bol;
			int comment = s + 2 < end && s[2] == '!', tag_line = line;

			close = find_close(s + 2, end, comment);
			if (close == NULL)
				return perr(p, line, "etiqueta sin cerrar: falta "
				    "\"}}\" después de \"{{\"");
			if (parse_tag(p, line, s + 2, (size_t)(close - s - 2),
			    &t) != 0)
				return -1;
			if (count_lines(s, close) > 0) {
				line += count_lines(s, close);
				bol = close;
				while (bol[-1] != '\n')
					bol--;
			}
			after = close + 2;
			eol = line_end(after, end);
			if (t.kind != T_VAR && blank_span(tag_bol, s) &&
			    blank_span(after, eol)) {
				/* Standalone: the tag takes its line. */
				add_text(p, text, (size_t)(tag_bol - text),
				    text_line);
				after = eol < end ? eol + 1 : eol;
				if (eol < end)
					line++;
				bol = after;
			} else {
				add_text(p, text, (size_t)(s - text),
				    text_line);
			}
			if (apply_tag(p, tag_line, &t) != 0)
				return -1;
			s = text = after;
			text_line = line;
			continue;
		}
		if (*s == '\n') {
			line++;
			bol = s + 1;
		}
		s++;
	}
	add_text(p, text, (size_t)(s - text), text_line);
	if (p->depth > 0) {
		struct frame *f = &p->stack[p->depth - 1];
		return perr(p, f->node->line, "{{%s %s}} no se cierra (falta "
		    "{{/%s}})", open_word(f->opened), f->node->text,
		    open_word(f->opened) + 1);
	}
	return 0;
}

int
tpl_parse(const char *path, const char *src, size_t len,
    const struct schema *sc, struct tpl **out, char *err, size_t errlen)
{
	return tpl_parse_at(path, 1, src, len, sc, out, err, errlen);
}

int
tpl_parse_at(const char *path, int first_line, const char *src, size_t len,
    const struct schema *sc, struct tpl **out, char *err, size_t errlen)
{
	struct parser p;
	struct tpl *t;

	memset(&p, 0, sizeof(p));
	p.path = path;
	p.first_line = first_line;
	p.sc = sc;
	p.err = err;
	p.errlen = errlen;
	*out = NULL;
	if (memchr(src, '\0', len) != NULL || !utf8_valid(src, len)) {
		snprintf(err, errlen, "%s:%d: el archivo no es texto UTF-8",
		    path, first_line);
		return -1;
	}
	if (parse_source(&p, src, len) != 0) {
		nodes_free(&p.root);
		return -1;
	}
	nodes_fit(&p.root);
	t = xmalloc(sizeof(*t));
	t->root = p.root;
	*out = t;
	return 0;
}

/* ---- rendering ---- */

/* One level of {{#each}}: the record and its position. */
struct scope {
	const struct vars *v;
	size_t index;
	const struct scope *up;
};

struct rstate {
	const struct vars *const *base;
	size_t nbase;
	enum tpl_mode mode;
};

static const char *
lookup(const struct rstate *rs, const struct scope *sc, const char *name)
{
	const char *v;

	for (; sc != NULL; sc = sc->up)
		if ((v = vars_get(sc->v, name)) != NULL)
			return v;
	for (size_t i = 0; i < rs->nbase; i++)
		if (rs->base[i] && (v = vars_get(rs->base[i], name)) != NULL)
			return v;
	return NULL;
}

static size_t
lookup_list(const struct rstate *rs, const struct scope *sc,
    const char *name, struct vars *const **items)
{
	for (; sc != NULL; sc = sc->up)
		if (vars_has_list(sc->v, name))
			return vars_list_items(sc->v, name, items);
	for (size_t i = 0; i < rs->nbase; i++)
		if (rs->base[i] && vars_has_list(rs->base[i], name))
			return vars_list_items(rs->base[i], name, items);
	*items = NULL;
	return 0;
}

void
utf8_upper_es(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if (*p >= 'a' && *p <= 'z') {
			buf_addc(out, (char)(*p - 32));
		} else if (p[0] == 0xc3 && p[1] >= 0xa0 && p[1] <= 0xbe &&
		    p[1] != 0xb7) {
			/* U+00E0..U+00FE lower -> U+00C0..U+00DE (not ÷) */
			buf_addc(out, (char)0xc3);
			buf_addc(out, (char)(p[1] - 0x20));
			p++;
		} else {
			buf_addc(out, (char)*p);
		}
	}
}

static void
emit_value(struct buf *out, const char *value, int upper,
    enum tpl_mode mode)
{
	size_t start;

	if (mode == TPL_MARKED)
		buf_addc(out, TPL_MARK_OPEN);
	start = out->len;
	if (upper)
		utf8_upper_es(out, value);
	else
		buf_adds(out, value);
	if (mode == TPL_MARKED) {
		for (size_t i = start; i < out->len; i++) {
			unsigned char c = (unsigned char)out->data[i];
			if (c < 0x20 || c == 0x7f)
				out->data[i] = ' ';
		}
		buf_addc(out, TPL_MARK_CLOSE);
	}
}

static int
truth(const struct rstate *rs, const struct scope *sc, const char *name)
{
	struct vars *const *items;
	const char *v;

	if (strcmp(name, "indice") == 0 && sc != NULL)
		return 1;
	v = lookup(rs, sc, name);
	if (v != NULL && *v != '\0')
		return 1;
	return lookup_list(rs, sc, name, &items) > 0;
}

static void render_nodes(const struct nodes *ns, const struct rstate *rs,
    const struct scope *sc, struct buf *out);

static void
render_each(const struct node *n, const struct rstate *rs,
    const struct scope *sc, struct buf *out)
{
	struct vars *const *items;
	size_t count = lookup_list(rs, sc, n->text, &items);
	struct scope inner;

	inner.up = sc;
	for (size_t i = 0; i < count; i++) {
		inner.v = items[i];
		inner.index = i;
		render_nodes(&n->body, rs, &inner, out);
	}
}

static void
render_nodes(const struct nodes *ns, const struct rstate *rs,
    const struct scope *sc, struct buf *out)
{
	for (size_t i = 0; i < ns->n; i++) {
		const struct node *n = &ns->v[i];
		const char *v;

		switch (n->kind) {
		case N_TEXT:
			buf_add(out, n->text, n->len);
			break;
		case N_VAR:
			if (sc != NULL && strcmp(n->text, "indice") == 0) {
				char num[24];
				snprintf(num, sizeof(num), "%zu",
				    sc->index + 1);
				emit_value(out, num, 0, rs->mode);
				break;
			}
			v = lookup(rs, sc, n->text);
			emit_value(out, v ? v : "", n->upper, rs->mode);
			break;
		case N_IF:
			if (truth(rs, sc, n->text) != n->negate)
				render_nodes(&n->body, rs, sc, out);
			else
				render_nodes(&n->alt, rs, sc, out);
			break;
		case N_EACH:
			render_each(n, rs, sc, out);
			break;
		}
	}
}

void
tpl_render(const struct tpl *t, const struct vars *const *scopes,
    size_t nscopes, enum tpl_mode mode, struct buf *out)
{
	struct rstate rs;

	rs.base = scopes;
	rs.nbase = nscopes;
	rs.mode = mode;
	buf_grow(out, 0);
	render_nodes(&t->root, &rs, NULL, out);
}
