/* SPDX-License-Identifier: ISC */
/*
 * handlers.h - what a command handler gets and gives.
 *
 * The pipeline (daemon/pipeline.c) parses a message, opens a transaction,
 * fills a struct hctx and calls handlers_dispatch().  A handler reads and
 * changes the database through the store, appends the transcript of what it
 * understood and did to ctx->reply, and may queue mail to other people with
 * outbox_queue().  The pipeline then queues the reply to the sender and
 * commits: the state change and every mail about it land together, or not
 * at all.
 *
 * A handler returns 0 when the message was handled (successfully or with a
 * refusal explained in the reply) and -1 on an internal error (database):
 * the pipeline rolls back and the message is retried later.
 */
#ifndef TEQUIO_HANDLERS_H
#define TEQUIO_HANDLERS_H

#include <stddef.h>
#include <stdint.h>

#include "common/secret.h"
#include "common/util.h"
#include "config/config.h"
#include "handlers/classify.h"
#include "mail/compose.h"
#include "mail/message.h"
#include "store/store.h"

struct att_notes;
struct letters;
struct vars;

enum role { ROLE_NONE = 0, ROLE_ALUMNO, ROLE_DEPENDENCIA, ROLE_COORDINADOR };

/* A generated attachment owned by the reply. */
struct reply_att {
	char *filename;
	char *content_type;
	struct buf data;
	/* Set by docs_attachment for a stored document (issue 12: who may
	   receive it, and the access log); 0 for anything generated. */
	int64_t doc_id;
	int64_t doc_owner;	/* the account it belongs to */
	int doc_identity;	/* INE, comprobante de domicilio, RFC */
};

struct reply {
	char *subject;		/* NULL: "Re: <original subject>" */
	struct buf body;	/* the transcript, UTF-8 */
	struct reply_att *att;
	size_t n_att;
	int suppress;		/* send nothing (the handler already mailed) */
	int quarantine;		/* move the message to quarantine */
	char *reply_to;		/* Reply-To for this reply (token address) */
	char *message_id;	/* Message-ID to use (carries the token), or NULL */
};

/*
 * What makes handlers run, and so causes the transitions they fire: a
 * received message (ctx->msg), a timer (the calendar and the other
 * periodic jobs), or an administrator at tequioctl.  Only HCTX_MAIL has a
 * message; the audit names the cause (hctx_actor).
 */
enum hctx_cause {
	HCTX_MAIL,
	HCTX_TIMER,
	HCTX_ADMIN
};

struct hctx {
	const struct config *cfg;
	struct store *st;
	struct letters *letters;
	enum hctx_cause cause;
	const char *admin;	/* HCTX_ADMIN: who, for the audit */
	const struct message *msg;	/* HCTX_MAIL only */
	const struct command_line *cl;
	int64_t msg_row;	/* row of the received message */
	int64_t now;
	const unsigned char *secret;	/* server secret, SECRET_LEN bytes: letters */
	/* Keys of this generation (tokens.h, handlers_load_keys). */
	unsigned char token_key[SECRET_LEN];	/* reply tokens */
	unsigned char code_key[SECRET_LEN];	/* approval codes */
	enum role role;
	int verified;		/* sender proven for its whole role (SPEC 1) */
	int64_t account_id;	/* the sender's account row, 0 if none */
	struct reply reply;

	/* Set by handlers_identify from a genuine decision token (tokens.h):
	   it authorises only the decision it names (dispatch.c). */
	int token_kind;		/* enum rtok_kind; 0 when none */
	int64_t token_id;	/* the matter it names */
	int token_expired;	/* a genuine token was seen, but too old */
	int distrusted;		/* the MX or the headers say forged (authres.h) */
	int confirming;		/* running a confirmed pending command */
	/* For the message's one summary line in the log (pipeline.c):
	   handlers_identify ran; privacy_first_contact added the aviso. */
	int identified;
	int aviso_shown;
	struct vars *tr;	/* private to handlers/: the transcript */
	struct att_notes *att_notes;	/* private to docs.c: what was done
					   with each attachment */
};

/*
 * Work out who wrote (ctx->role, ctx->account_id) and whether the sender
 * is verified (ctx->verified), as SPEC section 1 says.  Returns 0, -1 on a
 * database error.
 */
int handlers_identify(struct hctx *ctx);

/*
 * Derive ctx->token_key and ctx->code_key from ctx->secret for the key
 * generation in the database (handlers_identify does it).  0, -1.
 */
int handlers_load_keys(struct hctx *ctx);

/* Run the handler for ctx->cl->cmd (or the "unknown command" reply). */
int handlers_dispatch(struct hctx *ctx);

/* Attach bytes to the reply (copied). */
void reply_attach(struct reply *r, const char *filename,
    const char *content_type, const void *data, size_t len);
void reply_free(struct reply *r);

/* Spanish name of a role, e.g. "alumno". */
const char *role_name(enum role r);

#endif
