/*
 * Unit tests of src/model/cell_text.c: the text of a spreadsheet cell as
 * officials type it (full-width spaces and digits, lists separated by 、 or
 * line breaks), which the operator-list validator reads through it.
 */
#include <string.h>

#include "helpers.h"
#include "base/util.h"
#include "model/cell_text.h"

static void test_trim(void **state)
{
	(void)state;
	char out[64];
	kj_cell_trim("  電力 ", out);
	assert_string_equal(out, "電力");
	kj_cell_trim("\xe3\x80\x80" "金融\xe3\x80\x80", out);		/* U+3000 both sides */
	assert_string_equal(out, "金融");
	kj_cell_trim("\xc2\xa0" "a b\t\r\n", out);			/* no-break space, line end */
	assert_string_equal(out, "a b");
	kj_cell_trim("\xe3\x80\x80 \t", out);				/* spaces only */
	assert_string_equal(out, "");
	kj_cell_trim("", out);
	assert_string_equal(out, "");
}

static void test_cut_and_snippet(void **state)
{
	(void)state;
	assert_int_equal((int)kj_utf8_prefix("abc", 10), 3);
	assert_int_equal((int)kj_utf8_prefix("分野", 4), 3);		/* never half a character */
	assert_int_equal((int)kj_utf8_prefix("分野", 2), 0);
	char q[80];
	kj_cell_snippet("short", q);
	assert_string_equal(q, "short");
	char long_text[200];
	memset(long_text, 'x', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	kj_cell_snippet(long_text, q);
	assert_int_equal(strlen(q), 60 + strlen("…"));
	assert_string_equal(q + 60, "…");
	kj_cell_snippet("あいうえおかきくけこさしすせそたちつてとなにぬねの", q);	/* 75 bytes */
	assert_int_equal(strlen(q), 60 + strlen("…"));		/* 20 whole characters */
}

static void test_digits(void **state)
{
	(void)state;
	char out[16];
	assert_int_equal(kj_cell_narrow_digits("０３－１２３４", out, sizeof out), 0);
	assert_string_equal(out, "03-1234");
	assert_int_equal(kj_cell_narrow_digits("12345678901234567890", out, sizeof out), -1);
	assert_true(kj_cell_all_digits("130001", 6));
	assert_false(kj_cell_all_digits("13000", 6));
	assert_false(kj_cell_all_digits("13000a", 6));
	assert_false(kj_cell_all_digits("１３０００１", 6));		/* full width: narrow first */
}

static void test_formula_and_controls(void **state)
{
	(void)state;
	assert_true(kj_cell_formula("=SUM(A1)"));
	assert_true(kj_cell_formula("+1"));
	assert_true(kj_cell_formula("-1"));
	assert_true(kj_cell_formula("@x"));
	assert_false(kj_cell_formula("a=b"));
	assert_true(kj_cell_has_control("a\tb"));
	assert_true(kj_cell_has_control("a\nb"));
	assert_true(kj_cell_has_control("a\x7f"));
	assert_false(kj_cell_has_control("東京都 千代田区"));
	static const char *const words[] = { "はい", "yes", "true", NULL };
	assert_int_equal(kj_cell_word("YES", words), 1);
	assert_int_equal(kj_cell_word("はい", words), 0);
	assert_int_equal(kj_cell_word("no", words), -1);
}

static void test_list(void **state)
{
	(void)state;
	const char *v = "電力、 金融；ガス\r\n水道,,情報通信・物流";
	char tok[128], one[128];
	const char *want[] = { "電力", "金融", "ガス", "水道", "", "情報通信", "物流" };
	int n = 0;
	for (const char *p = v; kj_cell_list_next(&p, tok, one); n++) {
		assert_true(n < 7);
		assert_string_equal(one, want[n]);
	}
	assert_int_equal(n, 7);
	const char *empty = "";
	assert_int_equal(kj_cell_list_next(&empty, tok, one), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_cut_and_snippet),
		cmocka_unit_test(test_digits),
		cmocka_unit_test(test_formula_and_controls),
		cmocka_unit_test(test_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
