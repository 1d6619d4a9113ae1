/* SPDX-License-Identifier: ISC */
/*
 * compose.h - building outgoing messages.
 *
 * No text given here reaches a header unchecked: addresses are validated
 * (no CR, LF, NUL, no spaces or brackets) and refused otherwise, names and
 * subjects are RFC 2047-encoded when not plain ASCII and have control
 * characters removed, attachment names are RFC 2231-encoded.  Bodies are
 * UTF-8 text/plain, quoted-printable; attachments base64.
 */
#ifndef TEQUIO_COMPOSE_H
#define TEQUIO_COMPOSE_H

#include <stddef.h>
#include <stdint.h>

#include "common/util.h"
#include "config/config.h"

struct out_attachment {
	const char *filename;	/* UTF-8 */
	const char *content_type;	/* e.g. application/pdf */
	const unsigned char *data;
	size_t len;
};

struct outmail {
	const char *to;		/* addr-spec */
	const char *to_name;	/* UTF-8 display name or NULL */
	const char *reply_to;	/* addr-spec or NULL (then From) */
	const char *subject;	/* UTF-8 */
	const char *body;	/* UTF-8 text */
	const char *in_reply_to;	/* msg-id without <> or NULL */
	const char *const *references;	/* msg-ids without <>, or NULL */
	size_t n_references;
	const struct out_attachment *att;
	size_t n_att;
	const char *message_id;	/* without <>; NULL: one is generated */
	int auto_reply;		/* 1: Auto-Submitted: auto-replied,
				   0: auto-generated (notices to others) */
	int64_t date;		/* seconds; 0 means now */
};

/*
 * Compose into out (appended).  *msgid_out (if not NULL) receives the
 * Message-ID used, without <>; the caller frees it.  Returns 0, or -1 when
 * an address or header value is refused (err says which).
 */
int compose_mail(const struct config *cfg, const struct outmail *m,
    struct buf *out, char **msgid_out, char *err, size_t errlen);

/* A new unique Message-ID for our domain, without <>; caller frees. */
char *compose_message_id(const struct config *cfg, const char *tag);

#endif
