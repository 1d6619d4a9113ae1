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

/*
 * Releasing a message (tequioctl quarantine release): the message goes
 * back to the inbox and tequiod reads it again as new.  What stopped it is
 * its record: store_msg_find recognises a message by (UIDVALIDITY, UID),
 * SHA-256 and Message-ID, and would move it straight back.  The release
 * forgets exactly that (the row stays, for history, with those three keys
 * cleared: its SHA-256 becomes "liberado:ID:SHA", its UID 0, its
 * Message-ID empty) and the message's failure and death counts, which
 * would set it aside again at once.  Other messages' records are not
 * touched: the never-twice guarantee holds for everything else.
 *
 * Order, so a crash at any point neither loses the message nor applies it
 * twice: (1) one transaction forgets the record and writes msg_release
 * (pending) and the audit line; (2) the message is moved back to the
 * inbox; (3) the release is marked done.  Between 1 and 3 the message is
 * in the quarantine (nobody reads it: run release again) or in the inbox
 * (read once, as new).  A record forgotten after the move (the other
 * order) would race tequiod, which could find the old record first and
 * move the message back to the quarantine for good.
 */
struct release {
	int64_t id;		/* the message's row */
	char *sha256;		/* what the message's bytes hash to */
	char *message_id;	/* "" when it had none */
	char *spool_path;	/* "" when its copy was removed */
	char *note;		/* why it was set aside ("oversize": the
				   spool holds only its header section) */
};
void release_clear(struct release *r);

enum release_state {
	RELEASE_BEGUN,		/* step 1 done now: move it */
	RELEASE_PENDING,	/* an earlier release stopped before step 3 */
	RELEASE_DONE,		/* released before: nothing to do */
	RELEASE_UNKNOWN,	/* no quarantined message with that id */
};

/* Step 1, audited with actor.  0 with *state (and *r unless UNKNOWN),
   -1. */
int store_release_begin(struct store *st, int64_t id, const char *actor,
    int64_t now, struct release *r, enum release_state *state);
/* 1 when tequiod has recorded the message again since (the release took
   effect): by its bytes or, as store_msg_find, its Message-ID from the
   same sender (read whole now, under a raised limit, its bytes differ
   from the header section recorded).  0 not, -1. */
int store_release_seen_again(struct store *st, const struct release *r);
/* Step 3.  0, -1. */
int store_release_finish(struct store *st, int64_t id, int64_t now);

#endif
