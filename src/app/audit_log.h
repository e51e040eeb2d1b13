/*
 * Use cases of the audit trail: appending entries (one, or the notes a
 * store write left), checking that this process may write, verifying the
 * chain and an anchor, and listing entries. The rules of an entry and of
 * the chain are model/audit.h; the rows are the store's.
 */
#ifndef KJ_APP_AUDIT_LOG_H
#define KJ_APP_AUDIT_LOG_H

#include <stdint.h>

#include "app/usecase.h"
#include "model/audit.h"
#include "store/store.h"
#include "store/store_audit.h"

/*
 * Appends an entry stamped with the current time. Inside the caller's
 * transaction if one is open (the entry then commits or rolls back with
 * the change it records), else in its own. The values are checked as
 * kj_audit_entry_fill says. Returns 0, or -1 with ERR set.
 */
int kj_audit_log(struct kj_store *st, int64_t actor_user_id, const char *actor,
		 const char *action, const char *object_type,
		 const char *object_id, const char *detail, struct kj_err *err);
/* The same with DETAIL (taken: freed here; may be NULL) a JSON value,
 * written with the json_dumps FLAGS, checked as kj_audit_entry_fill_json says. */
int kj_audit_log_json(struct kj_store *st, int64_t actor_user_id, const char *actor,
		      const char *action, const char *object_type, const char *object_id,
		      json_t *detail, size_t flags, struct kj_err *err);
/* The entry ACTION of ACTOR on object TYPE ID (0: none) with DETAIL, a JSON
 * object built by the caller (taken; NULL: it could not be built, out of
 * memory), its keys sorted: what every use case writes. */
int kj_audit_log_actor(struct kj_store *st, const struct kj_actor *actor, const char *action,
		       const char *type, int64_t id, json_t *detail, struct kj_err *err);
/* A store's writer of an object's own history (who did what when). */
typedef int (*kj_event_add_fn)(struct kj_store *st, int64_t id, const char *at, int64_t actor_id,
			       const char *actor, const char *action, const char *message,
			       struct kj_err *err);
/* A step of a workflow (plans, evaluations): the event ACTION with MESSAGE
 * in object ID's history (ADD), and the audit entry PREFIX.ACTION of ACTOR
 * on TYPE ID with DETAIL (taken; NULL: it could not be built, out of
 * memory), its keys sorted and compact. */
int kj_audit_log_step(struct kj_store *st, const struct kj_actor *actor, kj_event_add_fn add,
		      const char *prefix, const char *type, int64_t id, const char *action,
		      const char *message, json_t *detail, struct kj_err *err);
/* Appends an entry for each of NOTES under the actor, in the caller's transaction. */
int kj_audit_log_notes(struct kj_store *st, int64_t actor_user_id, const char *actor,
		       const struct kj_audit_notes *notes, struct kj_err *err);
/* Before writing to ST's trail: see kj_audit_key_fits. */
int kj_audit_writer_check(struct kj_store *st, struct kj_err *err);

/*
 * Walks the whole trail in id order. *OK is 1 if every entry matches its
 * hash and links to the one before; else 0 with PROBLEM filled for the
 * first entry that does not. *CHECKED is the number of entries read,
 * *FIRST_KEYED the first keyed one (0: none). Returns -1 only when the
 * trail cannot be read.
 */
int kj_audit_verify(struct kj_store *st, struct kj_audit_problem *problem,
		    int *ok, long *checked, int64_t *first_keyed, struct kj_err *err);
/*
 * Checks the anchor POSITION:HASH kept elsewhere: the trail still has entry
 * POSITION, with that hash. Detects entries cut from the end, and a trail
 * rewritten up to the anchor.
 */
int kj_audit_check_anchor(struct kj_store *st, int64_t position, const char *hash,
			  struct kj_audit_problem *problem, int *ok, struct kj_err *err);
/* Entries matching F, newest first, at most min(MAX, F->limit) into OUT. */
int kj_audit_list(struct kj_store *st, const struct kj_audit_filter *f,
		  struct kj_audit_entry *out, int max, int *n, struct kj_err *err);

#endif
