/*
 * tequioctl.c - the administrator's tool: look at the queue, the database,
 * the letters; never needed for normal operation.
 *
 * Commands are one table, as OpenSMTPD's smtpctl does it; each area of
 * tequio implements its own in ctl/cmd_*.c.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "ctl.h"
#include "log.h"
#include "util.h"

static const struct {
	const char *name;
	const char *usage;
	ctl_fn fn;
} commands[] = {
	{"status", "status", ctl_status},
	{"outbox", "outbox [queued|failed|sent]", ctl_outbox},
	{"requeue", "requeue ID|all", ctl_requeue},
	{"verify", "verify FOLIO [FILE.pdf]", ctl_verify},
	{"render", "render LETTER --sample OUT.pdf", ctl_render},
	{"report", "report alumnos|dependencias|dependencia RFC "
	    "--pdf OUT.pdf|--csv OUT.csv", ctl_report},
	{"pending", "pending", ctl_pending},
	{"accounts", "accounts", ctl_accounts},
	{"export", "export DIR", ctl_export},
	{"init", "init [--new-secret]", ctl_init},
};

static void
usage(void)
{
	fprintf(stderr, "usage: tequioctl -c FILE COMMAND [ARGS]\ncommands:\n");
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		fprintf(stderr, "  %s\n", commands[i].usage);
}

int
main(int argc, char **argv)
{
	const char *conf = "/etc/tequio/tequio.conf";
	struct config cfg;
	char err[512];
	int ch, rc;

	log_open("tequioctl", 0);
	while ((ch = getopt(argc, argv, "+c:h")) != -1) {
		switch (ch) {
		case 'c':
			conf = optarg;
			break;
		default:
			usage();
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage();
		return 2;
	}
	for (size_t i = 0; i < ARRAY_LEN(commands); i++) {
		if (strcmp(argv[0], commands[i].name) != 0)
			continue;
		if (config_load(conf, &cfg, err, sizeof(err)) != 0) {
			fprintf(stderr, "%s\n", err);
			return 3;
		}
		rc = commands[i].fn(&cfg, argc, argv);
		config_free(&cfg);
		return rc;
	}
	fprintf(stderr, "tequioctl: unknown command \"%s\"\n", argv[0]);
	usage();
	return 2;
}
