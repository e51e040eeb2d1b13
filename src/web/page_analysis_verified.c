/*
 * Self-reported against verified (issue 15): /analysis/verified?fy=FY
 * (national and per sector, with a stacked bar of below / equal / above
 * per sector) and /analysis/verified/{sector}?fy=FY (per requirement, the
 * most over-reported), one call of app/onsite_compare.h each: the figures
 * the API gives the same reader, suppressed as the reader must see them.
 * The chart is SVG from export/analysis_svg.c, followed by the same figures
 * as a table; every table is also a file (?table=NAME&format=csv|xlsx).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/onsite_compare.h"
#include "base/util.h"
#include "export/analysis_svg.h"
#include "web/app.h"
#include "web/html.h"
#include "web/page_analysis.h"
#include "web/pages.h"

#define STR2(x) #x
#define STR(x) STR2(x)

/* The columns of one figure, after the row's own. */
static const char *const fig_cols[] = {
	N_("事業者数"), N_("比較した項目"), N_("確認が下回る"), N_("一致"), N_("確認が上回る"),
	N_("下回る割合"), N_("平均差（確認−自己）"), N_("該当しない"), N_("未記録"),
};
#define FIG_COLS ((int)(sizeof fig_cols / sizeof fig_cols[0]))

static void fig_head(struct kj_request *req, struct kj_atab *t)
{
	for (int i = 0; i < FIG_COLS; i++)
		kj_atab_col(req, t, fig_cols[i]);
}

static void cell_long(struct kj_atab *t, int r, int c, long v)
{
	char s[32];
	snprintf(s, sizeof s, "%ld", v);
	kj_atab_cell(t, r, c, s);
}

/* Figure F's cells from column C of row R. */
static void fig_cells(struct kj_request *req, struct kj_atab *t, int r, int c,
		      const struct kj_vfig *f)
{
	if (f->suppressed) {
		for (int i = 0; i < FIG_COLS; i++)
			kj_atab_cell(t, r, c + i, kj_analysis_sup_note(req));
		return;
	}
	const struct kj_cmp *x = &f->c;
	double share, mean;
	char s[32];
	cell_long(t, r, c, f->operators);
	cell_long(t, r, c + 1, kj_cmp_compared(x));
	cell_long(t, r, c + 2, kj_cmp_below(x));
	cell_long(t, r, c + 3, kj_cmp_equal(x));
	cell_long(t, r, c + 4, kj_cmp_above(x));
	int defined = kj_cmp_share(x, kj_cmp_below(x), &share);
	kj_asvg_pct(s, sizeof s, share, defined, 0);
	kj_atab_cell(t, r, c + 5, s);
	if (kj_cmp_mean(x, &mean))
		snprintf(s, sizeof s, "%+.2f", mean);
	else
		snprintf(s, sizeof s, "—");
	kj_atab_cell(t, r, c + 6, s);
	cell_long(t, r, c + 7, x->na);
	cell_long(t, r, c + 8, x->missing);
}

static const char *sector_name(const struct kj_request *req, const struct kj_verified *v, int s)
{
	return req->lang == KJ_LANG_EN ? v->cat.sectors[s].name_en : v->cat.sectors[s].name_ja;
}

static void href_sector(char *out, size_t n, const struct kj_verified *v, int s)
{
	snprintf(out, n, "/analysis/verified/%s?fy=%d", v->cat.sectors[s].code, v->fy);
}

/* Per sector, and the nation. */
static void tab_sectors(struct kj_request *req, const struct kj_verified *v, struct kj_atabs *ts)
{
	struct kj_atab *t = kj_atab_new(ts, "sectors", N_("分野別の自己評価と確認結果の比較"));
	if (!t)
		return;
	kj_atab_col(req, t, N_("分野"));
	fig_head(req, t);
	char href[128];
	for (int s = 0; s < v->ns; s++) {
		href_sector(href, sizeof href, v, s);
		int r = kj_atab_row(t, href);
		kj_atab_cell(t, r, 0, sector_name(req, v, s));
		fig_cells(req, t, r, 1, &v->sec[s]);
	}
	int r = kj_atab_row(t, NULL);
	kj_atab_cell(t, r, 0, T("全国"));
	fig_cells(req, t, r, 1, &v->nat);
}

/* Per requirement of FIG ([nr]: the sector's, or the nation's). */
static void tab_reqs(struct kj_request *req, const struct kj_verified *v, struct kj_atabs *ts,
		     const struct kj_vfig *fig)
{
	struct kj_atab *t = kj_atab_new(ts, "requirements", N_("対策事項別の自己評価と確認結果の比較"));
	if (!t)
		return;
	kj_atab_col(req, t, N_("対策事項"));
	kj_atab_col(req, t, N_("機能"));
	fig_head(req, t);
	char href[128];
	for (int q = 0; q < v->nr; q++) {
		snprintf(href, sizeof href, "/catalog/%s", v->cat.reqs[q].id);
		int r = kj_atab_row(t, href);
		const struct kj_function *f = &v->cat.functions[v->cat.reqs[q].function];
		kj_atab_cell(t, r, 0, v->cat.reqs[q].id);
		kj_atab_cell(t, r, 1, req->lang == KJ_LANG_EN ? f->name_en : f->name_ja);
		fig_cells(req, t, r, 2, &fig[q]);
	}
}

static void tab_over(struct kj_request *req, const struct kj_verified *v, struct kj_atabs *ts,
		     const struct kj_vfig *fig)
{
	struct kj_atab *t = kj_atab_new(ts, "over", N_("確認結果が自己評価を下回ることの多い対策事項"));
	if (!t)
		return;
	kj_atab_col(req, t, N_("対策事項"));
	kj_atab_col(req, t, N_("順位"));
	fig_head(req, t);
	char href[128];
	for (int i = 0; i < v->nover; i++) {
		int q = v->over[i];
		snprintf(href, sizeof href, "/catalog/%s", v->cat.reqs[q].id);
		int r = kj_atab_row(t, href);
		kj_atab_cell(t, r, 0, v->cat.reqs[q].id);
		cell_long(t, r, 1, i + 1);
		fig_cells(req, t, r, 2, &fig[q]);
	}
}

/* The operators the reader sees: its own, or those of the sectors it sees whole. */
static void tab_operators(struct kj_request *req, const struct kj_verified *v,
			  struct kj_atabs *ts)
{
	struct kj_atab *t = kj_atab_new(ts, "operators", N_("事業者別の自己評価と確認結果の比較"));
	if (!t)
		return;
	kj_atab_col(req, t, N_("事業者"));
	kj_atab_col(req, t, N_("分野"));
	fig_head(req, t);
	for (int i = 0; i < v->norgs; i++) {
		const struct kj_vorg *o = &v->orgs[i];
		if (!o->shown)
			continue;
		char secs[256] = "";
		size_t at = 0;
		for (int j = 0; j < o->nsec && at < sizeof secs; j++) {
			int n = snprintf(secs + at, sizeof secs - at, "%s%s", j ? "、" : "",
					 sector_name(req, v, o->sec[j]));
			if (n < 0)
				break;
			at += (size_t)n;
		}
		int r = kj_atab_row(t, NULL);
		kj_atab_cell(t, r, 0, o->name);
		kj_atab_cell(t, r, 1, secs);
		fig_cells(req, t, r, 2, &o->f);
	}
}

/* The reader's own visit beside its sectors' figures. */
static void tab_own(struct kj_request *req, const struct kj_verified *v, struct kj_atabs *ts)
{
	if (v->own < 0)
		return;
	struct kj_atab *t = kj_atab_new(ts, "own", N_("自組織の比較と分野の集計"));
	if (!t)
		return;
	const struct kj_vorg *o = &v->orgs[v->own];
	kj_atab_col(req, t, N_("対象"));
	fig_head(req, t);
	int r = kj_atab_row(t, NULL);
	kj_atab_cell(t, r, 0, o->name);
	fig_cells(req, t, r, 1, &o->f);
	for (int j = 0; j < o->nsec; j++) {
		char href[128];
		href_sector(href, sizeof href, v, o->sec[j]);
		r = kj_atab_row(t, href);
		kj_atab_cell(t, r, 0, sector_name(req, v, o->sec[j]));
		fig_cells(req, t, r, 1, &v->sec[o->sec[j]]);
	}
}

static void head(struct kj_request *req, struct kj_buf *b, const struct kj_verified *v,
		 const char *h1)
{
	kj_h(b, "<nav aria-label=\"");
	kj_h_attr(b, T("パンくずリスト"));
	kj_h(b, "\"><ol class=\"breadcrumbs\"><li><a href=\"/analysis?fy=");
	kj_h_int(b, v->fy);
	kj_h(b, "\">");
	kj_h_text(b, T("分析"));
	kj_h(b, "</a></li>");
	if (v->sector >= 0) {
		kj_h(b, "<li><a href=\"/analysis/verified?fy=");
		kj_h_int(b, v->fy);
		kj_h(b, "\">");
		kj_h_text(b, T("自己評価と実地調査の比較"));
		kj_h(b, "</a></li>");
	}
	kj_h(b, "</ol></nav><h1>");
	kj_h_text(b, h1);
	kj_h(b, "</h1><p>");
	kj_h_fy(req, b, v->fy);
	kj_h(b, " — ");
	kj_h_text(b, T("統一基準"));
	kj_h(b, " ");
	kj_h_text(b, v->version);
	kj_h(b, "</p><form class=\"inline\" method=\"get\" action=\"");
	kj_h_attr(b, req->path);
	kj_h(b, "\"><label for=\"verified-fy\">");
	kj_h_text(b, T("年度（西暦）"));
	kj_h(b, "</label> <input id=\"verified-fy\" name=\"fy\" type=\"number\" inputmode=\"numeric\" "
		"min=\"" STR(KJ_SURVEY_FY_MIN) "\" max=\"" STR(KJ_SURVEY_FY_MAX) "\" value=\"");
	kj_h_int(b, v->fy);
	kj_h(b, "\"> <button type=\"submit\">");
	kj_h_text(b, T("表示する"));
	kj_h(b, "</button></form><p class=\"note\">");
	kj_h_text(b, T("報告書を発行した実地調査の対策事項ごとに、質問調査での自己評価の水準と、"
		       "実地調査で確認した水準を比べます。どちらかが「該当しない」の項目は比較から除きます。"
		       "事業者が k 未満の集計値は表示しません（k ="));
	kj_h(b, " ");
	kj_h_int(b, v->k);
	kj_h_text(b, T("）。表示しない値は「—（k 未満のため非表示）」と示します。"));
	kj_h(b, "</p>");
	if (!v->nsurveys) {
		kj_h(b, "<p class=\"note\">");
		kj_h_text(b, T("この年度の実地調査はありません。"));
		kj_h(b, "</p>");
	}
}

static void downloads(struct kj_request *req, struct kj_buf *b, const struct kj_verified *v,
		      const struct kj_atab *t)
{
	static const char *const fmts[] = { "csv", "xlsx" };
	kj_h(b, "<p class=\"downloads\">");
	for (int i = 0; i < 2; i++) {
		char href[256];
		snprintf(href, sizeof href, "%s?fy=%d&table=%s&format=%s", req->path, v->fy,
			 t->name, fmts[i]);
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

/* Every table of TS but the first CHARTED ones (already shown with their charts). */
static void tables(struct kj_request *req, struct kj_buf *b, const struct kj_verified *v,
		   const struct kj_atabs *ts, int from)
{
	for (int i = from; i < ts->n; i++) {
		const struct kj_atab *t = &ts->tab[i];
		if (!t->t.nrows && strcmp(t->name, "over"))
			continue;
		kj_h(b, "<section><h2>");
		kj_h_text(b, T(t->caption_ja));
		kj_h(b, "</h2>");
		if (!t->t.nrows) {
			kj_h(b, "<p>");
			kj_h_text(b, T("該当する対策事項はありません。"));
			kj_h(b, "</p></section>");
			continue;
		}
		kj_atab_html(req, b, t);
		downloads(req, b, v, t);
		kj_h(b, "</section>");
	}
}

/* The stacked bars of below / equal / above for N figures FIG[i] labelled LABELS[i]. */
static void chart(struct kj_request *req, struct kj_buf *b, int n, const char *const *labels,
		  const struct kj_vfig *const *fig, const char *title_ja, const char *desc_ja)
{
	long (*lv)[KJ_ASVG_SEGMENTS] = calloc((size_t)(n > 0 ? n : 1), sizeof *lv);
	unsigned char *sup = calloc((size_t)(n > 0 ? n : 1), 1);
	/* Segments 0 (red), 3 and 4 (blues): below, equal, above; the others unused. */
	const char *legend[KJ_ASVG_SEGMENTS] = { T("確認が下回る"), NULL, NULL, T("一致"),
						 T("確認が上回る"), NULL };
	if (lv && sup) {
		for (int i = 0; i < n; i++) {
			sup[i] = fig[i]->suppressed;
			if (sup[i])
				continue;
			lv[i][0] = kj_cmp_below(&fig[i]->c);
			lv[i][3] = kj_cmp_equal(&fig[i]->c);
			lv[i][4] = kj_cmp_above(&fig[i]->c);
		}
		struct kj_asvg_head h = { "chart-verified", T(title_ja), T(desc_ja), T("k 未満"),
					  legend };
		if (kj_asvg_stacked(b, &h, n, labels, (const long (*)[KJ_ASVG_SEGMENTS])lv, sup) < 0) {
			kj_h(b, "<p class=\"note\">");
			kj_h_text(b, T("図を表示できません。下の表をご覧ください。"));
			kj_h(b, "</p>");
		}
	}
	free(lv);
	free(sup);
}

static int national_page(struct kj_request *req, struct kj_response *resp,
			 const struct kj_verified *v, const struct kj_atabs *ts)
{
	struct kj_buf *b = &resp->body;
	const char *labels[KJ_ANALYSIS_VALUES_MAX + 1];
	const struct kj_vfig *fig[KJ_ANALYSIS_VALUES_MAX + 1];
	int n = 0;
	kj_page_begin(req, resp, T("自己評価と実地調査の比較"));
	head(req, b, v, T("自己評価と実地調査の比較"));
	for (int s = 0; s < v->ns && n < KJ_ANALYSIS_VALUES_MAX; s++, n++) {
		labels[n] = sector_name(req, v, s);
		fig[n] = &v->sec[s];
	}
	labels[n] = T("全国");
	fig[n++] = &v->nat;
	kj_h(b, "<section><h2>");
	kj_h_text(b, T("分野別の自己評価と確認結果の比較"));
	kj_h(b, "</h2>");
	chart(req, b, n, labels, fig, N_("分野別の自己評価と確認結果の比較"),
	      N_("分野ごとと全国の、確認した水準が自己評価を下回る・一致する・上回る項目数の積み上げ棒グラフ。"
		 "右端の数は比較した項目数です。"));
	kj_atab_html(req, b, &ts->tab[0]);
	downloads(req, b, v, &ts->tab[0]);
	kj_h(b, "</section>");
	tables(req, b, v, ts, 1);
	kj_page_end(req, resp);
	return 0;
}

static int sector_page(struct kj_request *req, struct kj_response *resp,
		       const struct kj_verified *v, const struct kj_atabs *ts)
{
	struct kj_buf *b = &resp->body;
	int s = v->sector, nr = v->nr;
	const char **labels = calloc((size_t)(nr > 0 ? nr : 1), sizeof *labels);
	const struct kj_vfig **fig = calloc((size_t)(nr > 0 ? nr : 1), sizeof *fig);
	if (!labels || !fig) {
		free(labels);
		free(fig);
		return 500;
	}
	char title[256];
	snprintf(title, sizeof title, "%s — %s", T("自己評価と実地調査の比較"), sector_name(req, v, s));
	kj_page_begin(req, resp, title);
	head(req, b, v, title);
	for (int q = 0; q < nr; q++) {
		labels[q] = v->cat.reqs[q].id;
		fig[q] = &v->cell[(size_t)s * (size_t)nr + (size_t)q];
	}
	kj_h(b, "<section><h2>");
	kj_h_text(b, T("対策事項別の自己評価と確認結果の比較"));
	kj_h(b, "</h2>");
	chart(req, b, nr, labels, fig, N_("対策事項別の自己評価と確認結果の比較"),
	      N_("この分野の対策事項ごとの、確認した水準が自己評価を下回る・一致する・上回る項目数の積み上げ棒グラフ。"
		 "右端の数は比較した項目数です。"));
	kj_atab_html(req, b, &ts->tab[0]);
	downloads(req, b, v, &ts->tab[0]);
	kj_h(b, "</section>");
	tables(req, b, v, ts, 1);
	kj_page_end(req, resp);
	free(labels);
	free(fig);
	return 0;
}

static int build(struct kj_request *req, const struct kj_verified *v, struct kj_atabs *ts)
{
	memset(ts, 0, sizeof *ts);
	const struct kj_vfig *reqs = v->sector < 0 ? v->req
				     : &v->cell[(size_t)v->sector * (size_t)v->nr];
	if (v->sector < 0)
		tab_sectors(req, v, ts);
	else
		tab_reqs(req, v, ts, reqs);
	tab_over(req, v, ts, reqs);
	tab_operators(req, v, ts);
	tab_own(req, v, ts);
	for (int i = 0; i < ts->n; i++)
		if (ts->tab[i].fail)
			return -1;
	return 0;
}

/* The request's fiscal year, or the latest with an on-site survey. */
static const char *fy_param(struct kj_request *req, char *buf, size_t n)
{
	const char *fy = kj_param(req, "fy");
	if (fy)
		return fy;
	time_t now = req->app->now();
	struct tm tm;
	struct kj_err err;
	int shown;
	gmtime_r(&now, &tm);
	if (kj_verified_default_fy(req->st, kj_fiscal_year(tm.tm_year + 1900, tm.tm_mon + 1),
				   &shown, &err) < 0)
		return NULL;
	snprintf(buf, n, "%d", shown);
	return buf;
}

static int serve(struct kj_request *req, struct kj_response *resp, const char *sector)
{
	struct kj_verified v;
	struct kj_analysis_refusal why;
	struct kj_err err;
	struct kj_atabs ts;
	char fybuf[16];
	const char *fy = fy_param(req, fybuf, sizeof fybuf);
	if (!fy)
		return 500;
	int rc = kj_verified_load(req->st, &req->user, fy, sector, req->app->analysis_k, &v, &why,
				  &err);
	if (rc < 0)
		return 500;
	if (rc > 0)
		return kj_web_error(req, resp, why.code, req->lang == KJ_LANG_EN ? why.en : why.ja)
		       ? 500 : 0;
	const char *format = kj_param(req, "format");
	if (build(req, &v, &ts) < 0) {
		rc = 500;
	} else if (format) {
		char prefix[64];
		snprintf(prefix, sizeof prefix, "kijun-verified-%d", v.fy);
		rc = kj_atabs_send(req, resp, &ts, format, prefix);
	} else {
		rc = sector ? sector_page(req, resp, &v, &ts) : national_page(req, resp, &v, &ts);
	}
	kj_atabs_free(&ts);
	kj_verified_free(&v);
	return rc;
}

int kj_page_analysis_verified(struct kj_request *req, struct kj_response *resp)
{
	return serve(req, resp, NULL);
}

int kj_page_analysis_verified_sector(struct kj_request *req, struct kj_response *resp)
{
	return serve(req, resp, req->args[0]);
}
