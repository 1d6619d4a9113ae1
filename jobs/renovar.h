/* SPDX-License-Identifier: ISC */
/*
 * renovar.h - the convenio reminders' periodic job "convenio.renovar".
 */
#ifndef TEQUIO_RENOVAR_H
#define TEQUIO_RENOVAR_H

struct config;
struct letters;
struct periodic;
struct store;

/* Run convenio_tick as the periodic job "convenio.renovar".  The
   pointers must outlive p. */
void renovar_register(struct periodic *p, const struct config *cfg,
    struct store *st, struct letters *l, const unsigned char *secret);

#endif
