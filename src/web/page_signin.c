/*
 * Sign-in, sign-out, the language switch, the stylesheet and the icon. Failed
 * sign-ins say the same thing whether the login exists or not, take the
 * same time (a password hash is always verified), and make the next
 * attempt wait longer and longer, per account and per address
 * (app/signin_limit.h). A user with a second factor gives its code on a
 * second step before any session exists (page_signin_mfa.c).
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/embed.h"
#include "app/audit_log.h"
#include "app/demo.h"
#include "app/mfa_signin.h"
#include "app/signin_limit.h"
#include "app/signin_self.h"
#include "store/store_users.h"
#include "web/app.h"
#include "web/html.h"
#include "web/page_signin.h"
#include "web/pages.h"

int kj_page_static(struct kj_request *req, struct kj_response *resp)
{
	(void)req;
	const struct kj_embedded_file *f = kj_embedded_find("static/kijun.css");
	if (!f)
		return 404;
	resp->content_type = "text/css; charset=utf-8";
	kj_buf_add(&resp->body, f->data, f->len);
	kj_response_header(resp, "Cache-Control", "public, max-age=3600");
	return 0;
}

/* The site's icon (browsers ask for /favicon.ico on their own), cached like
 * the stylesheet. */
int kj_page_favicon(struct kj_request *req, struct kj_response *resp)
{
	(void)req;
	const struct kj_embedded_file *f = kj_embedded_find("static/favicon.ico");
	if (!f)
		return 404;
	resp->content_type = "image/vnd.microsoft.icon";
	kj_buf_add(&resp->body, f->data, f->len);
	kj_response_header(resp, "Cache-Control", "public, max-age=3600");
	return 0;
}

/* NEXT if it is a local path kijun serves, else "/". */
static const char *local_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
	    strlen(next) > 512)
		return "/";
	/* Browsers drop tabs and newlines from URLs: "/\t/evil" would become
	 * "//evil". No control byte or space may appear anywhere. */
	for (const unsigned char *p = (const unsigned char *)next; *p; p++)
		if (*p <= 0x20 || *p == 0x7f)
			return "/";
	return next;
}

/* The language cookie: TO ("ja" or "en") for a year. */
static void lang_cookie(struct kj_request *req, struct kj_response *resp, const char *to)
{
	char c[160];
	snprintf(c, sizeof c, "%s=%s; Path=/; SameSite=Strict%s; Max-Age=31536000",
		 KJ_LANG_COOKIE, to, req->tls ? "; Secure" : "");
	kj_response_header(resp, "Set-Cookie", c);
}

int kj_page_lang(struct kj_request *req, struct kj_response *resp)
{
	const char *to = kj_param(req, "to");
	struct kj_err err;
	if (!to || (strcmp(to, "ja") && strcmp(to, "en")))
		return 400;
	lang_cookie(req, resp, to);
	/* A signed-in user's choice is kept with the user too (issue 16). */
	if (req->signed_in && !req->via_token &&
	    kj_signin_self_set_lang(req->st, req->user.id, to, &err) < 0)
		return 500;
	return kj_response_redirect(resp, local_next(kj_param(req, "next"))) ? 500 : 0;
}

/* Where a sign-in goes: a reset password is changed first; failed
 * attempts since the last sign-in are told once; else NEXT. */
static const char *after_signin(const struct kj_user_signin *self, const char *next)
{
	if (self->must_change)
		return "/account/password";
	if (self->notice)
		return "/signin/notice";
	return next;
}

/* 必須 after a label, as the form component writes it. */
static void required_mark(struct kj_request *req, struct kj_buf *b)
{
	kj_h(b, " <span class=\"required\">");
	kj_h_text(b, T("必須"));
	kj_h(b, "</span>");
}

/* Which fields a refused sign-in is about (aria-invalid, the first focused). */
enum { BAD_LOGIN = 1, BAD_PASSWORD = 2 };

/* An input's state after a refusal: invalid, described by the message,
 * focused when it is the first bad field. */
static void field_state(struct kj_buf *b, unsigned bad, unsigned which)
{
	if (!(bad & which))
		return;
	kj_h(b, " aria-invalid=\"true\" aria-describedby=\"signin-error\"");
	if (!(bad & (which - 1)))
		kj_h(b, " autofocus");
}

static void signin_form(struct kj_request *req, struct kj_response *resp,
			const char *error_ja, const char *login, unsigned bad)
{
	struct kj_buf *b = &resp->body;
	kj_web_pre_csrf(req, resp);
	kj_page_begin(req, resp, T("サインイン"));
	kj_h(b, "<div class=\"narrow\"><h1>");
	kj_h_text(b, T("サインイン"));
	kj_h(b, "</h1>");
	if (kj_param(req, "expired"))
		{ kj_h(b, "<p class=\"notice warning\">");
		  kj_h_text(b, T("セッションの有効期限が切れました。もう一度サインインしてください。"));
		  kj_h(b, "</p>"); }
	if (error_ja) {
		/* The fields of a refusal are described by this message. */
		kj_h(b, "<div id=\"signin-error\"><div class=\"error-summary\" role=\"alert\"><p>");
		kj_h_text(b, T(error_ja));
		kj_h(b, "</p></div></div>");
	}
	kj_h(b, "<form class=\"stack\" method=\"post\" action=\"/signin\">");
	kj_h_csrf(req, b);
	kj_h(b, "<input type=\"hidden\" name=\"next\" value=\"");
	kj_h_attr(b, local_next(kj_param(req, "next")));
	/* Both fields are required: marked 必須, but the check is the
	 * server's (no HTML required), so its message shows the same way. */
	kj_h(b, "\"><div class=\"field\"><label for=\"login\">");
	kj_h_text(b, T("サインイン ID"));
	required_mark(req, b);
	kj_h(b, "</label><input id=\"login\" name=\"login\" type=\"text\" aria-required=\"true\" "
		"autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\" "
		"maxlength=\"63\"");
	field_state(b, bad, BAD_LOGIN);
	kj_h(b, " value=\"");
	kj_h_attr(b, login ? login : "");
	kj_h(b, "\"></div><div class=\"field\"><label for=\"password\">");
	kj_h_text(b, T("パスワード"));
	required_mark(req, b);
	kj_h(b, "</label><input id=\"password\" name=\"password\" type=\"password\" "
		"aria-required=\"true\" autocomplete=\"current-password\" maxlength=\"128\"");
	field_state(b, bad, BAD_PASSWORD);
	kj_h(b, "></div><div class=\"actions\"><button type=\"submit\">");
	kj_h_text(b, T("サインイン"));
	kj_h(b, "</button></div></form>");
	if (req->app->demo) {
		static const char *const demo[][2] = {
			{ "nco", N_("国家サイバー統括室") },
			{ "ministry", N_("重要インフラ所管省庁（厚生労働省：医療）") },
			{ "ministry-env", N_("重要インフラ所管省庁（環境省：水道）") },
			{ "operator", N_("重要インフラ事業者等") }, { "hq", N_("サイバーセキュリティ戦略本部") },
			{ "surveyor", N_("調査実施機関（IPA）") }, { "ceptoar", N_("セプター事務局") },
			{ "auditor", N_("内部監査") },
		};
		kj_h(b, "<section class=\"demo-signins\"><h2>");
		kj_h_text(b, T("デモ用アカウント"));
		kj_h(b, "</h2><p>");
		kj_h_text(b, T("このサーバはデモデータで動いています。パスワードはすべて次のとおりです:"));
		kj_h(b, " <code>");
		kj_h_text(b, KJ_DEMO_PASSWORD);
		kj_h(b, "</code></p><div class=\"table-wrap\"><table class=\"data\"><thead><tr><th scope=\"col\">");
		kj_h_text(b, T("サインイン ID"));
		kj_h(b, "</th><th scope=\"col\">");
		kj_h_text(b, T("役割"));
		kj_h(b, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < sizeof demo / sizeof demo[0]; i++) {
			kj_h(b, "<tr><td><code>demo-");
			kj_h_text(b, demo[i][0]);
			kj_h(b, "</code></td><td>");
			kj_h_text(b, T(demo[i][1]));
			kj_h(b, "</td></tr>");
		}
		kj_h(b, "</tbody></table></div></section>");
	}
	kj_h(b, "</div>");
	kj_page_end(req, resp);
}

int kj_page_signin_again(struct kj_request *req, struct kj_response *resp, int status,
			 const char *error_ja)
{
	resp->status = status;
	signin_form(req, resp, error_ja, NULL, 0);
	return 0;
}

int kj_page_signin(struct kj_request *req, struct kj_response *resp)
{
	if (req->signed_in)
		return kj_response_redirect(resp, "/") ? 500 : 0;
	signin_form(req, resp, NULL, NULL, 0);
	return 0;
}

int kj_page_signin_post(struct kj_request *req, struct kj_response *resp)
{
	const char *login = kj_param(req, "login"), *pw = kj_param(req, "password");
	struct kj_err err;
	if (!login || !pw || !*login || !*pw || strlen(login) >= KJ_LOGIN_MAX ||
	    strlen(pw) > KJ_PASSWORD_MAX) {
		resp->status = 400;
		signin_form(req, resp, N_("サインイン ID とパスワードを入力してください。"),
			    login && strlen(login) < KJ_LOGIN_MAX ? login : NULL,
			    (!login || !*login || strlen(login) >= KJ_LOGIN_MAX ? BAD_LOGIN : 0) |
			    (!pw || !*pw || strlen(pw) > KJ_PASSWORD_MAX ? BAD_PASSWORD : 0));
		return 0;
	}
	/* Counted before the password is checked, refused before any hash, in
	 * the database that every server process shares. */
	int go;
	int64_t wait;
	if (kj_signin_check(req->st, (int64_t)req->app->now(), req->remote, login, &go, &wait,
			    &err) < 0)
		return 500;
	if (!go) {
		char secs[24];
		snprintf(secs, sizeof secs, "%lld", (long long)(wait > 0 ? wait : 1));
		resp->status = 429;
		kj_response_header(resp, "Retry-After", secs);
		signin_form(req, resp, N_("サインインの失敗が続いたため、少し待ってからもう一度お試しください。待ち時間は失敗のたびに長くなります（最長15分）。"), login, 0);
		return 0;
	}
	struct kj_user u;
	int found = 0;
	if (kj_store_user_by_login(req->st, login, &u, &found, &err) < 0)
		return 500;
	/* Always one verification, so timing says nothing; but only a stored
	 * hash can ever match: an account without a password cannot sign in. */
	int has_hash = found && u.password_hash[0];
	int ok = kj_password_verify(has_hash ? u.password_hash : req->app->dummy_hash, pw) &&
		 has_hash;
	if (!found || !ok || u.disabled) {
		kj_signin_failed(req->st, (int64_t)req->app->now(), req->remote, found ? u.id : 0,
				 login, &err);
		resp->status = 401;
		signin_form(req, resp, N_("サインイン ID またはパスワードが正しくありません。"), login,
			    BAD_LOGIN | BAD_PASSWORD);
		return 0;
	}
	int need = 0;
	const char *next = local_next(kj_param(req, "next"));
	if (kj_mfa_signin_needed(req->st, &req->app->mfa, u.id, &need, &err) < 0)
		return 500;
	sodium_memzero(u.password_hash, sizeof u.password_hash);
	if (need)
		return kj_page_signin_halfway(req, resp, u.id, next);
	if (kj_signin_succeeded(req->st, req->remote, login, &err) < 0)
		return 500;
	return kj_page_signin_finish(req, resp, &u, next);
}

int kj_page_signin_finish(struct kj_request *req, struct kj_response *resp,
			  const struct kj_user *user, const char *next)
{
	struct kj_err err;
	struct kj_user_signin self;
	struct kj_user u = *user;
	if (kj_signin_self_succeeded(req->st, u.id, &self, &err) < 0)
		return 500;
	/* The language the user chose last time, for this session and on. */
	if (self.lang[0]) {
		req->lang = strcmp(self.lang, "en") ? KJ_LANG_JA : KJ_LANG_EN;
		lang_cookie(req, resp, self.lang);
	}
	if (kj_session_start(req, resp, &u, &err) < 0)
		return 500;
	char actor[KJ_LOGIN_MAX + 8], uid[24];
	snprintf(actor, sizeof actor, "user:%s", u.login);
	snprintf(uid, sizeof uid, "%lld", (long long)u.id);
	kj_audit_log(req->st, u.id, actor, "signin", "user", uid, NULL, &err);
	return kj_response_redirect(resp, after_signin(&self, local_next(next))) ? 500 : 0;
}

int kj_page_signout(struct kj_request *req, struct kj_response *resp)
{
	struct kj_err err;
	char actor[KJ_LOGIN_MAX + 8], uid[24];
	kj_web_actor(req, actor, sizeof actor);
	snprintf(uid, sizeof uid, "%lld", (long long)req->user.id);
	kj_audit_log(req->st, req->user.id, actor, "signout", "user", uid, NULL, &err);
	kj_session_end(req, resp);
	return kj_response_redirect(resp, "/signin") ? 500 : 0;
}
