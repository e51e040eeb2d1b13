/*
 * The second step of a sign-in (issue 16): after the password of a user
 * with a second factor, a half step (its own cookie, kept hashed, at most
 * KJ_MFA_PENDING_S and KJ_MFA_PENDING_FAILS_MAX wrong codes) waits for the
 * code; no session exists until the code passes. Each code is counted by
 * the sign-in limits (app/signin_limit.h) like a password.
 *
 * Functions return 0, or -1 with ERR set when the store failed.
 */
#ifndef KJ_APP_MFA_SIGNIN_H
#define KJ_APP_MFA_SIGNIN_H

#include <stdint.h>

#include "model/mfa.h"
#include "store/store.h"
#include "store/store_mfa.h"

#define KJ_MFA_TOKEN_MAX 64	/* the half step's cookie value, with its NUL */

/* *NEED 1 when USER_ID signs in with a second factor (a key, enrolled). */
int kj_mfa_signin_needed(struct kj_store *st, const struct kj_mfa_key *key, int64_t user_id,
			 int *need, struct kj_err *err);
/* Begins USER_ID's half step at NOW, going to NEXT after it: its secret
 * token (for the cookie) into TOKEN. The address's advance is given back
 * (kj_signin_password_ok from ADDR). */
int kj_mfa_halfway_begin(struct kj_store *st, int64_t user_id, const char *addr, int64_t now,
			 const char *next, char token[KJ_MFA_TOKEN_MAX], struct kj_err *err);
/* The half step of TOKEN at NOW into OUT; *FOUND 0 when there is none, or
 * it ran out (then it is deleted). */
int kj_mfa_halfway_load(struct kj_store *st, const char *token, int64_t now,
			struct kj_mfa_halfway *out, int *found, struct kj_err *err);

enum kj_mfa_answer {
	KJ_MFA_ANSWER_OK,	/* signed in: *USER_ID and NEXT */
	KJ_MFA_ANSWER_WRONG,	/* wrong, used or expired: try again */
	KJ_MFA_ANSWER_ENDED,	/* wrong too often, ran out or gone: the password again */
	KJ_MFA_ANSWER_WAIT,	/* the sign-in limits say wait *WAIT seconds */
};

/*
 * INPUT (a TOTP or recovery code) for the half step of TOKEN, from ADDR at
 * NOW. A wrong one is written to the audit trail (signin.mfa_failed) and
 * kept for the user's notice of failed sign-ins.
 */
int kj_mfa_halfway_answer(struct kj_store *st, const struct kj_mfa_key *key, const char *token,
			  const char *addr, int64_t now, const char *input,
			  enum kj_mfa_answer *answer, int64_t *user_id, char next[520],
			  int64_t *wait, struct kj_err *err);
/* Ends the half step of TOKEN (signing out of it). */
int kj_mfa_halfway_end(struct kj_store *st, const char *token, struct kj_err *err);

#endif
