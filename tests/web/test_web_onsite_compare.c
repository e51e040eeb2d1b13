/*
 * Self-reported against verified on the web (page_analysis_verified.c,
 * api_analysis_verified.c): web_onsite_compare, cmocka, in-process on its
 * own scratch demo database with an FY2026 on-site survey written here:
 * five medical operators (the demo operator's among them) and six logistics
 * operators visited, their reports issued. What each role sees: the NCO
 * every figure and operator; the medical ministry its sector's operators;
 * a CEPTOAR and HQ aggregates of k operators or more; the operator its own
 * visit beside its sector, whose five operators are fewer than the k + 1
 * it needs (and logistics with it, or the nation minus logistics would give
 * medical away). The pages, their chart and files, bad requests.
 */
#include "web_helpers.h"
#include <math.h>

#include "store/db.h"

#define FY "fy=2026"

static void exec(const char *sql)
{
	struct kj_err err = { "" };
	if (kj_db_exec(store(), sql, &err) < 0)
		fail_msg("%s: %s", sql, err.msg);
}

/* The visits of SECTOR's first N operators of that sector alone (OWN among medical's). */
static void visits(const char *sector, int n, int64_t first_id)
{
	char sql[1024];
	snprintf(sql, sizeof sql, "INSERT INTO onsite_visit (id, survey_id, organisation_id,"
		 " visit_on, state, revision, issued_at, created_at, updated_at)"
		 " SELECT %lld + organisation_id, 900, organisation_id, '2026-07-01', 'issued', 1,"
		 " '2026-07-20T00:00:00Z', '2026-06-01T00:00:00Z', '2026-07-20T00:00:00Z'"
		 " FROM organisation_sector WHERE sector_code = '%s' AND organisation_id IN"
		 " (SELECT organisation_id FROM organisation_sector GROUP BY organisation_id"
		 " HAVING COUNT(*) = 1) ORDER BY organisation_id LIMIT %d",
		 (long long)first_id, sector, n);
	exec(sql);
}

static int onsite_setup(void **state)
{
	if (group_setup(state) != 0)
		return -1;
	exec("INSERT INTO survey (id, fiscal_year, version_id, kind, title_ja, title_en, status,"
	     " created_at, owner_kind) VALUES (900, 2026, 1, 'onsite', '令和8年度 実地調査',"
	     " 'FY2026 on-site', 'open', '2026-05-01T00:00:00Z', 'nco')");
	exec("INSERT INTO survey_sector (survey_id, sector_code) SELECT 900, code FROM sector");
	visits("medical", 5, 1000000);
	visits("logistics", 6, 2000000);
	/* Every visit: REQ_ID reported 3; verified 2 at the first two of each sector. */
	exec("INSERT INTO onsite_item (visit_id, requirement_id, self_level, verified_level,"
	     " findings, evidence) SELECT v.id, q.id, 3, CASE WHEN v.id IN (SELECT id FROM"
	     " onsite_visit WHERE id < 2000000 ORDER BY id LIMIT 2) OR v.id IN (SELECT id FROM"
	     " onsite_visit WHERE id > 2000000 ORDER BY id LIMIT 2) THEN 2 ELSE 3 END,"
	     " '所見', '証跡' FROM onsite_visit v CROSS JOIN requirement q"
	     " WHERE q.version_id = 1 AND q.code = '" REQ_ID "'");
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM onsite_visit WHERE organisation_id = %lld",
		 (long long)org_own);
	struct kj_stmt *s = NULL;
	struct kj_err err;
	if (kj_db_prep(store(), sql, &s, &err) < 0 || kj_db_step(s) != KJ_DB_ROW ||
	    kj_db_column_int(s, 0) != 1)
		fail_msg("the demo operator's organisation is not among the visited");
	kj_db_finalize(s);
	return 0;
}

static json_t *get_json(const char *login, const char *path, const char *query, int want)
{
	struct sess s;
	sess_direct(login, &s);
	struct res r = do_req("GET", path, query, s.cookie, NULL);
	if (r.status != want)
		fail_msg("GET %s?%s as %s: %d, want %d: %s", path, query, login, r.status, want,
			 r.body);
	json_error_t e;
	json_t *j = json_loads(r.body, 0, &e);
	if (!j)
		fail_msg("GET %s: not JSON: %s", path, e.text);
	res_free(&r);
	return j;
}

static struct res get_page(const char *login, const char *path, const char *query, int want)
{
	struct sess s;
	sess_direct(login, &s);
	struct res r = do_req("GET", path, query, s.cookie, NULL);
	if (r.status != want)
		fail_msg("GET %s?%s as %s: %d, want %d", path, query, login, r.status, want);
	return r;
}

static long num(json_t *o, const char *key)
{
	return (long)json_integer_value(json_object_get(o, key));
}

static json_t *sector(json_t *j, const char *code)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(j, "sectors"), i, s)
		if (!strcmp(json_string_value(json_object_get(s, "code")), code))
			return json_object_get(s, "figure");
	fail_msg("no sector %s", code);
	return NULL;
}

/* Every figure shown in J counts none or K operators or more (the callers
 * check the list of operators apart: empty, or the reader's own). */
static void no_small_figure(json_t *j, long k)
{
	if (json_is_object(j)) {
		if (json_is_false(json_object_get(j, "suppressed"))) {
			long n = num(j, "operators");
			if (n > 0 && n < k)
				fail_msg("a figure of %ld operators shown", n);
		}
		const char *key;
		json_t *v;
		/* The reader's own visit (in "own", and alone in "operators") is its own. */
		json_object_foreach(j, key, v)
			if (strcmp(key, "own") && !(json_is_array(v) && !strcmp(key, "operators")))
				no_small_figure(v, k);
	} else if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v)
			no_small_figure(v, k);
	}
}

static void test_nco_sees_all(void **state)
{
	(void)state;
	json_t *j = get_json(demo_login(KJ_ROLE_NCO), "/api/v1/analysis/verified", FY, 200);
	assert_int_equal(num(j, "surveys"), 1);
	json_t *med = sector(j, "medical"), *wat = sector(j, "logistics");
	assert_true(json_is_false(json_object_get(med, "suppressed")));
	assert_int_equal(num(med, "operators"), 5);
	assert_int_equal(num(med, "below"), 2);
	assert_int_equal(num(med, "equal"), 3);
	assert_int_equal(num(wat, "operators"), 6);
	json_t *nat = json_object_get(j, "national");
	assert_int_equal(num(nat, "operators"), 11);
	assert_int_equal(num(nat, "below"), 4);
	assert_true(fabs(json_real_value(json_object_get(nat, "mean_difference")) + 0.3636) < 1e-9);
	assert_int_equal(json_array_size(json_object_get(j, "operators")), 11);
	json_t *over = json_object_get(j, "over_reported");
	assert_int_equal(json_array_size(over), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(over, 0), "id")),
			    REQ_ID);
	json_decref(j);
}

static void test_ministry_its_sector(void **state)
{
	(void)state;
	json_t *j = get_json(demo_login(KJ_ROLE_MINISTRY), "/api/v1/analysis/verified/medical",
			     FY, 200);
	assert_int_equal(json_array_size(json_object_get(j, "operators")), 5);
	json_decref(j);
	/* Logistics is not its sector: aggregates only, no operator. */
	j = get_json(demo_login(KJ_ROLE_MINISTRY), "/api/v1/analysis/verified/logistics", FY, 200);
	assert_int_equal(json_array_size(json_object_get(j, "operators")), 0);
	no_small_figure(j, num(j, "k"));
	json_decref(j);
}

static void test_aggregate_readers(void **state)
{
	(void)state;
	const enum kj_role roles[] = { KJ_ROLE_CEPTOAR, KJ_ROLE_HQ, KJ_ROLE_SURVEYOR };
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		json_t *j = get_json(demo_login(roles[i]), "/api/v1/analysis/verified", FY, 200);
		assert_int_equal(num(j, "k"), KJ_ANALYSIS_K);
		/* Five and six operators: both shown to them. */
		assert_int_equal(num(sector(j, "medical"), "operators"), 5);
		assert_int_equal(num(sector(j, "logistics"), "operators"), 6);
		assert_int_equal(json_array_size(json_object_get(j, "operators")), 0);
		assert_true(json_is_null(json_object_get(j, "own")));
		no_small_figure(j, KJ_ANALYSIS_K);
		json_decref(j);
	}
}

static void test_operator_own_beside_sector(void **state)
{
	(void)state;
	const char *login = demo_login(KJ_ROLE_OPERATOR);
	json_t *j = get_json(login, "/api/v1/analysis/verified", FY, 200);
	assert_int_equal(num(j, "k"), KJ_ANALYSIS_K + 1);
	json_t *med = sector(j, "medical"), *wat = sector(j, "logistics");
	assert_true(json_is_true(json_object_get(med, "suppressed")));
	assert_string_equal(json_string_value(json_object_get(med, "suppressed_by")), "primary-k");
	assert_null(json_object_get(med, "below"));
	assert_true(json_is_true(json_object_get(wat, "suppressed")));
	assert_string_equal(json_string_value(json_object_get(wat, "suppressed_by")), "secondary");
	assert_int_equal(num(json_object_get(j, "national"), "operators"), 11);
	json_t *own = json_object_get(j, "own");
	assert_int_equal(num(own, "id"), (long)org_own);
	assert_int_equal(num(json_object_get(own, "figure"), "compared"), 1);
	json_t *ops = json_object_get(j, "operators");
	assert_int_equal(json_array_size(ops), 1);
	assert_int_equal(num(json_array_get(ops, 0), "id"), (long)org_own);
	no_small_figure(j, KJ_ANALYSIS_K + 1);
	json_decref(j);
	/* The page: its own visit beside the sector, the sector's figures hidden. */
	struct res r = get_page(login, "/analysis/verified/medical", FY, 200);
	assert_non_null(strstr(r.body, "自組織の比較と分野の集計"));
	assert_non_null(strstr(r.body, "—（k 未満のため非表示）"));
	assert_non_null(strstr(r.body, "chart-verified"));
	res_free(&r);
}

static void test_pages_and_files(void **state)
{
	(void)state;
	const char *nco = demo_login(KJ_ROLE_NCO);
	struct res r = get_page(nco, "/analysis/verified", FY, 200);
	assert_non_null(strstr(r.body, "<svg"));
	assert_non_null(strstr(r.body, "chart-verified-t"));
	assert_non_null(strstr(r.body, "/analysis/verified/medical?fy=2026"));
	assert_non_null(strstr(r.body, "確認結果が自己評価を下回ることの多い対策事項"));
	res_free(&r);
	r = get_page(nco, "/analysis/verified", FY "&table=sectors&format=csv", 200);
	assert_non_null(strstr(r.ctype, "text/csv"));
	assert_non_null(strstr(r.body, "医療"));
	res_free(&r);
	r = get_page(nco, "/analysis/verified/medical", FY "&table=requirements&format=xlsx", 200);
	assert_true(r.len > 4 && !memcmp(r.body, "PK", 2));
	res_free(&r);
	r = get_page(nco, "/analysis/verified", FY "&table=nope&format=csv", 400);
	res_free(&r);
	/* The national analysis page links to it. */
	r = get_page(nco, "/analysis", FY, 200);
	assert_non_null(strstr(r.body, "/analysis/verified?fy=2026"));
	res_free(&r);
	/* English. */
	r = do_req("GET", "/analysis/verified", FY "&lang=en", NULL, NULL);
	res_free(&r);
}

static void test_bad_requests(void **state)
{
	(void)state;
	const char *nco = demo_login(KJ_ROLE_NCO);
	json_t *j = get_json(nco, "/api/v1/analysis/verified", "fy=20x6", 400);
	assert_non_null(json_object_get(j, "error"));
	json_decref(j);
	j = get_json(nco, "/api/v1/analysis/verified/nope", FY, 404);
	json_decref(j);
	j = get_json(nco, "/api/v1/analysis/verified", "fy=2025", 200);
	assert_int_equal(num(j, "surveys"), 0);
	json_decref(j);
	struct res r = get_page(nco, "/analysis/verified", "fy=%3Ckjx%3E", 400);
	assert_null(strstr(r.body, MARK));
	res_free(&r);
	r = do_req("GET", "/api/v1/analysis/verified", FY, NULL, NULL);
	assert_int_equal(r.status, 401);
	res_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_nco_sees_all, setup),
		cmocka_unit_test_setup(test_ministry_its_sector, setup),
		cmocka_unit_test_setup(test_aggregate_readers, setup),
		cmocka_unit_test_setup(test_operator_own_beside_sector, setup),
		cmocka_unit_test_setup(test_pages_and_files, setup),
		cmocka_unit_test_setup(test_bad_requests, setup),
	};
	return cmocka_run_group_tests(tests, onsite_setup, group_teardown);
}
