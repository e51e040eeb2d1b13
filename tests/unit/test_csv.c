/*
 * Unit tests of src/export/csv.c: the byte-order mark, RFC 4180 quoting, and
 * the neutralisation of fields that a spreadsheet would run as formulas.
 * Output goes to a memory stream and is compared byte for byte.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "export/csv.h"

struct mem {
	FILE *f;
	char *data;
	size_t len;
};

static void mem_open(struct mem *m)
{
	m->data = NULL;
	m->len = 0;
	m->f = open_memstream(&m->data, &m->len);
	assert_non_null(m->f);
}

/* Closes the stream and compares what was written with WANT. */
static void mem_expect(struct mem *m, const char *want)
{
	assert_int_equal(fclose(m->f), 0);
	if (m->len != strlen(want) || memcmp(m->data, want, m->len))
		fail_msg("wrote [%.*s], want [%s]", (int)m->len, m->data, want);
	free(m->data);
}

/* The bytes that one last field with VALUE makes. */
static void expect_field(const char *value, const char *want)
{
	struct mem m;
	mem_open(&m);
	assert_int_equal(kj_csv_field(m.f, value, 1), 0);
	mem_expect(&m, want);
}

static void test_is_formula(void **state)
{
	(void)state;
	assert_true(kj_csv_is_formula("=1+1"));
	assert_true(kj_csv_is_formula("+81-3-1234-5678"));
	assert_true(kj_csv_is_formula("-2"));
	assert_true(kj_csv_is_formula("@SUM(A1)"));
	assert_true(kj_csv_is_formula("\t=1"));
	assert_true(kj_csv_is_formula("\r=1"));
	assert_true(kj_csv_is_formula("="));
	assert_false(kj_csv_is_formula("plain text"));
	assert_false(kj_csv_is_formula("重要インフラ"));
	assert_false(kj_csv_is_formula("3.2.1-1"));
	assert_false(kj_csv_is_formula("a=b"));
	assert_false(kj_csv_is_formula(" =1"));
	assert_false(kj_csv_is_formula("\n=1"));
	assert_false(kj_csv_is_formula(""));
	assert_false(kj_csv_is_formula(NULL));
}

static void test_begin_writes_bom(void **state)
{
	(void)state;
	struct mem m;
	mem_open(&m);
	assert_int_equal(kj_csv_begin(m.f), 0);
	assert_int_equal(kj_csv_field(m.f, "id", 0), 0);
	assert_int_equal(kj_csv_field(m.f, "名前", 1), 0);
	mem_expect(&m, "\xef\xbb\xbf\"id\",\"名前\"\r\n");
}

static void test_plain_fields_and_row_ends(void **state)
{
	(void)state;
	struct mem m;
	mem_open(&m);
	assert_int_equal(kj_csv_field(m.f, "a", 0), 0);
	assert_int_equal(kj_csv_field(m.f, NULL, 0), 0);
	assert_int_equal(kj_csv_field(m.f, "", 1), 0);
	assert_int_equal(kj_csv_field(m.f, "統一基準", 1), 0);
	mem_expect(&m, "\"a\",\"\",\"\"\r\n\"統一基準\"\r\n");
}

static void test_quoting(void **state)
{
	(void)state;
	expect_field("a,b", "\"a,b\"\r\n");
	expect_field("say \"hi\"", "\"say \"\"hi\"\"\"\r\n");
	expect_field("\"", "\"\"\"\"\r\n");
	expect_field("line1\nline2", "\"line1\nline2\"\r\n");
	expect_field("line1\r\nline2", "\"line1\r\nline2\"\r\n");
	expect_field("x,\"y\"\nz", "\"x,\"\"y\"\"\nz\"\r\n");
}

static void test_formula_neutralised(void **state)
{
	(void)state;
	expect_field("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"\r\n");
	expect_field("=1+1", "\"'=1+1\"\r\n");
	expect_field("+1", "\"'+1\"\r\n");
	expect_field("-1", "\"'-1\"\r\n");
	expect_field("@SUM(A1:A9)", "\"'@SUM(A1:A9)\"\r\n");
	expect_field("\t=1", "\"'\t=1\"\r\n");
	expect_field("\r=1", "\"'\r=1\"\r\n");
	expect_field("=cmd|' /C calc'!A0,\"x\"", "\"'=cmd|' /C calc'!A0,\"\"x\"\"\"\r\n");
	/* Not the first character: left as it is. */
	expect_field("a=1", "\"a=1\"\r\n");
}

static void test_formula_in_middle_of_row(void **state)
{
	(void)state;
	struct mem m;
	mem_open(&m);
	assert_int_equal(kj_csv_field(m.f, "3.2.1-1", 0), 0);
	assert_int_equal(kj_csv_field(m.f, "=1", 0), 0);
	assert_int_equal(kj_csv_field(m.f, "end", 1), 0);
	mem_expect(&m, "\"3.2.1-1\",\"'=1\",\"end\"\r\n");
}

static void test_write_error_reported(void **state)
{
	(void)state;
	/* A stream opened for reading cannot be written: every call says so. */
	FILE *f = fopen(KJ_STANDARD_DIR "/standard.json", "r");
	assert_non_null(f);
	assert_int_equal(kj_csv_begin(f), -1);
	assert_int_equal(kj_csv_field(f, "a", 1), -1);
	assert_int_equal(kj_csv_field(f, "=a", 1), -1);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_is_formula),
		cmocka_unit_test(test_begin_writes_bom),
		cmocka_unit_test(test_plain_fields_and_row_ends),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_formula_neutralised),
		cmocka_unit_test(test_formula_in_middle_of_row),
		cmocka_unit_test(test_write_error_reported),
	};
	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
