/* SPDX-License-Identifier: ISC */
/*
 * test_letters.c - letters end to end without a mail server: every letter
 * kind issued into a real SQLite database and read back with pdftotext and
 * pdftoppm; folios; verification codes and tampering; bad templates and
 * bad logos; reports; the server secret.
 *
 * Runs from the repository root (tests/run-unit.sh), against the shipped
 * templates/ and the logos in tests/fixtures/logos/.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include <qrencode.h>

#include "common/caldate.h"
#include "common/secret.h"
#include "letters/layout.h"
#include "letters/letters.h"
#include "letters/report.h"
#include "store/store.h"
#include "store/store_internal.h"

#define LOGOS "tests/fixtures/logos/"

struct fx {
	char dir[64];
	char db[128], secret[128];
	struct config cfg;
	struct store *st;
	struct letters *l;
};

static int64_t
when(int y, int mon, int d)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	return (int64_t)timegm(&tm);
}

static void
base_config(struct config *cfg, const char *dir)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->inst_name = "Universidad Tecnológica del Valle";
	cfg->inst_short_name = "UTV";
	cfg->inst_city = "Oaxaca de Juárez";
	cfg->inst_logo = LOGOS "institucion.png";
	cfg->address = "servicio.social@utv.edu.mx";
	cfg->templates = (char *)dir;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	char err[512];

	setenv("TZ", "UTC", 1);
	tzset();
	strcpy(f->dir, "/tmp/tequio-letters-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof(f->db), "%s/t.db", f->dir);
	snprintf(f->secret, sizeof(f->secret), "%s/secret.key", f->dir);
	base_config(&f->cfg, "templates");
	f->cfg.secret_file = f->secret;
	f->cfg.database = f->db;
	{
		unsigned char s[SECRET_LEN];
		assert_int_equal(secret_load(f->secret, s, 1), 0);
	}
	if (store_open(f->db, &f->st, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	if (letters_open(&f->cfg, &f->l, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];

	letters_close(f->l);
	store_close(f->st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/* ---- looking inside PDFs ---- */

static char *
write_tmp(const struct fx *f, const char *name, const void *p, size_t n)
{
	char *path = xasprintf("%s/%s", f->dir, name);
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(p, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
	return path;
}

static char *
run_output(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	struct buf b;
	char chunk[4096];
	size_t n;

	assert_non_null(p);
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_add(&b, chunk, n);
	assert_int_equal(pclose(p), 0);
	return buf_steal(&b);
}

static char *
pdf_text(const struct fx *f, const struct buf *pdf)
{
	char *path = write_tmp(f, "x.pdf", pdf->data, pdf->len);
	char *cmd = xasprintf("pdftotext -enc UTF-8 '%s' -", path);
	char *text = run_output(cmd);

	free(cmd);
	free(path);
	return text;
}

/* pdftotext may break lines anywhere: compare with runs of space folded. */
static char *
squeeze(const char *s)
{
	struct buf b;
	int sp = 0;

	buf_init(&b);
	for (; *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\f') {
			sp = 1;
			continue;
		}
		if (sp && b.len)
			buf_addc(&b, ' ');
		sp = 0;
		buf_addc(&b, *s);
	}
	return buf_steal(&b);
}

static void
expect_text(const char *text, const char *want)
{
	char *t = squeeze(text), *w = squeeze(want);

	if (strstr(t, w) == NULL)
		fail_msg("PDF text lacks \"%s\":\n%s", want, text);
	free(t);
	free(w);
}

struct ppm {
	int w, h;
	unsigned char *px;
};

/* Page 1 at 72 dpi (one pixel per point), as a P6 PPM from pdftoppm. */
static void
pdf_pixels(const struct fx *f, const struct buf *pdf, struct ppm *img)
{
	char *path = write_tmp(f, "p.pdf", pdf->data, pdf->len);
	char *cmd = xasprintf("pdftoppm -r 72 -f 1 -l 1 '%s'", path);
	char *raw = run_output(cmd);
	int maxval, off = 0;

	assert_int_equal(sscanf(raw, "P6 %d %d %d%n", &img->w, &img->h,
	    &maxval, &off), 3);
	assert_int_equal(maxval, 255);
	img->px = malloc((size_t)img->w * img->h * 3);
	memcpy(img->px, raw + off + 1, (size_t)img->w * img->h * 3);
	free(raw);
	free(cmd);
	free(path);
}

/* Is the pixel at PDF point (x, y) near colour rgb? */
static int
pixel_is(const struct ppm *img, int x, int y, unsigned rgb)
{
	const unsigned char *p = img->px + ((size_t)(792 - y) * img->w + x) * 3;
	int r = (int)(rgb >> 16), g = (int)(rgb >> 8 & 255), b = (int)(rgb & 255);

	return abs(p[0] - r) < 40 && abs(p[1] - g) < 40 && abs(p[2] - b) < 40;
}

static size_t
dark_pixels(const struct ppm *img)
{
	size_t n = 0;

	for (size_t i = 0; i < (size_t)img->w * img->h; i++)
		if (img->px[3 * i] < 100 && img->px[3 * i + 1] < 100 &&
		    img->px[3 * i + 2] < 100)
			n++;
	return n;
}

/* ---- issuing ---- */

static struct vars *
student_vars(void)
{
	struct vars *v = vars_new();

	vars_set(v, "alumno.nombre", "Begoña Núñez Güemes");
	vars_set(v, "alumno.matricula", "2021030456");
	vars_set(v, "alumno.carrera", "Ingeniería en Tecnologías de la "
	    "Información");
	vars_set(v, "alumno.creditos", "75");
	vars_set(v, "dependencia.nombre", "Secretaría de Economía Solidaria");
	vars_set(v, "dependencia.representante", "Lic. Ángel Peña Ruiz");
	vars_set(v, "dependencia.cargo", "Director General");
	vars_set(v, "dependencia.rfc", "SES180312AB4");
	vars_set(v, "dependencia.tipo", "pública");
	vars_set(v, "dependencia.domicilio", "Av. Juárez 5, Oaxaca");
	vars_set(v, "programa.nombre", "¿Leer? ¡Sí! Círculos de lectura");
	vars_set(v, "programa.horario", "lunes a viernes de 9 a 13 horas");
	vars_set(v, "servicio.horas", "480");
	vars_set(v, "servicio.horas_cumplidas", "480");
	vars_set(v, "servicio.inicio", "2 de febrero de 2026");
	vars_set(v, "servicio.fin", "31 de julio de 2026");
	vars_set(v, "baja.motivo", "¿inasistencias? ¡tres semanas seguidas!");
	vars_set(v, "baja.fecha", "15 de mayo de 2026");
	vars_set(v, "gerente.nombre", "C.P. Laura Ríos Méndez");
	vars_set(v, "gerente.cargo", "Gerente de Administración");
	vars_set(v, "jefe.nombre", "Ing. Óscar Cruz Santiago");
	vars_set(v, "jefe.cargo", "Jefe de Capacitación");
	vars_set(v, "convenio.vigencia", "tres años");
	vars_set(vars_list_add(v, "actividades"), "descripcion",
	    "Diseñar materiales didácticos en español y en mixteco.");
	return v;
}

/* Issue letter in its own transaction; returns the folio. */
static char *
issue(struct fx *f, const char *letter, const struct vars *v,
    const char *agency_logo, int64_t now, struct buf *pdf)
{
	char *folio = NULL;

	assert_int_equal(store_begin(f->st), 0);
	assert_int_equal(letters_issue(f->l, f->st, letter, v,
	    "begona@alumnos.utv.edu.mx", agency_logo, now, pdf, &folio), 0);
	assert_int_equal(store_commit(f->st), 0);
	assert_non_null(folio);
	return folio;
}

static const struct {
	const char *id;
	const char *want[4];
} kinds[] = {
	{"presentacion", {"CARTA DE PRESENTACIÓN", "BEGOÑA NÚÑEZ GÜEMES",
	    "«¿Leer? ¡Sí! Círculos de lectura» de Secretaría de Economía",
	    "Ingeniería en Tecnologías de la Información"}},
	{"constancia", {"CONSTANCIA DE ESTUDIOS", "hace CONSTAR que BEGOÑA "
	    "NÚÑEZ GÜEMES", "ha acreditado el 75 % de los créditos",
	    "a petición de la persona interesada"}},
	{"convenio", {"CONVENIO DE COLABORACIÓN EN MATERIA DE SERVICIO SOCIAL",
	    "SECRETARÍA DE ECONOMÍA SOLIDARIA", "CLÁUSULAS",
	    "vigente durante tres años, contados a partir"}},
	{"aceptacion", {"CARTA DE ACEPTACIÓN", "acepta a BEGOÑA NÚÑEZ GÜEMES",
	    "«¿Leer? ¡Sí! Círculos de lectura»",
	    "Diseñar materiales didácticos en español y en mixteco."}},
	{"baja", {"CARTA DE BAJA DEL SERVICIO SOCIAL", "causa baja del "
	    "programa", "«¿inasistencias? ¡tres semanas seguidas!»",
	    "BEGOÑA NÚÑEZ GÜEMES"}},
	{"liberacion", {"CARTA DE LIBERACIÓN DE SERVICIO SOCIAL",
	    "C.P. Laura Ríos Méndez", "Ing. Óscar Cruz Santiago",
	    "con un total de 480 horas"}},
	{"finalizacion", {"CARTA DE FINALIZACIÓN DE SERVICIO SOCIAL",
	    "concluyó su servicio social en Secretaría de Economía Solidaria",
	    "«¿Leer? ¡Sí! Círculos de lectura»", "artículo 5.º"}},
};

static int
agency_letter(const char *id)
{
	return strcmp(id, "aceptacion") == 0 || strcmp(id, "baja") == 0 ||
	    strcmp(id, "liberacion") == 0;
}

/* Every kind: text with accents, folio, date, code; logos on the page. */
static void
test_every_kind(void **state)
{
	struct fx *f = *state;
	struct vars *v = student_vars();

	for (size_t i = 0; i < ARRAY_LEN(kinds); i++) {
		struct buf pdf;
		struct letters_check c;
		struct ppm img;
		char *folio, *text, want[64], *line;
		int agency = agency_letter(kinds[i].id);

		buf_init(&pdf);
		folio = issue(f, kinds[i].id, v, agency ?
		    LOGOS "dependencia.jpg" : NULL, when(2026, 11, 23), &pdf);
		snprintf(want, sizeof(want), "SS-2026-%06zu", i + 1);
		assert_string_equal(folio, want);
		assert_memory_equal(pdf.data, "%PDF-", 5);
		text = pdf_text(f, &pdf);
		for (size_t k = 0; k < 4; k++)
			expect_text(text, kinds[i].want[k]);
		expect_text(text, "Universidad Tecnológica del Valle");
		expect_text(text, "23 de noviembre de 2026");
		line = xasprintf("Folio: %s", folio);
		expect_text(text, line);
		free(line);
		{
			unsigned char secret[SECRET_LEN];
			assert_int_equal(secret_load(f->secret, secret, 0), 0);
			assert_int_equal(letters_verify(f->st, secret, folio,
			    NULL, pdf.data, pdf.len, &c), 0);
			assert_true(letters_check_ok(&c));
			assert_string_equal(c.kind, kinds[i].id);
			letters_check_free(&c);
		}
		free(text);

		pdf_pixels(f, &pdf, &img);
		assert_int_equal(img.w, 612);
		assert_true(dark_pixels(&img) > 2000);
		/* institution logo: blue (#005aaa) at the top left */
		assert_true(pixel_is(&img, 80, 745, 0x005aaa));
		/* agency logo: red (#c81e1e) at the top right, or paper */
		if (agency)
			assert_true(pixel_is(&img, 532, 745, 0xc81e1e));
		else
			assert_true(pixel_is(&img, 532, 745, 0xffffff));
		free(img.px);
		free(folio);
		buf_free(&pdf);
	}
	vars_free(v);
}

/* The secret as the daemon holds it. */
static void
secret_of(const struct fx *f, unsigned char s[SECRET_LEN])
{
	assert_int_equal(secret_load(f->secret, s, 0), 0);
}

/* The printed code, read back from the PDF's text. */
static char *
printed_code(const struct fx *f, const struct buf *pdf)
{
	char *text = pdf_text(f, pdf), *p, *code;

	p = strstr(text, "Código de verificación: ");
	assert_non_null(p);
	p += strlen("Código de verificación: ");
	code = xstrndup(p, 14);
	free(text);
	return code;
}

static void
test_verify(void **state)
{
	struct fx *f = *state;
	struct vars *v = student_vars();
	unsigned char secret[SECRET_LEN];
	struct letters_check c;
	struct buf pdf;
	char *folio, *code, *lower;

	secret_of(f, secret);
	buf_init(&pdf);
	folio = issue(f, "aceptacion", v, NULL, when(2026, 11, 23), &pdf);
	code = printed_code(f, &pdf);
	assert_int_equal(strlen(code), 14);
	assert_true(code[4] == '-' && code[9] == '-');

	/* genuine, with the code (any case) and the very file */
	lower = xstrdup(code);
	ascii_lower_inplace(lower);
	assert_int_equal(letters_verify(f->st, secret, folio, lower, pdf.data,
	    pdf.len, &c), 0);
	assert_true(c.found && c.genuine && c.code_ok && c.file_ok);
	assert_true(letters_check_ok(&c));
	assert_string_equal(c.kind, "aceptacion");
	assert_string_equal(c.alumno, "Begoña Núñez Güemes");
	assert_string_equal(c.dependencia, "Secretaría de Economía Solidaria");
	assert_string_equal(c.recipient, "begona@alumnos.utv.edu.mx");
	assert_int_equal(c.issued_at, when(2026, 11, 23));
	letters_check_free(&c);
	free(lower);

	/* folio typed in lower case with spaces */
	lower = xstrdup(folio);
	ascii_lower_inplace(lower);
	{
		char *spaced = xasprintf("  %s ", lower);
		assert_int_equal(letters_verify(f->st, secret, spaced, NULL,
		    NULL, 0, &c), 0);
		assert_true(letters_check_ok(&c));
		letters_check_free(&c);
		free(spaced);
	}
	free(lower);

	/* a tampered file: one byte changed */
	pdf.data[pdf.len / 2] ^= 1;
	assert_int_equal(letters_verify(f->st, secret, folio, code, pdf.data,
	    pdf.len, &c), 0);
	assert_true(c.found && c.genuine && c.code_ok);
	assert_false(c.file_ok);
	assert_false(letters_check_ok(&c));
	letters_check_free(&c);

	/* a wrong code */
	assert_int_equal(letters_verify(f->st, secret, folio, "ABCD-EFGH-JKLM",
	    NULL, 0, &c), 0);
	assert_false(c.code_ok);
	assert_false(letters_check_ok(&c));
	letters_check_free(&c);

	/* unknown and malformed folios */
	assert_int_equal(letters_verify(f->st, secret, "SS-2026-999999", NULL,
	    NULL, 0, &c), 0);
	assert_true(c.well_formed);
	assert_false(c.found);
	letters_check_free(&c);
	assert_int_equal(letters_verify(f->st, secret, "SS-26-1'; --", NULL,
	    NULL, 0, &c), 0);
	assert_false(c.well_formed);
	assert_false(letters_check_ok(&c));
	letters_check_free(&c);

	/* a register edited without the secret no longer verifies */
	assert_int_equal(sqlite3_exec(f->st->db, "UPDATE letter_issued SET "
	    "summary = replace(summary, 'Begoña', 'Rogelio')", NULL, NULL,
	    NULL), SQLITE_OK);
	assert_int_equal(letters_verify(f->st, secret, folio, code, NULL, 0,
	    &c), 0);
	assert_true(c.found);
	assert_false(c.genuine);
	assert_false(letters_check_ok(&c));
	letters_check_free(&c);

	/* and with another secret nothing verifies */
	secret[0] ^= 0xff;
	assert_int_equal(letters_verify(f->st, secret, folio, NULL, NULL, 0,
	    &c), 0);
	assert_false(c.genuine);
	letters_check_free(&c);

	/* a database error leaves nothing for the caller to free */
	assert_int_equal(sqlite3_exec(f->st->db, "ALTER TABLE letter_issued "
	    "RENAME TO letter_gone", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(letters_verify(f->st, secret, folio, NULL, NULL, 0,
	    &c), -1);
	assert_null(c.folio);

	free(code);
	free(folio);
	buf_free(&pdf);
	vars_free(v);
}

/*
 * Release 1 sealed letters with the server secret itself: the HMAC of
 * "label\nfolio\nhex", written out here independently of letters/seal.c.
 */
static void
release1_mac(const unsigned char secret[SECRET_LEN], const char *label,
    const char *folio, const char *hex, unsigned char mac[32])
{
	char *msg = xasprintf("%s\n%s\n%s", label, folio, hex);

	crypto_auth_hmacsha256(mac, (const unsigned char *)msg, strlen(msg),
	    secret);
	free(msg);
}

static void
sha256_hex(const char *p, size_t n, char hex[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)p, n);
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

/* The code release 1 printed for folio and summary. */
static void
release1_code(const unsigned char secret[SECRET_LEN], const char *folio,
    const char *summary, char code[15])
{
	static const char abc[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
	unsigned char mac[32];
	char hex[65];
	uint64_t bits = 0;
	size_t o = 0;

	sha256_hex(summary, strlen(summary), hex);
	release1_mac(secret, "tequio letter code v1", folio, hex, mac);
	for (int i = 0; i < 8; i++)
		bits = bits << 8 | mac[i];
	for (int i = 0; i < 12; i++) {
		if (i == 4 || i == 8)
			code[o++] = '-';
		code[o++] = abc[(bits >> (59 - 5 * i)) & 31];
	}
	code[o] = '\0';
}

static char *
letter_column(struct fx *f, const char *folio, const char *column)
{
	char *sql = xasprintf("SELECT %s FROM letter_issued WHERE folio = ?1",
	    column), *v;
	sqlite3_stmt *s;

	assert_int_equal(sqlite3_prepare_v2(f->st->db, sql, -1, &s, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(s, 1, folio, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	free(sql);
	return v;
}

static void
set_letter(struct fx *f, const char *folio, const char *summary,
    const char *code, const char *pdf_mac)
{
	sqlite3_stmt *s;

	assert_int_equal(sqlite3_prepare_v2(f->st->db, "UPDATE letter_issued "
	    "SET summary = ?2, code = ?3, pdf_mac = ?4 WHERE folio = ?1", -1,
	    &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, folio, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, summary, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, pdf_mac, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
}

/* The summary as release 1 wrote it: no "seal". */
static char *
without_seal(const char *summary)
{
	const char *p = strstr(summary, ",\"seal\":1");

	assert_non_null(p);
	return xasprintf("%.*s%s", (int)(p - summary), summary,
	    p + strlen(",\"seal\":1"));
}

/*
 * New letters are sealed with a key derived from the secret, not the
 * secret; a letter issued by release 1 (sealed with the secret itself)
 * still verifies; and a new letter dressed up as an old one does not.
 */
static void
test_verify_release1_seal(void **state)
{
	struct fx *f = *state;
	struct vars *v = student_vars();
	unsigned char secret[SECRET_LEN], mac[32];
	struct letters_check c;
	struct buf pdf;
	char *folio, *summary, *old_summary, *code, *sha, *pdf_mac;
	char old_code[15], old_mac[65];

	secret_of(f, secret);
	buf_init(&pdf);
	folio = issue(f, "aceptacion", v, NULL, when(2026, 11, 23), &pdf);
	summary = letter_column(f, folio, "summary");
	code = letter_column(f, folio, "code");
	sha = letter_column(f, folio, "pdf_sha256");
	pdf_mac = letter_column(f, folio, "pdf_mac");
	/* the secret itself no longer seals */
	release1_code(secret, folio, summary, old_code);
	assert_string_not_equal(old_code, code);

	/* a new letter whose "seal" is removed: not genuine */
	old_summary = without_seal(summary);
	set_letter(f, folio, old_summary, code, pdf_mac);
	assert_int_equal(letters_verify(f->st, secret, folio, code, NULL, 0,
	    &c), 0);
	assert_true(c.found);
	assert_false(c.genuine);
	letters_check_free(&c);

	/* the same letter as release 1 sealed it: genuine, code and file */
	release1_code(secret, folio, old_summary, old_code);
	release1_mac(secret, "tequio letter pdf v1", folio, sha, mac);
	sodium_bin2hex(old_mac, sizeof(old_mac), mac, sizeof(mac));
	set_letter(f, folio, old_summary, old_code, old_mac);
	assert_int_equal(letters_verify(f->st, secret, folio, old_code,
	    pdf.data, pdf.len, &c), 0);
	assert_true(c.genuine && c.code_ok && c.file_ok);
	assert_true(letters_check_ok(&c));
	assert_string_equal(c.alumno, "Begoña Núñez Güemes");
	letters_check_free(&c);

	/* and edited without the secret it fails like any other */
	set_letter(f, folio, summary, old_code, old_mac);
	assert_int_equal(letters_verify(f->st, secret, folio, old_code, NULL,
	    0, &c), 0);
	assert_false(c.genuine);
	letters_check_free(&c);

	free(old_summary);
	free(summary);
	free(code);
	free(sha);
	free(pdf_mac);
	free(folio);
	buf_free(&pdf);
	vars_free(v);
}

/* A forged file whose hash was written into the register: the MAC fails. */
static void
test_verify_pdf_hash_edit(void **state)
{
	struct fx *f = *state;
	struct vars *v = student_vars();
	unsigned char secret[SECRET_LEN];
	struct letters_check c;
	struct buf pdf;
	char *folio;

	secret_of(f, secret);
	buf_init(&pdf);
	folio = issue(f, "constancia", v, NULL, when(2026, 11, 23), &pdf);
	pdf.data[100] ^= 1;
	{
		sqlite3_stmt *s;
		unsigned char h[crypto_hash_sha256_BYTES];
		char hex[2 * crypto_hash_sha256_BYTES + 1];

		crypto_hash_sha256(h, (const unsigned char *)pdf.data, pdf.len);
		sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
		assert_int_equal(sqlite3_prepare_v2(f->st->db, "UPDATE "
		    "letter_issued SET pdf_sha256 = ?1 WHERE folio = ?2", -1,
		    &s, NULL), SQLITE_OK);
		sqlite3_bind_text(s, 1, hex, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 2, folio, -1, SQLITE_TRANSIENT);
		assert_int_equal(sqlite3_step(s), SQLITE_DONE);
		sqlite3_finalize(s);
	}
	assert_int_equal(letters_verify(f->st, secret, folio, NULL, pdf.data,
	    pdf.len, &c), 0);
	assert_true(c.file_ok);		/* the edited hash matches... */
	assert_false(c.genuine);	/* ...but the register is not intact */
	assert_false(letters_check_ok(&c));
	letters_check_free(&c);
	free(folio);
	buf_free(&pdf);
	vars_free(v);
}

/* The QR code on the page is, module for module, the one libqrencode
   makes of the verification mailto: URI. */
static void
test_qr_modules(void **state)
{
	struct fx *f = *state;
	struct vars *v = student_vars();
	struct buf pdf;
	char *folio, *code, *uri, *path, *cmd, *raw;
	QRcode *q;
	int w, h, maxval, off = 0, wrong = 0;
	const double dpi = 288, k = dpi / 72;

	buf_init(&pdf);
	folio = issue(f, "constancia", v, NULL, when(2026, 11, 23), &pdf);
	code = printed_code(f, &pdf);
	uri = layout_qr_text("servicio.social@utv.edu.mx", folio, code);
	assert_non_null(strstr(uri, "?subject=VERIFICAR%20SS-2026-"));
	q = QRcode_encodeString(uri, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	assert_non_null(q);
	path = write_tmp(f, "qr.pdf", pdf.data, pdf.len);
	cmd = xasprintf("pdftoppm -r %d -gray -f 1 -l 1 '%s'", (int)dpi, path);
	raw = run_output(cmd);
	assert_int_equal(sscanf(raw, "P5 %d %d %d%n", &w, &h, &maxval, &off),
	    3);
	for (int r = 0; r < q->width; r++)
		for (int c = 0; c < q->width; c++) {
			double m = LAYOUT_QR_SIZE / q->width;
			int px = (int)((LAYOUT_QR_X + (c + 0.5) * m) * k);
			int py = (int)((792 - (LAYOUT_QR_Y + LAYOUT_QR_SIZE -
			    (r + 0.5) * m)) * k);
			unsigned char g = (unsigned char)raw[off + 1 +
			    (size_t)py * w + px];
			int dark = g < 128;
			if (dark != (q->data[r * q->width + c] & 1))
				wrong++;
		}
	assert_int_equal(wrong, 0);
	QRcode_free(q);
	free(raw);
	free(cmd);
	free(path);
	free(uri);
	free(code);
	free(folio);
	buf_free(&pdf);
	vars_free(v);
}

static void
test_folios(void **state)
{
	struct fx *f = *state;
	struct vars *v = student_vars();
	struct buf pdf;
	char *folio = NULL;

	buf_init(&pdf);
	for (int i = 1; i <= 3; i++) {
		char want[32];
		snprintf(want, sizeof(want), "SS-2026-%06d", i);
		folio = issue(f, "constancia", v, NULL, when(2026, 3, 1), &pdf);
		assert_string_equal(folio, want);
		free(folio);
	}
	/* rolled back: the number comes back */
	assert_int_equal(store_begin(f->st), 0);
	assert_int_equal(letters_issue(f->l, f->st, "constancia", v, "x", NULL,
	    when(2026, 3, 1), &pdf, &folio), 0);
	assert_string_equal(folio, "SS-2026-000004");
	free(folio);
	store_rollback(f->st);
	folio = issue(f, "constancia", v, NULL, when(2026, 3, 1), &pdf);
	assert_string_equal(folio, "SS-2026-000004");
	free(folio);
	/* a new year starts again at 1 */
	folio = issue(f, "constancia", v, NULL, when(2027, 1, 2), &pdf);
	assert_string_equal(folio, "SS-2027-000001");
	free(folio);
	/* refused: outside a transaction, unknown letter, a mail template */
	buf_reset(&pdf);
	assert_int_equal(letters_issue(f->l, f->st, "constancia", v, "x", NULL,
	    when(2026, 3, 1), &pdf, &folio), -1);
	assert_null(folio);
	assert_int_equal(store_begin(f->st), 0);
	assert_int_equal(letters_issue(f->l, f->st, "diploma", v, "x", NULL,
	    when(2026, 3, 1), &pdf, &folio), -1);
	assert_int_equal(letters_issue(f->l, f->st, "reply_verificar", v, "x",
	    NULL, when(2026, 3, 1), &pdf, &folio), -1);
	assert_int_equal(pdf.len, 0);
	assert_int_equal(store_commit(f->st), 0);
	folio = issue(f, "constancia", v, NULL, when(2026, 3, 1), &pdf);
	assert_string_equal(folio, "SS-2026-000005");
	free(folio);
	buf_free(&pdf);
	vars_free(v);
}

/* Paragraphs flow onto further pages; the footer counts them. */
static void
test_long_letter(void **state)
{
	struct fx *f = *state;
	struct vars *v = student_vars();
	struct buf pdf;
	char *folio, *text;

	for (int i = 0; i < 60; i++)
		vars_setf(vars_list_add(v, "actividades"), "descripcion",
		    "Actividad número %d: apoyar en la atención a la población "
		    "y registrar cada sesión en la bitácora del programa.", i);
	buf_init(&pdf);
	folio = issue(f, "aceptacion", v, NULL, when(2026, 11, 23), &pdf);
	text = pdf_text(f, &pdf);
	{
		const char *p = strstr(text, "Página 1 de ");
		char *last;
		int pages;

		assert_non_null(p);
		pages = atoi(p + strlen("Página 1 de "));
		assert_true(pages >= 3);
		last = xasprintf("Página %d de %d", pages, pages);
		expect_text(text, last);
		free(last);
	}
	expect_text(text, "Actividad número 59: apoyar");
	expect_text(text, "Lic. Ángel Peña Ruiz");
	free(text);
	free(folio);
	buf_free(&pdf);
	vars_free(v);
}

/* text without any white space: pdftotext breaks lines where it likes */
static char *
no_space(const char *s)
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "");
	for (; *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\f')
			buf_addc(&b, *s);
	return buf_steal(&b);
}

/*
 * A name of 60 and of 300 letters without a space, in every letter kind:
 * once libharu refused the word spacing that justifying such a line takes
 * (over 300 points) and the letter failed, every time, blocking the
 * student's mail.  Now the word is broken over lines and the gaps capped.
 */
static void
test_unbreakable_words(void **state)
{
	struct fx *f = *state;
	static const size_t lengths[] = {60, 300};

	for (size_t n = 0; n < ARRAY_LEN(lengths); n++) {
		char name[301];

		for (size_t i = 0; i < lengths[n]; i++)
			name[i] = (char)('A' + i % 26);
		name[lengths[n]] = '\0';
		for (size_t k = 0; k < ARRAY_LEN(kinds); k++) {
			struct vars *v = student_vars();
			struct buf pdf;
			char *folio, *text, *flat;

			vars_set(v, "alumno.nombre", name);
			vars_set(v, "programa.nombre", name);
			vars_setf(vars_list_add(v, "actividades"),
			    "descripcion", "de la %s y el %s", name, name);
			buf_init(&pdf);
			folio = issue(f, kinds[k].id, v, NULL,
			    when(2026, 11, 23), &pdf);
			text = pdf_text(f, &pdf);
			flat = no_space(text);
			/* the agreement names no student or program */
			if (strcmp(kinds[k].id, "convenio") != 0 &&
			    strstr(flat, name) == NULL)
				fail_msg("%s: the name is not whole:\n%s",
				    kinds[k].id, text);
			free(flat);
			free(text);
			free(folio);
			buf_free(&pdf);
			vars_free(v);
		}
	}
}

static void
test_text_and_sample(void **state)
{
	struct fx *f = *state;
	struct vars *v = vars_new();
	struct buf out;
	int is_pdf;
	char *text;

	buf_init(&out);
	assert_int_equal(letters_text(f->l, "reply_verificar", NULL, &out), 0);
	assert_non_null(strstr(out.data, "VERIFICAR SS-2026-000123"));
	assert_non_null(strstr(out.data, "Universidad Tecnológica del Valle"));
	buf_reset(&out);
	vars_set(v, "folio", "SS-2026-000007");
	vars_set(v, "encontrado", "sí");
	vars_set(v, "autentico", "sí");
	vars_set(v, "documento", "carta de aceptación");
	/* Without the code or the PDF: only that the folio exists. */
	assert_int_equal(letters_text(f->l, "reply_verificar", v, &out), 0);
	assert_non_null(strstr(out.data, "RESULTADO: EL FOLIO EXISTE"));
	buf_reset(&out);
	vars_set(v, "detalles", "sí");
	assert_int_equal(letters_text(f->l, "reply_verificar", v, &out), 0);
	assert_non_null(strstr(out.data, "RESULTADO: DOCUMENTO AUTÉNTICO"));
	assert_null(strstr(out.data, "{{"));
	assert_int_equal(letters_text(f->l, "reply_no_existe", v, &out), -1);
	assert_int_equal(letters_text(f->l, "constancia", v, &out), -1);
	assert_true(letters_has(f->l, "reply_transcripcion"));

	buf_reset(&out);
	assert_int_equal(letters_sample(f->l, "liberacion", NULL, &out,
	    &is_pdf), 0);
	assert_true(is_pdf);
	text = pdf_text(f, &out);
	expect_text(text, "SS-0000-000000");
	expect_text(text, "Código de verificación: MUESTRA");
	free(text);
	buf_reset(&out);
	assert_int_equal(letters_sample(f->l, "reply_verificar", NULL, &out,
	    &is_pdf), 0);
	assert_false(is_pdf);
	assert_non_null(strstr(out.data, "RESULTADO"));
	/* the sample used no folio */
	{
		struct buf pdf;
		struct vars *sv = student_vars();
		char *folio;
		buf_init(&pdf);
		folio = issue(f, "constancia", sv, NULL, when(2026, 1, 5),
		    &pdf);
		assert_string_equal(folio, "SS-2026-000001");
		free(folio);
		buf_free(&pdf);
		vars_free(sv);
	}
	buf_free(&out);
	vars_free(v);
}

static void
test_date(void **state)
{
	char *s;

	(void)state;
	s = letters_date_es(when(2026, 11, 23));
	assert_string_equal(s, "23 de noviembre de 2026");
	free(s);
	s = letters_date_es(when(2027, 1, 1));
	assert_string_equal(s, "1 de enero de 2027");
	free(s);
	assert_string_equal(letters_kind_name("liberacion"),
	    "carta de liberación");
	assert_null(letters_kind_name("otra"));
}

/*
 * The letter's date is worked out once a minute at most (letters.c
 * set_auto): two letters a second apart across local midnight still
 * carry their own days.
 */
static void
test_date_at_midnight(void **state)
{
	struct fx *f = *state;
	struct vars *v = student_vars();
	int64_t midnight = ymd_start((struct ymd){2026, 11, 23});
	static const struct {
		int64_t delta;
		const char *date;
	} at[] = {
		{-1, "22 de noviembre de 2026"},
		{0, "23 de noviembre de 2026"},
		{-1, "22 de noviembre de 2026"},
	};

	for (size_t i = 0; i < ARRAY_LEN(at); i++) {
		struct buf pdf;
		char *folio, *text;

		buf_init(&pdf);
		folio = issue(f, "constancia", v, NULL, midnight + at[i].delta,
		    &pdf);
		text = pdf_text(f, &pdf);
		expect_text(text, at[i].date);
		free(text);
		free(folio);
		buf_free(&pdf);
	}
	vars_free(v);
}

/* ---- logos ---- */

static void
logo_result(const char *file, const char *want)
{
	char *data, err[256] = "";
	size_t len;
	int rc;

	assert_int_equal(read_file(file, 1 << 22, &data, &len), 0);
	rc = letters_logo_check(data, len, err, sizeof(err));
	free(data);
	if (want == NULL) {
		if (rc != 0)
			fail_msg("%s refused: %s", file, err);
		return;
	}
	assert_int_equal(rc, -1);
	if (strstr(err, want) == NULL)
		fail_msg("%s: \"%s\" lacks \"%s\"", file, err, want);
}

static void
test_logo_checks(void **state)
{
	(void)state;
	logo_result(LOGOS "institucion.png", NULL);
	logo_result(LOGOS "rgba.png", NULL);
	logo_result(LOGOS "palette.png", NULL);
	logo_result(LOGOS "deep16.png", "16 bits");
	logo_result(LOGOS "dependencia.jpg", NULL);
	logo_result(LOGOS "progressive.jpg", NULL);
	logo_result(LOGOS "interlaced.png", "PNG entrelazado");
	logo_result(LOGOS "no_imagen.png", "no es una imagen PNG ni JPEG");
	logo_result(LOGOS "truncado.png", "incompleto o dañado");
	logo_result(LOGOS "badidat.png", "está dañado");
	logo_result(LOGOS "shortidat.png", "está dañado");
	logo_result(LOGOS "cmyk.jpg", "CMYK");
}

static void
open_error(struct config *cfg, const char *want)
{
	struct letters *l = NULL;
	char err[512] = "";

	assert_int_equal(letters_open(cfg, &l, err, sizeof(err)), -1);
	assert_null(l);
	if (strstr(err, want) == NULL)
		fail_msg("\"%s\" lacks \"%s\"", err, want);
}

static void
test_bad_institution_logo(void **state)
{
	struct fx *f = *state;
	struct config cfg = f->cfg;

	cfg.inst_logo = LOGOS "interlaced.png";
	open_error(&cfg, LOGOS "interlaced.png: el logotipo es un PNG "
	    "entrelazado");
	cfg.inst_logo = LOGOS "no_imagen.png";
	open_error(&cfg, "no es una imagen");
	cfg.inst_logo = LOGOS "badidat.png";
	open_error(&cfg, "badidat.png: el logotipo está dañado");
	cfg.inst_logo = LOGOS "no-existe.png";
	open_error(&cfg, "no se puede leer el logotipo");
}

/* Each kind of logo that is accepted shows its colour on the page. */
static void
test_logo_colours(void **state)
{
	struct fx *f = *state;
	struct vars *v = student_vars();
	static const struct {
		const char *file;
		int x, y;
		unsigned rgb;
	} logos[] = {
		{LOGOS "palette.png", 500, 727, 0x663399},
		{LOGOS "rgba.png", 500, 727, 0x1a8f3c},
		{LOGOS "progressive.jpg", 500, 727, 0xc81e1e},
		{LOGOS "institucion.png", 448, 752, 0x005aaa},
		{LOGOS "institucion.png", 500, 727, 0xffffff},
	};

	for (size_t i = 0; i < ARRAY_LEN(logos); i++) {
		struct buf pdf;
		struct ppm img;
		char *folio;

		buf_init(&pdf);
		folio = issue(f, "aceptacion", v, logos[i].file,
		    when(2026, 5, 5), &pdf);
		pdf_pixels(f, &pdf, &img);
		if (!pixel_is(&img, logos[i].x, logos[i].y, logos[i].rgb))
			fail_msg("%s: wrong colour at %d,%d", logos[i].file,
			    logos[i].x, logos[i].y);
		free(img.px);
		free(folio);
		buf_free(&pdf);
	}
	vars_free(v);
}

/* A broken agency logo leaves the letter without it, never crashes. */
static void
test_bad_agency_logo(void **state)
{
	struct fx *f = *state;
	struct vars *v = student_vars();
	static const char *const bad[] = {
		LOGOS "interlaced.png", LOGOS "badidat.png", LOGOS "deep16.png",
		LOGOS "no_imagen.png", LOGOS "no-existe.png",
	};

	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		struct buf pdf;
		struct ppm img;
		char *folio;

		buf_init(&pdf);
		folio = issue(f, "aceptacion", v, bad[i], when(2026, 5, 5),
		    &pdf);
		pdf_pixels(f, &pdf, &img);
		assert_true(pixel_is(&img, 80, 745, 0x005aaa));
		assert_true(pixel_is(&img, 532, 745, 0xffffff));
		free(img.px);
		free(folio);
		buf_free(&pdf);
	}
	vars_free(v);
}

/* ---- broken templates ---- */

static void
copy_templates(const char *to)
{
	char *cmd = xasprintf("rm -rf '%s' && mkdir -p '%s' && "
	    "cp templates/*.txt '%s'/", to, to, to);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static void
put_file(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	free(path);
}

static void
test_bad_templates(void **state)
{
	struct fx *f = *state;
	char *dir = xasprintf("%s/tpl", f->dir), *want;
	struct config cfg = f->cfg;

	cfg.templates = dir;
	copy_templates(dir);
	put_file(dir, "constancia.txt", "---\ntitulo: C\n---\nLínea uno\n"
	    "Hola {{alumno.nombr}}.\n");
	want = xasprintf("%s/constancia.txt:5: variable desconocida "
	    "{{alumno.nombr}}", dir);
	open_error(&cfg, want);
	free(want);

	copy_templates(dir);
	put_file(dir, "baja.txt", "---\ntitulo: B\n---\n\n{{#if baja.motivo}}\n"
	    "Motivo: {{baja.motivo}}\n");
	want = xasprintf("%s/baja.txt:5: {{#if baja.motivo}} no se cierra",
	    dir);
	open_error(&cfg, want);
	free(want);

	copy_templates(dir);
	put_file(dir, "convenio.txt", "---\ntitulo: C\nfirmas: X\n---\n");
	want = xasprintf("%s/convenio.txt:3: clave desconocida \"firmas\"",
	    dir);
	open_error(&cfg, want);
	free(want);

	copy_templates(dir);
	put_file(dir, "institucion.txt", "# x\ninstitucion.lema: L\n"
	    "institucion.nombre: N\n");
	want = xasprintf("%s/institucion.txt:3: clave desconocida", dir);
	open_error(&cfg, want);
	free(want);

	copy_templates(dir);
	put_file(dir, "diploma.txt", "Hola\n");
	open_error(&cfg, "diploma.txt:1: plantilla desconocida \"diploma\"");

	copy_templates(dir);
	{
		char *path = xasprintf("%s/finalizacion.txt", dir);
		assert_int_equal(unlink(path), 0);
		free(path);
	}
	open_error(&cfg, "falta la plantilla finalizacion.txt");

	/* Written on Windows: a byte-order mark and CRLF line ends. */
	copy_templates(dir);
	put_file(dir, "constancia.txt", "\xef\xbb\xbf---\r\ntitulo: "
	    "CONSTANCIA\r\nfirma: A | B\r\n---\r\nHola {{alumno.nombre}}.\r\n");
	put_file(dir, "reply_verificar.txt", "\xef\xbb\xbfL\xc3\xadnea uno\r\n"
	    "{{#if folio}}\r\n{{folio}}\r\n{{/if}}\r\n");
	{
		struct letters *l = NULL;
		struct vars *v = vars_new();
		struct buf out;
		char err[512];

		buf_init(&out);
		if (letters_open(&cfg, &l, err, sizeof(err)) != 0)
			fail_msg("%s", err);
		vars_set(v, "folio", "F");
		assert_int_equal(letters_text(l, "reply_verificar", v, &out), 0);
		assert_string_equal(out.data, "L\xc3\xadnea uno\nF\n");
		buf_free(&out);
		vars_free(v);
		letters_close(l);
	}

	cfg.templates = "/nonexistent/templates";
	open_error(&cfg, "no se puede abrir el directorio de plantillas");
	free(dir);
}

/* ---- reports ---- */

static void
test_report_csv(void **state)
{
	static const char *const cols[] = {"Matrícula", "Nombre", "Horas"};
	static const char *const r1[] = {"2021", "Núñez, Begoña", "180"};
	static const char *const r2[] = {"2022", "El \"Güero\"\nLópez", NULL};
	static const char *const r3[] = {"=1+1", "-x", "-5"};
	static const char *const r4[] = {"-1+HYPERLINK(\"http://x\")", "@SUM(A1)",
	    "\tx"};
	struct report_table *t = report_new("Alumnos", cols, 3);
	struct buf b;

	(void)state;
	report_add_row(t, r1);
	report_add_row(t, r2);
	report_add_row(t, r3);
	report_add_row(t, r4);
	buf_init(&b);
	report_csv(t, &b);
	/* The BOM first: without it Excel in Spanish shows "MatrÃ­cula". */
	assert_string_equal(b.data,
	    "\xef\xbb\xbf" "Matrícula,Nombre,Horas\r\n"
	    "2021,\"Núñez, Begoña\",180\r\n"
	    "2022,\"El \"\"Güero\"\"\nLópez\",\r\n"
	    "'=1+1,'-x,'-5\r\n"
	    "\"'-1+HYPERLINK(\"\"http://x\"\")\",'@SUM(A1),'\tx\r\n");
	buf_free(&b);
	report_free(t);
}

static void
test_report_pdf(void **state)
{
	struct fx *f = *state;
	struct report_table *t = report_new_kind(REPORT_ALUMNOS,
	    "Periodo enero–junio de 2026");
	struct buf pdf;
	char *text;

	for (int i = 0; i < 120; i++) {
		char mat[32], horas[16];
		const char *row[7];
		snprintf(mat, sizeof(mat), "20210%05d", i);
		snprintf(horas, sizeof(horas), "%d", i * 4);
		row[0] = mat;
		row[1] = i == 7 ? "Begoña Núñez Güemes" : "José Pérez";
		row[2] = "Ingeniería en Tecnologías de la Información";
		row[3] = "¿Leer? ¡Sí! Círculos de lectura para personas "
		    "adultas mayores en bibliotecas municipales";
		row[4] = "Secretaría de Economía Solidaria";
		row[5] = horas;
		row[6] = "en servicio";
		report_add_row(t, row);
	}
	buf_init(&pdf);
	assert_int_equal(report_pdf(f->l, t, when(2026, 11, 23), &pdf), 0);
	text = pdf_text(f, &pdf);
	expect_text(text, "Alumnos en servicio social");
	expect_text(text, "Periodo enero–junio de 2026");
	expect_text(text, "Generado el 23 de noviembre de 2026");
	expect_text(text, "Begoña Núñez Güemes");
	expect_text(text, "Horas reportadas");
	expect_text(text, "2021000119");
	expect_text(text, "120 registros");
	expect_text(text, "Página 1 de");
	assert_null(strstr(text, "Página 1 de 1"));
	free(text);
	buf_free(&pdf);
	report_free(t);
}

/* ---- the server secret ---- */

static void
test_secret(void **state)
{
	struct fx *f = *state;
	unsigned char a[SECRET_LEN], b[SECRET_LEN];
	char *path = xasprintf("%s/s2.key", f->dir);
	struct stat sb;

	assert_int_equal(secret_load(path, a, 0), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(secret_load(path, a, 1), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(sb.st_size, SECRET_LEN);
	assert_int_equal(secret_load(path, b, 1), 0);
	assert_memory_equal(a, b, SECRET_LEN);
	put_file(f->dir, "s2.key", "corto");
	assert_int_equal(secret_load(path, a, 1), -1);
	assert_int_equal(errno, EINVAL);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_kind, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_release1_seal,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_pdf_hash_edit,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_qr_modules, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_folios, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unbreakable_words, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_long_letter, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_text_and_sample, setup,
		    teardown),
		cmocka_unit_test(test_date),
		cmocka_unit_test_setup_teardown(test_date_at_midnight, setup,
		    teardown),
		cmocka_unit_test(test_logo_checks),
		cmocka_unit_test_setup_teardown(test_bad_institution_logo,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_logo_colours, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bad_agency_logo, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bad_templates, setup,
		    teardown),
		cmocka_unit_test(test_report_csv),
		cmocka_unit_test_setup_teardown(test_report_pdf, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_secret, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
