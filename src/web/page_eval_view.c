/*
 * One evaluation (/evaluations/{id}): its head (year, scope, state,
 * revision), its sections — while its owner edits a draft each in a form of
 * its own carrying the revision it was made on, with the figures placed in
 * it and a form to place another — the HQ's items (page_eval_hq.c), who did
 * what when, and the workflow's actions the user may take in its state.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "web/app.h"
#include "web/html.h"
#include "web/page_eval.h"
#include "web/pages.h"
#include "web/ui.h"

void kj_eval_page_free(struct eval_page *pg)
{
	if (!pg)
		return;
	free(pg->e);
	free(pg->ev);
	free(pg->items);
	free(pg);
}

int kj_eval_page_load(struct kj_request *req, int64_t id, struct eval_page **out)
{
	*out = NULL;
	struct eval_page *pg = calloc(1, sizeof *pg);
	struct kj_eval_refusal why;
	struct kj_err err;
	if (!pg || !(pg->e = kj_app_eval_alloc()) ||
	    !(pg->ev = calloc(KJ_EVAL_EVENTS_MAX, sizeof *pg->ev)) ||
	    !(pg->items = calloc(KJ_EVAL_ITEMS_MAX, sizeof *pg->items)) ||
	    kj_app_eval_get(req->st, &req->user, id, pg->e, &why, &err) < 0) {
		kj_eval_page_free(pg);
		return 500;
	}
	if (why.fault) {
		kj_eval_page_free(pg);
		return why.fault == KJ_EVAL_F_FORBIDDEN ? 403 : 404;
	}
	pg->may = kj_app_eval_may(&req->user, pg->e);
	pg->form.prefix = "eval";
	if (kj_app_eval_events(req->st, pg->e, pg->ev, KJ_EVAL_EVENTS_MAX, &pg->nev, &err) < 0 ||
	    kj_app_eval_items(req->st, pg->e, pg->items, KJ_EVAL_ITEMS_MAX, &pg->nitems, &err) < 0) {
		kj_eval_page_free(pg);
		return 500;
	}
	*out = pg;
	return 0;
}

const char *kj_eval_posted(struct kj_request *req, const struct eval_page *pg,
			   const char *which, const char *name, const char *dflt)
{
	if (pg->posted && !strcmp(pg->posted, which)) {
		const char *v = kj_body_param(req, name);
		return v ? v : "";
	}
	return dflt;
}

static int editable(const struct eval_page *pg)
{
	return (pg->may & (1u << KJ_EVAL_USE_OWN)) && pg->e->state == KJ_EVAL_DRAFT;
}

static void form_open(struct kj_request *req, struct kj_buf *b, const struct kj_eval *e,
		      const char *path, const char *cls)
{
	kj_h(b, "<form class=\"");
	kj_h(b, cls);
	kj_h(b, "\" method=\"post\" action=\"/evaluations/");
	kj_h_int(b, e->id);
	kj_h(b, "/");
	kj_h(b, path);
	kj_h(b, "\">");
	kj_h_csrf(req, b);
	kj_h(b, "<input type=\"hidden\" name=\"revision\" value=\"");
	kj_h_int(b, e->revision);
	kj_h(b, "\">");
}

static void button(struct kj_request *req, struct kj_buf *b, const char *label_ja)
{
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T(label_ja));
	kj_h(b, "</button></div></form>");
}

static void head(struct kj_request *req, struct kj_buf *b, const struct kj_eval *e)
{
	kj_h(b, "<h1>");
	kj_h_fy(req, b, e->fy);
	kj_h(b, " ");
	kj_eval_name(req, b, e->scope, e->sector, e->ministry);
	if (e->scope == KJ_EVAL_SECTOR) {
		kj_h(b, req->lang == KJ_LANG_EN ? " " : "");
		kj_h_text(b, T("の評価"));
	}
	kj_h(b, "</h1><dl class=\"summary\"><dt>");
	kj_h_text(b, T("状態"));
	kj_h(b, "</dt><dd><strong>");
	kj_h_text(b, kj_tr(req, kj_eval_state_label_ja(e->state)));
	kj_h(b, "</strong></dd><dt>");
	kj_h_text(b, T("改訂番号"));
	kj_h(b, "</dt><dd>");
	kj_h_int(b, e->revision);
	kj_h(b, "</dd><dt>");
	kj_h_text(b, T("更新日時"));
	kj_h(b, "</dt><dd>");
	kj_h_time(req, b, e->updated_at);
	kj_h(b, "</dd></dl>");
}

static void figure_form(struct kj_request *req, struct kj_buf *b, struct eval_page *pg, int s)
{
	struct kj_option kinds[KJ_FIG_NKINDS];
	for (int k = 0; k < KJ_FIG_NKINDS; k++)
		kinds[k] = (struct kj_option){ kj_eval_fig_kind_name(k), kj_eval_fig_kind_label_ja(k) };
	char which[40];
	snprintf(which, sizeof which, "figure:%s", kj_eval_section_name(s));
	struct kj_form f = { .prefix = which + 7 };
	if (pg->posted && !strcmp(pg->posted, which))
		f = pg->form, f.prefix = which + 7;
	kj_h(b, "<details class=\"add-figure\"");
	kj_h(b, f.nerrors ? " open" : "");
	kj_h(b, "><summary>");
	kj_h_text(b, T("分析の図を追加する"));
	kj_h(b, "</summary>");
	form_open(req, b, pg->e, "figures", "stack");
	kj_h(b, "<input type=\"hidden\" name=\"section\" value=\"");
	kj_h_attr(b, kj_eval_section_name(s));
	kj_h(b, "\">");
	kj_form_select(req, b, &f, &(struct kj_field){ .name = "kind", .label_ja = N_("図の種類"),
		       .flags = KJ_FIELD_REQUIRED }, kinds, KJ_FIG_NKINDS,
		       kj_eval_posted(req, pg, which, "kind", "sector"));
	kj_form_input(req, b, &f, &(struct kj_field){ .name = "ref", .label_ja = N_("対象"),
		      .hint_ja = N_("分野の図は分野コード（例：electricity）、対策事項の図は対策事項の番号（例：3.2.1-1）。全国とギャップの図は空欄。"),
		      .maxlength = KJ_EVAL_REF_MAX - 1, .autocomplete = "off" },
		      kj_eval_posted(req, pg, which, "ref",
				     pg->e->scope == KJ_EVAL_SECTOR ? pg->e->sector : ""));
	kj_form_input(req, b, &f, &(struct kj_field){ .name = "caption", .label_ja = N_("図の説明"),
		      .maxlength = KJ_EVAL_CAPTION_MAX - 1, .autocomplete = "off" },
		      kj_eval_posted(req, pg, which, "caption", NULL));
	button(req, b, N_("図を追加する"));
	kj_h(b, "</details>");
}

static void section(struct kj_request *req, struct kj_buf *b, struct eval_page *pg, int s)
{
	const struct kj_eval *e = pg->e;
	kj_h(b, "<section><h2 id=\"");
	kj_h_attr(b, kj_eval_section_name(s));
	kj_h(b, "\">");
	kj_h_text(b, T(kj_eval_section_label_ja(s)));
	kj_h(b, "</h2>");
	if (editable(pg)) {
		char which[40];
		snprintf(which, sizeof which, "section:%s", kj_eval_section_name(s));
		struct kj_form f = { .prefix = kj_eval_section_name(s) };
		if (pg->posted && !strcmp(pg->posted, which))
			f = pg->form, f.prefix = kj_eval_section_name(s);
		form_open(req, b, e, "sections", "stack");
		kj_h(b, "<input type=\"hidden\" name=\"section\" value=\"");
		kj_h_attr(b, kj_eval_section_name(s));
		kj_h(b, "\">");
		kj_form_textarea(req, b, &f, &(struct kj_field){ .name = "text",
				 .label_ja = kj_eval_section_label_ja(s),
				 .maxlength = KJ_EVAL_BODY_MAX - 1 },
				 kj_eval_posted(req, pg, which, "text", e->body[s]), 8);
		button(req, b, N_("保存する"));
	} else {
		kj_h(b, "<p class=\"pre\">");
		kj_h_text(b, *e->body[s] ? e->body[s] : T("（未記入）"));
		kj_h(b, "</p>");
	}
	int n = 0;
	for (int i = 0; i < e->nfigures; i++) {
		const struct kj_eval_figure *f = &e->figures[i];
		if (f->section != (enum kj_eval_section)s)
			continue;
		kj_eval_figure(req, b, e->fy, f, ++n);
		if (editable(pg)) {
			char ord[16];
			snprintf(ord, sizeof ord, "%d", f->ord);
			form_open(req, b, e, "figures/drop", "inline");
			kj_h(b, "<input type=\"hidden\" name=\"section\" value=\"");
			kj_h_attr(b, kj_eval_section_name(s));
			kj_h(b, "\"><input type=\"hidden\" name=\"ord\" value=\"");
			kj_h_attr(b, ord);
			kj_h(b, "\">");
			button(req, b, N_("この図を外す"));
		}
	}
	if (editable(pg) && s != KJ_EVAL_SUMMARY)
		figure_form(req, b, pg, s);
	kj_h(b, "</section>");
}

static void events(struct kj_request *req, struct kj_buf *b, const struct eval_page *pg)
{
	static const char *const cols[] = { N_("日時"), N_("実施者"), N_("操作"), N_("メッセージ") };
	static const char *const acts[][2] = {
		{ "create", N_("作成") }, { "edit", N_("編集") }, { "figure", N_("図の追加") },
		{ "figure-drop", N_("図の削除") }, { "submit", N_("提出") }, { "return", N_("差戻し") },
		{ "finalise", N_("確定") }, { "item-add", N_("所見・提言の追加") },
		{ "item-drop", N_("所見・提言の削除") }, { "answer", N_("施策による対応") },
		{ "unanswer", N_("施策による対応の取消し") },
	};
	kj_h(b, "<h2 id=\"history\">");
	kj_h_text(b, T("経緯"));
	kj_h(b, "</h2>");
	kj_ui_table_open(req, b, N_("誰がいつ何をしたか"), cols, 4);
	for (int i = 0; i < pg->nev; i++) {
		const char *act = pg->ev[i].action;
		for (size_t k = 0; k < sizeof acts / sizeof acts[0]; k++)
			if (!strcmp(acts[k][0], pg->ev[i].action))
				act = T(acts[k][1]);
		kj_h(b, "<tr><td>");
		kj_h_time(req, b, pg->ev[i].at);
		kj_h(b, "</td><td>");
		kj_h_text(b, pg->ev[i].actor);
		kj_h(b, "</td><td>");
		kj_h_text(b, act);
		kj_h(b, "</td><td>");
		kj_h_text(b, pg->ev[i].message);
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
}

static void act_form(struct kj_request *req, struct kj_buf *b, struct eval_page *pg,
		     const char *act, const char *label_ja, const char *note_ja, int message)
{
	struct kj_form f = { .prefix = act };
	if (pg->posted && !strcmp(pg->posted, act))
		f = pg->form, f.prefix = act;
	kj_h(b, "<p>");
	kj_h_text(b, T(note_ja));
	kj_h(b, "</p>");
	form_open(req, b, pg->e, act, "stack");
	if (message)
		kj_form_textarea(req, b, &f, &(struct kj_field){ .name = "message",
				 .label_ja = N_("差戻しの理由"), .flags = KJ_FIELD_REQUIRED,
				 .maxlength = KJ_EVAL_MESSAGE_MAX - 1 },
				 kj_eval_posted(req, pg, act, "message", NULL), 3);
	button(req, b, label_ja);
}

static void actions(struct kj_request *req, struct kj_buf *b, struct eval_page *pg)
{
	const struct kj_eval *e = pg->e;
	const struct kj_eval_transition *sub = kj_eval_transition(e->scope, KJ_EVAL_SUBMIT),
		*fin = kj_eval_transition(e->scope, KJ_EVAL_FINALISE);
	int submit = sub && (pg->may & (1u << KJ_EVAL_USE_SUBMIT)) && e->state == sub->from;
	int finalise = fin && (pg->may & (1u << KJ_EVAL_USE_FINALISE)) && e->state == fin->from;
	int ret = sub && (pg->may & (1u << KJ_EVAL_USE_RETURN)) && e->state == KJ_EVAL_SUBMITTED;
	if (!submit && !finalise && !ret)
		return;
	kj_h(b, "<h2 id=\"actions\">");
	kj_h_text(b, T("評価の操作"));
	kj_h(b, "</h2>");
	if (submit)
		act_form(req, b, pg, "submit", N_("国家サイバー統括室に提出する"),
			 N_("提出すると編集できなくなります。"), 0);
	if (finalise)
		act_form(req, b, pg, "finalise", N_("確定する"),
			 e->scope == KJ_EVAL_HQ ? N_("確定すると、提言が各分野と統括室に示され、次年度の計画の施策で対応できるようになります。")
			 : N_("提出された評価を確定します。"), 0);
	if (ret)
		act_form(req, b, pg, "return", N_("差し戻す"),
			 N_("評価を作成者に差し戻し、再び編集できるようにします。"), 1);
}

int kj_eval_page_render(struct kj_request *req, struct kj_response *resp, struct eval_page *pg)
{
	struct kj_buf *b = &resp->body;
	resp->status = pg->status ? pg->status : 200;
	kj_page_begin(req, resp, T("評価"));
	head(req, b, pg->e);
	if (kj_param(req, "done") && !pg->status)
		kj_form_done(req, b, N_("変更を保存しました。"));
	if (pg->posted)
		kj_form_summary(req, b, &pg->form);
	actions(req, b, pg);
	for (int s = 0; s < KJ_EVAL_NSECTIONS; s++)
		if (kj_eval_section_of(pg->e->scope, s))
			section(req, b, pg, s);
	if (pg->e->scope == KJ_EVAL_HQ)
		kj_eval_items(req, b, pg);
	events(req, b, pg);
	kj_page_end(req, resp);
	return 0;
}

int kj_page_eval(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	struct eval_page *pg;
	if (kj_app_id(req->args[0], &id) < 0)
		return 404;
	int rc = kj_eval_page_load(req, id, &pg);
	if (rc)
		return rc;
	rc = kj_eval_page_render(req, resp, pg);
	kj_eval_page_free(pg);
	return rc;
}
