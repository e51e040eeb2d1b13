/*
 * The store's evaluations (issue 14, migration 22): an evaluation with its
 * sections and figures, its events, the HQ evaluation's items and the plan
 * measures that answer a recommendation (hq_item_answer). The rules are
 * model/evaluation.h's, the checks and audit entries app/evaluation*.c's;
 * these functions only read and write, each a part of the caller's
 * transaction. Return conventions: 0, or -1 with ERR.
 */
#ifndef KJ_STORE_STORE_EVAL_H
#define KJ_STORE_STORE_EVAL_H

#include <stdint.h>

#include "model/evaluation.h"
#include "model/plan.h"
#include "store/store.h"

/* One evaluation of a listing. */
struct kj_eval_row {
	int64_t id;
	int fy;
	enum kj_eval_scope scope;
	kj_sector_code sector;
	char ministry[KJ_MINISTRY_CODE_MAX];
	enum kj_eval_state state;
	int revision;
	char updated_at[32];
};

/* The evaluation of FY and SCOPE_KEY: *ID, 0 when there is none. */
int kj_store_eval_find(struct kj_store *st, int fy, const char *scope_key, int64_t *id,
		       struct kj_err *err);
/* Writes E whole as a new evaluation (revision 1, its sections; figures
 * none); *ID its id. */
int kj_store_eval_create(struct kj_store *st, struct kj_eval *e, int64_t *id,
			 struct kj_err *err);
/* Reads evaluation ID whole into E; *FOUND 0 when there is none. */
int kj_store_eval_get(struct kj_store *st, int64_t id, struct kj_eval *e, int *found,
		      struct kj_err *err);
/* Up to MAX evaluations of FY (0: every year), newest year first, the HQ's,
 * the cross-sector one, then by sector and ministry. */
int kj_store_eval_list(struct kj_store *st, int fy, struct kj_eval_row *out, int max, int *n,
		       struct kj_err *err);
/* Moves ID from revision EXPECT to the next; *OK 0 when it is no longer EXPECT. */
int kj_store_eval_bump(struct kj_store *st, int64_t id, int expect, int *ok,
		       struct kj_err *err);
int kj_store_eval_set_section(struct kj_store *st, int64_t id, enum kj_eval_section s,
			      const char *body, struct kj_err *err);
/* Adds figure F to ID after the section's last (F->ord set). */
int kj_store_eval_add_figure(struct kj_store *st, int64_t id, struct kj_eval_figure *f,
			     struct kj_err *err);
/* Drops figure ORD of SECTION; *DROPPED 0 when there was none. */
int kj_store_eval_drop_figure(struct kj_store *st, int64_t id, enum kj_eval_section s, int ord,
			      int *dropped, struct kj_err *err);
int kj_store_eval_set_state(struct kj_store *st, int64_t id, enum kj_eval_state s,
			    struct kj_err *err);
/* Sets ID's creation and update times (the demo's past years). */
int kj_store_eval_set_dates(struct kj_store *st, int64_t id, const char *created_at,
			    const char *updated_at, struct kj_err *err);

struct kj_eval_event {
	char at[32];
	char actor[80];
	char action[24];
	char message[KJ_EVAL_MESSAGE_MAX];
};
/* Adds event ACTION of ID at AT (an ISO time; NULL: now). */
int kj_store_eval_event_add(struct kj_store *st, int64_t id, const char *at, int64_t actor_id,
			    const char *actor, const char *action, const char *message,
			    struct kj_err *err);
int kj_store_eval_events(struct kj_store *st, int64_t id, struct kj_eval_event *out, int max,
			 int *n, struct kj_err *err);

/* HQ items. Adds IT to evaluation IT->eval_id after its last (IT->id, ord set). */
int kj_store_eval_item_add(struct kj_store *st, struct kj_hq_item *it, struct kj_err *err);
/* Item ID into IT; *FOUND 0 when there is none. */
int kj_store_eval_item_get(struct kj_store *st, int64_t id, struct kj_hq_item *it, int *found,
			   struct kj_err *err);
/* The items of evaluation ID in order, at most MAX. */
int kj_store_eval_items(struct kj_store *st, int64_t id, struct kj_hq_item *out, int max,
			int *n, struct kj_err *err);
/* Drops item ID (and its answers). */
int kj_store_eval_item_drop(struct kj_store *st, int64_t id, struct kj_err *err);

/* A plan measure answering a recommendation. */
struct kj_eval_answer {
	int64_t item_id;
	int64_t measure_id;
	char mkey[KJ_PLAN_KEY_MAX];
	char title[KJ_PLAN_TITLE_MAX];
	int64_t plan_id;
	int plan_fy;
	char plan_scope[8];
	kj_sector_code plan_sector;
	char plan_ministry[KJ_MINISTRY_CODE_MAX];
	enum kj_plan_state plan_state;
};
/* The measures answering item ITEM, at most MAX. */
int kj_store_eval_answers(struct kj_store *st, int64_t item, struct kj_eval_answer *out,
			  int max, int *n, struct kj_err *err);
/* Links (ON 1) or unlinks measure MEASURE and item ITEM. */
int kj_store_eval_answer_set(struct kj_store *st, int64_t item, int64_t measure, int on,
			     int64_t actor_id, const char *actor, struct kj_err *err);
/* Which plan measure MEASURE is: its plan's id (0: none). */
int kj_store_eval_measure_plan(struct kj_store *st, int64_t measure, int64_t *plan,
			       struct kj_err *err);
/* The items of measure MEASURE answers into OUT, at most MAX. */
int kj_store_eval_answered_by(struct kj_store *st, int64_t measure, int64_t *out, int max,
			      int *n, struct kj_err *err);

/* A recommendation with its evaluation's year and state. */
struct kj_eval_rec {
	struct kj_hq_item it;
	int fy;
	enum kj_eval_state state;
};
/* The recommendations of the HQ evaluation of FY (0: every year) addressed
 * to ADDRESSEE (NULL: any), in order, at most MAX. FINAL_ONLY: of a final
 * HQ evaluation only. */
int kj_store_eval_recs(struct kj_store *st, int fy, const char *addressee, int final_only,
		       struct kj_eval_rec *out, int max, int *n, struct kj_err *err);
/* 1 in *YES when CODE is a sector. */
int kj_store_eval_sector_exists(struct kj_store *st, const char *code, int *yes,
				struct kj_err *err);

#endif
