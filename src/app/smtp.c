/* Sending one message through an SMTP relay; see smtp.h. */
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#include "app/smtp.h"
#include "base/limits.h"
#include "model/notice.h"

int kj_smtp_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

/* Host[:port] of an smtp URL: letters, digits, '.', '-', ':' and the
 * brackets of an IPv6 literal. */
static int host_ok(const char *h, size_t len)
{
	if (!len)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)h[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '-' || c == ':' || c == '[' || c == ']'))
			return 0;
	}
	return 1;
}

int kj_smtp_config(struct kj_smtp *smtp, const char *url, const char *from,
		   struct kj_err *err)
{
	memset(smtp, 0, sizeof *smtp);
	smtp->timeout_s = KJ_SMTP_TIMEOUT_S;
	if (!url || strlen(url) >= sizeof smtp->url || strlen(url) >= KJ_URL_MAX) {
		kj_err_set(err, "--smtp: give the relay as smtp://HOST[:PORT] or smtps://HOST[:PORT]");
		return -1;
	}
	const char *rest = !strncmp(url, "smtp://", 7) ? url + 7
		: !strncmp(url, "smtps://", 8) ? url + 8 : NULL;
	size_t hl = rest ? strcspn(rest, "/") : 0;
	if (!rest || !host_ok(rest, hl) || (rest[hl] && strcmp(rest + hl, "/"))) {
		kj_err_set(err, "--smtp: '%.80s' is not smtp://HOST[:PORT] or smtps://HOST[:PORT]"
			   " (no user, password or path)", url);
		return -1;
	}
	if (!from || !kj_notice_addr_ok(from) || strlen(from) >= sizeof smtp->from) {
		kj_err_set(err, "--from: '%.80s' is not an e-mail address", from ? from : "");
		return -1;
	}
	memcpy(smtp->url, url, strlen(url) + 1);
	memcpy(smtp->from, from, strlen(from) + 1);
	return 0;
}

struct upload {
	const char *p;
	size_t left;
};

static size_t read_cb(char *out, size_t size, size_t nmemb, void *ctx)
{
	struct upload *u = ctx;
	if (size && nmemb > (size_t)-1 / size)
		return CURL_READFUNC_ABORT;
	size_t room = size * nmemb, n = u->left < room ? u->left : room;
	memcpy(out, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

int kj_smtp_send(const struct kj_smtp *smtp, char *const *to, int n, const char *msg,
		 size_t len, struct kj_err *err)
{
	if (n < 1) {
		kj_err_set(err, "no recipient");
		return -1;
	}
	CURL *c = curl_easy_init();
	if (!c) {
		kj_err_set(err, "cannot start libcurl");
		return -1;
	}
	char addr[KJ_NOTICE_ADDR_MAX + 3], errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *rcpt = NULL;
	for (int i = 0; i < n; i++) {
		snprintf(addr, sizeof addr, "<%s>", to[i]);
		struct curl_slist *r = curl_slist_append(rcpt, addr);
		if (!r) {
			curl_slist_free_all(rcpt);
			curl_easy_cleanup(c);
			kj_err_set(err, "out of memory");
			return -1;
		}
		rcpt = r;
	}
	char sender[sizeof smtp->from + 2];
	snprintf(sender, sizeof sender, "<%s>", smtp->from);
	struct upload u = { msg, len };
	curl_easy_setopt(c, CURLOPT_URL, smtp->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, sender);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)KJ_SMTP_CONNECT_S);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)smtp->timeout_s);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	CURLcode rc = curl_easy_perform(c);
	long code = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK) {
		int unreachable = !code && (rc == CURLE_COULDNT_CONNECT ||
					    rc == CURLE_COULDNT_RESOLVE_HOST ||
					    rc == CURLE_OPERATION_TIMEDOUT);
		if (code)
			kj_err_set(err, "relay answered %ld: %s", code,
				   *errbuf ? errbuf : curl_easy_strerror(rc));
		else
			kj_err_set(err, "%s", *errbuf ? errbuf : curl_easy_strerror(rc));
		return unreachable ? -2 : -1;
	}
	return 0;
}
