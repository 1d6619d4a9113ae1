/* SPDX-License-Identifier: ISC */
/*
 * letterdoc.c - from the text of a rendered letter template to the
 * structure the layout draws (doc.h).
 *
 * The template is rendered first, with every value wrapped in markers
 * (template.h); only text outside markers is markup.  So a student whose
 * name is "**---**" gets exactly that printed, and a reason for a baja
 * with blank lines in it stays one paragraph.
 */
#include "letters/doc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "letters/template.h"

static const char *const front_keys[] = {
	"titulo", "asunto", "destinatario", "lugar_fecha", "despedida",
	"lema", "firma", "ccp", "fuente",
};

static int
is_marker(int c)
{
	return c == TPL_MARK_OPEN || c == TPL_MARK_CLOSE;
}

static int
is_sp(int c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static void
strlist_add(struct strlist *l, char *s)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = s;
}

static void
strlist_free(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* Text of [s, s+n) without markers and literal "**", trimmed. */
static char *
plain(const char *s, size_t n)
{
	struct buf b;
	int in_value = 0;

	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == TPL_MARK_OPEN) {
			in_value = 1;
		} else if (s[i] == TPL_MARK_CLOSE) {
			in_value = 0;
		} else if (!in_value && s[i] == '*' && i + 1 < n &&
		    s[i + 1] == '*') {
			i++;
		} else {
			buf_addc(&b, s[i] == '\t' ? ' ' : s[i]);
		}
	}
	return str_trim(buf_steal(&b));
}

/* Blank when only blanks and markers (an empty value) are on it. */
static int
blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_sp((unsigned char)s[i]) && !is_marker(s[i]))
			return 0;
	return 1;
}

/* Skip literal leading blanks; returns the offset of the first other. */
static size_t
indent(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && is_sp((unsigned char)s[i]))
		i++;
	return i;
}

static int
has_prefix(const char *s, size_t n, const char *prefix)
{
	size_t pl = strlen(prefix);

	return n >= pl && memcmp(s, prefix, pl) == 0;
}

/* "---" alone on a line, written by the template (not a value). */
static int
fence(const char *s, size_t n)
{
	size_t i = indent(s, n);

	while (n > i && is_sp((unsigned char)s[n - 1]))
		n--;
	return n - i == 3 && memcmp(s + i, "---", 3) == 0;
}

/* A front-matter key: [a-z_]+ followed by ':'; its length, or 0. */
static size_t
key_len(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
		i++;
	return i > 0 && i < n && s[i] == ':' ? i : 0;
}

/* A template comment line (template.h): "#" then a blank or nothing. */
static int
comment_line(const char *s, size_t n)
{
	return n > 0 && s[0] == '#' && (n == 1 || is_sp((unsigned char)s[1]));
}

/* ---- source check at load time ---- */

static int cerr(char *err, size_t errlen, const char *path, int line,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int
cerr(char *err, size_t errlen, const char *path, int line, const char *fmt,
    ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(err, errlen, "%s:%d: %s", path, line, what);
	return -1;
}

static int
known_key(const char *s, size_t n)
{
	for (size_t i = 0; i < ARRAY_LEN(front_keys); i++)
		if (strlen(front_keys[i]) == n &&
		    memcmp(front_keys[i], s, n) == 0)
			return 1;
	return 0;
}

/* A line of template markup only: "{{#if x}}", "{{/if}}", "{{! .. }}". */
static int
tag_line(const char *s, size_t n)
{
	size_t i = indent(s, n);

	while (n > i && is_sp((unsigned char)s[n - 1]))
		n--;
	return n - i >= 4 && s[i] == '{' && s[i + 1] == '{' &&
	    s[n - 2] == '}' && s[n - 1] == '}' &&
	    (s[i + 2] == '#' || s[i + 2] == '/' || s[i + 2] == '!' ||
	    has_prefix(s + i + 2, n - i - 2, "else"));
}

static size_t
count_stars(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == '*' && s[i + 1] == '*') {
			c++;
			i++;
		}
	return c;
}

static int
check_front_line(const char *path, int line, const char *s, size_t n,
    char *err, size_t errlen)
{
	size_t i = indent(s, n), k;

	if (blank_line(s, n) || tag_line(s, n) || comment_line(s, n) ||
	    has_prefix(s + i, n - i, "{{"))
		return 0;
	k = key_len(s + i, n - i);
	if (k == 0)
		return cerr(err, errlen, path, line, "se esperaba "
		    "\"clave: valor\" en el encabezado (o \"---\" para "
		    "cerrarlo)");
	if (!known_key(s + i, k))
		return cerr(err, errlen, path, line, "clave desconocida "
		    "\"%.*s\" en el encabezado (se conocen: titulo, asunto, "
		    "destinatario, lugar_fecha, despedida, lema, firma, ccp, "
		    "fuente)", (int)(k > 40 ? 40 : k), s + i);
	return 0;
}

int
letterdoc_check(const char *path, const char *src, size_t len, char *err,
    size_t errlen)
{
	const char *p = src, *end = src + len;
	int line = 0, state = 0;	/* 0 before, 1 in front, 2 body */
	int para_line = 0;
	size_t para_stars = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		size_t i = indent(p, n);

		line++;
		if (comment_line(p, n)) {
			/* dropped by the template engine */
		} else if (state == 0 && !blank_line(p, n) &&
		    !tag_line(p, n)) {
			state = fence(p, n) ? 1 : 2;
		} else if (state == 1) {
			if (fence(p, n))
				state = 2;
			else if (check_front_line(path, line, p, n, err,
			    errlen) != 0)
				return -1;
		}
		if (state == 2 && !comment_line(p, n) && !fence(p, n)) {
			int own = has_prefix(p + i, n - i, "- ") ||
			    has_prefix(p + i, n - i, "|") ||
			    has_prefix(p + i, n - i, "## ");
			if (blank_line(p, n) || own || tag_line(p, n)) {
				if (para_stars % 2)
					return cerr(err, errlen, path,
					    para_line, "\"**\" sin cerrar en "
					    "este párrafo (negritas)");
				para_stars = 0;
				para_line = 0;
			}
			if (own && count_stars(p, n) % 2)
				return cerr(err, errlen, path, line,
				    "\"**\" sin cerrar en esta línea "
				    "(negritas)");
			if (!own && !blank_line(p, n) && !tag_line(p, n)) {
				if (para_line == 0)
					para_line = line;
				para_stars += count_stars(p, n);
			}
		}
		p = nl ? nl + 1 : end;
	}
	if (state == 1)
		return cerr(err, errlen, path, line, "falta la línea \"---\" "
		    "que cierra el encabezado");
	if (para_stars % 2)
		return cerr(err, errlen, path, para_line, "\"**\" sin cerrar "
		    "en este párrafo (negritas)");
	return 0;
}

/* ---- building the document ---- */

static struct block *
block_new(struct letter_doc *doc, enum block_kind kind, int tight)
{
	struct block *b;

	doc->blocks = xreallocarray(doc->blocks, doc->nblocks + 1,
	    sizeof(*doc->blocks));
	b = &doc->blocks[doc->nblocks++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->tight = tight;
	return b;
}

static void
span_flush(struct block *b, struct buf *cur, int bold)
{
	if (cur->len == 0)
		return;
	b->spans = xreallocarray(b->spans, b->nspans + 1, sizeof(*b->spans));
	b->spans[b->nspans].text = buf_steal(cur);
	b->spans[b->nspans].bold = bold;
	b->nspans++;
}

/* Cut marked text into spans, toggling bold on literal "**". */
static void
fill_spans(struct block *b, const char *s, size_t n)
{
	struct buf cur;
	int bold = 0, in_value = 0;

	buf_init(&cur);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == TPL_MARK_OPEN) {
			in_value = 1;
		} else if (s[i] == TPL_MARK_CLOSE) {
			in_value = 0;
		} else if (!in_value && s[i] == '*' && i + 1 < n &&
		    s[i + 1] == '*') {
			span_flush(b, &cur, bold);
			bold = !bold;
			i++;
		} else {
			buf_addc(&cur, is_sp((unsigned char)s[i]) ? ' ' : s[i]);
		}
	}
	span_flush(b, &cur, bold);
	buf_free(&cur);
}

static void
add_block(struct letter_doc *doc, enum block_kind kind, int tight,
    const char *s, size_t n)
{
	size_t before = doc->nblocks;
	struct block *b = block_new(doc, kind, tight);

	fill_spans(b, s, n);
	/* An empty "|" line is a deliberate empty line; others go. */
	if (kind != BLK_LINE && (b->nspans == 0 || blank_line(s, n))) {
		for (size_t i = 0; i < b->nspans; i++)
			free(b->spans[i].text);
		free(b->spans);
		doc->nblocks = before;
	}
}

/* A value of a front-matter line: "firma" splits at '|' into lines. */
static void
front_firma(struct letter_doc *doc, const char *s, size_t n)
{
	struct strlist l = {NULL, 0};
	size_t start = 0;
	int in_value = 0;

	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] == TPL_MARK_OPEN)
			in_value = 1;
		else if (i < n && s[i] == TPL_MARK_CLOSE)
			in_value = 0;
		if (i == n || (!in_value && s[i] == '|')) {
			char *line = plain(s + start, i - start);
			if (*line)
				strlist_add(&l, line);
			else
				free(line);
			start = i + 1;
		}
	}
	if (l.n == 0)
		return;
	doc->firmas = xreallocarray(doc->firmas, doc->nfirmas + 1,
	    sizeof(*doc->firmas));
	doc->firmas[doc->nfirmas++] = l;
}

static void
set_once(char **field, char *value)
{
	if (*value == '\0') {
		free(value);
		return;
	}
	free(*field);
	*field = value;
}

static void
front_line(struct letter_doc *doc, const char *s, size_t n)
{
	size_t i = indent(s, n), k = key_len(s + i, n - i);
	const char *key = s + i, *v;
	size_t vn;

	if (k == 0)
		return;
	v = key + k + 1;
	vn = n - (size_t)(v - s);
#define KEY(name) (k == strlen(name) && memcmp(key, name, k) == 0)
	if (KEY("firma")) {
		front_firma(doc, v, vn);
		return;
	}
	if (KEY("destinatario") || KEY("ccp")) {
		char *line = plain(v, vn);
		if (*line)
			strlist_add(KEY("ccp") ? &doc->ccp : &doc->destinatario,
			    line);
		else
			free(line);
		return;
	}
	if (KEY("titulo"))
		set_once(&doc->titulo, plain(v, vn));
	else if (KEY("asunto"))
		set_once(&doc->asunto, plain(v, vn));
	else if (KEY("lugar_fecha"))
		set_once(&doc->lugar_fecha, plain(v, vn));
	else if (KEY("despedida"))
		set_once(&doc->despedida, plain(v, vn));
	else if (KEY("lema"))
		set_once(&doc->lema, plain(v, vn));
	else if (KEY("fuente")) {
		char *f = plain(v, vn);
		doc->font = strcmp(f, "times") == 0 ? FONT_TIMES :
		    FONT_HELVETICA;
		free(f);
	}
#undef KEY
}

/* Body state: the paragraph being joined, and whether a group is open. */
struct body {
	struct buf para;
	int in_group;		/* a block of this group was emitted */
};

static void
flush_para(struct letter_doc *doc, struct body *bd)
{
	if (bd->para.len == 0)
		return;
	add_block(doc, BLK_PARA, bd->in_group, bd->para.data, bd->para.len);
	bd->in_group = 1;
	buf_reset(&bd->para);
}

static void
body_line(struct letter_doc *doc, struct body *bd, const char *s, size_t n)
{
	size_t i = indent(s, n);
	const char *t = s + i;
	size_t tn = n - i;

	if (blank_line(s, n)) {
		flush_para(doc, bd);
		bd->in_group = 0;
		return;
	}
	if (has_prefix(t, tn, "- ") || has_prefix(t, tn, "## ") ||
	    has_prefix(t, tn, "|")) {
		enum block_kind kind = t[0] == '-' ? BLK_ITEM :
		    t[0] == '#' ? BLK_HEADING : BLK_LINE;
		size_t skip = kind == BLK_HEADING ? 3 : kind == BLK_ITEM ? 2 : 1;
		flush_para(doc, bd);
		add_block(doc, kind, bd->in_group, t + skip, tn - skip);
		bd->in_group = 1;
		return;
	}
	/* Text after an item continues the item (a wrapped long item). */
	if (bd->para.len == 0 && bd->in_group && doc->nblocks > 0 &&
	    doc->blocks[doc->nblocks - 1].kind == BLK_ITEM) {
		struct block *b = &doc->blocks[doc->nblocks - 1];
		struct buf more;
		buf_init(&more);
		buf_addc(&more, ' ');
		buf_add(&more, t, tn);
		fill_spans(b, more.data, more.len);
		buf_free(&more);
		return;
	}
	if (bd->para.len > 0)
		buf_addc(&bd->para, ' ');
	buf_add(&bd->para, t, tn);
}

void
letterdoc_parse(const char *text, size_t len, struct letter_doc *doc)
{
	const char *p = text, *end = text + len;
	int state = 0;		/* 0 before, 1 in front, 2 body */
	struct body bd;

	memset(doc, 0, sizeof(*doc));
	buf_init(&bd.para);
	bd.in_group = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);

		const char *next = nl ? nl + 1 : end;

		if (state == 0 && blank_line(p, n)) {
			p = next;
			continue;
		}
		if (state == 0 && fence(p, n)) {
			state = 1;
			p = next;
			continue;
		}
		if (state == 0)
			state = 2;
		if (state == 1 && fence(p, n))
			state = 2;
		else if (state == 1)
			front_line(doc, p, n);
		else
			body_line(doc, &bd, p, n);
		p = next;
	}
	flush_para(doc, &bd);
	buf_free(&bd.para);
}

void
letterdoc_free(struct letter_doc *doc)
{
	free(doc->titulo);
	free(doc->asunto);
	free(doc->lugar_fecha);
	free(doc->despedida);
	free(doc->lema);
	strlist_free(&doc->destinatario);
	strlist_free(&doc->ccp);
	for (size_t i = 0; i < doc->nfirmas; i++)
		strlist_free(&doc->firmas[i]);
	free(doc->firmas);
	for (size_t i = 0; i < doc->nblocks; i++) {
		for (size_t j = 0; j < doc->blocks[i].nspans; j++)
			free(doc->blocks[i].spans[j].text);
		free(doc->blocks[i].spans);
	}
	free(doc->blocks);
	memset(doc, 0, sizeof(*doc));
}
