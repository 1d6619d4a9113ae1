/* SPDX-License-Identifier: ISC */
/*
 * vars.c - template data: string values under dotted names and lists of
 * records for {{#each}}.
 *
 * A letter has a few dozen values, so plain arrays searched linearly are
 * both the simplest and the fastest structure here.  Every string is owned
 * by the struct and freed by vars_free().
 */
#include "letters/vars_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* key owns one block holding the name and the value, each terminated
   (issue 15: a reply sets some forty values: one allocation each, not
   two, and one free). */
struct var {
	char *key;
	char *value;		/* in key's block */
};

struct vlist {
	char *name;
	struct vars **items;
	size_t n, cap;
};

struct vars {
	struct var *v;
	size_t n, cap;
	struct vlist *l;
	size_t nl, capl;
};

struct vars *
vars_new(void)
{
	return xcalloc(1, sizeof(struct vars));
}

void
vars_free(struct vars *v)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < v->n; i++) {
		free(v->v[i].key);
	}
	for (size_t i = 0; i < v->nl; i++) {
		for (size_t j = 0; j < v->l[i].n; j++)
			vars_free(v->l[i].items[j]);
		free(v->l[i].items);
		free(v->l[i].name);
	}
	free(v->v);
	free(v->l);
	free(v);
}

/* The first byte decides most comparisons without a call to strcmp
   (issue 15: a reply looks up some fifty names). */
static struct var *
var_find(const struct vars *v, const char *key)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->v[i].key[0] == key[0] && strcmp(v->v[i].key, key) == 0)
			return &v->v[i];
	return NULL;
}

/* e's block made anew for key and value (either may be in the old one,
   which is freed only after they are copied). */
static void
var_fill(struct var *e, const char *key, const char *value)
{
	size_t kn = strlen(key), vn = strlen(value);
	char *old = e->key, *block;

	/* Both are strings in memory: kn + vn + 2 cannot wrap. */
	block = xmalloc(kn + vn + 2);
	memcpy(block, key, kn + 1);
	memcpy(block + kn + 1, value, vn + 1);
	e->key = block;
	e->value = block + kn + 1;
	free(old);
}

void
vars_set(struct vars *v, const char *key, const char *value)
{
	struct var *e = var_find(v, key);

	if (value == NULL)
		value = "";
	if (e != NULL) {
		var_fill(e, e->key, value);
		return;
	}
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 16;
		v->v = xreallocarray(v->v, v->cap, sizeof(*v->v));
	}
	v->v[v->n].key = NULL;
	var_fill(&v->v[v->n], key, value);
	v->n++;
}

void
vars_setf(struct vars *v, const char *key, const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	buf_init(&b);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	vars_set(v, key, b.data ? b.data : "");
	buf_free(&b);
}

const char *
vars_get(const struct vars *v, const char *key)
{
	const struct var *e = var_find(v, key);

	return e ? e->value : NULL;
}

static struct vlist *
list_find(const struct vars *v, const char *name)
{
	for (size_t i = 0; i < v->nl; i++)
		if (strcmp(v->l[i].name, name) == 0)
			return &v->l[i];
	return NULL;
}

struct vars *
vars_list_add(struct vars *v, const char *name)
{
	struct vlist *l = list_find(v, name);
	struct vars *item;

	if (l == NULL) {
		if (v->nl == v->capl) {
			v->capl = v->capl ? v->capl * 2 : 4;
			v->l = xreallocarray(v->l, v->capl, sizeof(*v->l));
		}
		l = &v->l[v->nl++];
		memset(l, 0, sizeof(*l));
		l->name = xstrdup(name);
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->items = xreallocarray(l->items, l->cap, sizeof(*l->items));
	}
	item = vars_new();
	l->items[l->n++] = item;
	return item;
}

size_t
vars_list_items(const struct vars *v, const char *name,
    struct vars *const **items)
{
	const struct vlist *l = list_find(v, name);

	if (l == NULL) {
		*items = NULL;
		return 0;
	}
	*items = l->items;
	return l->n;
}

int
vars_has_list(const struct vars *v, const char *name)
{
	return list_find(v, name) != NULL;
}

void
json_string(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;

	buf_addc(out, '"');
	for (; *p; p++) {
		switch (*p) {
		case '"':
			buf_adds(out, "\\\"");
			break;
		case '\\':
			buf_adds(out, "\\\\");
			break;
		case '\n':
			buf_adds(out, "\\n");
			break;
		case '\r':
			buf_adds(out, "\\r");
			break;
		case '\t':
			buf_adds(out, "\\t");
			break;
		default:
			if (*p < 0x20) {
				buf_adds(out, "\\u00");
				buf_addc(out, hex[*p >> 4]);
				buf_addc(out, hex[*p & 0xf]);
			} else {
				buf_addc(out, (char)*p);
			}
		}
	}
	buf_addc(out, '"');
}

/* Sort an index array by the names it points at. */
static int
cmp_var_ptr(const void *a, const void *b)
{
	const struct var *const *x = a, *const *y = b;

	return strcmp((*x)->key, (*y)->key);
}

static int
cmp_list_ptr(const void *a, const void *b)
{
	const struct vlist *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

/*
 * Values and lists share one key space in the JSON object; a value and a
 * list of the same name would make a duplicate key, so lists are written
 * under "name[]", which no value name can be.
 */
void
vars_json(const struct vars *v, struct buf *out)
{
	const struct var **vs = xcalloc(v->n, sizeof(*vs));
	const struct vlist **ls = xcalloc(v->nl, sizeof(*ls));
	size_t i = 0, j = 0;
	int first = 1;

	for (size_t k = 0; k < v->n; k++)
		vs[k] = &v->v[k];
	for (size_t k = 0; k < v->nl; k++)
		ls[k] = &v->l[k];
	qsort(vs, v->n, sizeof(*vs), cmp_var_ptr);
	qsort(ls, v->nl, sizeof(*ls), cmp_list_ptr);

	buf_addc(out, '{');
	/* Merge the two sorted runs; "x[]" sorts after the value "x". */
	while (i < v->n || j < v->nl) {
		int take_var = j == v->nl ||
		    (i < v->n && strcmp(vs[i]->key, ls[j]->name) <= 0);
		if (!first)
			buf_addc(out, ',');
		first = 0;
		if (take_var) {
			json_string(out, vs[i]->key);
			buf_addc(out, ':');
			json_string(out, vs[i]->value);
			i++;
			continue;
		}
		{
			char *name = xasprintf("%s[]", ls[j]->name);
			json_string(out, name);
			free(name);
		}
		buf_adds(out, ":[");
		for (size_t k = 0; k < ls[j]->n; k++) {
			if (k)
				buf_addc(out, ',');
			vars_json(ls[j]->items[k], out);
		}
		buf_addc(out, ']');
		j++;
	}
	buf_addc(out, '}');
	free(vs);
	free(ls);
}
