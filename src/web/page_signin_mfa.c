/*
 * The second step of a sign-in (issue 16): after the password of a user
 * with a second factor, /signin/mfa asks the 6-digit code of the
 * authenticator app, or a recovery code. The half step lives in its own
 * cookie (kijun_mfa, HttpOnly, for KJ_MFA_PENDING_S) and is no session:
 * nothing but this page opens until the code passes (app/mfa_signin.h).
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/mfa_signin.h"
#include "store/store_users.h"
#include "web/app.h"
#include "web/form.h"
#include "web/html.h"
#include "web/page_signin.h"
#include "web/pages.h"

static void mfa_cookie(struct kj_request *req, struct kj_response *resp, const char *value,
		       int max_age)
{
	char c[256];
	snprintf(c, sizeof c, "%s=%s; Path=/signin; HttpOnly; SameSite=Strict%s; Max-Age=%d",
		 KJ_MFA_COOKIE, value, req->tls ? "; Secure" : "", max_age);
	kj_response_header(resp, "Set-Cookie", c);
}

int kj_page_signin_halfway(struct kj_request *req, struct kj_response *resp, int64_t user_id,
			   const char *next)
{
	char token[KJ_MFA_TOKEN_MAX];
	struct kj_err err;
	if (kj_mfa_halfway_begin(req->st, user_id, req->remote, (int64_t)req->app->now(), next,
				 token, &err) < 0)
		return 500;
	mfa_cookie(req, resp, token, KJ_MFA_PENDING_S);
	sodium_memzero(token, sizeof token);
	return kj_response_redirect(resp, "/signin/mfa") ? 500 : 0;
}

static void render(struct kj_request *req, struct kj_response *resp, const struct kj_form *f)
{
	static const struct kj_field code = {
		"code", N_("確認コード"),
		N_("認証アプリに表示されている6桁の数字。端末をなくしたときは、回復コード（例: abcde-fghij）を入力してください。"),
		NULL, KJ_FIELD_REQUIRED, KJ_MFA_CODE_INPUT_MAX, "one-time-code", NULL };
	struct kj_buf *b = &resp->body;
	kj_web_pre_csrf(req, resp);
	kj_page_begin(req, resp, T("二要素認証"));
	kj_h(b, "<div class=\"narrow\"><h1>");
	kj_h_text(b, T("二要素認証"));
	kj_h(b, "</h1><p>");
	kj_h_text(b, T("パスワードを確認しました。サインインを終えるには、認証アプリの確認コードを入力してください。"));
	kj_h(b, "</p>");
	kj_form_summary(req, b, f);
	kj_h(b, "<form class=\"stack\" method=\"post\" action=\"/signin/mfa\">");
	kj_h_csrf(req, b);
	kj_form_input(req, b, f, &code, NULL);
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("確認する"));
	kj_h(b, "</button> <a href=\"/signin\">");
	kj_h_text(b, T("最初からやり直す"));
	kj_h(b, "</a></div></form></div>");
	kj_page_end(req, resp);
}

#define ENDED N_("確認コードの入力時間が過ぎたか、誤りが続きました。もう一度サインインしてください。")

int kj_page_signin_mfa(struct kj_request *req, struct kj_response *resp)
{
	char token[KJ_MFA_TOKEN_MAX];
	struct kj_mfa_halfway hw;
	struct kj_err err;
	int found = 0;
	if (req->signed_in)
		return kj_response_redirect(resp, "/") ? 500 : 0;
	if (kj_cookie(req, KJ_MFA_COOKIE, token, sizeof token) < 0 ||
	    kj_mfa_halfway_load(req->st, token, (int64_t)req->app->now(), &hw, &found, &err) < 0)
		found = 0;
	sodium_memzero(token, sizeof token);
	if (!found) {
		mfa_cookie(req, resp, "", 0);
		return kj_page_signin_again(req, resp, 401, ENDED);
	}
	struct kj_form f = { .prefix = "m" };
	render(req, resp, &f);
	return 0;
}

/* A refused code: the form again with the message beside the field. */
static int refused(struct kj_request *req, struct kj_response *resp, int status,
		   const char *msg_ja)
{
	struct kj_form f = { .prefix = "m" };
	kj_form_error(req, &f, "code", msg_ja);
	resp->status = status;
	render(req, resp, &f);
	return 0;
}

int kj_page_signin_mfa_post(struct kj_request *req, struct kj_response *resp)
{
	char token[KJ_MFA_TOKEN_MAX], next[520];
	struct kj_err err;
	enum kj_mfa_answer answer;
	int64_t uid = 0, wait = 0;
	const char *code = kj_param(req, "code");
	if (req->signed_in)
		return kj_response_redirect(resp, "/") ? 500 : 0;
	if (kj_cookie(req, KJ_MFA_COOKIE, token, sizeof token) < 0)
		token[0] = '\0';
	if (!code || !*code || strlen(code) > KJ_MFA_CODE_INPUT_MAX) {
		sodium_memzero(token, sizeof token);
		return refused(req, resp, 400, N_("確認コードを入力してください。"));
	}
	int rc = kj_mfa_halfway_answer(req->st, &req->app->mfa, token, req->remote,
				       (int64_t)req->app->now(), code, &answer, &uid, next, &wait,
				       &err);
	sodium_memzero(token, sizeof token);
	if (rc < 0)
		return 500;
	if (answer == KJ_MFA_ANSWER_WAIT) {
		char secs[24];
		snprintf(secs, sizeof secs, "%lld", (long long)(wait > 0 ? wait : 1));
		kj_response_header(resp, "Retry-After", secs);
		return refused(req, resp, 429, N_("サインインの失敗が続いたため、少し待ってからもう一度お試しください。待ち時間は失敗のたびに長くなります（最長15分）。"));
	}
	if (answer == KJ_MFA_ANSWER_WRONG)
		return refused(req, resp, 401, N_("確認コードが正しくないか、すでに使われたか、有効期限が切れています。"));
	mfa_cookie(req, resp, "", 0);
	if (answer == KJ_MFA_ANSWER_ENDED)
		return kj_page_signin_again(req, resp, 401, ENDED);
	struct kj_user u;
	int found = 0;
	if (kj_store_user_by_id(req->st, uid, &u, &found, &err) < 0 || !found)
		return 500;
	sodium_memzero(u.password_hash, sizeof u.password_hash);
	return kj_page_signin_finish(req, resp, &u, next);
}
