/* SPDX-License-Identifier: ISC */
/*
 * test_eligibility.c - who may register (handlers/roster.c), in process:
 * REGISTRO below [rules] min_credits is refused with the rule and creates
 * nothing; with Servicios Escolares' roster loaded, a matrícula not in it
 * or sent from another address than the roster's is refused, and the
 * account takes the roster's name, career and credits, not what was
 * typed (so the letters cite the school's data).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/log.h"
#include "common/util.h"
#include "config/config.h"
#include "handlers/authres.h"
#include "handlers/classify.h"
#include "handlers/docs.h"
#include "handlers/hutil.h"
#include "handlers/roster.h"
#include "handlers/workflow.h"
#include "outbox/outbox.h"
#include "spool/spool.h"
#include "store/store.h"
#include "store/store_roster.h"
#include "store/store_workflow.h"

#include "test_workflow_harness.h"

#define NOW	"1795000000"
#define MAILBOX	"servicio.social@utv.edu.mx"
#define ALU	"luis@alumnos.utv.edu.mx"
#define OTHER	"impostor@alumnos.utv.edu.mx"

struct world {
	struct harness h;
	char *ar;
};

static void
world_open(struct world *w)
{
	setenv("TEQUIO_NOW", NOW, 1);
	h_open(&w->h);
	w->ar = h_authres("alumnos.utv.edu.mx");
}

static void
world_close(struct world *w)
{
	free(w->ar);
	h_close(&w->h);
}

/* REGISTRO from `from` with the matrícula and the credits typed. */
static void
registro(struct world *w, const char *from, const char *matricula,
    const char *creditos, struct h_result *r)
{
	char *body = xasprintf("Matrícula: %s\nNombre: Luis Mora\n"
	    "Carrera: Ingeniería Civil\nCréditos: %s\n", matricula, creditos);

	h_send(&w->h, w->ar, from, MAILBOX, "REGISTRO", body, NULL, 0, r);
	assert_true(r->verified);
	free(body);
}

static int
registered(struct world *w, const char *email)
{
	struct wf_account a;
	int found = store_wf_account_by_email(w->h.st, email, &a);

	assert_true(found >= 0);
	if (found)
		wf_account_free(&a);
	return found;
}

static void
roster_add(struct world *w, const char *matricula, const char *nombre,
    const char *carrera, int creditos, const char *correo)
{
	struct roster_row row = {(char *)matricula, (char *)nombre,
	    (char *)carrera, creditos, (char *)correo};

	assert_int_equal(store_roster_put(w->h.st, &row, 1795000000), 0);
}

static void
test_parse(void **state)
{
	(void)state;
	assert_int_equal(credits_parse("75"), 75);
	assert_int_equal(credits_parse("75 %"), 75);
	assert_int_equal(credits_parse("69,9"), 69);	/* never rounded up */
	assert_int_equal(credits_parse("100"), 100);
	assert_int_equal(credits_parse("101"), -1);
	assert_int_equal(credits_parse("-1"), -1);
	assert_int_equal(credits_parse("setenta"), -1);
	assert_int_equal(credits_parse("nan"), -1);
	assert_int_equal(credits_parse(""), -1);
	assert_true(matricula_valid("A1234"));
	assert_false(matricula_valid("A1"));
	assert_false(matricula_valid("A1234; DROP"));
}

/* The student who typed 20 % got letters saying she met the academic
   requirements: now she gets the rule. */
static void
test_min_credits(void **state)
{
	struct world w;
	struct h_result r;

	(void)state;
	world_open(&w);
	registro(&w, ALU, "A1234", "20%", &r);
	h_contains(r.reply.body, "al menos el 70 % de los créditos");
	h_contains(r.reply.body, "usted indicó 20 %");
	h_contains(r.reply.body, "Cuando alcance el 70 %");
	assert_int_equal(r.n_out, 0);
	assert_false(registered(&w, ALU));
	h_result_free(&r);

	registro(&w, ALU, "A1234", "69,9", &r);
	h_contains(r.reply.body, "usted indicó 69 %");
	assert_false(registered(&w, ALU));
	h_result_free(&r);

	registro(&w, ALU, "A1234", "70", &r);
	h_contains(r.reply.body, "Registramos su cuenta");
	assert_true(registered(&w, ALU));
	h_result_free(&r);
	world_close(&w);
}

static void
test_roster(void **state)
{
	struct world w;
	struct h_result r;
	struct wf_student s;
	struct wf_account a;

	(void)state;
	world_open(&w);
	roster_add(&w, "A1234", "Luis Mora Pérez", "Derecho", 85, ALU);
	roster_add(&w, "B5555", "Eva Ruiz", "Derecho", 50, "eva@alumnos.utv.edu.mx");

	/* Not in the roster. */
	registro(&w, ALU, "Z9999", "90", &r);
	h_contains(r.reply.body, "no aparece en el padrón");
	h_contains(r.reply.body, "Servicios Escolares");
	assert_false(registered(&w, ALU));
	h_result_free(&r);

	/* Someone else's matrícula, from another address. */
	registro(&w, OTHER, "A1234", "90", &r);
	h_contains(r.reply.body, "con otra dirección de correo");
	h_lacks(r.reply.body, ALU);	/* the roster's address stays private */
	assert_false(registered(&w, OTHER));
	h_result_free(&r);

	/* The roster's credits count, not the ones typed. */
	registro(&w, "eva@alumnos.utv.edu.mx", "B5555", "95", &r);
	h_contains(r.reply.body, "según el padrón de Servicios Escolares "
	    "usted lleva 50 %");
	assert_false(registered(&w, "eva@alumnos.utv.edu.mx"));
	h_result_free(&r);

	/* Registered with the roster's data; typed differently. */
	registro(&w, ALU, "a1234", "99", &r);
	h_contains(r.reply.body, "Usamos los datos del padrón");
	h_contains(r.reply.body, "Registramos su cuenta");
	h_result_free(&r);
	assert_int_equal(store_wf_account_by_email(w.h.st, ALU, &a), 1);
	assert_string_equal(a.name, "Luis Mora Pérez");
	assert_int_equal(store_wf_student_get(w.h.st, a.id, &s), 1);
	assert_string_equal(s.carrera, "Derecho");
	assert_int_equal(s.creditos, 85);
	wf_student_free(&s);
	wf_account_free(&a);
	world_close(&w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_min_credits),
		cmocka_unit_test(test_roster),
	};

	log_set_level(LOG_LVL_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
