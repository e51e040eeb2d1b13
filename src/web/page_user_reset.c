/*
 * An administrator resets a user's password (issue 16): asked first, then
 * a random temporary password is shown once to the administrator, to pass
 * on; the user must change it at the next sign-in, so the administrator
 * never knows the password the user goes on with (app/signin_self.h).
 */
#include <sodium.h>
#include <stdio.h>

#include "app/signin_self.h"
#include "store/store_users.h"
#include "web/app.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"

static void render(struct kj_request *req, struct kj_response *resp, const struct kj_user *u,
		   const char *temp)
{
	struct kj_buf *b = &resp->body;
	kj_page_begin(req, resp, T("パスワードをリセットしました"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("パスワードをリセットしました"));
	kj_h(b, "</h1><div class=\"notice success\" role=\"status\"><p>");
	kj_h_text(b, u->display_name);
	kj_h(b, " (<code>");
	kj_h_text(b, u->login);
	kj_h(b, "</code>)</p><p>");
	kj_h_text(b, T("仮パスワード（この画面を離れると二度と表示されません）"));
	kj_h(b, ": </p><p class=\"token-once\"><code>");
	kj_h_text(b, temp);
	kj_h(b, "</code></p></div><p>");
	kj_h_text(b, T("本人だけに安全な方法で伝えてください。本人は次のサインインで新しいパスワードに変更するまで、ほかの画面を使えません。"));
	kj_h(b, "</p><p><a href=\"/admin/users\">");
	kj_h_text(b, T("利用者の一覧へ戻る"));
	kj_h(b, "</a></p>");
	kj_page_end(req, resp);
}

int kj_page_user_reset(struct kj_request *req, struct kj_response *resp)
{
	int64_t id;
	struct kj_err err;
	struct kj_user u;
	int found;
	char who[KJ_LOGIN_MAX + 8], temp[32];
	if (kj_parse_id(req->args[0], &id) < 0)
		return 404;
	if (kj_store_user_by_id(req->st, id, &u, &found, &err) < 0)
		return 500;
	sodium_memzero(u.password_hash, sizeof u.password_hash);
	if (!found || u.disabled || u.id == req->user.id)
		return 404;	/* one's own password is changed at /account/password */
	if (!kj_form_confirmed(req)) {
		char lost[KJ_DISPLAY_MAX + KJ_LOGIN_MAX + 512], action[64];
		snprintf(lost, sizeof lost, "%s (%s): %s", u.display_name, u.login,
			 T("今のパスワードは使えなくなり、サインイン中のセッションは終了し、API トークンはすべて失効します。"));
		snprintf(action, sizeof action, "/admin/users/%lld/reset", (long long)u.id);
		return kj_form_confirm_page(req, resp, &(struct kj_confirm){
			N_("パスワードをリセットしますか"), lost, action, N_("リセットする"),
			"/admin/users" });
	}
	kj_web_actor(req, who, sizeof who);
	struct kj_actor actor = { &req->user, req->user.id, who };
	if (kj_app_user_reset(req->st, &actor, u.id, temp, sizeof temp, &found, &err) < 0)
		return 500;
	if (!found)
		return 404;
	render(req, resp, &u, temp);
	sodium_memzero(temp, sizeof temp);
	return 0;
}
