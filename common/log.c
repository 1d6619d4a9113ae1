/* SPDX-License-Identifier: ISC */
/*
 * log.c - logging to stderr (what a service manager captures) and syslog.
 *
 * Under systemd, stderr is a stream to the journal, which takes a "<N>"
 * at the start of a line as its syslog priority; without it every line is
 * "info" and "journalctl -p err" shows nothing.  The journal announces
 * itself in $JOURNAL_STREAM ("device:inode" of the stream): only when that
 * is our stderr are the prefixes written, so a terminal or a log file
 * never sees them.
 */
#include "common/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "common/util.h"

static const char *log_ident = "tequio";
static int log_syslog;
static enum log_level log_level = LOG_LVL_INFO;
static int log_journal;		/* stderr is the journal: "<N>" prefixes */

static int
stderr_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (js == NULL || sscanf(js, "%llu:%llu", &dev, &ino) != 2)
		return 0;
	if (fstat(STDERR_FILENO, &st) != 0)
		return 0;
	return (unsigned long long)st.st_dev == dev &&
	    (unsigned long long)st.st_ino == ino;
}

void
log_open(const char *ident, int use_syslog)
{
	log_journal = stderr_is_journal();
	log_ident = ident;
	log_syslog = use_syslog;
	if (use_syslog)
		openlog(ident, LOG_PID, LOG_MAIL);
}

void
log_set_level(enum log_level level)
{
	log_level = level;
}

/*
 * Append the message: formatted once into a stack buffer when it fits
 * (most lines do), since buf_vprintf formats twice, once to measure.
 * Several lines a message made this a visible part of the daemon's CPU.
 */
static void
emit_message(struct buf *line, const char *fmt, va_list ap)
{
	char small[512];
	va_list copy;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(small, sizeof(small), fmt, copy);
	va_end(copy);
	if (n >= 0 && (size_t)n < sizeof(small))
		buf_add(line, small, (size_t)n);
	else
		buf_vprintf(line, fmt, ap);
}

static void
log_emit(enum log_level level, const char *fmt, va_list ap)
{
	static const char *names[] = {"error", "warning", "info", "debug"};
	static const int prio[] = {LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG};
	struct buf line;
	va_list copy;

	if (level > log_level)
		return;
	if (log_syslog) {
		va_copy(copy, ap);
		vsyslog(prio[level], fmt, copy);
		va_end(copy);
	}
	/* One write per line: lines from concurrent processes stay whole,
	   and a busy daemon makes a third of the system calls. */
	buf_init(&line);
	if (log_journal)
		buf_printf(&line, "<%d>", prio[level]);
	buf_adds(&line, log_ident);
	buf_adds(&line, ": ");
	buf_adds(&line, names[level]);
	buf_adds(&line, ": ");
	emit_message(&line, fmt, ap);
	buf_addc(&line, '\n');
	fwrite(line.data, 1, line.len, stderr);
	buf_free(&line);
}

#define LOG_FN(name, level)                  \
	void name(const char *fmt, ...)      \
	{                                    \
		va_list ap;                  \
		va_start(ap, fmt);           \
		log_emit(level, fmt, ap);    \
		va_end(ap);                  \
	}

LOG_FN(log_err, LOG_LVL_ERR)
LOG_FN(log_warn, LOG_LVL_WARN)
LOG_FN(log_info, LOG_LVL_INFO)
LOG_FN(log_debug, LOG_LVL_DEBUG)
