/* SPDX-License-Identifier: ISC */
/*
 * cmd_privacy.c - tequioctl access-log: every disclosure of personal
 * data (who received what about whom, when).  tequioctl purge --dry-run
 * | --now: what retention
 * ([privacy] keep_*_days) removes, shown before or done at once, for the
 * data-protection officer who must answer for it.  The daemon does the
 * same daily (jobs/purge.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/csv.h"
#include "common/util.h"
#include "ctl/ctl.h"
#include "jobs/purge.h"
#include "letters/letters.h"
#include "store/store.h"
#include "store/store_privacy.h"

int
ctl_purge(const struct config *cfg, int argc, char **argv)
{
	struct store *st = NULL;
	struct purge_item *items = NULL;
	size_t n = 0, files = 0;
	int dry;

	if (argc != 2 || (strcmp(argv[1], "--dry-run") != 0 &&
	    strcmp(argv[1], "--now") != 0)) {
		fprintf(stderr, "uso: tequioctl purge --dry-run|--now\n");
		return 2;
	}
	dry = strcmp(argv[1], "--dry-run") == 0;
	/* Even a dry run marks inside a transaction it rolls back. */
	if (ctl_open_store_rw(cfg, &st) != 0)
		return 3;
	if (purge_run(cfg, st, now_seconds(), dry, &items, &n, &files) != 0) {
		fprintf(stderr, "tequioctl: la depuración falló (vea el "
		    "registro); se reintentará en la siguiente\n");
		store_close(st);
		return 3;
	}
	for (size_t i = 0; i < n; i++)
		printf("%s\t%s\t%s\n", items[i].kind, items[i].whose,
		    items[i].what);
	if (dry)
		printf("%zu elemento(s) pasaron su plazo de conservación; nada "
		    "se eliminó (--dry-run).\n", n);
	else
		printf("%zu elemento(s) eliminados y registrados; %zu "
		    "archivo(s) borrados del spool. Los folios emitidos y sus "
		    "huellas se conservan.\n", n, files);
	purge_items_free(items, n);
	store_close(st);
	return 0;
}

/* Text from mail, printed with control characters as spaces. */
static void
put_defused(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		putchar(*p < 0x20 || *p == 0x7f ? ' ' : *p);
}

static void
print_access(void *arg, int64_t at, const char *recipient,
    int64_t account_id, const char *what, int64_t msg_row)
{
	char *date = letters_date_es(at);

	(void)arg;
	/* Recipients and file names come from mail: printed defused. */
	printf("%s\t%lld\t", date, (long long)at);
	put_defused(recipient);
	printf("\tcuenta %lld\t", (long long)account_id);
	put_defused(what);
	printf("\tmensaje %lld\n", (long long)msg_row);
	free(date);
}

int
ctl_access_log(const struct config *cfg, int argc, char **argv)
{
	struct store *st = NULL;
	long long days = 0;
	char *end;
	int rc;

	if (argc > 2 || (argc == 2 && ((days = strtoll(argv[1], &end, 10)) <= 0
	    || *end != '\0'))) {
		fprintf(stderr, "uso: tequioctl access-log [DÍAS]\n");
		return 2;
	}
	if (ctl_open_store(cfg, &st) != 0)
		return 3;
	rc = store_access_log_list(st, days ? now_seconds() - days * 86400 :
	    0, print_access, NULL) == 0 ? 0 : 3;
	store_close(st);
	return rc;
}
