/*
 * The demo's implementation plans (demo_plan.c): for each fiscal year FIRST
 * to LAST, every ministry's plan of each of its sectors and the NCO's
 * cross-sector plan. The years before LAST were reported to HQ; in LAST,
 * some sectors' plans are still drafts and the others submitted. Each
 * year's plan starts from the year before's (the diff shows progress).
 * Nothing is dated after TODAY (days since 1970-01-01). Drawn from its own
 * generator seeded with SEED, so the rest of the demo is as it was.
 */
#ifndef KJ_APP_DEMO_PLAN_H
#define KJ_APP_DEMO_PLAN_H

#include <stdint.h>

#include "store/store.h"

int kj_demo_make_plans(struct kj_store *st, int first, int last, long today, uint64_t seed,
		       const char *actor, struct kj_err *err);

#endif
