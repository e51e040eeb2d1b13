/*
 * User management for the NCO: the list of users, adding one (with a
 * first password that the user changes), disabling and enabling. Every
 * change is in the audit trail; a bad form changes nothing and says why.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/user_admin.h"
#include "model/corpnum.h"
#include "store/store.h"
#include "web/app.h"
#include "web/form.h"
#include "web/html.h"
#include "web/page_user_mfa.h"
#include "web/pages.h"
#include "web/ui.h"
#include "store/store_users.h"

#define USERS_PAGE_MAX 500

static const char *role_label(const struct kj_request *req, enum kj_role r)
{
	return req->lang == KJ_LANG_EN ? kj_role_label_en(r) : kj_role_label_ja(r);
}

/*
 * The field a refusal of the use case is about, from its message (each
 * msgid of app/user_admin.c and model/user.c names the field it concerns);
 * "" for the whole form.
 */
static const char *refused_field(const struct kj_user_refusal *why)
{
	static const struct { const char *word, *field; } words[] = {
		{ "サインイン ID", "login" }, { "氏名", "name" }, { "パスワード", "password" },
		{ "担当分野", "sector" }, { "法人番号", "org" }, { "所属組織", "org" },
		{ "省庁", "ministry" }, { "役割", "role" },
	};
	if (why->fault == KJ_USER_PASSWORD)
		return "password";
	for (size_t i = 0; why->ja && i < sizeof words / sizeof words[0]; i++)
		if (strstr(why->ja, words[i].word))
			return words[i].field;
	return "";
}

/* Why the new user was refused, beside its field; a conflict also says what
 * the database refused (in English, as it came). */
static void refusal_error(struct kj_request *req, struct kj_form *f,
			  const struct kj_user_refusal *why)
{
	char text[KJ_FORM_MESSAGE_MAX + KJ_ERR_MAX];	/* cut to fit by kj_form_error_text */
	if (why->fault == KJ_USER_CONFLICT && why->en[0])
		snprintf(text, sizeof text, "%s (%s)", T(why->ja), why->en);
	else
		snprintf(text, sizeof text, "%s", T(why->ja));
	kj_form_error_text(f, refused_field(why), text);
}

/* What the last change did (after its redirect). */
static void notices(struct kj_request *req, struct kj_buf *b)
{
	const char *done = kj_param(req, "done");
	if (!done)
		return;
	kj_form_done(req, b, !strcmp(done, "added") ? N_("登録しました。")
			     : !strcmp(done, "disabled") ? N_("利用者を無効にしました。")
			     : !strcmp(done, "enabled") ? N_("利用者を有効にしました。")
			     : !strcmp(done, "mfa_require") ? N_("二要素認証の必須を変更しました。")
			     : !strcmp(done, "mfa_reset") ? N_("二要素認証をリセットしました。本人は次のサインインで登録し直します。")
			     : N_("変更を保存しました。"));
}

/* One user's row: who, role, ministry, sectors, state, and what the admin may do. */
/* The button that resets U's password (page_user_reset.c asks first). */
static void reset_button(struct kj_request *req, struct kj_buf *b, const struct kj_user *u)
{
	kj_h(b, " <form class=\"inline\" method=\"post\" action=\"/admin/users/");
	kj_h_int(b, u->id);
	kj_h(b, "/reset\">");
	kj_h_csrf(req, b);
	kj_h(b, "<button type=\"submit\" class=\"secondary\">");
	kj_h_text(b, T("パスワードをリセット"));
	kj_h(b, "<span class=\"visually-hidden\"> ");
	kj_h_text(b, u->login);
	kj_h(b, "</span></button></form>");
}

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
	kj_h(b, "</span></td>");
	if (req->app->mfa.set)	/* the second factor's column (issue 16) */
		kj_page_users_mfa_cell(req, b, u);
	kj_h(b, "<td><a href=\"/admin/users/");
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
		if (!u->disabled)
			reset_button(req, b, u);
	}
	kj_h(b, "</td></tr>");
}

/* The list of users, USERS (N of them, at most USERS_PAGE_MAX). */
static void user_table(struct kj_request *req, struct kj_buf *b, const struct kj_user *users,
		       int n)
{
	static const char *const cols[] = { N_("サインイン ID"), N_("氏名"), N_("役割"), N_("所属省庁"),
					    N_("担当分野"), N_("状態"), N_("操作") };
	static const char *const cols_mfa[] = { N_("サインイン ID"), N_("氏名"), N_("役割"),
						N_("所属省庁"), N_("担当分野"), N_("状態"),
						N_("二要素認証"), N_("操作") };
	if (req->app->mfa.set)
		kj_ui_table_open(req, b, N_("利用者一覧"), cols_mfa,
				 (int)(sizeof cols_mfa / sizeof cols_mfa[0]));
	else
		kj_ui_table_open(req, b, N_("利用者一覧"), cols, (int)(sizeof cols / sizeof cols[0]));
	for (int i = 0; i < n; i++)
		user_row(req, b, &users[i]);
	kj_h(b, "</tbody></table></div>");
}

/* The choice of a ministry (for ministry users) and of sectors (for CEPTOARs). */
static void scope_fields(struct kj_request *req, struct kj_buf *b, const struct kj_form *f)
{
	static const struct kj_field ministry = { "ministry", N_("所属省庁（所管省庁の場合）"),
		N_("所管省庁の利用者は、所属省庁が所管する分野を担当します。"), NULL, 0, 0, NULL, NULL };
	static const struct kj_field sectors = { "sector", N_("担当分野（セプター事務局の場合）"),
		NULL, NULL, 0, 0, NULL, NULL };
	const struct kj_catalog *cat = &req->app->cat;
	const char *msel = f ? kj_param(req, "ministry") : NULL;
	kj_form_field_open(req, b, f, &ministry);
	kj_h(b, "<select name=\"ministry\"");
	kj_form_control_attrs(b, f, &ministry);
	kj_h(b, "><option value=\"\">");
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
	kj_h(b, "</select>");
	kj_form_field_close(b);
	kj_form_group_open(req, b, f, &sectors);
	kj_h(b, "<ul class=\"checks\">");
	for (int i = 0; i < cat->nsectors; i++) {
		int checked = 0;
		for (int k = 0; f && k < req->nparams; k++)
			checked |= !strcmp(req->params[k].name, "sector") &&
				   !strcmp(req->params[k].value, cat->sectors[i].code);
		kj_h(b, "<li><input type=\"checkbox\" name=\"sector\" id=\"sec-");
		kj_h_attr(b, cat->sectors[i].code);
		kj_h(b, "\" value=\"");
		kj_h_attr(b, cat->sectors[i].code);
		kj_h(b, checked ? "\" checked><label for=\"sec-" : "\"><label for=\"sec-");
		kj_h_attr(b, cat->sectors[i].code);
		kj_h(b, "\">");
		kj_h_text(b, req->lang == KJ_LANG_EN ? cat->sectors[i].name_en
						     : cat->sectors[i].name_ja);
		kj_h(b, "</label></li>");
	}
	kj_h(b, "</ul>");
	kj_form_group_close(b);
}

/* The role: a required choice with no default. */
static void role_field(struct kj_request *req, struct kj_buf *b, const struct kj_form *f)
{
	static const struct kj_field role = { "role", N_("役割"), NULL, NULL, KJ_FIELD_REQUIRED,
					      0, NULL, NULL };
	const char *sel = f ? kj_param(req, "role") : NULL;
	int chosen = sel && kj_role_parse(sel) >= 0;
	kj_form_field_open(req, b, f, &role);
	kj_h(b, "<select name=\"role\"");
	kj_form_control_attrs(b, f, &role);
	kj_h(b, ">");
	if (!chosen) {
		kj_h(b, "<option value=\"\" selected>");
		kj_h_text(b, T("選択してください"));
		kj_h(b, "</option>");
	}
	for (int r = 0; r < KJ_NROLES; r++) {
		kj_h(b, "<option value=\"");
		kj_h_attr(b, kj_role_name(r));
		kj_h(b, chosen && !strcmp(sel, kj_role_name(r)) ? "\" selected>" : "\">");
		kj_h_text(b, role_label(req, r));
		kj_h(b, "</option>");
	}
	kj_h(b, "</select>");
	kj_form_field_close(b);
}

/* The form to add a user; F (NULL when fresh) holds the errors of a refused
 * submit, and then the fields hold what was typed (never the password). */
static void add_form(struct kj_request *req, struct kj_buf *b, const struct kj_form *f)
{
	static const struct kj_field login = { "login", N_("サインイン ID"),
		N_("半角英小文字・数字・. _ - で3〜63文字"), NULL, KJ_FIELD_REQUIRED, 63, "off", NULL };
	static const struct kj_field name = { "name", N_("氏名"), NULL, NULL, KJ_FIELD_REQUIRED,
					      127, "off", NULL };
	static const struct kj_field org = { "org", N_("所属組織の法人番号（事業者の場合）"),
		N_("13桁の数字"), NULL, 0, 13, "off", "numeric" };
	static const struct kj_field password = { "password", N_("初期パスワード"),
		N_("12文字以上で、英大文字・英小文字・数字・記号・その他の文字のうち3種類以上を含めてください"),
		"password", KJ_FIELD_REQUIRED, 128, "new-password", NULL };
	kj_h(b, "<h2>");
	kj_h_text(b, T("利用者を追加"));
	kj_h(b, "</h2>");
	kj_form_summary(req, b, f);
	kj_h(b, "<form class=\"stack\" method=\"post\" action=\"/admin/users\">");
	kj_h_csrf(req, b);
	kj_form_input(req, b, f, &login, f ? kj_param(req, "login") : NULL);
	kj_form_input(req, b, f, &name, f ? kj_param(req, "name") : NULL);
	role_field(req, b, f);
	kj_form_input(req, b, f, &org, f ? kj_param(req, "org") : NULL);
	scope_fields(req, b, f);
	kj_form_input(req, b, f, &password, NULL);
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("追加する"));
	kj_h(b, "</button></div></form>");
}

/* The page; F (NULL when fresh) is a refused add form: it comes first, the
 * list after it, so that the user lands on the errors. 0, or 500 when the
 * users cannot be read (never an empty list in their place). */
static int render(struct kj_request *req, struct kj_response *resp, const struct kj_form *f)
{
	struct kj_buf *b = &resp->body;
	struct kj_err err;
	struct kj_user *users = calloc(USERS_PAGE_MAX, sizeof *users);
	int n = 0;
	if (!users || kj_store_user_list(req->st, users, USERS_PAGE_MAX, &n, &err) < 0) {
		free(users);
		return 500;
	}
	kj_page_begin(req, resp, T("利用者管理"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("利用者管理"));
	kj_h(b, "</h1>");
	if (f) {
		add_form(req, b, f);
		user_table(req, b, users, n);
	} else {
		notices(req, b);
		user_table(req, b, users, n);
		add_form(req, b, NULL);
	}
	kj_page_end(req, resp);
	free(users);
	return 0;
}

int kj_page_users(struct kj_request *req, struct kj_response *resp)
{
	return render(req, resp, NULL);
}

int kj_page_users_add(struct kj_request *req, struct kj_response *resp)
{
	kj_sector_code sectors[KJ_USER_SECTORS_MAX];
	struct kj_user_form uf = {
		kj_param(req, "login"), kj_param(req, "name"), kj_param(req, "role"),
		kj_param(req, "org"), kj_param(req, "ministry"),
		(const kj_sector_code *)sectors, 0, kj_param(req, "password"),
	};
	struct kj_form f = { .prefix = "u" };
	for (int i = 0; i < req->nparams; i++) {
		if (strcmp(req->params[i].name, "sector"))
			continue;
		if (uf.nsectors >= KJ_USER_SECTORS_MAX ||
		    kj_strlcpy(sectors[uf.nsectors], req->params[i].value, KJ_SECTOR_CODE_MAX) < 0) {
			kj_form_error(req, &f, "sector", N_("担当分野の指定が正しくありません。"));
			resp->status = 400;
			return render(req, resp, &f);
		}
		uf.nsectors++;
	}
	struct kj_user u;
	struct kj_user_refusal why;
	struct kj_err err;
	char who[KJ_LOGIN_MAX + 8];
	kj_web_actor(req, who, sizeof who);
	const struct kj_actor actor = { &req->user, req->user.id, who };
	if (kj_app_user_add(req->st, &actor, &uf, &u, &why, &err) < 0)
		return 500;
	if (why.fault) {
		refusal_error(req, &f, &why);
		resp->status = 400;
		return render(req, resp, &f);
	}
	return kj_response_redirect(resp, "/admin/users?done=added") ? 500 : 0;
}

/* What disabling U takes away, in the request's language. */
static void disable_lost(struct kj_request *req, const struct kj_user *u, char *out, size_t n)
{
	snprintf(out, n, "%s (%s): %s", u->display_name, u->login,
		 T("この利用者はサインインできなくなり、サインイン中のセッションは終了し、API トークンはすべて失効します。有効に戻しても、失効したトークンは戻りません。"));
}

static int set_disabled(struct kj_request *req, struct kj_response *resp, int disabled)
{
	int64_t id;
	struct kj_err err;
	int found, changed;
	if (kj_parse_id(req->args[0], &id) < 0)
		return 404;
	/* What disabling takes away, asked first (the use case refuses an
	 * administrator's own account at once, without asking). */
	if (disabled && !kj_form_confirmed(req) && id != req->user.id) {
		struct kj_user u;
		char lost[KJ_DISPLAY_MAX + KJ_LOGIN_MAX + 512], action[64];
		if (kj_store_user_by_id(req->st, id, &u, &found, &err) < 0)
			return 500;
		if (!found)
			return 404;
		disable_lost(req, &u, lost, sizeof lost);
		snprintf(action, sizeof action, "/admin/users/%lld/disable", (long long)u.id);
		return kj_form_confirm_page(req, resp, &(struct kj_confirm){
			N_("利用者を無効にしますか"), lost, action, N_("無効にする"),
			"/admin/users" });
	}
	struct kj_user_refusal why;
	char who[KJ_LOGIN_MAX + 8];
	kj_web_actor(req, who, sizeof who);
	const struct kj_actor actor = { &req->user, req->user.id, who };
	if (kj_app_user_set_disabled(req->st, &actor, id, disabled, &found, &changed, &why,
				     &err) < 0)
		return 500;
	if (!found)
		return 404;
	if (why.fault) {
		struct kj_form f = { .prefix = "u" };
		kj_form_error(req, &f, "", why.ja);
		resp->status = 400;
		return render(req, resp, &f);
	}
	return kj_response_redirect(resp, disabled ? "/admin/users?done=disabled"
						   : "/admin/users?done=enabled") ? 500 : 0;
}

int kj_page_users_disable(struct kj_request *req, struct kj_response *resp)
{
	return set_disabled(req, resp, 1);
}

int kj_page_users_enable(struct kj_request *req, struct kj_response *resp)
{
	return set_disabled(req, resp, 0);
}
