/* SPDX-License-Identifier: ISC */
/*
 * history_text.c - a person's history in Spanish (history_text.h).
 *
 * The workflow's own descriptions (workflow.c) are sentences written to
 * the person concerned ("Su cuenta de estudiante está registrada."); a
 * file read by a coordinator needs a few words per state instead, so
 * they are here, one per state.  A state added later without its words
 * here is shown with the workflow's sentence: still Spanish, never the
 * stored word.
 */
#include "handlers/history_text.h"

#include <string.h>

#include "handlers/workflow.h"
#include "letters/letters.h"
#include "store/store_roster.h"

static const char *const state_words[ST__COUNT] = {
	[ST_ALUMNO_NUEVO] = "sin cuenta",
	[ST_ALUMNO_REGISTRADO] = "registrado",
	[ST_ALUMNO_PRESENTACION_PENDIENTE] = "espera su carta de presentación",
	[ST_ALUMNO_CON_PRESENTACION] = "con carta de presentación",
	[ST_ALUMNO_POSTULADO] = "con una solicitud en espera",
	[ST_ALUMNO_EN_SERVICIO] = "en servicio",
	[ST_ALUMNO_LIBERADO] = "liberado",
	[ST_ALUMNO_FINALIZADO] = "concluyó su servicio",
	[ST_ALUMNO_SUSPENDIDA] = "cuenta suspendida",
	[ST_DEPENDENCIA_NUEVO] = "sin registro",
	[ST_DEPENDENCIA_DOCUMENTOS_INCOMPLETOS] = "le faltan documentos",
	[ST_DEPENDENCIA_EN_REVISION] = "convenio en revisión",
	[ST_DEPENDENCIA_RECHAZADA] = "convenio rechazado",
	[ST_DEPENDENCIA_CONVENIO_VIGENTE] = "convenio vigente",
	[ST_PROGRAMA_NUEVO] = "sin publicar",
	[ST_PROGRAMA_PUBLICADO] = "publicado",
	[ST_PROGRAMA_CUBIERTO] = "sin vacantes",
	[ST_PROGRAMA_CERRADO] = "cerrado",
	[ST_SOLICITUD_NUEVO] = "sin solicitud",
	[ST_SOLICITUD_PENDIENTE] = "espera a la dependencia",
	[ST_SOLICITUD_ACEPTADA] = "en servicio",
	[ST_SOLICITUD_RECHAZADA] = "rechazada por la dependencia",
	[ST_SOLICITUD_RETIRADA] = "retirada por el alumno",
	[ST_SOLICITUD_VENCIDA] = "vencida sin respuesta",
	[ST_SOLICITUD_SIN_VACANTE] = "sin vacante",
	[ST_SOLICITUD_BAJA_SOLICITADA] = "baja pedida",
	[ST_SOLICITUD_BAJA] = "dado de baja",
	[ST_SOLICITUD_LIBERADA] = "liberado",
	[ST_SOLICITUD_FINALIZADA] = "concluida",
	[ST_REPORTE_NUEVO] = "sin entregar",
	[ST_REPORTE_EN_REVISION] = "en revisión",
	[ST_REPORTE_ACEPTADO] = "aceptado",
	[ST_REPORTE_RECHAZADO] = "rechazado",
	[ST_DOCUMENTO_NUEVO] = "sin recibir",
	[ST_DOCUMENTO_VIGENTE] = "vigente",
	[ST_DOCUMENTO_REEMPLAZADO] = "reemplazado",
	[ST_PETICION_NUEVO] = "sin pedir",
	[ST_PETICION_PENDIENTE] = "pedido a la dependencia",
	[ST_PETICION_ATENDIDA] = "entregado",
	[ST_ASUNTO_NUEVO] = "sin abrir",
	[ST_ASUNTO_ABIERTO] = "espera una decisión",
	[ST_ASUNTO_APROBADO] = "aprobado",
	[ST_ASUNTO_RECHAZADO] = "rechazado",
	[ST_PAUSA_NUEVO] = "sin pausa",
	[ST_PAUSA_SOLICITADA] = "pausa pedida",
	[ST_PAUSA_VIGENTE] = "en pausa",
	[ST_PAUSA_RECHAZADA] = "pausa rechazada",
	[ST_PAUSA_TERMINADA] = "pausa terminada",
};

static const char *const entity_words[WF__COUNT] = {
	[WF_ALUMNO] = "alumno",
	[WF_DEPENDENCIA] = "dependencia",
	[WF_PROGRAMA] = "programa",
	[WF_SOLICITUD] = "solicitud",
	[WF_REPORTE] = "reporte",
	[WF_DOCUMENTO] = "documento",
	[WF_PETICION] = "petición de reporte",
	[WF_ASUNTO] = "asunto",
	[WF_PAUSA] = "pausa",
};

/* The kinds of matter (store_workflow.h's MATTER_*) for a coordinator. */
static const struct {
	const char *stored, *words;
} matter_words[] = {
	{MATTER_CONVENIO, "convenio"},
	{MATTER_PRESENTACION, "carta de presentación"},
	{MATTER_REPORTE, "reporte"},
	{MATTER_BAJA, "baja"},
	{MATTER_MATRICULA, "matrícula reclamada por dos personas"},
	{MATTER_ARCO, "derecho de protección de datos (ARCO)"},
	{MATTER_PAUSA, "pausa del servicio"},
	{MATTER_EXCEPCION_LIBERAR, "liberación fuera de plazo"},
	{MATTER_EXCEPCION_FINALIZAR, "finalización fuera de plazo"},
};

/* store_mail.c's outcomes and store_outbox.c's statuses. */
static const struct {
	const char *stored, *words;
} mail_words[] = {
	{"processed", "atendido"},
	{"quarantined", "apartado en cuarentena"},
	{"ignored", "sin respuesta (correo automático o repetido)"},
	{"queued", "en cola"},
	{"sent", "enviado"},
	{"failed", "no se pudo entregar"},
};

const char *
history_section(enum history_kind k)
{
	static const char *const words[] = {
		[HIST_AUDIT] = "bitácora",
		[HIST_DECISION] = "decisión",
		[HIST_PENDING] = "pendiente",
		[HIST_APPLICATION] = "solicitud",
		[HIST_REPORT] = "reporte",
		[HIST_LETTER] = "carta",
		[HIST_MAIL_IN] = "correo recibido",
		[HIST_MAIL_OUT] = "correo enviado",
	};

	return (unsigned)k < ARRAY_LEN(words) ? words[k] : "otro";
}

const char *
history_state_word(enum wf_entity e, const char *stored)
{
	enum wf_state s;

	if (!wf_state_parse(e, stored, &s))
		return stored;
	return state_words[s] != NULL ? state_words[s] : wf_state_text(s);
}

const char *
history_account_state(const char *role, const char *stored)
{
	return history_state_word(strcmp(role, wf_entity_name(WF_DEPENDENCIA))
	    == 0 ? WF_DEPENDENCIA : WF_ALUMNO, stored);
}

static int
entity_parse(const char *stored, enum wf_entity *e)
{
	for (int i = 0; i < WF__COUNT; i++)
		if (strcmp(wf_entity_name((enum wf_entity)i), stored) == 0) {
			*e = (enum wf_entity)i;
			return 1;
		}
	return 0;
}

/* "aceptar el reporte" for "reporte_aprobado"; "un cambio" else. */
static const char *
event_words(const char *stored)
{
	if (strcmp(stored, ROSTER_AUDIT_EVENT) == 0)
		return "actualizar sus datos con el padrón";
	for (int i = 0; i < EV__COUNT; i++)
		if (strcmp(wf_event_name((enum wf_event)i), stored) == 0)
			return wf_event_text((enum wf_event)i);
	return "un cambio";
}

/* The words of a kind of matter, or NULL for none. */
static const char *
matter_lookup(const char *stored)
{
	for (size_t i = 0; i < ARRAY_LEN(matter_words); i++)
		if (strcmp(matter_words[i].stored, stored) == 0)
			return matter_words[i].words;
	return NULL;
}

const char *
history_matter_word(const char *stored)
{
	const char *w = matter_lookup(stored);

	return w != NULL ? w : "asunto";
}

static const char *
mail_word(const char *stored)
{
	for (size_t i = 0; i < ARRAY_LEN(mail_words); i++)
		if (strcmp(mail_words[i].stored, stored) == 0)
			return mail_words[i].words;
	return "estado desconocido";
}

static const char *
letter_word(const char *stored)
{
	const char *w = letters_kind_name(stored);

	return w != NULL ? w : "carta";
}

static void
audit_text(const struct history_event *e, struct buf *out)
{
	enum wf_entity ent;

	if (!entity_parse(e->entity, &ent)) {
		buf_printf(out, "registro %lld: %s", (long long)e->id,
		    event_words(e->event));
		return;
	}
	buf_printf(out, "%s %lld: %s", entity_words[ent], (long long)e->id,
	    event_words(e->event));
	if (strcmp(e->from, e->to) != 0)
		buf_printf(out, " (de «%s» a «%s»)",
		    history_state_word(ent, e->from),
		    history_state_word(ent, e->to));
	buf_printf(out, ", por %s", e->who);
	/* A decision's audit lines note the matter's kind (matters.c), on
	   the matter and on what it moved: in words too. */
	if (matter_lookup(e->note) != NULL)
		buf_printf(out, " — %s", matter_lookup(e->note));
	else if (*e->note != '\0')
		buf_printf(out, " — %s", e->note);
}

void
history_text(const struct history_event *e, struct buf *out)
{
	switch (e->kind) {
	case HIST_AUDIT:
		audit_text(e, out);
		return;
	case HIST_DECISION:
		buf_printf(out, "%s: %s por %s", history_matter_word(e->entity),
		    history_state_word(WF_ASUNTO, e->to), e->who);
		if (*e->note != '\0')
			buf_printf(out, ": %s", e->note);
		return;
	case HIST_PENDING:
		buf_printf(out, "%s: espera una decisión",
		    history_matter_word(e->entity));
		return;
	case HIST_APPLICATION:
		buf_printf(out, "solicitud %lld al programa %lld «%s» de %s: %s",
		    (long long)e->id, (long long)e->n1, e->name, e->who,
		    history_state_word(WF_SOLICITUD, e->to));
		if (*e->note != '\0')
			buf_printf(out, " (%s)", e->note);
		return;
	case HIST_REPORT:
		buf_printf(out, "reporte de %lld horas (solicitud %lld, %lld "
		    "horas en su periodo): %s", (long long)e->n1,
		    (long long)e->id, (long long)e->n2,
		    history_state_word(WF_REPORTE, e->to));
		if (*e->grade != '\0')
			buf_printf(out, ", calificación %s", e->grade);
		return;
	case HIST_LETTER:
		buf_printf(out, "%s, folio %s", letter_word(e->entity),
		    e->name);
		return;
	case HIST_MAIL_IN:
		buf_printf(out, "mensaje %lld: %s, %s", (long long)e->id,
		    *e->name != '\0' ? e->name : "(sin comando)",
		    mail_word(e->to));
		return;
	case HIST_MAIL_OUT:
		buf_printf(out, "%s (%s)", e->name, mail_word(e->to));
		return;
	}
	buf_adds(out, "evento desconocido");
}
