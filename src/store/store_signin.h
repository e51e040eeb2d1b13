/*
 * The store's sign-in limits (migration 11): a row per client address and
 * per account, keyed by a hash of the address or login, that every process
 * serving the database reads and writes. The rules (when a window starts
 * again, what a lock-out is, what makes room) are app/signin_limit.c's;
 * this file only reads and writes rows, inside the caller's transaction.
 */
#ifndef KJ_STORE_STORE_SIGNIN_H
#define KJ_STORE_STORE_SIGNIN_H

#include <stdint.h>

#include "store/store.h"

enum kj_signin_kind { KJ_SIGNIN_ADDRESS, KJ_SIGNIN_ACCOUNT };

/* The hex of a key's hash, and its NUL. */
#define KJ_SIGNIN_KEY_HEX 65

struct kj_signin_row {
	char key_hash[KJ_SIGNIN_KEY_HEX];
	int64_t window_start;	/* Unix seconds */
	int64_t fails;		/* failures counted in the window (in advance) */
	int64_t refused;	/* refusals not yet written to the audit trail */
	int64_t logged_minute;	/* Unix minute of the last audit entry of refusals */
	int64_t locked_until;	/* Unix seconds; 0: not locked out */
};

/* The row of KEY_HASH into OUT; *FOUND 0 if there is none. */
int kj_store_signin_get(struct kj_store *st, enum kj_signin_kind kind,
			const char *key_hash, struct kj_signin_row *out, int *found,
			struct kj_err *err);
/* Writes ROW over the row of its key, or adds it. */
int kj_store_signin_put(struct kj_store *st, enum kj_signin_kind kind,
			const struct kj_signin_row *row, struct kj_err *err);
/*
 * Deletes at most MAX rows of KIND, oldest window first, whose window began
 * at or before IDLE_BEFORE and that hold no refusals to write, or that
 * began at or before STALE_BEFORE whatever they hold; *N the rows deleted.
 */
int kj_store_signin_expire(struct kj_store *st, enum kj_signin_kind kind,
			   int64_t idle_before, int64_t stale_before, int max, long *n,
			   struct kj_err *err);
/* The number of rows of KIND. */
int kj_store_signin_count(struct kj_store *st, enum kj_signin_kind kind, long *n,
			  struct kj_err *err);
/* Deletes the row of KIND with the oldest window that is not locked out at
 * NOW; *DONE 0 if every row is locked out. */
int kj_store_signin_evict(struct kj_store *st, enum kj_signin_kind kind, int64_t now,
			  int *done, struct kj_err *err);
/* Deletes every row (every count and lock-out forgotten). */
int kj_store_signin_clear(struct kj_store *st, struct kj_err *err);

#endif
