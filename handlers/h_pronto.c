/*
 * h_pronto.c - TEMPORARY: commands whose handler is still being written
 * answer that they are not available yet.  Each function leaves this file
 * when its real handler lands.
 */
#include "commands.h"
#include "hutil.h"

static int
pronto(struct hctx *ctx)
{
	tr_error(ctx, "El comando %s todavía no está disponible; no se hizo "
	    "ningún cambio.", ctx->cl->code);
	tr_next(ctx, "Escriba AYUDA para ver lo que puede hacer hoy.");
	return 0;
}

int h_confirmar_pedir(struct hctx *ctx) { return pronto(ctx); }
int h_confirmar_ejecutar(struct hctx *ctx) { return pronto(ctx); }
int h_registro(struct hctx *ctx) { return pronto(ctx); }
int h_foto(struct hctx *ctx) { return pronto(ctx); }
int h_presentacion(struct hctx *ctx) { return pronto(ctx); }
int h_programas(struct hctx *ctx) { return pronto(ctx); }
int h_programa(struct hctx *ctx) { return pronto(ctx); }
int h_solicitud(struct hctx *ctx) { return pronto(ctx); }
int h_aceptar(struct hctx *ctx) { return pronto(ctx); }
int h_rechazar_solicitud(struct hctx *ctx) { return pronto(ctx); }
int h_reporte(struct hctx *ctx) { return pronto(ctx); }
int h_registro_dependencia(struct hctx *ctx) { return pronto(ctx); }
int h_documentos(struct hctx *ctx) { return pronto(ctx); }
int h_baja(struct hctx *ctx) { return pronto(ctx); }
int h_liberar(struct hctx *ctx) { return pronto(ctx); }
int h_aprobar(struct hctx *ctx) { return pronto(ctx); }
int h_rechazar_codigo(struct hctx *ctx) { return pronto(ctx); }
int h_pendientes(struct hctx *ctx) { return pronto(ctx); }
int h_solicitar_reporte(struct hctx *ctx) { return pronto(ctx); }
int h_finalizar(struct hctx *ctx) { return pronto(ctx); }
int h_reporte_alumnos(struct hctx *ctx) { return pronto(ctx); }
int h_reporte_dependencias(struct hctx *ctx) { return pronto(ctx); }
