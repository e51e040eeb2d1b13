/*
 * A user's own password change (app/password_change.h).
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/password_change.h"
#include "app/signin_self.h"
#include "store/store_users.h"

static int refuse(struct kj_pw_refusal *why, enum kj_pw_fault fault, const char *field,
		  const char *ja, const char *en)
{
	why->fault = fault;
	why->field = field;
	why->ja = ja;
	snprintf(why->en, sizeof why->en, "%s", en);
	return 0;
}

/* The form's own rules, before any hash: both new ones given and equal. */
static int form_refused(const char *old_pw, const char *new_pw, const char *new2,
			struct kj_pw_refusal *why)
{
	if (!old_pw || !*old_pw || strlen(old_pw) > KJ_PASSWORD_MAX)
		return refuse(why, KJ_PW_OLD_WRONG, "old",
			      N_("現在のパスワードを入力してください。"),
			      "give the current password"), 1;
	if (!new_pw || !*new_pw)
		return refuse(why, KJ_PW_WEAK, "new",
			      N_("新しいパスワードを入力してください。"),
			      "give the new password"), 1;
	if (!new2 || strcmp(new_pw, new2))
		return refuse(why, KJ_PW_MISMATCH, "new2",
			      N_("確認用のパスワードが新しいパスワードと一致しません。"),
			      "the repeated new password differs from the new password"), 1;
	if (!strcmp(old_pw, new_pw))
		return refuse(why, KJ_PW_SAME, "new",
			      N_("新しいパスワードは現在のものと違うものにしてください。"),
			      "the new password is the current one"), 1;
	return 0;
}

int kj_app_password_change(struct kj_store *st, const struct kj_actor *actor,
			   const char *old_pw, const char *new_pw, const char *new2,
			   struct kj_pw_refusal *why, struct kj_err *err)
{
	struct kj_user u;
	struct kj_err weak;
	int found = 0, rc = -1;
	memset(why, 0, sizeof *why);
	why->fault = KJ_PW_OK;
	if (form_refused(old_pw, new_pw, new2, why))
		return 0;
	if (kj_store_user_by_id(st, actor->id, &u, &found, err) < 0)
		return -1;
	if (!found || u.disabled) {
		kj_err_set(err, "no user with id %lld", (long long)actor->id);
		return -1;
	}
	if (!u.password_hash[0] || !kj_password_verify(u.password_hash, old_pw)) {
		rc = refuse(why, KJ_PW_OLD_WRONG, "old",
			    N_("現在のパスワードが正しくありません。"),
			    "the current password is wrong");
		goto done;
	}
	const char *ja = NULL;
	if (kj_password_check(new_pw, u.login, &ja, &weak) < 0) {
		rc = refuse(why, KJ_PW_WEAK, "new", ja, weak.msg);
		goto done;
	}
	if (kj_password_hash(new_pw, u.password_hash, err) < 0)
		goto done;
	char uid[24];
	snprintf(uid, sizeof uid, "%lld", (long long)u.id);
	if (kj_store_begin(st, err) < 0)
		goto done;
	if (kj_store_user_set_password(st, u.id, u.password_hash, err) < 0 ||
	    kj_signin_self_set_must_change(st, u.id, 0, err) < 0 ||
	    kj_audit_log(st, actor->id, actor->name, "user.password", "user", uid,
			 "{\"sessions_ended\":true,\"tokens_revoked\":true}", err) < 0 ||
	    kj_store_commit(st, err) < 0) {
		kj_store_rollback(st);
		goto done;
	}
	rc = 0;
done:
	sodium_memzero(u.password_hash, sizeof u.password_hash);
	return rc;
}
