/*
 * One clause's mapping to Part 3 requirements (GET and POST
 * /safety/clauses/{id}/map): the requirements it covers, each with its
 * remove button, and one form that adds a requirement or changes its
 * extent; the requirement is chosen from a list grouped by section or
 * typed (３．２．５．１－１ is read as 3.2.5.1-1). A refused submit answers the
 * same form (400) with what was typed and the message beside the field;
 * a removal asks first, saying whether the requirement becomes a gap of
 * the sector again. After a change the user is sent back to the clause on
 * the sector page. Also the sector's mapping as a file in the import's
 * format (GET /safety/{sector}/export).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/safety_import.h"
#include "base/util.h"
#include "export/coverage_out.h"
#include "web/app.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/ui.h"

/* The actor of the request, for the use cases. */
#define ACTOR(req, name) \
	kj_web_actor(req, name, sizeof name); \
	const struct kj_actor actor = { &(req)->user, (req)->user.id, name }

/* The sector page at the clause's entry, with the notice DONE. */
static int back_to_clause(struct kj_response *resp, const char *sector, int64_t clause,
			  const char *done)
{
	struct kj_buf loc;
	kj_buf_init(&loc, 256);
	kj_buf_adds(&loc, "/safety/");
	kj_h_urlpart(&loc, sector);
	kj_buf_adds(&loc, "?done=");
	kj_buf_adds(&loc, done);
	kj_buf_adds(&loc, "&clause=");
	kj_h_int(&loc, clause);
	kj_buf_adds(&loc, "#clause-");
	kj_h_int(&loc, clause);
	int rc = kj_response_redirect(resp, kj_buf_str(&loc));
	kj_buf_free(&loc);
	return rc ? 500 : 0;
}

/* The requirement's text in the request's language, cut to a list's width. */
static void req_label(struct kj_request *req, struct kj_buf *b, const struct kj_requirement *r)
{
	const char *t = req->lang == KJ_LANG_EN ? r->text_en : r->text_ja;
	size_t n = kj_utf8_prefix(t, 90);
	kj_h_text(b, r->id);
	kj_h(b, " ");
	char cut[96];
	memcpy(cut, t, n);
	cut[n] = '\0';
	kj_h_text(b, cut);
	if (t[n])
		kj_h(b, "…");
}

/* The list of requirements grouped by section (<optgroup>), VALUE chosen. */
static void req_select(struct kj_request *req, struct kj_buf *b, const struct kj_form *f,
		       const char *value)
{
	const struct kj_catalog *cat = &req->app->cat;
	const struct kj_field fd = { .name = "requirement", .label_ja = N_("対策事項"),
				     .hint_ja = N_("一覧から選ぶか、次の欄に番号を入力してください。"),
				     .flags = KJ_FIELD_REQUIRED };
	kj_form_field_open(req, b, f, &fd);
	kj_h(b, "<select name=\"requirement\"");
	kj_form_control_attrs(b, f, &fd);
	kj_h(b, "><option value=\"\">");
	kj_h_text(b, T("選択してください"));
	kj_h(b, "</option>");
	int section = -1;
	for (int r = 0; r < cat->nreqs; r++) {
		const struct kj_requirement *q = &cat->reqs[r];
		if (q->section_index != section) {
			const struct kj_section *s = &cat->sections[q->section_index];
			kj_h(b, section < 0 ? "<optgroup label=\"" : "</optgroup><optgroup label=\"");
			kj_h_attr(b, s->id);
			kj_h(b, " ");
			kj_h_attr(b, req->lang == KJ_LANG_EN ? s->title_en : s->title_ja);
			kj_h(b, "\">");
			section = q->section_index;
		}
		kj_h(b, "<option value=\"");
		kj_h_attr(b, q->id);
		kj_h(b, value && !strcmp(value, q->id) ? "\" selected>" : "\">");
		req_label(req, b, q);
		kj_h(b, "</option>");
	}
	kj_h(b, section >= 0 ? "</optgroup></select>" : "</select>");
	kj_form_field_close(b);
}

/* The form that adds a requirement to the clause or changes its extent. */
static void map_form(struct kj_request *req, struct kj_buf *b, const struct kj_form *f,
		     int64_t clause, const char *cancel)
{
	static const struct kj_option extents[] = {
		{ "full", N_("全部（対策事項のすべてを規定）") },
		{ "partial", N_("一部（対策事項の一部だけを規定）") },
	};
	const struct kj_field typed = {
		.name = "requirement_typed", .label_ja = N_("対策事項の番号を入力"),
		.hint_ja = N_("例: 3.2.5.1-1（全角の数字も使えます）。入力すると一覧の選択より優先します。"),
		.maxlength = KJ_REQ_TYPED_MAX, .inputmode = "decimal", .autocomplete = "off" };
	const struct kj_field extent = { .name = "extent", .label_ja = N_("充足度"),
					 .flags = KJ_FIELD_REQUIRED };
	kj_h(b, "<form class=\"stack\" method=\"post\" action=\"/safety/clauses/");
	kj_h_int(b, clause);
	kj_h(b, "/map\">");
	kj_h_csrf(req, b);
	req_select(req, b, f, kj_param(req, "requirement"));
	kj_form_input(req, b, f, &typed, kj_param(req, "requirement_typed"));
	kj_form_select(req, b, f, &extent, extents, 2, kj_param(req, "extent"));
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("保存する"));
	kj_h(b, "</button> <a class=\"button secondary\" href=\"");
	kj_h_attr(b, cancel);
	kj_h(b, "\">");
	kj_h_text(b, T("やめる"));
	kj_h(b, "</a></div></form>");
}

/* The requirements the clause covers, each with its remove button. */
static void current_mapping(struct kj_request *req, struct kj_buf *b,
			    const struct kj_clause_row *c)
{
	kj_h(b, "<h2>");
	kj_h_text(b, T("対応付けている対策事項"));
	kj_h(b, "</h2>");
	if (!c->nreqs) {
		kj_h(b, "<p>");
		kj_h_text(b, T("この条項はまだどの対策事項にも対応付けられていません。"));
		kj_h(b, "</p>");
		return;
	}
	kj_h(b, "<ul class=\"plain mapping\">");
	for (int k = 0; k < c->nreqs; k++) {
		kj_h(b, "<li><a href=\"/catalog/");
		kj_h_urlpart(b, c->reqs[k]);
		kj_h(b, "\">");
		kj_h_text(b, c->reqs[k]);
		kj_h(b, "</a> ");
		kj_h_text(b, T(c->partial[k] ? N_("（一部）") : N_("（全部）")));
		kj_h(b, " <form class=\"inline\" method=\"post\" action=\"/safety/clauses/");
		kj_h_int(b, c->id);
		kj_h(b, "/map\">");
		kj_h_csrf(req, b);
		kj_h(b, "<input type=\"hidden\" name=\"requirement\" value=\"");
		kj_h_attr(b, c->reqs[k]);
		kj_h(b, "\"><input type=\"hidden\" name=\"extent\" value=\"none\">"
			"<button type=\"submit\" class=\"secondary\">");
		kj_h_text(b, T("外す"));
		kj_h(b, "<span class=\"visually-hidden\"> ");
		kj_h_text(b, c->reqs[k]);
		kj_h(b, "</span></button></form></li>");
	}
	kj_h(b, "</ul>");
}

/* "/safety/medical#clause-12": where the user came from. */
static void sector_href(char *out, size_t n, const struct kj_clause_view *v)
{
	snprintf(out, n, "/safety/%s#clause-%lld", v->doc.sector, (long long)v->clause.id);
}

/* The page of the clause's mapping, with F's errors (status 400) if any. */
static int picker_page(struct kj_request *req, struct kj_response *resp,
		       const struct kj_clause_view *v, const struct kj_form *f)
{
	struct kj_buf *b = &resp->body;
	char back[96];
	sector_href(back, sizeof back, v);
	kj_page_begin(req, resp, T("条項の対応付け"));
	kj_h(b, "<nav aria-label=\"");
	kj_h_attr(b, T("パンくずリスト"));
	kj_h(b, "\"><ol class=\"breadcrumbs\"><li><a href=\"/coverage\">");
	kj_h_text(b, T("充足状況"));
	kj_h(b, "</a></li><li><a href=\"");
	kj_h_attr(b, back);
	kj_h(b, "\">");
	kj_h_text(b, kj_ui_sector_name(req, v->doc.sector));
	kj_h(b, "</a></li></ol></nav><h1>");
	kj_h_text(b, T("条項の対応付け"));
	kj_h(b, "</h1>");
	kj_form_summary(req, b, f);
	kj_h(b, "<dl class=\"meta\"><dt>");
	kj_h_text(b, T("文書"));
	kj_h(b, "</dt><dd>");
	kj_h_text(b, v->doc.title);
	if (v->doc.version[0]) {
		kj_h(b, " (");
		kj_h_text(b, v->doc.version);
		kj_h(b, ")");
	}
	kj_h(b, "</dd><dt>");
	kj_h_text(b, T("条項"));
	kj_h(b, "</dt><dd>");
	kj_h_text(b, v->clause.number);
	kj_h(b, " ");
	kj_h_text(b, v->clause.title);
	kj_h(b, "</dd>");
	if (v->text[0]) {
		kj_h(b, "<dt>");
		kj_h_text(b, T("条項本文"));
		kj_h(b, "</dt><dd class=\"clause-text\">");
		kj_h_text(b, v->text);
		kj_h(b, "</dd>");
	}
	kj_h(b, "</dl>");
	current_mapping(req, b, &v->clause);
	kj_h(b, "<h2>");
	kj_h_text(b, T("対策事項を対応付ける"));
	kj_h(b, "</h2><p>");
	kj_h_text(b, T("対応付け済みの対策事項を選ぶと、その充足度を変更します。"));
	kj_h(b, "</p>");
	map_form(req, b, f, v->clause.id, back);
	kj_page_end(req, resp);
	if (f && f->nerrors)
		resp->status = 400;
	return 0;
}

/* Loads clause ARG for the request's user with CODE's other clauses: 0, or a status. */
static int load_clause(struct kj_request *req, const char *code, struct kj_clause_view *v)
{
	int64_t id;
	char name[KJ_LOGIN_MAX + 8];
	struct kj_err err;
	if (kj_parse_id(req->args[0], &id) < 0)
		return 404;
	ACTOR(req, name);
	if (kj_app_clause_get(req->st, &req->app->cat, &actor, id, code, v, &err) < 0)
		return 500;
	if (v->outcome == KJ_MAP_NO_CLAUSE)
		return 404;
	if (v->outcome == KJ_MAP_REFUSED)
		return 403;
	/* Another operator's internal rules are only counted: not even their title. */
	return kj_web_safety_doc_visible(req, &v->doc) ? 0 : 404;
}

int kj_page_clause_picker(struct kj_request *req, struct kj_response *resp)
{
	struct kj_clause_view v;
	int status = load_clause(req, NULL, &v);
	return status ? status : picker_page(req, resp, &v, NULL);
}

/* The confirmation of removing requirement CODE from the clause. */
static int confirm_unmap(struct kj_request *req, struct kj_response *resp, const char *code)
{
	struct kj_clause_view v;
	int status = load_clause(req, code, &v);
	if (status)
		return status;
	int en = req->lang == KJ_LANG_EN;
	char action[64], cancel[64];
	struct kj_buf lost;
	kj_buf_init(&lost, 1024);
	kj_buf_adds(&lost, T("次の対応付けを外します"));
	kj_buf_adds(&lost, en ? ": " : "：");
	kj_buf_adds(&lost, v.doc.title);
	kj_buf_adds(&lost, " ");
	kj_buf_adds(&lost, v.clause.number);
	kj_buf_adds(&lost, " ");
	kj_buf_adds(&lost, v.clause.title);
	kj_buf_adds(&lost, " — ");
	kj_buf_adds(&lost, T("対策事項"));
	kj_buf_adds(&lost, " ");
	kj_buf_adds(&lost, code);
	kj_buf_adds(&lost, en ? ". " : "。");
	if (v.doc.class_n >= 1 && v.doc.class_n <= 3 && v.others == 0)
		kj_buf_adds(&lost, T("この分野でこの対策事項を規定している強制基準・推奨基準・業界標準の条項はほかにありません。外すと、充足状況でこの対策事項が分野のギャップとして再び表示されます。"));
	snprintf(action, sizeof action, "/safety/clauses/%lld/map", (long long)v.clause.id);
	snprintf(cancel, sizeof cancel, "/safety/clauses/%lld/map", (long long)v.clause.id);
	int rc = kj_form_confirm_page(req, resp, &(struct kj_confirm){
		N_("対応付けを外しますか"), kj_buf_str(&lost), action, N_("外す"), cancel });
	kj_buf_free(&lost);
	return rc;
}

/* The refused change's message beside its field, on the same form. */
static int refused(struct kj_request *req, struct kj_response *resp,
		   const struct kj_map_result *m)
{
	struct kj_form f = { .prefix = "f" };
	const char *typed = kj_param(req, "requirement_typed");
	const char *field = typed && *typed ? "requirement_typed" : "requirement";
	const char *extent = kj_param(req, "extent");
	if (m->outcome == KJ_MAP_BAD_EXTENT)
		;	/* the requirement was good: only the extent is said below */
	else if (m->typed == KJ_REQ_SECTION)
		kj_form_error(req, &f, field, N_("節の番号です。対策事項の番号を入力してください（例: 3.2.5.1-1）。"));
	else if (m->typed == KJ_REQ_UNKNOWN)
		kj_form_error(req, &f, field, N_("統一基準にない対策事項の番号です。一覧から選ぶか、3.2.5.1-1 のように入力してください。"));
	else
		kj_form_error(req, &f, "requirement", N_("対策事項を一覧から選ぶか、番号を入力してください。"));
	/* Every bad field at once, not one per submit. */
	if (!extent || (strcmp(extent, "full") && strcmp(extent, "partial") && strcmp(extent, "none")))
		kj_form_error(req, &f, "extent", N_("充足度を選択してください。"));
	struct kj_clause_view v;
	int status = load_clause(req, NULL, &v);
	return status ? status : picker_page(req, resp, &v, &f);
}

int kj_page_clause_map(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	char name[KJ_LOGIN_MAX + 8];
	struct kj_map_result m;
	struct kj_err err;
	if (kj_parse_id(req->args[0], &id) < 0)
		return 404;
	const char *typed = kj_param(req, "requirement_typed");
	const char *code = typed && *typed ? typed : kj_param(req, "requirement");
	const char *extent = kj_param(req, "extent");
	int removal = extent && !strcmp(extent, "none");
	ACTOR(req, name);
	/* A removal asks first (the clause and the reach are checked there). */
	const struct kj_requirement *q = NULL;
	if (removal && !kj_form_confirmed(req) &&
	    kj_safety_req_parse(&req->app->cat, code, code ? strlen(code) : 0, &q, NULL) ==
	    KJ_REQ_OK)
		return confirm_unmap(req, resp, q->id);
	if (kj_app_clause_map(req->st, &req->app->cat, &actor, id, code, extent, &m, &err) < 0)
		return 500;
	switch (m.outcome) {
	case KJ_MAP_NO_CLAUSE: return 404;
	case KJ_MAP_REFUSED: return 403;
	case KJ_MAP_BAD_REQUIREMENT:
	case KJ_MAP_BAD_EXTENT: return refused(req, resp, &m);
	case KJ_MAP_DONE: break;
	}
	return back_to_clause(resp, m.sector, id, removal ? "unmap" : "map");
}

/* --- The sector's mapping as a file ------------------------------------------- */

struct export_ctx {
	const struct kj_clause_record *recs;
	int n;
};

static int export_csv(FILE *f, void *ctx)
{
	const struct export_ctx *c = ctx;
	return kj_mapping_write_csv(f, c->recs, c->n);
}

static int export_xlsx(const char *path, void *ctx)
{
	const struct export_ctx *c = ctx;
	struct kj_err err;
	return kj_mapping_write_xlsx(path, c->recs, c->n, &err);
}

static int doc_visible(void *ctx, const struct kj_doc_row *d)
{
	return kj_web_safety_doc_visible(ctx, d);
}

int kj_page_safety_export(struct kj_request *req, struct kj_response *resp)
{
	const char *sector = req->args[0];
	const char *format = kj_param(req, "format");
	struct kj_clause_record *recs;
	struct kj_err err;
	char base[64];
	int n;
	if (kj_catalog_sector_index(&req->app->cat, sector) < 0)
		return 404;
	if (!kj_authz_sector(&req->user, KJ_PERM_SAFETY_READ, sector))
		return 403;
	if (format && strcmp(format, "csv") && strcmp(format, "xlsx"))
		return 400;
	if (kj_app_safety_records(req->st, &req->app->cat, sector, doc_visible, req, &recs, &n,
				  &err) < 0)
		return 500;
	snprintf(base, sizeof base, "kijun-safety-%s", sector);
	struct export_ctx c = { recs, n };
	int rc = kj_web_send_table(req, resp, format, base, n, export_csv, export_xlsx, &c);
	kj_safety_records_free(recs, n);
	return rc;
}
