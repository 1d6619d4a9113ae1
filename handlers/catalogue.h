/* SPDX-License-Identifier: ISC */
/*
 * catalogue.h - the catalogue's fields and filters (issue 11): what
 * PROGRAMA reads beyond the name and places (Carreras, Modalidad, Apoyo
 * económico, Vigente hasta), and what PROGRAMAS <filtros> understands in
 * plain words ("PROGRAMAS Derecho remota con apoyo").
 */
#ifndef TEQUIO_CATALOGUE_H
#define TEQUIO_CATALOGUE_H

#include <stddef.h>

#include "handlers/handlers.h"
#include "store/store_catalogue.h"
#include "store/store_workflow.h"

/*
 * Read the optional catalogue fields of a PROGRAMA form into i (always
 * filled; free with program_info_free).  1 valid, 0 something refused
 * (the reply says what and how to write it).
 */
int catalogue_read(struct hctx *ctx, struct program_info *i);

/* "Derecho, Contaduría · remota · $2,000 al mes · hasta el 30 de junio" */
char *catalogue_summary(const struct hctx *ctx,
    const struct program_info *i);

struct catalogue_filter {
	char *modalidad;	/* NULL any, else "presencial" ... */
	int con_apoyo;		/* only programs with economic support */
	char **terms;		/* folded words every program must contain */
	int *career;		/* terms[k] is some program's career */
	size_t n_terms;
	char *said;		/* the filters in Spanish, for the reply */
};

/* Understand words (any case or accents); never fails: unknown words
   become terms.  Free with catalogue_filter_free. */
void catalogue_filter_read(const char *words, struct catalogue_filter *f);
void catalogue_filter_free(struct catalogue_filter *f);

/* Mark the terms that name a career of one of the n programs' infos:
   those do not leave out a program open to every career. */
void catalogue_filter_careers(struct catalogue_filter *f,
    const struct program_info *infos, size_t n);

/* Whether p with i passes f and is still offered at now. */
int catalogue_match(const struct catalogue_filter *f,
    const struct wf_program *p, const struct program_info *i, int64_t now);

#endif
