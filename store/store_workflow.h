/* SPDX-License-Identifier: ISC */
/*
 * store_workflow.h - the SQL of the servicio social: accounts, students,
 * agencies, programs, applications (solicitudes), documents, reports, the
 * matters waiting for a coordinator, commands waiting for confirmation,
 * requests for reports, and the audit trail of every transition.
 *
 * The rules (who may do what, in which order) live in handlers/workflow.c;
 * this file only reads and writes rows.  Return values follow store.h: 0 or
 * -1 on a database error; look-ups return 1 found, 0 not found, -1 error.
 * Strings in the structs below are owned by the struct and released by its
 * *_free function; a text column that is NULL reads as "".
 */
#ifndef TEQUIO_STORE_WORKFLOW_H
#define TEQUIO_STORE_WORKFLOW_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* What has a state of its own (the "entity" column of the audit). */
enum wf_entity {
	WF_ALUMNO,		/* wf_account.state of a student */
	WF_DEPENDENCIA,		/* wf_account.state of an agency */
	WF_PROGRAMA,
	WF_SOLICITUD,
	WF_REPORTE,
	WF_DOCUMENTO,
	WF_PETICION,		/* a coordinator's request for a report */
	WF_ASUNTO,		/* a matter waiting for a coordinator */
	WF_PAUSA,		/* a pause of a service (store_pause.h) */
	WF__COUNT
};

/* "alumno", "dependencia", ... as stored in the audit. */
const char *wf_entity_name(enum wf_entity e);

/*
 * Each entity starts in its own "nuevo": the row does not exist yet (or
 * was just inserted by the effect that creates it).
 */
enum wf_state {
	ST_ALUMNO_NUEVO,
	ST_ALUMNO_REGISTRADO,
	ST_ALUMNO_PRESENTACION_PENDIENTE,
	ST_ALUMNO_CON_PRESENTACION,
	ST_ALUMNO_POSTULADO,
	ST_ALUMNO_EN_SERVICIO,
	ST_ALUMNO_LIBERADO,
	ST_ALUMNO_FINALIZADO,
	ST_ALUMNO_SUSPENDIDA,	/* lost a disputed matrícula (h_matricula.c) */

	ST_DEPENDENCIA_NUEVO,
	ST_DEPENDENCIA_DOCUMENTOS_INCOMPLETOS,
	ST_DEPENDENCIA_EN_REVISION,
	ST_DEPENDENCIA_RECHAZADA,
	ST_DEPENDENCIA_CONVENIO_VIGENTE,

	ST_PROGRAMA_NUEVO,
	ST_PROGRAMA_PUBLICADO,
	ST_PROGRAMA_CUBIERTO,
	ST_PROGRAMA_CERRADO,	/* CERRAR PROGRAMA (issue 11) */
	ST_PROGRAMA_POR_APROBAR,	/* [workflow] programs_need_approval */
	ST_PROGRAMA_RECHAZADO,	/* the coordinators did not approve it */

	ST_SOLICITUD_NUEVO,
	ST_SOLICITUD_PENDIENTE,
	ST_SOLICITUD_ACEPTADA,
	ST_SOLICITUD_RECHAZADA,
	ST_SOLICITUD_RETIRADA,
	ST_SOLICITUD_VENCIDA,
	ST_SOLICITUD_SIN_VACANTE,
	ST_SOLICITUD_BAJA_SOLICITADA,
	ST_SOLICITUD_BAJA,
	ST_SOLICITUD_LIBERADA,
	ST_SOLICITUD_FINALIZADA,

	ST_REPORTE_NUEVO,
	ST_REPORTE_EN_REVISION,
	ST_REPORTE_ACEPTADO,
	ST_REPORTE_RECHAZADO,

	ST_DOCUMENTO_NUEVO,
	ST_DOCUMENTO_VIGENTE,
	ST_DOCUMENTO_REEMPLAZADO,

	ST_PETICION_NUEVO,
	ST_PETICION_PENDIENTE,
	ST_PETICION_ATENDIDA,

	ST_ASUNTO_NUEVO,
	ST_ASUNTO_ABIERTO,
	ST_ASUNTO_APROBADO,
	ST_ASUNTO_RECHAZADO,

	ST_PAUSA_NUEVO,
	ST_PAUSA_SOLICITADA,	/* the student asked; the coordinator decides */
	ST_PAUSA_VIGENTE,
	ST_PAUSA_RECHAZADA,
	ST_PAUSA_TERMINADA,	/* REANUDAR, or its Hasta: day */

	ST__COUNT
};

/* The word stored in the database ("en_revision"). */
const char *wf_state_name(enum wf_state s);
/* The entity s is a state of. */
enum wf_entity wf_state_entity(enum wf_state s);
/* The state an entity starts in (its "nuevo"). */
enum wf_state wf_state_initial(enum wf_entity e);
/* The state of entity e stored as name: 1 and *s, or 0 when e has no
   state of that name. */
int wf_state_parse(enum wf_entity e, const char *name, enum wf_state *s);
/* Whether the stored word name is state s. */
int wf_state_is(const char *name, enum wf_state s);

/*
 * ",aceptada,liberada," for the states given: bound as one parameter and
 * matched with instr(), so SQL selects by a set of states without quoting
 * a name.  The caller frees it.
 */
char *wf_state_set_text(const enum wf_state *s, size_t n);

struct wf_account {
	int64_t id;
	char *role;		/* "alumno" | "dependencia" */
	char *email;
	char *name;
	char *state;
	int has_token;		/* a personal address was issued */
	int64_t created;
};
void wf_account_free(struct wf_account *a);

int store_wf_account_by_email(struct store *st, const char *email,
    struct wf_account *a);
int store_wf_account_by_id(struct store *st, int64_t id,
    struct wf_account *a);
/* The account whose personal-address token hashes to token_hash. */
int store_wf_account_by_token(struct store *st, const char *token_hash,
    struct wf_account *a);
int store_wf_account_insert(struct store *st, const char *role,
    const char *email, const char *name, enum wf_state state, int64_t now,
    int64_t *id);
/* Replace (or with NULL revoke) the personal-address token. */
int store_wf_account_set_token(struct store *st, int64_t id,
    const char *token_hash);
int store_wf_account_set_name(struct store *st, int64_t id,
    const char *name);

/* Read and write the state column of any entity.  A stored word that is
   no state of e (a newer program wrote it) is an error. */
int store_wf_state_get(struct store *st, enum wf_entity e, int64_t id,
    enum wf_state *state);
int store_wf_state_set(struct store *st, enum wf_entity e, int64_t id,
    enum wf_state state, int64_t now);

struct wf_student {
	int64_t account_id;
	char *matricula;
	char *carrera;
	int creditos;		/* percent */
};
void wf_student_free(struct wf_student *s);
int store_wf_student_insert(struct store *st, const struct wf_student *s);
int store_wf_student_get(struct store *st, int64_t account_id,
    struct wf_student *s);
/* The matrícula of account_id becomes free (issue 8, disputes). */
int store_wf_student_release_matricula(struct store *st, int64_t account_id);
int store_wf_student_by_matricula(struct store *st, const char *matricula,
    struct wf_student *s);

struct wf_agency {
	int64_t account_id;
	char *rfc;
	char *tipo;
	char *representante;
	char *cargo;
	char *domicilio;
	char *telefono;
};
void wf_agency_free(struct wf_agency *g);
/* Insert or update the agency's form data. */
int store_wf_agency_put(struct store *st, const struct wf_agency *g);
int store_wf_agency_get(struct store *st, int64_t account_id,
    struct wf_agency *g);
/* By RFC, e-mail address or exact name (any case). */
int store_wf_agency_find(struct store *st, const char *what,
    int64_t *account_id);

struct wf_document {
	int64_t id;
	int64_t account_id;
	char *kind;		/* doc_kind_id() */
	int64_t ref_id;		/* program, application or report; 0 none */
	char *filename;		/* as the sender named it */
	char *magic_type;
	char *sha256;
	char *path;
	int64_t size;
	char *state;		/* as stored; inserted in its "nuevo" */
	int64_t created;
};
void wf_document_free(struct wf_document *d);
int store_wf_document_insert(struct store *st, const struct wf_document *d,
    int64_t msg_row, int64_t now, int64_t *id);
/* The current (state "vigente") document of that kind, owner and ref. */
int store_wf_document_current(struct store *st, int64_t account_id,
    const char *kind, int64_t ref_id, struct wf_document *d);
int store_wf_document_get(struct store *st, int64_t id,
    struct wf_document *d);

struct wf_program {
	int64_t id;
	int64_t agency_id;
	char *agency_name;
	char *name;
	int vacantes;
	int ocupadas;		/* applications accepted and not ended */
	char *horario;
	char *lugar;
	char *descripcion;
	char *state;
	int64_t created;
};
void wf_program_free(struct wf_program *p);
void wf_programs_free(struct wf_program *p, size_t n);
int store_wf_program_insert(struct store *st, const struct wf_program *p,
    int64_t now, int64_t *id);
int store_wf_program_get(struct store *st, int64_t id, struct wf_program *p);
/* Write p's name, vacantes, horario, lugar and descripción over program
   p->id (an edit, issue 11).  0, -1. */
int store_wf_program_update(struct store *st, const struct wf_program *p,
    int64_t now);
/* Programs in state (NULL: every state); agency_id 0 for all agencies. */
int store_wf_program_list(struct store *st, const char *state,
    int64_t agency_id, struct wf_program **out, size_t *n);

struct wf_application {
	int64_t id;
	int64_t student_id;
	int64_t program_id;
	int64_t agency_id;
	char *state;
	char *motivo;
	char *gerente;
	char *jefe;
	int64_t created;
	int64_t updated;
};
void wf_application_free(struct wf_application *a);
void wf_applications_free(struct wf_application *a, size_t n);
int store_wf_application_insert(struct store *st, int64_t student_id,
    int64_t program_id, int64_t now, int64_t *id);
int store_wf_application_get(struct store *st, int64_t id,
    struct wf_application *a);
/* The student's newest application, whatever its state. */
int store_wf_application_latest(struct store *st, int64_t student_id,
    struct wf_application *a);
/* The newest application of a student (by matrícula) with an agency. */
int store_wf_application_for_agency(struct store *st, int64_t agency_id,
    int64_t student_id, struct wf_application *a);
int store_wf_application_set_text(struct store *st, int64_t id,
    const char *motivo, const char *gerente, const char *jefe);
/* Applications in one of the n_states states (0: every state) of one
   agency (0 all). */
int store_wf_application_list(struct store *st, int64_t agency_id,
    const enum wf_state *states, size_t n_states,
    struct wf_application **out, size_t *n);

struct wf_report {
	int64_t id;
	int64_t application_id;
	int hours;
	int64_t document_id;
	char *state;
	int64_t created;
	int served;		/* Horas: of this report's period */
	int64_t period_from;	/* days since 1970-01-01 (caldate.h) */
	int64_t period_to;
};
void wf_report_free(struct wf_report *r);
int store_wf_report_get(struct store *st, int64_t application_id, int hours,
    struct wf_report *r);
int store_wf_report_by_id(struct store *st, int64_t id, struct wf_report *r);
/* document_id 0: none yet (set it with store_wf_report_set_document). */
int store_wf_report_insert(struct store *st, int64_t application_id,
    int hours, int64_t document_id, int64_t now, int64_t *id);
int store_wf_report_set_document(struct store *st, int64_t id,
    int64_t document_id);
/* The hours and period (days since 1970-01-01) a report declares. */
int store_wf_report_set_hours(struct store *st, int64_t id, int served,
    int64_t period_from, int64_t period_to);

/* A student's hours over every service (a baja or a change of agency
   carries them): accepted, and in reports still under review. */
struct wf_hours {
	int accepted;
	int pending;
};
int store_wf_hours_student(struct store *st, int64_t student_id,
    struct wf_hours *h);
/* The hours accepted in one application (one agency). */
int store_wf_hours_application(struct store *st, int64_t application_id,
    int *accepted);
/* The highest milestone accepted in one application (0 none). */
int store_wf_report_max_accepted(struct store *st, int64_t application_id,
    int *hours);
/* The agency's evaluation of a report: a grade and its observations. */
int store_wf_report_set_grade(struct store *st, int64_t id,
    const char *grade, const char *notes);

/* The agency's final grade of a service ("" none). */
int store_wf_application_set_grade(struct store *st, int64_t id,
    const char *grade);
int store_wf_application_grade(struct store *st, int64_t id, char **grade);
/* The grade and the agency's notes of a report (both new strings). */
int store_wf_report_grade(struct store *st, int64_t id, char **grade,
    char **notes);

/* Record that the calendar sent the notice named key: 1 when it is new
   (send it, in the same transaction), 0 when it was already sent. */
int store_wf_reminder_once(struct store *st, const char *key, int64_t now);

/* The end (days) of the student's last report with a period; 0 none. */
int store_wf_report_last_end(struct store *st, int64_t student_id,
    int64_t *days);

/* The kinds of matter, as stored (wf_matter.kind). */
#define MATTER_CONVENIO		"convenio"
#define MATTER_PRESENTACION	"presentacion"
#define MATTER_REPORTE		"reporte"
#define MATTER_BAJA		"baja"
#define MATTER_MATRICULA	"matricula"	/* a matrícula claimed twice */
#define MATTER_ARCO		"arco"	/* an ARCO request (h_arco.c) */
#define MATTER_PAUSA		"pausa"	/* a student's PAUSA (pause.c) */
/* [workflow] programs_need_approval: a new program, an edit of one */
#define MATTER_PROGRAMA		"programa"
#define MATTER_PROGRAMA_EDICION	"programa_edicion"
/* LIBERAR or FINALIZAR past [rules] max_months (period.c) */
#define MATTER_EXCEPCION_LIBERAR	"excepcion_liberar"
#define MATTER_EXCEPCION_FINALIZAR	"excepcion_finalizar"

/* A matter waiting for a coordinator's decision. */
struct wf_matter {
	int64_t id;
	char *kind;		/* convenio | presentacion | reporte | baja */
	int64_t entity_id;	/* the agency, student, report or application */
	char *nonce;
	char *state;		/* abierto | aprobado | rechazado */
	int64_t created;
	int64_t expires;
	char *decided_by;
	char *motivo;
};
void wf_matter_free(struct wf_matter *m);
void wf_matters_free(struct wf_matter *m, size_t n);
int store_wf_matter_insert(struct store *st, const char *kind,
    int64_t entity_id, int64_t now, int64_t expires, int64_t *id);
/* Give the matter its code: nonce and the MAC it is looked up by. */
int store_wf_matter_set_code(struct store *st, int64_t id, const char *nonce,
    const char *code_mac, int64_t expires);
int store_wf_matter_get(struct store *st, int64_t id, struct wf_matter *m);
int store_wf_matter_by_code(struct store *st, const char *code_mac,
    struct wf_matter *m);
/* The open matter of that kind about entity_id. */
int store_wf_matter_open_for(struct store *st, const char *kind,
    int64_t entity_id, struct wf_matter *m);
int store_wf_matter_list_open(struct store *st, struct wf_matter **out,
    size_t *n);
/* Whether a matter of that kind about entity_id was approved: 1, 0, -1. */
int store_wf_matter_approved_for(struct store *st, const char *kind,
    int64_t entity_id);
int store_wf_matter_decide(struct store *st, int64_t id, enum wf_state state,
    const char *by, const char *motivo, int64_t now);

/* A state-changing command from an unverified sender, kept until confirmed. */
struct wf_pending {
	int64_t id;
	char *email;
	char *subject;
	char *body;
	int64_t msg_row;
	int64_t created;
	int64_t expires;
	int64_t used;		/* when it ran; 0 not yet */
};
struct wf_pending_att {
	char *filename;
	char *declared_type;
	char *magic_type;
	char *path;
	int64_t size;
};
void wf_pending_free(struct wf_pending *p);
void wf_pending_atts_free(struct wf_pending_att *a, size_t n);
int store_wf_pending_insert(struct store *st, const struct wf_pending *p,
    int64_t *id);
int store_wf_pending_add_att(struct store *st, int64_t pending_id,
    const struct wf_pending_att *a);
int store_wf_pending_get(struct store *st, int64_t id, struct wf_pending *p,
    struct wf_pending_att **atts, size_t *n_atts);
int store_wf_pending_mark_used(struct store *st, int64_t id, int64_t now);

/* A coordinator's request for an agency's report of students. */
int store_wf_peticion_insert(struct store *st, int64_t agency_id,
    const char *coordinator, int64_t now, int64_t *id);
/* The oldest open request to the agency: 1 and *id, *coordinator. */
int store_wf_peticion_open(struct store *st, int64_t agency_id, int64_t *id,
    char **coordinator);

/* One line of the audit trail. */
int store_wf_audit(struct store *st, enum wf_entity e, int64_t entity_id,
    const char *event, const char *from_state, const char *to_state,
    const char *actor, int64_t msg_row, int64_t now, const char *note);

struct wf_audit_row {
	char *entity;
	int64_t entity_id;
	char *event;
	char *from_state;
	char *to_state;
	char *actor;
	int64_t msg_row;
	int64_t at;
};
void wf_audit_rows_free(struct wf_audit_row *r, size_t n);
/* The trail of one entity (e WF__COUNT: everything), oldest first. */
int store_wf_audit_list(struct store *st, enum wf_entity e, int64_t id,
    struct wf_audit_row **out, size_t *n);

/* Every account, for tequioctl accounts (role NULL: all). */
int store_wf_account_list(struct store *st, const char *role,
    struct wf_account **out, size_t *n);
void wf_accounts_free(struct wf_account *a, size_t n);

/* Savepoints: a refused transition leaves nothing behind. */
int store_wf_savepoint(struct store *st);
int store_wf_release(struct store *st);
int store_wf_rollback_to(struct store *st);

#endif
