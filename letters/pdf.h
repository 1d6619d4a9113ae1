/* SPDX-License-Identifier: ISC */
/*
 * pdf.h - a small drawing surface over libharu: letter-size pages, the
 * three styles of one built-in font family, text, filled rectangles,
 * lines and logos.  render.c is the only file that includes hpdf.h; the
 * letter layout (layout.c) and the report tables (report.c) draw through
 * this interface.
 *
 * Text given here is CP1252 (cp1252.h), NUL-terminated.  Coordinates are
 * PDF points from the bottom-left corner.  The first libharu error is
 * recorded and every later call does nothing, so callers draw freely and
 * check once, at pdf_save.
 */
#ifndef TEQUIO_PDF_H
#define TEQUIO_PDF_H

#include <stddef.h>

#include "common/util.h"
#include "letters/doc.h"
#include "letters/logo.h"

#define PDF_PAGE_W 612.0	/* US letter, 8.5 x 11 in */
#define PDF_PAGE_H 792.0

enum pdf_style { PDF_REGULAR, PDF_BOLD, PDF_ITALIC, PDF__NSTYLES };

struct pdf;

/* A new document in font family; landscape pages when landscape != 0. */
struct pdf *pdf_new(enum doc_font family, int landscape);
void pdf_free(struct pdf *p);

/* Add a page and make it current; returns its index (0, 1, ...). */
int pdf_add_page(struct pdf *p);
/* Make an earlier page current again (to write "página 1 de 3"). */
void pdf_use_page(struct pdf *p, int index);
int pdf_page_count(const struct pdf *p);
double pdf_page_width(const struct pdf *p);
double pdf_page_height(const struct pdf *p);

/* Width in points of s in style at size. */
double pdf_text_width(struct pdf *p, enum pdf_style st, double size,
    const char *s);
/*
 * Draw s with its baseline starting at (x, y); word_space is added to
 * every space (0 for none), which is how lines are justified.
 */
void pdf_text(struct pdf *p, enum pdf_style st, double size, double x,
    double y, const char *s, double word_space);
/* Draw s rotated by degrees counter-clockwise around (x, y). */
void pdf_text_rotated(struct pdf *p, enum pdf_style st, double size,
    double x, double y, double degrees, const char *s);

/* Fill colour for text and shapes: 0 black .. 1 white. */
void pdf_gray(struct pdf *p, double gray);
/* Add a rectangle to the path; pdf_fill paints the path. */
void pdf_rect(struct pdf *p, double x, double y, double w, double h);
void pdf_fill(struct pdf *p);
void pdf_line(struct pdf *p, double x0, double y0, double x1, double y1,
    double width);

/*
 * Fill n rectangles given as integer (x, y, w, h) quadruples in units of
 * scale points from the origin (x, y): the QR code's modules.
 */
void pdf_rects(struct pdf *p, double x, double y, double scale,
    const int *rects, size_t n);

/*
 * Draw a (checked) logo fitted inside the box w x h whose bottom-left is
 * (x, y), keeping its proportions; align 0 left, 1 centre, 2 right.  The
 * image is embedded once per document however often it is drawn.
 */
void pdf_image(struct pdf *p, const struct logo *img, double x, double y,
    double w, double h, int align);

/*
 * Load img once in a child process, so that an image libharu cannot read
 * (which makes libpng abort the process) is found out safely.  0 when it
 * loads, -1 when not.  Costs a fork for a PNG; use once per logo.
 */
int pdf_image_trial(const struct logo *img);

/* Document title for the PDF's Info dictionary (CP1252). */
void pdf_title(struct pdf *p, const char *title);

/*
 * Write the document into out.  Returns 0, or -1 with the first libharu
 * error described in err.
 */
int pdf_save(struct pdf *p, struct buf *out, char *err, size_t errlen);

#endif
