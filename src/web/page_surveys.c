/*
 * The survey campaigns (/surveys): for those who follow them (NCO,
 * ministries, the surveyor, auditors) the campaigns each may see with their
 * response rate, each linking to its page; for an operator the surveys it
 * is asked to answer, with its response's status and a link to answer. No
 * one else has campaigns to see.
 */
#include <stdlib.h>
#include <string.h>

#include "app/authz.h"
#include "app/survey_progress.h"
#include "web/app.h"
#include "web/html.h"
#include "web/page_survey.h"
#include "web/pages.h"
#include "web/ui.h"

#define SURVEYS_SHOWN 50	/* campaigns on the page (ten years of one a year fit) */

static void title_link(struct kj_request *req, struct kj_buf *b, const struct kj_survey *sv,
		       const char *suffix)
{
	kj_h(b, "<a href=\"/surveys/");
	kj_h_int(b, sv->id);
	kj_h(b, suffix);
	kj_h(b, "\">");
	kj_h_text(b, kj_ui_survey_title(req, sv));
	kj_h(b, "</a>");
}

static void campaign_row(struct kj_request *req, struct kj_buf *b, const struct kj_survey_view *v)
{
	const struct kj_progress_counts *c = &v->p.total;
	kj_h(b, "<tr><td>");
	kj_h_fy(req, b, v->sv.fy);
	kj_h(b, "</td><td>");
	title_link(req, b, &v->sv, "");
	kj_h(b, "</td><td>");
	kj_h_text(b, kj_ui_survey_status(req, v->sv.status));
	kj_h(b, "</td><td>");
	kj_h_date(req, b, v->sv.closes_on, 0);
	kj_h(b, "</td><td class=\"num\">");
	kj_h_count(b, c->respondents);
	kj_h(b, "</td><td class=\"num\">");
	kj_h_count(b, c->submitted);
	kj_h(b, "</td><td class=\"num\">");
	kj_ui_rate(b, c->submitted, c->respondents);
	kj_h(b, "</td><td class=\"num\">");
	kj_h_count(b, c->overdue);
	kj_h(b, "</td></tr>");
}

/* The campaigns the user follows. */
static int campaigns(struct kj_request *req, struct kj_buf *b)
{
	static const char *const cols[] = {
		N_("年度"), N_("調査"), N_("状態"), N_("回答期限"), N_("対象"), N_("提出済み"),
		N_("回答率"), N_("期限超過"),
	};
	struct kj_survey_view *v = calloc(SURVEYS_SHOWN, sizeof *v);
	struct kj_err err;
	int n;
	if (!v || kj_app_survey_views(req->st, &req->user, v, SURVEYS_SHOWN, &n, &err) < 0) {
		free(v);
		return 500;
	}
	kj_ui_table_open(req, b, N_("調査の一覧（新しい年度から）"), cols, 8);
	for (int i = 0; i < n; i++)
		campaign_row(req, b, &v[i]);
	if (!n) {
		kj_h(b, "<tr><td colspan=\"8\">");
		kj_h_text(b, T("表示できる調査はありません。"));
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
	free(v);
	return 0;
}

/* The surveys an operator is asked to answer. */
static int own_surveys(struct kj_request *req, struct kj_buf *b)
{
	static const char *const cols[] = {
		N_("年度"), N_("調査"), N_("状態"), N_("回答期限"), N_("自組織の回答"),
	};
	struct kj_survey *sv = calloc(SURVEYS_SHOWN, sizeof *sv);
	struct kj_org_survey *os = calloc(SURVEYS_SHOWN, sizeof *os);
	struct kj_err err;
	int n = 0;
	if (!sv || !os || (req->user.org_id &&
			   kj_app_org_surveys(req->st, req->user.org_id, sv, os, SURVEYS_SHOWN, &n,
					      &err) < 0)) {
		free(sv);
		free(os);
		return 500;
	}
	kj_ui_table_open(req, b, N_("回答を求められている調査"), cols, 5);
	for (int i = 0; i < n; i++) {
		kj_h(b, "<tr><td>");
		kj_h_fy(req, b, sv[i].fy);
		kj_h(b, "</td><td>");
		title_link(req, b, &sv[i], "/answer");
		kj_h(b, "</td><td>");
		kj_h_text(b, kj_ui_survey_status(req, sv[i].status));
		kj_h(b, "</td><td>");
		kj_h_date(req, b, os[i].closes_on, 0);
		kj_h(b, "</td><td>");
		kj_h_text(b, kj_ui_response_status(req, os[i].status));
		kj_h(b, "</td></tr>");
	}
	if (!n) {
		kj_h(b, "<tr><td colspan=\"5\">");
		kj_h_text(b, T("回答を求められている調査はありません。"));
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
	free(sv);
	free(os);
	return 0;
}

int kj_page_surveys(struct kj_request *req, struct kj_response *resp)
{
	struct kj_buf *b = &resp->body;
	kj_page_begin(req, resp, T("調査"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("調査"));
	kj_h(b, "</h1><p>");
	kj_h_text(b, T("質問調査の実施状況と回答の進捗です。"));
	kj_h(b, "</p>");
	int rc = 0;
	if (kj_authz_allow(&req->user, KJ_PERM_SURVEY_ANSWER))
		rc = own_surveys(req, b);
	else if (kj_authz_allow(&req->user, KJ_PERM_SURVEY_READ))
		rc = campaigns(req, b);
	else {
		kj_h(b, "<p>");
		kj_h_text(b, T("表示できる調査はありません。"));
		kj_h(b, "</p>");
	}
	if (rc)
		return rc;
	kj_page_end(req, resp);
	return 0;
}
