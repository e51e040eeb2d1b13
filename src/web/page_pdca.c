/*
 * The PDCA board (/pdca?fy=FY): one row per sector the reader's reach
 * covers and the cross-sector row, one column per step of the cycle (plan,
 * targets, survey, analysis, evaluation, plan update), each cell its state
 * in words, its date and its due date; a step not done by its due date is
 * marked 遅延 in words and with a sign, never by colour alone. The due dates
 * are model/evaluation.c's table (docs/evaluations.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/pdca.h"
#include "base/util.h"
#include "web/app.h"
#include "web/html.h"
#include "web/page_eval.h"
#include "web/pages.h"
#include "web/ui.h"

static const char *const step_ja[KJ_PDCA_NSTEPS] = {
	N_("計画"), N_("対象事業者"), N_("調査"), N_("分析"), N_("評価"), N_("計画の改善") };

static void today(struct kj_request *req, char out[16])
{
	time_t now = req->app->now();
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

static const char *state_ja(int step, const char *state)
{
	static const char *const names[][2] = {
		{ "draft", N_("作成中") }, { "submitted", N_("提出済み") },
		{ "reported", N_("本部に報告済み") }, { "final", N_("確定") },
		{ "open", N_("実施中") }, { "closed", N_("終了") },
	};
	(void)step;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(names[i][0], state))
			return names[i][1];
	return NULL;
}

static void cell(struct kj_request *req, struct kj_buf *b, int s, const struct kj_pdca_cell *c)
{
	kj_h(b, "<td class=\"pdca ");
	kj_h(b, c->done ? "done" : c->late ? "late" : "open");
	kj_h(b, "\"><span class=\"mark\">");
	kj_h_text(b, c->done ? "✓ " : c->late ? "⚠ " : "… ");
	kj_h_text(b, c->done ? T("完了") : c->late ? T("遅延") : c->present ? T("進行中") : T("未着手"));
	kj_h(b, "</span>");
	const char *st = *c->state ? state_ja(s, c->state) : NULL;
	if (st) {
		kj_h(b, "<br>");
		kj_h_text(b, T(st));
	}
	if (s == KJ_PDCA_TARGETS && c->count) {
		kj_h(b, "<br>");
		kj_h_count(b, c->count);
		kj_h_text(b, T("者"));
	}
	if (s == KJ_PDCA_SURVEY && c->total) {
		char pct[16];
		snprintf(pct, sizeof pct, "%.1f%%", 100.0 * (double)c->count / (double)c->total);
		kj_h(b, "<br>");
		kj_h_text(b, T("回答率"));
		kj_h(b, " ");
		kj_h_text(b, pct);
	}
	if (s == KJ_PDCA_UPDATE && c->total) {
		kj_h(b, "<br>");
		kj_h_text(b, T("提言への対応"));
		kj_h(b, " ");
		kj_h_count(b, c->count);
		kj_h(b, "/");
		kj_h_count(b, c->total);
	}
	if (*c->date) {
		kj_h(b, "<br>");
		kj_h_date(req, b, c->date, 1);
	}
	kj_h(b, "<br><small>");
	kj_h_text(b, T("期限"));
	kj_h(b, " ");
	kj_h_date(req, b, c->due, 1);
	kj_h(b, "</small></td>");
}

int kj_page_pdca(struct kj_request *req, struct kj_response *resp)
{
	int fy;
	if (kj_eval_fy_param(req, &fy) < 0)
		return kj_web_error(req, resp, 400, N_("年度の指定に誤りがあります。"));
	char now[16];
	today(req, now);
	struct kj_pdca_row *rows = calloc(KJ_PDCA_ROWS_MAX, sizeof *rows);
	struct kj_err err;
	int n = 0;
	if (!rows || kj_app_pdca(req->st, &req->user, fy, now, rows, &n, &err) < 0) {
		free(rows);
		return 500;
	}
	const char *cols[KJ_PDCA_NSTEPS + 2];
	cols[0] = N_("分野");
	for (int s = 0; s < KJ_PDCA_NSTEPS; s++)
		cols[s + 1] = step_ja[s];
	cols[KJ_PDCA_NSTEPS + 1] = N_("サイクル");
	struct kj_buf *b = &resp->body;
	kj_page_begin(req, resp, T("PDCA の進捗"));
	kj_h(b, "<h1>");
	kj_h_fy(req, b, fy);
	kj_h(b, " ");
	kj_h_text(b, T("PDCA の進捗"));
	kj_h(b, "</h1><p>");
	kj_h_text(b, T("分野ごとに、計画から計画の改善までのサイクルがどこまで進んだかを示します。期限を過ぎて完了していない段階は「⚠ 遅延」と表示します。"));
	kj_h(b, "</p><form class=\"filters\" method=\"get\" action=\"/pdca\">");
	char year[8];
	snprintf(year, sizeof year, "%d", fy);
	kj_form_input(req, b, NULL, &(struct kj_field){ .name = "fy", .label_ja = N_("年度（西暦）"),
		      .maxlength = 4, .inputmode = "numeric", .autocomplete = "off" }, year);
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("表示する"));
	kj_h(b, "</button></div></form>");
	kj_ui_table_open(req, b, N_("分野ごとの PDCA サイクルの進捗"), cols, KJ_PDCA_NSTEPS + 2);
	for (int i = 0; i < n; i++) {
		kj_h(b, "<tr><th scope=\"row\">");
		kj_h_text(b, *rows[i].sector ? kj_ui_sector_name(req, rows[i].sector)
			  : T("分野横断"));
		kj_h(b, "</th>");
		for (int s = 0; s < KJ_PDCA_NSTEPS; s++)
			cell(req, b, s, &rows[i].c[s]);
		kj_h(b, "<td>");
		kj_h_text(b, rows[i].complete ? T("✓ 一巡完了") : T("途中"));
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
	free(rows);
	kj_page_end(req, resp);
	return 0;
}
