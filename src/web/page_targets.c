/*
 * Target identification (§2.1.1(2)): per fiscal year and sector, the
 * ministry marks the operators that the plan and the surveys cover, can
 * copy the previous year's list, and sees who was added or dropped and who
 * registered since the previous year's identification (「新規」). A year
 * with no targets yet is "not yet identified", with the ways to start.
 * The checks and writes are the use cases of app/targets.c; this file
 * translates the request into one of them and the result into the page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/targets.h"
#include "base/wareki.h"
#include "web/app.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/ui.h"

/* What the targets page shows, read before any of it is written. */
struct targets_page {
	struct kj_target_scope ts;
	kj_sector_code sector;
	const char *fy_typed, *sector_typed;	/* as the user gave them */
	unsigned only;				/* KJ_TARGET_ONLY_*: the list's filters */
	long pg;				/* the page of operators, from 1 */
	int editable;				/* the user may mark the sector's targets */
	const struct kj_target_marks *posted;	/* a refused save: the marks as posted */
	struct kj_form form;
	struct kj_target_view *v;
};

static int current_fy(struct kj_request *req)
{
	time_t now = req->app->now();
	struct tm tm;
	gmtime_r(&now, &tm);
	return kj_fiscal_year(tm.tm_year + 1900, tm.tm_mon + 1);
}

static void web_actor(struct kj_request *req, struct kj_actor *a, char *name, size_t n)
{
	kj_web_actor(req, name, n);
	a->user = &req->user;
	a->id = req->user.id;
	a->name = name;
}

/*
 * Reads the year and sector the request names and what the page shows of
 * them; a bad value becomes an error beside its field. An HTTP status.
 */
static int targets_load(struct kj_request *req, struct targets_page *p)
{
	struct kj_target_refusal why;
	char actor_name[KJ_LOGIN_MAX + 8];
	struct kj_actor actor;
	web_actor(req, &actor, actor_name, sizeof actor_name);
	p->form.prefix = "t";
	p->fy_typed = kj_param(req, "fy");
	p->sector_typed = kj_param(req, "sector");
	kj_app_targets_scope(&actor, &req->app->cat, KJ_PERM_REGISTRY_READ, p->fy_typed,
			     p->sector_typed, current_fy(req), &p->ts, p->sector, &why);
	if (why.fault == KJ_TARGET_FORBIDDEN)
		return 403;
	if (why.fault)
		kj_form_error(req, &p->form, why.field, why.ja);
	const char *page = kj_param(req, "page"), *fresh = kj_param(req, "new");
	p->pg = 1;
	if (page && *page && kj_parse_long(page, 1, 100000, &p->pg) < 0)
		kj_form_error(req, &p->form, "", N_("ページの指定が正しくありません。"));
	if (fresh && !strcmp(fresh, "1"))
		p->only |= KJ_TARGET_ONLY_NEW;
	const char *pending = kj_param(req, "unsubmitted");
	if (pending && !strcmp(pending, "1"))
		p->only |= KJ_TARGET_ONLY_UNSUBMITTED;
	p->editable = kj_authz_sector(&req->user, KJ_PERM_REGISTRY_EDIT, p->ts.sector);
	struct kj_err err;
	if (!(p->v = calloc(1, sizeof *p->v)) ||
	    kj_app_targets_view(req->st, &p->ts,
				p->only, p->pg, p->v, &err) < 0)
		return 500;
	return 0;
}

/* A link to this page with its year and sector, the filters ONLY
 * (KJ_TARGET_ONLY_*) and page PG. */
static void self_href(struct kj_buf *b, const struct targets_page *p, unsigned only, long pg)
{
	kj_h(b, "/targets?sector=");
	kj_h_urlpart(b, p->ts.sector);
	kj_h(b, "&amp;fy=");
	kj_h_int(b, p->ts.fy);
	if (only & KJ_TARGET_ONLY_NEW)
		kj_h(b, "&amp;new=1");
	if (only & KJ_TARGET_ONLY_UNSUBMITTED)
		kj_h(b, "&amp;unsubmitted=1");
	if (pg > 1) {
		kj_h(b, "&amp;page=");
		kj_h_int(b, pg);
	}
}

/* The hidden sector and year fields of the page's forms. */
static void scope_fields(struct kj_buf *b, const struct targets_page *p)
{
	kj_h(b, "<input type=\"hidden\" name=\"sector\" value=\"");
	kj_h_attr(b, p->ts.sector);
	kj_h(b, "\"><input type=\"hidden\" name=\"fy\" value=\"");
	kj_h_int(b, p->ts.fy);
	kj_h(b, "\">");
}

/* The form that picks the year and sector (what the user typed kept). */
static void targets_filters(struct kj_request *req, struct kj_buf *b,
			    const struct targets_page *p)
{
	const int nsec = req->app->cat.nsectors;
	struct kj_option *opts = calloc(nsec > 0 ? (size_t)nsec : 1u, sizeof *opts);
	int n = 0;
	for (int i = 0; opts && i < nsec; i++) {
		const char *code = req->app->cat.sectors[i].code;
		if (kj_authz_sector(&req->user, KJ_PERM_REGISTRY_READ, code))
			opts[n++] = (struct kj_option){ code, kj_ui_sector_name(req, code) };
	}
	char fy[16];
	snprintf(fy, sizeof fy, "%d", p->ts.fy);
	const int bad_fy = kj_form_field_error(&p->form, "fy") != NULL;
	const int bad_sector = kj_form_field_error(&p->form, "sector") != NULL;
	kj_h(b, "<form class=\"filters\" method=\"get\" action=\"/targets\">");
	kj_form_select(req, b, &p->form, &(struct kj_field){ .name = "sector", .label_ja = N_("分野") },
		       opts, n, bad_sector ? p->sector_typed : p->ts.sector);
	kj_form_input(req, b, &p->form,
		      &(struct kj_field){ .name = "fy", .label_ja = N_("年度（西暦）"),
					  .hint_ja = N_("例: 2026（令和8年度）"), .maxlength = 4,
					  .inputmode = "numeric" },
		      bad_fy ? p->fy_typed : fy);
	kj_h(b, "<div class=\"field\"><label><input type=\"checkbox\" name=\"new\" value=\"1\"");
	kj_h(b, p->only & KJ_TARGET_ONLY_NEW ? " checked> " : "> ");
	kj_h_text(b, T("新規の事業者だけを表示"));
	kj_h(b, "</label></div>");
	if (p->v->counts.surveyed || (p->only & KJ_TARGET_ONLY_UNSUBMITTED)) {
		kj_h(b, "<div class=\"field\"><label><input type=\"checkbox\" name=\"unsubmitted\""
			" value=\"1\"");
		kj_h(b, p->only & KJ_TARGET_ONLY_UNSUBMITTED ? " checked> " : "> ");
		kj_h_text(b, T("回答が未提出の対象事業者だけを表示"));
		kj_h(b, "</label></div>");
	}
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("表示"));
	kj_h(b, "</button></div></form>");
	free(opts);
}

/* The year's figures: selected / total, last year's, the new operators. */
static void targets_figures(struct kj_request *req, struct kj_buf *b,
			    const struct targets_page *p)
{
	const struct kj_target_counts *c = &p->v->counts;
	kj_h(b, "<dl class=\"figures\"><div><dt>");
	kj_h_text(b, T("対象 / 分野の事業者"));
	kj_h(b, "</dt><dd>");
	kj_h_count(b, c->selected);
	kj_h(b, " / ");
	kj_h_count(b, c->total);
	kj_h(b, "</dd></div><div><dt>");
	kj_h_text(b, T("前年度の対象"));
	kj_h(b, "</dt><dd>");
	kj_h_count(b, c->previous);
	kj_h(b, "</dd></div><div><dt>");
	kj_h_text(b, T("前年度の特定後に登録された事業者（新規）"));
	kj_h(b, "</dt><dd><a href=\"");
	self_href(b, p, KJ_TARGET_ONLY_NEW, 1);
	kj_h(b, "\">");
	kj_h_count(b, c->fresh);
	kj_h(b, "</a></dd></div>");
	if (c->surveyed) {
		/* The operators to chase: the home page's 未提出 leads here. */
		kj_h(b, "<div><dt>");
		kj_h_text(b, T("回答が未提出の対象"));
		kj_h(b, "</dt><dd><a href=\"");
		self_href(b, p, KJ_TARGET_ONLY_UNSUBMITTED, 1);
		kj_h(b, "\">");
		kj_h_count(b, c->unsubmitted);
		kj_h(b, "</a></dd></div>");
	}
	kj_h(b, "</dl>");
}

/* A button of a small POST form on this page's year and sector. */
static void post_button(struct kj_request *req, struct kj_buf *b, const struct targets_page *p,
			const char *action, const char *name, const char *value,
			const char *label_ja, long count, const char *cls)
{
	kj_h(b, "<form class=\"inline\" method=\"post\" action=\"");
	kj_h_attr(b, action);
	kj_h(b, "\">");
	kj_h_csrf(req, b);
	scope_fields(b, p);
	kj_h(b, "<button type=\"submit\" name=\"");
	kj_h_attr(b, name);
	kj_h(b, "\" value=\"");
	kj_h_attr(b, value);
	kj_h(b, "\" class=\"");
	kj_h_attr(b, cls);
	kj_h(b, "\">");
	kj_h_text(b, T(label_ja));
	if (count >= 0) {
		kj_h(b, kj_ui_paren_open(req));
		kj_h_count(b, count);
		kj_h(b, kj_ui_paren_close(req));
	}
	kj_h(b, "</button></form> ");
}

/* The ways to start a year not yet identified, or to redo one. */
static void targets_actions(struct kj_request *req, struct kj_buf *b,
			    const struct targets_page *p)
{
	const struct kj_target_counts *c = &p->v->counts;
	if (!c->selected) {
		kj_h(b, "<section class=\"notice\" aria-labelledby=\"t-state\"><h2 id=\"t-state\">");
		kj_h_fy(req, b, p->ts.fy);
		kj_h(b, " ");
		kj_h_text(b, T("未特定"));
		kj_h(b, "</h2><p>");
		kj_h_text(b, T(p->editable ? N_("この年度の対象事業者はまだ特定されていません。前年度の対象を写すか、下の一覧で対象に印を付けて保存してください。")
				: N_("この年度の対象事業者はまだ特定されていません。")));
		kj_h(b, "</p>");
	}
	if (p->editable) {
		kj_h(b, "<div class=\"actions\">");
		if (c->previous > 0)
			post_button(req, b, p, "/targets/copy", "mode", "replace",
				    N_("前年度の対象をこの年度に写す"), c->previous, "secondary");
		if (c->previous > 0 && c->selected > 0)
			post_button(req, b, p, "/targets/copy", "mode", "add",
				    N_("前年度の対象を追加する（今年度の印は残す）"), -1, "secondary");
		if (c->selected < c->total)
			post_button(req, b, p, "/targets", "mark", "sector-all",
				    N_("分野の全事業者を対象にする"), c->total, "secondary");
		if (c->selected > 0)
			post_button(req, b, p, "/targets", "mark", "sector-none",
				    N_("分野の対象をすべて外す"), -1, "secondary");
		kj_h(b, "</div>");
	}
	if (!c->selected)
		kj_h(b, "</section>");
}

/* What changed since the previous year: the counts and the operators. */
static void targets_changes(struct kj_request *req, struct kj_buf *b,
			    const struct targets_page *p)
{
	if (!p->v->counts.selected)
		return;		/* not identified: nothing was dropped */
	kj_h(b, "<h2>");
	kj_h_text(b, T("前年度からの変化"));
	kj_h(b, "</h2><p>");
	kj_h_text(b, T("追加"));
	kj_h(b, ": ");
	kj_h_count(b, p->v->added);
	kj_h(b, " / ");
	kj_h_text(b, T("除外"));
	kj_h(b, ": ");
	kj_h_count(b, p->v->dropped);
	if (p->v->ndiff < p->v->added + p->v->dropped) {
		kj_h(b, " (");
		kj_h_text(b, T("一覧は最初の500件"));
		kj_h(b, ")");
	}
	kj_h(b, "</p>");
	if (!p->v->ndiff)
		return;
	static const char *const cols[] = { N_("変化"), N_("法人番号"), N_("名称") };
	kj_ui_table_open(req, b, N_("追加・除外された事業者"), cols, 3);
	for (int i = 0; i < p->v->ndiff; i++) {
		const struct kj_target_change *d = &p->v->diff[i];
		kj_h(b, "<tr><td>");
		kj_h(b, d->added ? "<span class=\"badge ok\">" : "<span class=\"badge off\">");
		kj_h_text(b, T(d->added ? N_("追加") : N_("除外")));
		kj_h(b, "</span></td><td><a href=\"/registry/");
		kj_h_int(b, d->org);
		kj_h(b, "\">");
		kj_h_text(b, d->corporate_number);
		kj_h(b, "</a></td><td>");
		kj_h_text(b, d->name_ja);
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
}

/* Is operator R marked: as saved, or as posted when a save was refused. */
static int row_marked(const struct targets_page *p, const struct kj_target_row *r)
{
	if (!p->posted)
		return r->target;
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)r->id);
	for (int k = 0; k < p->posted->nmarked; k++)
		if (!strcmp(p->posted->marked[k], id))
			return 1;
	return 0;
}

/* One operator with its mark: a checkbox when editable, else a word. */
static void target_row(struct kj_request *req, struct kj_buf *b, const struct targets_page *p,
		       const struct kj_target_row *r)
{
	int is = row_marked(p, r);
	kj_h(b, "<tr><td>");
	if (p->editable) {
		kj_h(b, "<input type=\"hidden\" name=\"shown\" value=\"");
		kj_h_int(b, r->id);
		kj_h(b, "\"><input type=\"checkbox\" name=\"target\" id=\"tg-");
		kj_h_int(b, r->id);
		kj_h(b, "\" value=\"");
		kj_h_int(b, r->id);
		kj_h(b, "\"");
		if (kj_form_field_error(&p->form, "target"))
			kj_h(b, " aria-invalid=\"true\" aria-describedby=\"t-target-err\"");
		kj_h(b, is ? " checked>" : ">");
		kj_h(b, "<label class=\"visually-hidden\" for=\"tg-");
		kj_h_int(b, r->id);
		kj_h(b, "\">");
		kj_h_text(b, r->name_ja);
		kj_h(b, "</label>");
	} else {
		kj_h_text(b, is ? T("対象") : "—");
	}
	kj_h(b, "</td><td><a href=\"/registry/");
	kj_h_int(b, r->id);
	kj_h(b, "\">");
	kj_h_text(b, r->corporate_number);
	kj_h(b, "</a></td><td>");
	kj_h_text(b, r->name_ja);
	if (r->fresh) {
		kj_h(b, " <span class=\"badge warn\">");
		kj_h_text(b, T("新規"));
		kj_h(b, "</span>");
	}
	kj_h(b, "</td><td>");
	kj_h_text(b, kj_ui_size_label(req, r->size_class));
	kj_h(b, "</td></tr>");
}

/* Which operators of how many this page shows. */
static void table_range(struct kj_request *req, struct kj_buf *b, const struct targets_page *p)
{
	long first = (p->pg - 1) * KJ_TARGET_PAGE + 1;
	kj_h(b, "<p>");
	kj_h_text(b, T(p->only & KJ_TARGET_ONLY_UNSUBMITTED ? N_("回答が未提出の対象事業者")
		       : p->only & KJ_TARGET_ONLY_NEW ? N_("新規の事業者") : N_("分野の事業者")));
	kj_h(b, " ");
	kj_h_count(b, p->v->matching);
	if (p->v->n > 0) {
		kj_h(b, " — ");
		kj_h_count(b, first);
		kj_h(b, "–");
		kj_h_count(b, first + p->v->n - 1);
	}
	kj_h(b, " <a href=\"");
	/* Filtered: back to all; else: only the new ones. */
	self_href(b, p, p->only ? 0u : KJ_TARGET_ONLY_NEW, 1);
	kj_h(b, "\">");
	kj_h_text(b, T(p->only ? N_("すべて表示") : N_("新規の事業者だけを表示")));
	kj_h(b, "</a></p>");
}

/* The page's buttons: save the marks, or mark / unmark every row shown. */
static void table_buttons(struct kj_request *req, struct kj_buf *b)
{
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("このページの印を保存"));
	kj_h(b, "</button> <button type=\"submit\" class=\"secondary\" name=\"mark\" value=\"page-all\">");
	kj_h_text(b, T("このページをすべて対象にする"));
	kj_h(b, "</button> <button type=\"submit\" class=\"secondary\" name=\"mark\" value=\"page-none\">");
	kj_h_text(b, T("このページの印をすべて外す"));
	kj_h(b, "</button></div>");
}

/* The sector's operators, this page of them, with their marks (a form
 * that saves them when editable). */
static void targets_table(struct kj_request *req, struct kj_buf *b,
			  const struct targets_page *p)
{
	kj_h(b, "<h2>");
	kj_h_text(b, T("分野の事業者"));
	kj_h(b, "</h2>");
	table_range(req, b, p);
	static const char *const cols[] = { N_("対象"), N_("法人番号"), N_("名称"), N_("規模") };
	if (p->editable) {
		kj_h(b, "<form method=\"post\" action=\"/targets\">");
		kj_h_csrf(req, b);
		scope_fields(b, p);
		kj_form_group_open(req, b, &p->form,
				   &(struct kj_field){ .name = "target",
						       .label_ja = N_("対象とする事業者"),
						       .hint_ja = N_("印を付けた事業者がこの年度の対象です。保存はこのページの事業者だけに及びます。") });
		kj_h(b, "<div id=\"t-target\" tabindex=\"-1\">");
	}
	kj_ui_table_open(req, b, N_("対象とする事業者に印を付けます"), cols, 4);
	for (int i = 0; i < p->v->n; i++)
		target_row(req, b, p, &p->v->rows[i]);
	kj_h(b, "</tbody></table></div>");
	if (p->editable) {
		kj_h(b, "</div>");
		kj_form_group_close(b);
		table_buttons(req, b);
		kj_h(b, "</form>");
	}
}

/* Links to the previous and next pages of operators, when there are any. */
static void targets_pager(struct kj_request *req, struct kj_buf *b,
			  const struct targets_page *p)
{
	long total = p->v->matching;
	if (!(p->pg > 1 || p->pg * KJ_TARGET_PAGE < total))
		return;
	kj_h(b, "<nav class=\"pager\" aria-label=\"");
	kj_h_attr(b, T("ページ送り"));
	kj_h(b, "\">");
	for (int dir = -1; dir <= 1; dir += 2) {
		if ((dir < 0 && p->pg == 1) || (dir > 0 && p->pg * KJ_TARGET_PAGE >= total))
			continue;
		kj_h(b, "<a href=\"");
		self_href(b, p, p->only, p->pg + dir);
		kj_h(b, dir < 0 ? "\" rel=\"prev\">← " : "\" rel=\"next\">");
		kj_h_text(b, T(dir < 0 ? N_("前へ") : N_("次へ")));
		kj_h(b, dir < 0 ? "</a>" : " →</a>");
	}
	kj_h(b, "</nav>");
}

/* The whole page; status 400 when the form holds errors. */
static void targets_render(struct kj_request *req, struct kj_response *resp,
			   const struct targets_page *p)
{
	struct kj_buf *b = &resp->body;
	if (p->form.nerrors)
		resp->status = 400;
	kj_page_begin(req, resp, T("対象事業者の特定"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("対象事業者の特定"));
	kj_h(b, "</h1><p>");
	kj_h_fy(req, b, p->ts.fy);
	kj_h(b, " — ");
	kj_h_text(b, kj_ui_sector_name(req, p->ts.sector));
	kj_h(b, "</p>");
	kj_form_summary(req, b, &p->form);
	const char *done = kj_param(req, "done");
	if (done && !p->form.nerrors)
		kj_form_done(req, b, !strcmp(done, "copy") ? N_("前年度の対象をこの年度に写しました。")
				   : !strcmp(done, "add") ? N_("前年度の対象を追加しました。")
				   : N_("変更を保存しました。"));
	targets_filters(req, b, p);
	targets_figures(req, b, p);
	targets_actions(req, b, p);
	targets_changes(req, b, p);
	targets_table(req, b, p);
	targets_pager(req, b, p);
	kj_page_end(req, resp);
}

int kj_page_targets(struct kj_request *req, struct kj_response *resp)
{
	struct targets_page p = { 0 };
	int status = targets_load(req, &p);
	if (!status)
		targets_render(req, resp, &p);
	free(p.v);
	return status;
}

/* A refused POST: the page again with the error beside FIELD, status 400. */
static int refused(struct kj_request *req, struct kj_response *resp,
		   const struct kj_target_refusal *why, const struct kj_target_marks *posted)
{
	struct targets_page p = { 0 };
	int status = targets_load(req, &p);
	if (!status) {
		if (!kj_form_field_error(&p.form, why->field))
			kj_form_error(req, &p.form, why->field, why->ja);
		p.posted = posted;
		targets_render(req, resp, &p);
	}
	free(p.v);
	return status;
}

/* Plain text naming the year and sector, for a confirmation page. */
static void year_sector_text(struct kj_request *req, struct kj_buf *t,
			     const struct kj_target_done *d)
{
	char fy[64];
	if (kj_fiscal_year_text(d->ts.fy, req->lang == KJ_LANG_EN ? KJ_DATE_EN : KJ_DATE_JA,
				fy, sizeof fy) < 0)
		snprintf(fy, sizeof fy, "%d", d->ts.fy);
	kj_buf_adds(t, fy);
	kj_buf_adds(t, " — ");
	kj_buf_adds(t, kj_ui_sector_name(req, d->ts.sector));
	kj_buf_adds(t, req->lang == KJ_LANG_EN ? ". " : "。");
}

/* "LABEL: N" and the sentence's end, in the request's language. */
static void count_text(struct kj_request *req, struct kj_buf *t, const char *label, long n)
{
	char c[32];
	kj_count_text(n, c, sizeof c);
	kj_buf_adds(t, label);
	kj_buf_adds(t, ": ");
	kj_buf_adds(t, c);
	kj_buf_adds(t, req->lang == KJ_LANG_EN ? ". " : "。");
}

/* Asks before the year's targets are replaced by last year's, or removed. */
static int confirm_targets(struct kj_request *req, struct kj_response *resp,
			   const struct kj_target_done *d, int copy)
{
	struct kj_buf lost, cancel;
	kj_buf_init(&lost, 1024);
	kj_buf_init(&cancel, 256);
	year_sector_text(req, &lost, d);
	if (copy) {
		count_text(req, &lost, T("今年度の対象から外れる事業者"), d->off);
		count_text(req, &lost, T("今年度の対象に加わる事業者"), d->on);
		kj_buf_adds(&lost, T("今年度の印を残すときは「前年度の対象を追加する（今年度の印は残す）」を使ってください。"));
	} else {
		count_text(req, &lost, T("今年度の対象から外れる事業者"), d->off);
	}
	kj_buf_adds(&cancel, "/targets?sector=");
	kj_h_urlpart(&cancel, d->ts.sector);
	kj_buf_printf(&cancel, "&fy=%d", d->ts.fy);
	int rc = 500;
	if (!kj_buf_failed(&lost) && !kj_buf_failed(&cancel))
		rc = kj_form_confirm_page(req, resp, &(struct kj_confirm){
			.title_ja = copy ? N_("今年度の対象を前年度の対象で置き換えますか")
					 : N_("分野の対象をすべて外しますか"),
			.lost = kj_buf_str(&lost),
			.action = copy ? "/targets/copy" : "/targets",
			.confirm_ja = copy ? N_("置き換える") : N_("すべて外す"),
			.cancel_href = kj_buf_str(&cancel) });
	kj_buf_free(&lost);
	kj_buf_free(&cancel);
	return rc;
}

/* Back to the page, DONE naming what happened: "1" saved, "copy", "add". */
static int redirect_back(struct kj_request *req, struct kj_response *resp,
			 const struct kj_target_done *d, const char *done)
{
	struct kj_buf loc;
	kj_buf_init(&loc, 256);
	kj_buf_printf(&loc, "/targets?done=%s&sector=", done);
	kj_h_urlpart(&loc, d->ts.sector);
	kj_buf_printf(&loc, "&fy=%d", d->ts.fy);
	const char *page = kj_body_param(req, "page");
	long pg;
	if (page && kj_parse_long(page, 2, 100000, &pg) == 0)
		kj_buf_printf(&loc, "&page=%ld", pg);
	int rc = kj_response_redirect(resp, kj_buf_str(&loc));
	kj_buf_free(&loc);
	return rc ? 500 : 0;
}

/* The operators a page posted (shown) and those of them ticked (target). */
static void posted_marks(struct kj_request *req, struct kj_target_marks *m,
			 const char **shown, const char **marked)
{
	for (int i = req->nquery; i < req->nparams; i++) {
		const struct kj_param *q = &req->params[i];
		if (!strcmp(q->name, "shown") && m->nshown < KJ_HTTP_PARAMS_MAX)
			shown[m->nshown++] = q->value;
		else if (!strcmp(q->name, "target") && m->nmarked < KJ_HTTP_PARAMS_MAX)
			marked[m->nmarked++] = q->value;
	}
}

int kj_page_targets_save(struct kj_request *req, struct kj_response *resp)
{
	const char **sh = calloc(KJ_HTTP_PARAMS_MAX, sizeof *sh);
	const char **mk = calloc(KJ_HTTP_PARAMS_MAX, sizeof *mk);
	if (!sh || !mk) {
		free(sh);
		free(mk);
		return 500;
	}
	struct kj_target_marks m = {
		.fy = kj_body_param(req, "fy"), .sector = kj_body_param(req, "sector"),
		.mark = kj_body_param(req, "mark"), .shown = sh, .marked = mk,
		.confirmed = kj_form_confirmed(req),
	};
	posted_marks(req, &m, sh, mk);
	char name[KJ_LOGIN_MAX + 8];
	struct kj_actor actor;
	web_actor(req, &actor, name, sizeof name);
	struct kj_target_done done;
	struct kj_target_refusal why;
	struct kj_err err;
	int status = 500;
	if (kj_app_targets_save(req->st, &actor, &req->app->cat, current_fy(req), &m, &done,
				&why, &err) < 0)
		goto out;
	if (why.fault == KJ_TARGET_FORBIDDEN)
		status = 403;
	else if (why.fault == KJ_TARGET_BAD)
		status = refused(req, resp, &why, &m);
	else if (why.fault == KJ_TARGET_CONFIRM)
		status = confirm_targets(req, resp, &done, 0);
	else
		status = redirect_back(req, resp, &done, "1");
out:
	free(sh);
	free(mk);
	return status;
}

int kj_page_targets_copy(struct kj_request *req, struct kj_response *resp)
{
	const char *mode = kj_body_param(req, "mode");
	int replace = !mode || !*mode || !strcmp(mode, "replace");
	if (!replace && strcmp(mode, "add"))
		return refused(req, resp, &(struct kj_target_refusal){ KJ_TARGET_BAD, "",
			N_("操作の指定が正しくありません。") }, NULL);
	char name[KJ_LOGIN_MAX + 8];
	struct kj_actor actor;
	web_actor(req, &actor, name, sizeof name);
	struct kj_target_done done;
	struct kj_target_refusal why;
	struct kj_err err;
	if (kj_app_targets_copy(req->st, &actor, &req->app->cat, current_fy(req),
				kj_body_param(req, "fy"), kj_body_param(req, "sector"), replace,
				kj_form_confirmed(req), &done, &why, &err) < 0)
		return 500;
	if (why.fault == KJ_TARGET_FORBIDDEN)
		return 403;
	if (why.fault == KJ_TARGET_BAD)
		return refused(req, resp, &why, NULL);
	if (why.fault == KJ_TARGET_CONFIRM)
		return confirm_targets(req, resp, &done, 1);
	return redirect_back(req, resp, &done, replace ? "copy" : "add");
}
