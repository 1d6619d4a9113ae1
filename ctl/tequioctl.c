/* SPDX-License-Identifier: ISC */
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

#include "common/log.h"
#include "common/util.h"
#include "config/config.h"
#include "ctl/ctl.h"

static const struct {
	const char *name;
	const char *usage;
	ctl_fn fn;
} commands[] = {
	{"status", "status", ctl_status},
	{"outbox", "outbox [queued|failed|sent]", ctl_outbox},
	{"requeue", "requeue ID|all", ctl_requeue},
	{"quarantine", "quarantine [show ID | release ID]", ctl_quarantine},
	{"verify", "verify FOLIO [ARCHIVO.pdf]", ctl_verify},
	{"resend", "resend FOLIO [--pdf ARCHIVO]", ctl_resend},
	{"render", "render CARTA --sample SALIDA.pdf [--logo LOGO.png]",
	    ctl_render},
	{"report", "report alumnos|dependencias|dependencia RFC "
	    "--pdf SALIDA.pdf|--csv SALIDA.csv", ctl_report},
	{"pending", "pending", ctl_pending},
	{"decide", "decide CÓDIGO aprobar|rechazar [MOTIVO]", ctl_decide},
	{"accounts", "accounts [alumno|dependencia]", ctl_accounts},
	{"history", "history MATRÍCULA|RFC|CORREO", ctl_history},
	{"export", "export DIRECTORIO", ctl_export},
	{"import", "import alumnos ARCHIVO.csv", ctl_import},
	{"init", "init [--new-secret]", ctl_init},
	{"check-config", "check-config [-n]", ctl_check_config},
	{"rotate", "rotate tokens", ctl_rotate},
	{"address", "address revoke|reissue CORREO", ctl_address},
	{"purge", "purge --dry-run|--now", ctl_purge},
	{"access-log", "access-log [DÍAS]", ctl_access_log},
};

static void
usage(FILE *fp)
{
	fprintf(fp, "uso: tequioctl [-c ARCHIVO] ORDEN [ARGUMENTOS]\n"
	    "órdenes:\n");
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		fprintf(fp, "  %s\n", commands[i].usage);
}

int
main(int argc, char **argv)
{
	const char *conf = TEQUIO_SYSCONFDIR "/tequio/tequio.conf";
	struct config cfg;
	char err[512];
	int ch, rc;

	log_open("tequioctl", 0);
	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	while ((ch = getopt(argc, argv, "+c:h")) != -1) {
		switch (ch) {
		case 'c':
			conf = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage(stderr);
		return 2;
	}
	for (size_t i = 0; i < ARRAY_LEN(commands); i++) {
		if (strcmp(argv[0], commands[i].name) != 0)
			continue;
		if (config_load(conf, &cfg, err, sizeof(err)) != 0) {
			fprintf(stderr, "%s\n", err);
			/* check-config answers "would not start". */
			return commands[i].fn == ctl_check_config ? 1 : 3;
		}
		rc = commands[i].fn(&cfg, argc, argv);
		config_free(&cfg);
		return rc;
	}
	fprintf(stderr, "tequioctl: no hay ninguna orden «%s»\n", argv[0]);
	usage(stderr);
	return 2;
}
