/*
 * Implementation plan pages and API (issue 14), in-process on the web
 * fixture: the plans the authorisation matrix works on (plan_fixture), the
 * workflow by role through the pages (a ministry creates, edits and submits
 * its plan; the NCO returns it with a message and reports it; HQ then reads
 * it), another ministry's plan refused (403), the optimistic lock (a form
 * made on an old revision is refused with 409 and changes nothing), bad
 * input refused with the reason beside the field and nothing changed, the
 * side-by-side diff with its text labels, and the JSON API. On both engines
 * (web_app and web_app_pg).
 */
#include "web_helpers.h"
#include "app/plan.h"

int64_t plan_med, plan_rep, plan_other;

static void must(int rc, const struct kj_plan_refusal *why, const struct kj_err *err)
{
	if (rc < 0)
		fail_msg("plan fixture: %s", err->msg);
	if (why->fault)
		fail_msg("plan fixture: %s", why->msg);
}

/*
 * The matrix's plans, made once by the command line's actor: the medical
 * sector's FY2029 plan of 厚生労働省 reported (@PLANREP), its FY2030 plan
 * copied from it and submitted (@PLANMED), and 経済産業省's FY2030
 * electricity plan, a draft (@PLANOTHER). No matrix cell moves them: each
 * POST of the matrix is one the plan's state refuses.
 */
void plan_fixture(void)
{
	if (plan_med)
		return;
	const struct kj_actor cli = { NULL, 0, "test:web" };
	struct kj_plan_refusal why;
	struct kj_err err;
	struct kj_store *st = store();
	must(kj_app_plan_create(st, &cli, "2029", "medical", "mhlw", &plan_rep, &why, &err), &why, &err);
	must(kj_app_plan_move(st, &cli, plan_rep, "submit", NULL, &why, &err), &why, &err);
	must(kj_app_plan_move(st, &cli, plan_rep, "report", NULL, &why, &err), &why, &err);
	must(kj_app_plan_copy(st, &cli, plan_rep, NULL, &plan_med, &why, &err), &why, &err);
	must(kj_app_plan_move(st, &cli, plan_med, "submit", NULL, &why, &err), &why, &err);
	must(kj_app_plan_create(st, &cli, "2030", "electricity", NULL, &plan_other, &why, &err),
	     &why, &err);
}

static long sql_long(const char *sql)
{
	char t[64];
	if (kj_test_sql_text(db_path, sql, t, sizeof t) < 0)
		fail_msg("no row: %s", sql);
	return strtol(t, NULL, 10);
}

static const char *state_of(int64_t id)
{
	static char s[32];
	char q[128];
	snprintf(q, sizeof q, "SELECT state FROM impl_plan WHERE id = %lld", (long long)id);
	if (kj_test_sql_text(db_path, q, s, sizeof s) < 0)
		fail_msg("no plan %lld", (long long)id);
	return s;
}

static long revision_of(int64_t id)
{
	char q[128];
	snprintf(q, sizeof q, "SELECT revision FROM impl_plan WHERE id = %lld", (long long)id);
	return sql_long(q);
}

static const char *kpi_of(int64_t id, const char *key)
{
	static char s[512];
	char q[256];
	snprintf(q, sizeof q, "SELECT kpi FROM impl_plan_measure WHERE plan_id = %lld AND mkey = '%s'",
		 (long long)id, key);
	if (kj_test_sql_text(db_path, q, s, sizeof s) < 0)
		fail_msg("no measure %s", key);
	return s;
}

/* POSTs F (CSRF added) to PATH as S. */
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
	assert_int_equal(strncmp(loc, "/plans/", 7), 0);
	return strtoll(loc + 7, NULL, 10);
}

static void path_of(char *out, size_t n, int64_t id, const char *rest)
{
	snprintf(out, n, "/plans/%lld%s", (long long)id, rest);
}

/* The workflow by role, through the pages (with no JavaScript: plain forms). */
void test_plan_workflow_pages(void **state)
{
	(void)state;
	plan_fixture();
	struct sess min, nco, hq;
	sess_direct("demo-ministry", &min);
	sess_direct("demo-nco", &nco);
	sess_direct("demo-hq", &hq);
	/* The ministry creates its medical plan of FY2031, prefilled. */
	struct res r = post_form(&min, "/plans", "fy=2031&sector=medical");
	assert_int_equal(r.status, 303);
	int64_t id = id_from_location(&r);
	res_free(&r);
	char path[96], f[512];
	path_of(path, sizeof path, id, "");
	r = do_req("GET", path, NULL, min.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "重要インフラ事業者等における組織統治の一部としての障害対応体制整備の促進"));
	assert_non_null(strstr(r.body, "施策を保存する"));
	assert_non_null(strstr(r.body, "国家サイバー統括室に提出する"));
	res_free(&r);
	/* Edits a measure and the structure, then submits. */
	path_of(path, sizeof path, id, "/measures/std-1-1");
	snprintf(f, sizeof f, "revision=%ld&title=%s&kpi=%s&status=doing&requirements=3.2.1-1",
		 revision_of(id), "%E4%BD%93%E5%88%B6%E6%95%B4%E5%82%99", "%E5%B9%B42%E5%9B%9E");
	assert_int_equal(post_status(&min, path, f), 303);
	assert_string_equal(kpi_of(id, "std-1-1"), "年2回");
	path_of(path, sizeof path, id, "/structure");
	snprintf(f, sizeof f, "revision=%ld&section=pp&text=x", revision_of(id));
	assert_int_equal(post_status(&min, path, f), 303);
	/* The NCO neither edits nor submits a ministry's plan. */
	snprintf(f, sizeof f, "revision=%ld", revision_of(id));
	path_of(path, sizeof path, id, "/submit");
	assert_int_equal(post_status(&nco, path, f), 403);
	assert_int_equal(post_status(&min, path, f), 303);
	assert_string_equal(state_of(id), "submitted");
	/* Submitted: the ministry's edit is refused (409), nothing changed. */
	path_of(path, sizeof path, id, "/measures/std-1-1");
	snprintf(f, sizeof f, "revision=%ld&kpi=changed", revision_of(id));
	assert_int_equal(post_status(&min, path, f), 409);
	assert_string_equal(kpi_of(id, "std-1-1"), "年2回");
	/* The ministry may not return or report (the route's permission). */
	path_of(path, sizeof path, id, "/report");
	assert_int_equal(post_status(&min, path, ""), 403);
	/* HQ does not see it yet. */
	path_of(path, sizeof path, id, "");
	assert_int_equal(status_of("GET", path, NULL, hq.cookie, NULL), 403);
	/* The NCO's page offers report and return; a return needs its message. */
	r = do_req("GET", path, NULL, nco.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "戦略本部に報告する"));
	assert_non_null(strstr(r.body, "差し戻す"));
	res_free(&r);
	path_of(path, sizeof path, id, "/return");
	r = post_form(&nco, path, "message=");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "message: required"));
	assert_non_null(strstr(r.body, "aria-invalid=\"true\""));
	res_free(&r);
	assert_string_equal(state_of(id), "submitted");
	assert_int_equal(post_status(&nco, path, "message=KPI%E3%82%92%E5%85%B7%E4%BD%93%E7%9A%84%E3%81%AB"), 303);
	assert_string_equal(state_of(id), "draft");
	path_of(path, sizeof path, id, "/submit");
	assert_int_equal(post_status(&min, path, ""), 303);
	path_of(path, sizeof path, id, "/report");
	assert_int_equal(post_status(&nco, path, ""), 303);
	assert_string_equal(state_of(id), "reported");
	/* HQ reads it now, with who did what when. */
	path_of(path, sizeof path, id, "");
	r = do_req("GET", path, NULL, hq.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "本部に報告済み"));
	assert_non_null(strstr(r.body, "KPIを具体的に"));
	assert_null(strstr(r.body, "施策を保存する"));
	res_free(&r);
	char obj[24];
	snprintf(obj, sizeof obj, "%lld", (long long)id);
	assert_int_equal(audit_count("plan.report", obj), 1);
	assert_int_equal(audit_count("plan.return", obj), 1);
	/* The ministry starts next year's plan from it. */
	path_of(path, sizeof path, id, "/copy");
	r = post_form(&min, path, "");
	assert_int_equal(r.status, 303);
	int64_t next = id_from_location(&r);
	res_free(&r);
	assert_true(next != id);
	assert_string_equal(state_of(next), "draft");
	assert_string_equal(kpi_of(next, "std-1-1"), "年2回");
	/* The NCO makes the cross-sector plan from the same form; a ministry may not. */
	r = do_req("GET", "/plans/new", NULL, nco.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "value=\"cross\""));
	res_free(&r);
	assert_int_equal(post_status(&min, "/plans", "fy=2037&sector=cross"), 403);
	r = post_form(&nco, "/plans", "fy=2037&sector=cross");
	assert_int_equal(r.status, 303);
	int64_t cross = id_from_location(&r);
	res_free(&r);
	char q[128];
	snprintf(q, sizeof q, "SELECT COUNT(*) FROM impl_plan WHERE id = %lld AND scope = 'cross'"
		 " AND ministry_code IS NULL", (long long)cross);
	assert_int_equal(sql_long(q), 1);
	assert_audit_ok();
}

/* Another ministry's plan: 403 to read it or act on it; lists hold only one's own. */
void test_plan_other_ministry(void **state)
{
	(void)state;
	plan_fixture();
	struct sess env, op;
	sess_direct("demo-ministry-env", &env);
	sess_direct("demo-operator", &op);
	char path[96], f[96];
	path_of(path, sizeof path, plan_med, "");
	assert_int_equal(status_of("GET", path, NULL, env.cookie, NULL), 403);
	assert_int_equal(status_of("GET", path, NULL, op.cookie, NULL), 403);
	snprintf(f, sizeof f, "with=%lld", (long long)plan_rep);
	path_of(path, sizeof path, plan_med, "/diff");
	assert_int_equal(status_of("GET", path, f, env.cookie, NULL), 403);
	long rev = revision_of(plan_other);
	snprintf(f, sizeof f, "revision=%ld&kpi=x", rev);
	path_of(path, sizeof path, plan_other, "/measures/std-1-1");
	struct sess min;
	sess_direct("demo-ministry", &min);
	assert_int_equal(post_status(&min, path, f), 403);
	assert_int_equal(revision_of(plan_other), rev);
	struct res r = do_req("GET", "/plans", NULL, min.cookie, NULL);
	assert_int_equal(r.status, 200);
	char own[64], other[64];
	snprintf(own, sizeof own, "href=\"/plans/%lld\"", (long long)plan_med);
	snprintf(other, sizeof other, "href=\"/plans/%lld\"", (long long)plan_other);
	assert_non_null(strstr(r.body, own));
	assert_null(strstr(r.body, other));
	res_free(&r);
	assert_int_equal(status_of("GET", "/plans", NULL, op.cookie, NULL), 403);
}

/* Two editors of one revision: the second save is refused (409), nothing changed. */
void test_plan_optimistic_lock(void **state)
{
	(void)state;
	plan_fixture();
	struct sess a, b;
	sess_direct("demo-ministry", &a);
	sess_direct("demo-ministry", &b);
	struct res r = post_form(&a, "/plans", "fy=2040&sector=medical");
	assert_int_equal(r.status, 303);
	int64_t id = id_from_location(&r);
	res_free(&r);
	long rev = revision_of(id);
	char path[96], f[256];
	path_of(path, sizeof path, id, "/measures/std-2-1");
	snprintf(f, sizeof f, "revision=%ld&kpi=first", rev);
	assert_int_equal(post_status(&a, path, f), 303);
	snprintf(f, sizeof f, "revision=%ld&kpi=second", rev);
	r = post_form(&b, path, f);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "ほかの利用者が先に計画を更新しました"));
	assert_non_null(strstr(r.body, "value=\"second\"") || strstr(r.body, ">second<"));
	res_free(&r);
	assert_string_equal(kpi_of(id, "std-2-1"), "first");
	assert_int_equal(revision_of(id), rev + 1);
}

/* Bad input: refused with the reason beside its field, nothing changed; text escaped. */
void test_plan_bad_input(void **state)
{
	(void)state;
	plan_fixture();
	struct sess min;
	sess_direct("demo-ministry", &min);
	struct res r = post_form(&min, "/plans", "fy=2041&sector=medical");
	assert_int_equal(r.status, 303);
	int64_t id = id_from_location(&r);
	res_free(&r);
	char obj[24];
	snprintf(obj, sizeof obj, "%lld", (long long)id);
	long rev = revision_of(id), edits = audit_count("plan.edit", obj);
	char path[96], f[9000];
	static const char *const bad[] = {
		"status=finished", "requirements=9.9.9-9", "requirements=%3Cscript%3E",
		"title=",
	};
	path_of(path, sizeof path, id, "/measures/std-1-1");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(f, sizeof f, "revision=%ld&%s", rev, bad[i]);
		r = post_form(&min, path, f);
		assert_int_equal(r.status, 400);
		assert_non_null(strstr(r.body, "データは変更されていません"));
		if (i == 0)	/* the summary links to the field, beside which the reason stands */
			assert_non_null(strstr(r.body, "href=\"#std-1-1-status\""));
		res_free(&r);
	}
	char longkpi[4000];
	memset(longkpi, 'x', sizeof longkpi - 1);
	longkpi[sizeof longkpi - 1] = '\0';
	snprintf(f, sizeof f, "revision=%ld&kpi=%s", rev, longkpi);
	assert_int_equal(post_status(&min, path, f), 400);
	snprintf(f, sizeof f, "revision=abc&kpi=x");
	assert_int_equal(post_status(&min, path, f), 400);
	path_of(path, sizeof path, id, "/measures/no-such-key");
	snprintf(f, sizeof f, "revision=%ld&kpi=x", rev);
	assert_int_equal(post_status(&min, path, f), 400);
	path_of(path, sizeof path, id, "/structure");
	snprintf(f, sizeof f, "revision=%ld&section=nope&text=x", rev);
	assert_int_equal(post_status(&min, path, f), 400);
	path_of(path, sizeof path, id, "/measures");
	snprintf(f, sizeof f, "revision=%ld&category=9&title=x", rev);
	assert_int_equal(post_status(&min, path, f), 400);
	assert_int_equal(post_status(&min, "/plans", "fy=20x1&sector=medical"), 400);
	assert_int_equal(post_status(&min, "/plans", "fy=2041&sector=medical"), 409);
	assert_int_equal(post_status(&min, "/plans", "fy=2034&sector=electricity"), 403);
	assert_int_equal(revision_of(id), rev);
	assert_int_equal(audit_count("plan.edit", obj), edits);
	/* What a user typed comes back escaped. */
	path_of(path, sizeof path, id, "/measures/std-1-1");
	char *x = form("revision", "0", "kpi", XSS, NULL);
	snprintf(f, sizeof f, "revision=%ld&%s", rev, strchr(x, '&') + 1);
	free(x);
	assert_int_equal(post_status(&min, path, f), 303);
	path_of(path, sizeof path, id, "");
	r = do_req("GET", path, NULL, min.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, MARK));
	res_free(&r);
}

/* Two plans side by side: changes named in words, not colour only. */
void test_plan_diff_page(void **state)
{
	(void)state;
	plan_fixture();
	struct sess min;
	sess_direct("demo-ministry", &min);
	char path[96], f[96];
	path_of(path, sizeof path, plan_med, "/diff");
	snprintf(f, sizeof f, "with=%lld", (long long)plan_rep);
	struct res r = do_req("GET", path, f, min.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "変更なし"));
	assert_non_null(strstr(r.body, "std-5-4"));
	res_free(&r);
	/* Next year's draft with one measure changed, one added, one dropped. */
	struct kj_plan_refusal why;
	struct kj_err err;
	const struct kj_actor cli = { NULL, 0, "test:web" };
	int64_t next;
	char key[KJ_PLAN_KEY_MAX];
	assert_int_equal(kj_app_plan_copy(store(), &cli, plan_med, "2035", &next, &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_OK);
	const struct kj_measure_request set = { .key = "std-1-2", .kpi = "新しいKPI" };
	const struct kj_measure_request add = { .category = "3", .title = "追加の施策" };
	assert_int_equal(kj_app_plan_set_measure(store(), &cli, next, "1", &set, &why, &err), 0);
	assert_int_equal(kj_app_plan_add_measure(store(), &cli, next, "2", &add, key, &why, &err), 0);
	assert_int_equal(kj_app_plan_drop_measure(store(), &cli, next, "3", "std-4-1", &why, &err), 0);
	assert_int_equal(why.fault, KJ_PLAN_OK);
	path_of(path, sizeof path, next, "/diff");
	r = do_req("GET", path, f, min.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, ">追加<"));
	assert_non_null(strstr(r.body, ">削除<"));
	assert_non_null(strstr(r.body, ">変更<"));
	assert_non_null(strstr(r.body, "<mark>新しいKPI</mark>"));
	res_free(&r);
	assert_int_equal(status_of("GET", path, "with=abc", min.cookie, NULL), 400);
	assert_int_equal(status_of("GET", path, "with=99999999", min.cookie, NULL), 404);
}

/* The JSON API: the list, one plan, the workflow with a token. */
void test_plan_api(void **state)
{
	(void)state;
	plan_fixture();
	char tok[64], path[96];
	int64_t tid;
	token_direct("demo-ministry", tok, &tid);
	struct res r = do_req("GET", "/api/v1/plans", "fy=2030", NULL, tok);
	assert_int_equal(r.status, 200);
	json_t *j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	json_t *plans = json_object_get(j, "plans");
	assert_true(json_array_size(plans) >= 1);
	for (size_t i = 0; i < json_array_size(plans); i++)
		assert_string_equal(json_string_value(json_object_get(json_array_get(plans, i),
								      "ministry")), "mhlw");
	json_decref(j);
	res_free(&r);
	assert_int_equal(status_of("GET", "/api/v1/plans", "fy=20x0", NULL, tok), 400);
	snprintf(path, sizeof path, "/api/v1/plans/%lld", (long long)plan_med);
	r = do_req("GET", path, NULL, NULL, tok);
	assert_int_equal(r.status, 200);
	j = json_loads(r.body, 0, NULL);
	assert_string_equal(json_string_value(json_object_get(j, "state")), "submitted");
	assert_true(json_array_size(json_object_get(j, "measures")) >= 15);
	assert_true(json_array_size(json_object_get(j, "events")) >= 2);
	json_decref(j);
	res_free(&r);
	snprintf(path, sizeof path, "/api/v1/plans/%lld", (long long)plan_other);
	assert_int_equal(status_of("GET", path, NULL, NULL, tok), 403);
	assert_int_equal(status_of("GET", "/api/v1/plans/99999999", NULL, NULL, tok), 404);
	/* A new plan submitted through the API. */
	struct kj_plan_refusal why;
	struct kj_err err;
	const struct kj_actor cli = { NULL, 0, "test:web" };
	int64_t id;
	assert_int_equal(kj_app_plan_create(store(), &cli, "2036", "medical", "mhlw", &id, &why,
					    &err), 0);
	snprintf(path, sizeof path, "/api/v1/plans/%lld/submit", (long long)id);
	assert_int_equal(status_of("POST", path, NULL, NULL, tok), 200);
	assert_string_equal(state_of(id), "submitted");
	assert_int_equal(status_of("POST", path, NULL, NULL, tok), 409);
	char nco_tok[64];
	token_direct("demo-nco", nco_tok, &tid);
	snprintf(path, sizeof path, "/api/v1/plans/%lld/return", (long long)id);
	assert_int_equal(status_of("POST", path, NULL, NULL, nco_tok), 422);
	assert_int_equal(status_of("POST", path, NULL, NULL, tok), 403);
	assert_string_equal(state_of(id), "submitted");
}
