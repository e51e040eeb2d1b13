/*
 * Unit tests of src/model/safety.c: the safety-standard mapping validator
 * (good tables, every kind of bad row, headers that make a table no
 * mapping at all, the ministry's own sectors), coverage counts, and the
 * three outputs — the SVG heat map (complete, escaped, CSP-clean, well
 * formed XML), the CSV long list and the xlsx workbook.
 *
 * Tables are built by hand here so these tests do not depend on
 * kj_table_read; the catalog is the embedded standard.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <zip.h>

#include "helpers.h"
#include "base/buf.h"
#include "model/catalog.h"
#include "model/corpnum.h"
#include "model/safety.h"
#include "export/coverage_out.h"
#include "export/coverage_svg.h"

/*
 * The operators the validator may find (a stand-in for the store): two
 * corporate numbers with good check digits, two operators of finance and
 * one of ict; any other number is no operator.
 */
static char corp_fin[14], corp_fin2[14], corp_ict[14], corp_none[14];

static void corp(char out[14], const char *base12)
{
	int d = kj_corpnum_check_digit(base12);
	assert_true(d >= 0);
	snprintf(out, 14, "%d%s", d, base12);
	assert_true(kj_corpnum_valid(out));
}

static int fake_find(void *ctx, const char *num, const char *sector, int64_t *id)
{
	int *calls = ctx;
	(*calls)++;
	*id = 0;
	if (!strcmp(num, corp_fin)) {
		*id = 7;
		return !strcmp(sector, "finance") ? 1 : 2;
	}
	if (!strcmp(num, corp_fin2)) {
		*id = 9;
		return !strcmp(sector, "finance") ? 1 : 2;
	}
	if (!strcmp(num, corp_ict)) {
		*id = 8;
		return !strcmp(sector, "ict") ? 1 : 2;
	}
	return 0;
}

/* --- Fixtures ---------------------------------------------------------- */

static int setup(void **state)
{
	struct kj_catalog *cat = calloc(1, sizeof *cat);
	struct kj_err err;
	if (!cat)
		return -1;
	corp(corp_fin, "010001000001");
	corp(corp_fin2, "010001000002");
	corp(corp_ict, "020002000002");
	corp(corp_none, "030003000003");
	if (kj_catalog_load_embedded(cat, &err) < 0) {
		fprintf(stderr, "embedded catalog: %s\n", err.msg);
		free(cat);
		return -1;
	}
	*state = cat;
	return 0;
}

static int teardown(void **state)
{
	kj_catalog_free(*state);
	free(*state);
	return 0;
}

/* A table grown row by row; every cell a malloc'd copy. */
static void tb_add(struct kj_table *t, ...)
{
	va_list ap;
	const char *cells[64];
	int n = 0;
	va_start(ap, t);
	for (const char *c; (c = va_arg(ap, const char *)) != NULL && n < 64; )
		cells[n++] = c;
	va_end(ap);
	t->rows = realloc(t->rows, (size_t)(t->nrows + 1) * sizeof *t->rows);
	t->ncols = realloc(t->ncols, (size_t)(t->nrows + 1) * sizeof *t->ncols);
	assert_non_null(t->rows);
	assert_non_null(t->ncols);
	char **row = calloc((size_t)n + 1, sizeof *row);
	assert_non_null(row);
	for (int i = 0; i < n; i++) {
		row[i] = strdup(cells[i]);
		assert_non_null(row[i]);
	}
	t->rows[t->nrows] = row;
	t->ncols[t->nrows] = n;
	t->nrows++;
}

static void tb_free(struct kj_table *t)
{
	for (int r = 0; r < t->nrows; r++) {
		for (int c = 0; c < t->ncols[r]; c++)
			free(t->rows[r][c]);
		free(t->rows[r]);
	}
	free(t->rows);
	free(t->ncols);
	memset(t, 0, sizeof *t);
}

#define HEADER "分野", "分類", "発行者", "文書名", "版", "発行日", "URL", \
	       "条項番号", "条項名", "条項本文", "対策事項", "充足度"

/* The one error reported for ROW, failing the test if there is not exactly one. */
static const struct kj_row_error *error_for(const struct kj_clause_import *res, int row)
{
	const struct kj_row_error *found = NULL;
	for (int i = 0; i < res->nerrors && i < KJ_IMPORT_ERRORS_MAX; i++) {
		if (res->errors[i].row != row)
			continue;
		if (found)
			fail_msg("row %d: two errors: %s / %s", row, found->reason_en,
				 res->errors[i].reason_en);
		found = &res->errors[i];
	}
	if (!found)
		fail_msg("row %d: no error", row);
	return found;
}

static void expect_error(const struct kj_clause_import *res, int row,
			 const char *column, const char *in_ja)
{
	const struct kj_row_error *e = error_for(res, row);
	if (strcmp(e->column, column))
		fail_msg("row %d: column [%s], want [%s] (%s)", row, e->column, column,
			 e->reason_en);
	if (!strstr(e->reason_ja, in_ja))
		fail_msg("row %d: reason [%s] lacks [%s]", row, e->reason_ja, in_ja);
	assert_true(e->reason_en[0] != '\0');
}

/* --- Labels ------------------------------------------------------------- */

static void test_labels(void **state)
{
	assert_string_equal(kj_cov_code(KJ_COV_NONE), "none");
	assert_string_equal(kj_cov_code(KJ_COV_OPERATORS), "operators-only");
	assert_string_equal(kj_cov_code(KJ_COV_INDUSTRY), "industry");
	assert_string_equal(kj_cov_code(KJ_COV_GOVERNMENT), "government");
	assert_string_equal(kj_cov_label_ja(KJ_COV_GOVERNMENT), "強制基準・推奨基準で規定（①②）");
	assert_string_equal(kj_cov_label_ja(KJ_COV_INDUSTRY), "業界標準・ガイドラインで規定（③）");
	assert_string_equal(kj_cov_label_ja(KJ_COV_OPERATORS), "一部の事業者の内規のみ（④）");
	assert_string_equal(kj_cov_label_ja(KJ_COV_NONE), "規定なし");
	assert_string_equal(kj_cov_label_en(KJ_COV_GOVERNMENT),
			    "Covered by government standards (classes 1, 2)");
	assert_string_equal(kj_cov_label_en(KJ_COV_INDUSTRY),
			    "Covered by industry standards (class 3)");
	assert_string_equal(kj_cov_label_en(KJ_COV_OPERATORS),
			    "Only in some operators' internal rules (class 4)");
	assert_string_equal(kj_cov_label_en(KJ_COV_NONE), "Not covered");
	assert_string_equal(kj_cov_short_ja(KJ_COV_GOVERNMENT), "①② 政府の基準");
	assert_string_equal(kj_cov_short_ja(KJ_COV_INDUSTRY), "③ 業界標準");
	assert_string_equal(kj_cov_short_ja(KJ_COV_OPERATORS), "④ 内規のみ");
	assert_string_equal(kj_cov_short_en(KJ_COV_NONE), "Not covered");
	assert_string_equal(kj_cov_short_en(KJ_NCOV), "");
	assert_string_equal(kj_cov_code(KJ_NCOV), "");
	assert_string_equal(kj_cov_label_ja((enum kj_cov)-1), "");
	/* Only operators-only and none are gaps: an industry standard covers the sector. */
	assert_true(kj_cov_is_gap(KJ_COV_NONE));
	assert_true(kj_cov_is_gap(KJ_COV_OPERATORS));
	assert_false(kj_cov_is_gap(KJ_COV_INDUSTRY));
	assert_false(kj_cov_is_gap(KJ_COV_GOVERNMENT));
	int counts[KJ_NCOV] = { [KJ_COV_NONE] = 5, [KJ_COV_OPERATORS] = 3,
				[KJ_COV_INDUSTRY] = 7, [KJ_COV_GOVERNMENT] = 75 };
	assert_int_equal(kj_coverage_gaps(counts), 8);

	/* Section headings are the standard's, not the function names. */
	const struct kj_catalog *cat = *state;
	char h[200];
	int f = kj_catalog_function(cat, "trends");
	assert_true(f >= 0);
	kj_cov_section_heading(cat, f, 0, h, sizeof h);
	assert_string_equal(h, "3.7 技術・脅威の動向等を踏まえた対策");
	kj_cov_section_heading(cat, f, 1, h, sizeof h);
	assert_string_equal(h, "3.7 Measures in light of technology and threat trends, etc.");
	kj_cov_section_heading(cat, kj_catalog_function(cat, "governance"), 0, h, sizeof h);
	assert_string_equal(h, "3.2 組織統治");
	kj_cov_section_heading(cat, 99, 0, h, sizeof h);
	assert_string_equal(h, "");
	kj_cov_section_heading(cat, f, 0, h, 8);	/* "3.7 技" is 7 bytes */
	assert_string_equal(h, "3.7 技");
	kj_cov_section_heading(cat, f, 0, h, 7);	/* cut at a character boundary */
	assert_string_equal(h, "3.7 ");
}

/* --- Validation: good tables ---------------------------------------------- */

static void test_validate_good(void **state)
{
	const struct kj_catalog *cat = *state;
	struct kj_table t = { 0 };
	struct kj_clause_import res;
	struct kj_err err;

	tb_add(&t, HEADER, "法人番号", NULL);
	tb_add(&t, "electricity", "1", "経済産業省", "電気事業法施行規則", "令和6年改正",
	       "2024-02-29", "https://www.example.go.jp/law?id=1", "第1条", "目的",
	       "この規則は、\n電気事業の…", "3.2.1-1 3.2.1-2", "全部", NULL);
	/* Sector and class by name, ids by every separator, partial, a repeat id. */
	tb_add(&t, " 電力 ", "強制基準", "経済産業省", "電気事業法施行規則", "令和6年改正",
	       "2024-02-29", "https://www.example.go.jp/law?id=1", "第2条", "", "",
	       "3.2.1-3；3.2.2.1-1、3.2.2.2-1;3.2.3-1,3.2.4-1　3.2.4-2\n3.2.1-3", "一部", NULL);
	tb_add(&t, "", "", "", NULL);	/* blank rows are skipped */
	tb_add(&t, "finance", "推奨基準・ガイドライン", "金融庁", "ガイドライン", "", "", "",
	       "II-1", "", "", "3.7-1", "partial", NULL);
	tb_add(&t, "finance", "3", "協会", "業界標準", "", "", "http://example.org/", "1.1",
	       "", "", "3.2.1-1", "full", NULL);
	/* The same clause number in another document is fine; internal rules
	 * name their operator. */
	tb_add(&t, "finance", "4", "協会", "内規", "", "", "", "1.1", "", "", "3.2.1-1", "",
	       corp_fin, NULL);

	int calls = 0;
	const struct kj_safety_orgs orgs = { fake_find, &calls };
	assert_int_equal(kj_safety_validate(&t, cat, NULL, 0, &orgs, &res, &err), 0);
	if (res.nerrors)
		fail_msg("row %d %s: %s", res.errors[0].row, res.errors[0].column,
			 res.errors[0].reason_ja);
	assert_int_equal(res.nrecords, 5);

	const struct kj_clause_record *r = &res.records[0];
	assert_string_equal(r->sector, "electricity");
	assert_int_equal(r->class_n, 1);
	assert_string_equal(r->issuer, "経済産業省");
	assert_string_equal(r->title, "電気事業法施行規則");
	assert_string_equal(r->version, "令和6年改正");
	assert_string_equal(r->issued_on, "2024-02-29");
	assert_string_equal(r->link, "https://www.example.go.jp/law?id=1");
	assert_string_equal(r->number, "第1条");
	assert_string_equal(r->clause_title, "目的");
	assert_string_equal(r->text, "この規則は、\n電気事業の…");
	assert_int_equal(r->nreqs, 2);
	assert_string_equal(r->reqs[1], "3.2.1-2");
	assert_int_equal(r->partial, 0);

	r = &res.records[1];
	assert_string_equal(r->sector, "electricity");
	assert_int_equal(r->class_n, 1);
	assert_null(r->text);
	assert_int_equal(r->nreqs, 6);
	assert_string_equal(r->reqs[0], "3.2.1-3");
	assert_string_equal(r->reqs[5], "3.2.4-2");
	assert_int_equal(r->partial, 1);

	assert_int_equal(res.records[2].class_n, 2);
	assert_int_equal(res.records[2].partial, 1);
	assert_int_equal(res.records[3].class_n, 3);
	assert_int_equal(res.records[3].partial, 0);
	assert_int_equal(res.records[4].class_n, 4);
	assert_int_equal(res.records[4].partial, 0);
	assert_string_equal(res.records[4].corporate_number, corp_fin);
	assert_int_equal(res.records[4].organisation_id, 7);
	assert_int_equal(calls, 1);		/* only the class 4 row asks */
	for (int i = 0; i < 4; i++) {
		assert_int_equal(res.records[i].organisation_id, 0);
		assert_string_equal(res.records[i].corporate_number, "");
	}

	kj_clause_import_free(&res);
	assert_null(res.records);
	assert_int_equal(res.nrecords, 0);
	tb_free(&t);
}

static void test_validate_english_headers_any_order(void **state)
{
	const struct kj_catalog *cat = *state;
	struct kj_table t = { 0 };
	struct kj_clause_import res;
	struct kj_err err;

	tb_add(&t, "Requirements", "clause", "TITLE", "issuer", "class", "sector", "", NULL);
	tb_add(&t, "3.4.1.1-1", "5条", "基準", "総務省", "2", "ict", "", NULL);
	assert_int_equal(kj_safety_validate(&t, cat, NULL, 0, NULL, &res, &err), 0);
	assert_int_equal(res.nerrors, 0);
	assert_int_equal(res.nrecords, 1);
	assert_string_equal(res.records[0].sector, "ict");
	assert_string_equal(res.records[0].reqs[0], "3.4.1.1-1");
	assert_string_equal(res.records[0].version, "");
	kj_clause_import_free(&res);
	tb_free(&t);
}

/* --- Validation: tables that are not a mapping ---------------------------- */

static void expect_not_mapping(const struct kj_catalog *cat, struct kj_table *t,
			       const char *in_msg)
{
	struct kj_clause_import res;
	struct kj_err err = { "" };
	assert_int_equal(kj_safety_validate(t, cat, NULL, 0, NULL, &res, &err), -1);
	if (!strstr(err.msg, in_msg))
		fail_msg("message [%s] lacks [%s]", err.msg, in_msg);
	assert_null(res.records);
	assert_null(res.errors);
	tb_free(t);
}

static void test_validate_bad_headers(void **state)
{
	const struct kj_catalog *cat = *state;
	struct kj_table t = { 0 };

	tb_add(&t, HEADER, "備考", NULL);
	tb_add(&t, "ict", "1", "a", "b", "", "", "", "1", "", "", "3.7-1", "", "x", NULL);
	expect_not_mapping(cat, &t, "備考");

	tb_add(&t, "分野", "分類", "発行者", "文書名", "条項番号", NULL);	/* no 対策事項 */
	tb_add(&t, "ict", "1", "a", "b", "1", NULL);
	expect_not_mapping(cat, &t, "対策事項");

	tb_add(&t, HEADER, "sector", NULL);
	tb_add(&t, "ict", NULL);
	expect_not_mapping(cat, &t, "twice");

	tb_add(&t, HEADER, NULL);
	tb_add(&t, "", " ", NULL);
	expect_not_mapping(cat, &t, "no rows");

	/* An operator list is not a mapping. */
	tb_add(&t, "法人番号", "名称", "分野", NULL);
	tb_add(&t, "1234567890123", "株式会社", "ict", NULL);
	expect_not_mapping(cat, &t, "名称");

	struct kj_clause_import res;
	struct kj_err err;
	assert_int_equal(kj_safety_validate(&t, cat, NULL, 0, NULL, &res, &err), -1);
}

/* --- Validation: bad rows ---------------------------------------------------- */

static void test_validate_bad_rows(void **state)
{
	const struct kj_catalog *cat = *state;
	struct kj_table t = { 0 };
	struct kj_clause_import res;
	struct kj_err err;
	char many[33 * KJ_ID_MAX] = "", long_issuer[202];

	size_t at = 0;
	for (int i = 0; i < 33; i++) {
		size_t n = strlen(cat->reqs[i].id);
		assert_true(at + n + 2 <= sizeof many);
		memcpy(many + at, cat->reqs[i].id, n);
		many[at + n] = ' ';
		at += n + 1;
	}
	many[at] = '\0';
	memset(long_issuer, 'a', 201);
	long_issuer[201] = '\0';

#define ROW(sector, cls, issuer, title, date, url, num, reqs, extent) \
	tb_add(&t, sector, cls, issuer, title, "", date, url, num, "", "", reqs, extent, NULL)
	tb_add(&t, HEADER, NULL);
	ROW("electricity", "1", "経済産業省", "規則", "", "", "1", "3.2.1-1", "");	/* 2: good */
	ROW("電気", "1", "経済産業省", "規則", "", "", "2", "3.2.1-1", "");		/* 3 */
	ROW("electricity", "5", "経済産業省", "規則", "", "", "3", "3.2.1-1", "");	/* 4 */
	ROW("electricity", "推奨基準", "経済産業省", "規則", "", "", "4", "3.2.1-1", "");	/* 5 */
	ROW("electricity", "1", "", "規則", "", "", "5", "3.2.1-1", "");		/* 6 */
	ROW("electricity", "1", "経済産業省", "=HYPERLINK(\"http://x\")", "", "", "6",
	    "3.2.1-1", "");							/* 7 */
	ROW("electricity", "1", "経済産業省", "規則", "", "", "-1", "3.2.1-1", "");	/* 8 */
	ROW("electricity", "1", "経済産業省", "規則", "2023-02-29", "", "7", "3.2.1-1", "");	/* 9 */
	ROW("electricity", "1", "経済産業省", "規則", "2024/4/1", "", "8", "3.2.1-1", "");	/* 10 */
	ROW("electricity", "1", "経済産業省", "規則", "", "javascript:alert(1)", "9",
	    "3.2.1-1", "");							/* 11 */
	ROW("electricity", "1", "経済産業省", "規則", "", "https://a.example/x y", "10",
	    "3.2.1-1", "");							/* 12 */
	ROW("electricity", "1", "経済産業省", "規則", "", "", "11", "3.2.1-1 3.2.9-9", "");	/* 13 */
	ROW("electricity", "1", "経済産業省", "規則", "", "", "12", many, "");		/* 14 */
	ROW("electricity", "1", "経済産業省", "規則", "", "", "13", "3.2.1-1", "半分");	/* 15 */
	ROW("electricity", "1", "経済産業省", "規則", "", "", "1", "3.2.1-2", "");	/* 16: dup of 2 */
	ROW("electricity", "1", "経済産業省", "規則\n第二", "", "", "14", "3.2.1-1", "");	/* 17 */
	ROW("electricity", "1", long_issuer, "規則", "", "", "15", "3.2.1-1", "");	/* 18 */
	ROW("electricity", "1", "経済産業省", "規則", "", "", "16", "", "");		/* 19 */
	ROW("electricity", "2", "経済産業省", "規則", "", "", "17", "3.2.1-1", "");	/* 20 */
	tb_add(&t, "electricity", "1", "経済産業省", "規則", "", "", "", "18", "", "",
	       "3.2.1-1", "", "余分", NULL);					/* 21 */
	ROW("electricity", "1", "経済産業省", "規則", "", "", "19", "3.2.1-1", "");	/* 22: good */
#undef ROW

	assert_int_equal(kj_safety_validate(&t, cat, NULL, 0, NULL, &res, &err), 0);
	assert_int_equal(res.nrecords, 2);
	assert_string_equal(res.records[0].number, "1");
	assert_string_equal(res.records[1].number, "19");
	assert_int_equal(res.nerrors, 19);

	expect_error(&res, 3, "分野", "電気");
	expect_error(&res, 4, "分類", "1〜4");
	expect_error(&res, 5, "分類", "1〜4");
	expect_error(&res, 6, "発行者", "必須");
	expect_error(&res, 7, "文書名", "数式");
	expect_error(&res, 8, "条項番号", "数式");
	expect_error(&res, 9, "発行日", "YYYY-MM-DD");
	expect_error(&res, 10, "発行日", "YYYY-MM-DD");
	expect_error(&res, 11, "URL", "https://");
	expect_error(&res, 12, "URL", "空白");
	expect_error(&res, 13, "対策事項", "3.2.9-9");
	expect_error(&res, 14, "対策事項", "32件");
	expect_error(&res, 15, "充足度", "一部");
	expect_error(&res, 16, "条項番号", "2行目");
	expect_error(&res, 17, "文書名", "改行");
	expect_error(&res, 18, "発行者", "200バイト");
	expect_error(&res, 19, "対策事項", "必須");
	expect_error(&res, 20, "", "2行目と分類");
	expect_error(&res, 21, "", "13列目");
	/* Rows 2 and 22 are good. */
	for (int i = 0; i < res.nerrors; i++)
		assert_true(res.errors[i].row != 2 && res.errors[i].row != 22);
	kj_clause_import_free(&res);
	tb_free(&t);
}

/* Several faults in one row are each reported; the column is as headed. */
static void test_validate_many_faults_one_row(void **state)
{
	const struct kj_catalog *cat = *state;
	struct kj_table t = { 0 };
	struct kj_clause_import res;
	struct kj_err err;
	tb_add(&t, "sector", "class", "issuer", "title", "clause", "requirements", NULL);
	tb_add(&t, "mars", "0", "", "+x", "@1", "x.y", NULL);
	assert_int_equal(kj_safety_validate(&t, cat, NULL, 0, NULL, &res, &err), 0);
	assert_int_equal(res.nrecords, 0);
	assert_int_equal(res.nerrors, 6);
	assert_string_equal(res.errors[0].column, "sector");
	assert_string_equal(res.errors[5].column, "requirements");
	for (int i = 0; i < 6; i++)
		assert_int_equal(res.errors[i].row, 2);
	kj_clause_import_free(&res);
	tb_free(&t);
}

static void test_validate_only_sectors(void **state)
{
	const struct kj_catalog *cat = *state;
	struct kj_table t = { 0 };
	struct kj_clause_import res;
	struct kj_err err;
	static const char mine[2][24] = { "electricity", "gas" };

	tb_add(&t, HEADER, NULL);
	tb_add(&t, "電力", "1", "経済産業省", "規則", "", "", "", "1", "", "", "3.2.1-1", "", NULL);
	tb_add(&t, "finance", "1", "金融庁", "規則", "", "", "", "1", "", "", "3.2.1-1", "", NULL);
	tb_add(&t, "gas", "1", "経済産業省", "規則", "", "", "", "1", "", "", "3.2.1-1", "", NULL);
	assert_int_equal(kj_safety_validate(&t, cat, mine, 2, NULL, &res, &err), 0);
	assert_int_equal(res.nrecords, 2);
	assert_int_equal(res.nerrors, 1);
	expect_error(&res, 3, "分野", "所管外の分野です");
	kj_clause_import_free(&res);

	/* A ministry with no sectors may import nothing. */
	assert_int_equal(kj_safety_validate(&t, cat, mine, 0, NULL, &res, &err), 0);
	assert_int_equal(res.nrecords, 0);
	assert_int_equal(res.nerrors, 3);
	kj_clause_import_free(&res);
	tb_free(&t);
}

/* Requirement ids as people type them, and the ones refused. */
static void test_req_parse(void **state)
{
	const struct kj_catalog *cat = *state;
	const struct kj_requirement *q;
	int x;
	static const struct { const char *in; enum kj_req_typed want; const char *id; int extent; } cases[] = {
		{ "3.2.3-1", KJ_REQ_OK, "3.2.3-1", -1 },
		{ " ３．２．３－１\u3000", KJ_REQ_OK, "3.2.3-1", -1 },	/* full-width, blanks */
		{ "3.2.3 - 1", KJ_REQ_OK, "3.2.3-1", -1 },
		{ "3.2.3\u22121", KJ_REQ_OK, "3.2.3-1", -1 },		/* minus sign */
		{ "3.2.3\u30fc1", KJ_REQ_OK, "3.2.3-1", -1 },		/* katakana long mark */
		{ "3.2.3-1（一部）", KJ_REQ_OK, "3.2.3-1", 1 },
		{ "3.2.3-1(partial)", KJ_REQ_OK, "3.2.3-1", 1 },
		{ "3.2.5", KJ_REQ_SECTION, NULL, -1 },
		{ "３．２．５", KJ_REQ_SECTION, NULL, -1 },
		{ "3.2.5-1", KJ_REQ_UNKNOWN, NULL, -1 },
		{ "9.9.9-9", KJ_REQ_UNKNOWN, NULL, -1 },
		{ "3.2.3-1(全部)", KJ_REQ_UNKNOWN, NULL, -1 },
		{ "（一部）", KJ_REQ_UNKNOWN, NULL, -1 },
		{ "\xff\xfe", KJ_REQ_UNKNOWN, NULL, -1 },			/* not UTF-8 */
		{ "   ", KJ_REQ_EMPTY, NULL, -1 },
		{ "", KJ_REQ_EMPTY, NULL, -1 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		enum kj_req_typed got = kj_safety_req_parse(cat, cases[i].in, strlen(cases[i].in),
							    &q, &x);
		if (got != cases[i].want || (cases[i].id && (!q || strcmp(q->id, cases[i].id))) ||
		    (!cases[i].id && q) || (got == KJ_REQ_OK && x != cases[i].extent))
			fail_msg("\"%s\": got %d %s %d", cases[i].in, got, q ? q->id : "-", x);
	}
	/* Longer than anyone types an id: refused without reading past it. */
	char big[KJ_REQ_TYPED_MAX + 8];
	memset(big, '1', sizeof big);
	assert_int_equal(kj_safety_req_parse(cat, big, sizeof big, &q, NULL), KJ_REQ_UNKNOWN);
	assert_int_equal(kj_safety_req_parse(cat, NULL, 0, &q, NULL), KJ_REQ_EMPTY);

	/* In a mapping file: full-width ids, and one requirement partly. */
	struct kj_table t = { 0 };
	struct kj_clause_import res;
	struct kj_err err;
	tb_add(&t, HEADER, NULL);
	tb_add(&t, "gas", "1", "経済産業省", "規則", "", "", "", "1", "", "",
	       "３．２．１－１、3.2.1-2（一部）", "全部", NULL);
	assert_int_equal(kj_safety_validate(&t, cat, NULL, 0, NULL, &res, &err), 0);
	assert_int_equal(res.nerrors, 0);
	assert_int_equal(res.nrecords, 1);
	assert_int_equal(res.records[0].nreqs, 2);
	assert_string_equal(res.records[0].reqs[0], "3.2.1-1");
	assert_int_equal(res.records[0].req_partial[0], 0);
	assert_int_equal(res.records[0].req_partial[1], 1);
	assert_int_equal(res.records[0].partial, 0);
	kj_clause_import_free(&res);
	tb_free(&t);
}

/*
 * Class ④ rows and the operator: every refusal on its own row, the good
 * rows kept, and nothing looked up for a row that names no operator.
 */
static void test_validate_operator_rows(void **state)
{
	const struct kj_catalog *cat = *state;
	struct kj_table t = { 0 };
	struct kj_clause_import res;
	struct kj_err err;
	int calls = 0;
	const struct kj_safety_orgs orgs = { fake_find, &calls };
	char badcheck[14];
	memcpy(badcheck, corp_fin, sizeof badcheck);
	badcheck[0] = badcheck[0] == '9' ? '1' : (char)(badcheck[0] + 1);

#define ROW(sector, cls, title, num, corpnum) \
	tb_add(&t, sector, cls, "発行者", title, "", "", "", num, "", "", "3.2.1-1", "", corpnum, NULL)
	tb_add(&t, HEADER, "corporate_number", NULL);
	ROW("finance", "4", "甲銀行 内規", "1", corp_fin);		/* 2: good */
	ROW("finance", "内規", "乙銀行 内規", "1", "");			/* 3: no operator */
	ROW("finance", "4", "丙銀行 内規", "1", badcheck);		/* 4: check digit */
	ROW("finance", "4", "丁銀行 内規", "1", "12345");		/* 5: not 13 digits */
	ROW("finance", "4", "戊銀行 内規", "1", corp_none);		/* 6: no such operator */
	ROW("finance", "4", "己銀行 内規", "1", corp_ict);		/* 7: another sector's */
	ROW("finance", "2", "金融庁ガイドライン", "1", corp_fin);	/* 8: ② names none */
	ROW("finance", "3", "協会標準", "1", corp_fin);			/* 9: ③ names none */
	ROW("finance", "1", "法令", "1", corp_fin);			/* 10: ① names none */
	ROW("finance", "4", "甲銀行 内規", "2", corp_ict);		/* 11: differs from row 2 */
	ROW("ict", "4", "通信 内規", "1", corp_ict);			/* 12: good */
	ROW("finance", "2", "金融庁ガイドライン2", "1", "");		/* 13: good */
#undef ROW
	assert_int_equal(kj_safety_validate(&t, cat, NULL, 0, &orgs, &res, &err), 0);
	assert_int_equal(res.nrecords, 3);
	assert_int_equal(res.nerrors, 9);
	expect_error(&res, 3, "corporate_number", "法人番号が必要");
	expect_error(&res, 4, "corporate_number", "正しくありません");
	expect_error(&res, 5, "corporate_number", "正しくありません");
	expect_error(&res, 6, "corporate_number", "登録されていません");
	expect_error(&res, 7, "corporate_number", "この行の分野の事業者ではありません");
	expect_error(&res, 8, "corporate_number", "分類④");
	expect_error(&res, 9, "corporate_number", "分類④");
	expect_error(&res, 10, "corporate_number", "分類④");
	/* Row 11's operator is of another sector, so that is its one fault. */
	expect_error(&res, 11, "corporate_number", "この行の分野の事業者ではありません");
	assert_int_equal(res.records[0].organisation_id, 7);
	assert_int_equal(res.records[1].organisation_id, 8);
	assert_string_equal(res.records[1].sector, "ict");
	assert_int_equal(res.records[2].organisation_id, 0);
	kj_clause_import_free(&res);

	/* One document for two operators of the sector: refused on the second. */
	tb_free(&t);
	tb_add(&t, HEADER, "法人番号", NULL);
	tb_add(&t, "finance", "4", "a", "内規", "", "", "", "1", "", "", "3.2.1-1", "", corp_fin, NULL);
	tb_add(&t, "finance", "4", "a", "内規", "", "", "", "2", "", "", "3.2.1-2", "", corp_fin2,
	       NULL);
	assert_int_equal(kj_safety_validate(&t, cat, NULL, 0, &orgs, &res, &err), 0);
	assert_int_equal(res.nrecords, 1);
	expect_error(&res, 3, "", "法人番号が異なります");
	kj_clause_import_free(&res);

	/* No way to look operators up: class ④ rows are refused, others pass. */
	tb_free(&t);
	tb_add(&t, HEADER, "法人番号", NULL);
	tb_add(&t, "ict", "4", "a", "内規", "", "", "", "1", "", "", "3.2.1-1", "", corp_ict, NULL);
	tb_add(&t, "ict", "2", "総務省", "指針", "", "", "", "1", "", "", "3.2.1-1", "", NULL);
	calls = 0;
	assert_int_equal(kj_safety_validate(&t, cat, NULL, 0, NULL, &res, &err), 0);
	assert_int_equal(res.nrecords, 1);
	assert_int_equal(res.records[0].class_n, 2);
	expect_error(&res, 2, "法人番号", "確認できない");
	assert_int_equal(calls, 0);
	kj_clause_import_free(&res);
	tb_free(&t);
}

/* --- Coverage ------------------------------------------------------------------ */

/* A coverage where sector s, requirement r has state (s + r) % 4, cells
 * with r % 3 == 0 are partial (none never is), operators-only cells are
 * covered by the rules of 1 + r % 2 operators, and requirement 0 is new
 * and 1 changed. */
static void fill(struct kj_coverage *c, const struct kj_catalog *cat)
{
	assert_int_equal(kj_coverage_alloc(c, cat->nsectors, cat->nreqs), 0);
	for (int s = 0; s < c->nsectors; s++)
		for (int r = 0; r < c->nreqs; r++) {
			int i = s * c->nreqs + r;
			c->cov[i] = (unsigned char)((s + r) % KJ_NCOV);
			c->partial[i] = c->cov[i] != KJ_COV_NONE && r % 3 == 0;
			if (c->cov[i] == KJ_COV_OPERATORS)
				c->operators[i] = (unsigned short)(1 + r % 2);
		}
	c->req_new[0] = 1;
	c->req_changed[1] = 1;
}

static void test_coverage_alloc_and_count(void **state)
{
	const struct kj_catalog *cat = *state;
	struct kj_coverage c;
	int k[KJ_NCOV];

	assert_int_equal(kj_coverage_alloc(&c, 0, 90), -1);
	assert_null(c.cov);
	assert_int_equal(kj_coverage_alloc(&c, 16, -1), -1);

	assert_int_equal(kj_coverage_alloc(&c, cat->nsectors, cat->nreqs), 0);
	assert_int_equal(c.nsectors, 16);
	assert_int_equal(c.nreqs, 90);
	kj_coverage_count(&c, cat, 0, -1, k);
	assert_int_equal(k[KJ_COV_NONE], 90);	/* a new matrix is all gaps */

	kj_coverage_count(&c, cat, 0, -1, k);
	assert_int_equal(kj_coverage_gaps(k), 90);
	kj_coverage_count_partial(&c, cat, 0, -1, k);
	assert_int_equal(k[0] + k[1] + k[2] + k[3], 0);

	/* Sector 5: 3.2 (function 0) by government standards, 3.3.1.1-1 partly
	 * by government, 3.3.1.1-2 by industry, 3.7-1 only by two operators' rules. */
	int gov = 0, ident = 0;
	for (int r = 0; r < c.nreqs; r++) {
		if (cat->reqs[r].function == 0) {
			c.cov[5 * c.nreqs + r] = KJ_COV_GOVERNMENT;
			gov++;
		}
		ident += cat->reqs[r].function == 1;
	}
	int p = 5 * c.nreqs + kj_catalog_req_index(cat, "3.3.1.1-1");
	c.cov[p] = KJ_COV_GOVERNMENT;
	c.partial[p] = 1;
	c.cov[5 * c.nreqs + kj_catalog_req_index(cat, "3.3.1.1-2")] = KJ_COV_INDUSTRY;
	c.cov[5 * c.nreqs + kj_catalog_req_index(cat, "3.7-1")] = KJ_COV_OPERATORS;
	c.operators[5 * c.nreqs + kj_catalog_req_index(cat, "3.7-1")] = 2;
	assert_int_equal(gov, 21);
	assert_int_equal(ident, 16);

	kj_coverage_count(&c, cat, 5, -1, k);
	assert_int_equal(k[KJ_COV_GOVERNMENT], 22);
	assert_int_equal(k[KJ_COV_INDUSTRY], 1);
	assert_int_equal(k[KJ_COV_OPERATORS], 1);
	assert_int_equal(k[KJ_COV_NONE], 90 - 24);
	assert_int_equal(kj_coverage_gaps(k), 90 - 23);	/* operators-only is a gap */
	kj_coverage_count_partial(&c, cat, 5, -1, k);
	assert_int_equal(k[KJ_COV_GOVERNMENT], 1);
	assert_int_equal(k[KJ_COV_INDUSTRY] + k[KJ_COV_OPERATORS] + k[KJ_COV_NONE], 0);
	kj_coverage_count(&c, cat, 5, 0, k);
	assert_int_equal(k[KJ_COV_GOVERNMENT], 21);
	assert_int_equal(k[KJ_COV_NONE], 0);
	kj_coverage_count(&c, cat, 5, 1, k);
	assert_int_equal(k[KJ_COV_GOVERNMENT], 1);
	assert_int_equal(k[KJ_COV_INDUSTRY], 1);
	assert_int_equal(k[KJ_COV_NONE], 14);
	assert_int_equal(kj_coverage_gaps(k), 14);	/* industry is no gap */
	kj_coverage_count_partial(&c, cat, 5, 1, k);
	assert_int_equal(k[KJ_COV_GOVERNMENT], 1);
	kj_coverage_count(&c, cat, 5, 5, k);
	assert_int_equal(k[KJ_COV_OPERATORS], 1);
	assert_int_equal(kj_coverage_gaps(k), 1);
	kj_coverage_count(&c, cat, 4, 0, k);
	assert_int_equal(k[KJ_COV_NONE], 21);
	/* Out of range: all zero, no crash. */
	kj_coverage_count(&c, cat, 16, -1, k);
	assert_int_equal(k[0] + k[1] + k[2] + k[3], 0);
	kj_coverage_count_partial(&c, cat, -1, -1, k);
	assert_int_equal(k[0] + k[1] + k[2] + k[3], 0);

	kj_coverage_free(&c);
	assert_null(c.cov);
	kj_coverage_free(&c);	/* twice is fine */
}

/* --- SVG ------------------------------------------------------------------------- */

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static void expect_well_formed(const char *svg)
{
	xmlDocPtr doc = xmlReadMemory(svg, (int)strlen(svg), "cov.svg", "UTF-8",
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc)
		fail_msg("the SVG is not well-formed XML");
	xmlFreeDoc(doc);
}

static void test_svg(void **state)
{
	const struct kj_catalog *cat = *state;
	struct kj_coverage c;
	struct kj_buf b;
	fill(&c, cat);
	kj_buf_init(&b, 4u * 1024u * 1024u);

	assert_int_equal(kj_coverage_svg(&b, &c, cat, 0), 0);
	const char *svg = kj_buf_str(&b);
	assert_true(!strncmp(svg, "<svg ", 5));
	assert_non_null(strstr(svg, "role=\"img\""));
	assert_non_null(strstr(svg, "aria-labelledby=\"cov-title cov-desc\""));
	assert_non_null(strstr(svg, "width=\"100%\""));
	assert_non_null(strstr(svg, "<title id=\"cov-title\">"));
	assert_non_null(strstr(svg, "<desc id=\"cov-desc\">16分野×90対策事項。"));
	/* Every cell has a hover title; legend swatches and pattern tiles do not. */
	assert_int_equal(count(svg, "</rect>"), 16 * 90);
	assert_true(count(svg, "<rect") >= 16 * 90 + 4);
	assert_non_null(strstr(svg, "<title>電力 3.2.1-1: "));
	assert_non_null(strstr(svg, "（新規）</title>"));
	assert_non_null(strstr(svg, "（変更）</title>"));
	assert_non_null(strstr(svg, ">3.2<"));
	assert_non_null(strstr(svg, ">組織統治<"));
	assert_non_null(strstr(svg, ">3.7<"));
	/* The section headings are the standard's: 3.7 is not "技術・脅威の動向". */
	assert_non_null(strstr(svg, "3.7 技術・脅威の動向等を踏まえた対策"));
	/* Legend counts: (s + r) % 4 over 16 x 90 spreads evenly; the gap states
	 * say so in words, and the partial mark has its own entry. */
	assert_non_null(strstr(svg, ">強制基準・推奨基準で規定（①②）：360件<"));
	assert_non_null(strstr(svg, ">業界標準・ガイドラインで規定（③）：360件<"));
	assert_non_null(strstr(svg, ">一部の事業者の内規のみ（④）（ギャップ）：360件<"));
	assert_non_null(strstr(svg, ">規定なし（ギャップ）：360件<"));
	assert_non_null(strstr(svg, ">白い角：一部のみ規定：360件<"));
	assert_non_null(strstr(svg, "ギャップ（内規のみ・規定なし）：720件、一部のみ規定：360件。"));
	/* Every state painted differently; cells say state, operators and extent. */
	assert_non_null(strstr(svg, "<g fill=\"#0017C1\">"));
	assert_non_null(strstr(svg, "<g fill=\"url(#cov-i)\">"));
	assert_non_null(strstr(svg, "<g fill=\"url(#cov-o)\">"));
	assert_non_null(strstr(svg, "<g fill=\"url(#cov-n)\">"));
	/* ict (0) 3.2.1-2 (1): operators-only, 2 operators; 3.2.1-4 (3) government. */
	assert_non_null(strstr(svg, "<title>情報通信 3.2.1-2: 一部の事業者の内規のみ（④）"
				    "（内規：2事業者）（ギャップ）（変更）</title>"));
	char want[256];
	snprintf(want, sizeof want, "<title>情報通信 %s: 強制基準・推奨基準で規定（①②）（一部）</title>",
		 cat->reqs[3].id);
	assert_non_null(strstr(svg, want));
	/* One in 3 requirements partial where the cell is not none: 360 marks,
	 * and one more in the legend. */
	assert_int_equal(count(svg, "h-5l5 -7z"), 360 + 1);
	/* Strict CSP: no style, no script, no external references. */
	assert_null(strstr(svg, "style="));
	assert_null(strstr(svg, "<style"));
	assert_null(strstr(svg, "<script"));
	assert_null(strstr(svg, "href"));
	assert_null(strstr(svg, "<image"));
	assert_true(b.len < 256u * 1024u);
	expect_well_formed(svg);

	kj_buf_reset(&b);
	assert_int_equal(kj_coverage_svg(&b, &c, cat, 1), 0);
	svg = kj_buf_str(&b);
	assert_non_null(strstr(svg, "lang=\"en\""));
	assert_non_null(strstr(svg, "<desc id=\"cov-desc\">16 sectors by 90 requirements. "));
	assert_non_null(strstr(svg, ">Electric power<"));
	assert_non_null(strstr(svg, "<title>Electric power 3.2.1-1: "));
	assert_non_null(strstr(svg, "Not covered (gap): 360"));
	assert_non_null(strstr(svg, "Covered by industry standards (class 3): 360"));
	assert_non_null(strstr(svg, "3.7 Measures in light of technology and threat trends, etc."));
	assert_non_null(strstr(svg, " (internal rules of 2 operators), gap (changed)</title>"));
	expect_well_formed(svg);

	kj_buf_free(&b);
	kj_coverage_free(&c);
}

static void test_svg_escapes_names(void **state)
{
	const struct kj_catalog *cat = *state;
	struct kj_catalog fake = *cat;
	struct kj_sector *secs = malloc((size_t)cat->nsectors * sizeof *secs);
	struct kj_coverage c;
	struct kj_buf b;
	assert_non_null(secs);
	memcpy(secs, cat->sectors, (size_t)cat->nsectors * sizeof *secs);
	secs[0].name_ja = "情報&通信<script>alert('x')</script>\"";
	secs[0].name_en = "R&D <b>";
	fake.sectors = secs;
	fill(&c, &fake);
	kj_buf_init(&b, 4u * 1024u * 1024u);

	for (int en = 0; en <= 1; en++) {
		kj_buf_reset(&b);
		assert_int_equal(kj_coverage_svg(&b, &c, &fake, en), 0);
		const char *svg = kj_buf_str(&b);
		assert_null(strstr(svg, "<script"));
		assert_null(strstr(svg, "<b>"));
		if (en)
			assert_non_null(strstr(svg, ">R&amp;D &lt;b&gt;</text>"));
		else
			assert_non_null(strstr(svg, ">情報&amp;通信&lt;script&gt;alert(&#39;x&#39;)"
						   "&lt;/script&gt;&quot;</text>"));
		expect_well_formed(svg);
	}
	kj_buf_free(&b);
	kj_coverage_free(&c);
	free(secs);
}

static void test_svg_refuses_mismatch(void **state)
{
	const struct kj_catalog *cat = *state;
	struct kj_coverage c;
	struct kj_buf b;
	kj_buf_init(&b, 4u * 1024u * 1024u);
	kj_buf_adds(&b, "before");

	assert_int_equal(kj_coverage_alloc(&c, 15, 90), 0);
	assert_int_equal(kj_coverage_svg(&b, &c, cat, 0), -1);
	kj_coverage_free(&c);

	fill(&c, cat);
	c.cov[7] = KJ_NCOV;	/* not a state */
	assert_int_equal(kj_coverage_svg(&b, &c, cat, 0), -1);
	c.cov[7] = 0;

	/* A buffer too small: nothing half-written is left behind. */
	struct kj_buf small;
	kj_buf_init(&small, 10000);
	kj_buf_adds(&small, "before");
	assert_int_equal(kj_coverage_svg(&small, &c, cat, 0), -1);
	assert_string_equal(kj_buf_str(&small), "before");
	kj_buf_free(&small);

	assert_string_equal(kj_buf_str(&b), "before");
	kj_buf_free(&b);
	kj_coverage_free(&c);
}

/* --- CSV and xlsx -------------------------------------------------------------- */

static void test_csv(void **state)
{
	const struct kj_catalog *cat = *state;
	struct kj_coverage c;
	char *data = NULL;
	size_t len = 0;
	fill(&c, cat);
	FILE *f = open_memstream(&data, &len);
	assert_non_null(f);
	assert_int_equal(kj_coverage_write_csv(f, &c, cat), 0);
	assert_int_equal(fclose(f), 0);

	assert_int_equal(count(data, "\r\n"), 16 * 90 + 1);
	assert_memory_equal(data, "\xef\xbb\xbf", 3);
	assert_ptr_equal(strstr(data, "\"分野コード\",\"分野\",\"対策事項\",\"節\","
				      "\"充足状況コード\",\"充足状況\",\"ギャップ\",\"充足度\","
				      "\"内規の事業者数\",\"新規\",\"変更\"\r\n"), data + 3);
	/* ict is sector 0: (0 + 0) % 4 = none, a gap with no extent; 3.2.1-1 is new. */
	assert_non_null(strstr(data, "\"ict\",\"情報通信\",\"3.2.1-1\",\"3.2 組織統治\",\"none\","
				     "\"規定なし\",\"1\",\"\",\"0\",\"1\",\"0\"\r\n"));
	/* 3.2.1-2: operators-only, still a gap, two operators' rules, changed. */
	assert_non_null(strstr(data, "\"ict\",\"情報通信\",\"3.2.1-2\",\"3.2 組織統治\","
				     "\"operators-only\",\"一部の事業者の内規のみ（④）\",\"1\",\"全部\","
				     "\"2\",\"0\",\"1\"\r\n"));
	/* finance (1) 3.2.1-2 (1): industry, no gap. */
	assert_non_null(strstr(data, "\"finance\",\"金融\",\"3.2.1-2\",\"3.2 組織統治\","
				     "\"industry\",\"業界標準・ガイドラインで規定（③）\",\"0\",\"全部\","
				     "\"0\",\"0\",\"1\"\r\n"));
	/* finance (1) 3.2.1-1 (0): operators-only and partial (r % 3 == 0). */
	assert_non_null(strstr(data, "\"finance\",\"金融\",\"3.2.1-1\",\"3.2 組織統治\","
				     "\"operators-only\",\"一部の事業者の内規のみ（④）\",\"1\",\"一部\","
				     "\"1\",\"1\",\"0\"\r\n"));
	assert_non_null(strstr(data, "\"postal\",\"郵便\",\"3.7-1\","
				     "\"3.7 技術・脅威の動向等を踏まえた対策\","));
	free(data);

	/* A mismatched coverage writes nothing. */
	struct kj_coverage small;
	assert_int_equal(kj_coverage_alloc(&small, 16, 89), 0);
	data = NULL;
	f = open_memstream(&data, &len);
	assert_int_equal(kj_coverage_write_csv(f, &small, cat), -1);
	fclose(f);
	assert_int_equal(len, 0);
	free(data);
	kj_coverage_free(&small);
	kj_coverage_free(&c);
}

/* The named part of the workbook at PATH, NUL-terminated (free() it). */
static char *zip_part(const char *path, const char *name)
{
	int e = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &e);
	assert_non_null(z);
	zip_stat_t st;
	assert_int_equal(zip_stat(z, name, 0, &st), 0);
	char *buf = malloc(st.size + 1);
	assert_non_null(buf);
	zip_file_t *zf = zip_fopen(z, name, 0);
	assert_non_null(zf);
	assert_int_equal(zip_fread(zf, buf, st.size), (zip_int64_t)st.size);
	buf[st.size] = '\0';
	zip_fclose(zf);
	zip_close(z);
	return buf;
}

static void test_xlsx(void **state)
{
	const struct kj_catalog *cat = *state;
	struct kj_coverage c;
	struct kj_err err;
	size_t len = 0;
	fill(&c, cat);
	remove("coverage.xlsx");
	if (kj_coverage_write_xlsx("coverage.xlsx", &c, cat, &err) < 0)
		fail_msg("%s", err.msg);
	char *data = th_slurp("coverage.xlsx", &len);
	assert_non_null(data);
	assert_true(len > 4 && !memcmp(data, "PK\3\4", 4));
	free(data);

	char *wbxml = zip_part("coverage.xlsx", "xl/workbook.xml");
	assert_non_null(strstr(wbxml, "name=\"充足状況\""));
	assert_non_null(strstr(wbxml, "name=\"一覧\""));
	free(wbxml);
	char *strings = zip_part("coverage.xlsx", "xl/sharedStrings.xml");
	assert_non_null(strstr(strings, "強制基準・推奨基準で規定（①②）（一部）"));
	assert_non_null(strstr(strings, "一部の事業者の内規のみ（④）：2事業者"));
	assert_non_null(strstr(strings, "operators-only"));
	assert_non_null(strstr(strings, "3.7 技術・脅威の動向等を踏まえた対策"));
	free(strings);
	for (int i = 1; i <= 2; i++) {
		char part[64];
		snprintf(part, sizeof part, "xl/worksheets/sheet%d.xml", i);
		char *sheet = zip_part("coverage.xlsx", part);
		assert_null(strstr(sheet, "<f>"));		/* never a formula */
		assert_non_null(strstr(sheet, "<pane "));	/* heads frozen */
		free(sheet);
	}

	assert_int_equal(kj_coverage_write_xlsx("no/such/dir/c.xlsx", &c, cat, &err), -1);
	assert_true(err.msg[0] != '\0');
	kj_coverage_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_validate_good),
		cmocka_unit_test(test_validate_english_headers_any_order),
		cmocka_unit_test(test_validate_bad_headers),
		cmocka_unit_test(test_validate_bad_rows),
		cmocka_unit_test(test_validate_many_faults_one_row),
		cmocka_unit_test(test_validate_only_sectors),
		cmocka_unit_test(test_validate_operator_rows),
		cmocka_unit_test(test_coverage_alloc_and_count),
		cmocka_unit_test(test_svg),
		cmocka_unit_test(test_svg_escapes_names),
		cmocka_unit_test(test_svg_refuses_mismatch),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_xlsx),
		cmocka_unit_test(test_req_parse),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
