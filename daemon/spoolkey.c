/* SPDX-License-Identifier: ISC */
/*
 * spoolkey.c - the spool key's life: where its file is, whether it may be
 * created, whether it is the one the spool was sealed with (spoolkey.h).
 *
 * The database keeps a fingerprint of the key (a keyed BLAKE2b of a fixed
 * text, so it says nothing of the key itself) under meta spool_key_id,
 * and spool_sealed once every older plain file has been sealed.
 */
#include "daemon/spoolkey.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/secret.h"
#include "common/util.h"
#include "config/config.h"
#include "spool/spool.h"
#include "store/store.h"

char *
spoolkey_path(const struct config *cfg)
{
	return spool_key_path(cfg->spool_key_file, cfg->secret_file);
}

/* The spool key is read (and made) by the secret's loader. */
_Static_assert(SPOOL_KEY_LEN == SECRET_LEN, "the spool key is secret-sized");

static char *
fingerprint(const unsigned char key[SPOOL_KEY_LEN])
{
	static const char what[] = "tequio spool key fingerprint";
	unsigned char h[16];

	crypto_generichash(h, sizeof(h), (const unsigned char *)what,
	    sizeof(what) - 1, key, SPOOL_KEY_LEN);
	return hex_encode(h, sizeof(h));
}

/* Key and fingerprint agree with the database (recording a first one). */
static int
check_key(struct store *st, const unsigned char key[SPOOL_KEY_LEN],
    int known, const char *stored, const char *path, char *err,
    size_t errlen)
{
	char *fp = fingerprint(key);
	int rc = 0;

	if (known && strcmp(fp, stored) != 0) {
		snprintf(err, errlen, "%s: this is not the key the spool was "
		    "sealed with; restore the right spool.key from your "
		    "backup", path);
		rc = -1;
	} else if (!known && store_meta_set_text(st, "spool_key_id",
	    fp) != 0) {
		snprintf(err, errlen, "cannot record the spool key in the "
		    "database");
		rc = -1;
	}
	free(fp);
	return rc;
}

/* Seal what release 1 left in the clear, once. */
static int
seal_old(const struct config *cfg, struct store *st, char *err,
    size_t errlen)
{
	int64_t done;
	size_t n;

	if (store_meta_int(st, "spool_sealed", 0, &done) != 0)
		return -1;
	if (done)
		return 0;
	if (spool_seal_existing(cfg->spool, &n) != 0) {
		snprintf(err, errlen, "%s: cannot seal the files kept in the "
		    "clear (see the log); the next start goes on where this "
		    "one stopped", cfg->spool);
		return -1;
	}
	log_info("spool: sealed %zu file(s) kept in the clear", n);
	return store_meta_set_int(st, "spool_sealed", 1);
}

int
spoolkey_open(const struct config *cfg, struct store *st, char *err,
    size_t errlen)
{
	unsigned char key[SPOOL_KEY_LEN];
	char *path = spoolkey_path(cfg), *stored = NULL;
	int known, rc = -1;

	if ((known = store_meta_text(st, "spool_key_id", &stored)) < 0) {
		snprintf(err, errlen, "cannot read the database");
		goto out;
	}
	if (secret_load(path, key, !known) != 0) {
		if (known)
			snprintf(err, errlen, "%s: cannot read the key the "
			    "spool was sealed with (%s); restore it from your "
			    "backup", path, strerror(errno));
		else
			snprintf(err, errlen, "%s: cannot read or create the "
			    "spool key: %s", path, strerror(errno));
		goto out;
	}
	if (check_key(st, key, known == 1, stored, path, err, errlen) == 0) {
		spool_set_key(key);
		rc = seal_old(cfg, st, err, errlen);
	}
	sodium_memzero(key, sizeof(key));
out:
	free(stored);
	free(path);
	return rc;
}
