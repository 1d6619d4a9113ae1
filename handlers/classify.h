/* SPDX-License-Identifier: ISC */
/*
 * classify.h - what a message asks for: the command in its Subject, the
 * form fields in its body, and what kind of document each attachment is.
 *
 * Matching ignores case and Spanish accents (fold_spanish): "presentación"
 * is PRESENTACION.  Nothing here touches the database.
 */
#ifndef TEQUIO_CLASSIFY_H
#define TEQUIO_CLASSIFY_H

#include <stddef.h>

#include "mail/message.h"

/* The commands, one per COMMAND of the command table (commands.def). */
enum command {
	CMD_NONE = 0,		/* nothing recognised */
#define COMMAND(name, code, args, flags) CMD_##name,
#include "handlers/commands.def"
	CMD__COUNT
};

/* How the reader treats a command's words (the flags of COMMAND). */
enum command_flag {
	CMDF_WEAK = 1,		/* everyday words: counts only when the
				   Subject names no other code (issue 12) */
	CMDF_YES = 2,		/* a yes in a reply: APROBAR and ACEPTAR
				   stand in for each other (intent.c) */
};

/* What a use of a command does (the effect of USE). */
enum command_effect {
	CMD_READS = 0,		/* anyone of its roles */
	CMD_CHANGES = 1,	/* changes state: a verified sender (SPEC 1) */
};

struct command_line {
	enum command cmd;
	char *code;		/* the canonical code, e.g. "REGISTRO DEPENDENCIA" */
	char *args;		/* what follows the code in the Subject, trimmed,
				   as written (accents kept); "" if none */
	char *subject_tag;	/* token from a "[SS:xxxx]" tag, or "" */
	int from_body;		/* the verb came from the first body line */
	char *question;		/* Spanish question when the message can be
				   read two ways (nothing is done), or NULL */
};

/*
 * Find the command: the first recognised code in the Subject after
 * Re:/RE:/RV:/Fwd:/[...] prefixes; when none and body_verbs is set, a verb
 * (APROBAR, RECHAZAR, ACEPTAR) alone at the start of the first non-empty
 * body line.  A Subject carrying an "[SS:...]" tag is ours being replied
 * to, so there a body verb wins over any code in the Subject.  Always
 * fills cl (cmd may be CMD_NONE); free with command_line_free.
 */
void classify_command(const char *subject, const char *body, int body_verbs,
    struct command_line *cl);
void command_line_free(struct command_line *cl);

/*
 * The arguments of cmd in raw (what follows its code in a Subject), as
 * the handler wants them: for REPORTE the hours ("Reporte de 180 horas"
 * gives "180"); for a key ("Solicitud al programa 1", "Aprobar RFD-74R,
 * gracias") the key without the filler words before it or the courtesy
 * after it; for a matrícula the matrícula normalised; for a key and a
 * reason both.  Two readings that disagree set *question (new string)
 * and return "".  New string.
 */
char *command_args_read(enum command cmd, const char *raw, char **question);

/*
 * The verb of a reply body: the first line after blank lines and at most
 * three greeting lines, opened by a yes (APROBAR, APROBADO, AUTORIZADO,
 * DE ACUERDO -> CMD_APROBAR; ACEPTAR, ACEPTADO, ACEPTO -> CMD_ACEPTAR) or
 * a no (RECHAZAR, RECHAZADO, NO SE ACEPTA, ... -> CMD_RECHAZAR), with the
 * rest of the line in *args (trailing courtesy dropped).  A yes with a
 * "pero" gives CMD_NONE and a *question.  Both out-strings new or NULL.
 */
enum command reply_verb_read(const char *body, char **args, char **question);

/*
 * 1 when word (folded) is the next word of phrase (words one space apart,
 * compared without ASCII case), and *phrase moves past it; else 0.  How
 * the spellings and reply verbs of the command table are matched.
 */
int classify_phrase_word(const char **phrase, const char *word);

/*
 * A matrícula as it is stored: spaces and dots removed, letters upper
 * case ("s2102 3456" -> "S21023456").  New string.
 */
char *matricula_normalize(const char *s);

/* Canonical code of a command ("" for CMD_NONE). */
const char *command_code(enum command c);
/* The CMDF_* flags of a command (0 for CMD_NONE). */
unsigned command_flags(enum command c);
/*
 * True when some use of the command changes state (needs a verified
 * sender).  Whether it does for a given role is that role's line:
 * command_find(cmd, role)->changes_state (REPORTE ALUMNOS does for an
 * agency, which answers a request with it, and not for the coordination).
 */
int command_changes_state(enum command c);

/*
 * The value of form field name ("Matrícula") in body: a line "Campo: valor"
 * whose field folds to the same as name.  New string, or NULL if absent.
 */
char *form_field(const char *body, const char *name);

enum doc_kind {
	DOC_UNKNOWN = 0,
	DOC_FOTO,
	DOC_PRESENTACION,
	DOC_CONSTANCIA,
	DOC_REPORTE,
	DOC_DECRETO,
	DOC_NOMBRAMIENTO,
	DOC_INE,
	DOC_DOMICILIO,
	DOC_RFC,
	DOC_LOGO,
	DOC_ACTIVIDADES,
	DOC_HONORARIOS,
	DOC_JUSTIFICACION,
	DOC__COUNT
};

/* Kind of document from a decoded file name's keywords. */
enum doc_kind classify_document(const char *filename);
/*
 * Kind of document from the words a PDF shows (folded by pdftext.h), for
 * a file whose name says nothing ("scan001.pdf"): an acta constitutiva or
 * a decreto de creación (DOC_DECRETO), a poder notarial (DOC_NOMBRAMIENTO).
 * The kind whose phrase comes first wins: a document's title comes before
 * what it cites (a poder names the acta of the company it is for).  Text
 * that is only notarial ("escritura pública", "notario público") without
 * saying which sets *notarial and gives DOC_UNKNOWN.
 */
enum doc_kind classify_document_text(const char *folded, int *notarial);
/* A file name that classify_document reads as kind k ("ine.pdf"), for
   replies that say how to name a file. */
const char *doc_kind_example(enum doc_kind k);
/* Spanish name of a document kind, e.g. "comprobante de domicilio". */
const char *doc_kind_name(enum doc_kind k);
/* Short identifier for storage, e.g. "domicilio". */
const char *doc_kind_id(enum doc_kind k);

/*
 * Whether a libmagic MIME type is acceptable for a document kind (SPEC 3).
 * Returns 1 when acceptable.
 */
int doc_type_ok(enum doc_kind k, const char *magic_type);
/* "PDF", "JPEG o PNG", ... for replies. */
const char *doc_types_expected(enum doc_kind k);
/* A person's name for a MIME type: "documento PDF", "imagen JPEG", ... */
const char *magic_type_human(const char *magic_type);
/* The same for an attachment, saying what it was before we opened or
   converted it: "archivo winmail.dat de Outlook", "foto de iPhone
   (HEIC), que convertimos a JPEG". */
const char *attachment_human(const struct attachment *a);

#endif
