/* The access log's line and the request id (web/access_log.h). */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "web/access_log.h"

void kj_web_request_id(struct kj_request *req, struct kj_response *resp)
{
	if (!kj_request_id_ok(req->request_id))
		kj_request_id_new(req->request_id);
	kj_log_set_request(req->request_id);
	kj_response_header(resp, "X-Request-Id", req->request_id);
}

void kj_access_now(char out[32])
{
	struct timespec t;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &t);
	gmtime_r(&t.tv_sec, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ".%03ldZ", t.tv_nsec / 1000000);
}

int kj_access_line(const struct kj_request *req, const struct kj_response *resp,
		   const struct kj_access *a, struct kj_buf *out)
{
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:I, s:I, s:I, s:s?, s:s?}",
			      "at", a->at, "id", req->request_id, "remote", req->remote,
			      "method", req->method, "path", req->path, "status", resp->status,
			      "bytes", (json_int_t)resp->body.len,
			      "ms", (json_int_t)(a->us / 1000), "us", (json_int_t)a->us,
			      "user", req->signed_in ? req->user.login : NULL,
			      "proxy", a->proxy && *a->proxy ? a->proxy : NULL);
	char *line = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(j);
	if (!line)
		return -1;
	kj_buf_adds(out, line);
	kj_buf_addc(out, '\n');
	free(line);
	return kj_buf_failed(out) ? -1 : 0;
}

int kj_access_log_open(const char *path, int *fd, struct kj_err *err)
{
	int nfd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (nfd < 0) {
		kj_err_set(err, "cannot open the access log %s: %s", path, strerror(errno));
		return -1;
	}
	if (*fd < 0) {
		*fd = nfd;
		return 0;
	}
	/* The same descriptor number, now the new file: no writer sees it closed. */
	int rc = dup2(nfd, *fd);
	close(nfd);
	if (rc >= 0)
		rc = fcntl(*fd, F_SETFD, FD_CLOEXEC);
	if (rc < 0) {
		kj_err_set(err, "cannot reopen the access log %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}
