/* SPDX-License-Identifier: ISC */
/*
 * textbody.c - plain text from the text parts of a mail (see textbody.h).
 *
 * The daemon reads commands and "Campo: valor" lines from what the sender
 * wrote, so the quoted original of a reply, its attribution line and the
 * sender's signature must go: a reply to our own mail quotes our
 * instructions, field names included.  The HTML converter keeps just
 * enough structure (line breaks, blockquote depth) for that to work on
 * HTML-only mail too.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mail/textbody.h"
#include "common/util.h"

#define MAX_QUOTE_MARKS	8	/* "> " written for nested <blockquote> */

/* HTML ---------------------------------------------------------------- */

struct h2t {
	struct buf out;
	int quote;		/* <blockquote> depth */
	int pre;		/* inside <pre> */
	int space;		/* white space seen since the last text */
	int line_start;		/* nothing written on the current line */
	int newlines;		/* line ends in a row at the end of out */
	int head_unclosed;	/* no "</head" after the first <head> */
};

static void
h2t_newline(struct h2t *h)
{
	if (h->newlines < 2)
		buf_addc(&h->out, '\n');
	h->newlines++;
	h->line_start = 1;
	h->space = 0;
}

/* End the current line if anything is on it (block elements). */
static void
h2t_break(struct h2t *h)
{
	if (!h->line_start)
		h2t_newline(h);
}

/* Write n bytes of text that is not white space. */
static void
h2t_word(struct h2t *h, const char *s, size_t n)
{
	if (h->line_start) {
		/* Any depth reads as quoted; more marks would only grow. */
		for (int i = 0; i < h->quote && i < MAX_QUOTE_MARKS; i++)
			buf_adds(&h->out, "> ");
	} else if (h->space) {
		buf_addc(&h->out, ' ');
	}
	buf_add(&h->out, s, n);
	h->line_start = 0;
	h->space = 0;
	h->newlines = 0;
}

static void
h2t_char(struct h2t *h, char c)
{
	if (h->pre) {
		if (c == '\n')
			h2t_newline(h);
		else if (c != '\r')
			h2t_word(h, &c, 1);
		return;
	}
	if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f')
		h->space = 1;
	else
		h2t_word(h, &c, 1);
}

static void
h2t_codepoint(struct h2t *h, uint32_t cp)
{
	static const uint16_t c1[32] = {
		0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020,
		0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd,
		0x017d, 0xfffd, 0xfffd, 0x2018, 0x2019, 0x201c, 0x201d,
		0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
		0x0153, 0xfffd, 0x017e, 0x0178,
	};
	char s[4];
	size_t n;

	if (cp >= 0x80 && cp < 0xa0)
		cp = c1[cp - 0x80];	/* what browsers do with &#150; */
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp == 0xa0) {
		/* &nbsp; is text: Outlook's empty paragraphs hold one. */
		h2t_word(h, " ", 1);
		return;
	}
	if (cp == 0xad || cp == 0x200b || cp == 0x200c || cp == 0xfeff)
		return;		/* invisible */
	if (cp < 0x80) {
		h2t_char(h, (char)cp);
		return;
	}
	if (cp < 0x800) {
		s[0] = (char)(0xc0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		s[0] = (char)(0xe0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		s[0] = (char)(0xf0 | (cp >> 18));
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		s[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	h2t_word(h, s, n);
}

static const struct {
	const char *name;
	uint16_t cp;
} entities[] = {
	{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'},
	{"apos", '\''}, {"nbsp", 0xa0}, {"iexcl", 0xa1}, {"iquest", 0xbf},
	{"aacute", 0xe1}, {"eacute", 0xe9}, {"iacute", 0xed},
	{"oacute", 0xf3}, {"uacute", 0xfa}, {"Aacute", 0xc1},
	{"Eacute", 0xc9}, {"Iacute", 0xcd}, {"Oacute", 0xd3},
	{"Uacute", 0xda}, {"ntilde", 0xf1}, {"Ntilde", 0xd1},
	{"uuml", 0xfc}, {"Uuml", 0xdc}, {"agrave", 0xe0}, {"egrave", 0xe8},
	{"igrave", 0xec}, {"ograve", 0xf2}, {"ugrave", 0xf9},
	{"Agrave", 0xc0}, {"Egrave", 0xc8}, {"acirc", 0xe2},
	{"ecirc", 0xea}, {"ocirc", 0xf4}, {"ccedil", 0xe7},
	{"Ccedil", 0xc7}, {"auml", 0xe4}, {"ouml", 0xf6}, {"euml", 0xeb},
	{"iuml", 0xef}, {"Auml", 0xc4}, {"Ouml", 0xd6}, {"szlig", 0xdf},
	{"ordf", 0xaa}, {"ordm", 0xba}, {"deg", 0xb0}, {"laquo", 0xab},
	{"raquo", 0xbb}, {"copy", 0xa9}, {"reg", 0xae}, {"middot", 0xb7},
	{"acute", 0xb4}, {"cedil", 0xb8}, {"times", 0xd7},
	{"divide", 0xf7}, {"shy", 0xad}, {"euro", 0x20ac},
	{"ndash", 0x2013}, {"mdash", 0x2014}, {"lsquo", 0x2018},
	{"rsquo", 0x2019}, {"sbquo", 0x201a}, {"ldquo", 0x201c},
	{"rdquo", 0x201d}, {"bdquo", 0x201e}, {"hellip", 0x2026},
	{"bull", 0x2022}, {"trade", 0x2122}, {"zwnj", 0x200c},
	{"zwj", 0x200d}, {"thinsp", 0x2009}, {"ensp", 0x2002},
	{"emsp", 0x2003}, {"para", 0xb6}, {"sect", 0xa7}, {"cent", 0xa2},
	{"pound", 0xa3}, {"yen", 0xa5},
};

/*
 * Decode the entity at p ('&'), up to end; returns the bytes used, or 0
 * when it is not an entity (then '&' is text).
 */
static size_t
entity(const char *p, const char *end, uint32_t *cp)
{
	const char *q = p + 1;
	size_t n;

	if (q < end && *q == '#') {
		uint32_t v = 0;
		int hex = 0, digits = 0;

		q++;
		if (q < end && (*q == 'x' || *q == 'X')) {
			hex = 1;
			q++;
		}
		for (; q < end && digits < 8; q++, digits++) {
			int d;

			if (isdigit((unsigned char)*q))
				d = *q - '0';
			else if (hex && isxdigit((unsigned char)*q))
				d = tolower((unsigned char)*q) - 'a' + 10;
			else
				break;
			v = v * (hex ? 16 : 10) + (uint32_t)d;
		}
		if (digits == 0)
			return 0;
		if (q < end && *q == ';')
			q++;
		*cp = v;
		return (size_t)(q - p);
	}
	while (q < end && isalnum((unsigned char)*q) && q - p < 12)
		q++;
	if (q >= end || *q != ';')
		return 0;
	n = (size_t)(q - p - 1);
	for (size_t i = 0; i < ARRAY_LEN(entities); i++) {
		if (strlen(entities[i].name) == n &&
		    memcmp(entities[i].name, p + 1, n) == 0) {
			*cp = entities[i].cp;
			return n + 2;
		}
	}
	return 0;
}

static int
name_is(const char *name, size_t n, const char *const *list)
{
	for (size_t i = 0; list[i] != NULL; i++)
		if (strlen(list[i]) == n && ascii_ncasecmp(name, list[i], n) == 0)
			return 1;
	return 0;
}

static const char *const skipped[] = {
	"script", "style", "title", "xml", "noscript", "template", "head",
	NULL
};
static const char *const blocks[] = {
	"p", "div", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4",
	"h5", "h6", "hr", "dl", "dt", "dd", "section", "article", "header",
	"footer", "nav", "aside", "center", "address", "form", "fieldset",
	"figure", "figcaption", "main", "caption", "tbody", "thead",
	"tfoot", NULL
};

/* Position of "</name" (any case) at or after p, or NULL. */
static const char *
find_close(const char *p, const char *end, const char *name, size_t n)
{
	for (; p + n + 2 <= end; p++)
		if (p[0] == '<' && p[1] == '/' &&
		    ascii_ncasecmp(p + 2, name, n) == 0)
			return p;
	return NULL;
}

/* End of the tag that starts at p ('<'): just past its '>'. */
static const char *
tag_end(const char *p, const char *end)
{
	char quote = 0;

	for (p++; p < end; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (*p == '>') {
			return p + 1;
		}
	}
	return end;
}

static void
h2t_tag_effect(struct h2t *h, const char *name, size_t n, int closing)
{
	static const char *const br[] = {"br", NULL};
	static const char *const bq[] = {"blockquote", NULL};
	static const char *const pre[] = {"pre", NULL};
	static const char *const cell[] = {"td", "th", NULL};

	if (name_is(name, n, br)) {
		h2t_newline(h);
	} else if (name_is(name, n, bq)) {
		h2t_break(h);
		if (closing && h->quote > 0)
			h->quote--;
		else if (!closing)
			h->quote++;
	} else if (name_is(name, n, pre)) {
		h2t_break(h);
		h->pre = !closing;
	} else if (name_is(name, n, blocks)) {
		h2t_break(h);
	} else if (name_is(name, n, cell)) {
		h->space = 1;
	}
}

/* Handle the markup at p ('<'); returns where text resumes. */
static const char *
h2t_markup(struct h2t *h, const char *p, const char *end)
{
	const char *name, *q, *after;
	int closing = 0;
	size_t n;

	if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
		q = memmem(p + 4, (size_t)(end - p - 4), "-->", 3);
		return q ? q + 3 : end;
	}
	if (p + 1 < end && (p[1] == '!' || p[1] == '?'))
		return tag_end(p, end);
	q = p + 1;
	if (q < end && *q == '/') {
		closing = 1;
		q++;
	}
	if (q >= end || !isalpha((unsigned char)*q)) {
		h2t_char(h, '<');
		return p + 1;
	}
	name = q;
	while (q < end && isalnum((unsigned char)*q))
		q++;
	n = (size_t)(q - name);
	after = tag_end(p, end);
	if (!closing && name_is(name, n, skipped) && after[-1] != '/') {
		int head = n == 4 && ascii_ncasecmp(name, "head", 4) == 0;
		const char *c = NULL;

		/* Searched once: "<head>" a million times must stay linear. */
		if (!(head && h->head_unclosed))
			c = find_close(after, end, name, n);
		if (c != NULL)
			return tag_end(c, end);
		/* An unclosed <head> is ignored; other content to the end. */
		if (head) {
			h->head_unclosed = 1;
			return after;
		}
		return end;
	}
	h2t_tag_effect(h, name, n, closing);
	return after;
}

/*
 * Trailing spaces off every line, at most one blank line in a row, and
 * none before the first or after the last line; fed one line at a time,
 * so that text_own_words writes what it keeps straight into its result
 * instead of building it once more to tidy it (issue 15).
 */
struct tidy {
	struct buf out;
	int blank;		/* blank lines since the last one written */
};

static void
tidy_line(struct tidy *t, const char *line, size_t n)
{
	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t' ||
	    line[n - 1] == '\r'))
		n--;
	if (n == 0) {
		t->blank++;
		return;
	}
	if (t->out.len > 0)
		buf_add(&t->out, "\n\n", t->blank ? 2 : 1);
	buf_add(&t->out, line, n);
	t->blank = 0;
}

static char *
tidy_lines(const char *s)
{
	struct tidy t;

	buf_init(&t.out);
	t.blank = 0;
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);

		tidy_line(&t, s, n);
		s += n + (nl ? 1 : 0);
	}
	return buf_steal(&t.out);
}

char *
text_from_html(const char *html, size_t len)
{
	struct h2t h;
	const char *p = html, *end = html + len;
	char *res;

	buf_sized(&h.out, len);
	h.quote = h.pre = h.space = h.newlines = h.head_unclosed = 0;
	h.line_start = 1;
	while (p < end) {
		uint32_t cp;
		size_t n;

		if (*p == '<') {
			p = h2t_markup(&h, p, end);
		} else if (*p == '&' && (n = entity(p, end, &cp)) > 0) {
			h2t_codepoint(&h, cp);
			p += n;
		} else if ((unsigned char)*p >= 0x80) {
			/* Copy a UTF-8 sequence whole. */
			const char *q = p + 1;

			while (q < end && ((unsigned char)*q & 0xc0) == 0x80)
				q++;
			if (q - p == 2 && (unsigned char)p[0] == 0xc2 &&
			    (unsigned char)p[1] == 0xa0)
				h2t_word(&h, " ", 1);
			else
				h2t_word(&h, p, (size_t)(q - p));
			p = q;
		} else {
			h2t_char(&h, *p++);
		}
	}
	res = tidy_lines(h.out.data);
	buf_free(&h.out);
	return res;
}

/* format=flowed ------------------------------------------------------- */

char *
text_unflow(const char *text, int delsp)
{
	struct buf b;
	const char *s = text;
	int joining = 0, prev_depth = -1;

	buf_init(&b);
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		const char *c = s;
		int depth = 0, flowed;
		size_t cn;

		if (n > 0 && s[n - 1] == '\r')
			n--;
		while (c < s + n && *c == '>') {
			depth++;
			c++;
		}
		if (c < s + n && *c == ' ')
			c++;	/* space stuffing */
		cn = n - (size_t)(c - s);
		flowed = cn > 0 && c[cn - 1] == ' ' &&
		    !(cn == 3 && memcmp(c, "-- ", 3) == 0);
		if (joining && depth != prev_depth)
			buf_addc(&b, '\n');
		if (!joining || depth != prev_depth) {
			for (int i = 0; i < depth; i++)
				buf_addc(&b, '>');
			if (depth > 0)
				buf_addc(&b, ' ');
		}
		if (flowed && delsp)
			cn--;
		buf_add(&b, c, cn);
		joining = flowed;
		prev_depth = depth;
		if (!flowed)
			buf_addc(&b, '\n');
		s += (nl ? (size_t)(nl - s) + 1 : strlen(s));
	}
	return buf_steal(&b);
}

/* Quotes and signatures ----------------------------------------------- */

/*
 * The text folded (case, accents), with the same lines.  Folding never
 * reaches past a line's end, so valid UTF-8 (all text message_parse
 * gives) is folded whole, in one call; other text line by line, as
 * fold_spanish repairs each invalid line on its own.
 */
static char *
fold_text(const char *text, int by_line)
{
	struct buf b;
	const char *s = text;
	char *whole;

	/* ASCII or Spanish text is valid UTF-8: no pass to check it. */
	if (!by_line && (whole = fold_spanish_common(text)) != NULL)
		return whole;
	if (!by_line && utf8_valid(text, strlen(text)))
		return fold_spanish(text);
	buf_init(&b);
	while (*s) {
		size_t n = strcspn(s, "\n");
		char *line = xstrndup(s, n), *f = fold_spanish(line);

		buf_adds(&b, f);
		buf_addc(&b, '\n');
		free(f);
		free(line);
		s += n + (s[n] == '\n');
	}
	return buf_steal(&b);
}

/*
 * Each line as written (v, without the CR of a CRLF, vn bytes long) and
 * folded without surrounding white space (f, fn bytes long), both cut in
 * place out of one copy of the text each: a line is looked at by up to
 * four tests, which used to fold it each, and every line cost two
 * allocations.
 */
struct lines {
	char *text, *folded;	/* own the lines */
	char **v;
	size_t *vn;
	char **f;
	size_t *fn;
	size_t n;
};

/* Cut buf at each '\n' into lines[0..), at most max of them, and their
   lengths into lens[0..). */
static size_t
cut_lines(char *buf, char **lines, size_t *lens, size_t max)
{
	size_t n = 0;
	char *s = buf;

	while (*s && n < max) {
		char *nl = strchr(s, '\n');

		lines[n] = s;
		if (nl == NULL) {
			lens[n++] = strlen(s);
			break;
		}
		lens[n++] = (size_t)(nl - s);
		*nl = '\0';
		s = nl + 1;
	}
	return n;
}

static void
lines_split(const char *text, struct lines *l)
{
	size_t max = 1;

	for (const char *p = text; (p = strchr(p, '\n')) != NULL; p++)
		max++;
	l->text = xstrdup(text);
	l->folded = fold_text(text, 0);
	l->v = xreallocarray(NULL, max, sizeof(*l->v));
	l->vn = xreallocarray(NULL, max, sizeof(*l->vn));
	l->f = xreallocarray(NULL, max, sizeof(*l->f));
	l->fn = xreallocarray(NULL, max, sizeof(*l->fn));
	l->n = cut_lines(l->text, l->v, l->vn, max);
	/* The fold keeps every '\n' and adds none; were a line end ever
	   lost, folding line by line keeps them by construction. */
	if (cut_lines(l->folded, l->f, l->fn, max) != l->n) {
		free(l->folded);
		l->folded = fold_text(text, 1);
		cut_lines(l->folded, l->f, l->fn, max);
	}
	for (size_t i = 0; i < l->n; i++) {
		if (l->vn[i] > 0 && l->v[i][l->vn[i] - 1] == '\r')
			l->v[i][--l->vn[i]] = '\0';
		/* str_trim without moving the line: cut where it ends. */
		l->f[i] = (char *)str_trim_span(l->f[i], &l->fn[i]);
		l->f[i][l->fn[i]] = '\0';
	}
}

static void
lines_free(struct lines *l)
{
	free(l->text);
	free(l->folded);
	free(l->v);
	free(l->vn);
	free(l->f);
	free(l->fn);
}

/* A word a line may start or end with, and its length. */
struct marker {
	const char *s;
	size_t n;
};

#define MARKER(text)	{(text), sizeof(text) - 1}
#define MARKERS_END	{NULL, 0}

/* Every line meets every marker: the first letter decides most. */
static int
starts_with_any(const char *s, const struct marker *list)
{
	for (size_t i = 0; list[i].s != NULL; i++)
		if (s[0] == list[i].s[0] &&
		    strncmp(s, list[i].s, list[i].n) == 0)
			return 1;
	return 0;
}

/* s is n bytes long. */
static int
ends_with_any(const char *s, size_t n, const struct marker *list)
{
	for (size_t i = 0; list[i].s != NULL; i++) {
		size_t k = list[i].n;

		/* The last letter decides most (every line meets these). */
		if (n >= k && s[n - 1] == list[i].s[k - 1] &&
		    memcmp(s + n - k, list[i].s, k) == 0)
			return 1;
	}
	return 0;
}

static const struct marker attribution_end[] = {
	MARKER("escribio:"), MARKER("wrote:"), MARKER("a ecrit :"),
	MARKER("a ecrit:"), MARKER("schrieb:"), MARKER("ha scritto:"),
	MARKER("escreveu:"), MARKERS_END
};
static const struct marker attribution_start[] = {
	MARKER("el "), MARKER("on "), MARKER("le "), MARKER("am "),
	MARKER("il "), MARKER("em "), MARKERS_END
};

/*
 * Lines taken by a reply attribution starting at line i ("El lun, 3 mar
 * 2025 a las 10:15, Ana <ana@x> escribió:", which clients wrap over up
 * to three lines); 0 when there is none.
 */
static size_t
attribution_lines(const struct lines *l, size_t i)
{
	struct buf joined;
	size_t used = 0;

	/* Most lines neither start nor end one: no copy for them. */
	if (!starts_with_any(l->f[i], attribution_start) &&
	    !ends_with_any(l->f[i], l->fn[i], attribution_end))
		return 0;
	buf_init(&joined);
	for (size_t k = 0; k < 3 && i + k < l->n; k++) {
		int done;

		if (k > 0)
			buf_addc(&joined, ' ');
		buf_add(&joined, l->f[i + k], l->fn[i + k]);
		if (joined.len > 400)
			break;
		done = ends_with_any(joined.data, joined.len, attribution_end);
		if (done) {
			used = k + 1;
			break;
		}
		if (k == 0 && !starts_with_any(joined.data, attribution_start))
			break;
		if (l->v[i + k][0] == '\0')
			break;
	}
	buf_free(&joined);
	return used;
}

static int
is_forward_marker(const char *folded)
{
	static const struct marker marks[] = {
		MARKER("forwarded message"), MARKER("mensaje reenviado"),
		MARKER("begin forwarded"),
		MARKER("inicio del mensaje reenviado"),
		MARKER("comienzo del mensaje reenviado"), MARKERS_END
	};
	const char *p = folded;

	while (*p == '-' || *p == ' ' || *p == '_')
		p++;
	return starts_with_any(p, marks);
}

static int
is_original_marker(const char *folded)
{
	static const struct marker marks[] = {
		MARKER("original message"), MARKER("mensaje original"),
		MARKER("message d'origine"), MARKER("messaggio originale"),
		MARKER("mensagem original"), MARKERS_END
	};
	const char *p = folded;

	if (folded[0] != '-')
		return 0;
	while (*p == '-' || *p == ' ')
		p++;
	return starts_with_any(p, marks);
}

/* Outlook's "De: / Enviado: / Para: / Asunto:" block starts at line i. */
static int
is_header_block(const struct lines *l, size_t i)
{
	static const struct marker from[] = {
		MARKER("de:"), MARKER("from:"), MARKER("von:"), MARKER("da:"),
		MARKERS_END
	};
	static const struct marker when[] = {
		MARKER("enviado:"), MARKER("enviado el:"), MARKER("sent:"),
		MARKER("fecha:"), MARKER("date:"), MARKER("gesendet:"),
		MARKER("inviato:"), MARKERS_END
	};
	static const struct marker what[] = {
		MARKER("para:"), MARKER("to:"), MARKER("asunto:"),
		MARKER("subject:"), MARKER("cc:"), MARKER("an:"), MARKER("a:"),
		MARKER("oggetto:"), MARKER("betreff:"), MARKERS_END
	};
	int seen_when = 0, seen_what = 0;
	int ok = starts_with_any(l->f[i], from);

	for (size_t k = i + 1; ok && k < l->n && k <= i + 6; k++) {
		seen_when |= starts_with_any(l->f[k], when);
		seen_what |= starts_with_any(l->f[k], what);
	}
	return ok && seen_when && seen_what;
}

/* "____" rule that Outlook puts above its header block. */
static int
is_outlook_rule(const struct lines *l, size_t i)
{
	const char *s = l->v[i];
	size_t k = i + 1;

	while (*s == ' ')
		s++;
	if (*s != '_' || strspn(s, "_") < 10)
		return 0;
	while (k < l->n && l->v[k][strspn(l->v[k], " \t")] == '\0')
		k++;
	return k < l->n && is_header_block(l, k);
}

/* The folded line i is a mail client's "sent from my phone". */
static int
is_mobile_signature(const struct lines *l, size_t i)
{
	static const struct marker marks[] = {
		MARKER("enviado desde mi "), MARKER("sent from my "),
		MARKER("enviado desde outlook"), MARKER("obtener outlook para"),
		MARKER("get outlook for"), MARKER("enviado desde yahoo"),
		MARKER("enviado desde correo para windows"),
		MARKER("sent from mail for windows"), MARKERS_END
	};

	return l->fn[i] < 80 && starts_with_any(l->f[i], marks);
}

static int
is_signature_rule(const char *line)
{
	return line[0] == '-' && line[1] == '-' &&
	    (line[2] == '\0' || (line[2] == ' ' && line[3] == '\0'));
}

static int
is_quoted(const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	return *line == '>';
}

/*
 * Each test is asked only when the ones before it did not decide (they
 * have no side effects): most lines are plain text and meet only the
 * first letter of a few markers.  What is kept goes straight through
 * tidy_line into the result.
 */
char *
text_own_words(const char *text, int forwarded)
{
	struct lines l;
	struct tidy t;
	int in_sig = 0;

	lines_split(text, &l);
	buf_sized(&t.out, strlen(text));
	t.blank = 0;
	for (size_t i = 0; i < l.n; i++) {
		const char *line = l.v[i];
		size_t skip;
		int fwd = is_forward_marker(l.f[i]);

		if (in_sig && !fwd)
			continue;
		in_sig = 0;
		if (is_quoted(line))
			continue;
		if (fwd) {
			forwarded = 1;
		} else if ((skip = attribution_lines(&l, i)) > 0) {
			i += skip - 1;
			continue;
		} else if (!forwarded && (is_original_marker(l.f[i]) ||
		    is_header_block(&l, i) || is_outlook_rule(&l, i))) {
			break;
		} else if (is_signature_rule(line)) {
			in_sig = 1;
			continue;
		} else if (is_mobile_signature(&l, i)) {
			continue;
		}
		tidy_line(&t, line, l.vn[i]);
	}
	lines_free(&l);
	return buf_steal(&t.out);
}
