/*
 * Surveys of kind other (その他調査, issue 15) for their owner: the list
 * (/other-surveys, with the form creating one), one survey
 * (/surveys/{id}/other: head, counts, the respondents with their status,
 * its own questions and, while a draft, the forms choosing respondents and
 * adding questions; open, close, and the export of every answer as CSV or
 * xlsx). Each change is one call of its use case (app/survey_admin.h,
 * app/survey_other.h), which checks the owner and the state and writes with
 * its audit entry; a refusal comes back on the page with the reason and
 * changes nothing. Pages work without JavaScript.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/survey_other.h"
#include "app/survey_questions.h"
#include "model/audit.h"
#include "web/app.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/page_survey.h"
#include "web/ui.h"

#define LIST_SHOWN 200

static const char *status_label(struct kj_request *req, const char *status)
{
	static const struct kj_option labels[] = {
		{ "not_started", N_("未着手") }, { "draft", N_("回答中") },
		{ "submitted", N_("提出済み") }, { "returned", N_("差戻し") },
		{ "open", N_("実施中") }, { "closed", N_("終了") },
	};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (!strcmp(labels[i].value, status))
			return T(labels[i].label_ja);
	return T("下書き");
}

static void actor_of(const struct kj_request *req, char *name, size_t n, struct kj_actor *a)
{
	kj_web_actor(req, name, n);
	*a = (struct kj_actor){ &req->user, req->user.id, name };
}

/* A one-button form posting to ACTION. */
static void button_form(struct kj_request *req, struct kj_buf *b, const char *action,
			const char *label_ja, const char *cls)
{
	kj_h(b, "<form method=\"post\" action=\"");
	kj_h_attr(b, action);
	kj_h(b, "\">");
	kj_h_csrf(req, b);
	kj_h(b, "<button type=\"submit\"");
	if (cls) {
		kj_h(b, " class=\"");
		kj_h_attr(b, cls);
		kj_h(b, "\"");
	}
	kj_h(b, ">");
	kj_h_text(b, T(label_ja));
	kj_h(b, "</button></form>");
}

/* --- The list and the creation form --------------------------------------- */

static void create_form(struct kj_request *req, struct kj_buf *b, const struct kj_form *f)
{
	static const struct kj_option who[] = {
		{ "operator", N_("選んだ事業者") }, { "ministry", N_("所管省庁") },
	};
	const struct kj_field fy = { "fy", N_("年度（西暦）"), NULL, NULL, KJ_FIELD_REQUIRED, 4,
				     "off", "numeric" };
	const struct kj_field ja = { "title_ja", N_("表題（日本語）"), NULL, NULL, KJ_FIELD_REQUIRED,
				     KJ_SURVEY_TITLE_MAX, "off", NULL };
	const struct kj_field en = { "title_en", N_("表題（英語）"), N_("任意"), NULL, 0,
				     KJ_SURVEY_TITLE_MAX, "off", NULL };
	const struct kj_field resp = { "respondents", N_("回答者"), NULL, NULL, KJ_FIELD_REQUIRED,
				       0, NULL, NULL };
	const struct kj_field sectors = { "sectors", N_("対象分野（分野コードをカンマ区切り）"),
		N_("空欄なら実施主体のすべての分野です。事業者はこの分野から選びます。"), NULL, 0, 400,
		"off", NULL };
	const struct kj_field opens = { "opens", N_("開始日"), N_("任意"), "date", 0, 0, NULL, NULL };
	const struct kj_field closes = { "closes", N_("締切日"), N_("任意"), "date", 0, 0, NULL,
					 NULL };
	const int again = f->nerrors > 0;
	kj_h(b, "<h2>");
	kj_h_text(b, T("その他調査を作成"));
	kj_h(b, "</h2><form class=\"stack\" method=\"post\" action=\"/other-surveys\">");
	kj_h_csrf(req, b);
	kj_form_input(req, b, f, &fy, again ? kj_body_param(req, "fy") : NULL);
	kj_form_input(req, b, f, &ja, again ? kj_body_param(req, "title_ja") : NULL);
	kj_form_input(req, b, f, &en, again ? kj_body_param(req, "title_en") : NULL);
	kj_form_select(req, b, f, &resp, who, 2, again ? kj_body_param(req, "respondents") : NULL);
	kj_form_input(req, b, f, &sectors, again ? kj_body_param(req, "sectors") : NULL);
	kj_form_input(req, b, f, &opens, again ? kj_body_param(req, "opens") : NULL);
	kj_form_input(req, b, f, &closes, again ? kj_body_param(req, "closes") : NULL);
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("下書きとして作成する"));
	kj_h(b, "</button></div></form>");
}

static int list_page(struct kj_request *req, struct kj_response *resp, const struct kj_form *f)
{
	struct kj_other_entry *e = calloc(LIST_SHOWN, sizeof *e);
	char name[KJ_AUDIT_ACTOR_MAX], href[96];
	struct kj_actor actor;
	struct kj_err err;
	int n;
	if (!e)
		return 500;
	actor_of(req, name, sizeof name, &actor);
	if (kj_app_other_list(req->st, &actor, e, LIST_SHOWN, &n, &err) < 0) {
		free(e);
		return 500;
	}
	struct kj_buf *b = &resp->body;
	kj_page_begin(req, resp, T("その他調査"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("その他調査"));
	kj_h(b, "</h1><p>");
	kj_h_text(b, T("他制度との比較など、統一基準の要求事項以外の事項を、選んだ事業者または所管省庁に尋ねる調査です（統一基準 2.2）。"));
	kj_h(b, "</p>");
	kj_form_summary(req, b, f);
	static const char *const cols[] = {
		N_("年度"), N_("表題"), N_("回答者"), N_("状態"), N_("あなたの回答"),
	};
	if (n == 0) {
		kj_h(b, "<p>");
		kj_h_text(b, T("あなたが実施または回答するその他調査はありません。"));
		kj_h(b, "</p>");
	} else {
		kj_ui_table_open(req, b, N_("その他調査の一覧"), cols, 5);
		for (int i = 0; i < n; i++) {
			const struct kj_survey *sv = &e[i].sv;
			kj_h(b, "<tr><td>");
			kj_h_fy(req, b, sv->fy);
			kj_h(b, "</td><th scope=\"row\">");
			if (e[i].owner)
				snprintf(href, sizeof href, "/surveys/%lld/other", (long long)sv->id);
			else
				snprintf(href, sizeof href, "/surveys/%lld/ministries/%s",
					 (long long)sv->id, req->user.ministry);
			kj_h_link(b, href, sv->title_ja);
			kj_h(b, "</th><td>");
			kj_h_text(b, strcmp(sv->respondent_kind, "ministry") ? T("選んだ事業者")
				  : T("所管省庁"));
			kj_h(b, "</td><td>");
			kj_h_text(b, status_label(req, sv->status));
			kj_h(b, "</td><td>");
			kj_h_text(b, *e[i].status ? status_label(req, e[i].status) : "—");
			kj_h(b, "</td></tr>");
		}
		kj_h(b, "</tbody></table></div>");
	}
	if (kj_authz_allow(&req->user, KJ_PERM_SURVEY_ADMIN))
		create_form(req, b, f);
	kj_page_end(req, resp);
	free(e);
	return f->nerrors ? (resp->status = 400, 0) : 0;
}

int kj_page_other_surveys(struct kj_request *req, struct kj_response *resp)
{
	struct kj_form f = { .prefix = "other" };
	return list_page(req, resp, &f);
}

int kj_page_other_survey_create(struct kj_request *req, struct kj_response *resp)
{
	char name[KJ_AUDIT_ACTOR_MAX], to[64];
	struct kj_actor actor;
	actor_of(req, name, sizeof name, &actor);
	char owner[16 + KJ_MINISTRY_CODE_MAX];
	/* A ministry's own survey is its ministry's; the surveyor's, its own. */
	if (req->user.role == KJ_ROLE_MINISTRY)
		snprintf(owner, sizeof owner, "ministry:%s", req->user.ministry);
	else
		snprintf(owner, sizeof owner, "%s",
			 req->user.role == KJ_ROLE_SURVEYOR ? "surveyor" : "nco");
	const char *opens = kj_body_param(req, "opens"), *closes = kj_body_param(req, "closes");
	const char *en = kj_body_param(req, "title_en"), *secs = kj_body_param(req, "sectors");
	struct kj_survey_request r = {
		kj_body_param(req, "fy"), kj_body_param(req, "title_ja"), en && *en ? en : NULL,
		NULL, secs && *secs ? secs : NULL, owner, opens && *opens ? opens : NULL,
		closes && *closes ? closes : NULL, "other", kj_body_param(req, "respondents"),
	};
	struct kj_survey_refusal why;
	struct kj_err err;
	int64_t id;
	if (kj_app_survey_create(req->st, &actor, &r, &id, &why, &err) < 0)
		return 500;
	if (why.fault) {
		struct kj_form f = { .prefix = "other" };
		char msg[KJ_FORM_MESSAGE_MAX + KJ_ERR_MAX + 8];
		snprintf(msg, sizeof msg, "%s (%s)", T("作成できませんでした。"), why.msg);
		kj_form_error_text(&f, "", msg);
		return list_page(req, resp, &f);
	}
	snprintf(to, sizeof to, "/surveys/%lld/other?done=1", (long long)id);
	return kj_response_redirect(resp, to) < 0 ? 500 : 0;
}

/* --- One survey ------------------------------------------------------------- */

static void counts_card(struct kj_request *req, struct kj_buf *b, const struct kj_other_counts *c)
{
	static const char *const cols[] = {
		N_("対象"), N_("未着手"), N_("回答中"), N_("差戻し"), N_("提出済み"),
	};
	const long v[] = { c->respondents, c->not_started, c->draft, c->returned, c->submitted };
	kj_ui_table_open(req, b, N_("回答状況"), cols, 5);
	kj_h(b, "<tr>");
	for (int i = 0; i < 5; i++) {
		kj_h(b, "<td class=\"num\">");
		kj_h_count(b, v[i]);
		kj_h(b, "</td>");
	}
	kj_h(b, "</tr></tbody></table></div>");
}

static void respondents_table(struct kj_request *req, struct kj_buf *b,
			      const struct kj_other_view *v, int owner_return)
{
	const int ministries = !strcmp(v->sv.respondent_kind, "ministry");
	static const char *const cols_op[] = {
		N_("法人番号"), N_("事業者名"), N_("分野"), N_("状態"), N_("版"), N_("最終更新"),
	};
	static const char *const cols_min[] = {
		N_("省庁コード"), N_("省庁名"), N_("状態"), N_("版"), N_("最終更新"),
	};
	char href[256];
	kj_ui_table_open(req, b, N_("回答者の一覧"), ministries ? cols_min : cols_op,
			 ministries ? 5 : 6);
	for (int i = 0; i < v->nrows; i++) {
		const struct kj_other_respondent *r = &v->rows[i];
		kj_h(b, "<tr><td>");
		kj_h_text(b, r->key);
		kj_h(b, "</td><th scope=\"row\">");
		if (owner_return && r->response && ministries)
			snprintf(href, sizeof href, "/surveys/%lld/ministries/%s",
				 (long long)v->sv.id, r->key);
		else if (owner_return && r->response)
			snprintf(href, sizeof href, "/surveys/%lld/responses/%s",
				 (long long)v->sv.id, r->key);
		else
			*href = '\0';
		if (*href)
			kj_h_link(b, href, req->lang == KJ_LANG_EN && *r->name_en ? r->name_en
				  : r->name);
		else
			kj_h_text(b, req->lang == KJ_LANG_EN && *r->name_en ? r->name_en : r->name);
		kj_h(b, "</th>");
		if (!ministries) {
			kj_h(b, "<td>");
			kj_h_text(b, kj_ui_sector_name(req, r->sector));
			kj_h(b, "</td>");
		}
		kj_h(b, "<td>");
		kj_h_text(b, status_label(req, r->status));
		kj_h(b, "</td><td class=\"num\">");
		kj_h_int(b, r->versions);
		kj_h(b, "</td><td>");
		kj_h_text(b, *r->updated_at ? r->updated_at : "—");
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
}

static void pick_form(struct kj_request *req, struct kj_buf *b, const struct kj_survey *sv,
		      const struct kj_form *f)
{
	const int ministries = !strcmp(sv->respondent_kind, "ministry");
	char action[80];
	snprintf(action, sizeof action, "/surveys/%lld/other/respondents", (long long)sv->id);
	struct kj_option ops[] = { { "add", N_("追加") }, { "remove", N_("削除") } };
	const struct kj_field op = { "op", N_("操作"), NULL, NULL, KJ_FIELD_REQUIRED, 0, NULL, NULL };
	const struct kj_field org = { "org", N_("法人番号"), N_("13 桁。空欄なら下の分野を使います。"),
				      NULL, 0, 13, "off", "numeric" };
	const struct kj_field min = { "ministry", N_("省庁コード"),
		N_("all と書くとすべての省庁です。"), NULL, KJ_FIELD_REQUIRED, 15, "off", NULL };
	struct kj_option secs[KJ_SURVEY_SECTORS_MAX + 1];
	int ns = 0;
	secs[ns++] = (struct kj_option){ "", N_("（分野を使わない）") };
	for (int i = 0; i < sv->nsectors; i++)
		secs[ns++] = (struct kj_option){ sv->sectors[i], kj_ui_sector_name(req, sv->sectors[i]) };
	const struct kj_field sector = { "sector", N_("分野の対象事業者すべて"),
		N_("その年度に特定された対象事業者をまとめて追加または削除します。"), NULL, 0, 0, NULL,
		NULL };
	kj_h(b, "<h3>");
	kj_h_text(b, T("回答者を選ぶ"));
	kj_h(b, "</h3><form class=\"stack\" method=\"post\" action=\"");
	kj_h_attr(b, action);
	kj_h(b, "\">");
	kj_h_csrf(req, b);
	kj_form_select(req, b, f, &op, ops, 2, NULL);
	if (ministries) {
		kj_form_input(req, b, f, &min, NULL);
	} else {
		kj_form_input(req, b, f, &org, NULL);
		kj_form_select(req, b, f, &sector, secs, ns, "");
	}
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("回答者を変更する"));
	kj_h(b, "</button></div></form>");
}

static void question_form(struct kj_request *req, struct kj_buf *b, int64_t id,
			  const struct kj_form *f)
{
	char action[80];
	snprintf(action, sizeof action, "/surveys/%lld/other/questions", (long long)id);
	kj_question_form(req, b, f, action, NULL, 0);
}

static void questions_list(struct kj_request *req, struct kj_buf *b,
			   const struct kj_question_list *l)
{
	kj_h(b, "<h2 id=\"questions\">");
	kj_h_text(b, T("設問"));
	kj_h(b, "</h2>");
	if (!l || !l->n) {
		kj_h(b, "<p>");
		kj_h_text(b, T("設問はまだありません。調査を開始するには設問が必要です。"));
		kj_h(b, "</p>");
		return;
	}
	kj_h(b, "<ol>");
	for (int i = 0; i < l->n; i++) {
		kj_h(b, "<li><span lang=\"ja\">");
		kj_h_text(b, l->rows[i].text_ja);
		kj_h(b, "</span>");
		if (*l->rows[i].text_en) {
			kj_h(b, " / <span lang=\"en\">");
			kj_h_text(b, l->rows[i].text_en);
			kj_h(b, "</span>");
		}
		kj_h(b, " (");
		kj_h_text(b, l->rows[i].kind);
		kj_h(b, l->rows[i].required ? ", " : "");
		if (l->rows[i].required)
			kj_h_text(b, T("必須"));
		kj_h(b, ")</li>");
	}
	kj_h(b, "</ol>");
}

static int survey_page(struct kj_request *req, struct kj_response *resp, int64_t id,
		       const struct kj_form *f)
{
	char name[KJ_AUDIT_ACTOR_MAX], href[96];
	struct kj_actor actor;
	actor_of(req, name, sizeof name, &actor);
	struct kj_other_view *v = calloc(1, sizeof *v);
	struct kj_question_list *ql = NULL;
	struct kj_survey_refusal why;
	enum kj_survey_fault qf;
	struct kj_err err;
	if (!v)
		return 500;
	int rc = kj_app_other_view(req->st, &actor, id, v, &why, &err);
	if (rc == 0 && !why.fault)
		rc = kj_app_survey_questions(req->st, &req->user, id, &ql, &qf, &err);
	if (rc < 0 || why.fault) {
		free(v);
		return rc < 0 ? 500 : why.fault == KJ_SURVEY_FORBIDDEN ? 403 : 404;
	}
	const struct kj_survey *sv = &v->sv;
	const int draft = !strcmp(sv->status, "draft"), open = !strcmp(sv->status, "open");
	struct kj_buf *b = &resp->body;
	kj_page_begin(req, resp, sv->title_ja);
	kj_h(b, "<p><a href=\"/other-surveys\">");
	kj_h_text(b, T("その他調査"));
	kj_h(b, "</a></p><h1>");
	kj_h_text(b, sv->title_ja);
	kj_h(b, "</h1>");
	kj_ui_saved_notice(req, b);
	kj_form_summary(req, b, f);
	kj_h(b, "<dl class=\"meta\"><dt>");
	kj_h_text(b, T("年度"));
	kj_h(b, "</dt><dd>");
	kj_h_fy(req, b, sv->fy);
	kj_h(b, "</dd><dt>");
	kj_h_text(b, T("状態"));
	kj_h(b, "</dt><dd>");
	kj_h_text(b, draft ? T("下書き") : status_label(req, sv->status));
	kj_h(b, "</dd><dt>");
	kj_h_text(b, T("回答者"));
	kj_h(b, "</dt><dd>");
	kj_h_text(b, strcmp(sv->respondent_kind, "ministry") ? T("選んだ事業者") : T("所管省庁"));
	kj_h(b, "</dd><dt>");
	kj_h_text(b, T("期間"));
	kj_h(b, "</dt><dd>");
	kj_h_text(b, *sv->opens_on ? sv->opens_on : "—");
	kj_h(b, " – ");
	kj_h_text(b, *sv->closes_on ? sv->closes_on : "—");
	kj_h(b, "</dd></dl>");
	counts_card(req, b, &v->counts);
	snprintf(href, sizeof href, "/surveys/%lld/other/", (long long)id);
	kj_h(b, "<div class=\"actions\">");
	if (draft) {
		char a[112];
		snprintf(a, sizeof a, "%sopen", href);
		button_form(req, b, a, N_("調査を開始する（回答者と設問を凍結）"), NULL);
	} else if (open) {
		char a[112];
		snprintf(a, sizeof a, "%sclose", href);
		button_form(req, b, a, N_("調査を終了する"), "secondary");
	}
	kj_h(b, "</div><p>");
	snprintf(href, sizeof href, "/surveys/%lld/other/export.csv", (long long)id);
	kj_h_link(b, href, T("全回答を CSV でダウンロード"));
	kj_h(b, " · ");
	snprintf(href, sizeof href, "/surveys/%lld/other/export.xlsx", (long long)id);
	kj_h_link(b, href, T("全回答を Excel (xlsx) でダウンロード"));
	kj_h(b, "</p><h2>");
	kj_h_text(b, T("回答者"));
	kj_h(b, "</h2>");
	if (v->nrows)
		respondents_table(req, b, v, !draft);
	else {
		kj_h(b, "<p>");
		kj_h_text(b, T("回答者はまだ選ばれていません。"));
		kj_h(b, "</p>");
	}
	if (draft)
		pick_form(req, b, sv, f);
	questions_list(req, b, ql);
	if (draft)
		question_form(req, b, id, f);
	kj_page_end(req, resp);
	kj_question_list_free(ql);
	kj_app_other_view_free(v);
	free(v);
	return f->nerrors ? (resp->status = 400, 0) : 0;
}

int kj_page_survey_other(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	if (kj_parse_id(req->args[0], &id) < 0)
		return 404;
	struct kj_form f = { .prefix = "other" };
	return survey_page(req, resp, id, &f);
}

/* After a change: its redirect, or the page again with WHY (nothing changed). */
static int after(struct kj_request *req, struct kj_response *resp, int64_t id,
		 const struct kj_survey_refusal *why)
{
	if (why->fault == KJ_SURVEY_FORBIDDEN)
		return 403;
	if (why->fault == KJ_SURVEY_NOT_FOUND)
		return 404;
	if (why->fault) {
		struct kj_form f = { .prefix = "other" };
		char msg[KJ_FORM_MESSAGE_MAX + KJ_ERR_MAX + 8];
		snprintf(msg, sizeof msg, "%s (%s)", T("変更できませんでした。データは変更されていません。"),
			 why->msg);
		kj_form_error_text(&f, "", msg);
		return survey_page(req, resp, id, &f);
	}
	char to[64];
	snprintf(to, sizeof to, "/surveys/%lld/other?done=1", (long long)id);
	return kj_response_redirect(resp, to) < 0 ? 500 : 0;
}

int kj_page_survey_other_pick(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	if (kj_parse_id(req->args[0], &id) < 0)
		return 404;
	char name[KJ_AUDIT_ACTOR_MAX];
	struct kj_actor actor;
	actor_of(req, name, sizeof name, &actor);
	const char *op = kj_body_param(req, "op");
	struct kj_other_pick p = {
		op && !strcmp(op, "remove"), kj_body_param(req, "org"), kj_body_param(req, "sector"),
		kj_body_param(req, "ministry"),
	};
	struct kj_survey_refusal why;
	struct kj_err err;
	long changed;
	if (kj_app_other_pick(req->st, &actor, id, &p, &changed, &why, &err) < 0)
		return 500;
	return after(req, resp, id, &why);
}

int kj_page_survey_other_question(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	if (kj_parse_id(req->args[0], &id) < 0)
		return 404;
	char name[KJ_AUDIT_ACTOR_MAX];
	struct kj_actor actor;
	actor_of(req, name, sizeof name, &actor);
	const char *opt = kj_body_param(req, "optional");
	char *choices = kj_question_choices_tidy(kj_body_param(req, "choices"));
	if (kj_body_param(req, "choices") && !choices)
		return 500;
	struct kj_question_request q = {
		kj_body_param(req, "kind"), kj_body_param(req, "text_ja"),
		kj_body_param(req, "text_en"), NULL, choices, opt && *opt,
	};
	struct kj_survey_refusal why;
	struct kj_err err;
	int ord, rc = kj_app_survey_question_add(req->st, &actor, id, &q, &ord, &why, &err);
	free(choices);
	return rc < 0 ? 500 : after(req, resp, id, &why);
}

static int move(struct kj_request *req, struct kj_response *resp, int open)
{
	int64_t id;
	if (kj_parse_id(req->args[0], &id) < 0)
		return 404;
	char name[KJ_AUDIT_ACTOR_MAX];
	struct kj_actor actor;
	actor_of(req, name, sizeof name, &actor);
	struct kj_survey_refusal why;
	struct kj_err err;
	long n;
	int rc = open ? kj_app_survey_open(req->st, &actor, id, &n, &why, &err)
		: kj_app_survey_close(req->st, &actor, id, &why, &err);
	return rc < 0 ? 500 : after(req, resp, id, &why);
}

int kj_page_survey_other_open(struct kj_request *req, struct kj_response *resp)
{
	return move(req, resp, 1);
}

int kj_page_survey_other_close(struct kj_request *req, struct kj_response *resp)
{
	return move(req, resp, 0);
}

/* The export, written to a temporary file (removed at once) and sent whole:
 * a survey of kind other has at most KJ_OTHER_RESPONDENTS_MAX rows. */
static int export(struct kj_request *req, struct kj_response *resp, int xlsx)
{
	int64_t id;
	if (kj_parse_id(req->args[0], &id) < 0)
		return 404;
	const char *dir = getenv("TMPDIR");
	char name[KJ_AUDIT_ACTOR_MAX], path[KJ_PATH_MAX];
	int w = snprintf(path, sizeof path, "%s/kijun-other-XXXXXX", dir && *dir ? dir : "/tmp");
	if (w < 0 || (size_t)w >= sizeof path)
		return 500;
	struct kj_actor actor;
	actor_of(req, name, sizeof name, &actor);
	int fd = mkstemp(path);
	if (fd < 0)
		return 500;
	FILE *f = xlsx ? NULL : fdopen(fd, "w+b");
	if (xlsx)
		close(fd);
	else if (!f) {
		close(fd);
		unlink(path);
		return 500;
	}
	struct kj_survey_refusal why;
	struct kj_err err;
	int rc = kj_app_other_export(req->st, &actor, id, f, xlsx ? path : NULL, &why, &err);
	if (f && fclose(f) != 0)
		rc = -1;
	f = rc == 0 && !why.fault ? fopen(path, "rb") : NULL;
	unlink(path);
	if (!f)
		return rc < 0 || !why.fault ? 500 : why.fault == KJ_SURVEY_FORBIDDEN ? 403 : 404;
	char chunk[8192];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (kj_buf_add(&resp->body, chunk, got) < 0)
			break;
	int bad = ferror(f) || kj_buf_failed(&resp->body);
	fclose(f);
	if (bad)
		return 500;
	char disp[96];
	snprintf(disp, sizeof disp, "attachment; filename=\"survey-%lld-answers.%s\"",
		 (long long)id, xlsx ? "xlsx" : "csv");
	resp->content_type = xlsx
		? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		: "text/csv; charset=utf-8";
	return kj_response_header(resp, "Content-Disposition", disp) < 0 ? 500 : 0;
}

int kj_page_survey_other_csv(struct kj_request *req, struct kj_response *resp)
{
	return export(req, resp, 0);
}

int kj_page_survey_other_xlsx(struct kj_request *req, struct kj_response *resp)
{
	return export(req, resp, 1);
}
