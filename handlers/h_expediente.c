/* SPDX-License-Identifier: ISC */
/*
 * h_expediente.c - the coordinators' desk by mail (issue 11).
 *
 * EXPEDIENTE <matrícula|correo|RFC> [con cartas]: one person's whole file
 * as a PDF and CSV (store_history.h: applications, reports with hours and
 * grades, decisions with who and why, letters by folio, mail, the audit
 * trail), finished students included; "con cartas" attaches every letter
 * issued to them, rendered again from the register (letters_reissue), so
 * a file is complete even after the PDFs left the outbox.  Handing a
 * person's file to a coordinator is a disclosure: it goes in the access
 * log.
 *
 * ESTADISTICAS is in h_estadisticas.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/util.h"
#include "handlers/commands.h"
#include "handlers/desk.h"
#include "handlers/history_text.h"
#include "handlers/hutil.h"
#include "handlers/say.h"
#include "letters/letters.h"
#include "letters/report.h"
#include "store/store_history.h"
#include "store/store_privacy.h"
#include "store/store_workflow.h"

int
account_find(struct store *st, const char *what, int64_t *id)
{
	struct wf_account a;
	struct wf_student s;
	char *m;
	int r;

	if (strchr(what, '@') != NULL) {
		char *lower = ascii_lower_inplace(xstrdup(what));

		r = store_wf_account_by_email(st, lower, &a);
		free(lower);
		if (r == 1) {
			*id = a.id;
			wf_account_free(&a);
		}
		return r;
	}
	m = matricula_normalize(what);
	r = store_wf_student_by_matricula(st, m, &s);
	free(m);
	if (r != 0) {
		if (r == 1)
			*id = s.account_id;
		wf_student_free(&s);
		return r;
	}
	return store_wf_agency_find(st, what, id);
}

/* "18/11/2026 05:06", local time. */
static void
date_time(int64_t when, char out[32])
{
	time_t t = (time_t)when;
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(out, 32, "%d/%m/%Y %H:%M", &tm) == 0)
		str_lcpy(out, "-", 32);
}

static void
history_row(void *arg, const struct history_event *e)
{
	struct report_table *t = arg;
	struct buf text;
	char when[32];
	const char *row[3];

	buf_init(&text);
	history_text(e, &text);
	buf_addc(&text, '\0');
	date_time(e->at, when);
	row[0] = when;
	row[1] = history_section(e->kind);
	row[2] = text.data;
	report_add_row(t, row);
	buf_free(&text);
}

/* "Matrícula A1234 · Derecho · 80 % de créditos · estado registrado". */
static char *
who_line(struct store *st, const struct wf_account *a)
{
	struct wf_student s;
	struct wf_agency g;
	char *line;

	if (store_wf_student_get(st, a->id, &s) == 1) {
		line = xasprintf("%s · matrícula %s · %s · %d %% de créditos · "
		    "%s", a->email, s.matricula, s.carrera, s.creditos,
		    history_account_state(a->role, a->state));
		wf_student_free(&s);
	} else if (store_wf_agency_get(st, a->id, &g) == 1) {
		line = xasprintf("%s · RFC %s · %s · %s", a->email,
		    g.rfc, g.tipo, history_account_state(a->role, a->state));
		wf_agency_free(&g);
	} else
		line = xasprintf("%s · %s", a->email,
		    history_account_state(a->role, a->state));
	return line;
}

/* Every letter issued to a, rendered again, attached. */
static int
attach_letters(struct hctx *ctx, const struct wf_account *a, size_t *n)
{
	char **folios = NULL;
	size_t nf = 0;
	int rc = 0;

	*n = 0;
	if (store_history_folios(ctx->st, a->email, &folios, &nf) != 0)
		return -1;
	for (size_t i = 0; i < nf && rc == 0; i++) {
		struct letters_reissued r;
		char *name;

		if (letters_reissue(ctx->letters, ctx->st, folios[i], NULL,
		    &r) != 1) {
			tr_say(ctx, TR_STATE, S_EXPEDIENTE_CARTA_NO_GENERADA,
			    "folio=%s", folios[i]);
			continue;
		}
		name = xasprintf("%s-%s.pdf", r.kind, r.folio);
		reply_attach(&ctx->reply, name, "application/pdf", r.pdf.data,
		    r.pdf.len);
		free(name);
		letters_reissued_free(&r);
		(*n)++;
	}
	for (size_t i = 0; i < nf; i++)
		free(folios[i]);
	free(folios);
	return rc;
}

static int
send_file(struct hctx *ctx, const struct wf_account *a, int with_letters)
{
	static const char *const cols[] = {"Fecha", "Qué", "Detalle"};
	struct report_table *t = report_new("Expediente", cols, 3);
	char *title = xasprintf("Expediente de %s", a->name);
	char *sub = who_line(ctx->st, a), *name;
	size_t letters = 0;
	int rc = -1;

	free(t->title);
	t->title = title;
	report_set_subtitle(t, sub);
	if (store_history(ctx->st, a->id, a->email, history_row, t) != 0)
		goto out;
	name = xasprintf("expediente-%lld", (long long)a->id);
	rc = report_attach(ctx, t, name);
	free(name);
	if (rc != 0 || (with_letters && attach_letters(ctx, a, &letters) != 0))
		goto out;
	if (store_access_log_add(ctx->st, ctx->now, ctx->msg->from_addr, a->id,
	    "expediente", ctx->msg_row) != 0)
		goto out;
	tr_say(ctx, TR_DONE, S_EXPEDIENTE_PREPARAMOS, "nombre=%s n=%zu "
	    "plural=%s con_cartas=%s", a->name, t->nrows, t->nrows == 1 ? "" :
	    "sí", with_letters ? "sí" : "");
	if (with_letters)
		tr_say(ctx, TR_DONE, S_EXPEDIENTE_ADJUNTAMOS_CARTAS, "n=%zu",
		    letters);
	rc = 0;
out:
	free(sub);
	report_free(t);
	return rc;
}

int
h_expediente(struct hctx *ctx)
{
	char *who = hctx_arg_word(ctx, 0), *rest = hctx_arg_rest(ctx, 1), *folded;
	struct wf_account a;
	int64_t id = 0;
	int r, rc = -1, with_letters;

	folded = fold_spanish(rest);
	with_letters = strstr(folded, "carta") != NULL;
	if (who == NULL || *who == '\0') {
		tr_say(ctx, TR_ERROR, S_EXPEDIENTE_FALTA_QUIEN, SAY_NONE);
		rc = 0;
		goto out;
	}
	if ((r = account_find(ctx->st, who, &id)) <= 0) {
		if (r == 0) {
			tr_say(ctx, TR_ERROR, S_EXPEDIENTE_NO_ENCONTRAMOS,
			    "quien=%s", who);
			tr_say(ctx, TR_NEXT, S_EXPEDIENTE_REVISE, SAY_NONE);
			rc = 0;
		}
		goto out;
	}
	if (store_wf_account_by_id(ctx->st, id, &a) != 1)
		goto out;
	rc = send_file(ctx, &a, with_letters);
	wf_account_free(&a);
out:
	free(folded);
	free(rest);
	free(who);
	return rc;
}
