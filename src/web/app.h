/*
 * The web application: state shared by all requests (the catalog in force,
 * the database path), the route table, and
 * kj_web_handle(), the one entry from the server adapter or a test.
 *
 * Return conventions here: a function that can fail returns 0 or -1 and,
 * when the cause is worth telling (the store, the catalog), fills a
 * struct kj_err; one that makes an object returns it or NULL with the
 * kj_err set (kj_app_store); a yes/no question returns 1 or 0
 * (kj_web_upload_allowed). A handler, and
 * kj_web_send_json() that ends one, returns 0 or an HTTP status: the
 * handler contract below.
 */
#ifndef KJ_WEB_APP_H
#define KJ_WEB_APP_H

#include <jansson.h>
#include <pthread.h>
#include <time.h>

#include "base/limits.h"
#include "model/catalog.h"
#include "model/mfa.h"
#include "model/reference.h"
#include "app/analysis_cache.h"
#include "app/authz.h"
#include "web/http.h"

struct kj_app {
	char db_path[KJ_PATH_MAX];
	struct kj_catalog cat;		/* the standard version in force */
	int tls;			/* cookies get Secure */
	int demo;			/* demo sign-ins shown on the sign-in page */
	pthread_key_t store_key;	/* each thread's own connection */
	time_t (*now)(void);		/* the clock; tests replace it */
	/* Verified against when a login is unknown, so timing says nothing. */
	char dummy_hash[KJ_PWHASH_MAX];
	struct kj_prefecture prefs[KJ_PREFECTURES];	/* JIS X 0401 names */
	/* Requirement texts NFKC-normalised and case-folded, for search. */
	char **search_text;
	/* The cap on a response body; 0 is KJ_HTTP_RESPONSE_MAX. Tests lower
	 * it to see a body over the cap answered with 500. */
	size_t response_max;
	int analysis_k;			/* k of the analysis views; 0 is KJ_ANALYSIS_K */
	/* The key of the second factor's secrets (--mfa-key); unset: no
	 * second factor is offered (issue 16). */
	struct kj_mfa_key mfa;
	/* The analysis views kept (issue 13, app/analysis_cache.h); NULL:
	 * computed at every request. */
	struct kj_analysis_cache *analysis_cache;
};

/*
 * The handler contract.
 *
 * A handler runs only after kj_web_handle() has matched its route,
 * authenticated the request, checked a form's CSRF token and authorised
 * the user for the route's permission; REQ->st is the thread's store.
 *
 * It returns 0 when RESP is its answer: a page or file written into
 * RESP->body (status 200 unless it set another), or a redirect made with
 * kj_response_redirect(). It returns an HTTP status (400, 403, 404, 409,
 * 413, 500 ...) to have the dispatcher answer with the usual error page
 * (JSON under /api/) instead: whatever the handler wrote is then thrown
 * away, and the headers it added too but Set-Cookie, so a handler may
 * return a status at any point. Input the user
 * can correct is not such an error: the handler sets RESP->status (400)
 * itself, redraws its page with the message and returns 0.
 *
 * The handler writes the body; the dispatcher writes the security and
 * cache headers, and the server adapter (server.c) sends the response.
 *
 * A failed body: the HTML writers return nothing and an append to
 * RESP->body that passes the cap or runs out of memory sticks (base/buf.h).
 * Whatever the handler returns, a failed body is never sent: the
 * dispatcher answers 500 with the error page. So a handler need not check
 * each write, and a response is sent whole or not at all.
 */
typedef int (*kj_handler)(struct kj_request *req, struct kj_response *resp);

enum kj_route_flags {
	KJ_ROUTE_API = 1,	/* JSON errors; Bearer tokens accepted */
	KJ_ROUTE_UPLOAD = 2,	/* takes a file: a multipart body up to KJ_HTTP_UPLOAD_MAX */
};

struct kj_route {
	const char *method;
	const char *pattern;	/* "/catalog/{id}": {x} matches one segment */
	kj_handler handler;
	enum kj_perm perm;
	unsigned flags;
};

extern const struct kj_route kj_routes[];
extern const int kj_nroutes;

int kj_app_init(struct kj_app *app, const char *db_path, struct kj_err *err);
void kj_app_free(struct kj_app *app);
/* Takes KEY (unset: none) as the second factor's key, after checking that
 * the database can be served with it (app/mfa.h kj_mfa_startup_check). */
int kj_app_set_mfa_key(struct kj_app *app, const struct kj_mfa_key *key, struct kj_err *err);
/* This thread's store connection, opened on first use; NULL with ERR set. */
struct kj_store *kj_app_store(struct kj_app *app, struct kj_err *err);

/*
 * Runs one request: finds the route, authenticates, checks the CSRF token
 * of a form, authorises, and calls the handler; errors, and a handler's
 * failed body, become error pages (or JSON under /api/). Always fills RESP
 * with a whole answer.
 */
void kj_web_handle(struct kj_app *app, struct kj_request *req,
		   struct kj_response *resp);

/*
 * Replaces RESP's body with the error page (or JSON error for the API) of
 * STATUS, in the request's language; DETAIL_JA (marked N_(), or NULL for
 * the status's own text) says what went wrong. 0; -1 if even that page
 * could not be written, when RESP is a short plain-text 500.
 */
int kj_web_error(struct kj_request *req, struct kj_response *resp, int status,
		 const char *detail_ja);

/* Starts a session for USER: sets the cookie on RESP, rotating any old one;
 * 0, or -1 with ERR set when the store could not record it. */
int kj_session_start(struct kj_request *req, struct kj_response *resp,
		     const struct kj_user *user, struct kj_err *err);
/* Ends the request's session and clears the cookie. */
void kj_session_end(struct kj_request *req, struct kj_response *resp);

/* The sign-in form's CSRF token, kept in a cookie until there is a session. */
void kj_web_pre_csrf(struct kj_request *req, struct kj_response *resp);
/* BLAKE2b-256 of a secret token, hex: what the store keeps. */
void kj_web_hash_token(const char *token, char hex[65]);
/* 256 random bits, URL-safe base64, into OUT (at least 44 bytes). */
void kj_web_random_token(char *out, size_t n);

/* CSP, nosniff, Referrer-Policy, X-Frame-Options: on every answer. */
void kj_web_security_headers(struct kj_response *resp);
/*
 * May a request to METHOD PATH with the Cookie header COOKIE send a file (a
 * multipart body up to KJ_HTTP_UPLOAD_MAX)? Only to a KJ_ROUTE_UPLOAD route,
 * with a live session of a user who holds the route's permission: asked
 * before the body is read, so nobody else can make kijun take in a file.
 */
int kj_web_upload_allowed(struct kj_app *app, const char *method, const char *path,
			  const char *cookie);

/* The audit trail's name for the signed-in user: "user:LOGIN". */
void kj_web_actor(const struct kj_request *req, char *out, size_t n);

/* Sends J (consumed) as the JSON body. Returns what a handler returns (the
 * contract above): 0, or 500 when J is NULL or cannot be written. */
int kj_web_send_json(struct kj_response *resp, json_t *j);
/* S as a JSON string, or null when S is NULL or empty (api.c). */
json_t *kj_web_json_str_or_null(const char *s);

#define KJ_SESSION_COOKIE "kijun_session"
#define KJ_LANG_COOKIE "kijun_lang"

#endif
