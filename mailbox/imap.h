/* SPDX-License-Identifier: ISC */
/*
 * imap.h - the mailbox, as tequio needs it.  imap.c is the only file that
 * speaks IMAP (libetpan); the rest of the daemon sees these calls.
 *
 * Errors are translated here into what the caller can act on:
 *   IMAP_OK      done
 *   IMAP_RETRY   the connection failed or broke: close, back off, reconnect
 *   IMAP_FATAL   configuration is wrong (login refused, certificate
 *                invalid, folder cannot be created): stop and tell the admin
 * Everything the server sends is untrusted: sizes are checked against the
 * configured limits before anything is downloaded.
 */
#ifndef TEQUIO_IMAP_H
#define TEQUIO_IMAP_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"

enum imap_status { IMAP_OK = 0, IMAP_RETRY = 1, IMAP_FATAL = 2 };

struct imap;

/*
 * Connect (plain, STARTTLS or implicit TLS as configured, verifying the
 * server certificate and name when TLS is on), LOGIN, create the processed
 * and quarantine folders if missing, and SELECT the inbox.
 */
enum imap_status imap_open(const struct config *cfg, struct imap **out,
    char *err, size_t errlen);
void imap_close(struct imap *im);

uint32_t imap_uidvalidity(const struct imap *im);
int imap_has_idle(const struct imap *im);
int imap_has_move(const struct imap *im);

struct imap_msginfo {
	uint32_t uid;
	uint32_t size;		/* RFC822.SIZE */
};

/*
 * All messages in the inbox with UID > after, with their sizes, in UID
 * order.  *out is malloc'd; the caller frees it.
 */
enum imap_status imap_list_new(struct imap *im, uint32_t after,
    struct imap_msginfo **out, size_t *n);

/*
 * Download whole messages (BODY.PEEK[], so \Seen is not set) for uids, in
 * one UID FETCH.  cb is called once per message that came back; raw is
 * valid only during the call.  A uid the server did not return is skipped.
 * cb returns 0 to go on, nonzero to stop (that value is returned as
 * IMAP_FATAL if it is not IMAP_RETRY).
 */
typedef int (*imap_fetch_cb)(void *arg, uint32_t uid, const char *raw,
    size_t len);
enum imap_status imap_fetch(struct imap *im, const uint32_t *uids, size_t n,
    imap_fetch_cb cb, void *arg);

/* Only the header section (BODY.PEEK[HEADER]) of one message. */
enum imap_status imap_fetch_header(struct imap *im, uint32_t uid, char **raw,
    size_t *len);

/* Move one message to folder: UID MOVE, or COPY + \Deleted + UID EXPUNGE. */
enum imap_status imap_move(struct imap *im, uint32_t uid, const char *folder);

/* Move several messages to folder with one command (UID set). */
enum imap_status imap_move_uids(struct imap *im, const uint32_t *uids,
    size_t n, const char *folder);

/*
 * Wait for the server to report a change: IDLE when available, for at most
 * max_seconds, returning early (IMAP_OK) when *stop becomes nonzero or the
 * server announces EXISTS/EXPUNGE.  Without IDLE this sleeps, and a NOOP
 * checks the connection is alive.  *woke is set to 1 when the server
 * reported something.
 */
enum imap_status imap_wait(struct imap *im, int max_seconds,
    volatile sig_atomic_t *stop, int *woke);

/*
 * Work on folder from now on (SELECT): imap_list_new, imap_fetch,
 * imap_search_header and imap_move then act on it.  For tequioctl
 * quarantine release, which looks for a message in the quarantine.
 */
enum imap_status imap_select(struct imap *im, const char *folder, char *err,
    size_t errlen);

/*
 * UIDs of the selected folder's messages whose header field contains
 * value (UID SEARCH HEADER, a substring match); value NULL: every message.
 * *out is malloc'd, sorted; the caller frees it.
 */
enum imap_status imap_search_header(struct imap *im, const char *field,
    const char *value, uint32_t **out, size_t *n);

/* Put raw into folder as a new message (APPEND, no flags). */
enum imap_status imap_append(struct imap *im, const char *folder,
    const char *raw, size_t len);

/* The list of folders a message can be in (for tests and tequioctl). */
enum imap_status imap_folder_count(struct imap *im, const char *folder,
    uint32_t *count);

#endif
