/* SPDX-License-Identifier: ISC */
/*
 * handlers.c - the reply a handler builds: attachments and cleanup, and
 * the Spanish names of roles.
 */
#include <stdlib.h>
#include <string.h>

#include "handlers/handlers.h"

void
reply_attach(struct reply *r, const char *filename, const char *content_type,
    const void *data, size_t len)
{
	struct reply_att *a;

	r->att = xreallocarray(r->att, r->n_att + 1, sizeof(*r->att));
	a = &r->att[r->n_att++];
	a->filename = xstrdup(filename);
	a->content_type = xstrdup(content_type);
	buf_init(&a->data);
	buf_add(&a->data, data, len);
}

void
reply_free(struct reply *r)
{
	for (size_t i = 0; i < r->n_att; i++) {
		free(r->att[i].filename);
		free(r->att[i].content_type);
		buf_free(&r->att[i].data);
	}
	free(r->att);
	free(r->subject);
	free(r->reply_to);
	free(r->message_id);
	buf_free(&r->body);
	memset(r, 0, sizeof(*r));
}

const char *
role_name(enum role r)
{
	switch (r) {
	case ROLE_ALUMNO:
		return "alumno";
	case ROLE_DEPENDENCIA:
		return "dependencia";
	case ROLE_COORDINADOR:
		return "coordinador";
	case ROLE_NONE:
		break;
	}
	return "sin registro";
}
