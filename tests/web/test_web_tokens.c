/*
 * API tokens (expiry, limits, revocation, administration) and the audited exports.
 */
#include "web_helpers.h"
#include "store/store_users.h"

/* --- API tokens ---------------------------------------------------------------- */

/* Makes a token on the account page; its secret and id. */
static void make_token(const struct sess *s, const char *name, char *token, size_t n,
		       long *id)
{
	struct res r = post(s, "/account/tokens", "name", name);
	char sid[32];
	assert_int_equal(r.status, 200);
	assert_int_equal(between(r.body, "<p class=\"token-once\"><code>", "</code>", token, n), 0);
	assert_true(strlen(token) >= 40);
	/* The newest token's revoke form is the first one on the page. */
	const char *last = strstr(r.body, "action=\"/account/tokens/");
	assert_non_null(last);
	assert_int_equal(between(last, "action=\"/account/tokens/", "/revoke\"", sid, sizeof sid), 0);
	*id = strtol(sid, NULL, 10);
	assert_true(*id > 0);
	res_free(&r);
}

/* Every bulk export is audited: who, what, how many rows; and never cached. */
void test_exports_audited(void **state)
{
	(void)state;
	struct sess s;
	sess_direct("demo-ministry", &s);
	int before = audit_count("export", "kijun-registry");
	struct res r = do_req("GET", "/registry/export", "format=csv&sector=medical", s.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_hdr(&r, "Cache-Control", "no-store");
	long lines = 0;
	for (const char *p = r.body; *p; p++)
		lines += *p == '\n';
	res_free(&r);
	assert_int_equal(audit_count("export", "kijun-registry"), before + 1);
	struct kj_audit_filter f = { .action = "export", .limit = 1 };
	struct kj_audit_entry e;
	struct kj_err err;
	int n = 0;
	assert_int_equal(kj_audit_list(store(), &f, &e, 1, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(e.actor, "user:demo-ministry");
	char want[64];
	snprintf(want, sizeof want, "\"rows\":%ld", lines - 1);	/* less the header */
	assert_non_null(strstr(e.detail, want));
	assert_non_null(strstr(e.detail, "\"sector\":\"medical\""));
	assert_non_null(strstr(e.detail, "\"format\":\"csv\""));
	before = audit_count("export", "kijun-coverage");
	r = do_req("GET", "/coverage/export", "format=xlsx", s.cookie, NULL);
	assert_int_equal(r.status, 200);
	res_free(&r);
	assert_int_equal(audit_count("export", "kijun-coverage"), before + 1);
	/* A refused format exports nothing and records nothing. */
	assert_int_equal(status_of("GET", "/coverage/export", "format=pdf", s.cookie, NULL), 400);
	assert_int_equal(audit_count("export", "kijun-coverage"), before + 1);
}

/* The registry's xlsx export is streamed from its workbook and audited;
 * the API's list of organisations is audited as an export of its page. */
void test_registry_exports_streamed_audited(void **state)
{
	(void)state;
	struct sess s;
	struct kj_audit_filter f = { .action = "export", .limit = 1 };
	struct kj_audit_entry e;
	struct kj_err err;
	int n = 0;
	sess_direct("demo-ministry", &s);
	int before = audit_count("export", "kijun-registry");
	struct res r = do_req("GET", "/registry/export", "format=xlsx&sector=medical", s.cookie,
			      NULL);
	assert_int_equal(r.status, 200);
	assert_true(r.len > 4 && !memcmp(r.body, "PK\003\004", 4));
	assert_hdr(&r, "Content-Disposition", "attachment; filename=\"kijun-registry.xlsx\"");
	res_free(&r);
	assert_int_equal(audit_count("export", "kijun-registry"), before + 1);
	assert_int_equal(kj_audit_list(store(), &f, &e, 1, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_non_null(strstr(e.detail, "\"format\":\"xlsx\""));
	/* A refused format: nothing exported, nothing recorded. */
	assert_int_equal(status_of("GET", "/registry/export", "format=pdf", s.cookie, NULL), 400);
	assert_int_equal(audit_count("export", "kijun-registry"), before + 1);

	before = audit_count("export", "api-organisations");
	r = do_req("GET", "/api/v1/organisations", "sector=medical&limit=7", s.cookie, NULL);
	assert_int_equal(r.status, 200);
	json_error_t je;
	json_t *j = json_loads(r.body, 0, &je);
	assert_non_null(j);
	long items = (long)json_array_size(json_object_get(j, "items"));
	json_decref(j);
	res_free(&r);
	assert_true(items > 0 && items <= 7);
	assert_int_equal(audit_count("export", "api-organisations"), before + 1);
	assert_int_equal(kj_audit_list(store(), &f, &e, 1, &n, &err), 0);
	assert_string_equal(e.actor, "user:demo-ministry");
	char want[64];
	snprintf(want, sizeof want, "\"rows\":%ld", items);
	assert_non_null(strstr(e.detail, want));
	assert_non_null(strstr(e.detail, "\"format\":\"json\""));
	assert_non_null(strstr(e.detail, "\"sector\":\"medical\""));
	/* A refused request lists nothing and records nothing. */
	assert_int_equal(status_of("GET", "/api/v1/organisations", "limit=0", s.cookie, NULL),
			 400);
	assert_int_equal(audit_count("export", "api-organisations"), before + 1);
}

/* An administrator sees another user's tokens (never the secrets) and
 * revokes one; disabling the user revokes the rest, and enabling the user
 * again brings none back. */
void test_admin_user_tokens(void **state)
{
	(void)state;
	struct sess nco, hq;
	char token[128], token2[128], path[96];
	long id, id2;
	int gone;
	struct kj_err err;
	assert_int_equal(kj_store_token_revoke_all(store(), user_id("demo-hq"), &gone, &err), 0);
	sess_direct("demo-nco", &nco);
	sess_direct("demo-hq", &hq);
	make_token(&hq, "hq report job", token, sizeof token, &id);
	make_token(&hq, "hq second job", token2, sizeof token2, &id2);
	snprintf(path, sizeof path, "/admin/users/%lld/tokens", (long long)user_id("demo-hq"));
	struct res r = do_req("GET", path, NULL, nco.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "hq report job"));
	assert_null(strstr(r.body, token));
	res_free(&r);
	r = do_req("GET", "/admin/users", NULL, nco.cookie, NULL);
	assert_non_null(strstr(r.body, path));
	res_free(&r);
	snprintf(path, sizeof path, "/admin/users/%lld/tokens/%ld/revoke",
		 (long long)user_id("demo-hq"), id);
	/* Revoking asks first, and the question changes nothing. */
	int revokes = audit_count("token.revoke", NULL);
	r = post(&nco, path, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "トークンを失効させますか"));
	assert_non_null(strstr(r.body, "name=\"confirm\" value=\"1\""));
	res_free(&r);
	assert_int_equal(status_of("GET", "/api/v1/me", NULL, NULL, token), 200);
	assert_int_equal(audit_count("token.revoke", NULL), revokes);
	r = post(&nco, path, "confirm", "1");
	assert_int_equal(r.status, 303);
	res_free(&r);
	assert_int_equal(status_of("GET", "/api/v1/me", NULL, NULL, token), 401);
	assert_int_equal(status_of("GET", "/api/v1/me", NULL, NULL, token2), 200);
	char sid[32];
	snprintf(sid, sizeof sid, "%ld", id);
	assert_int_equal(audit_count("token.revoke", sid), 1);
	/* Twice: nothing left to revoke. */
	assert_int_equal(status_of("POST", path, NULL, nco.cookie, NULL), 400);
	r = post(&nco, path, NULL, NULL);
	assert_int_equal(r.status, 404);
	res_free(&r);
	/* Disabling ends every token; enabling brings none back. */
	snprintf(path, sizeof path, "/admin/users/%lld/disable", (long long)user_id("demo-hq"));
	r = post(&nco, path, "confirm", "1");
	assert_int_equal(r.status, 303);
	res_free(&r);
	snprintf(path, sizeof path, "/admin/users/%lld/enable", (long long)user_id("demo-hq"));
	r = post(&nco, path, NULL, NULL);
	assert_int_equal(r.status, 303);
	res_free(&r);
	assert_int_equal(status_of("GET", "/api/v1/me", NULL, NULL, token2), 401);
	assert_audit_ok();
}

/* Tokens expire: 90 days unless chosen, shown at creation; a bad choice is
 * refused and makes nothing. */
void test_api_token_expiry(void **state)
{
	(void)state;
	struct sess s;
	char token[128], token30[128];
	long id;
	int gone;
	struct kj_err err;
	/* Earlier tests' tokens of this user would count against the limit. */
	assert_int_equal(kj_store_token_revoke_all(store(), user_id("demo-surveyor"), &gone,
						   &err), 0);
	sess_direct("demo-surveyor", &s);
	make_token(&s, "default life", token, sizeof token, &id);
	struct res r = post(&s, "/account/tokens", "name", "short life");
	assert_int_equal(r.status, 200);
	res_free(&r);
	char *f = form("csrf", s.csrf, "name", "thirty", "days", "30", NULL);
	r = do_req("POST", "/account/tokens", f, s.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "有効期限"));
	assert_int_equal(between(r.body, "<p class=\"token-once\"><code>", "</code>", token30,
				 sizeof token30), 0);
	res_free(&r);
	static const char *const bad[] = { "0", "366", "-1", "ninety", "1e2", "90.5" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		f = form("csrf", s.csrf, "name", "bad life", "days", bad[i], NULL);
		r = do_req("POST", "/account/tokens", f, s.cookie, NULL);
		free(f);
		assert_int_equal(r.status, 400);
		assert_non_null(strstr(r.body, "有効期間は1日から365日まで"));
		res_free(&r);
	}
	assert_int_equal(status_of("GET", "/api/v1/me", NULL, NULL, token30), 200);
	fake_now += 29 * 86400;
	sess_direct("demo-surveyor", &s);
	assert_int_equal(status_of("GET", "/api/v1/me", NULL, NULL, token30), 200);
	fake_now += 2 * 86400;
	assert_int_equal(status_of("GET", "/api/v1/me", NULL, NULL, token30), 401);
	assert_int_equal(status_of("GET", "/api/v1/me", NULL, NULL, token), 200);
	fake_now += 60 * 86400;
	sess_direct("demo-surveyor", &s);
	assert_int_equal(status_of("GET", "/api/v1/me", NULL, NULL, token), 401);
	/* The account page says which expired. */
	r = do_req("GET", "/account", NULL, s.cookie, NULL);
	assert_non_null(strstr(r.body, "期限切れ"));
	res_free(&r);
}

void test_api_tokens(void **state)
{
	(void)state;
	struct sess owner, other;
	char token[128], path[64], auth[200];
	long id;
	sess_direct("demo-ministry", &owner);
	sess_direct("demo-operator", &other);
	make_token(&owner, "ci job", token, sizeof token, &id);
	assert_true(audit_count("token.add", NULL) >= 1);

	struct res r = do_req("GET", "/api/v1/me", NULL, NULL, token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"login\":\"demo-ministry\""));
	assert_non_null(strstr(r.body, "\"ministry\":\"mhlw\""));
	assert_non_null(strstr(r.body, "\"sectors\":[\"government\",\"medical\"]"));
	assert_null(strstr(r.body, token));
	res_free(&r);
	/* Not a way into the pages or forms. */
	r = do_req("GET", "/account", NULL, NULL, token);
	assert_true(loc_starts(&r, "/signin?next="));
	res_free(&r);
	assert_int_equal(status_of("POST", "/account/tokens", "name=x", NULL, token), 401);
	/* The scheme's name in any case (RFC 9110), but only the exact token. */
	snprintf(auth, sizeof auth, "bearer %s", token);
	r = req_full("GET", "/api/v1/me", NULL, NULL, auth);
	assert_int_equal(r.status, 200);
	res_free(&r);
	snprintf(auth, sizeof auth, "Basic %s", token);
	r = req_full("GET", "/api/v1/me", NULL, NULL, auth);
	assert_int_equal(r.status, 401);
	res_free(&r);
	char cut[128];
	snprintf(cut, sizeof cut, "%.*s", (int)strlen(token) - 1, token);
	assert_int_equal(status_of("GET", "/api/v1/me", NULL, NULL, cut), 401);
	assert_int_equal(status_of("GET", "/api/v1/me", NULL, NULL, ""), 401);
	/* A bad token is not saved by a good cookie: the credential given is the one judged. */
	assert_int_equal(status_of("GET", "/api/v1/me", NULL, owner.cookie, "nope"), 401);

	/* Someone else cannot revoke it: it is not theirs, so it does not exist. */
	snprintf(path, sizeof path, "/account/tokens/%ld/revoke", id);
	r = post(&other, path, NULL, NULL);
	assert_int_equal(r.status, 404);
	res_free(&r);
	assert_int_equal(status_of("GET", "/api/v1/me", NULL, NULL, token), 200);

	r = post(&owner, path, NULL, NULL);
	assert_int_equal(r.status, 200);	/* the question first */
	res_free(&r);
	assert_int_equal(status_of("GET", "/api/v1/me", NULL, NULL, token), 200);
	r = post(&owner, path, "confirm", "1");
	assert_int_equal(r.status, 303);
	assert_hdr(&r, "Location", "/account?done=revoked");
	res_free(&r);
	r = do_req("GET", "/api/v1/me", NULL, NULL, token);
	assert_int_equal(r.status, 401);
	assert_non_null(strstr(r.body, "\"error\""));
	res_free(&r);
	char sid[32];
	snprintf(sid, sizeof sid, "%ld", id);
	assert_int_equal(audit_count("token.revoke", sid), 1);
	/* The account page lists it as revoked, without its secret. */
	r = do_req("GET", "/account", NULL, owner.cookie, NULL);
	assert_null(strstr(r.body, token));
	assert_non_null(strstr(r.body, "badge off"));
	res_free(&r);
	/* A disabled user's token stops working. */
	struct kj_err err;
	struct sess hq;
	sess_direct("demo-surveyor", &hq);
	make_token(&hq, "soon disabled", token, sizeof token, &id);
	assert_int_equal(status_of("GET", "/api/v1/me", NULL, NULL, token), 200);
	assert_int_equal(kj_store_user_set_disabled(store(), hq.uid, 1, &err), 0);
	assert_int_equal(status_of("GET", "/api/v1/me", NULL, NULL, token), 401);
	assert_int_equal(kj_store_user_set_disabled(store(), hq.uid, 0, &err), 0);
	/* Names: required, at most 100 bytes. */
	r = post(&owner, "/account/tokens", "name", "");
	assert_int_equal(r.status, 400);
	res_free(&r);
	char longname[120];
	memset(longname, 'n', 101);
	longname[101] = '\0';
	r = post(&owner, "/account/tokens", "name", longname);
	assert_int_equal(r.status, 400);
	res_free(&r);
}

/* Unrevoked API tokens of LOGIN (the store lists live ones first). */
static long live_tokens(const char *login)
{
	struct kj_user u;
	struct kj_token_row rows[KJ_API_TOKENS_MAX];
	struct kj_err err;
	int found = 0, n = 0;
	long live = 0;
	assert_int_equal(kj_store_user_by_login(store(), login, &u, &found, &err), 0);
	assert_true(found);
	assert_int_equal(kj_store_token_list(store(), u.id, (int64_t)fake_now, rows,
					     KJ_API_TOKENS_MAX, &n, &err), 0);
	for (int i = 0; i < n; i++)
		live += !rows[i].revoked && !rows[i].expired;
	return live;
}

void test_api_token_limit_frees_on_revoke(void **state)
{
	(void)state;
	/*
	 * Regression: only live tokens count against KJ_API_TOKENS_MAX, so a
	 * revoke makes room for a new one. The user may hold tokens from other
	 * tests: make tokens up to the limit, whatever is there already.
	 */
	struct sess s;
	char token[128], path[64];
	long id = 0;
	sess_direct("demo-auditor", &s);
	for (int i = 0; i < KJ_API_TOKENS_MAX && live_tokens("demo-auditor") < KJ_API_TOKENS_MAX; i++)
		make_token(&s, "many", token, sizeof token, &id);
	assert_int_equal(live_tokens("demo-auditor"), KJ_API_TOKENS_MAX);
	struct res r = post(&s, "/account/tokens", "name", "one too many");
	assert_int_equal(r.status, 400);
	res_free(&r);
	snprintf(path, sizeof path, "/account/tokens/%ld/revoke", id);
	r = post(&s, path, "confirm", "1");
	assert_int_equal(r.status, 303);
	res_free(&r);
	make_token(&s, "after a revoke", token, sizeof token, &id);
}
