/* SPDX-License-Identifier: ISC */
/*
 * workflow.c - the servicio social as one table.
 *
 * Read wf_table top to bottom and it tells the seed document's story:
 * the agency registers and sends its documents, the coordinator approves
 * the convenio, the agency publishes programs; the student registers, asks
 * for the carta de presentación, applies, is accepted, reports at 180, 360
 * and 480 hours, is released by the agency and finished by the
 * coordinator.  Each row is: entity, state, event -> guard, next state,
 * effect, then the cascades (what other entities follow: the student
 * follows the application).  Guards are here, where the rules can be
 * read; effects are next to the commands that cause them (effects.h) and
 * move nothing but their own entity.
 *
 * wf_fire() is the only way a state changes: it finds the row, runs the
 * guard, checks that the row's required cascades can follow, runs the
 * effect in a savepoint, writes the state, fires the cascades and writes
 * the audit line (with what caused it: a message, the calendar or an
 * administrator).  No row means the command is out of order: the sender
 * is told where things stand and what comes first, and nothing changes.
 */
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "handlers/convenio.h"
#include "handlers/effects.h"
#include "handlers/hutil.h"
#include "handlers/milestones.h"
#include "handlers/say.h"
#include "handlers/period.h"
#include "handlers/workflow.h"

#define ANY	WF_ANY
#define SAME	WF_SAME
/* Cascades (struct wf_then). */
#define THEN(e, ev)	{WF_MUST, e, ev}
#define THEN_IF(e, ev)	{WF_IF_ALLOWED, e, ev}

static enum wf_verdict g_completo(struct wf_call *, struct buf *);
static enum wf_verdict g_programa_abierto(struct wf_call *, struct buf *);
static enum wf_verdict g_vacante(struct wf_call *, struct buf *);
static enum wf_verdict g_programa_lleno(struct wf_call *, struct buf *);
static enum wf_verdict g_reporte_en_orden(struct wf_call *, struct buf *);
static enum wf_verdict g_liberable(struct wf_call *, struct buf *);
static enum wf_verdict g_finalizable(struct wf_call *, struct buf *);
static enum wf_verdict g_convenio_vigente(struct wf_call *, struct buf *);
static enum wf_verdict g_acepta(struct wf_call *, struct buf *);
static enum wf_verdict g_edicion_llena(struct wf_call *, struct buf *);
static enum wf_verdict g_edicion_abre(struct wf_call *, struct buf *);
static enum wf_verdict g_publica(struct wf_call *, struct buf *);
static enum wf_verdict g_asunto_convenio(struct wf_call *, struct buf *);
static enum wf_verdict g_asunto_presentacion(struct wf_call *, struct buf *);
static enum wf_verdict g_asunto_reporte(struct wf_call *, struct buf *);
static enum wf_verdict g_asunto_baja(struct wf_call *, struct buf *);
static enum wf_verdict g_asunto_pausa(struct wf_call *, struct buf *);
static enum wf_verdict g_asunto_programa(struct wf_call *, struct buf *);
static enum wf_verdict g_publica_revisada(struct wf_call *, struct buf *);
static enum wf_verdict g_asunto_edicion(struct wf_call *, struct buf *);
static enum wf_verdict g_edicion_revisada(struct wf_call *, struct buf *);
static enum wf_verdict g_liberar_excede(struct wf_call *, struct buf *);
static enum wf_verdict g_finalizar_excede(struct wf_call *, struct buf *);

const struct wf_transition wf_table[] = {
	/* DEPENDENCIA: registrarse para conseguir el convenio; subir
	   decretos, nombramiento, INE, comprobante de domicilio, RFC y logo
	   (in as many mails as it takes); esperar respuesta. */
	{WF_DEPENDENCIA, ST_DEPENDENCIA_NUEVO, EV_REGISTRO_DEPENDENCIA,
	    g_completo, ST_DEPENDENCIA_EN_REVISION, fx_dep_registrar, {{0}}},
	{WF_DEPENDENCIA, ST_DEPENDENCIA_NUEVO, EV_REGISTRO_DEPENDENCIA, NULL,
	    ST_DEPENDENCIA_DOCUMENTOS_INCOMPLETOS, fx_dep_registrar, {{0}}},
	{WF_DEPENDENCIA, ST_DEPENDENCIA_DOCUMENTOS_INCOMPLETOS, EV_DOCUMENTOS,
	    g_completo, ST_DEPENDENCIA_EN_REVISION, fx_dep_documentos, {{0}}},
	{WF_DEPENDENCIA, ST_DEPENDENCIA_DOCUMENTOS_INCOMPLETOS, EV_DOCUMENTOS,
	    NULL, SAME, fx_dep_documentos, {{0}}},
	{WF_DEPENDENCIA, ST_DEPENDENCIA_EN_REVISION, EV_DOCUMENTOS, NULL,
	    SAME, fx_dep_documentos, {{0}}},
	{WF_DEPENDENCIA, ST_DEPENDENCIA_RECHAZADA, EV_DOCUMENTOS, g_completo,
	    ST_DEPENDENCIA_EN_REVISION, fx_dep_documentos, {{0}}},
	{WF_DEPENDENCIA, ST_DEPENDENCIA_RECHAZADA, EV_DOCUMENTOS, NULL,
	    SAME, fx_dep_documentos, {{0}}},
	{WF_DEPENDENCIA, ST_DEPENDENCIA_CONVENIO_VIGENTE, EV_DOCUMENTOS, NULL,
	    SAME, fx_dep_documentos, {{0}}},

	/* COORDINADOR: revisar los documentos de la dependencia; aceptar el
	   convenio (convenio PDF and the agency's credentials) o rechazarlo. */
	{WF_DEPENDENCIA, ST_DEPENDENCIA_EN_REVISION, EV_CONVENIO_APROBADO,
	    NULL, ST_DEPENDENCIA_CONVENIO_VIGENTE, fx_convenio_emitir, {{0}}},
	{WF_DEPENDENCIA, ST_DEPENDENCIA_EN_REVISION, EV_CONVENIO_RECHAZADO,
	    NULL, ST_DEPENDENCIA_RECHAZADA, fx_convenio_rechazar, {{0}}},
	/* DEPENDENCIA: RENOVAR (issue 11): the coordinator decides it like
	   the first convenio; a new convenio with a new term, or a refusal
	   that leaves the current one as it is. */
	{WF_DEPENDENCIA, ST_DEPENDENCIA_CONVENIO_VIGENTE, EV_RENOVAR, NULL,
	    SAME, fx_convenio_pedir_renovacion, {{0}}},
	{WF_DEPENDENCIA, ST_DEPENDENCIA_CONVENIO_VIGENTE, EV_CONVENIO_APROBADO,
	    NULL, SAME, fx_convenio_emitir, {{0}}},
	{WF_DEPENDENCIA, ST_DEPENDENCIA_CONVENIO_VIGENTE,
	    EV_CONVENIO_RECHAZADO, NULL, SAME, fx_convenio_rechazar, {{0}}},

	/* DEPENDENCIA: crear una solicitud de servicio social (the program,
	   with its listado de actividades and honorarios).  When its places
	   are taken it is cubierto (its effect frees the other applicants);
	   a baja or a change gives it a place again. */
	{WF_PROGRAMA, ST_PROGRAMA_NUEVO, EV_PROGRAMA, g_publica_revisada,
	    ST_PROGRAMA_POR_APROBAR, fx_programa_publicar, {{0}}},
	{WF_PROGRAMA, ST_PROGRAMA_NUEVO, EV_PROGRAMA, g_publica,
	    ST_PROGRAMA_PUBLICADO, fx_programa_publicar, {{0}}},
	/* COORDINADOR: with [workflow] programs_need_approval, aprobar el
	   programa (it reaches the catalogue) o rechazarlo (the agency is
	   told why). */
	{WF_PROGRAMA, ST_PROGRAMA_POR_APROBAR, EV_PROGRAMA_APROBADO, NULL,
	    ST_PROGRAMA_PUBLICADO, fx_programa_aprobar, {{0}}},
	{WF_PROGRAMA, ST_PROGRAMA_POR_APROBAR, EV_PROGRAMA_RECHAZADO, NULL,
	    ST_PROGRAMA_RECHAZADO, fx_programa_rechazar, {{0}}},
	{WF_PROGRAMA, ST_PROGRAMA_PUBLICADO, EV_VACANTES_AGOTADAS,
	    g_programa_lleno, ST_PROGRAMA_CUBIERTO, fx_programa_cubrir, {{0}}},
	{WF_PROGRAMA, ST_PROGRAMA_CUBIERTO, EV_VACANTE_LIBERADA, NULL,
	    ST_PROGRAMA_PUBLICADO, NULL, {{0}}},
	/* DEPENDENCIA: cerrar un programa (issue 11): it leaves the
	   catalogue for good; applications already sent are still its to
	   answer. */
	{WF_PROGRAMA, ST_PROGRAMA_PUBLICADO, EV_CERRAR_PROGRAMA, NULL,
	    ST_PROGRAMA_CERRADO, fx_programa_cerrar, {{0}}},
	{WF_PROGRAMA, ST_PROGRAMA_CUBIERTO, EV_CERRAR_PROGRAMA, NULL,
	    ST_PROGRAMA_CERRADO, fx_programa_cerrar, {{0}}},
	/* DEPENDENCIA: modificar un programa (issue 11), PROGRAMA <clave>
	   with the fields that change: a cupo down to the students accepted
	   fills it (its effect frees the other applicants, as when the last
	   place is taken), a higher one opens a full program again.  A
	   closed program has no row: a new one is published instead. */
	/* With [workflow] programs_need_approval the edit is a matter
	   first: the program stays as published until it is decided. */
	{WF_PROGRAMA, ST_PROGRAMA_PUBLICADO, EV_EDITAR_PROGRAMA,
	    g_edicion_revisada, SAME, fx_programa_proponer_cambios, {{0}}},
	{WF_PROGRAMA, ST_PROGRAMA_CUBIERTO, EV_EDITAR_PROGRAMA,
	    g_edicion_revisada, SAME, fx_programa_proponer_cambios, {{0}}},
	{WF_PROGRAMA, ST_PROGRAMA_PUBLICADO, EV_EDITAR_PROGRAMA,
	    g_edicion_llena, ST_PROGRAMA_CUBIERTO, fx_programa_editar, {{0}}},
	{WF_PROGRAMA, ST_PROGRAMA_PUBLICADO, EV_EDITAR_PROGRAMA,
	    g_publica, SAME, fx_programa_editar, {{0}}},
	{WF_PROGRAMA, ST_PROGRAMA_CUBIERTO, EV_EDITAR_PROGRAMA,
	    g_edicion_abre, ST_PROGRAMA_PUBLICADO, fx_programa_editar, {{0}}},
	{WF_PROGRAMA, ST_PROGRAMA_CUBIERTO, EV_EDITAR_PROGRAMA,
	    g_publica, SAME, fx_programa_editar, {{0}}},
	/* COORDINADOR: aprobar los cambios (the program takes the version
	   kept with the matter, and may fill or open as with any edit) o
	   rechazarlos (it stays as it was).  A program closed meanwhile
	   keeps closed: the decision only answers the agency.  Every state
	   an edit's program can be in has an unguarded row, so the
	   approval (a THEN_IF, for the guards that choose among them)
	   always moves it. */
	{WF_PROGRAMA, ST_PROGRAMA_PUBLICADO, EV_EDICION_APROBADA,
	    g_edicion_llena, ST_PROGRAMA_CUBIERTO, fx_edicion_aprobar, {{0}}},
	{WF_PROGRAMA, ST_PROGRAMA_PUBLICADO, EV_EDICION_APROBADA, NULL,
	    SAME, fx_edicion_aprobar, {{0}}},
	{WF_PROGRAMA, ST_PROGRAMA_CUBIERTO, EV_EDICION_APROBADA,
	    g_edicion_abre, ST_PROGRAMA_PUBLICADO, fx_edicion_aprobar, {{0}}},
	{WF_PROGRAMA, ST_PROGRAMA_CUBIERTO, EV_EDICION_APROBADA, NULL,
	    SAME, fx_edicion_aprobar, {{0}}},
	{WF_PROGRAMA, ST_PROGRAMA_CERRADO, EV_EDICION_APROBADA, NULL,
	    SAME, fx_edicion_rechazar, {{0}}},
	{WF_PROGRAMA, ST_PROGRAMA_PUBLICADO, EV_EDICION_RECHAZADA, NULL,
	    SAME, fx_edicion_rechazar, {{0}}},
	{WF_PROGRAMA, ST_PROGRAMA_CUBIERTO, EV_EDICION_RECHAZADA, NULL,
	    SAME, fx_edicion_rechazar, {{0}}},
	{WF_PROGRAMA, ST_PROGRAMA_CERRADO, EV_EDICION_RECHAZADA, NULL,
	    SAME, fx_edicion_rechazar, {{0}}},

	/* ALUMNO: ingresar al sistema; subir fotografía. */
	{WF_ALUMNO, ST_ALUMNO_NUEVO, EV_REGISTRO, NULL,
	    ST_ALUMNO_REGISTRADO, fx_alumno_registrar, {{0}}},
	{WF_ALUMNO, ANY, EV_FOTO, NULL,
	    SAME, fx_foto, {{0}}},
	/* COORDINADOR: the matrícula a student registered with belongs to
	   someone else (h_matricula.c). */
	{WF_ALUMNO, ANY, EV_SUSPENDER, NULL,
	    ST_ALUMNO_SUSPENDIDA, NULL, {{0}}},

	/* ALUMNO pide y COORDINADOR envía la carta de presentación y la
	   constancia de estudios. */
	{WF_ALUMNO, ST_ALUMNO_REGISTRADO, EV_PRESENTACION, NULL,
	    ST_ALUMNO_PRESENTACION_PENDIENTE, fx_presentacion_pedir, {{0}}},
	{WF_ALUMNO, ST_ALUMNO_PRESENTACION_PENDIENTE, EV_PRESENTACION_APROBADA,
	    NULL, ST_ALUMNO_CON_PRESENTACION, fx_presentacion_emitir, {{0}}},
	{WF_ALUMNO, ST_ALUMNO_PRESENTACION_PENDIENTE,
	    EV_PRESENTACION_RECHAZADA, NULL, ST_ALUMNO_REGISTRADO,
	    fx_presentacion_rechazar, {{0}}},

	/* ALUMNO: seleccionar el servicio social y solicitarlo (carta de
	   presentación y constancia attached): the application is created
	   and sent to the agency; esperar respuesta. */
	{WF_ALUMNO, ST_ALUMNO_CON_PRESENTACION, EV_SOLICITUD,
	    g_programa_abierto, ST_ALUMNO_POSTULADO, NULL,
	    {THEN(WF_SOLICITUD, EV_SOLICITUD)}},
	{WF_SOLICITUD, ST_SOLICITUD_NUEVO, EV_SOLICITUD, NULL,
	    ST_SOLICITUD_PENDIENTE, fx_solicitud_enviar, {{0}}},

	/* DEPENDENCIA: revisar los documentos de los solicitantes; aceptar
	   al alumno (carta de aceptación) o rechazarlo.  The student
	   follows; the program may fill. */
	{WF_SOLICITUD, ST_SOLICITUD_PENDIENTE, EV_ACEPTAR, g_acepta,
	    ST_SOLICITUD_ACEPTADA, fx_aceptar,
	    {THEN(WF_ALUMNO, EV_ACEPTAR),
	    THEN_IF(WF_PROGRAMA, EV_VACANTES_AGOTADAS)}},
	{WF_SOLICITUD, ST_SOLICITUD_PENDIENTE, EV_RECHAZAR, NULL,
	    ST_SOLICITUD_RECHAZADA, fx_rechazar,
	    {THEN(WF_ALUMNO, EV_RECHAZAR)}},
	{WF_ALUMNO, ST_ALUMNO_POSTULADO, EV_ACEPTAR, NULL,
	    ST_ALUMNO_EN_SERVICIO, NULL, {{0}}},
	{WF_ALUMNO, ST_ALUMNO_POSTULADO, EV_RECHAZAR, NULL,
	    ST_ALUMNO_CON_PRESENTACION, NULL, {{0}}},

	/* ALUMNO: retirar su solicitud pendiente (CANCELAR SOLICITUD).
	   CALENDARIO: a pending application expires after [rules]
	   application_days business days.  DEPENDENCIA: when the program
	   fills, the other applicants are freed.  All three free the student
	   to apply elsewhere; the first two tell the agency. */
	{WF_SOLICITUD, ST_SOLICITUD_PENDIENTE, EV_RETIRAR, NULL,
	    ST_SOLICITUD_RETIRADA, fx_solicitud_cerrar,
	    {THEN(WF_ALUMNO, EV_RETIRAR)}},
	{WF_SOLICITUD, ST_SOLICITUD_PENDIENTE, EV_VENCER, NULL,
	    ST_SOLICITUD_VENCIDA, fx_solicitud_cerrar,
	    {THEN(WF_ALUMNO, EV_VENCER)}},
	{WF_SOLICITUD, ST_SOLICITUD_PENDIENTE, EV_SIN_VACANTE, NULL,
	    ST_SOLICITUD_SIN_VACANTE, fx_solicitud_cerrar,
	    {THEN(WF_ALUMNO, EV_SIN_VACANTE)}},
	{WF_ALUMNO, ST_ALUMNO_POSTULADO, EV_RETIRAR, NULL,
	    ST_ALUMNO_CON_PRESENTACION, NULL, {{0}}},
	{WF_ALUMNO, ST_ALUMNO_POSTULADO, EV_VENCER, NULL,
	    ST_ALUMNO_CON_PRESENTACION, NULL, {{0}}},
	{WF_ALUMNO, ST_ALUMNO_POSTULADO, EV_SIN_VACANTE, NULL,
	    ST_ALUMNO_CON_PRESENTACION, NULL, {{0}}},
	/* A student suspended while an application waits (h_matricula.c)
	   is never accepted, but the application still ends (rejected,
	   expired, the program filled) and the student stays suspended. */
	{WF_ALUMNO, ST_ALUMNO_SUSPENDIDA, EV_RECHAZAR, NULL, SAME, NULL, {{0}}},
	{WF_ALUMNO, ST_ALUMNO_SUSPENDIDA, EV_VENCER, NULL, SAME, NULL, {{0}}},
	{WF_ALUMNO, ST_ALUMNO_SUSPENDIDA, EV_SIN_VACANTE, NULL, SAME, NULL,
	    {{0}}},

	/* ALUMNO: un reporte de avance a las 180, 360 y 480 horas, each
	   after the previous one was accepted; sent again, it replaces the
	   one under review.  COORDINADOR: revisar documentos del alumno. */
	{WF_REPORTE, ST_REPORTE_NUEVO, EV_REPORTE, g_reporte_en_orden,
	    ST_REPORTE_EN_REVISION, fx_reporte_recibir, {{0}}},
	{WF_REPORTE, ST_REPORTE_EN_REVISION, EV_REPORTE, NULL,
	    SAME, fx_reporte_recibir, {{0}}},
	{WF_REPORTE, ST_REPORTE_RECHAZADO, EV_REPORTE, g_reporte_en_orden,
	    ST_REPORTE_EN_REVISION, fx_reporte_recibir, {{0}}},
	{WF_REPORTE, ST_REPORTE_EN_REVISION, EV_REPORTE_APROBADO, NULL,
	    ST_REPORTE_ACEPTADO, fx_reporte_aprobar, {{0}}},
	{WF_REPORTE, ST_REPORTE_EN_REVISION, EV_REPORTE_RECHAZADO, NULL,
	    ST_REPORTE_RECHAZADO, fx_reporte_rechazar, {{0}}},

	/* DEPENDENCIA: pedir la baja justificada de un alumno; the
	   coordinator decides.  The student is free to apply again and the
	   program has a place again. */
	{WF_SOLICITUD, ST_SOLICITUD_ACEPTADA, EV_BAJA, NULL,
	    ST_SOLICITUD_BAJA_SOLICITADA, fx_baja_pedir, {{0}}},
	{WF_SOLICITUD, ST_SOLICITUD_BAJA_SOLICITADA, EV_BAJA_APROBADA, NULL,
	    ST_SOLICITUD_BAJA, fx_baja_emitir,
	    {THEN(WF_ALUMNO, EV_BAJA_APROBADA),
	    THEN_IF(WF_PROGRAMA, EV_VACANTE_LIBERADA)}},
	{WF_SOLICITUD, ST_SOLICITUD_BAJA_SOLICITADA, EV_BAJA_RECHAZADA, NULL,
	    ST_SOLICITUD_ACEPTADA, fx_baja_rechazar, {{0}}},
	{WF_ALUMNO, ST_ALUMNO_EN_SERVICIO, EV_BAJA_APROBADA, NULL,
	    ST_ALUMNO_CON_PRESENTACION, NULL, {{0}}},

	/* COORDINADOR: autorizar el cambio de dependencia (CAMBIO): the
	   service ends like a baja and the accepted hours go with the
	   student to the next one. */
	{WF_SOLICITUD, ST_SOLICITUD_ACEPTADA, EV_CAMBIO, NULL,
	    ST_SOLICITUD_BAJA, fx_cambio,
	    {THEN(WF_ALUMNO, EV_CAMBIO),
	    THEN_IF(WF_PROGRAMA, EV_VACANTE_LIBERADA)}},
	{WF_ALUMNO, ST_ALUMNO_EN_SERVICIO, EV_CAMBIO, NULL,
	    ST_ALUMNO_CON_PRESENTACION, NULL, {{0}}},

	/* DEPENDENCIA: carta de liberación firmada por el gerente y el jefe
	   inmediato, once the 480-hour report is accepted and min_months
	   have passed since the acceptance (not counting pauses); past
	   max_months it is an exception the coordinator decides (the same
	   for FINALIZAR); the approval fires the row below it with its
	   guard (h_servicio.c, excepcion_decidir). */
	{WF_SOLICITUD, ST_SOLICITUD_ACEPTADA, EV_LIBERAR, g_liberar_excede,
	    SAME, fx_excepcion_pedir, {{0}}},
	{WF_SOLICITUD, ST_SOLICITUD_ACEPTADA, EV_LIBERAR, g_liberable,
	    ST_SOLICITUD_LIBERADA, fx_liberar,
	    {THEN(WF_ALUMNO, EV_LIBERAR)}},
	{WF_ALUMNO, ST_ALUMNO_EN_SERVICIO, EV_LIBERAR, NULL,
	    ST_ALUMNO_LIBERADO, NULL, {{0}}},

	/* COORDINADOR: carta de finalización, after checking the liberación
	   and every report (and min_months since the acceptance). */
	{WF_SOLICITUD, ST_SOLICITUD_LIBERADA, EV_FINALIZAR, g_finalizar_excede,
	    SAME, fx_excepcion_pedir, {{0}}},
	{WF_SOLICITUD, ST_SOLICITUD_LIBERADA, EV_FINALIZAR, g_finalizable,
	    ST_SOLICITUD_FINALIZADA, fx_finalizar,
	    {THEN(WF_ALUMNO, EV_FINALIZAR)}},
	{WF_ALUMNO, ST_ALUMNO_LIBERADO, EV_FINALIZAR, NULL,
	    ST_ALUMNO_FINALIZADO, NULL, {{0}}},

	/* ALUMNO: pausar el servicio por enfermedad u otra causa grave
	   (art. 55); the coordinator approves it (a matter), or sets it
	   with PAUSA <matrícula>; REANUDAR ends it, and the calendar does
	   on the day its Hasta: named.  Paused days count neither toward
	   min_months nor toward the report calendar (pausedays.c). */
	{WF_PAUSA, ST_PAUSA_NUEVO, EV_PAUSA, NULL,
	    ST_PAUSA_SOLICITADA, fx_pausa_pedir, {{0}}},
	{WF_PAUSA, ST_PAUSA_NUEVO, EV_PAUSA_APROBADA, NULL,
	    ST_PAUSA_VIGENTE, fx_pausa_aprobar, {{0}}},
	{WF_PAUSA, ST_PAUSA_SOLICITADA, EV_PAUSA_APROBADA, NULL,
	    ST_PAUSA_VIGENTE, fx_pausa_aprobar, {{0}}},
	{WF_PAUSA, ST_PAUSA_SOLICITADA, EV_PAUSA_RECHAZADA, NULL,
	    ST_PAUSA_RECHAZADA, fx_pausa_rechazar, {{0}}},
	{WF_PAUSA, ST_PAUSA_VIGENTE, EV_REANUDAR, NULL,
	    ST_PAUSA_TERMINADA, fx_reanudar, {{0}}},

	/* Documents: kept, and replaced by a newer one of the same kind. */
	{WF_DOCUMENTO, ST_DOCUMENTO_NUEVO, EV_DOC_RECIBIDO, NULL,
	    ST_DOCUMENTO_VIGENTE, NULL, {{0}}},
	{WF_DOCUMENTO, ST_DOCUMENTO_VIGENTE, EV_DOC_REEMPLAZADO, NULL,
	    ST_DOCUMENTO_REEMPLAZADO, NULL, {{0}}},

	/* COORDINADOR pide reportes; DEPENDENCIA los realiza. */
	{WF_PETICION, ST_PETICION_NUEVO, EV_PETICION, g_convenio_vigente,
	    ST_PETICION_PENDIENTE, fx_peticion_enviar, {{0}}},
	{WF_PETICION, ST_PETICION_PENDIENTE, EV_REPORTE_ENTREGADO, NULL,
	    ST_PETICION_ATENDIDA, fx_peticion_atender, {{0}}},

	/* Every matter a coordinator decides, with its single-use code
	   (opened by the effects that need a decision: matter_open); the
	   decision moves what the matter is about (a matrícula or an ARCO
	   request has no state of its own: the effect answers it). */
	{WF_ASUNTO, ST_ASUNTO_NUEVO, EV_ABRIR, NULL,
	    ST_ASUNTO_ABIERTO, fx_asunto_abrir, {{0}}},
	{WF_ASUNTO, ST_ASUNTO_ABIERTO, EV_APROBAR, g_asunto_convenio,
	    ST_ASUNTO_APROBADO, fx_asunto_decidir,
	    {THEN(WF_DEPENDENCIA, EV_CONVENIO_APROBADO)}},
	{WF_ASUNTO, ST_ASUNTO_ABIERTO, EV_APROBAR, g_asunto_presentacion,
	    ST_ASUNTO_APROBADO, fx_asunto_decidir,
	    {THEN(WF_ALUMNO, EV_PRESENTACION_APROBADA)}},
	{WF_ASUNTO, ST_ASUNTO_ABIERTO, EV_APROBAR, g_asunto_reporte,
	    ST_ASUNTO_APROBADO, fx_asunto_decidir,
	    {THEN(WF_REPORTE, EV_REPORTE_APROBADO)}},
	{WF_ASUNTO, ST_ASUNTO_ABIERTO, EV_APROBAR, g_asunto_baja,
	    ST_ASUNTO_APROBADO, fx_asunto_decidir,
	    {THEN(WF_SOLICITUD, EV_BAJA_APROBADA)}},
	{WF_ASUNTO, ST_ASUNTO_ABIERTO, EV_APROBAR, g_asunto_pausa,
	    ST_ASUNTO_APROBADO, fx_asunto_decidir,
	    {THEN(WF_PAUSA, EV_PAUSA_APROBADA)}},
	{WF_ASUNTO, ST_ASUNTO_ABIERTO, EV_APROBAR, g_asunto_programa,
	    ST_ASUNTO_APROBADO, fx_asunto_decidir,
	    {THEN(WF_PROGRAMA, EV_PROGRAMA_APROBADO)}},
	{WF_ASUNTO, ST_ASUNTO_ABIERTO, EV_APROBAR, g_asunto_edicion,
	    ST_ASUNTO_APROBADO, fx_asunto_decidir,
	    {THEN_IF(WF_PROGRAMA, EV_EDICION_APROBADA)}},
	{WF_ASUNTO, ST_ASUNTO_ABIERTO, EV_APROBAR, NULL,
	    ST_ASUNTO_APROBADO, fx_asunto_decidir, {{0}}},
	{WF_ASUNTO, ST_ASUNTO_ABIERTO, EV_RECHAZAR_ASUNTO, g_asunto_convenio,
	    ST_ASUNTO_RECHAZADO, fx_asunto_decidir,
	    {THEN(WF_DEPENDENCIA, EV_CONVENIO_RECHAZADO)}},
	{WF_ASUNTO, ST_ASUNTO_ABIERTO, EV_RECHAZAR_ASUNTO,
	    g_asunto_presentacion, ST_ASUNTO_RECHAZADO, fx_asunto_decidir,
	    {THEN(WF_ALUMNO, EV_PRESENTACION_RECHAZADA)}},
	{WF_ASUNTO, ST_ASUNTO_ABIERTO, EV_RECHAZAR_ASUNTO, g_asunto_reporte,
	    ST_ASUNTO_RECHAZADO, fx_asunto_decidir,
	    {THEN(WF_REPORTE, EV_REPORTE_RECHAZADO)}},
	{WF_ASUNTO, ST_ASUNTO_ABIERTO, EV_RECHAZAR_ASUNTO, g_asunto_baja,
	    ST_ASUNTO_RECHAZADO, fx_asunto_decidir,
	    {THEN(WF_SOLICITUD, EV_BAJA_RECHAZADA)}},
	{WF_ASUNTO, ST_ASUNTO_ABIERTO, EV_RECHAZAR_ASUNTO, g_asunto_pausa,
	    ST_ASUNTO_RECHAZADO, fx_asunto_decidir,
	    {THEN(WF_PAUSA, EV_PAUSA_RECHAZADA)}},
	{WF_ASUNTO, ST_ASUNTO_ABIERTO, EV_RECHAZAR_ASUNTO, g_asunto_programa,
	    ST_ASUNTO_RECHAZADO, fx_asunto_decidir,
	    {THEN(WF_PROGRAMA, EV_PROGRAMA_RECHAZADO)}},
	{WF_ASUNTO, ST_ASUNTO_ABIERTO, EV_RECHAZAR_ASUNTO, g_asunto_edicion,
	    ST_ASUNTO_RECHAZADO, fx_asunto_decidir,
	    {THEN(WF_PROGRAMA, EV_EDICION_RECHAZADA)}},
	{WF_ASUNTO, ST_ASUNTO_ABIERTO, EV_RECHAZAR_ASUNTO, NULL,
	    ST_ASUNTO_RECHAZADO, fx_asunto_decidir, {{0}}},
};

const size_t wf_table_len = ARRAY_LEN(wf_table);

/* ---- what states and events mean, in the words of the replies ---- */

/*
 * What each state means, in the words of the replies: a sentence, the next
 * step (NULL when there is none), and a word or two for lists (NULL: the
 * sentence is not for lists, the stored word is shown).
 */
static const struct {
	const char *text;
	const char *next;
	const char *label;
} state_texts[ST__COUNT] = {
	[ST_ALUMNO_NUEVO] = {"Aún no tiene cuenta de estudiante.",
	    "Escriba REGISTRO con su Matrícula, Nombre, Carrera y Créditos.",
	    NULL},
	[ST_ALUMNO_REGISTRADO] = {"Su cuenta de estudiante está registrada.",
	    "Envíe FOTO con su fotografía y PRESENTACION para pedir su carta "
	    "de presentación y su constancia de estudios.", NULL},
	[ST_ALUMNO_PRESENTACION_PENDIENTE] = {"La coordinación revisa su "
	    "petición de carta de presentación y constancia de estudios.",
	    "Espere la respuesta de la coordinación; le llegará por correo.",
	    NULL},
	[ST_ALUMNO_CON_PRESENTACION] = {"Ya tiene su carta de presentación y "
	    "su constancia de estudios.",
	    "Escriba PROGRAMAS para ver el catálogo y SOLICITUD <programa> "
	    "con ambas cartas adjuntas.", NULL},
	[ST_ALUMNO_POSTULADO] = {"Su solicitud espera la respuesta de la "
	    "dependencia.", "Espere la respuesta de la dependencia.", NULL},
	[ST_ALUMNO_EN_SERVICIO] = {"Está prestando su servicio social.",
	    "Entregue sus reportes de 180, 360 y 480 horas con REPORTE.", NULL},
	[ST_ALUMNO_LIBERADO] = {"La dependencia emitió su carta de "
	    "liberación.", "La coordinación verificará sus reportes y le "
	    "enviará la carta de finalización.", NULL},
	[ST_ALUMNO_FINALIZADO] = {"Concluyó su servicio social: la "
	    "coordinación emitió su carta de finalización.",
	    "Nada más; conserve sus cartas.", NULL},
	[ST_ALUMNO_SUSPENDIDA] = {"Su cuenta de estudiante está suspendida: "
	    "la coordinación resolvió que la matrícula con la que se registró "
	    "es de otra persona.", "Si es un error, acuda a la coordinación "
	    "con una identificación.", NULL},

	[ST_DEPENDENCIA_NUEVO] = {"La dependencia aún no está registrada.",
	    "Escriba REGISTRO DEPENDENCIA con sus datos y documentos.", NULL},
	[ST_DEPENDENCIA_DOCUMENTOS_INCOMPLETOS] = {"El registro de la "
	    "dependencia está incompleto: faltan documentos.",
	    "Responda a este correo con los documentos que faltan adjuntos "
	    "(o escriba un correo con el asunto DOCUMENTOS).", NULL},
	[ST_DEPENDENCIA_EN_REVISION] = {"La coordinación revisa la solicitud "
	    "de convenio.", "Espere la respuesta de la coordinación.", NULL},
	[ST_DEPENDENCIA_RECHAZADA] = {"La coordinación rechazó la solicitud "
	    "de convenio.", "Corrija lo indicado y envíe DOCUMENTOS para una "
	    "nueva revisión.", NULL},
	[ST_DEPENDENCIA_CONVENIO_VIGENTE] = {"El convenio de la dependencia "
	    "está autorizado.", "Publique sus programas con PROGRAMA.", NULL},

	[ST_PROGRAMA_NUEVO] = {"El programa no existe.", NULL, NULL},
	[ST_PROGRAMA_PUBLICADO] = {"El programa está publicado y tiene "
	    "vacantes.", NULL, NULL},
	[ST_PROGRAMA_CUBIERTO] = {"El programa ya no tiene vacantes.", NULL,
	    NULL},
	[ST_PROGRAMA_POR_APROBAR] = {"El programa espera la aprobación de "
	    "la coordinación: aún no está en el catálogo.", "Cuando la "
	    "coordinación decida le avisaremos por correo; entonces podrá "
	    "modificarlo o cerrarlo.", NULL},
	[ST_PROGRAMA_RECHAZADO] = {"La coordinación no aprobó el programa: "
	    "no está en el catálogo.", "Corrija lo que la coordinación indicó "
	    "y publíquelo de nuevo con el asunto PROGRAMA (sin clave), todos "
	    "sus datos y el listado de actividades.", NULL},
	[ST_PROGRAMA_CERRADO] = {"La dependencia cerró el programa: ya no "
	    "está en el catálogo.", "Un programa cerrado no se modifica: "
	    "para ofrecerlo de nuevo, publique uno nuevo con el asunto "
	    "PROGRAMA (sin clave), todos sus datos y el listado de "
	    "actividades.", NULL},

	[ST_SOLICITUD_NUEVO] = {"No hay una solicitud.", NULL, NULL},
	[ST_SOLICITUD_PENDIENTE] = {"La solicitud espera la respuesta de la "
	    "dependencia.", "La dependencia responde con ACEPTAR o "
	    "RECHAZAR.", NULL},
	[ST_SOLICITUD_ACEPTADA] = {"El alumno está en servicio social con "
	    "esta dependencia.", "El alumno entrega sus reportes de 180, 360 "
	    "y 480 horas; con el de 480 aceptado, la dependencia emite la "
	    "carta de liberación con LIBERAR.", "en servicio"},
	[ST_SOLICITUD_RECHAZADA] = {"La dependencia rechazó la solicitud.",
	    NULL, NULL},
	[ST_SOLICITUD_RETIRADA] = {"El alumno retiró la solicitud.",
	    "El alumno puede solicitar otro programa con SOLICITUD.", NULL},
	[ST_SOLICITUD_VENCIDA] = {"La solicitud venció sin respuesta de la "
	    "dependencia.", "El alumno puede solicitar otro programa con "
	    "SOLICITUD.", NULL},
	[ST_SOLICITUD_SIN_VACANTE] = {"El programa cubrió sus vacantes con "
	    "otros alumnos.", "El alumno puede solicitar otro programa con "
	    "SOLICITUD.", NULL},
	[ST_SOLICITUD_BAJA_SOLICITADA] = {"La dependencia pidió la baja del "
	    "alumno; la coordinación la revisa.", "Espere la decisión de la "
	    "coordinación.", "baja solicitada"},
	[ST_SOLICITUD_BAJA] = {"El alumno fue dado de baja de este programa.",
	    NULL, NULL},
	[ST_SOLICITUD_LIBERADA] = {"La dependencia emitió la carta de "
	    "liberación.", "La coordinación emite la carta de finalización "
	    "con FINALIZAR.", "liberado"},
	[ST_SOLICITUD_FINALIZADA] = {"El servicio social concluyó: la carta "
	    "de finalización ya fue emitida.", NULL, "finalizado"},

	[ST_REPORTE_NUEVO] = {"Ese reporte aún no se ha entregado.", NULL,
	    NULL},
	[ST_REPORTE_EN_REVISION] = {"El reporte está en revisión.", NULL,
	    "en revisión"},
	[ST_REPORTE_ACEPTADO] = {"El reporte ya fue aceptado y no se puede "
	    "reemplazar.", NULL, "aceptado"},
	[ST_REPORTE_RECHAZADO] = {"El reporte fue rechazado.",
	    "Envíe de nuevo el reporte corregido.",
	    "rechazado; envíelo de nuevo"},

	[ST_DOCUMENTO_NUEVO] = {"El documento aún no se ha recibido.", NULL,
	    NULL},
	[ST_DOCUMENTO_VIGENTE] = {"El documento está vigente.", NULL, NULL},
	[ST_DOCUMENTO_REEMPLAZADO] = {"El documento fue reemplazado.", NULL,
	    NULL},

	[ST_PETICION_NUEVO] = {"No hay una petición de reporte.", NULL, NULL},
	[ST_PETICION_PENDIENTE] = {"La petición de reporte espera a la "
	    "dependencia.", NULL, NULL},
	[ST_PETICION_ATENDIDA] = {"La dependencia ya entregó ese reporte.",
	    NULL, NULL},

	[ST_ASUNTO_NUEVO] = {"Ese asunto no existe.", NULL, NULL},
	[ST_ASUNTO_ABIERTO] = {"El asunto espera una decisión.", NULL, NULL},
	[ST_ASUNTO_APROBADO] = {"Ese asunto ya fue aprobado: cada código "
	    "sirve una sola vez.", "Escriba PENDIENTES para ver los asuntos "
	    "que siguen abiertos.", NULL},
	[ST_ASUNTO_RECHAZADO] = {"Ese asunto ya fue rechazado: cada código "
	    "sirve una sola vez.", "Escriba PENDIENTES para ver los asuntos "
	    "que siguen abiertos.", NULL},

	[ST_PAUSA_NUEVO] = {"No hay una pausa del servicio.", NULL, NULL},
	[ST_PAUSA_SOLICITADA] = {"La pausa del servicio espera la decisión "
	    "de la coordinación.", NULL, "pausa pedida"},
	[ST_PAUSA_VIGENTE] = {"El servicio está en pausa.", "Cuando vuelva "
	    "al servicio, escriba REANUDAR.", "en pausa"},
	[ST_PAUSA_RECHAZADA] = {"La coordinación no autorizó la pausa.",
	    NULL, NULL},
	[ST_PAUSA_TERMINADA] = {"La pausa terminó: el servicio sigue.", NULL,
	    NULL},
};

static const struct {
	const char *name;	/* in the audit */
	const char *text;	/* "No se puede <text> ahora" */
} event_texts[EV__COUNT] = {
	[EV_REGISTRO] = {"registro", "registrar la cuenta"},
	[EV_FOTO] = {"foto", "guardar la fotografía"},
	[EV_PRESENTACION] = {"presentacion", "pedir la carta de presentación"},
	[EV_PRESENTACION_APROBADA] = {"presentacion_aprobada",
	    "emitir la carta de presentación"},
	[EV_PRESENTACION_RECHAZADA] = {"presentacion_rechazada",
	    "rechazar la petición de carta de presentación"},
	[EV_SOLICITUD] = {"solicitud", "enviar una solicitud a un programa"},
	[EV_ACEPTAR] = {"aceptar", "aceptar la solicitud"},
	[EV_RECHAZAR] = {"rechazar", "rechazar la solicitud"},
	[EV_REPORTE] = {"reporte", "recibir ese reporte de actividades"},
	[EV_REPORTE_APROBADO] = {"reporte_aprobado", "aceptar el reporte"},
	[EV_REPORTE_RECHAZADO] = {"reporte_rechazado", "rechazar el reporte"},
	[EV_BAJA] = {"baja", "pedir la baja del estudiante"},
	[EV_BAJA_APROBADA] = {"baja_aprobada", "dar de baja al estudiante"},
	[EV_BAJA_RECHAZADA] = {"baja_rechazada", "rechazar la baja"},
	[EV_LIBERAR] = {"liberar", "emitir la carta de liberación"},
	[EV_FINALIZAR] = {"finalizar", "emitir la carta de finalización"},
	[EV_REGISTRO_DEPENDENCIA] = {"registro_dependencia",
	    "registrar la dependencia"},
	[EV_DOCUMENTOS] = {"documentos", "recibir documentos"},
	[EV_CONVENIO_APROBADO] = {"convenio_aprobado", "aprobar el convenio"},
	[EV_CONVENIO_RECHAZADO] = {"convenio_rechazado",
	    "rechazar el convenio"},
	[EV_PROGRAMA] = {"programa", "publicar el programa"},
	[EV_VACANTES_AGOTADAS] = {"vacantes_agotadas", "cerrar el programa"},
	[EV_VACANTE_LIBERADA] = {"vacante_liberada", "reabrir el programa"},
	[EV_CERRAR_PROGRAMA] = {"cerrar_programa", "cerrar el programa"},
	[EV_RENOVAR] = {"renovar", "pedir la renovación del convenio"},
	[EV_EDITAR_PROGRAMA] = {"editar_programa", "modificar el programa"},
	[EV_PROGRAMA_APROBADO] = {"programa_aprobado", "aprobar el programa"},
	[EV_PROGRAMA_RECHAZADO] = {"programa_rechazado",
	    "rechazar el programa"},
	[EV_EDICION_APROBADA] = {"edicion_aprobada",
	    "aprobar los cambios del programa"},
	[EV_EDICION_RECHAZADA] = {"edicion_rechazada",
	    "rechazar los cambios del programa"},
	[EV_DOC_RECIBIDO] = {"doc_recibido", "guardar el documento"},
	[EV_DOC_REEMPLAZADO] = {"doc_reemplazado", "reemplazar el documento"},
	[EV_PETICION] = {"peticion", "pedir el reporte a la dependencia"},
	[EV_REPORTE_ENTREGADO] = {"reporte_entregado",
	    "entregar el reporte pedido"},
	[EV_APROBAR] = {"aprobar", "aprobar ese asunto"},
	[EV_RECHAZAR_ASUNTO] = {"rechazar_asunto", "rechazar ese asunto"},
	[EV_CAMBIO] = {"cambio", "cambiar al alumno de dependencia"},
	[EV_RETIRAR] = {"retirar", "retirar la solicitud"},
	[EV_VENCER] = {"vencer", "dar por vencida la solicitud"},
	[EV_SIN_VACANTE] = {"sin_vacante", "cerrar la solicitud por falta de "
	    "vacantes"},
	[EV_SUSPENDER] = {"suspender", "suspender la cuenta"},
	[EV_ABRIR] = {"abrir", "abrir el asunto"},
	[EV_PAUSA] = {"pausa", "pedir la pausa del servicio"},
	[EV_PAUSA_APROBADA] = {"pausa_aprobada", "pausar el servicio"},
	[EV_PAUSA_RECHAZADA] = {"pausa_rechazada", "rechazar la pausa"},
	[EV_REANUDAR] = {"reanudar", "reanudar el servicio"},
};

const char *
wf_state_text(enum wf_state s)
{
	return (unsigned)s < ST__COUNT && state_texts[s].text != NULL ?
	    state_texts[s].text : wf_state_name(s);
}

const char *
wf_state_next(enum wf_state s)
{
	return (unsigned)s < ST__COUNT ? state_texts[s].next : NULL;
}

const char *
wf_state_label(enum wf_state s)
{
	return (unsigned)s < ST__COUNT && state_texts[s].label != NULL ?
	    state_texts[s].label : wf_state_name(s);
}

const char *
wf_state_text_of(enum wf_entity e, const char *stored)
{
	enum wf_state s;

	return wf_state_parse(e, stored, &s) ? wf_state_text(s) : stored;
}

const char *
wf_state_next_of(enum wf_entity e, const char *stored)
{
	enum wf_state s;

	return wf_state_parse(e, stored, &s) ? wf_state_next(s) : NULL;
}

const char *
wf_state_label_of(enum wf_entity e, const char *stored)
{
	enum wf_state s;

	return wf_state_parse(e, stored, &s) ? wf_state_label(s) : stored;
}

const char *
wf_event_text(enum wf_event ev)
{
	return (unsigned)ev < EV__COUNT ? event_texts[ev].text : "?";
}

const char *
wf_event_name(enum wf_event ev)
{
	return (unsigned)ev < EV__COUNT ? event_texts[ev].name : "?";
}

/* ---- the reports' milestones ---- */

const int wf_report_hours[WF_N_REPORTS] = {180, 360, 480};

int
wf_report_previous(int h)
{
	for (int i = 1; i < WF_N_REPORTS; i++)
		if (wf_report_hours[i] == h)
			return wf_report_hours[i - 1];
	return 0;
}

int
wf_report_next(int h)
{
	for (int i = 0; i + 1 < WF_N_REPORTS; i++)
		if (wf_report_hours[i] == h)
			return wf_report_hours[i + 1];
	return 0;
}

/* ---- guards ---- */

static enum wf_verdict
allow_if(int ok)
{
	return ok ? WF_OK : WF_REFUSED;
}

static enum wf_verdict
g_completo(struct wf_call *c, struct buf *why)
{
	if (!c->complete)
		buf_say(c->ctx, why, S_FLUJO_FALTAN_DOCUMENTOS_DEPENDENCIA,
		    SAY_NONE);
	return allow_if(c->complete);
}

static int
program_state(struct wf_call *c, struct wf_program *p)
{
	int r = store_wf_program_get(c->ctx->st, c->program_id, p);

	if (r == 0)
		log_err("workflow: program %lld is gone",
		    (long long)c->program_id);
	return r == 1 ? 0 : -1;
}

/* A program is open while it is published and its agency's convenio
   runs (issue 11): once the convenio ends it takes no one, and it is
   open again, with no one doing anything, when the convenio is renewed. */
static enum wf_verdict
g_programa_abierto(struct wf_call *c, struct buf *why)
{
	struct wf_program p;
	char *fin = NULL;
	int ok, r = 0;

	if (program_state(c, &p) != 0)
		return WF_ERROR;
	ok = wf_state_is(p.state, ST_PROGRAMA_PUBLICADO);
	if (!ok && (wf_state_is(p.state, ST_PROGRAMA_POR_APROBAR) ||
	    wf_state_is(p.state, ST_PROGRAMA_RECHAZADO)))
		buf_say(c->ctx, why, S_FLUJO_PROGRAMA_NO_APROBADO,
		    "programa=%lld nombre=%s", (long long)p.id, p.name);
	else if (!ok)
		buf_say(c->ctx, why, S_FLUJO_PROGRAMA_NO_TIENE,
		    "programa=%lld nombre=%s cerrado=%s", (long long)p.id,
		    p.name, wf_state_is(p.state, ST_PROGRAMA_CERRADO) ?
		    "sí" : "");
	else if ((r = convenio_ended_on(c->ctx, p.agency_id, &fin)) == 1)
		buf_say(c->ctx, why, S_FLUJO_PROGRAMA_CONVENIO_TERMINO,
		    "programa=%lld nombre=%s dependencia=%s fecha=%s",
		    (long long)p.id, p.name, p.agency_name, fin);
	free(fin);
	wf_program_free(&p);
	return r < 0 ? WF_ERROR : allow_if(ok && r == 0);
}

static enum wf_verdict
g_vacante(struct wf_call *c, struct buf *why)
{
	struct wf_program p;
	int ok;

	if (program_state(c, &p) != 0)
		return WF_ERROR;
	ok = p.ocupadas < p.vacantes;
	if (!ok)
		buf_say(c->ctx, why, S_FLUJO_PROGRAMA_TIENE_CUBIERTAS,
		    "programa=%lld nombre=%s vacantes=%d", (long long)p.id,
		    p.name, p.vacantes);
	wf_program_free(&p);
	return allow_if(ok);
}

/* Every place of the program is taken (the acceptance that fills it has
   already moved its application). */
static enum wf_verdict
g_programa_lleno(struct wf_call *c, struct buf *why)
{
	struct wf_program p;
	int ok;

	if (program_state(c, &p) != 0)
		return WF_ERROR;
	ok = p.ocupadas >= p.vacantes;
	if (!ok)
		buf_printf(why, "El programa %lld (%s) aún tiene vacantes.",
		    (long long)p.id, p.name);
	wf_program_free(&p);
	return allow_if(ok);
}

/* The state of the report of hours h of the call's application: 1 and
   *state, 0 when it was never delivered, -1. */
static int
report_state(struct wf_call *c, int h, enum wf_state *state)
{
	struct wf_report r;
	int found = store_wf_report_get(c->ctx->st, c->application_id, h, &r);

	if (found == 1 && !wf_state_parse(WF_REPORTE, r.state, state))
		found = -1;
	wf_report_free(&r);
	return found;
}

static enum wf_verdict
report_accepted(struct wf_call *c, int h, struct buf *why)
{
	enum wf_state st;
	int found;

	if ((found = report_state(c, h, &st)) < 0)
		return WF_ERROR;
	if (found && st == ST_REPORTE_ACEPTADO)
		return WF_OK;
	if (!found)
		buf_say(c->ctx, why, S_FLUJO_REPORTE_NO_ENTREGADO, "horas=%d",
		    h);
	else
		buf_say(c->ctx, why, S_FLUJO_REPORTE_NO_ACEPTADO, "horas=%d "
		    "rechazado=%s", h, st == ST_REPORTE_RECHAZADO ? "sí" : "");
	buf_adds(why, " ");
	return WF_REFUSED;
}

/* The one thing to do when report h must come first (issue 9). */
static void
report_order_next(struct wf_call *c, int h)
{
	enum wf_state st;
	int found;

	if ((found = report_state(c, h, &st)) < 0)
		return;
	if (!found)
		tr_say(c->ctx, TR_NEXT, S_FLUJO_ENVIE_PRIMERO_REPORTE,
		    "horas=%d horas_este=%d", h, c->hours);
	else if (st == ST_REPORTE_RECHAZADO)
		tr_say(c->ctx, TR_NEXT, S_FLUJO_CORRIJA_REPORTE_HORAS,
		    "horas=%d horas_este=%d", h, c->hours);
	else
		tr_say(c->ctx, TR_NEXT, S_FLUJO_ESPERE_REVISION_REPORTE,
		    "horas=%d horas_este=%d", h, c->hours);
}

static enum wf_verdict
g_reporte_en_orden(struct wf_call *c, struct buf *why)
{
	struct wf_application a;
	struct wf_hours h;
	enum wf_verdict v;
	int ok, prev;

	if (store_wf_application_get(c->ctx->st, c->application_id, &a) != 1)
		return WF_ERROR;
	ok = wf_state_is(a.state, ST_SOLICITUD_ACEPTADA);
	if (!ok)
		buf_say(c->ctx, why, S_FLUJO_REPORTES_ENTREGAN_MIENTRAS,
		    "estado=%s", wf_state_text_of(WF_SOLICITUD, a.state));
	wf_application_free(&a);
	if (!ok)
		return WF_REFUSED;
	if ((prev = milestone_previous(c->ctx->cfg, c->hours)) == 0)
		return WF_OK;
	/* Hours accepted in an earlier service (before a baja or a change
	   of agency) count toward the previous milestone. */
	if (store_wf_hours_student(c->ctx->st, c->student_id, &h) != 0)
		return WF_ERROR;
	if (h.accepted >= prev)
		return WF_OK;
	v = report_accepted(c, prev, why);
	if (v == WF_REFUSED)
		report_order_next(c, prev);
	return v;
}

/* The student's accepted hours reach [rules] total_hours. */
static enum wf_verdict
hours_complete(struct wf_call *c, struct buf *why, enum sentence letter)
{
	int total = c->ctx->cfg->total_hours;
	struct wf_hours h;
	char *name;

	if (store_wf_hours_student(c->ctx->st, c->student_id, &h) != 0)
		return WF_ERROR;
	if (h.accepted >= total)
		return WF_OK;
	name = say(c->ctx, letter, SAY_NONE);
	buf_say(c->ctx, why, S_FLUJO_HORAS_INCOMPLETAS, "carta=%s total=%d "
	    "aceptadas=%d en_revision=%s", name, total, h.accepted,
	    h.pending ? "sí" : "");
	buf_adds(why, " ");
	free(name);
	return WF_REFUSED;
}

/* min_months have passed since the acceptance (not counting pauses),
   and not more than max_months unless the coordinator approved it. */
static enum wf_verdict
period_over(struct wf_call *c, struct buf *why)
{
	int r = period_may_end(c->ctx, c->application_id, why);

	if (r != 1)
		return r < 0 ? WF_ERROR : WF_REFUSED;
	r = period_past_max(c->ctx, c->application_id, why);
	return r < 0 ? WF_ERROR : allow_if(!r);
}

/* The hours are there but the service ran past max_months. */
static enum wf_verdict
past_max(struct wf_call *c, struct buf *why, enum sentence letter)
{
	enum wf_verdict v = hours_complete(c, why, letter);
	int r;

	if (v != WF_OK)
		return v;
	r = period_past_max(c->ctx, c->application_id, why);
	return r < 0 ? WF_ERROR : allow_if(r);
}

static enum wf_verdict
g_liberar_excede(struct wf_call *c, struct buf *why)
{
	return past_max(c, why, S_FLUJO_CARTA_LIBERACION);
}

static enum wf_verdict
g_finalizar_excede(struct wf_call *c, struct buf *why)
{
	return past_max(c, why, S_FLUJO_CARTA_FINALIZACION);
}


static enum wf_verdict
g_liberable(struct wf_call *c, struct buf *why)
{
	enum wf_verdict v = hours_complete(c, why, S_FLUJO_CARTA_LIBERACION);

	return v != WF_OK ? v : period_over(c, why);
}

static enum wf_verdict
g_finalizable(struct wf_call *c, struct buf *why)
{
	enum wf_verdict v = hours_complete(c, why,
	    S_FLUJO_CARTA_FINALIZACION);

	return v != WF_OK ? v : period_over(c, why);
}

static enum wf_verdict
g_convenio_vigente(struct wf_call *c, struct buf *why)
{
	enum wf_state st;
	int r, ok;

	r = store_wf_state_get(c->ctx->st, WF_DEPENDENCIA, c->agency_id, &st);
	if (r < 0)
		return WF_ERROR;
	ok = r == 1 && st == ST_DEPENDENCIA_CONVENIO_VIGENTE;
	if (!ok)
		buf_say(c->ctx, why, S_FLUJO_DEPENDENCIA_ACTUA_SOLO,
		    "estado=%s", wf_state_text(st));
	return allow_if(ok);
}

/* An agency publishes or accepts only while its convenio runs (issue
   11); the students it already has go on reporting. */
static enum wf_verdict
convenio_runs(struct wf_call *c, struct buf *why)
{
	int r = convenio_ended(c->ctx, c->agency_id, why);

	return r < 0 ? WF_ERROR : allow_if(r == 0);
}

/* The agency may publish, or edit what it published: its convenio is
   approved and its term has not ended (an ended one hides its programs,
   so an edit would tell the agency that students see what they do not). */
static enum wf_verdict
g_publica(struct wf_call *c, struct buf *why)
{
	enum wf_verdict v = g_convenio_vigente(c, why);

	return v == WF_OK ? convenio_runs(c, why) : v;
}

/* [workflow] programs_need_approval: a program the agency may publish
   waits for the coordinators first (says nothing when approval is off:
   the next row publishes it). */
static enum wf_verdict
g_publica_revisada(struct wf_call *c, struct buf *why)
{
	if (!c->ctx->cfg->programs_need_approval)
		return WF_REFUSED;
	return g_publica(c, why);
}

static enum wf_verdict
g_acepta(struct wf_call *c, struct buf *why)
{
	enum wf_verdict v = convenio_runs(c, why);

	return v == WF_OK ? g_vacante(c, why) : v;
}

/* An edit's cupo against the students accepted: whether the program is
   full after it (1), or not (0); -1 on error. */
static int
edicion_deja_lleno(struct wf_call *c)
{
	struct wf_program p;
	int full;

	if (program_state(c, &p) != 0)
		return -1;
	full = c->vacantes <= p.ocupadas;
	wf_program_free(&p);
	return full;
}

/* The edit leaves no place free (these two say nothing when they do not
   match: the next row, the edit that keeps the state, is tried). */
static enum wf_verdict
g_edicion_llena(struct wf_call *c, struct buf *why)
{
	enum wf_verdict v = g_publica(c, why);
	int r;

	if (v != WF_OK)
		return v;
	r = edicion_deja_lleno(c);
	return r < 0 ? WF_ERROR : allow_if(r == 1);
}

/* [workflow] programs_need_approval: the edit waits for the
   coordinators (says nothing when approval is off). */
static enum wf_verdict
g_edicion_revisada(struct wf_call *c, struct buf *why)
{
	if (!c->ctx->cfg->programs_need_approval)
		return WF_REFUSED;
	return g_publica(c, why);
}

/* The edit gives a full program places again. */
static enum wf_verdict
g_edicion_abre(struct wf_call *c, struct buf *why)
{
	enum wf_verdict v = g_publica(c, why);
	int r;

	if (v != WF_OK)
		return v;
	r = edicion_deja_lleno(c);
	return r < 0 ? WF_ERROR : allow_if(r == 0);
}

/* Which row a decision takes follows the kind of the matter: these say
   nothing when they do not match, the next row is tried. */
static enum wf_verdict
asunto_is(const struct wf_call *c, const char *kind)
{
	return allow_if(c->matter_kind != NULL &&
	    strcmp(c->matter_kind, kind) == 0);
}

static enum wf_verdict
g_asunto_convenio(struct wf_call *c, struct buf *why)
{
	(void)why;
	return asunto_is(c, MATTER_CONVENIO);
}

static enum wf_verdict
g_asunto_presentacion(struct wf_call *c, struct buf *why)
{
	(void)why;
	return asunto_is(c, MATTER_PRESENTACION);
}

static enum wf_verdict
g_asunto_reporte(struct wf_call *c, struct buf *why)
{
	(void)why;
	return asunto_is(c, MATTER_REPORTE);
}

static enum wf_verdict
g_asunto_baja(struct wf_call *c, struct buf *why)
{
	(void)why;
	return asunto_is(c, MATTER_BAJA);
}

static enum wf_verdict
g_asunto_pausa(struct wf_call *c, struct buf *why)
{
	(void)why;
	return asunto_is(c, MATTER_PAUSA);
}

static enum wf_verdict
g_asunto_programa(struct wf_call *c, struct buf *why)
{
	(void)why;
	return asunto_is(c, MATTER_PROGRAMA);
}

static enum wf_verdict
g_asunto_edicion(struct wf_call *c, struct buf *why)
{
	(void)why;
	return asunto_is(c, MATTER_PROGRAMA_EDICION);
}


/* ---- the engine ---- */

void
wf_call_application(struct wf_call *c, struct hctx *ctx,
    const struct wf_application *a, enum wf_event ev)
{
	memset(c, 0, sizeof(*c));
	c->ctx = ctx;
	c->entity = WF_SOLICITUD;
	c->id = a->id;
	c->event = ev;
	c->student_id = a->student_id;
	c->agency_id = a->agency_id;
	c->program_id = a->program_id;
	c->application_id = a->id;
}

static int
row_matches(const struct wf_transition *t, enum wf_entity e,
    enum wf_state state, enum wf_event ev)
{
	if (t->entity != e || t->event != ev)
		return 0;
	if (t->from == WF_ANY)
		return state != wf_state_initial(e);
	return t->from == state;
}

int
wf_allowed(enum wf_entity e, enum wf_state state, enum wf_event ev)
{
	for (size_t i = 0; i < wf_table_len; i++)
		if (row_matches(&wf_table[i], e, state, ev))
			return 1;
	return 0;
}

static void
explain_out_of_order(struct wf_call *c, enum wf_state state)
{
	const char *next = wf_state_next(state);

	tr_say(c->ctx, TR_ERROR, S_FLUJO_NO_SE_PUEDE, "accion=%s estado=%s",
	    wf_event_text(c->event), wf_state_text(state));
	if (next != NULL)
		tr_next(c->ctx, "%s", next);
	log_info("msg %lld: %s %lld in state %s: %s is out of order",
	    (long long)c->ctx->msg_row, wf_entity_name(c->entity),
	    (long long)c->id, wf_state_name(state), wf_event_name(c->event));
}

/* The row that applies, or NULL with why (guard) or nothing (no row). */
static enum wf_verdict
choose(struct wf_call *c, enum wf_state state,
    const struct wf_transition **row, struct buf *why, int *any)
{
	*row = NULL;
	*any = 0;
	for (size_t i = 0; i < wf_table_len; i++) {
		const struct wf_transition *t = &wf_table[i];
		enum wf_verdict g;

		if (!row_matches(t, c->entity, state, c->event))
			continue;
		*any = 1;
		if (t->guard == NULL) {
			*row = t;
			return WF_OK;
		}
		buf_reset(why);
		if ((g = t->guard(c, why)) == WF_ERROR)
			return WF_ERROR;
		if (g == WF_OK) {
			*row = t;
			return WF_OK;
		}
	}
	return WF_OK;
}

/* The row of the call's entity a cascade to entity e moves. */
static int64_t
call_id_of(const struct wf_call *c, enum wf_entity e)
{
	switch (e) {
	case WF_ALUMNO:
		return c->student_id;
	case WF_DEPENDENCIA:
		return c->agency_id;
	case WF_PROGRAMA:
		return c->program_id;
	case WF_SOLICITUD:
		return c->application_id;
	case WF_REPORTE:
		return c->report_id;
	case WF_ASUNTO:
		return c->matter_id;
	case WF_PAUSA:
		return c->pause_id;
	default:
		return 0;
	}
}

/* The state of (e, id): its "nuevo" when id is 0.  1, or -1. */
static int
state_of(struct hctx *ctx, enum wf_entity e, int64_t id, enum wf_state *st)
{
	int r;

	*st = wf_state_initial(e);
	if (id == 0)
		return 1;
	if ((r = store_wf_state_get(ctx->st, e, id, st)) == 0)
		log_err("workflow: no %s %lld", wf_entity_name(e),
		    (long long)id);
	return r == 1 ? 1 : -1;
}

/*
 * The followers a row must carry along can follow: checked before its
 * effect, so a refusal says why before anything was done or said.
 */
static enum wf_verdict
followers_can_follow(struct wf_call *c, const struct wf_transition *row)
{
	for (int i = 0; i < WF_MAX_THEN; i++) {
		const struct wf_then *t = &row->then[i];
		struct wf_call f;
		enum wf_state st;

		if (t->when != WF_MUST)
			continue;
		f = *c;
		f.entity = t->entity;
		f.id = call_id_of(c, t->entity);
		f.event = t->event;
		if (state_of(c->ctx, f.entity, f.id, &st) < 0)
			return WF_ERROR;
		if (!wf_allowed(f.entity, st, f.event)) {
			explain_out_of_order(&f, st);
			return WF_REFUSED;
		}
	}
	return WF_OK;
}

/* Fire the row's cascades with the call's (updated) rows. */
static enum wf_verdict
cascade(struct wf_call *c, const struct wf_transition *row)
{
	for (int i = 0; i < WF_MAX_THEN; i++) {
		const struct wf_then *t = &row->then[i];
		struct wf_call f;
		enum wf_verdict v;

		if (t->when == WF_NONE)
			continue;
		f = *c;
		f.entity = t->entity;
		f.id = call_id_of(c, t->entity);
		f.event = t->event;
		f.quiet = t->when == WF_IF_ALLOWED;
		v = wf_fire(&f);
		/* Rows the follower created are the call's business too. */
		c->student_id = f.student_id;
		c->agency_id = f.agency_id;
		c->program_id = f.program_id;
		c->application_id = f.application_id;
		c->report_id = f.report_id;
		c->matter_id = f.matter_id;
		c->pause_id = f.pause_id;
		if (v == WF_ERROR || (v == WF_REFUSED && !f.quiet))
			return v;
	}
	return WF_OK;
}

static enum wf_verdict
apply(struct wf_call *c, const struct wf_transition *row,
    enum wf_state state)
{
	struct store *st = c->ctx->st;
	int creating = state == wf_state_initial(c->entity);
	enum wf_verdict v;

	c->state = state;
	c->next = row->to == WF_SAME ? state : row->to;
	if ((v = followers_can_follow(c, row)) != WF_OK)
		return v;
	if (store_wf_savepoint(st) != 0)
		return WF_ERROR;
	if (row->effect != NULL && (v = row->effect(c)) != WF_OK)
		goto undo;
	v = WF_ERROR;
	if (c->id == 0) {
		log_err("workflow: %s %s created no row",
		    wf_entity_name(c->entity), wf_event_name(c->event));
		goto undo;
	}
	if ((creating || c->next != state) &&
	    store_wf_state_set(st, c->entity, c->id, c->next,
	    c->ctx->now) != 0)
		goto undo;
	if ((v = cascade(c, row)) != WF_OK)
		goto undo;
	v = WF_ERROR;
	if (store_wf_audit(st, c->entity, c->id, wf_event_name(c->event),
	    wf_state_name(state), wf_state_name(c->next), hctx_actor(c->ctx),
	    c->ctx->msg_row, c->ctx->now, c->note) != 0)
		goto undo;
	if (store_wf_release(st) != 0)
		return WF_ERROR;
	return WF_OK;
undo:
	if (store_wf_rollback_to(st) != 0)
		return WF_ERROR;
	return v == WF_ERROR ? WF_ERROR : WF_REFUSED;
}

enum wf_verdict
wf_fire(struct wf_call *c)
{
	const struct wf_transition *row;
	enum wf_state state;
	enum wf_verdict v = WF_ERROR;
	struct buf why;
	int any;

	buf_init(&why);
	if (state_of(c->ctx, c->entity, c->id, &state) < 0)
		goto out;
	if (choose(c, state, &row, &why, &any) != WF_OK)
		goto out;
	if (row == NULL) {
		if (c->quiet)
			;
		else if (!any)
			explain_out_of_order(c, state);
		else
			tr_say(c->ctx, TR_ERROR, S_FLUJO_NO_SE_PUEDE_MOTIVO,
			    "accion=%s motivo=%s", wf_event_text(c->event),
			    why.data);
		v = WF_REFUSED;
		goto out;
	}
	v = apply(c, row, state);
out:
	buf_free(&why);
	return v;
}
