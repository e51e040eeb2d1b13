/*
 * The figures an evaluation places (eval_figure rows), drawn on its page
 * from the live analysis of the evaluation's fiscal year exactly as the
 * reader would see the analysis views: the view is loaded for the reader
 * (kj_analysis_load applies kj_authz_analysis and the k threshold), so a
 * figure never shows more than its reader may see. national: the sector x
 * function heat map; sector: the sector's rates by function (radar);
 * requirement: one requirement's rate in each sector (bars); coverage: the
 * rate of the requirements each sector's safety standards leave a gap (bars).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/analysis.h"
#include "base/util.h"
#include "export/analysis_svg.h"
#include "web/html.h"
#include "web/page_analysis.h"
#include "web/page_eval.h"

#define FIG_SECTORS KJ_ANALYSIS_VALUES_MAX
#define FIG_FUNCS 8

static struct kj_asvg_val val(const struct kj_analysis_fig *f)
{
	struct kj_asvg_val v = { 0, 0, f->suppressed };
	if (!f->suppressed)
		v.defined = (unsigned char)kj_levels_rate(&f->l, &v.v);
	return v;
}

static void note(struct kj_request *req, struct kj_buf *b, const char *ja, const char *detail)
{
	kj_h(b, "<p class=\"note\">");
	kj_h_text(b, T(ja));
	if (detail && *detail) {
		kj_h(b, " ");
		kj_h_text(b, detail);
	}
	kj_h(b, "</p>");
}

static int draw(struct kj_request *req, struct kj_buf *b, const struct kj_analysis *a,
		const struct kj_eval_figure *f, const struct kj_asvg_head *h)
{
	const char *rows[FIG_SECTORS], *cols[FIG_FUNCS];
	struct kj_asvg_val *vv = calloc(FIG_SECTORS * FIG_FUNCS, sizeof *vv);
	int ns = a->ns < FIG_SECTORS ? a->ns : FIG_SECTORS, nf = a->nf < FIG_FUNCS ? a->nf : FIG_FUNCS;
	int rc = -1;
	if (!vv)
		return -1;
	for (int s = 0; s < ns; s++)
		rows[s] = kj_analysis_sector_name(req, a, s);
	for (int k = 0; k < nf; k++)
		cols[k] = kj_analysis_function_name(req, a, k);
	switch (f->kind) {
	case KJ_FIG_NATIONAL:
		for (int s = 0; s < ns; s++)
			for (int k = 0; k < nf; k++)
				vv[s * nf + k] = val(&a->fn[(size_t)s * (size_t)a->nf + (size_t)k]);
		rc = kj_asvg_heatmap(b, h, ns, rows, nf, cols, vv);
		break;
	case KJ_FIG_SECTOR:
		for (int k = 0; k < nf; k++)
			vv[k] = val(&a->fn[(size_t)a->sector * (size_t)a->nf + (size_t)k]);
		rc = kj_asvg_radar(b, h, nf, cols, vv);
		break;
	case KJ_FIG_REQUIREMENT:
		for (int s = 0; s < ns; s++)
			vv[s] = val(&a->cur[(size_t)s * (size_t)a->nr + (size_t)a->req]);
		rc = kj_asvg_bars(b, h, ns, rows, vv);
		break;
	case KJ_FIG_COVERAGE:
		for (int s = 0; s < ns && a->gap; s++)
			vv[s] = val(&a->gap[s]);
		rc = a->gap ? kj_asvg_bars(b, h, ns, rows, vv) : -1;
		break;
	default:
		break;
	}
	free(vv);
	return rc;
}

void kj_eval_figure(struct kj_request *req, struct kj_buf *b, int fy,
		    const struct kj_eval_figure *f, int n)
{
	static const enum kj_analysis_view views[KJ_FIG_NKINDS] = {
		KJ_VIEW_NATIONAL, KJ_VIEW_SECTOR, KJ_VIEW_REQUIREMENT, KJ_VIEW_NATIONAL };
	static const char *const descs[KJ_FIG_NKINDS] = {
		N_("重要インフラ分野ごと、機能ごとの実施率。各セルに値を示します。斜線のセルは k 未満のため非表示です。"),
		N_("機能ごとの実施率のレーダーチャート。中心が0%、外周が100%です。"),
		N_("対策事項の分野ごとの実施率の棒グラフ。"),
		N_("分野の安全基準等が規定していない対策事項（ギャップ）についての、分野ごとの実施率の棒グラフ。"),
	};
	char year[8], id[32];
	snprintf(year, sizeof year, "%d", fy);
	snprintf(id, sizeof id, "fig-%s-%d", kj_eval_section_name(f->section), f->ord);
	kj_h(b, "<figure class=\"eval-figure\"><figcaption>");
	kj_h_text(b, T("図"));
	kj_h_int(b, n);
	kj_h(b, " ");
	kj_h_text(b, *f->caption ? f->caption : T(kj_eval_fig_kind_label_ja(f->kind)));
	kj_h(b, "</figcaption>");
	struct kj_analysis a;
	struct kj_analysis_refusal why;
	struct kj_err err;
	memset(&a, 0, sizeof a);
	int rc = kj_analysis_load(req->st, &req->user, views[f->kind], year,
				  f->kind == KJ_FIG_SECTOR ? f->ref : NULL,
				  f->kind == KJ_FIG_REQUIREMENT ? f->ref : NULL, 0, &a, &why, &err);
	if (rc < 0)
		note(req, b, N_("図を表示できません。"), NULL);
	else if (rc > 0)
		note(req, b, N_("図を表示できません。"), req->lang == KJ_LANG_EN ? why.en : why.ja);
	else {
		struct kj_asvg_head h = { id, *f->caption ? f->caption
					  : T(kj_eval_fig_kind_label_ja(f->kind)),
					  T(descs[f->kind]), T("k 未満"), NULL };
		if (draw(req, b, &a, f, &h) < 0)
			note(req, b, N_("図を表示できません。分析の画面をご覧ください。"), NULL);
	}
	if (rc == 0)
		kj_analysis_free(&a);
	kj_h(b, "</figure>");
}
