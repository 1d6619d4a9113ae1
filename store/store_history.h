/* SPDX-License-Identifier: ISC */
/*
 * store_history.h - one account's whole history in time order, for
 * tequioctl history (the coordinators' console) and the EXPEDIENTE a
 * coordinator asks for by mail: what it did, what was decided about it
 * and by whom, the applications, reports, letters and mail, and the audit
 * trail of everything that belongs to it (its applications, reports,
 * programs, documents and matters).
 */
#ifndef TEQUIO_STORE_HISTORY_H
#define TEQUIO_STORE_HISTORY_H

#include <stdint.h>

#include "store/store.h"

/*
 * Call fn once per event of account_id (whose address is email), oldest
 * first: at (Unix time), section (a Spanish word: "bitácora", "decisión",
 * "pendiente", "solicitud", "reporte", "carta", "correo recibido",
 * "correo enviado") and text.  0, -1.
 */
typedef void (*history_fn)(void *arg, int64_t at, const char *section,
    const char *text);
int store_history(struct store *st, int64_t account_id, const char *email,
    history_fn fn, void *arg);

#endif
