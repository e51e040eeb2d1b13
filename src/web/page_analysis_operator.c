/*
 * An operator's benchmark page (issue 13): /analysis/operators/{org}?fy=FY
 * [&sector=CODE], one call of app/analysis_operator.h (the figures the API
 * gives the same reader), a chart by function (export/bench_svg.c) followed
 * by the same figures as a table, and a table per requirement; each table
 * also a file (?table=functions|requirements&format=csv|xlsx, audited as
 * the other exports). No fiscal year: the latest with a survey up to the
 * current one, as the other analysis pages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/analysis_operator.h"
#include "export/analysis_svg.h"
#include "export/bench_svg.h"
#include "web/app.h"
#include "web/html.h"
#include "web/page_analysis.h"
#include "web/pages.h"
#include "web/ui.h"

#define STR2(x) #x
#define STR(x) STR2(x)

/* --- The tables ---------------------------------------------------------------- */

/* A table of the page with its columns COLS (the analysis tables' builder). */
static struct kj_atab *tab_new(struct kj_request *req, struct kj_atabs *ts, const char *name,
			       const char *caption_ja, const char *const *cols, int ncols)
{
	struct kj_atab *t = kj_atab_new(ts, name, caption_ja);
	for (int i = 0; t && i < ncols; i++)
		kj_atab_col(req, t, cols[i]);
	return t;
}

static void cell_num(struct kj_atab *t, int r, int c, double v)
{
	char s[32];
	snprintf(s, sizeof s, "%.2f", v);
	kj_atab_cell(t, r, c, s);
}

static void cell_own(struct kj_request *req, struct kj_atab *t, int r, int c,
		     const struct kj_bench_own *o)
{
	if (o->state == KJ_BENCH_VALUE)
		cell_num(t, r, c, o->v);
	else
		kj_atab_cell(t, r, c, o->state == KJ_BENCH_NA ? T("該当しない") : T("回答なし"));
}

/* Q1, median, Q3 of D from column C; the nation's median of N at column NC. */
static void cell_dist(struct kj_request *req, struct kj_atab *t, int r, int c,
		      const struct kj_bench_dist *d)
{
	for (int i = 0; i < 3; i++) {
		double v = i == 0 ? d->q1 : i == 1 ? d->median : d->q3;
		if (d->suppressed)
			kj_atab_cell(t, r, c + i, kj_analysis_sup_note(req));
		else if (!d->defined)
			kj_atab_cell(t, r, c + i, "—");
		else
			cell_num(t, r, c + i, v);
	}
}

static void cell_median(struct kj_request *req, struct kj_atab *t, int r, int c,
			const struct kj_bench_dist *d)
{
	if (d->suppressed)
		kj_atab_cell(t, r, c, kj_analysis_sup_note(req));
	else if (!d->defined)
		kj_atab_cell(t, r, c, "—");
	else
		cell_num(t, r, c, d->median);
}

/* The change and its interval (RATE: in points of a percentage), then the
 * verdict in column C + 1. */
static void cell_change(struct kj_request *req, struct kj_atab *t, int r, int c, int has,
			const struct kj_bench_change *x, int rate)
{
	char v[32], lo[32], hi[32], s[128];
	if (!has) {
		kj_atab_cell(t, r, c, "—");
		kj_atab_cell(t, r, c + 1, "—");
		return;
	}
	if (rate) {
		kj_asvg_pct(v, sizeof v, x->change, 1, 1);
		kj_asvg_pct(lo, sizeof lo, x->low, 1, 1);
		kj_asvg_pct(hi, sizeof hi, x->high, 1, 1);
	} else {
		snprintf(v, sizeof v, "%+.2f", x->change);
		snprintf(lo, sizeof lo, "%+.2f", x->low);
		snprintf(hi, sizeof hi, "%+.2f", x->high);
	}
	snprintf(s, sizeof s, "%s (%s %s〜%s)", v, T("95%区間"), lo, hi);
	kj_atab_cell(t, r, c, s);
	kj_atab_cell(t, r, c + 1, x->called ? T("変化あり") : T("誤差の範囲内"));
}

static void share_text(char *out, size_t n, int k, int of)
{
	kj_asvg_pct(out, n, of ? (double)k / of : 0, of > 0, 0);
}

static void fn_table(struct kj_request *req, const struct kj_bench *b, struct kj_atabs *ts)
{
	static const char *const cols[] = {
		N_("機能"), N_("自組織の平均水準"), N_("自組織（前年度）"), N_("自組織の変化"),
		N_("分野の事業者数"), N_("分野の第1四分位"), N_("分野の中央値"), N_("分野の第3四分位"),
		N_("全国の中央値"), N_("分野平均の変化"), N_("変化の判定"),
		N_("比較可能な対策事項の割合"),
	};
	struct kj_atab *t = tab_new(req, ts, "functions", N_("機能別のベンチマーク"), cols,
				    (int)(sizeof cols / sizeof cols[0]));
	const struct kj_analysis *a = &b->a;
	for (int f = 0; f < a->nf; f++) {
		const struct kj_bench_fn *x = &b->fn[f];
		int r = kj_atab_row(t, NULL);
		char s[32];
		kj_atab_cell(t, r, 0, kj_analysis_function_name(req, a, f));
		cell_own(req, t, r, 1, &x->own);
		if (a->has_prev)
			cell_own(req, t, r, 2, &x->own_prev);
		else
			kj_atab_cell(t, r, 2, "—");
		if (x->has_own_change) {
			snprintf(s, sizeof s, "%+.2f", x->own_change);
			kj_atab_cell(t, r, 3, s);
		} else {
			kj_atab_cell(t, r, 3, "—");
		}
		if (x->sector.suppressed) {
			kj_atab_cell(t, r, 4, kj_analysis_sup_note(req));
		} else {
			snprintf(s, sizeof s, "%ld", x->sector.n);
			kj_atab_cell(t, r, 4, s);
		}
		cell_dist(req, t, r, 5, &x->sector);
		cell_median(req, t, r, 8, &x->nation);
		cell_change(req, t, r, 9, x->has_change, &x->change, 0);
		if (b->version_changed)
			share_text(s, sizeof s, x->ncomparable, x->nreqs);
		else
			snprintf(s, sizeof s, "—");
		kj_atab_cell(t, r, 11, s);
	}
}

/* Crosswalk kind K (-1 new, 0 same … 3 merged) in words. */
static const char *kind_label(struct kj_request *req, int k)
{
	return k < 0 ? T("新規") : k == 0 ? T("同一") : k == 1 ? T("表現変更")
	       : k == 2 ? T("分割") : T("統合");
}

static void req_table(struct kj_request *req, const struct kj_bench *b, struct kj_atabs *ts)
{
	static const char *const cols[] = {
		N_("対策事項"), N_("機能"), N_("自組織の水準"), N_("自組織（前年度）"),
		N_("分野の第1四分位"), N_("分野の中央値"), N_("分野の第3四分位"), N_("全国の中央値"),
		N_("分野の実施率"), N_("分野の実施率の変化"), N_("変化の判定"), N_("前年度との対応"),
	};
	struct kj_atab *t = tab_new(req, ts, "requirements", N_("対策事項別のベンチマーク"), cols,
				    (int)(sizeof cols / sizeof cols[0]));
	const struct kj_analysis *a = &b->a;
	for (int q = 0; q < a->nr; q++) {
		const struct kj_bench_req *x = &b->req[q];
		int r = kj_atab_row(t, NULL);
		char s[32];
		kj_atab_cell(t, r, 0, a->cat.reqs[q].id);
		kj_atab_cell(t, r, 1, kj_analysis_function_name(req, a, a->cat.reqs[q].function));
		cell_own(req, t, r, 2, &x->own);
		if (a->has_prev && a->kind[q] >= 0)
			cell_own(req, t, r, 3, &x->own_prev);
		else
			kj_atab_cell(t, r, 3, "—");
		cell_dist(req, t, r, 4, &x->sector);
		cell_median(req, t, r, 7, &x->nation);
		if (x->rate.suppressed)
			kj_atab_cell(t, r, 8, kj_analysis_sup_note(req));
		else {
			kj_asvg_pct(s, sizeof s, x->rate.v, x->rate.defined, 0);
			kj_atab_cell(t, r, 8, s);
		}
		cell_change(req, t, r, 9, x->has_change, &x->change, 1);
		kj_atab_cell(t, r, 11, a->has_prev ? kind_label(req, a->kind[q]) : "—");
	}
}

static int build_tables(struct kj_request *req, const struct kj_bench *b, struct kj_atabs *ts)
{
	ts->n = 0;
	fn_table(req, b, ts);
	req_table(req, b, ts);
	for (int i = 0; i < ts->n; i++)
		if (ts->tab[i].fail)
			return -1;
	return 0;
}

/* --- The page ------------------------------------------------------------------ */

/* The year and the sector: a GET form, no JavaScript. */
static void choose_form(struct kj_request *req, struct kj_buf *b, const struct kj_bench *b2)
{
	const struct kj_analysis *a = &b2->a;
	kj_h(b, "<form class=\"inline\" method=\"get\" action=\"");
	kj_h_attr(b, req->path);
	kj_h(b, "\"><label for=\"bench-fy\">");
	kj_h_text(b, T("年度（西暦）"));
	kj_h(b, "</label> <input id=\"bench-fy\" name=\"fy\" type=\"number\" inputmode=\"numeric\" "
		"min=\"" STR(KJ_SURVEY_FY_MIN) "\" max=\"" STR(KJ_SURVEY_FY_MAX) "\" value=\"");
	kj_h_int(b, a->sv.fy);
	kj_h(b, "\"> ");
	if (b2->nsectors > 1) {
		kj_h(b, "<label for=\"bench-sector\">");
		kj_h_text(b, T("比較する分野"));
		kj_h(b, "</label> <select id=\"bench-sector\" name=\"sector\">");
		for (int i = 0; i < b2->nsectors; i++) {
			int s = kj_catalog_sector_index(&a->cat, b2->sectors[i]);
			kj_h(b, "<option value=\"");
			kj_h_attr(b, b2->sectors[i]);
			kj_h(b, s == b2->sector ? "\" selected>" : "\">");
			kj_h_text(b, s >= 0 ? kj_analysis_sector_name(req, a, s) : b2->sectors[i]);
			kj_h(b, "</option>");
		}
		kj_h(b, "</select> ");
	}
	kj_h(b, "<button type=\"submit\">");
	kj_h_text(b, T("表示する"));
	kj_h(b, "</button></form>");
}

static void note(struct kj_request *req, struct kj_buf *b, const char *ja)
{
	kj_h(b, "<p class=\"note\">");
	kj_h_text(b, T(ja));
	kj_h(b, "</p>");
}

static void head(struct kj_request *req, struct kj_buf *b, const struct kj_bench *x,
		 const char *h1)
{
	const struct kj_analysis *a = &x->a;
	char href[128];
	kj_h(b, "<nav aria-label=\"");
	kj_h_attr(b, T("パンくずリスト"));
	kj_h(b, "\"><ol class=\"breadcrumbs\"><li><a href=\"/analysis?fy=");
	kj_h_int(b, a->sv.fy);
	kj_h(b, "\">");
	kj_h_text(b, T("分析"));
	kj_h(b, "</a></li><li>");
	snprintf(href, sizeof href, "/analysis/sectors/%s?fy=%d", a->cat.sectors[x->sector].code,
		 a->sv.fy);
	kj_h_link(b, href, kj_analysis_sector_name(req, a, x->sector));
	kj_h(b, "</li></ol></nav><h1>");
	kj_h_text(b, h1);
	kj_h(b, "</h1><p>");
	kj_h_text(b, x->org_name);
	kj_h(b, " — ");
	kj_h_fy(req, b, a->sv.fy);
	kj_h(b, " — ");
	kj_h_text(b, T("統一基準"));
	kj_h(b, " ");
	kj_h_text(b, a->sv.version);
	kj_h(b, "</p>");
	choose_form(req, b, x);
	kj_h(b, "<p class=\"note\">");
	kj_h_text(b, T("分野の値は、同じ分野の事業者（自組織を含む）の中央値と四分位範囲（第1〜第3四分位）です。"
		       "個々の事業者の値は表示しません。自組織を除いて k 事業者に満たない集計値は表示しません（k ="));
	kj_h(b, " ");
	kj_h_int(b, a->k);
	kj_h_text(b, T("）。前年度からの変化は、95%区間が0を含まないときだけ「変化あり」とします。"));
	kj_h(b, "</p>");
	if (!x->submitted)
		note(req, b, N_("この年度の自組織の回答は提出されていません。"));
	if (x->version_changed) {
		char share[32], s[256];
		kj_asvg_pct(share, sizeof share, a->nr ? (double)x->ncomparable / a->nr : 0,
			    a->nr > 0, 0);
		snprintf(s, sizeof s, "%s %s (%d / %d)", T("前年度から統一基準の版が変わりました。"
			 "前年度と比較できる対策事項（同一・表現変更）の割合:"), share,
			 x->ncomparable, a->nr);
		kj_h(b, "<p class=\"note\">");
		kj_h_text(b, s);
		kj_h(b, "</p>");
	}
}

static void downloads(struct kj_request *req, struct kj_buf *b, const struct kj_bench *x,
		      const struct kj_atab *t)
{
	static const char *const fmts[] = { "csv", "xlsx" };
	kj_h(b, "<p class=\"downloads\">");
	for (int i = 0; i < 2; i++) {
		char href[256];
		snprintf(href, sizeof href, "%s?fy=%d&sector=%s&table=%s&format=%s", req->path,
			 x->a.sv.fy, x->a.cat.sectors[x->sector].code, t->name, fmts[i]);
		kj_h(b, i ? " <a href=\"" : "<a href=\"");
		kj_h_attr(b, href);
		kj_h(b, "\">");
		kj_h_text(b, T(i ? N_("Excel 形式でダウンロード") : N_("CSV 形式でダウンロード")));
		kj_h(b, "<span class=\"visually-hidden\"> ");
		kj_h_text(b, T(t->caption_ja));
		kj_h(b, "</span></a>");
	}
	kj_h(b, "</p>");
}

static void chart(struct kj_request *req, struct kj_buf *b, const struct kj_bench *x)
{
	const struct kj_analysis *a = &x->a;
	struct kj_bsvg_row rows[16];
	int n = a->nf < 16 ? a->nf : 16;
	for (int f = 0; f < n; f++) {
		const struct kj_bench_fn *y = &x->fn[f];
		rows[f] = (struct kj_bsvg_row){
			kj_analysis_function_name(req, a, f), y->own.v, y->sector.q1,
			y->sector.median, y->sector.q3, y->nation.median,
			y->own.state == KJ_BENCH_VALUE, y->sector.defined, y->sector.suppressed,
			y->nation.defined && !y->nation.suppressed,
		};
	}
	struct kj_bsvg_text t = {
		"chart-bench", T("機能別の平均水準（自組織と分野）"),
		T("機能ごとに、自組織の平均水準（黒のひし形）、分野の事業者の平均水準の中央値（破線）と"
		  "四分位範囲（斜線の帯）、全国の中央値（白の三角）を水準0〜4の目盛りに示します。"
		  "各行の下に同じ値を文字で示します。"),
		T("自組織"), T("分野の中央値"), T("四分位範囲"), T("全国の中央値"), T("k 未満"), "—",
	};
	if (kj_bsvg_ranges(b, &t, n, rows) < 0)
		note(req, b, N_("図を表示できません。下の表をご覧ください。"));
}

static int page(struct kj_request *req, struct kj_response *resp, const struct kj_bench *x,
		const struct kj_atabs *ts)
{
	struct kj_buf *b = &resp->body;
	const char *title = req->user.org_id == x->org ? T("自組織のベンチマーク")
			    : T("事業者のベンチマーク");
	kj_page_begin(req, resp, title);
	head(req, b, x, title);
	for (int i = 0; i < ts->n; i++) {
		kj_h(b, "<section><h2>");
		kj_h_text(b, T(ts->tab[i].caption_ja));
		kj_h(b, "</h2>");
		if (i == 0)
			chart(req, b, x);
		kj_atab_html(req, b, &ts->tab[i]);
		downloads(req, b, x, &ts->tab[i]);
		kj_h(b, "</section>");
	}
	kj_page_end(req, resp);
	return 0;
}

int kj_page_analysis_operator(struct kj_request *req, struct kj_response *resp)
{
	struct kj_bench x;
	struct kj_analysis_refusal why;
	struct kj_err err;
	struct kj_atabs ts;
	char fybuf[16];
	const char *fy = kj_analysis_fy_param(req, fybuf, sizeof fybuf);
	if (!fy)
		return 500;
	int rc = kj_bench_load(req->st, &req->user, req->args[0], fy, kj_param(req, "sector"),
			       req->app->analysis_k, &x, &why, &err);
	if (rc < 0)
		return 500;
	if (rc > 0)
		return kj_web_error(req, resp, why.code, req->lang == KJ_LANG_EN ? why.en : why.ja)
		       ? 500 : 0;
	const char *format = kj_param(req, "format");
	if (build_tables(req, &x, &ts) < 0)
		rc = 500;
	else if (format) {
		char prefix[96];
		snprintf(prefix, sizeof prefix, "kijun-benchmark-%lld-%d", (long long)x.org,
			 x.a.sv.fy);
		rc = kj_atabs_send(req, resp, &ts, format, prefix);
	} else {
		rc = page(req, resp, &x, &ts);
	}
	kj_atabs_free(&ts);
	kj_bench_free(&x);
	return rc;
}
