/*
 * The standard in the browser: the catalog by function and section with a
 * search (NFKC- and case-insensitive, so ＣＳＩＲＴ finds CSIRT), and a page
 * per requirement with its text, section path, definitions (linked to the
 * glossary), English, CSF 2.0 mapping and history across revisions; and the
 * crosswalk of a revision. Parts of the standard are named by the standard's
 * own headings ("3.7 技術・脅威の動向等を踏まえた対策"), not by the short
 * function names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "model/crosswalk.h"
#include "store/store_catalog.h"
#include "web/app.h"
#include "web/html.h"
#include "web/pages.h"

#define QUERY_MAX 200	/* bytes of a search query */

static void crosswalk_link(struct kj_request *req, struct kj_buf *b);
static int lineage(struct kj_request *req, struct kj_buf *b,
		   const struct kj_requirement *r);

static const char *L(const struct kj_request *req, const char *ja, const char *en)
{
	return req->lang == KJ_LANG_EN ? en : ja;
}

/* The heading of the top-level section of function FN, as the standard
 * words it; the function's short name if the section is missing. */
static const char *function_heading(const struct kj_request *req,
				    const struct kj_catalog *cat, int fn)
{
	const struct kj_function *f = &cat->functions[fn];
	const struct kj_section *s = kj_catalog_section(cat, f->section);
	if (s)
		return L(req, s->title_ja, s->title_en);
	return L(req, f->name_ja, f->name_en);
}

static void req_item(struct kj_request *req, struct kj_buf *b,
		     const struct kj_requirement *r)
{
	kj_h(b, "<li><a class=\"req-id\" href=\"/catalog/");
	kj_h_urlpart(b, r->id);
	kj_h(b, "\">");
	kj_h_text(b, r->id);
	kj_h(b, "</a><p class=\"req-text\"");
	kj_h(b, req->lang == KJ_LANG_EN ? " lang=\"en\">" : ">");
	kj_h_text(b, L(req, r->text_ja, r->text_en));
	kj_h(b, "</p></li>");
}

/* The heading: the standard's title, version and date, and the links to
 * the glossary and the crosswalk. */
static void catalog_intro(struct kj_request *req, struct kj_buf *b)
{
	const struct kj_catalog *cat = &req->app->cat;
	kj_h(b, "<h1>");
	kj_h_text(b, T("統一基準 第3部 対策事項"));
	kj_h(b, "</h1><p>");
	kj_h_text(b, L(req, cat->title_ja, cat->title_en));
	kj_h(b, " — ");
	kj_h_text(b, T("版"));
	kj_h(b, " ");
	kj_h_text(b, cat->version);
	kj_h(b, " (");
	kj_h_text(b, T("施行"));
	kj_h(b, " ");
	kj_h_date(req, b, cat->effective, 0);
	kj_h(b, ")</p><p><a href=\"/glossary\">");
	kj_h_text(b, T("用語集"));
	kj_h(b, "</a> — ");
	kj_h_text(b, T("統一基準が定義する用語と、それを使う対策事項"));
	kj_h(b, "</p>");
	crosswalk_link(req, b);
}

/* The search form, keeping the function filter FN (-1: none). */
static void catalog_search_form(struct kj_request *req, struct kj_buf *b, const char *q, int fn)
{
	const struct kj_catalog *cat = &req->app->cat;
	kj_h(b, "<form class=\"search\" method=\"get\" action=\"/catalog\" role=\"search\">"
		"<label for=\"q\">");
	kj_h_text(b, T("対策事項を検索"));
	kj_h(b, "</label><input id=\"q\" name=\"q\" type=\"search\" maxlength=\"200\" value=\"");
	kj_h_attr(b, q ? q : "");
	kj_h(b, "\">");
	if (fn >= 0) {
		kj_h(b, "<input type=\"hidden\" name=\"function\" value=\"");
		kj_h_attr(b, cat->functions[fn].code);
		kj_h(b, "\">");
	}
	kj_h(b, "<button type=\"submit\">");
	kj_h_text(b, T("検索"));
	kj_h(b, "</button></form>");
}

/* The functions with their counts of requirements; FN is the current one. */
static void function_nav(struct kj_request *req, struct kj_buf *b, int fn)
{
	const struct kj_catalog *cat = &req->app->cat;
	kj_h(b, "<nav class=\"function-nav\" aria-label=\"");
	kj_h_attr(b, T("機能で絞り込む"));
	kj_h(b, "\"><ul><li><a href=\"/catalog\"");
	kj_h(b, fn < 0 ? " aria-current=\"page\">" : ">");
	kj_h_text(b, T("すべて"));
	kj_h(b, " (");
	kj_h_count(b, cat->nreqs);
	kj_h(b, ")</a></li>");
	for (int i = 0; i < cat->nfunctions; i++) {
		int n = 0;
		for (int r = 0; r < cat->nreqs; r++)
			n += cat->reqs[r].function == i;
		kj_h(b, "<li><a href=\"/catalog?function=");
		kj_h_urlpart(b, cat->functions[i].code);
		kj_h(b, fn == i ? "\" aria-current=\"page\">" : "\">");
		kj_h_text(b, cat->functions[i].section);
		kj_h(b, " ");
		kj_h_text(b, function_heading(req, cat, i));
		kj_h(b, " (");
		kj_h_count(b, n);
		kj_h(b, ")</a></li>");
	}
	kj_h(b, "</ul></nav>");
}

/* The requirements matching the folded query FQ (within function FN). */
static void search_results(struct kj_request *req, struct kj_buf *b, const char *fq, int fn)
{
	const struct kj_catalog *cat = &req->app->cat;
	int hits = 0;
	kj_h(b, "<h2>");
	kj_h_text(b, T("検索結果"));
	kj_h(b, "</h2><ol class=\"reqs\">");
	for (int r = 0; r < cat->nreqs; r++) {
		if (fn >= 0 && cat->reqs[r].function != fn)
			continue;
		if (!kj_text_match(req->app->search_text[r], fq))
			continue;
		req_item(req, b, &cat->reqs[r]);
		hits++;
	}
	kj_h(b, "</ol><p role=\"status\">");
	kj_h_count(b, hits);
	kj_h(b, " ");
	kj_h_text(b, T("件の対策事項が見つかりました。"));
	kj_h(b, "</p>");
}

/* Sections in order (of function FN, or all), each with its requirements. */
static void catalog_sections(struct kj_request *req, struct kj_buf *b, int fn)
{
	const struct kj_catalog *cat = &req->app->cat;
	for (int s = 0; s < cat->nsections; s++) {
		const struct kj_section *sec = &cat->sections[s];
		if (fn >= 0 && sec->function != fn)
			continue;
		int level = sec->depth + 1 > 4 ? 4 : sec->depth + 1;
		kj_buf_printf(b, "<h%d id=\"s-", level);
		kj_h_attr(b, sec->id);
		kj_h(b, "\">");
		kj_h_text(b, sec->id);
		kj_h(b, " ");
		kj_h_text(b, L(req, sec->title_ja, sec->title_en));
		kj_buf_printf(b, "</h%d>", level);
		int any = 0;
		for (int r = 0; r < cat->nreqs; r++) {
			if (cat->reqs[r].section_index != s)
				continue;
			if (!any)
				kj_h(b, "<ol class=\"reqs\">");
			any = 1;
			req_item(req, b, &cat->reqs[r]);
		}
		if (any)
			kj_h(b, "</ol>");
	}
}

int kj_page_catalog(struct kj_request *req, struct kj_response *resp)
{
	const struct kj_catalog *cat = &req->app->cat;
	struct kj_buf *b = &resp->body;
	const char *q = kj_param(req, "q"), *fname = kj_param(req, "function");
	int fn = -1;
	if (fname && *fname && (fn = kj_catalog_function(cat, fname)) < 0)
		return 404;
	if (q && strlen(q) > QUERY_MAX)
		return 400;
	char *fq = q && *q ? kj_text_fold(q) : NULL;
	if (q && *q && !fq)
		return 400;

	kj_page_begin(req, resp, T("統一基準 第3部 対策事項"));
	catalog_intro(req, b);
	catalog_search_form(req, b, q, fn);
	function_nav(req, b, fn);
	if (fq) {
		search_results(req, b, fq, fn);
		free(fq);
	} else {
		catalog_sections(req, b, fn);
	}
	kj_page_end(req, resp);
	return 0;
}

/* Breadcrumbs (catalog › sections › this requirement) and the heading. */
static void requirement_head(struct kj_request *req, struct kj_buf *b, const struct kj_requirement *r)
{
	const struct kj_catalog *cat = &req->app->cat;
	int chain[16], depth = 0;
	for (int s = r->section_index; s >= 0 && depth < 16; s = cat->sections[s].parent_index)
		chain[depth++] = s;
	kj_h(b, "<nav aria-label=\"");
	kj_h_attr(b, T("パンくずリスト"));
	kj_h(b, "\"><ol class=\"breadcrumbs\"><li><a href=\"/catalog\">");
	kj_h_text(b, T("統一基準"));
	kj_h(b, "</a></li>");
	while (depth--) {
		const struct kj_section *s = &cat->sections[chain[depth]];
		kj_h(b, "<li><a href=\"/catalog?function=");
		kj_h_urlpart(b, cat->functions[s->function].code);
		kj_h(b, "#s-");
		kj_h_attr(b, s->id);
		kj_h(b, "\">");
		kj_h_text(b, s->id);
		kj_h(b, " ");
		kj_h_text(b, L(req, s->title_ja, s->title_en));
		kj_h(b, "</a></li>");
	}
	kj_h(b, "</ol></nav><h1><span class=\"req-id\">");
	kj_h_text(b, r->id);
	kj_h(b, "</span> ");
	kj_h_text(b, L(req, cat->sections[r->section_index].title_ja,
		       cat->sections[r->section_index].title_en));
	kj_h(b, "</h1>");
}

/* The requirement's text in Japanese and in English. */
static void requirement_text(struct kj_request *req, struct kj_buf *b,
			     const struct kj_requirement *r)
{
	kj_h(b, "<h2>");
	kj_h_text(b, T("統一基準の本文"));
	kj_h(b, "</h2><blockquote class=\"standard-text\" lang=\"ja\"><p>");
	kj_h_text(b, r->text_ja);
	kj_h(b, "</p></blockquote><h2>");
	kj_h_text(b, T("英訳"));
	kj_h(b, "</h2><p class=\"lang-en\" lang=\"en\">");
	kj_h_text(b, r->text_en);
	kj_h(b, "</p>");
}

/* Its function, NIST CSF 2.0 categories and the version. */
static void requirement_meta(struct kj_request *req, struct kj_buf *b, const struct kj_requirement *r)
{
	const struct kj_catalog *cat = &req->app->cat;
	kj_h(b, "<dl class=\"meta\"><dt>");
	kj_h_text(b, T("機能"));
	kj_h(b, "</dt><dd>");
	kj_h_text(b, cat->functions[r->function].section);
	kj_h(b, " ");
	kj_h_text(b, function_heading(req, cat, r->function));
	kj_h(b, "</dd><dt>");
	kj_h_text(b, T("NIST CSF 2.0 の対応カテゴリ"));
	kj_h(b, "</dt><dd><ul class=\"plain\">");
	for (int k = 0; k < r->ncsf; k++) {
		const struct kj_csf_category *c = kj_catalog_csf(cat, r->csf[k]);
		kj_h(b, "<li><span class=\"tag\">");
		kj_h_text(b, r->csf[k]);
		kj_h(b, "</span> <span lang=\"en\">");
		kj_h_text(b, c ? c->title : "");
		kj_h(b, "</span></li>");
	}
	kj_h(b, "</ul></dd><dt>");
	kj_h_text(b, T("版"));
	kj_h(b, "</dt><dd>");
	kj_h_text(b, cat->version);
	kj_h(b, "</dd></dl>");
}

/* The definitions of the terms it uses, each linked to the glossary. */
static void requirement_defs(struct kj_request *req, struct kj_buf *b, const struct kj_requirement *r)
{
	const struct kj_catalog *cat = &req->app->cat;
	kj_h(b, "<h2>");
	kj_h_text(b, T("用語の定義"));
	kj_h(b, "</h2><dl class=\"definitions\">");
	for (int k = 0; k < r->ndefs; k++) {
		const struct kj_definition *d = &cat->defs[r->defs[k]];
		kj_h(b, "<dt id=\"def-");
		kj_h_attr(b, d->id);
		kj_h(b, "\"><a href=\"/glossary#term-");
		kj_h_attr(b, d->id);
		kj_h(b, "\">");
		kj_h_text(b, L(req, d->term_ja, d->term_en));
		kj_h(b, "</a> <span class=\"footnote\">(");
		kj_h_text(b, d->section);
		kj_h(b, " ");
		if (d->footnote) {
			kj_h_text(b, T("脚注"));
			kj_h(b, " ");
			kj_h_int(b, d->footnote);
		} else {
			kj_h_text(b, T("本文"));
		}
		kj_h(b, ")</span></dt><dd><p lang=\"ja\">");
		kj_h_text(b, d->text_ja);
		kj_h(b, "</p><p class=\"lang-en\" lang=\"en\">");
		kj_h_text(b, d->text_en);
		kj_h(b, "</p></dd>");
	}
	kj_h(b, "</dl>");
}

/* The requirements before and after it, for reading the standard in order. */
static void requirement_neighbours(struct kj_request *req, struct kj_buf *b, const struct kj_requirement *r)
{
	const struct kj_catalog *cat = &req->app->cat;
	int i = (int)(r - cat->reqs);
	kj_h(b, "<nav class=\"pager\" aria-label=\"");
	kj_h_attr(b, T("前後の対策事項"));
	kj_h(b, "\">");
	if (i > 0) {
		kj_h(b, "<a rel=\"prev\" href=\"/catalog/");
		kj_h_urlpart(b, cat->reqs[i - 1].id);
		kj_h(b, "\">← ");
		kj_h_text(b, cat->reqs[i - 1].id);
		kj_h(b, "</a>");
	}
	if (i + 1 < cat->nreqs) {
		kj_h(b, "<a rel=\"next\" href=\"/catalog/");
		kj_h_urlpart(b, cat->reqs[i + 1].id);
		kj_h(b, "\">");
		kj_h_text(b, cat->reqs[i + 1].id);
		kj_h(b, " →</a>");
	}
	kj_h(b, "</nav>");
}

int kj_page_requirement(struct kj_request *req, struct kj_response *resp)
{
	const struct kj_catalog *cat = &req->app->cat;
	const struct kj_requirement *r = kj_catalog_req(cat, req->args[0]);
	if (!r)
		return 404;
	struct kj_buf *b = &resp->body;
	char title[128];
	snprintf(title, sizeof title, "%s %s", T("対策事項"), r->id);
	kj_page_begin(req, resp, title);
	requirement_head(req, b, r);
	requirement_text(req, b, r);
	requirement_meta(req, b, r);
	if (r->ndefs)
		requirement_defs(req, b, r);
	if (lineage(req, b, r) < 0)
		return 500;
	requirement_neighbours(req, b, r);
	kj_page_end(req, resp);
	return 0;
}

/* --- Revisions: the crosswalk ------------------------------------------- */

/* The kinds of a crosswalk, as the pages name them. */
static const char *kind_label(const char *kind)
{
	return kj_xw_kind_label(kj_xw_kind_parse(kind));
}

/* A version label as kijun writes them: lowercase letters, digits, - and _. */
static int version_ok(const char *v)
{
	size_t n = strlen(v);
	if (n == 0 || n >= KJ_VERSION_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((v[i] >= 'a' && v[i] <= 'z') || (v[i] >= '0' && v[i] <= '9') ||
		      v[i] == '-' || v[i] == '_'))
			return 0;
	return 1;
}

static void crosswalk_href(struct kj_buf *b, const char *version)
{
	kj_h(b, "<a href=\"/catalog/versions/");
	kj_h_urlpart(b, version);
	kj_h(b, "/crosswalk\">");
}

/* On the catalog page: the way to the crosswalk into the version shown. */
static void crosswalk_link(struct kj_request *req, struct kj_buf *b)
{
	const struct kj_catalog *cat = &req->app->cat;
	char prev[KJ_VERSION_MAX], next[KJ_VERSION_MAX];
	struct kj_err err;
	if (kj_store_version_adjacent(req->st, cat->version, prev, next, &err) < 0 ||
	    !*prev)
		return;
	kj_h(b, "<p class=\"crosswalk-link\">");
	crosswalk_href(b, cat->version);
	kj_h_text(b, T("改訂の対応表"));
	kj_h(b, " (");
	kj_h_text(b, prev);
	kj_h(b, " → ");
	kj_h_text(b, cat->version);
	kj_h(b, ")</a></p>");
}

/* One side of a requirement's history: "2023 3.2.1-1 (文言変更)", ... */
static void lineage_row(struct kj_request *req, struct kj_buf *b, const char *label,
			const struct kj_req_link *l, int n, const char *none)
{
	kj_h(b, "<dt>");
	kj_h_text(b, label);
	kj_h(b, "</dt><dd>");
	if (n == 0)
		kj_h_text(b, none);
	for (int i = 0; i < n; i++) {
		if (i)
			kj_h(b, "、");
		kj_h_text(b, l[i].version);
		kj_h(b, " <span class=\"req-id\">");
		kj_h_text(b, l[i].code);
		kj_h(b, "</span> <span class=\"tag\">");
		kj_h_text(b, kj_tr(req, kind_label(l[i].kind)));
		kj_h(b, "</span>");
	}
	kj_h(b, "</dd>");
}

/* On a requirement's page: where it comes from and where it goes. */
static int lineage(struct kj_request *req, struct kj_buf *b,
		   const struct kj_requirement *r)
{
	const struct kj_catalog *cat = &req->app->cat;
	char prev[KJ_VERSION_MAX], next[KJ_VERSION_MAX];
	struct kj_req_link back[KJ_XW_IDS_MAX], fwd[KJ_XW_IDS_MAX];
	int nb = 0, nf = 0;
	struct kj_err err;
	if (kj_store_version_adjacent(req->st, cat->version, prev, next, &err) < 0)
		return -1;
	if (!*prev && !*next)
		return 0;
	if ((*prev && kj_store_req_follow(req->st, cat->version, r->id, -1, prev, back,
					  KJ_XW_IDS_MAX, &nb, &err) < 0) ||
	    (*next && kj_store_req_follow(req->st, cat->version, r->id, 1, next, fwd,
					  KJ_XW_IDS_MAX, &nf, &err) < 0))
		return -1;
	kj_h(b, "<h2>");
	kj_h_text(b, T("改訂の経緯"));
	kj_h(b, "</h2><dl class=\"meta\">");
	if (*prev)
		lineage_row(req, b, T("前の版"), back, nb, T("なし（この版で新設）"));
	if (*next)
		lineage_row(req, b, T("次の版"), fwd, nf, T("なし（次の版で削除）"));
	kj_h(b, "</dl><p>");
	crosswalk_href(b, *prev ? cat->version : next);
	kj_h_text(b, T("改訂の対応表"));
	kj_h(b, "</a></p>");
	return 0;
}

/* GET /catalog/versions/{version}/crosswalk: a revision's crosswalk. */
int kj_page_crosswalk(struct kj_request *req, struct kj_response *resp)
{
	const char *version = req->args[0];
	if (!version_ok(version))
		return 404;
	struct kj_xw_row *rows = calloc(2 * (size_t)KJ_XW_ENTRIES_MAX, sizeof *rows);
	char from[KJ_VERSION_MAX], prev[KJ_VERSION_MAX], next[KJ_VERSION_MAX];
	struct kj_err err;
	int n = 0;
	if (!rows)
		return 500;
	if (kj_store_version_adjacent(req->st, version, prev, next, &err) < 0) {
		free(rows);
		return 404;
	}
	if (kj_store_crosswalk(req->st, version, from, rows, 2 * KJ_XW_ENTRIES_MAX, &n,
			       &err) < 0) {
		free(rows);
		return 500;
	}
	struct kj_buf *b = &resp->body;
	const char *in_force = req->app->cat.version;
	char title[160];
	snprintf(title, sizeof title, "%s %s", T("改訂の対応表"), version);
	kj_page_begin(req, resp, title);
	kj_h(b, "<nav aria-label=\"");
	kj_h_attr(b, T("パンくずリスト"));
	kj_h(b, "\"><ol class=\"breadcrumbs\"><li><a href=\"/catalog\">");
	kj_h_text(b, T("統一基準"));
	kj_h(b, "</a></li></ol></nav><h1>");
	kj_h_text(b, title);
	kj_h(b, "</h1>");
	if (!*from) {
		kj_h(b, "<p>");
		kj_h_text(b, T("この版はデータベースで最初の版のため、対応表はありません。"));
		kj_h(b, "</p>");
	} else {
		int count[KJ_XW_NKINDS] = { 0 };
		for (int i = 0; i < n; i++) {
			int k = kj_xw_kind_parse(rows[i].kind);
			if (k >= 0)
				count[k]++;
		}
		kj_h(b, "<p>");
		kj_h_text(b, T("前の版"));
		kj_h(b, " ");
		kj_h_text(b, from);
		kj_h(b, " → ");
		kj_h_text(b, version);
		kj_h(b, "</p><ul class=\"plain\">");
		for (int k = 0; k < KJ_XW_NKINDS; k++) {
			kj_h(b, "<li><span class=\"tag\">");
			kj_h_text(b, kj_tr(req, kind_label(kj_xw_kind_name(k))));
			kj_h(b, "</span> ");
			kj_h_count(b, count[k]);
			kj_h(b, "</li>");
		}
		kj_h(b, "</ul><div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"");
		kj_h_attr(b, T("旧版の対策事項と新版の対策事項の対応"));
		kj_h(b, "\"><table class=\"data\"><caption>");
		kj_h_text(b, T("旧版の対策事項と新版の対策事項の対応"));
		kj_h(b, "</caption><thead><tr><th scope=\"col\">");
		kj_h_text(b, T("種別"));
		kj_h(b, "</th><th scope=\"col\">");
		kj_h_text(b, from);
		kj_h(b, "</th><th scope=\"col\">");
		kj_h_text(b, version);
		kj_h(b, "</th></tr></thead><tbody>");
		for (int i = 0; i < n; i++) {
			kj_h(b, "<tr><td><span class=\"tag\">");
			kj_h_text(b, kj_tr(req, kind_label(rows[i].kind)));
			kj_h(b, "</span></td><td>");
			kj_h_text(b, *rows[i].from ? rows[i].from : "—");
			kj_h(b, "</td><td>");
			if (*rows[i].to && !strcmp(version, in_force)) {
				kj_h(b, "<a href=\"/catalog/");
				kj_h_urlpart(b, rows[i].to);
				kj_h(b, "\">");
				kj_h_text(b, rows[i].to);
				kj_h(b, "</a>");
			} else {
				kj_h_text(b, *rows[i].to ? rows[i].to : "—");
			}
			kj_h(b, "</td></tr>");
		}
		kj_h(b, "</tbody></table></div>");
	}
	if (*next) {
		kj_h(b, "<p>");
		crosswalk_href(b, next);
		kj_h_text(b, T("次の版への対応表"));
		kj_h(b, " (");
		kj_h_text(b, next);
		kj_h(b, ")</a></p>");
	}
	kj_page_end(req, resp);
	free(rows);
	return 0;
}
