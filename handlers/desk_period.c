/* SPDX-License-Identifier: ISC */
/*
 * desk_period.c - "periodo=2027A" in a coordinator's request (REPORTE
 * ALUMNOS, ESTADISTICAS, tequioctl report): which of the institution's
 * periods ([periods], config/periods.h) it names, and the days it spans
 * as store_stats.h counts them.
 */
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "handlers/desk.h"

int
desk_period_arg(const struct config *cfg, char *words,
    const struct period **p, char **named)
{
	static const char key[] = "periodo";
	char *at = strstr(words, key), *v, *end;

	*p = NULL;
	*named = NULL;
	if (at == NULL || (at != words && at[-1] != ' '))
		return 0;
	v = at + strlen(key);
	while (*v == ' ' || *v == '=' || *v == ':')
		v++;
	end = v + strcspn(v, " ");
	*named = xstrndup(v, (size_t)(end - v));
	memmove(at, end, strlen(end) + 1);
	str_trim(words);
	if (**named == '\0')
		return -1;
	*p = periods_find(&cfg->periods, *named);
	return *p != NULL ? 1 : -1;
}

struct stats_span
desk_span_of(const struct period *p)
{
	struct stats_span s;

	memset(&s, 0, sizeof(s));
	if (p == NULL) {
		s.all = 1;
		return s;
	}
	s.from = ymd_start(p->from);
	s.to = ymd_start(ymd_add_days(p->to, 1));
	return s;
}

const char *
desk_period_today(const struct config *cfg, struct report_table *t)
{
	const struct period *p;
	char *d, *s;

	if (cfg->periods.n == 0)
		return NULL;
	p = periods_at(&cfg->periods, ymd_of(now_seconds()));
	d = p != NULL ? period_describe(p) : xstrdup("ninguno");
	s = xasprintf("%s%sPeriodo en curso: %s", t->subtitle ? t->subtitle :
	    "", t->subtitle ? " · " : "", d);
	report_set_subtitle(t, s);
	report_add_column(t, "Periodo");
	free(s);
	free(d);
	return p != NULL ? p->name : "";
}

char *
desk_period_names(const struct config *cfg)
{
	struct buf b;

	buf_init(&b);
	for (size_t i = 0; i < cfg->periods.n; i++)
		buf_printf(&b, "%s%s", i == 0 ? "" : i + 1 == cfg->periods.n ?
		    " y " : ", ", cfg->periods.v[i].name);
	buf_addc(&b, '\0');
	return buf_steal(&b);
}

char *
desk_period_subtitle(const struct config *cfg, const struct period *p)
{
	char *d, *s;

	if (p == NULL)
		return xstrdup(cfg->periods.n > 0 ? "Todos los periodos" : "");
	d = period_describe(p);
	s = xasprintf("Periodo %s", d);
	free(d);
	return s;
}
