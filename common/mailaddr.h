/* SPDX-License-Identifier: ISC */
/*
 * mailaddr.h - the one test of an address tequio will write into a header
 * or an SMTP command, used by the configuration, composing and SMTP.
 */
#ifndef TEQUIO_MAILADDR_H
#define TEQUIO_MAILADDR_H

/* True when addr is a plain, safe addr-spec (local@domain). */
int mailaddr_ok(const char *addr);

/* A letter, digit or hyphen: what a domain's labels are made of. */
int mailaddr_is_domain_char(int c);

#endif
