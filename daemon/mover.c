/* SPDX-License-Identifier: ISC */
/*
 * mover.c - UID MOVE on a second connection, in a thread (see mover.h).
 *
 * Why a second connection rather than pipelining on the one we have:
 * Dovecot runs one connection's commands in order, so a MOVE sent ahead
 * of the next FETCH gains only if its answer is read after our own work,
 * and libetpan cannot read answers out of step: mailimap_parse_response
 * refuses a tagged answer whose tag is not the last one sent
 * (MAILIMAP_ERROR_PROTOCOL), each answer replaces the results of the one
 * before (imap_response_info), and the command senders
 * (mailimap_sender.h) are not among the installed headers.  A second
 * connection is served by a second Dovecot process, on another core, and
 * needs only libetpan's ordinary one-command calls.
 *
 * The thread blocks every signal (they are the main thread's, as in
 * courier.c) and never touches the database; the job is the only thing
 * the two threads share, under the lock.
 */
#include "daemon/mover.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "common/fault.h"
#include "common/log.h"
#include "common/util.h"

struct mover {
	const struct config *cfg;
	uint32_t uidvalidity;	/* of the inbox the UIDs belong to */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;	/* job, done or finishing changed */
	struct mover_job *job;	/* in the mover's hands, or NULL */
	int done;		/* job is finished: the caller may take it */
	int finishing;
};

enum imap_status
mover_move_items(struct imap *im, struct mover_item *items, size_t n)
{
	uint32_t *uids = xcalloc(n + 1, sizeof(*uids));
	enum imap_status s = IMAP_OK;

	for (size_t i = 0; i < n && s == IMAP_OK; i++) {
		const char *folder = items[i].folder;
		size_t k = 0;

		if (items[i].moved)
			continue;
		for (size_t j = i; j < n; j++)
			if (!items[j].moved && strcmp(items[j].folder,
			    folder) == 0)
				uids[k++] = items[j].uid;
		s = imap_move_uids(im, uids, k, folder);
		if (s != IMAP_OK) {
			log_warn("imap: cannot move %zu messages to %s: will "
			    "retry", k, folder);
			break;
		}
		for (size_t j = i; j < n; j++)
			if (!items[j].moved && strcmp(items[j].folder,
			    folder) == 0)
				items[j].moved = 1;
	}
	free(uids);
	return s;
}

void
mover_job_free(struct mover_job *job)
{
	if (job == NULL)
		return;
	for (size_t i = 0; i < job->n; i++)
		free(job->items[i].folder);
	free(job->items);
	free(job);
}

/* The mover's connection, on the same inbox as the caller's; NULL and
   *st when there is none. */
static struct imap *
connect_mover(struct mover *m, enum imap_status *st)
{
	char err[512] = "";
	struct imap *im = NULL;

	*st = imap_open(m->cfg, &im, err, sizeof(err));
	if (*st != IMAP_OK) {
		log_warn("imap: second connection for moving: %s", err);
		return NULL;
	}
	/* The test hook stands for an inbox recreated between the two
	   connections, which no test can time. */
	if (imap_uidvalidity(im) != m->uidvalidity ||
	    fault_inject("mover.uidvalidity") != 0) {
		/* Another inbox under the same name: its UIDs are not ours. */
		log_warn("imap: UIDVALIDITY of %s is %u on the second "
		    "connection, %u on the first: not moving there",
		    m->cfg->inbox, imap_uidvalidity(im), m->uidvalidity);
		imap_close(im);
		*st = IMAP_RETRY;
		return NULL;
	}
	return im;
}

/* Wait for a job not yet done; NULL when finishing. */
static struct mover_job *
next_job(struct mover *m)
{
	struct mover_job *job;

	pthread_mutex_lock(&m->lock);
	while ((m->job == NULL || m->done) && !m->finishing)
		pthread_cond_wait(&m->changed, &m->lock);
	job = m->finishing ? NULL : m->job;
	pthread_mutex_unlock(&m->lock);
	return job;
}

static void
job_done(struct mover *m)
{
	pthread_mutex_lock(&m->lock);
	m->done = 1;
	pthread_cond_broadcast(&m->changed);
	pthread_mutex_unlock(&m->lock);
}

static void *
run(void *arg)
{
	struct mover *m = arg;
	struct mover_job *job;
	enum imap_status st;
	struct imap *im = connect_mover(m, &st);

	while ((job = next_job(m)) != NULL) {
		if (im != NULL)
			st = mover_move_items(im, job->items, job->n);
		/* After a failure nothing more is tried here: the caller
		   moves what is left on its own connection. */
		if (st != IMAP_OK && im != NULL) {
			imap_close(im);
			im = NULL;
		}
		job->status = st;
		job_done(m);
	}
	if (im != NULL)
		imap_close(im);
	return NULL;
}

struct mover *
mover_start(const struct config *cfg, uint32_t uidvalidity)
{
	struct mover *m = xcalloc(1, sizeof(*m));
	sigset_t all, old;
	int rc;

	m->cfg = cfg;
	m->uidvalidity = uidvalidity;
	pthread_mutex_init(&m->lock, NULL);
	pthread_cond_init(&m->changed, NULL);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&m->thread, NULL, run, m);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc == 0)
		return m;
	log_warn("imap: cannot start the moving thread: %s", strerror(rc));
	pthread_cond_destroy(&m->changed);
	pthread_mutex_destroy(&m->lock);
	free(m);
	return NULL;
}

void
mover_give(struct mover *m, struct mover_job *job)
{
	pthread_mutex_lock(&m->lock);
	m->job = job;
	m->done = 0;
	pthread_cond_broadcast(&m->changed);
	pthread_mutex_unlock(&m->lock);
}

struct mover_job *
mover_take(struct mover *m)
{
	struct mover_job *job;

	pthread_mutex_lock(&m->lock);
	/* Bounded: each command of the thread has the network timeout. */
	while (m->job != NULL && !m->done)
		pthread_cond_wait(&m->changed, &m->lock);
	job = m->job;
	m->job = NULL;
	m->done = 0;
	pthread_mutex_unlock(&m->lock);
	return job;
}

void
mover_finish(struct mover *m)
{
	if (m == NULL)
		return;
	pthread_mutex_lock(&m->lock);
	m->finishing = 1;
	pthread_cond_broadcast(&m->changed);
	pthread_mutex_unlock(&m->lock);
	pthread_join(m->thread, NULL);
	pthread_cond_destroy(&m->changed);
	pthread_mutex_destroy(&m->lock);
	free(m);
}
