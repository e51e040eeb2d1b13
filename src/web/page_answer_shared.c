/*
 * The pieces the answering pages (page_answer*.c) and the review page
 * (page_review.c) share: the request's survey and organisation, the
 * use cases' actor and refusals, an answer as text, the response's head,
 * a read-only response, the list of submitted versions and the
 * side-by-side comparison of two of them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "store/store_survey.h"
#include "web/form.h"
#include "web/html.h"
#include "web/page_answer.h"
#include "web/ui.h"

#define VERSIONS_SHOWN 50	/* submitted versions listed on a page */

void kj_answer_actor(struct kj_request *req, struct kj_actor *a, char *name)
{
	kj_web_actor(req, name, KJ_ANSWER_ACTOR_MAX);
	a->user = &req->user;
	a->id = req->user.id;
	a->name = name;
}

int kj_answer_survey_arg(const struct kj_request *req, int64_t *survey)
{
	return req->nargs < 1 || kj_parse_id(req->args[0], survey) < 0 ? 404 : 0;
}

int kj_answer_corp_org(struct kj_request *req, int64_t survey, const char *corp, int64_t *org)
{
	struct kj_err err;
	int in_scope = 0;
	*org = 0;
	if (!corp || strlen(corp) != 13 || strspn(corp, "0123456789") != 13)
		return 404;
	if (kj_store_survey_respondent(req->st, survey, corp, org, &in_scope, &err) < 0)
		return 500;
	return *org && in_scope ? 0 : 404;
}

int kj_answer_refused(struct kj_request *req, struct kj_response *resp,
		      const struct kj_answer_refusal *why)
{
	if (why->fault == KJ_SURVEY_NOT_FOUND || why->fault == KJ_SURVEY_FORBIDDEN)
		return 404;
	const char *msg = req->lang == KJ_LANG_EN ? why->msg : why->msg_ja;
	kj_web_error(req, resp, why->fault == KJ_SURVEY_BAD ? 400 : 409, msg[0] ? msg : NULL);
	return 0;
}

int kj_answer_refused_own(struct kj_request *req, struct kj_response *resp,
			  const struct kj_answer_refusal *why)
{
	if (why->fault != KJ_SURVEY_FORBIDDEN)
		return kj_answer_refused(req, resp, why);
	const char *msg = req->lang == KJ_LANG_EN ? why->msg : why->msg_ja;
	kj_web_error(req, resp, 403, msg[0] ? msg : NULL);
	return 0;
}

int kj_answer_load(struct kj_request *req, struct kj_response *resp, int64_t survey,
		   int64_t org, struct kj_questionnaire **q)
{
	struct kj_answer_refusal why = { 0 };
	struct kj_err err;
	struct kj_actor actor;
	char name[KJ_ANSWER_ACTOR_MAX];
	*q = kj_questionnaire_new();
	if (!*q)
		return 500;
	kj_answer_actor(req, &actor, name);
	if (!org)
		org = kj_app_actor_org(&actor);
	int rc = org ? kj_app_questionnaire_load(req->st, &actor, survey, org, *q, &why, &err) : 0;
	if (rc == 0 && org && why.fault == KJ_SURVEY_OK)
		return 0;
	kj_questionnaire_free(*q);
	*q = NULL;
	if (rc < 0)
		return 500;
	if (!org)
		return 404;
	return kj_answer_refused(req, resp, &why);
}

const char *kj_answer_function_name(const struct kj_request *req, const struct kj_catalog *cat,
				    int f)
{
	if (f < 0 || f >= cat->nfunctions)
		return T("独自設問");
	return req->lang == KJ_LANG_EN ? cat->functions[f].name_en : cat->functions[f].name_ja;
}

static const char *level_label(const struct kj_request *req, int level)
{
	return req->lang == KJ_LANG_EN ? kj_level_label_en(level) : kj_level_label_ja(level);
}

void kj_answer_value_html(struct kj_request *req, struct kj_buf *b, const struct kj_q_item *it,
			  const struct kj_answer_value *v)
{
	if (it->requirement < 0) {
		if (v->value[0])
			kj_h_text(b, v->value);
		else
			kj_h_text(b, T("未回答"));
		return;
	}
	if (v->level == KJ_LEVEL_NONE) {
		kj_h_text(b, T("未回答"));
	} else if (v->level == KJ_LEVEL_NA) {
		kj_h_text(b, level_label(req, KJ_LEVEL_NA));
		kj_h(b, kj_ui_paren_open(req));
		kj_h_text(b, v->na_reason);
		kj_h(b, kj_ui_paren_close(req));
	} else {
		kj_h_int(b, v->level);
		kj_h(b, " ");
		kj_h_text(b, level_label(req, v->level));
	}
	if (v->note[0]) {
		kj_h(b, "<br><span class=\"hint\">");
		kj_h_text(b, T("コメント"));
		kj_h(b, ": </span>");
		kj_h_text(b, v->note);
	}
	if (v->evidence[0]) {
		kj_h(b, "<br><span class=\"hint\">");
		kj_h_text(b, T("根拠資料"));
		kj_h(b, ": </span>");
		kj_h_text(b, v->evidence);
	}
}

static const char *status_label(const struct kj_request *req, const char *status)
{
	if (!strcmp(status, "draft"))
		return T("作成中");
	if (!strcmp(status, "submitted"))
		return T("提出済み");
	if (!strcmp(status, "returned"))
		return T("差し戻し（修正して再提出してください）");
	return T("未着手");
}

void kj_answer_head(struct kj_request *req, struct kj_buf *b, const struct kj_questionnaire *q)
{
	kj_h(b, "<dl class=\"facts\">");
	kj_ui_dt(req, b, N_("事業者"));
	kj_h_text(b, q->org_name);
	kj_h(b, kj_ui_paren_open(req));
	kj_h_text(b, T("法人番号"));
	kj_h(b, " ");
	kj_h_text(b, q->corporate_number);
	kj_h(b, kj_ui_paren_close(req));
	kj_h(b, "</dd>");
	kj_ui_dt(req, b, N_("状態"));
	kj_h(b, "<strong>");
	kj_h_text(b, status_label(req, q->status));
	kj_h(b, "</strong></dd>");
	kj_ui_dt(req, b, N_("回答期限"));
	if (q->closes_on[0])
		kj_h_date(req, b, q->closes_on, 0);
	else
		kj_h_text(b, T("定めなし"));
	kj_h(b, "</dd>");
	kj_ui_dt(req, b, N_("残りの設問"));
	kj_h_count(b, q->left);
	if (q->prefilled) {
		kj_h(b, kj_ui_paren_open(req));
		kj_h_text(b, T("未確認"));
		kj_h(b, " ");
		kj_h_count(b, q->prefilled);
		kj_h(b, kj_ui_paren_close(req));
	}
	kj_h(b, "</dd>");
	if (q->updated_at[0]) {
		kj_ui_dt(req, b, N_("最終更新"));
		kj_h_time(req, b, q->updated_at);
		kj_h(b, " ");
		kj_h_text(b, q->updated_by);
		kj_h(b, "</dd>");
	}
	kj_h(b, "</dl>");
	if (!strcmp(q->status, "returned") && q->return_message[0]) {
		kj_h(b, "<div class=\"notice warning\"><h2>");
		kj_h_text(b, T("差し戻しの理由"));
		kj_h(b, "</h2><p>");
		kj_h_text(b, q->return_message);
		kj_h(b, "</p><p class=\"hint\">");
		kj_h_time(req, b, q->returned_at);
		kj_h(b, "</p></div>");
	}
}

void kj_answer_readonly(struct kj_request *req, struct kj_buf *b, const struct kj_questionnaire *q)
{
	static const char *const cols[] = { N_("項目"), N_("回答"), N_("最終更新") };
	for (int f = -1; f < q->cat.nfunctions; f++) {
		int any = 0;
		for (int i = 0; i < q->nitems; i++) {
			const struct kj_q_item *it = &q->items[i];
			if (it->function != f)
				continue;
			if (!any++) {
				kj_h(b, "<h2>");
				kj_h_text(b, kj_answer_function_name(req, &q->cat, f));
				kj_h(b, "</h2>");
				kj_ui_table_open(req, b, f < 0 ? N_("独自設問") : N_("対策事項"), cols, 3);
			}
			kj_h(b, "<tr><th scope=\"row\">");
			kj_h_text(b, it->item);
			kj_h(b, "</th><td>");
			kj_answer_value_html(req, b, it, &it->now);
			kj_h(b, "</td><td>");
			if (it->updated_at[0]) {
				kj_h_time(req, b, it->updated_at);
				kj_h(b, " ");
				kj_h_text(b, it->updated_by);
			}
			kj_h(b, "</td></tr>");
		}
		if (any)
			kj_h(b, "</tbody></table></div>");
	}
}

void kj_answer_versions_table(struct kj_request *req, struct kj_buf *b,
			      const struct kj_version_head *v, int n, const char *base,
			      int receipts)
{
	static const char *const cols[] = { N_("版"), N_("受付番号"), N_("提出日時"),
					    N_("提出者"), N_("差し戻し") };
	char href[256];
	if (!n) {
		kj_h(b, "<p>");
		kj_h_text(b, T("提出された版はまだありません。"));
		kj_h(b, "</p>");
		return;
	}
	kj_ui_table_open(req, b, N_("提出された版"), cols, 5);
	for (int i = 0; i < n; i++) {
		kj_h(b, "<tr><td>");
		kj_h_int(b, v[i].version);
		kj_h(b, "</td><td>");
		if (receipts) {
			snprintf(href, sizeof href, "%sreceipts/%d", base, v[i].version);
			kj_h_link(b, href, v[i].receipt.number);
		} else {
			kj_h_text(b, v[i].receipt.number);
		}
		kj_h(b, "</td><td>");
		kj_h_time(req, b, v[i].receipt.at);
		kj_h(b, "</td><td>");
		kj_h_text(b, v[i].submitted_by);
		kj_h(b, "</td><td>");
		if (v[i].returned_at[0]) {
			kj_h_time(req, b, v[i].returned_at);
			kj_h(b, "<br>");
			kj_h_text(b, v[i].return_message);
		}
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
	if (n < 2)
		return;
	/* Two versions side by side: a GET form, no JavaScript needed. */
	kj_h(b, "<form method=\"get\" class=\"inline-form\" action=\"");
	kj_h_attr(b, base);
	kj_h(b, "versions\"><label for=\"cmp-a\">");
	kj_h_text(b, T("比較する版"));
	kj_h(b, "</label> <select id=\"cmp-a\" name=\"a\">");
	for (int i = 0; i < n; i++) {
		kj_h(b, i == n - 2 ? "<option selected>" : "<option>");
		kj_h_int(b, v[i].version);
		kj_h(b, "</option>");
	}
	kj_h(b, "</select> <label for=\"cmp-b\">");
	kj_h_text(b, T("と"));
	kj_h(b, "</label> <select id=\"cmp-b\" name=\"b\">");
	for (int i = 0; i < n; i++) {
		kj_h(b, i == n - 1 ? "<option selected>" : "<option>");
		kj_h_int(b, v[i].version);
		kj_h(b, "</option>");
	}
	kj_h(b, "</select> <button type=\"submit\" class=\"secondary\">");
	kj_h_text(b, T("並べて比較する"));
	kj_h(b, "</button></form>");
}

/* The versions to compare: ?a= and ?b=, else the last two. 0, or 400. */
static int compare_args(const struct kj_request *req, int nversions, long *a, long *bv)
{
	const char *sa = kj_param(req, "a"), *sb = kj_param(req, "b");
	*a = nversions > 1 ? nversions - 1 : 1;
	*bv = nversions;
	if ((sa && kj_parse_long(sa, 1, nversions, a) < 0) ||
	    (sb && kj_parse_long(sb, 1, nversions, bv) < 0))
		return 400;
	return 0;
}

static void compare_table(struct kj_request *req, struct kj_buf *b,
			  const struct kj_questionnaire *qa, const struct kj_questionnaire *qb,
			  long a, long bv, int *changed)
{
	char ta[KJ_ANSWER_NOTE_BYTES], tb[KJ_ANSWER_NOTE_BYTES], ca[32], cb[32];
	snprintf(ca, sizeof ca, "%s %ld", T("版"), a);
	snprintf(cb, sizeof cb, "%s %ld", T("版"), bv);
	kj_h(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"");
	kj_h_attr(b, T("版の比較"));
	kj_h(b, "\"><table class=\"data compare\"><caption>");
	kj_h_text(b, T("版の比較"));
	kj_h(b, "</caption><thead><tr><th scope=\"col\">");
	kj_h_text(b, T("項目"));
	kj_h(b, "</th><th scope=\"col\">");
	kj_h_text(b, ca);
	kj_h(b, "</th><th scope=\"col\">");
	kj_h_text(b, cb);
	kj_h(b, "</th></tr></thead><tbody>");
	*changed = 0;
	for (int i = 0; i < qa->nitems && i < qb->nitems; i++) {
		const struct kj_q_item *ia = &qa->items[i], *ib = &qb->items[i];
		kj_answer_text(&ia->now, ta, sizeof ta);
		kj_answer_text(&ib->now, tb, sizeof tb);
		int diff = strcmp(ta, tb) != 0;
		*changed += diff;
		kj_h(b, diff ? "<tr class=\"changed\"><th scope=\"row\">" : "<tr><th scope=\"row\">");
		kj_h_text(b, ia->item);
		if (diff) {
			kj_h(b, " <strong class=\"badge\">");
			kj_h_text(b, T("変更あり"));
			kj_h(b, "</strong>");
		}
		kj_h(b, "</th><td>");
		kj_answer_value_html(req, b, ia, &ia->now);
		kj_h(b, "</td><td>");
		kj_answer_value_html(req, b, ib, &ib->now);
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
}

int kj_answer_compare_page(struct kj_request *req, struct kj_response *resp, int64_t survey,
			   int64_t org, const char *base)
{
	struct kj_answer_refusal why = { 0 };
	struct kj_err err;
	struct kj_actor actor;
	struct kj_version_head *v = calloc(VERSIONS_SHOWN, sizeof *v), ha, hb;
	struct kj_questionnaire *qa = kj_questionnaire_new(), *qb = kj_questionnaire_new();
	char name[KJ_ANSWER_ACTOR_MAX];
	int n = 0, st = 500, changed = 0;
	long a, bv;
	kj_answer_actor(req, &actor, name);
	if (!v || !qa || !qb ||
	    kj_app_response_versions(req->st, &actor, survey, org, v, VERSIONS_SHOWN, &n, &why,
				     &err) < 0)
		goto done;
	st = why.fault ? kj_answer_refused(req, resp, &why) : n ? compare_args(req, n, &a, &bv) : 404;
	if (st || why.fault)
		goto done;
	if (kj_app_response_version(req->st, &actor, survey, org, (int)a, &ha, qa, &why, &err) < 0 ||
	    (!why.fault && kj_app_response_version(req->st, &actor, survey, org, (int)bv, &hb, qb,
						   &why, &err) < 0)) {
		st = 500;
		goto done;
	}
	if (why.fault) {
		st = kj_answer_refused(req, resp, &why);
		goto done;
	}
	struct kj_buf *b = &resp->body;
	kj_page_begin(req, resp, T("提出された版の比較"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("提出された版の比較"));
	kj_h(b, "</h1><p>");
	kj_h_text(b, qa->org_name);
	kj_h(b, "</p>");
	kj_answer_versions_table(req, b, v, n, base, 0);
	compare_table(req, b, qa, qb, a, bv, &changed);
	kj_h(b, "<p role=\"status\">");
	kj_h_text(b, T("変更のあった項目"));
	kj_h(b, ": ");
	kj_h_count(b, changed);
	kj_h(b, "</p>");
	kj_page_end(req, resp);
	st = 0;
done:
	free(v);
	kj_questionnaire_free(qa);
	kj_questionnaire_free(qb);
	return st;
}

void kj_answer_receipt_facts(struct kj_request *req, struct kj_buf *b,
			     const struct kj_receipt *r)
{
	kj_ui_dt(req, b, N_("受付番号"));
	kj_h(b, "<strong class=\"receipt-number\">");
	kj_h_text(b, r->number);
	kj_h(b, "</strong></dd>");
	kj_ui_dt(req, b, N_("受付日時"));
	kj_h_time(req, b, r->at);
	kj_h(b, "</dd>");
	kj_ui_dt(req, b, N_("ダイジェスト（SHA-256）"));
	kj_h(b, "<code class=\"digest\">");
	kj_h_text(b, r->digest);
	kj_h(b, "</code></dd>");
}
