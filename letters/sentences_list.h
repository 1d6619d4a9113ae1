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
SENTENCE(ESTADO_EN_PAUSA, "estado.en_pausa",
    "fecha")
SENTENCE(ESTADO_DIAS_EN_PAUSA, "estado.dias_en_pausa",
    "dias")

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
SENTENCE(ALUMNO_PADRON_OTRO_CORREO, "alumno.padron_otro_correo", "matricula")
SENTENCE(ALUMNO_PADRON_ESCRIBA_DESDE, "alumno.padron_escriba_desde", "")
SENTENCE(ALUMNO_PADRON_DATOS, "alumno.padron_datos", "nombre carrera creditos")
SENTENCE(ALUMNO_CREDITOS_MINIMOS, "alumno.creditos_minimos",
    "minimo creditos padron")
SENTENCE(ALUMNO_CREDITOS_PADRON_MUESTRE, "alumno.creditos_padron_muestre",
    "minimo")
SENTENCE(ALUMNO_CREDITOS_CUANDO_ALCANCE, "alumno.creditos_cuando_alcance",
    "minimo")
SENTENCE(ALUMNO_PADRON_NO_APARECE, "alumno.padron_no_aparece", "matricula")
SENTENCE(ALUMNO_PADRON_REVISE, "alumno.padron_revise", "")

/* SOLICITUD (handlers/h_solicitud.c) */
SENTENCE(SOLICITUD_ARCHIVO_NO_LE, "solicitud.archivo_no_le",
    "archivo documento")
SENTENCE(SOLICITUD_ARCHIVO_FOLIO_NO, "solicitud.archivo_folio_no",
    "archivo folio documento")
SENTENCE(SOLICITUD_MATRICULA_CARRERA_CREDITOS, "solicitud.matricula_carrera_creditos",
    "alumno.nombre alumno.matricula alumno.carrera alumno.creditos clave programa")
SENTENCE(SOLICITUD_ACEPTARLO_RESPONDA_ESTE, "solicitud.aceptarlo_responda_este",
    "solicitud")
SENTENCE(SOLICITUD_ASUNTO_QUIERE_PRESTAR_SERVICIO, "solicitud.asunto_quiere_prestar_servicio",
    "alumno.nombre solicitud")
SENTENCE(SOLICITUD_ENVIAMOS_SOLICITUD_PROGRAMA, "solicitud.enviamos_solicitud_programa",
    "solicitud programa dependencia")
SENTENCE(SOLICITUD_ESPERE_RESPUESTA_DEPENDENCIA, "solicitud.espere_respuesta_dependencia",
    "")
SENTENCE(SOLICITUD_NO_CLAVE_PROGRAMA, "solicitud.no_clave_programa", "clave")
SENTENCE(SOLICITUD_FALTA_CLAVE_PROGRAMA, "solicitud.falta_clave_programa", "")
SENTENCE(SOLICITUD_ESCRIBA_PROGRAMAS_VER, "solicitud.escriba_programas_ver",
    "")
SENTENCE(SOLICITUD_NO_HAY_NINGUN, "solicitud.no_hay_ningun", "clave")
SENTENCE(SOLICITUD_ESCRIBA_PROGRAMAS_VER_2, "solicitud.escriba_programas_ver_2",
    "")
SENTENCE(SOLICITUD_PDF_ADJUNTA_NOMBRE, "solicitud.pdf_adjunta_nombre",
    "documento nombre_archivo")
SENTENCE(SOLICITUD_FALTAN_DOCUMENTOS_NO, "solicitud.faltan_documentos_no", "")
SENTENCE(SOLICITUD_ENVIE_SOLICITUD_NUEVO, "solicitud.envie_solicitud_nuevo",
    "solicitud")
SENTENCE(SOLICITUD_SOLICITUD_NO_AVISO, "solicitud.solicitud_no_aviso",
    "solicitud aviso")
SENTENCE(SOLICITUD_FALTA_NUMERO_SOLICITUD, "solicitud.falta_numero_solicitud",
    "comando")
SENTENCE(SOLICITUD_RESPONDA_AVISO_SOLICITUD, "solicitud.responda_aviso_solicitud",
    "comando")
SENTENCE(SOLICITUD_NO_HAY_NINGUNA, "solicitud.no_hay_ninguna", "solicitud")
SENTENCE(SOLICITUD_ACEPTO_SOLICITUD_PROGRAMA, "solicitud.acepto_solicitud_programa",
    "dependencia.nombre programa folio")
SENTENCE(SOLICITUD_PRESTE_SERVICIO_ENTREGUE, "solicitud.preste_servicio_entregue",
    "")
SENTENCE(SOLICITUD_ASUNTO_CARTA_ACEPTACION_SERVICIO, "solicitud.asunto_carta_aceptacion_servicio",
    "")
SENTENCE(SOLICITUD_ACEPTO_MATRICULA_PROGRAMA, "solicitud.acepto_matricula_programa",
    "dependencia.nombre alumno.nombre alumno.matricula programa")
SENTENCE(SOLICITUD_NADA_AHORA_REPORTES, "solicitud.nada_ahora_reportes", "")
SENTENCE(SOLICITUD_ACEPTAMOS_LE_ENVIAMOS, "solicitud.aceptamos_le_enviamos",
    "alumno.nombre programa folio")
SENTENCE(SOLICITUD_CUANDO_ESTUDIANTE_ENTREGUE, "solicitud.cuando_estudiante_entregue",
    "alumno.matricula")
SENTENCE(SOLICITUD_NO_ACEPTO_SOLICITUD, "solicitud.no_acepto_solicitud",
    "dependencia programa motivo")
SENTENCE(SOLICITUD_ESCRIBA_PROGRAMAS_SOLICITE, "solicitud.escriba_programas_solicite",
    "")
SENTENCE(SOLICITUD_ASUNTO_RESPUESTA_DEPENDENCIA_PETICION, "solicitud.asunto_respuesta_dependencia_peticion",
    "")
SENTENCE(SOLICITUD_RECHAZAMOS_SOLICITUD_LE, "solicitud.rechazamos_solicitud_le",
    "solicitud alumno.nombre")
SENTENCE(SOLICITUD_FALTA_MOTIVO_RECHAZO, "solicitud.falta_motivo_rechazo", "")
SENTENCE(SOLICITUD_ESCRIBA_RECHAZAR_SEGUIDO, "solicitud.escriba_rechazar_seguido",
    "solicitud")
SENTENCE(SOLICITUD_ASUNTO_PETICION_QUEDO_CERRADA, "solicitud.asunto_peticion_quedo_cerrada",
    "solicitud")
SENTENCE(SOLICITUD_SOLICITUD, "solicitud.solicitud",
    "solicitud programa dependencia cierre")
SENTENCE(SOLICITUD_PUEDE_SOLICITAR_OTRO, "solicitud.puede_solicitar_otro", "")
SENTENCE(SOLICITUD_SOLICITUD_MATRICULA_NO, "solicitud.solicitud_matricula_no",
    "solicitud alumno.nombre alumno.matricula programa cierre")
SENTENCE(SOLICITUD_NADA, "solicitud.nada", "")
SENTENCE(SOLICITUD_PROGRAMA_LLENO_AVISAMOS, "solicitud.programa_lleno_avisamos",
    "alumno.nombre solicitud")
SENTENCE(SOLICITUD_SOLICITUD_AVISAMOS_DEPENDENCIA, "solicitud.solicitud_avisamos_dependencia",
    "solicitud programa cierre")
SENTENCE(SOLICITUD_PUEDE_SOLICITAR_OTRO_2, "solicitud.puede_solicitar_otro_2",
    "")
SENTENCE(SOLICITUD_NO_TIENE_NINGUNA, "solicitud.no_tiene_ninguna", "")

/* REPORTE (handlers/h_reporte.c) */
SENTENCE(REPORTE_EVALUELO_VALIDAR_CUERPO, "reporte.evaluelo_validar_cuerpo",
    "alumno.matricula")
SENTENCE(REPORTE_ASUNTO_AVANCE_HORAS, "reporte.asunto_avance_horas",
    "horas alumno.nombre")
SENTENCE(REPORTE_DECIDA_APROBAR_RECHAZAR, "reporte.decida_aprobar_rechazar",
    "codigo")
SENTENCE(REPORTE_ASUNTO_DECISION_PENDIENTE_VERSION, "reporte.asunto_decision_pendiente_version",
    "codigo")
SENTENCE(REPORTE_ENVIE_REPORTE_NUEVO, "reporte.envie_reporte_nuevo", "horas")
SENTENCE(REPORTE_NO_ENTENDIMOS_PERIODO, "reporte.no_entendimos_periodo",
    "valor")
SENTENCE(REPORTE_PERIODO_EMPIEZA_DESPUES, "reporte.periodo_empieza_despues",
    "desde hasta")
SENTENCE(REPORTE_PERIODO_TERMINA_FECHA, "reporte.periodo_termina_fecha",
    "hasta")
SENTENCE(REPORTE_PERIODO_EMPIEZA_ANTES, "reporte.periodo_empieza_antes",
    "desde hasta")
SENTENCE(REPORTE_REPORTE_DECLARA_HORAS, "reporte.reporte_declara_horas",
    "horas_periodo dias maximo_mes maximo")
SENTENCE(REPORTE_REVISE_HORAS_PERIODO, "reporte.revise_horas_periodo", "")
SENTENCE(REPORTE_TIENE_HORAS_ACEPTADAS, "reporte.tiene_horas_aceptadas",
    "aceptadas horas")
SENTENCE(REPORTE_SIGUIENTE_REPORTE_REPORTE, "reporte.siguiente_reporte_reporte",
    "horas")
SENTENCE(REPORTE_ESTE_REPORTE_ACUMULARIA, "reporte.este_reporte_acumularia",
    "total aceptadas horas_periodo horas faltan")
SENTENCE(REPORTE_ENVIE_REPORTE_CUANDO, "reporte.envie_reporte_cuando", "horas")
SENTENCE(REPORTE_NO_ENTENDIMOS_HORAS, "reporte.no_entendimos_horas", "valor")
SENTENCE(REPORTE_COMO_NO_INDICO, "reporte.como_no_indico",
    "horas_periodo horas")
SENTENCE(REPORTE_ESPERE_REVISION_COORDINACION, "reporte.espere_revision_coordinacion",
    "")
SENTENCE(REPORTE_ASUNTO_REVISION_AVANCE_HORAS, "reporte.asunto_revision_avance_horas",
    "horas")
SENTENCE(REPORTE_COORDINACION_ACEPTO_REPORTE, "reporte.coordinacion_acepto_reporte",
    "horas alumno.nombre alumno.matricula aceptadas")
SENTENCE(REPORTE_EMITA_CARTA_LIBERACION, "reporte.emita_carta_liberacion",
    "alumno.matricula")
SENTENCE(REPORTE_ASUNTO_LIBERACION_PROCEDE, "reporte.asunto_liberacion_procede",
    "alumno.nombre")
SENTENCE(REPORTE_RECHAZAMOS_REPORTE_HORAS, "reporte.rechazamos_reporte_horas",
    "horas")
SENTENCE(REPORTE_NO_SABEMOS_CUANTAS, "reporte.no_sabemos_cuantas", "")
SENTENCE(REPORTE_ENVIELO_NUEVO_ASUNTO, "reporte.envielo_nuevo_asunto",
    "asuntos")
SENTENCE(REPORTE_MENSAJE_NO_TRAE, "reporte.mensaje_no_trae", "")
SENTENCE(REPORTE_ENVIE_REPORTE_NUEVO_2, "reporte.envie_reporte_nuevo_2",
    "horas")
SENTENCE(REPORTE_ESE_ALUMNO_NO, "reporte.ese_alumno_no", "")
SENTENCE(REPORTE_FALTA_CALIFICACION_NO, "reporte.falta_calificacion_no", "")
SENTENCE(REPORTE_ASUNTO_EVALUACION_AVANCE, "reporte.asunto_evaluacion_avance",
    "alumno.nombre")
SENTENCE(REPORTE_REGISTRAMOS_EVALUACION_REPORTE, "reporte.registramos_evaluacion_reporte",
    "horas alumno.nombre calificacion")
SENTENCE(REPORTE_FALTAN_OBSERVACIONES_ESCRIBA, "reporte.faltan_observaciones_escriba",
    "")
SENTENCE(REPORTE_HIZO_OBSERVACIONES_REPORTE, "reporte.hizo_observaciones_reporte",
    "dependencia.nombre horas motivo")
SENTENCE(REPORTE_CORRIJA_REPORTE_ENVIELO, "reporte.corrija_reporte_envielo",
    "horas")
SENTENCE(REPORTE_ASUNTO_OBSERVACIONES_AVANCE_HORAS, "reporte.asunto_observaciones_avance_horas",
    "horas")
SENTENCE(REPORTE_ENVIAMOS_OBSERVACIONES_COORDINACION, "reporte.enviamos_observaciones_coordinacion",
    "alumno.nombre")
SENTENCE(REPORTE_ALUMNO_ENTREGO, "reporte.alumno_entrego",
    "alumno.nombre alumno.matricula horas de_nuevo")
SENTENCE(REPORTE_DEPENDENCIA_ALUMNO_ENTREGO, "reporte.dependencia_alumno_entrego",
    "alumno.nombre alumno.matricula dependencia.nombre horas version_nueva")
SENTENCE(REPORTE_DOCUMENTO, "reporte.documento", "")
SENTENCE(REPORTE_REEMPLAZA_ANTERIOR, "reporte.reemplaza_anterior", "")
SENTENCE(REPORTE_RECIBIMOS_REPORTE, "reporte.recibimos_reporte",
    "horas de_nuevo horas_periodo")
SENTENCE(REPORTE_COORDINACION_ACEPTO_SU_REPORTE, "reporte.coordinacion_acepto_su_reporte",
    "horas horas_periodo aceptadas total")
SENTENCE(REPORTE_ACEPTADO_SIGUIENTE, "reporte.aceptado_siguiente", "horas")
SENTENCE(REPORTE_ACEPTADO_FALTAN, "reporte.aceptado_faltan", "faltan horas")
SENTENCE(REPORTE_ACEPTADO_CUMPLIDAS, "reporte.aceptado_cumplidas", "")
SENTENCE(REPORTE_ACEPTAMOS_REPORTE, "reporte.aceptamos_reporte",
    "horas a_la_dependencia")
SENTENCE(REPORTE_COORDINACION_NO_ACEPTO, "reporte.coordinacion_no_acepto",
    "horas motivo")
SENTENCE(REPORTE_CORRIJA_REPORTE, "reporte.corrija_reporte", "horas")
SENTENCE(REPORTE_NO_SE_PUEDE_RECIBIR, "reporte.no_se_puede_recibir", "estado")
SENTENCE(REPORTE_DEPENDENCIA_EVALUO, "reporte.dependencia_evaluo",
    "dependencia.nombre horas alumno.nombre alumno.matricula calificacion observaciones")
SENTENCE(REPORTE_SIN_HORAS, "reporte.sin_horas",
    "aceptadas horas minimo")
SENTENCE(REPORTE_ESPERA_VALIDACION, "reporte.espera_validacion",
    "horas fecha")
SENTENCE(REPORTE_VALIDADO_DECIDIR, "reporte.validado_decidir",
    "codigo")
SENTENCE(SOLICITUD_CIERRE_RETIRADA, "solicitud.cierre_retirada", "")
SENTENCE(SOLICITUD_CIERRE_VENCIDA, "solicitud.cierre_vencida", "")
SENTENCE(SOLICITUD_CIERRE_PROGRAMA_LLENO, "solicitud.cierre_programa_lleno",
    "")

/* DEPENDENCIA (handlers/h_dependencia.c) */
SENTENCE(DEPENDENCIA_TIPO_NO_VALIDO, "dependencia.tipo_no_valido", "tipo")
SENTENCE(DEPENDENCIA_RFC_NO_VALIDO, "dependencia.rfc_no_valido", "rfc")
SENTENCE(DEPENDENCIA_FALTAN_DATOS_CUERPO, "dependencia.faltan_datos_cuerpo",
    "")
SENTENCE(DEPENDENCIA_DEPENDENCIA_RFC_COMPLETO, "dependencia.dependencia_rfc_completo",
    "dependencia.nombre dependencia.tipo dependencia.rfc dependencia.representante dependencia.cargo dependencia.domicilio dependencia.telefono dependencia.correo")
SENTENCE(DEPENDENCIA_SEIS_DOCUMENTOS_SOLICITUD, "dependencia.seis_documentos_solicitud",
    "")
SENTENCE(DEPENDENCIA_ESPERE_RESPUESTA_COORDINACION, "dependencia.espere_respuesta_coordinacion",
    "")
SENTENCE(DEPENDENCIA_SOLICITUD_SIGUE_REVISION, "dependencia.solicitud_sigue_revision",
    "")
SENTENCE(DEPENDENCIA_ESPERE_RESPUESTA_COORDINACION_2, "dependencia.espere_respuesta_coordinacion_2",
    "")
SENTENCE(DEPENDENCIA_RESPONDA_ESTE_CORREO, "dependencia.responda_este_correo",
    "")
SENTENCE(DEPENDENCIA_HAY_DEPENDENCIA_REGISTRADA, "dependencia.hay_dependencia_registrada",
    "rfc")
SENTENCE(DEPENDENCIA_REGISTRAMOS_DEPENDENCIA_RFC, "dependencia.registramos_dependencia_rfc",
    "nombre tipo rfc representante cargo")
SENTENCE(DEPENDENCIA_ESCRIBA_NUEVO_ASUNTO, "dependencia.escriba_nuevo_asunto",
    "")
SENTENCE(DEPENDENCIA_NO_RECONOCIMOS_NINGUNO, "dependencia.no_reconocimos_ninguno",
    "")
SENTENCE(DEPENDENCIA_MENSAJE_NO_TRAE, "dependencia.mensaje_no_trae", "")
SENTENCE(DEPENDENCIA_ADJUNTE_DOCUMENTOS_NOMBRE, "dependencia.adjunte_documentos_nombre",
    "")
SENTENCE(DEPENDENCIA_COORDINACION_APROBO_CONVENIO, "dependencia.coordinacion_aprobo_convenio",
    "dependencia.nombre folio")
SENTENCE(DEPENDENCIA_CREDENCIALES_ACCESO_DIRECCION, "dependencia.credenciales_acceso_direccion",
    "direccion")
SENTENCE(DEPENDENCIA_PUBLIQUE_PROGRAMAS_PROGRAMA, "dependencia.publique_programas_programa",
    "")
SENTENCE(DEPENDENCIA_ASUNTO_CONVENIO_AUTORIZADO_CREDENCIALES, "dependencia.asunto_convenio_autorizado_credenciales",
    "")
SENTENCE(DEPENDENCIA_EMITIMOS_CONVENIO_LE, "dependencia.emitimos_convenio_le",
    "folio dependencia.nombre")
SENTENCE(DEPENDENCIA_CORRIJA_INDICADO_ENVIE, "dependencia.corrija_indicado_envie",
    "")
SENTENCE(DEPENDENCIA_ASUNTO_RESPUESTA_SOBRE_CONVENIO, "dependencia.asunto_respuesta_sobre_convenio",
    "")
SENTENCE(DEPENDENCIA_AVISAMOS_CONVENIO_FUE, "dependencia.avisamos_convenio_fue",
    "dependencia.nombre")
SENTENCE(DEPENDENCIA_COORDINACION_NO_APROBO, "dependencia.coordinacion_no_aprobo",
    "dependencia.nombre motivo")
SENTENCE(DEPENDENCIA_CONVENIO_TERMINO, "dependencia.convenio_termino",
    "fecha")
SENTENCE(DEPENDENCIA_CONVENIO_TERMINA, "dependencia.convenio_termina",
    "dependencia.nombre fecha dias")
SENTENCE(DEPENDENCIA_PARA_RENOVAR_CONVENIO, "dependencia.para_renovar_convenio",
    "")
SENTENCE(DEPENDENCIA_ASUNTO_CONVENIO_TERMINA, "dependencia.asunto_convenio_termina",
    "fecha")
SENTENCE(DEPENDENCIA_CONVENIO_TERMINA_COORDINACION, "dependencia.convenio_termina_coordinacion",
    "dependencia.nombre dependencia.rfc fecha dias")
SENTENCE(DEPENDENCIA_SI_PIDE_RENOVAR, "dependencia.si_pide_renovar",
    "")
SENTENCE(DEPENDENCIA_RENOVACION_YA_PEDIDA, "dependencia.renovacion_ya_pedida",
    "")
SENTENCE(DEPENDENCIA_PIDE_RENOVAR_CONVENIO, "dependencia.pide_renovar_convenio",
    "dependencia.nombre dependencia.rfc fecha")
SENTENCE(DEPENDENCIA_PEDIMOS_RENOVACION, "dependencia.pedimos_renovacion",
    "")
SENTENCE(DEPENDENCIA_COORDINACION_RENOVO_CONVENIO, "dependencia.coordinacion_renovo_convenio",
    "dependencia.nombre folio fecha")
SENTENCE(DEPENDENCIA_ASUNTO_CONVENIO_RENOVADO, "dependencia.asunto_convenio_renovado",
    "")
SENTENCE(DEPENDENCIA_RENOVACION_NO_APROBADA, "dependencia.renovacion_no_aprobada",
    "")
SENTENCE(DEPENDENCIA_FALTA_NOMBRE, "dependencia.falta_nombre", "")
SENTENCE(DEPENDENCIA_FALTA_TIPO, "dependencia.falta_tipo", "")
SENTENCE(DEPENDENCIA_FALTA_RFC, "dependencia.falta_rfc", "")
SENTENCE(DEPENDENCIA_FALTA_REPRESENTANTE, "dependencia.falta_representante",
    "")
SENTENCE(DEPENDENCIA_FALTA_CARGO, "dependencia.falta_cargo", "")
SENTENCE(DEPENDENCIA_FALTA_DOMICILIO, "dependencia.falta_domicilio", "")
SENTENCE(DEPENDENCIA_FALTA_TELEFONO, "dependencia.falta_telefono", "")
SENTENCE(DEPENDENCIA_DOCUMENTO_LLEGO_ESTE_CORREO, "dependencia.documento_llego_este_correo",
    "")
SENTENCE(DEPENDENCIA_DOCUMENTO_OTRO_LADO, "dependencia.documento_otro_lado",
    "")
SENTENCE(DEPENDENCIA_DOCUMENTO_LLEGO_ANTES, "dependencia.documento_llego_antes",
    "")

/* SERVICIO (handlers/h_servicio.c) */
SENTENCE(SERVICIO_PIDIO_COORDINACION_BAJA, "servicio.pidio_coordinacion_baja",
    "solicitante alumno.nombre alumno.matricula dependencia.nombre motivo")
SENTENCE(SERVICIO_NADA_AHORA_COORDINACION, "servicio.nada_ahora_coordinacion",
    "")
SENTENCE(SERVICIO_ASUNTO_PETICION_TERMINO_SERVICIO, "servicio.asunto_peticion_termino_servicio",
    "alumno.nombre")
SENTENCE(SERVICIO_ENVIAMOS_COORDINACION_PETICION, "servicio.enviamos_coordinacion_peticion",
    "alumno.nombre")
SENTENCE(SERVICIO_ESPERE_DECISION_COORDINACION, "servicio.espere_decision_coordinacion",
    "")
SENTENCE(SERVICIO_FALTA_MOTIVO_BAJA, "servicio.falta_motivo_baja", "")
SENTENCE(SERVICIO_NO_TIENE_SERVICIO, "servicio.no_tiene_servicio", "")
SENTENCE(SERVICIO_FALTA_MOTIVO_BAJA_2, "servicio.falta_motivo_baja_2", "")
SENTENCE(SERVICIO_COORDINACION_SERVICIO_SOCIAL, "servicio.coordinacion_servicio_social",
    "")
SENTENCE(SERVICIO_PERSONA_ESTUDIANTE, "servicio.persona_estudiante", "")
SENTENCE(SERVICIO_COORDINACION_APROBO_BAJA, "servicio.coordinacion_aprobo_baja",
    "alumno.nombre programa.nombre dependencia.nombre folio")
SENTENCE(SERVICIO_ALUMNO_PUEDE_SOLICITAR, "servicio.alumno_puede_solicitar",
    "")
SENTENCE(SERVICIO_ASUNTO_TERMINO_SERVICIO_CARTA, "servicio.asunto_termino_servicio_carta",
    "alumno.nombre")
SENTENCE(SERVICIO_EMITIMOS_CARTA_BAJA, "servicio.emitimos_carta_baja", "folio")
SENTENCE(SERVICIO_COORDINACION_NO_APROBO, "servicio.coordinacion_no_aprobo",
    "alumno.nombre motivo")
SENTENCE(SERVICIO_ALUMNO_SIGUE_SERVICIO, "servicio.alumno_sigue_servicio", "")
SENTENCE(SERVICIO_ASUNTO_RESPUESTA_SOBRE_TERMINO, "servicio.asunto_respuesta_sobre_termino",
    "")
SENTENCE(SERVICIO_AVISAMOS_DEPENDENCIA_BAJA, "servicio.avisamos_dependencia_baja",
    "")
SENTENCE(SERVICIO_GERENTE, "servicio.gerente", "")
SENTENCE(SERVICIO_JEFE_INMEDIATO, "servicio.jefe_inmediato", "")
SENTENCE(SERVICIO_EMITIO_CARTA_LIBERACION, "servicio.emitio_carta_liberacion",
    "dependencia.nombre folio gerente jefe folio_evaluacion")
SENTENCE(SERVICIO_COORDINACION_VERIFICARA_LIBERACION, "servicio.coordinacion_verificara_liberacion",
    "")
SENTENCE(SERVICIO_ASUNTO_CARTA_LIBERACION, "servicio.asunto_carta_liberacion",
    "")
SENTENCE(SERVICIO_LIBERO_MATRICULA_CARTA, "servicio.libero_matricula_carta",
    "dependencia.nombre alumno.nombre alumno.matricula folio"
    " folio_evaluacion")
SENTENCE(SERVICIO_VERIFIQUE_LIBERACION_REPORTES, "servicio.verifique_liberacion_reportes",
    "alumno.matricula")
SENTENCE(SERVICIO_ASUNTO_LIBERACION, "servicio.asunto_liberacion",
    "alumno.nombre")
SENTENCE(SERVICIO_EMITIMOS_CARTA_LIBERACION, "servicio.emitimos_carta_liberacion",
    "folio folio_evaluacion alumno.nombre")
SENTENCE(SERVICIO_GERENTE_NOMBRE_QUIEN, "servicio.gerente_nombre_quien", "")
SENTENCE(SERVICIO_JEFE_INMEDIATO_NOMBRE, "servicio.jefe_inmediato_nombre", "")
SENTENCE(SERVICIO_CARTA_LIBERACION_LLEVA, "servicio.carta_liberacion_lleva",
    "")
SENTENCE(SERVICIO_ESCRIBA_NUEVO_LIBERAR, "servicio.escriba_nuevo_liberar", "")
SENTENCE(SERVICIO_COORDINACION_EMITIO_CARTA, "servicio.coordinacion_emitio_carta",
    "folio")
SENTENCE(SERVICIO_NADA_MAS_SERVICIO, "servicio.nada_mas_servicio", "")
SENTENCE(SERVICIO_ASUNTO_CARTA_FINALIZACION_SERVICIO, "servicio.asunto_carta_finalizacion_servicio",
    "")
SENTENCE(SERVICIO_EMITIMOS_CARTA_FINALIZACION, "servicio.emitimos_carta_finalizacion",
    "folio alumno.nombre")
SENTENCE(SERVICIO_ALUMNO_SOLICITA_NUEVO, "servicio.alumno_solicita_nuevo", "")
SENTENCE(SERVICIO_ASUNTO_TRASLADO_OTRA_DEPENDENCIA, "servicio.asunto_traslado_otra_dependencia",
    "alumno.nombre")
SENTENCE(SERVICIO_AUTORIZAMOS_CAMBIO_DEPENDENCIA, "servicio.autorizamos_cambio_dependencia",
    "alumno.nombre horas dependencia.nombre")
SENTENCE(SERVICIO_CALENDARIO_PIDE, "servicio.calendario_pide", "")
SENTENCE(SERVICIO_PIDE_BAJA, "servicio.pide_baja",
    "solicitante alumno.nombre alumno.matricula motivo justificacion")
SENTENCE(SERVICIO_COORDINACION_AUTORIZO_CAMBIO, "servicio.coordinacion_autorizo_cambio",
    "alumno.nombre alumno.matricula motivo dependencia.nombre horas")
SENTENCE(SERVICIO_PAUSA_FECHA_ILEGIBLE, "servicio.pausa_fecha_ilegible",
    "valor campo")
SENTENCE(SERVICIO_PAUSA_ANTES_DEL_SERVICIO, "servicio.pausa_antes_del_servicio",
    "")
SENTENCE(SERVICIO_PAUSA_TERMINA_ANTES, "servicio.pausa_termina_antes",
    "")
SENTENCE(SERVICIO_PAUSA_MUY_LEJOS, "servicio.pausa_muy_lejos",
    "")
SENTENCE(SERVICIO_PAUSA_DIAS, "servicio.pausa_dias",
    "desde hasta")
SENTENCE(SERVICIO_PAUSA_SIN_SERVICIO, "servicio.pausa_sin_servicio",
    "")
SENTENCE(SERVICIO_PAUSA_SOLO_EN_CURSO, "servicio.pausa_solo_en_curso",
    "estado")
SENTENCE(SERVICIO_PAUSA_FALTA_MOTIVO, "servicio.pausa_falta_motivo",
    "")
SENTENCE(SERVICIO_PAUSA_COMO_PEDIR, "servicio.pausa_como_pedir",
    "con_matricula")
SENTENCE(SERVICIO_PAUSA_YA_TIENE, "servicio.pausa_ya_tiene",
    "pedida")
SENTENCE(SERVICIO_PAUSA_PIDE, "servicio.pausa_pide",
    "alumno.nombre alumno.matricula dependencia.nombre dias motivo")
SENTENCE(SERVICIO_PAUSA_ENVIAMOS, "servicio.pausa_enviamos",
    "dias")
SENTENCE(SERVICIO_PAUSA_ESPERE, "servicio.pausa_espere",
    "")
SENTENCE(SERVICIO_PAUSA_AUTORIZADA, "servicio.pausa_autorizada",
    "alumno.nombre alumno.matricula dias motivo")
SENTENCE(SERVICIO_PAUSA_COMO_VOLVER, "servicio.pausa_como_volver",
    "con_fecha")
SENTENCE(SERVICIO_ASUNTO_PAUSA, "servicio.asunto_pausa",
    "")
SENTENCE(SERVICIO_PAUSA_AUTORIZAMOS, "servicio.pausa_autorizamos",
    "alumno.nombre dias")
SENTENCE(SERVICIO_PAUSA_NO_AUTORIZADA, "servicio.pausa_no_autorizada",
    "motivo")
SENTENCE(SERVICIO_PAUSA_SIGUE_IGUAL, "servicio.pausa_sigue_igual",
    "")
SENTENCE(SERVICIO_ASUNTO_PAUSA_RESPUESTA, "servicio.asunto_pausa_respuesta",
    "")
SENTENCE(SERVICIO_PAUSA_NO_PROCEDE, "servicio.pausa_no_procede",
    "")
SENTENCE(SERVICIO_PAUSA_REANUDADO, "servicio.pausa_reanudado",
    "alumno.nombre alumno.matricula fecha dias")
SENTENCE(SERVICIO_PAUSA_SIGA, "servicio.pausa_siga",
    "")
SENTENCE(SERVICIO_ASUNTO_REANUDADO, "servicio.asunto_reanudado",
    "")
SENTENCE(SERVICIO_PAUSA_REANUDAMOS, "servicio.pausa_reanudamos",
    "alumno.nombre fecha dias")
SENTENCE(SERVICIO_PAUSA_NADA_QUE_TERMINAR, "servicio.pausa_nada_que_terminar",
    "pedida")
SENTENCE(SERVICIO_CALIFICACION_NO_ENTENDIDA, "servicio.calificacion_no_entendida",
    "calificacion")
SENTENCE(SERVICIO_EXCEPCION_PIDE, "servicio.excepcion_pide",
    "quien carta alumno.nombre alumno.matricula dependencia.nombre motivo")
SENTENCE(SERVICIO_EXCEPCION_PASAMOS, "servicio.excepcion_pasamos",
    "motivo carta codigo")
SENTENCE(SERVICIO_EXCEPCION_ESPERE, "servicio.excepcion_espere",
    "")
SENTENCE(SERVICIO_EXCEPCION_NO_AUTORIZADA, "servicio.excepcion_no_autorizada",
    "alumno.nombre motivo")
SENTENCE(SERVICIO_EXCEPCION_COMUNIQUESE, "servicio.excepcion_comuniquese",
    "")
SENTENCE(SERVICIO_ASUNTO_EXCEPCION_RESPUESTA, "servicio.asunto_excepcion_respuesta",
    "alumno.nombre")
SENTENCE(SERVICIO_EXCEPCION_NO_PROCEDE, "servicio.excepcion_no_procede",
    "dependencia")

/* DOCUMENTOS (handlers/docs.c) */
SENTENCE(DOCUMENTOS_ARCHIVO_NO_VALIDO, "documentos.archivo_no_valido",
    "archivo documento tipo_archivo tipos")
SENTENCE(DOCUMENTOS_NO_RECIBIMOS_PESA, "documentos.no_recibimos_pesa",
    "archivo tamano maximo")
SENTENCE(DOCUMENTOS_ARCHIVO_DENTRO, "documentos.archivo_dentro",
    "archivo contenedor")
SENTENCE(DOCUMENTOS_RECONOCIDO_GUARDADO, "documentos.reconocido_guardado",
    "descripcion")
SENTENCE(DOCUMENTOS_RECONOCIDO_NO_GUARDADO, "documentos.reconocido_no_guardado",
    "")
SENTENCE(DOCUMENTOS_DEMASIADO_GRANDE, "documentos.demasiado_grande",
    "tamano maximo")

/* COORDINADOR (handlers/h_coordinador.c) */
SENTENCE(COORDINADOR_HOY_ESCRIBIERON_DESDE, "coordinador.hoy_escribieron_desde",
    "")
SENTENCE(COORDINADOR_NO_HAY_NINGUN, "coordinador.no_hay_ningun", "codigo")
SENTENCE(COORDINADOR_ASUNTO_RESPONDE_NO, "coordinador.asunto_responde_no", "")
SENTENCE(COORDINADOR_NO_CODIGO_ASUNTO, "coordinador.no_codigo_asunto",
    "codigo")
SENTENCE(COORDINADOR_FALTA_CODIGO_ASUNTO, "coordinador.falta_codigo_asunto",
    "")
SENTENCE(COORDINADOR_ESCRIBA_PENDIENTES_VER, "coordinador.escriba_pendientes_ver",
    "")
SENTENCE(COORDINADOR_CODIGO_VENCIO, "coordinador.codigo_vencio",
    "codigo fecha")
SENTENCE(COORDINADOR_ASUNTO_SIGUE_PENDIENTE, "coordinador.asunto_sigue_pendiente",
    "codigo")
SENTENCE(COORDINADOR_FALTA_MOTIVO_RECHAZO, "coordinador.falta_motivo_rechazo",
    "")
SENTENCE(COORDINADOR_ASUNTO, "coordinador.asunto", "descripcion")
SENTENCE(COORDINADOR_ESCRIBA_PENDIENTES_VER_2, "coordinador.escriba_pendientes_ver_2",
    "")
SENTENCE(COORDINADOR_NO_HAY_ASUNTOS, "coordinador.no_hay_asuntos", "")
SENTENCE(COORDINADOR_ESCRIBA_APROBAR_CODIGO, "coordinador.escriba_aprobar_codigo",
    "")

/* CONFIRMAR (handlers/h_confirmar.c) */
SENTENCE(CONFIRMAR_MENSAJE_RESPONDE_CORREO, "confirmar.mensaje_responde_correo",
    "correo")
SENTENCE(CONFIRMAR_NO_PUDIMOS_COMPROBAR, "confirmar.no_pudimos_comprobar",
    "correo")
SENTENCE(CONFIRMAR_GUARDAMOS_COMANDO_SIN, "confirmar.guardamos_comando_sin",
    "comando")
SENTENCE(CONFIRMAR_EJECUTARLO_RESPONDA_ESTE, "confirmar.ejecutarlo_responda_este",
    "fecha")
SENTENCE(CONFIRMAR_POSIBLE_SUPLANTACION_ALGUIEN, "confirmar.posible_suplantacion_alguien",
    "asunto correo")
SENTENCE(CONFIRMAR_REVISE_MENSAJE_ORIGINAL, "confirmar.revise_mensaje_original",
    "")
SENTENCE(CONFIRMAR_ASUNTO_POSIBLE_SUPLANTACION, "confirmar.asunto_posible_suplantacion",
    "correo")
SENTENCE(CONFIRMAR_CANCELAMOS_COMANDO_NO, "confirmar.cancelamos_comando_no",
    "asunto")
SENTENCE(CONFIRMAR_AVISAMOS_COORDINACION_ALGUIEN, "confirmar.avisamos_coordinacion_alguien",
    "")
SENTENCE(CONFIRMAR_SOLO_EJECUTA_COMANDO, "confirmar.solo_ejecuta_comando", "")
SENTENCE(CONFIRMAR_NO_ENCONTRAMOS_COMANDO, "confirmar.no_encontramos_comando",
    "")
SENTENCE(CONFIRMAR_ENVIE_COMANDO_NUEVO, "confirmar.envie_comando_nuevo", "")
SENTENCE(CONFIRMAR_ESA_CONFIRMACION_RESPONDIO, "confirmar.esa_confirmacion_respondio",
    "fecha asunto")
SENTENCE(CONFIRMAR_ESCRIBA_ESTADO_VER, "confirmar.escriba_estado_ver", "")
SENTENCE(CONFIRMAR_COMANDOS_COORDINACION_NO, "confirmar.comandos_coordinacion_no",
    "")
SENTENCE(CONFIRMAR_RECIBIMOS_CONFIRMACION_COMANDO, "confirmar.recibimos_confirmacion_comando",
    "asunto")
SENTENCE(CONFIRMAR_NO_PUDIMOS_COMPROBAR_2, "confirmar.no_pudimos_comprobar_2",
    "correo")
SENTENCE(CONFIRMAR_NO_EJECUTAMOS_COMANDO, "confirmar.no_ejecutamos_comando",
    "comando")
SENTENCE(CONFIRMAR_ENVIELO_DESDE_CUENTA, "confirmar.envielo_desde_cuenta", "")
SENTENCE(COORDINADOR_CODIGO_DE_OTRO_ASUNTO, "coordinador.codigo_de_otro_asunto",
    "asunto respondido")
SENTENCE(COORDINADOR_HAY_PENDIENTES, "coordinador.hay_pendientes", "n")
SENTENCE(COORDINADOR_HAY_PENDIENTES_VARIOS, "coordinador.hay_pendientes_varios",
    "n")
SENTENCE(COORDINADOR_REPORTE_NO_AHORA, "coordinador.reporte_no_ahora",
    "motivo")
SENTENCE(DOCUMENTOS_NO_LO_TOMAMOS, "documentos.no_lo_tomamos",
    "documento tipos")
SENTENCE(DOCUMENTOS_LOGO_NO_SIRVE, "documentos.logo_no_sirve",
    "archivo motivo")
SENTENCE(DOCUMENTOS_LOGO_NO_LO_TOMAMOS, "documentos.logo_no_lo_tomamos",
    "motivo")
SENTENCE(DOCUMENTOS_LO_TOMAMOS, "documentos.lo_tomamos", "documento")
SENTENCE(DOCUMENTOS_LO_TOMAMOS_OTRO_LADO, "documentos.lo_tomamos_otro_lado",
    "documento")
SENTENCE(DOCUMENTOS_NO_LO_USAMOS, "documentos.no_lo_usamos",
    "archivo documento")
SENTENCE(DOCUMENTOS_NO_SUPIMOS_CUAL, "documentos.no_supimos_cual", "ejemplo")
SENTENCE(DOCUMENTOS_NO_SUPIMOS_CUAL_FALTAN,
    "documentos.no_supimos_cual_faltan", "faltan")
SENTENCE(DOCUMENTOS_NO_LO_NECESITABAMOS, "documentos.no_lo_necesitabamos", "")
SENTENCE(DOCUMENTOS_SIN_NOMBRE, "documentos.sin_nombre", "")
SENTENCE(DOCUMENTOS_DESCRIPCION_ARCHIVO, "documentos.descripcion_archivo",
    "tipo_archivo que_se_hizo")
SENTENCE(DOCUMENTOS_ABIERTO_VACIO, "documentos.abierto_vacio", "")
SENTENCE(DOCUMENTOS_ABIERTO_UNO, "documentos.abierto_uno", "n")
SENTENCE(DOCUMENTOS_ABIERTO_VARIOS, "documentos.abierto_varios", "n")
SENTENCE(DOCUMENTOS_IMAGEN_NO_USADA, "documentos.imagen_no_usada", "")
SENTENCE(DOCUMENTOS_IMAGEN_FIRMA, "documentos.imagen_firma", "")
SENTENCE(DOCUMENTOS_NO_GUARDADO_PREGUNTA, "documentos.no_guardado_pregunta",
    "")
SENTENCE(DOCUMENTOS_NO_GUARDADO_COMANDO, "documentos.no_guardado_comando",
    "comando")
SENTENCE(DOCUMENTOS_NO_GUARDADO_SIN_COMANDO, "documentos.no_guardado_sin_comando",
    "")

/* PROGRAMA (handlers/h_programa.c) */
SENTENCE(PROGRAMA_NO_NUMERO_VACANTES, "programa.no_numero_vacantes",
    "vacantes max_vacantes")
SENTENCE(PROGRAMA_LISTADO_ACTIVIDADES_PDF, "programa.listado_actividades_pdf",
    "")
SENTENCE(PROGRAMA_FALTAN_DATOS_DOCUMENTOS, "programa.faltan_datos_documentos",
    "")
SENTENCE(PROGRAMA_ESTUDIANTES_SOLICITAN_SOLICITUD, "programa.estudiantes_solicitan_solicitud",
    "programa")
SENTENCE(PROGRAMA_ESCRIBA_NUEVO_ASUNTO, "programa.escriba_nuevo_asunto", "")
SENTENCE(PROGRAMA_AHORA_NO_HAY, "programa.ahora_no_hay", "filtros")
SENTENCE(PROGRAMA_ESCRIBA_PROGRAMAS_MAS, "programa.escriba_programas_mas", "")
SENTENCE(PROGRAMA_SOLICITAR_UNO_ESCRIBA, "programa.solicitar_uno_escriba",
    "programa")

/* INFORMES (handlers/h_informes.c) */
SENTENCE(INFORMES_ASUNTO_INFORME_ALUMNOS, "informes.asunto_informe_alumnos",
    "dependencia")
SENTENCE(INFORMES_ENVIAMOS_REPORTE_COORDINACION, "informes.enviamos_reporte_coordinacion",
    "")
SENTENCE(INFORMES_PREPARAMOS_REPORTE_ALUMNOS, "informes.preparamos_reporte_alumnos",
    "filas")
SENTENCE(INFORMES_COORDINACION_SERVICIO_SOCIAL, "informes.coordinacion_servicio_social",
    "correo")
SENTENCE(INFORMES_RESPONDA_ESTE_CORREO, "informes.responda_este_correo", "")
SENTENCE(INFORMES_ASUNTO_RESPONDA_REPORTE_ALUMNOS, "informes.asunto_responda_reporte_alumnos",
    "")
SENTENCE(INFORMES_PEDIMOS_DEPENDENCIA_REPORTE, "informes.pedimos_dependencia_reporte",
    "")
SENTENCE(INFORMES_FALTA_DEPENDENCIA_ESCRIBA, "informes.falta_dependencia_escriba",
    "")
SENTENCE(INFORMES_NO_HAY_NINGUNA, "informes.no_hay_ninguna", "dependencia")
SENTENCE(INFORMES_ESCRIBA_REPORTE_DEPENDENCIAS, "informes.escriba_reporte_dependencias",
    "")

/* MATRICULA (handlers/h_matricula.c) */
SENTENCE(MATRICULA_ALGUIEN_ESCRIBIO_DESDE, "matricula.alguien_escribio_desde",
    "otro_correo matricula")
SENTENCE(MATRICULA_NO_NECESITA_HACER, "matricula.no_necesita_hacer", "")
SENTENCE(MATRICULA_ASUNTO_OTRA_DIRECCION_RECLAMA, "matricula.asunto_otra_direccion_reclama",
    "")
SENTENCE(MATRICULA_MATRICULA_DISPUTA_ESTA, "matricula.matricula_disputa_esta",
    "matricula correo nombre otro_correo otro_nombre")
SENTENCE(MATRICULA_MATRICULA_ESTA_REGISTRADA, "matricula.matricula_esta_registrada",
    "matricula")
SENTENCE(MATRICULA_ENVIAMOS_CASO_COORDINACION, "matricula.enviamos_caso_coordinacion",
    "")
SENTENCE(MATRICULA_SUSPENDIMOS_CUENTA_ANULAMOS, "matricula.suspendimos_cuenta_anulamos",
    "correo matricula")
SENTENCE(MATRICULA_ASUNTO_DECISION_SOBRE_MATRICULA, "matricula.asunto_decision_sobre_matricula",
    "")
SENTENCE(MATRICULA_MATRICULA_SIGUE_CUENTA, "matricula.matricula_sigue_cuenta",
    "matricula correo")

/* DIRECCION (handlers/h_direccion.c) */
SENTENCE(DIRECCION_COORDINADOR_SU_DIRECCION,
    "direccion.coordinador_su_direccion", "direccion")
SENTENCE(DIRECCION_COORDINADOR_GUARDELA, "direccion.coordinador_guardela", "")
SENTENCE(DIRECCION_ANULAMOS_COORDINADOR, "direccion.anulamos_coordinador",
    "correo")
SENTENCE(DIRECCION_NO_HAY_NINGUNA, "direccion.no_hay_ninguna", "correo")
SENTENCE(DIRECCION_COORDINACION_LE_DIO, "direccion.coordinacion_le_dio",
    "direccion")
SENTENCE(DIRECCION_USE_NUEVA_DIRECCION, "direccion.use_nueva_direccion", "")
SENTENCE(DIRECCION_ASUNTO_NUEVA_DIRECCION_PERSONAL, "direccion.asunto_nueva_direccion_personal",
    "")
SENTENCE(PROGRAMA_PUBLICAMOS, "programa.publicamos",
    "programa nombre vacantes plural")
SENTENCE(PROGRAMA_HAY_PROGRAMAS, "programa.hay_programas", "n plural filtros")
SENTENCE(INFORMES_DEPENDENCIA_ENTREGO, "informes.dependencia_entrego",
    "dependencia n plural")
SENTENCE(INFORMES_PREPARAMOS_REPORTE, "informes.preparamos_reporte",
    "titulo n plural")
SENTENCE(INFORMES_FILTRO_DESCONOCIDO, "informes.filtro_desconocido", "filtro")
SENTENCE(INFORMES_FILTROS_ALUMNOS, "informes.filtros_alumnos", "")
SENTENCE(PROGRAMA_FALTA_NOMBRE, "programa.falta_nombre", "")
SENTENCE(PROGRAMA_FALTA_VACANTES, "programa.falta_vacantes", "")
SENTENCE(PROGRAMA_FALTA_HORARIO, "programa.falta_horario", "")
SENTENCE(PROGRAMA_FALTA_LUGAR, "programa.falta_lugar", "")
SENTENCE(PROGRAMA_FALTA_DESCRIPCION, "programa.falta_descripcion", "")
SENTENCE(PROGRAMA_PROGRAMAS_SIN_FILTROS, "programa.programas_sin_filtros", "")
SENTENCE(PROGRAMA_AVISO_NUEVO, "programa.aviso_nuevo",
    "dependencia programa nombre vacantes plural lugar horario resumen")
SENTENCE(PROGRAMA_ASUNTO_NUEVO, "programa.asunto_nuevo",
    "programa dependencia")
SENTENCE(PROGRAMA_ADJUNTAMOS_ACTIVIDADES, "programa.adjuntamos_actividades",
    "archivo")
SENTENCE(PROGRAMA_ADJUNTAMOS_HONORARIOS, "programa.adjuntamos_honorarios",
    "archivo")
SENTENCE(PROGRAMA_VER_FALTA_CLAVE, "programa.ver_falta_clave", "")
SENTENCE(PROGRAMA_NO_ABIERTO, "programa.no_abierto", "programa")
SENTENCE(PROGRAMA_VER_CLAVES, "programa.ver_claves", "")
SENTENCE(PROGRAMA_DETALLE, "programa.detalle",
    "programa nombre dependencia vacantes plural lugar horario resumen actividades")
SENTENCE(PROGRAMA_PARA_SOLICITARLO, "programa.para_solicitarlo", "programa")
SENTENCE(PROGRAMA_CERRAMOS, "programa.cerramos", "programa")
SENTENCE(PROGRAMA_CERRADO_SIGUE, "programa.cerrado_sigue", "")
SENTENCE(PROGRAMA_CERRAR_FALTA_CLAVE, "programa.cerrar_falta_clave", "")
SENTENCE(PROGRAMA_CERRAR_NO_SUYO, "programa.cerrar_no_suyo", "programa")
SENTENCE(PROGRAMA_CERRAR_VER_CLAVES, "programa.cerrar_ver_claves", "")
SENTENCE(PROGRAMA_CAMBIOS_PENDIENTES, "programa.cambios_pendientes",
    "programa cambios")
SENTENCE(PROGRAMA_AVISO_CAMBIOS, "programa.aviso_cambios",
    "dependencia programa nombre cambios")
SENTENCE(PROGRAMA_CAMBIOS_EN_REVISION, "programa.cambios_en_revision",
    "programa nombre cambios")
SENTENCE(PROGRAMA_AVISAREMOS_CAMBIOS, "programa.avisaremos_cambios",
    "programa")
SENTENCE(PROGRAMA_CAMBIOS_APROBADOS, "programa.cambios_aprobados",
    "programa nombre cambios motivo cerrado")
SENTENCE(PROGRAMA_CAMBIOS_RECHAZADOS, "programa.cambios_rechazados",
    "programa nombre cambios motivo cerrado")
SENTENCE(PROGRAMA_ASUNTO_CAMBIOS_DECIDIDOS, "programa.asunto_cambios_decididos",
    "programa")
SENTENCE(PROGRAMA_CAMBIOS_APLICAMOS, "programa.cambios_aplicamos",
    "programa nombre dependencia")
SENTENCE(PROGRAMA_CAMBIOS_NO_APLICAMOS, "programa.cambios_no_aplicamos",
    "programa nombre dependencia")
SENTENCE(PROGRAMA_AVISO_POR_APROBAR, "programa.aviso_por_aprobar",
    "dependencia programa nombre vacantes plural lugar horario resumen")
SENTENCE(PROGRAMA_RECIBIMOS_REVISION, "programa.recibimos_revision",
    "programa nombre")
SENTENCE(PROGRAMA_AVISAREMOS_DECISION, "programa.avisaremos_decision",
    "programa")
SENTENCE(PROGRAMA_APROBADO_AVISO, "programa.aprobado_aviso",
    "programa nombre motivo")
SENTENCE(PROGRAMA_APROBADO_SIGUE, "programa.aprobado_sigue",
    "programa")
SENTENCE(PROGRAMA_ASUNTO_APROBADO, "programa.asunto_aprobado",
    "programa")
SENTENCE(PROGRAMA_RECHAZADO_AVISO, "programa.rechazado_aviso",
    "programa nombre motivo")
SENTENCE(PROGRAMA_RECHAZADO_SIGUE, "programa.rechazado_sigue",
    "programa")
SENTENCE(PROGRAMA_ASUNTO_RECHAZADO, "programa.asunto_rechazado",
    "programa")
SENTENCE(PROGRAMA_APROBAMOS, "programa.aprobamos",
    "programa nombre dependencia")
SENTENCE(PROGRAMA_RECHAZAMOS, "programa.rechazamos",
    "programa nombre dependencia")
SENTENCE(PROGRAMA_EDITAR_CAMBIO, "programa.editar_cambio",
    "campo antes despues")
SENTENCE(PROGRAMA_EDITAR_VACIO, "programa.editar_vacio",
    "campo")
SENTENCE(PROGRAMA_EDITAR_CUPO_OCUPADO, "programa.editar_cupo_ocupado",
    "programa vacantes vplural ocupadas plural")
SENTENCE(PROGRAMA_EDITAR_CORRIJA, "programa.editar_corrija",
    "programa")
SENTENCE(PROGRAMA_EDITAR_NADA, "programa.editar_nada",
    "programa")
SENTENCE(PROGRAMA_AVISO_EDITADO, "programa.aviso_editado",
    "dependencia programa nombre cambios")
SENTENCE(PROGRAMA_ASUNTO_EDITADO, "programa.asunto_editado",
    "programa dependencia")
SENTENCE(PROGRAMA_MODIFICAMOS, "programa.modificamos",
    "programa nombre n plural")
SENTENCE(PROGRAMA_MODIFICADO_SIGUE, "programa.modificado_sigue",
    "programa")
SENTENCE(PROGRAMA_MODALIDAD_NO_VALIDA, "programa.modalidad_no_valida",
    "modalidad")
SENTENCE(PROGRAMA_VIGENCIA_NO_FECHA, "programa.vigencia_no_fecha", "fecha")
SENTENCE(PROGRAMA_VIGENCIA_PASADA, "programa.vigencia_pasada", "fecha")
SENTENCE(PROGRAMA_CAMPO_LARGO, "programa.campo_largo", "campo max")
SENTENCE(PROGRAMA_RESUMEN, "programa.resumen",
    "carreras modalidad apoyo hasta")
SENTENCE(MATRICULA_COORDINACION_CONFIRMO, "matricula.coordinacion_confirmo",
    "matricula")
SENTENCE(MATRICULA_COORDINACION_REVISO, "matricula.coordinacion_reviso",
    "matricula")
SENTENCE(MATRICULA_PASO_CONFIRMADA, "matricula.paso_confirmada", "")
SENTENCE(MATRICULA_PASO_RECHAZADA, "matricula.paso_rechazada", "")
SENTENCE(DIRECCION_ANULAMOS_Y_NUEVA, "direccion.anulamos_y_nueva", "correo")
SENTENCE(DIRECCION_ANULAMOS, "direccion.anulamos", "correo")

/* ARCO (handlers/h_arco.c) */
SENTENCE(ARCO_REGISTRAMOS_SOLICITUD_DATOS, "arco.registramos_solicitud_datos",
    "derecho solicitud")
SENTENCE(ARCO_COORDINACION_DEBE_RESPONDERLE, "arco.coordinacion_debe_responderle",
    "fecha dias_habiles")
SENTENCE(ARCO_NO_ENCONTRAMOS_DATO, "arco.no_encontramos_dato", "")
SENTENCE(ARCO_FALTA_MOTIVO_ESCRIBA, "arco.falta_motivo_escriba", "")
SENTENCE(ARCO_BLOQUEAMOS_DATOS_DESDE, "arco.bloqueamos_datos_desde", "")
SENTENCE(ARCO_ASUNTO_DATOS_PERSONALES_PARTE, "arco.asunto_datos_personales_parte",
    "parte")
SENTENCE(ARCO_CONTINUA_RESPUESTA_SOLICITUD, "arco.continua_respuesta_solicitud",
    "")
SENTENCE(ARCO_LE_ENVIAMOS_TODO, "arco.le_enviamos_todo", "")
SENTENCE(ARCO_TAMANO_DOCUMENTOS_VAN, "arco.tamano_documentos_van", "mas")
SENTENCE(ARCO_SI_ALGUN_DATO, "arco.si_algun_dato", "")
SENTENCE(ARCO_SI_NO_ESTA, "arco.si_no_esta", "")

/* COMUN (handlers/hutil.c) */
SENTENCE(COMUN_ASUNTO_RESPUESTA, "comun.asunto_respuesta", "")
SENTENCE(COMUN_FALTA_MATRICULA_ESTUDIANTE, "comun.falta_matricula_estudiante",
    "")
SENTENCE(COMUN_NO_HAY_NINGUN, "comun.no_hay_ningun", "matricula")
SENTENCE(COMUN_ESE_ALUMNO_NO, "comun.ese_alumno_no", "")
SENTENCE(COMUN_ESE_ALUMNO_NO_2, "comun.ese_alumno_no_2", "")

/* PRIVACIDAD (handlers/privacy.c) */
SENTENCE(PRIVACIDAD_AVISO_PRIVACIDAD_INTEGRAL, "privacidad.aviso_privacidad_integral",
    "")
SENTENCE(PRIVACIDAD_ADJUNTO_DOCUMENTO, "privacidad.adjunto_documento",
    "documento archivo")
SENTENCE(PRIVACIDAD_FALTA_NUMERO_DOCUMENTO, "privacidad.falta_numero_documento",
    "")
SENTENCE(PRIVACIDAD_DOCUMENTOS_SOLO_ENTREGAN, "privacidad.documentos_solo_entregan",
    "dominio")
SENTENCE(PRIVACIDAD_NO_TENEMOS_DOCUMENTO, "privacidad.no_tenemos_documento",
    "documento")
SENTENCE(PRIVACIDAD_ADJUNTO_DOCUMENTO_PEDIDO, "privacidad.adjunto_documento_pedido",
    "documento archivo")
SENTENCE(PRIVACIDAD_ADJUNTAMOS_DOCUMENTO_ENTREGA, "privacidad.adjuntamos_documento_entrega",
    "documento archivo")

/* COMUN (handlers/render.c) */
SENTENCE(COMUN_ASUNTO_RESPUESTA_2, "comun.asunto_respuesta_2", "")

/* CALENDARIO (handlers/calendar.c) */
SENTENCE(CALENDARIO_ESCRIBA_CORREO_ASUNTO, "calendario.escriba_correo_asunto",
    "horas")
SENTENCE(CALENDARIO_REPORTE_ACTIVIDADES_HORAS, "calendario.reporte_actividades_horas",
    "horas fecha")
SENTENCE(CALENDARIO_ASUNTO_RECORDATORIO_AVANCE_HORAS, "calendario.asunto_recordatorio_avance_horas",
    "horas fecha")
SENTENCE(CALENDARIO_REPORTE_ACTIVIDADES_HORAS_2, "calendario.reporte_actividades_horas_2",
    "horas fecha dias_tolerancia")
SENTENCE(CALENDARIO_ASUNTO_AVANCE_HORAS_ESTA, "calendario.asunto_avance_horas_esta",
    "horas")
SENTENCE(CALENDARIO_MOTIVO_BAJA_ATRASADOS, "calendario.motivo_baja_atrasados",
    "atrasados")
SENTENCE(CALENDARIO_ATRASADO_LINEA, "calendario.atrasado_linea",
    "alumno.nombre alumno.matricula horas fecha")
SENTENCE(CALENDARIO_ATRASADO_LINEA_COORDINACION, "calendario.atrasado_linea_coordinacion",
    "linea dependencia")
SENTENCE(CALENDARIO_ATRASADOS_DEPENDENCIA, "calendario.atrasados_dependencia",
    "plural dias_tolerancia")
SENTENCE(CALENDARIO_ATRASADOS_BAJA, "calendario.atrasados_baja",
    "")
SENTENCE(CALENDARIO_ATRASADOS_COORDINACION, "calendario.atrasados_coordinacion",
    "dias_tolerancia")
SENTENCE(CALENDARIO_ASUNTO_ATRASADOS, "calendario.asunto_atrasados",
    "n plural")

/* ASUNTOS (handlers/matters.c) */
SENTENCE(ASUNTOS_DECIDIR_RESPONDA_ESTE, "asuntos.decidir_responda_este",
    "codigo fecha")
SENTENCE(ASUNTOS_ASUNTO_DECISION_PENDIENTE, "asuntos.asunto_decision_pendiente",
    "codigo tipo")
SENTENCE(ARCO_COORDINACION_ATENDIO, "arco.coordinacion_atendio",
    "derecho solicitud")
SENTENCE(ARCO_COORDINACION_NEGO, "arco.coordinacion_nego", "derecho solicitud")
SENTENCE(ARCO_ASUNTO_DECISION, "arco.asunto_decision", "")
SENTENCE(PRIVACIDAD_RETENIDOS, "privacidad.retenidos", "")
SENTENCE(PRIVACIDAD_RETENIDO, "privacidad.retenido", "archivo documento sha")
SENTENCE(PRIVACIDAD_RETENIDO_PIDALO, "privacidad.retenido_pidalo", "documento")
SENTENCE(PRIVACIDAD_RETENIDO_SOLO_COORDINACION, "privacidad.retenido_solo_coordinacion",
    "dominio")
SENTENCE(ASUNTOS_TIPO_CONVENIO, "asuntos.tipo_convenio", "")
SENTENCE(ASUNTOS_TIPO_PRESENTACION, "asuntos.tipo_presentacion", "")
SENTENCE(ASUNTOS_TIPO_REPORTE, "asuntos.tipo_reporte", "")
SENTENCE(ASUNTOS_TIPO_BAJA, "asuntos.tipo_baja", "")
SENTENCE(ASUNTOS_TIPO_MATRICULA, "asuntos.tipo_matricula", "")
SENTENCE(ASUNTOS_TIPO_ARCO, "asuntos.tipo_arco", "")
SENTENCE(ASUNTOS_TIPO_OTRO, "asuntos.tipo_otro", "")
SENTENCE(ASUNTOS_TIPO_PROGRAMA, "asuntos.tipo_programa", "")
SENTENCE(ASUNTOS_TIPO_PROGRAMA_EDICION, "asuntos.tipo_programa_edicion", "")
SENTENCE(ASUNTOS_TIPO_PAUSA, "asuntos.tipo_pausa",
    "")
SENTENCE(ASUNTOS_TIPO_EXCEPCION, "asuntos.tipo_excepcion",
    "")
SENTENCE(VERIFICAR_LIMITE_DIARIO, "verificar.limite_diario", "maximo")
SENTENCE(FLUJO_PERIODO_MINIMO, "flujo.periodo_minimo",
    "meses dias_pausa fecha")

/* FLUJO (handlers/workflow.c) */
SENTENCE(FLUJO_FALTAN_DOCUMENTOS_DEPENDENCIA, "flujo.faltan_documentos_dependencia",
    "")
SENTENCE(FLUJO_PROGRAMA_NO_TIENE, "flujo.programa_no_tiene",
    "programa nombre cerrado")
SENTENCE(FLUJO_PROGRAMA_NO_APROBADO, "flujo.programa_no_aprobado",
    "programa nombre")
SENTENCE(FLUJO_PROGRAMA_CONVENIO_TERMINO, "flujo.programa_convenio_termino",
    "programa nombre dependencia fecha")
SENTENCE(FLUJO_PROGRAMA_TIENE_CUBIERTAS, "flujo.programa_tiene_cubiertas",
    "programa nombre vacantes")
SENTENCE(FLUJO_ENVIE_PRIMERO_REPORTE, "flujo.envie_primero_reporte",
    "horas horas_este")
SENTENCE(FLUJO_CORRIJA_REPORTE_HORAS, "flujo.corrija_reporte_horas",
    "horas horas_este")
SENTENCE(FLUJO_ESPERE_REVISION_REPORTE, "flujo.espere_revision_reporte",
    "horas horas_este")
SENTENCE(FLUJO_REPORTES_ENTREGAN_MIENTRAS, "flujo.reportes_entregan_mientras",
    "estado")
SENTENCE(FLUJO_DEPENDENCIA_ACTUA_SOLO, "flujo.dependencia_actua_solo",
    "estado")
SENTENCE(FLUJO_NO_SE_PUEDE, "flujo.no_se_puede", "accion estado")
SENTENCE(FLUJO_NO_SE_PUEDE_MOTIVO, "flujo.no_se_puede_motivo", "accion motivo")
SENTENCE(FLUJO_REPORTE_NO_ENTREGADO, "flujo.reporte_no_entregado", "horas")
SENTENCE(FLUJO_REPORTE_NO_ACEPTADO, "flujo.reporte_no_aceptado",
    "horas rechazado")
SENTENCE(FLUJO_HORAS_INCOMPLETAS, "flujo.horas_incompletas",
    "carta total aceptadas en_revision")
SENTENCE(FLUJO_CARTA_LIBERACION, "flujo.carta_liberacion", "")
SENTENCE(FLUJO_CARTA_FINALIZACION, "flujo.carta_finalizacion", "")
SENTENCE(FLUJO_EN_PAUSA, "flujo.en_pausa",
    "fecha")
SENTENCE(FLUJO_PERIODO_MAXIMO, "flujo.periodo_maximo",
    "inicio meses pausas fin")
SENTENCE(ARCO_RECORDATORIO_SALUDO, "arco.recordatorio_saludo", "")
SENTENCE(ARCO_RECORDATORIO_PLAZO, "arco.recordatorio_plazo",
    "solicitud derecho correo vencida fecha")
SENTENCE(ARCO_RECORDATORIO_PASO, "arco.recordatorio_paso", "")
SENTENCE(ARCO_ASUNTO_RECORDATORIO, "arco.asunto_recordatorio", "solicitud")
SENTENCE(AVISOS_ASUNTO_FALLIDOS, "avisos.asunto_fallidos", "")
SENTENCE(AVISOS_ASUNTO_CUARENTENA, "avisos.asunto_cuarentena", "")
SENTENCE(AVISOS_ASUNTO_RELEVO, "avisos.asunto_relevo", "")
SENTENCE(AVISOS_ASUNTO_BUZON, "avisos.asunto_buzon", "")
SENTENCE(AVISOS_ASUNTO_RESUMEN, "avisos.asunto_resumen", "")
SENTENCE(COMUN_SIN_ASUNTO_LEGIBLE, "comun.sin_asunto_legible", "")

/* EXPEDIENTE y ESTADISTICAS (handlers/h_expediente.c) */
SENTENCE(EXPEDIENTE_CARTA_NO_GENERADA, "expediente.carta_no_generada", "folio")
SENTENCE(EXPEDIENTE_PREPARAMOS, "expediente.preparamos",
    "nombre n plural con_cartas")
SENTENCE(EXPEDIENTE_ADJUNTAMOS_CARTAS, "expediente.adjuntamos_cartas", "n")
SENTENCE(EXPEDIENTE_FALTA_QUIEN, "expediente.falta_quien", "")
SENTENCE(EXPEDIENTE_NO_ENCONTRAMOS, "expediente.no_encontramos", "quien")
SENTENCE(EXPEDIENTE_REVISE, "expediente.revise", "")
SENTENCE(EXPEDIENTE_ESTADISTICAS, "expediente.estadisticas", "periodo")

/* The institution's periods in the coordinators' requests
   (handlers/desk_period.c, h_estadisticas.c, h_informes.c) */
SENTENCE(PERIODOS_DESCONOCIDO, "periodos.desconocido", "periodo periodos")

/* A roster imported again (ctl/cmd_import.c) */
SENTENCE(PADRON_ASUNTO_CREDITOS, "padron.asunto_creditos", "")
SENTENCE(PADRON_CREDITOS_BAJO, "padron.creditos_bajo", "n plural minimo lista")
