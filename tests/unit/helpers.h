/*
 * Helpers for the unit tests: whole-file reads and writes, copies of the
 * data folder, scratch folders and databases in the test's working
 * directory (a folder under the build tree, see CMakeLists.txt).
 */
#ifndef KJ_TESTS_UNIT_HELPERS_H
#define KJ_TESTS_UNIT_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_db.h"	/* kj_test_db, kj_test_sql: SQLite or PostgreSQL */

#define KJ_STANDARD_DIR KJ_SOURCE_DIR "/data/standard/2026"

/* The whole file at PATH (NUL-terminated, free() it), or NULL. */
char *th_slurp(const char *path, size_t *len);
/* Writes LEN bytes of DATA to PATH, replacing it; 0 or -1. */
int th_write(const char *path, const void *data, size_t len);
/* Copies the file FROM to TO with stdio; 0 or -1. */
int th_copy(const char *from, const char *to);
/* Copies every file of the flat folder FROM into TO (created); 0 or -1. */
int th_copy_dir(const char *from, const char *to);
/* Removes a flat folder and the files in it; missing is fine. */
void th_rmdir(const char *dir);
/* Removes a database file and its -wal, -shm and -journal companions; a
 * PostgreSQL database of kj_test_db is dropped and created anew, empty. */
void th_rm_db(const char *path);
/* Replaces the database TO by a copy of FROM (closed): the file on SQLite,
 * CREATE DATABASE ... TEMPLATE on PostgreSQL. Fails the test on error. */
void th_copy_db(const char *from, const char *to);
/* True if PATH exists. */
int th_exists(const char *path);
/* The permission bits of PATH (e.g. 0600), or -1. */
int th_file_mode(const char *path);

struct kj_store;
/*
 * What `kijun init` does, on a new database at PATH (a SQLite file, removed
 * first, or a database of kj_test_db): create it, store the built-in standard
 * and the prefectures. Fails the test on error.
 */
struct kj_store *th_init_db(const char *path);
/* The one integer that SQL gives on the database DB (a SQLite path or a
 * PostgreSQL URI), read with sqlite3 or libpq directly; -1 if no row. */
long th_sql_long(const char *db, const char *sql);
/* A new database at PATH (as th_init_db) holding the demo of OPERATORS
 * operators over YEARS fiscal years from SEED, made as of TODAY
 * (kj_demo_generate). Fails the test on error. */
void th_demo_db(const char *path, long operators, uint64_t seed, int years, const char *today);

#endif
