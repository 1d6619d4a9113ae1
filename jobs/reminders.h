/* SPDX-License-Identifier: ISC */
/*
 * reminders.h - the periodic jobs that send reminders: the report
 * calendar's "calendar.reminders" and the convenio's "convenio.renovar".
 */
#ifndef TEQUIO_REMINDERS_H
#define TEQUIO_REMINDERS_H

struct config;
struct letters;
struct periodic;
struct store;

/* Run calendar_tick as the periodic job "calendar.reminders". The
   pointers must outlive p. */
void reminders_register(struct periodic *p, const struct config *cfg,
    struct store *st, struct letters *l, const unsigned char *secret);

/* Run convenio_tick as the periodic job "convenio.renovar". */
void renovar_register(struct periodic *p, const struct config *cfg,
    struct store *st, struct letters *l, const unsigned char *secret);

#endif
