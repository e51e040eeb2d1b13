/*
 * Unit tests of src/base/util.c: error messages, number parsing, capped
 * file reading, string copies, fiscal years and UTF-8 validation.
 */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/wareki.h"
#include "helpers.h"
#include "base/util.h"

/* --- kj_parse_long ------------------------------------------------------ */

static void test_parse_long_good(void **state)
{
	(void)state;
	long v = 0;
	assert_int_equal(kj_parse_long("42", 0, 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(kj_parse_long("-7", -10, 10, &v), 0);
	assert_int_equal(v, -7);
	assert_int_equal(kj_parse_long("0", 0, 0, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(kj_parse_long("007", 0, 10, &v), 0);
	assert_int_equal(v, 7);
	/* The bounds are inclusive. */
	assert_int_equal(kj_parse_long("1", 1, 10, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(kj_parse_long("10", 1, 10, &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(kj_parse_long("9223372036854775807", LONG_MIN, LONG_MAX, &v), 0);
	assert_true(v == LONG_MAX);
	assert_int_equal(kj_parse_long("-9223372036854775808", LONG_MIN, LONG_MAX, &v), 0);
	assert_true(v == LONG_MIN);
}

static void test_parse_long_empty_and_null(void **state)
{
	(void)state;
	long v = 123;
	assert_int_equal(kj_parse_long("", 0, 100, &v), -1);
	assert_int_equal(kj_parse_long(NULL, 0, 100, &v), -1);
	assert_int_equal(kj_parse_long("-", -100, 100, &v), -1);
	assert_int_equal(v, 123);	/* untouched on failure */
}

static void test_parse_long_junk_suffix(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"12abc", "12 ", "1.5", "0x10", "10e2", "5\n", "abc", "1,000", "１２",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		long v = 123;
		if (kj_parse_long(bad[i], LONG_MIN, LONG_MAX, &v) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(v, 123);
	}
}

static void test_parse_long_overflow(void **state)
{
	(void)state;
	long v = 123;
	assert_int_equal(kj_parse_long("9223372036854775808", LONG_MIN, LONG_MAX, &v), -1);
	assert_int_equal(kj_parse_long("99999999999999999999999", LONG_MIN, LONG_MAX, &v), -1);
	assert_int_equal(kj_parse_long("-9223372036854775809", LONG_MIN, LONG_MAX, &v), -1);
	assert_int_equal(v, 123);
}

static void test_parse_long_out_of_range(void **state)
{
	(void)state;
	long v = 123;
	assert_int_equal(kj_parse_long("0", 1, 10, &v), -1);
	assert_int_equal(kj_parse_long("11", 1, 10, &v), -1);
	assert_int_equal(kj_parse_long("-1", 0, 10, &v), -1);
	assert_int_equal(kj_parse_long("200001", 1, 200000, &v), -1);
	assert_int_equal(v, 123);
}

static void test_parse_long_leading_space(void **state)
{
	(void)state;
	/*
	 * Regression (was a bug): kj_parse_long promises to parse "all of S", and rejects trailing
	 * space ("12 "), but strtol skips leading white space, so " 12" and
	 * "\n12" are accepted as 12 (src/base/util.c, kj_parse_long).
	 */
	long v = 123;
	assert_int_equal(kj_parse_long(" 12", 0, 100, &v), -1);
	assert_int_equal(kj_parse_long("\t12", 0, 100, &v), -1);
	assert_int_equal(v, 123);
}

/* --- kj_read_file -------------------------------------------------------- */

static void test_read_file_missing(void **state)
{
	(void)state;
	struct kj_err err = { "" };
	char sentinel;
	char *p = &sentinel;	/* must come back NULL */
	size_t n = 99;
	unlink("no-such-file");
	assert_int_equal(kj_read_file("no-such-file", 100, &p, &n, &err), -1);
	assert_null(p);
	assert_int_equal(n, 0);
	assert_non_null(strstr(err.msg, "no-such-file"));
}

static void test_read_file_directory(void **state)
{
	(void)state;
	struct kj_err err = { "" };
	char *p;
	size_t n;
	rmdir("a-directory");
	assert_int_equal(mkdir("a-directory", 0700), 0);
	assert_int_equal(kj_read_file("a-directory", 100, &p, &n, &err), -1);
	assert_null(p);
	assert_int_equal(n, 0);
	assert_non_null(strstr(err.msg, "a-directory"));
	assert_non_null(strstr(err.msg, "not a regular file"));
	rmdir("a-directory");
}

static void test_read_file_cap(void **state)
{
	(void)state;
	struct kj_err err = { "" };
	char *p;
	size_t n;
	assert_int_equal(th_write("ten-bytes", "0123456789", 10), 0);

	/* Exactly at the cap: read whole, NUL-terminated. */
	assert_int_equal(kj_read_file("ten-bytes", 10, &p, &n, &err), 0);
	assert_int_equal(n, 10);
	assert_string_equal(p, "0123456789");
	free(p);

	/* One byte over the cap: refused, nothing returned. */
	assert_int_equal(kj_read_file("ten-bytes", 9, &p, &n, &err), -1);
	assert_null(p);
	assert_int_equal(n, 0);
	assert_non_null(strstr(err.msg, "ten-bytes"));
	assert_non_null(strstr(err.msg, "too large"));
	unlink("ten-bytes");

	/* An empty file is an empty string. */
	assert_int_equal(th_write("empty", "", 0), 0);
	assert_int_equal(kj_read_file("empty", 0, &p, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_string_equal(p, "");
	free(p);
	unlink("empty");
}

static void test_read_file_binary_content(void **state)
{
	(void)state;
	struct kj_err err;
	char *p;
	size_t n;
	static const char data[] = { 'a', 0, 'b', (char)0xff, '\n' };
	assert_int_equal(th_write("binary", data, sizeof data), 0);
	assert_int_equal(kj_read_file("binary", sizeof data, &p, &n, &err), 0);
	assert_int_equal(n, sizeof data);
	assert_memory_equal(p, data, sizeof data);
	assert_int_equal(p[n], '\0');
	free(p);
	unlink("binary");
}

/* --- kj_strlcpy ----------------------------------------------------------- */

static void test_strlcpy(void **state)
{
	(void)state;
	char d[4];
	assert_int_equal(kj_strlcpy(d, "abc", sizeof d), 0);
	assert_string_equal(d, "abc");
	assert_int_equal(kj_strlcpy(d, "", sizeof d), 0);
	assert_string_equal(d, "");
	/* Too long by one: refused and DST left empty, never a cut string. */
	memcpy(d, "xyz", 4);
	assert_int_equal(kj_strlcpy(d, "abcd", sizeof d), -1);
	assert_string_equal(d, "");
	memcpy(d, "xyz", 4);
	assert_int_equal(kj_strlcpy(d, "a much longer string", sizeof d), -1);
	assert_string_equal(d, "");
	/* A size of 0 writes nothing at all. */
	memcpy(d, "xyz", 4);
	assert_int_equal(kj_strlcpy(d, "a", 0), -1);
	assert_string_equal(d, "xyz");
}

/* --- Fiscal years ----------------------------------------------------------- */

static void test_fiscal_year(void **state)
{
	(void)state;
	assert_int_equal(kj_fiscal_year(2026, 3), 2025);
	assert_int_equal(kj_fiscal_year(2026, 4), 2026);
	assert_int_equal(kj_fiscal_year(2026, 1), 2025);
	assert_int_equal(kj_fiscal_year(2026, 12), 2026);
	assert_int_equal(kj_fiscal_year(2027, 3), 2026);
}

static void test_fiscal_year_ja(void **state)
{
	(void)state;
	char s[32];
	assert_int_equal(kj_fiscal_year_text(2019, KJ_DATE_JA, s, sizeof s), 0);
	assert_string_equal(s, "令和元年度");
	assert_int_equal(kj_fiscal_year_text(2020, KJ_DATE_JA, s, sizeof s), 0);
	assert_string_equal(s, "令和2年度");
	assert_int_equal(kj_fiscal_year_text(2026, KJ_DATE_JA, s, sizeof s), 0);
	assert_string_equal(s, "令和8年度");
	assert_int_equal(kj_fiscal_year_text(2030, KJ_DATE_JA, s, sizeof s), 0);
	assert_string_equal(s, "令和12年度");
	/* March 2027 still belongs to 令和8年度. */
	assert_int_equal(kj_fiscal_year_text(kj_fiscal_year(2027, 3), KJ_DATE_JA, s, sizeof s), 0);
	assert_string_equal(s, "令和8年度");
	assert_int_equal(kj_fiscal_year_text(kj_fiscal_year(2027, 4), KJ_DATE_JA, s, sizeof s), 0);
	assert_string_equal(s, "令和9年度");
}

static void test_fiscal_year_ja_truncation(void **state)
{
	(void)state;
	char s[32];
	/* "令和元年度" is 15 bytes: 16 fit, 15 do not. */
	assert_int_equal(kj_fiscal_year_text(2019, KJ_DATE_JA, s, 16), 0);
	assert_string_equal(s, "令和元年度");
	assert_int_equal(kj_fiscal_year_text(2019, KJ_DATE_JA, s, 15), -1);
	assert_int_equal(kj_fiscal_year_text(2026, KJ_DATE_JA, s, 4), -1);
}

/* --- base/wareki.h: eras, JST, counts ------------------------------------- */

static void test_date_text_eras(void **state)
{
	(void)state;
	char s[64];
	assert_int_equal(kj_date_text("2026-12-04", KJ_DATE_JA, s, sizeof s), 0);
	assert_string_equal(s, "令和8年12月4日");
	assert_int_equal(kj_date_text("2026-12-04T19:25:00Z", KJ_DATE_JA_WESTERN, s, sizeof s), 0);
	assert_string_equal(s, "令和8年（2026年）12月4日");
	assert_int_equal(kj_date_text("2026-12-04", KJ_DATE_EN, s, sizeof s), 0);
	assert_string_equal(s, "4 Dec 2026");
	/* The boundaries of the eras: the first day of each is its 元年. */
	assert_int_equal(kj_date_text("2019-04-30", KJ_DATE_JA, s, sizeof s), 0);
	assert_string_equal(s, "平成31年4月30日");
	assert_int_equal(kj_date_text("2019-05-01", KJ_DATE_JA, s, sizeof s), 0);
	assert_string_equal(s, "令和元年5月1日");
	assert_int_equal(kj_date_text("1989-01-07", KJ_DATE_JA, s, sizeof s), 0);
	assert_string_equal(s, "昭和64年1月7日");
	assert_int_equal(kj_date_text("1989-01-08", KJ_DATE_JA, s, sizeof s), 0);
	assert_string_equal(s, "平成元年1月8日");
	/* Before 昭和 the Western year stands alone. */
	assert_int_equal(kj_date_text("1926-12-24", KJ_DATE_JA_WESTERN, s, sizeof s), 0);
	assert_string_equal(s, "1926年12月24日");
	/* Not a date: -1 and nothing written. */
	assert_int_equal(kj_date_text("2026-02-30", KJ_DATE_JA, s, sizeof s), -1);
	assert_string_equal(s, "");
	assert_int_equal(kj_date_text("", KJ_DATE_JA, s, sizeof s), -1);
	assert_int_equal(kj_date_text(NULL, KJ_DATE_EN, s, sizeof s), -1);
	assert_int_equal(kj_date_text("2026-12-04", KJ_DATE_JA, s, 10), -1);
	assert_string_equal(s, "");
}

static void test_time_text_jst(void **state)
{
	(void)state;
	char s[80];
	/* 19:25 UTC is 4:25 the next morning in Japan. */
	assert_int_equal(kj_time_text("2026-12-04T19:25:00Z", KJ_DATE_JA, s, sizeof s), 0);
	assert_string_equal(s, "令和8年12月5日 4:25 JST");
	assert_int_equal(kj_time_text("2026-12-04T19:25:00Z", KJ_DATE_EN, s, sizeof s), 0);
	assert_string_equal(s, "5 Dec 2026 04:25 JST");
	assert_int_equal(kj_time_text("2019-04-30T15:00:00Z", KJ_DATE_JA, s, sizeof s), 0);
	assert_string_equal(s, "令和元年5月1日 0:00 JST");
	assert_int_equal(kj_time_text("2026-12-04 19:25", KJ_DATE_JA, s, sizeof s), -1);
	assert_string_equal(s, "");
}

static void test_fiscal_year_text(void **state)
{
	(void)state;
	char s[64];
	assert_int_equal(kj_fiscal_year_text(2018, KJ_DATE_JA, s, sizeof s), 0);
	assert_string_equal(s, "平成30年度");
	assert_int_equal(kj_fiscal_year_text(1989, KJ_DATE_JA, s, sizeof s), 0);
	assert_string_equal(s, "平成元年度");
	assert_int_equal(kj_fiscal_year_text(2026, KJ_DATE_JA_WESTERN, s, sizeof s), 0);
	assert_string_equal(s, "令和8年度（2026年度）");
	assert_int_equal(kj_fiscal_year_text(2026, KJ_DATE_EN, s, sizeof s), 0);
	assert_string_equal(s, "FY2026");
	assert_int_equal(kj_fiscal_year_text(99999, KJ_DATE_JA, s, sizeof s), -1);
}

static void test_count_text(void **state)
{
	(void)state;
	char s[32];
	static const struct { long long v; const char *want; } cases[] = {
		{ 0, "0" }, { 999, "999" }, { 1000, "1,000" }, { 20000, "20,000" },
		{ 1181, "1,181" }, { 100000, "100,000" }, { -1234567, "-1,234,567" },
		{ LLONG_MIN, "-9,223,372,036,854,775,808" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(kj_count_text(cases[i].v, s, sizeof s), 0);
		assert_string_equal(s, cases[i].want);
	}
	/* "20,000" needs 7 bytes. */
	assert_int_equal(kj_count_text(20000, s, 7), 0);
	assert_int_equal(kj_count_text(20000, s, 6), -1);
	assert_string_equal(s, "");
}

/* --- kj_utf8_valid_text ------------------------------------------------------ */

#define VALID(lit) kj_utf8_valid_text(lit, sizeof(lit) - 1)

static void test_utf8_valid_japanese(void **state)
{
	(void)state;
	assert_true(VALID(""));
	assert_true(VALID("plain ASCII"));
	assert_true(VALID("重要インフラのサイバーセキュリティ対策のための統一基準"));
	assert_true(VALID("令和8年度\t第1回\n"));
	assert_true(VALID("\xc2\xa9"));			/* U+00A9, smallest 2-byte range */
	assert_true(VALID("\xe0\xa0\x80"));		/* U+0800 */
	assert_true(VALID("\xef\xbc\x9d"));		/* U+FF1D FULLWIDTH EQUALS */
	assert_true(VALID("\xf0\x9f\x98\x80"));		/* U+1F600 */
	assert_true(VALID("\xf4\x8f\xbf\xbf"));		/* U+10FFFF, the last */
	assert_true(VALID("\xed\x9f\xbf"));		/* U+D7FF, just below surrogates */
	assert_true(VALID("\xee\x80\x80"));		/* U+E000, just above */
}

static void test_utf8_overlong(void **state)
{
	(void)state;
	assert_false(VALID("\xc0\xaf"));		/* '/' in 2 bytes */
	assert_false(VALID("\xc1\xbf"));
	assert_false(VALID("\xc0\x80"));		/* NUL in 2 bytes */
	assert_false(VALID("\xe0\x80\xaf"));		/* '/' in 3 bytes */
	assert_false(VALID("\xe0\x9f\xbf"));		/* U+07FF in 3 bytes */
	assert_false(VALID("\xf0\x80\x80\xaf"));	/* '/' in 4 bytes */
	assert_false(VALID("\xf0\x8f\xbf\xbf"));	/* U+FFFF in 4 bytes */
}

static void test_utf8_surrogates_and_range(void **state)
{
	(void)state;
	assert_false(VALID("\xed\xa0\x80"));		/* U+D800 */
	assert_false(VALID("\xed\xbf\xbf"));		/* U+DFFF */
	assert_false(VALID("\xed\xa0\xbd\xed\xb8\x80"));	/* CESU-8 pair */
	assert_false(VALID("\xf4\x90\x80\x80"));	/* U+110000 */
	assert_false(VALID("\xf5\x80\x80\x80"));
	assert_false(VALID("\xf8\x88\x80\x80\x80"));	/* 5-byte form */
	assert_false(VALID("\xff"));
	assert_false(VALID("\xfe"));
}

static void test_utf8_broken_sequences(void **state)
{
	(void)state;
	assert_false(VALID("\x80"));			/* lone continuation */
	assert_false(VALID("a\xbf" "b"));
	assert_false(VALID("\xe3\x81"));		/* truncated "あ" */
	assert_false(VALID("\xe3\x81" "a"));		/* interrupted */
	assert_false(VALID("\xf0\x9f\x98"));
	assert_false(VALID("\xc3"));
	/* The length counts, not the NUL: a cut inside a character fails. */
	const char *s = "あ";
	assert_false(kj_utf8_valid_text(s, 2));
	assert_true(kj_utf8_valid_text(s, 3));
}

static void test_utf8_control_characters(void **state)
{
	(void)state;
	assert_false(VALID("a\x01" "b"));
	assert_false(VALID("\x1b[31m"));		/* terminal escape */
	assert_false(VALID("a\x7f"));			/* DEL */
	assert_false(VALID("\x0c"));			/* form feed */
	assert_false(VALID("\x08"));			/* backspace */
	assert_false(VALID("ab\0cd"));			/* embedded NUL */
	assert_true(VALID("tab\tand\nnewline"));
	/*
	 * Every other C0 control is refused. CR is left out on purpose: the
	 * code accepts it (so CRLF data files load) while util.h says only tab
	 * and newline; which one is meant is for the owner of util.c to settle.
	 */
	for (int c = 0; c < 0x20; c++) {
		if (c == '\r')
			continue;
		char s[2] = { (char)c, 'x' };
		int want = c == '\t' || c == '\n';
		if (kj_utf8_valid_text(s, 2) != want)
			fail_msg("control 0x%02x: got %d", c, !want);
	}
}

/* kj_text_no_controls: the same rule as kj_utf8_valid_text's on every byte
 * value, at every place in and around its eight-byte words. */
static void test_text_no_controls(void **state)
{
	(void)state;
	char s[40];
	assert_true(kj_text_no_controls("", 0));
	assert_true(kj_text_no_controls("重要インフラ\tのサイバー\r\nセキュリティ", 42));
	for (int c = 0; c < 256; c++) {
		int want = !((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f);
		for (size_t at = 0; at < sizeof s; at++) {
			memset(s, 'a', sizeof s);
			s[at] = (char)c;
			if (kj_text_no_controls(s, sizeof s) != want)
				fail_msg("byte 0x%02x at %zu: got %d", c, at, !want);
		}
		/* Beside bytes of multibyte characters, which must not hide it. */
		memset(s, 0xe3, sizeof s);
		s[17] = (char)c;
		if (c >= 0x80 || c == 0x7f || c < 0x20)
			assert_int_equal(kj_text_no_controls(s, sizeof s), want);
	}
}

/* UTF-8 decoded the long way, by code point: what kj_utf8_valid's word and
 * range shortcuts must agree with. */
static int utf8_by_code_point(const unsigned char *p, size_t n, int controls)
{
	for (size_t i = 0; i < n;) {
		unsigned c = p[i], need, cp, min;
		if (c < 0x80) {
			if (!controls && ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f))
				return 0;
			i++;
			continue;
		}
		if (c >= 0xc0 && c < 0xe0) {
			need = 1, cp = c & 0x1f, min = 0x80;
		} else if (c >= 0xe0 && c < 0xf0) {
			need = 2, cp = c & 0x0f, min = 0x800;
		} else if (c >= 0xf0 && c < 0xf8) {
			need = 3, cp = c & 0x07, min = 0x10000;
		} else {
			return 0;
		}
		if (n - i <= need)
			return 0;
		for (unsigned k = 1; k <= need; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += need + 1;
	}
	return 1;
}

/* kj_utf8_valid against the code-point decoder: every lead and second byte,
 * at places in and around its eight-byte words, in ASCII and in Japanese
 * text; then random mixes of the bytes that matter. */
static void test_utf8_valid_agrees(void **state)
{
	(void)state;
	static const unsigned char thirds[] = { 0x80, 0xbf, 0x41, 0xc0 };
	static const size_t places[] = { 0, 7, 8, 21 };
	unsigned char s[32];
	for (int bg = 0; bg < 2; bg++)
		for (unsigned c = 0; c < 256; c++)
			for (unsigned b1 = 0; b1 < 256; b1++)
				for (size_t t = 0; t < 2 * sizeof thirds; t++)
					for (size_t a = 0; a < sizeof places / sizeof *places; a++) {
						for (size_t i = 0; i < sizeof s; i++)
							s[i] = bg ? "\xe3\x81\x82"[i % 3] : 'a';
						size_t at = bg ? places[a] / 3 * 3 : places[a];
						s[at] = (unsigned char)c;
						s[at + 1] = (unsigned char)b1;
						s[at + 2] = thirds[t / 2];
						if (t % 2)	/* a fourth byte, or the text goes on */
							s[at + 3] = 0x80;
						for (int ctl = 0; ctl < 2; ctl++)
							if (kj_utf8_valid((const char *)s, sizeof s, ctl) !=
							    utf8_by_code_point(s, sizeof s, ctl))
								fail_msg("%02x %02x %02x at %zu (controls %d)", c,
									 b1, thirds[t / 2], at, ctl);
					}
	static const unsigned char bytes[] = { 'a', '\t', '\r', '\n', 0x01, 0x1f, 0x7f, 0x80,
					       0x9f, 0xa0, 0xbf, 0xc2, 0xdf, 0xe0, 0xe3, 0xed,
					       0xef, 0xf0, 0xf4, 0xf5 };
	unsigned seed = 12345;
	for (int r = 0; r < 200000; r++) {
		size_t n = (size_t)(r % 30);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			/* Mostly plain bytes, so that the valid strings are many. */
			unsigned pick = (seed >> 16) % (2 * sizeof bytes);
			s[i] = pick < sizeof bytes ? bytes[pick] : "\xe3\x81\x82"[i % 3];
		}
		for (int ctl = 0; ctl < 2; ctl++)
			if (kj_utf8_valid((const char *)s, n, ctl) != utf8_by_code_point(s, n, ctl))
				fail_msg("random string %d (controls %d)", r, ctl);
	}
}

/* kj_textf: snprintf whose cut text stays whole characters. */
static void test_textf_cuts_on_characters(void **state)
{
	(void)state;
	char out[8];
	kj_textf(out, sizeof out, "%s:%d", "ab", 42);
	assert_string_equal(out, "ab:42");
	kj_textf(out, sizeof out, "%s", "abcdefghij");		/* ASCII: cut at 7 bytes */
	assert_string_equal(out, "abcdefg");
	kj_textf(out, sizeof out, "%s", "分野分野");		/* 3-byte characters */
	assert_string_equal(out, "分野");
	kj_textf(out, sizeof out, "a%s", "分野分野");		/* "a" + 2 whole + 1 byte cut */
	assert_string_equal(out, "a分野");
	kj_textf(out, 3, "%s", "分");				/* not even one character fits */
	assert_string_equal(out, "");
	for (size_t n = 1; n <= sizeof out; n++) {
		kj_textf(out, n, "%s", "é漢😀x");
		assert_true(kj_utf8_valid_text(out, strlen(out)));
	}
}

/* --- kj_err ----------------------------------------------------------------- */

static void test_err_set_truncates(void **state)
{
	(void)state;
	struct kj_err e;
	char big[2 * KJ_ERR_MAX];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	kj_err_set(&e, "%s", big);
	assert_int_equal(strlen(e.msg), KJ_ERR_MAX - 1);
	kj_err_set(NULL, "ignored %d", 1);	/* a NULL sink is allowed */
	kj_err_prefix(NULL, "ignored %d", 1);
}

static void test_err_prefix_short(void **state)
{
	(void)state;
	struct kj_err e;
	kj_err_set(&e, "cannot open %s", "x.json");
	kj_err_prefix(&e, "catalog %s", "2026");
	assert_string_equal(e.msg, "catalog 2026: cannot open x.json");
	kj_err_prefix(&e, "init");
	assert_string_equal(e.msg, "init: catalog 2026: cannot open x.json");
}

static void test_err_prefix_long_message(void **state)
{
	(void)state;
	struct kj_err e;
	char m[KJ_ERR_MAX];
	/* A full message (511 bytes) with a short prefix: cut at the end. */
	memset(m, 'm', sizeof m - 1);
	m[sizeof m - 1] = '\0';
	kj_err_set(&e, "%s", m);
	assert_int_equal(strlen(e.msg), KJ_ERR_MAX - 1);
	kj_err_prefix(&e, "ctx");
	assert_int_equal(strlen(e.msg), KJ_ERR_MAX - 1);
	assert_memory_equal(e.msg, "ctx: mmm", 8);
	for (size_t i = 5; i < KJ_ERR_MAX - 1; i++)
		assert_int_equal(e.msg[i], 'm');
}

static void test_err_prefix_long_prefix(void **state)
{
	(void)state;
	struct kj_err e;
	char h[3 * KJ_ERR_MAX];
	memset(h, 'h', sizeof h - 1);
	h[sizeof h - 1] = '\0';
	kj_err_set(&e, "the reason");
	/* A prefix longer than the whole message: the prefix fills it. */
	kj_err_prefix(&e, "%s", h);
	assert_int_equal(strlen(e.msg), KJ_ERR_MAX - 1);
	for (size_t i = 0; i < KJ_ERR_MAX - 1; i++)
		assert_int_equal(e.msg[i], 'h');
	/* Both halves long: still bounded and NUL-terminated. */
	memset(h, 'm', KJ_ERR_MAX);
	h[KJ_ERR_MAX] = '\0';
	kj_err_set(&e, "%s", h);
	memset(h, 'p', 400);
	h[400] = '\0';
	kj_err_prefix(&e, "%s", h);
	assert_int_equal(strlen(e.msg), KJ_ERR_MAX - 1);
	assert_int_equal(e.msg[399], 'p');
	assert_memory_equal(e.msg + 400, ": m", 3);
	assert_int_equal(e.msg[KJ_ERR_MAX - 2], 'm');
}

/* --- kj_now_iso -------------------------------------------------------------- */

static void test_now_iso_shape(void **state)
{
	(void)state;
	char s[32];
	kj_now_iso(s);
	assert_int_equal(strlen(s), 20);
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	for (int i = 0; i < 20; i++) {
		if (shape[i] == 'd')
			assert_true(isdigit((unsigned char)s[i]));
		else
			assert_int_equal(s[i], shape[i]);
	}
}

/* ISO 8601 UTC text to Unix seconds: known instants, and refusals. */
static void test_iso_to_unix(void **state)
{
	(void)state;
	int64_t t;
	assert_int_equal(kj_iso_to_unix("1970-01-01T00:00:00Z", &t), 0);
	assert_int_equal(t, 0);
	assert_int_equal(kj_iso_to_unix("2026-10-01T00:00:00Z", &t), 0);
	assert_int_equal(t, 1790812800);
	assert_int_equal(kj_iso_to_unix("2024-02-29T12:34:56Z", &t), 0);
	assert_int_equal(t, 1709210096);
	assert_int_equal(kj_iso_to_unix("1969-12-31T23:59:59Z", &t), 0);
	assert_int_equal(t, -1);
	static const char *const bad[] = { "", "2026-10-01", "2026-10-01T00:00:00",
		"2026-13-01T00:00:00Z", "2026-10-01 00:00:00Z", "2026-10-01T24:00:00Z",
		"2026-10-01T00:00:00+09", "x026-10-01T00:00:00Z" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(kj_iso_to_unix(bad[i], &t), -1);
	assert_int_equal(kj_iso_to_unix(NULL, &t), -1);
}

/* The one hex-digit reader of the URL, cookie and CSV decoders. */
static void test_hex_value(void **state)
{
	(void)state;
	const char *digits = "0123456789abcdef", *upper = "ABCDEF";
	for (int i = 0; i < 16; i++)
		assert_int_equal(kj_hex_value(digits[i]), i);
	for (int i = 0; i < 6; i++)
		assert_int_equal(kj_hex_value(upper[i]), 10 + i);
	static const char bad[] = { 'g', 'G', '/', ':', '@', '`', ' ', '\0', (char)0xef };
	for (size_t i = 0; i < sizeof bad; i++)
		assert_int_equal(kj_hex_value(bad[i]), -1);
}

static void test_utf8_prefix(void **state)
{
	(void)state;
	assert_int_equal(kj_utf8_prefix("abc", 10), 3);
	assert_int_equal(kj_utf8_prefix("abc", 2), 2);
	assert_int_equal(kj_utf8_prefix("日本", 6), 6);
	assert_int_equal(kj_utf8_prefix("日本", 5), 3);	/* not half of 本 */
	assert_int_equal(kj_utf8_prefix("日本", 2), 0);
	assert_int_equal(kj_utf8_prefix("", 0), 0);
}

/* The one date check of every input: real days of 1900 to 2999. */
static void test_date_valid(void **state)
{
	(void)state;
	assert_true(kj_date_valid("2026-12-04"));
	assert_true(kj_date_valid("2028-02-29"));
	assert_true(kj_date_valid("1900-01-01"));
	assert_true(kj_date_valid("2999-12-31"));
	assert_false(kj_date_valid("2026-02-29"));
	assert_false(kj_date_valid("1899-12-31"));
	assert_false(kj_date_valid("3000-01-01"));
	assert_false(kj_date_valid("2026-13-01"));
	assert_false(kj_date_valid("2026-1-01"));
	assert_false(kj_date_valid("２０２６-01-01"));
	assert_false(kj_date_valid(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iso_to_unix),
		cmocka_unit_test(test_hex_value),
		cmocka_unit_test(test_date_valid),
		cmocka_unit_test(test_utf8_prefix),
		cmocka_unit_test(test_parse_long_good),
		cmocka_unit_test(test_parse_long_empty_and_null),
		cmocka_unit_test(test_parse_long_junk_suffix),
		cmocka_unit_test(test_parse_long_overflow),
		cmocka_unit_test(test_parse_long_out_of_range),
		cmocka_unit_test(test_parse_long_leading_space),
		cmocka_unit_test(test_read_file_missing),
		cmocka_unit_test(test_read_file_directory),
		cmocka_unit_test(test_read_file_cap),
		cmocka_unit_test(test_read_file_binary_content),
		cmocka_unit_test(test_strlcpy),
		cmocka_unit_test(test_fiscal_year),
		cmocka_unit_test(test_fiscal_year_ja),
		cmocka_unit_test(test_fiscal_year_ja_truncation),
		cmocka_unit_test(test_date_text_eras),
		cmocka_unit_test(test_time_text_jst),
		cmocka_unit_test(test_fiscal_year_text),
		cmocka_unit_test(test_count_text),
		cmocka_unit_test(test_utf8_valid_japanese),
		cmocka_unit_test(test_utf8_overlong),
		cmocka_unit_test(test_utf8_surrogates_and_range),
		cmocka_unit_test(test_utf8_broken_sequences),
		cmocka_unit_test(test_utf8_control_characters),
		cmocka_unit_test(test_text_no_controls),
		cmocka_unit_test(test_utf8_valid_agrees),
		cmocka_unit_test(test_textf_cuts_on_characters),
		cmocka_unit_test(test_err_set_truncates),
		cmocka_unit_test(test_err_prefix_short),
		cmocka_unit_test(test_err_prefix_long_message),
		cmocka_unit_test(test_err_prefix_long_prefix),
		cmocka_unit_test(test_now_iso_shape),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
