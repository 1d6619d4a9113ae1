/* SPDX-License-Identifier: ISC */
/*
 * logo.h - logos are checked here before libharu ever sees them.
 *
 * libharu 2.3.0 fails on an interlaced PNG and then double-frees in
 * HPDF_Free (STACK.md), and it trusts the sizes in a JPEG header.  A logo
 * that an agency mailed in is untrusted input, so its structure is walked
 * here first: PNG chunks with their CRCs and the IHDR fields, JPEG markers
 * up to the frame header.  Messages are Spanish, fit to mail back.
 */
#ifndef TEQUIO_LOGO_H
#define TEQUIO_LOGO_H

#include <stddef.h>

#define LOGO_MAX_BYTES (2u * 1024 * 1024)
#define LOGO_MAX_SIDE 2000u

/* When the trial load (pdf_image_trial) fails. */
#define LOGO_UNREADABLE "el logotipo está dañado: su imagen no se puede leer"

enum logo_kind { LOGO_PNG, LOGO_JPEG };

struct logo {
	enum logo_kind kind;
	unsigned char *data;	/* the file's bytes, owned */
	size_t len;
	unsigned width, height;	/* pixels */
	/* PNG only: */
	unsigned depth;		/* bits per sample */
	unsigned color;		/* 0 grey, 2 RGB, 3 palette, 4/6 with alpha */
	int transparent;	/* has a tRNS chunk */
	/*
	 * Set by logo_load for a PNG a PDF can carry as it is (grey, RGB or
	 * palette, at most 8 bits, no transparency): the IDAT data joined,
	 * and the palette.  Owned; NULL otherwise.
	 */
	unsigned char *idat;
	size_t idat_len;
	unsigned char *plte;
	size_t plte_len;
};

/*
 * Check len bytes of data; on success fill kind, width and height of out
 * (data is not copied: out->data stays NULL).  Returns 0, or -1 with a
 * Spanish sentence in err.
 */
int logo_check(const void *data, size_t len, struct logo *out, char *err,
    size_t errlen);

/* Read path and check it; out owns the bytes.  0, or -1 with err. */
int logo_load(const char *path, struct logo *out, char *err, size_t errlen);
void logo_free(struct logo *l);

#endif
