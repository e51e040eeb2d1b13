/*
 * The user's own second factor (issue 16), /account/mfa: enrolment (the
 * secret as a QR code drawn on the server and as text, confirmed with the
 * password and a code of it), the ten recovery codes shown once, a new
 * device in place of the old (?replace=1), and new recovery codes. Only
 * when the server has the key (--mfa-key); else 404.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/mfa.h"
#include "export/qr_svg.h"
#include "web/app.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"

static const struct kj_field password_f = { "password", N_("現在のパスワード"), NULL, "password",
					    KJ_FIELD_REQUIRED, KJ_PASSWORD_MAX,
					    "current-password", NULL };

/* The secret as text, in groups of four for reading out. */
static void secret_text(struct kj_buf *b, const char *secret)
{
	char group[5];
	kj_h(b, "<p class=\"mfa-secret\"><code>");
	for (size_t i = 0, n = strlen(secret); i < n; i += 4) {
		snprintf(group, sizeof group, "%.4s", secret + i);
		if (i)
			kj_h(b, " ");
		kj_h_text(b, group);
	}
	kj_h(b, "</code></p>");
}

/* Step by step: the QR code, the secret as text, then the form. */
static int enrol_section(struct kj_request *req, struct kj_buf *b, const struct kj_form *f)
{
	static const struct kj_field code_f = { "code", N_("確認コード"),
		N_("認証アプリに表示された6桁の数字"), NULL, KJ_FIELD_REQUIRED, KJ_MFA_CODE_INPUT_MAX,
		"one-time-code", "numeric" };
	struct kj_mfa_offer offer;
	struct kj_err err;
	if (kj_mfa_offer(req->st, &req->app->mfa, &req->user, (int64_t)req->app->now(), &offer,
			 &err) < 0)
		return -1;
	kj_h(b, "<section><h2>");
	kj_h_text(b, T("認証アプリに登録する"));
	kj_h(b, "</h2><ol class=\"steps\"><li>");
	kj_h_text(b, T("認証アプリ（Google Authenticator、Microsoft Authenticator など）で次の QR コードを読み取ってください。"));
	kj_h(b, "<div class=\"mfa-qr\">");
	int rc = kj_qr_svg(b, offer.uri, T("二要素認証の登録用 QR コード"), &err);
	kj_h(b, "</div></li><li>");
	kj_h_text(b, T("読み取れないときは、アプリに次のキーを手で入力してください（時間ベース、6桁、30秒）。"));
	secret_text(b, offer.secret);
	kj_h(b, "</li><li>");
	kj_h_text(b, T("アプリに表示された確認コードと、現在のパスワードを入力してください。"));
	kj_h(b, "</li></ol>");
	kj_form_summary(req, b, f);
	kj_h(b, "<form class=\"stack\" method=\"post\" action=\"/account/mfa\">");
	kj_h_csrf(req, b);
	kj_form_input(req, b, f, &code_f, NULL);
	kj_form_input(req, b, f, &password_f, NULL);
	kj_h(b, "<div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("登録する"));
	kj_h(b, "</button></div></form></section>");
	sodium_memzero(&offer, sizeof offer);
	return rc;
}

/* An enrolled user's factor: since when, recovery codes left, what to do. */
static void enrolled_section(struct kj_request *req, struct kj_buf *b,
			     const struct kj_mfa_state *s, const struct kj_form *f)
{
	kj_h(b, "<p><span class=\"badge ok\">");
	kj_h_text(b, T("登録済み"));
	kj_h(b, "</span> ");
	kj_h_text(b, T("未使用の回復コード"));
	kj_h(b, ": ");
	kj_h_int(b, s->recovery_left);
	kj_h(b, "</p><p><a href=\"/account/mfa?replace=1\">");
	kj_h_text(b, T("新しい端末に登録し直す"));
	kj_h(b, "</a></p><section><h2>");
	kj_h_text(b, T("回復コードを作り直す"));
	kj_h(b, "</h2><p>");
	kj_h_text(b, T("新しい回復コードを10個作ります。今までの回復コードは使えなくなります。"));
	kj_h(b, "</p>");
	kj_form_summary(req, b, f);
	kj_h(b, "<form class=\"stack\" method=\"post\" action=\"/account/mfa/recovery\">");
	kj_h_csrf(req, b);
	kj_form_input(req, b, f, &password_f, NULL);
	kj_h(b, "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">");
	kj_h_text(b, T("回復コードを作り直す"));
	kj_h(b, "</button></div></form></section>");
}

/* The page; F (NULL: fresh) holds a refused form's errors, for the
 * enrolment when ENROL, else for the recovery codes. */
static int render(struct kj_request *req, struct kj_response *resp, const struct kj_form *f,
		  int enrol)
{
	struct kj_mfa_state s;
	struct kj_err err;
	struct kj_buf *b = &resp->body;
	if (kj_mfa_state_of(req->st, &req->app->mfa, &req->user, &s, &err) < 0)
		return 500;
	kj_page_begin(req, resp, T("二要素認証"));
	kj_h(b, "<h1>");
	kj_h_text(b, T("二要素認証"));
	kj_h(b, "</h1>");
	if (!s.enrolled && s.required) {
		kj_h(b, "<p class=\"notice warning\">");
		kj_h_text(b, T("この利用者には二要素認証が必須です。登録が終わるまで、ほかの画面は使えません。"));
		kj_h(b, "</p>");
	}
	kj_h(b, "<p>");
	kj_h_text(b, T("サインインのとき、パスワードに加えて認証アプリの確認コードを入力します。"));
	kj_h(b, "</p>");
	/* The same element ids whether fresh or refused. */
	const struct kj_form fresh = { .prefix = "a" };
	if (s.enrolled && !enrol && !kj_param(req, "replace"))
		enrolled_section(req, b, &s, f && !enrol ? f : &fresh);
	else if (enrol_section(req, b, f && enrol ? f : &fresh) < 0)
		return 500;
	kj_page_end(req, resp);
	return 0;
}

int kj_page_account_mfa(struct kj_request *req, struct kj_response *resp)
{
	if (!req->app->mfa.set)
		return 404;
	return render(req, resp, NULL, 0);
}

/* The recovery codes, shown once after enrolment or their renewal. */
static void codes_page(struct kj_request *req, struct kj_response *resp, kj_mfa_codes codes,
		       const char *title_ja)
{
	struct kj_buf *b = &resp->body;
	kj_page_begin(req, resp, T(title_ja));
	kj_h(b, "<h1>");
	kj_h_text(b, T(title_ja));
	kj_h(b, "</h1><div class=\"notice success\" role=\"status\"><p>");
	kj_h_text(b, T("回復コード（この画面を離れると二度と表示されません）"));
	kj_h(b, "</p><ul class=\"recovery-codes\">");
	for (int i = 0; i < KJ_MFA_RECOVERY_CODES; i++) {
		kj_h(b, "<li><code>");
		kj_h_text(b, codes[i]);
		kj_h(b, "</code></li>");
	}
	kj_h(b, "</ul></div><p>");
	kj_h_text(b, T("端末をなくしたときは、確認コードの代わりに回復コードを1つ入力してサインインできます。各コードは1回だけ使えます。印刷するなどして、安全な場所に保管してください。"));
	kj_h(b, "</p><p><a href=\"/account\">");
	kj_h_text(b, T("アカウントへ進む"));
	kj_h(b, "</a></p>");
	kj_page_end(req, resp);
	sodium_memzero(codes, sizeof(kj_mfa_codes));
}

/* Runs enrolment (ENROL) or the renewal of recovery codes, and answers. */
static int act(struct kj_request *req, struct kj_response *resp, int enrol)
{
	char who[KJ_LOGIN_MAX + 8];
	kj_mfa_codes codes;
	struct kj_mfa_refusal why;
	struct kj_err err;
	if (!req->app->mfa.set)
		return 404;
	kj_web_actor(req, who, sizeof who);
	struct kj_actor actor = { &req->user, req->user.id, who };
	int rc = enrol ? kj_mfa_enrol(req->st, &req->app->mfa, &actor, kj_param(req, "password"),
				      kj_param(req, "code"), (int64_t)req->app->now(), codes, &why,
				      &err)
		       : kj_mfa_recovery_renew(req->st, &req->app->mfa, &actor,
					       kj_param(req, "password"), codes, &why, &err);
	if (rc < 0)
		return 500;
	if (why.fault == KJ_MFA_NOT_ENROLLED)
		return 404;
	if (why.fault != KJ_MFA_OK) {
		struct kj_form f = { .prefix = "a" };
		kj_form_error(req, &f, why.field, why.ja);
		resp->status = 400;
		return render(req, resp, &f, enrol);
	}
	codes_page(req, resp, codes, enrol ? N_("二要素認証を登録しました")
					   : N_("回復コードを作り直しました"));
	return 0;
}

int kj_page_account_mfa_post(struct kj_request *req, struct kj_response *resp)
{
	return act(req, resp, 1);
}

int kj_page_account_mfa_recovery(struct kj_request *req, struct kj_response *resp)
{
	return act(req, resp, 0);
}
