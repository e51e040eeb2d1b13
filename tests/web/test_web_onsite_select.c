/*
 * On-site survey pages and API, the selection (issue 15), in-process on the
 * web fixture: the on-site surveys the authorisation matrix works on
 * (onsite_fixture), the list and a survey's page per role (a ministry sees
 * its sectors' and its own, not another ministry's; an operator none), the
 * questionnaire's pages not showing them, a survey created through the
 * form, its selection run with rules and a seed (the same picks again for
 * the same rules and seed), approved, an operator added and removed with a
 * reason (the history on the page, the audit trail), the CSV of the picks,
 * bad inputs and stale revisions refused with the reason and nothing
 * changed, a form without its CSRF token refused, and the JSON API. On
 * both engines (web_app and web_app_pg).
 */
#include "web_helpers.h"
#include "app/onsite_select.h"

int64_t onsite_nco, onsite_min, onsite_other, onsite_sur;

static int64_t make(const char *fy, const char *title, const char *owner, const char *sectors)
{
	const struct kj_actor cli = { NULL, 0, "test:web" };
	struct kj_survey_request r = { .fy = fy, .title_ja = title, .owner = owner,
				       .sectors = sectors };
	struct kj_survey_refusal why;
	struct kj_err err;
	int64_t id;
	if (kj_app_onsite_create(store(), &cli, &r, &id, &why, &err) < 0)
		fail_msg("onsite fixture: %s", err.msg);
	if (why.fault)
		fail_msg("onsite fixture: %s", why.msg);
	return id;
}

/*
 * The matrix's on-site surveys, made once by the command line's actor: the
 * NCO's of FY2026 over every sector with a draft selection (@ONSITE),
 * 厚生労働省's own of the medical sector (@ONSITEMIN), 経済産業省's of
 * electricity (@ONSITEOTHER) and the surveyor's (@ONSITESUR). No matrix
 * cell changes them: each POST of the matrix is one refused.
 */
void onsite_fixture(void)
{
	if (onsite_nco)
		return;
	const struct kj_actor cli = { NULL, 0, "test:web" };
	struct kj_onsite_rules rules;
	struct kj_survey_refusal why;
	struct kj_err err;
	char msg[128];
	int n;
	onsite_nco = make("2026", "マトリクス実地調査（NISC）", NULL, NULL);
	onsite_min = make("2026", "マトリクス実地調査（厚労省）", "ministry:mhlw", "medical");
	onsite_other = make("2026", "マトリクス実地調査（経産省）", "ministry:meti", "electricity");
	onsite_sur = make("2026", "マトリクス実地調査（調査実施者）", "surveyor", NULL);
	if (kj_onsite_rules_parse_lines("lowest:3\nrandom:2", &rules, msg, sizeof msg))
		fail_msg("rules: %s", msg);
	if (kj_app_onsite_select(store(), &cli, onsite_nco, &rules, 1, -1, &n, &why, &err) < 0 ||
	    why.fault)
		fail_msg("onsite fixture: %s %s", err.msg, why.msg);
}

static long sql_long(const char *sql)
{
	char t[64];
	if (kj_test_sql_text(db_path, sql, t, sizeof t) < 0)
		fail_msg("no row: %s", sql);
	return strtol(t, NULL, 10);
}

static struct res get(const struct sess *s, const char *path)
{
	return do_req("GET", path, NULL, s->cookie, NULL);
}

static void page_has(const struct sess *s, const char *path, int status, const char *has,
		     const char *lacks)
{
	struct res r = get(s, path);
	if (r.status != status)
		fail_msg("%s: %d, want %d", path, r.status, status);
	if (has && !strstr(r.body, has))
		fail_msg("%s lacks '%s'", path, has);
	if (lacks && strstr(r.body, lacks))
		fail_msg("%s shows '%s'", path, lacks);
	res_free(&r);
}

void test_onsite_pages_per_role(void **state)
{
	(void)state;
	struct sess nco, min, opr, sur, aud;
	char path[64];
	onsite_fixture();
	sess_direct("demo-nco", &nco);
	sess_direct("demo-ministry", &min);
	sess_direct("demo-operator", &opr);
	sess_direct("demo-surveyor", &sur);
	sess_direct("demo-auditor", &aud);
	page_has(&nco, "/onsite", 200, "マトリクス実地調査（経産省）", NULL);
	page_has(&nco, "/onsite", 200, "action=\"/onsite\"", NULL);
	page_has(&nco, "/", 200, "href=\"/onsite\"", NULL);
	page_has(&min, "/onsite", 200, "マトリクス実地調査（厚労省）", "マトリクス実地調査（経産省）");
	page_has(&min, "/onsite", 200, "マトリクス実地調査（NISC）", NULL);
	page_has(&opr, "/onsite", 200, "表示できる実地調査はありません。", "マトリクス実地調査");
	page_has(&sur, "/onsite", 200, "マトリクス実地調査（調査実施者）", "マトリクス実地調査（NISC）");
	page_has(&aud, "/onsite", 200, "マトリクス実地調査（経産省）", "action=\"/onsite\"");
	/* The survey's page: its picks with rule and detail, the visits' link, the forms
	 * for its owner only. */
	snprintf(path, sizeof path, "/onsite/%lld", (long long)onsite_nco);
	page_has(&nco, path, 200, "自己評価の低い順", NULL);
	page_has(&nco, path, 200, "mean level ", NULL);
	page_has(&nco, path, 200, "random, seed 1", NULL);
	page_has(&nco, path, 200, "/visits\"", NULL);
	page_has(&nco, path, 200, "/approve\"", NULL);
	page_has(&min, path, 200, "自己評価の低い順", "/approve\"");
	page_has(&aud, path, 200, "random, seed 1", "/select\"");
	/* Not a questionnaire: the survey pages do not open it, nor list it. */
	snprintf(path, sizeof path, "/surveys/%lld", (long long)onsite_nco);
	page_has(&nco, path, 404, NULL, NULL);
	page_has(&nco, "/surveys", 200, NULL, "マトリクス実地調査");
	snprintf(path, sizeof path, "/api/v1/surveys/%lld", (long long)onsite_nco);
	struct res r = get(&nco, path);
	assert_int_equal(r.status, 404);
	res_free(&r);
	/* English (the language cookie): the labels through po/en.po, the data as it is. */
	char cookie[256];
	snprintf(cookie, sizeof cookie, "%s; kijun_lang=en", nco.cookie);
	struct res e = do_req("GET", "/onsite", NULL, cookie, NULL);
	assert_int_equal(e.status, 200);
	assert_non_null(strstr(e.body, ">On-site surveys (newest year first)<"));
	assert_non_null(strstr(e.body, "マトリクス実地調査（NISC）"));
	res_free(&e);
}

void test_onsite_csv_and_api(void **state)
{
	(void)state;
	struct sess nco, min;
	char path[80];
	onsite_fixture();
	sess_direct("demo-nco", &nco);
	sess_direct("demo-ministry", &min);
	snprintf(path, sizeof path, "/onsite/%lld/picks.csv", (long long)onsite_nco);
	struct res r = get(&nco, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.ctype, "text/csv"));
	assert_non_null(strstr(r.body, "\"ord\",\"corporate_number\",\"organisation\","
				"\"sector\",\"prefecture\",\"kikan\",\"rule\",\"detail\","
				"\"removed\""));
	assert_non_null(strstr(r.body, ",\"lowest\",\"mean level "));
	res_free(&r);
	r = get(&nco, "/api/v1/onsite");
	assert_int_equal(r.status, 200);
	json_t *j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	assert_true(json_array_size(json_object_get(j, "surveys")) >= 4);
	json_decref(j);
	res_free(&r);
	r = get(&min, "/api/v1/onsite");
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "マトリクス実地調査（経産省）"));
	res_free(&r);
	snprintf(path, sizeof path, "/api/v1/onsite/%lld", (long long)onsite_nco);
	r = get(&nco, path);
	assert_int_equal(r.status, 200);
	j = json_loads(r.body, 0, NULL);
	json_t *sel = json_object_get(j, "selection");
	assert_string_equal(json_string_value(json_object_get(sel, "state")), "draft");
	assert_int_equal(json_integer_value(json_object_get(sel, "seed")), 1);
	json_t *picks = json_object_get(sel, "picks");
	assert_int_equal(json_array_size(picks), 5);
	assert_string_equal(json_string_value(json_object_get(json_array_get(picks, 0), "rule")),
			    "lowest");
	assert_string_equal(json_string_value(json_object_get(json_array_get(picks, 4), "detail")),
			    "random, seed 1");
	json_decref(j);
	res_free(&r);
	snprintf(path, sizeof path, "/api/v1/onsite/%lld", (long long)onsite_other);
	assert_int_equal(status_of("GET", path, NULL, min.cookie, NULL), 404);
}

/* The picks of SURVEY's selection as "org:rule:removed;..." in their order. */
static void picks_of(int64_t survey, char *out, size_t n)
{
	struct kj_onsite_view v;
	struct kj_err err;
	int found;
	assert_int_equal(kj_app_onsite_get(store(), NULL, survey, &v, &found, &err), 0);
	assert_true(found);
	char q[256];
	snprintf(q, sizeof q, "SELECT COUNT(*) FROM onsite_pick WHERE selection_id = %lld",
		 (long long)v.sel.id);
	long count = v.sel.id ? sql_long(q) : 0;
	snprintf(out, n, "%ld:%d:%s", count, v.sel.revision, v.sel.rules);
}

static struct res post_form(const struct sess *s, const char *path, char *f)
{
	struct res r = do_req("POST", path, f, s->cookie, NULL);
	free(f);
	return r;
}

static void refused(struct res r, int status, const char *why)
{
	if (r.status != status)
		fail_msg("%d, want %d (%s)", r.status, status, why);
	if (!strstr(r.body, why))
		fail_msg("the page does not say '%s'", why);
	res_free(&r);
}

void test_onsite_workflow(void **state)
{
	(void)state;
	struct sess min;
	char path[96], before[8192], after[8192], id[24];
	onsite_fixture();
	answer_fixture();	/* ans_corp_other: an operator outside the medical sector */
	sess_direct("demo-ministry", &min);
	long surveys = sql_long("SELECT COUNT(*) FROM survey");
	/* Creating: bad inputs change nothing; a good one redirects to its page. */
	refused(post_form(&min, "/onsite", form("csrf", min.csrf, "fy", "20x6", "title", "x",
						"owner", "ministry:mhlw", NULL)), 400, "fiscal year");
	refused(post_form(&min, "/onsite", form("csrf", min.csrf, "fy", "2026", "title", "",
						"owner", "ministry:mhlw", NULL)), 400, "title");
	refused(post_form(&min, "/onsite", form("csrf", min.csrf, "fy", "2026", "title", "x",
						"owner", "ministry:meti", NULL)), 403,
		"outside your reach");
	refused(post_form(&min, "/onsite", form("csrf", min.csrf, "fy", "2026", "title", "x",
						"owner", "ministry:mhlw", "sector", "electricity",
						NULL)), 400, "does not hold");
	struct res r = post_form(&min, "/onsite", form("fy", "2026", "title", "x", "owner",
						       "ministry:mhlw", NULL));
	assert_non_null(strstr(r.body, CSRF_REFUSED));
	res_free(&r);
	assert_int_equal(sql_long("SELECT COUNT(*) FROM survey"), surveys);
	r = post_form(&min, "/onsite", form("csrf", min.csrf, "fy", "2026", "title",
					    "令和8年度 医療分野 実地調査", "owner", "ministry:mhlw",
					    "sector", "medical", NULL));
	assert_int_equal(r.status, 303);
	assert_true(loc_starts(&r, "/onsite/"));
	assert_int_equal(between(hdr(&r, "Location"), "/onsite/", "?", id, sizeof id), 0);
	res_free(&r);
	int64_t sv = strtoll(id, NULL, 10);
	assert_int_equal(sql_long("SELECT COUNT(*) FROM survey WHERE kind = 'onsite'"
				  " AND title_ja = '令和8年度 医療分野 実地調査'"), 1);
	/* Selecting: bad rules or seed change nothing. */
	snprintf(path, sizeof path, "/onsite/%lld/select", (long long)sv);
	picks_of(sv, before, sizeof before);
	refused(post_form(&min, path, form("csrf", min.csrf, "revision", "0", "rules", "best:3",
					   "seed", "1", NULL)), 400, "a rule is one of");
	refused(post_form(&min, path, form("csrf", min.csrf, "revision", "0", "rules", "lowest:3",
					   "seed", "-1", NULL)), 400, "seed");
	refused(post_form(&min, path, form("csrf", min.csrf, "revision", "0", "rules",
					   "lowest:3:nosuch", "seed", "1", NULL)), 400,
		"no function");
	refused(post_form(&min, path, form("csrf", min.csrf, "revision", "7", "rules", "lowest:3",
					   "seed", "1", NULL)), 409, "changed meanwhile");
	picks_of(sv, after, sizeof after);
	assert_string_equal(before, after);
	/* Twice with the same rules and seed: the same picks in the same order. */
	char first[4096], second[4096];
	r = post_form(&min, path, form("csrf", min.csrf, "revision", "0", "rules",
				       "lowest:2\nrandom:2", "seed", "42", NULL));
	assert_int_equal(r.status, 303);
	res_free(&r);
	snprintf(path, sizeof path, "/onsite/%lld/picks.csv", (long long)sv);
	r = get(&min, path);
	kj_strlcpy(first, r.body, sizeof first);
	res_free(&r);
	snprintf(path, sizeof path, "/onsite/%lld/select", (long long)sv);
	r = post_form(&min, path, form("csrf", min.csrf, "revision", "1", "rules",
				       "lowest:2\nrandom:2", "seed", "42", NULL));
	assert_int_equal(r.status, 303);
	res_free(&r);
	snprintf(path, sizeof path, "/onsite/%lld/picks.csv", (long long)sv);
	r = get(&min, path);
	kj_strlcpy(second, r.body, sizeof second);
	res_free(&r);
	assert_string_equal(first, second);
	assert_non_null(strstr(first, "random, seed 42"));
	assert_int_equal(audit_count("onsite.select", id), 2);
	/* Approving: a stale revision is refused, the right one approves. */
	snprintf(path, sizeof path, "/onsite/%lld/approve", (long long)sv);
	refused(post_form(&min, path, form("csrf", min.csrf, "revision", "1", NULL)), 409,
		"changed meanwhile");
	r = post_form(&min, path, form("csrf", min.csrf, "revision", "2", NULL));
	assert_int_equal(r.status, 303);
	res_free(&r);
	assert_int_equal(audit_count("onsite.approve", id), 1);
	snprintf(path, sizeof path, "/onsite/%lld/select", (long long)sv);
	refused(post_form(&min, path, form("csrf", min.csrf, "revision", "3", "rules", "lowest:1",
					   "seed", "1", NULL)), 409, "is approved");
	/* After approval: a change needs a reason and an operator of the scope. */
	char corp[16], q[256];
	snprintf(q, sizeof q, "SELECT o.corporate_number FROM onsite_pick p JOIN onsite_selection l"
		 " ON l.id = p.selection_id JOIN organisation o ON o.id = p.organisation_id"
		 " WHERE l.survey_id = %lld ORDER BY p.ord LIMIT 1", (long long)sv);
	assert_int_equal(kj_test_sql_text(db_path, q, corp, sizeof corp), 0);
	snprintf(path, sizeof path, "/onsite/%lld/picks/remove", (long long)sv);
	refused(post_form(&min, path, form("csrf", min.csrf, "revision", "3", "org", corp,
					   "reason", "", NULL)), 400, "needs a reason");
	refused(post_form(&min, path, form("csrf", min.csrf, "revision", "3", "org", "123",
					   "reason", "x", NULL)), 400, "corporate number");
	r = post_form(&min, path, form("csrf", min.csrf, "revision", "3", "org", corp, "reason",
				       "事業所の閉鎖が決まったため", NULL));
	assert_int_equal(r.status, 303);
	res_free(&r);
	refused(post_form(&min, path, form("csrf", min.csrf, "revision", "4", "org", corp,
					   "reason", "x", NULL)), 409, "is not picked");
	snprintf(path, sizeof path, "/onsite/%lld/picks/add", (long long)sv);
	refused(post_form(&min, path, form("csrf", min.csrf, "revision", "4", "org",
					   ans_corp_other, "reason", "x", NULL)), 409,
		"is not a target");
	r = post_form(&min, path, form("csrf", min.csrf, "revision", "4", "org", corp, "reason",
				       XSS, NULL));
	assert_int_equal(r.status, 303);
	res_free(&r);
	assert_int_equal(audit_count("onsite.pick.remove", id), 1);
	assert_int_equal(audit_count("onsite.pick.add", id), 1);
	snprintf(path, sizeof path, "/onsite/%lld", (long long)sv);
	r = get(&min, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "事業所の閉鎖が決まったため"));
	assert_non_null(strstr(r.body, "手動で追加"));
	assert_null(strstr(r.body, MARK));
	assert_null(strstr(r.body, "/approve\""));
	res_free(&r);
	snprintf(q, sizeof q, "SELECT COUNT(*) FROM onsite_pick_change c JOIN onsite_selection l"
		 " ON l.id = c.selection_id WHERE l.survey_id = %lld", (long long)sv);
	assert_int_equal(sql_long(q), 2);
	assert_audit_ok();
}
