/* SPDX-License-Identifier: ISC */
/*
 * fault.h - whether the failure of one piece of work will pass or repeat.
 *
 * The pipeline must tell a message that fails because of the machine
 * (database busy or full, disk full or failing, memory, network: retry
 * later, the message is fine) from one that fails because of itself (a
 * letter that cannot be made, a document missing from the spool: it will
 * fail the same way every time, so it is set aside).  The code that meets
 * a failure knows which kind it is; the pipeline, several calls above,
 * asks here afterwards.  The record is per thread, so the courier's
 * failures never mix with the mailbox's.
 */
#ifndef TEQUIO_FAULT_H
#define TEQUIO_FAULT_H

/* Forget what was noted: call before the piece of work. */
void fault_clear(void);

/* A failure that passes (the first one noted names the fault). */
void fault_transient(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* A failure that will repeat for this input. */
void fault_permanent(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* A failed system call on what (a path): transient or permanent by err. */
void fault_errno(const char *what, int err);

/* Whether a transient failure was noted since fault_clear(). */
int fault_is_transient(void);
/* The first failure noted, for logs ("" when none). */
const char *fault_why(void);

/*
 * Fault injection, for tests of the paths no real machine fails on
 * demand (an fsync, a rename).  In the sanitizer build (TEQUIO_TESTING)
 * the environment variable TEQUIO_TEST_FAIL holds "point:errno" items
 * separated by commas ("spool.fsync:5,spool.rename:28"); the code at a
 * named point asks fault_inject(point) and, given an errno, fails there
 * as the system call would.  Other builds have no hook: it is 0.
 */
#ifdef TEQUIO_TESTING
int fault_inject(const char *point);
#else
#define fault_inject(point) ((void)(point), 0)
#endif

#endif
