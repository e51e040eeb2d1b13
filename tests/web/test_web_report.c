/*
 * The annual report on the web (page_report.c, api_report.c) on the demo
 * database: the matrix of its routes and the roles (report.read: NCO, HQ,
 * auditors; report.make: the NCO), the nav item for readers only, the
 * NCO's freeze (CSRF, audited, a bad year refused writing nothing), the
 * download of the report in html and xlsx streamed from the snapshot (its
 * chapters, its audit entry), bad files and snapshots 404, and the API's
 * list. On SQLite and, as web_report_pg, on PostgreSQL.
 */
#include "web_helpers.h"
#include "model/table.h"

static long snapshots(void)
{
	char n[32];
	assert_int_equal(kj_test_sql_text(db_path, "SELECT COUNT(*) FROM report_snapshot", n,
					  sizeof n), 0);
	return strtol(n, NULL, 10);
}

/* The roles' sessions, in enum kj_role order. */
static struct sess role_sess[KJ_NROLES];

static void sessions(void)
{
	for (int r = 0; r < KJ_NROLES; r++)
		sess_direct(demo_login((enum kj_role)r), &role_sess[r]);
}

static int reader(int role)
{
	return role == KJ_ROLE_NCO || role == KJ_ROLE_HQ || role == KJ_ROLE_AUDITOR;
}

static void test_report_freeze_and_download(void **state)
{
	(void)state;
	sessions();
	const struct sess *nco = &role_sess[KJ_ROLE_NCO], *hq = &role_sess[KJ_ROLE_HQ];
	/* Before anything is frozen: the page says so, with the NCO's form only. */
	struct res r = do_req("GET", "/reports", NULL, nco->cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "確定した報告書の数値はまだありません。"));
	assert_non_null(strstr(r.body, "action=\"/reports\""));
	assert_non_null(strstr(r.body, "<a href=\"/reports\" aria-current=\"page\">報告書</a>"));
	res_free(&r);
	r = do_req("GET", "/reports", NULL, hq->cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "action=\"/reports\""));
	res_free(&r);
	/* A bad year, HQ, no CSRF token: nothing frozen. */
	r = post(nco, "/reports", "fy", "20x6");
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "年度は 2000〜2100 の西暦で指定してください"));
	res_free(&r);
	r = post(hq, "/reports", "fy", "2026");
	assert_int_equal(r.status, 403);
	res_free(&r);
	r = do_req("POST", "/reports", "fy=2026", nco->cookie, NULL);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, CSRF_REFUSED));
	res_free(&r);
	r = post(nco, "/reports", "fy", "2031");
	assert_int_equal(r.status, 404);
	res_free(&r);
	assert_int_equal(snapshots(), 0);

	/* The NCO freezes 2026. */
	int frozen = audit_count("report.freeze", NULL);
	r = post(nco, "/reports", "fy", "2026");
	assert_int_equal(r.status, 303);
	assert_string_equal(hdr(&r, "Location"), "/reports?done=frozen");
	res_free(&r);
	assert_int_equal(snapshots(), 1);
	assert_int_equal(audit_count("report.freeze", NULL), frozen + 1);
	r = do_req("GET", "/reports", "done=frozen", hq->cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "報告書の数値を確定しました。"));
	assert_non_null(strstr(r.body, "href=\"/reports/1/annual.html\""));
	assert_non_null(strstr(r.body, "href=\"/reports/1/annual.xlsx\""));
	assert_non_null(strstr(r.body, "href=\"/reports/1/annual.pdf\""));
	assert_non_null(strstr(r.body, "href=\"/reports/1/annual.docx\""));
	res_free(&r);

	/* The report as HTML, streamed from the snapshot. */
	int exported = audit_count("report.export", NULL);
	r = do_req("GET", "/reports/1/annual.html", NULL, hq->cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.ctype, "text/html; charset=utf-8");
	assert_hdr(&r, "Content-Disposition", "attachment; filename=\"kijun-annual-report-1.html\"");
	assert_non_null(strstr(r.body, "<html lang=\"ja\">"));
	assert_non_null(strstr(r.body, "\">第1章 全国の概況</h2>"));
	assert_non_null(strstr(r.body, "\">付録B 方法論</h2>"));
	res_free(&r);
	r = do_req("GET", "/reports/1/annual.xlsx", NULL, role_sess[KJ_ROLE_AUDITOR].cookie, NULL);
	assert_int_equal(r.status, 200);
	assert_true(r.len > 4 && !memcmp(r.body, "PK\3\4", 4));
	struct kj_table t;
	struct kj_err err;
	assert_int_equal(kj_table_read_sheet(&t, r.body, r.len, "01-response", &err), 0);
	assert_string_equal(kj_table_cell(&t, 0, 0), "分野");
	kj_table_free(&t);
	res_free(&r);
	assert_int_equal(audit_count("report.export", NULL), exported + 2);

	/* Bad files and snapshots: 404, nothing made. */
	static const char *const bad[] = {
		"/reports/1/annual.odt", "/reports/1/other.html", "/reports/1/annual.",
		"/reports/999/annual.html", "/reports/x/annual.html", "/reports/0/annual.html",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(status_of("GET", bad[i], NULL, nco->cookie, NULL), 404);
	assert_int_equal(audit_count("report.export", NULL), exported + 2);

	/* The API lists the snapshot with its downloads. */
	r = do_req("GET", "/api/v1/reports", NULL, hq->cookie, NULL);
	assert_int_equal(r.status, 200);
	json_t *j = json_loads(r.body, 0, NULL);
	assert_non_null(j);
	json_t *first = json_array_get(json_object_get(j, "reports"), 0);
	assert_int_equal(json_integer_value(json_object_get(first, "id")), 1);
	assert_int_equal(json_integer_value(json_object_get(first, "fiscal_year")), 2026);
	assert_string_equal(json_string_value(json_object_get(json_object_get(first, "downloads"),
							      "xlsx")), "/reports/1/annual.xlsx");
	json_decref(j);
	res_free(&r);
}

/* Every route of the report by every role (and anonymous). */
static void test_report_matrix(void **state)
{
	(void)state;
	sessions();
	for (int role = 0; role < KJ_NROLES; role++) {
		const char *ck = role_sess[role].cookie;
		int rd = reader(role);
		assert_int_equal(status_of("GET", "/reports", NULL, ck, NULL), rd ? 200 : 403);
		assert_int_equal(status_of("GET", "/reports/1/annual.html", NULL, ck, NULL),
				 rd ? 200 : 403);
		assert_int_equal(status_of("GET", "/reports/1/annual.xlsx", NULL, ck, NULL),
				 rd ? 200 : 403);
		assert_int_equal(status_of("GET", "/api/v1/reports", NULL, ck, NULL), rd ? 200 : 403);
		long before = snapshots();
		struct res r = post(&role_sess[role], "/reports", "fy", "2026");
		assert_int_equal(r.status, role == KJ_ROLE_NCO ? 303 : 403);
		res_free(&r);
		assert_int_equal(snapshots(), before + (role == KJ_ROLE_NCO));
		/* the menu's item for readers only */
		r = do_req("GET", "/", NULL, ck, NULL);
		assert_int_equal(r.status, 200);
		assert_int_equal(strstr(r.body, "<a href=\"/reports\">報告書</a>") != NULL, rd);
		res_free(&r);
	}
	assert_int_equal(status_of("GET", "/reports", NULL, NULL, NULL), 303);
	assert_int_equal(status_of("GET", "/reports/1/annual.html", NULL, NULL, NULL), 303);
	assert_int_equal(status_of("GET", "/api/v1/reports", NULL, NULL, NULL), 401);
	assert_int_equal(status_of("POST", "/reports", "fy=2026", NULL, NULL), 401);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_report_freeze_and_download, setup),
		cmocka_unit_test_setup(test_report_matrix, setup),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
