/*
 * One on-site survey (実地調査, issue 15): /onsite/{id} shows its facts, the
 * link to its visits, its selection (the rules, the seed, who approved it),
 * the picks with the rule that chose each and why, the changes made after
 * approval, and the CSV of the picks (/onsite/{id}/picks.csv). Its owner
 * finds the forms: run the selection with rules and a seed (while a
 * draft), approve it, and after approval add or remove an operator with a
 * reason (POST /onsite/{id}/select|approve|picks/add|picks/remove), and
 * move the survey along its lifecycle as `kijun onsite open|close` does
 * (POST /onsite/{id}/open|close: what it does said beside the button; a
 * close, which cannot be undone, asks first), each one call of its use
 * case (app/onsite_select.c). A refused form answers
 * the page again with the reason beside the form and what was typed (400;
 * 409 when the selection's state or revision forbid it); nothing changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/onsite_select.h"
#include "base/util.h"
#include "web/app.h"
#include "web/html.h"
#include "web/page_onsite.h"
#include "web/page_survey.h"
#include "web/pages.h"
#include "web/ui.h"

enum op { SELECT, APPROVE, ADD, REMOVE, OPEN, CLOSE, NOPS };

struct page {
	struct kj_onsite_view v;
	struct kj_form forms[NOPS];	/* each form's errors (its own element ids) */
	enum op posted;		/* which form was posted (NOPS: none) */
	char why[KJ_ERR_MAX];	/* the refusal of a form the page no longer shows */
	int status;
};

static const char *rule_label(struct kj_request *req, const char *rule)
{
	static const char *const names[] = { "lowest", "change", "uninspected", "kikan", "quota",
					     "random", "manual" };
	static const char *const labels[] = { N_("自己評価の低い順"), N_("前年度からの変化"),
		N_("未実施・長期未実施"), N_("基幹インフラ"), N_("分野・都道府県ごとの枠"),
		N_("無作為抽出"), N_("手動で追加") };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (!strcmp(rule, names[i]))
			return T(labels[i]);
	return rule;
}

static void facts(struct kj_request *req, struct kj_buf *b, const struct kj_onsite_view *v)
{
	kj_h(b, "<dl class=\"facts\"><dt>");
	kj_h_text(b, T("年度"));
	kj_h(b, "</dt><dd>");
	kj_h_fy(req, b, v->sv.fy);
	kj_h(b, "</dd><dt>");
	kj_h_text(b, T("状態"));
	kj_h(b, "</dt><dd>");
	kj_h_text(b, kj_ui_survey_status(req, v->sv.status));
	kj_h(b, "</dd><dt>");
	kj_h_text(b, T("実施主体"));
	kj_h(b, "</dt><dd>");
	kj_onsite_owner(req, b, &v->sv);
	kj_h(b, "</dd><dt>");
	kj_h_text(b, T("対象分野"));
	kj_h(b, "</dt><dd>");
	for (int i = 0; i < v->sv.nsectors; i++) {
		if (i)
			kj_h_text(b, req->lang == KJ_LANG_EN ? ", " : "、");
		kj_h_text(b, kj_ui_sector_name(req, v->sv.sectors[i]));
	}
	kj_h(b, "</dd></dl><p><a href=\"/onsite/");
	kj_h_int(b, v->sv.id);
	kj_h(b, "/visits\">");
	kj_h_text(b, T("訪問"));
	kj_h(b, "</a></p>");
}

static void selection_facts(struct kj_request *req, struct kj_buf *b, const struct page *pg)
{
	const struct kj_onsite_view *v = &pg->v;
	char lines[KJ_ONSITE_RULES_TEXT_MAX];
	kj_h(b, "<h2 id=\"selection\">");
	kj_h_text(b, T("選定"));
	kj_h(b, "</h2>");
	if (!v->sel.id) {
		kj_h(b, "<p>");
		kj_h_text(b, T("まだ選定していません。"));
		kj_h(b, "</p>");
		return;
	}
	if (kj_onsite_rules_lines(&v->rules, lines, sizeof lines) < 0)
		lines[0] = '\0';
	kj_h(b, "<dl class=\"facts\"><dt>");
	kj_h_text(b, T("選定の状態"));
	kj_h(b, "</dt><dd>");
	kj_h_text(b, !strcmp(v->sel.state, "approved") ? T("承認済み") : T("下書き"));
	if (*v->sel.approved_at) {
		kj_h(b, " (");
		kj_h_time(req, b, v->sel.approved_at);
		kj_h(b, " ");
		kj_h_text(b, v->sel.approved_by);
		kj_h(b, ")");
	}
	kj_h(b, "</dd><dt>");
	kj_h_text(b, T("選定基準"));
	kj_h(b, "</dt><dd><pre>");
	kj_h_text(b, lines);
	kj_h(b, "</pre></dd><dt>");
	kj_h_text(b, T("乱数の種"));
	kj_h(b, "</dt><dd>");
	kj_h_int(b, v->sel.seed);
	kj_h(b, "</dd><dt>");
	kj_h_text(b, T("選定数"));
	kj_h(b, "</dt><dd>");
	kj_h_count(b, v->picks);
	kj_h(b, "</dd></dl>");
}

struct rows {
	struct kj_request *req;
	struct kj_buf *b;
	int n;
};

static int pick_row(void *ctx, const struct kj_onsite_pick_row *p)
{
	struct rows *r = ctx;
	struct kj_request *req = r->req;
	struct kj_buf *b = r->b;
	kj_h(b, p->removed ? "<tr class=\"removed\"><td class=\"num\">" : "<tr><td class=\"num\">");
	kj_h_int(b, p->ord);
	kj_h(b, "</td><td>");
	kj_h_text(b, p->corporate_number);
	kj_h(b, "</td><td lang=\"ja\">");
	kj_h_text(b, p->name);
	kj_h(b, "</td><td>");
	kj_h_text(b, kj_ui_sector_name(req, p->sector));
	kj_h(b, "</td><td>");
	kj_h_text(b, *p->prefecture ? kj_ui_prefecture_name(req, p->prefecture) : "");
	kj_h(b, "</td><td>");
	kj_h_text(b, rule_label(req, p->rule));
	kj_h(b, "</td><td>");
	kj_h_text(b, p->detail);
	kj_h(b, "</td><td>");
	kj_h_text(b, p->removed ? T("除外") : T("選定"));
	kj_h(b, "</td></tr>");
	r->n++;
	return 0;
}

static int change_row(void *ctx, const struct kj_onsite_change_row *c)
{
	struct rows *r = ctx;
	struct kj_request *req = r->req;
	struct kj_buf *b = r->b;
	kj_h(b, "<tr><td>");
	kj_h_time(req, b, c->at);
	kj_h(b, "</td><td>");
	kj_h_text(b, c->actor);
	kj_h(b, "</td><td>");
	kj_h_text(b, !strcmp(c->action, "add") ? T("追加") : T("除外"));
	kj_h(b, "</td><td>");
	kj_h_text(b, c->corporate_number);
	kj_h(b, " <span lang=\"ja\">");
	kj_h_text(b, c->name);
	kj_h(b, "</span></td><td>");
	kj_h_text(b, c->reason);
	kj_h(b, "</td></tr>");
	r->n++;
	return 0;
}

static int tables(struct kj_request *req, struct kj_buf *b, const struct page *pg)
{
	static const char *const pcols[] = { N_("順"), N_("法人番号"), N_("事業者"), N_("分野"),
		N_("都道府県"), N_("選定基準"), N_("選定の理由"), N_("状態") };
	static const char *const ccols[] = { N_("日時"), N_("実行者"), N_("変更"), N_("事業者"),
					     N_("理由") };
	struct kj_err err;
	struct rows r = { req, b, 0 };
	if (!pg->v.sel.id)
		return 0;
	kj_ui_table_open(req, b, N_("選定した事業者（選定順）"), pcols, 8);
	if (kj_store_onsite_pick_each(req->st, pg->v.sel.id, pick_row, &r, &err) < 0)
		return 500;
	if (!r.n) {
		kj_h(b, "<tr><td colspan=\"8\">");
		kj_h_text(b, T("選定基準に当てはまる事業者はいません。"));
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div><p><a href=\"/onsite/");
	kj_h_int(b, pg->v.sv.id);
	kj_h(b, "/picks.csv\">");
	kj_h_text(b, T("選定した事業者を CSV でダウンロード"));
	kj_h(b, "</a></p>");
	if (strcmp(pg->v.sel.state, "approved"))
		return 0;
	kj_h(b, "<h2 id=\"changes\">");
	kj_h_text(b, T("承認後の変更"));
	kj_h(b, "</h2>");
	r.n = 0;
	kj_ui_table_open(req, b, N_("承認後の変更の履歴（古い順）"), ccols, 5);
	if (kj_store_onsite_change_each(req->st, pg->v.sel.id, change_row, &r, &err) < 0)
		return 500;
	if (!r.n) {
		kj_h(b, "<tr><td colspan=\"5\">");
		kj_h_text(b, T("承認後の変更はありません。"));
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
	return 0;
}

/* Opens a form of the page posting to /onsite/ID/ACTION, with its revision. */
static void form_open(struct kj_request *req, struct kj_buf *b, const struct page *pg,
		      const char *action)
{
	kj_h(b, "<form class=\"stack\" method=\"post\" action=\"/onsite/");
	kj_h_int(b, pg->v.sv.id);
	kj_h(b, "/");
	kj_h_attr(b, action);
	kj_h(b, "\">");
	kj_h_csrf(req, b);
	kj_h(b, "<input type=\"hidden\" name=\"revision\" value=\"");
	kj_h_int(b, pg->v.sel.id ? pg->v.sel.revision : 0);
	kj_h(b, "\">");
}

static void form_close(struct kj_request *req, struct kj_buf *b, const char *button_ja)
{
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T(button_ja));
	kj_h(b, "</button></div></form>");
}

static const struct kj_form *errors_of(const struct page *pg, enum op op)
{
	return &pg->forms[op];
}

static void forms_init(struct page *pg)
{
	static const char *const prefixes[NOPS] = { "select", "approve", "add", "remove", "open",
						    "close" };
	for (int i = 0; i < NOPS; i++) {
		memset(&pg->forms[i], 0, sizeof pg->forms[i]);
		pg->forms[i].prefix = prefixes[i];
	}
}

static void select_form(struct kj_request *req, struct kj_buf *b, const struct page *pg)
{
	const struct kj_form *f = errors_of(pg, SELECT);
	char lines[KJ_ONSITE_RULES_TEXT_MAX], seed[24];
	if (pg->v.sel.id && kj_onsite_rules_lines(&pg->v.rules, lines, sizeof lines) == 0)
		snprintf(seed, sizeof seed, "%ld", pg->v.sel.seed);
	else {
		kj_strlcpy(lines, "lowest:5\nuninspected:3:5\nrandom:2\n", sizeof lines);
		kj_strlcpy(seed, "1", sizeof seed);
	}
	kj_h(b, "<h2 id=\"select\">");
	kj_h_text(b, T("選定基準を宣言して選定する"));
	kj_h(b, "</h2>");
	kj_form_summary(req, b, f);
	form_open(req, b, pg, "select");
	kj_form_textarea(req, b, f, &(struct kj_field){ .name = "rules",
			 .label_ja = N_("選定基準（1 行に 1 つ、上から順に適用）"),
			 .hint_ja = N_("例: lowest:5（自己評価の低い 5 者）、lowest:3:protect（防御の機能で）、change:3（前年度からの変化の大きい 3 者）、uninspected:3（3 年以上未実施の全者、uninspected:3:5 で 5 者まで）、kikan（基幹インフラ事業者）、quota:sector:1 または quota:prefecture:1（各分野・各都道府県に少なくとも 1 者）、random:2（残りから無作為に 2 者）"),
			 .flags = KJ_FIELD_REQUIRED },
			 f->nerrors ? kj_body_param(req, "rules") : lines, 6);
	kj_form_input(req, b, f, &(struct kj_field){ .name = "seed", .label_ja = N_("乱数の種"),
		      .hint_ja = N_("0 から 2147483647 までの整数。同じ基準・種・データからは同じ選定になります。"),
		      .flags = KJ_FIELD_REQUIRED, .maxlength = 10, .inputmode = "numeric",
		      .autocomplete = "off" }, f->nerrors ? kj_body_param(req, "seed") : seed);
	form_close(req, b, pg->v.sel.id ? N_("選定をやり直す") : N_("選定する"));
}

static void change_forms(struct kj_request *req, struct kj_buf *b, const struct page *pg)
{
	static const enum op ops[] = { ADD, REMOVE };
	static const char *const actions[] = { "picks/add", "picks/remove" };
	static const char *const titles[] = { N_("事業者を追加する"), N_("事業者を除外する") };
	kj_h(b, "<h2 id=\"change\">");
	kj_h_text(b, T("承認後に事業者を追加・除外する"));
	kj_h(b, "</h2>");
	for (int i = 0; i < 2; i++) {
		const struct kj_form *f = errors_of(pg, ops[i]);
		kj_h(b, "<h3>");
		kj_h_text(b, T(titles[i]));
		kj_h(b, "</h3>");
		kj_form_summary(req, b, f);
		form_open(req, b, pg, actions[i]);
		kj_form_input(req, b, f, &(struct kj_field){ .name = "org",
			      .label_ja = N_("法人番号（13 桁）"), .flags = KJ_FIELD_REQUIRED,
			      .maxlength = 13, .inputmode = "numeric", .autocomplete = "off" },
			      f->nerrors ? kj_body_param(req, "org") : NULL);
		kj_form_input(req, b, f, &(struct kj_field){ .name = "reason",
			      .label_ja = N_("理由"), .flags = KJ_FIELD_REQUIRED, .maxlength = 500,
			      .autocomplete = "off" }, f->nerrors ? kj_body_param(req, "reason") : NULL);
		form_close(req, b, titles[i]);
	}
}

/* Open (a draft) or close (an open survey), with what it does. */
static void lifecycle_form(struct kj_request *req, struct kj_buf *b, const struct page *pg,
			   enum op op)
{
	kj_h(b, "<h2 id=\"lifecycle\">");
	kj_h_text(b, op == OPEN ? T("実地調査を開始する") : T("実地調査を終了する"));
	kj_h(b, "</h2><p>");
	kj_h_text(b, op == OPEN
		  ? T("開始すると、状態が「実施中」になります。選定・承認・訪問の計画はそのまま続けられます。")
		  : T("終了すると、状態が「終了」になり、選定（承認後の追加・除外を含む）は変更できなくなります。終了した実地調査は再開できません。"));
	kj_h(b, "</p>");
	kj_form_summary(req, b, errors_of(pg, op));
	form_open(req, b, pg, op == OPEN ? "open" : "close");
	form_close(req, b, op == OPEN ? N_("開始する") : N_("終了する"));
}

/* The result of a lifecycle step (?done=open|close), or the saved notice. */
static void done_notice(struct kj_request *req, struct kj_buf *b)
{
	const char *d = kj_param(req, "done");
	if (d && !strcmp(d, "open"))
		kj_form_done(req, b, N_("実地調査を開始しました（状態: 実施中）。"));
	else if (d && !strcmp(d, "close"))
		kj_form_done(req, b, N_("実地調査を終了しました（状態: 終了）。選定は変更できなくなりました。"));
	else
		kj_ui_saved_notice(req, b);
}

static int render(struct kj_request *req, struct kj_response *resp, const struct page *pg)
{
	struct kj_buf *b = &resp->body;
	const struct kj_onsite_view *v = &pg->v;
	const char *title = req->lang == KJ_LANG_EN && *v->sv.title_en ? v->sv.title_en
		: v->sv.title_ja;
	resp->status = pg->status;
	kj_page_begin(req, resp, title);
	kj_h(b, "<p><a href=\"/onsite\">");
	kj_h_text(b, T("実地調査の一覧"));
	kj_h(b, "</a></p><h1>");
	kj_h_text(b, title);
	kj_h(b, "</h1>");
	int open = strcmp(v->sv.status, "closed") != 0;
	int approved = v->sel.id && !strcmp(v->sel.state, "approved");
	int shown[NOPS] = { v->may_admin && open && !approved,
			    v->may_admin && open && v->sel.id && !approved,
			    v->may_admin && open && approved, v->may_admin && open && approved,
			    v->may_admin && !strcmp(v->sv.status, "draft"),
			    v->may_admin && !strcmp(v->sv.status, "open") };
	if (pg->posted == NOPS)
		done_notice(req, b);
	else if (!shown[pg->posted])	/* the state moved on: no form to stand beside */
		kj_ui_alert(req, b, N_("この操作はできませんでした。最新の内容を確認してください。データは変更されていません。"),
			    pg->why);
	facts(req, b, v);
	selection_facts(req, b, pg);
	int rc = tables(req, b, pg);
	if (rc)
		return rc;
	if (shown[SELECT])
		select_form(req, b, pg);
	if (shown[APPROVE]) {
		const struct kj_form *f = errors_of(pg, APPROVE);
		kj_h(b, "<h2 id=\"approve\">");
		kj_h_text(b, T("選定を承認する"));
		kj_h(b, "</h2><p>");
		kj_h_text(b, T("承認した後は、選定をやり直せません。事業者の追加・除外には理由が必要です。"));
		kj_h(b, "</p>");
		kj_form_summary(req, b, f);
		form_open(req, b, pg, "approve");
		form_close(req, b, N_("承認する"));
	}
	if (shown[ADD])
		change_forms(req, b, pg);
	if (shown[OPEN])
		lifecycle_form(req, b, pg, OPEN);
	if (shown[CLOSE])
		lifecycle_form(req, b, pg, CLOSE);
	kj_page_end(req, resp);
	return 0;
}

/* The survey of the path into PG (a NULL for a status). */
static int load(struct kj_request *req, struct page **out)
{
	int64_t id;
	int found;
	struct kj_err err;
	*out = NULL;
	if (kj_parse_id(req->args[0], &id) < 0)
		return 404;
	struct page *pg = calloc(1, sizeof *pg);
	if (!pg)
		return 500;
	if (kj_app_onsite_get(req->st, &req->user, id, &pg->v, &found, &err) < 0) {
		free(pg);
		return 500;
	}
	if (!found) {
		free(pg);
		return 404;
	}
	pg->posted = NOPS;
	pg->status = 200;
	forms_init(pg);
	*out = pg;
	return 0;
}

int kj_page_onsite(struct kj_request *req, struct kj_response *resp)
{
	struct page *pg;
	int rc = load(req, &pg);
	if (rc)
		return rc;
	rc = render(req, resp, pg);
	free(pg);
	return rc;
}

struct csv_ctx {
	struct kj_store *st;
	int64_t selection;
};

static int write_csv(FILE *f, void *ctx)
{
	struct csv_ctx *c = ctx;
	struct kj_err err;
	return kj_app_onsite_picks_csv(f, c->st, c->selection, &err);
}

int kj_page_onsite_picks_csv(struct kj_request *req, struct kj_response *resp)
{
	struct page *pg;
	int rc = load(req, &pg);
	if (rc)
		return rc;
	char name[48];
	snprintf(name, sizeof name, "onsite-%lld-picks", (long long)pg->v.sv.id);
	struct csv_ctx c = { req->st, pg->v.sel.id };
	rc = kj_web_send_table(req, resp, "csv", name, pg->v.picks + pg->v.removed, write_csv,
			       NULL, &c);
	free(pg);
	return rc;
}

/* The field a refusal is about, from its message. */
static const char *field_of(enum op op, const char *msg)
{
	if (op == SELECT)
		return strstr(msg, "seed") ? "seed" : "rules";
	if (op == ADD || op == REMOVE)
		return strstr(msg, "reason") ? "reason" : strstr(msg, "revision") ||
			strstr(msg, "meanwhile") ? "" : "org";
	return "";
}

static void refuse_bad(struct kj_survey_refusal *why, const char *msg)
{
	why->fault = KJ_SURVEY_BAD;
	kj_strlcpy(why->msg, msg, sizeof why->msg);
}

/*
 * Closing cannot be undone, so it asks first (form.h): the confirmation
 * page posting again with confirm=1, or a status.
 */
static int confirm_close(struct kj_request *req, struct kj_response *resp, const struct page *pg)
{
	char action[48], back[40], lost[4 * KJ_SURVEY_TITLE_MAX + 400];
	snprintf(action, sizeof action, "/onsite/%lld/close", (long long)pg->v.sv.id);
	snprintf(back, sizeof back, "/onsite/%lld", (long long)pg->v.sv.id);
	kj_textf(lost, sizeof lost, "%s（%s）",
		 T("終了した実地調査は再開できません。選定（承認後の追加・除外を含む）は変更できなくなります。"),
		 req->lang == KJ_LANG_EN && *pg->v.sv.title_en ? pg->v.sv.title_en
		 : pg->v.sv.title_ja);
	return kj_form_confirm_page(req, resp, &(struct kj_confirm){
		N_("実地調査を終了しますか"), lost, action, N_("終了する"), back });
}

/* Why opening or closing was refused, in the request's language with the
 * use case's English words: the survey's state as it is now. */
static void move_refusal(struct kj_request *req, const struct page *pg, enum op op,
			 const char *en, char *out, size_t n)
{
	kj_textf(out, n, "%s %s: %s (%s)", op == OPEN
		 ? T("実地調査を開始できませんでした。データは変更されていません。")
		 : T("実地調査を終了できませんでした。データは変更されていません。"),
		 T("現在の状態"), kj_ui_survey_status(req, pg->v.sv.status), en);
}

static int handle(struct kj_request *req, struct kj_response *resp, enum op op)
{
	struct page *pg;
	int rc = load(req, &pg);
	if (rc)
		return rc;
	if (!pg->v.may_admin) {	/* seen, not changed: before any check of the input */
		free(pg);
		return 403;
	}
	char actor[KJ_AUDIT_ACTOR_MAX], msg[KJ_FORM_MESSAGE_MAX], lmsg[KJ_ERR_MAX];
	kj_web_actor(req, actor, sizeof actor);
	struct kj_actor a = { &req->user, req->user.id, actor };
	struct kj_survey_refusal why = { KJ_SURVEY_OK, "" };
	struct kj_err err;
	long rev = -1, seed = 0;
	int npicks;
	const char *rs = kj_body_param(req, "revision"), *m;
	if (rs && *rs && kj_parse_long(rs, 0, 0x7fffffffL, &rev) < 0)
		refuse_bad(&why, "revision: not a revision");
	struct kj_onsite_rules *rules = NULL;
	if (!why.fault && op == SELECT) {
		const char *text = kj_body_param(req, "rules");
		rules = malloc(sizeof *rules);
		if (!rules) {
			free(pg);
			return 500;
		}
		if ((m = kj_onsite_rules_parse_lines(text ? text : "", rules, lmsg, sizeof lmsg)) ||
		    (m = kj_onsite_check_seed(kj_body_param(req, "seed"), &seed)))
			refuse_bad(&why, m);
	}
	if (!why.fault && op == CLOSE && !kj_form_confirmed(req) &&
	    !strcmp(pg->v.sv.status, "open")) {
		rc = confirm_close(req, resp, pg);
		free(pg);
		return rc;
	}
	if (!why.fault && (op == OPEN || op == CLOSE)) {
		if (kj_app_onsite_move(req->st, &a, pg->v.sv.id, op == OPEN ? "open" : "closed",
				       &why, &err) < 0) {
			free(pg);
			return 500;
		}
	} else if (!why.fault) {
		int r = op == SELECT
			? kj_app_onsite_select(req->st, &a, pg->v.sv.id, rules, seed, (int)rev,
					       &npicks, &why, &err)
			: op == APPROVE
			? kj_app_onsite_approve(req->st, &a, pg->v.sv.id, (int)rev, &why, &err)
			: kj_app_onsite_pick_change(req->st, &a, pg->v.sv.id, op == ADD,
						    kj_body_param(req, "org"),
						    kj_body_param(req, "reason"), (int)rev, &why,
						    &err);
		if (r < 0) {
			free(rules);
			free(pg);
			return 500;
		}
	}
	free(rules);
	if (why.fault == KJ_SURVEY_OK || why.fault == KJ_SURVEY_NOT_FOUND ||
	    why.fault == KJ_SURVEY_FORBIDDEN) {
		int64_t id = pg->v.sv.id;
		free(pg);
		if (why.fault == KJ_SURVEY_NOT_FOUND)
			return 404;
		if (why.fault == KJ_SURVEY_FORBIDDEN)
			return 403;
		char to[64];
		if (op == OPEN || op == CLOSE)
			snprintf(to, sizeof to, "/onsite/%lld?done=%s#lifecycle", (long long)id,
				 op == OPEN ? "open" : "close");
		else
			snprintf(to, sizeof to, "/onsite/%lld?done=1#selection", (long long)id);
		return kj_response_redirect(resp, to) < 0 ? 500 : 0;
	}
	/* The page as it is now, with the reason beside the form posted. */
	int64_t id = pg->v.sv.id;
	int found;
	if (kj_app_onsite_get(req->st, &req->user, id, &pg->v, &found, &err) < 0 || !found) {
		free(pg);
		return 500;
	}
	pg->posted = op;
	kj_strlcpy(pg->why, why.msg, sizeof pg->why);
	forms_init(pg);
	pg->status = why.fault == KJ_SURVEY_BAD ? 400 : 409;
	if (op == OPEN || op == CLOSE) {
		move_refusal(req, pg, op, why.msg, msg, sizeof msg);
		kj_strlcpy(pg->why, msg, sizeof pg->why);
	} else {
		kj_textf(msg, sizeof msg, "%s (%s)", why.fault == KJ_SURVEY_BAD
			 ? T("入力内容に誤りがあります。データは変更されていません。")
			 : T("この操作はできませんでした。最新の内容を確認してください。データは変更されていません。"),
			 why.msg);
	}
	kj_form_error_text(&pg->forms[op], field_of(op, why.msg), msg);
	rc = render(req, resp, pg);
	free(pg);
	return rc;
}

int kj_page_onsite_select(struct kj_request *req, struct kj_response *resp)
{
	return handle(req, resp, SELECT);
}

int kj_page_onsite_approve(struct kj_request *req, struct kj_response *resp)
{
	return handle(req, resp, APPROVE);
}

int kj_page_onsite_pick_add(struct kj_request *req, struct kj_response *resp)
{
	return handle(req, resp, ADD);
}

int kj_page_onsite_pick_remove(struct kj_request *req, struct kj_response *resp)
{
	return handle(req, resp, REMOVE);
}

int kj_page_onsite_open(struct kj_request *req, struct kj_response *resp)
{
	return handle(req, resp, OPEN);
}

int kj_page_onsite_close(struct kj_request *req, struct kj_response *resp)
{
	return handle(req, resp, CLOSE);
}
