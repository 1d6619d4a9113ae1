/* SPDX-License-Identifier: ISC */
/*
 * fetch.h - keeping up with the mailbox: connect, find new messages by
 * UID, download them in batches, hand each to the pipeline, move it.
 *
 * The first pass after every (re)connection looks at the whole inbox, not
 * only past the stored cursor: a crash between commit and MOVE leaves a
 * message there that is already processed, and it must still be moved.
 * Such a message is recognised by (UIDVALIDITY, UID) without downloading
 * it again; after a UIDVALIDITY change, by its SHA-256 or Message-ID.
 */
#ifndef TEQUIO_FETCH_H
#define TEQUIO_FETCH_H

#include <signal.h>
#include <stddef.h>

#include "config/config.h"
#include "mailbox/imap.h"

struct store;
struct pipeline;
struct fetcher;

enum fetch_status {
	FETCH_OK = 0,		/* everything pending was handled */
	FETCH_RETRY = 1,	/* connection or temporary trouble */
	FETCH_FATAL = 2,	/* configuration: the admin must act */
};

struct fetcher *fetcher_new(const struct config *cfg, struct store *st,
    struct pipeline *pipe, volatile sig_atomic_t *stop);
void fetcher_free(struct fetcher *f);

/* Call fn(arg) each time a batch has been committed (new mail may be in
   the outbox). */
void fetcher_set_notify(struct fetcher *f, void (*fn)(void *), void *arg);

/*
 * The outcome of an imap_open made before the fetcher existed (tequiod
 * logs in while it opens the database): the first sync takes it, and
 * f owns im, instead of opening a connection itself.
 */
void fetcher_adopt(struct fetcher *f, struct imap *im, enum imap_status s,
    const char *err);

/* Connect if needed and process everything new in the inbox. */
enum fetch_status fetcher_sync(struct fetcher *f);

/*
 * Wait for new mail: IDLE (re-issued every idle_restart_seconds) or
 * poll_seconds, but no longer than max_seconds when that is >= 0.
 */
void fetcher_wait(struct fetcher *f, int max_seconds);

/* Sleep seconds unless stopped (reconnect backoff). */
void fetcher_sleep(struct fetcher *f, int seconds);


#endif
