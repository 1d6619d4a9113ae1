/* SPDX-License-Identifier: ISC */
/*
 * autodetect.h - whether a parsed message was sent by a machine and must
 * never be answered (RFC 3834, delivery reports, lists, our own mail).
 * Private to the parser: mime.c calls it once the message is read.
 */
#ifndef TEQUIO_AUTODETECT_H
#define TEQUIO_AUTODETECT_H

#include "mail/message.h"

/*
 * The first reason found, or AUTO_NONE.  report_part says the MIME tree
 * has a delivery-status, disposition-notification or feedback-report part
 * at its top (the parser sees that, the headers alone do not).  lim may be
 * NULL (no loop checks then).
 */
enum auto_kind autodetect(const struct message *m,
    const struct parse_limits *lim, int report_part);

#endif
