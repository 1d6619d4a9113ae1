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

/*
 * Excel for Windows in Spanish reads a CSV file as Windows-1252 unless it
 * starts with a UTF-8 byte-order mark, and then shows "CrÃ©ditos"; every
 * CSV file tequio writes starts with CSV_BOM (csv_begin) and ends its
 * lines with CRLF, and goes by mail as CSV_CONTENT_TYPE.
 */
#define CSV_BOM "\xef\xbb\xbf"
#define CSV_CONTENT_TYPE "text/csv; charset=utf-8"

/* Start a CSV file in out: the byte-order mark. */
void csv_begin(struct buf *out);

/* Append cell s to out, defused and quoted as above. */
void csv_cell(struct buf *out, const char *s);

#endif
