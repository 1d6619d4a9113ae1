/* SPDX-License-Identifier: ISC */
/*
 * courier.c - the outbox delivery thread (see courier.h).
 *
 * The thread sleeps until it is woken, until the next queued mail falls
 * due, or until it is told to finish; then it runs outbox_deliver() once
 * over its own connections.  Wake-ups travel through a pipe rather than a
 * condition variable so that a signal handler may send one too: SIGUSR1
 * from "tequioctl requeue" sends requeued mail at once.  Signals are left
 * to the main thread, which owns the IMAP connection and the stop flag.
 *
 * When a run fails (the database cannot claim or record: disk full,
 * read-only), the thread backs off, 1 s doubling to BACKOFF_MAX, and
 * pokes do not cut that short: each batch the main thread commits pokes
 * it, and a database in trouble must not be hammered.  An operator's
 * wake-up (COURIER_WAKE, from SIGUSR1) does.  Nothing is
 * resent meanwhile: outbox.c claims every row before it is sent.
 */
#include "daemon/courier.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "common/util.h"
#include "outbox/outbox.h"
#include "store/store.h"

/* Longest sleep when nothing is due: a cheap look at the queue. */
#define COURIER_IDLE_SECONDS 60
/* Longest pause after a failed run. */
#define BACKOFF_MAX 60

struct courier {
	const struct config *cfg;
	struct store *st;
	struct smtp *smtp;
	pthread_t thread;
	pthread_mutex_t lock;
	int wake[2];		/* pipe: a byte written wakes the thread */
	int finishing;
	int failed;		/* a database error happened */
	int backoff;		/* seconds to pause after a failed run; 0 */
};

/* Seconds until the next queued mail is due, bounded. */
static int
next_wait(struct courier *c)
{
	int64_t secs;

	if (outbox_next_due(c->st, now_seconds(), &secs) != 0 || secs < 0 ||
	    secs > COURIER_IDLE_SECONDS)
		return COURIER_IDLE_SECONDS;
	return (int)secs;
}

static int
is_finishing(struct courier *c)
{
	int f;

	pthread_mutex_lock(&c->lock);
	f = c->finishing;
	pthread_mutex_unlock(&c->lock);
	return f;
}

static void
deliver_once(struct courier *c)
{
	if (outbox_deliver_logged(c->st, c->cfg, c->smtp) == 0) {
		c->backoff = 0;
		return;
	}
	c->backoff = c->backoff == 0 ? 1 : c->backoff * 2 > BACKOFF_MAX ?
	    BACKOFF_MAX : c->backoff * 2;
	log_warn("outbox: delivery paused for %d s", c->backoff);
	pthread_mutex_lock(&c->lock);
	c->failed = 1;
	pthread_mutex_unlock(&c->lock);
}

/* Empty the pipe; 1 when an operator's wake-up was in it. */
static int
drain(int fd)
{
	char buf[64];
	ssize_t n;
	int woken = 0;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (memchr(buf, COURIER_WAKE, (size_t)n) != NULL)
			woken = 1;
	return woken;
}

/*
 * Wait to be woken, to be finished, or for the next due mail; after a
 * failed run, for the whole backoff.  Returns 1 when finishing.
 */
static int
wait_for_work(struct courier *c)
{
	int64_t deadline = monotonic_ms() + (int64_t)1000 * (c->backoff > 0 ?
	    c->backoff : next_wait(c));
	struct pollfd pfd;
	int64_t left;

	while (!is_finishing(c) && (left = deadline - monotonic_ms()) > 0) {
		pfd.fd = c->wake[0];
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (poll(&pfd, 1, (int)(left > 1000 ? 1000 : left)) <= 0)
			continue;
		if (drain(c->wake[0]) || c->backoff == 0)
			break;
	}
	return is_finishing(c);
}

static void *
run(void *arg)
{
	struct courier *c = arg;
	int finishing;

	do {
		finishing = wait_for_work(c);
		deliver_once(c);
	} while (!finishing);
	return NULL;
}

static int
make_pipe(int fds[2], char *err, size_t errlen)
{
	if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0)
		return 0;
	snprintf(err, errlen, "cannot make the delivery thread's pipe: %s",
	    strerror(errno));
	return -1;
}

struct courier *
courier_start(const struct config *cfg, struct smtp *smtp, char *err,
    size_t errlen)
{
	struct courier *c = xcalloc(1, sizeof(*c));
	sigset_t all, old;
	int rc;

	c->cfg = cfg;
	c->smtp = smtp;
	if (make_pipe(c->wake, err, errlen) != 0) {
		free(c);
		return NULL;
	}
	if (store_open(cfg->database, &c->st, err, errlen) != 0)
		goto fail;
	(void)store_small_cache(c->st);	/* memory only: never fatal */
	store_wal_watch(c->st);	/* its runs checkpoint (store.h) */
	pthread_mutex_init(&c->lock, NULL);
	/* The thread starts with every signal blocked: they are the main
	   thread's to handle. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&c->thread, NULL, run, c);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc == 0)
		return c;
	snprintf(err, errlen, "cannot start the delivery thread: %s",
	    strerror(rc));
	pthread_mutex_destroy(&c->lock);
	store_close(c->st);
fail:
	close(c->wake[0]);
	close(c->wake[1]);
	free(c);
	return NULL;
}

void
courier_poke(struct courier *c)
{
	if (write(c->wake[1], "p", 1) < 0) {
		/* Full pipe: a wake-up is already pending. */
	}
}

int
courier_wake_fd_of(const struct courier *c)
{
	return c->wake[1];
}

int
courier_finish(struct courier *c)
{
	int failed;

	pthread_mutex_lock(&c->lock);
	c->finishing = 1;
	pthread_mutex_unlock(&c->lock);
	courier_poke(c);
	pthread_join(c->thread, NULL);
	failed = c->failed;
	pthread_mutex_destroy(&c->lock);
	store_close(c->st);
	close(c->wake[0]);
	close(c->wake[1]);
	free(c);
	return failed ? -1 : 0;
}
