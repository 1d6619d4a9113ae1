/* SPDX-License-Identifier: ISC */
/*
 * identify.c - who wrote, and what they proved (SPEC section 1).
 *
 * Role: a configured coordinator; else the role of the account registered
 * under the From address; else ALUMNO for an address in a student domain
 * (not yet registered); else nobody (ROLE_NONE).
 *
 * Two kinds of proof, kept apart because they authorise different things:
 *
 *   ctx->verified, the sender's whole role: our MX's Authentication-Results
 *   vouch for From (authres.h; a coordinator needs DKIM for its own
 *   domain), or the mail came to the sender's own personal address
 *   local+TOKEN@domain, or it carries an account reply token naming the
 *   sender's own account.  A coordinator's personal address
 *   (store_coordinator.h) proves that coordinator the same way, and only
 *   while the address is in [roles] coordinators.
 *
 *   ctx->token_kind / token_id, one decision: a genuine reply token bound
 *   to the From address (plus-address, Subject tag [SS:...], or our
 *   Message-ID tq.TOKEN.x@domain in In-Reply-To / References) naming a
 *   matter, an application, a request for a report or a kept command.  It
 *   authorises only that decision (dispatch.c, token_covers).
 *
 * A message the MX says is forged, whose From domain failed, or with
 * duplicated identity headers (authres.h, rule 5) gets neither: no token
 * and no personal address vouch for it.
 */
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "handlers/authres.h"
#include "handlers/hutil.h"
#include "store/store_coordinator.h"
#include "store/store_workflow.h"

static enum role
role_of_account(const struct wf_account *a)
{
	if (strcmp(a->role, "alumno") == 0)
		return ROLE_ALUMNO;
	if (strcmp(a->role, "dependencia") == 0)
		return ROLE_DEPENDENCIA;
	return ROLE_NONE;
}

static int
find_role(struct hctx *ctx)
{
	const char *from = ctx->msg->from_addr;
	struct wf_account a;
	int r;

	if (config_is_coordinator(ctx->cfg, from)) {
		ctx->role = ROLE_COORDINADOR;
		return 0;
	}
	if ((r = store_wf_account_by_email(ctx->st, from, &a)) < 0)
		return -1;
	if (r == 1) {
		ctx->role = role_of_account(&a);
		ctx->account_id = a.id;
		wf_account_free(&a);
		return 0;
	}
	if (config_is_student_domain(ctx->cfg, from))
		ctx->role = ROLE_ALUMNO;
	return 0;
}

/* A reply token at s (len): 1 accepted, 0 not. */
static int
try_rtok(struct hctx *ctx, const char *s, size_t len, const char *where)
{
	struct rtok t;

	switch (rtok_check(ctx->token_key, ctx->msg->from_addr, s, len,
	    ctx->now, &t)) {
	case RTOK_OK:
		if (t.kind == RTOK_ACCOUNT) {
			/* A reply to a mail about the sender's own account;
			   coordinators (no account) get nothing from it. */
			if (t.id != 0 && (int64_t)t.id == ctx->account_id)
				ctx->verified = 1;
		} else {
			ctx->token_kind = (int)t.kind;
			ctx->token_id = t.id;
		}
		log_debug("msg %lld: reply token (%s) kind %d id %u",
		    (long long)ctx->msg_row, where, (int)t.kind, t.id);
		return 1;
	case RTOK_EXPIRED:
		ctx->token_expired = 1;
		return 0;
	case RTOK_BAD:
		break;
	}
	return 0;
}

/*
 * A coordinator's token (hash) naming the sender, who must still be a
 * coordinator ([roles]): 1 proven, 0 not (someone else's, or nobody's).
 */
static int
try_coordinator_token(struct hctx *ctx, const char *hash)
{
	char *email = NULL;
	int r, ok = 0;

	if ((r = store_coord_token_find(ctx->st, hash, &email)) <= 0)
		return r;
	if (ctx->role == ROLE_COORDINADOR &&
	    ascii_casecmp(email, ctx->msg->from_addr) == 0) {
		ok = 1;
		ctx->verified = 1;
	} else
		log_warn("msg %lld: personal address of coordinator <%s> used "
		    "by <%s>", (long long)ctx->msg_row, email,
		    ctx->msg->from_addr);
	free(email);
	return ok;
}

/* An account token at s (len) naming the sender's own account: 1. */
static int
try_atok(struct hctx *ctx, const char *s, size_t len)
{
	char hash[MAC_HEX];
	struct wf_account a;
	int r, ok = 0;

	atok_hash(s, len, hash);
	if ((r = store_wf_account_by_token(ctx->st, hash, &a)) < 0)
		return -1;
	if (r == 0)
		return try_coordinator_token(ctx, hash);
	if (ascii_casecmp(a.email, ctx->msg->from_addr) == 0 &&
	    (ctx->account_id == 0 || ctx->account_id == a.id)) {
		ok = 1;
		ctx->verified = 1;
		ctx->account_id = a.id;
	} else
		log_warn("msg %lld: personal address of <%s> used by <%s>",
		    (long long)ctx->msg_row, a.email, ctx->msg->from_addr);
	wf_account_free(&a);
	return ok;
}

/* The tag of addr when it is local+TAG@our-domain, else NULL. */
static const char *
plus_tag(const struct config *cfg, const char *addr, size_t *len)
{
	size_t ll = strlen(cfg->addr_local);
	const char *at = strrchr(addr, '@');

	if (at == NULL || ascii_casecmp(at + 1, cfg->addr_domain) != 0)
		return NULL;
	if ((size_t)(at - addr) <= ll + 1 ||
	    ascii_ncasecmp(addr, cfg->addr_local, ll) != 0 || addr[ll] != '+')
		return NULL;
	*len = (size_t)(at - addr) - ll - 1;
	return addr + ll + 1;
}

static int
check_addresses(struct hctx *ctx)
{
	for (size_t i = 0; i < ctx->msg->n_to; i++) {
		size_t len;
		const char *tag = plus_tag(ctx->cfg, ctx->msg->to_addrs[i],
		    &len);
		int r;

		if (tag == NULL)
			continue;
		if (len == RTOK_LEN && try_rtok(ctx, tag, len, "address"))
			return 1;
		if (atok_shape(tag, len)) {
			if ((r = try_atok(ctx, tag, len)) != 0)
				return r;
		}
	}
	return 0;
}

/* Our Message-ID "tq.TOKEN.x@domain" carries a token. */
static int
check_msgid(struct hctx *ctx, const char *id)
{
	const char *tok, *dot;

	if (strncmp(id, "tq.", 3) != 0)
		return 0;
	tok = id + 3;
	if ((dot = strchr(tok, '.')) == NULL)
		return 0;
	return try_rtok(ctx, tok, (size_t)(dot - tok), "references");
}

static int
check_tokens(struct hctx *ctx)
{
	const struct message *m = ctx->msg;
	const char *tag = ctx->cl->subject_tag;
	int r;

	if ((r = check_addresses(ctx)) != 0)
		return r;
	if (*tag && try_rtok(ctx, tag, strlen(tag), "subject"))
		return 1;
	if (*m->in_reply_to && check_msgid(ctx, m->in_reply_to))
		return 1;
	/* Newest first: the last reference is the mail answered. */
	for (size_t i = m->n_references; i > 0; i--)
		if (check_msgid(ctx, m->references[i - 1]))
			return 1;
	return 0;
}

int
handlers_load_keys(struct hctx *ctx)
{
	int64_t gen;

	if (store_meta_int(ctx->st, "key_generation", 0, &gen) != 0)
		return -1;
	keys_derive(ctx->secret, gen, ctx->token_key, ctx->code_key);
	return 0;
}

int
handlers_identify(struct hctx *ctx)
{
	struct authres_verdict v;

	ctx->role = ROLE_NONE;
	ctx->account_id = 0;
	ctx->verified = 0;
	ctx->token_kind = 0;
	ctx->token_id = 0;
	ctx->token_expired = 0;
	if (find_role(ctx) != 0 || handlers_load_keys(ctx) != 0)
		return -1;
	authres_check(ctx->msg, ctx->cfg->trusted_authserv_id, &v);
	ctx->distrusted = authres_distrusted(&v);
	if (ctx->distrusted) {
		log_warn("msg %lld: from=<%s>: nothing vouches for it: %s",
		    (long long)ctx->msg_row, ctx->msg->from_addr, v.why);
	} else {
		if (check_tokens(ctx) < 0)
			return -1;
		if (authres_proven(&v, ctx->role == ROLE_COORDINADOR))
			ctx->verified = 1;
		log_debug("msg %lld: Authentication-Results: %s",
		    (long long)ctx->msg_row, v.why);
	}
	/* The summary line of the message says it at info (pipeline.c). */
	log_debug("msg %lld: from=<%s> role=%s account=%lld verified=%s "
	    "token=%d:%lld", (long long)ctx->msg_row, ctx->msg->from_addr,
	    role_name(ctx->role), (long long)ctx->account_id,
	    ctx->verified ? "yes" : "no", ctx->token_kind,
	    (long long)ctx->token_id);
	ctx->identified = 1;
	return 0;
}
