/* SPDX-License-Identifier: ISC */
/*
 * log.h - one line per event, to stderr and optionally syslog.
 *
 * Following Postfix, every line about a message carries its key (the
 * IMAP UID or the spool id) so an operator can follow one message with grep.
 */
#ifndef TEQUIO_LOG_H
#define TEQUIO_LOG_H

enum log_level { LOG_LVL_ERR, LOG_LVL_WARN, LOG_LVL_INFO, LOG_LVL_DEBUG };

/* ident is the program name; use_syslog also sends lines to syslog(3). */
void log_open(const char *ident, int use_syslog);
void log_set_level(enum log_level level);

void log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
