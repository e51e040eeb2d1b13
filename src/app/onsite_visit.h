/*
 * Use cases of on-site visits (issue 15, §2.2 実地調査): plan a visit of an
 * operator in an on-site survey (its date, inspectors and the requirements
 * in scope, each filled with the level the operator reported in its
 * submitted questionnaire of the survey's year), record per requirement the
 * verified level, findings and evidence (on the page or from the offline
 * form, onsite_visit_form.c), issue the visit's report (from then on the
 * operator's users see the findings addressed to them), and the operator's
 * replies: a corrective action and its date per finding. States: planned
 * -> recorded (every item recorded) -> issued. Each use case reads, checks
 * kj_authz_visit, writes with optimistic locking (the visit's revision),
 * adds its onsite_event and audit entry, in one transaction.
 *
 * Return conventions: 0 (WHY->fault tells a refusal, nothing changed), or
 * -1 with ERR when the store failed.
 */
#ifndef KJ_APP_ONSITE_VISIT_H
#define KJ_APP_ONSITE_VISIT_H

#include <stdint.h>

#include "app/authz.h"
#include "app/usecase.h"
#include "store/store_onsite_visit.h"
#include "store/store_survey.h"

#define KJ_VISIT_REASON_MAX	500	/* characters of the reason for an unselected operator */
#define KJ_VISIT_SCOPE_MAX	4096	/* bytes of a scope as typed */

enum kj_visit_fault {
	KJ_VISIT_OK,
	KJ_VISIT_NOT_FOUND,	/* no such visit or survey, or not for this user */
	KJ_VISIT_FORBIDDEN,	/* seen, but not this action */
	KJ_VISIT_BAD,		/* bad input: FIELD names it */
	KJ_VISIT_CONFLICT,	/* changed since it was read, or not in the right state */
};

struct kj_visit_refusal {
	enum kj_visit_fault fault;
	char field[32];		/* the input at fault, or "" */
	char msg_ja[400];
	char msg[400];		/* English, for the command line and the API */
};

/* A visit with what its reader needs (kj_app_visit_load). */
struct kj_visit_view {
	struct kj_visit v;
	struct kj_survey sv;
	struct kj_visit_item *items;		/* malloc'd with the view */
	int nitems;
	struct kj_visit_event *events;
	int nevents;
	unsigned may;				/* 1 << enum kj_visit_act allowed */
};

/* A new visit: whom, when, who inspects, which requirements. */
struct kj_visit_plan {
	int64_t org;				/* the operator */
	const char *visit_on;			/* YYYY-MM-DD */
	const char *inspectors;			/* logins separated by commas or spaces */
	const char *scope;			/* requirement ids or function codes
						 * ("identify", "3.4.1-2"); NULL or "": all */
	const char *reason;			/* needed when ORG is not an approved pick */
};
int kj_app_visit_plan(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
		      const struct kj_visit_plan *p, int64_t *id, struct kj_visit_refusal *why,
		      struct kj_err *err);

/* Reads VISIT for ACTOR into *OUT (free it with kj_app_visit_view_free):
 * refused NOT_FOUND when ACTOR may not read it. */
int kj_app_visit_load(struct kj_store *st, const struct kj_actor *actor, int64_t visit,
		      struct kj_visit_view **out, struct kj_visit_refusal *why,
		      struct kj_err *err);
void kj_app_visit_view_free(struct kj_visit_view *v);

/* One item's record as typed. */
struct kj_visit_entry {
	const char *item;			/* requirement id "3.2.1-1" */
	const char *level;			/* as kj_level_parse reads it; "" clears it */
	const char *na_reason, *findings, *evidence;
};
/*
 * Records N entries of VISIT made on REVISION, all checked before any is
 * written (a bad one: BAD, FIELD "ITEM"); the visit moves to recorded once
 * every item is recorded (back to planned when one is cleared). Refused
 * once issued, or when the visit changed since REVISION (CONFLICT).
 * *NEWREV the revision after it.
 */
int kj_app_visit_record(struct kj_store *st, const struct kj_actor *actor, int64_t visit,
			long revision, const struct kj_visit_entry *e, int n, long *newrev,
			struct kj_visit_refusal *why, struct kj_err *err);

/*
 * The same for one function's page (issue 15, recording per function):
 * FUNCTION is a function code of the standard ("governance"), refused
 * NOT_FOUND (FIELD "function") when no item of VISIT is of it, and BAD
 * (FIELD the item) for an entry of another function; the same revision and
 * checks otherwise. NULL FUNCTION: any item (kj_app_visit_record).
 */
int kj_app_visit_record_fn(struct kj_store *st, const struct kj_actor *actor, int64_t visit,
			   const char *function, long revision, const struct kj_visit_entry *e,
			   int n, long *newrev, struct kj_visit_refusal *why, struct kj_err *err);

/* The same in the caller's write transaction (the form's import adds its
 * own audit entry to it); on a refusal the caller rolls back. */
int kj_app_visit_record_tx(struct kj_store *st, const struct kj_actor *actor, int64_t visit,
			   long revision, const struct kj_visit_entry *e, int n, long *newrev,
			   struct kj_visit_refusal *why, struct kj_err *err);

/* Issues VISIT's report (every item recorded, at REVISION). */
int kj_app_visit_issue(struct kj_store *st, const struct kj_actor *actor, int64_t visit,
		       long revision, struct kj_visit_refusal *why, struct kj_err *err);

/* The operator's reply to the finding of ITEM: ACTION and DUE_ON (YYYY-MM-DD). */
int kj_app_visit_reply(struct kj_store *st, const struct kj_actor *actor, int64_t visit,
		       const char *item, const char *action, const char *due_on,
		       struct kj_visit_refusal *why, struct kj_err *err);

/* The visits ACTOR may read, newest first: of SURVEY (0: any); MINE: only
 * those assigned to ACTOR (an operator: its own issued ones). Heads into
 * OUT (at most MAX). */
int kj_app_visit_list(struct kj_store *st, const struct kj_actor *actor, int64_t survey, int mine,
		      struct kj_visit *out, int max, int *n, struct kj_err *err);

/* Reads on-site survey SURVEY for ACTOR: NOT_FOUND when it is none, or ACTOR
 * may not see it; *MAY_PLAN 1 when ACTOR owns it. */
int kj_app_visit_survey(struct kj_store *st, const struct kj_actor *actor, int64_t survey,
			struct kj_survey *sv, int *may_plan, struct kj_visit_refusal *why,
			struct kj_err *err);

/* Labels of a state ("planned" ...) in Japanese. */
const char *kj_visit_state_ja(const char *state);

/* For the form import (onsite_visit_form.c): VISIT's ref for ACTOR. */
int kj_app_visit_may(struct kj_store *st, const struct kj_actor *actor, const struct kj_visit *v,
		     const struct kj_survey *sv, unsigned *may, struct kj_err *err);

#endif
