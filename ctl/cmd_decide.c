/* SPDX-License-Identifier: ISC */
/*
 * cmd_decide.c - tequioctl decide CODE aprobar|rechazar [MOTIVO]: a
 * coordinator at the console decides a pending matter (tequioctl pending
 * lists them) without writing a mail to the daemon.
 *
 * The decision runs through the same handler as APROBAR / RECHAZAR by
 * mail (handlers_dispatch, one transaction): the same checks, the same
 * letters and notices queued in the outbox, and the audit trail names
 * the console as who decided.  What would have been the reply to the
 * coordinator is printed instead of mailed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "common/secret.h"
#include "common/util.h"
#include "ctl/ctl.h"
#include "handlers/handlers.h"
#include "letters/letters.h"
#include "store/store.h"
#include "store/store_workflow.h"

/* Who decided, in the audit trail and the matter's record. */
#define CONSOLE_ACTOR "consola (tequioctl)"

/* The message the decision answers: nobody's mail, every field empty. */
static void
console_message(struct message *m, char *empty)
{
	memset(m, 0, sizeof(*m));
	m->from_addr = (char *)CONSOLE_ACTOR;
	m->from_name = empty;
	m->reply_to_addr = empty;
	m->sender_addr = empty;
	m->subject = empty;
	m->message_id = empty;
	m->in_reply_to = empty;
	m->date = empty;
	m->body = empty;
	m->body_full = empty;
	m->malformed_why = empty;
	m->oversize_attachment = empty;
}

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

/* CODE and the reason, as the handler reads a Subject's arguments. */
static char *
args_of(int argc, char **argv)
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, argv[1]);
	for (int i = 3; i < argc; i++) {
		buf_addc(&b, ' ');
		buf_adds(&b, argv[i]);
	}
	return buf_steal(&b);
}

static int
run_decision(const struct config *cfg, struct store *st,
    struct letters *l, const unsigned char *secret, int approve,
    char *args)
{
	struct command_line cl;
	struct message msg;
	struct hctx ctx;
	char empty[1] = "";
	int rc;

	console_message(&msg, empty);
	memset(&cl, 0, sizeof(cl));
	cl.cmd = approve ? CMD_APROBAR : CMD_RECHAZAR;
	cl.code = approve ? (char *)"APROBAR" : (char *)"RECHAZAR";
	cl.args = args;
	cl.subject_tag = empty;
	memset(&ctx, 0, sizeof(ctx));
	ctx.cfg = cfg;
	ctx.st = st;
	ctx.letters = l;
	ctx.msg = &msg;
	ctx.cl = &cl;
	ctx.now = now_seconds();
	ctx.secret = secret;
	ctx.role = ROLE_COORDINADOR;
	ctx.verified = 1;
	buf_init(&ctx.reply.body);
	if (store_begin(st) != 0)
		return -1;
	if (handlers_load_keys(&ctx) != 0 || handlers_dispatch(&ctx) != 0) {
		store_rollback(st);
		rc = -1;
	} else
		rc = store_commit(st);
	if (rc == 0)
		fputs(ctx.reply.body.data ? ctx.reply.body.data : "", stdout);
	reply_free(&ctx.reply);
	return rc;
}

/* How many matters are open: a decision closes one. */
static int
open_matters(struct store *st, size_t *n)
{
	struct wf_matter *m = NULL;

	if (store_wf_matter_list_open(st, &m, n) != 0)
		return -1;
	wf_matters_free(m, *n);
	return 0;
}

int
ctl_decide(const struct config *cfg, int argc, char **argv)
{
	unsigned char secret[SECRET_LEN];
	struct letters *l = NULL;
	struct store *st = NULL;
	char err[512], *args = NULL;
	size_t before, after;
	int approve, rc = 3;

	if (argc < 3 || (approve = verb_of(argv[2])) < 0 ||
	    (approve == 0 && argc < 4)) {
		fprintf(stderr, "usage: tequioctl decide CODE aprobar | "
		    "decide CODE rechazar MOTIVO\n");
		return 2;
	}
	if (secret_load(cfg->secret_file, secret, 0) != 0) {
		fprintf(stderr, "tequioctl: %s: cannot read the server "
		    "secret\n", cfg->secret_file);
		return 3;
	}
	if (letters_open(cfg, &l, err, sizeof(err)) != 0) {
		fprintf(stderr, "tequioctl: %s\n", err);
		goto out;
	}
	if (ctl_open_store_rw(cfg, &st) != 0)
		goto out;
	args = args_of(argc, argv);
	if (open_matters(st, &before) != 0 ||
	    run_decision(cfg, st, l, secret, approve, args) != 0 ||
	    open_matters(st, &after) != 0)
		goto out;
	/* Refused (unknown or expired code, no reason): explained above. */
	if (after >= before) {
		rc = 1;
		goto out;
	}
	ctl_wake_daemon(cfg);
	rc = 0;
out:
	free(args);
	store_close(st);
	letters_close(l);
	sodium_memzero(secret, sizeof(secret));
	return rc;
}
