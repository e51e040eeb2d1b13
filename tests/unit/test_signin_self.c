/*
 * Issue 16's pure parts: the shipped list of common passwords
 * (model/common_passwords.c) as kj_password_check uses it, the length and
 * login rules, and Accept-Language's weights (model/lang_pref.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "model/common_passwords.h"
#include "model/lang_pref.h"
#include "model/user.h"

static void test_common_list(void **state)
{
	(void)state;
	/* A few thousand, shipped in the binary. */
	assert_true(kj_common_passwords_count() >= 5000);
	assert_true(kj_password_is_common("password"));
	assert_true(kj_password_is_common("PassWord"));
	assert_true(kj_password_is_common("123456"));
	assert_true(kj_password_is_common("qazwsxedcrfv"));
	assert_true(kj_password_is_common("QAZWSXEDCRFV"));
	assert_true(kj_password_is_common("1qaz2wsx3edc"));
	assert_false(kj_password_is_common("qazwsxedcrf"));	/* a prefix is not it */
	assert_false(kj_password_is_common("qazwsxedcrfvt"));
	assert_false(kj_password_is_common(""));
	assert_false(kj_password_is_common(NULL));
	assert_false(kj_password_is_common("# Common passwords"));	/* comments are not entries */
	assert_false(kj_password_is_common("Tr0ub4dor&3-horse-Staple"));
}

static void refused_as(const char *pw, const char *login, const char *ja_part)
{
	const char *ja = NULL;
	struct kj_err err;
	assert_int_equal(kj_password_check(pw, login, &ja, &err), -1);
	assert_non_null(ja);
	if (!strstr(ja, ja_part))
		fail_msg("%s: %s, want %s", pw, ja, ja_part);
	assert_true(strlen(err.msg) > 0);
}

static void test_password_rules(void **state)
{
	(void)state;
	struct kj_err err;
	const char *ja = NULL;
	/* A common one of 12 characters or more, in any case, is refused. */
	refused_as("1Qaz2Wsx3Edc", "someone", "よく使われる");
	refused_as("Q1W2e3r4t5y6", "someone", "よく使われる");
	refused_as("P030710p$E4O", "someone", "よく使われる");
	refused_as("Leavemealone", "someone", "3種類");
	refused_as("Short#1a", "someone", "12文字");
	refused_as("xx-Someone-2026!", "someone", "サインイン ID");
	refused_as("Password1234", "someone", "よく使われる");
	assert_int_equal(kj_password_check("Kj-Web!Test#2026", "someone", &ja, &err), 0);
	assert_null(ja);
	/* Eleven characters are too few, twelve enough. */
	refused_as("Abcdefgh-12", NULL, "12文字");
	assert_int_equal(kj_password_check("Abcdefgh-123", NULL, &ja, &err), 0);
}

static void test_qvalues(void **state)
{
	(void)state;
	static const struct { const char *q; int want; } q[] = {
		{ "q=1", 1000 }, { "q=0", 0 }, { "q=0.5", 500 }, { "q=0.123", 123 },
		{ " q=0.8 ", 800 }, { "Q=1.000", 1000 }, { "q=1.001", -1 }, { "q=2", -1 },
		{ "q=0.1234", -1 }, { "q=", -1 }, { "q=.5", -1 }, { "q=0.x", -1 },
		{ "level=1", -1 }, { "", -1 },
	};
	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++)
		if (kj_accept_qvalue(q[i].q, (int)strlen(q[i].q)) != q[i].want)
			fail_msg("%s: %d, want %d", q[i].q,
				 kj_accept_qvalue(q[i].q, (int)strlen(q[i].q)), q[i].want);
}

static void test_accept_language(void **state)
{
	(void)state;
	static const struct { const char *h; int en; } c[] = {
		{ NULL, 0 }, { "", 0 }, { "en", 1 }, { "ja", 0 }, { "en-US,en;q=0.9,ja;q=0.8", 1 },
		{ "ja-JP,ja;q=0.9,en-US;q=0.8", 0 }, { "en;q=0.8,ja", 0 }, { "de,en;q=0.3", 1 },
		{ "*", 0 }, { "*;q=0.5,ja;q=0.1", 1 }, { "en;q=0", 0 }, { "en;q=bad", 0 },
		{ "eng", 0 }, { "jan,en;q=0.1", 1 }, { ";;;,,,", 0 }, { "en-", 1 },
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
		if (kj_accept_prefers_en(c[i].h) != c[i].en)
			fail_msg("%s: %d, want %d", c[i].h ? c[i].h : "(null)",
				 kj_accept_prefers_en(c[i].h), c[i].en);
	/* A header past the cap is read only so far: no overrun, no hang. */
	char big[KJ_ACCEPT_LANGUAGE_MAX * 4];
	memset(big, ',', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	memcpy(big + sizeof big - 4, "en", 2);
	assert_int_equal(kj_accept_prefers_en(big), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_common_list),
		cmocka_unit_test(test_password_rules),
		cmocka_unit_test(test_qvalues),
		cmocka_unit_test(test_accept_language),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
