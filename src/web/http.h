/*
 * kijun's own request and response. The server adapter (server.c) is the
 * only code that sees libmicrohttpd; it fills a kj_request, the dispatcher
 * runs the route's handler, and the adapter sends the kj_response. Tests
 * build a kj_request by hand and call kj_web_handle() without a socket.
 *
 * Return conventions: a function that can fail returns 0 or -1; none takes
 * a struct kj_err, as each failure has one cause (a limit of
 * base/limits.h, bad input, memory) that its caller turns into a status.
 * A lookup returns the value or NULL.
 */
#ifndef KJ_WEB_HTTP_H
#define KJ_WEB_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/limits.h"
#include "model/user.h"

struct kj_app;
struct kj_store;

struct kj_param {
	char *name, *value;	/* owned by the request */
};

enum kj_lang { KJ_LANG_JA, KJ_LANG_EN };

/*
 * A file sent with a multipart/form-data form. The server adapter streams
 * it to an unlinked temporary file while it arrives and maps that file for
 * the handler (kj_upload_open/write/map), so an upload never sits in the
 * heap; a test may instead set DATA to malloc()ed bytes.
 */
struct kj_upload {
	char field[64];
	char filename[256];
	char *data;		/* owned by the request; may hold any bytes; NUL after len */
	size_t len;
	int tmpfd;		/* the temporary file while it is written, else -1 */
	int mapped;		/* DATA is a mapping of len + 1 bytes, not malloc()ed */
};

struct kj_request {
	/* From the client. */
	const char *method;		/* "GET", "POST", ... */
	const char *path;		/* decoded path, no query */
	struct kj_param params[KJ_HTTP_PARAMS_MAX];	/* query, then form */
	int nparams;
	int nquery;			/* the first nquery params came from the query */
	const char *csrf_header;	/* the X-CSRF-Token header, or NULL */
	const char *cookie;		/* the Cookie header, or NULL */
	const char *authorization;	/* the Authorization header, or NULL */
	const char *accept_language;
	const char *content_type;
	struct kj_upload uploads[KJ_HTTP_UPLOADS_MAX];
	int nuploads;
	const char *body;		/* raw body (JSON API), NUL-terminated */
	size_t body_len;
	char remote[64];		/* client address */
	int tls;

	/* Filled by the dispatcher. */
	struct kj_app *app;
	struct kj_store *st;		/* this thread's store connection */
	const char *args[4];		/* {placeholders} of the route pattern */
	int nargs;
	int signed_in;
	struct kj_user user;
	char session_hash[65];		/* of the session cookie, if any */
	char csrf[65];			/* the session's CSRF token */
	int via_token;			/* authenticated by an API token */
	int error_page;			/* an error page: no menu item is current */
	enum kj_lang lang;
	char request_id[KJ_REQUEST_ID_MAX + 1];	/* of the access log and X-Request-Id:
						 * a trusted proxy's, else made by kj_web_handle */
};

#define KJ_RESP_HEADERS_MAX 12

/*
 * A body produced while it is sent (a bulk export), instead of BODY: READ
 * puts up to MAX bytes into BUF and returns how many (> 0), 0 at the end,
 * -1 on an error (the transfer is then cut); FREE releases CTX. See
 * src/web/stream.c.
 */
struct kj_stream {
	long (*read)(void *ctx, char *buf, size_t max);
	void (*free)(void *ctx);
	void *ctx;
};

struct kj_response {
	int status;
	const char *content_type;	/* static string */
	struct kj_buf body;
	struct kj_stream stream;	/* READ NULL: the body is BODY */
	char headers[KJ_RESP_HEADERS_MAX][2][512];	/* extra name, value */
	int nheaders;
};

void kj_request_init(struct kj_request *r);
void kj_request_free(struct kj_request *r);
/* Adds a parameter (copies); 0, or -1 past KJ_HTTP_PARAMS_MAX or
 * KJ_HTTP_PARAM_MAX, on bad UTF-8 or out of memory. */
int kj_request_add_param(struct kj_request *r, const char *name,
			 const char *value, size_t len);
/* Parses an application/x-www-form-urlencoded string into parameters;
 * 0, or -1 on a bad escape or a parameter kj_request_add_param refuses. */
int kj_request_parse_form(struct kj_request *r, const char *s, size_t len);
/* Starts U's temporary file (unlinked at once); 0 or -1. */
int kj_upload_open(struct kj_upload *u);
/* Appends N bytes; -1 past KJ_HTTP_UPLOAD_MAX or on a write error. */
int kj_upload_write(struct kj_upload *u, const char *data, size_t n);
/* Maps the finished file read-only as U->data, NUL-terminated; 0 or -1. */
int kj_upload_map(struct kj_upload *u);

/* The uploaded file of form field FIELD, or NULL. */
const struct kj_upload *kj_upload(const struct kj_request *r, const char *field);
/* The first parameter NAME, or NULL. */
const char *kj_param(const struct kj_request *r, const char *name);
/* The first parameter NAME sent in the body (a form), never the query; or NULL. */
const char *kj_body_param(const struct kj_request *r, const char *name);
/* The cookie NAME into OUT (size N); 0 if found and well-formed, else -1. */
int kj_cookie(const struct kj_request *r, const char *name, char *out, size_t n);

/* A positive database id written the one canonical way ("12", not "012")
 * into *OUT; 0, or -1 for anything else (NULL included). */
int kj_parse_id(const char *s, int64_t *out);

/* Status 200, HTML, an empty body capped at KJ_HTTP_RESPONSE_MAX: a body
 * that passes it fails for good (base/buf.h) and is answered with 500. */
void kj_response_init(struct kj_response *resp);
void kj_response_free(struct kj_response *resp);
/* Adds a header (copied); 0, or -1 past KJ_RESP_HEADERS_MAX, a name or value
 * of 512 bytes or more, or a value with CR or LF. */
int kj_response_header(struct kj_response *resp, const char *name,
		       const char *value);
/* 303 See Other to LOCATION (a local path, else "/"), with an empty body;
 * 0, or -1 if the Location header could not be added. */
int kj_response_redirect(struct kj_response *resp, const char *location);
/* Makes the body the stream READ/FREE/CTX (ownership of CTX passes to RESP). */
void kj_response_stream(struct kj_response *resp, long (*read)(void *, char *, size_t),
			void (*free)(void *), void *ctx);
/* Releases the stream, if any, unsent. */
void kj_response_stream_release(struct kj_response *resp);
/* Reads the whole stream into BODY (capped) and releases it: for callers
 * without a socket (tests, the benchmark); 0, or -1 if it failed or was too big. */
int kj_response_drain(struct kj_response *resp);

#endif
