/*
 * The store's part of an on-site survey's selection (issue 15): the on-site
 * surveys (survey rows of kind 'onsite'; one is read with
 * kj_store_survey_get), the candidates a selection chooses from (that
 * year's targets of the scope sectors, with their submitted questionnaire
 * levels of the year and the year before per function, their last visit of
 * an earlier on-site survey, 基幹インフラ and prefecture), the selection
 * itself (onsite_selection, its picks in onsite_pick) and the changes made
 * after approval (onsite_pick_change). The use cases (app/onsite_select.c)
 * call these inside their transaction.
 * Return conventions: 0, or -1 with ERR.
 */
#ifndef KJ_STORE_STORE_ONSITE_SELECT_H
#define KJ_STORE_STORE_ONSITE_SELECT_H

#include <stdint.h>

#include "model/audit.h"
#include "model/onsite_rules.h"
#include "model/registry.h"
#include "store/store.h"

#define KJ_ONSITE_LIST_MAX	500	/* on-site surveys listed at once */
#define KJ_ONSITE_CANDS_MAX	20000	/* operators one selection chooses from */
#define KJ_ONSITE_CHANGES_MAX	500	/* changes shown at once */

/* The ids of the on-site surveys, newest year first. */
int kj_store_onsite_ids(struct kj_store *st, int64_t *ids, int max, int *n,
			struct kj_err *err);

/* The candidates of on-site survey SURVEY of fiscal year FY, sorted by org
 * id, into *OUT (an array to free(); NULL when there are none), their count
 * into *N. */
int kj_store_onsite_candidates(struct kj_store *st, int64_t survey, int fy,
			       struct kj_onsite_cand **out, int *n, struct kj_err *err);

/* Does FUNC name a function of the standard: *YES 1 or 0. */
int kj_store_onsite_function_exists(struct kj_store *st, const char *func, int *yes,
				    struct kj_err *err);

struct kj_onsite_selection {
	int64_t id;			/* 0: none yet */
	char rules[KJ_ONSITE_RULES_TEXT_MAX + 1];	/* canonical JSON */
	long seed;
	char state[12];			/* draft | approved */
	int revision;
	char created_at[32], approved_at[32];
	char approved_by[KJ_AUDIT_ACTOR_MAX];	/* the approver's login; "" */
};

/* SURVEY's selection into *SEL (SEL->id 0 when there is none). */
int kj_store_onsite_selection_get(struct kj_store *st, int64_t survey,
				  struct kj_onsite_selection *sel, struct kj_err *err);
/* Writes SURVEY's draft selection of RULES (canonical JSON) and SEED with
 * its PICKS of the candidates C (replacing any earlier draft's), moving its
 * revision from REVISION (-1: whatever it is; 0 for a first one): *CHANGED
 * 0 when the selection moved on meanwhile or is approved (nothing written).
 * Its id into *ID. */
int kj_store_onsite_selection_save(struct kj_store *st, int64_t survey, const char *rules,
				   long seed, int revision, const struct kj_onsite_cand *c,
				   const struct kj_onsite_pick *picks, int npicks,
				   int64_t user, int64_t *id, int *changed, struct kj_err *err);
/* Approves draft selection ID at REVISION (-1: any) by USER (0: the command
 * line); *CHANGED 0 when it was not a draft at that revision. */
int kj_store_onsite_approve(struct kj_store *st, int64_t id, int revision, int64_t user,
			    int *changed, struct kj_err *err);
/* Moves approved selection ID's revision on from REVISION (-1: any);
 * *CHANGED 0 when it was not at that revision. */
int kj_store_onsite_bump(struct kj_store *st, int64_t id, int revision, int *changed,
			 struct kj_err *err);

/* One pick as the pages show it; strings live until the callback returns. */
struct kj_onsite_pick_row {
	int64_t org;
	const char *corporate_number, *name, *sector, *prefecture, *rule, *detail;
	int ord, removed, kikan;
};
typedef int (*kj_onsite_pick_fn)(void *ctx, const struct kj_onsite_pick_row *p);
/* Every pick of selection ID in its order (FN non-zero stops). */
int kj_store_onsite_pick_each(struct kj_store *st, int64_t id, kj_onsite_pick_fn fn,
			      void *ctx, struct kj_err *err);
/* ORG's pick of selection ID: *STATE -1 none, 0 picked, 1 removed. */
int kj_store_onsite_pick_state(struct kj_store *st, int64_t id, int64_t org, int *state,
			       struct kj_err *err);
/* Adds ORG (of SECTOR) to selection ID by hand with DETAIL, or puts back its
 * removed pick with that detail. */
int kj_store_onsite_pick_add(struct kj_store *st, int64_t id, int64_t org, const char *sector,
			     const char *detail, struct kj_err *err);
/* Marks ORG's pick of selection ID removed. */
int kj_store_onsite_pick_remove(struct kj_store *st, int64_t id, int64_t org,
				struct kj_err *err);
/* Records the change ACTION ("add", "remove") of ORG with REASON. */
int kj_store_onsite_change_add(struct kj_store *st, int64_t id, int64_t org,
			       const char *action, const char *reason, int64_t user,
			       const char *actor, struct kj_err *err);

struct kj_onsite_change_row {
	const char *at, *actor, *action, *reason, *corporate_number, *name;
};
typedef int (*kj_onsite_change_fn)(void *ctx, const struct kj_onsite_change_row *c);
/* Every change of selection ID, oldest first. */
int kj_store_onsite_change_each(struct kj_store *st, int64_t id, kj_onsite_change_fn fn,
				void *ctx, struct kj_err *err);

/* The organisation of CORPORATE_NUMBER (*ORG 0 if none) and, when it is a
 * target of FY in a scope sector of SURVEY, its first such sector into
 * SECTOR (else ""). */
int kj_store_onsite_target(struct kj_store *st, int64_t survey, int fy,
			   const char *corporate_number, int64_t *org, kj_sector_code sector,
			   struct kj_err *err);

#endif
