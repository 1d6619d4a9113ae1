/* SPDX-License-Identifier: ISC */
/*
 * authres.h - trusting our own server's Authentication-Results (RFC 8601),
 * exactly as a real MX writes them.
 *
 * A Postfix + OpenDKIM + OpenDMARC (+ SPF) stack writes one header per
 * milter, all with the same authserv-id, above its own Received line, and
 * removes none that the sender wrote (README: the MX settings this relies
 * on).  So:
 *
 *  1. The headers that count are those with the trusted authserv-id
 *     (compared ignoring case) above the first Received line, the MX's own.
 *     With no Received line at all, the contiguous group of them at the top.
 *  2. One with that id anywhere below is the sender's: the message is
 *     forged, and nothing verifies it (logged).
 *  3. A fail or softfail about the From domain (dkim header.d, spf
 *     smtp.mailfrom, dmarc header.from) beats any pass; two different
 *     results of one method for one domain contradict each other and
 *     verify nothing.
 *  4. Alignment is strict: dkim=pass counts when header.d is the From
 *     domain itself and the message carries a DKIM-Signature with that d=;
 *     spf=pass when smtp.mailfrom's domain is the From domain and the
 *     Return-Path's.  dmarc=pass alone proves nothing: students share the
 *     organisational domain with the coordinators.
 *  5. A message with more than one From, Sender, Reply-To, Subject, To,
 *     Date or Message-ID, or a From with other than one mailbox, is not
 *     sound (DKIM replay: the signature covers the last header, we read
 *     the first).
 *
 * Quoted strings and comments are parsed per RFC 8601 / RFC 5322: a ';'
 * inside either separates nothing.
 */
#ifndef TEQUIO_AUTHRES_H
#define TEQUIO_AUTHRES_H

#include <stddef.h>

#include "mail/message.h"

struct authres_verdict {
	int sound;		/* (5) holds */
	int forged;		/* (2): our id below the MX's Received line */
	int from_failed;	/* (3): a fail for the From domain */
	int contradictory;	/* (3): results that disagree */
	int dkim;		/* (4): an aligned, signed DKIM pass */
	int spf;		/* (4): an aligned SPF pass */
	char why[96];		/* a short English note for the log */
};

/* Fill v for m with our authserv-id id (NULL or "" trusts nothing). */
void authres_check(const struct message *m, const char *id,
    struct authres_verdict *v);

/*
 * Nothing may vouch for this message (no token, no personal address): not
 * sound, forged, or the From domain failed.
 */
int authres_distrusted(const struct authres_verdict *v);

/* The From address proven by the MX; need_dkim for coordinators. */
int authres_proven(const struct authres_verdict *v, int need_dkim);

#endif
