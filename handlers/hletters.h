/* SPDX-License-Identifier: ISC */
/*
 * hletters.h - the facts a letter prints (letters/schema.c names them) and
 * issuing a letter as an attachment.
 */
#ifndef TEQUIO_HLETTERS_H
#define TEQUIO_HLETTERS_H

#include <stdint.h>

#include "handlers/handlers.h"
#include "store/store_workflow.h"

/* alumno.* of a student account; 0, -1 on error. */
int vars_alumno(struct hctx *ctx, struct vars *v, int64_t student_id);
/* dependencia.* of an agency account. */
int vars_dependencia(struct hctx *ctx, struct vars *v, int64_t agency_id);
/* programa.* and actividades[] of a program. */
int vars_programa(struct hctx *ctx, struct vars *v, int64_t program_id);
/* All three and servicio.* for an application. */
int vars_servicio(struct hctx *ctx, struct vars *v,
    const struct wf_application *a);

/* evaluaciones[] (the agency's grade of each report of application a)
   and evaluacion.calificacion (its final grade, when given). */
int vars_evaluacion(struct hctx *ctx, struct vars *v,
    const struct wf_application *a);
/* The grade of the last report of application a the agency graded, new
   string ("" when none). */
int last_report_grade(struct hctx *ctx, int64_t app_id, char **grade);

/*
 * Issue letter_id (letters_issue) for recipient, with the agency's logo
 * when agency_id is not 0 and it sent one, into a new attachment named
 * "<letter>-<folio>.pdf".  *folio (may be NULL) receives the folio.
 * Returns 0, -1 on error.
 */
int letter_make(struct hctx *ctx, const char *letter_id, const struct vars *v,
    const char *recipient, int64_t agency_id, struct reply_att *out,
    char **folio);

#endif
