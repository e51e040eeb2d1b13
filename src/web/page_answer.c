/*
 * /surveys/{id}/answer: an operator's overview of its response to a survey
 * (status, close date with its extension, what is left per function, the
 * six function pages and its own questions, what is assigned to the user,
 * the lead and the assignments, the submitted versions and their
 * receipts, the return message), and its forms: start the response,
 * choose the lead, assign a function or requirement to a colleague. The
 * use cases are app/survey_answer.h; the page shows one operator's own
 * response only (no organisation in the address).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_users.h"
#include "web/form.h"
#include "web/html.h"
#include "web/page_answer.h"
#include "web/pages.h"
#include "web/ui.h"

#define OVERVIEW_VERSIONS 50

/* Per function: questions and those left. */
static void function_list(struct kj_request *req, struct kj_buf *b,
			  const struct kj_questionnaire *q, int64_t survey)
{
	char href[96];
	kj_h(b, "<h2>");
	kj_h_text(b, T("機能別の設問"));
	kj_h(b, "</h2><ul class=\"cards\">");
	for (int f = -1; f < q->cat.nfunctions; f++) {
		int total = 0, left = 0;
		for (int i = 0; i < q->nitems; i++) {
			const struct kj_q_item *it = &q->items[i];
			if (it->function != f)
				continue;
			total++;
			left += (it->required || it->requirement >= 0) &&
				(it->prefilled || (it->requirement >= 0 ? it->now.level == KJ_LEVEL_NONE
						   : !it->now.value[0]));
		}
		if (!total)
			continue;
		if (f < 0)
			snprintf(href, sizeof href, "/surveys/%lld/answer/f/q", (long long)survey);
		else
			snprintf(href, sizeof href, "/surveys/%lld/answer/f/%d", (long long)survey, f);
		kj_h(b, "<li class=\"card\"><h3>");
		kj_h_link(b, href, kj_answer_function_name(req, &q->cat, f));
		kj_h(b, "</h3><p>");
		kj_h_text(b, T("設問"));
		kj_h(b, " ");
		kj_h_count(b, total);
		kj_h(b, " / ");
		kj_h_text(b, T("残り"));
		kj_h(b, " ");
		kj_h_count(b, left);
		kj_h(b, "</p></li>");
	}
	kj_h(b, "</ul>");
}

/* The items assigned to the signed-in user, first thing after the head. */
static void assigned_to_me(struct kj_request *req, struct kj_buf *b,
			   const struct kj_questionnaire *q, int64_t survey)
{
	char href[128];
	int n = 0;
	for (int i = 0; i < q->nitems; i++) {
		const struct kj_q_item *it = &q->items[i];
		if (it->assignee != req->user.id)
			continue;
		if (!n++) {
			kj_h(b, "<h2>");
			kj_h_text(b, T("自分に割り当てられた設問"));
			kj_h(b, "</h2><ul>");
		}
		if (it->function < 0)
			snprintf(href, sizeof href, "/surveys/%lld/answer/f/q#i-%s",
				 (long long)survey, it->item);
		else
			snprintf(href, sizeof href, "/surveys/%lld/answer/f/%d#i-%s",
				 (long long)survey, it->function, it->item);
		kj_h(b, "<li>");
		kj_h_link(b, href, it->item);
		kj_h(b, "</li>");
	}
	if (n)
		kj_h(b, "</ul>");
}

/* The lead and the assignment forms: the colleague by sign-in ID. */
static void team_forms(struct kj_request *req, struct kj_buf *b, const struct kj_questionnaire *q,
		       int64_t survey)
{
	static const struct kj_field lead = { .name = "login", .label_ja = N_("取りまとめ担当者のサインイン ID"),
		.hint_ja = N_("空欄にすると、自組織のだれでも提出できます。"), .maxlength = KJ_LOGIN_MAX };
	static const struct kj_field item = { .name = "item", .label_ja = N_("設問または機能"),
		.hint_ja = N_("例: 3.2.1-1、Q1、機能全体は F0〜F5"), .maxlength = KJ_ITEM_MAX };
	static const struct kj_field who = { .name = "login", .label_ja = N_("担当者のサインイン ID"),
		.hint_ja = N_("空欄にすると割り当てを外します。"), .maxlength = KJ_LOGIN_MAX };
	struct kj_form f = { .prefix = "lead" }, g = { .prefix = "asg" };
	char action[96];
	kj_h(b, "<h2>");
	kj_h_text(b, T("担当"));
	kj_h(b, "</h2><p>");
	kj_h_text(b, T("取りまとめ担当者"));
	kj_h(b, ": ");
	kj_h_text(b, q->lead ? q->lead_name : T("未設定（自組織のだれでも提出できます）"));
	kj_h(b, "</p><form class=\"stack\" method=\"post\" action=\"");
	snprintf(action, sizeof action, "/surveys/%lld/answer/lead", (long long)survey);
	kj_h_attr(b, action);
	kj_h(b, "\">");
	kj_h_csrf(req, b);
	kj_form_input(req, b, &f, &lead, NULL);
	kj_h(b, "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">");
	kj_h_text(b, T("取りまとめ担当者を設定する"));
	kj_h(b, "</button></div></form><form class=\"stack\" method=\"post\" action=\"");
	snprintf(action, sizeof action, "/surveys/%lld/answer/assign", (long long)survey);
	kj_h_attr(b, action);
	kj_h(b, "\">");
	kj_h_csrf(req, b);
	kj_form_input(req, b, &g, &item, NULL);
	kj_form_input(req, b, &g, &who, NULL);
	kj_h(b, "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">");
	kj_h_text(b, T("割り当てる"));
	kj_h(b, "</button></div></form>");
}

static void overview_render(struct kj_request *req, struct kj_response *resp,
			    const struct kj_questionnaire *q, int64_t survey,
			    const struct kj_version_head *v, int nv)
{
	struct kj_buf *b = &resp->body;
	char href[96], base[64];
	const char *title = req->lang == KJ_LANG_EN && q->survey.title_en[0] ? q->survey.title_en
										  : q->survey.title_ja;
	kj_page_begin(req, resp, T("調査への回答"));
	kj_h(b, "<h1>");
	kj_h_text(b, title);
	kj_h(b, "</h1>");
	if (kj_param(req, "done"))
		kj_form_done(req, b, N_("保存しました。"));
	kj_answer_head(req, b, q);
	if (!strcmp(q->status, "not_started")) {
		snprintf(href, sizeof href, "/surveys/%lld/answer/start", (long long)survey);
		kj_h(b, "<form method=\"post\" action=\"");
		kj_h_attr(b, href);
		kj_h(b, "\">");
		kj_h_csrf(req, b);
		kj_h(b, "<p>");
		kj_h_text(b, T("回答を始めると、前年度に提出した回答が「未確認」として引き継がれます。"));
		kj_h(b, "</p><div class=\"actions\"><button type=\"submit\">");
		kj_h_text(b, T("回答を始める"));
		kj_h(b, "</button></div></form>");
	}
	assigned_to_me(req, b, q, survey);
	function_list(req, b, q, survey);
	if (strcmp(q->status, "submitted") && strcmp(q->status, "not_started")) {
		snprintf(href, sizeof href, "/surveys/%lld/answer/submit", (long long)survey);
		kj_h(b, "<p>");
		kj_h_link(b, href, T("提出へ進む（未回答の確認と責任者の確認）"));
		kj_h(b, "</p>");
	}
	if (strcmp(q->status, "submitted")) {
		char sid[24];
		snprintf(sid, sizeof sid, "%lld", (long long)survey);
		team_forms(req, b, q, survey);
		kj_web_survey_form_panel(req, b, sid);
	}
	kj_h(b, "<h2>");
	kj_h_text(b, T("提出の記録と受付番号"));
	kj_h(b, "</h2>");
	snprintf(base, sizeof base, "/surveys/%lld/answer/", (long long)survey);
	kj_answer_versions_table(req, b, v, nv, base, 1);
	kj_page_end(req, resp);
}

int kj_page_answer(struct kj_request *req, struct kj_response *resp)
{
	struct kj_questionnaire *q;
	struct kj_answer_refusal why = { 0 };
	struct kj_err err;
	struct kj_actor actor;
	char name[KJ_ANSWER_ACTOR_MAX];
	int64_t survey;
	int nv = 0, st = kj_answer_survey_arg(req, &survey);
	if (st || (st = kj_answer_load(req, resp, survey, 0, &q)) || !q)
		return st;
	struct kj_version_head *v = calloc(OVERVIEW_VERSIONS, sizeof *v);
	kj_answer_actor(req, &actor, name);
	if (!v || (q->versions && kj_app_response_versions(req->st, &actor, survey, q->org, v,
							   OVERVIEW_VERSIONS, &nv, &why, &err) < 0))
		st = 500;
	else
		overview_render(req, resp, q, survey, v, why.fault ? 0 : nv);
	free(v);
	kj_questionnaire_free(q);
	return st;
}

/* Back to the overview (or to TAIL under it) after a form. */
static int back(struct kj_response *resp, int64_t survey, const char *tail)
{
	char loc[128];
	snprintf(loc, sizeof loc, "/surveys/%lld/answer%s", (long long)survey, tail);
	return kj_response_redirect(resp, loc) ? 500 : 0;
}

int kj_page_answer_start(struct kj_request *req, struct kj_response *resp)
{
	struct kj_answer_refusal why = { 0 };
	struct kj_err err;
	struct kj_actor actor;
	char name[KJ_ANSWER_ACTOR_MAX];
	int64_t survey;
	if (kj_answer_survey_arg(req, &survey))
		return 404;
	kj_answer_actor(req, &actor, name);
	int64_t org = kj_app_actor_org(&actor);
	if (!org)
		return 404;
	if (kj_app_response_start(req->st, &actor, survey, org, &why, &err) < 0)
		return 500;
	return why.fault ? kj_answer_refused_own(req, resp, &why) : back(resp, survey, "?done=1");
}

/* The user of sign-in ID LOGIN ("": nobody, 0) into *ID: 0, or 400 for an unknown one. */
static int colleague(struct kj_request *req, const char *login, int64_t *id)
{
	struct kj_user u;
	struct kj_err err;
	int found = 0;
	*id = 0;
	if (!login || !*login)
		return 0;
	if (strlen(login) >= KJ_LOGIN_MAX)
		return 400;
	if (kj_store_user_by_login(req->st, login, &u, &found, &err) < 0)
		return 500;
	/* Another organisation's user is as unknown as one that does not exist. */
	if (!found || u.org_id != req->user.org_id)
		return 400;
	*id = u.id;
	return 0;
}

static int team_post(struct kj_request *req, struct kj_response *resp, int lead)
{
	struct kj_answer_refusal why = { 0 };
	struct kj_err err;
	struct kj_actor actor;
	char name[KJ_ANSWER_ACTOR_MAX];
	int64_t survey, user;
	const char *item = kj_body_param(req, "item");
	if (kj_answer_survey_arg(req, &survey))
		return 404;
	kj_answer_actor(req, &actor, name);
	int64_t org = kj_app_actor_org(&actor);
	if (!org)
		return 404;
	int st = colleague(req, kj_body_param(req, "login"), &user);
	if (st == 400) {
		kj_web_error(req, resp, 400, N_("そのサインイン ID の利用者は自組織にいません。"));
		return 0;
	}
	if (st)
		return st;
	if (!lead && (!item || !*item)) {
		kj_web_error(req, resp, 400, N_("割り当てる設問または機能を入力してください。"));
		return 0;
	}
	if ((lead ? kj_app_response_lead(req->st, &actor, survey, org, user, &why, &err)
		  : kj_app_response_assign(req->st, &actor, survey, org, item, user, &why, &err)) < 0)
		return 500;
	return why.fault ? kj_answer_refused_own(req, resp, &why) : back(resp, survey, "?done=1");
}

int kj_page_answer_lead(struct kj_request *req, struct kj_response *resp)
{
	return team_post(req, resp, 1);
}

int kj_page_answer_assign(struct kj_request *req, struct kj_response *resp)
{
	return team_post(req, resp, 0);
}

/*
 * An operator's open survey not yet submitted: a call to action with its
 * status, the questions left and the close date (with the operator's
 * extension), read through the answering use case. Nothing (0) when the
 * operator is not among its respondents or the response cannot be read.
 */
int kj_answer_home_card(struct kj_request *req, struct kj_buf *b, int64_t survey,
			const char *title_ja, const char *title_en)
{
	struct kj_answer_refusal why = { 0 };
	struct kj_err err;
	char name[KJ_LOGIN_MAX + 8], href[96];
	struct kj_questionnaire *q = kj_questionnaire_new();
	if (!q)
		return 0;
	kj_web_actor(req, name, sizeof name);
	const struct kj_actor actor = { &req->user, req->user.id, name };
	if (kj_app_questionnaire_load(req->st, &actor, survey, req->user.org_id, q, &why,
				      &err) < 0 || why.fault) {
		kj_questionnaire_free(q);
		return 0;
	}
	snprintf(href, sizeof href, "/surveys/%lld/answer", (long long)survey);
	kj_h(b, "<li class=\"card call\"><h3>");
	kj_h_text(b, T("自組織の回答"));
	kj_h(b, "</h3><p><strong>");
	kj_h_text(b, T("調査への回答をお願いします"));
	kj_h(b, "</strong> ");
	kj_h_text(b, req->lang == KJ_LANG_EN && title_en[0] ? title_en : title_ja);
	kj_h(b, "</p><p class=\"figure\">");
	kj_h_text(b, T("残り"));
	kj_h(b, " ");
	kj_h_count(b, q->left);
	kj_h(b, "</p><p>");
	kj_h_text(b, !strcmp(q->status, "not_started") ? T("未着手")
		     : !strcmp(q->status, "returned") ? T("差し戻し（修正して再提出してください）")
		     : T("作成中"));
	if (q->closes_on[0]) {
		kj_h(b, " / ");
		kj_h_text(b, T("回答期限"));
		kj_h(b, " ");
		kj_h_date(req, b, q->closes_on, 0);
	}
	kj_h(b, "</p>");
	kj_h_link(b, href, T("回答する"));
	kj_h(b, "</li>");
	kj_questionnaire_free(q);
	return 1;
}
