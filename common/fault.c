/* SPDX-License-Identifier: ISC */
/*
 * fault.c - the per-thread record of fault.h.
 */
#include "common/fault.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local int transient;
static _Thread_local char why[256];

void
fault_clear(void)
{
	transient = 0;
	why[0] = '\0';
}

static void
note(int is_transient, const char *fmt, va_list ap)
{
	if (is_transient)
		transient = 1;
	if (why[0] == '\0')
		vsnprintf(why, sizeof(why), fmt, ap);
}

void
fault_transient(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	note(1, fmt, ap);
	va_end(ap);
}

void
fault_permanent(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	note(0, fmt, ap);
	va_end(ap);
}

/* Errors of the machine rather than of the file asked for. */
static int
errno_passes(int err)
{
	switch (err) {
	case ENOSPC: case EDQUOT: case EIO: case ENOMEM: case EMFILE:
	case ENFILE: case EAGAIN: case EINTR: case EROFS: case EBUSY:
	case ETIMEDOUT: case ECONNREFUSED: case ECONNRESET: case ENETDOWN:
	case ENETUNREACH: case EHOSTUNREACH: case ESTALE:
		return 1;
	default:
		return 0;
	}
}

void
fault_errno(const char *what, int err)
{
	if (errno_passes(err))
		fault_transient("%s: %s", what, strerror(err));
	else
		fault_permanent("%s: %s", what, strerror(err));
}

int
fault_is_transient(void)
{
	return transient;
}

const char *
fault_why(void)
{
	return why;
}

#ifdef TEQUIO_TESTING
int
fault_inject(const char *point)
{
	const char *list = getenv("TEQUIO_TEST_FAIL"), *p;
	size_t n = strlen(point);

	if (list == NULL)
		return 0;
	/* Each item is "point:errno"; the list is the test's own. */
	for (p = list; (p = strstr(p, point)) != NULL; p += n) {
		if ((p == list || p[-1] == ',') && p[n] == ':')
			return atoi(p + n + 1);
	}
	return 0;
}
#endif
