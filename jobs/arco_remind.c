/* SPDX-License-Identifier: ISC */
/*
 * arco_remind.c - the law gives an ARCO request a deadline (20 business
 * days by default); PENDIENTES shows it, and this reminds the
 * coordinators by mail on each of the last days and once it has passed,
 * until they decide.  One mail per request, coordinator and day: the
 * Message-ID says which, so a second run the same day queues nothing.
 */
#include "jobs/arco_remind.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "common/util.h"
#include "config/config.h"
#include "handlers/matters.h"
#include "jobs/periodic.h"
#include "letters/letters.h"
#include "letters/sentences.h"
#include "outbox/outbox.h"
#include "store/store.h"
#include "store/store_arco.h"

#define DAY	86400

static void
body_of(struct letters *l, const struct arco_request *r, int64_t now,
    struct buf *body)
{
	struct vars *v = vars_new();
	char *date = letters_date_es(r->due);
	char *greeting = sentence_say(l, S_ARCO_RECORDATORIO_SALUDO, SAY_NONE);
	char *what = sentence_say(l, S_ARCO_RECORDATORIO_PLAZO,
	    "solicitud=%lld derecho=%s correo=%s vencida=%s fecha=%s",
	    (long long)r->id, arco_kind_text(r->kind), r->email,
	    r->due < now ? "sí" : "", date);
	char *next = sentence_say(l, S_ARCO_RECORDATORIO_PASO, SAY_NONE);

	vars_set(v, "remitente.nombre", greeting);
	vars_set(v, "estado.descripcion", what);
	vars_set(v, "estado.siguiente_paso", next);
	free(greeting);
	free(what);
	free(next);
	if (l == NULL || letters_text(l, "reply_transcripcion", v, body) != 0)
		buf_printf(body, "%s\n\n%s\n", vars_get(v,
		    "estado.descripcion"), vars_get(v,
		    "estado.siguiente_paso"));
	free(date);
	vars_free(v);
}

static int
remind_one(const struct config *cfg, struct store *st, struct letters *l,
    const struct arco_request *r, int64_t now)
{
	struct outmail m;
	struct buf body;
	char *subject;
	int rc = 0;

	buf_init(&body);
	body_of(l, r, now, &body);
	subject = sentence_say(l, S_ARCO_ASUNTO_RECORDATORIO, "solicitud=%lld",
	    (long long)r->id);
	for (size_t i = 0; i < cfg->n_coordinators && rc == 0; i++) {
		char *id = xasprintf("tq.arco.%lld.%lld.%zu@%s", (long long)
		    r->id, (long long)(now / DAY), i, cfg->addr_domain);
		int has = store_outbox_has(st, id);

		if (has == 0) {
			memset(&m, 0, sizeof(m));
			m.to = cfg->coordinators[i];
			m.subject = subject;
			m.body = body.data;
			m.message_id = id;
			m.date = now;
			rc = outbox_queue(st, cfg, &m, 0) == 0 ? 0 : -1;
		} else if (has < 0)
			rc = -1;
		free(id);
	}
	if (rc == 0)
		log_info("arco: reminder for request %lld (due %lld)",
		    (long long)r->id, (long long)r->due);
	free(subject);
	buf_free(&body);
	return rc;
}

int
arco_remind_run(const struct config *cfg, struct store *st,
    struct letters *l, int64_t now)
{
	struct arco_request *r;
	size_t n;
	int rc = 0;

	if (store_begin(st) != 0)
		return -1;
	if (store_arco_open_due(st, now + ARCO_REMIND_DAYS * DAY, &r, &n) != 0) {
		store_rollback(st);
		return -1;
	}
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = remind_one(cfg, st, l, &r[i], now);
	for (size_t i = 0; i < n; i++)
		arco_request_free(&r[i]);
	free(r);
	if (rc != 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st);
}

static struct {
	const struct config *cfg;
	struct store *st;
	struct letters *l;
} job;

static int
run_daily(void *arg, int64_t now)
{
	(void)arg;
	return arco_remind_run(job.cfg, job.st, job.l, now);
}

void
arco_remind_register(struct periodic *p, const struct config *cfg,
    struct store *st, struct letters *l)
{
	job.cfg = cfg;
	job.st = st;
	job.l = l;
	periodic_add(p, "privacy.arco_reminders", DAY, run_daily, NULL);
}
