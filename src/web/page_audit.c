/*
 * The audit trail in the browser: filter by actor, action, object and date;
 * times in JST with the zone. A bad filter answers the page with the
 * message beside its field (status 400) and no list.
 */
#include <stdlib.h>
#include <string.h>

#include "app/audit_log.h"
#include "web/app.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/ui.h"

#define AUDIT_PAGE 50

/* One filter field holding VALUE. */
static void field(struct kj_request *req, struct kj_buf *b, const struct kj_form *f,
		  const char *name, const char *label_ja, const char *type, const char *value)
{
	const struct kj_field fd = { name, label_ja, NULL, type, 0,
				     strcmp(type, "date") ? 64 : 0, "off", NULL };
	kj_form_input(req, b, f, &fd, value);
}

/* An empty filter, or a real date YYYY-MM-DD. */
static int date_ok(const char *s)
{
	return !s || !*s || kj_date_valid(s);
}

static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

/* Whether the filter is bad: each bad value gets its message in FORM. */
static int bad_filter(struct kj_request *req, struct kj_form *form,
		      const struct kj_audit_filter *f, const char *page, long *pg)
{
	if (page && kj_parse_long(page, 1, 100000, pg) < 0)
		kj_form_error(req, form, "", N_("ページの指定が正しくありません。"));
	if (!date_ok(f->from))
		kj_form_error(req, form, "from", N_("開始日は正しい日付で入力してください。"));
	if (!date_ok(f->to))
		kj_form_error(req, form, "to", N_("終了日は正しい日付で入力してください。"));
	if (f->actor && strlen(f->actor) >= KJ_AUDIT_ACTOR_MAX)
		kj_form_error(req, form, "actor", N_("実行者が長すぎます。"));
	if (f->action && strlen(f->action) >= KJ_AUDIT_ACTION_MAX)
		kj_form_error(req, form, "action", N_("操作が長すぎます。"));
	if (f->object_type && strlen(f->object_type) >= KJ_AUDIT_OBJTYPE_MAX)
		kj_form_error(req, form, "object_type", N_("対象の種類が長すぎます。"));
	return form->nerrors > 0;
}

/* One entry of the trail as a table row. */
static void entry_row(struct kj_request *req, struct kj_buf *b, const struct kj_audit_entry *e)
{
	kj_h(b, "<tr><td class=\"num\">");
	kj_h_count(b, e->id);
	kj_h(b, "</td><td>");
	kj_h_time(req, b, e->at);
	kj_h(b, "</td><td>");
	kj_h_text(b, e->actor);
	kj_h(b, "</td><td><code>");
	kj_h_text(b, e->action);
	kj_h(b, "</code></td><td>");
	kj_h_text(b, e->object_type);
	if (e->object_id[0]) {
		kj_h(b, " ");
		kj_h_text(b, e->object_id);
	}
	kj_h(b, "</td><td>");
	if (e->detail[0]) {
		kj_h(b, "<code>");
		kj_h_text(b, e->detail);
		kj_h(b, "</code>");
	}
	kj_h(b, "</td></tr>");
}

/* Links to newer and older entries, keeping the filter F. */
static void audit_pager(struct kj_request *req, struct kj_buf *b,
			const struct kj_audit_filter *f, long pg, int n)
{
	kj_h(b, "<nav class=\"pager\" aria-label=\"");
	kj_h_attr(b, T("ページ送り"));
	kj_h(b, "\">");
	for (int dir = -1; dir <= 1; dir += 2) {
		if ((dir < 0 && pg == 1) || (dir > 0 && n <= AUDIT_PAGE))
			continue;
		kj_h(b, "<a href=\"/audit?page=");
		kj_h_int(b, pg + dir);
		const char *keys[] = { "actor", "action", "object_type", "from", "to" };
		const char *vals[] = { f->actor, f->action, f->object_type, f->from, f->to };
		for (int k = 0; k < 5; k++) {
			if (!vals[k])
				continue;
			kj_h(b, "&amp;");
			kj_h(b, keys[k]);
			kj_h(b, "=");
			kj_h_urlpart(b, vals[k]);
		}
		kj_h(b, dir < 0 ? "\" rel=\"prev\">← " : "\" rel=\"next\">");
		kj_h_text(b, T(dir < 0 ? N_("新しい記録") : N_("古い記録")));
		kj_h(b, dir < 0 ? "</a>" : " →</a>");
	}
	kj_h(b, "</nav>");
}

int kj_page_audit(struct kj_request *req, struct kj_response *resp)
{
	static const char *const cols[] = { N_("番号"), N_("日時"), N_("実行者"), N_("操作"), N_("対象"), N_("内容") };
	struct kj_audit_filter f = { 0 };
	const char *page = kj_param(req, "page");
	long pg = 1;
	f.actor = nz(kj_param(req, "actor"));
	f.action = nz(kj_param(req, "action"));
	f.object_type = nz(kj_param(req, "object_type"));
	f.from = nz(kj_param(req, "from"));
	f.to = nz(kj_param(req, "to"));
	struct kj_form form = { .prefix = "f" };
	if (bad_filter(req, &form, &f, page, &pg)) {
		resp->status = 400;
		f.limit = 0;	/* no list for a refused filter */
	}
	f.limit = AUDIT_PAGE + 1;	/* one more tells whether a next page exists */
	f.offset = (pg - 1) * AUDIT_PAGE;
	struct kj_audit_entry *e = calloc(AUDIT_PAGE + 1, sizeof *e);
	struct kj_err err;
	int n = 0;
	if (!e || (!form.nerrors && kj_audit_list(req->st, &f, e, AUDIT_PAGE + 1, &n, &err) < 0)) {
		free(e);
		return 500;
	}
	struct kj_buf *b = &resp->body;
	kj_page_begin(req, resp, T("監査証跡"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("監査証跡"));
	kj_h(b, "</h1><p>");
	kj_h_text(b, T("すべての変更は前の記録のハッシュと連結して記録されます。改ざんの有無は kijun audit verify で検証できます。"));
	kj_h(b, "</p>");
	kj_form_summary(req, b, &form);
	kj_h(b, "<form class=\"filters\" method=\"get\" action=\"/audit\">");
	field(req, b, &form, "actor", N_("実行者"), "text", f.actor);
	field(req, b, &form, "action", N_("操作（前方一致）"), "text", f.action);
	field(req, b, &form, "object_type", N_("対象の種類"), "text", f.object_type);
	field(req, b, &form, "from", N_("開始日"), "date", f.from);
	field(req, b, &form, "to", N_("終了日"), "date", f.to);
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("絞り込む"));
	kj_h(b, "</button></div></form>");
	kj_ui_table_open(req, b, N_("記録（新しい順）"), cols, (int)(sizeof cols / sizeof cols[0]));
	for (int i = 0; i < n && i < AUDIT_PAGE; i++)
		entry_row(req, b, &e[i]);
	if (n == 0 && !form.nerrors) {
		kj_h(b, "<tr><td colspan=\"6\">");
		kj_h_text(b, T("該当する記録はありません。"));
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
	if (pg > 1 || n > AUDIT_PAGE)
		audit_pager(req, b, &f, pg, n);
	kj_page_end(req, resp);
	free(e);
	return 0;
}
