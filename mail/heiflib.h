/* SPDX-License-Identifier: ISC */
/*
 * heiflib.h - libheif, loaded the first time a HEIC photo arrives.
 *
 * libheif brings libstdc++, x265, libde265, aom and dav1d with it: 3.2 MB
 * of the daemon's resident memory (issue 15) for a conversion a few
 * messages a day need.  Linked normally they are loaded and relocated at
 * start; opened here with dlopen, only when needed.
 */
#ifndef TEQUIO_HEIFLIB_H
#define TEQUIO_HEIFLIB_H

#include <libheif/heif.h>

/* The functions attach.c calls, under their own names. */
struct heiflib {
	struct heif_context *(*context_alloc)(void);
	void (*context_free)(struct heif_context *);
	struct heif_error (*context_read_from_memory_without_copy)(
	    struct heif_context *, const void *, size_t,
	    const struct heif_reading_options *);
	struct heif_error (*context_get_primary_image_handle)(
	    struct heif_context *, struct heif_image_handle **);
	int (*image_handle_get_width)(const struct heif_image_handle *);
	int (*image_handle_get_height)(const struct heif_image_handle *);
	struct heif_error (*decode_image)(const struct heif_image_handle *,
	    struct heif_image **, enum heif_colorspace, enum heif_chroma,
	    const struct heif_decoding_options *);
	const uint8_t *(*image_get_plane_readonly)(const struct heif_image *,
	    enum heif_channel, int *);
	int (*image_get_width)(const struct heif_image *, enum heif_channel);
	int (*image_get_height)(const struct heif_image *, enum heif_channel);
	void (*image_release)(const struct heif_image *);
	void (*image_handle_release)(const struct heif_image_handle *);
};

/* The library, loaded once (thread-safe); NULL when it cannot be
   (logged once). */
const struct heiflib *heiflib_get(void);

#endif
