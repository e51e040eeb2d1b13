/*
 * The SQLite driver: one file, WAL journal, foreign keys on, a busy
 * timeout, and prepared statements with bound parameters only.
 */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/limits.h"
#include "store/db.h"

#define BUSY_TIMEOUT_MS (KJ_STORE_WAIT_S * 1000)

struct sq_stmt {
	struct kj_stmt base;
	sqlite3_stmt *s;
};

#define DB(st) ((sqlite3 *)(st)->conn)
#define SQ(stmt) (((struct sq_stmt *)(stmt))->s)

/* Keeps the engine's message of the last error; marks a lock wait that ran out. */
static void note_error(struct kj_store *st)
{
	int code = sqlite3_errcode(DB(st)) & 0xff;
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		st->busy = 1;
	kj_strlcpy(st->errmsg, sqlite3_errmsg(DB(st)), sizeof st->errmsg);
}

static int sq_open(struct kj_store *st, int flags, struct kj_err *err)
{
	const char *path = st->spec;
	struct stat sb;
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
	int oflags = (flags & KJ_STORE_READONLY) ? SQLITE_OPEN_READONLY
		   : SQLITE_OPEN_READWRITE | ((flags & KJ_STORE_CREATE) ? SQLITE_OPEN_CREATE : 0);
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
	st->conn = db;
	if (rc != SQLITE_OK) {
		kj_err_set(err, "cannot open database %s: %s", path,
			   db ? sqlite3_errmsg(db) : "out of memory");
		return -1;
	}
	sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(db, 1);
	return 0;
}

static int sq_exec(struct kj_store *st, const char *sql, struct kj_err *err);

/* Once the file is known to be kijun's (or empty, to become it). */
static int sq_ready(struct kj_store *st, int flags, struct kj_err *err)
{
	char cache[48];
	snprintf(cache, sizeof cache, "PRAGMA cache_size=-%d", KJ_STORE_CACHE_KIB);
	if (sq_exec(st, "PRAGMA foreign_keys=ON", err) < 0 ||
	    ((flags & KJ_STORE_SERVING) && sq_exec(st, cache, err) < 0) ||
	    (!st->readonly && sq_exec(st, "PRAGMA journal_mode=WAL", err) < 0))
		return -1;
	return 0;
}

static void sq_close(struct kj_store *st)
{
	sqlite3_close(DB(st));
	st->conn = NULL;
}

static int sq_exec(struct kj_store *st, const char *sql, struct kj_err *err)
{
	char *msg = NULL;
	if (sqlite3_exec(DB(st), sql, NULL, NULL, &msg) != SQLITE_OK) {
		note_error(st);
		kj_err_set(err, "database error: %s", msg ? msg : "unknown");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int sq_begin(struct kj_store *st, struct kj_err *err)
{
	return sq_exec(st, "BEGIN IMMEDIATE", err);
}

static int sq_begin_read(struct kj_store *st, struct kj_err *err)
{
	return sq_exec(st, "BEGIN", err);
}

static int sq_has_table(struct kj_store *st, const char *table, int *yes, struct kj_err *err)
{
	sqlite3_stmt *s;
	*yes = 0;
	if (sqlite3_prepare_v2(DB(st), table
			       ? "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1"
			       : "SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1",
			       -1, &s, NULL) != SQLITE_OK) {
		note_error(st);
		kj_err_set(err, "cannot read the database: %s", st->errmsg);
		return -1;
	}
	if (table)
		sqlite3_bind_text(s, 1, table, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		note_error(st);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		kj_err_set(err, "cannot read the database: %s", st->errmsg);
		return -1;
	}
	*yes = rc == SQLITE_ROW;
	return 0;
}

static int sq_bulk_mode(struct kj_store *st, int on, struct kj_err *err)
{
	if (!on)
		return sq_exec(st, "PRAGMA synchronous=NORMAL", err);
	return sq_exec(st, "PRAGMA synchronous=OFF", err);
}

static void sq_wait_ms(struct kj_store *st, int ms)
{
	sqlite3_busy_timeout(DB(st), ms < 0 ? BUSY_TIMEOUT_MS : ms);
}

static int sq_reconnect(struct kj_store *st, struct kj_err *err)
{
	(void)st;
	(void)err;
	return 0;	/* a file is never lost */
}

static const char *sq_phrase(enum kj_db_phrase p)
{
	switch (p) {
	case KJ_DB_CONTAINS:
		return "instr";
	case KJ_DB_NOT_INDEXED:
		return " NOT INDEXED";
	}
	return "";
}

static int sq_prep(struct kj_store *st, const char *sql, int nparams, struct kj_stmt **out,
		   struct kj_err *err)
{
	(void)nparams;	/* SQLite counts them itself */
	*out = NULL;
	struct sq_stmt *q = calloc(1, sizeof *q);
	if (!q) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	q->base.st = st;
	if (sqlite3_prepare_v2(DB(st), sql, -1, &q->s, NULL) != SQLITE_OK) {
		note_error(st);
		kj_err_set(err, "database error: %s", st->errmsg);
		free(q);
		return -1;
	}
	*out = &q->base;
	return 0;
}

static void sq_bind_text(struct kj_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(SQ(s), i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(SQ(s), i);
}

static void sq_bind_text_kept(struct kj_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(SQ(s), i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(SQ(s), i);
}

static void sq_bind_int64(struct kj_stmt *s, int i, int64_t v)
{
	sqlite3_bind_int64(SQ(s), i, v);
}

static void sq_bind_null(struct kj_stmt *s, int i)
{
	sqlite3_bind_null(SQ(s), i);
}

static int sq_step(struct kj_stmt *s)
{
	int rc = sqlite3_step(SQ(s));
	if (rc == SQLITE_ROW)
		return KJ_DB_ROW;
	if (rc == SQLITE_DONE)
		return KJ_DB_DONE;
	note_error(s->st);
	return KJ_DB_ERROR;
}

static const char *sq_column_text(struct kj_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(SQ(s), i);
}

static int64_t sq_column_int64(struct kj_stmt *s, int i)
{
	return sqlite3_column_int64(SQ(s), i);
}

static int sq_column_bytes(struct kj_stmt *s, int i)
{
	return sqlite3_column_bytes(SQ(s), i);
}

static int sq_column_count(struct kj_stmt *s)
{
	return sqlite3_column_count(SQ(s));
}

static const char *sq_column_name(struct kj_stmt *s, int i)
{
	return sqlite3_column_name(SQ(s), i);
}

static void sq_reset(struct kj_stmt *s)
{
	sqlite3_reset(SQ(s));
}

static void sq_clear_bindings(struct kj_stmt *s)
{
	sqlite3_clear_bindings(SQ(s));
}

static void sq_finalize(struct kj_stmt *s)
{
	sqlite3_finalize(SQ(s));
	free(s);
}

static int64_t sq_changes(struct kj_store *st)
{
	return sqlite3_changes(DB(st));
}

static int64_t sq_last_id(struct kj_store *st)
{
	return sqlite3_last_insert_rowid(DB(st));
}

const struct kj_db_driver kj_db_sqlite = {
	.engine = KJ_DB_SQLITE,
	.name = "SQLite",
	.open = sq_open,
	.ready = sq_ready,
	.close = sq_close,
	.exec = sq_exec,
	.id_column = "INTEGER PRIMARY KEY",
	.begin = sq_begin,
	.begin_read = sq_begin_read,
	.has_table = sq_has_table,
	.bulk_mode = sq_bulk_mode,
	.wait_ms = sq_wait_ms,
	.reconnect = sq_reconnect,
	.phrase = sq_phrase,
	.prep = sq_prep,
	.bind_text = sq_bind_text,
	.bind_text_kept = sq_bind_text_kept,
	.bind_int64 = sq_bind_int64,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.column_text = sq_column_text,
	.column_int64 = sq_column_int64,
	.column_bytes = sq_column_bytes,
	.column_count = sq_column_count,
	.column_name = sq_column_name,
	.reset = sq_reset,
	.clear_bindings = sq_clear_bindings,
	.finalize = sq_finalize,
	.changes = sq_changes,
	.last_id = sq_last_id,
};
