/* SPDX-License-Identifier: ISC */
/*
 * cmd_outbox.c - "tequioctl outbox" lists outgoing mail (by default what
 * is still queued and what failed), "tequioctl requeue" gives failed mail
 * another series of attempts.
 *
 * What is printed comes from the database, and subjects and errors came
 * from users and servers: every cell is cleaned of control characters and
 * cut to its column, so no row can mess up the operator's terminal.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/instance.h"
#include "common/util.h"
#include "ctl/ctl.h"
#include "store/store.h"

/* Column widths, in characters. */
#define W_ID		6
#define W_STATUS	8
#define W_ATTEMPTS	8
#define W_NEXT		16
#define W_RCPT		30
#define W_SUBJECT	30
#define W_ERROR		60

static const struct {
	const char *status;	/* as stored and as typed */
	const char *label;	/* as shown */
} statuses[] = {
	{"queued", "en cola"},
	{"failed", "fallido"},
	{"sent", "enviado"},
};

static const char *
status_label(const char *status)
{
	for (size_t i = 0; i < ARRAY_LEN(statuses); i++)
		if (strcmp(statuses[i].status, status) == 0)
			return statuses[i].label;
	return status;
}

/* Bytes of the UTF-8 character at p, or 0 when it is not valid. */
static size_t
char_len(const char *p)
{
	const unsigned char c = (unsigned char)*p;
	size_t k = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ?
	    3 : (c & 0xf8) == 0xf0 ? 4 : 0;

	if (k == 0 || strnlen(p, k) < k || !utf8_valid(p, k))
		return 0;
	return k;
}

/* C0, DEL and C1 (U+0080..U+009F: 0x9B is CSI to some terminals). */
static int
is_control(const char *s, size_t k)
{
	const unsigned char *p = (const unsigned char *)s;

	if (k == 1)
		return p[0] < 0x20 || p[0] == 0x7f;
	return k == 2 && p[0] == 0xc2 && p[1] < 0xa0;
}

/*
 * Append s to b as a cell of exactly width characters: control characters
 * become spaces, invalid bytes '?', and text too long ends in "...".
 */
static void
cell(struct buf *b, const char *s, size_t width, int pad)
{
	size_t chars = 0, total = 0;

	for (const char *p = s; *p; total++) {
		size_t k = char_len(p);
		p += k ? k : 1;
	}
	while (*s && chars < width) {
		size_t k = char_len(s);

		if (total > width && chars + 3 == width) {
			buf_adds(b, "...");
			chars += 3;
			break;
		}
		if (k == 0)
			buf_addc(b, '?');
		else if (is_control(s, k))
			buf_addc(b, ' ');
		else
			buf_add(b, s, k);
		s += k ? k : 1;
		chars++;
	}
	while (pad && chars++ < width)
		buf_addc(b, ' ');
}

static void
format_time(int64_t t, char *out, size_t outlen)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL ||
	    strftime(out, outlen, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(out, outlen, "%lld", (long long)t);
}

static void
print_row(const struct outbox_row *r)
{
	char num[32], when[64];
	struct buf b;

	buf_init(&b);
	snprintf(num, sizeof(num), "%lld", (long long)r->id);
	cell(&b, num, W_ID, 1);
	buf_addc(&b, ' ');
	cell(&b, status_label(r->status), W_STATUS, 1);
	buf_addc(&b, ' ');
	snprintf(num, sizeof(num), "%d", r->attempts);
	cell(&b, num, W_ATTEMPTS, 1);
	buf_addc(&b, ' ');
	if (strcmp(r->status, "queued") == 0)
		format_time(r->next_try, when, sizeof(when));
	else
		snprintf(when, sizeof(when), "-");
	cell(&b, when, W_NEXT, 1);
	buf_addc(&b, ' ');
	cell(&b, r->rcpt, W_RCPT, 1);
	buf_addc(&b, ' ');
	cell(&b, r->subject, W_SUBJECT, 1);
	buf_addc(&b, ' ');
	cell(&b, r->last_error, W_ERROR, 0);
	puts(b.data);
	buf_free(&b);
}

static void
print_header(void)
{
	struct buf b;

	buf_init(&b);
	cell(&b, "id", W_ID, 1);
	buf_addc(&b, ' ');
	cell(&b, "estado", W_STATUS, 1);
	buf_addc(&b, ' ');
	cell(&b, "intentos", W_ATTEMPTS, 1);
	buf_addc(&b, ' ');
	cell(&b, "próximo intento", W_NEXT, 1);
	buf_addc(&b, ' ');
	cell(&b, "destinatario", W_RCPT, 1);
	buf_addc(&b, ' ');
	cell(&b, "asunto", W_SUBJECT, 1);
	buf_addc(&b, ' ');
	cell(&b, "último error", W_ERROR, 0);
	puts(b.data);
	buf_free(&b);
}

int
ctl_outbox(const struct config *cfg, int argc, char **argv)
{
	struct outbox_row *rows = NULL;
	const char *status = NULL;
	struct store *st = NULL;
	size_t n = 0;
	int rc = 3;

	if (argc > 2)
		goto usage;
	if (argc == 2) {
		for (size_t i = 0; i < ARRAY_LEN(statuses); i++)
			if (strcmp(argv[1], statuses[i].status) == 0)
				status = statuses[i].status;
		if (status == NULL)
			goto usage;
	}
	if (ctl_open_store(cfg, &st) != 0)
		return 3;
	if (store_outbox_list(st, status, &rows, &n) != 0)
		goto done;
	if (n == 0) {
		printf("No hay correos %s.\n", status == NULL ?
		    "en cola ni fallidos" : strcmp(status, "queued") == 0 ?
		    "en cola" : strcmp(status, "failed") == 0 ? "fallidos" :
		    "enviados");
	} else {
		print_header();
		for (size_t i = 0; i < n; i++)
			print_row(&rows[i]);
	}
	rc = 0;
done:
	outbox_rows_free(rows, n);
	store_close(st);
	return rc;
usage:
	fprintf(stderr, "uso: tequioctl -c ARCHIVO outbox "
	    "[queued|failed|sent]\n");
	return 2;
}

/* A positive row id, or 0 for "all"; -1 when arg is neither. */
static int64_t
parse_target(const char *arg)
{
	char *end;
	long long v;

	if (strcmp(arg, "all") == 0)
		return 0;
	errno = 0;
	v = strtoll(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v <= 0)
		return -1;
	return v;
}

/*
 * Tell the running tequiod to deliver now (SIGUSR1 wakes its delivery
 * thread), rather than at its next look at the queue.  The pid comes from
 * the lock file and is signalled only while it holds the lock, so a stale
 * pid is never signalled.
 */
void
ctl_wake_daemon(const struct config *cfg)
{
	pid_t pid = instance_holder(cfg->database);

	if (pid > 0 && kill(pid, SIGUSR1) == 0)
		printf("tequiod (pid %ld) los envía ahora.\n", (long)pid);
	else
		printf("tequiod no está en marcha: se enviarán cuando "
		    "arranque.\n");
}

int
ctl_requeue(const struct config *cfg, int argc, char **argv)
{
	struct store *st = NULL;
	int64_t id;
	int changed = 0, rc = 3;

	if (argc != 2 || (id = parse_target(argv[1])) < 0) {
		fprintf(stderr, "uso: tequioctl -c ARCHIVO requeue ID|all\n");
		return 2;
	}
	if (ctl_open_store_rw(cfg, &st) != 0)
		return 3;
	if (store_begin(st) != 0)
		goto done;
	if (store_outbox_requeue(st, id, now_seconds(), &changed) != 0) {
		store_rollback(st);
		goto done;
	}
	if (store_commit(st) != 0)
		goto done;
	if (changed == 0 && id > 0) {
		printf("El correo %lld no está marcado como fallido; no se "
		    "cambió nada.\n", (long long)id);
		rc = 1;
	} else if (changed == 0) {
		printf("No hay correos fallidos.\n");
		rc = 0;
	} else {
		printf("%d %s a la cola.\n", changed, changed == 1 ?
		    "correo vuelve" : "correos vuelven");
		ctl_wake_daemon(cfg);
		rc = 0;
	}
done:
	store_close(st);
	return rc;
}
