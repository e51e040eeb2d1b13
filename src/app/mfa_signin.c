/*
 * The second step of a sign-in (app/mfa_signin.h).
 */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/mfa.h"
#include "app/mfa_signin.h"
#include "app/signin_limit.h"
#include "app/signin_self.h"
#include "store/store_users.h"

/* What the store keeps of a token: its BLAKE2b-256, hex. */
static void token_hash(const char *token, char hex[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(hex, 65, h, sizeof h);
}

int kj_mfa_signin_needed(struct kj_store *st, const struct kj_mfa_key *key, int64_t user_id,
			 int *need, struct kj_err *err)
{
	struct kj_mfa_row r;
	*need = 0;
	if (!key || !key->set)
		return 0;
	if (kj_store_mfa_get(st, user_id, &r, err) < 0)
		return -1;
	*need = r.secret[0] != '\0';
	return 0;
}

int kj_mfa_halfway_begin(struct kj_store *st, int64_t user_id, const char *addr, int64_t now,
			 const char *next, char token[KJ_MFA_TOKEN_MAX], struct kj_err *err)
{
	unsigned char raw[32];
	char hash[65];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(token, KJ_MFA_TOKEN_MAX, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	token_hash(token, hash);
	if (kj_signin_password_ok(st, addr, err) < 0 || kj_store_begin(st, err) < 0)
		return -1;
	if (kj_store_mfa_halfway_expire(st, now - KJ_MFA_PENDING_S, err) < 0 ||
	    kj_store_mfa_halfway_create(st, hash, user_id, now, next, err) < 0 ||
	    kj_store_commit(st, err) < 0) {
		kj_store_rollback(st);
		sodium_memzero(token, KJ_MFA_TOKEN_MAX);
		return -1;
	}
	return 0;
}

int kj_mfa_halfway_load(struct kj_store *st, const char *token, int64_t now,
			struct kj_mfa_halfway *out, int *found, struct kj_err *err)
{
	char hash[65];
	*found = 0;
	if (!token || !*token || strlen(token) >= KJ_MFA_TOKEN_MAX)
		return 0;
	token_hash(token, hash);
	if (kj_store_mfa_halfway_get(st, hash, out, found, err) < 0)
		return -1;
	if (*found && (now - out->created_at > KJ_MFA_PENDING_S || now < out->created_at ||
		       out->fails >= KJ_MFA_PENDING_FAILS_MAX)) {
		*found = 0;
		return kj_store_mfa_halfway_delete(st, hash, err);
	}
	return 0;
}

int kj_mfa_halfway_end(struct kj_store *st, const char *token, struct kj_err *err)
{
	char hash[65];
	if (!token || !*token || strlen(token) >= KJ_MFA_TOKEN_MAX)
		return 0;
	token_hash(token, hash);
	return kj_store_mfa_halfway_delete(st, hash, err);
}

/* A wrong code: counted on the half step (ended at the limit), written to
 * the trail and kept for the user's notice; one transaction. */
static int wrong(struct kj_store *st, const char *hash, const struct kj_user *u,
		 const struct kj_mfa_halfway *hw, const char *addr, int64_t now,
		 enum kj_mfa_answer *answer, struct kj_err *err)
{
	json_t *j = json_pack("{s:s, s:I}", "address", addr, "fails", (json_int_t)(hw->fails + 1));
	char *detail = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (!detail) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	int ended = hw->fails + 1 >= KJ_MFA_PENDING_FAILS_MAX;
	int rc = kj_store_begin(st, err);
	if (rc == 0 && ((ended ? kj_store_mfa_halfway_delete(st, hash, err)
			       : kj_store_mfa_halfway_fail(st, hash, err)) < 0 ||
			kj_signin_self_failed(st, u->id, addr, now, err) < 0 ||
			kj_audit_log(st, u->id, "anonymous", "signin.mfa_failed", "login", u->login,
				     detail, err) < 0 ||
			kj_store_commit(st, err) < 0)) {
		kj_store_rollback(st);
		rc = -1;
	}
	free(detail);
	*answer = ended ? KJ_MFA_ANSWER_ENDED : KJ_MFA_ANSWER_WRONG;
	return rc;
}

int kj_mfa_halfway_answer(struct kj_store *st, const struct kj_mfa_key *key, const char *token,
			  const char *addr, int64_t now, const char *input,
			  enum kj_mfa_answer *answer, int64_t *user_id, char next[520],
			  int64_t *wait, struct kj_err *err)
{
	struct kj_mfa_halfway hw;
	struct kj_user u;
	char hash[65], actor[KJ_LOGIN_MAX + 8];
	int found = 0, go = 0, ok = 0, recovery = 0;
	*answer = KJ_MFA_ANSWER_ENDED;
	*user_id = 0;
	*wait = 0;
	next[0] = '\0';
	if (kj_mfa_halfway_load(st, token, now, &hw, &found, err) < 0)
		return -1;
	if (!found)
		return 0;
	token_hash(token, hash);
	if (kj_store_user_by_id(st, hw.user_id, &u, &found, err) < 0)
		return -1;
	sodium_memzero(u.password_hash, sizeof u.password_hash);
	if (!found || u.disabled)
		return kj_store_mfa_halfway_delete(st, hash, err);
	/* Counted before the code is checked, like a password. */
	if (kj_signin_check(st, now, addr, u.login, &go, wait, err) < 0)
		return -1;
	if (!go) {
		*answer = KJ_MFA_ANSWER_WAIT;
		return 0;
	}
	snprintf(actor, sizeof actor, "user:%s", u.login);
	if (kj_mfa_verify(st, key, u.id, actor, input, now, &ok, &recovery, err) < 0)
		return -1;
	if (!ok)
		return wrong(st, hash, &u, &hw, addr, now, answer, err);
	if (kj_store_mfa_halfway_delete(st, hash, err) < 0 ||
	    kj_signin_succeeded(st, addr, u.login, err) < 0)
		return -1;
	*answer = KJ_MFA_ANSWER_OK;
	*user_id = u.id;
	snprintf(next, 520, "%s", hw.next);
	return 0;
}
