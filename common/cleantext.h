/* SPDX-License-Identifier: ISC */
/*
 * cleantext.h - removing what a reader cannot see from text people typed.
 *
 * Bidi controls (U+202A..202E, U+2066..2069, U+200E/F, U+061C) reorder
 * what follows them: "Ana <U+202E>fdp.exe" reads as "Ana exe.pdf", and a
 * name can hide or reverse words in a Subject, a notice or a letter.
 * Zero-width and other invisible format characters make two names that
 * look identical different, or hide words from a reader.  Names and
 * Subjects lose them before they reach a header, a body or a PDF.
 */
#ifndef TEQUIO_CLEANTEXT_H
#define TEQUIO_CLEANTEXT_H

/* Remove them from the UTF-8 string s, in place; returns s. */
char *text_strip_invisible(char *s);

#endif
