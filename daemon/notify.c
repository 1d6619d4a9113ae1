/* SPDX-License-Identifier: ISC */
/*
 * notify.c - sd_notify messages for systemd (see notify.h).  The only file
 * that includes libsystemd.
 */
#include "daemon/notify.h"

#include <stdint.h>
#include <stdio.h>

#include <systemd/sd-daemon.h>

#include "store/store.h"

/* "state; N processed, N in quarantine; outbox N queued, N failed". */
static void
send_status(struct store *st, const char *state, int ready)
{
	static const char *const keys[] = {"processed", "quarantined",
	    "outbox_queued", "outbox_failed"};
	int64_t n[4] = {0, 0, 0, 0};

	for (size_t i = 0; st != NULL && i < 4; i++)
		if (store_count(st, keys[i], &n[i]) != 0)
			n[i] = -1;
	sd_notifyf(0, "%sSTATUS=%s; %lld processed, %lld in quarantine; "
	    "outbox %lld queued, %lld failed", ready ? "READY=1\n" : "",
	    state, (long long)n[0], (long long)n[1], (long long)n[2],
	    (long long)n[3]);
}

void
notify_ready(struct store *st, const char *state)
{
	send_status(st, state, 1);
}

void
notify_status(struct store *st, const char *state)
{
	send_status(st, state, 0);
}

void
notify_stopping(void)
{
	sd_notify(0, "STOPPING=1\nSTATUS=stopping");
}

void
notify_watchdog(void)
{
	sd_notify(0, "WATCHDOG=1");
}

int
notify_watchdog_seconds(void)
{
	uint64_t usec = 0;

	if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0)
		return 0;
	usec /= 2 * 1000000;
	return usec > 0 ? (int)usec : 1;
}
