/* SPDX-License-Identifier: ISC */
/*
 * store_privacy.h - what tequio remembers about personal data itself
 * (issue 12): to whom the aviso de privacidad was shown, and every
 * disclosure of personal data (the access log).  The tables come from
 * migrations 10 and 13 (migrate.c).
 */
#ifndef TEQUIO_STORE_PRIVACY_H
#define TEQUIO_STORE_PRIVACY_H

#include <stdint.h>

struct store;

/*
 * Record that the simplified aviso went to address (normalised) now.
 * Returns 1 when it is the first time (the aviso must travel with this
 * reply), 0 when it was shown before, -1 on a database error.
 */
int store_privacy_notice_first(struct store *st, const char *address,
    int64_t now, int64_t msg_row);

/*
 * The account with email (as stored) notes when the aviso was shown to
 * address, if it has no date yet.  0, -1.
 */
int store_privacy_account_mark(struct store *st, const char *email,
    const char *address);

/* One disclosure of personal data: to recipient, about account_id (0:
   none), what ("documento 7 (ine)", "respuesta de acceso (ARCO)").
   0, -1. */
int store_access_log_add(struct store *st, int64_t at, const char *recipient,
    int64_t account_id, const char *what, int64_t msg_row);

/* Every disclosure since since, oldest first, handed to fn (tequioctl
   access-log).  0, -1. */
typedef void (*access_row_fn)(void *arg, int64_t at, const char *recipient,
    int64_t account_id, const char *what, int64_t msg_row);
int store_access_log_list(struct store *st, int64_t since, access_row_fn fn,
    void *arg);

#endif
