/*
 * The request helpers of src/web/http.c on the fuzzer's bytes, each input
 * used whole as an application/x-www-form-urlencoded body
 * (kj_request_parse_form) and, up to its first NUL, as a Cookie header
 * (kj_cookie); every parameter value is then tried as an id
 * (kj_parse_id) and as a redirect target (kj_response_redirect).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "web/http.h"

/* Pairs with a non-empty name in S: what a successful parse must give. */
static int count_pairs(const char *s, size_t len)
{
	int n = 0;
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && s[j] != '&')
			j++;
		if (j > i && s[i] != '=')
			n++;
		i = j + 1;
	}
	return n;
}

static void check_form(const struct kj_request *r, const char *s, size_t len)
{
	FUZZ_CHECK(r->nparams >= 0 && r->nparams <= KJ_HTTP_PARAMS_MAX, "%d params", r->nparams);
	FUZZ_CHECK(r->nparams == count_pairs(s, len), "%d params from %d pairs", r->nparams,
		   count_pairs(s, len));
	for (int i = 0; i < r->nparams; i++) {
		const char *name = r->params[i].name, *value = r->params[i].value;
		FUZZ_CHECK(name && name[0] && strlen(name) <= 64, "param %d name", i);
		FUZZ_CHECK(value && strlen(value) <= KJ_HTTP_PARAM_MAX, "param %d value", i);
		FUZZ_CHECK(kj_utf8_valid_text(value, strlen(value)), "param %d value is not "
			   "UTF-8 text", i);
		const char *first = NULL;
		for (int j = 0; j <= i && !first; j++)
			if (!strcmp(r->params[j].name, name))
				first = r->params[j].value;
		FUZZ_CHECK(kj_param(r, name) == first, "kj_param(%s) is not the first", name);
	}
}

static void check_id(const char *s)
{
	int64_t id = 0;
	if (kj_parse_id(s, &id) < 0)
		return;
	char back[32];
	snprintf(back, sizeof back, "%" PRId64, id);
	FUZZ_CHECK(id >= 1 && id <= 0x7fffffff && !strcmp(back, s),
		   "kj_parse_id(\"%s\") gave %" PRId64, s, id);
}

static void check_redirect(const char *to)
{
	struct kj_response resp;
	kj_response_init(&resp);
	kj_buf_adds(&resp.body, "old body");
	int rc = kj_response_redirect(&resp, to);
	FUZZ_CHECK(resp.status == 303 && resp.body.len == 0, "redirect: status %d, body %zu",
		   resp.status, resp.body.len);
	if (rc == 0) {
		FUZZ_CHECK(resp.nheaders == 1 && !strcmp(resp.headers[0][0], "Location"),
			   "redirect without Location");
		const unsigned char *loc = (const unsigned char *)resp.headers[0][1];
		FUZZ_CHECK(loc[0] == '/' && loc[1] != '/' && loc[1] != '\\',
			   "redirect to \"%s\" leaves the site", loc);
		for (const unsigned char *p = loc; *p; p++)
			FUZZ_CHECK(*p > 0x20 && *p != 0x7f && *p != '\\',
				   "redirect to \"%s\": byte 0x%02x", loc, *p);
	}
	kj_response_free(&resp);
}

static void check_cookie(const struct kj_request *r, const char *name)
{
	static const size_t sizes[] = { 1, 2, 8, 65, 128 };
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		char out[128];
		memset(out, 'X', sizeof out);
		if (kj_cookie(r, name, out, sizes[k]) < 0)
			continue;
		size_t n = strnlen(out, sizes[k]);
		FUZZ_CHECK(n < sizes[k], "cookie %s: not terminated in %zu bytes", name, sizes[k]);
		FUZZ_CHECK(strspn(out, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				       "0123456789-_") == n, "cookie %s: \"%s\"", name, out);
		/* The value stands in the header as NAME=VALUE, ended by ';' or the end. */
		char want[200];
		snprintf(want, sizeof want, "%s=%s", name, out);
		const char *at = r->cookie;
		int found = 0;
		while (!found && (at = strstr(at, want))) {
			char end = at[strlen(want)];
			found = (at == r->cookie || at[-1] == ';' || at[-1] == ' ') &&
				(end == ';' || end == '\0');
			at++;
		}
		FUZZ_CHECK(found, "cookie %s: \"%s\" is not in the header", name, out);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kj_request r;
	const char *s = (const char *)data;
	kj_request_init(&r);
	if (kj_request_parse_form(&r, s, size) == 0) {
		check_form(&r, s, size);
		for (int i = 0; i < r.nparams; i++) {
			check_id(r.params[i].value);
			check_redirect(r.params[i].value);
		}
	}
	kj_request_free(&r);

	char *cookie = malloc(size + 1);
	if (!cookie)
		return 0;
	memcpy(cookie, data, size);
	cookie[size] = '\0';
	kj_request_init(&r);
	r.cookie = cookie;
	check_cookie(&r, "kijun_session");
	check_cookie(&r, "kijun_lang");
	check_cookie(&r, "kijun_pre");
	check_cookie(&r, "a");
	free(cookie);
	return 0;
}
