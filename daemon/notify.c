/* SPDX-License-Identifier: ISC */
/*
 * notify.c - sd_notify messages for systemd (see notify.h), written here
 * rather than linked from libsystemd: the protocol is one datagram on the
 * AF_UNIX socket named by $NOTIFY_SOCKET (a path, or "@name" for the
 * abstract namespace), documented as stable for exactly this use
 * (sd_notify(3), "Notes").  libsystemd and what it loads (libgcrypt,
 * libgpg-error, liblz4, libcap) cost the daemon some 0.7 MB of resident
 * memory for these few lines (issue 15: RSS <= 16 MB).
 */
#include "daemon/notify.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "store/store.h"

/*
 * The address $NOTIFY_SOCKET names, and its length; 0 when it is unset or
 * not a socket we can reach (systemd also allows vsock: not for a
 * local daemon, so ignored like an unset variable).
 */
static socklen_t
notify_address(struct sockaddr_un *sa)
{
	const char *e = getenv("NOTIFY_SOCKET");
	size_t n;

	if (e == NULL || (e[0] != '/' && e[0] != '@'))
		return 0;
	n = strlen(e);
	if (n < 2 || n >= sizeof(sa->sun_path))
		return 0;
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	memcpy(sa->sun_path, e, n);
	if (e[0] == '@')
		sa->sun_path[0] = '\0';	/* abstract: no terminating NUL */
	else
		n++;
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
}

/* One datagram; errors are ignored, as sd_notify's callers do. */
static void
notify_send(const char *msg)
{
	struct sockaddr_un sa;
	socklen_t len = notify_address(&sa);
	int fd;

	if (len == 0)
		return;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	if (sendto(fd, msg, strlen(msg), MSG_NOSIGNAL, (struct sockaddr *)&sa,
	    len) < 0) {
		/* systemd gone or not listening: nothing to tell. */
	}
	close(fd);
}

/* "state; N processed, N in quarantine; outbox N queued, N failed". */
static void
send_status(struct store *st, const char *state, int ready)
{
	static const char *const keys[] = {"processed", "quarantined",
	    "outbox_queued", "outbox_failed"};
	int64_t n[4] = {0, 0, 0, 0};
	char msg[512];

	for (size_t i = 0; st != NULL && i < 4; i++)
		if (store_count(st, keys[i], &n[i]) != 0)
			n[i] = -1;
	snprintf(msg, sizeof(msg), "%sSTATUS=%s; %lld processed, %lld in "
	    "quarantine; outbox %lld queued, %lld failed",
	    ready ? "READY=1\n" : "", state, (long long)n[0], (long long)n[1],
	    (long long)n[2], (long long)n[3]);
	notify_send(msg);
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
	notify_send("STOPPING=1\nSTATUS=stopping");
}

void
notify_watchdog(void)
{
	notify_send("WATCHDOG=1");
}

/*
 * $WATCHDOG_USEC, when $WATCHDOG_PID is unset or names this process (as
 * sd_watchdog_enabled reads them: a child of the daemon must not feed the
 * parent's watchdog).
 */
static uint64_t
watchdog_usec(void)
{
	const char *usec = getenv("WATCHDOG_USEC");
	const char *pid = getenv("WATCHDOG_PID");
	char *end;
	unsigned long long v;

	if (usec == NULL)
		return 0;
	if (pid != NULL) {
		errno = 0;
		v = strtoull(pid, &end, 10);
		if (errno != 0 || end == pid || *end != '\0' ||
		    v != (unsigned long long)getpid())
			return 0;
	}
	errno = 0;
	v = strtoull(usec, &end, 10);
	if (errno != 0 || end == usec || *end != '\0')
		return 0;
	return v;
}

int
notify_watchdog_seconds(void)
{
	uint64_t usec = watchdog_usec();

	if (usec == 0)
		return 0;
	usec /= 2 * 1000000;
	if (usec > 86400)
		usec = 86400;
	return usec > 0 ? (int)usec : 1;
}
