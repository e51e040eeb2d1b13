/*
 * The demo's evaluations (demo_eval.c): for each fiscal year FIRST to
 * LAST - 1 (the years already over), every sector plan's evaluation by its
 * ministry and the NCO's cross-sector one, submitted and finalised, with a
 * figure of the analysis; and the HQ's evaluation with a finding and a few
 * recommendations, each answered by a measure of the addressee's plan of
 * the year after — except the last of each year, left open for the
 * traceability view to show. Nothing is dated after TODAY. Drawn from its
 * own generator seeded with SEED, so the rest of the demo is as it was.
 */
#ifndef KJ_APP_DEMO_EVAL_H
#define KJ_APP_DEMO_EVAL_H

#include <stdint.h>

#include "store/store.h"

int kj_demo_make_evals(struct kj_store *st, int first, int last, long today, uint64_t seed,
		       const char *actor, struct kj_err *err);

#endif
