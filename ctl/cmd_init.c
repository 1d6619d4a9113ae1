/* SPDX-License-Identifier: ISC */
/*
 * cmd_init.c - "tequioctl init": create the database and the server
 * secret before the first start, or, on purpose, a new secret for an
 * existing database whose secret is lost.
 *
 * tequiod creates the secret only together with a new database; under an
 * existing database a missing secret stops it (a new one would void every
 * token, approval code and folio already issued).  Replacing it is an
 * operator's decision, so it takes this command and --new-secret.  The
 * daemon's lock is taken first: a running tequiod keeps its secret in
 * memory and must not have it changed underneath.
 */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/instance.h"
#include "common/secret.h"
#include "ctl/ctl.h"
#include "store/store.h"

static int
database_has_data(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && sb.st_size > 0;
}

static int
secret_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static int
create_database(const struct config *cfg)
{
	struct store *st;
	char err[512];

	if (store_open(cfg->database, &st, err, sizeof(err)) != 0) {
		fprintf(stderr, "tequioctl: %s\n", err);
		return -1;
	}
	store_close(st);
	return 0;
}

static int
init_locked(const struct config *cfg, int new_secret)
{
	unsigned char key[SECRET_LEN];
	int had_db = database_has_data(cfg->database), rc;

	if (had_db && secret_exists(cfg->secret_file)) {
		printf("La base de datos y el secreto ya existen; no se "
		    "cambió nada.\n");
		return 0;
	}
	if (had_db && !new_secret) {
		printf("Falta el secreto %s y la base de datos %s ya existe.\n"
		    "Restaure el secreto de su respaldo. Uno nuevo invalida "
		    "todos los folios, códigos de aprobación y tokens ya "
		    "emitidos; si eso es lo que quiere, ejecute:\n"
		    "  tequioctl init --new-secret\n", cfg->secret_file,
		    cfg->database);
		return 1;
	}
	rc = secret_load(cfg->secret_file, key, 1);
	sodium_memzero(key, sizeof(key));
	if (rc != 0) {
		fprintf(stderr, "tequioctl: %s: %s\n", cfg->secret_file,
		    strerror(errno));
		return 3;
	}
	if (!had_db && create_database(cfg) != 0)
		return 3;
	printf(had_db ? "Se creó un secreto nuevo; los folios y códigos "
	    "anteriores ya no se pueden verificar.\n" :
	    "Se crearon la base de datos y el secreto.\n");
	return 0;
}

int
ctl_init(const struct config *cfg, int argc, char **argv)
{
	int new_secret = argc == 2 && strcmp(argv[1], "--new-secret") == 0;
	pid_t holder;
	int fd, rc;

	if (argc > 2 || (argc == 2 && !new_secret)) {
		fprintf(stderr, "uso: tequioctl -c ARCHIVO init [--new-secret]\n");
		return 2;
	}
	rc = instance_lock(cfg->database, &fd, &holder);
	if (rc == 1) {
		printf("tequiod (pid %ld) está en marcha; deténgalo antes de "
		    "ejecutar init.\n", (long)holder);
		return 1;
	}
	if (rc < 0) {
		fprintf(stderr, "tequioctl: %s.lock: %s\n", cfg->database,
		    strerror(errno));
		return 3;
	}
	rc = init_locked(cfg, new_secret);
	close(fd);
	return rc;
}
