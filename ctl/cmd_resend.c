/* SPDX-License-Identifier: ISC */
/*
 * cmd_resend.c - tequioctl resend FOLIO [--pdf FILE]: a letter someone
 * lost, after its PDF left the outbox ([smtp] keep_sent_days), rendered
 * again from the register (letters_reissue: the same folio, text, code
 * and date) and mailed to whom it was issued, with a note saying it is
 * the same document; or written to FILE for the coordinator to hand over.
 *
 * Mailing it discloses personal data again: it goes in the access log
 * (issue 12) in the same transaction as the mail is queued.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/mailaddr.h"
#include "common/util.h"
#include "ctl/ctl.h"
#include "letters/letters.h"
#include "mail/compose.h"
#include "outbox/outbox.h"
#include "spool/spool.h"
#include "store/store.h"
#include "store/store_letters.h"
#include "store/store_privacy.h"
#include "store/store_workflow.h"

/*
 * The logo the letter was issued with, as letter_make passed it: the
 * agency's, except on the two letters the coordination addresses on its
 * own (handlers/h_alumno.c issues them without one).  1 found or none
 * needed (*path may stay NULL), 0 no such folio, -1 error.
 */
static int
agency_logo(struct store *st, const char *folio, char **path)
{
	struct letter_record rec;
	struct wf_document logo;
	int64_t id = 0;
	int found;

	*path = NULL;
	if ((found = store_letters_find(st, folio, &rec)) <= 0)
		return found;
	if (strcmp(rec.kind, "presentacion") != 0 &&
	    strcmp(rec.kind, "constancia") != 0 && *rec.dependencia != '\0')
		found = store_wf_agency_find(st, rec.dependencia, &id);
	letter_record_free(&rec);
	if (found < 0)
		return -1;
	if (id == 0)
		return 1;
	memset(&logo, 0, sizeof(logo));
	if ((found = store_wf_document_current(st, id, "logo", 0, &logo)) ==
	    1)
		*path = xstrdup(logo.path);
	wf_document_free(&logo);
	return found < 0 ? -1 : 1;
}

static int
write_pdf(const char *path, const struct buf *pdf)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int bad;

	if (fd < 0) {
		fprintf(stderr, "tequioctl: %s: %s\n", path, strerror(errno));
		return -1;
	}
	bad = write(fd, pdf->data, pdf->len) != (ssize_t)pdf->len ||
	    fsync(fd) != 0;
	bad |= close(fd) != 0;
	if (bad)
		fprintf(stderr, "tequioctl: %s: %s\n", path, strerror(errno));
	return bad ? -1 : 0;
}

static int
queue_letter(const struct config *cfg, struct store *st, struct letters *l,
    const struct letters_reissued *r)
{
	const char *kind = letters_kind_name(r->kind);
	struct out_attachment att;
	struct outmail om;
	struct vars *v = vars_new();
	struct buf body;
	struct wf_account a;
	char *date = letters_date_es(r->issued_at), *subject, *name;
	int64_t account = 0;
	int rc = -1;

	vars_set(v, "carta.tipo", kind ? kind : r->kind);
	vars_set(v, "carta.folio", r->folio);
	vars_set(v, "carta.fecha", date);
	buf_init(&body);
	if (letters_text(l, "reply_reenvio", v, &body) != 0)
		buf_printf(&body, "Le enviamos de nuevo su documento con folio "
		    "%s, emitido el %s.\n", r->folio, date);
	subject = xasprintf("%s: %s %s (reenvío)", cfg->inst_short_name,
	    kind ? kind : r->kind, r->folio);
	name = xasprintf("%s-%s.pdf", r->kind, r->folio);
	att.filename = name;
	att.content_type = "application/pdf";
	att.data = (const unsigned char *)r->pdf.data;
	att.len = r->pdf.len;
	memset(&om, 0, sizeof(om));
	om.to = r->recipient;
	om.subject = subject;
	om.body = body.data;
	om.att = &att;
	om.n_att = 1;
	om.date = now_seconds();
	if (store_wf_account_by_email(st, r->recipient, &a) == 1) {
		account = a.id;
		wf_account_free(&a);
	}
	if (store_begin(st) == 0) {
		char *what = xasprintf("carta %s reenviada por la consola",
		    r->folio);

		if (outbox_queue(st, cfg, &om, 0) == 0 &&
		    store_access_log_add(st, om.date, r->recipient, account,
		    what, 0) == 0 && store_commit(st) == 0)
			rc = 0;
		else
			store_rollback(st);
		free(what);
	}
	free(name);
	free(subject);
	free(date);
	buf_free(&body);
	vars_free(v);
	return rc;
}

int
ctl_resend(const struct config *cfg, int argc, char **argv)
{
	struct letters_reissued r;
	struct letters *l = NULL;
	struct store *st = NULL;
	char err[512], *logo = NULL, *keypath = NULL;
	const char *out = NULL;
	int found, rc = 3;

	if (argc == 4 && strcmp(argv[2], "--pdf") == 0)
		out = argv[3];
	else if (argc != 2) {
		fprintf(stderr, "uso: tequioctl resend FOLIO [--pdf ARCHIVO]\n");
		return 2;
	}
	memset(&r, 0, sizeof(r));
	if (letters_open(cfg, &l, err, sizeof(err)) != 0) {
		fprintf(stderr, "tequioctl: %s\n", err);
		return 3;
	}
	if ((out ? ctl_open_store(cfg, &st) : ctl_open_store_rw(cfg, &st)) != 0)
		goto done;
	/* The agency's logo is in the spool, sealed like its documents. */
	keypath = spool_key_path(cfg->spool_key_file, cfg->secret_file);
	if (spool_load_key(keypath) != 0)
		fprintf(stderr, "tequioctl: %s: %s: las cartas con el "
		    "logotipo de una dependencia saldrán sin él\n", keypath,
		    strerror(errno));
	if ((found = agency_logo(st, argv[1], &logo)) == 1)
		found = letters_reissue(l, st, argv[1], logo, &r);
	if (found <= 0) {
		if (found == 0) {
			fprintf(stderr, "tequioctl: no hay ninguna carta con el "
			    "folio «%s»\n", argv[1]);
			rc = 1;
		}
		goto done;
	}
	printf("%s %s, emitida a %s: %s\n", r.kind, r.folio, r.recipient,
	    r.identical ? "idéntica byte a byte a la emitida" : "mismo "
	    "folio, texto y código; el archivo difiere del emitido (cambió "
	    "la plantilla o el logotipo)");
	if (out != NULL)
		rc = write_pdf(out, &r.pdf) == 0 ? 0 : 3;
	else if (!mailaddr_ok(r.recipient))
		fprintf(stderr, "tequioctl: «%s» no es una dirección de correo: "
		    "use --pdf FILE y entréguela en mano\n", r.recipient);
	else if (queue_letter(cfg, st, l, &r) == 0) {
		ctl_wake_daemon(cfg);
		rc = 0;
	}
done:
	spool_set_key(NULL);
	free(keypath);
	free(logo);
	letters_reissued_free(&r);
	store_close(st);
	letters_close(l);
	return rc;
}
