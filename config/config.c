/* SPDX-License-Identifier: ISC */
/*
 * config.c - reading tequio.conf into struct config.
 *
 * The keys are one table: section, name, type, where the value goes and its
 * default.  The file is read line by line here (not with libinih, whose
 * rules surprised people: an indented line continued the key above it, a
 * ' ;' inside a list silently dropped the rest, quotes stayed in values),
 * and the rules are the ones tequio.conf(5) states:
 *   - a line whose first non-blank character is '#' or ';' is a comment;
 *   - elsewhere '#' or ';' starts a comment only after a blank, so
 *     "pass#word" is a value and "x = 1 ; note" is 1;
 *   - leading blanks are ignored (an indented line is a line of its own);
 *   - a value in double quotes is taken literally without them (\" and \\
 *     inside), so "a ; b" keeps its ';'; single quotes likewise, no escapes;
 *   - in a list key, a comment that starts with what looks like an address
 *     or domain is an error: the person meant a comma.
 * Every error names "file:line" and the key.  Checks that involve several
 * keys run after the whole file is read, and name the line of the key at
 * fault; what is allowed but probably wrong becomes a warning that
 * "tequioctl check-config" prints.
 */
#include "config/config.h"
#include "common/mailaddr.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/caldate.h"
#include "common/util.h"

enum ktype { K_STR, K_PATH, K_INT, K_BOOL, K_TLS, K_LIST, K_BYTES, K_SECRET };

struct key {
	const char *section;
	const char *name;
	enum ktype type;
	size_t off;		/* offset of the field in struct config */
	const char *def;	/* default text; NULL = required */
	long long min, max;	/* for K_INT and K_BYTES */
	size_t count_off;	/* K_LIST: offset of the size_t count */
};

#define F(f) offsetof(struct config, f)
#define NOLIM 0, 0, 0

static const struct key keys[] = {
	{"institution", "name", K_STR, F(inst_name), NULL, NOLIM},
	{"institution", "short_name", K_STR, F(inst_short_name), "", NOLIM},
	{"institution", "city", K_STR, F(inst_city), "", NOLIM},
	{"institution", "logo", K_PATH, F(inst_logo), "", NOLIM},
	{"institution", "sample_ok", K_BOOL, F(inst_sample_ok), "no", NOLIM},
	{"institution", "timezone", K_STR, F(inst_timezone),
	    "America/Mexico_City", NOLIM},

	{"mailbox", "address", K_STR, F(address), NULL, NOLIM},
	{"mailbox", "imap_host", K_STR, F(imap_host), "127.0.0.1", NOLIM},
	{"mailbox", "imap_port", K_INT, F(imap_port), "143", 1, 65535, 0},
	{"mailbox", "imap_user", K_STR, F(imap_user), NULL, NOLIM},
	{"mailbox", "imap_password", K_SECRET, F(imap_password), "", NOLIM},
	{"mailbox", "imap_password_file", K_SECRET, F(imap_password), "", NOLIM},
	{"mailbox", "tls", K_TLS, F(tls), "none", NOLIM},
	{"mailbox", "tls_ca_file", K_PATH, F(tls_ca_file), "", NOLIM},
	{"mailbox", "tls_verify", K_BOOL, F(tls_verify), "yes", NOLIM},
	{"mailbox", "inbox", K_STR, F(inbox), "INBOX", NOLIM},
	{"mailbox", "processed", K_STR, F(processed), "Procesados", NOLIM},
	{"mailbox", "quarantine", K_STR, F(quarantine), "Cuarentena", NOLIM},
	{"mailbox", "idle", K_BOOL, F(idle), "yes", NOLIM},
	{"mailbox", "poll_seconds", K_INT, F(poll_seconds), "60", 1, 86400, 0},
	{"mailbox", "idle_restart_seconds", K_INT, F(idle_restart_seconds),
	    "290", 10, 1740, 0},
	{"mailbox", "fetch_batch", K_INT, F(fetch_batch), "100", 1, 1000, 0},
	{"mailbox", "move_connection", K_BOOL, F(move_connection), "no", NOLIM},

	{"smtp", "url", K_STR, F(smtp_url), "smtp://127.0.0.1:25", NOLIM},
	{"smtp", "user", K_STR, F(smtp_user), "", NOLIM},
	{"smtp", "password", K_SECRET, F(smtp_password), "", NOLIM},
	{"smtp", "password_file", K_SECRET, F(smtp_password), "", NOLIM},
	{"smtp", "max_attempts", K_INT, F(smtp_max_attempts), "12", 1, 100, 0},
	{"smtp", "retry_seconds", K_INT, F(smtp_retry_seconds), "60", 1,
	    86400, 0},
	{"smtp", "timeout_seconds", K_INT, F(smtp_timeout_seconds), "60", 1,
	    3600, 0},
	{"smtp", "keep_sent_days", K_INT, F(keep_sent_days), "30", 1, 3650,
	    0},
	{"smtp", "connections", K_INT, F(smtp_connections), "2", 1, 8, 0},

	{"roles", "coordinators", K_LIST, F(coordinators), "", 0, 0,
	    F(n_coordinators)},
	{"roles", "student_domains", K_LIST, F(student_domains), "", 0, 0,
	    F(n_student_domains)},
	{"roles", "coordinator_names", K_STR, F(coordinator_names), "", NOLIM},

	{"storage", "database", K_PATH, F(database), NULL, NOLIM},
	{"storage", "spool", K_PATH, F(spool), NULL, NOLIM},
	{"storage", "templates", K_PATH, F(templates), TEQUIO_DATADIR
	    "/templates", NOLIM},
	{"storage", "default_templates", K_PATH, F(default_templates),
	    TEQUIO_DATADIR "/templates", NOLIM},

	{"security", "secret_file", K_PATH, F(secret_file), NULL, NOLIM},
	{"security", "trusted_authserv_id", K_STR, F(trusted_authserv_id), "",
	    NOLIM},
	{"security", "require_verified_sender", K_BOOL,
	    F(require_verified_sender), "yes", NOLIM},
	{"security", "token_ttl_days", K_INT, F(token_ttl_days), "30", 1, 3650,
	    0},

	{"limits", "max_message_bytes", K_BYTES, F(max_message_bytes),
	    "26214400", 1024, 1LL << 31, 0},
	{"limits", "max_attachment_bytes", K_BYTES, F(max_attachment_bytes),
	    "10485760", 1024, 1LL << 31, 0},
	{"limits", "max_attachments", K_INT, F(max_attachments), "20", 1,
	    1000, 0},
	{"limits", "max_replies_per_day", K_INT, F(max_replies_per_day), "20",
	    1, 100000, 0},
	{"limits", "max_unknown_replies_per_hour", K_INT,
	    F(max_unknown_replies_per_hour), "30", 1, 100000, 0},
	{"limits", "max_temporary_failures", K_INT,
	    F(max_temporary_failures), "10", 1, 1000, 0},
	{"limits", "max_process_deaths", K_INT,
	    F(max_process_deaths), "2", 1, 1000, 0},

	{"log", "syslog", K_BOOL, F(log_syslog), "no", NOLIM},
	{"log", "debug", K_BOOL, F(log_debug), "no", NOLIM},

	{"alerts", "to", K_LIST, F(alerts_to), "", 0, 0, F(n_alerts_to)},
	{"alerts", "enabled", K_BOOL, F(alerts_enabled), "yes", NOLIM},
	{"alerts", "unreachable_minutes", K_INT, F(alerts_unreachable_minutes),
	    "60", 1, 10080, 0},

	{"rules", "min_months", K_INT, F(min_months), "6", 0, 120, 0},
	{"rules", "min_credits", K_INT, F(min_credits), "70", 0, 100, 0},
	{"rules", "max_months", K_INT, F(max_months), "24", 1, 240, 0},
	{"rules", "total_hours", K_INT, F(total_hours), "480", 1, 9999, 0},
	{"rules", "max_hours_per_month", K_INT, F(max_hours_per_month), "", 0,
	    744, 0},
	{"rules", "application_days", K_INT, F(application_days), "10", 1,
	    365, 0},

	{"convenio", "years", K_INT, F(convenio_years), "2", 1, 10, 0},

	{"workflow", "programs_need_approval", K_BOOL,
	    F(programs_need_approval), "no", NOLIM},

	{"calendar", "reports", K_STR, F(cal_reports), "bimonthly", NOLIM},
	{"calendar", "tolerance_days", K_INT, F(cal_tolerance_days), "5", 0,
	    60, 0},
	{"calendar", "late_reports_baja", K_INT, F(cal_late_baja), "3", 0, 3,
	    0},
	{"calendar", "validation_days", K_INT, F(cal_validation_days), "0", 0,
	    60, 0},
	{"privacy", "spool_key_file", K_PATH, F(spool_key_file), "", NOLIM},
	{"privacy", "keep_identity_documents_days", K_INT,
	    F(keep_identity_documents_days), "180", 1, 36500, 0},
	{"privacy", "keep_student_file_days", K_INT, F(keep_student_file_days),
	    "1825", 1, 36500, 0},
	{"privacy", "keep_unanswered_mail_days", K_INT,
	    F(keep_unanswered_mail_days), "30", 1, 36500, 0},
	{"privacy", "arco_business_days", K_INT, F(arco_business_days), "20",
	    1, 90, 0},
	{"privacy", "mail_identity_documents", K_BOOL,
	    F(mail_identity_documents), "yes", NOLIM},
};

#define NKEYS ARRAY_LEN(keys)
/* Longest line read; a config line has no reason to be longer. */
#define CONFIG_MAX_LINE 4096

struct loader {
	struct config *cfg;
	const char *path;
	char *dir;		/* directory of the file, for relative paths */
	FILE *fp;
	int line;
	char section[64];	/* the [section] being read */
	int seen[NKEYS];	/* line where each key was set, 0 if not */
	int secret_is_file[NKEYS];
	char *err;
	size_t errlen;
	int failed;
};

static void
fail_at(struct loader *ld, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail_at(struct loader *ld, int line, const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	if (ld->failed)
		return;		/* the first error is the one to fix */
	ld->failed = 1;
	buf_init(&b);
	if (line > 0)
		buf_printf(&b, "%s:%d: ", ld->path, line);
	else
		buf_printf(&b, "%s: ", ld->path);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	str_lcpy(ld->err, b.data, ld->errlen);
	buf_free(&b);
}

static char **
str_field(struct config *cfg, size_t off)
{
	return (char **)((char *)cfg + off);
}

static int *
int_field(struct config *cfg, size_t off)
{
	return (int *)((char *)cfg + off);
}

static char *
resolve_path(const struct loader *ld, const char *v)
{
	if (*v == '\0' || *v == '/')
		return xstrdup(v);
	return xasprintf("%s/%s", ld->dir, v);
}

static int
parse_ll(const char *v, long long *out)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0')
		return -1;
	*out = n;
	return 0;
}

static int
parse_bool(const char *v, int *out)
{
	if (ascii_casecmp(v, "yes") == 0 || ascii_casecmp(v, "true") == 0 ||
	    strcmp(v, "1") == 0 || ascii_casecmp(v, "on") == 0)
		*out = 1;
	else if (ascii_casecmp(v, "no") == 0 || ascii_casecmp(v, "false") == 0
	    || strcmp(v, "0") == 0 || ascii_casecmp(v, "off") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

/* Split "a, b ,c" into a NULL-terminated lower-cased array. */
static char **
split_list(const char *v, size_t *count)
{
	char **list = xcalloc(1, sizeof(char *));
	size_t n = 0;
	char *copy = xstrdup(v), *save = NULL, *tok;

	for (tok = strtok_r(copy, ", \t", &save); tok != NULL;
	    tok = strtok_r(NULL, ", \t", &save)) {
		list = xreallocarray(list, n + 2, sizeof(char *));
		list[n++] = ascii_lower_inplace(xstrdup(tok));
		list[n] = NULL;
	}
	free(copy);
	*count = n;
	return list;
}

static void
free_list(char **list)
{
	if (list == NULL)
		return;
	for (char **p = list; *p; p++)
		free(*p);
	free(list);
}

/* First line of a password file, without its line end. */
static int
read_secret_file(const char *path, char **out)
{
	char *data;
	size_t len;

	if (read_file(path, 4096, &data, &len) != 0)
		return -1;
	data[strcspn(data, "\r\n")] = '\0';
	*out = data;
	return 0;
}

static int
set_value(struct loader *ld, size_t k, const char *v, int line)
{
	const struct key *key = &keys[k];
	struct config *cfg = ld->cfg;
	long long n;
	int b;

	switch (key->type) {
	case K_STR:
		free(*str_field(cfg, key->off));
		*str_field(cfg, key->off) = xstrdup(v);
		break;
	case K_PATH:
		free(*str_field(cfg, key->off));
		*str_field(cfg, key->off) = resolve_path(ld, v);
		break;
	case K_SECRET:
		free(*str_field(cfg, key->off));
		*str_field(cfg, key->off) = NULL;
		if (strstr(key->name, "_file") && *v) {
			char *path = resolve_path(ld, v), *secret;
			if (read_secret_file(path, &secret) != 0) {
				fail_at(ld, line, "%s: no se puede leer %s: %s",
				    key->name, path, strerror(errno));
				free(path);
				*str_field(cfg, key->off) = xstrdup("");
				return -1;
			}
			free(path);
			*str_field(cfg, key->off) = secret;
		} else {
			*str_field(cfg, key->off) = xstrdup(v);
		}
		break;
	case K_INT:
	case K_BYTES:
		/* A number whose default is empty may be left empty: off. */
		if (*v == '\0' && key->def != NULL && *key->def == '\0') {
			*int_field(cfg, key->off) = 0;
			break;
		}
		if (parse_ll(v, &n) != 0 || n < key->min || n > key->max) {
			fail_at(ld, line, "%s debe ser un número entero de "
			    "%lld a %lld, no «%s»", key->name, key->min,
			    key->max, v);
			return -1;
		}
		if (key->type == K_INT)
			*int_field(cfg, key->off) = (int)n;
		else
			*(long long *)((char *)cfg + key->off) = n;
		break;
	case K_BOOL:
		if (parse_bool(v, &b) != 0) {
			fail_at(ld, line, "%s debe ser yes o no, no «%s»",
			    key->name, v);
			return -1;
		}
		*int_field(cfg, key->off) = b;
		break;
	case K_TLS:
		if (strcmp(v, "none") == 0)
			cfg->tls = TLS_NONE;
		else if (strcmp(v, "starttls") == 0)
			cfg->tls = TLS_STARTTLS;
		else if (strcmp(v, "tls") == 0)
			cfg->tls = TLS_TLS;
		else {
			fail_at(ld, line, "tls debe ser none, starttls o tls, "
			    "no «%s»", v);
			return -1;
		}
		break;
	case K_LIST:
		free_list(*(char ***)((char *)cfg + key->off));
		*(char ***)((char *)cfg + key->off) = split_list(v,
		    (size_t *)((char *)cfg + key->count_off));
		break;
	}
	return 0;
}

static int
find_key(const char *section, const char *name)
{
	for (size_t k = 0; k < NKEYS; k++)
		if (strcmp(keys[k].section, section) == 0 &&
		    strcmp(keys[k].name, name) == 0)
			return (int)k;
	return -1;
}

/* [periods] has no fixed keys: each is the name of a period. */
#define PERIODS_SECTION "periods"

static int
known_section(const char *section)
{
	if (strcmp(section, PERIODS_SECTION) == 0)
		return 1;
	for (size_t k = 0; k < NKEYS; k++)
		if (strcmp(keys[k].section, section) == 0)
			return 1;
	return 0;
}

/* A list item that follows a comment character: "a@x ; b@x". */
static int
looks_like_item(const char *comment)
{
	size_t n;

	while (*comment == ' ' || *comment == '\t')
		comment++;
	n = strcspn(comment, " \t,");
	return memchr(comment, '@', n) != NULL ||
	    (memchr(comment, '.', n) != NULL && n > 2);
}

static int
on_period(struct loader *ld, const char *name, const char *value)
{
	char why[512];

	if (periods_add(&ld->cfg->periods, name, value, ld->line, why,
	    sizeof(why)) != 0) {
		fail_at(ld, ld->line, "%s", why);
		return -1;
	}
	return 0;
}

static int
on_key(struct loader *ld, const char *name, const char *value,
    char *comment)
{
	int k;

	if (ld->section[0] == '\0') {
		fail_at(ld, ld->line, "%s está fuera de toda [sección]", name);
		return -1;
	}
	if (strcmp(ld->section, PERIODS_SECTION) == 0)
		return on_period(ld, name, value);
	k = find_key(ld->section, name);
	if (k < 0) {
		fail_at(ld, ld->line, "no hay ninguna clave «%s» en [%s]", name,
		    ld->section);
		return -1;
	}
	if (ld->seen[k]) {
		fail_at(ld, ld->line, "%s ya se fijó en la línea %d", name,
		    ld->seen[k]);
		return -1;
	}
	if (keys[k].type == K_LIST && comment != NULL &&
	    looks_like_item(comment)) {
		fail_at(ld, ld->line, "%s: «%s» viene después de un carácter "
		    "de comentario (';' o '#' tras un blanco abre un "
		    "comentario), así que no estaría en la lista: separe los "
		    "elementos con comas", name, str_trim(comment));
		return -1;
	}
	ld->seen[k] = ld->line;
	return set_value(ld, (size_t)k, value, ld->line);
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * The quoted value at v (v[0] is the quote), unquoted in place; returns
 * what follows the closing quote, or NULL when it is not closed.
 */
static char *
unquote(char *v)
{
	char q = *v, *r = v + 1, *w = v;

	while (*r != '\0' && *r != q) {
		if (q == '"' && *r == '\\' && (r[1] == '"' || r[1] == '\\'))
			r++;
		*w++ = *r++;
	}
	if (*r != q)
		return NULL;
	*w = '\0';
	return r + 1;
}

/* Cut v at its comment (';' or '#' at its start or after a blank). */
static char *
cut_comment(char *v)
{
	for (char *p = v; *p != '\0'; p++) {
		if ((*p == ';' || *p == '#') && (p == v || is_blank(p[-1]))) {
			*p = '\0';
			return p + 1;
		}
	}
	return NULL;
}

static int
parse_section(struct loader *ld, char *s)
{
	char *end = strchr(s, ']'), *rest;

	if (end == NULL) {
		fail_at(ld, ld->line, "el nombre de una sección termina en "
		    "']': [sección]");
		return -1;
	}
	*end = '\0';
	for (rest = end + 1; is_blank(*rest); rest++)
		;
	if (*rest != '\0' && *rest != ';' && *rest != '#') {
		fail_at(ld, ld->line, "texto después de [%s]", s + 1);
		return -1;
	}
	str_trim(s + 1);
	if (!known_section(s + 1)) {
		fail_at(ld, ld->line, "no hay ninguna sección [%s]", s + 1);
		return -1;
	}
	str_lcpy(ld->section, s + 1, sizeof(ld->section));
	return 0;
}

static int
parse_value(struct loader *ld, const char *name, char *v)
{
	char *comment, *end;

	if (*v != '"' && *v != '\'') {
		comment = cut_comment(v);
		return on_key(ld, name, str_trim(v), comment);
	}
	if ((end = unquote(v)) == NULL) {
		fail_at(ld, ld->line, "%s: la comilla que abre el valor no se "
		    "cierra", name);
		return -1;
	}
	while (is_blank(*end))
		end++;
	if (*end != '\0' && *end != ';' && *end != '#') {
		fail_at(ld, ld->line, "%s: texto después de la comilla que "
		    "cierra (ponga todo el valor entre las comillas)", name);
		return -1;
	}
	return on_key(ld, name, v, *end != '\0' ? end + 1 : NULL);
}

/* One line of the file, without its line end. */
static int
parse_line(struct loader *ld, char *s)
{
	char *eq;

	while (is_blank(*s))
		s++;
	if (*s == '\0' || *s == ';' || *s == '#')
		return 0;
	if (*s == '[')
		return parse_section(ld, s);
	if ((eq = strchr(s, '=')) == NULL) {
		fail_at(ld, ld->line, "no se entiende la línea (se esperaba "
		    "[sección] o clave = valor)");
		return -1;
	}
	*eq = '\0';
	str_trim(s);
	if (*s == '\0') {
		fail_at(ld, ld->line, "falta el nombre de la clave antes de "
		    "'='");
		return -1;
	}
	for (eq++; is_blank(*eq); eq++)
		;
	return parse_value(ld, s, eq);
}

static int
parse_file(struct loader *ld)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;

	while (rc == 0 && (n = getline(&line, &cap, ld->fp)) >= 0) {
		ld->line++;
		if (n > CONFIG_MAX_LINE) {
			fail_at(ld, ld->line, "línea de más de %d bytes",
			    CONFIG_MAX_LINE);
			rc = -1;
			break;
		}
		if (memchr(line, '\0', (size_t)n) != NULL) {
			fail_at(ld, ld->line, "un byte NUL en la línea");
			rc = -1;
			break;
		}
		line[strcspn(line, "\r\n")] = '\0';
		rc = parse_line(ld, line);
	}
	free(line);
	return rc;
}

static int
apply_defaults(struct loader *ld)
{
	for (size_t k = 0; k < NKEYS; k++) {
		const struct key *key = &keys[k];
		char **f = str_field(ld->cfg, key->off);

		if (ld->seen[k])
			continue;
		/* The pair imap_password / imap_password_file share a field. */
		if (key->type == K_SECRET && *f != NULL)
			continue;
		if (key->def == NULL) {
			fail_at(ld, 0, "falta [%s] %s, que es obligatoria", key->section,
			    key->name);
			return -1;
		}
		if (set_value(ld, k, key->def, 0) != 0)
			return -1;
	}
	return 0;
}

static int
check_address(struct loader *ld)
{
	struct config *cfg = ld->cfg;
	const char *at = strrchr(cfg->address, '@');
	int line = ld->seen[find_key("mailbox", "address")];

	/* What compose_mail refuses would stop every reply at sending. */
	if (!mailaddr_ok(cfg->address) || strchr(cfg->address, '+')) {
		fail_at(ld, line, "address debe ser una dirección simple "
		    "como servicio.social@utv.edu.mx (sin '+'), no «%s»",
		    cfg->address);
		return -1;
	}
	ascii_lower_inplace(cfg->address);
	cfg->addr_local = xstrndup(cfg->address, (size_t)(at - cfg->address));
	cfg->addr_domain = xstrdup(at + 1);
	return 0;
}

static int check_coordinator_names(struct loader *ld, struct config *cfg);

static int
check_list_addresses(struct loader *ld, const char *section,
    const char *name, char **list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!mailaddr_ok(list[i])) {
			fail_at(ld, ld->seen[find_key(section, name)], "%s: "
			    "«%s» no es una dirección", name, list[i]);
			return -1;
		}
	}
	return 0;
}

/* The well-known ports say which TLS mode they speak (RFC 8314). */
static int
check_tls_port(struct loader *ld)
{
	const struct config *cfg = ld->cfg;
	int line = ld->seen[find_key("mailbox", "tls")];

	if (line == 0)
		line = ld->seen[find_key("mailbox", "imap_port")];
	if (cfg->imap_port == 993 && cfg->tls != TLS_TLS) {
		fail_at(ld, line, "tls = %s, pero imap_port 993 habla TLS desde "
		    "el primer byte: ponga tls = tls (o use imap_port = 143 "
		    "con tls = starttls)", cfg->tls == TLS_NONE ? "none" :
		    "starttls");
		return -1;
	}
	if (cfg->imap_port == 143 && cfg->tls == TLS_TLS) {
		fail_at(ld, line, "tls = tls, pero imap_port 143 empieza en "
		    "texto plano: ponga tls = starttls (o use imap_port = 993 "
		    "con tls = tls)");
		return -1;
	}
	return 0;
}

/* The port of an smtp[s]://host[:port][/...] URL, or 0 when none. */
static long
url_port(const char *url)
{
	const char *host = strstr(url, "://"), *end, *colon;

	if (host == NULL)
		return 0;
	host += 3;
	end = host + strcspn(host, "/?#");
	if (*host == '[') {
		const char *rb = memchr(host, ']', (size_t)(end - host));
		host = rb != NULL ? rb : host;
	}
	colon = memchr(host, ':', (size_t)(end - host));
	return colon != NULL ? strtol(colon + 1, NULL, 10) : 0;
}

static int
check_smtp_url(struct loader *ld)
{
	const char *url = ld->cfg->smtp_url;
	int line = ld->seen[find_key("smtp", "url")];
	int tls = ascii_has_prefix_case(url, "smtps://");
	long port;

	if (!tls && !ascii_has_prefix_case(url, "smtp://")) {
		fail_at(ld, line, "url debe empezar con smtp:// (plano, "
		    "con STARTTLS obligatorio si hay user) o smtps:// (TLS "
		    "implícito), no «%s»", url);
		return -1;
	}
	if (url[tls ? 8 : 7] == '\0' || url[tls ? 8 : 7] == ':' ||
	    url[tls ? 8 : 7] == '/') {
		fail_at(ld, line, "url «%s» no nombra ningún servidor: "
		    "escríbala como smtp://servidor:puerto", url);
		return -1;
	}
	port = url_port(url);
	if (!tls && port == 465) {
		fail_at(ld, line, "url: el puerto 465 habla TLS desde el "
		    "primer byte: escriba smtps:// (o use el puerto 587 con "
		    "smtp://)");
		return -1;
	}
	if (tls && (port == 25 || port == 587)) {
		fail_at(ld, line, "url: el puerto %ld empieza en texto plano: "
		    "escriba smtp:// (con user se exige STARTTLS), o el "
		    "puerto 465 con smtps://", port);
		return -1;
	}
	return 0;
}

static void
warn(struct config *cfg, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
warn(struct config *cfg, const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	buf_init(&b);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	cfg->warnings = xreallocarray(cfg->warnings, cfg->n_warnings + 2,
	    sizeof(char *));
	cfg->warnings[cfg->n_warnings++] = buf_steal(&b);
	cfg->warnings[cfg->n_warnings] = NULL;
}

static int
is_loopback(const char *host)
{
	return strcmp(host, "localhost") == 0 || strncmp(host, "127.", 4) == 0
	    || strcmp(host, "::1") == 0;
}

/* Allowed, but rarely what a production site wants. */
static void
collect_warnings(struct config *cfg)
{
	if (cfg->tls == TLS_NONE && !is_loopback(cfg->imap_host))
		warn(cfg, "[mailbox] tls = none: la contraseña IMAP y todo el "
		    "correo viajan sin cifrar hasta %s; use tls = tls (puerto "
		    "993) o tls = starttls", cfg->imap_host);
	if (!cfg->tls_verify)
		warn(cfg, "[mailbox] tls_verify = no: cualquier servidor puede "
		    "hacerse pasar por %s (solo para pruebas)", cfg->imap_host);
	if (!cfg->require_verified_sender)
		warn(cfg, "[security] require_verified_sender = no: cualquiera "
		    "puede actuar en nombre de un alumno o una dependencia con "
		    "solo escribir su dirección en From");
	if (!cfg->alerts_enabled)
		warn(cfg, "[alerts] enabled = no: nadie se entera del correo que "
		    "no se pudo entregar ni de un servidor inalcanzable");
	else if (cfg->n_alerts_to == 0 && cfg->n_coordinators == 0)
		warn(cfg, "[alerts] to y [roles] coordinators están vacías: "
		    "nadie se entera del correo que no se pudo entregar ni de "
		    "un servidor inalcanzable");
	if (cfg->inst_sample_ok)
		warn(cfg, "[institution] sample_ok = yes: las cartas pueden salir "
		    "con los funcionarios de ejemplo de "
		    "templates/institucion.txt");
}

static int
check_periods(struct loader *ld)
{
	char why[512];
	int line = 0;

	if (periods_check(&ld->cfg->periods, &line, why, sizeof(why)) != 0) {
		fail_at(ld, line, "%s", why);
		return -1;
	}
	return 0;
}

static int
check_relations(struct loader *ld)
{
	struct config *cfg = ld->cfg;
	int k;

	if (check_address(ld) != 0 || check_periods(ld) != 0)
		return -1;
	if (ld->seen[find_key("mailbox", "imap_password")] &&
	    ld->seen[find_key("mailbox", "imap_password_file")]) {
		fail_at(ld, ld->seen[find_key("mailbox", "imap_password_file")],
		    "ponga imap_password o imap_password_file, no ambas");
		return -1;
	}
	if (ld->seen[find_key("smtp", "password")] &&
	    ld->seen[find_key("smtp", "password_file")]) {
		fail_at(ld, ld->seen[find_key("smtp", "password_file")],
		    "ponga password o password_file, no ambas");
		return -1;
	}
	if (strcmp(cfg->processed, cfg->inbox) == 0 ||
	    strcmp(cfg->quarantine, cfg->inbox) == 0) {
		k = find_key("mailbox", "processed");
		fail_at(ld, ld->seen[k], "processed y quarantine deben ser "
		    "carpetas distintas del buzón de entrada");
		return -1;
	}
	if (cfg->max_attachment_bytes > cfg->max_message_bytes) {
		k = find_key("limits", "max_attachment_bytes");
		fail_at(ld, ld->seen[k], "max_attachment_bytes es mayor que "
		    "max_message_bytes");
		return -1;
	}
	if (check_list_addresses(ld, "roles", "coordinators",
	    cfg->coordinators, cfg->n_coordinators) != 0 ||
	    check_list_addresses(ld, "alerts", "to", cfg->alerts_to,
	    cfg->n_alerts_to) != 0 || check_tls_port(ld) != 0 ||
	    check_smtp_url(ld) != 0 || check_coordinator_names(ld, cfg) != 0)
		return -1;
	if (!tz_known(cfg->inst_timezone)) {
		k = find_key("institution", "timezone");
		fail_at(ld, ld->seen[k], "timezone «%s» no es una zona de la "
		    "base tz del sistema (instale tzdata; por ejemplo "
		    "America/Mexico_City)", cfg->inst_timezone);
		return -1;
	}
	if (strcmp(cfg->cal_reports, "bimonthly") != 0 &&
	    strcmp(cfg->cal_reports, "milestones") != 0 &&
	    strcmp(cfg->cal_reports, "monthly") != 0) {
		k = find_key("calendar", "reports");
		fail_at(ld, ld->seen[k], "reports debe ser bimonthly, monthly o "
		    "milestones, no «%s»", cfg->cal_reports);
		return -1;
	}
	/* Monthly milestones split total_hours over min_months reports:
	   each must be at least one hour. */
	if (strcmp(cfg->cal_reports, "monthly") == 0 &&
	    cfg->total_hours < (cfg->min_months < 1 ? 1 : cfg->min_months)) {
		k = find_key("calendar", "reports");
		fail_at(ld, ld->seen[k], "los reportes mensuales necesitan que "
		    "total_hours (%d) dé al menos una hora por cada mes de "
		    "min_months (%d)",
		    cfg->total_hours, cfg->min_months);
		return -1;
	}
	if (cfg->max_months < cfg->min_months) {
		k = find_key("rules", "max_months");
		fail_at(ld, ld->seen[k], "max_months es menor que min_months");
		return -1;
	}
	if (*cfg->inst_logo == '\0') {
		free(cfg->inst_logo);
		cfg->inst_logo = NULL;
	}
	if (*cfg->tls_ca_file == '\0') {
		free(cfg->tls_ca_file);
		cfg->tls_ca_file = NULL;
	}
	return 0;
}

/* The coordinator addr's configured name, or NULL. */
const char *
config_coordinator_name(const struct config *cfg, const char *addr)
{
	const char *p = cfg->coordinator_names;
	size_t alen = strlen(addr);

	while (p != NULL && *p) {
		const char *end = p + strcspn(p, ","), *colon;
		static _Thread_local char name[256];
		const char *a = p + strspn(p, " \t");

		colon = memchr(a, ':', (size_t)(end - a));
		if (colon != NULL && (size_t)(colon - a) >= alen &&
		    strncasecmp(a, addr, alen) == 0 &&
		    a[alen + strspn(a + alen, " \t")] == ':') {
			size_t n = (size_t)(end - colon - 1);
			char *t;

			if (n >= sizeof(name))
				n = sizeof(name) - 1;
			memcpy(name, colon + 1, n);
			name[n] = '\0';
			t = str_trim(name);
			return *t ? t : NULL;
		}
		p = *end ? end + 1 : end;
	}
	return NULL;
}

/*
 * coordinator_names is "address: Name, address: Name" (a comma between
 * pairs, as in every list here, so no name may hold one): each address must
 * be a coordinator, each name non-empty and short enough for a greeting.
 */
static int
check_coordinator_names(struct loader *ld, struct config *cfg)
{
	char *copy = xstrdup(cfg->coordinator_names), *save = NULL, *tok;
	size_t k = find_key("roles", "coordinator_names");
	int rc = 0;

	for (tok = strtok_r(copy, ",", &save); tok != NULL && rc == 0;
	    tok = strtok_r(NULL, ",", &save)) {
		char *colon, *addr, *name;

		if (str_trim(tok)[0] == '\0')
			continue;
		colon = strchr(tok, ':');
		if (colon == NULL) {
			fail_at(ld, ld->seen[k], "coordinator_names: «%s» no "
			    "es «dirección: nombre»", str_trim(tok));
			rc = -1;
			break;
		}
		*colon = '\0';
		addr = str_trim(tok);
		name = str_trim(colon + 1);
		if (!config_is_coordinator(cfg, addr)) {
			fail_at(ld, ld->seen[k], "coordinator_names: %s no es "
			    "una de las direcciones de coordinators", addr);
			rc = -1;
		} else if (*name == '\0' || strlen(name) > 200) {
			fail_at(ld, ld->seen[k], "coordinator_names: el nombre "
			    "de %s está vacío o pasa de 200 caracteres",
			    addr);
			rc = -1;
		}
	}
	free(copy);
	return rc;
}

static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

int
config_load(const char *path, struct config *cfg, char *err, size_t errlen)
{
	struct loader ld;
	int rc;

	memset(cfg, 0, sizeof(*cfg));
	memset(&ld, 0, sizeof(ld));
	ld.cfg = cfg;
	ld.path = path;
	ld.err = err;
	ld.errlen = errlen;
	cfg->path = xstrdup(path);
	ld.dir = dir_of(path);
	ld.fp = fopen(path, "r");
	if (ld.fp == NULL) {
		fail_at(&ld, 0, "no se puede abrir: %s", strerror(errno));
		goto fail;
	}
	rc = parse_file(&ld);
	fclose(ld.fp);
	if (rc != 0 || ld.failed)
		goto fail;
	if (apply_defaults(&ld) != 0 || check_relations(&ld) != 0)
		goto fail;
	cfg->key_lines = xcalloc(NKEYS, sizeof(int));
	memcpy(cfg->key_lines, ld.seen, sizeof(ld.seen));
	collect_warnings(cfg);
	free(ld.dir);
	/* Before any thread: localtime_r reads TZ only through tzset. */
	if (tz_apply(cfg->inst_timezone) != 0) {
		snprintf(err, errlen, "%s: cannot use time zone %s", path,
		    cfg->inst_timezone);
		config_free(cfg);
		return -1;
	}
	return 0;
fail:
	free(ld.dir);
	config_free(cfg);
	return -1;
}

void
config_free(struct config *cfg)
{
	for (size_t k = 0; k < NKEYS; k++) {
		const struct key *key = &keys[k];
		char **f;

		if (key->type == K_LIST) {
			char ***l = (char ***)((char *)cfg + key->off);
			free_list(*l);
			*l = NULL;
		} else if (key->type == K_STR || key->type == K_PATH ||
		    key->type == K_SECRET) {
			f = str_field(cfg, key->off);
			free(*f);
			*f = NULL;
		}
	}
	free_list(cfg->warnings);
	cfg->warnings = NULL;
	cfg->n_warnings = 0;
	free(cfg->key_lines);
	cfg->key_lines = NULL;
	periods_free(&cfg->periods);
	free(cfg->path);
	free(cfg->addr_local);
	free(cfg->addr_domain);
	cfg->path = cfg->addr_local = cfg->addr_domain = NULL;
}

int
config_is_coordinator(const struct config *cfg, const char *addr)
{
	for (size_t i = 0; i < cfg->n_coordinators; i++)
		if (ascii_casecmp(cfg->coordinators[i], addr) == 0)
			return 1;
	return 0;
}

int
config_is_student_domain(const struct config *cfg, const char *addr)
{
	const char *at = strrchr(addr, '@');

	if (at == NULL)
		return 0;
	for (size_t i = 0; i < cfg->n_student_domains; i++)
		if (ascii_casecmp(cfg->student_domains[i], at + 1) == 0)
			return 1;
	return 0;
}

size_t
config_key_count(void)
{
	return NKEYS;
}

void
config_key_info(size_t i, const char **section, const char **name,
    const char **type, const char **def)
{
	static const char *const type_names[] = {
		[K_STR] = "text", [K_PATH] = "path", [K_INT] = "number",
		[K_BOOL] = "yes/no", [K_TLS] = "none/starttls/tls",
		[K_LIST] = "list", [K_BYTES] = "bytes", [K_SECRET] = "secret",
	};

	*section = keys[i].section;
	*name = keys[i].name;
	*type = type_names[keys[i].type];
	if (keys[i].type == K_SECRET && strstr(keys[i].name, "_file"))
		*type = "path";
	*def = keys[i].def;
}

int
config_key_line(const struct config *cfg, size_t i)
{
	return cfg->key_lines != NULL && i < NKEYS ? cfg->key_lines[i] : 0;
}

char *
config_key_value(const struct config *cfg, size_t i)
{
	static const char *const tls_names[] = {"none", "starttls", "tls"};
	const struct key *key = &keys[i];
	struct buf b;
	char *const *str = str_field((struct config *)cfg, key->off);
	char *const *const *list;

	switch (key->type) {
	case K_STR:
	case K_PATH:
		return xstrdup(*str != NULL ? *str : "");
	case K_SECRET:
		/* A password and its _file share the field: show the one set. */
		return xstrdup(*str != NULL && **str != '\0' &&
		    config_key_line(cfg, i) > 0 ? "(set)" : "");
	case K_INT:
		return xasprintf("%d", *int_field((struct config *)cfg,
		    key->off));
	case K_BYTES:
		return xasprintf("%lld", *(const long long *)((const char *)cfg
		    + key->off));
	case K_BOOL:
		return xstrdup(*int_field((struct config *)cfg, key->off) ?
		    "yes" : "no");
	case K_TLS:
		return xstrdup(tls_names[cfg->tls]);
	case K_LIST:
		list = (char *const *const *)((const char *)cfg + key->off);
		buf_init(&b);
		buf_adds(&b, "");
		for (size_t j = 0; *list != NULL && (*list)[j] != NULL; j++)
			buf_printf(&b, "%s%s", j ? ", " : "", (*list)[j]);
		return buf_steal(&b);
	}
	return xstrdup("");
}
