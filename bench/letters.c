/* SPDX-License-Identifier: ISC */
/*
 * letters.c - how fast tequio issues one-page letters (make bench, via
 * bench/letters.sh).
 *
 *   letters [N]
 *
 * Issues N constancias (one page, institution logo) and N cartas de
 * aceptación (one page, institution PNG logo and agency JPEG logo) through
 * letters_issue() into a fresh database: folio, template, layout, PDF,
 * SHA-256, verification code and the register row, everything but the
 * commit, which is done every 100 letters so that the figure is the
 * letters' and not the disk's.  A third run commits every letter, as the
 * daemon does (one message, one transaction).  Prints the median, 90th
 * percentile and letters per second, and checks the text of the first and
 * last letter with pdftotext; exits 1 if the text is wrong.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "common/secret.h"
#include "common/util.h"
#include "config/config.h"
#include "letters/letters.h"
#include "store/store.h"

#define LOGOS "tests/fixtures/logos/"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static struct vars *
student(long i)
{
	struct vars *v = vars_new();

	vars_setf(v, "alumno.nombre", "Begoña Núñez Güemes %ld", i);
	vars_set(v, "alumno.matricula", "2021030456");
	vars_set(v, "alumno.carrera", "Ingeniería en Tecnologías de la "
	    "Información");
	vars_set(v, "alumno.creditos", "75");
	vars_set(v, "alumno.semestre", "séptimo");
	vars_set(v, "dependencia.nombre", "Secretaría de Economía Solidaria");
	vars_set(v, "dependencia.representante", "Lic. Ángel Peña Ruiz");
	vars_set(v, "dependencia.cargo", "Director General");
	vars_set(v, "programa.nombre", "¿Leer? ¡Sí! Círculos de lectura");
	vars_set(v, "programa.horario", "lunes a viernes, de 9:00 a 13:00");
	vars_set(v, "servicio.horas", "480");
	vars_set(v, "servicio.inicio", "2 de febrero de 2026");
	vars_set(v, "servicio.fin", "31 de julio de 2026");
	vars_set(vars_list_add(v, "actividades"), "descripcion",
	    "Impartir talleres de uso básico de computadora.");
	vars_set(vars_list_add(v, "actividades"), "descripcion",
	    "Elaborar materiales didácticos en español y en mixteco.");
	return v;
}

/* pdftotext of pdf contains want (folio and name, accents included). */
static int
text_ok(const struct buf *pdf, const char *folio, long i)
{
	char path[] = "/tmp/tequio-bench-XXXXXX", *cmd, line[4096];
	char *name = xasprintf("NÚÑEZ GÜEMES %ld", i);
	int fd = mkstemp(path), found_folio = 0, found_name = 0;
	FILE *p;

	if (fd < 0 || write(fd, pdf->data, pdf->len) != (ssize_t)pdf->len) {
		free(name);
		return 0;
	}
	close(fd);
	cmd = xasprintf("pdftotext -enc UTF-8 %s -", path);
	if ((p = popen(cmd, "r")) != NULL) {
		while (fgets(line, sizeof(line), p) != NULL) {
			found_folio |= strstr(line, folio) != NULL;
			found_name |= strstr(line, name) != NULL;
		}
		pclose(p);
	}
	unlink(path);
	free(cmd);
	free(name);
	return found_folio && found_name;
}

/*
 * Issue n letters of kind; commit every `batch`.  Fills ms[] with each
 * letter's time.  Returns 0 when the text checks pass.
 */
static int
run(struct store *st, struct letters *l, const char *kind,
    const char *agency, long n, int batch, double *ms, size_t *bytes)
{
	int ok = 1;

	*bytes = 0;
	for (long i = 0; i < n; i++) {
		struct vars *v = student(i);
		struct buf pdf;
		char *folio = NULL;
		double t0;

		buf_init(&pdf);
		if (i % batch == 0 && store_begin(st) != 0)
			return -1;
		t0 = now_ms();
		if (letters_issue(l, st, kind, v, "begona@alumnos.utv.edu.mx",
		    agency, now_seconds(), &pdf, &folio) != 0)
			return -1;
		if ((i + 1) % batch == 0 || i + 1 == n)
			if (store_commit(st) != 0)
				return -1;
		ms[i] = now_ms() - t0;
		*bytes += pdf.len;
		if ((i == 0 || i == n - 1) && !text_ok(&pdf, folio, i)) {
			fprintf(stderr, "bench: wrong text in %s\n", folio);
			ok = 0;
		}
		free(folio);
		buf_free(&pdf);
		vars_free(v);
	}
	return ok ? 0 : -1;
}

static void
report(const char *what, double *ms, long n, size_t bytes)
{
	double total = 0;

	for (long i = 0; i < n; i++)
		total += ms[i];
	qsort(ms, (size_t)n, sizeof(*ms), cmp_double);
	printf("%-44s %6ld letters  median %.3f ms  p90 %.3f ms  "
	    "%.0f letters/s  %.1f KB each\n", what, n, ms[n / 2],
	    ms[n * 9 / 10], n / (total / 1e3), bytes / 1024.0 / n);
}

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 2000;
	char dir[] = "/tmp/tequio-bench-XXXXXX", err[1024], *db, *secret;
	unsigned char key[SECRET_LEN];
	struct config cfg;
	struct store *st = NULL;
	struct letters *l = NULL;
	double *ms;
	size_t bytes;
	int rc = 1;

	log_open("bench", 0);
	log_set_level(LOG_LVL_WARN);
	if (n < 10 || mkdtemp(dir) == NULL)
		return 2;
	db = xasprintf("%s/bench.db", dir);
	secret = xasprintf("%s/secret.key", dir);
	memset(&cfg, 0, sizeof(cfg));
	cfg.inst_name = "Universidad Tecnológica del Valle";
	cfg.inst_short_name = "UTV";
	cfg.inst_city = "Oaxaca de Juárez";
	cfg.inst_logo = LOGOS "institucion.png";
	cfg.address = "servicio.social@utv.edu.mx";
	cfg.templates = "templates";
	cfg.secret_file = secret;
	ms = xcalloc((size_t)n, sizeof(*ms));
	if (secret_load(secret, key, 1) != 0 ||
	    store_open(db, &st, err, sizeof(err)) != 0 ||
	    letters_open(&cfg, &l, err, sizeof(err)) != 0) {
		fprintf(stderr, "bench: %s\n", err);
		goto done;
	}
	if (run(st, l, "constancia", NULL, n, 100, ms, &bytes) != 0)
		goto done;
	report("constancia (logo), commit every 100", ms, n, bytes);
	if (run(st, l, "aceptacion", LOGOS "dependencia.jpg", n, 100, ms,
	    &bytes) != 0)
		goto done;
	report("aceptacion (2 logos), commit every 100", ms, n, bytes);
	n = n > 500 ? 500 : n;
	if (run(st, l, "constancia", NULL, n, 1, ms, &bytes) != 0)
		goto done;
	report("constancia, commit (fsync) every letter", ms, n, bytes);
	rc = 0;
done:
	letters_close(l);
	store_close(st);
	{
		char *cmd = xasprintf("rm -rf '%s'", dir);
		if (system(cmd) != 0)
			rc = 1;
		free(cmd);
	}
	free(ms);
	free(db);
	free(secret);
	return rc;
}
