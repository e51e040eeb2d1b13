/*
 * The analysis views (issue 13, docs/metrics.md): national (sector x
 * function rates, the weakest requirements, response rates, coverage
 * gaps), sector (each requirement's distribution, rate, change since the
 * previous year, coverage, breakdowns by size class, prefecture, 基幹インフラ
 * and local government) and requirement (one requirement across the
 * sectors), read from the kept counts (store_analysis.h) of a fiscal year's
 * questionnaire survey. Every surface (command line, API) takes its figures
 * from one kj_analysis, so they are the same everywhere; each figure is
 * suppressed as the reader must see it (kj_authz_analysis, k =
 * KJ_ANALYSIS_K).
 */
#ifndef KJ_APP_ANALYSIS_H
#define KJ_APP_ANALYSIS_H

#include <jansson.h>

#include "base/limits.h"
#include "model/bench.h"
#include "model/catalog.h"
#include "model/metrics.h"
#include "model/safety.h"
#include "model/user.h"
#include "store/store.h"
#include "store/store_analysis.h"

enum kj_analysis_view { KJ_VIEW_NATIONAL, KJ_VIEW_SECTOR, KJ_VIEW_REQUIREMENT };

/* One figure as its reader sees it: when SUPPRESSED, none of it is shown. */
struct kj_analysis_fig {
	struct kj_levels l;
	long size;		/* its group: answers (one requirement) or operators */
	unsigned char suppressed;
};

/* One value of a breakdown of a sector, over all its requirements. */
struct kj_analysis_value {
	char dim[8];		/* size, pref, kikan, lg */
	char value[16];		/* large…; a prefecture code ("" unknown); 1 or 0 */
	struct kj_analysis_fig f;	/* size: operators */
};

struct kj_analysis {
	enum kj_analysis_view view;
	struct kj_analysis_survey sv, prev;
	int has_prev;		/* the previous year has a survey */
	struct kj_catalog cat;	/* the survey's standard version (a view) */
	int k;
	int aggregate_only;	/* every sector seen as a reader of aggregates sees it */
	int ns, nr, nf;		/* sectors, requirements, functions of CAT */
	int sector;		/* the sector view's sector; else -1 */
	int req;		/* the requirement view's requirement; else -1 */
	unsigned char *open;	/* [ns] 1: the reader sees every figure of it */
	int all_open;
	struct kj_analysis_fig *cur, *prv;	/* [ns * nr] this year, the previous */
	struct kj_analysis_fig *nat, *nat_prv;	/* [nr] over the sectors */
	struct kj_analysis_fig *fn, *nat_fn;	/* [ns * nf], [nf] */
	signed char *kind;	/* [nr] the crosswalk from the previous year's version:
				 * -1 nothing before, 0 same … 3 merged */
	long *operators;	/* [ns] operators counted */
	long *respondents, *submitted;	/* [ns] */
	long nat_respondents, nat_submitted;	/* each operator once */
	struct kj_coverage cov;
	int has_cov;
	int *ngap;		/* [ns] requirements the sector's safety standards leave a gap */
	struct kj_analysis_fig *gap;	/* [ns] answers to them */
	struct kj_analysis_value values[KJ_ANALYSIS_VALUES_MAX];
	int nvalues;
};

/* Why a view is refused: CODE 400 (bad request) or 404 (not there), said in
 * English and Japanese. */
struct kj_analysis_refusal {
	int code;
	char en[256];
	char ja[256];
};

/*
 * Loads view VIEW of fiscal year FY (text, checked here) for USER (NULL:
 * the command line): SECTOR (a sector code) for the sector view, REQ (a
 * requirement id of the survey's version) for the requirement view, with
 * the threshold K (0: KJ_ANALYSIS_K; else KJ_ANALYSIS_K_MIN to
 * KJ_ANALYSIS_K_MAX, refused with 400 outside).
 * Returns 0 with A filled (free it with kj_analysis_free), 1 with WHY when
 * the request is refused, or -1 with ERR.
 */
int kj_analysis_load(struct kj_store *st, const struct kj_user *user,
		     enum kj_analysis_view view, const char *fy, const char *sector,
		     const char *req, int k, struct kj_analysis *a,
		     struct kj_analysis_refusal *why, struct kj_err *err);
/* The same view as a reader of aggregates only (a CEPTOAR, an operator)
 * sees it, whoever asks: what a published snapshot holds. */
int kj_analysis_load_aggregate(struct kj_store *st, enum kj_analysis_view view, const char *fy,
			       const char *sector, const char *req, int k, struct kj_analysis *a,
			       struct kj_analysis_refusal *why, struct kj_err *err);
void kj_analysis_free(struct kj_analysis *a);
/*
 * kj_analysis_load's two steps, for the views kept (analysis_cache.h):
 * kj_analysis_open checks the request and finds the view's surveys, its
 * catalog and which sectors USER sees whole (AGGREGATE: none), and returns
 * 0 inside a read transaction that the caller ends (kj_store_rollback;
 * one the caller had begun already is used as it is and left open), or
 * 1 with WHY, or -1 with ERR (A freed, no transaction of its own either way);
 * kj_analysis_compute then reads the counts into A and suppresses them, in
 * that transaction (-1 with ERR; the caller frees A).
 */
int kj_analysis_open(struct kj_store *st, const struct kj_user *user, int aggregate,
		     enum kj_analysis_view view, const char *fy, const char *sector, const char *req,
		     int k, struct kj_analysis *a, struct kj_analysis_refusal *why,
		     struct kj_err *err);
int kj_analysis_compute(struct kj_store *st, const struct kj_user *user, struct kj_analysis *a,
			struct kj_err *err);
/* The fiscal year a view shows when none is asked for: the latest with a
 * survey up to CURRENT (the current one early in a year, before its survey
 * opens, would have nothing), or CURRENT when there is none. */
int kj_analysis_default_fy(struct kj_store *st, int current, int *fy, struct kj_err *err);

/* The figure's rate, mean ... as JSON (a suppressed one: nulls and the flag). */
json_t *kj_analysis_fig_json(const struct kj_analysis *a, const struct kj_analysis_fig *f);
/* The change of the rate from PRV (the previous year) to CUR, as a ratio
 * (0.05: five percentage points); null unless both are shown and defined. */
json_t *kj_analysis_change_json(const struct kj_analysis_fig *cur,
				const struct kj_analysis_fig *prv);
/* The same change with its 95% interval (Agresti–Caffo over the applicable
 * answers, as an operator's benchmark: docs/metrics.md) into *C: 1, or 0
 * when either figure is suppressed or has nothing applicable. */
int kj_analysis_rate_change(const struct kj_analysis_fig *cur, const struct kj_analysis_fig *prv,
			    struct kj_bench_change *c);
/* A change and its interval as JSON ({value, low, high, called}); null
 * unless HAS. */
json_t *kj_analysis_interval_json(int has, const struct kj_bench_change *c);
/* The whole view as JSON (docs/api.md). */
json_t *kj_analysis_json(const struct kj_analysis *a);
/* The name of crosswalk kind K of kind[] ("same", …; "new" for -1). */
const char *kj_analysis_kind_name(int k);

#endif
