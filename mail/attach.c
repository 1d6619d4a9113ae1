/* SPDX-License-Identifier: ISC */
/*
 * attach.c - every file a person sent, even those inside other files
 * (see attach.h).
 *
 * Mail clients wrap files: Outlook sends "winmail.dat" (TNEF) with the
 * real attachments inside; a forward as attachment carries its files in
 * the embedded message; an iPhone sends its photos as HEIC, which nobody
 * else reads.  A document we do not see is a document we tell the person
 * they never sent, so here the wrappers are opened (libytnef, our own MIME
 * parser), HEIC/HEIF is converted to JPEG (libheif, libjpeg), and files
 * over the size limit are remembered with their size so the reply can
 * name them.  Everything stays bounded by the same limits as the outer
 * message: the number of attachments, the bytes of each, and a nesting
 * depth of forwards.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <magic.h>
#include <jpeglib.h>
#include <ytnef.h>
#include <mapi.h>
#include <mapidefs.h>

#include "mail/attach.h"
#include "mail/heiflib.h"
#include "common/log.h"
#include "common/util.h"
#include "mail/mimehdr.h"

#define MAX_FORWARD_DEPTH	3	/* forwards inside forwards */
#define MAX_HEIC_PIXELS	(50u * 1000 * 1000)	/* decoded RGB ~150 MB */
#define JPEG_QUALITY	88

static _Thread_local int forward_depth;

void
attach_note_oversize(struct message *m, const char *name, size_t len)
{
	m->oversize = xreallocarray(m->oversize, m->n_oversize + 1,
	    sizeof(*m->oversize));
	m->oversize[m->n_oversize].filename = xstrdup(name);
	m->oversize[m->n_oversize].len = len;
	m->n_oversize++;
}

void
attach_free(struct message *m)
{
	for (size_t i = 0; i < m->n_oversize; i++)
		free(m->oversize[i].filename);
	free(m->oversize);
	m->oversize = NULL;
	m->n_oversize = 0;
}

static int
room_for(struct message *m, const struct parse_limits *lim, const char *name,
    size_t len)
{
	if (lim != NULL && lim->max_attachments > 0 &&
	    m->n_att >= lim->max_attachments) {
		m->too_many_attachments = 1;
		return 0;
	}
	if (lim != NULL && lim->max_attachment_bytes > 0 &&
	    len > lim->max_attachment_bytes) {
		if (m->oversize_attachment[0] == '\0') {
			free(m->oversize_attachment);
			m->oversize_attachment = xstrdup(name);
		}
		attach_note_oversize(m, name, len);
		return 0;
	}
	return 1;
}

static char *
magic_of(void *cookie, const void *data, size_t len)
{
	const char *t = NULL;
	char *res;

	if (cookie != NULL)
		t = magic_buffer((magic_t)cookie, data, len < 1048576 ? len :
		    1048576);
	res = xstrdup(t != NULL ? t : "application/octet-stream");
	res[strcspn(res, "; ")] = '\0';
	return ascii_lower_inplace(res);
}

/* Append a file found inside attachment number parent (data is taken). */
static void
append(struct message *m, const struct parse_limits *lim, void *magic,
    size_t parent, const char *name, unsigned char *data, size_t len,
    const char *declared)
{
	struct attachment *a;
	char *origin;

	if (!room_for(m, lim, name, len)) {
		free(data);
		return;
	}
	origin = xstrdup(m->att[parent].filename);
	m->att = xreallocarray(m->att, m->n_att + 1, sizeof(*m->att));
	a = &m->att[m->n_att++];
	memset(a, 0, sizeof(*a));
	a->filename = xstrdup(name);
	a->declared_type = xstrdup(declared);
	a->magic_type = magic_of(magic, data, len);
	a->data = data;
	a->len = len;
	a->origin = origin;
	a->converted_from = xstrdup("");
}

/* ---- winmail.dat ---- */

static int
is_tnef(const struct attachment *a)
{
	static const unsigned char sig[4] = {0x78, 0x9f, 0x3e, 0x22};

	if (a->len < sizeof(sig) || memcmp(a->data, sig, sizeof(sig)) != 0)
		return 0;
	return strcmp(a->magic_type, "application/vnd.ms-tnef") == 0 ||
	    strcmp(a->declared_type, "application/ms-tnef") == 0 ||
	    strcmp(a->declared_type, "application/vnd.ms-tnef") == 0;
}

/* The attachment's name: the long file name, else its 8.3 title. */
static char *
tnef_name(Attachment *t, size_t index)
{
	variableLength *v = MAPIFindProperty(&t->MAPI,
	    PROP_TAG(PT_STRING8, PR_ATTACH_LONG_FILENAME));
	char *raw, *name;

	if (v != MAPI_UNDEFINED && v != NULL && v->size > 0)
		raw = xstrndup((const char *)v->data, (size_t)v->size);
	else if (t->Title.size > 0)
		raw = xstrndup((const char *)t->Title.data,
		    (size_t)t->Title.size);
	else
		return xasprintf("adjunto-de-winmail-%zu", index);
	/* TNEF names are in the sender's ANSI code page */
	name = mime_utf8_repair(raw, strlen(raw));
	free(raw);
	return name;
}

/*
 * TNEF records: signature (4), key (2), then each record is a level
 * byte, a 32-bit id, a 32-bit length, the data and a 16-bit checksum.
 * Debian's libytnef 2.0 refuses whole files whose message-level MAPI
 * block holds multi-valued strings ("invalid alloc size ... exceeded 100
 * bytes", measured on Outlook 2016 rich-text mail in the shared corpus),
 * although the attachments after it are intact: this walk reads only the
 * attachment records (title, data) and is used when libytnef gives up.
 */
#define TNEF_ATT_RENDDATA	0x00069002u
#define TNEF_ATT_TITLE		0x00018010u
#define TNEF_ATT_DATA		0x0006800fu

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
tnef_walk(struct message *m, const struct parse_limits *lim, void *magic,
    size_t i)
{
	const unsigned char *d = m->att[i].data, *title = NULL, *data = NULL;
	size_t len = m->att[i].len, off = 6, tlen = 0, dlen = 0, k = 0;

	for (;;) {
		uint32_t id = 0, n = 0;
		int end = off + 9 > len;

		if (!end) {
			id = le32(d + off + 1);
			n = le32(d + off + 5);
			end = n > len - off - 9 || len - off - 9 - n < 2;
		}
		/* a new attachment, or the end: the last one is complete */
		if ((end || id == TNEF_ATT_RENDDATA) && data != NULL) {
			char *name = title != NULL && tlen > 0 ?
			    mime_utf8_repair((const char *)title,
			    strnlen((const char *)title, tlen)) :
			    xasprintf("adjunto-de-winmail-%zu", k + 1);

			append(m, lim, magic, i, name, (unsigned char *)
			    xmemdup0(data, dlen), dlen,
			    "application/octet-stream");
			free(name);
			k++;
			title = data = NULL;
		}
		if (end)
			break;
		if (id == TNEF_ATT_TITLE) {
			title = d + off + 9;
			tlen = n;
		} else if (id == TNEF_ATT_DATA) {
			data = d + off + 9;
			dlen = n;
		}
		off += 9 + (size_t)n + 2;
	}
	m->att[i].container = 1;
}

static void
open_tnef(struct message *m, const struct parse_limits *lim, void *magic,
    size_t i)
{
	TNEFStruct tnef;
	size_t k = 0;

	memset(&tnef, 0, sizeof(tnef));
	TNEFInitialize(&tnef);
	tnef.Debug = 0;		/* else it prints to stdout */
	if (TNEFParseMemory(m->att[i].data, (long)m->att[i].len, &tnef) != 0) {
		log_info("winmail.dat %s: libytnef refused it; reading its "
		    "attachment records", m->att[i].filename);
		TNEFFree(&tnef);
		tnef_walk(m, lim, magic, i);
		return;
	}
	m->att[i].container = 1;
	for (Attachment *t = tnef.starting_attach.next; t != NULL;
	    t = t->next) {
		char *name;

		if (t->FileData.size <= 0 || t->FileData.data == NULL)
			continue;
		name = tnef_name(t, ++k);
		append(m, lim, magic, i, name, (unsigned char *)xmemdup0(
		    t->FileData.data, (size_t)t->FileData.size),
		    (size_t)t->FileData.size, "application/octet-stream");
		free(name);
	}
	TNEFFree(&tnef);
}

/* ---- a forwarded message ---- */

static int
is_forward(const struct attachment *a)
{
	return strcmp(a->declared_type, "message/rfc822") == 0;
}

static void
open_forward(struct message *m, const struct parse_limits *lim, void *magic,
    size_t i)
{
	struct message *inner;

	if (forward_depth >= MAX_FORWARD_DEPTH)
		return;
	forward_depth++;
	inner = message_parse((const char *)m->att[i].data, m->att[i].len,
	    lim, magic);
	forward_depth--;
	m->att[i].container = 1;
	for (size_t k = 0; k < inner->n_att; k++) {
		struct attachment *f = &inner->att[k];

		if (f->container || (f->inline_part &&
		    !ascii_has_prefix_case(f->magic_type, "image/")))
			continue;
		append(m, lim, magic, i, f->filename, f->data, f->len,
		    f->declared_type);
		f->data = NULL;
	}
	message_free(inner);
}

/* ---- HEIC/HEIF to JPEG ---- */

static int
is_heic(const struct attachment *a)
{
	return strcmp(a->magic_type, "image/heic") == 0 ||
	    strcmp(a->magic_type, "image/heif") == 0 ||
	    strcmp(a->magic_type, "image/heic-sequence") == 0 ||
	    strcmp(a->magic_type, "image/heif-sequence") == 0;
}

static int
jpeg_encode(const uint8_t *rgb, int stride, int w, int h,
    unsigned char **out, size_t *outlen)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr err;
	unsigned long len = 0;

	*out = NULL;
	c.err = jpeg_std_error(&err);
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, out, &len);
	c.image_width = (JDIMENSION)w;
	c.image_height = (JDIMENSION)h;
	c.input_components = 3;
	c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, JPEG_QUALITY, TRUE);
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < c.image_height) {
		JSAMPROW row = (JSAMPROW)(rgb + (size_t)c.next_scanline *
		    (size_t)stride);

		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	*outlen = len;
	return *out != NULL && len > 0 ? 0 : -1;
}

/* The HEIC bytes as a new JPEG, or -1 (the file stays as it came). */
static int
heic_to_jpeg(const unsigned char *data, size_t len, unsigned char **out,
    size_t *outlen)
{
	const struct heiflib *hl = heiflib_get();
	struct heif_context *ctx;
	struct heif_image_handle *h = NULL;
	struct heif_image *img = NULL;
	struct heif_error e;
	const uint8_t *plane;
	int stride, w, hgt, rc = -1;

	if (hl == NULL || (ctx = hl->context_alloc()) == NULL)
		return -1;
	e = hl->context_read_from_memory_without_copy(ctx, data, len, NULL);
	if (e.code != heif_error_Ok)
		goto out;
	e = hl->context_get_primary_image_handle(ctx, &h);
	if (e.code != heif_error_Ok)
		goto out;
	w = hl->image_handle_get_width(h);
	hgt = hl->image_handle_get_height(h);
	if (w <= 0 || hgt <= 0 || (size_t)w * (size_t)hgt > MAX_HEIC_PIXELS)
		goto out;
	e = hl->decode_image(h, &img, heif_colorspace_RGB,
	    heif_chroma_interleaved_RGB, NULL);
	if (e.code != heif_error_Ok)
		goto out;
	plane = hl->image_get_plane_readonly(img, heif_channel_interleaved,
	    &stride);
	if (plane == NULL)
		goto out;
	rc = jpeg_encode(plane, stride, hl->image_get_width(img,
	    heif_channel_interleaved), hl->image_get_height(img,
	    heif_channel_interleaved), out, outlen);
out:
	if (img != NULL)
		hl->image_release(img);
	if (h != NULL)
		hl->image_handle_release(h);
	hl->context_free(ctx);
	return rc;
}

/* "IMG_0042.HEIC" -> "IMG_0042.jpg" */
static char *
jpeg_name(const char *name)
{
	const char *dot = strrchr(name, '.');
	size_t n = dot != NULL ? (size_t)(dot - name) : strlen(name);
	char *base = xstrndup(name, n), *res = xasprintf("%s.jpg", base);

	free(base);
	return res;
}

static void
convert_heic(struct attachment *a)
{
	unsigned char *jpg;
	size_t len;

	if (heic_to_jpeg(a->data, a->len, &jpg, &len) != 0) {
		log_info("%s: HEIC photo could not be decoded", a->filename);
		return;
	}
	free(a->data);
	a->data = (unsigned char *)xmemdup0(jpg, len);
	a->len = len;
	free(jpg);		/* jpeg_mem_dest's buffer is malloc'd */
	free(a->magic_type);
	a->magic_type = xstrdup("image/jpeg");
	free(a->converted_from);
	a->converted_from = xstrdup("HEIC");
	{
		char *n = jpeg_name(a->filename);

		free(a->filename);
		a->filename = n;
	}
}

void
attach_discover(struct message *m, const struct parse_limits *lim,
    void *magic)
{
	size_t n0 = m->n_att;

	for (size_t i = 0; i < m->n_att; i++) {
		if (m->att[i].origin == NULL)
			m->att[i].origin = xstrdup("");
		if (m->att[i].converted_from == NULL)
			m->att[i].converted_from = xstrdup("");
	}
	/* only the files the sender attached are opened: what they hold
	   is appended after them and opened no further */
	for (size_t i = 0; i < n0; i++) {
		if (is_tnef(&m->att[i]))
			open_tnef(m, lim, magic, i);
		else if (is_forward(&m->att[i]))
			open_forward(m, lim, magic, i);
	}
	for (size_t i = 0; i < m->n_att; i++)
		if (is_heic(&m->att[i]))
			convert_heic(&m->att[i]);
}
