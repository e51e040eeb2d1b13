/*
 * The store's second factor (migration 17): each user's row (required,
 * the encrypted secret and the last step used, a secret offered for
 * enrolment), the recovery codes' hashes, and the half step of a sign-in
 * between password and code. The rules are app/mfa.c's; this file only
 * reads and writes, in the caller's transaction if one is open.
 */
#ifndef KJ_STORE_STORE_MFA_H
#define KJ_STORE_STORE_MFA_H

#include <stdint.h>

#include "base/limits.h"
#include "store/store.h"

struct kj_mfa_row {
	int64_t user_id;
	int required;			/* an administrator requires it */
	char secret[KJ_MFA_BOX_MAX];	/* sealed (model/mfa.h); "" when not enrolled */
	int64_t last_step;		/* the last TOTP step accepted */
	int64_t enrolled_at;		/* Unix seconds */
	char pending[KJ_MFA_BOX_MAX];	/* a sealed secret offered, not yet confirmed */
	int64_t pending_at;
};

/* USER_ID's row into OUT, all zero (no row yet) if there is none. */
int kj_store_mfa_get(struct kj_store *st, int64_t user_id, struct kj_mfa_row *out,
		     struct kj_err *err);
/* Writes IN over the row of its user, or adds it. */
int kj_store_mfa_put(struct kj_store *st, const struct kj_mfa_row *in, struct kj_err *err);
/* Takes STEP as USER_ID's last: *DONE 0 when a step as late or later was
 * already taken (the code was used), so two requests never both pass. */
int kj_store_mfa_take_step(struct kj_store *st, int64_t user_id, int64_t step, int *done,
			   struct kj_err *err);
/* One user with a second factor: its id into *USER_ID (0 if none) and its
 * sealed secret into BOX. */
int kj_store_mfa_any(struct kj_store *st, int64_t *user_id, char box[KJ_MFA_BOX_MAX],
		     struct kj_err *err);
/* How many users have a second factor. */
int kj_store_mfa_enrolled_count(struct kj_store *st, int64_t *n, struct kj_err *err);

/* USER_ID's recovery codes replaced by the N hashes HASHES (hex). */
int kj_store_mfa_recovery_set(struct kj_store *st, int64_t user_id, const char (*hashes)[65],
			      int n, struct kj_err *err);
/* Marks the unused code HASH of USER_ID used at NOW; *DONE 0 if there is no
 * such unused code. */
int kj_store_mfa_recovery_use(struct kj_store *st, int64_t user_id, const char *hash,
			      int64_t now, int *done, struct kj_err *err);
/* The unused recovery codes of USER_ID. */
int kj_store_mfa_recovery_left(struct kj_store *st, int64_t user_id, int64_t *n,
			       struct kj_err *err);

struct kj_mfa_halfway {
	int64_t user_id;
	int64_t created_at;
	int64_t fails;
	char next[520];
};

int kj_store_mfa_halfway_create(struct kj_store *st, const char *token_hash, int64_t user_id,
				int64_t now, const char *next, struct kj_err *err);
/* *FOUND 0 when there is no such half step. */
int kj_store_mfa_halfway_get(struct kj_store *st, const char *token_hash,
			     struct kj_mfa_halfway *out, int *found, struct kj_err *err);
int kj_store_mfa_halfway_fail(struct kj_store *st, const char *token_hash, struct kj_err *err);
int kj_store_mfa_halfway_delete(struct kj_store *st, const char *token_hash,
				struct kj_err *err);
/* Deletes the half steps begun before BEFORE. */
int kj_store_mfa_halfway_expire(struct kj_store *st, int64_t before, struct kj_err *err);

#endif
