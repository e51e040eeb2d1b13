/*
 * /surveys/{id}/answer/submit: the completeness check (what is still
 * missing, each linked to its place) and the attestation of the
 * responsible officer (name, title, date); submitting keeps the version
 * whole and answers with its receipt, /surveys/{id}/answer/receipts/{n}:
 * the receipt number (受付番号), the time and the digest of the submitted
 * answers. The server checks completeness again at the submit: a response
 * with something missing is refused with the list (400), nothing changed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "web/form.h"
#include "web/html.h"
#include "web/page_answer.h"
#include "web/pages.h"
#include "web/ui.h"

#define MISSING_SHOWN (KJ_CATALOG_REQ_MAX + KJ_SURVEY_QUESTIONS_MAX)
#define RECEIPT_VERSIONS 200

static const struct kj_field att_fields[] = {
	{ .name = "attest_name", .label_ja = N_("責任者の氏名"), .flags = KJ_FIELD_REQUIRED,
	  .maxlength = KJ_ATTEST_TEXT_MAX, .autocomplete = "name" },
	{ .name = "attest_title", .label_ja = N_("責任者の役職"), .flags = KJ_FIELD_REQUIRED,
	  .maxlength = KJ_ATTEST_TEXT_MAX, .autocomplete = "organization-title" },
	{ .name = "attest_date", .label_ja = N_("確認日"), .type = "date",
	  .hint_ja = N_("責任者が回答の内容を確認した日"), .flags = KJ_FIELD_REQUIRED },
};

/* The link to missing item ITEM of Q on its function page. */
static void missing_link(struct kj_buf *b, const struct kj_questionnaire *q, int64_t survey,
			 const char *item)
{
	char href[128];
	int fn = -1;
	for (int i = 0; i < q->nitems; i++)
		if (!strcmp(q->items[i].item, item))
			fn = q->items[i].function;
	if (fn < 0)
		snprintf(href, sizeof href, "/surveys/%lld/answer/f/q#i-%s", (long long)survey, item);
	else
		snprintf(href, sizeof href, "/surveys/%lld/answer/f/%d#i-%s", (long long)survey, fn,
			 item);
	kj_h(b, "<li>");
	kj_h_link(b, href, item);
	kj_h(b, "</li>");
}

/* What is missing: the server's list after a refused submit, else Q's own count. */
static void missing_list(struct kj_request *req, struct kj_buf *b, const struct kj_questionnaire *q,
			 int64_t survey, char (*missing)[KJ_ITEM_MAX], int nmissing)
{
	int n = 0;
	kj_h(b, "<h2>");
	kj_h_text(b, T("未回答・未確認の設問"));
	kj_h(b, "</h2>");
	if (missing) {
		kj_h(b, "<ul class=\"missing\">");
		for (int i = 0; i < nmissing; i++, n++)
			missing_link(b, q, survey, missing[i]);
	} else {
		kj_h(b, "<ul class=\"missing\">");
		for (int i = 0; i < q->nitems; i++) {
			const struct kj_q_item *it = &q->items[i];
			int answered = it->requirement >= 0 ? it->now.level != KJ_LEVEL_NONE
				     : it->kind == KJ_Q_LEVEL ? it->now.value[0] || it->now.level != KJ_LEVEL_NONE
				     : it->now.value[0] != '\0';
			if ((it->requirement >= 0 || it->required) && (!answered || it->prefilled)) {
				missing_link(b, q, survey, it->item);
				n++;
			}
		}
	}
	kj_h(b, "</ul>");
	kj_h(b, "<p role=\"status\">");
	if (n) {
		kj_h_text(b, T("提出するには、上の設問に回答するか、引き継いだ回答を確認してください。残り"));
		kj_h(b, " ");
		kj_h_count(b, n);
	} else {
		kj_h_text(b, T("すべての設問に回答済みです。提出できます。"));
	}
	kj_h(b, "</p>");
}

static void submit_render(struct kj_request *req, struct kj_response *resp,
			  const struct kj_questionnaire *q, int64_t survey, const struct kj_form *f,
			  char (*missing)[KJ_ITEM_MAX], int nmissing)
{
	struct kj_buf *b = &resp->body;
	char action[96];
	kj_page_begin(req, resp, T("回答の提出"));
	snprintf(action, sizeof action, "/surveys/%lld/answer", (long long)survey);
	kj_h(b, "<p>");
	kj_h_link(b, action, T("回答の概要へ戻る"));
	kj_h(b, "</p><h1>");
	kj_h_text(b, T("回答の提出"));
	kj_h(b, "</h1>");
	kj_form_summary(req, b, f);
	kj_answer_head(req, b, q);
	if (!strcmp(q->status, "submitted")) {
		kj_h(b, "<p class=\"notice\">");
		kj_h_text(b, T("この回答は提出済みです。"));
		kj_h(b, "</p>");
		kj_page_end(req, resp);
		return;
	}
	missing_list(req, b, q, survey, missing, nmissing);
	kj_h(b, "<h2>");
	kj_h_text(b, T("責任者による確認"));
	kj_h(b, "</h2><p>");
	kj_h_text(b, T("回答の内容が正確であることを、責任者が確認したうえで提出してください。提出した回答は変更できなくなります。"));
	kj_h(b, "</p><form class=\"stack\" method=\"post\" novalidate action=\"");
	snprintf(action, sizeof action, "/surveys/%lld/answer/submit", (long long)survey);
	kj_h_attr(b, action);
	kj_h(b, "\">");
	kj_h_csrf(req, b);
	kj_h(b, "<input type=\"hidden\" name=\"rev\" value=\"");
	kj_h_int(b, q->revision);
	kj_h(b, "\">");
	for (int i = 0; i < 3; i++)
		kj_form_input(req, b, f, &att_fields[i], kj_body_param(req, att_fields[i].name));
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("提出する"));
	kj_h(b, "</button></div></form>");
	kj_page_end(req, resp);
}

int kj_page_answer_submit_form(struct kj_request *req, struct kj_response *resp)
{
	struct kj_questionnaire *q;
	struct kj_form f = { .prefix = "s" };
	int64_t survey;
	int st = kj_answer_survey_arg(req, &survey);
	if (st || (st = kj_answer_load(req, resp, survey, 0, &q)) || !q)
		return st;
	submit_render(req, resp, q, survey, &f, NULL, 0);
	kj_questionnaire_free(q);
	return 0;
}

/* The attestation's faults: a blank field beside it, the use case's words otherwise. */
static void attest_faults(struct kj_request *req, struct kj_form *f,
			  const struct kj_answer_refusal *why)
{
	int any = 0;
	for (int i = 0; i < 3; i++) {
		const char *v = kj_body_param(req, att_fields[i].name);
		if (!v || !*v) {
			kj_form_error(req, f, att_fields[i].name, N_("入力してください。"));
			any = 1;
		}
	}
	if (!any)
		kj_form_error_text(f, strstr(why->msg, "date") ? "attest_date" : "",
				   req->lang == KJ_LANG_EN ? why->msg : why->msg_ja);
}

int kj_page_answer_submit(struct kj_request *req, struct kj_response *resp)
{
	struct kj_questionnaire *q;
	struct kj_form f = { .prefix = "s" };
	struct kj_answer_refusal why = { 0 };
	struct kj_receipt receipt;
	struct kj_err err;
	struct kj_actor actor;
	char name[KJ_ANSWER_ACTOR_MAX], loc[128];
	int64_t survey;
	long rev;
	int nmissing = 0, st = kj_answer_survey_arg(req, &survey);
	if (st || (st = kj_answer_load(req, resp, survey, 0, &q)) || !q)
		return st;
	char (*missing)[KJ_ITEM_MAX] = calloc(MISSING_SHOWN, sizeof *missing);
	const char *srev = kj_body_param(req, "rev");
	const struct kj_attestation att = { kj_body_param(req, "attest_name"),
		kj_body_param(req, "attest_title"), kj_body_param(req, "attest_date") };
	kj_answer_actor(req, &actor, name);
	if (!missing) {
		st = 500;
	} else if (!srev || kj_parse_long(srev, 0, 1L << 40, &rev) < 0) {
		st = 400;
	} else if (kj_app_response_submit(req->st, &actor, survey, q->org, rev, &att, &receipt,
					  missing, MISSING_SHOWN, &nmissing, &why, &err) < 0) {
		st = 500;
	} else if (why.fault == KJ_SURVEY_OK) {
		snprintf(loc, sizeof loc, "/surveys/%lld/answer/receipts/%d", (long long)survey,
			 receipt.version);
		st = kj_response_redirect(resp, loc) ? 500 : 0;
	} else if (why.fault == KJ_SURVEY_BAD || nmissing) {
		if (nmissing)
			kj_form_error(req, &f, "", N_("未回答または未確認の設問があるため、提出できませんでした。"));
		else
			attest_faults(req, &f, &why);
		resp->status = 400;
		submit_render(req, resp, q, survey, &f, nmissing ? missing : NULL, nmissing);
	} else {
		st = kj_answer_refused_own(req, resp, &why);
	}
	free(missing);
	kj_questionnaire_free(q);
	return st;
}

static void receipt_render(struct kj_request *req, struct kj_response *resp, int64_t survey,
			   const struct kj_version_head *h)
{
	struct kj_buf *b = &resp->body;
	char back[64];
	kj_page_begin(req, resp, T("受付票"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("受付票"));
	kj_h(b, "</h1><p class=\"notice success\" role=\"status\">");
	kj_h_text(b, T("回答を受け付けました。この受付番号を控えておいてください。"));
	kj_h(b, "</p><dl class=\"facts receipt\">");
	kj_answer_receipt_facts(req, b, &h->receipt);
	kj_ui_dt(req, b, N_("版"));
	kj_h_int(b, h->version);
	kj_h(b, "</dd>");
	kj_ui_dt(req, b, N_("提出者"));
	kj_h_text(b, h->submitted_by);
	kj_h(b, "</dd>");
	kj_ui_dt(req, b, N_("責任者"));
	kj_h_text(b, h->attest_name);
	kj_h(b, kj_ui_paren_open(req));
	kj_h_text(b, h->attest_title);
	kj_h(b, kj_ui_paren_close(req));
	kj_h(b, " ");
	kj_h_date(req, b, h->attest_date, 0);
	kj_h(b, "</dd></dl><p>");
	snprintf(back, sizeof back, "/surveys/%lld/answer", (long long)survey);
	kj_h_link(b, back, T("回答の概要へ戻る"));
	kj_h(b, "</p>");
	kj_page_end(req, resp);
}

int kj_page_answer_receipt(struct kj_request *req, struct kj_response *resp)
{
	struct kj_answer_refusal why = { 0 };
	struct kj_err err;
	struct kj_actor actor;
	char name[KJ_ANSWER_ACTOR_MAX];
	int64_t survey;
	long version;
	int n = 0, st = kj_answer_survey_arg(req, &survey);
	if (st || req->nargs < 2 || kj_parse_long(req->args[1], 1, RECEIPT_VERSIONS, &version) < 0)
		return 404;
	kj_answer_actor(req, &actor, name);
	int64_t org = kj_app_actor_org(&actor);
	struct kj_version_head *v = calloc(RECEIPT_VERSIONS, sizeof *v);
	if (!org || !v) {
		free(v);
		return org ? 500 : 404;
	}
	if (kj_app_response_versions(req->st, &actor, survey, org, v, RECEIPT_VERSIONS, &n, &why,
				     &err) < 0)
		st = 500;
	else if (why.fault)
		st = kj_answer_refused(req, resp, &why);
	else if (version > n || v[version - 1].version != (int)version)
		st = 404;
	else
		receipt_render(req, resp, survey, &v[version - 1]);
	free(v);
	return st;
}

int kj_page_answer_versions(struct kj_request *req, struct kj_response *resp)
{
	struct kj_actor actor;
	char name[KJ_ANSWER_ACTOR_MAX], base[64];
	int64_t survey;
	if (kj_answer_survey_arg(req, &survey))
		return 404;
	kj_answer_actor(req, &actor, name);
	int64_t org = kj_app_actor_org(&actor);
	if (!org)
		return 404;
	snprintf(base, sizeof base, "/surveys/%lld/answer/", (long long)survey);
	return kj_answer_compare_page(req, resp, survey, org, base);
}
