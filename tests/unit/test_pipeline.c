/* SPDX-License-Identifier: ISC */
/*
 * test_pipeline.c - daemon/pipeline.c over a real SQLite file, spool,
 * letters engine and libmagic in a temporary directory, without servers:
 * every message is answered once, threaded, and never twice however often
 * it comes back; automatic mail is left unanswered; a message that cannot
 * be read is explained and set aside; a failure of the machine changes
 * nothing and is counted, and a message that keeps failing (or keeps
 * killing the process) is set aside with a reply instead of blocking the
 * mailbox.  Failures are made with the sanitizer build's fault hook.
 *
 * Runs from the repository root (templates/, tests/fixtures/workflow/).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/log.h"
#include "common/util.h"
#include "config/config.h"
#include "daemon/pipeline.h"
#include "handlers/classify.h"
#include "mail/message.h"
#include "store/store_failure.h"
#include "store/store_inflight.h"
#include "store/store_internal.h"
#include "test_workflow_harness.h"

#define ALU	"ana.lopez@alumnos.utv.edu.mx"
#define DEP	"enlace@salud.oaxaca.gob.mx"
#define MAILBOX	"servicio.social@utv.edu.mx"
#define OTHER	"municipio@salud.oaxaca.gob.mx"

struct fx {
	struct harness h;
	struct pipeline *p;
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	char err[256];

	setenv("TEQUIO_NOW", "1795000000", 1);	/* Wed 18 Nov 2026 */
	h_open(&f->h);
	f->p = pipeline_new(&f->h.cfg, f->h.st, f->h.letters, f->h.secret,
	    err, sizeof(err));
	if (f->p == NULL)
		fail_msg("pipeline: %s", err);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	unsetenv("TEQUIO_TEST_FAIL");
	pipeline_free(f->p);
	h_close(&f->h);
	free(f);
	return 0;
}

static int64_t
count(struct fx *f, const char *sql)
{
	sqlite3_stmt *s;
	int64_t n;

	assert_int_equal(sqlite3_prepare_v2(f->h.st->db, sql, -1, &s, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* One text column of the message row id. */
static char *
msg_column(struct fx *f, int64_t id, const char *column)
{
	char *sql = xasprintf("SELECT %s FROM message WHERE id = ?1", column),
	    *v;
	sqlite3_stmt *s;

	assert_int_equal(sqlite3_prepare_v2(f->h.st->db, sql, -1, &s, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(s, 1, id);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	v = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	free(sql);
	return v;
}

static void
msg_column_is(struct fx *f, int64_t id, const char *column, const char *want)
{
	char *v = msg_column(f, id, column);

	if (strcmp(v, want) != 0)
		fail_msg("message %lld: %s is \"%s\", not \"%s\"",
		    (long long)id, column, v, want);
	free(v);
}

/* Run raw as the message uid of uidvalidity; PIPE_DONE or TEMPFAIL. */
static enum pipe_result
run(struct fx *f, const char *raw, int64_t uidvalidity, int64_t uid,
    char **folder, int64_t *row)
{
	struct incoming in;

	memset(&in, 0, sizeof(in));
	in.uidvalidity = uidvalidity;
	in.uid = uid;
	in.raw = raw;
	in.len = strlen(raw);
	*folder = NULL;
	*row = 0;
	return pipeline_process(f->p, &in, folder, row);
}

static void
run_done(struct fx *f, const char *raw, int64_t uid, const char *want_folder,
    int64_t *row)
{
	char *folder;

	assert_int_equal(run(f, raw, 1, uid, &folder, row), PIPE_DONE);
	assert_string_equal(folder, want_folder);
	free(folder);
}

/* Everything queued since the last call, parsed.  h_collect would refuse
   a reply: its subject, answered, reads as the command on purpose. */
static void
queued(struct fx *f, struct h_result *r)
{
	struct outbox_row *rows;
	size_t n;

	memset(r, 0, sizeof(*r));
	assert_int_equal(store_outbox_due(f->h.st, INT64_MAX, 1000, &rows,
	    &n), 0);
	for (size_t i = 0; i < n; i++) {
		struct h_mail *o;

		if (rows[i].id <= f->h.last_outbox)
			continue;
		f->h.last_outbox = rows[i].id;
		r->out = xreallocarray(r->out, r->n_out + 1, sizeof(*r->out));
		o = &r->out[r->n_out++];
		memset(o, 0, sizeof(*o));
		o->m = h_parse(&f->h, rows[i].raw, rows[i].raw_len);
		o->to = xstrdup(rows[i].rcpt);
		o->subject = xstrdup(o->m->subject);
		o->body = xstrdup(o->m->body_full);
	}
	outbox_rows_free(rows, n);
}

/* The raw bytes of the last mail queued. */
static char *
last_queued(struct fx *f)
{
	sqlite3_stmt *s;
	char *raw;

	assert_int_equal(sqlite3_prepare_v2(f->h.st->db, "SELECT raw FROM "
	    "outbox_body ORDER BY id DESC LIMIT 1", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	raw = xstrndup(sqlite3_column_blob(s, 0),
	    (size_t)sqlite3_column_bytes(s, 0));
	sqlite3_finalize(s);
	return raw;
}

static void
test_answered_once_threaded(void **state)
{
	struct fx *f = *state;
	struct h_result r;
	char *raw = h_raw(&f->h, NULL, "Ana López <" ALU ">", MAILBOX,
	    "AYUDA", "¿Qué puedo hacer?", NULL, 0, NULL), *out, *folder;
	int64_t row, again;

	run_done(f, raw, 7, f->h.cfg.processed, &row);
	msg_column_is(f, row, "outcome", "processed");
	msg_column_is(f, row, "command", "AYUDA");
	msg_column_is(f, row, "moved", "0");
	queued(f, &r);
	assert_int_equal(r.n_out, 1);
	assert_string_equal(r.out[0].to, ALU);
	assert_true(strncmp(r.out[0].subject, "Re: AYUDA ", 10) == 0);
	assert_int_equal(r.out[0].m->n_references, 1);
	assert_string_equal(r.out[0].m->in_reply_to, r.out[0].m->references[0]);
	assert_non_null(strstr(r.out[0].m->in_reply_to, "test.example"));
	h_result_free(&r);
	out = last_queued(f);
	assert_non_null(strstr(out, "Auto-Submitted: auto-replied\r\n"));
	free(out);

	/* The same UID again (a crash before the MOVE): only moved. */
	run_done(f, raw, 7, f->h.cfg.processed, &again);
	assert_int_equal(again, row);
	/* The same bytes under a new UIDVALIDITY: found, pointed at the
	   new UID, not answered again. */
	assert_int_equal(run(f, raw, 2, 1, &folder, &again), PIPE_DONE);
	assert_string_equal(folder, f->h.cfg.processed);
	free(folder);
	assert_int_equal(again, row);
	msg_column_is(f, row, "uidvalidity", "2");
	msg_column_is(f, row, "uid", "1");
	assert_int_equal(count(f, "SELECT count(*) FROM outbox"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM message"), 1);

	assert_int_equal(pipeline_moved(f->p, row), 0);
	msg_column_is(f, row, "moved", "1");
	free(raw);
}

/* A long thread: the reply carries the last References, theirs last. */
static void
test_references_bounded(void **state)
{
	struct fx *f = *state;
	struct h_result r;
	struct buf hdr;
	char *raw;
	int64_t row;

	buf_init(&hdr);
	buf_adds(&hdr, "References:");
	for (int i = 0; i < 30; i++)
		buf_printf(&hdr, " <r%d@hilo.example>", i);
	buf_adds(&hdr, "\r\n");
	raw = h_raw(&f->h, hdr.data, ALU, MAILBOX, "Re: AYUDA", "Gracias",
	    NULL, 0, NULL);
	run_done(f, raw, 8, f->h.cfg.processed, &row);
	queued(f, &r);
	assert_int_equal(r.n_out, 1);
	assert_true(strncmp(r.out[0].subject, "Re: AYUDA ", 10) == 0);
	assert_int_equal(r.out[0].m->n_references, 20);
	assert_string_equal(r.out[0].m->references[0], "r11@hilo.example");
	assert_string_equal(r.out[0].m->references[18], "r29@hilo.example");
	assert_string_equal(r.out[0].m->references[19],
	    r.out[0].m->in_reply_to);
	h_result_free(&r);
	buf_free(&hdr);
	free(raw);
}

/* Automatic mail is recorded and never answered; mail from nobody is
   kept for a person. */
static void
test_unanswered(void **state)
{
	struct fx *f = *state;
	char *auto_raw = h_raw(&f->h, "Auto-Submitted: auto-replied\r\n", ALU,
	    MAILBOX, "Fuera de la oficina", "Regreso el lunes.", NULL, 0,
	    NULL);
	static const char nobody[] = "To: " MAILBOX "\r\nSubject: AYUDA\r\n"
	    "Message-ID: <sin-remitente@test.example>\r\n\r\nhola\r\n";
	int64_t row;

	run_done(f, auto_raw, 9, f->h.cfg.processed, &row);
	msg_column_is(f, row, "outcome", "ignored");
	run_done(f, nobody, 10, f->h.cfg.quarantine, &row);
	msg_column_is(f, row, "outcome", "quarantined");
	msg_column_is(f, row, "note", "no readable sender");
	assert_int_equal(count(f, "SELECT count(*) FROM outbox"), 0);
	free(auto_raw);
}

/* Process in: quarantined, with one reply (in r); returns its row. */
static int64_t
set_aside_explained(struct fx *f, const struct incoming *in,
    struct h_result *r)
{
	char *folder;
	int64_t row;

	assert_int_equal(pipeline_process(f->p, in, &folder, &row),
	    PIPE_DONE);
	assert_string_equal(folder, f->h.cfg.quarantine);
	free(folder);
	queued(f, r);
	assert_int_equal(r->n_out, 1);
	return row;
}

/* Mail that cannot be read, or was too big to fetch: explained, set
   aside, nothing run. */
static void
test_unreadable_explained(void **state)
{
	struct fx *f = *state;
	struct h_result r;
	struct incoming in;
	char *raw;
	size_t len;
	int64_t row;

	assert_int_equal(read_file("tests/fixtures/"
	    "malformed-unterminated-multipart.eml", 1 << 20, &raw, &len), 0);
	memset(&in, 0, sizeof(in));
	in.uidvalidity = 1;
	in.uid = 11;
	in.raw = raw;
	in.len = len;
	row = set_aside_explained(f, &in, &r);
	msg_column_is(f, row, "outcome", "quarantined");
	assert_string_equal(r.out[0].to, "laura.mendez@alumnos.utv.edu.mx");
	h_result_free(&r);
	assert_int_equal(count(f, "SELECT count(*) FROM wf_account"), 0);
	free(raw);

	/* Over max_message_bytes: only the headers were fetched. */
	raw = h_raw(&f->h, NULL, ALU, MAILBOX, "REPORTE 180", "", NULL, 0,
	    NULL);
	in.uid = 12;
	in.raw = raw;
	in.len = strlen(raw);
	in.headers_only = 1;
	in.full_size = 30u << 20;
	row = set_aside_explained(f, &in, &r);
	msg_column_is(f, row, "note", "oversize");
	h_contains(r.out[0].body, "mide 30.0 MB");
	h_contains(r.out[0].body, "«REPORTE 180»");
	h_result_free(&r);
	free(raw);
}

/* The spool cannot take the message: nothing recorded, nothing sent;
   the next pass handles it. */
static void
test_spool_failure_changes_nothing(void **state)
{
	struct fx *f = *state;
	char *raw = h_raw(&f->h, NULL, ALU, MAILBOX, "AYUDA", "", NULL, 0,
	    NULL), *folder, *v;
	int64_t row;

	v = xasprintf("spool.fsync:%d", EIO);
	setenv("TEQUIO_TEST_FAIL", v, 1);
	free(v);
	assert_int_equal(run(f, raw, 1, 13, &folder, &row), PIPE_TEMPFAIL);
	assert_null(folder);
	assert_int_equal(count(f, "SELECT count(*) FROM message"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox"), 0);
	unsetenv("TEQUIO_TEST_FAIL");
	run_done(f, raw, 13, f->h.cfg.processed, &row);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox"), 1);
	free(raw);
}

/* An agency's registration whose documents the spool cannot take. */
static char *
registration(struct fx *f, const char *from, const char *name)
{
	/* Other documents for each agency: the same bytes are stored once. */
	static const struct h_att docs[][2] = {
		{{"Decreto de creación.pdf", "decreto.pdf", "application/pdf"},
		{"INE representante.pdf", "ine.pdf", "application/pdf"}},
		{{"nombramiento.pdf", "nombramiento.pdf", "application/pdf"},
		{"comprobante de domicilio.pdf", "domicilio.pdf",
		    "application/pdf"}},
	};
	char *ar = h_authres("salud.oaxaca.gob.mx");
	char *body = xasprintf("Nombre: %s\nTipo: Pública\n"
	    "RFC: %s\nRepresentante: María Pérez Núñez\n"
	    "Cargo: Directora\nDomicilio: Av. Juárez 100, Oaxaca\n"
	    "Teléfono: 951 501 0000\n", name, strcmp(from, DEP) == 0 ?
	    "SSO960923M89" : "MOA850101AB1");
	char *raw = h_raw(&f->h, ar, from, MAILBOX, "REGISTRO DEPENDENCIA",
	    body, docs[strcmp(from, DEP) != 0], 2, NULL);

	free(ar);
	free(body);
	return raw;
}

static enum pipe_result
apply(struct fx *f, const char *raw, const char *sha, const char *path,
    char **folder, int64_t *row)
{
	struct incoming in;

	memset(&in, 0, sizeof(in));
	in.uidvalidity = 1;
	in.uid = ++f->h.n + 100;
	in.raw = raw;
	in.len = strlen(raw);
	*folder = NULL;
	return pipeline_guarded(f->p, &in, sha, path, folder, row);
}

/*
 * A failure of the machine in the middle of a command (a document the
 * spool cannot take): rolled back whole, counted; it passes, and the
 * count is forgotten.  One that keeps failing is set aside with a reply.
 */
static void
test_failures_counted_then_set_aside(void **state)
{
	struct fx *f = *state;
	char sha[SPOOL_SHA_HEX], *path, *raw = registration(f, DEP, "Salud"),
	    *folder, *v;
	int64_t row;
	int n;

	assert_int_equal(spool_put(f->h.cfg.spool, "msg", raw, strlen(raw),
	    0600, sha, &path), 0);
	v = xasprintf("spool.write:%d", ENOSPC);
	setenv("TEQUIO_TEST_FAIL", v, 1);
	free(v);
	assert_int_equal(apply(f, raw, sha, path, &folder, &row),
	    PIPE_TEMPFAIL);
	assert_int_equal(store_msg_failures(f->h.st, sha, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(count(f, "SELECT count(*) FROM message"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM wf_account"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox"), 0);
	unsetenv("TEQUIO_TEST_FAIL");
	assert_int_equal(apply(f, raw, sha, path, &folder, &row), PIPE_DONE);
	assert_string_equal(folder, f->h.cfg.processed);
	free(folder);
	assert_int_equal(store_msg_failures(f->h.st, sha, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(count(f, "SELECT count(*) FROM wf_account"), 1);
	free(path);
	free(raw);

	/* Another that fails max_temporary_failures times. */
	f->h.cfg.max_temporary_failures = 2;
	raw = registration(f, OTHER, "Salud Municipal");
	assert_int_equal(spool_put(f->h.cfg.spool, "msg", raw, strlen(raw),
	    0600, sha, &path), 0);
	v = xasprintf("spool.fsync:%d", EIO);
	setenv("TEQUIO_TEST_FAIL", v, 1);
	free(v);
	for (int i = 0; i < 2; i++)
		assert_int_equal(apply(f, raw, sha, path, &folder, &row),
		    PIPE_TEMPFAIL);
	/* The third time it is not run again but set aside, answered. */
	assert_int_equal(apply(f, raw, sha, path, &folder, &row), PIPE_DONE);
	assert_string_equal(folder, f->h.cfg.quarantine);
	free(folder);
	msg_column_is(f, row, "outcome", "quarantined");
	msg_column_is(f, row, "note", "failed 2 times for reasons that "
	    "should have passed");
	assert_int_equal(store_msg_failures(f->h.st, sha, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE rcpt = '"
	    OTHER "'"), 1);
	v = last_queued(f);
	assert_non_null(strstr(v, "No pudimos procesar su mensaje"));
	free(v);
	free(path);
	free(raw);
}

/* A message the process died on max_process_deaths times is set aside
   without being parsed again, its sender read from the raw bytes. */
static void
test_deaths_set_aside_unread(void **state)
{
	struct fx *f = *state;
	char sha[SPOOL_SHA_HEX], *path, *raw = registration(f, DEP, "Salud"),
	    *folder;
	int64_t row;
	int deaths = 0;

	assert_int_equal(spool_put(f->h.cfg.spool, "msg", raw, strlen(raw),
	    0600, sha, &path), 0);
	for (int i = 0; i < f->h.cfg.max_process_deaths; i++) {
		assert_int_equal(store_begin(f->h.st), 0);
		assert_int_equal(store_inflight_bump(f->h.st, sha, &deaths), 0);
		assert_int_equal(store_commit(f->h.st), 0);
	}
	assert_int_equal(apply(f, raw, sha, path, &folder, &row), PIPE_DONE);
	assert_string_equal(folder, f->h.cfg.quarantine);
	free(folder);
	msg_column_is(f, row, "note", "the process died on it 2 times");
	msg_column_is(f, row, "from_addr", DEP);
	/* Not run: no agency registered. */
	assert_int_equal(count(f, "SELECT count(*) FROM wf_account"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM msg_inflight"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE rcpt = '"
	    DEP "'"), 1);
	free(path);
	free(raw);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_answered_once_threaded,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_references_bounded, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unanswered, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_explained,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_spool_failure_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_failures_counted_then_set_aside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deaths_set_aside_unread,
		    setup, teardown),
	};

	log_set_level(LOG_LVL_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
