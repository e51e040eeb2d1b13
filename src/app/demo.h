/*
 * A deterministic synthetic national dataset that looks like the real
 * population: the real local governments (data/reference/), invented
 * operators in the other sectors with each sector's size and size mix,
 * valid corporate numbers, target identification, and one questionnaire
 * survey per fiscal year with level distributions that differ by sector,
 * size and requirement, N/A only where a requirement cannot apply. Nothing
 * is dated after the generation day: past surveys are closed, the current
 * one is open and partly answered. The same options always give the same
 * data. It also makes one account per role (login demo-ROLE, password
 * KJ_DEMO_PASSWORD).
 */
#ifndef KJ_APP_DEMO_H
#define KJ_APP_DEMO_H

#include <stdint.h>

#include "base/util.h"
#include "store/store.h"

/* The password of every demo account (demo databases only). */
#define KJ_DEMO_PASSWORD "kijun-demo-2026"

struct kj_demo_opts {
	long operators;
	uint64_t seed;
	int years;		/* surveys for the last YEARS fiscal years */
	int last_year;		/* the most recent fiscal year; 0: that of TODAY */
	/* The generation day, "YYYY-MM-DD": nothing is dated later. NULL: the clock's (UTC). */
	const char *today;
	/* Called now and then with the work done so far; may be NULL. */
	void (*progress)(void *ctx, int fiscal_year, long done, long total);
	void *progress_ctx;
	const char *actor;	/* for the audit trail, e.g. "cli:root" */
	/* Adds "kijun 運用事業者" and its answers of kijun's self-assessment to
	 * the latest survey that has opened (src/app/demo_self.c). */
	int self_assessment;
};

struct kj_demo_stats {
	long organisations, targets, surveys, responses, answers;
};

/* Fills an empty registry in one transaction; refuses a non-empty one. */
int kj_demo_generate(struct kj_store *st, const struct kj_demo_opts *o,
		     struct kj_demo_stats *stats, struct kj_err *err);

struct kj_catalog;
/*
 * The demo's safety standards for every sector (src/app/demo_safety.c):
 * government (①②), industry (③) and some operators' internal rules (④)
 * of the registry already made, drawn from the generator state RNG. The
 * sectors' documents are issued in YEAR (so that none is dated after the
 * demo's day, give the year before it), the internal rules the year before.
 */
int kj_demo_make_safety(struct kj_store *st, const struct kj_catalog *cat,
			uint64_t *rng, const char *actor, int year, struct kj_err *err);


#endif
