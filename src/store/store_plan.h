/*
 * The store's implementation plans (issue 14, migration 19): a plan with
 * its structure sections, measures and the requirements they support, its
 * events (who did what when) and the target operators frozen into it on
 * submission. The rules are model/plan.h's, the checks and the audit
 * entries app/plan.c's; these functions only read and write, each a part
 * of the caller's transaction. Return conventions: 0, or -1 with ERR.
 */
#ifndef KJ_STORE_STORE_PLAN_H
#define KJ_STORE_STORE_PLAN_H

#include <stdint.h>

#include "model/plan.h"
#include "store/store.h"

/* One plan of a listing. */
struct kj_plan_row {
	int64_t id;
	int fy;
	char scope[8];
	kj_sector_code sector;
	char ministry[KJ_MINISTRY_CODE_MAX];
	enum kj_plan_state state;
	int revision;
	int nmeasures;
	long targets;
	char updated_at[32];
};

/* The key of a plan's scope: "sector:MINISTRY:SECTOR" or "cross". */
void kj_store_plan_scope_key(const char *sector, const char *ministry, char *out, size_t n);
/* The plan of FY and SCOPE_KEY: *ID, 0 when there is none. */
int kj_store_plan_find(struct kj_store *st, int fy, const char *scope_key, int64_t *id,
		       struct kj_err *err);
/* Writes P whole as a new plan (state, revision 1, its sections and
 * measures); *ID its id, and each measure's id set in P. */
int kj_store_plan_create(struct kj_store *st, struct kj_plan *p, int64_t *id,
			 struct kj_err *err);
/* Reads plan ID whole into P; *FOUND 0 when there is none. */
int kj_store_plan_get(struct kj_store *st, int64_t id, struct kj_plan *p, int *found,
		      struct kj_err *err);
/* Up to MAX plans of FY (0: every year), newest year first, then cross-sector
 * first, then by sector and ministry. */
int kj_store_plan_list(struct kj_store *st, int fy, struct kj_plan_row *out, int max,
		       int *n, struct kj_err *err);
/* Moves plan ID from revision EXPECT to the next one (and its update time);
 * *OK 0 when its revision is no longer EXPECT (someone else wrote first). */
int kj_store_plan_bump(struct kj_store *st, int64_t id, int expect, int *ok,
		       struct kj_err *err);
int kj_store_plan_set_body(struct kj_store *st, int64_t id, enum kj_plan_section s,
			   const char *text, struct kj_err *err);
/* Writes measure M (by its key) of plan ID: fields and requirements. */
int kj_store_plan_set_measure(struct kj_store *st, int64_t id,
			      const struct kj_plan_measure *m, struct kj_err *err);
/* Adds measure M to plan ID; M->id set. */
int kj_store_plan_add_measure(struct kj_store *st, int64_t id, struct kj_plan_measure *m,
			      struct kj_err *err);
int kj_store_plan_drop_measure(struct kj_store *st, int64_t id, const char *key,
			       struct kj_err *err);
int kj_store_plan_set_state(struct kj_store *st, int64_t id, enum kj_plan_state s,
			    struct kj_err *err);
/* The target operators of plan P's year and scope now: *N (the sector's
 * targets, a ministry's part of a shared sector; every sector's for the
 * cross-sector plan). */
int kj_store_plan_targets_now(struct kj_store *st, const struct kj_plan *p, long *n,
			      struct kj_err *err);
/* Freezes them into plan P (its targets count too); *N how many. */
int kj_store_plan_freeze_targets(struct kj_store *st, const struct kj_plan *p, long *n,
				 struct kj_err *err);

struct kj_plan_event {
	char at[32];
	char actor[80];
	char action[24];
	char message[KJ_PLAN_MESSAGE_MAX];
};
/* Adds event ACTION of plan ID at AT (an ISO time; NULL: now). */
int kj_store_plan_event_add(struct kj_store *st, int64_t id, const char *at, int64_t actor_id,
			    const char *actor, const char *action, const char *message,
			    struct kj_err *err);
/* Sets plan ID's creation and update times (the demo's plans of past days). */
int kj_store_plan_set_dates(struct kj_store *st, int64_t id, const char *created_at,
			    const char *updated_at, struct kj_err *err);
/* Plan ID's events, oldest first, at most MAX. */
int kj_store_plan_events(struct kj_store *st, int64_t id, struct kj_plan_event *out, int max,
			 int *n, struct kj_err *err);
/* 1 in *YES if requirement CODE is one of standard version VERSION_ID's. */
int kj_store_plan_req_exists(struct kj_store *st, int64_t version_id, const char *code,
			     int *yes, struct kj_err *err);
/* The ministries that hold SECTOR (whole or in part) into OUT, at most MAX. */
int kj_store_plan_ministries_of(struct kj_store *st, const char *sector,
				char out[][KJ_MINISTRY_CODE_MAX], int max, int *n,
				struct kj_err *err);

/* The main measures of §2.1.2 of standard version VERSION_ID, in order. */
struct kj_main_measure {
	int category, n;
	char text[KJ_PLAN_TITLE_MAX];
};
int kj_store_plan_main_measures(struct kj_store *st, int64_t version_id,
				struct kj_main_measure *out, int max, int *n,
				struct kj_err *err);

/* The titles of §2.1.2's categories 1..5 of standard version VERSION_ID
 * into JA[n - 1] and EN[n - 1] ("" for one not there). */
#define KJ_PLAN_CATEGORY_TITLE_MAX 256
int kj_store_plan_categories(struct kj_store *st, int64_t version_id,
			     char ja[KJ_PLAN_CATEGORIES][KJ_PLAN_CATEGORY_TITLE_MAX],
			     char en[KJ_PLAN_CATEGORIES][KJ_PLAN_CATEGORY_TITLE_MAX],
			     struct kj_err *err);

#endif
