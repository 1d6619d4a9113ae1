/* SPDX-License-Identifier: ISC */
/*
 * test_workflow.c - the whole life of one servicio social, in process:
 * an agency registers over two mails, the coordinator approves its
 * convenio, it publishes a program; a student registers (confirming an
 * unverified first mail), sends a photo, gets the carta de presentación,
 * applies, is accepted, reports 180/360/480 hours (out of order refused,
 * a resent report replacing the one under review), is released and
 * finished.  Every mail is checked: recipients, subjects, attachments;
 * every state and the audit trail.  The state table itself is checked
 * for the out-of-order cases the issue names.
 *
 * Runs from the repository root (templates/, tests/fixtures/workflow/).
 * SHOW=1 prints every reply and notice; KEEP=1 keeps the temp dir.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/log.h"
#include "common/util.h"
#include "config/config.h"
#include "handlers/classify.h"
#include "handlers/hutil.h"
#include "handlers/workflow.h"
#include "mail/message.h"

#include "common/caldate.h"
#include "handlers/calendar.h"
#include "handlers/tokens.h"
#include "jobs/periodic.h"
#include "jobs/reminders.h"
#include "letters/report.h"
#include "store/store_arco.h"
#include "store/store_purge.h"
#include "test_workflow_harness.h"

#define MAILBOX	"servicio.social@utv.edu.mx"
#define DEP	"enlace@salud.oaxaca.gob.mx"
#define COORD	"coordinacion@utv.edu.mx"
#define ALU	"ana.lopez@alumnos.utv.edu.mx"

static const char dep_form[] =
    "Buen día, solicitamos el convenio.\n\n"
    "Nombre: Secretaría de Salud de Oaxaca\n"
    "Tipo: Pública\n"
    "RFC: SSO960923M89\n"
    "Representante: María Pérez Núñez\n"
    "Cargo: Directora de Recursos Humanos\n"
    "Domicilio: Av. Juárez 100, Oaxaca de Juárez\n"
    "Teléfono: 951 501 0000\n";

static const struct h_att dep_first[] = {
	{"Decreto de creación.pdf", "decreto.pdf", "application/pdf"},
	{"nombramiento.pdf", "nombramiento.pdf", "application/pdf"},
	{"INE representante.pdf", "ine.pdf", "application/pdf"},
	{"logo.png", "logo.png", "image/png"},
};

static const struct h_att dep_rest[] = {
	{"comprobante de domicilio.pdf", "domicilio.pdf", "application/pdf"},
	{"RFC.pdf", "rfc.pdf", "application/pdf"},
};

/* The PDF attachment prefix* of m says want. */
static void
pdf_has(struct harness *h, const struct h_mail *m, const char *prefix,
    const char *want)
{
	char *text = h_pdf_text(h, m, prefix);

	/* Letters may set names in capitals: compare ASCII case-blind. */
	if (strcasestr(text, want) == NULL)
		fail_msg("\"%s\" not in %s:\n%s", want, prefix, text);
	free(text);
}

/* The agency, from registration to a published program. */
static void
agency_to_program(struct harness *h, char **dep_addr)
{
	struct h_result r;
	const struct h_mail *n;
	struct wf_account a;
	char *ar = h_authres("salud.oaxaca.gob.mx");
	char *ar_c = h_authres("utv.edu.mx"), *code;

	/* Four of the six documents: registered, the rest listed. */
	h_send(h, ar, DEP, MAILBOX, "REGISTRO DEPENDENCIA", dep_form,
	    dep_first, 4, &r);
	assert_int_equal(r.role, ROLE_NONE);
	assert_true(r.verified);
	h_contains(r.reply.body, "Registramos a la dependencia Secretaría de "
	    "Salud de Oaxaca");
	h_contains(r.reply.body, "INE del representante");
	h_contains(r.reply.body, "Lo que falta:");
	h_contains(r.reply.body, "comprobante de domicilio");
	h_contains(r.reply.body, "DOCUMENTOS");
	assert_int_equal(r.n_out, 0);
	assert_int_equal(store_wf_account_by_email(h->st, DEP, &a), 1);
	assert_string_equal(a.state, "documentos_incompletos");
	h_result_free(&r);

	/* The other two: complete, to the coordinator with a code. */
	h_send(h, ar, DEP, MAILBOX, "DOCUMENTOS", "Van los que faltaban.",
	    dep_rest, 2, &r);
	assert_int_equal(r.role, ROLE_DEPENDENCIA);
	h_contains(r.reply.body, "pasó a revisión");
	h_state_is(h, WF_DEPENDENCIA, a.id, "en_revision");
	assert_int_equal(r.n_out, 1);
	n = h_notice(&r, COORD);
	h_contains(n->subject, "decisión pendiente");
	h_contains(n->subject, "[SS:");
	/* Identity documents go to the coordinator, and only to them. */
	h_contains(n->att_names, "INE representante.pdf");
	h_contains(n->att_names, "RFC.pdf");
	h_contains(n->body, "SSO960923M89");
	code = h_code(n->subject);
	h_result_free(&r);

	/* The coordinator approves by code: convenio and credentials. */
	{
		char *subject = xasprintf("APROBAR %s", code);

		h_send(h, ar_c, COORD, MAILBOX, subject, "", NULL, 0, &r);
		free(subject);
	}
	assert_int_equal(r.role, ROLE_COORDINADOR);
	assert_true(r.verified);
	h_contains(r.reply.body, "Emitimos el convenio SS-");
	h_contains(r.reply.att_names, "convenio-SS-");
	h_state_is(h, WF_DEPENDENCIA, a.id, "convenio_vigente");
	n = h_notice(&r, DEP);
	h_contains(n->subject, "convenio autorizado");
	h_contains(n->att_names, "convenio-SS-");
	pdf_has(h, n, "convenio-", "Salud de Oaxaca");
	*dep_addr = h_personal(n->body);
	h_result_free(&r);

	/* Its personal address is enough to publish a program. */
	{
		const struct h_att act[] = {
			{"listado de actividades.pdf", "actividades.pdf",
			    "application/pdf"},
		};

		h_send(h, NULL, DEP, *dep_addr, "PROGRAMA",
		    "Nombre: Brigadas de salud comunitaria\n"
		    "Vacantes: 2\nHorario: lunes a viernes, 9 a 13 h\n"
		    "Lugar: Centro de Salud Urbano 1\n"
		    "Descripción: apoyo en campañas de vacunación; registro de "
		    "pacientes; pláticas de prevención\n", act, 1, &r);
	}
	assert_true(r.verified);
	h_contains(r.reply.body, "Publicamos el programa 1");
	h_state_is(h, WF_PROGRAMA, 1, "publicado");
	h_result_free(&r);
	wf_account_free(&a);
	free(code);
	free(ar);
	free(ar_c);
}

/* The student, from an unverified REGISTRO to an application the agency
   has in r (the caller frees r). */
static void
student_to_applied(struct harness *h, char **alu_addr, int64_t *alu_id,
    struct h_result *r_out)
{
	struct h_result r, r2;
	const struct h_mail *n;
	struct wf_account a;
	const struct h_att foto[] = {{"yo.jpg", "foto.jpg", "image/jpeg"}};
	const struct h_att cartas[] = {
		{"carta de presentación.pdf", "presentacion.pdf",
		    "application/pdf"},
		{"constancia.pdf", "constancia.pdf", "application/pdf"},
	};
	struct h_att issued[] = {
		{"carta de presentación.pdf", NULL, "application/pdf"},
		{"constancia.pdf", NULL, "application/pdf"},
	};

	/* Unverified: kept, and a confirmation is asked for. */
	h_send(h, NULL, "Ana López <" ALU ">", MAILBOX, "Registro",
	    "Matrícula: 2021030456\nNombre: Ana López Ruiz\n"
	    "Carrera: Ingeniería en Sistemas\nCréditos: 78%\n", NULL, 0, &r);
	assert_int_equal(r.role, ROLE_ALUMNO);
	assert_false(r.verified);
	h_contains(r.reply.body, "responda a este correo");
	h_contains(r.reply.subject, "[SS:");
	assert_int_equal(store_wf_account_by_email(h->st, ALU, &a), 0);
	/* The answer CONFIRMAR runs it. */
	h_reply_to(h, &r.reply, ALU, "CONFIRMAR", &r2);
	h_contains(r2.reply.body, "Recibimos su confirmación");
	h_contains(r2.reply.body, "Registramos su cuenta de estudiante");
	*alu_addr = h_personal(r2.reply.body);
	assert_int_equal(store_wf_account_by_email(h->st, ALU, &a), 1);
	*alu_id = a.id;
	assert_string_equal(a.state, "registrado");
	wf_account_free(&a);
	h_result_free(&r2);
	/* A second answer to the same confirmation changes nothing. */
	h_reply_to(h, &r.reply, ALU, "CONFIRMAR", &r2);
	h_contains(r2.reply.body, "ya se respondió");
	h_result_free(&r2);
	h_result_free(&r);

	h_send(h, NULL, ALU, *alu_addr, "FOTO", "", foto, 1, &r);
	assert_true(r.verified);
	h_contains(r.reply.body, "Guardamos su fotografía");
	h_contains(r.reply.body, "- yo.jpg: imagen JPEG; lo tomamos como foto "
	    "de perfil y lo guardamos.");
	h_result_free(&r);
	/* A confirmed command's files are noted on the kept message, not
	   on the confirmation (issue 9: no stray notes, no leak). */
	h_send(h, NULL, ALU, MAILBOX, "FOTO", "", foto, 1, &r);
	assert_false(r.verified);
	h_reply_to(h, &r.reply, ALU, "CONFIRMAR", &r2);
	h_contains(r2.reply.body, "Guardamos su fotografía");
	h_result_free(&r2);
	h_result_free(&r);

	/* SOLICITUD before the carta de presentación is out of order. */
	h_send(h, NULL, ALU, *alu_addr, "SOLICITUD 1", "", cartas, 2, &r);
	h_contains(r.reply.body, "No se puede enviar una solicitud");
	h_state_is(h, WF_ALUMNO, *alu_id, "registrado");
	h_result_free(&r);

	/* PRESENTACION: the coordinator replies APROBAR to the notice. */
	h_send(h, NULL, ALU, *alu_addr, "PRESENTACIÓN", "", NULL, 0, &r);
	h_state_is(h, WF_ALUMNO, *alu_id, "presentacion_pendiente");
	n = h_notice(&r, COORD);
	h_contains(n->att_names, "yo.jpg");
	h_reply_to(h, n, COORD, "APROBAR\n\n> texto citado", &r2);
	assert_int_equal(r2.token_kind, RTOK_MATTER);
	h_contains(r2.reply.body, "Emitimos la carta de presentación SS-");
	h_state_is(h, WF_ALUMNO, *alu_id, "con_presentacion");
	n = h_notice(&r2, ALU);
	h_contains(n->att_names, "presentacion-SS-");
	h_contains(n->att_names, "constancia-SS-");
	pdf_has(h, n, "presentacion-", "Ruiz");
	pdf_has(h, n, "constancia-", "2021030456");
	issued[0].fixture = h_save_att(h, n, "presentacion-", "p.pdf");
	issued[1].fixture = h_save_att(h, n, "constancia-", "c.pdf");
	h_result_free(&r2);
	h_result_free(&r);

	/* SOLICITUD with letters tequio did not issue: refused (issue 8). */
	h_send(h, NULL, ALU, *alu_addr, "Solicitud 1", "", cartas, 2, &r);
	h_contains(r.reply.body, "no es la carta de presentación que le "
	    "emitimos");
	h_state_is(h, WF_ALUMNO, *alu_id, "con_presentacion");
	h_result_free(&r);

	/* SOLICITUD: the agency gets the student's documents and photo. */
	h_send(h, NULL, ALU, *alu_addr, "Solicitud 1", "", issued, 2, &r);
	free((char *)issued[0].fixture);
	free((char *)issued[1].fixture);
	h_contains(r.reply.body, "Enviamos su solicitud 1");
	h_state_is(h, WF_ALUMNO, *alu_id, "postulado");
	h_state_is(h, WF_SOLICITUD, 1, "pendiente");
	n = h_notice(&r, DEP);
	h_contains(n->att_names, "carta de presentación.pdf");
	h_contains(n->att_names, "constancia.pdf");
	h_contains(n->att_names, "yo.jpg");
	*r_out = r;
}

/* The student, from an unverified REGISTRO to being accepted. */
static void
student_to_accepted(struct harness *h, const char *dep_addr, char **alu_addr,
    int64_t *alu_id)
{
	struct h_result r, r2;
	const struct h_mail *n;

	student_to_applied(h, alu_addr, alu_id, &r);
	n = h_notice(&r, DEP);
	/* The agency answers the notice: ACEPTAR. */
	h_reply_to(h, n, DEP, "Aceptar", &r2);
	assert_int_equal(r2.token_kind, RTOK_SOLICITUD);
	h_contains(r2.reply.body, "Aceptamos a Ana López Ruiz");
	h_contains(r2.reply.att_names, "aceptacion-SS-");
	h_state_is(h, WF_SOLICITUD, 1, "aceptada");
	h_state_is(h, WF_ALUMNO, *alu_id, "en_servicio");
	n = h_notice(&r2, ALU);
	h_contains(n->att_names, "aceptacion-SS-");
	pdf_has(h, n, "aceptacion-", "registro de pacientes");
	n = h_notice(&r2, COORD);
	h_contains(n->att_names, "aceptacion-SS-");
	h_result_free(&r2);
	h_result_free(&r);
	(void)dep_addr;
}

/* Send REPORTE hours and have the coordinator approve it by code. */
static void
report_and_approve(struct harness *h, const char *alu_addr, int hours)
{
	struct h_result r, r2;
	const struct h_mail *n;
	char subj[32], file[32], name[32], *code, *appr;
	struct h_att att[1];

	snprintf(subj, sizeof(subj), "REPORTE %d", hours);
	snprintf(file, sizeof(file), "reporte%d.pdf", hours);
	snprintf(name, sizeof(name), "Reporte %d horas.pdf", hours);
	att[0].name = name;
	att[0].fixture = file;
	att[0].type = "application/pdf";
	h_send(h, NULL, ALU, alu_addr, subj, "Horas: 180 horas\n", att, 1,
	    &r);
	h_contains(r.reply.body, "Recibimos su reporte");
	n = h_notice(&r, COORD);
	h_contains(n->att_names, name);
	n = h_notice(&r, DEP);
	h_contains(n->att_names, name);
	h_contains(n->body, "VALIDAR 2021030456");
	code = h_code(h_notice(&r, COORD)->subject);
	appr = xasprintf("Aprobar %s", code);
	{
		char *ar = h_authres("utv.edu.mx");

		h_send(h, ar, COORD, MAILBOX, appr, "", NULL, 0, &r2);
		free(ar);
	}
	h_contains(r2.reply.body, "Aceptamos el reporte");
	h_notice(&r2, ALU);
	/* The same code again: single use. */
	h_result_free(&r2);
	{
		char *ar = h_authres("utv.edu.mx");

		h_send(h, ar, COORD, MAILBOX, appr, "", NULL, 0, &r2);
		free(ar);
	}
	h_contains(r2.reply.body, "ya fue aprobado");
	assert_int_equal(r2.n_out, 0);
	h_result_free(&r2);
	free(appr);
	free(code);
	h_result_free(&r);
}

static void
test_lifecycle(void **state)
{
	struct harness h;
	struct h_result r;
	struct wf_audit_row *audit;
	const struct h_mail *n;
	char *dep_addr = NULL, *alu_addr = NULL, *ar_c;
	char *first_code, *second_code;
	int64_t alu;
	size_t na;

	(void)state;
	setenv("TEQUIO_NOW", "1795000000", 1);
	h_open(&h);
	ar_c = h_authres("utv.edu.mx");
	agency_to_program(&h, &dep_addr);
	student_to_accepted(&h, dep_addr, &alu_addr, &alu);

	/* ESTADO in service: the hours, and no date beside a report never
	   delivered (the letter's own "fecha" used to show through). */
	h_send(&h, NULL, ALU, MAILBOX, "ESTADO", "", NULL, 0, &r);
	h_contains(r.reply.body, "Horas de servicio: 0 aceptadas, 0 en "
	    "revisión; le faltan 480 de 480.");
	h_contains(r.reply.body, "- 180 horas: no entregado\n");
	h_result_free(&r);

	/* REPORTE 360 before 180 is accepted: explained, nothing changes. */
	{
		const struct h_att att[] = {{"reporte.pdf", "reporte360.pdf",
		    "application/pdf"}};

		h_send(&h, NULL, ALU, alu_addr, "REPORTE 360", "", att, 1, &r);
		h_contains(r.reply.body, "No se puede recibir ese reporte");
		h_contains(r.reply.body, "180 horas aún no se ha entregado");
		assert_int_equal(r.n_out, 0);
		h_result_free(&r);
	}
	report_and_approve(&h, alu_addr, 180);
	report_and_approve(&h, alu_addr, 360);

	/* LIBERAR before the 480-hour report is accepted. */
	h_send(&h, NULL, DEP, dep_addr, "LIBERAR 2021030456",
	    "Gerente: Luis Gómez\nJefe inmediato: Rosa Díaz\n", NULL, 0, &r);
	h_contains(r.reply.body, "No se puede emitir la carta de liberación");
	h_contains(r.reply.body, "480 horas");
	h_result_free(&r);

	/* A 480 report sent twice: the second replaces the first.  It comes
	   after the first code expired, so its notice carries a new one. */
	{
		const struct h_att att[] = {{"reporte 480.pdf",
		    "reporte480.pdf", "application/pdf"}};
		char later[32];

		/* No hours: refused with the example; too few: the hours
		   missing are stated. */
		/* No "Horas:" at all: refused, saying what to write. */
		h_send(&h, NULL, ALU, alu_addr, "REPORTE 480", "", att, 1, &r);
		h_contains(r.reply.body, "falta la línea «Horas:» en el cuerpo");
		h_contains(r.reply.body, "le corresponden al menos 120");
		h_contains(r.reply.body, "Horas: 176");
		assert_int_equal(r.n_out, 0);
		h_result_free(&r);
		h_send(&h, NULL, ALU, alu_addr, "REPORTE 480",
		    "Horas: ciento veinte\n", att, 1, &r);
		h_contains(r.reply.body, "No entendimos las horas «ciento "
		    "veinte»");
		h_contains(r.reply.body, "Periodo: 04/01/2027 a 03/03/2027");
		assert_int_equal(r.n_out, 0);
		h_result_free(&r);
		h_send(&h, NULL, ALU, alu_addr, "REPORTE 480",
		    "Horas: 100\n", att, 1, &r);
		h_contains(r.reply.body, "acumularía 460 horas (360 aceptadas "
		    "y 100 de este periodo)");
		h_contains(r.reply.body, "faltan 20 horas");
		assert_int_equal(r.n_out, 0);
		h_result_free(&r);
		/* A period that has not ended yet. */
		h_send(&h, NULL, ALU, alu_addr, "REPORTE 480",
		    "Horas: 120\nPeriodo: del 1 de noviembre de 2026 al 1 de "
		    "enero de 2030\n", att, 1, &r);
		h_contains(r.reply.body, "una fecha que aún no llega");
		h_result_free(&r);
		h_send(&h, NULL, ALU, alu_addr, "REPORTE 480", "Horas: 120\n",
		    att, 1, &r);
		first_code = h_code(h_notice(&r, COORD)->subject);
		h_result_free(&r);
		snprintf(later, sizeof(later), "%lld",
		    (long long)now_seconds() + 32 * 86400);
		setenv("TEQUIO_NOW", later, 1);
		/* Sent again without "Horas:": the hours it declared
		   before stay. */
		h_send(&h, NULL, ALU, alu_addr, "REPORTE 480", "", att, 1, &r);
		h_contains(r.reply.body, "reemplaza");
		h_contains(r.reply.body, "Como no indicó «Horas:», conservamos "
		    "las 120 horas");
		n = h_notice(&r, COORD);
		h_contains(n->subject, "versión nueva");
		second_code = h_code(n->subject);
		assert_string_not_equal(first_code, second_code);
		h_result_free(&r);
	}
	h_send(&h, NULL, COORD, MAILBOX, "PENDIENTES", "", NULL, 0, &r);
	h_contains(r.reply.body, "Reporte de 480 horas de Ana López Ruiz");
	h_contains(r.reply.body, second_code);
	free(first_code);
	free(second_code);
	{
		char *p = strstr(r.reply.body, "Asuntos pendientes:\n- "), *appr;

		assert_non_null(p);
		appr = xasprintf("APROBAR %.7s", p + strlen("Asuntos "
		    "pendientes:\n- "));
		h_result_free(&r);
		/* FINALIZAR before the liberación. */
		h_send(&h, ar_c, COORD, MAILBOX, "FINALIZAR 2021030456", "",
		    NULL, 0, &r);
		h_contains(r.reply.body, "No se puede emitir la carta de "
		    "finalización");
		h_result_free(&r);
		h_send(&h, ar_c, COORD, MAILBOX, appr, "", NULL, 0, &r);
		h_contains(r.reply.body, "Aceptamos el reporte de 480 horas");
		n = h_notice(&r, DEP);
		h_contains(n->body, "LIBERAR 2021030456");
		h_result_free(&r);
		free(appr);
	}

	/* LIBERAR without the names, then with them but five months after
	   the acceptance (18 November 2026, Mexico City): refused with the
	   first day it is possible. */
	setenv("TEQUIO_NOW", "1808222400", 1);	/* 2027-04-20 00:00 local */
	h_send(&h, NULL, DEP, dep_addr, "LIBERAR 2021030456", "", NULL, 0, &r);
	h_contains(r.reply.body, "Gerente");
	h_state_is(&h, WF_SOLICITUD, 1, "aceptada");
	h_result_free(&r);
	h_send(&h, NULL, DEP, dep_addr, "LIBERAR 2021030456",
	    "Gerente: Luis Gómez\nJefe inmediato: Rosa Díaz\n", NULL, 0, &r);
	h_contains(r.reply.body, "No se puede emitir la carta de liberación");
	h_contains(r.reply.body, "a partir del 18 de mayo de 2027");
	h_state_is(&h, WF_SOLICITUD, 1, "aceptada");
	h_result_free(&r);
	/* The evening of 19 May in Mexico City is already the 20th in UTC:
	   the letter says the 19th. */
	setenv("TEQUIO_NOW", "1810782000", 1);	/* 2027-05-20 03:00 UTC */
	h_send(&h, NULL, DEP, dep_addr, "LIBERAR 2021030456",
	    "Gerente: Luis Gómez\nJefe inmediato: Rosa Díaz\n", NULL, 0, &r);
	h_contains(r.reply.body, "Emitimos la carta de liberación SS-");
	pdf_has(&h, h_notice(&r, ALU), "liberacion-",
	    "del 18 de noviembre de 2026 al 19 de mayo de 2027");
	pdf_has(&h, h_notice(&r, ALU), "liberacion-", "480 horas");
	h_contains(h_notice(&r, ALU)->att_names, "liberacion-SS-");
	pdf_has(&h, h_notice(&r, ALU), "liberacion-", "Luis G");
	pdf_has(&h, h_notice(&r, ALU), "liberacion-", "Rosa D");
	h_contains(h_notice(&r, COORD)->body, "FINALIZAR 2021030456");
	h_state_is(&h, WF_SOLICITUD, 1, "liberada");
	h_state_is(&h, WF_ALUMNO, alu, "liberado");
	h_result_free(&r);

	/* Finished two weeks later: the period still ends at the
	   liberación. */
	setenv("TEQUIO_NOW", "1812000000", 1);	/* 2027-06-03 */
	h_send(&h, ar_c, COORD, MAILBOX, "FINALIZAR 2021030456", "", NULL, 0,
	    &r);
	h_contains(r.reply.body, "Emitimos la carta de finalización SS-");
	n = h_notice(&r, ALU);
	h_contains(n->att_names, "finalizacion-SS-");
	pdf_has(&h, n, "finalizacion-", "Ruiz");
	pdf_has(&h, n, "finalizacion-", "del 18 de noviembre de 2026 al");
	pdf_has(&h, n, "finalizacion-", "19 de mayo de 2027, con un total");
	pdf_has(&h, n, "finalizacion-", "a 2 de junio de 2027");
	h_state_is(&h, WF_SOLICITUD, 1, "finalizada");
	h_state_is(&h, WF_ALUMNO, alu, "finalizado");
	h_result_free(&r);

	/* ESTADO tells the student it is over. */
	h_send(&h, NULL, ALU, MAILBOX, "estado", "", NULL, 0, &r);
	h_contains(r.reply.body, "Concluyó su servicio social");
	h_result_free(&r);

	/* Every transition is in the audit, with the message that made it. */
	assert_int_equal(store_wf_audit_list(h.st, WF_SOLICITUD, 1, &audit,
	    &na), 0);
	assert_int_equal(na, 4);
	assert_string_equal(audit[0].to_state, "pendiente");
	assert_string_equal(audit[1].to_state, "aceptada");
	assert_string_equal(audit[2].to_state, "liberada");
	assert_string_equal(audit[3].to_state, "finalizada");
	assert_string_equal(audit[3].actor, COORD);
	assert_true(audit[3].msg_row > audit[2].msg_row);
	wf_audit_rows_free(audit, na);
	assert_int_equal(store_wf_audit_list(h.st, WF_ALUMNO, alu, &audit,
	    &na), 0);
	{
		static const char *const events[] = {"registro", "foto",
		    "foto", "presentacion", "presentacion_aprobada", "solicitud",
		    "aceptar", "liberar", "finalizar"};

		assert_int_equal(na, ARRAY_LEN(events));
		for (size_t i = 0; i < na; i++)
			assert_string_equal(audit[i].event, events[i]);
	}
	wf_audit_rows_free(audit, na);

	free(ar_c);
	free(dep_addr);
	free(alu_addr);
	h_close(&h);
}

/* The rows of one report, or -1 when it cannot be built. */
static long
report_rows(struct harness *h, const char *kind)
{
	struct report_table *t = NULL;
	long rows;

	if (report_query(&h->cfg, h->st, kind, NULL, &t) != 0)
		return -1;
	rows = (long)t->nrows;
	report_free(t);
	return rows;
}

/* A cancelación (CANCELAR MIS DATOS) blocks the data from any further
   use: a blocked student or agency is in no report.  The blocks are
   rolled back so the rest of the story goes on. */
static void
cancelled_left_out_of_reports(struct harness *h)
{
	struct wf_account alu, dep;

	assert_int_equal(store_wf_account_by_email(h->st, ALU, &alu), 1);
	assert_int_equal(store_wf_account_by_email(h->st, DEP, &dep), 1);
	assert_int_equal(report_rows(h, "alumnos"), 1);
	assert_int_equal(report_rows(h, "dependencias"), 1);
	assert_int_equal(store_begin(h->st), 0);
	assert_int_equal(store_arco_block(h->st, alu.id, 1), 0);
	assert_int_equal(report_rows(h, "alumnos"), 0);
	assert_int_equal(report_rows(h, "dependencias"), 1);
	assert_int_equal(store_arco_block(h->st, dep.id, 1), 0);
	assert_int_equal(report_rows(h, "dependencias"), 0);
	store_rollback(h->st);
	assert_int_equal(report_rows(h, "alumnos"), 1);
	wf_account_free(&alu);
	wf_account_free(&dep);
}

/* Whether a purge whose student retention ended in 2100 would suppress
   the account's personal data; rolled back, so nothing changes. */
static int
retention_ended(struct harness *h, const char *email)
{
	const struct purge_cutoffs cut = {0, 4102444800, 0};
	struct purge_item *items = NULL;
	struct wf_account a;
	size_t n = 0;
	char *whose;
	int found = 0;

	assert_int_equal(store_wf_account_by_email(h->st, email, &a), 1);
	whose = xasprintf("cuenta %lld", (long long)a.id);
	assert_int_equal(store_begin(h->st), 0);
	assert_int_equal(store_purge_mark(h->st, 1, &cut, &items, &n), 0);
	for (size_t i = 0; i < n; i++)
		found |= strcmp(items[i].kind, "datos personales") == 0 &&
		    strcmp(items[i].whose, whose) == 0;
	store_rollback(h->st);
	purge_items_free(items, n);
	free(whose);
	wf_account_free(&a);
	return found;
}

/* PROGRAMAS, reports on request, REPORTE DEPENDENCIAS, and a baja. */
static void
test_reports_and_baja(void **state)
{
	struct harness h;
	struct h_result r, r2;
	const struct h_mail *n;
	char *dep_addr = NULL, *alu_addr = NULL, *ar_c, *code, *s;
	int64_t alu;

	(void)state;
	setenv("TEQUIO_NOW", "1795000000", 1);
	h_open(&h);
	ar_c = h_authres("utv.edu.mx");
	agency_to_program(&h, &dep_addr);

	/* The catalogue, in the body and as a PDF. */
	h_send(&h, NULL, "otro@alumnos.utv.edu.mx", MAILBOX, "PROGRAMAS", "",
	    NULL, 0, &r);
	h_contains(r.reply.body, "1. Brigadas de salud comunitaria");
	h_contains(r.reply.att_names, "programas.pdf");
	h_result_free(&r);

	student_to_accepted(&h, dep_addr, &alu_addr, &alu);

	/* The coordinator asks the agency for its report. */
	h_send(&h, ar_c, COORD, MAILBOX, "SOLICITAR REPORTE SSO960923M89", "",
	    NULL, 0, &r);
	h_contains(r.reply.body, "Pedimos a la dependencia su reporte");
	n = h_notice(&r, DEP);
	h_contains(n->subject, "REPORTE ALUMNOS");
	/* The agency answers the request by replying to it. */
	h_reply_to(&h, n, DEP, "Adjunto lo solicitado.", &r2);
	h_contains(r2.reply.att_names, "alumnos.pdf,alumnos.csv");
	h_contains(r2.reply.body, "Enviamos su reporte a la coordinación");
	n = h_notice(&r2, COORD);
	h_contains(n->att_names, "alumnos.pdf,alumnos.csv");
	h_result_free(&r2);
	h_result_free(&r);
	/* Answered: a second REPORTE ALUMNOS goes to nobody else. */
	h_send(&h, NULL, DEP, dep_addr, "REPORTE ALUMNOS", "", NULL, 0, &r);
	assert_int_equal(r.n_out, 0);
	h_result_free(&r);

	h_send(&h, ar_c, COORD, MAILBOX, "REPORTE DEPENDENCIAS", "", NULL, 0,
	    &r);
	h_contains(r.reply.att_names, "dependencias.pdf,dependencias.csv");
	h_contains(r.reply.body, "(1 fila)");
	h_result_free(&r);
	h_send(&h, ar_c, COORD, MAILBOX, "REPORTE ALUMNOS", "", NULL, 0, &r);
	h_contains(r.reply.body, "(1 fila)");
	h_result_free(&r);
	cancelled_left_out_of_reports(&h);
	/* In service: the file's retention has not started. */
	assert_false(retention_ended(&h, ALU));

	/* 180 hours accepted with this agency before the baja. */
	report_and_approve(&h, alu_addr, 180);

	/* BAJA: needs a reason; then the coordinator approves it. */
	h_send(&h, NULL, DEP, dep_addr, "BAJA 2021030456", "", NULL, 0, &r);
	h_contains(r.reply.body, "Falta el motivo de la baja");
	h_result_free(&r);
	h_send(&h, NULL, DEP, dep_addr, "BAJA 2021030456 dejó de asistir", "",
	    NULL, 0, &r);
	h_state_is(&h, WF_SOLICITUD, 1, "baja_solicitada");
	n = h_notice(&r, COORD);
	h_contains(n->body, "dejó de asistir");
	/* The student hears of the agency's request. */
	h_contains(h_notice(&r, ALU)->body, "pidió a la coordinación la baja");
	code = h_code(n->subject);
	h_result_free(&r);
	s = xasprintf("APROBAR %s", code);
	h_send(&h, ar_c, COORD, MAILBOX, s, "", NULL, 0, &r);
	h_contains(r.reply.body, "Emitimos la carta de baja SS-");
	h_contains(h_notice(&r, ALU)->att_names, "baja-SS-");
	h_contains(h_notice(&r, DEP)->att_names, "baja-SS-");
	pdf_has(&h, h_notice(&r, ALU), "baja-", "asistir");
	pdf_has(&h, h_notice(&r, ALU), "baja-", "180 horas");
	h_state_is(&h, WF_SOLICITUD, 1, "baja");
	h_state_is(&h, WF_ALUMNO, alu, "con_presentacion");
	h_result_free(&r);
	/* A baja with no service since starts the retention like a
	   finalización. */
	assert_true(retention_ended(&h, ALU));
	/* After a baja, reports are out of order. */
	{
		const struct h_att att[] = {{"reporte.pdf", "reporte180.pdf",
		    "application/pdf"}};

		h_send(&h, NULL, ALU, alu_addr, "REPORTE 180", "", att, 1, &r);
		h_contains(r.reply.body, "No se puede recibir ese reporte");
		h_result_free(&r);
	}
	h_send(&h, NULL, ALU, MAILBOX, "ESTADO", "", NULL, 0, &r);
	h_contains(r.reply.body, "Horas de servicio: 180 aceptadas, 0 en "
	    "revisión; le faltan 300 de 480.");
	h_result_free(&r);

	/* A new service starts with the 180 hours already accepted: the
	   next report is the 360 one, with 180 more hours. */
	{
		char *p = xasprintf("%s/p.pdf", h.dir);
		char *c = xasprintf("%s/c.pdf", h.dir);
		const struct h_att cartas[] = {
			{"carta de presentación.pdf", p, "application/pdf"},
			{"constancia.pdf", c, "application/pdf"},
		};
		const struct h_att att[] = {{"reporte.pdf", "reporte180.pdf",
		    "application/pdf"}};

		h_send(&h, NULL, ALU, alu_addr, "Solicitud 1", "", cartas, 2,
		    &r);
		h_contains(r.reply.body, "Enviamos su solicitud 2");
		h_reply_to(&h, h_notice(&r, DEP), DEP, "Aceptar", &r2);
		h_state_is(&h, WF_SOLICITUD, 2, "aceptada");
		/* A new service: the baja was not final. */
		assert_false(retention_ended(&h, ALU));
		h_result_free(&r2);
		h_result_free(&r);
		h_send(&h, NULL, ALU, alu_addr, "REPORTE 180", "Horas: 180\n",
		    att, 1, &r);
		h_contains(r.reply.body, "Ya tiene 180 horas aceptadas");
		h_contains(r.reply.body, "Su siguiente reporte es REPORTE 360");
		h_result_free(&r);
		h_send(&h, NULL, ALU, alu_addr, "REPORTE 360", "Horas: 180\n",
		    att, 1, &r);
		h_contains(r.reply.body, "Recibimos su reporte de 360 horas");
		h_result_free(&r);
		h_send(&h, NULL, ALU, MAILBOX, "ESTADO", "", NULL, 0, &r);
		h_contains(r.reply.body, "180 aceptadas, 180 en revisión");
		h_contains(r.reply.body, "180 horas: cubierto con las horas de "
		    "un servicio anterior");
		h_result_free(&r);
		/* The agency evaluates the report under review. */
		h_send(&h, NULL, DEP, dep_addr, "VALIDAR 2021030456", "", NULL,
		    0, &r);
		h_contains(r.reply.body, "Falta la calificación");
		assert_int_equal(r.n_out, 0);
		h_result_free(&r);
		h_send(&h, NULL, DEP, dep_addr, "VALIDAR 2021030456",
		    "Calificación: notable.\nObservaciones: muy puntual\n",
		    NULL, 0, &r);
		h_contains(r.reply.body, "Registramos su evaluación del reporte "
		    "de 360 horas");
		h_contains(h_notice(&r, COORD)->body, "Notable. Observaciones: "
		    "muy puntual");
		h_result_free(&r);
		h_send(&h, NULL, DEP, dep_addr, "OBSERVAR 2021030456 falta la "
		    "bitácora de marzo", "", NULL, 0, &r);
		h_contains(h_notice(&r, ALU)->body, "falta la bitácora de marzo");
		h_contains(h_notice(&r, ALU)->body, "REPORTE 360");
		h_result_free(&r);

		/* The student asks for a baja: the coordinator decides, the
		   agency is told; the letter says who gave the motive. */
		h_send(&h, NULL, ALU, alu_addr, "BAJA", "", NULL, 0, &r);
		h_contains(r.reply.body, "Falta el motivo de la baja");
		h_result_free(&r);
		h_send(&h, NULL, ALU, alu_addr, "BAJA me mudo de ciudad", "",
		    NULL, 0, &r);
		h_contains(h_notice(&r, COORD)->body, "Ana López Ruiz pide la "
		    "baja");
		h_contains(h_notice(&r, DEP)->body, "me mudo de ciudad");
		h_state_is(&h, WF_SOLICITUD, 2, "baja_solicitada");
		free(code);
		code = h_code(h_notice(&r, COORD)->subject);
		h_result_free(&r);
		free(s);
		s = xasprintf("APROBAR %s", code);
		h_send(&h, ar_c, COORD, MAILBOX, s, "", NULL, 0, &r);
		pdf_has(&h, h_notice(&r, ALU), "baja-", "la persona estudiante");
		h_state_is(&h, WF_SOLICITUD, 2, "baja");
		h_result_free(&r);
		free(p);
		free(c);
	}
	free(s);
	free(code);
	free(ar_c);
	free(dep_addr);
	free(alu_addr);
	h_close(&h);
}

/* The out-of-order cases the issue names have no row in the table. */
static void
test_table_out_of_order(void **state)
{
	(void)state;
	/* REPORTE 360 before 180 has a row: its guard refuses it. */
	assert_true(wf_allowed(WF_REPORTE, ST_REPORTE_NUEVO, EV_REPORTE));
	assert_false(wf_allowed(WF_SOLICITUD, ST_SOLICITUD_ACEPTADA,
	    EV_FINALIZAR));
	assert_false(wf_allowed(WF_SOLICITUD, ST_SOLICITUD_PENDIENTE,
	    EV_LIBERAR));
	assert_false(wf_allowed(WF_SOLICITUD, ST_SOLICITUD_PENDIENTE,
	    EV_FINALIZAR));
	assert_false(wf_allowed(WF_REPORTE, ST_REPORTE_ACEPTADO, EV_REPORTE));
	assert_false(wf_allowed(WF_ASUNTO, ST_ASUNTO_APROBADO, EV_APROBAR));
	assert_false(wf_allowed(WF_ASUNTO, ST_ASUNTO_RECHAZADO,
	    EV_RECHAZAR_ASUNTO));
	assert_false(wf_allowed(WF_ALUMNO, ST_ALUMNO_REGISTRADO,
	    EV_SOLICITUD));
	assert_false(wf_allowed(WF_ALUMNO, ST_ALUMNO_REGISTRADO, EV_REGISTRO));
	assert_false(wf_allowed(WF_ALUMNO, ST_ALUMNO_NUEVO, EV_FOTO));
	assert_false(wf_allowed(WF_DEPENDENCIA,
	    ST_DEPENDENCIA_DOCUMENTOS_INCOMPLETOS, EV_CONVENIO_APROBADO));
	assert_false(wf_allowed(WF_PETICION, ST_PETICION_ATENDIDA,
	    EV_REPORTE_ENTREGADO));
	assert_true(wf_allowed(WF_SOLICITUD, ST_SOLICITUD_ACEPTADA,
	    EV_LIBERAR));
	assert_true(wf_allowed(WF_REPORTE, ST_REPORTE_EN_REVISION,
	    EV_REPORTE));
}

/* A copy of the parts of m a reply needs (free with h_mail_free). */
static struct h_mail
h_mail_copy(const struct h_mail *m)
{
	struct h_mail c;

	memset(&c, 0, sizeof(c));
	c.to = xstrdup(m->to);
	c.subject = xstrdup(m->subject);
	c.reply_to = xstrdup(m->reply_to);
	c.message_id = xstrdup(m->message_id);
	c.body = xstrdup(m->body);
	c.att_names = xstrdup(m->att_names);
	return c;
}

/* The last transition of (e, id) went to state, caused by the clock. */
static void
by_the_calendar(struct harness *h, enum wf_entity e, int64_t id,
    const char *state)
{
	struct wf_audit_row *audit;
	size_t na;

	assert_int_equal(store_wf_audit_list(h->st, e, id, &audit, &na), 0);
	assert_true(na > 0);
	assert_string_equal(audit[na - 1].to_state, state);
	assert_string_equal(audit[na - 1].actor, "tequio (calendario)");
	wf_audit_rows_free(audit, na);
}

/* The scene of the calendar's tests: a program, a student in service
   since 18 November 2026, and the calendar's periodic job. */
static struct periodic *
service_scene(struct harness *h, char **dep_addr, char **alu_addr,
    int64_t *alu)
{
	struct periodic *p;

	agency_to_program(h, dep_addr);
	student_to_accepted(h, *dep_addr, alu_addr, alu);
	p = periodic_new(h->st);
	reminders_register(p, &h->cfg, h->st, h->letters, h->secret);
	return p;
}

/* Set the clock to hour h of day y-m-d in Mexico City. */
static void
clock_at(int y, int m, int d, int hour)
{
	struct ymd day = {y, m, d};
	char now[32];

	snprintf(now, sizeof(now), "%lld",
	    (long long)(ymd_start(day) + hour * 3600));
	setenv("TEQUIO_NOW", now, 1);
}

/* Run the calendar job at 09:00 (Mexico City) of day y-m-d, as the daemon
   does after a pass, and collect what it queued. */
static void
calendar_at(struct harness *h, struct periodic *p, int y, int m, int d,
    int hour, struct h_result *r)
{
	struct ymd day = {y, m, d};
	char now[32];

	snprintf(now, sizeof(now), "%lld",
	    (long long)(ymd_start(day) + hour * 3600));
	setenv("TEQUIO_NOW", now, 1);
	periodic_run(p, now_seconds());
	memset(r, 0, sizeof(*r));
	h_collect(h, r);
}

static void
expect_quiet(struct harness *h, struct periodic *p, int y, int m, int d,
    int hour)
{
	struct h_result r;

	calendar_at(h, p, y, m, d, hour, &r);
	if (r.n_out != 0)
		fail_msg("%04d-%02d-%02d %02d h: %zu mails, first \"%s\"", y, m,
		    d, hour, r.n_out, r.out[0].subject);
	h_result_free(&r);
}

/* The report calendar of a student who never reports: accepted on 18
   November 2026, the 180-hour report is due on Monday 18 January 2027.
   Reminders 7 days and 1 day before with the exact Subject, a late notice
   the day after, the escalation after 5 business days, each once (also
   after a restart); after three late reports, a baja for the coordinator,
   with no mail received. */
static void
test_calendar_reminders(void **state)
{
	struct harness h;
	struct h_result r;
	struct periodic *p;
	const struct h_mail *n;
	char *dep_addr = NULL, *alu_addr = NULL;
	int64_t alu;

	(void)state;
	setenv("TEQUIO_NOW", "1795000000", 1);
	h_open(&h);
	p = service_scene(&h, &dep_addr, &alu_addr, &alu);

	expect_quiet(&h, p, 2027, 1, 10, 9);
	calendar_at(&h, p, 2027, 1, 11, 9, &r);
	assert_int_equal(r.n_out, 1);
	n = h_notice(&r, ALU);
	h_contains(n->subject, "recordatorio");
	h_contains(n->subject, "vence el 18 de enero de 2027");
	h_contains(n->body, "asunto exactamente «REPORTE 180»");
	h_result_free(&r);
	expect_quiet(&h, p, 2027, 1, 11, 18);	/* the same day, later */
	expect_quiet(&h, p, 2027, 1, 12, 9);
	calendar_at(&h, p, 2027, 1, 17, 9, &r);
	assert_int_equal(r.n_out, 1);
	h_contains(h_notice(&r, ALU)->subject, "vence el 18 de enero");
	h_result_free(&r);
	expect_quiet(&h, p, 2027, 1, 18, 9);
	calendar_at(&h, p, 2027, 1, 19, 9, &r);
	assert_int_equal(r.n_out, 1);
	h_contains(h_notice(&r, ALU)->subject, "está atrasado");
	h_result_free(&r);
	/* Tolerance: 5 business days, to Monday the 25th. */
	expect_quiet(&h, p, 2027, 1, 25, 9);
	/* A restart: a new periodic on the same database. */
	periodic_free(p);
	p = periodic_new(h.st);
	reminders_register(p, &h.cfg, h.st, h.letters, h.secret);
	expect_quiet(&h, p, 2027, 1, 25, 12);
	calendar_at(&h, p, 2027, 1, 26, 9, &r);
	assert_int_equal(r.n_out, 2);
	h_contains(h_notice(&r, DEP)->subject, "avances atrasados de 1 "
	    "estudiante");
	h_contains(h_notice(&r, DEP)->body, "- Ana López Ruiz (matrícula "
	    "2021030456): reporte de 180 horas, venció el 18 de enero de "
	    "2027");
	h_contains(h_notice(&r, COORD)->body, "venció el 18 de enero de "
	    "2027, en Secretaría de Salud de Oaxaca");
	h_result_free(&r);
	expect_quiet(&h, p, 2027, 1, 27, 9);

	/* Down from March to late May: the 360 and 480 reports are late
	   past the tolerance; each gets its late notice and escalation, and
	   the third late report opens a baja for the coordinator. */
	calendar_at(&h, p, 2027, 5, 31, 9, &r);
	/* 2 late notices, one escalation list to the agency and one to the
	   coordinators (both reports in each), the baja matter, and the
	   student and the agency told of it. */
	assert_int_equal(r.n_out, 2 + 2 + 1 + 2);
	{
		int found = 0;

		for (size_t i = 0; i < r.n_out; i++)
			found += strstr(r.out[i].body, "El calendario de "
			    "reportes pide la baja") != NULL;
		assert_int_equal(found, 1);	/* the coordinator's matter */
	}
	h_state_is(&h, WF_SOLICITUD, 1, "baja_solicitada");
	h_result_free(&r);
	by_the_calendar(&h, WF_SOLICITUD, 1, "baja_solicitada");
	expect_quiet(&h, p, 2027, 6, 1, 9);
	periodic_free(p);
	free(dep_addr);
	free(alu_addr);
	h_close(&h);
}

/* RENOVAR on 18 November 2028, the day after the convenio ended: a
   matter for the coordinators (once); RECHAZAR leaves things as they
   were; asked again, APROBAR issues a new convenio to 17 November 2030
   with reminders of its own; the personal address stays. */
static void
renovar_approved(struct harness *h, struct periodic *p, const char *dep_addr)
{
	struct h_result r;
	const struct h_mail *n;
	char *ar_c = h_authres("utv.edu.mx"), *code, *subject;

	h_send(h, NULL, DEP, dep_addr, "RENOVAR", "", NULL, 0, &r);
	h_contains(r.reply.body, "Pedimos a la coordinación la renovación");
	assert_int_equal(r.n_out, 1);
	n = h_notice(&r, COORD);
	h_contains(n->subject, "[SS:");
	h_contains(n->body, "pide renovar su convenio");
	h_contains(n->body, "vigente hasta el 17 de noviembre de 2028");
	code = h_code(n->subject);
	h_result_free(&r);
	h_send(h, NULL, DEP, dep_addr, "RENOVAR", "", NULL, 0, &r);
	h_contains(r.reply.body, "Ya pidió renovar su convenio");
	assert_int_equal(r.n_out, 0);
	h_result_free(&r);

	/* Refused: the agency is told why; it may ask again. */
	subject = xasprintf("RECHAZAR %s falta el acta de la sesión", code);
	h_send(h, ar_c, COORD, MAILBOX, subject, "", NULL, 0, &r);
	n = h_notice(&r, DEP);
	h_contains(n->body, "falta el acta de la sesión");
	h_contains(n->body, "envíe RENOVAR de nuevo");
	h_lacks(n->att_names ? n->att_names : "", "convenio-");
	h_state_is(h, WF_DEPENDENCIA, 1, "convenio_vigente");
	h_result_free(&r);
	free(subject);
	free(code);
	h_send(h, NULL, DEP, dep_addr, "RENOVAR", "", NULL, 0, &r);
	h_contains(r.reply.body, "Pedimos a la coordinación la renovación");
	code = h_code(h_notice(&r, COORD)->subject);
	h_result_free(&r);

	subject = xasprintf("APROBAR %s", code);
	h_send(h, ar_c, COORD, MAILBOX, subject, "", NULL, 0, &r);
	h_contains(r.reply.body, "Emitimos el convenio SS-");
	n = h_notice(&r, DEP);
	h_contains(n->subject, "convenio de servicio social renovado");
	h_contains(n->body, "vigente hasta el 17 de noviembre de 2030");
	h_contains(n->body, "sigue siendo la misma");
	pdf_has(h, n, "convenio-", "17 de noviembre de 2030");
	h_state_is(h, WF_DEPENDENCIA, 1, "convenio_vigente");
	h_result_free(&r);

	h_send(h, NULL, DEP, dep_addr, "PROGRAMA", "Nombre: Jornadas de "
	    "vacunación\nVacantes: 1\nHorario: lunes a viernes, 9 a 13 h\n"
	    "Lugar: Centro de Salud Urbano 2\nDescripción: registro de "
	    "pacientes\n", (const struct h_att[]){{"listado de actividades.pdf",
	    "actividades.pdf", "application/pdf"}}, 1, &r);
	h_contains(r.reply.body, "Publicamos el programa 3");
	h_result_free(&r);
	expect_quiet(h, p, 2030, 9, 17, 9);
	calendar_at(h, p, 2030, 9, 18, 9, &r);
	assert_int_equal(r.n_out, 2);
	h_contains(h_notice(&r, DEP)->subject, "termina el 17 de noviembre de "
	    "2030");
	h_result_free(&r);
	free(subject);
	free(code);
	free(ar_c);
}

/* The convenio's end (issue 11): issued on 18 November 2026 for two
   years, it runs to 17 November 2028.  The agency and the coordinators
   are reminded 60 days before (18 September 2028) and 15 days before
   (2 November 2028), each once, also after a restart; from 18 November
   2028 PROGRAMA and ACEPTAR are refused with the day it ended. */
static void
test_convenio_renovar(void **state)
{
	struct harness h;
	struct h_result r;
	struct periodic *p;
	const struct h_mail *n;
	char *dep_addr = NULL, *alu_addr = NULL;
	int64_t alu;
	const struct h_att act[] = {
		{"listado de actividades.pdf", "actividades.pdf",
		    "application/pdf"},
	};
	static const char programa[] = "Nombre: Jornadas de vacunación\n"
	    "Vacantes: 1\nHorario: lunes a viernes, 9 a 13 h\n"
	    "Lugar: Centro de Salud Urbano 2\n"
	    "Descripción: registro de pacientes; pláticas de prevención\n";

	(void)state;
	setenv("TEQUIO_NOW", "1795000000", 1);
	h_open(&h);
	agency_to_program(&h, &dep_addr);
	student_to_applied(&h, &alu_addr, &alu, &r);
	h_result_free(&r);
	p = periodic_new(h.st);
	renovar_register(p, &h.cfg, h.st, h.letters, h.secret);

	expect_quiet(&h, p, 2028, 9, 17, 9);
	calendar_at(&h, p, 2028, 9, 18, 9, &r);
	assert_int_equal(r.n_out, 2);
	n = h_notice(&r, DEP);
	h_contains(n->subject, "el convenio de servicio social termina el 17 "
	    "de noviembre de 2028");
	h_contains(n->body, "faltan 60 días");
	h_contains(n->body, "con el asunto RENOVAR");
	n = h_notice(&r, COORD);
	h_contains(n->body, "SSO960923M89");
	h_contains(n->body, "faltan 60 días");
	h_result_free(&r);
	expect_quiet(&h, p, 2028, 9, 18, 22);	/* the same day, later */
	expect_quiet(&h, p, 2028, 10, 1, 9);
	/* A restart: a new periodic on the same database. */
	periodic_free(p);
	p = periodic_new(h.st);
	renovar_register(p, &h.cfg, h.st, h.letters, h.secret);
	expect_quiet(&h, p, 2028, 10, 20, 9);
	expect_quiet(&h, p, 2028, 11, 1, 9);
	calendar_at(&h, p, 2028, 11, 2, 9, &r);
	assert_int_equal(r.n_out, 2);
	h_contains(h_notice(&r, DEP)->body, "faltan 15 días");
	h_contains(h_notice(&r, COORD)->body, "faltan 15 días");
	h_result_free(&r);
	expect_quiet(&h, p, 2028, 11, 10, 9);

	/* The last day still counts as running. */
	calendar_at(&h, p, 2028, 11, 17, 20, &r);
	assert_int_equal(r.n_out, 0);
	h_result_free(&r);
	h_send(&h, NULL, DEP, dep_addr, "PROGRAMA", programa, act, 1, &r);
	h_contains(r.reply.body, "Publicamos el programa 2");
	h_result_free(&r);

	/* The day after: no program, no student accepted. */
	calendar_at(&h, p, 2028, 11, 18, 9, &r);
	assert_int_equal(r.n_out, 0);
	h_result_free(&r);
	h_send(&h, NULL, DEP, dep_addr, "PROGRAMA", programa, act, 1, &r);
	h_contains(r.reply.body, "terminó el 17 de noviembre de 2028");
	h_contains(r.reply.body, "con el asunto RENOVAR");
	h_lacks(r.reply.body, "Publicamos el programa");
	assert_int_equal(r.n_out, 0);
	h_result_free(&r);
	{
		enum wf_state none;

		assert_int_equal(store_wf_state_get(h.st, WF_PROGRAMA, 3,
		    &none), 0);
	}
	h_send(&h, NULL, DEP, dep_addr, "ACEPTAR 1", "", NULL, 0,
	    &r);
	h_contains(r.reply.body, "terminó el 17 de noviembre de 2028");
	assert_int_equal(r.n_out, 0);
	h_result_free(&r);
	h_state_is(&h, WF_SOLICITUD, 1, "pendiente");
	h_state_is(&h, WF_ALUMNO, alu, "postulado");
	renovar_approved(&h, p, dep_addr);
	h_send(&h, NULL, DEP, dep_addr, "ACEPTAR 1", "", NULL, 0, &r);
	h_contains(r.reply.body, "Aceptamos a Ana López Ruiz");
	h_result_free(&r);
	h_state_is(&h, WF_SOLICITUD, 1, "aceptada");
	periodic_free(p);
	free(dep_addr);
	free(alu_addr);
	h_close(&h);
}

/* Another student with a pending application to program 1, written to
   the store as the workflow would have left it; returns the application. */
static int64_t
other_applicant(struct harness *h, int i)
{
	struct wf_student st;
	char *email = xasprintf("otro%d@alumnos.utv.edu.mx", i);
	char *mat = xasprintf("20210300%02d", i);
	int64_t acc, app;

	assert_int_equal(store_wf_account_insert(h->st, "alumno", email,
	    "Otro Alumno", ST_ALUMNO_POSTULADO, now_seconds(), &acc), 0);
	memset(&st, 0, sizeof(st));
	st.account_id = acc;
	st.matricula = mat;
	st.carrera = "Ingeniería en Sistemas";
	st.creditos = 80;
	assert_int_equal(store_wf_student_insert(h->st, &st), 0);
	assert_int_equal(store_wf_application_insert(h->st, acc, 1,
	    now_seconds(), &app), 0);
	assert_int_equal(store_wf_state_set(h->st, WF_SOLICITUD, app,
	    ST_SOLICITUD_PENDIENTE, now_seconds()), 0);
	free(email);
	free(mat);
	return app;
}

/* A student accepted by the agency, written to the store as the workflow
   leaves it (the way there is test_lifecycle's); the acceptance is in
   the audit, where the calendar reads the start. */
static void
accepted_other(struct harness *h, int i)
{
	int64_t app = other_applicant(h, i), acc;
	struct wf_application a;

	assert_int_equal(store_wf_application_get(h->st, app, &a), 1);
	acc = a.student_id;
	wf_application_free(&a);
	assert_int_equal(store_wf_state_set(h->st, WF_SOLICITUD, app,
	    ST_SOLICITUD_ACEPTADA, now_seconds()), 0);
	assert_int_equal(store_wf_state_set(h->st, WF_ALUMNO, acc,
	    ST_ALUMNO_EN_SERVICIO, now_seconds()), 0);
	assert_int_equal(store_wf_audit(h->st, WF_SOLICITUD, app, "aceptar",
	    "pendiente", "aceptada", DEP, 0, now_seconds(), ""), 0);
}

/* Two students of one agency late on the same day: the agency gets one
   list with both, the coordinators one list, each student a late
   notice; nothing more the next day. */
static void
test_escalation_list(void **state)
{
	struct harness h;
	struct h_result r;
	struct periodic *p;
	const struct h_mail *n;
	char *dep_addr = NULL, *alu_addr = NULL;
	int64_t alu;
	int to_dep = 0;

	(void)state;
	setenv("TEQUIO_NOW", "1795000000", 1);
	h_open(&h);
	p = service_scene(&h, &dep_addr, &alu_addr, &alu);
	accepted_other(&h, 7);

	calendar_at(&h, p, 2027, 1, 26, 9, &r);
	assert_int_equal(r.n_out, 2 + 1 + 1);
	for (size_t i = 0; i < r.n_out; i++)
		to_dep += strcmp(r.out[i].to, DEP) == 0;
	assert_int_equal(to_dep, 1);
	n = h_notice(&r, DEP);
	h_contains(n->subject, "avances atrasados de 2 estudiantes");
	h_contains(n->body, "Estos estudiantes de su dependencia no han "
	    "entregado");
	h_contains(n->body, "- Ana López Ruiz (matrícula 2021030456)");
	h_contains(n->body, "- Otro Alumno (matrícula 2021030007)");
	n = h_notice(&r, COORD);
	h_contains(n->body, "Ana López Ruiz");
	h_contains(n->body, "Otro Alumno");
	h_contains(h_notice(&r, "otro7@alumnos.utv.edu.mx")->subject,
	    "está atrasado");
	h_result_free(&r);
	expect_quiet(&h, p, 2027, 1, 27, 9);
	periodic_free(p);
	free(dep_addr);
	free(alu_addr);
	h_close(&h);
}

/* Send REPORTE hours with served hours; returns the coordinator's code. */
static char *
send_report(struct harness *h, const char *alu_addr, int hours, int served)
{
	struct h_result r;
	char subj[32], file[32], body[32], *code;
	struct h_att att[1];

	snprintf(subj, sizeof(subj), "REPORTE %d", hours);
	snprintf(file, sizeof(file), "reporte%d.pdf", hours);
	snprintf(body, sizeof(body), "Horas: %d\n", served);
	att[0].name = file;
	att[0].fixture = file;
	att[0].type = "application/pdf";
	h_send(h, NULL, ALU, alu_addr, subj, body, att, 1, &r);
	h_contains(r.reply.body, "Recibimos su reporte");
	code = h_code(h_notice(&r, COORD)->subject);
	h_result_free(&r);
	return code;
}

/* The coordinator writes "<verb> <code>"; the reply is in r. */
static void
coord_says(struct harness *h, const char *verb, const char *code,
    struct h_result *r)
{
	char *ar = h_authres("utv.edu.mx"), *s = xasprintf("%s %s", verb,
	    code);

	h_send(h, ar, COORD, MAILBOX, s, "", NULL, 0, r);
	free(s);
	free(ar);
}

/* The agency evaluates: with [calendar] validation_days the coordinator's
   APROBAR waits for VALIDAR (or for the days); the grades go into an
   evaluation PDF with its own folio, attached to the liberación and
   verifiable; the final grade is printed on the liberación and on the
   finalización. */
static void
test_evaluation(void **state)
{
	struct harness h;
	struct h_result r;
	const struct h_mail *n;
	char *dep_addr = NULL, *alu_addr = NULL, *code, *text;
	int64_t alu;

	(void)state;
	setenv("TEQUIO_NOW", "1795000000", 1);	/* Wed 18 Nov 2026 */
	h_open(&h);
	h.cfg.cal_validation_days = 5;
	agency_to_program(&h, &dep_addr);
	student_to_accepted(&h, dep_addr, &alu_addr, &alu);

	clock_at(2027, 1, 11, 10);		/* Monday */
	code = send_report(&h, alu_addr, 180, 180);
	coord_says(&h, "APROBAR", code, &r);
	h_contains(r.reply.body, "La dependencia aún no valida este reporte "
	    "de 180 horas");
	h_contains(r.reply.body, "a partir del 19 de enero de 2027");
	h_state_is(&h, WF_REPORTE, 1, "en_revision");
	assert_int_equal(r.n_out, 0);
	h_result_free(&r);
	h_send(&h, NULL, DEP, dep_addr, "VALIDAR 2021030456",
	    "Calificación: Bueno\n", NULL, 0, &r);
	n = h_notice(&r, COORD);
	h_contains(n->body, "ya puede decidir el reporte: APROBAR");
	h_result_free(&r);
	coord_says(&h, "APROBAR", code, &r);
	h_contains(r.reply.body, "Aceptamos el reporte de 180 horas");
	h_result_free(&r);
	free(code);

	clock_at(2027, 3, 8, 10);
	code = send_report(&h, alu_addr, 360, 180);
	h_send(&h, NULL, DEP, dep_addr, "VALIDAR 2021030456",
	    "Calificación: notable\nObservaciones: muy puntual\n", NULL, 0, &r);
	h_result_free(&r);
	coord_says(&h, "APROBAR", code, &r);
	h_contains(r.reply.body, "Aceptamos el reporte de 360 horas");
	h_result_free(&r);
	free(code);

	/* Not validated: possible after five business days. */
	clock_at(2027, 5, 10, 10);		/* Monday */
	code = send_report(&h, alu_addr, 480, 120);
	clock_at(2027, 5, 17, 10);
	coord_says(&h, "APROBAR", code, &r);
	h_contains(r.reply.body, "a partir del 18 de mayo de 2027");
	h_result_free(&r);
	clock_at(2027, 5, 18, 10);
	coord_says(&h, "APROBAR", code, &r);
	h_contains(r.reply.body, "Aceptamos el reporte de 480 horas");
	h_result_free(&r);
	free(code);

	clock_at(2027, 5, 20, 10);
	h_send(&h, NULL, DEP, dep_addr, "LIBERAR 2021030456",
	    "Gerente: Luis Gómez\nJefe inmediato: Rosa Díaz\n"
	    "Calificación: magnífica\n", NULL, 0, &r);
	h_contains(r.reply.body, "No entendimos la calificación «magnífica»");
	h_state_is(&h, WF_SOLICITUD, 1, "aceptada");
	h_result_free(&r);
	/* No grade in LIBERAR: the last report's (Notable). */
	h_send(&h, NULL, DEP, dep_addr, "LIBERAR 2021030456",
	    "Gerente: Luis Gómez\nJefe inmediato: Rosa Díaz\n", NULL, 0, &r);
	h_contains(r.reply.body, "Emitimos la carta de liberación SS-");
	h_contains(r.reply.att_names, "evaluacion-SS-");
	n = h_notice(&r, ALU);
	h_contains(n->att_names, "liberacion-SS-");
	h_contains(n->att_names, "evaluacion-SS-");
	h_contains(h_notice(&r, COORD)->att_names, "evaluacion-SS-");
	pdf_has(&h, n, "liberacion-", "evaluación final de Notable");
	text = h_pdf_text(&h, n, "evaluacion-");
	h_contains(text, "EVALUACIÓN DEL SERVICIO SOCIAL");
	h_contains(text, "Reporte de 180 horas");
	h_contains(text, "Bueno");
	h_contains(text, "Observaciones: muy puntual");
	h_lacks(text, "Reporte de 480 horas");
	h_contains(text, "Evaluación final: Notable");
	free(text);
	/* Verifiable like every letter: by its folio and the PDF. */
	{
		const char *p = strstr(n->att_names, "evaluacion-SS-");
		char *folio = xstrndup(p + strlen("evaluacion-"), 14);
		char *subject = xasprintf("VERIFICAR %s", folio);
		char *path = h_save_att(&h, n, "evaluacion-", "ev.pdf");
		struct h_att pdf[] = {{"evaluacion.pdf", path,
		    "application/pdf"}};
		struct h_result r2;

		h_send(&h, NULL, "cualquiera@example.com", MAILBOX, subject, "",
		    pdf, 1, &r2);
		h_contains(r2.reply.body, "DOCUMENTO AUTÉNTICO");
		h_contains(r2.reply.body, "evaluación del servicio social");
		h_result_free(&r2);
		free(path);
		free(subject);
		free(folio);
	}
	h_result_free(&r);

	clock_at(2027, 6, 1, 10);
	{
		char *ar = h_authres("utv.edu.mx");

		h_send(&h, ar, COORD, MAILBOX, "FINALIZAR 2021030456", "", NULL,
		    0, &r);
		free(ar);
	}
	pdf_has(&h, h_notice(&r, ALU), "finalizacion-", "evaluación final de "
	    "Notable");
	h_result_free(&r);
	free(dep_addr);
	free(alu_addr);
	h_close(&h);
}

/* [calendar] reports = monthly: six reports of 80 hours, one due each
   month from the acceptance (18 November 2026), with the reminder giving
   the exact Subject; a Subject at another number lists the right ones;
   ESTADO shows the six. */
static void
test_monthly(void **state)
{
	struct harness h;
	struct h_result r;
	struct periodic *p;
	char *dep_addr = NULL, *alu_addr = NULL, *code;
	int64_t alu;

	(void)state;
	setenv("TEQUIO_NOW", "1795000000", 1);
	h_open(&h);
	free(h.cfg.cal_reports);
	h.cfg.cal_reports = xstrdup("monthly");
	p = service_scene(&h, &dep_addr, &alu_addr, &alu);

	expect_quiet(&h, p, 2026, 12, 10, 9);
	calendar_at(&h, p, 2026, 12, 11, 9, &r);
	assert_int_equal(r.n_out, 1);
	h_contains(h_notice(&r, ALU)->subject, "vence el 18 de diciembre de "
	    "2026");
	h_contains(h_notice(&r, ALU)->body, "asunto exactamente «REPORTE 80»");
	h_result_free(&r);

	clock_at(2026, 12, 14, 10);
	{
		const struct h_att att[] = {{"reporte.pdf", "reporte180.pdf",
		    "application/pdf"}};

		h_send(&h, NULL, ALU, alu_addr, "REPORTE 180", "Horas: 180\n",
		    att, 1, &r);
		h_contains(r.reply.body, "No sabemos de cuántas horas es el "
		    "reporte");
		h_contains(r.reply.body, "REPORTE 80, REPORTE 160, REPORTE 240, "
		    "… o REPORTE 480");
		h_result_free(&r);
		h_send(&h, NULL, ALU, alu_addr, "Reporte de 80 horas",
		    "Horas: 80\n", att, 1, &r);
		h_contains(r.reply.body, "Recibimos su reporte de 80 horas");
		code = h_code(h_notice(&r, COORD)->subject);
		h_result_free(&r);
	}
	coord_says(&h, "APROBAR", code, &r);
	h_contains(h_notice(&r, ALU)->body, "REPORTE 160");
	h_result_free(&r);
	free(code);
	/* Delivered: no notice for December; January's is for 160. */
	expect_quiet(&h, p, 2026, 12, 17, 9);
	expect_quiet(&h, p, 2026, 12, 19, 9);
	calendar_at(&h, p, 2027, 1, 11, 9, &r);
	assert_int_equal(r.n_out, 1);
	h_contains(h_notice(&r, ALU)->body, "«REPORTE 160»");
	h_contains(h_notice(&r, ALU)->subject, "vence el 18 de enero de 2027");
	h_result_free(&r);
	h_send(&h, NULL, ALU, MAILBOX, "ESTADO", "", NULL, 0, &r);
	h_contains(r.reply.body, "- 80 horas: aceptado");
	h_contains(r.reply.body, "- 400 horas: no entregado");
	h_contains(r.reply.body, "- 480 horas: no entregado");
	h_result_free(&r);
	periodic_free(p);
	free(dep_addr);
	free(alu_addr);
	h_close(&h);
}

/* A student who is not stuck: CANCELAR SOLICITUD withdraws a pending
   application (the agency is told); applied again, the application
   expires after [rules] application_days business days with no mail
   received (both told); the student may then apply again. */
static void
test_unstuck(void **state)
{
	struct harness h;
	struct h_result r;
	struct periodic *p;
	char *dep_addr = NULL, *alu_addr = NULL;
	char *pp, *cp;
	int64_t alu;

	(void)state;
	setenv("TEQUIO_NOW", "1795000000", 1);	/* Wed 18 Nov 2026 */
	h_open(&h);
	agency_to_program(&h, &dep_addr);
	student_to_applied(&h, &alu_addr, &alu, &r);
	h_result_free(&r);
	pp = xasprintf("%s/p.pdf", h.dir);
	cp = xasprintf("%s/c.pdf", h.dir);

	h_send(&h, NULL, ALU, alu_addr, "Cancelar solicitud", "", NULL, 0,
	    &r);
	h_contains(r.reply.body, "fue retirada por el alumno");
	h_contains(h_notice(&r, DEP)->body, "ya no necesita responderla");
	assert_int_equal(r.n_out, 1);
	h_state_is(&h, WF_SOLICITUD, 1, "retirada");
	h_state_is(&h, WF_ALUMNO, alu, "con_presentacion");
	h_result_free(&r);
	h_send(&h, NULL, ALU, alu_addr, "CANCELAR SOLICITUD", "", NULL, 0,
	    &r);
	h_contains(r.reply.body, "No se puede retirar la solicitud ahora");
	assert_int_equal(r.n_out, 0);
	h_result_free(&r);

	/* Applied again; the agency never answers. */
	{
		const struct h_att cartas[] = {
			{"carta de presentación.pdf", pp, "application/pdf"},
			{"constancia.pdf", cp, "application/pdf"},
		};

		h_send(&h, NULL, ALU, alu_addr, "SOLICITUD 1", "", cartas, 2,
		    &r);
		h_contains(r.reply.body, "Enviamos su solicitud 2");
		h_result_free(&r);
	}
	p = periodic_new(h.st);
	reminders_register(p, &h.cfg, h.st, h.letters, h.secret);
	/* Ten business days after Wednesday 18 November: 2 December. */
	expect_quiet(&h, p, 2026, 12, 2, 20);
	h_state_is(&h, WF_SOLICITUD, 2, "pendiente");
	calendar_at(&h, p, 2026, 12, 3, 9, &r);
	assert_int_equal(r.n_out, 2);
	h_contains(h_notice(&r, ALU)->body, "venció sin respuesta de la "
	    "dependencia");
	h_contains(h_notice(&r, ALU)->body, "Puede solicitar otro programa");
	h_contains(h_notice(&r, DEP)->body, "ya no necesita responderla");
	h_state_is(&h, WF_SOLICITUD, 2, "vencida");
	h_state_is(&h, WF_ALUMNO, alu, "con_presentacion");
	h_result_free(&r);
	expect_quiet(&h, p, 2026, 12, 4, 9);
	periodic_free(p);

	/* Applied a third time; two other students (placed in the store:
	   their way here is test_lifecycle's) fill the program's two
	   vacancies, and Ana is told and freed. */
	{
		const struct h_att cartas[] = {
			{"carta de presentación.pdf", pp, "application/pdf"},
			{"constancia.pdf", cp, "application/pdf"},
		};
		int64_t app[2];

		h_send(&h, NULL, ALU, alu_addr, "SOLICITUD 1", "", cartas, 2,
		    &r);
		h_contains(r.reply.body, "Enviamos su solicitud 3");
		h_result_free(&r);
		for (int i = 0; i < 2; i++)
			app[i] = other_applicant(&h, i);
		for (int i = 0; i < 2; i++) {
			char *cmd = xasprintf("ACEPTAR %lld", (long long)app[i]);

			h_send(&h, NULL, DEP, dep_addr, cmd, "", NULL, 0, &r);
			h_contains(r.reply.body, "Aceptamos a");
			if (i == 0)
				assert_int_equal(r.n_out, 2);	/* alumno, coord. */
			else {
				h_contains(r.reply.body, "Con el programa lleno, "
				    "avisamos a Ana López Ruiz");
				h_contains(h_notice(&r, ALU)->body, "el programa "
				    "cubrió sus vacantes");
			}
			h_result_free(&r);
			free(cmd);
		}
		h_state_is(&h, WF_SOLICITUD, 3, "sin_vacante");
		h_state_is(&h, WF_ALUMNO, alu, "con_presentacion");

		/* CAMBIO: the coordinator moves one of them elsewhere; the
		   program has a place again. */
		{
			char *ar_c = h_authres("utv.edu.mx");

			h_send(&h, ar_c, COORD, MAILBOX, "CAMBIO 2021030000 "
			    "horario incompatible", "", NULL, 0, &r);
			h_contains(r.reply.body, "Autorizamos el cambio de "
			    "dependencia de Otro Alumno");
			h_contains(h_notice(&r, "otro0@alumnos.utv.edu.mx")->body,
			    "que conserva para su siguiente servicio");
			h_contains(h_notice(&r, DEP)->body, "horario "
			    "incompatible");
			h_state_is(&h, WF_SOLICITUD, app[0], "baja");
			h_state_is(&h, WF_PROGRAMA, 1, "publicado");
			h_result_free(&r);
			free(ar_c);
		}
	}
	free(pp);
	free(cp);
	free(dep_addr);
	free(alu_addr);
	h_close(&h);
}



/* PAUSA (art. 55): a student ill from 4 January asks, the coordinator
   approves; no reminder while paused; REANUDAR on 1 February after 28
   days; the 180-hour report is then due 28 days later, and LIBERAR
   waits 28 more days.  A coordinator pauses a service directly, and a
   LIBERAR in a pause is refused.  Past max_months, LIBERAR becomes an
   exception the coordinator approves. */
static void
test_pause_and_max(void **state)
{
	struct harness h;
	struct h_result r, r2;
	struct periodic *p;
	struct h_mail late_pause;
	const struct h_mail *n;
	char *dep_addr = NULL, *alu_addr = NULL, *ar_c;
	int64_t alu;

	(void)state;
	setenv("TEQUIO_NOW", "1795000000", 1);	/* Wed 18 Nov 2026 */
	h_open(&h);
	ar_c = h_authres("utv.edu.mx");
	p = service_scene(&h, &dep_addr, &alu_addr, &alu);

	clock_at(2027, 1, 4, 10);
	h_send(&h, NULL, ALU, alu_addr, "PAUSA", "", NULL, 0, &r);
	h_contains(r.reply.body, "Falta el motivo de la pausa");
	assert_int_equal(r.n_out, 0);
	h_result_free(&r);
	h_send(&h, NULL, ALU, alu_addr, "PAUSA por enfermedad",
	    "Desde: 4/13/2027\n", NULL, 0, &r);
	h_contains(r.reply.body, "No entendimos la fecha «4/13/2027»");
	h_result_free(&r);
	h_send(&h, NULL, ALU, alu_addr, "PAUSA por enfermedad",
	    "Desde: 04/01/2027\n", NULL, 0, &r);
	h_contains(r.reply.body, "Enviamos a la coordinación su petición de "
	    "pausa desde el 4 de enero de 2027");
	n = h_notice(&r, COORD);
	h_contains(n->body, "pide pausar su servicio social");
	h_contains(n->body, "por enfermedad");
	/* Not yet approved: a second one is refused. */
	h_send(&h, NULL, ALU, alu_addr, "PAUSA otra vez", "", NULL, 0, &r2);
	h_contains(r2.reply.body, "en espera de la coordinación");
	h_result_free(&r2);
	h_reply_to(&h, n, COORD, "APROBAR", &r2);
	h_contains(r2.reply.body, "Autorizamos la pausa del servicio de Ana");
	h_contains(h_notice(&r2, ALU)->body, "REANUDAR");
	h_contains(h_notice(&r2, DEP)->body, "no cuentan para la duración "
	    "mínima");
	h_state_is(&h, WF_PAUSA, 1, "vigente");
	h_result_free(&r2);
	h_result_free(&r);
	clock_at(2027, 1, 14, 10);
	h_send(&h, NULL, ALU, MAILBOX, "ESTADO", "", NULL, 0, &r);
	h_contains(r.reply.body, "Su servicio está en pausa desde el 4 de "
	    "enero de 2027");
	h_contains(r.reply.body, "Días en pausa: 10;");
	h_result_free(&r);

	/* The 180-hour report was due on 18 January: nothing while
	   paused. */
	expect_quiet(&h, p, 2027, 1, 11, 9);
	expect_quiet(&h, p, 2027, 1, 17, 9);
	expect_quiet(&h, p, 2027, 1, 19, 9);
	expect_quiet(&h, p, 2027, 1, 27, 9);

	clock_at(2027, 2, 1, 10);
	h_send(&h, NULL, ALU, alu_addr, "Reanudar", "", NULL, 0, &r);
	h_contains(r.reply.body, "Reanudamos el servicio de Ana López Ruiz "
	    "el 1 de febrero de 2027 (28 días en pausa en total)");
	h_contains(h_notice(&r, DEP)->body, "se reanudó");
	h_state_is(&h, WF_PAUSA, 1, "terminada");
	h_result_free(&r);
	h_send(&h, NULL, ALU, alu_addr, "REANUDAR", "", NULL, 0, &r);
	h_contains(r.reply.body, "No hay una pausa vigente");
	h_result_free(&r);
	/* Due 28 days later: 15 February. */
	expect_quiet(&h, p, 2027, 2, 7, 9);
	calendar_at(&h, p, 2027, 2, 8, 9, &r);
	assert_int_equal(r.n_out, 1);
	h_contains(h_notice(&r, ALU)->subject, "vence el 15 de febrero de "
	    "2027");
	h_result_free(&r);

	report_and_approve(&h, alu_addr, 180);
	report_and_approve(&h, alu_addr, 360);
	report_and_approve(&h, alu_addr, 480);

	/* The coordinator pauses it directly; LIBERAR waits for it. */
	clock_at(2027, 5, 3, 10);
	h_send(&h, ar_c, COORD, MAILBOX, "PAUSA 2021030456 hospitalización",
	    "Hasta: 10/05/2027\n", NULL, 0, &r);
	h_contains(r.reply.body, "Autorizamos la pausa");
	h_contains(h_notice(&r, ALU)->body, "hospitalización");
	h_state_is(&h, WF_PAUSA, 2, "vigente");
	h_result_free(&r);
	h_send(&h, NULL, DEP, dep_addr, "LIBERAR 2021030456",
	    "Gerente: Luis Gómez\nJefe inmediato: Rosa Díaz\n", NULL, 0, &r);
	h_contains(r.reply.body, "está en pausa desde el 3 de mayo de 2027");
	h_result_free(&r);
	/* Its Hasta: day ends it with no mail received, student and
	   agency told. */
	expect_quiet(&h, p, 2027, 5, 9, 9);
	calendar_at(&h, p, 2027, 5, 10, 9, &r);
	assert_int_equal(r.n_out, 2);
	h_contains(h_notice(&r, ALU)->body, "se reanudó el 10 de mayo de 2027. "
	    "En total lleva 35 días en pausa");
	h_contains(h_notice(&r, DEP)->body, "se reanudó");
	h_state_is(&h, WF_PAUSA, 2, "terminada");
	h_result_free(&r);
	by_the_calendar(&h, WF_PAUSA, 2, "terminada");
	h_send(&h, ar_c, COORD, MAILBOX, "REANUDAR 2021030456", "", NULL, 0,
	    &r);
	h_contains(r.reply.body, "No hay una pausa vigente");
	h_result_free(&r);

	/* Six months from 18 November plus 35 days paused: 22 June. */
	clock_at(2027, 6, 21, 10);
	h_send(&h, NULL, DEP, dep_addr, "LIBERAR 2021030456",
	    "Gerente: Luis Gómez\nJefe inmediato: Rosa Díaz\n", NULL, 0, &r);
	h_contains(r.reply.body, "sin contar 35 días en pausa; podrá "
	    "concluirse a partir del 22 de junio de 2027");
	h_state_is(&h, WF_SOLICITUD, 1, "aceptada");
	h_result_free(&r);

	/* 24 months and 35 days later it is the coordinator's call.  A
	   pause asked for then is still waiting when the service ends. */
	clock_at(2028, 12, 24, 10);
	h_send(&h, NULL, ALU, alu_addr, "PAUSA cirugía", "", NULL, 0, &r);
	late_pause = h_mail_copy(h_notice(&r, COORD));
	h_result_free(&r);
	h_send(&h, NULL, DEP, dep_addr, "LIBERAR 2021030456",
	    "Gerente: Luis Gómez\nJefe inmediato: Rosa Díaz\n", NULL, 0, &r);
	h_contains(r.reply.body, "hasta 24 meses");
	h_contains(r.reply.body, "el plazo terminó el 23 de diciembre de "
	    "2028");
	h_contains(r.reply.body, "como excepción");
	h_state_is(&h, WF_SOLICITUD, 1, "aceptada");
	n = h_notice(&r, COORD);
	h_contains(n->body, "pide la carta de liberación");
	h_reply_to(&h, n, COORD, "APROBAR", &r2);
	h_contains(r2.reply.body, "Emitimos la carta de liberación SS-");
	pdf_has(&h, h_notice(&r2, ALU), "liberacion-", "Rosa D");
	h_state_is(&h, WF_SOLICITUD, 1, "liberada");
	h_result_free(&r2);
	h_result_free(&r);
	/* The exception covers the finalización too. */
	h_send(&h, ar_c, COORD, MAILBOX, "FINALIZAR 2021030456", "", NULL, 0,
	    &r);
	h_contains(r.reply.body, "Emitimos la carta de finalización SS-");
	h_result_free(&r);
	/* Approved after the service ended: nothing is paused. */
	h_reply_to(&h, &late_pause, COORD, "APROBAR", &r);
	h_contains(r.reply.body, "Solo un servicio social en curso se puede "
	    "pausar");
	h_state_is(&h, WF_PAUSA, 3, "solicitada");
	assert_int_equal(r.n_out, 0);
	h_result_free(&r);
	h_mail_free(&late_pause);

	periodic_free(p);
	free(ar_c);
	free(dep_addr);
	free(alu_addr);
	h_close(&h);
}

/* A pending applicant of program 1 (other_applicant) whose account was
   suspended (the matrícula was someone else's: h_matricula.c). */
static int64_t
suspended_applicant(struct harness *h, int i)
{
	struct wf_application a;
	int64_t app = other_applicant(h, i);

	assert_int_equal(store_wf_application_get(h->st, app, &a), 1);
	assert_int_equal(store_wf_state_set(h->st, WF_ALUMNO, a.student_id,
	    ST_ALUMNO_SUSPENDIDA, now_seconds()), 0);
	wf_application_free(&a);
	return app;
}

static int64_t
student_of(struct harness *h, int64_t app)
{
	struct wf_application a;
	int64_t id;

	assert_int_equal(store_wf_application_get(h->st, app, &a), 1);
	id = a.student_id;
	wf_application_free(&a);
	return id;
}

/*
 * A student suspended while an application waits (the coordination
 * found the matrícula was someone else's) is never accepted, but the
 * application still ends: the agency may reject it, it expires, and it
 * closes with the others when the program fills, the student staying
 * suspended.  Before, no row let a suspended student follow: the agency
 * could not reject, the calendar could not expire it, and when the
 * program filled its closing was refused inside the program's quiet
 * cascade: the acceptance went through, the program stayed open with no
 * place left, the other applicants were not told, and the agency's reply
 * said they had been.
 */
static void
test_suspended_applicant(void **state)
{
	struct harness h;
	struct h_result r, r2;
	struct periodic *p;
	char *dep_addr = NULL, *alu_addr = NULL;
	char *ar_real = h_authres("alumnos.utv.edu.mx");
	int64_t alu, other, app[4];

	(void)state;
	setenv("TEQUIO_NOW", "1795000000", 1);	/* Wed 18 Nov 2026 */
	h_open(&h);
	agency_to_program(&h, &dep_addr);
	student_to_applied(&h, &alu_addr, &alu, &r);
	h_result_free(&r);
	/* The matrícula's owner claims it; the coordination agrees. */
	h_send(&h, ar_real, "ana.lopez.ruiz@alumnos.utv.edu.mx", MAILBOX,
	    "REGISTRO", "Matrícula: 2021030456\nNombre: Ana López Ruiz\n"
	    "Carrera: Ingeniería en Sistemas\nCréditos: 78%\n", NULL, 0, &r);
	h_reply_to(&h, h_notice(&r, COORD), COORD, "APROBAR", &r2);
	h_state_is(&h, WF_ALUMNO, alu, "suspendida");
	h_result_free(&r2);
	h_result_free(&r);

	/* Never accepted; rejected, it stays suspended. */
	h_send(&h, NULL, DEP, dep_addr, "ACEPTAR 1", "", NULL, 0, &r);
	h_lacks(r.reply.body, "Aceptamos");
	h_state_is(&h, WF_SOLICITUD, 1, "pendiente");
	h_result_free(&r);
	h_send(&h, NULL, DEP, dep_addr, "RECHAZAR 1 la cuenta está "
	    "suspendida", "", NULL, 0, &r);
	h_contains(r.reply.body, "Rechazamos la solicitud 1");
	h_state_is(&h, WF_SOLICITUD, 1, "rechazada");
	h_state_is(&h, WF_ALUMNO, alu, "suspendida");
	h_result_free(&r);

	/* The program fills: the suspended applicant is closed too. */
	app[0] = suspended_applicant(&h, 0);
	app[1] = other_applicant(&h, 1);
	app[2] = other_applicant(&h, 2);
	for (int i = 1; i <= 2; i++) {
		char *cmd = xasprintf("ACEPTAR %lld", (long long)app[i]);

		h_send(&h, NULL, DEP, dep_addr, cmd, "", NULL, 0, &r);
		h_contains(r.reply.body, "Aceptamos a");
		h_lacks(r.reply.body, "No se puede");
		h_result_free(&r);
		free(cmd);
	}
	h_state_is(&h, WF_PROGRAMA, 1, "cubierto");
	h_state_is(&h, WF_SOLICITUD, app[0], "sin_vacante");
	h_state_is(&h, WF_ALUMNO, student_of(&h, app[0]), "suspendida");

	/* Unanswered, it expires (program 1 is open again after a CAMBIO). */
	{
		char *ar_c = h_authres("utv.edu.mx");

		h_send(&h, ar_c, COORD, MAILBOX, "CAMBIO 2021030001 horario",
		    "", NULL, 0, &r);
		h_state_is(&h, WF_PROGRAMA, 1, "publicado");
		h_result_free(&r);
		free(ar_c);
	}
	app[3] = suspended_applicant(&h, 3);
	other = student_of(&h, app[3]);
	p = periodic_new(h.st);
	reminders_register(p, &h.cfg, h.st, h.letters, h.secret);
	calendar_at(&h, p, 2026, 12, 3, 9, &r);
	h_state_is(&h, WF_SOLICITUD, app[3], "vencida");
	h_state_is(&h, WF_ALUMNO, other, "suspendida");
	h_result_free(&r);
	periodic_free(p);
	free(ar_real);
	free(dep_addr);
	free(alu_addr);
	h_close(&h);
}

/*
 * The agency's RECHAZAR of an application (never run before): without a
 * reason it is refused and nothing changes; answered on the notice with a
 * reason, the student is told that reason and may apply again; a decided
 * application cannot be decided again, nor rejected by another agency.
 */
static void
test_agency_rejects(void **state)
{
	struct harness h;
	struct h_result r, r2;
	char *dep_addr = NULL, *alu_addr = NULL, *pp, *cp;
	const struct h_mail *n;
	int64_t alu;

	(void)state;
	setenv("TEQUIO_NOW", "1795000000", 1);	/* Wed 18 Nov 2026 */
	h_open(&h);
	agency_to_program(&h, &dep_addr);
	student_to_applied(&h, &alu_addr, &alu, &r);
	n = h_notice(&r, DEP);

	h_send(&h, NULL, DEP, dep_addr, "RECHAZAR 1", "", NULL, 0, &r2);
	h_contains(r2.reply.body, "Falta el motivo del rechazo.");
	h_contains(r2.reply.body, "Escriba RECHAZAR 1 seguido del motivo.");
	assert_int_equal(r2.n_out, 0);
	h_state_is(&h, WF_SOLICITUD, 1, "pendiente");
	h_state_is(&h, WF_ALUMNO, alu, "postulado");
	h_result_free(&r2);

	/* Without a number, or naming another application than the notice
	   it answers: refused, nothing decided. */
	h_send(&h, NULL, DEP, dep_addr, "RECHAZAR", "", NULL, 0, &r2);
	h_contains(r2.reply.body, "Falta el número de la solicitud después "
	    "de RECHAZAR.");
	assert_int_equal(r2.n_out, 0);
	h_result_free(&r2);
	{
		char *raw = h_raw(&h, NULL, DEP, n->reply_to,
		    "RECHAZAR 7 no hay lugar", "", NULL, 0, n->message_id);

		h_run(&h, raw, &r2);
		free(raw);
	}
	h_contains(r2.reply.body, "La solicitud 7 no es la del aviso al que "
	    "responde (1); no decidimos ninguna.");
	assert_int_equal(r2.n_out, 0);
	h_state_is(&h, WF_SOLICITUD, 1, "pendiente");
	h_result_free(&r2);

	/* Another sender cannot reject it: the agency's notice is its own. */
	h_send(&h, NULL, COORD, MAILBOX, "RECHAZAR 1 no me gusta", "", NULL,
	    0, &r2);
	assert_int_equal(r2.n_out, 0);
	h_state_is(&h, WF_SOLICITUD, 1, "pendiente");
	h_result_free(&r2);

	h_reply_to(&h, n, DEP, "Rechazar el horario no coincide con sus "
	    "clases", &r2);
	assert_int_equal(r2.token_kind, RTOK_SOLICITUD);
	h_contains(r2.reply.body, "Rechazamos la solicitud 1 de Ana López "
	    "Ruiz y le avisamos el motivo.");
	assert_int_equal(r2.n_out, 1);
	h_contains(h_notice(&r2, ALU)->body, "no aceptó su solicitud para "
	    "«Brigadas de salud comunitaria». Motivo: el horario no coincide "
	    "con sus clases");
	h_contains(h_notice(&r2, ALU)->body, "solicite otro programa con "
	    "SOLICITUD");
	h_state_is(&h, WF_SOLICITUD, 1, "rechazada");
	h_state_is(&h, WF_ALUMNO, alu, "con_presentacion");
	h_result_free(&r2);

	/* Decided: neither a second RECHAZAR nor ACEPTAR changes it. */
	h_send(&h, NULL, DEP, dep_addr, "RECHAZAR 1 otra vez", "", NULL, 0,
	    &r2);
	assert_int_equal(r2.n_out, 0);
	h_lacks(r2.reply.body, "Rechazamos");
	h_result_free(&r2);
	h_send(&h, NULL, DEP, dep_addr, "ACEPTAR 1", "", NULL, 0, &r2);
	assert_int_equal(r2.n_out, 0);
	h_lacks(r2.reply.body, "Aceptamos");
	h_state_is(&h, WF_SOLICITUD, 1, "rechazada");
	h_state_is(&h, WF_ALUMNO, alu, "con_presentacion");
	h_result_free(&r2);
	h_result_free(&r);

	/* The student applies again with the same letters. */
	pp = xasprintf("%s/p.pdf", h.dir);
	cp = xasprintf("%s/c.pdf", h.dir);
	{
		const struct h_att cartas[] = {
			{"carta de presentación.pdf", pp, "application/pdf"},
			{"constancia.pdf", cp, "application/pdf"},
		};

		h_send(&h, NULL, ALU, alu_addr, "SOLICITUD 1", "", cartas, 2,
		    &r);
		h_contains(r.reply.body, "Enviamos su solicitud 2");
		h_state_is(&h, WF_SOLICITUD, 2, "pendiente");
		h_state_is(&h, WF_ALUMNO, alu, "postulado");
		h_result_free(&r);
	}
	free(pp);
	free(cp);
	free(dep_addr);
	free(alu_addr);
	h_close(&h);
}

/*
 * A decision made at the console: the convenio's matter approved by an
 * administrator (HCTX_ADMIN), with no message at all.  The matter and
 * the agency move through the table, the agency gets its convenio, and
 * the audit names the administrator, not a sender nor the calendar.
 */
static void
test_admin_decision(void **state)
{
	struct harness h;
	struct h_result r;
	struct wf_account a;
	struct wf_matter m;
	struct wf_audit_row *audit;
	struct wf_call c;
	struct hctx ctx;
	char *ar = h_authres("salud.oaxaca.gob.mx");
	size_t na;

	(void)state;
	h_open(&h);
	h_send(&h, ar, DEP, MAILBOX, "REGISTRO DEPENDENCIA", dep_form,
	    dep_first, 4, &r);
	h_result_free(&r);
	h_send(&h, ar, DEP, MAILBOX, "DOCUMENTOS", "Van los que faltaban.",
	    dep_rest, 2, &r);
	h_result_free(&r);
	assert_int_equal(store_wf_account_by_email(h.st, DEP, &a), 1);
	h_state_is(&h, WF_DEPENDENCIA, a.id, "en_revision");
	assert_int_equal(store_wf_matter_open_for(h.st, MATTER_CONVENIO, a.id,
	    &m), 1);

	hctx_init_cause(&ctx, HCTX_ADMIN, "tequioctl");
	ctx.cfg = &h.cfg;
	ctx.st = h.st;
	ctx.letters = h.letters;
	ctx.secret = h.secret;
	ctx.now = now_seconds();
	assert_int_equal(handlers_load_keys(&ctx), 0);
	memset(&c, 0, sizeof(c));
	c.ctx = &ctx;
	c.entity = WF_ASUNTO;
	c.id = m.id;
	c.event = EV_APROBAR;
	c.matter_id = m.id;
	c.agency_id = a.id;
	c.motivo = "";
	/* Without the matter's kind the row that moves nothing would be
	   taken and the code spent: an error, nothing decided. */
	assert_int_equal(store_begin(h.st), 0);
	assert_int_equal(wf_fire(&c), WF_ERROR);
	store_rollback(h.st);
	h_state_is(&h, WF_ASUNTO, m.id, "abierto");
	c.matter_kind = m.kind;
	assert_int_equal(store_begin(h.st), 0);
	assert_int_equal(wf_fire(&c), WF_OK);
	assert_int_equal(store_commit(h.st), 0);
	tr_free(&ctx);
	reply_free(&ctx.reply);
	memset(&r, 0, sizeof(r));
	h_collect(&h, &r);
	h_contains(h_notice(&r, DEP)->subject, "convenio autorizado");
	h_contains(h_notice(&r, DEP)->att_names, "convenio-SS-");
	h_result_free(&r);

	h_state_is(&h, WF_DEPENDENCIA, a.id, "convenio_vigente");
	h_state_is(&h, WF_ASUNTO, m.id, "aprobado");
	wf_matter_free(&m);
	assert_int_equal(store_wf_matter_get(h.st, c.id,
	    &m), 1);
	assert_string_equal(m.decided_by, "tequioctl");
	assert_int_equal(store_wf_audit_list(h.st, WF_DEPENDENCIA, a.id,
	    &audit, &na), 0);
	assert_true(na >= 1);
	assert_string_equal(audit[na - 1].event, "convenio_aprobado");
	assert_string_equal(audit[na - 1].actor, "tequioctl");
	assert_int_equal(audit[na - 1].msg_row, 0);
	wf_audit_rows_free(audit, na);
	wf_matter_free(&m);
	wf_account_free(&a);
	free(ar);
	h_close(&h);
}

/* The program's horario and cupo as stored, for test_programa_editar. */
static void
program_is(struct harness *h, int64_t id, int vacantes, const char *horario,
    const char *state)
{
	struct wf_program p;

	assert_int_equal(store_wf_program_get(h->st, id, &p), 1);
	assert_int_equal(p.vacantes, vacantes);
	assert_string_equal(p.horario, horario);
	assert_string_equal(p.state, state);
	wf_program_free(&p);
}

/* Editing a program (issue 11): the cupo against the students accepted
   moves the program between publicado and cubierto through the table;
   with [workflow] programs_need_approval an edit and a new program wait
   for the coordinators, and the published version stays until then. */
static void
test_programa_editar(void **state)
{
	struct harness h;
	struct h_result r, r2;
	char *dep_addr = NULL, *alu_addr = NULL, *code, *subject;
	char *ar_c = h_authres("utv.edu.mx");
	int64_t alu;
	const struct h_att act[] = {
		{"listado de actividades.pdf", "actividades.pdf",
		    "application/pdf"},
	};
	const struct h_att hon[] = {
		{"honorarios.pdf", "actividades.pdf", "application/pdf"},
	};
	struct wf_program none;
	static const char lunes[] = "lunes a viernes, 9 a 13 h";

	(void)state;
	setenv("TEQUIO_NOW", "1795000000", 1);
	h_open(&h);
	agency_to_program(&h, &dep_addr);
	student_to_applied(&h, &alu_addr, &alu, &r);
	h_reply_to(&h, h_notice(&r, DEP), DEP, "Aceptar", &r2);
	h_contains(r2.reply.body, "Aceptamos a Ana López Ruiz");
	h_result_free(&r2);
	h_result_free(&r);
	program_is(&h, 1, 2, lunes, "publicado");

	/* A lone file named as the honorarios is not taken as the
	   activities list: the program waits for the list. */
	h_send(&h, NULL, DEP, dep_addr, "PROGRAMA", "Nombre: Archivo\n"
	    "Vacantes: 1\nHorario: martes\nLugar: Centro\n"
	    "Descripción: ordenar\n", hon, 1, &r);
	h_contains(r.reply.body, "El listado de actividades (PDF) adjunto.");
	h_result_free(&r);
	assert_int_equal(store_wf_program_get(h.st, 2, &none), 0);

	h_send(&h, NULL, DEP, dep_addr, "PROGRAMA 1", "Vacantes: 0", NULL, 0,
	    &r);
	h_contains(r.reply.body, "«0» no es un número de vacantes válido");
	h_contains(r.reply.body, "No cambiamos nada del programa 1");
	h_result_free(&r);
	/* Down to the one student accepted: full (state table). */
	h_send(&h, NULL, DEP, dep_addr, "PROGRAMA 1", "Vacantes: 1", NULL, 0,
	    &r);
	h_contains(r.reply.body, "Vacantes: antes «2», ahora «1».");
	h_result_free(&r);
	program_is(&h, 1, 1, lunes, "cubierto");
	h_send(&h, NULL, DEP, dep_addr, "PROGRAMA 1", "Vacantes: 3", NULL, 0,
	    &r);
	h_result_free(&r);
	program_is(&h, 1, 3, lunes, "publicado");

	/* With approval: the edit waits; students see the old version. */
	h.cfg.programs_need_approval = 1;
	h_send(&h, NULL, DEP, dep_addr, "PROGRAMA 1", "Horario: sábados\n"
	    "Vacantes: 1", NULL, 0, &r);
	h_contains(r.reply.body, "Recibimos sus cambios al programa 1");
	program_is(&h, 1, 3, lunes, "publicado");
	code = h_code(h_notice(&r, COORD)->subject);
	h_result_free(&r);
	subject = xasprintf("APROBAR %s", code);
	h_send(&h, ar_c, COORD, MAILBOX, subject, "", NULL, 0, &r);
	h_contains(h_notice(&r, DEP)->body, "aprobó los cambios a su "
	    "programa 1");
	h_result_free(&r);
	free(subject);
	free(code);
	program_is(&h, 1, 1, "sábados", "cubierto");

	/* A new program waits too, and a rejection says why. */
	h_send(&h, NULL, DEP, dep_addr, "PROGRAMA", "Nombre: Archivo\n"
	    "Vacantes: 1\nHorario: martes\nLugar: Centro\n"
	    "Descripción: ordenar\n", act, 1, &r);
	h_contains(r.reply.body, "la coordinación lo revisará");
	program_is(&h, 2, 1, "martes", "por_aprobar");
	code = h_code(h_notice(&r, COORD)->subject);
	h_result_free(&r);
	subject = xasprintf("RECHAZAR %s falta el lugar exacto", code);
	h_send(&h, ar_c, COORD, MAILBOX, subject, "", NULL, 0, &r);
	h_contains(h_notice(&r, DEP)->body, "Motivo: falta el lugar exacto");
	h_result_free(&r);
	program_is(&h, 2, 1, "martes", "rechazado");
	free(subject);
	free(code);

	/* Three years on, the convenio ([convenio] years = 2) has ended:
	   its program, hidden from students, cannot be edited either. */
	setenv("TEQUIO_NOW", "1890000000", 1);
	h.cfg.programs_need_approval = 0;
	h_send(&h, NULL, DEP, dep_addr, "PROGRAMA 1", "Horario: domingos",
	    NULL, 0, &r);
	h_contains(r.reply.body, "terminó el");
	h_result_free(&r);
	program_is(&h, 1, 1, "sábados", "cubierto");
	h.cfg.programs_need_approval = 1;
	h_send(&h, NULL, DEP, dep_addr, "PROGRAMA 1", "Horario: domingos",
	    NULL, 0, &r);
	h_contains(r.reply.body, "terminó el");
	h_result_free(&r);
	program_is(&h, 1, 1, "sábados", "cubierto");
	free(ar_c);
	free(dep_addr);
	free(alu_addr);
	h_close(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_out_of_order),
		cmocka_unit_test(test_lifecycle),
		cmocka_unit_test(test_reports_and_baja),
		cmocka_unit_test(test_calendar_reminders),
		cmocka_unit_test(test_convenio_renovar),
		cmocka_unit_test(test_unstuck),
		cmocka_unit_test(test_pause_and_max),
		cmocka_unit_test(test_escalation_list),
		cmocka_unit_test(test_evaluation),
		cmocka_unit_test(test_monthly),
		cmocka_unit_test(test_agency_rejects),
		cmocka_unit_test(test_suspended_applicant),
		cmocka_unit_test(test_admin_decision),
		cmocka_unit_test(test_programa_editar),
	};

	log_set_level(LOG_LVL_WARN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
