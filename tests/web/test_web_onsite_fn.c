/*
 * On-site pages (issue 15), in-process on the web fixture: a visit whose
 * scope spans two functions recorded function by function (the navigation
 * with what is left in each; an unknown function, one outside the scope,
 * an item of another function, a bad level, a stale revision, a reader who
 * may not record, each refused with nothing changed); an on-site survey
 * opened and closed from its page by its owner (the steps shown only to
 * it, closing asked first, a refusal in Japanese with the English reason);
 * the CSV downloads of `kijun onsite export`; the API's function filter.
 * On both engines (web_app and web_app_pg).
 */
#include "web_helpers.h"
#include "app/onsite_select.h"

static long sql_num(const char *q)
{
	char t[64];
	if (kj_test_sql_text(db_path, q, t, sizeof t) < 0)
		fail_msg("no row: %s", q);
	return strtol(t, NULL, 10);
}

/* Items of VISIT with a verified level. */
static long recorded(int64_t visit)
{
	char q[160];
	snprintf(q, sizeof q, "SELECT COUNT(*) FROM onsite_item WHERE visit_id = %lld"
		 " AND verified_level IS NOT NULL", (long long)visit);
	return sql_num(q);
}

/* Survey ID's status: 0 draft, 1 open, 2 closed. */
static long status_num(int64_t id)
{
	char q[160];
	snprintf(q, sizeof q, "SELECT CASE status WHEN 'draft' THEN 0 WHEN 'open' THEN 1 ELSE 2"
		 " END FROM survey WHERE id = %lld", (long long)id);
	return sql_num(q);
}

static struct res send(const struct sess *s, const char *path, const char *body)
{
	char all[1024];
	snprintf(all, sizeof all, "%s&csrf=%s", body, s->csrf);
	return do_req("POST", path, all, s->cookie, NULL);
}

static int send_status(const struct sess *s, const char *path, const char *body)
{
	struct res r = send(s, path, body);
	int st = r.status;
	res_free(&r);
	return st;
}

static void has(const struct res *r, int status, const char *text)
{
	if (r->status != status || (text && !strstr(r->body, text)))
		fail_msg("want %d with \"%s\", got %d: %.400s", status, text ? text : "", r->status,
			 r->body ? r->body : "");
}

void test_visit_record_by_function(void **state)
{
	(void)state;
	struct sess sur, min, opr;
	char path[96], gv[128], id[128];
	visit_fixture();
	sess_direct("demo-surveyor", &sur);
	sess_direct("demo-ministry", &min);
	sess_direct("demo-operator", &opr);
	int64_t survey = visit_new_survey("機能別の記録");
	/* 組織統治 one requirement, 識別 one; the medical ministry reads it, not an inspector. */
	int64_t v = visit_plan_cli(survey, org_own, "demo-surveyor", "3.2.1-1,3.3.1.1-1");
	snprintf(path, sizeof path, "/onsite/visits/%lld", (long long)v);
	snprintf(gv, sizeof gv, "%s/fn/governance", path);
	snprintf(id, sizeof id, "%s/fn/identify", path);

	/* The visit's page: the navigation, what is left; no form of every item. */
	struct res r = do_req("GET", path, NULL, sur.cookie, NULL);
	has(&r, 200, "機能別の記録");
	assert_non_null(strstr(r.body, "/fn/governance\""));
	assert_non_null(strstr(r.body, "/fn/identify\""));
	assert_null(strstr(r.body, "/fn/protect\""));	/* nothing of it in scope */
	assert_non_null(strstr(r.body, "記録が残っている要求事項"));
	assert_null(strstr(r.body, "name=\"level-"));
	res_free(&r);
	/* A function's page: its items only. */
	r = do_req("GET", gv, NULL, sur.cookie, NULL);
	has(&r, 200, "name=\"level-3.2.1-1\"");
	assert_null(strstr(r.body, "name=\"level-3.3.1.1-1\""));
	assert_non_null(strstr(r.body, "aria-current=\"page\""));
	res_free(&r);
	/* Unknown, or outside the scope: no page. */
	snprintf(path, sizeof path, "/onsite/visits/%lld/fn/nosuch", (long long)v);
	assert_int_equal(status_of("GET", path, NULL, sur.cookie, NULL), 404);
	assert_int_equal(send_status(&sur, path, "revision=1&level-3.2.1-1=2"), 404);
	snprintf(path, sizeof path, "/onsite/visits/%lld/fn/protect", (long long)v);
	assert_int_equal(status_of("GET", path, NULL, sur.cookie, NULL), 404);
	assert_int_equal(send_status(&sur, path, "revision=1&level-3.2.1-1=2"), 404);
	snprintf(path, sizeof path, "/onsite/visits/99999999/fn/governance");
	assert_int_equal(status_of("GET", path, NULL, sur.cookie, NULL), 404);

	/* Refused, nothing recorded: an item of another function, a bad level,
	 * no revision, a reader who is no inspector, an operator. */
	r = send(&sur, gv, "revision=1&level-3.2.1-1=2&level-3.3.1.1-1=3");
	has(&r, 400, "3.3.1.1-1");
	assert_non_null(strstr(r.body, "の要求事項ではありません"));
	assert_non_null(strstr(r.body, "name=\"level-3.2.1-1\""));	/* the form again */
	res_free(&r);
	assert_int_equal(send_status(&sur, gv, "revision=1&level-3.2.1-1=9"), 400);
	assert_int_equal(send_status(&sur, gv, "level-3.2.1-1=2"), 400);
	r = send(&sur, gv, "revision=1&level-3.2.1-1=na&na-3.2.1-1=");
	has(&r, 400, "3.2.1-1");
	res_free(&r);
	assert_int_equal(send_status(&min, gv, "revision=1&level-3.2.1-1=2"), 403);
	assert_int_equal(send_status(&opr, gv, "revision=1&level-3.2.1-1=2"), 403);
	r = do_req("POST", gv, "revision=1&level-3.2.1-1=2", sur.cookie, NULL);
	has(&r, 400, CSRF_REFUSED);
	res_free(&r);
	assert_int_equal(recorded(v), 0);

	/* 組織統治 saved; back to its page. */
	r = send(&sur, gv, "revision=1&level-3.2.1-1=2&findings-3.2.1-1=x&evidence-3.2.1-1=y");
	assert_int_equal(r.status, 303);
	assert_true(loc_starts(&r, gv));
	res_free(&r);
	assert_int_equal(recorded(v), 1);
	r = do_req("GET", gv, NULL, sur.cookie, NULL);
	has(&r, 200, "記録の残り 0");
	assert_non_null(strstr(r.body, "記録の残り 1"));	/* 識別 */
	res_free(&r);
	/* 識別 on the page read before: stale. */
	r = send(&sur, id, "revision=1&level-3.3.1.1-1=3");
	has(&r, 409, "別の人が変更しました");
	res_free(&r);
	assert_int_equal(recorded(v), 1);
	assert_int_equal(send_status(&sur, id, "revision=2&level-3.3.1.1-1=3"), 303);
	assert_int_equal(recorded(v), 2);
	char q[128];
	snprintf(q, sizeof q, "SELECT CASE WHEN state = 'recorded' THEN 1 ELSE 0 END"
		 " FROM onsite_visit WHERE id = %lld", (long long)v);
	assert_int_equal(sql_num(q), 1);
	/* The API's function filter. */
	snprintf(path, sizeof path, "/api/v1/onsite/visits/%lld", (long long)v);
	r = do_req("GET", path, "function=identify", sur.cookie, NULL);
	has(&r, 200, NULL);
	json_t *j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "item")),
			    "3.3.1.1-1");
	json_decref(j);
	res_free(&r);
	assert_int_equal(status_of("GET", path, "function=nosuch", sur.cookie, NULL), 400);
	char obj[24];
	snprintf(obj, sizeof obj, "%lld", (long long)v);
	assert_int_equal(audit_count("onsite.visit.record", obj), 2);
	assert_audit_ok();
}

void test_onsite_open_close_page(void **state)
{
	(void)state;
	struct sess nco, min;
	char path[64], op[80], cl[80];
	const struct kj_actor cli = { NULL, 0, "test:web" };
	struct kj_survey_request rq = { .fy = "2026", .title_ja = "開始と終了" };
	struct kj_survey_refusal why;
	struct kj_err err;
	int64_t s;
	if (kj_app_onsite_create(store(), &cli, &rq, &s, &why, &err) < 0 || why.fault)
		fail_msg("survey: %s %s", err.msg, why.msg);
	sess_direct("demo-nco", &nco);
	sess_direct("demo-ministry", &min);
	snprintf(path, sizeof path, "/onsite/%lld", (long long)s);
	snprintf(op, sizeof op, "%s/open", path);
	snprintf(cl, sizeof cl, "%s/close", path);

	/* The owner sees what opening does; a reader who may not, no button. */
	struct res r = do_req("GET", path, NULL, nco.cookie, NULL);
	has(&r, 200, "開始すると");
	assert_non_null(strstr(r.body, "action=\"/onsite/"));
	assert_non_null(strstr(r.body, "/open\""));
	assert_null(strstr(r.body, "/close\""));
	res_free(&r);
	r = do_req("GET", path, NULL, min.cookie, NULL);
	has(&r, 200, NULL);
	assert_null(strstr(r.body, "/open\""));
	res_free(&r);

	/* Refused: a draft is not closed (Japanese and English); the ministry
	 * may not open it; no CSRF token. Nothing changes. */
	r = send(&nco, cl, "confirm=1");
	has(&r, 409, "実地調査を終了できませんでした");
	assert_non_null(strstr(r.body, "cannot be closed"));
	res_free(&r);
	assert_int_equal(send_status(&min, op, "x=1"), 403);
	r = do_req("POST", op, "x=1", nco.cookie, NULL);
	has(&r, 400, CSRF_REFUSED);
	res_free(&r);
	assert_int_equal(status_num(s), 0);

	/* Opened, with its result. */
	r = send(&nco, op, "x=1");
	assert_int_equal(r.status, 303);
	assert_true(loc_starts(&r, path));
	res_free(&r);
	assert_int_equal(status_num(s), 1);
	r = do_req("GET", path, "done=open", nco.cookie, NULL);
	has(&r, 200, "実地調査を開始しました");
	assert_non_null(strstr(r.body, "/close\""));
	res_free(&r);
	r = send(&nco, op, "x=1");
	has(&r, 409, "現在の状態");
	res_free(&r);

	/* Closing asks first, then closes. */
	r = send(&nco, cl, "x=1");
	has(&r, 200, "実地調査を終了しますか");
	res_free(&r);
	assert_int_equal(status_num(s), 1);
	assert_int_equal(send_status(&nco, cl, "confirm=1"), 303);
	assert_int_equal(status_num(s), 2);
	r = do_req("GET", path, NULL, nco.cookie, NULL);
	has(&r, 200, NULL);
	assert_null(strstr(r.body, "/close\""));
	assert_null(strstr(r.body, "/open\""));
	res_free(&r);
	char obj[24];
	snprintf(obj, sizeof obj, "%lld", (long long)s);
	assert_int_equal(audit_count("onsite.open", obj), 1);
	assert_int_equal(audit_count("onsite.close", obj), 1);
}

void test_onsite_export_downloads(void **state)
{
	(void)state;
	struct sess nco, opr, sur;
	char path[96];
	visit_fixture();
	sess_direct("demo-nco", &nco);
	sess_direct("demo-operator", &opr);
	sess_direct("demo-surveyor", &sur);
	/* A visit's form as CSV: for who records it. */
	snprintf(path, sizeof path, "/onsite/visits/%lld/form.csv", (long long)visit_med);
	struct res r = do_req("GET", path, NULL, nco.cookie, NULL);
	has(&r, 200, "kijun-visit-form");
	assert_non_null(strstr(r.body, "3.2.1-2"));
	assert_non_null(strstr(r.ctype, "text/csv"));
	res_free(&r);
	assert_int_equal(status_of("GET", path, NULL, sur.cookie, NULL), 404);
	assert_int_equal(status_of("GET", path, NULL, opr.cookie, NULL), 403);
	/* Every visit's items of a survey, as the reader may read them. */
	snprintf(path, sizeof path, "/onsite/%lld/items.csv", (long long)onsite_survey);
	r = do_req("GET", path, NULL, nco.cookie, NULL);
	has(&r, 200, "3.2.1-1");
	res_free(&r);
	assert_int_equal(status_of("GET", path, NULL, opr.cookie, NULL), 404);
	assert_int_equal(status_of("GET", "/onsite/99999999/items.csv", NULL, nco.cookie, NULL),
			 404);
	/* The links on the pages. */
	snprintf(path, sizeof path, "/onsite/%lld/visits", (long long)onsite_survey);
	r = do_req("GET", path, NULL, nco.cookie, NULL);
	has(&r, 200, "/items.csv\"");
	res_free(&r);
}
