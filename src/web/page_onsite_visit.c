/*
 * One on-site visit (/onsite/visits/{v}, issue 15): its head (operator,
 * date, state, inspectors, revision, what is left to record), the
 * navigation by function (page_onsite_visit_fn.c), then what the reader
 * may do. An inspector (or the NCO) records one function's requirements
 * in a form without JavaScript on that function's page (verified level,
 * the reason for N/A, findings, evidence seen; the operator's
 * self-reported level beside it) carrying the revision it was made on, or
 * offline with the xlsx or CSV form; the survey's owner issues the
 * report once every item is recorded. After issue the operator's users
 * read the findings addressed to them and answer each with a corrective
 * action and its date; inspectors and the owner see the replies. A refused
 * form answers the page again (400, or 409 when someone else changed the
 * visit) with the reason and nothing changed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/util.h"
#include "model/survey_form.h"
#include "web/app.h"
#include "web/form.h"
#include "web/html.h"
#include "web/page_onsite_visit.h"
#include "web/pages.h"
#include "web/ui.h"

void kj_visit_actor(const struct kj_request *req, struct visit_actor *a)
{
	kj_web_actor(req, a->name, sizeof a->name);
	a->actor = (struct kj_actor){ &req->user, req->user.id, a->name };
}

int kj_visit_status(const struct kj_visit_refusal *why)
{
	switch (why->fault) {
	case KJ_VISIT_NOT_FOUND:
		return 404;
	case KJ_VISIT_FORBIDDEN:
		return 403;
	case KJ_VISIT_BAD:
		return 400;
	default:
		return 409;
	}
}

const char *kj_visit_msg(const struct kj_request *req, const struct kj_visit_refusal *why)
{
	return req->lang == KJ_LANG_EN ? why->msg : why->msg_ja;
}

const char *kj_visit_level_text(const struct kj_request *req, int has, int level)
{
	if (!has || level == KJ_LEVEL_NONE)
		return "—";
	if (level == KJ_LEVEL_NA)
		return req->lang == KJ_LANG_EN ? kj_level_label_en(level) : kj_level_label_ja(level);
	return req->lang == KJ_LANG_EN ? kj_level_code(level) : kj_form_level_choice(level);
}

const char *kj_visit_state_text(const struct kj_request *req, const char *state)
{
	return !strcmp(state, "planned") ? T("予定") : !strcmp(state, "recorded") ? T("記録済み")
	       : !strcmp(state, "issued") ? T("報告済み") : state;
}

static int may(const struct visit_page *pg, enum kj_visit_act a)
{
	return (pg->vw->may & (1u << a)) != 0;
}

static void head(struct kj_request *req, struct kj_buf *b, const struct visit_page *pg)
{
	const struct kj_visit *v = &pg->vw->v;
	char href[64];
	kj_h(b, "<h1>");
	kj_h_text(b, T("訪問"));
	kj_h(b, "：");
	kj_h_text(b, v->org_name);
	kj_h(b, "</h1><dl class=\"summary\"><dt>");
	kj_h_text(b, T("実地調査"));
	kj_h(b, "</dt><dd>");
	kj_h_text(b, req->lang == KJ_LANG_EN ? pg->vw->sv.title_en : pg->vw->sv.title_ja);
	if (may(pg, KJ_VISIT_ADMIN) || may(pg, KJ_VISIT_RECORD)) {
		snprintf(href, sizeof href, "/onsite/%lld/visits", (long long)v->survey);
		kj_h(b, " ");
		kj_h_link(b, href, T("訪問の一覧"));
	}
	kj_h(b, "</dd><dt>");
	kj_h_text(b, T("法人番号"));
	kj_h(b, "</dt><dd>");
	kj_h_text(b, v->corporate_number);
	kj_h(b, "</dd><dt>");
	kj_h_text(b, T("訪問日"));
	kj_h(b, "</dt><dd>");
	kj_h_date(req, b, v->visit_on, 0);
	kj_h(b, "</dd><dt>");
	kj_h_text(b, T("状態"));
	kj_h(b, "</dt><dd><strong>");
	kj_h_text(b, kj_visit_state_text(req, v->state));
	kj_h(b, "</strong></dd><dt>");
	kj_h_text(b, T("記録済みの要求事項"));
	kj_h(b, "</dt><dd>");
	kj_h_int(b, v->nrecorded);
	kj_h(b, " / ");
	kj_h_int(b, v->nitems);
	kj_h(b, "</dd>");
	if (req->user.role != KJ_ROLE_OPERATOR) {
		kj_h(b, "<dt>");
		kj_h_text(b, T("記録が残っている要求事項"));
		kj_h(b, "</dt><dd><strong>");
		kj_h_int(b, v->nitems - v->nrecorded);
		kj_h(b, "</strong></dd>");
		kj_h(b, "<dt>");
		kj_h_text(b, T("調査員"));
		kj_h(b, "</dt><dd>");
		for (int i = 0; i < v->ninspectors; i++) {
			kj_h(b, i ? "、" : "");
			kj_h_text(b, v->inspector_names[i]);
		}
		kj_h(b, "</dd><dt>");
		kj_h_text(b, T("改訂番号"));
		kj_h(b, "</dt><dd>");
		kj_h_int(b, v->revision);
		kj_h(b, "</dd>");
	}
	kj_h(b, "</dl>");
}

static void refused(struct kj_request *req, struct kj_buf *b, const struct visit_page *pg)
{
	if (!pg->why)
		return;
	kj_h(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>");
	kj_h_text(b, T("入力内容に誤りがあります。データは変更されていません。"));
	kj_h(b, "</h2><p>");
	if (pg->why->field[0] && strcmp(pg->why->field, "revision")) {
		kj_h_text(b, pg->why->field);
		kj_h(b, ": ");
	}
	kj_h_text(b, kj_visit_msg(req, pg->why));
	kj_h(b, "</p></div>");
}

/* The posted value of NAME when this form was refused, else DFLT. */
static const char *shown(struct kj_request *req, const struct visit_page *pg, const char *which,
			 const char *name, const char *dflt)
{
	if (pg->posted && !strcmp(pg->posted, which)) {
		const char *v = kj_body_param(req, name);
		return v ? v : "";
	}
	return dflt;
}

static void level_select(struct kj_request *req, struct kj_buf *b, const struct visit_page *pg,
			 const struct kj_visit_item *it, const struct kj_form *f)
{
	static const struct kj_option opts[7] = {
		{ "", N_("未記録") }, { "0", N_("0: 未実施") }, { "1", N_("1: 検討中") },
		{ "2", N_("2: 一部実施") }, { "3", N_("3: 実施") }, { "4", N_("4: 実施・継続的改善") },
		{ "na", N_("該当なし") },
	};
	char name[48];
	snprintf(name, sizeof name, "level-%s", it->code);
	kj_form_select(req, b, f, &(struct kj_field){ .name = name, .label_ja = N_("確認した水準") },
		       opts, 7, shown(req, pg, "record", name, it->recorded
				      ? kj_level_code(it->verified) : ""));
}

static void text_field(struct kj_request *req, struct kj_buf *b, const struct visit_page *pg,
		       const struct kj_form *f, const char *prefix, const struct kj_visit_item *it,
		       const char *label, const char *value, int max, int rows)
{
	char name[48];
	snprintf(name, sizeof name, "%s-%s", prefix, it->code);
	struct kj_field fd = { .name = name, .label_ja = label, .maxlength = max };
	if (rows)
		kj_form_textarea(req, b, f, &fd, shown(req, pg, "record", name, value), rows);
	else
		kj_form_input(req, b, f, &fd, shown(req, pg, "record", name, value));
}

/* Whether item IT is on the page (every item, or those of the page's function). */
static int on_page(const struct visit_page *pg, const struct kj_visit_item *it)
{
	return !pg->fn || !strcmp(pg->fn, it->function_code);
}

static void record_form(struct kj_request *req, struct kj_buf *b, const struct visit_page *pg)
{
	const struct kj_visit_view *vw = pg->vw;
	struct kj_form f = { .prefix = "rec" };
	char action[64 + KJ_ID_MAX];
	if (pg->fn)
		kj_textf(action, sizeof action, "/onsite/visits/%lld/fn/%s", (long long)vw->v.id,
			 pg->fn);
	else
		snprintf(action, sizeof action, "/onsite/visits/%lld/record", (long long)vw->v.id);
	kj_h(b, "<h2 id=\"record\">");
	kj_h_text(b, T("要求事項ごとの記録"));
	if (pg->fn) {
		kj_h(b, kj_ui_paren_open(req));
		kj_h_text(b, kj_visit_fn_name(req, pg->fn));
		kj_h(b, kj_ui_paren_close(req));
	}
	kj_h(b, "</h2><form class=\"stack\" method=\"post\" action=\"");
	kj_h_attr(b, action);
	kj_h(b, "\">");
	kj_h_csrf(req, b);
	kj_h(b, "<input type=\"hidden\" name=\"revision\" value=\"");
	kj_h_int(b, vw->v.revision);
	kj_h(b, "\">");
	for (int i = 0; i < vw->nitems; i++) {
		const struct kj_visit_item *it = &vw->items[i];
		if (!on_page(pg, it))
			continue;
		kj_h(b, "<fieldset class=\"stack\"><legend>");
		kj_h_text(b, it->code);
		kj_h(b, kj_ui_paren_open(req));
		kj_h_text(b, it->function);
		kj_h(b, kj_ui_paren_close(req));
		kj_h(b, "</legend><p>");
		kj_h_text(b, it->text);
		kj_h(b, "</p><p>");
		kj_h_text(b, T("自己申告の水準"));
		kj_h(b, "：");
		kj_h_text(b, kj_visit_level_text(req, it->has_self, it->self_level));
		kj_h(b, "</p>");
		level_select(req, b, pg, it, &f);
		text_field(req, b, pg, &f, "na", it, N_("該当なしの理由"), it->na_reason,
			   KJ_ANSWER_NA_MAX, 0);
		text_field(req, b, pg, &f, "findings", it, N_("指摘事項"), it->findings,
			   KJ_ANSWER_NOTE_MAX, 3);
		text_field(req, b, pg, &f, "evidence", it, N_("確認した証跡"), it->evidence,
			   KJ_ANSWER_EVIDENCE_MAX, 0);
		kj_h(b, "</fieldset>");
	}
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("記録を保存する"));
	kj_h(b, "</button></div></form>");
}

static void offline(struct kj_request *req, struct kj_buf *b, const struct visit_page *pg)
{
	char href[80];
	long long id = (long long)pg->vw->v.id;
	kj_h(b, "<section class=\"stack\" aria-labelledby=\"offline\"><h2 id=\"offline\">");
	kj_h_text(b, T("様式で記録する（オフライン）"));
	kj_h(b, "</h2><p>");
	snprintf(href, sizeof href, "/onsite/visits/%lld/form.xlsx", id);
	kj_h_link(b, href, T("記録様式 (xlsx)"));
	snprintf(href, sizeof href, "/onsite/visits/%lld/form.csv", id);
	kj_h(b, " ");
	kj_h_link(b, href, T("記録様式 (CSV)"));
	kj_h(b, "</p>");
	snprintf(href, sizeof href, "/onsite/visits/%lld/upload", id);
	kj_ui_upload_form(req, b, href, N_("記入した記録様式"), N_("xlsx または CSV。全体を確認してから取り込みます。"),
			  NULL);
	kj_h(b, "</section>");
}

static void issue_form(struct kj_request *req, struct kj_buf *b, const struct visit_page *pg)
{
	char action[64];
	snprintf(action, sizeof action, "/onsite/visits/%lld/issue", (long long)pg->vw->v.id);
	kj_h(b, "<form class=\"stack\" method=\"post\" action=\"");
	kj_h_attr(b, action);
	kj_h(b, "\">");
	kj_h_csrf(req, b);
	kj_h(b, "<input type=\"hidden\" name=\"revision\" value=\"");
	kj_h_int(b, pg->vw->v.revision);
	kj_h(b, "\"><p>");
	kj_h_text(b, T("報告すると、指摘事項が事業者に公開され、記録は変更できなくなります。"));
	kj_h(b, "</p><div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("報告を発行する"));
	kj_h(b, "</button></div></form>");
}

static void reply_form(struct kj_request *req, struct kj_buf *b, const struct visit_page *pg,
		       const struct kj_visit_item *it)
{
	char action[64], which[48];
	struct kj_form f = { .prefix = "reply" };
	snprintf(which, sizeof which, "reply:%s", it->code);
	snprintf(action, sizeof action, "/onsite/visits/%lld/reply", (long long)pg->vw->v.id);
	kj_h(b, "<form class=\"stack\" method=\"post\" action=\"");
	kj_h_attr(b, action);
	kj_h(b, "\">");
	kj_h_csrf(req, b);
	kj_h(b, "<input type=\"hidden\" name=\"item\" value=\"");
	kj_h_attr(b, it->code);
	kj_h(b, "\">");
	char id[48];
	snprintf(id, sizeof id, "r%d", (int)(it - pg->vw->items));
	f.prefix = id;
	kj_form_textarea(req, b, &f, &(struct kj_field){ .name = "action",
			 .label_ja = N_("是正措置"), .flags = KJ_FIELD_REQUIRED,
			 .maxlength = KJ_VISIT_REPLY_MAX },
			 shown(req, pg, which, "action", it->action), 3);
	kj_form_input(req, b, &f, &(struct kj_field){ .name = "due_on", .label_ja = N_("完了予定日"),
		      .type = "date", .flags = KJ_FIELD_REQUIRED },
		      shown(req, pg, which, "due_on", it->due_on));
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, it->replied ? T("回答を更新する") : T("回答する"));
	kj_h(b, "</button></div></form>");
}

/* The recorded items, read-only, with the replies (and the reply forms for the operator). */
static void findings(struct kj_request *req, struct kj_buf *b, const struct visit_page *pg)
{
	const struct kj_visit_view *vw = pg->vw;
	int oper = req->user.role == KJ_ROLE_OPERATOR;
	kj_h(b, "<h2 id=\"findings\">");
	kj_h_text(b, T("指摘事項"));
	kj_h(b, "</h2>");
	for (int i = 0; i < vw->nitems; i++) {
		const struct kj_visit_item *it = &vw->items[i];
		if ((oper && !it->findings[0]) || !on_page(pg, it))
			continue;
		kj_h(b, "<section class=\"card stack\"><h3>");
		kj_h_text(b, it->code);
		kj_h(b, kj_ui_paren_open(req));
		kj_h_text(b, it->function);
		kj_h(b, kj_ui_paren_close(req));
		kj_h(b, "</h3><p>");
		kj_h_text(b, it->text);
		kj_h(b, "</p><dl class=\"summary\"><dt>");
		kj_h_text(b, T("自己申告の水準"));
		kj_h(b, "</dt><dd>");
		kj_h_text(b, kj_visit_level_text(req, it->has_self, it->self_level));
		kj_h(b, "</dd><dt>");
		kj_h_text(b, T("確認した水準"));
		kj_h(b, "</dt><dd>");
		kj_h_text(b, kj_visit_level_text(req, it->recorded, it->verified));
		if (it->verified == KJ_LEVEL_NA) {
			kj_h(b, kj_ui_paren_open(req));
			kj_h_text(b, it->na_reason);
			kj_h(b, kj_ui_paren_close(req));
		}
		kj_h(b, "</dd><dt>");
		kj_h_text(b, T("指摘事項"));
		kj_h(b, "</dt><dd class=\"pre\">");
		kj_h_text(b, it->findings[0] ? it->findings : "—");
		kj_h(b, "</dd><dt>");
		kj_h_text(b, T("確認した証跡"));
		kj_h(b, "</dt><dd>");
		kj_h_text(b, it->evidence[0] ? it->evidence : "—");
		kj_h(b, "</dd>");
		if (it->replied) {
			kj_h(b, "<dt>");
			kj_h_text(b, T("是正措置"));
			kj_h(b, "</dt><dd class=\"pre\">");
			kj_h_text(b, it->action);
			kj_h(b, "</dd><dt>");
			kj_h_text(b, T("完了予定日"));
			kj_h(b, "</dt><dd>");
			kj_h_date(req, b, it->due_on, 0);
			kj_h(b, "</dd>");
		}
		kj_h(b, "</dl>");
		if (may(pg, KJ_VISIT_REPLY) && it->findings[0])
			reply_form(req, b, pg, it);
		kj_h(b, "</section>");
	}
}

static void events(struct kj_request *req, struct kj_buf *b, const struct visit_page *pg)
{
	static const char *const cols[] = { N_("日時"), N_("実施者"), N_("操作"), N_("メッセージ") };
	static const char *const acts[][2] = {
		{ "plan", N_("計画") }, { "record", N_("記録") }, { "issue", N_("報告") },
		{ "reply", N_("事業者の回答") },
	};
	if (req->user.role == KJ_ROLE_OPERATOR)
		return;
	kj_h(b, "<h2 id=\"history\">");
	kj_h_text(b, T("経緯"));
	kj_h(b, "</h2>");
	kj_ui_table_open(req, b, N_("誰がいつ何をしたか"), cols, 4);
	for (int i = 0; i < pg->vw->nevents; i++) {
		const struct kj_visit_event *e = &pg->vw->events[i];
		const char *act = e->action;
		for (size_t k = 0; k < sizeof acts / sizeof acts[0]; k++)
			if (!strcmp(acts[k][0], e->action))
				act = T(acts[k][1]);
		kj_h(b, "<tr><td>");
		kj_h_time(req, b, e->at);
		kj_h(b, "</td><td>");
		kj_h_text(b, e->actor);
		kj_h(b, "</td><td>");
		kj_h_text(b, act);
		kj_h(b, "</td><td>");
		kj_h_text(b, e->message);
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
}

int kj_visit_page_render(struct kj_request *req, struct kj_response *resp, struct visit_page *pg,
			 int status)
{
	struct kj_buf *b = &resp->body;
	int issued = !strcmp(pg->vw->v.state, "issued");
	char title[KJ_VISIT_FUNCTION_BYTES + 64];
	resp->status = status;
	if (pg->fn)
		kj_textf(title, sizeof title, "%s%s%s%s", T("訪問"), kj_ui_paren_open(req),
			 kj_visit_fn_name(req, pg->fn), kj_ui_paren_close(req));
	else
		kj_strlcpy(title, T("訪問"), sizeof title);
	kj_page_begin(req, resp, title);
	head(req, b, pg);
	refused(req, b, pg);
	if (kj_param(req, "done") && !pg->why)
		kj_form_done(req, b, N_("変更を保存しました。"));
	if (!pg->fn && !issued && may(pg, KJ_VISIT_ADMIN) && !strcmp(pg->vw->v.state, "recorded"))
		issue_form(req, b, pg);
	if (req->user.role != KJ_ROLE_OPERATOR)
		kj_visit_fn_nav(req, b, pg);
	if (!issued && may(pg, KJ_VISIT_RECORD)) {
		if (pg->fn)
			record_form(req, b, pg);
		else
			offline(req, b, pg);
	} else {
		findings(req, b, pg);
	}
	if (!pg->fn)
		events(req, b, pg);
	kj_page_end(req, resp);
	return 0;
}

int kj_visit_page_load(struct kj_request *req, struct visit_page *pg)
{
	struct visit_actor a;
	struct kj_visit_refusal why;
	struct kj_err err;
	int64_t id;
	memset(pg, 0, sizeof *pg);
	if (kj_app_id(req->args[0], &id) < 0)
		return 404;
	kj_visit_actor(req, &a);
	if (kj_app_visit_load(req->st, &a.actor, id, &pg->vw, &why, &err) < 0) {
		kj_log_error("visit: %s", err.msg);
		return 500;
	}
	return why.fault ? kj_visit_status(&why) : 0;
}

static int load(struct kj_request *req, struct visit_page *pg)
{
	return kj_visit_page_load(req, pg);
}

static int render(struct kj_request *req, struct kj_response *resp, struct visit_page *pg,
		  int status)
{
	return kj_visit_page_render(req, resp, pg, status);
}

int kj_visit_after(struct kj_request *req, struct kj_response *resp, int rc,
		   const struct kj_visit_refusal *why, const struct kj_err *err, const char *posted,
		   const char *fn, const char *anchor)
{
	char loc[96 + KJ_ID_MAX];
	struct visit_page pg;
	if (rc < 0) {
		kj_log_error("visit: %s", err->msg);
		return 500;
	}
	if (why->fault == KJ_VISIT_NOT_FOUND || why->fault == KJ_VISIT_FORBIDDEN)
		return kj_visit_status(why);
	if (why->fault == KJ_VISIT_OK) {
		if (fn)
			kj_textf(loc, sizeof loc, "/onsite/visits/%.20s/fn/%s?done=1#%s",
				 req->args[0], fn, anchor);
		else
			snprintf(loc, sizeof loc, "/onsite/visits/%.20s?done=1#%s", req->args[0],
				 anchor);
		return kj_response_redirect(resp, loc);
	}
	if ((rc = load(req, &pg)))
		return rc;
	pg.why = why;
	pg.posted = posted;
	pg.fn = fn;
	rc = render(req, resp, &pg, kj_visit_status(why));
	kj_app_visit_view_free(pg.vw);
	return rc;
}

static int after(struct kj_request *req, struct kj_response *resp, int rc,
		 const struct kj_visit_refusal *why, const struct kj_err *err, const char *posted,
		 const char *anchor)
{
	return kj_visit_after(req, resp, rc, why, err, posted, NULL, anchor);
}

int kj_page_onsite_visit(struct kj_request *req, struct kj_response *resp)
{
	struct visit_page pg;
	int rc = load(req, &pg);
	if (rc)
		return rc;
	rc = render(req, resp, &pg, 200);
	kj_app_visit_view_free(pg.vw);
	return rc;
}

static int revision_of(struct kj_request *req, long *rev)
{
	const char *s = kj_body_param(req, "revision");
	return s && kj_parse_long(s, 1, 999999999L, rev) == 0 ? 0 : -1;
}

int kj_visit_record_post(struct kj_request *req, struct kj_response *resp, const char *fn)
{
	struct visit_page pg;
	struct visit_actor a;
	struct kj_visit_refusal why = { 0 };
	struct kj_err err;
	long rev, newrev;
	int rc = load(req, &pg);
	if (rc)
		return rc;
	struct kj_visit_entry *e = calloc(pg.vw->nitems ? (size_t)pg.vw->nitems : 1, sizeof *e);
	char (*names)[4][48] = calloc(pg.vw->nitems ? (size_t)pg.vw->nitems : 1, sizeof *names);
	int n = 0;
	if (!e || !names) {
		rc = 500;
		goto out;
	}
	/* Every item of the visit posted, whatever its function: the use case
	 * refuses one of another function than the page's. */
	for (int i = 0; i < pg.vw->nitems; i++) {
		const char *code = pg.vw->items[i].code;
		snprintf(names[i][0], 48, "level-%s", code);
		snprintf(names[i][1], 48, "na-%s", code);
		snprintf(names[i][2], 48, "findings-%s", code);
		snprintf(names[i][3], 48, "evidence-%s", code);
		const char *lv = kj_body_param(req, names[i][0]);
		if (!lv)
			continue;	/* not on the page */
		const char *na = kj_body_param(req, names[i][1]);
		/* The reason field stays on the page whatever the level. */
		e[n++] = (struct kj_visit_entry){ code, lv, strcmp(lv, "na") ? "" : na ? na : "",
						  kj_body_param(req, names[i][2]),
						  kj_body_param(req, names[i][3]) };
	}
	kj_visit_actor(req, &a);
	if (revision_of(req, &rev) < 0) {
		why.fault = KJ_VISIT_BAD;
		kj_strlcpy(why.msg_ja, "改訂番号がありません", sizeof why.msg_ja);
		kj_strlcpy(why.msg, "revision: missing", sizeof why.msg);
		rc = 0;
	} else {
		rc = kj_app_visit_record_fn(req->st, &a.actor, pg.vw->v.id, fn, rev, e, n, &newrev,
					    &why, &err);
	}
	rc = kj_visit_after(req, resp, rc, &why, &err, "record", fn, "record");
out:
	free(e);
	free(names);
	kj_app_visit_view_free(pg.vw);
	return rc;
}

int kj_page_onsite_visit_record(struct kj_request *req, struct kj_response *resp)
{
	return kj_visit_record_post(req, resp, NULL);
}

int kj_page_onsite_visit_issue(struct kj_request *req, struct kj_response *resp)
{
	struct visit_actor a;
	struct kj_visit_refusal why = { 0 };
	struct kj_err err;
	int64_t id;
	long rev;
	if (kj_app_id(req->args[0], &id) < 0)
		return 404;
	if (revision_of(req, &rev) < 0)
		rev = 0;	/* no visit is at revision 0: refused as changed */
	kj_visit_actor(req, &a);
	int rc = kj_app_visit_issue(req->st, &a.actor, id, rev, &why, &err);
	return after(req, resp, rc, &why, &err, NULL, "findings");
}

int kj_page_onsite_visit_reply(struct kj_request *req, struct kj_response *resp)
{
	struct visit_actor a;
	struct kj_visit_refusal why = { 0 };
	struct kj_err err;
	int64_t id;
	char posted[48];
	if (kj_app_id(req->args[0], &id) < 0)
		return 404;
	const char *item = kj_body_param(req, "item");
	snprintf(posted, sizeof posted, "reply:%.30s", item ? item : "");
	kj_visit_actor(req, &a);
	int rc = kj_app_visit_reply(req->st, &a.actor, id, item, kj_body_param(req, "action"),
				    kj_body_param(req, "due_on"), &why, &err);
	return after(req, resp, rc, &why, &err, posted, "findings");
}
