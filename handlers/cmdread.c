/* SPDX-License-Identifier: ISC */
/*
 * cmdread.c - the arguments of a command and the verb of a reply, read
 * the way people write them (see classify.h).
 *
 * classify.c finds which command a Subject names; this file decides what
 * after it is an argument.  People wrap the one thing a command needs in
 * ordinary Spanish: "Reporte de 180 horas", "Reporte 180, grupo 7B",
 * "Solicitud al programa 1", "Aprobar RFD-74R, gracias".  So each command
 * says what shape its arguments have (a number of hours, a key, a key and
 * a reason, free text), filler words before a key are skipped, courtesy
 * at the end is dropped, and two readings that disagree ("Reporte 180 y
 * 360") become a question instead of a guess.
 *
 * Replies to our notices are read from the top: a greeting line ("Buenas
 * tardes:") may come first, and the verb is said the many ways people say
 * yes and no ("Aprobado, gracias.", "De acuerdo", "No se acepta: ...").
 *
 * Words are compared folded (fold_spanish: case, accents, NFC/NFD); what
 * is handed on keeps the sender's spelling.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "handlers/classify.h"

#define MAX_TOKENS	64	/* words of an argument string that are read */
#define MAX_GREETING	3	/* greeting lines skipped before a verb */
#define SPLIT_DIGITS	6	/* a digit group shorter than this continues */

/* One white-space separated word: its place and its folded core. */
struct tok {
	const char *start;	/* in the string read */
	size_t len;
	char *core;		/* folded, without surrounding punctuation */
};

static const char punct[] = ",.;:!?()[]\"'*«»¿¡<>";

static int
is_punct_byte(const unsigned char *p, size_t n)
{
	if (n == 0)
		return 0;
	if (p[0] < 0x80)
		return strchr(punct, p[0]) != NULL && p[0] != '\0';
	/* « » ¿ ¡ are C2 AB, C2 BB, C2 BF, C2 A1 */
	return n >= 2 && p[0] == 0xc2 &&
	    (p[1] == 0xab || p[1] == 0xbb || p[1] == 0xbf || p[1] == 0xa1);
}

/* s[0..n) without punctuation at either end (bounds in *a, *b). */
static void
core_bounds(const char *s, size_t n, size_t *a, size_t *b)
{
	const unsigned char *p = (const unsigned char *)s;

	*a = 0;
	*b = n;
	while (*a < *b && is_punct_byte(p + *a, *b - *a))
		*a += p[*a] < 0x80 ? 1 : 2;
	while (*b > *a) {
		if (p[*b - 1] < 0x80 && strchr(punct, p[*b - 1]) != NULL)
			(*b)--;
		else if (*b - *a >= 2 && is_punct_byte(p + *b - 2, 2))
			*b -= 2;
		else
			break;
	}
}

static size_t
tokenize(const char *s, struct tok *t, size_t max)
{
	size_t n = 0;

	while (*s && n < max) {
		size_t len, a, b;
		char *raw;

		s += strspn(s, " \t\r\n");
		if (*s == '\0')
			break;
		len = strcspn(s, " \t\r\n");
		core_bounds(s, len, &a, &b);
		raw = xstrndup(s + a, b - a);
		t[n].start = s;
		t[n].len = len;
		t[n].core = fold_spanish(raw);
		free(raw);
		n++;
		s += len;
	}
	return n;
}

static void
tokens_free(struct tok *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(t[i].core);
}

static int
in_list(const char *w, const char *const *list)
{
	for (size_t i = 0; list[i] != NULL; i++)
		if (strcmp(w, list[i]) == 0)
			return 1;
	return 0;
}

/* Words people put between a command and its key. */
static int
is_filler(const char *w)
{
	static const char *const fillers[] = {
		"", "de", "del", "al", "a", "la", "el", "los", "las", "para",
		"programa", "numero", "num", "no", "n", "nro", "#", "clave",
		"codigo", "folio", "solicitud", "matricula", "alumno",
		"alumna", "mi", "su", "horas", "hrs", "hr", "h", "asunto",
		"con", "reporte", "actividades", "avance", NULL
	};

	return in_list(w, fillers);
}

/* Courtesy that may end a Subject or a reason. */
static int
is_courtesy(const char *w)
{
	static const char *const words[] = {
		"", "gracias", "muchas", "por", "favor", "saludos", "saludo",
		"cordiales", "atentamente", "atte", "de", "antemano", "quedo",
		"atento", "atenta", "pendiente", "y", "bendiciones", "buen",
		"dia", "excelente", "ok", NULL
	};

	return in_list(w, words);
}

/*
 * Index after the last word that is not trailing courtesy.  A courtesy
 * run counts only when it holds "gracias", "favor" or "saludos": "de" or
 * "pendiente" alone end real text.
 */
static size_t
courtesy_start(const struct tok *t, size_t from, size_t n)
{
	size_t i = n;
	int real = 0;

	while (i > from && is_courtesy(t[i - 1].core)) {
		const char *w = t[i - 1].core;

		if (strcmp(w, "gracias") == 0 || strcmp(w, "favor") == 0 ||
		    strncmp(w, "saludo", 6) == 0 ||
		    strcmp(w, "atentamente") == 0 || strcmp(w, "atte") == 0)
			real = 1;
		i--;
	}
	return real ? i : n;
}

/* The sender's text of words [a, b), trailing punctuation dropped. */
static char *
span_text(const struct tok *t, size_t a, size_t b)
{
	char *s;
	size_t len;

	if (a >= b)
		return xstrdup("");
	s = xstrndup(t[a].start, (size_t)(t[b - 1].start + t[b - 1].len -
	    t[a].start));
	len = strlen(s);
	while (len > 0 && strchr(",.;:!?*", s[len - 1]) != NULL)
		s[--len] = '\0';
	return str_trim(s);
}

/* Word i without its surrounding punctuation, as written. */
static char *
token_core_raw(const struct tok *t)
{
	size_t a, b;

	core_bounds(t->start, t->len, &a, &b);
	return xstrndup(t->start + a, b - a);
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* Letters and digits with one leading letter at most: "s2102", "2023". */
static int
matricula_head(const char *s)
{
	if (isalpha((unsigned char)s[0]))
		s++;
	return all_digits(s);
}

char *
matricula_normalize(const char *s)
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "");
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '.')
			continue;
		buf_addc(&b, (char)toupper((unsigned char)*s));
	}
	return buf_steal(&b);
}

/*
 * A matrícula typed in groups ("2023 5678") starting at word *i: the
 * groups joined and upper-cased; *i moves past them.
 */
static char *
matricula_at(const struct tok *t, size_t n, size_t *i)
{
	struct buf b;
	char *w = token_core_raw(&t[*i]), *res;

	buf_init(&b);
	buf_adds(&b, w);
	(*i)++;
	if (matricula_head(t[*i - 1].core))
		while (*i < n && b.len < SPLIT_DIGITS &&
		    all_digits(t[*i].core)) {
			buf_adds(&b, t[*i].core);
			(*i)++;
		}
	free(w);
	res = matricula_normalize(b.data);
	buf_free(&b);
	return res;
}

/* How a command's arguments are shaped. */
enum arg_shape {
	SHAPE_TEXT,		/* free text: only trailing courtesy goes */
	SHAPE_HOURS,		/* REPORTE: 180, 360 or 480 */
	SHAPE_KEY,		/* one key after filler words */
	SHAPE_KEY_REASON,	/* a key, then a reason */
	SHAPE_MATRICULA,	/* one matrícula */
	SHAPE_MATRICULA_REASON,	/* a matrícula, then a reason */
};

/* The args column of the command table (commands.def). */
static enum arg_shape
shape_of(enum command cmd)
{
	switch (cmd) {
#define COMMAND(name, code, args, flags) \
	case CMD_##name: \
		return args;
#include "handlers/commands.def"
	default:
		return SHAPE_TEXT;
	}
}

/* "180", "180h", "180hrs" -> 180; 0 for anything else. */
static int
hours_of(const char *w)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)w[0]))
		return 0;
	v = strtol(w, &end, 10);
	if (*end != '\0' && strcmp(end, "h") != 0 && strcmp(end, "hrs") != 0 &&
	    strcmp(end, "hr") != 0 && strcmp(end, "horas") != 0)
		return 0;
	return v == 180 || v == 360 || v == 480 ? (int)v : 0;
}

static char *
read_hours(const struct tok *t, size_t n, const char *raw, char **question)
{
	int found = 0;

	for (size_t i = 0; i < n; i++) {
		int h = hours_of(t[i].core);

		if (h == 0 || h == found)
			continue;
		if (found != 0) {
			*question = xasprintf("¿De cuántas horas es el "
			    "reporte que envía: de %d o de %d? Cada reporte "
			    "va en su propio correo.", found, h);
			return xstrdup("");
		}
		found = h;
	}
	if (found != 0)
		return xasprintf("%d", found);
	return xstrdup(raw);
}

/*
 * The key after the filler words: a word with a digit ("1", "S-00042")
 * or a hyphenated code ("KQX-MMA"); -1 when the first other word is
 * neither (then the text is a name, "Programa de Alfabetización").
 */
static long
key_index(const struct tok *t, size_t n)
{
	size_t i = 0;

	while (i < n && is_filler(t[i].core))
		i++;
	if (i == n)
		return -1;
	if (strchr(t[i].core, '-') != NULL && strlen(t[i].core) >= 5)
		return (long)i;
	for (const char *p = t[i].core; *p; p++)
		if (isdigit((unsigned char)*p))
			return (long)i;
	return -1;
}

char *
command_args_read(enum command cmd, const char *raw, char **question)
{
	struct tok t[MAX_TOKENS];
	size_t n = tokenize(raw, t, MAX_TOKENS), end, i;
	enum arg_shape shape = shape_of(cmd);
	long k;
	char *res, *key, *rest;

	*question = NULL;
	end = courtesy_start(t, 0, n);
	if (shape == SHAPE_HOURS) {
		res = read_hours(t, end, raw, question);
	} else if (shape == SHAPE_TEXT || (k = key_index(t, end)) < 0) {
		res = span_text(t, 0, end);
	} else {
		i = (size_t)k;
		if (shape == SHAPE_MATRICULA ||
		    shape == SHAPE_MATRICULA_REASON) {
			key = matricula_at(t, end, &i);
		} else {
			key = token_core_raw(&t[i]);
			i++;
		}
		if (shape == SHAPE_KEY || shape == SHAPE_MATRICULA) {
			res = key;
		} else {
			rest = span_text(t, i, end);
			res = *rest ? xasprintf("%s %s", key, rest) :
			    xstrdup(key);
			free(rest);
			free(key);
		}
	}
	tokens_free(t, n);
	return res;
}

/* ---- the verb of a reply ---- */

/* How a reply's first line says a command (commands.def, REPLY_VERB). */
static const struct {
	enum command cmd;
	const char *words;	/* folded, one space apart */
} verbs[] = {
#define REPLY_VERB(name, words) {CMD_##name, words},
#include "handlers/commands.def"
};

/* Words of phrase matched by t[0..n): all of them, or 0. */
static size_t
verb_words_at(const struct tok *t, size_t n, const char *phrase)
{
	size_t j = 0;

	while (*phrase != '\0') {
		if (j >= n || !classify_phrase_word(&phrase, t[j].core))
			return 0;
		j++;
	}
	return j;
}

/* The longest verb opening words t[0..n): its command and words used. */
static enum command
verb_at(const struct tok *t, size_t n, size_t *used)
{
	enum command cmd = CMD_NONE;

	*used = 0;
	for (size_t v = 0; v < ARRAY_LEN(verbs); v++) {
		size_t j = verb_words_at(t, n, verbs[v].words);

		if (j > *used) {
			*used = j;
			cmd = verbs[v].cmd;
		}
	}
	return cmd;
}

/*
 * Words after a yes that take it back ("pero", "aunque", a no-verb).  A
 * plain "no" or "sin" does not: "Aprobado, no hay observaciones" and
 * "De acuerdo, sin cambios" are a yes.
 */
static int
has_doubt(const struct tok *t, size_t from, size_t n)
{
	static const char *const doubts[] = {
		"pero", "embargo", "aunque", "excepto", "salvo", "condicion",
		"rechazar", "rechazo", "rechazado", "rechazada", NULL
	};
	size_t used;

	for (size_t i = from; i < n; i++)
		if (in_list(t[i].core, doubts) ||
		    verb_at(t + i, n - i, &used) == CMD_RECHAZAR)
			return 1;
	return 0;
}

/*
 * A greeting line before the verb: "Buenas tardes:", "Hola,",
 * "Estimada coordinación", "Dra. Ruiz:".  Short, and either opening with
 * a greeting word or ending with ':' or ','.
 */
static int
is_greeting(const char *line)
{
	static const char *const openers[] = {
		"hola", "buen", "buenos", "buenas", "estimado", "estimada",
		"estimados", "estimadas", "apreciable", "apreciables",
		"saludos", "que", "dr", "dra", "lic", "mtro", "mtra", "ing",
		"profesor", "profesora", "maestro", "maestra", "senor",
		"senora", "coordinacion", "coordinadora", "coordinador", NULL
	};
	struct tok t[8];
	size_t n, len = strlen(line), used;
	int hit;

	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\r'))
		len--;
	if (len == 0 || len > 60)
		return 0;
	n = tokenize(line, t, ARRAY_LEN(t));
	hit = n > 0 && verb_at(t, n, &used) == CMD_NONE &&
	    (in_list(t[0].core, openers) || line[len - 1] == ':' ||
	    line[len - 1] == ',');
	tokens_free(t, n);
	return hit;
}

/* The first line after blank and greeting lines (new string), or NULL. */
static char *
verb_line(const char *body)
{
	const char *line = body;
	int greetings = 0;

	while (*line) {
		size_t len = strcspn(line, "\n");
		char *l = xstrndup(line, len);

		str_trim(l);
		if (*l != '\0') {
			if (greetings >= MAX_GREETING || !is_greeting(l))
				return l;
			greetings++;
		}
		free(l);
		line += len + (line[len] ? 1 : 0);
	}
	return NULL;
}

enum command
reply_verb_read(const char *body, char **args, char **question)
{
	struct tok t[MAX_TOKENS];
	char *line = verb_line(body);
	size_t n, used = 0, end;
	enum command cmd;

	*args = NULL;
	*question = NULL;
	if (line == NULL)
		return CMD_NONE;
	/* the verb opens the line, behind "*" or "-" at most */
	if (line[strspn(line, "*-> \t")] == '\0' ||
	    !isalpha((unsigned char)line[strspn(line, "*- \t")])) {
		free(line);
		return CMD_NONE;
	}
	n = tokenize(line, t, MAX_TOKENS);
	cmd = verb_at(t, n, &used);
	if (cmd != CMD_NONE) {
		end = courtesy_start(t, used, n);
		if (cmd != CMD_RECHAZAR && has_doubt(t, used, end)) {
			*question = xstrdup("Su respuesta dice que sí, pero "
			    "también pone una condición. ¿Lo aprueba o lo "
			    "rechaza? Responda a este correo con una sola "
			    "palabra: APROBAR, o RECHAZAR seguido del motivo.");
			cmd = CMD_NONE;
		} else if (cmd == CMD_RECHAZAR) {
			*args = span_text(t, used, end);
		} else {
			/* a yes carries a key at most ("Aprobar K7Q-3MX");
			   "Aceptado. La esperamos el lunes" is no argument */
			long k = key_index(t + used, end - used);

			*args = k < 0 ? xstrdup("") :
			    token_core_raw(&t[used + (size_t)k]);
		}
	}
	tokens_free(t, n);
	free(line);
	return cmd;
}
