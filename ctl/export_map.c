/* SPDX-License-Identifier: ISC */
/*
 * export_map.c - datos-personales.csv, written beside tequioctl export's
 * files (issue 12): for every column of every file written, whether it is
 * personal data and what it is, so the data-protection officer knows what
 * a copy of the export holds.
 *
 * The map is built from the columns actually written (cmd_export.c
 * records them), so it cannot leave one out: a column nobody has
 * described yet is listed as "sin clasificar", and the integration test
 * refuses that, so whoever adds a column to the schema describes it here.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/csv.h"
#include "common/util.h"
#include "ctl/ctl.h"

struct col_info {
	const char *file;	/* NULL: any tabla-*.csv */
	const char *column;
	const char *personal;	/* "sí" or "no" */
	const char *what;
};

static const char id_person[] = "cuenta (identifica a una persona con "
    "cuentas.csv)";
static const char free_text[] = "texto libre: puede nombrar a personas o "
    "circunstancias personales";

/* Exact entries first: the three files for people, and the columns whose
   meaning depends on their table. */
static const struct col_info exact[] = {
	{"cuentas.csv", "id", "no", "número interno de la cuenta"},
	{"cuentas.csv", "rol", "no", "alumno o dependencia"},
	{"cuentas.csv", "correo", "sí", "dirección de correo de la persona"},
	{"cuentas.csv", "nombre", "sí", "nombre de la persona o dependencia"},
	{"cuentas.csv", "estado", "no", "etapa del trámite"},
	{"cuentas.csv", "alta", "no", "fecha de registro"},
	{"solicitudes.csv", "id", "no", "número de la solicitud"},
	{"solicitudes.csv", "alumno", "sí", "cuenta del alumno (identifica a "
	    "una persona con cuentas.csv)"},
	{"solicitudes.csv", "programa", "no", "número del programa"},
	{"solicitudes.csv", "dependencia", "no", "cuenta de la dependencia"},
	{"solicitudes.csv", "estado", "no", "etapa de la solicitud"},
	{"solicitudes.csv", "motivo", "sí", free_text},
	{"solicitudes.csv", "alta", "no", "fecha"},
	{"bitacora.csv", "entidad", "no", "qué cambió"},
	{"bitacora.csv", "id", "sí", "cuenta o registro (identifica a una "
	    "persona con cuentas.csv)"},
	{"bitacora.csv", "evento", "no", "qué ocurrió"},
	{"bitacora.csv", "de", "no", "estado anterior"},
	{"bitacora.csv", "a", "no", "estado nuevo"},
	{"bitacora.csv", "actor", "sí", "dirección de correo de quien actuó"},
	{"bitacora.csv", "mensaje", "no", "número del mensaje recibido"},
	{"bitacora.csv", "fecha", "no", "fecha"},
	{"tabla-wf_account.csv", "name", "sí", "nombre de la persona o "
	    "dependencia"},
	{"tabla-wf_program.csv", "name", "no", "nombre del programa"},
	{"tabla-wf_program_edit.csv", "name", "no",
	    "nombre propuesto del programa"},
	{"tabla-wf_program_edit.csv", "cambios", "no",
	    "cambios propuestos al programa, en palabras"},
	{"tabla-rate_count.csv", "key", "sí", "a quién se cuenta (puede ser "
	    "una dirección de correo)"},
	{"tabla-wf_audit.csv", "entity_id", "sí", "cuenta o registro "
	    "(identifica a una persona con cuentas.csv)"},
	{"tabla-wf_agency.csv", "cargo", "sí", "cargo del representante"},
	{"tabla-wf_report.csv", "grade", "sí", "calificación del alumno"},
	{"tabla-message.csv", "note", "no", "qué hizo tequio con el mensaje"},
	{"tabla-spool_pack.csv", "path", "no", "archivo del depósito con los "
	    "mensajes recibidos de un lote (cifrados)"},
	{"tabla-spool_pack.csv", "due", "no", "cuándo se revisa el archivo "
	    "para borrar lo que ya no se guarda (vacío: revisado)"},
	{"tabla-outbox.csv", "raw_len", "no", "tamaño en bytes del correo "
	    "guardado (0: ya se borró)"},
	{"tabla-wf_audit.csv", "note", "sí", free_text},
};

/* Then by column name, in any tabla-*.csv. */
static const struct col_info by_name[] = {
	{NULL, "id", "no", "número del registro"},
	{NULL, "account_id", "sí", id_person},
	{NULL, "student_id", "sí", id_person},
	{NULL, "agency_id", "no", "cuenta de la dependencia"},
	{NULL, "program_id", "no", "número del programa"},
	{NULL, "application_id", "no", "número de la solicitud"},
	{NULL, "document_id", "no", "número del documento"},
	{NULL, "pending_id", "no", "número de la orden por confirmar"},
	{NULL, "entity_id", "no", "número de lo que se decide"},
	{NULL, "ref_id", "no", "a qué se refiere el documento"},
	{NULL, "msg_row", "no", "número del mensaje recibido"},
	{NULL, "cause_msg", "no", "mensaje que lo causó"},
	{NULL, "message", "no", "número del mensaje recibido"},
	{NULL, "email", "sí", "dirección de correo de la persona"},
	{NULL, "address", "sí", "dirección de correo de la persona"},
	{NULL, "addr", "sí", "dirección de correo de la persona"},
	{NULL, "recipient", "sí", "dirección o nombre de quien lo recibió"},
	{NULL, "rcpt", "sí", "dirección de correo del destinatario"},
	{NULL, "from_addr", "sí", "dirección de correo del remitente"},
	{NULL, "actor", "sí", "dirección de correo de quien actuó"},
	{NULL, "decided_by", "sí", "dirección de correo de quien decidió"},
	{NULL, "coordinator", "sí", "dirección de correo del coordinador"},
	{NULL, "whose", "sí", id_person},
	{NULL, "subject", "sí", free_text},
	{NULL, "body", "sí", free_text},
	{NULL, "motivo", "sí", free_text},
	{NULL, "detail", "sí", free_text},
	{NULL, "agency_notes", "sí", free_text},
	{NULL, "summary", "sí", "datos de la carta emitida (nombres, "
	    "matrícula)"},
	{NULL, "filename", "sí", "nombre del archivo enviado (puede "
	    "nombrar a la persona)"},
	{NULL, "last_error", "sí", "respuesta del servidor de correo (puede "
	    "nombrar al destinatario)"},
	{NULL, "why", "no", "por qué falló el mensaje"},
	{NULL, "matricula", "sí", "matrícula del alumno"},
	{NULL, "nombre", "sí", "nombre del alumno"},
	{NULL, "correo", "sí", "dirección de correo del alumno"},
	{NULL, "carrera", "sí", "carrera del alumno"},
	{NULL, "creditos", "sí", "créditos del alumno"},
	{NULL, "rfc", "sí", "RFC de la dependencia o empresa"},
	{NULL, "representante", "sí", "nombre del representante"},
	{NULL, "domicilio", "sí", "domicilio"},
	{NULL, "telefono", "sí", "teléfono"},
	{NULL, "gerente", "sí", "nombre de quien firma la liberación"},
	{NULL, "jefe", "sí", "nombre del jefe inmediato"},
	{NULL, "tipo", "no", "pública, privada o empresa"},
	{NULL, "role", "no", "alumno o dependencia"},
	{NULL, "state", "no", "etapa del trámite"},
	{NULL, "status", "no", "estado del envío"},
	{NULL, "outcome", "no", "qué se hizo con el mensaje"},
	{NULL, "kind", "no", "clase de registro"},
	{NULL, "event", "no", "qué ocurrió"},
	{NULL, "entity", "no", "qué cambió"},
	{NULL, "from_state", "no", "estado anterior"},
	{NULL, "to_state", "no", "estado nuevo"},
	{NULL, "command", "no", "orden reconocida"},
	{NULL, "folder", "no", "carpeta del buzón"},
	{NULL, "name", "no", "nombre interno"},
	{NULL, "key", "no", "clave interna"},
	{NULL, "value", "no", "valor interno"},
	{NULL, "what", "no", "qué fue (sin contenido)"},
	{NULL, "note", "no", "nota interna"},
	{NULL, "folio", "no", "folio de la carta"},
	{NULL, "code", "no", "código de verificación impreso en la carta"},
	{NULL, "pdf_sha256", "no", "huella del PDF emitido"},
	{NULL, "sha256", "no", "huella del archivo"},
	{NULL, "message_id", "no", "identificador del mensaje"},
	{NULL, "spool_path", "no", "dónde se guardó el mensaje"},
	{NULL, "path", "no", "dónde se guardó el archivo"},
	{NULL, "magic_type", "no", "tipo de archivo reconocido"},
	{NULL, "declared_type", "no", "tipo de archivo declarado"},
	{NULL, "size", "no", "tamaño en bytes"},
	{NULL, "seq", "no", "número de orden"},
	{NULL, "year", "no", "año"},
	{NULL, "last", "no", "último número usado"},
	{NULL, "uidvalidity", "no", "identificador del buzón IMAP"},
	{NULL, "uid", "no", "número del mensaje en el buzón"},
	{NULL, "last_uid", "no", "último mensaje leído"},
	{NULL, "moved", "no", "si el mensaje salió de la bandeja"},
	{NULL, "attempts", "no", "intentos de envío"},
	{NULL, "failures", "no", "fallos temporales"},
	{NULL, "deaths", "no", "veces que el proceso murió con él"},
	{NULL, "n", "no", "cuenta"},
	{NULL, "day", "no", "día"},
	{NULL, "from_day", "no", "primer día de la pausa"},
	{NULL, "to_day", "no", "último día de la pausa pedido (0: sin fecha)"},
	{NULL, "ended_day", "no", "día en que terminó la pausa (0: sigue)"},
	{NULL, "period", "no", "periodo del contador"},
	{NULL, "version", "no", "versión del esquema"},
	{NULL, "used", "no", "si ya se usó"},
	{NULL, "hours", "no", "horas del reporte"},
	{NULL, "served", "no", "horas de este periodo"},
	{NULL, "vacantes", "no", "lugares del programa"},
	{NULL, "horario", "no", "horario del programa"},
	{NULL, "lugar", "no", "lugar del programa"},
	{NULL, "descripcion", "no", "descripción del programa"},
	{NULL, "carreras", "no", "carreras a las que se ofrece"},
	{NULL, "modalidad", "no", "presencial, remota o híbrida"},
	{NULL, "apoyo", "no", "apoyo económico del programa"},
	{NULL, "grade", "sí", "calificación"},
	{NULL, "cargo", "sí", "cargo"},
};

/* Dates, by the schema's convention (store_export.h). */
static int
date_column(const char *column)
{
	static const char *const names[] = {"created", "updated", "expires",
	    "due", "next_try", "period_from", "period_to", "at", "vigente_hasta"};
	size_t n = strlen(column);

	if (n > 3 && strcmp(column + n - 3, "_at") == 0)
		return 1;
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (strcmp(column, names[i]) == 0)
			return 1;
	return 0;
}

static const struct col_info *
classify(const char *file, const char *column)
{
	static const struct col_info date = {NULL, NULL, "no", "fecha"};
	static const struct col_info unknown = {NULL, NULL, "sin clasificar",
	    "columna nueva: descríbala en ctl/export_map.c"};

	for (size_t i = 0; i < ARRAY_LEN(exact); i++)
		if (strcmp(exact[i].file, file) == 0 &&
		    strcmp(exact[i].column, column) == 0)
			return &exact[i];
	if (strncmp(file, "tabla-", 6) != 0)
		return &unknown;
	for (size_t i = 0; i < ARRAY_LEN(by_name); i++)
		if (strcmp(by_name[i].column, column) == 0)
			return &by_name[i];
	return date_column(column) ? &date : &unknown;
}

int
ctl_export_personal_columns(const char *dir,
    const struct ctl_export_cols *cols)
{
	char *path = xasprintf("%s/datos-personales.csv", dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	struct buf b;
	int bad;

	if (f == NULL) {
		fprintf(stderr, "tequioctl: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(path);
		return -1;
	}
	buf_init(&b);
	csv_begin(&b);
	buf_adds(&b, "archivo,columna,dato_personal,que_es\r\n");
	for (size_t i = 0; i < cols->n; i++) {
		const struct col_info *c = classify(cols->file[i],
		    cols->column[i]);

		csv_cell(&b, cols->file[i]);
		buf_addc(&b, ',');
		csv_cell(&b, cols->column[i]);
		buf_addc(&b, ',');
		csv_cell(&b, c->personal);
		buf_addc(&b, ',');
		csv_cell(&b, c->what);
		buf_adds(&b, "\r\n");
	}
	bad = fwrite(b.data, 1, b.len, f) != b.len || fflush(f) != 0 ||
	    fsync(fileno(f)) != 0;
	bad |= fclose(f) != 0;
	if (bad)
		fprintf(stderr, "tequioctl: %s: %s\n", path, strerror(errno));
	buf_free(&b);
	free(path);
	return bad ? -1 : 0;
}
