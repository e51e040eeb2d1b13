/*
 * The annual report as a document (export/doc.h), built from a frozen
 * snapshot's JSON only (report_snapshot.c), so every format says the same
 * figures and a report can be made again, identical, years later. The
 * chapters: the national summary, one per sector (plan, survey results,
 * coverage gaps, evaluation), the cross-sector chapter (plan, evaluation,
 * the HQ's findings and recommendations), Part 3 of the standard and the
 * methodology annex. The report speaks Japanese, as the HQ reads it.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/report.h"
#include "base/util.h"
#include "base/wareki.h"
#include "model/plan.h"
#include "model/safety.h"
#include "store/store_plan.h"

#define NFN_MAX 16		/* functions of a version */

static const char *jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static long long jint(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* Why a figure is not shown, in words ("" for a rule not known). */
static const char *rule_ja(const char *rule)
{
	static const struct { const char *code, *ja; } rules[] = {
		{ "primary-k", "k未満" }, { "primary-app", "該当k未満" },
		{ "dominance", "集中" }, { "secondary", "二次秘匿" },
		{ "total", "合計秘匿" }, { "multi-sector", "分野重複" },
	};
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (!strcmp(rule, rules[i].code))
			return rules[i].ja;
	return "";
}

/* A ratio (0.3571) as a percentage to a tenth ("35.7%"), as the API rounds. */
static void pct(json_t *v, char *out, size_t n)
{
	if (!json_is_number(v)) {
		snprintf(out, n, "—");
		return;
	}
	long long t = llround(json_number_value(v) * 1000.0);
	snprintf(out, n, "%s%lld.%lld%%", t < 0 ? "-" : "", llabs(t) / 10, llabs(t) % 10);
}

/* A figure's rate as text: the percentage, "—" when undefined, or why it is hidden. */
static void fig_rate(json_t *fig, char *out, size_t n)
{
	if (json_is_true(json_object_get(fig, "suppressed"))) {
		snprintf(out, n, "非表示（%s）", rule_ja(jstr(fig, "suppressed_by")));
		return;
	}
	pct(json_object_get(fig, "rate"), out, n);
}

/* A figure's rate as a chart value 0..100 (NAN: hidden or undefined). */
static double fig_value(json_t *fig)
{
	json_t *r = json_object_get(fig, "rate");
	if (json_is_true(json_object_get(fig, "suppressed")) || !json_is_number(r))
		return NAN;
	return llround(json_number_value(r) * 1000.0) / 10.0;
}

static void fig_int(json_t *fig, const char *key, char *out, size_t n)
{
	json_t *v = json_object_get(fig, key);
	if (json_is_true(json_object_get(fig, "suppressed")) || !json_is_integer(v))
		snprintf(out, n, "—");
	else
		snprintf(out, n, "%lld", (long long)json_integer_value(v));
}

struct ctx {
	struct kj_doc *d;
	json_t *snap, *fns, *reqs;
	int nf;
	const char *fn_name[NFN_MAX], *fn_code[NFN_MAX];
	int chapter;
};

static json_t *req_of(struct ctx *c, const char *id)
{
	size_t i;
	json_t *q;
	json_array_foreach(c->reqs, i, q)
		if (!strcmp(jstr(q, "id"), id))
			return q;
	return NULL;
}

static void headingf(struct ctx *c, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void headingf(struct ctx *c, int level, const char *fmt, ...)
{
	char h[512];
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(h, sizeof h, fmt, ap);
	va_end(ap);
	if (w < 0 || (size_t)w >= sizeof h)
		c->d->fail = 1;
	else
		kj_doc_heading(c->d, level, h);
}

static void sheetname(char *out, size_t n, int chapter, const char *code, const char *what)
{
	if (snprintf(out, n, "%02d-%s%s%s", chapter, code, *code ? "-" : "", what) < 0)
		out[0] = '\0';
}

/* ---- national summary ---------------------------------------------------- */

static void national(struct ctx *c)
{
	json_t *nat = json_object_get(c->snap, "national");
	json_t *tot = json_object_get(nat, "national"), *sectors = json_object_get(nat, "sectors");
	char a[32], b[32], r[32], sheet[40];
	c->chapter = 1;
	headingf(c, 1, "第1章 全国の概況");
	headingf(c, 2, "1.1 回答状況");
	kj_count_text(jint(tot, "respondents"), a, sizeof a);
	kj_count_text(jint(tot, "submitted"), b, sizeof b);
	pct(json_object_get(tot, "response_rate"), r, sizeof r);
	kj_doc_paraf(c->d, "質問調査の対象 %s 者のうち %s 者が回答を提出しました（回答率 %s）。"
		     "分野をまたぐ事業者等は全国では 1 者として数えています。", a, b, r);
	sheetname(sheet, sizeof sheet, 1, "", "response");
	struct kj_doc_table *t = kj_doc_table(c->d, "表1-1 分野別の回答状況", sheet, 5, 1);
	if (!t)
		return;
	for (int i = 1; i < 5; i++)
		kj_doc_table_right(t, i);
	const char *hd[] = { "分野", "対象事業者等", "提出", "回答率", "集計対象" };
	kj_doc_table_row(c->d, t, hd);
	size_t i;
	json_t *s;
	json_array_foreach(sectors, i, s) {
		char n1[32], n2[32], n3[32], rr[32];
		snprintf(n1, sizeof n1, "%lld", jint(s, "respondents"));
		snprintf(n2, sizeof n2, "%lld", jint(s, "submitted"));
		snprintf(n3, sizeof n3, "%lld", jint(s, "operators"));
		pct(json_object_get(s, "response_rate"), rr, sizeof rr);
		const char *row[] = { jstr(s, "name_ja"), n1, n2, rr, n3 };
		kj_doc_table_row(c->d, t, row);
	}
	char n1[32], n2[32];
	snprintf(n1, sizeof n1, "%lld", jint(tot, "respondents"));
	snprintf(n2, sizeof n2, "%lld", jint(tot, "submitted"));
	const char *row[] = { "全国", n1, n2, r, "" };
	kj_doc_table_row(c->d, t, row);

	headingf(c, 2, "1.2 分野別・機能別の実施率");
	kj_doc_para(c->d, "実施率は、該当なしを除く回答のうち水準 3 以上の割合です。"
		    "秘匿した値は図では斜線、表では理由とともに示します。");
	struct kj_doc_chart *ch = kj_doc_chart(c->d, KJ_CHART_HEAT, "図1-1 分野×機能の実施率",
		"16 分野それぞれの、6 機能ごとの実施率（%）。値は表1-2 と同じです。", c->nf,
		c->fn_name, 100, "%");
	sheetname(sheet, sizeof sheet, 1, "", "rates");
	t = kj_doc_table(c->d, "表1-2 分野×機能の実施率", sheet, c->nf + 1, 1);
	if (!ch || !t)
		return;
	const char *h2[NFN_MAX + 1] = { "分野" };
	for (int f = 0; f < c->nf; f++) {
		h2[f + 1] = c->fn_name[f];
		kj_doc_table_right(t, f + 1);
	}
	kj_doc_table_row(c->d, t, h2);
	char cells[NFN_MAX + 1][48];
	const char *cp[NFN_MAX + 1];
	json_array_foreach(sectors, i, s) {
		double v[NFN_MAX];
		json_t *fo = json_object_get(s, "functions");
		cp[0] = jstr(s, "name_ja");
		for (int f = 0; f < c->nf; f++) {
			json_t *fig = json_object_get(fo, c->fn_code[f]);
			v[f] = fig_value(fig);
			fig_rate(fig, cells[f + 1], sizeof cells[f + 1]);
			cp[f + 1] = cells[f + 1];
		}
		kj_doc_chart_row(c->d, ch, jstr(s, "name_ja"), v);
		kj_doc_table_row(c->d, t, cp);
	}
	json_t *nf = json_object_get(tot, "functions");
	cp[0] = "全国";
	for (int f = 0; f < c->nf; f++) {
		fig_rate(json_object_get(nf, c->fn_code[f]), cells[f + 1], sizeof cells[f + 1]);
		cp[f + 1] = cells[f + 1];
	}
	kj_doc_table_row(c->d, t, cp);

	headingf(c, 2, "1.3 実施率の低い要求事項");
	sheetname(sheet, sizeof sheet, 1, "", "weakest");
	t = kj_doc_table(c->d, "表1-3 全国で実施率の低い要求事項", sheet, 5, 1);
	if (!t)
		return;
	kj_doc_table_right(t, 3);
	kj_doc_table_right(t, 4);
	const char *h3[] = { "要求事項", "機能", "内容", "実施率", "回答数" };
	kj_doc_table_row(c->d, t, h3);
	json_array_foreach(json_object_get(nat, "weakest"), i, s) {
		json_t *fig = json_object_get(s, "figure"), *q = req_of(c, jstr(s, "id"));
		fig_rate(fig, r, sizeof r);
		fig_int(fig, "applicable", a, sizeof a);
		const char *fname = jstr(s, "function");
		for (int f = 0; f < c->nf; f++)
			if (!strcmp(c->fn_code[f], fname))
				fname = c->fn_name[f];
		const char *row3[] = { jstr(s, "id"), fname, q ? jstr(q, "text") : "", r, a };
		kj_doc_table_row(c->d, t, row3);
	}
}

/* ---- plans and evaluations ------------------------------------------------- */

static const char *ministry_name(struct ctx *c, const char *code)
{
	const char *n = json_string_value(json_object_get(json_object_get(c->snap, "ministries"),
							  code));
	return n ? n : code;
}

static const char *state_label(const char *name)
{
	int s = kj_plan_state_parse(name);
	return s < 0 ? name : kj_plan_state_label_ja((enum kj_plan_state)s);
}

/* The summary of each plan of SCOPE ("sector" with SECTOR, or "cross"). */
static void plans(struct ctx *c, const char *scope, const char *sector, const char *code)
{
	json_t *cats = json_object_get(c->snap, "categories"), *p;
	size_t i;
	int any = 0;
	json_array_foreach(json_object_get(c->snap, "plans"), i, p) {
		if (strcmp(jstr(p, "scope"), scope) || (sector && strcmp(jstr(p, "sector"), sector)))
			continue;
		json_t *ms = json_object_get(p, "measures");
		char tg[32] = "未確定";
		if (jint(p, "targets") >= 0)
			kj_count_text(jint(p, "targets"), tg, sizeof tg);
		kj_doc_paraf(c->d, "%s%s／状態: %s／対象事業者等: %s／施策: %zu 件",
			     *jstr(p, "ministry") ? "所管省庁: " : "国家サイバー統括室",
			     ministry_name(c, jstr(p, "ministry")), state_label(jstr(p, "state")), tg,
			     json_array_size(ms));
		char sheet[40], cap[128];
		sheetname(sheet, sizeof sheet, c->chapter, code, any ? "plan2" : "plan");
		snprintf(cap, sizeof cap, "表%d-%d 施策の区分別の状況", c->chapter, any + 1);
		struct kj_doc_table *t = kj_doc_table(c->d, cap, sheet, 2 + KJ_MEASURE_NSTATUS, 1);
		if (!t)
			return;
		const char *hd[2 + KJ_MEASURE_NSTATUS] = { "区分", "施策数" };
		for (int s = 0; s < KJ_MEASURE_NSTATUS; s++)
			hd[2 + s] = kj_measure_status_label_ja((enum kj_measure_status)s);
		for (int k = 1; k < 2 + KJ_MEASURE_NSTATUS; k++)
			kj_doc_table_right(t, k);
		kj_doc_table_row(c->d, t, hd);
		for (int cat = 1; cat <= KJ_PLAN_CATEGORIES; cat++) {
			long n[1 + KJ_MEASURE_NSTATUS] = { 0 };
			size_t j;
			json_t *m;
			json_array_foreach(ms, j, m) {
				if (jint(m, "category") != cat)
					continue;
				n[0]++;
				int s = kj_measure_status_parse(jstr(m, "status"));
				if (s >= 0)
					n[1 + s]++;
			}
			char label[KJ_PLAN_CATEGORY_TITLE_MAX + 16], v[1 + KJ_MEASURE_NSTATUS][24];
			const char *title = jstr(json_array_get(cats, (size_t)cat - 1), "title");
			snprintf(label, sizeof label, "(%d) %s", cat, title);
			const char *row[2 + KJ_MEASURE_NSTATUS] = { label };
			for (int k = 0; k <= KJ_MEASURE_NSTATUS; k++) {
				snprintf(v[k], sizeof v[k], "%ld", n[k]);
				row[1 + k] = v[k];
			}
			kj_doc_table_row(c->d, t, row);
		}
		any++;
	}
	if (!any)
		kj_doc_para(c->d, "この年度の実施計画は登録されていません。");
}

static const char *section_label(const char *s)
{
	static const struct { const char *code, *ja; } sec[] = {
		{ "measures", "施策の実施状況" }, { "survey", "調査結果及び分析" },
		{ "gaps", "残された課題" }, { "improvements", "改善の提案" },
		{ "summary", "総括" },
	};
	for (size_t i = 0; i < sizeof sec / sizeof sec[0]; i++)
		if (!strcmp(s, sec[i].code))
			return sec[i].ja;
	return s;
}

/* The sections of each evaluation of SCOPE (and SECTOR). */
static void evals(struct ctx *c, const char *scope, const char *sector)
{
	static const char *const order[] = { "summary", "measures", "survey", "gaps",
					     "improvements" };
	json_t *e;
	size_t i;
	int any = 0;
	json_array_foreach(json_object_get(c->snap, "evaluations"), i, e) {
		if (strcmp(jstr(e, "scope"), scope) || (sector && strcmp(jstr(e, "sector"), sector)))
			continue;
		json_t *secs = json_object_get(e, "sections");
		const char *st = jstr(e, "state");
		kj_doc_paraf(c->d, "%s%s（%s）", *jstr(e, "ministry") ? "所管省庁: " : "",
			     ministry_name(c, jstr(e, "ministry")),
			     !strcmp(st, "final") ? "確定" : !strcmp(st, "submitted") ? "提出済み"
			     : "案");
		for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
			const char *body = json_string_value(json_object_get(secs, order[k]));
			if (!body || !*body)
				continue;
			kj_doc_heading(c->d, 3, section_label(order[k]));
			kj_doc_para(c->d, body);
		}
		any++;
	}
	if (!any)
		kj_doc_para(c->d, "この年度の評価案は登録されていません。");
}

/* ---- one sector ---------------------------------------------------------- */

static void survey_results(struct ctx *c, json_t *sj, const char *code)
{
	char a[32], b[32], r[32], sheet[40], cap[128];
	kj_count_text(jint(sj, "respondents"), a, sizeof a);
	kj_count_text(jint(sj, "submitted"), b, sizeof b);
	pct(json_object_get(sj, "response_rate"), r, sizeof r);
	kj_doc_paraf(c->d, "対象 %s 者のうち %s 者が回答を提出しました（回答率 %s）。", a, b, r);
	json_t *fo = json_object_get(sj, "functions");
	snprintf(cap, sizeof cap, "図%d-1 機能別の実施率", c->chapter);
	struct kj_doc_chart *bars = kj_doc_chart(c->d, KJ_CHART_BARS, cap,
		"機能ごとの実施率（%）。値は次の表と同じです。", 1,
		(const char *const[]){ "実施率" }, 100, "%");
	if (!bars)
		return;
	for (int f = 0; f < c->nf; f++) {
		double v = fig_value(json_object_get(fo, c->fn_code[f]));
		kj_doc_chart_row(c->d, bars, c->fn_name[f], &v);
	}
	static const char *const lv[KJ_LEVELS] = { "水準0", "水準1", "水準2", "水準3",
							 "水準4" };
	snprintf(cap, sizeof cap, "図%d-2 機能別の水準の分布", c->chapter);
	struct kj_doc_chart *st = kj_doc_chart(c->d, KJ_CHART_STACKED, cap,
		"機能ごとの、該当なしを除く回答の水準 0〜4 の割合。", KJ_LEVELS, lv, 100, "%");
	snprintf(cap, sizeof cap, "表%d-3 機能別の調査結果", c->chapter);
	sheetname(sheet, sizeof sheet, c->chapter, code, "survey");
	struct kj_doc_table *t = kj_doc_table(c->d, cap, sheet, 4 + KJ_LEVELS, 1);
	if (!st || !t)
		return;
	const char *hd[4 + KJ_LEVELS] = { "機能", "実施率", "回答数", "該当なし" };
	for (int l = 0; l < KJ_LEVELS; l++)
		hd[4 + l] = lv[l];
	for (int k = 1; k < 4 + KJ_LEVELS; k++)
		kj_doc_table_right(t, k);
	kj_doc_table_row(c->d, t, hd);
	for (int f = 0; f < c->nf; f++) {
		json_t *fig = json_object_get(fo, c->fn_code[f]), *levels = json_object_get(fig, "levels");
		double v[KJ_LEVELS];
		char cells[4 + KJ_LEVELS][48];
		const char *row[4 + KJ_LEVELS] = { c->fn_name[f] };
		fig_rate(fig, cells[1], sizeof cells[1]);
		fig_int(fig, "answers", cells[2], sizeof cells[2]);
		fig_int(fig, "na", cells[3], sizeof cells[3]);
		for (int l = 0; l < KJ_LEVELS; l++) {
			json_t *x = json_array_get(levels, (size_t)l);
			v[l] = json_is_integer(x) ? (double)json_integer_value(x) : NAN;
			if (json_is_integer(x))
				snprintf(cells[4 + l], sizeof cells[4 + l], "%lld",
					 (long long)json_integer_value(x));
			else
				snprintf(cells[4 + l], sizeof cells[4 + l], "—");
		}
		for (int k = 1; k < 4 + KJ_LEVELS; k++)
			row[k] = cells[k];
		kj_doc_chart_row(c->d, st, c->fn_name[f], v);
		kj_doc_table_row(c->d, t, row);
	}
}

static const char *cov_label(const char *code)
{
	for (int k = 0; k < KJ_NCOV; k++)
		if (!strcmp(kj_cov_code((enum kj_cov)k), code))
			return kj_cov_label_ja((enum kj_cov)k);
	return code;
}

static void gaps(struct ctx *c, json_t *view, const char *code)
{
	json_t *q;
	size_t i;
	long n = 0;
	json_array_foreach(json_object_get(view, "requirements"), i, q)
		n += json_is_true(json_object_get(q, "gap"));
	if (!n) {
		kj_doc_para(c->d, "この分野の安全基準等は、第3部のすべての要求事項を分野として"
			    "カバーしています。");
		return;
	}
	kj_doc_paraf(c->d, "安全基準等（①〜③）が分野としてカバーしていない要求事項が %ld 件あります。", n);
	char sheet[40], cap[128];
	snprintf(cap, sizeof cap, "表%d-4 安全基準等のギャップ", c->chapter);
	sheetname(sheet, sizeof sheet, c->chapter, code, "gaps");
	struct kj_doc_table *t = kj_doc_table(c->d, cap, sheet, 4, 1);
	if (!t)
		return;
	kj_doc_table_right(t, 3);
	const char *hd[] = { "要求事項", "内容", "安全基準等の状況", "実施率" };
	kj_doc_table_row(c->d, t, hd);
	json_array_foreach(json_object_get(view, "requirements"), i, q) {
		if (!json_is_true(json_object_get(q, "gap")))
			continue;
		char r[48];
		json_t *rq = req_of(c, jstr(q, "id"));
		fig_rate(json_object_get(q, "figure"), r, sizeof r);
		const char *row[] = { jstr(q, "id"), rq ? jstr(rq, "text") : "",
				      cov_label(jstr(q, "coverage")), r };
		kj_doc_table_row(c->d, t, row);
	}
}

static void sector_chapter(struct ctx *c, json_t *view)
{
	json_t *sj = json_object_get(view, "sector");
	const char *code = jstr(sj, "code");
	c->chapter++;
	headingf(c, 1, "第%d章 %s分野", c->chapter, jstr(sj, "name_ja"));
	headingf(c, 2, "%d.1 実施計画の概要", c->chapter);
	plans(c, "sector", code, code);
	headingf(c, 2, "%d.2 調査結果", c->chapter);
	survey_results(c, sj, code);
	headingf(c, 2, "%d.3 安全基準等のギャップ", c->chapter);
	gaps(c, view, code);
	headingf(c, 2, "%d.4 評価", c->chapter);
	evals(c, "sector", code);
}

/* ---- cross-sector, appendices ---------------------------------------------- */

static const char *item_word(const char *k)
{
	return !strcmp(k, "finding") ? "指摘" : !strcmp(k, "recommendation") ? "提言"
	       : !strcmp(k, "general") ? "一般" : !strcmp(k, "organisation") ? "組織体制"
	       : !strcmp(k, "budget") ? "予算" : !strcmp(k, "nco") ? "国家サイバー統括室" : k;
}

static void cross(struct ctx *c)
{
	c->chapter++;
	headingf(c, 1, "第%d章 分野横断的な取組", c->chapter);
	headingf(c, 2, "%d.1 分野横断的な実施計画", c->chapter);
	plans(c, "cross", NULL, "cross");
	headingf(c, 2, "%d.2 分野横断的な評価", c->chapter);
	evals(c, "cross", NULL);
	headingf(c, 2, "%d.3 戦略本部の評価（指摘及び提言）", c->chapter);
	json_t *items = json_object_get(c->snap, "hq_items"), *it;
	if (!json_array_size(items)) {
		kj_doc_para(c->d, "この年度の戦略本部の指摘及び提言は登録されていません。");
		return;
	}
	char sheet[40], cap[128];
	snprintf(cap, sizeof cap, "表%d-1 戦略本部の指摘及び提言", c->chapter);
	sheetname(sheet, sizeof sheet, c->chapter, "", "hq");
	struct kj_doc_table *t = kj_doc_table(c->d, cap, sheet, 4, 1);
	if (!t)
		return;
	const char *hd[] = { "種別", "区分", "宛先", "内容" };
	kj_doc_table_row(c->d, t, hd);
	size_t i;
	json_array_foreach(items, i, it) {
		const char *row[] = { item_word(jstr(it, "kind")), item_word(jstr(it, "category")),
				      item_word(jstr(it, "addressee")), jstr(it, "text") };
		kj_doc_table_row(c->d, t, row);
	}
}

static void part3(struct ctx *c)
{
	json_t *std = json_object_get(c->snap, "standard");
	headingf(c, 1, "付録A 統一基準 第3部の要求事項");
	kj_doc_paraf(c->d, "%s（版 %s）第3部の要求事項 %zu 件です。", jstr(std, "title_ja"),
		     jstr(std, "version"), json_array_size(c->reqs));
	struct kj_doc_table *t = kj_doc_table(c->d, "表A-1 第3部の要求事項", "A-part3", 4, 1);
	if (!t)
		return;
	const char *hd[] = { "要求事項", "節", "機能", "内容" };
	kj_doc_table_row(c->d, t, hd);
	json_t *q;
	size_t i;
	json_array_foreach(c->reqs, i, q) {
		const char *fname = jstr(q, "function");
		for (int f = 0; f < c->nf; f++)
			if (!strcmp(c->fn_code[f], fname))
				fname = c->fn_name[f];
		char sec[300];
		snprintf(sec, sizeof sec, "%s %s", jstr(q, "section"), jstr(q, "section_title"));
		const char *row[] = { jstr(q, "id"), sec, fname, jstr(q, "text") };
		kj_doc_table_row(c->d, t, row);
	}
}

static void method(struct ctx *c, const struct kj_report_meta *m)
{
	json_t *nat = json_object_get(json_object_get(c->snap, "national"), "national");
	char a[32], b[32], r[32];
	headingf(c, 1, "付録B 方法論");
	headingf(c, 2, "B.1 調査の対象と回答");
	kj_count_text(jint(nat, "respondents"), a, sizeof a);
	kj_count_text(jint(nat, "submitted"), b, sizeof b);
	pct(json_object_get(nat, "response_rate"), r, sizeof r);
	kj_doc_paraf(c->d, "対象は、各分野の所管省庁が当該年度の対象として特定した重要インフラ事業者等"
		     "（%s 者）です。回答を提出した %s 者（回答率 %s）の回答を集計しています。"
		     "未提出の事業者等は集計に含めていません。", a, b, r);
	headingf(c, 2, "B.2 指標の定義");
	kj_doc_para(c->d, "実施率: 要求事項ごとの水準（0〜4）の回答のうち、該当なしを除いた回答に"
		    "占める水準 3 以上の回答の割合。機能・分野・全国の実施率は、その範囲の要求事項"
		    "の回答を合算して求めます。\n平均水準: 該当なしを除く回答の水準の平均。\n"
		    "回答率: 対象事業者等のうち回答を提出した事業者等の割合。");
	headingf(c, 2, "B.3 該当なしの扱い");
	kj_doc_para(c->d, "「該当なし」と回答された要求事項は、実施率と平均水準の分母から除き、"
		    "回答数には含めます。該当する回答が一つもない範囲の実施率は定義されず、"
		    "「—」と表示します。");
	headingf(c, 2, "B.4 秘匿処理の規則と秘匿した数値");
	kj_doc_paraf(c->d, "個々の事業者等の回答が推知されないよう、集計値は HQ に報告する集計値の"
		     "規則（k = %lld）で秘匿しています。対象が k 未満、該当回答が k 未満、"
		     "一つの水準に %d%% 以上が集中するもの（偏り）、他の値から逆算できるもの"
		     "（二次秘匿、合計）を表示しません。", jint(c->snap, "k"), KJ_DOMINANCE_P);
	struct kj_doc_table *t = kj_doc_table(c->d, "表B-1 規則ごとの秘匿した数値の数",
					      "B-suppressed", 3, 1);
	if (!t)
		return;
	kj_doc_table_right(t, 2);
	const char *hd[] = { "規則", "説明", "件数" };
	kj_doc_table_row(c->d, t, hd);
	static const char *const rules[] = { "primary-k", "primary-app", "dominance",
					     "secondary", "total", "multi-sector" };
	static const char *const rule_long[] = {
		"集計の対象（事業者等又は回答）が k 未満",
		"該当なしを除く回答が k 未満",
		"一つの水準に回答が集中し、個々の水準が推知される",
		"他の秘匿値が合計から逆算されないよう秘匿",
		"秘匿した部分を他の方法で守れない合計",
		"複数分野に属する事業者等を重複して数える分野の合算値",
	};
	json_t *sup = json_object_get(c->snap, "suppressed");
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		char n[24];
		snprintf(n, sizeof n, "%lld", jint(sup, rules[i]));
		const char *row[] = { rules[i], rule_long[i], n };
		kj_doc_table_row(c->d, t, row);
	}
	headingf(c, 2, "B.5 数値の確定");
	kj_doc_paraf(c->d, "この報告書の数値は、%s に %s が確定したスナップショット %lld"
		     "（SHA-256: %s）から作成しています。確定後に訂正された回答は反映されません。",
		     m->created_at, m->actor, (long long)m->id, m->digest);
}

struct kj_doc *kj_report_build(json_t *snap, const struct kj_report_meta *m, struct kj_err *err)
{
	struct ctx c = { .snap = snap };
	json_t *nat = json_object_get(snap, "national");
	c.fns = json_object_get(nat, "functions");
	c.reqs = json_object_get(snap, "requirements");
	if (!json_is_array(c.fns) || !json_is_array(c.reqs) ||
	    !json_is_array(json_object_get(snap, "sectors"))) {
		kj_err_set(err, "report snapshot %lld is not a report's figures", (long long)m->id);
		return NULL;
	}
	size_t i;
	json_t *f;
	json_array_foreach(c.fns, i, f) {
		if (c.nf >= NFN_MAX)
			break;
		c.fn_code[c.nf] = jstr(f, "code");
		c.fn_name[c.nf++] = jstr(f, "name_ja");
	}
	json_t *std = json_object_get(snap, "standard");
	char title[512], fy[64], sub[256], day[64], date[160];
	int y = (int)jint(snap, "fy");
	snprintf(title, sizeof title, "%sに基づく施策の実施状況等に関する報告",
		 *jstr(std, "title_ja") ? jstr(std, "title_ja")
		 : "重要インフラのサイバーセキュリティ対策のための統一基準");
	if (kj_fiscal_year_text(y, KJ_DATE_JA, fy, sizeof fy) < 0)
		snprintf(fy, sizeof fy, "%d年度", y);
	snprintf(sub, sizeof sub, "%s（%d年度） 国家サイバー統括室", fy, y);
	if (kj_date_text(m->created_at, KJ_DATE_JA, day, sizeof day) < 0)
		snprintf(day, sizeof day, "%.10s", m->created_at);
	snprintf(date, sizeof date, "%s 時点の数値（スナップショット %lld）", day, (long long)m->id);
	c.d = kj_doc_new(title, sub, date);
	if (!c.d) {
		kj_err_set(err, "out of memory");
		return NULL;
	}
	kj_doc_paraf(c.d, "本報告は、統一基準 第2部 2.3 に基づき、%sの実施計画、質問調査の結果及び"
		     "分析、評価案を取りまとめ、サイバーセキュリティ戦略本部に報告するものです。"
		     "調査は統一基準（版 %s）の第3部の要求事項について行いました。%s%s", fy,
		     jstr(std, "version"), *m->note ? "\n備考: " : "", m->note);
	national(&c);
	json_t *view;
	json_array_foreach(json_object_get(snap, "sectors"), i, view)
		sector_chapter(&c, view);
	cross(&c);
	part3(&c);
	method(&c, m);
	if (kj_doc_failed(c.d)) {
		kj_doc_free(c.d);
		kj_err_set(err, "the report is too large to build");
		return NULL;
	}
	return c.d;
}
