/*
 * What the benchmarks share (bench_util.c): the clock, medians, and a
 * scratch demo database of a given size.
 */
#ifndef KJ_BENCH_UTIL_H
#define KJ_BENCH_UTIL_H

/* Seconds on the monotonic clock. */
double kj_bench_now_s(void);
/* The median of the N values of V (sorts V). */
double kj_bench_median(double *v, int n);
/* Removes the database PATH with its WAL and shared-memory files. */
void kj_bench_remove_db(const char *path);
/*
 * A new database at PATH with the standard, the prefectures and a demo
 * dataset of OPERATORS operators and YEARS fiscal years (seed 1, as of
 * 2027-03-31); 0, or -1 after printing why, prefixed with PROG.
 */
int kj_bench_make_db(const char *prog, const char *path, long operators, int years);

#endif
