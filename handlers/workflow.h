/* SPDX-License-Identifier: ISC */
/*
 * workflow.h - the state machine of the servicio social.
 *
 * workflow.c holds it as one const table: for each entity (student,
 * agency, program, application, report, document, request, matter), state
 * and event, an optional guard, the next state and the effect.  Handlers
 * check their input (fields, documents, arguments), fill a struct wf_call
 * and call wf_fire(); wf_fire finds the row, runs the guard and the effect
 * inside a savepoint, sets the new state, fires the row's cascades (the
 * transitions of other entities that follow it: the student follows the
 * application) and writes the audit line with what caused it: a received
 * message, the calendar, or an administrator (struct hctx's cause).  A
 * command out of order finds no row and gets an explanation built from
 * the tables of states and events; nothing changes.
 *
 * States are enum wf_state (store_workflow.h), events enum wf_event: the
 * words stored in the database come from their tables, never from a
 * literal.  A new state takes an enumerator and its word
 * (store_wf_states.c), its description (state_texts in workflow.c) and
 * the rows that reach and leave it; a new event its name and text
 * (event_texts) and a row.  test_wf_table fails until all are there.
 */
#ifndef TEQUIO_WORKFLOW_H
#define TEQUIO_WORKFLOW_H

#include <stdint.h>

#include "handlers/handlers.h"
#include "handlers/verdict.h"
#include "store/store_workflow.h"

enum wf_event {
	EV_REGISTRO,
	EV_FOTO,
	EV_PRESENTACION,
	EV_PRESENTACION_APROBADA,
	EV_PRESENTACION_RECHAZADA,
	EV_SOLICITUD,
	EV_ACEPTAR,
	EV_RECHAZAR,
	EV_REPORTE,
	EV_REPORTE_APROBADO,
	EV_REPORTE_RECHAZADO,
	EV_BAJA,
	EV_BAJA_APROBADA,
	EV_BAJA_RECHAZADA,
	EV_LIBERAR,
	EV_FINALIZAR,
	EV_REGISTRO_DEPENDENCIA,
	EV_DOCUMENTOS,
	EV_CONVENIO_APROBADO,
	EV_CONVENIO_RECHAZADO,
	EV_PROGRAMA,
	EV_VACANTES_AGOTADAS,
	EV_VACANTE_LIBERADA,
	EV_DOC_RECIBIDO,
	EV_DOC_REEMPLAZADO,
	EV_PETICION,
	EV_REPORTE_ENTREGADO,
	EV_APROBAR,
	EV_RECHAZAR_ASUNTO,
	EV_RETIRAR,		/* CANCELAR SOLICITUD from the student */
	EV_VENCER,		/* timer: application_days without answer */
	EV_SIN_VACANTE,		/* the program filled with others */
	EV_CAMBIO,		/* coordinator: change of agency */
	EV_SUSPENDER,		/* coordinator: the matrícula was not theirs */
	EV_ABRIR,		/* a matter opens for the coordinators */
	EV_CERRAR_PROGRAMA,	/* agency: CERRAR PROGRAMA (issue 11) */
	EV_PAUSA,		/* the student asks to pause the service */
	EV_PAUSA_APROBADA,	/* the coordinator approves (or sets) it */
	EV_PAUSA_RECHAZADA,
	EV_REANUDAR,		/* the service goes on (or its Hasta: came) */
	EV_RENOVAR,		/* agency: RENOVAR its convenio (issue 11) */
	EV_EDITAR_PROGRAMA,	/* agency: PROGRAMA <clave> plus fields */
	EV_PROGRAMA_APROBADO,	/* coordinator: a new program may appear */
	EV_PROGRAMA_RECHAZADO,
	EV_EDICION_APROBADA,	/* coordinator: an edit may apply */
	EV_EDICION_RECHAZADA,
	EV__COUNT
};

struct wf_call;
typedef enum wf_verdict (*wf_guard_fn)(struct wf_call *c, struct buf *why);
typedef enum wf_verdict (*wf_effect_fn)(struct wf_call *c);

/* In a row's from: every state but the entity's "nuevo"; in its to: the
   state stays. */
#define WF_ANY	((enum wf_state)ST__COUNT)
#define WF_SAME	((enum wf_state)(ST__COUNT + 1))

/*
 * A transition of another entity that follows a row: event on the entity
 * of the call's student_id, agency_id, program_id, application_id,
 * report_id or matter_id (0: the event creates it).  WF_MUST cascades
 * are checked before the row's effect runs (a row whose followers cannot
 * follow is refused, with their explanation); WF_IF_ALLOWED ones fire
 * only when the target's table allows it (a program fills only when its
 * places are taken), silently otherwise.
 */
enum wf_then_when { WF_NONE, WF_MUST, WF_IF_ALLOWED };
struct wf_then {
	enum wf_then_when when;
	enum wf_entity entity;
	enum wf_event event;
};
#define WF_MAX_THEN 2

/*
 * One transition: in state from, event moves the entity to state to if
 * the guard allows, running the effect; then its cascades fire, in order.
 */
struct wf_transition {
	enum wf_entity entity;
	enum wf_state from;
	enum wf_event event;
	wf_guard_fn guard;
	enum wf_state to;
	wf_effect_fn effect;
	struct wf_then then[WF_MAX_THEN];
};

/* What a handler hands to wf_fire: the entity and what the effect needs. */
struct wf_call {
	struct hctx *ctx;
	enum wf_entity entity;
	int64_t id;		/* the row; 0 when the event creates it */
	enum wf_event event;
	enum wf_state state;	/* current state, set by wf_fire */
	enum wf_state next;	/* the state it moves to, set by wf_fire */
	int quiet;		/* set by wf_fire for a WF_IF_ALLOWED cascade:
				   refused without a word */

	/* Filled by handlers as the event needs them. */
	int64_t student_id;
	int64_t agency_id;
	int64_t program_id;
	int64_t application_id;
	int64_t report_id;
	int64_t matter_id;
	int64_t pause_id;
	int vacantes;		/* EV_EDITAR_PROGRAMA: the cupo it asks for */
	int hours;
	int complete;		/* the agency's documents are all there */
	const char *motivo;
	const char *matter_kind;	/* WF_ASUNTO: the kind decided */
	const char *note;	/* for the audit line */
	void *data;		/* handler-specific */
};

/* A call for event ev on application a, with its student, agency and
   program. */
void wf_call_application(struct wf_call *c, struct hctx *ctx,
    const struct wf_application *a, enum wf_event ev);

/*
 * Apply c->event to (c->entity, c->id).  Returns WF_OK, WF_REFUSED (the
 * reason is in the transcript, nothing changed), or WF_ERROR.
 */
enum wf_verdict wf_fire(struct wf_call *c);

/* The table itself, for tests and documentation. */
extern const struct wf_transition wf_table[];
extern const size_t wf_table_len;

/* Spanish descriptions of a state, of what should come next (NULL when
   nothing), and the state in a word or two for lists ("en revisión"). */
const char *wf_state_text(enum wf_state s);
const char *wf_state_next(enum wf_state s);
const char *wf_state_label(enum wf_state s);
/* The same for a state as stored (a struct's state column): its own
   word when e has no such state. */
const char *wf_state_text_of(enum wf_entity e, const char *stored);
const char *wf_state_next_of(enum wf_entity e, const char *stored);
const char *wf_state_label_of(enum wf_entity e, const char *stored);
/* "recibir un reporte", and what it needs first. */
const char *wf_event_text(enum wf_event ev);
const char *wf_event_name(enum wf_event ev);

/* The reports of a service, in order: 180, 360 and 480 hours. */
#define WF_N_REPORTS 3
extern const int wf_report_hours[WF_N_REPORTS];
/* The report before / after hours h (0 when none). */
int wf_report_previous(int h);
int wf_report_next(int h);

/* Whether (e, state) has any row for ev (ignoring guards). */
int wf_allowed(enum wf_entity e, enum wf_state state, enum wf_event ev);

#endif
