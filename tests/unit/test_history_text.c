/* SPDX-License-Identifier: ISC */
/*
 * test_history_text.c - a person's history in Spanish
 * (handlers/history_text.c): no state, event, outcome, status, kind of
 * matter or kind of letter reaches a coordinator as the database stores
 * it ("en_servicio", "processed", "presentacion"); a state added without
 * its words falls back to the workflow's sentence, never the stored word.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/util.h"
#include "handlers/history_text.h"
#include "handlers/workflow.h"
#include "store/store_roster.h"
#include "store/store_workflow.h"

static char *
text_of(const struct history_event *e)
{
	struct buf b;

	buf_init(&b);
	history_text(e, &b);
	buf_addc(&b, '\0');
	return buf_steal(&b);
}

static struct history_event
event_of(enum history_kind k)
{
	struct history_event e;

	memset(&e, 0, sizeof(e));
	e.kind = k;
	e.at = 1795000000;
	e.entity = e.event = e.from = e.to = e.who = e.note = e.name =
	    e.grade = "";
	return e;
}

/* Every state of every entity, in words without the stored '_'. */
static void
test_every_state(void **state)
{
	(void)state;
	for (int s = 0; s < ST__COUNT; s++) {
		const char *stored = wf_state_name((enum wf_state)s);
		const char *w = history_state_word(wf_state_entity(
		    (enum wf_state)s), stored);

		if (strchr(w, '_') != NULL || (strchr(stored, '_') != NULL &&
		    strcmp(w, stored) == 0))
			fail_msg("state %s reads \"%s\"", stored, w);
	}
	assert_string_equal(history_state_word(WF_SOLICITUD, "aceptada"),
	    "en servicio");
	assert_string_equal(history_account_state("dependencia",
	    "convenio_vigente"), "convenio vigente");
	assert_string_equal(history_account_state("alumno", "en_servicio"),
	    "en servicio");
}

/* Every event of the table, in words: none is "un cambio". */
static void
test_every_event(void **state)
{
	struct history_event e = event_of(HIST_AUDIT);

	(void)state;
	e.entity = "solicitud";
	e.from = "pendiente";
	e.to = "aceptada";
	e.who = "enlace@salud.gob.mx";
	for (int ev = 0; ev < EV__COUNT; ev++) {
		char *t;

		e.event = wf_event_name((enum wf_event)ev);
		t = text_of(&e);
		if (strstr(t, "un cambio") != NULL ||
		    (strchr(e.event, '_') != NULL && strstr(t, e.event)))
			fail_msg("event %s reads \"%s\"", e.event, t);
		free(t);
	}
	e.event = ROSTER_AUDIT_EVENT;
	e.from = e.to = "aceptada";
	e.note = "padrón de Servicios Escolares: créditos 80 % → 65 %";
	{
		char *t = text_of(&e);

		assert_string_equal(t, "solicitud 0: actualizar sus datos con "
		    "el padrón, por enlace@salud.gob.mx — padrón de Servicios "
		    "Escolares: créditos 80 % → 65 %");
		free(t);
	}
}

/* A decision's kind in the audit's note is said in words too. */
static void
test_matter_note(void **state)
{
	struct history_event e = event_of(HIST_AUDIT);
	char *t;

	(void)state;
	e.entity = "alumno";
	e.id = 3;
	e.event = "presentacion_aprobada";
	e.from = "presentacion_pendiente";
	e.to = "con_presentacion";
	e.who = "coordinacion@utv.edu.mx";
	e.note = MATTER_PRESENTACION;
	t = text_of(&e);
	assert_string_equal(t, "alumno 3: emitir la carta de presentación (de "
	    "«espera su carta de presentación» a «con carta de "
	    "presentación»), por coordinacion@utv.edu.mx — carta de "
	    "presentación");
	free(t);
	assert_string_equal(history_matter_word("excepcion_liberar"),
	    "liberación fuera de plazo");
	assert_string_equal(history_matter_word("algo_nuevo"), "asunto");
}

/* Mail in and out: outcomes and statuses in Spanish. */
static void
test_mail_words(void **state)
{
	static const char *const stored[] = {"processed", "quarantined",
	    "ignored"};
	static const char *const out[] = {"queued", "sent", "failed"};
	struct history_event e = event_of(HIST_MAIL_IN);
	char *t;

	(void)state;
	e.name = "REGISTRO";
	for (size_t i = 0; i < ARRAY_LEN(stored); i++) {
		e.to = stored[i];
		t = text_of(&e);
		if (strstr(t, stored[i]) != NULL)
			fail_msg("outcome %s reads \"%s\"", stored[i], t);
		free(t);
	}
	e = event_of(HIST_MAIL_OUT);
	e.name = "Re: REGISTRO";
	for (size_t i = 0; i < ARRAY_LEN(out); i++) {
		e.to = out[i];
		t = text_of(&e);
		if (strstr(t, out[i]) != NULL)
			fail_msg("status %s reads \"%s\"", out[i], t);
		free(t);
	}
	e = event_of(HIST_LETTER);
	e.entity = "liberacion";
	e.name = "SS-2027-000004";
	t = text_of(&e);
	assert_string_equal(t, "carta de liberación, folio SS-2027-000004");
	free(t);
	assert_string_equal(history_section(HIST_MAIL_IN), "correo recibido");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_state),
		cmocka_unit_test(test_every_event),
		cmocka_unit_test(test_matter_note),
		cmocka_unit_test(test_mail_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
