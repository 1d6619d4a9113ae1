/* SPDX-License-Identifier: ISC */
/*
 * fuzz_message.c - libFuzzer target: a whole received mail, parsed and
 * then read the way the pipeline reads it (command, form fields, machine
 * mail, the kind and accepted type of each attachment).  Mail is the one
 * input anybody on the Internet controls, so every step after the parse
 * is here too: a crash in classification is as reachable as one in MIME.
 */
#include <magic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "handlers/classify.h"
#include "mail/message.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static magic_t magic;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	magic = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
	if (magic == NULL || magic_load(magic, NULL) != 0)
		abort();
	return 0;
}

/* What the handlers read from a body: the form fields of every command. */
static void
read_fields(const struct message *m)
{
	static const char *const fields[] = {
		"Matrícula", "Nombre", "Carrera", "Correo", "Programa",
		"Dependencia", "Horas", "Motivo", "Código",
	};

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		free(form_field(m->body, fields[i]));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parse_limits lim = {
		.max_attachment_bytes = 64 * 1024,
		.max_attachments = 10,
		.our_domain = "ss.example.mx",
		.our_address = "servicio@ss.example.mx",
	};
	struct command_line cl;
	struct message *m;

	m = message_parse((const char *)data, size, &lim, magic);
	classify_command(m->subject, m->body, 1, &cl);
	command_line_free(&cl);
	read_fields(m);
	for (size_t i = 0; i < m->n_att; i++) {
		enum doc_kind k = classify_document(m->att[i].filename);

		(void)doc_type_ok(k, m->att[i].magic_type);
		(void)magic_type_human(m->att[i].magic_type);
	}
	message_free(m);
	return 0;
}
