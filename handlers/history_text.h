/* SPDX-License-Identifier: ISC */
/*
 * history_text.h - one event of a person's history in the words a
 * coordinator reads (EXPEDIENTE by mail, tequioctl history): the stored
 * words (states such as "en_servicio", outcomes such as "processed",
 * events such as "reporte_aprobado") never reach a person; each has a
 * Spanish description here or in the workflow's tables.
 */
#ifndef TEQUIO_HISTORY_TEXT_H
#define TEQUIO_HISTORY_TEXT_H

#include "common/util.h"
#include "store/store_history.h"
#include "store/store_workflow.h"

/* "bitácora", "decisión", "solicitud", ... for the column of the event. */
const char *history_section(enum history_kind k);
/* The event in Spanish, appended to out. */
void history_text(const struct history_event *e, struct buf *out);
/* A state of e as stored, in a few Spanish words for a file ("en
   servicio", "convenio vigente"); the workflow's sentence for a state
   this file does not name, the stored word only when e has no such
   state. */
const char *history_state_word(enum wf_entity e, const char *stored);
/* A kind of matter (MATTER_*) in words: "carta de presentación". */
const char *history_matter_word(const char *stored);
/* The same for an account's state, whichever its role. */
const char *history_account_state(const char *role, const char *stored);

#endif
