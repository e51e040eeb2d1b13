/*
 * Safety standards and their coverage of Part 3: the national heat map
 * (16 sectors x 90 requirements, with a text alternative, a data table and
 * a summary by function), mapping edits and imports, and exports. The page
 * of one sector is in page_safety_sector.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/safety.h"
#include "export/coverage_out.h"
#include "export/coverage_svg.h"
#include "model/table.h"
#include "store/store_safety.h"
#include "store/store_view.h"
#include "app/safety_import.h"
#include "web/app.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/page_safety.h"
#include "web/ui.h"


static const char *cov_short(const struct kj_request *req, enum kj_cov c)
{
	return req->lang == KJ_LANG_EN ? kj_cov_short_en(c) : kj_cov_short_ja(c);
}

int kj_web_safety_doc_visible(const struct kj_request *req, const struct kj_doc_row *d)
{
	if (d->class_n != 4)
		return 1;
	kj_sector_code sec[1];
	struct kj_org_record o;
	struct kj_err err;
	int found = 0;
	if (d->organisation_id <= 0 ||
	    kj_store_org_get(req->st, d->organisation_id, &o, &found, &err) < 0 || !found)
		return 0;
	/* The operator in the document's sector, with the ministries it is
	 * assigned to: in a shared sector only those ministries see it. */
	kj_strlcpy(sec[0], d->sector, sizeof sec[0]);
	struct kj_object obj = { d->organisation_id, (const kj_sector_code *)sec, 1,
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
		kj_h_count(b, counts[k]);
		kj_h(b, "</td>");
		if (partial && k != KJ_COV_NONE)
			np += partial[k];
	}
	kj_h(b, "<td class=\"num\"><strong>");
	kj_h_count(b, kj_coverage_gaps(counts));
	kj_h(b, "</strong></td>");
	if (partial) {
		kj_h(b, "<td class=\"num\">");
		kj_h_count(b, np);
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
		kj_h_text(b, kj_ui_cov_label(req, (enum kj_cov)k));
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

/* The introduction, the version with its export links, and the heat map. */
static void coverage_map(struct kj_request *req, struct kj_buf *b,
			 const struct kj_coverage *cov, const struct kj_catalog *cat)
{
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
	kj_coverage_svg(b, cov, cat, req->lang == KJ_LANG_EN);
	kj_h(b, "<figcaption>");
	kj_h_text(b, T("行は分野、列は対策事項（3.2 組織統治 〜 3.7 技術・脅威の動向等を踏まえた対策）、右端の数はギャップ（内規のみ＋規定なし）。同じ数値を下の表に示します。"));
	kj_h(b, "</figcaption></figure>");
}

/* A summary table's head: caption, the first column's label, the states. */
static void summary_open(struct kj_request *req, struct kj_buf *b, const char *caption_ja,
			 const char *first_ja)
{
	table_open(req, b, caption_ja);
	kj_h(b, "</caption><thead><tr><th scope=\"col\">");
	kj_h_text(b, T(first_ja));
	kj_h(b, "</th>");
	counts_head(req, b, 1);
	kj_h(b, "</tr></thead><tbody>");
}

/* Per sector, the counts of each state over all requirements. */
static void coverage_by_sector(struct kj_request *req, struct kj_buf *b,
			       const struct kj_coverage *cov, const struct kj_catalog *cat)
{
	kj_h(b, "<h2>");
	kj_h_text(b, T("分野別の集計"));
	kj_h(b, "</h2>");
	summary_open(req, b, N_("分野ごとの対策事項数（全90件）"), N_("分野"));
	for (int s = 0; s < cat->nsectors; s++) {
		int counts[KJ_NCOV], partial[KJ_NCOV];
		kj_coverage_count(cov, cat, s, -1, counts);
		kj_coverage_count_partial(cov, cat, s, -1, partial);
		kj_h(b, "<tr><th scope=\"row\"><a href=\"/safety/");
		kj_h_urlpart(b, cat->sectors[s].code);
		kj_h(b, "\">");
		kj_h_text(b, kj_ui_sector_name(req, cat->sectors[s].code));
		kj_h(b, "</a></th>");
		counts_cells(b, counts, partial);
		kj_h(b, "</tr>");
	}
	kj_h(b, "</tbody></table></div>");
}

/* Per section of Part 3, the sector x requirement cells of each state. */
static void coverage_by_function(struct kj_request *req, struct kj_buf *b,
				 const struct kj_coverage *cov, const struct kj_catalog *cat)
{
	kj_h(b, "<h2>");
	kj_h_text(b, T("節別の集計（全分野）"));
	kj_h(b, "</h2>");
	summary_open(req, b, N_("第3部の節ごとの分野×対策事項の数"), N_("節"));
	for (int f = 0; f < cat->nfunctions; f++) {
		int total[KJ_NCOV] = { 0 }, ptotal[KJ_NCOV] = { 0 };
		char heading[200];
		for (int s = 0; s < cat->nsectors; s++) {
			int counts[KJ_NCOV], partial[KJ_NCOV];
			kj_coverage_count(cov, cat, s, f, counts);
			kj_coverage_count_partial(cov, cat, s, f, partial);
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
}

/* Requirements new or changed in this version: how many sectors each state. */
static void coverage_revised(struct kj_request *req, struct kj_buf *b,
			     const struct kj_coverage *cov, const struct kj_catalog *cat)
{
	int nrev = 0;
	for (int r = 0; r < cat->nreqs; r++) {
		if (!cov->req_new[r] && !cov->req_changed[r])
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
			n[cov->cov[(size_t)s * (size_t)cov->nreqs + (size_t)r] % KJ_NCOV]++;
		kj_h(b, "<tr><th scope=\"row\"><a href=\"/catalog/");
		kj_h_urlpart(b, cat->reqs[r].id);
		kj_h(b, "\">");
		kj_h_text(b, cat->reqs[r].id);
		kj_h(b, "</a></th><td>");
		kj_h_text(b, T(cov->req_new[r] ? N_("新規の対策事項") : N_("改定で変更")));
		kj_h(b, "</td>");
		counts_cells(b, n, NULL);
		kj_h(b, "</tr>");
	}
	if (nrev)
		kj_h(b, "</tbody></table></div>");
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
	coverage_map(req, b, &cov, cat);
	coverage_by_sector(req, b, &cov, cat);
	coverage_by_function(req, b, &cov, cat);
	coverage_revised(req, b, &cov, cat);
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

int kj_page_safety_import(struct kj_request *req, struct kj_response *resp)
{
	const struct kj_catalog *cat = &req->app->cat;
	const char *sector = req->args[0];
	if (kj_catalog_sector_index(&req->app->cat, sector) < 0)
		return 404;
	const struct kj_upload *u = kj_upload(req, "file");
	struct kj_safety_import out;
	struct kj_err err;
	char name[KJ_LOGIN_MAX + 8];
	kj_web_actor(req, name, sizeof name);
	const struct kj_actor actor = { &req->user, req->user.id, name };
	/* No file: the sector page again, the message beside its file field
	 * (for whom the sector is open). */
	if (!u || !u->len) {
		struct kj_form f = { .prefix = "upload" };
		if (!kj_authz_sector(&req->user, KJ_PERM_SAFETY_EDIT, sector))
			return 403;
		kj_form_error(req, &f, "file", N_("ファイルを選択してください。"));
		return kj_web_safety_sector_page(req, resp, &f);
	}
	if (kj_app_safety_import(req->st, cat, &actor, sector, u->data, u->len, &out, &err) < 0) {
		kj_safety_import_free(&out);
		return 500;
	}
	if (out.outcome == KJ_IMPORT_REFUSED) {
		kj_safety_import_free(&out);
		return 403;
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
