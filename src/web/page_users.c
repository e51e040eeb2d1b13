/*
 * User management for the NCO: the list of users, adding one (with a
 * first password that the user changes), disabling and enabling. Every
 * change is in the audit trail; a bad form changes nothing and says why.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit_log.h"
#include "app/user_admin.h"
#include "model/corpnum.h"
#include "store/store.h"
#include "web/app.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/ui.h"
#include "store/store_users.h"

#define USERS_PAGE_MAX 500

static const char *role_label(const struct kj_request *req, enum kj_role r)
{
	return req->lang == KJ_LANG_EN ? kj_role_label_en(r) : kj_role_label_ja(r);
}

static void text_field(struct kj_request *req, struct kj_buf *b, const char *name,
		       const char *label_ja, const char *hint_ja, const char *type,
		       const char *value, const char *autocomplete)
{
	kj_h(b, "<div class=\"field\"><label for=\"u-");
	kj_h_attr(b, name);
	kj_h(b, "\">");
	kj_h_text(b, T(label_ja));
	kj_h(b, "</label>");
	if (hint_ja) {
		kj_h(b, "<span class=\"hint\" id=\"u-");
		kj_h_attr(b, name);
		kj_h(b, "-hint\">");
		kj_h_text(b, T(hint_ja));
		kj_h(b, "</span>");
	}
	kj_h(b, "<input id=\"u-");
	kj_h_attr(b, name);
	kj_h(b, "\" name=\"");
	kj_h_attr(b, name);
	kj_h(b, "\" type=\"");
	kj_h_attr(b, type);
	kj_h(b, "\" autocomplete=\"");
	kj_h_attr(b, autocomplete);
	kj_h(b, "\"");
	if (hint_ja) {
		kj_h(b, " aria-describedby=\"u-");
		kj_h_attr(b, name);
		kj_h(b, "-hint\"");
	}
	kj_h(b, " value=\"");
	kj_h_attr(b, value ? value : "");
	kj_h(b, "\"></div>");
}

/* The notice of a change saved, or why the last one was refused. */
static void notices(struct kj_request *req, struct kj_buf *b, const char *error_ja,
		    const char *detail)
{
	if (!error_ja)
		kj_ui_saved_notice(req, b);
	if (error_ja) {
		kj_h(b, "<div class=\"error-summary\" role=\"alert\"><p>");
		kj_h_text(b, T(error_ja));
		if (detail) {
			kj_h(b, " (");
			kj_h_text(b, detail);
			kj_h(b, ")");
		}
		kj_h(b, "</p></div>");
	}
}

/* One user's row: who, role, ministry, sectors, state, and what the admin may do. */
static void user_row(struct kj_request *req, struct kj_buf *b, const struct kj_user *u)
{
	kj_h(b, u->disabled ? "<tr class=\"muted\"><td>" : "<tr><td>");
	kj_h_text(b, u->login);
	kj_h(b, "</td><td>");
	kj_h_text(b, u->display_name);
	kj_h(b, "</td><td>");
	kj_h_text(b, role_label(req, u->role));
	kj_h(b, "</td><td>");
	if (u->ministry[0])
		kj_h_text(b, kj_ui_ministry_name(req, u->ministry));
	kj_h(b, "</td><td>");
	for (int k = 0; k < u->nsectors; k++) {
		if (k)
			kj_h(b, "、");
		kj_h_text(b, kj_ui_sector_name(req, u->sectors[k]));
	}
	kj_h(b, "</td><td>");
	kj_h(b, u->disabled ? "<span class=\"badge off\">" : "<span class=\"badge ok\">");
	kj_h_text(b, T(u->disabled ? N_("無効") : N_("有効")));
	kj_h(b, "</span></td><td><a href=\"/admin/users/");
	kj_h_int(b, u->id);
	kj_h(b, "/tokens\">");
	kj_h_text(b, T("API トークン"));
	kj_h(b, "<span class=\"visually-hidden\"> ");
	kj_h_text(b, u->login);
	kj_h(b, "</span></a> ");
	if (u->id != req->user.id) {
		kj_h(b, "<form class=\"inline\" method=\"post\" action=\"/admin/users/");
		kj_h_int(b, u->id);
		kj_h(b, u->disabled ? "/enable\">" : "/disable\">");
		kj_h_csrf(req, b);
		kj_h(b, u->disabled ? "<button type=\"submit\" class=\"secondary\">"
				    : "<button type=\"submit\" class=\"danger\">");
		kj_h_text(b, T(u->disabled ? N_("有効にする") : N_("無効にする")));
		kj_h(b, "<span class=\"visually-hidden\"> ");
		kj_h_text(b, u->login);
		kj_h(b, "</span></button></form>");
	}
	kj_h(b, "</td></tr>");
}

/* The list of users (at most USERS_PAGE_MAX). */
static void user_table(struct kj_request *req, struct kj_buf *b)
{
	struct kj_err err;
	struct kj_user *users = calloc(USERS_PAGE_MAX, sizeof *users);
	int n = 0;
	if (users && kj_store_user_list(req->st, users, USERS_PAGE_MAX, &n, &err) < 0)
		n = 0;
	static const char *const cols[] = { N_("ログインID"), N_("氏名"), N_("役割"), N_("所属省庁"),
					    N_("担当分野"), N_("状態"), N_("操作") };
	kj_ui_table_open(req, b, N_("利用者一覧"), cols, (int)(sizeof cols / sizeof cols[0]));
	for (int i = 0; i < n; i++)
		user_row(req, b, &users[i]);
	kj_h(b, "</tbody></table></div>");
	free(users);
}

/* The choice of a ministry (for ministry users) and of sectors (for CEPTOARs). */
static void scope_fields(struct kj_request *req, struct kj_buf *b, const char *error_ja)
{
	const struct kj_catalog *cat = &req->app->cat;
	const char *msel = error_ja ? kj_param(req, "ministry") : NULL;
	kj_h(b, "<div class=\"field\"><label for=\"u-ministry\">");
	kj_h_text(b, T("所属省庁（所管省庁の場合）"));
	kj_h(b, "</label><span class=\"hint\" id=\"u-ministry-hint\">");
	kj_h_text(b, T("所管省庁の利用者は、所属省庁が所管する分野を担当します。"));
	kj_h(b, "</span><select id=\"u-ministry\" name=\"ministry\""
		" aria-describedby=\"u-ministry-hint\"><option value=\"\">");
	kj_h_text(b, T("（なし）"));
	kj_h(b, "</option>");
	for (int i = 0; i < cat->nministries; i++) {
		kj_h(b, "<option value=\"");
		kj_h_attr(b, cat->ministries[i].code);
		kj_h(b, msel && !strcmp(msel, cat->ministries[i].code) ? "\" selected>" : "\">");
		kj_h_text(b, req->lang == KJ_LANG_EN ? cat->ministries[i].name_en
						     : cat->ministries[i].name_ja);
		kj_h(b, "</option>");
	}
	kj_h(b, "</select></div>");
	kj_h(b, "<fieldset class=\"field\"><legend>");
	kj_h_text(b, T("担当分野（セプター事務局の場合）"));
	kj_h(b, "</legend><ul class=\"checks\">");
	for (int i = 0; i < cat->nsectors; i++) {
		kj_h(b, "<li><input type=\"checkbox\" name=\"sector\" id=\"sec-");
		kj_h_attr(b, cat->sectors[i].code);
		kj_h(b, "\" value=\"");
		kj_h_attr(b, cat->sectors[i].code);
		kj_h(b, "\"><label for=\"sec-");
		kj_h_attr(b, cat->sectors[i].code);
		kj_h(b, "\">");
		kj_h_text(b, req->lang == KJ_LANG_EN ? cat->sectors[i].name_en
						     : cat->sectors[i].name_ja);
		kj_h(b, "</label></li>");
	}
	kj_h(b, "</ul></fieldset>");
}

/* The form to add a user, holding what was typed when it was refused. */
static void add_form(struct kj_request *req, struct kj_buf *b, const char *error_ja)
{
	kj_h(b, "<h2>");
	kj_h_text(b, T("利用者を追加"));
	kj_h(b, "</h2><form class=\"stack\" method=\"post\" action=\"/admin/users\">");
	kj_h_csrf(req, b);
	text_field(req, b, "login", N_("ログインID"), N_("半角英小文字・数字・. _ - で3〜63文字"), "text",
		   error_ja ? kj_param(req, "login") : NULL, "off");
	text_field(req, b, "name", N_("氏名"), NULL, "text",
		   error_ja ? kj_param(req, "name") : NULL, "off");
	kj_h(b, "<div class=\"field\"><label for=\"u-role\">");
	kj_h_text(b, T("役割"));
	kj_h(b, "</label><select id=\"u-role\" name=\"role\">");
	const char *sel = error_ja ? kj_param(req, "role") : NULL;
	for (int r = 0; r < KJ_NROLES; r++) {
		kj_h(b, "<option value=\"");
		kj_h_attr(b, kj_role_name(r));
		kj_h(b, sel && !strcmp(sel, kj_role_name(r)) ? "\" selected>" : "\">");
		kj_h_text(b, role_label(req, r));
		kj_h(b, "</option>");
	}
	kj_h(b, "</select></div>");
	text_field(req, b, "org", N_("所属組織の法人番号（事業者の場合）"), N_("13桁の数字"), "text",
		   error_ja ? kj_param(req, "org") : NULL, "off");
	scope_fields(req, b, error_ja);
	text_field(req, b, "password", N_("初期パスワード"),
		   N_("12文字以上で、英大文字・英小文字・数字・記号・その他の文字のうち3種類以上を含めてください"), "password",
		   NULL, "new-password");
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("追加する"));
	kj_h(b, "</button></div></form>");
}

static void render(struct kj_request *req, struct kj_response *resp,
		   const char *error_ja, const char *detail)
{
	struct kj_buf *b = &resp->body;
	kj_page_begin(req, resp, T("利用者管理"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("利用者管理"));
	kj_h(b, "</h1>");
	notices(req, b, error_ja, detail);
	user_table(req, b);
	add_form(req, b, error_ja);
	kj_page_end(req, resp);
}

int kj_page_users(struct kj_request *req, struct kj_response *resp)
{
	render(req, resp, NULL, NULL);
	return 0;
}

int kj_page_users_add(struct kj_request *req, struct kj_response *resp)
{
	kj_sector_code sectors[KJ_USER_SECTORS_MAX];
	struct kj_user_form f = {
		kj_param(req, "login"), kj_param(req, "name"), kj_param(req, "role"),
		kj_param(req, "org"), kj_param(req, "ministry"),
		(const kj_sector_code *)sectors, 0, kj_param(req, "password"),
	};
	for (int i = 0; i < req->nparams; i++) {
		if (strcmp(req->params[i].name, "sector"))
			continue;
		if (f.nsectors >= KJ_USER_SECTORS_MAX ||
		    kj_strlcpy(sectors[f.nsectors], req->params[i].value, KJ_SECTOR_CODE_MAX) < 0) {
			resp->status = 400;
			render(req, resp, N_("担当分野の指定が正しくありません。"), NULL);
			return 0;
		}
		f.nsectors++;
	}
	struct kj_user u;
	struct kj_user_refusal why;
	struct kj_err err;
	char who[KJ_LOGIN_MAX + 8];
	kj_web_actor(req, who, sizeof who);
	const struct kj_actor actor = { &req->user, req->user.id, who };
	if (kj_app_user_add(req->st, &actor, &f, &u, &why, &err) < 0)
		return 500;
	if (why.fault) {
		resp->status = 400;
		render(req, resp, why.ja, why.fault == KJ_USER_CONFLICT ? why.en : NULL);
		return 0;
	}
	return kj_response_redirect(resp, "/admin/users?done=1") ? 500 : 0;
}

static int set_disabled(struct kj_request *req, struct kj_response *resp, int disabled)
{
	int64_t id;
	struct kj_err err;
	struct kj_user u;
	int found;
	if (kj_parse_id(req->args[0], &id) < 0)
		return 404;
	if (kj_store_user_by_id(req->st, id, &u, &found, &err) < 0)
		return 500;
	if (!found)
		return 404;
	if (u.id == req->user.id) {
		resp->status = 400;
		render(req, resp, N_("自分自身は無効にできません。"), NULL);
		return 0;
	}
	char who[KJ_LOGIN_MAX + 8], sid[24];
	kj_web_actor(req, who, sizeof who);
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if (kj_store_begin(req->st, &err) < 0)
		return 500;
	if (kj_store_user_set_disabled(req->st, id, disabled, &err) < 0 ||
	    kj_audit_log(req->st, req->user.id, who, disabled ? "user.disable" : "user.enable",
			 "user", sid, NULL, &err) < 0 ||
	    kj_store_commit(req->st, &err) < 0) {
		kj_store_rollback(req->st);
		return 500;
	}
	return kj_response_redirect(resp, "/admin/users?done=1") ? 500 : 0;
}

int kj_page_users_disable(struct kj_request *req, struct kj_response *resp)
{
	return set_disabled(req, resp, 1);
}

int kj_page_users_enable(struct kj_request *req, struct kj_response *resp)
{
	return set_disabled(req, resp, 0);
}
