/* SPDX-License-Identifier: ISC */
/*
 * cmd_status.c - "tequioctl status": the mailbox, the queue and the
 * database at a glance, for the operator who wonders whether all is well.
 * Exits 1 when the mailbox or the relay cannot be reached, so a
 * monitoring check can run it.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "common/util.h"
#include "ctl/ctl.h"
#include "mailbox/imap.h"
#include "outbox/smtp.h"
#include "store/store.h"

/* 0, or -1 when the mailbox cannot be reached (status then exits 1). */
static int
print_mailbox(const struct config *cfg)
{
	const char *folders[] = {cfg->inbox, cfg->processed, cfg->quarantine};
	char err[512] = "";
	struct imap *im;
	uint32_t n;

	printf("buzón %s en %s:%d\n", cfg->address, cfg->imap_host,
	    cfg->imap_port);
	if (imap_open(cfg, &im, err, sizeof(err)) != IMAP_OK) {
		printf("  no disponible: %s\n", err);
		return -1;
	}
	printf("  UIDVALIDITY %u%s\n", imap_uidvalidity(im),
	    imap_has_idle(im) ? ", IDLE" : "");
	for (size_t i = 0; i < ARRAY_LEN(folders); i++) {
		if (imap_folder_count(im, folders[i], &n) == IMAP_OK)
			printf("  %-20s %u mensajes\n", folders[i], n);
		else
			printf("  %-20s (no se pudo leer)\n", folders[i]);
	}
	imap_close(im);
	return 0;
}

/*
 * 0, or -1 when the relay does not answer (status then exits 1).  The
 * URL is printed without what may follow an "@" in it: URLs may
 * carry a user and password.
 */
static int
print_relay(const struct config *cfg)
{
	const char *url = cfg->smtp_url, *at = strrchr(url, '@');
	const char *scheme_end = strstr(url, "://");
	char err[512] = "";

	if (at != NULL && scheme_end != NULL && at > scheme_end)
		printf("servidor de correo saliente %.*s…@%s\n",
		    (int)(scheme_end + 3 - url), url, at + 1);
	else
		printf("servidor de correo saliente %s\n", url);
	if (smtp_probe(cfg, err, sizeof(err)) != 0) {
		printf("  no disponible: %s\n", err);
		return -1;
	}
	printf("  responde\n");
	return 0;
}

static int
print_counts(struct store *st)
{
	static const struct {
		const char *key;
		const char *label;
	} rows[] = {
		{"messages", "mensajes recibidos"},
		{"processed", "  procesados"},
		{"quarantined", "  en cuarentena"},
		{"ignored", "  automáticos (sin respuesta)"},
		{"unmoved", "  registrados, aún sin mover"},
		{"outbox_queued", "correos en cola"},
		{"outbox_failed", "correos fallidos"},
		{"outbox_sent", "correos enviados"},
	};
	int64_t n;

	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		if (store_count(st, rows[i].key, &n) != 0)
			return -1;
		printf("%-32s %lld\n", rows[i].label, (long long)n);
	}
	return 0;
}

int
ctl_status(const struct config *cfg, int argc, char **argv)
{
	struct store *st;
	struct stat sb;
	char err[512];
	int64_t uv, last;
	int rc = 0;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "uso: tequioctl -c ARCHIVO status\n");
		return 2;
	}
	if (print_mailbox(cfg) != 0)
		rc = 1;
	if (print_relay(cfg) != 0)
		rc = 1;
	if (store_open_readonly(cfg->database, &st, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return 3;
	}
	printf("base de datos %s", cfg->database);
	if (stat(cfg->database, &sb) == 0)
		printf(" (%lld KiB)", (long long)sb.st_size / 1024);
	printf("\n");
	if (store_mailbox_get(st, cfg->inbox, &uv, &last) > 0)
		printf("cursor de %s: UIDVALIDITY %lld, último UID %lld\n",
		    cfg->inbox, (long long)uv, (long long)last);
	if (print_counts(st) != 0)
		rc = 3;
	store_close(st);
	return rc;
}
