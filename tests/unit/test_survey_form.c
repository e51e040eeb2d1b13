/*
 * Unit tests of the offline answer form: model/survey_form.c (the sealed
 * identifier, the full check of a returned form) with the writers
 * export/form_xlsx.c and export/form_csv.c and the readers of
 * model/table*.c. A form is written, filled (the writers themselves write
 * the filled answers: the helper fill() below), read back and checked;
 * every bad file of the issue is refused naming its cell: another
 * operator's or survey's form, a changed question set, an edited
 * identifier, heading or fixed cell, a level off the scale, N/A without a
 * reason, a bad own answer, a damaged zip, a file that is no workbook, a
 * zip bomb, bad UTF-8; CP932 CSV reads as UTF-8 does. The use cases on a
 * database (both engines) are tested by tests/cli/survey_form.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "export/form_csv.h"
#include "export/form_xlsx.h"
#include "helpers.h"
#include "model/survey_form.h"

#define NROWS 5

struct fixture {
	struct kj_answer_form f;
	struct kj_form_row rows[NROWS];
};

/* A form of three requirements and two own questions, answered nowhere. */
static void make(struct fixture *x)
{
	static const char *const items[NROWS] = { "3.1.1-1", "3.1.1-2", "3.2.1-1", "Q1", "Q2" };
	static const char *const texts[NROWS] = {
		"経営層は、サイバーセキュリティを経営上の重要課題として認識すること。",
		"体制を整備すること。\n責任者を定めること。",
		"=1+1 で始まる要求事項",	/* a formula-looking text, neutralised in CSV */
		"専任の担当者はいますか。", "担当者の人数を記入してください。",
	};
	memset(x, 0, sizeof *x);
	x->f.survey = 7;
	x->f.fy = 2026;
	snprintf(x->f.corporate_number, sizeof x->f.corporate_number, "1234567890123");
	x->f.org_name = "東京テスト電力株式会社";
	x->f.title = "令和8年度 調査";
	x->f.version = "2026";
	x->f.revision = 4;
	x->f.rows = x->rows;
	x->f.nrows = NROWS;
	for (int i = 0; i < NROWS; i++) {
		struct kj_form_row *r = &x->rows[i];
		snprintf(r->item, sizeof r->item, "%s", items[i]);
		r->function = i < 3 ? (i < 2 ? "ガバナンス" : "特定") : "";
		r->text = texts[i];
		r->question = i >= 3;
		r->kind = i == 3 ? KJ_Q_YESNO : KJ_Q_NUMBER;
		r->required = 1;
		r->answer = r->na_reason = r->note = r->evidence = r->last = "";
	}
	x->rows[0].last = kj_form_level_choice(2);
	assert_int_equal(kj_form_seal(&x->f), 0);
}

/* The helper that fills a form: the writers write these answers. */
static void fill(struct fixture *x)
{
	x->rows[0].answer = "3: 実施";
	x->rows[0].note = "年次で見直し\n取締役会に報告";
	x->rows[0].evidence = "規程 第3条";
	x->rows[1].answer = "該当なし";
	x->rows[1].na_reason = "子会社がないため";
	x->rows[2].answer = "0";
	x->rows[2].note = "=SUM(A1)";	/* a formula-looking comment */
	x->rows[3].answer = "はい";
	x->rows[4].answer = "12";
}

static char *xlsx_bytes(const struct kj_answer_form *f, size_t *len)
{
	struct kj_err err;
	assert_int_equal(kj_form_write_xlsx("form.xlsx", f, &err), 0);
	char *d = th_slurp("form.xlsx", len);
	assert_non_null(d);
	return d;
}

static char *csv_bytes(const struct kj_answer_form *f, size_t *len)
{
	/* The stream's buffer pointer on the heap: GCC would otherwise take the
	 * returned buffer for this frame's local once the function is inlined. */
	char **d = calloc(1, sizeof *d);
	assert_non_null(d);
	FILE *m = open_memstream(d, len);
	assert_non_null(m);
	assert_int_equal(kj_form_write_csv(m, f), 0);
	assert_int_equal(fclose(m), 0);
	char *out = *d;
	free(d);
	return out;
}

/* Reads DATA and checks it against WANT; the table in T (free it). */
static void check(const struct kj_answer_form *want, const char *data, size_t len,
		  int submit, struct kj_table *t, struct kj_form_check *c)
{
	struct kj_err err;
	assert_int_equal(kj_table_read(t, data, len, &err), 0);
	assert_int_equal(kj_form_check(want, t, submit, c), 0);
}

/* The form's first error, which must name CELL and say WHAT (English). */
static void refused(const struct kj_answer_form *want, const char *data, size_t len,
		    const char *cell, const char *what)
{
	struct kj_table t;
	struct kj_form_check c;
	check(want, data, len, 0, &t, &c);
	assert_true(c.nerrors >= 1);
	assert_int_equal(c.nanswers, 0);
	assert_string_equal(c.errors[0].column, cell);
	if (!strstr(c.errors[0].reason_en, what))
		fail_msg("'%s' does not say '%s'", c.errors[0].reason_en, what);
	assert_non_null(strstr(c.errors[0].reason_ja, "セル"));
	kj_form_check_free(&c);
	kj_table_free(&t);
}

static void test_identifier(void **state)
{
	(void)state;
	struct fixture x;
	struct kj_form_id id;
	make(&x);
	assert_null(kj_form_id_parse(x.f.id, &id));
	assert_int_equal(id.survey, 7);
	assert_string_equal(id.corporate_number, "1234567890123");
	assert_string_equal(id.digest, x.f.digest);
	assert_int_equal(id.revision, 4);
	/* Edited by hand: the revision, the survey, a digit of the MAC. */
	char bad[KJ_FORM_ID_MAX];
	snprintf(bad, sizeof bad, "%s", x.f.id);
	char *rev = strstr(bad, ".4.");
	assert_non_null(rev);
	rev[1] = '9';
	assert_non_null(strstr(kj_form_id_parse(bad, &id)->en, "edited"));
	snprintf(bad, sizeof bad, "%s", x.f.id);
	bad[5] = '8';
	assert_non_null(strstr(kj_form_id_parse(bad, &id)->en, "edited"));
	snprintf(bad, sizeof bad, "%s", x.f.id);
	bad[strlen(bad) - 1] = bad[strlen(bad) - 1] == '0' ? '1' : '0';
	assert_non_null(kj_form_id_parse(bad, &id));
	/* Malformed. */
	assert_non_null(strstr(kj_form_id_parse("", &id)->en, "cannot be read"));
	assert_non_null(kj_form_id_parse("KJF1.7", &id));
	assert_non_null(kj_form_id_parse(NULL, &id));
	assert_non_null(kj_form_id_parse("KJF1.7.123.abc.4.def", &id));
	/* A changed question set gives another digest. */
	struct fixture y;
	make(&y);
	y.rows[2].text = "別の要求事項";
	assert_int_equal(kj_form_seal(&y.f), 0);
	assert_string_not_equal(x.f.digest, y.f.digest);
	/* Cells. */
	char cell[16];
	kj_form_cell(11, 2, cell);
	assert_string_equal(cell, "C12");
	kj_form_cell(0, 27, cell);
	assert_string_equal(cell, "AB1");
}

/* Written, filled, read back: the same answers, in xlsx, CSV and CP932 CSV. */
static void round_trip(int format)
{
	struct fixture x;
	struct kj_table t;
	struct kj_form_check c;
	size_t len;
	make(&x);
	fill(&x);
	char *d = format == 0 ? xlsx_bytes(&x.f, &len) : csv_bytes(&x.f, &len);
	if (format == 2) {
		struct kj_err err;
		assert_int_equal(kj_csv_to_cp932(&d, &len, &err), 0);
	}
	check(&x.f, d, len, 1, &t, &c);
	if (c.nerrors)
		fail_msg("%s", c.errors[0].reason_en);
	assert_int_equal(t.encoding, format == 0 ? KJ_ENC_XLSX
				     : format == 1 ? KJ_ENC_UTF8_BOM : KJ_ENC_CP932);
	assert_int_equal(c.nanswers, NROWS);
	assert_string_equal(c.answers[0].item, "3.1.1-1");
	assert_string_equal(c.answers[0].level, "3: 実施");
	assert_string_equal(c.answers[0].note, "年次で見直し\n取締役会に報告");
	assert_string_equal(c.answers[0].evidence, "規程 第3条");
	assert_string_equal(c.answers[1].level, "該当なし");
	assert_string_equal(c.answers[1].na_reason, "子会社がないため");
	assert_string_equal(c.answers[2].level, "0");
	assert_string_equal(c.answers[2].note, "=SUM(A1)");
	assert_int_equal(c.answers[3].question, 1);
	assert_string_equal(c.answers[3].value, "はい");
	assert_string_equal(c.answers[4].value, "12");
	assert_string_equal(c.answers[4].item, "Q2");
	kj_form_check_free(&c);
	kj_table_free(&t);
	free(d);
}

static void test_round_trip_xlsx(void **state)
{
	(void)state;
	round_trip(0);
}

static void test_round_trip_csv(void **state)
{
	(void)state;
	round_trip(1);
}

static void test_round_trip_cp932(void **state)
{
	(void)state;
	round_trip(2);
}

/* A blank form is good as a draft; with submit each required item is named. */
static void test_blank(void **state)
{
	(void)state;
	struct fixture x;
	struct kj_table t;
	struct kj_form_check c;
	size_t len;
	make(&x);
	char *d = csv_bytes(&x.f, &len);
	check(&x.f, d, len, 0, &t, &c);
	assert_int_equal(c.nerrors, 0);
	assert_int_equal(c.nanswers, NROWS);
	kj_form_check_free(&c);
	kj_table_free(&t);
	check(&x.f, d, len, 1, &t, &c);
	assert_int_equal(c.nerrors, NROWS);
	assert_string_equal(c.errors[0].column, "D3");
	assert_string_equal(c.errors[4].column, "D7");
	assert_non_null(strstr(c.errors[0].reason_en, "not answered"));
	kj_form_check_free(&c);
	kj_table_free(&t);
	free(d);
}

/* Each bad form of the issue, in the format written by WRITE. */
static void bad_forms(char *(*write)(const struct kj_answer_form *, size_t *))
{
	struct fixture want, x;
	size_t len;
	char *d;
	make(&want);
	/* Another operator's form. */
	make(&x);
	snprintf(x.f.corporate_number, sizeof x.f.corporate_number, "9876543210987");
	assert_int_equal(kj_form_seal(&x.f), 0);
	d = write(&x.f, &len);
	refused(&want.f, d, len, "B1", "another operator (corporate number 9876543210987)");
	free(d);
	/* Another survey's. */
	make(&x);
	x.f.survey = 8;
	assert_int_equal(kj_form_seal(&x.f), 0);
	d = write(&x.f, &len);
	refused(&want.f, d, len, "B1", "another survey (survey 8)");
	free(d);
	/* A changed question set. */
	make(&x);
	x.rows[4].kind = KJ_Q_TEXT;
	assert_int_equal(kj_form_seal(&x.f), 0);
	d = write(&x.f, &len);
	refused(&want.f, d, len, "B1", "questions changed");
	free(d);
	/* An edited fixed cell: the requirement of row 4. */
	make(&x);
	x.rows[1].text = "体制を整備すること（書き換え）。";
	d = write(&x.f, &len);
	refused(&want.f, d, len, "C4", "fixed cell");
	free(d);
	/* An edited item. */
	make(&x);
	snprintf(x.rows[2].item, sizeof x.rows[2].item, "3.2.1-9");
	d = write(&x.f, &len);
	refused(&want.f, d, len, "A5", "should be \"3.2.1-1\"");
	free(d);
	/* An edited heading. */
	make(&x);
	d = write(&x.f, &len);
	{
		char *h = strstr(d, "コメント");
		if (h) {	/* CSV: edit it in place; xlsx is checked through the table */
			memcpy(h, "コメソト", strlen("コメント"));
			refused(&want.f, d, len, "F2", "heading");
		}
	}
	free(d);
	/* A level off the scale. */
	make(&x);
	x.rows[0].answer = "7";
	d = write(&x.f, &len);
	refused(&want.f, d, len, "D3", "0 to 4");
	free(d);
	/* N/A without a reason. */
	make(&x);
	x.rows[1].answer = "該当なし";
	d = write(&x.f, &len);
	refused(&want.f, d, len, "E4", "reason");
	free(d);
	/* A reason without N/A. */
	make(&x);
	x.rows[1].answer = "2";
	x.rows[1].na_reason = "理由";
	d = write(&x.f, &len);
	refused(&want.f, d, len, "E4", "reason");
	free(d);
	/* A comment without a level. */
	make(&x);
	x.rows[2].note = "コメントだけ";
	d = write(&x.f, &len);
	refused(&want.f, d, len, "D5", "needs an answer");
	free(d);
	/* An own question's bad value, and one in a column it does not use. */
	make(&x);
	x.rows[4].answer = "十二";
	d = write(&x.f, &len);
	refused(&want.f, d, len, "D7", "");
	free(d);
	make(&x);
	x.rows[3].answer = "はい";
	x.rows[3].note = "補足";
	d = write(&x.f, &len);
	refused(&want.f, d, len, "F6", "column D only");
	free(d);
}

static void test_bad_xlsx(void **state)
{
	(void)state;
	bad_forms(xlsx_bytes);
}

static void test_bad_csv(void **state)
{
	(void)state;
	bad_forms(csv_bytes);
}

/* Rows after the last question, and a form that is not a kijun form. */
static void test_extra_rows(void **state)
{
	(void)state;
	struct fixture x;
	size_t len;
	make(&x);
	char *d = csv_bytes(&x.f, &len);
	char *more = malloc(len + 64);
	assert_non_null(more);
	memcpy(more, d, len);
	memcpy(more + len, "3.9.9-9,,,3,,,,\r\n", 17);
	refused(&x.f, more, len + 17, "A8", "does not have");
	free(more);
	const char other[] = "法人番号,名称\r\n1234567890123,テスト\r\n";
	refused(&x.f, other, sizeof other - 1, "A1", "not a kijun answer form");
	free(d);
}

/* Files that are not forms at all: refused by the reader, naming why. */
static void unreadable(const char *data, size_t len, const char *what)
{
	struct kj_table t;
	struct kj_err err;
	assert_int_equal(kj_table_read(&t, data, len, &err), -1);
	if (!strstr(err.msg, what))
		fail_msg("'%s' does not say '%s'", err.msg, what);
}

static void test_unreadable(void **state)
{
	(void)state;
	struct fixture x;
	size_t len;
	make(&x);
	char *d = xlsx_bytes(&x.f, &len);
	/* A damaged zip: cut short, and its parts' data overwritten (the
	 * central directory, from the first "PK\1\2", left whole). */
	unreadable(d, len / 2, "corrupt");
	size_t cd = 0;
	for (size_t i = 0; i + 4 <= len && !cd; i++)
		if (!memcmp(d + i, "PK\1\2", 4))
			cd = i;
	assert_true(cd > 200);
	memset(d + 100, 0xAA, cd - 200);
	unreadable(d, len, "corrupt");
	free(d);
	/* Not a workbook: a zip of something else, and binary junk. */
	zip_error_t ze;
	zip_error_init(&ze);
	zip_t *z = zip_open("other.zip", ZIP_CREATE | ZIP_TRUNCATE, NULL);
	assert_non_null(z);
	zip_source_t *s = zip_source_buffer(z, "hello", 5, 0);
	assert_true(zip_file_add(z, "readme.txt", s, 0) >= 0);
	assert_int_equal(zip_close(z), 0);
	zip_error_fini(&ze);
	d = th_slurp("other.zip", &len);
	unreadable(d, len, "not an xlsx workbook");
	free(d);
	const char junk[] = "\x89PNG\r\n\x1a\n\xff\xfe\x00\x01";
	unreadable(junk, sizeof junk - 1, "");
	/* Bad UTF-8 (neither UTF-8 nor CP932) in a CSV form. */
	char *csv = csv_bytes(&x.f, &len);
	const char *e = strstr(csv, "専任");
	assert_non_null(e);
	size_t at = (size_t)(e - csv);
	csv[at] = (char)0xFF;
	csv[at + 1] = (char)0xFF;
	unreadable(csv, len, "");
	free(csv);
}

/*
 * A zip bomb: a workbook whose sheet inflates to more than the reader's cap
 * (four times the upload limit). It is refused at the cap, not read.
 */
static void test_zip_bomb(void **state)
{
	(void)state;
	struct fixture x;
	size_t len, big = (size_t)KJ_TABLE_FILE_MAX * 4u + 4096u;
	make(&x);
	char *d = xlsx_bytes(&x.f, &len);
	assert_int_equal(th_write("bomb.xlsx", d, len), 0);
	free(d);
	char *pad = malloc(big);
	assert_non_null(pad);
	static const char head[] = "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas."
				   "openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
	memcpy(pad, head, sizeof head - 1);
	memset(pad + sizeof head - 1, ' ', big - (sizeof head - 1));
	zip_t *z = zip_open("bomb.xlsx", 0, NULL);
	assert_non_null(z);
	zip_source_t *s = zip_source_buffer(z, pad, big, 0);
	assert_true(zip_file_add(z, "xl/worksheets/sheet1.xml", s, ZIP_FL_OVERWRITE) >= 0);
	assert_int_equal(zip_close(z), 0);
	free(pad);
	d = th_slurp("bomb.xlsx", &len);
	assert_true(len < (size_t)KJ_TABLE_FILE_MAX);	/* small on the wire */
	unreadable(d, len, "too large");
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identifier),
		cmocka_unit_test(test_round_trip_xlsx),
		cmocka_unit_test(test_round_trip_csv),
		cmocka_unit_test(test_round_trip_cp932),
		cmocka_unit_test(test_blank),
		cmocka_unit_test(test_bad_xlsx),
		cmocka_unit_test(test_bad_csv),
		cmocka_unit_test(test_extra_rows),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_zip_bomb),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
