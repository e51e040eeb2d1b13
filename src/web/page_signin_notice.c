/*
 * The failed sign-ins since the last one (issue 16): right after a
 * successful sign-in that followed failures, the user is told how many
 * there were, when and from where the last came, once. No lock-out: the
 * owner learns of the attempts and can change the password.
 */
#include <stdio.h>
#include <time.h>

#include "app/signin_self.h"
#include "web/app.h"
#include "web/html.h"
#include "web/pages.h"

int kj_page_signin_notice(struct kj_request *req, struct kj_response *resp)
{
	struct kj_user_signin self;
	struct kj_err err;
	if (kj_signin_self_take_notice(req->st, req->user.id, &self, &err) < 0)
		return 500;
	if (!self.notice)
		return kj_response_redirect(resp, "/") ? 500 : 0;
	char at[32];
	time_t t = (time_t)self.notice_at;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	struct kj_buf *b = &resp->body;
	kj_page_begin(req, resp, T("サインインの失敗"));
	kj_h(b, "<div class=\"narrow\"><h1>");
	kj_h_text(b, T("サインインの失敗"));
	kj_h(b, "</h1><div class=\"notice warning\" role=\"alert\"><p>");
	kj_h_text(b, T("前回のサインイン以降に失敗したサインインの回数"));
	kj_h(b, ": <strong>");
	kj_h_count(b, self.notice);
	kj_h(b, "</strong></p><p>");
	kj_h_text(b, T("最後の失敗"));
	kj_h(b, ": ");
	kj_h_time(req, b, at);
	kj_h(b, " (");
	kj_h_text(b, T("接続元"));
	kj_h(b, " <code>");
	kj_h_text(b, self.notice_from[0] ? self.notice_from : "-");
	kj_h(b, "</code>)</p></div><p>");
	kj_h_text(b, T("心当たりがなければ、パスワードを変更し、システム管理者に知らせてください。"));
	kj_h(b, "</p><p><a href=\"/account/password\">");
	kj_h_text(b, T("パスワードを変更する"));
	kj_h(b, "</a></p><p><a href=\"/\">");
	kj_h_text(b, T("ホームへ進む"));
	kj_h(b, "</a></p></div>");
	kj_page_end(req, resp);
	return 0;
}
