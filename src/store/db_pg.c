/*
 * The PostgreSQL driver (libpq). A connection per store; statements run
 * with their parameters as text, typed by PostgreSQL from where they
 * stand, and read back as text. Write transactions take one advisory lock,
 * so writers follow one another as they do on SQLite: the audit trail's
 * chain, an import of a sector and the registry's generation never
 * interleave, whichever process writes. A lost connection marks the store
 * (kj_store_lost) and is made again by kj_store_reconnect.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "store/db.h"
#include "store/migrations.h"

/* pg_advisory_xact_lock's key of the one writer at a time ("kijun" in ASCII). */
#define WRITE_LOCK_KEY "460367408494"
/* How long a write waits for another writer, as SQLite's busy timeout. */
#define LOCK_TIMEOUT_MS (KJ_STORE_WAIT_S * 1000)
/* PostgreSQL's type oids: boolean (read back as 1 or 0), bigint. */
#define BOOL_OID 16
#define INT8_OID 20

struct pg_stmt {
	struct kj_stmt base;
	char *sql;
	int nparams;
	char *vals[KJ_DB_PARAMS_MAX];
	/* A number bound as one is typed bigint; text and NULL are typed by
	 * PostgreSQL from where they stand (0). */
	Oid types[KJ_DB_PARAMS_MAX];
	/* Slots below it may hold a value: clearing a statement's bindings
	 * frees those, not all KJ_DB_PARAMS_MAX (a statement has a few, and the
	 * empty frees were a twentieth of a web test's CPU under ASan). */
	int nvals;
	PGresult *res;
	int returns_id;		/* an INSERT given " RETURNING id" (see pg_prep) */
	int row;		/* the current row, -1 before the first */
	int ran;
	/* A kept statement is prepared on the server once per connection. */
	char name[24];
	int prepared_in;	/* the store's generation it was prepared in, 0: not */
};

#define CONN(st) ((PGconn *)(st)->conn)
#define PG(stmt) ((struct pg_stmt *)(stmt))

/* The engine's message of the last error; a lock wait or timeout is busy,
 * a broken connection lost. */
static void note_result(struct kj_store *st, const PGresult *r)
{
	const char *msg = r ? PQresultErrorMessage(r) : "";
	if (!msg || !*msg)
		msg = PQerrorMessage(CONN(st));
	kj_strlcpy(st->errmsg, msg && *msg ? msg : "unknown error", sizeof st->errmsg);
	size_t n = strlen(st->errmsg);
	while (n && (st->errmsg[n - 1] == '\n' || st->errmsg[n - 1] == ' '))
		st->errmsg[--n] = '\0';
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (state && (!strcmp(state, "55P03") || !strcmp(state, "40P01") ||
		      !strcmp(state, "40001") || !strcmp(state, "57014")))
		st->busy = 1;
	if (PQstatus(CONN(st)) != CONNECTION_OK ||
	    (state && (!strncmp(state, "08", 2) || !strcmp(state, "57P01") ||
		       !strcmp(state, "57P02") || !strcmp(state, "57P03")))) {
		st->lost = 1;
		st->busy = 1;
	}
}

static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;	/* notices ("already exists, skipping") are not errors */
}

/*
 * Waits for the answers of the writes sent ahead in bulk mode (see
 * pg_step_write) and leaves pipeline mode: 0, or -1 with the first error
 * noted (the transaction has then failed; the caller's statement fails).
 */
static int drain(struct kj_store *st)
{
	if (!st->piped)
		return 0;
	PGconn *c = CONN(st);
	st->piped = 0;
	int failed = PQpipelineSync(c) != 1;
	if (failed)
		note_result(st, NULL);
	while (!failed) {
		PGresult *r = PQgetResult(c);
		if (!r) {
			if (PQstatus(c) != CONNECTION_OK) {
				note_result(st, NULL);
				failed = 1;
			}
			continue;	/* the end of one statement's answer */
		}
		ExecStatusType t = PQresultStatus(r);
		if (t == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			break;
		}
		if (t == PGRES_COMMAND_OK) {
			const char *n = PQcmdTuples(r);
			st->changes = n && *n ? strtoll(n, NULL, 10) : 0;
		} else if (t != PGRES_TUPLES_OK && t != PGRES_PIPELINE_ABORTED && !failed) {
			note_result(st, r);
			failed = 1;
			PQclear(r);
			/* The rest answers PIPELINE_ABORTED up to the sync. */
			while ((r = PQgetResult(c)) || PQstatus(c) == CONNECTION_OK) {
				if (r && PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
					PQclear(r);
					break;
				}
				PQclear(r);
			}
			break;
		}
		PQclear(r);
	}
	PQexitPipelineMode(c);
	return failed ? -1 : 0;
}

static int pg_exec(struct kj_store *st, const char *sql, struct kj_err *err)
{
	/* A write sent ahead failed: every statement fails now, but a rollback. */
	if (drain(st) < 0 && strncmp(sql, "ROLLBACK", 8)) {
		kj_err_set(err, "database error: %s", st->errmsg);
		return -1;
	}
	PGresult *r = PQexec(CONN(st), sql);
	ExecStatusType t = PQresultStatus(r);
	if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK) {
		note_result(st, r);
		kj_err_set(err, "database error: %s", st->errmsg);
		PQclear(r);
		return -1;
	}
	PQclear(r);
	return 0;
}

static int pg_open(struct kj_store *st, int flags, struct kj_err *err)
{
	(void)flags;
	PGconn *c = PQconnectdb(st->spec);
	st->conn = c;
	if (!c || PQstatus(c) != CONNECTION_OK) {
		kj_err_set(err, "cannot connect to database %s: %s", st->shown,
			   c ? PQerrorMessage(c) : "out of memory");
		size_t n = strlen(err ? err->msg : "");
		while (err && n && err->msg[n - 1] == '\n')
			err->msg[--n] = '\0';
		return -1;
	}
	PQsetNoticeProcessor(c, quiet, NULL);
	if (PQsetClientEncoding(c, "UTF8") != 0) {
		kj_err_set(err, "database %s: cannot use UTF-8", st->shown);
		return -1;
	}
	return 0;
}

/* The session's settings; again after each reconnection. */
static int settle(struct kj_store *st, struct kj_err *err)
{
	char sql[256];
	/* No JIT: kijun's queries are short, and compiling one (the coverage's
	 * recursive query) took 0.5 s where running it takes 6 ms. */
	snprintf(sql, sizeof sql, "SET lock_timeout = %d; SET statement_timeout = %d;"
		 " SET default_transaction_read_only = %s; SET TIME ZONE 'UTC'; SET jit = off",
		 LOCK_TIMEOUT_MS, st->serving ? KJ_PG_STATEMENT_TIMEOUT_MS : 0,
		 st->readonly ? "on" : "off");
	return pg_exec(st, sql, err);
}

/*
 * A new kijun database must be UTF-8 and sort text by its bytes (the C
 * collation), as SQLite does: lists come in the same order on both engines.
 */
static int pg_can_create(struct kj_store *st, struct kj_err *err)
{
	drain(st);	/* nothing is sent before a schema exists */
	PGresult *r = PQexec(CONN(st), "SELECT pg_encoding_to_char(encoding), datcollate"
			     " FROM pg_database WHERE datname = current_database()");
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		note_result(st, r);
		PQclear(r);
		kj_err_set(err, "cannot read the database's encoding: %s", st->errmsg);
		return -1;
	}
	const char *enc = PQgetvalue(r, 0, 0), *coll = PQgetvalue(r, 0, 1);
	int ok = !strcmp(enc, "UTF8") && (!strcmp(coll, "C") || !strcmp(coll, "POSIX") ||
					   !strcmp(coll, "C.UTF-8") || !strcmp(coll, "C.utf8"));
	if (!ok)
		kj_err_set(err, "is %s with collation %s; kijun needs UTF8 with collation C "
			   "(createdb -E UTF8 --locale=C -T template0 NAME)", enc, coll);
	PQclear(r);
	return ok ? 0 : -1;
}

static int pg_ready(struct kj_store *st, int flags, struct kj_err *err)
{
	(void)flags;
	return settle(st, err);
}

static void pg_close(struct kj_store *st)
{
	PQfinish(CONN(st));
	st->conn = NULL;
}

static int pg_begin(struct kj_store *st, struct kj_err *err)
{
	if (pg_exec(st, "BEGIN", err) < 0)
		return -1;
	if (pg_exec(st, "SELECT pg_advisory_xact_lock(" WRITE_LOCK_KEY ")", err) < 0) {
		int busy = st->busy;
		pg_exec(st, "ROLLBACK", NULL);
		st->busy = busy;
		return -1;
	}
	return 0;
}

static int pg_begin_read(struct kj_store *st, struct kj_err *err)
{
	return pg_exec(st, "BEGIN ISOLATION LEVEL REPEATABLE READ", err);
}

static int pg_has_table(struct kj_store *st, const char *table, int *yes, struct kj_err *err)
{
	const char *vals[1] = { table };
	*yes = 0;
	if (drain(st) < 0) {
		kj_err_set(err, "cannot read the database: %s", st->errmsg);
		return -1;
	}
	PGresult *r = PQexecParams(CONN(st), table
		? "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema()"
		  " AND table_name = $1"
		: "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema()"
		  " LIMIT 1", table ? 1 : 0, NULL, vals, NULL, NULL, 0);
	*yes = 0;
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		note_result(st, r);
		kj_err_set(err, "cannot read the database: %s", st->errmsg);
		PQclear(r);
		return -1;
	}
	*yes = PQntuples(r) > 0;
	PQclear(r);
	return 0;
}

/* After a bulk load (the demo, a copy), the planner's statistics: without
 * them it takes the new tables for empty until autovacuum comes by (the
 * home page took 4 s instead of 16 ms). Only kijun's tables, those of the
 * schema it uses: a bare ANALYZE also samples the system catalogues, which
 * a load does not change (half of its time after a small demo). */
static int pg_analyze(struct kj_store *st, struct kj_err *err)
{
	return pg_exec(st, "DO $$ DECLARE t TEXT; BEGIN"
		       " SELECT string_agg(format('%I.%I', n.nspname, c.relname), ', ') INTO t"
		       " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
		       " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p');"
		       " IF t IS NOT NULL THEN EXECUTE 'ANALYZE ' || t; END IF; END $$", err);
}

static int pg_bulk_mode(struct kj_store *st, int on, struct kj_err *err)
{
	st->bulk = on;
	return pg_exec(st, on ? "SET synchronous_commit = off" : "SET synchronous_commit = on",
		       err);
}

static void pg_wait_ms(struct kj_store *st, int ms)
{
	char sql[64];
	/* 0 waits for ever in PostgreSQL; SQLite's 0 does not wait at all. */
	snprintf(sql, sizeof sql, "SET lock_timeout = %d", ms < 0 ? LOCK_TIMEOUT_MS : ms ? ms : 1);
	pg_exec(st, sql, NULL);
}

static int pg_reconnect(struct kj_store *st, struct kj_err *err)
{
	if (PQstatus(CONN(st)) == CONNECTION_OK && !st->lost)
		return 0;
	PQreset(CONN(st));
	if (PQstatus(CONN(st)) != CONNECTION_OK) {
		/* libpq's message runs over lines: its first line is enough. */
		char why[KJ_DB_ERRMSG_MAX];
		kj_strlcpy(why, PQerrorMessage(CONN(st)), sizeof why);
		why[strcspn(why, "\n")] = '\0';
		kj_err_set(err, "the database server is not answering: %s", why);
		return -1;
	}
	st->in_tx = 0;
	st->in_write = 0;
	st->generation++;
	if (settle(st, err) < 0)
		return -1;
	st->lost = 0;
	return 0;
}

static const char *pg_phrase(enum kj_db_phrase p)
{
	switch (p) {
	case KJ_DB_CONTAINS:
		return "strpos";
	case KJ_DB_NOT_INDEXED:
		return "";
	}
	return "";
}

/* The identity column of TABLE, if any, goes on after the rows copied into it. */
static int pg_copied(struct kj_store *st, const char *table, struct kj_err *err)
{
	const char *vals[1] = { table };
	if (drain(st) < 0) {
		kj_err_set(err, "database error: %s", st->errmsg);
		return -1;
	}
	PGresult *r = PQexecParams(CONN(st), "SELECT column_name FROM information_schema.columns"
				   " WHERE table_schema = current_schema() AND table_name = $1"
				   " AND is_identity = 'YES'", 1, NULL, vals, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		note_result(st, r);
		PQclear(r);
		kj_err_set(err, "cannot read the columns of %s: %s", table, st->errmsg);
		return -1;
	}
	int rc = 0;
	for (int i = 0; i < PQntuples(r) && rc == 0; i++) {
		char sql[512];
		const char *col = PQgetvalue(r, i, 0);
		snprintf(sql, sizeof sql, "SELECT setval(pg_get_serial_sequence('%s', '%s'),"
			 " COALESCE((SELECT MAX(%s) FROM %s), 0) + 1, false)", table, col, col, table);
		rc = pg_exec(st, sql, err);
	}
	PQclear(r);
	return rc;
}

/*
 * 1 if SQL inserts into a table whose key is numbered ({{ID}} in the
 * migrations): it is then sent with " RETURNING id", and the id comes back
 * with the INSERT, not by a second query (SQLite's last_insert_rowid).
 */
static int inserts_with_id(const char *sql)
{
	if (strncmp(sql, "INSERT INTO ", 12) || strstr(sql, "RETURNING"))
		return 0;
	const char *t = sql + 12;
	size_t n = strcspn(t, " (");
	for (int i = 0; i < kj_nmigrations; i++)
		for (const char *const *q = kj_migrations[i].sql; *q; q++)
			if (!strncmp(*q, "CREATE TABLE ", 13) && !strncmp(*q + 13, t, n) &&
			    !strncmp(*q + 13 + n, " ( id {{ID}}", 12))
				return 1;
	return 0;
}

static int pg_prep(struct kj_store *st, const char *sql, int nparams, struct kj_stmt **out,
		   struct kj_err *err)
{
	*out = NULL;
	struct pg_stmt *q = calloc(1, sizeof *q);
	int with_id = inserts_with_id(sql);
	size_t len = strlen(sql);
	if (q && (q->sql = malloc(len + sizeof " RETURNING id"))) {
		memcpy(q->sql, sql, len + 1);
		if (with_id)
			memcpy(q->sql + len, " RETURNING id", sizeof " RETURNING id");
		q->returns_id = with_id;
	}
	if (!q || !q->sql) {
		free(q);
		kj_err_set(err, "out of memory");
		return -1;
	}
	q->base.st = st;
	q->nparams = nparams;
	q->row = -1;
	*out = &q->base;
	return 0;
}

static void set_val(struct kj_stmt *s, int i, char *v, Oid type)
{
	if (i < 1 || i > KJ_DB_PARAMS_MAX) {
		free(v);
		return;
	}
	free(PG(s)->vals[i - 1]);
	PG(s)->vals[i - 1] = v;
	PG(s)->types[i - 1] = type;
	if (PG(s)->nvals < i)
		PG(s)->nvals = i;
}

static void pg_bind_text(struct kj_stmt *s, int i, const char *v)
{
	set_val(s, i, v ? strdup(v) : NULL, 0);
}

static void pg_bind_int64(struct kj_stmt *s, int i, int64_t v)
{
	char n[24];
	snprintf(n, sizeof n, "%lld", (long long)v);
	set_val(s, i, strdup(n), INT8_OID);
}

static void pg_bind_null(struct kj_stmt *s, int i)
{
	set_val(s, i, NULL, 0);
}

static int pg_step(struct kj_stmt *s)
{
	struct pg_stmt *q = PG(s);
	struct kj_store *st = s->st;
	if (!q->ran && drain(st) < 0)
		return KJ_DB_ERROR;
	if (!q->ran) {
		q->ran = 1;
		q->row = -1;
		if (s->kept && q->prepared_in != st->generation + 1) {
			if (!q->name[0])
				snprintf(q->name, sizeof q->name, "kj%d", ++st->named);
			PGresult *p = PQprepare(CONN(st), q->name, q->sql, q->nparams, q->types);
			int ok = PQresultStatus(p) == PGRES_COMMAND_OK;
			if (!ok)
				note_result(st, p);
			PQclear(p);
			if (!ok)
				return KJ_DB_ERROR;
			q->prepared_in = st->generation + 1;
		}
		if (q->prepared_in)
			q->res = PQexecPrepared(CONN(st), q->name, q->nparams,
						(const char *const *)q->vals, NULL, NULL, 0);
		else
			q->res = PQexecParams(CONN(st), q->sql, q->nparams, q->types,
					      (const char *const *)q->vals, NULL, NULL, 0);
		ExecStatusType t = PQresultStatus(q->res);
		if (t == PGRES_COMMAND_OK) {
			const char *n = PQcmdTuples(q->res);
			st->changes = n && *n ? strtoll(n, NULL, 10) : 0;
		} else if (t != PGRES_TUPLES_OK) {
			note_result(st, q->res);
			PQclear(q->res);
			q->res = NULL;
			return KJ_DB_ERROR;
		} else if (q->returns_id) {
			/* An INSERT: done, its rows counted and its (last) id kept. */
			int n = PQntuples(q->res);
			st->changes = n;
			if (n)
				st->last_id = strtoll(PQgetvalue(q->res, n - 1, 0), NULL, 10);
			return KJ_DB_DONE;
		}
	}
	if (!q->res || PQresultStatus(q->res) != PGRES_TUPLES_OK)
		return KJ_DB_DONE;
	if (q->row + 1 >= PQntuples(q->res)) {
		q->row = PQntuples(q->res);
		return KJ_DB_DONE;
	}
	q->row++;
	return KJ_DB_ROW;
}

static const char *pg_column_text(struct kj_stmt *s, int i)
{
	struct pg_stmt *q = PG(s);
	if (!q->res || q->row < 0 || q->row >= PQntuples(q->res) || i < 0 ||
	    i >= PQnfields(q->res) || PQgetisnull(q->res, q->row, i))
		return NULL;
	const char *v = PQgetvalue(q->res, q->row, i);
	if (PQftype(q->res, i) == BOOL_OID)
		return *v == 't' ? "1" : "0";
	return v;
}

static int64_t pg_column_int64(struct kj_stmt *s, int i)
{
	const char *v = pg_column_text(s, i);
	return v ? strtoll(v, NULL, 10) : 0;
}

static int pg_column_bytes(struct kj_stmt *s, int i)
{
	const char *v = pg_column_text(s, i);
	return v ? (int)strlen(v) : 0;
}

static int pg_column_count(struct kj_stmt *s)
{
	return PG(s)->res ? PQnfields(PG(s)->res) : 0;
}

static const char *pg_column_name(struct kj_stmt *s, int i)
{
	return PG(s)->res ? PQfname(PG(s)->res, i) : NULL;
}

static void pg_reset(struct kj_stmt *s)
{
	PQclear(PG(s)->res);
	PG(s)->res = NULL;
	PG(s)->ran = 0;
	PG(s)->row = -1;
}

static void pg_clear_bindings(struct kj_stmt *s)
{
	for (int i = 0; i < PG(s)->nvals; i++) {
		free(PG(s)->vals[i]);
		PG(s)->vals[i] = NULL;
		PG(s)->types[i] = 0;
	}
	PG(s)->nvals = 0;
}

static void pg_finalize(struct kj_stmt *s)
{
	struct kj_store *st = s->st;
	if (PG(s)->prepared_in == st->generation + 1 && st->conn && !st->lost &&
	    drain(st) == 0) {
		char sql[48];
		snprintf(sql, sizeof sql, "DEALLOCATE %s", PG(s)->name);
		PQclear(PQexec(CONN(st), sql));
	}
	pg_reset(s);
	pg_clear_bindings(s);
	free(PG(s)->sql);
	free(s);
}

static int64_t pg_changes(struct kj_store *st)
{
	drain(st);	/* an error surfaces at the caller's next statement */
	return st->changes;
}

/*
 * A write in bulk mode (the demo, a copy) is sent without waiting for its
 * answer: a run of them costs one round trip, not one each. Its statement
 * must be prepared (kept) already, or carry its text; an INSERT that gives
 * back its id waits as any statement does.
 */
static int pg_step_write(struct kj_stmt *s)
{
	struct pg_stmt *q = PG(s);
	struct kj_store *st = s->st;
	int prepared = q->prepared_in && q->prepared_in == st->generation + 1;
	if (!st->bulk || q->returns_id || (s->kept && !prepared))
		return pg_step(s);
	PGconn *c = CONN(st);
	if (!st->piped && PQenterPipelineMode(c) != 1)
		return pg_step(s);
	st->piped = 1;
	int sent = prepared
		? PQsendQueryPrepared(c, q->name, q->nparams, (const char *const *)q->vals,
				      NULL, NULL, 0)
		: PQsendQueryParams(c, q->sql, q->nparams, q->types,
				    (const char *const *)q->vals, NULL, NULL, 0);
	if (sent != 1) {
		note_result(st, NULL);
		drain(st);
		return KJ_DB_ERROR;
	}
	q->ran = 1;
	return KJ_DB_DONE;
}

static int64_t pg_last_id(struct kj_store *st)
{
	return st->last_id;
}

const struct kj_db_driver kj_db_pg = {
	.engine = KJ_DB_PG,
	.name = "PostgreSQL",
	.open = pg_open,
	.can_create = pg_can_create,
	.ready = pg_ready,
	.close = pg_close,
	.exec = pg_exec,
	.id_column = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
	.integer = "BIGINT",
	.begin = pg_begin,
	.begin_read = pg_begin_read,
	.has_table = pg_has_table,
	.bulk_mode = pg_bulk_mode,
	.analyze = pg_analyze,
	.wait_ms = pg_wait_ms,
	.reconnect = pg_reconnect,
	.phrase = pg_phrase,
	.copied = pg_copied,
	.prep = pg_prep,
	.bind_text = pg_bind_text,
	.bind_int64 = pg_bind_int64,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.step_write = pg_step_write,
	.column_text = pg_column_text,
	.column_int64 = pg_column_int64,
	.column_bytes = pg_column_bytes,
	.column_count = pg_column_count,
	.column_name = pg_column_name,
	.reset = pg_reset,
	.clear_bindings = pg_clear_bindings,
	.finalize = pg_finalize,
	.changes = pg_changes,
	.last_id = pg_last_id,
};
