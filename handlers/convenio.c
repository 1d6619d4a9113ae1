/* SPDX-License-Identifier: ISC */
/*
 * convenio.c - the convenio's term (convenio.h).
 *
 * A reminder covers a range of days (the first from 60 to 16 days before
 * the last day, the second from 15 days to the last day itself) so a
 * daemon that was down on the exact day still sends it, once.  Its key
 * names the term's end, so a renewed convenio gets reminders of its own.
 */
#include <stdlib.h>

#include "handlers/convenio.h"
#include "common/log.h"
#include "common/util.h"
#include "config/config.h"
#include "handlers/hletters.h"
#include "handlers/hutil.h"
#include "handlers/notice.h"
#include "handlers/say.h"
#include "store/store_convenio.h"
#include "store/store_workflow.h"

/* Record that agency_id's convenio runs from first to last (both
   included). */
static int
convenio_record(struct hctx *ctx, int64_t agency_id, struct ymd first,
    struct ymd last)
{
	struct convenio_term t;

	t.agency_id = agency_id;
	t.starts_at = ymd_start(first);
	t.ends_at = ymd_start(ymd_add_days(last, 1));
	return store_convenio_put(ctx->st, &t);
}

/* [convenio] years, within what the clause can say. */
static int
convenio_years(const struct hctx *ctx)
{
	int years = ctx->cfg->convenio_years;

	return years < 1 || years > 10 ? 2 : years;
}

/* The last day of a convenio that starts on from. */
static struct ymd
term_last_day(const struct hctx *ctx, struct ymd from)
{
	return ymd_add_days(ymd_add_months(from, 12 * convenio_years(ctx)),
	    -1);
}

/* The convenio's real term ([convenio] years): "dos años", from today to
   the day before the same date that many years on; kept for the
   reminders and the refusals once it ends. */
static int
convenio_term(struct hctx *ctx, int64_t agency_id, struct vars *v)
{
	static const char *const words[] = {"un año", "dos años",
	    "tres años", "cuatro años", "cinco años", "seis años",
	    "siete años", "ocho años", "nueve años", "diez años"};
	int years = convenio_years(ctx);
	struct ymd from = ymd_of(ctx->now), to = term_last_day(ctx, from);
	char *first, *last;

	first = ymd_es(from);
	last = ymd_es(to);
	vars_set(v, "convenio.vigencia", words[years - 1]);
	vars_set(v, "convenio.inicio", first);
	vars_set(v, "convenio.fin", last);
	free(first);
	free(last);
	return convenio_record(ctx, agency_id, from, to);
}

int
convenio_issue(struct hctx *ctx, int64_t agency_id, struct vars *v,
    struct reply_att *pdf, char **folio)
{
	if (vars_dependencia(ctx, v, agency_id) != 0)
		return -1;
	vars_setf(v, "convenio.clave", "%lld", (long long)agency_id);
	if (convenio_term(ctx, agency_id, v) != 0)
		return -1;
	return letter_make(ctx, "convenio", v, vars_get(v, "dependencia.correo"),
	    agency_id, pdf, folio);
}

/* The last day of t, in words. */
static char *
last_day_es(const struct convenio_term *t)
{
	return ymd_es(ymd_add_days(ymd_of(t->ends_at), -1));
}

int
convenio_last_day(struct hctx *ctx, int64_t agency_id, char **out)
{
	struct convenio_term t;
	int r = store_convenio_get(ctx->st, agency_id, &t);

	*out = r == 1 ? last_day_es(&t) : xstrdup("");
	return r < 0 ? -1 : 0;
}

int
convenio_ended_on(struct hctx *ctx, int64_t agency_id, char **last_day)
{
	struct convenio_term t;
	int r = store_convenio_get(ctx->st, agency_id, &t);

	*last_day = NULL;
	if (r <= 0 || ctx->now < t.ends_at)
		return r < 0 ? -1 : 0;
	*last_day = last_day_es(&t);
	return 1;
}

int
convenio_ended(struct hctx *ctx, int64_t agency_id, struct buf *why)
{
	char *fin;
	int r = convenio_ended_on(ctx, agency_id, &fin);

	if (r == 1)
		buf_say(ctx, why, S_DEPENDENCIA_CONVENIO_TERMINO, "fecha=%s",
		    fin);
	free(fin);
	return r;
}

/* The reminder to the agency, and the coordinators told. */
static int
send_reminder(struct hctx *ctx, const struct convenio_term *t, int days)
{
	struct vars *v = vars_new();
	char *fin = last_day_es(t), *subject = NULL;
	int rc = -1;

	if (vars_dependencia(ctx, v, t->agency_id) != 0)
		goto out;
	vars_say(ctx, v, "estado.descripcion",
	    S_DEPENDENCIA_CONVENIO_TERMINA, "dependencia.nombre=%s fecha=%s "
	    "dias=%d", vars_get(v, "dependencia.nombre"), fin, days);
	vars_say(ctx, v, "estado.siguiente_paso",
	    S_DEPENDENCIA_PARA_RENOVAR_CONVENIO, SAY_NONE);
	subject = say(ctx, S_DEPENDENCIA_ASUNTO_CONVENIO_TERMINA,
	    "fecha=%s", fin);
	if (notice_to(ctx, t->agency_id, v, subject, NULL) != 0)
		goto out;
	vars_say(ctx, v, "estado.descripcion",
	    S_DEPENDENCIA_CONVENIO_TERMINA_COORDINACION,
	    "dependencia.nombre=%s dependencia.rfc=%s fecha=%s dias=%d",
	    vars_get(v, "dependencia.nombre"), vars_get(v, "dependencia.rfc"),
	    fin, days);
	vars_say(ctx, v, "estado.siguiente_paso",
	    S_DEPENDENCIA_SI_PIDE_RENOVAR, SAY_NONE);
	rc = notice_to(ctx, 0, v, subject, NULL);
out:
	free(subject);
	free(fin);
	vars_free(v);
	return rc;
}

/* Which reminder today is in the range of (60 or 15), or 0. */
static int
reminder_due(int days_left)
{
	if (days_left < 0 || days_left > CONVENIO_FIRST_NOTICE_DAYS)
		return 0;
	return days_left > CONVENIO_LAST_NOTICE_DAYS ?
	    CONVENIO_FIRST_NOTICE_DAYS : CONVENIO_LAST_NOTICE_DAYS;
}

static int
tick_agency(struct hctx *ctx, const struct convenio_term *t)
{
	struct ymd last = ymd_add_days(ymd_of(t->ends_at), -1);
	int days = (int)(ymd_days(last) - ymd_days(ymd_of(ctx->now)));
	int which = reminder_due(days), r;
	enum wf_state st;
	char *key;

	if (which == 0)
		return 0;
	/* A blocked or anonymised agency is no longer written to. */
	r = store_wf_state_get(ctx->st, WF_DEPENDENCIA, t->agency_id, &st);
	if (r <= 0 || st != ST_DEPENDENCIA_CONVENIO_VIGENTE)
		return r < 0 ? -1 : 0;
	key = xasprintf("renovar.%lld.%lld.%d", (long long)t->agency_id,
	    (long long)t->ends_at, which);
	r = store_wf_reminder_once(ctx->st, key, ctx->now);
	free(key);
	if (r == 1)
		return send_reminder(ctx, t, days);
	return r < 0 ? -1 : 0;
}

/*
 * Convenios issued before migration 22 have no term kept, so they were
 * neither reminded nor refused.  Once after the upgrade (migration 25 sets
 * the flag) each gets the term its letter would have had: [convenio] years
 * from the day its latest convenio letter was issued.  Idempotent: only
 * agencies with no term are touched, and the flag goes in the same
 * transaction.
 */
static int
convenio_backfill(struct hctx *ctx)
{
	struct convenio_untermed *v;
	int64_t flag = 0;
	size_t n;
	int r;

	if ((r = store_state_get(ctx->st, "convenio.backfill", &flag)) < 0)
		return -1;
	if (r == 0 || flag == 0)
		return 0;
	if (store_convenio_untermed(ctx->st,
	    wf_state_name(ST_DEPENDENCIA_CONVENIO_VIGENTE), &v, &n) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct ymd from = ymd_of(v[i].issued_at);
		struct ymd to = term_last_day(ctx, from);
		char *last;

		if (v[i].issued_at == 0) {
			log_warn("convenio: agency %lld has a convenio but no "
			    "convenio letter in the register: no term kept",
			    (long long)v[i].agency_id);
			continue;
		}
		if (convenio_record(ctx, v[i].agency_id, from, to) != 0) {
			convenio_untermed_free(v, n);
			return -1;
		}
		last = ymd_es(to);
		log_info("convenio: agency %lld: term kept from its letter %s "
		    "(%d years from its issue): last day %s",
		    (long long)v[i].agency_id, v[i].folio, convenio_years(ctx),
		    last);
		free(last);
	}
	log_info("convenio: terms of earlier convenios looked up: %zu "
	    "agencies without one", n);
	convenio_untermed_free(v, n);
	return store_state_clear(ctx->st, "convenio.backfill");
}

int
convenio_tick(struct hctx *ctx)
{
	struct convenio_term *t;
	size_t n;
	int rc = 0;

	if (convenio_backfill(ctx) != 0)
		return -1;

	/* Only the terms within reach of the first reminder (a day's slack
	   for the local midnight). */
	if (store_convenio_ending(ctx->st, ctx->now, ctx->now +
	    (int64_t)(CONVENIO_FIRST_NOTICE_DAYS + 2) * 86400, &t, &n) != 0)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = tick_agency(ctx, &t[i]);
	free(t);
	return rc;
}
