/* SPDX-License-Identifier: ISC */
/*
 * attach.h - the files inside a message's files (attach.c): winmail.dat
 * opened, forwarded messages' attachments taken, HEIC photos converted to
 * JPEG, oversize files remembered with their size.
 */
#ifndef TEQUIO_ATTACH_H
#define TEQUIO_ATTACH_H

#include <stddef.h>

#include "mail/message.h"

/*
 * After the MIME walk: open each winmail.dat and forwarded message among
 * m's attachments (marked container; their files are appended with
 * origin set), and convert HEIC/HEIF photos to JPEG (converted_from
 * "HEIC").  Limits as for the message; magic may be NULL.
 */
void attach_discover(struct message *m, const struct parse_limits *lim,
    void *magic);

/* Remember a file dropped for its size (for the reply and the log). */
void attach_note_oversize(struct message *m, const char *name, size_t len);

/* Free what attach_discover and attach_note_oversize added to m. */
void attach_free(struct message *m);

#endif
