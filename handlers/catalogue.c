/* SPDX-License-Identifier: ISC */
/*
 * catalogue.c - the catalogue's fields and filters (catalogue.h).
 *
 * Filters are words, as a student writes them: a modality (presencial,
 * remota, en línea, a distancia, híbrida, mixta), "con apoyo" (or beca,
 * pagado, remunerado), and any other word, which must appear in the
 * program's careers, place, name, agency or description.  A program that
 * names no careers is for every career: a word that is some program's
 * career (catalogue_filter_careers) does not leave it out, a place does.  Words are read folded (no accents, lower
 * case), and at most MAX_TERMS of them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/caldate.h"
#include "common/util.h"
#include "handlers/catalogue.h"
#include "handlers/hutil.h"
#include "handlers/say.h"
#include "letters/letters.h"

#define MAX_TERMS	8
#define MAX_FIELD	200

static const struct {
	const char *word;
	const char *modalidad;
} modalities[] = {
	{"presencial", "presencial"},
	{"remota", "remota"},
	{"remoto", "remota"},
	{"distancia", "remota"},
	{"linea", "remota"},
	{"hibrida", "híbrida"},
	{"hibrido", "híbrida"},
	{"mixta", "híbrida"},
};

static const char *const support_words[] = {"apoyo", "beca", "pagado",
	"remunerado", "economico"};

static const char *const filler[] = {"de", "del", "la", "las", "el", "los",
	"y", "en", "con", "para", "por", "a", "al", "que", "programa",
	"programas", "carrera", "modalidad"};

static int
in_list(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(w, list[i]) == 0)
			return 1;
	return 0;
}

static const char *
modality_of(const char *folded)
{
	for (size_t i = 0; i < ARRAY_LEN(modalities); i++)
		if (strcmp(folded, modalities[i].word) == 0)
			return modalities[i].modalidad;
	return NULL;
}

/* ---- PROGRAMA's fields ---- */

static int
read_modalidad(struct hctx *ctx, struct program_info *i)
{
	char *v = hctx_field(ctx, "Modalidad"), *f;
	const char *m;

	if (v == NULL) {
		i->modalidad = xstrdup("");
		return 1;
	}
	f = fold_spanish(v);
	str_trim(f);
	m = modality_of(f);
	if (m == NULL && strcmp(f, "en linea") == 0)
		m = "remota";
	if (m == NULL)
		tr_say(ctx, TR_ERROR, S_PROGRAMA_MODALIDAD_NO_VALIDA,
		    "modalidad=%s", v);
	i->modalidad = xstrdup(m ? m : "");
	free(f);
	free(v);
	return m != NULL;
}

static int
read_vigencia(struct hctx *ctx, struct program_info *i)
{
	char *v = hctx_field(ctx, "Vigente hasta");
	struct ymd d;
	int ok = 1;

	if (v == NULL)
		return 1;
	if (ymd_parse(v, &d) != 0) {
		tr_say(ctx, TR_ERROR, S_PROGRAMA_VIGENCIA_NO_FECHA,
		    "fecha=%s", v);
		ok = 0;
	} else if ((i->vigente_hasta = ymd_start(ymd_add_days(d, 1))) <=
	    ctx->now) {
		tr_say(ctx, TR_ERROR, S_PROGRAMA_VIGENCIA_PASADA,
		    "fecha=%s", v);
		ok = 0;
	}
	free(v);
	return ok;
}

static char *
bounded_field(struct hctx *ctx, const char *name, int *ok)
{
	char *v = hctx_field(ctx, name);

	if (v != NULL && strlen(v) > MAX_FIELD) {
		tr_say(ctx, TR_ERROR, S_PROGRAMA_CAMPO_LARGO,
		    "campo=%s max=%d", name, MAX_FIELD);
		*ok = 0;
	}
	return v ? v : xstrdup("");
}

int
catalogue_read(struct hctx *ctx, struct program_info *i)
{
	int ok = 1;
	char *f;

	memset(i, 0, sizeof(*i));
	i->carreras = bounded_field(ctx, "Carreras", &ok);
	i->apoyo = bounded_field(ctx, "Apoyo económico", &ok);
	f = fold_spanish(i->apoyo);
	str_trim(f);
	if (strcmp(f, "no") == 0 || strcmp(f, "ninguno") == 0 ||
	    strcmp(f, "sin apoyo") == 0) {
		free(i->apoyo);
		i->apoyo = xstrdup("no");
	}
	free(f);
	ok &= read_modalidad(ctx, i);
	ok &= read_vigencia(ctx, i);
	return ok;
}

static int
has_support(const struct program_info *i)
{
	return *i->apoyo != '\0' && strcmp(i->apoyo, "no") != 0;
}

char *
catalogue_summary(const struct hctx *ctx, const struct program_info *i)
{
	char *d = i->vigente_hasta > 0 ?
	    ymd_es(ymd_add_days(ymd_of(i->vigente_hasta), -1)) : xstrdup("");
	char *s = say(ctx, S_PROGRAMA_RESUMEN, "carreras=%s modalidad=%s "
	    "apoyo=%s hasta=%s", i->carreras, i->modalidad, has_support(i) ?
	    i->apoyo : "", d);

	free(d);
	return s;
}

/* ---- PROGRAMAS' filters ---- */

static void
said_add(struct buf *b, const char *s)
{
	buf_adds(b, b->len ? ", " : "");
	buf_adds(b, s);
}

void
catalogue_filter_read(const char *words, struct catalogue_filter *f)
{
	char *all = fold_spanish(words ? words : ""), *save = NULL, *w;
	struct buf said;

	memset(f, 0, sizeof(*f));
	buf_init(&said);
	for (w = strtok_r(all, " \t,.;:", &save); w != NULL;
	    w = strtok_r(NULL, " \t,.;:", &save)) {
		const char *m = modality_of(w);

		if (m != NULL) {
			free(f->modalidad);
			f->modalidad = xstrdup(m);
			said_add(&said, "modalidad ");
			buf_adds(&said, m);
		} else if (in_list(w, support_words, ARRAY_LEN(support_words))) {
			if (!f->con_apoyo)
				said_add(&said, "con apoyo económico");
			f->con_apoyo = 1;
		} else if (!in_list(w, filler, ARRAY_LEN(filler)) &&
		    f->n_terms < MAX_TERMS) {
			f->terms = xreallocarray(f->terms, f->n_terms + 1,
			    sizeof(*f->terms));
			f->career = xreallocarray(f->career, f->n_terms + 1,
			    sizeof(*f->career));
			f->career[f->n_terms] = 0;
			f->terms[f->n_terms++] = xstrdup(w);
			said_add(&said, "«");
			buf_adds(&said, w);
			buf_adds(&said, "»");
		}
	}
	free(all);
	f->said = buf_steal(&said);
}

void
catalogue_filter_free(struct catalogue_filter *f)
{
	for (size_t i = 0; i < f->n_terms; i++)
		free(f->terms[i]);
	free(f->terms);
	free(f->career);
	free(f->modalidad);
	free(f->said);
	memset(f, 0, sizeof(*f));
}

static int
term_matches(const char *term, const struct wf_program *p,
    const struct program_info *i)
{
	const char *parts[] = {i->carreras, p->lugar, p->name,
	    p->agency_name, p->descripcion};
	int found = 0;

	for (size_t k = 0; k < ARRAY_LEN(parts) && !found; k++) {
		char *f = fold_spanish(parts[k] ? parts[k] : "");

		found = strstr(f, term) != NULL;
		free(f);
	}
	return found;
}

void
catalogue_filter_careers(struct catalogue_filter *f,
    const struct program_info *infos, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *c = fold_spanish(infos[i].carreras);

		for (size_t k = 0; k < f->n_terms; k++)
			if (strstr(c, f->terms[k]) != NULL)
				f->career[k] = 1;
		free(c);
	}
}

int
catalogue_match(const struct catalogue_filter *f, const struct wf_program *p,
    const struct program_info *i, int64_t now)
{
	if (i->vigente_hasta > 0 && i->vigente_hasta <= now)
		return 0;
	if (f->modalidad != NULL && strcmp(f->modalidad, i->modalidad) != 0)
		return 0;
	if (f->con_apoyo && !has_support(i))
		return 0;
	for (size_t k = 0; k < f->n_terms; k++)
		if (!term_matches(f->terms[k], p, i) &&
		    !(f->career[k] && *i->carreras == '\0'))
			return 0;
	return 1;
}
