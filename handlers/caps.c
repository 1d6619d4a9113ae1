/* SPDX-License-Identifier: ISC */
/*
 * caps.c - the reply caps and per-sender limits (caps.h says which and
 * why).  Counters live in the rate_count table (store_rate.c).
 */
#include <stdlib.h>
#include <string.h>

#include "handlers/caps.h"
#include "common/log.h"
#include "letters/letters.h"

#define DAY	86400
#define HOUR	3600

/* Providers that deliver a.b.c@ and abc@ to the same inbox. */
static const char *const dotless_domains[] = {
	"gmail.com", "googlemail.com",
};

char *
caps_normalize_address(const char *addr)
{
	char *a = ascii_lower_inplace(xstrdup(addr)), *at = strrchr(a, '@');
	char *plus, *w;
	int dotless = 0;

	if (at == NULL)
		return a;
	for (size_t i = 0; i < ARRAY_LEN(dotless_domains); i++)
		dotless |= strcmp(at + 1, dotless_domains[i]) == 0;
	if ((plus = memchr(a, '+', (size_t)(at - a))) != NULL) {
		memmove(plus, at, strlen(at) + 1);
		at = plus;
	}
	if (dotless) {
		w = a;
		for (char *r = a; r < at; r++)
			if (*r != '.')
				*w++ = *r;
		memmove(w, at, strlen(at) + 1);
		/* googlemail.com is gmail.com */
		if ((at = strrchr(a, '@')) != NULL &&
		    strcmp(at + 1, "googlemail.com") == 0)
			memcpy(at + 1, "gmail.com", sizeof("gmail.com"));
	}
	return a;
}

int
caps_sender_unknown(const struct hctx *ctx)
{
	return ctx->role == ROLE_NONE && ctx->account_id == 0;
}

int
caps_count(struct hctx *ctx, const char *kind, int add, int limit)
{
	char *key = caps_normalize_address(ctx->msg->from_addr);
	int n, rc;

	rc = store_rate_bump(ctx->st, kind, key, ctx->now / DAY, add, &n);
	free(key);
	if (rc != 0)
		return -1;
	return n > limit;
}

static void
drop_attachments(struct reply *r)
{
	for (size_t i = 0; i < r->n_att; i++) {
		free(r->att[i].filename);
		free(r->att[i].content_type);
		buf_free(&r->att[i].data);
	}
	r->n_att = 0;
}

/* Reply max+1 of the day: one notice that the sender hears no more. */
static void
limit_notice(struct hctx *ctx, int max)
{
	struct vars *v = vars_new();

	vars_set(v, "remitente.nombre", caps_sender_unknown(ctx) ?
	    ctx->msg->from_addr : *ctx->msg->from_name ?
	    ctx->msg->from_name : ctx->msg->from_addr);
	vars_set(v, "remitente.correo", ctx->msg->from_addr);
	vars_setf(v, "limite", "%d", max);
	buf_reset(&ctx->reply.body);
	if (ctx->letters == NULL || letters_text(ctx->letters, "reply_limite",
	    v, &ctx->reply.body) != 0)
		log_err("template reply_limite is missing");
	vars_free(v);
	drop_attachments(&ctx->reply);
}

/* Unknown senders: one reply a day each, a ceiling for all per hour. */
static int
cap_unknown(struct hctx *ctx)
{
	char *key = caps_normalize_address(ctx->msg->from_addr);
	int n, all, rc;

	/* VERIFICAR answers echo nothing of the sender's and have their own
	   daily limit (h_verificar.c): an employer may check several
	   letters a day. */
	if (ctx->cl->cmd == CMD_VERIFICAR)
		n = 1, rc = 0;
	else
		rc = store_rate_bump(ctx->st, "reply_unknown", key,
		    ctx->now / DAY, 1, &n);
	if (rc == 0)
		rc = store_rate_bump(ctx->st, "reply_unknown_all", "",
		    ctx->now / HOUR, n == 1, &all);
	free(key);
	if (rc != 0)
		return -1;
	if (n > 1 || all > ctx->cfg->max_unknown_replies_per_hour) {
		log_info("msg %lld: unknown sender <%s>: %s", (long long)
		    ctx->msg_row, ctx->msg->from_addr, n > 1 ?
		    "already answered today: no reply" :
		    "hourly ceiling for unknown senders: no reply");
		ctx->reply.suppress = 1;
	}
	return 0;
}

int
caps_apply_reply(struct hctx *ctx)
{
	int max = ctx->cfg->max_replies_per_day, over;

	if (ctx->reply.suppress)
		return 0;
	if (caps_sender_unknown(ctx))
		return cap_unknown(ctx);
	/* Verified mail is counted apart: forged mail cannot use it up. */
	if ((over = caps_count(ctx, ctx->verified ? "reply_verified" :
	    "reply", 1, max)) < 0)
		return -1;
	if (!over)
		return 0;
	if (caps_count(ctx, ctx->verified ? "reply_verified" : "reply", 0,
	    max + 1) == 1) {
		log_info("msg %lld: %s is past %d replies today: no reply",
		    (long long)ctx->msg_row, ctx->msg->from_addr, max);
		ctx->reply.suppress = 1;
		return 0;
	}
	limit_notice(ctx, max);
	return 0;
}
