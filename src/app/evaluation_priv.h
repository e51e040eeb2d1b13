/*
 * What the files of the evaluation use cases share (evaluation.c,
 * evaluation_hq.c): refusals, the event and audit entry of a write, and the
 * transaction of an edit of a draft.
 */
#ifndef KJ_APP_EVALUATION_PRIV_H
#define KJ_APP_EVALUATION_PRIV_H

#include <jansson.h>

#include "app/evaluation.h"

/* Fills WHY; returns 0. */
int kj_app_eval_refuse(struct kj_eval_refusal *why, enum kj_eval_fault fault,
		       const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The event ACTION (with MESSAGE) of evaluation ID and its audit entry
 * "eval.ACTION" with DETAIL (released). */
int kj_app_eval_record(struct kj_store *st, const struct kj_actor *actor, const char *action,
		       int64_t id, const char *message, json_t *detail, struct kj_err *err);
/* Commits when RC is 0 and WHY holds no refusal, else rolls back; 0 or -1. */
int kj_app_eval_in_tx(struct kj_store *st, int rc, struct kj_eval_refusal *why,
		      struct kj_err *err);
/* The revision of an edit that adds to a draft whatever it holds (the HQ's
 * items): no optimistic lock. */
#define KJ_EVAL_ANY_REVISION "*"
/*
 * Opens the transaction of an edit of draft ID made on REVISION (NULL: the
 * command line's, on whatever is there; KJ_EVAL_ANY_REVISION: anyone's), E read and its revision moved on.
 * 0 with WHY on a refusal (rolled back), or -1 (rolled back).
 */
int kj_app_eval_edit_begin(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			   const char *revision, struct kj_eval *e,
			   struct kj_eval_refusal *why, struct kj_err *err);

#endif
