/*
 * User administration: adding, disabling and enabling users.
 */
#include "web_helpers.h"
#include "store/store_users.h"

/* --- User administration ------------------------------------------------------- */

void test_users_admin_add(void **state)
{
	(void)state;
	struct sess nco;
	sess_direct("demo-nco", &nco);
	long before = user_count();
	static const char *const weak[] = { "password", "abcdefghijklmnop", "Short1!",
					    "webuser-Abc123!" /* holds the login */ };
	for (size_t i = 0; i < sizeof weak / sizeof weak[0]; i++) {
		char *f = form("csrf", nco.csrf, "login", "webuser", "name", "試験 " XSS,
			       "role", "hq", "password", weak[i], NULL);
		struct res r = do_req("POST", "/admin/users", f, nco.cookie, NULL);
		free(f);
		if (r.status != 400)
			fail_msg("weak password '%s' gave %d", weak[i], r.status);
		/* The message beside the password field, and the summary. */
		assert_non_null(strstr(r.body, "class=\"error-summary\""));
		assert_non_null(strstr(r.body, "id=\"u-password-err\""));
		/* The form keeps what was typed, but never the password. */
		assert_non_null(strstr(r.body, "value=\"webuser\""));
		if (i > 0)
			assert_null(strstr(r.body, weak[i]));
		res_free(&r);
		assert_int_equal(user_count(), before);
	}
	/* Other refusals, none of which adds anyone. */
	/* login, name, role, org, sector, ministry; what is wrong; a word of the answer. */
	static const char *const bad[][8] = {
		{ "Bad Login", "x", "hq", "", "", "", "login", "サインイン ID" },
		{ "webuser", "", "hq", "", "", "", "name", "氏名" },
		{ "webuser", "x", "admin", "", "", "", "role", "役割" },
		{ "webuser", "x", "operator", "1234567890123", "", "", "org", "法人番号" },
		{ "webuser", "x", "ministry", "", "", "", "no ministry", "所属する省庁が必要" },
		{ "webuser", "x", "ministry", "", "", "no-such", "unknown ministry", "no ministry " },
		{ "webuser", "x", "ministry", "", "", "MHLW!", "bad ministry", "所属省庁の指定" },
		{ "webuser", "x", "ministry", "", "medical", "mhlw", "ministry with sectors", "担当分野を指定しません" },
		{ "webuser", "x", "hq", "", "", "mhlw", "hq with a ministry", "所管省庁の利用者だけ" },
		{ "webuser", "x", "ceptoar", "", "", "", "no sector", "担当分野が必要" },
		{ "webuser", "x", "ceptoar", "", "no-such-sector", "", "bad sector", "no sector " },
		{ "demo-nco", "x", "hq", "", "", "", "taken login", "login demo-nco is taken" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *f = form("csrf", nco.csrf, "login", bad[i][0], "name", bad[i][1],
			       "role", bad[i][2], "org", bad[i][3], "ministry", bad[i][5],
			       "password", GOOD_PW, bad[i][4][0] ? "sector" : NULL, bad[i][4], NULL);
		struct res r = do_req("POST", "/admin/users", f, nco.cookie, NULL);
		free(f);
		if (r.status != 400)
			fail_msg("%s: %d, want 400", bad[i][6], r.status);
		if (!strstr(r.body, bad[i][7]))
			fail_msg("%s: the page does not say '%s'", bad[i][6], bad[i][7]);
		res_free(&r);
		assert_int_equal(user_count(), before);
	}
	int adds = audit_count("user.add", NULL);
	char *f = form("csrf", nco.csrf, "login", "webuser", "name", "試験 " XSS, "role", "hq",
		       "password", GOOD_PW, NULL);
	struct res r = do_req("POST", "/admin/users", f, nco.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 303);
	assert_hdr(&r, "Location", "/admin/users?done=added");
	res_free(&r);
	assert_int_equal(user_count(), before + 1);
	char sid[32];
	snprintf(sid, sizeof sid, "%lld", (long long)user_id("webuser"));
	assert_int_equal(audit_count("user.add", sid), 1);
	assert_int_equal(audit_count("user.add", NULL), adds + 1);
	/* Listed, escaped. */
	r = do_req("GET", "/admin/users", "done=added", nco.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "登録しました。"));
	assert_non_null(strstr(r.body, "試験 &lt;kjx"));
	res_free(&r);
	/*
	 * New tenants get the tenant rule: an operator of the non-medical
	 * organisation, and a ministry holding that organisation's sector, see
	 * it and not the medical operator's organisation.
	 */
	struct kj_org_record other;
	struct kj_err err;
	char corp[16], own_path[64], other_path[64];
	int found = 0;
	assert_int_equal(kj_store_org_get(store(), org_other, &other, &found, &err), 0);
	assert_true(found);
	assert_int_equal(kj_store_org_corpnum(store(), org_other, corp, &err), 0);
	snprintf(own_path, sizeof own_path, "/api/v1/organisations/%lld", (long long)org_own);
	snprintf(other_path, sizeof other_path, "/api/v1/organisations/%lld", (long long)org_other);
	const struct kj_catalog *cat = &app.cat;
	const char *holder = NULL;
	for (int i = 0; i < cat->nsectors && !holder; i++)
		if (!strcmp(cat->sectors[i].code, other.sectors[0]))
			for (int k = 0; k < cat->sectors[i].nministries && !holder; k++)
				if (!cat->sectors[i].partial[k] &&
				    strcmp(cat->ministries[cat->sectors[i].ministries[k]].code, "mhlw"))
					holder = cat->ministries[cat->sectors[i].ministries[k]].code;
	assert_non_null(holder);
	f = form("csrf", nco.csrf, "login", "webministry", "name", "所管 試験", "role", "ministry",
		 "ministry", holder, "password", GOOD_PW, NULL);
	assert_int_equal(status_of("POST", "/admin/users", f, nco.cookie, NULL), 303);
	free(f);
	struct kj_user wm;
	assert_int_equal(kj_store_user_by_login(store(), "webministry", &wm, &found, &err), 0);
	assert_string_equal(wm.ministry, holder);
	assert_true(wm.nsectors > 0);
	f = form("csrf", nco.csrf, "login", "weboperator", "name", "事業 試験", "role", "operator",
		 "org", corp, "password", GOOD_PW, NULL);
	assert_int_equal(status_of("POST", "/admin/users", f, nco.cookie, NULL), 303);
	free(f);
	assert_int_equal(user_count(), before + 3);
	static const char *const tenants[] = { "webministry", "weboperator" };
	for (size_t i = 0; i < 2; i++) {
		struct sess t;
		sess_direct(tenants[i], &t);
		assert_int_equal(status_of("GET", other_path, NULL, t.cookie, NULL), 200);
		assert_int_equal(status_of("GET", own_path, NULL, t.cookie, NULL), 404);
	}
	/* A store error is a clean 400 that does not show SQL. */
	f = form("csrf", nco.csrf, "login", "webtwice", "name", "x", "role", "ceptoar",
		 "sector", "water", "sector", "water", "password", GOOD_PW, NULL);
	struct res twice = do_req("POST", "/admin/users", f, nco.cookie, NULL);
	free(f);
	assert_true(twice.status == 303 || twice.status == 400);
	if (icontains(twice.body, "constraint") || icontains(twice.body, "sqlite") ||
	    icontains(twice.body, "insert into"))
		fail_msg("the users page shows a store error: %s", twice.body);
	res_free(&twice);
	assert_audit_ok();
}

void test_users_admin_disable(void **state)
{
	(void)state;
	struct sess nco, victim;
	struct kj_user u = { 0 };
	struct kj_err err;
	char path[80];
	sess_direct("demo-nco", &nco);
	kj_strlcpy(u.login, "to-disable", sizeof u.login);
	kj_strlcpy(u.display_name, "To Disable", sizeof u.display_name);
	u.role = KJ_ROLE_SURVEYOR;
	assert_int_equal(kj_password_hash(GOOD_PW, u.password_hash, &err), 0);
	assert_int_equal(kj_store_user_add(store(), &u, &err), 0);
	assert_int_equal(signin("to-disable", GOOD_PW, &victim), 303);
	assert_true(session_works(&victim));

	snprintf(path, sizeof path, "/admin/users/%lld/disable", (long long)u.id);
	struct res r = post(&nco, path, "confirm", "1");
	assert_int_equal(r.status, 303);
	res_free(&r);
	char sid[32];
	snprintf(sid, sizeof sid, "%lld", (long long)u.id);
	assert_int_equal(audit_count("user.disable", sid), 1);
	assert_false(session_works(&victim));
	assert_int_equal(status_of("GET", "/api/v1/me", NULL, victim.cookie, NULL), 401);
	struct sess again;
	assert_int_equal(signin("to-disable", GOOD_PW, &again), 401);

	snprintf(path, sizeof path, "/admin/users/%lld/enable", (long long)u.id);
	r = post(&nco, path, NULL, NULL);
	assert_int_equal(r.status, 303);
	res_free(&r);
	assert_int_equal(signin("to-disable", GOOD_PW, &again), 303);
	/* Sessions from before the disabling stay ended. */
	assert_false(session_works(&victim));

	/* The NCO cannot lock themselves out. */
	snprintf(path, sizeof path, "/admin/users/%lld/disable", (long long)nco.uid);
	r = post(&nco, path, NULL, NULL);
	assert_int_equal(r.status, 400);
	res_free(&r);
	assert_true(session_works(&nco));
	/* Ids that are not ids. */
	static const char *const ids[] = { "0", "-1", "abc", "1e3", "99999999999999999999" };
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		snprintf(path, sizeof path, "/admin/users/%s/disable", ids[i]);
		r = post(&nco, path, NULL, NULL);
		assert_int_equal(r.status, 404);
		res_free(&r);
	}
	assert_audit_ok();
}
