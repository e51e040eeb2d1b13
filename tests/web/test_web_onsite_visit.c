/*
 * On-site visits on the web (issue 15), in-process on the web fixture: the
 * visits the authorisation matrix works on (visit_fixture); a visit
 * planned, recorded through the page (a bad level, N/A without its reason
 * and a stale revision refused with nothing changed; a form without its
 * CSRF token refused), issued, then seen by the operator (never before
 * issue, never another's) and answered; the replies seen by the NCO and the
 * inspector; the offline form downloaded and uploaded back (a bad file
 * refused naming its cell, nothing changed); /onsite/mine per role; the
 * JSON API. On both engines (web_app and web_app_pg).
 */
#include "web_helpers.h"
#include "app/onsite_visit_form.h"

int64_t onsite_survey, onsite_survey2, visit_own, visit_other, visit_med;

static const struct kj_actor cli = { NULL, 0, "test:web" };

static void must(int rc, const struct kj_visit_refusal *why, const struct kj_err *err)
{
	if (rc < 0)
		fail_msg("visit fixture: %s", err->msg);
	if (why->fault)
		fail_msg("visit fixture: %s", why->msg);
}

static long sql_long(const char *sql)
{
	char t[64];
	if (kj_test_sql_text(db_path, sql, t, sizeof t) < 0)
		fail_msg("no row: %s", sql);
	return strtol(t, NULL, 10);
}

/* A new on-site survey of FY2026 owned by the NCO, of every sector. */
int64_t visit_new_survey(const char *title)
{
	char q[512];
	snprintf(q, sizeof q, "INSERT INTO survey (fiscal_year, version_id, kind, title_ja, title_en,"
		 " status, created_at, owner_kind) SELECT 2026, version_id, 'onsite', '%s',"
		 " 'On-site %s', 'open', '2026-09-01T00:00:00Z', 'nco' FROM survey"
		 " WHERE kind = 'questionnaire' ORDER BY id LIMIT 1", title, title);
	assert_int_equal(kj_test_sql(db_path, q), 0);
	int64_t id = sql_long("SELECT MAX(id) FROM survey WHERE kind = 'onsite'");
	snprintf(q, sizeof q, "INSERT INTO survey_sector (survey_id, sector_code)"
		 " SELECT %lld, code FROM sector", (long long)id);
	assert_int_equal(kj_test_sql(db_path, q), 0);
	return id;
}

int64_t visit_plan_cli(int64_t survey, int64_t org, const char *inspectors, const char *scope)
{
	struct kj_visit_plan p = { org, "2026-11-10", inspectors, scope, "fixture" };
	struct kj_visit_refusal why;
	struct kj_err err;
	int64_t id;
	must(kj_app_visit_plan(store(), &cli, survey, &p, &id, &why, &err), &why, &err);
	return id;
}

static void record_all(int64_t visit, const char *findings)
{
	static const char *const items[] = { "3.2.1-1", "3.2.1-2" };
	struct kj_visit_entry e[2];
	struct kj_visit_refusal why;
	struct kj_err err;
	long rev;
	for (int i = 0; i < 2; i++)
		e[i] = (struct kj_visit_entry){ items[i], i ? "na" : "1", i ? "対象外" : "",
						i ? "" : findings, i ? "" : "規程" };
	char q[128];
	snprintf(q, sizeof q, "SELECT revision FROM onsite_visit WHERE id = %lld", (long long)visit);
	must(kj_app_visit_record(store(), &cli, visit, sql_long(q), e, 2, &rev, &why, &err), &why,
	     &err);
	must(kj_app_visit_issue(store(), &cli, visit, rev, &why, &err), &why, &err);
}

/*
 * The matrix's visits, made once by the command line's actor in an NCO
 * survey: the demo operator's (medical) issued (@VISITOWN: inspected by the
 * surveyor and the medical ministry), an operator's outside the medical
 * sector issued (@VISITOTHER: the NCO inspects), another medical
 * operator's planned (@VISITMED: the medical ministry inspects). No matrix
 * cell changes them: each POST is one their state or its input refuses.
 */
void visit_fixture(void)
{
	if (visit_own)
		return;
	onsite_survey = visit_new_survey("実地調査A");
	visit_own = visit_plan_cli(onsite_survey, org_own, "demo-surveyor, demo-ministry", "3.2.1-1,3.2.1-2");
	visit_other = visit_plan_cli(onsite_survey, org_other, "demo-nco", "3.2.1-1 3.2.1-2");
	visit_med = visit_plan_cli(onsite_survey, org_med, "demo-ministry", "3.2.1-1,3.2.1-2");
	record_all(visit_own, "手順書が古い");
	record_all(visit_other, "他社の指摘");
	onsite_survey2 = visit_new_survey("実地調査B");
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

static int get_status(const struct sess *s, const char *path)
{
	return status_of("GET", path, NULL, s->cookie, NULL);
}

static char *corp_of(int64_t org)
{
	static char c[16];
	char q[128];
	snprintf(q, sizeof q, "SELECT corporate_number FROM organisation WHERE id = %lld",
		 (long long)org);
	assert_int_equal(kj_test_sql_text(db_path, q, c, sizeof c), 0);
	return c;
}

static const char *visit_sql(int64_t visit, const char *col)
{
	static char s[256];
	char q[160];
	snprintf(q, sizeof q, "SELECT %s FROM onsite_visit WHERE id = %lld", col, (long long)visit);
	if (kj_test_sql_text(db_path, q, s, sizeof s) < 0)
		s[0] = '\0';
	return s;
}

static long recorded(int64_t visit)
{
	char q[160];
	snprintf(q, sizeof q, "SELECT COUNT(*) FROM onsite_item WHERE visit_id = %lld"
		 " AND verified_level IS NOT NULL", (long long)visit);
	return sql_long(q);
}

/* Plans the operator's visit of survey 2 through the page, as the NCO. */
static int64_t plan_page(const struct sess *nco)
{
	char path[64], f[256];
	snprintf(path, sizeof path, "/onsite/%lld/visits", (long long)onsite_survey2);
	/* Refused: no inspector; an HQ user as inspector; an unknown requirement. */
	snprintf(f, sizeof f, "org=%s&visit_on=2026-12-01&inspectors=&scope=&reason=x",
		 corp_of(org_own));
	struct res r = post_form(nco, path, f);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "調査員を 1 人以上指定してください"));
	res_free(&r);
	snprintf(f, sizeof f, "org=%s&visit_on=2026-12-01&inspectors=demo-hq&reason=x",
		 corp_of(org_own));
	assert_int_equal(post_status(nco, path, f), 400);
	snprintf(f, sizeof f, "org=%s&visit_on=2026-12-01&inspectors=demo-surveyor"
		 "&scope=9.9.9-9&reason=x", corp_of(org_own));
	assert_int_equal(post_status(nco, path, f), 400);
	snprintf(f, sizeof f, "org=%s&visit_on=2026-13-01&inspectors=demo-surveyor&reason=x",
		 corp_of(org_own));
	assert_int_equal(post_status(nco, path, f), 400);
	/* Not an approved pick: a reason is needed. */
	snprintf(f, sizeof f, "org=%s&visit_on=2026-12-01&inspectors=demo-surveyor"
		 "&scope=governance", corp_of(org_own));
	r = post_form(nco, path, f);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "承認された選定にない事業者には"));
	res_free(&r);
	char q[160];
	snprintf(q, sizeof q, "SELECT COUNT(*) FROM onsite_visit WHERE survey_id = %lld",
		 (long long)onsite_survey2);
	assert_int_equal(sql_long(q), 0);
	snprintf(f, sizeof f, "org=%s&visit_on=2026-12-01&inspectors=demo-surveyor"
		 "&scope=3.2.1-1%%2C3.2.1-2&reason=%%E9%%AB%%98%%E3%%83%%AA%%E3%%82%%B9%%E3%%82%%AF",
		 corp_of(org_own));
	assert_int_equal(post_status(nco, path, f), 303);
	snprintf(q, sizeof q, "SELECT id FROM onsite_visit WHERE survey_id = %lld",
		 (long long)onsite_survey2);
	return sql_long(q);
}

/* Plan, record (bad input, stale revision, CSRF), issue, the operator's reply. */
void test_visit_record_issue_reply(void **state)
{
	(void)state;
	struct sess nco, sur, opr, min;
	char path[96], f[512];
	visit_fixture();
	sess_direct("demo-nco", &nco);
	sess_direct("demo-surveyor", &sur);
	sess_direct("demo-operator", &opr);
	sess_direct("demo-ministry", &min);
	int64_t v = plan_page(&nco);
	snprintf(path, sizeof path, "/onsite/visits/%lld", (long long)v);
	assert_string_equal(visit_sql(v, "state"), "planned");
	/* The operator does not see it before issue; the ministry not assigned does
	 * (its sector), the surveyor assigned does and may record. */
	assert_int_equal(get_status(&opr, path), 404);
	assert_int_equal(get_status(&min, path), 200);
	char fn[128];
	snprintf(fn, sizeof fn, "%s/fn/governance", path);
	struct res r = do_req("GET", fn, NULL, sur.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "name=\"level-3.2.1-1\""));
	assert_non_null(strstr(r.body, "自己申告の水準"));
	res_free(&r);
	/* Recording: refused inputs change nothing. */
	char rec[160];
	snprintf(rec, sizeof rec, "%s/record", path);
	snprintf(f, sizeof f, "revision=1&level-3.2.1-1=7&level-3.2.1-2=3");
	assert_int_equal(post_status(&sur, rec, f), 400);
	snprintf(f, sizeof f, "revision=1&level-3.2.1-1=2&level-3.2.1-2=na&na-3.2.1-2=");
	r = post_form(&sur, rec, f);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "3.2.1-2"));
	res_free(&r);
	assert_int_equal(recorded(v), 0);
	/* Without the CSRF token. */
	r = do_req("POST", rec, "revision=1&level-3.2.1-1=2", sur.cookie, NULL);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, CSRF_REFUSED));
	res_free(&r);
	assert_int_equal(recorded(v), 0);
	/* The ministry, not an inspector of it, may not record. */
	assert_int_equal(post_status(&min, rec, "revision=1&level-3.2.1-1=2"), 403);
	/* Recorded in two steps; a stale revision refused. */
	snprintf(f, sizeof f, "revision=1&level-3.2.1-1=1&findings-3.2.1-1=%%E6%%89%%8B%%E9%%A0%%86"
		 "&evidence-3.2.1-1=rule");
	assert_int_equal(post_status(&sur, rec, f), 303);
	assert_int_equal(recorded(v), 1);
	assert_int_equal(post_status(&sur, rec, "revision=1&level-3.2.1-2=4"), 409);
	assert_int_equal(recorded(v), 1);
	/* Not yet issuable. */
	snprintf(rec, sizeof rec, "%s/issue", path);
	assert_int_equal(post_status(&nco, rec, "revision=2"), 409);
	snprintf(rec, sizeof rec, "%s/record", path);
	assert_int_equal(post_status(&sur, rec, "revision=2&level-3.2.1-2=na&na-3.2.1-2=no+such"),
			 303);
	assert_string_equal(visit_sql(v, "state"), "recorded");
	/* The surveyor is no owner: it may not issue; the NCO does. */
	snprintf(rec, sizeof rec, "%s/issue", path);
	assert_int_equal(post_status(&sur, rec, "revision=3"), 403);
	assert_int_equal(post_status(&nco, rec, "revision=2"), 409);
	assert_int_equal(post_status(&nco, rec, "revision=3"), 303);
	assert_string_equal(visit_sql(v, "state"), "issued");
	/* Issued: no more recording. */
	snprintf(rec, sizeof rec, "%s/record", path);
	assert_int_equal(post_status(&sur, rec, "revision=4&level-3.2.1-1=3"), 409);
	/* The operator now sees its finding, and answers it. */
	r = do_req("GET", path, NULL, opr.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "手順"));
	assert_null(strstr(r.body, "demo-surveyor"));	/* inspectors are not shown */
	res_free(&r);
	snprintf(rec, sizeof rec, "%s/reply", path);
	assert_int_equal(post_status(&opr, rec, "item=3.2.1-1&action=&due_on=2027-03-31"), 400);
	assert_int_equal(post_status(&opr, rec, "item=3.2.1-1&action=x&due_on=2027-02-30"), 400);
	/* 3.2.1-2 has no finding to answer. */
	assert_int_equal(post_status(&opr, rec, "item=3.2.1-2&action=x&due_on=2027-03-31"), 400);
	assert_int_equal(post_status(&nco, rec, "item=3.2.1-1&action=x&due_on=2027-03-31"), 403);
	assert_int_equal(post_status(&opr, rec, "item=3.2.1-1&action=%E6%94%B9%E8%A8%82%E3%81%99%E3%82%8B"
				     "&due_on=2027-03-31"), 303);
	char q[160];
	snprintf(q, sizeof q, "SELECT COUNT(*) FROM onsite_reply WHERE visit_id = %lld", (long long)v);
	assert_int_equal(sql_long(q), 1);
	/* The inspector and the NCO see the reply. */
	r = do_req("GET", path, NULL, sur.cookie, NULL);
	assert_non_null(strstr(r.body, "改訂する"));
	res_free(&r);
	r = do_req("GET", path, NULL, nco.cookie, NULL);
	assert_non_null(strstr(r.body, "改訂する"));
	res_free(&r);
	/* Every step is in the audit trail. */
	char obj[24];
	snprintf(obj, sizeof obj, "%lld", (long long)v);
	assert_int_equal(audit_count("onsite.visit.plan", obj), 1);
	assert_int_equal(audit_count("onsite.visit.record", obj), 2);
	assert_int_equal(audit_count("onsite.visit.issue", obj), 1);
	assert_int_equal(audit_count("onsite.visit.reply", obj), 1);
	assert_audit_ok();
}

/* The operator: only its own issued visits, never another's. */
void test_visit_operator_scope(void **state)
{
	(void)state;
	struct sess opr;
	char path[96];
	visit_fixture();
	sess_direct("demo-operator", &opr);
	snprintf(path, sizeof path, "/onsite/visits/%lld", (long long)visit_other);
	assert_int_equal(get_status(&opr, path), 404);
	snprintf(path, sizeof path, "/onsite/visits/%lld", (long long)visit_med);
	assert_int_equal(get_status(&opr, path), 404);
	snprintf(path, sizeof path, "/onsite/visits/%lld/reply", (long long)visit_other);
	assert_int_equal(post_status(&opr, path, "item=3.2.1-1&action=x&due_on=2027-03-31"), 404);
	struct res r = do_req("GET", "/onsite/mine", NULL, opr.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, corp_of(org_own)));
	assert_null(strstr(r.body, corp_of(org_other)));
	assert_null(strstr(r.body, corp_of(org_med)));
	res_free(&r);
	snprintf(path, sizeof path, "/api/v1/onsite/visits/%lld", (long long)visit_own);
	r = do_req("GET", path, NULL, opr.cookie, NULL);
	assert_int_equal(r.status, 200);
	json_t *j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "state")), "issued");
	assert_int_equal(json_array_size(json_object_get(j, "inspectors")), 0);
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0),
							      "verified_level")), "1");
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1),
							      "verified_level")), "na");
	json_decref(j);
	res_free(&r);
}

/* The offline form through the pages: download, bad uploads refused, a good one recorded. */
void test_visit_form_upload(void **state)
{
	(void)state;
	struct sess min, sur;
	char path[96], up[96];
	visit_fixture();
	sess_direct("demo-ministry", &min);
	sess_direct("demo-surveyor", &sur);
	snprintf(path, sizeof path, "/onsite/visits/%lld/form.xlsx", (long long)visit_med);
	assert_int_equal(get_status(&sur, path), 404);	/* not its visit */
	struct res r = do_req("GET", path, NULL, min.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_int_equal(memcmp(r.body, "PK\3\4", 4), 0);
	res_free(&r);
	/* The CSV form, as the use case writes it, filled and edited. */
	struct kj_visit_refusal why;
	struct kj_err err;
	struct kj_actor ca = { NULL, 0, "test:web" };
	char *data, name[128];
	size_t len;
	assert_int_equal(kj_app_visit_form_get(store(), &ca, visit_med, KJ_FORM_CSV, &data, &len,
					       name, sizeof name, &why, &err), 0);
	assert_int_equal(why.fault, KJ_VISIT_OK);
	snprintf(up, sizeof up, "/onsite/visits/%lld/upload", (long long)visit_med);
	/* Not a form at all, and a fixed cell edited. */
	g_upload = "\x89PNG\r\n\x1a\n\xff";
	g_upload_len = 9;
	r = post_form(&min, up, "");
	assert_int_equal(r.status, 400);
	res_free(&r);
	char *bad = strdup(data);
	char *t = strstr(bad, "\"3.2.1-2\",\"");
	assert_non_null(t);
	t = strchr(t + 11, '"') + 3;	/* the requirement's text */
	memcpy(t, "XYZ", 3);
	g_upload = bad;
	g_upload_len = strlen(bad);
	r = post_form(&min, up, "");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "C4"));
	res_free(&r);
	free(bad);
	assert_int_equal(recorded(visit_med), 0);
	/* Filled: each item's D cell. */
	char *good = malloc(len + 64);
	assert_non_null(good);
	const char *lines[2] = { "\"3.2.1-1\",", "\"3.2.1-2\"," };
	size_t o = 0;
	for (const char *p = data; *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p + 1) : strlen(p);
		int item = !strncmp(p, lines[0], strlen(lines[0])) ? 0
			 : !strncmp(p, lines[1], strlen(lines[1])) ? 1 : -1;
		if (item >= 0) {	/* ...,"" for D: the fourth field */
			const char *q = p;
			for (int k = 0; k < 3; k++)
				q = strstr(q, "\",\"") + 3;
			memcpy(good + o, p, (size_t)(q - p));
			o += (size_t)(q - p);
			good[o++] = item ? '4' : '2';
			memcpy(good + o, q, l - (size_t)(q - p));
			o += l - (size_t)(q - p);
		} else {
			memcpy(good + o, p, l);
			o += l;
		}
		p += l;
	}
	g_upload = good;
	g_upload_len = o;
	r = post_form(&min, up, "");
	if (r.status != 303)
		fail_msg("upload: %d %s", r.status, r.body);
	res_free(&r);
	assert_int_equal(recorded(visit_med), 2);
	assert_string_equal(visit_sql(visit_med, "state"), "recorded");
	/* The same form again: made on an old revision, refused. */
	g_upload = good;
	g_upload_len = o;
	r = post_form(&min, up, "");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "B1"));
	res_free(&r);
	char obj[24];
	snprintf(obj, sizeof obj, "%lld", (long long)visit_med);
	assert_int_equal(audit_count("onsite.form.import", obj), 1);
	free(good);
	free(data);
}
