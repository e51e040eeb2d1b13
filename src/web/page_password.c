/*
 * The user's own password (issue 16): GET /account/password shows the
 * form (current password, the new one twice), POST changes it through
 * kj_app_password_change. Every other session and API token of the user
 * ends; this browser gets a fresh session and goes back to /account.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/password_change.h"
#include "web/app.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"

static void render(struct kj_request *req, struct kj_response *resp, const struct kj_form *f)
{
	static const struct kj_field old_f = { "old", N_("現在のパスワード"), NULL, "password",
					       KJ_FIELD_REQUIRED, KJ_PASSWORD_MAX,
					       "current-password", NULL };
	static const struct kj_field new_f = {
		"new", N_("新しいパスワード"),
		N_("12文字以上。サインイン ID を含むものや、よく使われるパスワードは使えません。"),
		"password", KJ_FIELD_REQUIRED, KJ_PASSWORD_MAX, "new-password", NULL };
	static const struct kj_field new2_f = { "new2", N_("新しいパスワード（確認）"), NULL,
						"password", KJ_FIELD_REQUIRED, KJ_PASSWORD_MAX,
						"new-password", NULL };
	struct kj_buf *b = &resp->body;
	kj_page_begin(req, resp, T("パスワードの変更"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("パスワードの変更"));
	kj_h(b, "</h1><p>");
	kj_h_text(b, T("変更すると、ほかの端末のサインインと API トークンはすべて終了します。"));
	kj_h(b, "</p>");
	kj_form_summary(req, b, f);
	kj_h(b, "<form class=\"stack\" method=\"post\" action=\"/account/password\">");
	kj_h_csrf(req, b);
	/* Passwords are never written back into the page. */
	kj_form_input(req, b, f, &old_f, NULL);
	kj_form_input(req, b, f, &new_f, NULL);
	kj_form_input(req, b, f, &new2_f, NULL);
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("パスワードを変更"));
	kj_h(b, "</button></div></form>");
	kj_page_end(req, resp);
}

int kj_page_password(struct kj_request *req, struct kj_response *resp)
{
	struct kj_form f = { .prefix = "p" };	/* no errors: the same element ids */
	render(req, resp, &f);
	return 0;
}

int kj_page_password_post(struct kj_request *req, struct kj_response *resp)
{
	char who[KJ_LOGIN_MAX + 8];
	struct kj_pw_refusal why;
	struct kj_err err;
	kj_web_actor(req, who, sizeof who);
	struct kj_actor actor = { &req->user, req->user.id, who };
	if (kj_app_password_change(req->st, &actor, kj_param(req, "old"), kj_param(req, "new"),
				   kj_param(req, "new2"), &why, &err) < 0)
		return 500;
	if (why.fault != KJ_PW_OK) {
		struct kj_form f = { .prefix = "p" };
		kj_form_error(req, &f, why.field, why.ja);
		resp->status = 400;
		render(req, resp, &f);
		return 0;
	}
	/* The change ended every session, this one too: a fresh one here. */
	req->session_hash[0] = '\0';
	if (kj_session_start(req, resp, &req->user, &err) < 0)
		return 500;
	return kj_response_redirect(resp, "/account?done=password") ? 500 : 0;
}
