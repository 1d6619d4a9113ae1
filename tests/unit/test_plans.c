/* SPDX-License-Identifier: ISC */
/*
 * test_plans.c - no statement tequio prepares walks a table that grows
 * with history.
 *
 * The mailbox's life is long: a statement that visits every message, or
 * every mail ever sent, costs a little more with each one, and on the
 * per-message or per-run path that makes the daemon slower every month
 * (issue 15: forget_old walked every sent row, 35 ms a call at 54,000
 * messages).  test_store.c counts full-scan steps of the lookups it calls;
 * this test looks at *every* statement in the sources
 * (scripts/sql_statements.py lists them at build time, so a new one is
 * checked without anyone adding it here), maintenance included, on a
 * database filled to 50,000 messages, each with its reply sent, and asks
 * SQLite for its plan, before and after ANALYZE (the daemon runs it at
 * start and daily, so both kinds of plan occur).
 *
 * A plan fails when it scans a table (SCAN t, with or without an index:
 * an index walked end to end is as long as the table) or when it searches
 * an index by equality on a key that the statistics say matches more than
 * a small part of the table (status = 'sent' matches half of the outbox).
 * A few statements visit everything on purpose (an export, a listing an
 * operator asks for, a count shown by tequioctl status): they are named
 * in allowed[] with the reason, and only for the table they may scan.
 * A template for sqlite3_mprintf (tequioctl export's SELECT * of each
 * table) is no statement: it is named in templates[] with what it visits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/util.h"
#include "store/store_internal.h"

struct sql_statement {
	const char *file;
	const char *sql;
};

#include "sql_statements.h"

#define HISTORY 50000

static char dir[] = "/tmp/tequio-plans-XXXXXX";

static struct store *
open_store(const char *name)
{
	char *path = xasprintf("%s/%s", dir, name), err[256];
	struct store *st;

	assert_int_equal(store_open(path, &st, err, sizeof(err)), 0);
	free(path);
	return st;
}

/* One message of the history, answered, its reply sent. */
static void
add_history(struct store *st, int i)
{
	struct msg_record r;
	char sha[65], msgid[64], from[64], outid[64], path[128];
	int64_t id;

	snprintf(sha, sizeof(sha), "%064d", i);
	snprintf(msgid, sizeof(msgid), "m%d@example.org", i);
	snprintf(from, sizeof(from), "alumno%d@alumnos.utv.edu.mx", i % 5000);
	snprintf(outid, sizeof(outid), "tq.%d@utv.edu.mx", i);
	memset(&r, 0, sizeof(r));
	r.uidvalidity = 7;
	r.uid = i;
	r.message_id = msgid;
	r.sha256 = sha;
	/* In a pack of 100, as fetch.c writes them (spool_pack.h). */
	snprintf(path, sizeof(path), "/spool/pack/%02x/%02x%030d.pack#%d+3000",
	    (i / 100) % 256, (i / 100) % 256, i / 100, 8 + (i % 100) * 3000);
	r.spool_path = path;
	r.from_addr = from;
	r.subject = "AYUDA";
	r.command = "AYUDA";
	r.outcome = OUTCOME_PROCESSED;
	r.folder = "Procesados";
	assert_int_equal(store_msg_insert(st, &r, &id), 0);
	assert_int_equal(store_msg_mark_moved(st, id), 0);
	assert_int_equal(store_outbox_add(st, outid, from, "Re: AYUDA",
	    "x", 1, id, 1000000 + i), 0);
	assert_int_equal(store_outbox_sent(st, id, 1000000 + i), 0);
}

/* Statements that may visit a whole table, and why. */
static const struct {
	const char *sql;	/* a distinctive part of the statement */
	const char *table;	/* the one table (or alias) it may scan */
	const char *why;
} allowed[] = {
	{"CASE WHEN EXISTS (SELECT 1 FROM message)", "message",
	    "migration, once: EXISTS stops at the first row"},
	{"FROM letter_issued WHERE recipient = ?2 COLLATE NOCASE",
	    "letter_issued", "an ARCO access request (a few a year) reads "
	    "one person's whole file"},
	{"FROM wf_audit WHERE (entity IN", "wf_audit",
	    "an ARCO access request reads one person's whole file"},
	{"FROM message WHERE from_addr = ?2 COLLATE NOCASE", "message",
	    "an ARCO access request reads one person's whole file"},
	{"FROM arco_request WHERE", "arco_request",
	    "ARCO requests: a few a year, not one per message"},
	{"SELECT count(*) FROM message", "message",
	    "tequioctl status, asked by an operator"},
	{"UPDATE wf_matter SET expires = ?1, code_mac = NULL", "wf_matter",
	    "tequioctl rotate tokens, after a leak"},
	{"FROM access_log WHERE at >= ?1", "access_log",
	    "the access log report, asked by an operator"},
	{"FROM wf_account", "wf_account", "the daily purge and the "
	    "listings look at every account: one per person, not per message"},
	{"FROM wf_account a LEFT JOIN letter_issued l", "a",
	    "once after the upgrade to migration 25 (convenio_backfill): "
	    "the agencies, not the messages"},
	{"UPDATE wf_account SET name = 'titular suprimido'", "wf_account",
	    "the daily purge: accounts, not messages"},
	{"FROM message_count", "message_count",
	    "one row per outcome: three at most"},
	{"WHERE status = 'failed' AND (?1 <= 0 OR id = ?1)", "outbox",
	    "tequioctl requeue: the failed mail, not the history"},
	{"WHERE status = 'queued' AND attempts > 0", "outbox",
	    "the queue (status = 'queued'), not the history"},
	{"UPDATE wf_student SET matricula = 'suprimida-'", "wf_account",
	    "the daily purge: accounts, not messages"},
	{"UPDATE wf_agency SET rfc = 'suprimido-'", "wf_account",
	    "the daily purge: accounts, not messages"},
	{"DELETE FROM privacy_notice", "wf_account",
	    "the daily purge: accounts, not messages"},
	{"UPDATE arco_request SET email", "arco_request",
	    "the daily purge: ARCO requests, a few a year"},
	{"UPDATE access_log SET recipient", "wf_account",
	    "the daily purge: accounts, not messages"},
	{"UPDATE wf_document SET purged_at", "wf_document",
	    "the daily purge: one document per requirement of an account"},
	{"UPDATE wf_document SET purged_at", "wf_account",
	    "the daily purge: accounts, not messages"},
	{"UPDATE message SET purged_at", "wf_account",
	    "the daily purge: accounts, not messages"},
	{"UPDATE wf_pending SET body", "wf_pending",
	    "the daily purge: commands waiting for CONFIRMAR"},
	{"UPDATE wf_pending_att SET purged_at", "wf_pending",
	    "the daily purge: commands waiting for CONFIRMAR"},
	{"SELECT DISTINCT p FROM (SELECT path AS p FROM wf_document",
	    "wf_document", "the daily purge: documents, not messages"},
	{"SELECT DISTINCT p FROM (SELECT path AS p FROM wf_document",
	    "wf_pending_att", "the daily purge: attachments of commands "
	    "waiting for CONFIRMAR"},
	{"UPDATE wf_document SET path = ''", "wf_document",
	    "the daily purge: documents, not messages"},
	{"UPDATE wf_pending_att SET path = ''", "wf_pending_att",
	    "the daily purge: attachments of commands waiting for CONFIRMAR"},
	{"FROM wf_program p", "p", "programs: a few per agency"},
	{"FROM wf_program p", "x", "PROGRAMAS counts each program's "
	    "places: applications, one per student"},
	{"FROM wf_application x JOIN wf_program p", "x",
	    "an operator's listing of applications"},
	{"FROM wf_peticion WHERE agency_id", "wf_peticion",
	    "an agency's requests for students: a few per agency"},
	{"FROM wf_agency g JOIN wf_account a", "g",
	    "agencies: one per institution that receives students"},
	{"FROM wf_audit WHERE ?1 IS NULL", "wf_audit",
	    "tequioctl's audit listing, asked by an operator"},
	{"FROM outbox WHERE status IN ('queued', 'failed') ORDER BY id",
	    "outbox", "tequioctl outbox, asked by an operator"},
	{"FROM outbox WHERE status = ?1 ORDER BY id", "outbox",
	    "tequioctl outbox sent, asked by an operator"},
	{"SELECT count(*) FROM outbox WHERE status", "outbox",
	    "the queue's length: its rows are the mail waiting, not the "
	    "history"},
	{"SELECT min(next_try) FROM outbox WHERE status = 'queued'",
	    "outbox", "the first entry of outbox_due: one row"},
	{"FROM sqlite_schema WHERE type = 'table'", "sqlite_schema",
	    "tequioctl export: the schema, one row per table"},
	{"FROM sqlite_schema WHERE type = 'index'", "sqlite_schema",
	    "the daily statistics: the schema, one row per index"},
	{"WITH progs AS (SELECT id FROM wf_program WHERE agency_id",
	    "message", "EXPEDIENTE and tequioctl history: one person's "
	    "whole file, asked by a coordinator or an operator"},
	{"WITH progs AS (SELECT id FROM wf_program WHERE agency_id",
	    "outbox", "EXPEDIENTE and tequioctl history: one person's "
	    "whole file, asked by a coordinator or an operator"},
	{"WITH progs AS (SELECT id FROM wf_program WHERE agency_id",
	    "wf_application", "EXPEDIENTE and tequioctl history: one "
	    "person's whole file, asked by a coordinator or an operator"},
	{"WITH progs AS (SELECT id FROM wf_program WHERE agency_id",
	    "wf_program", "EXPEDIENTE and tequioctl history: one person's "
	    "whole file, asked by a coordinator or an operator"},
	{"SELECT folio FROM letter_issued WHERE recipient = ?1 COLLATE",
	    "letter_issued", "EXPEDIENTE con cartas: one person's letters, "
	    "asked by a coordinator"},
	{"SELECT 'Alumnos por estado'", "a", "ESTADISTICAS: counts over "
	    "every account on purpose, asked by a coordinator"},
	{"SELECT 'Alumnos por estado'", "wf_application", "ESTADISTICAS: "
	    "counts over every application on purpose, asked by a "
	    "coordinator"},
	{"SELECT 'Alumnos por estado'", "wf_report", "ESTADISTICAS: counts "
	    "over every report on purpose, asked by a coordinator"},
	{"SELECT 'Alumnos por estado'", "wf_matter", "ESTADISTICAS: counts "
	    "over every decision on purpose, asked by a coordinator"},
	{"WITH inper AS (SELECT entity_id FROM wf_audit", "a",
	    "ESTADISTICAS [periodo=]: counts over every account on purpose, "
	    "asked by a coordinator"},
	{"WITH inper AS (SELECT entity_id FROM wf_audit", "wf_application",
	    "ESTADISTICAS [periodo=]: counts over every application on purpose, "
	    "asked by a coordinator"},
	{"WITH inper AS (SELECT entity_id FROM wf_audit", "x",
	    "ESTADISTICAS [periodo=]: counts over every application on purpose, "
	    "asked by a coordinator"},
	{"WITH inper AS (SELECT entity_id FROM wf_audit", "wf_matter",
	    "ESTADISTICAS [periodo=]: counts over every decision on purpose, "
	    "asked by a coordinator"},
	{"WITH inper AS (SELECT entity_id FROM wf_audit", "wf_audit",
	    "ESTADISTICAS [periodo=]: counts over every service's start and end on purpose, "
	    "asked by a coordinator"},
	{"WITH inper AS (SELECT entity_id FROM wf_audit", "wf_report",
	    "ESTADISTICAS [periodo=]: counts over every report on purpose, "
	    "asked by a coordinator"},
	{"WHERE m.outcome = 'quarantined' AND (?1 = 0 OR m.id = ?1)", "m",
	    "tequioctl quarantine, asked by an operator"},
	{"SELECT 1 FROM roster LIMIT 1", "roster",
	    "whether a roster was imported: LIMIT 1 stops at the first row"},
};

/* Templates for sqlite3_mprintf, not statements: they cannot be planned,
   and what they visit, and why, is said here. */
static const struct {
	const char *sql;
	const char *why;
} templates[] = {
	{"SELECT * FROM \"%w\"", "tequioctl export: every row of every "
	    "table, asked by an operator"},
};

/*
 * The statistics of a copy of the filled database, analyzed whole: how
 * many rows a search by equality visits, whatever the plan was made with.
 */
static sqlite3 *stats;

/* Rows per key of the first neq columns of index idx; -1 when unknown. */
static long
rows_per_key(const char *idx, int neq)
{
	sqlite3_stmt *s;
	long v = -1;

	if (sqlite3_prepare_v2(stats, "SELECT stat FROM sqlite_stat1"
	    " WHERE idx = ?1", -1, &s, NULL) != SQLITE_OK)
		return -1;	/* not analyzed yet */
	sqlite3_bind_text(s, 1, idx, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(s, 0);
		for (int i = 0; p != NULL && i <= neq; i++) {
			v = strtol(p, (char **)&p, 10);
			if (*p != ' ' && i < neq) {
				v = -1;
				break;
			}
		}
	}
	sqlite3_finalize(s);
	return v;
}

static int
is_allowed(const char *sql, const char *table)
{
	for (size_t i = 0; i < ARRAY_LEN(allowed); i++)
		if (strstr(sql, allowed[i].sql) != NULL &&
		    strcmp(table, allowed[i].table) == 0)
			return 1;
	return 0;
}

static int
is_template(const char *sql)
{
	for (size_t i = 0; i < ARRAY_LEN(templates); i++)
		if (strcmp(sql, templates[i].sql) == 0)
			return 1;
	return 0;
}

/* The word after prefix in detail, into out. */
static void
word_after(const char *detail, const char *prefix, char *out, size_t len)
{
	const char *p = strstr(detail, prefix);
	size_t n = 0;

	out[0] = '\0';
	if (p == NULL)
		return;
	p += strlen(prefix);
	while (p[n] != '\0' && p[n] != ' ' && n + 1 < len)
		n++;
	memcpy(out, p, n);
	out[n] = '\0';
}

/* How many "col=?" terms the constraint "(a=? AND b>?)" has, or -1 when
   it also has a range or a skip-scan (bounded by what it finds). */
static int
equality_only(const char *detail)
{
	const char *c = strchr(detail, '(');
	int n = 0;

	if (c == NULL || strpbrk(c, "<>") != NULL || strstr(c, "ANY(") ||
	    strstr(c, "rowid"))
		return -1;
	for (const char *p = c; (p = strstr(p, "=?")) != NULL; p += 2)
		n++;
	return n;
}

/* A problem with one line of a plan, printed; 1 when there is one. */
static int
judge(const struct sql_statement *stm, const char *plan,
    const char *detail, const char *when)
{
	char name[128], idx[128];
	int neq;
	long per_key;

	if (strncmp(detail, "SCAN ", 5) == 0) {
		word_after(detail, "SCAN ", name, sizeof(name));
		if (strcmp(name, "CONSTANT") == 0 || name[0] == '(' ||
		    strstr(detail, "VIRTUAL TABLE") != NULL)
			return 0;
		/* A subquery's rows, already bounded by its own plan. */
		char *sub = xasprintf("MATERIALIZE %s\n", name);
		char *co = xasprintf("CO-ROUTINE %s\n", name);
		int own = strstr(plan, sub) != NULL || strstr(plan, co) != NULL;
		free(sub);
		free(co);
		if (own || is_allowed(stm->sql, name))
			return 0;
		printf("%s: %s: %s\n  %s\n", when, stm->file, detail, stm->sql);
		return 1;
	}
	if (strstr(detail, "AUTOMATIC") != NULL) {
		printf("%s: %s: %s (an index built for each run)\n  %s\n",
		    when, stm->file, detail, stm->sql);
		return 1;
	}
	if (strncmp(detail, "SEARCH ", 7) != 0 ||
	    (neq = equality_only(detail)) <= 0)
		return 0;
	word_after(detail, "INDEX ", idx, sizeof(idx));
	word_after(detail, "SEARCH ", name, sizeof(name));
	per_key = idx[0] ? rows_per_key(idx, neq) : -1;
	if (per_key <= HISTORY / 100 || is_allowed(stm->sql, name))
		return 0;
	printf("%s: %s: %s: %ld rows per key of %d\n  %s\n", when, stm->file,
	    detail, per_key, HISTORY, stm->sql);
	return 1;
}

/* The plan of one statement, one detail a line; NULL when it cannot be
   prepared (printed). */
static char *
plan_of(struct store *st, const char *sql)
{
	char *q = xasprintf("EXPLAIN QUERY PLAN %s", sql);
	sqlite3_stmt *s;
	struct buf b;

	buf_init(&b);
	if (sqlite3_prepare_v2(st->db, q, -1, &s, NULL) != SQLITE_OK) {
		printf("cannot prepare: %s\n  %s\n", sqlite3_errmsg(st->db),
		    sql);
		free(q);
		return NULL;
	}
	while (sqlite3_step(s) == SQLITE_ROW) {
		buf_adds(&b, (const char *)sqlite3_column_text(s, 3));
		buf_adds(&b, "\n");
	}
	sqlite3_finalize(s);
	free(q);
	return buf_steal(&b);
}

static void
analyze_copy(struct store *st)
{
	char *copy = xasprintf("%s/stats.db", dir);
	sqlite3_stmt *s;

	assert_int_equal(sqlite3_prepare_v2(st->db, "VACUUM INTO ?1", -1, &s,
	    NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, copy, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	assert_int_equal(sqlite3_open(copy, &stats), SQLITE_OK);
	assert_int_equal(sqlite3_exec(stats, "ANALYZE", NULL, NULL, NULL),
	    SQLITE_OK);
	free(copy);
}

static int
check_all(struct store *st, const char *when)
{
	int bad = 0;

	for (size_t i = 0; i < ARRAY_LEN(sql_statements); i++) {
		char *plan, *line, *save;

		if (is_template(sql_statements[i].sql))
			continue;
		plan = plan_of(st, sql_statements[i].sql);
		if (plan == NULL) {
			bad++;
			continue;
		}
		char *copy = xstrdup(plan);
		for (line = strtok_r(copy, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save))
			bad += judge(&sql_statements[i], plan, line, when);
		free(copy);
		free(plan);
	}
	return bad;
}

static void
test_plans(void **state)
{
	struct store *st = open_store("plans.db");
	int bad;

	(void)state;
	assert_true(ARRAY_LEN(sql_statements) > 100);
	assert_int_equal(store_begin(st), 0);
	for (int i = 1; i <= HISTORY; i++)
		add_history(st, i);
	/* Their packs, looked at long ago but the last one. */
	assert_int_equal(sqlite3_exec(st->db, "INSERT INTO spool_pack(path, "
	    "created, due) SELECT DISTINCT substr(spool_path, 1, "
	    "instr(spool_path, '#') - 1), 1000000, NULL FROM message; "
	    "UPDATE spool_pack SET due = 1003600 WHERE id = (SELECT max(id) "
	    "FROM spool_pack)", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(store_commit(st), 0);
	analyze_copy(st);
	bad = check_all(st, "without statistics");
	assert_int_equal(store_optimize(st), 0);
	bad += check_all(st, "after ANALYZE");
	sqlite3_close(stats);
	store_close(st);
	if (bad > 0)
		fail_msg("%d plan(s) walk a table that grows with history", bad);
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf %s", dir);

	(void)state;
	if (system(cmd) != 0) {
		/* Left behind in /tmp: harmless. */
	}
	free(cmd);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plans),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
