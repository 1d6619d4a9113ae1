/* SPDX-License-Identifier: ISC */
/*
 * ctl.h - the commands of tequioctl.  tequioctl.c holds the table (one line
 * per command, as smtpctl does); each area implements its commands in its
 * own ctl/cmd_*.c file.
 *
 * A command gets the loaded configuration and its arguments (argv[0] is the
 * command name) and returns the process exit status: 0 success, 1 a
 * negative answer (e.g. verify: not genuine), 2 usage, 3 internal error.
 */
#ifndef TEQUIO_CTL_H
#define TEQUIO_CTL_H

#include <stdio.h>

#include "config/config.h"

typedef int (*ctl_fn)(const struct config *cfg, int argc, char **argv);

/* The administrator the audit names when tequioctl causes something
   (hctx_actor). */
#define CTL_ADMIN	"tequioctl"

/* cmd_init.c */
int ctl_init(const struct config *cfg, int argc, char **argv);
/* cmd_status.c */
int ctl_status(const struct config *cfg, int argc, char **argv);
/* cmd_config.c */
int ctl_check_config(const struct config *cfg, int argc, char **argv);
/* cmd_outbox.c */
int ctl_outbox(const struct config *cfg, int argc, char **argv);
int ctl_requeue(const struct config *cfg, int argc, char **argv);
/* Wake a running tequiod to deliver the outbox now, saying so. */
void ctl_wake_daemon(const struct config *cfg);
/* cmd_letters.c */
int ctl_verify(const struct config *cfg, int argc, char **argv);
int ctl_render(const struct config *cfg, int argc, char **argv);
int ctl_report(const struct config *cfg, int argc, char **argv);
/* cmd_workflow.c */
int ctl_pending(const struct config *cfg, int argc, char **argv);
int ctl_accounts(const struct config *cfg, int argc, char **argv);
/* cmd_import.c: Servicios Escolares' roster (issue 11). */
int ctl_import(const struct config *cfg, int argc, char **argv);
/* cmd_history.c: one account's whole history (issue 11). */
int ctl_history(const struct config *cfg, int argc, char **argv);
/* cmd_decide.c: a coordinator's decision from the console (issue 11). */
int ctl_decide(const struct config *cfg, int argc, char **argv);
/* cmd_quarantine.c: the messages set aside, and why (issue 11). */
int ctl_quarantine(const struct config *cfg, int argc, char **argv);
/* cmd_release.c: quarantine release ID, back to the inbox (issue 11). */
int ctl_quarantine_release(const struct config *cfg, const char *id);
/* cmd_resend.c: a lost letter rendered again and mailed (issue 11). */
int ctl_resend(const struct config *cfg, int argc, char **argv);
/* cmd_export.c */
int ctl_export(const struct config *cfg, int argc, char **argv);

/* cmd_keys.c: rotate token keys; revoke or reissue a personal address. */
int ctl_rotate(const struct config *cfg, int argc, char **argv);
int ctl_address(const struct config *cfg, int argc, char **argv);

/* cmd_privacy.c: retention (issue 12). */
int ctl_purge(const struct config *cfg, int argc, char **argv);
int ctl_access_log(const struct config *cfg, int argc, char **argv);
/* The columns tequioctl export wrote, file by file, in order. */
struct ctl_export_cols {
	char **file;
	char **column;
	size_t n;
};
/* Beside tequioctl export's files: for each column written, whether it
   is personal data and what it is. */
int ctl_export_personal_columns(const char *dir,
    const struct ctl_export_cols *cols);

/* Print s with control characters replaced by spaces: text from the
   database came from users and must not drive the terminal. */
void ctl_put_clean(FILE *f, const char *s);

struct store;
/*
 * Open the configured database, saying why not on stderr: 0, -1.
 * ctl_open_store reads only (never waits for a writer, never changes the
 * schema); ctl_open_store_rw is for the commands that write, and never
 * creates a database.
 */
int ctl_open_store(const struct config *cfg, struct store **st);
int ctl_open_store_rw(const struct config *cfg, struct store **st);

#endif
