/*
 * Safety standards and their coverage of Part 3: the national heat map
 * (16 sectors x 90 requirements, with a text alternative, a data table and
 * a summary by function), a page per sector with its documents, clauses,
 * mapping and gap list, mapping edits and imports, and exports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/safety.h"
#include "model/table.h"
#include "model/crosswalk.h"
#include "store/store_safety.h"
#include "store/store_view.h"
#include "app/safety_import.h"
#include "web/app.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/ui.h"

#define DOCS_MAX 200
#define CLAUSES_MAX 500

static const char *cov_label(const struct kj_request *req, enum kj_cov c)
{
	return req->lang == KJ_LANG_EN ? kj_cov_label_en(c) : kj_cov_label_ja(c);
}

static const char *cov_short(const struct kj_request *req, enum kj_cov c)
{
	return req->lang == KJ_LANG_EN ? kj_cov_short_en(c) : kj_cov_short_ja(c);
}

static int sector_index(const struct kj_catalog *cat, const char *code)
{
	for (int i = 0; i < cat->nsectors; i++)
		if (!strcmp(cat->sectors[i].code, code))
			return i;
	return -1;
}

int kj_web_safety_doc_visible(const struct kj_request *req, const struct kj_doc_row *d)
{
	if (d->class_n != 4)
		return 1;
	char sec[1][24];
	struct kj_org_view o;
	struct kj_err err;
	int found = 0;
	if (d->organisation_id <= 0 ||
	    kj_store_org_get(req->st, d->organisation_id, &o, &found, &err) < 0 || !found)
		return 0;
	/* The operator in the document's sector, with the ministries it is
	 * assigned to: in a shared sector only those ministries see it. */
	kj_strlcpy(sec[0], d->sector, sizeof sec[0]);
	struct kj_object obj = { d->organisation_id, (const char (*)[24])sec, 1,
				 (const char (*)[16])o.ministries, o.nministries };
	return kj_authz_object(&req->user, KJ_PERM_SAFETY_READ, &obj);
}

/* The four states best first, the gaps among them, and (PARTIAL not NULL)
 * the partial cells. */
static void counts_cells(struct kj_buf *b, const int counts[KJ_NCOV],
			 const int *partial)
{
	int np = 0;
	for (int k = KJ_NCOV - 1; k >= 0; k--) {
		kj_h(b, "<td class=\"num\">");
		kj_h_int(b, counts[k]);
		kj_h(b, "</td>");
		if (partial && k != KJ_COV_NONE)
			np += partial[k];
	}
	kj_h(b, "<td class=\"num\"><strong>");
	kj_h_int(b, kj_coverage_gaps(counts));
	kj_h(b, "</strong></td>");
	if (partial) {
		kj_h(b, "<td class=\"num\">");
		kj_h_int(b, np);
		kj_h(b, "</td>");
	}
}

/* Short heads: the list above the figures says what each state means.
 * The states best first, the gaps, and with PARTIAL the partial cells. */
static void counts_head(struct kj_request *req, struct kj_buf *b, int partial)
{
	for (int k = KJ_NCOV - 1; k >= 0; k--) {
		kj_h(b, "<th scope=\"col\">");
		kj_h_text(b, cov_short(req, (enum kj_cov)k));
		kj_h(b, "</th>");
	}
	kj_h(b, "<th scope=\"col\">");
	kj_h_text(b, T("ギャップ"));
	kj_h(b, "</th>");
	if (partial) {
		kj_h(b, "<th scope=\"col\">");
		kj_h_text(b, T("一部のみ規定"));
		kj_h(b, "</th>");
	}
}

/*
 * A wide table's scrolling wrapper, reachable by keyboard (a region named
 * by the table's caption CAPTION_JA), then the table and its caption.
 */
static void table_open(struct kj_request *req, struct kj_buf *b, const char *caption_ja)
{
	kj_h(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"");
	kj_h_attr(b, T(caption_ja));
	kj_h(b, "\"><table class=\"data\"><caption>");
	kj_h_text(b, T(caption_ja));
}

/* What the four states mean, before the figures. */
static void states_explained(struct kj_request *req, struct kj_buf *b)
{
	kj_h(b, "<ul class=\"plain\">");
	for (int k = KJ_NCOV - 1; k >= 0; k--) {
		kj_h(b, "<li><strong>");
		kj_h_text(b, cov_label(req, (enum kj_cov)k));
		int en = req->lang == KJ_LANG_EN;
		kj_h(b, en ? "</strong> (" : "</strong>（");
		kj_h_text(b, T("表では"));
		kj_h(b, en ? " \"" : "「");
		kj_h_text(b, cov_short(req, (enum kj_cov)k));
		kj_h(b, en ? "\"): " : "」）：");
		switch (k) {
		case KJ_COV_GOVERNMENT:
			kj_h_text(b, T("所管省庁の強制基準（①）または推奨基準・ガイドライン（②）が規定している。"));
			break;
		case KJ_COV_INDUSTRY:
			kj_h_text(b, T("政府の基準にはないが、業界団体等の業界標準・ガイドライン（③）が規定している。分野として規定済みであり、ギャップではない。"));
			break;
		case KJ_COV_OPERATORS:
			kj_h_text(b, T("一部の事業者の内規（④）だけが規定している。内規はその事業者だけのものであり、分野としてはギャップである。"));
			break;
		default:
			kj_h_text(b, T("どの文書も規定していない。ギャップである。"));
		}
		kj_h(b, "</li>");
	}
	kj_h(b, "</ul><p>");
	kj_h_text(b, T("表の「ギャップ」は「④ 内規のみ」と「規定なし」の合計です。"));
	kj_h(b, " ");
	kj_h_text(b, T("「一部のみ規定」は、その状態を与える分類の条項がいずれも対策事項の一部だけを規定していることを示します（下位の分類が全部を規定していても変わりません）。"));
	kj_h(b, "</p>");
}

int kj_page_coverage(struct kj_request *req, struct kj_response *resp)
{
	const struct kj_catalog *cat = &req->app->cat;
	struct kj_coverage cov;
	struct kj_err err;
	if (kj_store_coverage(req->st, cat, &cov, &err) < 0)
		return 500;
	struct kj_buf *b = &resp->body;
	kj_page_begin(req, resp, T("安全基準等による対策事項の充足状況"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("安全基準等による対策事項の充足状況"));
	kj_h(b, "</h1><p>");
	kj_h_text(b, T("統一基準 2.1.2(2) により、各分野の安全基準等には第3部の対策事項を含めることとされています。分野ごとに、各対策事項がどの分類の文書で規定されているかを示します。"));
	kj_h(b, "</p>");
	states_explained(req, b);
	kj_h(b, "<p>");
	kj_h_text(b, T("版"));
	kj_h(b, " ");
	kj_h_text(b, cat->version);
	kj_h(b, " — <a href=\"/coverage/export?format=csv\">");
	kj_h_text(b, T("CSV で書き出す"));
	kj_h(b, "</a> · <a href=\"/coverage/export?format=xlsx\">");
	kj_h_text(b, T("Excel で書き出す"));
	kj_h(b, "</a></p><figure class=\"heatmap\">");
	kj_coverage_svg(b, &cov, cat, req->lang == KJ_LANG_EN);
	kj_h(b, "<figcaption>");
	kj_h_text(b, T("行は分野、列は対策事項（3.2 組織統治 〜 3.7 技術・脅威の動向等を踏まえた対策）、右端の数はギャップ（内規のみ＋規定なし）。同じ数値を下の表に示します。"));
	kj_h(b, "</figcaption></figure>");

	/* The summary: per sector, counts overall; then per function nationally. */
	kj_h(b, "<h2>");
	kj_h_text(b, T("分野別の集計"));
	kj_h(b, "</h2>");
	table_open(req, b, N_("分野ごとの対策事項数（全90件）"));
	kj_h(b, "</caption><thead><tr><th scope=\"col\">");
	kj_h_text(b, T("分野"));
	kj_h(b, "</th>");
	counts_head(req, b, 1);
	kj_h(b, "</tr></thead><tbody>");
	for (int s = 0; s < cat->nsectors; s++) {
		int counts[KJ_NCOV], partial[KJ_NCOV];
		kj_coverage_count(&cov, cat, s, -1, counts);
		kj_coverage_count_partial(&cov, cat, s, -1, partial);
		kj_h(b, "<tr><th scope=\"row\"><a href=\"/safety/");
		kj_h_urlpart(b, cat->sectors[s].code);
		kj_h(b, "\">");
		kj_h_text(b, kj_ui_sector_name(req, cat->sectors[s].code));
		kj_h(b, "</a></th>");
		counts_cells(b, counts, partial);
		kj_h(b, "</tr>");
	}
	kj_h(b, "</tbody></table></div><h2>");
	kj_h_text(b, T("節別の集計（全分野）"));
	kj_h(b, "</h2>");
	table_open(req, b, N_("第3部の節ごとの分野×対策事項の数"));
	kj_h(b, "</caption><thead><tr><th scope=\"col\">");
	kj_h_text(b, T("節"));
	kj_h(b, "</th>");
	counts_head(req, b, 1);
	kj_h(b, "</tr></thead><tbody>");
	for (int f = 0; f < cat->nfunctions; f++) {
		int total[KJ_NCOV] = { 0 }, ptotal[KJ_NCOV] = { 0 };
		char heading[200];
		for (int s = 0; s < cat->nsectors; s++) {
			int counts[KJ_NCOV], partial[KJ_NCOV];
			kj_coverage_count(&cov, cat, s, f, counts);
			kj_coverage_count_partial(&cov, cat, s, f, partial);
			for (int k = 0; k < KJ_NCOV; k++) {
				total[k] += counts[k];
				ptotal[k] += partial[k];
			}
		}
		kj_cov_section_heading(cat, f, req->lang == KJ_LANG_EN, heading, sizeof heading);
		kj_h(b, "<tr><th scope=\"row\">");
		kj_h_text(b, heading);
		kj_h(b, "</th>");
		counts_cells(b, total, ptotal);
		kj_h(b, "</tr>");
	}
	kj_h(b, "</tbody></table></div>");

	/* Requirements new or changed in this version: how many sectors each state. */
	int nrev = 0;
	for (int r = 0; r < cat->nreqs; r++) {
		if (!cov.req_new[r] && !cov.req_changed[r])
			continue;
		if (!nrev++) {
			kj_h(b, "<h2>");
			kj_h_text(b, T("改定で新設・変更された対策事項"));
			kj_h(b, "</h2>");
			table_open(req, b, N_("対策事項ごとの各状態の分野数"));
			kj_h(b, "</caption><thead><tr><th scope=\"col\">");
			kj_h_text(b, T("対策事項"));
			kj_h(b, "</th><th scope=\"col\">");
			kj_h_text(b, T("改定"));
			kj_h(b, "</th>");
			counts_head(req, b, 0);
			kj_h(b, "</tr></thead><tbody>");
		}
		int n[KJ_NCOV] = { 0 };
		for (int s = 0; s < cat->nsectors; s++)
			n[cov.cov[(size_t)s * (size_t)cov.nreqs + (size_t)r] % KJ_NCOV]++;
		kj_h(b, "<tr><th scope=\"row\"><a href=\"/catalog/");
		kj_h_urlpart(b, cat->reqs[r].id);
		kj_h(b, "\">");
		kj_h_text(b, cat->reqs[r].id);
		kj_h(b, "</a></th><td>");
		kj_h_text(b, T(cov.req_new[r] ? N_("新規の対策事項") : N_("改定で変更")));
		kj_h(b, "</td>");
		counts_cells(b, n, NULL);
		kj_h(b, "</tr>");
	}
	if (nrev)
		kj_h(b, "</tbody></table></div>");
	kj_page_end(req, resp);
	kj_coverage_free(&cov);
	return 0;
}

struct cov_ctx {
	const struct kj_coverage *cov;
	const struct kj_catalog *cat;
};

static int cov_csv(FILE *f, void *ctx)
{
	struct cov_ctx *c = ctx;
	return kj_coverage_write_csv(f, c->cov, c->cat);
}

static int cov_xlsx(const char *path, void *ctx)
{
	struct cov_ctx *c = ctx;
	struct kj_err err;
	return kj_coverage_write_xlsx(path, c->cov, c->cat, &err);
}

int kj_page_coverage_export(struct kj_request *req, struct kj_response *resp)
{
	struct kj_coverage cov;
	struct kj_err err;
	if (kj_store_coverage(req->st, &req->app->cat, &cov, &err) < 0)
		return 500;
	struct cov_ctx c = { &cov, &req->app->cat };
	int rc = kj_web_send_table(req, resp, kj_param(req, "format"), "kijun-coverage",
				   (long)req->app->cat.nsectors * req->app->cat.nreqs,
				   cov_csv, cov_xlsx, &c);
	kj_coverage_free(&cov);
	return rc;
}

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

int kj_page_safety_sector(struct kj_request *req, struct kj_response *resp)
{
	const struct kj_catalog *cat = &req->app->cat;
	const char *sector = req->args[0];
	int si = sector_index(cat, sector);
	if (si < 0)
		return 404;
	if (!kj_authz_sector(&req->user, KJ_PERM_SAFETY_READ, sector))
		return 403;
	struct kj_coverage cov;
	struct kj_err err;
	struct kj_doc_row *docs = calloc(DOCS_MAX, sizeof *docs);
	struct kj_clause_row *clauses = calloc(CLAUSES_MAX, sizeof *clauses);
	int ndocs = 0;
	if (!docs || !clauses || kj_store_safety_docs(req->st, sector, docs, DOCS_MAX, &ndocs,
						      &err) < 0 ||
	    kj_store_coverage(req->st, cat, &cov, &err) < 0) {
		free(docs);
		free(clauses);
		return 500;
	}
	int editable = kj_authz_sector(&req->user, KJ_PERM_SAFETY_EDIT, sector);
	struct kj_buf *b = &resp->body;
	char title[256];
	snprintf(title, sizeof title, "%s — %s", kj_ui_sector_name(req, sector),
		 T("安全基準等"));
	kj_page_begin(req, resp, title);
	kj_h(b, "<nav aria-label=\"");
	kj_h_attr(b, T("パンくずリスト"));
	kj_h(b, "\"><ol class=\"breadcrumbs\"><li><a href=\"/coverage\">");
	kj_h_text(b, T("充足状況"));
	kj_h(b, "</a></li></ol></nav><h1>");
	kj_h_text(b, title);
	kj_h(b, "</h1>");
	if (kj_param(req, "done")) {
		kj_h(b, "<p class=\"notice success\" role=\"status\">");
		kj_h_text(b, T("変更を保存しました。"));
		kj_h(b, "</p>");
	}
	int counts[KJ_NCOV], partial[KJ_NCOV];
	kj_coverage_count(&cov, cat, si, -1, counts);
	kj_coverage_count_partial(&cov, cat, si, -1, partial);
	kj_h(b, "<ul class=\"cards\">");
	for (int k = KJ_NCOV - 1; k >= 0; k--) {
		kj_h(b, "<li class=\"card\"><h2>");
		kj_h_text(b, cov_label(req, (enum kj_cov)k));
		kj_h(b, "</h2><p class=\"figure\">");
		kj_h_int(b, counts[k]);
		kj_h(b, "</p>");
		if (k != KJ_COV_NONE && partial[k]) {
			kj_h(b, "<p>");
			kj_h_text(b, T("うち一部のみ規定"));
			kj_h(b, ": ");
			kj_h_int(b, partial[k]);
			kj_h(b, "</p>");
		}
		kj_h(b, "</li>");
	}
	kj_h(b, "<li class=\"card\"><h2>");
	kj_h_text(b, T("ギャップ（内規のみ＋規定なし）"));
	kj_h(b, "</h2><p class=\"figure\">");
	kj_h_int(b, kj_coverage_gaps(counts));
	kj_h(b, "</p></li></ul>");

	/* The gap list: requirements the sector's own standards (①②③) do not cover. */
	signed char *kinds = revision_kinds(req, cat);
	kj_h(b, "<h2 id=\"gaps\">");
	kj_h_text(b, T("分野として規定がない対策事項（ギャップ）"));
	kj_h(b, "</h2><p>");
	kj_h_text(b, T("強制基準・推奨基準・業界標準のいずれも規定していない対策事項です。一部の事業者の内規（④）だけが規定しているものも含みます。"));
	kj_h(b, "</p>");
	int gaps = 0;
	for (int r = 0; r < cat->nreqs; r++) {
		size_t ci = (size_t)si * (size_t)cov.nreqs + (size_t)r;
		enum kj_cov c = (enum kj_cov)cov.cov[ci];
		if (!kj_cov_is_gap(c))
			continue;
		if (!gaps++)
			kj_h(b, "<ol class=\"reqs\">");
		kj_h(b, "<li><a class=\"req-id\" href=\"/catalog/");
		kj_h_urlpart(b, cat->reqs[r].id);
		kj_h(b, "\">");
		kj_h_text(b, cat->reqs[r].id);
		kj_h(b, "</a> <span class=\"badge ");
		kj_h(b, c == KJ_COV_NONE ? "off\">" : "warn\">");
		kj_h_text(b, cov_label(req, c));
		if (c == KJ_COV_OPERATORS) {
			kj_h(b, " (");
			kj_h_text(b, T("内規の事業者数"));
			kj_h(b, ": ");
			kj_h_int(b, cov.operators[ci]);
			kj_h(b, ")");
		}
		kj_h(b, "</span>");
		if (cov.req_new[r] || cov.req_changed[r]) {
			kj_h(b, " <span class=\"badge warn\">");
			kj_h_text(b, T(cov.req_new[r] ? N_("新規の対策事項") : N_("改定で変更")));
			revision_kind(req, b, kinds, r);
			kj_h(b, "</span>");
		}
		kj_h(b, "<p class=\"req-text\">");
		kj_h_text(b, req->lang == KJ_LANG_EN ? cat->reqs[r].text_en : cat->reqs[r].text_ja);
		kj_h(b, "</p></li>");
	}
	if (gaps)
		kj_h(b, "</ol>");
	else {
		kj_h(b, "<p>");
		kj_h_text(b, T("分野として規定がない対策事項はありません。"));
		kj_h(b, "</p>");
	}

	/* Documents and their clauses. */
	kj_h(b, "<h2>");
	kj_h_text(b, T("安全基準等の文書"));
	kj_h(b, "</h2>");
	if (!ndocs) {
		kj_h(b, "<p>");
		kj_h_text(b, T("文書はまだ登録されていません。"));
		kj_h(b, "</p>");
	}
	int hidden = 0;
	for (int d = 0; d < ndocs; d++)
		hidden += !kj_web_safety_doc_visible(req, &docs[d]);
	if (hidden) {
		kj_h(b, "<p class=\"notice\">");
		kj_h_text(b, T("内容を表示しない事業者の内規（④）"));
		kj_h(b, ": ");
		kj_h_int(b, hidden);
		kj_h(b, " ");
		kj_h_text(b, T("内規は各事業者の情報のため、その事業者・所管省庁・国家サイバー統括室・監査人にだけ表示します。充足状況の集計には含みます。"));
		kj_h(b, "</p>");
	}
	for (int d = 0; d < ndocs; d++) {
		int nclauses = 0;
		if (!kj_web_safety_doc_visible(req, &docs[d]))
			continue;
		if (kj_store_safety_clauses(req->st, docs[d].id, clauses, CLAUSES_MAX, &nclauses,
					    &err) < 0)
			nclauses = 0;
		kj_h(b, "<section class=\"document\"><h3>");
		kj_h_text(b, docs[d].title);
		if (docs[d].version[0]) {
			kj_h(b, " (");
			kj_h_text(b, docs[d].version);
			kj_h(b, ")");
		}
		kj_h(b, "</h3><p>");
		if (docs[d].class_n >= 1 && docs[d].class_n <= cat->nclasses) {
			const struct kj_safety_class *k = &cat->classes[docs[d].class_n - 1];
			kj_h(b, "<span class=\"tag\">");
			kj_h_text(b, req->lang == KJ_LANG_EN ? k->name_en : k->name_ja);
			kj_h(b, "</span> ");
		}
		kj_h_text(b, docs[d].issuer);
		if (docs[d].class_n == 4 && docs[d].organisation_name[0]) {
			kj_h(b, " · ");
			kj_h_text(b, T("内規の事業者"));
			kj_h(b, ": <a href=\"/registry/");
			kj_h_int(b, docs[d].organisation_id);
			kj_h(b, "\">");
			kj_h_text(b, docs[d].organisation_name);
			kj_h(b, "</a>");
		}
		if (docs[d].issued_on[0]) {
			kj_h(b, " · ");
			kj_h_text(b, docs[d].issued_on);
		}
		if (docs[d].link[0]) {
			kj_h(b, " · ");
			kj_h_link(b, docs[d].link, T("文書へのリンク"));
		}
		kj_h(b, "</p><div class=\"table-wrap\"><table class=\"data\"><caption>");
		kj_h_text(b, T("条項と対応する対策事項"));
		kj_h(b, "</caption><thead><tr><th scope=\"col\">");
		kj_h_text(b, T("条項"));
		kj_h(b, "</th><th scope=\"col\">");
		kj_h_text(b, T("対策事項"));
		kj_h(b, "</th>");
		if (editable) {
			kj_h(b, "<th scope=\"col\">");
			kj_h_text(b, T("対応を追加"));
			kj_h(b, "</th>");
		}
		kj_h(b, "</tr></thead><tbody>");
		for (int c = 0; c < nclauses; c++) {
			kj_h(b, "<tr><td>");
			kj_h_text(b, clauses[c].number);
			if (clauses[c].title[0]) {
				kj_h(b, " ");
				kj_h_text(b, clauses[c].title);
			}
			kj_h(b, "</td><td><ul class=\"plain\">");
			for (int k = 0; k < clauses[c].nreqs; k++) {
				kj_h(b, "<li><a href=\"/catalog/");
				kj_h_urlpart(b, clauses[c].reqs[k]);
				kj_h(b, "\">");
				kj_h_text(b, clauses[c].reqs[k]);
				kj_h(b, "</a> ");
				kj_h_text(b, T(clauses[c].partial[k] ? N_("（一部）") : N_("（全部）")));
				if (editable) {
					kj_h(b, " <form class=\"inline\" method=\"post\" action=\"/safety/clauses/");
					kj_h_int(b, clauses[c].id);
					kj_h(b, "/map\">");
					kj_h_csrf(req, b);
					kj_h(b, "<input type=\"hidden\" name=\"requirement\" value=\"");
					kj_h_attr(b, clauses[c].reqs[k]);
					kj_h(b, "\"><input type=\"hidden\" name=\"extent\" value=\"none\">"
						"<button type=\"submit\" class=\"secondary\">");
					kj_h_text(b, T("外す"));
					kj_h(b, "<span class=\"visually-hidden\"> ");
					kj_h_text(b, clauses[c].number);
					kj_h(b, " ");
					kj_h_text(b, clauses[c].reqs[k]);
					kj_h(b, "</span></button></form>");
				}
				kj_h(b, "</li>");
			}
			kj_h(b, "</ul></td>");
			if (editable) {
				char fid[48];
				snprintf(fid, sizeof fid, "map-%lld", (long long)clauses[c].id);
				kj_h(b, "<td><form class=\"inline\" method=\"post\" action=\"/safety/clauses/");
				kj_h_int(b, clauses[c].id);
				kj_h(b, "/map\">");
				kj_h_csrf(req, b);
				kj_h(b, "<label class=\"visually-hidden\" for=\"");
				kj_h_attr(b, fid);
				kj_h(b, "\">");
				kj_h_text(b, T("対策事項の番号"));
				kj_h(b, " ");
				kj_h_text(b, clauses[c].number);
				kj_h(b, "</label><input id=\"");
				kj_h_attr(b, fid);
				kj_h(b, "\" name=\"requirement\" type=\"text\" size=\"10\" maxlength=\"31\" placeholder=\"3.2.1-1\">"
					"<label class=\"visually-hidden\" for=\"");
				kj_h_attr(b, fid);
				kj_h(b, "-x\">");
				kj_h_text(b, T("充足度"));
				kj_h(b, "</label><select id=\"");
				kj_h_attr(b, fid);
				kj_h(b, "-x\" name=\"extent\"><option value=\"full\">");
				kj_h_text(b, T("全部"));
				kj_h(b, "</option><option value=\"partial\">");
				kj_h_text(b, T("一部"));
				kj_h(b, "</option></select><button type=\"submit\">");
				kj_h_text(b, T("追加する"));
				kj_h(b, "</button></form></td>");
			}
			kj_h(b, "</tr>");
		}
		kj_h(b, "</tbody></table></div></section>");
	}
	if (editable) {
		char action[64];
		snprintf(action, sizeof action, "/safety/%s/import", sector);
		kj_h(b, "<h2>");
		kj_h_text(b, T("対応表の取り込み"));
		kj_h(b, "</h2>");
		kj_ui_upload_form(req, b, action, N_("対応表のファイル"),
				  "列: 分野, 分類, 発行者, 文書名, 版, 発行日, URL, 条項番号, 条項名, 条項本文, 対策事項, 充足度, 法人番号（分類④の行だけ：内規を定めた事業者）");
	}
	kj_page_end(req, resp);
	kj_coverage_free(&cov);
	free(docs);
	free(clauses);
	free(kinds);
	return 0;
}

int kj_page_safety_import(struct kj_request *req, struct kj_response *resp)
{
	const struct kj_catalog *cat = &req->app->cat;
	const char *sector = req->args[0];
	if (sector_index(cat, sector) < 0)
		return 404;
	const struct kj_upload *u = kj_upload(req, "file");
	struct kj_safety_import out;
	struct kj_err err;
	char name[KJ_LOGIN_MAX + 8];
	kj_web_actor(req, name, sizeof name);
	const struct kj_actor actor = { &req->user, req->user.id, name };
	/* No file is a bad request, but only for whom the sector is open. */
	if (kj_app_safety_import(req->st, cat, &actor, sector, u ? u->data : "",
				 u ? u->len : 0, &out, &err) < 0) {
		kj_safety_import_free(&out);
		return 500;
	}
	if (out.outcome == KJ_IMPORT_REFUSED || !u || !u->len) {
		kj_safety_import_free(&out);
		return out.outcome == KJ_IMPORT_REFUSED ? 403 : 400;
	}
	struct kj_buf *b = &resp->body;
	kj_page_begin(req, resp, T("対応表の取り込みの結果"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("対応表の取り込みの結果"));
	kj_h(b, "</h1>");
	resp->status = out.outcome == KJ_IMPORT_DONE ? 200 : 400;
	if (out.outcome == KJ_IMPORT_UNREADABLE) {
		kj_ui_alert(req, b, N_("ファイルを読めませんでした。データは変更されていません。"),
			    out.detail);
	} else if (out.outcome == KJ_IMPORT_NOT_A_LIST) {
		kj_ui_alert(req, b, N_("対応表として読めませんでした。データは変更されていません。"),
			    out.detail);
	} else if (out.outcome == KJ_IMPORT_BAD_ROWS) {
		kj_ui_row_errors(req, b, out.rows.errors, out.rows.nerrors < KJ_IMPORT_ERRORS_MAX ?
				 out.rows.nerrors : KJ_IMPORT_ERRORS_MAX, out.rows.nerrors);
	} else {
		const char *labels[] = { N_("追加した文書"), N_("更新した文書"), N_("追加した条項"),
					 N_("更新した条項"), N_("変更なし") };
		long values[] = { out.stats.documents_added, out.stats.documents_updated,
				  out.stats.clauses_added, out.stats.clauses_updated,
				  out.stats.unchanged };
		kj_ui_imported(req, b, labels, values, 5);
	}
	kj_h(b, "<p><a href=\"/safety/");
	kj_h_urlpart(b, sector);
	kj_h(b, "\">");
	kj_h_text(b, T("分野の安全基準等へ戻る"));
	kj_h(b, "</a></p>");
	kj_page_end(req, resp);
	kj_safety_import_free(&out);
	return 0;
}

int kj_page_clause_map(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	char sector[KJ_SECTOR_CODE_MAX], name[KJ_LOGIN_MAX + 8];
	enum kj_map_outcome outcome;
	struct kj_err err;
	if (kj_parse_id(req->args[0], &id) < 0)
		return 404;
	kj_web_actor(req, name, sizeof name);
	const struct kj_actor actor = { &req->user, req->user.id, name };
	if (kj_app_clause_map(req->st, &req->app->cat, &actor, id, kj_param(req, "requirement"),
			      kj_param(req, "extent"), &outcome, sector, &err) < 0)
		return 500;
	switch (outcome) {
	case KJ_MAP_NO_CLAUSE: return 404;
	case KJ_MAP_REFUSED: return 403;
	case KJ_MAP_BAD: return 400;
	case KJ_MAP_DONE: break;
	}
	struct kj_buf loc;
	kj_buf_init(&loc, 256);
	kj_buf_adds(&loc, "/safety/");
	kj_h_urlpart(&loc, sector);
	kj_buf_adds(&loc, "?done=1");
	int rc = kj_response_redirect(resp, kj_buf_str(&loc));
	kj_buf_free(&loc);
	return rc ? 500 : 0;
}
