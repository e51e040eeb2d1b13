/*
 * The second factor's pure parts (model/mfa.c): TOTP against the test
 * vectors of RFC 6238 (appendix B, all three hashes), the window and the
 * refusal of a step already used, base32 (RFC 4648's vectors), the secret
 * sealed and opened, refused when changed, copied to another user or
 * opened with another key, the key file's checks, and the recovery codes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/mfa.h"

static const struct {
	int64_t t;
	const char *sha1, *sha256, *sha512;
} rfc6238[] = {
	{ 59, "94287082", "46119246", "90693936" },
	{ 1111111109, "07081804", "68084774", "25091201" },
	{ 1111111111, "14050471", "67062674", "99943326" },
	{ 1234567890, "89005924", "91819424", "93441116" },
	{ 2000000000, "69279037", "90698825", "38618901" },
	{ 20000000000, "65353130", "77737706", "47863826" },
};

static void test_totp_rfc6238(void **state)
{
	(void)state;
	static const char s1[] = "12345678901234567890";
	static const char s256[] = "12345678901234567890123456789012";
	static const char s512[] = "1234567890123456789012345678901234567890"
				   "123456789012345678901234";
	struct kj_err err;
	char out[9];
	for (size_t i = 0; i < sizeof rfc6238 / sizeof rfc6238[0]; i++) {
		assert_int_equal(kj_totp_code((const unsigned char *)s1, 20, rfc6238[i].t, 8,
					      KJ_TOTP_SHA1, out, &err), 0);
		assert_string_equal(out, rfc6238[i].sha1);
		assert_int_equal(kj_totp_code((const unsigned char *)s256, 32, rfc6238[i].t, 8,
					      KJ_TOTP_SHA256, out, &err), 0);
		assert_string_equal(out, rfc6238[i].sha256);
		assert_int_equal(kj_totp_code((const unsigned char *)s512, 64, rfc6238[i].t, 8,
					      KJ_TOTP_SHA512, out, &err), 0);
		assert_string_equal(out, rfc6238[i].sha512);
		/* Six digits are the last six of the same number. */
		assert_int_equal(kj_totp_code((const unsigned char *)s1, 20, rfc6238[i].t, 6,
					      KJ_TOTP_SHA1, out, &err), 0);
		assert_string_equal(out, rfc6238[i].sha1 + 2);
	}
	assert_int_equal(kj_totp_code((const unsigned char *)s1, 20, 59, 5, KJ_TOTP_SHA1, out,
				      &err), -1);
	assert_int_equal(kj_totp_code((const unsigned char *)s1, 20, -1, 6, KJ_TOTP_SHA1, out,
				      &err), -1);
}

static void test_totp_window_and_reuse(void **state)
{
	(void)state;
	unsigned char secret[KJ_MFA_SECRET_BYTES];
	struct kj_err err;
	char code[9];
	int64_t now = 1790000015, step = 0, at = now / KJ_MFA_STEP_S;
	kj_mfa_secret_new(secret);
	for (int d = -1; d <= 1; d++) {
		assert_int_equal(kj_totp_code(secret, sizeof secret, now + d * KJ_MFA_STEP_S, 6,
					      KJ_TOTP_SHA1, code, &err), 0);
		assert_true(kj_totp_check(secret, sizeof secret, now, 0, code, &step));
		assert_true(step == at + d);
		/* Used: neither it nor an earlier step passes again. */
		assert_false(kj_totp_check(secret, sizeof secret, now, step, code, &step));
	}
	/* Two steps away: expired, or not yet. */
	assert_int_equal(kj_totp_code(secret, sizeof secret, now - 2 * KJ_MFA_STEP_S, 6,
				      KJ_TOTP_SHA1, code, &err), 0);
	assert_false(kj_totp_check(secret, sizeof secret, now, 0, code, &step));
	assert_int_equal(kj_totp_code(secret, sizeof secret, now + 2 * KJ_MFA_STEP_S, 6,
				      KJ_TOTP_SHA1, code, &err), 0);
	assert_false(kj_totp_check(secret, sizeof secret, now, 0, code, &step));
	/* Spaces are allowed; other shapes are not codes. */
	assert_int_equal(kj_totp_code(secret, sizeof secret, now, 6, KJ_TOTP_SHA1, code, &err), 0);
	char spaced[12];
	snprintf(spaced, sizeof spaced, "%.3s %s", code, code + 3);
	assert_true(kj_totp_check(secret, sizeof secret, now, 0, spaced, &step));
	assert_false(kj_totp_check(secret, sizeof secret, now, 0, "12345", &step));
	assert_false(kj_totp_check(secret, sizeof secret, now, 0, "1234567", &step));
	assert_false(kj_totp_check(secret, sizeof secret, now, 0, "12a456", &step));
	assert_false(kj_totp_check(secret, sizeof secret, now, 0, "", &step));
	assert_false(kj_totp_check(secret, sizeof secret, now, 0, NULL, &step));
}

static void test_base32(void **state)
{
	(void)state;
	static const char *const v[][2] = {
		{ "", "" }, { "f", "MY" }, { "fo", "MZXQ" }, { "foo", "MZXW6" },
		{ "foob", "MZXW6YQ" }, { "fooba", "MZXW6YTB" }, { "foobar", "MZXW6YTBOI" },
	};
	char out[40];
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		assert_int_equal(kj_base32_encode((const unsigned char *)v[i][0], strlen(v[i][0]),
						  out, sizeof out), 0);
		assert_string_equal(out, v[i][1]);
	}
	unsigned char secret[KJ_MFA_SECRET_BYTES] = { 0 };
	assert_int_equal(kj_base32_encode(secret, sizeof secret, out, sizeof out), 0);
	assert_int_equal(strlen(out), 32);
	assert_int_equal(kj_base32_encode(secret, sizeof secret, out, 32), -1);	/* no room */
}

static void test_seal_open(void **state)
{
	(void)state;
	struct kj_mfa_key key, other;
	unsigned char secret[KJ_MFA_SECRET_BYTES], back[KJ_MFA_SECRET_BYTES];
	char box[KJ_MFA_BOX_MAX], box2[KJ_MFA_BOX_MAX], b32[KJ_MFA_SECRET_B32_MAX];
	size_t n = 0;
	struct kj_err err;
	randombytes_buf(key.k, sizeof key.k);
	key.set = 1;
	other = key;
	other.k[0] ^= 1;
	kj_mfa_secret_new(secret);
	assert_int_equal(kj_mfa_seal(&key, 7, secret, sizeof secret, box, &err), 0);
	assert_int_equal(strncmp(box, "v1.", 3), 0);
	/* Neither the secret's bytes nor its base32 are in the box. */
	kj_base32_encode(secret, sizeof secret, b32, sizeof b32);
	assert_null(strstr(box, b32));
	assert_int_equal(kj_mfa_open(&key, 7, box, back, &n, &err), 0);
	assert_int_equal(n, sizeof secret);
	assert_memory_equal(back, secret, sizeof secret);
	/* A fresh nonce each time: the same secret seals differently. */
	assert_int_equal(kj_mfa_seal(&key, 7, secret, sizeof secret, box2, &err), 0);
	assert_string_not_equal(box, box2);
	/* Another user's row, another key, a changed byte: nothing opens. */
	assert_int_equal(kj_mfa_open(&key, 8, box, back, &n, &err), -1);
	assert_int_equal(kj_mfa_open(&other, 7, box, back, &n, &err), -1);
	size_t len = strlen(box);
	for (size_t i = 3; i < len; i += 7) {
		char t[KJ_MFA_BOX_MAX];
		memcpy(t, box, len + 1);
		t[i] = t[i] == 'A' ? 'B' : 'A';
		assert_int_equal(kj_mfa_open(&key, 7, t, back, &n, &err), -1);
	}
	assert_int_equal(kj_mfa_open(&key, 7, "v1.", back, &n, &err), -1);
	assert_int_equal(kj_mfa_open(&key, 7, "v2.AAAA", back, &n, &err), -1);
	assert_int_equal(kj_mfa_open(&key, 7, "", back, &n, &err), -1);
	struct kj_mfa_key none = { { 0 }, 0 };
	assert_int_equal(kj_mfa_seal(&none, 7, secret, sizeof secret, box, &err), -1);
	assert_int_equal(kj_mfa_open(&none, 7, box2, back, &n, &err), -1);
}

/* Writes N bytes to PATH with MODE. */
static void put_file(const char *path, size_t n, mode_t mode)
{
	unsigned char raw[64];
	randombytes_buf(raw, sizeof raw);
	unlink(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, raw, n), (ssize_t)n);
	close(fd);
	assert_int_equal(chmod(path, mode), 0);
}

static void test_key_file(void **state)
{
	(void)state;
	struct kj_mfa_key key;
	struct kj_err err;
	put_file("k32", 32, 0600);
	assert_int_equal(kj_mfa_key_load(&key, "k32", &err), 0);
	assert_true(key.set);
	put_file("k31", 31, 0600);
	assert_int_equal(kj_mfa_key_load(&key, "k31", &err), -1);
	assert_non_null(strstr(err.msg, "not 32"));
	assert_false(key.set);
	put_file("k33", 33, 0600);
	assert_int_equal(kj_mfa_key_load(&key, "k33", &err), -1);
	put_file("kopen", 32, 0644);
	assert_int_equal(kj_mfa_key_load(&key, "kopen", &err), -1);
	assert_non_null(strstr(err.msg, "chmod 600"));
	assert_int_equal(kj_mfa_key_load(&key, "missing", &err), -1);
	assert_int_equal(kj_mfa_key_load(&key, ".", &err), -1);
	unlink("kgen");
	assert_int_equal(kj_mfa_keygen("kgen", &err), 0);
	assert_int_equal(kj_mfa_key_load(&key, "kgen", &err), 0);
	assert_int_equal(kj_mfa_keygen("kgen", &err), -1);	/* never over one */
	struct stat sb;
	assert_int_equal(stat("kgen", &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	kj_mfa_key_clear(&key);
	assert_false(key.set);
}

static void test_recovery_codes(void **state)
{
	(void)state;
	struct kj_mfa_key key = { { 0 }, 1 };
	char c[KJ_MFA_RECOVERY_TEXT], norm[KJ_MFA_RECOVERY_TEXT], h1[65], h2[65];
	char seen[KJ_MFA_RECOVERY_CODES][KJ_MFA_RECOVERY_TEXT];
	randombytes_buf(key.k, sizeof key.k);
	for (int i = 0; i < KJ_MFA_RECOVERY_CODES; i++) {
		kj_mfa_recovery_new(seen[i]);
		assert_int_equal(strlen(seen[i]), 11);
		assert_int_equal(seen[i][5], '-');
		for (int k = 0; k < i; k++)
			assert_string_not_equal(seen[i], seen[k]);
	}
	kj_mfa_recovery_new(c);
	assert_true(kj_mfa_recovery_norm(c, norm));
	assert_string_equal(norm, c);
	char typed[20];
	snprintf(typed, sizeof typed, " %.5s %s ", c, c + 6);
	for (char *p = typed; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	assert_true(kj_mfa_recovery_norm(typed, norm));
	assert_string_equal(norm, c);
	assert_false(kj_mfa_recovery_norm("abcde-fghi", norm));		/* short */
	assert_false(kj_mfa_recovery_norm("abcde-fghijk", norm));	/* long */
	assert_false(kj_mfa_recovery_norm("abcde-fghi1", norm));	/* 1 is not in it */
	assert_false(kj_mfa_recovery_norm("abcde_fghij", norm));
	assert_false(kj_mfa_recovery_norm(NULL, norm));
	/* Keyed per user: the same code hashes differently for another user. */
	kj_mfa_recovery_hash(&key, 1, c, h1);
	kj_mfa_recovery_hash(&key, 2, c, h2);
	assert_string_not_equal(h1, h2);
	kj_mfa_recovery_hash(&key, 1, c, h2);
	assert_string_equal(h1, h2);
	assert_int_equal(strlen(h1), 64);
	char digits[KJ_MFA_DIGITS + 1];
	assert_true(kj_mfa_code_norm("123 456", digits));
	assert_string_equal(digits, "123456");
	assert_false(kj_mfa_code_norm("123-456", digits));
	assert_false(kj_mfa_code_norm("１２３４５６", digits));
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_totp_rfc6238),
		cmocka_unit_test(test_totp_window_and_reuse),
		cmocka_unit_test(test_base32),
		cmocka_unit_test(test_seal_open),
		cmocka_unit_test(test_key_file),
		cmocka_unit_test(test_recovery_codes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
