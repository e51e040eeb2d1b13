/*
 * One implementation plan (/plans/{id}): its head (year, scope, state,
 * revision, the plan it started from, last year's to compare with), the
 * target operators of its year (a link to the targets page; frozen on
 * submission), the implementation structure of §2.1.1 and the measures of
 * §2.1.2 by category, who did what when, and the actions the user may take
 * in its state. While it is a draft its owner edits each section and each
 * measure in a form of its own (no JavaScript), each carrying the revision
 * it was made on. The POST handlers are page_plan_edit.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/authz.h"
#include "base/util.h"
#include "web/app.h"
#include "web/html.h"
#include "web/page_plan.h"
#include "web/pages.h"
#include "web/ui.h"

void kj_plan_page_free(struct plan_page *pg)
{
	if (!pg)
		return;
	free(pg->p);
	free(pg->ev);
	free(pg);
}

int kj_plan_page_load(struct kj_request *req, struct plan_page **out)
{
	int64_t id;
	*out = NULL;
	if (kj_app_id(req->args[0], &id) < 0)
		return 404;
	struct plan_page *pg = calloc(1, sizeof *pg);
	struct kj_plan_refusal why;
	struct kj_err err;
	if (!pg || !(pg->p = kj_app_plan_alloc()) ||
	    !(pg->ev = calloc(KJ_PLAN_EVENTS_MAX, sizeof *pg->ev)) ||
	    kj_app_plan_get(req->st, &req->user, id, pg->p, &why, &err) < 0) {
		kj_plan_page_free(pg);
		return 500;
	}
	if (why.fault) {
		kj_plan_page_free(pg);
		return why.fault == KJ_PLAN_FORBIDDEN ? 403 : 404;
	}
	struct kj_plan *p = pg->p, next = { 0 };
	pg->may = kj_app_plan_may(&req->user, p);
	pg->form.prefix = "plan";
	next.fy = p->fy + 2;	/* kj_app_plan_previous of the year after */
	kj_strlcpy(next.sector, p->sector, sizeof next.sector);
	kj_strlcpy(next.ministry, p->ministry, sizeof next.ministry);
	if (kj_app_plan_targets(req->st, p, &pg->targets, &pg->frozen, &err) < 0 ||
	    kj_app_plan_events(req->st, p, pg->ev, KJ_PLAN_EVENTS_MAX, &pg->nev, &err) < 0 ||
	    kj_app_plan_previous(req->st, p, &pg->previous, &err) < 0 ||
	    kj_app_plan_previous(req->st, &next, &pg->next, &err) < 0 ||
	    kj_store_plan_categories(req->st, p->version_id, pg->cat_ja, pg->cat_en, &err) < 0) {
		kj_plan_page_free(pg);
		return 500;
	}
	*out = pg;
	return 0;
}

const char *kj_plan_posted(struct kj_request *req, const struct plan_page *pg,
			   const char *which, const char *name, const char *dflt)
{
	if (pg->posted && !strcmp(pg->posted, which)) {
		const char *v = kj_body_param(req, name);
		return v ? v : "";
	}
	return dflt;
}

static int editable(const struct plan_page *pg)
{
	return (pg->may & (1u << KJ_PLAN_USE_OWN)) && pg->p->state == KJ_PLAN_DRAFT;
}

static void head(struct kj_request *req, struct kj_buf *b, const struct plan_page *pg)
{
	const struct kj_plan *p = pg->p;
	kj_h(b, "<h1>");
	kj_h_fy(req, b, p->fy);
	kj_h(b, " ");
	kj_h_text(b, T("実施計画"));
	kj_h(b, "：");
	kj_plan_name(req, b, p->scope, p->sector, p->ministry);
	kj_h(b, "</h1><dl class=\"summary\"><dt>");
	kj_h_text(b, T("状態"));
	kj_h(b, "</dt><dd><strong>");
	kj_h_text(b, kj_plan_state_label(req, p->state));
	kj_h(b, "</strong></dd><dt>");
	kj_h_text(b, T("改訂番号"));
	kj_h(b, "</dt><dd>");
	kj_h_int(b, p->revision);
	kj_h(b, "</dd><dt>");
	kj_h_text(b, T("統一基準の版"));
	kj_h(b, "</dt><dd>");
	kj_h_text(b, p->version);
	kj_h(b, "</dd><dt>");
	kj_h_text(b, T("更新日時"));
	kj_h(b, "</dt><dd>");
	kj_h_time(req, b, p->updated_at);
	kj_h(b, "</dd><dt>");
	kj_h_text(b, T("対象事業者"));
	kj_h(b, "</dt><dd>");
	kj_h_count(b, pg->targets);
	kj_h_text(b, pg->frozen ? T("（提出時に確定）") : T("（現在の特定状況）"));
	if (*p->sector && kj_authz_allow(&req->user, KJ_PERM_TARGETS_READ)) {
		char href[96];
		snprintf(href, sizeof href, "/targets?fy=%d&sector=%s", p->fy, p->sector);
		kj_h(b, " ");
		kj_h_link(b, href, T("対象事業者の一覧"));
	}
	kj_h(b, "</dd></dl>");
	if (p->copied_from || pg->previous) {
		char href[80];
		snprintf(href, sizeof href, "/plans/%lld/diff?with=%lld", (long long)p->id,
			 (long long)(pg->previous ? pg->previous : p->copied_from));
		kj_h(b, "<p>");
		kj_h_link(b, href, T("前年度の計画との比較"));
		kj_h(b, "</p>");
	}
}

static void section_form(struct kj_request *req, struct kj_buf *b, struct plan_page *pg, int s)
{
	const struct kj_plan *p = pg->p;
	char which[32], action[64];
	snprintf(which, sizeof which, "structure:%s", kj_plan_section_name(s));
	snprintf(action, sizeof action, "/plans/%lld/structure", (long long)p->id);
	struct kj_form f = { .prefix = kj_plan_section_name(s) };
	if (pg->posted && !strcmp(pg->posted, which))
		f = pg->form, f.prefix = kj_plan_section_name(s);
	kj_h(b, "<form class=\"stack\" method=\"post\" action=\"");
	kj_h_attr(b, action);
	kj_h(b, "\">");
	kj_h_csrf(req, b);
	kj_h(b, "<input type=\"hidden\" name=\"section\" value=\"");
	kj_h_attr(b, kj_plan_section_name(s));
	kj_h(b, "\"><input type=\"hidden\" name=\"revision\" value=\"");
	kj_h_int(b, p->revision);
	kj_h(b, "\">");
	kj_form_textarea(req, b, &f, &(struct kj_field){ .name = "text",
			 .label_ja = kj_plan_section_label_ja(s), .maxlength = KJ_PLAN_BODY_MAX - 1 },
			 kj_plan_posted(req, pg, which, "text", p->body[s]), 5);
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("保存する"));
	kj_h(b, "</button></div></form>");
}

static void structure(struct kj_request *req, struct kj_buf *b, struct plan_page *pg)
{
	kj_h(b, "<h2 id=\"structure\">");
	kj_h_text(b, T("施策の実施体制（2.1.1）"));
	kj_h(b, "</h2>");
	for (int s = 0; s < KJ_PLAN_NSECTIONS; s++) {
		if (editable(pg)) {
			section_form(req, b, pg, s);
			continue;
		}
		kj_h(b, "<h3>");
		kj_h_text(b, T(kj_plan_section_label_ja(s)));
		kj_h(b, "</h3><p class=\"pre\">");
		kj_h_text(b, *pg->p->body[s] ? pg->p->body[s] : T("（未記入）"));
		kj_h(b, "</p>");
	}
}

static void events(struct kj_request *req, struct kj_buf *b, const struct plan_page *pg)
{
	static const char *const cols[] = { N_("日時"), N_("実施者"), N_("操作"), N_("メッセージ") };
	static const char *const acts[][2] = {
		{ "create", N_("作成") }, { "copy", N_("前年度から作成") }, { "edit", N_("編集") },
		{ "submit", N_("提出") }, { "return", N_("差戻し") }, { "report", N_("本部へ報告") },
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

int kj_plan_page_render(struct kj_request *req, struct kj_response *resp, struct plan_page *pg)
{
	struct kj_buf *b = &resp->body;
	resp->status = pg->status ? pg->status : 200;
	kj_page_begin(req, resp, T("実施計画"));
	head(req, b, pg);
	if (kj_param(req, "done") && !pg->status)
		kj_form_done(req, b, N_("変更を保存しました。"));
	if (pg->posted)
		kj_form_summary(req, b, &pg->form);
	kj_plan_actions(req, b, pg);
	structure(req, b, pg);
	kj_plan_measures(req, b, pg);
	events(req, b, pg);
	kj_page_end(req, resp);
	return 0;
}

int kj_page_plan(struct kj_request *req, struct kj_response *resp)
{
	struct plan_page *pg;
	int rc = kj_plan_page_load(req, &pg);
	if (rc)
		return rc;
	rc = kj_plan_page_render(req, resp, pg);
	kj_plan_page_free(pg);
	return rc;
}
