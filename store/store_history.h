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

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* Where an event comes from; the order of events at the same second. */
enum history_kind {
	HIST_AUDIT,		/* a transition: entity id, event, from → to,
				   who (actor), note */
	HIST_DECISION,		/* a decided matter: entity = its kind, to =
				   its state, who decided, note = motivo */
	HIST_PENDING,		/* an open matter: entity = its kind */
	HIST_APPLICATION,	/* id, to = its state, who = the agency, note =
				   motivo, name = the program, n1 its id */
	HIST_REPORT,		/* id = the application, to = its state, n1
				   hours, n2 served, grade */
	HIST_LETTER,		/* entity = the letter id, name = the folio */
	HIST_MAIL_IN,		/* id, to = the outcome, name = the command */
	HIST_MAIL_OUT		/* id, to = the status, name = the subject */
};

/* One event, with the words as stored (valid during the callback). */
struct history_event {
	int64_t at;
	enum history_kind kind;
	const char *entity, *event, *from, *to, *who, *note, *name, *grade;
	int64_t id, n1, n2;
};

/*
 * Call fn once per event of account_id (whose address is email), oldest
 * first.  0, -1.
 */
typedef void (*history_fn)(void *arg, const struct history_event *e);
int store_history(struct store *st, int64_t account_id, const char *email,
    history_fn fn, void *arg);

/* The folios of the letters issued to email, oldest first (caller frees
   each and the array).  0, -1. */
int store_history_folios(struct store *st, const char *email,
    char ***folios, size_t *n);

#endif
