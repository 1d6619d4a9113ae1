/* SPDX-License-Identifier: ISC */
/*
 * effects.h - the effects of the transitions in workflow.c, each written
 * beside the command that causes it.  An effect runs inside the savepoint
 * of its transition, after the guard passed; it returns WF_OK,
 * WF_REFUSED (after tr_error: the savepoint is rolled back) or WF_ERROR.
 * When the event creates the entity (its "nuevo"), the effect inserts the
 * row and sets c->id.  An effect moves no other entity: what follows a
 * transition is its row's cascade (workflow.c).
 */
#ifndef TEQUIO_EFFECTS_H
#define TEQUIO_EFFECTS_H

#include <stdint.h>

#include "handlers/verdict.h"

struct buf;
struct hctx;
struct wf_call;
struct wf_matter;

/* h_alumno.c */
enum wf_verdict fx_alumno_registrar(struct wf_call *c);
enum wf_verdict fx_foto(struct wf_call *c);
enum wf_verdict fx_presentacion_pedir(struct wf_call *c);
enum wf_verdict fx_presentacion_emitir(struct wf_call *c);
enum wf_verdict fx_presentacion_rechazar(struct wf_call *c);

/* h_solicitud.c */
enum wf_verdict fx_solicitud_enviar(struct wf_call *c);
enum wf_verdict fx_aceptar(struct wf_call *c);
enum wf_verdict fx_rechazar(struct wf_call *c);
/* A pending application ends without an answer: withdrawn, expired, or
   the program filled (c->event says which). */
enum wf_verdict fx_solicitud_cerrar(struct wf_call *c);
enum wf_verdict fx_cambio(struct wf_call *c);
/* The program filled: every other pending applicant is told and freed. */
enum wf_verdict fx_programa_cubrir(struct wf_call *c);

/* h_reporte.c */
enum wf_verdict fx_reporte_recibir(struct wf_call *c);
enum wf_verdict fx_reporte_aprobar(struct wf_call *c);
enum wf_verdict fx_reporte_rechazar(struct wf_call *c);
/* 1 when report report_id may be approved: the agency validated it, or
   [calendar] validation_days passed since it arrived; 0 with why; -1. */
int report_validated(struct hctx *ctx, int64_t report_id, struct buf *why);

/* h_dependencia.c */
enum wf_verdict fx_dep_registrar(struct wf_call *c);
enum wf_verdict fx_dep_documentos(struct wf_call *c);
enum wf_verdict fx_convenio_emitir(struct wf_call *c);
enum wf_verdict fx_convenio_rechazar(struct wf_call *c);
enum wf_verdict fx_convenio_pedir_renovacion(struct wf_call *c);

/* h_servicio.c: the end of a service */
enum wf_verdict fx_baja_pedir(struct wf_call *c);
enum wf_verdict fx_baja_emitir(struct wf_call *c);
enum wf_verdict fx_baja_rechazar(struct wf_call *c);
enum wf_verdict fx_liberar(struct wf_call *c);
enum wf_verdict fx_finalizar(struct wf_call *c);
/* LIBERAR or FINALIZAR past max_months: a matter for the coordinator. */
enum wf_verdict fx_excepcion_pedir(struct wf_call *c);
/* The coordinator approved such an exception (matter m): the letter's
   own row fires, guards and all (a refusal undoes the decision). */
enum wf_verdict excepcion_aprobada(struct wf_call *c,
    const struct wf_matter *m);
/* The coordinator refused such an exception (matter m): who asked is
   told.  0, -1. */
int excepcion_rechazada(struct hctx *ctx, const struct wf_matter *m,
    const char *motivo);

/* pause.c: PAUSA and REANUDAR */
enum wf_verdict fx_pausa_pedir(struct wf_call *c);
enum wf_verdict fx_pausa_aprobar(struct wf_call *c);
enum wf_verdict fx_pausa_rechazar(struct wf_call *c);
enum wf_verdict fx_reanudar(struct wf_call *c);
/* The calendar ends each pause whose Hasta: day has come (a transition
   with no mail received).  0, -1. */
int pause_tick(struct hctx *ctx);

/* h_programa.c */
enum wf_verdict fx_programa_publicar(struct wf_call *c);
enum wf_verdict fx_programa_cerrar(struct wf_call *c);
enum wf_verdict fx_programa_editar(struct wf_call *c);
enum wf_verdict fx_programa_aprobar(struct wf_call *c);
enum wf_verdict fx_programa_proponer_cambios(struct wf_call *c);
enum wf_verdict fx_edicion_aprobar(struct wf_call *c);
enum wf_verdict fx_edicion_rechazar(struct wf_call *c);
enum wf_verdict fx_programa_rechazar(struct wf_call *c);

/* h_informes.c */
enum wf_verdict fx_peticion_enviar(struct wf_call *c);
enum wf_verdict fx_peticion_atender(struct wf_call *c);

/* matters.c: c->data is the struct matter_new of matter_open */
enum wf_verdict fx_asunto_abrir(struct wf_call *c);

/* h_coordinador.c */
enum wf_verdict fx_asunto_decidir(struct wf_call *c);

#endif
