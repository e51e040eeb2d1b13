/*
 * Benchmark: registry queries that do not grow with the nation, and the
 * streamed export (issue 9). For demo registries of each size given
 * (default 20,000 and 100,000 operators) it prints:
 *   - the store call behind /registry/{id} (one organisation, any scope) and
 *     behind the API's sector list (a page of 100 of one sector, with its
 *     count), as the mean over many calls, and the ratio largest/smallest
 *     (goal <= 1.2);
 *   - the CSV export as `kijun org export` writes it (a cursor, one snapshot,
 *     streamed to a file) next to, as the baseline measured in the same run,
 *     a one-query export of the same columns through the SQLite C API (goal
 *     <= 1.5x), and the peak memory of each (getrusage maxrss of a child
 *     process that runs only the export; goal < 30 MB);
 *   - the xlsx export's time and peak memory (constant-memory mode).
 *
 *   bench_registry [OPERATORS ...]
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "model/catalog.h"
#include "app/demo.h"
#include "bench_util.h"
#include "model/reference.h"
#include "model/registry.h"
#include "export/registry_out.h"
#include "store/store.h"
#include "store/store_org_list.h"
#include "store/store_catalog.h"
#include "store/store_registry.h"

#define SIZES_MAX 4
#define LOOKUPS 2000
#define PAGES 1000
#define ROUNDS 5
#define SEARCHES 50	/* name searches, and filtered pages, timed per round */

/* --- In a child process: one export, nothing else in its memory ----------- */

static int cursor_next(void *ctx, struct kj_org_record *r)
{
	struct kj_err err;
	return kj_store_org_cursor_next(ctx, r, NULL, &err);
}

/* kijun's export: what `kijun org export` does (cursor, one snapshot). */
static int child_kijun(const char *db, const char *format, const char *out)
{
	struct kj_store *st;
	struct kj_err err;
	struct kj_catalog cat;
	struct kj_org_cursor *cur;
	struct kj_org_scope sc = { NULL, 0, 0, NULL };
	long rows;
	if (kj_store_open(&st, db, KJ_STORE_READONLY, &err) < 0 ||
	    kj_store_catalog_get(st, NULL, &cat, &err) < 0 ||
	    kj_store_begin_read(st, &err) < 0 ||
	    kj_store_org_cursor_open(st, &sc, &cur, &err) < 0) {
		fprintf(stderr, "bench_registry: %s\n", err.msg);
		return 1;
	}
	int rc;
	if (!strcmp(format, "xlsx")) {
		rc = kj_registry_stream_xlsx(out, cursor_next, cur, &cat, &rows, &err);
	} else {
		FILE *f = fopen(out, "w");
		rc = f ? kj_registry_stream_csv(f, cursor_next, cur, &cat, &rows) : -1;
		if (f && fclose(f) != 0)
			rc = -1;
	}
	kj_store_org_cursor_close(cur);
	kj_catalog_free(&cat);
	kj_store_close(st);
	return rc < 0;
}

/* A CSV field as sqlite3's .mode csv quotes it, plus the CRLF kijun writes. */
static void put_field(FILE *f, const char *v, int last)
{
	v = v ? v : "";
	if (strpbrk(v, ",\"\r\n")) {
		fputc('"', f);
		for (; *v; v++) {
			if (*v == '"')
				fputc('"', f);
			fputc(*v, f);
		}
		fputc('"', f);
	} else {
		fputs(v, f);
	}
	fputs(last ? "\r\n" : ",", f);
}

/* The baseline: one query for the same columns, written as CSV. */
static int child_baseline(const char *db, const char *out)
{
	sqlite3 *d;
	sqlite3_stmt *s;
	FILE *f = fopen(out, "w");
	if (!f || sqlite3_open_v2(db, &d, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(d,
		"SELECT o.corporate_number, o.name_ja, o.name_kana,"
		" (SELECT group_concat(sc.name_ja, '、') FROM organisation_sector os"
		"  JOIN sector sc ON sc.code = os.sector_code WHERE os.organisation_id = o.id),"
		" o.size_class, o.core_infra, o.local_gov, o.municipality_code, p.name_ja,"
		" o.ceptoar_member, c.name, c.email, c.phone, o.active,"
		" (SELECT group_concat(om.ministry_code, '、') FROM organisation_ministry om"
		"  WHERE om.organisation_id = o.id)"
		" FROM organisation o LEFT JOIN prefecture p ON p.code = o.prefecture_code"
		" LEFT JOIN organisation_contact c ON c.id = (SELECT MIN(c1.id)"
		"  FROM organisation_contact c1 WHERE c1.organisation_id = o.id)"
		" ORDER BY o.corporate_number", -1, &s, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_registry: baseline query: %s\n", sqlite3_errmsg(d));
		return 1;
	}
	fputs("\xef\xbb\xbf", f);
	int cols = sqlite3_column_count(s);
	for (int i = 0; i < cols; i++)
		put_field(f, sqlite3_column_name(s, i), i == cols - 1);
	while (sqlite3_step(s) == SQLITE_ROW)
		for (int i = 0; i < cols; i++)
			put_field(f, (const char *)sqlite3_column_text(s, i), i == cols - 1);
	sqlite3_finalize(s);
	sqlite3_close(d);
	return fclose(f) != 0;
}

/* Runs this program as "--child WHAT DB OUT": its time and peak memory (MiB). */
static int run_child(const char *self, const char *what, const char *db, const char *out,
		     double *secs, double *mib)
{
	double t0 = kj_bench_now_s();
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execl(self, self, "--child", what, db, out, (char *)NULL);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return -1;
	*secs = kj_bench_now_s() - t0;
	*mib = (double)ru.ru_maxrss / 1024.0;	/* kilobytes on Linux */
	return 0;
}

/* --- Lookups ------------------------------------------------------------- */

struct sizes {
	long n;
	double one_ms, sector_ms, cold_ms, count_ms, search_ms, filter_ms, csv_s, base_s, xlsx_s, csv_mib, base_mib, xlsx_mib;
	long csv_bytes, base_bytes;
};

static long file_size(const char *path)
{
	FILE *f = fopen(path, "r");
	long n = -1;
	if (f && fseek(f, 0, SEEK_END) == 0)
		n = ftell(f);
	if (f)
		fclose(f);
	return n;
}

static int lookups(const char *db, struct sizes *z)
{
	struct kj_store *st;
	struct kj_err err;
	struct kj_catalog cat;
	struct kj_store_counts counts;
	struct kj_org_record *recs = calloc(100, sizeof *recs);
	int64_t ids[100];
	int n;
	long total;
	/* A connection as each of the server's workers opens it. */
	if (!recs || kj_store_open(&st, db, KJ_STORE_SERVING, &err) < 0) {
		free(recs);
		return -1;
	}
	if (kj_store_catalog_get(st, NULL, &cat, &err) < 0 ||
	    kj_store_counts(st, &counts, &err) < 0)
		goto fail;
	/* /registry/{id}: one organisation by id, as the page reads it. */
	uint64_t rng = 42;
	double t0 = kj_bench_now_s();
	for (int i = 0; i < LOOKUPS; i++) {
		rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
		struct kj_org_scope sc = { NULL, 0, (int64_t)(rng >> 33) % counts.organisations + 1,
					   NULL };
		if (kj_store_org_list(st, &sc, 0, recs, ids, 1, &n, &total, &err) < 0 || n != 1)
			goto fail;
	}
	z->one_ms = (kj_bench_now_s() - t0) * 1000.0 / LOOKUPS;
	/*
	 * The API's sector list: the first page of 100 of each sector in turn,
	 * with its total. The first round reads the pages from the file (cold);
	 * the rounds after it are what a serving worker's connection answers
	 * once it has run a while (warm).
	 */
	for (int i = 0; i < PAGES + cat.nsectors; i++) {
		if (i == 0 || i == cat.nsectors)
			t0 = kj_bench_now_s();
		kj_sector_code one[1];
		snprintf(one[0], sizeof one[0], "%s", cat.sectors[i % cat.nsectors].code);
		struct kj_org_scope sc = { (const kj_sector_code *)one, 1, 0, NULL };
		if (kj_store_org_list(st, &sc, 0, recs, ids, 100, &n, &total, &err) < 0)
			goto fail;
		if (i == cat.nsectors - 1)
			z->cold_ms = (kj_bench_now_s() - t0) * 1000.0 / cat.nsectors;
	}
	z->sector_ms = (kj_bench_now_s() - t0) * 1000.0 / PAGES;
	/* Of which the count alone (it reads the sector's index entries). */
	t0 = kj_bench_now_s();
	for (int i = 0; i < PAGES; i++) {
		kj_sector_code one[1];
		snprintf(one[0], sizeof one[0], "%s", cat.sectors[i % cat.nsectors].code);
		struct kj_org_scope sc = { (const kj_sector_code *)one, 1, 0, NULL };
		if (kj_store_org_count(st, &sc, &total, &err) < 0)
			goto fail;
	}
	z->count_ms = (kj_bench_now_s() - t0) * 1000.0 / PAGES;
	/*
	 * /registry?q=…: a name search over the whole registry (first page of
	 * 100 and its total), and a filtered page (prefecture, size, status) as
	 * the list's form asks for them.
	 */
	static const char *const words[] = { "電力", "でんき", "ｶﾞｽ", "銀行", "放送" };
	struct kj_org_scope all = { NULL, 0, 0, NULL };
	struct kj_org_filter f;
	t0 = kj_bench_now_s();
	for (int i = 0; i < SEARCHES; i++) {
		kj_org_filter_init(&f);
		snprintf(f.q, sizeof f.q, "%s", words[i % 5]);
		if (kj_store_org_list_filtered(st, &all, &f, 0, recs, ids, 100, &n, &total,
					       &err) < 0)
			goto fail;
	}
	z->search_ms = (kj_bench_now_s() - t0) * 1000.0 / SEARCHES;
	t0 = kj_bench_now_s();
	for (int i = 0; i < SEARCHES; i++) {
		kj_org_filter_init(&f);
		snprintf(f.prefecture, sizeof f.prefecture, "%02d", i % 47 + 1);
		snprintf(f.size_class, sizeof f.size_class, "%s", i % 2 ? "small" : "medium");
		f.active = 1;
		if (kj_store_org_list_filtered(st, &all, &f, 0, recs, ids, 100, &n, &total,
					       &err) < 0)
			goto fail;
	}
	z->filter_ms = (kj_bench_now_s() - t0) * 1000.0 / SEARCHES;
	kj_catalog_free(&cat);
	kj_store_close(st);
	free(recs);
	return 0;
fail:
	fprintf(stderr, "bench_registry: %s\n", err.msg);
	kj_store_close(st);
	free(recs);
	return -1;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "--child"))
		return !strcmp(argv[2], "baseline") ? child_baseline(argv[3], argv[4])
						    : child_kijun(argv[3], argv[2], argv[4]);
	struct sizes z[SIZES_MAX] = { { .n = 20000 }, { .n = 100000 } };
	int nz = 2;
	if (argc > 1) {
		nz = 0;
		for (int i = 1; i < argc && nz < SIZES_MAX; i++) {
			z[nz].n = strtol(argv[i], NULL, 10);
			if (z[nz].n < 1 || z[nz].n > KJ_DEMO_OPERATORS_MAX) {
				fprintf(stderr, "usage: bench_registry [OPERATORS 1..%d ...]\n",
					KJ_DEMO_OPERATORS_MAX);
				return 2;
			}
			nz++;
		}
	}
	char self[4096];
	ssize_t sl = readlink("/proc/self/exe", self, sizeof self - 1);
	if (sl <= 0)
		return 1;
	self[sl] = '\0';
	/* Every size's database first, so that the lookups can alternate. */
	char db[SIZES_MAX][64];
	for (int i = 0; i < nz; i++) {
		snprintf(db[i], sizeof db[i], "bench-registry-%ld.db", z[i].n);
		double t0 = kj_bench_now_s();
		if (kj_bench_make_db("bench_registry", db[i], z[i].n, 1) < 0)
			return 1;
		printf("registry of %ld operators built in %.1f s\n", z[i].n, kj_bench_now_s() - t0);
		fflush(stdout);
	}
	/* The exports first, while this process is small: a child starts as its copy. */
	for (int i = 0; i < nz; i++) {
		if (run_child(self, "csv", db[i], "bench-export.csv", &z[i].csv_s,
			      &z[i].csv_mib) < 0 ||
		    run_child(self, "baseline", db[i], "bench-baseline.csv", &z[i].base_s,
			      &z[i].base_mib) < 0 ||
		    run_child(self, "xlsx", db[i], "bench-export.xlsx", &z[i].xlsx_s,
			      &z[i].xlsx_mib) < 0) {
			fprintf(stderr, "bench_registry: a measurement failed at %ld operators\n",
				z[i].n);
			return 1;
		}
		z[i].csv_bytes = file_size("bench-export.csv");
		z[i].base_bytes = file_size("bench-baseline.csv");
		printf("%7ld operators: CSV export %.2f s, %.1f MiB peak, %ld bytes;"
		       " baseline one-query export (same run) %.2f s, %.1f MiB peak, %ld bytes;"
		       " ratio %.2f (goal <= 1.5), peak goal < 30 MB\n",
		       z[i].n, z[i].csv_s, z[i].csv_mib, z[i].csv_bytes, z[i].base_s,
		       z[i].base_mib, z[i].base_bytes, z[i].csv_s / z[i].base_s);
		printf("%7ld operators: xlsx export %.2f s, %.1f MiB peak\n", z[i].n, z[i].xlsx_s,
		       z[i].xlsx_mib);
		fflush(stdout);
		unlink("bench-export.csv");
		unlink("bench-baseline.csv");
		unlink("bench-export.xlsx");
	}
	/*
	 * The lookups, ROUNDS times over the sizes in turn; each figure is the
	 * median of its rounds, so that a slow moment of the machine does not
	 * fall on one size only.
	 */
	double one[SIZES_MAX][ROUNDS], sector[SIZES_MAX][ROUNDS], cold[SIZES_MAX][ROUNDS];
	double search[SIZES_MAX][ROUNDS], filter[SIZES_MAX][ROUNDS];
	for (int r = 0; r < ROUNDS; r++)
		for (int i = 0; i < nz; i++) {
			if (lookups(db[i], &z[i]) < 0)
				return 1;
			one[i][r] = z[i].one_ms;
			sector[i][r] = z[i].sector_ms;
			cold[i][r] = z[i].cold_ms;
			search[i][r] = z[i].search_ms;
			filter[i][r] = z[i].filter_ms;
		}
	for (int i = 0; i < nz; i++) {
		z[i].one_ms = kj_bench_median(one[i], ROUNDS);
		z[i].sector_ms = kj_bench_median(sector[i], ROUNDS);
		z[i].cold_ms = kj_bench_median(cold[i], ROUNDS);
		printf("%7ld operators: /registry/{id} %.3f ms, sector list (100 + total) %.3f ms"
		       " warm, %.3f ms cold (the total alone %.3f ms); medians of %d rounds\n",
		       z[i].n, z[i].one_ms, z[i].sector_ms, z[i].cold_ms, z[i].count_ms, ROUNDS);
		z[i].search_ms = kj_bench_median(search[i], ROUNDS);
		z[i].filter_ms = kj_bench_median(filter[i], ROUNDS);
		printf("%7ld operators: /registry?q= name search (100 + total) %.3f ms,"
		       " filtered page (prefecture, size, status) %.3f ms (goal < 20 ms);"
		       " medians of %d rounds\n", z[i].n, z[i].search_ms, z[i].filter_ms, ROUNDS);
	}
	fflush(stdout);
	for (int i = 0; i < nz; i++)
		kj_bench_remove_db(db[i]);
	if (nz > 1) {
		const struct sizes *a = &z[0], *b = &z[nz - 1];
		printf("ratio %ld/%ld operators: /registry/{id} %.2f, sector list %.2f warm"
		       " (goal <= 1.2), %.2f cold\n", b->n, a->n, b->one_ms / a->one_ms,
		       b->sector_ms / a->sector_ms, b->cold_ms / a->cold_ms);
	}
	return 0;
}
