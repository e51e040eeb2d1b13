/*
 * The store's sessions and personal API tokens. Only hashes of the secret
 * tokens are stored; a stolen database holds no usable session or token.
 */
#ifndef KJ_STORE_STORE_SESSION_H
#define KJ_STORE_STORE_SESSION_H

#include <stdint.h>

#include "store/store.h"

struct kj_session_row {
	int64_t user_id;
	char csrf[65];
	char lang[4];
	int64_t created_at, last_seen;	/* Unix seconds */
};

int kj_store_session_create(struct kj_store *st, const char *token_hash,
			    int64_t user_id, const char *csrf, const char *lang,
			    int64_t now, const char *remote, struct kj_err *err);
/* *FOUND is 0 when there is no such session. */
int kj_store_session_get(struct kj_store *st, const char *token_hash,
			 struct kj_session_row *out, int *found,
			 struct kj_err *err);
/* Notes the session's last use, without waiting for another writer (best
 * effort: a busy database leaves it for the next request). */
int kj_store_session_touch(struct kj_store *st, const char *token_hash,
			   int64_t now, struct kj_err *err);
int kj_store_session_delete(struct kj_store *st, const char *token_hash,
			    struct kj_err *err);
/* Deletes sessions idle or older than the limits (run now and then). */
int kj_store_session_expire(struct kj_store *st, int64_t idle_before,
			    int64_t created_before, struct kj_err *err);

struct kj_token_row {
	int64_t id;
	char name[128];
	char created_at[32];
	char expires_at[32];	/* for a token made before expiry: 90 days on */
	char last_used_at[32];
	int revoked;
	int expired;		/* at the NOW given to the listing */
};

/* A token made at NOW (Unix seconds) that expires DAYS days later. */
int kj_store_token_create(struct kj_store *st, int64_t user_id,
			  const char *name, const char *token_hash, int64_t now,
			  int days, int64_t *id, struct kj_err *err);
/* The user of a token neither revoked nor expired at NOW; *FOUND 0 if none.
 * Records the use (at most once a minute). */
int kj_store_token_lookup(struct kj_store *st, const char *token_hash, int64_t now,
			  int64_t *user_id, int *found, struct kj_err *err);
/* Revokes every live token of USER_ID (password changed, account disabled);
 * *N the number revoked. */
int kj_store_token_revoke_all(struct kj_store *st, int64_t user_id, int *n,
			      struct kj_err *err);
/* USER_ID's tokens: live ones first, then expired, then revoked, each newest
 * first; EXPIRED set as of NOW. */
int kj_store_token_list(struct kj_store *st, int64_t user_id, int64_t now,
			struct kj_token_row *out, int max, int *n,
			struct kj_err *err);
/* Revokes token ID if it belongs to USER_ID; *DONE 0 if it does not. */
int kj_store_token_revoke(struct kj_store *st, int64_t user_id, int64_t id,
			  int *done, struct kj_err *err);

#endif
