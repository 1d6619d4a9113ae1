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

#include "config/config.h"
#include "handlers/handlers.h"
#include "letters/report.h"
#include "store/store_stats.h"

/* Attach t to the reply as name.pdf and name.csv.  0, -1. */
int report_attach(struct hctx *ctx, const struct report_table *t,
    const char *name);

/*
 * The account of what was written: an address, a matrícula (any
 * spelling matricula_normalize accepts) or an agency's RFC or name.
 * 1 found (*id set), 0 nobody, -1 on a database error.
 */
int account_find(struct store *st, const char *what, int64_t *id);

/*
 * Take "periodo=NAME" (or "periodo NAME") out of words (folded, as the
 * filters are read).  0 when none was written, 1 with *p, -1 when the
 * name is none of [periods]; *named is what was written (caller frees;
 * NULL when 0).
 */
int desk_period_arg(const struct config *cfg, char *words,
    const struct period **p, char **named);
/* The days of p as store_stats.h counts them; NULL: every day. */
struct stats_span desk_span_of(const struct period *p);
/*
 * A report about today (students in service, agencies): with [periods],
 * its header says "Periodo en curso: 2027A (del ... al ...)" and it gets
 * a last column "Periodo"; returns what that column holds (the name, ""
 * when no period covers today), or NULL without [periods] (no column).
 */
const char *desk_period_today(const struct config *cfg,
    struct report_table *t);
/* "2026B, 2027A y 2027B" (caller frees). */
char *desk_period_names(const struct config *cfg);
/* What a report's header says of its period: "Periodo 2027A (del ... al
   ...)", "Todos los periodos" when there are periods and none was asked
   for, "" without [periods].  Caller frees. */
char *desk_period_subtitle(const struct config *cfg, const struct period *p);

#endif
