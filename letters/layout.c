/* SPDX-License-Identifier: ISC */
/*
 * layout.c - the page design of every letter (see layout.h).
 *
 * Text is cut into pieces: runs of one style without spaces, each knowing
 * its width and whether a space came before it.  A line is filled greedily
 * with whole words (pieces joined without a space); a justified line
 * spreads its slack over its spaces with the PDF word-spacing operator, so
 * the text stays a plain string that pdftotext reads back as written.
 *
 * The cursor y is the top of the free space on the current page; body text
 * may start a new page, the header and footer never do.  Footers are drawn
 * last, when the number of pages is known.
 */
#include "letters/layout.h"

#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "letters/pdf.h"

#define MARGIN 72.0			/* left and right */
#define TEXT_W (PDF_PAGE_W - 2 * MARGIN)
#define HEADER_TOP 756.0
#define LOGO_W 96.0
#define LOGO_H 58.0
#define RULE_Y 690.0
#define BODY_TOP 676.0
#define BODY_BOTTOM 114.0
#define FOOTER_RULE 106.0
#define QR_SIZE LAYOUT_QR_SIZE
#define QR_Y LAYOUT_QR_Y

#define BODY_SIZE 11.0
#define BODY_LEAD 14.5
#define PARA_GAP 7.0
#define ITEM_INDENT 22.0
#define SIG_SPACE 40.0			/* room to sign above the line */
#define SIG_W 210.0
#define PIECE_MAX_W 48.0		/* where an over-long word may break */
#define MAX_EXTRA_SPACES 4.0		/* justification's widest gap */

enum align { AL_LEFT, AL_CENTER, AL_RIGHT, AL_JUSTIFY };

struct piece {
	size_t off;		/* into pieces.text, NUL-terminated */
	enum pdf_style st;
	double w;
	int space;		/* a space came before it */
};

struct pieces {
	struct piece *v;
	size_t n, cap;
	struct buf text;
	double size;
	int pending_space;
};

struct lay {
	struct pdf *p;
	struct cp1252 *cv;
	const struct letter_doc *doc;
	const struct layout_info *li;
	double y;
	struct buf conv;	/* scratch for conversions */
	struct buf run;		/* scratch for one run of a line */
	QRcode *qr;
};

/* ---- pieces ---- */

static void
pieces_reset(struct pieces *ps, double size)
{
	ps->n = 0;
	buf_reset(&ps->text);
	ps->size = size;
	ps->pending_space = 0;
}

static void
pieces_free(struct pieces *ps)
{
	free(ps->v);
	buf_free(&ps->text);
}

/*
 * Append s[i..j) as one piece, or as several of at most PIECE_MAX_W when
 * it is wider: a word (a name without spaces, a long address) wider than
 * any line can then be broken between pieces instead of running off the
 * page.  Text here is CP1252, one byte per character.
 */
static void
piece_push(struct lay *L, struct pieces *ps, const char *s, size_t i,
    size_t j, enum pdf_style st)
{
	char one[2] = {0, 0};

	while (i < j) {
		size_t end;
		double w = 0;
		struct piece *pc;

		/* Characters up to PIECE_MAX_W wide, at least one: one pass,
		   so a word of any length costs its length. */
		for (end = i; end < j; end++) {
			double cw;

			one[0] = s[end];
			cw = pdf_text_width(L->p, st, ps->size, one);
			if (end > i && w + cw > PIECE_MAX_W)
				break;
			w += cw;
		}
		if (ps->n == ps->cap) {
			ps->cap = ps->cap ? ps->cap * 2 : 64;
			ps->v = xreallocarray(ps->v, ps->cap, sizeof(*ps->v));
		}
		pc = &ps->v[ps->n++];
		pc->off = ps->text.len;
		pc->st = st;
		pc->space = ps->pending_space;
		buf_add(&ps->text, s + i, end - i);
		buf_addc(&ps->text, '\0');
		pc->w = pdf_text_width(L->p, st, ps->size,
		    ps->text.data + pc->off);
		ps->pending_space = 0;
		i = end;
	}
}

static void
pieces_add(struct lay *L, struct pieces *ps, const char *utf8,
    enum pdf_style st)
{
	const char *s;
	size_t n, i = 0;

	buf_reset(&L->conv);
	cp1252_conv(L->cv, utf8, strlen(utf8), &L->conv);
	s = L->conv.data ? L->conv.data : "";
	n = L->conv.len;
	while (i < n) {
		size_t j = i;

		if (s[i] == ' ') {
			ps->pending_space = 1;
			i++;
			continue;
		}
		while (j < n && s[j] != ' ')
			j++;
		piece_push(L, ps, s, i, j, st);
		i = j;
	}
}

static void
pieces_from_block(struct lay *L, struct pieces *ps, const struct block *b,
    double size, int all_bold)
{
	pieces_reset(ps, size);
	for (size_t i = 0; i < b->nspans; i++)
		pieces_add(L, ps, b->spans[i].text,
		    all_bold || b->spans[i].bold ? PDF_BOLD : PDF_REGULAR);
}

static double
space_w(struct lay *L, double size)
{
	return pdf_text_width(L->p, PDF_REGULAR, size, " ");
}

/*
 * The line starting at piece i: returns the index after its last piece,
 * its natural width in *w and its number of spaces in *nsp.  A word wider
 * than the line starts a line of its own and is broken between its
 * pieces (see piece_push), so no line is ever wider than width.
 */
static size_t
next_line(struct lay *L, const struct pieces *ps, size_t i, double width,
    double *w, size_t *nsp)
{
	double spw = space_w(L, ps->size), used = 0;
	size_t j = i;

	*nsp = 0;
	while (j < ps->n) {
		size_t k = j + 1;
		double ww = ps->v[j].w, add;

		/* Past the line's width the rest of a long word does not
		   matter: stop there, so each line costs its own pieces. */
		while (k < ps->n && !ps->v[k].space && ww <= width)
			ww += ps->v[k++].w;
		add = j == i ? ww : spw + ww;
		if (j > i && used + add > width)
			break;
		if (j == i && ww > width) {
			/* As many pieces as fit, always at least one. */
			for (used = 0; j < k && (j == i ||
			    used + ps->v[j].w <= width); j++)
				used += ps->v[j].w;
			break;
		}
		if (j > i)
			(*nsp)++;
		used += add;
		j = k;
	}
	*w = used;
	return j;
}

static size_t
count_lines(struct lay *L, const struct pieces *ps, double width)
{
	size_t i = 0, lines = 0, nsp;
	double w;

	while (i < ps->n) {
		i = next_line(L, ps, i, width, &w, &nsp);
		lines++;
	}
	return lines;
}

static void
flush_run(struct lay *L, double size, enum pdf_style st, double x,
    double y, double ws)
{
	if (L->run.len == 0)
		return;
	pdf_text(L->p, st, size, x, y, L->run.data, ws);
	buf_reset(&L->run);
}

/* Draw pieces [i, j) as one line whose baseline is y. */
static void
draw_line(struct lay *L, const struct pieces *ps, size_t i, size_t j,
    double x, double width, double w, size_t nsp, enum align al, int last,
    double y)
{
	double spw = space_w(L, ps->size), extra = 0, cur, run_x;
	enum pdf_style run_st = PDF_REGULAR;

	if (al == AL_JUSTIFY && !last && nsp > 0 && w < width)
		extra = (width - w) / (double)nsp;
	/* Gaps wider than a few spaces read worse than a ragged line (and
	   libharu refuses a word spacing over 300 points). */
	if (extra > MAX_EXTRA_SPACES * spw)
		extra = 0;
	else if (al == AL_CENTER)
		x += (width - w) / 2;
	else if (al == AL_RIGHT)
		x += width - w;
	cur = run_x = x;
	buf_reset(&L->run);
	for (size_t k = i; k < j; k++) {
		const struct piece *pc = &ps->v[k];
		int sp = k > i && pc->space;

		if (L->run.len == 0 || pc->st != run_st) {
			flush_run(L, ps->size, run_st, run_x, y, extra);
			if (sp)
				cur += spw + extra;
			run_x = cur;
			run_st = pc->st;
		} else if (sp) {
			buf_addc(&L->run, ' ');
			cur += spw + extra;
		}
		buf_adds(&L->run, ps->text.data + pc->off);
		cur += pc->w;
	}
	flush_run(L, ps->size, run_st, run_x, y, extra);
}

static void new_page(struct lay *L);

static void
ensure_room(struct lay *L, double h)
{
	if (L->y - h < BODY_BOTTOM)
		new_page(L);
}

/* Draw all of ps from the cursor down, one line every lead points. */
static void
flow(struct lay *L, const struct pieces *ps, double x, double width,
    double lead, enum align al, int breakable)
{
	size_t i = 0, j, nsp;
	double w;

	while (i < ps->n) {
		j = next_line(L, ps, i, width, &w, &nsp);
		if (breakable)
			ensure_room(L, lead);
		draw_line(L, ps, i, j, x, width, w, nsp, al, j >= ps->n,
		    L->y - ps->size);
		L->y -= lead;
		i = j;
	}
}

/* One string in one style, wrapped. */
static void
text_block(struct lay *L, struct pieces *ps, const char *utf8,
    enum pdf_style st, double size, double lead, double x, double width,
    enum align al, int breakable)
{
	pieces_reset(ps, size);
	pieces_add(L, ps, utf8, st);
	flow(L, ps, x, width, lead, al, breakable);
}

/* ---- page furniture ---- */

static void
draw_watermark(struct lay *L)
{
	const char *word = "MUESTRA";
	double size = 110, w = pdf_text_width(L->p, PDF_BOLD, size, word);
	double cx = PDF_PAGE_W / 2, cy = PDF_PAGE_H / 2;
	/* Centre the rotated word: start half its length back along 45°. */
	double dx = (w / 2) * 0.70710678 - (size * 0.35) * 0.70710678;
	double dy = (w / 2) * 0.70710678 + (size * 0.35) * 0.70710678;

	pdf_gray(L->p, 0.88);
	pdf_text_rotated(L->p, PDF_BOLD, size, cx - dx, cy - dy, 45, word);
	pdf_gray(L->p, 0);
}

static void
draw_header(struct lay *L)
{
	const struct layout_info *li = L->li;
	struct pieces ps = {0};
	int logos = li->inst_logo != NULL || li->agency_logo != NULL;
	double x = logos ? MARGIN + LOGO_W + 8 : MARGIN;
	double width = logos ? TEXT_W - 2 * (LOGO_W + 8) : TEXT_W;
	size_t lines;

	if (li->inst_logo)
		pdf_image(L->p, li->inst_logo, MARGIN, HEADER_TOP - LOGO_H,
		    LOGO_W, LOGO_H, 0);
	if (li->agency_logo)
		pdf_image(L->p, li->agency_logo, PDF_PAGE_W - MARGIN - LOGO_W,
		    HEADER_TOP - LOGO_H, LOGO_W, LOGO_H, 2);
	pieces_reset(&ps, 14);
	pieces_add(L, &ps, li->inst_name, PDF_BOLD);
	lines = count_lines(L, &ps, width);
	if (lines > 2) {
		pieces_reset(&ps, 11.5);
		pieces_add(L, &ps, li->inst_name, PDF_BOLD);
	}
	L->y = HEADER_TOP - (lines > 1 ? 4 : 14);
	flow(L, &ps, x, width, ps.size + 3, AL_CENTER, 0);
	if (li->inst_area && *li->inst_area)
		text_block(L, &ps, li->inst_area, PDF_REGULAR, 10.5, 13, x,
		    width, AL_CENTER, 0);
	pdf_gray(L->p, 0.45);
	pdf_line(L->p, MARGIN, RULE_Y, PDF_PAGE_W - MARGIN, RULE_Y, 0.8);
	pdf_gray(L->p, 0);
	pieces_free(&ps);
	L->y = BODY_TOP;
}

static void
new_page(struct lay *L)
{
	pdf_add_page(L->p);
	if (L->li->sample)
		draw_watermark(L);
	draw_header(L);
}

/*
 * The QR code as filled rectangles in module units (pdf_rects): each
 * horizontal run of dark modules is extended down over the rows that
 * repeat it exactly, which makes fewer rectangles.
 */
static void
draw_qr(struct lay *L, double x, double y, double size)
{
	const QRcode *q = L->qr;
	int w = q->width;
	unsigned char *used = xcalloc((size_t)w * w, 1);
	int *rects = xreallocarray(NULL, (size_t)w * w, 4 * sizeof(int));
	size_t n = 0;

	for (int r = 0; r < w; r++) {
		const unsigned char *row = q->data + (size_t)r * w;
		for (int c = 0; c < w;) {
			int c0 = c, r1 = r + 1;
			if (!(row[c] & 1) || used[(size_t)r * w + c]) {
				c++;
				continue;
			}
			while (c < w && (row[c] & 1) && !used[(size_t)r * w + c])
				c++;
			/* Grow down while the next row has the same run. */
			while (r1 < w) {
				const unsigned char *nr = q->data + (size_t)r1 * w;
				int k, same = (c0 == 0 || !(nr[c0 - 1] & 1)) &&
				    (c == w || !(nr[c] & 1));
				for (k = c0; same && k < c; k++)
					same = (nr[k] & 1) &&
					    !used[(size_t)r1 * w + k];
				if (!same)
					break;
				memset(used + (size_t)r1 * w + c0, 1,
				    (size_t)(c - c0));
				r1++;
			}
			/* Module units, y up from the symbol's bottom edge. */
			rects[4 * n] = c0;
			rects[4 * n + 1] = w - r1;
			rects[4 * n + 2] = c - c0;
			rects[4 * n + 3] = r1 - r;
			n++;
		}
	}
	pdf_gray(L->p, 0);
	pdf_rects(L->p, x, y, size / w, rects, n);
	free(rects);
	free(used);
}

static void
draw_footer(struct lay *L, int page, int pages)
{
	const struct layout_info *li = L->li;
	struct pieces ps = {0};
	double x = MARGIN + QR_SIZE + 12, width = TEXT_W - QR_SIZE - 12;
	struct buf t;
	char num[64];

	buf_init(&t);
	pdf_gray(L->p, 0.45);
	pdf_line(L->p, MARGIN, FOOTER_RULE, PDF_PAGE_W - MARGIN, FOOTER_RULE,
	    0.5);
	pdf_gray(L->p, 0);
	draw_qr(L, LAYOUT_QR_X, QR_Y, QR_SIZE);

	L->y = QR_Y + QR_SIZE + 2;
	pieces_reset(&ps, 8);
	pieces_add(L, &ps, "Folio:", PDF_REGULAR);
	pieces_add(L, &ps, " ", PDF_REGULAR);
	pieces_add(L, &ps, li->folio, PDF_BOLD);
	pieces_add(L, &ps, " · Código de verificación:", PDF_REGULAR);
	pieces_add(L, &ps, " ", PDF_REGULAR);
	pieces_add(L, &ps, li->code, PDF_BOLD);
	flow(L, &ps, x, width, 11, AL_LEFT, 0);

	buf_printf(&t, "Para comprobar que este documento es auténtico, "
	    "escanee el código QR o envíe un correo a %s con el asunto "
	    "\"VERIFICAR %s\".", li->verify_addr, li->folio);
	text_block(L, &ps, t.data, PDF_REGULAR, 7.5, 9.5, x, width, AL_LEFT, 0);
	if (li->inst_footer && *li->inst_footer) {
		L->y -= 2;
		pdf_gray(L->p, 0.3);
		text_block(L, &ps, li->inst_footer, PDF_REGULAR, 7, 9, x, width,
		    AL_LEFT, 0);
		pdf_gray(L->p, 0);
	}
	snprintf(num, sizeof(num), "Página %d de %d", page + 1, pages);
	L->y = 26;
	text_block(L, &ps, num, PDF_REGULAR, 7.5, 9, MARGIN, TEXT_W, AL_RIGHT,
	    0);
	pieces_free(&ps);
	buf_free(&t);
}

/* ---- the letter ---- */

static void
draw_opening(struct lay *L, struct pieces *ps)
{
	const struct letter_doc *doc = L->doc;
	const struct layout_info *li = L->li;
	double rx = PDF_PAGE_W - MARGIN - 300;

	pieces_reset(ps, 10);
	pieces_add(L, ps, "Folio:", PDF_REGULAR);
	pieces_add(L, ps, " ", PDF_REGULAR);
	pieces_add(L, ps, li->folio, PDF_BOLD);
	if (li->period != NULL && *li->period != '\0') {
		pieces_add(L, ps, " · Periodo:", PDF_REGULAR);
		pieces_add(L, ps, " ", PDF_REGULAR);
		pieces_add(L, ps, li->period, PDF_BOLD);
	}
	flow(L, ps, rx, 300, 13, AL_RIGHT, 0);
	text_block(L, ps, doc->lugar_fecha ? doc->lugar_fecha : li->lugar_fecha,
	    PDF_REGULAR, 10, 13, rx, 300, AL_RIGHT, 0);
	if (doc->asunto) {
		pieces_reset(ps, 10);
		pieces_add(L, ps, "Asunto:", PDF_BOLD);
		pieces_add(L, ps, " ", PDF_REGULAR);
		pieces_add(L, ps, doc->asunto, PDF_REGULAR);
		flow(L, ps, rx, 300, 13, AL_RIGHT, 0);
	}
	L->y -= 10;
	if (doc->titulo) {
		text_block(L, ps, doc->titulo, PDF_BOLD, 13, 17, MARGIN, TEXT_W,
		    AL_CENTER, 1);
		L->y -= 6;
	}
	for (size_t i = 0; i < doc->destinatario.n; i++)
		text_block(L, ps, doc->destinatario.v[i], PDF_BOLD, 10.5, 13.5,
		    MARGIN, TEXT_W, AL_LEFT, 1);
	if (doc->destinatario.n > 0)
		L->y -= 8;
}

static void
draw_block(struct lay *L, struct pieces *ps, const struct block *b,
    int first)
{
	switch (b->kind) {
	case BLK_PARA:
		if (!first)
			L->y -= b->tight ? 2 : PARA_GAP;
		pieces_from_block(L, ps, b, BODY_SIZE, 0);
		flow(L, ps, MARGIN, TEXT_W, BODY_LEAD, AL_JUSTIFY, 1);
		break;
	case BLK_ITEM:
		if (!first)
			L->y -= b->tight ? 2 : PARA_GAP;
		pieces_from_block(L, ps, b, BODY_SIZE, 0);
		ensure_room(L, BODY_LEAD);
		pdf_text(L->p, PDF_REGULAR, BODY_SIZE, MARGIN + 8,
		    L->y - BODY_SIZE, "\x95", 0);
		flow(L, ps, MARGIN + ITEM_INDENT, TEXT_W - ITEM_INDENT,
		    BODY_LEAD, AL_JUSTIFY, 1);
		break;
	case BLK_LINE:
		if (!first && !b->tight)
			L->y -= PARA_GAP;
		pieces_from_block(L, ps, b, BODY_SIZE, 0);
		if (ps->n == 0) {
			ensure_room(L, BODY_LEAD);
			L->y -= BODY_LEAD;
			break;
		}
		flow(L, ps, MARGIN, TEXT_W, BODY_LEAD, AL_LEFT, 1);
		break;
	case BLK_HEADING:
		if (!first)
			L->y -= PARA_GAP + 4;
		/* Keep a heading with at least two lines of what follows. */
		ensure_room(L, BODY_LEAD * 3);
		pieces_from_block(L, ps, b, BODY_SIZE, 1);
		flow(L, ps, MARGIN, TEXT_W, BODY_LEAD, AL_CENTER, 1);
		L->y -= 2;
		break;
	}
}

/* Lines of signature i, as pieces sized for the column. */
static size_t
sig_lines(struct lay *L, struct pieces *ps, const struct strlist *s)
{
	size_t lines = 0;

	for (size_t i = 0; i < s->n; i++) {
		pieces_reset(ps, i == 0 ? 10 : 9.5);
		pieces_add(L, ps, s->v[i], i == 0 ? PDF_BOLD : PDF_REGULAR);
		lines += count_lines(L, ps, SIG_W);
	}
	return lines;
}

static void
draw_signature(struct lay *L, struct pieces *ps, const struct strlist *s,
    double cx, double top)
{
	double x = cx - SIG_W / 2;

	L->y = top - SIG_SPACE;
	pdf_line(L->p, cx - 95, L->y, cx + 95, L->y, 0.7);
	L->y -= 3;
	for (size_t i = 0; i < s->n; i++)
		text_block(L, ps, s->v[i], i == 0 ? PDF_BOLD : PDF_REGULAR,
		    i == 0 ? 10 : 9.5, 12.5, x, SIG_W, AL_CENTER, 0);
}

static double
closing_height(struct lay *L, struct pieces *ps)
{
	const struct letter_doc *doc = L->doc;
	double h = 14 + BODY_LEAD;

	if (doc->lema) {
		pieces_reset(ps, 10);
		pieces_add(L, ps, doc->lema, PDF_ITALIC);
		h += 13 * (double)count_lines(L, ps, 360);
	}
	for (size_t i = 0; i < doc->nfirmas; i += 2) {
		size_t a = sig_lines(L, ps, &doc->firmas[i]);
		size_t b = i + 1 < doc->nfirmas ?
		    sig_lines(L, ps, &doc->firmas[i + 1]) : 0;
		h += SIG_SPACE + 6 + 12.5 * (double)(a > b ? a : b);
	}
	return h;
}

static void
draw_closing(struct lay *L, struct pieces *ps)
{
	const struct letter_doc *doc = L->doc;

	ensure_room(L, closing_height(L, ps));
	L->y -= 14;
	text_block(L, ps, doc->despedida ? doc->despedida : "Atentamente",
	    PDF_BOLD, BODY_SIZE, BODY_LEAD, MARGIN, TEXT_W, AL_CENTER, 0);
	if (doc->lema)
		text_block(L, ps, doc->lema, PDF_ITALIC, 10, 13,
		    MARGIN + (TEXT_W - 360) / 2, 360, AL_CENTER, 0);
	for (size_t i = 0; i < doc->nfirmas; i += 2) {
		double top = L->y, low;

		if (i + 1 == doc->nfirmas) {
			draw_signature(L, ps, &doc->firmas[i], PDF_PAGE_W / 2,
			    top);
			continue;
		}
		draw_signature(L, ps, &doc->firmas[i],
		    MARGIN + TEXT_W / 4, top);
		low = L->y;
		draw_signature(L, ps, &doc->firmas[i + 1],
		    MARGIN + 3 * TEXT_W / 4, top);
		if (low < L->y)
			L->y = low;
	}
	if (doc->ccp.n > 0) {
		L->y -= 12;
		for (size_t i = 0; i < doc->ccp.n; i++) {
			pieces_reset(ps, 7.5);
			pieces_add(L, ps, "c.c.p.", PDF_REGULAR);
			pieces_add(L, ps, " ", PDF_REGULAR);
			pieces_add(L, ps, doc->ccp.v[i], PDF_REGULAR);
			/* Small print may use the margin above the footer. */
			if (L->y - 9.5 < FOOTER_RULE + 4)
				new_page(L);
			flow(L, ps, MARGIN, TEXT_W, 9.5, AL_LEFT, 0);
		}
	}
}

char *
layout_qr_text(const char *verify_addr, const char *folio, const char *code)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "mailto:");
	for (const unsigned char *p = (const unsigned char *)verify_addr; *p;
	    p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(".@+_-", *p)) {
			buf_addc(&b, (char)*p);
		} else {
			buf_addc(&b, '%');
			buf_addc(&b, hex[*p >> 4]);
			buf_addc(&b, hex[*p & 15]);
		}
	}
	buf_printf(&b, "?subject=VERIFICAR%%20%s", folio);
	if (code && *code)
		buf_printf(&b, "%%20%s", code);
	return buf_steal(&b);
}

static void
set_title(struct lay *L)
{
	if (L->doc->titulo == NULL)
		return;
	buf_reset(&L->conv);
	cp1252_conv(L->cv, L->doc->titulo, strlen(L->doc->titulo), &L->conv);
	pdf_title(L->p, L->conv.data);
}

int
layout_letter(const struct letter_doc *doc, const struct layout_info *li,
    struct cp1252 *cv, struct buf *out, char *err, size_t errlen)
{
	struct lay L;
	struct pieces ps = {0};
	char *qr_text;
	int rc = -1;

	memset(&L, 0, sizeof(L));
	L.cv = cv;
	L.doc = doc;
	L.li = li;
	buf_init(&L.conv);
	buf_init(&L.run);
	qr_text = layout_qr_text(li->verify_addr, li->folio,
	    li->sample ? NULL : li->code);
	L.qr = QRcode_encodeString(qr_text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (L.qr == NULL) {
		snprintf(err, errlen, "libqrencode cannot encode \"%s\"",
		    qr_text);
		goto done;
	}
	L.p = pdf_new(doc->font, 0);
	if (L.p == NULL) {
		snprintf(err, errlen, "libharu: cannot create a document");
		goto done;
	}
	set_title(&L);
	new_page(&L);
	draw_opening(&L, &ps);
	for (size_t i = 0; i < doc->nblocks; i++)
		draw_block(&L, &ps, &doc->blocks[i], i == 0);
	draw_closing(&L, &ps);
	for (int i = 0, n = pdf_page_count(L.p); i < n; i++) {
		pdf_use_page(L.p, i);
		draw_footer(&L, i, n);
	}
	rc = pdf_save(L.p, out, err, errlen);
done:
	pieces_free(&ps);
	pdf_free(L.p);
	if (L.qr)
		QRcode_free(L.qr);
	free(qr_text);
	buf_free(&L.conv);
	buf_free(&L.run);
	return rc;
}
