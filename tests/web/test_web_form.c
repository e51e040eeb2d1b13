/*
 * The form component (web/form.c) on requests made by hand: errors beside
 * their fields (aria-invalid, aria-describedby, autofocus on the first), the
 * summary's links, 必須, escaping of what was typed, the confirmation page
 * (every posted parameter again but csrf, with confirm=1). Then the bad
 * inputs of the users, account, token and audit pages through the whole
 * application: 400, the form (not the error page) with the typed values and
 * the message beside the field, and nothing changed.
 */
#include "web_helpers.h"
#include "store/store_users.h"
#include "web/form.h"
#include "web/html.h"

/* A POST request with the form FORM (a query string). */
static void form_request(struct kj_request *req, const char *path, const char *query,
			 const char *form)
{
	kj_request_init(req);
	req->method = "POST";
	req->path = path;
	if (query) {
		assert_int_equal(kj_request_parse_form(req, query, strlen(query)), 0);
		req->nquery = req->nparams;
	}
	if (form)
		assert_int_equal(kj_request_parse_form(req, form, strlen(form)), 0);
	snprintf(req->csrf, sizeof req->csrf, "%s", "csrf-of-the-session");
}

/* The markup of the element that holds ID (from its '<' to its '>'). */
static int element_of(const char *html, const char *id, char *out, size_t n)
{
	char needle[96];
	snprintf(needle, sizeof needle, "id=\"%s\"", id);
	const char *at = strstr(html, needle);
	if (!at)
		return -1;
	const char *start = at;
	while (start > html && *start != '<')
		start--;
	const char *end = strchr(at, '>');
	if (!end || (size_t)(end - start + 1) >= n)
		return -1;
	memcpy(out, start, (size_t)(end - start + 1));
	out[end - start + 1] = '\0';
	return 0;
}

static int count_of(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

void test_form_errors_beside_fields(void **state)
{
	(void)state;
	static const struct kj_field name = { "name", N_("氏名"), NULL, NULL, KJ_FIELD_REQUIRED,
					      127, "off", NULL };
	static const struct kj_field login = { "login", N_("サインイン ID"), N_("13桁の数字"), NULL,
					       KJ_FIELD_REQUIRED, 63, NULL, NULL };
	static const struct kj_field note = { "note", N_("用途がわかる名前"), NULL, NULL, 0, 0,
					      NULL, NULL };
	struct kj_request req;
	form_request(&req, "/x", NULL, "name=" "%3Ckjx%20id%3D'x'%3E%22%26%3C%2Fkjx%3E" "&login=ab");
	struct kj_form f = { .prefix = "t" };
	assert_int_equal(kj_form_error(&req, &f, "login", N_("サインイン ID の形式が正しくありません。")), 0);
	assert_int_equal(kj_form_error(&req, &f, "name", N_("氏名を入力してください（127バイト以内）。")), 0);
	assert_int_equal(kj_form_error_text(&f, "", "whole form"), 0);
	struct kj_buf b;
	kj_buf_init(&b, 1 << 20);
	kj_form_summary(&req, &b, &f);
	kj_form_input(&req, &b, &f, &name, kj_param(&req, "name"));
	kj_form_input(&req, &b, &f, &login, kj_param(&req, "login"));
	kj_form_input(&req, &b, &f, &note, NULL);
	const char *html = kj_buf_str(&b);
	char el[1024];

	/* The summary: an alert naming the whole, with a link to each bad field. */
	assert_non_null(strstr(html, "class=\"error-summary\" role=\"alert\""));
	assert_non_null(strstr(html, "<a href=\"#t-login\">"));
	assert_non_null(strstr(html, "<a href=\"#t-name\">"));
	assert_non_null(strstr(html, "<li>whole form</li>"));

	/* Beside each field: its message, tied to the control. */
	assert_int_equal(element_of(html, "t-login", el, sizeof el), 0);
	assert_non_null(strstr(el, "aria-invalid=\"true\""));
	assert_non_null(strstr(el, "aria-describedby=\"t-login-err t-login-hint\""));
	assert_non_null(strstr(el, "aria-required=\"true\""));
	assert_null(strstr(el, " required"));	/* the server's message must show */
	assert_non_null(strstr(html, "id=\"t-login-err\">サインイン ID の形式が正しくありません。</p>"));
	/* Autofocus on the first bad field of the form (login came first), only there. */
	assert_non_null(strstr(el, "autofocus"));
	assert_int_equal(count_of(html, "autofocus"), 1);
	assert_int_equal(element_of(html, "t-name", el, sizeof el), 0);
	assert_non_null(strstr(el, "aria-invalid=\"true\""));
	assert_null(strstr(el, "autofocus"));
	/* What was typed comes back escaped. */
	assert_non_null(strstr(el, "value=\"&lt;kjx id=&#39;x&#39;&gt;&quot;&amp;&lt;/kjx&gt;\""));
	assert_null(strstr(html, MARK));
	/* 必須 beside the label of a required field, not of the others. */
	assert_int_equal(count_of(html, "<span class=\"required\">必須</span>"), 2);
	/* A good field: no error, no aria-invalid. */
	assert_int_equal(element_of(html, "t-note", el, sizeof el), 0);
	assert_null(strstr(el, "aria-invalid"));
	assert_null(strstr(el, "aria-describedby"));
	kj_buf_free(&b);

	/* English: the same messages translated. */
	req.lang = KJ_LANG_EN;
	struct kj_form fe = { 0 };
	kj_form_error(&req, &fe, "login", N_("サインイン ID の形式が正しくありません。"));
	assert_string_equal(kj_form_field_error(&fe, "login"),
			    "The sign-in ID is not in the correct format.");
	assert_null(kj_form_field_error(&fe, "name"));
	kj_request_free(&req);
}

void test_form_limits(void **state)
{
	(void)state;
	struct kj_form f = { 0 };
	char long_text[KJ_FORM_MESSAGE_MAX * 2];
	memset(long_text, 'x', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	for (int i = 0; i < KJ_FORM_ERRORS_MAX; i++)
		assert_int_equal(kj_form_error_text(&f, "a", long_text), 0);
	/* Beyond the cap: dropped, counted, said in the summary. */
	assert_int_equal(kj_form_error_text(&f, "b", "one too many"), -1);
	assert_int_equal(f.dropped, 1);
	assert_true(strlen(f.errors[0].text) < KJ_FORM_MESSAGE_MAX);
	struct kj_request req;
	form_request(&req, "/x", NULL, NULL);
	struct kj_buf b;
	kj_buf_init(&b, 1 << 20);
	kj_form_summary(&req, &b, &f);
	assert_non_null(strstr(kj_buf_str(&b), "ほかにも誤りがあります"));
	kj_buf_free(&b);
	/* No errors: no summary at all. */
	struct kj_form none = { 0 };
	kj_buf_init(&b, 1 << 20);
	kj_form_summary(&req, &b, &none);
	assert_int_equal(b.len, 0);
	kj_buf_free(&b);
	kj_request_free(&req);
}

void test_form_select_no_silent_default(void **state)
{
	(void)state;
	static const struct kj_option sizes[] = { { "large", N_("大規模") }, { "small", N_("小規模") } };
	static const struct kj_field size = { "size", N_("規模"), NULL, NULL, KJ_FIELD_REQUIRED, 0,
					      NULL, NULL };
	struct kj_request req;
	form_request(&req, "/x", NULL, NULL);
	struct kj_buf b;
	kj_buf_init(&b, 1 << 20);
	kj_form_select(&req, &b, NULL, &size, sizes, 2, NULL);
	assert_non_null(strstr(kj_buf_str(&b), "<option value=\"\" selected>選択してください</option>"));
	assert_null(strstr(kj_buf_str(&b), "\"large\" selected"));
	kj_buf_free(&b);
	kj_buf_init(&b, 1 << 20);
	kj_form_select(&req, &b, NULL, &size, sizes, 2, "small");
	assert_null(strstr(kj_buf_str(&b), "選択してください"));
	assert_non_null(strstr(kj_buf_str(&b), "value=\"small\" selected"));
	kj_buf_free(&b);
	kj_request_free(&req);
}

void test_form_confirm_page(void **state)
{
	(void)state;
	struct kj_request req;
	struct kj_response resp;
	/* The query is the page's, not the form's: it is not posted again. */
	form_request(&req, "/admin/users/7/disable", "page=2",
		     "csrf=old-token&sector=a&sector=b&note=%3Ckjx%3E%22&confirm=0");
	assert_false(kj_form_confirmed(&req));
	kj_response_init(&resp);
	assert_int_equal(kj_form_confirm_page(&req, &resp, &(struct kj_confirm){
		N_("利用者を無効にしますか"), "<kjx> loses its tokens", "/admin/users/7/disable",
		N_("無効にする"), "/admin/users" }), 0);
	const char *html = kj_buf_str(&resp.body);
	assert_int_equal(resp.status == 0 || resp.status == 200, 1);
	assert_non_null(strstr(html, "<h1>利用者を無効にしますか</h1>"));
	assert_non_null(strstr(html, "&lt;kjx&gt; loses its tokens"));
	assert_non_null(strstr(html, "action=\"/admin/users/7/disable\""));
	/* Every posted parameter again, escaped, both values of a repeated one... */
	assert_non_null(strstr(html, "name=\"sector\" value=\"a\""));
	assert_non_null(strstr(html, "name=\"sector\" value=\"b\""));
	assert_non_null(strstr(html, "name=\"note\" value=\"&lt;kjx&gt;&quot;\""));
	assert_null(strstr(html, MARK));
	/* ... but the posted csrf (the session's own instead) and confirm (=1 instead). */
	assert_null(strstr(html, "old-token"));
	assert_int_equal(count_of(html, "name=\"csrf\""), 1);
	assert_non_null(strstr(html, "name=\"csrf\" value=\"csrf-of-the-session\""));
	assert_int_equal(count_of(html, "name=\"confirm\""), 1);
	assert_non_null(strstr(html, "name=\"confirm\" value=\"1\""));
	assert_null(strstr(html, "name=\"page\""));
	/* A way back that changes nothing. */
	assert_non_null(strstr(html, "href=\"/admin/users\">やめる</a>"));
	kj_response_free(&resp);
	kj_request_free(&req);

	form_request(&req, "/x", NULL, "confirm=1");
	assert_true(kj_form_confirmed(&req));
	kj_request_free(&req);
	/* confirm=1 in the query does not confirm: only the posted form does. */
	form_request(&req, "/x", "confirm=1", NULL);
	assert_false(kj_form_confirmed(&req));
	kj_request_free(&req);
}

/* The users page's bad inputs: the form again, beside the field, nothing added. */
void test_users_form_bad_inputs(void **state)
{
	(void)state;
	struct sess nco;
	sess_direct("demo-nco", &nco);
	long before = user_count();
	/* login, name, role, org, the field that is wrong */
	static const char *const bad[][5] = {
		{ "Bad Login", "試験 " XSS, "hq", "", "login" },
		{ "webform", "", "hq", "", "name" },
		{ "webform", "試験", "", "", "role" },
		{ "webform", "試験", "operator", "1234567890123", "org" },
		{ "webform", "試験", "hq", "", "password" },	/* weak password below */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *f = form("csrf", nco.csrf, "login", bad[i][0], "name", bad[i][1],
			       "role", bad[i][2], "org", bad[i][3], "password",
			       !strcmp(bad[i][4], "password") ? "weak" : GOOD_PW, NULL);
		struct res r = do_req("POST", "/admin/users", f, nco.cookie, NULL);
		free(f);
		if (r.status != 400)
			fail_msg("%s: %d, want 400", bad[i][4], r.status);
		/* The page is the users page with its form, not the error page. */
		assert_non_null(strstr(r.body, "action=\"/admin/users\""));
		assert_non_null(strstr(r.body, "class=\"error-summary\""));
		char id[64], el[1024];
		snprintf(id, sizeof id, "u-%s", bad[i][4]);
		assert_int_equal(element_of(r.body, id, el, sizeof el), 0);
		if (!strstr(el, "aria-invalid=\"true\"") || !strstr(el, "-err"))
			fail_msg("%s: no error beside the field: %s", bad[i][4], el);
		snprintf(id, sizeof id, "u-%s-err", bad[i][4]);
		assert_non_null(strstr(r.body, id));
		/* What was typed is kept (escaped), never the password. */
		if (bad[i][1][0]) {
			assert_non_null(strstr(r.body, "試験"));
			assert_null(strstr(r.body, MARK));
		}
		assert_null(strstr(r.body, GOOD_PW));
		assert_null(strstr(r.body, "value=\"weak\""));
		res_free(&r);
		assert_int_equal(user_count(), before);
	}
	/* The role has no default: a fresh form asks for a choice. */
	struct res r = do_req("GET", "/admin/users", NULL, nco.cookie, NULL);
	assert_non_null(strstr(r.body, "<option value=\"\" selected>選択してください</option>"));
	assert_null(strstr(r.body, "ログインID"));
	assert_non_null(strstr(r.body, "サインイン ID"));
	res_free(&r);
	/* Sectors a CEPTOAR was given stay ticked when the form comes back. */
	char *f = form("csrf", nco.csrf, "login", "webform", "name", "", "role", "ceptoar",
		       "sector", "water", "password", GOOD_PW, NULL);
	r = do_req("POST", "/admin/users", f, nco.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "value=\"water\" checked"));
	assert_non_null(strstr(r.body, "value=\"ceptoar\" selected"));
	res_free(&r);
	assert_int_equal(user_count(), before);
}

/* Disabling asks first and says what will be lost; the question changes nothing. */
void test_users_disable_asks_first(void **state)
{
	(void)state;
	struct sess nco, victim;
	struct kj_user u = { 0 };
	struct kj_err err;
	char path[80], tok[64];
	int64_t tid;
	sess_direct("demo-nco", &nco);
	kj_strlcpy(u.login, "to-confirm", sizeof u.login);
	kj_strlcpy(u.display_name, "確認 太郎", sizeof u.display_name);
	u.role = KJ_ROLE_SURVEYOR;
	assert_int_equal(kj_password_hash(GOOD_PW, u.password_hash, &err), 0);
	assert_int_equal(kj_store_user_add(store(), &u, &err), 0);
	sess_direct("to-confirm", &victim);
	token_direct("to-confirm", tok, &tid);
	snprintf(path, sizeof path, "/admin/users/%lld/disable", (long long)u.id);
	int disables = audit_count("user.disable", NULL);
	struct res r = post(&nco, path, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "利用者を無効にしますか"));
	assert_non_null(strstr(r.body, "サインインできなくなり"));
	assert_non_null(strstr(r.body, "API トークン"));
	assert_non_null(strstr(r.body, "to-confirm"));
	assert_non_null(strstr(r.body, "name=\"confirm\" value=\"1\""));
	res_free(&r);
	assert_true(session_works(&victim));
	assert_int_equal(status_of("GET", "/api/v1/me", NULL, NULL, tok), 200);
	assert_int_equal(audit_count("user.disable", NULL), disables);
	/* confirm=0 is no confirmation either. */
	r = post(&nco, path, "confirm", "0");
	assert_int_equal(r.status, 200);
	res_free(&r);
	assert_true(session_works(&victim));
	r = post(&nco, path, "confirm", "1");
	assert_int_equal(r.status, 303);
	assert_hdr(&r, "Location", "/admin/users?done=disabled");
	res_free(&r);
	assert_false(session_works(&victim));
	assert_int_equal(status_of("GET", "/api/v1/me", NULL, NULL, tok), 401);
	assert_int_equal(audit_count("user.disable", NULL), disables + 1);
	r = do_req("GET", "/admin/users", "done=disabled", nco.cookie, NULL);
	assert_non_null(strstr(r.body, "利用者を無効にしました。"));
	res_free(&r);
	assert_audit_ok();
}

/* The token form: 400 with the form, the name kept, the message beside it. */
void test_account_token_form_bad_inputs(void **state)
{
	(void)state;
	struct sess s;
	sess_direct("demo-surveyor", &s);
	int adds = audit_count("token.add", NULL);
	char long_name[200];
	memset(long_name, 'n', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = '\0';
	/* name, days, the bad field */
	const char *const bad[][3] = {
		{ "", "30", "name" }, { long_name, "30", "name" }, { "ok", "0", "days" },
		{ "ok", "366", "days" }, { "ok", "３０", "days" }, { "ok", "1e3", "days" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *f = form("csrf", s.csrf, "name", bad[i][0], "days", bad[i][1], NULL);
		struct res r = do_req("POST", "/account/tokens", f, s.cookie, NULL);
		free(f);
		if (r.status != 400)
			fail_msg("%s=%s: %d, want 400", bad[i][2], bad[i][1], r.status);
		char id[32], el[1024];
		snprintf(id, sizeof id, "t-%s", bad[i][2]);
		assert_int_equal(element_of(r.body, id, el, sizeof el), 0);
		assert_non_null(strstr(el, "aria-invalid=\"true\""));
		assert_non_null(strstr(el, "autofocus"));
		assert_non_null(strstr(r.body, "action=\"/account/tokens\""));
		if (!strcmp(bad[i][0], "ok"))
			assert_non_null(strstr(r.body, "value=\"ok\""));
		/* No token was shown or made. */
		assert_null(strstr(r.body, "token-once"));
		res_free(&r);
		assert_int_equal(audit_count("token.add", NULL), adds);
	}
	/* Revoking a token that is not there is 404 before any question. */
	struct res r = post(&s, "/account/tokens/99999999/revoke", NULL, NULL);
	assert_int_equal(r.status, 404);
	res_free(&r);
}

/* The audit page: a bad filter is answered beside its field, with no list. */
void test_audit_filter_bad_inputs(void **state)
{
	(void)state;
	struct sess aud;
	sess_direct("demo-auditor", &aud);
	static const char *const bad[][2] = {
		{ "from=2026-02-30", "f-from" }, { "to=yesterday", "f-to" },
		{ "from=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96-01-01", "f-from" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct res r = do_req("GET", "/audit", bad[i][0], aud.cookie, NULL);
		if (r.status != 400)
			fail_msg("%s: %d, want 400", bad[i][0], r.status);
		char el[1024];
		assert_int_equal(element_of(r.body, bad[i][1], el, sizeof el), 0);
		assert_non_null(strstr(el, "aria-invalid=\"true\""));
		assert_non_null(strstr(r.body, "class=\"error-summary\""));
		assert_non_null(strstr(r.body, "<h1>監査証跡</h1>"));
		res_free(&r);
	}
	/* A good page: times in JST with the zone, never the stored UTC. */
	struct res r = do_req("GET", "/audit", NULL, aud.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, " JST</time>"));
	assert_non_null(strstr(r.body, "<time datetime=\""));
	assert_null(strstr(r.body, "(UTC)"));
	res_free(&r);
}

/* The icon is an asset: served without a session, cached publicly, even to
 * a signed-in browser (one Cache-Control, not no-store as well). */
void test_favicon(void **state)
{
	(void)state;
	struct sess s;
	sess_direct("demo-hq", &s);
	for (int signed_in = 0; signed_in < 2; signed_in++) {
		struct res r = do_req("GET", "/favicon.ico", NULL, signed_in ? s.cookie : NULL, NULL);
		assert_int_equal(r.status, 200);
		assert_string_equal(r.ctype, "image/vnd.microsoft.icon");
		assert_hdr(&r, "Cache-Control", "public, max-age=3600");
		int n = 0;
		for (int i = 0; i < r.nh; i++)
			n += !strcasecmp(r.h[i][0], "Cache-Control");
		assert_int_equal(n, 1);
		assert_null(set_cookie(&r, KJ_SESSION_COOKIE));
		/* An ICO file: reserved 0, type 1, at least one image. */
		assert_true(r.len > 22 && r.body[0] == 0 && r.body[1] == 0 && r.body[2] == 1);
		res_free(&r);
	}
}

/* A parameter whose name is not UTF-8 text is refused when the request is
 * read, so the confirmation page, which writes every parameter back, stays
 * valid UTF-8. */
void test_form_confirm_bad_name(void **state)
{
	(void)state;
	struct kj_request req;
	struct kj_response resp;
	form_request(&req, "/x", NULL, "ok=1");
	assert_int_equal(kj_request_add_param(&req, "\x80\xff", "v", 1), -1);
	kj_response_init(&resp);
	assert_int_equal(kj_form_confirm_page(&req, &resp, &(struct kj_confirm){
		N_("トークンを失効させますか"), "lost", "/x", N_("失効させる"), "/" }), 0);
	assert_true(kj_utf8_valid_text(kj_buf_str(&resp.body), resp.body.len));
	assert_non_null(strstr(kj_buf_str(&resp.body), "name=\"ok\" value=\"1\""));
	kj_response_free(&resp);
	kj_request_free(&req);
}
