/*
 * The answer scale (model/answer.c): levels as typed in forms, CSV and
 * xlsx cells, the checks of an answer and of a survey's own questions and
 * their answers.
 */
#include <string.h>

#include "helpers.h"

#include "model/answer.h"

static void test_level_parse(void **state)
{
	(void)state;
	static const struct { const char *in; int level; } good[] = {
		{ "0", 0 }, { "4", 4 }, { " 3 ", 3 }, { "\xEF\xBC\x92", 2 }, { "na", KJ_LEVEL_NA },
		{ "N/A", KJ_LEVEL_NA }, { "該当なし", KJ_LEVEL_NA }, { "-: 該当なし", KJ_LEVEL_NA },
		{ "実施", 3 }, { "3: 実施", 3 }, { "0: 未実施", 0 }, { "", KJ_LEVEL_NONE },
		{ "\xE3\x80\x80", KJ_LEVEL_NONE }, { NULL, KJ_LEVEL_NONE },
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		int level = 99;
		assert_null(kj_level_parse(good[i].in, &level));
		assert_int_equal(level, good[i].level);
	}
	static const char *const bad[] = { "5", "-1", "3: 未実施", "three", "33", "4.0",
					   "na na" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int level;
		const struct kj_answer_fault *f = kj_level_parse(bad[i], &level);
		assert_non_null(f);
		assert_true(strlen(f->ja) > 0 && strlen(f->en) > 0);
	}
	char huge[200];
	memset(huge, '3', sizeof huge - 1);
	huge[sizeof huge - 1] = '\0';
	int level;
	assert_non_null(kj_level_parse(huge, &level));
	assert_string_equal(kj_level_code(KJ_LEVEL_NA), "na");
	assert_string_equal(kj_level_code(KJ_LEVEL_NONE), "");
	assert_string_equal(kj_level_label_ja(3), "実施");
}

static void test_answer_check(void **state)
{
	(void)state;
	assert_null(kj_answer_check(3, NULL, "ok\n二行目", "doc-1"));
	assert_null(kj_answer_check(KJ_LEVEL_NA, "理由", NULL, NULL));
	assert_null(kj_answer_check(KJ_LEVEL_NONE, NULL, "", ""));
	assert_non_null(kj_answer_check(KJ_LEVEL_NA, "", NULL, NULL));
	assert_non_null(kj_answer_check(2, "理由", NULL, NULL));
	assert_non_null(kj_answer_check(KJ_LEVEL_NONE, NULL, "comment", NULL));
	assert_non_null(kj_answer_check(7, NULL, NULL, NULL));
	assert_non_null(kj_answer_check(3, NULL, "tab\there", NULL));
	assert_non_null(kj_answer_check(3, NULL, NULL, "two\nlines"));
	assert_non_null(kj_answer_check(3, NULL, "\xff\xfe", NULL));
	static char note[4 * KJ_ANSWER_NOTE_MAX + 8];
	size_t k = 0;
	for (int i = 0; i < KJ_ANSWER_NOTE_MAX; i++, k += 3)
		memcpy(note + k, "あ", 3);
	note[k] = '\0';
	assert_null(kj_answer_check(3, NULL, note, NULL));
	memcpy(note + k, "a", 2);
	assert_non_null(kj_answer_check(3, NULL, note, NULL));
}

static void test_questions(void **state)
{
	(void)state;
	assert_int_equal(kj_question_kind_parse("choice"), KJ_Q_CHOICE);
	assert_int_equal(kj_question_kind_parse("nosuch"), -1);
	assert_string_equal(kj_question_kind_name(KJ_Q_YESNO), "yesno");
	assert_null(kj_question_check(KJ_Q_CHOICE, "どれ？", "", "A\nB\nC"));
	assert_non_null(kj_question_check(KJ_Q_CHOICE, "どれ？", "", "A\nA"));
	assert_non_null(kj_question_check(KJ_Q_CHOICE, "どれ？", "", "A"));
	assert_non_null(kj_question_check(KJ_Q_TEXT, "", "", NULL));
	/* Only spaces (ASCII, ideographic) and line breaks: no text. */
	assert_non_null(kj_question_check(KJ_Q_TEXT, "  \xE3\x80\x80 \n\t", "", NULL));
	assert_null(kj_question_check(KJ_Q_TEXT, " \xE3\x80\x80何？", "", NULL));
	assert_non_null(kj_question_check(KJ_Q_TEXT, "何？", "", "A\nB"));
	char out[KJ_ANSWER_VALUE_BYTES];
	assert_null(kj_question_value(KJ_Q_YESNO, NULL, " はい ", out, sizeof out));
	assert_string_equal(out, "yes");
	assert_non_null(kj_question_value(KJ_Q_YESNO, NULL, "maybe", out, sizeof out));
	assert_null(kj_question_value(KJ_Q_NUMBER, NULL, "-12.5", out, sizeof out));
	assert_string_equal(out, "-12.5");
	assert_non_null(kj_question_value(KJ_Q_NUMBER, NULL, "1234567890123456", out, sizeof out));
	assert_non_null(kj_question_value(KJ_Q_NUMBER, NULL, "1.", out, sizeof out));
	assert_null(kj_question_value(KJ_Q_CHOICE, "A\nB", "B", out, sizeof out));
	assert_non_null(kj_question_value(KJ_Q_CHOICE, "A\nB", "C", out, sizeof out));
	assert_null(kj_question_value(KJ_Q_LEVEL, NULL, "該当なし", out, sizeof out));
	assert_string_equal(out, "na");
	assert_null(kj_question_value(KJ_Q_TEXT, NULL, "", out, sizeof out));
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_level_parse),
		cmocka_unit_test(test_answer_check),
		cmocka_unit_test(test_questions),
	};
	return cmocka_run_group_tests_name("answer", tests, NULL, NULL);
}
