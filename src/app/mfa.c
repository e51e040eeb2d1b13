/*
 * The second factor's use cases (app/mfa.h).
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/authz.h"
#include "app/mfa.h"
#include "store/store_mfa.h"
#include "store/store_users.h"

#define ISSUER "kijun"

int kj_mfa_role_requires(const struct kj_user *user)
{
	switch (user->role) {
	case KJ_ROLE_NCO:
	case KJ_ROLE_MINISTRY:
	case KJ_ROLE_SURVEYOR:
	case KJ_ROLE_HQ:
		return 1;
	default:
		return kj_authz_allow(user, KJ_PERM_USER_ADMIN);
	}
}

int kj_mfa_state_of(struct kj_store *st, const struct kj_mfa_key *key,
		    const struct kj_user *user, struct kj_mfa_state *out, struct kj_err *err)
{
	struct kj_mfa_row r;
	memset(out, 0, sizeof *out);
	out->offered = key && key->set;
	if (kj_store_mfa_get(st, user->id, &r, err) < 0)
		return -1;
	out->enrolled = r.secret[0] != '\0';
	out->admin_required = r.required;
	out->required = r.required || kj_mfa_role_requires(user);
	out->enrolled_at = r.enrolled_at;
	if (out->enrolled && kj_store_mfa_recovery_left(st, user->id, &out->recovery_left, err) < 0)
		return -1;
	return 0;
}

int kj_mfa_must_enrol(struct kj_store *st, const struct kj_mfa_key *key,
		      const struct kj_user *user, int *must, struct kj_err *err)
{
	struct kj_mfa_row r;
	*must = 0;
	if (!key || !key->set)
		return 0;
	if (kj_store_mfa_get(st, user->id, &r, err) < 0)
		return -1;
	*must = !r.secret[0] && (r.required || kj_mfa_role_requires(user));
	return 0;
}

int kj_mfa_startup_check(struct kj_store *st, const struct kj_mfa_key *key,
			 struct kj_err *err)
{
	int64_t n = 0;
	if (key && key->set) {
		/* The key given must be the one the secrets were sealed with. */
		char box[KJ_MFA_BOX_MAX];
		unsigned char secret[KJ_MFA_SECRET_BYTES];
		int64_t uid = 0;
		size_t len = 0;
		struct kj_err why;
		if (kj_store_mfa_any(st, &uid, box, err) < 0)
			return -1;
		int opens = !uid || kj_mfa_open(key, uid, box, secret, &len, &why) == 0;
		sodium_memzero(secret, sizeof secret);
		if (!opens) {
			kj_err_set(err, "the MFA key does not open the stored second factors (the "
				   "key they were made with is another file?)");
			return -1;
		}
		return 0;
	}
	if (kj_store_mfa_enrolled_count(st, &n, err) < 0)
		return -1;
	if (n > 0) {
		kj_err_set(err, "%lld users have a second factor: give its key with --mfa-key "
			   "FILE or KIJUN_MFA_KEY (or reset their factors with 'kijun user mfa "
			   "reset LOGIN')", (long long)n);
		return -1;
	}
	return 0;
}

static int refuse(struct kj_mfa_refusal *why, enum kj_mfa_fault fault, const char *field,
		  const char *ja, const char *en)
{
	why->fault = fault;
	why->field = field;
	why->ja = ja;
	why->en = en;
	return 0;
}

static void offer_text(const struct kj_user *user, const unsigned char *secret, size_t n,
		       struct kj_mfa_offer *out)
{
	kj_base32_encode(secret, n, out->secret, sizeof out->secret);
	/* Logins are [a-z0-9._-]: nothing to escape in the URI. */
	snprintf(out->uri, sizeof out->uri, "otpauth://totp/%s:%s?secret=%s&issuer=%s"
		 "&algorithm=SHA1&digits=%d&period=%d", ISSUER, user->login, out->secret, ISSUER,
		 KJ_MFA_DIGITS, KJ_MFA_STEP_S);
}

int kj_mfa_offer(struct kj_store *st, const struct kj_mfa_key *key, const struct kj_user *user,
		 int64_t now, struct kj_mfa_offer *out, struct kj_err *err)
{
	struct kj_mfa_row r;
	unsigned char secret[KJ_MFA_SECRET_BYTES];
	size_t n = 0;
	int rc = -1;
	memset(out, 0, sizeof *out);
	if (!key || !key->set) {
		kj_err_set(err, "no second factor on this server (no --mfa-key)");
		return -1;
	}
	if (kj_store_begin(st, err) < 0)
		return -1;
	if (kj_store_mfa_get(st, user->id, &r, err) < 0)
		goto done;
	struct kj_err ignored;
	if (!r.pending[0] || now - r.pending_at > KJ_MFA_ENROL_S || now < r.pending_at ||
	    kj_mfa_open(key, user->id, r.pending, secret, &n, &ignored) < 0) {
		kj_mfa_secret_new(secret);
		n = sizeof secret;
		if (kj_mfa_seal(key, user->id, secret, n, r.pending, err) < 0)
			goto done;
		r.pending_at = now;
		if (kj_store_mfa_put(st, &r, err) < 0)
			goto done;
	}
	offer_text(user, secret, n, out);
	rc = 0;
done:
	sodium_memzero(secret, sizeof secret);
	if (rc == 0 && kj_store_commit(st, err) < 0)
		rc = -1;
	if (rc < 0)
		kj_store_rollback(st);
	return rc;
}

/* New recovery codes into CODES, their hashes written for USER_ID. */
static int new_codes(struct kj_store *st, const struct kj_mfa_key *key, int64_t user_id,
		     kj_mfa_codes codes, struct kj_err *err)
{
	char hashes[KJ_MFA_RECOVERY_CODES][65];
	for (int i = 0; i < KJ_MFA_RECOVERY_CODES; i++) {
		kj_mfa_recovery_new(codes[i]);
		kj_mfa_recovery_hash(key, user_id, codes[i], hashes[i]);
	}
	return kj_store_mfa_recovery_set(st, user_id, (const char (*)[65])hashes,
					 KJ_MFA_RECOVERY_CODES, err);
}

/* ACTOR's user with its password checked; 0 and WHY set when it is wrong. */
static int password_ok(struct kj_store *st, const struct kj_actor *actor, const char *password,
		       int *ok, struct kj_mfa_refusal *why, struct kj_err *err)
{
	struct kj_user u;
	int found = 0;
	*ok = 0;
	if (!password || !*password || strlen(password) > KJ_PASSWORD_MAX)
		return refuse(why, KJ_MFA_PASSWORD, "password",
			      N_("現在のパスワードを入力してください。"), "give the current password");
	if (kj_store_user_by_id(st, actor->id, &u, &found, err) < 0)
		return -1;
	*ok = found && !u.disabled && u.password_hash[0] &&
	      kj_password_verify(u.password_hash, password);
	sodium_memzero(u.password_hash, sizeof u.password_hash);
	if (!*ok)
		refuse(why, KJ_MFA_PASSWORD, "password", N_("現在のパスワードが正しくありません。"),
		       "the current password is wrong");
	return 0;
}

int kj_mfa_enrol(struct kj_store *st, const struct kj_mfa_key *key,
		 const struct kj_actor *actor, const char *password, const char *code,
		 int64_t now, kj_mfa_codes codes, struct kj_mfa_refusal *why,
		 struct kj_err *err)
{
	struct kj_mfa_row r;
	unsigned char secret[KJ_MFA_SECRET_BYTES];
	size_t n = 0;
	int64_t step = 0;
	int ok = 0, rc = -1;
	char uid[24], detail[64];
	memset(why, 0, sizeof *why);
	memset(codes, 0, sizeof(kj_mfa_codes));
	if (!key || !key->set)
		return refuse(why, KJ_MFA_NO_KEY, "", N_("このサーバでは二要素認証を使えません。"),
			      "no second factor on this server");
	if (password_ok(st, actor, password, &ok, why, err) < 0 || !ok)
		return why->fault ? 0 : -1;
	if (kj_store_begin(st, err) < 0)
		return -1;
	if (kj_store_mfa_get(st, actor->id, &r, err) < 0)
		goto done;
	struct kj_err ignored;
	if (!r.pending[0] || now - r.pending_at > KJ_MFA_ENROL_S ||
	    kj_mfa_open(key, actor->id, r.pending, secret, &n, &ignored) < 0) {
		refuse(why, KJ_MFA_NO_OFFER, "code",
		       N_("登録の有効期限が切れました。表示されている新しい QR コードでもう一度登録してください。"),
		       "the secret offered ran out: enrol again with the new one");
		rc = 0;
		goto done;
	}
	if (!kj_totp_check(secret, n, now, 0, code, &step)) {
		refuse(why, KJ_MFA_CODE, "code",
		       N_("確認コードが正しくありません。認証アプリに表示されている6桁の数字を入力してください。"),
		       "the code is wrong: give the 6 digits the authenticator app shows");
		rc = 0;
		goto done;
	}
	int replaced = r.secret[0] != '\0';
	snprintf(r.secret, sizeof r.secret, "%s", r.pending);
	r.pending[0] = '\0';
	r.pending_at = 0;
	r.last_step = step;
	r.enrolled_at = now;
	snprintf(uid, sizeof uid, "%lld", (long long)actor->id);
	snprintf(detail, sizeof detail, "{\"replaced\":%s,\"recovery_codes\":%d}",
		 replaced ? "true" : "false", KJ_MFA_RECOVERY_CODES);
	if (kj_store_mfa_put(st, &r, err) < 0 || new_codes(st, key, actor->id, codes, err) < 0 ||
	    kj_audit_log(st, actor->id, actor->name, "user.mfa_enrol", "user", uid, detail,
			 err) < 0)
		goto done;
	rc = kj_store_commit(st, err);
done:
	sodium_memzero(secret, sizeof secret);
	if (rc < 0 || why->fault) {
		kj_store_rollback(st);
		sodium_memzero(codes, sizeof(kj_mfa_codes));
	}
	return rc;
}

int kj_mfa_recovery_renew(struct kj_store *st, const struct kj_mfa_key *key,
			  const struct kj_actor *actor, const char *password,
			  kj_mfa_codes codes, struct kj_mfa_refusal *why, struct kj_err *err)
{
	struct kj_mfa_row r;
	int ok = 0;
	char uid[24];
	memset(why, 0, sizeof *why);
	memset(codes, 0, sizeof(kj_mfa_codes));
	if (!key || !key->set)
		return refuse(why, KJ_MFA_NO_KEY, "", N_("このサーバでは二要素認証を使えません。"),
			      "no second factor on this server");
	if (kj_store_mfa_get(st, actor->id, &r, err) < 0)
		return -1;
	if (!r.secret[0])
		return refuse(why, KJ_MFA_NOT_ENROLLED, "",
			      N_("二要素認証が登録されていません。"), "no second factor enrolled");
	if (password_ok(st, actor, password, &ok, why, err) < 0 || !ok)
		return why->fault ? 0 : -1;
	char detail[48];
	snprintf(uid, sizeof uid, "%lld", (long long)actor->id);
	snprintf(detail, sizeof detail, "{\"recovery_codes\":%d}", KJ_MFA_RECOVERY_CODES);
	if (kj_store_begin(st, err) < 0)
		return -1;
	if (new_codes(st, key, actor->id, codes, err) < 0 ||
	    kj_audit_log(st, actor->id, actor->name, "user.mfa_recovery", "user", uid, detail,
			 err) < 0 ||
	    kj_store_commit(st, err) < 0) {
		kj_store_rollback(st);
		sodium_memzero(codes, sizeof(kj_mfa_codes));
		return -1;
	}
	return 0;
}

/* A TOTP code: the secret opened, the code checked, its step taken. */
static int verify_totp(struct kj_store *st, const struct kj_mfa_key *key,
		       const struct kj_mfa_row *r, const char *input, int64_t now, int *ok,
		       struct kj_err *err)
{
	unsigned char secret[KJ_MFA_SECRET_BYTES];
	size_t n = 0;
	int64_t step = 0;
	if (kj_mfa_open(key, r->user_id, r->secret, secret, &n, err) < 0)
		return -1;
	int match = kj_totp_check(secret, n, now, r->last_step, input, &step);
	sodium_memzero(secret, sizeof secret);
	if (!match)
		return 0;
	/* Taken in the store, so two requests with one code never both pass. */
	return kj_store_mfa_take_step(st, r->user_id, step, ok, err);
}

int kj_mfa_verify(struct kj_store *st, const struct kj_mfa_key *key, int64_t user_id,
		  const char *actor_name, const char *input, int64_t now, int *ok,
		  int *recovery, struct kj_err *err)
{
	struct kj_mfa_row r;
	char norm[KJ_MFA_RECOVERY_TEXT], hash[KJ_MFA_HASH_HEX], digits[KJ_MFA_DIGITS + 1];
	*ok = *recovery = 0;
	if (!key || !key->set)
		return 0;
	if (kj_store_mfa_get(st, user_id, &r, err) < 0)
		return -1;
	if (!r.secret[0])
		return 0;
	if (kj_mfa_code_norm(input, digits))
		return verify_totp(st, key, &r, digits, now, ok, err);
	if (!kj_mfa_recovery_norm(input, norm))
		return 0;
	kj_mfa_recovery_hash(key, user_id, norm, hash);
	char uid[24];
	int64_t left = 0;
	snprintf(uid, sizeof uid, "%lld", (long long)user_id);
	if (kj_store_begin(st, err) < 0)
		return -1;
	if (kj_store_mfa_recovery_use(st, user_id, hash, now, ok, err) < 0)
		goto fail;
	if (*ok) {
		char detail[48];
		if (kj_store_mfa_recovery_left(st, user_id, &left, err) < 0)
			goto fail;
		snprintf(detail, sizeof detail, "{\"left\":%lld}", (long long)left);
		if (kj_audit_log(st, user_id, actor_name, "user.recovery_used", "user", uid, detail,
				 err) < 0)
			goto fail;
		*recovery = 1;
	}
	return kj_store_commit(st, err);
fail:
	*ok = *recovery = 0;
	kj_store_rollback(st);
	return -1;
}

int kj_mfa_require(struct kj_store *st, const struct kj_actor *actor, int64_t user_id,
		   int required, int *found, struct kj_err *err)
{
	struct kj_user u;
	struct kj_mfa_row r;
	char uid[24];
	*found = 0;
	if (kj_store_begin(st, err) < 0)
		return -1;
	if (kj_store_user_by_id(st, user_id, &u, found, err) < 0)
		goto fail;
	sodium_memzero(u.password_hash, sizeof u.password_hash);
	if (!*found) {
		kj_store_rollback(st);
		return 0;
	}
	if (kj_store_mfa_get(st, user_id, &r, err) < 0)
		goto fail;
	r.required = required ? 1 : 0;
	snprintf(uid, sizeof uid, "%lld", (long long)user_id);
	if (kj_store_mfa_put(st, &r, err) < 0 ||
	    kj_audit_log(st, actor->id, actor->name, "user.mfa_require", "user", uid,
			 required ? "{\"required\":true}" : "{\"required\":false}", err) < 0)
		goto fail;
	return kj_store_commit(st, err);
fail:
	kj_store_rollback(st);
	return -1;
}

int kj_mfa_reset(struct kj_store *st, const struct kj_actor *actor, int64_t user_id,
		 int *found, struct kj_err *err)
{
	struct kj_user u;
	struct kj_mfa_row r;
	char uid[24], detail[48];
	*found = 0;
	if (kj_store_begin(st, err) < 0)
		return -1;
	if (kj_store_user_by_id(st, user_id, &u, found, err) < 0)
		goto fail;
	sodium_memzero(u.password_hash, sizeof u.password_hash);
	if (!*found) {
		kj_store_rollback(st);
		return 0;
	}
	if (kj_store_mfa_get(st, user_id, &r, err) < 0)
		goto fail;
	snprintf(detail, sizeof detail, "{\"had_factor\":%s}", r.secret[0] ? "true" : "false");
	r.secret[0] = r.pending[0] = '\0';
	r.last_step = r.enrolled_at = r.pending_at = 0;
	snprintf(uid, sizeof uid, "%lld", (long long)user_id);
	if (kj_store_mfa_put(st, &r, err) < 0 ||
	    kj_store_mfa_recovery_set(st, user_id, NULL, 0, err) < 0 ||
	    kj_audit_log(st, actor->id, actor->name, "user.mfa_reset", "user", uid, detail,
			 err) < 0)
		goto fail;
	return kj_store_commit(st, err);
fail:
	kj_store_rollback(st);
	return -1;
}
