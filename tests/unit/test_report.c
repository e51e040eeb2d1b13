/*
 * The annual report (app/report*.c, store/store_report.c, export/doc_html.c
 * and doc_xlsx.c). From a hand-made snapshot: every chapter there, its
 * figures the snapshot's (a hidden one named by its rule), the HTML with
 * every chapter heading, contents links, <thead> and SVG, the xlsx read
 * back sheet by sheet with numbers as numbers. On a demo database: who may
 * freeze, the snapshot's digest and audit entry, refusals writing nothing,
 * a report built from a snapshot unchanged by later evaluations, the xlsx's
 * figures equal to the analysis as a reader of aggregates sees it. On
 * SQLite and, as unit_report_pg, on PostgreSQL.
 */
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "app/demo.h"
#include "app/report.h"
#include "model/table.h"
#include "store/store_users.h"

/* A hand-made snapshot: two functions, two sectors (one figure hidden),
 * a plan of each scope, an evaluation and an HQ recommendation. */
#define SNAPSHOT KJ_SOURCE_DIR "/tests/unit/fixtures/report_snapshot.json"

static const char *const chapters[] = {
	"第1章 全国の概況", "第2章 電力分野", "第3章 ガス分野", "第4章 分野横断的な取組",
	"付録A 統一基準 第3部の要求事項", "付録B 方法論",
};

static const struct kj_doc_table *table_of(const struct kj_doc *d, const char *sheet)
{
	for (int i = 0; i < d->nblocks; i++)
		if (d->blocks[i].kind == KJ_DOC_TABLE && !strcmp(d->blocks[i].table->sheet, sheet))
			return d->blocks[i].table;
	fail_msg("no table %s", sheet);
	return NULL;
}

static const char *cell(const struct kj_doc_table *t, int r, int c)
{
	return t->cells[(size_t)r * (size_t)t->ncols + (size_t)c];
}

static int has_para(const struct kj_doc *d, const char *text)
{
	for (int i = 0; i < d->nblocks; i++)
		if (d->blocks[i].kind == KJ_DOC_PARA && strstr(d->blocks[i].text, text))
			return 1;
	return 0;
}

static struct kj_doc *hand_made(struct kj_report_meta *m)
{
	json_error_t je;
	json_t *snap = json_load_file(SNAPSHOT, 0, &je);
	if (!snap)
		fail_msg("snapshot: %s (col %d)", je.text, je.column);
	memset(m, 0, sizeof *m);
	m->id = 7;
	m->fy = 2026;
	strcpy(m->created_at, "2026-12-04T03:00:00Z");
	strcpy(m->actor, "demo-nco");
	strcpy(m->digest, "00ab");
	struct kj_err err = { "" };
	struct kj_doc *d = kj_report_build(snap, m, &err);
	json_decref(snap);
	if (!d)
		fail_msg("%s", err.msg);
	return d;
}

static void test_document(void **state)
{
	(void)state;
	struct kj_report_meta m;
	struct kj_doc *d = hand_made(&m);
	assert_non_null(strstr(d->title, "統一基準に基づく施策の実施状況等に関する報告"));
	assert_string_equal(d->subtitle, "令和8年度（2026年度） 国家サイバー統括室");
	assert_non_null(strstr(d->date, "令和8年12月4日"));
	int h = 0;
	for (int i = 0; i < d->nblocks; i++)
		if (d->blocks[i].kind == KJ_DOC_HEADING && d->blocks[i].level == 1) {
			assert_true(h < (int)(sizeof chapters / sizeof chapters[0]));
			assert_string_equal(d->blocks[i].text, chapters[h++]);
		}
	assert_int_equal(h, sizeof chapters / sizeof chapters[0]);

	const struct kj_doc_table *t = table_of(d, "01-response");
	assert_string_equal(cell(t, 1, 0), "電力");
	assert_string_equal(cell(t, 1, 1), "40");
	assert_string_equal(cell(t, 1, 3), "75.0%");
	assert_string_equal(cell(t, 3, 0), "全国");
	assert_string_equal(cell(t, 3, 2), "45");
	t = table_of(d, "01-rates");
	assert_string_equal(cell(t, 1, 1), "45.6%");
	assert_string_equal(cell(t, 1, 2), "非表示（k未満）");
	assert_string_equal(cell(t, 2, 2), "25.0%");
	t = table_of(d, "01-weakest");
	assert_string_equal(cell(t, 1, 0), "3.3.1-1");
	assert_string_equal(cell(t, 1, 2), "要求事項Bの本文");
	assert_string_equal(cell(t, 1, 3), "10.0%");
	t = table_of(d, "02-electricity-plan");
	assert_string_equal(cell(t, 1, 0), "(1) 障害対応体制の強化");
	assert_string_equal(cell(t, 1, 1), "1");
	assert_string_equal(cell(t, 1, 4), "1");	/* 完了 */
	assert_true(has_para(d, "所管省庁: 経済産業省／状態: 統括室に報告済み") ||
		    has_para(d, "所管省庁: 経済産業省"));
	t = table_of(d, "02-electricity-survey");
	assert_string_equal(cell(t, 1, 1), "45.6%");
	assert_string_equal(cell(t, 2, 1), "非表示（k未満）");
	assert_string_equal(cell(t, 1, 8), "11");
	t = table_of(d, "02-electricity-gaps");
	assert_int_equal(t->nrows, 2);
	assert_string_equal(cell(t, 1, 0), "3.2.1-1");
	assert_string_equal(cell(t, 1, 3), "30.0%");
	assert_true(has_para(d, "電力の施策は予定どおり実施された。"));
	assert_true(has_para(d, "この年度の評価案は登録されていません。"));	/* gas */
	t = table_of(d, "04-hq");
	assert_string_equal(cell(t, 1, 0), "提言");
	assert_string_equal(cell(t, 1, 1), "予算");
	assert_string_equal(cell(t, 1, 2), "国家サイバー統括室");
	t = table_of(d, "A-part3");
	assert_int_equal(t->nrows, 3);
	t = table_of(d, "B-suppressed");
	assert_string_equal(cell(t, 1, 0), "primary-k");
	assert_string_equal(cell(t, 1, 2), "3");
	assert_string_equal(cell(t, 4, 2), "1");
	/* the heat map: the same figures, the hidden one NAN */
	const struct kj_doc_chart *c = NULL;
	for (int i = 0; i < d->nblocks && !c; i++)
		if (d->blocks[i].kind == KJ_DOC_CHART)
			c = d->blocks[i].chart;
	assert_non_null(c);
	assert_int_equal(c->kind, KJ_CHART_HEAT);
	assert_int_equal(c->nrows, 2);
	assert_true(fabs(c->values[0] - 45.6) < 1e-9);
	assert_true(isnan(c->values[1]));
	kj_doc_free(d);

	/* not a report's figures */
	json_t *bad = json_pack("{s:i}", "fy", 2026);
	struct kj_err err = { "" };
	assert_null(kj_report_build(bad, &m, &err));
	assert_non_null(strstr(err.msg, "not a report's figures"));
	json_decref(bad);
}

static void test_html(void **state)
{
	(void)state;
	struct kj_report_meta m;
	struct kj_doc *d = hand_made(&m);
	char err[256];
	assert_int_equal(kj_doc_write_html(d, "report.html", NULL, err, sizeof err), 0);
	size_t len;
	char *html = th_slurp("report.html", &len);
	assert_non_null(html);
	assert_non_null(strstr(html, "<html lang=\"ja\">"));
	assert_non_null(strstr(html, "<h2 id=\"toc\">目次</h2>"));
	for (size_t i = 0; i < sizeof chapters / sizeof chapters[0]; i++) {
		char h[256];
		snprintf(h, sizeof h, "\">%s</h2>", chapters[i]);
		assert_non_null(strstr(html, h));
		snprintf(h, sizeof h, "\">%s</a>", chapters[i]);
		assert_non_null(strstr(html, h));	/* in the contents */
	}
	assert_non_null(strstr(html, "<thead><tr><th scope=\"col\">分野</th>"));
	assert_non_null(strstr(html, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\""));
	assert_non_null(strstr(html, "@media print"));
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "http://") != strstr(html, "http://www.w3.org/2000/svg") ?
		    (void *)1 : NULL);
	free(html);
	/* a document that failed is refused, and nothing is left behind */
	d->fail = 1;
	assert_int_equal(kj_doc_write_html(d, "failed.html", NULL, err, sizeof err), -1);
	assert_false(th_exists("failed.html"));
	d->fail = 0;
	assert_int_equal(kj_doc_write_html(d, "/nonexistent/dir/r.html", NULL, err, sizeof err), -1);
	kj_doc_free(d);
}

static struct kj_table read_sheet(const char *path, const char *sheet)
{
	size_t len;
	char *data = th_slurp(path, &len);
	struct kj_table t;
	struct kj_err err = { "" };
	assert_non_null(data);
	if (kj_table_read_sheet(&t, data, len, sheet, &err) < 0)
		fail_msg("%s: %s", sheet, err.msg);
	free(data);
	return t;
}

static void test_xlsx(void **state)
{
	(void)state;
	struct kj_report_meta m;
	struct kj_doc *d = hand_made(&m);
	char err[256];
	assert_int_equal(kj_doc_write_xlsx(d, "report.xlsx", NULL, err, sizeof err), 0);
	kj_doc_free(d);
	struct kj_table t = read_sheet("report.xlsx", "目次");
	assert_string_equal(kj_table_cell(&t, 3, 0), "シート");
	assert_string_equal(kj_table_cell(&t, 4, 0), "01-response");
	assert_string_equal(kj_table_cell(&t, 4, 1), "表1-1 分野別の回答状況");
	assert_string_equal(kj_table_cell(&t, 4, 2), "第1章 全国の概況");
	kj_table_free(&t);
	t = read_sheet("report.xlsx", "01-rates");
	assert_string_equal(kj_table_cell(&t, 0, 1), "組織統治");
	/* numbers as numbers: the rate a ratio, the hidden figure its reason */
	assert_true(fabs(strtod(kj_table_cell(&t, 1, 1), NULL) - 0.456) < 1e-9);
	assert_string_equal(kj_table_cell(&t, 1, 2), "非表示（k未満）");
	kj_table_free(&t);
	t = read_sheet("report.xlsx", "01-response");
	assert_string_equal(kj_table_cell(&t, 1, 1), "40");
	assert_string_equal(kj_table_cell(&t, 2, 0), "ガス");
	kj_table_free(&t);
}

/* ---- on a demo database ----------------------------------------------------- */

static const char *db;
static struct kj_store *st;
static struct kj_user nco, hq, ministry, auditor;

static void user(const char *login, struct kj_user *u)
{
	int found = 0;
	struct kj_err err = { "" };
	if (kj_store_user_by_login(st, login, u, &found, &err) < 0 || !found)
		fail_msg("user %s: %s", login, err.msg);
}

static int setup(void **state)
{
	(void)state;
	db = kj_test_db("report.db");
	st = th_init_db(db);
	struct kj_demo_opts o = { .operators = 60, .seed = 5, .years = 2, .today = "2026-12-04",
				  .actor = "test" };
	struct kj_demo_stats stats;
	struct kj_err err = { "" };
	if (kj_demo_generate(st, &o, &stats, &err) < 0)
		fail_msg("%s", err.msg);
	user("demo-nco", &nco);
	user("demo-hq", &hq);
	user("demo-ministry", &ministry);
	user("demo-auditor", &auditor);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	kj_store_close(st);
	return 0;
}

static int freeze(const struct kj_user *u, const char *fy, struct kj_report_meta *m,
		  struct kj_analysis_refusal *why)
{
	struct kj_actor a = { u, u ? u->id : 0, u ? u->login : "cli:test" };
	struct kj_err err = { "" };
	int rc = kj_report_freeze(st, &a, fy, "第1版", NULL, NULL, m, why, &err);
	if (rc < 0)
		fail_msg("%s", err.msg);
	return rc;
}

static int make(const struct kj_user *u, const char *fy, const char *snap,
		enum kj_doc_format f, const char *path, int64_t *used,
		struct kj_analysis_refusal *why)
{
	struct kj_actor a = { u, u ? u->id : 0, u ? u->login : "cli:test" };
	struct kj_report_req r = { fy, snap, f, path, NULL, NULL, NULL };
	struct kj_err err = { "" };
	int rc = kj_report_make(st, &a, &r, used, why, &err);
	if (rc < 0)
		fail_msg("%s", err.msg);
	return rc;
}

static long count(const char *sql)
{
	return th_sql_long(db, sql);
}

static void test_freeze(void **state)
{
	(void)state;
	struct kj_report_meta m;
	struct kj_analysis_refusal why;
	assert_int_equal(freeze(&hq, "2026", &m, &why), 1);
	assert_int_equal(why.code, 403);
	assert_int_equal(freeze(&ministry, "2026", &m, &why), 1);
	assert_int_equal(why.code, 403);
	assert_int_equal(freeze(&nco, "20x6", &m, &why), 1);
	assert_int_equal(why.code, 400);
	assert_int_equal(freeze(&nco, "2031", &m, &why), 1);
	assert_int_equal(why.code, 404);
	assert_int_equal(count("SELECT COUNT(*) FROM report_snapshot"), 0);

	assert_int_equal(freeze(&nco, "2026", &m, &why), 0);
	assert_int_equal(m.fy, 2026);
	assert_string_equal(m.note, "第1版");
	struct kj_report_meta g;
	json_t *body;
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)m.id);
	struct kj_err err = { "" };
	assert_int_equal(kj_report_get(st, &hq, id, &g, &body, &why, &err), 0);
	assert_string_equal(g.digest, m.digest);
	assert_int_equal(json_integer_value(json_object_get(body, "fy")), 2026);
	assert_int_equal(json_array_size(json_object_get(body, "sectors")), 16);
	assert_int_equal(json_array_size(json_object_get(body, "requirements")), 90);
	json_decref(body);
	/* the digest is the body's SHA-256, byte for byte */
	char *text;
	int found;
	assert_int_equal(kj_store_report_get(st, m.id, &g, &text, &found, &err), 0);
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[KJ_SNAPSHOT_DIGEST_HEX];
	crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	assert_string_equal(hex, m.digest);
	free(text);
	assert_int_equal(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'report.freeze'"), 1);
	/* only report.read holders see snapshots */
	assert_int_equal(kj_report_get(st, &ministry, id, &g, &body, &why, &err), 1);
	assert_int_equal(why.code, 404);
	struct kj_report_meta list[4];
	int n;
	assert_int_equal(kj_report_list(st, &ministry, 0, list, 4, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(kj_report_list(st, &auditor, 2026, list, 4, &n, &err), 0);
	assert_int_equal(n, 1);
}

static void test_make(void **state)
{
	(void)state;
	struct kj_analysis_refusal why;
	int64_t used;
	/* refusals write nothing */
	assert_int_equal(make(&ministry, "2026", NULL, KJ_DOC_FMT_HTML, "no.html", &used, &why), 1);
	assert_int_equal(why.code, 403);
	assert_int_equal(make(&hq, "2026", "999", KJ_DOC_FMT_HTML, "no.html", &used, &why), 1);
	assert_int_equal(why.code, 404);
	assert_int_equal(make(&hq, "2025", "1", KJ_DOC_FMT_HTML, "no.html", &used, &why), 1);
	assert_int_equal(why.code, 400);
	/* no snapshot of 2025 yet, and HQ may not freeze one */
	assert_int_equal(make(&hq, "2025", NULL, KJ_DOC_FMT_HTML, "no.html", &used, &why), 1);
	assert_int_equal(why.code, 403);
	assert_false(th_exists("no.html"));

	/* evaluations written after the freeze are not in snapshot 1's report */
	const char *ins[] = {
		"INSERT INTO eval_doc (fiscal_year, scope, scope_key, sector_code, ministry_code,"
		" state, revision, created_at, updated_at) VALUES (2026, 'sector',"
		" 'sector:meti:electricity', 'electricity', 'meti', 'submitted', 1,"
		" '2026-12-04T00:00:00Z', '2026-12-04T00:00:00Z')",
		"INSERT INTO eval_section (eval_id, section, body) SELECT id, 'measures',"
		" '電力分野の施策は計画どおり進んだ。' FROM eval_doc WHERE scope_key = 'sector:meti:electricity'"
		" AND fiscal_year = 2026",
		"INSERT INTO eval_doc (fiscal_year, scope, scope_key, state, revision, created_at,"
		" updated_at) VALUES (2026, 'hq', 'hq', 'final', 1, '2026-12-04T00:00:00Z',"
		" '2026-12-04T00:00:00Z')",
		"INSERT INTO hq_item (eval_id, ord, kind, category, addressee, text, created_at)"
		" SELECT id, 1, 'recommendation', 'organisation', 'electricity', '体制を強化すること。',"
		" '2026-12-04T00:00:00Z' FROM eval_doc WHERE scope_key = 'hq'"
		" AND fiscal_year = 2026",
	};
	for (size_t i = 0; i < sizeof ins / sizeof ins[0]; i++)
		if (kj_test_sql(db, ins[i]) < 0)
			fail_msg("%s", ins[i]);
	assert_int_equal(make(&hq, "2026", NULL, KJ_DOC_FMT_HTML, "r1.html", &used, &why), 0);
	assert_int_equal(used, 1);
	size_t len;
	char *html = th_slurp("r1.html", &len);
	assert_non_null(html);
	assert_null(strstr(html, "電力分野の施策は計画どおり進んだ。"));
	assert_non_null(strstr(html, "\">第2章 情報通信分野</h2>"));
	assert_non_null(strstr(html, "\">付録B 方法論</h2>"));
	free(html);
	struct kj_report_meta m;
	assert_int_equal(freeze(&nco, "2026", &m, &why), 0);
	assert_int_equal(make(&auditor, "2026", NULL, KJ_DOC_FMT_HTML, "r2.html", &used, &why), 0);
	assert_int_equal(used, m.id);
	html = th_slurp("r2.html", &len);
	assert_non_null(strstr(html, "電力分野の施策は計画どおり進んだ。"));
	assert_non_null(strstr(html, "体制を強化すること。"));
	free(html);
	/* the first snapshot still makes the first report */
	assert_int_equal(make(&hq, "2026", "1", KJ_DOC_FMT_HTML, "r3.html", &used, &why), 0);
	html = th_slurp("r3.html", &len);
	assert_null(strstr(html, "電力分野の施策は計画どおり進んだ。"));
	free(html);
	assert_int_equal(count("SELECT COUNT(*) FROM audit_entry WHERE action = 'report.export'"), 3);

	/* the command line freezes a year that has none */
	long before = count("SELECT COUNT(*) FROM report_snapshot");
	assert_int_equal(make(NULL, "2025", NULL, KJ_DOC_FMT_XLSX, "r2025.xlsx", &used, &why), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM report_snapshot"), before + 1);
	assert_int_equal(count("SELECT fiscal_year FROM report_snapshot ORDER BY id DESC LIMIT 1"),
			 2025);
}

/* The xlsx's figures against the analysis as a reader of aggregates sees it. */
static void test_xlsx_figures(void **state)
{
	(void)state;
	struct kj_analysis_refusal why;
	int64_t used;
	assert_int_equal(make(&nco, "2026", NULL, KJ_DOC_FMT_XLSX, "r.xlsx", &used, &why), 0);
	struct kj_analysis a;
	struct kj_err err = { "" };
	assert_int_equal(kj_analysis_load_aggregate(st, KJ_VIEW_NATIONAL, "2026", NULL, NULL, 0, &a,
						    &why, &err), 0);
	struct kj_table t = read_sheet("r.xlsx", "01-response");
	assert_int_equal(t.nrows, a.ns + 2);
	for (int s = 0; s < a.ns; s++) {
		assert_string_equal(kj_table_cell(&t, s + 1, 0), a.cat.sectors[s].name_ja);
		assert_int_equal(strtol(kj_table_cell(&t, s + 1, 1), NULL, 10), a.respondents[s]);
		assert_int_equal(strtol(kj_table_cell(&t, s + 1, 2), NULL, 10), a.submitted[s]);
	}
	assert_int_equal(strtol(kj_table_cell(&t, a.ns + 1, 2), NULL, 10), a.nat_submitted);
	kj_table_free(&t);
	t = read_sheet("r.xlsx", "01-rates");
	int shown = 0, hidden = 0;
	for (int s = 0; s < a.ns; s++)
		for (int f = 0; f < a.nf; f++) {
			const struct kj_analysis_fig *fig = &a.fn[(size_t)s * (size_t)a.nf + (size_t)f];
			const char *v = kj_table_cell(&t, s + 1, f + 1);
			double rate;
			if (fig->suppressed) {
				assert_non_null(strstr(v, "非表示"));
				hidden++;
			} else if (kj_levels_rate(&fig->l, &rate)) {
				/* the API's ratio to a tenth of a percent */
				assert_true(fabs(strtod(v, NULL) - round(rate * 1000) / 1000) < 1e-9);
				shown++;
			}
		}
	assert_true(shown > 0);
	assert_true(hidden > 0);
	kj_table_free(&t);
	kj_analysis_free(&a);
}

int main(void)
{
	const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_xlsx),
	};
	const struct CMUnitTest stored[] = {
		cmocka_unit_test(test_freeze),
		cmocka_unit_test(test_make),
		cmocka_unit_test(test_xlsx_figures),
	};
	int rc = cmocka_run_group_tests_name("report", pure, NULL, NULL);
	return rc | cmocka_run_group_tests_name("report_db", stored, setup, teardown);
}
