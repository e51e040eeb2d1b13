/* The benchmarks' shared pieces (bench_util.h). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "app/demo.h"
#include "bench_util.h"
#include "model/catalog.h"
#include "model/reference.h"
#include "store/store.h"
#include "store/store_catalog.h"
#include "store/store_registry.h"

double kj_bench_now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double kj_bench_median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return v[n / 2];
}

void kj_bench_remove_db(const char *path)
{
	char p[320];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

int kj_bench_make_db(const char *prog, const char *path, long operators, int years)
{
	struct kj_store *st;
	struct kj_err err;
	struct kj_catalog cat;
	struct kj_prefecture prefs[KJ_PREFECTURES];
	struct kj_demo_stats stats;
	int created;
	kj_bench_remove_db(path);
	if (kj_store_open(&st, path, KJ_STORE_CREATE, &err) < 0)
		goto fail_open;
	if (kj_catalog_load_embedded(&cat, &err) < 0)
		goto fail;
	int rc = kj_store_catalog_put(st, &cat, &created, &err);
	kj_catalog_free(&cat);
	if (rc < 0 || kj_reference_prefectures(prefs, &err) < 0)
		goto fail;
	for (int i = 0; i < KJ_PREFECTURES; i++)
		if (kj_store_prefecture_put(st, prefs[i].code, prefs[i].name_ja,
					    prefs[i].name_en, &err) < 0)
			goto fail;
	struct kj_demo_opts o = { .operators = operators, .seed = 1, .years = years,
				  .today = "2027-03-31" };
	if (kj_demo_generate(st, &o, &stats, &err) < 0)
		goto fail;
	kj_store_close(st);
	return 0;
fail:
	kj_store_close(st);
fail_open:
	fprintf(stderr, "%s: %s\n", prog, err.msg);
	return -1;
}
