/*
 * Unit tests of src/model/corpnum.c: the corporate number (法人番号) check
 * digit, 9 - (Σ Pn×Qn mod 9) with Qn = 1 for odd n and 2 for even n,
 * counting n from the rightmost of the twelve base digits. Each example
 * below was checked against that rule (see test_check_digit_by_hand).
 */
#include <string.h>

#include "helpers.h"
#include "model/corpnum.h"

static const char *const valid[] = {
	"1180301018771",	/* トヨタ自動車株式会社 */
	"7000012050002",	/* 国税庁 */
	"5010401067252",	/* ソニーグループ株式会社 */
	"8000020130001",	/* 東京都 (000020 + 団体コード 130001) */
	"7000020010006",	/* 北海道 (000020 + 010006) */
	"8000020131016",	/* 千代田区 (000020 + 131016) */
};
#define NVALID (sizeof valid / sizeof valid[0])

static void test_known_numbers_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < NVALID; i++) {
		if (!kj_corpnum_valid(valid[i]))
			fail_msg("%s should be valid", valid[i]);
		assert_int_equal(kj_corpnum_check_digit(valid[i] + 1), valid[i][0] - '0');
	}
}

static void test_check_digit_by_hand(void **state)
{
	(void)state;
	/*
	 * 180301018771, from the right: 1·1 7·2 7·1 8·2 1·1 0·2 1·1 0·2 3·1
	 * 0·2 8·1 1·2 = 1+14+7+16+1+0+1+0+3+0+8+2 = 53; 53 mod 9 = 8; 9-8 = 1.
	 */
	assert_int_equal(kj_corpnum_check_digit("180301018771"), 1);
	/* A sum divisible by 9 gives 9, never 0. */
	assert_int_equal(kj_corpnum_check_digit("000000000000"), 9);
	assert_int_equal(kj_corpnum_check_digit("000000000009"), 9);
	assert_int_equal(kj_corpnum_check_digit("000000000001"), 8);
	assert_int_equal(kj_corpnum_check_digit("000000000010"), 7);	/* weight 2 */
}

static void test_every_single_digit_change_is_invalid(void **state)
{
	(void)state;
	for (size_t i = 0; i < NVALID; i++) {
		char s[14];
		for (int pos = 0; pos < 13; pos++) {
			for (char d = '0'; d <= '9'; d++) {
				memcpy(s, valid[i], 14);
				char was = s[pos];
				if (d == was)
					continue;
				s[pos] = d;
				/*
				 * Mod 9, a base digit changed between 0 and 9 moves the
				 * sum by 9 or 18 and is not caught: a property of the
				 * official rule, asserted so it stays visible.
				 */
				int blind = pos > 0 && ((was == '0' && d == '9') ||
							(was == '9' && d == '0'));
				if (kj_corpnum_valid(s) != blind)
					fail_msg("%s (from %s, position %d): valid=%d",
						 s, valid[i], pos, !blind);
			}
		}
	}
}

static void test_adjacent_swaps_are_caught(void **state)
{
	(void)state;
	/* Weights 1 and 2 alternate, so swapping unequal neighbours is caught. */
	for (size_t i = 0; i < NVALID; i++) {
		for (int pos = 1; pos < 12; pos++) {
			char s[14];
			memcpy(s, valid[i], 14);
			if (s[pos] == s[pos + 1])
				continue;
			int diff = s[pos] - s[pos + 1];
			char t = s[pos];
			s[pos] = s[pos + 1];
			s[pos + 1] = t;
			/* Only a difference of 9 (0 and 9) escapes mod 9. */
			assert_int_equal(kj_corpnum_valid(s), diff == 9 || diff == -9);
		}
	}
}

static void test_wrong_length(void **state)
{
	(void)state;
	assert_false(kj_corpnum_valid(""));
	assert_false(kj_corpnum_valid("118030101877"));		/* 12 */
	assert_false(kj_corpnum_valid("11803010187710"));	/* 14 */
	assert_false(kj_corpnum_valid("1180301018771 "));
	assert_false(kj_corpnum_valid(" 1180301018771"));
	assert_int_equal(kj_corpnum_check_digit("18030101877"), -1);
	assert_int_equal(kj_corpnum_check_digit("1803010187711"), -1);
	assert_int_equal(kj_corpnum_check_digit(""), -1);
}

static void test_non_digits(void **state)
{
	(void)state;
	assert_false(kj_corpnum_valid("118030101877a"));
	assert_false(kj_corpnum_valid("a180301018771"));
	assert_false(kj_corpnum_valid("1180301-18771"));
	assert_false(kj_corpnum_valid("+180301018771"));
	/* Full-width digits are not digits (and are 3 bytes each). */
	assert_false(kj_corpnum_valid("１１８０３０１０１８７７１"));
	assert_int_equal(kj_corpnum_check_digit("18030101877x"), -1);
	assert_int_equal(kj_corpnum_check_digit("1803 1018771"), -1);
	/* A digit that is one past '9' or before '0' in ASCII. */
	assert_false(kj_corpnum_valid("1180301018:71"));
	assert_false(kj_corpnum_valid("1180301018/71"));
}

static void test_null(void **state)
{
	(void)state;
	assert_false(kj_corpnum_valid(NULL));
	assert_int_equal(kj_corpnum_check_digit(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_numbers_valid),
		cmocka_unit_test(test_check_digit_by_hand),
		cmocka_unit_test(test_every_single_digit_change_is_invalid),
		cmocka_unit_test(test_adjacent_swaps_are_caught),
		cmocka_unit_test(test_wrong_length),
		cmocka_unit_test(test_non_digits),
		cmocka_unit_test(test_null),
	};
	return cmocka_run_group_tests_name("corpnum", tests, NULL, NULL);
}
