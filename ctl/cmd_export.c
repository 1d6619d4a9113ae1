/* SPDX-License-Identifier: ISC */
/*
 * cmd_export.c - tequioctl export DIR: the database as CSV files a
 * coordinator opens in a spreadsheet, or an auditor reads.
 *
 * Three files are for people (cuentas.csv, solicitudes.csv,
 * bitacora.csv: Spanish headings, one row per account, application,
 * audited event); then every table of the database as tabla-NAME.csv
 * (store_export.h: all columns but secrets and blobs), so nothing the
 * daemon keeps is invisible to the export; and datos-personales.csv, the
 * data-protection map of every column of every file written.
 *
 * Dates are ISO 8601 in the institution's time zone, never raw Unix
 * times.  Every file starts with a UTF-8 byte-order mark and ends its
 * lines with CRLF (Excel for Windows in Spanish reads nothing else
 * right), and every cell goes through csv_cell: quoted (RFC 4180) and
 * defused against formula injection, because the text came from users.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/caldate.h"
#include "common/csv.h"
#include "common/util.h"
#include "ctl/ctl.h"
#include "store/store.h"
#include "store/store_export.h"
#include "store/store_workflow.h"

/* One file being written, and the columns it got (for the map). */
struct csv_out {
	const char *dir;
	char *name;
	FILE *f;
	struct buf line;
	int first;		/* no cell on this line yet */
	struct ctl_export_cols *cols;
};

static void
cols_add(struct ctl_export_cols *c, const char *file, const char *column)
{
	c->file = xreallocarray(c->file, c->n + 1, sizeof(*c->file));
	c->column = xreallocarray(c->column, c->n + 1, sizeof(*c->column));
	c->file[c->n] = xstrdup(file);
	c->column[c->n] = xstrdup(column);
	c->n++;
}

static void
cols_free(struct ctl_export_cols *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->file[i]);
		free(c->column[i]);
	}
	free(c->file);
	free(c->column);
}

static int
out_open(struct csv_out *o, const char *dir, const char *name,
    struct ctl_export_cols *cols)
{
	char *path = xasprintf("%s/%s", dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	memset(o, 0, sizeof(*o));
	o->f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (o->f == NULL) {
		fprintf(stderr, "tequioctl: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(path);
		return -1;
	}
	free(path);
	o->dir = dir;
	o->name = xstrdup(name);
	o->cols = cols;
	buf_init(&o->line);
	csv_begin(&o->line);
	o->first = 1;
	return 0;
}

/* Flush, sync and close whatever happens; -1 if any write failed. */
static int
out_close(struct csv_out *o)
{
	/* ferror: a write that failed when stdio flushed a full buffer is
	   not reported again by the final fflush. */
	int bad = ferror(o->f) || fflush(o->f) != 0 || fsync(fileno(o->f)) != 0;
	int err = errno;

	if (fclose(o->f) != 0 && !bad) {
		bad = 1;
		err = errno;
	}
	if (bad)
		fprintf(stderr, "tequioctl: %s/%s: %s\n", o->dir, o->name,
		    strerror(err));
	buf_free(&o->line);
	free(o->name);
	return bad ? -1 : 0;
}

static void
put_text(struct csv_out *o, const char *s)
{
	if (!o->first)
		buf_addc(&o->line, ',');
	o->first = 0;
	csv_cell(&o->line, s);
}

static void
put_int(struct csv_out *o, int64_t v)
{
	char b[32];

	snprintf(b, sizeof(b), "%lld", (long long)v);
	put_text(o, b);
}

static void
put_date(struct csv_out *o, int64_t t)
{
	char b[40];

	iso8601_local(t, b, sizeof(b));
	put_text(o, b);
}

static void
put_heading(struct csv_out *o, const char *column)
{
	put_text(o, column);
	cols_add(o->cols, o->name, column);
}

static void
end_line(struct csv_out *o)
{
	buf_adds(&o->line, "\r\n");
	fwrite(o->line.data, 1, o->line.len, o->f);
	buf_reset(&o->line);
	o->first = 1;
}

static void
headings(struct csv_out *o, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put_heading(o, names[i]);
	end_line(o);
}

/* ---- the three files for people ---- */

static int
export_accounts(struct store *st, const char *dir,
    struct ctl_export_cols *cols)
{
	static const char *const h[] = {"id", "rol", "correo", "nombre",
	    "estado", "alta"};
	struct wf_account *a = NULL;
	struct csv_out o;
	size_t n = 0;

	if (store_wf_account_list(st, NULL, &a, &n) != 0)
		return -1;
	if (out_open(&o, dir, "cuentas.csv", cols) != 0) {
		wf_accounts_free(a, n);
		return -1;
	}
	headings(&o, h, ARRAY_LEN(h));
	for (size_t i = 0; i < n; i++) {
		put_int(&o, a[i].id);
		put_text(&o, a[i].role);
		put_text(&o, a[i].email);
		put_text(&o, a[i].name);
		put_text(&o, a[i].state);
		put_date(&o, a[i].created);
		end_line(&o);
	}
	wf_accounts_free(a, n);
	return out_close(&o);
}

static int
export_audit(struct store *st, const char *dir, struct ctl_export_cols *cols)
{
	static const char *const h[] = {"entidad", "id", "evento", "de", "a",
	    "actor", "mensaje", "fecha"};
	struct wf_audit_row *r = NULL;
	struct csv_out o;
	size_t n = 0;

	if (store_wf_audit_list(st, WF__COUNT, 0, &r, &n) != 0)
		return -1;
	if (out_open(&o, dir, "bitacora.csv", cols) != 0) {
		wf_audit_rows_free(r, n);
		return -1;
	}
	headings(&o, h, ARRAY_LEN(h));
	for (size_t i = 0; i < n; i++) {
		put_text(&o, r[i].entity);
		put_int(&o, r[i].entity_id);
		put_text(&o, r[i].event);
		put_text(&o, r[i].from_state);
		put_text(&o, r[i].to_state);
		put_text(&o, r[i].actor);
		put_int(&o, r[i].msg_row);
		put_date(&o, r[i].at);
		end_line(&o);
	}
	wf_audit_rows_free(r, n);
	return out_close(&o);
}

static int
export_applications(struct store *st, const char *dir,
    struct ctl_export_cols *cols)
{
	static const char *const h[] = {"id", "alumno", "programa",
	    "dependencia", "estado", "motivo", "alta"};
	struct wf_application *a = NULL;
	struct csv_out o;
	size_t n = 0;

	if (store_wf_application_list(st, 0, NULL, 0, &a, &n) != 0)
		return -1;
	if (out_open(&o, dir, "solicitudes.csv", cols) != 0) {
		wf_applications_free(a, n);
		return -1;
	}
	headings(&o, h, ARRAY_LEN(h));
	for (size_t i = 0; i < n; i++) {
		put_int(&o, a[i].id);
		put_int(&o, a[i].student_id);
		put_int(&o, a[i].program_id);
		put_int(&o, a[i].agency_id);
		put_text(&o, a[i].state);
		put_text(&o, a[i].motivo);
		put_date(&o, a[i].created);
		end_line(&o);
	}
	wf_applications_free(a, n);
	return out_close(&o);
}

/* ---- every table ---- */

static int
table_row(void *arg, int header, const struct store_cell *c, size_t n)
{
	struct csv_out *o = arg;

	for (size_t i = 0; i < n; i++) {
		if (header) {
			put_heading(o, c[i].column);
			continue;
		}
		switch (c[i].kind) {
		case CELL_NULL:
			put_text(o, "");
			break;
		case CELL_INT:
			put_int(o, c[i].i);
			break;
		case CELL_DATE:
			put_date(o, c[i].i);
			break;
		case CELL_TEXT:
			put_text(o, c[i].text);
			break;
		}
	}
	end_line(o);
	return 0;
}

/* A table name is the schema's, but it becomes a file name: only
   letters, digits and underscores. */
static int
plain_name(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '_'))
			return 0;
	return 1;
}

static int
export_tables(struct store *st, const char *dir, struct ctl_export_cols *cols,
    size_t *written)
{
	char **names = NULL;
	size_t n = 0;
	int rc = 0;

	*written = 0;
	if (store_export_tables(st, &names, &n) != 0)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct csv_out o;
		char *file;

		if (!plain_name(names[i])) {
			fprintf(stderr, "tequioctl: la tabla «%s» no se "
			    "exporta: su nombre no es simple\n", names[i]);
			continue;
		}
		file = xasprintf("tabla-%s.csv", names[i]);
		rc = out_open(&o, dir, file, cols);
		free(file);
		if (rc != 0)
			break;
		rc = store_export_table(st, names[i], table_row, &o);
		if (out_close(&o) != 0)
			rc = -1;
		if (rc == 0)
			(*written)++;
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int
ctl_export(const struct config *cfg, int argc, char **argv)
{
	struct ctl_export_cols cols = {0};
	struct store *st = NULL;
	size_t tables = 0;
	int rc = 3;

	if (argc != 2) {
		fprintf(stderr, "uso: tequioctl export DIRECTORIO\n");
		return 2;
	}
	if (mkdir(argv[1], 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "tequioctl: %s: %s\n", argv[1],
		    strerror(errno));
		return 3;
	}
	if (ctl_open_store(cfg, &st) != 0)
		return 3;
	if (export_accounts(st, argv[1], &cols) != 0 ||
	    export_applications(st, argv[1], &cols) != 0 ||
	    export_audit(st, argv[1], &cols) != 0 ||
	    export_tables(st, argv[1], &cols, &tables) != 0 ||
	    ctl_export_personal_columns(argv[1], &cols) != 0)
		goto out;
	printf("%s: cuentas.csv solicitudes.csv bitacora.csv, %zu tablas "
	    "(tabla-*.csv), datos-personales.csv\n", argv[1], tables);
	rc = 0;
out:
	cols_free(&cols);
	store_close(st);
	return rc;
}
