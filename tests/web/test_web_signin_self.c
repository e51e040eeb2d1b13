/*
 * Password self-service (issue 16): /account/password refuses a wrong old
 * password, a weak or mismatched new one (each message beside its field,
 * aria-invalid, the first bad field autofocused, nothing changed); a good
 * change ends the user's other sessions and API tokens, keeps this
 * browser signed in on a fresh session, and the new password signs in.
 */
#include "web_helpers.h"
#include "store/store_users.h"

#define SELF_PW "Self-Service#Pw2026"
#define SELF_PW2 "Another!Good#Pw2027"

/* A surveyor of its own with SELF_PW, so that no demo account changes. */
static void self_user(const char *login)
{
	struct kj_user u = { 0 };
	struct kj_err err;
	kj_strlcpy(u.login, login, sizeof u.login);
	kj_strlcpy(u.display_name, "自分 花子", sizeof u.display_name);
	u.role = KJ_ROLE_SURVEYOR;
	assert_int_equal(kj_password_hash(SELF_PW, u.password_hash, &err), 0);
	assert_int_equal(kj_store_user_add(store(), &u, &err), 0);
}

/* POST /account/password with OLD, NEW and NEW2 as S. */
static struct res change(const struct sess *s, const char *old, const char *new1,
			 const char *new2)
{
	char *f = form("csrf", s->csrf, "old", old, "new", new1, "new2", new2, NULL);
	struct res r = do_req("POST", "/account/password", f, s->cookie, NULL);
	free(f);
	return r;
}

/* A refused change: 400, MSG beside FIELD, marked invalid and focused. */
static void refused(const struct sess *s, const char *old, const char *new1,
		    const char *new2, const char *field, const char *msg)
{
	char id[32];
	struct res r = change(s, old, new1, new2);
	assert_int_equal(r.status, 400);
	assert_null(set_cookie(&r, KJ_SESSION_COOKIE));
	if (!strstr(r.body, msg))
		fail_msg("no message %s in the refusal", msg);
	snprintf(id, sizeof id, "id=\"p-%s\"", field);
	const char *at = strstr(r.body, id);
	assert_non_null(at);
	const char *end = strchr(at, '>');
	assert_non_null(end);
	assert_non_null(strstr(at, "aria-invalid=\"true\""));
	assert_true(strstr(at, "aria-invalid=\"true\"") < end);
	assert_true(strstr(at, "aria-describedby=") < end);
	assert_true(strstr(at, "autofocus") < end);
	/* The passwords typed are never written back. */
	assert_null(strstr(r.body, old && *old ? old : "\x01"));
	assert_null(strstr(r.body, MARK));
	res_free(&r);
}

void test_password_change_refusals(void **state)
{
	(void)state;
	struct sess s;
	self_user("self-refused");
	assert_int_equal(signin("self-refused", SELF_PW, &s), 303);
	struct res g = do_req("GET", "/account/password", NULL, s.cookie, NULL);
	assert_int_equal(g.status, 200);
	assert_non_null(strstr(g.body, "autocomplete=\"current-password\""));
	assert_non_null(strstr(g.body, "autocomplete=\"new-password\""));
	res_free(&g);
	int before = audit_count("user.password", NULL);
	refused(&s, "Wrong-Old#Password1", SELF_PW2, SELF_PW2, "old",
		"現在のパスワードが正しくありません。");
	refused(&s, "", SELF_PW2, SELF_PW2, "old", "現在のパスワードを入力してください。");
	refused(&s, SELF_PW, SELF_PW2, "Different#Pw2027", "new2",
		"確認用のパスワードが新しいパスワードと一致しません。");
	refused(&s, SELF_PW, "Sh0rt!pw", "Sh0rt!pw", "new", "12文字以上");
	refused(&s, SELF_PW, "Password1234", "Password1234", "new", "よく使われるパスワード");
	refused(&s, SELF_PW, "Xx!self-refused9", "Xx!self-refused9", "new",
		"サインイン ID を含めないで");
	refused(&s, SELF_PW, SELF_PW, SELF_PW, "new", "現在のものと違う");
	/* A hostile value is refused like any other. */
	refused(&s, SELF_PW, "<kjx>\"&<kjx>\"&", "<kjx>\"&<kjx>\"&", "new", "3種類以上");
	/* Nothing changed: the old password still signs in, no audit entry. */
	assert_int_equal(audit_count("user.password", NULL), before);
	assert_true(session_works(&s));
	struct sess again;
	assert_int_equal(signin("self-refused", SELF_PW, &again), 303);
	/* Without a session or the CSRF token, nothing either. */
	assert_int_equal(status_of("POST", "/account/password", "old=x&new=y&new2=y", NULL, NULL),
			 401);
	char *f = form("old", SELF_PW, "new", SELF_PW2, "new2", SELF_PW2, NULL);
	struct res r = do_req("POST", "/account/password", f, s.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, CSRF_REFUSED));
	res_free(&r);
	assert_int_equal(signin("self-refused", SELF_PW, &again), 303);
}

void test_password_change_ends_other_sessions(void **state)
{
	(void)state;
	struct sess here, other, fresh;
	char tok[64], bearer[80];
	int64_t tid;
	self_user("self-change");
	assert_int_equal(signin("self-change", SELF_PW, &here), 303);
	snprintf(g_remote, sizeof g_remote, "10.16.0.2");
	assert_int_equal(signin("self-change", SELF_PW, &other), 303);
	token_direct("self-change", tok, &tid);
	snprintf(bearer, sizeof bearer, "%s", tok);
	assert_int_equal(status_of("GET", "/api/v1/catalog", NULL, NULL, bearer), 200);
	int before = audit_count("user.password", NULL);
	struct res r = change(&here, SELF_PW, SELF_PW2, SELF_PW2);
	assert_int_equal(r.status, 303);
	assert_hdr(&r, "Location", "/account?done=password");
	/* This browser keeps going on a fresh session. */
	char cookie[160], val[128];
	assert_int_equal(set_cookie_value(&r, KJ_SESSION_COOKIE, val, sizeof val), 0);
	snprintf(cookie, sizeof cookie, "%s=%s", KJ_SESSION_COOKIE, val);
	res_free(&r);
	r = do_req("GET", "/account", "done=password", cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "パスワードを変更しました。"));
	res_free(&r);
	/* Every other session and token has ended; the old cookie too. */
	assert_false(session_works(&other));
	assert_false(session_works(&here));
	assert_int_equal(status_of("GET", "/api/v1/catalog", NULL, NULL, bearer), 401);
	assert_int_equal(audit_count("user.password", NULL), before + 1);
	/* The old password no longer signs in; the new one does. */
	assert_int_equal(signin("self-change", SELF_PW, &fresh), 401);
	assert_int_equal(signin("self-change", SELF_PW2, &fresh), 303);
	assert_audit_ok();
}
