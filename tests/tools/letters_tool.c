/* SPDX-License-Identifier: ISC */
/*
 * letters_tool.c - issue letters from the command line, for the letters
 * integration test (tests/integration/test_letters.sh):
 *
 *   letters_tool -c CONF issue N [LETTER [OUTDIR]]
 *
 * issues N letters (default constancia), each in its own BEGIN IMMEDIATE
 * transaction as the daemon does, printing each folio as soon as it is
 * committed; with OUTDIR each PDF is written there as FOLIO.pdf.  Two of
 * these at once test concurrent writers; one killed with SIGKILL tests
 * crash safety of the folio counter.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/secret.h"
#include "common/util.h"
#include "config/config.h"
#include "letters/letters.h"
#include "store/store.h"

static struct vars *
sample(long i)
{
	struct vars *v = vars_new();

	vars_setf(v, "alumno.nombre", "Begoña Núñez Güemes %ld", i);
	vars_set(v, "alumno.matricula", "2021030456");
	vars_set(v, "alumno.carrera", "Ingeniería en Tecnologías de la "
	    "Información");
	vars_set(v, "alumno.creditos", "75");
	vars_set(v, "dependencia.nombre", "Secretaría de Economía Solidaria");
	vars_set(v, "dependencia.representante", "Lic. Ángel Peña Ruiz");
	vars_set(v, "dependencia.cargo", "Director General");
	vars_set(v, "programa.nombre", "¿Leer? ¡Sí! Círculos de lectura");
	vars_set(v, "servicio.horas", "480");
	vars_set(vars_list_add(v, "actividades"), "descripcion",
	    "Diseñar materiales didácticos.");
	return v;
}

static int
save(const char *dir, const char *folio, const struct buf *pdf)
{
	char *path = xasprintf("%s/%s.pdf", dir, folio);
	FILE *f = fopen(path, "wb");
	int rc = -1;

	if (f != NULL && fwrite(pdf->data, 1, pdf->len, f) == pdf->len)
		rc = 0;
	if (f != NULL && fclose(f) != 0)
		rc = -1;
	if (rc != 0)
		fprintf(stderr, "letters_tool: cannot write %s\n", path);
	free(path);
	return rc;
}

static int
issue(struct store *st, struct letters *l, long n, const char *letter,
    const char *outdir)
{
	for (long i = 0; i < n; i++) {
		struct vars *v = sample(i);
		struct buf pdf;
		char *folio = NULL;
		int rc;

		buf_init(&pdf);
		rc = store_begin(st);
		if (rc == 0)
			rc = letters_issue(l, st, letter, v,
			    "begona@alumnos.utv.edu.mx", NULL, now_seconds(),
			    &pdf, &folio);
		if (rc == 0)
			rc = store_commit(st);
		else
			store_rollback(st);
		if (rc == 0) {
			printf("%s\n", folio);
			fflush(stdout);
			if (outdir != NULL && save(outdir, folio, &pdf) != 0)
				rc = -1;
		}
		free(folio);
		buf_free(&pdf);
		vars_free(v);
		if (rc != 0)
			return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct config cfg;
	struct store *st = NULL;
	struct letters *l = NULL;
	unsigned char secret[SECRET_LEN];
	char err[1024];
	int rc = 1;

	log_open("letters_tool", 0);
	log_set_level(LOG_LVL_WARN);
	if (argc < 5 || strcmp(argv[1], "-c") != 0 ||
	    strcmp(argv[3], "issue") != 0) {
		fprintf(stderr, "usage: letters_tool -c CONF issue N "
		    "[LETTER [OUTDIR]]\n");
		return 2;
	}
	if (config_load(argv[2], &cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	if (secret_load(cfg.secret_file, secret, 1) != 0)
		goto done;
	if (store_open(cfg.database, &st, err, sizeof(err)) != 0 ||
	    letters_open(&cfg, &l, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		goto done;
	}
	rc = issue(st, l, atol(argv[4]), argc > 5 ? argv[5] : "constancia",
	    argc > 6 ? argv[6] : NULL);
done:
	letters_close(l);
	store_close(st);
	config_free(&cfg);
	return rc;
}
