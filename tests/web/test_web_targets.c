/*
 * The targets page (§2.1.1(2), issue 10): a year not yet identified, the
 * counts, the 新規 operators, saving marks (the page's and the sector's),
 * the copy of the previous year's targets asking before it changes this
 * year's, and every bad input answered on the page (400, the message beside
 * its field, nothing changed). The fixture's demo has FY2026's targets; these
 * tests work on the medical sector in years after it.
 */
#include "web_helpers.h"
#include "base/wareki.h"
#include "store/store_target.h"
#include "store/store_view.h"

static struct kj_target_counts counts(int fy, const char *sector)
{
	struct kj_target_scope ts = { fy, sector, NULL };
	struct kj_target_counts c;
	struct kj_err err;
	if (kj_store_target_counts(store(), &ts, &c, &err) < 0)
		fail_msg("counts: %s", err.msg);
	return c;
}

/* The first N operator ids of the medical sector, in page order. */
static int medical_ids(int64_t *ids, int n)
{
	struct kj_target_scope ts = { 2026, "medical", NULL };
	struct kj_target_row *rows = calloc((size_t)n, sizeof *rows);
	struct kj_err err;
	int got = 0;
	long matching;
	assert_non_null(rows);
	assert_int_equal(kj_store_target_page(store(), &ts, 0, 0, rows, n, &got, &matching, &err), 0);
	for (int i = 0; i < got; i++)
		ids[i] = rows[i].id;
	free(rows);
	return got;
}

/* A refused form: 400, the page itself (not the error page), the summary,
 * the message beside FIELD (aria-invalid, its id in aria-describedby) and
 * TYPED still in the form. */
static void assert_refused(const struct res *r, const char *what, const char *field,
			   const char *typed)
{
	char want[128];
	if (r->status != 400)
		fail_msg("%s: status %d, want 400", what, r->status);
	if (!strstr(r->body, "<h1>対象事業者の特定</h1>") || !strstr(r->body, "class=\"error-summary\""))
		fail_msg("%s: not the targets page with its error summary", what);
	snprintf(want, sizeof want, "<p class=\"error-text\" id=\"t-%s-err\">", field);
	if (!strstr(r->body, want))
		fail_msg("%s: no message beside %s", what, field);
	snprintf(want, sizeof want, "aria-describedby=\"t-%s-err", field);
	if (!strstr(r->body, want) || !strstr(r->body, "aria-invalid=\"true\""))
		fail_msg("%s: the field %s is not marked invalid", what, field);
	snprintf(want, sizeof want, "value=\"%s\"", typed ? typed : "");
	if (typed && !strstr(r->body, want))
		fail_msg("%s: '%s' was not kept", what, typed);
}

void test_targets_not_identified(void **state)
{
	(void)state;
	struct sess nco;
	sess_direct("demo-nco", &nco);
	/* FY2030 has no targets: 未特定 and the ways to start, not a list of 除外. */
	struct res r = do_req("GET", "/targets", "sector=medical&fy=2030", nco.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "未特定"));
	assert_non_null(strstr(r.body, "まだ特定されていません"));
	assert_null(strstr(r.body, "<span class=\"badge off\">除外</span>"));
	assert_null(strstr(r.body, "前年度からの変化"));
	assert_non_null(strstr(r.body, "分野の全事業者を対象にする"));
	res_free(&r);
	/* FY2041 after a year with targets: the copy is offered with its count. */
	char *f = form("csrf", nco.csrf, "sector", "medical", "fy", "2040", "mark", "sector-all",
		       NULL);
	assert_int_equal(status_of("POST", "/targets", f, nco.cookie, NULL), 303);
	free(f);
	struct kj_target_counts c = counts(2041, "medical");
	assert_int_equal(c.selected, 0);
	assert_true(c.previous > 0);
	r = do_req("GET", "/targets", "sector=medical&fy=2041", nco.cookie, NULL);
	assert_int_equal(r.status, 200);
	char want[128];
	snprintf(want, sizeof want, "前年度の対象をこの年度に写す（%ld）", c.previous);
	assert_non_null(strstr(r.body, want));
	res_free(&r);
	/* FY2026: selected / total, and the fiscal year in the Japanese era. */
	c = counts(2026, "medical");
	r = do_req("GET", "/targets", "sector=medical&fy=2026", nco.cookie, NULL);
	assert_int_equal(r.status, 200);
	snprintf(want, sizeof want, "<dd>%ld / %ld</dd>", c.selected, c.total);
	assert_non_null(strstr(r.body, want));
	assert_non_null(strstr(r.body, "令和8年度"));
	assert_null(strstr(r.body, "未特定"));
	res_free(&r);
}

void test_targets_bad_inputs(void **state)
{
	(void)state;
	struct sess nco;
	sess_direct("demo-nco", &nco);
	int64_t ids[3];
	assert_int_equal(medical_ids(ids, 3), 3);
	char id0[24], water[24];
	snprintf(id0, sizeof id0, "%lld", (long long)ids[0]);
	snprintf(water, sizeof water, "%lld", (long long)org_water);
	struct kj_target_counts before26 = counts(2026, "medical"),
				before30 = counts(2030, "medical");
	int audits = audit_count("target.set", NULL) + audit_count("target.copy", NULL);

	/* The year and sector of the filter form. */
	struct res r = do_req("GET", "/targets", "sector=medical&fy=1999", nco.cookie, NULL);
	assert_refused(&r, "GET fy=1999", "fy", "1999");
	assert_non_null(strstr(r.body, "2000から2100まで"));
	res_free(&r);
	r = do_req("GET", "/targets", "sector=medical&fy=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96",
		   nco.cookie, NULL);
	assert_refused(&r, "GET full-width year", "fy", "２０２６");
	res_free(&r);
	r = do_req("GET", "/targets", "sector=no-such&fy=2026", nco.cookie, NULL);
	assert_refused(&r, "GET unknown sector", "sector", NULL);
	res_free(&r);

	/* Saving: each bad value keeps the user on the page, changes nothing. */
	static const char *const bad[][6] = {
		/* fy, sector, shown, target, field, what */
		{ "1999", "medical", NULL, NULL, "fy", "target year 1999" },
		{ "2030", "no-such", NULL, NULL, "sector", "unknown sector" },
		{ "2030", "medical", "abc", NULL, "target", "tampered id" },
		{ "2030", "medical", "-5", NULL, "target", "negative id" },
		{ "2030", "medical", NULL, NULL, "target", "a mark not shown" },
		{ "2030", "medical", NULL, NULL, "target", "an operator of another sector" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *shown = bad[i][2] ? bad[i][2] : id0;
		const char *target = i == 4 ? "999999" : i == 5 ? water : shown;
		if (i == 5)
			shown = water;
		char *f = form("csrf", nco.csrf, "sector", bad[i][1], "fy", bad[i][0],
			       "shown", shown, "target", target, NULL);
		r = do_req("POST", "/targets", f, nco.cookie, NULL);
		free(f);
		assert_refused(&r, bad[i][5], bad[i][4], !strcmp(bad[i][4], "fy") ? bad[i][0] : NULL);
		res_free(&r);
	}
	/* An unknown action, and the copy with a bad year. */
	char *f = form("csrf", nco.csrf, "sector", "medical", "fy", "2030", "shown", id0,
		       "mark", "everything", NULL);
	r = do_req("POST", "/targets", f, nco.cookie, NULL);
	free(f);
	assert_refused(&r, "unknown action", "target", NULL);
	res_free(&r);
	f = form("csrf", nco.csrf, "sector", "medical", "fy", "1999", NULL);
	r = do_req("POST", "/targets/copy", f, nco.cookie, NULL);
	free(f);
	assert_refused(&r, "copy into 1999", "fy", "1999");
	res_free(&r);

	struct kj_target_counts after26 = counts(2026, "medical"), after30 = counts(2030, "medical");
	assert_int_equal(after26.selected, before26.selected);
	assert_int_equal(after30.selected, before30.selected);
	assert_int_equal(audit_count("target.set", NULL) + audit_count("target.copy", NULL), audits);
}

void test_targets_save_marks(void **state)
{
	(void)state;
	struct sess nco;
	sess_direct("demo-nco", &nco);
	int64_t ids[3];
	char s[3][24];
	assert_int_equal(medical_ids(ids, 3), 3);
	for (int i = 0; i < 3; i++)
		snprintf(s[i], sizeof s[i], "%lld", (long long)ids[i]);
	/* Two of three marked, in FY2031. */
	char *f = form("csrf", nco.csrf, "sector", "medical", "fy", "2031", "shown", s[0],
		       "shown", s[1], "shown", s[2], "target", s[0], "target", s[2], NULL);
	struct res r = do_req("POST", "/targets", f, nco.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 303);
	assert_true(loc_starts(&r, "/targets?done=1&sector=medical&fy=2031"));
	res_free(&r);
	assert_int_equal(counts(2031, "medical").selected, 2);
	assert_int_equal(audit_count("target.set", "2031/medical"), 1);
	r = do_req("GET", "/targets", "done=1&sector=medical&fy=2031", nco.cookie, NULL);
	assert_non_null(strstr(r.body, "変更を保存しました。"));
	char box[128];
	snprintf(box, sizeof box, "id=\"tg-%s\" value=\"%s\" checked", s[2], s[2]);
	assert_non_null(strstr(r.body, box));
	res_free(&r);
	/* The page's "all" and "none" buttons. */
	f = form("csrf", nco.csrf, "sector", "medical", "fy", "2031", "shown", s[0],
		 "shown", s[1], "shown", s[2], "mark", "page-all", NULL);
	assert_int_equal(status_of("POST", "/targets", f, nco.cookie, NULL), 303);
	free(f);
	assert_int_equal(counts(2031, "medical").selected, 3);
	f = form("csrf", nco.csrf, "sector", "medical", "fy", "2031", "shown", s[0],
		 "shown", s[1], "target", s[0], "mark", "page-none", NULL);
	assert_int_equal(status_of("POST", "/targets", f, nco.cookie, NULL), 303);
	free(f);
	assert_int_equal(counts(2031, "medical").selected, 1);
	/* The whole sector: all without asking; none asks first. */
	f = form("csrf", nco.csrf, "sector", "medical", "fy", "2031", "mark", "sector-all", NULL);
	assert_int_equal(status_of("POST", "/targets", f, nco.cookie, NULL), 303);
	free(f);
	struct kj_target_counts c = counts(2031, "medical");
	assert_int_equal(c.selected, c.total);
	f = form("csrf", nco.csrf, "sector", "medical", "fy", "2031", "mark", "sector-none", NULL);
	r = do_req("POST", "/targets", f, nco.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "分野の対象をすべて外しますか"));
	assert_non_null(strstr(r.body, "name=\"confirm\" value=\"1\""));
	assert_non_null(strstr(r.body, "name=\"mark\" value=\"sector-none\""));
	res_free(&r);
	assert_int_equal(counts(2031, "medical").selected, c.total);
	char *g = form("csrf", nco.csrf, "sector", "medical", "fy", "2031", "mark", "sector-none",
		       "confirm", "1", NULL);
	assert_int_equal(status_of("POST", "/targets", g, nco.cookie, NULL), 303);
	free(g);
	free(f);
	assert_int_equal(counts(2031, "medical").selected, 0);
	assert_audit_ok();
}

void test_targets_copy_confirm(void **state)
{
	(void)state;
	struct sess nco;
	sess_direct("demo-nco", &nco);
	char *f = form("csrf", nco.csrf, "sector", "medical", "fy", "2044", "mark", "sector-all",
		       NULL);
	assert_int_equal(status_of("POST", "/targets", f, nco.cookie, NULL), 303);
	free(f);
	long prev = counts(2044, "medical").selected;
	assert_true(prev > 1);
	/* An empty year: the copy needs no confirmation. */
	f = form("csrf", nco.csrf, "sector", "medical", "fy", "2045", NULL);
	assert_int_equal(status_of("POST", "/targets/copy", f, nco.cookie, NULL), 303);
	free(f);
	assert_int_equal(counts(2045, "medical").selected, prev);
	/* This year's choices changed: one operator unmarked. */
	int64_t ids[1];
	char s0[24];
	assert_int_equal(medical_ids(ids, 1), 1);
	snprintf(s0, sizeof s0, "%lld", (long long)ids[0]);
	f = form("csrf", nco.csrf, "sector", "medical", "fy", "2045", "shown", s0, NULL);
	assert_int_equal(status_of("POST", "/targets", f, nco.cookie, NULL), 303);
	free(f);
	assert_int_equal(counts(2045, "medical").selected, prev - 1);
	int copies = audit_count("target.copy", "2045/medical");
	/* The copy over them asks first, saying how many would change. */
	f = form("csrf", nco.csrf, "sector", "medical", "fy", "2045", "mode", "replace", NULL);
	struct res r = do_req("POST", "/targets/copy", f, nco.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "今年度の対象を前年度の対象で置き換えますか"));
	assert_non_null(strstr(r.body, "今年度の対象に加わる事業者: 1。"));
	assert_non_null(strstr(r.body, "今年度の対象から外れる事業者: 0。"));
	assert_non_null(strstr(r.body, "name=\"confirm\" value=\"1\""));
	assert_non_null(strstr(r.body, "name=\"mode\" value=\"replace\""));
	res_free(&r);
	assert_int_equal(counts(2045, "medical").selected, prev - 1);
	assert_int_equal(audit_count("target.copy", "2045/medical"), copies);
	/* Adding last year's keeps this year's and asks nothing. */
	f = form("csrf", nco.csrf, "sector", "medical", "fy", "2045", "mode", "add", NULL);
	assert_int_equal(status_of("POST", "/targets/copy", f, nco.cookie, NULL), 303);
	free(f);
	assert_int_equal(counts(2045, "medical").selected, prev);
	/* A replacing copy that would remove: FY2033 all marked, FY2032 one. */
	f = form("csrf", nco.csrf, "sector", "medical", "fy", "2032", "shown", s0, "target", s0,
		 NULL);
	assert_int_equal(status_of("POST", "/targets", f, nco.cookie, NULL), 303);
	free(f);
	char *all = form("csrf", nco.csrf, "sector", "medical", "fy", "2033", "mark", "sector-all",
			 NULL);
	assert_int_equal(status_of("POST", "/targets", all, nco.cookie, NULL), 303);
	free(all);
	long total = counts(2033, "medical").total;
	assert_true(total > 1);
	f = form("csrf", nco.csrf, "sector", "medical", "fy", "2033", "mode", "replace", NULL);
	r = do_req("POST", "/targets/copy", f, nco.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 200);
	char want[128];
	snprintf(want, sizeof want, "今年度の対象から外れる事業者: %ld。", total - 1);
	assert_non_null(strstr(r.body, want));
	res_free(&r);
	assert_int_equal(counts(2033, "medical").selected, total);
	f = form("csrf", nco.csrf, "sector", "medical", "fy", "2033", "mode", "replace",
		 "confirm", "1", NULL);
	r = do_req("POST", "/targets/copy", f, nco.cookie, NULL);
	free(f);
	assert_int_equal(r.status, 303);
	/* The notice says what happened: a copy, not a save. */
	assert_true(loc_starts(&r, "/targets?done=copy&sector=medical&fy=2033"));
	res_free(&r);
	r = do_req("GET", "/targets", "done=copy&sector=medical&fy=2033", nco.cookie, NULL);
	assert_non_null(strstr(r.body, "前年度の対象をこの年度に写しました。"));
	res_free(&r);
	assert_int_equal(counts(2033, "medical").selected, 1);
	assert_int_equal(audit_count("target.copy", "2033/medical"), 1);
	assert_int_equal(audit_count("target.copy", "2045/medical"), copies + 1);
	assert_audit_ok();
}

void test_targets_new_operators(void **state)
{
	(void)state;
	struct sess nco;
	sess_direct("demo-nco", &nco);
	int64_t ids[1];
	assert_int_equal(medical_ids(ids, 1), 1);
	/* Registered after FY2026's targets were identified (whenever that was): new in
	 * FY2027. */
	char sql[160];
	char was[40] = "";
	snprintf(sql, sizeof sql, "SELECT created_at FROM organisation WHERE id = %lld",
		 (long long)ids[0]);
	assert_int_equal(kj_test_sql_text(db_path, sql, was, sizeof was), 0);
	snprintf(sql, sizeof sql, "UPDATE organisation SET created_at = '2099-01-01T00:00:00Z'"
		 " WHERE id = %lld", (long long)ids[0]);
	assert_int_equal(kj_test_sql(db_path, sql), 0);
	assert_true(counts(2060, "medical").fresh == 0);	/* FY2059: no identification */
	assert_true(counts(2027, "medical").fresh >= 1);
	struct res r = do_req("GET", "/targets", "sector=medical&fy=2027&new=1", nco.cookie, NULL);
	assert_int_equal(r.status, 200);
	char box[64];
	snprintf(box, sizeof box, "id=\"tg-%lld\"", (long long)ids[0]);
	assert_non_null(strstr(r.body, box));
	assert_non_null(strstr(r.body, "<span class=\"badge warn\">新規</span>"));
	/* Only the new ones are listed. */
	const char *p = r.body;
	int rows = 0;
	while ((p = strstr(p, "name=\"shown\"")))
		rows++, p++;
	assert_int_equal(rows, (int)counts(2027, "medical").fresh);
	res_free(&r);
	snprintf(sql, sizeof sql, "UPDATE organisation SET created_at = '%s' WHERE id = %lld",
		 was, (long long)ids[0]);
	assert_int_equal(kj_test_sql(db_path, sql), 0);
}

/* The operators to chase: the home page's 未提出 leads to the targets of the
 * survey's year that have not submitted, and their number agrees with it. */
void test_targets_unsubmitted(void **state)
{
	(void)state;
	struct sess nco;
	struct kj_err err;
	sess_direct("demo-nco", &nco);
	const kj_sector_code medical[1] = { "medical" };
	struct kj_home_survey ss;
	assert_int_equal(kj_store_survey_status(store(), medical, 1, NULL, 0, 1, &ss, &err), 0);
	assert_true(ss.survey_id > 0);
	long pending = ss.targets - ss.submitted;
	assert_true(pending > 0);
	/* The home page's card links to the filter. */
	struct res r = do_req("GET", "/", NULL, nco.cookie, NULL);
	char href[64];
	snprintf(href, sizeof href, "href=\"/targets?fy=%d&amp;unsubmitted=1\"", ss.fiscal_year);
	assert_non_null(strstr(r.body, href));
	res_free(&r);
	/* The sector's figures and the filtered list agree with the survey's. */
	char q[96], want[128], num[32];
	snprintf(q, sizeof q, "sector=medical&fy=%d&unsubmitted=1", ss.fiscal_year);
	r = do_req("GET", "/targets", q, nco.cookie, NULL);
	assert_int_equal(r.status, 200);
	kj_count_text(pending, num, sizeof num);
	snprintf(want, sizeof want, "回答が未提出の対象事業者 %s", num);
	assert_non_null(strstr(r.body, want));
	assert_non_null(strstr(r.body, "name=\"unsubmitted\" value=\"1\" checked"));
	/* Every operator listed is a target (its box ticked). */
	const char *p = strstr(r.body, "<tbody>");
	assert_non_null(p);
	int rows = 0;
	for (const char *box = strstr(p, "name=\"target\""); box; box = strstr(box + 1, "name=\"target\"")) {
		const char *end = strchr(box, '>');
		assert_non_null(end);
		assert_true(end - box >= 8 && !strncmp(end - 8, " checked", 8));
		rows++;
	}
	assert_int_equal(rows, pending < KJ_TARGET_PAGE ? pending : KJ_TARGET_PAGE);
	res_free(&r);
	/* A year without a survey offers no such filter. */
	r = do_req("GET", "/targets", "sector=medical&fy=2040", nco.cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "name=\"unsubmitted\""));
	res_free(&r);
}
