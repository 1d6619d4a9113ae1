/* SPDX-License-Identifier: ISC */
/*
 * store_arco.h - ARCO requests (acceso, rectificación, cancelación,
 * oposición) and what an acceso returns: everything held about a person
 * (issue 12).  The table comes from migration 12 (migrate.c).
 */
#ifndef TEQUIO_STORE_ARCO_H
#define TEQUIO_STORE_ARCO_H

#include <stddef.h>
#include <stdint.h>

struct store;

struct arco_request {
	int64_t id;
	char *email;
	int64_t account_id;	/* 0: no account */
	char *kind;		/* acceso, rectificacion, cancelacion, oposicion */
	char *detail;
	char *state;		/* abierta, respondida, atendida, negada */
	int64_t created;
	int64_t due;
};

void arco_request_free(struct arco_request *r);

/* A new request; *id its row.  0, -1. */
int store_arco_insert(struct store *st, const struct arco_request *r,
    int64_t msg_row, int64_t *id);
/* 1 and *r, 0 when absent, -1. */
int store_arco_get(struct store *st, int64_t id, struct arco_request *r);
int store_arco_set_state(struct store *st, int64_t id, const char *state);

/* The open requests due before until, oldest deadline first, into *out
   (caller frees each with arco_request_free, then the array).  0, -1. */
int store_arco_open_due(struct store *st, int64_t until,
    struct arco_request **out, size_t *n);

/* The account is blocked from now on (cancelación): its data is no
   longer used or sent, and is purged with a finished student's.  0, -1. */
int store_arco_block(struct store *st, int64_t account_id, int64_t now);
/* 1 when the account is blocked, 0 when not, -1. */
int store_arco_blocked(struct store *st, int64_t account_id);

/*
 * Everything held about email / account_id, as (section, item, value)
 * rows handed to fn, in a fixed order: account, student or agency
 * record, documents, letters issued, history, messages received, ARCO
 * requests, disclosures.  0, -1.
 */
typedef void (*arco_row_fn)(void *arg, const char *section,
    const char *item, const char *value);
int store_arco_summary(struct store *st, const char *email,
    int64_t account_id, arco_row_fn fn, void *arg);

/* The ids of the account's documents still kept (caller frees).  0, -1. */
int store_arco_documents(struct store *st, int64_t account_id,
    int64_t **ids, size_t *n);

#endif
