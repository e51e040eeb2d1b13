/*
 * Evaluations (評価・改善, §2.3): /evaluations lists those the user may see
 * by fiscal year with links to the HQ's items, the recommendations and the
 * PDCA board, and a form to start one (a ministry: one of its sectors; the
 * NCO: the cross-sector one; HQ: its own); /evaluations/{id} shows one: its
 * sections (forms while its owner edits a draft), the figures placed in
 * them drawn from the live analysis, the HQ's items, who did what when and
 * the actions of its state. The POST handlers are page_eval_edit.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/authz.h"
#include "base/util.h"
#include "web/app.h"
#include "web/html.h"
#include "web/page_eval.h"
#include "web/page_plan.h"
#include "web/pages.h"
#include "web/ui.h"

void kj_eval_name(struct kj_request *req, struct kj_buf *b, enum kj_eval_scope scope,
		  const char *sector, const char *ministry)
{
	if (scope == KJ_EVAL_HQ)
		kj_h_text(b, T("戦略本部の評価"));
	else if (scope == KJ_EVAL_CROSS)
		kj_h_text(b, T("分野横断的評価"));
	else
		kj_plan_name(req, b, "sector", sector, ministry);
}

const char *kj_eval_addressee_name(struct kj_request *req, const char *addressee)
{
	return !strcmp(addressee, "nco") ? T("国家サイバー統括室") : kj_ui_sector_name(req, addressee);
}

int kj_eval_fy_param(struct kj_request *req, int *fy)
{
	const char *s = kj_param(req, "fy");
	long v;
	if (s && *s) {
		if (kj_parse_long(s, KJ_TARGET_FY_MIN, KJ_TARGET_FY_MAX, &v) < 0)
			return -1;
		*fy = (int)v;
		return 0;
	}
	time_t now = req->app->now();
	struct tm tm;
	gmtime_r(&now, &tm);
	*fy = kj_fiscal_year(tm.tm_year + 1900, tm.tm_mon + 1);
	return 0;
}

static const char *state_label(struct kj_request *req, enum kj_eval_state s)
{
	return kj_tr(req, kj_eval_state_label_ja(s));
}

static void new_form(struct kj_request *req, struct kj_buf *b, int fy, const struct kj_form *f)
{
	struct kj_option opts[KJ_USER_SECTORS_MAX + 2];
	int n = 0;
	if (req->user.role == KJ_ROLE_NCO)
		opts[n++] = (struct kj_option){ "cross", N_("分野横断的評価") };
	if (kj_authz_allow(&req->user, KJ_PERM_EVAL_HQ))
		opts[n++] = (struct kj_option){ "hq", N_("戦略本部の評価") };
	for (int i = 0; i < req->user.nsectors && req->user.role == KJ_ROLE_MINISTRY; i++)
		opts[n++] = (struct kj_option){ req->user.sectors[i],
						kj_ui_sector_name(req, req->user.sectors[i]) };
	if (!n)
		return;
	char year[8];
	snprintf(year, sizeof year, "%d", fy);
	kj_h(b, "<h2 id=\"new\">");
	kj_h_text(b, T("評価を作成する"));
	kj_h(b, "</h2>");
	kj_form_summary(req, b, f);
	kj_h(b, "<form class=\"stack\" method=\"post\" action=\"/evaluations\">");
	kj_h_csrf(req, b);
	kj_form_input(req, b, f, &(struct kj_field){ .name = "fy", .label_ja = N_("年度（西暦）"),
		      .flags = KJ_FIELD_REQUIRED, .maxlength = 4, .inputmode = "numeric",
		      .autocomplete = "off" }, f->nerrors ? kj_body_param(req, "fy") : year);
	kj_form_select(req, b, f, &(struct kj_field){ .name = "scope", .label_ja = N_("対象"),
		       .flags = KJ_FIELD_REQUIRED }, opts, n,
		       f->nerrors ? kj_body_param(req, "scope") : opts[0].value);
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("作成する"));
	kj_h(b, "</button></div></form>");
}

static int list_page(struct kj_request *req, struct kj_response *resp, int fy,
		     const struct kj_form *f, int status)
{
	static const char *const cols[] = { N_("年度"), N_("評価"), N_("状態"), N_("改訂番号"),
					    N_("更新日時") };
	struct kj_eval_row *rows = calloc(KJ_EVAL_LIST_MAX, sizeof *rows);
	struct kj_err err;
	int n;
	if (!rows || kj_app_eval_list(req->st, &req->user, fy, rows, KJ_EVAL_LIST_MAX, &n, &err) < 0) {
		free(rows);
		return 500;
	}
	struct kj_buf *b = &resp->body;
	char href[64];
	resp->status = status;
	kj_page_begin(req, resp, T("評価"));
	kj_h(b, "<h1>");
	kj_h_fy(req, b, fy);
	kj_h(b, " ");
	kj_h_text(b, T("評価・改善"));
	kj_h(b, "</h1><p>");
	kj_h_text(b, T("各分野の評価、分野横断的評価、戦略本部の評価と提言です（統一基準 2.3）。"));
	kj_h(b, "</p><ul class=\"links\"><li>");
	snprintf(href, sizeof href, "/evaluations/hq/%d", fy);
	kj_h_link(b, href, T("戦略本部の所見と提言"));
	kj_h(b, "</li><li>");
	snprintf(href, sizeof href, "/evaluations/recommendations?fy=%d", fy);
	kj_h_link(b, href, T("提言への対応状況"));
	kj_h(b, "</li><li>");
	snprintf(href, sizeof href, "/pdca?fy=%d", fy);
	kj_h_link(b, href, T("PDCA の進捗"));
	kj_h(b, "</li></ul>");
	kj_h(b, "<form class=\"filters\" method=\"get\" action=\"/evaluations\">");
	snprintf(href, sizeof href, "%d", fy);
	kj_form_input(req, b, NULL, &(struct kj_field){ .name = "fy", .label_ja = N_("年度（西暦）"),
		      .maxlength = 4, .inputmode = "numeric", .autocomplete = "off" }, href);
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("表示する"));
	kj_h(b, "</button></div></form>");
	kj_ui_table_open(req, b, N_("評価の一覧"), cols, 5);
	for (int i = 0; i < n; i++) {
		kj_h(b, "<tr><td>");
		kj_h_fy(req, b, rows[i].fy);
		kj_h(b, "</td><td><a href=\"/evaluations/");
		kj_h_int(b, rows[i].id);
		kj_h(b, "\">");
		kj_eval_name(req, b, rows[i].scope, rows[i].sector, rows[i].ministry);
		kj_h(b, "</a></td><td>");
		kj_h_text(b, state_label(req, rows[i].state));
		kj_h(b, "</td><td class=\"num\">");
		kj_h_int(b, rows[i].revision);
		kj_h(b, "</td><td>");
		kj_h_time(req, b, rows[i].updated_at);
		kj_h(b, "</td></tr>");
	}
	if (!n) {
		kj_h(b, "<tr><td colspan=\"5\">");
		kj_h_text(b, T("表示できる評価はありません。"));
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
	new_form(req, b, fy, f);
	free(rows);
	kj_page_end(req, resp);
	return 0;
}

int kj_page_evals(struct kj_request *req, struct kj_response *resp)
{
	int fy;
	if (kj_eval_fy_param(req, &fy) < 0)
		return kj_web_error(req, resp, 400, N_("年度の指定に誤りがあります。"));
	struct kj_form f = { .prefix = "eval" };
	return list_page(req, resp, fy, &f, 200);
}

int kj_page_eval_create(struct kj_request *req, struct kj_response *resp)
{
	struct plan_actor a;
	struct kj_eval_refusal why;
	struct kj_err err;
	int64_t id;
	kj_plan_actor(req, &a);
	const char *scope = kj_body_param(req, "scope");
	int hq = scope && !strcmp(scope, "hq");
	const char *sector = !scope || hq || !strcmp(scope, "cross") ? NULL : scope;
	if (kj_app_eval_create(req->st, &a.actor, kj_body_param(req, "fy"), sector, NULL, hq, &id,
			       &why, &err) < 0)
		return 500;
	if (why.fault == KJ_EVAL_F_OK) {
		char to[48];
		snprintf(to, sizeof to, "/evaluations/%lld?done=create", (long long)id);
		return kj_response_redirect(resp, to) < 0 ? 500 : 0;
	}
	struct kj_form f = { .prefix = "eval" };
	char msg[KJ_FORM_MESSAGE_MAX];
	kj_textf(msg, sizeof msg, "%s (%s)", T("評価を作成できませんでした。データは変更されていません。"),
		 why.msg);
	kj_form_error_text(&f, strstr(why.msg, "--fy") ? "fy" : "scope", msg);
	int fy;
	if (kj_eval_fy_param(req, &fy) < 0)
		fy = 0;
	return list_page(req, resp, fy, &f, why.fault == KJ_EVAL_F_FORBIDDEN ? 403
			 : why.fault == KJ_EVAL_F_REFUSED ? 409 : 400);
}
