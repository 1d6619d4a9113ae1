/* SPDX-License-Identifier: ISC */
/*
 * letters.c - the letters handle: loading and checking every template at
 * start-up, mail text from templates, rendering a letter to PDF, and the
 * samples of `tequioctl render`.  Issuing (folio, code, register) is in
 * issue.c.
 */
#include "letters/letters_int.h"

#include <dirent.h>
#include <errno.h>
#include <malloc.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "common/caldate.h"
#include "common/fault.h"
#include "common/log.h"
#include "letters/doc.h"
#include "letters/layout.h"
#include "letters/pdf.h"
#include "letters/schema.h"
#include "letters/vars_int.h"

#define MAX_TEMPLATE_BYTES (256 * 1024)
#define INSTITUTION_FILE "institucion"

static const struct {
	const char *id;
	const char *name;
} kinds[] = {
	{"presentacion", "carta de presentación"},
	{"constancia", "constancia de estudios"},
	{"convenio", "convenio de colaboración"},
	{"aceptacion", "carta de aceptación"},
	{"baja", "carta de baja"},
	{"liberacion", "carta de liberación"},
	{"finalizacion", "carta de finalización"},
	{"evaluacion", "evaluación del servicio social"},
};

const char *
letters_kind_name(const char *letter_id)
{
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		if (strcmp(kinds[i].id, letter_id) == 0)
			return kinds[i].name;
	return NULL;
}

char *
letters_date_es(int64_t when)
{
	return ymd_es(ymd_of(when));
}

int
letters_year(int64_t when)
{
	return ymd_of(when).y;
}

const struct tdef *
letters_find(const struct letters *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->t[i].name, name) == 0)
			return &l->t[i];
	return NULL;
}

int
letters_has(const struct letters *l, const char *name)
{
	return letters_find(l, name) != NULL;
}

/* ---- loading ---- */

/* templates/institucion.txt: "clave: valor" lines for the letterheads. */
static int
load_institution(struct letters *l, const char *path, const char *src,
    size_t len, char *err, size_t errlen)
{
	const char *p = src, *end = src + len;
	int line = 0;

	if (!utf8_valid(src, len)) {
		snprintf(err, errlen, "%s:1: el archivo no es texto UTF-8",
		    path);
		return -1;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		char *s = xstrndup(p, (size_t)((nl ? nl : end) - p)), *colon;

		line++;
		p = nl ? nl + 1 : end;
		str_trim(s);
		if (*s == '\0' || *s == '#') {
			free(s);
			continue;
		}
		colon = strchr(s, ':');
		if (colon == NULL) {
			snprintf(err, errlen, "%s:%d: se esperaba \"clave: "
			    "valor\"", path, line);
			free(s);
			return -1;
		}
		*colon = '\0';
		str_trim(s);
		if (!schema_institution_key(s)) {
			snprintf(err, errlen, "%s:%d: clave desconocida \"%.60s\" "
			    "(vea templates/README.md)", path, line, s);
			free(s);
			return -1;
		}
		vars_set(l->inst, s, str_trim(colon + 1));
		free(s);
	}
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the *.txt files of dir, sorted (so errors are stable). */
static int
list_templates(const char *dir, char ***names, size_t *n, char *err,
    size_t errlen)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	*names = NULL;
	*n = 0;
	if (d == NULL) {
		snprintf(err, errlen, "%s: no se puede abrir el directorio de "
		    "plantillas: %s", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len <= 4 ||
		    strcmp(e->d_name + len - 4, ".txt") != 0)
			continue;
		*names = xreallocarray(*names, *n + 1, sizeof(**names));
		(*names)[(*n)++] = xstrndup(e->d_name, len - 4);
	}
	closedir(d);
	qsort(*names, *n, sizeof(**names), cmp_str);
	return 0;
}

/*
 * Templates are edited by people, on any system: drop a UTF-8 byte-order
 * mark (Notepad writes one) and the CR of CRLF line ends, in place, so
 * that "---" and keys are found and mail text gets plain line ends.
 */
static void
normalise(char *src, size_t *len)
{
	size_t i = 0, o = 0;

	if (*len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	for (; i < *len; i++) {
		if (src[i] == '\r' && i + 1 < *len && src[i + 1] == '\n')
			continue;
		src[o++] = src[i];
	}
	src[o] = '\0';
	*len = o;
}

/* Template name from dir; fill: a catalogue gives only the sentences not
   loaded yet (load_installed). */
static int
load_one(struct letters *l, const char *dir, const char *name, int fill,
    char *err, size_t errlen)
{
	const struct schema *sc;
	struct tdef *t;
	char *path = xasprintf("%s/%s.txt", dir, name);
	char *src = NULL;
	size_t len;
	int rc = -1;

	if (read_file(path, MAX_TEMPLATE_BYTES, &src, &len) != 0) {
		snprintf(err, errlen, "%s: no se puede leer: %s", path,
		    strerror(errno));
		goto done;
	}
	normalise(src, &len);
	if (strcmp(name, INSTITUTION_FILE) == 0) {
		rc = load_institution(l, path, src, len, err, errlen);
		goto done;
	}
	if (sentences_is_catalogue(name)) {
		rc = (fill ? sentences_fill : sentences_load)(l, path, name,
		    src, len, err, errlen);
		goto done;
	}
	if ((sc = schema_find(name)) == NULL) {
		snprintf(err, errlen, "%s:1: plantilla desconocida \"%s\": no "
		    "hay variables registradas para ese nombre (vea "
		    "templates/README.md)", path, name);
		goto done;
	}
	l->t = xreallocarray(l->t, l->n + 1, sizeof(*l->t));
	t = &l->t[l->n];
	memset(t, 0, sizeof(*t));
	if (tpl_parse(path, src, len, sc, &t->tpl, err, errlen) != 0)
		goto done;
	t->letter = schema_is_letter(name);
	if (t->letter && letterdoc_check(path, src, len, err, errlen) != 0) {
		tpl_free(t->tpl);
		goto done;
	}
	t->name = xstrdup(name);
	t->path = path;
	path = NULL;
	l->n++;
	rc = 0;
done:
	free(src);
	free(path);
	return rc;
}

static int
same_dir(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/*
 * What the configured templates lack, from the installed ones
 * ([storage] default_templates): an upgrade adds templates and
 * sentences, and a daemon that stopped until someone copied them would
 * answer nobody.  Each one taken is logged.  institucion.txt is the
 * institution's own and never taken: the sample officials would sign.
 * Only a help: what cannot be read here is logged and left, and
 * check_required then names what is still missing.
 */
static void
load_installed(struct letters *l)
{
	const char *dir = l->cfg->default_templates;
	char **names = NULL, why[512];
	size_t n = 0;

	if (dir == NULL || *dir == '\0' || same_dir(dir, l->cfg->templates))
		return;
	if (list_templates(dir, &names, &n, why, sizeof(why)) != 0) {
		if (access(dir, F_OK) == 0)
			log_warn("templates: %s", why);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		int catalogue = sentences_is_catalogue(names[i]);

		if (strcmp(names[i], INSTITUTION_FILE) == 0 ||
		    (!catalogue && (letters_has(l, names[i]) ||
		    schema_find(names[i]) == NULL)))
			continue;
		if (load_one(l, dir, names[i], 1, why, sizeof(why)) != 0)
			log_warn("templates: installed %s", why);
		else if (!catalogue)
			log_warn("templates: %s.txt missing from %s: using the "
			    "installed one in %s (copy it into yours to edit "
			    "it)", names[i], l->cfg->templates, dir);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static void
set_institution(struct letters *l)
{
	const struct config *cfg = l->cfg;
	const char *parts[3];
	struct buf b;

	vars_set(l->inst, "institucion.nombre", cfg->inst_name);
	vars_set(l->inst, "institucion.nombre_corto", cfg->inst_short_name);
	vars_set(l->inst, "institucion.ciudad", cfg->inst_city);
	vars_set(l->inst, "institucion.correo", cfg->address);
	parts[0] = vars_get(l->inst, "institucion.domicilio");
	parts[1] = vars_get(l->inst, "institucion.telefono");
	parts[2] = vars_get(l->inst, "institucion.web");
	buf_init(&b);
	for (size_t i = 0; i < 3; i++) {
		if (parts[i] == NULL || *parts[i] == '\0')
			continue;
		if (b.len > 0)
			buf_adds(&b, " · ");
		buf_adds(&b, parts[i]);
	}
	l->inst_footer = buf_steal(&b);
}

static int
check_required(const struct letters *l, char *err, size_t errlen)
{
	for (size_t i = 0; i < schema_n_letters; i++)
		if (!letters_has(l, schema_letters[i])) {
			snprintf(err, errlen, "%s: falta la plantilla %s.txt",
			    l->cfg->templates, schema_letters[i]);
			return -1;
		}
	if (!letters_has(l, "reply_verificar")) {
		snprintf(err, errlen, "%s: falta la plantilla "
		    "reply_verificar.txt", l->cfg->templates);
		return -1;
	}
	return sentences_check(l, err, errlen);
}

/*
 * Each letter allocates and frees zlib's buffers (some 256 KB), above
 * glibc's default mmap threshold: every letter would then map and unmap
 * them.  Keeping such blocks on the heap took a letter from ~0.7 ms to
 * well under 0.1 ms (STACK.md).  Free memory at the heap's top is given
 * back beyond 1 MB: room for a letter's buffers, not for the whole of a
 * large attachment once it is freed (32 MB were kept before).  Issue 15,
 * bench/letters.sh: 0.497-0.500 ms median a letter with 1 MB,
 * 0.497-0.502 ms with 32 MB, 0.571 ms with glibc's defaults.
 */
static void
tune_malloc(void)
{
	mallopt(M_MMAP_THRESHOLD, 8 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
}

int
letters_open(const struct config *cfg, struct letters **out, char *err,
    size_t errlen)
{
	struct letters *l = xcalloc(1, sizeof(*l));
	char **names = NULL;
	size_t n = 0;
	int rc = -1;

	*out = NULL;
	tune_malloc();
	l->cfg = cfg;
	l->inst = vars_new();
	l->autov = vars_new();
	if ((l->cv = cp1252_open()) == NULL) {
		snprintf(err, errlen, "iconv cannot convert UTF-8 to CP1252");
		goto done;
	}
	if (list_templates(cfg->templates, &names, &n, err, errlen) != 0)
		goto done;
	for (size_t i = 0; i < n; i++)
		if (load_one(l, cfg->templates, names[i], 0, err, errlen) != 0)
			goto done;
	load_installed(l);
	if (check_required(l, err, errlen) != 0)
		goto done;
	if (cfg->inst_logo && *cfg->inst_logo) {
		if (logo_load(cfg->inst_logo, &l->inst_logo, err, errlen) != 0)
			goto done;
		if (pdf_image_trial(&l->inst_logo) != 0) {
			snprintf(err, errlen, "%s: %s", cfg->inst_logo,
			    LOGO_UNREADABLE);
			goto done;
		}
	}
	set_institution(l);
	*out = l;
	rc = 0;
done:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (rc != 0)
		letters_close(l);
	return rc;
}

void
letters_close(struct letters *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->t[i].name);
		free(l->t[i].path);
		tpl_free(l->t[i].tpl);
	}
	free(l->t);
	sentences_free(l);
	vars_free(l->inst);
	vars_free(l->autov);
	logo_free(&l->inst_logo);
	free(l->inst_footer);
	cp1252_close(l->cv);
	sodium_memzero(l->seal_key, sizeof(l->seal_key));
	free(l);
}

/* ---- rendering ---- */

static void
set_auto(struct letters *l, int64_t when, const char *folio)
{
	/* A date changes at a minute's turn (time zones are whole
	   minutes); every reply renders two or three texts. */
	int64_t minute = when >= 0 ? when / 60 : -((59 - when) / 60);

	if (!l->auto_dated || minute != l->auto_minute) {
		char *date = letters_date_es(when);

		vars_set(l->autov, "fecha", date);
		vars_setf(l->autov, "anio", "%d", letters_year(when));
		free(date);
		l->auto_minute = minute;
		l->auto_dated = 1;
	}
	vars_set(l->autov, "folio", folio ? folio : "");
}

int
letters_text(struct letters *l, const char *name, const struct vars *v,
    struct buf *out)
{
	const struct tdef *t = letters_find(l, name);
	const struct vars *scopes[3];

	if (t == NULL || t->letter)
		return -1;
	set_auto(l, now_seconds(), NULL);
	scopes[0] = v;
	scopes[1] = l->autov;
	scopes[2] = l->inst;
	tpl_render(t->tpl, scopes, 3, TPL_PLAIN, out);
	return 0;
}

const char *
letters_period_at(const struct letters *l, int64_t when)
{
	const struct period *p = periods_at(&l->cfg->periods, ymd_of(when));

	return p != NULL ? p->name : "";
}

int
letters_pdf(struct letters *l, const struct tdef *t, const struct vars *v,
    const struct logo *agency, const char *folio, const char *code,
    const char *period, int64_t when, int sample, struct buf *out)
{
	const struct vars *scopes[3];
	struct layout_info li;
	struct letter_doc doc;
	struct buf text;
	char err[256], *place;
	int rc;

	set_auto(l, when, folio);
	scopes[0] = v;
	scopes[1] = l->autov;
	scopes[2] = l->inst;
	buf_init(&text);
	tpl_render(t->tpl, scopes, 3, TPL_MARKED, &text);
	letterdoc_parse(text.data, text.len, &doc);
	place = xasprintf("%s, a %s", vars_get(l->inst, "institucion.ciudad"),
	    vars_get(l->autov, "fecha"));
	memset(&li, 0, sizeof(li));
	li.inst_name = vars_get(l->inst, "institucion.nombre");
	li.inst_area = vars_get(l->inst, "institucion.area");
	li.inst_footer = l->inst_footer;
	li.inst_logo = l->inst_logo.data ? &l->inst_logo : NULL;
	li.agency_logo = agency;
	li.folio = folio;
	li.period = period;
	li.lugar_fecha = place;
	li.code = code;
	li.verify_addr = vars_get(l->inst, "institucion.correo");
	li.sample = sample;
	rc = layout_letter(&doc, &li, l->cv, out, err, sizeof(err));
	if (rc != 0) {
		fault_permanent("letter %s cannot be made: %s", t->name, err);
		log_err("letter %s %s: %s", t->name, folio, err);
	}
	letterdoc_free(&doc);
	buf_free(&text);
	free(place);
	return rc;
}

int
letters_sample(struct letters *l, const char *name, const char *agency_logo,
    struct buf *out, int *is_pdf)
{
	const struct tdef *t = letters_find(l, name);
	struct logo agency;
	struct vars *v;
	int have_agency = 0, rc;

	*is_pdf = 0;
	if (t == NULL)
		return -1;
	v = vars_new();
	sample_vars(v, name);
	if (t->letter) {
		*is_pdf = 1;
		letters_agency_logo(l, agency_logo, &agency, &have_agency);
		rc = letters_pdf(l, t, v, have_agency ? &agency : NULL,
		    "SS-0000-000000", "MUESTRA", letters_period_at(l,
		    now_seconds()), now_seconds(), 1, out);
		if (have_agency)
			logo_free(&agency);
	} else {
		rc = letters_text(l, name, v, out);
	}
	vars_free(v);
	return rc;
}
