/*
 * privacy.h - personal data as the 2025 laws ask (issue 12): the aviso
 * de privacidad that travels with the first reply to every new person.
 */
#ifndef TEQUIO_PRIVACY_H
#define TEQUIO_PRIVACY_H

#include "handlers.h"

/*
 * After the limits had their say (caps_apply_reply): when the reply goes
 * out and its recipient never got the aviso de privacidad, append the
 * simplified aviso (template reply_privacidad_simplificado) and record
 * that it was shown; an account of the sender notes the date.  Returns 0,
 * -1 on a database error.
 */
int privacy_first_contact(struct hctx *ctx);

#endif
