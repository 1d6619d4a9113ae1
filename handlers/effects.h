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

#include "handlers/verdict.h"

struct wf_call;

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

/* h_dependencia.c */
enum wf_verdict fx_dep_registrar(struct wf_call *c);
enum wf_verdict fx_dep_documentos(struct wf_call *c);
enum wf_verdict fx_convenio_emitir(struct wf_call *c);
enum wf_verdict fx_convenio_rechazar(struct wf_call *c);

/* h_servicio.c: the end of a service */
enum wf_verdict fx_baja_pedir(struct wf_call *c);
enum wf_verdict fx_baja_emitir(struct wf_call *c);
enum wf_verdict fx_baja_rechazar(struct wf_call *c);
enum wf_verdict fx_liberar(struct wf_call *c);
enum wf_verdict fx_finalizar(struct wf_call *c);

/* h_programa.c */
enum wf_verdict fx_programa_publicar(struct wf_call *c);

/* h_informes.c */
enum wf_verdict fx_peticion_enviar(struct wf_call *c);
enum wf_verdict fx_peticion_atender(struct wf_call *c);

/* matters.c: c->data is the struct matter_new of matter_open */
enum wf_verdict fx_asunto_abrir(struct wf_call *c);

/* h_coordinador.c */
enum wf_verdict fx_asunto_decidir(struct wf_call *c);

#endif
