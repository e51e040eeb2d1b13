/* The benchmark's statistics; see bench.h and docs/metrics.md. */
#include <math.h>
#include <stdlib.h>

#include "model/bench.h"

/* The I-th (0-based) applicable answer of L in level order. */
static int level_at(const struct kj_levels *l, long i)
{
	for (int k = 0; k < KJ_LEVELS; k++) {
		if (i < l->n[k])
			return k;
		i -= l->n[k];
	}
	return KJ_LEVELS - 1;
}

int kj_bench_quantile_levels(const struct kj_levels *l, double p, double *q)
{
	long n = kj_levels_applicable(l);
	*q = 0;
	if (n <= 0 || p < 0 || p > 1)
		return 0;
	double h = (double)(n - 1) * p, fl = floor(h);
	long i = (long)fl;
	int lo = level_at(l, i), hi = i + 1 < n ? level_at(l, i + 1) : lo;
	*q = lo + (h - fl) * (hi - lo);
	return 1;
}

int kj_bench_quantile_sorted(const double *v, size_t n, double p, double *q)
{
	*q = 0;
	if (n == 0 || p < 0 || p > 1)
		return 0;
	double h = (double)(n - 1) * p, fl = floor(h);
	size_t i = (size_t)fl;
	double lo = v[i], hi = i + 1 < n ? v[i + 1] : lo;
	*q = lo + (h - fl) * (hi - lo);
	return 1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

void kj_bench_sort(double *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_double);
}

static void set_interval(struct kj_bench_change *c, double centre, double half)
{
	c->low = centre - half;
	c->high = centre + half;
	c->called = c->low > 0 || c->high < 0;
}

int kj_bench_prop_change(long x1, long n1, long x2, long n2, struct kj_bench_change *c)
{
	c->change = c->low = c->high = 0;
	c->called = 0;
	if (n1 <= 0 || n2 <= 0 || x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2)
		return 0;
	c->change = (double)x1 / (double)n1 - (double)x2 / (double)n2;
	double p1 = (double)(x1 + 1) / (double)(n1 + 2), p2 = (double)(x2 + 1) / (double)(n2 + 2);
	double se = sqrt(p1 * (1 - p1) / (double)(n1 + 2) + p2 * (1 - p2) / (double)(n2 + 2));
	set_interval(c, p1 - p2, KJ_BENCH_Z95 * se);
	return 1;
}

int kj_bench_mean_change(double m1, double s1, long n1, double m2, double s2, long n2,
			 struct kj_bench_change *c)
{
	c->change = c->low = c->high = 0;
	c->called = 0;
	if (n1 < 2 || n2 < 2)
		return 0;
	c->change = m1 - m2;
	double se = sqrt(s1 * s1 / (double)n1 + s2 * s2 / (double)n2);
	set_interval(c, c->change, KJ_BENCH_Z95 * se);
	return 1;
}

void kj_bench_mean_sd(const double *v, size_t n, double *mean, double *sd)
{
	double sum = 0, ss = 0;
	*mean = *sd = 0;
	if (n == 0)
		return;
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	*mean = sum / (double)n;
	if (n < 2)
		return;
	for (size_t i = 0; i < n; i++)
		ss += (v[i] - *mean) * (v[i] - *mean);
	*sd = sqrt(ss / (double)(n - 1));
}

double kj_bench_round1(double v)
{
	return v < 0 ? -floor(-v * 10 + 0.5) / 10 : floor(v * 10 + 0.5) / 10;
}
