/* SPDX-License-Identifier: ISC */
/*
 * test_outbox.c - the outgoing queue over a real SQLite file: replies are
 * queued with the caller's transaction (and vanish with its rollback), the
 * due set follows next_try, temporary failures back off 1, 2, 4... times
 * smtp_retry_seconds up to a cap, the last attempt marks the mail failed,
 * requeue brings it back, a dead server defers the whole run after one
 * try, and against a scripted SMTP server a 5xx fails at once, a 4xx is
 * retried, nothing is sent twice, and a password is never offered
 * without TLS.  A row is claimed once (another connection cannot take
 * it), a stop request sends nothing, a reader cannot write, and the
 * database file is created 0600.
 *
 * The "down" server is a bound socket that does not listen (the kernel
 * refuses at once); the scripted one is a child process on a loopback
 * port chosen by the kernel.  Time is pinned with TEQUIO_NOW.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "common/log.h"
#include "common/util.h"
#include "outbox/outbox.h"
#include "outbox/smtp.h"
#include "store/store.h"
#include "store/store_internal.h"

static char tmpdir[] = "/tmp/tequio-outbox-XXXXXX";
static struct config cfg;
static struct store *st;
static int dead_fd = -1;	/* bound, not listening: refuses */
static int dead_port;
static pid_t server_pid = -1;	/* the scripted SMTP server */
static int server_port;
static char *server_dir;
static int test_no;

/* ---- servers ---- */

static int
bind_loopback(int *port)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	*port = ntohs(sa.sin_port);
	return fd;
}

static void
say(int fd, const char *line)
{
	size_t n = strlen(line);

	if (write(fd, line, n) != (ssize_t)n)
		_exit(1);
}

/*
 * One SMTP session: recipients containing "perm" get 550, "temp" get 451,
 * others are accepted; each accepted message is written to server_dir.
 */
static void
serve(int fd, int *stored)
{
	FILE *in = fdopen(dup(fd), "r");
	char *line = NULL, path[512];
	size_t cap = 0;
	FILE *out = NULL;

	say(fd, "220 test ESMTP\r\n");
	while (in != NULL && getline(&line, &cap, in) > 0) {
		if (out != NULL) {
			if (strcmp(line, ".\r\n") == 0) {
				fclose(out);
				out = NULL;
				say(fd, "250 2.0.0 queued\r\n");
			} else {
				fputs(line, out);
			}
		} else if (ascii_has_prefix_case(line, "EHLO") ||
		    ascii_has_prefix_case(line, "HELO") ||
		    ascii_has_prefix_case(line, "MAIL") ||
		    ascii_has_prefix_case(line, "RSET") ||
		    ascii_has_prefix_case(line, "NOOP")) {
			say(fd, "250 ok\r\n");
		} else if (ascii_has_prefix_case(line, "RCPT")) {
			if (strstr(line, "perm") != NULL)
				say(fd, "550 5.1.1 no such user here\r\n");
			else if (strstr(line, "temp") != NULL)
				say(fd, "451 4.3.0 try again later\r\n");
			else
				say(fd, "250 ok\r\n");
		} else if (ascii_has_prefix_case(line, "DATA")) {
			snprintf(path, sizeof(path), "%s/%d", server_dir,
			    ++*stored);
			out = fopen(path, "w");
			if (out == NULL)
				_exit(1);
			say(fd, "354 go ahead\r\n");
		} else if (ascii_has_prefix_case(line, "QUIT")) {
			say(fd, "221 bye\r\n");
			break;
		} else {
			say(fd, "502 what\r\n");
		}
	}
	if (out != NULL)
		fclose(out);
	free(line);
	if (in != NULL)
		fclose(in);
}

static void
start_server(void)
{
	int lfd = bind_loopback(&server_port), stored = 0;

	assert_int_equal(listen(lfd, 8), 0);
	server_pid = fork();
	assert_true(server_pid >= 0);
	if (server_pid == 0) {
		for (;;) {
			int fd = accept(lfd, NULL, NULL);
			if (fd < 0)
				_exit(1);
			serve(fd, &stored);
			close(fd);
		}
	}
	close(lfd);
}

static int
server_count(void)
{
	DIR *d = opendir(server_dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

/* ---- fixtures ---- */

static int
group_setup(void **state)
{
	(void)state;
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	server_dir = xasprintf("%s/received", tmpdir);
	if (mkdir(server_dir, 0700) != 0)
		return -1;
	log_set_level(LOG_LVL_ERR);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

static int
group_teardown(void **state)
{
	char *cmd;

	(void)state;
	if (server_pid > 0) {
		kill(server_pid, SIGTERM);
		waitpid(server_pid, NULL, 0);
	}
	if (dead_fd >= 0)
		close(dead_fd);
	cmd = xasprintf("rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
	free(cmd);
	free(server_dir);
	return 0;
}

static char url[64];
static char dbpath[512];

/* A fresh database and configuration for each test. */
static int
setup(void **state)
{
	char err[256];

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.inst_name = "Universidad Tecnológica del Valle";
	cfg.address = "servicio.social@utv.edu.mx";
	cfg.addr_domain = "utv.edu.mx";
	cfg.smtp_max_attempts = 4;
	cfg.smtp_retry_seconds = 60;
	cfg.smtp_timeout_seconds = 10;
	cfg.keep_sent_days = 30;
	cfg.tls_verify = 1;
	if (dead_fd < 0)
		dead_fd = bind_loopback(&dead_port);
	snprintf(url, sizeof(url), "smtp://127.0.0.1:%d", dead_port);
	cfg.smtp_url = url;
	snprintf(dbpath, sizeof(dbpath), "%s/t%d.db", tmpdir, ++test_no);
	cfg.database = dbpath;
	if (store_open(dbpath, &st, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	setenv("TEQUIO_NOW", "1000", 1);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	store_close(st);
	st = NULL;
	return 0;
}

static void
set_now(int64_t t)
{
	char v[32];

	snprintf(v, sizeof(v), "%lld", (long long)t);
	setenv("TEQUIO_NOW", v, 1);
}

static void
queue_to(const char *to, const char *subject)
{
	struct outmail m;

	memset(&m, 0, sizeof(m));
	m.to = to;
	m.subject = subject;
	m.body = "Cuerpo de prueba.\n";
	m.auto_reply = 1;
	assert_int_equal(outbox_queue(st, &cfg, &m, 7), 0);
}

/* The one row with this recipient, in whatever state. */
static void
row_of(const char *rcpt, struct outbox_row *out)
{
	static const char *const states[] = {"queued", "failed", "sent"};
	struct outbox_row *rows;
	size_t n;

	for (size_t s = 0; s < ARRAY_LEN(states); s++) {
		assert_int_equal(store_outbox_list(st, states[s], &rows, &n), 0);
		for (size_t i = 0; i < n; i++) {
			if (strcmp(rows[i].rcpt, rcpt) == 0) {
				*out = rows[i];
				memset(&rows[i], 0, sizeof(rows[i]));
				outbox_rows_free(rows, n);
				return;
			}
		}
		outbox_rows_free(rows, n);
	}
	fail_msg("no row for %s", rcpt);
}

static void
deliver(struct smtp *s, int want_sent, int want_deferred)
{
	int sent = -1, deferred = -1;

	assert_int_equal(outbox_deliver(st, &cfg, s, &sent, &deferred), 0);
	assert_int_equal(sent, want_sent);
	assert_int_equal(deferred, want_deferred);
}

/* ---- tests ---- */

/* Rows of outbox_body in dbpath, through a connection of its own. */
static int
body_rows(void)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	int n = -1;

	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM "
	    "outbox_body", -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return n;
}

/* Sent mail keeps its row; its bytes go after keep_sent_days. */
static void
test_forget_sent_bodies(void **state)
{
	struct outbox_row *rows;
	size_t n;
	int changed;

	(void)state;
	assert_int_equal(store_begin(st), 0);
	queue_to("a@alumnos.utv.edu.mx", "uno");
	queue_to("b@alumnos.utv.edu.mx", "dos");
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(store_outbox_due(st, 1000, 10, &rows, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(store_outbox_sent(st, rows[0].id, 1000), 0);
	assert_int_equal(store_outbox_forget_bodies(st, 1000, &changed), 0);
	assert_int_equal(changed, 0);		/* not older than 1000 */
	assert_int_equal(store_outbox_forget_bodies(st, 1001, &changed), 0);
	assert_int_equal(changed, 1);		/* the sent one only */
	assert_int_equal(store_commit(st), 0);
	outbox_rows_free(rows, n);

	/* The queued one keeps its bytes; the sent one is still listed. */
	assert_int_equal(store_outbox_due(st, 1000, 10, &rows, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].rcpt, "b@alumnos.utv.edu.mx");
	assert_non_null(strstr(rows[0].raw, "\r\nSubject: dos\r\n"));
	outbox_rows_free(rows, n);
	assert_int_equal(store_outbox_list(st, "sent", &rows, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].rcpt, "a@alumnos.utv.edu.mx");
	assert_string_equal(rows[0].subject, "uno");
	/* Its bytes are gone from the database, not only from its row. */
	assert_int_equal(store_outbox_body(st, &rows[0]), 1);
	assert_int_equal(rows[0].raw_len, 0);
	assert_int_equal(body_rows(), 1);
	outbox_rows_free(rows, n);
	/* Nothing is left to forget: the bytes are gone. */
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(store_outbox_forget_bodies(st, 5000, &changed), 0);
	assert_int_equal(changed, 0);
	assert_int_equal(store_commit(st), 0);
}

/* Queue n mails of 3000 bytes, due at 1000, in one transaction. */
static void
queue_3k(int n)
{
	char raw[3000], mid[64];

	memset(raw, 'x', sizeof(raw));
	assert_int_equal(store_begin(st), 0);
	for (int i = 0; i < n; i++) {
		snprintf(mid, sizeof(mid), "m%d@utv.edu.mx", i);
		assert_int_equal(store_outbox_add(st, mid,
		    "a@alumnos.utv.edu.mx", "uno", raw, sizeof(raw), 0, 1000),
		    0);
	}
	assert_int_equal(store_commit(st), 0);
}

/* Frames in the WAL of dbpath now, through a connection of its own;
   restart: copy them all and start the WAL again from empty first. */
static int
wal_frames(int restart)
{
	sqlite3 *db;
	int log = -1, done = -1;

	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	/* A connection finds the WAL at its first read. */
	assert_int_equal(sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_wal_checkpoint_v2(db, NULL, restart ?
	    SQLITE_CHECKPOINT_TRUNCATE : SQLITE_CHECKPOINT_PASSIVE, &log,
	    &done), SQLITE_OK);
	sqlite3_close(db);
	return log;
}

/*
 * Claiming mail and recording it sent rewrite its row: with the bytes in
 * the row that was one ~4 KB page per mail, twice, in the WAL and again
 * at the checkpoint (issue 15).  The bytes live apart (migration 28):
 * twenty mails of 3 KB claimed and sent in one transaction rewrite a
 * handful of pages, not one per mail.
 */
static void
test_delivery_rewrites_no_body(void **state)
{
	enum { MAILS = 20 };
	char raw[3000];
	struct outbox_row *rows;
	size_t n;

	(void)state;
	memset(raw, 'x', sizeof(raw));	/* what queue_3k queues */
	queue_3k(MAILS);
	assert_int_equal(store_outbox_due_heads(st, 1000, MAILS, &rows, &n),
	    0);
	assert_int_equal(n, MAILS);
	assert_int_equal(rows[0].raw_len, sizeof(raw));
	assert_int_equal(wal_frames(1), 0);
	assert_int_equal(store_begin(st), 0);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(store_outbox_claim(st, rows[i].id, 1000, 1060,
		    ""), 1);
		assert_int_equal(store_outbox_sent(st, rows[i].id, 1000), 0);
	}
	assert_int_equal(store_commit(st), 0);
	assert_in_range(wal_frames(0), 1, MAILS / 4);
	outbox_rows_free(rows, n);
	/* The bytes are still there to show. */
	assert_int_equal(store_outbox_list(st, "sent", &rows, &n), 0);
	assert_int_equal(n, MAILS);
	assert_int_equal(store_outbox_body(st, &rows[0]), 1);
	assert_int_equal(rows[0].raw_len, sizeof(raw));
	assert_memory_equal(rows[0].raw, raw, sizeof(raw));
	outbox_rows_free(rows, n);
}

static off_t
file_size(const char *path)
{
	struct stat sb;

	assert_int_equal(stat(path, &sb), 0);
	return sb.st_size;
}

/*
 * Each checkpoint copies again the pages every batch rewrites, so a
 * delivery run leaves its frames in the WAL until
 * STORE_CHECKPOINT_FRAMES have gathered (one after every run copied
 * 5,694 pages for a 2,500-page database per 2000 messages, issue 15);
 * a run with nothing to send copies them.
 */
static void
test_checkpoint_when_due_or_idle(void **state)
{
	struct smtp *s = smtp_new(&cfg);
	off_t before;

	(void)state;
	store_wal_watch(st);		/* as the delivery thread does */
	assert_int_equal(wal_frames(1), 0);
	before = file_size(dbpath);
	queue_3k(20);
	deliver(s, 0, 20);		/* the server is down: deferred */
	assert_int_equal(file_size(dbpath), before);
	deliver(s, 0, 0);		/* nothing due before 1060: idle */
	assert_true(file_size(dbpath) >= before + 20 * 4096);
	smtp_free(s);
}

/* SELECTs that st->db runs in a read transaction of their own. */
static int lone_reads;

static int
count_lone_read(unsigned type, void *db, void *stmt, void *sql)
{
	(void)type;
	(void)sql;
	if (sqlite3_get_autocommit(db) &&
	    strncmp(sqlite3_sql(stmt), "SELECT", 6) == 0)
		lone_reads++;
	return 0;
}

/*
 * Each read transaction takes and drops a lock on the WAL's index (two
 * fcntl): the delivery run read each mail's bytes in one of its own,
 * ~3,000 fcntl per 2000 mails (issue 15).  A window's bytes are read in
 * one.
 */
static void
test_bytes_read_in_one_transaction(void **state)
{
	struct smtp *s = smtp_new(&cfg);
	char to[64];

	(void)state;
	assert_int_equal(store_begin(st), 0);
	for (int i = 0; i < 40; i++) {
		snprintf(to, sizeof(to), "a%d@alumnos.utv.edu.mx", i);
		queue_to(to, "x");
	}
	assert_int_equal(store_commit(st), 0);
	lone_reads = 0;
	sqlite3_trace_v2(st->db, SQLITE_TRACE_STMT, count_lone_read, st->db);
	deliver(s, 0, 40);		/* the server is down: deferred */
	sqlite3_trace_v2(st->db, 0, NULL, NULL);
	/* The listing of what is due, and little else. */
	assert_in_range(lone_reads, 1, 5);
	smtp_free(s);
}

/*
 * The daily statistics (store_optimize) sample each index; ANALYZE of a
 * whole table without an index reads every page of it, and outbox_body
 * keeps a page per mail for keep_sent_days (issue 15).
 */
static void
test_statistics_skip_bodies(void **state)
{
	enum { MAILS = 1000 };
	char err[256];
	int miss = 0, most = 0;

	(void)state;
	queue_3k(MAILS);
	store_close(st);		/* nothing in the page cache */
	assert_int_equal(store_open(dbpath, &st, err, sizeof(err)), 0);
	assert_int_equal(sqlite3_db_status(st->db, SQLITE_DBSTATUS_CACHE_MISS,
	    &miss, &most, 1), SQLITE_OK);
	assert_int_equal(store_optimize(st), 0);
	assert_int_equal(sqlite3_db_status(st->db, SQLITE_DBSTATUS_CACHE_MISS,
	    &miss, &most, 0), SQLITE_OK);
	assert_in_range(miss, 1, MAILS / 10);
}

static void
test_queue_and_due(void **state)
{
	struct outbox_row *rows;
	struct outmail m;
	size_t n;
	int64_t secs;

	(void)state;
	assert_int_equal(outbox_next_due(st, 1000, &secs), 0);
	assert_int_equal(secs, -1);

	assert_int_equal(store_begin(st), 0);
	queue_to("a@alumnos.utv.edu.mx", "uno");
	queue_to("b@alumnos.utv.edu.mx", "dos");
	queue_to("c@alumnos.utv.edu.mx", "tres");
	assert_int_equal(store_commit(st), 0);

	assert_int_equal(store_outbox_due(st, 999, 10, &rows, &n), 0);
	assert_int_equal(n, 0);
	outbox_rows_free(rows, n);
	assert_int_equal(store_outbox_due(st, 1000, 2, &rows, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].rcpt, "a@alumnos.utv.edu.mx");
	assert_string_equal(rows[1].rcpt, "b@alumnos.utv.edu.mx");
	assert_string_equal(rows[0].status, "queued");
	assert_int_equal(rows[0].attempts, 0);
	assert_int_equal(rows[0].created, 1000);
	assert_non_null(strstr(rows[0].raw, "\r\nSubject: uno\r\n"));
	assert_int_equal(rows[0].raw_len, strlen(rows[0].raw));
	outbox_rows_free(rows, n);

	assert_int_equal(outbox_next_due(st, 900, &secs), 0);
	assert_int_equal(secs, 100);
	assert_int_equal(outbox_next_due(st, 2000, &secs), 0);
	assert_int_equal(secs, 0);

	/* Rolled back with the caller's transaction. */
	assert_int_equal(store_begin(st), 0);
	queue_to("d@alumnos.utv.edu.mx", "cuatro");
	store_rollback(st);
	assert_int_equal(store_outbox_list(st, NULL, &rows, &n), 0);
	assert_int_equal(n, 3);
	outbox_rows_free(rows, n);

	/* Refused by compose: -2, nothing stored. */
	memset(&m, 0, sizeof(m));
	m.to = "x@y\r\nBcc: z@w";
	m.subject = "x";
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(outbox_queue(st, &cfg, &m, 7), -2);
	assert_int_equal(store_commit(st), 0);

	/* The same Message-ID twice is one row. */
	memset(&m, 0, sizeof(m));
	m.to = "e@alumnos.utv.edu.mx";
	m.subject = "cinco";
	m.message_id = "fixed.1@utv.edu.mx";
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(outbox_queue(st, &cfg, &m, 7), 0);
	assert_int_equal(outbox_queue(st, &cfg, &m, 7), 0);
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(store_outbox_list(st, "queued", &rows, &n), 0);
	assert_int_equal(n, 4);
	assert_string_equal(rows[3].message_id, "fixed.1@utv.edu.mx");
	outbox_rows_free(rows, n);
}

static void
test_backoff_then_failed_then_requeue(void **state)
{
	struct smtp *s = smtp_new(&cfg);
	struct outbox_row r;
	int changed;

	(void)state;
	assert_non_null(s);
	assert_int_equal(store_begin(st), 0);
	queue_to("a@alumnos.utv.edu.mx", "uno");
	assert_int_equal(store_commit(st), 0);

	/* 60, 120, 240 seconds; the fourth attempt is the last. */
	deliver(s, 0, 1);
	row_of("a@alumnos.utv.edu.mx", &r);
	assert_int_equal(r.attempts, 1);
	assert_int_equal(r.next_try, 1060);
	assert_string_equal(r.status, "queued");
	assert_true(r.last_error[0] != '\0');
	outbox_row_free(&r);

	set_now(1059);
	deliver(s, 0, 0);
	set_now(1060);
	deliver(s, 0, 1);
	row_of("a@alumnos.utv.edu.mx", &r);
	assert_int_equal(r.attempts, 2);
	assert_int_equal(r.next_try, 1180);
	outbox_row_free(&r);

	set_now(1180);
	deliver(s, 0, 1);
	row_of("a@alumnos.utv.edu.mx", &r);
	assert_int_equal(r.attempts, 3);
	assert_int_equal(r.next_try, 1420);
	outbox_row_free(&r);

	set_now(1420);
	deliver(s, 0, 0);
	row_of("a@alumnos.utv.edu.mx", &r);
	assert_int_equal(r.attempts, 4);
	assert_string_equal(r.status, "failed");
	outbox_row_free(&r);
	set_now(100000);
	deliver(s, 0, 0);

	/* Requeue: due now, a new series of attempts. */
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(store_outbox_requeue(st, 0, 100000, &changed), 0);
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(changed, 1);
	row_of("a@alumnos.utv.edu.mx", &r);
	assert_string_equal(r.status, "queued");
	assert_int_equal(r.attempts, 0);
	assert_int_equal(r.next_try, 100000);
	assert_int_equal(store_outbox_requeue(st, r.id, 100000, &changed), 0);
	assert_int_equal(changed, 0);	/* not failed any more */
	outbox_row_free(&r);
	deliver(s, 0, 1);
	smtp_free(s);
}

static void
test_backoff_cap(void **state)
{
	struct smtp *s = smtp_new(&cfg);
	struct outbox_row r;
	int64_t now = 1000, want[] = {3600, 7200, 14400, 21600, 21600};

	(void)state;
	cfg.smtp_retry_seconds = 3600;
	cfg.smtp_max_attempts = 10;
	assert_int_equal(store_begin(st), 0);
	queue_to("a@alumnos.utv.edu.mx", "uno");
	assert_int_equal(store_commit(st), 0);
	for (size_t i = 0; i < ARRAY_LEN(want); i++) {
		set_now(now);
		deliver(s, 0, 1);
		row_of("a@alumnos.utv.edu.mx", &r);
		assert_int_equal(r.next_try - now, want[i]);
		now = r.next_try;
		outbox_row_free(&r);
	}
	smtp_free(s);
}

/* A dead server is tried once per run; the rest is deferred untried. */
static void
test_unreachable_defers_all(void **state)
{
	struct smtp *s = smtp_new(&cfg);
	struct outbox_row *rows;
	size_t n, untried = 0;
	char to[64];

	(void)state;
	assert_int_equal(store_begin(st), 0);
	for (int i = 0; i < 5; i++) {
		snprintf(to, sizeof(to), "a%d@alumnos.utv.edu.mx", i);
		queue_to(to, "x");
	}
	assert_int_equal(store_commit(st), 0);
	deliver(s, 0, 5);
	assert_int_equal(store_outbox_list(st, "queued", &rows, &n), 0);
	assert_int_equal(n, 5);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(rows[i].attempts, 1);
		assert_int_equal(rows[i].next_try, 1060);
		untried += strncmp(rows[i].last_error, "not tried:", 10) == 0;
	}
	assert_int_equal(untried, 4);
	outbox_rows_free(rows, n);
	smtp_free(s);
}

static void
test_outcomes_against_server(void **state)
{
	struct outbox_row r;
	struct smtp *s;

	(void)state;
	if (server_pid < 0)
		start_server();
	snprintf(url, sizeof(url), "smtp://127.0.0.1:%d", server_port);
	s = smtp_new(&cfg);
	assert_non_null(s);
	assert_int_equal(store_begin(st), 0);
	queue_to("ok1@alumnos.utv.edu.mx", "uno");
	queue_to("perm@alumnos.utv.edu.mx", "dos");
	queue_to("ok2@alumnos.utv.edu.mx", "tres");
	queue_to("temp@alumnos.utv.edu.mx", "cuatro");
	queue_to("ok3@alumnos.utv.edu.mx", "cinco");
	assert_int_equal(store_commit(st), 0);

	deliver(s, 3, 1);
	assert_int_equal(server_count(), 3);
	row_of("ok1@alumnos.utv.edu.mx", &r);
	assert_string_equal(r.status, "sent");
	assert_int_equal(r.attempts, 1);
	outbox_row_free(&r);
	row_of("ok3@alumnos.utv.edu.mx", &r);
	assert_string_equal(r.status, "sent");
	outbox_row_free(&r);
	row_of("perm@alumnos.utv.edu.mx", &r);
	assert_string_equal(r.status, "failed");
	assert_int_equal(r.attempts, 1);
	assert_non_null(strstr(r.last_error, "550 5.1.1 no such user here"));
	outbox_row_free(&r);
	row_of("temp@alumnos.utv.edu.mx", &r);
	assert_string_equal(r.status, "queued");
	assert_int_equal(r.attempts, 1);
	assert_int_equal(r.next_try, 1060);
	assert_non_null(strstr(r.last_error, "451 4.3.0"));
	outbox_row_free(&r);

	/* Again, later: only the deferred one is tried; nothing twice. */
	set_now(1060);
	deliver(s, 0, 1);
	assert_int_equal(server_count(), 3);
	smtp_free(s);
}

/*
 * A row is claimed before it is sent: the claim counts the attempt and
 * moves next_try, so neither this connection nor another one (a second
 * process) can take the row again until it is due.
 */
static void
test_claim_once(void **state)
{
	struct outbox_row r;
	struct store *other;
	char err[256];

	(void)state;
	assert_int_equal(store_begin(st), 0);
	queue_to("uno@alumnos.utv.edu.mx", "uno");
	assert_int_equal(store_commit(st), 0);
	row_of("uno@alumnos.utv.edu.mx", &r);
	assert_int_equal(store_open(dbpath, &other, err, sizeof(err)), 0);

	/* The bytes to send are read one row at a time. */
	assert_null(r.raw);
	assert_int_equal(store_outbox_body(st, &r), 1);
	assert_non_null(strstr(r.raw, "\r\nSubject: uno\r\n"));
	assert_int_equal(r.raw_len, strlen(r.raw));
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(store_outbox_claim(st, r.id, 1000, 1060, "en curso"),
	    1);
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(store_begin(other), 0);
	assert_int_equal(store_outbox_claim(other, r.id, 1000, 1060, "otro"),
	    0);
	assert_int_equal(store_commit(other), 0);
	outbox_row_free(&r);

	row_of("uno@alumnos.utv.edu.mx", &r);
	assert_int_equal(r.attempts, 1);
	assert_int_equal(r.next_try, 1060);
	assert_string_equal(r.last_error, "en curso");
	outbox_row_free(&r);
	store_close(other);
}

/*
 * The delivery thread only tries the write lock while mail is on the
 * wire: store_try_begin answers 1 at once while another connection holds
 * it (the busy handler, which would wait up to 10 s, is not called), and
 * opens the transaction once it is free.
 */
static void
test_try_begin(void **state)
{
	struct store *other;
	char err[256];

	(void)state;
	assert_int_equal(store_open(dbpath, &other, err, sizeof(err)), 0);
	assert_int_equal(store_begin(other), 0);
	assert_int_equal(store_try_begin(st), 1);
	assert_int_equal(store_in_tx(st), 0);
	assert_int_equal(store_commit(other), 0);
	assert_int_equal(store_try_begin(st), 0);
	assert_int_equal(store_in_tx(st), 1);
	/* Held by us now: the other connection is the one told "busy". */
	assert_int_equal(store_try_begin(other), 1);
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(store_in_tx(st), 0);
	store_close(other);
}

/* Once the stop flag is up, a delivery run sends and changes nothing. */
static void
test_stop_sends_nothing(void **state)
{
	static volatile sig_atomic_t stop = 1;
	struct outbox_row r;
	struct smtp *s;
	int before;

	(void)state;
	if (server_pid < 0)
		start_server();
	snprintf(url, sizeof(url), "smtp://127.0.0.1:%d", server_port);
	s = smtp_new(&cfg);
	assert_non_null(s);
	smtp_set_stop(s, &stop);
	assert_int_equal(store_begin(st), 0);
	queue_to("ok1@alumnos.utv.edu.mx", "uno");
	assert_int_equal(store_commit(st), 0);
	before = server_count();
	deliver(s, 0, 0);
	assert_int_equal(server_count(), before);
	row_of("ok1@alumnos.utv.edu.mx", &r);
	assert_string_equal(r.status, "queued");
	assert_int_equal(r.attempts, 0);
	outbox_row_free(&r);
	smtp_free(s);
}

/* A reader cannot write; a new database file is private. */
static void
test_reader_and_modes(void **state)
{
	struct store *ro;
	struct stat sb;
	char err[256];
	int changed = 0;

	(void)state;
	assert_int_equal(stat(dbpath, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(store_open_readonly(dbpath, &ro, err, sizeof(err)),
	    0);
	if (store_begin(ro) == 0) {
		assert_int_not_equal(store_outbox_requeue(ro, 0, 1000,
		    &changed), 0);
		store_rollback(ro);
	}
	store_close(ro);
}

/* With a password, smtp:// insists on STARTTLS: never AUTH in clear. */
static void
test_password_needs_tls(void **state)
{
	struct outbox_row r;
	struct smtp *s;
	int before;

	(void)state;
	if (server_pid < 0)
		start_server();
	snprintf(url, sizeof(url), "smtp://127.0.0.1:%d", server_port);
	cfg.smtp_user = "servicio.social";
	cfg.smtp_password = "secreto";
	s = smtp_new(&cfg);
	assert_non_null(s);
	assert_int_equal(store_begin(st), 0);
	queue_to("ok1@alumnos.utv.edu.mx", "uno");
	assert_int_equal(store_commit(st), 0);
	before = server_count();
	deliver(s, 0, 1);
	assert_int_equal(server_count(), before);
	row_of("ok1@alumnos.utv.edu.mx", &r);
	assert_string_equal(r.status, "queued");
	if (strstr(r.last_error, "STARTTLS") == NULL)
		fail_msg("error: %s", r.last_error);
	outbox_row_free(&r);
	smtp_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_queue_and_due, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_backoff_then_failed_then_requeue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delivery_rewrites_no_body,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_checkpoint_when_due_or_idle, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_bytes_read_in_one_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_statistics_skip_bodies,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_forget_sent_bodies,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_backoff_cap, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unreachable_defers_all,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_outcomes_against_server,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_password_needs_tls,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_claim_once, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_try_begin, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_stop_sends_nothing,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_reader_and_modes, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
