/* SPDX-License-Identifier: ISC */
/*
 * spool_probe - read spool paths the way tequio does (spool_read: a whole
 * file or a member of a pack, opened with the spool key), for the
 * integration tests (tests/integration/test_spool_pack.sh,
 * test_privacy.sh).  A pack member has no file of its own, so `test -e`
 * cannot tell whether its bytes are there.
 *
 *	spool_probe KEYFILE PATH...
 *
 * One line per path: "PATH: N bytes", "PATH: gone" (ENOENT: never there,
 * removed, or erased from its pack) or "PATH: <why>".  Exit status: 0
 * when every path was read, 1 when one was not, 2 on a usage error or a
 * key that cannot be loaded.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spool/spool.h"

int
main(int argc, char **argv)
{
	int rc = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: spool_probe KEYFILE PATH...\n");
		return 2;
	}
	if (spool_load_key(argv[1]) != 0) {
		fprintf(stderr, "spool_probe: %s: %s\n", argv[1],
		    strerror(errno));
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		char *data = NULL;
		size_t len = 0;

		if (spool_read(argv[i], 64u << 20, &data, &len) == 0) {
			printf("%s: %zu bytes\n", argv[i], len);
			free(data);
			continue;
		}
		printf("%s: %s\n", argv[i], errno == ENOENT ? "gone" :
		    strerror(errno));
		rc = 1;
	}
	spool_set_key(NULL);
	return rc;
}
