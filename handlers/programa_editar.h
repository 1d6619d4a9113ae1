/* SPDX-License-Identifier: ISC */
/*
 * programa_editar.h - an agency's PROGRAMA <clave> with fields: the edit
 * of one of its programs (h_programa_editar.c), reached from h_programa
 * when the Subject names a key.
 */
#ifndef TEQUIO_PROGRAMA_EDITAR_H
#define TEQUIO_PROGRAMA_EDITAR_H

#include <stdint.h>

#include "handlers/handlers.h"

/* Edit program id of the sender's agency with the fields and documents
   of ctx->msg; every refusal is said.  0, -1. */
int programa_editar(struct hctx *ctx, int64_t id);

#endif
