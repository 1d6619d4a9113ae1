/* SPDX-License-Identifier: ISC */
/*
 * effects.h - the effects of the transitions in workflow.c, each written
 * beside the command that causes it.  An effect runs inside the savepoint
 * of its transition, after the guard passed; it returns 0, 1 when it
 * refused (after tr_error: the savepoint is rolled back), or -1 on error.
 * When the event creates the entity (state "nuevo"), the effect inserts
 * the row and sets c->id.
 */
#ifndef TEQUIO_EFFECTS_H
#define TEQUIO_EFFECTS_H

#include <stdint.h>

struct buf;
struct hctx;
struct wf_call;
struct wf_matter;

/* h_alumno.c */
int fx_alumno_registrar(struct wf_call *c);
int fx_foto(struct wf_call *c);
int fx_presentacion_pedir(struct wf_call *c);
int fx_presentacion_emitir(struct wf_call *c);
int fx_presentacion_rechazar(struct wf_call *c);

/* h_solicitud.c */
int fx_solicitud_crear(struct wf_call *c);
int fx_solicitud_enviar(struct wf_call *c);
int fx_aceptar(struct wf_call *c);
int fx_rechazar(struct wf_call *c);
/* A pending application ends without an answer: withdrawn, expired, or
   the program filled (c->event says which). */
int fx_solicitud_cerrar(struct wf_call *c);
int fx_cambio(struct wf_call *c);

/* h_reporte.c */
int fx_reporte_recibir(struct wf_call *c);
int fx_reporte_aprobar(struct wf_call *c);
int fx_reporte_rechazar(struct wf_call *c);
/* 1 when report report_id may be approved: the agency validated it, or
   [calendar] validation_days passed since it arrived; 0 with why; -1. */
int report_validated(struct hctx *ctx, int64_t report_id, struct buf *why);

/* h_dependencia.c */
int fx_dep_registrar(struct wf_call *c);
int fx_dep_documentos(struct wf_call *c);
int fx_convenio_emitir(struct wf_call *c);
int fx_convenio_rechazar(struct wf_call *c);

/* h_servicio.c: the end of a service */
int fx_baja_pedir(struct wf_call *c);
int fx_baja_emitir(struct wf_call *c);
int fx_baja_rechazar(struct wf_call *c);
int fx_liberar(struct wf_call *c);
int fx_finalizar(struct wf_call *c);
/* LIBERAR or FINALIZAR past max_months: a matter for the coordinator. */
int fx_excepcion_pedir(struct wf_call *c);
/* The coordinator's decision on it (matter m, about an application). */
int excepcion_decidir(struct wf_call *c, const struct wf_matter *m,
    int approve);

/* pause.c: PAUSA and REANUDAR */
int fx_pausa_pedir(struct wf_call *c);
int fx_pausa_aprobar(struct wf_call *c);
int fx_pausa_rechazar(struct wf_call *c);
int fx_reanudar(struct wf_call *c);
/* The calendar ends each pause whose Hasta: day has come (a transition
   with no mail received).  0, -1. */
int pause_tick(struct hctx *ctx);

/* h_programa.c */
int fx_programa_publicar(struct wf_call *c);

/* h_informes.c */
int fx_peticion_enviar(struct wf_call *c);
int fx_peticion_atender(struct wf_call *c);

/* h_coordinador.c */
int fx_asunto_decidir(struct wf_call *c);

#endif
