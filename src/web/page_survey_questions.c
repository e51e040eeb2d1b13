/*
 * A survey campaign's own questions on its page (/surveys/{id}, issue 12):
 * the list for everyone who reads the campaign (order, sector or every
 * one, kind, text, choices, required); for the owner while the campaign
 * is a draft, the form adding one (POST /surveys/{id}/questions) and a
 * button dropping each (POST /surveys/{id}/questions/{n}/drop, asked
 * first); once the campaign is open or closed, the list alone, marked
 * frozen. Each change is one call of its use case (app/survey_admin.c,
 * which checks the owner, the state and the question and writes with the
 * audit entry); a refused one answers the campaign page again (400) with
 * the reason beside its field and changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/survey_questions.h"
#include "model/audit.h"
#include "web/app.h"
#include "web/form.h"
#include "web/html.h"
#include "web/page_survey.h"
#include "web/pages.h"
#include "web/ui.h"

static const struct kj_option kinds[] = {
	{ "level", N_("段階（0〜4、該当なし）") }, { "yesno", N_("はい／いいえ") },
	{ "number", N_("数値") }, { "choice", N_("択一") }, { "text", N_("自由記述") },
};
#define NKINDS ((int)(sizeof kinds / sizeof kinds[0]))

static const char *kind_label(const struct kj_request *req, const char *kind)
{
	for (int i = 0; i < NKINDS; i++)
		if (!strcmp(kinds[i].value, kind))
			return T(kinds[i].label_ja);
	return kind;
}

/* The question's text: Japanese, and the English below it when there is one. */
static void question_text(struct kj_buf *b, const struct kj_question_row *q)
{
	kj_h(b, "<span lang=\"ja\">");
	kj_h_text(b, q->text_ja);
	kj_h(b, "</span>");
	if (*q->text_en) {
		kj_h(b, "<br><span lang=\"en\">");
		kj_h_text(b, q->text_en);
		kj_h(b, "</span>");
	}
}

static void choices_list(struct kj_buf *b, const char *choices)
{
	if (!*choices) {
		kj_h(b, "—");
		return;
	}
	char one[4 * KJ_QUESTION_CHOICE_MAX + 1];
	kj_h(b, "<ul>");
	for (const char *s = choices; *s;) {
		size_t len = strcspn(s, "\n");
		snprintf(one, sizeof one, "%.*s", (int)len, s);
		kj_h(b, "<li>");
		kj_h_text(b, one);
		kj_h(b, "</li>");
		s += len + (s[len] == '\n');
	}
	kj_h(b, "</ul>");
}

/* The drop button of question Q (the use case asks nothing more: it is a draft's). */
static void drop_button(struct kj_request *req, struct kj_buf *b, int64_t id,
			const struct kj_question_row *q)
{
	kj_h(b, "<form method=\"post\" action=\"/surveys/");
	kj_h_int(b, id);
	kj_h(b, "/questions/");
	kj_h_int(b, q->ord);
	kj_h(b, "/drop\">");
	kj_h_csrf(req, b);
	kj_h(b, "<button type=\"submit\" class=\"secondary\">");
	kj_h_text(b, T("削除"));
	kj_h(b, "<span class=\"visually-hidden\"> Q");	/* which one, for a screen reader */
	kj_h_int(b, q->ord);
	kj_h(b, "</span></button></form>");
}

static void question_table(struct kj_request *req, struct kj_buf *b, const struct survey_page *pg,
			   int editable)
{
	static const char *const cols[] = {
		N_("番号"), N_("対象分野"), N_("種類"), N_("設問"), N_("選択肢"), N_("回答"),
		N_("操作"),
	};
	const struct kj_question_list *l = pg->questions;
	kj_ui_table_open(req, b, N_("この調査独自の設問の一覧"), cols, editable ? 7 : 6);
	for (int i = 0; i < l->n; i++) {
		const struct kj_question_row *q = &l->rows[i];
		kj_h(b, "<tr><th scope=\"row\">Q");
		kj_h_int(b, q->ord);
		kj_h(b, "</th><td>");
		kj_h_text(b, *q->sector ? kj_ui_sector_name(req, q->sector) : T("すべての対象分野"));
		kj_h(b, "</td><td>");
		kj_h_text(b, kind_label(req, q->kind));
		kj_h(b, "</td><td>");
		question_text(b, q);
		kj_h(b, "</td><td>");
		choices_list(b, q->choices);
		kj_h(b, "</td><td>");
		kj_h_text(b, q->required ? T("必須") : T("任意"));
		kj_h(b, "</td>");
		if (editable) {
			kj_h(b, "<td>");
			drop_button(req, b, pg->v.sv.id, q);
			kj_h(b, "</td>");
		}
		kj_h(b, "</tr>");
	}
	kj_h(b, "</tbody></table></div>");
}

void kj_question_form(struct kj_request *req, struct kj_buf *b, const struct kj_form *f,
		      const char *action, const struct kj_survey *sv, int again)
{
	struct kj_option secs[KJ_SURVEY_SECTORS_MAX + 1];
	int ns = 0;
	secs[ns++] = (struct kj_option){ "", N_("すべての対象分野") };
	for (int i = 0; sv && i < sv->nsectors; i++)
		secs[ns++] = (struct kj_option){ sv->sectors[i], kj_ui_sector_name(req, sv->sectors[i]) };
	const struct kj_field kind = { "kind", N_("種類"), NULL, NULL, KJ_FIELD_REQUIRED, 0, NULL,
				       NULL };
	const struct kj_field ja = { "text_ja", N_("設問（日本語）"), NULL, NULL, KJ_FIELD_REQUIRED,
				     KJ_QUESTION_TEXT_MAX, "off", NULL };
	const struct kj_field en = { "text_en", N_("設問（英語）"), N_("任意"), NULL, 0,
				     KJ_QUESTION_TEXT_MAX, "off", NULL };
	const struct kj_field sector = { "sector", N_("対象分野"),
		N_("一つの分野を選ぶと、その分野の事業者にだけ尋ねます。"), NULL, 0, 0, NULL, NULL };
	const struct kj_field choices = { "choices", N_("選択肢（択一のみ）"),
		N_("1 行に 1 つ、2〜20 個（各 100 文字以内、重複なし）。択一以外の種類では空欄にします。"),
		NULL, 0, 0, "off", NULL };
	kj_h(b, "<h3>");
	kj_h_text(b, T("設問を追加"));
	kj_h(b, "</h3><form class=\"stack\" method=\"post\" action=\"");
	kj_h_attr(b, action);
	kj_h(b, "\">");
	kj_h_csrf(req, b);
	kj_form_select(req, b, f, &kind, kinds, NKINDS, again ? kj_body_param(req, "kind") : NULL);
	kj_form_textarea(req, b, f, &ja, again ? kj_body_param(req, "text_ja") : NULL, 3);
	kj_form_textarea(req, b, f, &en, again ? kj_body_param(req, "text_en") : NULL, 3);
	if (sv)
		kj_form_select(req, b, f, &sector, secs, ns,
			       again ? kj_body_param(req, "sector") : "");
	kj_form_textarea(req, b, f, &choices, again ? kj_body_param(req, "choices") : NULL, 4);
	const char *opt = again ? kj_body_param(req, "optional") : NULL;
	kj_h(b, "<div class=\"field\"><label><input type=\"checkbox\" name=\"optional\" value=\"1\"");
	kj_h(b, opt && *opt ? " checked> " : "> ");
	kj_h_text(b, T("回答を任意にする（提出に必須としない）"));
	kj_h(b, "</label></div><div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("設問を追加する"));
	kj_h(b, "</button></div></form>");
}

/* The owner's form adding a question; what was typed when it comes back refused. */
static void question_form(struct kj_request *req, struct kj_buf *b, const struct survey_page *pg)
{
	char action[64];
	snprintf(action, sizeof action, "/surveys/%lld/questions#questions",
		 (long long)pg->v.sv.id);
	kj_question_form(req, b, &pg->qform, action, &pg->v.sv, pg->q_again);
}

void kj_survey_questions(struct kj_request *req, struct kj_buf *b, const struct survey_page *pg)
{
	const int draft = !strcmp(pg->v.sv.status, "draft");
	const int editable = draft && pg->may_admin;
	kj_h(b, "<h2 id=\"questions\">");
	kj_h_text(b, T("この調査独自の設問"));
	if (!draft) {
		kj_h(b, " <span class=\"badge\">");
		kj_h_text(b, T("凍結済み"));
		kj_h(b, "</span>");
	}
	kj_h(b, "</h2>");
	kj_form_summary(req, b, &pg->qform);
	kj_h(b, "<p>");
	if (!draft)
		kj_h_text(b, T("調査が開始されたため、設問は凍結されています。追加も削除もできません。"));
	else
		kj_h_text(b, T("統一基準の要求事項に加えて尋ねる設問です。調査を開始すると凍結され、変更できなくなります。"));
	kj_h(b, "</p>");
	if (pg->questions && pg->questions->n)
		question_table(req, b, pg, editable);
	else {
		kj_h(b, "<p>");
		kj_h_text(b, T("独自の設問はありません。"));
		kj_h(b, "</p>");
	}
	if (editable)
		question_form(req, b, pg);
}

/* --- Adding and dropping ------------------------------------------------------------ */

/* A change by a user who does not run the campaign: 403, saying so. */
static int not_owner(struct kj_request *req, struct kj_response *resp)
{
	kj_web_error(req, resp, 403, N_("この調査の設問を変更できるのは、調査の実施主体だけです。データは変更されていません。"));
	return 0;
}

/* The campaign page again with the refusal WHY of the question form (400). */
static int refused(struct kj_request *req, struct kj_response *resp,
		   const struct kj_question_request *q, const struct kj_survey_refusal *why)
{
	struct survey_page *pg;
	int rc = kj_survey_page_load(req, &pg);
	if (rc)
		return rc;
	if (!pg->may_admin) {	/* a form to a campaign the user does not run */
		kj_survey_page_free(pg);
		return not_owner(req, resp);
	}
	const struct kj_survey *sv = &pg->v.sv;
	struct kj_question_fault f;
	if (strcmp(sv->status, "draft"))
		kj_form_error(req, &pg->qform, "", N_("調査が開始されたため、設問は凍結されています。データは変更されていません。"));
	else if (q && why->fault == KJ_SURVEY_BAD &&
		 kj_app_question_fault(q, sv->sectors, sv->nsectors, &f))
		kj_form_error_text(&pg->qform, f.field, req->lang == KJ_LANG_EN ? f.en : f.ja);
	else if (q && why->fault == KJ_SURVEY_REFUSED)
		kj_form_error(req, &pg->qform, "", N_("独自の設問はこれ以上追加できません（100 問まで）。データは変更されていません。"));
	else if (!q && why->fault == KJ_SURVEY_NOT_FOUND)
		kj_form_error(req, &pg->qform, "", N_("その設問はありません。すでに削除されています。"));
	else {
		char msg[KJ_FORM_MESSAGE_MAX + KJ_ERR_MAX + 8];
		snprintf(msg, sizeof msg, "%s (%s)",
			 T("設問を変更できませんでした。データは変更されていません。"), why->msg);
		kj_form_error_text(&pg->qform, "", msg);
	}
	pg->q_again = q != NULL;
	pg->bad = 1;
	rc = kj_survey_page_render(req, resp, pg);
	kj_survey_page_free(pg);
	return rc;
}

/* Where a change goes: 404 or 403 for a campaign, else the page or its redirect. */
static int outcome(struct kj_request *req, struct kj_response *resp, int64_t id,
		   const struct kj_question_request *q, const struct kj_survey_refusal *why)
{
	char to[80];
	if (why->fault == KJ_SURVEY_FORBIDDEN)
		return not_owner(req, resp);
	if (why->fault != KJ_SURVEY_OK)
		return refused(req, resp, q, why);
	snprintf(to, sizeof to, "/surveys/%lld?done=%s#questions", (long long)id,
		 q ? "question" : "question-drop");
	return kj_response_redirect(resp, to) < 0 ? 500 : 0;
}

int kj_page_survey_question_add(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	if (kj_parse_id(req->args[0], &id) < 0)
		return 404;
	char name[KJ_AUDIT_ACTOR_MAX];
	kj_web_actor(req, name, sizeof name);
	const struct kj_actor actor = { &req->user, req->user.id, name };
	const char *opt = kj_body_param(req, "optional");
	char *choices = kj_question_choices_tidy(kj_body_param(req, "choices"));
	if (kj_body_param(req, "choices") && !choices)
		return 500;
	struct kj_question_request q = {
		kj_body_param(req, "kind"), kj_body_param(req, "text_ja"),
		kj_body_param(req, "text_en"), kj_body_param(req, "sector"), choices,
		opt && *opt,
	};
	struct kj_survey_refusal why;
	struct kj_err err;
	int ord, rc = kj_app_survey_question_add(req->st, &actor, id, &q, &ord, &why, &err);
	rc = rc < 0 ? 500 : outcome(req, resp, id, &q, &why);
	free(choices);
	return rc;
}

/*
 * Dropping asks first (form.h), for a draft's question the user may drop:
 * 0 (the confirmation page) or a status; -1 to go on (the use case says
 * why it cannot be dropped).
 */
static int confirm_drop(struct kj_request *req, struct kj_response *resp, int ord)
{
	struct survey_page *pg;
	int rc = kj_survey_page_load(req, &pg);
	if (rc)
		return rc;
	const struct kj_question_row *q = NULL;
	for (int i = 0; pg->questions && i < pg->questions->n; i++)
		if (pg->questions->rows[i].ord == ord)
			q = &pg->questions->rows[i];
	rc = !pg->may_admin ? not_owner(req, resp) : -1;
	if (q && pg->may_admin && !strcmp(pg->v.sv.status, "draft")) {
		char action[80], back[64], lost[4 * KJ_QUESTION_TEXT_MAX + 256];
		snprintf(action, sizeof action, "/surveys/%lld/questions/%d/drop",
			 (long long)pg->v.sv.id, ord);
		snprintf(back, sizeof back, "/surveys/%lld#questions", (long long)pg->v.sv.id);
		snprintf(lost, sizeof lost, "%s Q%d: %s", T("この調査独自の設問を削除します。"), ord,
			 q->text_ja);
		rc = kj_form_confirm_page(req, resp, &(struct kj_confirm){
			N_("設問を削除しますか"), lost, action, N_("削除する"), back });
	}
	kj_survey_page_free(pg);
	return rc;
}

int kj_page_survey_question_drop(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	long ord;
	if (kj_parse_id(req->args[0], &id) < 0 || req->nargs < 2 ||
	    kj_parse_long(req->args[1], 1, 0x7fffffffL, &ord) < 0)
		return 404;
	int rc;
	if (!kj_form_confirmed(req) && (rc = confirm_drop(req, resp, (int)ord)) >= 0)
		return rc;
	char name[KJ_AUDIT_ACTOR_MAX];
	kj_web_actor(req, name, sizeof name);
	const struct kj_actor actor = { &req->user, req->user.id, name };
	struct kj_survey_refusal why;
	struct kj_err err;
	if (kj_app_survey_question_drop(req->st, &actor, id, (int)ord, &why, &err) < 0)
		return 500;
	return outcome(req, resp, id, NULL, &why);
}
