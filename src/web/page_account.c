/*
 * The user's own account: who they are, and their personal API tokens for
 * the JSON API (Authorization: Bearer). A token is shown once, when made;
 * only its hash is stored.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "model/audit.h"
#include "store/store_session.h"
#include "web/app.h"
#include "web/html.h"
#include "web/pages.h"

#define TOKEN_NAME_MAX 100

static void render(struct kj_request *req, struct kj_response *resp,
		   const char *new_token, const char *error_ja)
{
	struct kj_buf *b = &resp->body;
	struct kj_token_row rows[KJ_API_TOKENS_MAX];
	struct kj_err err;
	int n = 0;
	if (kj_store_token_list(req->st, req->user.id, rows, KJ_API_TOKENS_MAX, &n, &err) < 0)
		n = 0;
	kj_page_begin(req, resp, T("アカウント"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("アカウント"));
	kj_h(b, "</h1><dl class=\"meta\"><dt>");
	kj_h_text(b, T("ログインID"));
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
	kj_h(b, "</dd></dl><h2>");
	kj_h_text(b, T("API トークン"));
	kj_h(b, "</h2><p>");
	kj_h_text(b, T("JSON API を使うプログラムは、Authorization: Bearer ヘッダーでトークンを送ります。トークンには、あなたと同じ権限があります。"));
	kj_h(b, "</p>");
	if (error_ja) {
		kj_h(b, "<div class=\"error-summary\" role=\"alert\"><p>");
		kj_h_text(b, T(error_ja));
		kj_h(b, "</p></div>");
	}
	if (new_token) {
		kj_h(b, "<div class=\"notice success\" role=\"status\"><p>");
		kj_h_text(b, T("トークンを作成しました。この画面を離れると二度と表示されません。今すぐ控えてください。"));
		kj_h(b, "</p><p class=\"token-once\"><code>");
		kj_h_text(b, new_token);
		kj_h(b, "</code></p></div>");
	}
	kj_h(b, "<div class=\"table-wrap\"><table class=\"data\"><caption>");
	kj_h_text(b, T("あなたの API トークン"));
	kj_h(b, "</caption><thead><tr>");
	static const char *const cols[] = { N_("名前"), N_("作成日時"), N_("最終使用"), N_("状態"), N_("操作") };
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		kj_h(b, "<th scope=\"col\">");
		kj_h_text(b, T(cols[i]));
		kj_h(b, "</th>");
	}
	kj_h(b, "</tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		kj_h(b, rows[i].revoked ? "<tr class=\"muted\"><td>" : "<tr><td>");
		kj_h_text(b, rows[i].name);
		kj_h(b, "</td><td>");
		kj_h_text(b, rows[i].created_at);
		kj_h(b, "</td><td>");
		kj_h_text(b, rows[i].last_used_at[0] ? rows[i].last_used_at : "—");
		kj_h(b, "</td><td>");
		kj_h(b, rows[i].revoked ? "<span class=\"badge off\">" : "<span class=\"badge ok\">");
		kj_h_text(b, T(rows[i].revoked ? N_("失効") : N_("有効")));
		kj_h(b, "</span></td><td>");
		if (!rows[i].revoked) {
			kj_h(b, "<form class=\"inline\" method=\"post\" action=\"/account/tokens/");
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
		kj_h(b, "<tr><td colspan=\"5\">");
		kj_h_text(b, T("トークンはありません。"));
		kj_h(b, "</td></tr>");
	}
	kj_h(b, "</tbody></table></div><h3>");
	kj_h_text(b, T("新しいトークン"));
	kj_h(b, "</h3><form class=\"stack\" method=\"post\" action=\"/account/tokens\">");
	kj_h_csrf(req, b);
	kj_h(b, "<div class=\"field\"><label for=\"t-name\">");
	kj_h_text(b, T("用途がわかる名前"));
	kj_h(b, "</label><input id=\"t-name\" name=\"name\" type=\"text\" required maxlength=\"100\">"
		"</div><div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("トークンを作成"));
	kj_h(b, "</button></div></form>");
	kj_page_end(req, resp);
}

int kj_page_account(struct kj_request *req, struct kj_response *resp)
{
	render(req, resp, NULL, NULL);
	return 0;
}

int kj_page_token_add(struct kj_request *req, struct kj_response *resp)
{
	const char *name = kj_param(req, "name");
	struct kj_token_row rows[KJ_API_TOKENS_MAX];
	struct kj_err err;
	int n = 0;
	if (!name || !*name || strlen(name) > TOKEN_NAME_MAX) {
		resp->status = 400;
		render(req, resp, NULL, N_("トークンの名前を100バイト以内で入力してください。"));
		return 0;
	}
	if (kj_store_token_list(req->st, req->user.id, rows, KJ_API_TOKENS_MAX, &n, &err) < 0)
		return 500;
	int live = 0;
	for (int i = 0; i < n; i++)
		live += !rows[i].revoked;
	/* Live tokens come first in the list: only they count against the limit. */
	if (live >= KJ_API_TOKENS_MAX) {
		resp->status = 400;
		render(req, resp, NULL, N_("トークンの数が上限に達しています。"));
		return 0;
	}
	char token[64], hash[65], who[KJ_LOGIN_MAX + 8], sid[24];
	int64_t id;
	kj_web_random_token(token, sizeof token);
	kj_web_hash_token(token, hash);
	kj_web_actor(req, who, sizeof who);
	if (kj_store_begin(req->st, &err) < 0)
		return 500;
	if (kj_store_token_create(req->st, req->user.id, name, hash, &id, &err) < 0)
		goto fail;
	snprintf(sid, sizeof sid, "%lld", (long long)id);
	if (kj_audit_log(req->st, req->user.id, who, "token.add", "api_token", sid, NULL, &err) < 0 ||
	    kj_store_commit(req->st, &err) < 0)
		goto fail;
	render(req, resp, token, NULL);
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
	return kj_response_redirect(resp, "/account") ? 500 : 0;
fail:
	kj_store_rollback(req->st);
	return 500;
}
