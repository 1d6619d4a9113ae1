/* SPDX-License-Identifier: ISC */
/*
 * csv.h - the one CSV cell writer every CSV tequio writes goes through
 * (reports attached to mail, tequioctl export), so one rule defuses them
 * all: a cell starting with = + - @ TAB or CR gets a leading apostrophe,
 * because a spreadsheet reads such a cell as a formula ("-1+HYPERLINK(...)"
 * included).  Cells are quoted (RFC 4180) when they hold , " CR or LF.
 */
#ifndef TEQUIO_CSV_H
#define TEQUIO_CSV_H

#include "common/util.h"

/* Append cell s to out, defused and quoted as above. */
void csv_cell(struct buf *out, const char *s);

#endif
