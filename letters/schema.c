/* SPDX-License-Identifier: ISC */
/*
 * schema.c - the registry of variables each template may use.
 *
 * Groups of names are shared between templates (every letter about a
 * student knows alumno.*); a template's schema is the list of groups it
 * draws from.  To let a template print a new value, add the name to a group
 * here and document it in templates/README.md; the code that fills the
 * value (the workflow) must then set it.
 */
#include "letters/schema.h"

#include <stdlib.h>
#include <string.h>

#include "common/util.h"

#define MAX_GROUPS 10

struct schema {
	const char *name;	/* template name, or "prefix*" */
	const char *const *groups[MAX_GROUPS];
};

/* Available to every template: tequio.conf and templates/institucion.txt. */
static const char *const g_common[] = {
	"institucion.nombre", "institucion.nombre_corto", "institucion.ciudad",
	"institucion.correo", "institucion.lema", "institucion.area",
	"institucion.domicilio", "institucion.telefono", "institucion.web",
	"institucion.representante", "institucion.representante_cargo",
	"coordinacion.nombre", "coordinacion.cargo",
	"fecha", "anio",
	NULL
};

/* Set in templates/institucion.txt (the rest come from tequio.conf). */
static const char *const g_institution_file[] = {
	"institucion.lema", "institucion.area", "institucion.domicilio",
	"institucion.telefono", "institucion.web",
	"institucion.representante", "institucion.representante_cargo",
	"coordinacion.nombre", "coordinacion.cargo",
	NULL
};

static const char *const g_letter[] = {"folio", NULL};

static const char *const g_alumno[] = {
	"alumno.nombre", "alumno.matricula", "alumno.carrera",
	"alumno.creditos", "alumno.correo", "alumno.semestre",
	"alumno.periodo",
	NULL
};

static const char *const g_dependencia[] = {
	"dependencia.nombre", "dependencia.tipo", "dependencia.rfc",
	"dependencia.representante", "dependencia.cargo",
	"dependencia.domicilio", "dependencia.telefono", "dependencia.correo",
	"dependencia.empresa",
	NULL
};

static const char *const g_programa[] = {
	"programa.nombre", "programa.lugar", "programa.horario",
	"programa.descripcion",
	NULL
};

static const char *const g_servicio[] = {
	"servicio.horas", "servicio.inicio", "servicio.fin",
	"servicio.horas_cumplidas",
	NULL
};

static const char *const g_actividades[] = {
	"actividades[]", "actividades[].descripcion",
	NULL
};

static const char *const g_convenio[] = {
	"convenio.vigencia", "convenio.clave", "convenio.inicio",
	"convenio.fin",
	NULL
};

static const char *const g_baja[] = {"baja.motivo", "baja.fecha",
    "baja.solicitante", NULL};

/* The agency's evaluation: per report, and the final grade. */
static const char *const g_evaluacion[] = {
	"evaluacion.calificacion",
	"evaluaciones[]", "evaluaciones[].horas", "evaluaciones[].periodo",
	"evaluaciones[].calificacion", "evaluaciones[].observaciones",
	NULL
};

static const char *const g_liberacion[] = {
	"gerente.nombre", "gerente.cargo", "jefe.nombre", "jefe.cargo",
	NULL
};

/*
 * What the workflow knows and may put in any reply.  Replies share one
 * vocabulary so that a new reply text needs no change here unless it
 * needs a new kind of fact.
 */
static const char *const g_reply[] = {
	"remitente.nombre", "remitente.correo", "remitente.cargo", "rol",
	"cuenta.direccion",
	"asunto", "mensaje.asunto", "comando", "argumentos", "motivo",
	"codigo", "folio", "limite", "tamano",
	"alumno.estado", "alumno.horas", "dependencia.estado",
	"programa.clave", "programa.vacantes",
	"solicitud.clave", "solicitud.estado",
	"reporte.horas", "reporte.estado",
	"estado.descripcion", "estado.siguiente_paso",
	"faltantes[]", "faltantes[].descripcion",
	"errores[]", "errores[].descripcion",
	"avisos[]", "avisos[].descripcion",
	"documentos[]", "documentos[].nombre", "documentos[].estado",
	"documentos[].archivo", "documentos[].tipo",
	"pendientes[]", "pendientes[].codigo", "pendientes[].descripcion",
	"pendientes[].fecha",
	"comandos[]", "comandos[].codigo", "comandos[].descripcion",
	"programas[]", "programas[].clave", "programas[].nombre",
	"programas[].dependencia", "programas[].vacantes",
	"programas[].horario", "programas[].lugar", "programas[].estado",
	"reportes[]", "reportes[].horas", "reportes[].estado",
	"reportes[].fecha",
	"adjuntos[]", "adjuntos[].nombre", "adjuntos[].descripcion",
	NULL
};

/*
 * Who the sender is, for replies that talk to each role in its words
 * (AYUDA, templates/reply_ayuda.txt): each flag is "sí" or absent.
 */
static const char *const g_sender_role[] = {
	"remitente.sin_cuenta", "remitente.es_alumno",
	"remitente.es_dependencia", "remitente.es_coordinacion",
	"dominio_alumnos",
	NULL
};

/* The answer to VERIFICAR <folio> (handlers/h_verificar.c). */
static const char *const g_verificar[] = {
	"folio", "encontrado", "autentico", "documento", "emitido_a",
	"emitido_el", "alumno", "dependencia", "codigo_dado", "codigo_ok",
	"archivo_dado", "archivo_ok", "archivo_nombre", "asunto", "detalles",
	NULL
};

/* A letter sent again by tequioctl resend (ctl/cmd_resend.c). */
static const char *const g_reenvio[] = {"carta.tipo", "carta.folio",
    "carta.fecha", NULL};

/* Alerts and the daily digest for the operators (jobs/alerts.c). */
static const char *const g_aviso[] = {
	"aviso.tipo", "aviso.fallidos", "aviso.cuarentena", "aviso.relevo",
	"aviso.buzon", "aviso.resumen", "aviso.nuevos", "aviso.desde",
	"aviso.umbral", "aviso.error",
	"cuentas.recibidos", "cuentas.procesados", "cuentas.cuarentena",
	"cuentas.en_cola", "cuentas.fallidos", "cuentas.enviados",
	NULL
};

static const struct schema schemas[] = {
	{"presentacion", {g_common, g_letter, g_alumno, g_dependencia,
	    g_programa, g_servicio}},
	{"constancia", {g_common, g_letter, g_alumno, g_servicio}},
	{"convenio", {g_common, g_letter, g_dependencia, g_convenio}},
	{"aceptacion", {g_common, g_letter, g_alumno, g_dependencia,
	    g_programa, g_servicio, g_actividades}},
	{"baja", {g_common, g_letter, g_alumno, g_dependencia, g_programa,
	    g_servicio, g_baja}},
	{"liberacion", {g_common, g_letter, g_alumno, g_dependencia,
	    g_programa, g_servicio, g_liberacion, g_actividades,
	    g_evaluacion}},
	{"finalizacion", {g_common, g_letter, g_alumno, g_dependencia,
	    g_programa, g_servicio, g_evaluacion}},
	{"evaluacion", {g_common, g_letter, g_alumno, g_dependencia,
	    g_programa, g_servicio, g_liberacion, g_evaluacion}},
	{"reply_verificar", {g_common, g_verificar}},
	{"reply_reenvio", {g_common, g_reenvio}},
	{"aviso", {g_common, g_aviso}},
	{"reply_*", {g_common, g_reply, g_alumno, g_dependencia, g_programa,
	    g_servicio, g_sender_role}},
};

const char *const schema_letters[] = {
	"presentacion", "constancia", "convenio", "aceptacion", "baja",
	"liberacion", "finalizacion", "evaluacion",
};
const size_t schema_n_letters =
    sizeof(schema_letters) / sizeof(schema_letters[0]);

static int
in_group(const char *const *g, const char *name)
{
	for (; *g != NULL; g++)
		if (strcmp(*g, name) == 0)
			return 1;
	return 0;
}

static int
in_schema(const struct schema *s, const char *name)
{
	for (size_t i = 0; i < MAX_GROUPS && s->groups[i] != NULL; i++)
		if (in_group(s->groups[i], name))
			return 1;
	return 0;
}

const struct schema *
schema_find(const char *name)
{
	size_t n = sizeof(schemas) / sizeof(schemas[0]);

	for (size_t i = 0; i < n; i++)
		if (strcmp(schemas[i].name, name) == 0)
			return &schemas[i];
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(schemas[i].name);
		if (len > 0 && schemas[i].name[len - 1] == '*' &&
		    strncmp(schemas[i].name, name, len - 1) == 0)
			return &schemas[i];
	}
	return NULL;
}

int
schema_value(const struct schema *s, const char *name)
{
	/* A list or item spelling is never a plain value. */
	if (strchr(name, '[') != NULL)
		return 0;
	return in_schema(s, name);
}

/* Build "list[]" or "list[].field" in a bounded buffer; 0 if too long. */
static int
list_key(char *out, size_t outlen, const char *list, const char *field)
{
	size_t ll = strlen(list), fl = field ? strlen(field) + 1 : 0;

	if (ll + 2 + fl + 1 > outlen)
		return 0;
	memcpy(out, list, ll);
	memcpy(out + ll, "[]", 2);
	if (field) {
		out[ll + 2] = '.';
		memcpy(out + ll + 3, field, fl - 1);
	}
	out[ll + 2 + fl] = '\0';
	return 1;
}

int
schema_list(const struct schema *s, const char *name)
{
	char key[128];

	return list_key(key, sizeof(key), name, NULL) && in_schema(s, key);
}

int
schema_item(const struct schema *s, const char *list, const char *field)
{
	char key[128];

	if (strcmp(field, "indice") == 0)
		return 1;
	return list_key(key, sizeof(key), list, field) && in_schema(s, key);
}

int
schema_is_letter(const char *name)
{
	for (size_t i = 0; i < schema_n_letters; i++)
		if (strcmp(schema_letters[i], name) == 0)
			return 1;
	return 0;
}

int
schema_institution_key(const char *name)
{
	return in_group(g_institution_file, name);
}

/* The institution's values a sentence may use besides its own. */
static const char *const g_sentence_inst[] = {
	"institucion.nombre", "institucion.nombre_corto", "institucion.ciudad",
	"institucion.correo",
	NULL
};

struct schema *
schema_new_sentence(const char *const *names)
{
	struct schema *s = xcalloc(1, sizeof(*s));

	s->name = "";
	s->groups[0] = names;
	s->groups[1] = g_sentence_inst;
	s->groups[2] = g_institution_file;
	return s;
}

void
schema_free(struct schema *s)
{
	free(s);
}
