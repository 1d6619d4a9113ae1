/* SPDX-License-Identifier: ISC */
/*
 * desk.h - the coordinators' desk by mail (issue 11): what h_expediente.c
 * (EXPEDIENTE, ESTADISTICAS) and h_informes.c (the reports) share, and the
 * lookup tequioctl history uses too, so the console and the mail find a
 * person the same way.
 */
#ifndef TEQUIO_DESK_H
#define TEQUIO_DESK_H

#include <stdint.h>

#include "handlers/handlers.h"
#include "letters/report.h"

/* Attach t to the reply as name.pdf and name.csv.  0, -1. */
int report_attach(struct hctx *ctx, const struct report_table *t,
    const char *name);

/*
 * The account of what was written: an address, a matrícula (any
 * spelling matricula_normalize accepts) or an agency's RFC or name.
 * 1 found (*id set), 0 nobody, -1 on a database error.
 */
int account_find(struct store *st, const char *what, int64_t *id);

#endif
