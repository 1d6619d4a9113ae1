/* SPDX-License-Identifier: ISC */
/*
 * h_verificar.h - VERIFICAR <folio> [código]: anyone may ask whether a
 * letter is genuine (handlers/h_verificar.c, owned by the letters module).
 */
#ifndef TEQUIO_H_VERIFICAR_H
#define TEQUIO_H_VERIFICAR_H

#include "handlers/handlers.h"

/*
 * Answer in ctx->reply.body, from the template reply_verificar: whether
 * the folio is ours and intact, the kind of document, whom it names and
 * when it was issued; with a code in the Subject, whether it matches; with
 * a PDF attached, whether the file is byte-identical to the one issued.
 * Changes nothing.  Returns 0, -1 on a database error.
 */
int h_verificar(struct hctx *ctx);

#endif
