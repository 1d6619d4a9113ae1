/* SPDX-License-Identifier: ISC */
/*
 * commands.h - every command handler, one group per file.  Each takes the
 * context the pipeline filled, adds its transcript (hutil.h) and returns 0
 * (handled, perhaps refused) or -1 (database error: roll back, retry).
 */
#ifndef TEQUIO_COMMANDS_H
#define TEQUIO_COMMANDS_H

#include "handlers/handlers.h"

/* h_ayuda.c: help, the unknown command, a command of another role. */
int h_ayuda(struct hctx *ctx);
int h_desconocido(struct hctx *ctx);
int h_otro_rol(struct hctx *ctx);

/* h_estado.c */
int h_estado(struct hctx *ctx);

/* h_confirmar.c: commands from unverified senders. */
int h_confirmar_pedir(struct hctx *ctx);
/* The answer to a confirmation mail: CONFIRMAR runs the kept command,
   anything else cancels it (and a denial is reported as a forgery). */
int h_confirmar_responder(struct hctx *ctx);
/* A coordinator command from an unproven sender: refused, never kept. */
int h_coordinador_no_verificado(struct hctx *ctx);

/* h_alumno.c */
int h_registro(struct hctx *ctx);
int h_foto(struct hctx *ctx);
int h_presentacion(struct hctx *ctx);

/* h_programa.c */
int h_programas(struct hctx *ctx);
int h_programa(struct hctx *ctx);

/* h_solicitud.c */
int h_solicitud(struct hctx *ctx);
int h_aceptar(struct hctx *ctx);
int h_cancelar_solicitud(struct hctx *ctx);
int h_rechazar_solicitud(struct hctx *ctx);

/* h_reporte.c */
int h_reporte(struct hctx *ctx);

/* pause.c: a student's or the coordinator's PAUSA and REANUDAR */
int h_pausa(struct hctx *ctx);
int h_reanudar(struct hctx *ctx);

/* h_dependencia.c */
int h_registro_dependencia(struct hctx *ctx);
int h_documentos(struct hctx *ctx);
int h_baja(struct hctx *ctx);
int h_baja_alumno(struct hctx *ctx);
int h_liberar(struct hctx *ctx);

/* h_coordinador.c */
int h_aprobar(struct hctx *ctx);
int h_rechazar_codigo(struct hctx *ctx);
int h_pendientes(struct hctx *ctx);
int h_solicitar_reporte(struct hctx *ctx);
int h_finalizar(struct hctx *ctx);
int h_cambio(struct hctx *ctx);
int h_validar(struct hctx *ctx);
int h_observar(struct hctx *ctx);

/* h_direccion.c: a coordinator reissues or revokes a personal address */
int h_nueva_direccion(struct hctx *ctx);
int h_anular_direccion(struct hctx *ctx);

/* h_informes.c: REPORTE ALUMNOS / REPORTE DEPENDENCIAS */
int h_reporte_alumnos(struct hctx *ctx);
int h_reporte_dependencias(struct hctx *ctx);

/* privacy.c: the aviso de privacidad integral (issue 12) */
int h_privacidad(struct hctx *ctx);
int h_documento(struct hctx *ctx);	/* coordinator: DOCUMENTO <id> */

/* h_arco.c: ARCO rights by mail (issue 12) */
int h_mis_datos(struct hctx *ctx);
int h_rectificar(struct hctx *ctx);
int h_cancelar_mis_datos(struct hctx *ctx);
int h_oposicion(struct hctx *ctx);

#endif
