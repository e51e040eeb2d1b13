/*
 * The audit trail in the store (store_audit.c): its tail, inserting an
 * entry as model/audit.c made it, walking, reading and listing entries.
 *
 * Functions return 0 on success and -1 with ERR set on failure; a failed
 * write leaves the database as it was.
 */
#ifndef KJ_STORE_AUDIT_H
#define KJ_STORE_AUDIT_H

#include <stdint.h>

#include "base/util.h"
#include "model/audit.h"

struct kj_store;

/*
 * The id and hash of the last entry (0 and 64 zeros for an empty trail).
 * Call it inside a write transaction, so that nothing can be appended
 * between it and the kj_store_audit_insert that follows.
 */
int kj_store_audit_tail(struct kj_store *st, int64_t *id,
			char hash[KJ_AUDIT_HASH_HEX], struct kj_err *err);
/* Inserts E as it is, its id included (see model/audit.c). */
int kj_store_audit_insert(struct kj_store *st, const struct kj_audit_entry *e,
			  struct kj_err *err);
/*
 * Calls FN for every entry in id order, until FN returns non-zero.
 * MALFORMED is 1 when a column of the row could not have been written by
 * kijun (too long for its field, a NUL byte inside): E then holds a cut
 * copy of it.
 */
typedef int (*kj_audit_walk_fn)(void *ctx, const struct kj_audit_entry *e,
				int malformed);
int kj_store_audit_walk(struct kj_store *st, kj_audit_walk_fn fn, void *ctx,
			struct kj_err *err);
/* Entry ID into E (*FOUND 0 if there is none). */
int kj_store_audit_get(struct kj_store *st, int64_t id, struct kj_audit_entry *e,
		       int *found, struct kj_err *err);
/* Entries matching F (already validated), newest first, at most MAX. */
int kj_store_audit_list(struct kj_store *st, const struct kj_audit_filter *f,
			struct kj_audit_entry *out, int max, int *n,
			struct kj_err *err);

#endif
