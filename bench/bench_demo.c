/*
 * Benchmark: generating the demo national dataset (issue: "20,000
 * operators × 90 answers in seconds"). Prints the time of kj_demo_generate
 * for N operators and, as the baseline measured in the same run, the time
 * SQLite itself needs to insert the same number of answer rows with one
 * prepared statement in one transaction: the floor any generator stands on.
 *
 *   bench_demo [OPERATORS]   (default 20000)
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "model/catalog.h"
#include "app/demo.h"
#include "model/reference.h"
#include "store/store.h"
#include "store/store_catalog.h"
#include "store/store_registry.h"
#include "bench_util.h"

static int fresh_db(const char *path, struct kj_store **st)
{
	struct kj_err err;
	struct kj_catalog cat;
	struct kj_prefecture prefs[KJ_PREFECTURES];
	int created;
	unlink(path);
	if (kj_store_open(st, path, KJ_STORE_CREATE, &err) < 0 ||
	    kj_catalog_load_embedded(&cat, &err) < 0 ||
	    kj_store_catalog_put(*st, &cat, &created, &err) < 0 ||
	    kj_reference_prefectures(prefs, &err) < 0) {
		fprintf(stderr, "bench_demo: %s\n", err.msg);
		return -1;
	}
	for (int i = 0; i < KJ_PREFECTURES; i++)
		kj_store_prefecture_put(*st, prefs[i].code, prefs[i].name_ja,
					prefs[i].name_en, &err);
	kj_catalog_free(&cat);
	return 0;
}

/* The baseline: ROWS bare inserts into a table shaped like answer. */
static double baseline(const char *path, long rows)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	unlink(path);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"
		     "CREATE TABLE answer (response_id INTEGER NOT NULL,"
		     " requirement_id INTEGER NOT NULL, level INTEGER, na_reason TEXT,"
		     " note TEXT, PRIMARY KEY (response_id, requirement_id))",
		     NULL, NULL, NULL);
	double t0 = kj_bench_now_s();
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO answer (response_id, requirement_id, level,"
			   " na_reason) VALUES ($1, $2, $3, NULL)", -1, &s, NULL);
	for (long i = 0; i < rows; i++) {
		sqlite3_bind_int64(s, 1, i / 90 + 1);
		sqlite3_bind_int64(s, 2, i % 90 + 1);
		sqlite3_bind_int(s, 3, (int)(i % 5));
		sqlite3_step(s);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	double t = kj_bench_now_s() - t0;
	sqlite3_close(db);
	return t;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 20000;
	if (n < 1 || n > KJ_DEMO_OPERATORS_MAX) {
		fprintf(stderr, "usage: bench_demo [OPERATORS 1..%d]\n", KJ_DEMO_OPERATORS_MAX);
		return 2;
	}
	struct kj_store *st;
	struct kj_err err;
	struct kj_demo_stats stats;
	const char *db = "bench-demo.db", *base = "bench-baseline.db";
	if (fresh_db(db, &st) < 0)
		return 1;
	/*
	 * A day after FY2026's survey closed, so that every operator has
	 * submitted: a full year of answers, as the issue measures.
	 */
	struct kj_demo_opts o = { .operators = n, .seed = 1, .years = 1, .today = "2027-03-31" };
	double t0 = kj_bench_now_s();
	int rc = kj_demo_generate(st, &o, &stats, &err);
	double t = kj_bench_now_s() - t0;
	kj_store_close(st);
	if (rc < 0) {
		fprintf(stderr, "bench_demo: %s\n", err.msg);
		return 1;
	}
	double b = baseline(base, stats.answers);
	printf("demo generation: %ld operators, %ld answers in %.2f s (%.0f answers/s)\n",
	       stats.organisations, stats.answers, t, (double)stats.answers / t);
	printf("baseline (bare SQLite inserts of %ld rows, same run): %.2f s\n",
	       stats.answers, b);
	printf("ratio demo/baseline: %.2f\n", t / b);
	unlink(db);
	unlink(base);
	return 0;
}
