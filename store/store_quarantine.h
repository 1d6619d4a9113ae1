/* SPDX-License-Identifier: ISC */
/*
 * store_quarantine.h - the messages tequiod set aside in the quarantine
 * folder (malformed, oversize, no readable sender, a command that kept
 * failing or killed the process), for tequioctl quarantine: what each
 * one was, when it came, and why it was set aside.
 */
#ifndef TEQUIO_STORE_QUARANTINE_H
#define TEQUIO_STORE_QUARANTINE_H

#include <stdint.h>

#include "store/store.h"

struct quarantined {
	int64_t id;		/* the message's row */
	int64_t received_at;
	const char *from_addr;
	const char *subject;
	const char *command;
	const char *note;	/* why it was set aside */
	const char *message_id;
	const char *spool_path;
	int64_t failures;	/* temporary failures counted (msg_failure) */
	const char *last_failure;	/* "" when none */
	int64_t deaths;		/* times the process died on it */
	int purged;		/* its spool copy was removed (retention) */
};

/* Call fn for each quarantined message, newest first (id 0), or for the
   one message id.  Strings live during the call.  0, -1. */
typedef void (*quarantine_fn)(void *arg, const struct quarantined *q);
int store_quarantine_list(struct store *st, int64_t id, quarantine_fn fn,
    void *arg);

#endif
