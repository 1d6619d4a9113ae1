/* SPDX-License-Identifier: ISC */
/*
 * render.c - the only file that speaks libharu (see pdf.h).
 *
 * libharu reports errors through a callback and then carries on; the
 * callback here only records the first error, and every drawing function
 * returns at once after one, so a failure cannot cascade through a library
 * state we no longer trust.  Logos reach libharu only after logo.c has
 * checked them: an interlaced PNG makes HPDF_Free double-free.
 *
 * The text state (font, size, word spacing) is remembered per page so a
 * letter emits each operator only when something changes: fewer bytes and
 * less time per letter.
 */
#include "letters/pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <hpdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_IMAGES 4

struct pdf_img {
	const struct logo *src;
	HPDF_Image img;
};

struct pdf {
	HPDF_Doc doc;
	HPDF_Page *pages;
	int npages;
	HPDF_Page page;		/* current */
	int landscape;
	enum doc_font family;
	HPDF_Font fonts[PDF__NSTYLES];
	/* text state of the current page */
	int in_text;
	HPDF_Font cur_font;
	double cur_size, cur_ws, cur_gray;
	struct pdf_img imgs[MAX_IMAGES];
	int nimgs;
	HPDF_STATUS err_no, err_detail;
};

static void HPDF_STDCALL
on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
	struct pdf *p = user_data;

	if (p->err_no == 0) {
		p->err_no = error_no;
		p->err_detail = detail_no;
	}
}

static int
bad(const struct pdf *p)
{
	return p->err_no != 0 || p->page == NULL;
}

struct pdf *
pdf_new(enum doc_font family, int landscape)
{
	struct pdf *p = xcalloc(1, sizeof(*p));

	p->family = family;
	p->landscape = landscape;
	p->doc = HPDF_New(on_error, p);
	if (p->doc == NULL) {
		free(p);
		return NULL;
	}
	HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
	HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, "tequio");
	return p;
}

void
pdf_free(struct pdf *p)
{
	if (p == NULL)
		return;
	HPDF_Free(p->doc);
	free(p->pages);
	free(p);
}

static void
end_text(struct pdf *p)
{
	if (p->in_text && p->err_no == 0)
		HPDF_Page_EndText(p->page);
	p->in_text = 0;
}

static void
reset_state(struct pdf *p)
{
	p->cur_font = NULL;
	p->cur_size = -1;
	p->cur_ws = 0;
	p->cur_gray = 0;
}

int
pdf_add_page(struct pdf *p)
{
	HPDF_Page page;

	if (p->err_no != 0)
		return -1;
	end_text(p);
	page = HPDF_AddPage(p->doc);
	if (page == NULL)
		return -1;
	HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_LETTER,
	    p->landscape ? HPDF_PAGE_LANDSCAPE : HPDF_PAGE_PORTRAIT);
	p->pages = xreallocarray(p->pages, (size_t)p->npages + 1,
	    sizeof(*p->pages));
	p->pages[p->npages] = page;
	p->page = page;
	reset_state(p);
	return p->npages++;
}

void
pdf_use_page(struct pdf *p, int index)
{
	if (index < 0 || index >= p->npages)
		return;
	end_text(p);
	p->page = p->pages[index];
	/* libharu keeps no state between our visits that we can rely on. */
	reset_state(p);
	p->cur_gray = -1;
}

int
pdf_page_count(const struct pdf *p)
{
	return p->npages;
}

double
pdf_page_width(const struct pdf *p)
{
	return p->landscape ? PDF_PAGE_H : PDF_PAGE_W;
}

double
pdf_page_height(const struct pdf *p)
{
	return p->landscape ? PDF_PAGE_W : PDF_PAGE_H;
}

static HPDF_Font
font(struct pdf *p, enum pdf_style st)
{
	static const char *const names[2][PDF__NSTYLES] = {
		{"Helvetica", "Helvetica-Bold", "Helvetica-Oblique"},
		{"Times-Roman", "Times-Bold", "Times-Italic"},
	};

	if (p->fonts[st] == NULL && p->err_no == 0)
		p->fonts[st] = HPDF_GetFont(p->doc,
		    names[p->family == FONT_TIMES][st], "WinAnsiEncoding");
	return p->fonts[st];
}

/*
 * Glyph widths of the built-in fonts are fixed (their AFM metrics), so
 * they are read from libharu once per process, byte by byte, and text is
 * measured by adding them up: a letter measures every word it sets.
 */
static const unsigned short *
width_table(struct pdf *p, enum pdf_style st)
{
	static unsigned short widths[2][PDF__NSTYLES][256];
	static int ready[2][PDF__NSTYLES];
	int fam = p->family == FONT_TIMES;
	HPDF_Font f;

	if (ready[fam][st])
		return widths[fam][st];
	if ((f = font(p, st)) == NULL)
		return NULL;
	for (int c = 1; c < 256; c++) {
		HPDF_BYTE ch = (HPDF_BYTE)c;
		widths[fam][st][c] = (unsigned short)HPDF_Font_TextWidth(f, &ch,
		    1).width;
	}
	ready[fam][st] = p->err_no == 0;
	return widths[fam][st];
}

double
pdf_text_width(struct pdf *p, enum pdf_style st, double size, const char *s)
{
	const unsigned short *w = width_table(p, st);
	unsigned long sum = 0;

	if (w == NULL)
		return 0;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		sum += w[*c];
	return (double)sum * size / 1000.0;
}

static void
set_gray(struct pdf *p, double gray)
{
	if (gray != p->cur_gray) {
		HPDF_Page_SetGrayFill(p->page, gray);
		HPDF_Page_SetGrayStroke(p->page, gray);
		p->cur_gray = gray;
	}
}

void
pdf_gray(struct pdf *p, double gray)
{
	if (bad(p))
		return;
	set_gray(p, gray);
}

static int
text_setup(struct pdf *p, enum pdf_style st, double size)
{
	HPDF_Font f = font(p, st);

	if (f == NULL || bad(p))
		return -1;
	if (!p->in_text) {
		HPDF_Page_BeginText(p->page);
		p->in_text = 1;
	}
	if (f != p->cur_font || size != p->cur_size) {
		HPDF_Page_SetFontAndSize(p->page, f, size);
		p->cur_font = f;
		p->cur_size = size;
	}
	return 0;
}

void
pdf_text(struct pdf *p, enum pdf_style st, double size, double x, double y,
    const char *s, double word_space)
{
	if (text_setup(p, st, size) != 0)
		return;
	/* libharu's own bounds: outside them it fails the whole letter. */
	if (word_space > HPDF_MAX_WORDSPACE)
		word_space = HPDF_MAX_WORDSPACE;
	if (word_space < HPDF_MIN_WORDSPACE)
		word_space = HPDF_MIN_WORDSPACE;
	if (word_space != p->cur_ws) {
		HPDF_Page_SetWordSpace(p->page, word_space);
		p->cur_ws = word_space;
	}
	HPDF_Page_SetTextMatrix(p->page, 1, 0, 0, 1, x, y);
	HPDF_Page_ShowText(p->page, s);
}

void
pdf_text_rotated(struct pdf *p, enum pdf_style st, double size, double x,
    double y, double degrees, const char *s)
{
	double r = degrees * 3.14159265358979323846 / 180.0;

	if (text_setup(p, st, size) != 0)
		return;
	if (p->cur_ws != 0) {
		HPDF_Page_SetWordSpace(p->page, 0);
		p->cur_ws = 0;
	}
	HPDF_Page_SetTextMatrix(p->page, cos(r), sin(r), -sin(r), cos(r), x, y);
	HPDF_Page_ShowText(p->page, s);
}

void
pdf_rect(struct pdf *p, double x, double y, double w, double h)
{
	if (bad(p))
		return;
	end_text(p);
	HPDF_Page_Rectangle(p->page, x, y, w, h);
}

void
pdf_fill(struct pdf *p)
{
	if (bad(p))
		return;
	end_text(p);
	HPDF_Page_Fill(p->page);
}

/* Decimal digits of v into out (at most 12 bytes); returns how many. */
static size_t
put_int(char *out, int v)
{
	char tmp[12];
	size_t n = 0, len = 0;
	unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (v < 0)
		out[len++] = '-';
	while (n > 0)
		out[len++] = tmp[--n];
	return len;
}

/*
 * libharu writes every number through its slow float formatter; a QR code
 * is hundreds of rectangles.  The first goes through HPDF_Page_Rectangle,
 * which puts the page in path mode as HPDF_Page_Fill expects; the rest,
 * small integers in a scaled coordinate system, are written straight into
 * the page's content stream (hpdf_pages.h), the same "re" operators.
 */
void
pdf_rects(struct pdf *p, double x, double y, double scale, const int *rects,
    size_t n)
{
	HPDF_PageAttr attr;
	char op[64];

	if (bad(p) || n == 0)
		return;
	end_text(p);
	HPDF_Page_GSave(p->page);
	HPDF_Page_Concat(p->page, scale, 0, 0, scale, x, y);
	HPDF_Page_Rectangle(p->page, rects[0], rects[1], rects[2], rects[3]);
	attr = (HPDF_PageAttr)p->page->attr;
	for (size_t i = 1; i < n && p->err_no == 0; i++) {
		size_t len = 0;
		for (int k = 0; k < 4; k++) {
			len += put_int(op + len, rects[4 * i + k]);
			op[len++] = ' ';
		}
		memcpy(op + len, "re\012", 3);
		HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)op,
		    (HPDF_UINT)len + 3);
	}
	HPDF_Page_Fill(p->page);
	HPDF_Page_GRestore(p->page);
	/* GRestore brings back the colours of before GSave. */
	p->cur_gray = -1;
}

void
pdf_line(struct pdf *p, double x0, double y0, double x1, double y1,
    double width)
{
	if (bad(p))
		return;
	end_text(p);
	HPDF_Page_SetLineWidth(p->page, width);
	HPDF_Page_MoveTo(p->page, x0, y0);
	HPDF_Page_LineTo(p->page, x1, y1);
	HPDF_Page_Stroke(p->page);
}

/* The image's dict is written by libharu; this adds the filter name. */
static HPDF_STATUS
write_flate(HPDF_Dict dict, HPDF_Stream stream)
{
	(void)dict;
	return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

/*
 * A PNG's image data (its IDAT chunks: one zlib stream of rows, each
 * after a filter byte) is exactly what a PDF FlateDecode stream with PNG
 * predictors (/Predictor 15) holds.  For a grey, RGB or palette PNG of up
 * to 8 bits without transparency (logo.c gathers the parts) the data goes
 * into the PDF as it is: libharu's own loader would decode it with libpng
 * and deflate it again for every letter, which was most of a letter's
 * time.  libharu has no public call for a ready-made stream, so the image
 * object is built with its object API (hpdf_objects.h), the way its
 * loaders build theirs, and the stream is marked unfiltered so that
 * libharu copies it; the filter name is added when the dict is written.
 */
static HPDF_Image
png_passthrough(struct pdf *p, const struct logo *img)
{
	HPDF_MMgr mm = p->doc->mmgr;
	HPDF_Dict im = HPDF_DictStream_New(mm, p->doc->xref), parms;
	HPDF_STATUS rc = HPDF_OK;
	unsigned colors = img->color == 2 ? 3 : 1;

	if (im == NULL)
		return NULL;
	im->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
	im->filter = HPDF_STREAM_FILTER_NONE;
	im->write_fn = write_flate;
	rc |= HPDF_Dict_AddName(im, "Type", "XObject");
	rc |= HPDF_Dict_AddName(im, "Subtype", "Image");
	rc |= HPDF_Dict_AddNumber(im, "Width", (HPDF_INT32)img->width);
	rc |= HPDF_Dict_AddNumber(im, "Height", (HPDF_INT32)img->height);
	rc |= HPDF_Dict_AddNumber(im, "BitsPerComponent",
	    (HPDF_INT32)img->depth);
	if (img->color == 3) {
		HPDF_Array cs = HPDF_Array_New(mm);
		if (cs == NULL)
			return NULL;
		rc |= HPDF_Dict_Add(im, "ColorSpace", cs);
		rc |= HPDF_Array_AddName(cs, "Indexed");
		rc |= HPDF_Array_AddName(cs, "DeviceRGB");
		rc |= HPDF_Array_AddNumber(cs, (HPDF_INT32)(img->plte_len / 3 -
		    1));
		rc |= HPDF_Array_Add(cs, HPDF_Binary_New(mm, img->plte,
		    (HPDF_UINT)img->plte_len));
	} else {
		rc |= HPDF_Dict_AddName(im, "ColorSpace", colors == 3 ?
		    "DeviceRGB" : "DeviceGray");
	}
	if ((parms = HPDF_Dict_New(mm)) == NULL)
		return NULL;
	rc |= HPDF_Dict_Add(im, "DecodeParms", parms);
	rc |= HPDF_Dict_AddNumber(parms, "Predictor", 15);
	rc |= HPDF_Dict_AddNumber(parms, "Colors", (HPDF_INT32)colors);
	rc |= HPDF_Dict_AddNumber(parms, "BitsPerComponent",
	    (HPDF_INT32)img->depth);
	rc |= HPDF_Dict_AddNumber(parms, "Columns", (HPDF_INT32)img->width);
	rc |= HPDF_Stream_Write(im->stream, img->idat,
	    (HPDF_UINT)img->idat_len);
	return rc == HPDF_OK ? (HPDF_Image)im : NULL;
}

static HPDF_Image
image_for(struct pdf *p, const struct logo *img)
{
	HPDF_Image h;

	for (int i = 0; i < p->nimgs; i++)
		if (p->imgs[i].src == img)
			return p->imgs[i].img;
	if (p->nimgs == MAX_IMAGES)
		return NULL;
	if (img->kind == LOGO_PNG && img->idat != NULL)
		h = png_passthrough(p, img);
	else if (img->kind == LOGO_PNG)
		h = HPDF_LoadPngImageFromMem(p->doc, img->data,
		    (HPDF_UINT)img->len);
	else
		h = HPDF_LoadJpegImageFromMem(p->doc, img->data,
		    (HPDF_UINT)img->len);
	if (h == NULL)
		return NULL;
	p->imgs[p->nimgs].src = img;
	p->imgs[p->nimgs].img = h;
	p->nimgs++;
	return h;
}

void
pdf_image(struct pdf *p, const struct logo *img, double x, double y,
    double w, double h, int align)
{
	HPDF_Image hi;
	double scale, dw, dh;

	if (bad(p) || img == NULL || img->data == NULL || img->width == 0 ||
	    img->height == 0)
		return;
	end_text(p);
	hi = image_for(p, img);
	if (hi == NULL)
		return;
	scale = fmin(w / img->width, h / img->height);
	dw = img->width * scale;
	dh = img->height * scale;
	if (align == 1)
		x += (w - dw) / 2;
	else if (align == 2)
		x += w - dw;
	y += (h - dh) / 2;
	HPDF_Page_DrawImage(p->page, hi, x, y, dw, dh);
}

void
pdf_title(struct pdf *p, const char *title)
{
	if (p->err_no == 0)
		HPDF_SetInfoAttr(p->doc, HPDF_INFO_TITLE, title);
}

int
pdf_save(struct pdf *p, struct buf *out, char *err, size_t errlen)
{
	HPDF_UINT32 size, got;

	end_text(p);
	if (p->err_no == 0)
		HPDF_SaveToStream(p->doc);
	if (p->err_no != 0) {
		snprintf(err, errlen, "libharu error 0x%04X (detail %u)",
		    (unsigned)p->err_no, (unsigned)p->err_detail);
		return -1;
	}
	size = HPDF_GetStreamSize(p->doc);
	buf_grow(out, size);
	got = size;
	if (size == 0 || HPDF_ReadFromStream(p->doc,
	    (HPDF_BYTE *)out->data + out->len, &got) != HPDF_OK ||
	    got != size) {
		snprintf(err, errlen, "libharu: cannot read the document back "
		    "(%u of %u bytes)", (unsigned)got, (unsigned)size);
		return -1;
	}
	out->len += got;
	out->data[out->len] = '\0';
	return 0;
}

/*
 * libharu decodes a PNG with libpng and installs no error handler, so any
 * error libpng raises (corrupt or short image data, a bad filter byte)
 * ends in abort(): structure checks cannot foresee them all.  A PNG is
 * therefore loaded once in a child process; only a child that exits
 * cleanly clears it.  JPEGs are embedded without decoding and need no
 * trial.
 */
int
pdf_image_trial(const struct logo *img)
{
	pid_t pid;
	int status;

	if (img->kind != LOGO_PNG)
		return 0;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		HPDF_Doc d;
		int fd = open("/dev/null", O_WRONLY), ok;

		if (fd >= 0)
			dup2(fd, STDERR_FILENO);
		alarm(10);
		d = HPDF_New(NULL, NULL);
		ok = d != NULL && HPDF_LoadPngImageFromMem(d, img->data,
		    (HPDF_UINT)img->len) != NULL && HPDF_GetError(d) == 0;
		HPDF_Free(d);
		_exit(ok ? 0 : 1);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}
