/* SPDX-License-Identifier: ISC */
/*
 * test_sentences.c - the catalogue files templates/mensajes_*.txt: the
 * shipped ones load and say the exact words the handlers said before;
 * every fault a person editing them can make (an unknown or undeclared
 * variable, a broken tag, an unknown, misplaced, repeated or missing
 * sentence, text outside a sentence) stops letters_open with file:line;
 * and C giving a sentence a name it does not declare is caught.
 *
 * Runs from the repository root (tests/run-unit.sh).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "handlers/handlers.h"
#include "handlers/say.h"
#include "letters/letters.h"
#include "letters/sentences.h"

struct fx {
	char dir[64];
	char *tpl;		/* a copy of templates/ to break */
	struct config cfg;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/tequio-sentences-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	f->tpl = xasprintf("%s/tpl", f->dir);
	f->cfg.inst_name = "Universidad Tecnológica del Valle";
	f->cfg.inst_short_name = "UTV";
	f->cfg.inst_city = "Oaxaca de Juárez";
	f->cfg.address = "servicio.social@utv.edu.mx";
	f->cfg.templates = "templates";
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char *cmd = xasprintf("rm -rf '%s'", f->dir);
	int rc = system(cmd);

	free(cmd);
	free(f->tpl);
	free(f);
	return rc == 0 ? 0 : -1;
}

static void
copy_templates(const struct fx *f)
{
	char *cmd = xasprintf("rm -rf '%s' && mkdir -p '%s' && "
	    "cp templates/*.txt '%s'/", f->tpl, f->tpl, f->tpl);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static void
put_file(const struct fx *f, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", f->tpl, name);
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	free(path);
}

/* letters_open on the broken copy fails with want (a "%s" for the
   copy's directory) in its message. */
static void
open_fails(struct fx *f, const char *want_fmt)
{
	struct config cfg = f->cfg;
	struct letters *l = NULL;
	char err[512] = "", *want = xasprintf(want_fmt, f->tpl);

	cfg.templates = f->tpl;
	assert_int_equal(letters_open(&cfg, &l, err, sizeof(err)), -1);
	assert_null(l);
	if (strstr(err, want) == NULL) {
		fprintf(stderr, "\"%s\" lacks \"%s\"\n", err, want);
		free(want);
		fail();
	}
	free(want);
}

static struct letters *
open_ok(const struct config *cfg)
{
	struct letters *l = NULL;
	char err[512];

	if (letters_open(cfg, &l, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	return l;
}

/* A handler context with only what say() uses. */
static void
ctx_with(struct hctx *ctx, struct fx *f, struct letters *l)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->cfg = &f->cfg;
	ctx->letters = l;
}

/* The shipped files say what the C said before (the integration tests
   grep replies for these words). */
static void
test_shipped_words(void **state)
{
	struct fx *f = *state;
	struct letters *l = open_ok(&f->cfg);
	struct hctx ctx;
	char *s;

	ctx_with(&ctx, f, l);
	s = say(&ctx, S_ESTADO_REPORTE_SIGUIENTE, "horas=%d", 360);
	assert_string_equal(s, "Al cumplir 360 horas, entregue su reporte "
	    "con REPORTE 360, el PDF adjunto y, en el cuerpo, «Horas:» (las "
	    "de ese periodo) y «Periodo:».");
	free(s);
	s = say(&ctx, S_ESTADO_SOLICITUD, "solicitud=%lld programa=%s "
	    "dependencia=%s estado=%s", 12LL, "Huertos", "DIF", "aceptada");
	assert_string_equal(s, "Su solicitud 12, para «Huertos» de DIF: "
	    "aceptada");
	free(s);
	s = say(&ctx, S_ESTADO_DOCUMENTO_LLEGO, SAY_NONE);
	assert_string_equal(s, "llegó");
	free(s);
	letters_close(l);
}

/* Every sentence C can name has a text in the shipped files. */
static void
test_every_sentence_shipped(void **state)
{
	struct fx *f = *state;
	struct letters *l = open_ok(&f->cfg);
	struct buf b;

	buf_init(&b);
	for (int i = 0; i < S_COUNT; i++) {
		buf_reset(&b);
		letters_say(l, (enum sentence)i, NULL, &b);
		/* the missing-text marker is "[name]" */
		if (b.len > 0 && b.data[0] == '[')
			fail_msg("%s: %s", sentence_name((enum sentence)i),
			    b.data);
	}
	buf_free(&b);
	letters_close(l);
}

/* templates/README.md lists every sentence, so a coordinator finds the
   one to change. */
static void
test_every_sentence_listed(void **state)
{
	char *readme = NULL, want[128];
	size_t len;

	(void)state;
	assert_int_equal(read_file("templates/README.md", 1 << 20, &readme,
	    &len), 0);
	for (int i = 0; i < S_COUNT; i++) {
		snprintf(want, sizeof(want), "| `%s` |",
		    sentence_name((enum sentence)i));
		if (strstr(readme, want) == NULL) {
			free(readme);
			fail_msg("templates/README.md does not list %s",
			    sentence_name((enum sentence)i));
		}
	}
	free(readme);
}

/* "| " starts a new line; other lines are joined with one space; the
   institution's values are there; comments are dropped. */
static void
test_layout(void **state)
{
	struct fx *f = *state;
	struct config cfg = f->cfg;
	struct letters *l;
	struct buf b;

	copy_templates(f);
	put_file(f, "mensajes_estado.txt", "# c\n[estado.documento_llego]\n"
	    "  {{institucion.nombre_corto}}:\n# dentro\nuna\n"
	    "| dos\n");
	/* the rest of the group, so none is missing */
	{
		char *cmd = xasprintf("sed -n '/^\\[estado.documento_llego\\]/,"
		    "/^$/!p' templates/mensajes_estado.txt >> '%s/"
		    "mensajes_estado.txt'", f->tpl);
		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
	cfg.templates = f->tpl;
	l = open_ok(&cfg);
	buf_init(&b);
	letters_say(l, S_ESTADO_DOCUMENTO_LLEGO, NULL, &b);
	assert_string_equal(b.data, "UTV: una\ndos");
	buf_free(&b);
	letters_close(l);
}

static void
test_faults(void **state)
{
	struct fx *f = *state;

	/* an unknown variable, on the line it is on */
	copy_templates(f);
	put_file(f, "mensajes_estado.txt", "# x\n\n[estado.reporte_esperar]\n"
	    "Espere la revisión de su\nreporte de {{hora}} horas.\n");
	open_fails(f, "%s/mensajes_estado.txt:5: variable desconocida "
	    "{{hora}}");

	/* a variable of another sentence is not declared for this one */
	copy_templates(f);
	put_file(f, "mensajes_estado.txt", "[estado.documento_llego]\n"
	    "# un comentario\nllegó\n{{horas}}\n");
	open_fails(f, "%s/mensajes_estado.txt:4: variable desconocida "
	    "{{horas}}");

	/* a broken tag */
	copy_templates(f);
	put_file(f, "mensajes_estado.txt", "[estado.reporte_esperar]\n"
	    "Espere {{#if horas}} la revisión\n");
	open_fails(f, "%s/mensajes_estado.txt:2: {{#if horas}} no se cierra");
	copy_templates(f);
	put_file(f, "mensajes_estado.txt", "[estado.reporte_esperar]\n"
	    "Espere {{horas\n");
	open_fails(f, "%s/mensajes_estado.txt:2: etiqueta sin cerrar");

	/* a sentence C does not know (a misspelt name) */
	copy_templates(f);
	put_file(f, "mensajes_estado.txt", "\n[estado.reporte_esprar]\nX\n");
	open_fails(f, "%s/mensajes_estado.txt:2: frase desconocida "
	    "[estado.reporte_esprar]");

	/* a sentence in another group's file */
	copy_templates(f);
	put_file(f, "mensajes_otro.txt", "[estado.reporte_esperar]\nX\n");
	open_fails(f, "%s/mensajes_otro.txt:1: la frase "
	    "[estado.reporte_esperar] va en el archivo mensajes_estado.txt");

	/* a sentence twice */
	copy_templates(f);
	put_file(f, "mensajes_zz.txt", "");
	{
		char *cmd = xasprintf("cat templates/mensajes_estado.txt "
		    "templates/mensajes_estado.txt > '%s/mensajes_estado.txt'",
		    f->tpl);
		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
	open_fails(f, "ya está en %s/mensajes_estado.txt:");

	/* text before any sentence */
	copy_templates(f);
	put_file(f, "mensajes_estado.txt", "# x\nHola\n");
	open_fails(f, "%s/mensajes_estado.txt:2: texto fuera de una frase");

	/* a sentence without text */
	copy_templates(f);
	put_file(f, "mensajes_estado.txt", "[estado.reporte_esperar]\n\n");
	open_fails(f, "%s/mensajes_estado.txt:1: la frase "
	    "[estado.reporte_esperar] no tiene texto");

	/* a sentence missing: the file it belongs in, and its name */
	copy_templates(f);
	put_file(f, "mensajes_estado.txt", "");
	open_fails(f, "%s/mensajes_estado.txt: falta la frase [estado.");
}

/* C naming a variable the sentence does not declare is a programming
   error the test build stops on (say.h). */
static void
test_undeclared_value(void **state)
{
	struct fx *f = *state;
	struct letters *l = open_ok(&f->cfg);
	struct hctx ctx;
	int status;
	pid_t pid;

	ctx_with(&ctx, f, l);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		free(say(&ctx, S_ESTADO_REPORTE_ESPERAR, "hora=%d", 1));
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	letters_close(l);
}

/* The conversions say.h lists reach the text as printf writes them. */
static void
test_conversions(void **state)
{
	struct fx *f = *state;
	struct letters *l = open_ok(&f->cfg);
	struct hctx ctx;
	char *s;

	ctx_with(&ctx, f, l);
	s = say(&ctx, S_ESTADO_HORAS_FALTAN, "aceptadas=%zu en_revision=%u "
	    "faltan=%lld total=%ld", (size_t)180, 2u, -3LL, 480L);
	assert_string_equal(s, "Horas de servicio: 180 aceptadas, 2 en "
	    "revisión; le faltan -3 de 480.");
	free(s);
	/* no letters handle: the name, never an empty text */
	ctx.letters = NULL;
	s = say(&ctx, S_ESTADO_REPORTE_ESPERAR, "horas=%.1f", 1.25);
	assert_string_equal(s, "[estado.reporte_esperar]");
	free(s);
	letters_close(l);
}

/*
 * An upgrade adds templates and sentences; an institution's own copy
 * lacks them until someone copies them.  What the copy lacks comes from
 * the installed templates ([storage] default_templates) instead of
 * stopping the daemon, what the copy has wins, and an installed file of
 * another version (a sentence this one does not know) is no reason to
 * stop.  Without the installed templates, the missing ones stop it.
 */
static void
test_installed_fill(void **state)
{
	struct fx *f = *state;
	struct config cfg = f->cfg;
	struct letters *l;
	struct hctx ctx;
	char *inst = xasprintf("%s/inst", f->dir), *cmd, *s;

	copy_templates(f);
	cmd = xasprintf("rm '%s/reply_verificar.txt' && mkdir -p '%s' && "
	    "cp templates/*.txt '%s'/ && printf '\\n[estado.ya_no_existe]"
	    "\\nX\\n' >> '%s/mensajes_estado.txt'", f->tpl, inst, inst,
	    inst);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	put_file(f, "mensajes_estado.txt", "[estado.reporte_esperar]\n"
	    "Espere, por favor: {{horas}} horas.\n");
	open_fails(f, "%s: falta la plantilla reply_verificar.txt");

	cfg.templates = f->tpl;
	cfg.default_templates = inst;
	l = open_ok(&cfg);
	assert_true(letters_has(l, "reply_verificar"));
	ctx_with(&ctx, f, l);
	s = say(&ctx, S_ESTADO_REPORTE_ESPERAR, "horas=%d", 180);
	assert_string_equal(s, "Espere, por favor: 180 horas.");
	free(s);
	s = say(&ctx, S_ESTADO_DOCUMENTO_LLEGO, SAY_NONE);
	assert_string_equal(s, "llegó");
	free(s);
	letters_close(l);

	/* the same directory twice is one: nothing to fill from */
	cfg.default_templates = f->tpl;
	assert_int_equal(letters_open(&cfg, &l, (char[256]){0}, 256), -1);
	free(inst);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_words),
		cmocka_unit_test(test_every_sentence_shipped),
		cmocka_unit_test(test_every_sentence_listed),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_faults),
		cmocka_unit_test(test_installed_fill),
		cmocka_unit_test(test_undeclared_value),
		cmocka_unit_test(test_conversions),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
