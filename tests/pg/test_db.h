/*
 * Scratch databases of the C tests on the engine under test: SQLite, or
 * PostgreSQL when KIJUN_TEST_PG holds the base conninfo of the test cluster
 * (tests/pg/cluster.sh, set by ctest for the _pg twins).
 */
#ifndef KJ_TESTS_PG_TEST_DB_H
#define KJ_TESTS_PG_TEST_DB_H

#include <stddef.h>

/* True if the tests run on PostgreSQL (KIJUN_TEST_PG is set). */
int kj_test_pg(void);
/* True if DB is a PostgreSQL URI rather than a SQLite path. */
int kj_test_db_is_pg(const char *db);
/*
 * A fresh, empty database for NAME (e.g. "demo.db"): on SQLite NAME itself,
 * with a leftover file of that name and its -wal, -shm and -journal removed;
 * on PostgreSQL the URI of database kjt_<pid>_<NAME as [a-z0-9_]>, dropped
 * and created anew. The string lives until the process ends (the same for
 * the same NAME). Fails the test when the cluster does not answer.
 */
const char *kj_test_db(const char *name);
/* The URI of database DBNAME (exactly that name, e.g. a template shared by
 * several test processes) on the test cluster into OUT; 0, or -1 when the
 * tests do not run on PostgreSQL or OUT is too short. */
int kj_test_db_uri(const char *dbname, char *out, size_t n);
/* The database of NAME as kj_test_db gives it, left as it is. */
const char *kj_test_db_ref(const char *name);
/* Drops the PostgreSQL database of URI (one of kj_test_db) and creates it
 * anew, empty: what removing the file is to SQLite. Fails the test on error. */
void kj_test_db_reset(const char *uri);
/* Replaces the PostgreSQL database of URI TO (kj_test_db) by a copy of FROM's
 * (CREATE DATABASE ... TEMPLATE; FROM must have no connection); 0 or -1. */
int kj_test_db_copy(const char *from, const char *to);
/* Runs SQL (one or more statements, no parameters) on DB; 0, or -1 with the
 * error on stderr. sqlite3 for a path, libpq for a URI. */
int kj_test_sql(const char *db, const char *sql);
/* The first column of the first row SQL gives on DB, as text, into OUT
 * (NULL as ""); 0, or -1 when there is no row or on error (on stderr). */
int kj_test_sql_text(const char *db, const char *sql, char *out, size_t n);
/* Every row SQL gives on DB: columns joined by '|', NULL as "NULL", each row
 * ended by a newline; malloc'd (free() it). Fails the test on error. */
char *kj_test_sql_rows(const char *db, const char *sql);

#endif
