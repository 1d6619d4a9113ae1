/* SPDX-License-Identifier: ISC */
/*
 * bench/parse.c - how long message_parse plus the pipeline's reading of
 * the result (command, form fields) takes on each mail given, in ms, and
 * what the parser said of it.  Used on the crafted inputs that once made
 * the parser quadratic, exponential or crash (bench/parse.sh).
 */
#include <magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "common/util.h"
#include "handlers/classify.h"
#include "mail/message.h"

static double
ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

int
main(int argc, char **argv)
{
	struct parse_limits lim = {10 * 1024 * 1024, 20, "ss.example.mx",
	    "servicio@ss.example.mx"};
	magic_t magic = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);

	if (magic == NULL || magic_load(magic, NULL) != 0)
		return 1;
	for (int i = 1; i < argc; i++) {
		struct command_line cl;
		struct timespec t0;
		struct message *m;
		char *raw;
		size_t len;

		if (read_file(argv[i], 64 * 1024 * 1024, &raw, &len) != 0)
			return 1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		m = message_parse(raw, len, &lim, magic);
		classify_command(m->subject, m->body, 1, &cl);
		free(form_field(m->body, "Matrícula"));
		printf("%-40s %8zu bytes %9.1f ms  %s\n", argv[i], len,
		    ms_since(&t0), m->malformed ? m->malformed_why : "ok");
		command_line_free(&cl);
		message_free(m);
		free(raw);
	}
	magic_close(magic);
	return 0;
}
