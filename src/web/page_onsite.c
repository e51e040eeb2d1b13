/*
 * On-site surveys (実地調査, issue 15): /onsite lists the on-site surveys the
 * user may see (kj_authz_onsite_read), each linking to its page; those who
 * hold onsite.admin find the form of a new one below (POST /onsite), whose
 * checks and write are app/onsite_select.c's (through survey_admin's). A
 * refused form answers the same page with the reason and what was typed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/authz.h"
#include "app/onsite_select.h"
#include "base/util.h"
#include "web/app.h"
#include "web/html.h"
#include "web/page_onsite.h"
#include "web/page_survey.h"
#include "web/pages.h"
#include "web/ui.h"

#define ONSITE_SHOWN 200	/* on-site surveys on the list page */

/* The survey's owner as the pages name it. */
void kj_onsite_owner(struct kj_request *req, struct kj_buf *b, const struct kj_survey *sv)
{
	if (!strcmp(sv->owner_kind, "ministry"))
		kj_h_text(b, kj_ui_ministry_name(req, sv->owner_ministry));
	else if (!strcmp(sv->owner_kind, "surveyor"))
		kj_h_text(b, T("調査実施者（NISC の委託）"));
	else
		kj_h_text(b, T("NISC"));
}

static void survey_row(struct kj_request *req, struct kj_buf *b, const struct kj_onsite_view *v)
{
	kj_h(b, "<tr><td>");
	kj_h_fy(req, b, v->sv.fy);
	kj_h(b, "</td><td><a href=\"/onsite/");
	kj_h_int(b, v->sv.id);
	kj_h(b, "\">");
	kj_h_text(b, req->lang == KJ_LANG_EN && *v->sv.title_en ? v->sv.title_en : v->sv.title_ja);
	kj_h(b, "</a></td><td>");
	kj_h_text(b, kj_ui_survey_status(req, v->sv.status));
	kj_h(b, "</td><td>");
	kj_onsite_owner(req, b, &v->sv);
	kj_h(b, "</td><td>");
	kj_h_text(b, !v->sel.id ? T("未選定") : !strcmp(v->sel.state, "approved")
		  ? T("承認済み") : T("下書き"));
	kj_h(b, "</td><td class=\"num\">");
	kj_h_count(b, v->picks);
	kj_h(b, "</td></tr>");
}

static int current_fy(struct kj_request *req)
{
	time_t now = req->app->now();
	struct tm tm;
	gmtime_r(&now, &tm);
	return kj_fiscal_year(tm.tm_year + 1900, tm.tm_mon + 1);
}

/* The form of a new on-site survey; F holds a refused one's errors. */
static void create_form(struct kj_request *req, struct kj_buf *b, const struct kj_form *f)
{
	struct kj_option owners[3], secs[KJ_USER_SECTORS_MAX + 1];
	char mine[40], fy[8];
	int no = 0, ns = 0;
	if (req->user.role == KJ_ROLE_NCO)
		owners[no++] = (struct kj_option){ "nco", N_("NISC") };
	if (req->user.role == KJ_ROLE_NCO || req->user.role == KJ_ROLE_SURVEYOR)
		owners[no++] = (struct kj_option){ "surveyor", N_("調査実施者（NISC の委託）") };
	if (req->user.role == KJ_ROLE_MINISTRY) {
		snprintf(mine, sizeof mine, "ministry:%.30s", req->user.ministry);
		owners[no++] = (struct kj_option){ mine, kj_ui_ministry_name(req, req->user.ministry) };
	}
	secs[ns++] = (struct kj_option){ "", N_("すべての分野") };
	for (int i = 0; i < req->user.nsectors && req->user.role == KJ_ROLE_MINISTRY; i++)
		secs[ns++] = (struct kj_option){ req->user.sectors[i],
						 kj_ui_sector_name(req, req->user.sectors[i]) };
	snprintf(fy, sizeof fy, "%d", current_fy(req));
	kj_h(b, "<h2 id=\"create\">");
	kj_h_text(b, T("実地調査を作成する"));
	kj_h(b, "</h2>");
	kj_form_summary(req, b, f);
	kj_h(b, "<form class=\"stack\" method=\"post\" action=\"/onsite\">");
	kj_h_csrf(req, b);
	kj_form_input(req, b, f, &(struct kj_field){ .name = "fy", .label_ja = N_("年度（西暦）"),
		      .flags = KJ_FIELD_REQUIRED, .maxlength = 4, .inputmode = "numeric",
		      .autocomplete = "off" }, f->nerrors ? kj_body_param(req, "fy") : fy);
	kj_form_input(req, b, f, &(struct kj_field){ .name = "title", .label_ja = N_("名称"),
		      .flags = KJ_FIELD_REQUIRED, .maxlength = 200, .autocomplete = "off" },
		      kj_body_param(req, "title"));
	kj_form_input(req, b, f, &(struct kj_field){ .name = "title_en",
		      .label_ja = N_("名称（英語）"), .maxlength = 200, .autocomplete = "off" },
		      kj_body_param(req, "title_en"));
	kj_form_select(req, b, f, &(struct kj_field){ .name = "owner", .label_ja = N_("実施主体"),
		       .flags = KJ_FIELD_REQUIRED }, owners, no,
		       f->nerrors ? kj_body_param(req, "owner") : no ? owners[0].value : NULL);
	if (req->user.role == KJ_ROLE_MINISTRY)
		kj_form_select(req, b, f, &(struct kj_field){ .name = "sector",
			       .label_ja = N_("対象分野") }, secs, ns, kj_body_param(req, "sector"));
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("作成する"));
	kj_h(b, "</button></div></form>");
}

static int list_page(struct kj_request *req, struct kj_response *resp, const struct kj_form *f,
		     int status)
{
	static const char *const cols[] = { N_("年度"), N_("名称"), N_("状態"),
					    N_("実施主体"), N_("選定"), N_("選定数") };
	struct kj_onsite_view *v = calloc(ONSITE_SHOWN, sizeof *v);
	struct kj_err err;
	int n;
	if (!v || kj_app_onsite_list(req->st, &req->user, v, ONSITE_SHOWN, &n, &err) < 0) {
		free(v);
		return 500;
	}
	struct kj_buf *b = &resp->body;
	resp->status = status;
	kj_page_begin(req, resp, T("実地調査の一覧"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("実地調査の一覧"));
	kj_h(b, "</h1><p>");
	kj_h_text(b, T("自己評価を確かめるため、宣言した選定基準と乱数の種で訪問先の事業者を選び、承認のうえ訪問します（統一基準 2.2）。"));
	kj_h(b, "</p>");
	kj_ui_table_open(req, b, N_("実地調査の一覧（新しい年度から）"), cols, 6);
	for (int i = 0; i < n; i++)
		survey_row(req, b, &v[i]);
	if (!n) {
		kj_h(b, "<tr><td colspan=\"6\">");
		kj_h_text(b, T("表示できる実地調査はありません。"));
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
	free(v);
	if (kj_authz_allow(&req->user, KJ_PERM_ONSITE_ADMIN))
		create_form(req, b, f);
	kj_page_end(req, resp);
	return 0;
}

int kj_page_onsite_list(struct kj_request *req, struct kj_response *resp)
{
	struct kj_form f = { .prefix = "onsite" };
	return list_page(req, resp, &f, 200);
}

int kj_page_onsite_create(struct kj_request *req, struct kj_response *resp)
{
	char actor[KJ_AUDIT_ACTOR_MAX];
	kj_web_actor(req, actor, sizeof actor);
	struct kj_actor a = { &req->user, req->user.id, actor };
	const char *sector = kj_body_param(req, "sector");
	struct kj_survey_request r = {
		.fy = kj_body_param(req, "fy"), .title_ja = kj_body_param(req, "title"),
		.title_en = kj_body_param(req, "title_en"), .owner = kj_body_param(req, "owner"),
		.sectors = sector && *sector ? sector : NULL,
	};
	struct kj_survey_refusal why;
	struct kj_err err;
	int64_t id;
	if (r.owner && !*r.owner)
		r.owner = NULL;
	if (kj_app_onsite_create(req->st, &a, &r, &id, &why, &err) < 0)
		return 500;
	if (why.fault == KJ_SURVEY_OK) {
		char to[48];
		snprintf(to, sizeof to, "/onsite/%lld?done=1", (long long)id);
		return kj_response_redirect(resp, to) < 0 ? 500 : 0;
	}
	struct kj_form f = { .prefix = "onsite" };
	char msg[KJ_FORM_MESSAGE_MAX];
	const char *field = strstr(why.msg, "fiscal year") ? "fy"
		: strstr(why.msg, "title") ? "title" : strstr(why.msg, "owner") ? "owner"
		: strstr(why.msg, "sector") ? "sector" : "";
	kj_textf(msg, sizeof msg, "%s (%s)", T("実地調査を作成できませんでした。データは変更されていません。"),
		 why.msg);
	kj_form_error_text(&f, field, msg);
	return list_page(req, resp, &f, why.fault == KJ_SURVEY_FORBIDDEN ? 403
			 : why.fault == KJ_SURVEY_REFUSED ? 409 : 400);
}
