/* SPDX-License-Identifier: ISC */
/*
 * mime.c - message_parse(): raw bytes of a received mail to the struct
 * message the rest of tequio works with (see message.h).
 *
 * The top-level header block is split here (mimehdr.c), not by libetpan:
 * a sender must be read even from mail whose headers libetpan rejects.
 * The MIME tree is libetpan's: the top-level MIME headers and the body are
 * handed to mailmime_parse(), and two walks over the tree collect the
 * text (text/plain preferred, else HTML made plain) and the attachments.
 *
 * libetpan accepts broken structure silently (a missing final boundary, a
 * multipart without a boundary), so the walks check for it and set
 * malformed with a reason a person can act on.  It also recurses once per
 * nesting level and rescans the remaining body at each level, so mail
 * that declares too many nested parts is not given to it at all.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The MIME parser only: IMAP stays in mailbox/imap.c. */
#include <libetpan/mailmime.h>
#include <magic.h>

#include "common/cleantext.h"
#include "common/util.h"
#include "mail/attach.h"
#include "mail/autodetect.h"
#include "mail/message.h"
#include "mail/mimehdr.h"
#include "mail/mimelimit.h"
#include "mail/textbody.h"

#define MAX_DEPTH	20	/* MIME nesting we walk */
#define MAX_TO		200	/* recipient addresses kept */
#define FORWARD_NAME	"mensaje-reenviado.eml"
#define MAGIC_BYTES	(1024 * 1024)	/* of an attachment shown to libmagic */

struct walk {
	struct message *m;
	const struct parse_limits *lim;
	void *magic;
	size_t att_cap;
	int report_part;	/* a report part at the top of the tree */
};

/* What a single part says about itself. */
struct part {
	char *type;		/* "text/plain", lower case */
	char *charset;		/* NULL when not given */
	char *filename;		/* decoded and made safe, NULL when none */
	int disposition;	/* MAILMIME_DISPOSITION_TYPE_*, -1 if none */
	int has_cid;
	int flowed, delsp;
};

static void
set_malformed(struct message *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Only the first reason is kept: it is the one the sender must fix. */
static void
set_malformed(struct message *m, const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	m->malformed = 1;
	if (m->malformed_why[0] != '\0')
		return;
	buf_init(&b);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	free(m->malformed_why);
	m->malformed_why = buf_steal(&b);
}

static struct message *
message_new(void)
{
	struct message *m = xcalloc(1, sizeof(*m));

	m->from_addr = xstrdup("");
	m->from_name = xstrdup("");
	m->reply_to_addr = xstrdup("");
	m->sender_addr = xstrdup("");
	m->subject = xstrdup("");
	m->message_id = xstrdup("");
	m->in_reply_to = xstrdup("");
	m->date = xstrdup("");
	m->malformed_why = xstrdup("");
	m->oversize_attachment = xstrdup("");
	return m;
}

/* Headers -------------------------------------------------------------- */

const char *
message_header(const struct message *m, const char *name)
{
	for (size_t i = 0; i < m->n_headers; i++)
		if (ascii_casecmp(m->headers[i].name, name) == 0)
			return m->headers[i].value;
	return NULL;
}

static void
replace(char **dst, char *src)
{
	free(*dst);
	*dst = src;
}

/*
 * First address of header name into *addr (and its name into *name);
 * returns how many mailboxes the header holds (0 when absent).
 */
static size_t
first_address(const struct message *m, const char *hname, char **addr,
    char **name)
{
	const char *v = message_header(m, hname);
	struct mime_addr *a;
	size_t n;

	if (v == NULL)
		return 0;
	n = mime_addr_list(v, &a);
	if (n > 0) {
		replace(addr, a[0].addr);
		a[0].addr = NULL;
		if (name != NULL) {
			replace(name, a[0].name);
			a[0].name = NULL;
		}
	}
	mime_addr_list_free(a, n);
	return n;
}

static void
add_recipients(struct message *m, const char *value)
{
	struct mime_addr *a;
	size_t n = mime_addr_list(value, &a);

	for (size_t i = 0; i < n && m->n_to < MAX_TO; i++) {
		size_t k;

		for (k = 0; k < m->n_to; k++)
			if (strcmp(m->to_addrs[k], a[i].addr) == 0)
				break;
		if (k < m->n_to)
			continue;
		m->to_addrs = xreallocarray(m->to_addrs, m->n_to + 1,
		    sizeof(*m->to_addrs));
		m->to_addrs[m->n_to++] = a[i].addr;
		a[i].addr = NULL;
	}
	mime_addr_list_free(a, n);
}

static void
read_recipients(struct message *m)
{
	static const char *const names[] = {
		"To", "Cc", "Delivered-To", "X-Original-To",
	};

	for (size_t k = 0; k < ARRAY_LEN(names); k++)
		for (size_t i = 0; i < m->n_headers; i++)
			if (ascii_casecmp(m->headers[i].name, names[k]) == 0)
				add_recipients(m, m->headers[i].value);
}

static void
read_return_path(struct message *m)
{
	const char *v = message_header(m, "Return-Path");
	char *rp;

	if (v == NULL)
		return;
	rp = xstrdup(v + strspn(v, " \t<"));
	rp[strcspn(rp, "> \t")] = '\0';
	m->return_path = ascii_lower_inplace(rp);
}

static void
read_ids(struct message *m)
{
	const char *v;
	char **ids;
	size_t n;

	if ((v = message_header(m, "Message-ID")) != NULL) {
		n = mime_msgid_list(v, &ids);
		if (n > 0)
			replace(&m->message_id, xstrdup(ids[0]));
		for (size_t i = 0; i < n; i++)
			free(ids[i]);
		free(ids);
	}
	if ((v = message_header(m, "In-Reply-To")) != NULL) {
		n = mime_msgid_list(v, &ids);
		if (n > 0)
			replace(&m->in_reply_to, xstrdup(ids[0]));
		for (size_t i = 0; i < n; i++)
			free(ids[i]);
		free(ids);
	}
	if ((v = message_header(m, "References")) != NULL)
		m->n_references = mime_msgid_list(v, &m->references);
}

static void
read_subject(struct message *m)
{
	const char *v = message_header(m, "Subject");
	char *s;

	if (v == NULL)
		return;
	s = mime_decode_words(v);
	for (char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	replace(&m->subject, str_trim(text_strip_invisible(s)));
}

static void
read_identity(struct message *m)
{
	const char *date = message_header(m, "Date");

	/* Counted once here for authres.c's rule of one mailbox. */
	m->n_from = first_address(m, "From", &m->from_addr, &m->from_name);
	text_strip_invisible(m->from_name);	/* cleantext.h */
	first_address(m, "Reply-To", &m->reply_to_addr, NULL);
	first_address(m, "Sender", &m->sender_addr, NULL);
	read_return_path(m);
	read_recipients(m);
	read_subject(m);
	read_ids(m);
	if (date != NULL)
		replace(&m->date, xstrdup(date));
}

/* Parts ---------------------------------------------------------------- */

static char *
type_name(const struct mailmime_content *ct)
{
	const struct mailmime_type *t;
	const char *top = "application";

	if (ct == NULL || (t = ct->ct_type) == NULL)
		return xstrdup("text/plain");
	if (t->tp_type == MAILMIME_TYPE_DISCRETE_TYPE) {
		static const char *const names[] = {
			"application", "text", "image", "audio", "video",
			"application",
		};
		const struct mailmime_discrete_type *d =
		    t->tp_data.tp_discrete_type;

		if (d->dt_type == MAILMIME_DISCRETE_TYPE_EXTENSION)
			top = d->dt_extension;
		else if (d->dt_type >= 0 && (size_t)d->dt_type <
		    ARRAY_LEN(names))
			top = names[d->dt_type];
	} else {
		const struct mailmime_composite_type *c =
		    t->tp_data.tp_composite_type;

		if (c->ct_type == MAILMIME_COMPOSITE_TYPE_MESSAGE)
			top = "message";
		else if (c->ct_type == MAILMIME_COMPOSITE_TYPE_MULTIPART)
			top = "multipart";
		else if (c->ct_token != NULL)
			top = c->ct_token;
	}
	return ascii_lower_inplace(xasprintf("%s/%s", top,
	    ct->ct_subtype ? ct->ct_subtype : ""));
}

/* libetpan's parameter list as name/value pairs (borrowed strings). */
static struct mime_param *
ct_params(const struct mailmime_content *ct, size_t *n)
{
	struct mime_param *p = NULL;
	clistiter *it;

	*n = 0;
	if (ct == NULL || ct->ct_parameters == NULL)
		return NULL;
	p = xreallocarray(NULL, (size_t)clist_count(ct->ct_parameters) + 1,
	    sizeof(*p));
	for (it = clist_begin(ct->ct_parameters); it; it = clist_next(it)) {
		struct mailmime_parameter *mp = clist_content(it);

		p[*n].name = mp->pa_name ? mp->pa_name : "";
		p[*n].value = mp->pa_value ? mp->pa_value : "";
		(*n)++;
	}
	return p;
}

static struct mime_param *
disp_params(const struct mailmime_disposition *d, size_t *n)
{
	struct mime_param *p;
	clistiter *it;

	*n = 0;
	if (d == NULL || d->dsp_parms == NULL)
		return NULL;
	p = xreallocarray(NULL, (size_t)clist_count(d->dsp_parms) + 1,
	    sizeof(*p));
	for (it = clist_begin(d->dsp_parms); it; it = clist_next(it)) {
		struct mailmime_disposition_parm *dp = clist_content(it);

		if (dp->pa_type == MAILMIME_DISPOSITION_PARM_FILENAME &&
		    dp->pa_data.pa_filename != NULL) {
			p[*n].name = "filename";
			p[*n].value = dp->pa_data.pa_filename;
			(*n)++;
		} else if (dp->pa_type == MAILMIME_DISPOSITION_PARM_PARAMETER &&
		    dp->pa_data.pa_parameter != NULL &&
		    dp->pa_data.pa_parameter->pa_name != NULL) {
			p[*n].name = dp->pa_data.pa_parameter->pa_name;
			p[*n].value = dp->pa_data.pa_parameter->pa_value ?
			    dp->pa_data.pa_parameter->pa_value : "";
			(*n)++;
		}
	}
	return p;
}

static const struct mailmime_disposition *
part_disposition(const struct mailmime *mm, int *has_cid)
{
	const struct mailmime_disposition *d = NULL;
	clistiter *it;

	*has_cid = 0;
	if (mm->mm_mime_fields == NULL)
		return NULL;
	for (it = clist_begin(mm->mm_mime_fields->fld_list); it;
	    it = clist_next(it)) {
		struct mailmime_field *f = clist_content(it);

		if (f->fld_type == MAILMIME_FIELD_DISPOSITION)
			d = f->fld_data.fld_disposition;
		else if (f->fld_type == MAILMIME_FIELD_ID)
			*has_cid = 1;
	}
	return d;
}

static void
part_get(const struct mailmime *mm, struct part *pt)
{
	const struct mailmime_disposition *d;
	struct mime_param *cp, *dp;
	size_t ncp, ndp;
	char *name, *fmt, *delsp;

	memset(pt, 0, sizeof(*pt));
	pt->type = type_name(mm->mm_content_type);
	d = part_disposition(mm, &pt->has_cid);
	pt->disposition = d && d->dsp_type ? d->dsp_type->dsp_type : -1;
	cp = ct_params(mm->mm_content_type, &ncp);
	dp = disp_params(d, &ndp);
	name = mime_param_get(dp, ndp, "filename");
	if (name == NULL || name[0] == '\0') {
		free(name);
		name = mime_param_get(cp, ncp, "name");
	}
	if (name != NULL && name[0] != '\0')
		pt->filename = mime_safe_filename(name);
	free(name);
	pt->charset = mime_param_get(cp, ncp, "charset");
	fmt = mime_param_get(cp, ncp, "format");
	delsp = mime_param_get(cp, ncp, "delsp");
	pt->flowed = fmt != NULL && ascii_casecmp(fmt, "flowed") == 0;
	pt->delsp = delsp != NULL && ascii_casecmp(delsp, "yes") == 0;
	free(fmt);
	free(delsp);
	free(cp);
	free(dp);
}

static void
part_clear(struct part *pt)
{
	free(pt->type);
	free(pt->charset);
	free(pt->filename);
}

static int
type_is(const struct part *pt, const char *type)
{
	return strcmp(pt->type, type) == 0;
}

static int
is_multipart_type(const struct part *pt)
{
	return strncmp(pt->type, "multipart/", 10) == 0;
}

/* Text the sender wrote, as opposed to a text file attached. */
static int
is_body_text(const struct part *pt)
{
	return (type_is(pt, "text/plain") || type_is(pt, "text/html")) &&
	    pt->filename == NULL &&
	    pt->disposition != MAILMIME_DISPOSITION_TYPE_ATTACHMENT;
}

static int
in_alternative(const struct mailmime *mm)
{
	const struct mailmime *p = mm->mm_parent;

	return p != NULL && p->mm_type == MAILMIME_MULTIPLE &&
	    p->mm_content_type != NULL && p->mm_content_type->ct_subtype &&
	    ascii_casecmp(p->mm_content_type->ct_subtype, "alternative") == 0;
}

static int
base64_clean(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!isalnum(c) && c != '+' && c != '/' && c != '=' &&
		    c != '\r' && c != '\n' && c != ' ' && c != '\t')
			return 0;
	}
	return 1;
}

/*
 * The decoded content of a part (a message/rfc822 part: the embedded
 * message).  *bad is set when base64 content has bytes outside the
 * alphabet.  Returns a new buffer with a NUL after len bytes.
 */
static char *
part_bytes(const struct mailmime *mm, size_t *len, int *bad)
{
	const struct mailmime_data *d = mm->mm_type == MAILMIME_SINGLE ?
	    mm->mm_data.mm_single : mm->mm_body;
	const char *src;
	size_t n, idx = 0, rlen = 0;
	char *res = NULL, *out;

	*bad = 0;
	*len = 0;
	if (d == NULL || d->dt_type != MAILMIME_DATA_TEXT)
		return xstrdup("");
	src = d->dt_data.dt_text.dt_data;
	n = d->dt_data.dt_text.dt_length;
	if (src == NULL)
		return xstrdup("");
	if (!d->dt_encoded || (d->dt_encoding != MAILMIME_MECHANISM_BASE64 &&
	    d->dt_encoding != MAILMIME_MECHANISM_QUOTED_PRINTABLE)) {
		*len = n;
		return xmemdup0(src, n);
	}
	if (d->dt_encoding == MAILMIME_MECHANISM_BASE64 && !base64_clean(src, n))
		*bad = 1;
	if (mailmime_part_parse(src, n, &idx, d->dt_encoding, &res, &rlen) !=
	    MAILIMF_NO_ERROR) {
		*bad = 1;
		return xstrdup("");
	}
	out = xmemdup0(res, rlen);
	mailmime_decoded_part_free(res);
	*len = rlen;
	return out;
}

/* Attachments ---------------------------------------------------------- */

/*
 * libmagic's MIME type of the bytes.  Every type we accept is told by its
 * first bytes, and libmagic's text tests read all they are given, so a
 * large attachment is judged by its first MAGIC_BYTES only.
 */
static char *
magic_type_of(void *cookie, const char *data, size_t len)
{
	const char *t = NULL;
	char *res;

	if (cookie != NULL)
		t = magic_buffer((magic_t)cookie, data,
		    len < MAGIC_BYTES ? len : MAGIC_BYTES);
	if (t == NULL)
		return xstrdup("application/octet-stream");
	res = xstrdup(t);
	res[strcspn(res, "; ")] = '\0';
	return ascii_lower_inplace(res);
}

/* A name for a part that has none, from its declared type. */
static char *
made_up_name(const struct part *pt, size_t index)
{
	static const struct {
		const char *type, *ext;
	} ext[] = {
		{"application/pdf", ".pdf"}, {"image/jpeg", ".jpg"},
		{"image/png", ".png"}, {"image/gif", ".gif"},
		{"text/plain", ".txt"}, {"text/html", ".html"},
		{"text/calendar", ".ics"}, {"application/zip", ".zip"},
		{"message/rfc822", ".eml"},
	};
	const char *e = "";

	for (size_t i = 0; i < ARRAY_LEN(ext); i++)
		if (type_is(pt, ext[i].type))
			e = ext[i].ext;
	return xasprintf("adjunto-%zu%s", index, e);
}

static void
add_attachment(struct walk *w, const struct mailmime *mm,
    const struct part *pt, const char *default_name)
{
	struct message *m = w->m;
	struct attachment *a;
	char *data, *name;
	size_t len;
	int bad;

	if (w->lim != NULL && w->lim->max_attachments > 0 &&
	    m->n_att >= w->lim->max_attachments) {
		m->too_many_attachments = 1;
		return;
	}
	if (pt->filename != NULL)
		name = xstrdup(pt->filename);
	else if (default_name != NULL)
		name = xstrdup(default_name);
	else
		name = made_up_name(pt, m->n_att + 1);
	data = part_bytes(mm, &len, &bad);
	if (bad)
		set_malformed(m, "El archivo adjunto «%s» está dañado: su "
		    "codificación base64 no es válida.", name);
	if (w->lim != NULL && w->lim->max_attachment_bytes > 0 &&
	    len > w->lim->max_attachment_bytes) {
		/* Dropped whole: a truncated document is worse than none. */
		attach_note_oversize(m, name, len);
		if (m->oversize_attachment[0] == '\0')
			replace(&m->oversize_attachment, name);
		else
			free(name);
		free(data);
		return;
	}
	if (m->n_att == w->att_cap) {
		w->att_cap = w->att_cap ? w->att_cap * 2 : 4;
		m->att = xreallocarray(m->att, w->att_cap, sizeof(*m->att));
	}
	a = &m->att[m->n_att++];
	a->filename = name;
	a->declared_type = xstrdup(pt->type);
	a->magic_type = magic_type_of(w->magic, data, len);
	a->data = (unsigned char *)data;
	a->len = len;
	a->inline_part = pt->has_cid &&
	    pt->disposition != MAILMIME_DISPOSITION_TYPE_ATTACHMENT;
	a->container = 0;
	a->origin = NULL;
	a->converted_from = NULL;
}

/* Parts that carry no document: signatures and report internals. */
static int
is_machinery(const struct part *pt, struct walk *w, int depth)
{
	static const char *const reports[] = {
		"message/delivery-status", "message/disposition-notification",
		"message/feedback-report", "message/global-delivery-status",
		"text/rfc822-headers",
	};
	static const char *const sigs[] = {
		"application/pkcs7-signature", "application/x-pkcs7-signature",
		"application/pgp-signature",
	};

	for (size_t i = 0; i < ARRAY_LEN(reports); i++) {
		if (type_is(pt, reports[i])) {
			if (depth <= 1)
				w->report_part = 1;
			return pt->filename == NULL;
		}
	}
	for (size_t i = 0; i < ARRAY_LEN(sigs); i++)
		if (type_is(pt, sigs[i]))
			return 1;
	return 0;
}

/*
 * libetpan ends a multipart silently where its closing delimiter is
 * missing; look after the last part for "--boundary--".
 */
static void
check_multipart(struct walk *w, struct mailmime *mm)
{
	clist *parts = mm->mm_data.mm_multipart.mm_mp_list;
	const struct mailmime *last;
	const char *p, *end;
	char *boundary;
	size_t bl;

	if (parts == NULL || clist_count(parts) == 0) {
		set_malformed(w->m, "La estructura MIME del mensaje está "
		    "dañada (el límite de sus partes no aparece).");
		return;
	}
	if (mm->mm_body == NULL ||
	    (boundary = mailmime_extract_boundary(mm->mm_content_type)) == NULL)
		return;
	last = clist_content(clist_end(parts));
	p = last->mm_mime_start + last->mm_length;
	end = mm->mm_body->dt_data.dt_text.dt_data +
	    mm->mm_body->dt_data.dt_text.dt_length;
	if (p > end)
		p = end;
	if (p < end && *p == '\r')
		p++;
	if (p < end && *p == '\n')
		p++;
	bl = strlen(boundary);
	if ((size_t)(end - p) < bl + 4 || memcmp(p, "--", 2) != 0 ||
	    memcmp(p + 2, boundary, bl) != 0 || memcmp(p + 2 + bl, "--", 2) != 0)
		set_malformed(w->m, "La estructura MIME del mensaje está "
		    "dañada (falta el límite final).");
	free(boundary);
}

static void
walk_attachments(struct walk *w, struct mailmime *mm, int depth)
{
	struct part pt;
	clistiter *it;

	if (depth > MAX_DEPTH) {
		set_malformed(w->m, "La estructura MIME del mensaje tiene "
		    "demasiados niveles anidados.");
		return;
	}
	if (mm->mm_type == MAILMIME_MULTIPLE) {
		check_multipart(w, mm);
		for (it = clist_begin(mm->mm_data.mm_multipart.mm_mp_list); it;
		    it = clist_next(it))
			walk_attachments(w, clist_content(it), depth + 1);
		return;
	}
	part_get(mm, &pt);
	if (mm->mm_type == MAILMIME_MESSAGE) {
		/* A forward as attachment: kept whole, never read into. */
		add_attachment(w, mm, &pt, FORWARD_NAME);
	} else if (is_multipart_type(&pt)) {
		set_malformed(w->m, "La estructura MIME del mensaje está dañada "
		    "(una parte múltiple no declara su límite).");
	} else if (is_body_text(&pt) || is_machinery(&pt, w, depth)) {
		/* text is read by collect_text */
	} else if (strncmp(pt.type, "text/", 5) == 0 && pt.filename == NULL &&
	    pt.disposition != MAILMIME_DISPOSITION_TYPE_ATTACHMENT &&
	    in_alternative(mm)) {
		/* another rendering of the text (text/enriched, ...) */
	} else {
		add_attachment(w, mm, &pt,
		    type_is(&pt, "message/rfc822") ? FORWARD_NAME : NULL);
	}
	part_clear(&pt);
}

/* Text ----------------------------------------------------------------- */

/* charset= in an HTML part's <meta>, for parts that do not declare one. */
static char *
html_meta_charset(const char *html, size_t len)
{
	size_t n = len < 4096 ? len : 4096;
	char *head = xmemdup0(html, n), *p, *res = NULL;

	ascii_lower_inplace(head);
	if ((p = strstr(head, "charset=")) != NULL) {
		p += 8;
		p += strspn(p, "\"' ");
		res = xstrndup(p, strspn(p, "abcdefghijklmnopqrstuvwxyz"
		    "0123456789-_:."));
	}
	free(head);
	return res;
}

/* CRLF and bare CR to LF, in place.  The text between two CRs (a line
   of mail) moves whole: byte by byte this was 2 % of the mailbox side. */
static void
to_lf(char *s)
{
	char *d = strchr(s, '\r');

	for (s = d; s != NULL && *s == '\r';) {
		char *run;

		*d++ = '\n';
		s += s[1] == '\n' ? 2 : 1;
		run = s;
		s = strchrnul(run, '\r');
		memmove(d, run, (size_t)(s - run));
		d += s - run;
	}
	if (d != NULL)
		*d = '\0';
}

static void
add_text(struct buf *out, char *text)
{
	str_trim(text);
	if (text[0] == '\0')
		return;
	if (out->len > 0)
		buf_adds(out, "\n\n");
	buf_adds(out, text);
}

static void
text_of_part(struct walk *w, const struct mailmime *mm,
    const struct part *pt, struct buf *out)
{
	size_t len;
	int bad, html = type_is(pt, "text/html");
	char *raw = part_bytes(mm, &len, &bad), *cs, *txt, *plain;

	if (bad)
		set_malformed(w->m, "El texto del mensaje está dañado: su "
		    "codificación base64 no es válida.");
	cs = pt->charset ? xstrdup(pt->charset) :
	    html ? html_meta_charset(raw, len) : NULL;
	txt = mime_to_utf8(cs, raw, len);
	to_lf(txt);
	if (html)
		plain = text_from_html(txt, strlen(txt));
	else if (pt->flowed)
		plain = text_unflow(txt, pt->delsp);
	else
		plain = xstrdup(txt);
	add_text(out, plain);
	free(plain);
	free(txt);
	free(cs);
	free(raw);
}

/* Whether mm holds body text (only text/plain when plain_only). */
static int
has_text(const struct mailmime *mm, int plain_only, int depth)
{
	struct part pt;
	clistiter *it;
	int yes;

	if (depth > MAX_DEPTH || mm->mm_type == MAILMIME_MESSAGE)
		return 0;
	if (mm->mm_type == MAILMIME_MULTIPLE) {
		for (it = clist_begin(mm->mm_data.mm_multipart.mm_mp_list); it;
		    it = clist_next(it))
			if (has_text(clist_content(it), plain_only, depth + 1))
				return 1;
		return 0;
	}
	part_get(mm, &pt);
	yes = is_body_text(&pt) && (!plain_only || type_is(&pt, "text/plain"));
	part_clear(&pt);
	return yes;
}

static void collect_text(struct walk *w, const struct mailmime *mm,
    int depth, struct buf *out);

/*
 * multipart/alternative: the plain-text rendering if there is one with
 * any text in it (an empty text/plain beside real HTML does not count),
 * else the first other rendering that has text.
 */
static void
collect_alternative(struct walk *w, const struct mailmime *mm, int depth,
    struct buf *out)
{
	clist *parts = mm->mm_data.mm_multipart.mm_mp_list;
	clistiter *it;

	for (int plain = 1; plain >= 0; plain--) {
		for (it = clist_begin(parts); it; it = clist_next(it)) {
			struct buf alt;
			int found;

			/* A rendering the plain-text round already read gave
			   nothing: reading it again would double the work at
			   every nested level (2^depth). */
			if (!has_text(clist_content(it), plain, depth + 1) ||
			    (!plain && has_text(clist_content(it), 1,
			    depth + 1)))
				continue;
			buf_init(&alt);
			collect_text(w, clist_content(it), depth + 1, &alt);
			found = alt.len > 0;
			if (found) {
				if (out->len > 0)
					buf_adds(out, "\n\n");
				buf_add(out, alt.data, alt.len);
			}
			buf_free(&alt);
			if (found)
				return;
		}
	}
}

static void
collect_text(struct walk *w, const struct mailmime *mm, int depth,
    struct buf *out)
{
	struct part pt;
	clistiter *it;

	if (depth > MAX_DEPTH || mm->mm_type == MAILMIME_MESSAGE)
		return;
	if (mm->mm_type == MAILMIME_MULTIPLE) {
		if (mm->mm_content_type && mm->mm_content_type->ct_subtype &&
		    ascii_casecmp(mm->mm_content_type->ct_subtype,
		    "alternative") == 0) {
			collect_alternative(w, mm, depth, out);
			return;
		}
		for (it = clist_begin(mm->mm_data.mm_multipart.mm_mp_list); it;
		    it = clist_next(it))
			collect_text(w, clist_content(it), depth + 1, out);
		return;
	}
	part_get(mm, &pt);
	if (is_multipart_type(&pt)) {
		/* No boundary: the best reading is the body as text. */
		free(pt.type);
		pt.type = xstrdup("text/plain");
	}
	if (is_body_text(&pt))
		text_of_part(w, mm, &pt, out);
	part_clear(&pt);
}

/* Body ----------------------------------------------------------------- */

/* The top-level MIME headers and the body, as libetpan wants them. */
static void
mime_input(const struct message *m, const char *body, size_t blen,
    struct buf *in)
{
	static const char *const names[] = {
		"Content-Type", "Content-Transfer-Encoding",
		"Content-Disposition", "Content-ID",
	};

	buf_grow(in, blen + 1024);
	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		const char *v = message_header(m, names[i]);

		if (v != NULL)
			buf_printf(in, "%s: %s\r\n", names[i], v);
	}
	buf_adds(in, "\r\n");
	buf_add(in, body, blen);
}

static void
read_body(struct walk *w, const char *body, size_t blen, struct buf *text)
{
	struct mailmime *mime = NULL, *root;
	const char *why;
	struct buf in;
	size_t idx = 0;

	buf_init(&in);
	mime_input(w->m, body, blen, &in);
	if ((why = mimelimit_check(in.data, in.len)) != NULL) {
		set_malformed(w->m, "%s", why);
		goto done;
	}
	if (mailmime_parse(in.data, in.len, &idx, &mime) != MAILIMF_NO_ERROR) {
		set_malformed(w->m, "No se pudo interpretar la estructura MIME "
		    "del mensaje.");
		buf_add(text, body, blen);
		goto done;
	}
	root = mime;
	if (mime->mm_type == MAILMIME_MESSAGE &&
	    mime->mm_data.mm_message.mm_msg_mime != NULL)
		root = mime->mm_data.mm_message.mm_msg_mime;
	walk_attachments(w, root, 0);
	collect_text(w, root, 0, text);
done:
	if (mime != NULL)
		mailmime_free(mime);
	buf_free(&in);
}

/* Bare-CR mail (old Macs): libetpan only knows LF and CRLF. */
static char *
cr_to_crlf(const char *raw, size_t len, size_t *outlen)
{
	struct buf b;

	buf_sized(&b, len + len / 8);
	for (size_t i = 0; i < len; i++) {
		buf_addc(&b, raw[i]);
		if (raw[i] == '\r')
			buf_addc(&b, '\n');
	}
	*outlen = b.len;
	return buf_steal(&b);
}

static int
subject_forwards(const char *subject)
{
	static const char *const fwd[] = {
		"fwd:", "fw:", "rv:", "tr:", "wg:", "i:", "enc:", "reenv:",
	};

	subject += strspn(subject, " \t");
	for (size_t i = 0; i < ARRAY_LEN(fwd); i++)
		if (ascii_has_prefix_case(subject, fwd[i]))
			return 1;
	return 0;
}

struct message *
message_parse(const char *raw, size_t len, const struct parse_limits *lim,
    void *magic_cookie)
{
	struct message *m = message_new();
	struct walk w = {m, lim, magic_cookie, 0, 0};
	struct buf text;
	char *copy = NULL;
	size_t body_off;

	if (raw == NULL) {
		raw = "";
		len = 0;
	}
	if (memchr(raw, '\n', len) == NULL && memchr(raw, '\r', len) != NULL) {
		copy = cr_to_crlf(raw, len, &len);
		raw = copy;
	}
	if (mime_split_headers(raw, len, &m->headers, &m->n_headers,
	    &body_off) < 0)
		set_malformed(m, "El mensaje no tiene encabezados.");
	read_identity(m);
	if (m->from_addr[0] == '\0')
		set_malformed(m, "El mensaje no tiene encabezado From legible.");
	buf_init(&text);
	read_body(&w, raw + body_off, len - body_off, &text);
	attach_discover(m, lim, magic_cookie);
	m->body_full = mime_utf8_repair(text.data ? text.data : "", text.len);
	buf_free(&text);
	m->body = text_own_words(m->body_full, subject_forwards(m->subject));
	m->automatic = autodetect(m, lim, w.report_part);
	free(copy);
	return m;
}

void
message_free(struct message *m)
{
	if (m == NULL)
		return;
	free(m->from_addr);
	free(m->from_name);
	free(m->reply_to_addr);
	free(m->sender_addr);
	free(m->return_path);
	for (size_t i = 0; i < m->n_to; i++)
		free(m->to_addrs[i]);
	free(m->to_addrs);
	free(m->subject);
	free(m->message_id);
	free(m->in_reply_to);
	for (size_t i = 0; i < m->n_references; i++)
		free(m->references[i]);
	free(m->references);
	free(m->date);
	free(m->body);
	free(m->body_full);
	for (size_t i = 0; i < m->n_att; i++) {
		free(m->att[i].filename);
		free(m->att[i].declared_type);
		free(m->att[i].magic_type);
		free(m->att[i].data);
		free(m->att[i].origin);
		free(m->att[i].converted_from);
	}
	free(m->att);
	attach_free(m);
	for (size_t i = 0; i < m->n_headers; i++) {
		free(m->headers[i].name);
		free(m->headers[i].value);
	}
	free(m->headers);
	free(m->malformed_why);
	free(m->oversize_attachment);
	free(m);
}

const char *
auto_kind_name(enum auto_kind k)
{
	static const char *const names[] = {
		[AUTO_NONE] = "none",
		[AUTO_SUBMITTED] = "auto-submitted",
		[AUTO_PRECEDENCE] = "precedence",
		[AUTO_LIST] = "list",
		[AUTO_XAUTOREPLY] = "x-autoreply",
		[AUTO_NULL_SENDER] = "null-sender",
		[AUTO_REPORT] = "report",
		[AUTO_DAEMON] = "mailer-daemon",
		[AUTO_LOOP] = "loop",
	};

	if ((size_t)k >= ARRAY_LEN(names) || names[k] == NULL)
		return "unknown";
	return names[k];
}
