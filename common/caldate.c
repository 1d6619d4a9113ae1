/* SPDX-License-Identifier: ISC */
/*
 * caldate.c - calendar dates in the institution's zone (caldate.h).
 *
 * Letters, deadlines and reminders all say which day something happened
 * or is due; a UTC server must not date a letter tomorrow after 18:00 in
 * Oaxaca, and a deadline "in five business days" must skip the Mexican
 * federal holidays.
 */
#include "common/caldate.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "common/util.h"

#define TZ_NAME_MAX	64

static int
tz_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > TZ_NAME_MAX || name[0] == '/' ||
	    strstr(name, "..") != NULL)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) &&
		    strchr("/_+-", name[i]) == NULL)
			return 0;
	return 1;
}

int
tz_known(const char *name)
{
	const char *dir = getenv("TZDIR");
	struct stat sb;
	char *path;
	int ok;

	if (!tz_name_ok(name))
		return 0;
	/* glibc silently falls back to UTC for a zone it cannot read, so
	   the file is looked for here, where it would look. */
	path = xasprintf("%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo",
	    name);
	ok = stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
	free(path);
	return ok;
}

int
tz_apply(const char *name)
{
	if (!tz_known(name) || setenv("TZ", name, 1) != 0)
		return -1;
	tzset();
	return 0;
}

struct ymd
ymd_of(int64_t when)
{
	time_t t = (time_t)when;
	struct ymd d = {1970, 1, 1};
	struct tm tm;

	if (localtime_r(&t, &tm) != NULL) {
		d.y = tm.tm_year + 1900;
		d.m = tm.tm_mon + 1;
		d.d = tm.tm_mday;
	}
	return d;
}

int64_t
ymd_start(struct ymd d)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = d.y - 1900;
	tm.tm_mon = d.m - 1;
	tm.tm_mday = d.d;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* H. Hinnant's days_from_civil / civil_from_days. */
int64_t
ymd_days(struct ymd d)
{
	int64_t y = d.y - (d.m <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

struct ymd
ymd_from_days(int64_t z)
{
	struct ymd r;
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int)(yoe + era * 400 + (r.m <= 2));
	return r;
}

int
ymd_cmp(struct ymd a, struct ymd b)
{
	int64_t x = ymd_days(a), y = ymd_days(b);

	return x < y ? -1 : x > y;
}

static int
month_length(int y, int m)
{
	static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : len[m - 1];
}

struct ymd
ymd_add_months(struct ymd d, int n)
{
	int months = d.y * 12 + (d.m - 1) + n;
	struct ymd r;

	r.y = months / 12;
	r.m = months % 12 + 1;
	r.d = d.d;
	if (r.d > month_length(r.y, r.m))
		r.d = month_length(r.y, r.m);
	return r;
}

struct ymd
ymd_add_days(struct ymd d, int n)
{
	return ymd_from_days(ymd_days(d) + n);
}

int
ymd_weekday(struct ymd d)
{
	/* 1970-01-01 was a Thursday (4). */
	int64_t w = (ymd_days(d) + 3) % 7;

	return (int)(w < 0 ? w + 7 : w) + 1;
}

/* The n-th Monday of month m of year y. */
static int
nth_monday(int y, int m, int n)
{
	struct ymd first = {y, m, 1};
	int w = ymd_weekday(first);

	return 1 + (8 - w) % 7 + 7 * (n - 1);
}

int
ymd_holiday(struct ymd d)
{
	if ((d.m == 1 && d.d == 1) || (d.m == 5 && d.d == 1) ||
	    (d.m == 9 && d.d == 16) || (d.m == 12 && d.d == 25))
		return 1;
	if ((d.m == 2 && d.d == nth_monday(d.y, 2, 1)) ||
	    (d.m == 3 && d.d == nth_monday(d.y, 3, 3)) ||
	    (d.m == 11 && d.d == nth_monday(d.y, 11, 3)))
		return 1;
	/* The transmission of the federal executive, every six years. */
	return d.m == 10 && d.d == 1 && d.y >= 2024 && (d.y - 2024) % 6 == 0;
}

int
ymd_business(struct ymd d)
{
	return ymd_weekday(d) <= 5 && !ymd_holiday(d);
}

struct ymd
ymd_add_business(struct ymd d, int n)
{
	/* Each week has at least three business days, so 7n + 7 calendar
	   days always hold n of them. */
	int limit = 7 * n + 7;

	for (int i = 0; n > 0 && i < limit; i++) {
		d = ymd_add_days(d, 1);
		if (ymd_business(d))
			n--;
	}
	return d;
}

int
ymd_business_between(struct ymd a, struct ymd b)
{
	int64_t from = ymd_days(a), to = ymd_days(b);
	int n = 0;

	for (int64_t x = from + 1; x <= to; x++)
		n += ymd_business(ymd_from_days(x));
	return n;
}

int
ymd_months_between(struct ymd a, struct ymd b)
{
	int n = (b.y - a.y) * 12 + (b.m - a.m);

	if (n > 0 && ymd_cmp(ymd_add_months(a, n), b) > 0)
		n--;
	return n;
}

static int
read_number(const char **p, int maxdigits, int *out)
{
	int v = 0, k = 0;

	while (k < maxdigits && isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	*out = v;
	return k;
}

int
ymd_parse(const char *s, struct ymd *out)
{
	const char *p = s;
	struct ymd d;
	int k;

	while (isspace((unsigned char)*p))
		p++;
	if (read_number(&p, 2, &d.d) == 0 || strchr("/-.", *p) == NULL ||
	    *p == '\0')
		return -1;
	p++;
	if (read_number(&p, 2, &d.m) == 0 || strchr("/-.", *p) == NULL ||
	    *p == '\0')
		return -1;
	p++;
	k = read_number(&p, 4, &d.y);
	if (k == 2)
		d.y += 2000;
	else if (k != 4)
		return -1;
	if (isdigit((unsigned char)*p) || d.m < 1 || d.m > 12 || d.d < 1 ||
	    d.d > month_length(d.y, d.m))
		return -1;
	*out = d;
	return 0;
}

const char *
month_es(int m)
{
	static const char *const months[] = {
		"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
		"agosto", "septiembre", "octubre", "noviembre", "diciembre",
	};

	return m >= 1 && m <= 12 ? months[m - 1] : "";
}

char *
ymd_es(struct ymd d)
{
	return xasprintf("%d de %s de %d", d.d, month_es(d.m), d.y);
}

void
iso8601_local(int64_t when, char *out, size_t len)
{
	time_t t = (time_t)when;
	struct tm tm;
	char zone[8];

	if (len > 0)
		out[0] = '\0';
	/* strftime's %z is -0600; ISO 8601's extended form wants -06:00. */
	if (len < 26 || localtime_r(&t, &tm) == NULL ||
	    strftime(out, len, "%Y-%m-%dT%H:%M:%S", &tm) != 19 ||
	    strftime(zone, sizeof(zone), "%z", &tm) != 5) {
		if (len > 0)
			out[0] = '\0';
		return;
	}
	snprintf(out + 19, len - 19, "%.3s:%.2s", zone, zone + 3);
}

char *
ymd_numeric(struct ymd d)
{
	return xasprintf("%02d/%02d/%04d", d.d, d.m, d.y);
}
