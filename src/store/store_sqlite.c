/*
 * The SQLite driver of the store. WAL journal, foreign keys on, a busy
 * timeout, and prepared statements with bound parameters only. Parameters
 * are written $1, $2, ... in order of first use, which both SQLite and
 * PostgreSQL accept.
 */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/limits.h"
#include "store/migrations.h"
#include "store/store_org_priv.h"
#include "store/sqlite_priv.h"

#define BUSY_TIMEOUT_MS 5000
#define ID_SQLITE "INTEGER PRIMARY KEY"


int kj_sq_fail(struct kj_store *st, struct kj_err *err, const char *what)
{
	int code = sqlite3_errcode(st->db) & 0xff;
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		st->busy = 1;
	kj_err_set(err, "%s: %s", what, sqlite3_errmsg(st->db));
	return -1;
}

int kj_store_take_busy(struct kj_store *st)
{
	int busy = st->busy;
	st->busy = 0;
	return busy;
}

void kj_store_wait_ms(struct kj_store *st, int ms)
{
	sqlite3_busy_timeout(st->db, ms < 0 ? BUSY_TIMEOUT_MS : ms);
}

int kj_sq_prep(struct kj_store *st, const char *sql, sqlite3_stmt **out,
		struct kj_err *err)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK)
		return kj_sq_fail(st, err, "database error");
	/*
	 * SQLite numbers "$N" parameters by first appearance, PostgreSQL by N:
	 * the two agree only when $1, $2, ... first appear in order. A statement
	 * written otherwise would bind the wrong values, so it is refused.
	 */
	int n = sqlite3_bind_parameter_count(*out);
	for (int i = 1; i <= n; i++) {
		const char *name = sqlite3_bind_parameter_name(*out, i);
		char want[16];
		snprintf(want, sizeof want, "$%d", i);
		if (!name || strcmp(name, want)) {
			/* The message first: NAME belongs to the statement. */
			kj_err_set(err, "internal error: SQL parameter %d is %s, not %s", i,
				   name ? name : "unnamed", want);
			sqlite3_finalize(*out);
			*out = NULL;
			return -1;
		}
	}
	return 0;
}

void kj_sq_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

/* Runs a statement that returns no rows. */
int kj_sq_step_done(struct kj_store *st, sqlite3_stmt *s, struct kj_err *err,
		     const char *what)
{
	int rc = sqlite3_step(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		kj_sq_fail(st, err, what);
		sqlite3_reset(s);
		return -1;
	}
	sqlite3_reset(s);
	return 0;
}

/* Executes one DDL statement, expanding {{ID}}. */
static int exec_script(struct kj_store *st, const char *sql, struct kj_err *err)
{
	struct kj_buf b;
	kj_buf_init(&b, KJ_BUF_DEFAULT_MAX);
	const char *p = sql, *q;
	while ((q = strstr(p, "{{ID}}"))) {
		if (kj_buf_add(&b, p, (size_t)(q - p)) || kj_buf_adds(&b, ID_SQLITE))
			goto oom;
		p = q + 6;
	}
	if (kj_buf_adds(&b, p))
		goto oom;
	char *msg = NULL;
	if (sqlite3_exec(st->db, kj_buf_str(&b), NULL, NULL, &msg) != SQLITE_OK) {
		kj_err_set(err, "database error: %s", msg ? msg : "unknown");
		sqlite3_free(msg);
		kj_buf_free(&b);
		return -1;
	}
	kj_buf_free(&b);
	return 0;
oom:
	kj_buf_free(&b);
	kj_err_set(err, "out of memory");
	return -1;
}

int kj_sq_exec(struct kj_store *st, const char *sql, struct kj_err *err)
{
	char *msg = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		kj_err_set(err, "database error: %s", msg ? msg : "unknown");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int kj_store_schema_target(void)
{
	return kj_migrations[kj_nmigrations - 1].version;
}

int kj_store_begin(struct kj_store *st, struct kj_err *err)
{
	if (kj_sq_exec(st, "BEGIN IMMEDIATE", err) < 0)
		return -1;
	st->in_tx = 1;
	return 0;
}

int kj_store_begin_read(struct kj_store *st, struct kj_err *err)
{
	if (kj_sq_exec(st, "BEGIN", err) < 0)
		return -1;
	st->in_tx = 1;
	return 0;
}

int kj_store_commit(struct kj_store *st, struct kj_err *err)
{
	if (kj_sq_exec(st, "COMMIT", err) < 0) {
		kj_store_rollback(st);
		return -1;
	}
	st->in_tx = 0;
	return 0;
}

void kj_store_rollback(struct kj_store *st)
{
	if (st->in_tx)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_tx = 0;
}

int kj_store_bulk_mode(struct kj_store *st, int on, struct kj_err *err)
{
	return kj_sq_exec(st, on ? "PRAGMA synchronous=OFF" : "PRAGMA synchronous=NORMAL",
		     err);
}

int kj_store_schema_version(struct kj_store *st, int *version, struct kj_err *err)
{
	sqlite3_stmt *s;
	*version = 0;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT name FROM sqlite_master WHERE type = 'table'"
			       " AND name = 'schema_migration'", -1, &s, NULL) != SQLITE_OK)
		return kj_sq_fail(st, err, "cannot read the database");
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return kj_sq_fail(st, err, "cannot read the database");
	if (kj_sq_prep(st, "SELECT MAX(version) FROM schema_migration", &s, err) < 0)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		*version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return 0;
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
		if (have == 0 && kj_sq_exec(st, "CREATE TABLE IF NOT EXISTS schema_migration ("
				       "version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
				       " applied_at TEXT NOT NULL)", err) < 0)
			goto fail;
		for (const char *const *q = m->sql; *q; q++)
			if (exec_script(st, *q, err) < 0)
				goto fail;
		sqlite3_stmt *s;
		if (kj_sq_prep(st, "INSERT INTO schema_migration (version, name, applied_at)"
			 " VALUES ($1, $2, $3)", &s, err) < 0)
			goto fail;
		char now[32];
		kj_now_iso(now);
		sqlite3_bind_int(s, 1, m->version);
		kj_sq_bind_text(s, 2, m->name);
		kj_sq_bind_text(s, 3, now);
		int rc = kj_sq_step_done(st, s, err, "cannot record migration");
		sqlite3_finalize(s);
		if (rc < 0 || kj_store_commit(st, err) < 0)
			goto fail;
		have = m->version;
	}
	return 0;
fail:
	kj_err_prefix(err, "migration to schema version %d failed", at);
	kj_store_rollback(st);
	return -1;
}

/* True if the database has any table at all. */
static int has_tables(struct kj_store *st)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM sqlite_master WHERE type = 'table'"
			       " LIMIT 1", -1, &s, NULL) != SQLITE_OK)
		return 1;
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc != SQLITE_DONE;
}

int kj_store_open(struct kj_store **out, const char *path, int flags,
		  struct kj_err *err)
{
	*out = NULL;
	struct stat sb;
	if (!path || !*path) {
		kj_err_set(err, "no database path given");
		return -1;
	}
	if (strlen(path) >= KJ_PATH_MAX) {
		kj_err_set(err, "database path too long (%zu bytes, limit %d)", strlen(path),
			   KJ_PATH_MAX - 1);
		return -1;
	}
	if (stat(path, &sb) < 0) {
		if (!(flags & KJ_STORE_CREATE)) {
			kj_err_set(err, "database %s does not exist (create it with "
				   "'kijun init --db %s')", path, path);
			return -1;
		}
		/*
		 * The database holds password hashes and the registry: only its
		 * owner may read it. SQLite gives the WAL and shared-memory files
		 * the database file's mode, so creating it 0600 covers all three.
		 */
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0) {
			kj_err_set(err, "cannot open database %s: %s", path, strerror(errno));
			return -1;
		}
		close(fd);
	} else if (!S_ISREG(sb.st_mode)) {
		kj_err_set(err, "database %s is not a regular file", path);
		return -1;
	}
	struct kj_store *st = calloc(1, sizeof *st);
	if (!st) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int oflags = (flags & KJ_STORE_READONLY) ? SQLITE_OPEN_READONLY
		   : SQLITE_OPEN_READWRITE | ((flags & KJ_STORE_CREATE) ? SQLITE_OPEN_CREATE : 0);
	st->readonly = (flags & KJ_STORE_READONLY) != 0;
	if (sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		kj_err_set(err, "cannot open database %s: %s", path,
			   st->db ? sqlite3_errmsg(st->db) : "out of memory");
		kj_store_close(st);
		return -1;
	}
	if (kj_sq_search_register(st->db) < 0) {
		kj_err_set(err, "cannot open database %s: %s", path, sqlite3_errmsg(st->db));
		kj_store_close(st);
		return -1;
	}
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(st->db, 1);
	int version;
	if (kj_store_schema_version(st, &version, err) < 0) {
		kj_err_prefix(err, "%s is not a kijun database", path);
		kj_store_close(st);
		return -1;
	}
	if (version == 0 && has_tables(st)) {
		/* Another application's database: never add kijun's schema to it. */
		kj_err_set(err, "%s is not a kijun database (it has tables but no "
			   "kijun schema)", path);
		kj_store_close(st);
		return -1;
	}
	if (version == 0 && !(flags & KJ_STORE_CREATE)) {
		/* Only `kijun init` turns a file into a kijun database. */
		kj_err_set(err, "%s is not an initialised kijun database (create it with "
			   "'kijun init --db %s')", path, path);
		kj_store_close(st);
		return -1;
	}
	char cache[48];
	snprintf(cache, sizeof cache, "PRAGMA cache_size=-%d", KJ_STORE_CACHE_KIB);
	if (kj_sq_exec(st, "PRAGMA foreign_keys=ON", err) < 0 ||
	    ((flags & KJ_STORE_SERVING) && kj_sq_exec(st, cache, err) < 0) ||
	    (!st->readonly && kj_sq_exec(st, "PRAGMA journal_mode=WAL", err) < 0) ||
	    (!st->readonly && migrate(st, err) < 0)) {
		kj_err_prefix(err, "database %s", path);
		kj_store_close(st);
		return -1;
	}
	if (st->readonly && version != kj_store_schema_target()) {
		kj_err_set(err, "database %s has schema version %d, this kijun needs %d "
			   "(open it read-write once to migrate)", path, version,
			   kj_store_schema_target());
		kj_store_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

void kj_store_close(struct kj_store *st)
{
	if (!st)
		return;
	kj_store_rollback(st);
	for (int i = 0; i < KJ_SQ_RUN_CACHE; i++)
		sqlite3_finalize(st->run[i].s);
	for (int i = 0; i < KJ_SQ_SEL_SLOTS; i++)
		sqlite3_finalize(st->sel[i]);
	sqlite3_close(st->db);
	free(st);
}

/* --- Shared by the driver's files ------------------------------------- */

/* The statement kept for the literal SQL, reset and unbound (prepared on first use). */
sqlite3_stmt *kj_sq_kept(struct kj_store *st, const char *sql, struct kj_err *err)
{
	for (int i = 0; i < KJ_SQ_RUN_CACHE; i++)
		if (st->run[i].sql == sql) {
			sqlite3_reset(st->run[i].s);
			sqlite3_clear_bindings(st->run[i].s);
			return st->run[i].s;
		}
	sqlite3_stmt *s;
	if (kj_sq_prep(st, sql, &s, err) < 0)
		return NULL;
	int k = st->run_next;
	st->run_next = (k + 1) % KJ_SQ_RUN_CACHE;
	sqlite3_finalize(st->run[k].s);
	st->run[k].sql = sql;
	st->run[k].s = s;
	return s;
}

/* Runs SQL with text parameters (NULL binds NULL); returns the step result. */
int kj_sq_run(struct kj_store *st, const char *sql, struct kj_err *err,
	       int n, const char *const *args)
{
	sqlite3_stmt *s = kj_sq_kept(st, sql, err);
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		kj_sq_bind_text(s, i + 1, args[i]);
	return kj_sq_step_done(st, s, err, "cannot write to the database");
}
int64_t kj_sq_last_id(struct kj_store *st)
{
	return sqlite3_last_insert_rowid(st->db);
}

int kj_sq_registry_changed(struct kj_store *st, struct kj_err *err)
{
	return kj_sq_run(st, "UPDATE registry_generation SET generation = generation + 1"
			 " WHERE id = 1", err, 0, NULL);
}

int kj_sq_registry_generation(struct kj_store *st, int64_t *generation, struct kj_err *err)
{
	sqlite3_stmt *s = kj_sq_kept(st, "SELECT generation FROM registry_generation"
				     " WHERE id = 1", err);
	if (!s)
		return -1;
	int rc = sqlite3_step(s);
	*generation = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return kj_sq_fail(st, err, "cannot read the registry's generation");
	return 0;
}

int kj_sq_version_id(struct kj_store *st, const char *version, int64_t *id,
		     char digest[65], struct kj_err *err)
{
	sqlite3_stmt *s;
	*id = 0;
	if (kj_sq_prep(st, version
		 ? "SELECT id, digest FROM standard_version WHERE version = $1"
		 : "SELECT id, digest FROM standard_version"
		   " ORDER BY effective_on DESC, id DESC LIMIT 1", &s, err) < 0)
		return -1;
	if (version)
		kj_sq_bind_text(s, 1, version);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		if (digest)
			kj_strlcpy(digest, (const char *)sqlite3_column_text(s, 1), 65);
	} else if (rc != SQLITE_DONE) {
		kj_sq_fail(st, err, "cannot read versions");
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int kj_sq_version_need(struct kj_store *st, const char *version, int64_t *id,
		       struct kj_err *err)
{
	if (kj_sq_version_id(st, version, id, NULL, err) < 0)
		return -1;
	if (*id == 0) {
		if (version)
			kj_err_set(err, "no standard version \"%s\" in the database", version);
		else
			kj_err_set(err, "the database holds no standard version");
		return -1;
	}
	return 0;
}

void kj_sq_col(sqlite3_stmt *s, int i, char *out, size_t n)
{
	const char *v = (const char *)sqlite3_column_text(s, i);
	kj_strlcpy(out, v ? v : "", n);
}
