/* SPDX-License-Identifier: ISC */
/*
 * util.h - memory, growable buffers and small string helpers shared by every
 * part of tequio.
 *
 * Allocation failure is not an error the daemon can recover from in any
 * useful way, so the x* family aborts with a message instead of returning
 * NULL: callers never check for it.  Everything else returns a status.
 */
#ifndef TEQUIO_UTIL_H
#define TEQUIO_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* xreallocarray: realloc with an overflow check on nmemb * size. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Memory copy that always NUL-terminates; the result owns n + 1 bytes. */
char *xmemdup0(const void *p, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A growable byte buffer.  data is always NUL-terminated (so text built in
 * it can be used as a C string) and len excludes that NUL.  The buffer owns
 * data; buf_free releases it, buf_steal hands it to the caller.
 */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
void buf_grow(struct buf *b, size_t extra);
/* An empty, terminated buffer with room for hint bytes. */
void buf_sized(struct buf *b, size_t hint);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Returns the data (never NULL) and leaves b empty and reusable. */
char *buf_steal(struct buf *b);

/* ASCII-only case-insensitive helpers: mail syntax is ASCII. */
int ascii_casecmp(const char *a, const char *b);
int ascii_ncasecmp(const char *a, const char *b, size_t n);
int ascii_has_prefix_case(const char *s, const char *prefix);
char *ascii_lower_inplace(char *s);
char *ascii_upper_inplace(char *s);

/* Trim ASCII white space in place; returns s. */
char *str_trim(char *s);
/* Where s without white space around it starts; *n: its length. */
const char *str_trim_span(const char *s, size_t *n);

/* Bounded copy that always terminates; returns strlen(src) like strlcpy. */
size_t str_lcpy(char *dst, const char *src, size_t size);

/*
 * Fold a UTF-8 string for comparisons people make without thinking about
 * accents or case: lower-case ASCII, and the Spanish accented letters
 * (á é í ó ú ü ñ and capitals) reduced to their base letter.  Other bytes
 * pass through.  Returns a new string.
 */
char *fold_spanish(const char *utf8);
/*
 * fold_spanish of ASCII text, or of text whose other characters are
 * Spanish letters and the marks ¡ ¿ (valid UTF-8 then); NULL for any
 * other text, which the caller looks at further.
 */
char *fold_spanish_common(const char *s);

/* Append code point cp as UTF-8. */
void buf_add_utf8(struct buf *b, uint32_t cp);
/* The Unicode code point of Windows-1252 byte c (U+FFFD where 1252 has
   none): what Excel and old mailers write when they do not write UTF-8. */
uint32_t cp1252_unicode(unsigned char c);

/* True when s is valid UTF-8 of length n. */
int utf8_valid(const char *s, size_t n);

/* The value of hex digit c (either case), -1 when it is none. */
int hex_digit_value(int c);
/* Length of the valid UTF-8 sequence at p (at most avail > 0 bytes), or 0. */
size_t utf8_seq(const unsigned char *p, size_t avail);

/* Hex encode n bytes into a new string of 2n chars. */
char *hex_encode(const unsigned char *p, size_t n);

/* Current wall-clock time in seconds; tests may pin it via TEQUIO_NOW. */
int64_t now_seconds(void);

/* Milliseconds of a clock that never jumps: for timeouts, not dates. */
int64_t monotonic_ms(void);

/* Read a whole file (bounded by max bytes); 0 on success, -1 with errno. */
int read_file(const char *path, size_t max, char **out, size_t *outlen);

#endif
