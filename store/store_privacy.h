/*
 * store_privacy.h - what tequio remembers about personal data itself
 * (issue 12): to whom the aviso de privacidad was shown, and which key
 * the spool is sealed with.  The tables come from migration 6
 * (migrate.c).
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

#endif
