/*
 * An administrator and users' second factors (issue 16), on /admin/users:
 * each user's state in the list, requiring it of a user whose role does
 * not (operators, CEPTOARs, auditors), and resetting it for a lost device
 * (asked first; the user enrols again). Only with the server's key.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/mfa.h"
#include "store/store_users.h"
#include "web/app.h"
#include "web/form.h"
#include "web/html.h"
#include "web/page_user_mfa.h"
#include "web/pages.h"

static void button(struct kj_request *req, struct kj_buf *b, const struct kj_user *u,
		   const char *action, const char *name, const char *value, const char *label_ja)
{
	kj_h(b, " <form class=\"inline\" method=\"post\" action=\"/admin/users/");
	kj_h_int(b, u->id);
	kj_h(b, action);
	kj_h(b, "\">");
	kj_h_csrf(req, b);
	if (name) {
		kj_h(b, "<input type=\"hidden\" name=\"");
		kj_h_attr(b, name);
		kj_h(b, "\" value=\"");
		kj_h_attr(b, value);
		kj_h(b, "\">");
	}
	kj_h(b, "<button type=\"submit\" class=\"secondary\">");
	kj_h_text(b, T(label_ja));
	kj_h(b, "<span class=\"visually-hidden\"> ");
	kj_h_text(b, u->login);
	kj_h(b, "</span></button></form>");
}

void kj_page_users_mfa_cell(struct kj_request *req, struct kj_buf *b, const struct kj_user *u)
{
	struct kj_mfa_state s;
	struct kj_err err;
	kj_h(b, "<td>");
	if (kj_mfa_state_of(req->st, &req->app->mfa, u, &s, &err) < 0) {
		kj_h(b, "</td>");
		return;
	}
	kj_h(b, s.enrolled ? "<span class=\"badge ok\">" : "<span class=\"badge off\">");
	kj_h_text(b, T(s.enrolled ? N_("登録済み") : N_("未登録")));
	kj_h(b, "</span>");
	if (s.required) {
		kj_h(b, " ");
		kj_h_text(b, T("（必須）"));
	}
	if (!kj_mfa_role_requires(u) && !u->disabled)
		button(req, b, u, "/mfa/require", "required", s.admin_required ? "0" : "1",
		       s.admin_required ? N_("必須を解除") : N_("必須にする"));
	if (s.enrolled && u->id != req->user.id)
		button(req, b, u, "/mfa/reset", NULL, NULL, N_("二要素認証をリセット"));
	kj_h(b, "</td>");
}

/* The user of the route's {id}, or 404/500. */
static int load_user(struct kj_request *req, struct kj_user *u)
{
	int64_t id;
	int found = 0;
	struct kj_err err;
	if (!req->app->mfa.set || kj_parse_id(req->args[0], &id) < 0)
		return 404;
	if (kj_store_user_by_id(req->st, id, u, &found, &err) < 0)
		return 500;
	sodium_memzero(u->password_hash, sizeof u->password_hash);
	return found ? 0 : 404;
}

int kj_page_user_mfa_require(struct kj_request *req, struct kj_response *resp)
{
	struct kj_user u;
	struct kj_err err;
	char who[KJ_LOGIN_MAX + 8];
	int found = 0, rc = load_user(req, &u);
	const char *v = kj_param(req, "required");
	if (rc)
		return rc;
	if (!v || (strcmp(v, "0") && strcmp(v, "1")) || kj_mfa_role_requires(&u))
		return 400;
	kj_web_actor(req, who, sizeof who);
	struct kj_actor actor = { &req->user, req->user.id, who };
	if (kj_mfa_require(req->st, &actor, u.id, !strcmp(v, "1"), &found, &err) < 0)
		return 500;
	if (!found)
		return 404;
	return kj_response_redirect(resp, "/admin/users?done=mfa_require") ? 500 : 0;
}

int kj_page_user_mfa_reset(struct kj_request *req, struct kj_response *resp)
{
	struct kj_user u;
	struct kj_err err;
	char who[KJ_LOGIN_MAX + 8];
	int found = 0, rc = load_user(req, &u);
	if (rc)
		return rc;
	if (u.id == req->user.id)
		return 404;	/* one's own factor is replaced at /account/mfa */
	if (!kj_form_confirmed(req)) {
		char lost[KJ_DISPLAY_MAX + KJ_LOGIN_MAX + 512], action[64];
		snprintf(lost, sizeof lost, "%s (%s): %s", u.display_name, u.login,
			 T("登録済みの認証アプリと回復コードは使えなくなります。本人は次のサインインで登録し直します。本人であることを確かめてから行ってください。"));
		snprintf(action, sizeof action, "/admin/users/%lld/mfa/reset", (long long)u.id);
		return kj_form_confirm_page(req, resp, &(struct kj_confirm){
			N_("二要素認証をリセットしますか"), lost, action, N_("リセットする"),
			"/admin/users" });
	}
	kj_web_actor(req, who, sizeof who);
	struct kj_actor actor = { &req->user, req->user.id, who };
	if (kj_mfa_reset(req->st, &actor, u.id, &found, &err) < 0)
		return 500;
	if (!found)
		return 404;
	return kj_response_redirect(resp, "/admin/users?done=mfa_reset") ? 500 : 0;
}
