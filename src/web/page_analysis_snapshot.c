/*
 * A published snapshot of the analysis as a page: its head (sector, year,
 * when and by whom it was published, k, digest), the downloads, each chart
 * and table drawn from the frozen JSON as it was published (a suppressed
 * figure as "—" with the note, never a value), and the suppression log
 * (秘匿の記録) for the ministry and the NCO. See page_analysis_snapshot.h.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/analysis_svg.h"
#include "web/html.h"
#include "web/page_analysis_snapshot.h"
#include "web/ui.h"

/* --- Tables from the JSON ---------------------------------------------------- */

/* A new row without a link. */
static int row(struct kj_atab *t)
{
	return kj_atab_row(t, NULL);
}

static int suppressed(json_t *fig)
{
	return json_is_true(json_object_get(fig, "suppressed"));
}

/* An integer of the figure (KEY, or LEVELS[I] when KEY is NULL), or the note. */
static void cell_count(struct kj_request *req, struct kj_atab *t, int r, int c, json_t *fig,
		       const char *key, size_t i)
{
	char s[32];
	if (suppressed(fig)) {
		kj_atab_cell(t, r, c, kj_analysis_sup_note(req));
		return;
	}
	json_t *v = key ? json_object_get(fig, key)
			: json_array_get(json_object_get(fig, "levels"), i);
	snprintf(s, sizeof s, "%lld", (long long)json_integer_value(v));
	kj_atab_cell(t, r, c, s);
}

/* A ratio of the JSON (rate, change) as the pages print it, or the note. */
static void cell_ratio(struct kj_request *req, struct kj_atab *t, int r, int c, json_t *fig,
		       json_t *v, int is_signed)
{
	char s[32];
	if (fig && suppressed(fig)) {
		kj_atab_cell(t, r, c, kj_analysis_sup_note(req));
		return;
	}
	kj_asvg_pct(s, sizeof s, json_number_value(v), json_is_number(v), is_signed);
	kj_atab_cell(t, r, c, s);
}

/* The name of function CODE from the view's head. */
static const char *function_name(struct kj_request *req, json_t *view, const char *code)
{
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(view, "functions"), i, f)
		if (code && !strcmp(code, json_string_value(json_object_get(f, "code")) ?
			   json_string_value(json_object_get(f, "code")) : ""))
			return json_string_value(json_object_get(f, req->lang == KJ_LANG_EN ?
								 "name_en" : "name_ja"));
	return code;
}

static void snapshot_reqs(struct kj_request *req, json_t *view, struct kj_atabs *ts)
{
	static const char *const heads[] = {
		N_("対策事項"), N_("機能"), N_("水準0"), N_("水準1"), N_("水準2"), N_("水準3"),
		N_("水準4"), N_("該当しない"), N_("実施率"), N_("前年度からの変化"),
	};
	struct kj_atab *t = kj_atab_new(ts, "requirements", N_("対策事項別の水準の分布"));
	if (!t)
		return;
	for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
		kj_atab_col(req, t, heads[i]);
	size_t i;
	json_t *q;
	json_array_foreach(json_object_get(view, "requirements"), i, q) {
		json_t *f = json_object_get(q, "figure");
		int r = row(t);
		kj_atab_cell(t, r, 0, json_string_value(json_object_get(q, "id")));
		const char *fn = json_string_value(json_object_get(q, "function"));
		kj_atab_cell(t, r, 1, function_name(req, view, fn));
		for (size_t l = 0; l < KJ_LEVELS; l++)
			cell_count(req, t, r, 2 + (int)l, f, NULL, l);
		cell_count(req, t, r, 7, f, "na", 0);
		cell_ratio(req, t, r, 8, f, json_object_get(f, "rate"), 0);
		/* The change: none before (—), hidden with either year, or the value. */
		json_t *prv = json_object_get(q, "previous");
		if (json_is_object(prv) && (suppressed(f) || suppressed(prv)))
			kj_atab_cell(t, r, 9, kj_analysis_sup_note(req));
		else
			cell_ratio(req, t, r, 9, NULL, json_object_get(q, "change"), 1);
	}
}

static void snapshot_functions(struct kj_request *req, json_t *view, struct kj_atabs *ts)
{
	struct kj_atab *t = kj_atab_new(ts, "functions", N_("機能別の実施率"));
	if (!t)
		return;
	kj_atab_col(req, t, N_("機能"));
	kj_atab_col(req, t, N_("実施率"));
	json_t *fns = json_object_get(json_object_get(view, "sector"), "functions");
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(view, "functions"), i, f) {
		const char *code = json_string_value(json_object_get(f, "code"));
		json_t *fig = json_object_get(fns, code ? code : "");
		int r = row(t);
		kj_atab_cell(t, r, 0, function_name(req, view, code));
		cell_ratio(req, t, r, 1, fig, json_object_get(fig, "rate"), 0);
	}
}

/* The name of value V of breakdown DIM. */
static const char *value_name(struct kj_request *req, const char *dim, const char *v)
{
	int yes = !strcmp(v, "1");
	if (!strcmp(dim, "size"))
		return kj_ui_size_label(req, v);
	if (!strcmp(dim, "pref"))
		return v[0] ? kj_ui_prefecture_name(req, v) : T("不明");
	if (!strcmp(dim, "kikan"))
		return yes ? T("基幹インフラ事業者") : T("基幹インフラ事業者以外");
	return yes ? T("地方公共団体") : T("地方公共団体以外");
}

static void snapshot_breakdown(struct kj_request *req, json_t *view, struct kj_atabs *ts)
{
	static const char *const dims[] = { "size", "pref", "kikan", "lg" };
	static const char *const names[] = { N_("規模"), N_("都道府県"), N_("基幹インフラ"),
					     N_("地方公共団体") };
	struct kj_atab *t = kj_atab_new(ts, "breakdown", N_("区分別の実施率"));
	if (!t)
		return;
	kj_atab_col(req, t, N_("区分"));
	kj_atab_col(req, t, N_("値"));
	kj_atab_col(req, t, N_("事業者"));
	kj_atab_col(req, t, N_("実施率"));
	json_t *br = json_object_get(view, "breakdown");
	for (size_t d = 0; d < sizeof dims / sizeof dims[0]; d++) {
		size_t i;
		json_t *v;
		json_array_foreach(json_object_get(br, dims[d]), i, v) {
			const char *val = json_string_value(json_object_get(v, "value"));
			json_t *fig = json_object_get(v, "figure");
			int r = row(t);
			kj_atab_cell(t, r, 0, T(names[d]));
			kj_atab_cell(t, r, 1, value_name(req, dims[d], val ? val : ""));
			if (suppressed(fig)) {
				kj_atab_cell(t, r, 2, kj_analysis_sup_note(req));
			} else {
				char n[32];
				snprintf(n, sizeof n, "%lld",
					 (long long)json_integer_value(json_object_get(v, "operators")));
				kj_atab_cell(t, r, 2, n);
			}
			cell_ratio(req, t, r, 3, fig, json_object_get(fig, "rate"), 0);
		}
	}
}

int kj_snapshot_tables(struct kj_request *req, const struct kj_snapshot *s, struct kj_atabs *ts)
{
	ts->n = 0;
	snapshot_reqs(req, s->view, ts);
	snapshot_functions(req, s->view, ts);
	snapshot_breakdown(req, s->view, ts);
	for (int i = 0; i < ts->n; i++)
		if (ts->tab[i].fail)
			return -1;
	return 0;
}

/* --- The page ---------------------------------------------------------------- */

const char *kj_snapshot_rule_label(struct kj_request *req, const char *rule)
{
	static const struct { const char *rule, *ja; } labels[] = {
		{ "primary-k", N_("一次秘匿：事業者が k 未満") },
		{ "primary-app", N_("一次秘匿：該当する回答が k 未満") },
		{ "dominance", N_("一次秘匿：一つの水準に集中（優越）") },
		{ "secondary", N_("二次秘匿：合計からの逆算を防ぐ") },
		{ "total", N_("合計の秘匿：内訳を守れないため") },
		{ "multi-sector", N_("合計の秘匿：複数分野の事業者の重複") },
	};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (!strcmp(rule, labels[i].rule))
			return T(labels[i].ja);
	return rule;
}

static void head(struct kj_request *req, struct kj_buf *b, const struct kj_snapshot *s,
		 const char *title)
{
	kj_h(b, "<nav aria-label=\"");
	kj_h_attr(b, T("パンくずリスト"));
	kj_h(b, "\"><ol class=\"breadcrumbs\"><li><a href=\"/analysis\">");
	kj_h_text(b, T("分析"));
	kj_h(b, "</a></li><li><a href=\"/analysis/published\">");
	kj_h_text(b, T("公表された分析結果"));
	kj_h(b, "</a></li></ol></nav><h1>");
	kj_h_text(b, title);
	kj_h(b, "</h1><dl class=\"summary\"><dt>");
	kj_h_text(b, T("年度"));
	kj_h(b, "</dt><dd>");
	kj_h_fy(req, b, s->m.fy);
	kj_h(b, "</dd><dt>");
	kj_h_text(b, T("統一基準"));
	kj_h(b, "</dt><dd>");
	kj_h_text(b, json_string_value(json_object_get(s->view, "version")));
	kj_h(b, "</dd><dt>");
	kj_h_text(b, T("公表日時"));
	kj_h(b, "</dt><dd>");
	kj_h_time(req, b, s->m.published_at);
	kj_h(b, "</dd><dt>");
	kj_h_text(b, T("公表者"));
	kj_h(b, "</dt><dd>");
	kj_h_text(b, s->m.publisher);
	kj_h(b, "</dd><dt>k</dt><dd>");
	kj_h_int(b, s->m.k);
	kj_h(b, "</dd><dt>");
	kj_h_text(b, T("SHA-256（JSON）"));
	kj_h(b, "</dt><dd><code class=\"digest\">");
	kj_h_text(b, s->m.digest);
	kj_h(b, "</code></dd></dl><p class=\"note\">");
	kj_h_text(b, T("この結果は公表した時点の集計で固定されており、その後の回答で変わりません。"
		       "事業者が k 未満の集計値、一つの水準に回答が集中した値、"
		       "合計から逆算できる値は表示しません（「—（k 未満のため非表示）」）。"));
	kj_h(b, "</p><p class=\"downloads\"><a href=\"/analysis/published/");
	kj_h_int(b, s->m.id);
	kj_h(b, "?format=json\">");
	kj_h_text(b, T("JSON 形式でダウンロード"));
	kj_h(b, "</a> <a href=\"/analysis/published/");
	kj_h_int(b, s->m.id);
	kj_h(b, "?format=csv\">");
	kj_h_text(b, T("CSV 形式でダウンロード"));
	kj_h(b, "<span class=\"visually-hidden\"> ");
	kj_h_text(b, T("対策事項別の水準の分布"));
	kj_h(b, "</span></a></p>");
}

static struct kj_asvg_val val(json_t *fig)
{
	json_t *r = json_object_get(fig, "rate");
	return (struct kj_asvg_val){ json_number_value(r), (unsigned char)json_is_number(r),
				     (unsigned char)suppressed(fig) };
}

static struct kj_asvg_head chart(struct kj_request *req, const char *id, const char *title_ja,
				 const char *desc_ja)
{
	return (struct kj_asvg_head){ id, T(title_ja), T(desc_ja), T("k 未満"), NULL };
}

static void section(struct kj_request *req, struct kj_buf *b, const char *h2_ja)
{
	kj_h(b, "<section><h2>");
	kj_h_text(b, T(h2_ja));
	kj_h(b, "</h2>");
}

/* The levels chart of the requirements: -1 when it cannot be drawn. */
static int levels_chart(struct kj_request *req, struct kj_buf *b, json_t *reqs)
{
	static const char *const legend_ja[KJ_ASVG_SEGMENTS] = {
		N_("水準0"), N_("水準1"), N_("水準2"), N_("水準3"), N_("水準4"), N_("該当しない"),
	};
	size_t n = json_array_size(reqs);
	const char **labels = calloc(n ? n : 1, sizeof *labels);
	long (*lv)[KJ_ASVG_SEGMENTS] = calloc(n ? n : 1, sizeof *lv);
	unsigned char *sup = calloc(n ? n : 1, 1);
	const char *legend[KJ_ASVG_SEGMENTS];
	int rc = -1;
	if (labels && lv && sup) {
		for (int i = 0; i < KJ_ASVG_SEGMENTS; i++)
			legend[i] = T(legend_ja[i]);
		size_t i;
		json_t *q;
		json_array_foreach(reqs, i, q) {
			json_t *f = json_object_get(q, "figure");
			labels[i] = json_string_value(json_object_get(q, "id"));
			sup[i] = (unsigned char)suppressed(f);
			for (size_t l = 0; l < KJ_LEVELS && !sup[i]; l++)
				lv[i][l] = (long)json_integer_value(json_array_get(
					json_object_get(f, "levels"), l));
			lv[i][KJ_ASVG_SEGMENTS - 1] = sup[i] ? 0 :
				(long)json_integer_value(json_object_get(f, "na"));
		}
		struct kj_asvg_head h = chart(req, "chart-levels", N_("対策事項別の水準の分布"),
			N_("対策事項ごとの、回答の水準0〜4と該当しないの件数の積み上げ棒グラフ。右端の数は回答数です。"));
		h.legend = legend;
		rc = kj_asvg_stacked(b, &h, (int)n, labels, (const long (*)[KJ_ASVG_SEGMENTS])lv, sup);
	}
	free(labels);
	free(lv);
	free(sup);
	return rc;
}

/* The radar of the functions: -1 when it cannot be drawn. */
static int functions_chart(struct kj_request *req, struct kj_buf *b, json_t *view)
{
	const char *names[8];
	struct kj_asvg_val v[8];
	int n = 0;
	json_t *fns = json_object_get(json_object_get(view, "sector"), "functions"), *f;
	size_t i;
	json_array_foreach(json_object_get(view, "functions"), i, f) {
		if (n == 8)
			break;
		const char *code = json_string_value(json_object_get(f, "code"));
		names[n] = function_name(req, view, code);
		v[n++] = val(json_object_get(fns, code ? code : ""));
	}
	struct kj_asvg_head h = chart(req, "chart-radar", N_("機能別の実施率"),
		N_("機能ごとの実施率のレーダーチャート。中心が0%、外周が100%です。"));
	return kj_asvg_radar(b, &h, n, names, v);
}

static void chart_failed(struct kj_request *req, struct kj_buf *b, int rc)
{
	if (rc < 0) {
		kj_h(b, "<p class=\"note\">");
		kj_h_text(b, T("図を表示できません。下の表をご覧ください。"));
		kj_h(b, "</p>");
	}
}

/* 秘匿の記録: every suppression of the snapshot with its rule. */
static void log_section(struct kj_request *req, struct kj_buf *b, const struct kj_snapshot *s)
{
	static const char *const cols[] = { N_("番号"), N_("図表の値"), N_("秘匿の規則") };
	section(req, b, N_("秘匿の記録"));
	kj_h(b, "<p class=\"note\">");
	kj_h_text(b, T("公表時に表示しなかった値と、その規則です（所管省庁と国家サイバー統括室にのみ表示）。"));
	kj_h(b, "</p>");
	if (!s->nlog) {
		kj_h(b, "<p>");
		kj_h_text(b, T("秘匿した値はありません。"));
		kj_h(b, "</p></section>");
		return;
	}
	kj_ui_table_open(req, b, N_("秘匿の記録"), cols, 3);
	for (int i = 0; i < s->nlog; i++) {
		kj_h(b, "<tr><th scope=\"row\">");
		kj_h_int(b, s->log[i].seq);
		kj_h(b, "</th><td><code>");
		kj_h_text(b, s->log[i].figure);
		kj_h(b, "</code></td><td>");
		kj_h_text(b, kj_snapshot_rule_label(req, s->log[i].rule));
		kj_h(b, " (");
		kj_h_text(b, s->log[i].rule);
		kj_h(b, ")</td></tr>");
	}
	kj_h(b, "</tbody></table></div></section>");
}

int kj_snapshot_page(struct kj_request *req, struct kj_response *resp,
		     const struct kj_snapshot *s, const struct kj_atabs *ts)
{
	struct kj_buf *b = &resp->body;
	json_t *sj = json_object_get(s->view, "sector");
	char title[256];
	snprintf(title, sizeof title, "%s — %s",
		 json_string_value(json_object_get(sj, req->lang == KJ_LANG_EN ? "name_en"
						   : "name_ja")), T("公表された分析結果"));
	kj_page_begin(req, resp, title);
	head(req, b, s, title);
	section(req, b, N_("対策事項別の水準の分布"));
	chart_failed(req, b, levels_chart(req, b, json_object_get(s->view, "requirements")));
	kj_atab_html(req, b, &ts->tab[0]);
	kj_h(b, "</section>");
	section(req, b, N_("機能別の実施率"));
	chart_failed(req, b, functions_chart(req, b, s->view));
	kj_atab_html(req, b, &ts->tab[1]);
	kj_h(b, "</section>");
	section(req, b, N_("区分別の実施率"));
	kj_atab_html(req, b, &ts->tab[2]);
	kj_h(b, "</section>");
	if (s->show_log)
		log_section(req, b, s);
	kj_page_end(req, resp);
	return 0;
}
