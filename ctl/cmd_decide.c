/* SPDX-License-Identifier: ISC */
/*
 * cmd_decide.c - tequioctl decide CODE aprobar|rechazar [MOTIVO]: a
 * coordinator at the console decides a pending matter (tequioctl pending
 * lists them) without writing a mail to the daemon.
 *
 * No message is made up: the handler context's cause is the
 * administrator (HCTX_ADMIN), so the matter's record and the audit trail
 * name the console as who decided, and the decision runs through the same
 * function as APROBAR / RECHAZAR by mail (matter_decide, one
 * transaction): the same table, the same letters and notices queued in
 * the outbox.  What was done is printed.  The console holds the database
 * anyway, so a code that expired for mail is still taken here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "common/secret.h"
#include "common/util.h"
#include "ctl/ctl.h"
#include "handlers/handlers.h"
#include "handlers/hutil.h"
#include "handlers/matters.h"
#include "handlers/tokens.h"
#include "handlers/verdict.h"
#include "letters/letters.h"
#include "store/store.h"
#include "store/store_workflow.h"

/* Who decided, in the audit trail and the matter's record. */
#define CONSOLE_ACTOR "consola (tequioctl)"

/* Spanish or English verb: 1 approve, 0 reject, -1 neither. */
static int
verb_of(const char *s)
{
	if (ascii_casecmp(s, "aprobar") == 0 || ascii_casecmp(s,
	    "approve") == 0)
		return 1;
	if (ascii_casecmp(s, "rechazar") == 0 || ascii_casecmp(s,
	    "reject") == 0)
		return 0;
	return -1;
}

/* The reason: every word after the verb. */
static char *
motivo_of(int argc, char **argv)
{
	struct buf b;

	buf_init(&b);
	buf_grow(&b, 0);
	for (int i = 3; i < argc; i++) {
		if (i > 3)
			buf_addc(&b, ' ');
		buf_adds(&b, argv[i]);
	}
	return buf_steal(&b);
}

/* The open matter of code: 1 found, 0 not (said why), -1 error. */
static int
find_open(struct hctx *ctx, const char *typed, struct wf_matter *m)
{
	char code[CODE_LEN + 1], mac[MAC_HEX];
	int r;

	memset(m, 0, sizeof(*m));
	if (!code_normalize(typed, code)) {
		printf("«%s» no es un código de asunto: los códigos tienen "
		    "seis letras o cifras, como K7Q-3MX (tequioctl pending "
		    "los muestra).\n", typed);
		return 0;
	}
	code_mac(ctx->code_key, code, mac);
	if ((r = store_wf_matter_by_code(ctx->st, mac, m)) <= 0) {
		if (r == 0)
			printf("No hay ningún asunto con el código %s.\n",
			    code);
		return r;
	}
	if (!wf_state_is(m->state, ST_ASUNTO_ABIERTO)) {
		printf("El asunto %s ya fue decidido: %s por %s.\n", code,
		    m->state, m->decided_by);
		wf_matter_free(m);
		return 0;
	}
	return 1;
}

/* Decide in one transaction; 0 decided, 1 refused, -1 error. */
static int
run_decision(struct hctx *ctx, const char *typed, int approve,
    const char *motivo)
{
	struct wf_matter m;
	struct buf out;
	int r, rc = -1;

	if (store_begin(ctx->st) != 0)
		return -1;
	if ((r = find_open(ctx, typed, &m)) <= 0) {
		store_rollback(ctx->st);
		return r < 0 ? -1 : 1;
	}
	r = matter_decide(ctx, &m, approve, motivo);
	wf_matter_free(&m);
	if (r == WF_ERROR || (r == WF_OK && store_commit(ctx->st) != 0)) {
		store_rollback(ctx->st);
		return -1;
	}
	if (r == WF_REFUSED)
		store_rollback(ctx->st);
	buf_init(&out);
	tr_plain(tr_vars(ctx), &out);
	fputs(out.data ? out.data : "", stdout);
	buf_free(&out);
	rc = r == WF_OK ? 0 : 1;
	return rc;
}

int
ctl_decide(const struct config *cfg, int argc, char **argv)
{
	unsigned char secret[SECRET_LEN];
	struct letters *l = NULL;
	struct store *st = NULL;
	struct hctx ctx;
	char err[512], *motivo = NULL;
	int approve, r, rc = 3;

	if (argc < 3 || (approve = verb_of(argv[2])) < 0 ||
	    (approve == 0 && argc < 4)) {
		fprintf(stderr, "uso: tequioctl decide CÓDIGO aprobar | "
		    "decide CÓDIGO rechazar MOTIVO\n");
		return 2;
	}
	hctx_init_cause(&ctx, HCTX_ADMIN, CONSOLE_ACTOR);
	if (secret_load(cfg->secret_file, secret, 0) != 0) {
		fprintf(stderr, "tequioctl: %s: no se puede leer el secreto "
		    "del servidor\n", cfg->secret_file);
		return 3;
	}
	if (letters_open(cfg, &l, err, sizeof(err)) != 0) {
		fprintf(stderr, "tequioctl: %s\n", err);
		goto out;
	}
	if (ctl_open_store_rw(cfg, &st) != 0)
		goto out;
	ctx.cfg = cfg;
	ctx.st = st;
	ctx.letters = l;
	ctx.secret = secret;
	ctx.now = now_seconds();
	if (handlers_load_keys(&ctx) != 0)
		goto out;
	motivo = motivo_of(argc, argv);
	if ((r = run_decision(&ctx, argv[1], approve, motivo)) < 0)
		goto out;
	if (r == 0)
		ctl_wake_daemon(cfg);
	rc = r;
out:
	tr_free(&ctx);
	reply_free(&ctx.reply);
	sodium_memzero(ctx.token_key, sizeof(ctx.token_key));
	sodium_memzero(ctx.code_key, sizeof(ctx.code_key));
	free(motivo);
	store_close(st);
	letters_close(l);
	sodium_memzero(secret, sizeof(secret));
	return rc;
}
