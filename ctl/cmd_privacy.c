/*
 * cmd_privacy.c - tequioctl purge --dry-run | --now: what retention
 * ([privacy] keep_*_days) removes, shown before or done at once, for the
 * data-protection officer who must answer for it.  The daemon does the
 * same daily (daemon/purge.c).
 */
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "purge.h"
#include "store.h"
#include "util.h"

int
ctl_purge(const struct config *cfg, int argc, char **argv)
{
	struct store *st = NULL;
	struct purge_item *items = NULL;
	size_t n = 0, files = 0;
	int dry;

	if (argc != 2 || (strcmp(argv[1], "--dry-run") != 0 &&
	    strcmp(argv[1], "--now") != 0)) {
		fprintf(stderr, "usage: tequioctl purge --dry-run|--now\n");
		return 2;
	}
	dry = strcmp(argv[1], "--dry-run") == 0;
	if (ctl_open_store(cfg, &st) != 0)
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
