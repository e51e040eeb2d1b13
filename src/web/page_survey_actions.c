/*
 * The owner's actions on a survey campaign (POST /surveys/{id}/open,
 * /close, /extend), each one call of its use case (app/survey_admin.c,
 * which checks the actor's reach and writes with the audit entry); a
 * refused one answers the campaign page again with the reason (400) and
 * changes nothing. And the chase list as a file
 * (/surveys/{id}/chase.csv|.xlsx), with the page's filter, audited.
 */
#include <stdio.h>
#include <string.h>

#include "app/survey_admin.h"
#include "model/audit.h"
#include "web/app.h"
#include "web/form.h"
#include "web/html.h"
#include "web/page_survey.h"
#include "web/pages.h"
#include "web/ui.h"

/* A form posting to /surveys/ID/ACTION with one button. */
static void action_open(struct kj_request *req, struct kj_buf *b, int64_t id, const char *action)
{
	kj_h(b, "<form class=\"stack\" method=\"post\" action=\"/surveys/");
	kj_h_int(b, id);
	kj_h(b, "/");
	kj_h(b, action);
	kj_h(b, "\">");
	kj_h_csrf(req, b);
}

static void button(struct kj_request *req, struct kj_buf *b, const char *label_ja)
{
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T(label_ja));
	kj_h(b, "</button></div></form>");
}

void kj_survey_actions(struct kj_request *req, struct kj_buf *b, const struct survey_page *pg)
{
	const struct kj_survey *sv = &pg->v.sv;
	kj_h(b, "<h2 id=\"actions\">");
	kj_h_text(b, T("調査の操作"));
	kj_h(b, "</h2>");
	kj_form_summary(req, b, &pg->act);
	if (!strcmp(sv->status, "draft")) {
		kj_h(b, "<p>");
		kj_h_text(b, T("開始すると、その年度の対象事業者が回答者として確定します。"));
		kj_h(b, "</p>");
		action_open(req, b, sv->id, "open");
		button(req, b, N_("調査を開始する"));
		return;
	}
	if (strcmp(sv->status, "open"))
		return;
	action_open(req, b, sv->id, "close");
	button(req, b, N_("調査を終了する"));
	kj_h(b, "<h3>");
	kj_h_text(b, T("回答期限の延長"));
	kj_h(b, "</h3>");
	const int again = pg->act_name && !strcmp(pg->act_name, "extend");
	const struct kj_field org = { "org", N_("法人番号"), N_("13桁の数字"), NULL,
				      KJ_FIELD_REQUIRED, 13, "off", "numeric" };
	const struct kj_field until = { "until", N_("延長後の回答期限"), NULL, "date",
					KJ_FIELD_REQUIRED, 0, "off", NULL };
	const struct kj_field reason = { "reason", N_("理由"), NULL, NULL, KJ_FIELD_REQUIRED,
					 KJ_SURVEY_REASON_MAX, "off", NULL };
	action_open(req, b, sv->id, "extend");
	kj_form_input(req, b, &pg->act, &org, again ? kj_body_param(req, "org") : NULL);
	kj_form_input(req, b, &pg->act, &until, again ? kj_body_param(req, "until") : NULL);
	kj_form_textarea(req, b, &pg->act, &reason, again ? kj_body_param(req, "reason") : NULL, 3);
	button(req, b, N_("延長する"));
}

enum action { OPEN, CLOSE, EXTEND };

/* Runs ACTION for the request's user; 0 with *WHY telling a refusal, or -1. */
static int run(struct kj_request *req, enum action a, int64_t id, struct kj_survey_refusal *why)
{
	char name[KJ_AUDIT_ACTOR_MAX];
	struct kj_err err;
	long n;
	kj_web_actor(req, name, sizeof name);
	const struct kj_actor actor = { &req->user, req->user.id, name };
	switch (a) {
	case OPEN:
		return kj_app_survey_open(req->st, &actor, id, &n, why, &err);
	case CLOSE:
		return kj_app_survey_close(req->st, &actor, id, why, &err);
	default:
		return kj_app_survey_extend(req->st, &actor, id, kj_body_param(req, "org"),
					    kj_body_param(req, "until"),
					    kj_body_param(req, "reason"), why, &err);
	}
}

/*
 * Closing cannot be undone, so it asks first (form.h) for an open campaign
 * the user runs: 0 (the confirmation page) or an HTTP status as the
 * campaign page would answer; -1 to go on (a campaign not open: the use
 * case says why it cannot be closed).
 */
static int confirm_close(struct kj_request *req, struct kj_response *resp)
{
	struct survey_page *pg;
	int rc = kj_survey_page_load(req, &pg);
	if (rc)
		return rc;
	if (!pg->may_admin || strcmp(pg->v.sv.status, "open")) {
		rc = pg->may_admin ? -1 : 403;
		kj_survey_page_free(pg);
		return rc;
	}
	char action[64], back[48], lost[4 * KJ_SURVEY_TITLE_MAX + 512];
	snprintf(action, sizeof action, "/surveys/%lld/close", (long long)pg->v.sv.id);
	snprintf(back, sizeof back, "/surveys/%lld", (long long)pg->v.sv.id);
	snprintf(lost, sizeof lost, "%s（%s）",
		 T("終了した調査は再開できません。未提出の事業者は回答できなくなります。"),
		 kj_ui_survey_title(req, &pg->v.sv));
	rc = kj_form_confirm_page(req, resp, &(struct kj_confirm){
		N_("調査を終了しますか"), lost, action, N_("終了する"), back });
	kj_survey_page_free(pg);
	return rc;
}

static int action(struct kj_request *req, struct kj_response *resp, enum action a)
{
	static const char *const names[] = { "open", "close", "extend" };
	static const char *const refused[] = {
		N_("調査を開始できませんでした。データは変更されていません。"),
		N_("調査を終了できませんでした。データは変更されていません。"),
		N_("回答期限を延長できませんでした。データは変更されていません。"),
	};
	int64_t id;
	struct kj_survey_refusal why = { KJ_SURVEY_OK, "" };
	char to[64];
	if (kj_parse_id(req->args[0], &id) < 0)
		return 404;
	int rc;
	if (a == CLOSE && !kj_form_confirmed(req) && (rc = confirm_close(req, resp)) >= 0)
		return rc;
	if (run(req, a, id, &why) < 0)
		return 500;
	if (why.fault == KJ_SURVEY_NOT_FOUND)
		return 404;
	if (why.fault == KJ_SURVEY_FORBIDDEN)
		return 403;
	if (why.fault == KJ_SURVEY_OK) {
		snprintf(to, sizeof to, "/surveys/%lld?done=%s", (long long)id, names[a]);
		return kj_response_redirect(resp, to) < 0 ? 500 : 0;
	}
	/* Refused: the page again with the reason, nothing changed. */
	struct survey_page *pg;
	rc = kj_survey_page_load(req, &pg);
	if (rc)
		return rc;
	if (!pg->may_admin) {	/* a bad form to a campaign the user does not run */
		kj_survey_page_free(pg);
		return 403;
	}
	char msg[KJ_FORM_MESSAGE_MAX + KJ_ERR_MAX + 8];
	snprintf(msg, sizeof msg, "%s (%s)", T(refused[a]), why.msg);
	kj_form_error_text(&pg->act, "", msg);
	pg->act_name = names[a];
	pg->bad = 1;
	rc = kj_survey_page_render(req, resp, pg);
	kj_survey_page_free(pg);
	return rc;
}

int kj_page_survey_open(struct kj_request *req, struct kj_response *resp)
{
	return action(req, resp, OPEN);
}

int kj_page_survey_close(struct kj_request *req, struct kj_response *resp)
{
	return action(req, resp, CLOSE);
}

int kj_page_survey_extend(struct kj_request *req, struct kj_response *resp)
{
	return action(req, resp, EXTEND);
}

/* --- The chase list as a file ------------------------------------------------------ */

struct chase_file {
	struct kj_request *req;
	struct survey_page *pg;
	struct kj_chase_names names;
};

static const char *sector_ja(void *ctx, const char *code)
{
	struct kj_request *req = ctx;
	enum kj_lang lang = req->lang;
	req->lang = KJ_LANG_JA;	/* the file's columns are in Japanese */
	const char *s = kj_ui_sector_name(req, code);
	req->lang = lang;
	return s;
}

static const char *prefecture_ja(void *ctx, const char *code)
{
	struct kj_request *req = ctx;
	enum kj_lang lang = req->lang;
	req->lang = KJ_LANG_JA;
	const char *s = kj_ui_prefecture_name(req, code);
	req->lang = lang;
	return s;
}

static int chase_csv(FILE *f, void *ctx)
{
	struct chase_file *c = ctx;
	struct kj_err err;
	long rows;
	return kj_app_survey_chase_write(c->req->st, &c->pg->v, &c->pg->f, &c->names, f, NULL, 0,
					 &rows, &err);
}

static int chase_xlsx(const char *path, void *ctx)
{
	struct chase_file *c = ctx;
	struct kj_err err;
	long rows;
	return kj_app_survey_chase_write(c->req->st, &c->pg->v, &c->pg->f, &c->names, NULL, path,
					 0, &rows, &err);
}

static int chase_file(struct kj_request *req, struct kj_response *resp, const char *format)
{
	struct survey_page *pg;
	int rc = kj_survey_page_load(req, &pg);
	if (rc)
		return rc;
	struct chase_file c = { req, pg, { sector_ja, prefecture_ja, req } };
	struct kj_err err;
	long rows = 0;
	char base[64];
	if (pg->bad) {
		rc = 400;
	} else if (kj_app_survey_chase_write(req->st, &pg->v, &pg->f, &c.names, NULL, NULL, 1,
					     &rows, &err) < 0) {
		rc = 500;
	} else {
		snprintf(base, sizeof base, "kijun-survey-%lld-chase", (long long)pg->v.sv.id);
		rc = kj_web_send_table(req, resp, format, base, rows, chase_csv, chase_xlsx, &c);
	}
	kj_survey_page_free(pg);
	return rc;
}

int kj_page_survey_chase_csv(struct kj_request *req, struct kj_response *resp)
{
	return chase_file(req, resp, "csv");
}

int kj_page_survey_chase_xlsx(struct kj_request *req, struct kj_response *resp)
{
	return chase_file(req, resp, "xlsx");
}
