/*
 * Use cases of implementation plans (実施計画, issue 14, §2.1): create a
 * fiscal year's plan of a scope prefilled with the standard's main
 * measures, copy last year's forward, edit its structure and measures while
 * a draft (optimistic locking: each edit names the revision it was made
 * on), and move it through its workflow (model/plan.h): submit, return,
 * report. Each reads, checks the actor's reach (kj_authz_plan) and the
 * plan's state, and writes with its event and audit entry in one
 * transaction. A refused request changes nothing and says why, in English,
 * in WHY.
 */
#ifndef KJ_APP_PLAN_H
#define KJ_APP_PLAN_H

#include <jansson.h>
#include <stdint.h>

#include "app/usecase.h"
#include "model/plan.h"
#include "store/store_plan.h"

enum kj_plan_fault {
	KJ_PLAN_OK,
	KJ_PLAN_BAD,		/* a value is malformed or names nothing known */
	KJ_PLAN_NOT_FOUND,	/* no such plan */
	KJ_PLAN_FORBIDDEN,	/* a plan outside the actor's reach (to see, or for this) */
	KJ_PLAN_REFUSED,	/* the plan's state forbids it, or it exists already */
	KJ_PLAN_CONFLICT,	/* the plan changed since the revision given */
};

struct kj_plan_refusal {
	enum kj_plan_fault fault;
	char msg[KJ_ERR_MAX];
};

/* A new plan P (malloc'd, zeroed) for the caller; NULL when out of memory. */
struct kj_plan *kj_app_plan_alloc(void);

/*
 * Creates the draft plan of fiscal year FY for SECTOR (NULL or "": the
 * cross-sector plan) owned by MINISTRY (NULL: the actor's ministry, or for
 * the command line the sector's only one), prefilled with the main measures
 * of the standard in force; *ID its id.
 */
int kj_app_plan_create(struct kj_store *st, const struct kj_actor *actor, const char *fy,
		       const char *sector, const char *ministry, int64_t *id,
		       struct kj_plan_refusal *why, struct kj_err *err);
/* Copies plan FROM into fiscal year FY (NULL: the year after FROM's) as a
 * new draft of the same scope, measures and keys kept; *ID its id. */
int kj_app_plan_copy(struct kj_store *st, const struct kj_actor *actor, int64_t from,
		     const char *fy, int64_t *id, struct kj_plan_refusal *why,
		     struct kj_err *err);
/* Reads plan ID into P if USER (NULL: the command line) may see it (else
 * WHY: NOT_FOUND, or FORBIDDEN for a plan outside the user's reach). */
int kj_app_plan_get(struct kj_store *st, const struct kj_user *user, int64_t id,
		    struct kj_plan *p, struct kj_plan_refusal *why, struct kj_err *err);
/* The plans of FY (0: every year) USER may see, at most MAX. */
int kj_app_plan_list(struct kj_store *st, const struct kj_user *user, int fy,
		     struct kj_plan_row *out, int max, int *n, struct kj_err *err);
/* What USER may do to P: bits 1 << KJ_PLAN_USE_*. */
unsigned kj_app_plan_may(const struct kj_user *user, const struct kj_plan *p);

/* Sets section SECTION ("gov", "pp", "roles") of draft ID, made on REVISION. */
int kj_app_plan_set_body(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			 const char *revision, const char *section, const char *text,
			 struct kj_plan_refusal *why, struct kj_err *err);

/* A measure as typed; NULL for what is not given. */
struct kj_measure_request {
	const char *key;		/* which measure (editing, dropping) */
	const char *category;		/* 1..5 (adding) */
	const char *title, *description, *kpi, *schedule, *owner;
	const char *status;		/* todo, doing, done, review */
	const char *progress;
	const char *reqs;		/* requirement ids, separated by commas or spaces */
};
/* Sets measure REQ->key of draft ID, made on REVISION: every field as given
 * (a field not given keeps its value). */
int kj_app_plan_set_measure(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			    const char *revision, const struct kj_measure_request *req,
			    struct kj_plan_refusal *why, struct kj_err *err);
/* Adds a measure to draft ID, made on REVISION; its key into KEY. */
int kj_app_plan_add_measure(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			    const char *revision, const struct kj_measure_request *req,
			    char key[KJ_PLAN_KEY_MAX], struct kj_plan_refusal *why,
			    struct kj_err *err);
/* Drops measure KEY of draft ID, made on REVISION. */
int kj_app_plan_drop_measure(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			     const char *revision, const char *key,
			     struct kj_plan_refusal *why, struct kj_err *err);
/*
 * Moves plan ID by ACT ("submit", "return", "report"), MESSAGE its note (a
 * return's is required). Submitting freezes the year's target operators
 * into the plan.
 */
int kj_app_plan_move(struct kj_store *st, const struct kj_actor *actor, int64_t id,
		     const char *act, const char *message, struct kj_plan_refusal *why,
		     struct kj_err *err);

/* P's target operators: frozen (*FROZEN 1) or the year's now. */
int kj_app_plan_targets(struct kj_store *st, const struct kj_plan *p, long *n, int *frozen,
			struct kj_err *err);
/* P's events, oldest first. */
int kj_app_plan_events(struct kj_store *st, const struct kj_plan *p,
		       struct kj_plan_event *out, int max, int *n, struct kj_err *err);
/* The plan of the year before P's of the same scope: *ID, 0 if none. */
int kj_app_plan_previous(struct kj_store *st, const struct kj_plan *p, int64_t *id,
			 struct kj_err *err);

/* JSON of the API and the command line (plan_json.c): a listed plan, and a
 * whole plan with its targets (TARGETS, FROZEN) and events EV (N). New
 * references; NULL when out of memory. */
json_t *kj_app_plan_row_json(const struct kj_plan_row *r);
json_t *kj_app_plan_json(const struct kj_plan *p, long targets, int frozen,
			 const struct kj_plan_event *ev, int nev);

#endif
