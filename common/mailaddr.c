/* SPDX-License-Identifier: ISC */
/*
 * mailaddr.c - which addresses tequio will write into a header or an SMTP
 * command (see mailaddr.h).  Here, below the configuration, because the
 * configuration refuses an address that could never be used.
 */
#include <string.h>

#include "common/mailaddr.h"

#define ADDR_MAX	254	/* RFC 5321 path limit */

static int
is_atext(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~",
	    c) != NULL);
}

int
mailaddr_is_domain_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-';
}

/* A dot-atom made of chars accepted by ok(): no empty atom. */
static int
dot_atom_ok(const char *s, size_t n, int (*ok)(int))
{
	if (n == 0 || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (s[i + 1] == '.')
				return 0;
			continue;
		}
		if (!ok((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

/*
 * Only the plain local@domain form: quoted local parts, domain literals
 * and comments are legal but never needed by tequio's correspondents, and
 * each is a way to smuggle separators into a header or an SMTP command.
 */
int
mailaddr_ok(const char *addr)
{
	const char *at;
	size_t len;

	if (addr == NULL)
		return 0;
	len = strlen(addr);
	if (len == 0 || len > ADDR_MAX)
		return 0;
	at = strchr(addr, '@');
	if (at == NULL || strchr(at + 1, '@') != NULL)
		return 0;
	return dot_atom_ok(addr, (size_t)(at - addr), is_atext) &&
	    dot_atom_ok(at + 1, strlen(at + 1), mailaddr_is_domain_char);
}
