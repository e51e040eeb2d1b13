/*
 * Unit tests of src/base/json.c: the depth limit applied before jansson,
 * duplicate keys, and error messages that name the line and column.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "base/json.h"
#include "base/limits.h"

/* DEPTH opening brackets (alternating [ and {"k": ), then the closings. */
static char *nested(int depth, int objects)
{
	size_t cap = (size_t)depth * 8 + 16, n = 0;
	char *s = malloc(cap);
	assert_non_null(s);
	for (int i = 0; i < depth; i++) {
		const char *open = objects && i % 2 ? "{\"k\":" : "[";
		memcpy(s + n, open, strlen(open));
		n += strlen(open);
	}
	s[n++] = '1';
	for (int i = depth - 1; i >= 0; i--)
		s[n++] = objects && i % 2 ? '}' : ']';
	s[n] = '\0';
	return s;
}

static void test_depth_ok_limit(void **state)
{
	(void)state;
	for (int objects = 0; objects <= 1; objects++) {
		char *at = nested(KJ_JSON_DEPTH_MAX, objects);
		char *over = nested(KJ_JSON_DEPTH_MAX + 1, objects);
		assert_true(kj_json_depth_ok(at, strlen(at), KJ_JSON_DEPTH_MAX));
		assert_false(kj_json_depth_ok(over, strlen(over), KJ_JSON_DEPTH_MAX));
		free(at);
		free(over);
	}
	assert_true(kj_json_depth_ok("1", 1, 0));
	assert_false(kj_json_depth_ok("[]", 2, 0));
	/* Siblings do not add up: depth is nesting, not count. */
	const char *wide = "[[],[],[],[],[],[],[],[]]";
	assert_true(kj_json_depth_ok(wide, strlen(wide), 2));
}

static void test_parse_at_depth_limit(void **state)
{
	(void)state;
	struct kj_err err;
	char *at = nested(KJ_JSON_DEPTH_MAX, 1);
	json_t *j = kj_json_parse(at, strlen(at), "at.json", &err);
	assert_non_null(j);
	json_decref(j);
	free(at);
}

static void test_parse_deep_refused(void **state)
{
	(void)state;
	struct kj_err err = { "" };
	char *deep = nested(100, 0);
	assert_null(kj_json_parse(deep, strlen(deep), "deep.json", &err));
	assert_non_null(strstr(err.msg, "deep.json"));
	assert_non_null(strstr(err.msg, "nested deeper than 32"));
	free(deep);
	/* Depth past the limit is refused even when the text is cut short. */
	char open[200];
	memset(open, '[', sizeof open);
	assert_null(kj_json_parse(open, sizeof open, "open.json", &err));
	assert_non_null(strstr(err.msg, "nested deeper"));
}

static void test_brackets_in_strings_do_not_count(void **state)
{
	(void)state;
	struct kj_err err = { "" };
	char text[512];
	char br[101];
	memset(br, '[', 50);
	memset(br + 50, '{', 50);
	br[100] = '\0';
	snprintf(text, sizeof text, "{\"a\": \"%s\", \"b\": [\"%s\"]}", br, br);
	assert_true(kj_json_depth_ok(text, strlen(text), 2));
	json_t *j = kj_json_parse(text, strlen(text), "s.json", &err);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "a")), br);
	json_decref(j);

	/* An escaped quote does not end the string; an escaped backslash does not hide the quote. */
	const char *esc = "[\"\\\"[[[[[[\", \"\\\\\", \"]]]]\\\"{{{{\"]";
	assert_true(kj_json_depth_ok(esc, strlen(esc), 1));
	j = kj_json_parse(esc, strlen(esc), "esc.json", &err);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_array_get(j, 0)), "\"[[[[[[");
	assert_string_equal(json_string_value(json_array_get(j, 1)), "\\");
	json_decref(j);

	/* Brackets after a string has closed count again. */
	const char *after = "[\"x\", [[1]]]";
	assert_true(kj_json_depth_ok(after, strlen(after), 3));
	assert_false(kj_json_depth_ok(after, strlen(after), 2));
}

static void test_duplicate_keys_refused(void **state)
{
	(void)state;
	struct kj_err err = { "" };
	const char *dup = "{\"a\":1,\"a\":2}";
	assert_null(kj_json_parse(dup, strlen(dup), "dup.json", &err));
	assert_non_null(strstr(err.msg, "dup.json"));
	assert_non_null(strstr(err.msg, "duplicate"));

	const char *inner = "{\n \"o\": {\n  \"k\": 1,\n  \"k\": 1\n }\n}";
	assert_null(kj_json_parse(inner, strlen(inner), "inner.json", &err));
	assert_non_null(strstr(err.msg, "line 4"));
	assert_non_null(strstr(err.msg, "duplicate"));

	/* The same key in different objects is fine. */
	const char *ok = "[{\"a\":1},{\"a\":2}]";
	json_t *j = kj_json_parse(ok, strlen(ok), "ok.json", &err);
	assert_non_null(j);
	json_decref(j);
}

static void test_error_names_line_and_column(void **state)
{
	(void)state;
	struct kj_err err = { "" };
	const char *bad = "{\n  \"a\": 1,\n  \"b\": ]\n}";
	assert_null(kj_json_parse(bad, strlen(bad), "requirements.json", &err));
	assert_string_equal(err.msg, "requirements.json: invalid JSON at line 3, "
			    "column 8: unexpected token near ']'");

	const char *cut = "[1, 2";
	assert_null(kj_json_parse(cut, strlen(cut), "cut.json", &err));
	assert_non_null(strstr(err.msg, "cut.json: invalid JSON at line 1, column "));
}

static void test_parse_respects_length(void **state)
{
	(void)state;
	struct kj_err err = { "" };
	const char *text = "[1, \"二\"]garbage";
	json_t *j = kj_json_parse(text, 10, "len.json", &err);
	assert_non_null(j);
	assert_int_equal(json_array_size(j), 2);
	assert_int_equal(json_integer_value(json_array_get(j, 0)), 1);
	assert_string_equal(json_string_value(json_array_get(j, 1)), "二");
	json_decref(j);
	assert_null(kj_json_parse(text, strlen(text), "len.json", &err));
	assert_non_null(strstr(err.msg, "end of file expected"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_depth_ok_limit),
		cmocka_unit_test(test_parse_at_depth_limit),
		cmocka_unit_test(test_parse_deep_refused),
		cmocka_unit_test(test_brackets_in_strings_do_not_count),
		cmocka_unit_test(test_duplicate_keys_refused),
		cmocka_unit_test(test_error_names_line_and_column),
		cmocka_unit_test(test_parse_respects_length),
	};
	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
