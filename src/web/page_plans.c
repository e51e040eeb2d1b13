/*
 * Implementation plans (実施計画, §2.1): /plans lists the plans the user
 * may see by fiscal year, scope and state, each linking to its page;
 * /plans/new and POST /plans create a year's plan, prefilled with the
 * standard's main measures (a ministry: one of its sectors; the NCO: the
 * cross-sector plan). The checks and the write are app/plan.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/authz.h"
#include "base/util.h"
#include "web/app.h"
#include "web/html.h"
#include "web/page_plan.h"
#include "web/pages.h"
#include "web/ui.h"

void kj_plan_actor(struct kj_request *req, struct plan_actor *a)
{
	kj_web_actor(req, a->name, sizeof a->name);
	a->actor = (struct kj_actor){ &req->user, req->user.id, a->name };
}

void kj_plan_name(struct kj_request *req, struct kj_buf *b, const char *scope,
		  const char *sector, const char *ministry)
{
	if (!strcmp(scope, "cross")) {
		kj_h_text(b, T("分野横断的実施計画"));
		return;
	}
	kj_h_text(b, kj_ui_sector_name(req, sector));
	kj_h(b, kj_ui_paren_open(req));
	kj_h_text(b, kj_ui_ministry_name(req, ministry));
	kj_h(b, kj_ui_paren_close(req));
}

const char *kj_plan_state_label(struct kj_request *req, enum kj_plan_state s)
{
	return kj_tr(req, kj_plan_state_label_ja(s));
}

static int current_fy(struct kj_request *req)
{
	time_t now = req->app->now();
	struct tm tm;
	gmtime_r(&now, &tm);
	return kj_fiscal_year(tm.tm_year + 1900, tm.tm_mon + 1);
}

static void plan_row(struct kj_request *req, struct kj_buf *b, const struct kj_plan_row *r)
{
	kj_h(b, "<tr><td>");
	kj_h_fy(req, b, r->fy);
	kj_h(b, "</td><td><a href=\"/plans/");
	kj_h_int(b, r->id);
	kj_h(b, "\">");
	kj_plan_name(req, b, r->scope, r->sector, r->ministry);
	kj_h(b, "</a></td><td>");
	kj_h_text(b, kj_plan_state_label(req, r->state));
	kj_h(b, "</td><td class=\"num\">");
	kj_h_count(b, r->nmeasures);
	kj_h(b, "</td><td class=\"num\">");
	if (r->targets >= 0)
		kj_h_count(b, r->targets);
	else
		kj_h_text(b, T("提出時に確定"));
	kj_h(b, "</td><td>");
	kj_h_time(req, b, r->updated_at);
	kj_h(b, "</td></tr>");
}

/* The filter: year and state, by GET (no JavaScript). */
static void filters(struct kj_request *req, struct kj_buf *b, const char *fy, int state)
{
	struct kj_option opts[KJ_PLAN_NSTATES];
	for (int i = 0; i < KJ_PLAN_NSTATES; i++)
		opts[i] = (struct kj_option){ kj_plan_state_name(i), kj_plan_state_label_ja(i) };
	kj_h(b, "<form class=\"filters\" method=\"get\" action=\"/plans\">");
	kj_form_input(req, b, NULL, &(struct kj_field){ .name = "fy", .label_ja = N_("年度（西暦）"),
		      .maxlength = 4, .inputmode = "numeric", .autocomplete = "off" }, fy);
	kj_form_select(req, b, NULL, &(struct kj_field){ .name = "state", .label_ja = N_("状態") },
		       opts, KJ_PLAN_NSTATES, state >= 0 ? kj_plan_state_name(state) : NULL);
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("絞り込む"));
	kj_h(b, "</button></div></form>");
}

int kj_page_plans(struct kj_request *req, struct kj_response *resp)
{
	static const char *const cols[] = { N_("年度"), N_("計画"), N_("状態"), N_("施策数"),
					    N_("対象事業者"), N_("更新日時") };
	const char *fy_s = kj_param(req, "fy"), *state_s = kj_param(req, "state");
	long fy = 0;
	int state = state_s && *state_s ? kj_plan_state_parse(state_s) : -1;
	if ((fy_s && *fy_s && kj_parse_long(fy_s, KJ_TARGET_FY_MIN, KJ_TARGET_FY_MAX, &fy) < 0) ||
	    (state_s && *state_s && state < 0))
		return kj_web_error(req, resp, 400, N_("年度または状態の指定に誤りがあります。"));
	struct kj_plan_row *rows = calloc(KJ_PLAN_LIST_MAX, sizeof *rows);
	struct kj_err err;
	int n;
	if (!rows || kj_app_plan_list(req->st, &req->user, (int)fy, rows, KJ_PLAN_LIST_MAX, &n,
				      &err) < 0) {
		free(rows);
		return 500;
	}
	struct kj_buf *b = &resp->body;
	kj_page_begin(req, resp, T("実施計画"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("実施計画"));
	kj_h(b, "</h1><p>");
	kj_h_text(b, T("年度ごとの各分野の実施計画と分野横断的実施計画です（統一基準 2.1）。"));
	kj_h(b, "</p>");
	if (kj_authz_allow(&req->user, KJ_PERM_PLAN_EDIT)) {
		kj_h(b, "<p><a class=\"button\" href=\"/plans/new\">");
		kj_h_text(b, T("実施計画を作成する"));
		kj_h(b, "</a></p>");
	}
	filters(req, b, fy_s, state);
	kj_ui_table_open(req, b, N_("実施計画の一覧（新しい年度から）"), cols, 6);
	int shown = 0;
	for (int i = 0; i < n; i++)
		if (state < 0 || rows[i].state == (enum kj_plan_state)state) {
			plan_row(req, b, &rows[i]);
			shown++;
		}
	if (!shown) {
		kj_h(b, "<tr><td colspan=\"6\">");
		kj_h_text(b, T("表示できる実施計画はありません。"));
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
	free(rows);
	kj_page_end(req, resp);
	return 0;
}

/* The form of a new plan; F holds a refused one's errors. */
static int new_form(struct kj_request *req, struct kj_response *resp, const struct kj_form *f,
		    int status)
{
	struct kj_buf *b = &resp->body;
	struct kj_option opts[KJ_USER_SECTORS_MAX + 1];
	int n = 0;
	if (req->user.role == KJ_ROLE_NCO)
		opts[n++] = (struct kj_option){ "cross", N_("分野横断的実施計画") };
	for (int i = 0; i < req->user.nsectors && req->user.role == KJ_ROLE_MINISTRY; i++)
		opts[n++] = (struct kj_option){ req->user.sectors[i],
						kj_ui_sector_name(req, req->user.sectors[i]) };
	char fy[8];
	snprintf(fy, sizeof fy, "%d", current_fy(req));
	resp->status = status;
	kj_page_begin(req, resp, T("実施計画の作成"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("実施計画の作成"));
	kj_h(b, "</h1><p>");
	kj_h_text(b, T("統一基準 2.1.2 の主な施策を記入した下書きを作成します。前年度の計画がある場合は、その計画の画面から次年度の計画を作成できます。"));
	kj_h(b, "</p>");
	kj_form_summary(req, b, f);
	kj_h(b, "<form class=\"stack\" method=\"post\" action=\"/plans\">");
	kj_h_csrf(req, b);
	kj_form_input(req, b, f, &(struct kj_field){ .name = "fy", .label_ja = N_("年度（西暦）"),
		      .flags = KJ_FIELD_REQUIRED, .maxlength = 4, .inputmode = "numeric",
		      .autocomplete = "off" }, f->nerrors ? kj_body_param(req, "fy") : fy);
	kj_form_select(req, b, f, &(struct kj_field){ .name = "sector", .label_ja = N_("対象"),
		       .flags = KJ_FIELD_REQUIRED }, opts, n,
		       f->nerrors ? kj_body_param(req, "sector") : n ? opts[0].value : NULL);
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("作成する"));
	kj_h(b, "</button></div></form>");
	kj_page_end(req, resp);
	return 0;
}

int kj_page_plan_new(struct kj_request *req, struct kj_response *resp)
{
	struct kj_form f = { .prefix = "plan" };
	return new_form(req, resp, &f, 200);
}

int kj_page_plan_create(struct kj_request *req, struct kj_response *resp)
{
	struct plan_actor a;
	struct kj_plan_refusal why;
	struct kj_err err;
	int64_t id;
	kj_plan_actor(req, &a);
	const char *sector = kj_body_param(req, "sector");
	if (sector && !strcmp(sector, "cross"))
		sector = NULL;	/* the NCO's cross-sector plan */
	if (kj_app_plan_create(req->st, &a.actor, kj_body_param(req, "fy"), sector, NULL, &id,
			       &why, &err) < 0)
		return 500;
	if (why.fault == KJ_PLAN_OK) {
		char to[48];
		snprintf(to, sizeof to, "/plans/%lld?done=create", (long long)id);
		return kj_response_redirect(resp, to) < 0 ? 500 : 0;
	}
	struct kj_form f = { .prefix = "plan" };
	char msg[KJ_FORM_MESSAGE_MAX];
	kj_textf(msg, sizeof msg, "%s (%s)", T("実施計画を作成できませんでした。データは変更されていません。"),
		 why.msg);
	kj_form_error_text(&f, strstr(why.msg, "--fy") ? "fy" : "sector", msg);
	return new_form(req, resp, &f, why.fault == KJ_PLAN_FORBIDDEN ? 403
			: why.fault == KJ_PLAN_REFUSED ? 409 : 400);
}
