/* SPDX-License-Identifier: ISC */
/*
 * cmd_keys.c - tequioctl rotate tokens, tequioctl address revoke|reissue:
 * what an administrator does after a leak.  Rotating moves the reply
 * tokens and approval codes to keys of a new generation (tokens.h), so
 * every outstanding one dies at once, while letters and their folios,
 * sealed with a key of their own (letters/seal.c), stay verifiable; open
 * matters get new codes when next shown (PENDIENTES).  A personal address
 * is revoked by forgetting its hash, and reissued with a new one; the old
 * address stops working with the next message either way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "ctl/ctl.h"
#include "handlers/hutil.h"
#include "handlers/tokens.h"
#include "store/store.h"
#include "store/store_workflow.h"

int
ctl_rotate(const struct config *cfg, int argc, char **argv)
{
	struct store *st = NULL;
	int64_t gen;
	int rc = 3;

	if (argc != 2 || strcmp(argv[1], "tokens") != 0) {
		fprintf(stderr, "uso: tequioctl rotate tokens\n");
		return 2;
	}
	if (ctl_open_store_rw(cfg, &st) != 0)
		return 3;
	if (store_begin(st) != 0)
		goto out;
	if (store_meta_int(st, "key_generation", 0, &gen) != 0 ||
	    store_meta_set_int(st, "key_generation", gen + 1) != 0 ||
	    store_wf_matters_expire_codes(st, now_seconds()) != 0 ||
	    store_commit(st) != 0) {
		store_rollback(st);
		goto out;
	}
	printf("Claves de la generación %lld: todos los enlaces de respuesta "
	    "y códigos de aprobación anteriores quedaron anulados; los folios "
	    "emitidos no cambian. Los asuntos abiertos tendrán un código nuevo "
	    "(PENDIENTES).\n", (long long)(gen + 1));
	rc = 0;
out:
	store_close(st);
	return rc;
}

/* Revoke (tok NULL) or replace the personal address of the account. */
static int
set_address(struct store *st, int64_t id, const char *tok)
{
	char hash[MAC_HEX];

	if (tok != NULL)
		atok_hash(tok, strlen(tok), hash);
	if (store_begin(st) != 0)
		return -1;
	if (store_wf_account_set_token(st, id, tok ? hash : NULL) != 0 ||
	    store_commit(st) != 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int
ctl_address(const struct config *cfg, int argc, char **argv)
{
	struct store *st = NULL;
	struct wf_account a;
	char tok[ATOK_LEN + 1], *addr;
	int reissue, r, rc = 3;

	if (argc != 3 || (strcmp(argv[1], "revoke") != 0 &&
	    strcmp(argv[1], "reissue") != 0)) {
		fprintf(stderr, "uso: tequioctl address revoke|reissue "
		    "CORREO\n");
		return 2;
	}
	reissue = strcmp(argv[1], "reissue") == 0;
	if (ctl_open_store_rw(cfg, &st) != 0)
		return 3;
	if ((r = store_wf_account_by_email(st, argv[2], &a)) <= 0) {
		if (r == 0) {
			fprintf(stderr, "tequioctl: no hay ninguna cuenta con el "
			    "correo %s\n",
			    argv[2]);
			rc = 1;
		}
		goto out;
	}
	if (reissue)
		atok_new(tok);
	if (set_address(st, a.id, reissue ? tok : NULL) == 0) {
		if (reissue) {
			addr = personal_address(cfg, tok);
			printf("%s\n", addr);
			free(addr);
		} else
			printf("Dirección personal de %s revocada.\n", a.email);
		rc = 0;
	}
	wf_account_free(&a);
out:
	store_close(st);
	return rc;
}
