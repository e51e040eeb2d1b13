/*
 * Answering a survey and reviewing responses, in-process (web_answer): an
 * operator starts its response, saves function pages (only what changed,
 * with the revision read), meets a colleague's save of the same item (409
 * with theirs beside its own, nothing saved), gets bad values back beside
 * their fields, submits with the attestation and gets a receipt whose
 * digest the API repeats; the ministry returns it with a message; the
 * operator corrects it with a reason and submits again, and both versions
 * are compared side by side; the lead and an assignment shown first to
 * the colleague it names. The JSON API the same way, with hostile
 * bodies. Every refusal is checked to change nothing.
 *
 * On the scratch demo database of web_helpers.c (its own, not web_app's),
 * with the FY2027 medical survey of answer_fixture.c.
 */
#include "web_helpers.h"
#include "store/store_users.h"

#define COLLEAGUE "answer-colleague"
#define OUTSIDER "answer-outsider"
#define REQ2 "3.2.1-2"

static struct sess op, col, outsider, min;
static char base[64];		/* /surveys/ID/answer */
static char api[128];		/* /api/v1/surveys/ID/responses/CORP */

/* An operator user of organisation ORG, made once. */
static void operator_user(const char *login, const char *display, int64_t org)
{
	struct kj_user u = { 0 }, had;
	struct kj_err err;
	int found = 0;
	if (kj_store_user_by_login(store(), login, &had, &found, &err) < 0)
		fail_msg("%s", err.msg);
	if (found)
		return;
	kj_strlcpy(u.login, login, sizeof u.login);
	kj_strlcpy(u.display_name, display, sizeof u.display_name);
	u.role = KJ_ROLE_OPERATOR;
	u.org_id = org;
	if (kj_store_user_add(store(), &u, &err) < 0)
		fail_msg("user %s: %s", login, err.msg);
}

static void fixture(void)
{
	answer_fixture();
	operator_user(COLLEAGUE, "同僚 次郎", org_own);
	operator_user(OUTSIDER, "他院 三郎", org_med);
	sess_direct(demo_login(KJ_ROLE_OPERATOR), &op);
	sess_direct(COLLEAGUE, &col);
	sess_direct(OUTSIDER, &outsider);
	sess_direct(demo_login(KJ_ROLE_MINISTRY), &min);
	snprintf(base, sizeof base, "/surveys/%lld/answer", (long long)answer_survey);
	snprintf(api, sizeof api, "/api/v1/surveys/%lld/responses/%s", (long long)answer_survey,
		 ans_corp_own);
}

/* A JSON request with BODY (NULL: none) by session S (its CSRF token in the header) or TOKEN. */
static struct res json_req(const char *method, const char *path, const char *body,
			   const struct sess *s, const char *token)
{
	struct kj_request rq;
	struct kj_response rs;
	struct res r;
	char auth[128];
	memset(&r, 0, sizeof r);
	kj_request_init(&rq);
	kj_response_init(&rs);
	rq.method = method;
	rq.path = path;
	rq.body = body;
	rq.body_len = body ? strlen(body) : 0;
	rq.content_type = body ? "application/json" : NULL;
	snprintf(rq.remote, sizeof rq.remote, "127.0.0.1");
	if (token) {
		snprintf(auth, sizeof auth, "Bearer %s", token);
		rq.authorization = auth;
	} else if (s) {
		rq.cookie = s->cookie;
		rq.csrf_header = s->csrf;
	}
	kj_web_handle(&app, &rq, &rs);
	r.status = rs.status;
	r.len = rs.body.len;
	snprintf(r.ctype, sizeof r.ctype, "%s", rs.content_type ? rs.content_type : "");
	r.nh = rs.nheaders;
	memcpy(r.h, rs.headers, sizeof r.h);
	r.body = malloc(r.len + 1);
	assert_non_null(r.body);
	memcpy(r.body, rs.body.data ? rs.body.data : "", r.len);
	r.body[r.len] = '\0';
	kj_request_free(&rq);
	kj_response_free(&rs);
	check_common(&r, method, path);
	return r;
}

/* The response as the API gives it to S (parsed; json_decref it). */
static json_t *api_get(const struct sess *s, const char *path)
{
	struct res r = json_req("GET", path, NULL, s, NULL);
	if (r.status != 200)
		fail_msg("GET %s: %d %s", path, r.status, r.body);
	json_t *j = json_loads(r.body, 0, NULL);
	res_free(&r);
	assert_non_null(j);
	return j;
}

static json_t *api_item(json_t *resp, const char *item)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(resp, "items"), i, it)
		if (!strcmp(json_string_value(json_object_get(it, "item")), item))
			return it;
	fail_msg("no item %s in the response", item);
	return NULL;
}

/* ITEM's level now, as the API says ("" when not answered). */
static void level_now(const char *item, char *out, size_t n)
{
	json_t *j = api_get(&op, api);
	json_t *lv = json_object_get(api_item(j, item), "level");
	snprintf(out, n, "%s", json_is_string(lv) ? json_string_value(lv) : "");
	json_decref(j);
}

static long revision_now(void)
{
	json_t *j = api_get(&op, api);
	long rev = (long)json_integer_value(json_object_get(j, "revision"));
	json_decref(j);
	return rev;
}

/* Undoes the few entities kj_h_attr writes. */
static void unescape(char *s)
{
	static const struct { const char *e; char c; } ents[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&#39;", '\'' },
	};
	char *w = s;
	for (const char *p = s; *p;) {
		size_t k, done = 0;
		for (k = 0; k < sizeof ents / sizeof ents[0] && !done; k++)
			if (!strncmp(p, ents[k].e, strlen(ents[k].e))) {
				*w++ = ents[k].c;
				p += strlen(ents[k].e);
				done = 1;
			}
		if (!done)
			*w++ = *p++;
	}
	*w = '\0';
}

/* A function page as S sees it: its revision and ITEM's value as shown (hidden o.ITEM). */
static void page_state(const struct sess *s, const char *fn, const char *item, char *rev,
		       char *orig, size_t on)
{
	char path[96], before[64];
	snprintf(path, sizeof path, "%s/f/%s", base, fn);
	struct res r = do_req("GET", path, NULL, s->cookie, NULL);
	assert_int_equal(r.status, 200);
	if (between(r.body, "name=\"rev\" value=\"", "\"", rev, 24) < 0)
		fail_msg("no revision on %s", path);
	snprintf(before, sizeof before, "name=\"o.%s\" value=\"", item);
	if (between(r.body, before, "\"", orig, on) < 0)
		fail_msg("no o.%s on %s", item, path);
	unescape(orig);
	res_free(&r);
}

/* POSTs a function page as S: ITEM's level LEVEL over ORIG at REV, with EXTRA fields. */
static struct res save(const struct sess *s, const char *fn, const char *rev, const char *item,
		       const char *level, const char *orig, const char *n1, const char *v1)
{
	char path[96], l[40], o[40];
	snprintf(path, sizeof path, "%s/f/%s", base, fn);
	snprintf(l, sizeof l, "l.%s", item);
	snprintf(o, sizeof o, "o.%s", item);
	char *f = n1 ? form("csrf", s->csrf, "rev", rev, l, level, o, orig, n1, v1, NULL)
		     : form("csrf", s->csrf, "rev", rev, l, level, o, orig, NULL);
	struct res r = do_req("POST", path, f, s->cookie, NULL);
	free(f);
	return r;
}

static void test_answer_overview_and_start(void **state)
{
	(void)state;
	char path[96], want[96];
	fixture();
	struct res r = do_req("GET", base, NULL, op.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "回答を始める"));
	for (int f = 0; f < 6; f++) {
		snprintf(want, sizeof want, "href=\"%s/f/%d\"", base, f);
		if (!strstr(r.body, want))
			fail_msg("overview lacks the link to function %d", f);
	}
	assert_non_null(strstr(r.body, "令和9年6月30日"));	/* the close date, in the era */
	res_free(&r);
	/* The home page calls the operator to answer. */
	r = do_req("GET", "/", NULL, op.cookie, NULL);
	assert_int_equal(r.status, 200);
	snprintf(want, sizeof want, "href=\"%s\"", base);
	assert_non_null(strstr(r.body, want));
	res_free(&r);
	snprintf(path, sizeof path, "%s/start", base);
	r = post(&op, path, NULL, NULL);
	assert_int_equal(r.status, 303);
	assert_true(loc_starts(&r, base));
	res_free(&r);
	r = do_req("GET", base, NULL, op.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "回答を始める"));
	assert_non_null(strstr(r.body, "作成中"));
	res_free(&r);
	/* Another operator's organisation is not asked through this page: its own only. */
	r = do_req("GET", base, NULL, outsider.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, ans_corp_own));
	res_free(&r);
}

static void test_answer_save_and_conflict(void **state)
{
	(void)state;
	char rev_a[24], rev_b[24], orig_a[512], orig_b[512], lv[8];
	fixture();
	struct res r = do_req("GET", "/surveys/1/answer/f/0", NULL, op.cookie, NULL);
	res_free(&r);
	char path[96];
	snprintf(path, sizeof path, "%s/f/0", base);
	r = do_req("GET", path, NULL, op.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "name=\"l." REQ_ID "\""));
	assert_non_null(strstr(r.body, "id=\"i-" REQ_ID "\""));
	assert_non_null(strstr(r.body, "実施状況"));
	res_free(&r);
	/* A save: 303 back, the answer stored, "saved" shown, who changed it. */
	page_state(&op, "0", REQ_ID, rev_a, orig_a, sizeof orig_a);
	r = save(&op, "0", rev_a, REQ_ID, "3", orig_a, "n." REQ_ID, XSS);
	assert_int_equal(r.status, 303);
	assert_true(loc_starts(&r, path));
	res_free(&r);
	level_now(REQ_ID, lv, sizeof lv);
	assert_string_equal(lv, "3");
	r = do_req("GET", path, "done=1", op.cookie, NULL);
	assert_non_null(strstr(r.body, "保存しました。"));
	assert_non_null(strstr(r.body, "最終更新"));
	assert_non_null(strstr(r.body, "&lt;kjx"));
	res_free(&r);
	/* Two people read the page; the colleague saves first; the later save of
	 * the same item is refused with theirs beside its own, and nothing is saved. */
	page_state(&op, "0", REQ_ID, rev_a, orig_a, sizeof orig_a);
	page_state(&col, "0", REQ_ID, rev_b, orig_b, sizeof orig_b);
	assert_string_equal(rev_a, rev_b);
	r = save(&col, "0", rev_b, REQ_ID, "2", orig_b, "n." REQ_ID, XSS);
	assert_int_equal(r.status, 303);
	res_free(&r);
	long before = revision_now();
	r = save(&op, "0", rev_a, REQ_ID, "4", orig_a, "n." REQ_ID, XSS);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "ほかの人が同じ設問を先に保存したため"));
	assert_non_null(strstr(r.body, "同僚 次郎"));
	/* What the user typed is still there, checked. */
	assert_non_null(strstr(r.body, "value=\"4\" checked"));
	assert_int_equal(revision_now(), before);
	level_now(REQ_ID, lv, sizeof lv);
	assert_string_equal(lv, "2");
	/* Saving again from the refused page (its new revision) is deliberate: done. */
	if (between(r.body, "name=\"rev\" value=\"", "\"", rev_a, sizeof rev_a) < 0)
		fail_msg("no revision on the refused page");
	char o[512];
	if (between(r.body, "name=\"o." REQ_ID "\" value=\"", "\"", o, sizeof o) < 0)
		fail_msg("no o. on the refused page");
	unescape(o);
	res_free(&r);
	r = save(&op, "0", rev_a, REQ_ID, "4", o, "n." REQ_ID, XSS);
	assert_int_equal(r.status, 303);
	res_free(&r);
	level_now(REQ_ID, lv, sizeof lv);
	assert_string_equal(lv, "4");
	/* Different items never refuse each other. */
	page_state(&op, "0", REQ2, rev_a, orig_a, sizeof orig_a);
	page_state(&col, "0", REQ_ID, rev_b, orig_b, sizeof orig_b);
	r = save(&col, "0", rev_b, REQ_ID, "3", orig_b, NULL, NULL);
	assert_int_equal(r.status, 303);
	res_free(&r);
	r = save(&op, "0", rev_a, REQ2, "1", orig_a, NULL, NULL);
	assert_int_equal(r.status, 303);
	res_free(&r);
	level_now(REQ_ID, lv, sizeof lv);
	assert_string_equal(lv, "3");
	level_now(REQ2, lv, sizeof lv);
	assert_string_equal(lv, "1");
}

static void test_answer_bad_values(void **state)
{
	(void)state;
	char rev[24], orig[512], lv[8], path[96];
	fixture();
	long before = revision_now();
	page_state(&op, "0", REQ_ID, rev, orig, sizeof orig);
	/* N/A without its reason: the page again, the message beside the item. */
	struct res r = save(&op, "0", rev, REQ_ID, "na", orig, NULL, NULL);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "error-summary"));
	assert_non_null(strstr(r.body, "aria-invalid"));
	assert_non_null(strstr(r.body, "value=\"na\" checked"));
	res_free(&r);
	r = save(&op, "0", rev, REQ_ID, "7", orig, NULL, NULL);
	assert_int_equal(r.status, 400);
	res_free(&r);
	r = save(&op, "0", rev, REQ_ID, "", orig, "n." REQ_ID, "comment without a level");
	assert_int_equal(r.status, 400);
	res_free(&r);
	assert_int_equal(revision_now(), before);
	level_now(REQ_ID, lv, sizeof lv);
	assert_string_equal(lv, "3");
	/* Hostile addresses and forms: nothing found, nothing changed. */
	static const char *const gone[] = { "/f/6", "/f/abc", "/f/-1", "/f/01", "/f/", "/receipts/0",
					    "/receipts/x", "/receipts/99" };
	for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++) {
		snprintf(path, sizeof path, "%s%s", base, gone[i]);
		int st = status_of("GET", path, NULL, op.cookie, NULL);
		if (st != 404)
			fail_msg("GET %s: %d, want 404", path, st);
	}
	assert_int_equal(status_of("GET", "/surveys/x/answer", NULL, op.cookie, NULL), 404);
	assert_int_equal(status_of("GET", "/surveys/99999/answer", NULL, op.cookie, NULL), 404);
	snprintf(path, sizeof path, "%s/f/0", base);
	r = post(&op, path, "rev", "abc");
	assert_int_equal(r.status, 400);
	res_free(&r);
	r = post(&op, path, NULL, NULL);
	assert_int_equal(r.status, 400);
	res_free(&r);
	assert_int_equal(revision_now(), before);
	/* Assigning to someone outside the organisation. */
	snprintf(path, sizeof path, "%s/assign", base);
	char *f = form("csrf", op.csrf, "item", REQ_ID, "login", OUTSIDER, NULL);
	r = do_req("POST", path, f, op.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 400);
	res_free(&r);
	assert_int_equal(revision_now(), before);
}

static void test_answer_lead_and_assign(void **state)
{
	(void)state;
	char lead[96], assign[96];
	fixture();
	snprintf(lead, sizeof lead, "%s/lead", base);
	snprintf(assign, sizeof assign, "%s/assign", base);
	/* The colleague leads and gets a requirement; it comes first on its overview. */
	struct res r = post(&op, lead, "login", COLLEAGUE);
	assert_int_equal(r.status, 303);
	res_free(&r);
	/* Only the lead assigns now: the others are told so. */
	char *f = form("csrf", op.csrf, "item", REQ2, "login", COLLEAGUE, NULL);
	r = do_req("POST", assign, f, op.cookie, NULL);
	assert_int_equal(r.status, 403);
	res_free(&r);
	r = do_req("POST", assign, f, col.cookie, NULL);
	assert_int_equal(r.status, 400);	/* the form carries the other user's CSRF token */
	res_free(&r);
	free(f);
	f = form("csrf", col.csrf, "item", REQ2, "login", COLLEAGUE, NULL);
	r = do_req("POST", assign, f, col.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 303);
	res_free(&r);
	r = do_req("GET", base, NULL, col.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "自分に割り当てられた設問"));
	assert_non_null(strstr(r.body, "#i-" REQ2 "\""));
	assert_non_null(strstr(r.body, "同僚 次郎"));
	res_free(&r);
	r = do_req("GET", base, NULL, op.cookie, NULL);
	assert_null(strstr(r.body, "自分に割り当てられた設問"));
	res_free(&r);
	/* An unknown item is refused, nothing assigned. */
	f = form("csrf", col.csrf, "item", "9.9.9-9", "login", COLLEAGUE, NULL);
	r = do_req("POST", assign, f, col.cookie, NULL);
	free(f);
	assert_true(r.status == 400 || r.status == 409);
	res_free(&r);
	/* Back to no lead (anyone of the organisation submits), the assignment removed. */
	f = form("csrf", col.csrf, "item", REQ2, "login", "", NULL);
	r = do_req("POST", assign, f, col.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 303);
	res_free(&r);
	r = post(&col, lead, "login", "");
	assert_int_equal(r.status, 303);
	res_free(&r);
	r = do_req("GET", base, NULL, col.cookie, NULL);
	assert_null(strstr(r.body, "自分に割り当てられた設問"));
	res_free(&r);
}

/* Answers every item of the response level 3 through the API (confirming
 * carried-over ones); the response's new revision. */
static long answer_everything(void)
{
	json_t *j = api_get(&op, api), *items = json_array(), *it;
	size_t i;
	json_array_foreach(json_object_get(j, "items"), i, it) {
		const char *item = json_string_value(json_object_get(it, "item"));
		if (item[0] == 'Q')
			json_array_append_new(items, json_pack("{s:s, s:s, s:b}", "item", item,
							       "value", "はい", "confirm", 1));
		else
			json_array_append_new(items, json_pack("{s:s, s:s, s:b}", "item", item,
							       "level", "3", "confirm", 1));
	}
	json_t *body = json_pack("{s:O, s:o}", "revision", json_object_get(j, "revision"), "items",
				 items);
	char *s = json_dumps(body, JSON_COMPACT);
	char path[256];
	snprintf(path, sizeof path, "%s/answers", api);
	struct res r = json_req("POST", path, s, &op, NULL);
	if (r.status != 200)
		fail_msg("answering everything: %d %s", r.status, r.body);
	json_t *out = json_loads(r.body, 0, NULL);
	long rev = (long)json_integer_value(json_object_get(out, "revision"));
	json_decref(out);
	res_free(&r);
	free(s);
	json_decref(body);
	json_decref(j);
	return rev;
}

/* Submits on the page as S: the status; the receipt page's path into LOC. */
static int submit_page(const struct sess *s, const char *name, char *loc, size_t n)
{
	char path[96], rev[24];
	snprintf(path, sizeof path, "%s/submit", base);
	struct res r = do_req("GET", path, NULL, s->cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "責任者による確認"));
	if (between(r.body, "name=\"rev\" value=\"", "\"", rev, sizeof rev) < 0)
		fail_msg("no revision on the submit page");
	res_free(&r);
	char *f = form("csrf", s->csrf, "rev", rev, "attest_name", name, "attest_title",
		       "情報セキュリティ責任者", "attest_date", "2026-12-04", NULL);
	r = do_req("POST", path, f, s->cookie, NULL);
	free(f);
	int st = r.status;
	if (st == 303)
		snprintf(loc, n, "%s", hdr(&r, "Location"));
	else if (st != 400)
		fail_msg("submit: %d", st);
	res_free(&r);
	return st;
}

/* The national submissions and targets on the NCO's home page. */
static void home_counts(long *submitted, long *targets)
{
	struct sess nco;
	char text[64], digits[32];
	size_t k = 0;
	sess_direct(demo_login(KJ_ROLE_NCO), &nco);
	struct res r = do_req("GET", "/", NULL, nco.cookie, NULL);
	assert_int_equal(r.status, 200);
	if (between(r.body, "質問調査: ", " 事業者が回答を提出", text, sizeof text) < 0)
		fail_msg("no national figures on the home page");
	res_free(&r);
	long v[2] = { -1, -1 };
	for (const char *p = text; ; p++) {
		if (*p >= '0' && *p <= '9' && k + 1 < sizeof digits) {
			digits[k++] = *p;
		} else if (*p == '/' || !*p) {
			digits[k] = '\0';
			v[*p ? 0 : 1] = strtol(digits, NULL, 10);
			k = 0;
		}
		if (!*p)
			break;
	}
	*submitted = v[0];
	*targets = v[1];
}

static void test_answer_submit_receipt(void **state)
{
	(void)state;
	char loc[160], path[160], number[64], digest[80];
	long sub0, tgt0, sub1, tgt1;
	fixture();
	home_counts(&sub0, &tgt0);
	assert_true(tgt0 > 0 && sub0 >= 0 && sub0 < tgt0);
	/* Incomplete: refused with the missing items linked, nothing submitted. */
	assert_int_equal(submit_page(&op, "事業 一郎", loc, sizeof loc), 400);
	snprintf(path, sizeof path, "%s/submit", base);
	struct res r = do_req("GET", path, NULL, op.cookie, NULL);
	assert_non_null(strstr(r.body, "#i-"));
	res_free(&r);
	answer_everything();
	/* A blank attestation: the fields say so. */
	assert_int_equal(submit_page(&op, "", loc, sizeof loc), 400);
	assert_int_equal(submit_page(&op, "事業 一郎", loc, sizeof loc), 303);
	/* The home page counts it at once (the tally, not a count per request). */
	home_counts(&sub1, &tgt1);
	assert_int_equal(sub1, sub0 + 1);
	assert_int_equal(tgt1, tgt0);
	snprintf(path, sizeof path, "%s/receipts/1", base);
	assert_string_equal(loc, path);
	r = do_req("GET", path, NULL, op.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "受付番号"));
	if (between(r.body, "class=\"receipt-number\">", "<", number, sizeof number) < 0 ||
	    between(r.body, "class=\"digest\">", "<", digest, sizeof digest) < 0)
		fail_msg("no receipt number or digest: %.400s", r.body);
	assert_int_equal(strlen(digest), 64);
	res_free(&r);
	/* The API repeats the receipt. */
	snprintf(path, sizeof path, "%s/versions", api);
	json_t *v = api_get(&op, path);
	json_t *rc = json_object_get(json_array_get(json_object_get(v, "versions"), 0), "receipt");
	assert_string_equal(json_string_value(json_object_get(rc, "number")), number);
	assert_string_equal(json_string_value(json_object_get(rc, "digest")), digest);
	json_decref(v);
	/* Locked: the function page is read-only, a save is refused. */
	snprintf(path, sizeof path, "%s/f/0", base);
	r = do_req("GET", path, NULL, op.cookie, NULL);
	assert_non_null(strstr(r.body, "提出済みのため変更できません"));
	assert_null(strstr(r.body, "name=\"l." REQ_ID "\""));
	res_free(&r);
	snprintf(path, sizeof path, "%s/answers", api);
	r = json_req("POST", path, "{\"revision\":-1,\"items\":[{\"item\":\"" REQ_ID "\",\"level\":\"1\"}]}",
		     &op, NULL);
	assert_int_equal(r.status, 409);
	res_free(&r);
	/* The overview lists the receipt. */
	r = do_req("GET", base, NULL, op.cookie, NULL);
	assert_non_null(strstr(r.body, number));
	res_free(&r);
}

static void test_answer_return_and_resubmit(void **state)
{
	(void)state;
	char path[256], rev[24], orig[512], loc[160];
	fixture();
	snprintf(path, sizeof path, "/surveys/%lld/responses/%s", (long long)answer_survey, ans_corp_own);
	struct res r = do_req("GET", path, NULL, min.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "差し戻す"));
	res_free(&r);
	/* The operator of another organisation: not its response. */
	assert_int_equal(status_of("GET", path, NULL, outsider.cookie, NULL), 403);
	snprintf(path, sizeof path, "/surveys/%lld/responses/%s/return", (long long)answer_survey,
		 ans_corp_own);
	r = post(&min, path, "message", "");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "差し戻しの理由を入力してください"));
	res_free(&r);
	r = post(&min, path, "message", "3.2.1-1 の根拠を具体的に " XSS);
	assert_int_equal(r.status, 303);
	res_free(&r);
	r = post(&min, path, "message", "twice");
	assert_int_equal(r.status, 409);
	res_free(&r);
	/* The operator sees the message; a change now needs its reason. */
	r = do_req("GET", base, NULL, op.cookie, NULL);
	assert_non_null(strstr(r.body, "3.2.1-1 の根拠を具体的に"));
	res_free(&r);
	page_state(&op, "0", REQ_ID, rev, orig, sizeof orig);
	r = save(&op, "0", rev, REQ_ID, "4", orig, NULL, NULL);
	assert_int_equal(r.status, 400);
	res_free(&r);
	r = save(&op, "0", rev, REQ_ID, "4", orig, "reason", "根拠資料を確認し直した");
	assert_int_equal(r.status, 303);
	res_free(&r);
	assert_int_equal(submit_page(&op, "事業 一郎", loc, sizeof loc), 303);
	snprintf(path, sizeof path, "%s/receipts/2", base);
	assert_string_equal(loc, path);
	/* Both versions side by side, the changed item marked. */
	snprintf(path, sizeof path, "%s/versions", base);
	r = do_req("GET", path, "a=1&b=2", op.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "変更あり"));
	res_free(&r);
	assert_int_equal(status_of("GET", path, "a=1&b=3", op.cookie, NULL), 400);
	assert_int_equal(status_of("GET", path, "a=x", op.cookie, NULL), 400);
	snprintf(path, sizeof path, "/surveys/%lld/responses/%s/versions", (long long)answer_survey,
		 ans_corp_own);
	r = do_req("GET", path, NULL, min.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "変更あり"));
	res_free(&r);
	snprintf(path, sizeof path, "%s/versions/2", api);
	json_t *v = api_get(&min, path);
	assert_int_equal(json_integer_value(json_object_get(v, "version")), 2);
	json_decref(v);
}

static void test_answer_api(void **state)
{
	(void)state;
	char path[256], token[64];
	int64_t tid;
	fixture();
	snprintf(path, sizeof path, "%s/answers", api);
	/* Hostile bodies: 400, nothing changed. */
	static const char *const bad[] = {
		"", "[]", "{", "{\"revision\":\"1\",\"items\":[]}", "{\"revision\":1}",
		"{\"revision\":1,\"items\":{}}", "{\"revision\":1,\"items\":[1]}",
		"{\"revision\":1,\"items\":[{\"level\":\"3\"}]}",
		"{\"revision\":1,\"items\":[{\"item\":\"" REQ_ID "\",\"colour\":\"red\"}]}",
		"{\"revision\":1,\"items\":[{\"item\":\"" REQ_ID "\",\"note\":7}]}",
		"{\"revision\":1,\"items\":[],\"reason\":[]}",
		"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
	};
	long before = revision_now();
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct res r = json_req("POST", path, bad[i], &op, NULL);
		if (r.status != 400)
			fail_msg("body %s: %d, want 400", bad[i], r.status);
		res_free(&r);
	}
	assert_int_equal(revision_now(), before);
	/* Bad values: 422 with each fault. */
	struct res r = json_req("POST", path, "{\"revision\":-1,\"items\":[{\"item\":\"9.9.9-9\","
				"\"level\":\"3\"},{\"item\":\"" REQ_ID "\",\"level\":\"na\"}]}", &op, NULL);
	assert_true(r.status == 422 || r.status == 409);
	res_free(&r);
	assert_int_equal(revision_now(), before);
	/* By token, without CSRF. */
	token_direct(demo_login(KJ_ROLE_OPERATOR), token, &tid);
	r = json_req("GET", api, NULL, NULL, token);
	assert_int_equal(r.status, 200);
	res_free(&r);
	/* Another organisation's response: not there for an operator. */
	char other[256];
	snprintf(other, sizeof other, "/api/v1/surveys/%lld/responses/%s", (long long)answer_survey,
		 ans_corp_med);
	r = json_req("GET", other, NULL, &op, NULL);
	assert_int_equal(r.status, 404);
	res_free(&r);
	r = json_req("GET", other, NULL, &outsider, NULL);
	assert_int_equal(r.status, 200);
	res_free(&r);
	snprintf(other, sizeof other, "/api/v1/surveys/%lld/responses/%s/answers",
		 (long long)answer_survey, ans_corp_med);
	r = json_req("POST", other, "{\"revision\":-1,\"items\":[]}", &op, NULL);
	assert_int_equal(r.status, 404);
	res_free(&r);
	/* Not a corporate number, not a survey: 404. */
	r = json_req("GET", "/api/v1/surveys/1/responses/12", NULL, &op, NULL);
	assert_int_equal(r.status, 404);
	res_free(&r);
	r = json_req("GET", "/api/v1/surveys/x/responses/1234567890123", NULL, &op, NULL);
	assert_int_equal(r.status, 404);
	res_free(&r);
	/* A conflict through the API: the colleague's save, then a stale one. */
	snprintf(other, sizeof other, "/api/v1/surveys/%lld/responses/%s/submit",
		 (long long)answer_survey, ans_corp_med);
	r = json_req("POST", other, "{\"revision\":0,\"attestation\":{\"name\":\"a\",\"title\":\"b\","
		     "\"date\":\"2026-12-04\"}}", &outsider, NULL);
	assert_true(r.status == 422 || r.status == 409);
	res_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_answer_overview_and_start, setup),
		cmocka_unit_test_setup(test_answer_save_and_conflict, setup),
		cmocka_unit_test_setup(test_answer_bad_values, setup),
		cmocka_unit_test_setup(test_answer_lead_and_assign, setup),
		cmocka_unit_test_setup(test_answer_submit_receipt, setup),
		cmocka_unit_test_setup(test_answer_return_and_resubmit, setup),
		cmocka_unit_test_setup(test_answer_api, setup),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
