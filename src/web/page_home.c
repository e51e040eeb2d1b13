/*
 * The home page: what the user has to do next, by role, with what exists
 * today. Operators see their own organisation and its survey response; a
 * ministry its ministry, its sectors and their response status; CEPTOARs
 * the status of their sectors; the NCO, HQ, surveyors and auditors the
 * national figures. Only the NCO and the ministries chase operators that
 * have not answered; the other roles are not told to.
 */
#include <stdio.h>
#include <string.h>

#include "base/wareki.h"
#include "model/safety.h"
#include "store/store_safety.h"
#include "store/store_view.h"
#include "web/app.h"
#include "app/authz.h"
#include "app/survey_progress.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/ui.h"

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

/* Who the user is: role, its organisation (ORG_NAME, operators), and the
 * ministry and sectors it works for. */
static void who(struct kj_request *req, struct kj_buf *b, const struct kj_user *u,
		const char *org_name)
{
	if (org_name && *org_name) {
		kj_h(b, "<p class=\"org-name\">");
		kj_h_text(b, T("所属組織"));
		kj_h(b, ": <span lang=\"ja\">");
		kj_h_text(b, org_name);
		kj_h(b, "</span></p>");
	}
	kj_h(b, "<p><span lang=\"ja\">");
	kj_h_text(b, u->display_name);
	kj_h(b, "</span> — ");
	kj_h_text(b, req->lang == KJ_LANG_EN ? kj_role_label_en(u->role)
					     : kj_role_label_ja(u->role));
	if (u->role == KJ_ROLE_MINISTRY && u->ministry[0]) {
		kj_h(b, ": ");
		kj_h_text(b, kj_ui_ministry_name(req, u->ministry));
	}
	kj_h(b, "</p>");
	if (!u->nsectors)
		return;
	kj_h(b, "<p>");
	kj_h_text(b, T(u->role == KJ_ROLE_MINISTRY ? N_("所管分野") : N_("担当分野")));
	kj_h(b, ": ");
	for (int i = 0; i < u->nsectors; i++) {
		if (i)
			kj_h(b, "、");
		kj_h_text(b, kj_ui_sector_name(req, u->sectors[i]));
		if (u->sector_partial[i]) {
			kj_h(b, " ");
			kj_h_text(b, T("（割り当てられた事業者のみ）"));
		}
	}
	kj_h(b, "</p>");
}

/* The target page of the survey's year, where the user may open it: the
 * list behind the survey's figures (the operators to chase). */
static const char *targets_href(const struct kj_user *u, int fy, int unsubmitted,
				char *href, size_t n)
{
	if (!kj_authz_allow(u, KJ_PERM_TARGETS_READ))
		return NULL;
	snprintf(href, n, "/targets?fy=%d%s", fy, unsubmitted ? "&unsubmitted=1" : "");
	return href;
}

/* The survey's figures in the user's scope; the chase only for those who chase. */
static void survey_cards(struct kj_request *req, struct kj_buf *b,
			 const struct kj_user *u, const struct kj_home_survey *ss)
{
	char fig[64], text[512], fyja[32], n1[32], n2[32], href[96], chase[96];
	if (!ss->survey_id) {
		card(req, b, N_("質問調査"), NULL, T("まだ調査はありません。"), NULL, NULL);
		return;
	}
	kj_fiscal_year_text(ss->fiscal_year, req->lang == KJ_LANG_EN ? KJ_DATE_EN : KJ_DATE_JA,
			    fyja, sizeof fyja);
	if (u->role == KJ_ROLE_OPERATOR) {
		int done = !strcmp(ss->org_response, "submitted");
		if (!done && !strcmp(ss->status, "open") &&
		    kj_answer_home_card(req, b, ss->survey_id, ss->title_ja, ss->title_en))
			return;
		snprintf(text, sizeof text, "%s %s: %s", fyja, T("質問調査"),
			 done ? T("回答を提出済みです。") : T("回答が未提出です。"));
		snprintf(href, sizeof href, "/surveys/%lld/answer", (long long)ss->survey_id);
		card(req, b, N_("自組織の回答"), done ? T("提出済み") : T("未提出"), text,
		     ss->org_response[0] ? href : NULL, N_("回答を見る"));
		return;
	}
	const char *targets = targets_href(u, ss->fiscal_year, 0, href, sizeof href);
	/* No targets in scope: no rate, rather than a misleading 0 %. */
	if (ss->targets)
		snprintf(fig, sizeof fig, "%.1f%%",
			 100.0 * (double)ss->submitted / (double)ss->targets);
	else
		snprintf(fig, sizeof fig, "—");
	kj_count_text(ss->submitted, n1, sizeof n1);
	kj_count_text(ss->targets, n2, sizeof n2);
	snprintf(text, sizeof text, "%s %s: %s / %s %s", fyja, T("質問調査"), n1, n2,
		 T("事業者が回答を提出"));
	card(req, b, u->role == KJ_ROLE_MINISTRY ? N_("所管分野の回答状況")
		     : u->role == KJ_ROLE_CEPTOAR ? N_("担当分野の回答状況")
		     : N_("全国の回答状況"),
	     fig, text, targets, N_("対象事業者を見る"));
	if (u->role == KJ_ROLE_NCO || u->role == KJ_ROLE_MINISTRY) {
		kj_count_text(ss->targets - ss->submitted, fig, sizeof fig);
		card(req, b, N_("未提出の事業者"), fig,
		     T("回答期限までに提出を促してください。"),
		     targets_href(u, ss->fiscal_year, 1, chase, sizeof chase),
		     N_("提出を促す事業者を見る"));
	}
}

/*
 * The gaps of the safety standards (requirements covered only by operators'
 * internal rules, or not at all) in the NSECTORS sectors the user works in
 * (its organisation's for an operator): one sector is linked to its page,
 * several (and the national roles' all sectors, NSECTORS 0) to the
 * coverage. Returns -1 when the store fails.
 */
static int gap_card(struct kj_request *req, struct kj_buf *b, const kj_sector_code *sectors,
		    int nsectors)
{
	const struct kj_catalog *cat = &req->app->cat;
	struct kj_coverage cov;
	struct kj_err err;
	int counts[KJ_NCOV];
	long total = 0;
	char fig[32], text[512], href[64];
	if (kj_store_coverage(req->st, cat, &cov, &err) < 0)
		return -1;
	for (int s = 0; s < cat->nsectors; s++) {
		int mine = nsectors == 0;
		for (int k = 0; k < nsectors; k++)
			mine |= !strcmp(sectors[k], cat->sectors[s].code);
		if (!mine)
			continue;
		kj_coverage_count(&cov, cat, s, -1, counts);
		total += kj_coverage_gaps(counts);
	}
	kj_coverage_free(&cov);
	kj_count_text(total, fig, sizeof fig);
	if (nsectors == 1) {
		snprintf(text, sizeof text, "%s: %s", kj_ui_sector_name(req, sectors[0]),
			 T("安全基準等で規定されていない対策事項（ギャップ）の数です。"));
		snprintf(href, sizeof href, "/safety/%s", sectors[0]);
		card(req, b, N_("安全基準等のギャップ"), fig, text, href, N_("ギャップを見る"));
	} else {
		card(req, b, N_("安全基準等のギャップ"), fig,
		     T(nsectors ? N_("担当する分野で、安全基準等で規定されていない対策事項（ギャップ）の数の合計です。")
				: N_("全分野で、安全基準等で規定されていない対策事項（ギャップ）の数の合計です。")),
		     "/coverage", N_("カバー状況を見る"));
	}
	return 0;
}

/* The first of the user's sectors whose safety standards it may edit (or read). */
static const char *first_sector(const struct kj_request *req, enum kj_perm perm)
{
	const struct kj_catalog *cat = &req->app->cat;
	for (int i = 0; i < cat->nsectors; i++)
		if (kj_authz_sector(&req->user, perm, cat->sectors[i].code))
			return cat->sectors[i].code;
	return NULL;
}

/* Each role's own next steps, with the pages that exist for them. */
static void next_steps(struct kj_request *req, struct kj_buf *b, const struct kj_user *u)
{
	char href[64];
	const char *sec;
	switch (u->role) {
	case KJ_ROLE_NCO:
		card(req, b, N_("事業者台帳"), NULL,
		     T("全分野の重要インフラ事業者等の登録情報を整備します。"),
		     "/registry", N_("事業者台帳を開く"));
		card(req, b, N_("安全基準等のカバー状況"), NULL,
		     T("各分野の安全基準等が統一基準の対策事項をどこまでカバーしているかを確認します。"),
		     "/coverage", N_("カバー状況を見る"));
		break;
	case KJ_ROLE_MINISTRY:
		card(req, b, N_("所管分野の事業者台帳"), NULL,
		     T("所管分野の事業者の登録情報を最新に保ちます。"),
		     "/registry", N_("事業者台帳を開く"));
		card(req, b, N_("対象事業者の特定"), NULL,
		     T("年度ごとに、所管分野で統一基準の対象とする事業者を特定します。"),
		     "/targets", N_("対象事業者を特定する"));
		if ((sec = first_sector(req, KJ_PERM_SAFETY_EDIT))) {
			snprintf(href, sizeof href, "/safety/%s", sec);
			card(req, b, N_("所管分野の安全基準等"), NULL,
			     T("安全基準等を登録し、各条項を統一基準の対策事項に対応付けます。"),
			     href, N_("安全基準等を整備する"));
		}
		break;
	case KJ_ROLE_OPERATOR:
		if (u->org_id) {
			snprintf(href, sizeof href, "/registry/%lld", (long long)u->org_id);
			card(req, b, N_("自組織の登録情報"), NULL,
			     T("所管省庁に登録されている自組織の情報を確認します。"),
			     href, N_("登録情報を見る"));
			snprintf(href, sizeof href, "/analysis/operators/%lld", (long long)u->org_id);
			card(req, b, N_("自組織のベンチマーク"), NULL,
			     T("自組織の水準を、分野の事業者の分布（中央値と四分位範囲）と全国の中央値に比べます。"),
			     href, N_("ベンチマークを見る"));
		}
		card(req, b, N_("安全基準等のカバー状況"), NULL,
		     T("自組織の分野の安全基準等が統一基準のどの対策事項をカバーしているかを確認します。"),
		     "/coverage", N_("カバー状況を見る"));
		break;
	case KJ_ROLE_HQ:
	case KJ_ROLE_SURVEYOR:
		card(req, b, N_("安全基準等のカバー状況"), NULL,
		     T("全国の分野別の集計を確認します。個々の事業者の情報は表示されません。"),
		     "/coverage", N_("カバー状況を見る"));
		break;
	case KJ_ROLE_CEPTOAR:
		if (u->nsectors) {
			sec = u->sectors[0];
			snprintf(href, sizeof href, "/safety/%s", sec);
			card(req, b, N_("担当分野の安全基準等"), NULL,
			     T("担当分野の安全基準等とそのカバー状況を確認し、構成員と共有します。"),
			     href, N_("安全基準等を見る"));
		}
		break;
	case KJ_ROLE_AUDITOR:
		card(req, b, N_("事業者台帳"), NULL,
		     T("事業者台帳と対象事業者の特定を閲覧して確認します（変更はできません）。"),
		     "/registry", N_("事業者台帳を開く"));
		break;
	default:
		break;
	}
	if (kj_authz_allow(u, KJ_PERM_AUDIT_READ))
		card(req, b, N_("監査証跡"), NULL, T("サインインやデータ変更の記録を確認できます。"),
		     "/audit", N_("監査証跡を見る"));
	if (kj_authz_allow(u, KJ_PERM_USER_ADMIN))
		card(req, b, N_("利用者管理"), NULL, T("利用者の追加や無効化を行います。"),
		     "/admin/users", N_("利用者を管理する"));
}

int kj_page_home(struct kj_request *req, struct kj_response *resp)
{
	struct kj_buf *b = &resp->body;
	struct kj_err err;
	struct kj_home_survey ss;
	const struct kj_user *u = &req->user;
	char fig[64], text[512], eff[64];
	struct kj_org_record org = { 0 };
	int rc, found = 0;
	if ((rc = kj_app_home_survey(req->st, u, &ss, &err)) < 0)
		return 500;
	if (u->role == KJ_ROLE_OPERATOR && u->org_id &&
	    kj_store_org_get(req->st, u->org_id, &org, &found, &err) < 0)
		return 500;

	kj_page_begin(req, resp, T("ホーム"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("ホーム"));
	kj_h(b, "</h1>");
	who(req, b, u, found ? org.name_ja : NULL);
	kj_h(b, "<h2>");
	kj_h_text(b, T("対応が必要なこと"));
	kj_h(b, "</h2><ul class=\"cards\">");
	survey_cards(req, b, u, &ss);
	if (kj_authz_allow(u, KJ_PERM_SAFETY_READ) &&
	    gap_card(req, b, u->role == KJ_ROLE_OPERATOR ? (const kj_sector_code *)org.sectors
			 : (const kj_sector_code *)u->sectors,
		     u->role == KJ_ROLE_OPERATOR ? (found ? org.nsectors : 0)
		     : u->role == KJ_ROLE_MINISTRY || u->role == KJ_ROLE_CEPTOAR ? u->nsectors : 0) < 0)
		return 500;
	next_steps(req, b, u);
	kj_h(b, "</ul><h2>");
	kj_h_text(b, T("参照"));
	kj_h(b, "</h2><ul class=\"cards\">");
	kj_count_text(req->app->cat.nreqs, fig, sizeof fig);
	if (kj_date_text(req->app->cat.effective, req->lang == KJ_LANG_EN ? KJ_DATE_EN : KJ_DATE_JA,
			 eff, sizeof eff) < 0)
		snprintf(eff, sizeof eff, "—");
	snprintf(text, sizeof text, "%s %s (%s %s)", T("版"), req->app->cat.version,
		 T("施行"), eff);
	card(req, b, N_("統一基準の対策事項"), fig, text, "/catalog", N_("統一基準を見る"));
	kj_h(b, "</ul>");
	kj_page_end(req, resp);
	return 0;
}
