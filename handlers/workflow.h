/* SPDX-License-Identifier: ISC */
/*
 * workflow.h - the state machine of the servicio social.
 *
 * workflow.c holds it as one const table: for each entity (student,
 * agency, program, application, report, document, request, matter), state
 * and event, an optional guard, the next state and the effect.  Handlers
 * check their input (fields, documents, arguments), fill a struct wf_call
 * and call wf_fire(); wf_fire finds the row, runs the guard and the effect
 * inside a savepoint, sets the new state and writes the audit line with the
 * message that caused it.  A command out of order finds no row and gets an
 * explanation built from the tables of states and events; nothing changes.
 */
#ifndef TEQUIO_WORKFLOW_H
#define TEQUIO_WORKFLOW_H

#include <stdint.h>

#include "handlers/handlers.h"
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
	EV_PAUSA,		/* the student asks to pause the service */
	EV_PAUSA_APROBADA,	/* the coordinator approves (or sets) it */
	EV_PAUSA_RECHAZADA,
	EV_REANUDAR,		/* the service goes on */
	EV_EXCEPCION,		/* past max_months: the coordinator decides */
	EV__COUNT
};

struct wf_call;
typedef int (*wf_guard_fn)(struct wf_call *c, struct buf *why);
typedef int (*wf_effect_fn)(struct wf_call *c);

/*
 * One transition.  from "*" matches every state but "nuevo" (the entity
 * does not exist yet); to "=" keeps the state.  A guard returns 1 to allow,
 * 0 to refuse (writing why, a sentence in Spanish), -1 on error.  An
 * effect returns 0, 1 when it refused (after tr_error), -1 on error.
 */
struct wf_transition {
	enum wf_entity entity;
	const char *from;
	enum wf_event event;
	wf_guard_fn guard;
	const char *to;
	wf_effect_fn effect;
};

/* What a handler hands to wf_fire: the entity and what the effect needs. */
struct wf_call {
	struct hctx *ctx;
	enum wf_entity entity;
	int64_t id;		/* the row; 0 when the event creates it */
	enum wf_event event;
	const char *state;	/* current state, set by wf_fire */
	const char *next;	/* the state it moves to, set by wf_fire */

	/* Filled by handlers as the event needs them. */
	int64_t student_id;
	int64_t agency_id;
	int64_t program_id;
	int64_t application_id;
	int64_t report_id;
	int64_t matter_id;
	int hours;
	int complete;		/* the agency's documents are all there */
	const char *motivo;
	const char *note;	/* for the audit line */
	void *data;		/* handler-specific */
};

enum { WF_OK = 0, WF_REFUSED = 1 };

/* A call for event ev on application a, with its student, agency and
   program. */
void wf_call_application(struct wf_call *c, struct hctx *ctx,
    const struct wf_application *a, enum wf_event ev);

/*
 * Apply c->event to (c->entity, c->id).  Returns WF_OK, WF_REFUSED (the
 * reason is in the transcript, nothing changed), or -1 on a database
 * error.
 */
int wf_fire(struct wf_call *c);

/* A nested event on another entity, with the same context. */
int wf_fire_on(struct wf_call *parent, enum wf_entity e, int64_t id,
    enum wf_event ev);

/* The table itself, for tests and documentation. */
extern const struct wf_transition wf_table[];
extern const size_t wf_table_len;

/* Spanish descriptions of a state and of what should come next. */
const char *wf_state_text(enum wf_entity e, const char *state);
const char *wf_state_next(enum wf_entity e, const char *state);
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
int wf_allowed(enum wf_entity e, const char *state, enum wf_event ev);

#endif
