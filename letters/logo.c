/* SPDX-License-Identifier: ISC */
/*
 * logo.c - structural checks of PNG and JPEG logos (see logo.h for why).
 *
 * PNG: signature, then chunks whose lengths stay inside the file and whose
 * CRCs match; IHDR first with a valid depth/colour pair, at most 8 bits a
 * sample (libharu mangles the colours of 16) and no interlace;
 * a palette before the data for palette images; IDAT; IEND.
 * JPEG: SOI, then marker segments whose lengths stay inside the file, up
 * to a baseline, extended or progressive frame header with 8-bit samples
 * and 1 or 3 components (libharu embeds the bytes as they are).
 */
#include "letters/logo.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "spool/spool.h"

static const unsigned char png_sig[8] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
};

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static unsigned
be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* CRC-32 of PNG (ISO 3309), table built on first use. */
static uint32_t
crc32_png(const unsigned char *p, size_t n)
{
	static uint32_t table[256];
	static int ready;
	uint32_t c = 0xffffffffu;

	if (!ready) {
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t v = i;
			for (int k = 0; k < 8; k++)
				v = v & 1 ? 0xedb88320u ^ (v >> 1) : v >> 1;
			table[i] = v;
		}
		ready = 1;
	}
	for (size_t i = 0; i < n; i++)
		c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

static int
fail(char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "%s", what);
	return -1;
}

static int
depth_ok(unsigned color, unsigned depth)
{
	switch (color) {
	case 0:
		return depth == 1 || depth == 2 || depth == 4 || depth == 8 ||
		    depth == 16;
	case 3:
		return depth == 1 || depth == 2 || depth == 4 || depth == 8;
	case 2:
	case 4:
	case 6:
		return depth == 8 || depth == 16;
	}
	return 0;
}

static int
check_ihdr(const unsigned char *d, struct logo *out, char *err,
    size_t errlen)
{
	uint32_t w = be32(d), h = be32(d + 4);
	unsigned depth = d[8], color = d[9];

	if (w == 0 || h == 0 || w > LOGO_MAX_SIDE || h > LOGO_MAX_SIDE) {
		snprintf(err, errlen, "el logotipo mide %ux%u píxeles; se "
		    "admiten de 1 a %u por lado", (unsigned)w, (unsigned)h,
		    LOGO_MAX_SIDE);
		return -1;
	}
	if (!depth_ok(color, depth) || d[10] != 0 || d[11] != 0)
		return fail(err, errlen, "el logotipo PNG tiene un encabezado "
		    "no válido");
	/* libharu 2.3.0 gets the colours of 16-bit samples wrong. */
	if (depth == 16)
		return fail(err, errlen, "el logotipo es un PNG de 16 bits por "
		    "canal; guárdelo con 8 bits por canal");
	if (d[12] == 1)
		return fail(err, errlen, "el logotipo es un PNG entrelazado "
		    "(interlaced), que no se puede usar; guárdelo de nuevo "
		    "sin entrelazado");
	if (d[12] != 0)
		return fail(err, errlen, "el logotipo PNG tiene un encabezado "
		    "no válido");
	out->width = w;
	out->height = h;
	return 0;
}

static int
check_png(const unsigned char *p, size_t len, struct logo *out, char *err,
    size_t errlen)
{
	size_t off = 8;
	int n = 0, palette = 0, idat = 0, color = -1;

	for (;;) {
		uint32_t clen;
		const unsigned char *type;

		if (len - off < 12)
			return fail(err, errlen, "el logotipo PNG está "
			    "incompleto (termina antes de IEND)");
		clen = be32(p + off);
		type = p + off + 4;
		if (clen > len - off - 12)
			return fail(err, errlen, "el logotipo PNG está "
			    "incompleto o dañado");
		if (crc32_png(type, 4 + (size_t)clen) !=
		    be32(type + 4 + clen))
			return fail(err, errlen, "el logotipo PNG está dañado "
			    "(suma de verificación incorrecta)");
		if (n == 0) {
			if (memcmp(type, "IHDR", 4) != 0 || clen != 13)
				return fail(err, errlen, "el logotipo PNG no "
				    "empieza con su encabezado IHDR");
			if (check_ihdr(type + 4, out, err, errlen) != 0)
				return -1;
			color = type[4 + 9];
			out->depth = type[4 + 8];
			out->color = (unsigned)color;
		} else if (memcmp(type, "PLTE", 4) == 0) {
			if (clen == 0 || clen > 768 || clen % 3 != 0)
				return fail(err, errlen, "el logotipo PNG tiene "
				    "una paleta no válida");
			palette = 1;
		} else if (memcmp(type, "tRNS", 4) == 0) {
			out->transparent = 1;
		} else if (memcmp(type, "IDAT", 4) == 0) {
			if (color == 3 && !palette)
				return fail(err, errlen, "el logotipo PNG de "
				    "paleta no trae su paleta");
			idat = 1;
		} else if (memcmp(type, "IEND", 4) == 0) {
			break;
		}
		off += 12 + (size_t)clen;
		n++;
	}
	if (!idat)
		return fail(err, errlen, "el logotipo PNG no contiene imagen");
	out->kind = LOGO_PNG;
	return 0;
}

/* Frame header: precision, height, width, components. */
static int
check_sof(unsigned marker, const unsigned char *d, unsigned seglen,
    struct logo *out, char *err, size_t errlen)
{
	unsigned h, w, comps;

	if (marker != 0xc0 && marker != 0xc1 && marker != 0xc2)
		return fail(err, errlen, "el logotipo JPEG usa una codificación "
		    "poco común (sin pérdida o aritmética); guárdelo como "
		    "JPEG normal o PNG");
	if (seglen < 8)
		return fail(err, errlen, "el logotipo JPEG está dañado");
	h = be16(d + 1);
	w = be16(d + 3);
	comps = d[5];
	if (d[0] != 8)
		return fail(err, errlen, "el logotipo JPEG no es de 8 bits por "
		    "muestra");
	if (w == 0 || h == 0 || w > LOGO_MAX_SIDE || h > LOGO_MAX_SIDE) {
		snprintf(err, errlen, "el logotipo mide %ux%u píxeles; se "
		    "admiten de 1 a %u por lado", w, h, LOGO_MAX_SIDE);
		return -1;
	}
	if (comps != 1 && comps != 3)
		return fail(err, errlen, "el logotipo JPEG está en CMYK; "
		    "guárdelo en RGB");
	out->width = w;
	out->height = h;
	return 0;
}

static int
check_jpeg(const unsigned char *p, size_t len, struct logo *out, char *err,
    size_t errlen)
{
	size_t off = 2;
	int frame = 0;

	for (;;) {
		unsigned marker, seglen;

		/* Fill bytes (0xff) may precede a marker. */
		while (off < len && p[off] == 0xff && off + 1 < len &&
		    p[off + 1] == 0xff)
			off++;
		if (len - off < 4 || p[off] != 0xff)
			return fail(err, errlen, "el logotipo JPEG está "
			    "incompleto o dañado");
		marker = p[off + 1];
		if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			off += 2;
			continue;
		}
		if (marker == 0xd9)
			return fail(err, errlen, "el logotipo JPEG no contiene "
			    "imagen");
		seglen = be16(p + off + 2);
		if (seglen < 2 || seglen > len - off - 2)
			return fail(err, errlen, "el logotipo JPEG está "
			    "incompleto o dañado");
		if (marker == 0xda) {
			if (!frame)
				return fail(err, errlen, "el logotipo JPEG "
				    "está dañado (faltan sus dimensiones)");
			break;
		}
		if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 &&
		    marker != 0xc8 && marker != 0xcc) {
			if (check_sof(marker, p + off + 4, seglen, out, err,
			    errlen) != 0)
				return -1;
			frame = 1;
		}
		off += 2 + seglen;
	}
	out->kind = LOGO_JPEG;
	return 0;
}

int
logo_check(const void *data, size_t len, struct logo *out, char *err,
    size_t errlen)
{
	const unsigned char *p = data;

	memset(out, 0, sizeof(*out));
	if (len > LOGO_MAX_BYTES) {
		snprintf(err, errlen, "el logotipo pesa %zu bytes; el máximo "
		    "es %u", len, LOGO_MAX_BYTES);
		return -1;
	}
	if (len >= 8 && memcmp(p, png_sig, 8) == 0)
		return check_png(p, len, out, err, errlen);
	if (len >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return check_jpeg(p, len, out, err, errlen);
	return fail(err, errlen, "el logotipo no es una imagen PNG ni JPEG");
}

/*
 * Gather the IDAT data and the palette of a checked PNG that a PDF can
 * embed without decoding (see render.c).  The chunk walk was validated by
 * check_png, so lengths stay inside the data here.
 */
static void
png_parts(struct logo *l)
{
	struct buf idat;
	size_t off = 8;

	if (l->kind != LOGO_PNG || l->depth > 8 || l->transparent ||
	    (l->color != 0 && l->color != 2 && l->color != 3))
		return;
	buf_init(&idat);
	while (off + 12 <= l->len) {
		uint32_t clen = be32(l->data + off);
		const unsigned char *type = l->data + off + 4;

		if (memcmp(type, "IDAT", 4) == 0)
			buf_add(&idat, type + 4, clen);
		else if (memcmp(type, "PLTE", 4) == 0 && l->plte == NULL) {
			l->plte = (unsigned char *)xmemdup0(type + 4, clen);
			l->plte_len = clen;
		} else if (memcmp(type, "IEND", 4) == 0)
			break;
		off += 12 + (size_t)clen;
	}
	l->idat_len = idat.len;
	l->idat = (unsigned char *)buf_steal(&idat);
}

int
logo_load(const char *path, struct logo *out, char *err, size_t errlen)
{
	char *data;
	size_t len;
	char why[200];

	memset(out, 0, sizeof(*out));
	if (spool_read(path, LOGO_MAX_BYTES, &data, &len) != 0) {
		if (errno == EFBIG)
			snprintf(err, errlen, "%s: el logotipo pesa más de %u "
			    "bytes", path, LOGO_MAX_BYTES);
		else
			snprintf(err, errlen, "%s: no se puede leer el "
			    "logotipo: %s", path, strerror(errno));
		return -1;
	}
	if (logo_check(data, len, out, why, sizeof(why)) != 0) {
		snprintf(err, errlen, "%s: %s", path, why);
		free(data);
		return -1;
	}
	out->data = (unsigned char *)data;
	out->len = len;
	png_parts(out);
	return 0;
}

void
logo_free(struct logo *l)
{
	free(l->idat);
	free(l->plte);
	free(l->data);
	memset(l, 0, sizeof(*l));
}
