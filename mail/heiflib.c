/* SPDX-License-Identifier: ISC */
/*
 * heiflib.c - libheif opened on first use (see heiflib.h).  The soname
 * is the one the headers were built against (Debian 12: libheif.so.1,
 * package libheif1, a dependency of the .deb).
 */
#include "mail/heiflib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

#include "common/log.h"

#define HEIF_SONAME	"libheif.so.1"

static struct heiflib lib;
static const struct heiflib *loaded;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Look up "heif_" name into *slot; 0 or -1. */
static int
sym(void *h, const char *name, void *slot)
{
	void *p = dlsym(h, name);

	if (p == NULL) {
		log_err("%s: no %s: HEIC photos stay as they came",
		    HEIF_SONAME, name);
		return -1;
	}
	/* POSIX: a function pointer may be stored through a void *. */
	*(void **)slot = p;
	return 0;
}

static void
load(void)
{
	void *h = dlopen(HEIF_SONAME, RTLD_NOW | RTLD_LOCAL);

	if (h == NULL) {
		log_err("cannot load %s: %s: HEIC photos stay as they came",
		    HEIF_SONAME, dlerror());
		return;
	}
	if (sym(h, "heif_context_alloc", &lib.context_alloc) != 0 ||
	    sym(h, "heif_context_free", &lib.context_free) != 0 ||
	    sym(h, "heif_context_read_from_memory_without_copy",
	    &lib.context_read_from_memory_without_copy) != 0 ||
	    sym(h, "heif_context_get_primary_image_handle",
	    &lib.context_get_primary_image_handle) != 0 ||
	    sym(h, "heif_image_handle_get_width",
	    &lib.image_handle_get_width) != 0 ||
	    sym(h, "heif_image_handle_get_height",
	    &lib.image_handle_get_height) != 0 ||
	    sym(h, "heif_decode_image", &lib.decode_image) != 0 ||
	    sym(h, "heif_image_get_plane_readonly",
	    &lib.image_get_plane_readonly) != 0 ||
	    sym(h, "heif_image_get_width", &lib.image_get_width) != 0 ||
	    sym(h, "heif_image_get_height", &lib.image_get_height) != 0 ||
	    sym(h, "heif_image_release", &lib.image_release) != 0 ||
	    sym(h, "heif_image_handle_release",
	    &lib.image_handle_release) != 0) {
		dlclose(h);
		return;
	}
	/* Never closed: the library stays for the life of the process. */
	loaded = &lib;
}

const struct heiflib *
heiflib_get(void)
{
	pthread_once(&once, load);
	return loaded;
}
