/* Scratch databases of the C tests on SQLite or PostgreSQL: see test_db.h. */
#include <ctype.h>
#include <libpq-fe.h>
#include <setjmp.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "test_db.h"

#define KJT_NAMES 64		/* scratch databases per test process */
#define KJT_NAME_MAX 64		/* a PostgreSQL identifier: 63 bytes */
#define KJT_URI_MAX 512

static struct {
	char name[128];
	char value[KJT_URI_MAX];
} names[KJT_NAMES];
static int nnames;

int kj_test_pg(void)
{
	const char *base = getenv("KIJUN_TEST_PG");
	return base && *base;
}

int kj_test_db_is_pg(const char *db)
{
	return !strncmp(db, "postgresql://", 13) || !strncmp(db, "postgres://", 11);
}

static void rm_sqlite(const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
		char p[4096];
		if (snprintf(p, sizeof p, "%s%s", path, suffix[i]) < (int)sizeof p)
			unlink(p);
	}
}

/* BASE (a URI or key=value conninfo) with its database replaced by DBNAME. */
static int with_dbname(const char *base, const char *dbname, char *out, size_t n)
{
	int len;
	if (kj_test_db_is_pg(base)) {
		const char *host = strstr(base, "://") + 3;
		const char *path = host + strcspn(host, "/?");
		const char *rest = path + strcspn(path, "?");
		len = snprintf(out, n, "%.*s/%s%s", (int)(path - base), base, dbname, rest);
	} else {
		len = snprintf(out, n, "%s dbname=%s", base, dbname);
	}
	return len > 0 && (size_t)len < n ? 0 : -1;
}

/* 0 if R, the result of SQL on C, is a success, else -1 with the error on
 * stderr; R cleared either way. */
static int pg_result_ok(PGconn *c, PGresult *r, const char *sql, const char *what)
{
	ExecStatusType s = PQresultStatus(r);
	int ok = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
	if (!ok)
		fprintf(stderr, "%s: %s: %s", what, sql, PQerrorMessage(c));
	PQclear(r);
	return ok ? 0 : -1;
}

static int pg_exec(PGconn *c, const char *sql, const char *what)
{
	return pg_result_ok(c, PQexec(c, sql), sql, what);
}

/* The server's notices (DROP ... IF EXISTS of a missing database): none. */
static void quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static PGconn *pg_connect(const char *conninfo)
{
	PGconn *c = PQconnectdb(conninfo);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "%s: %s", conninfo, PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeProcessor(c, quiet, NULL);
	return c;
}

/*
 * The last connection of kj_test_sql and its kin, kept for the next call on
 * the same database: each new backend of the server costs it some 30 ms of
 * CPU, and a test reads its database a few hundred times. Autocommit, no
 * session state set; closed before a database is dropped or copied here.
 */
static PGconn *kept;
static char kept_uri[KJT_URI_MAX];

static void kept_close(void)
{
	PQfinish(kept);
	kept = NULL;
	kept_uri[0] = '\0';
}

static PGconn *kept_connect(const char *uri)
{
	if (kept && !strcmp(kept_uri, uri) && PQstatus(kept) == CONNECTION_OK &&
	    PQtransactionStatus(kept) == PQTRANS_IDLE)
		return kept;
	kept_close();
	if (strlen(uri) >= sizeof kept_uri || !(kept = pg_connect(uri)))
		return NULL;
	snprintf(kept_uri, sizeof kept_uri, "%s", uri);
	return kept;
}

/* PQexec of SQL on URI's kept connection; once more on a new connection when
 * the kept one had been closed by the server (a database dropped and created
 * again, DROP ... WITH (FORCE)). NULL if no connection at all. */
static PGresult *kept_exec(const char *uri, const char *sql, PGconn **conn)
{
	for (int tries = 0; tries < 2; tries++) {
		int fresh = !(kept && !strcmp(kept_uri, uri));
		PGconn *c = kept_connect(uri);
		if (!c)
			return NULL;
		PGresult *r = PQexec(c, sql);
		if (PQstatus(c) == CONNECTION_OK || fresh) {
			*conn = c;
			return r;
		}
		PQclear(r);
		kept_close();
	}
	return NULL;
}

/* The slot of NAME, and its value on the engine under test. */
static int slot(const char *name)
{
	int i;
	for (i = 0; i < nnames && strcmp(names[i].name, name); i++)
		;
	if (i < nnames)
		return i;
	if (nnames == KJT_NAMES || strlen(name) >= sizeof names[0].name)
		fail_msg("kj_test_db: too many scratch databases or too long a name: %s", name);
	snprintf(names[i].name, sizeof names[i].name, "%s", name);
	nnames++;
	if (!kj_test_pg()) {
		snprintf(names[i].value, sizeof names[i].value, "%s", name);
		return i;
	}
	char dbname[KJT_NAME_MAX];
	int len = snprintf(dbname, sizeof dbname, "kjt_%ld_", (long)getpid());
	for (const char *p = name; *p && len < (int)sizeof dbname - 1; p++)
		dbname[len++] = isalnum((unsigned char)*p) ? (char)tolower((unsigned char)*p) : '_';
	dbname[len] = '\0';
	const char *base = getenv("KIJUN_TEST_PG");
	if (with_dbname(base, dbname, names[i].value, sizeof names[i].value) < 0)
		fail_msg("kj_test_db: conninfo too long: %s", base);
	return i;
}

int kj_test_db_uri(const char *dbname, char *out, size_t n)
{
	const char *base = getenv("KIJUN_TEST_PG");
	if (!base || !*base)
		return -1;
	return with_dbname(base, dbname, out, n);
}

const char *kj_test_db_ref(const char *name)
{
	return names[slot(name)].value;
}

/* The name of the database of URI (one of kj_test_db) into OUT; 0 or -1. */
static int test_dbname(const char *uri, char out[KJT_NAME_MAX])
{
	out[0] = '\0';
	PQconninfoOption *opts = PQconninfoParse(uri, NULL);
	for (PQconninfoOption *o = opts; o && o->keyword; o++)
		if (!strcmp(o->keyword, "dbname") && o->val)
			snprintf(out, KJT_NAME_MAX, "%s", o->val);
	PQconninfoFree(opts);
	int ok = !strncmp(out, "kjt_", 4);
	for (const char *p = out; ok && *p; p++)
		ok = islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_';
	return ok ? 0 : -1;
}

/*
 * Drops database NAME and creates it anew: empty, or a copy of TEMPLATE.
 * STRATEGY FILE_COPY: the files copied as they are, not written block by
 * block into the WAL (PostgreSQL 15's default), a third of the server's time
 * for a copy of a migrated database; the cluster keeps no WAL worth having.
 */
static int recreate(const char *name, const char *template)
{
	const char *base = getenv("KIJUN_TEST_PG");
	kept_close();
	PGconn *c = pg_connect(base ? base : "");
	if (!c)
		return -1;
	char drop[KJT_NAME_MAX + 48], create[2 * KJT_NAME_MAX + 64];
	snprintf(drop, sizeof drop, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
	if (template)
		snprintf(create, sizeof create, "CREATE DATABASE %s TEMPLATE %s STRATEGY FILE_COPY",
			 name, template);
	else
		snprintf(create, sizeof create, "CREATE DATABASE %s STRATEGY FILE_COPY", name);
	int rc = pg_exec(c, drop, "kj_test_db");
	if (rc == 0)
		rc = pg_exec(c, create, "kj_test_db");
	PQfinish(c);
	return rc;
}

void kj_test_db_reset(const char *uri)
{
	char name[KJT_NAME_MAX];
	if (test_dbname(uri, name) < 0)
		fail_msg("kj_test_db_reset: not a database of kj_test_db: %s", uri);
	if (recreate(name, NULL) < 0)
		fail_msg("kj_test_db: cannot create database %s on the test cluster", name);
}

int kj_test_db_copy(const char *from, const char *to)
{
	char a[KJT_NAME_MAX], b[KJT_NAME_MAX];
	if (test_dbname(from, a) < 0 || test_dbname(to, b) < 0) {
		fprintf(stderr, "kj_test_db_copy: %s, %s: not databases of kj_test_db\n", from, to);
		return -1;
	}
	return recreate(b, a);
}

const char *kj_test_db(const char *name)
{
	const char *db = kj_test_db_ref(name);
	if (kj_test_db_is_pg(db))
		kj_test_db_reset(db);
	else
		rm_sqlite(db);
	return db;
}

int kj_test_sql(const char *db, const char *sql)
{
	if (kj_test_db_is_pg(db)) {
		PGconn *c = NULL;
		PGresult *r = kept_exec(db, sql, &c);
		if (!r && !c)
			return -1;
		return pg_result_ok(c, r, sql, db);
	}
	sqlite3 *h = NULL;
	char *msg = NULL;
	int rc = sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(h, 5000);
		rc = sqlite3_exec(h, sql, NULL, NULL, &msg);
	}
	if (rc != SQLITE_OK)
		fprintf(stderr, "%s: %s: %s\n", db, sql, msg ? msg : h ? sqlite3_errmsg(h) : "no memory");
	sqlite3_free(msg);
	sqlite3_close(h);
	return rc == SQLITE_OK ? 0 : -1;
}

int kj_test_sql_text(const char *db, const char *sql, char *out, size_t n)
{
	int rc = -1;
	if (n)
		out[0] = '\0';
	if (kj_test_db_is_pg(db)) {
		PGconn *c = NULL;
		PGresult *r = kept_exec(db, sql, &c);
		if (!r && !c)
			return -1;
		if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			fprintf(stderr, "%s: %s: %s", db, sql, PQerrorMessage(c));
		} else if (PQntuples(r) > 0 && PQnfields(r) > 0) {
			snprintf(out, n, "%s", PQgetvalue(r, 0, 0));
			rc = 0;
		}
		PQclear(r);
		return rc;
	}
	sqlite3 *h = NULL;
	sqlite3_stmt *s = NULL;
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
		sqlite3_busy_timeout(h, 5000);
	if (!h || sqlite3_errcode(h) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, sql, -1, &s, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: %s: %s\n", db, sql, h ? sqlite3_errmsg(h) : "no memory");
	} else {
		int step = sqlite3_step(s);
		if (step == SQLITE_ROW) {
			const unsigned char *v = sqlite3_column_text(s, 0);
			snprintf(out, n, "%s", v ? (const char *)v : "");
			rc = 0;
		} else if (step != SQLITE_DONE) {
			fprintf(stderr, "%s: %s: %s\n", db, sql, sqlite3_errmsg(h));
		}
	}
	sqlite3_finalize(s);
	sqlite3_close(h);
	return rc;
}

/* Appends S to the growing string *B of length *N. */
static void append(char **b, size_t *n, size_t *cap, const char *s)
{
	size_t len = strlen(s);
	if (*n + len + 1 > *cap) {
		size_t want = 2 * (*n + len + 1);
		char *p = realloc(*b, want);
		if (!p)
			fail_msg("kj_test_sql_rows: out of memory");
		*b = p;
		*cap = want;
	}
	memcpy(*b + *n, s, len + 1);
	*n += len;
}

char *kj_test_sql_rows(const char *db, const char *sql)
{
	char *b = NULL;
	size_t n = 0, cap = 0;
	append(&b, &n, &cap, "");
	if (kj_test_db_is_pg(db)) {
		PGconn *c = NULL;
		PGresult *r = kept_exec(db, sql, &c);
		if (!r && !c)
			fail_msg("kj_test_sql_rows: cannot connect to %s", db);
		if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			fprintf(stderr, "%s: %s: %s", db, sql, PQerrorMessage(c));
			PQclear(r);
			fail_msg("kj_test_sql_rows: %s failed", sql);
		}
		for (int i = 0; i < PQntuples(r); i++) {
			for (int j = 0; j < PQnfields(r); j++) {
				if (j)
					append(&b, &n, &cap, "|");
				append(&b, &n, &cap, PQgetisnull(r, i, j) ? "NULL" : PQgetvalue(r, i, j));
			}
			append(&b, &n, &cap, "\n");
		}
		PQclear(r);
		return b;
	}
	sqlite3 *h = NULL;
	sqlite3_stmt *s = NULL;
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, sql, -1, &s, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: %s: %s\n", db, sql, h ? sqlite3_errmsg(h) : "no memory");
		sqlite3_close(h);
		fail_msg("kj_test_sql_rows: %s failed", sql);
	}
	while (sqlite3_step(s) == SQLITE_ROW) {
		for (int j = 0; j < sqlite3_column_count(s); j++) {
			const unsigned char *v = sqlite3_column_text(s, j);
			if (j)
				append(&b, &n, &cap, "|");
			append(&b, &n, &cap, v ? (const char *)v : "NULL");
		}
		append(&b, &n, &cap, "\n");
	}
	sqlite3_finalize(s);
	sqlite3_close(h);
	return b;
}
