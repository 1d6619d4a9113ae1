/* SPDX-License-Identifier: ISC */
/*
 * mimehdr.h - the text-level pieces of reading mail that libetpan does not
 * do, or does not do robustly enough for mail from the wild: charset
 * conversion with fallbacks, RFC 2047 encoded words, RFC 2231 parameters,
 * file-name sanitising, address and msg-id lists, and splitting the
 * top-level header block.
 *
 * Every function here returns valid UTF-8 and never fails on bad input:
 * what cannot be decoded is passed through (read as windows-1252 when it
 * is not UTF-8).  Returned strings are new and owned by the caller.
 */
#ifndef TEQUIO_MIMEHDR_H
#define TEQUIO_MIMEHDR_H

#include <stddef.h>

#include "mail/message.h"

/*
 * Bytes in charset to UTF-8.  An unknown or missing charset, or bytes
 * that do not fit the declared one, fall back to UTF-8 if they are valid
 * UTF-8 and to windows-1252 otherwise.
 */
char *mime_to_utf8(const char *charset, const char *s, size_t len);

/* s as UTF-8, each invalid byte read as windows-1252. */
char *mime_utf8_repair(const char *s, size_t len);

/* Decode RFC 2047 encoded words in an unfolded header value. */
char *mime_decode_words(const char *value);

/* One MIME parameter as libetpan hands it over (value may be quoted). */
struct mime_param {
	const char *name;
	const char *value;
};

/*
 * The value of parameter name among params, joining RFC 2231 forms
 * (name*=cs'lang'%XX, name*0*= / name*1= continuations) and decoding
 * RFC 2047 words in a plain name="..." value.  NULL when absent.
 */
char *mime_param_get(const struct mime_param *params, size_t n,
    const char *name);

/*
 * A file name safe to show and store: no directory part ("../", "C:\",
 * "php://"), no control characters or direction overrides, bounded
 * length; "adjunto" when nothing is left.
 */
char *mime_safe_filename(const char *name);

/* An address from an address-list header: addr-spec in lower case. */
struct mime_addr {
	char *addr;
	char *name;		/* decoded display name, "" if none */
};

/* Parse an address-list or mailbox-list header value; returns the count. */
size_t mime_addr_list(const char *value, struct mime_addr **out);
void mime_addr_list_free(struct mime_addr *a, size_t n);

/* The msg-ids in a Message-ID/In-Reply-To/References value, without <>. */
size_t mime_msgid_list(const char *value, char ***out);

/*
 * Split the header block at the start of buf: unfolded name/value pairs
 * (values made valid UTF-8, not decoded), and the offset where the body
 * starts.  A leading mbox "From " line is skipped.  Returns -1 when buf
 * does not start with a header field at all (then *n is 0 and *body_off
 * is where the text starts).
 */
int mime_split_headers(const char *buf, size_t len, struct header **out,
    size_t *n, size_t *body_off);

#endif
