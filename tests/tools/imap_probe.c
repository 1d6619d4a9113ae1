/* SPDX-License-Identifier: ISC */
/*
 * imap_probe - drive mailbox/imap.c from a shell script, for the
 * integration tests (tests/integration/test_imap.sh).
 *
 *	imap_probe -c CONF [-o DIR] COMMAND [ARGS]
 *
 *	info			uidvalidity N / idle 0|1 / move 0|1
 *	list [AFTER]		"UID SIZE" per message with UID > AFTER (0)
 *	fetch UID...		the raw messages, in one UID FETCH: written to
 *				stdout, or with -o to DIR/UID.eml, and then
 *				"fetched UID LEN" is printed per message
 *	header UID		the header section, to stdout
 *	move UID FOLDER		"moved"
 *	count FOLDER		the number of messages in FOLDER
 *	wait SECONDS		prints "waiting" once the connection is up,
 *				then "woke 0|1" when imap_wait returns
 *
 * SIGTERM and SIGINT set the stop flag imap_wait watches; SIGHUP is caught
 * and does nothing, as a daemon's log-reopen would not disturb IMAP.
 *
 * Exit status: 0 done, 1 usage or configuration error, 2 IMAP_FATAL,
 * 3 IMAP_RETRY; the error text goes to stderr.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/util.h"
#include "config/config.h"
#include "mailbox/imap.h"

static volatile sig_atomic_t stop;

struct probe {
	struct config cfg;
	struct imap *im;
	const char *outdir;
};

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* Like a daemon's "reopen the log": caught, and nothing else happens. */
static void
on_hup(int sig)
{
	(void)sig;
}

static void
usage(void)
{
	fprintf(stderr, "usage: imap_probe -c CONF [-o DIR] info | list "
	    "[AFTER] | fetch UID... | header UID | move UID FOLDER | "
	    "count FOLDER | wait SECONDS\n");
	exit(1);
}

static int
exit_code(enum imap_status st)
{
	return st == IMAP_OK ? 0 : st == IMAP_FATAL ? 2 : 3;
}

static uint32_t
parse_uid(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v > UINT32_MAX) {
		fprintf(stderr, "imap_probe: not a UID: %s\n", s);
		exit(1);
	}
	return (uint32_t)v;
}

static int
write_all(FILE *fp, const char *p, size_t n)
{
	return fwrite(p, 1, n, fp) == n ? 0 : -1;
}

static int
on_message(void *arg, uint32_t uid, const char *raw, size_t len)
{
	struct probe *p = arg;
	char *path;
	FILE *fp;
	int rc;

	if (p->outdir == NULL)
		return write_all(stdout, raw, len) == 0 ? 0 : IMAP_FATAL;
	path = xasprintf("%s/%" PRIu32 ".eml", p->outdir, uid);
	fp = fopen(path, "wb");
	rc = fp != NULL && write_all(fp, raw, len) == 0 ? 0 : IMAP_FATAL;
	if (fp != NULL && fclose(fp) != 0)
		rc = IMAP_FATAL;
	if (rc != 0)
		fprintf(stderr, "imap_probe: %s: %s\n", path, strerror(errno));
	else
		printf("fetched %" PRIu32 " %zu\n", uid, len);
	free(path);
	return rc;
}

static enum imap_status
cmd_list(struct probe *p, int argc, char **argv)
{
	struct imap_msginfo *v;
	enum imap_status st;
	size_t i, n;

	st = imap_list_new(p->im, argc > 0 ? parse_uid(argv[0]) : 0, &v, &n);
	for (i = 0; st == IMAP_OK && i < n; i++)
		printf("%" PRIu32 " %" PRIu32 "\n", v[i].uid, v[i].size);
	free(v);
	return st;
}

static enum imap_status
cmd_fetch(struct probe *p, int argc, char **argv)
{
	enum imap_status st;
	uint32_t *uids;
	int i;

	if (argc < 1)
		usage();
	uids = xreallocarray(NULL, (size_t)argc, sizeof(*uids));
	for (i = 0; i < argc; i++)
		uids[i] = parse_uid(argv[i]);
	st = imap_fetch(p->im, uids, (size_t)argc, on_message, p);
	free(uids);
	return st;
}

static enum imap_status
cmd_header(struct probe *p, int argc, char **argv)
{
	enum imap_status st;
	char *raw;
	size_t len;

	if (argc != 1)
		usage();
	st = imap_fetch_header(p->im, parse_uid(argv[0]), &raw, &len);
	if (st == IMAP_OK && write_all(stdout, raw, len) != 0)
		st = IMAP_FATAL;
	free(raw);
	return st;
}

static enum imap_status
cmd_move(struct probe *p, int argc, char **argv)
{
	enum imap_status st;

	if (argc != 2)
		usage();
	st = imap_move(p->im, parse_uid(argv[0]), argv[1]);
	if (st == IMAP_OK)
		printf("moved\n");
	return st;
}

static enum imap_status
cmd_count(struct probe *p, int argc, char **argv)
{
	enum imap_status st;
	uint32_t n;

	if (argc != 1)
		usage();
	st = imap_folder_count(p->im, argv[0], &n);
	if (st == IMAP_OK)
		printf("%" PRIu32 "\n", n);
	return st;
}

static enum imap_status
cmd_wait(struct probe *p, int argc, char **argv)
{
	enum imap_status st;
	int woke = 0;

	if (argc != 1)
		usage();
	/* The test delivers once it reads this line. */
	printf("waiting\n");
	fflush(stdout);
	st = imap_wait(p->im, (int)parse_uid(argv[0]), &stop, &woke);
	if (st == IMAP_OK)
		printf("woke %d\n", woke);
	return st;
}

static enum imap_status
cmd_info(struct probe *p, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("uidvalidity %" PRIu32 "\nidle %d\nmove %d\n",
	    imap_uidvalidity(p->im), imap_has_idle(p->im),
	    imap_has_move(p->im));
	return IMAP_OK;
}

static const struct {
	const char *name;
	enum imap_status (*fn)(struct probe *, int, char **);
} commands[] = {
	{"info", cmd_info},
	{"list", cmd_list},
	{"fetch", cmd_fetch},
	{"header", cmd_header},
	{"move", cmd_move},
	{"count", cmd_count},
	{"wait", cmd_wait},
};

int
main(int argc, char **argv)
{
	struct probe p;
	struct sigaction sa;
	const char *conf = NULL;
	char err[1024];
	enum imap_status st;
	size_t i;
	int c;

	memset(&p, 0, sizeof(p));
	while ((c = getopt(argc, argv, "c:o:")) != -1) {
		switch (c) {
		case 'c':
			conf = optarg;
			break;
		case 'o':
			p.outdir = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (conf == NULL || argc < 1)
		usage();
	for (i = 0; i < ARRAY_LEN(commands); i++)
		if (strcmp(argv[0], commands[i].name) == 0)
			break;
	if (i == ARRAY_LEN(commands))
		usage();

	log_open("imap_probe", 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_hup;
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (config_load(conf, &p.cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "imap_probe: %s\n", err);
		return 1;
	}
	st = imap_open(&p.cfg, &p.im, err, sizeof(err));
	if (st != IMAP_OK) {
		fprintf(stderr, "imap_probe: %s: %s\n",
		    st == IMAP_FATAL ? "fatal" : "retry", err);
		config_free(&p.cfg);
		return exit_code(st);
	}
	st = commands[i].fn(&p, argc - 1, argv + 1);
	if (st != IMAP_OK)
		fprintf(stderr, "imap_probe: %s failed (%s)\n", argv[0],
		    st == IMAP_FATAL ? "fatal" : "retry");
	imap_close(p.im);
	config_free(&p.cfg);
	if (fflush(stdout) != 0)
		return 1;
	return exit_code(st);
}
