/* SPDX-License-Identifier: ISC */
/*
 * message.h - a received mail, parsed into what the rest of tequio needs.
 *
 * mime.c builds it from the raw bytes with libetpan; nothing else looks at
 * MIME.  All strings are UTF-8 (converted from whatever charset the sender
 * used), NUL-terminated, owned by the struct and freed by message_free().
 * A string the mail did not have is "" (never NULL), so callers need not
 * check.
 */
#ifndef TEQUIO_MESSAGE_H
#define TEQUIO_MESSAGE_H

#include <stddef.h>

struct attachment {
	char *filename;		/* decoded (RFC 2047/2231), path parts removed */
	char *declared_type;	/* Content-Type as sent, lower case */
	char *magic_type;	/* libmagic's MIME type of the decoded bytes */
	unsigned char *data;	/* decoded body */
	size_t len;
	int inline_part;	/* Content-Disposition inline with Content-ID */
	int container;		/* winmail.dat or forwarded message: its files
				   follow it in the array (attach.c) */
	char *origin;		/* name of the container it came out of, or "" */
	char *converted_from;	/* "HEIC" when converted to JPEG, or "" */
};

/* A file dropped because it was over max_attachment_bytes. */
struct oversize_file {
	char *filename;
	size_t len;
};

/* Why a message must never be answered (RFC 3834 and loop prevention). */
enum auto_kind {
	AUTO_NONE = 0,
	AUTO_SUBMITTED,		/* Auto-Submitted other than "no" */
	AUTO_PRECEDENCE,	/* Precedence: bulk, junk or list */
	AUTO_LIST,		/* List-Id / List-Unsubscribe */
	AUTO_XAUTOREPLY,	/* X-Autoreply, X-Autorespond, X-Auto-Response-Suppress: All */
	AUTO_NULL_SENDER,	/* Return-Path: <> */
	AUTO_REPORT,		/* multipart/report, message/delivery-status */
	AUTO_DAEMON,		/* from MAILER-DAEMON, postmaster */
	AUTO_LOOP,		/* our own X-Loop or Message-ID */
};

struct header {
	char *name;		/* as written */
	char *value;		/* unfolded, raw (not decoded) */
};

struct message {
	/* Envelope-ish identity */
	char *from_addr;	/* lower-cased addr-spec of From; "" if unreadable */
	char *from_name;	/* decoded display name */
	size_t n_from;		/* mailboxes in the (first) From header */
	char *reply_to_addr;	/* first Reply-To address, lower case, or "" */
	char *sender_addr;	/* Sender:, lower case, or "" */
	char *return_path;	/* Return-Path content without <>; NULL if absent */
	char **to_addrs;	/* To + Cc + Delivered-To/X-Original-To addrs */
	size_t n_to;

	char *subject;		/* decoded */
	char *message_id;	/* without <>; "" when absent */
	char *in_reply_to;	/* first msg-id, without <> */
	char **references;	/* msg-ids without <>, in order */
	size_t n_references;
	char *date;		/* raw Date header */

	char *body;		/* text: text/plain preferred, else stripped HTML;
				   quoted replies and signature removed */
	char *body_full;	/* the same text before quote removal */

	struct attachment *att;
	size_t n_att;

	struct header *headers;	/* top-level headers, for the checks below */
	size_t n_headers;

	enum auto_kind automatic;
	int malformed;		/* structure could not be parsed fully */
	char *malformed_why;	/* Spanish, for the reply; "" when fine */
	int too_many_attachments;	/* more than limits allow (rest dropped) */
	char *oversize_attachment;	/* name of first attachment over limit, or "" */
	struct oversize_file *oversize;	/* every one, with its size */
	size_t n_oversize;
};

struct parse_limits {
	size_t max_attachment_bytes;
	size_t max_attachments;
	const char *our_domain;		/* for Message-ID loop detection */
	const char *our_address;	/* for X-Loop detection */
};

/*
 * Parse raw (len bytes, need not be NUL-terminated).  Never fails on bad
 * input: what can be read is read, and malformed is set.  Returns a new
 * message; the caller frees it with message_free.  magic may be NULL (then
 * magic_type is "application/octet-stream").
 */
struct message *message_parse(const char *raw, size_t len,
    const struct parse_limits *lim, void *magic_cookie);
void message_free(struct message *m);

/* First header named name (case-insensitive), or NULL. */
const char *message_header(const struct message *m, const char *name);

/* A name for the auto_kind, for logs. */
const char *auto_kind_name(enum auto_kind k);

#endif
