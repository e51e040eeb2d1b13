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
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/registry_filter.h"
#include "web/ui.h"

#define LIST_PAGE 100

static void org_row(struct kj_request *req, struct kj_buf *b, int64_t id,
		    const struct kj_org_record *r)
{
	/* The name is the link to the record (the corporate number beside it). */
	kj_h(b, r->active ? "<tr><td>" : "<tr class=\"muted\"><td>");
	kj_h_text(b, r->corporate_number);
	kj_h(b, "</td><td><a href=\"/registry/");
	kj_h_int(b, id);
	kj_h(b, "\">");
	kj_h_text(b, r->name_ja);
	kj_h(b, "</a></td><td>");
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
	struct kj_registry_query rq;	/* the search and filters */
	struct kj_form form;		/* their bad values */
	long pg;			/* the page, from 1 */
	struct kj_org_record *recs;
	int64_t ids[LIST_PAGE];
	int n;
	long total;			/* organisations found */
};

/* Reads the page of organisations in the user's scope that the filters let
 * through (a bad filter is left out and told beside its field); an HTTP status. */
static int registry_load(struct kj_request *req, struct registry_page *p)
{
	struct kj_err err;
	memset(p, 0, sizeof *p);
	p->form.prefix = "f";
	const struct kj_registry_params in = {
		kj_param(req, "q"), kj_param(req, "sector"), kj_param(req, "pref"),
		kj_param(req, "size"), kj_param(req, "core"), kj_param(req, "localgov"),
		kj_param(req, "status"),
	};
	kj_registry_query_parse(req, &in, &p->rq, &p->form);
	if (p->rq.denied)
		return 404;
	const char *page = kj_param(req, "page");
	p->pg = 1;
	if (page && kj_parse_long(page, 1, 100000, &p->pg) < 0) {
		p->pg = 1;
		kj_form_error(req, &p->form, "", N_("ページの指定が正しくありません。最初のページを表示しています。"));
	}
	p->recs = calloc(LIST_PAGE, sizeof *p->recs);
	if (!p->recs || kj_store_org_list_filtered(req->st, &p->rq.scope, &p->rq.filter,
						   (p->pg - 1) * LIST_PAGE, p->recs, p->ids,
						   LIST_PAGE, &p->n, &p->total, &err) < 0) {
		free(p->recs);
		return 500;
	}
	return 0;
}

/* One select of the filter form: "" (すべて) and N options, already in the
 * request's language. */
static void filter_select(struct kj_request *req, struct kj_buf *b, const struct kj_form *f,
			  const char *name, const char *label_ja, const char *const *values,
			  const char *const *labels, int n, const char *current)
{
	const struct kj_field fd = { .name = name, .label_ja = label_ja };
	kj_form_field_open(req, b, f, &fd);
	kj_h(b, "<select name=\"");
	kj_h_attr(b, name);
	kj_h(b, "\"");
	kj_form_control_attrs(b, f, &fd);
	kj_h(b, "><option value=\"\">");
	kj_h_text(b, T("すべて"));
	kj_h(b, "</option>");
	for (int i = 0; i < n; i++) {
		kj_h(b, "<option value=\"");
		kj_h_attr(b, values[i]);
		kj_h(b, current && !strcmp(current, values[i]) ? "\" selected>" : "\">");
		kj_h_text(b, labels[i]);
		kj_h(b, "</option>");
	}
	kj_h(b, "</select>");
	kj_form_field_close(b);
}

/* The search box and the filters: a GET form that keeps its values. */
static void registry_filters(struct kj_request *req, struct kj_buf *b,
			     const struct registry_page *p)
{
	const struct kj_registry_query *rq = &p->rq;
	const struct kj_catalog *cat = &req->app->cat;
	const char *vals[64], *labels[64];
	char codes[47][3];
	int n = 0;
	kj_h(b, "<form class=\"filters\" method=\"get\" action=\"/registry\" role=\"search\">");
	const struct kj_field q = { .name = "q", .label_ja = N_("名称・カナ・法人番号で検索"),
				    .hint_ja = N_("例: 電力、でんりょく、1234567890123"),
				    .type = "search", .maxlength = KJ_ORG_SEARCH_MAX };
	kj_form_input(req, b, &p->form, &q, rq->q);
	for (int i = 0; i < cat->nsectors && n < 64; i++)
		if (kj_authz_sector(&req->user, KJ_PERM_REGISTRY_READ, cat->sectors[i].code)) {
			vals[n] = cat->sectors[i].code;
			labels[n++] = kj_ui_sector_name(req, cat->sectors[i].code);
		}
	filter_select(req, b, &p->form, "sector", N_("分野"), vals, labels, n, rq->sector);
	for (n = 0; n < 47; n++) {
		snprintf(codes[n], sizeof codes[n], "%02d", n + 1);
		vals[n] = codes[n];
		labels[n] = kj_ui_prefecture_name(req, codes[n]);
	}
	filter_select(req, b, &p->form, "pref", N_("都道府県"), vals, labels, 47, rq->pref);
	const char *const sizes[] = { "large", "medium", "small" };
	const char *const size_l[] = { T("大規模"), T("中規模"), T("小規模・地域") };
	filter_select(req, b, &p->form, "size", N_("規模"), sizes, size_l, 3, rq->size);
	const char *const yn[] = { "yes", "no" };
	const char *const yn_l[] = { T("はい"), T("いいえ") };
	filter_select(req, b, &p->form, "core", N_("基幹インフラ事業者"), yn, yn_l, 2, rq->core);
	filter_select(req, b, &p->form, "localgov", N_("地方公共団体"), yn, yn_l, 2,
		      rq->localgov);
	const char *const st[] = { "active", "inactive" };
	const char *const st_l[] = { T("有効"), T("廃止") };
	filter_select(req, b, &p->form, "status", N_("状態"), st, st_l, 2, rq->status);
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("検索"));
	kj_h(b, "</button> <a href=\"/registry\">");
	kj_h_text(b, T("条件をクリア"));
	kj_h(b, "</a></div></form>");
}

/* 「20,000 件中 1〜100 件」 ("1–100 of 20,000"), or that none were found. */
static void registry_count(struct kj_request *req, struct kj_buf *b,
			   const struct registry_page *p)
{
	long from = (p->pg - 1) * LIST_PAGE + 1, to = from + p->n - 1;
	kj_h(b, "<p class=\"count\">");
	if (p->n == 0) {
		kj_h_text(b, T(p->total ? N_("このページには事業者がありません。")
					: N_("条件に合う事業者はありません。")));
	} else if (req->lang == KJ_LANG_EN) {
		kj_h_count(b, from);
		kj_h(b, "–");
		kj_h_count(b, to);
		kj_h(b, " of ");
		kj_h_count(b, p->total);
	} else {
		kj_h_count(b, p->total);
		kj_h(b, " 件中 ");
		kj_h_count(b, from);
		kj_h(b, "〜");
		kj_h_count(b, to);
		kj_h(b, " 件");
	}
	kj_h(b, "</p>");
}

/* The links that export the registry (of the chosen sector) as CSV or xlsx. */
static void registry_exports(struct kj_request *req, struct kj_buf *b,
			     const struct registry_page *p)
{
	static const char *const formats[][2] = {
		{ "csv", N_("CSV で書き出す") }, { "xlsx", N_("Excel で書き出す") },
	};
	kj_h(b, "<p class=\"exports\">");
	for (int f = 0; f < 2; f++) {
		kj_h(b, f ? "</a> · <a href=\"/registry/export?format=" :
			    "<a href=\"/registry/export?format=");
		kj_h(b, formats[f][0]);
		if (p->rq.sector && *p->rq.sector) {
			kj_h(b, "&amp;sector=");
			kj_h_urlpart(b, p->rq.sector);
		}
		kj_h(b, "\">");
		kj_h_text(b, T(formats[f][1]));
	}
	kj_h(b, "</a></p>");
}

/* Links to the previous and next pages, with the same search and filters. */
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
		kj_h(b, "<a href=\"/registry?");
		kj_registry_query_string(b, &p->rq);
		kj_h(b, b->len && b->data[b->len - 1] == '?' ? "page=" : "&amp;page=");
		kj_h_int(b, p->pg + dir);
		kj_h(b, dir < 0 ? "\" rel=\"prev\">← " : "\" rel=\"next\">");
		kj_h_text(b, T(dir < 0 ? N_("前へ") : N_("次へ")));
		kj_h(b, dir < 0 ? "</a>" : " →</a>");
	}
	kj_h(b, "</nav>");
}

/*
 * The actions at the top, for those who may edit the registry: a new
 * record, and the bulk import (open when its submit was refused: FILE_FORM
 * holds its error).
 */
static void registry_actions(struct kj_request *req, struct kj_buf *b,
			     const struct kj_form *file_form)
{
	kj_h(b, "<p class=\"page-actions\"><a class=\"button\" href=\"/registry/new\">");
	kj_h_text(b, T("事業者を登録"));
	kj_h(b, "</a></p><details class=\"import\" id=\"import\"");
	kj_h(b, file_form && file_form->nerrors ? " open><summary>" : "><summary>");
	kj_h_text(b, T("一括取り込み"));
	kj_h(b, "</summary><p>");
	kj_h_text(b, T("CSV（UTF-8 または Shift_JIS）か Excel (xlsx) の一覧を取り込みます。法人番号で照合し、1行でも誤りがあれば何も変更しません。同じファイルを二度取り込んでも変わりません。"));
	kj_h(b, "</p>");
	kj_ui_upload_form(req, b, "/registry/import", N_("事業者一覧のファイル"),
			  "列: 法人番号, 名称, 名称カナ, 分野, 規模, 基幹インフラ事業者, 地方公共団体, 団体コード, 都道府県, セプター加盟, 担当者, メール, 電話, 状態, 所管省庁",
			  file_form);
	kj_h(b, "</details>");
}

/* The list page; FILE_FORM: a refused import's error (NULL: none). */
static int registry_page(struct kj_request *req, struct kj_response *resp,
			 const struct kj_form *file_form)
{
	static const char *const cols[] = {
		N_("法人番号"), N_("名称"), N_("分野"), N_("規模"), N_("都道府県"),
		N_("基幹インフラ事業者"), N_("状態"),
	};
	struct registry_page p;
	int status = registry_load(req, &p);
	if (status)
		return status;
	struct kj_buf *b = &resp->body;
	if (p.form.nerrors || (file_form && file_form->nerrors))
		resp->status = 400;
	kj_page_begin(req, resp, T("事業者の登録簿"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("事業者の登録簿"));
	kj_h(b, "</h1>");
	if (kj_authz_allow(&req->user, KJ_PERM_REGISTRY_EDIT))
		registry_actions(req, b, file_form);
	kj_form_summary(req, b, file_form);
	kj_form_summary(req, b, &p.form);
	registry_filters(req, b, &p);
	registry_count(req, b, &p);
	registry_exports(req, b, &p);
	kj_ui_table_open(req, b, N_("事業者の一覧"), cols, (int)(sizeof cols / sizeof cols[0]));
	for (int i = 0; i < p.n; i++)
		org_row(req, b, p.ids[i], &p.recs[i]);
	kj_h(b, "</tbody></table></div>");
	registry_pager(req, b, &p);
	kj_page_end(req, resp);
	free(p.recs);
	return 0;
}

int kj_page_registry(struct kj_request *req, struct kj_response *resp)
{
	if (req->user.role == KJ_ROLE_OPERATOR) {
		char loc[64];
		snprintf(loc, sizeof loc, "/registry/%lld", (long long)req->user.org_id);
		return kj_response_redirect(resp, loc) ? 500 : 0;
	}
	return registry_page(req, resp, NULL);
}

int kj_page_registry_import(struct kj_request *req, struct kj_response *resp)
{
	const struct kj_upload *u = kj_upload(req, "file");
	struct kj_buf *b = &resp->body;
	struct kj_registry_import out;
	struct kj_err err;
	char name[KJ_LOGIN_MAX + 8];
	if (!u || u->len == 0) {
		struct kj_form form = { .prefix = "upload" };
		kj_form_error(req, &form, "file", N_("ファイルを選択してください。"));
		return registry_page(req, resp, &form);
	}
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
