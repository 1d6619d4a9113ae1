/* SPDX-License-Identifier: ISC */
/*
 * notice.h - mail to people other than the sender (struct notice is in
 * hutil.h, where privacy.h can see it without including this).
 */
#ifndef TEQUIO_NOTICE_H
#define TEQUIO_NOTICE_H

#include <stdint.h>

struct hctx;
struct notice;
struct reply_att;
struct vars;

/*
 * Queue a notice inside the open transaction: Reply-To, Subject tag and
 * Message-ID carry a reply token for (to, tok_kind, tok_id).  Returns 0, -1
 * on a database error.  A recipient compose refuses is logged and skipped.
 */
int notice_send(struct hctx *ctx, const struct notice *n);
/* The same notice to every coordinator. */
int notice_coordinators(struct hctx *ctx, struct notice *n);

/*
 * A notice to an account (student or agency), about that account unless
 * n->tok_kind says otherwise: n->to and n->to_name are filled from it.
 */
int notice_account(struct hctx *ctx, int64_t account_id, struct notice *n);
/* A notice with v and one PDF (or none) to an account, or with account 0
   to every coordinator. */
int notice_to(struct hctx *ctx, int64_t account, struct vars *v,
    const char *subject, const struct reply_att *pdf);

#endif
