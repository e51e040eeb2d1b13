/*
 * The analysis pages (issue 13): /analysis?fy=FY (national),
 * /analysis/sectors/{sector}?fy=FY and /analysis/requirements/{id}?fy=FY,
 * one call of app/analysis.h each (the figures the API gives the same
 * reader, suppressed as the reader must see them). Every chart is SVG
 * from export/analysis_svg.c, followed by the same figures as a table;
 * every table is also a file (?table=NAME&format=csv|xlsx, audited as the
 * other exports). No fiscal year: the latest with a survey up to the current one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/authz.h"
#include "base/util.h"
#include "export/analysis_svg.h"
#include "web/app.h"
#include "web/html.h"
#include "web/page_analysis.h"
#include "web/pages.h"
#include "web/ui.h"

#define STR2(x) #x
#define STR(x) STR2(x)

/* The year's GET form: no JavaScript, the year typed or stepped. */
static void fy_form(struct kj_request *req, struct kj_buf *b, const struct kj_analysis *a)
{
	kj_h(b, "<form class=\"inline\" method=\"get\" action=\"");
	kj_h_attr(b, req->path);
	kj_h(b, "\"><label for=\"analysis-fy\">");
	kj_h_text(b, T("年度（西暦）"));
	kj_h(b, "</label> <input id=\"analysis-fy\" name=\"fy\" type=\"number\" inputmode=\"numeric\" "
		"min=\"" STR(KJ_SURVEY_FY_MIN) "\" max=\"" STR(KJ_SURVEY_FY_MAX) "\" value=\"");
	kj_h_int(b, a->sv.fy);
	kj_h(b, "\"> <button type=\"submit\">");
	kj_h_text(b, T("表示する"));
	kj_h(b, "</button></form>");
}

/* The head of every view: the title, the year, its form and the rule of k. */
static void view_head(struct kj_request *req, struct kj_buf *b, const struct kj_analysis *a,
		      const char *h1)
{
	kj_h(b, "<nav aria-label=\"");
	kj_h_attr(b, T("パンくずリスト"));
	kj_h(b, "\"><ol class=\"breadcrumbs\"><li><a href=\"/analysis?fy=");
	kj_h_int(b, a->sv.fy);
	kj_h(b, "\">");
	kj_h_text(b, T("分析"));
	kj_h(b, "</a></li></ol></nav><h1>");
	kj_h_text(b, h1);
	kj_h(b, "</h1><p>");
	kj_h_fy(req, b, a->sv.fy);
	kj_h(b, " — ");
	kj_h_text(b, T("統一基準"));
	kj_h(b, " ");
	kj_h_text(b, a->sv.version);
	kj_h(b, "</p>");
	fy_form(req, b, a);
	kj_h(b, "<p class=\"note\">");
	kj_h_text(b, T("実施率は、水準3以上と回答した割合です（該当しないを除く）。"
		       "事業者が k 未満の集計値は表示しません（k ="));
	kj_h(b, " ");
	kj_h_int(b, a->k);
	kj_h_text(b, T("）。表示しない値は「—（k 未満のため非表示）」と示します。"));
	kj_h(b, "</p>");
}

/* The files of table T: CSV and xlsx links. */
static void downloads(struct kj_request *req, struct kj_buf *b, const struct kj_analysis *a,
		      const struct kj_atab *t)
{
	static const char *const fmts[] = { "csv", "xlsx" };
	kj_h(b, "<p class=\"downloads\">");
	for (int i = 0; i < 2; i++) {
		char href[256];
		snprintf(href, sizeof href, "%s?fy=%d&table=%s&format=%s", req->path, a->sv.fy,
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

/* A chart's head: ID, its title and its description (marked N_()). */
static struct kj_asvg_head chart_head(struct kj_request *req, const char *id,
				      const char *title_ja, const char *desc_ja)
{
	return (struct kj_asvg_head){ id, T(title_ja), T(desc_ja), T("k 未満"), NULL };
}

/* One section: H2, the chart (or nothing when it cannot be drawn), the table. */
static void section_open(struct kj_request *req, struct kj_buf *b, const char *h2_ja)
{
	kj_h(b, "<section><h2>");
	kj_h_text(b, T(h2_ja));
	kj_h(b, "</h2>");
}

static void section_close(struct kj_request *req, struct kj_buf *b, const struct kj_analysis *a,
			  const struct kj_atab *t)
{
	kj_atab_html(req, b, t);
	downloads(req, b, a, t);
	kj_h(b, "</section>");
}

/* A rate as the charts take it. */
static struct kj_asvg_val val(const struct kj_analysis_fig *f)
{
	struct kj_asvg_val v = { 0, 0, f->suppressed };
	if (!f->suppressed)
		v.defined = (unsigned char)kj_levels_rate(&f->l, &v.v);
	return v;
}


/* A chart that cannot be drawn (too big for the page) leaves its table alone. */
static void chart_failed(struct kj_request *req, struct kj_buf *b, int rc)
{
	if (rc < 0) {
		kj_h(b, "<p class=\"note\">");
		kj_h_text(b, T("図を表示できません。下の表をご覧ください。"));
		kj_h(b, "</p>");
	}
}

static int national_page(struct kj_request *req, struct kj_response *resp,
			 const struct kj_analysis *a, const struct kj_atabs *ts)
{
	struct kj_buf *b = &resp->body;
	const char *rows[KJ_ANALYSIS_VALUES_MAX], *cols[KJ_ATAB_COLS], *wrows[KJ_ANALYSIS_VALUES_MAX];
	struct kj_asvg_val v[KJ_ANALYSIS_VALUES_MAX * 8];
	int ns = a->ns < KJ_ANALYSIS_VALUES_MAX ? a->ns : KJ_ANALYSIS_VALUES_MAX;
	int nf = a->nf < 8 ? a->nf : 8;
	kj_page_begin(req, resp, T("分析（全国）"));
	view_head(req, b, a, T("分析（全国）"));
	/* Self-reported against verified (issue 15): page_analysis_verified.c. */
	kj_h(b, "<p><a href=\"/analysis/verified?fy=");
	kj_h_int(b, a->sv.fy);
	kj_h(b, "\">");
	kj_h_text(b, T("自己評価と実地調査の比較"));
	kj_h(b, "</a></p>");
	for (int s = 0; s < ns; s++) {
		rows[s] = kj_analysis_sector_name(req, a, s);
		for (int f = 0; f < nf; f++)
			v[s * nf + f] = val(&a->fn[(size_t)s * (size_t)a->nf + (size_t)f]);
	}
	for (int f = 0; f < nf; f++)
		cols[f] = kj_analysis_function_name(req, a, f);
	section_open(req, b, N_("分野・機能別の実施率"));
	struct kj_asvg_head h = chart_head(req, "chart-heatmap", N_("分野・機能別の実施率"),
		N_("重要インフラ分野ごと、機能ごとの実施率。色が濃いほど高く、各セルに値を示します。"
		   "斜線のセルは k 未満のため非表示です。"));
	chart_failed(req, b, kj_asvg_heatmap(b, &h, ns, rows, nf, cols, v));
	section_close(req, b, a, &ts->tab[0]);
	/* The weakest requirements: their rates, from the table's rows. */
	const struct kj_atab *w = &ts->tab[1];
	section_open(req, b, N_("実施率の低い対策事項（全国）"));
	int nw = 0;
	for (int r = 0; r < w->t.nrows && nw < KJ_ANALYSIS_VALUES_MAX; r++) {
		int q = kj_catalog_req_index(&a->cat, w->t.cells[(size_t)r * (size_t)w->t.ncols]);
		if (q < 0)
			continue;
		wrows[nw] = a->cat.reqs[q].id;
		v[nw++] = val(&a->nat[q]);
	}
	if (nw) {
		h = chart_head(req, "chart-weakest", N_("実施率の低い対策事項（全国）"),
			       N_("全国で実施率の最も低い対策事項の実施率の棒グラフ。"));
		chart_failed(req, b, kj_asvg_bars(b, &h, nw, wrows, v));
	}
	section_close(req, b, a, w);
	section_open(req, b, N_("分野別の回答率"));
	for (int s = 0; s < ns; s++)
		v[s] = (struct kj_asvg_val){ a->respondents[s] > 0 ? (double)a->submitted[s] /
			(double)a->respondents[s] : 0, a->respondents[s] > 0, 0 };
	h = chart_head(req, "chart-response", N_("分野別の回答率"),
		       N_("分野ごとの、回答対象の事業者のうち提出済みの割合の棒グラフ。"));
	chart_failed(req, b, kj_asvg_bars(b, &h, ns, rows, v));
	section_close(req, b, a, &ts->tab[2]);
	section_open(req, b, N_("安全基準等のギャップ"));
	for (int s = 0; s < ns; s++)
		v[s] = val(&a->gap[s]);
	h = chart_head(req, "chart-gaps", N_("ギャップの対策事項の実施率"),
		       N_("分野の安全基準等が規定していない対策事項（ギャップ）についての、分野ごとの実施率の棒グラフ。"));
	chart_failed(req, b, kj_asvg_bars(b, &h, ns, rows, v));
	section_close(req, b, a, &ts->tab[3]);
	kj_page_end(req, resp);
	return 0;
}

/* The sector's publication: the form for who may publish it, and the link
 * to what is published. */
static void publish_box(struct kj_request *req, struct kj_buf *b, const struct kj_analysis *a)
{
	const char *code = a->cat.sectors[a->sector].code;
	kj_h(b, "<p><a href=\"/analysis/published\">");
	kj_h_text(b, T("公表された分析結果"));
	kj_h(b, "</a></p>");
	if (!kj_authz_analysis_publish(&req->user, code))
		return;
	kj_h(b, "<form class=\"publish\" method=\"post\" action=\"/analysis/sectors/");
	kj_h_urlpart(b, code);
	kj_h(b, "/publish\">");
	kj_h_csrf(req, b);
	kj_h(b, "<input type=\"hidden\" name=\"fy\" value=\"");
	kj_h_int(b, a->sv.fy);
	kj_h(b, "\"><p class=\"hint\" id=\"publish-hint\">");
	kj_h_text(b, T("この年度の分野の結果を、分野の CEPTOAR と回答対象の事業者に公表します。"
		       "公表する結果は、事業者が k 未満の値などを秘匿したもので、公表した時点の"
		       "集計で固定されます。"));
	kj_h(b, "</p><button type=\"submit\" aria-describedby=\"publish-hint\">");
	kj_h_text(b, T("この分野の結果を公表する"));
	kj_h(b, "</button></form>");
}

static int sector_page(struct kj_request *req, struct kj_response *resp,
		       const struct kj_analysis *a, const struct kj_atabs *ts)
{
	struct kj_buf *b = &resp->body;
	int s = a->sector, nr = a->nr;
	const char **labels = calloc((size_t)(nr > 0 ? nr : 1), sizeof *labels);
	long (*lv)[KJ_ASVG_SEGMENTS] = calloc((size_t)(nr > 0 ? nr : 1), sizeof *lv);
	unsigned char *sup = calloc((size_t)(nr > 0 ? nr : 1), 1);
	if (!labels || !lv || !sup) {
		free(labels);
		free(lv);
		free(sup);
		return 500;
	}
	const char *title = kj_analysis_sector_name(req, a, s);
	kj_page_begin(req, resp, title);
	view_head(req, b, a, title);
	publish_box(req, b, a);
	static const char *const legend_ja[KJ_ASVG_SEGMENTS] = {
		N_("水準0"), N_("水準1"), N_("水準2"), N_("水準3"), N_("水準4"), N_("該当しない"),
	};
	const char *legend[KJ_ASVG_SEGMENTS];
	for (int i = 0; i < KJ_ASVG_SEGMENTS; i++)
		legend[i] = T(legend_ja[i]);
	for (int q = 0; q < nr; q++) {
		const struct kj_analysis_fig *f = &a->cur[(size_t)s * (size_t)nr + (size_t)q];
		labels[q] = a->cat.reqs[q].id;
		sup[q] = f->suppressed;
		for (int l = 0; l < KJ_LEVELS && !f->suppressed; l++)
			lv[q][l] = f->l.n[l];
		lv[q][KJ_ASVG_SEGMENTS - 1] = f->suppressed ? 0 : f->l.na;
	}
	section_open(req, b, N_("対策事項別の水準の分布"));
	struct kj_asvg_head h = chart_head(req, "chart-levels", N_("対策事項別の水準の分布"),
		N_("対策事項ごとの、回答の水準0〜4と該当しないの件数の積み上げ棒グラフ。右端の数は回答数です。"));
	h.legend = legend;
	chart_failed(req, b, kj_asvg_stacked(b, &h, nr, labels,
					     (const long (*)[KJ_ASVG_SEGMENTS])lv, sup));
	section_close(req, b, a, &ts->tab[0]);
	struct kj_asvg_val v[8];
	const char *fn[8];
	int nf = a->nf < 8 ? a->nf : 8;
	for (int f = 0; f < nf; f++) {
		fn[f] = kj_analysis_function_name(req, a, f);
		v[f] = val(&a->fn[(size_t)s * (size_t)a->nf + (size_t)f]);
	}
	section_open(req, b, N_("機能別の実施率"));
	h = chart_head(req, "chart-radar", N_("機能別の実施率"),
		       N_("機能ごとの実施率のレーダーチャート。中心が0%、外周が100%です。"));
	chart_failed(req, b, kj_asvg_radar(b, &h, nf, fn, v));
	section_close(req, b, a, &ts->tab[1]);
	section_open(req, b, N_("区分別の実施率"));
	const struct kj_atab *t = &ts->tab[2];
	struct kj_asvg_val bv[KJ_ANALYSIS_VALUES_MAX];
	const char *bl[KJ_ANALYSIS_VALUES_MAX];
	char names[KJ_ANALYSIS_VALUES_MAX][96];
	int nb = 0;
	for (int r = 0; r < t->t.nrows && r < a->nvalues && nb < KJ_ANALYSIS_VALUES_MAX; r++) {
		char *const *c = &t->t.cells[(size_t)r * (size_t)t->t.ncols];
		snprintf(names[nb], sizeof names[nb], "%s: %s", c[0], c[1]);
		bl[nb] = names[nb];
		nb++;
	}
	/* The rows follow the breakdown's dims in order: size, pref, kikan, lg. */
	static const char *const dims[] = { "size", "pref", "kikan", "lg" };
	int k = 0;
	for (size_t d = 0; d < sizeof dims / sizeof dims[0]; d++)
		for (int i = 0; i < a->nvalues && k < nb; i++)
			if (!strcmp(a->values[i].dim, dims[d]))
				bv[k++] = val(&a->values[i].f);
	if (nb) {
		h = chart_head(req, "chart-breakdown", N_("区分別の実施率"),
			       N_("規模、都道府県、基幹インフラ事業者か、地方公共団体かの区分ごとの実施率の棒グラフ。"));
		chart_failed(req, b, kj_asvg_bars(b, &h, nb, bl, bv));
	}
	section_close(req, b, a, t);
	kj_page_end(req, resp);
	free(labels);
	free(lv);
	free(sup);
	return 0;
}

static int requirement_page(struct kj_request *req, struct kj_response *resp,
			    const struct kj_analysis *a, const struct kj_atabs *ts)
{
	struct kj_buf *b = &resp->body;
	const struct kj_requirement *q = &a->cat.reqs[a->req];
	const char *rows[KJ_ANALYSIS_VALUES_MAX + 1];
	struct kj_asvg_val v[KJ_ANALYSIS_VALUES_MAX + 1];
	int ns = a->ns < KJ_ANALYSIS_VALUES_MAX ? a->ns : KJ_ANALYSIS_VALUES_MAX;
	char title[128];
	snprintf(title, sizeof title, "%s %s", T("対策事項"), q->id);
	kj_page_begin(req, resp, title);
	view_head(req, b, a, title);
	kj_h(b, "<p>");
	kj_h_text(b, req->lang == KJ_LANG_EN ? q->text_en : q->text_ja);
	kj_h(b, "</p><p><a href=\"/catalog/");
	kj_h_urlpart(b, q->id);
	kj_h(b, "\">");
	kj_h_text(b, T("統一基準の本文を見る"));
	kj_h(b, "</a></p>");
	for (int s = 0; s < ns; s++) {
		rows[s] = kj_analysis_sector_name(req, a, s);
		v[s] = val(&a->cur[(size_t)s * (size_t)a->nr + (size_t)a->req]);
	}
	rows[ns] = T("全国");
	v[ns] = val(&a->nat[a->req]);
	section_open(req, b, N_("分野別の実施率"));
	struct kj_asvg_head h = chart_head(req, "chart-sectors", N_("分野別の実施率"),
		N_("この対策事項の、重要インフラ分野ごとと全国の実施率の棒グラフ。"));
	chart_failed(req, b, kj_asvg_bars(b, &h, ns + 1, rows, v));
	section_close(req, b, a, &ts->tab[0]);
	kj_page_end(req, resp);
	return 0;
}

/* View V: one call into app, then the page or one of its tables as a file. */
static int serve(struct kj_request *req, struct kj_response *resp, enum kj_analysis_view v,
		 const char *sector, const char *id)
{
	const struct kj_analysis *a;
	struct kj_analysis_refusal why;
	struct kj_err err;
	struct kj_atabs ts;
	char fybuf[16];
	/* A CEPTOAR reads its sectors' published results, not the live views. */
	if (!kj_authz_analysis_live(&req->user) && !kj_param(req, "format"))
		return kj_response_redirect(resp, "/analysis/published") ? 500 : 0;
	const char *fy = kj_analysis_fy_param(req, fybuf, sizeof fybuf);
	if (!fy)
		return 500;
	struct kj_analysis_cache *c = req->app->analysis_cache;
	int rc = kj_analysis_cache_load(c, req->st, &req->user, v, fy, sector, id,
					req->app->analysis_k, &a, &why, &err);
	if (rc < 0)
		return 500;
	if (rc > 0)
		return kj_web_error(req, resp, why.code, req->lang == KJ_LANG_EN ? why.en : why.ja)
		       ? 500 : 0;
	const char *format = kj_param(req, "format");
	if (kj_atabs_build(req, a, &ts) < 0)
		rc = 500;
	else if (format) {
		char prefix[64];
		snprintf(prefix, sizeof prefix, "kijun-analysis-%d", a->sv.fy);
		rc = kj_atabs_send(req, resp, &ts, format, prefix);
	} else {
		rc = v == KJ_VIEW_NATIONAL ? national_page(req, resp, a, &ts)
		     : v == KJ_VIEW_SECTOR ? sector_page(req, resp, a, &ts)
		     : requirement_page(req, resp, a, &ts);
	}
	kj_atabs_free(&ts);
	kj_analysis_cache_release(c, a);
	return rc;
}

int kj_page_analysis_national(struct kj_request *req, struct kj_response *resp)
{
	return serve(req, resp, KJ_VIEW_NATIONAL, NULL, NULL);
}

int kj_page_analysis_sector(struct kj_request *req, struct kj_response *resp)
{
	return serve(req, resp, KJ_VIEW_SECTOR, req->args[0], NULL);
}

int kj_page_analysis_requirement(struct kj_request *req, struct kj_response *resp)
{
	return serve(req, resp, KJ_VIEW_REQUIREMENT, NULL, req->args[0]);
}
