/*
 * The error log's lines: "kijun: MESSAGE" on standard error, and while the
 * server handles a request, " request=ID" at the end, the request id of its
 * access-log line (docs/operations.md, "Access and error log"). The id is
 * the calling thread's: each request is handled on one thread.
 */
#ifndef KJ_BASE_LOG_H
#define KJ_BASE_LOG_H

#include <stddef.h>

#include "base/limits.h"

/* Sets (NULL: clears) the calling thread's request id. */
void kj_log_set_request(const char *id);
/* The calling thread's request id, or "" outside a request. */
const char *kj_log_request(void);
/* Writes one error-log line: "kijun: ", FMT's text (one line), the request id. */
void kj_log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Is S a request id kijun takes from a trusted proxy's X-Request-Id:
 * 1 to KJ_REQUEST_ID_MAX characters of A-Z a-z 0-9 '-' '_' '.'? */
int kj_request_id_ok(const char *s);
/* A new request id: KJ_REQUEST_ID_NEW random hex digits into OUT. */
void kj_request_id_new(char out[KJ_REQUEST_ID_MAX + 1]);

#endif
