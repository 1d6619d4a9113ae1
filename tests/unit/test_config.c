/* SPDX-License-Identifier: ISC */
/*
 * test_config.c - the configuration loader: the example file loads, every
 * kind of mistake stops with "file:line: what is wrong", passwords come
 * from password files, relative paths follow the file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/util.h"
#include "config/config.h"

static char tmpdir[] = "/tmp/tequio-config-XXXXXX";

static const char base[] =
    "[institution]\n"
    "name = Universidad Tecnológica del Valle\n"
    "[mailbox]\n"
    "address = Servicio.Social@utv.edu.mx\n"
    "imap_user = servicio.social\n"
    "imap_password = secreto ; a comment\n"
    "[roles]\n"
    "coordinators = coordinacion@utv.edu.mx, Jefa.Servicio@utv.edu.mx\n"
    "student_domains = alumnos.utv.edu.mx\n"
    "[storage]\n"
    "database = data/tequio.db\n"
    "spool = /var/spool/tequio\n"
    "[security]\n"
    "secret_file = secret.key\n";

static char *
write_conf(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

/* Load text and expect failure with err containing want. */
static void
expect_error(const char *text, const char *want)
{
	char *path = write_conf("bad.conf", text), err[512] = "";
	struct config cfg;

	assert_int_equal(config_load(path, &cfg, err, sizeof(err)), -1);
	if (strstr(err, want) == NULL)
		fail_msg("error \"%s\" does not contain \"%s\"", err, want);
	free(path);
}

static void
test_base_loads(void **state)
{
	char *path = write_conf("ok.conf", base), err[512] = "";
	struct config cfg;

	(void)state;
	assert_int_equal(config_load(path, &cfg, err, sizeof(err)), 0);
	assert_string_equal(cfg.address, "servicio.social@utv.edu.mx");
	assert_string_equal(cfg.addr_local, "servicio.social");
	assert_string_equal(cfg.addr_domain, "utv.edu.mx");
	assert_string_equal(cfg.imap_password, "secreto");
	assert_int_equal(cfg.imap_port, 143);
	assert_int_equal(cfg.tls, TLS_NONE);
	assert_int_equal(cfg.poll_seconds, 60);
	assert_int_equal(cfg.max_replies_per_day, 20);
	assert_int_equal(cfg.max_message_bytes, 26214400);
	assert_int_equal(cfg.n_coordinators, 2);
	assert_true(config_is_coordinator(&cfg, "jefa.servicio@UTV.edu.mx"));
	assert_false(config_is_coordinator(&cfg, "otro@utv.edu.mx"));
	assert_true(config_is_student_domain(&cfg,
	    "ana@Alumnos.utv.edu.mx"));
	assert_false(config_is_student_domain(&cfg, "ana@utv.edu.mx"));
	/* Relative paths are relative to the file's directory. */
	char *want = xasprintf("%s/data/tequio.db", tmpdir);
	assert_string_equal(cfg.database, want);
	free(want);
	assert_null(cfg.inst_logo);
	config_free(&cfg);
	free(path);
}

static void
test_example_loads(void **state)
{
	char err[512] = "";
	struct config cfg;

	(void)state;
	assert_int_equal(config_load("config/tequio.conf.example", &cfg, err,
	    sizeof(err)), 0);
	assert_string_equal(cfg.inst_name,
	    "Universidad Tecnológica del Valle");
	assert_string_equal(cfg.trusted_authserv_id, "mx.utv.edu.mx");
	assert_string_equal(config_coordinator_name(&cfg,
	    "Jefa.Servicio@utv.edu.mx"), "Mtra. Adriana Sánchez Olivera");
	assert_null(config_coordinator_name(&cfg, "otra@utv.edu.mx"));
	config_free(&cfg);
}

static void
test_errors_name_the_line(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	buf_printf(&b, "%s[limits]\nmax_attachments = muchos\n", base);
	expect_error(b.data, "bad.conf:16: max_attachments debe ser");
	buf_reset(&b);
	buf_printf(&b, "%s[mailbox]\ncolor = azul\n", base);
	expect_error(b.data, "bad.conf:16: no hay ninguna clave «color»");
	buf_reset(&b);
	buf_printf(&b, "%s[buzon]\nx = 1\n", base);
	expect_error(b.data, ":15: no hay ninguna sección [buzon]");
	buf_reset(&b);
	buf_printf(&b, "%s[mailbox]\ntls = ssl\n", base);
	expect_error(b.data, ":16: tls debe ser none, starttls o tls");
	buf_reset(&b);
	buf_printf(&b, "%s[mailbox]\nidle = quizas\n", base);
	expect_error(b.data, ":16: idle debe ser yes o no");
	buf_reset(&b);
	buf_printf(&b, "%s[mailbox]\nimap_user = otro\n", base);
	expect_error(b.data, ":16: imap_user ya se fijó en la línea 5");
	buf_reset(&b);
	buf_printf(&b, "%sthis line is not ini\n", base);
	expect_error(b.data, ":15: no se entiende la línea");
	/* glibc would silently date everything in UTC; and a zone name is
	   not a path to any file. */
	buf_reset(&b);
	buf_printf(&b, "%s[institution]\ntimezone = America/Oaxaca_City\n",
	    base);
	expect_error(b.data, ":16: timezone «America/Oaxaca_City» no es");
	buf_reset(&b);
	buf_printf(&b, "%s[institution]\ntimezone = ../../etc/passwd\n",
	    base);
	expect_error(b.data, ":16: timezone");
	buf_reset(&b);
	buf_printf(&b, "%s[rules]\nmin_months = 7\nmax_months = 6\n", base);
	expect_error(b.data, ":17: max_months es menor que min_months");
	buf_reset(&b);
	buf_printf(&b, "%s[calendar]\nreports = quincenal\n", base);
	expect_error(b.data, ":16: reports debe ser bimonthly, monthly o "
	    "milestones");
	buf_reset(&b);
	buf_printf(&b, "%s[rules]\nmin_months = 12\ntotal_hours = 10\n"
	    "[calendar]\nreports = monthly\n", base);
	expect_error(b.data, ":19: los reportes mensuales necesitan que total_hours (10)");
	/* coordinator_names: only coordinators, "address: name" pairs */
	buf_reset(&b);
	buf_printf(&b, "%s[roles]\ncoordinator_names = otra@utv.edu.mx: "
	    "Otra Persona\n", base);
	expect_error(b.data, ":16: coordinator_names: otra@utv.edu.mx no es "
	    "una de las direcciones de coordinators");
	buf_reset(&b);
	buf_printf(&b, "%s[roles]\ncoordinator_names = Mtra. Sánchez\n",
	    base);
	expect_error(b.data, ":16: coordinator_names: «Mtra. Sánchez» no es "
	    "«dirección: nombre»");
	buf_free(&b);
	expect_error("[institution]\nname = X\n", "falta [mailbox] address, que es "
	    "obligatoria");
}

static void
test_password_file(void **state)
{
	char *pw = write_conf("imap.password", "s3cr3t\n"), err[512] = "";
	struct config cfg;
	struct buf b;
	char *path;

	(void)state;
	buf_init(&b);
	buf_adds(&b, base);
	/* Replace the inline password with the file. */
	char *p = strstr(b.data, "imap_password = secreto ; a comment\n");
	assert_non_null(p);
	memcpy(p, ";", 1);
	buf_printf(&b, "[mailbox]\nimap_password_file = imap.password\n");
	path = write_conf("pw.conf", b.data);
	assert_int_equal(config_load(path, &cfg, err, sizeof(err)), 0);
	assert_string_equal(cfg.imap_password, "s3cr3t");
	config_free(&cfg);
	free(path);
	buf_printf(&b, "[smtp]\npassword_file = missing.password\n");
	expect_error(b.data, "password_file: no se puede leer");
	buf_free(&b);
	free(pw);
}

static void
test_bad_address(void **state)
{
	char *text = xstrdup(base);
	char *p = strstr(text, "Servicio.Social@");

	(void)state;
	memcpy(p, "Servicio+Social@", 16);
	expect_error(text, ":4: address debe ser una dirección simple");
	/* Forms compose_mail would refuse on every reply. */
	memcpy(p, "Servicio..ocial@", 16);
	expect_error(text, ":4: address debe ser una dirección simple");
	memcpy(p, "Servicio@Social@", 16);
	expect_error(text, ":4: address debe ser una dirección simple");
	free(text);
}

static void
test_bad_coordinator(void **state)
{
	char *text = xstrdup(base);
	char *p = strstr(text, "coordinacion@utv");

	(void)state;
	memcpy(p, "coord(nacion@utv", 16);
	expect_error(text, "coordinators: «coord(nacion@utv.edu.mx» no es una "
	    "dirección");
	memcpy(p, "coordinacion@utv", 16);
	p = strstr(text, "utv.edu.mx, Jefa");
	memcpy(p, "utv..du.mx, Jefa", 16);
	expect_error(text, "coordinators: «coordinacion@utv..du.mx» no es "
	    "una dirección");
	free(text);
}


/* Each rule of tequio.conf(5) about comments, quotes and blanks. */
static void
test_parsing_rules(void **state)
{
	char *path, err[512] = "";
	struct config cfg;
	struct buf b;

	(void)state;
	buf_init(&b);
	buf_adds(&b, base);
	buf_adds(&b, "  [smtp]\n"
	    "\tpassword = \"a ; b # c\"   ; a comment\n"
	    "  user = 'it''s'\n");
	path = write_conf("rules.conf", b.data);
	/* 'it''s' is not one quoted value: text follows the closing quote. */
	assert_int_equal(config_load(path, &cfg, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "rules.conf:17: user: texto después de la "
	    "comilla que cierra"));
	free(path);
	buf_reset(&b);
	buf_adds(&b, base);
	buf_adds(&b, "  [smtp]\n"
	    "\tpassword = \"a ; b # \\\"c\\\"\"   ; a comment\n"
	    "  user = pass#word;x\n"
	    "[institution]\nshort_name = \"UTV\"\ncity = 'Oaxaca' # comment\n");
	path = write_conf("rules.conf", b.data);
	assert_int_equal(config_load(path, &cfg, err, sizeof(err)), 0);
	assert_string_equal(cfg.smtp_password, "a ; b # \"c\"");
	assert_string_equal(cfg.smtp_user, "pass#word;x");
	assert_string_equal(cfg.inst_short_name, "UTV");
	assert_string_equal(cfg.inst_city, "Oaxaca");
	assert_string_equal(cfg.imap_password, "secreto");
	config_free(&cfg);
	free(path);
	buf_free(&b);
}

/* Mistakes people made, each stopped with the right key and line. */
static void
test_mistakes_are_named(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	/* libinih took an indented line for the key above it. */
	buf_printf(&b, "%s[mailbox]\nidle = yes\n    poll_seconds = 1m\n",
	    base);
	expect_error(b.data, "bad.conf:17: poll_seconds debe ser");
	buf_reset(&b);
	/* " ;" silently dropped the second coordinator. */
	buf_adds(&b, "[roles]\ncoordinators = a@utv.edu.mx ; b@utv.edu.mx\n");
	buf_adds(&b, strstr(base, "[institution]"));
	expect_error(b.data, "bad.conf:2: coordinators: «b@utv.edu.mx» "
	    "viene después de un carácter de comentario");
	buf_reset(&b);
	buf_printf(&b, "%s[institution]\nshort_name = \"UTV\n", base);
	expect_error(b.data, ":16: short_name: la comilla que abre el valor "
	    "no se cierra");
	buf_reset(&b);
	buf_printf(&b, "name = x\n%s", base);
	expect_error(b.data, "bad.conf:1: name está fuera de toda [sección]");
	buf_reset(&b);
	buf_printf(&b, "%s[smtp]\nurl = smpt://127.0.0.1:25\n", base);
	expect_error(b.data, ":16: url debe empezar con smtp:// (plano, "
	    "con STARTTLS obligatorio si hay user) o smtps://");
	buf_reset(&b);
	buf_printf(&b, "%s[smtp]\nurl = smtp://relay.utv.edu.mx:465\n", base);
	expect_error(b.data, ":16: url: el puerto 465 habla TLS desde el "
	    "primer byte: escriba smtps://");
	buf_reset(&b);
	buf_printf(&b, "%s[smtp]\nurl = smtps://relay.utv.edu.mx:587\n", base);
	expect_error(b.data, ":16: url: el puerto 587 empieza en texto plano");
	buf_reset(&b);
	buf_printf(&b, "%s[mailbox]\nimap_port = 993\ntls = none\n", base);
	expect_error(b.data, ":17: tls = none, pero imap_port 993 habla TLS "
	    "desde el primer byte: ponga tls = tls");
	buf_reset(&b);
	buf_printf(&b, "%s[mailbox]\nimap_port = 993\n", base);
	expect_error(b.data, ":16: tls = none, pero imap_port 993");
	buf_reset(&b);
	buf_printf(&b, "%s[mailbox]\ntls = tls\n", base);
	expect_error(b.data, ":16: tls = tls, pero imap_port 143 empieza en "
	    "texto plano: ponga tls = starttls");
	buf_reset(&b);
	buf_printf(&b, "%s[alerts]\nto = guardia@utv.edu.mx, no es correo\n",
	    base);
	expect_error(b.data, ":16: to: «no» no es una dirección");
	buf_free(&b);
}

/* check-config shows where each value came from, and the warnings. */
static void
test_origins_and_warnings(void **state)
{
	char *path, err[512] = "", *v;
	struct config cfg;
	struct buf b;
	const char *sec, *name, *type, *def;
	int saw_user = 0, saw_port = 0;

	(void)state;
	buf_init(&b);
	buf_printf(&b, "%s[mailbox]\nimap_host = imap.utv.edu.mx\n", base);
	path = write_conf("origin.conf", b.data);
	assert_int_equal(config_load(path, &cfg, err, sizeof(err)), 0);
	for (size_t i = 0; i < config_key_count(); i++) {
		config_key_info(i, &sec, &name, &type, &def);
		if (strcmp(sec, "mailbox") == 0 &&
		    strcmp(name, "imap_user") == 0) {
			assert_int_equal(config_key_line(&cfg, i), 5);
			saw_user = 1;
		}
		if (strcmp(sec, "mailbox") == 0 &&
		    strcmp(name, "imap_port") == 0) {
			assert_int_equal(config_key_line(&cfg, i), 0);
			v = config_key_value(&cfg, i);
			assert_string_equal(v, "143");
			free(v);
			saw_port = 1;
		}
		if (strcmp(name, "imap_password") == 0) {
			v = config_key_value(&cfg, i);
			assert_string_equal(v, "(set)");
			free(v);
		}
	}
	assert_true(saw_user && saw_port);
	assert_int_equal(cfg.n_warnings, 1);
	assert_non_null(strstr(cfg.warnings[0], "tls = none: la contraseña "
	    "IMAP y todo el correo viajan sin cifrar hasta imap.utv.edu.mx"));
	config_free(&cfg);
	free(path);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base_loads),
		cmocka_unit_test(test_example_loads),
		cmocka_unit_test(test_errors_name_the_line),
		cmocka_unit_test(test_password_file),
		cmocka_unit_test(test_bad_address),
		cmocka_unit_test(test_bad_coordinator),
		cmocka_unit_test(test_parsing_rules),
		cmocka_unit_test(test_mistakes_are_named),
		cmocka_unit_test(test_origins_and_warnings),
	};
	int rc;

	if (mkdtemp(tmpdir) == NULL)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		rc = 1;
	free(cmd);
	return rc;
}
