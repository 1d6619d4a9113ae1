/* SPDX-License-Identifier: ISC */
/*
 * cmd_release.c - tequioctl quarantine release ID: a message set aside
 * goes back to the inbox and tequiod reads it again, once, as new (after
 * the operator fixed what stopped it: a limit raised, a bug mended).
 *
 * The message is moved back by IMAP (UID MOVE from the quarantine folder),
 * not appended from the spool: the spool holds only the header section of
 * an oversize message, and a copy appended beside the quarantined one
 * would leave two.  The copy in the quarantine is found by its Message-ID
 * (UID SEARCH HEADER; every message when it had none) and recognised by
 * the SHA-256 tequiod recorded: of the whole message, or of its header
 * section when it was over [limits] max_message_bytes as it came (fetch.c;
 * the limit may have been raised since, so both are tried).  Only when that copy is gone (someone deleted it) are the spool's
 * bytes appended to the inbox, and only when they are the whole message.
 *
 * The order of the steps and why a crash between them is harmless:
 * store_quarantine.h.  TEQUIO_TEST_FAIL's points quarantine.release.move
 * and quarantine.release.finish kill the process there (sanitizer build),
 * for the test of an interrupted release.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/caldate.h"
#include "common/fault.h"
#include "common/util.h"
#include "ctl/ctl.h"
#include "mailbox/imap.h"
#include "spool/spool.h"
#include "store/store.h"
#include "store/store_quarantine.h"

/* Who released, in the audit trail (as cmd_decide.c). */
#define CONSOLE_ACTOR "consola (tequioctl)"
/* Candidates examined in a folder: a Message-ID matches one message,
   every message of a folder only when it had none. */
#define MAX_CANDIDATES 2000

enum found { FOUND_NO, FOUND_YES, FOUND_ERROR };

struct hunt {
	const char *sha;
	uint32_t uid;		/* the match, 0 none */
};

static void
die_here_for_test(const char *point)
{
	if (fault_inject(point) != 0)
		raise(SIGKILL);
}

static int
bytes_match(const char *sha, const char *raw, size_t len)
{
	char got[SPOOL_SHA_HEX];

	spool_sha256_hex(raw, len, got);
	return strcmp(got, sha) == 0;
}

static int
on_whole(void *arg, uint32_t uid, const char *raw, size_t len)
{
	struct hunt *h = arg;

	if (h->uid == 0 && bytes_match(h->sha, raw, len))
		h->uid = uid;
	return 0;
}

/* An oversize candidate: compared by its header section, as stored. */
static enum imap_status
match_header(struct imap *im, uint32_t uid, struct hunt *h)
{
	enum imap_status st;
	char *raw;
	size_t len;

	if ((st = imap_fetch_header(im, uid, &raw, &len)) != IMAP_OK)
		return st;
	if (bytes_match(h->sha, raw, len))
		h->uid = uid;
	free(raw);
	return IMAP_OK;
}

static int
is_candidate(const uint32_t *c, size_t n, uint32_t uid)
{
	for (size_t i = 0; i < n; i++)
		if (c[i] == uid)
			return 1;
	return 0;
}

/* Among the candidates (sorted), the one whose bytes are the release's. */
static enum imap_status
match_candidates(const struct config *cfg, struct imap *im,
    const uint32_t *c, size_t n, struct hunt *h)
{
	struct imap_msginfo *mi;
	enum imap_status st;
	uint32_t *whole;
	size_t nmi, nw = 0;

	if ((st = imap_list_new(im, c[0] - 1, &mi, &nmi)) != IMAP_OK)
		return st;
	whole = xreallocarray(NULL, n, sizeof(*whole));
	for (size_t i = 0; i < nmi && st == IMAP_OK && h->uid == 0; i++) {
		if (!is_candidate(c, n, mi[i].uid))
			continue;
		/* Oversize when it came, whatever the limit is now. */
		st = match_header(im, mi[i].uid, h);
		if ((long long)mi[i].size <= cfg->max_message_bytes)
			whole[nw++] = mi[i].uid;
	}
	if (st == IMAP_OK && h->uid == 0 && nw > 0)
		st = imap_fetch(im, whole, nw, on_whole, h);
	free(whole);
	free(mi);
	return st;
}

/* Select folder and look for the message there: *uid, 0 when absent. */
static enum imap_status
find_in(const struct config *cfg, struct imap *im, const char *folder,
    const struct release *r, uint32_t *uid)
{
	struct hunt h = {r->sha256, 0};
	enum imap_status st;
	uint32_t *c;
	size_t n;
	char err[512];

	*uid = 0;
	if ((st = imap_select(im, folder, err, sizeof(err))) != IMAP_OK) {
		fprintf(stderr, "tequioctl: carpeta %s: %s\n", folder, err);
		return st;
	}
	st = imap_search_header(im, "Message-ID",
	    *r->message_id ? r->message_id : NULL, &c, &n);
	if (st != IMAP_OK)
		return st;
	if (n > MAX_CANDIDATES) {
		/* The newest: a release follows its quarantine. */
		memmove(c, c + n - MAX_CANDIDATES, MAX_CANDIDATES * sizeof(*c));
		n = MAX_CANDIDATES;
	}
	if (n > 0)
		st = match_candidates(cfg, im, c, n, &h);
	free(c);
	*uid = h.uid;
	return st;
}

/* The spool's copy into the inbox, when it is the whole message. */
static enum found
append_from_spool(const struct config *cfg, struct imap *im,
    const struct release *r)
{
	char *raw = NULL, *keypath;
	size_t len = 0;
	enum found f = FOUND_NO;

	/* pipeline.c notes "oversize" when it stored only the header
	   section: the body was never downloaded. */
	if (*r->spool_path == '\0' || strcmp(r->note, "oversize") == 0)
		return FOUND_NO;
	keypath = spool_key_path(cfg->spool_key_file, cfg->secret_file);
	(void)spool_load_key(keypath);	/* a plain spool needs none */
	free(keypath);
	if (spool_read(r->spool_path, (size_t)cfg->max_message_bytes, &raw,
	    &len) != 0) {
		fprintf(stderr, "tequioctl: %s: %s\n", r->spool_path,
		    strerror(errno));
		return FOUND_NO;
	}
	if (bytes_match(r->sha256, raw, len))
		f = imap_append(im, cfg->inbox, raw, len) == IMAP_OK ?
		    FOUND_YES : FOUND_ERROR;
	free(raw);
	return f;
}

/*
 * Step 2: the message into the inbox, unless it is there already or
 * tequiod has read it again.  FOUND_NO when no copy is left anywhere.
 */
static enum found
put_back(const struct config *cfg, struct store *st,
    const struct release *r, const char **where)
{
	struct imap *im;
	char err[512];
	uint32_t uid;
	enum found f = FOUND_ERROR;
	int seen;

	*where = "tequiod ya lo leyó de nuevo";
	if ((seen = store_release_seen_again(st, r)) != 0)
		return seen > 0 ? FOUND_YES : FOUND_ERROR;
	if (imap_open(cfg, &im, err, sizeof(err)) != IMAP_OK) {
		fprintf(stderr, "tequioctl: buzón: %s\n", err);
		return FOUND_ERROR;
	}
	if (find_in(cfg, im, cfg->quarantine, r, &uid) != IMAP_OK)
		goto done;
	if (uid != 0) {
		*where = "de vuelta en el buzón de entrada";
		f = imap_move(im, uid, cfg->inbox) == IMAP_OK ? FOUND_YES :
		    FOUND_ERROR;
		goto done;
	}
	if (find_in(cfg, im, cfg->inbox, r, &uid) != IMAP_OK)
		goto done;
	if (uid != 0) {
		*where = "ya estaba en el buzón de entrada";
		f = FOUND_YES;
		goto done;
	}
	/* Read again and moved on while we looked? */
	if ((seen = store_release_seen_again(st, r)) != 0) {
		f = seen > 0 ? FOUND_YES : FOUND_ERROR;
		goto done;
	}
	*where = "copiado del depósito al buzón de entrada";
	f = append_from_spool(cfg, im, r);
done:
	imap_close(im);
	return f;
}

static int
refuse(const struct config *cfg, int64_t id, enum release_state state)
{
	if (state == RELEASE_DONE)
		fprintf(stderr, "tequioctl: el mensaje %lld ya fue liberado y "
		    "devuelto a %s; no se libera dos veces (tequioctl "
		    "history o el registro dicen qué pasó después)\n",
		    (long long)id, cfg->inbox);
	else
		fprintf(stderr, "tequioctl: el mensaje %lld no está en "
		    "cuarentena (tequioctl quarantine los lista)\n",
		    (long long)id);
	return 1;
}

static int
release(const struct config *cfg, struct store *st, int64_t id)
{
	struct release r;
	enum release_state state;
	const char *where;
	enum found f;

	if (store_release_begin(st, id, CONSOLE_ACTOR, now_seconds(), &r,
	    &state) != 0)
		return 3;
	if (state == RELEASE_UNKNOWN || state == RELEASE_DONE)
		return refuse(cfg, id, state);
	die_here_for_test("quarantine.release.move");
	f = put_back(cfg, st, &r, &where);
	if (f == FOUND_YES) {
		die_here_for_test("quarantine.release.finish");
		if (store_release_finish(st, id, now_seconds()) != 0)
			f = FOUND_ERROR;
	}
	if (f == FOUND_YES)
		printf("Mensaje %lld liberado (%s): tequiod lo lee como "
		    "nuevo, una vez.\n", (long long)id, where);
	else if (f == FOUND_NO)
		fprintf(stderr, "tequioctl: el mensaje %lld no está en %s ni "
		    "en %s, y el depósito no guarda el mensaje entero: no "
		    "hay qué devolver (su registro ya no lo detiene: si "
		    "aparece, póngalo en %s)\n", (long long)id,
		    cfg->quarantine, cfg->inbox, cfg->inbox);
	else
		fprintf(stderr, "tequioctl: la liberación del mensaje %lld "
		    "quedó a medias, sin perder nada: repita la orden\n",
		    (long long)id);
	release_clear(&r);
	return f == FOUND_YES ? 0 : f == FOUND_NO ? 1 : 3;
}

int
ctl_quarantine_release(const struct config *cfg, const char *arg)
{
	struct store *st;
	long long id;
	char *end;
	int rc;

	errno = 0;
	id = strtoll(arg, &end, 10);
	if (errno != 0 || *end != '\0' || id <= 0) {
		fprintf(stderr, "tequioctl: «%s» no es el número de un mensaje "
		    "(la primera columna de tequioctl quarantine)\n", arg);
		return 2;
	}
	if (ctl_open_store_rw(cfg, &st) != 0)
		return 3;
	rc = release(cfg, st, id);
	store_close(st);
	return rc;
}
