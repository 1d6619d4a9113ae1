/* SPDX-License-Identifier: ISC */
/*
 * intent.h - a reply to our mail read with what we know of its sender
 * (intent.c).
 */
#ifndef TEQUIO_INTENT_H
#define TEQUIO_INTENT_H

#include "handlers/handlers.h"

/*
 * When ctx->cl means another command for this sender (a yes word of the
 * other role; files attached to a reply to a refusal or to a "faltan
 * documentos" notice), fill *out with a copy of ctx->cl that says so
 * (args, when set, points into the caller's args buffer; code points to
 * a constant) and return 1.  0: ctx->cl stands; -1: database error.
 */
int intent_resolve(struct hctx *ctx, struct command_line *out, char args[16]);

/*
 * True when the message answers one of our mails: a reply token, our
 * "[SS:...]" tag in its Subject, or In-Reply-To one of our Message-IDs.
 */
int intent_replies_to_us(const struct hctx *ctx);

/* The reply to a message that can be read two ways: the question. */
int h_pregunta(struct hctx *ctx);

#endif
