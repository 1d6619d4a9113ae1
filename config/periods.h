/* SPDX-License-Identifier: ISC */
/*
 * periods.h - the institution's named periods ([periods] in tequio.conf):
 * "2027A = 01/02/2027 - 31/07/2027".  Reports and statistics filter by
 * them (periodo=2027A) and letters print the period of their date next
 * to the folio.  Read and checked here, with no other part of the
 * configuration, so the rules are tested alone: a name of letters,
 * digits and '-' (at most 16), two whole dates with " - " or " a "
 * between them, the end not before the start; after the whole file, no
 * two periods share a name or a day and none leaves a day uncovered
 * between the first and the last (a student's service has a period
 * every day it runs).
 */
#ifndef TEQUIO_PERIODS_H
#define TEQUIO_PERIODS_H

#include <stddef.h>

#include "common/caldate.h"

#define PERIOD_NAME_MAX 16

struct period {
	char name[PERIOD_NAME_MAX + 1];
	struct ymd from, to;	/* both days included */
	int line;		/* where the file named it */
};

struct periods {
	struct period *v;	/* in the order of their days once checked */
	size_t n;
};

/* Read "name = value" from line; 0, or -1 with the reason in err (no
   file or line: the caller adds them). */
int periods_add(struct periods *p, const char *name, const char *value,
    int line, char *err, size_t errlen);
/* After the whole file: sort by start, refuse a repeated name, overlap
   or gap.  0, or -1 with *line (of the period at fault) and err. */
int periods_check(struct periods *p, int *line, char *err, size_t errlen);
/* The period day d falls in, or NULL. */
const struct period *periods_at(const struct periods *p, struct ymd d);
/* The period named name (any case), or NULL. */
const struct period *periods_find(const struct periods *p, const char *name);
/* "2027A (del 1 de febrero de 2027 al 31 de julio de 2027)"; caller
   frees. */
char *period_describe(const struct period *pd);
void periods_free(struct periods *p);

#endif
