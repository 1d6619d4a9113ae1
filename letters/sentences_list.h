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

/* ALUMNO (handlers/h_alumno.c) */
SENTENCE(ALUMNO_MATRICULA_NUMERO_MATRICULA, "alumno.matricula_numero_matricula",
    "")
SENTENCE(ALUMNO_MATRICULA_VALIDA_USE, "alumno.matricula_valida_use",
    "matricula matricula_max")
SENTENCE(ALUMNO_NOMBRE_NOMBRE_COMPLETO, "alumno.nombre_nombre_completo", "")
SENTENCE(ALUMNO_CARRERA_NOMBRE_CARRERA, "alumno.carrera_nombre_carrera", "")
SENTENCE(ALUMNO_CREDITOS_PORCENTAJE_CREDITOS, "alumno.creditos_porcentaje_creditos",
    "")
SENTENCE(ALUMNO_PORCENTAJE_CREDITOS_VALIDO, "alumno.porcentaje_creditos_valido",
    "creditos")
SENTENCE(ALUMNO_FALTAN_DATOS_CUERPO, "alumno.faltan_datos_cuerpo", "")
SENTENCE(ALUMNO_MATRICULA_ESTA_REGISTRADA, "alumno.matricula_esta_registrada",
    "matricula")
SENTENCE(ALUMNO_REGISTRAMOS_CUENTA_ESTUDIANTE, "alumno.registramos_cuenta_estudiante",
    "nombre matricula carrera creditos")
SENTENCE(ALUMNO_DIRECCION_PERSONAL_ENVIARNOS, "alumno.direccion_personal_enviarnos",
    "direccion")
SENTENCE(ALUMNO_ENVIE_FOTO_FOTOGRAFIA, "alumno.envie_foto_fotografia", "")
SENTENCE(ALUMNO_ESCRIBA_NUEVO_ASUNTO, "alumno.escriba_nuevo_asunto", "")
SENTENCE(ALUMNO_GUARDAMOS_FOTOGRAFIA, "alumno.guardamos_fotografia", "archivo")
SENTENCE(ALUMNO_ENVIE_PRESENTACION_PEDIR, "alumno.envie_presentacion_pedir",
    "")
SENTENCE(ALUMNO_MENSAJE_TRAE_FOTOGRAFIA, "alumno.mensaje_trae_fotografia", "")
SENTENCE(ALUMNO_ENVIE_FOTO_NUEVO, "alumno.envie_foto_nuevo", "")
SENTENCE(ALUMNO_PEDIMOS_COORDINACION_CARTA, "alumno.pedimos_coordinacion_carta",
    "")
SENTENCE(ALUMNO_ESPERE_RESPUESTA_COORDINACION, "alumno.espere_respuesta_coordinacion",
    "")
SENTENCE(ALUMNO_ASUNTO_CARTAS_SERVICIO_SOCIAL, "alumno.asunto_cartas_servicio_social",
    "")
SENTENCE(ALUMNO_EMITIMOS_CARTA_PRESENTACION, "alumno.emitimos_carta_presentacion",
    "folio_presentacion folio_constancia alumno.nombre")
SENTENCE(ALUMNO_ASUNTO_RESPUESTA_PETICION_CARTAS, "alumno.asunto_respuesta_peticion_cartas",
    "")
SENTENCE(ALUMNO_AVISAMOS_PETICION_CARTA, "alumno.avisamos_peticion_carta",
    "alumno.nombre")

/* ALUMNO (handlers/h_alumno.c) */
SENTENCE(ALUMNO_MATRICULA_CREDITOS_PIDE, "alumno.matricula_creditos_pide",
    "alumno.nombre alumno.matricula alumno.carrera alumno.creditos")
SENTENCE(ALUMNO_COORDINACION_APROBO_PETICION, "alumno.coordinacion_aprobo_peticion",
    "")
SENTENCE(ALUMNO_ESCRIBA_PROGRAMAS_VER, "alumno.escriba_programas_ver",
    "folio_presentacion folio_constancia")
SENTENCE(ALUMNO_ATIENDA_MOTIVO_ENVIE, "alumno.atienda_motivo_envie", "")
SENTENCE(ALUMNO_COORDINACION_NO_APROBO, "alumno.coordinacion_no_aprobo",
    "motivo")
