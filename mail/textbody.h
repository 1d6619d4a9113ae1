/* SPDX-License-Identifier: ISC */
/*
 * textbody.h - turning the text parts of a mail into the plain text that
 * commands and form fields are read from.
 *
 * Input and output are UTF-8 with "\n" line ends; results are new strings
 * owned by the caller.
 */
#ifndef TEQUIO_TEXTBODY_H
#define TEQUIO_TEXTBODY_H

#include <stddef.h>

/*
 * HTML to plain text: tags dropped, script/style/head content dropped,
 * entities decoded, block elements end lines, and the content of
 * <blockquote> prefixed with "> " so quote removal treats it like a
 * plain-text quote.
 */
char *text_from_html(const char *html, size_t len);

/* Undo RFC 3676 format=flowed (soft line breaks, space stuffing). */
char *text_unflow(const char *text, int delsp);

/*
 * What the author of a mail wrote: drops '>' quoted lines, reply
 * attributions ("El ... escribió:", "On ... wrote:"), the quoted original
 * below Outlook's "De: / Enviado:" block or "-----Mensaje original-----",
 * signatures (from a "-- " line) and "Enviado desde mi iPhone" lines.
 * Forwarded text is kept (it is what the sender chose to send); when
 * forwarded is set (the Subject says RV:/Fwd:) an Outlook header block
 * is read as a forward, not as the start of a quote.
 */
char *text_own_words(const char *text, int forwarded);

#endif
