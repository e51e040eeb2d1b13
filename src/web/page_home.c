/*
 * The home page: what needs the user's attention, by role. Operators see
 * their own organisation and its survey response; ministries and CEPTOARs
 * the response status of their sectors; the NCO, HQ, surveyors and
 * auditors the national figures.
 */
#include <stdio.h>
#include <string.h>

#include "store/store_view.h"
#include "web/app.h"
#include "web/html.h"
#include "web/pages.h"

static void card(struct kj_request *req, struct kj_buf *b, const char *title_ja,
		 const char *figure, const char *text, const char *href,
		 const char *link_ja)
{
	kj_h(b, "<li class=\"card\"><h3>");
	kj_h_text(b, T(title_ja));
	kj_h(b, "</h3>");
	if (figure) {
		kj_h(b, "<p class=\"figure\">");
		kj_h_text(b, figure);
		kj_h(b, "</p>");
	}
	if (text) {
		kj_h(b, "<p>");
		kj_h_text(b, text);
		kj_h(b, "</p>");
	}
	if (href)
		kj_h_link(b, href, T(link_ja));
	kj_h(b, "</li>");
}

static const char *sector_name(const struct kj_request *req, const char *code)
{
	const struct kj_catalog *cat = &req->app->cat;
	for (int i = 0; i < cat->nsectors; i++)
		if (!strcmp(cat->sectors[i].code, code))
			return req->lang == KJ_LANG_EN ? cat->sectors[i].name_en
						       : cat->sectors[i].name_ja;
	return code;
}

int kj_page_home(struct kj_request *req, struct kj_response *resp)
{
	struct kj_buf *b = &resp->body;
	struct kj_err err;
	struct kj_survey_status ss;
	const struct kj_user *u = &req->user;
	char fig[64], text[512], fyja[32];
	int rc;
	if (u->role == KJ_ROLE_OPERATOR)
		rc = kj_store_survey_status(req->st, NULL, 0, u->org_id, &ss, &err);
	else if (u->role == KJ_ROLE_MINISTRY || u->role == KJ_ROLE_CEPTOAR)
		rc = kj_store_survey_status(req->st, u->sectors, u->nsectors, 0, &ss, &err);
	else
		rc = kj_store_survey_status(req->st, NULL, 0, 0, &ss, &err);
	if (rc < 0)
		return 500;

	kj_page_begin(req, resp, T("ホーム"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("ホーム"));
	kj_h(b, "</h1><p><span lang=\"ja\">");
	kj_h_text(b, u->display_name);
	kj_h(b, "</span>");
	kj_h(b, " — ");
	kj_h_text(b, req->lang == KJ_LANG_EN ? kj_role_label_en(u->role)
					     : kj_role_label_ja(u->role));
	if (u->nsectors) {
		kj_h(b, " (");
		for (int i = 0; i < u->nsectors; i++) {
			if (i)
				kj_h(b, "、");
			kj_h_text(b, sector_name(req, u->sectors[i]));
		}
		kj_h(b, ")");
	}
	kj_h(b, "</p><h2>");
	kj_h_text(b, T("対応が必要なこと"));
	kj_h(b, "</h2><ul class=\"cards\">");

	if (ss.survey_id) {
		if (req->lang == KJ_LANG_EN)
			snprintf(fyja, sizeof fyja, "FY%d", ss.fiscal_year);
		else
			kj_fiscal_year_ja(ss.fiscal_year, fyja, sizeof fyja);
		if (u->role == KJ_ROLE_OPERATOR) {
			int done = !strcmp(ss.org_response, "submitted");
			snprintf(text, sizeof text, "%s %s: %s", fyja, T("質問調査"),
				 done ? T("回答を提出済みです。") : T("回答が未提出です。"));
			card(req, b, N_("自組織の回答"), done ? T("提出済み") : T("未提出"), text,
			     NULL, NULL);
		} else {
			/* No targets in scope: no rate, rather than a misleading 0 %. */
			if (ss.targets)
				snprintf(fig, sizeof fig, "%.1f%%",
					 100.0 * (double)ss.submitted / (double)ss.targets);
			else
				snprintf(fig, sizeof fig, "—");
			snprintf(text, sizeof text, "%s %s: %ld / %ld %s", fyja, T("質問調査"),
				 ss.submitted, ss.targets, T("事業者が回答を提出"));
			card(req, b, u->role == KJ_ROLE_MINISTRY ? N_("所管分野の回答状況")
				     : u->role == KJ_ROLE_CEPTOAR ? N_("担当分野の回答状況")
				     : N_("全国の回答状況"),
			     fig, text, NULL, NULL);
			snprintf(fig, sizeof fig, "%ld", ss.targets - ss.submitted);
			card(req, b, N_("未提出の事業者"), fig,
			     T("回答期限までに提出を促してください。"), NULL, NULL);
		}
	} else {
		card(req, b, N_("質問調査"), NULL, T("まだ調査はありません。"), NULL, NULL);
	}
	snprintf(fig, sizeof fig, "%d", req->app->cat.nreqs);
	snprintf(text, sizeof text, "%s %s (%s %s)", T("版"), req->app->cat.version,
		 T("施行"), req->app->cat.effective);
	card(req, b, N_("統一基準の対策事項"), fig, text, "/catalog", N_("統一基準を見る"));
	if (kj_authz_allow(u, KJ_PERM_AUDIT_READ))
		card(req, b, N_("監査証跡"), NULL, T("サインインやデータ変更の記録を確認できます。"),
		     "/audit", N_("監査証跡を見る"));
	if (kj_authz_allow(u, KJ_PERM_USER_ADMIN))
		card(req, b, N_("利用者管理"), NULL, T("利用者の追加や無効化を行います。"),
		     "/admin/users", N_("利用者を管理する"));
	kj_h(b, "</ul>");
	kj_page_end(req, resp);
	return 0;
}
