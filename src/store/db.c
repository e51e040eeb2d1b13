/*
 * The store's statements on either engine: each call goes to the driver the
 * store was opened with (db_sqlite.c, db_pg.c), and the helpers every store
 * file shares are written once on top of them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "store/db.h"

int kj_db_spec_is_pg(const char *spec)
{
	return spec && (!strncmp(spec, "postgresql://", 13) || !strncmp(spec, "postgres://", 11));
}

void kj_db_spec_shown(const char *spec, char *out, size_t n)
{
	kj_strlcpy(out, spec, n);
	char *at = strchr(out, '@');
	char *scheme = strstr(out, "://");
	if (at && scheme) {
		char *colon = memchr(scheme + 3, ':', (size_t)(at - scheme - 3));
		if (colon)
			memmove(colon, at, strlen(at) + 1);
	}
	char *pw = strstr(out, "password=");
	if (pw)
		pw[9] = '\0';
}

const char *kj_db_pick(struct kj_store *st, const char *sqlite, const char *pg)
{
	return st->drv->engine == KJ_DB_PG ? pg : sqlite;
}

const char *kj_db_phrase(struct kj_store *st, enum kj_db_phrase p)
{
	return st->drv->phrase(p);
}

int kj_db_fail(struct kj_store *st, struct kj_err *err, const char *what)
{
	const char *msg = st->errmsg[0] ? st->errmsg : "unknown error";
	kj_err_set(err, "%s: %s", what, msg);
	/* A server's request then answers 500 or 503 without saying why: the
	 * operator reads it here (its first line: the engine's own words). */
	if (st->serving)
		kj_log_error("database error: %s: %.*s", what, (int)strcspn(msg, "\n"), msg);
	return -1;
}

int kj_store_take_busy(struct kj_store *st)
{
	int busy = st->busy;
	st->busy = 0;
	return busy;
}

int kj_store_lost(struct kj_store *st)
{
	return st->lost;
}

int kj_store_reconnect(struct kj_store *st, struct kj_err *err)
{
	return st->drv->reconnect(st, err);
}

void kj_store_wait_ms(struct kj_store *st, int ms)
{
	st->drv->wait_ms(st, ms);
}

int kj_db_params(const char *sql, int *count, struct kj_err *err)
{
	/*
	 * SQLite numbers "$N" parameters by first appearance, PostgreSQL by N:
	 * the two agree only when $1, $2, ... first appear in order. A statement
	 * written otherwise would bind the wrong values, so it is refused.
	 */
	int next = 1;
	for (const char *p = sql; *p; p++) {
		if (*p == '\'') {
			p = strchr(p + 1, '\'');
			if (!p)
				break;
			continue;
		}
		if (*p != '$' || p[1] < '0' || p[1] > '9')
			continue;
		char *end;
		long n = strtol(p + 1, &end, 10);
		if (n > next || n > KJ_DB_PARAMS_MAX) {
			kj_err_set(err, "internal error: SQL parameter %d is $%ld", next, n);
			return -1;
		}
		if (n == next)
			next++;
		p = end - 1;
	}
	*count = next - 1;
	return 0;
}

int kj_db_prep(struct kj_store *st, const char *sql, struct kj_stmt **out,
	       struct kj_err *err)
{
	int n;
	*out = NULL;
	if (kj_db_params(sql, &n, err) < 0)
		return -1;
	return st->drv->prep(st, sql, n, out, err);
}

void kj_db_bind_text(struct kj_stmt *s, int i, const char *v)
{
	s->st->drv->bind_text(s, i, v);
}

void kj_db_bind_text_kept(struct kj_stmt *s, int i, const char *v)
{
	if (s->st->drv->bind_text_kept)
		s->st->drv->bind_text_kept(s, i, v);
	else
		s->st->drv->bind_text(s, i, v);
}

void kj_db_bind_int64(struct kj_stmt *s, int i, int64_t v)
{
	s->st->drv->bind_int64(s, i, v);
}

void kj_db_bind_int(struct kj_stmt *s, int i, int v)
{
	s->st->drv->bind_int64(s, i, v);
}

void kj_db_bind_null(struct kj_stmt *s, int i)
{
	s->st->drv->bind_null(s, i);
}

int kj_db_step(struct kj_stmt *s)
{
	return s->st->drv->step(s);
}

const char *kj_db_column_text(struct kj_stmt *s, int i)
{
	return s->st->drv->column_text(s, i);
}

int64_t kj_db_column_int64(struct kj_stmt *s, int i)
{
	return s->st->drv->column_int64(s, i);
}

int kj_db_column_int(struct kj_stmt *s, int i)
{
	return (int)s->st->drv->column_int64(s, i);
}

int kj_db_column_bytes(struct kj_stmt *s, int i)
{
	return s->st->drv->column_bytes(s, i);
}

int kj_db_column_count(struct kj_stmt *s)
{
	return s->st->drv->column_count(s);
}

const char *kj_db_column_name(struct kj_stmt *s, int i)
{
	return s->st->drv->column_name(s, i);
}

void kj_db_reset(struct kj_stmt *s)
{
	if (s)
		s->st->drv->reset(s);
}

void kj_db_clear_bindings(struct kj_stmt *s)
{
	s->st->drv->clear_bindings(s);
}

void kj_db_finalize(struct kj_stmt *s)
{
	if (s)
		s->st->drv->finalize(s);
}

int64_t kj_db_changes(struct kj_store *st)
{
	return st->drv->changes(st);
}

int64_t kj_db_last_id(struct kj_store *st)
{
	return st->drv->last_id(st);
}

int kj_db_exec(struct kj_store *st, const char *sql, struct kj_err *err)
{
	/* A rollback (to a savepoint too) may take the generation's move back. */
	if (!strncmp(sql, "ROLLBACK", 8)) {
		st->generation_moved = 0;
		st->epoch_moved = 0;
	}
	return st->drv->exec(st, sql, err);
}

int kj_db_step_done(struct kj_store *st, struct kj_stmt *s, struct kj_err *err,
		    const char *what)
{
	int rc = st->drv->step_write ? st->drv->step_write(s) : kj_db_step(s);
	if (rc != KJ_DB_DONE && rc != KJ_DB_ROW) {
		kj_db_fail(st, err, what);
		kj_db_reset(s);
		return -1;
	}
	kj_db_reset(s);
	return 0;
}

struct kj_stmt *kj_db_kept(struct kj_store *st, const char *sql, struct kj_err *err)
{
	for (int i = 0; i < KJ_DB_RUN_CACHE; i++)
		if (st->run[i].sql == sql) {
			kj_db_reset(st->run[i].s);
			kj_db_clear_bindings(st->run[i].s);
			return st->run[i].s;
		}
	struct kj_stmt *s;
	if (kj_db_prep(st, sql, &s, err) < 0)
		return NULL;
	s->kept = 1;
	int k = st->run_next;
	st->run_next = (k + 1) % KJ_DB_RUN_CACHE;
	kj_db_finalize(st->run[k].s);
	st->run[k].sql = sql;
	st->run[k].s = s;
	return s;
}

int kj_db_run(struct kj_store *st, const char *sql, struct kj_err *err,
	      int n, const char *const *args)
{
	struct kj_stmt *s = kj_db_kept(st, sql, err);
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		kj_db_bind_text(s, i + 1, args[i]);
	return kj_db_step_done(st, s, err, "cannot write to the database");
}

int kj_db_registry_changed(struct kj_store *st, struct kj_err *err)
{
	/*
	 * Once a transaction is enough: readers compare generations across
	 * commits. (On PostgreSQL, 20,000 updates of the one row in one
	 * transaction each walk the versions the ones before left: quadratic.)
	 */
	/* This connection's counts are stale at once, whatever the generation. */
	for (int i = 0; i < KJ_DB_COUNT_CACHE; i++)
		st->counts[i].sector[0] = '\0';
	if (st->in_tx && st->generation_moved)
		return 0;
	if (kj_db_run(st, "UPDATE registry_generation SET generation = generation + 1"
		      " WHERE id = 1", err, 0, NULL) < 0)
		return -1;
	st->generation_moved = st->in_tx;
	return 0;
}

int kj_db_registry_generation(struct kj_store *st, int64_t *generation, struct kj_err *err)
{
	struct kj_stmt *s = kj_db_kept(st, "SELECT generation FROM registry_generation"
				       " WHERE id = 1", err);
	if (!s)
		return -1;
	int rc = kj_db_step(s);
	*generation = rc == KJ_DB_ROW ? kj_db_column_int64(s, 0) : 0;
	kj_db_reset(s);
	if (rc != KJ_DB_ROW)
		return kj_db_fail(st, err, "cannot read the registry's generation");
	return 0;
}

int kj_db_version_id(struct kj_store *st, const char *version, int64_t *id,
		     char digest[65], struct kj_err *err)
{
	*id = 0;
	/* Kept prepared: every catalog view asks it (each form of an import). */
	struct kj_stmt *s = kj_db_kept(st, version
		       ? "SELECT id, digest FROM standard_version WHERE version = $1"
		       : "SELECT id, digest FROM standard_version"
			 " ORDER BY effective_on DESC, id DESC LIMIT 1", err);
	if (!s)
		return -1;
	if (version)
		kj_db_bind_text(s, 1, version);
	int rc = kj_db_step(s);
	if (rc == KJ_DB_ROW) {
		*id = kj_db_column_int64(s, 0);
		if (digest)
			kj_db_col(s, 1, digest, 65);
	} else if (rc != KJ_DB_DONE) {
		kj_db_fail(st, err, "cannot read versions");
	}
	kj_db_reset(s);
	return rc == KJ_DB_ROW || rc == KJ_DB_DONE ? 0 : -1;
}

int kj_db_version_need(struct kj_store *st, const char *version, int64_t *id,
		       struct kj_err *err)
{
	if (kj_db_version_id(st, version, id, NULL, err) < 0)
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

void kj_db_col(struct kj_stmt *s, int i, char *out, size_t n)
{
	const char *v = kj_db_column_text(s, i);
	kj_strlcpy(out, v ? v : "", n);
}
