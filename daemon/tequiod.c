/* SPDX-License-Identifier: ISC */
/*
 * tequiod.c - the daemon: start-up, the mailbox loop, --once and --pipe.
 *
 *   tequiod -c FILE           run in the foreground (IDLE, or polling)
 *   tequiod -c FILE --once    process everything pending, deliver, exit 0
 *   tequiod -c FILE --pipe    one message on stdin (MTA pipe delivery);
 *                             exit 75 (EX_TEMPFAIL) so the MTA retries
 *
 * SIGTERM and SIGINT finish the message in hand and exit cleanly.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <sodium.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/instance.h"
#include "common/log.h"
#include "common/secret.h"
#include "common/util.h"
#include "config/config.h"
#include "daemon/courier.h"
#include "daemon/fetch.h"
#include "daemon/notify.h"
#include "daemon/pipeline.h"
#include "daemon/spoolkey.h"
#include "handlers/calendar.h"
#include "jobs/alerts.h"
#include "jobs/arco_remind.h"
#include "jobs/maintenance.h"
#include "jobs/packs.h"
#include "jobs/periodic.h"
#include "jobs/purge.h"
#include "jobs/reminders.h"
#include "letters/letters.h"
#include "mail/rawfrom.h"
#include "mailbox/imap.h"
#include "outbox/outbox.h"
#include "outbox/smtp.h"
#include "spool/spool.h"
#include "store/store.h"

#define EX_USAGE_ 64
#define EX_TEMPFAIL_ 75
#define EX_CONFIG_ 78
/* Longest wait between reconnection attempts: once the server is back,
   the daemon is too within this many seconds. */
#define RECONNECT_CAP 30

static volatile sig_atomic_t stop_flag;
/* Where SIGUSR1 (tequioctl requeue) wakes the delivery thread; -1: none. */
static volatile sig_atomic_t courier_wake_fd = -1;

static void
on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void
on_wake(int sig)
{
	int saved = errno;

	(void)sig;
	if (courier_wake_fd >= 0 &&
	    write(courier_wake_fd, &(char){COURIER_WAKE}, 1) < 0) {
		/* Full pipe: a wake-up is already pending. */
	}
	errno = saved;
}

static void
install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a blocking read returns so the loop sees the flag. */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_wake;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: tequiod -c FILE [--once | --pipe] [-d]\n");
}

/*
 * The mailbox's login, in a thread of its own while the database, the
 * spool's key and the templates open: the server takes about as long to
 * log in (15-25 ms from Dovecot) as those take, and a --once run paid
 * both in a row (issue 15).  The fetcher adopts the outcome, errors
 * included, as if it had connected itself.
 */
struct early_login {
	pthread_t thread;
	int running;
	const struct config *cfg;
	struct imap *im;
	enum imap_status status;
	char err[512];
};

static void *
early_login_run(void *arg)
{
	struct early_login *e = arg;

	e->status = imap_open(e->cfg, &e->im, e->err, sizeof(e->err));
	if (e->status != IMAP_OK)
		e->im = NULL;
	return NULL;
}

/* Signals stay with the main thread, which installs their handlers. */
static void
early_login_start(struct early_login *e, const struct config *cfg)
{
	sigset_t all, old;

	e->cfg = cfg;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	e->running = pthread_create(&e->thread, NULL, early_login_run, e) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* Hand the login to f, or close it when f is NULL (start-up failed). */
static void
early_login_finish(struct early_login *e, struct fetcher *f)
{
	if (!e->running)
		return;
	pthread_join(e->thread, NULL);
	e->running = 0;
	if (f != NULL)
		fetcher_adopt(f, e->im, e->status, e->err);
	else if (e->im != NULL)
		imap_close(e->im);
	e->im = NULL;
}

struct daemon {
	struct config cfg;
	struct store *st;
	struct letters *letters;
	struct pipeline *pipe;
	struct smtp *smtp;
	int lock_fd;
	unsigned char secret[SECRET_LEN];
	int login_early;	/* a mailbox loop follows: log in at once */
	struct early_login login;
};

/* One tequiod per configuration (instance.h): 0, or the exit status. */
static int
daemon_lock(struct daemon *d)
{
	pid_t holder;
	int rc = instance_lock(d->cfg.database, &d->lock_fd, &holder);
	int saved = errno;

	if (rc == 1) {
		log_err("another tequiod (pid %ld) is already running on %s "
		    "(lock %s.lock held): exiting without doing anything",
		    (long)holder, d->cfg.database, d->cfg.database);
		return EX_TEMPFAIL_;
	}
	if (rc < 0) {
		log_err("%s.lock: cannot lock: %s%s", d->cfg.database,
		    strerror(saved), saved == EROFS || saved == EACCES ?
		    " (the database is read-only: tequiod must be able to "
		    "write its directory)" : "");
		return EX_CONFIG_;
	}
	return 0;
}

static int
daemon_open(struct daemon *d, const char *conf, int debug)
{
	char err[1024];
	int rc;

	if (config_load(conf, &d->cfg, err, sizeof(err)) != 0) {
		log_err("%s", err);
		return EX_CONFIG_;
	}
	log_open("tequiod", d->cfg.log_syslog);
	if (debug || d->cfg.log_debug)
		log_set_level(LOG_LVL_DEBUG);
	if ((rc = daemon_lock(d)) != 0)
		return rc;
	/* After the lock: a second tequiod never logs in. */
	if (d->login_early)
		early_login_start(&d->login, &d->cfg);
	if (spool_init(d->cfg.spool, err, sizeof(err)) != 0)
		goto fail;
	if (secret_for_database(d->cfg.secret_file, d->cfg.database,
	    d->secret, err, sizeof(err)) != 0)
		goto fail;
	if (store_open(d->cfg.database, &d->st, err, sizeof(err)) != 0)
		goto fail;
	if (spoolkey_open(&d->cfg, d->st, err, sizeof(err)) != 0)
		goto fail;
	if (letters_open(&d->cfg, &d->letters, err, sizeof(err)) != 0 ||
	    letters_sample_check(d->letters, err, sizeof(err)) != 0)
		goto fail;
	d->pipe = pipeline_new(&d->cfg, d->st, d->letters, d->secret, err,
	    sizeof(err));
	if (d->pipe == NULL)
		goto fail;
	d->smtp = smtp_new(&d->cfg);
	if (d->smtp != NULL)
		smtp_set_stop(d->smtp, &stop_flag);
	return 0;
fail:
	log_err("%s", err);
	return EX_CONFIG_;
}

static void
daemon_close(struct daemon *d)
{
	early_login_finish(&d->login, NULL);
	if (d->smtp)
		smtp_free(d->smtp);
	pipeline_free(d->pipe);
	if (d->letters)
		letters_close(d->letters);
	store_close(d->st);
	if (d->lock_fd >= 0)
		close(d->lock_fd);
	sodium_memzero(d->secret, sizeof(d->secret));
	spool_set_key(NULL);
	config_free(&d->cfg);
}

/* How long the mailbox may wait before the outbox needs us (-1: no limit). */
static int
outbox_wait(struct daemon *d)
{
	int64_t secs;

	if (outbox_next_due(d->st, now_seconds(), &secs) != 0 || secs < 0)
		return -1;
	return secs > 86400 ? 86400 : (int)secs;
}

/* --pipe has no loop: the database's housekeeping (hourly, daily) runs
   when a delivery finds it due. */
static void
pipe_maintenance(struct daemon *d)
{
	struct periodic *p = periodic_new(d->st);

	maintenance_register(p, &d->cfg, d->st);
	periodic_run(p, now_seconds());
	periodic_free(p);
}

/* --pipe: one message from stdin, as an MTA's pipe transport gives it. */
static int
run_pipe(struct daemon *d)
{
	struct incoming in;
	struct buf raw;
	char chunk[65536], *folder = NULL;
	size_t limit = (size_t)d->cfg.max_message_bytes;
	int64_t row;
	ssize_t n;
	int rc;

	buf_init(&raw);
	memset(&in, 0, sizeof(in));
	while ((n = read(STDIN_FILENO, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			log_err("pipe: reading stdin: %s", strerror(errno));
			buf_free(&raw);
			return EX_TEMPFAIL_;
		}
		in.full_size += (uint64_t)n;
		/* Past the limit keep reading (the MTA must see us take it)
		   but keep only the headers. */
		if (raw.len < limit)
			buf_add(&raw, chunk, (size_t)n);
	}
	if (in.full_size > limit) {
		in.headers_only = 1;
		raw.len = rawfrom_header_length(raw.data, raw.len);
	}
	in.raw = raw.data ? raw.data : "";
	in.len = raw.len;
	rc = pipeline_process(d->pipe, &in, &folder, &row) == PIPE_DONE ?
	    0 : EX_TEMPFAIL_;
	if (rc == 0)
		pipeline_moved(d->pipe, row);
	free(folder);
	buf_free(&raw);
	if (rc == 0) {
		outbox_deliver_logged(d->st, &d->cfg, d->smtp);
		pipe_maintenance(d);
	}
	return rc;
}

/* After each committed batch: new replies, and the mailbox is alive. */
static void
poke(void *arg)
{
	if (arg != NULL)
		courier_poke(arg);
	notify_watchdog();
}

/* The shorter of two waits in seconds, where -1 (or 0 for wd) is none. */
static int
bounded(int secs, int wd)
{
	return wd > 0 && (secs < 0 || secs > wd) ? wd : secs;
}

/*
 * After each pass: record whether the mailbox answered, run the periodic
 * jobs that are due (alerts; later reminders), and say how long the next
 * wait may be so that none is late (-1: no limit).
 */
static int
tick(struct daemon *d, struct periodic *p, struct courier *c,
    enum fetch_status fs)
{
	int64_t next;

	alerts_mailbox(d->st, fs == FETCH_OK, now_seconds());
	if (periodic_run(p, now_seconds()) > 0 && c != NULL)
		courier_poke(c);
	next = periodic_next(p, now_seconds());
	return next < 0 || next > 86400 ? -1 : (int)next;
}

/*
 * The mailbox loop; with once, a single pass.  Replies are delivered by
 * the courier thread as each batch commits, so SMTP overlaps IMAP; if the
 * thread cannot start, they are delivered here after each pass.
 */
static int
run_mailbox(struct daemon *d, int once)
{
	struct fetcher *f = fetcher_new(&d->cfg, d->st, d->pipe, &stop_flag);
	struct courier *c = NULL;
	char err[512];
	int backoff = 1, rc = 0, ready = 0, wd = notify_watchdog_seconds();
	struct periodic *p = periodic_new(d->st);
	struct alerts *al = alerts_new(&d->cfg, d->st, d->letters);

	if (d->smtp != NULL) {
		c = courier_start(&d->cfg, d->smtp, err, sizeof(err));
		if (c == NULL)
			log_warn("%s: delivering between passes instead", err);
		else
			courier_wake_fd = courier_wake_fd_of(c);
		/* The delivery thread checkpoints after its runs: none
		   lands on the mailbox's batches (store.h). */
		if (c != NULL)
			store_autocheckpoint(d->st, 0);
	}
	early_login_finish(&d->login, f);
	fetcher_set_notify(f, poke, c);
	if (d->cfg.alerts_enabled)
		alerts_register(al, p);
	reminders_register(p, &d->cfg, d->st, d->letters, d->secret);
	renovar_register(p, &d->cfg, d->st, d->letters, d->secret);
	purge_register(p, &d->cfg, d->st);	/* retention, issue 12 */
	arco_remind_register(p, &d->cfg, d->st, d->letters);
	maintenance_register(p, &d->cfg, d->st);	/* issue 15 */
	packs_register(p, &d->cfg, d->st);	/* issue 15 */
	/* No batch is under way yet, and the instance lock keeps out any
	   other tequiod: every pack recorded can be looked at now. */
	(void)packs_sweep(&d->cfg, d->st, INT64_MAX, now_seconds(), NULL);
	(void)spool_sweep_tmp(d->cfg.spool, time(NULL), SPOOL_TMP_MAX_AGE);
	while (!stop_flag) {
		enum fetch_status fs = fetcher_sync(f);
		int due;

		if (fs == FETCH_FATAL) {
			rc = EX_CONFIG_;
			break;
		}
		if (once && c != NULL) {
			/* The pass's replies are sent (or failed) before the
			   periodic jobs look at the outbox, so the alerts of a
			   --once run do not depend on the thread's speed. */
			fetcher_set_notify(f, poke, NULL);
			courier_wake_fd = -1;
			if (courier_finish(c) != 0)
				log_err("outbox: the delivery thread met a "
				    "database error");
			c = NULL;
		}
		due = tick(d, p, c, fs);
		/* A database that cannot record deliveries: back off here
		   too rather than retry at once. */
		if (c == NULL && outbox_deliver_logged(d->st, &d->cfg,
		    d->smtp) != 0 && fs == FETCH_OK)
			fs = FETCH_RETRY;
		if (once) {
			rc = fs == FETCH_OK ? 0 : EX_TEMPFAIL_;
			break;
		}
		notify_watchdog();
		(ready ? notify_status : notify_ready)(d->st, fs == FETCH_OK ?
		    "mailbox connected" : "mailbox unreachable, retrying");
		ready = 1;
		if (fs == FETCH_RETRY) {
			log_warn("mailbox: reconnecting in %d s", backoff);
			fetcher_sleep(f, bounded(bounded(backoff, wd), due));
			backoff = backoff * 2 < RECONNECT_CAP ? backoff * 2 :
			    RECONNECT_CAP;
			continue;
		}
		backoff = 1;
		fetcher_wait(f, bounded(bounded(c != NULL ? -1 : outbox_wait(d),
		    wd), due));
	}
	notify_stopping();
	/* Whatever is due goes out before we stop (unless on a signal). */
	courier_wake_fd = -1;
	if (c != NULL && courier_finish(c) != 0)
		log_err("outbox: the delivery thread met a database error");
	fetcher_free(f);
	alerts_free(al);
	periodic_free(p);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"once", no_argument, NULL, 'o'},
		{"pipe", no_argument, NULL, 'p'},
		{"config", required_argument, NULL, 'c'},
		{"debug", no_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *conf = TEQUIO_SYSCONFDIR "/tequio/tequio.conf";
	struct daemon d;
	int ch, once = 0, pipe_mode = 0, debug = 0, rc;

	while ((ch = getopt_long(argc, argv, "c:dh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			conf = optarg;
			break;
		case 'o':
			once = 1;
			break;
		case 'p':
			pipe_mode = 1;
			break;
		case 'd':
			debug = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EX_USAGE_;
		}
	}
	if (optind != argc || (once && pipe_mode)) {
		usage(stderr);
		return EX_USAGE_;
	}
	log_open("tequiod", 0);
	memset(&d, 0, sizeof(d));
	d.lock_fd = -1;
	d.login_early = !pipe_mode;
	if ((rc = daemon_open(&d, conf, debug)) != 0) {
		daemon_close(&d);
		/* An MTA must retry rather than bounce while we are broken. */
		return pipe_mode ? EX_TEMPFAIL_ : rc;
	}
	install_signals();
	rc = pipe_mode ? run_pipe(&d) : run_mailbox(&d, once);
	if (stop_flag)
		log_info("stopping on signal");
	daemon_close(&d);
	return rc;
}
