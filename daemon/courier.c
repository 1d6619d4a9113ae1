/*
 * courier.c - the outbox delivery thread (see courier.h).
 *
 * The thread sleeps until it is poked, until the next queued mail falls
 * due, or until it is told to finish; then it runs outbox_deliver() once
 * over its own connections.  Signals are left to the main thread, which
 * owns the IMAP connection and the stop flag.
 */
#include "courier.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "outbox.h"
#include "store.h"
#include "util.h"

/* Longest sleep when nothing is due: a cheap look at the queue. */
#define COURIER_IDLE_SECONDS 60

struct courier {
	const struct config *cfg;
	struct store *st;
	struct smtp *smtp;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int poked;
	int finishing;
	int failed;		/* a database error happened */
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

static void
deliver_once(struct courier *c)
{
	if (outbox_deliver_logged(c->st, c->cfg, c->smtp) != 0) {
		pthread_mutex_lock(&c->lock);
		c->failed = 1;
		pthread_mutex_unlock(&c->lock);
	}
}

/* Wait to be poked, to be finished, or for the next due mail. */
static int
wait_for_work(struct courier *c)
{
	struct timespec until;
	int finishing;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += next_wait(c);
	pthread_mutex_lock(&c->lock);
	while (!c->poked && !c->finishing) {
		if (pthread_cond_timedwait(&c->wake, &c->lock, &until) ==
		    ETIMEDOUT)
			break;
	}
	c->poked = 0;
	finishing = c->finishing;
	pthread_mutex_unlock(&c->lock);
	return finishing;
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

struct courier *
courier_start(const struct config *cfg, struct smtp *smtp, char *err,
    size_t errlen)
{
	struct courier *c = xcalloc(1, sizeof(*c));
	sigset_t all, old;
	int rc;

	c->cfg = cfg;
	c->smtp = smtp;
	if (store_open(cfg->database, &c->st, err, errlen) != 0) {
		free(c);
		return NULL;
	}
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->wake, NULL);
	/* The thread starts with every signal blocked: they are the main
	   thread's to handle. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&c->thread, NULL, run, c);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		snprintf(err, errlen, "cannot start the delivery thread: %s",
		    strerror(rc));
		pthread_cond_destroy(&c->wake);
		pthread_mutex_destroy(&c->lock);
		store_close(c->st);
		free(c);
		return NULL;
	}
	return c;
}

void
courier_poke(struct courier *c)
{
	pthread_mutex_lock(&c->lock);
	c->poked = 1;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
}

int
courier_finish(struct courier *c)
{
	int failed;

	pthread_mutex_lock(&c->lock);
	c->finishing = 1;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	failed = c->failed;
	pthread_cond_destroy(&c->wake);
	pthread_mutex_destroy(&c->lock);
	store_close(c->st);
	free(c);
	return failed ? -1 : 0;
}
