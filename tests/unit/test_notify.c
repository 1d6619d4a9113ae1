/* SPDX-License-Identifier: ISC */
/*
 * test_notify.c - the sd_notify protocol as daemon/notify.c speaks it
 * without libsystemd: a datagram to a path or an abstract ("@") socket,
 * nothing when $NOTIFY_SOCKET is unset or unusable, and the watchdog
 * interval only for the process $WATCHDOG_PID names (a child inheriting
 * the environment must not feed its parent's watchdog).  The integration
 * test test_startup.sh runs the daemon under a real notify socket.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cmocka.h>

#include "daemon/notify.h"

/* A datagram socket bound to name ("@x": abstract), for NOTIFY_SOCKET. */
static int
listen_on(const char *name)
{
	struct sockaddr_un sa;
	size_t n = strlen(name);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	assert_true(n < sizeof(sa.sun_path));
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, name, n);
	if (name[0] == '@')
		sa.sun_path[0] = '\0';
	else
		n++;
	assert_int_equal(bind(fd, (struct sockaddr *)&sa,
	    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n)), 0);
	assert_int_equal(setenv("NOTIFY_SOCKET", name, 1), 0);
	return fd;
}

/* The datagram waiting on fd ("" when none: a local datagram is queued
   before sendto returns, so there is nothing to wait for). */
static void
expect_datagram(int fd, const char *want)
{
	char buf[600];
	ssize_t n = recv(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);

	buf[n > 0 ? n : 0] = '\0';
	assert_string_equal(buf, want);
}

static void
abstract_socket(void **state)
{
	char name[64];
	int fd;

	(void)state;
	snprintf(name, sizeof(name), "@tequio-test-notify-%ld", (long)getpid());
	fd = listen_on(name);
	notify_watchdog();
	expect_datagram(fd, "WATCHDOG=1");
	notify_stopping();
	expect_datagram(fd, "STOPPING=1\nSTATUS=stopping");
	close(fd);
	unsetenv("NOTIFY_SOCKET");
}

static void
path_socket(void **state)
{
	char dir[] = "/tmp/tequio-notify.XXXXXX";
	char path[128];
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/notify.sock", dir);
	fd = listen_on(path);
	notify_ready(NULL, "mailbox connected");
	expect_datagram(fd, "READY=1\nSTATUS=mailbox connected; 0 processed, "
	    "0 in quarantine; outbox 0 queued, 0 failed");
	notify_status(NULL, "mailbox unreachable, retrying");
	expect_datagram(fd, "STATUS=mailbox unreachable, retrying; "
	    "0 processed, 0 in quarantine; outbox 0 queued, 0 failed");
	close(fd);
	unlink(path);
	rmdir(dir);
	unsetenv("NOTIFY_SOCKET");
}

/* Unset, relative, empty or too long for sun_path: silently nothing. */
static void
unusable_socket(void **state)
{
	char longname[200];

	(void)state;
	unsetenv("NOTIFY_SOCKET");
	notify_watchdog();
	setenv("NOTIFY_SOCKET", "relative/notify.sock", 1);
	notify_watchdog();
	setenv("NOTIFY_SOCKET", "@", 1);
	notify_watchdog();
	memset(longname, 'x', sizeof(longname) - 1);
	longname[0] = '/';
	longname[sizeof(longname) - 1] = '\0';
	setenv("NOTIFY_SOCKET", longname, 1);
	notify_watchdog();
	unsetenv("NOTIFY_SOCKET");
}

static void
watchdog_interval(void **state)
{
	char pid[32];

	(void)state;
	unsetenv("WATCHDOG_PID");
	unsetenv("WATCHDOG_USEC");
	assert_int_equal(notify_watchdog_seconds(), 0);
	setenv("WATCHDOG_USEC", "2000000", 1);
	assert_int_equal(notify_watchdog_seconds(), 1);
	setenv("WATCHDOG_USEC", "120000000", 1);
	assert_int_equal(notify_watchdog_seconds(), 60);
	setenv("WATCHDOG_USEC", "1000", 1);	/* under a second: 1 s */
	assert_int_equal(notify_watchdog_seconds(), 1);
	setenv("WATCHDOG_USEC", "12x", 1);
	assert_int_equal(notify_watchdog_seconds(), 0);
	setenv("WATCHDOG_USEC", "2000000", 1);
	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	setenv("WATCHDOG_PID", pid, 1);
	assert_int_equal(notify_watchdog_seconds(), 1);
	/* Another process's watchdog: not ours to feed. */
	snprintf(pid, sizeof(pid), "%ld", (long)getpid() + 1);
	setenv("WATCHDOG_PID", pid, 1);
	assert_int_equal(notify_watchdog_seconds(), 0);
	unsetenv("WATCHDOG_PID");
	unsetenv("WATCHDOG_USEC");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(abstract_socket),
		cmocka_unit_test(path_socket),
		cmocka_unit_test(unusable_socket),
		cmocka_unit_test(watchdog_interval),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
