/*
 * The store's per-user sign-in state (migration 16): whether the password
 * must be changed at the next sign-in, the language the user chose, the
 * failed sign-ins since the last success and the notice of them to show
 * once. The rules are app/signin_self.c's; this file only reads and writes
 * the row, in the caller's transaction if one is open.
 */
#ifndef KJ_STORE_STORE_USER_SIGNIN_H
#define KJ_STORE_STORE_USER_SIGNIN_H

#include <stdint.h>

#include "store/store.h"

#define KJ_ADDR_TEXT_MAX 64	/* bytes of a client address kept, with its NUL */

struct kj_user_signin {
	int64_t user_id;
	int must_change;
	char lang[4];			/* "", "ja" or "en" */
	int64_t failed, failed_at;	/* failures since the last success */
	char failed_from[KJ_ADDR_TEXT_MAX];
	int64_t notice, notice_at;	/* the notice waiting to be shown */
	char notice_from[KJ_ADDR_TEXT_MAX];
};

/* USER_ID's row into OUT, all zero (no row yet) if there is none. */
int kj_store_user_signin_get(struct kj_store *st, int64_t user_id,
			     struct kj_user_signin *out, struct kj_err *err);
/* Writes IN over the row of its user, or adds it. */
int kj_store_user_signin_put(struct kj_store *st, const struct kj_user_signin *in,
			     struct kj_err *err);

#endif
