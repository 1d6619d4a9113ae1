/* SPDX-License-Identifier: ISC */
/*
 * cmd_quarantine.c - tequioctl quarantine [show ID]: what tequiod set
 * aside in the quarantine folder and why, so the operator knows which
 * message to look at in the mailbox (its Message-ID and date find it
 * there) and what to tell its sender.  One line per message; show gives
 * one message's whole record; release puts it back in the inbox
 * (cmd_release.c).
 *
 * Every field came from a stranger's mail: control characters are
 * replaced before they reach the terminal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/caldate.h"
#include "common/util.h"
#include "ctl/ctl.h"
#include "store/store.h"
#include "store/store_quarantine.h"

struct listing {
	size_t n;
	int detail;
};

static void
line(const char *label, const char *value)
{
	printf("%-18s ", label);
	ctl_put_clean(stdout, value);
	putchar('\n');
}

static void
one(void *arg, const struct quarantined *q)
{
	struct listing *l = arg;
	char date[40];

	l->n++;
	iso8601_local(q->received_at, date, sizeof(date));
	if (!l->detail) {
		printf("%-6lld %-25s ", (long long)q->id, date);
		ctl_put_clean(stdout, q->from_addr);
		fputs("  «", stdout);
		ctl_put_clean(stdout, q->subject);
		fputs("»  ", stdout);
		ctl_put_clean(stdout, q->note);
		putchar('\n');
		return;
	}
	printf("%-18s %lld\n", "Mensaje", (long long)q->id);
	line("Recibido", date);
	line("De", q->from_addr);
	line("Asunto", q->subject);
	line("Comando", *q->command ? q->command : "(ninguno)");
	line("Por qué", q->note);
	line("Message-ID", q->message_id);
	line("Copia", q->purged ? "eliminada por la retención" : q->spool_path);
	if (q->failures > 0) {
		printf("%-18s %lld, la última: ", "Fallos", (long long)q->failures);
		ctl_put_clean(stdout, q->last_failure);
		putchar('\n');
	}
	if (q->deaths > 0)
		printf("%-18s %lld\n", "Caídas del proceso",
		    (long long)q->deaths);
}

int
ctl_quarantine(const struct config *cfg, int argc, char **argv)
{
	struct listing l = {0, 0};
	struct store *st = NULL;
	long long id = 0;
	char *end;
	int rc;

	if (argc == 3 && strcmp(argv[1], "release") == 0)
		return ctl_quarantine_release(cfg, argv[2]);
	if (argc == 3 && strcmp(argv[1], "show") == 0) {
		id = strtoll(argv[2], &end, 10);
		l.detail = 1;
		if (*end != '\0' || id <= 0)
			id = -1;
	}
	if ((argc != 1 && !l.detail) || id < 0) {
		fprintf(stderr, "uso: tequioctl quarantine [show ID | "
		    "release ID]\n");
		return 2;
	}
	if (ctl_open_store(cfg, &st) != 0)
		return 3;
	if (!l.detail)
		printf("%-6s %-25s %s\n", "ID", "RECIBIDO", "DE, ASUNTO Y POR QUÉ");
	rc = store_quarantine_list(st, id, one, &l) == 0 ? 0 : 3;
	store_close(st);
	if (rc == 0 && l.detail && l.n == 0) {
		fprintf(stderr, "tequioctl: el mensaje %lld no está en "
		    "cuarentena\n", id);
		rc = 1;
	}
	if (rc == 0 && !l.detail)
		printf("%zu mensaje(s) en la carpeta %s.\n", l.n,
		    cfg->quarantine);
	return rc;
}
