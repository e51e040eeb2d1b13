/*
 * Evaluation pages and API (issue 14), in-process on the web fixture: the
 * evaluations the authorisation matrix works on (eval_fixture), the
 * workflow by role through the pages (a ministry drafts and submits its
 * evaluation; the NCO returns it with a message and finalises it), bad
 * input refused with nothing changed, the form without its CSRF token
 * refused, the HQ's recommendation answered from next year's plan measure
 * and shown on the traceability view (and its CSV), the PDCA board and the
 * JSON API. On both engines (web_app and web_app_pg).
 */
#include "web_helpers.h"
#include "app/evaluation.h"
#include "app/plan.h"

int64_t eval_med, eval_other, eval_hq, eval_item;

static void must(int rc, const struct kj_eval_refusal *why, const struct kj_err *err)
{
	if (rc < 0)
		fail_msg("eval fixture: %s", err->msg);
	if (why->fault)
		fail_msg("eval fixture: %s", why->msg);
}

/*
 * The matrix's evaluations, made once by the command line's actor: the
 * medical sector's FY2030 evaluation of 厚生労働省 submitted (@EVALMED),
 * 経済産業省's FY2030 electricity evaluation, a draft (@EVALOTHER), and
 * the FY2030 HQ evaluation, final, with one recommendation to the medical
 * sector (@EVALHQ, @EVALITEM). No matrix cell moves them.
 */
void eval_fixture(void)
{
	if (eval_med)
		return;
	const struct kj_actor cli = { NULL, 0, "test:web" };
	struct kj_eval_refusal why;
	struct kj_err err;
	struct kj_store *st = store();
	must(kj_app_eval_create(st, &cli, "2030", "medical", "mhlw", 0, &eval_med, &why, &err),
	     &why, &err);
	must(kj_app_eval_move(st, &cli, eval_med, "submit", NULL, &why, &err), &why, &err);
	must(kj_app_eval_create(st, &cli, "2030", "electricity", NULL, 0, &eval_other, &why, &err),
	     &why, &err);
	must(kj_app_eval_create(st, &cli, "2030", NULL, NULL, 1, &eval_hq, &why, &err), &why, &err);
	must(kj_app_eval_item_add(st, &cli, eval_hq, "recommendation", "budget", "medical",
				  "医療分野の演習の予算を確保すること", &eval_item, &why, &err),
	     &why, &err);
	must(kj_app_eval_move(st, &cli, eval_hq, "finalise", NULL, &why, &err), &why, &err);
}

static const char *state_of(int64_t id)
{
	static char s[32];
	char q[128];
	snprintf(q, sizeof q, "SELECT state FROM eval_doc WHERE id = %lld", (long long)id);
	if (kj_test_sql_text(db_path, q, s, sizeof s) < 0)
		fail_msg("no evaluation %lld", (long long)id);
	return s;
}

static long sql_long(const char *sql)
{
	char t[64];
	if (kj_test_sql_text(db_path, sql, t, sizeof t) < 0)
		fail_msg("no row: %s", sql);
	return strtol(t, NULL, 10);
}

static struct res post_form(const struct sess *s, const char *path, const char *f)
{
	size_t n = strlen(f) + 120;
	char *all = malloc(n);
	assert_non_null(all);
	snprintf(all, n, "%s%scsrf=%s", f, *f ? "&" : "", s->csrf);
	struct res r = do_req("POST", path, all, s->cookie, NULL);
	free(all);
	return r;
}

static int post_status(const struct sess *s, const char *path, const char *f)
{
	struct res r = post_form(s, path, f);
	int st = r.status;
	res_free(&r);
	return st;
}

static int64_t id_from_location(const struct res *r)
{
	const char *loc = hdr(r, "Location");
	assert_non_null(loc);
	assert_int_equal(strncmp(loc, "/evaluations/", 13), 0);
	return strtoll(loc + 13, NULL, 10);
}

/* The workflow by role through the pages, bad input and CSRF on the way. */
void test_eval_workflow_pages(void **state)
{
	(void)state;
	eval_fixture();
	struct sess min, nco, hq;
	sess_direct("demo-ministry", &min);
	sess_direct("demo-nco", &nco);
	sess_direct("demo-hq", &hq);
	struct res r = post_form(&min, "/evaluations", "fy=2031&scope=medical");
	assert_int_equal(r.status, 303);
	int64_t id = id_from_location(&r);
	res_free(&r);
	char path[96], act[112], q[160];
	snprintf(path, sizeof path, "/evaluations/%lld", (long long)id);
	r = do_req("GET", path, NULL, min.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "施策の実施状況"));
	assert_non_null(strstr(r.body, "調査結果と分析"));
	assert_non_null(strstr(r.body, "国家サイバー統括室に提出する"));
	res_free(&r);
	/* The same scope and year again: refused, nothing added. */
	long before = sql_long("SELECT count(*) FROM eval_doc");
	assert_int_equal(post_status(&min, "/evaluations", "fy=2031&scope=medical"), 409);
	assert_int_equal(post_status(&min, "/evaluations", "fy=20x1&scope=medical"), 400);
	assert_int_equal(post_status(&min, "/evaluations", "fy=2031&scope=electricity"), 403);
	assert_int_equal(sql_long("SELECT count(*) FROM eval_doc"), before);
	/* A section saved; a bad section, a stale revision, a bad figure refused. */
	snprintf(act, sizeof act, "%s/sections", path);
	assert_int_equal(post_status(&min, act, "revision=1&section=gaps&text=%E6%BC%94%E7%BF%92"), 303);
	snprintf(q, sizeof q, "SELECT body FROM eval_section WHERE eval_id = %lld AND section = 'gaps'",
		 (long long)id);
	char body[64];
	assert_int_equal(kj_test_sql_text(db_path, q, body, sizeof body), 0);
	assert_string_equal(body, "演習");
	assert_int_equal(post_status(&min, act, "revision=2&section=summary&text=x"), 400);
	assert_int_equal(post_status(&min, act, "revision=1&section=gaps&text=y"), 409);
	assert_int_equal(post_status(&min, act, "section=gaps&text=y"), 400);
	/* Without its CSRF token the form changes nothing. */
	r = do_req("POST", act, "revision=2&section=gaps&text=csrf", min.cookie, NULL);
	assert_non_null(strstr(r.body, CSRF_REFUSED));
	res_free(&r);
	assert_int_equal(kj_test_sql_text(db_path, q, body, sizeof body), 0);
	assert_string_equal(body, "演習");
	snprintf(act, sizeof act, "%s/figures", path);
	assert_int_equal(post_status(&min, act, "revision=2&section=survey&kind=pie&ref="), 400);
	assert_int_equal(post_status(&min, act, "revision=2&section=survey&kind=sector&ref=nosuch"), 400);
	assert_int_equal(post_status(&min, act,
				     "revision=2&section=survey&kind=sector&ref=medical&caption=fig"), 303);
	r = do_req("GET", path, NULL, min.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<figure class=\"eval-figure\">"));
	res_free(&r);
	/* Submitted; the NCO's return needs a message; then finalised. */
	snprintf(act, sizeof act, "%s/submit", path);
	assert_int_equal(post_status(&nco, act, ""), 403);
	assert_int_equal(post_status(&min, act, ""), 303);
	assert_string_equal(state_of(id), "submitted");
	assert_int_equal(post_status(&min, act, ""), 409);
	snprintf(act, sizeof act, "%s/return", path);
	assert_int_equal(post_status(&nco, act, "message="), 400);
	assert_string_equal(state_of(id), "submitted");
	assert_int_equal(post_status(&min, act, "message=x"), 403);
	assert_int_equal(post_status(&nco, act, "message=%E8%A6%81%E4%BF%AE%E6%AD%A3"), 303);
	assert_string_equal(state_of(id), "draft");
	snprintf(act, sizeof act, "%s/submit", path);
	assert_int_equal(post_status(&min, act, ""), 303);
	snprintf(act, sizeof act, "%s/finalise", path);
	assert_int_equal(post_status(&hq, act, ""), 403);
	assert_int_equal(post_status(&min, act, ""), 403);
	assert_int_equal(post_status(&nco, act, ""), 303);
	assert_string_equal(state_of(id), "final");
	r = do_req("GET", path, NULL, hq.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "要修正"));
	res_free(&r);
	assert_int_equal(audit_count("eval.finalise", NULL) >= 1, 1);
	assert_audit_ok();
}

/* HQ records a recommendation; next year's plan answers it; the view shows it. */
void test_eval_recommendation_traced(void **state)
{
	(void)state;
	eval_fixture();
	struct sess min, hq, nco;
	sess_direct("demo-ministry", &min);
	sess_direct("demo-hq", &hq);
	sess_direct("demo-nco", &nco);
	struct res r = post_form(&hq, "/evaluations", "fy=2033&scope=hq");
	assert_int_equal(r.status, 303);
	int64_t id = id_from_location(&r);
	res_free(&r);
	char path[96], act[112];
	snprintf(path, sizeof path, "/evaluations/%lld", (long long)id);
	snprintf(act, sizeof act, "%s/items", path);
	assert_int_equal(post_status(&min, act, "kind=recommendation&addressee=medical&text=x"), 403);
	assert_int_equal(post_status(&hq, act, "kind=recommendation&addressee=nosuch&text=x"), 400);
	assert_int_equal(post_status(&hq, act, "kind=recommendation&category=budget&addressee=medical&text="), 400);
	assert_int_equal(post_status(&hq, act, "kind=advice&addressee=medical&text=x"), 400);
	assert_int_equal(post_status(&hq, act,
		"kind=recommendation&category=organisation&addressee=medical&text=%E4%BD%93%E5%88%B6%E5%BC%B7%E5%8C%96"), 303);
	char q[200];
	snprintf(q, sizeof q, "SELECT count(*) FROM hq_item WHERE eval_id = %lld", (long long)id);
	assert_int_equal(sql_long(q), 1);
	snprintf(q, sizeof q, "SELECT id FROM hq_item WHERE eval_id = %lld", (long long)id);
	long item = sql_long(q);
	r = do_req("GET", "/evaluations/hq/2033", NULL, hq.cookie, NULL);
	assert_int_equal(r.status, 303);
	res_free(&r);
	/* A ministry reads the HQ's evaluation once it is final. */
	assert_int_equal(status_of("GET", path, NULL, min.cookie, NULL), 403);
	snprintf(act, sizeof act, "%s/finalise", path);
	assert_int_equal(post_status(&hq, act, ""), 303);
	assert_int_equal(status_of("GET", path, NULL, min.cookie, NULL), 200);
	/* Next year's plan of the sector: its measure's form lists the recommendation. */
	const struct kj_actor cli = { NULL, 0, "test:web" };
	struct kj_plan_refusal pwhy;
	struct kj_err err;
	int64_t plan;
	assert_int_equal(kj_app_plan_create(store(), &cli, "2034", "medical", "mhlw", &plan, &pwhy,
					    &err), 0);
	char ppath[64];
	snprintf(ppath, sizeof ppath, "/plans/%lld", (long long)plan);
	r = do_req("GET", ppath, NULL, min.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "この施策で対応する前年度の提言"));
	assert_non_null(strstr(r.body, "体制強化"));
	res_free(&r);
	r = do_req("GET", "/evaluations/recommendations", "fy=2033", min.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "未対応"));
	res_free(&r);
	char f[64];
	snprintf(act, sizeof act, "%s/measures/std-1-1/answers", ppath);
	assert_int_equal(post_status(&min, act, "item=abc"), 400);
	assert_int_equal(post_status(&min, act, "item=99999999"), 400);
	assert_int_equal(post_status(&hq, act, "item=1"), 403);
	snprintf(f, sizeof f, "item=%ld", item);
	assert_int_equal(post_status(&min, act, f), 303);
	snprintf(q, sizeof q, "SELECT count(*) FROM hq_item_answer WHERE item_id = %ld", item);
	assert_int_equal(sql_long(q), 1);
	r = do_req("GET", "/evaluations/recommendations", "fy=2033", min.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "対応済み"));
	assert_non_null(strstr(r.body, "/plans/"));
	res_free(&r);
	r = do_req("GET", "/evaluations/recommendations", "fy=2033&format=csv", nco.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "体制強化"));
	assert_true(strstr(r.body, ",yes,") || strstr(r.body, "\"yes\""));
	res_free(&r);
	assert_int_equal(status_of("GET", "/evaluations/recommendations", "fy=2033&format=pdf",
				   nco.cookie, NULL), 400);
	/* Unchecked again from the measure's form: no longer answered. */
	assert_int_equal(post_status(&min, act, ""), 303);
	assert_int_equal(sql_long(q), 0);
	/* From the recommendation's page: a measure of the ministry's own plan. */
	snprintf(act, sizeof act, "/evaluations/recommendations/%ld/answers", item);
	snprintf(q, sizeof q, "SELECT id FROM impl_plan_measure WHERE plan_id = %lld AND mkey = 'std-2-1'",
		 (long long)plan);
	snprintf(f, sizeof f, "fy=2033&measure=%ld", sql_long(q));
	assert_int_equal(post_status(&min, act, "measure=x"), 400);
	assert_int_equal(post_status(&min, act, f), 303);
	snprintf(q, sizeof q, "SELECT count(*) FROM hq_item_answer WHERE item_id = %ld", item);
	assert_int_equal(sql_long(q), 1);
	assert_audit_ok();
}

/* The PDCA board and the JSON API. */
void test_eval_pdca_and_api(void **state)
{
	(void)state;
	eval_fixture();
	struct sess min;
	sess_direct("demo-ministry", &min);
	struct res r = do_req("GET", "/pdca", "fy=2030", min.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "分野横断"));
	assert_non_null(strstr(r.body, "期限"));
	assert_null(strstr(r.body, ">電力<"));	/* not the ministry's sector */
	res_free(&r);
	assert_int_equal(status_of("GET", "/pdca", "fy=x", min.cookie, NULL), 400);
	char tok[64], path[96];
	int64_t tid;
	token_direct("demo-ministry", tok, &tid);
	r = do_req("GET", "/api/v1/pdca", "fy=2030", NULL, tok);
	assert_int_equal(r.status, 200);
	json_t *j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	json_t *rows = json_object_get(j, "rows");
	assert_true(json_array_size(rows) >= 2);
	json_t *steps = json_object_get(json_array_get(rows, 0), "steps");
	assert_non_null(json_object_get(steps, "evaluation"));
	assert_string_equal(json_string_value(json_object_get(json_object_get(steps, "plan"), "due")),
			    "2030-06-30");
	json_decref(j);
	res_free(&r);
	assert_int_equal(status_of("GET", "/api/v1/pdca", NULL, NULL, tok), 400);
	r = do_req("GET", "/api/v1/evaluations", "fy=2030", NULL, tok);
	assert_int_equal(r.status, 200);
	j = json_loads(r.body, 0, NULL);
	json_t *evs = json_object_get(j, "evaluations");
	assert_true(json_array_size(evs) >= 2);	/* its own and the HQ's, final */
	for (size_t i = 0; i < json_array_size(evs); i++) {
		const char *m = json_string_value(json_object_get(json_array_get(evs, i), "ministry"));
		assert_true(!m || !strcmp(m, "mhlw"));
	}
	json_decref(j);
	res_free(&r);
	snprintf(path, sizeof path, "/api/v1/evaluations/%lld", (long long)eval_hq);
	r = do_req("GET", path, NULL, NULL, tok);
	assert_int_equal(r.status, 200);
	j = json_loads(r.body, 0, NULL);
	assert_string_equal(json_string_value(json_object_get(j, "state")), "final");
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	json_decref(j);
	res_free(&r);
	snprintf(path, sizeof path, "/api/v1/evaluations/%lld", (long long)eval_other);
	assert_int_equal(status_of("GET", path, NULL, NULL, tok), 403);
	assert_int_equal(status_of("GET", "/api/v1/evaluations/99999999", NULL, NULL, tok), 404);
	r = do_req("GET", "/api/v1/evaluations/recommendations", "fy=2030", NULL, tok);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "医療分野の演習の予算を確保すること"));
	res_free(&r);
}
