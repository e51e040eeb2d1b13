/*
 * The user's own account: who they are, and their personal API tokens for
 * the JSON API (Authorization: Bearer). A token is shown once, when made,
 * with the day it expires (KJ_TOKEN_DAYS_DEFAULT days unless chosen); only
 * its hash is stored. Changing the password or disabling the account ends
 * every token.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/audit_log.h"
#include "store/store_session.h"
#include "web/app.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"

#define TOKEN_NAME_MAX 100

/* The lives a token may be given, in days; the default first. */
static const int token_days[] = { KJ_TOKEN_DAYS_DEFAULT, 30, 180, KJ_TOKEN_DAYS_MAX };

/*
 * A user's API tokens as a table, live ones with a form that posts to
 * PREFIX + id + "/revoke" (the user's own, or an administrator's page).
 */
void kj_tokens_table(struct kj_request *req, struct kj_buf *b, const struct kj_token_row *rows,
		     int n, const char *prefix, const char *caption)
{
	/* A region of its own that takes the focus: it scrolls sideways on a
	 * narrow screen, by keyboard too. */
	kj_h(b, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"");
	kj_h_attr(b, caption);
	kj_h(b, "\"><table class=\"data\"><caption>");
	kj_h_text(b, caption);
	kj_h(b, "</caption><thead><tr>");
	static const char *const cols[] = { N_("名前"), N_("作成日時"), N_("有効期限"),
					    N_("最終使用"), N_("状態"), N_("操作") };
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		kj_h(b, "<th scope=\"col\">");
		kj_h_text(b, T(cols[i]));
		kj_h(b, "</th>");
	}
	kj_h(b, "</tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		int live = !rows[i].revoked && !rows[i].expired;
		kj_h(b, live ? "<tr><td>" : "<tr class=\"muted\"><td>");
		kj_h_text(b, rows[i].name);
		kj_h(b, "</td><td>");
		kj_h_time(req, b, rows[i].created_at);
		kj_h(b, "</td><td>");
		kj_h_time(req, b, rows[i].expires_at);
		kj_h(b, "</td><td>");
		kj_h_time(req, b, rows[i].last_used_at);
		kj_h(b, "</td><td>");
		kj_h(b, live ? "<span class=\"badge ok\">" : "<span class=\"badge off\">");
		kj_h_text(b, T(rows[i].revoked ? N_("失効") : rows[i].expired ? N_("期限切れ")
								 : N_("有効")));
		kj_h(b, "</span></td><td>");
		if (live) {
			kj_h(b, "<form class=\"inline\" method=\"post\" action=\"");
			kj_h_attr(b, prefix);
			kj_h_int(b, rows[i].id);
			kj_h(b, "/revoke\">");
			kj_h_csrf(req, b);
			kj_h(b, "<button type=\"submit\" class=\"danger\">");
			kj_h_text(b, T("失効させる"));
			kj_h(b, "<span class=\"visually-hidden\"> ");
			kj_h_text(b, rows[i].name);
			kj_h(b, "</span></button></form>");
		}
		kj_h(b, "</td></tr>");
	}
	if (n == 0) {
		kj_h(b, "<tr><td colspan=\"6\">");
		kj_h_text(b, T("トークンはありません。"));
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div>");
}

int kj_token_revoke_lost(struct kj_request *req, int64_t user, int64_t id, char *out,
			 size_t n)
{
	struct kj_token_row rows[KJ_API_TOKENS_MAX * 4];
	struct kj_err err;
	int count = 0;
	if (kj_store_token_list(req->st, user, (int64_t)req->app->now(), rows,
				(int)(sizeof rows / sizeof rows[0]), &count, &err) < 0)
		return 500;
	for (int i = 0; i < count; i++) {
		if (rows[i].id != id || rows[i].revoked || rows[i].expired)
			continue;
		snprintf(out, n, "%s: %s", rows[i].name,
			 T("このトークンを使うプログラムは、JSON API を使えなくなります。失効させたトークンは元に戻せません。"));
		return 0;
	}
	return 404;	/* not this user's, or not live: nothing to revoke */
}

/* The form for a new token; F holds the errors of a refused one. */
static void token_form(struct kj_request *req, struct kj_buf *b, const struct kj_form *f)
{
	static const struct kj_field name = { "name", N_("用途がわかる名前"), NULL, NULL,
					      KJ_FIELD_REQUIRED, TOKEN_NAME_MAX, "off", NULL };
	static const struct kj_field days = { "days", N_("有効期間"), NULL, NULL,
					      KJ_FIELD_REQUIRED, 0, NULL, NULL };
	const char *sel = f ? kj_param(req, "days") : NULL;
	kj_form_summary(req, b, f);
	kj_h(b, "<form class=\"stack\" method=\"post\" action=\"/account/tokens\">");
	kj_h_csrf(req, b);
	kj_form_input(req, b, f, &name, f ? kj_param(req, "name") : NULL);
	kj_form_field_open(req, b, f, &days);
	kj_h(b, "<select name=\"days\"");
	kj_form_control_attrs(b, f, &days);
	kj_h(b, ">");
	for (size_t i = 0; i < sizeof token_days / sizeof token_days[0]; i++) {
		char v[16];
		snprintf(v, sizeof v, "%d", token_days[i]);
		kj_h(b, "<option value=\"");
		kj_h_attr(b, v);
		kj_h(b, (sel ? !strcmp(sel, v) : i == 0) ? "\" selected>" : "\">");
		kj_h_count(b, token_days[i]);
		kj_h_text(b, T("日"));
		kj_h(b, "</option>");
	}
	kj_h(b, "</select>");
	kj_form_field_close(b);
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("トークンを作成"));
	kj_h(b, "</button></div></form>");
}

/* The page; NEW_TOKEN and NEW_EXPIRY (UTC) after a token was made, F (NULL
 * when fresh) the refused token form. */
static void render(struct kj_request *req, struct kj_response *resp,
		   const char *new_token, const char *new_expiry, const struct kj_form *f)
{
	struct kj_buf *b = &resp->body;
	struct kj_token_row rows[KJ_API_TOKENS_MAX];
	struct kj_err err;
	int n = 0;
	if (kj_store_token_list(req->st, req->user.id, (int64_t)req->app->now(), rows,
				KJ_API_TOKENS_MAX, &n, &err) < 0)
		n = 0;
	kj_page_begin(req, resp, T("アカウント"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("アカウント"));
	kj_h(b, "</h1><dl class=\"meta\"><dt>");
	kj_h_text(b, T("サインイン ID"));
	kj_h(b, "</dt><dd>");
	kj_h_text(b, req->user.login);
	kj_h(b, "</dd><dt>");
	kj_h_text(b, T("氏名"));
	kj_h(b, "</dt><dd>");
	kj_h_text(b, req->user.display_name);
	kj_h(b, "</dd><dt>");
	kj_h_text(b, T("役割"));
	kj_h(b, "</dt><dd>");
	kj_h_text(b, req->lang == KJ_LANG_EN ? kj_role_label_en(req->user.role)
					     : kj_role_label_ja(req->user.role));
	kj_h(b, "</dd></dl>");
	const char *done = f ? NULL : kj_param(req, "done");
	if (done && !strcmp(done, "password"))
		kj_form_done(req, b, N_("パスワードを変更しました。ほかの端末のサインインは終了しました。"));
	kj_h(b, "<p><a href=\"/account/password\">");
	kj_h_text(b, T("パスワードを変更する"));
	kj_h(b, "</a></p>");
	if (req->app->mfa.set) {	/* the second factor, when the server offers one */
		kj_h(b, "<p><a href=\"/account/mfa\">");
		kj_h_text(b, T("二要素認証（認証アプリ）を設定する"));
		kj_h(b, "</a></p>");
	}
	kj_h(b, "<h2>");
	kj_h_text(b, T("API トークン"));
	kj_h(b, "</h2><p>");
	kj_h_text(b, T("JSON API を使うプログラムは、Authorization: Bearer ヘッダーでトークンを送ります。トークンには、あなたと同じ権限があります。"));
	kj_h(b, "</p>");
	if (done && strcmp(done, "password"))
		kj_form_done(req, b, N_("トークンを失効させました。"));
	if (new_token) {
		kj_h(b, "<div class=\"notice success\" role=\"status\"><p>");
		kj_h_text(b, T("トークンを作成しました。この画面を離れると二度と表示されません。今すぐ控えてください。"));
		kj_h(b, "</p><p class=\"token-once\"><code>");
		kj_h_text(b, new_token);
		kj_h(b, "</code></p><p>");
		kj_h_text(b, T("有効期限"));
		kj_h(b, ": ");
		kj_h_time(req, b, new_expiry);
		kj_h(b, "</p></div>");
	}
	kj_tokens_table(req, b, rows, n, "/account/tokens/", T("あなたの API トークン"));
	kj_h(b, "<h3>");
	kj_h_text(b, T("新しいトークン"));
	kj_h(b, "</h3>");
	token_form(req, b, f);
	kj_page_end(req, resp);
}

int kj_page_account(struct kj_request *req, struct kj_response *resp)
{
	render(req, resp, NULL, NULL, NULL);
	return 0;
}

int kj_page_token_add(struct kj_request *req, struct kj_response *resp)
{
	const char *name = kj_param(req, "name"), *days_s = kj_param(req, "days");
	struct kj_token_row rows[KJ_API_TOKENS_MAX];
	struct kj_err err;
	int n = 0;
	long days = KJ_TOKEN_DAYS_DEFAULT;
	int64_t now = (int64_t)req->app->now();
	struct kj_form f = { .prefix = "t" };
	if (!name || !*name || strlen(name) > TOKEN_NAME_MAX)
		kj_form_error(req, &f, "name", N_("トークンの名前を100バイト以内で入力してください。"));
	if (days_s && *days_s && kj_parse_long(days_s, 1, KJ_TOKEN_DAYS_MAX, &days) < 0)
		kj_form_error(req, &f, "days", N_("有効期間は1日から365日までの日数で選んでください。"));
	if (f.nerrors) {
		resp->status = 400;
		render(req, resp, NULL, NULL, &f);
		return 0;
	}
	if (kj_store_token_list(req->st, req->user.id, now, rows, KJ_API_TOKENS_MAX, &n,
				&err) < 0)
		return 500;
	int live = 0;
	for (int i = 0; i < n; i++)
		live += !rows[i].revoked && !rows[i].expired;
	/* Live tokens come first in the list: only they count against the limit. */
	if (live >= KJ_API_TOKENS_MAX) {
		kj_form_error(req, &f, "", N_("トークンの数が上限に達しています。"));
		resp->status = 400;
		render(req, resp, NULL, NULL, &f);
		return 0;
	}
	char token[64], hash[65], who[KJ_LOGIN_MAX + 8], sid[24];
	int64_t id;
	kj_web_random_token(token, sizeof token);
	kj_web_hash_token(token, hash);
	kj_web_actor(req, who, sizeof who);
	if (kj_store_begin(req->st, &err) < 0)
		return 500;
	if (kj_store_token_create(req->st, req->user.id, name, hash, now, (int)days, &id,
				  &err) < 0)
		goto fail;
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if (kj_audit_log(req->st, req->user.id, who, "token.add", "api_token", sid, NULL, &err) < 0 ||
	    kj_store_commit(req->st, &err) < 0)
		goto fail;
	char until[32];
	time_t t = (time_t)(now + (int64_t)days * 86400);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(until, sizeof until, "%Y-%m-%dT%H:%M:%SZ", &tm);
	render(req, resp, token, until, NULL);
	sodium_memzero(token, sizeof token);
	return 0;
fail:
	kj_store_rollback(req->st);
	return 500;
}

int kj_page_token_revoke(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	struct kj_err err;
	int done = 0;
	char who[KJ_LOGIN_MAX + 8];
	if (kj_parse_id(req->args[0], &id) < 0)
		return 404;
	if (!kj_form_confirmed(req)) {
		char lost[TOKEN_NAME_MAX + 512], action[64];
		int rc = kj_token_revoke_lost(req, req->user.id, id, lost, sizeof lost);
		if (rc)
			return rc;
		snprintf(action, sizeof action, "/account/tokens/%lld/revoke", (long long)id);
		return kj_form_confirm_page(req, resp, &(struct kj_confirm){
			N_("トークンを失効させますか"), lost, action, N_("失効させる"), "/account" });
	}
	kj_web_actor(req, who, sizeof who);
	if (kj_store_begin(req->st, &err) < 0)
		return 500;
	if (kj_store_token_revoke(req->st, req->user.id, id, &done, &err) < 0)
		goto fail;
	if (!done) {
		kj_store_rollback(req->st);
		return 404;	/* not this user's: same answer as absent */
	}
	if (kj_audit_log(req->st, req->user.id, who, "token.revoke", "api_token",
			 req->args[0], NULL, &err) < 0 || kj_store_commit(req->st, &err) < 0)
		goto fail;
	return kj_response_redirect(resp, "/account?done=revoked") ? 500 : 0;
fail:
	kj_store_rollback(req->st);
	return 500;
}
