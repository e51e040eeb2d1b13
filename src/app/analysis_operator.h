/*
 * An operator's own benchmark (issue 13, docs/metrics.md "An operator's
 * benchmark"): for organisation ORG and fiscal year FY, per requirement its
 * own submitted level this year and last (carried through the crosswalk),
 * its sector's median and interquartile range of the applicable levels, the
 * nation's median, and the sector's implementation rate and its change with
 * a 95% interval; per function its own mean level against the sector's
 * distribution of operators' function means and the nation's median level,
 * with the changes since last year and the share of comparable
 * requirements. The sector figures come from the sector view
 * (app/analysis.h) of the same reader, the per-operator means from one
 * grouped read (store_benchmark.h). Who may see it: kj_authz_benchmark;
 * what is suppressed: a sector or national figure over fewer than k + 1
 * values (the operator's own among them) for a reader who sees aggregates
 * only, and every figure the sector view hides.
 */
#ifndef KJ_APP_ANALYSIS_OPERATOR_H
#define KJ_APP_ANALYSIS_OPERATOR_H

#include <jansson.h>
#include <stdint.h>

#include "app/analysis.h"
#include "model/bench.h"
#include "model/registry.h"

/* The operator's own value: none (no submitted answer), N/A, or V. */
enum kj_bench_own_state { KJ_BENCH_NONE, KJ_BENCH_NA, KJ_BENCH_VALUE };

struct kj_bench_own {
	enum kj_bench_own_state state;
	double v;		/* a level, or a mean rounded to 2 decimals */
};

/* A group's quantiles as the reader sees them: nothing when SUPPRESSED,
 * nothing to show when not DEFINED (no value). */
struct kj_bench_dist {
	long n;			/* values: applicable answers, or operators */
	double q1, median, q3;
	unsigned char defined, suppressed;
};

/* A rate or a mean of a group as the reader sees it. */
struct kj_bench_val {
	long n;
	double v;		/* rounded: rates to 4 decimals, means to 2 */
	unsigned char defined, suppressed;
};

struct kj_bench_req {
	struct kj_bench_own own, own_prev;
	struct kj_bench_dist sector, nation;
	struct kj_bench_val rate, rate_prev;	/* the sector's implementation rate */
	struct kj_bench_change change;		/* of the rate; HAS_CHANGE 1 when shown */
	int has_change;
};

struct kj_bench_fn {
	struct kj_bench_own own, own_prev;
	double own_change;		/* rounded to 2 decimals; HAS_OWN_CHANGE 1 when shown */
	int has_own_change;
	struct kj_bench_dist sector, sector_prev;	/* operators' means, rounded to 1 decimal */
	struct kj_bench_val mean, mean_prev;	/* the sector's mean of those means */
	struct kj_bench_change change;		/* of that mean; HAS_CHANGE 1 when shown */
	int has_change;
	struct kj_bench_dist nation;		/* the nation's applicable levels */
	int nreqs, ncomparable;		/* this year's requirements; same or reworded */
};

struct kj_bench {
	struct kj_analysis a;		/* the sector view it reads */
	int64_t org;
	char org_name[KJ_ORG_NAME_MAX + 1];
	kj_sector_code sectors[KJ_ORG_SECTORS];	/* the organisation's, sorted */
	int nsectors;
	int sector;			/* the chosen one: its index in a.cat */
	int open;			/* 1: the reader sees every figure of the sector */
	int submitted, submitted_prev;	/* its own response of each year is submitted */
	int version_changed;		/* last year asked another version */
	int ncomparable;		/* requirements same or reworded since last year */
	struct kj_bench_req *req;	/* [a.nr] */
	struct kj_bench_fn *fn;		/* [a.nf] */
};

/*
 * Loads the benchmark of organisation ORG (text, checked here) for fiscal
 * year FY in SECTOR (NULL: its first) for USER (NULL: the command line),
 * with the smallest group K of kj_analysis_load (0: KJ_ANALYSIS_K).
 * Returns 0 with B filled (free it with kj_bench_free), 1 with WHY (400 bad
 * input, 403 not this reader's, 404 not there), or -1 with ERR.
 */
int kj_bench_load(struct kj_store *st, const struct kj_user *user, const char *org,
		  const char *fy, const char *sector, int k, struct kj_bench *b,
		  struct kj_analysis_refusal *why, struct kj_err *err);
void kj_bench_free(struct kj_bench *b);
/* The benchmark as JSON (docs/api.md). */
json_t *kj_bench_json(const struct kj_bench *b);

#endif
