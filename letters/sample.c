/* SPDX-License-Identifier: ISC */
/*
 * sample.c - believable data for `tequioctl render LETTER --sample`, so
 * the institution can read its templates as a finished letter before any
 * student exists.  The people and agencies here are invented.
 */
#include "letters/letters_int.h"

#include <string.h>

static const char *const sample_values[][2] = {
	{"alumno.nombre", "María Fernanda Núñez Gómez"},
	{"alumno.matricula", "2021030456"},
	{"alumno.carrera", "Ingeniería en Tecnologías de la Información"},
	{"alumno.creditos", "72"},
	{"alumno.correo", "maria.nunez@alumnos.utv.edu.mx"},
	{"alumno.semestre", "séptimo"},
	{"alumno.periodo", "enero-junio de 2026"},
	{"dependencia.nombre", "Instituto Municipal de Desarrollo Comunitario"},
	{"dependencia.tipo", "pública"},
	{"dependencia.rfc", "IMD180312AB4"},
	{"dependencia.representante", "Lic. José Ángel Peña Ruiz"},
	{"dependencia.cargo", "Director General"},
	{"dependencia.domicilio", "Av. Independencia 512, Centro, C.P. 68000, "
	    "Oaxaca de Juárez, Oaxaca"},
	{"dependencia.telefono", "951 514 2233"},
	{"dependencia.correo", "vinculacion@imdc.gob.mx"},
	{"programa.nombre", "Alfabetización digital para personas adultas "
	    "mayores"},
	{"programa.lugar", "Biblioteca Pública Municipal «Andrés Henestrosa»"},
	{"programa.horario", "lunes a viernes, de 9:00 a 13:00 horas"},
	{"programa.descripcion", "Talleres de uso de computadora y teléfono "
	    "para personas de 60 años o más."},
	{"servicio.horas", "480"},
	{"servicio.inicio", "2 de febrero de 2026"},
	{"servicio.fin", "31 de julio de 2026"},
	{"servicio.horas_cumplidas", "480"},
	{"convenio.vigencia", "dos años"},
	{"convenio.inicio", "2 de febrero de 2026"},
	{"convenio.fin", "1 de febrero de 2028"},
	{"convenio.clave", "CONV-SS-2026-014"},
	{"baja.motivo", "inasistencias injustificadas durante tres semanas "
	    "consecutivas, según el informe del jefe inmediato"},
	{"baja.fecha", "15 de mayo de 2026"},
	{"gerente.nombre", "C.P. Laura Elena Ríos Méndez"},
	{"gerente.cargo", "Gerente de Administración"},
	{"jefe.nombre", "Ing. Óscar Iván Cruz Santiago"},
	{"jefe.cargo", "Jefe del Área de Capacitación"},
	{"evaluacion.calificacion", "Notable"},
	/* mail replies */
	{"remitente.nombre", "María Fernanda Núñez Gómez"},
	{"remitente.correo", "maria.nunez@alumnos.utv.edu.mx"},
	{"rol", "alumno"},
	{"remitente.es_alumno", "sí"},
	{"dominio_alumnos", "alumnos.utv.edu.mx"},
	{"asunto", "ESTADO"},
	{"mensaje.asunto", "¿Cómo va mi trámite?"},
	{"comando", "ESTADO"},
	{"argumentos", ""},
	{"estado.descripcion", "Está inscrita en el programa «Alfabetización "
	    "digital para personas adultas mayores»; su reporte de 180 horas "
	    "fue aceptado."},
	{"estado.siguiente_paso", "Envíe su reporte de 360 horas con el asunto "
	    "REPORTE 360 y el PDF adjunto."},
	{"motivo", "la parte MIME del mensaje termina antes de tiempo"},
	{"limite", "20"},
	{"tamano", "31.4"},
	/* VERIFICAR */
	{"folio", "SS-2026-000123"},
	{"encontrado", "sí"},
	{"autentico", "sí"},
	{"detalles", "sí"},
	{"documento", "carta de aceptación"},
	{"emitido_a", "maria.nunez@alumnos.utv.edu.mx"},
	{"emitido_el", "23 de noviembre de 2026"},
	{"alumno", "María Fernanda Núñez Gómez"},
	{"dependencia", "Instituto Municipal de Desarrollo Comunitario"},
	{"codigo_dado", "K7QM-3MXA-9PRT"},
	{"codigo_ok", "sí"},
};

static const char *const sample_activities[] = {
	"Impartir talleres de uso básico de computadora y teléfono "
	"inteligente.",
	"Elaborar materiales didácticos en español y en mixteco.",
	"Registrar la asistencia y el avance de las personas participantes.",
	"Acompañar trámites en línea: CURP, citas médicas y pagos.",
};

static void
add_list(struct vars *v, const char *list, const char *field,
    const char *const *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vars_set(vars_list_add(v, list), field, items[i]);
}

static void
sample_reply_lists(struct vars *v)
{
	static const char *const avisos[] = {
		"Registramos su consulta de estado.",
	};
	static const char *const faltantes[] = {
		"Reporte de actividades de 360 horas (PDF).",
	};
	struct vars *d;

	add_list(v, "avisos", "descripcion", avisos, ARRAY_LEN(avisos));
	add_list(v, "faltantes", "descripcion", faltantes,
	    ARRAY_LEN(faltantes));
	d = vars_list_add(v, "documentos");
	vars_set(d, "nombre", "reporte de actividades de 180 horas");
	vars_set(d, "estado", "aceptado");
	vars_set(d, "archivo", "reporte_180.pdf");
	vars_set(d, "tipo", "documento PDF");
	d = vars_list_add(v, "comandos");
	vars_set(d, "codigo", "ESTADO");
	vars_set(d, "descripcion", "dónde está su trámite y qué falta");
	d = vars_list_add(v, "comandos");
	vars_set(d, "codigo", "REPORTE 180|360|480");
	vars_set(d, "descripcion", "entrega su reporte de actividades (PDF)");
}

static void
sample_evaluations(struct vars *v)
{
	static const char *const rows[][4] = {
		{"180", "del 2 de febrero al 3 de abril de 2026", "Bueno", ""},
		{"360", "del 6 de abril al 5 de junio de 2026", "Notable",
		    "Muy puntual; propuso materiales en mixteco."},
		{"480", "del 8 de junio al 31 de julio de 2026", "Notable", ""},
	};

	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		struct vars *e = vars_list_add(v, "evaluaciones");

		vars_set(e, "horas", rows[i][0]);
		vars_set(e, "periodo", rows[i][1]);
		vars_set(e, "calificacion", rows[i][2]);
		vars_set(e, "observaciones", rows[i][3]);
	}
}

void
sample_vars(struct vars *v, const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(sample_values); i++)
		vars_set(v, sample_values[i][0], sample_values[i][1]);
	add_list(v, "actividades", "descripcion", sample_activities,
	    ARRAY_LEN(sample_activities));
	if (strcmp(name, "baja") == 0) {
		vars_set(v, "servicio.horas_cumplidas", "212");
		vars_set(v, "servicio.fin", "15 de mayo de 2026");
	}
	if (strncmp(name, "reply_", 6) == 0)
		sample_reply_lists(v);
	if (strcmp(name, "evaluacion") == 0)
		sample_evaluations(v);
}
