/* SPDX-License-Identifier: ISC */
/*
 * tlsverify.c - certificate chain and host name verification with GnuTLS
 * (see tlsverify.h).  This is the only file that includes GnuTLS headers.
 *
 * The chain is checked in two steps so that the administrator reads which
 * one failed: first trust (authority, dates, signatures, key purpose),
 * then whether the leaf names the host tequio was told to connect to.
 */
#include "common/tlsverify.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "common/util.h"

/* Replace what is not printable ASCII: a certificate is untrusted text. */
static void
sanitize(char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			*s = '?';
}

static int
load_trust(gnutls_x509_trust_list_t *out, const char *ca_file, char *err,
    size_t errlen)
{
	gnutls_x509_trust_list_t tl;
	int r, total = 0;

	if (gnutls_x509_trust_list_init(&tl, 0) < 0) {
		snprintf(err, errlen, "cannot set up a certificate trust list");
		return -1;
	}
	/* A machine without ca-certificates may still trust ca_file. */
	r = gnutls_x509_trust_list_add_system_trust(tl, 0, 0);
	if (r > 0)
		total += r;
	if (ca_file != NULL && ca_file[0] != '\0') {
		r = gnutls_x509_trust_list_add_trust_file(tl, ca_file, NULL,
		    GNUTLS_X509_FMT_PEM, 0, 0);
		if (r <= 0) {
			snprintf(err, errlen, "tls_ca_file %s: no PEM "
			    "certificate could be read from it (%s)", ca_file,
			    r < 0 ? gnutls_strerror(r) : "file holds none");
			goto fail;
		}
		total += r;
	}
	if (total == 0) {
		snprintf(err, errlen, "no trusted certificate authorities: "
		    "install ca-certificates or set tls_ca_file");
		goto fail;
	}
	*out = tl;
	return 0;
fail:
	gnutls_x509_trust_list_deinit(tl, 1);
	return -1;
}

static int
import_chain(const struct tlsverify_cert *chain, size_t n,
    gnutls_x509_crt_t *crts, size_t *ncrts, char *err, size_t errlen)
{
	gnutls_datum_t d;
	size_t i;
	int r;

	*ncrts = 0;
	for (i = 0; i < n; i++) {
		if (gnutls_x509_crt_init(&crts[i]) < 0) {
			snprintf(err, errlen, "out of memory for certificates");
			return -1;
		}
		*ncrts = i + 1;
		if (chain[i].len > UINT32_MAX) {
			snprintf(err, errlen, "server certificate %zu is too "
			    "large", i + 1);
			return -1;
		}
		d.data = (unsigned char *)chain[i].der;
		d.size = (unsigned int)chain[i].len;
		r = gnutls_x509_crt_import(crts[i], &d, GNUTLS_X509_FMT_DER);
		if (r < 0) {
			snprintf(err, errlen, "server certificate %zu cannot "
			    "be parsed: %s", i + 1, gnutls_strerror(r));
			return -1;
		}
	}
	return 0;
}

static int
check_trust(gnutls_x509_trust_list_t tl, gnutls_x509_crt_t *crts, size_t n,
    const char *ca_file, char *err, size_t errlen)
{
	gnutls_typed_vdata_st purpose;
	gnutls_datum_t text;
	unsigned int status = 0;
	int r;

	purpose.type = GNUTLS_DT_KEY_PURPOSE_OID;
	purpose.data = (unsigned char *)GNUTLS_KP_TLS_WWW_SERVER;
	purpose.size = 0;
	r = gnutls_x509_trust_list_verify_crt2(tl, crts, (unsigned int)n,
	    &purpose, 1, 0, &status, NULL);
	if (r < 0) {
		snprintf(err, errlen, "certificate verification failed: %s",
		    gnutls_strerror(r));
		return -1;
	}
	if (status == 0)
		return 0;
	if (gnutls_certificate_verification_status_print(status,
	    GNUTLS_CRT_X509, &text, 0) < 0) {
		snprintf(err, errlen, "the server certificate is not trusted "
		    "(status 0x%x)", status);
		return -1;
	}
	/* GnuTLS ends its sentences with a space. */
	str_trim((char *)text.data);
	snprintf(err, errlen, "the server certificate is not trusted: %s%s",
	    (const char *)text.data,
	    (status & GNUTLS_CERT_SIGNER_NOT_FOUND) &&
	    (ca_file == NULL || ca_file[0] == '\0') ?
	    " (for a private authority, set tls_ca_file)" : "");
	gnutls_free(text.data);
	sanitize(err);
	return -1;
}

static int
check_name(gnutls_x509_crt_t leaf, const char *host, char *err,
    size_t errlen)
{
	unsigned char ip[sizeof(struct in6_addr)];
	gnutls_datum_t dn;
	unsigned ok;

	if (inet_pton(AF_INET, host, ip) == 1)
		ok = gnutls_x509_crt_check_ip(leaf, ip, 4, 0);
	else if (inet_pton(AF_INET6, host, ip) == 1)
		ok = gnutls_x509_crt_check_ip(leaf, ip, 16, 0);
	else
		ok = gnutls_x509_crt_check_hostname2(leaf, host, 0);
	if (ok)
		return 0;
	if (gnutls_x509_crt_get_dn3(leaf, &dn, 0) >= 0) {
		snprintf(err, errlen, "the server certificate (%s) is not "
		    "valid for the name %s: set imap_host to a name the "
		    "certificate lists", (const char *)dn.data, host);
		gnutls_free(dn.data);
	} else
		snprintf(err, errlen, "the server certificate is not valid "
		    "for the name %s", host);
	sanitize(err);
	return -1;
}

int
tlsverify_chain(const struct tlsverify_cert *chain, size_t n,
    const char *host, const char *ca_file, char *err, size_t errlen)
{
	gnutls_x509_crt_t crts[TLSVERIFY_MAX_CHAIN];
	gnutls_x509_trust_list_t tl = NULL;
	size_t ncrts = 0, i;
	int rc = -1;

	if (n == 0) {
		snprintf(err, errlen, "the server sent no certificate");
		return -1;
	}
	if (n > TLSVERIFY_MAX_CHAIN) {
		snprintf(err, errlen, "the server sent %zu certificates; at "
		    "most %d are accepted", n, TLSVERIFY_MAX_CHAIN);
		return -1;
	}
	if (import_chain(chain, n, crts, &ncrts, err, errlen) < 0)
		goto fail;
	if (load_trust(&tl, ca_file, err, errlen) < 0) {
		tl = NULL;
		goto fail;
	}
	if (check_trust(tl, crts, ncrts, ca_file, err, errlen) < 0)
		goto fail;
	if (check_name(crts[0], host, err, errlen) < 0)
		goto fail;
	rc = 0;
fail:
	if (tl != NULL)
		gnutls_x509_trust_list_deinit(tl, 1);
	for (i = 0; i < ncrts; i++)
		gnutls_x509_crt_deinit(crts[i]);
	return rc;
}
