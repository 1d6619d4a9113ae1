/* SPDX-License-Identifier: ISC */
/*
 * matters.h - what waits for a coordinator's decision, and its code.
 *
 * A matter is a convenio, a request for carta de presentación, an activity
 * report or a baja.  Opening one mails every coordinator a notice with the
 * approval code (tokens.h) and a reply token, so the coordinator may answer
 * with a plain reply ("APROBAR" / "RECHAZAR motivo") or write APROBAR
 * <código> from scratch.  The code dies with the decision (single use) or
 * at its expiry, after which PENDIENTES shows a fresh one.
 */
#ifndef TEQUIO_MATTERS_H
#define TEQUIO_MATTERS_H

#include <stdint.h>

#include "handlers/handlers.h"
#include "handlers/tokens.h"
#include "store/store_workflow.h"

/* The kinds of matter, MATTER_CONVENIO and the others, are words of the
   database: store_workflow.h. */

/*
 * Open a matter about entity_id and tell the coordinators.  v holds the
 * notice's details (estado.descripcion, documentos...; the code and the
 * next step are added); att are attached to the notice.  Returns 0 with
 * *id and code set, -1 on error.
 */
int matter_open(struct hctx *ctx, const char *kind, int64_t entity_id,
    struct vars *v, const struct reply_att *att, size_t n_att, int64_t *id,
    char code[CODE_LEN + 1]);

/* The code of matter m as it stands. */
void matter_code(const struct hctx *ctx, const struct wf_matter *m,
    char code[CODE_LEN + 1]);

/* Give m a new code and expiry (its old code dies). */
int matter_renew(struct hctx *ctx, struct wf_matter *m,
    char code[CODE_LEN + 1]);

/* The code of m to show now: its own, or a renewed one if it expired. */
int matter_live_code(struct hctx *ctx, struct wf_matter *m,
    char code[CODE_LEN + 1]);

/*
 * Decide m (approve, or reject with motivo) through the workflow table,
 * as APROBAR / RECHAZAR by mail does once the matter is found; the
 * console (tequioctl decide) calls it too.  WF_OK, WF_REFUSED (the
 * transcript says why), WF_ERROR.
 */
int matter_decide(struct hctx *ctx, const struct wf_matter *m, int approve,
    const char *motivo);

/* "Convenio de <dependencia> (RFC ...)" and the like, into out. */
int matter_describe(struct hctx *ctx, const struct wf_matter *m,
    struct buf *out);

/* h_matricula.c: a REGISTRO of a matrícula held by another account
   becomes a matter (1 opened and explained, 0 no holder, -1); the
   matter's description; the decision's effect (0, -1). */
int matricula_disputa(struct hctx *ctx, const char *matricula,
    const char *nombre);
int matricula_describe(struct hctx *ctx, const struct wf_matter *m,
    struct buf *out);
int matricula_decidir(struct hctx *ctx, const struct wf_matter *m,
    int approve);

/* h_arco.c: an ARCO request's description (with its legal deadline) and
   the coordinator's answer to it.  0, -1. */
int arco_describe(struct hctx *ctx, const struct wf_matter *m,
    struct buf *out);
int arco_decidir(struct hctx *ctx, const struct wf_matter *m, int approve);
/* "rectificación" for "rectificacion", and so on. */
const char *arco_kind_text(const char *kind);

/* A LIBERAR or FINALIZAR past max_months (MATTER_EXCEPCION_*). */
int matter_is_exception(const char *kind);

#endif
