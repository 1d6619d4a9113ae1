/* SPDX-License-Identifier: ISC */
/*
 * hutil.h - what the handler files share: the transcript every reply is
 * made of (rendered by render.h), reply tokens in addresses and subjects,
 * arguments and fields, and a use of the command table.  Mail to other
 * people is notice.h; documents taken from attachments, docs.h.
 *
 * A reply is a transcript (SPEC 2, issue 4): what was understood, what was
 * done, what is still missing and the exact next step.  Handlers add those
 * facts with the tr_* calls; handlers_dispatch renders them at the end with
 * the template reply_transcripcion (templates/), so the wording can be
 * edited without touching C.
 */
#ifndef TEQUIO_HUTIL_H
#define TEQUIO_HUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "handlers/handlers.h"
#include "handlers/tokens.h"
#include "letters/letters.h"
#include "letters/sentences.h"

struct wf_application;

#define ROLE_BIT(r)	(1u << (r))
#define ROLES_ALL	(ROLE_BIT(ROLE_NONE) | ROLE_BIT(ROLE_ALUMNO) | \
			 ROLE_BIT(ROLE_DEPENDENCIA) | ROLE_BIT(ROLE_COORDINADOR))
/* Not a role: the commands AYUDA lists to a student without an account. */
#define ROLE_BIT_NEWCOMER	(1u << 4)

typedef int (*handler_fn)(struct hctx *ctx);

/* One USE of the command table (commands.def), built in dispatch.c. */
struct command_def {
	enum command cmd;
	unsigned roles;		/* ROLE_BIT()s allowed, ROLE_BIT_NEWCOMER */
	int changes_state;	/* needs a verified sender (SPEC 1) */
	handler_fn fn;
	const char *usage;	/* as written in a Subject */
	const char *help;	/* one line, Spanish */
	enum rtok_kind token;	/* the decision token that proves the
				   sender for this use alone, or RTOK_NONE */
};

/* The table and its size, for AYUDA and the "unknown command" reply. */
extern const struct command_def command_table[];
extern const size_t command_table_len;
/*
 * Run ctx->cl's command for ctx->role: the handler, or the reply for an
 * unknown command, a command of another role, or an unverified sender.
 */
int dispatch_command(struct hctx *ctx);
/* The row for cmd and role, or NULL. */
const struct command_def *command_find(enum command cmd, enum role role);

/* ---- the transcript (hutil.c) ---- */

/* The vars the transcript is collected in (created on first use). */
struct vars *tr_vars(struct hctx *ctx);
/* One thing done ("Registramos su matrícula 2021..."). */
void tr_done(struct hctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* One reason nothing was changed. */
void tr_error(struct hctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* One thing still missing. */
void tr_missing(struct hctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Where the sender stands (replaces). */
void tr_state(struct hctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The exact next step (replaces). */
void tr_next(struct hctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A document line: name, state ("recibido", "falta"...), file, type. */
void tr_document(struct hctx *ctx, const char *name, const char *state,
    const char *file, const char *type);
/* Where in the transcript a sentence goes (tr_say). */
enum tr_part {
	TR_DONE,	/* one thing done (tr_done) */
	TR_ERROR,	/* one reason nothing was changed (tr_error) */
	TR_MISSING,	/* one thing still missing (tr_missing) */
	TR_STATE,	/* where the sender stands (tr_state, replaces) */
	TR_NEXT,	/* the exact next step (tr_next, replaces) */
};
/* Add sentence s (templates/mensajes_*.txt), with the values of args
   ("name=%d name=%s", handlers/say.h), to the transcript. */
void tr_say(struct hctx *ctx, enum tr_part part, enum sentence s,
    const char *args, ...) __attribute__((format(printf, 4, 5)));
/* tr_document with its state said by sentence state (no variables). */
void tr_document_said(struct hctx *ctx, const char *name,
    enum sentence state, const char *file, const char *type);
/* True when tr_error was called. */
int tr_refused(struct hctx *ctx);

void tr_free(struct hctx *ctx);
/* The transcript as plain text, when no template can be used. */
void tr_plain(const struct vars *v, struct buf *out);

/* ---- mail to other people (notice.h) ---- */

struct notice {
	const char *to;
	const char *to_name;
	const char *subject;	/* without the [SS:] tag: it is added */
	const char *tpl;	/* template (NULL: reply_transcripcion) */
	struct vars *v;		/* its values (not freed) */
	enum rtok_kind tok_kind;	/* what a reply to it is about */
	int64_t tok_id;
	const struct reply_att *att;	/* attachments (not freed) */
	size_t n_att;
	const char *to_post;	/* the recipient's post, for the greeting */
};

/* The reply token address local+TOKEN@domain for (to, kind, id). */
char *token_address(const struct hctx *ctx, const char *to,
    enum rtok_kind kind, int64_t id, char tok[RTOK_LEN + 1]);
/* The personal address for an account token (caller frees). */
char *personal_address(const struct config *cfg, const char *atok);
/* The Message-ID (without <>) that carries reply token tok (caller
   frees). */
char *token_message_id(const struct config *cfg, const char *tok);
/* subject with any [SS:...] tag replaced by [SS:tok] (new string). */
char *tagged_subject(const char *subject, const char *tok);
/* subject without any [SS:...] tag, trimmed (new string). */
char *subject_untagged(const char *subject);
/* Set the reply's Reply-To, Message-ID and Subject tag (dispatch.c). */
void reply_seal(struct hctx *ctx, enum rtok_kind kind, int64_t id);

/* ---- small helpers (hutil.c) ---- */

/* The body field name of the message, trimmed, or NULL (caller frees). */
char *hctx_field(const struct hctx *ctx, const char *name);
/* The same for a field a form must have: when it is missing, sentence
   missing goes to the transcript as missing and *ok becomes 0. */
char *hctx_field_needed(struct hctx *ctx, const char *name,
    enum sentence missing, int *ok);
/* Who caused what ctx does, for the audit: the sender of the message,
   ACTOR_CALENDAR when a timer did, ctx->admin for an administrator. */
#define ACTOR_CALENDAR	"tequio (calendario)"
const char *hctx_actor(const struct hctx *ctx);
/* A context for a timer's or an administrator's transitions: no
   message, no command line (ctx->reply's body initialised). */
void hctx_init_cause(struct hctx *ctx, enum hctx_cause cause,
    const char *admin);
/* The n-th (0-based) white-space separated word of the arguments. */
char *hctx_arg_word(const struct hctx *ctx, int n);
/* The arguments after the first n words (trimmed, may be ""). */
char *hctx_arg_rest(const struct hctx *ctx, int n);
/*
 * The student whose matrícula is the first argument: 1 and *student_id,
 * 0 when missing or unknown (said in the transcript), -1 on error.
 */
int hctx_student_by_arg(struct hctx *ctx, int64_t *student_id);
/* The newest application of the student named by the first argument (a
   coordinator's command): 1, 0 when told there is none, -1 on error. */
int hctx_student_application_by_arg(struct hctx *ctx, struct wf_application *a);
/* The sender agency's application for the student named by the first
   argument: 1, 0 when told there is none, -1 on error. */
int hctx_agency_student_by_arg(struct hctx *ctx, struct wf_application *a);
/* The name a mail to addr (account account_id, or 0; display: the name
   the sender gave, or NULL) greets, or NULL for none; *post is the
   agency representative's post or "" (both new). */
char *hctx_greeting_for(struct hctx *ctx, int64_t account_id, const char *addr,
    const char *display, char **post);
/* The sender's display name or address. */
const char *hctx_sender_name(const struct hctx *ctx);
/* A copy of b's attachments into a new array (for a notice). */
void reply_att_copy(struct reply_att *dst, const char *filename,
    const char *type, const void *data, size_t len);
/* Free n attachments and the array. */
void reply_atts_free(struct reply_att *a, size_t n);
/* Free what one attachment holds (not the struct). */
void reply_att_clear(struct reply_att *a);

#endif
