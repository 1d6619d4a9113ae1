/* SPDX-License-Identifier: ISC */
/*
 * caldate.h - calendar dates in the institution's time zone: the day a
 * timestamp falls on, months and business days added to a day, Mexican
 * federal holidays, and dates written in Spanish.
 *
 * The zone is the process's TZ, set once by tz_apply() at start-up before
 * any thread exists; after that only localtime_r/mktime read it, and both
 * are thread-safe in glibc (the courier thread dates its mail too).
 * Arithmetic on days is done on the proleptic Gregorian calendar, never on
 * seconds, so a day is a day whatever the zone's offsets do.
 */
#ifndef TEQUIO_CALDATE_H
#define TEQUIO_CALDATE_H

#include <stddef.h>
#include <stdint.h>

struct ymd {
	int y, m, d;		/* m 1..12, d 1..31 */
};

/* True when name is a zone of the system's tz database (no path tricks). */
int tz_known(const char *name);
/* Make name the zone of every local date of the process.  Call before
   starting threads.  Returns 0, -1 when the zone is unknown. */
int tz_apply(const char *name);

/* The local day when falls on. */
struct ymd ymd_of(int64_t when);
/* Local midnight at the start of day d, as a timestamp. */
int64_t ymd_start(struct ymd d);
/* Days since 1970-01-01 of d, and back. */
int64_t ymd_days(struct ymd d);
struct ymd ymd_from_days(int64_t days);
/* <0, 0, >0 as a is before, the same day as, or after b. */
int ymd_cmp(struct ymd a, struct ymd b);
/* d plus n calendar months; the day is clamped to the month's last. */
struct ymd ymd_add_months(struct ymd d, int n);
struct ymd ymd_add_days(struct ymd d, int n);
/* Monday 1 .. Sunday 7. */
int ymd_weekday(struct ymd d);
/* A federal rest day of Mexico (Ley Federal del Trabajo, art. 74). */
int ymd_holiday(struct ymd d);
/* Neither a weekend nor a holiday. */
int ymd_business(struct ymd d);
/* The n-th business day after d (n >= 0; 0 is d itself if business). */
struct ymd ymd_add_business(struct ymd d, int n);
/* Business days after a up to and including b (0 when b <= a). */
int ymd_business_between(struct ymd a, struct ymd b);
/* Whole calendar months from a to b (b earlier: negative or 0). */
int ymd_months_between(struct ymd a, struct ymd b);
/* Parse "dd/mm/aaaa" (also "-" or "." between, two-digit years as 20yy).
   Returns 0 or -1. */
int ymd_parse(const char *s, struct ymd *out);
/* "4 de junio de 2027"; caller frees. */
char *ymd_es(struct ymd d);
/* "04/06/2027"; caller frees. */
char *ymd_numeric(struct ymd d);
/* when as ISO 8601 in the local zone, "2026-11-18T10:00:00-06:00", into
   out (at least 26 bytes); "" when the time cannot be represented. */
void iso8601_local(int64_t when, char *out, size_t len);
/* Spanish name of month m (1..12), "" out of range. */
const char *month_es(int m);

#endif
