/* SPDX-License-Identifier: ISC */
/*
 * report_form.h - the body fields of an activity report, as people write
 * them: "Horas: 176 horas", "Periodo: 04/01/2027 a 03/03/2027" or
 * "Periodo: del 4 de enero al 3 de marzo".
 */
#ifndef TEQUIO_REPORT_FORM_H
#define TEQUIO_REPORT_FORM_H

#include "common/caldate.h"

/* The first whole number of s (1..9999): "176", "176 horas", "176 hrs.".
   Returns 0, -1 when there is none or it is out of range. */
int hours_parse(const char *s, int *out);

/*
 * Two dates of s, numeric (dd/mm/aaaa) or written ("4 de enero [de
 * 2027]"), in any mix.  A date without a year takes the year of the other
 * one or, failing that, the year that puts it on or before today; the
 * start then falls in the year before when it would come after the end.
 * Returns 0, -1 when s does not hold exactly two dates.
 */
int period_parse(const char *s, struct ymd today, struct ymd *from,
    struct ymd *to);

/* The agency's grade as written ("bueno", "Notable."), canonical
   ("Bueno"); NULL when it is none of Excelente, Notable, Bueno,
   Suficiente, Insuficiente. */
const char *grade_parse(const char *v);

#endif
