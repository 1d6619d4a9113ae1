/* SPDX-License-Identifier: ISC */
/*
 * config.h - the whole configuration of tequio as one struct, read from one
 * INI file (libinih) and checked completely at start-up.
 *
 * Every key of SPEC section 5 is here under the same name; keys added by
 * tequio are documented in config/tequio.conf.example.  Paths are absolute
 * after loading: relative paths are resolved against the file's directory.
 */
#ifndef TEQUIO_CONFIG_H
#define TEQUIO_CONFIG_H

#include <stddef.h>

#include "config/periods.h"

enum tls_mode { TLS_NONE, TLS_STARTTLS, TLS_TLS };

struct config {
	char *path;		/* the file read */

	/* [institution] */
	char *inst_name;
	char *inst_short_name;
	char *inst_city;
	char *inst_logo;	/* may be NULL: letters then have no logo */
	int inst_sample_ok;	/* the sample officials may stay (demo, tests) */
	char *inst_timezone;	/* dates every letter, deadline and mail */

	/* [mailbox] */
	char *address;		/* servicio.social@utv.edu.mx */
	char *addr_local;	/* servicio.social */
	char *addr_domain;	/* utv.edu.mx */
	char *imap_host;
	int imap_port;
	char *imap_user;
	char *imap_password;
	enum tls_mode tls;
	char *tls_ca_file;	/* extra trust anchors; NULL = system store */
	int tls_verify;		/* 1 unless tls_verify = no (tests only) */
	char *inbox;
	char *processed;
	char *quarantine;
	int idle;
	int poll_seconds;
	int idle_restart_seconds;
	int fetch_batch;
	int move_connection;	/* a second connection moves batches */

	/* [smtp] */
	char *smtp_url;
	char *smtp_user;	/* NULL or "" means no AUTH */
	char *smtp_password;
	int smtp_max_attempts;
	int smtp_retry_seconds;	/* first backoff step; doubles each time */
	int smtp_timeout_seconds;
	int keep_sent_days;	/* bytes of sent mail kept this long */
	int smtp_connections;	/* at most this many at once, 1..8 */

	/* [roles] */
	char **coordinators;	/* NULL-terminated, lower-cased addresses */
	size_t n_coordinators;
	char **student_domains;	/* NULL-terminated, lower-cased */
	size_t n_student_domains;
	char *coordinator_names;	/* "addr: Name, addr: Name" (greetings) */

	/* [storage] */
	char *database;
	char *spool;
	char *templates;	/* directory of templates/ */
	char *default_templates;	/* installed: what templates lacks */

	/* [security] */
	char *secret_file;
	char *trusted_authserv_id;
	int require_verified_sender;
	int token_ttl_days;

	/* [limits] */
	long long max_message_bytes;
	long long max_attachment_bytes;
	int max_attachments;
	int max_replies_per_day;
	int max_unknown_replies_per_hour;	/* all unknown senders together */
	int max_temporary_failures;	/* then a message is quarantined */
	int max_process_deaths;	/* on one message alone: quarantined */

	/* [log] */
	int log_syslog;
	int log_debug;

	/* [alerts] */
	char **alerts_to;	/* NULL-terminated; empty: the coordinators */
	size_t n_alerts_to;
	int alerts_enabled;
	int alerts_unreachable_minutes;	/* relay or mailbox down this long */

	/* [rules] */
	int min_months;		/* least service before LIBERAR/FINALIZAR */
	int min_credits;	/* % of credits REGISTRO asks for */
	int max_months;		/* past it, an exception for the coordinator */
	int total_hours;	/* accepted hours that unlock LIBERAR */
	int max_hours_per_month;	/* 0: no cap */
	int application_days;	/* business days a pending one lives */

	/* [convenio] */
	int convenio_years;	/* term of every convenio issued */

	/* [workflow] */
	int programs_need_approval;	/* a new program (and an edit) is a
					   coordinator's matter first */

	/* [calendar] */
	char *cal_reports;	/* bimonthly | milestones */
	int cal_tolerance_days;	/* business days after a due date */
	int cal_late_baja;	/* late reports that open a baja; 0 off */
	int cal_validation_days;	/* business days the coordinator's
					   review waits for the agency's
					   VALIDAR; 0 no wait */
	/* [periods] (issue 11): named periods, in the order of their days */
	struct periods periods;

	/* [privacy] (issue 12) */
	char *spool_key_file;	/* "": spool.key beside the secret */
	int keep_identity_documents_days;	/* after the convenio decision */
	int keep_student_file_days;	/* after finalización */
	int keep_unanswered_mail_days;	/* quarantined or ignored mail */
	int arco_business_days;	/* legal deadline of an ARCO request */
	int mail_identity_documents;	/* no: only DOCUMENTO <id> fetches */

	/* Where each key of the table got its value: its line, 0 = default
	   (config_key_line); and what is allowed but probably wrong. */
	int *key_lines;
	char **warnings;	/* NULL-terminated */
	size_t n_warnings;
};

/*
 * Load and check path.  On error writes "file:line: what is wrong" into
 * err (errlen bytes) and returns -1; the caller prints it and stops.
 */
int config_load(const char *path, struct config *cfg, char *err, size_t errlen);
void config_free(struct config *cfg);

/*
 * The key table, for tequioctl check-config and the test that keeps
 * tequio.conf(5) complete: i from 0 to config_key_count() - 1.  *def is
 * NULL for a required key.  type is a word for people ("number", "path").
 */
size_t config_key_count(void);
void config_key_info(size_t i, const char **section, const char **name,
    const char **type, const char **def);
/* The value key i has in cfg, as text (secrets as "(set)"); caller frees. */
char *config_key_value(const struct config *cfg, size_t i);
/* The line of the file that set key i, 0 when it has its default. */
int config_key_line(const struct config *cfg, size_t i);

/* True when addr (any case) is one of the configured coordinators. */
int config_is_coordinator(const struct config *cfg, const char *addr);
/* The name configured for coordinator addr (coordinator_names), or NULL;
   valid until the next call in the same thread. */
const char *config_coordinator_name(const struct config *cfg,
    const char *addr);
/* True when addr's domain is a configured student domain. */
int config_is_student_domain(const struct config *cfg, const char *addr);

#endif
