/* SPDX-License-Identifier: ISC */
/*
 * convenio.h - the convenio's term once it is issued (issue 11): kept
 * (store_convenio.h), checked before an agency publishes or accepts, and
 * announced to the agency and the coordinators 60 and 15 days before it
 * ends.
 */
#ifndef TEQUIO_CONVENIO_H
#define TEQUIO_CONVENIO_H

#include <stdint.h>

#include "common/caldate.h"
#include "handlers/handlers.h"

struct buf;
struct reply_att;

/* Days before the end at which the RENOVAR reminders go. */
#define CONVENIO_FIRST_NOTICE_DAYS	60
#define CONVENIO_LAST_NOTICE_DAYS	15

/* The convenio PDF of agency_id (v gets dependencia.* and convenio.*),
   running [convenio] years from today; its term is kept.  0, -1. */
int convenio_issue(struct hctx *ctx, int64_t agency_id, struct vars *v,
    struct reply_att *pdf, char **folio);

/* 1 when agency_id's convenio ended before ctx->now (why says when and
   what to do), 0 when it runs or its term is unknown, -1 on error. */
int convenio_ended(struct hctx *ctx, int64_t agency_id, struct buf *why);

/* 1 when agency_id's convenio ended before ctx->now, with its last day
   in words in *last_day (the caller frees it); 0 when it runs or its
   term is unknown (*last_day NULL); -1 on error. */
int convenio_ended_on(struct hctx *ctx, int64_t agency_id, char **last_day);

/* The last day of agency_id's convenio in words into *out ("" when its
   term is unknown); the caller frees it.  0, -1. */
int convenio_last_day(struct hctx *ctx, int64_t agency_id, char **out);

/* Send the reminders ctx->now calls for, inside the caller's
   transaction; each is recorded (wf_reminder) with its mail, so it goes
   once.  0, -1. */
int convenio_tick(struct hctx *ctx);

#endif
