/*
 * The survey campaign pages (issue 12): the list for each kind of user, the
 * campaign page's figures against counting the responses, a ministry's
 * figures limited to its sectors, the chase list's filters and pages, its
 * CSV and xlsx (audited), every bad filter answered on the page (400, the
 * message beside its field), the owner's actions (an extension written with
 * its audit entry; refusals change nothing) and the JSON API. The fixture's
 * demo has one campaign (id 1, FY2026, open, every sector).
 */
#include "web_helpers.h"

#define CHASE_PAGE 50	/* KJ_CHASE_PAGE of app/survey_progress.h */

static long sql_long(const char *sql)
{
	char t[32];
	if (kj_test_sql_text(db_path, sql, t, sizeof t) < 0)
		fail_msg("no answer to %s", sql);
	return strtol(t, NULL, 10);
}

static long unsubmitted(const char *sector)
{
	char sql[512];
	snprintf(sql, sizeof sql, "SELECT COUNT(%s) FROM survey_respondent r LEFT JOIN response p"
		 " ON p.survey_id = r.survey_id AND p.organisation_id = r.organisation_id"
		 " WHERE r.survey_id = 1 AND (p.status IS NULL OR p.status <> 'submitted')%s%s%s",
		 sector ? "*" : "DISTINCT r.organisation_id", sector ? " AND r.sector_code = '" : "",
		 sector ? sector : "", sector ? "'" : "");
	return sql_long(sql);
}

static struct res get_as(const char *login, const char *path, const char *query)
{
	struct sess s;
	sess_direct(login, &s);
	return do_req("GET", path, query, s.cookie, NULL);
}

void test_survey_list_per_role(void **state)
{
	(void)state;
	struct res r = get_as("demo-nco", "/surveys", NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "href=\"/surveys/1\""));
	assert_non_null(strstr(r.body, "実施中"));
	assert_non_null(strstr(r.body, "aria-current=\"page\">調査</a>"));
	res_free(&r);
	/* An operator: its survey to answer, linking to the answering page. */
	r = get_as("demo-operator", "/surveys", NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "href=\"/surveys/1/answer\""));
	assert_null(strstr(r.body, "href=\"/surveys/1\""));
	res_free(&r);
	/* HQ follows no campaign. */
	r = get_as("demo-hq", "/surveys", NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "表示できる調査はありません。"));
	assert_null(strstr(r.body, "href=\"/surveys/1"));
	res_free(&r);
}

void test_survey_page_figures(void **state)
{
	(void)state;
	char want[128];
	long submitted = sql_long("SELECT COUNT(*) FROM response WHERE survey_id = 1"
				  " AND status = 'submitted'");
	long respondents = sql_long("SELECT COUNT(DISTINCT organisation_id) FROM"
				    " survey_respondent WHERE survey_id = 1");
	struct res r = get_as("demo-nco", "/surveys/1", NULL);
	assert_int_equal(r.status, 200);
	snprintf(want, sizeof want, "<dd>%.1f%%</dd>", 100.0 * (double)submitted /
		 (double)respondents);
	assert_non_null(strstr(r.body, want));
	assert_non_null(strstr(r.body, "分野別の進捗"));
	assert_non_null(strstr(r.body, "所管省庁別の進捗"));
	assert_non_null(strstr(r.body, "都道府県別の進捗"));
	assert_non_null(strstr(r.body, "督促リスト"));
	assert_non_null(strstr(r.body, "href=\"/surveys/1/chase.csv?\""));
	/* The owner's forms, with the CSRF token. */
	assert_non_null(strstr(r.body, "action=\"/surveys/1/close\""));
	assert_non_null(strstr(r.body, "action=\"/surveys/1/extend\""));
	assert_non_null(strstr(r.body, "name=\"csrf\""));
	res_free(&r);
	/* The ministry: its sector only, no ministries' table, no owner's forms. */
	r = get_as("demo-ministry", "/surveys/1", NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "所管分野の数値のみ"));
	assert_null(strstr(r.body, "所管省庁別の進捗"));
	assert_null(strstr(r.body, "action=\"/surveys/1/close\""));
	assert_null(strstr(r.body, ">電力</th>"));
	assert_non_null(strstr(r.body, ">医療</th>"));
	res_free(&r);
	/* The auditor reads, and runs nothing. */
	r = get_as("demo-auditor", "/surveys/1", NULL);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "action=\"/surveys/1/extend\""));
	res_free(&r);
}

/* A refused filter: 400, the campaign page with the message beside FIELD. */
static void assert_bad_filter(const char *query, const char *field)
{
	char want[96];
	struct res r = get_as("demo-nco", "/surveys/1", query);
	if (r.status != 400)
		fail_msg("%s: status %d, want 400", query, r.status);
	snprintf(want, sizeof want, "id=\"chase-%s-err\"", field);
	if (!*field)	/* no field of its own: the summary alone */
		snprintf(want, sizeof want, "class=\"error-summary\"");
	if (!strstr(r.body, "class=\"error-summary\"") || !strstr(r.body, want))
		fail_msg("%s: no message beside %s", query, field);
	assert_non_null(strstr(r.body, "分野別の進捗"));	/* the page, not the error page */
	res_free(&r);
}

void test_survey_chase_filters(void **state)
{
	(void)state;
	assert_bad_filter("prefecture=99", "prefecture");
	assert_bad_filter("prefecture=%3Cb%3E", "prefecture");
	assert_bad_filter("status=submitted", "status");
	assert_bad_filter("sector=nope", "sector");
	assert_bad_filter("overdue=yes", "overdue");
	assert_bad_filter("page=0", "");
	assert_bad_filter("page=99999999999", "");
	/* A filter by sector and status: the rows are those. */
	struct res r = get_as("demo-nco", "/surveys/1", "sector=medical&status=not_started");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<option value=\"medical\" selected"));
	assert_null(strstr(r.body, "<td>回答中</td>"));
	res_free(&r);
	/* Pages: the first links to the next, which links back. */
	if (unsubmitted(NULL) > CHASE_PAGE) {
		r = get_as("demo-nco", "/surveys/1", NULL);
		assert_non_null(strstr(r.body, "page=2#chase\" rel=\"next\""));
		res_free(&r);
		r = get_as("demo-nco", "/surveys/1", "page=2");
		assert_int_equal(r.status, 200);
		assert_non_null(strstr(r.body, "page=1#chase\" rel=\"prev\""));
		res_free(&r);
	}
}

/* Lines of BODY (CRLF or LF). */
static long lines(const char *body)
{
	long n = 0;
	for (const char *p = body; *p; p++)
		n += *p == '\n';
	return n;
}

void test_survey_chase_files(void **state)
{
	(void)state;
	int before = audit_count("export", "kijun-survey-1-chase");
	struct res r = get_as("demo-nco", "/surveys/1/chase.csv", NULL);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.ctype, "text/csv; charset=utf-8");
	assert_non_null(strstr(r.body, "法人番号"));
	if (lines(r.body) != 1 + unsubmitted(NULL))
		fail_msg("the chase list's CSV has %ld lines for %ld operators not submitted",
			 lines(r.body), unsubmitted(NULL));
	res_free(&r);
	assert_int_equal(audit_count("export", "kijun-survey-1-chase"), before + 1);
	/* The ministry's file: its sector's operators only. */
	r = get_as("demo-ministry", "/surveys/1/chase.csv", NULL);
	assert_int_equal(r.status, 200);
	assert_int_equal(lines(r.body), 1 + unsubmitted("medical"));
	res_free(&r);
	r = get_as("demo-nco", "/surveys/1/chase.xlsx", "sector=medical");
	assert_int_equal(r.status, 200);
	assert_true(r.len > 4 && !memcmp(r.body, "PK", 2));
	res_free(&r);
	/* A bad filter: no file, and no audit entry. */
	before = audit_count("export", "kijun-survey-1-chase");
	r = get_as("demo-nco", "/surveys/1/chase.csv", "status=x");
	assert_int_equal(r.status, 400);
	res_free(&r);
	assert_int_equal(audit_count("export", "kijun-survey-1-chase"), before);
}

void test_survey_actions(void **state)
{
	(void)state;
	struct sess nco;
	char corp[32], f[512], sql[256];
	sess_direct("demo-nco", &nco);
	assert_int_equal(kj_test_sql_text(db_path, "SELECT o.corporate_number FROM survey_respondent r"
		" JOIN organisation o ON o.id = r.organisation_id WHERE r.survey_id = 1"
		" ORDER BY o.id LIMIT 1", corp, sizeof corp), 0);
	int ext = audit_count("survey.extend", "1");
	/* Refused: a date before the close date, a bad corporate number. */
	snprintf(f, sizeof f, "org=%s&until=2027-01-01&reason=x&csrf=%s", corp, nco.csrf);
	struct res r = do_req("POST", "/surveys/1/extend", f, nco.cookie, NULL);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "回答期限を延長できませんでした"));
	assert_non_null(strstr(r.body, "value=\"2027-01-01\""));	/* what was typed stays */
	res_free(&r);
	snprintf(f, sizeof f, "org=123&until=2027-02-28&reason=x&csrf=%s", nco.csrf);
	assert_int_equal(status_of("POST", "/surveys/1/extend", f, nco.cookie, NULL), 400);
	assert_int_equal(audit_count("survey.extend", "1"), ext);
	/* Done: the extension, its audit entry, and the page's life shows it. */
	snprintf(f, sizeof f, "org=%s&until=2027-02-28&reason=%s&csrf=%s", corp,
		 "%E7%81%BD%E5%AE%B3%E5%AF%BE%E5%BF%9C", nco.csrf);
	r = do_req("POST", "/surveys/1/extend", f, nco.cookie, NULL);
	assert_int_equal(r.status, 303);
	assert_true(loc_starts(&r, "/surveys/1?done=extend"));
	res_free(&r);
	assert_int_equal(audit_count("survey.extend", "1"), ext + 1);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM survey_extension WHERE survey_id = 1"
		 " AND closes_on = '2027-02-28'");
	assert_true(sql_long(sql) >= 1);
	r = do_req("GET", "/surveys/1", NULL, nco.cookie, NULL);
	assert_non_null(strstr(r.body, "<td>回答期限の延長</td>"));
	res_free(&r);
	/* Opening an open campaign is refused; nothing changes. */
	int opened = audit_count("survey.open", "1");
	snprintf(f, sizeof f, "csrf=%s", nco.csrf);
	r = do_req("POST", "/surveys/1/open", f, nco.cookie, NULL);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "調査を開始できませんでした"));
	res_free(&r);
	assert_int_equal(audit_count("survey.open", "1"), opened);
	assert_int_equal(sql_long("SELECT COUNT(*) FROM survey WHERE id = 1 AND status = 'open'"), 1);
	/* Closing cannot be undone: it asks first, and nothing changes until confirmed. */
	int closed = audit_count("survey.close", "1");
	r = do_req("POST", "/surveys/1/close", f, nco.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "調査を終了しますか"));
	assert_non_null(strstr(r.body, "name=\"confirm\" value=\"1\""));
	res_free(&r);
	assert_int_equal(audit_count("survey.close", "1"), closed);
	assert_int_equal(sql_long("SELECT COUNT(*) FROM survey WHERE id = 1 AND status = 'open'"), 1);
	/* Another's campaign: the ministry may not close it, confirmed or not. */
	struct sess min;
	sess_direct("demo-ministry", &min);
	snprintf(f, sizeof f, "confirm=1&csrf=%s", min.csrf);
	assert_int_equal(status_of("POST", "/surveys/1/close", f, min.cookie, NULL), 403);
	assert_int_equal(sql_long("SELECT COUNT(*) FROM survey WHERE id = 1 AND status = 'open'"), 1);
}

void test_survey_api(void **state)
{
	(void)state;
	char token[64];
	int64_t id;
	token_direct("demo-nco", token, &id);
	struct res r = do_req("GET", "/api/v1/surveys/1/progress", NULL, NULL, token);
	assert_int_equal(r.status, 200);
	json_error_t je;
	json_t *j = json_loads(r.body, 0, &je);
	assert_non_null(j);
	json_t *t = json_object_get(j, "totals");
	assert_int_equal(json_integer_value(json_object_get(t, "submitted")),
			 sql_long("SELECT COUNT(*) FROM response WHERE survey_id = 1"
				  " AND status = 'submitted'"));
	assert_int_equal(json_integer_value(json_object_get(t, "respondents")),
			 sql_long("SELECT COUNT(DISTINCT organisation_id) FROM survey_respondent"
				  " WHERE survey_id = 1"));
	assert_string_equal(json_string_value(json_object_get(j, "scope")), "all");
	assert_int_equal(json_array_size(json_object_get(j, "sectors")), 16);
	json_decref(j);
	res_free(&r);
	/* The ministry: its sectors. */
	token_direct("demo-ministry", token, &id);
	r = do_req("GET", "/api/v1/surveys/1/progress", NULL, NULL, token);
	assert_int_equal(r.status, 200);
	j = json_loads(r.body, 0, &je);
	assert_non_null(j);
	assert_true(json_is_array(json_object_get(j, "scope")));
	assert_int_equal(json_array_size(json_object_get(j, "ministries")), 0);
	json_decref(j);
	res_free(&r);
	r = do_req("GET", "/api/v1/surveys", NULL, NULL, token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"id\":1"));
	res_free(&r);
	r = do_req("GET", "/api/v1/surveys/x", NULL, NULL, token);
	assert_int_equal(r.status, 404);
	res_free(&r);
}
