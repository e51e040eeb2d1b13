/*
 * The registry of operators in the browser: the list within the user's
 * scope, one organisation's record with its edit form, new records, bulk
 * import (CSV in UTF-8 or Shift_JIS, or xlsx; all or nothing, every bad
 * row listed) and export. A ministry works within its sectors, the NCO on
 * all, an operator sees only its own record.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/org_import.h"
#include "model/registry.h"
#include "model/table.h"
#include "store/store_org_list.h"
#include "store/store_view.h"
#include "app/audit_log.h"
#include "web/app.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/ui.h"

#define LIST_PAGE 100

/* The user's scope for the registry. */
static void scope_of(const struct kj_request *req, struct kj_org_scope *sc)
{
	kj_authz_org_scope(&req->user, sc);
}

static void org_row(struct kj_request *req, struct kj_buf *b, int64_t id,
		    const struct kj_org_record *r)
{
	kj_h(b, r->active ? "<tr><td>" : "<tr class=\"muted\"><td>");
	kj_h(b, "<a href=\"/registry/");
	kj_h_int(b, id);
	kj_h(b, "\">");
	kj_h_text(b, r->corporate_number);
	kj_h(b, "</a></td><td>");
	kj_h_text(b, r->name_ja);
	kj_h(b, "</td><td>");
	for (int k = 0; k < r->nsectors; k++) {
		if (k)
			kj_h(b, "、");
		kj_h_text(b, kj_ui_sector_name(req, r->sectors[k]));
	}
	kj_h(b, "</td><td>");
	kj_h_text(b, kj_ui_size_label(req, r->size_class));
	kj_h(b, "</td><td>");
	kj_h_text(b, kj_ui_prefecture_name(req, r->prefecture));
	kj_h(b, "</td><td>");
	kj_h_text(b, r->core_infra ? T("はい") : "");
	kj_h(b, "</td><td>");
	kj_h_text(b, T(r->active ? N_("有効") : N_("廃止")));
	kj_h(b, "</td></tr>");
}

/* What the registry list shows, read before any of it is written. */
struct registry_page {
	const char *sector;		/* the ?sector filter, or NULL or "" */
	long pg;			/* the page, from 1 */
	struct kj_org_record *recs;
	int64_t ids[LIST_PAGE];
	int n;
	long total;			/* organisations in the scope */
};

/* Reads the page of organisations in the user's scope (and the filter's
 * sector); an HTTP status. */
static int registry_load(struct kj_request *req, struct registry_page *p)
{
	struct kj_org_scope sc;
	struct kj_err err;
	kj_sector_code one[1];
	memset(p, 0, sizeof *p);
	scope_of(req, &sc);
	const char *page = kj_param(req, "page");
	p->sector = kj_param(req, "sector");
	p->pg = 1;
	if (page && kj_parse_long(page, 1, 100000, &p->pg) < 0)
		return 400;
	if (p->sector && *p->sector &&
	    kj_authz_org_scope_sector(&req->user, KJ_PERM_REGISTRY_READ, p->sector, one, &sc) < 0)
		return 404;
	p->recs = calloc(LIST_PAGE, sizeof *p->recs);
	if (!p->recs || kj_store_org_list(req->st, &sc, (p->pg - 1) * LIST_PAGE, p->recs,
					  p->ids, LIST_PAGE, &p->n, &p->total, &err) < 0) {
		free(p->recs);
		return 500;
	}
	return 0;
}

/* The sector filter: the sectors the user may read. */
static void registry_filters(struct kj_request *req, struct kj_buf *b, const char *sector)
{
	kj_h(b, "<form class=\"filters\" method=\"get\" action=\"/registry\">"
		"<div class=\"field\"><label for=\"f-sector\">");
	kj_h_text(b, T("分野"));
	kj_h(b, "</label><select id=\"f-sector\" name=\"sector\"><option value=\"\">");
	kj_h_text(b, T("すべて"));
	kj_h(b, "</option>");
	const struct kj_catalog *cat = &req->app->cat;
	for (int i = 0; i < cat->nsectors; i++) {
		if (!kj_authz_sector(&req->user, KJ_PERM_REGISTRY_READ, cat->sectors[i].code))
			continue;
		kj_h(b, "<option value=\"");
		kj_h_attr(b, cat->sectors[i].code);
		kj_h(b, sector && !strcmp(sector, cat->sectors[i].code) ? "\" selected>" : "\">");
		kj_h_text(b, kj_ui_sector_name(req, cat->sectors[i].code));
		kj_h(b, "</option>");
	}
	kj_h(b, "</select></div><div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("絞り込む"));
	kj_h(b, "</button></div></form>");
}

/* How many organisations, and the links that export them as CSV or xlsx. */
static void registry_summary(struct kj_request *req, struct kj_buf *b,
			     const struct registry_page *p)
{
	static const char *const formats[][2] = {
		{ "csv", N_("CSV で書き出す") }, { "xlsx", N_("Excel で書き出す") },
	};
	kj_h(b, "<p>");
	kj_h_int(b, p->total);
	kj_h(b, " ");
	kj_h_text(b, T("事業者"));
	for (int f = 0; f < 2; f++) {
		kj_h(b, f ? "</a> · <a href=\"/registry/export?format=" :
			    " — <a href=\"/registry/export?format=");
		kj_h(b, formats[f][0]);
		if (p->sector && *p->sector) {
			kj_h(b, "&amp;sector=");
			kj_h_urlpart(b, p->sector);
		}
		kj_h(b, "\">");
		kj_h_text(b, T(formats[f][1]));
	}
	kj_h(b, "</a></p>");
}

/* Links to the previous and next pages, when there are any. */
static void registry_pager(struct kj_request *req, struct kj_buf *b,
			   const struct registry_page *p)
{
	if (!(p->pg > 1 || p->pg * LIST_PAGE < p->total))
		return;
	kj_h(b, "<nav class=\"pager\" aria-label=\"");
	kj_h_attr(b, T("ページ送り"));
	kj_h(b, "\">");
	for (int dir = -1; dir <= 1; dir += 2) {
		if ((dir < 0 && p->pg == 1) || (dir > 0 && p->pg * LIST_PAGE >= p->total))
			continue;
		kj_h(b, "<a href=\"/registry?page=");
		kj_h_int(b, p->pg + dir);
		if (p->sector && *p->sector) {
			kj_h(b, "&amp;sector=");
			kj_h_urlpart(b, p->sector);
		}
		kj_h(b, dir < 0 ? "\" rel=\"prev\">← " : "\" rel=\"next\">");
		kj_h_text(b, T(dir < 0 ? N_("前へ") : N_("次へ")));
		kj_h(b, dir < 0 ? "</a>" : " →</a>");
	}
	kj_h(b, "</nav>");
}

/* Bulk import and a new record, for those who may edit the registry. */
static void registry_edit_links(struct kj_request *req, struct kj_buf *b)
{
	kj_h(b, "<h2>");
	kj_h_text(b, T("一括取り込み"));
	kj_h(b, "</h2><p>");
	kj_h_text(b, T("CSV（UTF-8 または Shift_JIS）か Excel (xlsx) の一覧を取り込みます。法人番号で照合し、1行でも誤りがあれば何も変更しません。同じファイルを二度取り込んでも変わりません。"));
	kj_h(b, "</p>");
	kj_ui_upload_form(req, b, "/registry/import", N_("事業者一覧のファイル"),
			  "列: 法人番号, 名称, 名称カナ, 分野, 規模, 基幹インフラ事業者, 地方公共団体, 団体コード, 都道府県, セプター加盟, 担当者, メール, 電話, 状態, 所管省庁", NULL);
	kj_h(b, "<p><a href=\"/registry/new\">");
	kj_h_text(b, T("事業者を1件登録する"));
	kj_h(b, "</a></p>");
}

int kj_page_registry(struct kj_request *req, struct kj_response *resp)
{
	static const char *const cols[] = {
		N_("法人番号"), N_("名称"), N_("分野"), N_("規模"), N_("都道府県"),
		N_("基幹インフラ事業者"), N_("状態"),
	};
	if (req->user.role == KJ_ROLE_OPERATOR) {
		char loc[64];
		snprintf(loc, sizeof loc, "/registry/%lld", (long long)req->user.org_id);
		return kj_response_redirect(resp, loc) ? 500 : 0;
	}
	struct registry_page p;
	int status = registry_load(req, &p);
	if (status)
		return status;
	struct kj_buf *b = &resp->body;
	kj_page_begin(req, resp, T("事業者の登録簿"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("事業者の登録簿"));
	kj_h(b, "</h1>");
	registry_filters(req, b, p.sector);
	registry_summary(req, b, &p);
	kj_ui_table_open(req, b, N_("事業者の一覧"), cols, (int)(sizeof cols / sizeof cols[0]));
	for (int i = 0; i < p.n; i++)
		org_row(req, b, p.ids[i], &p.recs[i]);
	kj_h(b, "</tbody></table></div>");
	registry_pager(req, b, &p);
	if (kj_authz_allow(&req->user, KJ_PERM_REGISTRY_EDIT))
		registry_edit_links(req, b);
	kj_page_end(req, resp);
	free(p.recs);
	return 0;
}

int kj_page_registry_import(struct kj_request *req, struct kj_response *resp)
{
	const struct kj_upload *u = kj_upload(req, "file");
	struct kj_buf *b = &resp->body;
	struct kj_registry_import out;
	struct kj_err err;
	char name[KJ_LOGIN_MAX + 8];
	if (!u || u->len == 0)
		return 400;
	kj_web_actor(req, name, sizeof name);
	const struct kj_actor actor = { &req->user, req->user.id, name };
	if (kj_app_registry_import(req->st, &req->app->cat, &actor, u->data, u->len, &out,
				   &err) < 0) {
		kj_registry_import_free(&out);
		return 500;
	}
	kj_page_begin(req, resp, T("一括取り込みの結果"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("一括取り込みの結果"));
	kj_h(b, "</h1><p>");
	kj_h_text(b, T("ファイル"));
	kj_h(b, ": ");
	kj_h_text(b, u->filename);
	kj_h(b, "</p>");
	resp->status = out.outcome == KJ_IMPORT_DONE ? 200 : 400;
	switch (out.outcome) {
	case KJ_IMPORT_UNREADABLE:
		kj_ui_alert(req, b, N_("ファイルを読めませんでした。データは変更されていません。"),
			    out.detail);
		break;
	case KJ_IMPORT_NOT_A_LIST:
		kj_ui_alert(req, b, N_("事業者の一覧として読めませんでした。データは変更されていません。"),
			    out.detail);
		break;
	case KJ_IMPORT_BAD_ROWS:
		kj_ui_row_errors(req, b, out.rows.errors, out.rows.nerrors < KJ_IMPORT_ERRORS_MAX ?
				 out.rows.nerrors : KJ_IMPORT_ERRORS_MAX, out.rows.nerrors);
		break;
	case KJ_IMPORT_REFUSED:
		kj_h(b, "<div class=\"error-summary\" role=\"alert\"><p>");
		kj_h_text(b, T("取り込めませんでした。データは変更されていません。"));
		kj_h(b, "</p><p>");
		kj_h_text(b, T("法人番号"));
		kj_h(b, " ");
		kj_h_text(b, out.rows.records[out.saved.first_refused].corporate_number);
		kj_h(b, ": ");
		kj_h_text(b, T(kj_org_refusal_ja(out.saved.reason)));
		kj_h(b, "</p></div>");
		break;
	case KJ_IMPORT_DONE: {
		const char *labels[] = { N_("追加"), N_("更新"), N_("変更なし") };
		long values[] = { out.saved.stats.added, out.saved.stats.updated,
				  out.saved.stats.unchanged };
		kj_ui_imported(req, b, labels, values, 3);
		break;
	}
	}
	kj_h(b, "<p><a href=\"/registry\">");
	kj_h_text(b, T("登録簿へ戻る"));
	kj_h(b, "</a></p>");
	kj_page_end(req, resp);
	kj_registry_import_free(&out);
	return 0;
}
