/*
 * The store: opening a database on its engine (a SQLite path or a
 * PostgreSQL URI), bringing its schema up to date, transactions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "model/catalog.h"
#include "model/safety.h"
#include "store/db.h"
#include "store/migrations.h"

int kj_store_schema_target(void)
{
	return kj_migrations[kj_nmigrations - 1].version;
}

const char *kj_store_engine(struct kj_store *st)
{
	return st->drv->name;
}

int kj_store_is_pg(const char *spec)
{
	return kj_db_spec_is_pg(spec);
}

int kj_store_begin(struct kj_store *st, struct kj_err *err)
{
	if (st->ckpt)
		kj_db_ckpt_begin(st);
	if (st->drv->begin(st, err) < 0) {
		if (st->busy && !st->lost)
			kj_err_set(err, "the database is busy: another writer (an import, or "
				   "another kijun process) did not finish within %d s; nothing "
				   "was changed, try again when it has", KJ_STORE_WAIT_S);
		return -1;
	}
	st->in_tx = 1;
	st->in_write = 1;
	st->generation_moved = 0;
	st->epoch_moved = 0;
	return 0;
}

int kj_store_begin_read(struct kj_store *st, struct kj_err *err)
{
	if (st->drv->begin_read(st, err) < 0)
		return -1;
	st->in_tx = 1;
	return 0;
}

int kj_store_commit(struct kj_store *st, struct kj_err *err)
{
	if (kj_db_exec(st, "COMMIT", err) < 0) {
		kj_store_rollback(st);
		return -1;
	}
	if (st->ckpt && st->in_write)
		kj_db_ckpt_committed(st);
	st->in_tx = 0;
	st->in_write = 0;
	st->generation_moved = 0;
	st->epoch_moved = 0;
	return 0;
}

void kj_store_rollback(struct kj_store *st)
{
	if (st->in_tx)
		kj_db_exec(st, "ROLLBACK", NULL);
	st->in_tx = 0;
	st->in_write = 0;
}

int kj_store_bulk_mode(struct kj_store *st, int on, struct kj_err *err)
{
	return st->drv->bulk_mode(st, on, err);
}

int kj_store_analyze(struct kj_store *st, struct kj_err *err)
{
	return st->drv->analyze ? st->drv->analyze(st, err) : 0;
}

int kj_store_schema_version(struct kj_store *st, int *version, struct kj_err *err)
{
	int yes;
	*version = 0;
	if (st->drv->has_table(st, "schema_migration", &yes, err) < 0)
		return -1;
	if (!yes)
		return 0;
	struct kj_stmt *s;
	if (kj_db_prep(st, "SELECT MAX(version) FROM schema_migration", &s, err) < 0)
		return -1;
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW)
		*version = kj_db_column_int(s, 0);
	kj_db_finalize(s);
	if (rc != KJ_DB_ROW)
		return kj_db_fail(st, err, "cannot read the schema version");
	return 0;
}

static int is_word(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* Runs one DDL statement, {{ID}} and INTEGER spelled as the engine does. */
static int exec_ddl(struct kj_store *st, const char *sql, struct kj_err *err)
{
	struct kj_buf b;
	kj_buf_init(&b, KJ_BUF_DEFAULT_MAX);
	const char *integer = st->drv->integer;
	for (const char *p = sql; *p;) {
		if (!strncmp(p, "{{ID}}", 6)) {
			kj_buf_adds(&b, st->drv->id_column);
			p += 6;
		} else if (integer && !strncmp(p, "INTEGER", 7) &&
			   (p == sql || !is_word(p[-1])) && !is_word(p[7])) {
			kj_buf_adds(&b, integer);
			p += 7;
		} else {
			kj_buf_add(&b, p++, 1);
		}
	}
	if (kj_buf_failed(&b)) {
		kj_buf_free(&b);
		kj_err_set(err, "out of memory");
		return -1;
	}
	int rc = kj_db_exec(st, kj_buf_str(&b), err);
	kj_buf_free(&b);
	return rc;
}

static int migrate(struct kj_store *st, struct kj_err *err)
{
	int have;
	if (kj_store_schema_version(st, &have, err) < 0)
		return -1;
	if (have > kj_store_schema_target()) {
		kj_err_set(err, "the database has schema version %d, newer than this "
			   "kijun (%d): use a newer kijun", have, kj_store_schema_target());
		return -1;
	}
	int at = 0;
	for (int i = 0; i < kj_nmigrations; i++) {
		const struct kj_migration *m = &kj_migrations[i];
		at = m->version;
		if (m->version <= have)
			continue;
		if (kj_store_begin(st, err) < 0)
			return -1;
		/* Another process may have migrated while this one waited. */
		int now_have;
		if (kj_store_schema_version(st, &now_have, err) < 0)
			goto fail;
		if (now_have >= m->version) {
			kj_store_rollback(st);
			have = now_have;
			continue;
		}
		if (have == 0 && kj_db_exec(st, "CREATE TABLE IF NOT EXISTS schema_migration ("
					    "version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
					    " applied_at TEXT NOT NULL)", err) < 0)
			goto fail;
		for (const char *const *q = m->sql; *q; q++)
			if (exec_ddl(st, *q, err) < 0)
				goto fail;
		if (m->fill && m->fill(st, err) < 0)
			goto fail;
		char now[32], v[16];
		kj_now_iso(now);
		snprintf(v, sizeof v, "%d", m->version);
		if (KJ_DB_RUN(st, "INSERT INTO schema_migration (version, name, applied_at)"
			      " VALUES ($1, $2, $3)", err, v, m->name, now) < 0 ||
		    kj_store_commit(st, err) < 0)
			goto fail;
		have = m->version;
	}
	return 0;
fail:
	kj_err_prefix(err, "migration to schema version %d failed", at);
	kj_store_rollback(st);
	return -1;
}

/* The checks of an open database: kijun's, of this kijun's schema. */
static int check_schema(struct kj_store *st, int flags, struct kj_err *err)
{
	const char *spec = st->shown;
	int version, any;
	if (kj_store_schema_version(st, &version, err) < 0) {
		kj_err_prefix(err, "%s is not a kijun database", spec);
		return -1;
	}
	if (version == 0) {
		if (st->drv->has_table(st, NULL, &any, err) < 0)
			return -1;
		if (any) {
			/* Another application's database: never add kijun's schema to it. */
			kj_err_set(err, "%s is not a kijun database (it has tables but no "
				   "kijun schema)", spec);
			return -1;
		}
		if (!(flags & KJ_STORE_CREATE)) {
			/* Only `kijun init` turns a database into a kijun database. */
			kj_err_set(err, "%s is not an initialised kijun database (create it with "
				   "'kijun init --db %s')", spec, spec);
			return -1;
		}
		if (st->drv->can_create && st->drv->can_create(st, err) < 0) {
			kj_err_prefix(err, "database %s", spec);
			return -1;
		}
	}
	if (st->drv->ready(st, flags, err) < 0 || (!st->readonly && migrate(st, err) < 0)) {
		kj_err_prefix(err, "database %s", spec);
		return -1;
	}
	if (st->readonly && version != kj_store_schema_target()) {
		kj_err_set(err, "database %s has schema version %d, this kijun needs %d "
			   "(open it read-write once to migrate)", spec, version,
			   kj_store_schema_target());
		return -1;
	}
	return 0;
}

int kj_store_open(struct kj_store **out, const char *spec, int flags,
		  struct kj_err *err)
{
	*out = NULL;
	if (!spec || !*spec) {
		kj_err_set(err, "no database path given");
		return -1;
	}
	if (strlen(spec) >= KJ_PATH_MAX) {
		kj_err_set(err, "database path too long (%zu bytes, limit %d)", strlen(spec),
			   KJ_PATH_MAX - 1);
		return -1;
	}
	struct kj_store *st = calloc(1, sizeof *st);
	if (!st) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	st->drv = kj_db_spec_is_pg(spec) ? &kj_db_pg : &kj_db_sqlite;
	kj_strlcpy(st->spec, spec, sizeof st->spec);
	kj_db_spec_shown(spec, st->shown, sizeof st->shown);
	st->readonly = (flags & KJ_STORE_READONLY) != 0;
	st->serving = (flags & KJ_STORE_SERVING) != 0;
	if (st->drv->open(st, flags, err) < 0 || check_schema(st, flags, err) < 0) {
		kj_store_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

int kj_store_reader(struct kj_store *st, struct kj_store **out, struct kj_err *err)
{
	if (!st->reader && kj_store_open(&st->reader, st->spec, KJ_STORE_READONLY, err) < 0)
		return -1;
	*out = st->reader;
	return 0;
}

void kj_store_close(struct kj_store *st)
{
	if (!st)
		return;
	kj_db_ckpt_close(st);
	kj_store_close(st->reader);
	free(st->tally_defer);
	if (st->conn) {
		kj_store_rollback(st);
		for (int i = 0; i < KJ_DB_RUN_CACHE; i++)
			kj_db_finalize(st->run[i].s);
		for (int i = 0; i < KJ_DB_SEL_SLOTS; i++)
			kj_db_finalize(st->sel[i]);
		st->drv->close(st);
	}
	for (int i = 0; i < KJ_DB_CATALOG_CACHE; i++)
		if (st->catalogs[i].cat) {
			kj_catalog_free(st->catalogs[i].cat);
			free(st->catalogs[i].cat);
		}
	for (int i = 0; i < KJ_DB_CATALOG_CACHE; i++) {
		free(st->reqcodes[i].ids);
		free(st->reqcodes[i].codes);
	}
	kj_coverage_free(st->coverage);
	free(st->coverage);
	for (int i = 0; i < KJ_DB_BENCH_CACHE; i++)
		free(st->bench[i].rows);
	free(st);
}
