/*
 * Surveys of kind other on the web (issue 15), in-process on the web
 * fixture: the surveys the authorisation matrix works on (other_fixture);
 * the NCO creating one on /other-surveys, choosing ministries, adding a
 * question and opening it; a ministry answering (a bad value refused with
 * the reason and nothing changed, a save, a submission with its receipt),
 * another ministry kept out, the owner's counts, its return and export;
 * an operator chosen for a survey of operators finding it in its list and
 * answering its own questions on the questionnaire's pages, which the
 * questionnaire's list does not show. On both engines (web_survey_other and
 * its _pg twin; the fixture also in web_app for the matrix).
 */
#include "web_helpers.h"
#include "app/survey_other.h"

int64_t other_min, other_ops;

static const struct kj_actor cli = { NULL, 0, "test:web" };

static int64_t make(const char *title, const char *respondents, const char *sectors)
{
	struct kj_survey_request r = {
		.fy = "2026", .title_ja = title, .sectors = sectors, .opens = "2026-09-01",
		.closes = "2027-06-30", .kind = "other", .respondents = respondents,
	};
	struct kj_survey_refusal why;
	struct kj_err err;
	int64_t id;
	if (kj_app_survey_create(store(), &cli, &r, &id, &why, &err) < 0 || why.fault)
		fail_msg("other fixture: %s %s", err.msg, why.msg);
	return id;
}

static void pick(int64_t id, const char *org, const char *sector, const char *ministry)
{
	struct kj_other_pick p = { 0, org, sector, ministry };
	struct kj_survey_refusal why;
	struct kj_err err;
	long n;
	if (kj_app_other_pick(store(), &cli, id, &p, &n, &why, &err) < 0 || why.fault)
		fail_msg("other fixture: %s %s", err.msg, why.msg);
}

static void question(int64_t id, const char *kind, const char *text, const char *choices)
{
	struct kj_question_request q = { kind, text, "", NULL, choices, 0 };
	struct kj_survey_refusal why;
	struct kj_err err;
	int ord;
	if (kj_app_survey_question_add(store(), &cli, id, &q, &ord, &why, &err) < 0 || why.fault)
		fail_msg("other fixture: %s %s", err.msg, why.msg);
}

static void open_it(int64_t id)
{
	struct kj_survey_refusal why;
	struct kj_err err;
	long n;
	if (kj_app_survey_open(store(), &cli, id, &n, &why, &err) < 0 || why.fault)
		fail_msg("other fixture: %s %s", err.msg, why.msg);
}

/*
 * The matrix's surveys of kind other, made once: the NCO's open survey of
 * every ministry (@SOMIN, one choice question) and its draft survey of the
 * medical sector's operators (@SOOPS). No matrix cell changes them.
 */
void other_fixture(void)
{
	if (other_min)
		return;
	other_min = make("マトリクス その他調査（省庁）", "ministry", NULL);
	pick(other_min, NULL, NULL, "all");
	question(other_min, "choice", "個人情報保護法との重複", "重複あり\n重複なし");
	open_it(other_min);
	other_ops = make("マトリクス その他調査（事業者）", "operator", "medical");
	pick(other_ops, NULL, "medical", NULL);
	question(other_ops, "yesno", "制御システムを保有していますか", NULL);
}

static struct res get(const struct sess *s, const char *path)
{
	return do_req("GET", path, NULL, s->cookie, NULL);
}

static struct res post_form(const struct sess *s, const char *path, char *f)
{
	struct res r = do_req("POST", path, f, s->cookie, NULL);
	free(f);
	return r;
}

static long sql_long(const char *sql)
{
	char t[64];
	if (kj_test_sql_text(db_path, sql, t, sizeof t) < 0)
		fail_msg("no row: %s", sql);
	return strtol(t, NULL, 10);
}

/* The revision the page's form carries. */
static void revision_of(const char *body, char *out, size_t n)
{
	if (between(body, "name=\"revision\" value=\"", "\"", out, n) < 0) {
		FILE *f = fopen("page.html", "w");
		if (f) {
			fputs(body, f);
			fclose(f);
		}
		fail_msg("no revision on the page (page.html)");
	}
}

void test_other_ministry_journey(void **state)
{
	(void)state;
	struct sess nco, min, env;
	sess_direct(demo_login(KJ_ROLE_NCO), &nco);
	sess_direct(demo_login(KJ_ROLE_MINISTRY), &min);
	sess_direct("demo-ministry-env", &env);
	long before = sql_long("SELECT COUNT(*) FROM survey WHERE kind = 'other'");
	/* A bad request: the list again with the reason, nothing created. */
	struct res r = post_form(&nco, "/other-surveys", form("csrf", nco.csrf, "fy", "20x7",
		"title_ja", "他制度との関係", "respondents", "ministry", NULL));
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "作成できませんでした"));
	res_free(&r);
	assert_int_equal(sql_long("SELECT COUNT(*) FROM survey WHERE kind = 'other'"), before);
	r = post_form(&nco, "/other-surveys", form("csrf", nco.csrf, "fy", "2026",
		"title_ja", "他制度（個人情報保護・経済安全保障推進法）との関係に関する調査",
		"respondents", "ministry", "closes", "2027-06-30", NULL));
	assert_int_equal(r.status, 303);
	int64_t id = sql_long("SELECT MAX(id) FROM survey WHERE kind = 'other'");
	res_free(&r);
	char path[256], base[96];
	snprintf(base, sizeof base, "/surveys/%lld/other", (long long)id);
	snprintf(path, sizeof path, "%s/respondents", base);
	r = post_form(&nco, path, form("csrf", nco.csrf, "op", "add", "ministry", "all", NULL));
	assert_int_equal(r.status, 303);
	res_free(&r);
	r = post_form(&nco, path, form("csrf", nco.csrf, "op", "remove", "ministry", "env", NULL));
	assert_int_equal(r.status, 303);
	res_free(&r);
	snprintf(path, sizeof path, "%s/questions", base);
	r = post_form(&nco, path, form("csrf", nco.csrf, "kind", "choice", "text_ja",
		"個人情報保護法との重複", "choices", "重複あり\r\n重複なし", NULL));
	assert_int_equal(r.status, 303);
	res_free(&r);
	snprintf(path, sizeof path, "%s/open", base);
	r = post_form(&nco, path, form("csrf", nco.csrf, NULL));
	assert_int_equal(r.status, 303);
	res_free(&r);
	r = get(&nco, base);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "厚生労働省"));
	assert_null(strstr(r.body, "環境省"));
	res_free(&r);
	/* The ministry answers: a bad value refused, then saved and submitted. */
	char mpath[96], rev[16];
	snprintf(mpath, sizeof mpath, "/surveys/%lld/ministries/mhlw", (long long)id);
	r = get(&min, mpath);
	assert_int_equal(r.status, 200);
	revision_of(r.body, rev, sizeof rev);
	res_free(&r);
	r = post_form(&min, mpath, form("csrf", min.csrf, "revision", rev, "q1", "不明", NULL));
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "データは変更されていません"));
	res_free(&r);
	assert_int_equal(sql_long("SELECT COUNT(*) FROM ministry_answer"), 0);
	r = post_form(&min, mpath, form("csrf", min.csrf, "revision", rev, "q1", "重複あり", NULL));
	assert_int_equal(r.status, 303);
	res_free(&r);
	r = get(&min, mpath);
	revision_of(r.body, rev, sizeof rev);
	res_free(&r);
	snprintf(path, sizeof path, "%s/submit", mpath);
	r = post_form(&min, path, form("csrf", min.csrf, "revision", rev, NULL));
	assert_int_equal(r.status, 303);
	res_free(&r);
	r = get(&min, mpath);
	assert_non_null(strstr(r.body, "受付番号"));
	assert_non_null(strstr(r.body, "-mhlw-01"));
	/* The receipt's time in words (a <time>, not ISO text), its digest as on
	 * an operator's receipt. */
	assert_non_null(strstr(r.body, "<dt>受付日時</dt><dd><time datetime=\""));
	assert_non_null(strstr(r.body, "<code class=\"digest\">"));
	res_free(&r);
	/* Another ministry is kept out; the owner sees it submitted and returns it. */
	r = get(&env, mpath);
	assert_int_equal(r.status, 403);
	res_free(&r);
	r = get(&nco, base);
	assert_non_null(strstr(r.body, "提出済み"));
	res_free(&r);
	snprintf(path, sizeof path, "%s/return", mpath);
	r = post_form(&nco, path, form("csrf", nco.csrf, "message", "", NULL));
	assert_int_equal(r.status, 400);
	res_free(&r);
	r = post_form(&nco, path, form("csrf", nco.csrf, "message", "理由を補足してください", NULL));
	assert_int_equal(r.status, 303);
	res_free(&r);
	r = get(&min, mpath);
	assert_non_null(strstr(r.body, "差し戻されました"));
	res_free(&r);
	snprintf(path, sizeof path, "%s/export.csv", base);
	r = get(&nco, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "重複あり"));
	res_free(&r);
	r = get(&min, path);
	assert_int_equal(r.status, 403);
	res_free(&r);
	snprintf(path, sizeof path, "/api/v1/other-surveys/%lld", (long long)id);
	r = do_req("GET", path, NULL, nco.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"returned\":1"));
	res_free(&r);
	assert_int_equal(audit_count("ministry_response.return", NULL) >= 1, 1);
	assert_audit_ok();
}

void test_other_operator_list(void **state)
{
	(void)state;
	struct sess nco, op;
	sess_direct(demo_login(KJ_ROLE_NCO), &nco);
	sess_direct(demo_login(KJ_ROLE_OPERATOR), &op);
	char corp[16], sector[32], sql[256];
	snprintf(sql, sizeof sql, "SELECT o.corporate_number FROM organisation o JOIN app_user u"
		 " ON u.organisation_id = o.id WHERE u.login = '%s'", demo_login(KJ_ROLE_OPERATOR));
	if (kj_test_sql_text(db_path, sql, corp, sizeof corp) < 0)
		fail_msg("no operator");
	snprintf(sql, sizeof sql, "SELECT s.sector_code FROM organisation_sector s JOIN"
		 " organisation o ON o.id = s.organisation_id WHERE o.corporate_number = '%s'"
		 " ORDER BY 1 LIMIT 1", corp);
	if (kj_test_sql_text(db_path, sql, sector, sizeof sector) < 0)
		fail_msg("no sector");
	int64_t id = make("制御系システムのセキュリティ実態調査", "operator", sector);
	pick(id, corp, NULL, NULL);
	question(id, "yesno", "制御システムを保有していますか", NULL);
	open_it(id);
	struct res r = get(&op, "/surveys");
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "制御系システムのセキュリティ実態調査"));
	res_free(&r);
	char path[96];
	snprintf(path, sizeof path, "/surveys/%lld/answer", (long long)id);
	r = get(&op, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "/answer/f/q"));
	res_free(&r);
	snprintf(path, sizeof path, "/surveys/%lld/answer/f/q", (long long)id);
	r = get(&op, path);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "制御システムを保有していますか"));
	assert_null(strstr(r.body, "3.2.1-1"));
	res_free(&r);
	/* The questionnaire's list and page do not show it. */
	r = get(&nco, "/surveys");
	assert_null(strstr(r.body, "制御系システムのセキュリティ実態調査"));
	res_free(&r);
	snprintf(path, sizeof path, "/surveys/%lld", (long long)id);
	r = get(&nco, path);
	assert_int_equal(r.status, 404);
	res_free(&r);
}

#ifdef KJ_WEB_SURVEY_OTHER_MAIN
/* web_survey_other: these two alone, on a scratch demo database of their own
 * (in web_app the fixture above serves the authorisation matrix). */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_other_ministry_journey, setup),
		cmocka_unit_test_setup(test_other_operator_list, setup),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
#endif
