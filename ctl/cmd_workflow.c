/* SPDX-License-Identifier: ISC */
/*
 * cmd_workflow.c - tequioctl commands about the servicio social itself:
 * "pending" (matters waiting for a coordinator, with their approval codes:
 * the operator can read them anyway, and a coordinator who lost the mail
 * asks for them) and "accounts" (students and agencies with their
 * state).  "export" is in cmd_export.c.
 *
 * Text in the database came from users: every cell printed is cleaned of
 * control characters.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "common/secret.h"
#include "common/util.h"
#include "ctl/ctl.h"
#include "handlers/handlers.h"
#include "handlers/hutil.h"
#include "handlers/matters.h"
#include "handlers/tokens.h"
#include "store/store.h"
#include "store/store_workflow.h"

int
ctl_open_store(const struct config *cfg, struct store **st)
{
	char err[256];

	if (store_open_readonly(cfg->database, st, err, sizeof(err)) != 0) {
		fprintf(stderr, "tequioctl: %s\n", err);
		return -1;
	}
	return 0;
}

int
ctl_open_store_rw(const struct config *cfg, struct store **st)
{
	char err[256];

	/* Only tequiod (or tequioctl init) creates the database. */
	if (access(cfg->database, F_OK) != 0) {
		fprintf(stderr, "tequioctl: %s: %s\n", cfg->database,
		    strerror(errno));
		return -1;
	}
	if (store_open(cfg->database, st, err, sizeof(err)) != 0) {
		fprintf(stderr, "tequioctl: %s\n", err);
		return -1;
	}
	return 0;
}

void
ctl_put_clean(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		fputc(*p < 0x20 || *p == 0x7f ? ' ' : *p, f);
}

static void
put_date(FILE *f, int64_t t)
{
	char out[32];
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, sizeof(out), "%Y-%m-%d %H:%M", &tm) == 0)
		fputs("-", f);
	else
		fputs(out, f);
}

/* The code of an open matter, or "-" when the secret cannot be read. */
static void
matter_code_or_dash(const struct hctx *ctx, const struct wf_matter *m,
    int have_secret, char code[CODE_LEN + 1])
{
	if (!have_secret || ctx->now >= m->expires)
		str_lcpy(code, "-", CODE_LEN + 1);
	else
		matter_code(ctx, m, code);
}

int
ctl_pending(const struct config *cfg, int argc, char **argv)
{
	unsigned char secret[SECRET_LEN];
	struct store *st = NULL;
	struct wf_matter *m = NULL;
	struct hctx ctx;
	size_t n = 0;
	int rc = 3, have_secret;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "uso: tequioctl pending\n");
		return 2;
	}
	have_secret = secret_load(cfg->secret_file, secret, 0) == 0;
	if (ctl_open_store(cfg, &st) != 0)
		return 3;
	/* matter_describe() reads the store through a handler context: an
	   administrator's, with no message. */
	hctx_init_cause(&ctx, HCTX_ADMIN, CTL_ADMIN);
	ctx.cfg = cfg;
	ctx.st = st;
	ctx.secret = secret;
	ctx.now = now_seconds();
	if (have_secret && handlers_load_keys(&ctx) != 0)
		goto out;
	if (store_wf_matter_list_open(st, &m, &n) != 0)
		goto out;
	printf("%-7s %-16s %-16s %s\n", "CÓDIGO", "DESDE", "VENCE", "ASUNTO");
	for (size_t i = 0; i < n; i++) {
		char code[CODE_LEN + 1];
		struct buf what;

		buf_init(&what);
		if (matter_describe(&ctx, &m[i], &what) != 0)
			buf_printf(&what, "%s %lld", m[i].kind,
			    (long long)m[i].entity_id);
		matter_code_or_dash(&ctx, &m[i], have_secret, code);
		printf("%-7s ", code);
		put_date(stdout, m[i].created);
		fputs(" ", stdout);
		put_date(stdout, m[i].expires);
		fputs(" ", stdout);
		ctl_put_clean(stdout, what.data);
		fputs("\n", stdout);
		buf_free(&what);
	}
	if (!have_secret)
		fprintf(stderr, "tequioctl: no se puede leer %s: los "
		    "códigos no se muestran\n",
		    cfg->secret_file);
	rc = 0;
out:
	sodium_memzero(secret, sizeof(secret));
	sodium_memzero(ctx.code_key, sizeof(ctx.code_key));
	wf_matters_free(m, n);
	store_close(st);
	return rc;
}

int
ctl_accounts(const struct config *cfg, int argc, char **argv)
{
	struct store *st = NULL;
	struct wf_account *a = NULL;
	size_t n = 0;
	int rc = 3;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "alumno") != 0 &&
	    strcmp(argv[1], "dependencia") != 0)) {
		fprintf(stderr, "uso: tequioctl accounts "
		    "[alumno|dependencia]\n");
		return 2;
	}
	if (ctl_open_store(cfg, &st) != 0)
		return 3;
	if (store_wf_account_list(st, argc == 2 ? argv[1] : NULL, &a, &n) != 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		printf("%lld\t", (long long)a[i].id);
		ctl_put_clean(stdout, a[i].role);
		fputc('\t', stdout);
		ctl_put_clean(stdout, a[i].email);
		fputc('\t', stdout);
		ctl_put_clean(stdout, a[i].state);
		fputc('\t', stdout);
		ctl_put_clean(stdout, a[i].name);
		fputc('\n', stdout);
	}
	rc = 0;
out:
	wf_accounts_free(a, n);
	store_close(st);
	return rc;
}
