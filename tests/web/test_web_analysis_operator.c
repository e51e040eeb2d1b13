/*
 * An operator's benchmark (page_analysis_operator.c, api_analysis_operator.c)
 * on the demo database, in web_app (both engines): the operator reads its
 * own (no sector figure of fewer than k + 1 values), not another's (403);
 * the medical ministry reads its sector's operators whole, not another
 * sector's (403); the page's chart (SVG with title, desc and a legend) and
 * tables, whose files say the API's figures; bad requests refused with a
 * message; the files audited.
 */
#include "web_helpers.h"
#include "base/limits.h"

#define FY "fy=2026"
#define SUP_NOTE "—（k 未満のため非表示）"

static struct res get_status(const struct sess *s, const char *path, const char *query,
			     int want)
{
	struct res r = do_req("GET", path, query, s->cookie, NULL);
	if (r.status != want)
		fail_msg("GET %s?%s: %d, want %d", path, query ? query : "", r.status, want);
	return r;
}

static json_t *bench_api(const struct sess *s, int64_t org, int want)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/analysis/operators/%lld", (long long)org);
	struct res r = get_status(s, path, FY, want);
	json_error_t e;
	json_t *j = json_loads(r.body, 0, &e);
	if (!j)
		fail_msg("%s: not JSON: %s", path, r.body);
	assert_non_null(strstr(r.ctype, "application/json"));
	res_free(&r);
	return j;
}

/* Every sector figure shown in J counts k + 1 values or more (or none). */
static void no_small_group(json_t *j, long k)
{
	size_t i;
	json_t *o;
	const char *lists[] = { "requirements", "functions" };
	for (size_t l = 0; l < 2; l++)
		json_array_foreach(json_object_get(j, lists[l]), i, o) {
			json_t *sec = json_object_get(o, "sector");
			long n = (long)json_integer_value(json_object_get(sec, "n"));
			if (json_is_false(json_object_get(sec, "suppressed")) && n > 0 && n < k + 1)
				fail_msg("a sector figure of %ld values shown", n);
			if (json_is_true(json_object_get(sec, "suppressed")))
				assert_true(json_is_null(json_object_get(sec, "median")));
		}
}

/* Field COL of CSV line LINE (0: the heads) of BODY, into OUT; no comma inside. */
static void csv_field(const char *body, int line, int col, char *out, size_t n)
{
	const char *p = body;
	if (!strncmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	for (int l = 0; l < line; l++) {
		p = strstr(p, "\r\n");
		if (!p)
			fail_msg("no CSV line %d", line);
		p += 2;
	}
	for (int c = 0; c < col; c++) {
		p = strpbrk(p, ",\r");
		if (!p || *p == '\r')
			fail_msg("no CSV field %d of line %d", col, line);
		p++;
	}
	size_t len = strcspn(p, ",\r");
	if (len >= 2 && p[0] == '"' && p[len - 1] == '"') {
		p++;
		len -= 2;
	}
	if (len >= n)
		len = n - 1;
	memcpy(out, p, len);
	out[len] = '\0';
}

/* A figure of the API as the page prints it: "2.50", the note, or "—". */
static void expect(json_t *dist, const char *key, char *out, size_t n)
{
	json_t *v = json_object_get(dist, key);
	if (json_is_true(json_object_get(dist, "suppressed")))
		snprintf(out, n, "%s", SUP_NOTE);
	else if (json_is_number(v))
		snprintf(out, n, "%.2f", json_number_value(v));
	else
		snprintf(out, n, "—");
}

static void check_cell(const char *csv, int line, int col, json_t *dist, const char *key)
{
	char got[256], want[256];
	csv_field(csv, line, col, got, sizeof got);
	const char *state = json_string_value(json_object_get(dist, "state"));
	if (state && strcmp(state, "answered"))	/* the operator's own, not answered */
		snprintf(want, sizeof want, "%s", !strcmp(state, "na") ? "該当しない" : "回答なし");
	else
		expect(dist, key, want, sizeof want);
	if (strcmp(got, want))
		fail_msg("line %d column %d: %s, the API's %s", line, col, got, want);
}

/* The page of ORG and its files say the API's figures for S. */
static void page_same_as_api(const struct sess *s, int64_t org, const char *title)
{
	char path[96];
	snprintf(path, sizeof path, "/analysis/operators/%lld", (long long)org);
	json_t *j = bench_api(s, org, 200);
	struct res page = get_status(s, path, FY, 200);
	assert_non_null(strstr(page.body, title));
	assert_non_null(strstr(page.body, "aria-labelledby=\"chart-bench-t chart-bench-d\">"
				"<title id=\"chart-bench-t\">"));
	assert_non_null(strstr(page.body, "<desc id=\"chart-bench-d\">"));
	assert_non_null(strstr(page.body, "id=\"table-functions\""));
	assert_non_null(strstr(page.body, "id=\"table-requirements\""));
	assert_null(strstr(page.body, "<script"));
	res_free(&page);
	struct res f = get_status(s, path, FY "&table=functions&format=csv", 200);
	assert_non_null(strstr(f.ctype, "text/csv"));
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(j, "functions"), i, o) {
		int line = (int)i + 1;
		check_cell(f.body, line, 1, json_object_get(o, "own"), "value");
		check_cell(f.body, line, 5, json_object_get(o, "sector"), "q1");
		check_cell(f.body, line, 6, json_object_get(o, "sector"), "median");
		check_cell(f.body, line, 7, json_object_get(o, "sector"), "q3");
		check_cell(f.body, line, 8, json_object_get(o, "nation"), "median");
	}
	res_free(&f);
	f = get_status(s, path, FY "&table=requirements&format=csv", 200);
	json_array_foreach(json_object_get(j, "requirements"), i, o) {
		int line = (int)i + 1;
		char id[32];
		csv_field(f.body, line, 0, id, sizeof id);
		assert_string_equal(id, json_string_value(json_object_get(o, "id")));
		check_cell(f.body, line, 2, json_object_get(o, "own"), "value");
		check_cell(f.body, line, 4, json_object_get(o, "sector"), "q1");
		check_cell(f.body, line, 5, json_object_get(o, "sector"), "median");
		check_cell(f.body, line, 6, json_object_get(o, "sector"), "q3");
		check_cell(f.body, line, 7, json_object_get(o, "nation"), "median");
	}
	res_free(&f);
	json_decref(j);
}

static void refused(const struct sess *s, const char *path, const char *query, int status,
		    const char *text)
{
	struct res r = get_status(s, path, query, status);
	if (text && !strstr(r.body, text))
		fail_msg("GET %s?%s: no \"%s\" in the answer", path, query, text);
	assert_null(strstr(r.body, "<kjx>"));
	res_free(&r);
}

void test_analysis_operator(void **state)
{
	(void)state;
	struct sess op, min, nco;
	sess_direct(demo_login(KJ_ROLE_OPERATOR), &op);
	sess_direct(demo_login(KJ_ROLE_MINISTRY), &min);
	sess_direct(demo_login(KJ_ROLE_NCO), &nco);
	/* The operator: its own, aggregates of k + 1 or more. */
	json_t *j = bench_api(&op, org_own, 200);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "organisation"),
							      "id")), org_own);
	assert_string_equal(json_string_value(json_object_get(j, "sector")), "medical");
	assert_true(json_is_false(json_object_get(j, "open")));
	assert_int_equal(json_integer_value(json_object_get(j, "k")), KJ_ANALYSIS_K);
	no_small_group(j, KJ_ANALYSIS_K);
	json_decref(j);
	page_same_as_api(&op, org_own, "自組織のベンチマーク");
	/* Its home links to it. */
	struct res home = get_status(&op, "/", NULL, 200);
	char href[96];
	snprintf(href, sizeof href, "href=\"/analysis/operators/%lld\"", (long long)org_own);
	assert_non_null(strstr(home.body, href));
	res_free(&home);
	/* Not another operator's, in the API or the page. */
	json_decref(bench_api(&op, org_med, 403));
	char path[96];
	snprintf(path, sizeof path, "/analysis/operators/%lld", (long long)org_med);
	refused(&op, path, FY, 403, NULL);
	/* The medical ministry: its sector's operators, whole; not another sector's. */
	j = bench_api(&min, org_med, 200);
	assert_true(json_is_true(json_object_get(j, "open")));
	json_decref(j);
	page_same_as_api(&min, org_med, "事業者のベンチマーク");
	json_decref(bench_api(&min, org_other, 403));
	snprintf(path, sizeof path, "/analysis/operators/%lld", (long long)org_other);
	refused(&min, path, FY, 403, NULL);
	/* The NCO: any, the same page. */
	page_same_as_api(&nco, org_other, "事業者のベンチマーク");
	/* Bad requests: a message, nothing else. */
	snprintf(path, sizeof path, "/analysis/operators/%lld", (long long)org_own);
	refused(&op, path, "fy=R8", 400, "年度 (fy)");
	refused(&op, path, "fy=2031", 404, "その年度");
	refused(&op, path, FY "&sector=%3Ckjx%3E", 404, "その分野に属していません");
	refused(&op, path, FY "&table=functions&format=pdf", 400, "csv か xlsx");
	refused(&op, path, FY "&table=%3Ckjx%3E&format=csv", 400, "表の名前");
	refused(&nco, "/analysis/operators/%3Ckjx%3E", FY, 400, "数字の ID");
	refused(&nco, "/analysis/operators/99999999", FY, 404, "その組織はありません");
	refused(&nco, "/api/v1/analysis/operators/12abc", FY, 400, "\"status\":400");
	/* The files: xlsx as well, each audited. */
	char base[96];
	snprintf(base, sizeof base, "kijun-benchmark-%lld-2026-requirements", (long long)org_own);
	int before = audit_count("export", base);
	struct res x = get_status(&op, path, FY "&table=requirements&format=xlsx", 200);
	assert_non_null(strstr(x.ctype, "spreadsheetml"));
	assert_true(x.len > 100 && !memcmp(x.body, "PK", 2));
	res_free(&x);
	assert_int_equal(audit_count("export", base), before + 1);
	/* Anonymous: sent to sign in, or 401 from the API. */
	assert_int_equal(status_of("GET", path, FY, NULL, NULL), 303);
	snprintf(path, sizeof path, "/api/v1/analysis/operators/%lld", (long long)org_own);
	assert_int_equal(status_of("GET", path, FY, NULL, NULL), 401);
}
