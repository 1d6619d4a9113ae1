/* SPDX-License-Identifier: ISC */
/*
 * doc.h - a letter as the layout sees it: header fields, blocks of text,
 * signatures.  letterdoc.c builds it from a rendered letter template;
 * layout.c turns it into pages.
 *
 * A letter template is a front-matter block of "clave: valor" lines between
 * two "---" lines, then the body: paragraphs separated by blank lines
 * ("- " starts a list item, "| " keeps a line as it is, "## " is a centred
 * heading, **text** is bold).  templates/README.md is the manual.
 */
#ifndef TEQUIO_DOC_H
#define TEQUIO_DOC_H

#include <stddef.h>

enum block_kind {
	BLK_PARA,		/* justified paragraph */
	BLK_ITEM,		/* list item, with a bullet */
	BLK_LINE,		/* one line as written, left aligned */
	BLK_HEADING,		/* centred, bold */
};

/* A run of text in one style; UTF-8, no markers. */
struct span {
	char *text;
	int bold;
};

struct block {
	enum block_kind kind;
	int tight;		/* no gap before: same group as the previous */
	struct span *spans;
	size_t nspans;
};

struct strlist {
	char **v;
	size_t n;
};

enum doc_font { FONT_HELVETICA, FONT_TIMES };

struct letter_doc {
	char *titulo;		/* NULL: none */
	char *asunto;
	struct strlist destinatario;
	char *lugar_fecha;	/* NULL: "<ciudad>, a <fecha>" */
	char *despedida;	/* NULL: "Atentamente" */
	char *lema;
	struct strlist *firmas;	/* each one a block of lines */
	size_t nfirmas;
	struct strlist ccp;
	enum doc_font font;
	struct block *blocks;
	size_t nblocks;
};

/*
 * Check a letter template's source for what the template language cannot
 * see: front-matter keys, the "---" lines, unbalanced ** in a paragraph.
 * Returns 0, or -1 with "path:line: what" in err.
 */
int letterdoc_check(const char *path, const char *src, size_t len,
    char *err, size_t errlen);

/* Build doc from a marked rendering (template.h) of a letter template. */
void letterdoc_parse(const char *text, size_t len, struct letter_doc *doc);
void letterdoc_free(struct letter_doc *doc);

#endif
