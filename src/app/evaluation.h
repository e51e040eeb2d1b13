/*
 * Use cases of evaluations (評価・改善, issue 14, §2.3): create a fiscal
 * year's evaluation of a scope (a ministry's of a sector, the NCO's
 * cross-sector one with its section on the measures prefilled from that
 * year's plan; the HQ's), edit its sections and figures while a draft
 * (optimistic locking: each edit names the revision it was made on), move
 * it through its workflow (model/evaluation.h), record the HQ's findings
 * and recommendations, and link plan measures of the next year to the
 * recommendations they answer (traceability). Each reads, checks the
 * actor's reach (kj_authz_eval, kj_authz_plan) and the state, and writes
 * with its event and audit entry in one transaction. A refused request
 * changes nothing and says why, in English, in WHY.
 */
#ifndef KJ_APP_EVALUATION_H
#define KJ_APP_EVALUATION_H

#include <jansson.h>
#include <stdint.h>

#include "app/usecase.h"
#include "model/evaluation.h"
#include "store/store_eval.h"

enum kj_eval_fault {
	KJ_EVAL_F_OK,
	KJ_EVAL_F_BAD,		/* a value is malformed or names nothing known */
	KJ_EVAL_F_NOT_FOUND,	/* no such evaluation, item or measure */
	KJ_EVAL_F_FORBIDDEN,	/* outside the actor's reach */
	KJ_EVAL_F_REFUSED,	/* the state forbids it, or it exists already */
	KJ_EVAL_F_CONFLICT,	/* it changed since the revision given */
};

struct kj_eval_refusal {
	enum kj_eval_fault fault;
	char msg[KJ_ERR_MAX];
};

/* A new evaluation (malloc'd, zeroed); NULL when out of memory. */
struct kj_eval *kj_app_eval_alloc(void);
/* The reference kj_authz_eval takes. */
struct kj_eval_ref kj_app_eval_ref(const struct kj_eval *e);

/*
 * Creates the draft evaluation of fiscal year FY: with HQ 1 the HQ's; else
 * of SECTOR (NULL or "": the cross-sector one) owned by MINISTRY (NULL: the
 * actor's ministry, or the sector's only one). Its section on the measures
 * is prefilled from the plan of the same year and scope, when there is one.
 */
int kj_app_eval_create(struct kj_store *st, const struct kj_actor *actor, const char *fy,
		       const char *sector, const char *ministry, int hq, int64_t *id,
		       struct kj_eval_refusal *why, struct kj_err *err);
/* Reads evaluation ID into E if USER (NULL: the command line) may see it. */
int kj_app_eval_get(struct kj_store *st, const struct kj_user *user, int64_t id,
		    struct kj_eval *e, struct kj_eval_refusal *why, struct kj_err *err);
/* The evaluations of FY (0: every year) USER may see, at most MAX. */
int kj_app_eval_list(struct kj_store *st, const struct kj_user *user, int fy,
		     struct kj_eval_row *out, int max, int *n, struct kj_err *err);
/* What USER may do to E: bits 1 << KJ_EVAL_USE_*. */
unsigned kj_app_eval_may(const struct kj_user *user, const struct kj_eval *e);

/* Sets SECTION of draft ID, made on REVISION (NULL: the command line's
 * edit of whatever is there). */
int kj_app_eval_set_section(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			    const char *revision, const char *section, const char *text,
			    struct kj_eval_refusal *why, struct kj_err *err);
/* Places a figure of KIND (national, sector, requirement, coverage) with REF
 * and CAPTION in SECTION of draft ID. */
int kj_app_eval_add_figure(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			   const char *revision, const char *section, const char *kind,
			   const char *ref, const char *caption, struct kj_eval_refusal *why,
			   struct kj_err *err);
/* Removes figure ORD of SECTION of draft ID. */
int kj_app_eval_drop_figure(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			    const char *revision, const char *section, const char *ord,
			    struct kj_eval_refusal *why, struct kj_err *err);
/* Moves ID by ACT ("submit", "return", "finalise"), MESSAGE its note (a
 * return's is required). */
int kj_app_eval_move(struct kj_store *st, const struct kj_actor *actor, int64_t id,
		     const char *act, const char *message, struct kj_eval_refusal *why,
		     struct kj_err *err);
int kj_app_eval_events(struct kj_store *st, const struct kj_eval *e, struct kj_eval_event *out,
		       int max, int *n, struct kj_err *err);

/* The HQ evaluation's items (evaluation_hq.c). Adds one to draft HQ
 * evaluation ID: KIND finding|recommendation, CATEGORY general|
 * organisation|budget, ADDRESSEE "nco" or a sector code; *ITEM its id. */
int kj_app_eval_item_add(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			 const char *kind, const char *category, const char *addressee,
			 const char *text, int64_t *item, struct kj_eval_refusal *why,
			 struct kj_err *err);
/* Drops item ITEM of a draft HQ evaluation. */
int kj_app_eval_item_drop(struct kj_store *st, const struct kj_actor *actor, int64_t item,
			  struct kj_eval_refusal *why, struct kj_err *err);
/* The items of E (an HQ evaluation), at most MAX. */
int kj_app_eval_items(struct kj_store *st, const struct kj_eval *e, struct kj_hq_item *out,
		      int max, int *n, struct kj_err *err);

/*
 * Links (ON 1) or unlinks plan measure MEASURE as an answer to
 * recommendation ITEM: the recommendation of a final HQ evaluation of FY N,
 * the measure of a plan of FY N + 1 of its addressee (the sector's plan, or
 * the cross-sector plan for "nco"), the actor its plan's owner.
 */
int kj_app_eval_answer(struct kj_store *st, const struct kj_actor *actor, int64_t item,
		       int64_t measure, int on, struct kj_eval_refusal *why, struct kj_err *err);
/* The open recommendations a measure of plan P may answer (of FY P->fy - 1,
 * addressed to P's scope, of a final HQ evaluation), at most MAX. */
int kj_app_eval_open_recs(struct kj_store *st, const struct kj_plan *p, struct kj_eval_rec *out,
			  int max, int *n, struct kj_err *err);
/* Sets the recommendations measure MEASURE answers to the NITEMS ids of
 * ITEMS among those open to it (the plan measure's form). */
int kj_app_eval_measure_answers(struct kj_store *st, const struct kj_actor *actor,
				int64_t measure, const int64_t *items, int nitems,
				struct kj_eval_refusal *why, struct kj_err *err);

/* One recommendation of the traceability view with the measures answering it. */
#define KJ_EVAL_TRACE_ANSWERS 12
struct kj_eval_trace {
	struct kj_eval_rec rec;
	struct kj_eval_answer answers[KJ_EVAL_TRACE_ANSWERS];
	int nanswers;
};
/* The recommendations of FY that USER may see with their answers, at most MAX. */
int kj_app_eval_trace(struct kj_store *st, const struct kj_user *user, int fy,
		      struct kj_eval_trace *out, int max, int *n, struct kj_err *err);

/* JSON of the API and the command line (evaluation_json.c). */
json_t *kj_app_eval_row_json(const struct kj_eval_row *r);
json_t *kj_app_eval_json(const struct kj_eval *e, const struct kj_eval_event *ev, int nev,
			 const struct kj_hq_item *items, int nitems);
json_t *kj_app_eval_trace_json(const struct kj_eval_trace *t);

#endif
