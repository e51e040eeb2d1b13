/*
 * The visits of an on-site survey (issue 15): /onsite/{id}/visits lists the
 * visits the reader may see (operator, date, state, items recorded,
 * inspectors) and, for the survey's owner, the form that plans a visit
 * (operator by corporate number, date, inspectors, requirements in scope,
 * the reason when the operator is not an approved pick; a refused plan
 * answers the form again, 400, every field as typed). /onsite/mine lists
 * the visits assigned to the reader, or an operator's issued findings.
 * /onsite/visits/{v}/form.xlsx is the offline record form and
 * /onsite/visits/{v}/upload takes it back filled: recorded and sent back
 * to the visit, or refused with every bad cell, nothing changed;
 * /onsite/visits/{v}/form.csv is the same form as CSV and
 * /onsite/{id}/items.csv every visit's items of a survey (what `kijun
 * onsite export` writes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/onsite_visit_form.h"
#include "base/log.h"
#include "base/util.h"
#include "web/app.h"
#include "web/form.h"
#include "web/html.h"
#include "web/page_onsite_visit.h"
#include "web/pages.h"
#include "web/ui.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static void visit_table(struct kj_request *req, struct kj_buf *b, const struct kj_visit *v, int n,
			const char *caption_ja)
{
	static const char *const cols[] = { N_("事業者"), N_("法人番号"), N_("訪問日"), N_("状態"),
					    N_("記録済みの要求事項"), N_("調査員") };
	char href[64];
	kj_ui_table_open(req, b, caption_ja, cols, 6);
	for (int i = 0; i < n; i++) {
		snprintf(href, sizeof href, "/onsite/visits/%lld", (long long)v[i].id);
		kj_h(b, "<tr><td>");
		kj_h_link(b, href, v[i].org_name);
		kj_h(b, "</td><td>");
		kj_h_text(b, v[i].corporate_number);
		kj_h(b, "</td><td>");
		kj_h_date(req, b, v[i].visit_on, 0);
		kj_h(b, "</td><td>");
		kj_h_text(b, kj_visit_state_text(req, v[i].state));
		kj_h(b, "</td><td>");
		kj_h_int(b, v[i].nrecorded);
		kj_h(b, " / ");
		kj_h_int(b, v[i].nitems);
		kj_h(b, "</td><td>");
		for (int k = 0; req->user.role != KJ_ROLE_OPERATOR && k < v[i].ninspectors; k++) {
			kj_h(b, k ? "、" : "");
			kj_h_text(b, v[i].inspector_names[k]);
		}
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
	if (!n) {
		kj_h(b, "<p>");
		kj_h_text(b, T("訪問はありません。"));
		kj_h(b, "</p>");
	}
}

/* A refused plan: its reason beside its field. */
struct plan_form {
	struct kj_form f;
	int posted;
};

static const char *posted(struct kj_request *req, const struct plan_form *pf, const char *name)
{
	const char *v = pf->posted ? kj_body_param(req, name) : NULL;
	return v ? v : "";
}

static void plan_form(struct kj_request *req, struct kj_buf *b, int64_t survey,
		      const struct plan_form *pf)
{
	char action[64];
	snprintf(action, sizeof action, "/onsite/%lld/visits", (long long)survey);
	kj_h(b, "<h2 id=\"plan\">");
	kj_h_text(b, T("訪問を計画する"));
	kj_h(b, "</h2><form class=\"stack\" method=\"post\" action=\"");
	kj_h_attr(b, action);
	kj_h(b, "\">");
	kj_h_csrf(req, b);
	kj_form_input(req, b, &pf->f, &(struct kj_field){ .name = "org", .label_ja = N_("法人番号"),
		      .hint_ja = N_("訪問する事業者の法人番号（13 桁）"), .flags = KJ_FIELD_REQUIRED,
		      .maxlength = 13, .inputmode = "numeric" }, posted(req, pf, "org"));
	kj_form_input(req, b, &pf->f, &(struct kj_field){ .name = "visit_on", .label_ja = N_("訪問日"),
		      .type = "date", .flags = KJ_FIELD_REQUIRED }, posted(req, pf, "visit_on"));
	kj_form_input(req, b, &pf->f, &(struct kj_field){ .name = "inspectors",
		      .label_ja = N_("調査員"), .hint_ja = N_("サインイン ID をカンマで区切って入力"
		      "（国家サイバー統括室、所管省庁または調査機関のユーザー）"),
		      .flags = KJ_FIELD_REQUIRED, .maxlength = 400 }, posted(req, pf, "inspectors"));
	kj_form_input(req, b, &pf->f, &(struct kj_field){ .name = "scope",
		      .label_ja = N_("対象の要求事項"), .hint_ja = N_("要求事項の番号または機能"
		      "（identify、protect など）をカンマで区切って入力。空欄ならすべて"),
		      .maxlength = KJ_VISIT_SCOPE_MAX - 1 }, posted(req, pf, "scope"));
	kj_form_textarea(req, b, &pf->f, &(struct kj_field){ .name = "reason",
			 .label_ja = N_("追加の理由"), .hint_ja = N_("承認された選定にない事業者を"
			 "訪問するときに必要です"), .maxlength = KJ_VISIT_REASON_MAX },
			 posted(req, pf, "reason"), 2);
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("計画する"));
	kj_h(b, "</button></div></form>");
}

/* The on-site survey of the path into SV and its visits A may read into V
 * (KJ_VISIT_LIST_MAX of room), *N of them: 0, or a status. */
static int survey_visits(struct kj_request *req, const struct visit_actor *a, int64_t *survey,
			 struct kj_survey *sv, int *may_plan, struct kj_visit *v, int *n)
{
	struct kj_visit_refusal why;
	struct kj_err err;
	*n = 0;
	if (!sv || !v)
		return 500;
	if (kj_app_id(req->args[0], survey) < 0)
		return 404;
	if (kj_app_visit_survey(req->st, &a->actor, *survey, sv, may_plan, &why, &err) < 0 ||
	    (!why.fault && kj_app_visit_list(req->st, &a->actor, *survey, 0, v, KJ_VISIT_LIST_MAX,
					     n, &err) < 0)) {
		kj_log_error("visits: %s", err.msg);
		return 500;
	}
	return why.fault ? kj_visit_status(&why) : 0;
}

static int list_page(struct kj_request *req, struct kj_response *resp, const struct plan_form *pf,
		     int status)
{
	struct visit_actor a;
	struct kj_survey *sv = malloc(sizeof *sv);
	struct kj_visit *v = calloc(KJ_VISIT_LIST_MAX, sizeof *v);
	int64_t survey;
	int may_plan, n, rc;
	kj_visit_actor(req, &a);
	if ((rc = survey_visits(req, &a, &survey, sv, &may_plan, v, &n)))
		goto out;
	if (pf && !may_plan) {
		rc = 403;
		goto out;
	}
	struct kj_buf *b = &resp->body;
	resp->status = status;
	kj_page_begin(req, resp, T("訪問の一覧"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("訪問の一覧"));
	kj_h(b, "：");
	kj_h_text(b, req->lang == KJ_LANG_EN ? sv->title_en : sv->title_ja);
	kj_h(b, "</h1>");
	if (pf)
		kj_form_summary(req, b, &pf->f);
	if (kj_param(req, "done") && !pf)
		kj_form_done(req, b, N_("訪問を計画しました。"));
	visit_table(req, b, v, n, N_("訪問"));
	if (n) {
		char href[64];
		snprintf(href, sizeof href, "/onsite/%lld/items.csv", (long long)survey);
		kj_h(b, "<p>");
		kj_h_link(b, href, T("すべての訪問の記録を CSV でダウンロード"));
		kj_h(b, "</p>");
	}
	if (may_plan) {
		struct plan_form none = { .f = { .prefix = "plan" } };
		plan_form(req, b, survey, pf ? pf : &none);
	}
	kj_page_end(req, resp);
out:
	free(sv);
	free(v);
	return rc;
}

int kj_page_onsite_visits(struct kj_request *req, struct kj_response *resp)
{
	return list_page(req, resp, NULL, 200);
}

int kj_page_onsite_visit_plan(struct kj_request *req, struct kj_response *resp)
{
	struct visit_actor a;
	struct kj_visit_refusal why = { 0 };
	struct kj_answer_refusal ow = { 0 };
	struct kj_err err;
	int64_t survey, visit;
	char loc[96];
	if (kj_app_id(req->args[0], &survey) < 0)
		return 404;
	kj_visit_actor(req, &a);
	const char *corp = kj_body_param(req, "org");
	struct kj_visit_plan p = { 0, kj_body_param(req, "visit_on"),
				   kj_body_param(req, "inspectors"), kj_body_param(req, "scope"),
				   kj_body_param(req, "reason") };
	int rc = 0;
	if (corp && *corp)
		rc = kj_app_form_org(req->st, corp, &p.org, &ow, &err);
	if (rc == 0 && ow.fault == KJ_SURVEY_OK && p.org)
		rc = kj_app_visit_plan(req->st, &a.actor, survey, &p, &visit, &why, &err);
	else if (rc == 0) {
		why.fault = KJ_VISIT_BAD;
		kj_strlcpy(why.field, "org", sizeof why.field);
		kj_strlcpy(why.msg_ja, "法人番号の事業者が見つかりません", sizeof why.msg_ja);
		kj_strlcpy(why.msg, "org: no operator with this corporate number", sizeof why.msg);
	}
	if (rc < 0) {
		kj_log_error("visit plan: %s", err.msg);
		return 500;
	}
	if (why.fault == KJ_VISIT_NOT_FOUND || why.fault == KJ_VISIT_FORBIDDEN)
		return kj_visit_status(&why);
	if (!why.fault) {
		snprintf(loc, sizeof loc, "/onsite/%lld/visits?done=1", (long long)survey);
		return kj_response_redirect(resp, loc);
	}
	struct plan_form pf = { .f = { .prefix = "plan" }, .posted = 1 };
	kj_form_error_text(&pf.f, why.field[0] ? why.field : "org", kj_visit_msg(req, &why));
	return list_page(req, resp, &pf, kj_visit_status(&why));
}

int kj_page_onsite_mine(struct kj_request *req, struct kj_response *resp)
{
	struct visit_actor a;
	struct kj_err err;
	struct kj_visit *v = calloc(KJ_VISIT_LIST_MAX, sizeof *v);
	int n;
	kj_visit_actor(req, &a);
	if (!v || kj_app_visit_list(req->st, &a.actor, 0, 1, v, KJ_VISIT_LIST_MAX, &n, &err) < 0) {
		free(v);
		return 500;
	}
	struct kj_buf *b = &resp->body;
	int oper = req->user.role == KJ_ROLE_OPERATOR;
	kj_page_begin(req, resp, oper ? T("実地調査の指摘事項") : T("担当する訪問"));
	kj_h(b, "<h1>");
	kj_h_text(b, oper ? T("実地調査の指摘事項") : T("担当する訪問"));
	kj_h(b, "</h1><p>");
	kj_h_text(b, oper ? T("報告済みの訪問の指摘事項に、是正措置と完了予定日で回答してください。")
			  : T("調査員として割り当てられた訪問です。"));
	kj_h(b, "</p>");
	visit_table(req, b, v, n, oper ? N_("報告済みの訪問") : N_("担当する訪問"));
	kj_page_end(req, resp);
	free(v);
	return 0;
}

/* Visit {v}'s record form as FORMAT (xlsx, or CSV as `kijun onsite export VISIT --format csv`). */
static int visit_form(struct kj_request *req, struct kj_response *resp, enum kj_form_format format)
{
	struct visit_actor a;
	struct kj_visit_refusal why;
	struct kj_err err;
	int64_t visit;
	char *data = NULL, name[128], disp[200];
	size_t len = 0;
	if (kj_app_id(req->args[0], &visit) < 0)
		return 404;
	kj_visit_actor(req, &a);
	if (kj_app_visit_form_get(req->st, &a.actor, visit, format, &data, &len, name,
				  sizeof name, &why, &err) < 0) {
		kj_log_error("visit form: %s", err.msg);
		return 500;
	}
	if (why.fault)
		return kj_visit_status(&why);
	int rc = kj_buf_add(&resp->body, data, len);
	free(data);
	if (rc < 0)
		return 500;
	resp->content_type = format == KJ_FORM_XLSX ? XLSX_TYPE : "text/csv; charset=utf-8";
	snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", name);
	kj_response_header(resp, "Content-Disposition", disp);
	return 0;
}

int kj_page_onsite_visit_form(struct kj_request *req, struct kj_response *resp)
{
	return visit_form(req, resp, KJ_FORM_XLSX);
}

int kj_page_onsite_visit_form_csv(struct kj_request *req, struct kj_response *resp)
{
	return visit_form(req, resp, KJ_FORM_CSV);
}

struct items_csv {
	struct kj_store *st;
	const struct kj_actor *actor;
	int64_t survey;
};

static int write_items(FILE *f, void *ctx)
{
	const struct items_csv *c = ctx;
	struct kj_err err;
	long rows;
	if (kj_app_visit_items_csv(c->st, c->actor, c->survey, f, &rows, &err) < 0) {
		kj_log_error("visit items: %s", err.msg);
		return -1;
	}
	return 0;
}

/* Every visit's items of on-site survey {id} the reader may read, as CSV
 * (`kijun onsite export --survey ID --format csv`). */
int kj_page_onsite_items_csv(struct kj_request *req, struct kj_response *resp)
{
	struct visit_actor a;
	struct kj_survey *sv = malloc(sizeof *sv);
	struct kj_visit *v = calloc(KJ_VISIT_LIST_MAX, sizeof *v);
	int64_t survey;
	int may_plan, n, rc;
	long rows = 0;
	char name[48];
	kj_visit_actor(req, &a);
	if (!(rc = survey_visits(req, &a, &survey, sv, &may_plan, v, &n))) {
		struct items_csv c = { req->st, &a.actor, survey };
		for (int i = 0; i < n; i++)
			rows += v[i].nitems;	/* the audit entry's count */
		snprintf(name, sizeof name, "onsite-%lld-items", (long long)survey);
		rc = kj_web_send_table(req, resp, "csv", name, rows, write_items, NULL, &c);
	}
	free(sv);
	free(v);
	return rc;
}

static int upload_refused(struct kj_request *req, struct kj_response *resp,
			  const struct kj_form_import *out)
{
	struct kj_buf *b = &resp->body;
	char back[64];
	kj_page_begin(req, resp, T("様式を取り込めませんでした"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("様式を取り込めませんでした"));
	kj_h(b, "</h1><div class=\"error-summary\" role=\"alert\"><h2>");
	kj_h_text(b, T("データは変更されていません。"));
	kj_h(b, "</h2>");
	if (out->outcome != KJ_IMPORT_BAD_ROWS) {
		kj_h(b, "<p>");
		kj_h_text(b, out->detail);
		kj_h(b, "</p>");
	}
	kj_h(b, "</div>");
	if (out->outcome == KJ_IMPORT_BAD_ROWS)
		kj_ui_row_errors(req, b, out->errors, out->nerrors < KJ_IMPORT_ERRORS_MAX
				 ? out->nerrors : KJ_IMPORT_ERRORS_MAX, out->nerrors);
	snprintf(back, sizeof back, "/onsite/visits/%.20s", req->args[0]);
	kj_h(b, "<p>");
	kj_h_link(b, back, T("訪問に戻る"));
	kj_h(b, "</p>");
	kj_page_end(req, resp);
	resp->status = 400;
	return 0;
}

int kj_page_onsite_visit_upload(struct kj_request *req, struct kj_response *resp)
{
	struct visit_actor a;
	struct kj_visit_refusal why;
	struct kj_err err;
	struct kj_form_import out = { 0 };
	int64_t visit;
	char loc[96];
	if (kj_app_id(req->args[0], &visit) < 0)
		return 404;
	const struct kj_upload *u = kj_upload(req, "file");
	if (!u || !u->len) {
		out.outcome = KJ_IMPORT_UNREADABLE;
		kj_strlcpy(out.detail, "ファイルを選択してください / choose a file", sizeof out.detail);
		return upload_refused(req, resp, &out);
	}
	kj_visit_actor(req, &a);
	if (kj_app_visit_form_import(req->st, &a.actor, visit, u->data, u->len, &out, &why,
				     &err) < 0) {
		kj_log_error("visit upload: %s", err.msg);
		return 500;
	}
	int rc;
	if (why.fault == KJ_VISIT_NOT_FOUND || why.fault == KJ_VISIT_FORBIDDEN) {
		rc = kj_visit_status(&why);
	} else if (why.fault) {
		out.outcome = KJ_IMPORT_NOT_A_LIST;
		kj_textf(out.detail, sizeof out.detail, "%.250s / %.250s", why.msg_ja, why.msg);
		rc = upload_refused(req, resp, &out);
	} else if (out.outcome != KJ_IMPORT_DONE) {
		rc = upload_refused(req, resp, &out);
	} else {
		snprintf(loc, sizeof loc, "/onsite/visits/%lld?done=1", (long long)visit);
		rc = kj_response_redirect(resp, loc);
	}
	kj_form_import_free(&out);
	return rc;
}
