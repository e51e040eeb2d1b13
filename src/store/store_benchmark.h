/*
 * The reads of an operator's benchmark (app/analysis_operator.h) beyond the
 * kept counts: the operator's own submitted answers to a survey, and every
 * counted operator's sum and number of applicable levels per function in
 * one sector, in one grouped statement (a few thousand operators: a few
 * thousand rows per function). Return conventions: 0, or -1 with ERR.
 */
#ifndef KJ_STORE_STORE_BENCHMARK_H
#define KJ_STORE_STORE_BENCHMARK_H

#include <stdint.h>

#include "store/store.h"

/* One answer: requirement REQ (code), LEVEL 0..4 or -1 (N/A). A non-zero
 * answer stops the read. */
typedef int (*kj_bench_answer_fn)(void *ctx, const char *req, int level);
/* ORG's answers to SURVEY when its response is submitted (none otherwise). */
int kj_store_bench_own(struct kj_store *st, int64_t survey, int64_t org,
		       kj_bench_answer_fn fn, void *ctx, struct kj_err *err);

/* One operator ORG's applicable levels of function FUNCTION (code): their
 * SUM and number N. */
typedef int (*kj_bench_mean_fn)(void *ctx, int64_t org, const char *function, long sum,
				long n);
/* Every operator counted in SURVEY's analysis in SECTOR (its submitted
 * respondents there), per function. */
int kj_store_bench_means(struct kj_store *st, int64_t survey, const char *sector,
			 kj_bench_mean_fn fn, void *ctx, struct kj_err *err);

#endif
