/* SPDX-License-Identifier: ISC */
/*
 * report_form.c - reading the fields of an activity report
 * (report_form.h).  Students write "176 horas" and "del 4 de enero al 3
 * de marzo"; both are understood rather than refused for their form.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "handlers/report_form.h"
#include "common/util.h"

#define MAX_REPORT_HOURS	9999

static const char *const grades[] = {
	"Excelente", "Notable", "Bueno", "Suficiente", "Insuficiente",
};

const char *
grade_parse(const char *v)
{
	char *f = fold_spanish(v);
	const char *g = NULL;

	str_trim(f);
	for (size_t i = 0; i < ARRAY_LEN(grades) && g == NULL; i++) {
		size_t n = strlen(grades[i]);

		if (strncasecmp(f, grades[i], n) == 0 &&
		    (f[n] == '\0' || f[n] == '.' || f[n] == ' '))
			g = grades[i];
	}
	free(f);
	return g;
}
#define PERIOD_DATES		2

int
hours_parse(const char *s, int *out)
{
	long v = 0;
	int digits = 0;

	while (*s != '\0' && !isdigit((unsigned char)*s))
		s++;
	for (; isdigit((unsigned char)*s); s++) {
		if (++digits > 4)
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (digits == 0 || v < 1 || v > MAX_REPORT_HOURS)
		return -1;
	/* "176.5" or "1,200": not a whole number of hours as written. */
	if ((*s == '.' || *s == ',') && isdigit((unsigned char)s[1]))
		return -1;
	*out = (int)v;
	return 0;
}

/* A date being read: y 0 when the text gave none. */
struct loose_date {
	int d, m, y;
};

static int
month_of(const char *w, size_t n)
{
	for (int m = 1; m <= 12; m++)
		if (strlen(month_es(m)) == n && strncmp(month_es(m), w, n) == 0)
			return m;
	return n == 9 && strncmp(w, "setiembre", 9) == 0 ? 9 : 0;
}

static int
number_at(const char **p, int maxdigits)
{
	int v = 0, k = 0;

	while (k < maxdigits && isdigit((unsigned char)**p)) {
		v = v * 10 + (*(*p)++ - '0');
		k++;
	}
	return k == 0 ? -1 : v;
}

static const char *
skip_blank(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* "de 2027" after a written month; leaves *p after it when present. */
static int
written_year(const char **p)
{
	const char *q = skip_blank(*p);
	int y;

	if (strncmp(q, "de", 2) != 0)
		return 0;
	q = skip_blank(q + 2);
	if ((y = number_at(&q, 4)) < 1000)
		return 0;
	*p = q;
	return y;
}

/* A date starting at *p (a digit): numeric or written.  0 or -1. */
static int
date_at(const char **p, struct loose_date *out)
{
	const char *q = *p, *w;
	int d = number_at(&q, 2), m, y = 0;

	if (d < 1 || d > 31)
		return -1;
	if (*q == '/' || *q == '-' || *q == '.') {
		char sep = *q++;

		if ((m = number_at(&q, 2)) < 1 || m > 12 || *q != sep)
			return -1;
		q++;
		w = q;
		if ((y = number_at(&q, 4)) < 0)
			return -1;
		if (q - w == 2)
			y += 2000;
		else if (q - w != 4)
			return -1;
	} else {
		q = skip_blank(q);
		if (strncmp(q, "de", 2) != 0)
			return -1;
		q = skip_blank(q + 2);
		for (w = q; isalpha((unsigned char)*q); q++)
			;
		if ((m = month_of(w, (size_t)(q - w))) == 0)
			return -1;
		y = written_year(&q);
	}
	out->d = d;
	out->m = m;
	out->y = y;
	*p = q;
	return 0;
}

static int
valid(struct ymd d)
{
	struct ymd back = ymd_from_days(ymd_days(d));

	return back.y == d.y && back.m == d.m && back.d == d.d;
}

static struct ymd
with_year(struct loose_date l, int y)
{
	struct ymd r = {y, l.m, l.d};

	return r;
}

int
period_parse(const char *s, struct ymd today, struct ymd *from,
    struct ymd *to)
{
	struct loose_date found[PERIOD_DATES];
	char *text = fold_spanish(s);
	const char *p = text;
	int n = 0, rc = -1;

	while (*p != '\0') {
		if (!isdigit((unsigned char)*p)) {
			p++;
			continue;
		}
		if (n == PERIOD_DATES || date_at(&p, &found[n]) != 0)
			goto out;
		n++;
	}
	if (n != PERIOD_DATES)
		goto out;
	if (found[1].y == 0)
		found[1].y = found[0].y;
	if (found[1].y == 0) {
		found[1].y = today.y;
		if (ymd_cmp(with_year(found[1], today.y), today) > 0)
			found[1].y--;
	}
	*to = with_year(found[1], found[1].y);
	*from = with_year(found[0], found[0].y ? found[0].y : to->y);
	if (found[0].y == 0 && ymd_cmp(*from, *to) > 0)
		from->y--;
	if (valid(*from) && valid(*to))
		rc = 0;
out:
	free(text);
	return rc;
}
