/*
 * The request pipeline: route, authenticate (session cookie or API token,
 * session.c), check the CSRF token of a form, authorise, run the handler,
 * add the security headers, and answer errors. Every refusal is decided
 * here, so the route table and kj_authz_allow() are the whole of the
 * access rules for routes.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/log.h"
#include "app/authz_audit.h"
#include "model/lang_pref.h"
#include "store/store.h"
#include "web/access_log.h"
#include "web/app.h"
#include "web/html.h"
#include "web/session.h"

/* Matches PATH against PATTERN, capturing {x} segments into REQ->args. */
static int match(const char *pattern, const char *path, struct kj_request *req,
		 char caps[4][256])
{
	int n = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == '{') {
			const char *pe = strchr(p, '}');
			const char *se = strchr(s, '/');
			size_t len = se ? (size_t)(se - s) : strlen(s);
			if (!pe || n >= 4 || len == 0 || len >= 256)
				return 0;
			memcpy(caps[n], s, len);
			caps[n][len] = '\0';
			n++;
			p = pe + 1;
			s += len;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	if (*p || *s)
		return 0;
	for (int i = 0; i < n; i++)
		req->args[i] = caps[i];
	req->nargs = n;
	return 1;
}

static int is_api(const struct kj_request *req)
{
	return !strncmp(req->path, "/api/", 5);
}

/*
 * When even the error page could not be written (memory ran out): a short
 * plain-text 500, never an empty or cut page under a success status.
 */
static int error_fallback(struct kj_response *resp)
{
	if (!kj_buf_failed(&resp->body))
		return 0;
	kj_buf_reset(&resp->body);
	resp->status = 500;
	resp->content_type = "text/plain; charset=utf-8";
	kj_buf_adds(&resp->body, "500 システムで問題が発生しました / Internal Server Error\n");
	return -1;
}

int kj_web_error(struct kj_request *req, struct kj_response *resp, int status,
		 const char *detail_ja)
{
	static const struct { int status; const char *title, *text; } msgs[] = {
		{ 400, N_("リクエストに誤りがあります"), N_("送信された内容を確認して、もう一度お試しください。") },
		{ 401, N_("サインインが必要です"), N_("このページを見るにはサインインしてください。") },
		{ 403, N_("このページを見る権限がありません"), N_("お使いのアカウントでは、このページや操作は利用できません。") },
		{ 404, N_("ページが見つかりません"), N_("URL が正しいか確認してください。ページが移動または削除された可能性があります。") },
		{ 405, N_("この操作はできません"), N_("このページはその方法では利用できません。") },
		{ 413, N_("送信内容が大きすぎます"), N_("送信できる大きさの上限を超えています。") },
		{ 429, N_("試行回数が多すぎます"), N_("しばらく時間をおいてから、もう一度お試しください。") },
		{ 500, N_("システムで問題が発生しました"), N_("時間をおいて、もう一度お試しください。続く場合は管理者に連絡してください。") },
		{ 503, N_("ただいま混み合っています"), N_("ほかの処理（大きな取り込みなど）が終わるのを待っています。数秒おいて、もう一度お試しください。入力した内容は保存されていません。") },
	};
	const char *title = msgs[7].title, *text = msgs[7].text;
	for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++)
		if (msgs[i].status == status) {
			title = msgs[i].title;
			text = msgs[i].text;
		}
	resp->status = status;
	/* Whatever the handler wrote (or failed to write) goes; the error page
	 * is small and has the whole cap, even under a test's lower one. */
	kj_buf_reset(&resp->body);
	resp->body.max = KJ_HTTP_RESPONSE_MAX;
	if (status == 503)
		kj_response_header(resp, "Retry-After", "5");
	if (is_api(req)) {
		resp->content_type = "application/json";
		json_t *j = json_pack("{s:{s:i, s:s, s:s}}", "error", "status", status,
				      "message", kj_tr(req, title),
				      "detail", detail_ja ? kj_tr(req, detail_ja) : kj_tr(req, text));
		char *s = json_dumps(j, JSON_COMPACT);
		kj_buf_adds(&resp->body, s ? s : "{}");
		kj_buf_addc(&resp->body, '\n');
		free(s);
		json_decref(j);
		return error_fallback(resp);
	}
	struct kj_buf *b = &resp->body;
	req->error_page = 1;
	kj_page_begin(req, resp, T(title));
	kj_h(b, "<div class=\"error-page\"><p class=\"status\">");
	kj_h_int(b, status);
	kj_h(b, "</p><h1>");
	kj_h_text(b, T(title));
	kj_h(b, "</h1><p>");
	kj_h_text(b, detail_ja ? T(detail_ja) : T(text));
	kj_h(b, "</p><p><a href=\"/\">");
	kj_h_text(b, T("ホームへ戻る"));
	kj_h(b, "</a></p></div>");
	kj_page_end(req, resp);
	return error_fallback(resp);
}

void kj_web_security_headers(struct kj_response *resp)
{
	kj_response_header(resp, "Content-Security-Policy",
			   "default-src 'none'; style-src 'self'; img-src 'self'; "
			   "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	kj_response_header(resp, "X-Content-Type-Options", "nosniff");
	kj_response_header(resp, "Referrer-Policy", "same-origin");
	kj_response_header(resp, "X-Frame-Options", "DENY");
}

int kj_web_upload_allowed(struct kj_app *app, const char *method, const char *path,
			  const char *cookie)
{
	struct kj_request req;
	struct kj_user user;
	char caps[4][256];
	const struct kj_route *route = NULL;
	kj_request_init(&req);
	for (int i = 0; i < kj_nroutes && !route; i++)
		if ((kj_routes[i].flags & KJ_ROUTE_UPLOAD) && !strcmp(kj_routes[i].method, method) &&
		    match(kj_routes[i].pattern, path, &req, caps))
			route = &kj_routes[i];
	/* The session as authentication would take it, without touching it:
	 * live, not past its idle or absolute limit, of an enabled user who
	 * holds the route's permission. */
	if (!route || !kj_session_user(app, cookie, &user))
		return 0;
	return kj_authz_allow(&user, route->perm);
}

/*
 * A 500 that came from another writer holding the database past the busy
 * timeout (a long import) is no fault: 503, which kj_web_error sends with
 * Retry-After, and the cause in the log.
 */
static int busy_status(struct kj_request *req, int status)
{
	if (status == 500 && req->st && kj_store_take_busy(req->st)) {
		kj_log_error("503 for %s %s: %s", req->method, req->path,
			kj_store_lost(req->st) ? "the connection to the database server was lost"
			: "the database was busy with another writer past the busy timeout");
		return 503;
	}
	return status;
}

#define OUTAGE_MESSAGE N_("データベースに一時的に接続できません。数秒おいて、もう一度お試しください。入力した内容は保存されていません。")

/* A 503 because the database server went away says so (not "busy"). */
static const char *outage(struct kj_request *req, int status)
{
	return status == 503 && req->st && kj_store_lost(req->st) ? OUTAGE_MESSAGE : NULL;
}

/*
 * The handler contract's last clause (app.h): a body that failed, over the
 * cap or out of memory, is never sent, whatever the handler returned; the
 * request answers 500 and the log says why.
 */
static int body_status(struct kj_request *req, struct kj_response *resp, int status)
{
	if (status || !kj_buf_failed(&resp->body))
		return status;
	kj_log_error("500 for %s %s: the response body passed its cap of %zu "
		"bytes or memory ran out", req->method, req->path, resp->body.max);
	return 500;
}

/*
 * The handler answered with a status, or its body failed: the headers it
 * added from FROM on described the answer it meant (Content-Disposition of
 * a download, an asset's public Cache-Control, a Location) and go with it.
 * Set-Cookie stays, since what it says about the session happened.
 */
static void drop_handler_headers(struct kj_response *resp, int from)
{
	int n = from;
	for (int i = from; i < resp->nheaders; i++) {
		if (strcasecmp(resp->headers[i][0], "Set-Cookie"))
			continue;
		if (i != n)
			memcpy(resp->headers[n], resp->headers[i], sizeof resp->headers[i]);
		n++;
	}
	resp->nheaders = n;
}

/*
 * A signed-in user refused (403, by the route's permission or a handler's
 * scope check): the audit entry authz.refused, flood-limited
 * (app/authz_audit.h). A failure to write it is logged, the answer stays.
 */
static void audit_refusal(struct kj_request *req, const struct kj_route *route)
{
	char name[128];
	struct kj_err err;
	if (!req->signed_in || !req->st)
		return;
	kj_web_actor(req, name, sizeof name);
	struct kj_actor actor = { &req->user, req->user.id, name };
	struct kj_refusal r = { req->method, route->pattern, req->nargs ? req->args[0] : NULL,
				req->request_id };
	if (kj_store_in_tx(req->st))
		kj_store_rollback(req->st);
	if (kj_authz_refused(req->st, &actor, (int64_t)req->app->now(), &r, &err) < 0)
		kj_log_error("cannot write authz.refused for %s %s: %s", req->method,
			     route->pattern, err.msg);
}

void kj_web_handle(struct kj_app *app, struct kj_request *req,
		   struct kj_response *resp)
{
	struct kj_err err;
	char caps[4][256], lang[8];
	req->app = app;
	if (kj_cookie(req, KJ_LANG_COOKIE, lang, sizeof lang) == 0) {
		if (!strcmp(lang, "en"))
			req->lang = KJ_LANG_EN;
	} else if (kj_accept_prefers_en(req->accept_language)) {
		req->lang = KJ_LANG_EN;	/* a first visit: the browser's choice */
	}
	const struct kj_route *route = NULL;
	int path_known = 0;
	for (int i = 0; i < kj_nroutes; i++) {
		if (!match(kj_routes[i].pattern, req->path, req, caps))
			continue;
		path_known = 1;
		if (!strcmp(kj_routes[i].method, req->method) ||
		    (!strcmp(req->method, "HEAD") && !strcmp(kj_routes[i].method, "GET"))) {
			route = &kj_routes[i];
			break;
		}
	}
	kj_web_security_headers(resp);
	kj_web_request_id(req, resp);
	if (req->tls)
		kj_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
	if (!route) {
		if (path_known) {
			char allow[64] = "";
			for (int i = 0; i < kj_nroutes; i++)
				if (match(kj_routes[i].pattern, req->path, req, caps)) {
					size_t l = strlen(allow);
					snprintf(allow + l, sizeof allow - l, "%s%s", l ? ", " : "",
						 kj_routes[i].method);
				}
			kj_response_header(resp, "Allow", allow);
		}
		kj_web_error(req, resp, path_known ? 405 : 404, NULL);
		return;
	}
	if (app->response_max)
		resp->body.max = app->response_max;
	if (route->perm == KJ_PERM_PUBLIC && (!strncmp(route->pattern, "/static/", 8) ||
					      !strcmp(route->pattern, "/favicon.ico"))) {
		/* No session for assets (the icon too: browsers ask for it by
		 * that path), and their own public Cache-Control. */
		int nh = resp->nheaders;
		int status = body_status(req, resp, route->handler(req, resp));
		if (status) {
			drop_handler_headers(resp, nh);
			kj_web_error(req, resp, status, NULL);
		}
		return;
	}
	req->st = kj_app_store(app, &err);
	int expired = 0;
	if (req->st)
		kj_store_take_busy(req->st);
	if (!req->st) {
		/* No database to answer with (its server is away): a moment's outage. */
		kj_log_error("503 for %s %s: %s", req->method, req->path, err.msg);
		kj_web_error(req, resp, 503, OUTAGE_MESSAGE);
		return;
	}
	int answered = kj_web_authenticate(req, resp, route, &expired);
	if (answered < 0) {
		int status = busy_status(req, 500);
		kj_web_error(req, resp, status, outage(req, status));
		return;
	}
	if (answered > 0)
		return;		/* a reset password to change first */
	if (!kj_authz_allow(req->signed_in ? &req->user : NULL, route->perm)) {
		if (req->signed_in) {
			kj_web_error(req, resp, 403, NULL);
			audit_refusal(req, route);
		} else if (route->flags & KJ_ROUTE_API) {
			kj_response_header(resp, "WWW-Authenticate", "Bearer realm=\"kijun\"");
			kj_web_error(req, resp, 401, NULL);
		} else if (!strcmp(req->method, "GET")) {
			/* Back to the page asked for after sign-in, its query too. */
			struct kj_buf target, loc;
			kj_buf_init(&target, 1024);
			kj_buf_init(&loc, 1024);
			kj_buf_adds(&target, req->path);
			for (int i = 0; i < req->nquery; i++) {
				kj_buf_addc(&target, i ? '&' : '?');
				kj_h_urlpart(&target, req->params[i].name);
				kj_buf_addc(&target, '=');
				kj_h_urlpart(&target, req->params[i].value);
			}
			kj_buf_adds(&loc, expired ? "/signin?expired=1&next=" : "/signin?next=");
			kj_h_urlpart(&loc, kj_buf_failed(&target) ? "/" : kj_buf_str(&target));
			kj_response_redirect(resp, !kj_buf_failed(&loc) && loc.len < 500
						   ? kj_buf_str(&loc) : "/signin");
			kj_buf_free(&target);
			kj_buf_free(&loc);
		} else {
			kj_web_error(req, resp, 401, expired ?
				     N_("セッションの有効期限が切れました。もう一度サインインしてください。") : NULL);
		}
		return;
	}
	if (strcmp(req->method, "GET") && strcmp(req->method, "HEAD") && !req->via_token &&
	    !kj_web_csrf_ok(req)) {
		kj_web_error(req, resp, 400, N_("フォームの有効期限が切れたか、不正な送信です。ページを開き直してからもう一度送信してください。"));
		return;
	}
	/* Pages and exports of a signed-in user may hold operators' data: no
	 * copy is kept by the browser or any cache on the way. */
	if (req->signed_in || (strcmp(req->method, "GET") && strcmp(req->method, "HEAD")))
		kj_response_header(resp, "Cache-Control", "no-store");
	int nh = resp->nheaders;
	int status = body_status(req, resp, busy_status(req, route->handler(req, resp)));
	if (status) {
		drop_handler_headers(resp, nh);
		kj_web_error(req, resp, status, outage(req, status));
	}
	if (resp->status == 403)
		audit_refusal(req, route);
}
