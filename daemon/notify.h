/* SPDX-License-Identifier: ISC */
/*
 * notify.h - telling systemd how the daemon is (sd_notify), for a unit of
 * Type=notify with a watchdog.  Every call is a no-op when the daemon was
 * not started by systemd ($NOTIFY_SOCKET unset), so the same code runs
 * under a terminal, cron (--once) or the tests.
 *
 * The watchdog is fed only by the mailbox loop, after an IMAP exchange
 * finished (a pass, a batch, an IDLE ended with DONE) or while it
 * deliberately waits to reconnect; the loop bounds every wait by
 * notify_watchdog_seconds(), so a loop stuck on a dead connection stops
 * feeding it and systemd restarts the daemon.
 */
#ifndef TEQUIO_NOTIFY_H
#define TEQUIO_NOTIFY_H

struct store;

/* READY=1 with a STATUS line (what state, and the counts from st). */
void notify_ready(struct store *st, const char *state);
/* STATUS= only. */
void notify_status(struct store *st, const char *state);
/* STOPPING=1. */
void notify_stopping(void);
/* WATCHDOG=1. */
void notify_watchdog(void);
/* Half the watchdog interval in seconds (at least 1), or 0 without one. */
int notify_watchdog_seconds(void);

#endif
