/* SPDX-License-Identifier: ISC */
/*
 * arco_remind.h - reminders to the coordinators before an ARCO request's
 * legal deadline passes (issue 12).
 */
#ifndef TEQUIO_ARCO_REMIND_H
#define TEQUIO_ARCO_REMIND_H

#include <stdint.h>

struct config;
struct letters;
struct periodic;
struct store;

/* Days before the deadline from which the coordinators are reminded. */
#define ARCO_REMIND_DAYS	5

/*
 * Queue, inside a transaction of its own, one reminder a day per
 * coordinator for every open request due within ARCO_REMIND_DAYS (or
 * overdue).  0, -1.
 */
int arco_remind_run(const struct config *cfg, struct store *st,
    struct letters *l, int64_t now);

/* The daily job; cfg, st and l must outlive p. */
void arco_remind_register(struct periodic *p, const struct config *cfg,
    struct store *st, struct letters *l);

#endif
