/*
 * The analysis pages (page_analysis.c) on the demo database, in web_app
 * (both engines): each page as NCO, ministry, operator and HQ, with
 * its charts (SVG with title, desc, role and aria-labelledby) and tables;
 * the figures on the page and in its files are the API's for the same
 * reader; a suppressed figure shows the note and no value; bad years,
 * sectors, requirements, formats and tables are refused with a message;
 * the files are CSV and xlsx, each audited; a CEPTOAR is sent to its
 * published snapshots.
 */
#include "web_helpers.h"
#include "app/analysis.h"
#include "base/limits.h"
#include "base/util.h"

#define FY "fy=2026"
#define SUP_NOTE "—（k 未満のため非表示）"

static struct res get_ok(const struct sess *s, const char *path, const char *query)
{
	struct res r = do_req("GET", path, query, s->cookie, NULL);
	if (r.status != 200)
		fail_msg("GET %s?%s: %d", path, query ? query : "", r.status);
	return r;
}

static json_t *api(const struct sess *s, const char *path)
{
	struct res r = get_ok(s, path, FY);
	json_error_t e;
	json_t *j = json_loads(r.body, 0, &e);
	res_free(&r);
	if (!j)
		fail_msg("%s: not JSON", path);
	return j;
}

/* "35.7%" of the API's ratio, as the page prints it, or the note. */
static void expect_rate(json_t *fig, char *out, size_t n)
{
	if (json_is_true(json_object_get(fig, "suppressed"))) {
		snprintf(out, n, "%s", SUP_NOTE);
		return;
	}
	json_t *rate = json_object_get(fig, "rate");
	if (json_is_null(rate)) {
		snprintf(out, n, "—");
		return;
	}
	double v = json_real_value(rate);
	long long t = (long long)(v * 10000.0 + 0.5), tenths = (t + 5) / 10;
	snprintf(out, n, "%lld.%lld%%", tenths / 10, tenths % 10);
}

/* Field COL of CSV line LINE (0: the heads) of BODY, into OUT; plain fields only. */
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
	if (len >= 2 && p[0] == '"' && p[len - 1] == '"') {	/* quoted, no quote inside */
		p++;
		len -= 2;
	}
	if (len >= n)
		len = n - 1;
	memcpy(out, p, len);
	out[len] = '\0';
}

/* The charts of a page are SVG pictures with their words, each followed by its table. */
static void charts_ok(const char *body, const char *id)
{
	char want[160];
	snprintf(want, sizeof want, "role=\"img\" width=");
	assert_non_null(strstr(body, want));
	snprintf(want, sizeof want, "aria-labelledby=\"%s-t %s-d\"><title id=\"%s-t\">", id, id,
		 id);
	if (!strstr(body, want))
		fail_msg("no chart %s", id);
	snprintf(want, sizeof want, "<desc id=\"%s-d\">", id);
	const char *svg = strstr(body, want);
	assert_non_null(svg);
	const char *end = strstr(svg, "</svg>");
	assert_non_null(end);
	assert_true(!strncmp(end, "</svg>\n<div class=\"table-wrap\"", 30));
	assert_null(strstr(body, "<script"));
}

/* The requirement page and its file say the API's rate of every sector. */
static void requirement_same_as_api(const struct sess *s, int *suppressed)
{
	json_t *j = api(s, "/api/v1/analysis/requirements/" REQ_ID);
	struct res page = get_ok(s, "/analysis/requirements/" REQ_ID, FY);
	charts_ok(page.body, "chart-sectors");
	struct res csv = get_ok(s, "/analysis/requirements/" REQ_ID, FY "&table=sectors&format=csv");
	assert_non_null(strstr(csv.ctype, "text/csv"));
	size_t i;
	json_t *sj;
	char want[64], got[64], cellhtml[96];
	json_array_foreach(json_object_get(j, "sectors"), i, sj) {
		json_t *fig = json_object_get(sj, "figure");
		expect_rate(fig, want, sizeof want);
		csv_field(csv.body, (int)i + 1, 3, got, sizeof got);
		if (strcmp(want, got))
			fail_msg("%s: the file says %s, the API %s",
				 json_string_value(json_object_get(sj, "code")), got, want);
		snprintf(cellhtml, sizeof cellhtml, "<td>%s</td>", want);
		assert_non_null(strstr(page.body, cellhtml));
		if (json_is_true(json_object_get(fig, "suppressed"))) {
			(*suppressed)++;
			/* No value of it anywhere in its row: the counts are the note too. */
			csv_field(csv.body, (int)i + 1, 1, got, sizeof got);
			assert_string_equal(got, SUP_NOTE);
			csv_field(csv.body, (int)i + 1, 2, got, sizeof got);
			assert_string_equal(got, SUP_NOTE);
		} else {
			csv_field(csv.body, (int)i + 1, 2, got, sizeof got);
			assert_int_equal(strtol(got, NULL, 10),
					 (long)json_integer_value(json_object_get(fig, "applicable")));
		}
	}
	json_decref(j);
	res_free(&page);
	res_free(&csv);
}

/* The national heat map's cells are the API's sector x function rates. */
static void national_same_as_api(const struct sess *s, int *suppressed)
{
	json_t *j = api(s, "/api/v1/analysis/national");
	struct res page = get_ok(s, "/analysis", FY);
	charts_ok(page.body, "chart-heatmap");
	charts_ok(page.body, "chart-weakest");
	charts_ok(page.body, "chart-response");
	charts_ok(page.body, "chart-gaps");
	assert_non_null(strstr(page.body, "href=\"/analysis/sectors/medical?fy=2026\""));
	assert_non_null(strstr(page.body, "href=\"/analysis/requirements/"));
	assert_non_null(strstr(page.body, "name=\"fy\""));
	struct res csv = get_ok(s, "/analysis", FY "&table=heatmap&format=csv");
	size_t i, nf = json_array_size(json_object_get(j, "functions"));
	json_t *sj;
	char want[64], got[64];
	json_array_foreach(json_object_get(j, "sectors"), i, sj) {
		for (size_t f = 0; f < nf; f++) {
			const char *code = json_string_value(json_object_get(
				json_array_get(json_object_get(j, "functions"), f), "code"));
			json_t *fig = json_object_get(json_object_get(sj, "functions"), code);
			expect_rate(fig, want, sizeof want);
			csv_field(csv.body, (int)i + 1, (int)f + 1, got, sizeof got);
			if (strcmp(want, got))
				fail_msg("heat map %zu/%s: %s, the API %s", i, code, got, want);
			*suppressed += json_is_true(json_object_get(fig, "suppressed"));
		}
	}
	json_decref(j);
	res_free(&page);
	res_free(&csv);
}

/* The medical sector's page: every chart, each requirement's rate as the API's. */
static void sector_same_as_api(const struct sess *s)
{
	json_t *j = api(s, "/api/v1/analysis/sectors/medical");
	struct res page = get_ok(s, "/analysis/sectors/medical", FY);
	charts_ok(page.body, "chart-levels");
	charts_ok(page.body, "chart-radar");
	struct res csv = get_ok(s, "/analysis/sectors/medical", FY "&table=requirements&format=csv");
	size_t i;
	json_t *rj;
	char want[64], got[64];
	json_array_foreach(json_object_get(j, "requirements"), i, rj) {
		expect_rate(json_object_get(rj, "figure"), want, sizeof want);
		csv_field(csv.body, (int)i + 1, 8, got, sizeof got);
		if (strcmp(want, got))
			fail_msg("medical %s: %s, the API %s",
				 json_string_value(json_object_get(rj, "id")), got, want);
	}
	json_decref(j);
	res_free(&page);
	res_free(&csv);
}

static void refused(const struct sess *s, const char *path, const char *query, int status,
		    const char *says)
{
	struct res r = do_req("GET", path, query, s->cookie, NULL);
	if (r.status != status)
		fail_msg("GET %s?%s: %d, want %d", path, query, r.status, status);
	if (says && !strstr(r.body, says))
		fail_msg("GET %s?%s does not say %s", path, query, says);
	assert_null(strstr(r.body, MARK));
	res_free(&r);
}

void test_analysis_pages(void **state)
{
	(void)state;
	const enum kj_role roles[] = { KJ_ROLE_NCO, KJ_ROLE_MINISTRY, KJ_ROLE_OPERATOR,
				       KJ_ROLE_HQ };
	int sup_nco = 0, sup_agg = 0;
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		struct sess s;
		int sup = 0;
		sess_direct(demo_login(roles[i]), &s);
		national_same_as_api(&s, &sup);
		requirement_same_as_api(&s, &sup);
		sector_same_as_api(&s);
		if (roles[i] == KJ_ROLE_NCO)
			sup_nco = sup;
		else if (roles[i] != KJ_ROLE_MINISTRY)
			sup_agg += sup;
		/* The navigation links the pages. */
		struct res home = get_ok(&s, "/", NULL);
		assert_non_null(strstr(home.body, "href=\"/analysis\""));
		res_free(&home);
	}
	/* The NCO sees every figure; the aggregate readers some of them hidden. */
	assert_int_equal(sup_nco, 0);
	assert_true(sup_agg > 0);
	struct sess nco;
	sess_direct(demo_login(KJ_ROLE_NCO), &nco);
	/* No year: the latest with a survey up to the current one (the test clock
	 * runs a day a test, and other tests open campaigns of later years). */
	struct tm tm;
	struct kj_err err;
	int want;
	char value[32];
	gmtime_r(&fake_now, &tm);
	assert_int_equal(kj_analysis_default_fy(store(), kj_fiscal_year(tm.tm_year + 1900,
							    tm.tm_mon + 1), &want, &err), 0);
	assert_true(want >= 2026);
	snprintf(value, sizeof value, "value=\"%d\"", want);
	struct res r = get_ok(&nco, "/analysis", NULL);
	assert_non_null(strstr(r.body, value));
	res_free(&r);
	/* Bad requests: a message, nothing else. */
	refused(&nco, "/analysis", "fy=R8", 400, "年度 (fy)");
	refused(&nco, "/analysis", "fy=%3Ckjx%3E", 400, "年度 (fy)");
	refused(&nco, "/analysis", "fy=2031", 404, "その年度");
	refused(&nco, "/analysis/sectors/%3Ckjx%3E", FY, 404, NULL);
	refused(&nco, "/analysis/sectors/nope", FY, 404, NULL);
	refused(&nco, "/analysis/requirements/9.9-9", FY, 404, NULL);
	refused(&nco, "/analysis", FY "&table=heatmap&format=pdf", 400, "csv か xlsx");
	refused(&nco, "/analysis", FY "&table=%3Ckjx%3E&format=csv", 400, "表の名前");
	refused(&nco, "/analysis/sectors/medical", FY "&table=heatmap&format=csv", 400, "表の名前");
	/* The files: CSV with its heads, xlsx, each audited. */
	int before = audit_count("export", "kijun-analysis-2026-response") +
		     audit_count("export", "kijun-analysis-2026-breakdown");
	r = get_ok(&nco, "/analysis", FY "&table=response&format=csv");
	char head[64];
	assert_true(!strncmp(r.body, "\xEF\xBB\xBF", 3));
	csv_field(r.body, 0, 0, head, sizeof head);
	assert_string_equal(head, "分野");
	csv_field(r.body, 0, 3, head, sizeof head);
	assert_string_equal(head, "回答率");
	csv_field(r.body, 17, 0, head, sizeof head);
	assert_string_equal(head, "全国");
	assert_hdr(&r, "Content-Disposition",
		   "attachment; filename=\"kijun-analysis-2026-response.csv\"");
	res_free(&r);
	r = get_ok(&nco, "/analysis/sectors/medical", FY "&table=breakdown&format=xlsx");
	assert_non_null(strstr(r.ctype, "spreadsheetml"));
	assert_true(r.len > 100 && !memcmp(r.body, "PK", 2));
	res_free(&r);
	assert_int_equal(audit_count("export", "kijun-analysis-2026-response") +
			 audit_count("export", "kijun-analysis-2026-breakdown"), before + 2);
	/* A CEPTOAR: to its sectors' published snapshots, no live figure. */
	struct sess cep;
	sess_direct(demo_login(KJ_ROLE_CEPTOAR), &cep);
	const char *live[] = { "/analysis", "/analysis/sectors/medical",
			       "/analysis/requirements/" REQ_ID };
	for (size_t i = 0; i < sizeof live / sizeof live[0]; i++) {
		r = do_req("GET", live[i], FY, cep.cookie, NULL);
		assert_int_equal(r.status, 303);
		assert_hdr(&r, "Location", "/analysis/published");
		res_free(&r);
	}
	r = do_req("GET", "/analysis", FY "&table=response&format=csv", cep.cookie, NULL);
	assert_int_equal(r.status, 404);
	res_free(&r);
	/* Anonymous: sent to sign in. */
	assert_true(is_redirect(status_of("GET", "/analysis", FY, NULL, NULL)));
	assert_int_equal(status_of("GET", "/analysis/sectors/medical", FY, NULL, NULL), 303);
}
