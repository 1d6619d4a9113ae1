/* SPDX-License-Identifier: ISC */
/*
 * report.c - report tables as CSV and as paginated PDF (see report.h).
 *
 * Column widths follow the content: each column asks for its widest cell
 * (capped), and the requests are scaled to the width of the page; a cell
 * then wraps its text into as many lines as it needs and the row takes the
 * height of its tallest cell.  Headings repeat on every page.
 */
#include "letters/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/csv.h"
#include "common/log.h"
#include "letters/letters_int.h"
#include "letters/pdf.h"

#define R_MARGIN 36.0
#define R_SIZE 8.5
#define R_LEAD 10.5
#define R_PAD 3.5
#define R_BOTTOM 40.0
#define R_MAX_COL 260.0
#define R_MIN_COL 36.0
#define R_MAX_LINES 40		/* of one cell; the rest is cut */

static const char *const cols_alumnos[] = {
	"Matrícula", "Nombre", "Carrera", "Programa", "Dependencia",
	"Horas reportadas", "Estado",
};
static const char *const cols_dependencias[] = {
	"RFC", "Dependencia", "Tipo", "Representante", "Correo", "Teléfono",
	"Convenio autorizado", "Programas", "Alumnos en servicio",
};
static const char *const cols_dependencia[] = {
	"Matrícula", "Nombre", "Carrera", "Programa", "Inicio",
	"Horas reportadas", "Estado",
};

struct report_table *
report_new(const char *title, const char *const *columns, size_t ncols)
{
	struct report_table *t = xcalloc(1, sizeof(*t));

	t->title = xstrdup(title);
	t->ncols = ncols;
	t->columns = xcalloc(ncols, sizeof(*t->columns));
	for (size_t i = 0; i < ncols; i++)
		t->columns[i] = xstrdup(columns[i]);
	return t;
}

struct report_table *
report_new_kind(enum report_kind kind, const char *subtitle)
{
	struct report_table *t;

	switch (kind) {
	case REPORT_DEPENDENCIAS:
		t = report_new("Dependencias con convenio autorizado",
		    cols_dependencias, ARRAY_LEN(cols_dependencias));
		break;
	case REPORT_DEPENDENCIA:
		t = report_new("Alumnos en servicio social de la dependencia",
		    cols_dependencia, ARRAY_LEN(cols_dependencia));
		break;
	case REPORT_ALUMNOS:
	default:
		t = report_new("Alumnos en servicio social", cols_alumnos,
		    ARRAY_LEN(cols_alumnos));
		break;
	}
	if (subtitle)
		report_set_subtitle(t, subtitle);
	return t;
}

void
report_add_column(struct report_table *t, const char *name)
{
	if (t->nrows != 0)
		return;		/* the rows already have their cells */
	t->columns = xreallocarray(t->columns, t->ncols + 1,
	    sizeof(*t->columns));
	t->columns[t->ncols++] = xstrdup(name);
}

void
report_set_subtitle(struct report_table *t, const char *subtitle)
{
	free(t->subtitle);
	t->subtitle = subtitle ? xstrdup(subtitle) : NULL;
}

void
report_add_row(struct report_table *t, const char *const *cells)
{
	size_t base = t->nrows * t->ncols;

	t->cells = xreallocarray(t->cells, base + t->ncols, sizeof(*t->cells));
	for (size_t i = 0; i < t->ncols; i++)
		t->cells[base + i] = xstrdup(cells[i] ? cells[i] : "");
	t->nrows++;
}

void
report_free(struct report_table *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->ncols; i++)
		free(t->columns[i]);
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->columns);
	free(t->cells);
	free(t->title);
	free(t->subtitle);
	free(t);
}

/* ---- CSV ---- */

static void
csv_line(struct buf *out, char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(out, ',');
		csv_cell(out, fields[i]);
	}
	buf_adds(out, "\r\n");
}

void
report_csv(const struct report_table *t, struct buf *out)
{
	buf_grow(out, 0);
	csv_begin(out);
	csv_line(out, t->columns, t->ncols);
	for (size_t r = 0; r < t->nrows; r++)
		csv_line(out, t->cells + r * t->ncols, t->ncols);
}

/* ---- PDF ---- */

/* Lines of one wrapped cell: offsets into text, each NUL-terminated. */
struct lines {
	struct buf text;
	size_t off[R_MAX_LINES];
	size_t n;
};

struct rep {
	struct letters *l;
	struct pdf *p;
	const struct report_table *t;
	char **conv;		/* cells in CP1252, nrows * ncols */
	char **head;		/* headings in CP1252 */
	double *w;		/* column widths */
	double y;
	char *date;		/* "Generado el ..." in CP1252 */
	struct lines ln;
};

static char *
to_cp(struct rep *R, const char *utf8)
{
	struct buf b;

	buf_init(&b);
	cp1252_conv(R->l->cv, utf8, strlen(utf8), &b);
	return buf_steal(&b);
}

static void
push_line(struct lines *ln, const char *s, size_t n)
{
	if (ln->n == R_MAX_LINES)
		return;
	ln->off[ln->n++] = ln->text.len;
	buf_add(&ln->text, s, n);
	buf_addc(&ln->text, '\0');
}

/* Width of s[0..n) (copied so it can be NUL-terminated). */
static double
width_n(struct rep *R, enum pdf_style st, const char *s, size_t n)
{
	char *tmp = xstrndup(s, n);
	double w = pdf_text_width(R->p, st, R_SIZE, tmp);

	free(tmp);
	return w;
}

/* Greedy word wrap of cp into ln; a word too wide is cut by characters. */
static void
wrap(struct rep *R, const char *cp, double width, enum pdf_style st,
    struct lines *ln)
{
	struct buf cur;
	const char *p = cp;

	buf_init(&cur);
	buf_reset(&ln->text);
	ln->n = 0;
	while (*p) {
		const char *e;
		size_t wl, keep;

		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		e = strchr(p, ' ');
		wl = e ? (size_t)(e - p) : strlen(p);
		keep = cur.len;
		if (cur.len > 0)
			buf_addc(&cur, ' ');
		buf_add(&cur, p, wl);
		if (pdf_text_width(R->p, st, R_SIZE, cur.data) <= width) {
			p += wl;
			continue;
		}
		cur.len = keep;
		cur.data[keep] = '\0';
		if (keep > 0) {
			push_line(ln, cur.data, cur.len);
			buf_reset(&cur);
			continue;
		}
		/* One word wider than the cell: as much as fits. */
		{
			size_t fit = 1;
			while (fit < wl && width_n(R, st, p, fit + 1) <= width)
				fit++;
			push_line(ln, p, fit);
			p += fit;
		}
	}
	if (cur.len > 0 || ln->n == 0)
		push_line(ln, cur.data ? cur.data : "", cur.len);
	buf_free(&cur);
}

/* Width of the widest word of s (what a cell cannot wrap below). */
static double
widest_word(struct rep *R, enum pdf_style st, const char *s)
{
	double best = 0;

	while (*s) {
		size_t n = strcspn(s, " ");
		if (n > 0) {
			double w = width_n(R, st, s, n);
			if (w > best)
				best = w;
		}
		s += n;
		s += strspn(s, " ");
	}
	return best;
}

/*
 * Each column wants its widest cell on one line (natural) and needs at
 * least its widest word (least, capped so one long word cannot starve the
 * rest).  When the natural widths do not fit, every column gets its least
 * and the remaining room is shared in proportion to what each still
 * wants; when they fit, the spare room is shared in proportion to size.
 */
static void
column_widths(struct rep *R)
{
	const struct report_table *t = R->t;
	double avail = pdf_page_width(R->p) - 2 * R_MARGIN;
	double *least = xcalloc(t->ncols, sizeof(*least));
	double sum_nat = 0, sum_least = 0, sum_want = 0;

	for (size_t c = 0; c < t->ncols; c++) {
		double nat = pdf_text_width(R->p, PDF_BOLD, R_SIZE, R->head[c]);
		double lw = widest_word(R, PDF_BOLD, R->head[c]);

		for (size_t r = 0; r < t->nrows; r++) {
			const char *cell = R->conv[r * t->ncols + c];
			double cw = pdf_text_width(R->p, PDF_REGULAR, R_SIZE,
			    cell), ww = widest_word(R, PDF_REGULAR, cell);
			if (cw > nat)
				nat = cw;
			if (ww > lw)
				lw = ww;
		}
		nat = fmin(nat + 2 * R_PAD, R_MAX_COL);
		lw = fmin(fmax(lw + 2 * R_PAD, R_MIN_COL), 120);
		R->w[c] = fmax(nat, lw);
		least[c] = lw;
		sum_nat += R->w[c];
		sum_least += lw;
		sum_want += R->w[c] - lw;
	}
	for (size_t c = 0; c < t->ncols; c++) {
		if (sum_nat <= avail)
			R->w[c] *= avail / sum_nat;
		else if (sum_least >= avail || sum_want <= 0)
			R->w[c] = least[c] * avail / sum_least;
		else
			R->w[c] = least[c] + (R->w[c] - least[c]) *
			    (avail - sum_least) / sum_want;
	}
	free(least);
}

static void
page_header(struct rep *R)
{
	struct letters *l = R->l;
	double top = pdf_page_height(R->p) - 30, x = R_MARGIN;
	char *s;

	if (l->inst_logo.data) {
		pdf_image(R->p, &l->inst_logo, R_MARGIN, top - 44, 70, 44, 0);
		x += 80;
	}
	s = to_cp(R, vars_get(l->inst, "institucion.nombre"));
	pdf_text(R->p, PDF_BOLD, 12, x, top - 14, s, 0);
	free(s);
	if (vars_get(l->inst, "institucion.area") &&
	    *vars_get(l->inst, "institucion.area")) {
		s = to_cp(R, vars_get(l->inst, "institucion.area"));
		pdf_text(R->p, PDF_REGULAR, 9.5, x, top - 28, s, 0);
		free(s);
	}
	pdf_text(R->p, PDF_REGULAR, 8.5, pdf_page_width(R->p) - R_MARGIN -
	    pdf_text_width(R->p, PDF_REGULAR, 8.5, R->date), top - 14,
	    R->date, 0);
	R->y = top - 62;
	s = to_cp(R, R->t->title);
	pdf_text(R->p, PDF_BOLD, 13, R_MARGIN, R->y, s, 0);
	free(s);
	R->y -= 16;
	if (R->t->subtitle && *R->t->subtitle) {
		s = to_cp(R, R->t->subtitle);
		pdf_text(R->p, PDF_REGULAR, 10, R_MARGIN, R->y, s, 0);
		free(s);
		R->y -= 14;
	}
	R->y -= 4;
}

/* Draw one row of cells (headings when head is set) at the cursor. */
static void
draw_row(struct rep *R, char *const *cells, int head, int shade)
{
	const struct report_table *t = R->t;
	enum pdf_style st = head ? PDF_BOLD : PDF_REGULAR;
	size_t most = 1;
	double x = R_MARGIN, h;

	for (size_t c = 0; c < t->ncols; c++) {
		wrap(R, cells[c], R->w[c] - 2 * R_PAD, st, &R->ln);
		if (R->ln.n > most)
			most = R->ln.n;
	}
	h = (double)most * R_LEAD + 2 * R_PAD;
	if (!head && R->y - h < R_BOTTOM) {
		pdf_add_page(R->p);
		page_header(R);
		draw_row(R, R->head, 1, 0);
	}
	if (head || shade) {
		pdf_gray(R->p, head ? 0.82 : 0.94);
		pdf_rect(R->p, R_MARGIN, R->y - h,
		    pdf_page_width(R->p) - 2 * R_MARGIN, h);
		pdf_fill(R->p);
		pdf_gray(R->p, 0);
	}
	for (size_t c = 0; c < t->ncols; c++) {
		wrap(R, cells[c], R->w[c] - 2 * R_PAD, st, &R->ln);
		for (size_t i = 0; i < R->ln.n; i++)
			pdf_text(R->p, st, R_SIZE, x + R_PAD,
			    R->y - R_PAD - R_SIZE - (double)i * R_LEAD + 1.5,
			    R->ln.text.data + R->ln.off[i], 0);
		x += R->w[c];
	}
	R->y -= h;
	pdf_gray(R->p, 0.6);
	pdf_line(R->p, R_MARGIN, R->y, pdf_page_width(R->p) - R_MARGIN, R->y,
	    0.4);
	pdf_gray(R->p, 0);
}

static void
page_footers(struct rep *R)
{
	int n = pdf_page_count(R->p);

	for (int i = 0; i < n; i++) {
		char num[64];
		double w;

		snprintf(num, sizeof(num), "P\xe1gina %d de %d", i + 1, n);
		pdf_use_page(R->p, i);
		w = pdf_text_width(R->p, PDF_REGULAR, 8, num);
		pdf_text(R->p, PDF_REGULAR, 8, pdf_page_width(R->p) -
		    R_MARGIN - w, 20, num, 0);
	}
}

static void
rep_free(struct rep *R)
{
	if (R->conv)
		for (size_t i = 0; i < R->t->nrows * R->t->ncols; i++)
			free(R->conv[i]);
	if (R->head)
		for (size_t i = 0; i < R->t->ncols; i++)
			free(R->head[i]);
	free(R->conv);
	free(R->head);
	free(R->w);
	free(R->date);
	buf_free(&R->ln.text);
	pdf_free(R->p);
}

int
report_pdf(struct letters *l, const struct report_table *t, int64_t now,
    struct buf *out)
{
	struct rep R;
	char err[256], *date, *line;
	int rc = -1;

	memset(&R, 0, sizeof(R));
	R.l = l;
	R.t = t;
	if (t->ncols == 0 || (R.p = pdf_new(FONT_HELVETICA, 1)) == NULL) {
		log_err("report: cannot start a document");
		return -1;
	}
	R.conv = xcalloc(t->nrows * t->ncols + 1, sizeof(*R.conv));
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		R.conv[i] = to_cp(&R, t->cells[i]);
	R.head = xcalloc(t->ncols, sizeof(*R.head));
	for (size_t i = 0; i < t->ncols; i++)
		R.head[i] = to_cp(&R, t->columns[i]);
	R.w = xcalloc(t->ncols, sizeof(*R.w));
	date = letters_date_es(now);
	line = xasprintf("Generado el %s", date);
	R.date = to_cp(&R, line);
	free(date);
	free(line);
	{
		char *title = to_cp(&R, t->title);
		pdf_title(R.p, title);
		free(title);
	}
	pdf_add_page(R.p);
	column_widths(&R);
	page_header(&R);
	draw_row(&R, R.head, 1, 0);
	for (size_t r = 0; r < t->nrows; r++)
		draw_row(&R, R.conv + r * t->ncols, 0, r % 2 == 1);
	{
		char *total = xasprintf(t->nrows == 1 ? "%zu registro" :
		    "%zu registros", t->nrows);
		pdf_text(R.p, PDF_BOLD, 9, R_MARGIN, R.y - 14, total, 0);
		free(total);
	}
	page_footers(&R);
	if (pdf_save(R.p, out, err, sizeof(err)) != 0)
		log_err("report \"%s\": %s", t->title, err);
	else
		rc = 0;
	rep_free(&R);
	return rc;
}
