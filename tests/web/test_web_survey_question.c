/*
 * A campaign's own questions on the web (web_survey_question): the owner
 * adds one of each kind on the campaign page of a draft and sees them
 * listed; every refusal (bad kind, empty text, choices missing or given
 * where none belong, a sector outside the scope, a text too long, a
 * campaign not a draft, a user who is not the owner) answers the page
 * again with the reason beside its field (aria-invalid, aria-describedby),
 * in Japanese or in English, and changes nothing; a drop asks first; once
 * the campaign opens the list is marked frozen and no form remains; the
 * operator then sees the question on its answering page and answers it.
 * The JSON API the same way (GET, POST, DELETE), with hostile bodies.
 *
 * On the scratch demo database of web_helpers.c (its own), with draft
 * FY2027 medical campaigns of survey_question_fixture.c.
 */
#include "web_helpers.h"

int64_t question_draft(const char *owner, const char *title, int fy);

static struct sess nco, min, op, hq, sur, aud;

static void sessions(void)
{
	sess_direct(demo_login(KJ_ROLE_NCO), &nco);
	sess_direct(demo_login(KJ_ROLE_MINISTRY), &min);
	sess_direct(demo_login(KJ_ROLE_OPERATOR), &op);
	sess_direct(demo_login(KJ_ROLE_HQ), &hq);
	sess_direct(demo_login(KJ_ROLE_SURVEYOR), &sur);
	sess_direct(demo_login(KJ_ROLE_AUDITOR), &aud);
}

static long sql_long(const char *sql)
{
	char t[32];
	if (kj_test_sql_text(db_path, sql, t, sizeof t) < 0)
		fail_msg("no answer to %s", sql);
	return strtol(t, NULL, 10);
}

/* How many own questions campaign ID has, and the audit entries of them. */
static long questions(int64_t id)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM survey_question WHERE survey_id = %lld",
		 (long long)id);
	return sql_long(sql);
}

static long question_audits(void)
{
	return sql_long("SELECT COUNT(*) FROM audit_entry WHERE action LIKE 'survey.question.%'");
}

/* POST of the question form to campaign ID by S: kind, texts, sector, choices, optional. */
static struct res add(const struct sess *s, int64_t id, const char *kind, const char *ja,
		      const char *en, const char *sector, const char *choices, const char *lang)
{
	char path[64], cookie[200];
	snprintf(path, sizeof path, "/surveys/%lld/questions", (long long)id);
	snprintf(cookie, sizeof cookie, "%s%s%s", s->cookie, lang ? "; kijun_lang=" : "",
		 lang ? lang : "");
	char *f = form("csrf", s->csrf, "kind", kind, "text_ja", ja, "text_en", en ? en : "",
		       "sector", sector ? sector : "", "choices", choices ? choices : "", NULL);
	struct res r = do_req("POST", path, f, cookie, NULL);
	free(f);
	return r;
}

static struct res page(const struct sess *s, int64_t id)
{
	char path[64];
	snprintf(path, sizeof path, "/surveys/%lld", (long long)id);
	return do_req("GET", path, NULL, s->cookie, NULL);
}

static void test_question_add_each_kind(void **state)
{
	(void)state;
	sessions();
	int64_t id = question_draft("nco", "独自設問 各種類", 2027);
	char want[128];
	struct res r = page(&nco, id);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "この調査独自の設問"));
	assert_non_null(strstr(r.body, "独自の設問はありません。"));
	snprintf(want, sizeof want, "action=\"/surveys/%lld/questions#questions\"", (long long)id);
	assert_non_null(strstr(r.body, want));
	assert_null(strstr(r.body, "凍結済み"));
	res_free(&r);
	long audits = question_audits();
	static const struct { const char *kind, *ja, *en, *sector, *choices, *label; } q[] = {
		{ "level", "重要な資産の台帳を更新していますか", "Is the asset register kept up to date?",
		  NULL, NULL, "段階（0〜4、該当なし）" },
		{ "yesno", "制御システムを保有していますか", NULL, "medical", NULL, "はい／いいえ" },
		{ "number", "情報セキュリティ担当者の人数", "Security staff", NULL, NULL, "数値" },
		{ "choice", "CSIRT の体制", "Your CSIRT", "medical", "専任\r\n兼任\r\n\r\nなし\r\n",
		  "択一" },
		{ "text", "特記事項 " XSS, NULL, NULL, NULL, "自由記述" },
	};
	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
		r = add(&nco, id, q[i].kind, q[i].ja, q[i].en, q[i].sector, q[i].choices, NULL);
		if (r.status != 303)
			fail_msg("%s: %d, want 303", q[i].kind, r.status);
		snprintf(want, sizeof want, "/surveys/%lld?done=question#questions", (long long)id);
		assert_string_equal(hdr(&r, "Location"), want);
		res_free(&r);
	}
	assert_int_equal(questions(id), 5);
	assert_int_equal(question_audits(), audits + 5);
	r = page(&nco, id);
	assert_int_equal(r.status, 200);
	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++)
		if (!strstr(r.body, q[i].label))
			fail_msg("the list lacks the kind %s", q[i].label);
	assert_non_null(strstr(r.body, "<li>専任</li><li>兼任</li><li>なし</li>"));
	assert_non_null(strstr(r.body, "重要な資産の台帳を更新していますか"));
	assert_non_null(strstr(r.body, "<span lang=\"en\">Your CSIRT</span>"));
	assert_non_null(strstr(r.body, "すべての対象分野"));
	assert_non_null(strstr(r.body, ">医療</td>"));
	assert_null(strstr(r.body, MARK));	/* the text escaped */
	snprintf(want, sizeof want, "action=\"/surveys/%lld/questions/4/drop\"", (long long)id);
	assert_non_null(strstr(r.body, want));
	res_free(&r);
	/* The stored choices are one per line, without the blank one. */
	char sql[160], got[64];
	snprintf(sql, sizeof sql, "SELECT choices FROM survey_question WHERE survey_id = %lld"
		 " AND ord = 4", (long long)id);
	assert_int_equal(kj_test_sql_text(db_path, sql, got, sizeof got), 0);
	assert_string_equal(got, "専任\n兼任\nなし");
	/* Readers who run nothing see the list, without the form. */
	r = page(&aud, id);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "CSIRT の体制"));
	assert_null(strstr(r.body, want));
	assert_null(strstr(r.body, "設問を追加する"));
	res_free(&r);
}

/* A refused question: 400, the page with the message beside FIELD ("" the
 * summary alone) holding MSG, what was typed kept, nothing changed. */
static void refused(int64_t id, const char *kind, const char *ja, const char *en,
		    const char *sector, const char *choices, const char *field, const char *msg,
		    const char *lang)
{
	char want[160];
	long n = questions(id), audits = question_audits();
	struct res r = add(&nco, id, kind, ja, en, sector, choices, lang);
	if (r.status != 400)
		fail_msg("%s / %s: %d, want 400", kind, ja, r.status);
	if (!strstr(r.body, "class=\"error-summary\"") || !strstr(r.body, msg))
		fail_msg("%s / %s: no message %s", kind, ja, msg);
	if (*field) {
		snprintf(want, sizeof want, "id=\"q-%s\"", field);
		const char *at = strstr(r.body, want);
		if (!at)
			fail_msg("%s / %s: no field %s", kind, ja, field);
		const char *end = strchr(at, '>');
		snprintf(want, sizeof want, "aria-describedby=\"q-%s-err", field);
		const char *d = strstr(at, want), *inv = strstr(at, "aria-invalid=\"true\"");
		if (!d || d > end || !inv || inv > end)
			fail_msg("%s / %s: field %s not marked invalid", kind, ja, field);
		snprintf(want, sizeof want, "id=\"q-%s-err\"", field);
		assert_non_null(strstr(r.body, want));
	}
	assert_non_null(strstr(r.body, "<h2 id=\"questions\">"));	/* the page, not the error page */
	res_free(&r);
	assert_int_equal(questions(id), n);
	assert_int_equal(question_audits(), audits);
}

static void test_question_refusals(void **state)
{
	(void)state;
	sessions();
	int64_t id = question_draft("nco", "独自設問 拒否", 2027);
	char long_text[3200];
	size_t o = 0;
	for (int i = 0; i < 1001; i++)
		o += (size_t)snprintf(long_text + o, sizeof long_text - o, "あ");
	refused(id, "colour", "問", NULL, NULL, NULL, "kind", "設問の種類", NULL);
	refused(id, "", "問", NULL, NULL, NULL, "kind", "設問の種類", NULL);
	refused(id, "text", "", NULL, NULL, NULL, "text_ja", "設問の文（日本語）が必要です", NULL);
	refused(id, "text", long_text, NULL, NULL, NULL, "text_ja", "1000 文字以内", NULL);
	refused(id, "text", "問", long_text, NULL, NULL, "text_en", "1000 文字以内", NULL);
	refused(id, "choice", "問", NULL, NULL, NULL, "choices", "択一式の設問には", NULL);
	refused(id, "choice", "問", NULL, NULL, "一つだけ", "choices", "択一式の設問には", NULL);
	refused(id, "choice", "問", NULL, NULL, "同じ\n同じ", "choices", "択一式の設問には", NULL);
	refused(id, "yesno", "問", NULL, NULL, "はい\nいいえ", "choices", "択一式の設問にだけ", NULL);
	refused(id, "text", "問", NULL, "electricity", NULL, "sector", "この調査の対象分野から",
		NULL);
	refused(id, "text", "問", NULL, "nosuch", NULL, "sector", "この調査の対象分野から", NULL);
	/* In English. */
	refused(id, "choice", "問", NULL, NULL, NULL, "choices", "a single-choice question needs",
		"en");
	refused(id, "text", "問", NULL, "electricity", NULL, "sector",
		"the sector must be one of the campaign&#39;s scope", "en");
	/* What was typed comes back. */
	struct res r = add(&nco, id, "choice", "残る文 " XSS, NULL, NULL, NULL, NULL);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "残る文 &lt;kjx"));
	assert_non_null(strstr(r.body, "<option value=\"choice\" selected>"));
	assert_null(strstr(r.body, MARK));
	res_free(&r);
	/* A CSRF token missing: refused before anything. */
	char path[64];
	snprintf(path, sizeof path, "/surveys/%lld/questions", (long long)id);
	assert_int_equal(status_of("POST", path, "kind=text&text_ja=x", nco.cookie, NULL), 400);
	assert_int_equal(questions(id), 0);
}

static void test_question_who(void **state)
{
	(void)state;
	sessions();
	int64_t id = question_draft("nco", "独自設問 権限", 2027);
	char path[64];
	snprintf(path, sizeof path, "/surveys/%lld/questions", (long long)id);
	/* Not the owner: the ministry (reads it), the operator, HQ, the surveyor. */
	const struct sess *who[] = { &min, &op, &hq, &sur, &aud };
	for (size_t i = 0; i < sizeof who / sizeof who[0]; i++) {
		struct res r = add(who[i], id, "text", "問", NULL, NULL, NULL, NULL);
		if (r.status != 403 && r.status != 404)
			fail_msg("user %zu: %d, want 403", i, r.status);
		res_free(&r);
	}
	assert_int_equal(questions(id), 0);
	struct res r = add(&min, id, "text", "問", NULL, NULL, NULL, NULL);
	assert_int_equal(r.status, 403);
	assert_non_null(strstr(r.body, "調査の実施主体だけです"));
	res_free(&r);
	r = add(&min, id, "text", "問", NULL, NULL, NULL, "en");
	assert_non_null(strstr(r.body, "Only the survey&#39;s owner may change its questions"));
	res_free(&r);
	r = page(&min, id);	/* the ministry reads the list, no form */
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "この調査独自の設問"));
	assert_null(strstr(r.body, "設問を追加する"));
	res_free(&r);
	/* The ministry's own campaign: it adds there. */
	int64_t mine = question_draft("ministry:mhlw", "独自設問 省庁", 2027);
	r = add(&min, mine, "yesno", "省庁の設問", NULL, "medical", NULL, NULL);
	assert_int_equal(r.status, 303);
	res_free(&r);
	assert_int_equal(questions(mine), 1);
	r = add(&nco, id, "text", "問", NULL, NULL, NULL, NULL);	/* and the NCO any */
	assert_int_equal(r.status, 303);
	res_free(&r);
	/* No such campaign. */
	char *f = form("csrf", nco.csrf, "kind", "text", "text_ja", "x", NULL);
	assert_int_equal(status_of("POST", "/surveys/99999/questions", f, nco.cookie, NULL), 404);
	free(f);
}

static struct res drop(const struct sess *s, int64_t id, const char *ord, int confirm)
{
	char path[80];
	snprintf(path, sizeof path, "/surveys/%lld/questions/%s/drop", (long long)id, ord);
	char *f = confirm ? form("csrf", s->csrf, "confirm", "1", NULL) : form("csrf", s->csrf, NULL);
	struct res r = do_req("POST", path, f, s->cookie, NULL);
	free(f);
	return r;
}

static void test_question_drop(void **state)
{
	(void)state;
	sessions();
	int64_t id = question_draft("nco", "独自設問 削除", 2027);
	struct res r = add(&nco, id, "text", "消す設問", NULL, NULL, NULL, NULL);
	res_free(&r);
	r = add(&nco, id, "text", "残す設問", NULL, NULL, NULL, NULL);
	res_free(&r);
	long audits = question_audits();
	/* Asked first: nothing dropped yet. */
	r = drop(&nco, id, "1", 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "設問を削除しますか"));
	assert_non_null(strstr(r.body, "消す設問"));
	res_free(&r);
	assert_int_equal(questions(id), 2);
	/* Not the owner: refused. */
	r = drop(&min, id, "1", 1);
	assert_int_equal(r.status, 403);
	res_free(&r);
	r = drop(&nco, id, "1", 1);
	assert_int_equal(r.status, 303);
	res_free(&r);
	assert_int_equal(questions(id), 1);
	assert_int_equal(question_audits(), audits + 1);
	r = page(&nco, id);
	assert_null(strstr(r.body, "消す設問"));
	assert_non_null(strstr(r.body, "残す設問"));
	res_free(&r);
	/* Gone already, or never there: the page says so, nothing changed. */
	r = drop(&nco, id, "1", 1);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "その設問はありません。"));
	res_free(&r);
	r = drop(&nco, id, "x", 1);
	assert_int_equal(r.status, 404);
	res_free(&r);
	assert_int_equal(questions(id), 1);
	assert_int_equal(question_audits(), audits + 1);
}

static void test_question_frozen_and_answered(void **state)
{
	(void)state;
	sessions();
	int64_t id = question_draft("nco", "独自設問 凍結", 2027);
	char path[96], want[96], rev[24];
	struct res r = add(&nco, id, "choice", "CSIRT の体制（凍結）", NULL, "medical",
			   "専任\n兼任\nなし", NULL);
	assert_int_equal(r.status, 303);
	res_free(&r);
	snprintf(path, sizeof path, "/surveys/%lld/open", (long long)id);
	r = post(&nco, path, NULL, NULL);
	assert_int_equal(r.status, 303);
	res_free(&r);
	/* Frozen: the list marked, no form, no drop button. */
	r = page(&nco, id);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "凍結済み"));
	assert_non_null(strstr(r.body, "CSIRT の体制（凍結）"));
	assert_null(strstr(r.body, "設問を追加する"));
	assert_null(strstr(r.body, "/questions/1/drop"));
	res_free(&r);
	long audits = question_audits();
	r = add(&nco, id, "text", "遅い設問", NULL, NULL, NULL, NULL);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "設問は凍結されています"));
	res_free(&r);
	r = drop(&nco, id, "1", 1);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "設問は凍結されています"));
	res_free(&r);
	r = drop(&nco, id, "1", 0);	/* no question asked of a frozen one */
	assert_int_equal(r.status, 400);
	res_free(&r);
	assert_int_equal(questions(id), 1);
	assert_int_equal(question_audits(), audits);
	/* The operator (a medical respondent) sees the question and answers it. */
	snprintf(path, sizeof path, "/surveys/%lld/answer/f/q", (long long)id);
	r = do_req("GET", path, NULL, op.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "CSIRT の体制（凍結）"));
	assert_non_null(strstr(r.body, "value=\"兼任\""));
	assert_int_equal(between(r.body, "name=\"rev\" value=\"", "\"", rev, sizeof rev), 0);
	res_free(&r);
	char *f = form("csrf", op.csrf, "rev", rev, "v.Q1", "兼任", "o.Q1", "", NULL);
	r = do_req("POST", path, f, op.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 303);
	res_free(&r);
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM extra_answer e JOIN survey_question q"
		 " ON q.id = e.question_id WHERE q.survey_id = %lld AND e.value = '兼任'",
		 (long long)id);
	assert_int_equal(sql_long(sql), 1);
	r = do_req("GET", path, NULL, op.cookie, NULL);
	snprintf(want, sizeof want, "value=\"兼任\" checked");
	assert_non_null(strstr(r.body, want));
	res_free(&r);
}

/* A JSON request with BODY (NULL: none) by TOKEN. */
static struct res api(const char *method, const char *path, const char *body, const char *token)
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
	snprintf(auth, sizeof auth, "Bearer %s", token);
	rq.authorization = auth;
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

static void test_question_api(void **state)
{
	(void)state;
	char tnco[64], tmin[64], tsur[64], path[96], one[112];
	int64_t tid;
	token_direct(demo_login(KJ_ROLE_NCO), tnco, &tid);
	token_direct(demo_login(KJ_ROLE_MINISTRY), tmin, &tid);
	token_direct(demo_login(KJ_ROLE_SURVEYOR), tsur, &tid);
	int64_t id = question_draft("nco", "独自設問 API", 2028);
	snprintf(path, sizeof path, "/api/v1/surveys/%lld/questions", (long long)id);
	struct res r = api("POST", path, "{\"kind\":\"choice\",\"text_ja\":\"CSIRT の体制\","
			   "\"text_en\":\"CSIRT\",\"sector\":\"medical\",\"choices\":[\"専任\",\"兼任\"],"
			   "\"required\":false}", tnco);
	assert_int_equal(r.status, 201);
	assert_non_null(strstr(r.body, "\"item\": \"Q1\"") ? r.body : strstr(r.body, "\"item\":\"Q1\""));
	res_free(&r);
	r = api("GET", path, NULL, tmin);
	assert_int_equal(r.status, 200);
	json_t *j = json_loads(r.body, 0, NULL);
	res_free(&r);
	assert_non_null(j);
	assert_false(json_is_true(json_object_get(j, "frozen")));
	json_t *q = json_array_get(json_object_get(j, "questions"), 0);
	assert_string_equal(json_string_value(json_object_get(q, "kind")), "choice");
	assert_string_equal(json_string_value(json_object_get(q, "sector")), "medical");
	assert_int_equal(json_array_size(json_object_get(q, "choices")), 2);
	assert_true(json_is_false(json_object_get(q, "required")));
	json_decref(j);
	/* Hostile bodies: 400; bad questions: 422 naming the field; nothing changed. */
	static const char *const bad[] = {
		"", "[]", "{", "{\"kind\":1,\"text_ja\":\"x\"}", "{\"kind\":\"text\",\"colour\":\"red\"}",
		"{\"kind\":\"choice\",\"text_ja\":\"x\",\"choices\":\"a|b\"}",
		"{\"kind\":\"choice\",\"text_ja\":\"x\",\"choices\":[\"a\\nb\",\"c\"]}",
		"{\"kind\":\"choice\",\"text_ja\":\"x\",\"choices\":[1,2]}",
		"{\"kind\":\"text\",\"text_ja\":\"x\",\"required\":\"yes\"}",
		"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		r = api("POST", path, bad[i], tnco);
		if (r.status != 400)
			fail_msg("body %s: %d, want 400", bad[i], r.status);
		res_free(&r);
	}
	static const struct { const char *body, *field; } faults[] = {
		{ "{\"kind\":\"colour\",\"text_ja\":\"x\"}", "kind" },
		{ "{\"kind\":\"text\"}", "text_ja" },
		{ "{\"kind\":\"choice\",\"text_ja\":\"x\",\"choices\":[\"a\"]}", "choices" },
		{ "{\"kind\":\"text\",\"text_ja\":\"x\",\"sector\":\"electricity\"}", "sector" },
		{ "{\"kind\":\"choice\",\"text_ja\":\"x\",\"choices\":[\"c1\",\"c2\",\"c3\",\"c4\",\"c5\",\"c6\",\"c7\",\"c8\",\"c9\",\"c10\",\"c11\",\"c12\",\"c13\",\"c14\",\"c15\",\"c16\",\"c17\",\"c18\",\"c19\",\"c20\",\"c21\"]}",
		  "choices" },	/* 21 choices */
	};
	for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
		r = api("POST", path, faults[i].body, tnco);
		if (r.status != 422)
			fail_msg("body %s: %d, want 422", faults[i].body, r.status);
		j = json_loads(r.body, 0, NULL);
		assert_non_null(j);
		assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"),
								       "field")), faults[i].field);
		json_decref(j);
		res_free(&r);
	}
	assert_int_equal(questions(id), 1);
	/* Not the owner: 403; a campaign the surveyor may not see: 404. */
	r = api("POST", path, "{\"kind\":\"text\",\"text_ja\":\"x\"}", tmin);
	assert_int_equal(r.status, 403);
	res_free(&r);
	r = api("GET", path, NULL, tsur);
	assert_int_equal(r.status, 404);
	res_free(&r);
	snprintf(one, sizeof one, "%s/1", path);
	r = api("DELETE", one, NULL, tsur);
	assert_int_equal(r.status, 404);
	res_free(&r);
	r = api("DELETE", one, NULL, tmin);
	assert_int_equal(r.status, 403);
	res_free(&r);
	snprintf(one, sizeof one, "%s/7", path);
	r = api("DELETE", one, NULL, tnco);
	assert_int_equal(r.status, 404);
	res_free(&r);
	assert_int_equal(questions(id), 1);
	/* Dropped by its owner; once open, frozen (409). */
	snprintf(one, sizeof one, "%s/1", path);
	r = api("DELETE", one, NULL, tnco);
	assert_int_equal(r.status, 200);
	res_free(&r);
	assert_int_equal(questions(id), 0);
	r = api("POST", path, "{\"kind\":\"yesno\",\"text_ja\":\"残る\"}", tnco);
	assert_int_equal(r.status, 201);
	res_free(&r);
	char open[64];
	snprintf(open, sizeof open, "/surveys/%lld/open", (long long)id);
	sessions();
	r = post(&nco, open, NULL, NULL);
	assert_int_equal(r.status, 303);
	res_free(&r);
	r = api("POST", path, "{\"kind\":\"text\",\"text_ja\":\"x\"}", tnco);
	assert_int_equal(r.status, 409);
	res_free(&r);
	snprintf(one, sizeof one, "%s/2", path);
	r = api("DELETE", one, NULL, tnco);
	assert_int_equal(r.status, 409);
	res_free(&r);
	r = api("GET", path, NULL, tnco);
	assert_non_null(strstr(r.body, "\"frozen\": true") ? r.body : strstr(r.body, "\"frozen\":true"));
	res_free(&r);
	assert_int_equal(questions(id), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_question_add_each_kind, setup),
		cmocka_unit_test_setup(test_question_refusals, setup),
		cmocka_unit_test_setup(test_question_who, setup),
		cmocka_unit_test_setup(test_question_drop, setup),
		cmocka_unit_test_setup(test_question_frozen_and_answered, setup),
		cmocka_unit_test_setup(test_question_api, setup),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
