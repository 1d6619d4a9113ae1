/* SPDX-License-Identifier: ISC */
/*
 * cmd_letters.c - the letters' commands of tequioctl:
 *
 *   verify FOLIO [FILE.pdf]   is the folio ours and intact; is the file
 *                             byte for byte the one issued (exit 0 yes,
 *                             1 no)
 *   render LETTER --sample OUT.pdf [--logo AGENCY.png]
 *                             a template with sample data, no folio used
 *   report alumnos|dependencias|dependencia RFC --pdf OUT|--csv OUT
 *
 * Text printed here came partly from users (names, addresses): control
 * characters are replaced before it reaches the terminal.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "common/log.h"
#include "common/secret.h"
#include "common/util.h"
#include "ctl/ctl.h"
#include "letters/letters.h"
#include "letters/report.h"
#include "store/store.h"

#define MAX_PDF_BYTES (64u * 1024 * 1024)

/* Print s with control characters replaced, so no value moves the cursor. */
static void
put_clean(const char *label, const char *s)
{
	printf("%s", label);
	for (; *s; s++)
		putchar((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
	putchar('\n');
}

static int
write_out(const char *path, const void *data, size_t len)
{
	FILE *f;

	if (strcmp(path, "-") == 0)
		f = stdout;
	else if ((f = fopen(path, "wb")) == NULL)
		goto fail;
	if (len > 0 && fwrite(data, 1, len, f) != len) {
		if (f != stdout)
			fclose(f);
		goto fail;
	}
	if (f == stdout ? fflush(f) != 0 : fclose(f) != 0)
		goto fail;
	return 0;
fail:
	fprintf(stderr, "tequioctl: no se puede escribir %s: %s\n", path,
	    strerror(errno));
	return -1;
}

static void
print_issued(const struct letters_check *c)
{
	const char *kind = letters_kind_name(c->kind);
	char *date = letters_date_es(c->issued_at);
	time_t t = (time_t)c->issued_at;
	struct tm tm;
	char hm[16] = "";

	if (localtime_r(&t, &tm) != NULL)
		strftime(hm, sizeof(hm), "%H:%M", &tm);
	printf("Folio:             %s\n", c->folio);
	put_clean("Documento:         ", kind ? kind : c->kind);
	put_clean("Emitido a:         ", c->recipient);
	if (*c->alumno)
		put_clean("Alumno:            ", c->alumno);
	if (*c->dependencia)
		put_clean("Dependencia:       ", c->dependencia);
	printf("Fecha de emisión:  %s, %s\n", date, hm);
	free(date);
}

static int
verify_report(const struct letters_check *c, const char *file)
{
	if (!c->well_formed) {
		put_clean("NO AUTÉNTICO: el folio no tiene la forma "
		    "SS-AAAA-NNNNNN: ", c->folio);
		return 1;
	}
	if (!c->found) {
		printf("NO AUTÉNTICO: el folio %s no corresponde a ningún "
		    "documento emitido.\n", c->folio);
		return 1;
	}
	print_issued(c);
	if (!c->genuine)
		printf("Registro:          ALTERADO: los códigos no corresponden "
		    "a lo registrado\n");
	if (file != NULL)
		printf("Archivo:           %s: %s\n", file, c->file_ok ?
		    "idéntico al emitido (SHA-256)" :
		    "DISTINTO del documento emitido con este folio");
	printf("Resultado:         %s\n", letters_check_ok(c) ?
	    "AUTÉNTICO" : "NO AUTÉNTICO");
	return letters_check_ok(c) ? 0 : 1;
}

int
ctl_verify(const struct config *cfg, int argc, char **argv)
{
	unsigned char secret[SECRET_LEN];
	struct letters_check c;
	struct store *st = NULL;
	char err[512], *pdf = NULL;
	size_t pdf_len = 0;
	int rc = 3;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "uso: tequioctl verify FOLIO [ARCHIVO.pdf]\n");
		return 2;
	}
	if (argc == 3 && read_file(argv[2], MAX_PDF_BYTES, &pdf, &pdf_len)) {
		fprintf(stderr, "tequioctl: no se puede leer %s: %s\n",
		    argv[2], strerror(errno));
		return 3;
	}
	if (secret_load(cfg->secret_file, secret, 0) != 0)
		goto done;
	if (store_open_readonly(cfg->database, &st, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		goto done;
	}
	if (letters_verify(st, secret, argv[1], NULL, pdf, pdf_len, &c) != 0)
		goto done;
	rc = verify_report(&c, argc == 3 ? argv[2] : NULL);
	letters_check_free(&c);
done:
	sodium_memzero(secret, sizeof(secret));
	store_close(st);
	free(pdf);
	return rc;
}

int
ctl_render(const struct config *cfg, int argc, char **argv)
{
	struct letters *l = NULL;
	const char *name = NULL, *out = NULL, *logo = NULL;
	struct buf b;
	char err[1024];
	int is_pdf, bad = 0, rc = 3;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--sample") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "--logo") == 0 && i + 1 < argc)
			logo = argv[++i];
		else if (name == NULL && argv[i][0] != '-')
			name = argv[i];
		else
			bad = 1;
	}
	if (bad || name == NULL || out == NULL) {
		fprintf(stderr, "uso: tequioctl render CARTA --sample "
		    "SALIDA.pdf [--logo LOGO.png]\n");
		return 2;
	}
	if (letters_open(cfg, &l, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return 3;
	}
	buf_init(&b);
	if (!letters_has(l, name)) {
		fprintf(stderr, "tequioctl: no hay plantilla \"%s\" en %s\n",
		    name, cfg->templates);
		rc = 2;
	} else if (letters_sample(l, name, logo, &b, &is_pdf) == 0 &&
	    write_out(out, b.data, b.len) == 0) {
		if (strcmp(out, "-") != 0)
			fprintf(stderr, "%s: muestra de %s (%zu bytes)\n", out,
			    name, b.len);
		rc = 0;
	}
	buf_free(&b);
	letters_close(l);
	return rc;
}

static int
report_usage(void)
{
	fprintf(stderr, "uso: tequioctl report alumnos|dependencias|"
	    "dependencia RFC --pdf SALIDA.pdf|--csv SALIDA.csv\n"
	    "     tequioctl report alumnos [todos|liberados|concluidos|baja] "
	    "--pdf SALIDA.pdf|--csv SALIDA.csv\n");
	return 2;
}

static int
report_write(const struct config *cfg, const struct report_table *t,
    const char *pdf_path, const char *csv_path)
{
	struct letters *l = NULL;
	struct buf b;
	char err[1024];
	int rc = 0;

	buf_init(&b);
	if (csv_path) {
		report_csv(t, &b);
		if (write_out(csv_path, b.data, b.len) != 0)
			rc = 3;
		buf_reset(&b);
	}
	if (pdf_path && rc == 0) {
		if (letters_open(cfg, &l, err, sizeof(err)) != 0) {
			fprintf(stderr, "%s\n", err);
			rc = 3;
		} else if (report_pdf(l, t, now_seconds(), &b) != 0 ||
		    write_out(pdf_path, b.data, b.len) != 0) {
			rc = 3;
		}
		letters_close(l);
	}
	buf_free(&b);
	return rc;
}

int
ctl_report(const struct config *cfg, int argc, char **argv)
{
	const char *kind, *arg = NULL, *pdf = NULL, *csv = NULL;
	struct report_table *t = NULL;
	struct store *st = NULL;
	char err[512];
	int i = 2, rc;

	if (argc < 2)
		return report_usage();
	kind = argv[1];
	if (strcmp(kind, "dependencia") == 0) {
		if (argc < 3)
			return report_usage();
		arg = argv[i++];
	} else if (strcmp(kind, "alumnos") == 0) {
		if (argc > 2 && strncmp(argv[2], "--", 2) != 0)
			arg = argv[i++];	/* a filter: todos, concluidos... */
	} else if (strcmp(kind, "dependencias") != 0) {
		return report_usage();
	}
	for (; i < argc; i++) {
		if (strcmp(argv[i], "--pdf") == 0 && i + 1 < argc)
			pdf = argv[++i];
		else if (strcmp(argv[i], "--csv") == 0 && i + 1 < argc)
			csv = argv[++i];
		else
			return report_usage();
	}
	if (pdf == NULL && csv == NULL)
		return report_usage();
	if (store_open_readonly(cfg->database, &st, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return 3;
	}
	rc = report_query(st, kind, arg, &t);
	if (rc == 1)
		fprintf(stderr, "tequioctl: no hay una dependencia \"%s\"\n",
		    arg);
	else if (rc == 2)
		fprintf(stderr, "tequioctl: filtro desconocido \"%s\": todos, "
		    "en servicio, liberados, concluidos o baja\n", arg);
	else if (rc == 0)
		rc = report_write(cfg, t, pdf, csv);
	else
		rc = 3;
	report_free(t);
	store_close(st);
	return rc;
}
