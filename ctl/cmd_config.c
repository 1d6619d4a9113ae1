/* SPDX-License-Identifier: ISC */
/*
 * cmd_config.c - tequioctl check-config: the configuration as tequiod will
 * use it, every key with its value and where that value came from (a line
 * of the file, or the default), then every warning, then what would stop
 * tequiod at start-up (templates, logo, the sample institution).  With
 * -n, as postconf -n, only the keys the file sets.  Exit 0
 * when tequiod would start, 1 when it would not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "ctl/ctl.h"
#include "letters/letters.h"

/* Every key, or (only_set, like postconf -n) the ones the file sets. */
static void
print_keys(const struct config *cfg, int only_set)
{
	const char *section, *name, *type, *def, *last = "";

	printf("# %s\n", cfg->path);
	for (size_t i = 0; i < config_key_count(); i++) {
		char *v;
		int line;

		config_key_info(i, &section, &name, &type, &def);
		if (only_set && config_key_line(cfg, i) == 0)
			continue;
		if (strcmp(section, last) != 0)
			printf("%s[%s]\n", *last ? "\n" : "", section);
		last = section;
		v = config_key_value(cfg, i);
		line = config_key_line(cfg, i);
		if (line > 0)
			printf("%-24s = %-40s ; línea %d\n", name, v, line);
		else
			printf("%-24s = %-40s ; por omisión\n", name, v);
		free(v);
	}
}

/* What letters_open and the sample check would refuse at start-up. */
static int
check_start(const struct config *cfg)
{
	struct letters *l;
	char err[1024];
	int rc = 0;

	if (letters_open(cfg, &l, err, sizeof(err)) != 0) {
		printf("error: %s\n", err);
		return 1;
	}
	if (letters_sample_check(l, err, sizeof(err)) != 0) {
		printf("error: %s\n", err);
		rc = 1;
	}
	letters_close(l);
	return rc;
}

int
ctl_check_config(const struct config *cfg, int argc, char **argv)
{
	int rc, only_set = argc == 2 && strcmp(argv[1], "-n") == 0;

	if (argc != 1 && !only_set) {
		fprintf(stderr, "uso: tequioctl -c ARCHIVO check-config [-n]\n");
		return 2;
	}
	print_keys(cfg, only_set);
	printf("\n");
	for (size_t i = 0; i < cfg->n_warnings; i++)
		printf("aviso: %s\n", cfg->warnings[i]);
	rc = check_start(cfg);
	printf("%s\n", rc == 0 ? "bien: tequiod arrancaría con esta "
	    "configuración" : "tequiod no arrancaría: corrija el error de "
	    "arriba");
	return rc;
}
