/*
 * Use cases of an on-site survey's selection (issue 15, 実地調査): create
 * the survey (a survey row of kind 'onsite', through survey_admin's
 * checks), choose the operators to visit by declared rules and a seed
 * (model/onsite_rules.h) from that year's submitted questionnaire answers,
 * approve the choice, and after approval add or remove an operator with a
 * reason. Each reads, checks the actor's reach (kj_authz_onsite_admin),
 * writes and adds its audit entry in one transaction; a refusal changes
 * nothing and says why, in English, in WHY.
 */
#ifndef KJ_APP_ONSITE_SELECT_H
#define KJ_APP_ONSITE_SELECT_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "app/survey_admin.h"
#include "model/onsite_rules.h"
#include "store/store_onsite_select.h"
#include "store/store_survey.h"

/* Creates the draft on-site survey REQ (its kind is set here); *ID its id. */
int kj_app_onsite_create(struct kj_store *st, const struct kj_actor *actor,
			 const struct kj_survey_request *req, int64_t *id,
			 struct kj_survey_refusal *why, struct kj_err *err);

/* An on-site survey as its pages show it. */
struct kj_onsite_view {
	struct kj_survey sv;
	struct kj_onsite_selection sel;		/* sel.id 0: none yet */
	struct kj_onsite_rules rules;		/* sel's, parsed */
	long picks, removed;			/* counts of sel's picks */
	int may_admin;				/* the reader may select, approve, change */
};

/* On-site survey ID as USER (NULL: the command line) may see it into *V;
 * *FOUND 0 when there is none or it is not USER's to see. */
int kj_app_onsite_get(struct kj_store *st, const struct kj_user *user, int64_t id,
		      struct kj_onsite_view *v, int *found, struct kj_err *err);
/* The on-site surveys USER may see, newest year first, into V (at most MAX). */
int kj_app_onsite_list(struct kj_store *st, const struct kj_user *user,
		       struct kj_onsite_view *v, int max, int *n, struct kj_err *err);

/*
 * Runs RULES with SEED on survey ID's candidates and writes the result as
 * its draft selection (replacing an earlier draft's), expected at REVISION
 * (-1: any; 0: none yet); the number of picks into *NPICKS. Refused once
 * approved, for a closed survey, for a function no requirement has.
 */
int kj_app_onsite_select(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			 const struct kj_onsite_rules *rules, long seed, int revision,
			 int *npicks, struct kj_survey_refusal *why, struct kj_err *err);
/* Moves on-site survey ID along its lifecycle: TO "open" (from a draft) or
 * "closed" (from open); a closed survey's selection no longer changes. */
int kj_app_onsite_move(struct kj_store *st, const struct kj_actor *actor, int64_t id,
		       const char *to, struct kj_survey_refusal *why, struct kj_err *err);
/* Approves survey ID's draft selection at REVISION (-1: any). */
int kj_app_onsite_approve(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			  int revision, struct kj_survey_refusal *why, struct kj_err *err);
/* After approval, adds (ADD 1) or removes (0) the operator of
 * CORPORATE_NUMBER with REASON, at REVISION (-1: any). */
int kj_app_onsite_pick_change(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			      int add, const char *corporate_number, const char *reason,
			      int revision, struct kj_survey_refusal *why, struct kj_err *err);

/* The picks of SELECTION (0: none, the header only) as CSV into F, in their
 * order, removed ones marked. */
int kj_app_onsite_picks_csv(FILE *f, struct kj_store *st, int64_t selection,
			    struct kj_err *err);
/* V as JSON (the API's and the command line's); FULL adds the picks and the
 * changes after approval. NULL on error (ERR). */
json_t *kj_app_onsite_json(struct kj_store *st, const struct kj_onsite_view *v, int full,
			   struct kj_err *err);

#endif
