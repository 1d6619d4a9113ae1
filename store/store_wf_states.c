/* SPDX-License-Identifier: ISC */
/*
 * store_wf_states.c - the word the database stores for each state
 * (store_workflow.h).  One row per enumerator, in the enumerator's order:
 * the words are the database's and must never change, or a database of
 * an earlier release would hold states this program no longer knows.
 */
#include <string.h>

#include "common/util.h"
#include "store/store_workflow.h"

static const struct {
	enum wf_entity entity;
	const char *name;
} states[ST__COUNT] = {
	[ST_ALUMNO_NUEVO] = {WF_ALUMNO, "nuevo"},
	[ST_ALUMNO_REGISTRADO] = {WF_ALUMNO, "registrado"},
	[ST_ALUMNO_PRESENTACION_PENDIENTE] = {WF_ALUMNO,
	    "presentacion_pendiente"},
	[ST_ALUMNO_CON_PRESENTACION] = {WF_ALUMNO, "con_presentacion"},
	[ST_ALUMNO_POSTULADO] = {WF_ALUMNO, "postulado"},
	[ST_ALUMNO_EN_SERVICIO] = {WF_ALUMNO, "en_servicio"},
	[ST_ALUMNO_LIBERADO] = {WF_ALUMNO, "liberado"},
	[ST_ALUMNO_FINALIZADO] = {WF_ALUMNO, "finalizado"},
	[ST_ALUMNO_SUSPENDIDA] = {WF_ALUMNO, "suspendida"},

	[ST_DEPENDENCIA_NUEVO] = {WF_DEPENDENCIA, "nuevo"},
	[ST_DEPENDENCIA_DOCUMENTOS_INCOMPLETOS] = {WF_DEPENDENCIA,
	    "documentos_incompletos"},
	[ST_DEPENDENCIA_EN_REVISION] = {WF_DEPENDENCIA, "en_revision"},
	[ST_DEPENDENCIA_RECHAZADA] = {WF_DEPENDENCIA, "rechazada"},
	[ST_DEPENDENCIA_CONVENIO_VIGENTE] = {WF_DEPENDENCIA,
	    "convenio_vigente"},

	[ST_PROGRAMA_NUEVO] = {WF_PROGRAMA, "nuevo"},
	[ST_PROGRAMA_PUBLICADO] = {WF_PROGRAMA, "publicado"},
	[ST_PROGRAMA_CUBIERTO] = {WF_PROGRAMA, "cubierto"},
	[ST_PROGRAMA_CERRADO] = {WF_PROGRAMA, "cerrado"},
	[ST_PROGRAMA_POR_APROBAR] = {WF_PROGRAMA, "por_aprobar"},
	[ST_PROGRAMA_RECHAZADO] = {WF_PROGRAMA, "rechazado"},

	[ST_SOLICITUD_NUEVO] = {WF_SOLICITUD, "nuevo"},
	[ST_SOLICITUD_PENDIENTE] = {WF_SOLICITUD, "pendiente"},
	[ST_SOLICITUD_ACEPTADA] = {WF_SOLICITUD, "aceptada"},
	[ST_SOLICITUD_RECHAZADA] = {WF_SOLICITUD, "rechazada"},
	[ST_SOLICITUD_RETIRADA] = {WF_SOLICITUD, "retirada"},
	[ST_SOLICITUD_VENCIDA] = {WF_SOLICITUD, "vencida"},
	[ST_SOLICITUD_SIN_VACANTE] = {WF_SOLICITUD, "sin_vacante"},
	[ST_SOLICITUD_BAJA_SOLICITADA] = {WF_SOLICITUD, "baja_solicitada"},
	[ST_SOLICITUD_BAJA] = {WF_SOLICITUD, "baja"},
	[ST_SOLICITUD_LIBERADA] = {WF_SOLICITUD, "liberada"},
	[ST_SOLICITUD_FINALIZADA] = {WF_SOLICITUD, "finalizada"},

	[ST_REPORTE_NUEVO] = {WF_REPORTE, "nuevo"},
	[ST_REPORTE_EN_REVISION] = {WF_REPORTE, "en_revision"},
	[ST_REPORTE_ACEPTADO] = {WF_REPORTE, "aceptado"},
	[ST_REPORTE_RECHAZADO] = {WF_REPORTE, "rechazado"},

	[ST_DOCUMENTO_NUEVO] = {WF_DOCUMENTO, "nuevo"},
	[ST_DOCUMENTO_VIGENTE] = {WF_DOCUMENTO, "vigente"},
	[ST_DOCUMENTO_REEMPLAZADO] = {WF_DOCUMENTO, "reemplazado"},

	[ST_PETICION_NUEVO] = {WF_PETICION, "nuevo"},
	[ST_PETICION_PENDIENTE] = {WF_PETICION, "pendiente"},
	[ST_PETICION_ATENDIDA] = {WF_PETICION, "atendida"},

	[ST_ASUNTO_NUEVO] = {WF_ASUNTO, "nuevo"},
	[ST_ASUNTO_ABIERTO] = {WF_ASUNTO, "abierto"},
	[ST_ASUNTO_APROBADO] = {WF_ASUNTO, "aprobado"},
	[ST_ASUNTO_RECHAZADO] = {WF_ASUNTO, "rechazado"},

	[ST_PAUSA_NUEVO] = {WF_PAUSA, "nuevo"},
	[ST_PAUSA_SOLICITADA] = {WF_PAUSA, "solicitada"},
	[ST_PAUSA_VIGENTE] = {WF_PAUSA, "vigente"},
	[ST_PAUSA_RECHAZADA] = {WF_PAUSA, "rechazada"},
	[ST_PAUSA_TERMINADA] = {WF_PAUSA, "terminada"},
};

const char *
wf_state_name(enum wf_state s)
{
	return (unsigned)s < ST__COUNT ? states[s].name : "?";
}

enum wf_entity
wf_state_entity(enum wf_state s)
{
	return (unsigned)s < ST__COUNT ? states[s].entity : WF__COUNT;
}

enum wf_state
wf_state_initial(enum wf_entity e)
{
	enum wf_state s;

	/* Every entity has a "nuevo": the first state listed for it. */
	for (s = 0; s < ST__COUNT; s++)
		if (states[s].entity == e)
			break;
	return s;
}

int
wf_state_parse(enum wf_entity e, const char *name, enum wf_state *s)
{
	for (enum wf_state i = 0; i < ST__COUNT; i++) {
		if (states[i].entity != e || strcmp(states[i].name, name) != 0)
			continue;
		*s = i;
		return 1;
	}
	return 0;
}

int
wf_state_is(const char *name, enum wf_state s)
{
	return name != NULL && strcmp(name, wf_state_name(s)) == 0;
}

char *
wf_state_set_text(const enum wf_state *s, size_t n)
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, ",");
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s,", wf_state_name(s[i]));
	return buf_steal(&b);
}
