/* SPDX-License-Identifier: ISC */
/*
 * test_workflow_refusals.c - every way a command is refused, in process:
 * the wrong role, an unverified sender (kept for confirmation), forged
 * Authentication-Results and reply tokens, commands out of order, missing
 * or wrong documents (a disguised file is named with what it really is),
 * unknown program, matrícula or code, an expired or reused code, the
 * unknown command and AYUDA for each role.  A refusal changes nothing:
 * states and mail are checked after each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/log.h"
#include "common/util.h"
#include "config/config.h"
#include "handlers/authres.h"
#include "handlers/classify.h"
#include "handlers/docs.h"
#include "handlers/hutil.h"
#include "handlers/workflow.h"
#include "mail/message.h"

#include "test_workflow_harness.h"

#define NOW	"1795000000"
#define LATER	"1797800000"	/* 32 days later: codes have expired */
#define MAILBOX	"servicio.social@utv.edu.mx"
#define DEP	"rh@agua.gob.mx"
#define COORD	"coordinacion@utv.edu.mx"
#define ALU	"luis@alumnos.utv.edu.mx"

static const char dep_form[] =
    "Nombre: Comisión Estatal del Agua\nTipo: pública\n"
    "RFC: CEA850101AB1\nRepresentante: Jorge Ruiz\nCargo: Director\n"
    "Domicilio: Calle 5 de Mayo 3\nTeléfono: 951 111 2233\n";

static const struct h_att six[] = {
	{"decreto.pdf", "decreto.pdf", "application/pdf"},
	{"nombramiento.pdf", "nombramiento.pdf", "application/pdf"},
	{"ine.pdf", "ine.pdf", "application/pdf"},
	{"domicilio.pdf", "domicilio.pdf", "application/pdf"},
	{"rfc.pdf", "rfc.pdf", "application/pdf"},
	{"logo.png", "logo.png", "image/png"},
};

struct world {
	struct harness h;
	char *ar_dep, *ar_coord, *ar_alu;
	char *convenio_code;
};

/* Send with our MX's pass for the sender's domain. */
static void
send_ok(struct world *w, const char *ar, const char *from, const char *subj,
    const char *body, const struct h_att *att, size_t n, struct h_result *r)
{
	h_send(&w->h, ar, from, MAILBOX, subj, body, att, n, r);
	assert_true(r->verified);
}

static void
world_open(struct world *w, int with_convenio)
{
	struct h_result r;

	setenv("TEQUIO_NOW", NOW, 1);
	h_open(&w->h);
	w->ar_dep = h_authres("agua.gob.mx");
	w->ar_coord = h_authres("utv.edu.mx");
	w->ar_alu = h_authres("alumnos.utv.edu.mx");
	send_ok(w, w->ar_dep, DEP, "REGISTRO DEPENDENCIA", dep_form, six, 6,
	    &r);
	w->convenio_code = h_code(h_notice(&r, COORD)->subject);
	h_result_free(&r);
	if (with_convenio) {
		char *s = xasprintf("APROBAR %s", w->convenio_code);

		send_ok(w, w->ar_coord, COORD, s, "", NULL, 0, &r);
		h_contains(r.reply.body, "Emitimos el convenio");
		h_result_free(&r);
		free(s);
	}
	send_ok(w, w->ar_alu, ALU, "REGISTRO", "Matrícula: A1234\n"
	    "Nombre: Luis Mora\nCarrera: Derecho\nCréditos: 80\n", NULL, 0, &r);
	h_contains(r.reply.body, "Registramos su cuenta");
	h_result_free(&r);
}

static void
world_close(struct world *w)
{
	free(w->ar_dep);
	free(w->ar_coord);
	free(w->ar_alu);
	free(w->convenio_code);
	h_close(&w->h);
	setenv("TEQUIO_NOW", NOW, 1);
}

static int64_t
account(struct world *w, const char *email)
{
	struct wf_account a;
	int64_t id;

	assert_int_equal(store_wf_account_by_email(w->h.st, email, &a), 1);
	id = a.id;
	wf_account_free(&a);
	return id;
}

/* ---- roles ---- */

static void
test_wrong_role(void **state)
{
	struct world w;
	struct h_result r;

	(void)state;
	world_open(&w, 1);
	/* (PROGRAMA <clave> is a student's too since issue 11.) */
	send_ok(&w, w.ar_alu, ALU, "LIBERAR A1234", "", NULL, 0, &r);
	h_contains(r.reply.body, "El comando LIBERAR es para dependencias");
	h_contains(r.reply.body, "REPORTE 180|360|480");	/* its own */
	assert_int_equal(r.n_out, 0);
	h_result_free(&r);

	send_ok(&w, w.ar_dep, DEP, "APROBAR K7Q-3MX", "", NULL, 0, &r);
	h_contains(r.reply.body, "El comando APROBAR es para la coordinación");
	h_result_free(&r);

	send_ok(&w, w.ar_coord, COORD, "REPORTE 180", "", NULL, 0, &r);
	h_contains(r.reply.body, "es para estudiantes");
	h_result_free(&r);

	/* REGISTRO is only for student addresses. */
	h_send(&w.h, NULL, "pepe@gmail.com", MAILBOX, "REGISTRO",
	    "Matrícula: 1\n", NULL, 0, &r);
	assert_int_equal(r.role, ROLE_NONE);
	h_contains(r.reply.body, "correo institucional de alumno");
	h_contains(r.reply.body, "REGISTRO DEPENDENCIA");
	h_result_free(&r);
	world_close(&w);
}

/* ---- verification ---- */

static void
test_unverified_kept(void **state)
{
	struct world w;
	struct h_result r, r2;
	const struct h_att logo[] = {{"logo nuevo.png", "logo.png",
	    "image/png"}};
	char *s;

	(void)state;
	world_open(&w, 0);
	/* A coordinator is not believed on the From alone. */
	s = xasprintf("APROBAR %s", w.convenio_code);
	h_send(&w.h, NULL, COORD, MAILBOX, s, "", NULL, 0, &r);
	assert_int_equal(r.role, ROLE_COORDINADOR);
	assert_false(r.verified);
	h_contains(r.reply.body, "No pudimos comprobar");
	assert_int_equal(r.n_out, 0);
	h_state_is(&w.h, WF_DEPENDENCIA, account(&w, DEP), "en_revision");
	/* Nor on a round-trip: coordinator commands are never kept for
	   confirmation, so answering the refusal runs nothing. */
	h_contains(r.reply.body, "No ejecutamos el comando APROBAR ni lo "
	    "guardamos");
	h_reply_to(&w.h, &r.reply, COORD, "CONFIRMAR", &r2);
	h_state_is(&w.h, WF_DEPENDENCIA, account(&w, DEP), "en_revision");
	h_result_free(&r2);
	/* Someone else answering that confirmation gets nothing. */
	h_reply_to(&w.h, &r.reply, "intruso@gmail.com", "", &r2);
	assert_false(r2.verified);
	h_result_free(&r2);
	h_result_free(&r);
	free(s);

	/* Documents from an unverified agency are kept, not stored. */
	h_send(&w.h, NULL, DEP, MAILBOX, "DOCUMENTOS", "", logo, 1, &r);
	assert_false(r.verified);
	h_contains(r.reply.body, "Guardamos su comando DOCUMENTOS sin "
	    "ejecutarlo");
	h_result_free(&r);
	world_close(&w);
}

static void
test_forged_authres(void **state)
{
	struct world w;
	struct h_result r;

	(void)state;
	world_open(&w, 1);
	/* Our id, but below another server's results and a Received. */
	h_send(&w.h, "Authentication-Results: otro.example.net; dkim=none\r\n"
	    "Received: from x by y; Mon, 16 Nov 2026 10:00:00 -0600\r\n"
	    "Authentication-Results: mx.utv.edu.mx; dkim=pass "
	    "header.d=alumnos.utv.edu.mx\r\n", ALU, MAILBOX, "ESTADO", "",
	    NULL, 0, &r);
	assert_false(r.verified);
	h_result_free(&r);
	/* Our id, but not the top header: forged. */
	h_send(&w.h, "Received: from x by y; Mon, 16 Nov 2026 10:00:00 -0600\r\n"
	    "X-Spam: no\r\nAuthentication-Results: mx.utv.edu.mx; dkim=none\r\n"
	    "X-Other: 1\r\n"
	    "Authentication-Results: mx.utv.edu.mx; dkim=pass "
	    "header.d=alumnos.utv.edu.mx\r\n", ALU, MAILBOX, "ESTADO", "",
	    NULL, 0, &r);
	assert_false(r.verified);
	h_result_free(&r);
	/* Another server's pass is not ours to trust. */
	h_send(&w.h, "Authentication-Results: mx.gmail.com; dkim=pass "
	    "header.d=alumnos.utv.edu.mx\r\n", ALU, MAILBOX, "ESTADO", "",
	    NULL, 0, &r);
	assert_false(r.verified);
	h_result_free(&r);
	/* A pass for another domain is not aligned with From. */
	h_send(&w.h, "Authentication-Results: mx.utv.edu.mx; dkim=pass "
	    "header.d=gmail.com; spf=pass smtp.mailfrom=x@gmail.com\r\n",
	    ALU, MAILBOX, "ESTADO", "", NULL, 0, &r);
	assert_false(r.verified);
	h_result_free(&r);
	/* A parent domain is not aligned either (strict alignment). */
	h_send(&w.h, "Authentication-Results: mx.utv.edu.mx; dkim=pass "
	    "header.d=utv.edu.mx\r\n", ALU, MAILBOX, "ESTADO", "", NULL, 0,
	    &r);
	assert_false(r.verified);
	h_result_free(&r);
	/* dkim=fail with a comment that says pass. */
	h_send(&w.h, "Authentication-Results: mx.utv.edu.mx; dkim=fail "
	    "(dkim=pass header.d=alumnos.utv.edu.mx) "
	    "header.d=alumnos.utv.edu.mx\r\n", ALU, MAILBOX, "ESTADO", "",
	    NULL, 0, &r);
	assert_false(r.verified);
	h_result_free(&r);
	/* The real thing: ours, on top, two adjacent headers, aligned spf
	   (the envelope sender is the From's domain). */
	h_send(&w.h, "Return-Path: <luis@alumnos.utv.edu.mx>\r\n"
	    "Authentication-Results: mx.utv.edu.mx 1; dkim=none\r\n"
	    "Authentication-Results: mx.utv.edu.mx; spf=pass (ok) "
	    "smtp.mailfrom=\"luis@alumnos.utv.edu.mx\"\r\n"
	    "Received: from x by y; Mon, 16 Nov 2026 10:00:00 -0600\r\n",
	    ALU, MAILBOX, "ESTADO", "", NULL, 0, &r);
	assert_true(r.verified);
	h_result_free(&r);
	world_close(&w);
}

static void
test_forged_tokens(void **state)
{
	struct world w;
	struct h_result r, r2;
	char *tag, *forged;

	(void)state;
	world_open(&w, 1);
	/* Get a genuine reply token for the student. */
	send_ok(&w, w.ar_alu, ALU, "ESTADO", "", NULL, 0, &r);
	tag = strstr(r.reply.subject, "[SS:");
	assert_non_null(tag);
	/* The same token from another address: not verified. */
	h_reply_to(&w.h, &r.reply, "otra@alumnos.utv.edu.mx", "", &r2);
	assert_false(r2.verified);
	h_result_free(&r2);
	/* One letter changed: not verified. */
	forged = xstrdup(r.reply.subject);
	tag = strstr(forged, "[SS:") + 4;
	tag[3] = tag[3] == 'a' ? 'b' : 'a';
	h_send(&w.h, NULL, ALU, MAILBOX, forged, "", NULL, 0, &r2);
	assert_false(r2.verified);
	h_result_free(&r2);
	free(forged);
	/* Genuine, from the right address: verified. */
	h_reply_to(&w.h, &r.reply, ALU, "", &r2);
	assert_true(r2.verified);
	h_result_free(&r2);
	/* A genuine token after its 30 days: expired. */
	setenv("TEQUIO_NOW", LATER, 1);
	h_reply_to(&w.h, &r.reply, ALU, "", &r2);
	assert_false(r2.verified);
	h_result_free(&r2);
	h_result_free(&r);
	world_close(&w);
}

/* ---- order ---- */

static void
test_out_of_order(void **state)
{
	struct world w;
	struct h_result r;
	const struct h_att act[] = {{"actividades.pdf", "actividades.pdf",
	    "application/pdf"}};

	(void)state;
	world_open(&w, 0);
	/* PROGRAMA before the convenio is approved. */
	send_ok(&w, w.ar_dep, DEP, "PROGRAMA", "Nombre: Vigilancia\n"
	    "Vacantes: 1\nHorario: 9-13\nLugar: Oficina\nDescripción: a; b\n",
	    act, 1, &r);
	h_contains(r.reply.body, "No se puede publicar el programa ahora");
	h_contains(r.reply.body, "convenio autorizado");
	h_result_free(&r);
	/* Registering twice. */
	send_ok(&w, w.ar_dep, DEP, "REGISTRO DEPENDENCIA", dep_form, six, 6,
	    &r);
	h_contains(r.reply.body, "No se puede registrar la dependencia ahora");
	assert_int_equal(r.n_out, 0);
	h_result_free(&r);
	send_ok(&w, w.ar_alu, ALU, "REGISTRO", "Matrícula: A1234\n"
	    "Nombre: Luis Mora\nCarrera: Derecho\nCréditos: 80\n", NULL, 0, &r);
	h_contains(r.reply.body, "No se puede registrar la cuenta ahora");
	h_result_free(&r);
	/* PRESENTACION twice: the second waits for the first. */
	send_ok(&w, w.ar_alu, ALU, "PRESENTACION", "", NULL, 0, &r);
	assert_int_equal(r.n_out, 1);
	{
		struct h_result r2;

		/* A reason whose first word looks like a code is a reason. */
		h_reply_to(&w.h, h_notice(&r, COORD), COORD, "RECHAZAR actuar "
		    "conforme al reglamento", &r2);
		h_contains(h_notice(&r2, ALU)->body, "Motivo: actuar conforme "
		    "al reglamento");
		h_state_is(&w.h, WF_ALUMNO, account(&w, ALU), "registrado");
		h_result_free(&r2);
	}
	h_result_free(&r);
	send_ok(&w, w.ar_alu, ALU, "PRESENTACION", "", NULL, 0, &r);
	assert_int_equal(r.n_out, 1);
	h_result_free(&r);
	send_ok(&w, w.ar_alu, ALU, "PRESENTACION", "", NULL, 0, &r);
	h_contains(r.reply.body, "La coordinación revisa su petición");
	assert_int_equal(r.n_out, 0);
	h_result_free(&r);
	/* REPORTE with no service at all. */
	{
		const struct h_att rep[] = {{"reporte.pdf", "reporte180.pdf",
		    "application/pdf"}};

		send_ok(&w, w.ar_alu, ALU, "REPORTE 180", "", rep, 1, &r);
		h_contains(r.reply.body, "No se puede recibir ese reporte");
		h_result_free(&r);
	}
	/* FINALIZAR of a student without any application. */
	send_ok(&w, w.ar_coord, COORD, "FINALIZAR A1234", "", NULL, 0, &r);
	h_contains(r.reply.body, "no tiene ninguna solicitud");
	h_result_free(&r);
	world_close(&w);
}

/* ---- documents ---- */

static void
test_documents(void **state)
{
	struct world w;
	struct h_result r;
	const struct h_att text_as_pdf[] = {{"ine.pdf", "texto_como.pdf",
	    "application/pdf"}};
	const struct h_att jpeg_as_pdf[] = {
		{"carta de presentacion.pdf", "foto.jpg", "application/pdf"},
		{"constancia.pdf", "constancia.pdf", "application/pdf"},
	};
	const struct h_att pdf_as_photo[] = {{"foto.jpg", "constancia.pdf",
	    "image/jpeg"}};
	const struct h_att strange[] = {{"cosas.pdf", "constancia.pdf",
	    "application/pdf"}};
	/* Its name says nothing, its words do (issue 11). */
	const struct h_att by_text[] = {{"scan001.pdf", "decreto.pdf",
	    "application/pdf"}};
	struct wf_document d;
	int64_t dep;

	(void)state;
	world_open(&w, 1);
	dep = account(&w, DEP);
	/* A text file named ine.pdf: refused, named, and what it is. */
	send_ok(&w, w.ar_dep, DEP, "DOCUMENTOS", "", text_as_pdf, 1, &r);
	h_contains(r.reply.body, "El archivo «ine.pdf» no es válido como INE "
	    "del representante: es texto");
	h_result_free(&r);
	/* The stored INE is still the first one. */
	assert_int_equal(store_wf_document_current(w.h.st, dep, "ine", 0, &d),
	    1);
	assert_string_equal(d.magic_type, "application/pdf");
	wf_document_free(&d);
	/* A file that is no document we know is named. */
	send_ok(&w, w.ar_dep, DEP, "DOCUMENTOS", "", strange, 1, &r);
	h_contains(r.reply.body, "No reconocimos ninguno de los archivos");
	h_contains(r.reply.body, "- cosas.pdf: documento PDF; no supimos qué "
	    "documento es");
	h_result_free(&r);
	send_ok(&w, w.ar_dep, DEP, "DOCUMENTOS", "", by_text, 1, &r);
	h_contains(r.reply.body, "- scan001.pdf: documento PDF; lo tomamos "
	    "como decreto de creación o acta constitutiva");
	h_result_free(&r);
	/* A PDF sent as a photo. */
	send_ok(&w, w.ar_alu, ALU, "FOTO", "", pdf_as_photo, 1, &r);
	h_contains(r.reply.body, "es documento PDF");
	h_contains(r.reply.body, "JPEG o PNG");
	h_result_free(&r);
	/* FOTO with nothing attached. */
	send_ok(&w, w.ar_alu, ALU, "FOTO", "", NULL, 0, &r);
	h_contains(r.reply.body, "no trae su fotografía");
	h_result_free(&r);
	/* Spool: identity documents are readable by the daemon only. */
	{
		struct stat sb;

		assert_int_equal(store_wf_document_current(w.h.st, dep, "ine",
		    0, &d), 1);
		assert_int_equal(stat(d.path, &sb), 0);
		assert_int_equal(sb.st_mode & 0777, 0600);
		wf_document_free(&d);
	}
	/* A JPEG disguised as the carta de presentación (after getting it). */
	send_ok(&w, w.ar_alu, ALU, "PRESENTACION", "", NULL, 0, &r);
	{
		struct h_result r2;

		h_reply_to(&w.h, h_notice(&r, COORD), COORD, "APROBAR", &r2);
		h_result_free(&r2);
	}
	h_result_free(&r);
	send_ok(&w, w.ar_dep, DEP, "PROGRAMA", "Nombre: Vigilancia\n"
	    "Vacantes: 1\nHorario: 9-13\nLugar: Oficina\nDescripción: a\n",
	    NULL, 0, &r);
	h_contains(r.reply.body, "listado de actividades");
	h_contains(r.reply.body, "no publicamos el programa");
	h_result_free(&r);
	{
		const struct h_att act[] = {{"actividades.pdf",
		    "actividades.pdf", "application/pdf"}};

		send_ok(&w, w.ar_dep, DEP, "PROGRAMA", "Nombre: Vigilancia\n"
		    "Vacantes: 1\nHorario: 9-13\nLugar: Oficina\n"
		    "Descripción: a\n", act, 1, &r);
		h_result_free(&r);
	}
	send_ok(&w, w.ar_alu, ALU, "SOLICITUD 1", "", jpeg_as_pdf, 2, &r);
	h_contains(r.reply.body, "«carta de presentacion.pdf» no es válido "
	    "como carta de presentación: es imagen JPEG");
	assert_int_equal(r.n_out, 0);
	h_result_free(&r);
	send_ok(&w, w.ar_alu, ALU, "SOLICITUD 1", "", jpeg_as_pdf + 1, 1, &r);
	h_contains(r.reply.body, "Lo que falta:");
	h_contains(r.reply.body, "carta de presentación en PDF");
	h_result_free(&r);
	h_state_is(&w.h, WF_ALUMNO, account(&w, ALU), "con_presentacion");
	world_close(&w);
}

/* ---- unknown things ---- */

static void
test_unknown(void **state)
{
	struct world w;
	struct h_result r;

	(void)state;
	world_open(&w, 1);
	send_ok(&w, w.ar_alu, ALU, "SOLICITUD 99", "", NULL, 0, &r);
	h_contains(r.reply.body, "No hay ningún programa con la clave 99");
	h_result_free(&r);
	send_ok(&w, w.ar_alu, ALU, "SOLICITUD brigadas", "", NULL, 0, &r);
	h_contains(r.reply.body, "«brigadas» no es la clave de un programa");
	h_result_free(&r);
	send_ok(&w, w.ar_coord, COORD, "FINALIZAR 9999", "", NULL, 0, &r);
	h_contains(r.reply.body, "No hay ningún alumno registrado con la "
	    "matrícula 9999");
	h_result_free(&r);
	send_ok(&w, w.ar_dep, DEP, "LIBERAR A1234", "Gerente: a\n"
	    "Jefe inmediato: b\n", NULL, 0, &r);
	h_contains(r.reply.body, "no tiene ninguna solicitud con su "
	    "dependencia");
	h_result_free(&r);
	send_ok(&w, w.ar_coord, COORD, "APROBAR AAA-AAA", "", NULL, 0, &r);
	h_contains(r.reply.body, "No hay ningún asunto con el código AAA-AAA");
	h_result_free(&r);
	send_ok(&w, w.ar_coord, COORD, "APROBAR ya", "", NULL, 0, &r);
	h_contains(r.reply.body, "«ya» no es un código");
	h_result_free(&r);
	send_ok(&w, w.ar_coord, COORD, "SOLICITAR REPORTE XAXX010101000", "",
	    NULL, 0, &r);
	h_contains(r.reply.body, "No hay ninguna dependencia registrada");
	h_result_free(&r);
	send_ok(&w, w.ar_dep, DEP, "ACEPTAR 7", "", NULL, 0, &r);
	h_contains(r.reply.body, "No hay ninguna solicitud 7 para su "
	    "dependencia");
	h_result_free(&r);
	/* No command at all: what was understood and the role's commands. */
	send_ok(&w, w.ar_alu, ALU, "Hola, buenos días", "¿Cómo me inscribo?",
	    NULL, 0, &r);
	h_contains(r.reply.body, "No encontramos un comando que conozcamos en "
	    "el asunto «Hola, buenos días»");
	h_contains(r.reply.body, "SOLICITUD <programa>");
	h_lacks(r.reply.body, "APROBAR <código>");
	h_result_free(&r);
	world_close(&w);
}

/* ---- codes ---- */

static void
test_codes(void **state)
{
	struct world w;
	struct h_result r;
	char *s, *fresh;

	(void)state;
	world_open(&w, 0);
	/* RECHAZAR needs a reason. */
	s = xasprintf("RECHAZAR %s", w.convenio_code);
	send_ok(&w, w.ar_coord, COORD, s, "", NULL, 0, &r);
	h_contains(r.reply.body, "Falta el motivo");
	h_state_is(&w.h, WF_DEPENDENCIA, account(&w, DEP), "en_revision");
	h_result_free(&r);
	free(s);
	/* 32 days later the code has expired: a new one is given. */
	setenv("TEQUIO_NOW", LATER, 1);
	s = xasprintf("APROBAR %s", w.convenio_code);
	send_ok(&w, w.ar_coord, COORD, s, "", NULL, 0, &r);
	h_contains(r.reply.body, "venció");
	h_contains(r.reply.body, "su nuevo código es ");
	h_state_is(&w.h, WF_DEPENDENCIA, account(&w, DEP), "en_revision");
	fresh = xstrndup(strstr(r.reply.body, "su nuevo código es ") +
	    strlen("su nuevo código es "), 7);
	h_result_free(&r);
	/* The old code stays dead. */
	send_ok(&w, w.ar_coord, COORD, s, "", NULL, 0, &r);
	h_contains(r.reply.body, "No hay ningún asunto con el código");
	h_result_free(&r);
	free(s);
	/* The new one rejects, with a reason that reaches the agency. */
	s = xasprintf("RECHAZAR %s falta la firma del decreto", fresh);
	send_ok(&w, w.ar_coord, COORD, s, "", NULL, 0, &r);
	h_contains(h_notice(&r, DEP)->body, "falta la firma del decreto");
	h_state_is(&w.h, WF_DEPENDENCIA, account(&w, DEP), "rechazada");
	h_result_free(&r);
	/* Used: neither APROBAR nor RECHAZAR works again. */
	send_ok(&w, w.ar_coord, COORD, s, "", NULL, 0, &r);
	h_contains(r.reply.body, "ya fue rechazado");
	h_result_free(&r);
	free(s);
	s = xasprintf("aprobar %s", fresh);
	send_ok(&w, w.ar_coord, COORD, s, "", NULL, 0, &r);
	h_contains(r.reply.body, "No se puede aprobar ese asunto ahora");
	h_state_is(&w.h, WF_DEPENDENCIA, account(&w, DEP), "rechazada");
	h_result_free(&r);
	free(s);
	/* DOCUMENTOS after a rejection sends it back to review. */
	send_ok(&w, w.ar_dep, DEP, "DOCUMENTOS", "", six, 1, &r);
	h_state_is(&w.h, WF_DEPENDENCIA, account(&w, DEP), "en_revision");
	h_notice(&r, COORD);
	h_result_free(&r);
	free(fresh);
	world_close(&w);
}

/* ---- help ---- */

static void
test_ayuda(void **state)
{
	struct world w;
	struct h_result r;

	(void)state;
	world_open(&w, 1);
	h_send(&w.h, NULL, "alguien@empresa.mx", MAILBOX, "AYUDA", "", NULL,
	    0, &r);
	h_contains(r.reply.body, "no tiene cuenta");
	h_contains(r.reply.body, "REGISTRO DEPENDENCIA");
	h_contains(r.reply.body, "@alumnos.utv.edu.mx");
	h_result_free(&r);
	h_send(&w.h, NULL, "nueva@alumnos.utv.edu.mx", MAILBOX, "ayuda", "",
	    NULL, 0, &r);
	h_contains(r.reply.body, "aún no tiene cuenta");
	h_lacks(r.reply.body, "SOLICITUD <programa>");
	h_result_free(&r);
	send_ok(&w, w.ar_alu, ALU, "AYUDA", "", NULL, 0, &r);
	h_contains(r.reply.body, "con su cuenta de estudiante");
	h_contains(r.reply.body, "REPORTE 180|360|480");
	h_lacks(r.reply.body, "LIBERAR");
	h_result_free(&r);
	send_ok(&w, w.ar_dep, DEP, "AYUDA", "", NULL, 0, &r);
	h_contains(r.reply.body, "LIBERAR <matrícula>");
	h_contains(r.reply.body, "BAJA <matrícula> <motivo>");
	h_result_free(&r);
	send_ok(&w, w.ar_coord, COORD, "Ayuda", "", NULL, 0, &r);
	h_contains(r.reply.body, "PENDIENTES");
	h_contains(r.reply.body, "SOLICITAR REPORTE <dependencia>");
	h_result_free(&r);
	/* ESTADO, for each role. */
	send_ok(&w, w.ar_dep, DEP, "ESTADO", "", NULL, 0, &r);
	h_contains(r.reply.body, "El convenio de la dependencia está "
	    "autorizado");
	h_contains(r.reply.body, "INE del representante: llegó (ine.pdf)");
	h_contains(r.reply.body, "Siguiente paso: Publique sus programas");
	h_result_free(&r);
	send_ok(&w, w.ar_alu, ALU, "ESTADO", "", NULL, 0, &r);
	h_contains(r.reply.body, "Su cuenta de estudiante está registrada");
	h_contains(r.reply.body, "foto de perfil: falta");
	h_result_free(&r);
	send_ok(&w, w.ar_coord, COORD, "ESTADO", "", NULL, 0, &r);
	h_contains(r.reply.body, "No hay asuntos pendientes");
	h_result_free(&r);
	world_close(&w);
}

/* The lines under «Comandos que puede usar:» in a reply (new string). */
static char *
listed_commands(const char *body)
{
	static const char head[] = "Comandos que puede usar:\n";
	const char *p = strstr(body, head), *e;

	assert_non_null(p);
	p += strlen(head);
	e = strstr(p, "\n\n");
	assert_non_null(e);
	return xstrndup(p, (size_t)(e - p) + 1);
}

/* The command table's uses for role bit, as AYUDA lists them. */
static char *
table_commands(unsigned bit)
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "");
	for (size_t i = 0; i < command_table_len; i++) {
		if (!(command_table[i].roles & bit))
			continue;
		buf_adds(&b, "- ");
		buf_adds(&b, command_table[i].usage);
		buf_adds(&b, ": ");
		buf_adds(&b, command_table[i].help);
		buf_adds(&b, "\n");
	}
	return buf_steal(&b);
}

/*
 * AYUDA, and the reply to an unknown command, list for each role exactly
 * the uses of the command table (commands.def) for that role, in its
 * order: nothing of another role, nothing left out.
 */
static void
test_ayuda_lists_the_table(void **state)
{
	struct world w;
	struct h_result r;
	const char *subjects[] = {"AYUDA", "hola"};

	(void)state;
	world_open(&w, 1);
	for (size_t k = 0; k < ARRAY_LEN(subjects); k++) {
		const struct {
			const char *ar, *from;
			unsigned bit;
		} senders[] = {
			{NULL, "alguien@empresa.mx", ROLE_BIT(ROLE_NONE)},
			{NULL, "nueva@alumnos.utv.edu.mx", ROLE_BIT_NEWCOMER},
			{w.ar_alu, ALU, ROLE_BIT(ROLE_ALUMNO)},
			{w.ar_dep, DEP, ROLE_BIT(ROLE_DEPENDENCIA)},
			{w.ar_coord, COORD, ROLE_BIT(ROLE_COORDINADOR)},
		};

		for (size_t i = 0; i < ARRAY_LEN(senders); i++) {
			char *got, *want = table_commands(senders[i].bit);

			h_send(&w.h, senders[i].ar, senders[i].from, MAILBOX,
			    subjects[k], "", NULL, 0, &r);
			got = listed_commands(r.reply.body);
			assert_string_equal(got, want);
			assert_int_equal(r.n_out, 0);
			h_result_free(&r);
			free(got);
			free(want);
		}
	}
	world_close(&w);
}

/*
 * REPORTE ALUMNOS changes state for an agency (it answers the
 * coordination's request), so an unverified agency's is kept for
 * confirmation; the coordination's only reads, and its reply goes to the
 * From address, so it runs even unverified: a forger gets nothing.
 */
static void
test_reporte_alumnos_verified_by_role(void **state)
{
	struct world w;
	struct h_result r;

	(void)state;
	world_open(&w, 1);
	h_send(&w.h, NULL, COORD, MAILBOX, "REPORTE ALUMNOS", "", NULL, 0,
	    &r);
	assert_false(r.verified);
	h_contains(r.reply.body, "Preparamos el reporte");
	h_contains(r.reply.att_names, ".csv");
	assert_int_equal(r.n_out, 0);
	h_result_free(&r);
	h_send(&w.h, NULL, DEP, MAILBOX, "REPORTE ALUMNOS", "", NULL, 0, &r);
	assert_false(r.verified);
	h_contains(r.reply.body, "Guardamos su comando REPORTE ALUMNOS sin "
	    "ejecutarlo");
	h_lacks(r.reply.body, "Preparamos el reporte");
	h_result_free(&r);
	world_close(&w);
}

/* ---- identity documents ---- */

static void
test_identity_documents(void **state)
{
	struct world w;
	struct wf_document d;
	struct reply_att a;
	struct hctx ctx;
	struct message m;

	(void)state;
	world_open(&w, 1);
	memset(&ctx, 0, sizeof(ctx));
	memset(&m, 0, sizeof(m));
	ctx.st = w.h.st;
	ctx.cfg = &w.h.cfg;
	ctx.msg = &m;
	assert_int_equal(store_wf_document_current(w.h.st, account(&w, DEP),
	    "ine", 0, &d), 1);
	assert_int_equal(store_begin(w.h.st), 0);
	/* To anyone but a coordinator it is refused. */
	assert_int_equal(docs_attachment(&ctx, d.id, 0, &a), 1);
	assert_int_equal(docs_attachment(&ctx, d.id, 1, &a), 0);
	assert_string_equal(a.filename, "ine.pdf");
	reply_att_clear(&a);
	store_rollback(w.h.st);
	wf_document_free(&d);
	world_close(&w);
}

/* ---- the agency's logo ---- */

/*
 * A logo that letters cannot use (interlaced or 16-bit PNG) is refused
 * when the agency sends it, with the reason, and not stored: otherwise
 * its letters would later go out without it and nobody would know why.
 */
static void
test_bad_logo_refused(void **state)
{
	struct world w;
	struct h_result r;
	const struct h_att deep[] = {{"logo.png", "../logos/deep16.png",
	    "image/png"}};
	const struct h_att interlaced[] = {{"logo.png",
	    "../logos/interlaced.png", "image/png"}};
	struct h_att five_and_bad[6];
	struct wf_document d;
	char *sha, *ar;
	int64_t dep;

	(void)state;
	world_open(&w, 1);
	dep = account(&w, DEP);
	assert_int_equal(store_wf_document_current(w.h.st, dep, "logo", 0,
	    &d), 1);
	sha = xstrdup(d.sha256);
	wf_document_free(&d);
	send_ok(&w, w.ar_dep, DEP, "DOCUMENTOS", "", deep, 1, &r);
	h_contains(r.reply.body, "no sirve como logotipo");
	h_contains(r.reply.body, "16 bits");
	h_result_free(&r);
	send_ok(&w, w.ar_dep, DEP, "DOCUMENTOS", "", interlaced, 1, &r);
	h_contains(r.reply.body, "entrelazado");
	h_result_free(&r);
	/* the good logo stays */
	assert_int_equal(store_wf_document_current(w.h.st, dep, "logo", 0,
	    &d), 1);
	assert_string_equal(d.sha256, sha);
	wf_document_free(&d);
	free(sha);

	/* A registration with it: the logo is still missing. */
	memcpy(five_and_bad, six, sizeof(five_and_bad));
	five_and_bad[5] = interlaced[0];
	ar = h_authres("otra.gob.mx");
	send_ok(&w, ar, "rh@otra.gob.mx", "REGISTRO DEPENDENCIA",
	    "Nombre: Casa de la Cultura\nTipo: pública\n"
	    "RFC: CCU900101AB2\nRepresentante: Ana Ruiz\nCargo: Directora\n"
	    "Domicilio: Calle Hidalgo 1\nTeléfono: 951 222 3344\n",
	    five_and_bad, 6, &r);
	free(ar);
	h_contains(r.reply.body, "entrelazado");
	h_state_is(&w.h, WF_DEPENDENCIA, account(&w, "rh@otra.gob.mx"),
	    "documentos_incompletos");
	assert_int_equal(store_wf_document_current(w.h.st,
	    account(&w, "rh@otra.gob.mx"), "logo", 0, &d), 0);
	h_result_free(&r);
	world_close(&w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrong_role),
		cmocka_unit_test(test_unverified_kept),
		cmocka_unit_test(test_forged_authres),
		cmocka_unit_test(test_forged_tokens),
		cmocka_unit_test(test_out_of_order),
		cmocka_unit_test(test_documents),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_ayuda),
		cmocka_unit_test(test_ayuda_lists_the_table),
		cmocka_unit_test(test_reporte_alumnos_verified_by_role),
		cmocka_unit_test(test_identity_documents),
		cmocka_unit_test(test_bad_logo_refused),
	};

	log_set_level(LOG_LVL_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
