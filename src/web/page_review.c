/*
 * /surveys/{id}/responses/{corp}: one operator's response, read-only, for
 * those who review it (its ministry, the survey's owner, the NCO, the
 * auditor, the surveyor: kj_authz_response in the use cases decides; for
 * anyone else it is not there, 404), with its submitted versions, the
 * comparison of two of them (…/versions) and the form that returns a
 * submitted response for correction with a message (…/return).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/form.h"
#include "web/html.h"
#include "web/page_answer.h"
#include "web/pages.h"
#include "web/ui.h"

#define REVIEW_VERSIONS 50

static const struct kj_field return_field = {
	.name = "message", .label_ja = N_("差し戻しの理由（事業者に表示されます）"),
	.flags = KJ_FIELD_REQUIRED, .maxlength = KJ_RETURN_MESSAGE_MAX,
};

static void review_render(struct kj_request *req, struct kj_response *resp,
			  const struct kj_questionnaire *q, const struct kj_version_head *v,
			  int nv, const struct kj_form *f)
{
	struct kj_buf *b = &resp->body;
	char base[96], action[112];
	snprintf(base, sizeof base, "/surveys/%lld/responses/%s/", (long long)q->survey.id,
		 q->corporate_number);
	kj_page_begin(req, resp, T("事業者の回答"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("事業者の回答"));
	kj_h(b, "</h1><p>");
	kj_h_text(b, req->lang == KJ_LANG_EN && q->survey.title_en[0] ? q->survey.title_en
								       : q->survey.title_ja);
	kj_h(b, "</p>");
	if (kj_param(req, "done"))
		kj_form_done(req, b, N_("差し戻しました。"));
	kj_form_summary(req, b, f);
	kj_answer_head(req, b, q);
	kj_h(b, "<h2>");
	kj_h_text(b, T("提出の記録"));
	kj_h(b, "</h2>");
	kj_answer_versions_table(req, b, v, nv, base, 0);
	if (!strcmp(q->status, "submitted") && kj_authz_allow(&req->user, KJ_PERM_SURVEY_REVIEW) &&
	    req->user.role != KJ_ROLE_AUDITOR) {
		kj_h(b, "<h2>");
		kj_h_text(b, T("修正のための差し戻し"));
		kj_h(b, "</h2><form class=\"stack\" method=\"post\" novalidate action=\"");
		snprintf(action, sizeof action, "%sreturn", base);
		kj_h_attr(b, action);
		kj_h(b, "\">");
		kj_h_csrf(req, b);
		kj_form_textarea(req, b, f, &return_field, kj_body_param(req, "message"), 4);
		kj_h(b, "<div class=\"actions\"><button type=\"submit\" class=\"danger\">");
		kj_h_text(b, T("差し戻す"));
		kj_h(b, "</button></div></form>");
	}
	kj_answer_readonly(req, b, q);
	kj_page_end(req, resp);
}

/* The response the path names, read: 0, or what the handler returns (Q NULL then). */
static int review_load(struct kj_request *req, struct kj_response *resp, int64_t *survey,
		       int64_t *org, struct kj_questionnaire **q)
{
	int st = kj_answer_survey_arg(req, survey);
	*q = NULL;
	if (st || req->nargs < 2 || (st = kj_answer_corp_org(req, *survey, req->args[1], org)))
		return st ? st : 404;
	return kj_answer_load(req, resp, *survey, *org, q);
}

static int review_page(struct kj_request *req, struct kj_response *resp, const struct kj_form *f)
{
	struct kj_questionnaire *q;
	struct kj_answer_refusal why = { 0 };
	struct kj_err err;
	struct kj_actor actor;
	char name[KJ_ANSWER_ACTOR_MAX];
	int64_t survey, org;
	int nv = 0, st = review_load(req, resp, &survey, &org, &q);
	if (st || !q)
		return st;
	struct kj_version_head *v = calloc(REVIEW_VERSIONS, sizeof *v);
	kj_answer_actor(req, &actor, name);
	if (!v || (q->versions && kj_app_response_versions(req->st, &actor, survey, org, v,
							   REVIEW_VERSIONS, &nv, &why, &err) < 0))
		st = 500;
	else
		review_render(req, resp, q, v, why.fault ? 0 : nv, f);
	free(v);
	kj_questionnaire_free(q);
	return st;
}

int kj_page_review(struct kj_request *req, struct kj_response *resp)
{
	struct kj_form f = { .prefix = "r" };
	return review_page(req, resp, &f);
}

int kj_page_review_return(struct kj_request *req, struct kj_response *resp)
{
	struct kj_form f = { .prefix = "r" };
	struct kj_answer_refusal why = { 0 };
	struct kj_err err;
	struct kj_actor actor;
	char name[KJ_ANSWER_ACTOR_MAX], loc[128];
	int64_t survey, org;
	const char *msg = kj_body_param(req, "message");
	int st = kj_answer_survey_arg(req, &survey);
	if (st || req->nargs < 2 || (st = kj_answer_corp_org(req, survey, req->args[1], &org)))
		return st ? st : 404;
	kj_answer_actor(req, &actor, name);
	/* The use case decides reach first: a blank message is bad input only
	 * for whoever may return the response at all. */
	if (kj_app_response_return(req->st, &actor, survey, org, msg ? msg : "", &why, &err) < 0)
		return 500;
	if (why.fault == KJ_SURVEY_OK) {
		snprintf(loc, sizeof loc, "/surveys/%lld/responses/%s?done=1", (long long)survey,
			 req->args[1]);
		return kj_response_redirect(resp, loc) ? 500 : 0;
	}
	int blank = !msg || !*msg;
	if (why.fault == KJ_SURVEY_NOT_FOUND || why.fault == KJ_SURVEY_FORBIDDEN ||
	    (why.fault == KJ_SURVEY_REFUSED && !blank))
		return kj_answer_refused(req, resp, &why);
	if (blank)
		kj_form_error(req, &f, "message", N_("差し戻しの理由を入力してください。"));
	else
		kj_form_error_text(&f, "message", req->lang == KJ_LANG_EN ? why.msg : why.msg_ja);
	st = review_page(req, resp, &f);
	if (!st && resp->status == 200)
		resp->status = 400;
	return st;
}

int kj_page_review_versions(struct kj_request *req, struct kj_response *resp)
{
	char base[96];
	int64_t survey, org;
	int st = kj_answer_survey_arg(req, &survey);
	if (st || req->nargs < 2 || (st = kj_answer_corp_org(req, survey, req->args[1], &org)))
		return st ? st : 404;
	snprintf(base, sizeof base, "/surveys/%lld/responses/%s/", (long long)survey, req->args[1]);
	return kj_answer_compare_page(req, resp, survey, org, base);
}
