/* SPDX-License-Identifier: ISC */
/*
 * pipeline.h - one received message, from raw bytes to committed state and
 * queued reply.  Both mail sources (IMAP and --pipe) feed it.
 *
 * The order is the guarantee of SPEC section 4:
 *   1. the raw bytes are written to the spool and fsynced;
 *   2. one transaction records the message, runs the command and queues
 *      every mail it causes, and commits;
 *   3. only then does the caller move the message out of INBOX.
 * A crash anywhere repeats at most step 3: on restart the message is found
 * by UID, SHA-256 or Message-ID and only moved.
 */
#ifndef TEQUIO_PIPELINE_H
#define TEQUIO_PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "common/secret.h"
#include "config/config.h"

struct store;
struct letters;
struct pipeline;

enum pipe_result {
	PIPE_DONE = 0,		/* committed (or already known): move it; a
				   message that failed in a way that would
				   repeat is committed as quarantined */
	PIPE_TEMPFAIL = 1,	/* nothing committed: leave it, retry later
				   (a failure that should pass, counted) */
};

struct incoming {
	int64_t uidvalidity;	/* 0 for --pipe */
	int64_t uid;		/* 0 for --pipe */
	const char *raw;
	size_t len;
	/* raw holds only the header section: the message (full_size bytes)
	   is over max_message_bytes and was not downloaded */
	int headers_only;
	uint64_t full_size;
};

struct pipeline *pipeline_new(const struct config *cfg, struct store *st,
    struct letters *letters, const unsigned char secret[SECRET_LEN], char *err,
    size_t errlen);
void pipeline_free(struct pipeline *p);

/*
 * Process one message.  On PIPE_DONE, *folder (caller frees) is where the
 * message belongs and *row its database id; the caller moves it and then
 * calls pipeline_moved().
 */
enum pipe_result pipeline_process(struct pipeline *p,
    const struct incoming *in, char **folder, int64_t *row);
/*
 * Step 2 alone, for a message the caller already stored in the spool (sha
 * and path from spool_put, or a member of a published pack): the batch
 * path of fetch.c writes a whole batch to one pack and syncs it once.
 */
enum pipe_result pipeline_apply(struct pipeline *p,
    const struct incoming *in, const char *sha, const char *path,
    char **folder, int64_t *row);

/*
 * pipeline_apply with a committed count of deaths before it and the mark
 * cleared after, so a message that kills the process is counted; after
 * [limits] max_process_deaths deaths it is set aside unread instead.
 * Small by default (2): every death stops the mailbox until the service
 * manager restarts the daemon, and tequiod.service allows 5 starts in 10
 * minutes (the first death is the batch's, the quarantine needs one more
 * start: 4).  For --pipe.
 */
enum pipe_result pipeline_guarded(struct pipeline *p,
    const struct incoming *in, const char *sha, const char *path,
    char **folder, int64_t *row);

/*
 * Quarantine a message the process died on, without parsing it again (the
 * parse may be what kills it): recorded, its mark cleared, and its sender
 * (read by rawfrom.h, or nobody) given reply_no_procesado.  Its own
 * transaction.  PIPE_DONE with *folder the quarantine, or PIPE_TEMPFAIL.
 */
enum pipe_result pipeline_set_aside_unread(struct pipeline *p,
    const struct incoming *in, const char *sha, const char *path,
    int deaths, char **folder, int64_t *row);

/* Record that the message now sits in its folder. */
int pipeline_moved(struct pipeline *p, int64_t row);
int pipeline_moved_many(struct pipeline *p, const int64_t *rows, size_t n);

#endif
