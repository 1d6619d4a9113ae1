/* SPDX-License-Identifier: ISC */
/*
 * periods.c - the institution's named periods (periods.h).
 */
#include "config/periods.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/util.h"

/* "01/08/2027". */
static void
day_text(struct ymd d, char out[16])
{
	snprintf(out, 16, "%02d/%02d/%04d", d.d % 100, d.m % 100,
	    d.y % 10000);
}

/* One date, all of it: "dd/mm/aaaa" with a four-digit year. */
static int
date_ok(const char *s, struct ymd *d)
{
	const char *slash = strrchr(s, '/');

	return ymd_parse(s, d) == 0 && s[strspn(s, "0123456789/")] == '\0' &&
	    slash != NULL && strlen(slash + 1) == 4;
}

static int
name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > PERIOD_NAME_MAX ||
	    !isalnum((unsigned char)name[0]))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && name[i] != '-')
			return 0;
	return 1;
}

/* The separator between the two dates: " - " or " a ", with blanks. */
static const char *
find_separator(const char *v, size_t *len)
{
	const char *p;

	for (p = v; *p; p++) {
		const char *q = p;

		if (*q != ' ' && *q != '\t')
			continue;
		while (*q == ' ' || *q == '\t')
			q++;
		if ((*q == '-' || *q == 'a' || *q == 'A') &&
		    (q[1] == ' ' || q[1] == '\t')) {
			q++;
			while (*q == ' ' || *q == '\t')
				q++;
			*len = (size_t)(q - p);
			return p;
		}
	}
	return NULL;
}

int
periods_add(struct periods *p, const char *name, const char *value,
    int line, char *err, size_t errlen)
{
	struct period pd;
	const char *sep;
	char *first;
	size_t seplen = 0;

	memset(&pd, 0, sizeof(pd));
	if (!name_ok(name)) {
		snprintf(err, errlen, "el nombre de periodo «%s» no sirve: use "
		    "letras, cifras y '-' (a lo más %d), como 2027A", name,
		    PERIOD_NAME_MAX);
		return -1;
	}
	if ((sep = find_separator(value, &seplen)) == NULL) {
		snprintf(err, errlen, "periodo %s: «%s» no es «dd/mm/aaaa - "
		    "dd/mm/aaaa» (el primer y el último día, ambos incluidos)",
		    name, value);
		return -1;
	}
	first = xstrndup(value, (size_t)(sep - value));
	if (!date_ok(first, &pd.from)) {
		snprintf(err, errlen, "periodo %s: «%s» no es una fecha "
		    "dd/mm/aaaa", name, first);
		free(first);
		return -1;
	}
	free(first);
	if (!date_ok(sep + seplen, &pd.to)) {
		snprintf(err, errlen, "periodo %s: «%s» no es una fecha "
		    "dd/mm/aaaa", name, sep + seplen);
		return -1;
	}
	if (ymd_cmp(pd.to, pd.from) < 0) {
		char from[16], to[16];

		day_text(pd.from, from);
		day_text(pd.to, to);
		snprintf(err, errlen, "el periodo %s termina (%s) antes de "
		    "empezar (%s)", name, to, from);
		return -1;
	}
	str_lcpy(pd.name, name, sizeof(pd.name));
	pd.line = line;
	p->v = xreallocarray(p->v, p->n + 1, sizeof(*p->v));
	p->v[p->n++] = pd;
	return 0;
}

static int
by_start(const void *a, const void *b)
{
	const struct period *x = a, *y = b;

	return ymd_cmp(x->from, y->from);
}

int
periods_check(struct periods *p, int *line, char *err, size_t errlen)
{
	for (size_t i = 0; i < p->n; i++)
		for (size_t j = 0; j < i; j++)
			if (strcasecmp(p->v[i].name, p->v[j].name) == 0) {
				*line = p->v[i].line;
				snprintf(err, errlen, "el periodo %s ya se "
				    "nombró en la línea %d", p->v[i].name,
				    p->v[j].line);
				return -1;
			}
	if (p->n > 1)
		qsort(p->v, p->n, sizeof(*p->v), by_start);
	for (size_t i = 1; i < p->n; i++) {
		const struct period *a = &p->v[i - 1], *b = &p->v[i];
		struct ymd next = ymd_add_days(a->to, 1);
		char from[16], to[16], want[16];

		day_text(b->from, from);
		day_text(a->to, to);
		day_text(next, want);
		if (ymd_cmp(b->from, a->to) <= 0) {
			*line = b->line;
			snprintf(err, errlen, "el periodo %s empieza el %s, "
			    "dentro del periodo %s (línea %d, hasta el %s): un "
			    "día es de un solo periodo", b->name, from, a->name,
			    a->line, to);
			return -1;
		}
		if (ymd_cmp(b->from, next) != 0) {
			*line = b->line;
			snprintf(err, errlen, "el periodo %s empieza el %s pero "
			    "%s (línea %d) termina el %s: ningún periodo cubre "
			    "los días de en medio; haga empezar %s el %s",
			    b->name, from, a->name, a->line, to, b->name, want);
			return -1;
		}
	}
	return 0;
}

const struct period *
periods_at(const struct periods *p, struct ymd d)
{
	for (size_t i = 0; i < p->n; i++)
		if (ymd_cmp(d, p->v[i].from) >= 0 &&
		    ymd_cmp(d, p->v[i].to) <= 0)
			return &p->v[i];
	return NULL;
}

const struct period *
periods_find(const struct periods *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcasecmp(p->v[i].name, name) == 0)
			return &p->v[i];
	return NULL;
}

char *
period_describe(const struct period *pd)
{
	char *from = ymd_es(pd->from), *to = ymd_es(pd->to);
	char *s = xasprintf("%s (del %s al %s)", pd->name, from, to);

	free(from);
	free(to);
	return s;
}

void
periods_free(struct periods *p)
{
	free(p->v);
	p->v = NULL;
	p->n = 0;
}
