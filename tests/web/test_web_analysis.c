/*
 * The analysis API (api_analysis.c) on the demo database: every role
 * reads the three views; the NCO's figures equal a count of the submitted
 * answers; the ministry sees its sector whole; a CEPTOAR no live view;
 * operators, HQ and surveyors see no figure of fewer than k operators, and no total whose
 * shown parts would leave fewer than k hidden (the difference an operator
 * could take to learn another's level); a return is out of the figures at
 * once; bad requests are refused with a message.
 */
#include "web_helpers.h"
#include "base/limits.h"

#define FY "fy=2026"

static json_t *get_json(const struct sess *s, const char *path, const char *query, int want)
{
	struct res r = do_req("GET", path, query, s->cookie, NULL);
	if (r.status != want)
		fail_msg("GET %s?%s: %d, want %d: %s", path, query, r.status, want, r.body);
	json_error_t e;
	json_t *j = json_loads(r.body, 0, &e);
	if (!j)
		fail_msg("GET %s: not JSON: %s", path, e.text);
	assert_non_null(strstr(r.ctype, "application/json"));
	res_free(&r);
	return j;
}

static long num(json_t *o, const char *key)
{
	return (long)json_integer_value(json_object_get(o, key));
}

/* Every figure shown (suppressed false) in J counts none or k or more. */
static void no_small_figure(json_t *j, long k)
{
	if (json_is_object(j)) {
		json_t *sup = json_object_get(j, "suppressed");
		if (json_is_false(sup)) {
			long answers = num(j, "answers"), napp = num(j, "applicable");
			if ((answers > 0 && answers < k) || (napp > 0 && napp < k))
				fail_msg("a figure of %ld answers (%ld applicable) shown", answers, napp);
		} else if (json_is_true(sup)) {
			assert_true(json_is_null(json_object_get(j, "levels")));
			assert_true(json_is_null(json_object_get(j, "rate")));
			assert_true(json_is_null(json_object_get(j, "applicable")));
		}
		const char *key;
		json_t *v;
		json_object_foreach(j, key, v)
			no_small_figure(v, k);
	} else if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v)
			no_small_figure(v, k);
	}
}

/* A requirement across the sectors: the nation minus the sectors shown
 * leaves none or k or more, in answers and in applicable answers. */
static void no_difference(json_t *j, long k)
{
	json_t *nat = json_object_get(json_object_get(j, "national"), "figure");
	if (!json_is_false(json_object_get(nat, "suppressed")))
		return;
	long ha = num(nat, "answers"), hp = num(nat, "applicable");
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(j, "sectors"), i, s) {
		json_t *f = json_object_get(s, "figure");
		if (json_is_false(json_object_get(f, "suppressed"))) {
			ha -= num(f, "answers");
			hp -= num(f, "applicable");
		}
	}
	if ((ha > 0 && ha < k) || (hp > 0 && hp < k))
		fail_msg("%s: the nation minus the sectors shown leaves %ld answers (%ld applicable)",
			 json_string_value(json_object_get(json_object_get(j, "requirement"), "id")),
			 ha, hp);
}

static void test_analysis_every_role_safe(enum kj_role role)
{
	struct sess s;
	char path[160];
	sess_direct(demo_login(role), &s);
	json_t *j = get_json(&s, "/api/v1/analysis/national", FY, 200);
	long k = num(j, "k");
	assert_int_equal(k, KJ_ANALYSIS_K);
	assert_int_equal(json_array_size(json_object_get(j, "sectors")), 16);
	no_small_figure(j, k);
	json_decref(j);
	j = get_json(&s, "/api/v1/analysis/sectors/medical", FY, 200);
	no_small_figure(j, k);
	json_decref(j);
	/* Every requirement of a function each, and the one the tests use. */
	const char *reqs[] = { REQ_ID, "3.3.1.1-1", "3.4.1.1-1", "3.5.1-1", "3.6.1-1", "3.7-1" };
	for (size_t i = 0; i < sizeof reqs / sizeof reqs[0]; i++) {
		snprintf(path, sizeof path, "/api/v1/analysis/requirements/%s", reqs[i]);
		j = get_json(&s, path, FY, 200);
		no_small_figure(j, k);
		no_difference(j, k);
		json_decref(j);
	}
}

/* The medical sector's REQ_ID cell, counted from the answers. */
static long counted(const char *what)
{
	char sql[1024], out[32];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM survey s JOIN survey_respondent sr"
		 " ON sr.survey_id = s.id JOIN response p ON p.survey_id = s.id"
		 " AND p.organisation_id = sr.organisation_id JOIN answer a ON a.response_id = p.id"
		 " JOIN requirement q ON q.id = a.requirement_id WHERE s.fiscal_year = 2026"
		 " AND s.kind = 'questionnaire' AND s.owner_kind = 'nco' AND p.status = 'submitted'"
		 " AND sr.sector_code = 'medical' AND q.code = '" REQ_ID "' AND %s", what);
	if (kj_test_sql_text(db_path, sql, out, sizeof out) < 0)
		fail_msg("cannot count");
	return strtol(out, NULL, 10);
}

static json_t *medical_cell(json_t *req_view)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(req_view, "sectors"), i, s)
		if (!strcmp(json_string_value(json_object_get(s, "code")), "medical"))
			return json_object_get(s, "figure");
	fail_msg("no medical sector");
	return NULL;
}

void test_analysis_api(void **state)
{
	(void)state;
	/* Aggregates only: safe whatever the figures. */
	const enum kj_role agg[] = { KJ_ROLE_OPERATOR, KJ_ROLE_HQ, KJ_ROLE_SURVEYOR };
	for (size_t i = 0; i < sizeof agg / sizeof agg[0]; i++)
		test_analysis_every_role_safe(agg[i]);
	/* A CEPTOAR reads its sectors' published snapshots, no live view. */
	struct sess cep;
	sess_direct(demo_login(KJ_ROLE_CEPTOAR), &cep);
	json_decref(get_json(&cep, "/api/v1/analysis/national", FY, 404));
	json_decref(get_json(&cep, "/api/v1/analysis/sectors/medical", FY, 404));
	json_decref(get_json(&cep, "/api/v1/analysis/requirements/" REQ_ID, FY, 404));
	/* The NCO: the figures are the answers' counts. */
	struct sess nco, min;
	sess_direct(demo_login(KJ_ROLE_NCO), &nco);
	sess_direct(demo_login(KJ_ROLE_MINISTRY), &min);
	json_t *j = get_json(&nco, "/api/v1/analysis/requirements/" REQ_ID, FY, 200);
	json_t *f = medical_cell(j);
	assert_true(json_is_false(json_object_get(f, "suppressed")));
	assert_int_equal(num(f, "applicable"), counted("a.level IS NOT NULL"));
	assert_int_equal(num(f, "implemented"), counted("a.level >= 3"));
	assert_int_equal(num(f, "na"), counted("a.level IS NULL"));
	long applicable = num(f, "applicable");
	json_decref(j);
	/* The medical ministry: its sector whole, the same figure. */
	j = get_json(&min, "/api/v1/analysis/sectors/medical", FY, 200);
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(j, "requirements"), i, r) {
		assert_true(json_is_false(json_object_get(json_object_get(r, "figure"), "suppressed")));
		if (!strcmp(json_string_value(json_object_get(r, "id")), REQ_ID))
			assert_int_equal(num(json_object_get(r, "figure"), "applicable"), applicable);
	}
	json_decref(j);
	/* A return: out of the figures at once, for everyone. */
	char corp[32], path[256];
	if (kj_test_sql_text(db_path, "SELECT o.corporate_number FROM response p"
			     " JOIN organisation o ON o.id = p.organisation_id"
			     " JOIN survey_respondent sr ON sr.survey_id = p.survey_id"
			     " AND sr.organisation_id = p.organisation_id"
			     " JOIN answer a ON a.response_id = p.id"
			     " JOIN requirement q ON q.id = a.requirement_id"
			     " WHERE p.survey_id = 1 AND p.status = 'submitted'"
			     " AND sr.sector_code = 'medical' AND q.code = '" REQ_ID "'"
			     " AND a.level IS NOT NULL ORDER BY p.id", corp, sizeof corp) < 0)
		fail_msg("no submitted medical response");
	j = get_json(&nco, "/api/v1/analysis/national", FY, 200);
	long submitted = num(json_object_get(j, "national"), "submitted");
	json_decref(j);
	snprintf(path, sizeof path, "/surveys/1/responses/%s/return", corp);
	struct res rr = post(&nco, path, "message", "根拠資料を添付してください");
	assert_int_equal(rr.status, 303);
	res_free(&rr);
	j = get_json(&nco, "/api/v1/analysis/national", FY, 200);
	assert_int_equal(num(json_object_get(j, "national"), "submitted"), submitted - 1);
	json_decref(j);
	j = get_json(&nco, "/api/v1/analysis/requirements/" REQ_ID, FY, 200);
	assert_int_equal(num(medical_cell(j), "applicable"), applicable - 1);
	assert_int_equal(num(medical_cell(j), "applicable"), counted("a.level IS NOT NULL"));
	json_decref(j);
	/* Bad requests: a message in the reader's language, nothing else. */
	struct res b = do_req("GET", "/api/v1/analysis/national", "fy=R8", nco.cookie, NULL);
	assert_int_equal(b.status, 400);
	assert_non_null(strstr(b.body, "\"status\":400"));
	assert_non_null(strstr(b.body, "fy must be a fiscal year"));
	res_free(&b);
	b = do_req("GET", "/api/v1/analysis/national", NULL, nco.cookie, NULL);
	assert_int_equal(b.status, 400);
	res_free(&b);
	b = do_req("GET", "/api/v1/analysis/national", "fy=2031", nco.cookie, NULL);
	assert_int_equal(b.status, 404);
	assert_non_null(strstr(b.body, "no questionnaire survey"));
	res_free(&b);
	b = do_req("GET", "/api/v1/analysis/sectors/%3Ckjx%3E", FY, nco.cookie, NULL);
	assert_int_equal(b.status, 404);
	assert_null(strstr(b.body, MARK));
	res_free(&b);
	b = do_req("GET", "/api/v1/analysis/requirements/1'%20OR%20'1'='1", FY, nco.cookie, NULL);
	assert_int_equal(b.status, 404);
	res_free(&b);
	/* Anonymous: 401. */
	assert_int_equal(status_of("GET", "/api/v1/analysis/national", FY, NULL, NULL), 401);
}
