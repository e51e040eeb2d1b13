/*
 * The analysis counts (migration 15): the answers of every submitted
 * response counted per survey, scope sector, breakdown (dim: all, size,
 * pref, kikan, lg) and its value, requirement and level (-1: N/A), and the
 * operators counted per survey, sector and breakdown. They are moved by
 * kj_store_analysis_move in the transaction of every change of a response's
 * status (submitted: +1, submitted no more: -1) and made anew by
 * kj_store_analysis_rebuild after a bulk load, so a view reads a few
 * thousand rows whatever the number of answers. Return conventions: 0, or
 * -1 with ERR.
 */
#ifndef KJ_STORE_STORE_ANALYSIS_H
#define KJ_STORE_STORE_ANALYSIS_H

#include <stdint.h>

#include "base/limits.h"
#include "store/store.h"

/* The questionnaire survey a fiscal year's analysis reads. */
struct kj_analysis_survey {
	int64_t id;
	int fy;
	int64_t version_id;
	char version[KJ_VERSION_MAX];	/* the standard version it asks */
	char status[16];		/* open, closed ... */
};

/* What a view computed from the kept counts depends on beside its surveys:
 * while it stays, the view stays right (analysis_cache.h). */
struct kj_analysis_stamp {
	int64_t epoch, prev_epoch;	/* the surveys' analysis epochs (0: never counted) */
	int64_t generation;		/* the registry's (sectors, coverage, crosswalks) */
};

/* The latest fiscal year up to UPTO with a questionnaire survey the analysis
 * reads (open or closed, not a ministry's own) into *FY; 0 when none. */
int kj_store_analysis_latest_fy(struct kj_store *st, int upto, int *fy, struct kj_err *err);
/*
 * The questionnaire survey of fiscal year FY that the analysis reads: the
 * national one (owned by the NCO or its surveyor), opened (not a draft),
 * the first created if there are several. *FOUND 0 when there is none.
 */
int kj_store_analysis_survey(struct kj_store *st, int fy, struct kj_analysis_survey *out,
			     int *found, struct kj_err *err);

/*
 * Moves ORG's answers to SURVEY when its response goes from status FROM to
 * TO: into the counts when TO is "submitted" (recording the attributes it
 * is counted under), out of them when FROM is "submitted" and TO is not.
 * Nothing otherwise, nor when ORG is no respondent. Call it in the
 * transaction of the status change, after the answers are final.
 */
int kj_store_analysis_move(struct kj_store *st, int64_t survey, int64_t org, const char *from,
			   const char *to, struct kj_err *err);
/* Counts SURVEY's submitted responses anew (after a bulk load, at freeze). */
int kj_store_analysis_rebuild(struct kj_store *st, int64_t survey, struct kj_err *err);
/* Migration 15: counts every survey anew. */
int kj_store_analysis_fill(struct kj_store *st, struct kj_err *err);
/*
 * Compares SURVEY's kept counts with a count of its submitted responses'
 * answers made now: *DIFFERENT gets the number of rows that differ (0: the
 * same). For the tests and `kijun analysis check`.
 */
int kj_store_analysis_check(struct kj_store *st, int64_t survey, long *different,
			    struct kj_err *err);

/* One row of counts: SECTOR, breakdown DIM = VALUE, requirement REQ (code),
 * LEVEL (-1: N/A), N answers. A callback's non-zero answer stops the read. */
typedef int (*kj_analysis_count_fn)(void *ctx, const char *sector, const char *dim,
				    const char *value, const char *req, int level, long n);
/* One row of operators counted: SECTOR, DIM = VALUE, N operators. */
typedef int (*kj_analysis_group_fn)(void *ctx, const char *sector, const char *dim,
				    const char *value, long n);

/* SURVEY's epoch into *EPOCH (0: never counted): it moves in every
 * transaction that moves the survey's counts (kj_store_analysis_move,
 * kj_store_analysis_rebuild), so figures made from the counts read at one
 * epoch are still right while it stays. */
int kj_store_analysis_epoch(struct kj_store *st, int64_t survey, int64_t *epoch,
			    struct kj_err *err);
/* The epochs of SURVEY and PREV (0: none) and the registry's generation,
 * in one read: call it in the read transaction the view is computed in. */
int kj_store_analysis_stamp(struct kj_store *st, int64_t survey, int64_t prev,
			    struct kj_analysis_stamp *out, struct kj_err *err);
/* SURVEY's counts of breakdown "all": every sector and requirement. */
int kj_store_analysis_counts(struct kj_store *st, int64_t survey, kj_analysis_count_fn fn,
			     void *ctx, struct kj_err *err);
/* SURVEY's counts of SECTOR's other breakdowns, for the caller to add up
 * over the requirements (FN's REQ is ""), each value's rows together. */
int kj_store_analysis_pooled(struct kj_store *st, int64_t survey, const char *sector,
			     kj_analysis_count_fn fn, void *ctx, struct kj_err *err);
/* SURVEY's operators counted, of SECTOR (NULL: every sector), every breakdown. */
int kj_store_analysis_groups(struct kj_store *st, int64_t survey, const char *sector,
			     kj_analysis_group_fn fn, void *ctx, struct kj_err *err);
/* One link of a requirement OLD of an earlier version to NEW of a later
 * one, SEVERITY the most changing kind on the way (0 same, 1 reworded, 2
 * split, 3 merged). */
typedef int (*kj_analysis_link_fn)(void *ctx, const char *old, const char *new_id,
				   int severity);
/*
 * How the requirements of standard version FROM_VERSION carry on in
 * TO_VERSION through the crosswalks in between (the same version: each to
 * itself, "same"): every pair, a requirement reached from several (merged)
 * or reaching several (split) in each.
 */
int kj_store_analysis_links(struct kj_store *st, int64_t from_version, int64_t to_version,
			    kj_analysis_link_fn fn, void *ctx, struct kj_err *err);
/* SURVEY's respondents and submitted responses per scope sector: FN gets
 * (ctx, sector, "respondents" or "submitted", "", n). */
int kj_store_analysis_responses(struct kj_store *st, int64_t survey, kj_analysis_group_fn fn,
				void *ctx, struct kj_err *err);

#endif
