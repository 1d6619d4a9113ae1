/* SPDX-License-Identifier: ISC */
/*
 * store_convenio.h - the term of each agency's convenio (issue 11): the
 * day it starts and the day after it ends, written when the convenio PDF
 * is issued, so that PROGRAMA and ACEPTAR can be refused once it ended and
 * the RENOVAR reminders know when to go.  An agency whose convenio was
 * issued before terms were kept has no row: its term is unknown.
 */
#ifndef TEQUIO_STORE_CONVENIO_H
#define TEQUIO_STORE_CONVENIO_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct convenio_term {
	int64_t agency_id;
	int64_t starts_at;	/* local midnight of the first day */
	int64_t ends_at;	/* local midnight after the last day */
};

/* Add or replace the term of agency_id.  0, -1. */
int store_convenio_put(struct store *st, const struct convenio_term *t);
/* The term of agency_id: 1 found, 0 none, -1 error. */
int store_convenio_get(struct store *st, int64_t agency_id,
    struct convenio_term *t);
/* Every term that ends after since and not after until, soonest first;
   *out freed by the caller (free()).  0, -1. */
int store_convenio_ending(struct store *st, int64_t since, int64_t until,
    struct convenio_term **out, size_t *n);

/* An agency whose convenio runs with no term kept (issued before
   migration 22), and its latest convenio letter in the register. */
struct convenio_untermed {
	int64_t agency_id;
	char *folio;		/* "" when the register has none */
	int64_t issued_at;	/* 0 when the register has none */
};

/* Every agency in state (the state's word) with no term, with its
   latest convenio letter; *out freed with convenio_untermed_free.
   0, -1. */
int store_convenio_untermed(struct store *st, const char *state,
    struct convenio_untermed **out, size_t *n);
void convenio_untermed_free(struct convenio_untermed *v, size_t n);

#endif
