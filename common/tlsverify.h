/* SPDX-License-Identifier: ISC */
/*
 * tlsverify.h - verification of a server's certificate chain, for the
 * protocol code whose TLS library does not do it (libetpan hands back the
 * chain after the handshake and checks nothing).
 *
 * The chain is what the server sent, leaf first, each certificate in DER.
 * It is accepted when it leads to a trusted authority (the system's store
 * plus, when ca_file is set, the PEM certificates in it), every certificate
 * is within its validity dates, the leaf may be used for a TLS server, and
 * the leaf names host: a DNS name (wildcards as RFC 6125 allows) or, when
 * host is an IPv4/IPv6 literal, an IP address subjectAltName.
 */
#ifndef TEQUIO_TLSVERIFY_H
#define TEQUIO_TLSVERIFY_H

#include <stddef.h>

/* Longer chains are refused: no real server sends more. */
#define TLSVERIFY_MAX_CHAIN 16

struct tlsverify_cert {
	const unsigned char *der;
	size_t len;
};

/*
 * 0 when the chain is acceptable for host.  -1 otherwise, with a sentence
 * for the administrator in err (what was wrong and, when it helps, what to
 * configure).  ca_file may be NULL or "".
 */
int tlsverify_chain(const struct tlsverify_cert *chain, size_t n,
    const char *host, const char *ca_file, char *err, size_t errlen);

#endif
