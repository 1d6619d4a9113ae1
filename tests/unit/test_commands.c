/* SPDX-License-Identifier: ISC */
/*
 * test_commands.c - the command table (handlers/commands.def) walked line
 * by line: every command has a code and at least one use; every use has
 * a handler, a usage, a help line and at least one role, and the reader
 * takes its usage for that very command; every spelling and reply verb is
 * written folded and read back as its command; two uses of one command
 * never share a role.  And the one fact the old copies disagreed on:
 * REPORTE ALUMNOS changes state for an agency (it answers a request) and
 * not for the coordination.  AYUDA's list per role is checked through
 * the whole pipeline in test_workflow_refusals.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/util.h"
#include "handlers/classify.h"
#include "handlers/commands.h"
#include "handlers/hutil.h"

/* The table's own spellings and verbs, read here as the reader reads
   them (the reader's copies are private to classify.c and cmdread.c). */
static const struct {
	enum command cmd;
	const char *words;
} spellings[] = {
#define SPELLING(name, words) {CMD_##name, words},
#include "handlers/commands.def"
}, verbs[] = {
#define REPLY_VERB(name, words) {CMD_##name, words},
#include "handlers/commands.def"
};

static size_t
uses_of(enum command c)
{
	size_t n = 0;

	for (size_t i = 0; i < command_table_len; i++)
		if (command_table[i].cmd == c)
			n++;
	return n;
}

static void
test_every_command_has_a_use(void **state)
{
	(void)state;
	assert_string_equal(command_code(CMD_NONE), "");
	assert_int_equal(uses_of(CMD_NONE), 0);
	for (int c = CMD_NONE + 1; c < CMD__COUNT; c++) {
		const char *code = command_code((enum command)c);

		assert_true(code[0] != '\0');
		/* codes are compared without case against folded words:
		   they must be plain upper-case ASCII words */
		for (const char *p = code; *p; p++)
			assert_true((*p >= 'A' && *p <= 'Z') || *p == ' ');
		if (uses_of((enum command)c) == 0)
			fail_msg("%s has no USE line", code);
	}
}

static void
test_every_use_is_complete(void **state)
{
	(void)state;
	assert_true(command_table_len > 0);
	for (size_t i = 0; i < command_table_len; i++) {
		const struct command_def *d = &command_table[i];
		const char *code = command_code(d->cmd);

		assert_true(d->cmd > CMD_NONE && d->cmd < CMD__COUNT);
		assert_non_null(d->fn);
		assert_non_null(d->usage);
		assert_non_null(d->help);
		assert_true(d->help[0] != '\0');
		/* the usage starts with the code, as a Subject would */
		assert_true(strncmp(d->usage, code, strlen(code)) == 0);
		if ((d->roles & ROLES_ALL) == 0)
			fail_msg("%s has no role", d->usage);
		/* listed to a student without an account: a student's */
		if (d->roles & ROLE_BIT_NEWCOMER)
			assert_true(d->roles & ROLE_BIT(ROLE_ALUMNO));
		/* a decision token proves a sender: only where it matters */
		if (d->token != RTOK_NONE)
			assert_true(d->changes_state);
		/* command_find would never reach a second use of a role */
		for (size_t j = i + 1; j < command_table_len; j++)
			if (command_table[j].cmd == d->cmd &&
			    (command_table[j].roles & d->roles & ROLES_ALL))
				fail_msg("%s: two uses for one role", d->usage);
	}
}

static void
test_usage_is_read_as_its_command(void **state)
{
	(void)state;
	for (size_t i = 0; i < command_table_len; i++) {
		const struct command_def *d = &command_table[i];
		struct command_line cl;
		char *subject = xasprintf("RE: %s", d->usage);

		classify_command(d->usage, "", 0, &cl);
		if (cl.cmd != d->cmd)
			fail_msg("usage «%s» is read as «%s»", d->usage,
			    cl.code);
		command_line_free(&cl);
		classify_command(subject, "", 0, &cl);
		assert_int_equal(cl.cmd, d->cmd);
		command_line_free(&cl);
		free(subject);
	}
}

static void
test_spellings_are_folded_and_read(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(spellings); i++) {
		struct command_line cl;
		char *folded = fold_spanish(spellings[i].words);
		char *upper = ascii_upper_inplace(xstrdup(spellings[i].words));

		/* an accent or a capital here would never match */
		assert_string_equal(folded, spellings[i].words);
		classify_command(spellings[i].words, "", 0, &cl);
		if (cl.cmd != spellings[i].cmd)
			fail_msg("spelling «%s» is read as «%s»",
			    spellings[i].words, cl.code);
		command_line_free(&cl);
		classify_command(upper, "", 0, &cl);
		assert_int_equal(cl.cmd, spellings[i].cmd);
		command_line_free(&cl);
		free(upper);
		free(folded);
	}
}

static void
test_reply_verbs_are_folded_and_read(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(verbs); i++) {
		char *folded = fold_spanish(verbs[i].words);
		char *args = NULL, *question = NULL;
		char *body = xasprintf("Buenas tardes:\n\n%s\n", verbs[i].words);

		assert_string_equal(folded, verbs[i].words);
		if (reply_verb_read(body, &args, &question) != verbs[i].cmd)
			fail_msg("reply verb «%s» is not read", verbs[i].words);
		free(args);
		free(question);
		free(body);
		free(folded);
	}
}

/*
 * REPORTE ALUMNOS: an agency's answers the coordination's request (a
 * state change: verified sender or confirmation), the coordination's only
 * reads.  The old copies said "changes state" in one place and "reads" in
 * another.
 */
static void
test_reporte_alumnos_changes_state_for_an_agency_only(void **state)
{
	const struct command_def *dep, *coord;

	(void)state;
	dep = command_find(CMD_REPORTE_ALUMNOS, ROLE_DEPENDENCIA);
	coord = command_find(CMD_REPORTE_ALUMNOS, ROLE_COORDINADOR);
	assert_non_null(dep);
	assert_non_null(coord);
	assert_ptr_not_equal(dep, coord);
	assert_true(dep->changes_state);
	assert_int_equal(dep->token, RTOK_PETICION);
	assert_false(coord->changes_state);
	assert_null(command_find(CMD_REPORTE_ALUMNOS, ROLE_ALUMNO));
	/* without a role: whether some use changes state */
	assert_true(command_changes_state(CMD_REPORTE_ALUMNOS));
	for (int c = CMD_NONE + 1; c < CMD__COUNT; c++) {
		int some = 0;

		for (size_t i = 0; i < command_table_len; i++)
			if (command_table[i].cmd == (enum command)c)
				some |= command_table[i].changes_state;
		assert_int_equal(command_changes_state((enum command)c), some);
	}
}

/* The yes-words of a reply stand in for each other (intent.c): each role
   that decides has exactly one. */
static void
test_one_yes_per_role(void **state)
{
	(void)state;
	for (int r = ROLE_NONE; r <= ROLE_COORDINADOR; r++) {
		int yes = 0;

		for (int c = CMD_NONE + 1; c < CMD__COUNT; c++)
			if ((command_flags((enum command)c) & CMDF_YES) &&
			    command_find((enum command)c, (enum role)r))
				yes++;
		assert_true(yes <= 1);
	}
	assert_true(command_flags(CMD_APROBAR) & CMDF_YES);
	assert_true(command_flags(CMD_ACEPTAR) & CMDF_YES);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_command_has_a_use),
		cmocka_unit_test(test_every_use_is_complete),
		cmocka_unit_test(test_usage_is_read_as_its_command),
		cmocka_unit_test(test_spellings_are_folded_and_read),
		cmocka_unit_test(test_reply_verbs_are_folded_and_read),
		cmocka_unit_test(
		    test_reporte_alumnos_changes_state_for_an_agency_only),
		cmocka_unit_test(test_one_yes_per_role),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
