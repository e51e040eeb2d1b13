/*
 * Unit tests of src/model/registry.c: the operator list read from the
 * fixture files in tests/unit/fixtures/registry (UTF-8, UTF-8 with BOM,
 * CP932, and the same rows as xlsx made here with libxlsxwriter) gives the
 * same records; each kind of bad row gives exactly one error naming its
 * row and column; lists with wrong columns are refused as a whole; a
 * 10,000-row list validates; and CSV and xlsx exports import again as the
 * same records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "helpers.h"
#include "base/buf.h"
#include "model/catalog.h"
#include "model/corpnum.h"
#include "model/registry.h"
#include "export/registry_out.h"

#define FIXTURES KJ_SOURCE_DIR "/tests/unit/fixtures/registry/"

static struct kj_catalog cat;

static int setup(void **state)
{
	(void)state;
	struct kj_err err;
	if (kj_catalog_load_embedded(&cat, &err) < 0) {
		fprintf(stderr, "catalog: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	kj_catalog_free(&cat);
	return 0;
}

/* --- helpers ------------------------------------------------------------------ */

static void read_table(const char *data, size_t len, struct kj_table *t)
{
	struct kj_err err = { "" };
	if (kj_table_read(t, data, len, &err) < 0)
		fail_msg("read: %s", err.msg);
}

static void read_fixture(const char *name, struct kj_table *t)
{
	size_t len;
	char *data = th_slurp(name, &len);
	if (!data)
		fail_msg("cannot read %s", name);
	read_table(data, len, t);
	free(data);
}

static void validate_ok(const struct kj_table *t, struct kj_import_result *res)
{
	struct kj_err err = { "" };
	if (kj_registry_validate(t, &cat, res, &err) < 0)
		fail_msg("validate: %s", err.msg);
}

/* Validates CSV text that must be refused as a whole with a message holding NEEDLE. */
static void expect_list_refused(const char *csv, const char *needle)
{
	struct kj_table t;
	struct kj_import_result res;
	struct kj_err err = { "" };
	read_table(csv, strlen(csv), &t);
	assert_int_equal(kj_registry_validate(&t, &cat, &res, &err), -1);
	if (!strstr(err.msg, needle))
		fail_msg("message [%s] lacks [%s]", err.msg, needle);
	assert_null(res.records);
	assert_null(res.errors);
	assert_int_equal(res.nrecords, 0);
	kj_table_free(&t);
}

static void expect_same_tables(const struct kj_table *a, const struct kj_table *b)
{
	assert_int_equal(a->nrows, b->nrows);
	for (int r = 0; r < a->nrows; r++) {
		assert_int_equal(a->ncols[r], b->ncols[r]);
		for (int c = 0; c < a->ncols[r]; c++)
			assert_string_equal(kj_table_cell(a, r, c), kj_table_cell(b, r, c));
	}
}

static void expect_same_records(const struct kj_import_result *a,
				const struct kj_import_result *b)
{
	assert_int_equal(a->nrecords, b->nrecords);
	for (int i = 0; i < a->nrecords; i++) {
		const struct kj_org_record *x = &a->records[i], *y = &b->records[i];
		assert_string_equal(x->corporate_number, y->corporate_number);
		assert_string_equal(x->name_ja, y->name_ja);
		assert_string_equal(x->name_kana, y->name_kana);
		assert_int_equal(x->nsectors, y->nsectors);
		for (int s = 0; s < x->nsectors; s++)
			assert_string_equal(x->sectors[s], y->sectors[s]);
		assert_string_equal(x->size_class, y->size_class);
		assert_int_equal(x->core_infra, y->core_infra);
		assert_int_equal(x->local_gov, y->local_gov);
		assert_int_equal(x->ceptoar_member, y->ceptoar_member);
		assert_int_equal(x->active, y->active);
		assert_string_equal(x->municipality_code, y->municipality_code);
		assert_string_equal(x->prefecture, y->prefecture);
		assert_string_equal(x->contact_name, y->contact_name);
		assert_string_equal(x->contact_email, y->contact_email);
		assert_string_equal(x->contact_phone, y->contact_phone);
	}
}

static void print_errors(const struct kj_import_result *res)
{
	int n = res->nerrors < KJ_IMPORT_ERRORS_MAX ? res->nerrors : KJ_IMPORT_ERRORS_MAX;
	for (int i = 0; i < n; i++)
		fprintf(stderr, "  row %d [%s] %s / %s\n", res->errors[i].row,
			res->errors[i].column, res->errors[i].reason_ja, res->errors[i].reason_en);
}

/* Writes the cells of T as strings into a workbook at PATH. */
static void table_to_xlsx(const struct kj_table *t, const char *path, int numbers)
{
	lxw_workbook *wb = workbook_new(path);
	assert_non_null(wb);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "事業者");
	for (int r = 0; r < t->nrows; r++)
		for (int c = 0; c < t->ncols[r]; c++) {
			const char *v = t->rows[r][c];
			/* Corporate numbers typed as numbers, as Excel would store them. */
			if (numbers && r > 0 && c == 0 && strspn(v, "0123456789") == 13)
				worksheet_write_number(ws, (lxw_row_t)r, 0, strtod(v, NULL), NULL);
			else if (*v)
				worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, v, NULL);
		}
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static void read_file_table(const char *path, struct kj_table *t)
{
	char *data;
	size_t len;
	struct kj_err err;
	if (kj_read_file(path, KJ_TABLE_FILE_MAX, &data, &len, &err) < 0)
		fail_msg("%s", err.msg);
	read_table(data, len, t);
	free(data);
}

/* A header with the Japanese columns, then ROWS. */
#define HEADER "法人番号,名称,名称カナ,分野,規模,基幹インフラ事業者,地方公共団体,団体コード," \
	"都道府県,セプター加盟,担当者,メール,電話,状態\r\n"

/* --- good files ------------------------------------------------------------------ */

static void test_good_records(void **state)
{
	(void)state;
	struct kj_table t;
	struct kj_import_result res;
	read_fixture(FIXTURES "good.csv", &t);
	validate_ok(&t, &res);
	if (res.nerrors)
		print_errors(&res);
	assert_int_equal(res.nerrors, 0);
	assert_int_equal(res.nrecords, 6);
	const struct kj_org_record *r = res.records;
	assert_string_equal(r[0].corporate_number, "9010401012345");
	assert_string_equal(r[0].name_ja, "東京テスト電力株式会社");
	assert_string_equal(r[0].name_kana, "トウキョウテストデンリョク");
	assert_int_equal(r[0].nsectors, 1);
	assert_string_equal(r[0].sectors[0], "electricity");
	assert_string_equal(r[0].size_class, "large");
	assert_true(r[0].core_infra && !r[0].local_gov && r[0].ceptoar_member && r[0].active);
	assert_string_equal(r[0].prefecture, "13");
	assert_string_equal(r[0].contact_name, "山田 太郎");
	assert_string_equal(r[0].contact_email, "yamada@example.jp");
	assert_string_equal(r[0].contact_phone, "03-1234-5678");

	assert_string_equal(r[1].name_ja, "千代田区");
	assert_int_equal(r[1].nsectors, 2);
	assert_string_equal(r[1].sectors[0], "government");
	assert_string_equal(r[1].sectors[1], "water");
	assert_string_equal(r[1].size_class, "medium");
	assert_true(!r[1].core_infra && r[1].local_gov && r[1].active);
	assert_string_equal(r[1].municipality_code, "131016");

	assert_string_equal(r[2].name_ja, "医療法人 \"さくら\"会, 本院");
	assert_string_equal(r[2].sectors[0], "medical");
	assert_string_equal(r[2].size_class, "small");
	assert_true(!r[2].core_infra && !r[2].local_gov && r[2].ceptoar_member);
	assert_string_equal(r[2].prefecture, "27");

	/* Full-width digits, three separators, English words. */
	assert_string_equal(r[3].corporate_number, "4012001034567");
	assert_int_equal(r[3].nsectors, 3);
	assert_string_equal(r[3].sectors[0], "logistics");
	assert_string_equal(r[3].sectors[1], "port");
	assert_string_equal(r[3].sectors[2], "postal");
	assert_string_equal(r[3].prefecture, "01");
	assert_string_equal(r[3].contact_phone, "011-222-3333");

	assert_string_equal(r[4].municipality_code, "271004");
	assert_true(r[4].core_infra && r[4].local_gov && !r[4].ceptoar_member);

	assert_string_equal(r[5].prefecture, "14");
	assert_int_equal(r[5].nsectors, 2);
	assert_string_equal(r[5].sectors[1], "credit");
	assert_false(r[5].active);
	kj_import_result_free(&res);
	kj_table_free(&t);
}

static void test_good_encodings(void **state)
{
	(void)state;
	static const char *const files[] = { "good_bom.csv", "good_cp932.csv" };
	static const enum kj_table_encoding encs[] = { KJ_ENC_UTF8_BOM, KJ_ENC_CP932 };
	struct kj_table base, t;
	struct kj_import_result want, got;
	read_fixture(FIXTURES "good.csv", &base);
	assert_int_equal(base.encoding, KJ_ENC_UTF8);
	validate_ok(&base, &want);
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char path[512];
		snprintf(path, sizeof path, FIXTURES "%s", files[i]);
		read_fixture(path, &t);
		assert_int_equal(t.encoding, encs[i]);
		expect_same_tables(&base, &t);
		validate_ok(&t, &got);
		assert_int_equal(got.nerrors, 0);
		expect_same_records(&want, &got);
		kj_import_result_free(&got);
		kj_table_free(&t);
	}
	/* The same cells in a workbook, as strings and with numbers. */
	for (int numbers = 0; numbers <= 1; numbers++) {
		table_to_xlsx(&base, "good.xlsx", numbers);
		read_file_table("good.xlsx", &t);
		assert_int_equal(t.encoding, KJ_ENC_XLSX);
		expect_same_tables(&base, &t);
		validate_ok(&t, &got);
		assert_int_equal(got.nerrors, 0);
		expect_same_records(&want, &got);
		kj_import_result_free(&got);
		kj_table_free(&t);
	}
	kj_import_result_free(&want);
	kj_table_free(&base);
}

static void test_english_headers_any_order(void **state)
{
	(void)state;
	const char *csv =
		"Status, PREFECTURE ,name,corporate_number,sectors,size_class,local_government,"
		"municipality_code\n"
		"retired,Osaka,大阪市,6000020271004,government,large,yes,271004\n"
		"  ,東京,港区,8000020131016,行政サービス,大規模,TRUE,131016\n"
		"\n"
		"active,1,札幌市,9000020011002,水道；行政サービス,中規模,○,011002\n";
	struct kj_table t;
	struct kj_import_result res;
	read_table(csv, strlen(csv), &t);
	validate_ok(&t, &res);
	if (res.nerrors)
		print_errors(&res);
	assert_int_equal(res.nerrors, 0);
	assert_int_equal(res.nrecords, 3);
	assert_false(res.records[0].active);
	assert_string_equal(res.records[0].prefecture, "27");
	assert_string_equal(res.records[1].prefecture, "13");
	assert_true(res.records[1].active);
	assert_string_equal(res.records[2].prefecture, "01");
	assert_string_equal(res.records[2].sectors[0], "water");
	/* Absent optional columns take their defaults. */
	assert_string_equal(res.records[2].name_kana, "");
	assert_false(res.records[2].core_infra);
	assert_false(res.records[2].ceptoar_member);
	kj_import_result_free(&res);
	kj_table_free(&t);
}

/* --- bad rows ---------------------------------------------------------------------- */

struct want_error {
	int row;
	const char *column;
	const char *reason;	/* a part of reason_ja */
};

static void expect_errors(const struct kj_import_result *res, const struct want_error *w,
			  int n)
{
	if (res->nerrors != n) {
		print_errors(res);
		fail_msg("%d errors, want %d", res->nerrors, n);
	}
	for (int i = 0; i < n; i++) {
		const struct kj_row_error *e = &res->errors[i];
		if (e->row != w[i].row || strcmp(e->column, w[i].column) ||
		    !strstr(e->reason_ja, w[i].reason) || !e->reason_en[0])
			fail_msg("error %d: row %d [%s] %s / %s; want row %d [%s] ...%s...", i,
				 e->row, e->column, e->reason_ja, e->reason_en, w[i].row,
				 w[i].column, w[i].reason);
	}
}

static void test_bad_rows_fixture(void **state)
{
	(void)state;
	static const struct want_error want[] = {
		{ 3, "法人番号", "法人番号のチェックディジットが正しくありません" },
		{ 4, "名称", "名称がありません" },
		{ 5, "分野", "分野「原子力」" },
		{ 6, "規模", "規模は" },
		{ 7, "都道府県", "都道府県「99」" },
		{ 8, "団体コード", "地方公共団体にだけ" },
		{ 9, "団体コード", "団体コード（6桁）が必要です" },
		{ 10, "団体コード", "団体コードのチェックディジット" },
		{ 11, "団体コード", "上2桁（13）が都道府県（27）と一致しません" },
		{ 12, "メール", "メールアドレスの形式" },
		{ 13, "名称", "数式として解釈される文字" },
		{ 14, "法人番号", "2行目と重複しています" },
	};
	struct kj_table t;
	struct kj_import_result res;
	read_fixture(FIXTURES "bad_rows.csv", &t);
	validate_ok(&t, &res);
	expect_errors(&res, want, (int)(sizeof want / sizeof want[0]));
	/* Only the good row is a record. */
	assert_int_equal(res.nrecords, 1);
	assert_string_equal(res.records[0].corporate_number, "3010001056789");
	kj_import_result_free(&res);
	kj_table_free(&t);
}

/* One bad row after a good one: exactly one error, on row 3, in COLUMN. */
static void expect_one_error(const char *row, const char *column, const char *reason)
{
	struct kj_buf b;
	kj_buf_init(&b, 1u << 16);
	kj_buf_adds(&b, HEADER "3010001056789,良い株式会社,,電力,大規模,,,,東京都,,,,,\r\n");
	kj_buf_adds(&b, row);
	struct kj_table t;
	struct kj_import_result res;
	read_table(b.data, b.len, &t);
	validate_ok(&t, &res);
	struct want_error w = { 3, column, reason };
	expect_errors(&res, &w, 1);
	assert_int_equal(res.nrecords, 1);
	kj_import_result_free(&res);
	kj_table_free(&t);
	kj_buf_free(&b);
}

static void test_bad_cells(void **state)
{
	(void)state;
	expect_one_error("301000105678,a,,電力,大規模,,,,東京都,,,,,", "法人番号", "13桁の数字");
	expect_one_error("30100010567８9x,a,,電力,大規模,,,,東京都,,,,,", "法人番号", "13桁の数字");
	expect_one_error(",a,,電力,大規模,,,,東京都,,,,,", "法人番号", "法人番号がありません");
	expect_one_error("4070001078901,　 ,,電力,大規模,,,,東京都,,,,,", "名称", "名称がありません");
	expect_one_error("4070001078901,+1,,電力,大規模,,,,東京都,,,,,", "名称", "数式");
	expect_one_error("4070001078901, -1,,電力,大規模,,,,東京都,,,,,", "名称", "数式");
	expect_one_error("4070001078901,a,@x,電力,大規模,,,,東京都,,,,,", "名称カナ", "数式");
	expect_one_error("4070001078901,a,,電力,大規模,,,,東京都,,=cmd|' /C calc'!A0,,,",
			 "担当者", "数式");
	expect_one_error("4070001078901,a,,電力,大規模,,,,東京都,,,,+81-3-1234-5678,",
			 "電話", "数式");
	expect_one_error("4070001078901,a,,電力,大規模,,,,東京都,,,=x@example.jp,,",
			 "メール", "数式");
	expect_one_error("4070001078901,\"a\nb\",,電力,大規模,,,,東京都,,,,,", "名称", "改行");
	expect_one_error("4070001078901,a,,電力,大規模,,,,東京都,,,,03-1234-567x,", "電話",
			 "電話番号");
	expect_one_error("4070001078901,a,,電力,大規模,,,,東京都,,,,,休止", "状態", "状態は");
	expect_one_error("4070001078901,a,,電力,大規模,たぶん,,,東京都,,,,,",
			 "基幹インフラ事業者", "「はい」か「いいえ」");
	expect_one_error("4070001078901,a,,電力,大規模,,,,東京都,maybe,,,,", "セプター加盟",
			 "「はい」か「いいえ」");
	expect_one_error("4070001078901,a,,,大規模,,,,東京都,,,,,", "分野", "分野がありません");
	expect_one_error("4070001078901,a,, ; 、 ,大規模,,,,東京都,,,,,", "分野", "分野がありません");
	expect_one_error("4070001078901,a,,\"電力\n原子力\",大規模,,,,東京都,,,,,", "分野",
			 "分野「原子力」");
	expect_one_error("4070001078901,a,,電力;ガス;水道;石油;化学,大規模,,,,東京都,,,,,", "分野",
			 "4つまで");
	expect_one_error("4070001078901,a,,電力,,,,,東京都,,,,,", "規模", "規模がありません");
	expect_one_error("4070001078901,a,,電力,大規模,,,,,,,,,", "都道府県", "都道府県がありません");
	expect_one_error("4070001078901,a,,電力,大規模,,,,48,,,,,", "都道府県", "「48」");
	expect_one_error("4070001078901,a,,電力,大規模,,はい,13101,東京都,,,,,", "団体コード",
			 "6桁の数字");
	expect_one_error("4070001078901,a,,電力,大規模,,yes?,131016,東京都,,,,,", "地方公共団体",
			 "「はい」か「いいえ」");
	expect_one_error("4070001078901,a,,電力,大規模,,,,東京都,,,a b@example.jp,,", "メール",
			 "形式");
	expect_one_error("4070001078901,a,,電力,大規模,,,,東京都,,,example.jp,,", "メール", "形式");
	/* 201 bytes: one over the limit. */
	char row[1024];
	char name[KJ_ORG_NAME_MAX + 2];
	memset(name, 'n', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	snprintf(row, sizeof row, "4070001078901,%s,,電力,大規模,,,,東京都,,,,,", name);
	expect_one_error(row, "名称", "名称が長すぎます（200バイトまで");
	/* Duplicates: each after the first names the first. */
	expect_one_error("3010001056789,b,,電力,大規模,,,,東京都,,,,,", "法人番号", "2行目と重複");
	/* A city needs its code even when its name ends like a union's. */
	expect_one_error("4070001078901,組合市,,行政サービス,大規模,,はい,,東京都,,,,,",
			 "団体コード", "団体コード（6桁）が必要です");
}

/* A union of local governments (企業団, 広域連合, 組合) may have no 団体コード. */
static void test_special_local_bodies(void **state)
{
	(void)state;
	static const char *const names[] = {
		"白樺広域水道企業団", "青葉地区衛生組合", "若葉水道広域連合", "松原財産区",
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct kj_buf b;
		char row[256];
		kj_buf_init(&b, 1u << 16);
		kj_buf_adds(&b, HEADER);
		snprintf(row, sizeof row, "4070001078901,%s,,水道,中規模,,はい,,福島県,,,,,\r\n",
			 names[i]);
		kj_buf_adds(&b, row);
		struct kj_table t;
		struct kj_import_result res;
		read_table(b.data, b.len, &t);
		validate_ok(&t, &res);
		if (res.nerrors) {
			print_errors(&res);
			fail_msg("%s refused", names[i]);
		}
		assert_int_equal(res.nrecords, 1);
		assert_int_equal(res.records[0].local_gov, 1);
		assert_string_equal(res.records[0].municipality_code, "");
		kj_import_result_free(&res);
		kj_table_free(&t);
		kj_buf_free(&b);
	}
}

static void test_duplicates_and_blank_rows(void **state)
{
	(void)state;
	const char *csv = HEADER
		"3010001056789,a,,電力,大規模,,,,東京都,,,,,\r\n"
		",,,,,,,,,,,,,\r\n"
		"　,  ,\t,,,,,,,,,,,\r\n"
		"３０１０００１０５６７８９,b,,電力,大規模,,,,東京都,,,,,\r\n"
		"3010001056789,c,,電力,大規模,,,,東京都,,,,,\r\n";
	static const struct want_error want[] = {
		{ 5, "法人番号", "2行目と重複" },
		{ 6, "法人番号", "2行目と重複" },
	};
	struct kj_table t;
	struct kj_import_result res;
	read_table(csv, strlen(csv), &t);
	validate_ok(&t, &res);
	expect_errors(&res, want, 2);
	assert_int_equal(res.nrecords, 1);
	kj_import_result_free(&res);
	kj_table_free(&t);
}

static void test_wrong_columns(void **state)
{
	(void)state;
	expect_list_refused(HEADER, "データ行がありません");
	expect_list_refused(HEADER "\r\n,,,\r\n", "データ行がありません");
	expect_list_refused("法人番号,名称,住所,分野,規模,都道府県\n1,a,b,c,d,e\n",
			    "1行目: 列「住所」は事業者一覧の列ではありません");
	expect_list_refused("法人番号,名称,都道府県\n1,a,b\n",
			    "必須の列がありません: 分野、規模 / required columns are missing: "
			    "sectors, size_class");
	expect_list_refused("法人番号,名称,分野,規模,都道府県,name\n1,a,b,c,d,e\n",
			    "列「name」が2回あります");
	expect_list_refused("法人番号,名称,,分野,規模,都道府県\n1,a,x,c,d,e\n",
			    "3列目に見出しがありませんが、2行目に値があります");
	expect_list_refused("法人番号,名称,分野,規模,都道府県\n1,a,b,c,d,e\n",
			    "6列目に見出しがありませんが、2行目に値があります");
	/* An empty column without a header is fine. */
	const char *ok = "\n法人番号,名称,,分野,規模,都道府県\n3010001056789,a,,電力,大,13\n";
	struct kj_table t;
	struct kj_import_result res;
	read_table(ok, strlen(ok), &t);
	validate_ok(&t, &res);
	assert_int_equal(res.nerrors, 0);
	assert_int_equal(res.nrecords, 1);
	kj_import_result_free(&res);
	kj_table_free(&t);
}

static void test_unreadable_files(void **state)
{
	(void)state;
	/* What never becomes a table: kj_table_read refuses it before validation. */
	struct kj_table t;
	struct kj_err err;
	assert_int_equal(kj_table_read(&t, "", 0, &err), -1);
	assert_int_equal(kj_table_read(&t, "\x89PNG\r\n\x1a\n\0\0", 10, &err), -1);
	struct kj_buf b;
	kj_buf_init(&b, 4096);
	for (int i = 1; i <= 70; i++)
		kj_buf_printf(&b, "%s列%d", i > 1 ? "," : "", i);
	assert_int_equal(kj_table_read(&t, b.data, b.len, &err), -1);
	assert_non_null(strstr(err.msg, "列が多すぎます"));
	kj_buf_free(&b);
	size_t big = KJ_TABLE_FILE_MAX + 100u;
	char *huge = malloc(big);
	assert_non_null(huge);
	memcpy(huge, HEADER, strlen(HEADER));
	memset(huge + strlen(HEADER), 'x', big - strlen(HEADER));
	assert_int_equal(kj_table_read(&t, huge, big, &err), -1);
	assert_non_null(strstr(err.msg, "大きすぎます"));
	free(huge);
}

static void test_hand_built_table(void **state)
{
	(void)state;
	/* As a web form builds one: cells of any length, NULL for absent. */
	static const char *const h[] = { "corporate_number", "name", "sectors", "size_class",
					 "prefecture", "contact_name" };
	static const char *const v[] = { "3010001056789", "良い株式会社", "電力", "大規模",
					 "東京都", NULL };
	char *hdr[6], *row[6];
	for (int i = 0; i < 6; i++) {
		hdr[i] = (char *)h[i];
		row[i] = (char *)v[i];
	}
	char **rows[2] = { hdr, row };
	int ncols[2] = { 6, 6 };
	struct kj_table t = { .rows = rows, .ncols = ncols, .nrows = 2,
			      .encoding = KJ_ENC_UTF8 };
	struct kj_import_result res;
	validate_ok(&t, &res);
	assert_int_equal(res.nerrors, 0);
	assert_int_equal(res.nrecords, 1);
	assert_string_equal(res.records[0].contact_name, "");
	kj_import_result_free(&res);
	/* A cell longer than a table read from a file can hold is refused, not copied. */
	char *big = malloc(KJ_TABLE_CELL_MAX + 2);
	assert_non_null(big);
	memset(big, 'x', KJ_TABLE_CELL_MAX + 1);
	big[KJ_TABLE_CELL_MAX + 1] = '\0';
	row[1] = big;
	struct kj_err err = { "" };
	assert_int_equal(kj_registry_validate(&t, &cat, &res, &err), -1);
	assert_non_null(strstr(err.msg, "2行目 2列目: セルの内容が長すぎます"));
	free(big);
}

/* N generated rows, every one valid, as CSV text. */
static char *many_rows(int n, size_t *len)
{
	struct kj_buf b;
	kj_buf_init(&b, 1u << 24);
	kj_buf_adds(&b, HEADER);
	static const char *const sectors[] = { "電力", "金融;credit", "水道、行政サービス", "医療" };
	for (int i = 0; i < n; i++) {
		char base[13], num[14];
		snprintf(base, sizeof base, "%012d", 100000000 + i);
		snprintf(num, sizeof num, "%d%s", kj_corpnum_check_digit(base), base);
		kj_buf_printf(&b, "%s,テスト事業者%d株式会社,テストジギョウシャ,%s,%s,%s,いいえ,,%02d,"
			      "はい,担当 %d,user%d@example.jp,03-0000-%04d,有効\r\n", num, i,
			      sectors[i % 4], i % 3 ? "中規模" : "大規模", i % 2 ? "はい" : "いいえ",
			      1 + i % 47, i, i, i % 10000);
	}
	*len = b.len;
	return kj_buf_detach(&b);
}

static void test_ten_thousand_rows(void **state)
{
	(void)state;
	size_t len;
	char *csv = many_rows(10000, &len);
	struct kj_table t;
	struct kj_import_result res;
	read_table(csv, len, &t);
	free(csv);
	assert_int_equal(t.nrows, 10001);
	validate_ok(&t, &res);
	if (res.nerrors)
		print_errors(&res);
	assert_int_equal(res.nerrors, 0);
	assert_int_equal(res.nrecords, 10000);
	assert_string_equal(res.records[9999].prefecture, "36");
	kj_import_result_free(&res);
	kj_table_free(&t);
}

static void test_error_cap(void **state)
{
	(void)state;
	struct kj_buf b;
	kj_buf_init(&b, 1u << 20);
	kj_buf_adds(&b, HEADER);
	for (int i = 0; i < 1500; i++)
		kj_buf_adds(&b, "1,a,,電力,大規模,,,,東京都,,,,,\r\n");
	struct kj_table t;
	struct kj_import_result res;
	read_table(b.data, b.len, &t);
	kj_buf_free(&b);
	validate_ok(&t, &res);
	/* All are counted; the first KJ_IMPORT_ERRORS_MAX are reported. */
	assert_int_equal(res.nerrors, 1500);
	assert_int_equal(res.nrecords, 0);
	assert_int_equal(res.errors[KJ_IMPORT_ERRORS_MAX - 1].row, KJ_IMPORT_ERRORS_MAX + 1);
	kj_import_result_free(&res);
	kj_table_free(&t);
}

/* The responsible ministries: names or codes, each holding one of the sectors. */
static void test_ministries_column(void **state)
{
	(void)state;
	const char *csv = "法人番号,名称,分野,規模,都道府県,所管省庁\r\n"
		"8000020131016,千代田区,行政サービス,中規模,東京都,総務省・mhlw・総務省\r\n"
		"3010001056789,水道株式会社,水道,大規模,東京都,\r\n";
	struct kj_table t;
	struct kj_import_result res;
	read_table(csv, strlen(csv), &t);
	validate_ok(&t, &res);
	assert_int_equal(res.nerrors, 0);
	assert_int_equal(res.nrecords, 2);
	assert_int_equal(res.records[0].ministries_given, 1);
	assert_int_equal(res.records[0].nministries, 2);	/* the repeat dropped */
	assert_string_equal(res.records[0].ministries[0], "mic");
	assert_string_equal(res.records[0].ministries[1], "mhlw");
	assert_int_equal(res.records[1].ministries_given, 1);
	assert_int_equal(res.records[1].nministries, 0);
	/* Exported by name, and read back the same. */
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	assert_int_equal(kj_registry_write_csv(f, res.records, res.nrecords, &cat), 0);
	fclose(f);
	assert_non_null(strstr(out, "\"総務省、厚生労働省\"\r\n"));
	free(out);
	kj_import_result_free(&res);
	kj_table_free(&t);

	/* A file without the column: the record says so, and keeps none. */
	const char *old = HEADER "3010001056789,良い株式会社,,電力,大規模,,,,東京都,,,,,\r\n";
	read_table(old, strlen(old), &t);
	validate_ok(&t, &res);
	assert_int_equal(res.nrecords, 1);
	assert_int_equal(res.records[0].ministries_given, 0);
	kj_import_result_free(&res);
	kj_table_free(&t);

	/* An unknown ministry, and one that holds none of the sectors. */
	const char *bad = "法人番号,名称,分野,規模,都道府県,所管省庁\r\n"
		"3010001056789,電力株式会社,電力,大規模,東京都,防衛省\r\n"
		"8000020131016,千代田区,行政サービス,中規模,東京都,\r\n"
		"4070001078901,病院,医療,大規模,東京都,環境省\r\n";
	read_table(bad, strlen(bad), &t);
	validate_ok(&t, &res);
	struct want_error w[] = {
		{ 2, "所管省庁", "重要インフラ所管省庁にありません" },
		{ 4, "所管省庁", "この事業者の分野を所管していません" },
	};
	expect_errors(&res, w, 2);
	assert_int_equal(res.nrecords, 1);
	kj_import_result_free(&res);
	kj_table_free(&t);
}

/* --- export and round trips ----------------------------------------------------------- */

static void test_roundtrip_csv(void **state)
{
	(void)state;
	struct kj_table t;
	struct kj_import_result want, got;
	read_fixture(FIXTURES "good.csv", &t);
	validate_ok(&t, &want);
	kj_table_free(&t);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	assert_non_null(f);
	assert_int_equal(kj_registry_write_csv(f, want.records, want.nrecords, &cat), 0);
	assert_int_equal(fclose(f), 0);
	/* The form Excel in Japan opens: BOM, Japanese headers, CRLF. */
	const char *head = "\xef\xbb\xbf\"法人番号\",\"名称\",\"名称カナ\",\"分野\",\"規模\","
			   "\"基幹インフラ事業者\",\"地方公共団体\",\"団体コード\",\"都道府県\","
			   "\"セプター加盟\",\"担当者\",\"メール\",\"電話\",\"状態\",\"所管省庁\"\r\n";
	assert_true(len > strlen(head));
	assert_memory_equal(out, head, strlen(head));
	assert_non_null(strstr(out, "\"8000020131016\",\"千代田区\",\"チヨダク\","
				    "\"行政サービス、水道\",\"中規模\",\"いいえ\",\"はい\","
				    "\"131016\",\"東京都\",\"はい\""));
	assert_non_null(strstr(out, "\"小規模・地域\""));
	assert_non_null(strstr(out, "\"廃止\",\"\"\r\n"));
	read_table(out, len, &t);
	assert_int_equal(t.encoding, KJ_ENC_UTF8_BOM);
	validate_ok(&t, &got);
	assert_int_equal(got.nerrors, 0);
	expect_same_records(&want, &got);

	/* Exporting the imported export gives the same bytes. */
	char *again = NULL;
	size_t len2 = 0;
	f = open_memstream(&again, &len2);
	assert_int_equal(kj_registry_write_csv(f, got.records, got.nrecords, &cat), 0);
	fclose(f);
	assert_int_equal(len2, len);
	assert_memory_equal(again, out, len);
	free(again);
	free(out);
	kj_import_result_free(&got);
	kj_table_free(&t);
	kj_import_result_free(&want);
}

static void test_roundtrip_xlsx(void **state)
{
	(void)state;
	struct kj_table t;
	struct kj_import_result want, got;
	struct kj_err err = { "" };
	size_t len;
	char *csv = many_rows(500, &len);
	read_table(csv, len, &t);
	free(csv);
	validate_ok(&t, &want);
	kj_table_free(&t);
	read_fixture(FIXTURES "good.csv", &t);
	struct kj_import_result good;
	validate_ok(&t, &good);
	kj_table_free(&t);
	for (int pass = 0; pass < 2; pass++) {
		const struct kj_import_result *src = pass ? &good : &want;
		if (kj_registry_write_xlsx("export.xlsx", src->records, src->nrecords, &cat,
					   &err) < 0)
			fail_msg("%s", err.msg);
		read_file_table("export.xlsx", &t);
		assert_int_equal(t.encoding, KJ_ENC_XLSX);
		assert_string_equal(kj_table_cell(&t, 0, 0), "法人番号");
		assert_string_equal(kj_table_cell(&t, 0, 13), "状態");
		validate_ok(&t, &got);
		assert_int_equal(got.nerrors, 0);
		expect_same_records(src, &got);
		kj_import_result_free(&got);
		kj_table_free(&t);
	}
	/* No file for a path that cannot be written. */
	assert_int_equal(kj_registry_write_xlsx("no/such/dir/x.xlsx", good.records,
						good.nrecords, &cat, &err), -1);
	assert_true(err.msg[0] != '\0');
	kj_import_result_free(&good);
	kj_import_result_free(&want);
}

static void test_export_never_writes_formulas(void **state)
{
	(void)state;
	/* Records that did not come through validation still export inert. */
	struct kj_org_record r;
	memset(&r, 0, sizeof r);
	kj_strlcpy(r.corporate_number, "3010001056789", sizeof r.corporate_number);
	kj_strlcpy(r.name_ja, "=HYPERLINK(\"http://x\",\"y\")", sizeof r.name_ja);
	kj_strlcpy(r.contact_name, "@SUM(A1)", sizeof r.contact_name);
	kj_strlcpy(r.sectors[0], "electricity", sizeof r.sectors[0]);
	r.nsectors = 1;
	kj_strlcpy(r.size_class, "large", sizeof r.size_class);
	kj_strlcpy(r.prefecture, "13", sizeof r.prefecture);
	r.active = 1;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	assert_int_equal(kj_registry_write_csv(f, &r, 1, &cat), 0);
	fclose(f);
	assert_non_null(strstr(out, "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""));
	assert_non_null(strstr(out, "\"'@SUM(A1)\""));
	free(out);

	struct kj_err err;
	assert_int_equal(kj_registry_write_xlsx("formula.xlsx", &r, 1, &cat, &err), 0);
	struct kj_table t;
	read_file_table("formula.xlsx", &t);
	/* Read back as the text it is: a string cell, never a formula. */
	assert_string_equal(kj_table_cell(&t, 1, 1), "=HYPERLINK(\"http://x\",\"y\")");
	struct kj_import_result res;
	validate_ok(&t, &res);
	assert_int_equal(res.nerrors, 2);
	assert_string_equal(res.errors[0].column, "名称");
	assert_string_equal(res.errors[1].column, "担当者");
	kj_import_result_free(&res);
	kj_table_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_records),
		cmocka_unit_test(test_good_encodings),
		cmocka_unit_test(test_english_headers_any_order),
		cmocka_unit_test(test_bad_rows_fixture),
		cmocka_unit_test(test_bad_cells),
		cmocka_unit_test(test_special_local_bodies),
		cmocka_unit_test(test_duplicates_and_blank_rows),
		cmocka_unit_test(test_wrong_columns),
		cmocka_unit_test(test_unreadable_files),
		cmocka_unit_test(test_hand_built_table),
		cmocka_unit_test(test_ten_thousand_rows),
		cmocka_unit_test(test_error_cap),
		cmocka_unit_test(test_ministries_column),
		cmocka_unit_test(test_roundtrip_csv),
		cmocka_unit_test(test_roundtrip_xlsx),
		cmocka_unit_test(test_export_never_writes_formulas),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
