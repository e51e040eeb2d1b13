/*
 * Sessions and authentication: the session cookie (start, rotation, end,
 * idle and absolute expiry), bearer API tokens, the CSRF token of a form
 * (the session's, or a double-submit cookie before sign-in), and the
 * audit trail's name for the signed-in user.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/mfa.h"
#include "app/signin_self.h"
#include "store/store_session.h"
#include "store/store_users.h"
#include "web/app.h"
#include "web/session.h"

#define CSRF_PRE_COOKIE "kijun_pre"	/* double-submit token before sign-in */
#define TOUCH_EVERY_S 60

void kj_web_hash_token(const char *token, char hex[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token),
			   NULL, 0);
	sodium_bin2hex(hex, 65, h, sizeof h);
}

void kj_web_random_token(char *out, size_t n)
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, n, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static void set_cookie(struct kj_request *req, struct kj_response *resp,
		       const char *name, const char *value, int max_age)
{
	char c[512];
	snprintf(c, sizeof c, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s; Max-Age=%d",
		 name, value, req->tls ? "; Secure" : "", max_age);
	kj_response_header(resp, "Set-Cookie", c);
}

int kj_session_start(struct kj_request *req, struct kj_response *resp,
		     const struct kj_user *user, struct kj_err *err)
{
	char token[64], hash[65], csrf[64];
	/* Rotation: whatever session came with the request ends here. */
	if (req->session_hash[0])
		kj_store_session_delete(req->st, req->session_hash, err);
	/* Sessions past their limits are otherwise removed only when presented. */
	int64_t now = (int64_t)req->app->now();
	kj_store_session_expire(req->st, now - KJ_SESSION_IDLE_S, now - KJ_SESSION_ABSOLUTE_S, err);
	kj_web_random_token(token, sizeof token);
	kj_web_random_token(csrf, sizeof csrf);
	kj_web_hash_token(token, hash);
	if (kj_store_session_create(req->st, hash, user->id, csrf,
				    req->lang == KJ_LANG_EN ? "en" : "ja",
				    now, req->remote, err) < 0)
		return -1;
	set_cookie(req, resp, KJ_SESSION_COOKIE, token, KJ_SESSION_ABSOLUTE_S);
	set_cookie(req, resp, CSRF_PRE_COOKIE, "", 0);
	snprintf(req->session_hash, sizeof req->session_hash, "%s", hash);
	snprintf(req->csrf, sizeof req->csrf, "%s", csrf);
	sodium_memzero(token, sizeof token);
	return 0;
}

void kj_session_end(struct kj_request *req, struct kj_response *resp)
{
	struct kj_err err;
	if (req->session_hash[0])
		kj_store_session_delete(req->st, req->session_hash, &err);
	req->session_hash[0] = '\0';
	req->signed_in = 0;
	set_cookie(req, resp, KJ_SESSION_COOKIE, "", 0);
}

/* True if session ROW is past its idle or absolute limit at NOW. */
static int session_expired(const struct kj_session_row *row, int64_t now)
{
	return now - row->last_seen > KJ_SESSION_IDLE_S ||
	       now - row->created_at > KJ_SESSION_ABSOLUTE_S;
}

/*
 * A user whose password an administrator reset changes it before anything
 * else (issue 16): every other page of a session answers 303 to
 * /account/password; signing out and the language switch still work.
 * Returns 1 when it answered, 0 to go on, -1 when the store failed.
 */
static int must_change_first(struct kj_request *req, struct kj_response *resp,
			     const struct kj_route *route)
{
	static const char *const open_routes[] = { "/account/password", "/signout", "/lang" };
	struct kj_err err;
	int must = 0;
	if (req->via_token)
		return 0;
	for (size_t i = 0; i < sizeof open_routes / sizeof open_routes[0]; i++)
		if (!strcmp(route->pattern, open_routes[i]))
			return 0;
	if (kj_signin_self_must_change(req->st, req->user.id, &must, &err) < 0)
		return -1;
	if (!must)
		return 0;
	return kj_response_redirect(resp, "/account/password") ? -1 : 1;
}

/*
 * With a second factor on offer (issue 16), a user who must have one and
 * has none enrols before anything else, like a reset password: every other
 * page answers 303 to /account/mfa. API tokens stay as they are.
 */
static int must_enrol_first(struct kj_request *req, struct kj_response *resp,
			    const struct kj_route *route)
{
	static const char *const open_routes[] = { "/account/mfa", "/signout", "/lang" };
	struct kj_err err;
	int must = 0;
	if (req->via_token || !req->app->mfa.set)
		return 0;
	for (size_t i = 0; i < sizeof open_routes / sizeof open_routes[0]; i++)
		if (!strcmp(route->pattern, open_routes[i]))
			return 0;
	if (kj_mfa_must_enrol(req->st, &req->app->mfa, &req->user, &must, &err) < 0)
		return -1;
	if (!must)
		return 0;
	return kj_response_redirect(resp, "/account/mfa") ? -1 : 1;
}

/* Loads the user of the request's session or token; 0 = anonymous. */
int kj_web_authenticate(struct kj_request *req, struct kj_response *resp,
			const struct kj_route *route, int *expired)
{
	struct kj_err err;
	int64_t uid = 0;
	int found = 0;
	char token[128];
	*expired = 0;
	/* The scheme name is case-insensitive (RFC 9110); a header with another
	 * scheme is not ours and leaves the session cookie to decide. */
	if (req->authorization && (route->flags & KJ_ROUTE_API) &&
	    !strncasecmp(req->authorization, "Bearer ", 7)) {
		const char *a = req->authorization;
		if (strlen(a + 7) >= sizeof token)
			return 0;
		char hash[65];
		kj_web_hash_token(a + 7, hash);
		if (kj_store_token_lookup(req->st, hash, (int64_t)req->app->now(), &uid, &found,
					  &err) < 0)
			return -1;
		req->via_token = found;
	} else if (kj_cookie(req, KJ_SESSION_COOKIE, token, sizeof token) == 0 && token[0]) {
		struct kj_session_row row;
		kj_web_hash_token(token, req->session_hash);
		if (kj_store_session_get(req->st, req->session_hash, &row, &found, &err) < 0)
			return -1;
		int64_t now = (int64_t)req->app->now();
		if (found && session_expired(&row, now)) {
			kj_store_session_delete(req->st, req->session_hash, &err);
			set_cookie(req, resp, KJ_SESSION_COOKIE, "", 0);
			found = 0;
			*expired = 1;
		}
		if (!found) {
			req->session_hash[0] = '\0';
		} else {
			uid = row.user_id;
			snprintf(req->csrf, sizeof req->csrf, "%s", row.csrf);
			if (now - row.last_seen >= TOUCH_EVERY_S)
				kj_store_session_touch(req->st, req->session_hash, now, &err);
		}
	}
	if (!found)
		return 0;
	if (kj_store_user_by_id(req->st, uid, &req->user, &found, &err) < 0)
		return -1;
	if (!found || req->user.disabled) {
		memset(&req->user, 0, sizeof req->user);
		return 0;
	}
	req->signed_in = 1;
	int answered = must_change_first(req, resp, route);
	return answered ? answered : must_enrol_first(req, resp, route);
}

int kj_session_user(struct kj_app *app, const char *cookie, struct kj_user *user)
{
	struct kj_request req;
	struct kj_err err;
	char token[128];
	kj_request_init(&req);
	req.app = app;
	req.cookie = cookie;
	if (kj_cookie(&req, KJ_SESSION_COOKIE, token, sizeof token) < 0 || !token[0])
		return 0;
	struct kj_session_row row;
	int found = 0;
	int64_t now = (int64_t)app->now();
	char hash[65];
	kj_web_hash_token(token, hash);
	struct kj_store *st = kj_app_store(app, &err);
	if (!st || kj_store_session_get(st, hash, &row, &found, &err) < 0 || !found ||
	    session_expired(&row, now) ||
	    kj_store_user_by_id(st, row.user_id, user, &found, &err) < 0 || !found ||
	    user->disabled)
		return 0;
	return 1;
}

int kj_web_csrf_ok(struct kj_request *req)
{
	/* Never from the query string: a URL is logged, cached and sent on in
	 * Referer headers. */
	const char *sent = kj_body_param(req, "csrf");
	if (!sent)
		sent = req->csrf_header;
	char pre[128];
	const char *want = req->csrf;
	if (!req->signed_in) {
		if (kj_cookie(req, CSRF_PRE_COOKIE, pre, sizeof pre) < 0)
			return 0;
		want = pre;
	}
	size_t n = strlen(want);
	return sent && n >= 32 && strlen(sent) == n &&
	       sodium_memcmp(sent, want, n) == 0;
}

void kj_web_actor(const struct kj_request *req, char *out, size_t n)
{
	snprintf(out, n, "user:%s", req->user.login);
}

void kj_web_pre_csrf(struct kj_request *req, struct kj_response *resp)
{
	if (kj_cookie(req, CSRF_PRE_COOKIE, req->csrf, sizeof req->csrf) == 0 &&
	    strlen(req->csrf) >= 32)
		return;
	kj_web_random_token(req->csrf, sizeof req->csrf);
	char c[256];
	snprintf(c, sizeof c, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s",
		 CSRF_PRE_COOKIE, req->csrf, req->tls ? "; Secure" : "");
	kj_response_header(resp, "Set-Cookie", c);
}
