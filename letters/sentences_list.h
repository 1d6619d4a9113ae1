/* SPDX-License-Identifier: ISC */
/*
 * sentences_list.h - every sentence tequio says in replies, notices and
 * subjects: SENTENCE(ID, "grupo.nombre", "its variables").  Included by
 * sentences.h (the enum S_ID) and sentences.c (names and variables), so a
 * sentence is declared in one place.  The text of "grupo.nombre" is in
 * templates/mensajes_<grupo>.txt; a new sentence is a line here, its text
 * there and a line in templates/README.md.  No include guard: it is
 * meant to be included more than once.
 */

/* ESTADO (handlers/h_estado.c) */
SENTENCE(ESTADO_REPORTE_CUBIERTO, "estado.reporte_cubierto", "")
SENTENCE(ESTADO_REPORTE_NO_ENTREGADO, "estado.reporte_no_entregado", "")
SENTENCE(ESTADO_REPORTE_SIGUIENTE, "estado.reporte_siguiente", "horas")
SENTENCE(ESTADO_REPORTE_CORREGIR, "estado.reporte_corregir", "horas")
SENTENCE(ESTADO_REPORTE_ESPERAR, "estado.reporte_esperar", "horas")
SENTENCE(ESTADO_REPORTES_COMPLETOS, "estado.reportes_completos", "")
SENTENCE(ESTADO_DOCUMENTO_LLEGO, "estado.documento_llego", "")
SENTENCE(ESTADO_FOTO_FALTA, "estado.foto_falta", "")
SENTENCE(ESTADO_DOCUMENTO_FALTA, "estado.documento_falta", "")
SENTENCE(ESTADO_SOLICITUD, "estado.solicitud",
    "solicitud programa dependencia estado")
SENTENCE(ESTADO_HORAS_FALTAN, "estado.horas_faltan",
    "aceptadas en_revision faltan total")
SENTENCE(ESTADO_HORAS_CUMPLIDAS, "estado.horas_cumplidas",
    "aceptadas en_revision total")
SENTENCE(ESTADO_DOCUMENTO_FALTANTE, "estado.documento_faltante",
    "documento tipos")
