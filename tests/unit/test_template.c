/* SPDX-License-Identifier: ISC */
/*
 * test_template.c - the template language (letters/template.c), the
 * letter structure built from it (letters/letterdoc.c), the schema
 * registry and the canonical JSON of template data.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "letters/doc.h"
#include "letters/schema.h"
#include "letters/template.h"
#include "letters/vars_int.h"

/* Render src (for a reply_* template) with v; returns a new string. */
static char *
render(const char *src, const struct vars *v, enum tpl_mode mode)
{
	struct tpl *t = NULL;
	char err[512];
	struct buf out;
	const struct vars *scopes[1] = {v};

	if (tpl_parse("t.txt", src, strlen(src), schema_find("reply_prueba"),
	    &t, err, sizeof(err)) != 0)
		fail_msg("parse failed: %s", err);
	buf_init(&out);
	tpl_render(t, scopes, 1, mode, &out);
	tpl_free(t);
	return buf_steal(&out);
}

/* The error a broken template gives, for schema of template name. */
static void
parse_error(const char *name, const char *src, const char *want)
{
	struct tpl *t = NULL;
	char err[512] = "";

	assert_int_equal(tpl_parse("plantilla.txt", src, strlen(src),
	    schema_find(name), &t, err, sizeof(err)), -1);
	assert_null(t);
	if (strstr(err, want) == NULL)
		fail_msg("error \"%s\" lacks \"%s\"", err, want);
}

static void
test_values_and_filter(void **state)
{
	struct vars *v = vars_new();
	char *s;

	(void)state;
	vars_set(v, "alumno.nombre", "María Núñez Güemes");
	vars_set(v, "alumno.matricula", "2021030456");
	s = render("Hola, {{ alumno.nombre }} ({{alumno.matricula}}), "
	    "{{alumno.nombre|mayusculas}}; [{{alumno.carrera}}]", v,
	    TPL_PLAIN);
	assert_string_equal(s, "Hola, María Núñez Güemes (2021030456), "
	    "MARÍA NÚÑEZ GÜEMES; []");
	free(s);
	vars_set(v, "alumno.nombre", "Ana");	/* replaces */
	s = render("{{alumno.nombre}}", v, TPL_PLAIN);
	assert_string_equal(s, "Ana");
	free(s);
	vars_free(v);
}

static void
test_conditions(void **state)
{
	struct vars *v = vars_new();
	char *s;

	(void)state;
	vars_set(v, "motivo", "x");
	vars_set(v, "codigo", "");
	s = render("{{#if motivo}}A{{else}}B{{/if}}{{#if codigo}}C{{else}}D"
	    "{{/if}}{{#unless codigo}}E{{/unless}}{{#if avisos}}F{{/if}}", v,
	    TPL_PLAIN);
	assert_string_equal(s, "ADE");
	free(s);
	vars_set(vars_list_add(v, "avisos"), "descripcion", "uno");
	s = render("{{#if avisos}}F{{/if}}", v, TPL_PLAIN);
	assert_string_equal(s, "F");
	free(s);
	vars_free(v);
}

static void
test_each(void **state)
{
	struct vars *v = vars_new();
	char *s;

	(void)state;
	vars_set(v, "rol", "alumno");
	vars_set(vars_list_add(v, "comandos"), "codigo", "AYUDA");
	vars_set(vars_list_add(v, "comandos"), "codigo", "ESTADO");
	s = render("{{#each comandos}}{{indice}}. {{codigo}} ({{rol}})\n"
	    "{{/each}}", v, TPL_PLAIN);
	assert_string_equal(s, "1. AYUDA (alumno)\n2. ESTADO (alumno)\n");
	free(s);
	s = render("[{{#each faltantes}}x{{/each}}]", v, TPL_PLAIN);
	assert_string_equal(s, "[]");
	free(s);
	vars_free(v);
}

/* A block tag alone on its line takes the line; comments vanish. */
static void
test_standalone_lines(void **state)
{
	struct vars *v = vars_new();
	char *s;

	(void)state;
	vars_set(v, "motivo", "m");
	vars_set(vars_list_add(v, "avisos"), "descripcion", "uno");
	vars_set(vars_list_add(v, "avisos"), "descripcion", "dos");
	s = render("# comentario\n"
	    "Inicio\n"
	    "  {{#if motivo}}\n"
	    "Motivo: {{motivo}}\n"
	    "{{else}}\n"
	    "Sin motivo\n"
	    "{{/if}}\n"
	    "{{! un comentario\n    de dos líneas }}\n"
	    "{{#each avisos}}\n"
	    "- {{descripcion}}\n"
	    "{{/each}}\n"
	    "## no es comentario\n"
	    "#\n"
	    "Fin {{#if motivo}}sí{{/if}}\n", v, TPL_PLAIN);
	assert_string_equal(s, "Inicio\nMotivo: m\n- uno\n- dos\n"
	    "## no es comentario\nFin sí\n");
	free(s);
	vars_free(v);
}

/* Marked values cannot carry markup or line breaks into a letter. */
static void
test_marked_values(void **state)
{
	struct vars *v = vars_new();
	char *s;

	(void)state;
	vars_set(v, "motivo", "a\n\n---\r\tb");
	s = render("x{{motivo}}y", v, TPL_MARKED);
	assert_string_equal(s, "x\001a  ---  b\002y");
	free(s);
	vars_free(v);
}

static void
test_errors(void **state)
{
	(void)state;
	parse_error("reply_prueba", "uno\ndos {{alumno.nombr}}\n",
	    "plantilla.txt:2: variable desconocida {{alumno.nombr}}");
	parse_error("reply_prueba", "{{#if motivo}}\nA\n\nB\n",
	    "plantilla.txt:1: {{#if motivo}} no se cierra");
	parse_error("reply_prueba", "a\n{{/if}}\n",
	    "plantilla.txt:2: {{/if}} sin bloque abierto");
	parse_error("reply_prueba", "{{#each avisos}}\n{{#if motivo}}\n"
	    "{{/each}}\n", "plantilla.txt:3: {{/each}} cierra {{#if motivo}} "
	    "abierto en la línea 2");
	parse_error("reply_prueba", "x\n\n{{else}}\n",
	    "plantilla.txt:3: {{else}} fuera de");
	parse_error("reply_prueba", "{{#if motivo}}a{{else}}b{{else}}c{{/if}}",
	    "segundo {{else}}");
	parse_error("reply_prueba", "a\nb {{alumno.nombre\n}}",
	    "plantilla.txt:2: etiqueta sin cerrar");
	parse_error("reply_prueba", "{{Alumno.Nombre}}",
	    "nombre de variable no válido");
	parse_error("reply_prueba", "{{motivo|minusculas}}",
	    "filtro desconocido");
	parse_error("reply_prueba", "{{#each motivo}}{{/each}}",
	    "\"motivo\" no es una lista");
	parse_error("reply_prueba", "{{avisos}}", "{{avisos}} es una lista");
	parse_error("reply_prueba", "{{#with x}}", "bloque desconocido");
	parse_error("reply_prueba", "{{#each avisos}}{{clave}}{{/each}}",
	    "variable desconocida {{clave}}");
	parse_error("reply_prueba", "{{}}", "etiqueta vacía");
	parse_error("reply_prueba", "caf\xe9", "no es texto UTF-8");
	/* A letter's own schema: no mail-only values. */
	parse_error("constancia", "{{remitente.correo}}",
	    "variable desconocida {{remitente.correo}}");
	parse_error("constancia", "{{#each actividades}}{{/each}}",
	    "lista desconocida");
}

static void
test_schema(void **state)
{
	const struct schema *s;

	(void)state;
	s = schema_find("aceptacion");
	assert_non_null(s);
	assert_true(schema_value(s, "alumno.nombre"));
	assert_true(schema_value(s, "institucion.nombre"));
	assert_true(schema_list(s, "actividades"));
	assert_true(schema_item(s, "actividades", "descripcion"));
	assert_true(schema_item(s, "actividades", "indice"));
	assert_false(schema_value(s, "actividades[]"));
	assert_false(schema_value(s, "gerente.nombre"));
	assert_true(schema_value(schema_find("liberacion"), "gerente.nombre"));
	assert_non_null(schema_find("reply_lo_que_sea"));
	assert_null(schema_find("plantilla_rara"));
	assert_true(schema_is_letter("convenio"));
	assert_false(schema_is_letter("reply_verificar"));
	assert_true(schema_institution_key("coordinacion.nombre"));
	assert_false(schema_institution_key("institucion.nombre"));
}

static void
test_json(void **state)
{
	struct vars *v = vars_new(), *item;
	struct buf b;

	(void)state;
	vars_set(v, "z", "último");
	vars_set(v, "a", "comillas \" y \\ y\nlínea\x01");
	item = vars_list_add(v, "a");
	vars_set(item, "k", "1");
	buf_init(&b);
	vars_json(v, &b);
	assert_string_equal(b.data, "{\"a\":\"comillas \\\" y \\\\ y\\nlínea"
	    "\\u0001\",\"a[]\":[{\"k\":\"1\"}],\"z\":\"último\"}");
	buf_free(&b);
	vars_free(v);
}

/* ---- letters: front matter and blocks ---- */

static void
parse_doc(const char *text, struct letter_doc *doc)
{
	letterdoc_parse(text, strlen(text), doc);
}

static void
test_letterdoc(void **state)
{
	struct letter_doc d;

	(void)state;
	parse_doc("\n---\n"
	    "titulo: CARTA \001X\002\n"
	    "destinatario: Uno\n"
	    "destinatario: \001\002\n"
	    "destinatario: Dos\n"
	    "firma: \001Ana | Pérez\002 | Jefa | \n"
	    "firma: Luis\n"
	    "ccp: Archivo.\n"
	    "fuente: times\n"
	    "---\n"
	    "Primer párrafo\n"
	    "en dos líneas con **negritas \001y valor\002**.\n"
	    "\n"
	    "## TÍTULO\n"
	    "- uno\n"
	    "  sigue uno\n"
	    "- dos\n"
	    "\n"
	    "| línea tal cual\n"
	    "|\n"
	    "\001**no negritas**\002\n", &d);
	assert_string_equal(d.titulo, "CARTA X");
	assert_int_equal(d.destinatario.n, 2);
	assert_string_equal(d.destinatario.v[1], "Dos");
	assert_int_equal(d.nfirmas, 2);
	assert_int_equal(d.firmas[0].n, 2);
	assert_string_equal(d.firmas[0].v[0], "Ana | Pérez");
	assert_string_equal(d.firmas[0].v[1], "Jefa");
	assert_int_equal(d.ccp.n, 1);
	assert_int_equal(d.font, FONT_TIMES);
	assert_null(d.lema);
	assert_int_equal(d.nblocks, 7);
	assert_int_equal(d.blocks[0].kind, BLK_PARA);
	assert_int_equal(d.blocks[0].nspans, 3);
	assert_string_equal(d.blocks[0].spans[0].text,
	    "Primer párrafo en dos líneas con ");
	assert_string_equal(d.blocks[0].spans[1].text, "negritas y valor");
	assert_true(d.blocks[0].spans[1].bold);
	assert_int_equal(d.blocks[1].kind, BLK_HEADING);
	assert_int_equal(d.blocks[2].kind, BLK_ITEM);
	assert_string_equal(d.blocks[2].spans[0].text, "uno");
	assert_string_equal(d.blocks[2].spans[1].text, " sigue uno");
	assert_true(d.blocks[3].tight);
	assert_int_equal(d.blocks[4].kind, BLK_LINE);
	assert_false(d.blocks[4].tight);
	assert_int_equal(d.blocks[5].kind, BLK_LINE);
	assert_int_equal(d.blocks[5].nspans, 0);
	/* A value's asterisks are text, not bold. */
	assert_int_equal(d.blocks[6].kind, BLK_PARA);
	assert_int_equal(d.blocks[6].nspans, 1);
	assert_false(d.blocks[6].spans[0].bold);
	assert_string_equal(d.blocks[6].spans[0].text, "**no negritas**");
	letterdoc_free(&d);
}

/* No front matter: everything is body. */
static void
test_letterdoc_no_front(void **state)
{
	struct letter_doc d;

	(void)state;
	parse_doc("titulo: no es clave\n", &d);
	assert_null(d.titulo);
	assert_int_equal(d.nblocks, 1);
	letterdoc_free(&d);
}

static void
check_error(const char *src, const char *want)
{
	char err[512] = "";

	assert_int_equal(letterdoc_check("carta.txt", src, strlen(src), err,
	    sizeof(err)), -1);
	if (strstr(err, want) == NULL)
		fail_msg("error \"%s\" lacks \"%s\"", err, want);
}

static void
test_letterdoc_check(void **state)
{
	const char *good = "# c\n---\ntitulo: X\n{{#if a}}\nlema: y\n{{/if}}\n"
	    "---\nTexto **bien**\ncerrado.\n\n- **a** b\n";
	char err[256];

	(void)state;
	assert_int_equal(letterdoc_check("carta.txt", good, strlen(good), err,
	    sizeof(err)), 0);
	check_error("---\ntitulo: X\nfimra: Y\n---\n",
	    "carta.txt:3: clave desconocida \"fimra\"");
	check_error("---\ntitulo: X\n", "falta la línea \"---\"");
	check_error("---\nsin dos puntos\n---\n", "carta.txt:2: se esperaba");
	check_error("---\n---\nuno\ndos **tres\n\ncuatro\n",
	    "carta.txt:3: \"**\" sin cerrar");
	check_error("---\n---\n\n- uno **dos\n", "carta.txt:4: \"**\" sin "
	    "cerrar en esta línea");
}

/*
 * Names are found whole: among names sharing their first byte, one the
 * prefix of another, the empty name, and after a value is replaced
 * (issue 15: the first byte is compared before the rest).
 */
static void
test_var_names(void **state)
{
	struct vars *v = vars_new();

	(void)state;
	vars_set(v, "alumno.nombre", "Ana");
	vars_set(v, "alumno", "A");
	vars_set(v, "alumno.nombres", "Ana María");
	vars_set(v, "", "vacío");
	vars_set(v, "b", "B");
	assert_string_equal(vars_get(v, "alumno.nombre"), "Ana");
	assert_string_equal(vars_get(v, "alumno"), "A");
	assert_string_equal(vars_get(v, "alumno.nombres"), "Ana María");
	assert_string_equal(vars_get(v, ""), "vacío");
	assert_string_equal(vars_get(v, "b"), "B");
	assert_null(vars_get(v, "alumno.nom"));
	assert_null(vars_get(v, "a"));
	assert_null(vars_get(v, "blumno"));
	vars_set(v, "alumno", "B");
	assert_string_equal(vars_get(v, "alumno"), "B");
	assert_string_equal(vars_get(v, "alumno.nombre"), "Ana");
	/* a value set from itself or from another one (name and value
	   share one allocation: ASan sees any use after its free) */
	vars_set(v, "alumno", vars_get(v, "alumno"));
	assert_string_equal(vars_get(v, "alumno"), "B");
	vars_set(v, "b", vars_get(v, "alumno.nombres"));
	assert_string_equal(vars_get(v, "b"), "Ana María");
	vars_set(v, "b", NULL);
	assert_string_equal(vars_get(v, "b"), "");
	for (int i = 0; i < 100; i++) {
		char name[16], value[16];

		snprintf(name, sizeof(name), "n%d", i);
		snprintf(value, sizeof(value), "v%d", i * 7);
		vars_set(v, name, value);
	}
	assert_string_equal(vars_get(v, "n0"), "v0");
	assert_string_equal(vars_get(v, "n99"), "v693");
	assert_string_equal(vars_get(v, "alumno.nombre"), "Ana");
	vars_free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_and_filter),
		cmocka_unit_test(test_var_names),
		cmocka_unit_test(test_conditions),
		cmocka_unit_test(test_each),
		cmocka_unit_test(test_standalone_lines),
		cmocka_unit_test(test_marked_values),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_schema),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_letterdoc),
		cmocka_unit_test(test_letterdoc_no_front),
		cmocka_unit_test(test_letterdoc_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
