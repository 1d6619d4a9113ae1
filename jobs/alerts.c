/* SPDX-License-Identifier: ISC */
/*
 * alerts.c - alerts and the daily digest (see alerts.h).
 *
 * What the checks remember between runs is in the database (daemon_state):
 * the failed and quarantined counts last seen, and since when the mailbox
 * has been unreachable.  The relay's outage is read from the outbox itself:
 * the oldest queued mail that has already failed an attempt.  The text is
 * templates/aviso.txt; only the subjects are here.
 */
#include "jobs/alerts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "common/util.h"
#include "jobs/periodic.h"
#include "letters/letters.h"
#include "letters/sentences.h"
#include "mail/compose.h"
#include "outbox/outbox.h"
#include "store/store.h"

#define CHECK_SECONDS 300
#define DIGEST_SECONDS 86400
#define MAILBOX_DOWN "mailbox.down_since"

enum kind { K_FAILED, K_QUARANTINE, K_RELAY, K_MAILBOX, K_DIGEST };

static const struct {
	const char *code;	/* in the Message-ID and the template */
	enum sentence subject;	/* templates/mensajes_avisos.txt */
} kinds[] = {
	[K_FAILED] = {"fallidos", S_AVISOS_ASUNTO_FALLIDOS},
	[K_QUARANTINE] = {"cuarentena", S_AVISOS_ASUNTO_CUARENTENA},
	[K_RELAY] = {"relevo", S_AVISOS_ASUNTO_RELEVO},
	[K_MAILBOX] = {"buzon", S_AVISOS_ASUNTO_BUZON},
	[K_DIGEST] = {"resumen", S_AVISOS_ASUNTO_RESUMEN},
};

struct alerts {
	const struct config *cfg;
	struct store *st;
	struct letters *l;
};

struct alerts *
alerts_new(const struct config *cfg, struct store *st, struct letters *l)
{
	struct alerts *a = xcalloc(1, sizeof(*a));

	a->cfg = cfg;
	a->st = st;
	a->l = l;
	return a;
}

void
alerts_free(struct alerts *a)
{
	free(a);
}

static char *const *
recipients(const struct config *cfg, size_t *n)
{
	if (cfg->n_alerts_to > 0) {
		*n = cfg->n_alerts_to;
		return cfg->alerts_to;
	}
	*n = cfg->n_coordinators;
	return cfg->coordinators;
}

/* The counts every alert shows. */
static void
set_counts(struct alerts *a, struct vars *v)
{
	static const char *const keys[][2] = {
		{"messages", "cuentas.recibidos"},
		{"processed", "cuentas.procesados"},
		{"quarantined", "cuentas.cuarentena"},
		{"outbox_queued", "cuentas.en_cola"},
		{"outbox_failed", "cuentas.fallidos"},
		{"outbox_sent", "cuentas.enviados"},
	};
	int64_t n;

	for (size_t i = 0; i < ARRAY_LEN(keys); i++)
		if (store_count(a->st, keys[i][0], &n) == 0)
			vars_setf(v, keys[i][1], "%lld", (long long)n);
}

static void
utc_day(int64_t now, char *out, size_t len)
{
	time_t t = (time_t)now;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, len, "%Y%m%d", &tm);
}

/*
 * Queue alert kind with v's details to every recipient that has not had
 * this kind today; inside the caller's transaction.  0 or -1.
 */
static int
queue_alert(struct alerts *a, enum kind k, struct vars *v, int64_t now)
{
	struct outmail m;
	struct buf body;
	char day[16], flag[32], *id, *subject;
	char *const *to;
	size_t n;
	int rc = 0, has;

	to = recipients(a->cfg, &n);
	subject = sentence_say(a->l, kinds[k].subject, SAY_NONE);
	utc_day(now, day, sizeof(day));
	vars_set(v, "aviso.tipo", kinds[k].code);
	snprintf(flag, sizeof(flag), "aviso.%s", kinds[k].code);
	vars_set(v, flag, "sí");
	set_counts(a, v);
	buf_init(&body);
	/* A templates copy made before aviso.txt existed: a plain text. */
	if (!letters_has(a->l, "aviso"))
		buf_printf(&body, "%s.\n\n(Falta la plantilla aviso.txt en "
		    "%s: cópiela de las plantillas instaladas.)\n",
		    subject, a->cfg->templates);
	else if (letters_text(a->l, "aviso", v, &body) != 0) {
		buf_free(&body);
		free(subject);
		return -1;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		id = xasprintf("tq.alert.%s.%s.%zu@%s", kinds[k].code, day, i,
		    a->cfg->addr_domain);
		has = store_outbox_has(a->st, id);
		if (has == 0) {
			memset(&m, 0, sizeof(m));
			m.to = to[i];
			m.subject = subject;
			m.body = body.data;
			m.message_id = id;
			m.date = now;
			rc = outbox_queue(a->st, a->cfg, &m, 0) == 0 ? 0 : -1;
			if (rc == 0)
				log_warn("alert: %s queued for <%s>",
				    kinds[k].code, to[i]);
		} else if (has < 0)
			rc = -1;
		free(id);
	}
	buf_free(&body);
	free(subject);
	return rc;
}

/* "23/11/2026 10:00 UTC", for the details of an outage. */
static void
set_time(struct vars *v, const char *key, int64_t when)
{
	time_t t = (time_t)when;
	struct tm tm;
	char text[32];

	gmtime_r(&t, &tm);
	strftime(text, sizeof(text), "%d/%m/%Y %H:%M UTC", &tm);
	vars_set(v, key, text);
}

/* Alert kind when count has grown past what was last seen under key. */
static int
check_growth(struct alerts *a, enum kind k, const char *count,
    const char *key, int64_t now)
{
	int64_t n, seen = 0;
	struct vars *v;
	int rc = 0;

	if (store_count(a->st, count, &n) != 0 ||
	    store_state_get(a->st, key, &seen) < 0)
		return -1;
	if (n > seen) {
		v = vars_new();
		vars_setf(v, "aviso.nuevos", "%lld", (long long)(n - seen));
		rc = queue_alert(a, k, v, now);
		vars_free(v);
	}
	if (rc == 0 && n != seen)
		rc = store_state_set(a->st, key, n);
	return rc;
}

/* Alert kind when since is more than the threshold before now. */
static int
check_outage(struct alerts *a, enum kind k, int64_t since,
    const char *error, int64_t now)
{
	struct vars *v;
	int rc;

	if (now - since < (int64_t)a->cfg->alerts_unreachable_minutes * 60)
		return 0;
	v = vars_new();
	set_time(v, "aviso.desde", since);
	vars_setf(v, "aviso.umbral", "%d", a->cfg->alerts_unreachable_minutes);
	if (error != NULL && *error != '\0')
		vars_set(v, "aviso.error", error);
	rc = queue_alert(a, k, v, now);
	vars_free(v);
	return rc;
}

static int
check_relay(struct alerts *a, int64_t now)
{
	int64_t since;
	char *error = NULL;
	int r = store_outbox_oldest_retry(a->st, &since, &error), rc;

	if (r <= 0)
		return r;
	rc = check_outage(a, K_RELAY, since, error, now);
	free(error);
	return rc;
}

static int
check_mailbox(struct alerts *a, int64_t now)
{
	int64_t since;
	int r = store_state_get(a->st, MAILBOX_DOWN, &since);

	if (r <= 0)
		return r;
	return check_outage(a, K_MAILBOX, since, NULL, now);
}

/* One transaction: what was queued and what was seen land together. */
static int
run_checks(void *arg, int64_t now)
{
	struct alerts *a = arg;

	if (store_begin(a->st) != 0)
		return -1;
	if (check_growth(a, K_FAILED, "outbox_failed", "seen.outbox_failed",
	    now) != 0 || check_growth(a, K_QUARANTINE, "quarantined",
	    "seen.quarantined", now) != 0 || check_relay(a, now) != 0 ||
	    check_mailbox(a, now) != 0) {
		store_rollback(a->st);
		return -1;
	}
	return store_commit(a->st);
}

static int
run_digest(void *arg, int64_t now)
{
	struct alerts *a = arg;
	struct vars *v = vars_new();
	int rc;

	if (store_begin(a->st) != 0) {
		vars_free(v);
		return -1;
	}
	rc = queue_alert(a, K_DIGEST, v, now);
	vars_free(v);
	if (rc != 0) {
		store_rollback(a->st);
		return -1;
	}
	return store_commit(a->st);
}

void
alerts_register(struct alerts *a, struct periodic *p)
{
	periodic_add(p, "alerts.check", CHECK_SECONDS, run_checks, a);
	periodic_add(p, "alerts.digest", DIGEST_SECONDS, run_digest, a);
}

void
alerts_mailbox(struct store *st, int reachable, int64_t now)
{
	int64_t since;
	int r = store_state_get(st, MAILBOX_DOWN, &since);

	if (r < 0 || (r == 1) == !reachable)
		return;		/* unknown, or nothing changed */
	if (store_begin(st) != 0)
		return;
	if ((reachable ? store_state_clear(st, MAILBOX_DOWN) :
	    store_state_set(st, MAILBOX_DOWN, now)) != 0) {
		store_rollback(st);
		return;
	}
	store_commit(st);
}
