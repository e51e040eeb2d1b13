/*
 * An administrator's view of another user's API tokens: list them (names,
 * dates, state, never the secrets) and revoke one. The revocation is
 * recorded in the audit trail under the administrator's name; it asks
 * first, on a page of its own.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/audit_log.h"
#include "store/store_session.h"
#include "store/store_users.h"
#include "web/app.h"
#include "web/form.h"
#include "web/html.h"
#include "web/pages.h"

/* The user of the route's {id}; 0, or 404/500. */
static int target_user(struct kj_request *req, struct kj_user *u)
{
	int64_t id;
	int found = 0;
	struct kj_err err;
	if (kj_parse_id(req->args[0], &id) < 0)
		return 404;
	if (kj_store_user_by_id(req->st, id, u, &found, &err) < 0)
		return 500;
	return found ? 0 : 404;
}

int kj_page_user_tokens(struct kj_request *req, struct kj_response *resp)
{
	struct kj_user u;
	struct kj_token_row rows[KJ_API_TOKENS_MAX * 4];
	struct kj_err err;
	int n = 0, rc = target_user(req, &u);
	if (rc)
		return rc;
	if (kj_store_token_list(req->st, u.id, (int64_t)req->app->now(), rows,
				(int)(sizeof rows / sizeof rows[0]), &n, &err) < 0)
		return 500;
	struct kj_buf *b = &resp->body;
	char title[KJ_LOGIN_MAX + 64];
	snprintf(title, sizeof title, "%s: %s", T("API トークン"), u.login);
	kj_page_begin(req, resp, title);
	kj_h(b, "<nav aria-label=\"");
	kj_h_attr(b, T("パンくずリスト"));
	kj_h(b, "\"><ol class=\"breadcrumbs\"><li><a href=\"/admin/users\">");
	kj_h_text(b, T("利用者管理"));
	kj_h(b, "</a></li><li aria-current=\"page\">");
	kj_h_text(b, u.login);
	kj_h(b, "</li></ol></nav><h1>");
	kj_h_text(b, title);
	kj_h(b, "</h1>");
	if (kj_param(req, "done"))
		kj_form_done(req, b, N_("トークンを失効させました。"));
	kj_h(b, "<p>");
	kj_h_text(b, T("この利用者の API トークンです。トークンそのものは表示されません。パスワードの変更と無効化では、すべてのトークンが失効します。"));
	kj_h(b, "</p>");
	char prefix[64];
	snprintf(prefix, sizeof prefix, "/admin/users/%lld/tokens/", (long long)u.id);
	kj_tokens_table(req, b, rows, n, prefix, T("API トークン"));
	kj_page_end(req, resp);
	return 0;
}

int kj_page_user_token_revoke(struct kj_request *req, struct kj_response *resp)
{
	struct kj_user u;
	struct kj_err err;
	int64_t tid;
	int done = 0, rc = target_user(req, &u);
	if (rc)
		return rc;
	if (kj_parse_id(req->args[1], &tid) < 0)
		return 404;
	if (!kj_form_confirmed(req)) {
		char lost[KJ_LOGIN_MAX + 640], action[96], cancel[64];
		if ((rc = kj_token_revoke_lost(req, u.id, tid, lost, sizeof lost)))
			return rc;
		snprintf(action, sizeof action, "/admin/users/%lld/tokens/%lld/revoke",
			 (long long)u.id, (long long)tid);
		snprintf(cancel, sizeof cancel, "/admin/users/%lld/tokens", (long long)u.id);
		return kj_form_confirm_page(req, resp, &(struct kj_confirm){
			N_("トークンを失効させますか"), lost, action, N_("失効させる"), cancel });
	}
	char who[KJ_LOGIN_MAX + 8], sid[24], detail[128];
	kj_web_actor(req, who, sizeof who);
	snprintf(sid, sizeof sid, "%lld", (long long)tid);
	snprintf(detail, sizeof detail, "{\"user\":%lld}", (long long)u.id);
	if (kj_store_begin(req->st, &err) < 0)
		return 500;
	if (kj_store_token_revoke(req->st, u.id, tid, &done, &err) < 0)
		goto fail;
	if (!done) {
		kj_store_rollback(req->st);
		return 404;	/* not this user's, or not live: nothing to revoke */
	}
	if (kj_audit_log(req->st, req->user.id, who, "token.revoke", "api_token", sid,
			 detail, &err) < 0 || kj_store_commit(req->st, &err) < 0)
		goto fail;
	char back[64];
	snprintf(back, sizeof back, "/admin/users/%lld/tokens?done=1", (long long)u.id);
	return kj_response_redirect(resp, back) ? 500 : 0;
fail:
	kj_store_rollback(req->st);
	return 500;
}
