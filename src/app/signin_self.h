/*
 * What a user's sign-ins keep of their own (issue 16, store_user_signin.h):
 * the failed attempts since the last success, told to the user once after
 * the next one; the password an administrator reset, which must be changed
 * at the next sign-in; the language the user chose.
 *
 * Functions return 0, or -1 with ERR set when the store failed.
 */
#ifndef KJ_APP_SIGNIN_SELF_H
#define KJ_APP_SIGNIN_SELF_H

#include <stddef.h>
#include <stdint.h>

#include "app/usecase.h"
#include "store/store.h"
#include "store/store_user_signin.h"

/* A failed sign-in of USER_ID from ADDR at NOW, in the caller's transaction
 * if one is open. */
int kj_signin_self_failed(struct kj_store *st, int64_t user_id, const char *addr, int64_t now,
			  struct kj_err *err);
/* A success: the failures since the last one become the notice to show
 * (added to one not yet shown); OUT gets the user's state after it. */
int kj_signin_self_succeeded(struct kj_store *st, int64_t user_id,
			     struct kj_user_signin *out, struct kj_err *err);
/* The notice of failed sign-ins into OUT (OUT->notice 0 if none), taken:
 * it is shown once. */
int kj_signin_self_take_notice(struct kj_store *st, int64_t user_id,
			       struct kj_user_signin *out, struct kj_err *err);
/* *MUST 1 if USER_ID must change their password before anything else. */
int kj_signin_self_must_change(struct kj_store *st, int64_t user_id, int *must,
			       struct kj_err *err);
/* Sets or clears the must-change flag, in the caller's transaction if open. */
int kj_signin_self_set_must_change(struct kj_store *st, int64_t user_id, int must,
				   struct kj_err *err);
/* Keeps LANG ("ja" or "en") as USER_ID's choice. */
int kj_signin_self_set_lang(struct kj_store *st, int64_t user_id, const char *lang,
			    struct kj_err *err);

/*
 * An administrator's reset of user USER_ID (issue 16): a random temporary
 * password into TEMP (N bytes, at least 24), to be given to the user once;
 * it must be changed at the next sign-in, so the administrator never knows
 * the password the user goes on with. Every session and API token of the
 * user ends; the audit entry user.reset under ACTOR; one transaction.
 * *FOUND 0 (nothing written) when there is no such user or it is disabled.
 */
int kj_app_user_reset(struct kj_store *st, const struct kj_actor *actor, int64_t user_id,
		      char *temp, size_t n, int *found, struct kj_err *err);

#endif
