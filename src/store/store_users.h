/*
 * Users in the store (store_users.c), and the organisation lookups a user
 * record needs (exists, by corporate number, its corporate number).
 *
 * Functions return 0 on success and -1 with ERR set on failure; a failed
 * write leaves the database as it was.
 */
#ifndef KJ_STORE_USERS_H
#define KJ_STORE_USERS_H

#include <stdint.h>

#include "base/util.h"
#include "model/user.h"

struct kj_store;

/*
 * Adds U and its sectors in one transaction (the caller's, if one is open:
 * on failure the caller rolls it back). Stores U's login, display_name,
 * role, org_id, sectors, disabled and password_hash (empty: none, the user
 * cannot sign in). Refuses a taken login ("login X is taken"), an operator
 * without an existing organisation, a ministry or CEPTOAR without at least
 * one existing sector, and an organisation or sectors for any other role.
 * Sets U->id.
 */
int kj_store_user_add(struct kj_store *st, struct kj_user *u,
		      struct kj_err *err);
/* The user LOGIN with its sectors and password hash; *FOUND 0 if none. */
int kj_store_user_by_login(struct kj_store *st, const char *login,
			   struct kj_user *out, int *found, struct kj_err *err);
/* The user ID with its sectors and password hash; *FOUND 0 if none. */
int kj_store_user_by_id(struct kj_store *st, int64_t id, struct kj_user *out,
			int *found, struct kj_err *err);
/*
 * The first MAX users by login, with their sectors but without password
 * hashes (a listing never needs them); *N is set to the count.
 */
int kj_store_user_list(struct kj_store *st, struct kj_user *out, int max,
		       int *n, struct kj_err *err);
/*
 * Disables (1) or enables (0) user ID. Disabling also ends every session of
 * the user. In the caller's transaction if one is open.
 */
int kj_store_user_set_disabled(struct kj_store *st, int64_t id, int disabled,
			       struct kj_err *err);
/*
 * Replaces user ID's password hash (HASH from kj_password_hash) and ends
 * every session of the user. In the caller's transaction if one is open.
 */
int kj_store_user_set_password(struct kj_store *st, int64_t id,
			       const char *hash, struct kj_err *err);

/* *EXISTS 1 if organisation ID exists. */
int kj_store_org_exists(struct kj_store *st, int64_t id, int *exists,
			struct kj_err *err);
/* The id of the organisation with CORPORATE_NUMBER into *ID, 0 if none. */
int kj_store_org_by_corpnum(struct kj_store *st, const char *corporate_number,
			    int64_t *id, struct kj_err *err);
/* The corporate number of organisation ID into OUT ("" if it has none). */
int kj_store_org_corpnum(struct kj_store *st, int64_t id, char out[16],
			 struct kj_err *err);

#endif
