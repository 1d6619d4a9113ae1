/* SPDX-License-Identifier: ISC */
/*
 * rawfrom.h - the sender of a message read without parsing it, for a
 * message that kills the process when it is parsed (see store_inflight.h):
 * it is set aside, and its sender told, without libetpan or any library
 * seeing it again.  Only the simplest, unfolded From line is read; anything
 * less plain, or any sign of automatic mail, means no address (no reply).
 */
#ifndef TEQUIO_RAWFROM_H
#define TEQUIO_RAWFROM_H

#include <stddef.h>

/*
 * Copy the lower-cased addr-spec of the header's single From into out
 * (outlen bytes) and return 1; 0 when there is none that is plain, safe
 * and from a person (no Auto-Submitted, Precedence, List-Id, X-Autoreply,
 * X-Loop or empty Return-Path; not MAILER-DAEMON or postmaster).
 * Linear in len.
 */
int rawfrom_address(const char *raw, size_t len, char *out, size_t outlen);

/* The single, unfolded Subject when it is plain printable ASCII (no
   encoded words) and fits in out: 1, else 0. */
int rawfrom_subject(const char *raw, size_t len, char *out, size_t outlen);

/* Length of the header section of raw (up to and including the blank
   line), or len when there is no body. */
size_t rawfrom_header_length(const char *raw, size_t len);

#endif
