/*
 * What the files of the plan use cases share (plan.c, plan_measure.c):
 * refusals, the plan's reference for kj_authz_plan, the event and audit
 * entry of a write, and the transaction of an edit of a draft.
 */
#ifndef KJ_APP_PLAN_PRIV_H
#define KJ_APP_PLAN_PRIV_H

#include <jansson.h>

#include "app/authz.h"
#include "app/plan.h"

/* Fills WHY; returns 0. */
int kj_app_plan_refuse(struct kj_plan_refusal *why, enum kj_plan_fault fault,
		       const char *fmt, ...) __attribute__((format(printf, 3, 4)));
struct kj_plan_ref kj_app_plan_ref(const struct kj_plan *p);
/* The event ACTION (with MESSAGE) of plan ID and its audit entry "plan.ACTION"
 * with DETAIL (released). */
int kj_app_plan_record(struct kj_store *st, const struct kj_actor *actor, const char *action,
		       int64_t id, const char *message, json_t *detail, struct kj_err *err);
/* Commits when RC is 0 and WHY holds no refusal, else rolls back; 0 or -1. */
int kj_app_plan_in_tx(struct kj_store *st, int rc, struct kj_plan_refusal *why,
		      struct kj_err *err);
/*
 * Opens the transaction of an edit of draft ID made on REVISION, with the
 * plan read into P and its revision moved on. 0 with WHY on a refusal (the
 * transaction then rolled back), or -1 (rolled back).
 */
int kj_app_plan_edit_begin(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			   const char *revision, struct kj_plan *p,
			   struct kj_plan_refusal *why, struct kj_err *err);

#endif
