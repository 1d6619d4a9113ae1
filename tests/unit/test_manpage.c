/* SPDX-License-Identifier: ISC */
/*
 * test_manpage.c - tequio.conf(5) cannot drift from the key table: every
 * key of config.c has an entry under its section's heading, with its type,
 * its default (or "Required") and an example line.  Keys added on other
 * branches only need their entry; nothing here lists the keys again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/util.h"
#include "config/config.h"

#define MAN_PAGE "man/tequio.conf.5"

static char *page;

/* The text of [section]'s part of the page, or NULL. */
static char *
section_text(const char *section)
{
	char *head = xasprintf(".Ss [%s]\n", section), *start, *end, *text;

	start = strstr(page, head);
	free(head);
	if (start == NULL)
		return NULL;
	end = strstr(start + 4, "\n.Ss ");
	if (end == NULL)
		end = strstr(start, "\n.Sh ");
	text = end ? xstrndup(start, (size_t)(end - start)) : xstrdup(start);
	return text;
}

/* The entry of key in sec (from its .It line to the next), or NULL. */
static char *
entry_text(const char *sec, const char *name, const char *type)
{
	char *it = xasprintf(".It Ic %s Ar %s\n", name, type), *start, *end;
	char *text = NULL;

	start = strstr(sec, it);
	if (start != NULL) {
		end = strstr(start + strlen(it), "\n.It ");
		if (end == NULL)
			end = strstr(start + strlen(it), "\n.El");
		text = end ? xstrndup(start, (size_t)(end - start)) :
		    xstrdup(start);
	}
	free(it);
	return text;
}

/* The default as the page writes it: the install prefix as PREFIX. */
static char *
default_text(const char *def)
{
	size_t n = strlen(TEQUIO_DATADIR);

	if (strncmp(def, TEQUIO_DATADIR, n) == 0)
		return xasprintf("PREFIX/share/tequio%s", def + n);
	return xstrdup(def);
}

static void
test_every_key_documented(void **state)
{
	const char *section, *name, *type, *def;
	int missing = 0;

	(void)state;
	for (size_t i = 0; i < config_key_count(); i++) {
		char *sec, *entry, *want, *example;

		config_key_info(i, &section, &name, &type, &def);
		sec = section_text(section);
		entry = sec ? entry_text(sec, name, type) : NULL;
		if (entry == NULL) {
			fprintf(stderr, "%s: no entry \".It Ic %s Ar %s\" under "
			    ".Ss [%s]\n", MAN_PAGE, name, type, section);
			missing++;
			free(sec);
			continue;
		}
		if (def == NULL)
			want = xstrdup(".Sy Required");
		else if (*def == '\0')
			want = xstrdup("Default: empty.");
		else {
			char *d = default_text(def);
			want = xasprintf("Default:\n.Ql %s .", d);
			free(d);
		}
		example = xasprintf("Example:\n.Dl %s = ", name);
		if (strstr(entry, want) == NULL) {
			fprintf(stderr, "%s: [%s] %s: the entry does not say "
			    "\"%s\"\n", MAN_PAGE, section, name, want);
			missing++;
		}
		if (strstr(entry, example) == NULL) {
			fprintf(stderr, "%s: [%s] %s: no example line\n",
			    MAN_PAGE, section, name);
			missing++;
		}
		free(example);
		free(want);
		free(entry);
		free(sec);
	}
	assert_int_equal(missing, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_key_documented),
	};
	size_t len;
	int rc;

	if (read_file(MAN_PAGE, 1 << 20, &page, &len) != 0) {
		fprintf(stderr, "test_manpage: cannot read %s\n", MAN_PAGE);
		return 1;
	}
	rc = cmocka_run_group_tests_name("manpage", tests, NULL, NULL);
	free(page);
	return rc;
}
