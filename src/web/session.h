/*
 * What the dispatcher asks of sessions and authentication (session.c); the
 * functions pages use (kj_session_start, kj_web_actor ...) are in app.h.
 *
 * Return conventions: kj_web_authenticate returns 0 (the request's user is
 * loaded, or it is anonymous), 1 when it answered the request itself (a
 * user who must first change a reset password is sent to
 * /account/password) or -1 when the store failed; the others answer 1 or 0.
 */
#ifndef KJ_WEB_SESSION_H
#define KJ_WEB_SESSION_H

#include "model/user.h"
#include "web/app.h"

/*
 * Loads the user of the request's bearer token (API routes of ROUTE) or
 * session cookie into REQ (signed_in, user, csrf, session_hash). A session
 * past its idle or absolute limit is deleted, its cookie cleared and
 * *EXPIRED set to 1.
 */
int kj_web_authenticate(struct kj_request *req, struct kj_response *resp,
			const struct kj_route *route, int *expired);
/* 1 if the form carries the session's CSRF token (before sign-in, the
 * double-submit cookie's); never taken from the query string. */
int kj_web_csrf_ok(struct kj_request *req);
/* 1 and the user into *USER if the session cookie in COOKIE is live and
 * its user enabled, without touching the session; else 0. */
int kj_session_user(struct kj_app *app, const char *cookie, struct kj_user *user);

#endif
