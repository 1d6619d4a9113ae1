/* SPDX-License-Identifier: ISC */
/*
 * cmd_history.c - tequioctl history MATRÍCULA|RFC|CORREO: one student's
 * or agency's whole history at the console, for the coordinator who has
 * someone on the phone: who they are, then every event in time order
 * (store_history.h), dated in the institution's zone.  Finished and
 * cancelled students are included: nothing is filtered by state.
 *
 * Text in the database came from users: control characters are replaced
 * before they reach the terminal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/caldate.h"
#include "common/util.h"
#include "ctl/ctl.h"
#include "handlers/desk.h"
#include "store/store.h"
#include "store/store_history.h"
#include "store/store_workflow.h"

static void
event(void *arg, int64_t at, const char *section, const char *text)
{
	char date[40];

	(void)arg;
	iso8601_local(at, date, sizeof(date));
	printf("%-25s  %-15s  ", date, section);
	ctl_put_clean(stdout, text);
	putchar('\n');
}

static void
print_who(struct store *st, const struct wf_account *a)
{
	struct wf_student s;
	struct wf_agency g;
	char date[40];

	iso8601_local(a->created, date, sizeof(date));
	printf("Cuenta %lld (%s): ", (long long)a->id, a->role);
	ctl_put_clean(stdout, a->name);
	printf(" <");
	ctl_put_clean(stdout, a->email);
	printf(">\nEstado: ");
	ctl_put_clean(stdout, a->state);
	printf("; alta %s\n", date);
	if (store_wf_student_get(st, a->id, &s) == 1) {
		printf("Matrícula ");
		ctl_put_clean(stdout, s.matricula);
		printf(", carrera ");
		ctl_put_clean(stdout, s.carrera);
		printf(", %d %% de créditos\n", s.creditos);
		wf_student_free(&s);
	}
	if (store_wf_agency_get(st, a->id, &g) == 1) {
		printf("RFC ");
		ctl_put_clean(stdout, g.rfc);
		printf(", tipo ");
		ctl_put_clean(stdout, g.tipo);
		printf(", representante ");
		ctl_put_clean(stdout, g.representante);
		printf("\n");
		wf_agency_free(&g);
	}
	printf("\n");
}

int
ctl_history(const struct config *cfg, int argc, char **argv)
{
	struct store *st = NULL;
	struct wf_account a;
	int64_t id = 0;
	int r, rc = 3;

	if (argc != 2) {
		fprintf(stderr, "uso: tequioctl history "
		    "MATRÍCULA|RFC|CORREO\n");
		return 2;
	}
	if (ctl_open_store(cfg, &st) != 0)
		return 3;
	if ((r = account_find(st, argv[1], &id)) <= 0) {
		if (r == 0) {
			fprintf(stderr, "tequioctl: nadie con la matrícula, el "
			    "RFC o el correo «%s»\n", argv[1]);
			rc = 1;
		}
		goto out;
	}
	if (store_wf_account_by_id(st, id, &a) != 1)
		goto out;
	print_who(st, &a);
	if (store_history(st, a.id, a.email, event, NULL) == 0)
		rc = 0;
	wf_account_free(&a);
out:
	store_close(st);
	return rc;
}
