/*
 * authres.h - trusting our own server's Authentication-Results (RFC 8601).
 *
 * The rule (SPEC 1): a sender is verified by Authentication-Results only
 * when all of these hold:
 *
 *  1. The header is in the topmost group: the first Authentication-Results
 *     header of the message, plus the ones directly under it (no other
 *     header between).  A receiving server prepends its results above
 *     everything it received, so only that group can be our server's; an
 *     Authentication-Results anywhere lower was in the message when it
 *     arrived, whatever authserv-id it claims, and is ignored (and logged
 *     as forged when it claims ours).
 *  2. Its authserv-id is exactly the configured trusted_authserv_id.
 *  3. It shows dkim=pass with header.d equal to the From domain (or
 *     header.i whose domain is the From domain), or spf=pass with
 *     smtp.mailfrom in the From domain.  Alignment is strict (the same
 *     domain, not a parent) because tequio does not know the public suffix
 *     list, and a parent domain such as edu.mx would align everything.
 *
 * The mail server must remove Authentication-Results headers that carry
 * its own authserv-id from incoming mail (RFC 8601 section 5) and add its
 * own on top; Postfix with OpenDKIM/OpenDMARC or rspamd do both.
 */
#ifndef TEQUIO_AUTHRES_H
#define TEQUIO_AUTHRES_H

#include <stddef.h>

#include "message.h"

/*
 * 1 when m's From is proven as above, 0 otherwise.  why (may be NULL)
 * receives a short English note for the log.
 */
int authres_verified(const struct message *m, const char *authserv_id,
    char *why, size_t whylen);

#endif
