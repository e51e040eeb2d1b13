/*
 * One sector's safety standards (GET /safety/{sector}): its coverage of
 * Part 3 in cards, the gap list (requirements its own standards do not
 * cover), its documents with their clauses and the requirements each
 * covers, the mapping as a file in the import's format, and, for those
 * who may edit the sector, a link from each clause to its mapping form
 * (page_safety_map.c) and the import of a mapping file. Another operator's
 * internal rules (class ④) are only counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/crosswalk.h"
#include "model/safety.h"
#include "store/store_catalog.h"
#include "store/store_safety.h"
#include "web/app.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/page_safety.h"
#include "web/ui.h"

#define DOCS_MAX 200
#define CLAUSES_MAX 500

/*
 * How each requirement of CAT follows from the version before (see
 * kj_store_req_kinds), or NULL when that cannot be read: the badges then
 * say only "changed".
 */
static signed char *revision_kinds(struct kj_request *req, const struct kj_catalog *cat)
{
	struct kj_err err;
	signed char *k = malloc((size_t)cat->nreqs);
	if (k && kj_store_req_kinds(req->st, cat, k, &err) < 0) {
		free(k);
		k = NULL;
	}
	return k;
}

/* " (分割)" after a changed requirement's badge: the crosswalk's kind. */
static void revision_kind(struct kj_request *req, struct kj_buf *b,
			  const signed char *kinds, int r)
{
	if (!kinds || kinds[r] < KJ_XW_REWORDED || kinds[r] == KJ_XW_NEW)
		return;
	kj_h(b, " (");
	kj_h_text(b, kj_tr(req, kj_xw_kind_label(kinds[r])));
	kj_h(b, ")");
}

/* What the sector page shows, read before any of it is written. */
struct sector_page {
	const struct kj_catalog *cat;
	const char *sector;
	int si;			/* the sector's index in CAT */
	int editable;		/* the user may change its mapping */
	struct kj_coverage cov;
	struct kj_doc_row *docs;
	int ndocs;
	struct kj_clause_row *clauses;	/* room for one document's clauses */
	signed char *kinds;	/* revision_kinds(), or NULL */
};

static void sector_page_free(struct sector_page *p)
{
	kj_coverage_free(&p->cov);
	free(p->docs);
	free(p->clauses);
	free(p->kinds);
}

/* Loads the sector's documents and the national coverage; an HTTP status. */
static int sector_page_load(struct kj_request *req, struct sector_page *p)
{
	struct kj_err err;
	memset(p, 0, sizeof *p);
	p->cat = &req->app->cat;
	p->sector = req->args[0];
	p->si = kj_catalog_sector_index(&req->app->cat, p->sector);
	if (p->si < 0)
		return 404;
	if (!kj_authz_sector(&req->user, KJ_PERM_SAFETY_READ, p->sector))
		return 403;
	p->docs = calloc(DOCS_MAX, sizeof *p->docs);
	p->clauses = calloc(CLAUSES_MAX, sizeof *p->clauses);
	if (!p->docs || !p->clauses ||
	    kj_store_safety_docs(req->st, p->sector, p->docs, DOCS_MAX, &p->ndocs, &err) < 0) {
		free(p->docs);
		free(p->clauses);
		return 500;
	}
	if (kj_store_coverage(req->st, p->cat, &p->cov, &err) < 0) {
		free(p->docs);
		free(p->clauses);
		return 500;
	}
	p->editable = kj_authz_sector(&req->user, KJ_PERM_SAFETY_EDIT, p->sector);
	return 0;
}

/* The breadcrumbs and the title. */
static void sector_head(struct kj_request *req, struct kj_buf *b, const char *title)
{
	kj_h(b, "<nav aria-label=\"");
	kj_h_attr(b, T("パンくずリスト"));
	kj_h(b, "\"><ol class=\"breadcrumbs\"><li><a href=\"/coverage\">");
	kj_h_text(b, T("充足状況"));
	kj_h(b, "</a></li></ol></nav><h1>");
	kj_h_text(b, title);
	kj_h(b, "</h1>");
}

/* One card per coverage state (with its partial cells), and the gaps. */
static void sector_cards(struct kj_request *req, struct kj_buf *b,
			 const struct sector_page *p)
{
	int counts[KJ_NCOV], partial[KJ_NCOV];
	kj_coverage_count(&p->cov, p->cat, p->si, -1, counts);
	kj_coverage_count_partial(&p->cov, p->cat, p->si, -1, partial);
	kj_h(b, "<ul class=\"cards\">");
	for (int k = KJ_NCOV - 1; k >= 0; k--) {
		kj_h(b, "<li class=\"card\"><h2>");
		kj_h_text(b, kj_ui_cov_label(req, (enum kj_cov)k));
		kj_h(b, "</h2><p class=\"figure\">");
		kj_h_count(b, counts[k]);
		kj_h(b, "</p>");
		if (k != KJ_COV_NONE && partial[k]) {
			kj_h(b, "<p>");
			kj_h_text(b, T("うち一部のみ規定"));
			kj_h(b, ": ");
			kj_h_count(b, partial[k]);
			kj_h(b, "</p>");
		}
		kj_h(b, "</li>");
	}
	kj_h(b, "<li class=\"card\"><h2>");
	kj_h_text(b, T("ギャップ（内規のみ＋規定なし）"));
	kj_h(b, "</h2><p class=\"figure\">");
	kj_h_count(b, kj_coverage_gaps(counts));
	kj_h(b, "</p></li></ul>");
}

/* One requirement of the gap list: its id, state, revision badge and text. */
static void gap_item(struct kj_request *req, struct kj_buf *b, const struct sector_page *p,
		     int r)
{
	const struct kj_catalog *cat = p->cat;
	size_t ci = (size_t)p->si * (size_t)p->cov.nreqs + (size_t)r;
	enum kj_cov c = (enum kj_cov)p->cov.cov[ci];
	kj_h(b, "<li><a class=\"req-id\" href=\"/catalog/");
	kj_h_urlpart(b, cat->reqs[r].id);
	kj_h(b, "\">");
	kj_h_text(b, cat->reqs[r].id);
	kj_h(b, "</a> <span class=\"badge ");
	kj_h(b, c == KJ_COV_NONE ? "off\">" : "warn\">");
	kj_h_text(b, kj_ui_cov_label(req, c));
	if (c == KJ_COV_OPERATORS) {
		kj_h(b, " (");
		kj_h_text(b, T("内規の事業者数"));
		kj_h(b, ": ");
		kj_h_count(b, p->cov.operators[ci]);
		kj_h(b, ")");
	}
	kj_h(b, "</span>");
	if (p->cov.req_new[r] || p->cov.req_changed[r]) {
		kj_h(b, " <span class=\"badge warn\">");
		kj_h_text(b, T(p->cov.req_new[r] ? N_("新規の対策事項") : N_("改定で変更")));
		revision_kind(req, b, p->kinds, r);
		kj_h(b, "</span>");
	}
	kj_h(b, "<p class=\"req-text\">");
	kj_h_text(b, req->lang == KJ_LANG_EN ? cat->reqs[r].text_en : cat->reqs[r].text_ja);
	kj_h(b, "</p></li>");
}

/* The gap list: requirements the sector's own standards (①②③) do not cover. */
static void sector_gaps(struct kj_request *req, struct kj_buf *b, const struct sector_page *p)
{
	kj_h(b, "<h2 id=\"gaps\">");
	kj_h_text(b, T("分野として規定がない対策事項（ギャップ）"));
	kj_h(b, "</h2><p>");
	kj_h_text(b, T("強制基準・推奨基準・業界標準のいずれも規定していない対策事項です。一部の事業者の内規（④）だけが規定しているものも含みます。"));
	kj_h(b, "</p>");
	int gaps = 0;
	for (int r = 0; r < p->cat->nreqs; r++) {
		size_t ci = (size_t)p->si * (size_t)p->cov.nreqs + (size_t)r;
		if (!kj_cov_is_gap((enum kj_cov)p->cov.cov[ci]))
			continue;
		if (!gaps++)
			kj_h(b, "<ol class=\"reqs\">");
		gap_item(req, b, p, r);
	}
	if (gaps)
		kj_h(b, "</ol>");
	else {
		kj_h(b, "<p>");
		kj_h_text(b, T("分野として規定がない対策事項はありません。"));
		kj_h(b, "</p>");
	}
}

/* A document's heading and its line of class, issuer, operator, date, link. */
static void document_head(struct kj_request *req, struct kj_buf *b,
			  const struct kj_catalog *cat, const struct kj_doc_row *d)
{
	kj_h(b, "<section class=\"document\"><h3>");
	kj_h_text(b, d->title);
	if (d->version[0]) {
		kj_h(b, " (");
		kj_h_text(b, d->version);
		kj_h(b, ")");
	}
	kj_h(b, "</h3><p>");
	if (d->class_n >= 1 && d->class_n <= cat->nclasses) {
		const struct kj_safety_class *k = &cat->classes[d->class_n - 1];
		kj_h(b, "<span class=\"tag\">");
		kj_h_text(b, req->lang == KJ_LANG_EN ? k->name_en : k->name_ja);
		kj_h(b, "</span> ");
	}
	kj_h_text(b, d->issuer);
	if (d->class_n == 4 && d->organisation_name[0]) {
		kj_h(b, " · ");
		kj_h_text(b, T("内規の事業者"));
		kj_h(b, ": <a href=\"/registry/");
		kj_h_int(b, d->organisation_id);
		kj_h(b, "\">");
		kj_h_text(b, d->organisation_name);
		kj_h(b, "</a>");
	}
	if (d->issued_on[0]) {
		kj_h(b, " · ");
		kj_h_text(b, T("発行日"));
		kj_h(b, " ");
		kj_h_date(req, b, d->issued_on, 0);
	}
	if (d->link[0]) {
		kj_h(b, " · ");
		kj_h_link(b, d->link, T("文書へのリンク"));
	}
	kj_h(b, "</p>");
}

/* The notice of a change to this clause, after the mapping form's redirect. */
static void clause_notice(struct kj_request *req, struct kj_buf *b, const struct kj_clause_row *c)
{
	const char *done = kj_param(req, "done"), *which = kj_param(req, "clause");
	int64_t id;
	if (!done || !which || kj_parse_id(which, &id) < 0 || id != c->id)
		return;
	if (!strcmp(done, "map"))
		kj_form_done(req, b, N_("対応付けを保存しました。"));
	else if (!strcmp(done, "unmap"))
		kj_form_done(req, b, N_("対応付けを外しました。"));
}

/* One clause: its number and title (its anchor, #clause-ID), the
 * requirements it covers and, when EDITABLE, the link to its mapping form. */
static void clause_row(struct kj_request *req, struct kj_buf *b,
		       const struct kj_clause_row *c, int editable)
{
	kj_h(b, "<tr id=\"clause-");
	kj_h_int(b, c->id);
	kj_h(b, "\"><th scope=\"row\">");
	kj_h_text(b, c->number);
	if (c->title[0]) {
		kj_h(b, " ");
		kj_h_text(b, c->title);
	}
	kj_h(b, "</th><td>");
	clause_notice(req, b, c);
	kj_h(b, "<ul class=\"plain inline-list\">");
	for (int k = 0; k < c->nreqs; k++) {
		kj_h(b, "<li><a href=\"/catalog/");
		kj_h_urlpart(b, c->reqs[k]);
		kj_h(b, "\">");
		kj_h_text(b, c->reqs[k]);
		kj_h(b, "</a>");
		kj_h_text(b, T(c->partial[k] ? N_("（一部）") : N_("（全部）")));
		kj_h(b, "</li>");
	}
	kj_h(b, "</ul>");
	if (editable) {
		kj_h(b, "<a class=\"edit-mapping\" href=\"/safety/clauses/");
		kj_h_int(b, c->id);
		kj_h(b, "/map\">");
		kj_h_text(b, T("対応付けを編集"));
		kj_h(b, "<span class=\"visually-hidden\"> ");
		kj_h_text(b, c->number);
		kj_h(b, "</span></a>");
	}
	kj_h(b, "</td></tr>");
}

/* One document: its heading and the table of its clauses. */
static void document(struct kj_request *req, struct kj_buf *b, struct sector_page *p,
		     const struct kj_doc_row *d)
{
	struct kj_err err;
	int nclauses = 0;
	if (kj_store_safety_clauses(req->st, d->id, p->clauses, CLAUSES_MAX, &nclauses,
				    &err) < 0)
		nclauses = 0;
	document_head(req, b, p->cat, d);
	kj_h(b, "<div class=\"table-wrap\"><table class=\"data\"><caption>");
	kj_h_text(b, T("条項と対応する対策事項"));
	kj_h(b, "</caption><thead><tr><th scope=\"col\">");
	kj_h_text(b, T("条項"));
	kj_h(b, "</th><th scope=\"col\">");
	kj_h_text(b, T("対策事項"));
	kj_h(b, "</th></tr></thead><tbody>");
	for (int c = 0; c < nclauses; c++)
		clause_row(req, b, &p->clauses[c], p->editable);
	kj_h(b, "</tbody></table></div></section>");
}

/* The documents the user may see, and how many other operators' internal
 * rules are only counted. */
static void sector_documents(struct kj_request *req, struct kj_buf *b, struct sector_page *p)
{
	kj_h(b, "<h2>");
	kj_h_text(b, T("安全基準等の文書"));
	kj_h(b, "</h2>");
	if (p->ndocs) {
		kj_h(b, "<p>");
		kj_h_text(b, T("条項と対策事項の対応表（取り込みと同じ列）"));
		kj_h(b, ": <a href=\"/safety/");
		kj_h_urlpart(b, p->sector);
		kj_h(b, "/export?format=csv\">");
		kj_h_text(b, T("CSV で書き出す"));
		kj_h(b, "</a> · <a href=\"/safety/");
		kj_h_urlpart(b, p->sector);
		kj_h(b, "/export?format=xlsx\">");
		kj_h_text(b, T("Excel で書き出す"));
		kj_h(b, "</a></p>");
	}
	if (!p->ndocs) {
		kj_h(b, "<p>");
		kj_h_text(b, T("文書はまだ登録されていません。"));
		kj_h(b, "</p>");
	}
	int hidden = 0;
	for (int d = 0; d < p->ndocs; d++)
		hidden += !kj_web_safety_doc_visible(req, &p->docs[d]);
	if (hidden) {
		kj_h(b, "<p class=\"notice\">");
		kj_h_text(b, T("内容を表示しない事業者の内規（④）"));
		kj_h(b, ": ");
		kj_h_count(b, hidden);
		kj_h(b, " ");
		kj_h_text(b, T("内規は各事業者の情報のため、その事業者・所管省庁・国家サイバー統括室・監査人にだけ表示します。充足状況の集計には含みます。"));
		kj_h(b, "</p>");
	}
	for (int d = 0; d < p->ndocs; d++)
		if (kj_web_safety_doc_visible(req, &p->docs[d]))
			document(req, b, p, &p->docs[d]);
}

/* The upload form of a mapping file, for those who may edit the sector;
 * F holds a refused import's errors. */
static void sector_import_form(struct kj_request *req, struct kj_buf *b, const char *sector,
			       const struct kj_form *f)
{
	char action[64];
	snprintf(action, sizeof action, "/safety/%s/import", sector);
	kj_h(b, "<h2 id=\"import\">");
	kj_h_text(b, T("対応表の取り込み"));
	kj_h(b, "</h2>");
	kj_ui_upload_form(req, b, action, N_("対応表のファイル"),
			  "列: 分野, 分類, 発行者, 文書名, 版, 発行日, URL, 条項番号, 条項名, 条項本文, 対策事項, 充足度, 法人番号（分類④の行だけ：内規を定めた事業者）", f);
}

int kj_page_safety_sector(struct kj_request *req, struct kj_response *resp)
{
	return kj_web_safety_sector_page(req, resp, NULL);
}

int kj_web_safety_sector_page(struct kj_request *req, struct kj_response *resp,
			      const struct kj_form *import)
{
	struct sector_page p;
	int status = sector_page_load(req, &p);
	if (status)
		return status;
	struct kj_buf *b = &resp->body;
	char title[256];
	snprintf(title, sizeof title, "%s — %s", kj_ui_sector_name(req, p.sector),
		 T("安全基準等"));
	kj_page_begin(req, resp, title);
	sector_head(req, b, title);
	kj_form_summary(req, b, import);
	sector_cards(req, b, &p);
	p.kinds = revision_kinds(req, p.cat);
	sector_gaps(req, b, &p);
	sector_documents(req, b, &p);
	if (p.editable)
		sector_import_form(req, b, p.sector, import);
	kj_page_end(req, resp);
	sector_page_free(&p);
	if (import && import->nerrors)
		resp->status = 400;
	return 0;
}
