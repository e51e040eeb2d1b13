/*
 * Unit tests of src/base/netaddr.c: address literals, the --trust-proxy
 * list, and the client address taken from X-Forwarded-For only from a
 * listed proxy.
 */
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "base/netaddr.h"

static int parses(const char *s)
{
	struct kj_netaddr a;
	return kj_netaddr_parse(s, strlen(s), &a) == 0;
}

static void test_parse(void **state)
{
	(void)state;
	static const char *const good[] = { "127.0.0.1", "0.0.0.0", "255.255.255.255", "::1",
					    "2001:db8::1", "::ffff:10.0.0.1", "fe80::abcd:1" };
	static const char *const bad[] = { "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4:80",
					   "[::1]", "fe80::1%eth0", " 1.2.3.4", "1.2.3.4 ",
					   "localhost", "::1::2", "0x7f.0.0.1", "1.2.3.4/32",
					   "2001:db8::1:2:3:4:5:6:7",
					   "aaaa:aaaa:aaaa:aaaa:aaaa:aaaa:255.255.255.255x" };
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!parses(good[i]))
			fail_msg("refused %s", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (parses(bad[i]))
			fail_msg("took '%s'", bad[i]);
	/* A NUL inside the bytes given is no address. */
	struct kj_netaddr a, b;
	assert_int_equal(kj_netaddr_parse("1.2.3.4\0x", 9, &a), -1);
	/* IPv4 and its IPv6 mapping are one address, written dotted. */
	assert_int_equal(kj_netaddr_parse("10.0.0.1", 8, &a), 0);
	assert_int_equal(kj_netaddr_parse("::ffff:10.0.0.1", 15, &b), 0);
	assert_memory_equal(a.b, b.b, sizeof a.b);
	char text[KJ_NETADDR_TEXT_MAX];
	kj_netaddr_text(&b, text, sizeof text);
	assert_string_equal(text, "10.0.0.1");
}

static void test_proxies_parse(void **state)
{
	(void)state;
	struct kj_proxies p;
	struct kj_err err;
	assert_int_equal(kj_proxies_parse(&p, "127.0.0.1,::1", &err), 0);
	assert_int_equal(p.n, 2);
	assert_int_equal(kj_proxies_parse(&p, " 10.0.0.1 , 10.0.0.2 ", &err), 0);
	assert_int_equal(p.n, 2);
	assert_true(kj_proxies_has(&p, "10.0.0.2"));
	assert_true(kj_proxies_has(&p, "::ffff:10.0.0.1"));
	assert_false(kj_proxies_has(&p, "10.0.0.3"));
	assert_false(kj_proxies_has(&p, "?"));
	assert_false(kj_proxies_has(NULL, "10.0.0.1"));
	static const char *const bad[] = { "", ",", "10.0.0.1,", "10.0.0.1,,10.0.0.2",
					   "proxy.example", "10.0.0.0/8", "127.0.0.1:8080",
					   "[::1]" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (kj_proxies_parse(&p, bad[i], &err) == 0)
			fail_msg("took --trust-proxy '%s'", bad[i]);
		assert_non_null(strstr(err.msg, "--trust-proxy"));
	}
	assert_int_equal(kj_proxies_parse(&p, "10.0.0.1,proxy.example", &err), -1);
	assert_non_null(strstr(err.msg, "'proxy.example'"));
	/* At most KJ_TRUST_PROXY_MAX. */
	char many[1024];
	size_t at = 0;
	for (int i = 0; i < KJ_TRUST_PROXY_MAX; i++)
		at += (size_t)snprintf(many + at, sizeof many - at, "%s10.0.0.%d", i ? "," : "",
				       i + 1);
	assert_int_equal(kj_proxies_parse(&p, many, &err), 0);
	assert_int_equal(p.n, KJ_TRUST_PROXY_MAX);
	snprintf(many + at, sizeof many - at, ",10.0.1.1");
	assert_int_equal(kj_proxies_parse(&p, many, &err), -1);
	assert_non_null(strstr(err.msg, "at most"));
}

static const char *client(const struct kj_proxies *p, const char *peer, const char *xff,
			  int from_header)
{
	static char out[KJ_NETADDR_TEXT_MAX];
	assert_int_equal(kj_proxies_client(p, peer, xff, out, sizeof out), from_header);
	return out;
}

static void test_client(void **state)
{
	(void)state;
	struct kj_proxies none = { 0 }, p;
	struct kj_err err;
	assert_int_equal(kj_proxies_parse(&p, "127.0.0.1,10.0.0.2", &err), 0);
	/* Without --trust-proxy, or from an unlisted peer, the header is ignored. */
	assert_string_equal(client(&none, "127.0.0.1", "203.0.113.7", 0), "127.0.0.1");
	assert_string_equal(client(NULL, "127.0.0.1", "203.0.113.7", 0), "127.0.0.1");
	assert_string_equal(client(&p, "198.51.100.9", "203.0.113.7", 0), "198.51.100.9");
	assert_string_equal(client(&p, "198.51.100.9", "127.0.0.1", 0), "198.51.100.9");
	/* From a listed proxy: the right-most hop that is not a listed proxy. */
	assert_string_equal(client(&p, "127.0.0.1", "203.0.113.7", 1), "203.0.113.7");
	assert_string_equal(client(&p, "127.0.0.1", "1.1.1.1, 203.0.113.7", 1), "203.0.113.7");
	assert_string_equal(client(&p, "127.0.0.1", "203.0.113.7, 10.0.0.2", 1), "203.0.113.7");
	assert_string_equal(client(&p, "::ffff:127.0.0.1", "203.0.113.7,\t10.0.0.2 ", 1),
			    "203.0.113.7");
	/* What the client wrote left of it is never read. */
	assert_string_equal(client(&p, "127.0.0.1", "junk, <x>, 203.0.113.7", 1), "203.0.113.7");
	/* Every hop a listed proxy: the left-most. */
	assert_string_equal(client(&p, "127.0.0.1", "10.0.0.2, 127.0.0.1", 1), "10.0.0.2");
	/* IPv6, and IPv4 written as IPv6. */
	assert_string_equal(client(&p, "127.0.0.1", "2001:DB8::1", 1), "2001:db8::1");
	assert_string_equal(client(&p, "127.0.0.1", "::ffff:198.51.100.1", 1), "198.51.100.1");
	/* A malformed hop where the client's should be: the peer. */
	static const char *const bad[] = { "", " ", ",", "203.0.113.7,", "203.0.113.7, junk",
					   "203.0.113.7:4711", "[2001:db8::1]", "unknown",
					   "203.0.113.7, 10.0.0.2, ", "1.2.3.4 5.6.7.8" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_string_equal(client(&p, "127.0.0.1", bad[i], 0), "127.0.0.1");
	assert_string_equal(client(&p, "127.0.0.1", NULL, 0), "127.0.0.1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_proxies_parse),
		cmocka_unit_test(test_client),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
