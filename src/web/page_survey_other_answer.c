/*
 * A ministry's response to a survey of kind other (issue 15):
 * /surveys/{id}/ministries/{code}. The ministry's users answer the survey's
 * questions on one page (save at any time; submit with a receipt: 受付番号,
 * time and the digest of what was submitted); the survey's owner reads it
 * and returns a submitted one for correction with a message. Every call is
 * a use case of app/survey_other.h, which decides who may do what; a
 * refusal comes back on the page with its reason (Japanese or English) and
 * changes nothing. No JavaScript needed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/survey_other.h"
#include "model/audit.h"
#include "web/app.h"
#include "web/form.h"
#include "web/html.h"
#include "web/page_answer.h"
#include "web/pages.h"
#include "web/ui.h"

static const char *status_label(struct kj_request *req, const char *status)
{
	if (!strcmp(status, "draft"))
		return T("回答中");
	if (!strcmp(status, "submitted"))
		return T("提出済み");
	if (!strcmp(status, "returned"))
		return T("差戻し");
	return T("未着手");
}

/* The id and name attributes of a control, both ID. */
static void id_name(struct kj_buf *b, const char *id)
{
	kj_h(b, " id=\"");
	kj_h_attr(b, id);
	kj_h(b, "\" name=\"");
	kj_h_attr(b, id);
	kj_h(b, "\"");
}

/* One question's control, named qORD, holding VALUE. */
static void control(struct kj_request *req, struct kj_buf *b, const struct kj_other_item *it,
		    int editable)
{
	char id[24];
	snprintf(id, sizeof id, "q%d", it->ord);
	/* Read only: the question is a paragraph, not a label of a control. */
	if (editable) {
		kj_h(b, "<div class=\"field\"><label for=\"");
		kj_h_attr(b, id);
		kj_h(b, "\">Q");
	} else {
		kj_h(b, "<div class=\"field\"><p class=\"question\">Q");
	}
	kj_h_int(b, it->ord);
	kj_h(b, " <span lang=\"ja\">");
	kj_h_text(b, it->text_ja);
	kj_h(b, "</span>");
	if (*it->text_en) {
		kj_h(b, " <span lang=\"en\">(");
		kj_h_text(b, it->text_en);
		kj_h(b, ")</span>");
	}
	if (it->required) {
		kj_h(b, " <span class=\"required\">");
		kj_h_text(b, T("必須"));
		kj_h(b, "</span>");
	}
	kj_h(b, editable ? "</label>" : "</p>");
	if (!editable) {
		kj_h(b, "<p id=\"");
		kj_h_attr(b, id);
		kj_h(b, "\">");
		kj_h_text(b, *it->value ? it->value : T("（未回答）"));
		kj_h(b, "</p></div>");
		return;
	}
	if (it->kind == KJ_Q_TEXT) {
		kj_h(b, "<textarea rows=\"4\"");
		id_name(b, id);
		kj_h(b, ">");
		kj_h_text(b, it->value);
		kj_h(b, "</textarea></div>");
		return;
	}
	if (it->kind == KJ_Q_NUMBER) {
		kj_h(b, "<input type=\"text\" inputmode=\"decimal\"");
		id_name(b, id);
		kj_h(b, " value=\"");
		kj_h_attr(b, it->value);
		kj_h(b, "\"></div>");
		return;
	}
	/* A closed question: a select of its answers, "" first (not answered). */
	char opts[4 * KJ_QUESTION_TEXT_MAX + 64];
	if (it->kind == KJ_Q_YESNO)
		snprintf(opts, sizeof opts, "yes\nno");
	else if (it->kind == KJ_Q_LEVEL)
		snprintf(opts, sizeof opts, "0\n1\n2\n3\n4\nna");
	else
		snprintf(opts, sizeof opts, "%s", it->choices);
	kj_h(b, "<select");
	id_name(b, id);
	kj_h(b, "><option value=\"\">");
	kj_h_text(b, T("（未回答）"));
	kj_h(b, "</option>");
	char one[4 * KJ_QUESTION_TEXT_MAX + 1];
	for (const char *s = opts; *s;) {
		size_t len = strcspn(s, "\n");
		snprintf(one, sizeof one, "%.*s", (int)len, s);
		kj_h(b, "<option value=\"");
		kj_h_attr(b, one);
		kj_h(b, !strcmp(one, it->value) ? "\" selected>" : "\">");
		kj_h_text(b, !strcmp(one, "yes") ? T("はい") : !strcmp(one, "no") ? T("いいえ")
			  : !strcmp(one, "na") ? T("該当なし") : one);
		kj_h(b, "</option>");
		s += len + (s[len] == '\n');
	}
	kj_h(b, "</select></div>");
}

static void receipt_box(struct kj_request *req, struct kj_buf *b, const struct kj_receipt *r)
{
	kj_h(b, "<section class=\"card\" aria-labelledby=\"receipt\"><h2 id=\"receipt\">");
	kj_h_text(b, T("受付"));
	kj_h(b, "</h2><dl class=\"meta\">");
	kj_answer_receipt_facts(req, b, r);
	kj_h(b, "</dl></section>");
}

static void action_forms(struct kj_request *req, struct kj_buf *b, const struct kj_other_sheet *sh,
			 const char *base, int editable)
{
	char action[128];
	if (editable) {
		snprintf(action, sizeof action, "%s/submit", base);
		kj_h(b, "<form method=\"post\" action=\"");
		kj_h_attr(b, action);
		kj_h(b, "\">");
		kj_h_csrf(req, b);
		kj_h(b, "<input type=\"hidden\" name=\"revision\" value=\"");
		kj_h_int(b, sh->h.revision);
		kj_h(b, "\"><button type=\"submit\">");
		kj_h_text(b, T("回答を提出する"));
		kj_h(b, "</button></form>");
	}
	if (sh->may_return && !strcmp(sh->h.status, "submitted") && !strcmp(sh->sv.status, "open")) {
		snprintf(action, sizeof action, "%s/return", base);
		kj_h(b, "<h2>");
		kj_h_text(b, T("差し戻し"));
		kj_h(b, "</h2><form class=\"stack\" method=\"post\" action=\"");
		kj_h_attr(b, action);
		kj_h(b, "\">");
		kj_h_csrf(req, b);
		kj_h(b, "<div class=\"field\"><label for=\"message\">");
		kj_h_text(b, T("差し戻しの理由"));
		kj_h(b, "</label><textarea id=\"message\" name=\"message\" rows=\"3\" required>"
		     "</textarea></div><div class=\"actions\"><button type=\"submit\" "
		     "class=\"secondary\">");
		kj_h_text(b, T("修正のために差し戻す"));
		kj_h(b, "</button></div></form>");
	}
}

/* The page; WHY (may be NULL) the refusal of the change just tried. */
static int sheet_page(struct kj_request *req, struct kj_response *resp, int64_t id,
		      const char *ministry, const struct kj_answer_refusal *refused)
{
	char name[KJ_AUDIT_ACTOR_MAX], base[96];
	kj_web_actor(req, name, sizeof name);
	const struct kj_actor actor = { &req->user, req->user.id, name };
	struct kj_other_sheet *sh = malloc(sizeof *sh);
	struct kj_answer_refusal why;
	struct kj_err err;
	if (!sh)
		return 500;
	if (kj_app_other_ministry_load(req->st, &actor, id, ministry, sh, &why, &err) < 0 ||
	    why.fault) {
		free(sh);
		return !why.fault ? 500 : why.fault == KJ_SURVEY_FORBIDDEN ? 403 : 404;
	}
	const int editable = sh->may_edit && !strcmp(sh->sv.status, "open") &&
		strcmp(sh->h.status, "submitted");
	snprintf(base, sizeof base, "/surveys/%lld/ministries/%s", (long long)id, sh->ministry);
	struct kj_buf *b = &resp->body;
	kj_page_begin(req, resp, sh->sv.title_ja);
	kj_h(b, "<p><a href=\"/other-surveys\">");
	kj_h_text(b, T("その他調査"));
	kj_h(b, "</a></p><h1>");
	kj_h_text(b, sh->sv.title_ja);
	kj_h(b, "</h1><p>");
	kj_h_text(b, req->lang == KJ_LANG_EN && *sh->ministry_en ? sh->ministry_en : sh->ministry_ja);
	kj_h(b, " · ");
	kj_h_text(b, status_label(req, sh->h.id ? sh->h.status : ""));
	if (*sh->sv.closes_on) {
		kj_h(b, " · ");
		kj_h_text(b, T("締切日"));
		kj_h(b, " ");
		kj_h_text(b, sh->sv.closes_on);
	}
	kj_h(b, "</p>");
	if (refused) {
		kj_h(b, "<div class=\"notice error\" role=\"alert\"><p>");
		kj_h_text(b, req->lang == KJ_LANG_EN ? refused->msg : refused->msg_ja);
		kj_h(b, "</p><p>");
		kj_h_text(b, T("データは変更されていません。"));
		kj_h(b, "</p></div>");
	} else {
		kj_ui_saved_notice(req, b);
	}
	if (!strcmp(sh->h.status, "returned")) {
		kj_h(b, "<p class=\"notice\">");
		kj_h_text(b, T("この回答は修正のために差し戻されました。修正して再提出してください。"));
		kj_h(b, "</p>");
	}
	if (*sh->last.number)
		receipt_box(req, b, &sh->last);
	if (editable) {
		kj_h(b, "<form class=\"stack\" method=\"post\" action=\"");
		kj_h_attr(b, base);
		kj_h(b, "\">");
		kj_h_csrf(req, b);
		kj_h(b, "<input type=\"hidden\" name=\"revision\" value=\"");
		kj_h_int(b, sh->h.revision);
		kj_h(b, "\">");
	}
	kj_h(b, "<h2>");
	kj_h_text(b, T("設問"));
	kj_h(b, "</h2>");
	for (int i = 0; i < sh->nitems; i++)
		control(req, b, &sh->items[i], editable);
	if (editable) {
		kj_h(b, "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">");
		kj_h_text(b, T("一時保存する"));
		kj_h(b, "</button></div></form>");
	}
	action_forms(req, b, sh, base, editable);
	kj_page_end(req, resp);
	free(sh);
	if (refused)
		resp->status = refused->fault == KJ_SURVEY_BAD ? 400 : 409;
	return 0;
}

static int args(struct kj_request *req, int64_t *id)
{
	return req->nargs < 2 || kj_parse_id(req->args[0], id) < 0 ? -1 : 0;
}

int kj_page_other_ministry(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	if (args(req, &id) < 0)
		return 404;
	return sheet_page(req, resp, id, req->args[1], NULL);
}

/* After a change: back to the page (303), or the page with the refusal. */
static int after(struct kj_request *req, struct kj_response *resp, int64_t id,
		 const struct kj_answer_refusal *why)
{
	if (why->fault == KJ_SURVEY_FORBIDDEN)
		return 403;
	if (why->fault == KJ_SURVEY_NOT_FOUND)
		return 404;
	if (why->fault)
		return sheet_page(req, resp, id, req->args[1], why);
	char to[128];
	snprintf(to, sizeof to, "/surveys/%lld/ministries/%s?done=1", (long long)id, req->args[1]);
	return kj_response_redirect(resp, to) < 0 ? 500 : 0;
}

static long revision_of(struct kj_request *req)
{
	long rev;
	const char *r = kj_body_param(req, "revision");
	return r && kj_parse_long(r, 0, 0x7fffffffL, &rev) == 0 ? rev : -1;
}

int kj_page_other_ministry_save(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	if (args(req, &id) < 0)
		return 404;
	char name[KJ_AUDIT_ACTOR_MAX];
	kj_web_actor(req, name, sizeof name);
	const struct kj_actor actor = { &req->user, req->user.id, name };
	/* The questions sent: q1 … qN, as the page names them. */
	struct kj_other_edit *e = calloc(KJ_SURVEY_QUESTIONS_MAX, sizeof *e);
	char (*items)[16] = calloc(KJ_SURVEY_QUESTIONS_MAX, sizeof *items);
	int n = 0;
	if (!e || !items) {
		free(e);
		free(items);
		return 500;
	}
	for (int ord = 1; ord <= KJ_SURVEY_QUESTIONS_MAX * 10 && n < KJ_SURVEY_QUESTIONS_MAX; ord++) {
		char pname[16];
		snprintf(pname, sizeof pname, "q%d", ord);
		const char *v = kj_body_param(req, pname);
		if (!v)
			continue;
		snprintf(items[n], sizeof items[n], "Q%d", ord);
		e[n] = (struct kj_other_edit){ items[n], v };
		n++;
	}
	struct kj_answer_refusal why;
	struct kj_err err;
	int saved;
	int rc = kj_app_other_ministry_save(req->st, &actor, id, req->args[1], revision_of(req), e,
					    n, &saved, &why, &err);
	free(e);
	free(items);
	return rc < 0 ? 500 : after(req, resp, id, &why);
}

int kj_page_other_ministry_submit(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	if (args(req, &id) < 0)
		return 404;
	char name[KJ_AUDIT_ACTOR_MAX];
	kj_web_actor(req, name, sizeof name);
	const struct kj_actor actor = { &req->user, req->user.id, name };
	struct kj_answer_refusal why;
	struct kj_receipt r;
	struct kj_err err;
	if (kj_app_other_ministry_submit(req->st, &actor, id, req->args[1], revision_of(req), &r,
					 &why, &err) < 0)
		return 500;
	return after(req, resp, id, &why);
}

int kj_page_other_ministry_return(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	if (args(req, &id) < 0)
		return 404;
	char name[KJ_AUDIT_ACTOR_MAX];
	kj_web_actor(req, name, sizeof name);
	const struct kj_actor actor = { &req->user, req->user.id, name };
	struct kj_answer_refusal why;
	struct kj_err err;
	if (kj_app_other_ministry_return(req->st, &actor, id, req->args[1],
					 kj_body_param(req, "message"), &why, &err) < 0)
		return 500;
	return after(req, resp, id, &why);
}
