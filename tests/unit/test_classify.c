/* SPDX-License-Identifier: ISC */
/*
 * test_classify.c - commands from Subjects and reply bodies, "Campo:
 * valor" fields, document kinds from file names and the type checks of
 * SPEC section 3 (classify.c).  Table-driven: each row is one case.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "handlers/classify.h"

static const struct {
	const char *subject;
	const char *code;
	const char *args;
	const char *tag;
} subjects[] = {
	{"REGISTRO", "REGISTRO", "", ""},
	{"registro", "REGISTRO", "", ""},
	{"  Ayuda  ", "AYUDA", "", ""},
	{"¿ESTADO?", "ESTADO", "", ""},
	{"¡Ayuda!", "AYUDA", "", ""},
	/* any number of reply and forward prefixes, in many languages */
	{"RE: RV: Fwd: FW: Fw: R: I: AW: WG: TR: Re[3]: ESTADO", "ESTADO",
	    "", ""},
	{"Re:Re: reporte 360", "REPORTE", "360", ""},
	{"[Externo] [EXTERNAL] RE: Foto", "FOTO", "", ""},
	/* accents and case do not matter; args keep their spelling */
	{"PRESENTACIÓN", "PRESENTACION", "", ""},
	{"Presentación para la Secretaría de Salud", "PRESENTACION",
	    "para la Secretaría de Salud", ""},
	{"solicitud: Programa de Alfabetización", "SOLICITUD",
	    "Programa de Alfabetización", ""},
	/* multi-word codes before their first word */
	{"REGISTRO DEPENDENCIA", "REGISTRO DEPENDENCIA", "", ""},
	{"Registro de dependencia - Secretaría de Turismo",
	    "REGISTRO DEPENDENCIA", "Secretaría de Turismo", ""},
	{"REPORTE ALUMNOS", "REPORTE ALUMNOS", "", ""},
	{"reporte de alumnos marzo", "REPORTE ALUMNOS", "marzo", ""},
	{"REPORTE DEPENDENCIAS", "REPORTE DEPENDENCIAS", "", ""},
	{"Solicitar reporte Secretaría de Turismo", "SOLICITAR REPORTE",
	    "Secretaría de Turismo", ""},
	{"REPORTE 180", "REPORTE", "180", ""},
	/* not SOLICITUD with the argument "SOLICITUD" (issue 10) */
	{"CANCELAR SOLICITUD", "CANCELAR SOLICITUD", "", ""},
	{"Quiero cancelar mi solicitud", "CANCELAR SOLICITUD", "", ""},
	{"CAMBIO 2021030456 horario", "CAMBIO", "2021030456 horario", ""},
	{"Validar 2021030456", "VALIDAR", "2021030456", ""},
	{"OBSERVAR 2021030456 falta firma", "OBSERVAR",
	    "2021030456 falta firma", ""},
	{"Reporte: 480.", "REPORTE", "480", ""},
	{"PROGRAMAS", "PROGRAMAS", "", ""},
	{"PROGRAMA Alfabetización", "PROGRAMA", "Alfabetización", ""},
	/* the first recognised code, scanning left to right */
	{"Envío mi reporte 180", "REPORTE", "180", ""},
	{"Hola, quiero saber mi estado y pedir ayuda", "ESTADO",
	    "y pedir ayuda", ""},
	{"Solicitud de baja", "SOLICITUD", "de baja", ""},
	{"BAJA 20231234 cambio de residencia", "BAJA",
	    "20231234 cambio de residencia", ""},
	{"LIBERAR 20231234", "LIBERAR", "20231234", ""},
	{"ACEPTAR S-00042", "ACEPTAR", "S-00042", ""},
	{"RECHAZAR S-00042 no hay vacantes", "RECHAZAR",
	    "S-00042 no hay vacantes", ""},
	{"APROBAR K7Q-3MX", "APROBAR", "K7Q-3MX", ""},
	{"FINALIZAR 20231234", "FINALIZAR", "20231234", ""},
	{"PENDIENTES", "PENDIENTES", "", ""},
	{"VERIFICAR SS-2026-000123", "VERIFICAR", "SS-2026-000123", ""},
	{"DOCUMENTOS", "DOCUMENTOS", "", ""},
	/* words that merely contain a code are not codes */
	{"Reportes y registros", "", "", ""},
	{"Estados financieros", "", "", ""},
	{"Hola", "", "", ""},
	{"", "", "", ""},
	/* the reply tag is captured and taken out, wherever it is */
	{"Re: Su registro [SS:K7Q3MX9A]", "REGISTRO", "", "K7Q3MX9A"},
	{"[SS: ab12 ] RE: ESTADO", "ESTADO", "", "ab12"},
	{"RE: REPORTE 180 [SS:tok]", "REPORTE", "180", "tok"},
	/* issue 9: natural Spanish around a command's argument */
	{"Reporte de 180 horas", "REPORTE", "180", ""},
	{"Reporte 180, grupo 7B", "REPORTE", "180", ""},
	{"Reporte 480 (final)", "REPORTE", "480", ""},
	{"Envío reporte de actividades 360hrs", "REPORTE", "360", ""},
	{"Solicitud al programa 1", "SOLICITUD", "1", ""},
	{"Solicitud para el programa No. 12, gracias", "SOLICITUD", "12", ""},
	{"Aprobar RFD-74R, gracias", "APROBAR", "RFD-74R", ""},
	{"Aprobar KQX-MMA, gracias", "APROBAR", "KQX-MMA", ""},
	{"Aprobar el código K7Q-3MX por favor", "APROBAR", "K7Q-3MX", ""},
	{"Rechazar K7Q-3MX: falta la firma, gracias", "RECHAZAR",
	    "K7Q-3MX falta la firma", ""},
	{"ACEPTAR solicitud 42. Saludos", "ACEPTAR", "42", ""},
	{"Liberar matrícula s2102 3456", "LIBERAR", "S21023456", ""},
	{"BAJA 2023 5678 cambio de residencia", "BAJA",
	    "20235678 cambio de residencia", ""},
	/* intent phrases */
	{"Solicitud de carta de presentación", "PRESENTACION", "", ""},
	{"Solicito mi carta de presentación, gracias", "PRESENTACION", "",
	    ""},
	/* NFD (macOS): "Presentación" with a combining acute accent */
	{"Presentacio\xcc\x81n", "PRESENTACION", "", ""},
	{"SOLICITUD DE CARTA DE PRESENTACIO\xcc\x81N", "PRESENTACION", "",
	    ""},
	/* privacy (issue 12) */
	{"PRIVACIDAD", "PRIVACIDAD", "", ""},
	{"¿Dónde está el aviso de privacidad?", "PRIVACIDAD", "", ""},
	{"MIS DATOS", "MIS DATOS", "", ""},
	{"Solicito mis datos", "MIS DATOS", "", ""},
	{"CANCELAR MIS DATOS", "CANCELAR MIS DATOS", "", ""},
	{"Rectificación", "RECTIFICAR", "", ""},
	{"OPOSICIÓN uso en estadísticas", "OPOSICION",
	    "uso en estadísticas", ""},
	{"DOCUMENTO 12", "DOCUMENTO", "12", ""},
	{"Documento número 12", "DOCUMENTO", "12", ""},
	/* everyday words give way to any other code in the Subject */
	{"Documento INE - REGISTRO DEPENDENCIA", "REGISTRO DEPENDENCIA",
	    "", ""},
	{"Mis datos para el REGISTRO", "REGISTRO", "", ""},
};

static void
test_subjects(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(subjects); i++) {
		struct command_line cl;

		classify_command(subjects[i].subject, "", 1, &cl);
		if (strcmp(cl.code, subjects[i].code) != 0 ||
		    strcmp(cl.args, subjects[i].args) != 0 ||
		    strcmp(cl.subject_tag, subjects[i].tag) != 0)
			fail_msg("\"%s\": got [%s] [%s] [%s], want [%s] [%s] [%s]",
			    subjects[i].subject, cl.code, cl.args,
			    cl.subject_tag, subjects[i].code, subjects[i].args,
			    subjects[i].tag);
		assert_int_equal(cl.from_body, 0);
		assert_string_equal(command_code(cl.cmd), cl.code);
		command_line_free(&cl);
	}
}

static const struct {
	const char *subject;
	const char *body;
	int body_verbs;
	const char *code;
	const char *args;
	int from_body;
} replies[] = {
	{"Re: hola", "APROBAR", 1, "APROBAR", "", 1},
	{"Re: hola", "\n\n  Rechazar  falta la firma del jefe\n> citado\n", 1,
	    "RECHAZAR", "falta la firma del jefe", 1},
	{"Re: hola", "Aceptar.\nGracias", 1, "ACEPTAR", "", 1},
	{"Re: hola", "*APROBAR*", 1, "APROBAR", "", 1},
	/* only when the caller allows it */
	{"Re: hola", "APROBAR", 0, "", "", 0},
	/* the verb must open the first non-empty line */
	{"Re: hola", "Quiero aprobar", 1, "", "", 0},
	/* after a greeting line (issue 9) */
	{"Re: hola", "Hola\nAPROBAR", 1, "APROBAR", "", 1},
	{"Re: hola", "Buenas tardes:\n\nACEPTAR\n", 1, "ACEPTAR", "", 1},
	{"Re: hola", "Dra. Ruiz:\nAprobado, gracias.\n", 1, "APROBAR", "",
	    1},
	{"Re: hola", "Hola,\nDe acuerdo.", 1, "APROBAR", "", 1},
	{"Re: hola", "Autorizado", 1, "APROBAR", "", 1},
	{"Re: hola", "Aceptado, muchas gracias", 1, "ACEPTAR", "", 1},
	{"Re: hola", "Acepto", 1, "ACEPTAR", "", 1},
	{"Re: hola", "Rechazado: la constancia no trae sello.", 1,
	    "RECHAZAR", "la constancia no trae sello", 1},
	{"Re: hola", "No se acepta, el horario no coincide. Saludos", 1,
	    "RECHAZAR", "el horario no coincide", 1},
	/* a yes that takes itself back is a question, not a decision */
	{"Re: hola", "Aprobado, pero falta la firma", 1, "", "", 1},
	{"Re: hola", "De acuerdo, no se acepta el horario", 1, "", "", 1},
	/* a "no" that is no doubt */
	{"Re: hola", "Aprobado, no hay observaciones.", 1, "APROBAR", "", 1},
	{"Re: hola", "De acuerdo, sin cambios", 1, "APROBAR", "", 1},
	{"Re: hola", "Aceptado. La esperamos el lunes.", 1, "ACEPTAR", "", 1},
	{"Re: hola", "Aprobar el código K7Q-3MX, gracias", 1, "APROBAR",
	    "K7Q-3MX", 1},
	/* a long first line is no greeting */
	{"Re: hola", "Le escribo para decirle que todavía no decido nada\n"
	    "APROBAR", 1, "", "", 0},
	{"Re: hola", "Aprobarlo", 1, "", "", 0},
	/* a code in a Subject the sender wrote wins */
	{"ESTADO", "APROBAR", 1, "ESTADO", "", 0},
	/* a Subject with our tag is ours: the body's verb wins */
	{"RE: Carta de presentación pendiente [SS:7QK3]", "Aprobar\n\nSaludos",
	    1, "APROBAR", "", 1},
	{"RE: Carta de presentación pendiente [SS:7QK3]", "Gracias", 1,
	    "PRESENTACION", "pendiente", 0},
	{"Re: hola", NULL, 1, "", "", 0},
};

static void
test_reply_verbs(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(replies); i++) {
		struct command_line cl;

		classify_command(replies[i].subject, replies[i].body,
		    replies[i].body_verbs, &cl);
		if (strcmp(cl.code, replies[i].code) != 0 ||
		    strcmp(cl.args, replies[i].args) != 0 ||
		    cl.from_body != replies[i].from_body)
			fail_msg("case %zu: got [%s] [%s] %d", i, cl.code,
			    cl.args, cl.from_body);
		command_line_free(&cl);
	}
	/* NULL subject is an empty one */
	{
		struct command_line cl;

		classify_command(NULL, "APROBAR KQX-MMA", 1, &cl);
		assert_int_equal(cl.cmd, CMD_APROBAR);
		assert_string_equal(cl.args, "KQX-MMA");
		command_line_free(&cl);
	}
}

/* Two readings that disagree ask, and the answer changes nothing. */
static void
test_questions(void **state)
{
	static const struct {
		const char *subject, *body, *in_question;
	} cases[] = {
		{"Reporte 180 y 360", "", "180 o de 360"},
		{"RE: Solicitud 7 [SS:abc]", "Buenas tardes:\nAcepto, pero "
		    "solo por las mañanas", "APROBAR"},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct command_line cl;

		classify_command(cases[i].subject, cases[i].body, 1, &cl);
		if (cl.question == NULL ||
		    strstr(cl.question, cases[i].in_question) == NULL)
			fail_msg("%s: no question (%s)", cases[i].subject,
			    cl.code);
		assert_string_equal(cl.args, "");
		command_line_free(&cl);
	}
}

/* Matrículas as typed become one spelling (documented rule). */
static void
test_matricula(void **state)
{
	static const char *const in[][2] = {
		{"s21023456", "S21023456"}, {"2023 5678", "20235678"},
		{" 2023.5678 ", "20235678"}, {"A-123", "A-123"},
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(in); i++) {
		char *m = matricula_normalize(in[i][0]);

		assert_string_equal(m, in[i][1]);
		free(m);
	}
}

static void
test_command_table(void **state)
{
	(void)state;
	assert_string_equal(command_code(CMD_NONE), "");
	assert_string_equal(command_code(CMD_REGISTRO_DEPENDENCIA),
	    "REGISTRO DEPENDENCIA");
	for (int c = CMD_NONE + 1; c < CMD__COUNT; c++)
		assert_true(command_code((enum command)c)[0] != '\0');
	assert_false(command_changes_state(CMD_NONE));
	assert_false(command_changes_state(CMD_AYUDA));
	assert_false(command_changes_state(CMD_ESTADO));
	assert_false(command_changes_state(CMD_PROGRAMAS));
	assert_false(command_changes_state(CMD_PENDIENTES));
	assert_false(command_changes_state(CMD_VERIFICAR));
	assert_true(command_changes_state(CMD_REGISTRO));
	assert_true(command_changes_state(CMD_APROBAR));
	assert_true(command_changes_state(CMD_BAJA));
	assert_true(command_changes_state(CMD_FINALIZAR));
}

static const char body[] =
    "Buenos días:\n"
    "\n"
    "Matrícula: 20231234\n"
    "NOMBRE:   Ana López Hernández  \n"
    "Carrera : Ingeniería en Sistemas\n"
    "Créditos (%): 72\n"
    "Teléfono:\n"
    "951 123 4567\n"
    "Jefe inmediato: Ing. Pedro Ruiz\n"
    "Vacantes:\n"
    "Horario: 9 a 14 h\n"
    "Descripción: Apoyo en talleres: lectura y escritura\n";

static const struct {
	const char *name;
	const char *value;	/* NULL: absent */
} fields[] = {
	{"Matrícula", "20231234"},
	{"matricula", "20231234"},
	{"MATRÍCULA", "20231234"},
	{"Nombre", "Ana López Hernández"},
	{"Carrera", "Ingeniería en Sistemas"},
	{"Créditos", "72"},
	{"Créditos (%)", "72"},
	/* the value may come on the next line */
	{"Teléfono", "951 123 4567"},
	{"Jefe inmediato", "Ing. Pedro Ruiz"},
	{"jefe  inmediato", "Ing. Pedro Ruiz"},
	/* an empty value whose next line is another field is absent */
	{"Vacantes", NULL},
	{"Descripción", "Apoyo en talleres: lectura y escritura"},
	{"RFC", NULL},
	{"Buenos días", NULL},
};

static void
test_form_fields(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(fields); i++) {
		char *v = form_field(body, fields[i].name);

		if (fields[i].value == NULL) {
			if (v != NULL)
				fail_msg("%s: got \"%s\"", fields[i].name, v);
		} else if (v == NULL || strcmp(v, fields[i].value) != 0) {
			fail_msg("%s: got \"%s\", want \"%s\"", fields[i].name,
			    v ? v : "(none)", fields[i].value);
		}
		free(v);
	}
	assert_null(form_field("", "Nombre"));
	assert_null(form_field(":valor sin campo\n", ""));
}

static const struct {
	const char *name;
	enum doc_kind kind;
} docs[] = {
	{"INE.pdf", DOC_INE},
	{"ine_representante.jpg", DOC_INE},
	{"INE-anverso y reverso.PDF", DOC_INE},
	{"Credencial para votar.jpg", DOC_INE},
	{"IFE Jiménez.png", DOC_INE},
	/* "ine" inside other words is not the INE */
	{"online.pdf", DOC_UNKNOWN},
	{"timeline 2025.pdf", DOC_UNKNOWN},
	{"Línea de tiempo.pdf", DOC_UNKNOWN},
	{"Medicine.pdf", DOC_UNKNOWN},
	{"inedito.pdf", DOC_UNKNOWN},
	{"RFC.pdf", DOC_RFC},
	{"Constancia de situación fiscal.pdf", DOC_RFC},
	{"Cédula fiscal SECTUR.pdf", DOC_RFC},
	{"Comprobante de domicilio.pdf", DOC_DOMICILIO},
	{"recibo_luz_domicilio.jpg", DOC_DOMICILIO},
	{"comprobante.pdf", DOC_DOMICILIO},
	{"Nombramiento del representante.pdf", DOC_NOMBRAMIENTO},
	{"DECRETO de creación.pdf", DOC_DECRETO},
	{"decretos.pdf", DOC_DECRETO},
	{"Acta constitutiva.pdf", DOC_DECRETO},
	{"logo.png", DOC_LOGO},
	{"Logotipo SECTUR.jpg", DOC_LOGO},
	{"Catálogo de programas.pdf", DOC_UNKNOWN},
	{"honorarios.pdf", DOC_HONORARIOS},
	{"Justificación médica.pdf", DOC_JUSTIFICACION},
	{"Reporte 180.pdf", DOC_REPORTE},
	{"Reporte de actividades 360 horas.pdf", DOC_REPORTE},
	{"informe_final.pdf", DOC_REPORTE},
	{"Listado de actividades.pdf", DOC_ACTIVIDADES},
	{"actividades del programa.pdf", DOC_ACTIVIDADES},
	{"Carta de presentación.pdf", DOC_PRESENTACION},
	{"PRESENTACION.PDF", DOC_PRESENTACION},
	{"Constancia de estudios.pdf", DOC_CONSTANCIA},
	{"constancia_estudios_2025.pdf", DOC_CONSTANCIA},
	{"foto.jpg", DOC_FOTO},
	{"Fotografía perfil.png", DOC_FOTO},
	{"IMG_2034.HEIC", DOC_UNKNOWN},
	{"", DOC_UNKNOWN},
};

static void
test_document_kinds(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(docs); i++) {
		enum doc_kind k = classify_document(docs[i].name);

		if (k != docs[i].kind)
			fail_msg("\"%s\": got %s, want %s", docs[i].name,
			    doc_kind_id(k), doc_kind_id(docs[i].kind));
	}
	assert_int_equal(classify_document(NULL), DOC_UNKNOWN);
	for (int k = DOC_UNKNOWN + 1; k < DOC__COUNT; k++) {
		assert_true(doc_kind_id((enum doc_kind)k)[0] != '\0');
		assert_true(doc_kind_name((enum doc_kind)k)[0] != '\0');
		assert_true(doc_types_expected((enum doc_kind)k)[0] != '\0');
	}
	assert_string_equal(doc_kind_name(DOC_DOMICILIO),
	    "comprobante de domicilio");
	assert_string_equal(doc_kind_id(DOC_DOMICILIO), "domicilio");
	assert_string_equal(doc_kind_id(DOC_UNKNOWN), "");
}

static void
test_doc_types(void **state)
{
	static const char pdf[] = "application/pdf", jpg[] = "image/jpeg",
	    png[] = "image/png", gif[] = "image/gif", txt[] = "text/plain";

	(void)state;
	/* SPEC section 3, row by row */
	assert_true(doc_type_ok(DOC_FOTO, jpg));
	assert_true(doc_type_ok(DOC_FOTO, png));
	assert_false(doc_type_ok(DOC_FOTO, pdf));
	assert_false(doc_type_ok(DOC_FOTO, gif));
	for (int k = 0; k < 3; k++) {
		enum doc_kind d = k == 0 ? DOC_PRESENTACION :
		    k == 1 ? DOC_CONSTANCIA : DOC_REPORTE;

		assert_true(doc_type_ok(d, pdf));
		assert_false(doc_type_ok(d, jpg));
		assert_false(doc_type_ok(d, png));
	}
	for (int k = 0; k < 5; k++) {
		static const enum doc_kind any[] = {
			DOC_DECRETO, DOC_NOMBRAMIENTO, DOC_DOMICILIO, DOC_RFC,
			DOC_INE,
		};

		assert_true(doc_type_ok(any[k], pdf));
		assert_true(doc_type_ok(any[k], jpg));
		assert_true(doc_type_ok(any[k], png));
		assert_false(doc_type_ok(any[k], txt));
	}
	assert_true(doc_type_ok(DOC_LOGO, png));
	assert_true(doc_type_ok(DOC_LOGO, jpg));
	assert_false(doc_type_ok(DOC_LOGO, pdf));
	assert_true(doc_type_ok(DOC_ACTIVIDADES, pdf));
	assert_false(doc_type_ok(DOC_ACTIVIDADES, png));
	assert_true(doc_type_ok(DOC_HONORARIOS, pdf));
	assert_false(doc_type_ok(DOC_HONORARIOS, jpg));
	assert_false(doc_type_ok(DOC_UNKNOWN, pdf));
	assert_false(doc_type_ok(DOC_CONSTANCIA, NULL));
	/* a type is never judged by a prefix */
	assert_false(doc_type_ok(DOC_CONSTANCIA, "application/pdfx"));
	assert_string_equal(doc_types_expected(DOC_FOTO), "JPEG o PNG");
	assert_string_equal(doc_types_expected(DOC_REPORTE), "PDF");
	assert_string_equal(doc_types_expected(DOC_INE), "PDF, JPEG o PNG");
}

static void
test_magic_human(void **state)
{
	const char *a, *b;

	(void)state;
	assert_string_equal(magic_type_human("application/pdf"),
	    "documento PDF");
	assert_string_equal(magic_type_human("image/jpeg"), "imagen JPEG");
	assert_string_equal(magic_type_human("image/png"), "imagen PNG");
	assert_string_equal(magic_type_human("application/msword"),
	    "documento de Word");
	assert_string_equal(magic_type_human("application/vnd.openxmlformats-"
	    "officedocument.wordprocessingml.document"), "documento de Word");
	assert_string_equal(magic_type_human("application/zip"),
	    "archivo ZIP");
	assert_string_equal(magic_type_human("text/plain"),
	    "texto sin formato");
	assert_string_equal(magic_type_human("application/x-empty"),
	    "archivo vacío");
	assert_string_equal(magic_type_human(""),
	    "archivo de un tipo que no reconocemos");
	assert_string_equal(magic_type_human(NULL),
	    "archivo de un tipo que no reconocemos");
	/* issue 9: never a MIME type, always words a person can act on */
	a = magic_type_human("application/x-dosexec");
	b = magic_type_human("video/mp4");
	assert_string_equal(a, "archivo de un tipo que no reconocemos");
	assert_string_equal(b, "archivo de un tipo que no reconocemos");
	assert_string_equal(magic_type_human("application/vnd.ms-tnef"),
	    "archivo winmail.dat de Outlook");
	assert_string_equal(magic_type_human("image/heic"),
	    "foto de iPhone (HEIC)");
	assert_string_equal(magic_type_human("message/rfc822"),
	    "mensaje de correo reenviado");
	assert_null(strchr(magic_type_human("image/x-xcf"), '/'));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subjects),
		cmocka_unit_test(test_reply_verbs),
		cmocka_unit_test(test_questions),
		cmocka_unit_test(test_matricula),
		cmocka_unit_test(test_command_table),
		cmocka_unit_test(test_form_fields),
		cmocka_unit_test(test_document_kinds),
		cmocka_unit_test(test_doc_types),
		cmocka_unit_test(test_magic_human),
	};

	return cmocka_run_group_tests_name("classify", tests, NULL, NULL);
}
