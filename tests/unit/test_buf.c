/* Unit tests of src/base/buf.c: the capped growable buffer. */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "base/buf.h"

static void test_empty_buffer_reads_as_empty_string(void **state)
{
	(void)state;
	struct kj_buf b;
	kj_buf_init(&b, 100);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_string_equal(kj_buf_str(&b), "");
	kj_buf_free(&b);
}

static void test_appends(void **state)
{
	(void)state;
	struct kj_buf b;
	kj_buf_init(&b, 100);
	assert_int_equal(kj_buf_adds(&b, "abc"), 0);
	assert_int_equal(kj_buf_addc(&b, '-'), 0);
	assert_int_equal(kj_buf_add(&b, "xyz123", 3), 0);
	assert_int_equal(kj_buf_add(&b, NULL, 0), 0);
	assert_int_equal(kj_buf_adds(&b, ""), 0);
	assert_int_equal(b.len, 7);
	assert_string_equal(kj_buf_str(&b), "abc-xyz");
	assert_int_equal(b.data[b.len], '\0');
	/* Embedded NUL bytes are kept: the length, not strlen, is the size. */
	assert_int_equal(kj_buf_add(&b, "a\0b", 3), 0);
	assert_int_equal(b.len, 10);
	assert_memory_equal(b.data + 7, "a\0b", 3);
	kj_buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.max, 100);
}

static void test_printf_grows_past_initial_allocation(void **state)
{
	(void)state;
	struct kj_buf b;
	kj_buf_init(&b, 1u << 20);
	char big[3000];
	memset(big, 'q', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(kj_buf_printf(&b, "%d:", 42), 0);
	assert_int_equal(kj_buf_printf(&b, "[%s]", big), 0);
	assert_int_equal(kj_buf_printf(&b, "%s", "令和"), 0);
	size_t want = 3 + 1 + (sizeof big - 1) + 1 + strlen("令和");
	assert_int_equal(b.len, want);
	assert_true(b.cap > want);
	assert_int_equal(strlen(kj_buf_str(&b)), want);
	assert_memory_equal(b.data, "42:[qqq", 7);
	assert_string_equal(b.data + want - strlen("]令和"), "]令和");
	/* Many small appends keep the contents intact across reallocations. */
	for (int i = 0; i < 1000; i++)
		assert_int_equal(kj_buf_printf(&b, "%03d", i % 1000), 0);
	assert_int_equal(b.len, want + 3000);
	assert_memory_equal(b.data + want, "000001002", 9);
	assert_string_equal(b.data + b.len - 3, "999");
	kj_buf_free(&b);
}

static void test_cap_is_exact(void **state)
{
	(void)state;
	struct kj_buf b;
	kj_buf_init(&b, 8);
	assert_int_equal(kj_buf_adds(&b, "12345678"), 0);	/* exactly the cap */
	assert_int_equal(b.len, 8);
	assert_string_equal(kj_buf_str(&b), "12345678");
	assert_false(kj_buf_failed(&b));
	assert_int_equal(kj_buf_addc(&b, '9'), -1);		/* one past it */
	assert_true(kj_buf_failed(&b));
	kj_buf_free(&b);
}

/* curl's dynbuf rule: a failed append frees the contents and refuses the rest. */
static void test_append_past_cap_fails_and_sticks(void **state)
{
	(void)state;
	struct kj_buf b;
	kj_buf_init(&b, 10);
	assert_int_equal(kj_buf_adds(&b, "hello"), 0);
	assert_false(kj_buf_failed(&b));
	assert_int_equal(kj_buf_adds(&b, "world!"), -1);	/* 11 > 10 */
	assert_true(kj_buf_failed(&b));
	/* The half-built text is gone, not kept to be sent cut. */
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_string_equal(kj_buf_str(&b), "");
	/* Every later append is refused, even one that would fit. */
	assert_int_equal(kj_buf_adds(&b, "w"), -1);
	assert_int_equal(kj_buf_addc(&b, 'w'), -1);
	assert_int_equal(kj_buf_add(&b, "", 0), -1);
	assert_int_equal(kj_buf_printf(&b, "%d", 1), -1);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_true(kj_buf_failed(&b));
	/* Detaching a failed buffer hands over nothing and clears the failure. */
	assert_null(kj_buf_detach(&b));
	assert_false(kj_buf_failed(&b));
	assert_int_equal(b.max, 10);
	assert_int_equal(kj_buf_adds(&b, "again"), 0);
	assert_string_equal(kj_buf_str(&b), "again");
	kj_buf_free(&b);
}

static void test_overflowing_length_fails(void **state)
{
	(void)state;
	struct kj_buf b;
	kj_buf_init(&b, 10);
	assert_int_equal(kj_buf_adds(&b, "hello"), 0);
	/* A length that would overflow size_t is refused, not wrapped. */
	assert_int_equal(kj_buf_add(&b, "x", SIZE_MAX - 2), -1);
	assert_true(kj_buf_failed(&b));
	assert_null(b.data);
	kj_buf_free(&b);
	assert_int_equal(kj_buf_adds(&b, "hello"), 0);
	assert_int_equal(kj_buf_add(&b, "x", SIZE_MAX), -1);
	assert_true(kj_buf_failed(&b));
	assert_int_equal(b.len, 0);
	kj_buf_free(&b);
}

static void test_printf_past_cap_on_empty_buffer(void **state)
{
	(void)state;
	struct kj_buf b;
	kj_buf_init(&b, 4);
	assert_int_equal(kj_buf_printf(&b, "%d", 12345), -1);
	assert_true(kj_buf_failed(&b));
	assert_int_equal(b.len, 0);
	assert_string_equal(kj_buf_str(&b), "");
	assert_int_equal(kj_buf_printf(&b, "%d", 1234), -1);	/* would fit: still refused */
	assert_string_equal(kj_buf_str(&b), "");
	/* A reset clears the failure: the whole cap is there again. */
	kj_buf_reset(&b);
	assert_false(kj_buf_failed(&b));
	assert_int_equal(kj_buf_printf(&b, "%d", 1234), 0);
	assert_string_equal(kj_buf_str(&b), "1234");
	kj_buf_free(&b);
}

static void test_detach_hands_over_and_resets(void **state)
{
	(void)state;
	struct kj_buf b;
	kj_buf_init(&b, 64);
	assert_int_equal(kj_buf_adds(&b, "owned"), 0);
	char *p = kj_buf_detach(&b);
	assert_non_null(p);
	assert_string_equal(p, "owned");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_int_equal(b.max, 64);
	assert_string_equal(kj_buf_str(&b), "");
	/* The buffer is usable again and does not share P. */
	assert_int_equal(kj_buf_adds(&b, "again"), 0);
	assert_string_equal(kj_buf_str(&b), "again");
	assert_string_equal(p, "owned");
	free(p);
	kj_buf_free(&b);

	/* Detaching an empty buffer gives an empty string, not NULL. */
	kj_buf_init(&b, 64);
	p = kj_buf_detach(&b);
	assert_non_null(p);
	assert_string_equal(p, "");
	free(p);
}

static void test_reset_empties_and_keeps_allocation(void **state)
{
	(void)state;
	struct kj_buf b;
	kj_buf_init(&b, 16);
	kj_buf_reset(&b);	/* on a never-used buffer: harmless */
	assert_string_equal(kj_buf_str(&b), "");
	assert_int_equal(kj_buf_adds(&b, "0123456789abcdef"), 0);
	char *data = b.data;
	kj_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(kj_buf_str(&b), "");
	assert_ptr_equal(b.data, data);
	/* After a reset the whole cap is available again. */
	assert_int_equal(kj_buf_adds(&b, "fedcba9876543210"), 0);
	assert_string_equal(kj_buf_str(&b), "fedcba9876543210");
	assert_int_equal(kj_buf_addc(&b, 'x'), -1);
	kj_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_buffer_reads_as_empty_string),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_printf_grows_past_initial_allocation),
		cmocka_unit_test(test_cap_is_exact),
		cmocka_unit_test(test_append_past_cap_fails_and_sticks),
		cmocka_unit_test(test_overflowing_length_fails),
		cmocka_unit_test(test_printf_past_cap_on_empty_buffer),
		cmocka_unit_test(test_detach_hands_over_and_resets),
		cmocka_unit_test(test_reset_empties_and_keeps_allocation),
	};
	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
