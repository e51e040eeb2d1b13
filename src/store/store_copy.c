/*
 * Copying a database: the tables in the order the migrations created them
 * (a table refers only to tables made before it), each row's columns as
 * text, inserted in batches of rows with bound parameters. Numbers and
 * text come back out of either engine as they went in, so the audit
 * trail's hashes hold on the copy.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "store/db.h"
#include "store/migrations.h"
#include "store/store_copy.h"

/* Rows of one INSERT, at most (fewer when the columns are many). */
#define COPY_BATCH_ROWS 64
#define COPY_COLS_MAX 64

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* The tables that migrations create, in order, schema_migration first. */
static int schema_tables(struct kj_copy_stats *stats, struct kj_err *err)
{
	stats->ntables = 0;
	kj_strlcpy(stats->t[stats->ntables++].name, "schema_migration", KJ_COPY_TABLE_NAME_MAX);
	for (int i = 0; i < kj_nmigrations; i++)
		for (const char *const *q = kj_migrations[i].sql; *q; q++) {
			if (strncmp(*q, "CREATE TABLE ", 13))
				continue;
			const char *p = *q + 13;
			size_t n = 0;
			while (name_char(p[n]))
				n++;
			if (!n || n >= KJ_COPY_TABLE_NAME_MAX || stats->ntables >= KJ_COPY_TABLES_MAX) {
				kj_err_set(err, "internal error: table %d of the schema", stats->ntables);
				return -1;
			}
			memcpy(stats->t[stats->ntables].name, p, n);
			stats->t[stats->ntables++].name[n] = '\0';
		}
	return 0;
}

static int count_rows(struct kj_store *st, const char *table, long *n, struct kj_err *err)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
	struct kj_stmt *s;
	if (kj_db_prep(st, sql, &s, err) < 0)
		return -1;
	int rc = kj_db_step(s);
	*n = rc == KJ_DB_ROW ? (long)kj_db_column_int64(s, 0) : 0;
	kj_db_finalize(s);
	if (rc != KJ_DB_ROW)
		return kj_db_fail(st, err, "cannot count rows");
	return 0;
}

/* "INSERT INTO t (c1, …) VALUES ($1, …), …" for ROWS rows of the columns of S. */
static int insert_sql(struct kj_buf *b, const char *table, struct kj_stmt *s, int ncols,
		      int rows)
{
	kj_buf_reset(b);
	kj_buf_printf(b, "INSERT INTO %s (", table);
	for (int c = 0; c < ncols; c++)
		kj_buf_printf(b, "%s%s", c ? ", " : "", kj_db_column_name(s, c));
	kj_buf_adds(b, ") VALUES ");
	for (int r = 0, k = 1; r < rows; r++) {
		kj_buf_adds(b, r ? ", (" : "(");
		for (int c = 0; c < ncols; c++)
			kj_buf_printf(b, "%s$%d", c ? ", " : "", k++);
		kj_buf_addc(b, ')');
	}
	return kj_buf_failed(b) ? -1 : 0;
}

/*
 * Runs the batch of ROWS rows held in VALS (owned, freed here). A full
 * batch's statement is prepared once and kept in *FULL for the table's next
 * ones (preparing a statement of a few hundred parameters costs SQLite time
 * that grows with their square); the last, shorter one gets its own.
 */
static int flush(struct kj_store *to, struct kj_buf *b, const char *table,
		 struct kj_stmt *src, int ncols, char **vals, int rows, struct kj_stmt **full,
		 int per, struct kj_err *err)
{
	struct kj_stmt *own = NULL, **ins = rows == per ? full : &own;
	int rc = -1;
	if (!*ins && insert_sql(b, table, src, ncols, rows) < 0)
		kj_err_set(err, "out of memory");
	else if (*ins || kj_db_prep(to, kj_buf_str(b), ins, err) == 0) {
		for (int i = 0; i < rows * ncols; i++)
			kj_db_bind_text(*ins, i + 1, vals[i]);
		rc = kj_db_step_done(to, *ins, err, "cannot copy rows");
		if (rc < 0)
			kj_err_prefix(err, "table %s", table);
	}
	kj_db_finalize(own);
	for (int i = 0; i < rows * ncols; i++) {
		free(vals[i]);
		vals[i] = NULL;
	}
	return rc;
}

static int copy_table(struct kj_store *from, struct kj_store *to, const char *table,
		      long *copied, struct kj_err *err)
{
	char sql[128];
	snprintf(sql, sizeof sql, "DELETE FROM %s", table);
	if (kj_db_exec(to, sql, err) < 0)
		return -1;
	/* In the order of the table's first column: its key, or the key's first part. */
	snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY 1", table);
	struct kj_stmt *s, *full = NULL;
	if (kj_db_prep(from, sql, &s, err) < 0)
		return -1;
	struct kj_buf b;
	kj_buf_init(&b, KJ_BUF_DEFAULT_MAX);
	char *vals[KJ_DB_PARAMS_MAX] = { NULL };
	int ncols = 0, per = 1, rows = 0, rc;
	while ((rc = kj_db_step(s)) == KJ_DB_ROW) {
		if (!ncols) {
			ncols = kj_db_column_count(s);
			if (ncols < 1 || ncols > COPY_COLS_MAX) {
				kj_err_set(err, "table %s has %d columns", table, ncols);
				goto fail;
			}
			per = KJ_DB_PARAMS_MAX / ncols;
			if (per > COPY_BATCH_ROWS)
				per = COPY_BATCH_ROWS;
		}
		for (int c = 0; c < ncols; c++) {
			const char *v = kj_db_column_text(s, c);
			if (v && !(vals[rows * ncols + c] = strdup(v))) {
				kj_err_set(err, "out of memory");
				goto fail;
			}
		}
		(*copied)++;
		if (++rows == per) {
			if (flush(to, &b, table, s, ncols, vals, rows, &full, per, err) < 0)
				goto fail;
			rows = 0;
		}
	}
	if (rc != KJ_DB_DONE) {
		kj_db_fail(from, err, "cannot read rows");
		kj_err_prefix(err, "table %s", table);
		goto fail;
	}
	if (rows && flush(to, &b, table, s, ncols, vals, rows, &full, per, err) < 0)
		goto fail;
	kj_db_finalize(full);
	kj_db_finalize(s);
	kj_buf_free(&b);
	return to->drv->copied ? to->drv->copied(to, table, err) : 0;
fail:
	for (int i = 0; i < KJ_DB_PARAMS_MAX; i++)
		free(vals[i]);
	kj_db_finalize(full);
	kj_db_finalize(s);
	kj_buf_free(&b);
	return -1;
}

/* The rows the migrations write themselves (registry_generation's one). */
static int seeded(const char *table)
{
	return !strcmp(table, "schema_migration") || !strcmp(table, "registry_generation");
}

int kj_store_copy(struct kj_store *from, struct kj_store *to, struct kj_copy_stats *stats,
		  struct kj_err *err)
{
	memset(stats, 0, sizeof *stats);
	if (schema_tables(stats, err) < 0)
		return -1;
	for (int i = 0; i < stats->ntables; i++) {
		long n;
		if (seeded(stats->t[i].name))
			continue;
		if (count_rows(to, stats->t[i].name, &n, err) < 0)
			return -1;
		if (n) {
			kj_err_set(err, "the target database is not empty (table %s has %ld "
				   "rows): a copy goes only into a new, empty database",
				   stats->t[i].name, n);
			return -1;
		}
	}
	if (kj_store_begin_read(from, err) < 0)
		return -1;
	int rc = 0;
	for (int i = 0; i < stats->ntables && rc == 0; i++)
		rc = copy_table(from, to, stats->t[i].name, &stats->rows, err);
	for (int i = 0; i < stats->ntables && rc == 0; i++)
		if (count_rows(from, stats->t[i].name, &stats->t[i].from_rows, err) < 0 ||
		    count_rows(to, stats->t[i].name, &stats->t[i].to_rows, err) < 0)
			rc = -1;
	kj_store_rollback(from);
	return rc;
}
