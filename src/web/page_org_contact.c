/*
 * /organisation/contact: an operator keeps its own security contact (name,
 * mail, phone) up to date. The page reaches only the signed-in operator's
 * organisation: there is no id in the address to change.
 */
#include <stdio.h>
#include <string.h>

#include "app/org_contact.h"
#include "store/store_view.h"
#include "web/app.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/ui.h"

static const struct kj_field contact_fields[] = {
	{ .name = "contact_name", .label_ja = N_("担当者"), .maxlength = 100,
	  .autocomplete = "name" },
	{ .name = "contact_email", .label_ja = N_("メール"), .type = "email", .maxlength = 254,
	  .autocomplete = "email", .hint_ja = N_("例: security@example.co.jp") },
	{ .name = "contact_phone", .label_ja = N_("電話"), .type = "tel", .maxlength = 31,
	  .autocomplete = "tel", .hint_ja = N_("例: 03-1234-5678") },
};
#define NCONTACT 3

/* The page: the organisation's name, the notice or the errors, the form with VALS. */
static void contact_page(struct kj_request *req, struct kj_response *resp,
			 const struct kj_org_record *r, const struct kj_form *f,
			 const char *vals[NCONTACT])
{
	struct kj_buf *b = &resp->body;
	kj_page_begin(req, resp, T("セキュリティ担当者の連絡先"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("セキュリティ担当者の連絡先"));
	kj_h(b, "</h1><p>");
	kj_h_text(b, r->name_ja);
	kj_h(b, kj_ui_paren_open(req));
	kj_h_text(b, T("法人番号"));
	kj_h(b, " ");
	kj_h_text(b, r->corporate_number);
	kj_h(b, kj_ui_paren_close(req));
	kj_h(b, "</p>");
	if (!f->nerrors && kj_param(req, "saved"))
		kj_form_done(req, b, N_("変更を保存しました。"));
	kj_form_summary(req, b, f);
	kj_h(b, "<p>");
	kj_h_text(b, T("所管省庁と国家サイバー統括室からの連絡はこの担当者に届きます。登録簿のほかの項目は所管省庁が管理します。"));
	kj_h(b, "</p><form class=\"stack\" method=\"post\" action=\"/organisation/contact\" novalidate>");
	kj_h_csrf(req, b);
	for (int i = 0; i < NCONTACT; i++)
		kj_form_input(req, b, f, &contact_fields[i], vals[i]);
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("保存する"));
	kj_h(b, "</button></div></form>");
	kj_page_end(req, resp);
}

/* The signed-in operator's organisation; 0, or an HTTP status. */
static int own_org(struct kj_request *req, struct kj_org_record *r)
{
	struct kj_err err;
	int found;
	if (req->user.org_id <= 0)
		return 404;
	if (kj_store_org_get(req->st, req->user.org_id, r, &found, &err) < 0)
		return 500;
	return found ? 0 : 404;
}

int kj_page_org_contact(struct kj_request *req, struct kj_response *resp)
{
	struct kj_org_record r;
	struct kj_form f = { .prefix = "c" };
	int st = own_org(req, &r);
	if (st)
		return st;
	const char *vals[NCONTACT] = { r.contact_name, r.contact_email, r.contact_phone };
	contact_page(req, resp, &r, &f, vals);
	return 0;
}

int kj_page_org_contact_save(struct kj_request *req, struct kj_response *resp)
{
	struct kj_org_record r;
	struct kj_form f = { .prefix = "c" };
	struct kj_org_contact_out out;
	struct kj_err err;
	char name[KJ_LOGIN_MAX + 8];
	int st = own_org(req, &r);
	if (st)
		return st;
	const char *vals[NCONTACT];
	for (int i = 0; i < NCONTACT; i++) {
		vals[i] = kj_param(req, contact_fields[i].name);
		vals[i] = vals[i] ? vals[i] : "";
	}
	kj_web_actor(req, name, sizeof name);
	const struct kj_actor actor = { &req->user, req->user.id, name };
	if (kj_app_org_contact_save(req->st, &req->app->cat, &actor, req->user.org_id, vals[0],
				    vals[1], vals[2], &out, &err) < 0) {
		kj_import_result_free(&out.bad);
		return 500;
	}
	if (!out.found) {
		kj_import_result_free(&out.bad);
		return 404;
	}
	for (int i = 0; i < out.bad.nerrors && i < KJ_IMPORT_ERRORS_MAX; i++) {
		const struct kj_row_error *e = &out.bad.errors[i];
		int ours = !strncmp(e->column, "contact_", 8);
		kj_form_error_text(&f, ours ? e->column : "",
				   req->lang == KJ_LANG_EN ? e->reason_en : e->reason_ja);
	}
	kj_import_result_free(&out.bad);
	if (f.nerrors) {
		resp->status = 400;
		contact_page(req, resp, &r, &f, vals);
		return 0;
	}
	return kj_response_redirect(resp, "/organisation/contact?saved=1") ? 500 : 0;
}
