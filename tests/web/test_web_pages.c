/*
 * Pages for every role, the glossary, the home page, security headers on every kind of answer, escaping, and the crosswalk pages.
 */
#include "web_helpers.h"
#include "store/store_catalog.h"
#include "store/store_users.h"

/* --- Pages, headers, escaping ----------------------------------------------- */

void test_pages_every_role(void **state)
{
	(void)state;
	static const char *const pages[] = { "/", "/catalog", "/catalog/" REQ_ID, "/account" };
	for (int role = 0; role < KJ_NROLES; role++) {
		struct sess s;
		char cookie[256];
		sess_direct(demo_login((enum kj_role)role), &s);
		for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
			struct res r = do_req("GET", pages[i], NULL, s.cookie, NULL);
			assert_int_equal(r.status, 200);
			assert_non_null(strstr(r.body, "<html lang=\"ja\">"));
			assert_non_null(strstr(r.body, "<meta charset=\"utf-8\">"));
			/* The sign-out form carries this session's token. */
			char csrf[80];
			assert_int_equal(page_csrf(r.body, csrf, sizeof csrf), 0);
			assert_string_equal(csrf, s.csrf);
			assert_hdr(&r, "Cache-Control", "no-store");
			res_free(&r);
			snprintf(cookie, sizeof cookie, "%s; %s=en", s.cookie, KJ_LANG_COOKIE);
			r = do_req("GET", pages[i], NULL, cookie, NULL);
			assert_int_equal(r.status, 200);
			assert_non_null(strstr(r.body, "<html lang=\"en\">"));
			res_free(&r);
		}
		/* The menu offers what the role may open, and nothing else. */
		struct res h = do_req("GET", "/", NULL, s.cookie, NULL);
		int audit = role == KJ_ROLE_NCO || role == KJ_ROLE_AUDITOR;
		assert_int_equal(strstr(h.body, "href=\"/audit\"") != NULL, audit);
		assert_int_equal(strstr(h.body, "href=\"/admin/users\"") != NULL,
				 role == KJ_ROLE_NCO);
		/* Each page of the menu is shown exactly to the roles that may open it
		 * (the auditor's menu lacked 対象事業者, which it may open). */
		static const char *const menu[] = { "/catalog", "/glossary", "/registry",
			"/targets", "/coverage", "/audit", "/admin/users", "/account" };
		for (size_t i = 0; i < sizeof menu / sizeof menu[0]; i++) {
			char link[64];
			snprintf(link, sizeof link, "href=\"%s\"", menu[i]);
			struct res m = do_req("GET", menu[i], NULL, s.cookie, NULL);
			/* An operator's registry link leads to its own record (303). */
			int opens = m.status == 200 || m.status == 303;
			int shown = strstr(h.body, link) != NULL;
			if (opens != shown)
				fail_msg("%s: %s answers %d but the menu %s it",
					 demo_login((enum kj_role)role), menu[i], m.status,
					 shown ? "shows" : "lacks");
			res_free(&m);
		}
		res_free(&h);
	}
}

/* --- The glossary ----------------------------------------------------------- */

/* The part of glossary page BODY for term ID, NUL-terminated in a copy. */
static char *glossary_entry(const char *body, const char *id)
{
	char anchor[128];
	snprintf(anchor, sizeof anchor, "<section class=\"term\" id=\"term-%s\">", id);
	const char *a = strstr(body, anchor);
	if (!a)
		fail_msg("glossary lacks %s", anchor);
	const char *e = strstr(a, "</section>");
	assert_non_null(e);
	size_t n = (size_t)(e - a);
	char *out = malloc(n + 1);
	assert_non_null(out);
	memcpy(out, a, n);
	out[n] = '\0';
	return out;
}

void test_glossary(void **state)
{
	(void)state;
	struct kj_catalog cat;
	struct kj_err err = { "" };
	if (kj_catalog_load_embedded(&cat, &err) < 0)
		fail_msg("%s", err.msg);
	struct sess s;
	sess_direct("demo-operator", &s);
	struct res r = do_req("GET", "/glossary", NULL, s.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<h1>用語集</h1>"));
	/* Every definition, with its text and a link from the index. */
	for (int i = 0; i < cat.ndefs; i++) {
		const struct kj_definition *d = &cat.defs[i];
		char *e = glossary_entry(r.body, d->id);
		if (!strstr(e, d->term_ja) || !strstr(e, d->term_en))
			fail_msg("glossary entry %s lacks its terms", d->id);
		char href[128];
		snprintf(href, sizeof href, "href=\"#term-%s\"", d->id);
		assert_non_null(strstr(r.body, href));
		/* The Japanese text (as escaped HTML: compare a plain stretch). */
		if (!strchr(d->text_ja, '"') && !strchr(d->text_ja, '\'') &&
		    !strchr(d->text_ja, '&') && !strchr(d->text_ja, '<'))
			if (!strstr(e, d->text_ja))
				fail_msg("glossary entry %s lacks its text", d->id);
		free(e);
	}
	/* A term's requirements are listed: the longest term wins. */
	char *e = glossary_entry(r.body, "business-continuity-plans-etc");
	assert_non_null(strstr(e, "href=\"/catalog/3.6.1-1\""));
	assert_non_null(strstr(e, "href=\"/catalog/3.6.1-2\""));
	assert_non_null(strstr(e, "href=\"/catalog/3.6.3-2\""));
	assert_non_null(strstr(e, "3.6.1 本文"));
	free(e);
	e = glossary_entry(r.body, "business-continuity-plan");
	assert_non_null(strstr(e, "href=\"/catalog/3.6.1-1\""));
	assert_null(strstr(e, "href=\"/catalog/3.6.1-2\""));
	assert_null(strstr(e, "href=\"/catalog/3.6.3-2\""));
	assert_non_null(strstr(e, "3.6.1 脚注 28"));
	free(e);
	e = glossary_entry(r.body, "action-plan");
	assert_non_null(strstr(e, "href=\"/catalog/3.3.3-1\""));
	free(e);
	/* A Part 1 term that no requirement uses says so. */
	e = glossary_entry(r.body, "survey");
	assert_null(strstr(e, "href=\"/catalog/"));
	assert_non_null(strstr(e, "第3部の対策事項では使われていません。"));
	free(e);
	/* The editorial correction of footnote 16 is shown with its reason. */
	e = glossary_entry(r.body, "ci-service");
	assert_non_null(strstr(e, "編集上の訂正"));
	assert_non_null(strstr(e, "「手続のうちち、」→「手続のうち、」"));
	free(e);
	/* The English text only when English is chosen. */
	assert_null(strstr(r.body, kj_catalog_def(&cat, "triage")->text_en));
	res_free(&r);
	char cookie[256];
	snprintf(cookie, sizeof cookie, "%s; %s=en", s.cookie, KJ_LANG_COOKIE);
	r = do_req("GET", "/glossary", NULL, cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<h1>Glossary</h1>"));
	assert_non_null(strstr(r.body, kj_catalog_def(&cat, "triage")->text_en));
	assert_non_null(strstr(r.body, "3.6.1 body text"));
	res_free(&r);

	/* The requirement page links its terms to the glossary entries. */
	r = do_req("GET", "/catalog/3.6.1-2", NULL, s.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "href=\"/glossary#term-business-continuity-plans-etc\""));
	assert_null(strstr(r.body, "href=\"/glossary#term-business-continuity-plan\""));
	assert_non_null(strstr(r.body, "href=\"/glossary\""));	/* the menu */
	res_free(&r);
	/* The catalog links the glossary and names parts by their headings. */
	r = do_req("GET", "/catalog", NULL, s.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<a href=\"/glossary\">用語集</a>"));
	assert_non_null(strstr(r.body, "3.7 技術・脅威の動向等を踏まえた対策 (1)"));
	assert_null(strstr(r.body, "3.7 技術・脅威の動向 ("));
	res_free(&r);
	r = do_req("GET", "/catalog/3.7-1", NULL, s.cookie, NULL);
	assert_non_null(strstr(r.body, "<dd>3.7 技術・脅威の動向等を踏まえた対策</dd>"));
	res_free(&r);
	/* Nothing else lives under /glossary. */
	assert_int_equal(status_of("GET", "/glossary/x", NULL, s.cookie, NULL), 404);
	kj_catalog_free(&cat);
}

/* The home page: each role its own next steps, and only the NCO and the
 * ministries are told to chase operators that have not answered. */
void test_home_per_role(void **state)
{
	(void)state;
	static const struct {
		enum kj_role role;
		const char *has[5], *lacks[5];
	} want[] = {
		{ KJ_ROLE_NCO, { "href=\"/registry\"", "href=\"/coverage\"", "href=\"/admin/users\"",
				 "回答期限までに提出を促してください" },
		  { "href=\"/targets\"" } },
		{ KJ_ROLE_MINISTRY, { "厚生労働省", "href=\"/registry\"", "href=\"/targets\"",
				      "href=\"/safety/", "回答期限までに提出を促してください" },
		  { "href=\"/admin/users\"", "href=\"/audit\"" } },
		{ KJ_ROLE_OPERATOR, { "href=\"/registry/", "href=\"/coverage\"", "自組織の回答" },
		  { "回答期限までに提出を促してください", "href=\"/targets\"", "href=\"/registry\"" } },
		{ KJ_ROLE_HQ, { "href=\"/coverage\"", "全国の回答状況" },
		  { "回答期限までに提出を促してください", "href=\"/registry", "href=\"/targets\"" } },
		{ KJ_ROLE_SURVEYOR, { "href=\"/coverage\"", "全国の回答状況" },
		  { "回答期限までに提出を促してください", "href=\"/registry", "href=\"/targets\"" } },
		{ KJ_ROLE_CEPTOAR, { "href=\"/safety/medical\"", "担当分野の回答状況" },
		  { "回答期限までに提出を促してください", "href=\"/registry", "href=\"/targets\"" } },
		{ KJ_ROLE_AUDITOR, { "href=\"/audit\"", "href=\"/registry\"" },
		  { "回答期限までに提出を促してください", "href=\"/admin/users\"", "href=\"/targets\"" } },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		struct sess s;
		sess_direct(demo_login(want[i].role), &s);
		struct res r = do_req("GET", "/", NULL, s.cookie, NULL);
		assert_int_equal(r.status, 200);
		/* The page's own content, not the menu. */
		const char *main = strstr(r.body, "<main");
		assert_non_null(main);
		for (int k = 0; k < 5 && want[i].has[k]; k++)
			if (!strstr(main, want[i].has[k]))
				fail_msg("home of %s lacks %s", demo_login(want[i].role), want[i].has[k]);
		for (int k = 0; k < 5 && want[i].lacks[k]; k++)
			if (strstr(main, want[i].lacks[k]))
				fail_msg("home of %s shows %s", demo_login(want[i].role), want[i].lacks[k]);
		res_free(&r);
	}
	/* A ministry's home names its ministry and the sectors it holds in part. */
	struct sess env;
	sess_direct("demo-ministry-env", &env);
	struct res r = do_req("GET", "/", NULL, env.cookie, NULL);
	assert_non_null(strstr(r.body, "環境省"));
	assert_non_null(strstr(r.body, "水道"));
	assert_non_null(strstr(r.body, "行政サービス （割り当てられた事業者のみ）"));
	res_free(&r);
}

void test_headers_on_every_kind_of_answer(void **state)
{
	(void)state;
	struct sess s;
	sess_direct("demo-hq", &s);
	/* check_common() asserts the headers; here every kind of answer passes it. */
	assert_int_equal(status_of("GET", "/no/such/page", NULL, NULL, NULL), 404);
	assert_int_equal(status_of("GET", "/api/v1/nothing", NULL, NULL, NULL), 404);
	assert_int_equal(status_of("PUT", "/catalog", NULL, s.cookie, NULL), 405);
	assert_int_equal(status_of("DELETE", "/api/v1/me", NULL, s.cookie, NULL), 405);
	assert_int_equal(status_of("GET", "/static/kijun.css", NULL, NULL, NULL), 200);
	assert_int_equal(status_of("GET", "/audit", NULL, s.cookie, NULL), 403);
	assert_int_equal(status_of("GET", "/api/v1/me", NULL, NULL, NULL), 401);
	assert_int_equal(status_of("GET", "/", NULL, NULL, NULL), 303);
	assert_int_equal(status_of("HEAD", "/catalog", NULL, s.cookie, NULL), 200);
	struct res r = do_req("GET", "/api/v1/me", NULL, NULL, NULL);
	assert_non_null(strstr(r.body, "\"status\":401"));
	res_free(&r);
	r = do_req("GET", "/static/kijun.css", NULL, NULL, NULL);
	assert_string_equal(r.ctype, "text/css; charset=utf-8");
	assert_null(set_cookie(&r, KJ_SESSION_COOKIE));
	res_free(&r);
	/* A form's answer is never cached. */
	r = post(&s, "/account/tokens", "name", "cache");
	assert_int_equal(r.status, 200);
	assert_hdr(&r, "Cache-Control", "no-store");
	res_free(&r);
}

void test_escaping_search(void **state)
{
	(void)state;
	struct sess s;
	sess_direct("demo-operator", &s);
	char *f = form("q", "<script>alert(1)</script>", NULL);
	struct res r = do_req("GET", "/catalog", f, s.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "<script"));
	assert_non_null(strstr(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	res_free(&r);
	/* Full-width and case are folded: ＣＳＩＲＴ finds CSIRT. */
	f = form("q", "ＣＳＩＲＴ", NULL);
	r = do_req("GET", "/catalog", f, s.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "class=\"req-id\""));
	res_free(&r);
}

void test_escaping_everywhere(void **state)
{
	(void)state;
	struct sess nco, op;
	sess_direct("demo-nco", &nco);
	sess_direct("demo-operator", &op);
	every_get_route(XSS, NULL, no_server_error);
	every_get_route(XSS, nco.cookie, no_server_error);
	every_get_route(XSS, op.cookie, no_server_error);
	/* A path that matches nothing is shown back in the language switch. */
	assert_int_equal(status_of("GET", "/" XSS, NULL, nco.cookie, NULL), 404);
	/* The login of a failed sign-in is echoed in the form and in the audit trail. */
	struct res r = signin_post(XSS, "whatever-password", NULL);
	assert_int_equal(r.status, 401);
	assert_non_null(strstr(r.body, "value=\"&lt;kjx id=&#39;x&#39;&gt;&quot;&amp;&lt;/kjx&gt;\""));
	res_free(&r);
	struct sess aud;
	sess_direct("demo-auditor", &aud);
	r = do_req("GET", "/audit", "action=signin.failed", aud.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "&lt;kjx id="));
	res_free(&r);
	/* A token's name, on the account page. */
	r = post(&nco, "/account/tokens", "name", XSS);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "&lt;kjx"));
	res_free(&r);
}


void test_crosswalk_pages(void **state)
{
	(void)state;
	struct kj_store *st;
	struct kj_err err;
	struct kj_demo_predecessor d;
	assert_int_equal(kj_store_open(&st, db_path, 0, &err), 0);
	if (kj_demo_predecessor(st, &app.cat, &d, &err) < 0)
		fail_msg("%s", err.msg);
	kj_store_close(st);
	struct sess s;
	char cookie[256];
	sess_direct(demo_login(KJ_ROLE_OPERATOR), &s);
	struct res r = do_req("GET", "/catalog", NULL, s.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "href=\"/catalog/versions/2026/crosswalk\""));
	res_free(&r);

	r = do_req("GET", "/catalog/versions/2026/crosswalk", NULL, s.cookie, NULL);
	assert_int_equal(r.status, 200);
	static const char *const want[] = {
		"改訂の対応表 2026", "前の版 2023 → 2026", "<caption>", "分割", "統合",
		"新設", "文言変更", "同一", "href=\"/catalog/3.2.1-1\"",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(r.body, want[i]))
			fail_msg("crosswalk page lacks %s", want[i]);
	/* Nothing is removed in the demo's history: counted 0, in no row. */
	assert_non_null(strstr(r.body, "削除</span> 0</li>"));
	assert_null(strstr(r.body, "<tr><td><span class=\"tag\">削除"));
	res_free(&r);
	snprintf(cookie, sizeof cookie, "%s; %s=en", s.cookie, KJ_LANG_COOKIE);
	r = do_req("GET", "/catalog/versions/2026/crosswalk", NULL, cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Crosswalk of the revision 2026"));
	assert_non_null(strstr(r.body, "split"));
	res_free(&r);

	/* 2023: the first version; the way on to 2026. */
	r = do_req("GET", "/catalog/versions/2023/crosswalk", NULL, s.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "最初の版"));
	assert_non_null(strstr(r.body, "href=\"/catalog/versions/2026/crosswalk\""));
	res_free(&r);

	/* A requirement's history: the split one comes from 2023 by a split. */
	char path[64];
	struct kj_xw_row rows[200];
	char from[KJ_VERSION_MAX];
	int n = 0;
	const char *split_to = NULL, *new_id = NULL;
	assert_int_equal(kj_store_open(&st, db_path, KJ_STORE_READONLY, &err), 0);
	assert_int_equal(kj_store_crosswalk(st, "2026", from, rows, 200, &n, &err), 0);
	kj_store_close(st);
	for (int i = 0; i < n; i++) {
		if (!strcmp(rows[i].kind, "split"))
			split_to = rows[i].to;
		if (!strcmp(rows[i].kind, "new"))
			new_id = rows[i].to;
	}
	assert_non_null(split_to);
	assert_non_null(new_id);
	snprintf(path, sizeof path, "/catalog/%s", split_to);
	r = do_req("GET", path, NULL, s.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "改訂の経緯"));
	assert_non_null(strstr(r.body, "2023 <span class=\"req-id\">"));
	assert_non_null(strstr(r.body, "分割"));
	res_free(&r);
	snprintf(path, sizeof path, "/catalog/%s", new_id);
	r = do_req("GET", path, NULL, s.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "なし（この版で新設）"));
	res_free(&r);

	/* The gap lists name the kind of a changed requirement. */
	int split_badges = 0, merged_badges = 0;
	for (int i = 0; i < app.cat.nsectors; i++) {
		snprintf(path, sizeof path, "/safety/%s", app.cat.sectors[i].code);
		r = do_req("GET", path, NULL, s.cookie, NULL);
		assert_int_equal(r.status, 200);
		split_badges += strstr(r.body, "改定で変更 (分割)") != NULL;
		merged_badges += strstr(r.body, "改定で変更 (統合)") != NULL;
		res_free(&r);
	}
	assert_true(split_badges + merged_badges > 0);
}

/*
 * Home cards link to the lists behind their numbers; the operator's home
 * names its organisation; counts and dates as a reader expects them.
 */
void test_home_links(void **state)
{
	(void)state;
	struct sess s;
	struct kj_org_record org;
	struct kj_err err;
	int found = 0;
	sess_direct(demo_login(KJ_ROLE_OPERATOR), &s);
	struct res r = do_req("GET", "/", NULL, s.cookie, NULL);
	assert_int_equal(r.status, 200);
	struct kj_user op;
	assert_int_equal(kj_store_user_by_id(store(), s.uid, &op, &found, &err), 0);
	assert_int_equal(kj_store_org_get(store(), op.org_id, &org, &found, &err), 0);
	assert_true(found);
	assert_non_null(strstr(r.body, org.name_ja));
	/* The gaps of its own sector, linked to that sector's page. */
	char href[64];
	snprintf(href, sizeof href, "href=\"/safety/%s\"", org.sectors[0]);
	if (org.nsectors == 1)
		assert_non_null(strstr(r.body, href));
	/* The standard's date in the era, never ISO. */
	assert_non_null(strstr(r.body, "令和8年10月1日"));
	assert_null(strstr(r.body, "2026-10-01"));
	res_free(&r);
	/* The NCO: the survey's figures link to the targets of its year, the
	 * gaps of all sectors to the coverage. */
	sess_direct("demo-nco", &s);
	r = do_req("GET", "/", NULL, s.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "href=\"/targets?fy="));
	assert_non_null(strstr(r.body, "提出を促す事業者を見る"));
	assert_non_null(strstr(r.body, "安全基準等のギャップ"));
	assert_non_null(strstr(r.body, "href=\"/coverage\""));
	res_free(&r);
	/* HQ may not open the targets: no link to them. */
	sess_direct(demo_login(KJ_ROLE_HQ), &s);
	r = do_req("GET", "/", NULL, s.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "href=\"/targets"));
	res_free(&r);
}
