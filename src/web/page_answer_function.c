/*
 * /surveys/{id}/answer/f/{n}: one function of the standard (n 0-5, or "q"
 * for the survey's own questions) as a form. Each requirement with its
 * text and the definitions of its terms, the level (0-4, 該当なし or not
 * yet answered), the N/A reason, a comment and the evidence, who changed it
 * last and when, last year's answer (a carried-over one is 未確認 until
 * confirmed), and whom it is assigned to.
 *
 * A save sends only what the user changed on the page (each item's value
 * as shown is carried in a hidden field), with the revision the page was
 * read at: a change someone else made meanwhile to the same item refuses
 * the save (409), and the page comes back with theirs beside the user's;
 * a bad value comes back beside its field (400); in both cases what the
 * user typed is kept and nothing is saved. Works without JavaScript.
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

#define FIELD_MAX (KJ_ITEM_MAX + 4)

struct fn_page {
	int64_t survey;
	int fn;				/* 0-5, or KJ_ANSWER_OWN_PAGE */
	struct kj_questionnaire *q;
	struct kj_form form;
	unsigned char *touched;		/* a refused save: items the user changed (shown as posted) */
	const struct kj_save_result *res;	/* a refused save's conflicts */
};

static void field_name(char *out, char kind, const char *item)
{
	snprintf(out, FIELD_MAX, "%c.%s", kind, item);
}

/* The value of field KIND.ITEM to show: as posted when the user changed the item, else DFLT. */
static const char *shown(const struct kj_request *req, const struct fn_page *p, int i, char kind,
			 const char *dflt)
{
	char name[FIELD_MAX];
	if (!p->touched || !p->touched[i])
		return dflt;
	field_name(name, kind, p->q->items[i].item);
	const char *v = kj_body_param(req, name);
	return v ? v : "";
}

/* "3.2.1-1" or "F2" on this page. */
static int on_page(const struct fn_page *p, const struct kj_q_item *it)
{
	return p->fn == KJ_ANSWER_OWN_PAGE ? it->requirement < 0 : it->function == p->fn;
}

static void definitions(struct kj_request *req, struct kj_buf *b, const struct kj_catalog *cat,
			const struct kj_requirement *r)
{
	if (!r->ndefs)
		return;
	kj_h(b, "<details class=\"defs\"><summary>");
	kj_h_text(b, T("用語の定義"));
	kj_h(b, "</summary><dl>");
	for (int k = 0; k < r->ndefs; k++) {
		const struct kj_definition *d = &cat->defs[r->defs[k]];
		int en = req->lang == KJ_LANG_EN && d->term_en && d->text_en;
		kj_h(b, "<dt>");
		kj_h_text(b, en ? d->term_en : d->term_ja);
		kj_h(b, "</dt><dd>");
		kj_h_text(b, en ? d->text_en : d->text_ja);
		kj_h(b, "</dd>");
	}
	kj_h(b, "</dl></details>");
}

/* One radio of a group; the first has the group's own id (the error summary's link). */
static void radio(struct kj_buf *b, const char *name, const char *id_base, int k,
		  const char *value, const char *label, const char *current, int invalid)
{
	char id[FIELD_MAX + 16];
	if (k)
		snprintf(id, sizeof id, "%s-%d", id_base, k);
	else
		snprintf(id, sizeof id, "%s", id_base);
	kj_h(b, "<div><input type=\"radio\" name=\"");
	kj_h_attr(b, name);
	kj_h(b, "\" id=\"");
	kj_h_attr(b, id);
	if (invalid) {
		kj_h(b, "\" aria-invalid=\"true\" aria-describedby=\"");
		kj_h_attr(b, id_base);
		kj_h(b, "-err");
	}
	kj_h(b, "\" value=\"");
	kj_h_attr(b, value);
	kj_h(b, !strcmp(value, current) ? "\" checked><label for=\"" : "\"><label for=\"");
	kj_h_attr(b, id);
	kj_h(b, "\">");
	kj_h_text(b, label);
	kj_h(b, "</label></div>");
}

/* The level radios (a requirement, or an own question of kind level). */
static void level_group(struct kj_request *req, struct kj_buf *b, const struct fn_page *p, int i,
			const char *current)
{
	char name[FIELD_MAX], idb[FIELD_MAX + 8], label[160];
	field_name(name, 'l', p->q->items[i].item);
	struct kj_field fd = { .name = name, .label_ja = N_("実施状況") };
	int bad = kj_form_field_error(&p->form, name) != NULL;
	kj_form_group_open(req, b, &p->form, &fd);
	snprintf(idb, sizeof idb, "%s-%s", p->form.prefix, name);
	for (int lv = KJ_LEVEL_MIN; lv <= KJ_LEVEL_MAX; lv++) {
		snprintf(label, sizeof label, "%d: %s", lv, req->lang == KJ_LANG_EN
			 ? kj_level_label_en(lv) : kj_level_label_ja(lv));
		radio(b, name, idb, lv, kj_level_code(lv), label, current, bad);
	}
	radio(b, name, idb, 5, "na", req->lang == KJ_LANG_EN ? kj_level_label_en(KJ_LEVEL_NA)
			      : kj_level_label_ja(KJ_LEVEL_NA), current, bad);
	radio(b, name, idb, 6, "", T("未回答"), current, bad);
	kj_form_group_close(b);
}

/* An own question other than a level: choices as radios, else a text field. */
static void value_field(struct kj_request *req, struct kj_buf *b, const struct fn_page *p, int i,
			const char *current)
{
	const struct kj_q_item *it = &p->q->items[i];
	char name[FIELD_MAX], idb[FIELD_MAX + 8], choice[4 * KJ_QUESTION_CHOICE_MAX + 1];
	field_name(name, 'v', it->item);
	struct kj_field fd = { .name = name, .label_ja = N_("回答"),
			       .flags = it->required ? KJ_FIELD_REQUIRED : 0 };
	if (it->kind != KJ_Q_CHOICE && it->kind != KJ_Q_YESNO) {
		fd.maxlength = KJ_ANSWER_VALUE_MAX;
		fd.inputmode = it->kind == KJ_Q_NUMBER ? "decimal" : NULL;
		kj_form_input(req, b, &p->form, &fd, current);
		return;
	}
	int bad = kj_form_field_error(&p->form, name) != NULL;
	kj_form_group_open(req, b, &p->form, &fd);
	snprintf(idb, sizeof idb, "%s-%s", p->form.prefix, name);
	if (it->kind == KJ_Q_YESNO) {
		radio(b, name, idb, 0, "yes", T("はい"), current, bad);
		radio(b, name, idb, 1, "no", T("いいえ"), current, bad);
	}
	const char *s = it->choices;
	for (int k = 0; it->kind == KJ_Q_CHOICE && *s; k++) {
		size_t len = strcspn(s, "\n");
		snprintf(choice, sizeof choice, "%.*s", (int)len, s);
		radio(b, name, idb, k, choice, choice, current, bad);
		s += len + (s[len] == '\n');
	}
	radio(b, name, idb, 99, "", T("未回答"), current, bad);
	kj_form_group_close(b);
}

/* Who changed the item last, last year's answer, the assignee, 未確認. */
static void item_facts(struct kj_request *req, struct kj_buf *b, const struct kj_q_item *it)
{
	kj_h(b, "<p class=\"hint\">");
	if (it->updated_at[0]) {
		kj_h_text(b, T("最終更新"));
		kj_h(b, ": ");
		kj_h_text(b, it->updated_by);
		kj_h(b, " ");
		kj_h_time(req, b, it->updated_at);
	} else {
		kj_h_text(b, T("まだ変更されていません。"));
	}
	if (it->assignee) {
		kj_h(b, " / ");
		kj_h_text(b, T("担当"));
		kj_h(b, ": ");
		kj_h_text(b, it->assignee_name);
	}
	kj_h(b, "</p>");
	if (it->has_last) {
		kj_h(b, "<p class=\"last-year\">");
		kj_h_text(b, T("前年度の回答"));
		kj_h(b, ": ");
		kj_answer_value_html(req, b, it, &it->last);
		kj_h(b, "</p>");
	}
}

static void item_form(struct kj_request *req, struct kj_buf *b, const struct fn_page *p, int i)
{
	const struct kj_q_item *it = &p->q->items[i];
	const struct kj_catalog *cat = &p->q->cat;
	char name[FIELD_MAX], orig[KJ_ANSWER_NOTE_BYTES];
	static const struct kj_field fna = { .label_ja = N_("該当なしの理由"),
		.hint_ja = N_("「該当なし」を選んだときは必須です。"), .maxlength = KJ_ANSWER_NA_MAX };
	static const struct kj_field fnote = { .label_ja = N_("コメント"), .maxlength = KJ_ANSWER_NOTE_MAX };
	static const struct kj_field fev = { .label_ja = N_("根拠資料"),
		.hint_ja = N_("実施を示す文書の名称や版など"), .maxlength = KJ_ANSWER_EVIDENCE_MAX };
	kj_h(b, "<section class=\"answer-item\" id=\"i-");
	kj_h_attr(b, it->item);
	kj_h(b, "\"><h2>");
	kj_h_text(b, it->item);
	if (it->prefilled) {
		kj_h(b, " <span class=\"badge\">");
		kj_h_text(b, T("未確認"));
		kj_h(b, "</span>");
	}
	kj_h(b, "</h2><p>");
	if (it->requirement >= 0) {
		const struct kj_requirement *r = &cat->reqs[it->requirement];
		kj_h_text(b, req->lang == KJ_LANG_EN && r->text_en ? r->text_en : r->text_ja);
		kj_h(b, "</p>");
		definitions(req, b, cat, r);
	} else {
		kj_h_text(b, req->lang == KJ_LANG_EN && it->text_en[0] ? it->text_en : it->text_ja);
		kj_h(b, "</p>");
	}
	item_facts(req, b, it);
	if (it->requirement >= 0 || it->kind == KJ_Q_LEVEL)
		level_group(req, b, p, i, shown(req, p, i, 'l', kj_level_code(it->now.level)));
	if (it->requirement < 0 && it->kind != KJ_Q_LEVEL)
		value_field(req, b, p, i, shown(req, p, i, 'v', it->now.value));
	if (it->requirement >= 0) {
		struct kj_field fd = fna;
		field_name(name, 'r', it->item);
		fd.name = name;
		kj_form_input(req, b, &p->form, &fd, shown(req, p, i, 'r', it->now.na_reason));
		fd = fnote;
		field_name(name, 'n', it->item);
		fd.name = name;
		kj_form_textarea(req, b, &p->form, &fd, shown(req, p, i, 'n', it->now.note), 3);
		fd = fev;
		field_name(name, 'e', it->item);
		fd.name = name;
		kj_form_input(req, b, &p->form, &fd, shown(req, p, i, 'e', it->now.evidence));
	}
	if (it->prefilled) {
		field_name(name, 'c', it->item);
		kj_h(b, "<div class=\"field\"><div><input type=\"checkbox\" value=\"1\" name=\"");
		kj_h_attr(b, name);
		kj_h(b, "\" id=\"a-");
		kj_h_attr(b, name);
		kj_h(b, "\"><label for=\"a-");
		kj_h_attr(b, name);
		kj_h(b, "\">");
		kj_h_text(b, T("前年度から引き継いだこの回答を確認しました"));
		kj_h(b, "</label></div></div>");
	}
	/* The value as shown: a save sends only the items changed from it. */
	if (it->requirement >= 0)
		kj_answer_text(&it->now, orig, sizeof orig);
	else
		snprintf(orig, sizeof orig, "%s", it->now.value);
	field_name(name, 'o', it->item);
	kj_h(b, "<input type=\"hidden\" name=\"");
	kj_h_attr(b, name);
	kj_h(b, "\" value=\"");
	kj_h_attr(b, orig);
	kj_h(b, "\"></section>");
}

/* A refused save's conflicts: theirs (who, when) beside the user's. */
static void conflicts(struct kj_request *req, struct kj_buf *b, const struct kj_save_result *r)
{
	char t[KJ_ANSWER_NOTE_BYTES];
	kj_h(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>");
	kj_h_text(b, T("ほかの人が同じ設問を先に保存したため、保存しませんでした。"));
	kj_h(b, "</h2><p>");
	kj_h_text(b, T("下の内容を確認し、必要ならもう一度保存してください。あなたの入力はそのまま残っています。"));
	kj_h(b, "</p><ul>");
	for (int i = 0; i < r->nconflicts; i++) {
		kj_h(b, "<li><a href=\"#i-");
		kj_h_attr(b, r->conflicts[i].item);
		kj_h(b, "\">");
		kj_h_text(b, r->conflicts[i].item);
		kj_h(b, "</a>: ");
		kj_h_text(b, T("相手の回答"));
		kj_h(b, kj_ui_paren_open(req));
		kj_h_text(b, r->conflicts[i].by);
		kj_h(b, " ");
		kj_h_time(req, b, r->conflicts[i].at);
		kj_h(b, kj_ui_paren_close(req));
		kj_h(b, ": ");
		kj_answer_text(&r->conflicts[i].theirs, t, sizeof t);
		kj_h_text(b, t);
		kj_h(b, " / ");
		kj_h_text(b, T("あなたの回答"));
		kj_h(b, ": ");
		kj_answer_text(&r->conflicts[i].yours, t, sizeof t);
		kj_h_text(b, t);
		kj_h(b, "</li>");
	}
	kj_h(b, "</ul></div>");
}

static void fn_render(struct kj_request *req, struct kj_response *resp, const struct fn_page *p)
{
	struct kj_buf *b = &resp->body;
	const struct kj_questionnaire *q = p->q;
	char action[96], back[64];
	int locked = !strcmp(q->status, "submitted");
	kj_page_begin(req, resp, kj_answer_function_name(req, &q->cat, p->fn));
	snprintf(back, sizeof back, "/surveys/%lld/answer", (long long)p->survey);
	kj_h(b, "<p>");
	kj_h_link(b, back, T("回答の概要へ戻る"));
	kj_h(b, "</p><h1>");
	kj_h_text(b, kj_answer_function_name(req, &q->cat, p->fn));
	kj_h(b, "</h1>");
	if (kj_param(req, "done") && !p->res && !p->form.nerrors)
		kj_form_done(req, b, N_("保存しました。"));
	if (p->res && p->res->nconflicts)
		conflicts(req, b, p->res);
	kj_form_summary(req, b, &p->form);
	kj_answer_head(req, b, q);
	if (locked) {
		kj_h(b, "<p class=\"notice\">");
		kj_h_text(b, T("提出済みのため変更できません。修正が必要なときは所管省庁に差し戻しを依頼してください。"));
		kj_h(b, "</p>");
		kj_answer_readonly(req, b, q);
		kj_page_end(req, resp);
		return;
	}
	if (p->fn < 0)
		snprintf(action, sizeof action, "%s/f/q", back);
	else
		snprintf(action, sizeof action, "%s/f/%d", back, p->fn);
	kj_h(b, "<form method=\"post\" novalidate action=\"");
	kj_h_attr(b, action);
	kj_h(b, "\">");
	kj_h_csrf(req, b);
	kj_h(b, "<input type=\"hidden\" name=\"rev\" value=\"");
	kj_h_int(b, q->revision);
	kj_h(b, "\">");
	for (int i = 0; i < q->nitems; i++)
		if (on_page(p, &q->items[i]))
			item_form(req, b, p, i);
	if (!strcmp(q->status, "returned")) {
		static const struct kj_field fr = { .name = "reason", .label_ja = N_("修正の理由"),
			.hint_ja = N_("差し戻し後の変更には理由が必要です。変更の記録に残ります。"),
			.flags = KJ_FIELD_REQUIRED, .maxlength = KJ_CHANGE_REASON_MAX };
		kj_form_textarea(req, b, &p->form, &fr, kj_body_param(req, "reason"), 3);
	}
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("保存する"));
	kj_h(b, "</button></div></form>");
	kj_page_end(req, resp);
}

/* The page's function from the path: 0, or 404. */
static int fn_arg(const struct kj_request *req, const struct kj_catalog *cat, int *fn)
{
	long n;
	if (req->nargs < 2)
		return 404;
	if (!strcmp(req->args[1], "q")) {
		*fn = KJ_ANSWER_OWN_PAGE;
		return 0;
	}
	if (strlen(req->args[1]) != 1 || kj_parse_long(req->args[1], 0, cat->nfunctions - 1, &n) < 0)
		return 404;
	*fn = (int)n;
	return 0;
}

/* Reads the page's response and function: 0, or what the handler returns. */
static int fn_load(struct kj_request *req, struct kj_response *resp, struct fn_page *p)
{
	int st = kj_answer_survey_arg(req, &p->survey);
	p->form.prefix = "a";
	if (st || (st = kj_answer_load(req, resp, p->survey, 0, &p->q)) || !p->q)
		return st ? st : -1;
	if ((st = fn_arg(req, &p->q->cat, &p->fn))) {
		kj_questionnaire_free(p->q);
		p->q = NULL;
	}
	return st;
}

int kj_page_answer_function(struct kj_request *req, struct kj_response *resp)
{
	struct fn_page p = { 0 };
	int st = fn_load(req, resp, &p);
	if (st)
		return st < 0 ? 0 : st;
	fn_render(req, resp, &p);
	kj_questionnaire_free(p.q);
	return 0;
}

/*
 * The edit of item IT as posted, if the user changed it from the value the
 * page showed (its hidden o.ITEM) or confirmed it: 1 and E filled, else 0.
 */
static int posted_edit(const struct kj_request *req, const struct kj_q_item *it,
		       struct kj_answer_edit *e)
{
	char name[FIELD_MAX], now[KJ_ANSWER_NOTE_BYTES];
	const char *f[6];
	static const char kinds[6] = { 'l', 'r', 'n', 'e', 'v', 'o' };
	for (int k = 0; k < 6; k++) {
		field_name(name, kinds[k], it->item);
		f[k] = kj_body_param(req, name);
	}
	field_name(name, 'c', it->item);
	const char *c = kj_body_param(req, name);
	memset(e, 0, sizeof *e);
	e->item = it->item;
	e->confirm = c && !strcmp(c, "1");
	/* Not on the form that was sent: left as it is. */
	if (!f[5] && !e->confirm)
		return 0;
	if (it->requirement < 0 && it->kind != KJ_Q_LEVEL) {
		e->value = f[4] ? f[4] : "";
		return e->confirm || !f[5] || strcmp(e->value, f[5]);
	}
	struct kj_answer_value v = { .level = KJ_LEVEL_NONE };
	int bad = kj_level_parse(f[0], &v.level) != NULL;
	if (it->requirement < 0) {
		e->value = f[0] ? f[0] : "";
		return e->confirm || bad || !f[5] || strcmp(e->value, f[5]);
	}
	e->level = f[0] ? f[0] : "";
	/* The reason field stays on the page whatever the level (no script
	 * hides it): it counts only with 該当なし. */
	e->na_reason = f[1] && !bad && v.level == KJ_LEVEL_NA ? f[1] : "";
	e->note = f[2] ? f[2] : "";
	e->evidence = f[3] ? f[3] : "";
	bad |= kj_strlcpy(v.na_reason, e->na_reason, sizeof v.na_reason) < 0 ||
	       kj_strlcpy(v.note, e->note, sizeof v.note) < 0 ||
	       kj_strlcpy(v.evidence, e->evidence, sizeof v.evidence) < 0;
	kj_answer_text(&v, now, sizeof now);
	return e->confirm || bad || !f[5] || strcmp(now, f[5]);
}

/* A refused save's faults beside their fields. */
static void save_faults(const struct kj_request *req, struct fn_page *p,
			const struct kj_save_result *r, const struct kj_answer_refusal *why)
{
	char name[FIELD_MAX];
	for (int i = 0; i < r->nfaults; i++) {
		const struct kj_q_item *it = NULL;
		for (int k = 0; k < p->q->nitems && !it; k++)
			if (!strcmp(p->q->items[k].item, r->faults[i].item))
				it = &p->q->items[k];
		field_name(name, it && it->requirement < 0 && it->kind != KJ_Q_LEVEL ? 'v' : 'l',
			   r->faults[i].item);
		kj_form_error_text(&p->form, it ? name : "",
				   req->lang == KJ_LANG_EN ? r->faults[i].fault->en
							   : r->faults[i].fault->ja);
	}
	if (!r->nfaults && !r->nconflicts)
		kj_form_error_text(&p->form, strstr(why->msg, "reason") ? "reason" : "",
				   req->lang == KJ_LANG_EN ? why->msg : why->msg_ja);
}

int kj_page_answer_function_save(struct kj_request *req, struct kj_response *resp)
{
	struct fn_page p = { 0 };
	struct kj_answer_refusal why = { 0 };
	struct kj_err err;
	struct kj_actor actor;
	char name[KJ_ANSWER_ACTOR_MAX], loc[128];
	long rev = -1;
	int n = 0, st = fn_load(req, resp, &p);
	if (st)
		return st < 0 ? 0 : st;
	const char *srev = kj_body_param(req, "rev");
	struct kj_answer_edit *edits = calloc((size_t)p.q->nitems + 1, sizeof *edits);
	p.touched = calloc((size_t)p.q->nitems + 1, 1);
	struct kj_save_result *res = kj_save_result_new();
	if (!edits || !p.touched || !res || !srev || kj_parse_long(srev, 0, 1L << 40, &rev) < 0) {
		st = !edits || !p.touched || !res ? 500 : 400;
		goto done;
	}
	for (int i = 0; i < p.q->nitems; i++)
		if (on_page(&p, &p.q->items[i]) && posted_edit(req, &p.q->items[i], &edits[n]))
			p.touched[i] = 1, n++;
	kj_answer_actor(req, &actor, name);
	const struct kj_answer_save save = { rev, edits, n, kj_body_param(req, "reason") };
	if (kj_app_answers_save(req->st, &actor, p.survey, p.q->org, &save, res, &why, &err) < 0) {
		st = 500;
		goto done;
	}
	if (why.fault == KJ_SURVEY_OK) {
		snprintf(loc, sizeof loc, "/surveys/%lld/answer/f/%s?done=1", (long long)p.survey,
			 req->args[1]);
		st = kj_response_redirect(resp, loc) ? 500 : 0;
		goto done;
	}
	if (why.fault != KJ_SURVEY_BAD && !res->nconflicts) {
		st = kj_answer_refused_own(req, resp, &why);
		goto done;
	}
	/* Read again: the page shows the others' answers and the new revision,
	 * the items the user changed as the user typed them. */
	struct kj_questionnaire *again = NULL;
	if ((st = kj_answer_load(req, resp, p.survey, 0, &again)) || !again)
		goto done;
	kj_questionnaire_free(p.q);
	p.q = again;
	p.res = res;
	save_faults(req, &p, res, &why);
	resp->status = res->nconflicts ? 409 : 400;
	fn_render(req, resp, &p);
done:
	if (res)
		kj_save_result_free(res);
	free(edits);
	free(p.touched);
	if (p.q)
		kj_questionnaire_free(p.q);
	return st;
}
