/*
 * Bulk writers of the demo's on-site survey (store_demo_onsite.c, issue 15,
 * migration 21): the survey of kind 'onsite', its approved selection and
 * picks, the visits with their inspectors, items, replies and events, as
 * the on-site use cases would have left them. The demo generator
 * (app/demo_onsite.c) calls them inside its one transaction; the
 * statements are kept prepared. Return conventions: 0, or -1 with ERR.
 */
#ifndef KJ_STORE_STORE_DEMO_ONSITE_H
#define KJ_STORE_STORE_DEMO_ONSITE_H

#include <stdint.h>

#include "store/store.h"

/* A closed on-site survey of the NCO of fiscal year FY asking VERSION_ID,
 * over every sector, into *ID. */
int kj_store_demo_onsite_survey(struct kj_store *st, int fy, int64_t version_id,
				const char *title_ja, const char *title_en, const char *opens_on,
				const char *closes_on, const char *created_at, int64_t *id,
				struct kj_err *err);

/* Every submitted respondent of questionnaire SURVEY with its mean level
 * over its applicable answers (from the kept sums of the analysis). */
typedef int (*kj_demo_mean_fn)(void *ctx, int64_t org, double mean);
int kj_store_demo_onsite_means(struct kj_store *st, int64_t survey, kj_demo_mean_fn fn,
			       void *ctx, struct kj_err *err);

/* SURVEY's selection, approved, with its RULES (canonical JSON) and SEED, into *ID. */
int kj_store_demo_onsite_selection(struct kj_store *st, int64_t survey, const char *rules,
				   int64_t seed, const char *created_at, int64_t created_by,
				   const char *approved_at, int64_t approved_by, int64_t *id,
				   struct kj_err *err);
int kj_store_demo_onsite_pick(struct kj_store *st, int64_t selection, int64_t org,
			      const char *sector, int ord, const char *rule, const char *detail,
			      struct kj_err *err);

/* One visit: ISSUED_AT NULL unless STATE is "issued". */
struct kj_demo_visit {
	int64_t survey, org;
	const char *visit_on, *state, *issued_at, *created_at, *updated_at;
	int64_t issued_by;
};
int kj_store_demo_onsite_visit(struct kj_store *st, const struct kj_demo_visit *v, int64_t *id,
			       struct kj_err *err);
int kj_store_demo_onsite_inspector(struct kj_store *st, int64_t visit, int64_t user,
				   struct kj_err *err);

/* One item: SELF and VERIFIED 0..4, -1 N/A, -2 none (NULL); NA_REASON with VERIFIED -1. */
struct kj_demo_item {
	int64_t visit, requirement;
	int self, verified;
	const char *na_reason, *findings, *evidence, *recorded_at;
	int64_t recorded_by;
};
int kj_store_demo_onsite_item(struct kj_store *st, const struct kj_demo_item *it,
			      struct kj_err *err);
int kj_store_demo_onsite_reply(struct kj_store *st, int64_t visit, int64_t requirement,
			       const char *action, const char *due_on, const char *replied_at,
			       struct kj_err *err);
/* An event of SURVEY (VISIT 0: of the survey itself). */
int kj_store_demo_onsite_event(struct kj_store *st, int64_t survey, int64_t visit,
			       const char *at, int64_t actor_user, const char *actor,
			       const char *action, const char *message, struct kj_err *err);

#endif
