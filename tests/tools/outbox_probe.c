/* SPDX-License-Identifier: ISC */
/*
 * outbox_probe - drive outbox/outbox.c from a shell script, for the
 * integration tests (tests/integration/test_smtp_outage.sh).
 *
 *	outbox_probe -c CONF COMMAND [ARGS]
 *
 *	queue N		queue N distinct test mails in one transaction
 *	deliver		run outbox_deliver once: "sent=X deferred=Y"
 *	counts		"queued=A sent=B failed=C"
 *
 * Time comes from TEQUIO_NOW when set, as in the daemon.  Exit status: 0
 * done, 1 usage or configuration error, 2 database error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/util.h"
#include "config/config.h"
#include "outbox/outbox.h"
#include "outbox/smtp.h"
#include "store/store.h"

static void
usage(void)
{
	fprintf(stderr, "usage: outbox_probe -c CONF queue N | deliver | "
	    "counts\n");
	exit(1);
}

static int
cmd_queue(struct store *st, const struct config *cfg, const char *arg)
{
	struct outmail m;
	char *end, *to, *subject;
	long n = strtol(arg, &end, 10);
	int rc = 0;

	if (*arg == '\0' || *end != '\0' || n < 1 || n > 100000) {
		fprintf(stderr, "outbox_probe: bad count %s\n", arg);
		return 1;
	}
	if (store_begin(st) != 0)
		return 2;
	for (long i = 1; i <= n && rc == 0; i++) {
		to = xasprintf("alumno%ld@alumnos.utv.edu.mx", i);
		subject = xasprintf("Prueba %ld de %ld: recepción de documentos",
		    i, n);
		memset(&m, 0, sizeof(m));
		m.to = to;
		m.to_name = "Alumna de Prueba Núñez";
		m.subject = subject;
		m.body = "Este es un correo de prueba de la cola de salida.\n";
		m.auto_reply = 1;
		rc = outbox_queue(st, cfg, &m, 0);
		free(to);
		free(subject);
	}
	if (rc != 0) {
		store_rollback(st);
		return 2;
	}
	return store_commit(st) == 0 ? 0 : 2;
}

static int
cmd_deliver(struct store *st, const struct config *cfg)
{
	struct smtp *smtp = smtp_new(cfg);
	int sent = 0, deferred = 0, rc;

	if (smtp == NULL)
		return 2;
	rc = outbox_deliver(st, cfg, smtp, &sent, &deferred);
	smtp_free(smtp);
	if (rc != 0)
		return 2;
	printf("sent=%d deferred=%d\n", sent, deferred);
	return 0;
}

static int
cmd_counts(struct store *st)
{
	int64_t q, s, f;

	if (store_count(st, "outbox_queued", &q) != 0 ||
	    store_count(st, "outbox_sent", &s) != 0 ||
	    store_count(st, "outbox_failed", &f) != 0)
		return 2;
	printf("queued=%lld sent=%lld failed=%lld\n", (long long)q,
	    (long long)s, (long long)f);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *conf = NULL;
	struct config cfg;
	struct store *st;
	char err[512];
	int ch, rc;

	log_open("outbox_probe", 0);
	while ((ch = getopt(argc, argv, "c:")) != -1) {
		if (ch != 'c')
			usage();
		conf = optarg;
	}
	argc -= optind;
	argv += optind;
	if (conf == NULL || argc < 1 ||
	    !((strcmp(argv[0], "queue") == 0 && argc == 2) ||
	    (strcmp(argv[0], "deliver") == 0 && argc == 1) ||
	    (strcmp(argv[0], "counts") == 0 && argc == 1)))
		usage();
	if (config_load(conf, &cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	if (store_open(cfg.database, &st, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		config_free(&cfg);
		return 2;
	}
	if (strcmp(argv[0], "queue") == 0)
		rc = cmd_queue(st, &cfg, argv[1]);
	else if (strcmp(argv[0], "deliver") == 0)
		rc = cmd_deliver(st, &cfg);
	else
		rc = cmd_counts(st);
	store_close(st);
	config_free(&cfg);
	return rc;
}
