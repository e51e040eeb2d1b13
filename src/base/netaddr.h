/*
 * IP address literals and the client behind a trusted reverse proxy
 * (`kijun serve --trust-proxy`): which addresses are proxies, and which
 * address of X-Forwarded-For is the client's.
 */
#ifndef KJ_BASE_NETADDR_H
#define KJ_BASE_NETADDR_H

#include <stddef.h>
#include <sys/socket.h>

#include "base/limits.h"
#include "base/util.h"

/* An IPv6 address, or an IPv4 one as ::ffff:a.b.c.d, so either compares. */
struct kj_netaddr {
	unsigned char b[16];
};

/* The longest text of an address (INET6_ADDRSTRLEN), and its NUL. */
#define KJ_NETADDR_TEXT_MAX 46

struct kj_proxies {
	int n;
	struct kj_netaddr addr[KJ_TRUST_PROXY_MAX];
};

/* Parses the LEN bytes of TEXT, an IPv4 or IPv6 literal (no port, no
 * brackets, no zone), into *OUT; 0, or -1 if it is not one. */
int kj_netaddr_parse(const char *text, size_t len, struct kj_netaddr *out);
/* The address of SA, an IPv4 or IPv6 socket address (else all zeros). */
void kj_netaddr_of(const struct sockaddr *sa, struct kj_netaddr *out);
/* The text of A into OUT (size N): dotted for IPv4. */
void kj_netaddr_text(const struct kj_netaddr *a, char *out, size_t n);

/* Parses SPEC, "ADDRESS[,ADDRESS...]" (at most KJ_TRUST_PROXY_MAX), into
 * *OUT; 0, or -1 with ERR naming what is wrong. */
int kj_proxies_parse(struct kj_proxies *out, const char *spec, struct kj_err *err);
/* 1 if A, or PEER (the text of an address), is one of P's (P may be NULL),
 * else 0. */
int kj_proxies_listed(const struct kj_proxies *p, const struct kj_netaddr *a);
int kj_proxies_has(const struct kj_proxies *p, const char *peer);

/*
 * The client's address for a request that came from PEER carrying the
 * X-Forwarded-For value XFF (NULL: none; several header lines joined with
 * commas), into OUT (size N). When PEER is a listed proxy, it is the
 * right-most address of XFF that is not a listed proxy (each proxy appends
 * the address it was reached from, so what stands left of the last
 * untrusted hop may be anything the client wrote), or the left-most when
 * every one is listed. Otherwise, with no header, or when the hop it would
 * take is not an IP literal, it is PEER. Returns 1 when the address came
 * from the header, 0 when it is PEER.
 */
int kj_proxies_client(const struct kj_proxies *p, const char *peer, const char *xff,
		      char *out, size_t n);

/* Parses --listen's ADDRESS:PORT ([ADDRESS]:PORT for IPv6; numeric only)
 * into *SS; 0, or -1 with ERR saying what is wrong. */
int kj_netaddr_listen(const char *listen, struct sockaddr_storage *ss, struct kj_err *err);

#endif
