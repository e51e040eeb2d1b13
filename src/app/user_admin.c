/* Use cases of user administration: the new user's rules in one place;
 * disabling and enabling a user. */
#include <jansson.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/user_admin.h"
#include "model/corpnum.h"
#include "store/store_users.h"

static int given(const char *s)
{
	return s && *s;
}

static int refuse(struct kj_user_refusal *why, enum kj_user_fault fault, const char *ja,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int refuse(struct kj_user_refusal *why, enum kj_user_fault fault, const char *ja,
		  const char *fmt, ...)
{
	va_list ap;
	why->fault = fault;
	why->ja = ja;
	va_start(ap, fmt);
	vsnprintf(why->en, sizeof why->en, fmt, ap);
	va_end(ap);
	return 0;
}

/* The rules that need no database. */
static int check_form(const struct kj_user_form *f, struct kj_user *u,
		      struct kj_user_refusal *why)
{
	const char *ja = NULL;
	struct kj_err e;
	if (!given(f->login) || !kj_login_valid(f->login))
		return refuse(why, KJ_USER_FORM, N_("サインイン ID の形式が正しくありません。"),
			      "login '%s' is not valid: 3 to %d of a-z, 0-9, '.', '_', '-', "
			      "starting with a letter or digit", f->login ? f->login : "",
			      KJ_LOGIN_MAX - 1);
	size_t dn = given(f->display_name) ? strlen(f->display_name) : 0;
	if (dn == 0 || dn >= KJ_DISPLAY_MAX || !kj_utf8_valid_text(f->display_name, dn) ||
	    strpbrk(f->display_name, "\t\r\n"))
		return refuse(why, KJ_USER_FORM, N_("氏名を入力してください（127バイト以内）。"),
			      "the name must be 1 to %d bytes of text on one line",
			      KJ_DISPLAY_MAX - 1);
	int role = given(f->role) ? kj_role_parse(f->role) : -1;
	if (role < 0)
		return refuse(why, KJ_USER_FORM, N_("役割を選んでください。"),
			      "unknown role '%s' (one of: nco, ministry, operator, hq, "
			      "surveyor, ceptoar, auditor)", f->role ? f->role : "");
	if (kj_user_scope_check((enum kj_role)role, given(f->org), given(f->ministry),
				f->nsectors, &ja, &e) < 0)
		return refuse(why, KJ_USER_FORM, ja, "%s (--org CORPORATE_NUMBER is for "
			      "operators, --ministry CODE for ministry users, --sector CODE for "
			      "ceptoar users)", e.msg);
	if (given(f->ministry) && !kj_ministry_code_valid(f->ministry))
		return refuse(why, KJ_USER_FORM, N_("所属省庁の指定が正しくありません。"),
			      "'%s' is not a ministry code (1 to %d of a-z, 0-9, '_' and '-')",
			      f->ministry, KJ_MINISTRY_CODE_MAX - 1);
	if (given(f->org) && !kj_corpnum_valid(f->org))
		return refuse(why, KJ_USER_FORM,
			      N_("事業者の利用者には、登録済みの組織の法人番号（13桁）が必要です。"),
			      "'%s' is not a corporate number (13 digits with a valid check "
			      "digit)", f->org);
	for (int i = 0; i < f->nsectors; i++)
		if (kj_strlcpy(u->sectors[i], f->sectors[i], KJ_SECTOR_CODE_MAX) < 0 ||
		    !u->sectors[i][0])
			return refuse(why, KJ_USER_FORM, N_("担当分野の指定が正しくありません。"),
				      "bad sector code");
	kj_strlcpy(u->login, f->login, sizeof u->login);
	kj_strlcpy(u->display_name, f->display_name, sizeof u->display_name);
	u->role = (enum kj_role)role;
	u->nsectors = f->nsectors;
	if (given(f->ministry))
		kj_strlcpy(u->ministry, f->ministry, sizeof u->ministry);
	return 0;
}

int kj_app_user_check(struct kj_store *st, const struct kj_user_form *form,
		      struct kj_user *u, struct kj_user_refusal *why, struct kj_err *err)
{
	memset(u, 0, sizeof *u);
	memset(why, 0, sizeof *why);
	if (check_form(form, u, why) < 0 || why->fault || !st)
		return 0;
	struct kj_user other;
	int found;
	if (kj_store_user_by_login(st, u->login, &other, &found, err) < 0)
		return -1;
	sodium_memzero(other.password_hash, sizeof other.password_hash);
	if (found)
		return refuse(why, KJ_USER_CONFLICT, N_("このサインイン ID はすでに使われています。"),
			      "login %s is taken", u->login);
	if (given(form->org)) {
		if (kj_store_org_by_corpnum(st, form->org, &u->org_id, err) < 0)
			return -1;
		if (!u->org_id)
			return refuse(why, KJ_USER_CONFLICT,
				      N_("事業者の利用者には、登録済みの組織の法人番号（13桁）が必要です。"),
				      "no organisation with corporate number %s", form->org);
	}
	return 0;
}

/* The audit entry's detail: what was given, never the password. */
static char *add_detail(const struct kj_user *u, const struct kj_user_form *f)
{
	json_t *sectors = json_array();
	for (int i = 0; sectors && i < u->nsectors; i++)
		json_array_append_new(sectors, json_string(u->sectors[i]));
	json_t *d = sectors ? json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:o, s:b}", "login",
					u->login, "role", kj_role_name(u->role), "display_name",
					u->display_name, "org", given(f->org) ? f->org : NULL,
					"ministry", u->ministry[0] ? u->ministry : NULL,
					"sectors", sectors, "disabled", 0) : NULL;
	char *s = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	return s;
}

int kj_app_user_add(struct kj_store *st, const struct kj_actor *actor,
		    const struct kj_user_form *form, struct kj_user *u,
		    struct kj_user_refusal *why, struct kj_err *err)
{
	const char *ja = NULL;
	struct kj_err e;
	if (kj_app_user_check(st, form, u, why, err) < 0)
		return -1;
	if (why->fault)
		return 0;
	if (!form->password || kj_password_check(form->password, u->login, &ja, &e) < 0)
		return refuse(why, KJ_USER_PASSWORD, ja ? ja : N_("パスワードが弱すぎます。"),
			      "weak password: %s", form->password ? e.msg : "none given");
	if (kj_password_hash(form->password, u->password_hash, err) < 0)
		return -1;
	char *detail = add_detail(u, form), id[24];
	if (!detail) {
		kj_err_set(err, "out of memory");
		return -1;
	}
	if (kj_store_begin(st, err) < 0) {
		free(detail);
		return -1;
	}
	if (kj_store_user_add(st, u, &e) < 0) {
		kj_store_rollback(st);
		free(detail);
		sodium_memzero(u->password_hash, sizeof u->password_hash);
		return refuse(why, KJ_USER_CONFLICT, N_("利用者を追加できませんでした。"), "%s",
			      e.msg);
	}
	snprintf(id, sizeof id, "%lld", (long long)u->id);
	int rc = kj_audit_log(st, actor->id, actor->name, "user.add", "user", id, detail, err);
	free(detail);
	sodium_memzero(u->password_hash, sizeof u->password_hash);
	if (rc < 0 || kj_store_commit(st, err) < 0) {
		kj_store_rollback(st);
		return -1;
	}
	return 0;
}

int kj_app_user_set_disabled(struct kj_store *st, const struct kj_actor *actor, int64_t id,
			     int disabled, int *found, int *changed,
			     struct kj_user_refusal *why, struct kj_err *err)
{
	struct kj_user u;
	char sid[24];
	*changed = 0;
	memset(why, 0, sizeof *why);
	if (kj_store_begin(st, err) < 0)
		return -1;
	int rc = kj_store_user_by_id(st, id, &u, found, err);
	sodium_memzero(u.password_hash, sizeof u.password_hash);
	if (rc < 0 || !*found || u.disabled == disabled) {
		kj_store_rollback(st);
		return rc;
	}
	if (disabled && actor->id && actor->id == id) {
		kj_store_rollback(st);
		return refuse(why, KJ_USER_SELF, N_("自分自身は無効にできません。"),
			      "you cannot disable yourself");
	}
	json_t *d = json_pack("{s:s}", "login", u.login);
	char *detail = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(d);
	if (!detail) {
		kj_store_rollback(st);
		kj_err_set(err, "out of memory");
		return -1;
	}
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	rc = kj_store_user_set_disabled(st, id, disabled, err) < 0 ||
	     kj_audit_log(st, actor->id, actor->name, disabled ? "user.disable" : "user.enable",
			  "user", sid, detail, err) < 0 ||
	     kj_store_commit(st, err) < 0 ? -1 : 0;
	free(detail);
	if (rc < 0)
		kj_store_rollback(st);
	else
		*changed = 1;
	return rc;
}
