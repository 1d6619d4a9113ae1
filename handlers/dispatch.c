/* SPDX-License-Identifier: ISC */
/*
 * dispatch.c - the command table and the one entry point that runs it.
 *
 * As in OpenSMTPD's smtpctl, each command is one line: the code, the roles
 * that may use it, whether it changes state (and so needs a verified
 * sender, SPEC 1), the function, and the usage and help that AYUDA and the
 * "unknown command" reply print.  A code used by two roles with different
 * meanings (RECHAZAR, REPORTE ALUMNOS) has one line per meaning.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "common/log.h"
#include "handlers/caps.h"
#include "handlers/commands.h"
#include "handlers/docs.h"
#include "handlers/h_verificar.h"
#include "handlers/hutil.h"
#include "handlers/render.h"
#include "handlers/intent.h"

#define A	ROLE_BIT(ROLE_ALUMNO)
#define D	ROLE_BIT(ROLE_DEPENDENCIA)
#define C	ROLE_BIT(ROLE_COORDINADOR)
#define N	ROLE_BIT(ROLE_NONE)

const struct command_def command_table[] = {
	/* ALUMNO */
	{CMD_REGISTRO, A, 1, h_registro, "REGISTRO",
	    "crea su cuenta; en el cuerpo: Matrícula, Nombre, Carrera, "
	    "Créditos (%)"},
	{CMD_FOTO, A, 1, h_foto, "FOTO",
	    "guarda su fotografía (adjunte una imagen JPEG o PNG)"},
	{CMD_PROGRAMAS, A | D | C, 0, h_programas, "PROGRAMAS",
	    "catálogo de programas con vacantes"},
	{CMD_PRESENTACION, A, 1, h_presentacion, "PRESENTACION",
	    "pide a la coordinación su carta de presentación y su "
	    "constancia de estudios"},
	{CMD_SOLICITUD, A, 1, h_solicitud, "SOLICITUD <programa>",
	    "solicita un programa; adjunte la carta de presentación y la "
	    "constancia de estudios (PDF)"},
	{CMD_CANCELAR_SOLICITUD, A, 1, h_cancelar_solicitud,
	    "CANCELAR SOLICITUD", "retira su solicitud pendiente (se avisa a "
	    "la dependencia)"},
	{CMD_BAJA, A, 1, h_baja_alumno, "BAJA <motivo>",
	    "pide a la coordinación su baja del servicio social (se avisa a "
	    "la dependencia)"},
	{CMD_PAUSA, A, 1, h_pausa, "PAUSA <motivo>",
	    "pide a la coordinación pausar su servicio por enfermedad u otra "
	    "causa grave; en el cuerpo: Desde (dd/mm/aaaa) y, si la conoce, "
	    "Hasta; los días en pausa no cuentan"},
	{CMD_REANUDAR, A, 1, h_reanudar, "REANUDAR",
	    "termina la pausa de su servicio: vuelve a correr su calendario"},
	{CMD_REPORTE, A, 1, h_reporte, "REPORTE 180|360|480",
	    "entrega su reporte de actividades (PDF) de 180, 360 o 480 horas"},

	/* DEPENDENCIA */
	{CMD_REGISTRO_DEPENDENCIA, N | D, 1, h_registro_dependencia,
	    "REGISTRO DEPENDENCIA",
	    "solicita el convenio; en el cuerpo: Nombre, Tipo (pública o "
	    "privada), RFC, Representante, Cargo, Domicilio, Teléfono; "
	    "adjunte decretos, nombramiento del representante, INE del "
	    "representante, comprobante de domicilio, RFC y logo"},
	{CMD_DOCUMENTOS, D, 1, h_documentos, "DOCUMENTOS",
	    "agrega o reemplaza documentos de su registro"},
	{CMD_PROGRAMA, D, 1, h_programa, "PROGRAMA",
	    "publica un programa; en el cuerpo: Nombre, Vacantes, Horario, "
	    "Lugar, Descripción; adjunte el listado de actividades (PDF) y, "
	    "si aplica, los honorarios (PDF)"},
	{CMD_ACEPTAR, D, 1, h_aceptar, "ACEPTAR <solicitud>",
	    "acepta a un alumno; se emite su carta de aceptación"},
	{CMD_RECHAZAR, D, 1, h_rechazar_solicitud,
	    "RECHAZAR <solicitud> <motivo>", "rechaza una solicitud"},
	{CMD_REPORTE_ALUMNOS, D, 1, h_reporte_alumnos, "REPORTE ALUMNOS",
	    "reporte de sus alumnos en servicio (PDF y CSV); responde a la "
	    "petición de la coordinación si la hay"},
	{CMD_BAJA, D, 1, h_baja, "BAJA <matrícula> <motivo>",
	    "pide a la coordinación la baja de un estudiante"},
	{CMD_VALIDAR, D, 1, h_validar, "VALIDAR <matrícula>",
	    "evalúa el reporte en revisión del alumno; en el cuerpo: "
	    "Calificación (Excelente, Notable, Bueno, Suficiente o "
	    "Insuficiente) y, si quiere, Observaciones"},
	{CMD_OBSERVAR, D, 1, h_observar, "OBSERVAR <matrícula> <motivo>",
	    "devuelve al alumno su reporte en revisión con sus observaciones"},
	{CMD_LIBERAR, D, 1, h_liberar, "LIBERAR <matrícula>",
	    "emite la carta de liberación; en el cuerpo: Gerente, "
	    "Jefe inmediato"},

	/* COORDINADOR */
	{CMD_APROBAR, C, 1, h_aprobar, "APROBAR <código>",
	    "aprueba un asunto pendiente (convenio, presentación, reporte, "
	    "baja)"},
	{CMD_RECHAZAR, C, 1, h_rechazar_codigo, "RECHAZAR <código> <motivo>",
	    "rechaza un asunto pendiente"},
	{CMD_PENDIENTES, C, 0, h_pendientes, "PENDIENTES",
	    "asuntos que esperan su decisión, cada uno con su código"},
	{CMD_REPORTE_ALUMNOS, C, 0, h_reporte_alumnos, "REPORTE ALUMNOS",
	    "alumnos en servicio social (PDF y CSV)"},
	{CMD_REPORTE_DEPENDENCIAS, C, 0, h_reporte_dependencias,
	    "REPORTE DEPENDENCIAS",
	    "dependencias con convenio autorizado (PDF y CSV)"},
	{CMD_SOLICITAR_REPORTE, C, 1, h_solicitar_reporte,
	    "SOLICITAR REPORTE <dependencia>",
	    "pide a una dependencia (RFC o correo) su reporte de alumnos"},
	{CMD_CAMBIO, C, 1, h_cambio, "CAMBIO <matrícula> <motivo>",
	    "autoriza el cambio de dependencia de un alumno en servicio: "
	    "termina el servicio actual y conserva sus horas aceptadas"},
	{CMD_PAUSA, C, 1, h_pausa, "PAUSA <matrícula> <motivo>",
	    "pausa el servicio de un alumno (causa grave, art. 55); en el "
	    "cuerpo: Desde y, si la conoce, Hasta (dd/mm/aaaa)"},
	{CMD_REANUDAR, C, 1, h_reanudar, "REANUDAR <matrícula>",
	    "termina la pausa del servicio de un alumno"},
	{CMD_FINALIZAR, C, 1, h_finalizar, "FINALIZAR <matrícula>",
	    "emite la carta de finalización tras la liberación"},
	{CMD_DOCUMENTO, C, 1, h_documento, "DOCUMENTO <número>",
	    "le enviamos un documento guardado (los de identidad no viajan "
	    "en los avisos cuando así se configura); queda registrado"},
	{CMD_NUEVA_DIRECCION, C, 1, h_nueva_direccion,
	    "NUEVA DIRECCION <correo o matrícula>",
	    "anula la dirección personal de una cuenta y le envía una nueva"},
	{CMD_ANULAR_DIRECCION, C, 1, h_anular_direccion,
	    "ANULAR DIRECCION <correo o matrícula>",
	    "anula la dirección personal de una cuenta"},

	/* everyone */
	{CMD_ESTADO, A | D | C | N, 0, h_estado, "ESTADO",
	    "en qué punto está su trámite y qué sigue"},
	{CMD_VERIFICAR, A | D | C | N, 0, h_verificar, "VERIFICAR <folio>",
	    "comprueba si una carta con ese folio es auténtica"},
	{CMD_PRIVACIDAD, A | D | C | N, 0, h_privacidad, "PRIVACIDAD",
	    "el aviso de privacidad integral: qué datos tratamos, para qué "
	    "y cómo ejercer sus derechos ARCO"},
	{CMD_MIS_DATOS, A | D | C | N, 1, h_mis_datos, "MIS DATOS",
	    "acceso: le enviamos todo lo que tenemos sobre usted (resumen en "
	    "PDF y sus documentos)"},
	{CMD_RECTIFICAR, A | D | C | N, 1, h_rectificar, "RECTIFICAR",
	    "pide corregir sus datos; en el cuerpo, una línea «Campo: "
	    "valor» por dato"},
	{CMD_CANCELAR_MIS_DATOS, A | D | C | N, 1, h_cancelar_mis_datos,
	    "CANCELAR MIS DATOS",
	    "bloquea sus datos desde hoy y pide eliminarlos al terminar su "
	    "plazo de conservación"},
	{CMD_OPOSICION, A | D | C | N, 1, h_oposicion, "OPOSICION <motivo>",
	    "se opone a un uso de sus datos; la coordinación le responde"},
	{CMD_AYUDA, A | D | C | N, 0, h_ayuda, "AYUDA",
	    "esta ayuda"},
};

const size_t command_table_len = ARRAY_LEN(command_table);

const struct command_def *
command_find(enum command cmd, enum role role)
{
	for (size_t i = 0; i < command_table_len; i++)
		if (command_table[i].cmd == cmd &&
		    (command_table[i].roles & ROLE_BIT(role)))
			return &command_table[i];
	return NULL;
}

/*
 * A decision token (identify.c) authorises the decision it names and
 * nothing else: a coordinator's on its matter, an agency's on its
 * application or on the report it was asked for.  The handler then checks
 * that what the message decides is that very one (find_matter,
 * agency_application).
 */
static int
token_covers(const struct hctx *ctx, const struct command_def *def)
{
	switch (ctx->token_kind) {
	case RTOK_MATTER:
		return ctx->role == ROLE_COORDINADOR &&
		    (def->cmd == CMD_APROBAR || def->cmd == CMD_RECHAZAR);
	case RTOK_SOLICITUD:
		return ctx->role == ROLE_DEPENDENCIA &&
		    (def->cmd == CMD_ACEPTAR || def->cmd == CMD_RECHAZAR);
	case RTOK_PETICION:
		return ctx->role == ROLE_DEPENDENCIA &&
		    def->cmd == CMD_REPORTE_ALUMNOS;
	default:
		return 0;
	}
}

int
dispatch_command(struct hctx *ctx)
{
	const struct command_def *def;

	/* two readings: ask, change nothing */
	if (ctx->cl->question != NULL)
		return h_pregunta(ctx);
	if (ctx->cl->cmd == CMD_NONE)
		return h_desconocido(ctx);
	if ((def = command_find(ctx->cl->cmd, ctx->role)) == NULL)
		return h_otro_rol(ctx);
	if (!def->changes_state || ctx->verified || ctx->confirming ||
	    !ctx->cfg->require_verified_sender || token_covers(ctx, def))
		return def->fn(ctx);
	/* A coordinator is proven by its MX or a scoped token, or not at
	   all: a confirmation round-trip proves only that someone reads
	   the mailbox, and a forged From gets the real coordinator asked. */
	if (ctx->role == ROLE_COORDINADOR)
		return h_coordinador_no_verificado(ctx);
	return h_confirmar_pedir(ctx);
}

static int
run(struct hctx *ctx)
{
	/* A reply to a confirmation answers it, whatever else it says. */
	if (ctx->token_kind == RTOK_CONFIRM)
		return h_confirmar_responder(ctx);
	return dispatch_command(ctx);
}

int
handlers_dispatch(struct hctx *ctx)
{
	const struct command_line *said = ctx->cl;
	struct command_line meant;
	char meant_args[16];
	int rc;

	if ((rc = intent_resolve(ctx, &meant, meant_args)) < 0)
		return -1;
	if (rc == 1)
		ctx->cl = &meant;
	vars_set(tr_vars(ctx), "comando", ctx->cl->code);
	vars_set(tr_vars(ctx), "argumentos", caps_sender_unknown(ctx) ? "" :
	    ctx->cl->args);
	rc = run(ctx);
	if (rc == 0 && !ctx->reply.suppress && ctx->reply.body.len == 0)
		tr_render(ctx, NULL);
	docs_notes_free(ctx);
	ctx->cl = said;
	if (rc == 0 && !ctx->reply.suppress) {
		if (ctx->reply.body.len == 0)
			tr_render(ctx, NULL);
		if (ctx->reply.reply_to == NULL)
			reply_seal(ctx, RTOK_ACCOUNT, ctx->account_id);
	}
	tr_free(ctx);
	sodium_memzero(ctx->token_key, sizeof(ctx->token_key));
	sodium_memzero(ctx->code_key, sizeof(ctx->code_key));
	return rc;
}
