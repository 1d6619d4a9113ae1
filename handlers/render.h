/* SPDX-License-Identifier: ISC */
/*
 * render.h - the transcript of a reply (hutil.h) made into its text.
 */
#ifndef TEQUIO_RENDER_H
#define TEQUIO_RENDER_H

struct hctx;

/*
 * Render the transcript with the template (NULL: reply_transcripcion)
 * into ctx->reply.body.  Falls back to a plain layout when the letters
 * engine has no such template.
 */
void tr_render(struct hctx *ctx, const char *tpl);

#endif
