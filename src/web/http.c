/* Request and response helpers: parameters, form decoding, cookies, uploads. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "base/util.h"
#include "web/http.h"

void kj_request_init(struct kj_request *r)
{
	memset(r, 0, sizeof *r);
	r->method = "GET";
	r->path = "/";
	for (int i = 0; i < KJ_HTTP_UPLOADS_MAX; i++)
		r->uploads[i].tmpfd = -1;
}

void kj_request_free(struct kj_request *r)
{
	for (int i = 0; i < r->nparams; i++) {
		free(r->params[i].name);
		free(r->params[i].value);
	}
	r->nparams = 0;
	for (int i = 0; i < r->nuploads; i++) {
		struct kj_upload *u = &r->uploads[i];
		if (u->mapped)
			munmap(u->data, u->len + 1);
		else
			free(u->data);
		if (u->tmpfd >= 0)
			close(u->tmpfd);
		u->data = NULL;
		u->mapped = 0;
		u->tmpfd = -1;
	}
	r->nuploads = 0;
}

int kj_upload_open(struct kj_upload *u)
{
	const char *dir = getenv("TMPDIR");
	char path[KJ_PATH_MAX];
	int w = snprintf(path, sizeof path, "%s/kijun-upload-XXXXXX",
			 dir && *dir ? dir : "/tmp");
	if (w < 0 || (size_t)w >= sizeof path)
		return -1;
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	unlink(path);	/* nothing is left behind, whatever happens next */
	u->tmpfd = fd;
	u->len = 0;
	return 0;
}

static int write_all(int fd, const char *data, size_t n)
{
	while (n) {
		ssize_t w = write(fd, data, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		data += w;
		n -= (size_t)w;
	}
	return 0;
}

int kj_upload_write(struct kj_upload *u, const char *data, size_t n)
{
	if (u->tmpfd < 0 || n > KJ_HTTP_UPLOAD_MAX || u->len > KJ_HTTP_UPLOAD_MAX - n ||
	    write_all(u->tmpfd, data, n) < 0)
		return -1;
	u->len += n;
	return 0;
}

int kj_upload_map(struct kj_upload *u)
{
	/* One NUL past the end, as the parsers of uploaded tables expect. A
	 * private mapping: a parser that writes into its input changes only
	 * its own copy of a page. */
	if (u->tmpfd < 0 || write_all(u->tmpfd, "", 1) < 0)
		return -1;
	void *p = mmap(NULL, u->len + 1, PROT_READ | PROT_WRITE, MAP_PRIVATE, u->tmpfd, 0);
	close(u->tmpfd);
	u->tmpfd = -1;
	if (p == MAP_FAILED)
		return -1;
	u->data = p;
	u->mapped = 1;
	return 0;
}

const struct kj_upload *kj_upload(const struct kj_request *r, const char *field)
{
	for (int i = 0; i < r->nuploads; i++)
		if (!strcmp(r->uploads[i].field, field))
			return &r->uploads[i];
	return NULL;
}

int kj_request_add_param(struct kj_request *r, const char *name,
			 const char *value, size_t len)
{
	if (r->nparams >= KJ_HTTP_PARAMS_MAX || len > KJ_HTTP_PARAM_MAX ||
	    strlen(name) > 64 || !kj_utf8_valid_text(name, strlen(name)) ||
	    !kj_utf8_valid_text(value, len) ||
	    memchr(value, '\0', len))
		return -1;
	char *n = strdup(name), *v = malloc(len + 1);
	if (!n || !v) {
		free(n);
		free(v);
		return -1;
	}
	memcpy(v, value, len);
	v[len] = '\0';
	r->params[r->nparams].name = n;
	r->params[r->nparams].value = v;
	r->nparams++;
	return 0;
}

/* Decodes %XX and '+' of S[0..LEN) into OUT (at least LEN + 1 bytes). */
static int urldecode(const char *s, size_t len, char *out, size_t *outlen)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '+') {
			out[o++] = ' ';
		} else if (s[i] == '%') {
			int h, l;
			if (i + 2 >= len || (h = kj_hex_value(s[i + 1])) < 0 ||
			    (l = kj_hex_value(s[i + 2])) < 0)
				return -1;
			out[o++] = (char)(h * 16 + l);
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	*outlen = o;
	return 0;
}

int kj_request_parse_form(struct kj_request *r, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && s[j] != '&')
			j++;
		const char *eq = memchr(s + i, '=', j - i);
		size_t klen = eq ? (size_t)(eq - (s + i)) : j - i;
		size_t vlen = eq ? j - i - klen - 1 : 0;
		if (klen > 0) {
			char key[128], *val = malloc(vlen + 1);
			size_t kl, vl;
			if (!val)
				return -1;
			if (klen >= sizeof key ||
			    urldecode(s + i, klen, key, &kl) < 0 ||
			    urldecode(eq ? eq + 1 : "", vlen, val, &vl) < 0 ||
			    strlen(key) != kl ||
			    kj_request_add_param(r, key, val, vl) < 0) {
				free(val);
				return -1;
			}
			free(val);
		}
		i = j + 1;
	}
	return 0;
}

static const char *param_from(const struct kj_request *r, int first, const char *name)
{
	for (int i = first < 0 ? 0 : first; i < r->nparams; i++)
		if (!strcmp(r->params[i].name, name))
			return r->params[i].value;
	return NULL;
}

const char *kj_param(const struct kj_request *r, const char *name)
{
	return param_from(r, 0, name);
}

const char *kj_body_param(const struct kj_request *r, const char *name)
{
	return param_from(r, r->nquery, name);
}

int kj_cookie(const struct kj_request *r, const char *name, char *out, size_t n)
{
	if (!r->cookie)
		return -1;
	size_t nl = strlen(name);
	const char *p = r->cookie;
	while (*p) {
		while (*p == ' ' || *p == ';')
			p++;
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > nl && !strncmp(p, name, nl) && p[nl] == '=') {
			size_t vl = len - nl - 1;
			if (vl >= n)
				return -1;
			memcpy(out, p + nl + 1, vl);
			out[vl] = '\0';
			/* Cookie values kijun sets are [A-Za-z0-9_-] only. */
			for (size_t i = 0; i < vl; i++)
				if (!(out[i] >= 'a' && out[i] <= 'z') && !(out[i] >= 'A' && out[i] <= 'Z') &&
				    !(out[i] >= '0' && out[i] <= '9') && out[i] != '-' && out[i] != '_')
					return -1;
			return 0;
		}
		if (!end)
			break;
		p = end + 1;
	}
	return -1;
}

void kj_response_init(struct kj_response *resp)
{
	memset(resp, 0, sizeof *resp);
	resp->status = 200;
	resp->content_type = "text/html; charset=utf-8";
	kj_buf_init(&resp->body, KJ_HTTP_RESPONSE_MAX);
}

void kj_response_free(struct kj_response *resp)
{
	kj_response_stream_release(resp);
	kj_buf_free(&resp->body);
}

int kj_response_header(struct kj_response *resp, const char *name,
		       const char *value)
{
	if (resp->nheaders >= KJ_RESP_HEADERS_MAX ||
	    kj_strlcpy(resp->headers[resp->nheaders][0], name, 512) ||
	    kj_strlcpy(resp->headers[resp->nheaders][1], value, 512) ||
	    strpbrk(value, "\r\n"))
		return -1;
	resp->nheaders++;
	return 0;
}

int kj_response_redirect(struct kj_response *resp, const char *location)
{
	/* Only local paths: never an open redirect (see also local_next()). */
	if (location[0] != '/' || location[1] == '/' || location[1] == '\\')
		location = "/";
	for (const unsigned char *p = (const unsigned char *)location; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '\\')
			location = "/";
	resp->status = 303;
	kj_buf_reset(&resp->body);
	return kj_response_header(resp, "Location", location);
}

int kj_parse_id(const char *s, int64_t *out)
{
	long v;
	/* One spelling per id: no sign, no leading zero. */
	if (!s || s[0] < '1' || s[0] > '9' || kj_parse_long(s, 1, 0x7fffffffL, &v) < 0)
		return -1;
	*out = v;
	return 0;
}
