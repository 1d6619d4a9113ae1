/* SPDX-License-Identifier: ISC */
/*
 * cmd_workflow.c - tequioctl commands about the servicio social itself:
 * "pending" (matters waiting for a coordinator, with their approval codes:
 * the operator can read them anyway, and a coordinator who lost the mail
 * asks for them), "accounts" (students and
 * agencies with their state) and "export DIR" (the workflow tables as CSV
 * files, for a spreadsheet or an audit).
 *
 * Text in the database came from users: every cell printed is cleaned of
 * control characters, and CSV cells are quoted (RFC 4180) and protected
 * from spreadsheet formula injection.
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

#include "common/csv.h"
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

/* Print s with control characters replaced by spaces. */
static void
put_clean(FILE *f, const char *s)
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
		fprintf(stderr, "usage: tequioctl pending\n");
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
		put_clean(stdout, what.data);
		fputs("\n", stdout);
		buf_free(&what);
	}
	if (!have_secret)
		fprintf(stderr, "tequioctl: %s unreadable: codes not shown\n",
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
		fprintf(stderr, "usage: tequioctl accounts "
		    "[alumno|dependencia]\n");
		return 2;
	}
	if (ctl_open_store(cfg, &st) != 0)
		return 3;
	if (store_wf_account_list(st, argc == 2 ? argv[1] : NULL, &a, &n) != 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		printf("%lld\t", (long long)a[i].id);
		put_clean(stdout, a[i].role);
		fputc('\t', stdout);
		put_clean(stdout, a[i].email);
		fputc('\t', stdout);
		put_clean(stdout, a[i].state);
		fputc('\t', stdout);
		put_clean(stdout, a[i].name);
		fputc('\n', stdout);
	}
	rc = 0;
out:
	wf_accounts_free(a, n);
	store_close(st);
	return rc;
}

/* One CSV cell: quoted, quotes doubled, formulas defused with a quote. */
static void
csv_put(FILE *f, const char *s, int last)
{
	struct buf b;

	buf_init(&b);
	csv_cell(&b, s);	/* the one writer: common/csv.h */
	buf_adds(&b, last ? "\r\n" : ",");
	fwrite(b.data, 1, b.len, f);
	buf_free(&b);
}

static void
csv_int(FILE *f, int64_t v, int last)
{
	char b[32];

	snprintf(b, sizeof(b), "%lld", (long long)v);
	csv_put(f, b, last);
}

static FILE *
open_out(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s", dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (f == NULL) {
		fprintf(stderr, "tequioctl: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	free(path);
	return f;
}

/* Flush, sync and close f whatever happens; -1 if any write failed. */
static int
close_out(FILE *f, const char *name)
{
	/* ferror: a write that failed when stdio flushed a full buffer is
	   not reported again by the final fflush. */
	int bad = ferror(f) || fflush(f) != 0 || fsync(fileno(f)) != 0;
	int err = errno;

	if (fclose(f) != 0 && !bad) {
		bad = 1;
		err = errno;
	}
	if (bad) {
		fprintf(stderr, "tequioctl: %s: %s\n", name, strerror(err));
		return -1;
	}
	return 0;
}

static int
export_accounts(struct store *st, const char *dir)
{
	struct wf_account *a = NULL;
	size_t n = 0;
	FILE *f;

	if (store_wf_account_list(st, NULL, &a, &n) != 0)
		return -1;
	if ((f = open_out(dir, "cuentas.csv")) == NULL) {
		wf_accounts_free(a, n);
		return -1;
	}
	fputs("id,rol,correo,nombre,estado,alta\r\n", f);
	for (size_t i = 0; i < n; i++) {
		csv_int(f, a[i].id, 0);
		csv_put(f, a[i].role, 0);
		csv_put(f, a[i].email, 0);
		csv_put(f, a[i].name, 0);
		csv_put(f, a[i].state, 0);
		csv_int(f, a[i].created, 1);
	}
	wf_accounts_free(a, n);
	return close_out(f, "cuentas.csv");
}

static int
export_audit(struct store *st, const char *dir)
{
	struct wf_audit_row *r = NULL;
	size_t n = 0;
	FILE *f;

	if (store_wf_audit_list(st, WF__COUNT, 0, &r, &n) != 0)
		return -1;
	if ((f = open_out(dir, "bitacora.csv")) == NULL) {
		wf_audit_rows_free(r, n);
		return -1;
	}
	fputs("entidad,id,evento,de,a,actor,mensaje,fecha\r\n", f);
	for (size_t i = 0; i < n; i++) {
		csv_put(f, r[i].entity, 0);
		csv_int(f, r[i].entity_id, 0);
		csv_put(f, r[i].event, 0);
		csv_put(f, r[i].from_state, 0);
		csv_put(f, r[i].to_state, 0);
		csv_put(f, r[i].actor, 0);
		csv_int(f, r[i].msg_row, 0);
		csv_int(f, r[i].at, 1);
	}
	wf_audit_rows_free(r, n);
	return close_out(f, "bitacora.csv");
}

static int
export_applications(struct store *st, const char *dir)
{
	struct wf_application *a = NULL;
	size_t n = 0;
	FILE *f;

	if (store_wf_application_list(st, 0, NULL, 0, &a, &n) != 0)
		return -1;
	if ((f = open_out(dir, "solicitudes.csv")) == NULL) {
		wf_applications_free(a, n);
		return -1;
	}
	fputs("id,alumno,programa,dependencia,estado,motivo,alta\r\n", f);
	for (size_t i = 0; i < n; i++) {
		csv_int(f, a[i].id, 0);
		csv_int(f, a[i].student_id, 0);
		csv_int(f, a[i].program_id, 0);
		csv_int(f, a[i].agency_id, 0);
		csv_put(f, a[i].state, 0);
		csv_put(f, a[i].motivo, 0);
		csv_int(f, a[i].created, 1);
	}
	wf_applications_free(a, n);
	return close_out(f, "solicitudes.csv");
}

int
ctl_export(const struct config *cfg, int argc, char **argv)
{
	struct store *st = NULL;
	int rc = 3;

	if (argc != 2) {
		fprintf(stderr, "usage: tequioctl export DIR\n");
		return 2;
	}
	if (mkdir(argv[1], 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "tequioctl: %s: %s\n", argv[1],
		    strerror(errno));
		return 3;
	}
	if (ctl_open_store(cfg, &st) != 0)
		return 3;
	if (export_accounts(st, argv[1]) != 0 ||
	    export_applications(st, argv[1]) != 0 ||
	    export_audit(st, argv[1]) != 0 ||
	    ctl_export_personal_columns(argv[1]) != 0)
		goto out;
	printf("%s: cuentas.csv solicitudes.csv bitacora.csv "
	    "datos-personales.csv\n", argv[1]);
	rc = 0;
out:
	store_close(st);
	return rc;
}
