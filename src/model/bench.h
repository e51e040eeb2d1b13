/*
 * The statistics of an operator's benchmark (docs/metrics.md, "An
 * operator's benchmark"), pure: quantiles of a level distribution and of a
 * list of values by one rule, and the 95% intervals of a change between two
 * years (of two proportions, of two means) that decide whether it is
 * called a change.
 */
#ifndef KJ_MODEL_BENCH_H
#define KJ_MODEL_BENCH_H

#include <stddef.h>

#include "model/metrics.h"

/* The normal quantile of a two-sided 95% interval. */
#define KJ_BENCH_Z95 1.96

/*
 * Quantile P (0..1) of the applicable answers of L (levels 0..4, N/A left
 * out) into *Q, by linear interpolation between the order statistics
 * (Hyndman and Fan's type 7): with the N values sorted x[0] <= ... <=
 * x[N-1], h = (N - 1) P, Q = x[floor h] + (h - floor h) (x[floor h + 1] -
 * x[floor h]). Returns 1, or 0 when L has nothing applicable.
 */
int kj_bench_quantile_levels(const struct kj_levels *l, double p, double *q);
/* The same over the N values V, sorted ascending. */
int kj_bench_quantile_sorted(const double *v, size_t n, double p, double *q);
/* Sorts the N values V ascending. */
void kj_bench_sort(double *v, size_t n);

/* A change from last year to this one and its 95% interval. */
struct kj_bench_change {
	double change;		/* this year minus last year */
	double low, high;	/* the interval of the difference */
	int called;		/* 1: the interval leaves out 0 */
};
/*
 * The change of a proportion, X1 of N1 this year against X2 of N2 last year
 * (the implementation rate of one requirement: N the applicable answers, one
 * per operator), with the Agresti–Caffo interval: p~ = (x + 1) / (n + 2),
 * (p~1 - p~2) ± 1.96 √(p~1(1 - p~1)/(n1 + 2) + p~2(1 - p~2)/(n2 + 2)).
 * CHANGE is the plain x1/n1 - x2/n2. Returns 1, or 0 when N1 or N2 is 0.
 */
int kj_bench_prop_change(long x1, long n1, long x2, long n2, struct kj_bench_change *c);
/*
 * The change of a mean, M1 (standard deviation S1, N1 values) against M2
 * (S2, N2), with Welch's normal interval (m1 - m2) ± 1.96 √(s1²/n1 +
 * s2²/n2). Returns 1, or 0 when N1 or N2 is under 2 (no deviation).
 */
int kj_bench_mean_change(double m1, double s1, long n1, double m2, double s2, long n2,
			 struct kj_bench_change *c);
/* The mean and sample standard deviation (n - 1) of the N values V. */
void kj_bench_mean_sd(const double *v, size_t n, double *mean, double *sd);
/* V rounded to one decimal (0.05 away from zero), as the benchmark shows a
 * quantile of operators' means. */
double kj_bench_round1(double v);

#endif
