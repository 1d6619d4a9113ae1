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

#include "effects.h"

static int
fx_pronto(struct wf_call *c)
{
	tr_error(c->ctx, "Esta parte del trámite todavía no está disponible.");
	return 1;
}

int fx_solicitud_crear(struct wf_call *c) { return fx_pronto(c); }
int fx_solicitud_enviar(struct wf_call *c) { return fx_pronto(c); }
int fx_aceptar(struct wf_call *c) { return fx_pronto(c); }
int fx_rechazar(struct wf_call *c) { return fx_pronto(c); }
int fx_reporte_recibir(struct wf_call *c) { return fx_pronto(c); }
int fx_reporte_aprobar(struct wf_call *c) { return fx_pronto(c); }
int fx_reporte_rechazar(struct wf_call *c) { return fx_pronto(c); }
int fx_dep_registrar(struct wf_call *c) { return fx_pronto(c); }
int fx_dep_documentos(struct wf_call *c) { return fx_pronto(c); }
int fx_convenio_emitir(struct wf_call *c) { return fx_pronto(c); }
int fx_convenio_rechazar(struct wf_call *c) { return fx_pronto(c); }
int fx_baja_pedir(struct wf_call *c) { return fx_pronto(c); }
int fx_baja_emitir(struct wf_call *c) { return fx_pronto(c); }
int fx_baja_rechazar(struct wf_call *c) { return fx_pronto(c); }
int fx_liberar(struct wf_call *c) { return fx_pronto(c); }
int fx_finalizar(struct wf_call *c) { return fx_pronto(c); }
int fx_programa_publicar(struct wf_call *c) { return fx_pronto(c); }
int fx_peticion_enviar(struct wf_call *c) { return fx_pronto(c); }
int fx_peticion_atender(struct wf_call *c) { return fx_pronto(c); }
int fx_asunto_decidir(struct wf_call *c) { return fx_pronto(c); }
