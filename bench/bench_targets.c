/*
 * Benchmark: saving a page of target marks (issue 10, goal under 100 ms at
 * 20,000 operators). For demo registries of each size given (default 20,000
 * and 100,000 operators) it prints, as the median of ROUNDS saves of the
 * first page (KJ_TARGET_PAGE operators) of the largest sector, half of them
 * ticked and the half flipped every round so that every save writes:
 *   - kijun's save: the use case kj_app_targets_save (parse and check the
 *     ids, check them against the sector in one query, write with the audit
 *     entry, one transaction), on a connection opened as the server opens
 *     its workers';
 *   - the reads behind the page (kj_app_targets_view: the year's figures, the
 *     page of operators with their marks and 新規 flags, the changes since the
 *     year before), for the record;
 *   - the baseline, measured in the same run: a plain SQL write of the same
 *     rows through the SQLite C API (one prepared INSERT or DELETE a row, in
 *     one transaction), with no checks and no audit entry.
 *
 *   bench_targets [OPERATORS ...]
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/demo.h"
#include "app/targets.h"
#include "bench_util.h"
#include "model/catalog.h"
#include "model/reference.h"
#include "store/store.h"
#include "store/store_catalog.h"
#include "store/store_registry.h"

#define SIZES_MAX 4
#define ROUNDS 21
#define FY 2026

/* The sector with the most operators, and the first page of its ids. */
static int first_page(struct kj_store *st, const struct kj_catalog *cat, const char **sector,
		      long *total, int64_t *ids, int *n)
{
	struct kj_err err;
	static struct kj_target_row rows[KJ_TARGET_PAGE];
	*total = -1;
	for (int i = 0; i < cat->nsectors; i++) {
		struct kj_target_scope ts = { FY, cat->sectors[i].code, NULL };
		struct kj_target_counts c;
		if (kj_store_target_counts(st, &ts, &c, &err) < 0)
			goto fail;
		if (c.total > *total) {
			*total = c.total;
			*sector = cat->sectors[i].code;
		}
	}
	struct kj_target_scope ts = { FY, *sector, NULL };
	long matching;
	if (kj_store_target_page(st, &ts, 0, 0, rows, KJ_TARGET_PAGE, n, &matching, &err) < 0)
		goto fail;
	for (int i = 0; i < *n; i++)
		ids[i] = rows[i].id;
	return 0;
fail:
	fprintf(stderr, "bench_targets: %s\n", err.msg);
	return -1;
}

/* ROUNDS saves through the use case: the median in ms. */
static int bench_kijun(const char *path, const struct kj_catalog *cat, const char *sector,
		       const int64_t *ids, int n, double *ms)
{
	struct kj_store *st;
	struct kj_err err;
	if (kj_store_open(&st, path, KJ_STORE_SERVING, &err) < 0) {
		fprintf(stderr, "bench_targets: %s\n", err.msg);
		return -1;
	}
	static char text[KJ_TARGET_PAGE][24];
	const char *shown[KJ_TARGET_PAGE], *marked[KJ_TARGET_PAGE];
	char fy[8];
	snprintf(fy, sizeof fy, "%d", FY);
	for (int i = 0; i < n; i++) {
		snprintf(text[i], sizeof text[i], "%lld", (long long)ids[i]);
		shown[i] = text[i];
	}
	const struct kj_actor actor = { NULL, 0, "bench" };
	double t[ROUNDS];
	for (int r = 0; r < ROUNDS; r++) {
		int nm = 0;
		for (int i = 0; i < n; i++)
			if ((i + r) % 2)
				marked[nm++] = shown[i];
		struct kj_target_marks m = { fy, sector, NULL, shown, n, marked, nm, 0 };
		struct kj_target_done done;
		struct kj_target_refusal why;
		double t0 = 1e3 * kj_bench_now_s();
		if (kj_app_targets_save(st, &actor, cat, FY, &m, &done, &why, &err) < 0 ||
		    why.fault) {
			fprintf(stderr, "bench_targets: save failed: %s\n",
				why.fault ? why.ja : err.msg);
			kj_store_close(st);
			return -1;
		}
		t[r] = 1e3 * kj_bench_now_s() - t0;
	}
	kj_store_close(st);
	*ms = kj_bench_median(t, ROUNDS);
	return 0;
}

/* ROUNDS reads of the page's data: the median in ms. */
static int bench_view(const char *path, const char *sector, double *ms)
{
	struct kj_store *st;
	struct kj_err err;
	static struct kj_target_view v;
	struct kj_target_scope ts = { FY, sector, NULL };
	double t[ROUNDS];
	if (kj_store_open(&st, path, KJ_STORE_SERVING, &err) < 0)
		goto fail;
	for (int r = 0; r < ROUNDS; r++) {
		double t0 = 1e3 * kj_bench_now_s();
		if (kj_app_targets_view(st, &ts, 0, 1 + r % 3, &v, &err) < 0) {
			kj_store_close(st);
			goto fail;
		}
		t[r] = 1e3 * kj_bench_now_s() - t0;
	}
	kj_store_close(st);
	*ms = kj_bench_median(t, ROUNDS);
	return 0;
fail:
	fprintf(stderr, "bench_targets: %s\n", err.msg);
	return -1;
}

/* ROUNDS plain writes of the same rows through the SQLite C API: the median. */
static int bench_baseline(const char *path, const char *sector, const int64_t *ids, int n,
			  double *ms)
{
	sqlite3 *d;
	sqlite3_stmt *ins = NULL, *del = NULL;
	int ok = sqlite3_open_v2(path, &d, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
		 sqlite3_exec(d, "PRAGMA foreign_keys=ON", NULL, NULL, NULL) == SQLITE_OK &&
		 sqlite3_prepare_v2(d, "INSERT INTO target (fiscal_year, sector_code,"
				    " organisation_id) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
				    -1, &ins, NULL) == SQLITE_OK &&
		 sqlite3_prepare_v2(d, "DELETE FROM target WHERE fiscal_year = ?1"
				    " AND sector_code = ?2 AND organisation_id = ?3",
				    -1, &del, NULL) == SQLITE_OK;
	double t[ROUNDS];
	for (int r = 0; ok && r < ROUNDS; r++) {
		double t0 = 1e3 * kj_bench_now_s();
		ok = sqlite3_exec(d, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK;
		for (int i = 0; ok && i < n; i++) {
			sqlite3_stmt *s = (i + r + 1) % 2 ? ins : del;
			sqlite3_bind_int(s, 1, FY);
			sqlite3_bind_text(s, 2, sector, -1, SQLITE_STATIC);
			sqlite3_bind_int64(s, 3, ids[i]);
			ok = sqlite3_step(s) == SQLITE_DONE;
			sqlite3_reset(s);
		}
		ok = ok && sqlite3_exec(d, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
		t[r] = 1e3 * kj_bench_now_s() - t0;
	}
	if (!ok)
		fprintf(stderr, "bench_targets: baseline: %s\n", sqlite3_errmsg(d));
	sqlite3_finalize(ins);
	sqlite3_finalize(del);
	sqlite3_close(d);
	if (!ok)
		return -1;
	*ms = kj_bench_median(t, ROUNDS);
	return 0;
}

int main(int argc, char **argv)
{
	long sizes[SIZES_MAX] = { 20000, 100000 };
	int nz = 2;
	if (argc > 1) {
		nz = 0;
		for (int i = 1; i < argc && nz < SIZES_MAX; i++) {
			char *end;
			long v = strtol(argv[i], &end, 10);
			if (*end || v < 100 || v > KJ_DEMO_OPERATORS_MAX) {
				fprintf(stderr, "usage: bench_targets [OPERATORS ...] (100..%d)\n",
					KJ_DEMO_OPERATORS_MAX);
				return 2;
			}
			sizes[nz++] = v;
		}
	}
	struct kj_catalog cat;
	struct kj_err err;
	if (kj_catalog_load_embedded(&cat, &err) < 0) {
		fprintf(stderr, "bench_targets: %s\n", err.msg);
		return 1;
	}
	int rc = 0;
	printf("saving a page of target marks (median of %d saves, FY%d)\n", ROUNDS, FY);
	printf("%10s %8s %6s %12s %12s %7s %12s\n", "operators", "sector", "rows", "kijun_ms",
	       "baseline_ms", "ratio", "view_ms");
	for (int z = 0; z < nz && !rc; z++) {
		char path[64];
		snprintf(path, sizeof path, "bench_targets_%ld.db", sizes[z]);
		struct kj_store *st;
		const char *sector = NULL;
		long total;
		int64_t ids[KJ_TARGET_PAGE];
		int n;
		double k, base, view;
		if (kj_bench_make_db("bench_targets", path, sizes[z], 2) < 0 ||
		    kj_store_open(&st, path, 0, &err) < 0) {
			rc = 1;
			break;
		}
		rc = first_page(st, &cat, &sector, &total, ids, &n);
		kj_store_close(st);
		if (rc || bench_kijun(path, &cat, sector, ids, n, &k) < 0 ||
		    bench_baseline(path, sector, ids, n, &base) < 0 ||
		    bench_view(path, sector, &view) < 0) {
			rc = 1;
			break;
		}
		printf("%10ld %8s %6d %12.2f %12.2f %7.2f %12.2f\n", sizes[z], sector, n, k, base,
		       base > 0 ? k / base : 0.0, view);
		printf("  (%s: %ld operators in the sector; goal: kijun under 100 ms)\n", sector,
		       total);
		kj_bench_remove_db(path);
	}
	kj_catalog_free(&cat);
	return rc;
}
