/*
 * The access log's line and the request id (docs/operations.md, "Access
 * and error log"): one JSON object per request, on one line.
 */
#ifndef KJ_WEB_ACCESS_LOG_H
#define KJ_WEB_ACCESS_LOG_H

#include "base/buf.h"
#include "web/http.h"

/*
 * The request's id: the one REQ already holds when it is well-formed (a
 * trusted proxy's X-Request-Id, put there by the server), else a new one.
 * Sent as X-Request-Id, and carried by this thread's error-log lines.
 */
void kj_web_request_id(struct kj_request *req, struct kj_response *resp);

/* What one access-log line tells beside the request and its response. */
struct kj_access {
	const char *at;		/* UTC, ISO 8601 with milliseconds */
	long long us;		/* from the end of the headers to the response */
	const char *proxy;	/* the trusted proxy it came through, or NULL */
};

/*
 * Appends the access-log line of REQ and RESP to OUT (with its newline).
 * Never a query string, cookie, token or form value: the path only, and
 * the user's login, not their session.
 */
int kj_access_line(const struct kj_request *req, const struct kj_response *resp,
		   const struct kj_access *a, struct kj_buf *out);
/*
 * Opens PATH to append the access log to (created mode 0640), onto *FD if
 * it is open already (a reopen after a rotation: the lines in flight go
 * to the old file or the new, never lost). 0, or -1 with ERR set.
 */
int kj_access_log_open(const char *path, int *fd, struct kj_err *err);
/* The current time as the access log writes it: 2026-12-05T07:03:29.123Z. */
void kj_access_now(char out[32]);

#endif
