/* SPDX-License-Identifier: ISC */
/*
 * privacy.h - personal data as the 2025 laws ask (issue 12): the aviso
 * de privacidad that travels with the first reply to every new person.
 */
#ifndef TEQUIO_PRIVACY_H
#define TEQUIO_PRIVACY_H

#include "handlers/handlers.h"

/*
 * After the limits had their say (caps_apply_reply): when the reply goes
 * out and its recipient never got the aviso de privacidad, append the
 * simplified aviso (template reply_privacidad_simplificado) and record
 * that it was shown; an account of the sender notes the date.  Returns 0,
 * -1 on a database error.
 */
int privacy_first_contact(struct hctx *ctx);

struct notice;
struct out_attachment;

/*
 * The attachments of notice n that may go to n->to, into out (*n_out of
 * them; out has room for all): an identity document goes only to a
 * coordinator address in the institution's own domain, and never with
 * [privacy] mail_identity_documents = no; each one held back is listed
 * in body with its hash and how to ask for it (DOCUMENTO <id>).  Every
 * stored document that goes is written to the access log.  0, -1.
 */
int privacy_notice_attachments(struct hctx *ctx, const struct notice *n,
    struct out_attachment *out, size_t *n_out, struct buf *body);

/* Record one disclosure to recipient about account_id (access log). */
int privacy_disclosed(struct hctx *ctx, const char *recipient,
    int64_t account_id, const char *what);

#endif
