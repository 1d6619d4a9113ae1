/* SPDX-License-Identifier: ISC */
/*
 * maintenance.h - the database's housekeeping as periodic jobs, so that
 * none of it runs on the path of a message or of a delivery run (issue 15:
 * forgetting the bytes of sent mail at every delivery run cost 35 ms a
 * run at 54,000 messages and held the write lock meanwhile).
 *
 *   outbox.forget_sent, hourly: the bytes of mail sent more than
 *     [smtp] keep_sent_days ago are dropped (the row stays);
 *   database.optimize, daily (and so at the first start): fresh
 *     statistics for the query planner (store_optimize, bounded).
 */
#ifndef TEQUIO_MAINTENANCE_H
#define TEQUIO_MAINTENANCE_H

struct config;
struct periodic;
struct store;

void maintenance_register(struct periodic *p, const struct config *cfg,
    struct store *st);

#endif
