/* SPDX-License-Identifier: ISC */
/*
 * classify.c - what a message asks for (see classify.h): the command in
 * its Subject, the "Campo: valor" fields in its body and the kind of each
 * attached document.
 *
 * People type commands the way they type anything else: behind "RE: RV:"
 * chains and "[Externo]" tags, with or without accents, in any case, in a
 * sentence ("Envío mi reporte 180").  So the Subject is cut into words,
 * each word folded (fold_spanish), and the first word or pair of words
 * that is a code wins; the arguments are the rest of the Subject as the
 * sender wrote it.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers/classify.h"
#include "common/util.h"

#define MAX_WORDS	64	/* words of a Subject or line that are read */

/* Commands ------------------------------------------------------------- */

/* The codes (the command table, commands.def), indexed by command. */
static const struct {
	enum command cmd;
	const char *code;
	unsigned flags;		/* CMDF_* */
} commands[] = {
	{CMD_NONE, "", 0},
#define COMMAND(name, code, args, flags) {CMD_##name, code, flags},
#include "handlers/commands.def"
};

/* Each use's effect, for command_changes_state. */
static const struct {
	enum command cmd;
	enum command_effect effect;
} uses[] = {
#define USE(name, roles, effect, handler, token, usage, help) \
	{CMD_##name, effect},
#include "handlers/commands.def"
};

/*
 * The ways to write each command in a Subject: its code and its
 * spellings, words one space apart.  Codes are upper case, spellings
 * folded: both compare without case against folded words.
 */
static const struct {
	enum command cmd;
	const char *words;
} spellings[] = {
#define COMMAND(name, code, args, flags) {CMD_##name, code},
#define SPELLING(name, words) {CMD_##name, words},
#include "handlers/commands.def"
};

const char *
command_code(enum command c)
{
	if ((size_t)c < ARRAY_LEN(commands))
		return commands[c].code;
	return "";
}

unsigned
command_flags(enum command c)
{
	if ((size_t)c < ARRAY_LEN(commands))
		return commands[c].flags;
	return 0;
}

int
command_changes_state(enum command c)
{
	for (size_t i = 0; i < ARRAY_LEN(uses); i++)
		if (uses[i].cmd == c && uses[i].effect == CMD_CHANGES)
			return 1;
	return 0;
}

int
classify_phrase_word(const char **phrase, const char *word)
{
	const char *p = *phrase;
	size_t len = strcspn(p, " ");

	if (len == 0 || strlen(word) != len || ascii_ncasecmp(p, word, len))
		return 0;
	*phrase = p[len] == ' ' ? p + len + 1 : p + len;
	return 1;
}

/* A word of s: where it is, and its folded form. */
struct word {
	size_t start, end;	/* byte offsets in s */
	char *folded;
};

/*
 * Letters and digits make words.  UTF-8 sequences count as letters except
 * those led by 0xC2 (¿ ¡ « » and the like) and 0xE2 (dashes, quotes).
 */
static int
is_word_byte(const unsigned char *p)
{
	if (*p < 0x80)
		return isalnum(*p);
	if ((*p & 0xc0) == 0x80)
		return 1;	/* continuation: goes with its lead byte */
	return *p != 0xc2 && *p != 0xe2;
}

static size_t
utf8_len(unsigned char lead)
{
	if (lead >= 0xf0)
		return 4;
	if (lead >= 0xe0)
		return 3;
	if (lead >= 0xc0)
		return 2;
	return 1;
}

static char *
fold_range(const char *s, size_t n)
{
	char *raw = xstrndup(s, n), *f = fold_spanish(raw);

	free(raw);
	return f;
}

static size_t
split_words(const char *s, struct word *w, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0, i = 0, len = strlen(s);

	while (i < len && n < max) {
		size_t start;

		while (i < len && !is_word_byte(p + i))
			i += utf8_len(p[i]);
		if (i >= len)
			break;
		start = i;
		while (i < len && is_word_byte(p + i))
			i += utf8_len(p[i]);
		if (i > len)
			i = len;
		w[n].start = start;
		w[n].end = i;
		w[n].folded = fold_range(s + start, i - start);
		n++;
	}
	return n;
}

static void
words_free(struct word *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(w[i].folded);
}

/* Words of phrase matched from word i on: all of them, or 0. */
static size_t
phrase_at(const struct word *w, size_t n, size_t i, const char *phrase)
{
	size_t j = 0;

	while (*phrase != '\0') {
		if (i + j >= n || !classify_phrase_word(&phrase, w[i + j].folded))
			return 0;
		j++;
	}
	return j;
}

/*
 * Words taken by the longest code or spelling at word i (so "reporte
 * alumnos" is not REPORTE with the argument "alumnos"), 0 if none.
 */
static size_t
match_code(const struct word *w, size_t n, size_t i, enum command *cmd)
{
	size_t best = 0;

	for (size_t k = 0; k < ARRAY_LEN(spellings); k++) {
		size_t used = phrase_at(w, n, i, spellings[k].words);

		if (used > best) {
			best = used;
			*cmd = spellings[k].cmd;
		}
	}
	return best;
}

/*
 * What follows offset off in s, without the punctuation people put
 * around a code ("REPORTE: 180", "¿ESTADO?", "*APROBAR*").
 */
static char *
rest_after(const char *s, size_t off)
{
	char *r;
	size_t n;

	s += off;
	for (;;) {
		if (strchr(" \t:;,.-?!*", *s) != NULL && *s != '\0')
			s++;
		else if ((unsigned char)s[0] == 0xc2 &&
		    ((unsigned char)s[1] == 0xbf || (unsigned char)s[1] == 0xa1))
			s += 2;		/* ¿ ¡ */
		else
			break;
	}
	r = str_trim(xstrdup(s));
	n = strlen(r);
	while (n > 0 && strchr(".?!*", r[n - 1]) != NULL)
		r[--n] = '\0';
	return str_trim(r);
}

static int
is_reply_prefix(const char *folded)
{
	static const char *const prefixes[] = {
		"re", "rv", "fwd", "fw", "r", "i", "aw", "wg", "tr", "enc",
		"res", "sv", "vs", "antw", "rif", "reenv", "resp",
	};

	for (size_t i = 0; i < ARRAY_LEN(prefixes); i++)
		if (strcmp(folded, prefixes[i]) == 0)
			return 1;
	return 0;
}

/*
 * Length of a "Re:", "RE[2]:", "Fwd :" prefix at s, or 0.
 */
static size_t
prefix_len(const char *s)
{
	size_t n = 0, k;
	char word[8], *f;
	int hit;

	while (n < sizeof(word) - 1 && isalpha((unsigned char)s[n])) {
		word[n] = s[n];
		n++;
	}
	if (n == 0 || isalpha((unsigned char)s[n]))
		return 0;
	word[n] = '\0';
	k = n;
	if (s[k] == '[' || s[k] == '(') {
		k++;
		while (isdigit((unsigned char)s[k]))
			k++;
		if (s[k] != ']' && s[k] != ')')
			return 0;
		k++;
	}
	while (s[k] == ' ')
		k++;
	if (s[k] != ':')
		return 0;
	f = fold_spanish(word);
	hit = is_reply_prefix(f);
	free(f);
	return hit ? k + 1 : 0;
}

/*
 * Copy subject without "[SS:token]" tags (the first token goes to *tag),
 * then skip reply prefixes and leading "[...]" tags.  Returns the copy;
 * *start is where the text proper begins.
 */
static char *
subject_clean(const char *subject, char **tag, size_t *start)
{
	struct buf b;
	const char *p = subject;
	const char *last_close = strrchr(subject, ']');
	size_t i;

	buf_init(&b);
	buf_adds(&b, "");
	while (*p) {
		const char *close;

		/* Past the last ']' no tag can close: looking for one at
		   every "[SS:" would be quadratic. */
		if (*p == '[' && last_close != NULL && p < last_close &&
		    ascii_has_prefix_case(p + 1, "SS:") &&
		    (close = strchr(p, ']')) != NULL) {
			if ((*tag)[0] == '\0') {
				free(*tag);
				*tag = str_trim(xstrndup(p + 4,
				    (size_t)(close - p - 4)));
			}
			p = close + 1;
			continue;
		}
		buf_addc(&b, *p++);
	}
	for (i = 0;;) {
		const char *close;
		size_t k;

		while (b.data[i] == ' ' || b.data[i] == '\t')
			i++;
		if (b.data[i] == '[' &&
		    (close = strchr(b.data + i, ']')) != NULL) {
			i = (size_t)(close - b.data) + 1;
			continue;
		}
		if ((k = prefix_len(b.data + i)) > 0) {
			i += k;
			continue;
		}
		break;
	}
	*start = i;
	return buf_steal(&b);
}

/* The first code among the words of s (from offset 0). */
static enum command
find_code(const char *s, size_t *code_end)
{
	struct word w[MAX_WORDS];
	size_t n = split_words(s, w, MAX_WORDS), weak_end = 0;
	enum command cmd = CMD_NONE, found, weak = CMD_NONE;

	for (size_t i = 0; i < n; i++) {
		size_t used = match_code(w, n, i, &found);

		if (used == 0)
			continue;
		/* everyday words (CMDF_WEAK: "Envío mi documento INE", "mis
		   datos para el REGISTRO") count only when the Subject
		   names no other code (issue 12) */
		if (command_flags(found) & CMDF_WEAK) {
			if (weak == CMD_NONE) {
				weak = found;
				weak_end = w[i + used - 1].end;
			}
			i += used - 1;
			continue;
		}
		cmd = found;
		*code_end = w[i + used - 1].end;
		break;
	}
	if (cmd == CMD_NONE && weak != CMD_NONE) {
		cmd = weak;
		*code_end = weak_end;
	}
	words_free(w, n);
	return cmd;
}

void
classify_command(const char *subject, const char *body, int body_verbs,
    struct command_line *cl)
{
	char *clean, *verb_args = NULL, *verb_q = NULL, *raw;
	size_t start, end = 0;
	enum command verb = CMD_NONE;

	memset(cl, 0, sizeof(*cl));
	cl->subject_tag = xstrdup("");
	clean = subject_clean(subject ? subject : "", &cl->subject_tag, &start);
	cl->cmd = find_code(clean + start, &end);
	/*
	 * A Subject with our tag is one we wrote, being replied to: a verb
	 * the sender put in the body says more than the words of ours.
	 */
	if ((cl->cmd == CMD_NONE || cl->subject_tag[0] != '\0') &&
	    body_verbs && body != NULL)
		verb = reply_verb_read(body, &verb_args, &verb_q);
	if (verb != CMD_NONE) {
		cl->cmd = verb;
		cl->args = verb_args;
		cl->from_body = 1;
	} else if (verb_q != NULL) {
		cl->cmd = CMD_NONE;
		cl->question = verb_q;
		cl->from_body = 1;
	} else if (cl->cmd != CMD_NONE) {
		raw = rest_after(clean + start, end);
		cl->args = command_args_read(cl->cmd, raw, &cl->question);
		free(raw);
	}
	if (cl->args == NULL)
		cl->args = xstrdup("");
	cl->code = xstrdup(command_code(cl->cmd));
	free(clean);
}

void
command_line_free(struct command_line *cl)
{
	free(cl->code);
	free(cl->args);
	free(cl->subject_tag);
	free(cl->question);
	cl->code = cl->args = cl->subject_tag = cl->question = NULL;
}

/* Form fields ---------------------------------------------------------- */

/* A field name reduced to its folded letters and digits. */
static char *
field_key(const char *s, size_t n)
{
	char *raw = xstrndup(s, n), *f = fold_spanish(raw), *d = f;

	for (const char *p = f; *p; p++)
		if (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80)
			*d++ = *p;
	*d = '\0';
	free(raw);
	return f;
}

/* The next line after s if it is a lone value (no "Campo:" of its own). */
static char *
value_on_next_line(const char *s)
{
	const char *nl = strchr(s, '\n'), *e;
	char *v;

	if (nl == NULL)
		return NULL;
	nl++;
	e = nl + strcspn(nl, "\n");
	v = str_trim(xstrndup(nl, (size_t)(e - nl)));
	if (v[0] == '\0' || strchr(v, ':') != NULL) {
		free(v);
		return NULL;
	}
	return v;
}

char *
form_field(const char *body, const char *name)
{
	char *want = field_key(name, strlen(name));
	const char *line = body;
	char *res = NULL;

	while (line != NULL && *line && res == NULL) {
		size_t len = strcspn(line, "\n");
		const char *colon = memchr(line, ':', len);

		if (colon != NULL && colon > line) {
			char *key = field_key(line, (size_t)(colon - line));

			if (key[0] != '\0' && strcmp(key, want) == 0) {
				res = str_trim(xstrndup(colon + 1,
				    len - (size_t)(colon + 1 - line)));
				if (res[0] == '\0') {
					free(res);
					res = value_on_next_line(line);
				}
			}
			free(key);
		}
		line = line[len] ? line + len + 1 : NULL;
	}
	free(want);
	return res;
}

/* Documents ------------------------------------------------------------ */

/*
 * Keywords of each kind, folded.  '=' asks for the whole word ("ine" is
 * in "online"), '^' for a word that starts with it ("logo" is in
 * "catalogo"), otherwise the keyword may be anywhere in a word.  Two
 * words ("situacion fiscal") must be adjacent.  The first rule that
 * matches wins, so the more specific kinds come first: a "constancia de
 * situación fiscal" is the RFC, a "reporte de actividades" a report.
 */
static const struct {
	enum doc_kind kind;
	const char *kw;
} doc_rules[] = {
	{DOC_RFC, "=rfc"},
	{DOC_RFC, "situacion fiscal"},
	{DOC_RFC, "cedula fiscal"},
	{DOC_INE, "=ine"},
	{DOC_INE, "=ife"},
	{DOC_INE, "credencial"},
	{DOC_INE, "elector"},
	{DOC_DOMICILIO, "domicilio"},
	{DOC_DOMICILIO, "comprobante"},
	{DOC_NOMBRAMIENTO, "nombramiento"},
	{DOC_NOMBRAMIENTO, "poder"},	/* an empresa's poder notarial */
	{DOC_DECRETO, "decreto"},
	{DOC_DECRETO, "constitutiva"},
	{DOC_LOGO, "^logo"},
	{DOC_HONORARIOS, "honorarios"},
	{DOC_JUSTIFICACION, "justificacion"},
	{DOC_JUSTIFICACION, "justificante"},
	{DOC_REPORTE, "reporte"},
	{DOC_REPORTE, "informe"},
	{DOC_ACTIVIDADES, "actividades"},
	{DOC_ACTIVIDADES, "listado"},
	{DOC_PRESENTACION, "presentacion"},
	{DOC_CONSTANCIA, "constancia"},
	{DOC_FOTO, "^foto"},
};

static int
word_matches(const char *word, const char *kw)
{
	if (kw[0] == '=')
		return strcmp(word, kw + 1) == 0;
	if (kw[0] == '^')
		return strncmp(word, kw + 1, strlen(kw + 1)) == 0;
	return strstr(word, kw) != NULL;
}

static int
rule_matches(const struct word *w, size_t n, const char *kw)
{
	const char *sp = strchr(kw, ' ');

	for (size_t i = 0; i < n; i++) {
		if (sp == NULL) {
			if (word_matches(w[i].folded, kw))
				return 1;
		} else if (i + 1 < n &&
		    strncmp(w[i].folded, kw, (size_t)(sp - kw)) == 0 &&
		    w[i].folded[sp - kw] == '\0' &&
		    strcmp(w[i + 1].folded, sp + 1) == 0) {
			return 1;
		}
	}
	return 0;
}

enum doc_kind
classify_document(const char *filename)
{
	struct word w[MAX_WORDS];
	size_t n;
	enum doc_kind kind = DOC_UNKNOWN;

	if (filename == NULL)
		return DOC_UNKNOWN;
	n = split_words(filename, w, MAX_WORDS);
	for (size_t i = 0; i < ARRAY_LEN(doc_rules); i++) {
		if (rule_matches(w, n, doc_rules[i].kw)) {
			kind = doc_rules[i].kind;
			break;
		}
	}
	words_free(w, n);
	return kind;
}

/* Phrases of a document's text, folded as pdftext.h does (letters only). */
static const struct {
	enum doc_kind kind;	/* DOC_UNKNOWN: notarial, not which */
	const char *phrase;
} text_rules[] = {
	{DOC_DECRETO, "actaconstitutiva"},
	{DOC_DECRETO, "constituciondesociedad"},
	{DOC_DECRETO, "constituciondelasociedad"},
	{DOC_DECRETO, "decretodecreacion"},
	{DOC_DECRETO, "decretoporelquesecrea"},
	{DOC_NOMBRAMIENTO, "podernotarial"},
	{DOC_NOMBRAMIENTO, "podergeneral"},
	{DOC_NOMBRAMIENTO, "poderespecial"},
	{DOC_NOMBRAMIENTO, "otorgapoder"},
	{DOC_NOMBRAMIENTO, "otorgamientodepoder"},
	{DOC_UNKNOWN, "escriturapublica"},
	{DOC_UNKNOWN, "notariopublico"},
	{DOC_UNKNOWN, "notariapublica"},
	{DOC_UNKNOWN, "instrumentonotarial"},
};

enum doc_kind
classify_document_text(const char *folded, int *notarial)
{
	enum doc_kind kind = DOC_UNKNOWN;
	const char *first = NULL, *at;

	*notarial = 0;
	if (folded == NULL)
		return DOC_UNKNOWN;
	for (size_t i = 0; i < ARRAY_LEN(text_rules); i++) {
		if ((at = strstr(folded, text_rules[i].phrase)) == NULL)
			continue;
		if (text_rules[i].kind == DOC_UNKNOWN) {
			*notarial = 1;
			continue;
		}
		if (first == NULL || at < first) {
			first = at;
			kind = text_rules[i].kind;
		}
	}
	if (kind != DOC_UNKNOWN)
		*notarial = 0;
	return kind;
}

enum {
	T_PDF = 1,
	T_JPEG = 2,
	T_PNG = 4,
};

static const struct {
	enum doc_kind kind;
	const char *id;
	const char *name;
	int types;
	const char *expected;
} doc_kinds[] = {
	{DOC_UNKNOWN, "", "documento no reconocido", 0, ""},
	{DOC_FOTO, "foto", "foto de perfil", T_JPEG | T_PNG, "JPEG o PNG"},
	{DOC_PRESENTACION, "presentacion", "carta de presentación", T_PDF,
	    "PDF"},
	{DOC_CONSTANCIA, "constancia", "constancia de estudios", T_PDF, "PDF"},
	{DOC_REPORTE, "reporte", "reporte de actividades", T_PDF, "PDF"},
	{DOC_DECRETO, "decreto", "decreto de creación o acta constitutiva",
	    T_PDF | T_JPEG | T_PNG, "PDF, JPEG o PNG"},
	{DOC_NOMBRAMIENTO, "nombramiento", "nombramiento o poder notarial del "
	    "representante",
	    T_PDF | T_JPEG | T_PNG, "PDF, JPEG o PNG"},
	{DOC_INE, "ine", "INE del representante", T_PDF | T_JPEG | T_PNG,
	    "PDF, JPEG o PNG"},
	{DOC_DOMICILIO, "domicilio", "comprobante de domicilio",
	    T_PDF | T_JPEG | T_PNG, "PDF, JPEG o PNG"},
	{DOC_RFC, "rfc", "constancia del RFC (situación fiscal)",
	    T_PDF | T_JPEG | T_PNG,
	    "PDF, JPEG o PNG"},
	{DOC_LOGO, "logo", "logotipo", T_PNG | T_JPEG, "PNG o JPEG"},
	{DOC_ACTIVIDADES, "actividades", "listado de actividades", T_PDF,
	    "PDF"},
	{DOC_HONORARIOS, "honorarios", "documento de honorarios", T_PDF,
	    "PDF"},
	{DOC_JUSTIFICACION, "justificacion", "justificación de la baja",
	    T_PDF | T_JPEG | T_PNG, "PDF, JPEG o PNG"},
};

static size_t
kind_index(enum doc_kind k)
{
	for (size_t i = 0; i < ARRAY_LEN(doc_kinds); i++)
		if (doc_kinds[i].kind == k)
			return i;
	return 0;
}

const char *
doc_kind_name(enum doc_kind k)
{
	return doc_kinds[kind_index(k)].name;
}

const char *
doc_kind_id(enum doc_kind k)
{
	return doc_kinds[kind_index(k)].id;
}

/* A name for each kind that classify_document reads back as it
   (test_classify checks every one). */
static const struct {
	enum doc_kind kind;
	const char *file;
} doc_examples[] = {
	{DOC_FOTO, "foto.jpg"},
	{DOC_PRESENTACION, "presentacion.pdf"},
	{DOC_CONSTANCIA, "constancia.pdf"},
	{DOC_REPORTE, "reporte.pdf"},
	{DOC_DECRETO, "acta-constitutiva.pdf"},
	{DOC_NOMBRAMIENTO, "poder-notarial.pdf"},
	{DOC_INE, "ine.pdf"},
	{DOC_DOMICILIO, "comprobante-domicilio.pdf"},
	{DOC_RFC, "rfc.pdf"},
	{DOC_LOGO, "logo.png"},
	{DOC_ACTIVIDADES, "actividades.pdf"},
	{DOC_HONORARIOS, "honorarios.pdf"},
	{DOC_JUSTIFICACION, "justificacion.pdf"},
};

const char *
doc_kind_example(enum doc_kind k)
{
	for (size_t i = 0; i < ARRAY_LEN(doc_examples); i++)
		if (doc_examples[i].kind == k)
			return doc_examples[i].file;
	return "documento.pdf";
}

const char *
doc_types_expected(enum doc_kind k)
{
	return doc_kinds[kind_index(k)].expected;
}

int
doc_type_ok(enum doc_kind k, const char *magic_type)
{
	int types = doc_kinds[kind_index(k)].types, t = 0;

	if (magic_type == NULL)
		return 0;
	if (strcmp(magic_type, "application/pdf") == 0)
		t = T_PDF;
	else if (strcmp(magic_type, "image/jpeg") == 0)
		t = T_JPEG;
	else if (strcmp(magic_type, "image/png") == 0)
		t = T_PNG;
	return (types & t) != 0;
}

const char *
magic_type_human(const char *magic_type)
{
	static const struct {
		const char *type, *human;
	} names[] = {
		{"application/pdf", "documento PDF"},
		{"image/jpeg", "imagen JPEG"},
		{"image/png", "imagen PNG"},
		{"image/gif", "imagen GIF"},
		{"image/webp", "imagen WebP"},
		{"image/heic", "foto de iPhone (HEIC)"},
		{"image/tiff", "imagen TIFF"},
		{"image/bmp", "imagen BMP"},
		{"application/msword", "documento de Word"},
		{"application/vnd.openxmlformats-officedocument."
		    "wordprocessingml.document", "documento de Word"},
		{"application/vnd.ms-excel", "hoja de cálculo de Excel"},
		{"application/vnd.openxmlformats-officedocument."
		    "spreadsheetml.sheet", "hoja de cálculo de Excel"},
		{"application/vnd.oasis.opendocument.text",
		    "documento de OpenDocument"},
		{"application/zip", "archivo ZIP"},
		{"application/x-rar", "archivo RAR"},
		{"text/plain", "texto sin formato"},
		{"text/html", "página HTML"},
		{"application/x-empty", "archivo vacío"},
		{"inode/x-empty", "archivo vacío"},
		{"message/rfc822", "mensaje de correo reenviado"},
		{"application/vnd.ms-tnef", "archivo winmail.dat de Outlook"},
		{"image/heif", "foto de iPhone (HEIF)"},
		{"application/vnd.openxmlformats-officedocument."
		    "presentationml.presentation", "presentación de PowerPoint"},
		{"application/vnd.ms-powerpoint", "presentación de PowerPoint"},
		{"text/csv", "tabla CSV"},
		{"application/octet-stream", "archivo de un tipo que no "
		    "reconocemos"},
	};

	/* never a MIME type: people cannot act on "application/x-..." */
	if (magic_type == NULL || magic_type[0] == '\0')
		return "archivo de un tipo que no reconocemos";
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (strcmp(magic_type, names[i].type) == 0)
			return names[i].human;
	if (strncmp(magic_type, "image/", 6) == 0)
		return "imagen de un formato que no aceptamos";
	if (strncmp(magic_type, "text/", 5) == 0)
		return "archivo de texto";
	return "archivo de un tipo que no reconocemos";
}

const char *
attachment_human(const struct attachment *a)
{
	if (strcmp(a->converted_from ? a->converted_from : "", "HEIC") == 0)
		return "foto de iPhone (HEIC), que convertimos a JPEG";
	if (strcmp(a->declared_type, "message/rfc822") == 0)
		return "mensaje de correo reenviado";
	if (a->container)
		return "archivo winmail.dat de Outlook";
	return magic_type_human(a->magic_type);
}
