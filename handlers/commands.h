/* SPDX-License-Identifier: ISC */
/*
 * commands.h - every command handler.  Each takes the context the
 * pipeline filled, adds its transcript (hutil.h) and returns 0 (handled,
 * perhaps refused) or -1 (database error: roll back, retry).
 *
 * The handlers of commands are declared from the command table
 * (commands.def): one file per group of commands, h_<group>.c, the ARCO
 * rights in h_arco.c, PRIVACIDAD and DOCUMENTO in privacy.c.  Declared by
 * hand here are the replies that are no command of the table.
 */
#ifndef TEQUIO_COMMANDS_H
#define TEQUIO_COMMANDS_H

#include "handlers/handlers.h"

#define USE(name, roles, effect, handler, token, usage, help) \
	int handler(struct hctx *ctx);
#include "handlers/commands.def"

/* h_ayuda.c: the unknown command, a command of another role. */
int h_desconocido(struct hctx *ctx);
int h_otro_rol(struct hctx *ctx);

/* h_confirmar.c: commands from unverified senders. */
int h_confirmar_pedir(struct hctx *ctx);
/* The answer to a confirmation mail: CONFIRMAR runs the kept command,
   anything else cancels it (and a denial is reported as a forgery). */
int h_confirmar_responder(struct hctx *ctx);
/* A coordinator command from an unproven sender: refused, never kept. */
int h_coordinador_no_verificado(struct hctx *ctx);

#endif
