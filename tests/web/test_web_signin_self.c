/*
 * Password self-service (issue 16): /account/password refuses a wrong old
 * password, a weak or mismatched new one (each message beside its field,
 * aria-invalid, the first bad field autofocused, nothing changed); a good
 * change ends the user's other sessions and API tokens, keeps this
 * browser signed in on a fresh session, and the new password signs in.
 * Failed sign-ins make the next attempt wait longer and longer (429 with
 * Retry-After), instead of locking the account out.
 */
#include "web_helpers.h"
#include "app/signin_limit.h"
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

/* A sign-in from a new address each time, so that only the account counts. */
static struct res attempt(int *n, const char *login, const char *pw)
{
	snprintf(g_remote, sizeof g_remote, "10.16.1.%d", ++*n);
	return signin_post(login, pw, NULL);
}

/* Refused: 429, Retry-After SECS, no session. */
static void waits(int *n, const char *login, const char *secs)
{
	struct res r = attempt(n, login, SELF_PW);
	assert_int_equal(r.status, 429);
	assert_hdr(&r, "Retry-After", secs);
	assert_null(set_cookie(&r, KJ_SESSION_COOKIE));
	assert_non_null(strstr(r.body, "待ち時間は失敗のたびに長くなります"));
	res_free(&r);
}

static void fails(int *n, const char *login)
{
	struct res r = attempt(n, login, "Wrong#Password-16");
	assert_int_equal(r.status, 401);
	res_free(&r);
}

/* No lock-out: after KJ_SIGNIN_FAILS_MAX failures each next attempt waits
 * KJ_SIGNIN_DELAY_BASE_S, doubled by each failure; a success clears it. */
void test_signin_delay_grows(void **state)
{
	(void)state;
	int n = 0;
	char secs[16];
	self_user("self-delay");
	int before = audit_count("signin.failed", "self-delay");
	for (int i = 0; i < KJ_SIGNIN_FAILS_MAX; i++)
		fails(&n, "self-delay");
	/* One audit entry per failure. */
	assert_int_equal(audit_count("signin.failed", "self-delay"), before + KJ_SIGNIN_FAILS_MAX);
	snprintf(secs, sizeof secs, "%d", KJ_SIGNIN_DELAY_BASE_S);
	waits(&n, "self-delay", secs);
	fake_now += KJ_SIGNIN_DELAY_BASE_S - 10;
	snprintf(secs, sizeof secs, "%d", 10);
	waits(&n, "self-delay", secs);
	fake_now += 10;
	fails(&n, "self-delay");
	/* The wait has doubled. */
	snprintf(secs, sizeof secs, "%d", 2 * KJ_SIGNIN_DELAY_BASE_S);
	waits(&n, "self-delay", secs);
	/* It never passes the cap. */
	assert_int_equal(kj_signin_delay(KJ_SIGNIN_FAILS_MAX), KJ_SIGNIN_DELAY_BASE_S);
	assert_int_equal(kj_signin_delay(KJ_SIGNIN_FAILS_MAX + 1), 2 * KJ_SIGNIN_DELAY_BASE_S);
	assert_int_equal(kj_signin_delay(KJ_SIGNIN_FAILS_MAX - 1), 0);
	assert_int_equal(kj_signin_delay(1000), KJ_SIGNIN_DELAY_MAX_S);
	assert_int_equal(kj_signin_delay(INT64_MAX), KJ_SIGNIN_DELAY_MAX_S);
	/* Once due, the right password signs in and clears the account. */
	fake_now += 2 * KJ_SIGNIN_DELAY_BASE_S;
	struct res r = attempt(&n, "self-delay", SELF_PW);
	assert_int_equal(r.status, 303);
	res_free(&r);
	for (int i = 0; i < KJ_SIGNIN_FAILS_MAX; i++)
		fails(&n, "self-delay");
	snprintf(secs, sizeof secs, "%d", KJ_SIGNIN_DELAY_BASE_S);
	waits(&n, "self-delay", secs);
	/* Another account is never held up by this one's failures. */
	struct sess s;
	assert_int_equal(signin("demo-auditor", KJ_DEMO_PASSWORD, &s), 303);
	assert_audit_ok();
}

/* The temporary password on the page a reset answers with. */
static void reset(const struct sess *admin, int64_t id, char *temp, size_t n)
{
	char path[64];
	snprintf(path, sizeof path, "/admin/users/%lld/reset", (long long)id);
	struct res r = post(admin, path, "confirm", "1");
	assert_int_equal(r.status, 200);
	assert_int_equal(between(r.body, "<p class=\"token-once\"><code>", "</code>", temp, n), 0);
	assert_true(strlen(temp) >= 20);
	res_free(&r);
}

/* Signs LOGIN in with the temporary password PW into S: the session goes
 * to the change form first, whose CSRF token S gets. */
static void signin_to_change(const char *login, const char *pw, struct sess *s)
{
	char tok[128];
	memset(s, 0, sizeof *s);
	struct res r = signin_post(login, pw, NULL);
	assert_int_equal(r.status, 303);
	assert_hdr(&r, "Location", "/account/password");
	assert_int_equal(set_cookie_value(&r, KJ_SESSION_COOKIE, tok, sizeof tok), 0);
	snprintf(s->cookie, sizeof s->cookie, "%s=%s", KJ_SESSION_COOKIE, tok);
	res_free(&r);
	r = do_req("GET", "/account/password", NULL, s->cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_int_equal(page_csrf(r.body, s->csrf, sizeof s->csrf), 0);
	res_free(&r);
	s->uid = user_id(login);
}

/* An administrator's reset: asked first; a temporary password shown once;
 * the user's sessions end; the temporary one signs in but every page sends
 * the user to /account/password until it is changed. */
void test_user_reset_must_change(void **state)
{
	(void)state;
	struct sess nco, user, again;
	char temp[64], path[64];
	self_user("self-reset");
	int64_t id = user_id("self-reset");
	sess_direct("demo-nco", &nco);
	assert_int_equal(signin("self-reset", SELF_PW, &user), 303);
	/* The list offers it; the first press only asks. */
	struct res r = do_req("GET", "/admin/users", NULL, nco.cookie, NULL);
	snprintf(path, sizeof path, "/admin/users/%lld/reset", (long long)id);
	assert_non_null(strstr(r.body, path));
	res_free(&r);
	int before = audit_count("user.reset", NULL);
	r = post(&nco, path, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "パスワードをリセットしますか"));
	assert_null(strstr(r.body, "token-once"));
	res_free(&r);
	assert_true(session_works(&user));
	reset(&nco, id, temp, sizeof temp);
	assert_int_equal(audit_count("user.reset", NULL), before + 1);
	assert_false(session_works(&user));
	assert_int_equal(signin("self-reset", SELF_PW, &again), 401);
	/* Bad targets: none, oneself, not a number. */
	r = post(&nco, "/admin/users/99999999/reset", "confirm", "1");
	assert_int_equal(r.status, 404);
	res_free(&r);
	snprintf(path, sizeof path, "/admin/users/%lld/reset", (long long)nco.uid);
	assert_int_equal(status_of("POST", path, "confirm=1", NULL, NULL), 401);
	r = post(&nco, path, "confirm", "1");
	assert_int_equal(r.status, 404);
	res_free(&r);
	r = post(&nco, "/admin/users/%3Ckjx%3E/reset", "confirm", "1");
	assert_int_equal(r.status, 404);
	res_free(&r);
	/* The temporary password signs in, straight to the change form. */
	r = signin_post("self-reset", temp, "/catalog");
	assert_int_equal(r.status, 303);
	assert_hdr(&r, "Location", "/account/password");
	res_free(&r);
	signin_to_change("self-reset", temp, &user);
	static const char *const pages[] = { "/", "/catalog", "/account", "/signin/notice" };
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		r = do_req("GET", pages[i], NULL, user.cookie, NULL);
		assert_int_equal(r.status, 303);
		assert_hdr(&r, "Location", "/account/password");
		res_free(&r);
	}
	r = post(&user, "/account/tokens", "name", "blocked");
	assert_int_equal(r.status, 303);
	assert_hdr(&r, "Location", "/account/password");
	res_free(&r);
	assert_int_equal(status_of("GET", "/account/password", NULL, user.cookie, NULL), 200);
	/* Changed: every page again, and the temporary password is gone. */
	r = change(&user, temp, SELF_PW2, SELF_PW2);
	assert_int_equal(r.status, 303);
	res_free(&r);
	assert_int_equal(signin("self-reset", SELF_PW2, &again), 303);
	assert_int_equal(status_of("GET", "/catalog", NULL, again.cookie, NULL), 200);
	assert_int_equal(signin("self-reset", temp, &user), 401);
	assert_audit_ok();
}

/* Failed sign-ins since the last one are told once after the next success. */
void test_signin_failure_notice(void **state)
{
	(void)state;
	struct sess s;
	self_user("self-notice");
	snprintf(g_remote, sizeof g_remote, "10.16.2.9");
	assert_int_equal(signin("self-notice", "Wrong#Password-16", &s), 401);
	assert_int_equal(signin("self-notice", "Wrong#Password-17", &s), 401);
	snprintf(g_remote, sizeof g_remote, "10.16.2.10");
	struct res r = signin_post("self-notice", SELF_PW, "/catalog");
	assert_int_equal(r.status, 303);
	assert_hdr(&r, "Location", "/signin/notice");
	char tok[128], cookie[160];
	assert_int_equal(set_cookie_value(&r, KJ_SESSION_COOKIE, tok, sizeof tok), 0);
	snprintf(cookie, sizeof cookie, "%s=%s", KJ_SESSION_COOKIE, tok);
	res_free(&r);
	r = do_req("GET", "/signin/notice", NULL, cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "前回のサインイン以降に失敗したサインインの回数"));
	assert_non_null(strstr(r.body, "<strong>2</strong>"));
	assert_non_null(strstr(r.body, "10.16.2.9"));
	res_free(&r);
	/* Once only. */
	r = do_req("GET", "/signin/notice", NULL, cookie, NULL);
	assert_int_equal(r.status, 303);
	assert_hdr(&r, "Location", "/");
	res_free(&r);
	r = signin_post("self-notice", SELF_PW, "/catalog");
	assert_int_equal(r.status, 303);
	assert_hdr(&r, "Location", "/catalog");
	res_free(&r);
}

/* A request with an Accept-Language header and COOKIE; its status, and
 * whether the page is in English. */
static int lang_get(const char *accept, const char *cookie, int *english)
{
	struct kj_request rq;
	struct kj_response rs;
	kj_request_init(&rq);
	kj_response_init(&rs);
	rq.method = "GET";
	rq.path = "/signin";
	rq.cookie = cookie;
	rq.accept_language = accept;
	snprintf(rq.remote, sizeof rq.remote, "127.0.0.1");
	kj_web_handle(&app, &rq, &rs);
	int status = rs.status;
	const char *body = kj_buf_str(&rs.body);
	*english = body && strstr(body, "<html lang=\"en\"") != NULL;
	kj_request_free(&rq);
	kj_response_free(&rs);
	return status;
}

/* Accept-Language chooses the language of a first visit; a choice made
 * with /lang (the cookie) wins, and a signed-in user's is kept. */
void test_accept_language(void **state)
{
	(void)state;
	static const struct { const char *accept; int en; } cases[] = {
		{ NULL, 0 }, { "", 0 }, { "en", 1 }, { "en-US,en;q=0.9", 1 },
		{ "ja,en;q=0.9", 0 }, { "en;q=0.5,ja;q=0.8", 0 }, { "en;q=0.8,ja;q=0.5", 1 },
		{ "fr,en;q=0.7", 1 }, { "fr", 0 }, { "*", 0 }, { "ja;q=0,*;q=0.1", 1 },
		{ "en;q=2", 0 }, { "en;q=abc", 0 }, { "EN-gb", 1 }, { "english", 0 },
		{ ",,,;;;q=,", 0 }, { "en;q=0.5,en;q=0.9,ja;q=0.7", 1 },
	};
	int en;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(lang_get(cases[i].accept, NULL, &en), 200);
		if (en != cases[i].en)
			fail_msg("Accept-Language %s: English %d, want %d",
				 cases[i].accept ? cases[i].accept : "(none)", en, cases[i].en);
	}
	assert_int_equal(lang_get("en", "kijun_lang=ja", &en), 200);
	assert_int_equal(en, 0);
	assert_int_equal(lang_get("ja", "kijun_lang=en", &en), 200);
	assert_int_equal(en, 1);
	/* A user's choice is kept with the user: the next sign-in brings it back. */
	struct sess s;
	self_user("self-lang");
	assert_int_equal(signin("self-lang", SELF_PW, &s), 303);
	struct res r = do_req("GET", "/lang", "to=en&next=%2F", s.cookie, NULL);
	assert_int_equal(r.status, 303);
	res_free(&r);
	r = signin_post("self-lang", SELF_PW, NULL);
	assert_int_equal(r.status, 303);
	const char *c = set_cookie(&r, KJ_LANG_COOKIE);
	assert_non_null(c);
	assert_non_null(strstr(c, "=en"));
	res_free(&r);
}
