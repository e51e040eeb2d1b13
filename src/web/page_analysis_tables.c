/*
 * The tables of the analysis pages (page_analysis.h), built from the same
 * kj_analysis the API reads: every figure as its reader may see it, a
 * suppressed one as "—" with the note, never a value. The page prints
 * them after the charts and sends any of them as CSV or xlsx.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/util.h"
#include "export/analysis_svg.h"
#include "web/app.h"
#include "web/html.h"
#include "web/page_analysis.h"
#include "web/ui.h"

const char *kj_analysis_sector_name(const struct kj_request *req, const struct kj_analysis *a,
				    int s)
{
	return req->lang == KJ_LANG_EN ? a->cat.sectors[s].name_en : a->cat.sectors[s].name_ja;
}

const char *kj_analysis_function_name(const struct kj_request *req, const struct kj_analysis *a,
				      int f)
{
	return req->lang == KJ_LANG_EN ? a->cat.functions[f].name_en : a->cat.functions[f].name_ja;
}

const char *kj_analysis_sup_note(struct kj_request *req)
{
	return T("—（k 未満のため非表示）");
}

static struct kj_atab *tab_new(struct kj_atabs *ts, const char *name, const char *caption_ja,
			       const char *sheet)
{
	struct kj_atab *t = &ts->tab[ts->n++];
	memset(t, 0, sizeof *t);
	t->name = name;
	t->caption_ja = caption_ja;
	t->t.sheet = sheet;
	t->t.cols = t->cols;
	return t;
}

static void col(struct kj_request *req, struct kj_atab *t, const char *ja)
{
	if (t->t.ncols < KJ_ATAB_COLS)
		t->cols[t->t.ncols++] = T(ja);
}

/* A new row, its first cell linking to HREF (may be NULL): its index, or -1. */
static int row(struct kj_atab *t, const char *href)
{
	if (t->fail)
		return -1;
	if (t->t.nrows == t->cap) {
		int cap = t->cap ? 2 * t->cap : 32;
		char **c = realloc(t->t.cells, (size_t)cap * (size_t)t->t.ncols * sizeof *c);
		if (c)
			t->t.cells = c;
		char **h = c ? realloc(t->href, (size_t)cap * sizeof *h) : NULL;
		if (!h) {
			t->fail = 1;
			return -1;
		}
		t->href = h;
		t->cap = cap;
	}
	int r = t->t.nrows++;
	memset(&t->t.cells[(size_t)r * (size_t)t->t.ncols], 0, (size_t)t->t.ncols * sizeof(char *));
	t->href[r] = href ? strdup(href) : NULL;
	if (href && !t->href[r])
		t->fail = 1;
	return r;
}

static void cell(struct kj_atab *t, int r, int c, const char *v)
{
	if (r < 0 || c >= t->t.ncols)
		return;
	char *s = strdup(v ? v : "");
	if (!s)
		t->fail = 1;
	t->t.cells[(size_t)r * (size_t)t->t.ncols + (size_t)c] = s;
}

static void cell_long(struct kj_atab *t, int r, int c, long v)
{
	char s[32];
	snprintf(s, sizeof s, "%ld", v);
	cell(t, r, c, s);
}

/* The figure's rate, or the note when it is suppressed. */
static void cell_rate(struct kj_request *req, struct kj_atab *t, int r, int c,
		      const struct kj_analysis_fig *f)
{
	char s[32];
	double v = 0;
	if (f->suppressed) {
		cell(t, r, c, kj_analysis_sup_note(req));
		return;
	}
	int defined = kj_levels_rate(&f->l, &v);
	kj_asvg_pct(s, sizeof s, v, defined, 0);
	cell(t, r, c, s);
}

/* A count of the figure (applicable answers), or the note. */
static void cell_count(struct kj_request *req, struct kj_atab *t, int r, int c,
		       const struct kj_analysis_fig *f, long v)
{
	if (f->suppressed)
		cell(t, r, c, kj_analysis_sup_note(req));
	else
		cell_long(t, r, c, v);
}

/* The change of the rate since the previous year, as the API gives it. */
static void cell_change(struct kj_request *req, struct kj_atab *t, int r, int c,
			const struct kj_analysis *a, const struct kj_analysis_fig *cur,
			const struct kj_analysis_fig *prv, int q)
{
	double cv, pv;
	char s[32];
	if (!a->has_prev || a->kind[q] < 0) {
		cell(t, r, c, "—");
		return;
	}
	if (cur->suppressed || prv->suppressed) {
		cell(t, r, c, kj_analysis_sup_note(req));
		return;
	}
	int ok = kj_levels_rate(&cur->l, &cv) && kj_levels_rate(&prv->l, &pv);
	/* The API's change is the difference of the rounded ratios' source. */
	kj_asvg_pct(s, sizeof s, ok ? cv - pv : 0, ok, 1);
	/* A change inside its 95% interval's noise is not called a change. */
	struct kj_bench_change ch;
	if (ok && kj_analysis_rate_change(cur, prv, &ch) && !ch.called) {
		char with[96];
		int n = snprintf(with, sizeof with, "%s %s", s, T("（誤差の範囲）"));
		cell(t, r, c, n > 0 && (size_t)n < sizeof with ? with : s);
		return;
	}
	cell(t, r, c, s);
}

static void href_fy(char *out, size_t n, const char *base, const char *part, int fy)
{
	snprintf(out, n, "%s%s?fy=%d", base, part, fy);
}

/* --- National ----------------------------------------------------------------- */

static void national_heat(struct kj_request *req, const struct kj_analysis *a,
			  struct kj_atabs *ts)
{
	struct kj_atab *t = tab_new(ts, "heatmap", N_("分野・機能別の実施率"), "heatmap");
	col(req, t, N_("分野"));
	for (int f = 0; f < a->nf && t->t.ncols < KJ_ATAB_COLS; f++)
		t->cols[t->t.ncols++] = kj_analysis_function_name(req, a, f);
	char href[128];
	for (int s = 0; s < a->ns; s++) {
		href_fy(href, sizeof href, "/analysis/sectors/", a->cat.sectors[s].code, a->sv.fy);
		int r = row(t, href);
		cell(t, r, 0, kj_analysis_sector_name(req, a, s));
		for (int f = 0; f < a->nf && f + 1 < KJ_ATAB_COLS; f++)
			cell_rate(req, t, r, f + 1, &a->fn[(size_t)s * (size_t)a->nf + (size_t)f]);
	}
	int r = row(t, NULL);
	cell(t, r, 0, T("全国"));
	for (int f = 0; f < a->nf && f + 1 < KJ_ATAB_COLS; f++)
		cell_rate(req, t, r, f + 1, &a->nat_fn[f]);
}

/* The weakest requirements, as the API lists them (its "weakest"). */
static void national_weakest(struct kj_request *req, const struct kj_analysis *a,
			     struct kj_atabs *ts)
{
	struct kj_atab *t = tab_new(ts, "weakest", N_("実施率の低い対策事項（全国）"), "weakest");
	col(req, t, N_("対策事項"));
	col(req, t, N_("機能"));
	col(req, t, N_("適用される回答"));
	col(req, t, N_("実施率"));
	json_t *j = kj_analysis_json(a);
	if (!j) {
		t->fail = 1;
		return;
	}
	size_t i;
	json_t *w;
	char href[128];
	json_array_foreach(json_object_get(j, "weakest"), i, w) {
		int q = kj_catalog_req_index(&a->cat, json_string_value(json_object_get(w, "id")));
		if (q < 0)
			continue;
		href_fy(href, sizeof href, "/analysis/requirements/", a->cat.reqs[q].id, a->sv.fy);
		int r = row(t, href);
		cell(t, r, 0, a->cat.reqs[q].id);
		cell(t, r, 1, kj_analysis_function_name(req, a, a->cat.reqs[q].function));
		cell_count(req, t, r, 2, &a->nat[q], kj_levels_applicable(&a->nat[q].l));
		cell_rate(req, t, r, 3, &a->nat[q]);
	}
	json_decref(j);
}

static void response_cells(struct kj_atab *t, int r, long respondents, long submitted)
{
	char s[32];
	cell_long(t, r, 1, respondents);
	cell_long(t, r, 2, submitted);
	kj_asvg_pct(s, sizeof s, respondents > 0 ? (double)submitted / (double)respondents : 0,
		    respondents > 0, 0);
	cell(t, r, 3, s);
}

static void national_response(struct kj_request *req, const struct kj_analysis *a,
			      struct kj_atabs *ts)
{
	struct kj_atab *t = tab_new(ts, "response", N_("分野別の回答率"), "response");
	col(req, t, N_("分野"));
	col(req, t, N_("回答対象の事業者"));
	col(req, t, N_("提出済み"));
	col(req, t, N_("回答率"));
	char href[128];
	for (int s = 0; s < a->ns; s++) {
		href_fy(href, sizeof href, "/analysis/sectors/", a->cat.sectors[s].code, a->sv.fy);
		int r = row(t, href);
		cell(t, r, 0, kj_analysis_sector_name(req, a, s));
		response_cells(t, r, a->respondents[s], a->submitted[s]);
	}
	int r = row(t, NULL);
	cell(t, r, 0, T("全国"));
	response_cells(t, r, a->nat_respondents, a->nat_submitted);
}

static void national_gaps(struct kj_request *req, const struct kj_analysis *a,
			  struct kj_atabs *ts)
{
	struct kj_atab *t = tab_new(ts, "gaps", N_("安全基準等のギャップ"), "gaps");
	col(req, t, N_("分野"));
	col(req, t, N_("ギャップの対策事項"));
	col(req, t, N_("適用される回答"));
	col(req, t, N_("実施率"));
	char href[128];
	for (int s = 0; s < a->ns; s++) {
		href_fy(href, sizeof href, "/analysis/sectors/", a->cat.sectors[s].code, a->sv.fy);
		int r = row(t, href);
		cell(t, r, 0, kj_analysis_sector_name(req, a, s));
		cell_long(t, r, 1, a->ngap[s]);
		cell_count(req, t, r, 2, &a->gap[s], kj_levels_applicable(&a->gap[s].l));
		cell_rate(req, t, r, 3, &a->gap[s]);
	}
}

/* --- A sector ------------------------------------------------------------------ */

static void sector_reqs(struct kj_request *req, const struct kj_analysis *a,
			struct kj_atabs *ts)
{
	static const char *const heads[] = {
		N_("対策事項"), N_("機能"), N_("水準0"), N_("水準1"), N_("水準2"), N_("水準3"),
		N_("水準4"), N_("該当しない"), N_("実施率"), N_("前年度からの変化"), N_("充足状況"),
	};
	struct kj_atab *t = tab_new(ts, "requirements", N_("対策事項別の水準の分布"),
				    "requirements");
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		col(req, t, heads[i]);
	int s = a->sector;
	char href[128];
	for (int q = 0; q < a->nr; q++) {
		const struct kj_analysis_fig *f = &a->cur[(size_t)s * (size_t)a->nr + (size_t)q];
		href_fy(href, sizeof href, "/analysis/requirements/", a->cat.reqs[q].id, a->sv.fy);
		int r = row(t, href);
		cell(t, r, 0, a->cat.reqs[q].id);
		cell(t, r, 1, kj_analysis_function_name(req, a, a->cat.reqs[q].function));
		for (int l = 0; l < KJ_LEVELS; l++)
			cell_count(req, t, r, 2 + l, f, f->l.n[l]);
		cell_count(req, t, r, 7, f, f->l.na);
		cell_rate(req, t, r, 8, f);
		cell_change(req, t, r, 9, a, f, &a->prv[(size_t)s * (size_t)a->nr + (size_t)q], q);
		cell(t, r, 10, kj_ui_cov_label(req, kj_coverage_at(&a->cov, s, q)));
	}
}

static void sector_functions(struct kj_request *req, const struct kj_analysis *a,
			     struct kj_atabs *ts)
{
	struct kj_atab *t = tab_new(ts, "functions", N_("機能別の実施率"), "functions");
	col(req, t, N_("機能"));
	col(req, t, N_("実施率"));
	for (int f = 0; f < a->nf; f++) {
		int r = row(t, NULL);
		cell(t, r, 0, kj_analysis_function_name(req, a, f));
		cell_rate(req, t, r, 1, &a->fn[(size_t)a->sector * (size_t)a->nf + (size_t)f]);
	}
}

/* The name of a breakdown's value. */
static const char *value_name(struct kj_request *req, const struct kj_analysis_value *v)
{
	int yes = !strcmp(v->value, "1");
	if (!strcmp(v->dim, "size"))
		return kj_ui_size_label(req, v->value);
	if (!strcmp(v->dim, "pref"))
		return v->value[0] ? kj_ui_prefecture_name(req, v->value) : T("不明");
	if (!strcmp(v->dim, "kikan"))
		return yes ? T("基幹インフラ事業者") : T("基幹インフラ事業者以外");
	return yes ? T("地方公共団体") : T("地方公共団体以外");
}

static void sector_breakdown(struct kj_request *req, const struct kj_analysis *a,
			     struct kj_atabs *ts)
{
	static const char *const dims[] = { "size", "pref", "kikan", "lg" };
	static const char *const names[] = { N_("規模"), N_("都道府県"), N_("基幹インフラ"),
					     N_("地方公共団体") };
	struct kj_atab *t = tab_new(ts, "breakdown", N_("区分別の実施率"), "breakdown");
	col(req, t, N_("区分"));
	col(req, t, N_("値"));
	col(req, t, N_("事業者"));
	col(req, t, N_("実施率"));
	for (size_t d = 0; d < sizeof dims / sizeof dims[0]; d++)
		for (int i = 0; i < a->nvalues; i++) {
			const struct kj_analysis_value *v = &a->values[i];
			if (strcmp(v->dim, dims[d]))
				continue;
			int r = row(t, NULL);
			cell(t, r, 0, T(names[d]));
			cell(t, r, 1, value_name(req, v));
			cell_count(req, t, r, 2, &v->f, v->f.size);
			cell_rate(req, t, r, 3, &v->f);
		}
}

/* --- A requirement ------------------------------------------------------------- */

static void req_sectors(struct kj_request *req, const struct kj_analysis *a,
			struct kj_atabs *ts)
{
	struct kj_atab *t = tab_new(ts, "sectors", N_("分野別の実施率"), "sectors");
	col(req, t, N_("分野"));
	col(req, t, N_("回答"));
	col(req, t, N_("適用される回答"));
	col(req, t, N_("実施率"));
	col(req, t, N_("前年度からの変化"));
	int q = a->req;
	char href[128];
	for (int s = 0; s <= a->ns; s++) {
		size_t i = (size_t)(s < a->ns ? s : 0) * (size_t)a->nr + (size_t)q;
		const struct kj_analysis_fig *f = s < a->ns ? &a->cur[i] : &a->nat[q];
		const struct kj_analysis_fig *p = s < a->ns ? &a->prv[i] : &a->nat_prv[q];
		if (s < a->ns)
			href_fy(href, sizeof href, "/analysis/sectors/", a->cat.sectors[s].code,
				a->sv.fy);
		int r = row(t, s < a->ns ? href : NULL);
		cell(t, r, 0, s < a->ns ? kj_analysis_sector_name(req, a, s) : T("全国"));
		cell_count(req, t, r, 1, f, kj_levels_answers(&f->l));
		cell_count(req, t, r, 2, f, kj_levels_applicable(&f->l));
		cell_rate(req, t, r, 3, f);
		cell_change(req, t, r, 4, a, f, p, q);
	}
}

int kj_atabs_build(struct kj_request *req, const struct kj_analysis *a, struct kj_atabs *ts)
{
	ts->n = 0;
	if (a->view == KJ_VIEW_NATIONAL) {
		national_heat(req, a, ts);
		national_weakest(req, a, ts);
		national_response(req, a, ts);
		national_gaps(req, a, ts);
	} else if (a->view == KJ_VIEW_SECTOR) {
		sector_reqs(req, a, ts);
		sector_functions(req, a, ts);
		sector_breakdown(req, a, ts);
	} else {
		req_sectors(req, a, ts);
	}
	for (int i = 0; i < ts->n; i++)
		if (ts->tab[i].fail)
			return -1;
	return 0;
}

void kj_atabs_free(struct kj_atabs *ts)
{
	for (int i = 0; i < ts->n; i++) {
		struct kj_atab *t = &ts->tab[i];
		for (int r = 0; r < t->t.nrows; r++) {
			for (int c = 0; c < t->t.ncols; c++)
				free(t->t.cells[(size_t)r * (size_t)t->t.ncols + (size_t)c]);
			free(t->href[r]);
		}
		free(t->t.cells);
		free(t->href);
	}
	ts->n = 0;
}

void kj_atab_html(struct kj_request *req, struct kj_buf *b, const struct kj_atab *t)
{
	kj_h(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"");
	kj_h_attr(b, T(t->caption_ja));
	kj_h(b, "\"><table class=\"data\" id=\"table-");
	kj_h_attr(b, t->name);
	kj_h(b, "\"><caption>");
	kj_h_text(b, T(t->caption_ja));
	kj_h(b, "</caption><thead><tr>");
	for (int c = 0; c < t->t.ncols; c++) {
		kj_h(b, "<th scope=\"col\">");
		kj_h_text(b, t->cols[c]);
		kj_h(b, "</th>");
	}
	kj_h(b, "</tr></thead><tbody>");
	for (int r = 0; r < t->t.nrows; r++) {
		char *const *row_cells = &t->t.cells[(size_t)r * (size_t)t->t.ncols];
		kj_h(b, "<tr><th scope=\"row\">");
		if (t->href[r])
			kj_h_link(b, t->href[r], row_cells[0]);
		else
			kj_h_text(b, row_cells[0]);
		kj_h(b, "</th>");
		for (int c = 1; c < t->t.ncols; c++) {
			kj_h(b, "<td>");
			kj_h_text(b, row_cells[c]);
			kj_h(b, "</td>");
		}
		kj_h(b, "</tr>");
	}
	kj_h(b, "</tbody></table></div>");
}

/* The builders above for tables made elsewhere (a published snapshot's). */
struct kj_atab *kj_atab_new(struct kj_atabs *ts, const char *name, const char *caption_ja)
{
	return ts->n < KJ_ATABS_MAX ? tab_new(ts, name, caption_ja, name) : NULL;
}

void kj_atab_col(struct kj_request *req, struct kj_atab *t, const char *ja)
{
	col(req, t, ja);
}

int kj_atab_row(struct kj_atab *t, const char *href)
{
	return row(t, href);
}

void kj_atab_cell(struct kj_atab *t, int r, int c, const char *v)
{
	cell(t, r, c, v);
}

const char *kj_analysis_fy_param(struct kj_request *req, char *buf, size_t n)
{
	const char *fy = kj_param(req, "fy");
	if (fy)
		return fy;
	time_t now = req->app->now();
	struct tm tm;
	struct kj_err err;
	int shown;
	gmtime_r(&now, &tm);
	if (kj_analysis_default_fy(req->st, kj_fiscal_year(tm.tm_year + 1900, tm.tm_mon + 1),
				   &shown, &err) < 0)
		return NULL;
	snprintf(buf, n, "%d", shown);
	return buf;
}

static int tab_csv(FILE *f, void *ctx)
{
	const struct kj_atab *t = ctx;
	return kj_atable_write_csv(f, &t->t);
}

static int tab_xlsx(const char *path, void *ctx)
{
	const struct kj_atab *t = ctx;
	struct kj_err err;
	return kj_atable_write_xlsx(path, &t->t, &err);
}

int kj_atab_send(struct kj_request *req, struct kj_response *resp, struct kj_atab *t,
		 const char *format, const char *base)
{
	return kj_web_send_table(req, resp, format, base, t->t.nrows, tab_csv, tab_xlsx, t);
}

int kj_atabs_send(struct kj_request *req, struct kj_response *resp, struct kj_atabs *ts,
		  const char *format, const char *prefix)
{
	const char *name = kj_param(req, "table");
	if (strcmp(format, "csv") && strcmp(format, "xlsx"))
		return kj_web_error(req, resp, 400, N_("format は csv か xlsx を指定してください。"))
		       ? 500 : 0;
	for (int i = 0; i < ts->n; i++) {
		if (!name || strcmp(name, ts->tab[i].name))
			continue;
		char base[160];
		snprintf(base, sizeof base, "%s-%s", prefix, ts->tab[i].name);
		return kj_atab_send(req, resp, &ts->tab[i], format, base);
	}
	return kj_web_error(req, resp, 400, N_("table にこのページの表の名前を指定してください。"))
	       ? 500 : 0;
}
