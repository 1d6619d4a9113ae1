/* SPDX-License-Identifier: ISC */
/*
 * docs.h - documents taken from attachments (SPEC section 3).
 *
 * Which attachment is which document: its decoded file name's keywords
 * (classify_document); where the command expects one document and there
 * is one attachment, that one.  The bytes must be of a type the document
 * accepts, by libmagic on the bytes (never the name or the declared
 * type): a wrong or disguised file is refused naming the file and what it
 * really is.  Accepted documents are stored once, by SHA-256, in the
 * spool's "doc" area, mode 0600 (identity documents included: only the
 * daemon's user can read them), with the original name in the database.
 */
#ifndef TEQUIO_DOCS_H
#define TEQUIO_DOCS_H

#include <stddef.h>
#include <stdint.h>

#include "handlers/handlers.h"

/* ref_id of the second side of a two-sided document (the INE's back). */
#define DOCS_REF_OTHER_SIDE	2

/* The attachments of a message sorted by the document they are. */
struct doc_pick {
	const struct attachment *att[DOC__COUNT];	/* NULL: not sent */
	const struct attachment *second[DOC__COUNT];	/* the other side of a
							   two-sided document
							   (INE), or NULL */
	int bad;		/* an attachment was refused (tr_error said) */
	int unknown;		/* attachments that are no document we know */
};

/*
 * Sort ctx->msg's attachments into the kinds listed in want (n of them).
 * When only_one is a kind and the message has exactly one attachment, it
 * is that kind whatever its name.  Each attachment whose type does not fit
 * its kind is refused in the transcript (pick->bad); attachments that are
 * no wanted document are counted (pick->unknown) and named in the list
 * of files, not refused: an extra file does not undo the right one.
 * Images in the text count when nothing was attached.  A kind sent twice
 * keeps the first (the second side of an INE goes to pick->second).
 */
void docs_pick(struct hctx *ctx, const enum doc_kind *want, size_t n,
    enum doc_kind only_one, struct doc_pick *pick);

/*
 * Every file of ctx->msg, and every file dropped for its size, as the
 * "adjuntos" list of the transcript: its name, what it is in words a
 * person uses, and what was done with it (docs_pick and docs_store noted
 * it).  Oversize files are logged.
 */
void docs_list_files(struct hctx *ctx);
/* Free what docs_pick and docs_store noted. */
void docs_notes_free(struct hctx *ctx);

/*
 * Store attachment a as document kind of account_id (ref_id: program,
 * application... or 0), replacing the current one of the same kind and
 * ref.  *doc_id receives the new row.  Returns 0, -1 on error.
 */
int docs_store(struct hctx *ctx, const struct attachment *a,
    enum doc_kind kind, int64_t account_id, int64_t ref_id, int64_t *doc_id);

/*
 * Load document doc_id into a new reply attachment (for a notice).
 * Identity documents are only ever attached for coordinators: the caller
 * says who it is for, and anything else is refused (returns 1, logged).
 * Returns 0, 1 refused, -1 on error.
 */
int docs_attachment(struct hctx *ctx, int64_t doc_id, int for_coordinator,
    struct reply_att *out);

/* True for INE, comprobante de domicilio and RFC. */
int docs_is_identity(enum doc_kind k);

/* The doc_kind for a stored kind id ("ine"), DOC_UNKNOWN if none. */
enum doc_kind docs_kind_of(const char *id);

#endif
