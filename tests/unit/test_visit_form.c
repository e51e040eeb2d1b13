/*
 * Unit tests of an on-site visit's offline record form (issue 15): the
 * questionnaire's form code (model/survey_form.c, export/form_xlsx.c,
 * export/form_csv.c, model/table*.c) with the kind KJ_FORM_KIND_VISIT. A
 * form is written, filled by the writers themselves (fill() below), read
 * back and checked: the round trip in xlsx and CSV; and every bad file
 * refused naming its cell: a form of another visit, a questionnaire's form
 * given as a visit's (and a visit's identifier under the questionnaire's
 * mark), a changed scope, an edited fixed cell (the requirement, the
 * self-reported level), a level off the scale, N/A without a reason, a
 * damaged zip, a file that is no workbook, a zip bomb. The use cases on a
 * database (both engines) are tested by tests/cli/onsite_visit.sh and
 * tests/web/test_web_onsite_visit.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "export/form_csv.h"
#include "export/form_xlsx.h"
#include "helpers.h"
#include "model/survey_form.h"

#define NROWS 3

struct fixture {
	struct kj_answer_form f;
	struct kj_form_row rows[NROWS];
};

/* Visit 7 of three requirements, none recorded; the operator said 2, N/A, nothing. */
static void make(struct fixture *x, enum kj_form_kind kind)
{
	static const char *const items[NROWS] = { "3.2.1-1", "3.2.1-2", "3.4.1-1" };
	memset(x, 0, sizeof *x);
	x->f.kind = kind;
	x->f.survey = 7;
	x->f.fy = 2026;
	snprintf(x->f.corporate_number, sizeof x->f.corporate_number, "1234567890123");
	x->f.org_name = "東京テスト電力株式会社";
	x->f.title = "令和8年度 実地調査";
	x->f.version = "2026";
	x->f.revision = 3;
	x->f.rows = x->rows;
	x->f.nrows = NROWS;
	for (int i = 0; i < NROWS; i++) {
		struct kj_form_row *r = &x->rows[i];
		snprintf(r->item, sizeof r->item, "%s", items[i]);
		r->function = i < 2 ? "組織統治" : "防御";
		r->text = i == 1 ? "体制を整備すること。\n責任者を定めること。" : "要求事項の本文";
		r->kind = KJ_Q_LEVEL;
		r->choices = "";
		r->answer = r->na_reason = r->note = r->evidence = r->last = "";
	}
	x->rows[0].last = kj_form_level_choice(2);
	x->rows[1].last = kj_form_level_choice(KJ_LEVEL_NA);
	x->rows[2].last = "（回答なし）";
	assert_int_equal(kj_form_seal(&x->f), 0);
}

static void fill(struct fixture *x)
{
	x->rows[0].answer = "1: 検討中";
	x->rows[0].note = "規程はあるが運用されていない\n記録なし";
	x->rows[0].evidence = "規程 第3条、運用記録";
	x->rows[1].answer = "該当なし";
	x->rows[1].na_reason = "子会社がないため";
	x->rows[2].answer = "4";
}

static char *xlsx_bytes(const struct kj_answer_form *f, size_t *len)
{
	struct kj_err err;
	assert_int_equal(kj_form_write_xlsx("visit.xlsx", f, &err), 0);
	char *d = th_slurp("visit.xlsx", len);
	assert_non_null(d);
	return d;
}

static char *csv_bytes(const struct kj_answer_form *f, size_t *len)
{
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

static void check(const struct kj_answer_form *want, const char *data, size_t len,
		  struct kj_table *t, struct kj_form_check *c)
{
	struct kj_err err;
	assert_int_equal(kj_table_read(t, data, len, &err), 0);
	assert_int_equal(kj_form_check(want, t, 0, c), 0);
}

static void refused(const struct kj_answer_form *want, const char *data, size_t len,
		    const char *cell, const char *what)
{
	struct kj_table t;
	struct kj_form_check c;
	check(want, data, len, &t, &c);
	assert_true(c.nerrors >= 1);
	assert_int_equal(c.nanswers, 0);
	assert_string_equal(c.errors[0].column, cell);
	if (!strstr(c.errors[0].reason_en, what))
		fail_msg("'%s' does not say '%s'", c.errors[0].reason_en, what);
	kj_form_check_free(&c);
	kj_table_free(&t);
}

static void test_identifier(void **state)
{
	(void)state;
	struct fixture x;
	struct kj_form_id id;
	make(&x, KJ_FORM_KIND_VISIT);
	assert_int_equal(strncmp(x.f.id, "KJV1.7.1234567890123.", 21), 0);
	assert_null(kj_form_id_parse_kind(KJ_FORM_KIND_VISIT, x.f.id, &id));
	assert_int_equal(id.survey, 7);
	assert_int_equal(id.revision, 3);
	/* Not a questionnaire's identifier, nor one with the prefix changed. */
	assert_non_null(kj_form_id_parse(x.f.id, &id));
	char forged[KJ_FORM_ID_MAX];
	memcpy(forged, x.f.id, sizeof forged);
	memcpy(forged, "KJF1", 4);
	assert_non_null(kj_form_id_parse(forged, &id));
	/* The same scope as a questionnaire's form has another digest and MAC. */
	struct fixture q;
	make(&q, KJ_FORM_KIND_ANSWER);
	assert_string_not_equal(q.f.digest, x.f.digest);
}

static void round_trip(char *(*write)(const struct kj_answer_form *, size_t *))
{
	struct fixture want, x;
	struct kj_table t;
	struct kj_form_check c;
	size_t len;
	make(&want, KJ_FORM_KIND_VISIT);
	make(&x, KJ_FORM_KIND_VISIT);
	fill(&x);
	char *d = write(&x.f, &len);
	check(&want.f, d, len, &t, &c);
	if (c.nerrors)
		fail_msg("%s", c.errors[0].reason_en);
	assert_int_equal(c.nanswers, NROWS);
	assert_int_equal(c.id.kind, KJ_FORM_KIND_VISIT);
	assert_int_equal(c.id.revision, 3);
	assert_string_equal(kj_table_cell(&t, 0, 0), KJ_FORM_VISIT_MARK);
	assert_string_equal(kj_table_cell(&t, 1, KJ_FC_LEVEL), "確認した水準(0-4/該当なし)");
	assert_string_equal(kj_table_cell(&t, 1, KJ_FC_NOTE), "指摘事項");
	assert_string_equal(c.answers[0].level, "1: 検討中");
	assert_string_equal(c.answers[0].note, "規程はあるが運用されていない\n記録なし");
	assert_string_equal(c.answers[0].evidence, "規程 第3条、運用記録");
	assert_string_equal(c.answers[1].level, "該当なし");
	assert_string_equal(c.answers[1].na_reason, "子会社がないため");
	assert_string_equal(c.answers[2].level, "4");
	kj_form_check_free(&c);
	kj_table_free(&t);
	free(d);
}

static void test_round_trip_xlsx(void **state)
{
	(void)state;
	round_trip(xlsx_bytes);
	/* The sheet is named for the record and its fixed cells are locked. */
	size_t len;
	struct fixture x;
	make(&x, KJ_FORM_KIND_VISIT);
	char *d = xlsx_bytes(&x.f, &len);
	zip_t *z = zip_open("visit.xlsx", ZIP_RDONLY, NULL);
	assert_non_null(z);
	zip_file_t *wb = zip_fopen(z, "xl/workbook.xml", 0);
	assert_non_null(wb);
	char buf[4096] = "";
	zip_int64_t n = zip_fread(wb, buf, sizeof buf - 1);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_non_null(strstr(buf, "name=\"記録\""));
	zip_fclose(wb);
	zip_file_t *sh = zip_fopen(z, "xl/worksheets/sheet1.xml", 0);
	assert_non_null(sh);
	n = zip_fread(sh, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = '\0';
	assert_non_null(strstr(buf, "<sheetProtection"));
	zip_fclose(sh);
	zip_close(z);
	free(d);
}

static void test_round_trip_csv(void **state)
{
	(void)state;
	round_trip(csv_bytes);
}

static void bad_forms(char *(*write)(const struct kj_answer_form *, size_t *))
{
	struct fixture want, x;
	size_t len;
	char *d;
	make(&want, KJ_FORM_KIND_VISIT);
	/* Another visit's form. */
	make(&x, KJ_FORM_KIND_VISIT);
	x.f.survey = 8;
	assert_int_equal(kj_form_seal(&x.f), 0);
	d = write(&x.f, &len);
	refused(&want.f, d, len, "B1", "another visit (visit 8)");
	free(d);
	/* A questionnaire's form of the same id, operator and items. */
	make(&x, KJ_FORM_KIND_ANSWER);
	d = write(&x.f, &len);
	refused(&want.f, d, len, "A1", "not a kijun visit record form");
	free(d);
	/* A changed scope (one item less). */
	make(&x, KJ_FORM_KIND_VISIT);
	x.f.nrows = NROWS - 1;
	assert_int_equal(kj_form_seal(&x.f), 0);
	d = write(&x.f, &len);
	refused(&want.f, d, len, "B1", "requirements in scope changed");
	free(d);
	/* Edited fixed cells: the requirement's text, the self-reported level. */
	make(&x, KJ_FORM_KIND_VISIT);
	x.rows[2].text = "書き換えた要求事項";
	d = write(&x.f, &len);
	refused(&want.f, d, len, "C5", "fixed cell");
	free(d);
	make(&x, KJ_FORM_KIND_VISIT);
	x.rows[0].last = kj_form_level_choice(4);
	d = write(&x.f, &len);
	refused(&want.f, d, len, "H3", "self-reported level");
	free(d);
	/* A level off the scale; N/A without its reason. */
	make(&x, KJ_FORM_KIND_VISIT);
	x.rows[1].answer = "5";
	d = write(&x.f, &len);
	refused(&want.f, d, len, "D4", "0 to 4");
	free(d);
	make(&x, KJ_FORM_KIND_VISIT);
	x.rows[2].answer = "該当なし";
	d = write(&x.f, &len);
	refused(&want.f, d, len, "E5", "reason");
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
	make(&x, KJ_FORM_KIND_VISIT);
	char *d = xlsx_bytes(&x.f, &len);
	unreadable(d, len / 2, "corrupt");
	free(d);
	const char junk[] = "\x89PNG\r\n\x1a\n\xff\xfe\x00\x01";
	unreadable(junk, sizeof junk - 1, "");
}

/* A zip bomb: the record sheet inflating past the reader's cap. */
static void test_zip_bomb(void **state)
{
	(void)state;
	struct fixture x;
	size_t len, big = (size_t)KJ_TABLE_FILE_MAX * 4u + 4096u;
	make(&x, KJ_FORM_KIND_VISIT);
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
	assert_true(len < (size_t)KJ_TABLE_FILE_MAX);
	unreadable(d, len, "too large");
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identifier),
		cmocka_unit_test(test_round_trip_xlsx),
		cmocka_unit_test(test_round_trip_csv),
		cmocka_unit_test(test_bad_xlsx),
		cmocka_unit_test(test_bad_csv),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_zip_bomb),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
