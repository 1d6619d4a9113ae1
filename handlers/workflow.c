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
 * effect.  Guards are here, where the rules can be read; effects are next
 * to the commands that cause them (effects.h).
 *
 * wf_fire() is the only way a state changes: it finds the row, runs the
 * guard, runs the effect in a savepoint, writes the state and the audit
 * line (with the message that caused it).  No row means the command is out
 * of order: the sender is told where things stand and what comes first,
 * and nothing changes.
 */
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "handlers/effects.h"
#include "handlers/hutil.h"
#include "handlers/milestones.h"
#include "handlers/period.h"
#include "handlers/workflow.h"

#define ANY	"*"
#define SAME	"="
#define NUEVO	"nuevo"

static int g_completo(struct wf_call *, struct buf *);
static int g_programa_abierto(struct wf_call *, struct buf *);
static int g_vacante(struct wf_call *, struct buf *);
static int g_reporte_en_orden(struct wf_call *, struct buf *);
static int g_liberable(struct wf_call *, struct buf *);
static int g_finalizable(struct wf_call *, struct buf *);
static int g_convenio_vigente(struct wf_call *, struct buf *);
static int g_liberar_excede(struct wf_call *, struct buf *);
static int g_finalizar_excede(struct wf_call *, struct buf *);
static int g_validado(struct wf_call *, struct buf *);

const struct wf_transition wf_table[] = {
	/* DEPENDENCIA: registrarse para conseguir el convenio; subir
	   decretos, nombramiento, INE, comprobante de domicilio, RFC y logo
	   (in as many mails as it takes); esperar respuesta. */
	{WF_DEPENDENCIA, NUEVO, EV_REGISTRO_DEPENDENCIA, g_completo,
	    "en_revision", fx_dep_registrar},
	{WF_DEPENDENCIA, NUEVO, EV_REGISTRO_DEPENDENCIA, NULL,
	    "documentos_incompletos", fx_dep_registrar},
	{WF_DEPENDENCIA, "documentos_incompletos", EV_DOCUMENTOS, g_completo,
	    "en_revision", fx_dep_documentos},
	{WF_DEPENDENCIA, "documentos_incompletos", EV_DOCUMENTOS, NULL,
	    SAME, fx_dep_documentos},
	{WF_DEPENDENCIA, "en_revision", EV_DOCUMENTOS, NULL,
	    SAME, fx_dep_documentos},
	{WF_DEPENDENCIA, "rechazada", EV_DOCUMENTOS, g_completo,
	    "en_revision", fx_dep_documentos},
	{WF_DEPENDENCIA, "rechazada", EV_DOCUMENTOS, NULL,
	    SAME, fx_dep_documentos},
	{WF_DEPENDENCIA, "convenio_vigente", EV_DOCUMENTOS, NULL,
	    SAME, fx_dep_documentos},

	/* COORDINADOR: revisar los documentos de la dependencia; aceptar el
	   convenio (convenio PDF and the agency's credentials) o rechazarlo. */
	{WF_DEPENDENCIA, "en_revision", EV_CONVENIO_APROBADO, NULL,
	    "convenio_vigente", fx_convenio_emitir},
	{WF_DEPENDENCIA, "en_revision", EV_CONVENIO_RECHAZADO, NULL,
	    "rechazada", fx_convenio_rechazar},

	/* DEPENDENCIA: crear una solicitud de servicio social (the program,
	   with its listado de actividades and honorarios). */
	{WF_PROGRAMA, NUEVO, EV_PROGRAMA, g_convenio_vigente,
	    "publicado", fx_programa_publicar},
	{WF_PROGRAMA, "publicado", EV_VACANTES_AGOTADAS, NULL,
	    "cubierto", NULL},
	{WF_PROGRAMA, "cubierto", EV_VACANTE_LIBERADA, NULL,
	    "publicado", NULL},

	/* ALUMNO: ingresar al sistema; subir fotografía. */
	{WF_ALUMNO, NUEVO, EV_REGISTRO, NULL,
	    "registrado", fx_alumno_registrar},
	{WF_ALUMNO, ANY, EV_FOTO, NULL,
	    SAME, fx_foto},

	/* ALUMNO pide y COORDINADOR envía la carta de presentación y la
	   constancia de estudios. */
	{WF_ALUMNO, "registrado", EV_PRESENTACION, NULL,
	    "presentacion_pendiente", fx_presentacion_pedir},
	{WF_ALUMNO, "presentacion_pendiente", EV_PRESENTACION_APROBADA, NULL,
	    "con_presentacion", fx_presentacion_emitir},
	{WF_ALUMNO, "presentacion_pendiente", EV_PRESENTACION_RECHAZADA, NULL,
	    "registrado", fx_presentacion_rechazar},

	/* ALUMNO: seleccionar el servicio social y solicitarlo (carta de
	   presentación y constancia attached); esperar respuesta. */
	{WF_ALUMNO, "con_presentacion", EV_SOLICITUD, g_programa_abierto,
	    "postulado", fx_solicitud_crear},
	{WF_SOLICITUD, NUEVO, EV_SOLICITUD, NULL,
	    "pendiente", fx_solicitud_enviar},

	/* DEPENDENCIA: revisar los documentos de los solicitantes; aceptar
	   al alumno (carta de aceptación) o rechazarlo. */
	{WF_SOLICITUD, "pendiente", EV_ACEPTAR, g_vacante,
	    "aceptada", fx_aceptar},
	{WF_SOLICITUD, "pendiente", EV_RECHAZAR, NULL,
	    "rechazada", fx_rechazar},
	{WF_ALUMNO, "postulado", EV_ACEPTAR, NULL,
	    "en_servicio", NULL},
	{WF_ALUMNO, "postulado", EV_RECHAZAR, NULL,
	    "con_presentacion", NULL},

	/* ALUMNO: retirar su solicitud pendiente (CANCELAR SOLICITUD).
	   CALENDARIO: a pending application expires after [rules]
	   application_days business days.  DEPENDENCIA: when the program
	   fills, the other applicants are freed.  All three free the student
	   to apply elsewhere; the first two tell the agency. */
	{WF_SOLICITUD, "pendiente", EV_RETIRAR, NULL,
	    "retirada", fx_solicitud_cerrar},
	{WF_SOLICITUD, "pendiente", EV_VENCER, NULL,
	    "vencida", fx_solicitud_cerrar},
	{WF_SOLICITUD, "pendiente", EV_SIN_VACANTE, NULL,
	    "sin_vacante", fx_solicitud_cerrar},
	{WF_ALUMNO, "postulado", EV_RETIRAR, NULL,
	    "con_presentacion", NULL},
	{WF_ALUMNO, "postulado", EV_VENCER, NULL,
	    "con_presentacion", NULL},
	{WF_ALUMNO, "postulado", EV_SIN_VACANTE, NULL,
	    "con_presentacion", NULL},

	/* ALUMNO: un reporte de avance a las 180, 360 y 480 horas, each
	   after the previous one was accepted; sent again, it replaces the
	   one under review.  COORDINADOR: revisar documentos del alumno. */
	{WF_REPORTE, NUEVO, EV_REPORTE, g_reporte_en_orden,
	    "en_revision", fx_reporte_recibir},
	{WF_REPORTE, "en_revision", EV_REPORTE, NULL,
	    SAME, fx_reporte_recibir},
	{WF_REPORTE, "rechazado", EV_REPORTE, g_reporte_en_orden,
	    "en_revision", fx_reporte_recibir},
	{WF_REPORTE, "en_revision", EV_REPORTE_APROBADO, g_validado,
	    "aceptado", fx_reporte_aprobar},
	{WF_REPORTE, "en_revision", EV_REPORTE_RECHAZADO, NULL,
	    "rechazado", fx_reporte_rechazar},

	/* DEPENDENCIA: pedir la baja justificada de un alumno; the
	   coordinator decides. */
	{WF_SOLICITUD, "aceptada", EV_BAJA, NULL,
	    "baja_solicitada", fx_baja_pedir},
	{WF_SOLICITUD, "baja_solicitada", EV_BAJA_APROBADA, NULL,
	    "baja", fx_baja_emitir},
	{WF_SOLICITUD, "baja_solicitada", EV_BAJA_RECHAZADA, NULL,
	    "aceptada", fx_baja_rechazar},
	{WF_ALUMNO, "en_servicio", EV_BAJA_APROBADA, NULL,
	    "con_presentacion", NULL},

	/* COORDINADOR: autorizar el cambio de dependencia (CAMBIO): the
	   service ends like a baja and the accepted hours go with the
	   student to the next one. */
	{WF_SOLICITUD, "aceptada", EV_CAMBIO, NULL,
	    "baja", fx_cambio},
	{WF_ALUMNO, "en_servicio", EV_CAMBIO, NULL,
	    "con_presentacion", NULL},

	/* DEPENDENCIA: carta de liberación firmada por el gerente y el jefe
	   inmediato, once the 480-hour report is accepted and min_months
	   have passed since the acceptance; past max_months it is an
	   exception the coordinator decides (the same for FINALIZAR). */
	{WF_SOLICITUD, "aceptada", EV_LIBERAR, g_liberar_excede,
	    SAME, fx_excepcion_pedir},
	{WF_SOLICITUD, "aceptada", EV_LIBERAR, g_liberable,
	    "liberada", fx_liberar},
	{WF_ALUMNO, "en_servicio", EV_LIBERAR, NULL,
	    "liberado", NULL},

	/* COORDINADOR: carta de finalización, after checking the liberación
	   and every report (and min_months since the acceptance). */
	{WF_SOLICITUD, "liberada", EV_FINALIZAR, g_finalizar_excede,
	    SAME, fx_excepcion_pedir},
	{WF_SOLICITUD, "liberada", EV_FINALIZAR, g_finalizable,
	    "finalizada", fx_finalizar},
	{WF_ALUMNO, "liberado", EV_FINALIZAR, NULL,
	    "finalizado", NULL},

	/* ALUMNO: pausar el servicio por enfermedad u otra causa grave
	   (art. 55); the coordinator approves it, or sets it with PAUSA
	   <matrícula>; REANUDAR ends it.  Paused days count neither toward
	   min_months nor toward the report calendar (pause.c); the
	   calendar resumes a pause itself on the day its Hasta: named. */
	{WF_PAUSA, NUEVO, EV_PAUSA, NULL, "solicitada", fx_pausa_pedir},
	{WF_PAUSA, NUEVO, EV_PAUSA_APROBADA, NULL, "vigente",
	    fx_pausa_aprobar},
	{WF_PAUSA, "solicitada", EV_PAUSA_APROBADA, NULL, "vigente",
	    fx_pausa_aprobar},
	{WF_PAUSA, "solicitada", EV_PAUSA_RECHAZADA, NULL, "rechazada",
	    fx_pausa_rechazar},
	{WF_PAUSA, "vigente", EV_REANUDAR, NULL, "terminada", fx_reanudar},

	/* Documents: kept, and replaced by a newer one of the same kind. */
	{WF_DOCUMENTO, NUEVO, EV_DOC_RECIBIDO, NULL, "vigente", NULL},
	{WF_DOCUMENTO, "vigente", EV_DOC_REEMPLAZADO, NULL,
	    "reemplazado", NULL},

	/* COORDINADOR pide reportes; DEPENDENCIA los realiza. */
	{WF_PETICION, NUEVO, EV_PETICION, g_convenio_vigente,
	    "pendiente", fx_peticion_enviar},
	{WF_PETICION, "pendiente", EV_REPORTE_ENTREGADO, NULL,
	    "atendida", fx_peticion_atender},

	/* Every matter a coordinator decides, with its single-use code. */
	{WF_ASUNTO, "abierto", EV_APROBAR, NULL, "aprobado", fx_asunto_decidir},
	{WF_ASUNTO, "abierto", EV_RECHAZAR_ASUNTO, NULL,
	    "rechazado", fx_asunto_decidir},
};

const size_t wf_table_len = ARRAY_LEN(wf_table);

/* ---- what states and events mean, in the words of the replies ---- */

static const struct {
	enum wf_entity e;
	const char *state;
	const char *text;
	const char *next;
} state_texts[] = {
	{WF_ALUMNO, NUEVO, "Aún no tiene cuenta de estudiante.",
	    "Escriba REGISTRO con su Matrícula, Nombre, Carrera y Créditos."},
	{WF_ALUMNO, "registrado", "Su cuenta de estudiante está registrada.",
	    "Envíe FOTO con su fotografía y PRESENTACION para pedir su carta "
	    "de presentación y su constancia de estudios."},
	{WF_ALUMNO, "presentacion_pendiente", "La coordinación revisa su "
	    "petición de carta de presentación y constancia de estudios.",
	    "Espere la respuesta de la coordinación; le llegará por correo."},
	{WF_ALUMNO, "con_presentacion", "Ya tiene su carta de presentación y "
	    "su constancia de estudios.",
	    "Escriba PROGRAMAS para ver el catálogo y SOLICITUD <programa> "
	    "con ambas cartas adjuntas."},
	{WF_ALUMNO, "postulado", "Su solicitud espera la respuesta de la "
	    "dependencia.", "Espere la respuesta de la dependencia."},
	{WF_ALUMNO, "en_servicio", "Está prestando su servicio social.",
	    "Entregue sus reportes de 180, 360 y 480 horas con REPORTE."},
	{WF_ALUMNO, "liberado", "La dependencia emitió su carta de "
	    "liberación.", "La coordinación verificará sus reportes y le "
	    "enviará la carta de finalización."},
	{WF_ALUMNO, "finalizado", "Concluyó su servicio social: la "
	    "coordinación emitió su carta de finalización.",
	    "Nada más; conserve sus cartas."},

	{WF_DEPENDENCIA, NUEVO, "La dependencia aún no está registrada.",
	    "Escriba REGISTRO DEPENDENCIA con sus datos y documentos."},
	{WF_DEPENDENCIA, "documentos_incompletos", "El registro de la "
	    "dependencia está incompleto: faltan documentos.",
	    "Responda a este correo con los documentos que faltan adjuntos "
	    "(o escriba un correo con el asunto DOCUMENTOS)."},
	{WF_DEPENDENCIA, "en_revision", "La coordinación revisa la solicitud "
	    "de convenio.", "Espere la respuesta de la coordinación."},
	{WF_DEPENDENCIA, "rechazada", "La coordinación rechazó la solicitud "
	    "de convenio.", "Corrija lo indicado y envíe DOCUMENTOS para una "
	    "nueva revisión."},
	{WF_DEPENDENCIA, "convenio_vigente", "El convenio de la dependencia "
	    "está autorizado.", "Publique sus programas con PROGRAMA."},

	{WF_PROGRAMA, NUEVO, "El programa no existe.", NULL},
	{WF_PROGRAMA, "publicado", "El programa está publicado y tiene "
	    "vacantes.", NULL},
	{WF_PROGRAMA, "cubierto", "El programa ya no tiene vacantes.", NULL},

	{WF_SOLICITUD, NUEVO, "No hay una solicitud.", NULL},
	{WF_SOLICITUD, "pendiente", "La solicitud espera la respuesta de la "
	    "dependencia.", "La dependencia responde con ACEPTAR o "
	    "RECHAZAR."},
	{WF_SOLICITUD, "aceptada", "El alumno está en servicio social con "
	    "esta dependencia.", "El alumno entrega sus reportes de 180, 360 "
	    "y 480 horas; con el de 480 aceptado, la dependencia emite la "
	    "carta de liberación con LIBERAR."},
	{WF_SOLICITUD, "rechazada", "La dependencia rechazó la solicitud.",
	    NULL},
	{WF_SOLICITUD, "retirada", "El alumno retiró la solicitud.",
	    "El alumno puede solicitar otro programa con SOLICITUD."},
	{WF_SOLICITUD, "vencida", "La solicitud venció sin respuesta de la "
	    "dependencia.", "El alumno puede solicitar otro programa con "
	    "SOLICITUD."},
	{WF_SOLICITUD, "sin_vacante", "El programa cubrió sus vacantes con "
	    "otros alumnos.", "El alumno puede solicitar otro programa con "
	    "SOLICITUD."},
	{WF_SOLICITUD, "baja_solicitada", "La dependencia pidió la baja del "
	    "alumno; la coordinación la revisa.", "Espere la decisión de la "
	    "coordinación."},
	{WF_SOLICITUD, "baja", "El alumno fue dado de baja de este programa.",
	    NULL},
	{WF_SOLICITUD, "liberada", "La dependencia emitió la carta de "
	    "liberación.", "La coordinación emite la carta de finalización "
	    "con FINALIZAR."},
	{WF_SOLICITUD, "finalizada", "El servicio social concluyó: la carta "
	    "de finalización ya fue emitida.", NULL},

	{WF_REPORTE, NUEVO, "Ese reporte aún no se ha entregado.", NULL},
	{WF_REPORTE, "en_revision", "El reporte está en revisión.", NULL},
	{WF_REPORTE, "aceptado", "El reporte ya fue aceptado y no se puede "
	    "reemplazar.", NULL},
	{WF_REPORTE, "rechazado", "El reporte fue rechazado.",
	    "Envíe de nuevo el reporte corregido."},

	{WF_DOCUMENTO, NUEVO, "El documento aún no se ha recibido.", NULL},
	{WF_DOCUMENTO, "vigente", "El documento está vigente.", NULL},
	{WF_DOCUMENTO, "reemplazado", "El documento fue reemplazado.", NULL},

	{WF_PETICION, NUEVO, "No hay una petición de reporte.", NULL},
	{WF_PETICION, "pendiente", "La petición de reporte espera a la "
	    "dependencia.", NULL},
	{WF_PETICION, "atendida", "La dependencia ya entregó ese reporte.",
	    NULL},

	{WF_PAUSA, NUEVO, "No hay una pausa del servicio.", NULL},
	{WF_PAUSA, "solicitada", "La pausa del servicio espera la decisión "
	    "de la coordinación.", NULL},
	{WF_PAUSA, "vigente", "El servicio está en pausa.",
	    "Cuando vuelva al servicio, escriba REANUDAR."},
	{WF_PAUSA, "rechazada", "La coordinación no autorizó la pausa.",
	    NULL},
	{WF_PAUSA, "terminada", "La pausa terminó: el servicio sigue.", NULL},

	{WF_ASUNTO, "abierto", "El asunto espera una decisión.", NULL},
	{WF_ASUNTO, "aprobado", "Ese asunto ya fue aprobado: cada código "
	    "sirve una sola vez.", "Escriba PENDIENTES para ver los asuntos "
	    "que siguen abiertos."},
	{WF_ASUNTO, "rechazado", "Ese asunto ya fue rechazado: cada código "
	    "sirve una sola vez.", "Escriba PENDIENTES para ver los asuntos "
	    "que siguen abiertos."},
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
	[EV_PAUSA] = {"pausa", "pedir la pausa del servicio"},
	[EV_PAUSA_APROBADA] = {"pausa_aprobada", "pausar el servicio"},
	[EV_PAUSA_RECHAZADA] = {"pausa_rechazada", "rechazar la pausa"},
	[EV_REANUDAR] = {"reanudar", "reanudar el servicio"},
	[EV_EXCEPCION] = {"excepcion", "pedir una excepción a la "
	    "coordinación"},
};

const char *
wf_state_text(enum wf_entity e, const char *state)
{
	for (size_t i = 0; i < ARRAY_LEN(state_texts); i++)
		if (state_texts[i].e == e &&
		    strcmp(state_texts[i].state, state) == 0)
			return state_texts[i].text;
	return state;
}

const char *
wf_state_next(enum wf_entity e, const char *state)
{
	for (size_t i = 0; i < ARRAY_LEN(state_texts); i++)
		if (state_texts[i].e == e &&
		    strcmp(state_texts[i].state, state) == 0)
			return state_texts[i].next;
	return NULL;
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

static int
g_completo(struct wf_call *c, struct buf *why)
{
	if (!c->complete)
		buf_adds(why, "Faltan documentos de la dependencia.");
	return c->complete;
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

static int
g_programa_abierto(struct wf_call *c, struct buf *why)
{
	struct wf_program p;
	int ok;

	if (program_state(c, &p) != 0)
		return -1;
	ok = strcmp(p.state, "publicado") == 0;
	if (!ok)
		buf_printf(why, "El programa %lld (%s) ya no tiene vacantes.",
		    (long long)p.id, p.name);
	wf_program_free(&p);
	return ok;
}

static int
g_vacante(struct wf_call *c, struct buf *why)
{
	struct wf_program p;
	int ok;

	if (program_state(c, &p) != 0)
		return -1;
	ok = p.ocupadas < p.vacantes;
	if (!ok)
		buf_printf(why, "El programa %lld (%s) ya tiene cubiertas sus "
		    "%d vacantes.", (long long)p.id, p.name, p.vacantes);
	wf_program_free(&p);
	return ok;
}

/* The state of the report of hours h of the call's application, or NULL. */
static int
report_state(struct wf_call *c, int h, char **state)
{
	struct wf_report r;
	int found = store_wf_report_get(c->ctx->st, c->application_id, h, &r);

	*state = NULL;
	if (found < 0)
		return -1;
	if (found)
		*state = xstrdup(r.state);
	wf_report_free(&r);
	return 0;
}

static int
report_accepted(struct wf_call *c, int h, struct buf *why)
{
	char *st;
	int ok;

	if (report_state(c, h, &st) != 0)
		return -1;
	ok = st != NULL && strcmp(st, "aceptado") == 0;
	if (!ok && st == NULL)
		buf_printf(why, "El reporte de %d horas aún no se ha "
		    "entregado. ", h);
	else if (!ok)
		buf_printf(why, "El reporte de %d horas aún no ha sido "
		    "aceptado: %s. ", h, strcmp(st, "rechazado") == 0 ?
		    "fue rechazado" : "está en revisión");
	free(st);
	return ok;
}

/* The one thing to do when report h must come first (issue 9). */
static void
report_order_next(struct wf_call *c, int h)
{
	char *st = NULL;

	if (report_state(c, h, &st) != 0)
		return;
	if (st == NULL)
		tr_next(c->ctx, "Envíe primero su reporte de %d horas, con el "
		    "asunto REPORTE %d y el PDF adjunto; este de %d horas "
		    "consérvelo y envíelo cuando aquel sea aceptado.", h, h,
		    c->hours);
	else if (strcmp(st, "rechazado") == 0)
		tr_next(c->ctx, "Corrija su reporte de %d horas y envíelo de "
		    "nuevo con el asunto REPORTE %d (o respondiendo al aviso "
		    "del rechazo); cuando sea aceptado, envíe este de %d "
		    "horas.", h, h, c->hours);
	else
		tr_next(c->ctx, "Espere la revisión de su reporte de %d horas; "
		    "le avisaremos por correo. Cuando sea aceptado, envíe este "
		    "de %d horas.", h, c->hours);
	free(st);
}

static int
g_reporte_en_orden(struct wf_call *c, struct buf *why)
{
	struct wf_application a;
	struct wf_hours h;
	int ok, prev;

	if (store_wf_application_get(c->ctx->st, c->application_id, &a) != 1)
		return -1;
	ok = strcmp(a.state, "aceptada") == 0;
	if (!ok)
		buf_printf(why, "Los reportes se entregan mientras se presta "
		    "el servicio social. %s", wf_state_text(WF_SOLICITUD,
		    a.state));
	wf_application_free(&a);
	if (!ok)
		return 0;
	if ((prev = milestone_previous(c->ctx->cfg, c->hours)) == 0)
		return 1;
	/* Hours accepted in an earlier service (before a baja or a change
	   of agency) count toward the previous milestone. */
	if (store_wf_hours_student(c->ctx->st, c->student_id, &h) != 0)
		return -1;
	if (h.accepted >= prev)
		return 1;
	ok = report_accepted(c, prev, why);
	if (ok == 0)
		report_order_next(c, prev);
	return ok;
}

/* The coordinator approves a report once the agency validated it, or
   [calendar] validation_days after it arrived (h_reporte.c). */
static int
g_validado(struct wf_call *c, struct buf *why)
{
	return report_validated(c->ctx, c->id, why);
}

/* The student's accepted hours reach [rules] total_hours. */
static int
hours_complete(struct wf_call *c, struct buf *why, const char *letter)
{
	int total = c->ctx->cfg->total_hours;
	struct wf_hours h;

	if (store_wf_hours_student(c->ctx->st, c->student_id, &h) != 0)
		return -1;
	if (h.accepted >= total)
		return 1;
	buf_printf(why, "La carta de %s se emite con %d horas de servicio "
	    "aceptadas; el alumno lleva %d%s. ", letter, total, h.accepted,
	    h.pending ? " (y un reporte en revisión)" : "");
	return 0;
}

static int
g_480_aceptado(struct wf_call *c, struct buf *why)
{
	return hours_complete(c, why, "liberación");
}

static int
g_reportes_aceptados(struct wf_call *c, struct buf *why)
{
	return hours_complete(c, why, "finalización");
}

/* Within min_months and max_months (an exception approved counts). */
static int
in_legal_period(struct wf_call *c, struct buf *why)
{
	int r = period_may_end(c->ctx, c->application_id, why);

	if (r != 1)
		return r;
	r = period_past_max(c->ctx, c->application_id, why);
	return r < 0 ? -1 : !r;
}

static int
g_liberable(struct wf_call *c, struct buf *why)
{
	int r = g_480_aceptado(c, why);

	return r <= 0 ? r : in_legal_period(c, why);
}

static int
g_finalizable(struct wf_call *c, struct buf *why)
{
	int r = g_reportes_aceptados(c, why);

	return r <= 0 ? r : in_legal_period(c, why);
}

/* The hours are there but the service ran past max_months. */
static int
g_liberar_excede(struct wf_call *c, struct buf *why)
{
	int r = g_480_aceptado(c, why);

	return r <= 0 ? r : period_past_max(c->ctx, c->application_id, why);
}

static int
g_finalizar_excede(struct wf_call *c, struct buf *why)
{
	int r = g_reportes_aceptados(c, why);

	return r <= 0 ? r : period_past_max(c->ctx, c->application_id, why);
}

static int
g_convenio_vigente(struct wf_call *c, struct buf *why)
{
	char *st = NULL;
	int r, ok;

	r = store_wf_state_get(c->ctx->st, WF_DEPENDENCIA, c->agency_id, &st);
	if (r < 0)
		return -1;
	ok = r == 1 && strcmp(st, "convenio_vigente") == 0;
	if (!ok)
		buf_printf(why, "%s Una dependencia actúa solo con su convenio "
		    "autorizado.", wf_state_text(WF_DEPENDENCIA, st ? st :
		    NUEVO));
	free(st);
	return ok;
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
    const char *state, enum wf_event ev)
{
	if (t->entity != e || t->event != ev)
		return 0;
	if (strcmp(t->from, ANY) == 0)
		return strcmp(state, NUEVO) != 0;
	return strcmp(t->from, state) == 0;
}

int
wf_allowed(enum wf_entity e, const char *state, enum wf_event ev)
{
	for (size_t i = 0; i < wf_table_len; i++)
		if (row_matches(&wf_table[i], e, state, ev))
			return 1;
	return 0;
}

static void
explain_out_of_order(struct wf_call *c, const char *state)
{
	const char *next = wf_state_next(c->entity, state);

	tr_error(c->ctx, "No se puede %s ahora. %s", wf_event_text(c->event),
	    wf_state_text(c->entity, state));
	if (next != NULL)
		tr_next(c->ctx, "%s", next);
	log_info("msg %lld: %s %lld in state %s: %s is out of order",
	    (long long)c->ctx->msg_row, wf_entity_name(c->entity),
	    (long long)c->id, state, wf_event_name(c->event));
}

/* The row that applies, or NULL with why (guard) or nothing (no row). */
static int
choose(struct wf_call *c, const char *state,
    const struct wf_transition **row, struct buf *why, int *any)
{
	*row = NULL;
	*any = 0;
	for (size_t i = 0; i < wf_table_len; i++) {
		const struct wf_transition *t = &wf_table[i];
		int g;

		if (!row_matches(t, c->entity, state, c->event))
			continue;
		*any = 1;
		if (t->guard == NULL) {
			*row = t;
			return 0;
		}
		buf_reset(why);
		if ((g = t->guard(c, why)) < 0)
			return -1;
		if (g == 1) {
			*row = t;
			return 0;
		}
	}
	return 0;
}

static int
apply(struct wf_call *c, const struct wf_transition *row, const char *state)
{
	struct store *st = c->ctx->st;
	int creating = strcmp(state, NUEVO) == 0, e;

	c->state = state;
	c->next = strcmp(row->to, SAME) == 0 ? state : row->to;
	if (store_wf_savepoint(st) != 0)
		return -1;
	if (row->effect != NULL && (e = row->effect(c)) != 0)
		goto undo;
	e = -1;
	if (c->id == 0) {
		log_err("workflow: %s %s created no row",
		    wf_entity_name(c->entity), wf_event_name(c->event));
		goto undo;
	}
	if ((creating || strcmp(c->next, state) != 0) &&
	    store_wf_state_set(st, c->entity, c->id, c->next,
	    c->ctx->now) != 0)
		goto undo;
	if (store_wf_audit(st, c->entity, c->id, wf_event_name(c->event),
	    state, c->next, hctx_actor(c->ctx), c->ctx->msg_row,
	    c->ctx->now, c->note) != 0)
		goto undo;
	if (store_wf_release(st) != 0)
		return -1;
	return WF_OK;
undo:
	if (store_wf_rollback_to(st) != 0)
		return -1;
	return e < 0 ? -1 : WF_REFUSED;
}

int
wf_fire(struct wf_call *c)
{
	const struct wf_transition *row;
	char *state = NULL;
	struct buf why;
	int rc = -1, any, r;

	buf_init(&why);
	if (c->id == 0)
		state = xstrdup(NUEVO);
	else if ((r = store_wf_state_get(c->ctx->st, c->entity, c->id,
	    &state)) != 1) {
		if (r == 0)
			log_err("workflow: no %s %lld",
			    wf_entity_name(c->entity), (long long)c->id);
		goto out;
	}
	if (choose(c, state, &row, &why, &any) != 0)
		goto out;
	if (row == NULL) {
		if (!any)
			explain_out_of_order(c, state);
		else
			tr_error(c->ctx, "No se puede %s ahora. %s",
			    wf_event_text(c->event), why.data);
		rc = WF_REFUSED;
		goto out;
	}
	rc = apply(c, row, state);
out:
	c->state = NULL;
	c->next = NULL;
	free(state);
	buf_free(&why);
	return rc;
}

int
wf_fire_on(struct wf_call *parent, enum wf_entity e, int64_t id,
    enum wf_event ev)
{
	struct wf_call c = *parent;
	int rc;

	c.entity = e;
	c.id = id;
	c.event = ev;
	rc = wf_fire(&c);
	/* Rows the nested effect created are the parent's business too. */
	parent->student_id = c.student_id;
	parent->agency_id = c.agency_id;
	parent->program_id = c.program_id;
	parent->application_id = c.application_id;
	parent->report_id = c.report_id;
	parent->matter_id = c.matter_id;
	return rc;
}
