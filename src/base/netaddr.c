/* IP address literals and X-Forwarded-For behind trusted proxies (netaddr.h). */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "base/netaddr.h"

int kj_netaddr_parse(const char *text, size_t len, struct kj_netaddr *out)
{
	char s[KJ_NETADDR_TEXT_MAX];
	struct in_addr v4;
	memset(out, 0, sizeof *out);
	if (len == 0 || len >= sizeof s)
		return -1;
	memcpy(s, text, len);
	s[len] = '\0';
	if (strlen(s) != len)
		return -1;	/* a NUL inside */
	if (inet_pton(AF_INET, s, &v4) == 1) {
		out->b[10] = out->b[11] = 0xff;
		memcpy(out->b + 12, &v4, 4);
		return 0;
	}
	return inet_pton(AF_INET6, s, out->b) == 1 ? 0 : -1;
}

void kj_netaddr_of(const struct sockaddr *sa, struct kj_netaddr *out)
{
	memset(out, 0, sizeof *out);
	if (sa->sa_family == AF_INET) {
		out->b[10] = out->b[11] = 0xff;
		memcpy(out->b + 12, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
	} else if (sa->sa_family == AF_INET6) {
		memcpy(out->b, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
	}
}

static int is_v4(const struct kj_netaddr *a)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	return !memcmp(a->b, mapped, sizeof mapped);
}

void kj_netaddr_text(const struct kj_netaddr *a, char *out, size_t n)
{
	char s[KJ_NETADDR_TEXT_MAX];
	if (!inet_ntop(is_v4(a) ? AF_INET : AF_INET6, is_v4(a) ? a->b + 12 : a->b, s, sizeof s))
		s[0] = '\0';
	snprintf(out, n, "%s", s);
}

/* Optional white space around a list element (RFC 9110 OWS). */
static int ows(char c)
{
	return c == ' ' || c == '\t';
}

int kj_proxies_parse(struct kj_proxies *out, const char *spec, struct kj_err *err)
{
	memset(out, 0, sizeof *out);
	for (const char *p = spec;; p++) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		while (len && ows(*p)) {
			p++;
			len--;
		}
		while (len && ows(p[len - 1]))
			len--;
		if (out->n == KJ_TRUST_PROXY_MAX) {
			kj_err_set(err, "--trust-proxy takes at most %d addresses", KJ_TRUST_PROXY_MAX);
			return -1;
		}
		if (kj_netaddr_parse(p, len, &out->addr[out->n]) < 0) {
			kj_err_set(err, "--trust-proxy: '%.*s' is not an IPv4 or IPv6 address"
				   " (give numeric addresses separated by commas, e.g."
				   " 127.0.0.1,::1)", (int)(len > 64 ? 64 : len), p);
			return -1;
		}
		out->n++;
		if (!end)
			return 0;
		p = end;
	}
}

int kj_proxies_listed(const struct kj_proxies *p, const struct kj_netaddr *a)
{
	for (int i = 0; p && i < p->n; i++)
		if (!memcmp(p->addr[i].b, a->b, sizeof a->b))
			return 1;
	return 0;
}

int kj_proxies_has(const struct kj_proxies *p, const char *peer)
{
	struct kj_netaddr a;
	return p && p->n > 0 && peer && kj_netaddr_parse(peer, strlen(peer), &a) == 0 &&
	       kj_proxies_listed(p, &a);
}

int kj_proxies_client(const struct kj_proxies *p, const char *peer, const char *xff,
		      char *out, size_t n)
{
	snprintf(out, n, "%s", peer);
	if (!xff || !kj_proxies_has(p, peer))
		return 0;
	/* From the right: each hop, trimmed, must be an address. */
	struct kj_netaddr a;
	const char *end = xff + strlen(xff);
	for (;;) {
		const char *start = end;
		while (start > xff && start[-1] != ',')
			start--;
		const char *s = start, *e = end;
		while (s < e && ows(*s))
			s++;
		while (e > s && ows(e[-1]))
			e--;
		if (kj_netaddr_parse(s, (size_t)(e - s), &a) < 0)
			return 0;
		if (!kj_proxies_listed(p, &a) || start == xff)
			break;
		end = start - 1;	/* the comma */
	}
	kj_netaddr_text(&a, out, n);
	return 1;
}

int kj_netaddr_listen(const char *listen, struct sockaddr_storage *ss, struct kj_err *err)
{
	char host[128], port[16];
	const char *colon = strrchr(listen, ':');
	if (!colon || colon == listen || strlen(colon + 1) >= sizeof port ||
	    (size_t)(colon - listen) >= sizeof host) {
		kj_err_set(err, "--listen must be ADDRESS:PORT, e.g. 127.0.0.1:8080, not '%s'", listen);
		return -1;
	}
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	snprintf(port, sizeof port, "%s", colon + 1);
	long p;
	if (kj_parse_long(port, 1, 65535, &p) < 0) {
		kj_err_set(err, "bad port in --listen '%s'", listen);
		return -1;
	}
	char *h = host;
	if (h[0] == '[' && h[strlen(h) - 1] == ']') {
		h[strlen(h) - 1] = '\0';
		h++;
	}
	struct addrinfo hints = { .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV,
				  .ai_socktype = SOCK_STREAM }, *ai;
	if (getaddrinfo(h, port, &hints, &ai) != 0) {
		kj_err_set(err, "bad address in --listen '%s' (give a numeric IP address)", listen);
		return -1;
	}
	memset(ss, 0, sizeof *ss);
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	freeaddrinfo(ai);
	return 0;
}
